"""A drop-in xlsxwriter worksheet that writes plain cells about twice as fast.

The HR report's `Pegawai` sheet can hold ~1 million cells (36,000 rows x 30 columns); stock
xlsxwriter spends most of its time building each cell's XML through generic helpers (attribute
lists, escaping regexes run per attribute). For the two overwhelmingly common cases, a number
with a cell format and a plain in-line string (constant_memory mode), this writes
the very same bytes with one f-string; every other cell goes to the stock code.

It relies on xlsxwriter internals (`_write_cell`, `CellNumberTuple`, `CellStringTuple`), pinned by
requirements.txt; tests/sync/sources/test_fast_sheet.py checks the output is byte-identical to stock
xlsxwriter, so an upgrade that changes them fails the tests instead of writing bad files.
Use with `workbook.add_worksheet(name, worksheet_class=FastWorksheet)` (a documented hook).
"""

from __future__ import annotations

import re

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, Worksheet

# Options for every workbook we write: user text must never become a formula, a link or a
# number (docs/product.md, "Rules that are not negotiable").
TEXT_STAYS_TEXT = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

# Anything stock xlsxwriter would transform or flag: XML specials (escaped), control characters
# and literal `_xHHHH_` (Excel's escape syntax), non-characters, and leading or trailing
# whitespace (needs xml:space="preserve"). Such strings take the stock path. A double quote is
# not among them: xlsxwriter escapes it only in attributes, never in cell text (the Catatan
# quotes complaint categories, so it is common).
_NOT_PLAIN = re.compile(r"[&<>\n\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


class FastWorksheet(Worksheet):
    """A Worksheet whose plain number and in-line string cells skip the generic XML helpers."""

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind = cell.__class__
        if kind is CellNumberTuple and cell.format is not None:
            self.fh.write(
                f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell.format._get_xf_index()}">'
                f"<v>{cell.number:.16G}</v></c>"
            )
            return
        if kind is CellStringTuple and self.constant_memory:
            text = cell.string
            if not _NOT_PLAIN.search(text):
                # A formatted string names its format (the report's top-aligned, wrapped text).
                style = "" if cell.format is None else f' s="{cell.format._get_xf_index()}"'
                self.fh.write(
                    f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{style} t="inlineStr"><is><t>{text}</t></is></c>'
                )
                return
        super()._write_cell(row, col, cell)
