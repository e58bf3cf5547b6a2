"""The workbooks we write print and read well: page setup on every sheet (paper by config, one
page wide, header rows repeated, footer with sheet, period and page number), header rows and
wrapped text rows tall enough (LibreOffice does not fit them itself), honest chart axes, a trend
chart readable with 20 agencies, and IKM from too few responses marked. What LibreOffice makes of
it is checked in tests/web/test_report_office.py."""

import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from sync.sources.backend import SheetTable
from sync.sources.local import write_workbook
from tests import fixture_store as fx
from web.report import PEGAWAI_COLUMNS, SMALL_SAMPLE, _trend_lines, write_report

PAPER_CODES = {"A4": 9, "F4": 14}  # xlsxwriter's 9 = A4; F4 has none: 14 = Folio 8.5 x 13 in
# sheet -> (orientation, repeated header rows)
LAYOUT = {
    "Ringkasan": ("landscape", "$5:$5"),
    "Pegawai": ("landscape", "$1:$1"),
    "Tren": ("landscape", "$3:$3"),
    "IKM": ("landscape", "$3:$3"),
    "Validasi": ("landscape", "$1:$1"),
    "Metodologi": ("portrait", None),
}
LONG_CATATAN = (
    "Predikat kinerja Anda bulan ini Butuh Perbaikan dengan Nilai Akhir 82,28, turun 3,02 poin dari "
    "bulan lalu; Rating Perilaku Di Bawah Ekspektasi (NPK 89,29, 0,71 di bawah batas 90), terutama "
    "Disiplin (60,00): 3 hari tanpa keterangan dan 4 kali terlambat. Yang perlu diperbaiki bulan ini: "
    'capaian indikator "Jumlah rancangan peraturan yang disusun" 80,00%. Saran pengembangan: susun '
    "rencana aksi bersama atasan langsung untuk indikator yang belum tercapai."
)


def _fit(setup) -> tuple[int, int]:
    """Pages wide and tall to fit to (an absent attribute is the spec's default, 1)."""
    return tuple(1 if v is None else int(v) for v in (setup.fitToWidth, setup.fitToHeight))


def _catatan_store(store):
    res = fx.results()
    dinkes = res.loc[res["agency"] == "DINKES"].assign(catatan=LONG_CATATAN)
    store.replace_scope("DINKES", {"results": dinkes})
    return store


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_every_sheet_prints_one_page_wide_with_header_rows_and_a_footer(results_store, tmp_path, paper):
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10", paper=paper))
    for name, (orientation, titles) in LAYOUT.items():
        ws = book[name]
        setup = ws.page_setup
        assert int(setup.paperSize) == PAPER_CODES[paper], name
        assert setup.orientation == orientation, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert _fit(setup) == (1, 0), name  # one page wide, as tall as needed
        assert ws.print_title_rows == titles, name
        footer = ws.oddFooter
        assert "&A" in footer.left.text, name  # the sheet's name
        assert "Oktober 2026" in footer.center.text and "Semua OPD" in footer.center.text, name
        assert "&P" in footer.right.text and "&N" in footer.right.text, name


def test_header_rows_are_as_tall_as_their_wrapped_headers(results_store, tmp_path):
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10"))
    # "Selesai Tepat Waktu" in a 10-wide column takes 3 lines; "Perubahan NA dari Bulan Lalu" in 11, 3.
    assert book["Ringkasan"].row_dimensions[5].height >= 3 * 15
    assert book["Pegawai"].row_dimensions[1].height >= 3 * 15
    assert book["IKM"].row_dimensions[3].height >= 3 * 15


def test_catatan_wraps_in_a_row_tall_enough_to_read_it_whole(results_store, tmp_path):
    path = write_report(_catatan_store(results_store), tmp_path / "r.xlsx", "2026-10")
    ws = openpyxl.load_workbook(path)["Pegawai"]
    col = [c.key for c in PEGAWAI_COLUMNS].index("catatan")
    width = PEGAWAI_COLUMNS[col].width
    assert ws.cell(2, col + 1).value == LONG_CATATAN
    assert ws.cell(2, col + 1).alignment.wrap_text and ws.cell(2, col + 1).alignment.vertical == "top"
    # Even at 1.4 characters per unit of width (more than Calibri holds) the text needs this many lines.
    lines = math.ceil(len(LONG_CATATAN) / (1.4 * width))
    assert ws.row_dimensions[2].height >= lines * 15
    # A row without long text keeps the default height.
    assert ws.row_dimensions[len(fx.results().query("period == '2026-10'")) + 1].height in (None, 15)


def test_ringkasan_chart_starts_at_zero_on_a_page_of_its_own(results_store, tmp_path):
    path = write_report(results_store, tmp_path / "r.xlsx", "2026-10")
    with zipfile.ZipFile(path) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    value_axis = chart[chart.index("<c:valAx>") :]
    assert '<c:min val="0"/>' in value_axis
    # 3 agencies in rows 6-8: a page break after row 8, the chart below it.
    assert '<rowBreaks count="1" manualBreakCount="1"><brk id="8" max="16383" man="1"/></rowBreaks>' in sheet


