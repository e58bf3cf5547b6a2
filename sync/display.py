"""Numbers in log lines and stored run summaries, written the Indonesian way.

The worker's progress lines and the run summary (shown on the HR Sinkronisasi page) are read by
people: a count of 30,563 rows reads "30.563", a duration "5,3 detik" (never "5.3 d"). The site
formats numbers in web/format.py; this is the same convention for text made outside the web app.
"""

from __future__ import annotations

from scoring.rounding import round_half_up


def count(value: int) -> str:
    """`30563` -> `'30.563'` (a dot between thousands)."""
    return f"{int(value):,}".replace(",", ".")


def seconds(value: float) -> str:
    """`5.34` -> `'5,3 detik'`: one decimal, rounded half-up, decimal comma."""
    rounded = float(round_half_up(float(value), 1))
    return f"{rounded:,.1f}".translate(str.maketrans({",": ".", ".": ","})) + " detik"
