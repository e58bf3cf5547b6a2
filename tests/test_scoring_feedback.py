"""scoring/feedback.py: the Catatan Penilaian names the facts behind each score (SCORING.md §5)."""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from scoring import catatan_penilaian, ikm_table, score_employees, with_capaian
from scoring.feedback import SKM_ELEMENT_NAMES, FeedbackSettings
from scoring.ikm import NRR_COLUMNS
from sync.contract import SKM_ELEMENTS
from tests.test_scoring_employee import (
    AGENCY,
    ANI,
    BUDI,
    CITRA,
    EXAMPLE_A_ATTENDANCE,
    EXAMPLE_A_RATING,
    EXAMPLE_A_REPORTS,
    PARAMS,
    UNIT_ID,
    attendance,
    emp_ikm_for,
    employees,
    ratings,
    reports,
    survey_with_ikm_80_50,
)

FEEDBACK = FeedbackSettings()
OCT = "2026-10"
B_REPORTS = [(OCT, BUDI, 10, 10, "Naik", 1), (OCT, BUDI, 4, 4, "Naik", 1)]
B_RATING = (OCT, BUDI, [4] * 7, 4, "Umpan balik rahasia atasan untuk Budi.")
B_ATTENDANCE = (OCT, BUDI, 0, 0, 5)
NO_CATEGORIES = pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"])


def sentences(text: str) -> int:
    """Sentences end with '.', '!' or '?' before a space or the end (numbers use a comma)."""
    return len(re.findall(r"[.!?](?:\s|$)", text))


def score(staff, report_rows, rating_rows, attendance_rows, survey=None, na_change=np.nan):
    """Results as the pipeline hands them over: score_employees + unit_id + na_change."""
    periods = sorted({row[0] for row in [*report_rows, *rating_rows, *attendance_rows]}) or [OCT]
    emp_ikm = emp_ikm_for(staff, periods, survey) if survey is not None else None
    result = score_employees(
        staff, reports(report_rows), ratings(rating_rows), attendance(attendance_rows), emp_ikm, PARAMS, periods
    )
    unit_ids = staff.set_index("nip")["unit_id"]
    return result.assign(unit_id=result["nip"].map(unit_ids), na_change=na_change)


def notes(results, report_rows, survey=None, categories=NO_CATEGORIES, unit_ikm=None, feedback=FEEDBACK):
    if unit_ikm is None:
        unit_ikm = ikm_table(survey, ["unit_id", "period"], PARAMS) if survey is not None else None
    return catatan_penilaian(
        results, with_capaian(reports(report_rows), PARAMS), unit_ikm, categories, PARAMS, feedback
    )


def example_a(**kwargs):
    staff = employees([(ANI, "Ani", True, True)])
    survey = survey_with_ikm_80_50()
    results = score(staff, EXAMPLE_A_REPORTS, [EXAMPLE_A_RATING], [EXAMPLE_A_ATTENDANCE], survey, **kwargs)
    return results, survey


def nrr_row(unit_id=UNIT_ID, period=OCT, **nrr):
    """An IKM row with every NRR at 3.5 except the ones given (e.g. nrr_u3=2.8)."""
    values = {column: 3.5 for column in NRR_COLUMNS} | nrr
    ikm = 25.0 * sum(values.values()) / 9
    return {"unit_id": unit_id, "period": period, "respondents": 40, **values, "ikm": ikm, "sufficient": True}


def public_employee_with_unit_ikm(nrr_override, feedback=FEEDBACK):
    """Ani, fully on target and punctual, in a unit whose IKM (from nrr_row) was used."""
    staff = employees([(ANI, "Ani", True, True)])
    unit_ikm = pd.DataFrame([nrr_row(**nrr_override)])
    report_rows = [(OCT, ANI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, ANI, [3] * 7, 3, "")], [(OCT, ANI, 0, 0, 0)])
    results = results.assign(
        ikm=unit_ikm["ikm"].iloc[0], ikm_responses=40, ikm_source="unit", ikm_used=True, ikm_note=""
    )
    return notes(results, report_rows, unit_ikm=unit_ikm, feedback=feedback).iloc[0]


def test_skm_element_names_match_the_contract():
    assert SKM_ELEMENT_NAMES == tuple(f"{code} {name}" for _, code, name in SKM_ELEMENTS)


