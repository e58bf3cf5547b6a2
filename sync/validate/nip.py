"""NIP (Nomor Induk Pegawai) rules: 18 digits that must arrive as text.

Structure (PP 11/2017 on ASN management; BKN's NIP layout): digits 1–8 the birth date
(YYYYMMDD), 9–14 the year and month of appointment (YYYYMM), 15 the sex (1 male, 2 female),
16–18 a sequence number. A NIP typed as a number keeps only ~15 significant digits in any
spreadsheet (IEEE doubles), so its last digits are already gone: we say so and never guess them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import numpy as np

from sync.validate.parse import BOOL, KOLOM, NUM, STR, Cells, Parsed, Problem, cell_kind, parse_cells

NIP_LENGTH = 18
FIRST_BIRTH_YEAR = 1940
MIN_AGE = 17  # plausibility bound: PNS applicants must be at least 18 (PP 11/2017), 17 leaves a margin

_RETYPE = "Periksa NIP di SK atau kartu pegawai, lalu ketik ulang 18 digit yang benar."

LOST_DIGITS = Problem(
    f"{KOLOM} terbaca sebagai angka, bukan teks: spreadsheet hanya menyimpan ±15 digit angka, "
    f"jadi digit terakhir NIP sudah hilang.",
    f"Format kolom {KOLOM} sebagai Teks (Format → Angka → Teks biasa), lalu ketik ulang NIP lengkap 18 digit.",
)
NOT_TEXT = Problem(
    f"{KOLOM} bukan teks 18 digit.",
    f"Format kolom {KOLOM} sebagai Teks (Format → Angka → Teks biasa), lalu ketik NIP lengkap 18 digit.",
)
NOT_DIGITS = Problem(
    f"{KOLOM} hanya boleh berisi angka (boleh dipisah spasi).",
    f"Hapus huruf dan tanda baca; ketik 18 digit NIP, mis. 198503152010121001. {_RETYPE}",
)

# '1.98503E+17', '1,98503152010121E+17': how a sheet shows a NIP stored as a number.
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?e\+?\d+")


@lru_cache(maxsize=8)
def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def check_nip_text(text: str, today: date) -> str | Problem:
    """A NIP typed as text -> the 18 digits, or what is wrong with it. Spaces are dropped."""
    digits = "".join(text.split())
    if digits.startswith("'"):  # a leading apostrophe forces text in a sheet; not part of the NIP
        digits = digits[1:]
    if not (digits.isdigit() and digits.isascii()):
        return LOST_DIGITS if _SCIENTIFIC.fullmatch(digits.casefold()) else NOT_DIGITS
    if len(digits) != NIP_LENGTH:
        return Problem(
            f"{KOLOM} harus {NIP_LENGTH} digit (terisi {len(digits)} digit).",
            _RETYPE,
        )
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    try:
        born = date(year, month, day)
    except ValueError:
        return Problem(
            f"Digit 1–8 {KOLOM} ({digits[:8]}) bukan tanggal lahir yang ada (tahun, bulan, tanggal).",
            _RETYPE,
        )
    if year < FIRST_BIRTH_YEAR:
        return Problem(
            f"Tahun lahir pada {KOLOM} ({year}) sebelum {FIRST_BIRTH_YEAR}: tidak wajar.",
            _RETYPE,
        )
    if born > _years_before(today, MIN_AGE):
        return Problem(
            f"Tanggal lahir pada {KOLOM} ({born:%d/%m/%Y}) berarti usia di bawah {MIN_AGE} tahun.",
            _RETYPE,
        )
    appointed_year, appointed_month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= appointed_month <= 12:
        return Problem(
            f"Bulan pengangkatan pada {KOLOM} (digit 13–14: {digits[12:14]}) tidak ada (01–12).",
            _RETYPE,
        )
    if appointed_year < year + MIN_AGE:
        return Problem(
            f"Tahun pengangkatan pada {KOLOM} ({appointed_year}) kurang dari {MIN_AGE} tahun "
            f"setelah tahun lahir ({year}).",
            _RETYPE,
        )
    if (appointed_year, appointed_month) > (today.year, today.month):
        return Problem(
            f"Bulan pengangkatan pada {KOLOM} ({appointed_month:02d}/{appointed_year}) belum terjadi.",
            _RETYPE,
        )
    if digits[14] not in "12":
        return Problem(
            f"Digit ke-15 {KOLOM} ({digits[14]}) harus 1 (pria) atau 2 (wanita).",
            _RETYPE,
        )
    return digits


def check_nip(cell: object, today: date) -> str | Problem:
    """One NIP cell -> the 18 digits, or what is wrong. A number is never accepted as a NIP."""
    kind = cell_kind(cell)
    if kind == NUM:
        # str(float) can print a plausible 18-digit number: never turn it back into a NIP.
        return LOST_DIGITS
    if kind == STR:
        return check_nip_text(cell, today)
    if kind == BOOL:
        return NOT_DIGITS
    return NOT_TEXT


def parse_nips(cells: Cells, today: date, known: frozenset[str] | set[str] | None = None) -> Parsed:
    """A column of NIPs -> 18-digit strings. NIPs in `known` (an already checked roster) are
    accepted without repeating the checks."""
    if known:

        def check(cell: object) -> str | Problem:
            if type(cell) is str:
                digits = "".join(cell.split())
                if digits in known:
                    return digits
            return check_nip(cell, today)
    else:

        def check(cell: object) -> str | Problem:
            return check_nip(cell, today)

    return parse_cells(cells, check)


def in_set(parsed: Parsed, members: frozenset[str] | set[str]) -> np.ndarray:
    """Per row: the parsed NIP is usable and one of `members`."""
    u_in = np.fromiter(
        (isinstance(v, str) and v in members for v in parsed.u_value), dtype=bool, count=len(parsed.u_value)
    )
    return (u_in & ~parsed.u_bad & ~parsed.cells.u_blank)[parsed.cells.codes]
