"""scoring/periodic.py: quarter and year results from monthly ones; pooled IKM."""

import numpy as np
import pandas as pd
import pytest

from scoring.ikm import NRR_COLUMNS, SKM_KEYS, ikm_table
from scoring.params import ScoringParams
from scoring.periodic import (
    AGENCY_PERIODIC_COLUMNS,
    IKM_PERIODIC_COLUMNS,
    PERIODIC_COLUMNS,
    periodic_results,
    periodic_summary,
    pooled_ikm,
)
from scoring.predikat import predikat, rating, rating_perilaku

PARAMS = ScoringParams()
NIP, OTHER = "198503152010121001", "199001012015032002"
AGENCY = "DPMPTSP"


def monthly(periods, nhk, npk, absent=None, nip=NIP, agency=AGENCY, name="Rina", unit="Perizinan"):
    """Monthly result rows of one employee, with ratings and predikat as score_employees gives them."""
    n = len(periods)
    absent = [0] * n if absent is None else absent
    nhk = np.array([np.nan if v is None else v for v in nhk], dtype=float)
    npk = np.array([np.nan if v is None else v for v in npk], dtype=float)
    gate = np.array([a is not None and a >= PARAMS.gate_absent_days for a in absent])
    rating_hk, rating_pk = rating(nhk, PARAMS), rating_perilaku(npk, gate, PARAMS)
    return pd.DataFrame(
        {
            "period": periods,
            "nip": nip,
            "name": [name] * n if isinstance(name, str) else name,
            "position": "Analis",
            "unit": [unit] * n if isinstance(unit, str) else unit,
            "agency": agency,
            "nhk": nhk,
            "npk": npk,
            "absent": pd.array(absent, dtype="Int64"),
            "gate": gate,
            "rating_hk": rating_hk,
            "rating_pk": rating_pk,
            "predikat": predikat(rating_hk, rating_pk),
            "na": 0.7 * nhk + 0.3 * npk,
        }
    )


def one(out, period, nip=NIP):
    rows = out[(out["period"] == period) & (out["nip"] == nip)]
    assert len(rows) == 1
    return rows.iloc[0]


Q4 = ["2026-10", "2026-11", "2026-12"]


def test_means_of_the_months_that_exist_and_their_counts():
    out = periodic_results(monthly(Q4, nhk=[100.0, None, 110.0], npk=[90.0, 96.0, None]), PARAMS)
    q4 = one(out, "2026-Q4")
    assert q4["kind"] == "triwulan"
    assert (q4["months"], q4["months_nhk"], q4["months_npk"]) == (3, 2, 2)
    assert q4["nhk"] == pytest.approx(105.0) and q4["npk"] == pytest.approx(93.0)
    # NA from the means, not the mean of the monthly NAs (only October has one: 97.0)
    assert q4["na"] == pytest.approx(0.7 * 105.0 + 0.3 * 93.0)
    assert list(out.columns) == PERIODIC_COLUMNS


def test_predikat_comes_from_the_means_not_from_the_monthly_predikats():
    frame = monthly(Q4, nhk=[120.0, 108.0, 108.0], npk=[108.0, 120.0, 108.0])
    assert frame["predikat"].tolist() == ["Baik", "Baik", "Baik"]
    q4 = one(periodic_results(frame, PARAMS), "2026-Q4")
    assert q4["nhk"] == pytest.approx(112.0) and q4["rating_hk"] == "Di Atas Ekspektasi"
    assert q4["rating_pk"] == "Di Atas Ekspektasi" and q4["predikat"] == "Sangat Baik"


def test_ratings_of_the_means_round_half_up_first():
    q4 = one(periodic_results(monthly(Q4[:2], nhk=[109.99, 110.0], npk=[89.99, 90.0]), PARAMS), "2026-Q4")
    assert q4["rating_hk"] == "Di Atas Ekspektasi"  # mean 109.995 -> 110.00
    assert q4["rating_pk"] == "Sesuai Ekspektasi"  # mean 89.995 -> 90.00


def test_year_rows_pool_every_month_of_the_year():
    frame = monthly(["2026-06", "2026-07", "2026-10"], nhk=[90.0, 100.0, 110.0], npk=[100.0, 100.0, 100.0])
    out = periodic_results(frame, PARAMS)
    assert sorted(out["period"]) == ["2026", "2026-Q2", "2026-Q3", "2026-Q4"]
    year = one(out, "2026")
    assert year["kind"] == "tahun" and year["months"] == 3 and year["nhk"] == pytest.approx(100.0)
    assert one(out, "2026-Q3")["months"] == 1


