"""The results store's one writer: the sync worker's side of the SQLite file.

The worker is the only writer; it replaces one agency's rows (or the city's) in one transaction,
so an agency whose spreadsheet failed this cycle keeps its previous results untouched. Everything
reads through sync/store/reader.py (`ResultsStore.reader`, or `read`/`meta` here for the worker's
own fallbacks, which are the same reader).

The store holds personal data (names, NIP, scores): the file and its -wal/-shm files are
owner-only (0600) whatever the umask, so the worker and the site must run as the same user.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from config.errors import StoreError
from sync.store import staging, state
from sync.store.reader import StoreReader, tighten
from sync.store.schema import (
    INDEX_SQL,
    PRIVATE_MODE,
    RUN_INTERRUPTED,
    RUN_RUNNING,
    SCHEMA,
    insert_columns,
    scope_column,
)

logger = logging.getLogger(__name__)
WAL_CHECKPOINT_PAGES = 16_384  # of 4 KiB: 64 MB (SQLite's default is 1,000 pages)


def sql_values(values: pd.Series) -> tuple[list, int]:
    """A column as Python values SQLite accepts, and how many of its cells were infinite.

    NaN/NA/NaT become NULL and numpy scalars Python ones. Infinities become NULL too: SQLite would
    keep them, and every reader downstream (pages, open data, reports) would then publish "inf" or
    invalid JSON; the count lets the caller say where. Vectorised where the dtype allows: this runs
    over every stored cell of every cycle.
    """
    plain = isinstance(values.dtype, np.dtype)  # not a nullable extension dtype (pd.NA inside)
    if plain and values.dtype.kind == "f":
        numbers = values.to_numpy()
        infinite = np.isinf(numbers)
        if not infinite.any():
            return numbers.tolist(), 0  # a NaN is bound as NULL by SQLite itself: no pass to replace it
        cells = numbers.astype(object)
        cells[infinite | np.isnan(numbers)] = None
        return cells.tolist(), int(infinite.sum())
    if plain and values.dtype.kind in "biu":
        return values.tolist(), 0
    cells = values.to_numpy(dtype=object, copy=True)
    cells[pd.isna(cells)] = None
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        return cells.tolist(), 0  # text columns, the common case (np.str_ is a str): no pass in Python
    out = [v.item() if isinstance(v, np.generic) else v for v in cells.tolist()]
    if not any(v.__class__ is float for v in out):
        return out, 0
    infinite = sum(1 for v in out if v.__class__ is float and math.isinf(v))
    return [None if v.__class__ is float and math.isinf(v) else v for v in out], infinite


class ResultsStore:
    """Read and write the results store at `path` (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()

    @contextmanager
    def connect(self, keep: bool = False) -> Iterator[sqlite3.Connection]:
        """A write connection, committed at the end of the block (rolled back on error).

        Closed afterwards unless `keep`: `replace_scope` keeps it for the next agency's, because
        closing the last connection to a WAL database checkpoints it and deletes the -wal file,
        40-odd times per cycle (about a second of a cold cycle). Every other write closes it (and
        `finish_run` ends the cycle's), so between cycles the .sqlite file alone is complete — a
        copy for a backup, or a file replaced on disk, never meets a stale -wal file.

        Blocks nest: a write inside another's block joins its transaction, which the outermost
        block commits (`transaction`: one agency's rows, results and history, all or nothing).
        """
        outer = getattr(self._local, "open", None)
        if outer is not None and outer[0] == os.getpid():  # inside an outer block: it commits
            yield outer[1]  # its own connection, even if the file was replaced meanwhile
            return
        conn = self._connection()
        self._local.open = (os.getpid(), conn)  # (a block open when this process forked is not the child's)
        try:
            yield conn
            conn.commit()
        except BaseException:
            try:
                conn.rollback()
            except sqlite3.Error:
                pass  # closing the connection discards the transaction all the same
            finally:
                self.close()
            raise
        finally:
            self._local.open = None
        if not keep:
            self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction around several writes (each joins it): committed at the end of the block,
        rolled back whole if any of them fails; the connection is kept, as `replace_scope` keeps it."""
        return self.connect(keep=True)

    def _connection(self) -> sqlite3.Connection:
        """This thread's write connection: the one kept by `connect(keep=True)` if the file is still
        the same (a store deleted or replaced on disk is reopened, never written through a stale
        handle) and the process too (a connection never crosses a fork); else a new one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._keep_private()
            info = os.stat(self.path)
            identity = (os.getpid(), info.st_dev, info.st_ino)
            held = getattr(self._local, "held", None)
            if held is not None and held[0] == identity:
                return held[1]
            self.close()
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL never corrupts the file; a power cut may lose the last commit, which the
            # next sync cycle writes again. FULL would fsync 40+ times per cycle.
            conn.execute("PRAGMA synchronous=NORMAL")
            # Checkpoint (and fsync the file) every 64 MB of WAL rather than every 4 MB: a cold
            # cycle writes about 140 MB, and each checkpoint copies back pages rewritten since.
            # `close` checkpoints whatever is left at the end of the cycle.
            conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"Basis data hasil {self.path} tidak dapat dibuka ({exc}). "
                "Periksa [store] path di konfigurasi dan izin tulis foldernya."
            ) from exc
        self._local.held = (identity, conn)
        return conn

    def close(self) -> None:
        """Close this thread's write connection (the next write opens a new one)."""
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None and held[0][0] == os.getpid():
            # Checkpoint explicitly: closing the last connection would, but a reader of this
            # process (StoreReader keeps one per thread) stays open, and then the .sqlite file
            # alone would miss the cycle's writes (a backup copying it, a test copying it).
            try:
                held[1].execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # busy: SQLite checkpoints later; nothing is lost, it stays in the -wal
            held[1].close()

    def _keep_private(self) -> None:
        """Create the store owner-only, or tighten one an older version (or a copy) left readable.

        sqlite3 would create the file 0644 under the usual umask; SQLite gives the -wal and -shm
        files the mode of the database file, so a store created 0600 keeps them 0600 too.
        """
        try:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
        except FileExistsError:
            tighten(self.path)

    def ensure_schema(self) -> None:
        with self.connect() as conn:
            self._state_per_month(conn)
            for table, (columns, _scope) in SCHEMA.items():
                cols = ", ".join(f'"{name}" {kind}' for name, kind in columns)
                conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})')
                # A store written by an older version gains the new columns (empty until the next
                # sync) instead of failing on insert.
                have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
                for name, kind in columns:
                    if name not in have and "PRIMARY KEY" not in kind:
                        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
            for sql in INDEX_SQL:
                conn.execute(sql)

    @staticmethod
    def _state_per_month(conn: sqlite3.Connection) -> None:
        """A store written before the history state was kept per employee-month (one row per
        item: `what`, `item`, `digest`, `payload` columns) gets it converted, nothing lost, in one
        transaction of its own: a failure or a kill leaves the old table whole, and a reader sees
        the old table or the new one, never neither (sync.store.state)."""

        def columns() -> set[str]:
            return {row[1] for row in conn.execute('PRAGMA table_info("history_state")')}

        if "item" not in columns():
            return
        conn.execute("BEGIN IMMEDIATE")  # DDL too: Python's sqlite3 opens transactions only for DML
        have = columns()  # another process may have converted it while this one waited
        if "item" not in have:
            conn.commit()
            return
        months = state.merged(
            conn.execute("SELECT agency, period, nip, state FROM history_state WHERE state IS NOT NULL ORDER BY rowid")
            if "state" in have
            else (),
            conn.execute(
                "SELECT agency, what, period, nip, item, digest, payload FROM history_state "
                "WHERE what IS NOT NULL ORDER BY rowid"
            ),
        )
        conn.execute('DROP TABLE "history_state"')  # and its index
        table_columns = ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA["history_state"][0])
        conn.execute(f'CREATE TABLE "history_state" ({table_columns})')
        conn.executemany(
            "INSERT INTO history_state (agency, period, nip, state) VALUES (?, ?, ?, ?)",
            ((*month, state.encode(items.values())) for month, items in months.items()),
        )
        conn.commit()

    # ---- writing (the worker) -------------------------------------------------------------

    @staticmethod
    def _insert(conn: sqlite3.Connection, table: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        ResultsStore.insert_rows(
            conn, table, frame, tuple(c for c in insert_columns(table) if c in frame.columns), table
        )

    @staticmethod
    def insert_rows(
        conn: sqlite3.Connection, target: str, frame: pd.DataFrame, columns: tuple[str, ...], table: str
    ) -> None:
        """`frame`'s `columns` (of the store's `table`) inserted into `target`: the store's table, or
        a staging file's (sync.store.staging)."""
        columns_values = []
        for c in columns:
            values, infinite = sql_values(frame[c])
            if infinite:
                # An infinity is a bug upstream (validation lets no absurd number through): store
                # NULL, and say where, so it can be traced; the pages then show it as missing.
                logger.warning("%s.%s: %d nilai tak hingga disimpan kosong (NULL)", table, c, infinite)
            columns_values.append(values)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        # The rows as an iterator: executemany consumes it in C, no list of 200,000 tuples.
        conn.executemany(f'INSERT INTO "{target}" ({names}) VALUES ({marks})', zip(*columns_values))

    def attach(self, path: Path) -> None:
        """Attach a staging file (sync.store.staging) to this process's write connection; before
        the transaction that copies from it (SQLite attaches none inside one)."""
        staging.attach(self._connection(), path)

    def replace_scope(self, scope: str, tables: dict[str, pd.DataFrame | staging.Staged]) -> None:
        """Replace one agency's (or the city's) rows in the given tables, in one transaction; a
        table given `Staged` is copied from its staging file (attached already: `attach`)."""
        with self.connect(keep=True) as conn:
            for table, frame in tables.items():
                scope_col = scope_column(table)
                if scope_col:
                    conn.execute(f'DELETE FROM "{table}" WHERE "{scope_col}" = ?', (scope,))
                else:
                    conn.execute(f'DELETE FROM "{table}"')
                if isinstance(frame, staging.Staged):
                    frame.copy_into(conn)
                else:
                    self._insert(conn, table, frame)

    def record_supervisors(self, agency: str, supervisors: pd.DataFrame, seen: str) -> int:
        """Record (period, nip, supervisor_nip) rows of `agency` not recorded yet; returns how many
        were new. An existing record is never rewritten: it is who supervised that month."""
        if supervisors.empty:
            return 0
        rows = zip(
            [agency] * len(supervisors),
            supervisors["period"].tolist(),
            supervisors["nip"].tolist(),
            supervisors["supervisor_nip"].tolist(),
            [seen] * len(supervisors),
        )
        with self.connect(keep=True) as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO period_supervisors (agency, period, nip, supervisor_nip, first_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def record_history(
        self, agency: str, history: pd.DataFrame, upserts: pd.DataFrame | state.FirstState, gone: pd.DataFrame
    ) -> None:
        """Append `history` (never rewritten) and bring `agency`'s history state up to date: the
        changed items' digests and values replaced, the vanished items' removed, each touched
        employee-month's row rewritten whole (sync.store.state). One transaction. `upserts` may
        come as a `state.FirstState`, its months already encoded (an agency's first cycle)."""
        if history.empty and upserts.empty and gone.empty:
            return
        insert = "INSERT INTO history_state (agency, period, nip, state) VALUES (?, ?, ?, ?)"
        with self.connect(keep=True) as conn:
            self._insert(conn, "history", history)
            # An agency's first cycle has no state to merge with: no read, no DELETE, no merge.
            if not conn.execute("SELECT 1 FROM history_state WHERE agency = ? LIMIT 1", (agency,)).fetchone():
                months = upserts.months if isinstance(upserts, state.FirstState) else state.encoded(upserts)
                conn.executemany(insert, ((agency, *month) for month in months))
                return
            if isinstance(upserts, state.FirstState):  # a state after all: merged item by item
                upserts = upserts.items()
            changed = state.by_month(upserts)
            vanished = (
                [] if gone.empty else list(gone[["what", "period", "nip", "item"]].itertuples(index=False, name=None))
            )
            touched = set(changed) | {(period, nip) for _what, period, nip, _item in vanished}
            if not touched:
                return
            months: dict[state.Month, dict[tuple[str, str], state.Item]] = {}
            for period, nip, text in conn.execute(
                "SELECT period, nip, state FROM history_state WHERE agency = ?", (agency,)
            ):
                if (period, nip) in touched:
                    months[(period, nip)] = state.keyed(text)
            conn.executemany(
                "DELETE FROM history_state WHERE agency = ? AND period = ? AND nip = ?",
                ((agency, period, nip) for period, nip in months),
            )
            for what, period, nip, item in vanished:
                months.get((period, nip), {}).pop((what, item), None)
            for month, items in changed.items():
                months.setdefault(month, {}).update(items)
            conn.executemany(
                insert,
                (
                    (agency, period, nip, state.encode(items.values()))
                    for (period, nip), items in months.items()
                    if items
                ),
            )

    def record_attempts(self, attempts: pd.DataFrame) -> int:
        """Record attempted changes to locked periods (sync.locks) not recorded yet: each changed
        field once, at the first cycle that saw it (the table's unique key); returns how many were new."""
        if attempts.empty:
            return 0
        names = [c for c in insert_columns("attempted_changes") if c in attempts.columns]
        values = [sql_values(attempts[c])[0] for c in names]
        with self.connect(keep=True) as conn:
            before = conn.total_changes
            conn.executemany(
                f"INSERT OR IGNORE INTO attempted_changes ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                zip(*values),
            )
            return conn.total_changes - before

    def set_agencies(self, agencies: pd.DataFrame) -> None:
        self.replace_scope("", {"agencies": agencies})

    def start_run(self, started: str, rules_id: str) -> int:
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started, status, rules_id) VALUES (?, ?, ?)", (started, RUN_RUNNING, rules_id)
            )
            return int(cur.lastrowid)

    def finish_run(
        self, run_id: int, finished: str, status: str, sheets: pd.DataFrame, summary: dict, last_sync: bool = True
    ) -> None:
        with self.connect() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
                (finished, status, json.dumps(summary, ensure_ascii=False), run_id),
            )
            self._insert(conn, "run_sheets", sheets.assign(run_id=run_id))
            if last_sync:  # a stopped cycle: the site keeps showing the last complete one
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_sync', ?)", (finished,))

    def interrupt_runs(self, line: str = "") -> list[int]:
        """Mark every run still 'berjalan' as 'terputus'; returns their ids.

        Only the holder of the worker lock may call this: then no run can really be under way,
        so one still 'berjalan' belongs to a process that was killed before it could finish it.
        """
        if not self.path.exists():
            return []
        summary = json.dumps(
            {
                "line": line
                or "Sinkronisasi terputus: prosesnya dimatikan atau mogok "
                "sebelum selesai; hasil sebelumnya tetap dipakai."
            },
            ensure_ascii=False,
        )
        with self.connect() as conn:
            try:
                ids = [int(i) for (i,) in conn.execute("SELECT id FROM runs WHERE status = ?", (RUN_RUNNING,))]
            except sqlite3.OperationalError:  # no runs table yet
                return []
            conn.executemany(
                "UPDATE runs SET status = ?, summary = ? WHERE id = ?", [(RUN_INTERRUPTED, summary, i) for i in ids]
            )
        return ids

    def set_meta(self, key: str, value: str) -> None:
        with self.connect() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ---- reading: the one reader, for the worker's own fallbacks --------------------------

    @cached_property
    def reader(self) -> StoreReader:
        """The store's reader (read-only, one connection per thread)."""
        return StoreReader(self.path)

    def read(self, table: str, where: str = "", params: tuple = ()) -> pd.DataFrame:
        """Every column of `table` (optionally WHERE a condition with ? parameters): `reader.rows`."""
        return self.reader.rows(table, where, params)

    def meta(self, key: str) -> str | None:
        return self.reader.meta(key)
