"""The public model: the store's public-safe tables turned into what the pages show (pure:
frames in, `Snapshot` out; the cache that rebuilds it per sync is web/data.py).

Only the aggregate tables in PUBLIC_TABLES are read, never `results`, `results_periodic`,
`employees`, `indicators` or `issues`, which hold personal data. Suppression is applied here,
once, with the rules of web/disclosure.py:

- An IKM is judged on its own period — a quarter or year on its pooled responses (ikm_periodic),
  never on its last month — and published beside a smaller unit or month it would let one
  estimate by subtraction (SKM answers are anonymous, docs/scoring.md §4). Every other IKM says
  why (`ikm_status`): SMALL_SAMPLE with its number of responses ("sampel kurang (n = 12, minimal
  20)"), NO_RESPONDENTS (an agency surveyed in other periods), NOT_SURVEYED (no response for the
  agency in any period). The number of responses is always public.
- An agency's average Nilai Akhir and predikat distribution: SMALL_GROUP when too few were
  scored; within a shown distribution small cells and their partners read None (SMALL_CELLS); a
  change since the previous period only when both are published. A partner cell reads exactly
  like a small one.
- No city totals of suppressed quantities are built anywhere.
- Complaint category labels that are not plain, recurring categories are counted under 'Lainnya'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from config.contract import MONTH, QUARTER, YEAR, period_kind, quarter_of
from scoring.rounding import round_half_up
from scoring.sample import RULE_KREJCIE_MORGAN, minimum_text
from scoring.vocabulary import (
    AGENCY_LEVEL,
    AGENCY_UNIT_PREFIX,
    NRR_COLUMNS,
    PREDIKAT_COLUMNS,
    SERVICE_UNIT_LEVEL,
    SERVICE_UNIT_PREFIX,
)
from sync.store.schema import column_names
from web.city import CityPeriod, city_periods
from web.disclosure import (
    DEFAULT_MIN_CELL,
    NO_RESPONDENTS,
    NOT_SCORED,
    NOT_SURVEYED,
    PUBLISHED,
    SMALL_CELLS,
    ikm_note,
    ikm_publishable,
    ikm_states,
    kinerja_disclosure,
    kinerja_note,
    public_category_labels,
)
from web.skm_profile import public_profiles

PUBLIC_TABLES = (
    "agencies",
    "agency_summary",
    "agency_periodic",
    "ikm",
    "ikm_periodic",
    "complaints",
    "complaint_categories",
    "respondent_profile",
    "sample_adequacy",
)
KINDS = (MONTH, QUARTER, YEAR)
TREND_MONTHS = 12


# ---- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ikm:
    """A publishable IKM: value, mutu, respondents and the nine NRRs (U1..U9)."""

    value: float
    mutu: str
    mutu_label: str
    respondents: int
    nrr: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class AgencyPeriod:
    """What the public may see of one agency in one period. None = not shown, and the status
    fields say why. `predikat` is None when the whole distribution is hidden; a cell in it is None
    when that cell is hidden for privacy (`protect_predikat`)."""

    code: str
    name: str
    period: str
    kind: str
    ikm: Ikm | None
    ikm_change: float | None
    scored: int
    predikat: dict[str, int] | None
    avg_na: float | None
    na_change: float | None
    complaints_received: int
    complaints_in_limit: float | None  # share of received resolved within the limit
    months: int | None = None  # quarter / year: months the scores rest on
    respondents: int = 0  # SKM responses behind the IKM, published or not (answers are anonymous)
    ikm_status: str = PUBLISHED  # why `ikm` is None: SMALL_SAMPLE, NO_RESPONDENTS or NOT_SURVEYED
    ikm_note: str = ""  # the same for the page: 'sampel kurang (n = 12, minimal 20)'
    kinerja_status: str = PUBLISHED  # NOT_SCORED, SMALL_GROUP, or SMALL_CELLS (some predikat cells None)
    kinerja_note: str = ""  # why avg_na and the whole distribution are hidden, for the page
    # The minimum sample the IKM was judged by (scoring.sample: Krejcie–Morgan from `population`,
    # else min_responses); None when the agency has no IKM row in the period.
    min_sample: int | None = None
    population: int | None = None


@dataclass(frozen=True)
class UnitPeriod:
    """One service unit in one period; `flagged`: a quarter whose IKM fell `ikm_drop_points` or
    more against the previous quarter (both published)."""

    unit_id: str
    agency: str
    name: str
    period: str
    kind: str
    ikm: Ikm | None
    ikm_change: float | None
    flagged: bool = False
    respondents: int = 0
    status: str = PUBLISHED  # or SMALL_SAMPLE (a unit appears only in periods with responses)
    note: str = ""
    min_sample: int | None = None  # the minimum it was judged by (AgencyPeriod.min_sample)
    population: int | None = None


@dataclass(frozen=True)
class Unit:
    """A service unit of an agency and its periods (only those with responses)."""

    unit_id: str
    name: str
    periods: dict[str, UnitPeriod]

    def at(self, period: str | None) -> UnitPeriod | None:
        return self.periods.get(period) if period else None


@dataclass(frozen=True)
class Snapshot:
    """The whole public model for one `last_sync`."""

    last_sync: str | None
    periods: tuple[str, ...]  # months, then quarters, then years, each ascending
    rows: dict[str, tuple[AgencyPeriod, ...]]  # period -> agencies in display order
    agencies: tuple[tuple[str, str], ...] = ()  # (code, name) in display order
    # agency -> its IKM series: the pooled agency one ('opd:<CODE>') first, then its units by name
    series: dict[str, tuple[Unit, ...]] = field(default_factory=dict)
    categories: dict[str, dict[str, tuple[tuple[str, int], ...]]] = field(default_factory=dict)
    rules: tuple[str, str] | None = None  # (rules_id, rules_name) of the latest published month
    min_responses: int = 0  # the thresholds the snapshot was built with (the open data states them)
    min_group_size: int = 0
    min_cell: int = 0
    city: dict[str, CityPeriod] = field(default_factory=dict)  # period -> pooled city figures (web/city.py)
    profiles: dict = field(default_factory=dict)  # agency -> period -> respondent profile (web/skm_profile.py)

    @cached_property
    def _by_kind(self) -> dict[str | None, tuple[str, ...]]:
        # Every page view asks for these: computed once per snapshot, not per request.
        return {kind: tuple(p for p in self.periods if period_kind(p) == kind) for kind in KINDS}

    def of_kind(self, kind: str | None) -> tuple[str, ...]:
        return self._by_kind.get(kind, ())

    @property
    def months(self) -> tuple[str, ...]:
        return self.of_kind(MONTH)

    @cached_property
    def latest(self) -> str | None:
        """The latest month (the default period), else the latest quarter or year."""
        for kind in KINDS:
            found = self.of_kind(kind)
            if found:
                return found[-1]
        return None

    def agencies_in(self, period: str | None) -> tuple[AgencyPeriod, ...]:
        return self.rows.get(period, ()) if period else ()

    def agency(self, code: str, period: str | None) -> AgencyPeriod | None:
        return next((row for row in self.agencies_in(period) if row.code == code), None)

    def units_of(self, code: str) -> tuple[Unit, ...]:
        """The agency's service units (not its pooled series), by name."""
        return tuple(u for u in self.series.get(code, ()) if not u.unit_id.startswith(AGENCY_UNIT_PREFIX))

    def agency_name(self, code: str) -> str | None:
        return dict(self.agencies).get(code)

    @cached_property
    def _codes(self) -> dict[str, str]:
        return {code.casefold(): code for code, _name in self.agencies}

    def agency_code(self, code: str) -> str | None:
        """The agency's code as configured, matched regardless of case ('dpmptsp' -> 'DPMPTSP')."""
        return code if code in dict(self.agencies) else self._codes.get(code.casefold())

    def trend_months(self, count: int = TREND_MONTHS, end: str | None = None) -> tuple[str, ...]:
        """The last `count` calendar months up to `end` (default: the latest), gaps included."""
        months = self.months
        if not months:
            return ()
        out = [end or months[-1]]
        while len(out) < count:
            out.append(previous_period(out[-1]))
        return tuple(reversed(out))

    def months_in(self, period: str) -> tuple[str, ...]:
        """The months of this snapshot that a quarter or year covers (a month: itself)."""
        kind = period_kind(period)
        if kind == QUARTER:
            return tuple(m for m in self.months if quarter_of(m) == period)
        if kind == YEAR:
            return tuple(m for m in self.months if m[:4] == period)
        return (period,) if period in self.months else ()


