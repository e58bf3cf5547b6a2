"""scoring/feedback.py: the Catatan Penilaian names the facts behind each score (docs/scoring.md §5)."""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from scoring import catatan_penilaian, ikm_table, score_employees, with_capaian
from scoring.feedback import FeedbackSettings
from scoring.ikm import NRR_COLUMNS
from scoring.vocabulary import BERAKHLAK_KEYS, BERAKHLAK_NAMES as SKM_BERAKHLAK_NAMES
from tests.scoring.test_employee import (
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
    # No rule applies: the suggestion names one of the two lowest values (Kompeten and Loyal, rated 3).
    assert "Saran pengembangan: 2 nilai BerAKHLAK Anda sama-sama dinilai 3 dari 5; bulan ini, kembangkan nilai " \
           "Loyal: " + FEEDBACK.berakhlak_loyal + "." in text  # fmt: skip
    assert "tanpa keterangan" not in text.lower()
    assert "Terus tingkatkan kecepatan layanan" not in text  # the Umpan Balik stays in its column
    assert 2 <= sentences(text) <= 5


def test_example_b_names_absence_gate_and_discipline_coaching():
    staff = employees([(BUDI, "Budi", False, True)])
    results = score(staff, B_REPORTS, [B_RATING], [B_ATTENDANCE])
    text = notes(results, B_REPORTS).iloc[0]
    assert "Kurang/Misconduct dengan Nilai Akhir 98,50" in text
    assert "Tanpa Keterangan 5 hari (batas 5 hari) sehingga Rating Perilaku menjadi Di Bawah Ekspektasi." in text
    assert "Saran pengembangan: " + FEEDBACK.discipline + "; nilai Disiplin Anda bulan ini 50,00." in text
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
    assert "Saran pengembangan: " + FEEDBACK.targets + ', dimulai dari indikator "Indikator 2" (capaian 70,50%).' \
        in text  # the lowest one  # fmt: skip


def test_discipline_outranks_missed_targets():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 85, "Naik", 1), (OCT, BUDI, 10, 12, "Naik", 1)]  # NHK 102,50: Sesuai
    results = score(staff, report_rows, [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 2, 1, 1)])
    text = notes(results, report_rows).iloc[0]  # D = 100 - 10 - 6 = 84 < 90, NPK 96,00: Sesuai
    assert "1 hari tanpa keterangan, 2 kali terlambat, dan 1 kali pulang cepat" in text
    assert FEEDBACK.discipline in text and FEEDBACK.targets not in text


def test_the_deciding_rating_outranks_discipline():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 50, "Naik", 1)]  # NHK 50: Rating Hasil Kerja decides (Butuh Perbaikan)
    results = score(staff, report_rows, [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 2, 1, 1)])
    text = notes(results, report_rows).iloc[0]
    assert FEEDBACK.targets in text and FEEDBACK.discipline not in text
    assert "Yang perlu diperbaiki bulan ini: 1 hari tanpa keterangan, 2 kali terlambat, dan 1 kali pulang cepat." \
        in text  # fmt: skip


def test_low_berakhlak_gives_behaviour_suggestion():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [2] * 7, 3, "")], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, report_rows).iloc[0]  # NPK 85,00: Rating Perilaku decides
    assert "BerAKHLAK 75,00 (ketujuh nilai dinilai 2 dari 5)" in text
    assert "Saran pengembangan: " + FEEDBACK.behaviour + ", dimulai dari nilai " in text


def test_low_berakhlak_not_deciding_still_comes_before_the_unit_element():
    staff = employees([(ANI, "Ani", True, True)])
    unit_ikm = pd.DataFrame([nrr_row(nrr_u3=2.8)])
    report_rows = [(OCT, ANI, 10, 12, "Naik", 1)]
    # B = 85,71 (under 90) but NPK = 51,43 + 25 + 18 = 94,43: Sesuai, predikat Baik.
    results = score(staff, report_rows, [(OCT, ANI, [2, 2, 2, 2, 3, 3, 3], 5, "")], [(OCT, ANI, 0, 0, 0)])
    results = results.assign(ikm=unit_ikm["ikm"].iloc[0], ikm_responses=40, ikm_source="unit", ikm_used=True,
                             ikm_note="")  # fmt: skip
    text = notes(results, report_rows, unit_ikm=unit_ikm).iloc[0]
    assert results["predikat"].iloc[0] == "Baik"
    assert "nilai BerAKHLAK 85,71 dari penilaian atasan" in text
    assert FEEDBACK.behaviour in text and FEEDBACK.u3 not in text
    assert "U3 Waktu Penyelesaian (NRR 2,80)" in text


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
    assert "Saran pengembangan: " + FEEDBACK.u3 + ", untuk memperbaiki unsur U3 Waktu Penyelesaian di unit Anda " \
           "(NRR 2,80)." in text  # fmt: skip
    assert "komponen terkuat adalah Hasil Kerja dan Perilaku Kerja, sama-sama 100,00." in text  # a tie
    assert "Semua indikator Anda mencapai minimal 90% dan presensi Anda tertib." in text


