"""Complaint handling counts for the officer who handled it (SCORING.md §1, worked example E)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from scoring.complaint_handling import OFFICER_COLUMNS, officer_complaints
from scoring.employee import OUTPUT_COLUMNS, score_employees
from scoring.ikm import SKM_KEYS, employee_ikm, ikm_table
from scoring.params import SESUAI, ScoringParams
from tests.scoring.test_employee import AGENCY, UNIT_ID, attendance, employees, ratings, reports, row_of

PARAMS = ScoringParams()
OFFICER = "198001012006042001"  # Layanan Publik officer of Loket Pengaduan
CLERK = "198502022010011002"  # not public-facing on the roster, but named in the log
OCTOBER_END = dt.date(2026, 11, 30)  # every October complaint's 5 working days have passed


def log(rows):
    """rows: (nip, received, resolved or None)."""
    return pd.DataFrame(
        {
            "period": [r[1][:7] for r in rows],
            "unit_id": UNIT_ID,
            "agency": AGENCY,
            "number": [f"P-{k}" for k in range(len(rows))],
            "category": "Waktu",
            "received": pd.to_datetime([r[1] for r in rows]),
            "resolved": pd.to_datetime([r[2] for r in rows]),
            "status": "",
            "officer_nip": [r[0] for r in rows],
            "row": range(2, len(rows) + 2),
        }
    )


# Example E: 4 complaints in October, 3 resolved within 5 working days, 1 after 8.
EXAMPLE_E_LOG = [
    (OFFICER, "2026-10-05", "2026-10-06"),  # 1 working day
    (OFFICER, "2026-10-07", "2026-10-14"),  # 5
    (OFFICER, "2026-10-12", "2026-10-12"),  # 0
    (OFFICER, "2026-10-13", "2026-10-23"),  # 8: late
]


def example_c_responses():
    """29 respondents whose answer totals for U1…U9 are example C's: IKM 91.4751 unrounded."""
    totals = (105, 101, 100, 116, 102, 105, 106, 105, 115)
    answers = {key: np.where(np.arange(29) < total - 87, 4, 3) for key, total in zip(SKM_KEYS, totals)}
    return pd.DataFrame({"period": "2026-10", "timestamp": pd.Timestamp("2026-10-10"), "unit_id": UNIT_ID,
                         "agency": AGENCY, "service": "Pengaduan", **answers, "complaint": "",
                         "complaint_category": ""})  # fmt: skip


def score(staff, complaint_rows, params=PARAMS):
    pairs = staff[["nip", "agency", "unit_id"]].assign(period="2026-10")
    responses = example_c_responses()
    emp_ikm = employee_ikm(
        pairs,
        ikm_table(responses, ["unit_id", "period"], params),
        ikm_table(responses, ["agency", "period"], params),
        params,
    )
    handled = officer_complaints(log(complaint_rows), params, OCTOBER_END) if complaint_rows else None
    nips = list(staff["nip"])
    return score_employees(
        staff,
        reports([("2026-10", nip, 10, 10, "Naik", 1) for nip in nips]),  # NHK_own = 100
        ratings([("2026-10", nip, [3] * 7, 3, "") for nip in nips]),
        attendance([("2026-10", nip, 0, 0, 0) for nip in nips]),
        emp_ikm,
        params,
        officer_complaints=handled,
    )


def test_officer_counts_example_e():
    stats = officer_complaints(log(EXAMPLE_E_LOG), PARAMS, OCTOBER_END)
    assert list(stats.columns) == OFFICER_COLUMNS
    row = stats.iloc[0]
    assert (row["period"], row["nip"]) == ("2026-10", OFFICER)
    assert (row["complaints_counted"], row["complaints_on_time"]) == (4, 3)
    assert row["complaint_share"] == 0.75
    assert row["c_aduan"] == 93.75


