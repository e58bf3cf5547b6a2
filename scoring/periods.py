"""Period keys of the scoring model: months 'YYYY-MM', quarters 'YYYY-Qn', years 'YYYY'.

The month is the scoring period (docs/scoring.md); quarters (Triwulan) and years (Tahunan) aggregate
months. Pure string helpers, defined once here for every layer (config.contract re-exports them
for the sheets); the month names are scoring.indonesian's.
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone as fixed_timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from scoring.indonesian import month_name

MONTH, QUARTER, YEAR = "bulan", "triwulan", "tahun"
QUARTERS_ID = ("I", "II", "III", "IV")

# ASCII digits and \Z: \d also matches '٢٠٢٦' and $ matches before a final newline, so
# '2026-10\n' passed as a month key and selected nothing (an empty report, exit 0).
_MONTH_KEY = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])\Z")
_QUARTER_KEY = re.compile(r"^([0-9]{4})-Q([1-4])\Z")
_YEAR_KEY = re.compile(r"^([0-9]{4})\Z")


def kind(period: str) -> str | None:
    """'2026-10' -> 'bulan', '2026-Q4' -> 'triwulan', '2026' -> 'tahun', anything else -> None."""
    text = str(period)
    if _MONTH_KEY.match(text):
        return MONTH
    if _QUARTER_KEY.match(text):
        return QUARTER
    return YEAR if _YEAR_KEY.match(text) else None


def quarter_of(month: str) -> str:
    """'2026-10' -> '2026-Q4'."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def year_of(period: str) -> str:
    """'2026-10' or '2026-Q4' or '2026' -> '2026'."""
    return str(period)[:4]


def month_number(month: str) -> int:
    """Months since year 0, so consecutive calendar months differ by 1: '2026-01' -> 24312."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def previous_month(month: str) -> str:
    """'2026-01' -> '2025-12'."""
    year, index = divmod(month_number(month) - 1, 12)
    return f"{year:04d}-{index + 1:02d}"


def previous_quarter(quarter: str) -> str:
    """'2026-Q1' -> '2025-Q4'."""
    year, index = divmod(int(quarter[:4]) * 4 + int(quarter[6]) - 2, 4)
    return f"{year:04d}-Q{index + 1}"


def previous_period(period: str) -> str | None:
    """The period of the same kind just before: month, quarter or year; None for a bad key."""
    period_kind = kind(period)
    if period_kind == MONTH:
        return previous_month(period)
    if period_kind == QUARTER:
        return previous_quarter(period)
    if period_kind == YEAR:
        return f"{int(period) - 1:04d}"
    return None


def label(period: str) -> str:
    """'2026-10' -> 'Oktober 2026', '2026-Q4' -> 'Triwulan IV 2026', '2026' -> 'Tahun 2026'."""
    text = str(period)
    period_kind = kind(text)
    if period_kind == MONTH:
        return f"{month_name(int(text[5:7]))} {text[:4]}"
    if period_kind == QUARTER:
        return f"Triwulan {QUARTERS_ID[int(text[6]) - 1]} {text[:4]}"
    if period_kind == YEAR:
        return f"Tahun {text}"
    return text


def per_unique(values, helper) -> np.ndarray:
    """`helper` applied to each distinct value once, spread back over `values` (an object array).

    A results frame has tens of thousands of rows but a handful of periods, so the string work
    runs per period, not per row.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    mapped = np.array([helper(value) for value in uniques] + [None], dtype=object)
    return mapped[codes]  # code -1 (a missing value) takes the trailing None


# WIB (Asia/Jakarta) is UTC+7 without daylight saving: usable even without a tz database.
_FIXED_ZONES = {"Asia/Jakarta": fixed_timezone(timedelta(hours=7), "WIB")}


def city_zone(name: str) -> tzinfo:
    """The time zone called `name`; Asia/Jakarta works even where no tz database is installed."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if name in _FIXED_ZONES:
            return _FIXED_ZONES[name]
        raise


# Kota Solok keeps Western Indonesia Time (UTC+7, no daylight saving): times people read are WIB.
CITY_ZONE = city_zone("Asia/Jakarta")
