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

`QuickWorkbook` deflates the zip members at level 1 instead of zlib's default 6: a cold Solok-size
cycle's 41 result workbooks render in 1,4 s instead of 1,8 s (about a fifth of a render is
compressing) and come out about a fifth larger (4,1 MB instead of 3,4 MB in all); their members
hold the very same bytes.
"""

from __future__ import annotations

import io
import math
import re
import threading
import zipfile
from typing import Sequence

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellNumberTuple, CellStringTuple, RowInfo, Worksheet

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
# Longer strings may need xlsxwriter's UTF-16 truncation (32,767 units): they take the stock path.
_LONG = 16_383
# A row's strings are checked at once, joined by a character no check matches (a string holding
# it may only take the stock path needlessly, never skip it wrongly): the characters at one scan,
# `_xHHHH_` only where "_x" occurs; leading or trailing whitespace per string (str.strip() returns
# the very string when it strips nothing; it strips what `\s` matches).
_SEPARATOR = "\ue000"
_SPECIAL = re.compile(r"[&<>\n\x00-\x1f\ufffe\uffff]")
_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_")
_ROW_SENTINEL = 1_048_575  # a row number no table reaches, replaced in the cached <row> tags


ZIP_LEVEL = 1  # zlib's fastest; xlsxwriter leaves it at the default (6)
_SWAP = threading.Lock()


class _QuickZip(zipfile.ZipFile):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("compresslevel", ZIP_LEVEL)
        super().__init__(*args, **kwargs)


class QuickWorkbook(xlsxwriter.Workbook):
    """A Workbook whose .xlsx package is deflated at `ZIP_LEVEL`.

    xlsxwriter builds its ZipFile inside `_store_workbook` with no level to set, so the module's
    `ZipFile` is swapped for the time of that call (under a lock: two of these never interleave;
    a stock Workbook closed meanwhile in another thread would only be compressed faster too).
    """

    def _store_workbook(self) -> None:
        with _SWAP:
            stock, xlsxwriter.workbook.ZipFile = xlsxwriter.workbook.ZipFile, _QuickZip
            try:
                super()._store_workbook()
            finally:
                xlsxwriter.workbook.ZipFile = stock


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

    def write_rows(
        self,
        first: int,
        rows: Sequence[Sequence[object]],
        text_formats: Sequence[object],
        number_formats: Sequence[object],
        heights: Sequence[float | None] | None = None,
    ) -> None:
        """Write `rows` from row `first` on (constant_memory mode only), as `set_row(r, height)`
        then `_write_string`/`_write_number` per cell would, with the very same bytes: None and
        NaN/±inf cells stay blank, str is text in `text_formats[c]`, anything else a number in
        `number_formats[c]` (never None). A row holding a string the quick path cannot write
        (XML specials, edge whitespace, very long) goes through the stock calls.

        Each plain row is one f-string join and one write, instead of a tuple, a dict entry and
        a generic XML call per cell: ~3x faster on the 41 result workbooks of a Solok-size city.
        """
        assert self.constant_memory, "write_rows writes rows in order: constant_memory only"
        letters = [xl_col_to_name(c) for c in range(max((len(r) for r in rows), default=0))]
        tags: dict[float | None, str] = {}
        xf: dict[int, int] = {}  # id(format) -> xf index, asked in cell order as the stock code does
        write, isfinite = self.fh.write, math.isfinite
        sentinel = f'r="{_ROW_SENTINEL + 1}"'
        if rows and first > self.previous_row:
            self._write_single_row(first)  # the row before (the header) goes out first
        for r, row in enumerate(rows, start=first):
            height = heights[r - first] if heights is not None else None
            pixels = None if height is None else int(height * 4.0 / 3.0 + 0.5)  # as set_row does
            cells, texts, edge = [], [], False
            n = r + 1
            for c, value in enumerate(row):
                if value is None:
                    continue
                if value.__class__ is str:
                    texts.append(value)
                    if value.strip() is not value:
                        edge = True
                    fmt = text_formats[c]
                    style = "" if fmt is None else f' s="{xf[id(fmt)] if id(fmt) in xf else self._xf(xf, fmt)}"'
                    cells.append(f'<c r="{letters[c]}{n}"{style} t="inlineStr"><is><t>{value}</t></is></c>')
                elif isfinite(value):
                    fmt = number_formats[c]
                    index = xf[id(fmt)] if id(fmt) in xf else self._xf(xf, fmt)
                    cells.append(f'<c r="{letters[c]}{n}" s="{index}"><v>{value:.16G}</v></c>')
                else:
                    continue
                last = c
                if len(cells) == 1:
                    start = c
            joined = _SEPARATOR.join(texts)
            if (
                not cells
                or pixels == 0
                or (len(joined) > _LONG and any(len(t) > _LONG for t in texts))
                or edge
                or _SPECIAL.search(joined)
                or ("_x" in joined and _ESCAPE.search(joined))
            ):
                # A string only the stock code writes right, a hidden row, or a row of no cells
                # (set_row alone writes no <row> in this mode): the per-cell stock calls.
                self._stock_row(r, row, text_formats, number_formats, height)
                continue
            if self.table or self.previous_row in self.row_info:  # a stock row is still held
                self._write_single_row(r)
            self.previous_row = r
            self._check_dimensions(r, start)  # the row's first and last cell: what each cell's check gives
            self._check_dimensions(r, last)
            if pixels is not None:
                self._check_dimensions(r, self.dim_colmin if self.dim_colmin is not None else 0)
                self.row_sizes[r] = [pixels, False]
            tag = tags[pixels] if pixels in tags else self._row_tag(tags, pixels)
            opening = tag.replace(sentinel, f'r="{n}"', 1)
            write(f"{opening}{''.join(cells)}</row>")

    def _xf(self, cache: dict[int, int], fmt) -> int:
        cache[id(fmt)] = index = fmt._get_xf_index()
        return index

    def _row_tag(self, cache: dict, pixels: int | None) -> str:
        """The stock <row> start tag for a row of this height (None: no set_row), at the sentinel row."""
        info = (
            None if pixels is None else RowInfo(height=pixels, row_format=None, hidden=False, level=0, collapsed=False)
        )
        fh, self.fh = self.fh, io.StringIO()
        try:
            self._write_row(_ROW_SENTINEL, None, info)
            cache[pixels] = tag = self.fh.getvalue()
        finally:
            self.fh = fh
        return tag

    def _stock_row(self, r: int, row, text_formats, number_formats, height) -> None:
        if height is not None:
            self.set_row(r, height)
        for c, value in enumerate(row):
            if value is None:
                continue
            if value.__class__ is str:
                self._write_string(r, c, value, text_formats[c])
            elif math.isfinite(value):
                self._write_number(r, c, value, number_formats[c])
