import numpy as np
import pandas as pd
import pytest

from scoring.employee import OUTPUT_COLUMNS, score_employees
from scoring.ikm import SKM_KEYS, employee_ikm, ikm_table
from scoring.params import BAIK, DI_ATAS, DI_BAWAH, KURANG, SESUAI, ScoringParams
from scoring.perilaku import BERAKHLAK_KEYS

PARAMS = ScoringParams()
AGENCY = "DPMPTSP"
UNIT_ID = "unit:DPMPTSP:mpp"
ANI = "198001012006042001"  # public service, example A
BUDI = "198502022010011002"  # example B
CITRA = "199003032015032003"  # has nothing yet
DEDI = "197004041995031004"  # inactive


def employees(rows):
    """rows: (nip, name, public_service, active)."""
    return pd.DataFrame(
        [
            {
                "agency": AGENCY,
                "nip": nip,
                "name": name,
                "position": "Pengelola Layanan",
                "unit": "Mal Pelayanan Publik",
                "unit_id": UNIT_ID,
                "supervisor_nip": "196801011990031001",
                "public_service": public,
                "active": active,
                "row": k + 2,
            }
            for k, (nip, name, public, active) in enumerate(rows)
        ]
    )


def reports(rows):
    """rows: (period, nip, target, actual, direction, weight)."""
    return pd.DataFrame(
        [
            {
                "period": p, "nip": n, "plan": "RHK", "indicator": f"Indikator {k}", "target": float(t),
                "actual": float(r), "measure": "berkas", "direction": d, "weight": float(w),
                "evidence": "", "note": "", "row": k + 2,
            }
            for k, (p, n, t, r, d, w) in enumerate(rows)
        ],
        columns=["period", "nip", "plan", "indicator", "target", "actual", "measure", "direction",
                 "weight", "evidence", "note", "row"],
    )  # fmt: skip


def ratings(rows):
    """rows: (period, nip, [7 BerAKHLAK], initiative, feedback)."""
    return pd.DataFrame(
        [
            {"period": p, "nip": n, **dict(zip(BERAKHLAK_KEYS, values)), "initiative": i, "feedback": f,
             "rater_nip": "196801011990031001", "row": k + 2}
            for k, (p, n, values, i, f) in enumerate(rows)
        ],
        columns=["period", "nip", *BERAKHLAK_KEYS, "initiative", "feedback", "rater_nip", "row"],
    )  # fmt: skip


def attendance(rows):
    """rows: (period, nip, late, early_leave, absent)."""
    return pd.DataFrame(
        [
            {"period": p, "nip": n, "work_days": 22, "present": 22 - a, "late": l, "early_leave": e,
             "absent": a, "row": k + 2}
            for k, (p, n, l, e, a) in enumerate(rows)
        ],
        columns=["period", "nip", "work_days", "present", "late", "early_leave", "absent", "row"],
    )  # fmt: skip


def survey_with_ikm_80_50(period="2026-10"):
    """50 responses for the unit: 99 answers of 4 and 351 of 3 → Σ NRR 28.98 → IKM 80.50."""
    answers = np.full(450, 3)
    answers[:99] = 4
    grid = answers.reshape(50, 9)
    return pd.DataFrame(
        {
            "period": period,
            "timestamp": pd.Timestamp("2026-10-10"),
            "unit_id": UNIT_ID,
            "agency": AGENCY,
            "service": "Perizinan",
            **{key: grid[:, j] for j, key in enumerate(SKM_KEYS)},
            "complaint": "",
            "complaint_category": "",
        }
    )


def emp_ikm_for(staff, periods, responses):
    """The worker's path: unit and agency IKM tables, then each employee's IKM."""
    pairs = staff.merge(pd.DataFrame({"period": periods}), how="cross")[["period", "nip", "agency", "unit_id"]]
    return employee_ikm(
        pairs,
        ikm_table(responses, ["unit_id", "period"], PARAMS),
        ikm_table(responses, ["agency", "period"], PARAMS),
        PARAMS,
    )


EXAMPLE_A_REPORTS = [
    ("2026-10", ANI, 120, 132, "Naik", 2),
    ("2026-10", ANI, 5, 4, "Turun", 1),
    ("2026-10", ANI, 1, 1, "Naik", 1),
]
EXAMPLE_A_RATING = ("2026-10", ANI, [4, 4, 3, 4, 3, 4, 4], 5, "Terus tingkatkan kecepatan layanan.")
EXAMPLE_A_ATTENDANCE = ("2026-10", ANI, 3, 1, 0)


def row_of(result, period, nip):
    match = result[(result["period"] == period) & (result["nip"] == nip)]
    assert len(match) == 1
    return match.iloc[0]


