"""The embedded `local` backend: a folder of .xlsx workbooks, one per spreadsheet.

Input workbooks are read with python-calamine (about 18x faster than openpyxl on a 43,000-row
tab here) and are never rewritten: re-saving a user's workbook can drop their formatting, images
or charts. Results for spreadsheet `X` go to `X.hasil.xlsx` beside it, written to a temporary
file and renamed into place, and left alone when the new content is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Sequence

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from sync.backend import RawTab, SheetTable
from sync.contract import normalize_header
from sync.errors import SpreadsheetUnavailable

RESULT_SUFFIX = ".hasil.xlsx"
# Fixed document dates so that the same results give a byte-identical workbook.
_FIXED_DATE = dt.datetime(2026, 1, 1)
_WORKBOOK_OPTIONS = {
    # User text must never become a formula, a link or a number (PRODUCT.md).
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_MAX_WIDTH = 60


class LocalBackend:
    """Spreadsheets are `<folder>/<name>.xlsx`; results are `<folder>/<name>.hasil.xlsx`."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def input_path(self, spreadsheet: str) -> Path:
        return self.folder / f"{spreadsheet}.xlsx"

    def result_path(self, spreadsheet: str) -> Path:
        return self.folder / f"{spreadsheet}{RESULT_SUFFIX}"

    def exists(self, spreadsheet: str) -> bool:
        return self.input_path(spreadsheet).is_file()

    def read(self, spreadsheet: str, tabs: Sequence[str]) -> dict[str, RawTab]:
        path = self.input_path(spreadsheet)
        if not path.is_file():
            raise SpreadsheetUnavailable(
                f"Berkas {path} tidak ditemukan. Periksa nama 'spreadsheet' di konfigurasi, "
                "atau buat templatnya dengan `python main.py init`."
            )
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            # Tab names are matched like headers: case- and space-insensitively.
            by_key = {normalize_header(name): name for name in workbook.sheet_names}
            out = {}
            for tab in tabs:
                actual = by_key.get(normalize_header(tab))
                if actual is None:
                    continue
                # skip_empty_area=False keeps the sheet's own row numbers (header = row 1).
                rows = workbook.get_sheet_by_name(actual).to_python(skip_empty_area=False)
                out[tab] = RawTab.from_rows(tab, rows)
            return out
        except (CalamineError, OSError, ValueError) as exc:
            raise SpreadsheetUnavailable(
                f"Berkas {path} tidak dapat dibaca ({exc}). Pastikan berkas itu .xlsx yang sah "
                "dan tidak sedang dikunci program lain."
            ) from exc

    def write(self, spreadsheet: str, tables: Sequence[SheetTable]) -> bool:
        target = self.result_path(spreadsheet)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{spreadsheet}.", suffix=".tmp.xlsx", dir=self.folder)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write_workbook(tmp, tables)
            if target.is_file() and target.read_bytes() == tmp.read_bytes():
                tmp.unlink()
                return False
            os.replace(tmp, target)  # atomic on the same file system
            return True
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SpreadsheetUnavailable(
                f"Hasil tidak dapat ditulis ke {target} ({exc}). Tutup berkas itu bila sedang "
                "dibuka di Excel, lalu jalankan sinkronisasi lagi."
            ) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def init_template(self, spreadsheet: str, tabs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[str]:
        """Create `<name>.xlsx` with the input tabs and headers; an existing workbook is never touched."""
        path = self.input_path(spreadsheet)
        if path.exists():
            return []
        self.folder.mkdir(parents=True, exist_ok=True)
        workbook = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
        workbook.set_properties({"created": _FIXED_DATE})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        for name, headers, text_headers in tabs:
            sheet = workbook.add_worksheet(name)
            for col, header in enumerate(headers):
                width = max(12, min(_MAX_WIDTH, len(header) + 2))
                # NIP columns are text so an 18-digit NIP keeps every digit.
                sheet.set_column(col, col, width, text if header in text_headers else None)
                sheet.write_string(0, col, header, bold)
            sheet.freeze_panes(1, 0)
        workbook.close()
        return [f"{path.name}: {name}" for name, _h, _t in tabs]


def write_workbook(path: Path, tables: Sequence[SheetTable]) -> None:
    """Write owned tabs as a new workbook: bold frozen header, autofilter, widths, number formats."""
    workbook = xlsxwriter.Workbook(str(path), {**_WORKBOOK_OPTIONS, "constant_memory": True})
    workbook.set_properties({"created": _FIXED_DATE})
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    formats: dict[str, object] = {}
    for table in tables:
        sheet = workbook.add_worksheet(table.name[:31])
        numeric = table.number_format or {}
        for col, header in enumerate(table.headers):
            fmt = None
            if header in numeric:
                fmt = formats.setdefault(numeric[header], workbook.add_format({"num_format": numeric[header]}))
            sheet.set_column(col, col, _width(table, col), fmt)
        sheet.write_row(0, 0, table.headers, header_fmt)
        sheet.freeze_panes(1, 0)
        if table.rows:
            sheet.autofilter(0, 0, len(table.rows), len(table.headers) - 1)
        write_string, write_number = sheet.write_string, sheet.write_number
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    write_string(r, c, value)
                else:
                    write_number(r, c, value)
    workbook.close()


def _width(table: SheetTable, col: int) -> int:
    """Column width from the header and the first rows' text (long feedback text is capped)."""
    sample = [len(str(row[col])) for row in table.rows[:200] if col < len(row) and row[col] is not None]
    return max(8, min(_MAX_WIDTH, max([len(table.headers[col]) + 2, *(n + 1 for n in sample)])))
