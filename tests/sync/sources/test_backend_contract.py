"""The Backend contract, one suite for both backends: local (.xlsx folder) and google (fake Sheets API).

Each backend gets a small "world" adapter that seeds input spreadsheets the way users would have
typed them and reads back what the backend wrote; the tests themselves never look at which
backend runs. Same input must give the same RawTabs, cell types included, so validation is
identical on both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from config.errors import SpreadsheetUnavailable
from config.settings import SourceSettings
from sync.prepare import agency_template
from sync.sources.backend import SheetTable
from sync.sources.google.backend import GoogleBackend
from sync.sources.local import LocalBackend
from tests.fake_sheets import FakeSheets
from tests.fake_sheets.cells import Cell

NIP = "198503152010121001"
INPUT = {
    "Pegawai": [
        ["NIP", "Nama", "Unit Kerja", "Layanan Publik", "Status"],
        [NIP, "Rina Marlina", "Puskesmas Tanah Garing", "Ya", "Aktif"],
        [198503152010121001, "Budi"],  # a NIP typed as a number (digits lost), a ragged row
        [],  # a blank row keeps its place: later rows keep their sheet row numbers
        ["199001012015032002", "=1+2", None, "Tidak"],  # formula-looking text, a gap
        ["", "3,5", "", "", True],
    ],
    "Laporan Kinerja": [
        ["Periode", "NIP", "Indikator", "Target", "Realisasi", "Arah"],
        [dt.date(2026, 10, 1), NIP, "Dokumen perencanaan", 10, "3,5", "Naik"],
        ["Oktober 2026", NIP, "Layanan", 12.5, 7, None],
        ["10/2026", NIP, "Rapat", "1.985", 0.25],
    ],
    "Presensi": [["Periode", "NIP", "Hari Kerja", "Hadir"]],  # headers only
}
CITY = {
    "Tanggapan Formulir 1": [
        ["Cap waktu", "Unit Layanan", "U1. Persyaratan?", "Keluhan"],
        [dt.datetime(2026, 10, 1, 8, 15, 30), "Puskesmas Tanah Garing", 4, ""],
        [dt.datetime(2026, 10, 2, 17, 0, 5), "DPMPTSP", 3, "Antrean lama"],
    ],
    "Pengaduan": [
        ["Nomor", "Tanggal Masuk", "Unit Layanan", "Tanggal Selesai"],
        ["P-1", dt.date(2026, 10, 3), "DPMPTSP", dt.date(2026, 10, 9)],
        ["P-2", dt.date(2026, 10, 4), "DPMPTSP"],
    ],
}


class Formula:
    """A formula cell in seeded input; `cached` is the value Excel stored with it (the fake
    Sheets API computes its own)."""

    def __init__(self, formula: str, cached: object):
        self.formula, self.cached = formula, cached


def tidy(rows) -> list[list]:
    """Rows as values only: numbers as floats, blanks as '', trailing blanks and blank rows cut."""
    out = []
    for row in rows:
        cells = ["" if v is None else float(v) if type(v) is int else v for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


class LocalWorld:
    kind = "local"

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path

    def seed(self, key: str, tabs: dict[str, list[list]]) -> None:
        wb = xlsxwriter.Workbook(
            str(self.folder / f"{key}.xlsx"), {"strings_to_numbers": False, "strings_to_formulas": False}
        )
        date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
        moment_fmt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        for name, rows in tabs.items():
            ws = wb.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, Formula):
                        ws.write_formula(r, c, value.formula, None, value.cached)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value)
                    elif isinstance(value, dt.datetime):
                        ws.write_datetime(r, c, value, moment_fmt)
                    elif isinstance(value, dt.date):
                        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
                    elif isinstance(value, (int, float)):
                        ws.write_number(r, c, value)
                    else:
                        ws.write_string(r, c, value)
        wb.close()

    def prepare_empty(self, key: str) -> None:
        """Where a new spreadsheet would go: nothing, for the local backend."""

    def backend(self, **options) -> LocalBackend:
        return LocalBackend(self.folder, **options)

    def _sheet(self, path: Path, tab: str) -> list[list] | None:
        if not path.exists():
            return None
        wb = CalamineWorkbook.from_path(str(path))
        return wb.get_sheet_by_name(tab).to_python(skip_empty_area=False) if tab in wb.sheet_names else None

    def written(self, key: str, tab: str) -> list[list] | None:
        rows = self._sheet(self.folder / f"{key}.hasil.xlsx", tab)
        return None if rows is None else tidy(rows)

    def input_rows(self, key: str, tab: str) -> list[list] | None:
        rows = self._sheet(self.folder / f"{key}.xlsx", tab)
        return None if rows is None else tidy(rows)

    def input_tabs(self, key: str) -> list[str]:
        path = self.folder / f"{key}.xlsx"
        return CalamineWorkbook.from_path(str(path)).sheet_names if path.exists() else []

    def text_columns(self, key: str, tab: str) -> set[int]:
        ws = load_workbook(self.folder / f"{key}.xlsx")[tab]
        # openpyxl reads adjacent columns of one format as one range (NIP and NIP Penilai in Penilai)
        return {
            n - 1
            for dim in ws.column_dimensions.values()
            if dim.number_format == "@"
            for n in range(dim.min, dim.max + 1)
        }


class GoogleWorld:
    kind = "google"

    def __init__(self, tmp_path: Path):
        self.fake = FakeSheets(time_zone="Asia/Jakarta")
        self.now = 0.0
        self.state_path = tmp_path / "google-state.json"

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def seed(self, key: str, tabs: dict[str, list[list]]) -> None:
        plain = {
            name: [[None if isinstance(v, Formula) else v for v in row] for row in rows] for name, rows in tabs.items()
        }
        self.fake.add_spreadsheet(key, plain)
        for name, rows in tabs.items():
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, Formula):
                        self.fake.tab(key, name).put(r, c, Cell("formula", value.formula))

    def prepare_empty(self, key: str) -> None:
        """Google `init` cannot create spreadsheets: the admin makes an empty one and shares it."""
        self.fake.add_spreadsheet(key, {})

    def backend(self, **options) -> GoogleBackend:
        return GoogleBackend(
            SourceSettings(kind="google"),
            session=self.fake.session(),
            credentials=self.fake.credentials,
            sleep=self.sleep,
            clock=lambda: self.now,
            state_path=self.state_path,
            **options,
        )

    def _tab(self, key: str, tab: str) -> list[list] | None:
        try:
            self.fake.tab(key, tab)
        except KeyError:
            return None
        return tidy(self.fake.values(key, tab))

    written = input_rows = _tab

    def input_tabs(self, key: str) -> list[str]:
        return self.fake.titles(key)

    def text_columns(self, key: str, tab: str) -> set[int]:
        return set(self.fake.tab(key, tab).text_columns)


@pytest.fixture(params=[LocalWorld, GoogleWorld], ids=["local", "google"])
def world(request, tmp_path):
    return request.param(tmp_path)


def cells(raw):
    """(header, body rows) of a RawTab with every cell's type, for exact comparison."""
    return (
        raw.header,
        [[(type(v).__name__, v) for v in row] for row in raw.body.itertuples(index=False)],
        list(raw.body.index),
    )


