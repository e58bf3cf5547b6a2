"""scoring/rejected.py and its use in the Catatan: a filled-but-rejected input is not a missing one."""

import numpy as np
import pandas as pd

from scoring import catatan_penilaian, with_capaian
from scoring.rejected import TAB_ATTENDANCE, TAB_RATING, TAB_REPORT, missing_with_rejected, rejected_rows, row_list
from tests.scoring.test_employee import BUDI, CITRA, PARAMS, employees, reports
from tests.scoring.test_feedback import FEEDBACK, NO_CATEGORIES, OCT, score


def rejected(*rows):
    return pd.DataFrame(rows, columns=["period", "nip", "tab", "row"]).astype({"row": "int64"})


def test_row_lists_read_the_indonesian_way():
    assert row_list([12]) == "baris 12"
    assert row_list([15, 12]) == "baris 12 dan 15"
    assert row_list([12, 15, 20]) == "baris 12, 15, dan 20"
    assert row_list([4, 5, 9, 12, 12, 30]) == "baris 4, 5, 9, dan 2 baris lain"


def test_rows_are_matched_by_month_and_nip_only():
    frame = rejected(
        (OCT, BUDI, TAB_RATING, 12),
        (OCT, BUDI, TAB_RATING, 15),
        ("2026-09", CITRA, TAB_RATING, 3),
        (OCT, CITRA, TAB_REPORT, 7),
    )
    got = rejected_rows([OCT, OCT, "2026-09", OCT], [BUDI, CITRA, CITRA, "x"], frame, TAB_RATING)
    assert list(got) == ["baris 12 dan 15", "", "baris 3", ""]


def notes(results, report_rows, refused):
    return catatan_penilaian(
        results, with_capaian(reports(report_rows), PARAMS), None, NO_CATEGORIES, PARAMS, FEEDBACK, refused
    )


def test_an_unfilled_report_and_a_rejected_rating_are_told_apart():
    staff = employees([(BUDI, "Budi", False, True)])
    results = score(staff, [], [], [(OCT, BUDI, 0, 0, 0)])
    text = notes(results, [], rejected((OCT, BUDI, TAB_RATING, 12), (OCT, BUDI, TAB_RATING, 15))).iloc[0]
    assert text.startswith(
        "Nilai belum dapat dihitung karena laporan kinerja bulan ini belum diisi dan penilaian atasan bulan ini "
        "ditolak (baris 12 dan 15 di tab Penilaian Atasan; lihat tab Validasi); mohon pegawai mengisi tab Laporan Kinerja dan atasan "
        "langsung memperbaiki baris tersebut di tab Penilaian Atasan."
    )
    missing = missing_with_rejected(results, rejected((OCT, BUDI, TAB_RATING, 12)))
    assert list(missing) == [
        "Laporan kinerja belum diisi (diisi pegawai); "
        "Penilaian atasan: baris 12 di tab Penilaian Atasan ditolak — lihat tab Validasi (diperbaiki atasan)"
    ]


def test_rejected_attendance_of_a_scored_month():
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [4] * 7, 5, "")], [])
    text = notes(results, report_rows, rejected((OCT, BUDI, TAB_ATTENDANCE, 9))).iloc[0]
    assert "Presensi bulan ini ditolak (baris 9 di tab Presensi; lihat tab Validasi); sampai admin presensi" in text
    assert "belum ada" not in text


def test_a_rejected_rating_row_beside_a_used_one_changes_nothing():
    # A later rating row was used: the month is rated, and its note is the plain one.
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)]
    results = score(staff, report_rows, [(OCT, BUDI, [4] * 7, 5, "")], [(OCT, BUDI, 0, 0, 0)])
    refused = rejected((OCT, BUDI, TAB_RATING, 3))
    assert notes(results, report_rows, refused).equals(notes(results, report_rows, None))
    assert np.array_equal(missing_with_rejected(results, refused), results["missing"].to_numpy(dtype=object))


