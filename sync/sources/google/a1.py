"""A1 notation for the Sheets API: column letters, quoted tab names, rectangular ranges.

The API parses a range's tab name only when it is quoted the way Sheets itself quotes it: in
single quotes, with a quote inside the name doubled ('Hasil Kinerja', 'Rina''s tab').
"""

from __future__ import annotations


def column_letters(number: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA', 703 -> 'AAA' (bijective base 26)."""
    if number < 1:
        raise ValueError(f"column numbers start at 1, got {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def quote_tab(name: str) -> str:
    """A tab name as an A1 range prefix: "Rina's" -> "'Rina''s'"."""
    return "'" + name.replace("'", "''") + "'"


def whole_tab(name: str) -> str:
    """The range of every cell of a tab (the API trims trailing empty rows and columns)."""
    return quote_tab(name)


def block(name: str, rows: int, columns: int) -> str:
    """The rectangle from A1 spanning `rows` x `columns`: block('Hasil', 3, 2) -> "'Hasil'!A1:B3"."""
    if rows < 1 or columns < 1:
        raise ValueError(f"a block needs at least one row and one column, got {rows} x {columns}")
    return f"{quote_tab(name)}!A1:{column_letters(columns)}{rows}"
