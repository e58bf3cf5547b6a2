"""scoring/trends.py: NA change, 3-month average, Perlu Perhatian flags, IKM quarter drops."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from scoring.params import ScoringParams
from scoring.trends import agency_trends, decimal_comma, employee_trends, ikm_quarter_flags

PARAMS = ScoringParams()
NIP, OTHER = "198503152010121001", "199001012015032002"
UNIT = "unit:DPMPTSP:mpp"


def monthly(values: dict[str, float | None], nip=NIP, predikat="Baik") -> pd.DataFrame:
    """Monthly result rows of one employee: period -> NA (None = a row without an NA)."""
    periods = list(values)
    return pd.DataFrame(
        {
            "period": periods,
            "nip": nip,
            "name": "Rina",
            "na": [np.nan if v is None else v for v in values.values()],
            "predikat": [predikat] * len(periods),
        }
    )


def row(frame: pd.DataFrame, period: str, nip=NIP) -> pd.Series:
    return frame[(frame["period"] == period) & (frame["nip"] == nip)].iloc[0]


def test_three_month_decline_is_flagged_with_the_values_oldest_first():
    out = employee_trends(monthly({"2026-07": 95.1, "2026-08": 92.4, "2026-09": 90.015, "2026-10": 87.5}), PARAMS)
    october = row(out, "2026-10")
    assert bool(october["attention"])
    assert october["attention_reason"] == "Nilai Akhir turun 3 bulan berturut-turut (95,10 → 92,40 → 90,02 → 87,50)"
    assert not out.loc[out["period"] < "2026-10", "attention"].any()
    assert october["na_change"] == pytest.approx(87.5 - 90.015)


def test_two_month_decline_is_not_flagged():
    out = employee_trends(monthly({"2026-07": 90.0, "2026-08": 95.0, "2026-09": 92.0, "2026-10": 89.0}), PARAMS)
    assert not out["attention"].any()
    assert (out["attention_reason"] == "").all()


def test_a_gap_month_breaks_the_run():
    values = {"2026-06": 96.0, "2026-07": 95.0, "2026-09": 94.0, "2026-10": 93.0, "2026-11": 92.0}
    out = employee_trends(monthly(values), PARAMS)
    assert not bool(row(out, "2026-11")["attention"])  # August is missing: only two decreases since
    more = employee_trends(monthly({**values, "2026-12": 91.0}), PARAMS)
    assert bool(row(more, "2026-12")["attention"])  # September → December: three decreases


def test_a_month_without_na_also_breaks_the_run():
    out = employee_trends(monthly({"2026-07": 95.0, "2026-08": None, "2026-09": 93.0, "2026-10": 92.0}), PARAMS)
    assert not out["attention"].any()


def test_scores_are_compared_after_rounding_to_two_decimals():
    # 90.004 and 90.001 both show as 90,00: not a decrease, so no three-month fall.
    out = employee_trends(monthly({"2026-07": 92.0, "2026-08": 91.0, "2026-09": 90.004, "2026-10": 90.001}), PARAMS)
    assert not bool(row(out, "2026-10")["attention"])


@pytest.mark.parametrize(
    "predikat, flagged",
    [
        ("Butuh Perbaikan", True),
        ("Kurang/Misconduct", True),
        ("Sangat Kurang", True),
        ("Baik", False),
        ("Sangat Baik", False),
        (None, False),
    ],
)
def test_predikat_butuh_perbaikan_or_worse_is_flagged(predikat, flagged):
    out = employee_trends(monthly({"2026-10": 80.0}, predikat=predikat), PARAMS)
    assert bool(out["attention"].iloc[0]) is flagged
    assert out["attention_reason"].iloc[0] == (f"Predikat {predikat}" if flagged else "")


def test_both_reasons_are_joined():
    out = employee_trends(
        monthly({"2026-07": 95.0, "2026-08": 90.0, "2026-09": 85.0, "2026-10": 80.0}, predikat="Sangat Kurang"), PARAMS
    )
    assert row(out, "2026-10")["attention_reason"] == (
        "Nilai Akhir turun 3 bulan berturut-turut (95,00 → 90,00 → 85,00 → 80,00); Predikat Sangat Kurang"
    )


def test_moving_average_uses_the_months_that_exist():
    out = employee_trends(monthly({"2026-08": 90.0, "2026-10": 96.0, "2026-11": 99.0}), PARAMS)
    assert row(out, "2026-08")["na_ma3"] == pytest.approx(90.0)
    assert row(out, "2026-10")["na_ma3"] == pytest.approx(93.0)  # August and October; September missing
    assert row(out, "2026-11")["na_ma3"] == pytest.approx(97.5)  # August is outside Sep–Nov
    assert np.isnan(row(out, "2026-10")["na_change"])  # no NA in September
    assert row(out, "2026-11")["na_change"] == pytest.approx(3.0)


def test_change_crosses_the_year_and_employees_do_not_mix():
    frame = pd.concat(
        [monthly({"2025-12": 90.0, "2026-01": 93.5}), monthly({"2025-11": 70.0, "2026-01": 80.0}, nip=OTHER)],
        ignore_index=True,
    )
    out = employee_trends(frame.sample(frac=1.0, random_state=42), PARAMS)
    assert row(out, "2026-01")["na_change"] == pytest.approx(3.5)
    assert np.isnan(row(out, "2026-01", OTHER)["na_change"])  # OTHER has no December
    assert row(out, "2026-01", OTHER)["na_ma3"] == pytest.approx(75.0)


def test_input_is_not_mutated_and_rows_keep_their_order():
    frame = monthly({"2026-10": 90.0, "2026-09": 91.0}).set_axis([7, 3])
    before = frame.copy()
    out = employee_trends(frame, PARAMS)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.index) == [7, 3] and list(out["period"]) == ["2026-10", "2026-09"]
    assert out["na_change"].tolist()[0] == pytest.approx(-1.0)


def test_the_run_length_is_a_parameter():
    frame = monthly({"2026-08": 95.0, "2026-09": 92.0, "2026-10": 90.0})
    two = dataclasses.replace(PARAMS, attention_decline_months=2)
    assert not employee_trends(frame, PARAMS)["attention"].any()
    assert row(employee_trends(frame, two), "2026-10")["attention_reason"] == (
        "Nilai Akhir turun 2 bulan berturut-turut (95,00 → 92,00 → 90,00)"
    )


def summary(avg_na, weak=(0, 0, 0), scored=10, agency="DPMPTSP", start=7):
    periods = [f"2026-{m:02d}" for m in range(start, start + len(avg_na))]
    butuh, kurang, sangat = weak
    return pd.DataFrame(
        {
            "agency": agency,
            "period": periods,
            "headcount": scored,
            "scored": scored,
            "avg_na": avg_na,
            "n_butuh_perbaikan": butuh,
            "n_kurang": kurang,
            "n_sangat_kurang": sangat,
        }
    )


def test_agency_average_falling_three_months_is_flagged():
    out = agency_trends(summary([100.0, 99.0, 98.5, 98.0]), PARAMS)
    assert out["attention"].tolist() == [False, False, False, True]
    assert out["attention_reason"].iloc[3] == (
        "Rata-rata Nilai Akhir turun 3 bulan berturut-turut (100,00 → 99,00 → 98,50 → 98,00)"
    )
    assert out["na_change"].iloc[3] == pytest.approx(-0.5)
    assert out["na_ma3"].iloc[3] == pytest.approx((99.0 + 98.5 + 98.0) / 3)


def test_agency_share_of_weak_predikats_above_the_limit_is_flagged():
    at_limit = agency_trends(summary([90.0], weak=(1, 1, 0), scored=10), PARAMS)  # 20 % = the limit
    above = agency_trends(summary([90.0], weak=(1, 1, 1), scored=10), PARAMS)  # 30 %
    assert not bool(at_limit["attention"].iloc[0])
    assert bool(above["attention"].iloc[0])
    assert above["attention_reason"].iloc[0] == (
        "3 dari 10 pegawai (30,00%) berpredikat Butuh Perbaikan atau lebih rendah, di atas batas 20,00%"
    )
    stricter = dataclasses.replace(PARAMS, attention_share=0.10)
    assert bool(agency_trends(summary([90.0], weak=(1, 1, 0)), stricter)["attention"].iloc[0])
    nobody = agency_trends(summary([np.nan], scored=0), PARAMS)
    assert not bool(nobody["attention"].iloc[0]) and nobody["attention_reason"].iloc[0] == ""


def test_agencies_do_not_mix():
    frame = pd.concat([summary([100.0, 99.0, 98.0]), summary([97.0], agency="DINKES", start=10)], ignore_index=True)
    out = agency_trends(frame, PARAMS)
    assert not out["attention"].any()  # DINKES's October is not DPMPTSP's fourth month
    assert np.isnan(out["na_change"].iloc[3])


def ikm_rows(values, sufficient=None, unit_id=UNIT):
    """Pooled IKM rows of one unit: period -> IKM."""
    periods = list(values)
    return pd.DataFrame(
        {
            "unit_id": unit_id,
            "period": periods,
            "kind": ["tahun" if len(p) == 4 else "triwulan" for p in periods],
            "ikm": list(values.values()),
            "sufficient": [True] * len(periods) if sufficient is None else sufficient,
        }
    )


def test_ikm_drop_of_exactly_five_points_is_flagged():
    out = ikm_quarter_flags(ikm_rows({"2026-Q2": 82.10, "2026-Q3": 77.10}), PARAMS)
    q3 = out.iloc[1]
    assert bool(q3["flagged"]) and q3["prev_ikm"] == pytest.approx(82.10)
    assert q3["flag_reason"] == "IKM turun 5,00 poin dari Triwulan II 2026 (82,10 → 77,10)"
    assert q3["ikm_change"] == pytest.approx(-5.0)
    assert not bool(out.iloc[0]["flagged"]) and np.isnan(out.iloc[0]["prev_ikm"])


def test_ikm_drop_of_4_99_points_is_not_flagged():
    out = ikm_quarter_flags(ikm_rows({"2026-Q2": 82.10, "2026-Q3": 77.11}), PARAMS)
    assert not out["flagged"].any() and (out["flag_reason"] == "").all()
    assert out["ikm_change"].iloc[1] == pytest.approx(-4.99)


def test_ikm_drop_reason_and_the_quarter_before_q1():
    out = ikm_quarter_flags(ikm_rows({"2025-Q4": 82.10, "2026-Q1": 75.90}), PARAMS)
    assert out["flag_reason"].iloc[1] == "IKM turun 6,20 poin dari Triwulan IV 2025 (82,10 → 75,90)"


@pytest.mark.parametrize("sufficient", [[True, False], [False, True]])
def test_a_quarter_with_too_few_responses_is_not_flagged(sufficient):
    out = ikm_quarter_flags(ikm_rows({"2026-Q2": 90.0, "2026-Q3": 70.0}, sufficient=sufficient), PARAMS)
    assert not out["flagged"].any()
    assert np.isnan(out["ikm_change"].iloc[1])  # a change would publish an unpublished IKM
    assert np.isnan(out["prev_ikm"].iloc[1]) == (not sufficient[0])


def test_year_rows_get_the_yearly_change_but_no_flag():
    out = ikm_quarter_flags(ikm_rows({"2025": 90.0, "2026": 80.0, "2026-Q1": 79.0}), PARAMS)
    year = out[out["period"] == "2026"].iloc[0]
    assert year["ikm_change"] == pytest.approx(-10.0) and not bool(year["flagged"])
    assert np.isnan(out[out["period"] == "2026-Q1"]["prev_ikm"].iloc[0])  # no 2025-Q4 row


def test_units_do_not_mix_and_stored_flags_count():
    frame = pd.concat([ikm_rows({"2026-Q2": 90.0}), ikm_rows({"2026-Q3": 70.0}, unit_id="opd:DPMPTSP")])
    assert not ikm_quarter_flags(frame, PARAMS)["flagged"].any()
    stored = ikm_rows({"2026-Q2": 90.0, "2026-Q3": 70.0}, sufficient=[1, 1])  # as read back from SQLite
    assert ikm_quarter_flags(stored, PARAMS)["flagged"].tolist() == [False, True]


def test_decimal_comma():
    assert decimal_comma([90.015, 5, -2.7]).tolist() == ["90,02", "5,00", "-2,70"]
