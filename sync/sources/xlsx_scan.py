"""Look inside an .xlsx worksheet's XML before calamine lays it out as a grid.

calamine turns a worksheet into one dense rectangle from A1 to its farthest cell holding a value:
a single space typed in XFD1048576 asks for 17 billion cells (549 GB; the process aborts), the word
`catatan` in XFD1 of a 4,000-row tab for 65 million. So each worksheet is scanned first, row by
row and without building any cell, for:

- the extent of its *non-blank* cells (blank: no value, or text of only whitespace);
- the rectangle calamine would build (every cell with a value counts, whitespace included);
- its formula-error cells (`t="e"`): python-calamine reads them as '' and they would look blank.

`bound_sheet` is the cheap first look (a few C passes per chunk: the farthest cell, the cell
count); only a sparse or oversized sheet gets `scan_sheet`, whose rows are checked from their
last cell leftwards, so a well-formed row costs one cell's parse.
When the grid calamine would build is much larger than the extent, `trimmed_copy` writes a
temporary workbook whose worksheets hold only the cells inside the extent, and that is read.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import zipfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from sync.sources.extent import far_cell
from sync.sources.google.a1 import column_letters

_CHUNK = 1 << 22  # bytes of XML decompressed at a time: memory stays flat whatever the sheet's size
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_R = re.compile(rb"""\br\s*=\s*["']([A-Z]*)(\d*)["']""")
_ATTR_T = re.compile(rb"""\bt\s*=\s*["']([a-zA-Z]+)["']""")
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_IS = re.compile(rb"<is>(.*?)</is>", re.S)
# A shared string holding nothing but whitespace (its runs and phonetic hints are tags).
# Candidates only (ASCII whitespace, entities, non-ASCII bytes such as a no-break space): each is
# confirmed by Python's own idea of whitespace, as validation uses (`str.strip`).
_BLANK_SI = re.compile(rb"<si\s*/>|<si>(?:[\s\x80-\xff]|&#[0-9a-fA-Fx]+;|<(?!/si>)[^>]*>)*</si>")
_TAG = re.compile(rb"<[^>]*>")
_PREFIXED_ROW = re.compile(rb"<\w+:row\b")
_SI = b"<si"

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class NotAWorkbook(Exception):
    """The file is not an .xlsx package (a CSV or HTML file renamed, an empty or truncated file)."""


@dataclass
class SheetScan:
    """What a worksheet holds, from its XML (rows and columns are 1-based; 0 = none)."""

    cell_count: int = 0  # cells present in the XML (blank or not)
    rows: int = 0  # last row with a non-blank cell
    columns: int = 0  # last column with a non-blank cell
    grid_rows: int = 0  # the rectangle calamine would build: last row and column with any value
    grid_columns: int = 0
    # Per non-blank row: its number and its last non-blank column (to name a far cell).
    row_numbers: array = field(default_factory=lambda: array("i"))
    row_ends: array = field(default_factory=lambda: array("i"))

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def grid_cells(self) -> int:
        return self.grid_rows * self.grid_columns

    def far_cell(self) -> str:
        """The cell to clear when the extent is too large (see `sync.sources.extent.far_cell`)."""
        return far_cell(self.row_numbers, self.row_ends)


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def open_package(path: Path) -> zipfile.ZipFile:
    """The .xlsx as a zip; NotAWorkbook when it is not one."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise NotAWorkbook(str(path)) from exc
    return package


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Tab name -> the zip member holding its worksheet XML."""
    try:
        workbook = _office_document(package)
        rels_path = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
        targets = {}
        for rel in ElementTree.fromstring(package.read(rels_path)).iter(f"{_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(posixpath.dirname(workbook), target))
            )
        parts = {}
        for sheet in ElementTree.fromstring(package.read(workbook)).iter(f"{_MAIN}sheet"):
            part = targets.get(sheet.get(f"{_REL}id"))
            if part is not None and sheet.get("name") is not None:
                parts[sheet.get("name")] = part
        return parts
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError) as exc:
        raise NotAWorkbook(str(package.filename)) from exc


def _office_document(package: zipfile.ZipFile) -> str:
    try:
        root = ElementTree.fromstring(package.read("_rels/.rels"))
    except KeyError:
        return "xl/workbook.xml"
    for rel in root.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "xl/workbook.xml").lstrip("/")
    return "xl/workbook.xml"


