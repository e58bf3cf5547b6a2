"""Score one agency's validated input into the frames the tabs and the store need."""

from __future__ import annotations

import pandas as pd

from config.settings import Settings
from scoring import agency_summary, employee_ikm, score_employees, with_capaian
from sync.units import UnitIndex, assign_unit_ids
from sync.validation import AgencyInput


def score_agency(data: AgencyInput, units: UnitIndex, city_tables: dict, settings: Settings) -> dict:
    """Score one agency's validated input; pure apart from reading `city_tables`."""
    params = settings.scoring
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
    results = results.merge(employees[["nip", "active"]], on="nip", how="left").assign(
        agency=data.code, rules_id=settings.rules_id
    )
    indicators = with_capaian(data.reports, params).assign(agency=data.code)
    return {
        "employees": employees,
        "results": results,
        "indicators": indicators,
        "agency_summary": agency_summary(results).assign(rules_id=settings.rules_id),
    }
