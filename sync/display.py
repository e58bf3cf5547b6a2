"""Numbers and times in log lines and stored run summaries, written the Indonesian way.

The worker's progress lines and the run summary (shown on the HR Sinkronisasi page) are read by
people: a count of 30,563 rows reads "30.563", a duration "5,3 detik" (never "5.3 d"), a time
"18.28.16 WIB" even on a server whose clock runs on UTC. The wording is scoring.indonesian's, as
on the site; this module adds the conversion to WIB.
"""

from __future__ import annotations

import datetime as dt

from scoring.indonesian import clock, count, decimal, long_date
from scoring.periods import CITY_ZONE

__all__ = ["CITY_ZONE", "clock_time", "count", "moment", "seconds"]

# Stored timestamps keep the zone they were written in; only what a person reads is converted to
# the city's clock (CITY_ZONE).


def seconds(value: float) -> str:
    """`5.34` -> `'5,3 detik'`: one decimal, rounded half-up, decimal comma."""
    return decimal(value, 1, minus="-") + " detik"


def _wib(value: dt.datetime | str) -> dt.datetime:
    """`value` in WIB; an ISO text is parsed; a naive datetime is the server's local time."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(CITY_ZONE)  # astimezone() reads a naive datetime as local time


def clock_time(moment: dt.datetime | str) -> str:
    """`'18.28.16 WIB'`: the time of day in Kota Solok (Indonesian writes 18.28), whatever zone
    the server's clock runs on (often UTC)."""
    return f"{clock(_wib(moment))} WIB"


def day(value: dt.datetime | str) -> str:
    """`'3 Desember 2026'`: the date in Kota Solok; a text that is no ISO time is returned as it is."""
    try:
        return long_date(_wib(value))
    except (TypeError, ValueError):
        return str(value or "")


def iso_day(value: dt.datetime | str) -> str:
    """`'2026-12-03'`: the date in Kota Solok; the first 10 characters of a text that is no ISO time."""
    try:
        return _wib(value).date().isoformat()
    except (TypeError, ValueError):
        return str(value or "")[:10]


def moment(value: dt.datetime | str) -> str:
    """`'3 Desember 2026 pukul 18.28.16 WIB'`; a text that is no ISO time is returned as it is."""
    try:
        local = _wib(value)
    except ValueError:
        return f"({value})"
    return f"{long_date(local)} pukul {clock_time(local)}"