def blank_shared_strings(package: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the shared strings that hold only whitespace (usually none, or ' ' and '')."""
    name = next((n for n in package.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return frozenset()
    blank, seen = set(), 0
    for piece in _pieces(package, name, b"</si>"):
        for m in _BLANK_SI.finditer(piece):
            if _whitespace(_TAG.sub(b"", m.group(0))):
                blank.add(seen + piece.count(_SI, 0, m.start()))
        seen += piece.count(_SI)
    return frozenset(blank)


def _pieces(package: zipfile.ZipFile, member: str, end: bytes) -> Iterator[bytes]:
    """The member's bytes in chunks that each end just after `end` (the last one: whatever is left)."""
    with package.open(member) as stream:
        rest = b""
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                if rest:
                    yield rest
                return
            rest += chunk
            cut = rest.rfind(end)
            if cut >= 0:
                cut += len(end)
                yield rest[:cut]
                rest = rest[cut:]


def _rows(package: zipfile.ZipFile, member: str) -> Iterator[tuple[int, bytes, re.Match]]:
    """(row number, cells XML, match) of each row, in order; rows without `r` count on."""
    number = 0
    for piece in _pieces(package, member, b"</row>"):
        for m in _ROW.finditer(piece):
            found = _ATTR_R.search(m.group(1))
            number = int(found.group(2)) if found and found.group(2) else number + 1
            yield number, m.group(2) or b"", m


def _cells_of(content: bytes) -> list[tuple[int, bytes, bytes]]:
    """(column, attributes, inner XML) of every cell of a row; cells without `r` count on."""
    out, column = [], 0
    for m in _CELL.finditer(content):
        found = _ATTR_R.search(m.group(1))
        column = column_number(found.group(1)) if found and found.group(1) else column + 1
        out.append((column, m.group(1), m.group(2) or b""))
    return out


def _blank(attrs: bytes, inner: bytes, blank_strings: frozenset[int]) -> tuple[bool, bool]:
    """(blank, has a value calamine keeps) of one cell."""
    kind = _ATTR_T.search(attrs)
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        box = _IS.search(inner)
        if box is None:
            return True, False
        text = b"".join(_TEXT.findall(box.group(1)))
        return _whitespace(text), True
    value = _VALUE.search(inner)
    if value is None:
        return True, False
    text = value.group(1)
    if kind == b"s":
        try:
            return int(text) in blank_strings, True
        except ValueError:
            return True, False
    if kind in (b"str", b"e", b"b"):
        return kind == b"str" and _whitespace(text), True
    return not text.strip(), bool(text.strip())


def _whitespace(text: bytes) -> bool:
    """XML text holding nothing but whitespace (entities decoded), as `str.strip` sees it."""
    return not html.unescape(text.decode("utf-8", "replace")).strip()


@dataclass
class SheetBound:
    """A cheap look at a worksheet: the rectangle from A1 to its farthest cell (blank or not),
    the cells present, and its formula errors. Reading the sheet as calamine lays it out is safe
    when this rectangle is small and dense; otherwise `scan_sheet` finds the real extent."""

    rows: int = 0
    columns: int = 0
    cell_count: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> '#DIV/0!'
    exact: bool = True  # False: some cell or row has no reference (positions are counted)
    # Rows written with a namespace prefix (<x:row>, by some generators) are not scanned: such a
    # sheet is read by calamine as it is and cut afterwards (see sync/sources/xlsx_read.py).
    unscanned: bool = False

    @property
    def cells(self) -> int:
        return self.rows * self.columns


_CELL_LETTERS = re.compile(rb"""<c\b[^>]*?\br\s*=\s*["']([A-Z]+)\d""")


_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)\d+"')


@dataclass(frozen=True)
class _Dimension:
    """The sheet's own `<dimension>` claim about its last column, and two searches that verify it
    on a chunk: no cell reference beyond it (nor a malformed one), and the column itself present."""

    columns: int
    beyond: re.Pattern
    present: re.Pattern

    @classmethod
    def of(cls, head: bytes) -> "_Dimension | None":
        found = _DIMENSION.search(head, 0, head.find(b"<sheetData") if b"<sheetData" in head else len(head))
        if found is None:
            return None
        letters = found.group(1).decode()
        later = [f"[A-Z]{{{len(letters) + 1}}}"]  # more letters: farther
        for i, letter in enumerate(letters):  # as many letters, one greater at position i
            if letter != "Z":
                later.append(f"{letters[:i]}[{chr(ord(letter) + 1)}-Z][A-Z]{{{len(letters) - i - 1}}}")
        # One search finds any cell that breaks the claim: `<c>`, `<c/>`, a cell whose reference is
        # not its first attribute or not plain letters and digits, or one beyond the column.
        beyond = re.compile(('<c(?:[>/\t\n\r\f\v]| (?!r="[A-Z]+\\d)| r="(?:' + "|".join(later) + "))").encode())
        present = re.compile(f'<c r="{letters}\\d'.encode())
        return cls(column_number(found.group(1)), beyond, present)

    def holds(self, piece: bytes) -> bool:
        """Every cell of the chunk is `<c r="A1"...` form, none beyond the claimed column."""
        return self.beyond.search(piece) is None


