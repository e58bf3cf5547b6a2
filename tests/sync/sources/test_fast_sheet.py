import zipfile

import xlsxwriter

from sync.sources.fast_sheet import FastWorksheet

STRINGS = [
    "Dinas Kesehatan",
    "198501102010011001",
    '=HYPERLINK("http://x","y")',
    "+6281234567890",
    "a & b",
    "<r>rich</r>",
    "x < y > z",
    " leading",
    "trailing ",
    "line\nbreak",
    "tab\there",
    "_x0041_ literal",
    "ctrl\x01char",
    "non\ufffechar",
    "Pemeriksaan ulang – é ü 中文",
    "",
    "'quoted'",
    'keluhan tentang "Sarana dan Prasarana" dan "Waktu Pelayanan"',
    '"',
    'a "b" c',
]
NUMBERS = [0, 1, -1, 107.9, 109.025, 1e20, 1.23456789012345678, -0.0001, 36000]


def _sheet_xml(path, worksheet_class) -> bytes:
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "constant_memory": True},
    )
    ws = wb.add_worksheet("Pegawai", worksheet_class=worksheet_class)
    score = wb.add_format({"num_format": "0.00"})
    bold = wb.add_format({"bold": True})
    ws.set_column(3, 3, 12, bold)
    for row in range(len(STRINGS) + len(NUMBERS)):
        text = STRINGS[row % len(STRINGS)]
        number = NUMBERS[row % len(NUMBERS)]
        ws.write_string(row, 0, text)
        ws.write_string(row, 1, text, bold)  # formatted strings: the fast path names the format
        ws.write_number(row, 2, number, score)
        ws.write_number(row, 3, number)  # unformatted numbers (column format) take the stock path
        ws.write_blank(row, 4, None, bold)
        ws.write_boolean(row, 5, row % 2 == 0)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_output_is_byte_identical_to_stock_xlsxwriter(tmp_path):
    stock = _sheet_xml(tmp_path / "stock.xlsx", None)
    fast = _sheet_xml(tmp_path / "fast.xlsx", FastWorksheet)
    assert b"inlineStr" in stock and b"_x0041_" in stock
    assert fast == stock


def test_only_plain_cells_take_the_fast_path(tmp_path, monkeypatch):
    from xlsxwriter.worksheet import Worksheet

    delegated = []
    original = Worksheet._write_cell

    def counting(self, row, col, cell):
        delegated.append((row, col))
        return original(self, row, col, cell)

    monkeypatch.setattr(Worksheet, "_write_cell", counting)
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("S", worksheet_class=FastWorksheet)
    fmt = wb.add_format({"num_format": "0.00"})
    ws.write_string(0, 0, "plain")
    ws.write_number(0, 1, 1.5, fmt)
    ws.write_string(0, 2, "a & b")
    wb.close()
    assert delegated == [(0, 2)]


TRICKY_ROWS = [
    [text, NUMBERS[i % len(NUMBERS)], None, float("nan"), True, f"baris {i}"] for i, text in enumerate(STRINGS)
] + [
    [None, None, None, None, None, None],  # no cell: a row height alone writes no <row>
    ["x" * 20_000, 1.0, None, float("inf"), None, "ok"],  # long string: the stock path
    ["y" * 40_000, -1.0, None, float("-inf"), 0, "potong"],  # past 32,767: truncated as stock does
    ["Dinas", 2.5, "", None, 7, "akhir"],
]


def _rows_xml(path, fast: bool, heights) -> bytes:
    """Header, then TRICKY_ROWS by FastWorksheet.write_rows or by the per-cell stock calls."""
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "constant_memory": True},
    )
    ws = wb.add_worksheet("Hasil", worksheet_class=FastWorksheet)
    top = wb.add_format({"valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    score = wb.add_format({"num_format": "0.00", "valign": "top"})
    texts = [wrap, top, None, top, top, wrap]
    numbers = [top, score, score, score, top, top]
    ws.write_row(0, 0, ["A", "B", "C", "D", "E", "F"])
    if fast:
        ws.write_rows(1, TRICKY_ROWS, texts, numbers, heights)
    else:
        for r, row in enumerate(TRICKY_ROWS, start=1):
            if heights is not None and heights[r - 1] is not None:
                ws.set_row(r, heights[r - 1])
            for c, value in enumerate(row):
                if value is None:
                    continue
                if value.__class__ is str:
                    ws._write_string(r, c, value, texts[c])
                elif value == value and abs(value) != float("inf"):
                    ws._write_number(r, c, value, numbers[c])
    ws.autofilter(0, 0, len(TRICKY_ROWS), 5)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml") + zf.read("xl/styles.xml")


def test_write_rows_gives_the_bytes_of_the_per_cell_calls(tmp_path):
    n = len(TRICKY_ROWS)
    for heights in (None, [None if i % 3 else 15 * (1 + i % 4) for i in range(n)], [30.0] * n):
        stock = _rows_xml(tmp_path / "stock.xlsx", False, heights)
        fast = _rows_xml(tmp_path / "fast.xlsx", True, heights)
        assert b"_x0041_" in stock and b"xml:space" in stock and b"&amp;" in stock
        assert fast == stock


def _members(path) -> dict[str, tuple[bytes, int]]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: (z.read(i), i.compress_size) for i in z.infolist()}


def test_a_quick_workbook_holds_the_same_bytes_deflated_at_level_1(tmp_path):
    import zlib

    import xlsxwriter.workbook

    from sync.sources.fast_sheet import ZIP_LEVEL, QuickWorkbook

    def build(cls, path):
        wb = cls(str(path), {"constant_memory": True, "strings_to_formulas": False})
        wb.set_properties({"created": __import__("datetime").datetime(2026, 1, 1)})
        ws = wb.add_worksheet("Hasil", worksheet_class=FastWorksheet)
        for r in range(400):
            ws.write_row(r, 0, [f"Pegawai {r}", r * 1.5, STRINGS[r % len(STRINGS)]])
        wb.close()

    stock_zip = xlsxwriter.workbook.ZipFile
    build(xlsxwriter.Workbook, tmp_path / "stock.xlsx")
    build(QuickWorkbook, tmp_path / "quick.xlsx")
    assert xlsxwriter.workbook.ZipFile is stock_zip  # the swap is undone
    stock, quick = _members(tmp_path / "stock.xlsx"), _members(tmp_path / "quick.xlsx")
    assert {k: v[0] for k, v in stock.items()} == {k: v[0] for k, v in quick.items()}
    for name, (data, size) in quick.items():
        deflate = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
        assert size == len(deflate.compress(data) + deflate.flush()), name
    sheet = "xl/worksheets/sheet1.xml"
    assert quick[sheet][1] > stock[sheet][1]  # level 1 compresses less than the default
