"""A4 PDF documents (Laporan SKM, QR posters) with fpdf2 and a Unicode font when one is installed.

fpdf2's built-in Helvetica knows only Latin-1: "–", "≥" or a typed name with "ĕ" would fail. So a
TrueType font is embedded (subset) when the machine has one; Carlito (the metric twin of Calibri
that the office tests already install) first, then DejaVu Sans and Liberation Sans. Without any,
the document falls back to Helvetica and text is reduced to Latin-1 (a "?" for what it lacks)
rather than failing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF

FAMILY = "Body"
# fontTools logs a warning for Carlito's old 'created' date on every subset: noise on the console
# of `laporan-skm` and `qr`, about a field no reader uses.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
_FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
_CANDIDATES = (
    ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf", "crosextra/Carlito-Italic.ttf"),
    ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Oblique.ttf"),
    (
        "liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Bold.ttf",
        "liberation/LiberationSans-Italic.ttf",
    ),
)
_LATIN1 = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "−": "-",
        "≥": ">=",
        "≤": "<=",
        "×": "x",
        "…": "...",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "•": "-",
    }
)


def font_files() -> tuple[Path, Path, Path] | None:
    """(regular, bold, italic) of the first installed candidate font, or None."""
    for base in _FONT_DIRS:
        for names in _CANDIDATES:
            paths = tuple(base / name for name in names)
            if all(p.is_file() for p in paths):
                return paths  # type: ignore[return-value]
    return None


class Document(FPDF):
    """A4 portrait, millimetres, the body font registered as FAMILY (or Helvetica)."""

    def __init__(self, title: str = "", footer_text: str = "", numbered: bool = True, italic: bool = True):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.numbered = numbered
        files = font_files()
        self.unicode = files is not None
        if files:
            regular, bold, italic_file = files
            self.add_font(FAMILY, "", str(regular))
            self.add_font(FAMILY, "B", str(bold))
            if italic:  # each registered face costs a parse and a subset (~0,1 s): posters need none
                self.add_font(FAMILY, "I", str(italic_file))
            self.family_name = FAMILY
        else:
            self.family_name = "helvetica"
        self.set_font(self.family_name, size=11)
        self.set_title(self.text(title))
        self.set_creator("Kinerja Solok")
        self.set_lang("id")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)

    def text(self, value: object) -> str:
        """`value` as text this document's font can write."""
        shown = "" if value is None else str(value)
        if self.unicode:
            return shown
        return shown.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        # Each block starts on a new line at the left margin (fpdf2's default continues to the right).
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(w, h, text, *args, **kwargs)

    def font(self, size: float = 11, style: str = "") -> None:
        self.set_font(self.family_name, style=style, size=size)

    def footer(self) -> None:
        if not self.numbered:
            return
        self.set_y(-12)
        self.font(8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.text(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="R")
        self.set_text_color(0, 0, 0)
