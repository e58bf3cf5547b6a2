"""Child processes of the worker: how each one starts, and `fork_map`, per-agency work on both cores.

Every child never outlives the worker (PR_SET_PDEATHSIG on Linux, a parent watch elsewhere) and
leaves Ctrl+C and SIGTERM to it. `fork_map` runs a pure function of each key in forked children:
they inherit the worker's memory (its frames are not pickled to them), only results come back, and
a child that is killed, or a platform without fork, only means the work is done here instead.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable, Iterator

_PARENT_WATCH_SECONDS = 0.5
# Forked children for fork_map: one per core (this machine class has 2; more would only take turns).
FORK_WORKERS = max(1, min(2, os.cpu_count() or 1))
# Held while a child is forked, released by child_start once the child's own handlers are set.
_HELD = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM in this thread while it may start a child process.

    A forked child inherits the worker's handlers until child_start replaces them; a SIGTERM in
    between (the pool terminating its processes once one of them was killed) would only set the
    worker's stop flag there, and the child would then wait for ever on a queue lock its killed
    sibling held, and the pool for it. Held, the signal stays pending in the child (a forked or
    exec'd child inherits this thread's mask) until child_start has given SIGTERM its default
    back, and then ends it at once.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def submit(pool: ProcessPoolExecutor, fn: Callable[..., object], *args: object) -> Future:
    """`pool.submit`, which starts the pool's processes (all at once with fork, one per task with
    spawn), with SIGINT and SIGTERM held meanwhile (signals_held)."""
    with signals_held():
        return pool.submit(fn, *args)


def child_start(parent: int) -> None:
    """First thing in each child process: never outlive `parent`, never act on its signals."""
    # Ctrl+C reaches the whole process group: the worker decides how to stop, and shutting its
    # pool down lets a render under way finish. SIGTERM gets its default back (a forked child
    # inherits the worker's handler, which would only set a stop flag nobody reads here): the
    # pool itself terminates its processes with it once one of them was killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (a pending SIGINT is discarded)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held while this child was started (signals_held)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    watched = _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    if not watched:
        threading.Thread(target=_watch_parent, args=(parent,), name="induk", daemon=True).start()


def _die_with_parent() -> bool:
    """Linux: the kernel sends SIGKILL here when the parent dies. False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        pr_set_pdeathsig = 1
        return ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_WATCH_SECONDS)
    os._exit(1)


@dataclass(frozen=True)
class Outcome:
    """What one key's call gave: its value, or the exception it raised (`get` raises it again)."""

    value: object = None
    error: BaseException | None = None

    def get(self) -> object:
        if self.error is not None:
            raise self.error
        return self.value


_TASK: Callable[[Hashable], object] | None = None  # the function the forked children call


def _call_task(key: Hashable) -> object:
    assert _TASK is not None, "fork_map's children inherit the task; none was set"
    return _TASK(key)


def _here(fn: Callable[[Hashable], object], key: Hashable) -> Outcome:
    try:
        return Outcome(fn(key))
    except Exception as exc:  # kept for the caller to raise in its own phase
        return Outcome(error=exc)


def fork_map(
    fn: Callable[[Hashable], object], keys: Iterable[Hashable], workers: int = FORK_WORKERS
) -> dict[Hashable, Outcome]:
    """`fn(key)` for every key, in forked children when this platform forks and there are two
    keys or more; in this process otherwise. `fn` must be pure (what it changes in a child is
    lost) and its result picklable. A key whose child was killed is done here instead."""
    keys = list(keys)
    if workers < 2 or len(keys) < 2 or "fork" not in mp.get_all_start_methods():
        return {key: _here(fn, key) for key in keys}
    global _TASK
    _TASK = fn
    out: dict[Hashable, Outcome] = {}
    try:
        with _forked_pool(min(workers, len(keys))) as pool:
            futures = {key: submit(pool, _call_task, key) for key in keys}
            for key, future in futures.items():
                try:
                    out[key] = Outcome(future.result())
                except BrokenProcessPool:  # a child was killed (OOM, a stray kill): do it here
                    out[key] = _here(fn, key)
                except Exception as exc:
                    out[key] = Outcome(error=exc)
    finally:
        _TASK = None
    return out


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked children that start as `child_start` says (forked at the first submit)."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=mp.get_context("fork"), initializer=child_start, initargs=(os.getpid(),)
    )


class Started:
    """One pure call under way in a forked child (`fork_call`): `done()` says whether its result
    is in, `get()` waits for it. A child that was killed, or a platform without fork, means the
    call is made here when asked for; the call's own error is raised by `get()`. Leaving its
    `with` block waits for the child, so none is left behind when the caller stops early."""

    def __init__(self, fn: Callable[[], object]):
        self._fn = fn
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future | None = None
        self._outcome: Outcome | None = None
        if "fork" not in mp.get_all_start_methods():
            return
        global _TASK
        _TASK = lambda _key: fn()  # noqa: E731 - inherited by the child at fork
        try:
            self._pool = _forked_pool(1)
            self._future = submit(self._pool, _call_task, None)  # forks the child now
        finally:
            _TASK = None

    def done(self) -> bool:
        return self._outcome is not None or self._future is None or self._future.done()

    def get(self) -> object:
        if self._outcome is None:
            try:
                self._outcome = Outcome(self._future.result()) if self._future is not None else None
            except BrokenProcessPool:  # the child was killed (OOM, a stray kill): made here below
                pass
            except Exception as exc:
                self._outcome = Outcome(error=exc)
            finally:
                self.close()
            if self._outcome is None:
                self._outcome = _here(lambda _key: self._fn(), None)
        return self._outcome.get()

    def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True)

    def __enter__(self) -> "Started":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def fork_call(fn: Callable[[], object]) -> Started:
    """Start `fn()` (pure, its result picklable) in a forked child while this process goes on."""
    return Started(fn)
