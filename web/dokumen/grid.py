"""Ruled tables for the document, wrapped in one pass.

fpdf2's `table()` lays every cell out twice (a dry run for the row height, then the drawing) with
a line breaker that re-measures the whole line at each character; a year's document (40 indicator
rows) spent three quarters of its time there (bench/document_bench.py). Here each word is measured
once (`get_string_width`, cached per font and size), lines are filled greedily, and each line is
one `cell()`. A row that does not fit starts a new page, where the table's heading row is drawn
again; a row taller than a page is not split (none is: cells hold a plan, a name, a sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    style: str = ""  # "" or "B" (the document registers no italic face)
    fill: tuple[int, int, int] | None = None
    align: str = "L"  # L, C, R


class Widths:
    """Word widths per (font, style, size): a document prints the same words many times."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self._cache: dict[tuple, float] = {}

    def __call__(self, text: str) -> float:
        key = (self.pdf.font_family, self.pdf.font_style, self.pdf.font_size_pt, text)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.pdf.get_string_width(text)
        return found


def wrap(width_of, text: str, width: float) -> list[str]:
    """`text` as lines no wider than `width` (mm): paragraphs kept, words filled greedily, a word
    longer than a line cut where it must."""
    lines: list[str] = []
    space = width_of(" ")
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = width_of(word)
            while size > width:  # a word wider than the cell: cut it
                cut = len(word)
                while cut > 1 and width_of(word[:cut]) > width:
                    cut -= 1
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                lines.append(word[:cut])
                word = word[cut:]
                size = width_of(word)
            if line and used + space + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = (f"{line} {word}", used + space + size) if line else (word, size)
        lines.append(line)
    return lines or [""]


def _font(pdf, family: str, size: float, style: str) -> None:
    pdf.set_font(family, style=style, size=size)


def table(
    pdf,
    widths: tuple[float, ...],
    rows: list[list[Cell]],
    heading: list[Cell] | None = None,
    size: float = 9,
    line: float = 4.2,
    pad: tuple[float, float] = (0.9, 1.2),
    borders: bool = True,
) -> None:
    """Draw `rows` (each a list of Cells whose colspans add up to len(widths)) from the current
    y, the `heading` row first and again at the top of each new page."""
    family = pdf.font_family
    measure = Widths(pdf)
    pad_v, pad_h = pad

    def laid(row: list[Cell]) -> tuple[float, list[tuple[float, float, Cell, list[str]]]]:
        out, x, column = [], pdf.l_margin, 0
        for cell in row:
            span = sum(widths[column : column + cell.colspan])
            _font(pdf, family, size, cell.style)
            out.append((x, span, cell, wrap(measure, pdf.text(cell.text), span - 2 * pad_h)))
            x += span
            column += cell.colspan
        tallest = max(len(lines) for *_rest, lines in out)
        return tallest * line + 2 * pad_v, out

    def draw(row: list[Cell]) -> None:
        height, cells = laid(row)
        if pdf.will_page_break(height):
            pdf.add_page()
            if heading is not None and row is not heading:
                draw(heading)
        top = pdf.get_y()
        for x, span, cell, lines in cells:
            if cell.fill:
                pdf.set_fill_color(*cell.fill)
            style = ("DF" if borders else "F") if cell.fill else ("D" if borders else "")
            if style:
                pdf.rect(x, top, span, height, style=style)
            _font(pdf, family, size, cell.style)
            y = top + (height - len(lines) * line) / 2
            for text in lines:
                pdf.set_xy(x + pad_h, y)
                pdf.cell(span - 2 * pad_h, line, text, align=cell.align)
                y += line
        pdf.set_xy(pdf.l_margin, top + height)

    if heading is not None:
        draw(heading)
    for row in rows:
        draw(row)
    _font(pdf, family, size, "")