def test_lowest_element_above_the_bound_is_named_but_not_weak():
    text = public_employee_with_unit_ikm({"nrr_u7": 3.2})
    assert "U7 Perilaku Pelaksana (NRR 3,20)" in text
    assert FEEDBACK.u7 not in text and "ketujuh nilai BerAKHLAK Anda sama-sama dinilai 3 dari 5" in text


def test_config_override_changes_the_suggestion():
    custom = dataclasses.replace(FEEDBACK, u3="bimbingan teknis percepatan layanan perizinan")
    text = public_employee_with_unit_ikm({"nrr_u3": 2.8}, feedback=custom)
    assert "Saran pengembangan: bimbingan teknis percepatan layanan perizinan, untuk memperbaiki" in text
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
                   'keluhan warga terbanyak tentang "Antrean" dan "Biaya" (masing-masing 3 keluhan)',
                   "dari bulan lalu", "karena Rating Perilaku Di Bawah Ekspektasi", "Nilai Perilaku Kerja Anda",
                   "karena Rating Hasil Kerja Di Bawah Ekspektasi", "Nilai Hasil Kerja Anda"):  # fmt: skip
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


# ---- the note names what decided the predikat (issue 11, item 1) ------------------------------

# Four BerAKHLAK values rated 2 (75), three rated 3 (100): B = 600/7 = 85.71; Inisiatif 3 → 100;
# 1 day absent and 2 times late → D = 86. NPK = 51.43 + 21.50 + 15.00 = 87.93: Di Bawah by 2,07.
KURANG_RATING = (OCT, BUDI, [2, 2, 2, 2, 3, 3, 3], 3, "")
KURANG_ATTENDANCE = (OCT, BUDI, 2, 0, 1)


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def suggestion_of(text: str) -> str:
    return text[text.index("Saran pengembangan:") :]


def kurang_by_behaviour(na_change=2.19, public=False, unit_ikm=None):
    staff = employees([(BUDI, "Budi", public, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [KURANG_RATING], [KURANG_ATTENDANCE], na_change=na_change)
    if unit_ikm is not None:
        results = results.assign(ikm=unit_ikm["ikm"].iloc[0], ikm_responses=40, ikm_source="unit",
                                 ikm_used=True, ikm_note="")  # fmt: skip
    assert results["predikat"].iloc[0] == "Kurang/Misconduct"
    return notes(results, report_rows, unit_ikm=unit_ikm).iloc[0]


def test_kurang_by_behaviour_says_first_that_rating_perilaku_decided_with_the_numbers():
    text = kurang_by_behaviour()
    assert first_sentence(text) == (
        "Predikat kinerja Anda bulan ini Kurang/Misconduct dengan Nilai Akhir 96,38 (bulan lalu 94,19) "
        "karena Rating Perilaku Di Bawah Ekspektasi."
    )
    assert (
        "Nilai Perilaku Kerja Anda 87,93, kurang 2,07 poin dari batas 90; yang menurunkannya: BerAKHLAK 85,71 "
        "(Berorientasi Pelayanan, Akuntabel, Kompeten, dan Harmonis dinilai 2 dari 5) dan Disiplin 86,00 "
        "(1 hari tanpa keterangan dan 2 kali terlambat)." in text
    )
    assert "komponen terkuat" not in text and "naik" not in text
    assert "Yang perlu diperbaiki" not in text  # everything it would list is named above already
    assert 2 <= sentences(text) <= 5


def test_kurang_by_behaviour_suggests_the_employee_s_own_weakest_value_not_the_unit_element():
    unit_ikm = pd.DataFrame([nrr_row(nrr_u8=2.6)])  # the unit's weak U8, as in the example
    text = kurang_by_behaviour(public=True, unit_ikm=unit_ikm)
    suggestion = suggestion_of(text)
    assert FEEDBACK.u8 not in text
    assert suggestion.startswith("Saran pengembangan: " + FEEDBACK.behaviour)
    named = re.search(r"dimulai dari nilai (.+?) \(dinilai 2 dari 5\): ", suggestion)  # one of the lowest
    assert named and named[1] in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis")
    key = BERAKHLAK_KEYS[SKM_BERAKHLAK_NAMES.index(named[1])]
    assert getattr(FEEDBACK, f"berakhlak_{key}") in suggestion
    assert "U8 Penanganan Pengaduan" in text  # the unit's element is still named as a fact


def test_kurang_falling_na_has_no_cheer_and_no_comfort_either():
    text = kurang_by_behaviour(na_change=-1.5)
    assert "(bulan lalu 97,88)" in text and "turun" not in text and "komponen terkuat" not in text


def test_gated_kurang_names_the_gate_first_and_keeps_the_gate_sentence():
    staff = employees([(BUDI, "Budi", False, True)])
    results = score(staff, B_REPORTS, [B_RATING], [B_ATTENDANCE], na_change=3.0)
    text = notes(results, B_REPORTS).iloc[0]
    assert first_sentence(text) == (
        "Predikat kinerja Anda bulan ini Kurang/Misconduct dengan Nilai Akhir 98,50 (bulan lalu 95,50) "
        "karena Rating Perilaku Di Bawah Ekspektasi."
    )
    assert "Rating Perilaku menjadi Di Bawah Ekspektasi." in text
    assert "Nilai Perilaku Kerja Anda" not in text  # NPK 95,00 is not what decided it
    assert "Saran pengembangan: " + FEEDBACK.discipline in text


def sangat_kurang():
    # Indicators 70% and 90% → NHK 80 (Di Bawah by 10); all values 2, Inisiatif 2 → B = I = 75,
    # D = 100 → NPK = 45 + 25 + 11.25 = 81.25 (Di Bawah by 8,75).
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 70, "Naik", 1), (OCT, BUDI, 10, 9, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [2] * 7, 2, "")], [(OCT, BUDI, 0, 0, 0)], na_change=0.5)
    assert results["predikat"].iloc[0] == "Sangat Kurang"
    return notes(results, report_rows).iloc[0]


