"""Transactions for the final-appraisal tables (issue 14): the acts of people — closing a period,
confirming a result, an objection and its decision, an issued document.

The site and the CLI write these tables; the worker only reads them (and writes its own
`attempted_changes` and `pending_results` through the ResultsStore). Each table has one module
that reads and writes it: `sync.store.closures`, `sync.store.confirmations`,
`sync.store.objections`, `sync.store.documents`; they share the connection handling here.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator

from sync.store import accounts
from sync.store.schema import APPRAISAL_TABLES, INDEX_SQL, SCHEMA

now_text = accounts.now_text


def ensure(conn: sqlite3.Connection) -> None:
    """Create the appraisal tables (and the worker's two) when a site or CLI writes before the
    first sync has created the schema."""
    for table in (*APPRAISAL_TABLES, "attempted_changes", "pending_results"):
        cols = ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA[table][0])
        conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})')
    for sql in INDEX_SQL:
        if any(f" ON {table}(" in sql for table in (*APPRAISAL_TABLES, "attempted_changes")):
            conn.execute(sql)


@contextmanager
def writing(store) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE: a read-modify-write is atomic across processes)."""
    with accounts.writing(store) as conn:
        ensure(conn)
        yield conn


@contextmanager
def reading(store) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None while the store or the table does not exist yet."""
    with accounts.reading(store) as conn:
        yield conn


def rows(store, table: str, where: str = "1", params: tuple = ()) -> list[dict[str, Any]]:
    """Rows of an appraisal table as dicts (empty when the store or table does not exist yet)."""
    if table not in SCHEMA:
        raise KeyError(f"tabel tidak dikenal: {table}")
    with reading(store) as conn:
        if conn is None or not accounts._exists(conn, table):
            return []
        cur = conn.execute(f'SELECT * FROM "{table}" WHERE {where}', params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]


def dumps(value: Any) -> str:
    """JSON as the appraisal tables keep it (sorted keys, so equal content is equal text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
