import numpy as np
import pandas as pd
import pytest

from scoring.hasil_kerja import citizen_share, nhk_own, with_capaian
from scoring.params import ScoringParams

PARAMS = ScoringParams()
NIP = "198001012006041001"


def reports(rows, period="2026-10", nip=NIP):
    """rows: (target, actual, direction, weight)."""
    return pd.DataFrame(
        {
            "period": period,
            "nip": nip,
            "indicator": [f"Indikator {k}" for k in range(len(rows))],
            "target": [float(r[0]) for r in rows],
            "actual": [float(r[1]) for r in rows],
            "direction": [r[2] for r in rows],
            "weight": [float(r[3]) for r in rows],
        }
    )


EXAMPLE_A = [(120, 132, "Naik", 2), (5, 4, "Turun", 1), (1, 1, "Naik", 1)]


def test_example_a_capaian_and_nhk_own():
    scored = with_capaian(reports(EXAMPLE_A), PARAMS)
    np.testing.assert_allclose(scored["capaian"], [110.0, 120.0, 100.0])
    np.testing.assert_allclose(scored["capaian_capped"], [110.0, 120.0, 100.0])
    own = nhk_own(scored, PARAMS)
    assert len(own) == 1
    row = own.iloc[0]
    assert row["period"] == "2026-10" and row["nip"] == NIP
    assert row["indicators"] == 3 and row["indicators_low"] == 0
    assert row["nhk_own"] == pytest.approx(110.0)  # 440 / 4


@pytest.mark.parametrize(
    ("target", "actual", "direction", "capaian", "capped"),
    [
        (5, 11, "Turun", 0.0, 0.0),  # 100 × (2 − 2.2) = −20, floored at 0
        (5, 10, "Turun", 0.0, 0.0),  # exactly twice the target
        (5, 0, "Turun", 200.0, 120.0),  # nothing happened that should not: capped
        (10, 20, "Naik", 200.0, 120.0),  # cap 120
        (10, 12, "Naik", 120.0, 120.0),
        (10, 0, "Naik", 0.0, 0.0),
        (4, 3, "Naik", 75.0, 75.0),
    ],
)
def test_capaian_floor_and_cap(target, actual, direction, capaian, capped):
    scored = with_capaian(reports([(target, actual, direction, 1)]), PARAMS)
    assert scored["capaian"].iloc[0] == pytest.approx(capaian)
    assert scored["capaian_capped"].iloc[0] == pytest.approx(capped)


def test_cap_comes_from_params():
    scored = with_capaian(reports([(10, 20, "Naik", 1)]), ScoringParams(capaian_cap=150.0))
    assert scored["capaian_capped"].iloc[0] == 150.0


def test_with_capaian_keeps_columns_and_does_not_mutate():
    frame = reports(EXAMPLE_A)
    before = frame.copy()
    scored = with_capaian(frame, PARAMS)
    pd.testing.assert_frame_equal(frame, before)
    assert list(scored.columns) == [*frame.columns, "capaian", "capaian_capped"]


def test_weights_count_and_capped_value_is_averaged():
    # 200 % capped to 120 with weight 3, 60 % with weight 1 → (360 + 60) / 4 = 105
    own = nhk_own(with_capaian(reports([(10, 20, "Naik", 3), (10, 6, "Naik", 1)]), PARAMS), PARAMS)
    assert own["nhk_own"].iloc[0] == pytest.approx(105.0)
    assert own["indicators_low"].iloc[0] == 1


def test_indicators_low_uses_half_up_rounding_and_params():
    # 89.995 rounds to 90.00 (not low); 89.994 → 89.99 (low)
    frame = reports([(100, 89.995, "Naik", 1), (100, 89.994, "Naik", 1), (100, 95, "Naik", 1)])
    own = nhk_own(with_capaian(frame, PARAMS), PARAMS)
    assert own["indicators_low"].iloc[0] == 1
    stricter = nhk_own(with_capaian(frame, PARAMS), ScoringParams(indicator_low=100.0))
    assert stricter["indicators_low"].iloc[0] == 3


def test_nhk_own_one_row_per_period_and_nip_sorted():
    frame = pd.concat(
        [
            reports([(10, 10, "Naik", 1)], period="2026-11", nip="2" * 18),
            reports([(10, 5, "Naik", 1), (10, 10, "Naik", 1)], period="2026-10", nip="2" * 18),
            reports([(10, 11, "Naik", 1)], period="2026-10", nip="1" * 18),
        ],
        ignore_index=True,
    )
    own = nhk_own(with_capaian(frame, PARAMS), PARAMS)
    assert list(zip(own["period"], own["nip"])) == [
        ("2026-10", "1" * 18),
        ("2026-10", "2" * 18),
        ("2026-11", "2" * 18),
    ]
    assert list(own["indicators"]) == [1, 2, 1]
    np.testing.assert_allclose(own["nhk_own"], [110.0, 75.0, 100.0])