# ---- period keys -----------------------------------------------------------------------------


def previous_period(period: str) -> str | None:
    """The period of the same kind just before: '2026-01' -> '2025-12', '2026-Q1' -> '2025-Q4',
    '2026' -> '2025'; None for anything else."""
    text = str(period)
    kind = period_kind(text)
    if kind == MONTH:
        year, month = int(text[:4]), int(text[5:7])
        return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"
    if kind == QUARTER:
        year, quarter = int(text[:4]), int(text[6])
        return f"{year - 1:04d}-Q4" if quarter == 1 else f"{year:04d}-Q{quarter - 1}"
    if kind == YEAR:
        return f"{int(text) - 1:04d}"
    return None


def _kinds(periods: pd.Series) -> pd.Series:
    """period_kind of every key (computed once per distinct key)."""
    keys = periods.astype(str)
    return keys.map({p: period_kind(p) for p in keys.unique()})


def _of_kind(frame: pd.DataFrame, kinds: set[str]) -> pd.DataFrame:
    """The rows whose period is of one of `kinds`, with a `kind` column and `period` as str."""
    if frame.empty:
        return frame.assign(kind=pd.Series([], dtype=object))
    frame = frame.assign(period=frame["period"].astype(str))
    frame = frame.assign(kind=_kinds(frame["period"]))
    return frame.loc[frame["kind"].isin(kinds)]