def test_sangat_kurang_names_both_ratings_with_their_numbers_and_what_pulled_them_down():
    text = sangat_kurang()
    assert first_sentence(text) == (
        "Predikat kinerja Anda bulan ini Sangat Kurang dengan Nilai Akhir 80,38 (bulan lalu 79,88) "
        "karena Rating Hasil Kerja dan Rating Perilaku Di Bawah Ekspektasi."
    )
    assert 'Nilai Hasil Kerja Anda 80,00, kurang 10,00 poin dari batas 90; yang menurunkannya: capaian ' \
           'indikator "Indikator 0" 70,00% (di bawah 90%).' in text  # fmt: skip
    assert "Nilai Perilaku Kerja Anda 81,25, kurang 8,75 poin dari batas 90; yang menurunkannya: BerAKHLAK " \
           "75,00 (ketujuh nilai dinilai 2 dari 5) dan Inisiatif 75,00 (dinilai 2 dari 5)." in text  # fmt: skip
    assert "komponen terkuat" not in text and "naik" not in text
    assert "Saran pengembangan: " + FEEDBACK.targets in text  # Hasil Kerja is further below
    assert 2 <= sentences(text) <= 5


def test_butuh_perbaikan_names_the_hasil_kerja_rating():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 100, 80, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [3] * 7, 3, "")], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, report_rows).iloc[0]
    assert first_sentence(text).endswith("karena Rating Hasil Kerja Di Bawah Ekspektasi.")
    assert "Nilai Hasil Kerja Anda 80,00, kurang 10,00 poin dari batas 90" in text
    assert "komponen terkuat" not in text


def test_tied_complaint_categories_are_all_named():
    results, survey = example_a()
    categories = pd.DataFrame(
        {"unit_id": UNIT_ID, "agency": AGENCY, "period": OCT,
         "category": ["Waktu Pelayanan", "Sarana dan Prasarana", "Biaya"], "count": [1, 1, 0]}
    )  # fmt: skip
    text = notes(results, EXAMPLE_A_REPORTS, survey, categories).iloc[0]
    assert 'keluhan warga terbanyak tentang "Sarana dan Prasarana" dan "Waktu Pelayanan" (masing-masing 1 keluhan)' \
        in text  # fmt: skip
    many = categories.assign(category=["A", "B", "C"], count=[2, 2, 2])
    many = pd.concat([many, many.assign(category=["D", "E", "F"])], ignore_index=True)
    text = notes(results, EXAMPLE_A_REPORTS, survey, many).iloc[0]
    assert "keluhan warga tersebar di 6 kategori (masing-masing 2 keluhan)" in text


