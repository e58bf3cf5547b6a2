"""The results store's one reader: what the site, the reports, the demo and the worker's fallbacks read.

Modelled on sqlite-utils' `rows_where`: a table, a WHERE fragment with `?` parameters, the
columns, ORDER BY, LIMIT/OFFSET. Every table and column name is checked against the declared
schema (sync/store/schema.py), and the file is opened read-only (`mode=ro`), so nothing read
through here can change the store.

Only "never synced yet" answers empty: no file, or a file without the table. Any other SQLite
error — a misspelt column in a condition, a damaged file — raises StoreError, so a report can never
come out empty without anyone knowing. A store written by an older version may lack a newer
column: `rows(..., columns=[...])` returns it as None (a page shows "–"), and `has_column` says so.

Each thread keeps one connection (the site serves from several threads): opening one and setting
it up costs about 1.4 ms, a query on a kept one about 30 µs, and the meta `last_sync` is read on
every page view. Each statement is run to completion, so no read transaction stays open to hold
back the worker's WAL checkpoints; a store file replaced on disk is noticed by its inode and
reopened.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from config.errors import StoreError
from sync.store import state
from sync.store.schema import PRIVATE_MODE, SCHEMA, column_names


def tighten(path: Path) -> None:
    """Make an existing store (and its -wal/-shm files) owner-only if an older version or a copy
    left it readable by others. It holds personal data."""
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = file.stat()
            if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
                file.chmod(PRIVATE_MODE)
        except (FileNotFoundError, PermissionError):  # another user's store: opening it says what is wrong
            pass


def _unreadable(path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"Basis data hasil {path} tidak dapat dibaca ({exc}). Periksa [store] path di konfigurasi; bila "
        "berkasnya rusak, hapus lalu jalankan `python main.py sync` untuk membuatnya lagi."
    )


def _query_failed(table: str, exc: Exception) -> StoreError:
    # Indonesian for whoever sees it; the SQLite text names the culprit for the developer.
    return StoreError(
        f"Pembacaan tabel '{table}' dari basis data hasil gagal ({exc}). Ini kesalahan program, bukan "
        "data: laporkan pesan ini ke pengembang."
    )


def _known_table(table: str) -> None:
    if table not in SCHEMA:
        raise StoreError(f"Tabel '{table}' tidak dikenal di basis data hasil. Tabel yang ada: {', '.join(SCHEMA)}.")


def _known_columns(table: str, columns: Sequence[str]) -> None:
    declared = set(column_names(table))
    unknown = [c for c in columns if c not in declared]
    if unknown:
        raise StoreError(
            f"Kolom {', '.join(repr(c) for c in unknown)} tidak ada di tabel '{table}' basis "
            f"data hasil. Kolom yang ada: {', '.join(column_names(table))}."
        )


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def without_infinity(frame: pd.DataFrame) -> pd.DataFrame:
    """Infinities as missing values: a store written before the write guard may still hold them."""
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    if floats:
        values = frame[floats].to_numpy()
        if np.isinf(values).any():
            frame = frame.copy()
            frame[floats] = frame[floats].replace([np.inf, -np.inf], np.nan)
    return frame


class StoreReader:
    """Read-only access to the results store at `path`; thread-safe (one connection per thread)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()

    @property
    def reader(self) -> StoreReader:
        """Itself: code handed a ResultsStore or a StoreReader reads through `x.reader`."""
        return self

    # ---- the connection --------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        """This thread's read-only connection (None: no store file yet)."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            self._drop()
            return None
        except OSError as exc:
            raise _unreadable(self.path, exc) from exc
        identity = (info.st_dev, info.st_ino)
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == identity:
            return held[1]
        self._drop()
        tighten(self.path)
        try:
            conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, check_same_thread=True
            )
        except sqlite3.Error as exc:
            raise _unreadable(self.path, exc) from exc
        self._local.held = (identity, conn)
        return conn

    def _drop(self) -> None:
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            held[1].close()

    def _present(self, conn: sqlite3.Connection, table: str) -> list[str]:
        """The columns `table` has in the file ([] when the table was never created)."""
        return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]

    def _run(self, table: str, work, columns: bool = False):
        """`work(conn, present)`, or None when the store or the table does not exist yet.

        `present` is the file's columns of `table` when `columns` is asked for (one more query),
        else None: the meta read of every page view stays one query, and a missing table is told
        from a broken query only when the query fails.
        """
        _known_table(table)
        try:
            conn = self._connection()
            if conn is None:
                return None
            if columns:
                present = self._present(conn, table)
                return work(conn, present) if present else None  # no table: created, never synced
            try:
                return work(conn, None)
            except (sqlite3.Error, pd.errors.DatabaseError):
                if not self._present(conn, table):
                    return None  # created, never synced
                raise
        except (sqlite3.Error, pd.errors.DatabaseError) as exc:
            self._drop()  # a damaged or replaced file: the next call opens afresh
            raise _query_failed(table, exc) from exc

    # ---- queries ---------------------------------------------------------------------------

    def rows(
        self,
        table: str,
        where: str = "",
        params: Sequence = (),
        columns: Sequence[str] | None = None,
        order_by: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Rows of `table` WHERE `where` (a condition with ? `params`), ORDER BY `order_by`, LIMIT.

        `columns=None`: every column the file has. Given columns come back in that order; one the
        schema declares but an older file lacks comes back as None.
        """
        _known_table(table)
        if columns is not None:
            columns = list(columns)
            _known_columns(table, columns)

        def work(conn: sqlite3.Connection, present: list[str]) -> pd.DataFrame:
            if columns is None:
                chosen = "*"
            else:
                have = set(present)
                chosen = _quoted([c for c in columns if c in have] or present[:1])
            sql = f'SELECT {chosen} FROM "{table}"'
            sql += f" WHERE {where}" if where else ""
            sql += f" ORDER BY {order_by}" if order_by else ""
            if limit is not None:
                sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
            frame = pd.read_sql_query(sql, conn, params=tuple(params))
            return frame if columns is None else frame.reindex(columns=columns)

        frame = self._run(table, work, columns=columns is not None)
        if frame is None:
            return pd.DataFrame(columns=list(columns) if columns is not None else list(column_names(table)))
        return without_infinity(frame)

    def count(self, table: str, where: str = "", params: Sequence = ()) -> int:
        """How many rows of `table` match `where` (0 before the first sync)."""
        sql = f'SELECT COUNT(*) FROM "{table}"' + (f" WHERE {where}" if where else "")
        found = self._run(table, lambda conn, _present: conn.execute(sql, tuple(params)).fetchone()[0])
        return int(found or 0)

    def grouped(
        self,
        table: str,
        by: Sequence[str],
        where: str = "",
        params: Sequence = (),
        count: str | None = None,
        sums: dict[str, str] | None = None,
    ) -> pd.DataFrame:
        """One row per distinct `by`, ordered by it: `count` names a row count, `sums` maps an
        output name to a column summed with missing values as 0. Neither: the distinct values."""
        by, sums = list(by), dict(sums or {})
        _known_table(table)
        _known_columns(table, [*by, *sums.values()])
        outputs = [*by, *([count] if count else []), *sums]
        parts = [_quoted(by)]
        if count:
            parts.append(f'COUNT(*) AS "{count}"')
        parts += [f'SUM(COALESCE("{column}", 0)) AS "{name}"' for name, column in sums.items()]
        sql = (
            f'SELECT {", ".join(parts)} FROM "{table}"'
            + (f" WHERE {where}" if where else "")
            + f" GROUP BY {_quoted(by)} ORDER BY {_quoted(by)}"
        )
        frame = self._run(table, lambda conn, _present: pd.read_sql_query(sql, conn, params=tuple(params)))
        return pd.DataFrame(columns=outputs) if frame is None else frame

    def has_column(self, table: str, column: str) -> bool:
        """Whether the file's `table` has `column` (False before the first sync, or in a store
        written by a version that did not have it yet)."""
        _known_table(table)
        _known_columns(table, [column])
        return column in (self._run(table, lambda _conn, present: present, columns=True) or [])

    def meta(self, key: str) -> str | None:
        """The meta value of `key` (None when never set)."""
        found = self._run(
            "meta", lambda conn, _present: conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchall()
        )
        return found[0][0] if found else None

    def period_supervisors(self) -> dict[str, dict[tuple[str, str], str]]:
        """Per agency: (period, nip) -> the supervisor recorded when that month was first synced."""
        frame = self.rows("period_supervisors", columns=["agency", "period", "nip", "supervisor_nip"])
        out: dict[str, dict[tuple[str, str], str]] = {}
        for agency, period, nip, supervisor in frame.itertuples(index=False):
            out.setdefault(agency, {})[(period, nip)] = supervisor
        return out

    def history(self, nip: str) -> pd.DataFrame:
        """An employee's history (sync.results.history), oldest first."""
        return self.rows("history", "nip = ?", (nip,), order_by="changed_at, run_id, period")

    def history_state(self, agency: str, nip: str | None = None, periods: Sequence[str] = ()) -> pd.DataFrame:
        """The history state's items (sync.store.state.ITEM_COLUMNS) of `agency`: all of them, or
        only those of `nip` in `periods` (empty before the first sync). A file the worker has not
        converted yet (one row per item) is read as it is (sync.store.state.merged)."""
        where, params = "agency = ?", [agency]
        if nip is not None:
            where += f" AND nip = ? AND period IN ({', '.join('?' for _ in periods)})"
            params += [nip, *periods]

        def work(conn: sqlite3.Connection, present: list[str]) -> list[tuple]:
            have = set(present)
            state_rows = (
                conn.execute(f"SELECT agency, period, nip, state FROM history_state WHERE {where}", params)
                if "state" in have
                else ()
            )
            item_rows = (
                conn.execute(
                    f"SELECT agency, what, period, nip, item, digest, payload FROM history_state WHERE {where}", params
                )
                if "item" in have
                else ()
            )
            return [
                (agency, what, period, nip, item, digest, payload)
                for (agency, period, nip), items in state.merged(state_rows, item_rows).items()
                for what, item, digest, payload in items.values()
            ]

        found = self._run("history_state", work, columns=True) or []
        return pd.DataFrame(found, columns=list(state.ITEM_COLUMNS))