def bound_sheet(package: zipfile.ZipFile, member: str, trust_dimension: bool = True) -> SheetBound:
    """The bound of one worksheet: a few passes of C code per chunk, Python only for error rows.

    The farthest column is the sheet's `<dimension>` where two searches confirm it (every cell
    reference plain, none beyond, the column itself present): the same number as reading every
    cell's reference, at a third of the cost. A sheet where they do not is bound cell by cell.
    """
    bound = SheetBound()
    seen = False
    dimension: _Dimension | None | bool = None if trust_dimension else False
    trusted = present = False
    for piece in _pieces(package, member, b"</row>"):
        if dimension is None:
            dimension = _Dimension.of(piece) or False
        if b"<row" not in piece:
            continue
        seen = True
        cells = piece.count(b"<c ")  # not `<col`, `<cols`
        if not cells:
            continue
        if dimension and dimension.holds(piece):
            trusted = True
            present = present or dimension.present.search(piece) is not None  # found early: row 1
        else:
            found = _CELL_LETTERS.findall(piece)
            if len(found) != cells or b"<c>" in piece or b"<c/>" in piece:
                bound.exact = False  # a cell without its reference: calamine counts positions
            if found:
                bound.columns = max(bound.columns, max(map(column_number, set(found))))
        bound.cell_count += cells
        last = _ATTR_R.search(piece, piece.rfind(b"<c "))  # cells come in order: the last is the lowest
        if last is not None and last.group(2):
            bound.rows = max(bound.rows, int(last.group(2)))
        else:
            bound.exact = False
        # A quote is everywhere in sheet XML, an apostrophe seldom: its one-byte search (memchr)
        # spares most chunks the second three-byte search (about 0,1 s per 160 MB of XML).
        if b'"e"' in piece or (b"'" in piece and b"'e'" in piece):
            _errors(piece, bound.errors)
    if trusted:
        if not present:  # the claimed column has no cell: find the farthest one cell by cell
            return bound_sheet(package, member, trust_dimension=False)
        bound.columns = max(bound.columns, dimension.columns)
    if not seen:
        bound.unscanned = any(_PREFIXED_ROW.search(piece) for piece in _pieces(package, member, b">"))
    return bound


def _errors(piece: bytes, errors: dict[tuple[int, int], str]) -> None:
    number = 0
    for m in _ROW.finditer(piece):
        found = _ATTR_R.search(m.group(1))
        number = int(found.group(2)) if found and found.group(2) else number + 1
        content = m.group(2) or b""
        if b'"e"' in content or b"'e'" in content:
            for column, attrs, inner in _cells_of(content):
                kind = _ATTR_T.search(attrs)
                if kind and kind.group(1) == b"e":
                    value = _VALUE.search(inner)
                    if value is not None:
                        errors[(number, column)] = value.group(1).decode("utf-8", "replace").strip()


def scan_sheet(package: zipfile.ZipFile, member: str, blank_strings: frozenset[int]) -> SheetScan:
    """Extent of the non-blank cells and calamine's grid of one worksheet (one row at a time)."""
    scan = SheetScan()
    for number, content, _m in _rows(package, member):
        if not content:
            continue
        scan.cell_count += content.count(b"<c")
        end, grid_end = _row_ends(content, blank_strings)
        if grid_end:
            scan.grid_rows = number
            scan.grid_columns = max(scan.grid_columns, grid_end)
        if end:
            scan.rows = number
            scan.columns = max(scan.columns, end)
            scan.row_numbers.append(number)
            scan.row_ends.append(end)
    return scan


def _row_ends(content: bytes, blank_strings: frozenset[int]) -> tuple[int, int]:
    """(last non-blank column, last column with a value) of a row, parsing from its last cell."""
    end = grid_end = 0
    start = len(content)
    while (start := content.rfind(b"<c", 0, start)) >= 0:
        m = _CELL.match(content, start)
        if m is None:
            continue
        found = _ATTR_R.search(m.group(1))
        if not (found and found.group(1)):
            # Cells without a reference: positions come from counting, so count them all.
            return _row_ends_counted(content, blank_strings)
        blank, valued = _blank(m.group(1), m.group(2) or b"", blank_strings)
        column = column_number(found.group(1))
        if valued and not grid_end:
            grid_end = column
        if not blank:
            end = column
            break
    return end, max(grid_end, end)