def test_nhk_own_of_no_reports_is_empty():
    own = nhk_own(with_capaian(reports([]), PARAMS), PARAMS)
    assert own.empty
    assert list(own.columns) == ["period", "nip", "indicators", "nhk_own", "indicators_low"]


def blend_frame(**columns):
    base = {"nhk_own": [110.0], "public_service": [True], "ikm": [80.50], "ikm_responses": [25]}
    base.update({k: [v] for k, v in columns.items()})
    return pd.DataFrame(base)


def test_example_a_citizen_share():
    row = citizen_share(blend_frame(), PARAMS).iloc[0]
    assert bool(row["ikm_used"]) is True
    assert round(row["c_ikm"], 4) == 105.0777  # 100 × 80.50 / 76.61
    assert row["nhk"] == pytest.approx(0.8 * 110 + 0.2 * 100 * 80.50 / 76.61)
    assert round(row["nhk"], 2) == 109.02
    assert row["ikm_note"] == ""


def test_c_ikm_is_capped():
    row = citizen_share(blend_frame(ikm=99.0, ikm_responses=40), PARAMS).iloc[0]
    assert row["c_ikm"] == 120.0  # 100 × 99 / 76.61 = 129.2 → 120
    assert row["nhk"] == pytest.approx(0.8 * 110 + 0.2 * 120)


def test_not_public_service_keeps_own_nhk_without_note():
    row = citizen_share(blend_frame(public_service=False), PARAMS).iloc[0]
    assert not row["ikm_used"] and np.isnan(row["c_ikm"])
    assert row["nhk"] == 110.0 and row["ikm_note"] == ""


def test_too_few_responses_not_used_with_note():
    row = citizen_share(blend_frame(ikm=60.0, ikm_responses=12), PARAMS).iloc[0]
    assert not row["ikm_used"] and np.isnan(row["c_ikm"]) and row["nhk"] == 110.0
    assert row["ikm_note"] == "IKM unit belum dipakai: baru 12 responden (minimal 20)."


def test_note_names_the_agency_ikm_when_that_was_picked():
    row = citizen_share(blend_frame(ikm=60.0, ikm_responses=15, ikm_source="opd"), PARAMS).iloc[0]
    assert row["ikm_note"] == "IKM OPD belum dipakai: baru 15 responden (minimal 20)."


def test_no_ikm_note():
    row = citizen_share(blend_frame(ikm=np.nan, ikm_responses=0), PARAMS).iloc[0]
    assert not row["ikm_used"] and row["nhk"] == 110.0
    assert row["ikm_note"] == "IKM unit belum tersedia untuk periode ini."


def test_min_responses_boundary_and_params():
    assert citizen_share(blend_frame(ikm_responses=20), PARAMS)["ikm_used"].iloc[0]
    assert not citizen_share(blend_frame(ikm_responses=19), PARAMS)["ikm_used"].iloc[0]
    assert citizen_share(blend_frame(ikm_responses=5), ScoringParams(min_responses=5))["ikm_used"].iloc[0]


def test_share_comes_from_params():
    row = citizen_share(blend_frame(ikm=76.61), ScoringParams(citizen_share=0.5)).iloc[0]
    assert row["nhk"] == pytest.approx(0.5 * 110 + 0.5 * 100)


def test_no_own_nhk_means_no_nhk():
    row = citizen_share(blend_frame(nhk_own=np.nan), PARAMS).iloc[0]
    assert np.isnan(row["nhk"])


def test_citizen_share_does_not_mutate():
    frame = blend_frame()
    before = frame.copy()
    out = citizen_share(frame, PARAMS)
    pd.testing.assert_frame_equal(frame, before)
    assert {"c_ikm", "ikm_used", "nhk", "ikm_note"} <= set(out.columns)


def test_citizen_share_accepts_object_typed_numbers():
    frame = blend_frame().astype({"ikm": object, "ikm_responses": object})
    frame.loc[0, "ikm_responses"] = None
    row = citizen_share(frame, PARAMS).iloc[0]
    assert not row["ikm_used"] and row["ikm_note"].startswith("IKM unit belum dipakai: baru 0 responden")
