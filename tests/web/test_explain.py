"""web/explain.py: the step-by-step explanation, on rows made by the real scoring code."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from scoring import ScoringParams, score_employees, with_capaian
from scoring.params import BAIK, DI_BAWAH, KURANG, SESUAI
from tests import fixture_store as fx
from web.explain import explain, rating_reason

PARAMS = ScoringParams()
NIP = "198502022010011002"
KEYS = ("service", "accountable", "competent", "harmonious", "loyal", "adaptive", "collaborative")


def scored(reports, rating=None, attendance=None, public=False, emp_ikm=None, params=PARAMS):
    """(result row as a dict, indicator rows) for one employee in October 2026."""
    staff = pd.DataFrame(
        [
            {
                "agency": "DINKES",
                "nip": NIP,
                "name": "Budi",
                "position": "Staf",
                "unit": "",
                "unit_id": "",
                "supervisor_nip": "",
                "public_service": public,
                "active": True,
            }
        ]
    )
    reports = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": NIP,
                "plan": "RHK",
                "indicator": f"Indikator {k}",
                "target": float(t),
                "actual": float(r),
                "measure": "berkas",
                "direction": d,
                "weight": float(w),
                "evidence": "",
                "note": "",
                "row": k + 2,
            }
            for k, (t, r, d, w) in enumerate(reports)
        ],
        columns=[
            "period",
            "nip",
            "plan",
            "indicator",
            "target",
            "actual",
            "measure",
            "direction",
            "weight",
            "evidence",
            "note",
            "row",
        ],
    )
    ratings = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": NIP,
                **dict(zip(KEYS, rating[0])),
                "initiative": rating[1],
                "feedback": "",
                "rater_nip": "",
                "row": 2,
            }
        ]
        if rating
        else [],
        columns=["period", "nip", *KEYS, "initiative", "feedback", "rater_nip", "row"],
    )
    presence = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": NIP,
                "work_days": 22,
                "present": 20,
                "late": attendance[0],
                "early_leave": attendance[1],
                "absent": attendance[2],
                "row": 2,
            }
        ]
        if attendance
        else [],
        columns=["period", "nip", "work_days", "present", "late", "early_leave", "absent", "row"],
    )
    row = score_employees(staff, reports, ratings, presence, emp_ikm, params, ["2026-10"]).iloc[0].to_dict()
    return row, with_capaian(reports, params).to_dict("records")


def lines(explanation, key: str) -> str:
    return " ".join(explanation.step(key).lines)


def test_example_a_from_the_fixture_frames():
    frames = fx.example_a_frames()
    row = frames["results"].iloc[0].to_dict()
    e = explain(row, frames["indicators"].to_dict("records"), PARAMS)
    assert "= 440,00 ÷ 4 = 110,00." in lines(e, "nhk-sendiri")
    assert "NHK = 0,80 × 110,00 + 0,20 × 105,08 = 109,02." in lines(e, "ikm")
    assert "NPK = 0,60 × 107,14 + 0,25 × 92,00 + 0,15 × 120,00 = 105,29." in lines(e, "perilaku")
    # The seven ratings B rests on (example A: 4,4,3,4,3,4,4), each with its percent of expectation.
    assert (
        "Nilai atasan: Berorientasi Pelayanan 4 (110), Akuntabel 4 (110), Kompeten 3 (100), Harmonis 4 (110), "
        "Loyal 3 (100), Adaptif 4 (110), Kolaboratif 4 (110)."
    ) in lines(e, "perilaku")
    assert "NA = 0,70 × 109,02 + 0,30 × 105,29 = 107,90." in lines(e, "nilai-akhir")
    assert e.predikat == BAIK and e.notices == ()
    decided = [(hk, label) for hk, cells in e.matrix for label, flag in cells if flag]
    assert decided == [(SESUAI, BAIK)]


def test_a_store_without_the_ratings_points_to_the_tab():
    row = {k: v for k, v in fx.example_a_frames()["results"].iloc[0].to_dict().items() if not k.startswith("rating_")}
    assert "Nilai per unsur ada di tab Penilaian Atasan." in lines(explain(row, [], PARAMS), "perilaku")


def test_example_b_discipline_gate():
    row, indicators = scored([(10, 10, "Naik", 1), (4, 4, "Naik", 1)], ([4] * 7, 4), (0, 0, 5))
    e = explain(row, indicators, PARAMS)
    assert "D (Disiplin) = maks(0; 100 − 10 × 5 − 2 × (0 + 0)) = 50,00" in lines(e, "perilaku")
    assert "NPK = 0,60 × 110,00 + 0,25 × 50,00 + 0,15 × 110,00 = 95,00." in lines(e, "perilaku")
    assert "Tanpa Keterangan 5 hari (batas 5 hari)" in lines(e, "gerbang")
    assert (
        f"Menurut angkanya NPK 95,00 adalah {SESUAI}, tetapi gerbang disiplin membuat Rating Perilaku {DI_BAWAH}."
    ) in lines(e, "rating-pk")
    assert f"→ {KURANG}" in lines(e, "predikat")
    assert "NA = 0,70 × 100,00 + 0,30 × 95,00 = 98,50." in lines(e, "nilai-akhir")


def test_without_attendance_the_weights_are_rescaled():
    row, indicators = scored([(10, 10, "Naik", 1)], ([4] * 7, 5))
    text = lines(explain(row, indicators, PARAMS), "perilaku")
    assert "Presensi bulan ini tidak ada, sehingga D tidak dihitung." in text
    assert "0,60 ÷ 0,75 = 0,80 dan 0,15 ÷ 0,75 = 0,20" in text
    assert "NPK = 0,80 × 110,00 + 0,20 × 120,00 = 112,00." in text
    assert "tidak dapat diperiksa" in lines(explain(row, indicators, PARAMS), "gerbang")


def test_without_supervisor_rating_there_is_no_npk_or_predikat():
    row, indicators = scored([(10, 10, "Naik", 1)], None, (0, 0, 0))
    e = explain(row, indicators, PARAMS)
    assert "Penilaian atasan belum ada" in lines(e, "perilaku")
    assert "belum ada rating" in lines(e, "rating-pk")
    assert "salah satu rating belum ada" in lines(e, "predikat")
    assert "memerlukan NHK dan NPK" in lines(e, "nilai-akhir")
    assert not any(flag for _, cells in e.matrix for _, flag in cells)


def test_without_indicators_there_is_no_nhk():
    row, indicators = scored([], ([3] * 7, 3), (0, 0, 0))
    e = explain(row, indicators, PARAMS)
    assert "Belum ada indikator yang sah" in lines(e, "nhk-sendiri")
    assert "Belum ada NHK" in lines(e, "rating-hk")


def test_not_public_service_and_insufficient_ikm_say_why():
    row, indicators = scored([(10, 10, "Naik", 1)], ([3] * 7, 3), (0, 0, 0), public=False)
    assert "tidak berada di layanan publik" in lines(explain(row, indicators, PARAMS), "ikm")
    emp_ikm = pd.DataFrame(
        {
            "period": ["2026-10"],
            "nip": [NIP],
            "ikm": [70.0],
            "ikm_responses": [12],
            "ikm_source": ["opd"],
            "ikm_sufficient": [False],
        }
    )
    row, indicators = scored([(10, 10, "Naik", 1)], ([3] * 7, 3), (0, 0, 0), public=True, emp_ikm=emp_ikm)
    text = lines(explain(row, indicators, PARAMS), "ikm")
    assert "IKM OPD belum dipakai: baru 12 responden (minimal 20)." in text
    assert "NHK = NHK sendiri = 100,00." in text


def test_responses_are_counted_with_a_thousands_dot():
    frames = fx.example_a_frames()
    row = {**frames["results"].iloc[0].to_dict(), "ikm_responses": 4130}
    text = lines(explain(row, frames["indicators"].to_dict("records"), PARAMS), "ikm")
    assert "dari 4.130 responden (minimal 20)" in text, text


def test_capped_and_floored_indicators():
    row, indicators = scored([(10, 15, "Naik", 1), (4, 10, "Turun", 1)], ([3] * 7, 3), (0, 0, 0))
    e = explain(row, indicators, PARAMS)
    high, low = e.indicators
    assert high.formula == "100 × 15 ÷ 10 = 150,00" and high.capped == "120,00" and high.was_capped
    assert low.formula == "100 × (2 − 10 ÷ 4) = 0,00 (paling rendah 0)" and low.low and not low.was_capped
    assert "(1 × 120,00 + 1 × 0,00) ÷ 2 = 120,00 ÷ 2 = 60,00." in lines(e, "nhk-sendiri")


def test_many_indicators_are_summed_not_listed():
    row, indicators = scored([(10, 10, "Naik", 1)] * 13, ([3] * 7, 3), (0, 0, 0))
    text = lines(explain(row, indicators, PARAMS), "nhk-sendiri")
    assert text.endswith("NHK sendiri = Σ(b × c′) ÷ Σb = 1.300,00 ÷ 13 = 100,00.")


@pytest.mark.parametrize(
    "value, expected",
    [
        (110.0, "NHK 110,00 ≥ 110 → Di Atas Ekspektasi (batas 110 menentukan)."),
        (109.995, "NHK 110,00 ≥ 110 → Di Atas Ekspektasi"),  # rounded half-up before comparing
        (90.0, "NHK 90,00 ≥ 90 dan di bawah 110 → Sesuai Ekspektasi"),
        (89.994, "NHK 89,99 di bawah 90 → Di Bawah Ekspektasi (batas 90 menentukan)."),
    ],
)
def test_rating_reason_names_the_threshold(value, expected):
    assert rating_reason("NHK", value, PARAMS).startswith(expected)


def test_changed_rules_are_noticed():
    frames = fx.example_a_frames()
    row = frames["results"].iloc[0].to_dict()
    stricter = dataclasses.replace(PARAMS, threshold_above=105.0)
    e = explain(row, frames["indicators"].to_dict("records"), stricter)
    assert e.notices and "batas yang berlaku sekarang berbeda" in e.notices[0]


def test_example_e_complaint_handling_step():
    """Issue 12, item 9: the officer's own complaint handling in the citizens' step (example E)."""
    emp_ikm = pd.DataFrame(
        {
            "period": ["2026-10"],
            "nip": [NIP],
            "ikm": [23875 / 261],
            "ikm_responses": [29],
            "ikm_source": ["unit"],
            "ikm_sufficient": [True],
        }
    )
    row, indicators = scored([(10, 10, "Naik", 1)], ([3] * 7, 3), (0, 0, 0), public=True, emp_ikm=emp_ikm)
    row = {
        **row,
        "complaints_counted": 4,
        "complaints_on_time": 3,
        "c_aduan": 93.75,
        "nhk": 80 + 0.1 * row["c_ikm"] + 9.375,
    }
    text = lines(explain(row, indicators, PARAMS), "ikm")
    assert "3 dari 4 pengaduan yang ditangani selesai dalam 5 hari kerja" in text
    assert "Capaian pengaduan = min(120; 100 × 0,75 ÷ 0,8) = 93,75." in text
    assert "NHK = 0,80 × 100,00 + 0,10 × 119,40 + 0,10 × 93,75 = 101,32." in text
    # Only the complaints apply (no Layanan Publik on the roster)
    row, indicators = scored([(10, 10, "Naik", 1)], ([3] * 7, 3), (0, 0, 0))
    row = {**row, "complaints_counted": 4, "complaints_on_time": 3, "c_aduan": 93.75, "nhk": 98.75}
    text = lines(explain(row, indicators, PARAMS), "ikm")
    assert "tidak berada di layanan publik" in text
    assert "NHK = 0,80 × 100,00 + 0,20 × 93,75 = 98,75." in text