def _row_ends_counted(content: bytes, blank_strings: frozenset[int]) -> tuple[int, int]:
    end = grid_end = 0
    for column, attrs, inner in _cells_of(content):
        blank, valued = _blank(attrs, inner, blank_strings)
        if valued:
            grid_end = column
        if not blank:
            end = column
    return end, max(grid_end, end)


def used_columns(package: zipfile.ZipFile, member: str, blank_strings: frozenset[int]) -> list[int]:
    """The columns holding a non-blank cell. Cells are parsed only in rows that hold a column not
    yet known to be used, so a long table costs a few C passes per chunk."""
    used: set[bytes] = set()
    numbered: set[int] = set()  # columns of cells without a reference (positions counted)
    for piece in _pieces(package, member, b"</row>"):
        if set(_CELL_LETTERS.findall(piece)) <= used and b"<c>" not in piece and b"<c/>" not in piece:
            continue
        for m in _ROW.finditer(piece):
            content = m.group(2)
            if not content or (set(_CELL_LETTERS.findall(content)) <= used and b"<c>" not in content):
                continue
            column = 0
            for cell in _CELL.finditer(content):
                ref = _ATTR_R.search(cell.group(1))
                letters = ref.group(1) if ref and ref.group(1) else None
                column = column_number(letters) if letters else column + 1
                if letters in used:
                    continue
                if not _blank(cell.group(1), cell.group(2) or b"", blank_strings)[0]:
                    if letters:
                        used.add(letters)
                    else:
                        numbered.add(column)
    return sorted({column_number(c) for c in used} | numbered)


def column_plan(used: list[int], gap: int) -> tuple[int, dict[int, int]]:
    """(last column of the table, far column -> its new place right of the table).

    The table runs from column A to the last used column before a run of more than `gap` blank
    columns; its columns keep their letters. Used columns beyond it (a note typed in XFD1) are
    moved next to it, so the grid read is as wide as what the tab holds, not as far as it reaches.
    """
    end = 0
    for column in used:
        if end and column - end > gap + 1:
            break
        end = column
    far = [c for c in used if c > end]
    return end, {c: end + n for n, c in enumerate(far, start=1)}


def trimmed_copy(package: zipfile.ZipFile, extents: dict[str, tuple[int, int, dict[int, int]]], target: Path) -> None:
    """Write `target`: the package with each worksheet in `extents` (member -> rows, columns,
    moves) cut to that many rows and columns, the cells of columns in `moves` moved to their new
    column; every other member is copied unchanged."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in package.infolist():
            if info.filename not in extents:
                with package.open(info) as src, out.open(info.filename, "w") as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
                continue
            rows, columns, moves = extents[info.filename]
            with out.open(info.filename, "w") as dst:
                _write_trimmed(package, info.filename, rows, columns, moves, dst)


def _write_trimmed(package: zipfile.ZipFile, member: str, rows: int, columns: int, moves: dict[int, int], dst) -> None:
    """Copy a worksheet's XML without the rows after `rows` and the cells after `columns`, but
    for those of columns in `moves`, which get their new reference."""
    number = 0

    def cut(m: re.Match) -> bytes:
        nonlocal number
        found = _ATTR_R.search(m.group(1))
        number = int(found.group(2)) if found and found.group(2) else number + 1
        if number > rows:
            return b""
        content = m.group(2)
        if not content:
            return m.group(0)
        last = _CELL.match(content, content.rfind(b"<c"))
        if last is not None and _column_at_most(last, columns):
            return m.group(0)  # the usual row: nothing beyond the extent
        kept, column = [], 0
        for c in _CELL.finditer(content):
            ref = _ATTR_R.search(c.group(1))
            column = column_number(ref.group(1)) if ref and ref.group(1) else column + 1
            if column <= columns:
                kept.append(c.group(0))
            elif column in moves:
                moved = f'r="{column_letters(moves[column])}{number}"'.encode()
                kept.append(_ATTR_R.sub(moved, c.group(0), count=1))  # the start tag's r comes first
        return b"<row" + m.group(1) + b">" + b"".join(kept) + b"</row>"

    for piece in _pieces(package, member, b"</row>"):
        dst.write(_ROW.sub(cut, piece))


def _column_at_most(cell: re.Match, columns: int) -> bool:
    found = _ATTR_R.search(cell.group(1))
    return not (found and found.group(1)) or column_number(found.group(1)) <= columns
