"""sync.children: fork_map's per-key work in forked children (errors kept per key, a killed child
redone here), and a child that a SIGTERM reaches while it starts still ends."""

import multiprocessing as mp
import os
import signal
import time

import pandas as pd
import pytest

from sync.children import Outcome, child_start, fork_call, fork_map, signals_held

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


def test_one_call_runs_in_a_child_while_this_process_goes_on():
    started = fork_call(lambda: (os.getpid(), int(BIG["x"].sum())))
    pid, total = started.get()
    assert pid != os.getpid() and total == 4_999_950_000
    assert started.done() and started.get() == (pid, total)  # the result is kept


def test_a_call_s_error_is_raised_by_get_and_a_killed_child_s_call_is_made_here():
    def broken():
        raise ValueError("data rusak")

    with pytest.raises(ValueError, match="data rusak"):
        fork_call(broken).get()
    parent = os.getpid()

    def killed() -> bool:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, a stray kill
        return True

    assert fork_call(killed).get() is True  # made here


def test_leaving_a_call_s_block_leaves_no_child_behind():
    # A caller that stops before asking for the result (a stop request, an error) waits for it.
    with fork_call(lambda: time.sleep(0.3) or os.getpid()):
        assert mp.active_children()
    assert not mp.active_children()


def _starts_late(parent: int) -> None:
    time.sleep(0.5)  # the SIGTERM arrives here, while the worker's inherited handler is in place
    child_start(parent)
    time.sleep(10)
    os._exit(0)


def test_a_sigterm_while_a_child_starts_still_ends_it():
    # A pool terminates its other processes once one was killed; one that had just been forked
    # used to swallow that SIGTERM (the worker's stop-flag handler) and wait for ever on a queue
    # lock its killed sibling held: `sync` hung (test_faults, sync-child-SIGKILL-children).
    child = mp.get_context("fork").Process(target=_starts_late, args=(os.getpid(),))
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # the worker's handler sets a flag
    try:
        with signals_held():
            child.start()
        os.kill(child.pid, signal.SIGTERM)
        child.join(8)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGTERM
