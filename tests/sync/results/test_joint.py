"""sync/results/agency.py: several agencies scored in one pass give exactly what each gives alone."""

import datetime as dt

import pandas as pd
import pytest

from config.contract import LAPORAN, PEGAWAI, PENILAIAN
from config.settings import parse_settings
from scoring.vocabulary import SUPERVISOR_RATINGS
from sync.results.agency import joint_groups, score_base, score_joint
from sync.sources.backend import RawTab
from sync.validate.agency import validate_agency
from sync.validate.cross_agency import reconcile
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index

SHARED, A, B = "198503152010121001", "199001012015032002", "198812122012031003"
NAMES = {"DINKES": "Dinas Kesehatan", "DISDIK": "Dinas Pendidikan"}


@pytest.fixture
def settings(tmp_path):
    return parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": code, "name": name, "spreadsheet": code.lower()} for code, name in NAMES.items()],
            "store": {"path": "k.sqlite"},
        },
        tmp_path / "k.toml",
    )


def _ratings(rows: list[list]) -> RawTab:
    head = ["Periode", "NIP", *(name for _key, name in SUPERVISOR_RATINGS), "Umpan Balik"]
    return RawTab.from_rows(PENILAIAN.name, [head, *rows])


def _inputs() -> dict:
    """Two agencies whose rosters share a NIP, each with a rejected row at the same sheet row (for
    other reasons), one with supervisor ratings and one without."""
    options = ValidationOptions(today=dt.date(2026, 11, 28))
    laporan = ["Periode", "NIP", "Indikator", "Target", "Realisasi"]
    dinkes = validate_agency(
        "DINKES",
        {
            PEGAWAI.name: RawTab.from_rows(
                PEGAWAI.name,
                [
                    ["NIP", "Nama", "Unit Kerja", "Layanan Publik"],
                    [SHARED, "Rina", "", "Ya"],
                    [A, "Ani", "Puskesmas", "Ya"],
                ],
            ),
            LAPORAN.name: RawTab.from_rows(
                LAPORAN.name,
                [
                    laporan,
                    ["2026-09", SHARED, "Kunjungan", 100, 90],
                    ["2026-10", A, "Kunjungan", 100, 120],
                    ["2026-10", A, "Imunisasi", 0, 5],  # row 4: Target 0
                ],
            ),
            PENILAIAN.name: _ratings([["2026-10", A, *([4] * len(SUPERVISOR_RATINGS)), "Baik, pertahankan."]]),
        },
        options,
    )
    disdik = validate_agency(
        "DISDIK",
        {
            PEGAWAI.name: RawTab.from_rows(
                PEGAWAI.name, [["NIP", "Nama", "Unit Kerja"], [SHARED, "Rina", ""], [B, "Budi", "SD 1"]]
            ),
            LAPORAN.name: RawTab.from_rows(
                LAPORAN.name,
                [
                    laporan,
                    ["2026-10", SHARED, "Kelas", 10, 10],
                    ["2026-09", B, "Kelas", 10, 7],
                    ["2026-10", B, "Rapor", 30, "tiga puluh"],  # row 4: Realisasi is text
                ],
            ),
        },
        options,
    )
    return reconcile({"DINKES": dinkes, "DISDIK": disdik}, NAMES)


def _ikm(keys: dict, ikm: float, respondents: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **{k: [v] * 2 for k, v in keys.items()},
            "period": ["2026-09", "2026-10"],
            "respondents": [respondents] * 2,
            "ikm": [ikm, ikm + 2],
            "sufficient": [respondents >= 20] * 2,
        }
    )


