"""Issue 9, items 2 and 6 on the local backend: one stray cell never explodes memory, a tab past
the cell cap is refused with a Validasi row naming the cell, formula errors say what they are,
and a file that is not an .xlsx is named so in Indonesian.

The memory tests read in a child process whose address space is capped (RLIMIT_AS): the reader
before this fix asked for 549 GB there and aborted (rc 134).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from config.contract import GALAT
from config.errors import ConfigError, SpreadsheetUnavailable
from config.settings import load_settings, parse_settings
from sync.cycle import STATUS_OK, run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.backends import make_backend
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from sync.validate.agency import validate_agency
from sync.validate.rows import ValidationOptions
from tests.paths import ROOT

NIP = "198503152010121001"
TODAY = dt.date(2026, 11, 28)
LAPORAN_HEADERS = ["Periode", "NIP", "Indikator", "Target", "Realisasi", "Arah"]


def laporan_workbook(path: Path, rows: int, stray: tuple[int, int, str] | None = None) -> None:
    """A `Laporan Kinerja` tab of `rows` data rows and a stray cell (0-based row, column, text)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, LAPORAN_HEADERS)
    for r in range(1, rows + 1):
        ws.write_row(r, 0, ["2026-10", NIP, f"Indikator {r}", 10, 8, "Naik"])
    if stray is not None:
        ws.write_string(*stray)
    wb.close()


