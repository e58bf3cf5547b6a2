"""Stay inside Google's per-minute quota and back off from failures, on an injectable clock.

One service account gets about 60 read and 60 write requests per minute for all spreadsheets
together (Sheets API "Usage limits"). A sliding window never lets more than that many requests
start in any 60 seconds, so the sync does not earn 429s in the first place; the jittered
exponential backoff handles the ones it still gets (and 5xx, timeouts, resets), bounded so that
one dead spreadsheet cannot hold the cycle forever. Tests pass a fake clock whose `sleep`
advances time, so nothing really sleeps.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from typing import Callable

from config.errors import SyncStopped

WINDOW_SECONDS = 60.0
# Google's advice for Sheets: truncated exponential backoff, 1 s doubling up to a ceiling of
# 32-64 s ("Usage limits" -> "Exponential backoff algorithm").
BACKOFF_BASE = 1.0
BACKOFF_CAP = 64.0
# A Retry-After longer than this is not waited for in one go (the retry count still bounds it).
RETRY_AFTER_CAP = 300.0

READ, WRITE = "read", "write"


class RateLimiter:
    """At most `per_minute` request starts in any sliding 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float], window: float = WINDOW_SECONDS):
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, got {per_minute}")
        self.per_minute = per_minute
        self.window = window
        self._clock = clock
        self._starts: deque[float] = deque()

    def delay(self) -> float:
        """Seconds to wait before the next request may start (0.0 when it may start now)."""
        now = self._clock()
        while self._starts and self._starts[0] <= now - self.window:
            self._starts.popleft()
        if len(self._starts) < self.per_minute:
            return 0.0
        return self._starts[0] + self.window - now

    def record(self) -> None:
        """Note that a request starts now."""
        self._starts.append(self._clock())


def backoff_delay(
    attempt: int,
    rng: random.Random,
    retry_after: float | None = None,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
) -> float:
    """Seconds to wait before retry number `attempt` (0-based): "equal jitter" exponential backoff.

    Half of min(cap, base * 2**attempt) is fixed and half is random, so clients that failed
    together do not retry together, yet each wait grows. A server's Retry-After is a floor.
    """
    ceiling = min(cap, base * 2.0**attempt)
    delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
    return delay


class Pacer:
    """The limiters for reads and writes, interruptible pauses and the stop signal, in one place."""

    def __init__(
        self,
        reads_per_minute: int = 60,
        writes_per_minute: int = 60,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        stop: threading.Event | None = None,
        rng: random.Random | None = None,
    ):
        self.clock = clock
        self._sleep = sleep
        self.stop = stop
        self.rng = rng or random.Random()
        self.limiters = {READ: RateLimiter(reads_per_minute, clock), WRITE: RateLimiter(writes_per_minute, clock)}
        self._lock = threading.Lock()

    def check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise SyncStopped(
                "Sinkronisasi dihentikan atas permintaan (SIGINT/SIGTERM) di antara dua permintaan "
                "ke Google Sheets; tidak ada tulisan yang terpotong."
            )

    def pause(self, seconds: float) -> None:
        """Wait `seconds`; a stop request ends the wait early and raises SyncStopped."""
        self.check_stop()
        if seconds <= 0:
            return
        if self.stop is not None and self._sleep is time.sleep:
            self.stop.wait(seconds)  # wakes at once when the worker is told to stop
        else:
            self._sleep(seconds)
        self.check_stop()

    def wait_turn(self, kind: str) -> float:
        """Block until a request of `kind` (READ/WRITE) may start, record it; returns seconds waited."""
        limiter = self.limiters[kind]
        waited = 0.0
        with self._lock:
            while True:
                self.check_stop()
                delay = limiter.delay()
                if delay <= 0:
                    limiter.record()
                    return waited
                self.pause(delay)
                waited += delay

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Wait before retry number `attempt` (0-based); returns the seconds waited."""
        delay = backoff_delay(attempt, self.rng, retry_after)
        self.pause(delay)
        return delay
