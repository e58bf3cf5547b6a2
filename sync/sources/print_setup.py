"""How our workbooks print: paper, orientation, fit to one page wide, repeated header rows,
a footer with the sheet, the period and the page number; and row heights that fit wrapped text.

Shared by the HR report (web/report.py) and the agencies' result workbooks (sync/sources/local.py).
Row heights are estimated here because LibreOffice does not fit the height of a row with
wrapped text when it opens an .xlsx (Excel does, but only for rows without a height): without
one, a two-line header overlaps the first data row and a long Catatan shows its first line only.
The estimate is deliberately generous (a spare line costs a little paper; a missing one hides
text), from the column width in characters of '0' in Calibri 11, xlsxwriter's unit.
"""

from __future__ import annotations

import numpy as np

# xlsxwriter's paper codes: 9 = A4 (210 x 297 mm). F4 (210 x 330 mm, the folio of Indonesian
# offices) has no code in Excel; 14 = Folio (8.5 x 13 in = 216 x 330 mm) is the nearest: the same
# length, 6 mm wider, so a page laid out for it prints whole on F4 with the printer's scaling.
PAPER_CODES = {"A4": 9, "F4": 14}
DEFAULT_PAPER = "A4"

LINE_POINTS = 15.0  # one line of Calibri 11 with Excel's default spacing
PAD_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # Excel's limit for one row
# Characters of body text per unit of column width: proportional text is narrower than '0' (a
# 36-wide column holds about 46 characters of Indonesian text in Calibri or its metric twin
# Carlito), bold headers a little wider; rounded down so the estimate errs towards a spare line.
BODY_CHARS_PER_WIDTH = 1.15
BOLD_CHARS_PER_WIDTH = 1.0


def escape_footer(text: str) -> str:
    """Header/footer text: '&' starts a control code there, so a literal one is '&&'."""
    return text.replace("&", "&&")


def page_setup(
    ws,
    *,
    paper: str = DEFAULT_PAPER,
    landscape: bool = False,
    repeat_rows: tuple[int, int] | None = None,
    footer: str = "",
) -> None:
    """Paper, orientation, one page wide (as many tall as needed), header rows on every page,
    and a footer 'sheet · footer · Halaman P dari N' (`footer` may hold codes such as &F, the
    file name: pass text through escape_footer)."""
    ws.set_paper(PAPER_CODES.get(paper, PAPER_CODES[DEFAULT_PAPER]))
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    ws.set_footer(f"&L&8&A&C&8{footer}&R&8Halaman &P dari &N", {"margin": 0.25})


def landscape_for(widths) -> bool:
    """Wider than a portrait A4 page holds at full size (about 90 characters)."""
    return sum(widths) > 95


def wrapped_lines(text: str, width: float, chars_per_width: float = BOLD_CHARS_PER_WIDTH) -> int:
    """Lines a greedy word wrap needs for `text` in a column `width` wide (a word longer than a
    line is broken, as Excel and LibreOffice break it)."""
    per_line = max(1, int(width * chars_per_width) - 1)
    lines, used = 0, per_line  # `used` = per_line forces a new line for the first word
    for paragraph in str(text).split("\n"):
        used = per_line
        for word in paragraph.split():
            n = len(word)
            if used + (1 if used else 0) + n <= per_line:
                used += (1 if used else 0) + n
                continue
            lines += 1
            while n > per_line:  # a word longer than the line runs on over the next ones
                lines += 1
                n -= per_line
            used = n
        if not paragraph.split():
            lines += 1
    return max(1, lines)


def header_height(headers, widths) -> float:
    """Points for a bold wrapped header row: the tallest header's lines."""
    lines = max((wrapped_lines(h, w) for h, w in zip(headers, widths)), default=1)
    return rows_points(lines)


def rows_points(lines) -> float:
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + PAD_POINTS)


def text_lines(lengths: np.ndarray, width: float) -> np.ndarray:
    """Estimated lines of body text of these lengths in a column `width` wide, vectorised (36,000
    rows): a greedy wrap leaves on average about half a word free at each line end, so a line
    holds about 4 characters fewer than it could."""
    per_line = max(4.0, width * BODY_CHARS_PER_WIDTH - 4)
    return np.maximum(1, np.ceil(np.asarray(lengths, dtype=float) / per_line))


def data_row_heights(columns_text: list[tuple[list, float]], rows: int) -> list[float | None]:
    """Per data row: the height fitting its longest wrapped text, or None where one line fits
    (the row keeps its default height, written as nothing)."""
    lines = np.ones(rows)
    for values, width in columns_text:
        lengths = np.fromiter((len(v) if v.__class__ is str else 0 for v in values), dtype=float, count=rows)
        lines = np.maximum(lines, text_lines(lengths, width))
    return [None if n <= 1 else rows_points(int(n)) for n in lines.tolist()]


def wraps(values, width: float) -> bool:
    """True when some value of several words is longer than one line of the column (the column
    needs wrapping; a single word such as an agency code is never broken)."""
    per_line = max(1, width * BODY_CHARS_PER_WIDTH - 1)
    return any(v.__class__ is str and len(v) > per_line and " " in v.strip() for v in values)
