import numpy as np
import pandas as pd
import pytest

from scoring.complaints import complaint_stats, form_complaints, working_days
from scoring.params import ScoringParams

PARAMS = ScoringParams()
UNIT = "unit:DPMPTSP:mpp"
BY = ["unit_id", "period"]


def complaints(rows, unit_id=UNIT):
    """rows: (received, resolved or None)."""
    return pd.DataFrame(
        {
            "period": [r[0][:7] for r in rows],
            "unit_id": unit_id,
            "agency": "DPMPTSP",
            "number": [f"P-{k}" for k in range(len(rows))],
            "category": "Waktu",
            "received": pd.to_datetime([r[0] for r in rows]),
            "resolved": pd.to_datetime([r[1] for r in rows]),
            "status": ["Selesai" if r[1] else "Proses" for r in rows],
            "row": range(2, len(rows) + 2),
        }
    )


@pytest.mark.parametrize(
    ("received", "resolved", "days"),
    [
        ("2026-10-02", "2026-10-02", 0),  # Friday, same day
        ("2026-10-02", "2026-10-05", 1),  # Friday → Monday: the weekend does not count
        ("2026-10-02", "2026-10-09", 5),  # Friday → next Friday
        ("2026-10-02", "2026-10-12", 6),  # Friday → Monday a week later
        ("2026-10-03", "2026-10-05", 0),  # received on Saturday
        ("2026-10-05 16:30", "2026-10-06 08:00", 1),  # times of day are ignored
    ],
)
def test_working_days_across_weekend(received, resolved, days):
    result = working_days(pd.Series(pd.to_datetime([received])), pd.Series(pd.to_datetime([resolved])))
    assert list(result) == [days]


def test_complaint_stats():
    frame = complaints(
        [
            ("2026-10-02", "2026-10-05"),  # 1 working day
            ("2026-10-02", "2026-10-09"),  # 5: still within the limit
            ("2026-10-02", "2026-10-12"),  # 6: over the limit
            ("2026-10-20", None),  # not resolved
        ]
    )
    row = complaint_stats(frame, BY, PARAMS).iloc[0]
    assert (row["unit_id"], row["period"]) == (UNIT, "2026-10")
    assert (row["received"], row["resolved"], row["resolved_in_limit"]) == (4, 3, 2)
    assert row["median_days"] == 5.0


def test_limit_from_params_and_groups_sorted():
    frame = pd.concat(
        [complaints([("2026-10-02", "2026-10-12")]), complaints([("2026-11-02", None)], unit_id="opd:DPMPTSP")],
        ignore_index=True,
    )
    stats = complaint_stats(frame, BY, ScoringParams(complaint_days_limit=6))
    assert list(stats["unit_id"]) == ["opd:DPMPTSP", UNIT]
    assert list(stats["resolved_in_limit"]) == [0, 1]
    assert np.isnan(stats["median_days"].iloc[0])  # none resolved
    assert stats["received"].dtype == np.int64


def test_by_agency_counts_all_units():
    frame = pd.concat(
        [complaints([("2026-10-02", None)]), complaints([("2026-10-05", "2026-10-06")], unit_id="opd:DPMPTSP")],
        ignore_index=True,
    )
    stats = complaint_stats(frame, ["agency", "period"], PARAMS)
    assert list(stats["received"]) == [2] and list(stats["resolved"]) == [1]


def test_complaint_stats_empty_and_not_mutated():
    frame = complaints([("2026-10-02", "2026-10-05")])
    before = frame.copy()
    complaint_stats(frame, BY, PARAMS)
    pd.testing.assert_frame_equal(frame, before)
    assert complaint_stats(frame.iloc[0:0], BY, PARAMS).empty


def responses(rows):
    """rows: (unit_id, complaint, category)."""
    return pd.DataFrame(
        {
            "period": "2026-10",
            "unit_id": [r[0] for r in rows],
            "agency": "DPMPTSP",
            "complaint": [r[1] for r in rows],
            "complaint_category": [r[2] for r in rows],
        }
    )


