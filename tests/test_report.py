import zipfile

import openpyxl
import pandas as pd
import pytest

from tests import fixture_store as fx
from web.report import PEGAWAI_COLUMNS, RINGKASAN_COLUMNS, ReportError, write_report

SHEETS = ["Ringkasan", "Pegawai", "Validasi", "Metodologi"]


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
        "Lingkup", "Tab", "Baris", "Kolom", "Nilai", "Masalah", "Saran", "Tingkat"]
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
        91.48, "A", 29, "Ya")
    assert (dinkes["Pengaduan Masuk"], dinkes["Selesai Tepat Waktu"]) == (8, 6)
    # HR sees what the public page suppresses, flagged as insufficient.
    assert (rows["DPMPTSP"]["IKM OPD"], rows["DPMPTSP"]["IKM Cukup Data"]) == (77.77, "Tidak")
    assert rows["KECLS"]["Rata-rata Nilai Akhir"] == pytest.approx(94.44)  # 94.435 half-up


def test_ringkasan_has_a_native_column_chart(results_store, tmp_path):
    path = write_report(results_store, tmp_path / "r.xlsx", "2026-10")
    with zipfile.ZipFile(path) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
    assert '<c:barDir val="col"/>' in chart
    assert "Ringkasan!$J$6:$J$8" in chart  # average Nilai Akhir of the three agencies


def test_predikat_colours_and_sheet_layout(report):
    ws = report["Pegawai"]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:AG14"
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


@pytest.mark.parametrize("period", ["10/2026", "2026-13", "Oktober 2026", ""])
def test_bad_period_is_refused(results_store, tmp_path, period):
    with pytest.raises(ReportError, match="tidak valid"):
        write_report(results_store, tmp_path / "r.xlsx", period)


def test_unknown_agency_is_refused(results_store, tmp_path):
    with pytest.raises(ReportError, match="XYZ"):
        write_report(results_store, tmp_path / "r.xlsx", "2026-10", agency="XYZ")
    assert list(tmp_path.glob("*.xlsx")) == []


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
    assert b'<c r="B36001" t="inlineStr"><is><t>' in sheet  # the last of 36,000 rows (+ header)
