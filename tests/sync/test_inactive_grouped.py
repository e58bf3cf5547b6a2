"""An employee marked Nonaktif on the roster who still has monthly rows gets one Peringatan per tab
that names every month and every row, not one per row (disdikbud's Validasi held 105 of them out
of 125 messages): a real .xlsx through run_cycle and the Validasi tab it writes."""

from __future__ import annotations

import datetime as dt

import openpyxl
import xlsxwriter

from config.settings import parse_settings
from sync.cycle import STATUS_OK, run_cycle
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from tests.sync.test_rejected_not_missing import PRESENSI, RATINGS

TODAY = dt.date(2026, 11, 28)
A, D, E = "198503152010121001", "196001012015032002", "196202022015032003"
MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10"]


def write_agency(path):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"])
    for r, (nip, name, status) in enumerate(((A, "Rina", "Aktif"), (D, "Dedi", "Nonaktif"), (E, "Eka", "Nonaktif")), 1):
        ws.write_string(r, 0, nip)
        ws.write_row(r, 1, [name, "Staf", "Bidang Pelayanan", "", "Tidak", status])
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, ["Periode", "NIP", "Rencana Hasil Kerja", "Indikator", "Target", "Realisasi"])
    rows = [("2026-10", A, 10, 10)]  # row 2
    rows += [(m, D, 10, 9) for m in MONTHS]  # rows 3-6: Dedi, Nonaktif, four months
    rows += [("2026-10", E, 10, 10)]  # row 7: Eka, Nonaktif, one row
    rows += [("2026-09", D, 10, 8)]  # row 8: Dedi again, a second indicator
    rows += [("2026-10", A, 0, 5)]  # row 9: a Galat (Target 0)
    for r, (period, nip, target, actual) in enumerate(rows, start=1):
        ws.write_row(r, 0, [period, nip, "RHK", f"Indikator {r}", target, actual])
    ws = wb.add_worksheet("Penilaian Atasan")
    ws.write_row(0, 0, RATINGS)
    ws = wb.add_worksheet("Presensi")
    ws.write_row(0, 0, PRESENSI)
    for r, period in enumerate(MONTHS, start=1):
        ws.write_row(r, 0, [period, D, 21, 21, 0, 0, 0])  # rows 2-5: Dedi
    wb.close()


def test_nonaktif_warnings_are_one_per_employee_and_tab_with_every_row(tmp_path):
    (tmp_path / "data").mkdir()
    write_agency(tmp_path / "data" / "dukcapil.xlsx")
    wb = xlsxwriter.Workbook(str(tmp_path / "data" / "kota.xlsx"))
    wb.add_worksheet("Tanggapan Formulir 1").write_row(0, 0, ["Cap waktu", "Unit Layanan"])
    wb.close()
    settings = parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": "DISDUKCAPIL", "name": "Dinas Dukcapil", "spreadsheet": "dukcapil"}],
            "store": {"path": "var/k.sqlite"},
        },
        tmp_path / "kinerja.toml",
    )
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert next(s for s in result.sheets if s.scope == "DISDUKCAPIL").status == STATUS_OK
    book = openpyxl.load_workbook(tmp_path / "data" / "dukcapil.hasil.xlsx")
    rows = list(book["Validasi"].iter_rows(values_only=True))
    header = rows[0]
    issues = [dict(zip(header, r)) for r in rows[1:] if r and r[0]]
    nonaktif = [i for i in issues if "berstatus Nonaktif" in str(i["Masalah"])]
    by_tab = {(i["Tab"], i["Nilai"]): i for i in nonaktif}
    assert len(nonaktif) == len(by_tab) == 3  # Dedi in two tabs, Eka in one
    dedi = by_tab[("Laporan Kinerja", D)]
    assert dedi["Baris"] == 3
    assert "untuk Juli 2026, Agustus 2026, September 2026, dan Oktober 2026" in dedi["Masalah"]
    assert "(5 baris untuk NIP ini: baris 3–6, 8.)" in dedi["Masalah"]
    assert "(4 baris untuk NIP ini: baris 2–5.)" in by_tab[("Presensi", D)]["Masalah"]
    eka = by_tab[("Laporan Kinerja", E)]  # alone: the row's own message, as before
    assert eka["Baris"] == 7 and "untuk Oktober 2026;" in eka["Masalah"] and "baris untuk" not in eka["Masalah"]
    galat = [i for i in issues if i["Tingkat"] == "Galat"]
    assert [(g["Tab"], g["Baris"], g["Kolom"]) for g in galat] == [("Laporan Kinerja", 9, "Target")]
    # Still scored: the warning is about the roster, not the rows.
    results = store.read("results")
    assert set(results.loc[results["nip"] == D, "period"]) == set(MONTHS)
