"""Perilaku Kerja (behaviour, discipline, initiative): NPK per employee and month (docs/scoring.md §2).

Contract: `perilaku(ratings, attendance, params)` returns one row per (period, nip) present in
either input, with the components B, I, D, NPK, the attendance counts, the discipline gate and
the supervisor's feedback.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import factorize_pairs, last_row_per_group, nullable_int
from scoring.params import ScoringParams
from scoring.vocabulary import BERAKHLAK_KEYS, INITIATIVE_KEY

ATTENDANCE_COUNTS = ("absent", "late", "early_leave")


def percent_of_expectation(ratings, table: dict[int, float]) -> np.ndarray:
    """Map ratings 1–5 to percent of expectation by `table` (1→50 … 5→120); others → NaN."""
    values = np.asarray(ratings, dtype=float)
    table = {int(value): float(percent) for value, percent in table.items()}  # TOML keys are str
    top = max(table)
    lookup = np.full(top + 2, np.nan)  # the last slot catches anything not in the table
    for value, percent in table.items():
        lookup[value] = percent
    whole = np.isfinite(values) & (values == np.floor(values)) & (values >= 0) & (values <= top)
    return lookup[np.where(whole, values, len(lookup) - 1).astype(np.int64)]


def perilaku(ratings: pd.DataFrame, attendance: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """One row per (period, nip) in ratings or attendance, sorted by period, nip.

    Columns: period, nip, b, i, d, npk, has_rating, has_attendance, absent, late, early_leave
    (nullable Int64; NA without attendance), gate, feedback, rater_nip, rating_row and
    attendance_row (the sheet row of the rating and the attendance row used; NaN without one).
    - B = mean over the 7 BerAKHLAK values of table[rating]; I = table[Inisiatif].
    - D = max(0, 100 − 10·Tanpa Keterangan − 2·(Terlambat + Pulang Cepat)); NaN without
      attendance.
    - NPK = 0.60·B + 0.25·D + 0.15·I; without attendance D is left out and the other two weights
      are rescaled to sum to 1 (0.60/0.75 and 0.15/0.75); no rating → NaN.
    - gate: Tanpa Keterangan ≥ gate_absent_days (docs/scoring.md §3), applied by
      `scoring.predikat.rating_perilaku`.
    Expects at most one row per (period, nip) in each input (the validator ensures it); if there
    are more, the last one wins.
    """
    n_ratings = len(ratings)
    period, nip = (
        np.concatenate([frame[key].to_numpy(dtype=object) for frame in (ratings, attendance)])
        for key in ("period", "nip")
    )
    group, periods, nips = factorize_pairs(period, nip)
    n = len(periods)

    rated, rating_rows = last_row_per_group(group[:n_ratings])
    table = params.rating_table
    b = np.full(n, np.nan)
    i = np.full(n, np.nan)
    berakhlak = [ratings[key].to_numpy()[rating_rows] for key in BERAKHLAK_KEYS]
    b[rated] = sum(percent_of_expectation(values, table) for values in berakhlak) / len(berakhlak)
    i[rated] = percent_of_expectation(ratings[INITIATIVE_KEY].to_numpy()[rating_rows], table)
    has_rating = np.zeros(n, dtype=bool)
    has_rating[rated] = True

    present, attendance_rows = last_row_per_group(group[n_ratings:])
    counts = {}
    for key in ATTENDANCE_COUNTS:
        column = np.full(n, np.nan)
        if key in attendance:
            column[present] = attendance[key].fillna(0).to_numpy(dtype=float)[attendance_rows]
        else:
            column[present] = 0.0
        counts[key] = column
    has_attendance = np.zeros(n, dtype=bool)
    has_attendance[present] = True

    d = np.maximum(
        0.0,
        100.0
        - params.penalty_absent * counts["absent"]
        - params.penalty_late * (counts["late"] + counts["early_leave"]),
    )
    w_b, w_d, w_i = params.weight_berakhlak, params.weight_discipline, params.weight_initiative
    # docs/scoring.md §2: no attendance row → D left out, the B and I weights rescaled to sum to 1.
    npk = np.where(has_attendance, w_b * b + w_d * d + w_i * i, (w_b * b + w_i * i) / (w_b + w_i))

    return pd.DataFrame(
        {
            "period": periods,
            "nip": nips,
            "b": b,
            "i": i,
            "d": d,
            "npk": npk,
            "has_rating": has_rating,
            "has_attendance": has_attendance,
            **{key: nullable_int(counts[key]) for key in ATTENDANCE_COUNTS},
            "gate": has_attendance & (np.nan_to_num(counts["absent"]) >= params.gate_absent_days),
            # The supervisor's eight ratings as given (1-5), so HR can see what B and I rest on.
            **{
                f"rating_{key}": _ratings(ratings, key, rated, rating_rows, n)
                for key in (*BERAKHLAK_KEYS, INITIATIVE_KEY)
            },
            "feedback": _text(ratings, "feedback", rated, rating_rows, n),
            "rater_nip": _text(ratings, "rater_nip", rated, rating_rows, n),
            # The sheet rows used (the validated frames' `row`; NaN without one), so a review can
            # say "baris 7 di tab Penilaian Atasan" as it does for the indicator rows.
            "rating_row": _ratings(ratings, "row", rated, rating_rows, n),
            "attendance_row": _ratings(attendance, "row", present, attendance_rows, n),
        },
        copy=False,  # every array above is new
    )


def _ratings(frame: pd.DataFrame, column: str, groups: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """A rating column of `frame` scattered onto the n groups; NaN where there is no rating."""
    out = np.full(n, np.nan)
    if column in frame:
        out[groups] = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)[rows]
    return out


def _text(frame: pd.DataFrame, column: str, groups: np.ndarray, rows: np.ndarray, n: int):
    """A text column of `frame` scattered onto the n groups; '' where missing."""
    out = np.full(n, "", dtype=object)
    if column in frame:
        out[groups] = frame[column].fillna("").to_numpy(dtype=object)[rows]
    return out
