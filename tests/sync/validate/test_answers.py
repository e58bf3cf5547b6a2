"""SKM answers as forms write them, for every element's scale (issue 12, item 2), and answers on
another scale reported, never guessed into 1–4."""

from datetime import date

import pandas as pd
import pytest

from config.contract import GALAT, SKM_KEYS, SKM_LABELS, SKM_QUESTIONS
from sync.sources.backend import RawTab
from sync.validate.answers import answer_table, other_scale, read_answer
from sync.validate.city import validate_city
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)
HEADER = ["Cap waktu", "Unit Layanan", *SKM_QUESTIONS.values()]

# The Lampiran's choices a–d per element, as a form lists them (value 1..4).
LAMPIRAN_CHOICES = {
    "u1": ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    "u2": ("Tidak Mudah", "Kurang Mudah", "Mudah", "Sangat Mudah"),
    "u3": ("Tidak Cepat", "Kurang Cepat", "Cepat", "Sangat Cepat"),
    "u4": ("Sangat Mahal", "Cukup Mahal", "Murah", "Gratis"),
    "u5": ("Tidak Sesuai", "Kurang Sesuai", "Sesuai", "Sangat Sesuai"),
    "u6": ("Tidak Kompeten", "Kurang Kompeten", "Kompeten", "Sangat Kompeten"),
    "u7": ("Tidak Sopan dan Ramah", "Kurang Sopan dan Ramah", "Sopan dan Ramah", "Sangat Sopan dan Ramah"),
    "u8": ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    "u9": ("Buruk", "Cukup", "Baik", "Sangat Baik"),
}


@pytest.fixture(scope="module")
def units():
    return build_unit_index([("DINKES", "Dinas Kesehatan")], pd.DataFrame({"agency": [], "unit": []}))


def run(rows, units, header=HEADER):
    tabs = {"Tanggapan Formulir 1": RawTab.from_rows("Tanggapan Formulir 1", [header, *rows])}
    return validate_city(tabs, units, OPTIONS)


def test_the_contract_labels_are_the_lampiran_choices():
    for key in SKM_KEYS:
        assert [c.casefold() for c in LAMPIRAN_CHOICES[key]] == [c.casefold() for c in SKM_LABELS[key]]


def _written(label: str, value: int) -> list[str]:
    letter = "abcd"[value - 1]
    return [
        label,
        label.upper(),
        f"  {label.lower()}. ",
        f"{value} - {label}",
        f"{value}. {label}",
        f"{value}) {label}",
        f"{label} ({value})",
        f"{letter}. {label}",
        f"({letter}) {label}",
        label.replace(" dan ", " & "),
    ]


@pytest.mark.parametrize("key", SKM_KEYS)
def test_every_choice_of_every_element_in_the_ways_forms_write_it(key):
    table = answer_table(key, {}, {})
    for value, label in enumerate(LAMPIRAN_CHOICES[key], start=1):
        for text in _written(label, value):
            assert read_answer(text, table) == value, (key, text)


def test_gratis_is_four():
    assert read_answer("Gratis", answer_table("u4", {}, {})) == 4
    assert read_answer("4 - Gratis", answer_table("u4", {}, {})) == 4


@pytest.mark.parametrize(
    "text", ["3 - Sangat Sesuai", "Sangat Sesuai (2)", "5 - Sangat Sesuai", "Sangat sesuai sekali"]
)
def test_a_value_disagreeing_with_its_label_is_not_guessed(text):
    assert read_answer(text, answer_table("u1", {}, {})) is None


def test_a_whole_form_written_in_labels_gives_the_values(units):
    rows = [
        ["28/11/2026 10:00", "DINKES", *(f"{v} - {LAMPIRAN_CHOICES[k][v - 1]}" for k, v in zip(SKM_KEYS, values))]
        for values in ([1, 2, 3, 4, 1, 2, 3, 4, 1], [4, 4, 4, 4, 4, 4, 4, 4, 4])
    ]
    result = run(rows, units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert result.responses[list(SKM_KEYS)].values.tolist() == [[1, 2, 3, 4, 1, 2, 3, 4, 1], [4] * 9]


def test_a_five_point_column_is_reported_with_its_values_and_never_guessed(units):
    rows = [["28/11/2026 10:00", "DINKES", 4, 4, answer, 4, 4, 4, 4, 4, 4] for answer in (5, 4, 3, 5, 1, 2)]
    result = run(rows, units)
    assert result.responses.empty  # the 4s and 3s of a five-point scale are not counted as 1–4
    assert len(result.issues) == 1
    issue = result.issues.iloc[0]
    assert (issue["row"], issue["severity"]) == (1, GALAT)
    assert "skala lain" in issue["problem"] and "'1', '2', '3', '4', '5'" in issue["problem"]
    assert "empat pilihan (1 = Tidak cepat" in issue["fix"]


def test_satisfaction_words_are_another_scale(units):
    rows = [
        ["28/11/2026 10:00", "DINKES", "Sangat Puas", 4, 4, 4, 4, 4, 4, 4, 4],
        ["28/11/2026 10:00", "DINKES", "Puas", 4, 4, 4, 4, 4, 4, 4, 4],
    ]
    result = run(rows, units)
    assert result.responses.empty
    assert "'Puas', 'Sangat Puas'" in result.issues["problem"].iloc[0]


def test_one_stray_five_is_a_row_problem_not_another_scale(units):
    rows = [["28/11/2026 10:00", "DINKES", *[4] * 9], ["28/11/2026 10:00", "DINKES", 5, *[4] * 8]]
    result = run(rows, units)
    assert len(result.responses) == 1
    assert result.issues[["row", "problem"]].values.tolist() == [[3, "Jawaban U1 (Persyaratan) tidak dikenali."]]


def test_other_scale():
    assert other_scale([5, 5]) == ["5"]
    assert other_scale([5]) is None
    assert other_scale(["Netral"]) == ["Netral"]
    assert other_scale(["Sangat tidak sesuai", "x"]) == ["Sangat tidak sesuai", "x"]
    assert other_scale(["x", "y"]) is None


def test_other_scale_ignores_infinite_and_huge_numbers():
    assert other_scale([float("inf"), float("nan"), 1e308]) is None
