"""Cell parsers: what people type into a sheet cell -> a clean value, or a problem to report.

A column of millions of rows holds few distinct values (periods, NIPs, labels), so every parser
works on the distinct values of a column (`Cells`, factorized once) and maps the results back
to rows with integer indexing: Python code runs once per distinct value, never once per row.
Numbers that arrive as numbers are checked with numpy, whatever their count.

Problem texts may contain the placeholder `{kolom}`; it is replaced by the column's header
(`Parsed.problems`), so one parser serves `NIP`, `NIP Atasan` and `NIP Penilai` alike.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone as fixed_timezone, tzinfo
from itertools import repeat
from typing import Callable

import numpy as np
import pandas as pd

from config.contract import normalize_header, period_label
from scoring.indonesian import comma
from scoring.periods import city_zone

KOLOM = "{kolom}"


@dataclass(frozen=True)
class Problem:
    """Why a cell cannot be used (`problem`) and how to fix it (`fix`), in Indonesian."""

    problem: str
    fix: str


# ---- Formula errors ------------------------------------------------------------------------

# Excel's and Google Sheets' formula error values; both backends read an error cell as this text.
FORMULA_ERRORS = {
    "#DIV/0!": "pembagian dengan nol atau dengan sel kosong",
    "#N/A": "nilai yang dicari tidak ditemukan, mis. oleh VLOOKUP",
    "#VALUE!": "sel yang dirujuk berisi jenis isi yang salah, mis. teks yang dijumlahkan",
    "#REF!": "rumus merujuk sel, baris atau kolom yang sudah dihapus",
    "#NAME?": "nama fungsi atau rentang salah ketik",
    "#NUM!": "hasil hitungan di luar batas angka",
    "#NULL!": "rentang yang dirujuk tidak beririsan",
    "#ERROR!": "rumus tidak dapat diurai",
    "#SPILL!": "hasil rumus tidak muat karena sel di sebelahnya terisi",
    "#CALC!": "rumus tidak dapat dihitung",
    "#GETTING_DATA": "data belum selesai dimuat",
}


def formula_error_problems(cells: "Cells") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct value of a column: whether it is a formula error, and its problem and fix."""
    # A set look-up per distinct value: this runs for every column of every tab, most of them
    # without a single error, and pandas' isin costs more in overhead than the look-ups.
    is_error = np.fromiter((t in FORMULA_ERRORS for t in cells.text), dtype=bool, count=len(cells.text))
    problem = np.full(len(is_error), None, dtype=object)
    fix = np.full(len(is_error), None, dtype=object)
    for i in np.flatnonzero(is_error):
        error = cells.text[i]
        problem[i] = f"{KOLOM} berisi galat rumus {error} ({FORMULA_ERRORS[error]}), bukan nilai."
        fix[i] = "Perbaiki rumus di sel ini, atau hapus rumusnya dan ketik nilainya langsung."
    return is_error, problem, fix


# ---- Cells: one column factorized ------------------------------------------------------------

OTHER, NUM, BOOL, STR = 0, 1, 2, 3
_KINDS = {
    str: STR,
    np.str_: STR,
    bool: BOOL,
    np.bool_: BOOL,
    int: NUM,
    float: NUM,
    **{
        t: NUM
        for t in (
            np.int8,
            np.int16,
            np.int32,
            np.int64,
            np.uint8,
            np.uint16,
            np.uint32,
            np.uint64,
            np.float16,
            np.float32,
            np.float64,
        )
    },
}


def cell_kind(cell: object) -> int:
    """NUM, BOOL, STR or OTHER (dates, blanks, anything else)."""
    return _KINDS.get(type(cell), OTHER)


def _kinds_of(uniques: np.ndarray) -> np.ndarray:
    if uniques.dtype.kind in "fiu":
        return np.full(len(uniques), NUM, dtype=np.int8)
    if uniques.dtype.kind == "b":
        return np.full(len(uniques), BOOL, dtype=np.int8)
    # map() over a dict's get runs in C: fast even for millions of distinct values.
    return np.fromiter(map(_KINDS.get, map(type, uniques), repeat(OTHER)), dtype=np.int8, count=len(uniques))


