import random

import numpy as np
import pandas as pd
import pytest

from scoring.ikm import NRR_COLUMNS, SKM_KEYS, employee_ikm, ikm_table, mutu
from scoring.params import ScoringParams

PARAMS = ScoringParams()
UNIT = "unit:DPMPTSP:mpp"
AGENCY = "DPMPTSP"
BY_UNIT = ["unit_id", "period"]


def answers_with_total(total: int, respondents: int, rng: random.Random) -> list[int]:
    """`respondents` answers in 1–4 summing exactly to `total`, spread out and shuffled."""
    base, extra = divmod(total, respondents)
    values = [base + 1] * extra + [base] * (respondents - extra)
    for _ in range(respondents):  # move one point between two answers: the sum is unchanged
        up, down = rng.randrange(respondents), rng.randrange(respondents)
        if up != down and values[up] < 4 and values[down] > 1:
            values[up] += 1
            values[down] -= 1
    rng.shuffle(values)
    return values


def responses_with_totals(totals, respondents, unit_id=UNIT, agency=AGENCY, period="2026-10", seed=42):
    """A survey response frame whose U1..U9 columns sum to `totals`."""
    rng = random.Random(seed)
    columns = {key: answers_with_total(total, respondents, rng) for key, total in zip(SKM_KEYS, totals)}
    return pd.DataFrame(
        {
            "period": period,
            "timestamp": pd.Timestamp("2026-10-15 09:00"),
            "unit_id": unit_id,
            "agency": agency,
            "service": "Perizinan",
            **columns,
            "complaint": "",
            "complaint_category": "",
            "row": range(2, respondents + 2),
        }
    )


EXAMPLE_C_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)


def test_example_c():
    responses = responses_with_totals(EXAMPLE_C_TOTALS, 29)
    assert [int(responses[key].sum()) for key in SKM_KEYS] == list(EXAMPLE_C_TOTALS)
    assert responses[list(SKM_KEYS)].isin([1, 2, 3, 4]).all().all()
    table = ikm_table(responses, BY_UNIT, PARAMS)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["respondents"] == 29
    nrr = [round(row[column], 4) for column in NRR_COLUMNS]
    assert nrr == [3.6207, 3.4828, 3.4483, 4.0000, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655]
    assert round(row["ikm"], 2) == 91.48
    assert (row["mutu"], row["mutu_label"]) == ("A", "Sangat Baik")
    assert bool(row["sufficient"]) is True


def test_example_c_weight_011_is_the_published_mistake():
    row = ikm_table(responses_with_totals(EXAMPLE_C_TOTALS, 29), BY_UNIT, PARAMS).iloc[0]
    with_011 = 25 * 0.11 * sum(row[column] for column in NRR_COLUMNS)
    assert round(with_011, 2) == 90.56  # what a rounded weight of 0.11 gives
    assert round(row["ikm"], 2) == 91.48  # what the exact 1/9 gives


def test_ikm_of_exactly_80_50():
    # 50 respondents, 1449 points over 450 answers → Σ NRR = 28.98 → IKM = 25 × 28.98 / 9 = 80.50
    totals = (159, 161, 161, 161, 161, 161, 161, 161, 163)
    assert sum(totals) == 1449
    row = ikm_table(responses_with_totals(totals, 50), BY_UNIT, PARAMS).iloc[0]
    assert row["ikm"] == pytest.approx(80.50)
    assert row["mutu"] == "B"


