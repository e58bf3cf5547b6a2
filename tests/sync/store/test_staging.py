"""sync/store/staging.py: rows bound in a staging file and copied by the store's writer are stored
exactly as a direct insert stores them (values and SQLite types), in the agency's transaction; the
file is owner-only and never outlives the writes (real SQLite files, real fork)."""

import os
import signal
import sqlite3
import stat

import numpy as np
import pandas as pd

from sync.store import ResultsStore
from sync.store.staging import SUFFIX, Staged, Staging
from sync.store_writes import AgencyRows, StoreWrites

NO_ROWS = pd.DataFrame()
EMPTY_HISTORY = (pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


def indicators(agency: str) -> pd.DataFrame:
    """Every kind of cell the store converts: NaN, an infinity, numpy and Python ints, text with
    quotes and newlines, None, a float that is whole."""
    return pd.DataFrame(
        {
            "agency": agency,
            "period": ["2026-10", "2026-10", "2026-11", None],
            "nip": ["198503152010121001", "199001012015032002", "198503152010121001", "x"],
            "row": np.array([2, 3, 4, 5], dtype=np.int64),
            "plan": ['Rencana "A"', "baris\nkedua", "", None],
            "indicator": ["Kunjungan", "Rapor", "=SUM(A1)", "Ü"],
            "target": [100.0, np.nan, 5.0, 1e15],
            "actual": [90.0, 7.5, np.inf, 0.0],
            "measure": ["orang", None, "%", ""],
            "direction": ["Naik", "Turun", "Naik", "Naik"],
            "weight": [1.0, 2.0, np.nan, 3.0],
            "capaian": [90.0, 123.456789, np.nan, 0.0],
            "capaian_capped": [90.0, 120.0, np.nan, 0.0],
        }
    )


def dump(path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        typed = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
        return conn.execute(f'SELECT {typed} FROM "{table}" ORDER BY rowid').fetchall()


def test_staged_rows_are_stored_as_a_direct_insert_stores_them(tmp_path):
    direct = ResultsStore(tmp_path / "direct.sqlite")
    direct.ensure_schema()
    direct.replace_scope("DINKES", {"indicators": indicators("DINKES")})

    store = ResultsStore(tmp_path / "staged.sqlite")
    store.ensure_schema()
    with Staging.open(store.path) as staging:
        staged = staging.add("DINKES", "indicators", indicators("DINKES"))
        assert isinstance(staged, Staged) and staged.rows == 4
        store.attach(staged.path)
        store.replace_scope("DINKES", {"indicators": staged})
    assert dump(store.path, "indicators") == dump(direct.path, "indicators")
    assert {"text", "real", "integer", "null"} <= set(t for row in dump(store.path, "indicators") for t in row[1::2])


def test_staged_rows_replace_the_agency_s_rows_and_are_written_by_the_child(tmp_path):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    store.replace_scope("DINKES", {"indicators": indicators("DINKES").iloc[:1]})
    seen = {}
    files = []
    with StoreWrites(store, lambda key, error: seen.update({key: error})) as writes:
        for code in ("DINKES", "DISDIK"):
            tables = {"indicators": indicators(code), "issues": NO_ROWS}
            writes.add(code, AgencyRows(code, tables, NO_ROWS, NO_ROWS, "2026-12-07T10:00:00+07:00", EMPTY_HISTORY))
        files = sorted(p.name for p in tmp_path.iterdir() if SUFFIX in p.name)
        assert files  # bound here, in the staging file beside the store
        assert stat.S_IMODE(os.stat(tmp_path / files[0]).st_mode) == 0o600
    assert seen == {"DINKES": None, "DISDIK": None}
    with sqlite3.connect(store.path) as conn:
        counts = dict(conn.execute("SELECT agency, COUNT(*) FROM indicators GROUP BY agency").fetchall())
    assert counts == {"DINKES": 4, "DISDIK": 4}  # DINKES' earlier row replaced
    assert not [p for p in tmp_path.iterdir() if SUFFIX in p.name]  # removed once the writes ended


def test_staged_rows_of_a_killed_writer_child_are_copied_here(tmp_path):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    seen = {}

    def agency(code: str) -> AgencyRows:
        tables = {"indicators": indicators(code), "issues": NO_ROWS}
        return AgencyRows(code, tables, NO_ROWS, NO_ROWS, "2026-12-07T10:00:00+07:00", EMPTY_HISTORY)

    with StoreWrites(store, lambda key, error: seen.update({key: error})) as writes:
        writes.add("DINKES", agency("DINKES"))
        for pid in list(writes._pool._processes):  # what the OOM killer does
            os.kill(pid, signal.SIGKILL)
        writes.add("DISDIK", agency("DISDIK"))
    assert seen == {"DINKES": None, "DISDIK": None}
    with sqlite3.connect(store.path) as conn:
        counts = dict(conn.execute("SELECT agency, COUNT(*) FROM indicators GROUP BY agency").fetchall())
    assert counts == {"DINKES": 4, "DISDIK": 4}
    assert not [p for p in tmp_path.iterdir() if SUFFIX in p.name]


def test_a_staging_file_a_killed_cycle_left_is_removed_by_the_next(tmp_path):
    store_path = tmp_path / "k.sqlite"
    stale = tmp_path / f"k.sqlite{SUFFIX}12345"
    stale.write_bytes(b"data pribadi")
    (tmp_path / f"k.sqlite{SUFFIX}12345-wal").write_bytes(b"")
    with Staging.open(store_path):
        assert not stale.exists() and not [p for p in tmp_path.iterdir() if "12345" in p.name]