class Cells:
    """One column's cells: row i holds `uniques[codes[i]]`; the last unique is the blank cell.

    `rows` are the sheet's own row numbers. `kinds` classify each unique (NUM, BOOL, STR, OTHER)
    and `text` holds the stripped text of string uniques (None for other kinds).
    """

    __slots__ = ("codes", "uniques", "kinds", "text", "u_blank", "rows")

    def __init__(self, codes, uniques, kinds, text, u_blank, rows):
        self.codes = codes
        self.uniques = uniques
        self.kinds = kinds
        self.text = text
        self.u_blank = u_blank
        self.rows = rows

    @classmethod
    def from_series(cls, series: pd.Series | None, rows: np.ndarray) -> "Cells":
        """Factorize a body column (None = the column is absent: every cell blank)."""
        if series is None:
            return cls.blank_column(rows)
        values = series.to_numpy()
        if values.dtype.kind in "mM":
            values = series.astype(object).to_numpy()
        elif values.dtype == object:
            values = _numbers_as_floats(values)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        uniques = np.asarray(uniques)
        if uniques.dtype.kind in "mM":
            uniques = np.asarray(pd.Index(uniques).astype(object))
        if uniques.dtype.kind == "b":
            uniques = uniques.astype(object)
        elif uniques.dtype.kind in "iu":
            # Integers beyond 2**53 would change as floats; keep them as Python ints then.
            exact = len(uniques) == 0 or np.abs(uniques.astype(float)).max() < 2.0**53
            uniques = uniques.astype(float) if exact else uniques.astype(object)
        elif uniques.dtype.kind != "f":
            uniques = uniques.astype(object)
            codes, uniques = _split_bools(values, codes, uniques)
        n = len(uniques)
        codes = codes.astype(np.intp, copy=False)
        codes[codes < 0] = n
        blank_slot = np.array([np.nan]) if uniques.dtype.kind == "f" else np.array([None], dtype=object)
        uniques = np.concatenate([uniques, blank_slot])
        kinds = _kinds_of(uniques)
        kinds[n] = OTHER
        text = np.full(n + 1, None, dtype=object)
        u_blank = np.zeros(n + 1, dtype=bool)
        u_blank[n] = True
        if uniques.dtype.kind == "f":
            u_blank |= np.isnan(uniques)
        else:
            str_at = np.flatnonzero(kinds == STR)
            if len(str_at):
                stripped = [str(s).strip() for s in uniques[str_at]]
                text[str_at] = stripped
                u_blank[str_at] = [not s for s in stripped]
        return cls(codes, uniques, kinds, text, u_blank, np.asarray(rows))

    @classmethod
    def blank_column(cls, rows: np.ndarray) -> "Cells":
        """A column every cell of which is blank (an optional column the tab does not have)."""
        rows = np.asarray(rows)
        return cls(
            np.zeros(len(rows), dtype=np.intp),
            np.array([None], dtype=object),
            np.array([OTHER], dtype=np.int8),
            np.array([None], dtype=object),
            np.array([True]),
            rows,
        )

    def take(self, positions: np.ndarray) -> "Cells":
        """The same column restricted to some rows (positions into this column)."""
        return Cells(self.codes[positions], self.uniques, self.kinds, self.text, self.u_blank, self.rows[positions])

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def blank(self) -> np.ndarray:
        """Per row: the cell is empty (None, NaN, '' or only whitespace)."""
        return self.u_blank[self.codes]

    def render(self, positions: np.ndarray) -> np.ndarray:
        """The raw cells of some rows as text, as a user sees them in the sheet."""
        codes = self.codes[positions]
        wanted = np.unique(codes)
        u_text = np.full(len(self.uniques), "", dtype=object)
        u_text[wanted] = [render_cell(self.uniques[i]) for i in wanted]
        return u_text[codes]


def _numbers_as_floats(values: np.ndarray) -> np.ndarray:
    """An object column holding only numbers (and blanks) as float64: hashing floats is faster.

    Integers that a float cannot hold exactly (a NIP typed as a number) stay as they are, so
    messages can show them.
    """
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred not in ("floating", "integer", "mixed-integer-float"):
        return values
    try:
        floats = values.astype(float)  # safe: infer_dtype saw only numbers (no bools, no text)
    except TypeError:  # None among the numbers
        blank = pd.isna(values)
        floats = np.full(len(values), np.nan)
        floats[~blank] = values[~blank].astype(float)
    if inferred != "floating" and np.nanmax(np.abs(floats), initial=0.0) >= 2.0**53:
        return values
    return floats


