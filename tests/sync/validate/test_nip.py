"""NIP rules: 18 digits typed as text, with a plausible birth date, appointment and sex digit."""

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from sync.validate.nip import LOST_DIGITS, check_nip, in_set, parse_nips
from sync.validate.parse import Cells, Problem

TODAY = date(2026, 11, 28)
NIP = "198503152010121001"


def column(*values) -> Cells:
    series = pd.Series(list(values), dtype=object, index=range(2, 2 + len(values)))
    return Cells.from_series(series, series.index.to_numpy())


@pytest.mark.parametrize(
    "typed",
    [
        NIP,
        "19850315 201012 1 001",
        " 198503152010121001 ",
        "19850315\u00a0201012\u00a01\u00a0001",
        "'198503152010121001",
    ],
)
def test_valid_text_nips(typed):
    assert check_nip(typed, TODAY) == NIP


@pytest.mark.parametrize(
    "cell",
    [
        1.98503152010121e17,
        198503152010121001,  # even an exact Python int: a numeric cell is never trusted
        np.int64(198503152010121001),
        np.float64(1.98503152010121e17),
        "1.98503E+17",
        "1,98503152010121E+17",
        "1.98503152010121e17",
    ],
)
def test_numeric_nips_have_lost_digits(cell):
    result = check_nip(cell, TODAY)
    assert result == LOST_DIGITS
    assert "terbaca sebagai angka" in result.problem
    assert result.fix == (
        "Format kolom {kolom} sebagai Teks (Format → Angka → Teks biasa), lalu ketik ulang NIP lengkap 18 digit."
    )


def test_a_float_is_never_turned_back_into_a_plausible_nip():
    # str(int(float)) prints 18 digits that look right but are not the NIP typed.
    assert len(str(int(1.98503152010121e17))) == 18
    parsed = parse_nips(column(1.98503152010121e17, NIP), TODAY)
    assert parsed.bad.tolist() == [True, False]
    assert parsed.value[0] is None


RULES = [
    ("19850315201012100", "harus 18 digit (terisi 17 digit)"),
    ("1985031520101210011", "harus 18 digit (terisi 19 digit)"),
    ("19850315-201012-1-001", "hanya boleh berisi angka"),
    ("NIP198503152010121", "hanya boleh berisi angka"),
    ("١٩٨٥٠٣١٥٢٠١٠١٢١٠٠١٠٠", "hanya boleh berisi angka"),  # non-ASCII digits
    ("198513152010121001", "bukan tanggal lahir yang ada"),
    ("198502302010121001", "bukan tanggal lahir yang ada"),
    ("193912312010121001", "sebelum 1940"),
    ("201001012026011001", "di bawah 17 tahun"),
    ("198503152010131001", "Bulan pengangkatan"),
    ("198503152001121001", "kurang dari 17 tahun setelah tahun lahir"),
    ("198503152026121001", "belum terjadi"),
    ("198503152010123001", "Digit ke-15"),
]


@pytest.mark.parametrize("typed, fragment", RULES)
def test_each_rule_has_its_own_message(typed, fragment):
    result = check_nip(typed, TODAY)
    assert isinstance(result, Problem)
    assert fragment in result.problem
    assert result.fix


def test_rule_messages_differ():
    # One message per rule once the values in parentheses are left out.
    kinds = {re.sub(r"\(.*?\)", "", check_nip(typed, TODAY).problem) for typed, _ in RULES}
    assert len(kinds) == 9


@pytest.mark.parametrize("cell", [True, pd.Timestamp("2026-01-01")])
def test_other_cells_are_not_nips(cell):
    assert isinstance(check_nip(cell, TODAY), Problem)


def test_boundaries():
    assert check_nip("194001012010121001", TODAY) == "194001012010121001"
    assert check_nip("200911282026111001", TODAY) == "200911282026111001"  # 17 today, appointed this month
    assert isinstance(check_nip("200911292026111001", TODAY), Problem)  # 17 tomorrow
    assert isinstance(check_nip("198503152026121001", TODAY), Problem)  # appointed next month


def test_column_problems_name_the_column():
    parsed = parse_nips(column(1.5e17), TODAY)
    problem, fix = parsed.problems(np.array([0]), "NIP Atasan")
    assert problem[0].startswith("NIP Atasan terbaca sebagai angka")
    assert fix[0].startswith("Format kolom NIP Atasan sebagai Teks")


def test_known_nips_skip_the_checks_but_still_match_spacing():
    roster = frozenset({NIP})
    parsed = parse_nips(column("19850315 201012 1 001", NIP, 1.98503152010121e17, "x"), TODAY, known=roster)
    assert parsed.value[:2].tolist() == [NIP, NIP]
    assert parsed.bad.tolist() == [False, False, True, True]
    assert in_set(parsed, roster).tolist() == [True, True, False, False]
