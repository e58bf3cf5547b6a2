"""Fault injection: which request fails, and how.

Queued faults are consumed in the order they were queued, each by the next requests that match it
(kind=None matches any Sheets request; key=None any spreadsheet). When no queued fault matches,
random faults (if armed) roll the dice for the request. A faulted request changes nothing; only
`fail_partway_next_write` lets a values:batchUpdate write its first range before failing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class Fault:
    action: str  # "status" | "timeout" | "reset"
    remaining: int
    status: int = 0
    html: bool = False
    kinds: frozenset | None = None
    key: str | None = None

    def matches(self, kind: str, key: str | None) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        return self.key is None or self.key == key


@dataclass
class RandomFaults:
    rate_429: float
    rate_5xx: float
    rate_timeout: float
    rate_reset: float
    rng: random.Random

    def roll(self) -> Fault | None:
        draw = self.rng.random()
        edge = self.rate_429
        if draw < edge:
            return Fault("status", 1, status=429)
        edge += self.rate_5xx
        if draw < edge:
            status = self.rng.choice((500, 502, 503, 504))
            return Fault("status", 1, status=status, html=status == 502)
        edge += self.rate_timeout
        if draw < edge:
            return Fault("timeout", 1)
        edge += self.rate_reset
        if draw < edge:
            return Fault("reset", 1)
        return None


def _kinds(kind) -> frozenset | None:
    if kind is None:
        return None
    if isinstance(kind, str):
        return frozenset([kind])
    return frozenset(kind)


class FaultPlan:
    def __init__(self) -> None:
        self.queue: list[Fault] = []
        self.random: RandomFaults | None = None
        self.partway = 0

    def add(self, action: str, n: int, kind=None, key: str | None = None, status: int = 0, html: bool = False) -> None:
        if n < 1:
            raise ValueError("n must be at least 1")
        self.queue.append(Fault(action, n, status=status, html=html, kinds=_kinds(kind), key=key))

    def take(self, kind: str, key: str | None) -> Fault | None:
        """The fault for this request, if any (consumes one use of a queued fault)."""
        for fault in self.queue:
            if fault.matches(kind, key):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self.queue.remove(fault)
                return fault
        if self.random is not None:
            return self.random.roll()
        return None

    def take_partway(self) -> bool:
        if self.partway:
            self.partway -= 1
            return True
        return False

    def clear(self) -> None:
        self.queue.clear()
        self.random = None
        self.partway = 0