def test_example_a_end_to_end():
    staff = employees([(ANI, "Ani", True, True)])
    emp_ikm = emp_ikm_for(staff, ["2026-10"], survey_with_ikm_80_50())
    result = score_employees(
        staff,
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
        emp_ikm,
        PARAMS,
    )
    assert list(result.columns) == OUTPUT_COLUMNS
    row = row_of(result, "2026-10", ANI)
    assert row["indicators"] == 3 and row["indicators_low"] == 0
    assert row["nhk_own"] == pytest.approx(110.0)
    assert row["ikm"] == pytest.approx(80.50) and row["ikm_responses"] == 50
    assert row["ikm_source"] == "unit" and row["ikm_used"]
    assert round(row["c_ikm"], 4) == 105.0777
    assert round(row["nhk"], 2) == 109.02
    assert row["rating_hk"] == SESUAI
    assert round(row["b"], 4) == 107.1429 and row["i"] == 120.0 and row["d"] == 92.0
    assert round(row["npk"], 2) == 105.29
    assert row["rating_pk"] == SESUAI
    assert row["predikat"] == BAIK
    assert round(row["na"], 2) == 107.90
    assert not row["gate"] and row["gate_note"] == ""
    assert row["missing"] == "" and row["ikm_note"] == ""
    assert row["feedback"] == "Terus tingkatkan kecepatan layanan."
    assert (row["name"], row["agency"], row["unit"]) == ("Ani", AGENCY, "Mal Pelayanan Publik")


def test_example_a_with_emp_ikm_given_directly():
    emp_ikm = pd.DataFrame(
        {"period": ["2026-10"], "nip": [ANI], "ikm": [80.50], "ikm_responses": [20],
         "ikm_source": ["unit"], "ikm_sufficient": [True]}
    )  # fmt: skip
    row = score_employees(
        employees([(ANI, "Ani", True, True)]),
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
        emp_ikm,
        PARAMS,
    ).iloc[0]
    assert round(row["nhk"], 2) == 109.02 and row["predikat"] == BAIK and round(row["na"], 2) == 107.90


def test_example_b_discipline_gate():
    row = score_employees(
        employees([(BUDI, "Budi", False, True)]),
        reports([("2026-10", BUDI, 10, 10, "Naik", 1), ("2026-10", BUDI, 4, 4, "Naik", 1)]),
        ratings([("2026-10", BUDI, [4] * 7, 4, "")]),
        attendance([("2026-10", BUDI, 0, 0, 5)]),
        None,
        PARAMS,
    ).iloc[0]
    assert row["nhk"] == pytest.approx(100.0) and row["rating_hk"] == SESUAI
    assert (row["b"], row["i"], row["d"]) == (110.0, 110.0, 50.0)
    assert round(row["npk"], 2) == 95.00
    assert row["gate"] and row["rating_pk"] == DI_BAWAH
    assert row["predikat"] == KURANG
    assert round(row["na"], 2) == 98.50
    assert row["gate_note"] == (
        "Tanpa Keterangan 5 hari (batas 5 hari) sehingga Rating Perilaku menjadi Di Bawah Ekspektasi."
    )
    assert row["ikm_note"] == ""  # not public service


def test_grid_missing_texts_and_inactive_employees():
    staff = employees(
        [
            (ANI, "Ani", True, True),
            (BUDI, "Budi", False, True),
            (CITRA, "Citra", False, True),
            (DEDI, "Dedi", False, False),
        ]
    )
    result = score_employees(
        staff,
        reports([("2026-10", ANI, 10, 10, "Naik", 1), ("2026-11", DEDI, 10, 9, "Naik", 1)]),
        ratings([("2026-11", BUDI, [3] * 7, 3, "")]),
        attendance([("2026-10", BUDI, 0, 0, 0)]),
        None,
        PARAMS,
    )
    # three active employees × two periods, plus the inactive one's month with data (NIP order:
    # Dedi's 1970… sorts first)
    assert list(zip(result["period"], result["nip"])) == [
        ("2026-10", ANI), ("2026-10", BUDI), ("2026-10", CITRA),
        ("2026-11", DEDI), ("2026-11", ANI), ("2026-11", BUDI), ("2026-11", CITRA),
    ]  # fmt: skip
    report, rating, presence = (
        "Laporan kinerja belum diisi (diisi pegawai)",
        "Penilaian atasan belum ada (diisi atasan)",
        "Presensi belum ada (diisi admin presensi)",
    )
    assert row_of(result, "2026-10", ANI)["missing"] == f"{rating}; {presence}"
    assert row_of(result, "2026-10", BUDI)["missing"] == f"{report}; {rating}"
    assert row_of(result, "2026-11", BUDI)["missing"] == f"{report}; {presence}"
    assert row_of(result, "2026-10", CITRA)["missing"] == f"{report}; {rating}; {presence}"
    citra = row_of(result, "2026-10", CITRA)
    assert citra["indicators"] == 0 and np.isnan(citra["nhk"]) and citra["rating_hk"] is None
    assert citra["predikat"] is None and np.isnan(citra["na"])
    assert not citra["has_rating"] and not citra["has_attendance"] and pd.isna(citra["absent"])
    assert row_of(result, "2026-11", DEDI)["nhk"] == pytest.approx(90.0)