def test_example_e_exact():
    staff = employees([(OFFICER, "Rina", True, True)])
    row = row_of(score(staff, EXAMPLE_E_LOG), "2026-10", OFFICER)
    assert round(row["ikm"], 4) == 91.4751 and row["ikm_used"]
    assert round(row["c_ikm"], 4) == 119.4036
    assert (row["complaints_counted"], row["complaints_on_time"]) == (4, 3)
    assert row["c_aduan"] == 93.75
    # NHK = 0.80 × 100 + 0.10 × 119.4036 + 0.10 × 93.75 = 80 + 11.9404 + 9.375
    assert row["nhk"] == pytest.approx(80 + 0.1 * 100 * (23875 / 261) / 76.61 + 9.375)
    assert round(row["nhk"], 2) == 101.32
    assert row["rating_hk"] == SESUAI


def test_example_e_without_complaints_named():
    staff = employees([(OFFICER, "Rina", True, True)])
    result = score(staff, [])
    assert list(result.columns) == OUTPUT_COLUMNS
    row = row_of(result, "2026-10", OFFICER)
    assert round(row["nhk"], 2) == 103.88  # 80 + 23.8807
    assert row["complaints_counted"] == 0 and np.isnan(row["c_aduan"])


def test_only_the_complaints_apply():
    """No Layanan Publik on the roster: c_ikm does not apply, the officer's own handling does
    (the log naming them is the evidence they served citizens): 0.80 × 100 + 0.20 × 93.75."""
    staff = employees([(CLERK, "Budi", False, True)])
    rows = [(CLERK, received, resolved) for _, received, resolved in EXAMPLE_E_LOG]
    row = row_of(score(staff, rows), "2026-10", CLERK)
    assert np.isnan(row["c_ikm"]) and not row["ikm_used"]
    assert row["c_aduan"] == 93.75
    assert round(row["nhk"], 2) == 98.75


def test_counted_once_resolved_or_past_the_limit():
    rows = [
        # On Tue 1 Dec: received Mon 23 Nov, resolving today would take 6 working days → late, counted
        (OFFICER, "2026-11-23", None),
        (OFFICER, "2026-11-24", None),  # resolved today it is still on time (5): not counted yet
        (OFFICER, "2026-11-25", "2026-11-26"),  # resolved: counted, on time
        ("", "2026-11-25", "2026-11-26"),  # no officer named: the unit's count only
    ]
    stats = officer_complaints(log(rows), PARAMS, dt.date(2026, 12, 1))
    assert len(stats) == 1
    row = stats.iloc[0]
    assert (row["complaints_counted"], row["complaints_on_time"]) == (2, 1)
    assert row["c_aduan"] == 62.5  # 100 × 0.5 / 0.80


def test_holidays_move_the_limit():
    """Across Idul Fitri 2026 (Nyepi, Lebaran and cuti bersama 18–24 March) the complaint
    resolved on 25 March took 1 working day, not 6."""
    days_off = ["2026-03-18", "2026-03-19", "2026-03-20", "2026-03-23", "2026-03-24"]
    rows = [(OFFICER, "2026-03-17", "2026-03-25")]
    assert officer_complaints(log(rows), PARAMS, dt.date(2026, 4, 30)).iloc[0]["complaints_on_time"] == 0
    row = officer_complaints(log(rows), PARAMS, dt.date(2026, 4, 30), holidays=days_off).iloc[0]
    assert row["complaints_on_time"] == 1 and row["c_aduan"] == 120.0  # capped


def test_target_cap_and_split_are_configurable():
    params = ScoringParams(complaint_target=0.75, c_aduan_cap=110.0, complaint_part=0.25)
    stats = officer_complaints(log(EXAMPLE_E_LOG), params, OCTOBER_END)
    assert stats.iloc[0]["c_aduan"] == 100.0
    staff = employees([(OFFICER, "Rina", True, True)])
    row = row_of(score(staff, EXAMPLE_E_LOG, params), "2026-10", OFFICER)
    assert row["nhk"] == pytest.approx(0.8 * 100 + 0.2 * 0.75 * row["c_ikm"] + 0.2 * 0.25 * 100.0)


def test_empty_log():
    stats = officer_complaints(log([]).iloc[0:0], PARAMS, OCTOBER_END)
    assert stats.empty and list(stats.columns) == OFFICER_COLUMNS
