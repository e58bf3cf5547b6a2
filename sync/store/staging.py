"""A cold cycle's biggest store tables bound beside the store's writer, which then copies them in C.

Binding rows is most of what the store's writer does in a cold Solok-size cycle (results and
indicators: 176,000 rows, 1,2 s of its 2,2 s), and it is the last process to finish. The cycle
binds those two tables of each agency into a staging file next to the store, in a table of the
agency's own, while the writer stores the agencies before it; the writer then copies them
(`INSERT … SELECT`, about four times faster than binding them) inside the agency's transaction,
so what is stored, and when, is unchanged: the values go through the same conversion
(`sql_values`), and the staging columns have no declared type, so the store's own columns give
each value the type a direct insert would.

The staging file holds personal data as the store does: it is created owner-only beside it, and
removed when the cycle's writes end (`Staging.close`; one a killed cycle left is removed by the
next, `Staging.open`).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sync.store.schema import PRIVATE_MODE, insert_columns

STAGED_TABLES = ("results", "indicators")  # the tables worth it (others are small)
ALIAS = "staging"  # the staging file's name in the writer's connection (ATTACH … AS)
SUFFIX = ".staging-"  # kinerja.sqlite.staging-<pid>


@dataclass(frozen=True)
class Staged:
    """One agency's rows of `table`, bound in the staging file at `path` as its table `source`."""

    path: Path
    table: str
    source: str
    columns: tuple[str, ...]
    rows: int

    def copy_into(self, conn: sqlite3.Connection) -> None:
        """Insert the staged rows into the store's `table` (the staging file attached to `conn`)."""
        names = _column_list(self.columns)
        conn.execute(f'INSERT INTO "{self.table}" ({names}) SELECT {names} FROM {ALIAS}."{self.source}"')


def _column_list(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def attach(conn: sqlite3.Connection, path: Path) -> None:
    """Attach the staging file at `path` to `conn`, unless it is already (outside a transaction:
    SQLite attaches none inside one)."""
    attached = {row[1]: row[2] for row in conn.execute("PRAGMA database_list")}
    if attached.get(ALIAS) == str(path):
        return
    if ALIAS in attached:
        conn.execute(f"DETACH DATABASE {ALIAS}")
    conn.execute(f"ATTACH DATABASE ? AS {ALIAS}", (str(path),))


class Staging:
    """The cycle's staging file: `add` binds one agency's rows of a table and gives the `Staged`
    that replaces the frame in its rows for the store's writer."""

    def __init__(self, store_path: Path):
        self.path = store_path.with_name(f"{store_path.name}{SUFFIX}{os.getpid()}")
        self._conn: sqlite3.Connection | None = None
        self._count = 0

    @classmethod
    def open(cls, store_path: Path) -> "Staging":
        # (cycles on one store take turns, sync.scheduler.WorkerLock: any other file is left over)
        for stale in store_path.parent.glob(f"{store_path.name}{SUFFIX}*"):  # a killed cycle's
            stale.unlink(missing_ok=True)
        return cls(store_path)

    def add(self, scope: str, table: str, frame: pd.DataFrame) -> Staged:
        from sync.store.writer import ResultsStore  # the store's own conversion and insert

        conn = self._connection()
        self._count += 1
        source = f"{table}_{self._count}"
        columns = tuple(c for c in insert_columns(table) if c in frame.columns)
        conn.execute(f'CREATE TABLE "{source}" ({_column_list(columns)})')  # no types: the store's give them
        ResultsStore.insert_rows(conn, source, frame, columns, table)
        conn.commit()
        return Staged(self.path, table, source, columns, len(frame))

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE))
            self._conn = sqlite3.connect(self.path)
            # Scratch: nothing here outlives the cycle, so no fsync; WAL lets the store's writer read
            # an agency's tables while the next agency's are written.
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=OFF")
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for path in (
            self.path,
            self.path.with_name(self.path.name + "-wal"),
            self.path.with_name(self.path.name + "-shm"),
        ):
            path.unlink(missing_ok=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