def test_no_rating_means_no_npk_or_predikat():
    row = score_employees(
        employees([(BUDI, "Budi", False, True)]),
        reports([("2026-10", BUDI, 10, 12, "Naik", 1)]),
        ratings([]),
        attendance([("2026-10", BUDI, 0, 0, 6)]),
        None,
        PARAMS,
    ).iloc[0]
    assert row["rating_hk"] is not None and np.isnan(row["npk"])
    assert row["rating_pk"] is None and row["predikat"] is None and np.isnan(row["na"])
    assert row["missing"] == "Penilaian atasan belum ada (diisi atasan)"
    assert row["gate"] and row["gate_note"] == ""  # no rating for the gate to act on


def test_no_attendance_rescales_npk_and_says_so():
    row = score_employees(
        employees([(BUDI, "Budi", False, True)]),
        reports([("2026-10", BUDI, 10, 10, "Naik", 1)]),
        ratings([("2026-10", BUDI, [4] * 7, 5, "")]),
        attendance([]),
        None,
        PARAMS,
    ).iloc[0]
    assert row["npk"] == pytest.approx(0.6 / 0.75 * 110 + 0.15 / 0.75 * 120)
    assert np.isnan(row["d"]) and row["missing"] == "Presensi belum ada (diisi admin presensi)"


def test_public_service_with_too_few_responses_gets_note():
    staff = employees([(ANI, "Ani", True, True)])
    survey = survey_with_ikm_80_50().iloc[:12]
    row = score_employees(
        staff,
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
        emp_ikm_for(staff, ["2026-10"], survey),
        PARAMS,
    ).iloc[0]
    assert not row["ikm_used"] and np.isnan(row["c_ikm"])
    assert row["nhk"] == pytest.approx(110.0) and row["rating_hk"] == DI_ATAS
    assert row["ikm_note"] == "IKM unit belum dipakai: baru 12 responden (minimal 20)."


def test_public_service_without_any_ikm_gets_note():
    row = score_employees(
        employees([(ANI, "Ani", True, True)]), reports(EXAMPLE_A_REPORTS), ratings([]), attendance([]),
        None, PARAMS,
    ).iloc[0]  # fmt: skip
    assert row["ikm_source"] == "" and row["ikm_responses"] == 0
    assert row["ikm_note"] == "IKM unit belum tersedia untuk periode ini."


def test_unknown_nips_are_ignored_and_periods_argument():
    stranger = "200001012022011001"
    result = score_employees(
        employees([(ANI, "Ani", True, True)]),
        reports([("2026-10", stranger, 10, 10, "Naik", 1)]),
        ratings([("2026-10", stranger, [3] * 7, 3, "")]),
        attendance([]),
        None,
        PARAMS,
        periods=["2026-09", "2026-10"],
    )
    assert stranger not in set(result["nip"])
    assert list(zip(result["period"], result["nip"])) == [("2026-09", ANI), ("2026-10", ANI)]


def test_data_outside_requested_periods_still_has_a_row():
    result = score_employees(
        employees([(ANI, "Ani", True, True)]),
        reports([("2026-08", ANI, 10, 10, "Naik", 1)]),
        ratings([]),
        attendance([]),
        None,
        PARAMS,
        periods=["2026-10"],
    )
    assert list(result["period"]) == ["2026-08", "2026-10"]


def test_no_data_and_no_employees():
    empty = score_employees(employees([]).reindex(columns=["agency", "nip", "name", "position", "unit",
                            "unit_id", "supervisor_nip", "public_service", "active", "row"]),
                            reports([]), ratings([]), attendance([]), None, PARAMS)  # fmt: skip
    assert empty.empty and list(empty.columns) == OUTPUT_COLUMNS
    only_staff = score_employees(employees([(ANI, "Ani", True, True)]), reports([]), ratings([]),
                                 attendance([]), None, PARAMS)  # fmt: skip
    assert only_staff.empty  # no period known, none requested


def test_inputs_not_mutated():
    inputs = (
        employees([(ANI, "Ani", True, True)]),
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
    )
    copies = [frame.copy() for frame in inputs]
    score_employees(*inputs, None, PARAMS)
    for frame, copy in zip(inputs, copies):
        pd.testing.assert_frame_equal(frame, copy)