# ---- reading ------------------------------------------------------------------------------------


def test_both_backends_read_the_same_raw_tabs(tmp_path):
    (tmp_path / "l").mkdir()
    (tmp_path / "g").mkdir()
    local, google = LocalWorld(tmp_path / "l"), GoogleWorld(tmp_path / "g")
    for w in (local, google):
        w.seed("dinkes", INPUT)
        w.seed("kota", CITY)
    tabs = ["Pegawai", "Laporan Kinerja", "Penilaian Atasan", "Presensi"]
    a, b = local.backend().read("dinkes", tabs), google.backend().read("dinkes", tabs)
    assert set(a) == set(b) == {"Pegawai", "Laporan Kinerja", "Presensi"}
    for name in a:
        assert cells(a[name]) == cells(b[name]), name
    city = ["Tanggapan Formulir 1", "Pengaduan"]
    a, b = local.backend().read("kota", city), google.backend().read("kota", city)
    for name in city:
        assert cells(a[name]) == cells(b[name]), name


def test_raw_cells_keep_their_types_and_sheet_row_numbers(world):
    world.seed("dinkes", INPUT)
    world.seed("kota", CITY)
    tabs = world.backend().read("dinkes", ["pegawai", "Laporan Kinerja"])  # names match case-insensitively
    pegawai = tabs["pegawai"].body
    assert list(pegawai.index) == [2, 3, 4, 5, 6]
    assert pegawai.loc[2, 0] == NIP
    assert isinstance(pegawai.loc[3, 0], float)  # never turned back into a plausible NIP string
    assert list(pegawai.loc[4]) == [""] * 5  # the blank row is there, blank
    assert pegawai.loc[5, 1] == "=1+2" and pegawai.loc[6, 1] == "3,5"  # text stays text
    assert pegawai.loc[6, 4] is True
    laporan = tabs["Laporan Kinerja"].body
    assert laporan.loc[2, 0] == dt.date(2026, 10, 1) and type(laporan.loc[2, 0]) is dt.date
    assert laporan.loc[2, 3] == 10.0 and isinstance(laporan.loc[2, 3], float)
    assert laporan.loc[4, 3] == "1.985"
    city = world.backend().read("kota", ["Tanggapan Formulir 1", "Pengaduan"])
    assert city["Tanggapan Formulir 1"].body.loc[2, 0] == dt.datetime(2026, 10, 1, 8, 15, 30)
    assert city["Pengaduan"].body.loc[3, 3] == ""


