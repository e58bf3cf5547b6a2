"""Half-up rounding for display and threshold comparisons.

Scores are kept unrounded; they are rounded half-up to 2 decimals only to be shown and before
being compared with a threshold (docs/scoring.md: "rounded half-up to 2 decimals only for display and
before comparing with a threshold"). Python's `round` and numpy's `round` round half to even and
act on the binary value (`round(2.675, 2) == 2.67`), which would put 109.995 under 110.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def round_half_up(values, decimals: int = 2):
    """Round half up to `decimals`; NaN stays NaN. Accepts a float, an ndarray or a Series.

    The scaled value is first rounded to 6 decimals so that binary noise such as
    109.995 * 100 == 10999.499999999998 counts as the exact half it was meant to be:
    `round_half_up(109.995) == 110.0`, `round_half_up(89.994) == 89.99`.
    """
    factor = 10.0**decimals
    if isinstance(values, pd.Series):
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(_round(arr, factor), index=values.index, name=values.name)
    if np.ndim(values) == 0:
        return float(_round(np.asarray(values, dtype=float), factor))
    return _round(np.asarray(values, dtype=float), factor)


def _round(arr: np.ndarray, factor: float) -> np.ndarray:
    return np.floor(np.round(arr * factor, 6) + 0.5) / factor
