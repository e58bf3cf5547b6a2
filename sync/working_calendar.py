"""The days off that SP4N-LAPOR!'s "5 working days" skips, built at the sync edge.

Libur nasional come from the `holidays` package's Indonesian calendar (Keputusan Bersama / SKB 3
Menteri list of national holidays, maintained upstream year by year); cuti bersama are not in it
for every year and change by each year's SKB, so they come from config ([complaints]
cuti_bersama). scoring/ takes the result as a plain list of dates and stays free of I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import holidays
import pandas as pd

from config.settings import ComplaintSettings


def holiday_dates(years: Iterable[int], cuti_bersama: Iterable[str]) -> tuple[dt.date, ...]:
    """Sorted days off in `years`: Indonesia's national holidays plus the given cuti bersama."""
    years = sorted(set(years))
    national = holidays.Indonesia(years=years) if years else {}
    extra = {dt.date.fromisoformat(day) for day in cuti_bersama}
    return tuple(sorted(set(national) | extra))


def complaint_holidays(settings: ComplaintSettings, received: pd.Series) -> tuple[dt.date, ...]:
    """The days off that can fall inside a complaint's 5 working days: every year a complaint of
    the log was received in, and the next (a complaint of late December ends in January)."""
    stamps = pd.to_datetime(received).dropna()
    if stamps.empty:
        return ()
    years = {int(y) for y in stamps.dt.year.unique()}
    return holiday_dates(years | {y + 1 for y in years}, settings.cuti_bersama)