def test_dtypes_fit_the_result_tab():
    result = score_employees(
        employees([(ANI, "Ani", True, True), (BUDI, "Budi", False, True)]),
        reports(EXAMPLE_A_REPORTS),
        ratings([EXAMPLE_A_RATING]),
        attendance([EXAMPLE_A_ATTENDANCE]),
        None,
        PARAMS,
    )
    assert result["indicators"].dtype == np.int64 and result["ikm_responses"].dtype == np.int64
    for flag in ("public_service", "ikm_used", "has_rating", "has_attendance", "gate"):
        assert result[flag].dtype == bool
    assert str(result["absent"].dtype) == "Int64"
    for number in ("nhk_own", "nhk", "npk", "na", "c_ikm", "ikm"):
        assert result[number].dtype == np.float64


def test_matches_a_plain_merge_reference_on_random_data():
    """The scatter/gather implementation agrees with straightforward pandas merges."""
    rng = np.random.default_rng(42)
    nips = [f"19{k:016d}" for k in range(40)]
    staff = employees([(nip, f"Pegawai {k}", bool(k % 3 == 0), k % 7 != 0) for k, nip in enumerate(nips)])
    periods = ["2026-09", "2026-10", "2026-11"]
    known_and_stranger = nips + ["200001012022011999"]
    report_rows = [
        (p, n, float(rng.integers(1, 50)), float(rng.integers(0, 60)), "Turun" if rng.random() < 0.3 else "Naik",
         float(rng.integers(1, 4)))
        for p in periods for n in known_and_stranger for _ in range(int(rng.integers(0, 4)))
    ]  # fmt: skip
    rating_rows = [
        (p, n, list(rng.integers(1, 6, 7)), int(rng.integers(1, 6)), f"catatan {p} {n[-2:]}")
        for p in periods for n in known_and_stranger if rng.random() < 0.7
    ]  # fmt: skip
    attendance_rows = [
        (p, n, int(rng.integers(0, 5)), int(rng.integers(0, 3)), int(rng.integers(0, 7)))
        for p in periods for n in known_and_stranger if rng.random() < 0.7
    ]  # fmt: skip
    emp_ikm = pd.DataFrame(
        [(p, n, float(rng.uniform(60, 95)), int(rng.integers(0, 40)), "unit") for p in periods for n in nips],
        columns=["period", "nip", "ikm", "ikm_responses", "ikm_source"],
    )
    result = score_employees(
        staff, reports(report_rows), ratings(rating_rows), attendance(attendance_rows), emp_ikm, PARAMS
    )

    # reference, written the obvious way
    rep = reports(report_rows)
    ratio = rep["actual"] / rep["target"]
    capaian = np.where(rep["direction"] == "Turun", (100 * (2 - ratio)).clip(lower=0), 100 * ratio)
    rep = rep.assign(wc=np.minimum(capaian, 120) * rep["weight"])
    own = rep.groupby(["period", "nip"]).agg(wc=("wc", "sum"), w=("weight", "sum")).reset_index()
    own["nhk_own_ref"] = own["wc"] / own["w"]
    rat = ratings(rating_rows)
    table = PARAMS.rating_table
    rat["b_ref"] = sum(rat[key].map(table) for key in BERAKHLAK_KEYS) / 7
    rat["i_ref"] = rat["initiative"].map(table)
    att = attendance(attendance_rows)
    att["d_ref"] = (100 - 10 * att["absent"] - 2 * (att["late"] + att["early_leave"])).clip(lower=0)
    ref = (
        result[["period", "nip", "npk", "nhk_own", "nhk", "public_service"]]
        .merge(own[["period", "nip", "nhk_own_ref"]], how="left")
        .merge(rat[["period", "nip", "b_ref", "i_ref"]], how="left")
        .merge(att[["period", "nip", "d_ref"]], how="left")
        .merge(emp_ikm, how="left")
    )
    npk_ref = np.where(
        ref["d_ref"].notna(),
        0.6 * ref["b_ref"] + 0.25 * ref["d_ref"] + 0.15 * ref["i_ref"],
        (0.6 * ref["b_ref"] + 0.15 * ref["i_ref"]) / 0.75,
    )
    used = ref["public_service"] & (ref["ikm_responses"] >= 20)
    nhk_ref = np.where(
        used, 0.8 * ref["nhk_own_ref"] + 0.2 * np.minimum(120, 100 * ref["ikm"] / 76.61), ref["nhk_own_ref"]
    )
    np.testing.assert_allclose(result["nhk_own"], ref["nhk_own_ref"])
    np.testing.assert_allclose(result["npk"], npk_ref)
    np.testing.assert_allclose(result["nhk"], nhk_ref)

    active_grid = {(p, n) for p in periods for n, a in zip(staff["nip"], staff["active"]) if a}
    with_data = {(p, n) for p, n, *_ in report_rows + rating_rows + attendance_rows if n in set(nips)}
    assert list(zip(result["period"], result["nip"])) == sorted(active_grid | with_data)