def _previous(periods: pd.Series) -> pd.Series:
    keys = periods.astype(str)
    return keys.map({p: previous_period(p) for p in keys.unique()}).astype(object)


def _columns(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """`frame` with every column of the store's schema (an older store may lack the newer ones)."""
    return frame.reindex(columns=list(column_names(table)))


def _number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce")


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    # concat with an empty frame warns in pandas 2.x (and the warning fails the tests)
    parts = [f[columns] for f in frames if len(f)]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)


def agency_order(agencies: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """code, name, order: the configured agencies first (by position), then any unknown code."""
    known = agencies.assign(order=pd.to_numeric(agencies["position"], errors="coerce"))[["code", "name", "order"]]
    extra = pd.DataFrame({"code": sorted(set(codes.dropna().astype(str)) - set(known["code"]))})
    extra = extra.assign(name=extra["code"], order=float("inf"))
    parts = [f for f in (known, extra) if not f.empty]
    listed = pd.concat(parts, ignore_index=True) if len(parts) > 1 else (parts[0] if parts else known)
    listed = listed.assign(name=listed["name"].fillna(listed["code"]).astype(str))
    return listed.sort_values(["order", "code"], kind="stable").reset_index(drop=True)


# ---- IKM cells -------------------------------------------------------------------------------


def ikm_cells(
    ikm: pd.DataFrame, ikm_periodic: pd.DataFrame, min_responses: int, adequacy: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every IKM cell (agency or unit x month / quarter / year) with `level` ('opd' | 'unit'),
    `primary` (True = enough responses on its own) and `minimum` (the minimum sample that applied,
    in words: '278 menurut Krejcie–Morgan dari 1.000 penerima layanan', or '20')."""
    columns = [
        "unit_id",
        "agency",
        "unit_name",
        "period",
        "kind",
        "respondents",
        *NRR_COLUMNS,
        "ikm",
        "mutu",
        "mutu_label",
        "sufficient",
    ]
    frame = _concat(
        [_of_kind(_columns(ikm, "ikm"), {MONTH}), _of_kind(_columns(ikm_periodic, "ikm_periodic"), {QUARTER, YEAR})],
        columns,
    )
    frame = frame.assign(unit_id=frame["unit_id"].astype(str), agency=frame["agency"].astype(str))
    own = frame["unit_id"] == AGENCY_UNIT_PREFIX + frame["agency"]
    frame = frame.loc[own | frame["unit_id"].str.startswith(SERVICE_UNIT_PREFIX)]
    frame = frame.drop_duplicates(["unit_id", "period"], keep="last").reset_index(drop=True)
    # The unit-period minimum the worker judged `sufficient` by (scoring.sample); a store
    # without it: the configured min_responses.
    judged = _columns(adequacy if adequacy is not None else pd.DataFrame(), "sample_adequacy")
    judged = (
        judged[["unit_id", "period", "min_sample", "rule", "population"]]
        .drop_duplicates(["unit_id", "period"], keep="last")
        .astype({"unit_id": str, "period": str})
    )
    frame = frame.merge(judged, on=["unit_id", "period"], how="left")
    respondents = _number(frame["respondents"]).fillna(0).astype(int)
    value = _number(frame["ikm"])
    least = _number(frame["min_sample"])
    minimum = least.fillna(min_responses).astype(int)
    words = [
        minimum_text(r, p, m) if not pd.isna(k) else minimum_text(None, None, m)
        for r, p, m, k in zip(frame["rule"], frame["population"], minimum, least)
    ]
    return frame.assign(
        level=np.where(frame["unit_id"] == AGENCY_UNIT_PREFIX + frame["agency"], AGENCY_LEVEL, SERVICE_UNIT_LEVEL),
        respondents=respondents,
        ikm=value,
        minimum=pd.Series(words, index=frame.index, dtype=object),
        minimum_n=minimum,
        population_n=pd.Series(
            [
                None if pd.isna(p) or r != RULE_KREJCIE_MORGAN else int(p)
                for r, p in zip(frame["rule"], frame["population"])
            ],
            index=frame.index,
            dtype=object,
        ),
        primary=ikm_publishable(_number(frame["sufficient"]), respondents, value, minimum),
    ).drop(columns=["min_sample", "rule", "population"])


def _ikm_objects(cells: pd.DataFrame) -> list[Ikm | None]:
    nrr = cells[list(NRR_COLUMNS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    out: list[Ikm | None] = []
    for i, (shown, value, mutu, label, n) in enumerate(
        zip(cells["published"], cells["ikm"], cells["mutu"], cells["mutu_label"], cells["respondents"])
    ):
        if not shown:
            out.append(None)
            continue
        out.append(
            Ikm(
                float(value),
                str(mutu or ""),
                str(label or ""),
                int(n),
                tuple(None if np.isnan(v) else float(v) for v in nrr[i]),
            )
        )
    return out


def _changes(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """value minus the same `key`'s value in the previous period of the same kind; NaN unless both
    are present (NaN - x stays NaN, so a change never reveals a hidden value)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=float)
    previous = frame[[key, "period", value]].rename(columns={"period": "_prev", value: "_prev_value"})
    merged = (
        frame[[key, "period", value]]
        .assign(_prev=_previous(frame["period"]))
        .merge(previous, on=[key, "_prev"], how="left")
    )
    return pd.Series((merged[value] - merged["_prev_value"]).to_numpy(), index=frame.index)


# ---- scores, complaints, categories --------------------------------------------------------


def _scores(summary: pd.DataFrame, periodic: pd.DataFrame, min_group_size: int, min_cell: int) -> pd.DataFrame:
    """agency, period, scored, months, avg_na (NaN when the group is too small), predikat counts
    (NaN when the group is too small or the cell is hidden, see `protect_predikat`), kinerja_status,
    na_change."""
    counts = list(PREDIKAT_COLUMNS.values())
    columns = ["agency", "period", "scored", "avg_na", "months", *counts, "rules_id", "rules_name"]
    monthly = _of_kind(_columns(summary, "agency_summary"), {MONTH}).assign(months=np.nan)
    frame = _concat([monthly, _of_kind(_columns(periodic, "agency_periodic"), {QUARTER, YEAR})], columns)
    frame = frame.drop_duplicates(["agency", "period"], keep="last").reset_index(drop=True)
    scored = _number(frame["scored"]).fillna(0).astype(int)
    values = frame[counts].apply(_number).fillna(0).astype(int)
    shown, hidden, status = kinerja_disclosure(scored, values, min_group_size, min_cell)
    frame = frame.assign(
        agency=frame["agency"].astype(str),
        scored=scored,
        months=_number(frame["months"]),
        avg_na=_number(frame["avg_na"]).where(shown),
        kinerja_status=status,
        **{c: values[c].astype(float).where(shown & ~hidden[c]) for c in counts},
    )
    return frame.assign(na_change=_changes(frame, "agency", "avg_na"))


def _agency_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The agency-level rows of a city table: the worker writes each agency's pooled figures (over
    the agency and all its units) under unit id 'opd:<CODE>', beside one row per unit."""
    return frame.loc[frame["unit_id"].astype(str) == AGENCY_UNIT_PREFIX + frame["agency"].astype(str)]


def _complaints(complaints: pd.DataFrame) -> pd.DataFrame:
    """agency, period, received, in_limit (share resolved within the limit) per month, and per
    quarter and year summed over their months."""
    frame = _of_kind(_agency_rows(_columns(complaints, "complaints")), {MONTH})
    frame = frame.drop_duplicates(["agency", "period"], keep="last")
    frame = frame.assign(
        received=_number(frame["received"]).fillna(0),
        resolved_in_limit=_number(frame["resolved_in_limit"]).fillna(0),
    )[["agency", "period", "received", "resolved_in_limit"]]
    quarters = frame.assign(period=frame["period"].map(quarter_of)) if len(frame) else frame
    years = frame.assign(period=frame["period"].str[:4]) if len(frame) else frame
    sums = [
        f.groupby(["agency", "period"], as_index=False)[["received", "resolved_in_limit"]].sum()
        for f in (quarters, years)
        if len(f)
    ]
    out = _concat([frame, *sums], ["agency", "period", "received", "resolved_in_limit"])
    received = _number(out["received"]).fillna(0)
    return out.assign(
        received=received.astype(int),
        resolved_in_limit=_number(out["resolved_in_limit"]).fillna(0).astype(int),
        in_limit=(_number(out["resolved_in_limit"]) / received).where(received > 0),
    )[["agency", "period", "received", "resolved_in_limit", "in_limit"]]


def public_categories(categories: pd.DataFrame) -> pd.DataFrame:
    """agency, period, category, count for each agency's own rows, with any label that is not a
    plain, recurring category folded into 'Lainnya' (`public_category_labels`)."""
    frame = _of_kind(_agency_rows(_columns(categories, "complaint_categories")), {MONTH})
    label = frame["category"].fillna("").astype(str).str.split().str.join(" ")
    count = _number(frame["count"]).fillna(0).astype(int)
    frame = frame.assign(category=public_category_labels(label, count), count=count)
    return frame.groupby(["agency", "period", "category"], as_index=False)["count"].sum()


# ---- building the snapshot -------------------------------------------------------------------


def _sorted_periods(keys: pd.Series) -> tuple[str, ...]:
    unique = set(keys.dropna().astype(str))
    return tuple(p for kind in KINDS for p in sorted(x for x in unique if period_kind(x) == kind))


def _unit_flags(units: pd.DataFrame, drop_points: float) -> pd.Series:
    """A quarter whose published IKM is `drop_points` or more below the published previous
    quarter's (rounded half-up to 2 decimals before comparing, as every threshold)."""
    change = round_half_up(units["ikm_change"], 2)
    return (units["kind"] == QUARTER) & change.notna() & (change <= -drop_points)


