"""What the Laporan SKM says, read from the results store: one dataclass per report, no layout.

Every number is the store's: IKM, NRR, respondents and mutu come from `ikm` (a month) or
`ikm_periodic` (a quarter or year); profile, population, sample adequacy and RTL come from their
own tables when the store has them. Those tables are written by newer sync versions; a store
without one gives None for that part, and the report says "data belum tersedia" instead of failing.
The only arithmetic here is ordering (weakest elements), sums of counts (profile over a period's
months, RTL statuses) and the difference between two stored IKM values (the trend).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from config.contract import SKM_ELEMENTS
from scoring.periods import MONTH, QUARTER, YEAR, kind, previous_period, quarter_of
from scoring.vocabulary import AGENCY_UNIT_PREFIX
from sync.store.reader import StoreReader
from sync.store.schema import SCHEMA

NRR_COLUMNS = tuple(f"nrr_{key}" for key, _, _ in SKM_ELEMENTS)
ELEMENT_NAMES = {key: name for key, _, name in SKM_ELEMENTS}
ELEMENT_CODES = {key: code for key, code, _ in SKM_ELEMENTS}
WEAKEST = 3  # elements named per unit when the store has no Usulan RTL

# The tables other parts of sync add (issue 12); the report reads the columns it knows.
OPTIONAL_TABLES = {
    "respondent_profile": ("unit_id", "agency", "period", "characteristic", "category", "count"),
    "service_population": ("unit_id", "agency", "period", "population", "min_sample"),
    "sample_adequacy": ("unit_id", "agency", "period", "respondents", "min_sample", "rule", "adequate"),
    "rtl_plans": (
        "unit_id",
        "agency",
        "period",
        "element",
        "activity",
        "responsible",
        "target_date",
        "status",
        "note",
        "sheet_row",
    ),
    "rtl_proposals": ("unit_id", "agency", "period", "element", "nrr", "rank"),
}
IKM_COLUMNS = (
    "unit_id",
    "agency",
    "level",
    "unit_name",
    "period",
    "respondents",
    *NRR_COLUMNS,
    "ikm",
    "mutu",
    "mutu_label",
    "sufficient",
)


@dataclass(frozen=True)
class SkmReport:
    """Everything one Laporan SKM shows. Frames hold only this report's scope and period.

    `profile`, `adequacy`, `plans`, `previous_plans`, `proposals` are None when the store has no
    such table (an older sync), and empty when it has the table but no rows for this period."""

    period: str
    previous: str | None
    scope_name: str  # "Pemerintah Kota Solok" or the agency's name
    agency: str | None
    city_name: str
    min_responses: int
    last_sync: str | None
    units: pd.DataFrame  # IKM rows: agency rows first, then their units (IKM_COLUMNS)
    previous_units: pd.DataFrame
    agency_names: dict[str, str] = field(default_factory=dict)
    profile: pd.DataFrame | None = None  # characteristic, category, count
    adequacy: pd.DataFrame | None = None  # unit_id, respondents, min_sample, rule, adequate, population
    plans: pd.DataFrame | None = None
    previous_plans: pd.DataFrame | None = None
    proposals: pd.DataFrame | None = None

    @property
    def respondents(self) -> int:
        """Respondents of the report's scope: the sum over agency rows (units are part of them)."""
        top = self.units[self.units["level"] == "opd"]
        return int(pd.to_numeric(top["respondents"], errors="coerce").fillna(0).sum())


def optional_table(store: StoreReader, table: str) -> pd.DataFrame | None:
    """`table` with the columns the report knows (absent ones as None), or None when this version's
    schema has no such table; a table the store has not created yet reads as empty."""
    if table not in SCHEMA:
        return None
    frame = store.reader.rows(table)
    return frame.reindex(columns=list(OPTIONAL_TABLES[table]))


def in_period(keys: pd.Series, period: str) -> pd.Series:
    """Rows keyed by `period` itself, or by a month (or quarter) inside it."""
    keys = keys.astype(str)
    wanted = kind(period)
    inside = keys == period
    if wanted == YEAR:
        inside |= keys.str[:4].eq(period) & keys.map(kind).isin([MONTH, QUARTER])
    elif wanted == QUARTER:
        months = keys.map(kind) == MONTH
        inside |= months & keys.where(months, "2000-01").map(quarter_of).eq(period)
    return inside


def _scoped(frame: pd.DataFrame, agency: str | None) -> pd.DataFrame:
    return frame if agency is None else frame[frame["agency"] == agency]


def _ikm_rows(store: StoreReader, period: str | None, agency: str | None) -> pd.DataFrame:
    if period is None:
        return pd.DataFrame(columns=IKM_COLUMNS)
    table = "ikm" if kind(period) == MONTH else "ikm_periodic"
    rows = _scoped(store.reader.rows(table, "period = ?", (period,)), agency)
    for column in IKM_COLUMNS:
        if column not in rows:
            rows[column] = None
    rows = rows[list(IKM_COLUMNS)].copy()
    # Agency row first, then its units by name, agencies in the store's order.
    order = {code: n for n, code in enumerate(_agencies(store))}
    rows["_agency_order"] = rows["agency"].map(order).fillna(len(order))
    rows["_unit_order"] = (rows["level"] != "opd").astype(int)
    rows = rows.sort_values(["_agency_order", "agency", "_unit_order", "unit_name"], kind="stable")
    return rows.drop(columns=["_agency_order", "_unit_order"]).reset_index(drop=True)


