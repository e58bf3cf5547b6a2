"""Read input tabs of an .xlsx workbook as RawTabs, within the extent of their non-blank cells.

Each tab's worksheet XML is looked at first (sync/sources/xlsx_scan.py), before calamine builds its grid:
- `bound_sheet` (C-speed passes): when the rectangle from A1 to the farthest cell is within the
  cap and dense, calamine reads the tab as it is, and blank rows and columns (whitespace-only
  included) are cut afterwards;
- otherwise `scan_sheet` finds the real extent of the non-blank cells, and far columns (a note
  in XFD1) are moved next to the table. A tab still past the cap is refused, unread, with the
  cell to clear (sync/sources/extent.py); any other is read from a temporary copy holding only the cells
  inside its extent, so a space typed in XFD1048576 costs nothing.
Formula errors (`#DIV/0!`, `#N/A`, ...), which python-calamine reads as '', are put back as the
error's text: the Google backend reads them so too, and validation reports them as such.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from python_calamine import CalamineWorkbook

from config.contract import normalize_header
from sync.sources.backend import RawTab
from sync.sources.extent import cut, refusal
from sync.sources.xlsx_scan import (
    SheetScan,
    blank_shared_strings,
    bound_sheet,
    column_plan,
    open_package,
    scan_sheet,
    sheet_parts,
    trimmed_copy,
    used_columns,
)

# A grid larger than twice the extent and by more than this many cells (32 MB in calamine) is
# worth the temporary copy; a few blank cells past the table are simply cut after reading.
TRIM_SLACK_CELLS = 1_000_000
# An extent this many times larger than the cells present (a note typed in XFD1 above a
# 12-column table) is read with its far columns moved next to the table (`column_plan`).
SPARSE_FACTOR = 4
# ... and a tab read as calamine lays it out must be dense within this many cells (past it, its
# far cells are found and moved, so even a 40-row tab with a note in XFD1 is read 4 columns wide).
SPARSE_SLACK_CELLS = 65_536
# Blank columns inside a table are kept (letters stay true) up to a run this long.
TABLE_GAP_COLUMNS = 64


@dataclass(frozen=True)
class Plan:
    """What is read of one tab: rows, columns (after moving far columns), and the moves."""

    rows: int
    columns: int
    keep: int  # columns read where they are
    moves: dict[int, int]  # far column -> its column in what is read

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def column(self, column: int) -> int | None:
        """Where a column of the sheet is in what is read (None: not read)."""
        return column if column <= self.keep else self.moves.get(column)


def plan_tab(package: zipfile.ZipFile, member: str, scan: SheetScan, blank: frozenset[int]) -> Plan:
    if scan.cells <= SPARSE_FACTOR * scan.cell_count + SPARSE_SLACK_CELLS:
        return Plan(scan.rows, scan.columns, scan.columns, {})
    keep, moves = column_plan(used_columns(package, member, blank), TABLE_GAP_COLUMNS)
    return Plan(scan.rows, keep + len(moves), keep, moves)


def read_tabs(path: Path, tabs: Sequence[str], max_cells: int) -> dict[str, RawTab]:
    """The requested tabs that exist (names matched like headers); NotAWorkbook if not an .xlsx."""
    with open_package(path) as package:
        parts = sheet_parts(package)
        # Tab names are matched like headers: case- and space-insensitively.
        by_key = {normalize_header(name): name for name in parts}
        wanted = {tab: by_key[normalize_header(tab)] for tab in tabs if normalize_header(tab) in by_key}
        out: dict[str, RawTab] = {}
        direct: dict[str, tuple[dict, Plan | None]] = {}  # tab -> (formula errors, plan)
        trimmed: dict[str, tuple[dict, Plan]] = {}
        blank: frozenset[int] | None = None
        for tab, actual in wanted.items():
            bound = bound_sheet(package, parts[actual])
            if bound.unscanned or (
                bound.exact
                and bound.cells <= max_cells
                and bound.cells <= SPARSE_FACTOR * bound.cell_count + SPARSE_SLACK_CELLS
            ):
                direct[tab] = (bound.errors, None)  # small and dense: read as is, cut afterwards
                continue
            if blank is None:
                blank = blank_shared_strings(package)
            scan = scan_sheet(package, parts[actual], blank)
            plan = plan_tab(package, parts[actual], scan, blank)
            if plan.cells > max_cells:
                out[tab] = RawTab.refused(tab, *refusal(actual, plan.rows, plan.columns, max_cells, scan.far_cell()))
            elif plan.moves or scan.grid_cells > 2 * plan.cells + TRIM_SLACK_CELLS:
                trimmed[tab] = (bound.errors, plan)
            else:
                direct[tab] = (bound.errors, plan)
        if direct:
            with CalamineWorkbook.from_path(str(path)) as workbook:
                for tab, (errors, plan) in direct.items():
                    out[tab] = _raw(tab, workbook, wanted[tab], errors, plan, max_cells)
        if trimmed:
            with tempfile.TemporaryDirectory(prefix="kinerja-baca-") as folder:
                copy = Path(folder) / "dipangkas.xlsx"
                extents = {parts[wanted[t]]: (plan.rows, plan.keep, plan.moves) for t, (_e, plan) in trimmed.items()}
                trimmed_copy(package, extents, copy)
                with CalamineWorkbook.from_path(str(copy)) as workbook:
                    for tab, (errors, plan) in trimmed.items():
                        out[tab] = _raw(tab, workbook, wanted[tab], errors, plan, max_cells)
    return {tab: out[tab] for tab in wanted}


def _raw(
    tab: str,
    workbook: CalamineWorkbook,
    actual: str,
    errors: dict[tuple[int, int], str],
    plan: Plan | None,
    max_cells: int,
) -> RawTab:
    """The tab as calamine reads it, formula errors put back, cut to its extent (the plan's, or
    found here when the sheet was read as it is)."""
    # skip_empty_area=False keeps the sheet's own row numbers (header = row 1).
    rows = workbook.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    if plan is not None:
        rows = [row[: plan.columns] for row in rows[: plan.rows]]
    for (r, c), error in errors.items():
        c = c if plan is None else plan.column(c)
        if c is not None and (plan is None or r <= plan.rows):
            rows.extend([] for _ in range(r - len(rows)))
            row = rows[r - 1]
            row.extend("" for _ in range(c - len(row)))
            row[c - 1] = error
    if plan is None:
        rows, refused = cut(rows, actual, max_cells)
        if refused:
            return RawTab.refused(tab, *refused)
    return RawTab.from_rows(tab, rows)
