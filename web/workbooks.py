"""Small .xlsx files of the account pages: one person's own data (/saya), the activation codes
of an agency (`akun undang`, /hr/kode-aktivasi) and the access log export. xlsxwriter, with the
project's rule that user text never becomes a formula, link or number."""

from __future__ import annotations

import io
from typing import Iterable

import xlsxwriter

from sync.sources.fast_sheet import TEXT_STAYS_TEXT

OPTIONS = {**TEXT_STAYS_TEXT, "in_memory": True}


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return ""
    return value


def workbook_bytes(sheets: Iterable[tuple]) -> bytes:
    """One sheet per (name, header, rows) or (name, header, rows, number_formats): a bold frozen
    header row, autofilter, text as text; number_formats gives each column's Excel number format
    ('0.00', '0'; None: General), so a score stays a number shown with 2 decimals."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, OPTIONS)
    bold = wb.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    made: dict[str, object] = {}
    for name, header, rows, *rest in sheets:
        numbers = list(rest[0]) if rest else []
        formats = [made.setdefault(f, wb.add_format({"num_format": f})) if f else None for f in numbers]
        ws = wb.add_worksheet(name[:31])
        ws.write_row(0, 0, list(header), bold)
        count = 0
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                value = _clean(value)
                if isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value, formats[c] if c < len(formats) else None)
                else:
                    ws.write_string(r, c, str(value))
            count = r
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(count, 1), max(len(header) - 1, 0))
        ws.set_column(0, max(len(header) - 1, 0), 18)
    wb.close()
    return out.getvalue()


def write_workbook(path, sheets) -> None:
    from pathlib import Path

    Path(path).write_bytes(workbook_bytes(sheets))
