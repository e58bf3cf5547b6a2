"""Test helpers for the Google backend: a fake clock and a backend wired to a FakeSheets.

Nothing sleeps: the backend's `sleep` advances the fake clock and records each wait, so tests
can assert how long the pacing and the backoff would have waited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from config.settings import SourceSettings
from sync.sources.google.backend import GoogleBackend
from tests.fake_sheets import FakeSheets

SOURCE = SourceSettings(kind="google", timeout_seconds=7.5, reads_per_minute=60, writes_per_minute=60, max_retries=6)


class FakeClock:
    """monotonic() and sleep() on a fake timeline: sleeping advances time, nothing waits."""

    def __init__(self, start: float = 10_000.0):
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def google_backend(
    fake: FakeSheets, clock: FakeClock | None = None, state_path: Path | None = None, stop=None, **source
) -> GoogleBackend:
    """A GoogleBackend on `fake`; keyword arguments override SourceSettings fields."""
    clock = clock or FakeClock()
    return GoogleBackend(
        dataclasses.replace(SOURCE, **source),
        session=fake.session(),
        credentials=fake.credentials,
        sleep=clock.sleep,
        clock=clock,
        stop=stop,
        state_path=state_path,
        rng=random.Random(4),
    )


NIP = "198503152010121001"


def dinkes_fake() -> FakeSheets:
    """A fake API with one agency spreadsheet, 'dinkes': a roster row, a report row with a date
    cell, and an empty Presensi tab (Penilaian Atasan is missing)."""
    fake = FakeSheets(time_zone="Asia/Jakarta")
    fake.add_spreadsheet(
        "dinkes",
        {
            "Pegawai": [["NIP", "Nama"], [NIP, "Rina"]],
            "Laporan Kinerja": [["Periode", "NIP", "Target"], [dt.date(2026, 10, 1), NIP, 3]],
            "Presensi": [["Periode", "NIP"]],
        },
    )
    return fake
