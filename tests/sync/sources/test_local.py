"""sync/sources/local.py: the folder-of-workbooks backend reads raw cells and writes results atomically."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from config.errors import SpreadsheetUnavailable
from sync.sources.backend import SheetTable
from sync.sources.local import LocalBackend


@pytest.fixture
def folder(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "dinkes.xlsx"))
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, ["NIP", "Nama", "Unit Kerja"])
    ws.write_string(1, 0, "198503152010121001")
    ws.write_string(1, 1, "Rina Marlina")
    ws.write_number(2, 0, 198503152010121001)  # a NIP typed as a number: digits already lost
    ws.write_string(2, 1, "Budi")
    # row 4 left blank; row 5 has a date cell
    ws.write_datetime(4, 2, dt.datetime(2026, 10, 1), wb.add_format({"num_format": "dd/mm/yyyy"}))
    wb.add_worksheet("presensi")  # tab names match case-insensitively
    wb.close()
    return tmp_path


def test_read_keeps_raw_cell_types_and_sheet_row_numbers(folder):
    tabs = LocalBackend(folder).read("dinkes", ["Pegawai", "Presensi", "Laporan Kinerja"])
    assert set(tabs) == {"Pegawai", "Presensi"}  # a missing tab is simply absent
    pegawai = tabs["Pegawai"]
    assert pegawai.header == ["NIP", "Nama", "Unit Kerja"]
    assert pegawai.body.loc[2, 0] == "198503152010121001"
    assert isinstance(pegawai.body.loc[3, 0], float)  # never turned into a plausible string
    assert pegawai.body.loc[5, 2] == dt.date(2026, 10, 1)  # a date cell arrives as a date
    assert list(pegawai.body.index) == [2, 3, 4, 5]


def test_missing_workbook_says_how_to_fix(tmp_path):
    with pytest.raises(SpreadsheetUnavailable, match="main.py init"):
        LocalBackend(tmp_path).read("kota", ["Pengaduan"])


def test_unreadable_workbook_is_a_spreadsheet_error(tmp_path):
    (tmp_path / "rusak.xlsx").write_bytes(b"not a zip file")
    with pytest.raises(SpreadsheetUnavailable, match="bukan workbook Excel"):
        LocalBackend(tmp_path).read("rusak", ["Pegawai"])


def test_a_read_in_a_render_process_gives_what_a_read_here_gives(folder):
    here = LocalBackend(folder).read("dinkes", ["Pegawai", "Presensi"])
    backend = LocalBackend(folder, background_writes=True)
    try:
        there = backend.start_read("dinkes", ["Pegawai", "Presensi"])()
        assert backend._pool is not None  # it was read in a render process, not here
        missing = backend.start_read("bappeda", ["Pegawai"])
        with pytest.raises(SpreadsheetUnavailable, match="tidak ditemukan"):  # its error, in Indonesian
            missing()
    finally:
        backend.close()
    assert set(there) == set(here)
    for name, tab in here.items():
        assert there[name].header == tab.header
        pd.testing.assert_frame_equal(there[name].body, tab.body)


def _names_and_pid(tabs):
    import os

    if "Pegawai" not in tabs:
        raise ValueError("tab Pegawai tidak ada")  # then's own error, not a read error
    return tabs["Pegawai"].body[1].tolist(), os.getpid()


def test_then_runs_where_the_workbook_is_read_and_its_errors_pass_untouched(folder):
    import os

    names_here = LocalBackend(folder).read("dinkes", ["Pegawai"])["Pegawai"].body[1].tolist()
    backend = LocalBackend(folder, background_writes=True)
    try:
        names, pid = backend.start_read("dinkes", ["Pegawai"], then=_names_and_pid)()
        failing = backend.start_read("dinkes", ["Presensi"], then=_names_and_pid)
        with pytest.raises(ValueError, match="tab Pegawai tidak ada"):
            failing()
    finally:
        backend.close()
    assert names == names_here and pid != os.getpid()  # only then's result came back
    assert LocalBackend(folder).start_read("dinkes", ["Pegawai"], then=_names_and_pid)()[1] == os.getpid()


def test_a_read_whose_render_process_is_killed_is_done_here_instead(folder):
    import os
    import signal
    import time

    backend = LocalBackend(folder, background_writes=True)
    try:
        pool = backend._executor()
        busy = [pool.submit(time.sleep, 30) for _ in pool._processes]  # every process taken: the read waits
        read = backend.start_read("dinkes", ["Pegawai"])
        for pid in list(pool._processes):  # what the OOM killer does
            os.kill(pid, signal.SIGKILL)
        tabs = read()  # the pool broke under it: read here
        assert all(f.exception(30) is not None for f in busy)
        assert backend._pool is not pool
        assert tabs["Pegawai"].body.loc[2, 1] == "Rina Marlina"
        assert backend.write("dinkes", [table([["A", 1.0]])]) is True  # and writes go on in a fresh pool
        assert backend.flush() == {}
    finally:
        backend.close()


def table(rows):
    return SheetTable("Hasil Kinerja", ("Nama", "Nilai Akhir"), rows, {"Nilai Akhir": "0.00"})


def test_write_goes_beside_the_input_never_into_it(folder):
    before = (folder / "dinkes.xlsx").read_bytes()
    backend = LocalBackend(folder)
    assert backend.write("dinkes", [table([['=HYPERLINK("http://x")', 107.9], ["+62 812", None]])]) is True
    assert (folder / "dinkes.xlsx").read_bytes() == before
    ws = openpyxl.load_workbook(folder / "dinkes.hasil.xlsx")["Hasil Kinerja"]
    assert [c.value for c in ws[1]] == ["Nama", "Nilai Akhir"]
    assert ws["A2"].data_type == "s" and ws["A2"].value == '=HYPERLINK("http://x")'
    assert ws["A3"].value == "+62 812" and ws["A3"].data_type == "s"
    assert ws["B2"].value == 107.9 and ws["B2"].number_format == "0.00"
    assert not list(folder.glob("*.tmp.xlsx"))


def test_unchanged_results_are_not_rewritten(folder):
    backend = LocalBackend(folder)
    assert backend.write("dinkes", [table([["A", 1.0]])]) is True
    first = (folder / "dinkes.hasil.xlsx").stat().st_mtime_ns
    assert backend.write("dinkes", [table([["A", 1.0]])]) is False
    assert (folder / "dinkes.hasil.xlsx").stat().st_mtime_ns == first
    assert backend.write("dinkes", [table([["A", 2.0]])]) is True


def test_init_template_creates_text_nip_columns_and_never_overwrites(tmp_path):
    backend = LocalBackend(tmp_path)
    created = backend.init_template("baru", [("Pegawai", ["NIP", "Nama"], ["NIP"])])
    assert created == ["baru.xlsx: Pegawai"]
    wb = openpyxl.load_workbook(tmp_path / "baru.xlsx")
    assert [c.value for c in wb["Pegawai"][1]] == ["NIP", "Nama"]
    assert wb["Pegawai"].column_dimensions["A"].number_format == "@"
    before = (tmp_path / "baru.xlsx").read_bytes()
    assert backend.init_template("baru", [("Lain", ["X"], [])]) == []
    assert (tmp_path / "baru.xlsx").read_bytes() == before


# ---- permissions and killed render processes (issue 9, items 8 and 1) -------------------------


@pytest.fixture
def umask():
    """Set the process umask for one test (restored after)."""
    import os

    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664)])
@pytest.mark.parametrize("background", [False, True])
def test_result_workbooks_get_the_folders_normal_permissions(folder, umask, mask, mode, background):
    umask(mask)
    backend = LocalBackend(folder, background_writes=background)
    try:
        backend.write("dinkes", [table([["A", 1.0]])])
        assert backend.flush() == {}
    finally:
        backend.close()
    assert (folder / "dinkes.hasil.xlsx").stat().st_mode & 0o777 == mode


def test_a_killed_render_process_fails_its_spreadsheet_and_the_next_write_works(folder):
    import os
    import signal

    backend = LocalBackend(folder, background_writes=True)
    try:
        assert backend.write("dinkes", [table([["A", 1.0]])]) is True
        assert backend.flush() == {}
        for pid in list(backend._pool._processes):  # what the OOM killer does between two cycles
            os.kill(pid, signal.SIGKILL)
        backend._pool._executor_manager_thread.join(30)  # the pool has noticed: it is broken
        assert backend.write("dinkes", [table([["A", 2.0]])]) is True  # a fresh pool takes over
        assert backend.flush() == {}
    finally:
        backend.close()
    assert openpyxl.load_workbook(folder / "dinkes.hasil.xlsx")["Hasil Kinerja"]["B2"].value == 2.0


def test_a_render_process_killed_mid_write_is_reported_in_indonesian(folder):
    import os
    import signal

    backend = LocalBackend(folder, background_writes=True)
    try:
        big = table([[f"Pegawai {i}", float(i)] for i in range(60_000)])  # renders for a good while
        backend.write("dinkes", [big])
        for pid in list(backend._pool._processes):  # at once: long before the render is done
            os.kill(pid, signal.SIGKILL)
        errors = backend.flush()
    finally:
        backend.close()
    message = str(errors["dinkes"])
    assert "berhenti mendadak" in message and "dinkes.hasil.xlsx" in message
    assert "process pool" not in message


def test_temporary_files_left_by_a_killed_render_are_removed(folder):
    leftover = folder / ".dinkes.hasil.xlsx.k1ll3d.tmp.xlsx"
    leftover.write_bytes(b"half a workbook")
    other = folder / ".catatan-pribadi.txt"  # not ours: never touched
    other.write_text("x")
    LocalBackend(folder).write("dinkes", [table([["A", 1.0]])])
    assert not leftover.exists() and other.exists()