def build_snapshot(
    tables: dict[str, pd.DataFrame],
    last_sync: str | None,
    min_responses: int,
    min_group_size: int,
    ikm_drop_points: float = 5.0,
    min_cell: int = DEFAULT_MIN_CELL,
) -> Snapshot:
    """The public model from the store's public tables (pure: frames in, snapshot out)."""
    empty = {name: pd.DataFrame(columns=list(column_names(name))) for name in PUBLIC_TABLES}
    tables = {**empty, **{k: v for k, v in tables.items() if v is not None}}
    scores = _scores(tables["agency_summary"], tables["agency_periodic"], min_group_size, min_cell)
    cells = ikm_cells(tables["ikm"], tables["ikm_periodic"], min_responses, tables["sample_adequacy"])
    cells = cells.assign(status=ikm_states(cells))
    cells = cells.assign(
        published=cells["status"] == PUBLISHED,
        note=[ikm_note(st, n, m) for st, n, m in zip(cells["status"], cells["respondents"], cells["minimum"])],
    )
    shown_value = cells["ikm"].where(cells["published"])
    cells = cells.assign(ikm_change=_changes(cells.assign(_v=shown_value), "unit_id", "_v"))
    complaints = _complaints(tables["complaints"])
    keys = pd.concat([f["period"] for f in (scores, cells, complaints) if len(f)] or [pd.Series([], dtype=object)])
    # A quarter or year exists when the worker wrote periodic rows for it, not from complaint sums alone.
    periodic = set(scores.loc[_kinds(scores["period"]) != MONTH, "period"]) | set(
        cells.loc[cells["kind"] != MONTH, "period"]
    )
    periods = tuple(p for p in _sorted_periods(keys) if period_kind(p) == MONTH or p in periodic)
    if not periods:
        return Snapshot(
            last_sync, (), {}, min_responses=min_responses, min_group_size=min_group_size, min_cell=min_cell
        )
    agency_cells = cells.loc[cells["level"] == AGENCY_LEVEL]
    all_codes = pd.concat([scores["agency"], agency_cells["agency"], complaints["agency"]])
    agencies = agency_order(_columns(tables["agencies"], "agencies"), all_codes)
    ikm_cols = [
        "code",
        "period",
        "ikm_obj",
        "ikm_change",
        "respondents",
        "status",
        "minimum",
        "minimum_n",
        "population_n",
    ]
    agency_ikm = agency_cells.assign(code=agency_cells["agency"], ikm_obj=_ikm_objects(agency_cells))[ikm_cols]
    surveyed = set(cells["agency"])  # an agency with a response in some period has a surveyed service
    grid = (
        agencies[["code", "name"]]
        .merge(pd.DataFrame({"period": pd.Series(periods, dtype=object)}), how="cross")
        .merge(scores.rename(columns={"agency": "code"}), on=["code", "period"], how="left")
        .merge(agency_ikm, on=["code", "period"], how="left")
        .merge(
            complaints.drop(columns="resolved_in_limit").rename(columns={"agency": "code"}),
            on=["code", "period"],
            how="left",
        )
    )
    rows: dict[str, list[AgencyPeriod]] = {p: [] for p in periods}
    for row in grid.astype(object).where(grid.notna(), None).to_dict("records"):
        rows[row["period"]].append(_agency_period(row, row["code"] in surveyed, min_responses, min_group_size))
    return Snapshot(
        last_sync=last_sync,
        periods=periods,
        rows={p: tuple(r) for p, r in rows.items()},
        agencies=tuple(zip(agencies["code"], agencies["name"])),
        series=_units(cells, agencies, ikm_drop_points),
        categories=_categories(public_categories(tables["complaint_categories"])),
        rules=_rules(scores, periods),
        min_responses=min_responses,
        min_group_size=min_group_size,
        min_cell=min_cell,
        city={p: c for p, c in city_periods(cells, complaints).items() if p in rows},
        profiles=public_profiles(tables["respondent_profile"], min_responses, min_cell),
    )


