"""scoring/completeness.py: who has not reported, been rated or attended, per agency and month."""

import numpy as np
import pandas as pd
import pytest

from scoring.completeness import COLUMNS, completeness
from scoring.employee import MISSING_RATING, score_employees
from scoring.params import ScoringParams

MORE = "lihat kolom Data Belum Lengkap di Hasil Kinerja"


def results(rows):
    """Result rows from (period, nip, name, indicators, has_rating, has_attendance, active)."""
    frame = pd.DataFrame(
        rows, columns=["period", "nip", "name", "indicators", "has_rating", "has_attendance", "active"]
    )
    return frame.assign(agency="DINKES")


def row_of(out, period="2026-10", agency="DINKES"):
    return out[(out["period"] == period) & (out["agency"] == agency)].iloc[0]


def test_counts_share_and_lists_name_who_to_chase():
    frame = results(
        [
            ("2026-10", "3", "Rina", 2, True, True, True),  # complete
            ("2026-10", "1", "Budi", 0, True, True, True),  # no report
            ("2026-10", "2", "Ani", 3, False, False, True),  # no rating, no attendance
            ("2026-10", "4", "Dodi", 0, False, False, False),  # inactive: not chased, not counted
        ]
    )
    row = row_of(completeness(frame))
    assert (row["headcount"], row["complete"]) == (3, 1)
    assert row["complete_share"] == pytest.approx(1 / 3)
    assert (row["n_not_reported"], row["n_not_rated"], row["n_no_attendance"]) == (1, 1, 1)
    assert row["not_reported"] == "Budi (1)"
    assert row["not_rated"] == "Ani (2)" and row["no_attendance"] == "Ani (2)"
    assert "Dodi" not in " ".join(row[["not_reported", "not_rated", "no_attendance"]])


def test_lists_are_sorted_by_name_and_joined_with_semicolons():
    frame = results(
        [
            ("2026-10", "9", "citra", 0, True, True, True),
            ("2026-10", "8", "Bayu", 0, True, True, True),
            ("2026-10", "7", "Agus", 0, True, True, True),
            ("2026-10", "6", "Bayu", 0, True, True, True),  # same name: NIP decides
        ]
    )
    assert row_of(completeness(frame))["not_reported"] == "Agus (7); Bayu (6); Bayu (8); citra (9)"


def test_long_lists_are_truncated_with_the_count_of_the_rest():
    frame = results([("2026-10", f"{n:02d}", f"Pegawai {n:02d}", 0, True, True, True) for n in range(42)])
    row = row_of(completeness(frame, max_names=30))
    names = row["not_reported"].split("; ")
    assert len(names) == 31 and names[0] == "Pegawai 00 (00)" and names[29] == "Pegawai 29 (29)"
    assert names[30] == f"… dan 12 lainnya ({MORE})"
    assert row["n_not_reported"] == 42
    exactly = row_of(completeness(frame.iloc[:30], max_names=30))
    assert "lainnya" not in exactly["not_reported"]


def test_everyone_complete_gives_empty_lists_and_share_one():
    frame = results([("2026-10", "1", "Rina", 1, True, True, True), ("2026-10", "2", "Budi", 2, True, True, True)])
    row = row_of(completeness(frame))
    assert row["complete_share"] == 1.0 and row["complete"] == 2
    assert (row["not_reported"], row["not_rated"], row["no_attendance"]) == ("", "", "")
    assert (row["n_not_reported"], row["n_not_rated"], row["n_no_attendance"]) == (0, 0, 0)


def test_one_row_per_agency_and_period_even_with_nobody_active():
    frame = pd.concat(
        [
            results([("2026-09", "1", "Rina", 0, False, False, True), ("2026-10", "1", "Rina", 1, True, True, True)]),
            # Nonaktif with no data that month: not counted (Nonaktif with data would be: see counted()).
            results([("2026-10", "5", "Tono", 0, False, False, False)]).assign(agency="DISDIK"),
        ],
        ignore_index=True,
    )
    out = completeness(frame)
    assert list(out.columns) == COLUMNS
    assert list(zip(out["agency"], out["period"])) == [
        ("DINKES", "2026-09"),
        ("DINKES", "2026-10"),
        ("DISDIK", "2026-10"),
    ]
    assert row_of(out, "2026-09")["not_reported"] == "Rina (1)"
    disdik = row_of(out, agency="DISDIK")
    assert disdik["headcount"] == 0 and np.isnan(disdik["complete_share"]) and disdik["no_attendance"] == ""


