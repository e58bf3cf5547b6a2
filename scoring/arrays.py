"""Array helpers for vectorised scoring: integer keys for (period, nip) pairs, nullable ints.

At province scale (5 million indicator rows) grouping and merging on two string columns is the
slow part of scoring; factorising each string column once and combining the codes is not, and
aggregation then becomes bincount/scatter on integer arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def factorize_pairs(period, nip) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group rows by (period, nip): (group of each row, period of each group, nip of each group).

    Groups are numbered 0..n-1 in (period, nip) sort order.
    Example: periods ['b', 'a', 'b'], nips ['1', '2', '1'] → groups [1, 0, 1],
    group periods ['a', 'b'], group nips ['2', '1'].
    """
    period_codes, periods = pd.factorize(np.asarray(period, dtype=object), sort=True)
    nip_codes, nips = pd.factorize(np.asarray(nip, dtype=object), sort=True)
    width = max(len(nips), 1)
    combined = period_codes.astype(np.int64) * width + nip_codes
    group, pairs = pd.factorize(combined, sort=True)
    return (
        group.astype(np.int64),
        np.asarray(periods, dtype=object)[pairs // width],
        np.asarray(nips, dtype=object)[pairs % width],
    )


def last_row_per_group(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(groups, row of each group's last occurrence), groups ascending: duplicates → last wins."""
    groups, first_from_end = np.unique(group[::-1], return_index=True)
    return groups, len(group) - 1 - first_from_end


def nullable_int(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole-number floats with NaN → Int64 with NA (built directly: pd.array(...) is slow)."""
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def as_float(values: pd.Series) -> np.ndarray:
    """A numeric column as float64 with NaN for missing, whatever its dtype (object, Int64, …).

    Frames read back from a store or built empty arrive with object columns; `fillna` on those
    would downcast (a pandas FutureWarning), so numbers are converted first.
    """
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