def test_example_a_names_strength_ikm_and_lateness():
    results, survey = example_a()
    categories = pd.DataFrame(
        {"unit_id": UNIT_ID, "agency": AGENCY, "period": OCT, "category": ["Biaya", "Waktu Pelayanan"],
         "count": [2, 4]}
    )  # fmt: skip
    text = notes(results, EXAMPLE_A_REPORTS, survey, categories).iloc[0]
    assert "Predikat kinerja Anda bulan ini Baik dengan Nilai Akhir 107,90" in text
    assert "komponen terkuat adalah Hasil Kerja (109,02)" in text  # NHK 109.02 > NPK 105.29
    assert "3 kali terlambat dan 1 kali pulang cepat" in text
    assert "IKM unit Anda bulan ini 80,50 (mutu B, Baik)" in text
    assert "keluhan warga terbanyak tentang Waktu Pelayanan (4 keluhan)" in text
    assert "di bawah 90%" not in text  # every indicator reached 90 %
    assert "Saran pengembangan: " + FEEDBACK.general.split(" (")[0] in text  # no rule applies
    assert "tanpa keterangan" not in text.lower()
    assert "Terus tingkatkan kecepatan layanan" not in text  # the Umpan Balik stays in its column
    assert 2 <= sentences(text) <= 5


def test_example_b_names_absence_gate_and_discipline_coaching():
    staff = employees([(BUDI, "Budi", False, True)])
    results = score(staff, B_REPORTS, [B_RATING], [B_ATTENDANCE])
    text = notes(results, B_REPORTS).iloc[0]
    assert "Kurang/Misconduct dengan Nilai Akhir 98,50" in text
    assert (
        "Tanpa Keterangan 5 hari (batas 5 hari) sehingga Rating Perilaku menjadi Di Bawah Ekspektasi." in text
    )
    assert "Saran pengembangan: " + FEEDBACK.discipline + "." in text
    assert "hari tanpa keterangan" not in text  # the gate sentence already names the days
    assert "IKM" not in text  # not public service
    assert "Umpan balik rahasia" not in text
    assert 2 <= sentences(text) <= 5


def test_indicator_under_90_named_with_capaian_and_targets_suggestion():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 85, "Naik", 1), (OCT, BUDI, 10, 10, "Naik", 1), (OCT, BUDI, 200, 141, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, report_rows).iloc[0]
    assert 'capaian indikator "Indikator 0" 85,00% dan "Indikator 2" 70,50% (di bawah 90%)' in text
    assert '"Indikator 1"' not in text
    assert "Saran pengembangan: " + FEEDBACK.targets + "." in text


def test_discipline_outranks_missed_targets():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 50, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 2, 1, 1)])
    text = notes(results, report_rows).iloc[0]  # D = 100 - 10 - 6 = 84 < 90
    assert "1 hari tanpa keterangan; 2 kali terlambat dan 1 kali pulang cepat" in text
    assert FEEDBACK.discipline in text and FEEDBACK.targets not in text


def test_low_berakhlak_gives_behaviour_suggestion():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [2] * 7, 3, "")], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, report_rows).iloc[0]
    assert "nilai BerAKHLAK 75,00 dari penilaian atasan" in text
    assert "Saran pengembangan: " + FEEDBACK.behaviour + "." in text


def test_missing_supervisor_rating_names_the_supervisor():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 12, "Naik", 1)]
    results = score(staff, report_rows, [], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, report_rows).iloc[0]
    assert text.startswith(
        "Nilai belum dapat dihitung karena penilaian atasan bulan ini belum diisi; "
        "mohon atasan langsung mengisinya di tab Penilaian Atasan."
    )
    assert "Sementara ini nilai Hasil Kerja Anda 120,00 (Di Atas Ekspektasi)." in text
    assert "Predikat" not in text
    assert 2 <= sentences(text) <= 5


def test_missing_attendance_names_the_attendance_admin():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [4] * 7, 5, "")], [])
    text = notes(results, report_rows).iloc[0]
    assert "Predikat kinerja Anda bulan ini" in text  # still scored without D
    assert "Presensi bulan ini belum ada" in text and "admin presensi" in text and "tab Presensi" in text
    assert "presensi Anda tertib" not in text


def test_missing_report_names_the_employee_and_everything_missing():
    staff = employees([(CITRA, "Citra", False, True)])
    results = score(staff, [], [], [])
    assert len(results) == 1
    text = notes(results, []).iloc[0]
    assert "laporan kinerja dan penilaian atasan bulan ini belum diisi, dan presensi juga belum ada" in text
    assert "mohon pegawai mengisi tab Laporan Kinerja, atasan langsung mengisi tab Penilaian Atasan, dan " \
           "admin presensi mengisi tab Presensi." in text  # fmt: skip
    assert text.endswith("Catatan lengkap akan tersedia setelah data tersebut masuk.")
    assert sentences(text) == 2