def _split_bools(values: np.ndarray, codes: np.ndarray, uniques: np.ndarray):
    """Give True/False cells their own uniques: factorize merges True with 1 and False with 0."""
    kinds = _kinds_of(uniques)
    numeric = np.flatnonzero((kinds == NUM) | (kinds == BOOL))
    if not len(numeric):
        return codes, uniques
    as_float = uniques[numeric].astype(float)
    suspects = numeric[(as_float == 0) | (as_float == 1)]
    extra: list[object] = []
    if len(suspects):
        codes = codes.copy()
    for i in suspects:
        at = np.flatnonzero(codes == i)
        cells = values[at]
        # infer_dtype scans in C; only a column mixing booleans and numbers needs a Python pass.
        inferred = pd.api.types.infer_dtype(cells, skipna=False)
        if inferred == "boolean":
            is_bool = np.ones(len(at), dtype=bool)
        elif inferred in ("integer", "floating", "mixed-integer-float"):
            is_bool = np.zeros(len(at), dtype=bool)
        else:
            is_bool = np.fromiter(map(isinstance, cells, repeat((bool, np.bool_))), dtype=bool, count=len(at))
        other = at[is_bool != (kinds[i] == BOOL)]
        if len(other):
            codes[other] = len(uniques) + len(extra)
            extra.append(values[other[0]])
    if extra:
        tail = np.empty(len(extra), dtype=object)
        tail[:] = extra
        uniques = np.concatenate([uniques, tail])
    return codes, uniques


# ---- Rendering a cell as the user sees it ----------------------------------------------------


def format_number(x: float) -> str:
    """A number as Indonesian users read it: decimal comma, no trailing zeros. 87.5 -> '87,5'."""
    if isinstance(x, (bool, np.bool_)):
        return "TRUE" if x else "FALSE"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = f"{x:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{comma(mantissa)}E{int(exponent):+03d}"
    return comma(text)


def render_cell(cell: object) -> str:
    """The raw cell as text, as shown in a spreadsheet in the Indonesian locale."""
    if cell is None or cell is pd.NaT:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, (bool, np.bool_, int, float, np.integer, np.floating)):
        if isinstance(cell, (float, np.floating)) and math.isnan(cell):
            return ""
        return format_number(cell)
    if isinstance(cell, datetime):
        if (cell.hour, cell.minute, cell.second) == (0, 0, 0):
            return cell.strftime("%d/%m/%Y")
        return cell.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


# ---- Parsed: per-unique results mapped back to rows ------------------------------------------


class Parsed:
    """A parsed column: per distinct value a clean value or a Problem, mapped back to rows."""

    def __init__(self, cells: Cells, u_value: np.ndarray, u_problem: np.ndarray, u_fix: np.ndarray):
        self.cells = cells
        self.u_value = u_value
        self.u_problem = u_problem  # object: problem text, None where the value is fine or blank
        self.u_fix = u_fix
        self.u_bad = np.not_equal(u_problem, None)

    @property
    def value(self) -> np.ndarray:
        """Per row: the clean value (NaN/None/NaT where blank or bad)."""
        return self.u_value[self.cells.codes]

    def at(self, positions: np.ndarray) -> np.ndarray:
        """The clean values of some rows."""
        return self.u_value[self.cells.codes[positions]]

    @property
    def blank(self) -> np.ndarray:
        return self.cells.blank

    @property
    def bad(self) -> np.ndarray:
        """Per row: the cell is filled but cannot be used."""
        return self.u_bad[self.cells.codes]

    @property
    def ok(self) -> np.ndarray:
        """Per row: the cell holds a usable value."""
        return ~(self.u_bad | self.cells.u_blank)[self.cells.codes]

    def problems(self, positions: np.ndarray, label: str) -> tuple[np.ndarray, np.ndarray]:
        """Problem and fix texts of some rows, with `{kolom}` replaced by the column's header."""
        codes = self.cells.codes[positions]
        wanted = np.unique(codes)
        u_p = np.full(len(self.u_problem), "", dtype=object)
        u_f = np.full(len(self.u_fix), "", dtype=object)
        u_p[wanted] = [str(self.u_problem[i] or "").replace(KOLOM, label) for i in wanted]
        u_f[wanted] = [str(self.u_fix[i] or "").replace(KOLOM, label) for i in wanted]
        return u_p[codes], u_f[codes]

    def value_codes(self) -> np.ndarray:
        """Per row: an integer code of the clean value (equal values, equal codes; -1 if none)."""
        u_codes, _ = pd.factorize(self.u_value, use_na_sentinel=True)
        u_codes = np.where(self.u_bad | self.cells.u_blank, -1, u_codes)
        return u_codes[self.cells.codes]

    def mapped(self, fn: Callable[[object], object], fill: object = None, dtype=object) -> np.ndarray:
        """Per row: `fn(clean value)` computed once per distinct value, `fill` where none."""
        out = np.full(len(self.u_value), fill, dtype=dtype)
        good = np.flatnonzero(~(self.u_bad | self.cells.u_blank))
        if len(good):
            out[good] = [fn(v) for v in self.u_value[good]]
        return out[self.cells.codes]

    def with_problem(self, u_mask: np.ndarray, problem: str, fix: str) -> "Parsed":
        """A copy where the usable uniques in `u_mask` are bad with this problem."""
        u_mask = u_mask & ~(self.u_bad | self.cells.u_blank)
        u_problem = self.u_problem.copy()
        u_fix = self.u_fix.copy()
        u_problem[u_mask] = problem
        u_fix[u_mask] = fix
        return Parsed(self.cells, self.u_value, u_problem, u_fix)