def _city_tables() -> dict:
    return {
        "unit_ikm": pd.concat(
            [_ikm({"unit_id": "opd:DINKES"}, 70.0, 25), _ikm({"unit_id": "unit:DINKES:puskesmas"}, 90.0, 30)]
        ),
        "agency_ikm": pd.concat([_ikm({"agency": "DINKES"}, 80.0, 55), _ikm({"agency": "DISDIK"}, 75.0, 40)]),
        "ikm": pd.concat(
            [
                _ikm({"unit_id": "opd:DINKES", "agency": "DINKES"}, 80.0, 55),
                _ikm({"unit_id": "unit:DINKES:puskesmas", "agency": "DINKES"}, 90.0, 30),
                _ikm({"unit_id": "opd:DISDIK", "agency": "DISDIK"}, 75.0, 40),
            ]
        ),
        "complaint_categories": pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"]),
        # The officer named in complaints is the NIP on both rosters: each agency's rows get it.
        "officer_complaints": pd.DataFrame(
            {
                "period": ["2026-10", "2026-10", "2026-09"],
                "nip": [SHARED, A, "197001011990031001"],  # the last on no roster
                "complaints_counted": [4, 2, 3],
                "complaints_on_time": [3, 2, 3],
                "complaint_share": [0.75, 1.0, 1.0],
                "c_aduan": [75.0, 100.0, 100.0],
            }
        ),
    }


def test_one_pass_over_two_agencies_gives_each_agency_exactly_its_own_scores(settings):
    inputs = _inputs()
    assert inputs["DINKES"].shared and inputs["DISDIK"].shared  # the NIP both rosters hold
    assert [len(i.rejected) for i in inputs.values()] == [1, 1]  # both at row 4 of Laporan Kinerja
    units = build_unit_index(list(NAMES.items()), pd.concat([i.employees for i in inputs.values()]), {})
    city = _city_tables()

    [group] = joint_groups(inputs, {}, parts=1)
    assert group == ("DINKES", "DISDIK")
    joint = score_joint([inputs[code] for code in group], units, city, settings)
    for code, data in inputs.items():
        alone = score_base(data, units, city, settings)
        assert joint[code].keys() == alone.keys()
        for name, frame in alone.items():
            pd.testing.assert_frame_equal(joint[code][name], frame, check_exact=True, obj=f"{code} {name}")

    # What the comparison covers: the shared NIP in both, each agency's own rejected row and reason,
    # the officer's complaints, the months of both.
    dinkes, disdik = (joint[code]["results"].set_index(["period", "nip"]) for code in ("DINKES", "DISDIK"))
    assert SHARED in dinkes.index.get_level_values("nip") and SHARED in disdik.index.get_level_values("nip")
    assert "(Target 0)" in dinkes.loc[("2026-10", A), "rejected_rows"]
    assert "Realisasi" in disdik.loc[("2026-10", B), "rejected_rows"]
    assert "Target" not in disdik.loc[("2026-10", B), "rejected_rows"]
    assert dinkes.loc[("2026-10", A), "complaints_counted"] == 2
    assert sorted(joint["DISDIK"]["results"]["period"].unique()) == ["2026-09", "2026-10"]


def test_agencies_with_other_months_or_a_closed_month_are_scored_alone():
    inputs = _inputs()
    other = inputs["DISDIK"]
    later = type(other)(**{**other.__dict__, "reports": other.reports.assign(period="2026-11")})
    assert joint_groups({"DINKES": inputs["DINKES"], "DISDIK": later}, {}, parts=2) == [("DINKES",), ("DISDIK",)]
    closed = {"DINKES": pd.DataFrame({"nip": [A], "period": ["2026-09"], "na": [80.0], "predikat": ["Baik"]})}
    assert joint_groups(inputs, closed, parts=1) == [("DISDIK",), ("DINKES",)]


def test_a_kind_of_agencies_is_cut_into_parts_of_about_equal_work():
    inputs = _inputs()
    big = inputs["DINKES"]
    many = {f"A{n}": big for n in range(5)}
    groups = joint_groups(many, {}, parts=2)
    assert sorted(len(g) for g in groups) == [2, 3] and sorted(sum(groups, ())) == sorted(many)
    assert all(list(g) == sorted(g) for g in groups)  # each part in the agencies' own order