def test_missing_report_only_asks_the_employee():
    staff = employees([(BUDI, "Budi", False, True)])
    results = score(staff, [], [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, []).iloc[0]
    assert "karena laporan kinerja bulan ini belum diisi; mohon pegawai mengisinya di tab Laporan Kinerja." in text
    assert "Sementara ini nilai Perilaku Kerja Anda 100,00 (Sesuai Ekspektasi)." in text


@pytest.mark.parametrize(
    "change, expected",
    [
        (2.345, "Nilai Akhir 107,90, naik 2,35 poin dari bulan lalu;"),
        (-1.2, "Nilai Akhir 107,90, turun 1,20 poin dari bulan lalu;"),
        (0.001, "Nilai Akhir 107,90, sama dengan bulan lalu;"),
        (np.nan, "Nilai Akhir 107,90; komponen"),
    ],
)
def test_change_since_last_month(change, expected):
    results, survey = example_a(na_change=change)
    assert expected in notes(results, EXAMPLE_A_REPORTS, survey).iloc[0]


def test_weak_u3_gives_the_u3_suggestion_and_names_the_element():
    text = public_employee_with_unit_ikm({"nrr_u3": 2.8})
    assert "unsur dengan nilai terendah U3 Waktu Penyelesaian (NRR 2,80)" in text
    assert "Saran pengembangan: " + FEEDBACK.u3 + "." in text
    assert "komponen terkuat adalah Hasil Kerja dan Perilaku Kerja, sama-sama 100,00." in text  # a tie
    assert "Semua indikator Anda mencapai minimal 90% dan presensi Anda tertib." in text


def test_lowest_element_above_the_bound_is_named_but_not_weak():
    text = public_employee_with_unit_ikm({"nrr_u7": 3.2})
    assert "U7 Perilaku Pelaksana (NRR 3,20)" in text
    assert FEEDBACK.u7 not in text and FEEDBACK.general.split(" (")[0] in text


def test_config_override_changes_the_suggestion():
    custom = dataclasses.replace(FEEDBACK, u3="bimbingan teknis percepatan layanan perizinan")
    text = public_employee_with_unit_ikm({"nrr_u3": 2.8}, feedback=custom)
    assert "Saran pengembangan: bimbingan teknis percepatan layanan perizinan." in text
    assert FEEDBACK.u3 not in text
    stricter = dataclasses.replace(FEEDBACK, weak_element_nrr=3.3)
    assert FEEDBACK.u7 in public_employee_with_unit_ikm({"nrr_u7": 3.2}, feedback=stricter)


def test_too_few_responses_reuses_the_ikm_note():
    staff = employees([(ANI, "Ani", True, True)])
    survey = survey_with_ikm_80_50().iloc[:12]
    results = score(staff, EXAMPLE_A_REPORTS, [EXAMPLE_A_RATING], [EXAMPLE_A_ATTENDANCE], survey)
    text = notes(results, EXAMPLE_A_REPORTS, survey).iloc[0]
    assert "IKM unit belum dipakai: baru 12 responden (minimal 20)." in text
    assert "80,50" not in text  # an IKM from too few responses is not published


def test_agency_ikm_is_looked_up_under_its_opd_key():
    staff = employees([(ANI, "Ani", True, True)])
    unit_ikm = pd.DataFrame([nrr_row(unit_id=f"opd:{AGENCY}", nrr_u7=2.5)])
    report_rows = [(OCT, ANI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, ANI, [3] * 7, 3, "")], [(OCT, ANI, 0, 0, 0)]).assign(
        ikm=unit_ikm["ikm"].iloc[0], ikm_responses=40, ikm_source="opd", ikm_used=True, ikm_note=""
    )
    text = notes(results, report_rows, unit_ikm=unit_ikm).iloc[0]
    assert "IKM OPD Anda bulan ini" in text and "U7 Perilaku Pelaksana (NRR 2,50)" in text
    assert FEEDBACK.u7 in text