def test_a_rejected_indicator_row_beside_used_ones_is_not_called_all_indicators():
    # Three indicators used and a fourth rejected (the demo's Nasrul, row 923, Target 0): the note
    # names the row, and no longer says "Semua indikator Anda".
    staff = employees([(BUDI, "Budi", False, True)])
    report_rows = [(OCT, BUDI, 10, 10, "Naik", 1)] * 3
    results = score(staff, report_rows, [(OCT, BUDI, [4] * 7, 5, "")], [(OCT, BUDI, 0, 0, 0)])
    plain = notes(results, report_rows, None).iloc[0]
    assert "Semua indikator Anda mencapai minimal 90%" in plain
    text = notes(results, report_rows, rejected((OCT, BUDI, TAB_REPORT, 923))).iloc[0]
    assert "Semua indikator Anda" not in text
    assert "Semua indikator yang dihitung mencapai minimal 90%" in text
    assert (
        "Baris 923 di tab Laporan Kinerja ditolak sehingga indikatornya tidak dihitung dalam nilai ini; "
        "perbaiki barisnya (lihat tab Validasi)." in text
    )
    # The Data Belum Lengkap text stays empty: the report is there, only one row of it is not.
    assert list(missing_with_rejected(results, rejected((OCT, BUDI, TAB_REPORT, 923)))) == [""]


def test_rejected_notes_list_every_rejected_row_of_the_month_with_its_tab_and_reason():
    from scoring.rejected import rejected_notes

    frame = rejected(
        (OCT, BUDI, TAB_ATTENDANCE, 260),
        (OCT, BUDI, TAB_REPORT, 923),
        (OCT, BUDI, TAB_REPORT, 921),
        ("2026-09", BUDI, TAB_REPORT, 5),
    ).assign(reason=["Hadir 19", "Target 0", "", "Bobot 0"])
    got = rejected_notes([OCT, "2026-09", OCT], [BUDI, BUDI, CITRA], frame)
    assert got[0].split("\n") == [
        "Baris 921 di tab Laporan Kinerja ditolak — tidak dihitung; perlu diperbaiki pegawai, lihat tab Validasi",
        "Baris 923 di tab Laporan Kinerja ditolak (Target 0) — tidak dihitung; perlu diperbaiki pegawai, "
        "lihat tab Validasi",
        "Baris 260 di tab Presensi ditolak (Hadir 19) — tidak dihitung; perlu diperbaiki admin presensi, "
        "lihat tab Validasi",
    ]
    assert got[1].startswith("Baris 5 di tab Laporan Kinerja ditolak (Bobot 0)")
    assert got[2] == ""


def test_the_rejected_rows_are_read_back_from_the_data_belum_lengkap_text():
    from scoring.rejected import rejected_from_missing

    staff = employees([(BUDI, "Budi", False, True), (CITRA, "Citra", False, True)])
    results = score(staff, [], [], [(OCT, BUDI, 0, 0, 0), (OCT, CITRA, 0, 0, 0)])
    refused = rejected(
        (OCT, BUDI, TAB_RATING, 12),
        (OCT, BUDI, TAB_RATING, 15),
        (OCT, BUDI, TAB_REPORT, 4),
        (OCT, BUDI, TAB_REPORT, 5),
        (OCT, BUDI, TAB_REPORT, 9),
        (OCT, BUDI, TAB_REPORT, 30),
    )
    got = rejected_from_missing(missing_with_rejected(results, refused))
    nip = results["nip"].tolist()
    assert got[TAB_RATING][nip.index(BUDI)] == "baris 12 dan 15"
    assert got[TAB_REPORT][nip.index(BUDI)] == "baris 4, 5, 9, dan 1 baris lain"
    assert got[TAB_ATTENDANCE][nip.index(BUDI)] == ""  # attended: nothing missing, nothing told
    assert [got[tab][nip.index(CITRA)] for tab in (TAB_REPORT, TAB_RATING, TAB_ATTENDANCE)] == ["", "", ""]
    # A text stored before rows were named with their tab (a closed month) still reads back.
    old = "Presensi ditolak — lihat tab Validasi baris 260 (diperbaiki admin presensi)"
    assert list(rejected_from_missing([old])[TAB_ATTENDANCE]) == ["baris 260"]
    assert list(rejected_from_missing([None, "Presensi belum ada (diisi admin presensi)"])[TAB_ATTENDANCE]) == [
        "",
        "",
    ]
