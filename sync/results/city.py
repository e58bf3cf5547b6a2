"""City-wide results: IKM per service unit and agency, complaint counts, unit display names.

Built from the city spreadsheet's validated responses and complaint log, or taken back from the
results store when the city spreadsheet cannot be read this cycle.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from config.settings import Settings
from scoring import complaint_stats, form_complaints, ikm_table
from scoring.complaint_handling import OFFICER_COLUMNS, officer_complaints
from scoring.params import ScoringParams
from scoring.periodic import pooled_ikm
from scoring.sample import judge
from scoring.trends import ikm_quarter_flags
from scoring.vocabulary import (
    AGENCY_LEVEL,
    AGENCY_UNIT_PREFIX,
    SERVICE_UNIT_LEVEL,
    SERVICE_UNIT_PREFIX,
    agency_unit_id,
)
from sync.results.profile import profile_counts
from sync.store import ResultsStore
from sync.store.accounts import city_today
from sync.validate.rows import CityInput
from sync.validate.units import agency_id, unit_id


def unit_names(settings: Settings, employees: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """unit_id -> (agency code, display name) for every agency and every Unit Kerja."""
    names = {agency_id(a.code): (a.code, a.name) for a in settings.agencies}
    if len(employees):
        pairs = employees.loc[employees["unit"].fillna("").str.strip() != "", ["agency", "unit"]].drop_duplicates()
        for code, unit in zip(pairs["agency"], pairs["unit"]):
            names.setdefault(unit_id(code, unit), (code, unit.strip()))
    return names


def city_tables(
    city: CityInput,
    names: dict[str, tuple[str, str]],
    params: ScoringParams,
    holidays: tuple = (),
    today: dt.date | None = None,
) -> dict[str, pd.DataFrame]:
    """IKM per unit and per agency, complaint counts, each named officer's complaint handling —
    everything the city tabs and scores need. Working days skip weekends and `holidays`
    (sync.working_calendar); an open complaint is judged against `today` (default: today)."""
    responses = city.responses
    # `sufficient` is judged against each unit-period's minimum sample (scoring.sample.judge:
    # Krejcie–Morgan from `Populasi Layanan`, else min_responses) before any agency is scored.
    population = getattr(city, "population", None)
    unit_ikm = judge(ikm_table(responses, ["unit_id", "period"], params), population, params.min_responses)
    agency_ikm = ikm_table(responses, ["agency", "period"], params)
    agency_ikm = judge(agency_ikm, population, params.min_responses, AGENCY_UNIT_PREFIX + agency_ikm["agency"])
    unit_rows = unit_ikm.assign(
        agency=unit_ikm["unit_id"].map(lambda u: names.get(u, ("", u))[0]),
        unit_name=unit_ikm["unit_id"].map(lambda u: names.get(u, ("", u))[1]),
        level=unit_ikm["unit_id"].str.split(":").str[0],
    )
    agency_rows = agency_ikm.assign(
        unit_id=AGENCY_UNIT_PREFIX + agency_ikm["agency"],
        unit_name=agency_ikm["agency"].map(lambda a: names.get(agency_unit_id(a), (a, a))[1]),
        level=AGENCY_LEVEL,
    )
    # An agency-level row for the agency's own name would duplicate its pooled row: keep the pooled one.
    ikm = pd.concat([agency_rows, unit_rows[unit_rows["level"] == SERVICE_UNIT_LEVEL]], ignore_index=True)
    complaints = city.complaints
    unit_complaints = complaint_stats(complaints, ["unit_id", "period"], params, holidays)
    agency_complaints = complaint_stats(complaints, ["agency", "period"], params, holidays)
    pooled_complaints = agency_complaints.assign(unit_id=AGENCY_UNIT_PREFIX + agency_complaints["agency"])
    unit_level = unit_complaints[unit_complaints["unit_id"].str.startswith(SERVICE_UNIT_PREFIX)]
    categories = form_complaints(responses, ["unit_id", "agency", "period"])
    agency_categories = form_complaints(responses, ["agency", "period"]).assign(
        unit_id=lambda f: AGENCY_UNIT_PREFIX + f["agency"]
    )
    return {
        "unit_ikm": unit_ikm,
        "agency_ikm": agency_ikm,
        "ikm": ikm,
        "ikm_periodic": ikm_periodic(ikm, params, population),
        "complaints": pd.concat(
            [
                pooled_complaints,
                unit_level.assign(agency=unit_level["unit_id"].map(lambda u: names.get(u, ("", u))[0])),
            ],
            ignore_index=True,
        ),
        "agency_complaints": agency_complaints,
        "complaint_categories": pd.concat(
            [agency_categories, categories[categories["unit_id"].str.startswith(SERVICE_UNIT_PREFIX)]],
            ignore_index=True,
        ),
        "respondent_profile": profile_counts(city.profile),
        "officer_complaints": officer_complaints(complaints, params, today or city_today(), holidays),
    }


def ikm_periodic(ikm: pd.DataFrame, params: ScoringParams, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quarter and year IKM of every unit and agency, pooled over the period's responses, judged
    against the period's minimum sample (its own population, else its months' or quarters' sum:
    scoring.sample), with the quarter-on-quarter change and the "fell 5 points or more" flag
    (docs/scoring.md §5), which compares sufficient quarters only."""
    return ikm_quarter_flags(judge(pooled_ikm(ikm, params), population, params.min_responses), params)


