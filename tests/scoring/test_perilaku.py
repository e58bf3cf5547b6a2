import numpy as np
import pandas as pd
import pytest

from scoring.params import ScoringParams
from scoring.perilaku import BERAKHLAK_KEYS, INITIATIVE_KEY, percent_of_expectation, perilaku

PARAMS = ScoringParams()
NIP = "198001012006041001"
OTHER = "199002022015032002"


def ratings(rows):
    """rows: (period, nip, [7 BerAKHLAK ratings], initiative, feedback)."""
    return pd.DataFrame(
        [
            {
                "period": period,
                "nip": nip,
                **dict(zip(BERAKHLAK_KEYS, values)),
                INITIATIVE_KEY: initiative,
                "feedback": feedback,
                "rater_nip": "197001011995031001",
                "row": k + 2,
            }
            for k, (period, nip, values, initiative, feedback) in enumerate(rows)
        ],
        columns=["period", "nip", *BERAKHLAK_KEYS, INITIATIVE_KEY, "feedback", "rater_nip", "row"],
    )


def attendance(rows):
    """rows: (period, nip, late, early_leave, absent)."""
    return pd.DataFrame(
        [
            {"period": p, "nip": n, "work_days": 22, "present": 22 - a, "late": l, "early_leave": e, "absent": a}
            for p, n, l, e, a in rows
        ],
        columns=["period", "nip", "work_days", "present", "late", "early_leave", "absent"],
    )


def test_example_a():
    result = perilaku(
        ratings([("2026-10", NIP, [4, 4, 3, 4, 3, 4, 4], 5, "Pertahankan")]),
        attendance([("2026-10", NIP, 3, 1, 0)]),
        PARAMS,
    )
    row = result.iloc[0]
    assert round(row["b"], 4) == 107.1429  # (5 × 110 + 2 × 100) / 7
    assert row["i"] == 120.0
    assert row["d"] == 92.0  # 100 − 2 × (3 + 1)
    assert round(row["npk"], 2) == 105.29
    assert row["has_rating"] and row["has_attendance"] and not row["gate"]
    assert (row["absent"], row["late"], row["early_leave"]) == (0, 3, 1)
    assert row["feedback"] == "Pertahankan" and row["rater_nip"] == "197001011995031001"


def test_example_b_gate_flag():
    row = perilaku(ratings([("2026-10", NIP, [4] * 7, 4, "")]), attendance([("2026-10", NIP, 0, 0, 5)]), PARAMS).iloc[0]
    assert (row["b"], row["i"], row["d"]) == (110.0, 110.0, 50.0)
    assert row["npk"] == pytest.approx(95.0)
    assert row["gate"]


@pytest.mark.parametrize(("absent", "gate"), [(4, False), (5, True), (9, True)])
def test_gate_threshold(absent, gate):
    row = perilaku(ratings([]), attendance([("2026-10", NIP, 0, 0, absent)]), PARAMS).iloc[0]
    assert bool(row["gate"]) is gate


def test_discipline_floors_at_zero():
    row = perilaku(ratings([]), attendance([("2026-10", NIP, 30, 10, 8)]), PARAMS).iloc[0]
    assert row["d"] == 0.0


def test_no_attendance_rescales_weights():
    row = perilaku(ratings([("2026-10", NIP, [4] * 7, 5, "")]), attendance([]), PARAMS).iloc[0]
    assert not row["has_attendance"] and np.isnan(row["d"])
    assert pd.isna(row["absent"]) and pd.isna(row["late"]) and pd.isna(row["early_leave"])
    assert not row["gate"]
    assert row["npk"] == pytest.approx(0.6 / 0.75 * 110 + 0.15 / 0.75 * 120)  # 112


def test_no_rating_means_no_npk_but_keeps_attendance():
    row = perilaku(ratings([]), attendance([("2026-10", NIP, 1, 0, 0)]), PARAMS).iloc[0]
    assert not row["has_rating"] and np.isnan(row["npk"]) and np.isnan(row["b"])
    assert row["d"] == 98.0 and row["feedback"] == "" and row["rater_nip"] == ""


def test_union_of_both_inputs_sorted():
    result = perilaku(
        ratings([("2026-11", NIP, [3] * 7, 3, ""), ("2026-10", OTHER, [3] * 7, 3, "")]),
        attendance([("2026-10", NIP, 0, 0, 0), ("2026-10", OTHER, 0, 0, 0)]),
        PARAMS,
    )
    assert list(zip(result["period"], result["nip"])) == [
        ("2026-10", NIP),
        ("2026-10", OTHER),
        ("2026-11", NIP),
    ]
    assert list(result["has_rating"]) == [False, True, True]
    assert list(result["has_attendance"]) == [True, True, False]
    np.testing.assert_allclose(result["npk"], [np.nan, 100.0, 100.0])


def test_rating_table_and_weights_from_params():
    params = ScoringParams(
        rating_table={1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0},
        weight_berakhlak=0.5,
        weight_discipline=0.5,
        weight_initiative=0.0,
    )
    row = perilaku(ratings([("2026-10", NIP, [5] * 7, 1, "")]), attendance([("2026-10", NIP, 0, 0, 1)]), params).iloc[0]
    assert row["b"] == 100.0 and row["i"] == 0.0
    assert row["npk"] == pytest.approx(0.5 * 100 + 0.5 * 90)


def test_duplicate_rows_last_wins():
    result = perilaku(
        ratings([("2026-10", NIP, [1] * 7, 1, "lama"), ("2026-10", NIP, [5] * 7, 5, "baru")]),
        attendance([]),
        PARAMS,
    )
    assert len(result) == 1
    assert result["b"].iloc[0] == 120.0 and result["feedback"].iloc[0] == "baru"


def test_empty_inputs_give_empty_frame_with_columns():
    result = perilaku(ratings([]), attendance([]), PARAMS)
    assert result.empty
    assert {"b", "i", "d", "npk", "gate", "has_rating", "feedback"} <= set(result.columns)


def test_inputs_not_mutated():
    rated = ratings([("2026-10", NIP, [4] * 7, 4, "")])
    present = attendance([("2026-10", NIP, 0, 0, 0)])
    before = (rated.copy(), present.copy())
    perilaku(rated, present, PARAMS)
    pd.testing.assert_frame_equal(rated, before[0])
    pd.testing.assert_frame_equal(present, before[1])


def test_percent_of_expectation_table_and_unknown_values():
    result = percent_of_expectation(np.array([1, 2, 3, 4, 5, 0, 6, np.nan, 2.5]), PARAMS.rating_table)
    np.testing.assert_array_equal(result, [50, 75, 100, 110, 120, np.nan, np.nan, np.nan, np.nan])


def test_rating_table_with_string_keys_from_toml():
    result = percent_of_expectation(np.array([1, 5]), {"1": 50, "2": 75, "3": 100, "4": 110, "5": 120})
    np.testing.assert_array_equal(result, [50.0, 120.0])