def parse_cells(cells: Cells, fn: Callable[[object], object], fill: object = None, dtype=object) -> Parsed:
    """Apply `fn` (cell -> value or Problem) to each distinct non-blank cell of a column."""
    n = len(cells.uniques)
    u_value = np.full(n, fill, dtype=dtype)
    u_problem = np.full(n, None, dtype=object)
    u_fix = np.full(n, None, dtype=object)
    values = []
    for i in np.flatnonzero(~cells.u_blank):
        result = fn(cells.uniques[i])
        if isinstance(result, Problem):
            u_problem[i] = result.problem
            u_fix[i] = result.fix
        else:
            values.append((i, result))
    if values:
        at, vals = zip(*values)
        if dtype is object:
            holder = np.empty(len(vals), dtype=object)
            holder[:] = list(vals)
            u_value[list(at)] = holder
        else:
            u_value[list(at)] = vals
    return Parsed(cells, u_value, u_problem, u_fix)


def parse_text(cells: Cells) -> Parsed:
    """Text as typed, stripped; numbers and dates as the sheet shows them; '' when blank."""
    u_value = np.full(len(cells.uniques), "", dtype=object)
    is_str = np.not_equal(cells.text, None)
    u_value[is_str] = cells.text[is_str]
    others = np.flatnonzero(~is_str & ~cells.u_blank)
    if len(others):
        u_value[others] = [render_cell(cells.uniques[i]).strip() for i in others]
    none = np.full(len(u_value), None, dtype=object)
    return Parsed(cells, u_value, none, none.copy())


# The same matching key as headers: case- and space-insensitive ('Jumlah  Pasien' -> 'jumlahpasien').
normalize_key = normalize_header


# ---- Numbers ---------------------------------------------------------------------------------

NOT_A_NUMBER = Problem(
    "{kolom} bukan angka.",
    "Isi {kolom} dengan angka saja, mis. 87,5 atau 1.234 (tanpa satuan atau teks lain).",
)
NEGATIVE = Problem("{kolom} tidak boleh negatif.", "Isi {kolom} dengan angka 0 atau lebih.")
CHECKBOX = Problem(
    "{kolom} berisi kotak centang (TRUE/FALSE), bukan angka.",
    "Hapus kotak centang pada sel ini dan ketik angkanya.",
)
DATE_NOT_NUMBER = Problem(
    "{kolom} terbaca sebagai tanggal, bukan angka.",
    "Format sel sebagai Angka (Format → Angka → Angka), lalu ketik ulang angkanya, mis. 87,5.",
)
NOT_INTEGER = Problem(
    "{kolom} harus bilangan bulat.",
    "Isi {kolom} dengan bilangan bulat tanpa angka di belakang koma, mis. 4.",
)

_SPACE_CHARS = "\u00a0\u202f\u2007"  # non-breaking, narrow and figure spaces
_DIGITS = re.compile(r"\d+")
_DECIMAL_COMMA = re.compile(r"\d*,\d+")  # 87,5 / ,5
_THOUSANDS_DOT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")  # 1.234 / 1.234.567 / 1.234,5
_THOUSANDS_SPACE = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:,\d+)?")  # 1 234,5
_DECIMAL_DOT = re.compile(r"\d*\.\d+")  # 2.5 (a lone dot with other than 3 decimals)
_THOUSANDS_COMMA = re.compile(r"[1-9]\d{0,2}(?:(?:,\d{3})+\.\d+|(?:,\d{3}){2,})")  # 1,234.5 / 1,234,567


