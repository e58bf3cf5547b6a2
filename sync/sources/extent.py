"""How much of a tab is read: up to its last non-blank row and column, and never past a cap.

Both backends use this, so a stray cell behaves the same in an .xlsx and in Google Sheets:
whitespace-only cells count as empty (a space typed far away does not widen the tab), and a tab
whose extent still exceeds `[sync] max_cells_per_tab` is not read at all; the worker then reports
it in Validasi, naming the cell to clear, and syncs the rest of the spreadsheet.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from sync.display import count
from sync.sources.google.a1 import column_letters


def trim(rows: Sequence[Sequence[object]]) -> tuple[list[list], list[int], list[int]]:
    """Rows cut after the last non-blank row and column; also, per non-blank row, its number
    (1-based) and its last non-blank column (for `far_cell`)."""
    numbers, ends = [], []
    for n, row in enumerate(rows, start=1):
        i = len(row)
        while i:  # blank: None or whitespace-only text (inlined: runs for every row of every tab read)
            cell = row[i - 1]
            if cell is not None and (cell.__class__ is not str or cell.strip()):
                break
            i -= 1
        if i:
            numbers.append(n)
            ends.append(i)
    height = numbers[-1] if numbers else 0
    width = max(ends, default=0)
    out = [row if len(row) <= width else row[:width] for row in rows[:height]]
    return out, numbers, ends


def cut(rows: Sequence[Sequence[object]], tab: str, cap: int) -> tuple[list[list], tuple[str, str] | None]:
    """The rows `trim`med, or no rows and the refusal (Masalah, Saran) when they exceed `cap` cells."""
    rows, numbers, ends = trim(rows)
    width = max(ends, default=0)
    if len(rows) * width > cap:
        return [], refusal(tab, len(rows), width, cap, far_cell(numbers, ends))
    return rows, None


def far_cell(numbers: Sequence[int], ends: Sequence[int]) -> str:
    """The cell whose clearing shrinks the tab the most: the first cell in its last column, or
    the last cell of its last row (a stray cell far right, or far down)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if not len(numbers):
        return "A1"
    widest = int(np.argmax(ends == ends.max()))
    candidates = (widest, len(numbers) - 1)

    def left_without(position: int) -> int:
        rest = np.ones(len(numbers), dtype=bool)
        rest[position] = False
        return int(numbers[rest].max(initial=0)) * int(ends[rest].max(initial=0))

    at = min(candidates, key=left_without)
    return f"{column_letters(int(ends[at]))}{int(numbers[at])}"


def refusal(tab: str, rows: int, columns: int, cap: int, cell: str) -> tuple[str, str]:
    """(Masalah, Saran) for a tab past the cap."""
    return (
        f"Tab '{tab}' terbaca {count(rows)} baris × {count(columns)} kolom "
        f"({count(rows * columns)} sel), melebihi batas {count(cap)} sel per tab, sehingga "
        f"tab ini tidak dibaca: sel {cell} berisi data di luar tabel.",
        f"Kosongkan sel {cell} (pilih sel itu lalu tekan Delete) dan sel lain di luar tabel, lalu "
        f"sinkronkan lagi. Batas ini diatur di konfigurasi: sync.max_cells_per_tab.",
    )
