"""sync.store_writes: agencies' rows stored by a child process, in order; a killed child or a failed
write costs nothing but that agency's error (real SQLite file, real fork)."""

import os
import signal
import sqlite3

import pandas as pd
import pytest

from sync.store import ResultsStore
from sync.store_writes import AgencyRows, StoreWrites

NO_ROWS = pd.DataFrame()
EMPTY_HISTORY = (pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


def rows(scope: str, problems: int, tables: dict | None = None) -> AgencyRows:
    issues = pd.DataFrame(
        {"scope": scope, "tab": "Pegawai", "row": range(2, 2 + problems), "column": "NIP", "value": "x"}
    ).assign(problem="NIP tidak sah", fix="Perbaiki NIP", severity="Galat")
    return AgencyRows(scope, tables or {"issues": issues}, NO_ROWS, NO_ROWS, "2026-12-05T10:00:00+07:00", EMPTY_HISTORY)


def stored_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT scope, COUNT(*) FROM issues GROUP BY scope").fetchall())


def test_rows_are_stored_by_a_child_and_handed_over_in_order(tmp_path):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    seen = []
    with StoreWrites(store, lambda key, error: seen.append((key, error, stored_counts(store.path)))) as writes:
        writes.add("A", rows("A", 3))
        writes.add("GAGAL", None)  # a failed agency: only its turn in the order
        writes.add("B", rows("B", 5))
        assert writes._pool is not None and writes._pool._processes  # a child process writes them
        assert all(os.getpid() != pid for pid in writes._pool._processes)
    assert [key for key, _e, _c in seen] == ["A", "GAGAL", "B"]
    assert all(error is None for _k, error, _c in seen)
    assert seen[0][2]["A"] == 3  # A's rows were in the store when A was handed over
    assert stored_counts(store.path) == {"A": 3, "B": 5}


def test_a_failed_write_is_that_agency_s_error_only(tmp_path):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    seen = {}
    with StoreWrites(store, lambda key, error: seen.update({key: error})) as writes:
        writes.add("A", rows("A", 2))
        writes.add("RUSAK", rows("RUSAK", 1, {"no_such_table": NO_ROWS}))
        writes.add("C", rows("C", 4))
    assert seen["A"] is None and seen["C"] is None
    assert isinstance(seen["RUSAK"], KeyError)
    assert stored_counts(store.path) == {"A": 2, "C": 4}


def test_rows_of_a_killed_child_are_written_here(tmp_path):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    seen = {}
    with StoreWrites(store, lambda key, error: seen.update({key: error})) as writes:
        writes.add("A", rows("A", 2))
        for pid in list(writes._pool._processes):  # what the OOM killer does
            os.kill(pid, signal.SIGKILL)
        writes.add("B", rows("B", 3))
        writes.add("C", rows("C", 1))
    assert seen == {"A": None, "B": None, "C": None}
    assert stored_counts(store.path) == {"A": 2, "B": 3, "C": 1}
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_agency_s_rows_are_one_transaction(tmp_path):
    # Its history failing to store (here: a value SQLite cannot bind) leaves none of its new rows:
    # the results stored before stay whole, and no result stands without its history.
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    rows("A", 3).write(store)
    bad_history = pd.DataFrame({"agency": ["A"], "nip": [{"not": "bindable"}], "period": ["2026-10"]})
    failing = AgencyRows(
        "A", rows("A", 5).tables, NO_ROWS, NO_ROWS, "2026-12-05T10:00:00+07:00", (bad_history, NO_ROWS, NO_ROWS)
    )
    with pytest.raises(sqlite3.Error):
        failing.write(store)
    assert stored_counts(store.path) == {"A": 3}
    rows("A", 4).write(store)  # the store takes the next write as usual
    assert stored_counts(store.path) == {"A": 4}


def test_a_transaction_keeps_its_connection_when_the_file_is_replaced(tmp_path):
    # The writes of a transaction all go through its own connection: a store file replaced on disk
    # meanwhile never receives half of them, nor does the next write commit a stray part.
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    fresh = ResultsStore(tmp_path / "fresh.sqlite")
    fresh.ensure_schema()
    fresh.close()
    with store.transaction():
        store.set_meta("a", "1")
        os.replace(tmp_path / "fresh.sqlite", store.path)
        store.set_meta("b", "2")
    store.set_meta("c", "3")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT key FROM meta ORDER BY key").fetchall() == [("c",)]
