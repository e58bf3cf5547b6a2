"""Indonesian display formatting for the site and the reports: the Jinja filters.

Everything a person reads on the site or in a report goes through here, and from here through
scoring.indonesian (the one definition of the decimal comma, thousands dot and month names):
`number(107.9) == '107,90'`, `integer(36000) == '36.000'`, `month_label('2026-10') == 'Oktober
2026'`. This module adds what a page needs: "–" for a missing value, a cache, WIB timestamps.
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache

from scoring.indonesian import MINUS, MISSING, clock, decimal, long_date
from scoring.periods import CITY_ZONE, label as period_label

__all__ = ["FILTERS", "MINUS", "MISSING", "WIB", "integer", "month_label", "number", "percent", "signed", "timestamp"]

# Kota Solok (West Sumatra) is on Western Indonesia Time: zoneinfo's Asia/Jakarta, UTC+7 with no
# daylight saving (a fixed UTC+7 where no tz database is installed; see scoring.periods.city_zone).
WIB = CITY_ZONE


def _absent(value: object) -> bool:
    """Missing, or not a number a page can show: NaN and ±inf read "–", never "nan" or "inf"."""
    if value is None:
        return True
    try:
        return not math.isfinite(value)
    except OverflowError:  # an integer past any float: not a number to show either
        return True
    except TypeError:
        return False


def number(value: float | None, decimals: int = 2, trim: bool = False) -> str:
    """`1234.5` -> `'1.234,50'`; half-up; `trim=True` drops trailing zeros (`'12,5'`, `'60'`)."""
    if _absent(value):
        return MISSING
    return _number(float(value), decimals, trim)


# Pages show the same few hundred numbers on every request until the next sync; numpy's scalar
# rounding costs microseconds each, so remember the strings.
@lru_cache(maxsize=8192)
def _number(value: float, decimals: int, trim: bool) -> str:
    return decimal(value, decimals, trim)


def integer(value: int | float | None) -> str:
    """`36000` -> `'36.000'`."""
    if _absent(value):
        return MISSING
    return number(value, 0)


def percent(ratio: float | None, decimals: int = 0, trim: bool = False) -> str:
    """A share as a percentage: `0.75` -> `'75%'`, `0.857` with decimals=1 -> `'85,7%'`."""
    if _absent(ratio):
        return MISSING
    return number(100.0 * float(ratio), decimals, trim) + "%"


def signed(value: float | None, decimals: int = 2) -> str:
    """A change with its sign: `1.25` -> `'+1,25'`, `-0.5` -> `'−0,50'`, `0` -> `'0,00'`."""
    if _absent(value):
        return MISSING
    text = number(value, decimals)
    return text if text.startswith(MINUS) or text == number(0.0, decimals) else "+" + text


def month_label(period: str | None) -> str:
    """`'2026-10'` -> `'Oktober 2026'`; anything else is returned unchanged."""
    return period_label(period) if period else MISSING


def timestamp(text: str | None) -> str:
    """An ISO timestamp as `'28 November 2026 14.03 WIB'` (Indonesian writes time as 14.03).

    Aware timestamps are converted to WIB; naive ones are taken as WIB already. Text that is not
    a timestamp is returned unchanged, and a missing one as 'belum pernah'.
    """
    if not text:
        return "belum pernah"
    try:
        moment = datetime.fromisoformat(str(text).strip())
    except ValueError:
        return str(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(WIB)
    return f"{long_date(moment)} {clock(moment, seconds=False)} WIB"


# Registered as Jinja filters by the app factory: `{{ row.avg_na | number }}`.
FILTERS = {
    "number": number,
    "integer": integer,
    "percent": percent,
    "signed": signed,
    "month_label": month_label,
    "timestamp": timestamp,
}
