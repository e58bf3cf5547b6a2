"""Complaint counts for accountability (docs/scoring.md §4, "Complaints").

Contract:
- `complaint_stats(complaints, by, params, holidays)`: per group of the `Pengaduan` log —
  received, resolved, resolved within the SP4N-LAPOR! limit, median working days to resolve.
- `working_days(received, resolved, holidays)`: Monday–Friday minus the given days off.

`holidays` are the days off that are not weekends (libur nasional and cuti bersama): this module
stays pure, so the calendar is built at the edge (sync/working_calendar.py) and passed in.
- `form_complaints(responses, by)`: per group and category, the number of non-empty complaints
  written in the survey form. Only counts leave this module: complaint texts are never published.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.params import ScoringParams

OTHER_CATEGORY = "Lainnya"


Holidays = "np.ndarray | tuple | list"  # dates (datetime64[D], date or ISO text) of days off


def as_holidays(holidays: Holidays = ()) -> np.ndarray:
    """The days off as a sorted datetime64[D] array (what numpy's business-day functions take)."""
    return np.unique(np.asarray(holidays, dtype="datetime64[D]"))


def working_days(received: pd.Series, resolved: pd.Series, holidays: Holidays = ()) -> np.ndarray:
    """Working days from `received` to `resolved` (Mon–Fri minus `holidays`, the end day not counted).

    numpy's busday_count counts working days in [received, resolved): a complaint received on
    Friday and resolved on Monday took 1 working day; same day → 0; received on a day off and
    resolved on the next working day → 0. SP4N-LAPOR!'s 5-day limit is in working days, so libur
    nasional and cuti bersama (`holidays`) do not count. Both inputs must be free of NaT.
    """
    start = received.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    end = resolved.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return np.busday_count(start, end, holidays=as_holidays(holidays))


def complaint_stats(
    complaints: pd.DataFrame, by: list[str], params: ScoringParams, holidays: Holidays = ()
) -> pd.DataFrame:
    """Per group of `by`: received, resolved (Tanggal Selesai present), resolved_in_limit
    (≤ complaint_days_limit working days — the SP4N-LAPOR! follow-up limit of 5 working days),
    median_days (median working days to resolve; NaN when none resolved). Sorted by `by`.
    Working days skip weekends and `holidays` (see working_days).

    Expects Tanggal Selesai ≥ Tanggal Masuk (a validator check); an earlier one would give a
    negative count, counted as within the limit.
    """
    by = list(by)
    resolved = complaints["resolved"].notna().to_numpy()
    days = np.full(len(complaints), np.nan)
    days[resolved] = working_days(complaints["received"][resolved], complaints["resolved"][resolved], holidays)
    frame = complaints[by].assign(
        _resolved=resolved,
        _days=days,
        _in_limit=resolved & (days <= params.complaint_days_limit),
    )
    stats = frame.groupby(by, sort=True, observed=True).agg(
        received=("_resolved", "size"),
        resolved=("_resolved", "sum"),
        resolved_in_limit=("_in_limit", "sum"),
        median_days=("_days", "median"),
    )
    counts = {"received": "int64", "resolved": "int64", "resolved_in_limit": "int64"}
    return stats.astype({**counts, "median_days": float}).reset_index()


def form_complaints(responses: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group of `by` and `category`: `count` of responses with a non-empty complaint text.

    A blank Kategori Keluhan counts as 'Lainnya'. Sorted by `by`, category.
    """
    by = list(by)
    text = responses["complaint"].fillna("").astype(str).str.strip()
    written = (text != "").to_numpy()
    if "complaint_category" in responses:
        category = responses["complaint_category"].fillna("").astype(str).str.strip()
    else:
        category = pd.Series("", index=responses.index)
    category = category.mask(category == "", OTHER_CATEGORY)
    frame = responses.loc[written, by].assign(category=category[written])
    counts = frame.groupby(by + ["category"], sort=True, observed=True).size()
    return counts.rename("count").astype("int64").reset_index()