def parse_number_text(text: str) -> float | Problem:
    """A number typed as text, Indonesian style first. '87,5' -> 87.5, '1.234' -> 1234.0.

    A lone dot followed by exactly three digits is a thousands separator (Indonesian), any other
    lone dot is a decimal point ('2.5' -> 2.5). '90%' -> 90. Negatives are a Problem.
    """
    s = text
    for ch in _SPACE_CHARS:
        s = s.replace(ch, " ")
    s = " ".join(s.split())
    if s.endswith("%"):
        s = s[:-1].rstrip()
    negative = False
    if s[:1] in "-−":
        negative, s = True, s[1:].lstrip()
    elif s.startswith("(") and s.endswith(")"):  # accounting style (5)
        negative, s = True, s[1:-1].strip()
    elif s.startswith("+"):
        s = s[1:].lstrip()
    if not s:
        return NOT_A_NUMBER
    if _DIGITS.fullmatch(s):
        value = float(s)
    elif _DECIMAL_COMMA.fullmatch(s):
        value = float(s.replace(",", "."))
    elif _THOUSANDS_DOT.fullmatch(s):
        value = float(s.replace(".", "").replace(",", "."))
    elif _THOUSANDS_SPACE.fullmatch(s):
        value = float(s.replace(" ", "").replace(",", "."))
    elif _DECIMAL_DOT.fullmatch(s):
        value = float(s)
    elif _THOUSANDS_COMMA.fullmatch(s):
        value = float(s.replace(",", ""))
    else:
        return NOT_A_NUMBER
    if negative and value != 0:
        return NEGATIVE
    return value


def parse_number(cell: object) -> float | Problem:
    """One cell as a non-negative number (see `parse_numbers` for a column)."""
    kind = cell_kind(cell)
    if kind == BOOL:
        return CHECKBOX
    if kind == NUM:
        value = float(cell)
        if not math.isfinite(value):
            return NOT_A_NUMBER
        return NEGATIVE if value < 0 else value
    if kind == STR:
        return parse_number_text(cell.strip())
    if isinstance(cell, (date, datetime)):
        return DATE_NOT_NUMBER
    return NOT_A_NUMBER


# A cell holding only a dash: hyphen, en dash, em dash or minus sign.
DASHES = frozenset("-\u2013\u2014\u2212")


def parse_numbers(cells: Cells, integer: bool = False, negative: Problem = NEGATIVE, dash_zero: bool = False) -> Parsed:
    """A column of non-negative numbers (floats; NaN where blank or bad).

    Numeric cells are checked with numpy; only texts are parsed one distinct value at a time.
    `integer`: 4.0 is fine, 4.5 is a Problem. `negative` is the Problem of a negative number.
    `dash_zero`: a lone dash ('-', '–', '—', '−') is 0, as attendance summaries write a zero count;
    only for counts, where nothing else can be meant (elsewhere a dash is "not known").
    """
    n = len(cells.uniques)
    u_value = np.full(n, np.nan)
    u_problem = np.full(n, None, dtype=object)
    u_fix = np.full(n, None, dtype=object)

    def fail(mask, problem: Problem):
        u_problem[mask] = problem.problem
        u_fix[mask] = problem.fix

    filled = ~cells.u_blank
    num = (cells.kinds == NUM) & filled
    if num.any():
        u_value[num] = cells.uniques[num].astype(float)
    for i in np.flatnonzero(filled & (cells.kinds != NUM)):
        cell = cells.uniques[i]
        if dash_zero and isinstance(cell, str) and cell.strip() in DASHES:
            u_value[i] = 0.0
            continue
        result = parse_number(cell)
        if isinstance(result, Problem):
            fail(i, negative if result is NEGATIVE else result)
        else:
            u_value[i] = result
    good = filled & np.equal(u_problem, None)
    with np.errstate(invalid="ignore"):
        fail(good & ~np.isfinite(u_value), NOT_A_NUMBER)
        good = filled & np.equal(u_problem, None)
        fail(good & (u_value < 0), negative)
        if integer:
            good = filled & np.equal(u_problem, None)
            fail(good & (u_value != np.floor(u_value)), NOT_INTEGER)
    u_value[np.not_equal(u_problem, None)] = np.nan
    return Parsed(cells, u_value, u_problem, u_fix)