def stored_city_tables(store: ResultsStore) -> dict[str, pd.DataFrame]:
    """The city's previous results, used when the city spreadsheet cannot be read this cycle."""
    adequacy = store.read("sample_adequacy")
    ikm = stored_minimum(store.read("ikm"), adequacy)
    complaints = store.read("complaints")
    opd = ikm[ikm["level"] == AGENCY_LEVEL]
    return {
        "unit_ikm": ikm.drop(columns=["agency", "unit_name", "level"]),
        "agency_ikm": opd.drop(columns=["unit_id", "unit_name", "level"]),
        "ikm": ikm,
        "ikm_periodic": stored_minimum(store.read("ikm_periodic"), adequacy),
        "complaints": complaints,
        "agency_complaints": complaints[complaints["unit_id"].str.startswith(AGENCY_UNIT_PREFIX)].drop(
            columns=["unit_id"]
        ),
        "complaint_categories": store.read("complaint_categories"),
        "respondent_profile": store.read("respondent_profile"),
        "officer_complaints": stored_officer_complaints(store),
    }


def stored_minimum(ikm: pd.DataFrame, adequacy: pd.DataFrame) -> pd.DataFrame:
    """Stored IKM rows (their `sufficient` as judged then) plus the minimum that applied, from the
    stored sample_adequacy; a store without it: the configured minimum, unknown here, stays empty."""
    extra = (
        adequacy[["unit_id", "period", "min_sample", "rule", "population"]]
        .drop_duplicates(["unit_id", "period"], keep="last")
        .rename(columns={"rule": "sample_rule", "population": "population_n"})
    )
    return ikm.drop(columns=[c for c in ("min_sample", "sample_rule", "population_n") if c in ikm]).merge(
        extra, on=["unit_id", "period"], how="left"
    )


def stored_officer_complaints(store: ResultsStore) -> pd.DataFrame:
    """Each officer's complaint handling as last scored (the results rows with counted complaints),
    so an unreadable city spreadsheet does not drop c_aduan from their NHK."""
    rows = store.read("results", "complaints_counted > 0")
    if rows.empty:
        rows = pd.DataFrame(columns=["period", "nip", "complaints_counted", "complaints_on_time", "c_aduan"])
    rows = rows.drop_duplicates(["period", "nip"])
    counted = rows["complaints_counted"].astype("int64")
    return rows.assign(
        complaints_counted=counted,
        complaints_on_time=rows["complaints_on_time"].astype("int64"),
        complaint_share=(rows["complaints_on_time"].astype(float) / counted.where(counted > 0)).astype(float),
        c_aduan=rows["c_aduan"].astype(float),
    )[OFFICER_COLUMNS].reset_index(drop=True)
