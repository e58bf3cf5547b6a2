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