# ---- Months and dates ------------------------------------------------------------------------

_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "pebruari", "feb", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "ags", "agt", "agst", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "october", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "des", "december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTH_NAMES[_name] = _number


def period_of(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# Spreadsheet serial dates count days from 1899-12-30 (Excel's and Google Sheets' epoch).
SERIAL_EPOCH = datetime(1899, 12, 30)
FIRST_YEAR = 2000  # earlier dates in this system's data are typos
_SERIAL_MIN = (datetime(FIRST_YEAR, 1, 1) - SERIAL_EPOCH).days
_SERIAL_MAX = (datetime(2100, 1, 1) - SERIAL_EPOCH).days

PERIOD_UNKNOWN = Problem(
    "Kolom {kolom} tidak berisi bulan dan tahun yang dikenali.",
    "Tulis bulan dan tahun (4 digit), mis. 2026-10, 10/2026, Oktober 2026 atau Okt 2026.",
)
PERIOD_NUMBER = Problem(
    "{kolom} terbaca sebagai angka, bukan bulan.",
    "Tulis bulan dan tahun (4 digit), mis. 2026-10 atau Oktober 2026.",
)

_YM = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_MY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
_YMD_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?")
_DMY_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NAMED = re.compile(r"([^\W\d_]+)\.?\s*[-/,]?\s*(\d{4})")


def _check_period(year: int, month: int, today: date) -> str | Problem:
    if not 1 <= month <= 12:
        return Problem(f"Bulan {month} pada {KOLOM} tidak ada (bulan 1–12).", PERIOD_UNKNOWN.fix)
    if year < FIRST_YEAR:
        return Problem(f"Tahun {year} pada {KOLOM} tidak wajar.", "Periksa tahunnya, mis. 2026-10.")
    period = period_of(year, month)
    current = period_of(today.year, today.month)
    if period > current:
        return Problem(
            f"{KOLOM} {period_label(period)} belum berjalan.",
            f"Periksa bulan dan tahunnya: data hanya untuk bulan yang sudah berjalan "
            f"(paling akhir {period_label(current)}).",
        )
    return period


def parse_period(cell: object, today: date) -> str | Problem:
    """A month as typed -> 'YYYY-MM'. '10/2026', 'Okt 2026', a date cell -> '2026-10'."""
    if isinstance(cell, (datetime, date)):
        return _check_period(cell.year, cell.month, today)
    kind = cell_kind(cell)
    if kind == NUM:
        value = float(cell)
        # A date cell read unformatted (Google's API) arrives as a serial number of days.
        if math.isfinite(value) and _SERIAL_MIN <= value < _SERIAL_MAX:
            day = SERIAL_EPOCH + timedelta(days=math.floor(value))
            return _check_period(day.year, day.month, today)
        return PERIOD_NUMBER
    if kind != STR:
        return PERIOD_UNKNOWN
    s = " ".join(str(cell).split()).casefold()
    for pattern, order in ((_YM, "ym"), (_MY, "my")):
        m = pattern.fullmatch(s)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            return _check_period(a, b, today) if order == "ym" else _check_period(b, a, today)
    m = _YMD_TEXT.fullmatch(s)
    if m:
        year, month, day = map(int, m.groups())
        return _dated_period(year, month, day, today)
    m = _DMY_TEXT.fullmatch(s)
    if m:
        day, month, year = map(int, m.groups())
        return _dated_period(year, month, day, today)
    m = _NAMED.fullmatch(s)
    if m and m.group(1) in _MONTH_NAMES:
        return _check_period(int(m.group(2)), _MONTH_NAMES[m.group(1)], today)
    return PERIOD_UNKNOWN


def _dated_period(year: int, month: int, day: int, today: date) -> str | Problem:
    try:
        date(year, month, day)
    except ValueError:
        return Problem(f"Tanggal pada {KOLOM} tidak ada di kalender.", PERIOD_UNKNOWN.fix)
    return _check_period(year, month, today)


def parse_periods(cells: Cells, today: date) -> Parsed:
    """A column of months -> 'YYYY-MM' strings; months after `today`'s month are a Problem."""
    return parse_cells(cells, lambda cell: parse_period(cell, today))


TIME_UNKNOWN = Problem(
    "{kolom} tidak dikenali sebagai tanggal.",
    "Tulis tanggal sebagai hari/bulan/tahun, mis. 28/11/2026 atau 28/11/2026 14:03:22, "
    "atau format sel sebagai Tanggal.",
)
TIME_NUMBER = Problem(
    "{kolom} terbaca sebagai angka, bukan tanggal.",
    "Format sel sebagai Tanggal (Format → Angka → Tanggal), lalu ketik ulang tanggalnya, mis. 28/11/2026.",
)

_DMY_TIME = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ t,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?)?")
_YMD_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?)?"
    r"\s*(z|[+-]\d{2}:?\d{2})?"
)