def realistic_results(results=None):
    """Forty employees over three months with every kind of gap, like an agency's real month;
    `results` replaces the scored rows (e.g. as read back from the store)."""
    rng = np.random.default_rng(7)
    nips = [f"19{k:016d}" for k in range(40)]
    staff = employees([(nip, f"Pegawai {k}", k % 2 == 0, True) for k, nip in enumerate(nips)])
    periods = ["2026-08", "2026-09", OCT]
    report_rows = [
        (p, n, float(rng.integers(5, 50)), float(rng.integers(0, 60)), "Turun" if rng.random() < 0.3 else "Naik",
         float(rng.integers(1, 4)))
        for p in periods for n in nips if rng.random() < 0.8 for _ in range(int(rng.integers(1, 6)))
    ]  # fmt: skip
    rating_rows = [
        (p, n, list(rng.integers(1, 6, 7)), int(rng.integers(1, 6)), "rahasia")
        for p in periods for n in nips if rng.random() < 0.75
    ]  # fmt: skip
    attendance_rows = [
        (p, n, int(rng.integers(0, 6)), int(rng.integers(0, 3)), int(rng.integers(0, 7)))
        for p in periods for n in nips if rng.random() < 0.75
    ]  # fmt: skip
    survey = pd.concat([survey_with_ikm_80_50(p) for p in periods[1:]], ignore_index=True)
    survey.loc[::3, "u3"] = 1  # a weak U3
    survey = survey.iloc[: len(survey) - 35]  # October: too few responses
    if results is None:
        results = score(staff, report_rows, rating_rows, attendance_rows, survey)
        results = results.assign(na_change=results.groupby("nip")["na"].diff())
    categories = pd.DataFrame(
        {"unit_id": UNIT_ID, "agency": AGENCY, "period": ["2026-09", "2026-09", OCT],
         "category": ["Antrean", "Biaya", "Petugas"], "count": [3, 3, 1]}
    )  # fmt: skip
    return results, notes(results, report_rows, survey, categories)


def test_every_row_of_a_realistic_frame_has_two_to_five_clean_sentences():
    results, texts = realistic_results()
    assert texts.index.equals(results.index) and len(texts) == 120
    counts = texts.map(sentences)
    assert counts.between(2, 5).all(), texts[~counts.between(2, 5)].tolist()
    for text in texts:
        assert isinstance(text, str) and text
        assert not re.search(r"\b(nan|None|NaN|NA|<NA>)\b", text), text
        assert "rahasia" not in text and "  " not in text and ".." not in text
    # the frame exercises the branches the counts rely on
    joined = " ".join(texts)
    for phrase in ("Nilai belum dapat dihitung", "Perlu diperhatikan: Tanpa Keterangan", "di bawah 90%",
                   "IKM unit Anda bulan ini", "IKM unit belum dipakai", "U3 Waktu Penyelesaian",
                   "keluhan warga terbanyak tentang Antrean (3 keluhan)", "dari bulan lalu"):  # fmt: skip
        assert phrase in joined, phrase


def test_numbers_round_half_up_with_a_decimal_comma():
    results, survey = example_a(na_change=0.125)  # binary 0.125 is exact: half-up gives 0,13
    assert "naik 0,13 poin" in notes(results, EXAMPLE_A_REPORTS, survey).iloc[0]


def test_a_number_past_int64_cents_is_formatted_not_an_index_error():
    """Found in the issue-9 review: a score of 1e17 or more (reachable with [scoring] capaian_cap =
    1e300) overflowed the int64 cents, the table lookup got index -2**63, and the agency failed
    with 'Galat internal IndexError'. Such a number is now written out (config keeps it away)."""
    results, survey = example_a(na_change=1e20)
    assert "naik 100000000000000000000,00 poin" in notes(results, EXAMPLE_A_REPORTS, survey).iloc[0]


def test_inputs_not_mutated_and_index_kept():
    results, survey = example_a()
    results = results.set_axis([41])
    copy = results.copy()
    out = notes(results, EXAMPLE_A_REPORTS, survey)
    pd.testing.assert_frame_equal(results, copy)
    assert list(out.index) == [41] and out.name == "catatan"


def test_empty_results_give_an_empty_series():
    results, _ = example_a()
    out = notes(results.iloc[:0], [])
    assert out.empty and out.dtype == object


def test_same_text_from_results_read_back_from_the_store():
    """The store keeps flags as 0/1 and missing texts as None; the note must not change."""
    results, texts = realistic_results()
    flags = ["public_service", "ikm_used", "has_rating", "has_attendance", "gate"]
    stored = results.astype({flag: "int64" for flag in flags}).astype(object)
    stored = stored.where(stored.notna(), None)
    assert stored["rating_hk"].isna().any()  # rows without a rating: None after the round trip
    assert realistic_results(stored)[1].tolist() == texts.tolist()


def test_no_unit_tables_at_all():
    results, _ = example_a()
    text = catatan_penilaian(results, with_capaian(reports(EXAMPLE_A_REPORTS), PARAMS), None, None, PARAMS, FEEDBACK)
    assert "IKM unit Anda bulan ini 80,50 (mutu B, Baik)." in text.iloc[0]  # the IKM itself is in results


def test_big_inputs_are_written_in_passes_with_the_same_text(monkeypatch):
    import scoring.feedback as feedback

    results, whole = realistic_results()
    monkeypatch.setattr(feedback, "CHUNK_ROWS", 25)  # 120 rows of 40 employees: five passes
    _results, passes = realistic_results(results)
    assert passes.index.equals(results.index)
    pd.testing.assert_series_equal(passes, whole)
