"""Respondent profile counts per service unit (and agency) and period: how many respondents of
each category (Jenis Kelamin, Usia, Pendidikan, Pekerjaan) answered the survey.

Counted over the responses the IKM uses (sync.validate.city), per month and pooled per quarter
and year like the IKM; an agency's row (unit id 'opd:<CODE>') pools the agency and its units.
Stored as `respondent_profile` (the Laporan SKM and the OPD page read it).
"""

from __future__ import annotations

import pandas as pd

from config.contract import quarter_of
from scoring.vocabulary import AGENCY_UNIT_PREFIX, CHARACTERISTICS, SERVICE_UNIT_PREFIX

PROFILE_COLUMNS = ["unit_id", "agency", "period", "characteristic", "category", "count"]


def profile_counts(profile: pd.DataFrame) -> pd.DataFrame:
    """unit_id, agency, period ('YYYY-MM', 'YYYY-Qn', 'YYYY'), characteristic, category, count."""
    present = [key for key in CHARACTERISTICS if key in profile.columns and profile[key].notna().any()]
    if profile.empty or not present:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else "object") for c in PROFILE_COLUMNS})
    # One pass over the responses: how many share each unit, month and profile; the rest works on
    # those few combinations (a city's year of responses is hundreds of thousands of rows).
    keys = ["unit_id", "agency", "period"]
    combos = profile.groupby([*keys, *present], dropna=False, sort=False).size().reset_index(name="count")
    long = combos.melt(
        id_vars=[*keys, "count"], value_vars=present, var_name="characteristic", value_name="category"
    ).dropna(subset=["category"])
    long = long.assign(characteristic=long["characteristic"].map(CHARACTERISTICS))
    groups = [*keys, "characteristic", "category"]
    monthly = long.groupby(groups, as_index=False, sort=False)["count"].sum()
    units = monthly[monthly["unit_id"].astype(str).str.startswith(SERVICE_UNIT_PREFIX)]
    agencies = monthly.assign(unit_id=AGENCY_UNIT_PREFIX + monthly["agency"].astype(str))
    frames = []
    for rows in (agencies, units):
        for period in (rows["period"], rows["period"].map(quarter_of), rows["period"].str[:4]):
            frames.append(rows.assign(period=period))
    both = pd.concat(frames, ignore_index=True)
    counts = both.groupby(groups, as_index=False)["count"].sum().astype({"count": "int64"})
    return counts[PROFILE_COLUMNS].sort_values(PROFILE_COLUMNS[:5], kind="stable").reset_index(drop=True)