def test_groups_by_any_key_and_pools():
    october = responses_with_totals(EXAMPLE_C_TOTALS, 29)
    november = responses_with_totals([87] * 9, 29, period="2026-11")  # all threes → IKM 75
    other_unit = responses_with_totals([58] * 9, 29, unit_id="unit:DPMPTSP:loket")  # mean 2 → 50
    both = pd.concat([october, november, other_unit], ignore_index=True)

    by_unit = ikm_table(both, BY_UNIT, PARAMS)
    assert list(zip(by_unit["unit_id"], by_unit["period"])) == [
        ("unit:DPMPTSP:loket", "2026-10"),
        (UNIT, "2026-10"),
        (UNIT, "2026-11"),
    ]
    np.testing.assert_allclose(by_unit["ikm"], [50.0, 23875 / 261, 75.0])

    by_agency = ikm_table(both, ["agency", "period"], PARAMS)
    assert list(by_agency["respondents"]) == [58, 29]

    pooled = ikm_table(both.assign(quarter="2026-Q4"), ["unit_id", "quarter"], PARAMS)
    unit_row = pooled[pooled["unit_id"] == UNIT].iloc[0]
    assert unit_row["respondents"] == 58
    # pooled answers: (955 + 783) points over 58 respondents and 9 elements
    assert unit_row["ikm"] == pytest.approx(25 * (955 + 783) / 58 / 9)


def test_invalid_responses_are_left_out():
    responses = responses_with_totals([87] * 9, 25)
    responses["u3"] = responses["u3"].astype(float)
    responses.loc[0, "u3"] = np.nan
    responses.loc[1, "u5"] = 5
    table = ikm_table(responses, BY_UNIT, PARAMS)
    assert table["respondents"].iloc[0] == 23


@pytest.mark.parametrize(("respondents", "sufficient"), [(19, False), (20, True)])
def test_sufficient_from_min_responses(respondents, sufficient):
    table = ikm_table(responses_with_totals([3 * respondents] * 9, respondents), BY_UNIT, PARAMS)
    assert bool(table["sufficient"].iloc[0]) is sufficient


def test_min_responses_from_params():
    table = ikm_table(responses_with_totals([57] * 9, 19), BY_UNIT, ScoringParams(min_responses=5))
    assert bool(table["sufficient"].iloc[0]) is True


def test_empty_responses_give_empty_table_with_columns():
    table = ikm_table(responses_with_totals([3] * 9, 1).iloc[0:0], BY_UNIT, PARAMS)
    assert table.empty
    assert {"respondents", *NRR_COLUMNS, "ikm", "mutu", "mutu_label", "sufficient"} <= set(table.columns)


def test_input_not_mutated():
    responses = responses_with_totals(EXAMPLE_C_TOTALS, 29)
    before = responses.copy()
    ikm_table(responses, BY_UNIT, PARAMS)
    pd.testing.assert_frame_equal(responses, before)


@pytest.mark.parametrize(
    ("ikm", "code", "label"),
    [
        (100.0, "A", "Sangat Baik"),
        (88.31, "A", "Sangat Baik"),
        (88.305, "A", "Sangat Baik"),  # rounds half-up to 88.31
        (88.304, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.605, "B", "Baik"),
        (76.604, "C", "Kurang Baik"),
        (65.00, "C", "Kurang Baik"),
        (64.995, "C", "Kurang Baik"),
        (64.994, "D", "Tidak Baik"),
        (25.0, "D", "Tidak Baik"),
    ],
)
def test_mutu_boundaries(ikm, code, label):
    codes, labels = mutu(np.array([ikm]))
    assert (codes[0], labels[0]) == (code, label)


def test_mutu_of_nan_is_none():
    codes, labels = mutu(np.array([np.nan]))
    assert codes[0] is None and labels[0] is None


# ---- employee_ikm -------------------------------------------------------------------------


def ikm_rows(key, rows):
    """rows: (key value, period, ikm, respondents)."""
    return pd.DataFrame(rows, columns=[key, "period", "ikm", "respondents"])


def employees_periods(rows):
    """rows: (nip, agency, unit_id); all in 2026-10."""
    return pd.DataFrame(
        [{"period": "2026-10", "nip": nip, "agency": agency, "unit_id": unit} for nip, agency, unit in rows]
    )


