"""Numbers, month names and dates as Indonesians write them: the one definition for every layer.

Decimal comma and thousands dot (`1.234,50`), month names (`Oktober 2026`), dates (`3 Desember
2026`) and clock times (`14.03`, Indonesian writes the time with a dot). The site (web/format.py),
log lines (sync/display.py), the sentences of the owned tabs (scoring/feedback.py,
scoring/trends.py) and the reports delegate here, so a number looks the same everywhere. Scores
are rounded half-up (SCORING.md: "rounded half-up to 2 decimals only for display"), never
half-to-even. Pure: the caller converts a moment to WIB before it is written out.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

from scoring.rounding import round_half_up

MISSING = "–"  # shown for a value that does not exist (not for a suppressed one)
MINUS = "\u2212"  # a real minus sign: screen readers say "minus", and it lines up with "+"

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# Three letters, for chart axes and column headers: 'Okt', 'Agu'.
MONTHS_SHORT_ID = tuple(name[:3] for name in MONTHS_ID)

# Python writes '1,234.5'; Indonesian swaps the two separators: '1.234,5'.
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def comma(text: str) -> str:
    """A number already written with a decimal point and no thousands separator, with a decimal
    comma: `'87.5'` -> `'87,5'`."""
    return text.replace(".", ",")


def decimal(value: float, decimals: int = 2, trim: bool = False, minus: str = MINUS) -> str:
    """`1234.5` -> `'1.234,50'`: rounded half-up, thousands dot, decimal comma.

    `trim=True` drops trailing zeros (`'12,5'`, `'60'`); `minus` is the sign put before a
    negative number (a real minus sign on pages, '-' in log lines). NaN and infinities are written
    as Python does ('nan', 'inf'): a caller that may hold one shows its own placeholder.
    """
    rounded = round_half_up(float(value), decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.translate(_SWAP_SEPARATORS)
    return f"{minus}{text}" if rounded < 0 else text


def count(value: int) -> str:
    """`30563` -> `'30.563'` (a dot between thousands; a float is cut to its integer part)."""
    return f"{int(value):,}".replace(",", ".")


def general(value: float) -> str:
    """A configured number as briefly as it was meant: `90.0` -> `'90'`, `87.5` -> `'87,5'`."""
    return comma(f"{value:g}")


# Cents 0.00 .. 999.99 as text, for the vectorised path: the owned tabs write a few numbers into
# each of tens of thousands of sentences.
_TABLE_CENTS = 100_000


@cache
def _cents_table() -> np.ndarray:
    return np.array([f"{c // 100},{c % 100:02d}" for c in range(_TABLE_CENTS)], dtype=object)


def decimal_texts(values, places: int = 2, missing: str | None = "") -> np.ndarray:
    """Numbers as text, rounded half-up, decimal comma, no thousands separator, '-' before a
    negative: `[90.015, 5, nan]` -> `['90,02', '5,00', '']` (an object array).

    `missing` is written for NaN and infinities; None writes them as Python does ('nan', 'inf').
    """
    rounded = round_half_up(np.asarray(values, dtype=float), places)
    finite = np.isfinite(rounded)
    if places != 2:
        out = np.char.replace(np.char.mod(f"%.{places}f", rounded), ".", ",").astype(object)
    else:
        magnitude = np.rint(np.abs(np.where(finite, rounded, 0.0)) * 100)
        # Compared as floats, before the int64 cast: from 2**63 cents on the cast wraps to -2**63,
        # which passed `< _TABLE_CENTS` and indexed the table out of bounds.
        small = magnitude < _TABLE_CENTS
        out = _cents_table()[np.where(small, magnitude, 0).astype(np.int64)]
        if not small.all():
            out[~small] = [f"{int(c) // 100},{int(c) % 100:02d}" for c in magnitude[~small]]
        negative = (rounded < 0) & (magnitude > 0)
        if negative.any():
            out[negative] = "-" + out[negative]
    if not finite.all():
        out[~finite] = missing if missing is not None else [str(v) for v in rounded[~finite]]
    return out


def month_name(month: int) -> str:
    """`10` -> `'Oktober'`."""
    return MONTHS_ID[month - 1]


def short_month(month: int) -> str:
    """`10` -> `'Okt'`, `8` -> `'Agu'`."""
    return MONTHS_SHORT_ID[month - 1]


def long_date(moment: dt.date) -> str:
    """`'3 Desember 2026'` (the day without a leading zero)."""
    return f"{moment.day} {MONTHS_ID[moment.month - 1]} {moment.year}"


def clock(moment: dt.datetime | dt.time, seconds: bool = True) -> str:
    """`'18.28.16'`, or `'18.28'` without seconds: Indonesian writes the time with dots."""
    text = f"{moment.hour:02d}.{moment.minute:02d}"
    return f"{text}.{moment.second:02d}" if seconds else text