def test_a_nonaktif_employee_with_data_that_month_is_counted_and_chased():
    frame = results([("2026-10", "1", "Rina", 1, True, True, True), ("2026-10", "5", "Tono", 1, True, False, False)])
    row = row_of(completeness(frame))
    assert row["headcount"] == 2 and row["complete"] == 1 and row["no_attendance"] == "Tono (5)"


def test_values_from_the_store_and_missing_active_column():
    frame = results([("2026-10", "1", "Rina", 2.0, 1, 0, 1), ("2026-10", "2", None, np.nan, 0, 1, None)])
    row = row_of(completeness(frame))
    assert row["headcount"] == 2  # a blank `active` counts as active
    assert row["not_reported"] == "2" and row["not_rated"] == "2" and row["no_attendance"] == "Rina (1)"
    without_active = completeness(frame.drop(columns="active"))
    assert row_of(without_active)["headcount"] == 2


def test_a_missing_supervisor_rating_from_score_employees():
    employees = pd.DataFrame(
        {
            "agency": "X",
            "nip": ["1", "2"],
            "name": ["Rina", "Budi"],
            "position": "",
            "unit": "",
            "public_service": False,
            "active": True,
        }
    )
    reports = pd.DataFrame(
        {
            "period": "2026-10",
            "nip": ["1", "2"],
            "indicator": "a",
            "target": 1.0,
            "actual": 1.0,
            "direction": "Naik",
            "weight": 1.0,
        }
    )
    ratings = pd.DataFrame(
        {
            "period": ["2026-10"],
            "nip": ["1"],
            **{
                k: [3]
                for k in (
                    "service",
                    "accountable",
                    "competent",
                    "harmonious",
                    "loyal",
                    "adaptive",
                    "collaborative",
                    "initiative",
                )
            },
            "feedback": [""],
            "rater_nip": [""],
        }
    )
    attendance = pd.DataFrame(
        {
            "period": "2026-10",
            "nip": ["1", "2"],
            "work_days": 21,
            "present": 21,
            "late": 0,
            "early_leave": 0,
            "absent": 0,
        }
    )
    scored = score_employees(employees, reports, ratings, attendance, None, ScoringParams())
    row = row_of(completeness(scored.merge(employees[["nip", "active"]], on="nip")), agency="X")
    assert row["not_rated"] == "Budi (2)" and row["complete"] == 1 and row["complete_share"] == 0.5
    assert MISSING_RATING in scored.loc[scored["nip"] == "2", "missing"].iloc[0]


def test_empty_input_and_input_never_mutated():
    empty = completeness(results([]))
    assert empty.empty and list(empty.columns) == COLUMNS
    assert empty.dtypes["complete_share"] == np.float64 and empty.dtypes["headcount"] == np.int64
    frame = results([("2026-10", "1", "Rina", 0, False, True, True)])
    before = frame.copy()
    completeness(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_rejected_row_lists_given_per_result_row_name_the_same_rows():
    from scoring.rejected import TAB_RATING, TAB_REPORT

    frame = results(
        [
            ("2026-10", "1", "Budi", 0, False, True, True),
            ("2026-10", "2", "Citra", 3, False, True, False),  # Nonaktif with data: counted
            ("2026-10", "3", "Dewi", 0, False, False, False),  # Nonaktif without data: not chased
        ]
    )
    rejected = pd.DataFrame(
        [("DINKES", "2026-10", "1", TAB_RATING, 12), ("DINKES", "2026-10", "2", TAB_REPORT, 7)],
        columns=["agency", "period", "nip", "tab", "row"],
    )
    refused = {
        TAB_RATING: np.array(["baris 12", "", "baris 40"], dtype=object),
        TAB_REPORT: np.array(["", "baris 7", ""], dtype=object),
    }
    by_rows = completeness(frame, rejected=rejected)
    given = completeness(frame, refused=refused)
    pd.testing.assert_frame_equal(given, by_rows)
    assert (
        row_of(given)["not_rated"]
        == "Budi (1) — baris 12 di tab Penilaian Atasan ditolak, lihat tab Validasi; Citra (2)"
    )