def _agencies(store: StoreReader) -> dict[str, str]:
    listed = store.reader.rows("agencies")
    if listed.empty:
        return {}
    listed = listed.sort_values("position", kind="stable") if "position" in listed else listed
    return dict(zip(listed["code"].astype(str), listed["name"].astype(str)))


def _profile(store: StoreReader, period: str, agency: str | None) -> pd.DataFrame | None:
    """Counts per characteristic and category for the scope. Agency-level rows (unit_id 'opd:…')
    already pool their units; where an agency has none, its unit rows are summed instead."""
    table = optional_table(store, "respondent_profile")
    if table is None:
        return None
    rows = _scoped(table[in_period(table["period"], period)], agency)
    if rows.empty:
        return rows[["characteristic", "category", "count"]]
    is_agency = rows["unit_id"].astype(str).str.startswith(AGENCY_UNIT_PREFIX)
    pooled = set(rows.loc[is_agency, "agency"])
    rows = rows[is_agency | ~rows["agency"].isin(pooled)]
    rows = rows.assign(count=pd.to_numeric(rows["count"], errors="coerce").fillna(0).astype(int))
    first_seen = {c: n for n, c in enumerate(dict.fromkeys(rows["characteristic"]))}
    out = rows.groupby(["characteristic", "category"], as_index=False, sort=False)["count"].sum()
    out["_order"] = out["characteristic"].map(first_seen)
    return (
        out.sort_values(["_order", "count"], ascending=[True, False], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _adequacy(store: StoreReader, period: str, agency: str | None) -> pd.DataFrame | None:
    table = optional_table(store, "sample_adequacy")
    if table is None:
        return None
    rows = _scoped(table[table["period"].astype(str) == period], agency).copy()
    population = optional_table(store, "service_population")
    if population is not None:
        population = population[population["period"].astype(str) == period]
        rows = rows.merge(population[["unit_id", "population"]].drop_duplicates("unit_id"), on="unit_id", how="left")
    else:
        rows["population"] = None
    return rows.reset_index(drop=True)


def _plans(store: StoreReader, period: str | None, agency: str | None) -> pd.DataFrame | None:
    table = optional_table(store, "rtl_plans")
    if table is None:
        return None
    if period is None:
        return table.iloc[0:0]
    rows = _scoped(table[in_period(table["period"], period)], agency)
    return rows.sort_values(["agency", "unit_id", "sheet_row"], kind="stable").reset_index(drop=True)


def _proposals(store: StoreReader, period: str, agency: str | None, units: pd.DataFrame) -> pd.DataFrame | None:
    """Weakest elements per unit: the store's Usulan RTL if it has them, else the lowest stored NRR
    of each unit with enough responses, in order (None only when there is no IKM at all)."""
    table = optional_table(store, "rtl_proposals")
    if table is not None:
        rows = _scoped(table[table["period"].astype(str) == period], agency)
        rows = rows.assign(rank=pd.to_numeric(rows["rank"], errors="coerce"))
        if len(rows):
            return rows.sort_values(["agency", "unit_id", "rank"], kind="stable").reset_index(drop=True)
    if units.empty:
        return None
    # Only results (a small sample's order is noise), and for the city only the agencies' rows:
    # the city report points each agency at its weakest element, the agency report every unit.
    ranked = units[pd.to_numeric(units["sufficient"], errors="coerce").fillna(1) != 0]
    if agency is None:
        ranked = ranked[ranked["level"] == "opd"]
    found = []
    for _, unit in ranked.iterrows():
        nrr = [
            (float(unit[c]), key)
            for c, (key, _, _) in zip(NRR_COLUMNS, SKM_ELEMENTS)
            if unit[c] is not None and not math.isnan(float(unit[c]))
        ]
        for rank, (value, key) in enumerate(sorted(nrr)[:WEAKEST], start=1):
            found.append(
                {
                    "unit_id": unit["unit_id"],
                    "agency": unit["agency"],
                    "period": period,
                    "element": key,
                    "nrr": value,
                    "rank": rank,
                }
            )
    return pd.DataFrame(found, columns=list(OPTIONAL_TABLES["rtl_proposals"]))


def gather(
    store: StoreReader,
    period: str,
    agency: str | None = None,
    *,
    city_name: str = "Pemerintah Kota Solok",
    min_responses: int = 20,
) -> SkmReport:
    """The report of `period` ('2026-10', '2026-Q4' or '2026') for one agency or, with None, the city."""
    names = _agencies(store)
    previous = previous_period(period)
    units = _ikm_rows(store, period, agency)
    return SkmReport(
        period=period,
        previous=previous,
        agency=agency,
        city_name=city_name,
        min_responses=min_responses,
        scope_name=names.get(agency, agency) if agency else city_name,
        last_sync=store.meta("last_sync"),
        units=units,
        previous_units=_ikm_rows(store, previous, agency),
        agency_names=names,
        profile=_profile(store, period, agency),
        adequacy=_adequacy(store, period, agency),
        plans=_plans(store, period, agency),
        previous_plans=_plans(store, previous, agency),
        proposals=_proposals(store, period, agency, units),
    )
