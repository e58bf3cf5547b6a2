"""The storage contract shared by the local (.xlsx folder) and Google backends.

A backend reads a spreadsheet's input tabs as raw cells and writes its owned tabs. It knows
nothing of validation or scoring; the worker is handed a backend and never builds one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol, Sequence

import pandas as pd


@dataclass(frozen=True)
class RawTab:
    """A tab as typed by users: the header row and the data rows, cells untouched.

    `body` has positional columns 0..n-1 and is indexed by the sheet's own row number
    (header = row 1, so the first data row is 2). Cells are None/'' when blank, else str, int,
    float, bool, datetime/date (local) or what the API returned (google). Numbers are never
    turned into text here: a NIP that arrives as a float must stay a float so the validator can
    say it lost digits.
    """

    name: str
    header: list
    body: pd.DataFrame
    # (Masalah, Saran) when the backend refused to read the tab (it exceeds `[sync]
    # max_cells_per_tab`, see sync/sources/extent.py): header and body are then empty.
    refusal: tuple[str, str] | None = None

    @classmethod
    def refused(cls, name: str, problem: str, fix: str) -> "RawTab":
        return cls(name, [], pd.DataFrame(index=pd.RangeIndex(2, 2)), (problem, fix))

    @classmethod
    def from_rows(cls, name: str, rows: Sequence[Sequence[object]]) -> "RawTab":
        """Build from a list of rows as read (first row = header; ragged rows allowed)."""
        if not rows:
            return cls(name, [], pd.DataFrame(index=pd.RangeIndex(2, 2)))
        width = max(len(r) for r in rows)
        header = list(rows[0]) + [None] * (width - len(rows[0]))
        # Ragged rows (trailing blank cells are often omitted) are padded with None.
        body = pd.DataFrame(list(rows[1:]), dtype=object)
        body = body.reindex(columns=range(width), fill_value=None) if body.shape[1] != width else body
        body.index = pd.RangeIndex(2, 2 + len(body))
        return cls(name, header, body)


@dataclass(frozen=True)
class SheetTable:
    """An owned tab to write: Indonesian headers and rows of plain values.

    Values are str, int, float (finite) or None. Text is always written as text (never a
    formula or a link). `number_format` maps a header to a display format for its numbers.
    """

    name: str
    headers: tuple[str, ...]
    rows: list[list[object]]
    number_format: dict[str, str] | None = None


# Both backends write a tab only when this changed (the local one keeps it in the workbook's
# properties, the Google one in its state), so it is part of the contract, not of one backend.
def content_digest(tables: Sequence[SheetTable]) -> str:
    """A fingerprint of what would be written; equal content, equal digest."""
    h = hashlib.sha256()
    for t in tables:
        h.update(repr((t.name, t.headers, t.number_format, t.rows)).encode())
    return h.hexdigest()


class Backend(Protocol):
    """What the worker needs from a place where spreadsheets live."""

    def read(self, spreadsheet: str, tabs: Sequence[str]) -> dict[str, RawTab]:
        """Read the named tabs of one spreadsheet; tabs that do not exist are absent from the result.

        Raises SpreadsheetUnavailable when the spreadsheet itself cannot be read.
        """

    def write(self, spreadsheet: str, tables: Sequence[SheetTable]) -> bool:
        """Replace the content of the owned tabs of one spreadsheet; False when nothing changed."""

    def flush(self) -> dict[str, Exception]:
        """Wait for writes still under way; returns spreadsheet -> error for those that failed."""

    def close(self) -> None:
        """Release what the backend holds (worker processes, HTTP sessions)."""

    def exists(self, spreadsheet: str) -> bool:
        """Whether the spreadsheet can be found (used by `check`)."""

    def init_template(self, spreadsheet: str, tabs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[str]:
        """Create what is missing: tabs given as (name, headers, text_headers). Returns what was created."""
