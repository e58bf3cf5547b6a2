import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests import fixture_store as fx
from web.report import PEGAWAI_COLUMNS, RINGKASAN_COLUMNS, ReportError, write_report

SHEETS = ["Ringkasan", "Pegawai", "Tren", "IKM", "Validasi", "Metodologi"]


@pytest.fixture
def report(results_store, tmp_path):
    path = write_report(results_store, tmp_path / "laporan.xlsx", "2026-10")
    return openpyxl.load_workbook(path)


def _rows(ws, header_row: int = 1) -> list[dict]:
    """The sheet's data rows as dicts keyed by header."""
    headers = [c.value for c in ws[header_row]]
    rows = ws.iter_rows(min_row=header_row + 1, values_only=True)
    return [dict(zip(headers, row)) for row in rows if row[0] is not None]


def test_sheet_names_and_headers(report):
    assert report.sheetnames == SHEETS
    assert [c.value for c in report["Pegawai"][1]] == [c.header for c in PEGAWAI_COLUMNS]
    assert [c.value for c in report["Ringkasan"][5]] == [c.header for c in RINGKASAN_COLUMNS]
    assert [c.value for c in report["Validasi"][1]] == [
        "Lingkup",
        "Tab",
        "Baris",
        "Kolom",
        "Nilai",
        "Masalah",
        "Saran",
        "Tingkat",
    ]
    assert report["Ringkasan"]["A1"].value == "Laporan Kinerja Pegawai, Oktober 2026"
    assert report["Ringkasan"]["A3"].value == "Data per: 28 November 2026 14.03 WIB"


def test_every_employee_row_of_the_period(report):
    rows = _rows(report["Pegawai"])
    assert len(rows) == 13
    assert {r["NIP"] for r in rows} == set(fx.employees()["nip"])
    assert [r["Kode OPD"] for r in rows] == ["DINKES"] * 6 + ["DPMPTSP"] * 5 + ["KECLS"] * 2


def test_nip_is_an_18_digit_string(report):
    ws = report["Pegawai"]
    nip_cells = [row[1] for row in ws.iter_rows(min_row=2)]
    assert nip_cells
    for cell in nip_cells:
        assert cell.data_type == "s" and isinstance(cell.value, str) and len(cell.value) == 18
    assert fx.nip(0, 0) in {c.value for c in nip_cells}


def test_formula_like_text_stays_text(report):
    names = {row[2].value: row[2] for row in report["Pegawai"].iter_rows(min_row=2)}
    for text in (fx.FORMULA_NAME, fx.PHONE_NAME):
        assert names[text].data_type == "s"
        assert names[text].value == text
    issue_values = [row[4] for row in report["Validasi"].iter_rows(min_row=2)]
    assert any(c.value == "=1+1" and c.data_type == "s" for c in issue_values)
    assert any(c.value == "1.98502112010011E+17" and c.data_type == "s" for c in issue_values)


def test_numbers_are_numbers_with_two_decimals(report):
    ws = report["Pegawai"]
    na_col = [c.header for c in PEGAWAI_COLUMNS].index("Nilai Akhir")
    cells = [row[na_col] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells)
    assert {c.number_format for c in cells} == {"0.00"}
    assert sorted(c.value for c in cells if c.value is not None)[-1] == 110.0


def test_ringkasan_per_agency(report):
    rows = {r["Kode OPD"]: r for r in _rows(report["Ringkasan"], header_row=5)}
    assert list(rows) == ["DINKES", "DPMPTSP", "KECLS"]
    dinkes = rows["DINKES"]
    assert dinkes["Jumlah Pegawai"] == 6 and dinkes["Punya Nilai Akhir"] == 6
    assert dinkes["Rata-rata Nilai Akhir"] == pytest.approx(107.9)
    assert (dinkes["Sangat Baik"], dinkes["Baik"]) == (1, 5)
    assert (dinkes["IKM OPD"], dinkes["Mutu"], dinkes["Responden IKM"], dinkes["IKM Cukup Data"]) == (
        91.48,
        "A",
        29,
        "Ya",
    )
    assert (dinkes["Pengaduan Masuk"], dinkes["Selesai Tepat Waktu"]) == (8, 6)
    # HR sees what the public page suppresses, flagged as insufficient.
    assert (rows["DPMPTSP"]["IKM OPD"], rows["DPMPTSP"]["IKM Cukup Data"]) == (77.77, "Tidak")
    assert rows["KECLS"]["Rata-rata Nilai Akhir"] == pytest.approx(94.44)  # 94.435 half-up


