"""Complaint counts for accountability (docs/scoring.md §4, "Complaints").

Contract:
- `complaint_stats(complaints, by, params)`: per group of the `Pengaduan` log — received,
  resolved, resolved within the SP4N-LAPOR! limit, median working days to resolve.
- `form_complaints(responses, by)`: per group and category, the number of non-empty complaints
  written in the survey form. Only counts leave this module: complaint texts are never published.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.params import ScoringParams

OTHER_CATEGORY = "Lainnya"


def working_days(received: pd.Series, resolved: pd.Series) -> np.ndarray:
    """Working days from `received` to `resolved` (Mon–Fri, the end day not counted).

    numpy's busday_count counts weekdays in [received, resolved): a complaint received on Friday
    and resolved on Monday took 1 working day; same day → 0. No holiday calendar is applied
    (national holidays and cuti bersama change yearly), so around holidays the count can be
    higher than the office's own. Both inputs must be free of NaT.
    """
    start = received.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    end = resolved.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return np.busday_count(start, end)


def complaint_stats(complaints: pd.DataFrame, by: list[str], params: ScoringParams) -> pd.DataFrame:
    """Per group of `by`: received, resolved (Tanggal Selesai present), resolved_in_limit
    (≤ complaint_days_limit working days — the SP4N-LAPOR! follow-up limit of 5 working days),
    median_days (median working days to resolve; NaN when none resolved). Sorted by `by`.

    Expects Tanggal Selesai ≥ Tanggal Masuk (a validator check); an earlier one would give a
    negative count, counted as within the limit.
    """
    by = list(by)
    resolved = complaints["resolved"].notna().to_numpy()
    days = np.full(len(complaints), np.nan)
    days[resolved] = working_days(
        complaints["received"][resolved], complaints["resolved"][resolved]
    )
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