def test_form_complaints_counts_non_empty_by_category():
    frame = responses(
        [
            (UNIT, "Antrean terlalu lama", "Waktu pelayanan"),
            (UNIT, "Petugas lambat", "Waktu pelayanan"),
            (UNIT, "   ", "Waktu pelayanan"),  # blank text: not a complaint
            (UNIT, "", ""),
            (UNIT, "Toilet kotor", ""),  # blank category → Lainnya
            (UNIT, "Parkir sempit", None),
            ("opd:DPMPTSP", "Informasi kurang jelas", "Informasi"),
        ]
    )
    counts = form_complaints(frame, ["unit_id", "period"])
    assert list(counts.columns) == ["unit_id", "period", "category", "count"]
    assert counts.to_dict("records") == [
        {"unit_id": "opd:DPMPTSP", "period": "2026-10", "category": "Informasi", "count": 1},
        {"unit_id": UNIT, "period": "2026-10", "category": "Lainnya", "count": 2},
        {"unit_id": UNIT, "period": "2026-10", "category": "Waktu pelayanan", "count": 2},
    ]


def test_form_complaints_never_returns_texts():
    counts = form_complaints(responses([(UNIT, "Nama saya Budi, HP 0812", "Lainnya")]), ["agency"])
    assert "complaint" not in counts.columns
    assert not counts.astype(str).apply(lambda column: column.str.contains("Budi")).any().any()


# ---- holidays (issue 12, item 8) --------------------------------------------------------------
# Libur nasional 2026 (holidays.Indonesia) and cuti bersama 2026 as the SKB 3 Menteri sets them:
# Nyepi Thu 19 Mar, Idul Fitri Sat-Sun 21-22 Mar, cuti bersama 18, 20, 23, 24 Mar; Kenaikan Isa
# Almasih Thu 14 May with cuti bersama Fri 15 May; HUT RI Mon 17 Aug.
HOLIDAYS_2026 = ["2026-03-19", "2026-03-21", "2026-03-22", "2026-05-14", "2026-08-17"]
CUTI_BERSAMA_2026 = ["2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24", "2026-05-15"]
CALENDAR = np.array(HOLIDAYS_2026 + CUTI_BERSAMA_2026, dtype="datetime64[D]")


@pytest.mark.parametrize(
    ("received", "resolved", "weekdays", "working"),
    [
        # Idul Fitri 1447 H: Tue 17 Mar -> Wed 25 Mar is 6 weekdays but only 1 working day
        ("2026-03-17", "2026-03-25", 6, 1),
        ("2026-03-16", "2026-03-30", 10, 5),  # two weeks across Lebaran: still within 5 working days
        # Long weekend Kenaikan Isa Almasih + cuti bersama: Wed 13 May -> Wed 20 May
        ("2026-05-13", "2026-05-20", 5, 3),
        # HUT RI on a Monday: Fri 14 Aug -> Mon 24 Aug, 6 weekdays, 5 working days (on time)
        ("2026-08-14", "2026-08-24", 6, 5),
        ("2026-03-21", "2026-03-25", 2, 0),  # received on a holiday, resolved on the first working day
    ],
)
def test_working_days_skip_holidays_and_cuti_bersama(received, resolved, weekdays, working):
    start, end = pd.Series(pd.to_datetime([received])), pd.Series(pd.to_datetime([resolved]))
    assert list(working_days(start, end)) == [weekdays]
    assert list(working_days(start, end, holidays=CALENDAR)) == [working]


def test_complaint_stats_counts_working_days_with_the_calendar():
    frame = complaints([("2026-03-17", "2026-03-25"), ("2026-08-14", "2026-08-24"), ("2026-03-16", "2026-03-30")])
    frame["period"] = "2026-Q"  # one group
    plain = complaint_stats(frame, BY, PARAMS).iloc[0]
    assert plain["resolved_in_limit"] == 0  # 6, 6 and 10 weekdays
    row = complaint_stats(frame, BY, PARAMS, holidays=CALENDAR).iloc[0]
    assert row["resolved_in_limit"] == 3  # 1, 5 and 5 working days
    assert row["median_days"] == 5.0
