"""Ratings, the discipline gate, the predikat matrix and Nilai Akhir (docs/scoring.md §3).

Contract:
- `rating(scores, params)`: Di Atas / Sesuai / Di Bawah Ekspektasi from the score rounded
  half-up to 2 decimals (PP 30/2019: the Baik band starts at 90, Sangat Baik at 110); NaN → None.
- `rating_perilaku(npk, gate, params)`: as `rating`, but Di Bawah where the gate holds.
- `predikat(rating_hk, rating_pk)`: PermenPANRB 6/2022 matrix; a missing rating → None.
- `nilai_akhir(nhk, npk, params)`: 0.70·NHK + 0.30·NPK (PP 30/2019 weights); NaN if either is.
All return Series of object dtype (labels or None) or float, aligned on the input's index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.params import DI_ATAS, DI_BAWAH, PREDIKAT_MATRIX, RATINGS, SESUAI, ScoringParams
from scoring.rounding import round_half_up

# Codes index RATINGS; the extra last slot (-1) is "no rating".
_RATING_LABELS = np.array(list(RATINGS) + [None], dtype=object)
_ABOVE, _MEETS, _BELOW = RATINGS.index(DI_ATAS), RATINGS.index(SESUAI), RATINGS.index(DI_BAWAH)
_NONE = -1
# PREDIKAT_MATRIX as a 4×4 lookup over rating codes; row/column -1 (missing) stays None.
_MATRIX = np.full((len(RATINGS) + 1, len(RATINGS) + 1), None, dtype=object)
for (_hk, _pk), _label in PREDIKAT_MATRIX.items():
    _MATRIX[RATINGS.index(_hk), RATINGS.index(_pk)] = _label


def _index(values) -> pd.Index | None:
    return values.index if isinstance(values, pd.Series) else None


def _rating_codes(scores, params: ScoringParams) -> np.ndarray:
    rounded = round_half_up(np.asarray(scores, dtype=float), 2)
    above, meets = params.threshold_above, params.threshold_meets
    return np.select(
        [rounded >= above, rounded >= meets, rounded < meets],
        [_ABOVE, _MEETS, _BELOW],
        default=_NONE,  # NaN fails every comparison
    )


def rating(scores, params: ScoringParams) -> pd.Series:
    """Rating label of each score: ≥110 Di Atas, ≥90 Sesuai, else Di Bawah; NaN → None.

    Example: 109.995 rounds to 110.00 → Di Atas Ekspektasi; 89.994 → 89.99 → Di Bawah.
    """
    codes = _rating_codes(scores, params)
    return pd.Series(_RATING_LABELS[codes], index=_index(scores), dtype=object)


def rating_perilaku(npk, gate, params: ScoringParams) -> pd.Series:
    """Rating Perilaku: `rating(npk)`, but Di Bawah Ekspektasi where the discipline gate holds.

    docs/scoring.md §3: Tanpa Keterangan ≥ 5 days in the month → Di Bawah "whatever NPK says".
    Without an NPK (no supervisor rating) there is no rating, gate or not.
    """
    codes = _rating_codes(npk, params)
    # NaN/NA in `gate` must mean "no gate" (np.asarray(nan, dtype=bool) would be True).
    gate_flags = pd.array(np.asarray(gate), dtype="boolean").fillna(False).to_numpy(dtype=bool)
    gated = gate_flags & (codes != _NONE)
    codes = np.where(gated, _BELOW, codes)
    return pd.Series(_RATING_LABELS[codes], index=_index(npk), dtype=object)


def _codes_of_labels(labels) -> np.ndarray:
    return pd.Categorical(np.asarray(labels, dtype=object), categories=list(RATINGS)).codes


def predikat(rating_hk, rating_pk) -> pd.Series:
    """Predikat Kinerja Pegawai from the PermenPANRB 6/2022 matrix (rows Hasil Kerja, columns
    Perilaku); None where either rating is missing."""
    hk = _codes_of_labels(rating_hk)
    pk = _codes_of_labels(rating_pk)
    return pd.Series(_MATRIX[hk, pk], index=_index(rating_hk), dtype=object)


def nilai_akhir(nhk, npk, params: ScoringParams) -> pd.Series:
    """NA = 0.70·NHK + 0.30·NPK (PP 30/2019 weights), unrounded; NaN if either is missing.

    For ranking and trends only: the predikat comes from the matrix, not from NA.
    """
    hasil = np.asarray(nhk, dtype=float)
    perilaku = np.asarray(npk, dtype=float)
    values = params.weight_final_hasil * hasil + params.weight_final_perilaku * perilaku
    return pd.Series(values, index=_index(nhk), dtype=float)
