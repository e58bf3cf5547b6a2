"""The results store's contract: what every writer/reader pair must do, whatever the engine.

Each test takes the `engine` fixture, which builds a writer (`ResultsStore`'s interface) and a
reader (`StoreReader`'s) on a fresh store; a second engine (say PostgreSQL) joins by adding an
`Engine` to ENGINES. Only the hooks that have to reach under the interface (a blank store, the
store's files, a write past the reader) are engine-specific.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest

from config.errors import StoreError
from sync.store import ResultsStore, StoreReader, state
from sync.store.confirmations import stored_input_digest
from sync.store.schema import SCHEMA, column_names


@dataclass
class Engine:
    name: str
    writer: Callable[[], ResultsStore]  # a new, empty store (no schema yet)
    reader: Callable[[ResultsStore], StoreReader]  # a new reader on that store
    blank: Callable[[ResultsStore], None]  # the store exists but no table was ever created
    files: Callable[[ResultsStore], list[Path]]  # the files holding the store's data
    write_past_reader: Callable[[StoreReader], None]  # try a write on the reader's own connection
    damage: Callable[[ResultsStore], None]  # make the store unreadable


def sqlite_engine(tmp_path: Path) -> Engine:
    def blank(store: ResultsStore) -> None:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(store.path).close()

    def files(store: ResultsStore) -> list[Path]:
        return [store.path, Path(f"{store.path}-wal"), Path(f"{store.path}-shm")]

    def write_past_reader(reader: StoreReader) -> None:
        reader.meta("last_sync")  # opens this thread's connection
        conn = reader._connection()
        conn.execute("DELETE FROM results")

    def damage(store: ResultsStore) -> None:
        store.close()  # its WAL goes into the file, which is then overwritten
        store.path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)

    return Engine(
        "sqlite",
        lambda: ResultsStore(tmp_path / "var" / "kinerja.sqlite"),
        lambda s: StoreReader(s.path),
        blank,
        files,
        write_past_reader,
        damage,
    )


ENGINES = {"sqlite": sqlite_engine}


@pytest.fixture(params=sorted(ENGINES))
def engine(request, tmp_path) -> Engine:
    return ENGINES[request.param](tmp_path)


@pytest.fixture
def store(engine) -> ResultsStore:
    s = engine.writer()
    s.ensure_schema()
    return s


def results(agency: str, period: str = "2026-10", n: int = 2, na: float = 100.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agency": [agency] * n,
            "period": [period] * n,
            "nip": [f"{agency}{i:03d}" for i in range(n)],
            "name": [f"Pegawai {i}" for i in range(n)],
            "na": [na + i for i in range(n)],
            "indicators": np.arange(n, dtype=np.int64),
            "predikat": ["Baik"] * n,
            "gate": [True] * n,
        }
    )


def summary(agency: str, avg: float) -> pd.DataFrame:
    return pd.DataFrame({"agency": [agency], "period": ["2026-10"], "headcount": [np.int64(7)], "avg_na": [avg]})


# ---- replace by scope ------------------------------------------------------------------------


def test_replace_by_scope_leaves_other_scopes_untouched(engine, store):
    store.replace_scope("DINKES", {"results": results("DINKES"), "agency_summary": summary("DINKES", 1.0)})
    store.replace_scope("DPMPTSP", {"results": results("DPMPTSP", n=3), "agency_summary": summary("DPMPTSP", 2.0)})
    store.replace_scope(
        "DINKES", {"results": results("DINKES", n=1, na=90.0), "agency_summary": summary("DINKES", 3.0)}
    )
    reader = engine.reader(store)
    got = reader.rows("results", order_by="agency, nip")
    assert got["agency"].tolist() == ["DINKES", "DPMPTSP", "DPMPTSP", "DPMPTSP"]
    assert got.loc[0, "na"] == 90.0
    assert reader.rows("agency_summary").set_index("agency")["avg_na"].to_dict() == {"DPMPTSP": 2.0, "DINKES": 3.0}


def test_a_table_without_scope_is_replaced_whole(engine, store):
    store.set_agencies(
        pd.DataFrame({"code": ["A", "B"], "name": ["a", "b"], "spreadsheet": ["a", "b"], "position": [1, 2]})
    )
    store.set_agencies(pd.DataFrame({"code": ["C"], "name": ["c"], "spreadsheet": ["c"], "position": [1]}))
    assert engine.reader(store).rows("agencies")["code"].tolist() == ["C"]


def test_a_failure_mid_replace_leaves_the_old_rows(engine, store):
    store.replace_scope("DINKES", {"results": results("DINKES"), "agency_summary": summary("DINKES", 1.0)})
    unstorable = summary("DINKES", 2.0).assign(attention_reason=[object()])  # no engine can store this
    with pytest.raises(Exception):  # noqa: B017 - each engine raises its own error type
        store.replace_scope("DINKES", {"results": results("DINKES", n=5), "agency_summary": unstorable})
    reader = engine.reader(store)
    assert len(reader.rows("results")) == 2  # the results replaced first are back too: one transaction
    assert reader.rows("agency_summary")["avg_na"].tolist() == [1.0]


def test_values_come_back_as_stored(engine, store):
    frame = pd.DataFrame(
        {
            "agency": ["X", "X", "X"],
            "period": ["2026-08", "2026-09", "2026-10"],
            "headcount": pd.array([3, None, 5], dtype="Int64"),
            "avg_na": [1.5, np.nan, np.inf],
            "complete": [True, False, True],
            "attention_reason": ["a", None, "c"],
            "na_change": pd.array([0.25, None, -1.0], dtype="Float64"),
        }
    )
    store.replace_scope("X", {"agency_summary": frame})
    got = engine.reader(store).rows("agency_summary", order_by="period")
    assert got["headcount"].tolist()[0] == 3 and pd.isna(got["headcount"].tolist()[1])
    assert got["avg_na"].tolist()[0] == 1.5 and got["avg_na"].isna().tolist()[1:] == [True, True]  # inf: NULL
    assert got["complete"].tolist() == [1, 0, 1]
    assert got["attention_reason"].tolist() == ["a", None, "c"]
    assert got["na_change"].tolist()[0] == 0.25 and pd.isna(got["na_change"].tolist()[1])


# ---- the reader ------------------------------------------------------------------------------


def test_rows_filter_order_columns_limit_and_count(engine, store):
    store.replace_scope("A", {"results": results("A", n=5)})
    reader = engine.reader(store)
    page = reader.rows(
        "results", "agency = ? AND na >= ?", ("A", 101), columns=["na", "nip"], order_by="na DESC", limit=2, offset=1
    )
    assert page.columns.tolist() == ["na", "nip"] and page["na"].tolist() == [103.0, 102.0]
    assert reader.count("results", "na >= ?", (101,)) == 4 and reader.count("results") == 5
    assert reader.grouped("results", ["agency"], count="n", sums={"gates": "gate"}).to_dict("records") == [
        {"agency": "A", "n": 5, "gates": 5}
    ]


def test_the_reader_is_read_only(engine, store):
    store.replace_scope("A", {"results": results("A")})
    reader = engine.reader(store)
    with pytest.raises(StoreError):
        reader.rows("results", "1 = 1; DELETE FROM results")
    with pytest.raises(Exception, match="readonly|read-only|read only"):
        engine.write_past_reader(reader)
    assert engine.reader(store).count("results") == 2


def test_an_unknown_table_or_column_raises(engine, store):
    reader = engine.reader(store)
    with pytest.raises(StoreError, match="Tabel 'hasil' tidak dikenal"):
        reader.rows("hasil")
    with pytest.raises(StoreError, match="Kolom 'perod' tidak ada di tabel 'results'"):
        reader.rows("results", columns=["nip", "perod"])
    with pytest.raises(StoreError, match="perod"):
        reader.has_column("results", "perod")
    with pytest.raises(StoreError, match="perod"):
        reader.grouped("results", ["perod"], count="n")


def test_a_misspelt_condition_raises_instead_of_answering_empty(engine, store):
    store.replace_scope("A", {"results": results("A")})
    reader = engine.reader(store)
    with pytest.raises(StoreError, match="perod"):
        reader.rows("results", "perod = ?", ("2026-10",))
    with pytest.raises(StoreError, match="perod"):
        reader.count("results", "perod = ?", ("2026-10",))
    with pytest.raises(StoreError, match="perod"):
        reader.rows("results", order_by="perod")
    with pytest.raises(StoreError, match="perod"):
        store.read("results", "perod = ?", ("2026-10",))  # the writer's own read is the same reader


def test_never_synced_answers_empty(engine):
    store = engine.writer()
    for reader in (engine.reader(store), store.reader):
        assert not store.path.exists()
        frame = reader.rows("results")
        assert frame.empty and frame.columns.tolist() == list(column_names("results"))
        assert reader.rows("results", columns=["nip", "na"]).columns.tolist() == ["nip", "na"]
        assert reader.count("results") == 0 and reader.meta("last_sync") is None
        assert not reader.has_column("results", "nip")
        assert reader.grouped("issues", ["scope"], count="n").empty
    engine.blank(store)  # the file exists, no table yet
    reader = engine.reader(store)
    assert reader.rows("results").empty and reader.count("results", "perod = 1") == 0
    assert reader.meta("last_sync") is None


def test_a_damaged_store_raises(engine, store):
    store.set_meta("last_sync", "x")
    engine.damage(store)
    with pytest.raises(StoreError, match="Basis data hasil|basis data hasil"):
        engine.reader(store).rows("results")


def test_a_column_an_older_store_lacks_comes_back_empty(engine, tmp_path):
    store = engine.writer()
    engine.blank(store)
    with sqlite3.connect(store.path) as conn:  # engine-specific on purpose: an older version's table
        conn.execute('CREATE TABLE results ("agency" TEXT, "period" TEXT, "nip" TEXT, "na" REAL)')
        conn.execute("INSERT INTO results VALUES ('A', '2026-10', '1', 98.5)")
    conn.close()
    reader = engine.reader(store)
    got = reader.rows("results", columns=["nip", "attention", "na"])
    assert got.columns.tolist() == ["nip", "attention", "na"] and got["attention"].isna().all()
    assert reader.has_column("results", "na") and not reader.has_column("results", "attention")


def test_meta_round_trip_and_last_sync(engine, store):
    reader = engine.reader(store)
    assert reader.meta("heartbeat") is None
    store.set_meta("heartbeat", "2026-11-28T10:00:00+07:00")
    assert reader.meta("heartbeat") == "2026-11-28T10:00:00+07:00"  # a kept connection sees new writes
    run = store.start_run("2026-11-28T10:00:00+07:00", "r1")
    store.finish_run(run, "2026-11-28T10:00:05+07:00", "berhasil", pd.DataFrame(), {"line": "ok"})
    assert reader.meta("last_sync") == "2026-11-28T10:00:05+07:00"
    assert reader.rows("runs")["status"].tolist() == ["berhasil"]


def test_each_thread_reads_on_its_own_connection(engine, store):
    store.set_meta("last_sync", "a")
    reader = engine.reader(store)
    seen: list = []
    thread = threading.Thread(target=lambda: seen.append(reader.meta("last_sync")))
    thread.start()
    thread.join()
    assert seen == ["a"] and reader.meta("last_sync") == "a"


def test_a_store_replaced_on_disk_is_read_afresh(engine, tmp_path):
    first = engine.writer()
    first.ensure_schema()
    first.set_meta("last_sync", "old")
    reader = engine.reader(first)
    assert reader.meta("last_sync") == "old"
    other = ResultsStore(tmp_path / "other" / first.path.name)
    other.ensure_schema()
    other.set_meta("last_sync", "new")
    other.close()  # a complete file (its WAL checkpointed), as a restored backup would be
    os.replace(other.path, first.path)
    assert reader.meta("last_sync") == "new"


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_store_files_are_owner_only(engine, umask):
    store = engine.writer()
    store.ensure_schema()
    with store.connect() as conn:  # while a connection is open its -wal/-shm files exist
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        conn.commit()
        files = [p for p in engine.files(store) if p.exists()]
        assert files and {p.name: p.stat().st_mode & 0o777 for p in files} == {p.name: 0o600 for p in files}


# ---- the history state -----------------------------------------------------------------------

STATE = ["agency", "what", "period", "nip", "item", "digest", "payload"]


def _items(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=STATE)


def _state(reader: StoreReader, agency: str) -> set[tuple]:
    return set(reader.history_state(agency).itertuples(index=False, name=None))


def test_a_first_state_encoded_by_the_cycle_is_stored_or_merged_as_its_items_would_be(engine, store):
    """The cycle encodes an agency's first state beside the writer (state.FirstState): stored, it
    reads back as the items; given where the agency has a state after all, it is merged as they are."""
    items = _items(
        [
            ("A", "hasil", "2026-09", "1", "", "d1", '{"na": 90.0}'),
            ("A", "indikator", "2026-09", "1", 'Laporan "SPJ"', "d2", '{"target": 1.0}'),
            ("A", "presensi", "2026-10", "2", "", "d4", '{"present": 20}'),
        ]
    )
    none_gone = pd.DataFrame(columns=STATE[1:5])
    store.record_history("A", pd.DataFrame(), state.FirstState.of("A", items), none_gone)
    reader = engine.reader(store)
    assert _state(reader, "A") == set(items.itertuples(index=False, name=None))
    later = _items([("A", "hasil", "2026-09", "1", "", "d1b", '{"na": 91.0}')])
    store.record_history("A", pd.DataFrame(), state.FirstState.of("A", later), none_gone)
    assert _state(reader, "A") == {
        ("A", "hasil", "2026-09", "1", "", "d1b", '{"na": 91.0}'),
        ("A", "indikator", "2026-09", "1", 'Laporan "SPJ"', "d2", '{"target": 1.0}'),
        ("A", "presensi", "2026-10", "2", "", "d4", '{"present": 20}'),
    }


def test_the_history_state_is_merged_per_employee_month(engine, store):
    """An agency's first cycle records every item; a later one replaces the changed items, adds
    the new, removes the vanished, and leaves every other item (and agency) as it was."""
    odd = 'Laporan "SPJ"\nbaris dua\x1f; ✓'  # an indicator typed with quotes, Alt+Enter, a control byte
    first = _items(
        [
            ("A", "hasil", "2026-09", "1", "", "d1", '{"na": 90.0}'),
            ("A", "indikator", "2026-09", "1", odd, "d2", '{"target": 1.0}'),
            ("A", "indikator", "2026-09", "1", "Rapat", "d3", '{"target": 2.0}'),
            ("A", "presensi", "2026-10", "1", "", "d4", '{"present": 20}'),
            ("A", "hasil", "2026-09", "2", "", "d5", '{"na": 80.0}'),
        ]
    )
    store.record_history("A", pd.DataFrame(), first, pd.DataFrame(columns=STATE[1:5]))
    store.record_history("B", pd.DataFrame(), first.assign(agency="B"), pd.DataFrame(columns=STATE[1:5]))
    reader = engine.reader(store)
    assert _state(reader, "A") == set(first.itertuples(index=False, name=None))

    changed = _items(
        [
            ("A", "indikator", "2026-09", "1", odd, "d2b", '{"target": 3.0}'),
            ("A", "penilaian", "2026-09", "1", "", "d6", '{"service": 3}'),
            ("A", "hasil", "2026-11", "3", "", "d7", '{"na": 70.0}'),
        ]
    )
    gone = pd.DataFrame([("indikator", "2026-09", "1", "Rapat"), ("presensi", "2026-10", "1", "")], columns=STATE[1:5])
    store.record_history("A", pd.DataFrame(), changed, gone)
    assert _state(reader, "A") == {
        ("A", "hasil", "2026-09", "1", "", "d1", '{"na": 90.0}'),
        ("A", "indikator", "2026-09", "1", odd, "d2b", '{"target": 3.0}'),
        ("A", "penilaian", "2026-09", "1", "", "d6", '{"service": 3}'),
        ("A", "hasil", "2026-09", "2", "", "d5", '{"na": 80.0}'),
        ("A", "hasil", "2026-11", "3", "", "d7", '{"na": 70.0}'),
    }
    assert _state(reader, "B") == set(first.assign(agency="B").itertuples(index=False, name=None))
    # One employee's months, as the penetapan pages read them; an employee-month left empty is gone.
    assert set(reader.history_state("A", "1", ["2026-09", "2026-10"])["what"]) == {"hasil", "indikator", "penilaian"}
    assert reader.history_state("A", "1", ["2026-10"]).empty
    assert reader.count("history_state", "agency = ?", ("A",)) == 3


OLD_ITEMS = [
    ("A", "hasil", "2026-09", "1", "", "d1", '{"na": 90.0}'),
    ("A", "indikator", "2026-09", "1", "Rapat", "d3", '{"target": 2.0}'),
    ("A", "indikator", "2026-09", "1", "SPJ", "d2", None),
    ("B", "presensi", "2026-10", "7", "", "d4", '{"present": 20}'),
]


def _store_per_item(path: Path, old: list[tuple]) -> None:
    """A store as written before the state was kept per employee-month: one row per item."""
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE history_state ({', '.join(f'{c} TEXT' for c in STATE)})")
    conn.execute("CREATE UNIQUE INDEX history_state_key ON history_state(agency, what, period, nip, item)")
    conn.executemany(f"INSERT INTO history_state VALUES ({', '.join('?' for _ in STATE)})", old)
    conn.commit()
    conn.close()


def test_a_store_with_the_state_per_item_is_converted_whole(tmp_path):
    """A store written before the state was kept per employee-month (one row per item, with its
    unique index) is converted when the schema is ensured; nothing is lost."""
    path = tmp_path / "old.sqlite"
    old = OLD_ITEMS
    _store_per_item(path, old)
    store = ResultsStore(path)
    reader = StoreReader(path)
    # Before the worker converts it, the site reads the old shape as it is.
    assert _state(reader, "A") | _state(reader, "B") == set(old)
    assert set(reader.history_state("A", "1", ["2026-09"])["item"]) == {"", "Rapat", "SPJ"}
    before = stored_input_digest(store, "A", "1", "2026-09")
    store.ensure_schema()
    assert stored_input_digest(store, "A", "1", "2026-09") == before
    store.ensure_schema()  # once converted, again is a no-op
    reader = StoreReader(path)
    assert _state(reader, "A") | _state(reader, "B") == set(old)
    assert reader.count("history_state") == 2
    assert column_names("history_state") == tuple(
        row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(history_state)")
    )


def test_a_conversion_that_fails_leaves_the_old_state_whole(tmp_path, monkeypatch):
    """The conversion is one transaction: should it fail halfway (or the process be killed), the
    per-item table stays as it was and the next run converts it."""
    path = tmp_path / "old.sqlite"
    _store_per_item(path, OLD_ITEMS)

    def broken(items):
        raise RuntimeError("disk full")

    monkeypatch.setattr("sync.store.state.encode", broken)
    with pytest.raises(RuntimeError):
        ResultsStore(path).ensure_schema()
    conn = sqlite3.connect(path)
    assert set(conn.execute(f"SELECT {', '.join(STATE)} FROM history_state")) == set(OLD_ITEMS)
    conn.close()
    monkeypatch.undo()
    ResultsStore(path).ensure_schema()
    reader = StoreReader(path)
    assert _state(reader, "A") | _state(reader, "B") == set(OLD_ITEMS)


def test_rows_an_older_version_wrote_into_a_converted_store_are_kept(tmp_path):
    """After a rollback the older version adds its columns to the per-month table and writes item
    rows (only where the month index lets it: a month not stored yet); the upgrade again keeps
    both (sync.store.state.merged, tested on its own for a month held both ways)."""
    path = tmp_path / "mixed.sqlite"
    store = ResultsStore(path)
    store.ensure_schema()
    store.record_history("A", pd.DataFrame(), _items(OLD_ITEMS[:3]), pd.DataFrame(columns=STATE[1:5]))
    conn = sqlite3.connect(path)
    for column in ("what", "item", "digest", "payload"):
        conn.execute(f"ALTER TABLE history_state ADD COLUMN {column} TEXT")
    newer = [("A", "indikator", "2026-10", "1", "Rapat", "d3b", '{"target": 5.0}'), OLD_ITEMS[3]]
    conn.executemany(f"INSERT INTO history_state ({', '.join(STATE)}) VALUES (?, ?, ?, ?, ?, ?, ?)", newer)
    conn.commit()
    conn.close()
    store.ensure_schema()
    reader = StoreReader(path)
    assert _state(reader, "A") | _state(reader, "B") == {*OLD_ITEMS[:3], *newer}
    assert reader.count("history_state") == 3
    assert column_names("history_state") == tuple(
        row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(history_state)")
    )


# ---- the schema, declared once ---------------------------------------------------------------


def test_scoring_output_columns_are_all_declared():
    """scoring/ may not import sync/: its result columns are its own list, checked here."""
    from scoring.employee import OUTPUT_COLUMNS

    assert set(OUTPUT_COLUMNS) <= set(column_names("results"))


def test_every_table_has_its_scope_column():
    for table, (columns, scope) in SCHEMA.items():
        assert scope is None or scope in [name for name, _kind in columns], table


def test_sheet_and_report_columns_name_stored_columns():
    """The owned tabs and the HR report pick stored columns by name: a renamed or dropped store
    column fails here, not as a blank column in a workbook."""
    from sync.results.periodic import HASIL_PERIODIK_SPEC
    from sync.results.tabs import HASIL_SPEC
    from web.report import PEGAWAI_COLUMNS, PEGAWAI_PERIODIC_COLUMNS, VALIDASI_COLUMNS

    computed = {"period_label", "penetapan"}  # added by the tab builders (penetapan from `decision`)
    assert {key for _h, key, _d in HASIL_SPEC if key} - computed <= set(column_names("results"))
    periodic_computed = computed | {"kind_label", "level", "gate_note"}  # sync/results/periodic.py adds them
    assert {key for _h, key, _d in HASIL_PERIODIK_SPEC if key} - periodic_computed <= set(
        column_names("results_periodic")
    )
    assert {c.key for c in PEGAWAI_COLUMNS} <= set(column_names("results"))
    assert {c.key for c in PEGAWAI_PERIODIC_COLUMNS} <= set(column_names("results_periodic"))
    assert {c.key for c in VALIDASI_COLUMNS} <= set(column_names("issues"))
