"""A1 notation as the Sheets v4 API reads and writes it.

Parsing is written from the API's documented grammar, not shared with the backend's own A1 code,
so a bug in one cannot hide itself in the other.

Rules followed (Sheets v4 reference "A1 notation", and measurements quoted in the report):
- `'Tab name'!A1:K` — a quoted title, `''` escaping an apostrophe; `Tab!A1:K` unquoted titles may
  hold spaces (Google's own quickstart reads `Class Data!A2:E`).
- `Tab` alone is the whole tab; `A1:B2` without a title is a range on the first tab. A bang-less
  text is read as A1 first and as a tab title otherwise.
- `A:B` whole columns, `1:3` whole rows, `A2:K` open rows; a lone column (`B`) or a lone row (`2`)
  is not a range. Row 0 does not exist. Reversed corners (`B2:A1`) are normalised.
- Echoed ranges quote a title only when it needs it (`Pegawai!A1:G1000`,
  `'Hasil Kinerja'!A1:K20`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"(?:(?P<col>[A-Za-z]{1,3})(?P<row>[0-9]+)?|(?P<rowonly>[0-9]+))\Z")
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LOOKS_LIKE_CELL = re.compile(r"(?:[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)\Z")


class A1Error(ValueError):
    """The text is not A1 notation (the API answers "Unable to parse range: <text>")."""


@dataclass(frozen=True)
class A1Range:
    """A parsed range. Indexes are 0-based; ends are exclusive; None means open (to the grid)."""

    sheet: str | None  # None: the first tab
    row0: int = 0
    col0: int = 0
    row1: int | None = None
    col1: int | None = None
    whole_sheet: bool = False
    single_cell: bool = False

    def bounded(self, row_count: int, col_count: int) -> tuple[int, int, int, int]:
        """The range with open ends closed at the grid's edge (not clipped otherwise)."""
        row1 = row_count if self.row1 is None else self.row1
        col1 = col_count if self.col1 is None else self.col1
        return self.row0, self.col0, row1, col1


def col_letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n - 1


def quote_title(title: str) -> str:
    """A tab title as Google echoes it: bare when it is a plain identifier, quoted otherwise."""
    if _PLAIN_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _split_title(text: str) -> tuple[str | None, str | None]:
    """(title or None, cell part or None). Raises A1Error on a malformed quoted title."""
    if text.startswith("'"):
        i, chars = 1, []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    chars.append("'")
                    i += 2
                    continue
                break
            chars.append(ch)
            i += 1
        else:
            raise A1Error(text)  # no closing quote
        title, rest = "".join(chars), text[i + 1 :]
        if not title:
            raise A1Error(text)
        if rest == "":
            return title, None
        if not rest.startswith("!") or len(rest) == 1:
            raise A1Error(text)
        return title, rest[1:]
    if "!" in text:
        title, _, cells = text.rpartition("!")
        if not title or not cells:
            raise A1Error(text)
        return title, cells
    return None, text


def _parse_end(token: str) -> tuple[int | None, int | None]:
    """(row, col) 0-based of one end; a missing part is None."""
    m = _END.match(token)
    if not m:
        raise A1Error(token)
    if m.group("rowonly") is not None:
        row = int(m.group("rowonly"))
        if row == 0:
            raise A1Error(token)
        return row - 1, None
    col = col_index(m.group("col"))
    row_text = m.group("row")
    if row_text is None:
        return None, col
    if int(row_text) == 0:
        raise A1Error(token)
    return int(row_text) - 1, col


def _parse_cells(cells: str) -> tuple[int, int, int | None, int | None, bool]:
    """(row0, col0, row1, col1, single_cell) of the part after the bang."""
    if ":" not in cells:
        row, col = _parse_end(cells)
        if row is None or col is None:
            raise A1Error(cells)  # a lone column or row is no range
        return row, col, row + 1, col + 1, True
    first, _, second = cells.partition(":")
    if ":" in second:
        raise A1Error(cells)
    r_a, c_a = _parse_end(first)
    r_b, c_b = _parse_end(second)
    kinds = {"column" if r is None else "row" if c is None else "cell" for r, c in ((r_a, c_a), (r_b, c_b))}
    if kinds == {"column", "row"}:
        raise A1Error(cells)  # `A:5` / `1:B` mix a whole column with a whole row
    # rows
    if r_a is None and r_b is None:
        row0, row1 = 0, None
    elif r_a is None or r_b is None:
        known = r_a if r_a is not None else r_b
        row0, row1 = (known, None) if r_a is not None else (0, known + 1)
    else:
        row0, row1 = min(r_a, r_b), max(r_a, r_b) + 1
    # columns
    if c_a is None and c_b is None:
        col0, col1 = 0, None
    elif c_a is None or c_b is None:
        known = c_a if c_a is not None else c_b
        col0, col1 = (known, None) if c_a is not None else (0, known + 1)
    else:
        col0, col1 = min(c_a, c_b), max(c_a, c_b) + 1
    return row0, col0, row1, col1, False


def parse(text: str) -> A1Range:
    """Parse A1 notation; raises A1Error for anything the API would refuse to parse."""
    if not isinstance(text, str) or text.strip() == "":
        raise A1Error(str(text))
    title, cells = _split_title(text)
    if title is None:
        try:
            row0, col0, row1, col1, single = _parse_cells(cells)
        except A1Error:
            # not A1: the whole text names a tab (e.g. `Pegawai`, `Laporan Kinerja`)
            return A1Range(sheet=text, whole_sheet=True)
        return A1Range(None, row0, col0, row1, col1, single_cell=single)
    if cells is None:
        return A1Range(sheet=title, whole_sheet=True)
    row0, col0, row1, col1, single = _parse_cells(cells)
    return A1Range(title, row0, col0, row1, col1, single_cell=single)


def format_cells(row0: int, col0: int, row1: int | None, col1: int | None) -> str:
    """The A1 text of a block (ends exclusive; None = open). One cell gives `B2`."""
    if row1 is not None and col1 is not None and row1 - row0 == 1 and col1 - col0 == 1:
        return f"{col_letters(col0)}{row0 + 1}"
    start = f"{col_letters(col0)}{row0 + 1}"
    end_col = col_letters(col1 - 1) if col1 is not None else ""
    end_row = str(row1) if row1 is not None else ""
    return f"{start}:{end_col}{end_row}"


def format_range(title: str, row0: int, col0: int, row1: int | None, col1: int | None) -> str:
    """`'Tab name'!A1:K20` as Google echoes ranges."""
    return f"{quote_title(title)}!{format_cells(row0, col0, row1, col1)}"
