"""A messy, hand-built agency workbook (a real .xlsx) through the whole local sync.

Conservation: rows read = rows used + rows rejected (each with a Galat row at its own sheet row)
+ rows superseded (each with a Peringatan). And the messy-but-valid cells are accepted.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from config.contract import GALAT, PERINGATAN
from config.settings import parse_settings
from sync.cycle import STATUS_OK, run_cycle
from sync.sources.local import LocalBackend
from sync.store import ResultsStore

TODAY = dt.date(2026, 11, 28)
A, B, C = "198503152010121001", "199001012015032002", "197512312000031003"


def write_messy(path):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    # Pegawai: headers in odd case/spacing, an extra column, a blank row, NIP typed as a number.
    ws = wb.add_worksheet("pegawai")
    ws.write_row(
        0, 0, [" nip ", "NAMA", "Jabatan", "unit  kerja", "NIP Atasan", "Layanan Publik", "Status", "Catatan HR"]
    )
    ws.write_row(1, 0, [A, "Rina Marlina, S.E.", "Kepala Seksi", "Bidang Pelayanan", "", "Ya", "", "x"])  # row 2
    ws.write_row(2, 0, ["1985 0315 2010 12 1 001", "Duplikat Rina", "", "", "", "", "", ""])  # row 3: dup of A
    ws.write_row(3, 0, [B, "Budi", "Staf", "Bidang Pelayanan", A, "tidak", "Aktif", ""])  # row 4
    ws.write_number(4, 0, 197512312000031003)  # row 5: number
    ws.write_string(4, 1, "Citra")
    ws.write_row(6, 0, ["1.98503152010121E+17", "Dedi", "", "", "", "", "", ""])  # row 7 (6 blank)
    ws.write_row(7, 0, [C[:17], "Eka", "", "", "", "", "", ""])  # row 8: 17 digits
    ws.write_row(8, 0, ["", "Tanpa NIP", "", "", "", "", "", ""])  # row 9
    # Laporan Kinerja: Indonesian numbers, every period format, duplicates, bad values.
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(
        0,
        0,
        [
            "Periode",
            "NIP",
            "Rencana Hasil Kerja",
            "Indikator",
            "Target",
            "Realisasi",
            "Satuan",
            "Arah",
            "Bobot",
            "Bukti",
            "Catatan",
        ],
    )
    rows = [
        ["2026-10", A, "RHK 1", "KTP-el selesai", "95", "87,5", "%", "", "", "", ""],  # 2 ok
        ["10/2026", A, "RHK 1", "Akta terbit", 100, "90%", "%", "naik", "2", "", ""],  # 3 ok
        ["Oktober 2026", B, "RHK 2", "Waktu layanan (hari)", "1.234,5", 1000, "hari", "Turun", "", "", ""],  # 4 ok
        ["Okt 2026", B, "RHK 2", "Antrian", 10, 8, "orang", "", "", "", ""],  # 5 ok (dup below)
        ["2026-10", B, "RHK 2", "antrian", 10, 9, "orang", "", "", "", ""],  # 6 later dup wins
        ["13/2026", A, "RHK 1", "X", 10, 10, "", "", "", "", ""],  # 7 bad period
        ["2026-10", A, "RHK 1", "Y", 0, 10, "", "", "", "", ""],  # 8 target 0
        ["2026-10", A, "RHK 1", "Z", 10, "", "", "", "", "", ""],  # 9 no realisasi
        ["2026-10", "199912312020121009", "RHK", "W", 10, 10, "", "", "", "", ""],  # 10 unknown NIP
        ["2026-10", A, "RHK 1", "V", 10, -1, "", "", "", "", ""],  # 11 negative
        ["2026-10", A, "RHK 1", "U", 10, 10, "", "Naik?", "", "", ""],  # 12 bad arah
    ]
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    ws.write_datetime(12, 0, dt.datetime(2026, 9, 1), date)  # 13 date cell
    ws.write_row(12, 1, [B, "RHK 2", "Sept", 10, 10])
    # Penilaian Atasan: a rating of 6 and a word.
    ws = wb.add_worksheet("Penilaian Atasan")
    ws.write_row(
        0,
        0,
        [
            "Periode",
            "NIP",
            "Berorientasi Pelayanan",
            "Akuntabel",
            "Kompeten",
            "Harmonis",
            "Loyal",
            "Adaptif",
            "Kolaboratif",
            "Inisiatif",
            "Umpan Balik",
            "NIP Penilai",
        ],
    )
    ws.write_row(1, 0, ["2026-10", B, 4, 4, 3, 4, 3, 4, 4, 5, '=HYPERLINK("x")', A])  # 2 ok
    ws.write_row(2, 0, ["2026-10", A, 6, 4, 4, 4, 4, 4, 4, 4, "", ""])  # 3 rating 6
    ws.write_row(3, 0, ["2026-10", A, "baik", 4, 4, 4, 4, 4, 4, 4, "", ""])  # 4 word
    # Presensi: the required "Hari Kerja" column is missing entirely.
    ws = wb.add_worksheet("Presensi")
    ws.write_row(0, 0, ["Periode", "NIP", "Hadir", "Terlambat"])
    ws.write_row(1, 0, ["2026-10", A, 20, 1])
    ws.write_row(2, 0, ["2026-10", B, 21, 0])
    wb.close()


@pytest.fixture
def messy(tmp_path):
    (tmp_path / "data").mkdir()
    write_messy(tmp_path / "data" / "dukcapil.xlsx")
    wb = xlsxwriter.Workbook(str(tmp_path / "data" / "kota.xlsx"))
    wb.add_worksheet("Tanggapan Formulir 1").write_row(
        0, 0, ["Cap waktu", "Unit Layanan"] + [f"U{j}. ?" for j in range(1, 10)]
    )
    wb.close()
    settings = parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [
                {"code": "DISDUKCAPIL", "name": "Dinas Kependudukan dan Pencatatan Sipil", "spreadsheet": "dukcapil"}
            ],
            "store": {"path": "var/k.sqlite"},
        },
        tmp_path / "kinerja.toml",
    )
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    return result, store


def test_conservation_on_a_messy_workbook(messy):
    result, store = messy
    sheet = next(s for s in result.sheets if s.scope == "DISDUKCAPIL")
    assert sheet.status == STATUS_OK
    # Pegawai 7 rows (the blank row 6 is skipped), Laporan 12, Penilaian 3, Presensi 2.
    assert sheet.rows_read == 7 + 12 + 3 + 2
    assert sheet.rows_read == sheet.rows_used + sheet.rows_rejected + sheet.rows_superseded
    issues = store.read("issues", "scope = ?", ("DISDUKCAPIL",))
    galat_rows = issues[issues["severity"] == GALAT].groupby("tab")["row"].nunique()
    # Presensi's missing column is one Galat at row 1 that costs both of its rows.
    assert galat_rows.drop("Presensi").sum() + 2 == sheet.rows_rejected
    superseded = issues[
        (issues["severity"] == PERINGATAN) & issues["problem"].str.contains("ganda|diganti", case=False)
    ]
    assert len(superseded) == sheet.rows_superseded == 2  # Pegawai row 2 and Laporan row 5


def test_each_mistake_is_reported_at_its_row(messy):
    _result, store = messy
    issues = store.read("issues", "scope = ?", ("DISDUKCAPIL",))
    at = {(t, int(r)): p for t, r, p in zip(issues["tab"], issues["row"], issues["problem"])}
    for row in (5, 7):
        assert "angka" in at[("Pegawai", row)]  # NIP that reached us as a number
    assert ("Pegawai", 8) in at and ("Pegawai", 9) in at
    for row in (7, 8, 9, 10, 11, 12):
        assert ("Laporan Kinerja", row) in at, row
    assert ("Penilaian Atasan", 3) in at and ("Penilaian Atasan", 4) in at
    assert at[("Presensi", 1)].startswith("Kolom 'Hari Kerja' tidak ditemukan")
    nip_fix = issues[(issues["tab"] == "Pegawai") & (issues["row"] == 5)]["fix"].iloc[0]
    assert "Teks" in nip_fix


def test_messy_but_valid_cells_are_used(messy):
    _result, store = messy
    indicators = store.read("indicators").set_index("row")
    assert indicators.loc[2, "actual"] == 87.5 and indicators.loc[3, "actual"] == 90.0
    assert indicators.loc[3, "weight"] == 2.0 and indicators.loc[4, "target"] == 1234.5
    assert indicators.loc[4, "direction"] == "Turun" and indicators.loc[6, "actual"] == 9.0
    assert indicators.loc[13, "period"] == "2026-09" and indicators.loc[5:5].empty  # superseded
    assert sorted(indicators["period"].unique()) == ["2026-09", "2026-10"]
    results = store.read("results").set_index(["nip", "period"])
    assert results.loc[(B, "2026-10"), "feedback"] == '=HYPERLINK("x")'  # kept as text
    employees = store.read("employees").set_index("nip")
    assert employees.loc[A, "name"] == "Duplikat Rina"  # the later duplicate row wins
    assert set(employees.index) == {A, B}