def test_attendance_counts_are_joined_the_same_way_whatever_their_mix():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    texts = notes(score(staff, report_rows, [(OCT, BUDI, [4] * 7, 4, "")], [(OCT, BUDI, 0, 1, 2)]), report_rows)
    assert "2 hari tanpa keterangan dan 1 kali pulang cepat" in texts.iloc[0]


# ---- the general suggestion is specific and varies --------------------------------------------

YEAR = [f"2026-{m:02d}" for m in range(1, 13)]


def year_of_notes(rating_of, capaian=100):
    """Budi, on target and punctual, twelve months, rated rating_of(month) (7 values)."""
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(p, BUDI, 100, capaian, "Naik", 1) for p in YEAR] + [(p, BUDI, 10, 12, "Naik", 1) for p in YEAR]
    rating_rows = [(p, BUDI, rating_of(k), 4, "") for k, p in enumerate(YEAR)]
    results = score(staff, report_rows, rating_rows, [(p, BUDI, 0, 0, 0) for p in YEAR])
    assert (results["predikat"] == "Baik").all()
    return notes(results, report_rows)


def test_general_suggestion_names_the_lowest_value_with_its_rating():
    texts = year_of_notes(lambda k: [4, 4, 3, 4, 4, 4, 4])  # Kompeten lowest every month
    for text in texts:
        suggestion = suggestion_of(text)
        assert "nilai BerAKHLAK Anda yang terendah bulan ini adalah Kompeten (dinilai 3 dari 5)" in suggestion
        assert FEEDBACK.berakhlak_competent in suggestion and FEEDBACK.general not in suggestion


def test_general_suggestion_varies_month_to_month_when_the_values_tie():
    texts = year_of_notes(lambda k: [4] * 7)  # no value stands out: each is named in turn
    counts = texts.map(suggestion_of).value_counts()
    assert counts.max() <= 2 and len(counts) >= 6


def test_general_suggestion_alternates_with_the_indicator_closest_to_missing():
    texts = year_of_notes(lambda k: [4] * 7, capaian=95)
    counts = texts.map(suggestion_of).value_counts()
    assert counts.max() <= 6
    near = [t for t in texts if "(capaian 95,00%, paling dekat ke batas 90%)" in suggestion_of(t)]
    assert len(near) == 6  # every other month
    assert suggestion_of(near[0]).startswith('Saran pengembangan: indikator "Indikator ')
    assert FEEDBACK.near_target in suggestion_of(near[0])


def test_general_suggestion_follows_the_changing_weakest_value():
    def rating(k):
        values = [4] * 7
        values[k % 7] = 3
        return values

    texts = year_of_notes(rating)
    counts = texts.map(suggestion_of).value_counts()
    assert counts.max() <= 2
    assert "adalah Berorientasi Pelayanan (dinilai 3 dari 5)" in suggestion_of(texts.iloc[0])
    assert "adalah Akuntabel (dinilai 3 dari 5)" in suggestion_of(texts.iloc[1])


def test_same_input_gives_the_same_text():
    first = year_of_notes(lambda k: [4] * 7, capaian=95)
    assert first.tolist() == year_of_notes(lambda k: [4] * 7, capaian=95).tolist()


def test_catatan_names_the_officers_complaint_handling():
    """Issue 12, item 9: "3 dari 4 pengaduan selesai dalam 5 hari kerja" (SCORING.md example E)."""
    import datetime as dt

    from scoring.complaint_handling import officer_complaints
    from tests.scoring.test_complaint_handling import EXAMPLE_E_LOG, log

    staff = employees([(ANI, "Ani", True, True)])
    survey = survey_with_ikm_80_50()
    rows = [(ANI, received, resolved) for _, received, resolved in EXAMPLE_E_LOG]
    handled = officer_complaints(log(rows), PARAMS, dt.date(2026, 11, 30))
    result = score_employees(
        staff,
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
        emp_ikm_for(staff, [OCT], survey),
        PARAMS,
        [OCT],
        officer_complaints=handled,
    ).assign(unit_id=UNIT_ID, na_change=np.nan)
    text = notes(result, EXAMPLE_A_REPORTS, survey).iloc[0]
    assert "3 dari 4 pengaduan selesai dalam 5 hari kerja" in text
    assert "target 80%" in text
    assert sentences(text) <= 5
    plain, _ = example_a()
    assert "pengaduan selesai" not in notes(plain, EXAMPLE_A_REPORTS, survey).iloc[0]