def test_trend_chart_of_twenty_agencies_draws_the_top_the_bottom_and_the_city():
    months = ["2026-09", "2026-10"]
    codes = [f"OPD{i:02d}" for i in range(20)]
    trend = pd.DataFrame(
        {
            "code": codes + ["KOTA"],
            "name": codes + ["Rata-rata Kota"],
            "2026-09": [100.0] * 21,
            "2026-10": [90.0 + i for i in range(20)] + [99.5],
        }
    )
    trend.loc[19, "2026-10"] = None  # its latest average is September's
    lines, caption = _trend_lines(trend, months)
    drawn = [trend["code"][i] for i, _colour, _city in lines]
    assert drawn == ["OPD18", "OPD17", "OPD16", "OPD00", "OPD01", "OPD02", "KOTA"]
    assert [city for _i, _c, city in lines] == [False] * 6 + [True]
    assert "20 OPD" in caption
    few = trend.iloc[[0, 1, 2, 20]].reset_index(drop=True)
    assert [i for i, _c, _k in _trend_lines(few, months)[0]] == [0, 1, 2, 3] and _trend_lines(few, months)[1] == ""


def test_ikm_from_too_few_responses_gets_no_mutu_letter(results_store, tmp_path):
    book = openpyxl.load_workbook(write_report(results_store, tmp_path / "r.xlsx", "2026-10"))
    ws = book["Ringkasan"]
    headers = [c.value for c in ws[5]]
    rows = {r[0].value: dict(zip(headers, r)) for r in ws.iter_rows(min_row=6) if r[0].value}
    assert rows["DINKES"]["Mutu"].value == "A" and not rows["DINKES"]["IKM OPD"].font.i  # 29 responses
    assert rows["DPMPTSP"]["Mutu"].value == SMALL_SAMPLE  # 12 of 20 responses: no "B"
    assert rows["DPMPTSP"]["IKM OPD"].value == 77.77 and rows["DPMPTSP"]["IKM OPD"].font.i
    assert "20 responden" in ws["A4"].value
    ikm = book["IKM"]
    headers = [c.value for c in ikm[3]]
    units = [dict(zip(headers, r)) for r in ikm.iter_rows(min_row=4) if r[0].value]
    kecls = next(u for u in units if u["Kode OPD"].value == "KECLS")  # 5 responses
    assert kecls["Mutu"].value == SMALL_SAMPLE and kecls["IKM"].font.i and kecls["U1 Persyaratan"].font.i


def test_result_workbook_wraps_long_text_and_prints_one_page_wide(tmp_path):
    table = SheetTable(
        "Hasil",
        ("Periode", "NIP", "Nilai Akhir", "Catatan Penilaian"),
        [
            ["2026-10", "198501102010011001", 101.5, LONG_CATATAN],
            ["2026-09", "198501102010011001", 100.25, "Pertahankan kinerja."],
        ],
        {"Nilai Akhir": "0.00"},
    )
    write_workbook(tmp_path / "x.hasil.xlsx", [table], paper="F4")
    ws = openpyxl.load_workbook(tmp_path / "x.hasil.xlsx")["Hasil"]
    assert ws["D2"].value == LONG_CATATAN and ws["D2"].alignment.wrap_text
    width = ws.column_dimensions["D"].width
    assert ws.row_dimensions[2].height >= math.ceil(len(LONG_CATATAN) / (1.4 * width)) * 15
    assert int(ws.page_setup.paperSize) == 14 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert _fit(ws.page_setup) == (1, 0)
    assert ws.print_title_rows == "$1:$1"
    assert "&P" in ws.oddFooter.right.text and "&F" in ws.oddFooter.center.text


def test_report_paper_is_a_config_key(tmp_path):
    from config.settings import ConfigError, load_settings
    from tests.config.test_settings import MINIMAL, write

    assert load_settings(write(tmp_path, MINIMAL)).report.paper == "A4"
    assert load_settings(write(tmp_path, MINIMAL + '\n[report]\npaper = "F4"\n')).report.paper == "F4"
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + '\n[report]\npaper = "Letter"\n'))
    assert any('report.paper: harus "A4" atau "F4"' in p for p in info.value.problems), info.value.problems


def test_hr_download_prints_on_the_configured_paper(results_store, tmp_path):
    import io

    from web import create_app
    from web.hr import write_report_bytes

    app = create_app(
        test_config={
            "TESTING": True,
            "STORE_PATH": results_store.path,
            "MIN_RESPONSES": 20,
            "REPORT_PAPER": "F4",
            "SECRET_KEY": "x",
        }
    )
    with app.app_context():
        data = write_report_bytes(results_store, "2026-10", None)
    assert int(openpyxl.load_workbook(io.BytesIO(data))["Pegawai"].page_setup.paperSize) == 14
