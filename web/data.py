"""The public read-model: the store's public-safe tables turned into what the pages show.

Only `agencies`, `agency_summary`, `ikm`, `complaints` (and later `complaint_categories`) are
read here, never `results`, `employees`, `indicators` or `issues`, which hold personal data.
Suppression happens here, once, so no template can show a value it should not:

- an agency's IKM, mutu and respondent count only when the IKM is `sufficient` and rests on at
  least `min_responses` responses (SCORING.md: "not published ... data belum cukup");
- an agency's predikat distribution and average Nilai Akhir only when at least `min_group_size`
  employees were scored; the change since last month only when both months are publishable
  (otherwise the change would reveal the hidden month's average);
- no city totals of suppressed quantities, so nothing hidden is recoverable by subtraction.

The model is rebuilt only when the store's meta `last_sync` changes (the worker sets it at the end
of every cycle), so page views cost one tiny query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd

from scoring.params import PREDIKATS
from sync.store import ResultsStore

PREDIKAT_COLUMNS = dict(zip(
    PREDIKATS, ("n_sangat_baik", "n_baik", "n_butuh_perbaikan", "n_kurang", "n_sangat_kurang")
))
AGENCY_UNIT_PREFIX = "opd:"  # an agency's own unit id is 'opd:<CODE>'
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"  # monthly keys; quarters/years come later


@dataclass(frozen=True)
class Ikm:
    """A publishable agency IKM."""

    value: float
    mutu: str
    mutu_label: str
    respondents: int


@dataclass(frozen=True)
class AgencyMonth:
    """What the public may see of one agency in one month. None = not shown ("data belum cukup")."""

    code: str
    name: str
    period: str
    ikm: Ikm | None
    scored: int
    predikat: dict[str, int] | None
    avg_na: float | None
    na_change: float | None
    complaints_received: int
    complaints_in_limit: float | None  # share of received resolved within the limit


@dataclass(frozen=True)
class Snapshot:
    """The whole public model for one `last_sync`."""

    last_sync: str | None
    periods: tuple[str, ...]  # ascending
    months: dict[str, tuple[AgencyMonth, ...]]  # period -> agencies in display order

    @property
    def latest(self) -> str | None:
        return self.periods[-1] if self.periods else None

    def agencies_in(self, period: str) -> tuple[AgencyMonth, ...]:
        return self.months.get(period, ())


def _monthly(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["period"].astype(str).str.match(PERIOD_PATTERN)]


def _previous_month(periods: pd.Series) -> pd.Series:
    return (pd.PeriodIndex(periods, freq="M") - 1).strftime("%Y-%m").to_series(index=periods.index)


def agency_order(agencies: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """code, name, order: the configured agencies first (by position), then any unknown code."""
    known = agencies.assign(order=pd.to_numeric(agencies["position"], errors="coerce"))[["code", "name", "order"]]
    extra = pd.DataFrame({"code": sorted(set(codes.dropna().astype(str)) - set(known["code"]))})
    extra = extra.assign(name=extra["code"], order=float("inf"))
    # concat with an empty frame warns in pandas 2.x (and the warning fails the tests)
    parts = [f for f in (known, extra) if not f.empty]
    listed = pd.concat(parts, ignore_index=True) if len(parts) > 1 else (parts[0] if parts else known)
    listed = listed.assign(name=listed["name"].fillna(listed["code"]).astype(str))
    return listed.sort_values(["order", "code"], kind="stable").reset_index(drop=True)


def _scores(summary: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """agency, period, scored, avg_na / predikat counts (NaN when the group is too small), na_change."""
    counts = list(PREDIKAT_COLUMNS.values())
    frame = _monthly(summary)[["agency", "period", "scored", "avg_na", *counts]].copy()
    frame = frame.assign(scored=pd.to_numeric(frame["scored"], errors="coerce").fillna(0).astype(int))
    shown = frame["scored"] >= max(1, min_group_size)
    frame = frame.assign(
        avg_na=pd.to_numeric(frame["avg_na"], errors="coerce").where(shown),
        **{c: pd.to_numeric(frame[c], errors="coerce").fillna(0).where(shown) for c in counts},
    )
    previous = frame[["agency", "period", "avg_na"]].rename(columns={"period": "prev", "avg_na": "prev_na"})
    frame = frame.assign(prev=_previous_month(frame["period"])).merge(previous, on=["agency", "prev"], how="left")
    # NaN - x stays NaN: a change is shown only when both months are publishable.
    return frame.assign(na_change=frame["avg_na"] - frame["prev_na"]).drop(columns=["prev", "prev_na"])


def _agency_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The agency-level rows of a city table: the worker writes each agency's pooled figures (over
    the agency and all its units) under unit id 'opd:<CODE>', beside one row per unit."""
    return frame.loc[frame["unit_id"] == AGENCY_UNIT_PREFIX + frame["agency"]]