def test_employee_ikm_unit_then_agency_then_best_insufficient():
    staff = employees_periods(
        [
            ("1" * 18, "A", "unit:A:x"),  # unit sufficient → unit
            ("2" * 18, "A", "unit:A:y"),  # unit 12, agency 40 → agency
            ("3" * 18, "B", "unit:B:z"),  # unit 12, agency 15 → neither; agency has more
            ("4" * 18, "C", "unit:C:w"),  # unit 9, agency 9 → neither; tie → unit
            ("5" * 18, "D", "unit:D:v"),  # nothing anywhere
            ("6" * 18, "A", ""),  # Unit Kerja matches no service unit → agency
        ]
    )
    units = ikm_rows(
        "unit_id",
        [
            ("unit:A:x", "2026-10", 90.0, 25),
            ("unit:A:y", "2026-10", 70.0, 12),
            ("unit:B:z", "2026-10", 60.0, 12),
            ("unit:C:w", "2026-10", 66.0, 9),
            ("unit:A:y", "2026-11", 50.0, 30),  # another month: not used for October
        ],
    )
    agencies = ikm_rows(
        "agency",
        [("A", "2026-10", 80.0, 40), ("B", "2026-10", 61.0, 15), ("C", "2026-10", 67.0, 9)],
    )
    result = employee_ikm(staff, units, agencies, PARAMS)
    assert list(result.columns) == [
        "period",
        "nip",
        "ikm",
        "ikm_responses",
        "ikm_source",
        "ikm_sufficient",
        "ikm_minimum",
    ]
    assert list(result["nip"]) == list(staff["nip"])
    assert list(result["ikm_source"]) == ["unit", "opd", "opd", "unit", "", "opd"]
    np.testing.assert_allclose(result["ikm"], [90.0, 80.0, 61.0, 66.0, np.nan, 80.0])
    assert list(result["ikm_responses"]) == [25, 40, 15, 9, 0, 40]
    assert list(result["ikm_sufficient"]) == [True, True, False, False, False, True]


def test_employee_ikm_from_real_tables_falls_back_to_agency():
    unit_responses = responses_with_totals([36] * 9, 12, unit_id="unit:DPMPTSP:loket")  # all threes
    agency_responses = responses_with_totals([40] * 9, 20, unit_id="opd:DPMPTSP", seed=7)  # all twos
    both = pd.concat([unit_responses, agency_responses], ignore_index=True)
    result = employee_ikm(
        employees_periods([("1" * 18, AGENCY, "unit:DPMPTSP:loket")]),
        ikm_table(both, BY_UNIT, PARAMS),
        ikm_table(both, ["agency", "period"], PARAMS),
        PARAMS,
    )
    row = result.iloc[0]
    assert row["ikm_source"] == "opd" and row["ikm_responses"] == 32 and row["ikm_sufficient"]
    assert row["ikm"] == pytest.approx(25 * (12 * 3 + 20 * 2) / 32)  # pooled over 32 respondents


def test_employee_ikm_accepts_empty_object_typed_tables():
    # e.g. no survey yet, or tables read back from the results store
    empty = pd.DataFrame(columns=["unit_id", "agency", "period", "respondents", "ikm", "sufficient"])
    result = employee_ikm(
        employees_periods([("1" * 18, "A", "unit:A:x")]),
        empty.drop(columns=["agency"]),
        empty.drop(columns=["unit_id"]),
        PARAMS,
    )
    row = result.iloc[0]
    assert np.isnan(row["ikm"]) and row["ikm_responses"] == 0 and row["ikm_source"] == ""
    assert not row["ikm_sufficient"]


def test_employee_ikm_from_empty_survey():
    empty = responses_with_totals([3] * 9, 1).iloc[0:0]
    result = employee_ikm(
        employees_periods([("1" * 18, AGENCY, UNIT)]),
        ikm_table(empty, BY_UNIT, PARAMS),
        ikm_table(empty, ["agency", "period"], PARAMS),
        PARAMS,
    )
    assert result["ikm_source"].tolist() == [""] and result["ikm_responses"].tolist() == [0]