def test_ringkasan_has_a_native_column_chart(results_store, tmp_path):
    path = write_report(results_store, tmp_path / "r.xlsx", "2026-10")
    with zipfile.ZipFile(path) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
    assert '<c:barDir val="col"/>' in chart
    assert "Ringkasan!$K$6:$K$8" in chart  # average Nilai Akhir of the three agencies


def test_predikat_colours_and_sheet_layout(report):
    ws = report["Pegawai"]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:AT14"
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert {rule.formula[0] for rule in rules} >= {'"Sangat Baik"', '"Baik"', '"Sangat Kurang"'}
    assert ws.column_dimensions["B"].width > 18  # NIP readable


def test_scores_are_written_rounded_half_up(results_store, tmp_path):
    res = fx.results()
    dinkes = res.loc[res["agency"] == "DINKES"].assign(na=109.025, nhk=109.995)
    results_store.replace_scope("DINKES", {"results": dinkes})
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10"))
    row = _rows(book["Pegawai"])[0]
    assert row["Nilai Akhir"] == 109.03 and row["NHK"] == 110.0


def test_one_agency(results_store, tmp_path):
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10", agency="DPMPTSP"))
    assert [r["Kode OPD"] for r in _rows(book["Ringkasan"], header_row=5)] == ["DPMPTSP"]
    assert {r["Kode OPD"] for r in _rows(book["Pegawai"])} == {"DPMPTSP"}
    assert [r["Lingkup"] for r in _rows(book["Validasi"])] == ["DPMPTSP"]
    assert book["Ringkasan"]["A2"].value.endswith("(DPMPTSP)")


def test_metodologi_lines(results_store, tmp_path):
    lines = ["Aturan uji", "=SUM(A1:A2)", "- bobot 70%"]
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10", rules_text=lines))
    cells = [row[0] for row in book["Metodologi"].iter_rows()]
    assert [c.value for c in cells] == lines
    assert all(c.data_type == "s" for c in cells)
    default = openpyxl.load_workbook(write_report(results_store, tmp_path / "d.xlsx", "2026-10"))
    assert default["Metodologi"]["A1"].value == "Metodologi: Model Kinerja Kota Solok v1"


def test_period_without_results(results_store, tmp_path):
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2025-01"))
    assert book["Pegawai"]["A2"].value == "Tidak ada hasil pegawai untuk periode ini."
    assert book.sheetnames == SHEETS


# "2026-10\n" and Arabic-Indic digits (found in the issue-9 review) wrote an empty report titled
# "Oktober 2026" / "Oktober ٢٠٢٦" with exit 0: $ matched before the newline, \d matched any digit.
@pytest.mark.parametrize(
    "period", ["10/2026", "2026-13", "Oktober 2026", "", "2026-10\n", "٢٠٢٦-10", "2026-Q4\n", "٢٠٢٦"]
)
def test_bad_period_is_refused(results_store, tmp_path, period):
    with pytest.raises(ReportError, match="tidak valid"):
        write_report(results_store, tmp_path / "r.xlsx", period)


def test_unknown_agency_is_refused(results_store, tmp_path):
    with pytest.raises(ReportError, match="XYZ"):
        write_report(results_store, tmp_path / "r.xlsx", "2026-10", agency="XYZ")
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.parametrize("where", ["under a file", "in a folder that refuses files"])
def test_an_out_path_that_cannot_be_written_is_a_report_error(results_store, tmp_path, where):
    """Found in the issue-9 review: `report --out /proc/r.xlsx` ended in xlsxwriter's
    FileCreateError traceback; under a file, in NotADirectoryError's."""
    if where == "under a file":
        (tmp_path / "catatan.txt").write_text("x")
        folder = tmp_path / "catatan.txt"
    else:
        folder = Path("/proc") if os.geteuid() == 0 else tmp_path / "baca-saja"
        if folder != Path("/proc"):
            folder.mkdir()
            folder.chmod(0o555)
    out = folder / "laporan.xlsx"
    with pytest.raises(ReportError) as info:
        write_report(results_store, out, "2026-10")
    assert str(info.value) == (
        f"Laporan tidak dapat ditulis ke {out}: folder {folder} tidak ada atau tidak dapat ditulis. "
        "Pilih --out di folder yang dapat ditulis, mis. laporan.xlsx."
    )


def test_written_atomically(results_store, tmp_path):
    out = tmp_path / "laporan" / "r.xlsx"
    assert write_report(results_store, out, "2026-10") == out
    assert [p.name for p in out.parent.iterdir()] == ["r.xlsx"]