def _ikm(ikm: pd.DataFrame, min_responses: int) -> pd.DataFrame:
    """agency, period, ikm, mutu, mutu_label, respondents for publishable agency-level IKMs only."""
    frame = _agency_rows(_monthly(ikm))
    respondents = pd.to_numeric(frame["respondents"], errors="coerce")
    value = pd.to_numeric(frame["ikm"], errors="coerce")
    keep = (
        (pd.to_numeric(frame["sufficient"], errors="coerce") == 1)
        & (respondents >= min_responses)
        & value.notna()
    )
    cols = ["agency", "period", "ikm", "mutu", "mutu_label", "respondents"]
    return frame.loc[keep, cols].drop_duplicates(["agency", "period"], keep="last")


def _complaints(complaints: pd.DataFrame) -> pd.DataFrame:
    """agency, period, received, in_limit (share of received resolved within the limit)."""
    frame = _agency_rows(_monthly(complaints))
    received = pd.to_numeric(frame["received"], errors="coerce").fillna(0)
    in_limit = pd.to_numeric(frame["resolved_in_limit"], errors="coerce").fillna(0)
    out = frame[["agency", "period"]].assign(
        received=received.astype(int), in_limit=(in_limit / received).where(received > 0)
    )
    return out.drop_duplicates(["agency", "period"], keep="last")


def build_snapshot(
    tables: dict[str, pd.DataFrame], last_sync: str | None, min_responses: int, min_group_size: int
) -> Snapshot:
    """The public model from the store's public tables (pure: frames in, snapshot out)."""
    scores = _scores(tables["agency_summary"], min_group_size)
    ikm = _ikm(tables["ikm"], min_responses)
    complaints = _complaints(tables["complaints"])
    keys = pd.concat([f[["agency", "period"]] for f in (scores, ikm, complaints)]).drop_duplicates()
    periods = tuple(sorted(keys["period"].astype(str).unique()))
    if not periods:
        return Snapshot(last_sync, (), {})
    agencies = agency_order(tables["agencies"], keys["agency"])
    grid = (
        agencies[["code", "name"]].merge(pd.DataFrame({"period": pd.Series(periods, dtype=object)}), how="cross")
        .merge(scores.rename(columns={"agency": "code"}), on=["code", "period"], how="left")
        .merge(ikm.rename(columns={"agency": "code"}), on=["code", "period"], how="left")
        .merge(complaints.rename(columns={"agency": "code"}), on=["code", "period"], how="left")
    )
    months: dict[str, list[AgencyMonth]] = {p: [] for p in periods}
    for row in grid.astype(object).where(grid.notna(), None).to_dict("records"):
        months[row["period"]].append(_agency_month(row))
    return Snapshot(last_sync, periods, {p: tuple(rows) for p, rows in months.items()})


def _agency_month(row: dict) -> AgencyMonth:
    ikm = None
    if row["ikm"] is not None:
        ikm = Ikm(float(row["ikm"]), str(row["mutu"] or ""), str(row["mutu_label"] or ""), int(row["respondents"]))
    predikat = None
    if row["n_baik"] is not None:
        predikat = {name: int(row[col] or 0) for name, col in PREDIKAT_COLUMNS.items()}
    return AgencyMonth(
        code=str(row["code"]),
        name=str(row["name"]),
        period=str(row["period"]),
        ikm=ikm,
        scored=int(row["scored"] or 0),
        predikat=predikat,
        avg_na=None if row["avg_na"] is None else float(row["avg_na"]),
        na_change=None if row["na_change"] is None else float(row["na_change"]),
        complaints_received=int(row["received"] or 0),
        complaints_in_limit=None if row["in_limit"] is None else float(row["in_limit"]),
    )


PUBLIC_TABLES = ("agencies", "agency_summary", "ikm", "complaints")


class PublicData:
    """The cached public model of one store; thread-safe (waitress serves from several threads)."""

    def __init__(self, store: ResultsStore, min_responses: int, min_group_size: int):
        self.store = store
        self.min_responses = min_responses
        self.min_group_size = min_group_size
        self._lock = threading.Lock()
        self._cached: tuple[str | None, Snapshot] | None = None

    def last_sync(self) -> str | None:
        return self.store.meta("last_sync")

    def snapshot(self) -> Snapshot:
        """The model for the store's current `last_sync`, rebuilt only when that changed."""
        # Read the key before the tables: if a sync finishes in between, the newer data is cached
        # under the older key and the next request rebuilds it once more. Never the reverse.
        key = self.last_sync()
        cached = self._cached
        if cached is not None and cached[0] == key:
            return cached[1]
        with self._lock:
            cached = self._cached
            if cached is not None and cached[0] == key:
                return cached[1]
            tables = {name: self.store.read(name) for name in PUBLIC_TABLES}
            snapshot = build_snapshot(tables, key, self.min_responses, self.min_group_size)
            self._cached = (key, snapshot)
            return snapshot
