"""The stored state of fake spreadsheets: tabs, grids, cells, formats, validations, protection."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from tests.fake_sheets import a1
from tests.fake_sheets.cells import Cell, Locale, effective, json_number, locale_of, zone

DEFAULT_ROWS = 1000  # what addSheet gives when no gridProperties are sent
DEFAULT_COLS = 26
CELL_LIMIT = 10_000_000  # cells per spreadsheet (Google Workspace updates, March 2022)


@dataclass
class FakeTab:
    """One tab (sheet). Row and column indexes are 0-based, as in the API's GridRange."""

    title: str
    sheet_id: int
    index: int
    row_count: int = DEFAULT_ROWS
    column_count: int = DEFAULT_COLS
    hidden: bool = False
    frozen_row_count: int = 0
    cells: dict[int, dict[int, Cell]] = field(default_factory=dict)
    # numberFormat set by repeatCell: (row0, row1, col0, col1, numberFormat), later wins
    format_ranges: list[tuple[int, int, int, int, dict]] = field(default_factory=list)
    validations: dict[tuple[int, int], dict] = field(default_factory=dict)
    protected: list[dict] = field(default_factory=list)

    # ---- interface promised in notes/google.md ----

    @property
    def text_columns(self) -> set[int]:
        """0-based indexes of the columns holding a TEXT number format (set by repeatCell)."""
        columns: set[int] = set()
        for _r0, _r1, c0, c1, fmt in self.format_ranges:
            if fmt.get("type") == "TEXT":
                columns.update(range(c0, min(c1, self.column_count)))
            else:
                columns.difference_update(range(c0, min(c1, self.column_count)))
        return columns

    # ---- cells ----

    def get(self, row: int, col: int) -> Cell | None:
        return self.cells.get(row, {}).get(col)

    def put(self, row: int, col: int, cell: Cell | None) -> None:
        if cell is None:
            line = self.cells.get(row)
            if line is not None:
                line.pop(col, None)
                if not line:
                    del self.cells[row]
            return
        self.cells.setdefault(row, {})[col] = cell

    def number_format(self, row: int, col: int) -> dict | None:
        cell = self.get(row, col)
        if cell is not None and cell.fmt is not None:
            return cell.fmt
        for r0, r1, c0, c1, fmt in reversed(self.format_ranges):
            if r0 <= row < r1 and c0 <= col < c1:
                return fmt
        return None

    def is_text_formatted(self, row: int, col: int) -> bool:
        fmt = self.number_format(row, col)
        return fmt is not None and fmt.get("type") == "TEXT"

    def used_extent(self) -> tuple[int, int]:
        """(rows, columns) up to the last non-empty cell."""
        if not self.cells:
            return 0, 0
        return max(self.cells) + 1, max(max(line) for line in self.cells.values()) + 1

    def block(self, row0: int, row1: int, col0: int, col1: int) -> dict[int, dict[int, Cell]]:
        """The non-empty cells inside a block, by row then column."""
        out: dict[int, dict[int, Cell]] = {}
        for r, line in self.cells.items():
            if row0 <= r < row1:
                picked = {c: cell for c, cell in line.items() if col0 <= c < col1}
                if picked:
                    out[r] = picked
        return out

    def truncate_to_grid(self) -> None:
        """Drop what a shrunken grid no longer holds."""
        for r in [r for r in self.cells if r >= self.row_count]:
            del self.cells[r]
        for r in list(self.cells):
            for c in [c for c in self.cells[r] if c >= self.column_count]:
                del self.cells[r][c]
            if not self.cells[r]:
                del self.cells[r]
        self.validations = {
            k: v for k, v in self.validations.items() if k[0] < self.row_count and k[1] < self.column_count
        }

    def shift(self, dimension: str, start: int, count: int) -> None:
        """Move rows/columns at or after `start` by `count` (negative deletes [start, start-count))."""

        def moved(i: int) -> int | None:
            if i < start:
                return i
            if count < 0 and i < start - count:
                return None
            return i + count

        if dimension == "ROWS":
            new_cells: dict[int, dict[int, Cell]] = {}
            for r, line in self.cells.items():
                nr = moved(r)
                if nr is not None:
                    new_cells[nr] = line
            self.cells = new_cells
            self.validations = {(moved(r), c): v for (r, c), v in self.validations.items() if moved(r) is not None}
        else:
            for r in list(self.cells):
                line = {moved(c): cell for c, cell in self.cells[r].items() if moved(c) is not None}
                if line:
                    self.cells[r] = line
                else:
                    del self.cells[r]
            self.validations = {(r, moved(c)): v for (r, c), v in self.validations.items() if moved(c) is not None}

    def effective_values(self) -> list[list]:
        """Stored effective values, trailing empty cells and rows trimmed (dates as serials)."""
        rows, _cols = self.used_extent()
        out = []
        for r in range(rows):
            line = self.cells.get(r, {})
            width = max(line) + 1 if line else 0
            out.append([json_number(effective(line[c])) if c in line else "" for c in range(width)])
        return out

    # ---- metadata ----

    def properties(self) -> dict:
        grid = {"rowCount": self.row_count, "columnCount": self.column_count}
        if self.frozen_row_count:
            grid["frozenRowCount"] = self.frozen_row_count
        props = {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }
        if self.hidden:
            props["hidden"] = True
        return props

    def a1(self, row0: int, col0: int, row1: int | None, col1: int | None) -> str:
        """A1 text of a block of this tab; a block open on both ends shows the grid's last column."""
        if row1 is None and col1 is None:
            col1 = max(self.column_count, col0 + 1)
        return a1.format_range(self.title, row0, col0, row1, col1)

    def trial_copy(self) -> FakeTab:
        """A copy whose containers are new; Cell objects are shared (they are never changed in
        place: every change puts a new Cell)."""
        return replace(
            self,
            cells={r: dict(line) for r, line in self.cells.items()},
            format_ranges=list(self.format_ranges),
            validations=dict(self.validations),
            protected=list(self.protected),
        )