def _local_naive(moment: datetime, tz: tzinfo) -> datetime:
    """Naive local time: aware datetimes are converted to the city's time zone first."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz).replace(tzinfo=None)
    return moment


def _check_moment(moment: datetime, today: date) -> datetime | Problem:
    if moment.year < FIRST_YEAR:
        return Problem(f"Tahun {moment.year} pada {KOLOM} tidak wajar.", "Periksa tahunnya, mis. 28/11/2026.")
    if moment.date() > today:
        return Problem(
            f"{KOLOM} {moment:%d/%m/%Y} ada di masa depan.",
            f"Periksa tanggalnya: tidak boleh setelah hari ini ({today:%d/%m/%Y}).",
        )
    return moment


def parse_timestamp(cell: object, today: date, tz: tzinfo) -> datetime | Problem:
    """A date or date-time as typed -> naive local datetime. Day first: '28/11/2026 14:03:22'.

    Also date cells, spreadsheet serial numbers (days since 1899-12-30) and ISO text
    ('2026-11-28 14:03:22', '2026-11-28T14:03:22'). Moments after `today` are a Problem.
    """
    if isinstance(cell, pd.Timestamp):
        cell = cell.to_pydatetime(warn=False)  # nanoseconds do not matter here
    if isinstance(cell, datetime):
        return _check_moment(_local_naive(cell, tz), today)
    if isinstance(cell, date):
        return _check_moment(datetime(cell.year, cell.month, cell.day), today)
    kind = cell_kind(cell)
    if kind == NUM:
        value = float(cell)
        if math.isfinite(value) and _SERIAL_MIN <= value < _SERIAL_MAX:
            # Round to the second: serial fractions carry binary noise (…14:03:21.99999).
            seconds = round(value * 86400)
            return _check_moment(SERIAL_EPOCH + timedelta(seconds=seconds), today)
        return TIME_NUMBER
    if kind != STR:
        return TIME_UNKNOWN
    s = " ".join(str(cell).split()).casefold()
    m = _DMY_TIME.fullmatch(s)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        fields, zone = m.groups()[3:6], None
    else:
        m = _YMD_TIME.fullmatch(s)
        if not m:
            return TIME_UNKNOWN
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        fields, zone = m.groups()[3:6], m.group(7)
    hour, minute, second = (int(f) if f else 0 for f in fields)
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return Problem(
            f"{KOLOM} berisi tanggal atau jam yang tidak ada di kalender.",
            "Periksa hari, bulan dan jamnya; tulis hari dulu, mis. 28/11/2026 14:03:22.",
        )
    if zone:
        offset = 0 if zone == "z" else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[-2:]))
        moment = _local_naive(moment.replace(tzinfo=fixed_timezone(timedelta(minutes=offset))), tz)
    return _check_moment(moment, today)


def parse_timestamps(cells: Cells, today: date, timezone: str = "Asia/Jakarta") -> Parsed:
    """A column of dates/times -> datetime64[ns] (NaT where blank or bad)."""
    tz = city_zone(timezone)
    parsed = parse_cells(cells, lambda cell: parse_timestamp(cell, today, tz))
    u_value = pd.to_datetime(pd.Series(parsed.u_value, dtype=object)).to_numpy(dtype="datetime64[ns]")
    return Parsed(cells, u_value, parsed.u_problem, parsed.u_fix)


def month_keys(moments: np.ndarray) -> np.ndarray:
    """datetime64 values -> 'YYYY-MM' strings ('' for NaT), formatted once per distinct month."""
    months = np.asarray(moments, dtype="datetime64[ns]").astype("datetime64[M]")
    codes, uniques = pd.factorize(months, use_na_sentinel=True)
    labels = np.array([str(u)[:7] for u in np.asarray(uniques, dtype="datetime64[M]")] + [""], dtype=object)
    return labels[np.where(codes < 0, len(labels) - 1, codes)]
