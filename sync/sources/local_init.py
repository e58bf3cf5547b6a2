"""`init` on the local backend: an empty input workbook to type into, like the Google one.

Headers in row 1 (frozen), NIP columns as text and wide enough for 18 digits (a number cell
would turn 198503152010121001 into 1,98503E+17), and the contract's dropdowns (Ya/Tidak,
Aktif/Nonaktif, Naik/Turun, ratings 1–5; sync.prepare.DROPDOWNS) on every data row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

import xlsxwriter

from config.contract import AGENCY_INPUT_TABS, AGENCY_OPTIONAL_TABS, CITY_INPUT_TABS, match_headers, normalize_header
from sync.prepare import DROPDOWNS
from sync.sources.fast_sheet import TEXT_STAYS_TEXT

InputSpec = tuple[str, Sequence[str], Sequence[str]]  # (tab, headers, text headers)

_FIXED_DATE = dt.datetime(2026, 1, 1)  # the same template, byte for byte, each time
_MAX_WIDTH = 60
NIP_WIDTH = 22  # 18 digits and a margin, at the default font
DROPDOWN_ROWS = 5000  # data rows that get the dropdowns (an agency's tab holds a year of rows)
_CONTRACT_TABS = {normalize_header(t.name): t for t in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS, *CITY_INPUT_TABS)}


def write_template(path: Path, tabs: Sequence[InputSpec]) -> None:
    """Write a new input workbook at `path` with `tabs` (overwrites `path`: callers decide)."""
    workbook = xlsxwriter.Workbook(str(path), TEXT_STAYS_TEXT)
    workbook.set_properties({"created": _FIXED_DATE})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for name, headers, text_headers in tabs:
        sheet = workbook.add_worksheet(name)
        texts = {normalize_header(h) for h in text_headers}
        for col, header in enumerate(headers):
            width = max(12, min(_MAX_WIDTH, len(header) + 2))
            if normalize_header(header) in texts:
                sheet.set_column(col, col, max(width, NIP_WIDTH), text)
            else:
                sheet.set_column(col, col, width)
            sheet.write_string(0, col, header, bold)
        contract = _CONTRACT_TABS.get(normalize_header(name))
        if contract is not None:
            index = match_headers(list(headers), contract).index
            for (tab_key, key), options in DROPDOWNS.items():
                if tab_key == contract.key and key in index:
                    column = index[key]
                    sheet.data_validation(
                        1,
                        column,
                        DROPDOWN_ROWS,
                        column,
                        {
                            "validate": "list",
                            "source": list(options),
                            "error_title": "Isian tidak dikenal",
                            "error_message": f"Pilih salah satu: {', '.join(options)}.",
                            "error_type": "warning",  # a paste from another file is warned about, not lost
                        },
                    )
        sheet.freeze_panes(1, 0)
    workbook.close()