def test_a_missing_tab_is_absent_and_a_headers_only_tab_is_empty(world):
    world.seed("dinkes", INPUT)
    tabs = world.backend().read("dinkes", ["Presensi", "Penilaian Atasan"])
    assert set(tabs) == {"Presensi"}
    assert tabs["Presensi"].header == ["Periode", "NIP", "Hari Kerja", "Hadir"]
    assert tabs["Presensi"].body.empty


def test_a_missing_spreadsheet_is_unavailable(world):
    with pytest.raises(SpreadsheetUnavailable):
        world.backend().read("tidak-ada", ["Pegawai"])
    assert world.backend().exists("tidak-ada") is False


def test_formula_errors_are_read_as_their_text(world):
    """python-calamine reads an error cell as '': the local backend puts the error back, as the
    Sheets API gives it, so validation can say "berisi galat rumus" on both."""
    world.seed(
        "dinkes",
        {
            "Laporan Kinerja": [
                ["Periode", "NIP", "Indikator", "Target", "Realisasi"],
                ["2026-10", NIP, "Dokumen", 10, Formula("=1/0", "#DIV/0!")],
                ["2026-10", NIP, "Rapat", Formula("=TIDAKADA(1)", "#NAME?"), Formula("=2*3", 6)],
            ]
        },
    )
    body = world.backend().read("dinkes", ["Laporan Kinerja"])["Laporan Kinerja"].body
    assert body.loc[2, 4] == "#DIV/0!"
    assert body.loc[3, 3] == "#NAME?" and body.loc[3, 4] == 6.0


def test_whitespace_around_the_table_is_not_read(world):
    world.seed(
        "dinkes",
        {
            "Pegawai": [
                ["NIP", "Nama", None, None, None, None, None, None, None, None, None, " "],
                [NIP, "Rina", "   "],
                *([[]] * 500),
                [None, "\u00a0"],
            ]
        },
    )
    raw = world.backend(max_cells_per_tab=1000).read("dinkes", ["Pegawai"])["Pegawai"]
    assert raw.refusal is None
    assert raw.header == ["NIP", "Nama"]
    assert list(raw.body.index) == [2] and raw.body.loc[2].tolist() == [NIP, "Rina"]


def test_a_tab_past_the_cap_is_refused_naming_the_cell_to_clear(world):
    rows = [["NIP", "Nama", *([None] * 23), "catatan"], *([NIP, f"Pegawai {n}"] for n in range(60))]
    world.seed("dinkes", {"Pegawai": rows, "Presensi": [["Periode", "NIP"], ["2026-10", NIP]]})
    tabs = world.backend(max_cells_per_tab=1000).read("dinkes", ["Pegawai", "Presensi"])
    assert tabs["Pegawai"].refusal == (
        "Tab 'Pegawai' terbaca 61 baris × 26 kolom (1.586 sel), melebihi batas 1.000 sel per tab, "
        "sehingga tab ini tidak dibaca: sel Z1 berisi data di luar tabel.",
        "Kosongkan sel Z1 (pilih sel itu lalu tekan Delete) dan sel lain di luar tabel, lalu sinkronkan "
        "lagi. Batas ini diatur di konfigurasi: sync.max_cells_per_tab.",
    )
    assert tabs["Pegawai"].body.empty and tabs["Pegawai"].header == []
    assert tabs["Presensi"].refusal is None and tabs["Presensi"].body.loc[2, 1] == NIP  # the rest is read


