"""A filled-but-rejected row is not a missing one (issue 11, item 2), through a real .xlsx and run_cycle.

The Catatan Penilaian and the Hasil Kinerja tab's Data Belum Lengkap say the row was rejected and
where the Validasi tab explains it; a dash in a count column of Presensi (how attendance summaries
write zero) is 0, not a Galat.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from config.settings import parse_settings
from sync.cycle import STATUS_OK, run_cycle
from sync.sources.local import LocalBackend
from sync.store import ResultsStore

TODAY = dt.date(2026, 11, 28)
A, B, C = "198503152010121001", "199001012015032002", "197512312000031003"
RATINGS = [
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
]
PRESENSI = ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "Tanpa Keterangan"]


def write_agency(path):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"])
    for r, (nip, name) in enumerate(((A, "Rina"), (B, "Budi"), (C, "Citra")), start=1):
        ws.write_string(r, 0, nip)
        ws.write_row(r, 1, [name, "Staf", "Bidang Pelayanan", "", "Tidak", "Aktif"])
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, ["Periode", "NIP", "Rencana Hasil Kerja", "Indikator", "Target", "Realisasi"])
    ws.write_row(1, 0, ["2026-10", A, "RHK", "Layanan", 10, 10])  # row 2
    ws.write_row(2, 0, ["2026-10", B, "RHK", "Layanan", 10, 9])  # row 3
    ws.write_row(3, 0, ["2026-10", C, "RHK", "Layanan", 10, "x"])  # row 4: rejected (not a number)
    ws.write_row(4, 0, ["2026-10", C, "RHK", "Arsip", 10, "y"])  # row 5: rejected too
    ws.write_row(5, 0, ["2026-10", B, "RHK", "Arsip", 0, 5])  # row 6: rejected (Target 0) beside row 3
    ws = wb.add_worksheet("Penilaian Atasan")
    ws.write_row(0, 0, RATINGS)
    ws.write_row(1, 0, ["2026-10", A, 3, 3, 3, 3, 3, 3, 3, "3,5", "", ""])  # row 2: rejected Inisiatif
    ws.write_row(2, 0, ["2026-10", B, 4, 4, 4, 4, 4, 4, 4, 4, "", ""])  # row 3
    ws.write_row(3, 0, ["2026-10", C, 4, 4, 4, 4, 4, 4, 4, 4, "", ""])  # row 4
    ws = wb.add_worksheet("Presensi")
    ws.write_row(0, 0, PRESENSI)
    ws.write_row(1, 0, ["2026-10", A, 21, 21, 0, 0, 0])  # row 2
    ws.write_row(2, 0, ["2026-10", B, 21, 21, "-", "–", "—"])  # row 3: dashes are zero
    ws.write_row(3, 0, ["2026-10", C, 21, 21, "-", 0, "x"])  # row 4: rejected (Tanpa Keterangan)
    wb.close()


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    return run(tmp_path_factory.mktemp("rejected"), "lengkap")  # the full tab: its Catatan is checked here


def run(base, privacy: str):
    (base / "data").mkdir()
    write_agency(base / "data" / "dukcapil.xlsx")
    wb = xlsxwriter.Workbook(str(base / "data" / "kota.xlsx"))
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
            "privacy": {"agency_results": privacy},
        },
        base / "kinerja.toml",
    )
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert next(s for s in result.sheets if s.scope == "DISDUKCAPIL").status == STATUS_OK
    book = openpyxl.load_workbook(base / "data" / "dukcapil.hasil.xlsx")
    rows = list(book["Hasil Kinerja"].iter_rows(values_only=True))
    hasil = {row[rows[0].index("NIP")]: dict(zip(rows[0], row)) for row in rows[1:]}
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    hasil["Ringkasan"] = dict(zip(summary[0], summary[1]))
    return store, hasil


def test_a_rejected_rating_is_named_as_rejected_with_its_row(synced):
    store, hasil = synced
    results = store.read("results").set_index(["nip", "period"])
    note = results.loc[(A, "2026-10"), "catatan"]
    assert "penilaian atasan bulan ini ditolak (baris 2 di tab Penilaian Atasan; lihat tab Validasi)" in note
    assert "belum diisi" not in note and "mohon atasan langsung mengisinya" not in note
    assert hasil[A]["Data Belum Lengkap"] == (
        "Penilaian atasan: baris 2 di tab Penilaian Atasan ditolak — lihat tab Validasi (diperbaiki atasan)"
    )
    assert hasil[A]["Catatan Penilaian"] == note
    # The Ringkasan's chase list names her as rejected, not as unrated.
    assert (
        hasil["Ringkasan"]["Belum Dinilai Atasan"]
        == f"Rina ({A}) — baris 2 di tab Penilaian Atasan ditolak, lihat tab Validasi"
    )


def test_rejected_report_rows_and_attendance_are_listed_with_every_row(synced):
    store, hasil = synced
    note = store.read("results").set_index(["nip", "period"]).loc[(C, "2026-10"), "catatan"]
    assert "laporan kinerja bulan ini ditolak (baris 4 dan 5 di tab Laporan Kinerja; lihat tab Validasi)" in note
    assert "presensi bulan ini juga ditolak (baris 4 di tab Presensi; lihat tab Validasi)" in note
    assert "belum diisi" not in note and "belum ada" not in note
    assert hasil[C]["Data Belum Lengkap"] == (
        "Laporan kinerja: baris 4 dan 5 di tab Laporan Kinerja ditolak — lihat tab Validasi (diperbaiki pegawai); "
        "Presensi: baris 4 di tab Presensi ditolak — lihat tab Validasi (diperbaiki admin presensi)"
    )
    assert (
        hasil["Ringkasan"]["Belum Lapor Kinerja"]
        == f"Citra ({C}) — baris 4 dan 5 di tab Laporan Kinerja ditolak, lihat tab Validasi"
    )
    assert (
        hasil["Ringkasan"]["Belum Ada Presensi"] == f"Citra ({C}) — baris 4 di tab Presensi ditolak, lihat tab Validasi"
    )
    # Every rejected row of the month is stored for the pages, with its tab and what was wrong.
    lines = store.read("results").set_index(["nip", "period"]).loc[(C, "2026-10"), "rejected_rows"].split("\n")
    assert [line.split(" ditolak")[0] for line in lines] == [
        "Baris 4 di tab Laporan Kinerja",
        "Baris 5 di tab Laporan Kinerja",
        "Baris 4 di tab Presensi",
    ]


def test_an_indicator_row_rejected_beside_a_used_one_is_named_not_silently_dropped(synced):
    store, hasil = synced
    row = store.read("results").set_index(["nip", "period"]).loc[(B, "2026-10")]
    assert row["indicators"] == 1  # scored on row 3 alone
    assert row["rejected_rows"] == (
        "Baris 6 di tab Laporan Kinerja ditolak (Target 0) — tidak dihitung; perlu diperbaiki pegawai, "
        "lihat tab Validasi"
    )
    assert "Baris 6 di tab Laporan Kinerja ditolak sehingga indikatornya tidak dihitung" in row["catatan"]
    assert "Semua indikator Anda" not in row["catatan"]
    assert not hasil[B]["Data Belum Lengkap"]  # every input is there; one row of it is not


def test_a_dash_in_a_count_column_of_presensi_is_zero(synced):
    store, hasil = synced
    issues = store.read("issues", "scope = ?", ("DISDUKCAPIL",))
    presensi = issues[issues["tab"] == "Presensi"]
    assert set(presensi["row"]) == {4}, presensi[["row", "column", "problem"]].to_dict("records")
    assert list(presensi["column"]) == ["Tanpa Keterangan"]  # the dash in Terlambat of row 4 is fine
    results = store.read("results").set_index(["nip", "period"])
    row = results.loc[(B, "2026-10")]
    assert bool(row["has_attendance"]) and (row["late"], row["early_leave"], row["absent"]) == (0, 0, 0)
    assert not hasil[B]["Data Belum Lengkap"]
    assert "Presensi bulan ini belum ada" not in row["catatan"]


def test_the_restricted_tab_does_not_call_a_month_with_a_rejected_row_lengkap(tmp_path):
    _store, hasil = run(tmp_path, "terbatas")
    assert hasil[B]["Status Data"] == "Ada baris ditolak"
    assert hasil[B]["Baris Perlu Diperbaiki"] == "Laporan Kinerja baris 6 (lihat tab Validasi)"
    assert hasil[C]["Status Data"] == "Belum lengkap"  # an input missing comes first