def read_in_capped_child(folder: Path, limit_gb: int = 3) -> subprocess.CompletedProcess:
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({limit_gb} << 30, {limit_gb} << 30))
        sys.path.insert(0, {str(ROOT)!r})
        from sync.sources.local import LocalBackend
        tab = LocalBackend({str(folder)!r}).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
        print(tab.header, tab.body.shape, list(tab.body.index[:1]), getattr(tab, "refusal", None))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_a_space_in_the_last_cell_of_the_sheet_is_not_read(tmp_path):
    laporan_workbook(tmp_path / "dinkes.xlsx", rows=3, stray=(1048575, 16383, " "))
    done = read_in_capped_child(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"{LAPORAN_HEADERS} (3, 6) [2] None"


def test_a_word_far_right_of_a_long_tab_is_read_as_one_more_column(tmp_path):
    """`catatan` in XFD1 above 4,000 rows: 65 million cells as calamine lays them out (2.7 GB
    before the fix); its column is moved next to the table, so 4,001 x 7 cells are read."""
    laporan_workbook(tmp_path / "dinkes.xlsx", rows=4000, stray=(0, 16383, "catatan"))
    done = read_in_capped_child(tmp_path, limit_gb=1)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"{LAPORAN_HEADERS + ['catatan']} (4000, 7) [2] None"


def test_a_word_far_below_a_tab_past_the_cap_is_refused_without_reading_it(tmp_path):
    """Rows keep their numbers, so a far row cannot be moved: past the cap, the tab is refused."""
    laporan_workbook(tmp_path / "dinkes.xlsx", rows=4000, stray=(1048575, 16383, "catatan"))
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        sys.path.insert(0, {str(ROOT)!r})
        from sync.sources.local import LocalBackend
        tab = LocalBackend({str(tmp_path)!r}, max_cells_per_tab=5_000_000).read("dinkes", ["Laporan Kinerja"])
        print(tab["Laporan Kinerja"].refusal)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (
        "Tab 'Laporan Kinerja' terbaca 1.048.576 baris × 7 kolom (7.340.032 sel), melebihi batas "
        "5.000.000 sel per tab" in done.stdout
    )
    assert "sel XFD1048576 berisi data di luar tabel" in done.stdout and "Kosongkan sel XFD1048576" in done.stdout


@pytest.mark.parametrize(
    "stray, cell", [((0, 30, "catatan"), "AE1"), ((400, 2, "x"), "C401"), ((399, 40, "x"), "AO400")]
)
def test_the_refusal_names_the_cell_that_makes_the_tab_too_large(tmp_path, stray, cell):
    laporan_workbook(tmp_path / "dinkes.xlsx", rows=40, stray=stray)
    raw = LocalBackend(tmp_path, max_cells_per_tab=1000).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
    problem, fix = raw.refusal
    assert f"sel {cell} berisi data di luar tabel" in problem and f"Kosongkan sel {cell}" in fix
    assert raw.body.empty


def test_blank_cells_around_the_table_are_cut_whitespace_included(tmp_path):
    path = tmp_path / "dinkes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, LAPORAN_HEADERS)
    ws.write_row(1, 0, ["2026-10", NIP, "Dokumen", 10, 8])
    ws.write_string(1, 9, "\u00a0 ")  # whitespace right of the table
    ws.write_string(5000, 2, "   ")  # and far below it
    ws.write_blank(20000, 20, None, wb.add_format({"bold": True}))  # a formatted empty cell
    wb.close()
    raw = LocalBackend(tmp_path, max_cells_per_tab=1000).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
    assert raw.refusal is None
    assert raw.header == LAPORAN_HEADERS
    assert list(raw.body.index) == [2]
    assert raw.body.iloc[0].tolist() == ["2026-10", NIP, "Dokumen", 10.0, 8.0, ""]


def test_a_trimmed_copy_keeps_every_cell_of_the_table(tmp_path):
    """A space in T100000 makes the reader cut a copy: dates, numbers, booleans, text survive."""
    path = tmp_path / "dinkes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, ["Periode", "NIP", "Target", "Selesai", "Catatan"])
    ws.write_datetime(1, 0, dt.datetime(2026, 10, 1), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_row(1, 1, [NIP, 12.5, True, "sudah & <rampung>"])
    ws.write_string(99999, 19, " ")  # 2 million cells for calamine, 10 in the table
    wb.add_worksheet("Pegawai").write_row(0, 0, ["NIP", "Nama"])
    wb.close()
    tabs = LocalBackend(tmp_path).read("dinkes", ["Laporan Kinerja", "Pegawai"])
    raw = tabs["Laporan Kinerja"]
    assert raw.header == ["Periode", "NIP", "Target", "Selesai", "Catatan"]
    assert raw.body.iloc[0].tolist() == [dt.date(2026, 10, 1), NIP, 12.5, True, "sudah & <rampung>"]
    assert tabs["Pegawai"].header == ["NIP", "Nama"]


def _laporan_with_formula_errors(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, LAPORAN_HEADERS)
    ws.write_row(1, 0, ["2026-10", NIP, "Dokumen", 10])
    ws.write_formula(1, 4, "=1/0", None, "#DIV/0!")
    ws.write_row(2, 0, ["2026-10", NIP, "Rapat"])
    ws.write_formula(2, 3, "=NA()", None, "#N/A")
    ws.write_formula(2, 4, '="a"+1', None, "#VALUE!")
    ws.write_formula(2, 5, "=#REF!", None, "#REF!")
    wb.close()


def test_formula_errors_are_read_as_their_text(tmp_path):
    _laporan_with_formula_errors(tmp_path / "dinkes.xlsx")
    raw = LocalBackend(tmp_path).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
    assert raw.body.loc[2, 4] == "#DIV/0!"
    assert raw.body.loc[3, [3, 4, 5]].tolist() == ["#N/A", "#VALUE!", "#REF!"]


def test_formula_errors_with_single_quoted_attributes_are_read_too(tmp_path):
    # XML allows t='e' as well as t="e" (some generators write apostrophes): both are found.
    written = tmp_path / "ditulis.xlsx"
    _laporan_with_formula_errors(written)
    with zipfile.ZipFile(written) as src, zipfile.ZipFile(tmp_path / "dinkes.xlsx", "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert data.count(b't="e"') == 4
                data = data.replace(b't="e"', b"t='e'")
            out.writestr(info, data)
    raw = LocalBackend(tmp_path).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
    assert raw.body.loc[2, 4] == "#DIV/0!"
    assert raw.body.loc[3, [3, 4, 5]].tolist() == ["#N/A", "#VALUE!", "#REF!"]


def test_formula_errors_become_a_galat_that_says_so(tmp_path):
    path = tmp_path / "dinkes.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, ["NIP", "Nama"])
    ws.write_row(1, 0, [NIP, "Rina"])
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, LAPORAN_HEADERS)
    for r, error in enumerate(["#DIV/0!", "#N/A", "#VALUE!", "#REF!"], start=1):
        ws.write_row(r, 0, ["2026-10", NIP, f"Indikator {r}", 10])
        ws.write_formula(r, 4, "=1/0", None, error)
    wb.close()
    tabs = LocalBackend(tmp_path).read("dinkes", ["Pegawai", "Laporan Kinerja"])
    data = validate_agency("DINKES", tabs, ValidationOptions(today=TODAY))
    issues = data.issues[data.issues["tab"] == "Laporan Kinerja"]
    assert issues["row"].tolist() == [2, 3, 4, 5]  # one row per cell, nothing else about it
    assert set(issues["severity"]) == {GALAT}
    assert issues["value"].tolist() == ["#DIV/0!", "#N/A", "#VALUE!", "#REF!"]
    assert issues["problem"].iloc[0] == (
        "Realisasi berisi galat rumus #DIV/0! (pembagian dengan nol atau dengan sel kosong), bukan nilai."
    )
    assert all("belum diisi" not in p and "galat rumus" in p for p in issues["problem"])
    assert all("Perbaiki rumus" in f for f in issues["fix"])
    assert data.reports.empty and data.counts[1].rejected == 4


@pytest.mark.parametrize(
    "content",
    [
        b"NIP;Nama\n198503152010121001;Rina\n",  # a CSV saved as .xlsx
        b"<html><body><table><tr><td>NIP</td></tr></table></body></html>",  # an HTML export
        b"",  # an empty file
        "zip",  # a zip that is no workbook
    ],
)
def test_a_file_that_is_not_an_xlsx_is_named_so_in_indonesian(tmp_path, content):
    path = tmp_path / "dinkes.xlsx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("catatan.txt", "bukan workbook")
    else:
        path.write_bytes(content)
    with pytest.raises(SpreadsheetUnavailable) as caught:
        LocalBackend(tmp_path).read("dinkes", ["Pegawai"])
    message = str(caught.value)
    assert "bukan workbook Excel (.xlsx) yang sah" in message
    assert "simpan ulang sebagai Excel Workbook (.xlsx)" in message
    for english in ("zip", "Zip", "EOCD", "archive", "invalid", "Could not", "File is not"):
        assert english not in message.replace(str(path), ""), english


# ---- the cap is a config key and the worker reports a refused tab -------------------------------


def test_max_cells_per_tab_is_configurable_and_checked(tmp_path):
    base = {
        "source": {"kind": "local", "folder": "data"},
        "city": {"spreadsheet": "kota"},
        "agencies": [{"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "dinkes"}],
        "store": {"path": "k.sqlite"},
    }
    settings = parse_settings({**base, "sync": {"max_cells_per_tab": 5000}}, tmp_path / "k.toml")
    assert settings.sync.max_cells_per_tab == 5000
    assert make_backend(settings).max_cells_per_tab == 5000
    assert parse_settings(base, tmp_path / "k.toml").sync.max_cells_per_tab == 20_000_000
    with pytest.raises(ConfigError, match="sync.max_cells_per_tab: harus 1000 atau lebih"):
        parse_settings({**base, "sync": {"max_cells_per_tab": 0}}, tmp_path / "k.toml")


def test_a_refused_tab_is_reported_and_the_rest_of_the_spreadsheet_syncs(tmp_path):
    city = generate_city(DemoScale(agencies=2, employees=30, responses=200, complaints=10), seed=5)
    write_workbooks(city, tmp_path / "data", workers=1)
    config = write_config(city, tmp_path / "kinerja.toml", data_folder="data", store_path="var/k.sqlite")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[sync]\n", "[sync]\nmax_cells_per_tab = 50000\n"), encoding="utf-8")
    victim = city.agencies[0]
    path = tmp_path / "data" / f"{victim.spreadsheet}.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Laporan Kinerja"]["A1048576"] = "catatan"
    wb.save(path)
    settings = load_settings(config)
    store = ResultsStore(settings.store.path)
    backend = LocalBackend(settings.source.folder, max_cells_per_tab=settings.sync.max_cells_per_tab)
    result = run_cycle(settings, backend, store, log=lambda _l: None, today=TODAY)
    assert result.status == STATUS_OK
    issues = store.read("issues")
    mine = issues[(issues["scope"] == victim.code) & (issues["tab"] == "Laporan Kinerja")]
    assert len(mine) == 1 and mine["severity"].iloc[0] == GALAT
    assert "sel A1048576 berisi data di luar tabel" in mine["problem"].iloc[0]
    assert "Kosongkan sel A1048576" in mine["fix"].iloc[0]
    sheet = next(s for s in result.sheets if s.spreadsheet == victim.spreadsheet)
    assert sheet.rows_read > 0  # Pegawai, Penilaian Atasan and Presensi were still read and used
    assert sheet.rows_used > 0
    assert (tmp_path / "data" / f"{victim.spreadsheet}.hasil.xlsx").exists()


def test_a_sheet_written_with_namespace_prefixes_is_still_read(tmp_path):
    """Some generators write <x:row><x:c>: the scanner does not parse those, so such a sheet is
    read as calamine lays it out and cut afterwards, never read as empty."""
    plain = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(plain))
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, ["NIP", "Nama"])
    ws.write_row(1, 0, [NIP, "Rina", " "])
    wb.close()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(tmp_path / "dinkes.xlsx", "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"<(/?)(worksheet|sheetData|row|c|v|dimension|sheetViews|sheetView|"
                    rb"sheetFormatPr|pageMargins)\b",
                    rb"<\1x:\2",
                    data,
                )
                data = data.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=")
                assert b"<x:row" in data and b"<row" not in data
            dst.writestr(info, data)
    raw = LocalBackend(tmp_path).read("dinkes", ["Pegawai"])["Pegawai"]
    assert raw.header == ["NIP", "Nama"] and raw.body.loc[2].tolist() == [NIP, "Rina"]


def test_a_formula_error_in_any_recognised_column_is_one_galat_about_that_cell():
    """As the Sheets API reads them too: text columns (Nama) and NIPs are covered, and the cell
    gets no second message ("kosong", "bukan angka", "tidak terdaftar")."""
    from sync.sources.backend import RawTab

    pegawai = RawTab.from_rows(
        "Pegawai", [["NIP", "Nama"], [NIP, "#REF!"], ["#N/A", "Budi"], ["199001012015032002", "Sari"]]
    )
    laporan = RawTab.from_rows("Laporan Kinerja", [LAPORAN_HEADERS, ["2026-10", "#N/A", "Rapat", 10, "#VALUE!"]])
    data = validate_agency("DINKES", {"Pegawai": pegawai, "Laporan Kinerja": laporan}, ValidationOptions(today=TODAY))
    issues = data.issues[data.issues["tab"].isin(["Pegawai", "Laporan Kinerja"])]
    assert issues[["tab", "row", "column", "value", "severity"]].values.tolist() == [
        ["Pegawai", 2, "Nama", "#REF!", GALAT],
        ["Pegawai", 3, "NIP", "#N/A", GALAT],
        ["Laporan Kinerja", 2, "NIP", "#N/A", GALAT],
        ["Laporan Kinerja", 2, "Realisasi", "#VALUE!", GALAT],
    ]
    assert issues["problem"].tolist()[0] == (
        "Nama berisi galat rumus #REF! (rumus merujuk sel, baris atau kolom yang sudah dihapus), bukan nilai."
    )
    assert data.employees["nip"].tolist() == ["199001012015032002"]


def test_formula_errors_survive_the_trimmed_copy_and_a_moved_column(tmp_path):
    path = tmp_path / "dinkes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, LAPORAN_HEADERS)
    for r in range(1, 31):
        ws.write_row(r, 0, ["2026-10", NIP, f"Dokumen {r}", 10, 5, "Naik"])
    ws.write_formula(1, 4, "=1/0", None, "#DIV/0!")
    ws.write_string(0, 16383, "catatan")  # 31 x 16,384 cells: moved next to the table
    ws.write_formula(2, 16383, "=NA()", None, "#N/A")
    ws.write_string(99999, 19, " ")
    wb.close()
    raw = LocalBackend(tmp_path).read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"]
    assert raw.header == [*LAPORAN_HEADERS, "catatan"]
    assert raw.body.loc[2].tolist() == ["2026-10", NIP, "Dokumen 1", 10.0, "#DIV/0!", "Naik", ""]
    assert raw.body.loc[3].tolist() == ["2026-10", NIP, "Dokumen 2", 10.0, 5.0, "Naik", "#N/A"]
    assert list(raw.body.index) == list(range(2, 32))


def _with_dimension(source: Path, target: Path, ref: str) -> None:
    """A copy of the workbook whose first sheet claims another `<dimension>` (some writers lie)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
                assert n == 1
            dst.writestr(item, data)


@pytest.mark.parametrize("ref", ["A1:AE41", "A1:AD41", "A1:AF41", "A1:F41", "A1:ZZ41", "AE41", "A1:B1"])
def test_the_bound_trusts_a_dimension_only_where_the_cells_confirm_it(tmp_path, ref):
    from sync.sources.xlsx_scan import bound_sheet, open_package, sheet_parts

    plain, lying = tmp_path / "asli.xlsx", tmp_path / "dimensi.xlsx"
    laporan_workbook(plain, rows=40, stray=(12, 30, "catatan"))  # a note in AE12, far right
    _with_dimension(plain, lying, ref)
    with open_package(lying) as package:
        member = next(iter(sheet_parts(package).values()))
        trusted, by_cell = bound_sheet(package, member), bound_sheet(package, member, trust_dimension=False)
    assert trusted == by_cell
    assert (trusted.rows, trusted.columns) == (41, 31)
