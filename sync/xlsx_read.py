"""Read input tabs of an .xlsx workbook as RawTabs, within the extent of their non-blank cells.

Each tab's worksheet XML is scanned first (sync/xlsx_scan.py), then:
- a tab whose non-blank extent exceeds the cap is refused, unread (sync/extent.py says why);
- a tab whose grid as calamine would lay it out is much larger than that extent (a space typed
  in XFD1048576) is read from a temporary copy holding only the cells inside the extent;
- any other tab is read by calamine directly, then cut to the extent.
Formula errors (`#DIV/0!`, `#N/A`, ...), which python-calamine reads as '', are put back as the
error's text: the Google backend reads them so too, and validation reports them as such.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

from python_calamine import CalamineWorkbook

from sync.backend import RawTab
from sync.contract import normalize_header
from sync.extent import refusal
from sync.xlsx_scan import SheetScan, blank_shared_strings, open_package, scan_sheet, sheet_parts, trimmed_copy

# A grid larger than twice the extent and by more than this many cells (32 MB in calamine) is
# worth the temporary copy; a few blank cells past the table are simply cut after reading.
TRIM_SLACK_CELLS = 1_000_000


def read_tabs(path: Path, tabs: Sequence[str], max_cells: int) -> dict[str, RawTab]:
    """The requested tabs that exist (names matched like headers); NotAWorkbook if not an .xlsx."""
    with open_package(path) as package:
        parts = sheet_parts(package)
        # Tab names are matched like headers: case- and space-insensitively.
        by_key = {normalize_header(name): name for name in parts}
        wanted = {tab: by_key[normalize_header(tab)] for tab in tabs if normalize_header(tab) in by_key}
        if not wanted:
            return {}
        blank = blank_shared_strings(package)
        scans = {tab: scan_sheet(package, parts[actual], blank) for tab, actual in wanted.items()}
        out: dict[str, RawTab] = {}
        direct, trimmed = [], []
        for tab, scan in scans.items():
            if scan.cells > max_cells:
                out[tab] = RawTab.refused(tab, *refusal(wanted[tab], scan.rows, scan.columns, max_cells,
                                                        scan.far_cell()))
            elif scan.grid_cells > 2 * scan.cells + TRIM_SLACK_CELLS:
                trimmed.append(tab)
            else:
                direct.append(tab)
        if direct:
            with CalamineWorkbook.from_path(str(path)) as workbook:
                for tab in direct:
                    out[tab] = _raw(tab, workbook, wanted[tab], scans[tab])
        if trimmed:
            with tempfile.TemporaryDirectory(prefix="kinerja-baca-") as folder:
                copy = Path(folder) / "dipangkas.xlsx"
                trimmed_copy(package, {parts[wanted[t]]: (scans[t].rows, scans[t].columns) for t in trimmed}, copy)
                with CalamineWorkbook.from_path(str(copy)) as workbook:
                    for tab in trimmed:
                        out[tab] = _raw(tab, workbook, wanted[tab], scans[tab])
    return {tab: out[tab] for tab in wanted}


def _raw(tab: str, workbook: CalamineWorkbook, actual: str, scan: SheetScan) -> RawTab:
    # skip_empty_area=False keeps the sheet's own row numbers (header = row 1).
    rows = workbook.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    rows = [row[:scan.columns] for row in rows[:scan.rows]]
    for (r, c), error in scan.errors.items():
        if r <= scan.rows and c <= scan.columns:
            rows.extend([] for _ in range(r - len(rows)))
            row = rows[r - 1]
            row.extend("" for _ in range(c - len(row)))
            row[c - 1] = error
    return RawTab.from_rows(tab, rows)