# ---- writing ------------------------------------------------------------------------------------


def hasil(rows, headers=("Nama", "Nilai Akhir", "Catatan")):
    return SheetTable("Hasil Kinerja", tuple(headers), rows, {"Nilai Akhir": "0.00"})


def validasi(rows):
    return SheetTable("Validasi", ("Tab", "Baris", "Masalah"), rows)


def test_write_replaces_owned_tabs_and_never_touches_input(world):
    world.seed("dinkes", INPUT)
    before = {tab: world.input_rows("dinkes", tab) for tab in INPUT}
    backend = world.backend()
    rows = [["Rina", 107.9, '=HYPERLINK("http://x")'], ["+62 812", None, "-"], ["Budi", 0, "@a"]]
    assert backend.write("dinkes", [hasil(rows), validasi([["Pegawai", 3, "NIP terbaca sebagai angka"]])]) is True
    assert backend.flush() == {}
    assert world.written("dinkes", "Hasil Kinerja") == [
        ["Nama", "Nilai Akhir", "Catatan"],
        ["Rina", 107.9, '=HYPERLINK("http://x")'],  # formula-looking text stays text
        ["+62 812", "", "-"],
        ["Budi", 0.0, "@a"],
    ]
    assert world.written("dinkes", "Validasi") == [
        ["Tab", "Baris", "Masalah"],
        ["Pegawai", 3.0, "NIP terbaca sebagai angka"],
    ]
    assert {tab: world.input_rows("dinkes", tab) for tab in INPUT} == before


def test_an_identical_second_write_returns_false(world):
    world.seed("dinkes", INPUT)
    backend = world.backend()
    tables = [hasil([["Rina", 1.5, ""]]), validasi([])]
    assert backend.write("dinkes", tables) is True
    assert backend.write("dinkes", tables) is False
    # A new backend (a restarted worker, a one-shot sync) also sees that nothing changed.
    assert world.backend().write("dinkes", tables) is False
    assert backend.write("dinkes", [hasil([["Rina", 2.5, ""]]), validasi([])]) is True


def test_a_shorter_rewrite_leaves_no_stale_rows_or_columns(world):
    world.seed("dinkes", INPUT)
    backend = world.backend()
    long = [[f"Pegawai {n}", float(n), f"catatan {n}"] for n in range(40)]
    backend.write("dinkes", [hasil(long, headers=("Nama", "Nilai Akhir", "Catatan", "Kode Aturan")), validasi([])])
    backend.write("dinkes", [hasil([["Satu", 1.0]], headers=("Nama", "Nilai Akhir")), validasi([])])
    assert world.written("dinkes", "Hasil Kinerja") == [["Nama", "Nilai Akhir"], ["Satu", 1.0]]


def test_a_new_backend_also_blanks_what_an_earlier_one_wrote(world):
    world.seed("dinkes", INPUT)
    world.backend().write("dinkes", [hasil([[f"P{n}", 1.0, ""] for n in range(30)]), validasi([])])
    world.backend().write("dinkes", [hasil([["Satu", 1.0, ""]]), validasi([])])
    assert world.written("dinkes", "Hasil Kinerja") == [["Nama", "Nilai Akhir", "Catatan"], ["Satu", 1.0]]


# ---- init ---------------------------------------------------------------------------------------


def test_init_creates_the_input_tabs_with_headers_and_text_nip_columns(world):
    world.prepare_empty("baru")
    template = agency_template()
    created = world.backend().init_template("baru", template)
    assert {name for name, _h, _t in template} <= {line.split(": ", 1)[1] for line in created}
    for name, headers, text_headers in template:
        assert world.input_rows("baru", name) == [list(headers)]
        assert world.text_columns("baru", name) >= {headers.index(h) for h in text_headers}
    tabs_after = world.input_tabs("baru")
    assert world.backend().init_template("baru", template) == []  # nothing more to create
    assert world.input_tabs("baru") == tabs_after


def test_init_never_touches_existing_data(world):
    world.seed("dinkes", INPUT)
    before = {tab: world.input_rows("dinkes", tab) for tab in INPUT}
    world.backend().init_template("dinkes", agency_template())
    assert {tab: world.input_rows("dinkes", tab) for tab in INPUT} == before
