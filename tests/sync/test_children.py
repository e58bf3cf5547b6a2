"""sync.children.fork_map: per-key work in forked children, errors kept per key, a killed child redone here."""

import os
import signal

import pandas as pd
import pytest

from sync.children import Outcome, fork_map

BIG = pd.DataFrame({"x": range(100_000)})  # inherited by the children, never pickled to them


def _sum_plus(key: int) -> int:
    return int(BIG["x"].sum()) + key


def test_every_key_gets_its_own_value_in_order():
    out = fork_map(_sum_plus, [3, 1, 2])
    assert list(out) == [3, 1, 2]
    assert {k: o.get() for k, o in out.items()} == {k: 4_999_950_000 + k for k in (3, 1, 2)}


def test_work_really_runs_in_other_processes():
    here = os.getpid()
    pids = {o.get() for o in fork_map(lambda _key: os.getpid(), range(6)).values()}
    assert here not in pids


def test_an_error_stays_with_its_key():
    def work(key: str) -> str:
        if key == "rusak":
            raise ValueError("data rusak")
        return key.upper()

    out = fork_map(work, ["a", "rusak", "c"])
    assert out["a"].get() == "A" and out["c"].get() == "C"
    with pytest.raises(ValueError, match="data rusak"):
        out["rusak"].get()


def test_a_killed_child_means_its_key_is_done_here():
    parent = os.getpid()

    def work(key: int) -> tuple[int, bool]:
        if key == 1 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, a stray kill
        return key, os.getpid() == parent

    out = fork_map(work, [0, 1, 2, 3])
    assert sorted(o.get()[0] for o in out.values()) == [0, 1, 2, 3]
    assert out[1].get() == (1, True)  # redone in this process


def test_one_key_or_one_worker_runs_here():
    assert fork_map(lambda _k: os.getpid(), ["x"])["x"].get() == os.getpid()
    assert fork_map(lambda _k: os.getpid(), ["x", "y"], workers=1)["y"].get() == os.getpid()
    assert Outcome(5).get() == 5
