"""sync/store/writer.py and reader.py: a real SQLite file; replacing one agency leaves the others untouched."""

import numpy as np
import pandas as pd
import pytest

from config.errors import StoreError
from sync.store import ResultsStore


@pytest.fixture
def store(tmp_path):
    s = ResultsStore(tmp_path / "var" / "kinerja.sqlite")
    s.ensure_schema()
    return s


def summary(agency, avg):
    return pd.DataFrame(
        {"agency": [agency], "period": ["2026-10"], "headcount": [np.int64(7)], "avg_na": [avg], "n_baik": [3]}
    )


def test_replace_scope_keeps_other_agencies(store):
    store.replace_scope("DINKES", {"agency_summary": summary("DINKES", 101.5)})
    store.replace_scope("DPMPTSP", {"agency_summary": summary("DPMPTSP", 99.0)})
    store.replace_scope("DINKES", {"agency_summary": summary("DINKES", 103.25)})
    got = store.read("agency_summary").set_index("agency")["avg_na"].to_dict()
    assert got == {"DPMPTSP": 99.0, "DINKES": 103.25}


def test_nan_and_numpy_values_are_stored_as_sql_values(store):
    store.replace_scope("X", {"agency_summary": summary("X", np.nan)})
    row = store.read("agency_summary").iloc[0]
    assert row["headcount"] == 7 and pd.isna(row["avg_na"])


def test_run_record_and_last_sync(store):
    run_id = store.start_run("2026-11-28T10:00:00+07:00", "abc")
    sheets = pd.DataFrame(
        [
            {
                "spreadsheet": "dinkes",
                "scope": "DINKES",
                "status": "berhasil",
                "rows_read": 10,
                "rows_used": 9,
                "rows_rejected": 1,
                "rows_superseded": 0,
                "written": True,
                "seconds": 0.5,
                "error": "",
            }
        ]
    )
    store.finish_run(run_id, "2026-11-28T10:00:05+07:00", "berhasil", sheets, {"line": "ok"})
    runs = store.read("runs")
    assert runs.loc[0, "status"] == "berhasil" and runs.loc[0, "rules_id"] == "abc"
    assert store.read("run_sheets").loc[0, "rows_rejected"] == 1
    assert store.meta("last_sync") == "2026-11-28T10:00:05+07:00"


def test_reading_before_any_sync_gives_empty_tables(tmp_path):
    fresh = ResultsStore(tmp_path / "none.sqlite")
    assert fresh.read("results").empty and "predikat" in fresh.read("results").columns
    assert fresh.meta("last_sync") is None


def test_unknown_table_is_an_error(store):
    with pytest.raises(StoreError):
        store.read("nope")


def test_nullable_extension_dtypes_become_null(store):
    frame = pd.DataFrame(
        {
            "agency": ["X", "X"],
            "period": ["2026-10", "2026-09"],
            "headcount": pd.array([3, None], dtype="Int64"),
            "avg_na": pd.array([1.5, None], dtype="Float64"),
        }
    )
    store.replace_scope("X", {"agency_summary": frame})
    got = store.read("agency_summary").sort_values("period")
    assert got["headcount"].isna().tolist() == [True, False] and got["avg_na"].tolist()[1] == 1.5


def test_an_older_store_gains_the_new_columns_and_keeps_its_rows(tmp_path):
    import sqlite3

    path = tmp_path / "lama.sqlite"
    with sqlite3.connect(path) as conn:  # the results table as an older version created it
        conn.execute('CREATE TABLE results ("agency" TEXT, "period" TEXT, "nip" TEXT, "na" REAL)')
        conn.execute("INSERT INTO results VALUES ('DINKES', '2026-10', '198503152010121001', 98.5)")
    store = ResultsStore(path)
    store.ensure_schema()
    frame = store.read("results")
    assert {"catatan", "attention", "rules_name"} <= set(frame.columns)
    assert frame.loc[0, "na"] == 98.5 and frame["catatan"].isna().all()
    store.replace_scope("DINKES", {"results": frame.assign(catatan="Baik.")})
    assert store.read("results").loc[0, "catatan"] == "Baik."


# ---- the store holds personal data: owner-only (issue 9, item 8) -----------------------------


@pytest.fixture
def umask():
    import os

    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_store_and_its_wal_files_are_owner_only(tmp_path, umask):
    store = ResultsStore(tmp_path / "var" / "kinerja.sqlite")
    store.ensure_schema()
    with store.connect() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        conn.commit()
        files = [store.path, store.path.with_name("kinerja.sqlite-wal"), store.path.with_name("kinerja.sqlite-shm")]
        assert all(p.exists() for p in files)
        assert {p.name: p.stat().st_mode & 0o777 for p in files} == {p.name: 0o600 for p in files}


def test_an_existing_readable_store_is_made_owner_only(tmp_path, umask):
    store = ResultsStore(tmp_path / "kinerja.sqlite")
    store.ensure_schema()
    store.path.chmod(0o644)  # as older versions left it
    assert store.meta("last_sync") is None
    assert store.path.stat().st_mode & 0o777 == 0o600
