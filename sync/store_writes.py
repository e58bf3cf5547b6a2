"""Each agency's store rows written by one child process beside the cycle, in agency order.

The store's inserts are SQLite's work (about 2 s of a cold Solok-size cycle); in a thread they
would hold the GIL while binding each row, so a forked child does them while the cycle builds the
next agency's rows and tabs. The rows travel pickled (about 0.2 s for the whole city). An agency's
tabs go to the backend only once its rows are stored, so a sheet never shows results the store
lacks; a failed store write fails that agency only. Should the child be killed (the OOM killer, a
stray kill), SQLite rolls its open transaction back and the rows are written here instead. Where
the platform cannot fork, the rows are written here at once.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from sync.children import child_start, submit
from sync.store import ResultsStore
from sync.store.staging import STAGED_TABLES, Staged, Staging


@dataclass(frozen=True)
class AgencyRows:
    """What one agency's write phase stores (ResultsStore's four writers, in this order)."""

    scope: str
    tables: dict[str, pd.DataFrame | Staged]  # replace_scope
    attempted: pd.DataFrame  # record_attempts
    supervisors: pd.DataFrame  # record_supervisors
    seen: str
    history_parts: tuple  # record_history

    def write(self, store: ResultsStore) -> None:
        """In one transaction: an agency's results never stand without their history, and a write
        redone after its child was killed finds none of it committed (nor appends history twice)."""
        for path in {frame.path for frame in self.tables.values() if isinstance(frame, Staged)}:
            store.attach(path)  # (before the transaction: sync.store.staging)
        with store.transaction():
            store.replace_scope(self.scope, self.tables)
            store.record_attempts(self.attempted)
            store.record_supervisors(self.scope, self.supervisors, self.seen)
            store.record_history(self.scope, *self.history_parts)


_CHILD_STORE: ResultsStore | None = None  # the child's own store object: no handle crosses the fork


def _write_in_child(path: Path, rows: AgencyRows) -> None:
    global _CHILD_STORE
    if _CHILD_STORE is None or _CHILD_STORE.path != path:
        _CHILD_STORE = ResultsStore(path)
    rows.write(_CHILD_STORE)


class StoreWrites:
    """`add` one agency's rows (or only its line, for a failed one), then what to do once they are
    stored; `done` runs those in agency order. Leaving the `with` waits for every write."""

    def __init__(self, store: ResultsStore, on_stored: Callable[[object, BaseException | None], None]):
        self.store = store
        self.on_stored = on_stored  # (key, the store write's error or None), in the order added
        self._pool: ProcessPoolExecutor | None = None
        self._queue: deque[tuple[object, AgencyRows | None, Future | None]] = deque()
        self._staging: Staging | None = None

    def add(self, key: object, rows: AgencyRows | None) -> None:
        if rows is not None and "fork" in mp.get_all_start_methods():
            rows = self._staged(rows)
        future = None if rows is None else self._submit(rows)
        self._queue.append((key, rows, future))
        self._hand_over(wait=False)

    def _staged(self, rows: AgencyRows) -> AgencyRows:
        """`rows` with its big tables bound here, into the staging file, for the child to copy
        (sync.store.staging); as they are should that fail (the child then binds them itself)."""
        try:
            if self._staging is None:
                self._staging = Staging.open(self.store.path)
            staged = {t: self._staging.add(rows.scope, t, rows.tables[t]) for t in STAGED_TABLES if t in rows.tables}
        except (OSError, sqlite3.Error):
            return rows
        return replace(rows, tables={**rows.tables, **staged})

    def _submit(self, rows: AgencyRows) -> Future | None:
        if "fork" not in mp.get_all_start_methods():
            return None  # written here when handed over
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=mp.get_context("fork"), initializer=child_start, initargs=(os.getpid(),)
            )
        try:
            return submit(self._pool, _write_in_child, self.store.path, rows)
        except BrokenProcessPool:  # the child was killed since: these rows are written here
            return None

    def _hand_over(self, wait: bool) -> None:
        while self._queue:
            key, rows, future = self._queue[0]
            if future is not None and not wait and not future.done():
                return
            self._queue.popleft()
            self.on_stored(key, None if rows is None else self._outcome(rows, future))

    def _outcome(self, rows: AgencyRows, future: Future | None) -> BaseException | None:
        try:
            if future is None:
                rows.write(self.store)
            else:
                try:
                    future.result()
                except BrokenProcessPool:  # the child was killed: its transaction rolled back
                    rows.write(self.store)
        except Exception as exc:  # a failed store write fails that agency only
            return exc
        return None

    def __enter__(self) -> "StoreWrites":
        return self

    def __exit__(self, kind, *_rest) -> None:
        try:
            if kind is None:
                self._hand_over(wait=True)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)  # a stop or a crash still lets a write under way finish
                self._pool = None
            if self._staging is not None:
                self._staging.close()
                self._staging = None