def test_36000_rows_are_all_written(results_store, tmp_path):
    res = fx.results()
    october = res.loc[res["period"] == "2026-10"]
    big = pd.concat([october] * (36000 // len(october) + 1), ignore_index=True).iloc[:36000]
    big = big.assign(agency="DINKES", nip=[f"{i:018d}" for i in range(len(big))])
    results_store.replace_scope("DINKES", {"results": big})
    path = write_report(results_store, tmp_path / "besar.xlsx", "2026-10")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet2.xml")
    assert re.search(rb'<c r="B36001" s="\d+" t="inlineStr"><is><t>', sheet)  # the last of 36,000 rows (+ header)


def test_tren_sheet_has_agency_by_month_and_a_line_chart(results_store, tmp_path):
    path = write_report(results_store, tmp_path / "r.xlsx", "2026-10")
    ws = openpyxl.load_workbook(path)["Tren"]
    headers = [c.value for c in ws[3]]
    assert headers[:2] == ["Kode OPD", "Nama OPD"] and headers[2] == "Nov 2025" and headers[-1] == "Okt 2026"
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert list(rows) == ["DINKES", "DPMPTSP", "KECLS", "KOTA"]
    assert rows["DINKES"][-1] == pytest.approx(107.9) and rows["DINKES"][-2] == pytest.approx(106.65)
    assert rows["DINKES"][2] is None  # no scores in November 2025: a gap, not zero
    # The city line is the mean over scored staff: (6 x 107.9 + 5 x 97 + 2 x 94.435) / 13.
    assert rows["KOTA"][-1] == pytest.approx(round((6 * 107.9 + 5 * 97 + 2 * 94.435) / 13, 2))
    with zipfile.ZipFile(path) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/")]
    line = next(c for c in charts if "<c:lineChart>" in c)
    assert line.count("<c:ser>") == 4 and "Tren!$C$3:$N$3" in line


def test_ikm_sheet_has_every_unit_with_its_weakest_element(results_store, tmp_path):
    store = results_store
    ikm = store.read("ikm")
    ikm.loc[ikm["unit_id"] == "unit:DINKES:puskesmastanahgaring", "nrr_u3"] = 2.5
    store.replace_scope("kota", {"ikm": ikm})
    ws = openpyxl.load_workbook(write_report(store, tmp_path / "r.xlsx", "2026-10"))["IKM"]
    rows = [dict(zip([c.value for c in ws[3]], r)) for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r["Kode OPD"], r["Tingkat"]) for r in rows] == [
        ("DINKES", "OPD"),
        ("DINKES", "Unit Kerja"),
        ("DPMPTSP", "OPD"),
        ("KECLS", "OPD"),
    ]
    puskesmas = rows[1]
    assert puskesmas["Unit Layanan"] == "Puskesmas Tanah Garing" and puskesmas["U3 Waktu Penyelesaian"] == 2.5
    assert puskesmas["Unsur Terendah"] == "U3 Waktu Penyelesaian"
    assert rows[3]["Cukup Data"] == "Tidak"
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert any("MIN(" in rule.formula[0] for rule in rules)


def test_quarter_report_reads_the_periodic_tables(results_store, tmp_path):
    store = results_store
    people = fx.employees().loc[lambda f: f["agency"] == "DINKES"]
    store.replace_scope(
        "DINKES",
        {
            "results_periodic": people.assign(
                period="2026-Q3",
                kind="triwulan",
                months=3,
                months_nhk=3,
                months_npk=2,
                nhk=104.0,
                rating_hk="Sesuai Ekspektasi",
                npk=111.0,
                rating_pk="Di Atas Ekspektasi",
                gate=0,
                predikat="Baik",
                na=106.1,
                rules_id="test",
            ),
            "agency_periodic": pd.DataFrame(
                [
                    {
                        "agency": "DINKES",
                        "period": "2026-Q3",
                        "kind": "triwulan",
                        "months": 3,
                        "headcount": 6,
                        "scored": 6,
                        "avg_na": 106.1,
                        "n_baik": 6,
                    }
                ]
            ),
        },
    )
    book = openpyxl.load_workbook(write_report(store, tmp_path / "q.xlsx", "2026-Q3", "DINKES"))
    assert book["Ringkasan"]["A1"].value == "Laporan Kinerja Pegawai, Triwulan III 2026"
    rows = _rows(book["Pegawai"])
    assert len(rows) == 6 and {r["Jumlah Bulan"] for r in rows} == {3} and {r["Predikat"] for r in rows} == {"Baik"}
    summary = _rows(book["Ringkasan"], header_row=5)
    # Complaints of a quarter are the sum of its months (DINKES had none in July-September).
    assert summary[0]["Rata-rata Nilai Akhir"] == pytest.approx(106.1) and summary[0]["Pengaduan Masuk"] is None
    tren = [c.value for c in book["Tren"][3]]
    assert tren[-1] == "Sep 2026"
