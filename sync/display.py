"""Numbers and times in log lines and stored run summaries, written the Indonesian way.

The worker's progress lines and the run summary (shown on the HR Sinkronisasi page) are read by
people: a count of 30,563 rows reads "30.563", a duration "5,3 detik" (never "5.3 d"), a time
"18.28.16 WIB" even on a server whose clock runs on UTC. The site formats numbers in
web/format.py; this is the same convention for text made outside the web app.
"""

from __future__ import annotations

import datetime as dt

from scoring.rounding import round_half_up
from config.contract import MONTHS_ID
from scoring.periods import CITY_ZONE

# Stored timestamps keep the zone they were written in; only what a person reads is converted to
# the city's clock (CITY_ZONE).


def count(value: int) -> str:
    """`30563` -> `'30.563'` (a dot between thousands)."""
    return f"{int(value):,}".replace(",", ".")


def seconds(value: float) -> str:
    """`5.34` -> `'5,3 detik'`: one decimal, rounded half-up, decimal comma."""
    rounded = float(round_half_up(float(value), 1))
    return f"{rounded:,.1f}".translate(str.maketrans({",": ".", ".": ","})) + " detik"


def _wib(value: dt.datetime | str) -> dt.datetime:
    """`value` in WIB; an ISO text is parsed; a naive datetime is the server's local time."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(CITY_ZONE)  # astimezone() reads a naive datetime as local time


def clock_time(moment: dt.datetime | str) -> str:
    """`'18.28.16 WIB'`: the time of day in Kota Solok (Indonesian writes 18.28), whatever zone
    the server's clock runs on (often UTC)."""
    return f"{_wib(moment):%H.%M.%S} WIB"


def moment(value: dt.datetime | str) -> str:
    """`'3 Desember 2026 pukul 18.28.16 WIB'`; a text that is no ISO time is returned as it is."""
    try:
        local = _wib(value)
    except ValueError:
        return f"({value})"
    return f"{local.day} {MONTHS_ID[local.month - 1]} {local.year} pukul {clock_time(local)}"
