"""sync/sources/google/pacing.py: the sliding-window limiter, bounded jittered backoff and stop handling."""

from __future__ import annotations

import random
import threading

import pytest

from config.errors import SyncStopped
from sync.sources.google.pacing import BACKOFF_CAP, READ, WRITE, Pacer, RateLimiter, backoff_delay
from tests.google_world import FakeClock


def test_limiter_lets_the_quota_through_then_waits_for_the_oldest_to_leave_the_window():
    clock = FakeClock(1000.0)
    limiter = RateLimiter(3, clock)
    for step in range(3):
        assert limiter.delay() == 0.0
        limiter.record()
        clock.now += 10
    # Three starts at t=1000, 1010, 1020; now t=1030: the next may start at 1060.
    assert limiter.delay() == pytest.approx(30.0)
    clock.now = 1060.0
    assert limiter.delay() == 0.0


def test_limiter_rejects_a_zero_quota():
    with pytest.raises(ValueError):
        RateLimiter(0, FakeClock(1000.0))


def test_pacer_never_starts_more_than_the_quota_in_any_minute():
    clock = FakeClock(1000.0)
    pacer = Pacer(reads_per_minute=60, writes_per_minute=60, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(200):
        pacer.wait_turn(READ)
        starts.append(clock.now)
    for i, start in enumerate(starts):
        in_window = [s for s in starts[i:] if s < start + 60]
        assert len(in_window) <= 60
    # 200 reads at 60/min take a little over three minutes of (fake) waiting.
    assert 180 <= clock.now - 1000 < 181
    assert sum(clock.sleeps) == pytest.approx(clock.now - 1000)


def test_reads_and_writes_have_separate_quotas():
    clock = FakeClock(1000.0)
    pacer = Pacer(reads_per_minute=2, writes_per_minute=2, clock=clock, sleep=clock.sleep)
    for kind in (READ, READ, WRITE, WRITE):
        assert pacer.wait_turn(kind) == 0.0
    assert clock.sleeps == []
    assert pacer.wait_turn(WRITE) == pytest.approx(60.0)


@pytest.mark.parametrize("attempt", range(10))
def test_backoff_grows_is_jittered_and_bounded(attempt):
    rng = random.Random(7)
    ceiling = min(BACKOFF_CAP, 2.0**attempt)
    delays = [backoff_delay(attempt, rng) for _ in range(50)]
    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len(set(delays)) > 1  # jittered: clients that failed together do not retry together


def test_retry_after_is_a_floor_but_capped():
    rng = random.Random(1)
    assert backoff_delay(0, rng, retry_after=17) == 17
    assert backoff_delay(0, rng, retry_after=10_000) == 300
    assert backoff_delay(3, rng, retry_after=0) <= 8


def test_stop_before_a_request_raises_sync_stopped():
    clock = FakeClock(1000.0)
    stop = threading.Event()
    pacer = Pacer(clock=clock, sleep=clock.sleep, stop=stop)
    pacer.wait_turn(READ)
    stop.set()
    with pytest.raises(SyncStopped, match="dihentikan"):
        pacer.wait_turn(READ)


def test_stop_during_a_wait_ends_it():
    clock = FakeClock(1000.0)
    stop = threading.Event()

    def sleep(seconds):
        clock.sleep(seconds)
        stop.set()  # the signal arrives while the worker waits for its quota

    pacer = Pacer(reads_per_minute=1, clock=clock, sleep=sleep, stop=stop)
    pacer.wait_turn(READ)
    with pytest.raises(SyncStopped):
        pacer.wait_turn(READ)
    assert len(clock.sleeps) == 1


def test_real_sleep_is_replaced_by_an_interruptible_wait_on_the_stop_event():
    stop = threading.Event()
    stop.set()
    pacer = Pacer(stop=stop)  # default time.sleep: the pause must not sleep 30 s
    with pytest.raises(SyncStopped):
        pacer.pause(30)


def test_backoff_waits_on_the_clock():
    clock = FakeClock(1000.0)
    pacer = Pacer(clock=clock, sleep=clock.sleep, rng=random.Random(3))
    waited = [pacer.backoff(n) for n in range(4)]
    assert clock.sleeps == waited
    assert waited[3] > waited[0]