def _agency_period(row: dict, surveyed: bool, min_responses: int, min_group_size: int) -> AgencyPeriod:
    kinerja_status = NOT_SCORED if row["kinerja_status"] is None else row["kinerja_status"]  # no score row: nobody
    predikat = None
    if kinerja_status in (PUBLISHED, SMALL_CELLS):
        predikat = {name: None if row[col] is None else int(row[col]) for name, col in PREDIKAT_COLUMNS.items()}
    ikm_status = row["status"] if row["status"] is not None else NO_RESPONDENTS if surveyed else NOT_SURVEYED
    respondents = int(row["respondents"] or 0)
    scored = int(row["scored"] or 0)
    return AgencyPeriod(
        code=str(row["code"]),
        name=str(row["name"]),
        period=str(row["period"]),
        kind=period_kind(str(row["period"])) or "",
        ikm=row["ikm_obj"],
        ikm_change=None if row["ikm_change"] is None or row["ikm_obj"] is None else float(row["ikm_change"]),
        scored=scored,
        predikat=predikat,
        avg_na=None if row["avg_na"] is None else float(row["avg_na"]),
        na_change=None if row["na_change"] is None else float(row["na_change"]),
        complaints_received=int(row["received"] or 0),
        complaints_in_limit=None if row["in_limit"] is None else float(row["in_limit"]),
        months=None if row["months"] is None else int(row["months"]),
        respondents=respondents,
        ikm_status=ikm_status,
        ikm_note=ikm_note(ikm_status, respondents, row["minimum"] or min_responses),
        kinerja_status=kinerja_status,
        kinerja_note=kinerja_note(kinerja_status, scored, min_group_size),
        min_sample=None if row["minimum_n"] is None else int(row["minimum_n"]),
        population=None if row["population_n"] is None else int(row["population_n"]),
    )


