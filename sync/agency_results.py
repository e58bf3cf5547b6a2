"""Score one agency's validated input into the frames the tabs and the store need."""

from __future__ import annotations

import pandas as pd

from config.settings import Settings
from scoring import agency_summary, employee_ikm, score_employees, with_capaian
from scoring.completeness import completeness
from scoring.distribution import check_distribution, org_ratings
from scoring.feedback import catatan_penilaian
from scoring.periodic import periodic_results, periodic_summary
from scoring.periods import YEAR
from scoring.trends import agency_trends, employee_trends
from sync.units import UnitIndex, assign_unit_ids
from sync.validation import AgencyInput


def score_agency(data: AgencyInput, units: UnitIndex, city_tables: dict, settings: Settings,
                 org_rating_rows: pd.DataFrame | None = None) -> dict:
    """Score one agency's validated input; pure apart from reading `city_tables`.

    `org_rating_rows`: the city spreadsheet's `Kinerja Organisasi` rows (agency, year, org_rating)
    for the distribution check; config's [[agencies]] org_rating applies where the tab is silent.
    """
    params = settings.scoring
    rules = {"rules_id": settings.rules_id, "rules_name": settings.rules_name}
    employees = assign_unit_ids(data.employees, units)
    periods = sorted(set(data.reports["period"]) | set(data.ratings["period"]) | set(data.attendance["period"]))
    grid = employees[["nip", "agency", "unit_id"]].merge(
        pd.DataFrame({"period": pd.Series(periods, dtype=object)}), how="cross"
    )
    # Staff with no Unit Kerja of their own take the agency's pooled IKM, not only the responses
    # that happened to name the agency itself.
    unit_ikm = city_tables["unit_ikm"]
    unit_ikm = unit_ikm[unit_ikm["unit_id"].str.startswith("unit:")]
    emp_ikm = employee_ikm(grid, unit_ikm, city_tables["agency_ikm"], params)
    results = score_employees(employees, data.reports, data.ratings, data.attendance, emp_ikm, params, periods)
    results = results.merge(employees[["nip", "active", "unit_id"]], on="nip", how="left").assign(
        agency=data.code, **rules
    )
    indicators = with_capaian(data.reports, params).assign(agency=data.code)

    # SCORING.md §5: trends, then the feedback that cites the change since last month.
    results = employee_trends(results, params)
    results = results.assign(catatan=catatan_penilaian(
        results, indicators, city_tables["ikm"], city_tables["complaint_categories"], params, settings.feedback,
    ))

    complete = completeness(results)
    summary = agency_summary(results).merge(
        complete[["agency", "period", "complete", "complete_share"]], on=["agency", "period"], how="left"
    )
    summary = agency_trends(summary, params).assign(**rules)

    periodic = periodic_results(results, params).assign(**rules)
    agency_periodic = periodic_summary(periodic, results).assign(**rules)
    years = sorted(periodic.loc[periodic["kind"] == YEAR, "period"].unique())
    tab_rows = org_rating_rows if org_rating_rows is not None else pd.DataFrame(
        columns=["agency", "year", "org_rating"])
    ratings = org_ratings([settings.agency(data.code)], tab_rows[tab_rows["agency"] == data.code], years)
    checks = check_distribution(periodic, ratings).assign(rules_id=settings.rules_id)
    return {
        "employees": employees,
        "results": results,
        "indicators": indicators,
        "agency_summary": summary,
        "completeness": complete,
        "results_periodic": periodic,
        "agency_periodic": agency_periodic,
        "distribution_checks": checks,
    }

