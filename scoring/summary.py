"""Aggregates of scored employees per agency and period (public-safe: counts and means only)."""

from __future__ import annotations

import pandas as pd

from scoring.vocabulary import PREDIKAT_COLUMNS


def counted(results: pd.DataFrame) -> pd.Series:
    """Per row of score_employees' output: does this employee count in the month's headcount?

    Aktif staff always count; Nonaktif staff count in a month for which they have data (a report,
    a supervisor rating or attendance): they worked that month, so their score is kept as history
    and the month's headcount includes them. Thus `scored` never exceeds `headcount`. A missing
    `active` (or a blank cell in it) means active.
    """
    active = ~results["active"].eq(False) if "active" in results else pd.Series(True, index=results.index)
    has_data = (
        (pd.to_numeric(results["indicators"], errors="coerce").fillna(0) > 0)
        | results["has_rating"].eq(True)
        | results["has_attendance"].eq(True)
    )
    return active | has_data


def with_predikat_counts(out: pd.DataFrame, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`out` (indexed by `keys`) joined with the count of each predikat of `frame` per key
    (n_sangat_baik … n_sangat_kurang; 0 where none)."""
    counts = (
        frame.groupby([*keys, "predikat"], sort=False)
        .size()
        .unstack("predikat", fill_value=0)
        .reindex(columns=list(PREDIKAT_COLUMNS), fill_value=0)
        .rename(columns=PREDIKAT_COLUMNS)
    )
    counts.columns.name = None
    return out.join(counts, how="left").fillna({c: 0 for c in PREDIKAT_COLUMNS.values()})


def agency_summary(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (agency, period): headcount, who reported/was rated/attended, means, predikat counts.

    headcount: the staff `counted` that month (Aktif, or Nonaktif with data that month).

    `results` is the output of score_employees (with an `agency` column).
    """
    keys = ["agency", "period"]
    if results.empty:
        return pd.DataFrame(
            columns=[
                *keys,
                "headcount",
                "reported",
                "rated",
                "attended",
                "scored",
                "avg_nhk",
                "avg_npk",
                "avg_na",
                *PREDIKAT_COLUMNS.values(),
            ]
        )
    frame = results.assign(
        _active=counted(results),
        _reported=results["indicators"].fillna(0) > 0,
        _rated=results["has_rating"].fillna(False).astype(bool),
        _attended=results["has_attendance"].fillna(False).astype(bool),
        _scored=results["predikat"].notna(),
    )
    grouped = frame.groupby(keys, sort=True)
    out = grouped.agg(
        headcount=("_active", "sum"),
        reported=("_reported", "sum"),
        rated=("_rated", "sum"),
        attended=("_attended", "sum"),
        scored=("_scored", "sum"),
        avg_nhk=("nhk", "mean"),
        avg_npk=("npk", "mean"),
        avg_na=("na", "mean"),
    )
    out = with_predikat_counts(out, frame, keys)
    int_cols = ["headcount", "reported", "rated", "attended", "scored", *PREDIKAT_COLUMNS.values()]
    return out.astype({c: "int64" for c in int_cols}).reset_index()