def test_name_position_and_unit_come_from_the_latest_month():
    frame = monthly(
        Q4,
        nhk=[100.0] * 3,
        npk=[100.0] * 3,
        name=["Rina", "Rina", "Rina S."],
        unit=["Perizinan", "Perizinan", "Pengaduan"],
    ).iloc[::-1]
    q4 = one(periodic_results(frame, PARAMS), "2026-Q4")
    assert (q4["name"], q4["unit"]) == ("Rina S.", "Pengaduan")


@pytest.mark.parametrize(
    "absent, gated",
    [
        ([15, 0, 0], True),  # mean 5 days a month: the monthly limit
        ([6, 0, 0], False),  # October alone was gated; the quarter is not
        ([5, 5, 4], False),  # 14 < 15
        ([10, None, None], True),  # one month with attendance: 10 >= 5 x 1
        ([None, None, None], False),  # no attendance, no gate
    ],
)
def test_period_gate_on_the_mean_month_of_tanpa_keterangan(absent, gated):
    q4 = one(periodic_results(monthly(Q4, nhk=[100.0] * 3, npk=[95.0] * 3, absent=absent), PARAMS), "2026-Q4")
    assert bool(q4["gate"]) is gated
    assert q4["rating_pk"] == ("Di Bawah Ekspektasi" if gated else "Sesuai Ekspektasi")
    assert q4["predikat"] == ("Kurang/Misconduct" if gated else "Baik")
    assert (q4["gate_note"] != "") is gated


def test_gate_note_says_why():
    q4 = one(periodic_results(monthly(Q4, nhk=[100.0] * 3, npk=[95.0] * 3, absent=[15, 1, 0]), PARAMS), "2026-Q4")
    assert q4["gate_note"] == (
        "Rata-rata Tanpa Keterangan 5,33 hari per bulan (16 hari dalam 3 bulan; "
        "batas 5 hari per bulan) sehingga Rating Perilaku menjadi Di Bawah Ekspektasi."
    )
    assert q4["absent"] == 16 and q4["months_attendance"] == 3


def test_a_gate_without_npk_gives_no_rating():
    q4 = one(periodic_results(monthly(Q4, nhk=[100.0] * 3, npk=[None] * 3, absent=[20, 20, 20]), PARAMS), "2026-Q4")
    assert bool(q4["gate"]) and q4["rating_pk"] is None and q4["predikat"] is None and q4["gate_note"] == ""


def test_input_is_not_mutated_and_agencies_stay_apart():
    frame = pd.concat(
        [monthly(Q4, [100.0] * 3, [100.0] * 3), monthly(Q4[:1], [80.0], [80.0], nip=OTHER, agency="DINKES")],
        ignore_index=True,
    )
    before = frame.copy()
    out = periodic_results(frame, PARAMS)
    pd.testing.assert_frame_equal(frame, before)
    assert one(out, "2026-Q4", OTHER)["agency"] == "DINKES"
    assert len(out) == 4  # 2 employees x (Q4, 2026)


def test_agency_rows_from_the_periodic_predikats():
    frame = pd.concat(
        [
            monthly(Q4, nhk=[120.0, 108.0, 108.0], npk=[108.0, 120.0, 108.0]),  # Sangat Baik over Q4
            monthly(Q4[1:], nhk=[80.0, 85.0], npk=[100.0, 100.0], nip=OTHER),  # Butuh Perbaikan
            monthly(Q4[:1], nhk=[None], npk=[None], nip="197001012000031003"),  # a row, no scores
        ],
        ignore_index=True,
    )
    periodic = periodic_results(frame, PARAMS)
    summary = periodic_summary(periodic, frame)
    assert list(summary.columns) == AGENCY_PERIODIC_COLUMNS
    q4 = summary[summary["period"] == "2026-Q4"].iloc[0]
    assert q4["kind"] == "triwulan" and q4["months"] == 3
    assert (q4["headcount"], q4["scored"]) == (3, 2)
    assert (q4["n_sangat_baik"], q4["n_baik"], q4["n_butuh_perbaikan"]) == (1, 0, 1)
    assert q4["avg_nhk"] == pytest.approx((112.0 + 82.5) / 2)
    assert q4["avg_na"] == pytest.approx(periodic.loc[periodic["period"] == "2026-Q4", "na"].mean())


