"""Score agencies' validated input into the frames the tabs and the store need.

Two steps, so that the sync pays pandas' fixed cost per call once per cycle rather than once per
agency: `score_base` per agency (the monthly results with trends and feedback, the indicators),
then `derive` over every agency at once (completeness, summaries, quarter and year results, the
distribution check), split back per agency. Every derived frame is keyed by agency, so one call
over all agencies gives exactly what one call per agency gives (tested).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from config.contract import GALAT
from config.settings import Settings
from scoring import agency_summary, employee_ikm, score_employees, with_capaian
from scoring.completeness import completeness
from scoring.distribution import check_distribution, org_ratings, year_warnings
from scoring.feedback import catatan_penilaian
from scoring.periodic import periodic_results, periodic_summary
from scoring.periods import YEAR
from scoring.rejected import missing_with_rejected, rejected_notes
from scoring.trends import agency_trends, trend_columns
from scoring.vocabulary import SERVICE_UNIT_PREFIX
from sync.validate.rows import AgencyInput
from sync.validate.units import UnitIndex, assign_unit_ids

ORG_RATING_COLUMNS = ["agency", "year", "org_rating"]
DERIVED = (
    "completeness",
    "agency_summary",
    "results_periodic",
    "agency_periodic",
    "distribution_checks",
    "distribution_warnings",
)


def score_agency(
    data: AgencyInput,
    units: UnitIndex,
    city_tables: dict,
    settings: Settings,
    org_rating_rows: pd.DataFrame | None = None,
) -> dict:
    """Score one agency: `score_base` and `derive` for that agency alone."""
    base = score_base(data, units, city_tables, settings)
    return {**base, **derive({data.code: base}, settings, org_rating_rows)[data.code]}


def score_base(
    data: AgencyInput,
    units: UnitIndex,
    city_tables: dict,
    settings: Settings,
    closed_results: pd.DataFrame | None = None,
) -> dict:
    """One agency's employees, monthly results (with trends and the Catatan Penilaian), indicators and
    rejected input rows (with the agency, for completeness' name lists).

    `closed_results`: the agency's results rows of the closed months as they were frozen
    (sync.locks); the months after a closed month compare with it as it closed, not with what its
    sheet rows say now.

    Pure apart from reading `city_tables`.
    """
    return _scored(
        data,
        with_reasons(data.rejected, data.issues),
        units,
        city_tables,
        settings,
        closed_results,
        city_tables.get("officer_complaints"),
        agency=data.code,
    )


def _scored(
    data: AgencyInput,
    reasoned: pd.DataFrame,
    units: UnitIndex,
    city_tables: dict,
    settings: Settings,
    closed_results: pd.DataFrame | None,
    officer_complaints: pd.DataFrame | None,
    agency: str | None,
) -> dict:
    """score_base's frames of `data`: one agency's (`agency` its code), or several agencies' joined
    by `score_joint` (`agency` None: each row's agency is its employee's, or its report's)."""
    params = settings.scoring
    employees = assign_unit_ids(data.employees, units)
    periods = list(_months(data))
    grid = employees[["nip", "agency", "unit_id"]].merge(
        pd.DataFrame({"period": pd.Series(periods, dtype=object)}), how="cross"
    )
    # Staff with no Unit Kerja of their own take the agency's pooled IKM, not only the responses
    # that happened to name the agency itself.
    unit_ikm = city_tables["unit_ikm"]
    unit_ikm = unit_ikm[unit_ikm["unit_id"].str.startswith(SERVICE_UNIT_PREFIX)]
    emp_ikm = employee_ikm(grid, unit_ikm, city_tables["agency_ikm"], params)
    del grid  # (1,2 million rows at province scale: freed before the feedback's peak)
    indicators = with_capaian(data.reports, params)  # a new frame: 4.8 million rows at province scale
    indicators["agency"] = data.reports[_AGENCY].to_numpy(dtype=object) if agency is None else agency
    # A NIP also on another agency's roster counts here only in the months scored here
    # (sync.validate.cross_agency): scored as Nonaktif, it has rows only where it has data.
    staff_scored = (
        employees
        if not data.shared
        else employees.assign(
            active=employees["active"].to_numpy(dtype=bool) & ~employees["nip"].isin(data.shared).to_numpy()
        )
    )
    results = score_employees(
        staff_scored,
        data.reports,
        data.ratings,
        data.attendance,
        emp_ikm,
        params,
        periods,
        capaian=indicators,
        officer_complaints=officer_complaints,
    )
    del emp_ikm
    # score_employees' frame is new and ours: its extra columns are set in place, since every
    # assign() would copy a frame of a million rows (province scale) once more.
    staff = staff_scored.drop_duplicates("nip", keep="first")
    at = pd.Index(staff["nip"]).get_indexer(results["nip"])  # each row's employee, by position
    extra = {
        "active": staff["active"].to_numpy()[at],
        "unit_id": staff["unit_id"].to_numpy()[at],
        "agency": staff["agency"].to_numpy(dtype=object)[at] if agency is None else agency,
        "rules_id": settings.rules_id,
        "rules_name": settings.rules_name,
    }
    for name, values in extra.items():
        results[name] = values
    # docs/scoring.md §5: trends, then the feedback that cites the change since last month.
    for name, values in trend_columns(_as_closed(results, closed_results), params).items():
        results[name] = values[: len(results)]
    # A missing input that was filled in but rejected says so, and where (scoring.rejected).
    results["missing"] = missing_with_rejected(results, data.rejected)
    # Every rejected input row of the month, also one beside used rows (a fourth indicator row
    # rejected leaves a score on three): the employee's and the reviewer's pages list them.
    results["rejected_rows"] = rejected_notes(
        results["period"].to_numpy(dtype=object), results["nip"].to_numpy(dtype=object), reasoned
    )
    results["catatan"] = catatan_penilaian(
        results,
        indicators,
        city_tables["ikm"],
        city_tables["complaint_categories"],
        params,
        settings.feedback,
        data.rejected,
    )
    # for completeness' name lists in `derive`
    rejected = data.rejected if agency is None else data.rejected.assign(agency=agency)
    return {"employees": employees, "results": results, "indicators": indicators, "rejected": rejected}


# Joint scoring: score_base's fixed cost per call (about 280 pandas calls) paid once for many
# agencies. For the pass each NIP becomes its agency's own, NIP + OWN + code, so a NIP on two
# rosters stays two people and each agency's rows sort as its own would; every text and count of
# a row comes from its own agency's rows and the city tables, so the split is what score_base
# gives each (tests/sync/results/test_joint.py; the golden comparison over the demo and bench cities).
OWN = "\x1f"
_AGENCY = "\x1fagency"  # the agency of each joined report row, for the indicators


def joint_groups(
    inputs: dict[str, AgencyInput], closed: dict[str, pd.DataFrame | None], parts: int
) -> list[tuple[str, ...]]:
    """The agencies of `inputs` as the groups `score_joint` takes, about `parts` per kind.

    Agencies are scored together when their months are the same (score_base gives every active
    employee a row in each month the agency has data for) and none has closed months (its trends
    read the frozen rows of those months); any other is scored alone. Each kind is cut into
    `parts` groups of about as many employee-months, one per core.
    """
    kinds: dict[tuple[str, ...], list[str]] = {}
    alone: list[tuple[str, ...]] = []
    for code, data in inputs.items():
        months = _months(data)
        if (closed.get(code) is not None and not closed[code].empty) or not months:
            alone.append((code,))
        else:
            kinds.setdefault(months, []).append(code)
    groups: list[tuple[str, ...]] = []
    order = {code: n for n, code in enumerate(inputs)}
    for months, codes in kinds.items():
        weight = {code: len(inputs[code].employees) * len(months) + len(inputs[code].reports) for code in codes}
        bins: list[list[str]] = [[] for _ in range(max(1, min(parts, len(codes))))]
        load = [0] * len(bins)
        for code in sorted(codes, key=lambda c: -weight[c]):  # largest first into the lightest bin
            k = load.index(min(load))
            bins[k].append(code)
            load[k] += weight[code]
        groups.extend(tuple(sorted(b, key=order.__getitem__)) for b in bins if b)
    return groups + alone


def _months(data: AgencyInput) -> tuple[str, ...]:
    return tuple(sorted(set(data.reports["period"]) | set(data.ratings["period"]) | set(data.attendance["period"])))


def score_joint(inputs: list[AgencyInput], units: UnitIndex, city_tables: dict, settings: Settings) -> dict[str, dict]:
    """code -> score_base(input) of each of `inputs` (agencies with the same months and no
    closed month: `joint_groups`), computed in one pass."""
    if len(inputs) == 1:
        return {inputs[0].code: score_base(inputs[0], units, city_tables, settings)}
    codes = np.array([data.code for data in inputs], dtype=object)
    suffixes = OWN + codes

    def joined(frames: list[pd.DataFrame], mark: str | None = None) -> pd.DataFrame:
        """The frames one after the other, each NIP its agency's own (and `mark`: a column of the agency)."""
        sizes = [len(frame) for frame in frames]
        out = pd.concat(frames, ignore_index=True)
        out["nip"] = out["nip"].to_numpy(dtype=object) + np.repeat(suffixes, sizes)
        if mark is not None:
            out[mark] = np.repeat(codes, sizes)
        return out

    staff = joined([data.employees for data in inputs])
    joint = AgencyInput(
        code="",
        employees=staff,
        reports=joined([data.reports for data in inputs], mark=_AGENCY),
        ratings=joined([data.ratings for data in inputs]),
        attendance=joined([data.attendance for data in inputs]),
        issues=pd.DataFrame(),
        counts=[],
        shared=frozenset(nip + OWN + data.code for data in inputs for nip in data.shared),
        rejected=joined([data.rejected for data in inputs], mark="agency"),
    )
    with_issues = [data for data in inputs if data.issues is not None and len(data.issues)]
    issues = (
        pd.concat([data.issues for data in with_issues], ignore_index=True).assign(
            agency=np.repeat(
                np.array([data.code for data in with_issues], dtype=object), [len(d.issues) for d in with_issues]
            )
        )
        if with_issues
        else None
    )
    reasoned = with_reasons(joint.rejected, issues, by=("agency",))
    officers = city_tables.get("officer_complaints")
    if officers is not None:  # keyed by the raw NIP: each roster's employees get theirs
        roster = pd.DataFrame({"nip": _raw_nips(staff["nip"]), "own": staff["nip"].to_numpy(dtype=object)})
        officers = officers.merge(roster.drop_duplicates(), on="nip", how="inner")
        officers = officers.drop(columns="nip").rename(columns={"own": "nip"})
    base = _scored(joint, reasoned, units, city_tables, settings, None, officers, agency=None)
    base["indicators"] = base["indicators"].drop(columns=_AGENCY)
    parts = {name: _by_code(frame, codes) for name, frame in base.items()}
    out = {}
    for n, data in enumerate(inputs):
        own = {name: parts[name][n] for name in base}
        own["results"] = own["results"].reset_index(drop=True)
        for name, rows in (("employees", data.employees), ("indicators", data.reports), ("rejected", data.rejected)):
            own[name].index = rows.index  # the rows of the agency's input frame, as score_base keeps them
        out[data.code] = own
    return out


def _raw_nips(nips: pd.Series) -> np.ndarray:
    """The NIPs of a joint frame as typed (without OWN and the agency's code)."""
    return np.array([nip.rpartition(OWN)[0] for nip in nips.tolist()], dtype=object)


def _by_code(frame: pd.DataFrame, codes: np.ndarray) -> list[pd.DataFrame]:
    """`frame`'s rows of each of `codes` (its agency column), in their order, NIPs as typed."""
    frame["nip"] = _raw_nips(frame["nip"])  # the joint pass's own frame
    agency = pd.Categorical(frame["agency"].to_numpy(dtype=object), categories=codes).codes
    order = np.argsort(agency, kind="stable")
    bounds = np.searchsorted(agency[order], np.arange(len(codes) + 1))
    return [frame.take(order[bounds[k] : bounds[k + 1]]) for k in range(len(codes))]


REASON_VALUE_CHARS = 40  # a long cell (a typed-in sentence) is cut in the reason: the Validasi tab has it whole


def with_reasons(rejected: pd.DataFrame, issues: pd.DataFrame | None, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """`rejected` with a reason per row: the column and value of the row's first Galat in
    `issues` ('Target 0', 'Hadir 19'; 'Target kosong' for a blank cell; '' when none is found).
    `by`: further keys both have (score_joint's agency), matched with tab and row."""
    if rejected is None or rejected.empty or issues is None or issues.empty:
        return rejected
    galat = issues[issues["severity"].eq(GALAT)].drop_duplicates([*by, "tab", "row"], keep="first")
    if galat.empty:
        return rejected.assign(reason="")
    column = galat["column"].fillna("").astype(str).str.strip()
    value = galat["value"].fillna("").astype(str).str.strip()
    value = value.where(value.str.len() <= REASON_VALUE_CHARS, value.str.slice(0, REASON_VALUE_CHARS) + "…")
    reason = np.where(column == "", "", np.where(value == "", column + " kosong", column + " " + value))
    keys = [*by, "tab"]
    keyed = pd.Series(
        reason, index=pd.MultiIndex.from_arrays([*(galat[k] for k in keys), galat["row"].astype("int64")])
    )
    at = keyed.index.get_indexer(
        pd.MultiIndex.from_arrays([*(rejected[k] for k in keys), rejected["row"].astype("int64")])
    )
    found = np.where(at >= 0, keyed.to_numpy(dtype=object)[np.maximum(at, 0)], "")
    return rejected.assign(reason=found)


def _as_closed(results: pd.DataFrame, closed: pd.DataFrame | None) -> pd.DataFrame:
    """What the trends read of `results` (nip, period, na, predikat), with the closed months' values
    as they were frozen: a closed month's own rows take its frozen NA and predikat (none where it
    has no frozen row), and its frozen rows no computed row matches come after `results`' rows (so
    the first len(results) rows of the trends are `results`' own)."""
    if closed is None or closed.empty:
        return results
    columns = ["nip", "period", "na", "predikat"]
    frozen = closed[columns].drop_duplicates(["period", "nip"], keep="last").reset_index(drop=True)
    frozen_key = frozen["period"].astype(str) + "\x1f" + frozen["nip"].astype(str)
    key = results["period"].astype(str) + "\x1f" + results["nip"].astype(str)
    shut = results["period"].isin(set(frozen["period"])).to_numpy()
    at = pd.Index(frozen_key).get_indexer(key)
    na = pd.to_numeric(results["na"], errors="coerce").to_numpy(dtype=float, copy=True)
    predikat = results["predikat"].to_numpy(dtype=object).copy()
    frozen_na = pd.to_numeric(frozen["na"], errors="coerce").to_numpy(dtype=float)
    frozen_predikat = frozen["predikat"].to_numpy(dtype=object)
    na[shut] = np.where(at[shut] >= 0, frozen_na[at[shut]], np.nan)
    predikat[shut] = np.where(at[shut] >= 0, frozen_predikat[at[shut]], None)
    own = pd.DataFrame({"nip": results["nip"].to_numpy(), "period": results["period"].to_numpy(), "na": na})
    own["predikat"] = predikat
    extra = frozen[~frozen_key.isin(set(key)).to_numpy()]
    return pd.concat([own, extra], ignore_index=True) if len(extra) else own


def derive(
    bases: dict[str, dict],
    settings: Settings,
    org_rating_rows: pd.DataFrame | None = None,
    periodic_hook: Callable[[pd.DataFrame, list[str]], pd.DataFrame] | None = None,
) -> dict:
    """code -> the derived frames (DERIVED) of every agency in `bases`, computed in one pass.

    `org_rating_rows`: the city spreadsheet's `Kinerja Organisasi` rows (agency, year, org_rating)
    for the distribution check; config's [[agencies]] org_rating applies where the tab is silent.
    `periodic_hook(results_periodic, codes)`: the quarter and year results as the locks leave them
    (sync.locks: closed, confirmed, keberatan), before the summaries and the check count them.
    """
    params = settings.scoring
    rules = {"rules_id": settings.rules_id, "rules_name": settings.rules_name}
    parts = [b["results"] for b in bases.values()]
    # One agency's frame as it is (read, not changed, here): a copy of a province's 1,2 million
    # result rows, their feedback texts included, was the peak of its whole cycle.
    results = (
        parts[0]
        if len(parts) == 1 and isinstance(parts[0].index, pd.RangeIndex)
        else pd.concat(parts, ignore_index=True)
    )

    rejected = [b["rejected"] for b in bases.values() if "rejected" in b]
    complete = completeness(results, rejected=pd.concat(rejected, ignore_index=True) if rejected else None)
    summary = agency_summary(results).merge(
        complete[["agency", "period", "complete", "complete_share"]], on=["agency", "period"], how="left"
    )
    summary = agency_trends(summary, params).assign(**rules)
    periodic = periodic_results(results, params).assign(**rules)
    if periodic_hook is not None:
        periodic = periodic_hook(periodic, list(bases))
    agency_periodic = periodic_summary(periodic, results).assign(**rules)

    years = sorted(periodic.loc[periodic["kind"] == YEAR, "period"].unique())
    tab_rows = org_rating_rows if org_rating_rows is not None else pd.DataFrame(columns=ORG_RATING_COLUMNS)
    codes = list(bases)
    ratings = org_ratings([settings.agency(code) for code in codes], tab_rows[tab_rows["agency"].isin(codes)], years)
    checks = check_distribution(periodic, ratings).assign(rules_id=settings.rules_id)

    frames = dict(zip(DERIVED, (complete, summary, periodic, agency_periodic, checks, year_warnings(checks))))
    split = {name: _by_agency(frame) for name, frame in frames.items()}
    return {code: {name: split[name].get(code, frames[name].iloc[0:0]) for name in DERIVED} for code in codes}


def _by_agency(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if frame.empty:
        return {}
    return {str(code): part.reset_index(drop=True) for code, part in frame.groupby("agency", sort=False)}
