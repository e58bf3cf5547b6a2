"""Unit matching: agencies, Unit Kerja names, aliases; ambiguous and unknown names explained."""

import pandas as pd
import pytest

from sync.validate.parse import Problem
from sync.validate.units import assign_unit_ids, build_unit_index, normalize_unit

AGENCIES = [
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
]
EMPLOYEES = pd.DataFrame(
    {
        "agency": ["DINKES", "DINKES", "DINKES", "DISDIK", "DISDIK", "DPMPTSP", "DPMPTSP"],
        "unit": [
            "Puskesmas Tanah Garing",
            "Sekretariat",
            "puskesmas tanah garing",
            "Sekretariat",
            "",
            "DPMPTSP",
            "Mal Pelayanan Publik",
        ],
    }
)


@pytest.fixture
def index():
    return build_unit_index(
        AGENCIES, EMPLOYEES, {"MPP": "DPMPTSP", "Sekre Dinkes": "Sekretariat (DINKES)", "Rusak": "Tidak Ada"}
    )


@pytest.mark.parametrize(
    "typed, unit_id, agency",
    [
        ("DINKES", "opd:DINKES", "DINKES"),
        (" dinkes ", "opd:DINKES", "DINKES"),
        ("Dinas  kesehatan", "opd:DINKES", "DINKES"),
        ("Puskesmas Tanah Garing", "unit:DINKES:puskesmastanahgaring", "DINKES"),
        ("PUSKESMAS TANAHGARING", "unit:DINKES:puskesmastanahgaring", "DINKES"),
        ("Sekretariat (DISDIK)", "unit:DISDIK:sekretariat", "DISDIK"),
        ("sekretariat(dinkes)", "unit:DINKES:sekretariat", "DINKES"),
        ("DINKES - Sekretariat", "unit:DINKES:sekretariat", "DINKES"),
        ("Dinas Pendidikan - Sekretariat", "unit:DISDIK:sekretariat", "DISDIK"),
        ("mpp", "opd:DPMPTSP", "DPMPTSP"),
        ("Sekre Dinkes", "unit:DINKES:sekretariat", "DINKES"),
        ("Mal Pelayanan Publik", "unit:DPMPTSP:malpelayananpublik", "DPMPTSP"),
    ],
)
def test_matches(index, typed, unit_id, agency):
    assert index.resolve(typed) == (unit_id, agency)


def test_ambiguous_unit_asks_for_the_agency_code(index):
    result = index.resolve("sekretariat")
    assert isinstance(result, Problem)
    assert "lebih dari satu OPD (DINKES, DISDIK)" in result.problem
    assert '"Sekretariat (DINKES)"' in result.fix and "alias" in result.fix


def test_unknown_unit_suggests_the_closest_names(index):
    result = index.resolve("Puskesmas Tanah Gading")
    assert isinstance(result, Problem)
    assert "tidak dikenali" in result.problem
    assert "'Puskesmas Tanah Garing'" in result.fix


def test_unknown_unit_without_close_names_still_says_what_to_do(index):
    result = index.resolve("zzzz")
    assert "kode atau nama OPD" in result.fix and "unit_aliases" in result.fix


def test_unit_within_a_wrong_agency_is_unknown(index):
    assert isinstance(index.resolve("Puskesmas Tanah Garing (DISDIK)"), Problem)


def test_alias_to_an_unknown_target_is_reported_as_a_config_problem(index):
    result = index.resolve("rusak")
    assert isinstance(result, Problem)
    assert "alias di konfigurasi" in result.problem and "unit_aliases" in result.fix


def test_blank_is_a_problem(index):
    assert isinstance(index.resolve("  "), Problem)
    assert isinstance(index.resolve(None), Problem)


def test_match_returns_a_frame_aligned_with_the_input(index):
    series = pd.Series(["dinkes", None, "Sekretariat", "dinkes"], index=[10, 11, 12, 13])
    matched = index.match(series)
    assert list(matched.index) == [10, 11, 12, 13]
    assert matched["unit_id"].tolist() == ["opd:DINKES", "", "", "opd:DINKES"]
    assert matched["agency"].tolist() == ["DINKES", "", "", "DINKES"]
    assert matched["problem"].tolist()[0] == ""
    assert matched["problem"].tolist()[1] == "Unit Layanan kosong."
    assert "lebih dari satu OPD" in matched["problem"].tolist()[2]
    assert matched["fix"].tolist()[2]


def test_agency_name_wins_over_another_agencys_unit_of_that_name():
    employees = pd.DataFrame({"agency": ["DISDIK"], "unit": ["Dinas Kesehatan"]})
    index = build_unit_index(AGENCIES, employees, {})
    assert index.resolve("Dinas Kesehatan") == ("opd:DINKES", "DINKES")


def test_assign_unit_ids():
    index = build_unit_index(AGENCIES, EMPLOYEES, {})
    ids = assign_unit_ids(EMPLOYEES, index)["unit_id"].tolist()
    assert ids == [
        "unit:DINKES:puskesmastanahgaring",
        "unit:DINKES:sekretariat",
        "unit:DINKES:puskesmastanahgaring",
        "unit:DISDIK:sekretariat",
        "opd:DISDIK",  # blank Unit Kerja: the agency itself
        "opd:DPMPTSP",  # the agency's own code as its Unit Kerja
        "unit:DPMPTSP:malpelayananpublik",
    ]
    assert "unit_id" not in EMPLOYEES.columns  # input not mutated


def test_assigned_ids_are_the_ids_responses_resolve_to():
    index = build_unit_index(AGENCIES, EMPLOYEES, {})
    assigned = set(assign_unit_ids(EMPLOYEES, index)["unit_id"])
    assert index.resolve("Puskesmas Tanah Garing")[0] in assigned
    assert index.resolve("Sekretariat (DINKES)")[0] in assigned


def test_assign_unit_ids_on_no_employees():
    index = build_unit_index(AGENCIES, EMPLOYEES.iloc[:0], {})
    assert list(assign_unit_ids(EMPLOYEES.iloc[:0], index).columns) == ["agency", "unit", "unit_id"]


def test_normalize_unit():
    assert normalize_unit(" Puskesmas  Tanah\u00a0Garing ") == "puskesmastanahgaring"