def test_agency_months_count_every_month_any_employee_has():
    frame = pd.concat(
        [monthly(Q4[:1], [100.0], [100.0]), monthly(Q4[1:], [100.0] * 2, [100.0] * 2, nip=OTHER)], ignore_index=True
    )
    periodic = periodic_results(frame, PARAMS)
    assert periodic_summary(periodic, frame)["months"].tolist() == [3, 3]  # 2026 and 2026-Q4
    assert periodic_summary(periodic)["months"].tolist() == [2, 2]  # without the monthly rows: the most any one has


def test_empty_inputs_give_empty_frames():
    empty = monthly([], nhk=[], npk=[])
    assert periodic_results(empty, PARAMS).empty
    assert list(periodic_summary(periodic_results(empty, PARAMS)).columns) == AGENCY_PERIODIC_COLUMNS


# ---- pooled IKM ----------------------------------------------------------------------------

UNIT = "unit:DPMPTSP:mpp"


def responses(period, answer, count, unit_id=UNIT):
    """`count` responses answering `answer` to all nine elements."""
    return pd.DataFrame(
        {"period": period, "unit_id": unit_id, "agency": AGENCY, **{key: [answer] * count for key in SKM_KEYS}}
    )


def monthly_ikm(raw):
    table = ikm_table(raw, ["unit_id", "period"], PARAMS)
    return table.assign(agency=AGENCY, level="unit", unit_name="MPP")


def test_pooled_quarter_ikm_differs_from_the_mean_of_monthly_ikms():
    # 30 responses at IKM 90 (U1..U9 mixing 3 and 4 averages 3.6) and 10 at IKM 60 (all 2.4 on average)
    high = pd.concat([responses("2026-07", 4, 18), responses("2026-07", 3, 12)], ignore_index=True)
    low = pd.concat([responses("2026-08", 3, 4), responses("2026-08", 2, 6)], ignore_index=True)
    raw = pd.concat([high, low], ignore_index=True)
    monthly = monthly_ikm(raw)
    assert monthly["ikm"].tolist() == pytest.approx([90.0, 60.0])
    out = pooled_ikm(monthly, PARAMS)
    assert list(out.columns) == IKM_PERIODIC_COLUMNS
    q3 = out[out["period"] == "2026-Q3"].iloc[0]
    assert q3["ikm"] == pytest.approx(82.5)  # (30 x 90 + 10 x 60) / 40
    assert q3["ikm"] != pytest.approx(monthly["ikm"].mean())  # 75.0
    direct = ikm_table(raw.assign(period="2026-Q3"), ["unit_id", "period"], PARAMS).iloc[0]
    assert q3["ikm"] == pytest.approx(direct["ikm"], abs=1e-9)
    assert [q3[c] for c in NRR_COLUMNS] == pytest.approx([direct[c] for c in NRR_COLUMNS], abs=1e-12)
    assert (q3["respondents"], q3["months"], q3["kind"]) == (40, 2, "triwulan")
    assert (q3["mutu"], q3["mutu_label"], bool(q3["sufficient"])) == ("B", "Baik", True)
    assert (q3["agency"], q3["level"], q3["unit_name"]) == (AGENCY, "unit", "MPP")


def test_months_with_too_few_responses_count_in_the_pool():
    raw = pd.concat([responses("2026-10", 4, 12), responses("2026-11", 3, 9)], ignore_index=True)
    monthly = monthly_ikm(raw)
    assert not monthly["sufficient"].any()
    out = pooled_ikm(monthly, PARAMS)
    q4 = out[out["period"] == "2026-Q4"].iloc[0]
    assert q4["respondents"] == 21 and bool(q4["sufficient"])
    assert q4["ikm"] == pytest.approx(25.0 * (12 * 4 + 9 * 3) / 21)


def test_year_and_quarter_rows_per_unit():
    raw = pd.concat(
        [responses("2026-03", 4, 20), responses("2026-04", 2, 20), responses("2026-04", 3, 5, unit_id="opd:DPMPTSP")],
        ignore_index=True,
    )
    out = pooled_ikm(ikm_table(raw, ["unit_id", "period"], PARAMS), PARAMS)
    keys = list(zip(out["unit_id"], out["period"]))
    assert keys == [
        ("opd:DPMPTSP", "2026"),
        ("opd:DPMPTSP", "2026-Q2"),
        (UNIT, "2026"),
        (UNIT, "2026-Q1"),
        (UNIT, "2026-Q2"),
    ]
    year = out[(out["unit_id"] == UNIT) & (out["period"] == "2026")].iloc[0]
    assert year["kind"] == "tahun" and year["ikm"] == pytest.approx(75.0) and year["respondents"] == 40
    assert not bool(out.iloc[1]["sufficient"])  # 5 responses