def _units(cells: pd.DataFrame, agencies: pd.DataFrame, drop_points: float) -> dict[str, tuple[Unit, ...]]:
    """agency code -> its IKM series: the agency's pooled one first (level 'opd'), then its
    service units by name. Only periods with responses appear."""
    if cells.empty:
        return {}
    cells = cells.assign(
        name=cells["unit_name"].where(cells["unit_name"].notna(), cells["unit_id"]).astype(str),
        ikm_obj=_ikm_objects(cells),
        flagged=_unit_flags(cells, drop_points),
    )
    out: dict[str, list[Unit]] = {}
    for (code, unit_id), group in cells.groupby(["agency", "unit_id"], sort=False):
        periods = {
            p: UnitPeriod(
                unit_id,
                code,
                name,
                p,
                kind,
                obj,
                None if obj is None or change != change else float(change),
                bool(flag),
                int(n),
                str(status),
                str(note),
                int(least),
                None if size is None or size != size else int(size),
            )
            for p, kind, name, obj, change, flag, n, status, note, least, size in zip(
                group["period"],
                group["kind"],
                group["name"],
                group["ikm_obj"],
                group["ikm_change"],
                group["flagged"],
                group["respondents"],
                group["status"],
                group["note"],
                group["minimum_n"],
                group["population_n"],
            )
        }
        out.setdefault(str(code), []).append(Unit(str(unit_id), str(group["name"].iloc[-1]), periods))
    order = {code: i for i, code in enumerate(agencies["code"])}

    def unit_order(unit: Unit) -> tuple:
        return (not unit.unit_id.startswith(AGENCY_UNIT_PREFIX), unit.name.casefold(), unit.unit_id)

    return {
        code: tuple(sorted(found, key=unit_order))
        for code, found in sorted(out.items(), key=lambda kv: order.get(kv[0], len(order)))
    }


def _categories(frame: pd.DataFrame) -> dict[str, dict[str, tuple[tuple[str, int], ...]]]:
    out: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {}
    ordered = frame.sort_values(["agency", "period", "count", "category"], ascending=[True, True, False, True])
    for (code, period), group in ordered.groupby(["agency", "period"], sort=False):
        out.setdefault(str(code), {})[str(period)] = tuple(zip(group["category"], group["count"].astype(int)))
    return out


def _rules(scores: pd.DataFrame, periods: tuple[str, ...]) -> tuple[str, str] | None:
    """The scoring rules (id, name) behind the latest month's published figures, if recorded."""
    months = [p for p in periods if period_kind(p) == MONTH]
    if not months:
        return None
    latest = scores.loc[(scores["period"] == months[-1]) & scores["rules_id"].notna()]
    if latest.empty:
        return None
    rules_id = str(latest["rules_id"].mode().iloc[0])
    names = latest.loc[latest["rules_id"] == rules_id, "rules_name"].dropna()
    return rules_id, str(names.iloc[0]) if len(names) else ""