@dataclass
class FakeSpreadsheet:
    key: str
    title: str
    time_zone: str
    locale_name: str
    shared: bool = True
    tabs: list[FakeTab] = field(default_factory=list)
    next_protected_id: int = 1_000_001
    rng: random.Random = field(default_factory=random.Random)

    @property
    def locale(self) -> Locale:
        return locale_of(self.locale_name)

    @property
    def tz(self):
        return zone(self.time_zone)

    def find(self, title: str) -> FakeTab | None:
        """Tab titles are matched case-insensitively, as Google does."""
        folded = title.casefold()
        return next((t for t in self.tabs if t.title.casefold() == folded), None)

    def by_id(self, sheet_id: int) -> FakeTab | None:
        return next((t for t in self.tabs if t.sheet_id == sheet_id), None)

    def new_sheet_id(self) -> int:
        """The first tab is 0; later ones get large pseudo-random ids, as Google gives."""
        if not self.tabs and self.by_id(0) is None:
            return 0
        while True:
            candidate = self.rng.randrange(1, 2_147_483_647)
            if self.by_id(candidate) is None:
                return candidate

    def trial_copy(self) -> FakeSpreadsheet:
        """A copy to try a batch on; the real state is only touched once the whole batch passed."""
        rng = random.Random()
        rng.setstate(self.rng.getstate())
        return replace(self, tabs=[t.trial_copy() for t in self.tabs], rng=rng)

    def reindex(self) -> None:
        for i, tab in enumerate(self.tabs):
            tab.index = i

    def cell_total(self) -> int:
        return sum(t.row_count * t.column_count for t in self.tabs)

    def metadata(self) -> dict:
        sheets = []
        for tab in self.tabs:
            entry: dict = {"properties": tab.properties()}
            if tab.protected:
                entry["protectedRanges"] = [dict(p) for p in tab.protected]
            sheets.append(entry)
        return {
            "spreadsheetId": self.key,
            "properties": {
                "title": self.title,
                "locale": self.locale_name,
                "autoRecalc": "ON_CHANGE",
                "timeZone": self.time_zone,
                "defaultFormat": {"verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL"},
            },
            "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit",
        }
