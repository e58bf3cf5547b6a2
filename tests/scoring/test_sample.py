"""Krejcie–Morgan minimum SKM sample, the unit-period population rule, the weakest elements."""

import pandas as pd
import pytest

from scoring.sample import (
    RULE_KREJCIE_MORGAN,
    RULE_MIN_RESPONSES,
    krejcie_morgan,
    partial_populations,
    period_populations,
    sample_adequacy,
    weakest_elements,
)


@pytest.mark.parametrize(
    "population, minimum",
    [
        (100, 80),  # 79,5 rounded up
        (1_000, 278),  # 277,7 rounded up
        (1_000_000, 384),  # the regulation's table, last line
        (10, 10),  # a tiny population: everyone
        (1, 1),
        (50, 45),  # 44,3 (Krejcie & Morgan's table: 44 after rounding to nearest; we round up)
        (500, 218),  # 217,4
    ],
)
def test_krejcie_morgan_rounds_up(population, minimum):
    assert krejcie_morgan(population) == minimum


def test_very_large_population_tends_to_384_and_never_exceeds_385():
    assert krejcie_morgan(100_000) == 383
    assert krejcie_morgan(10**9) == 385  # the limit 384,1 rounded up
    assert krejcie_morgan(0) == 0


def _pop(rows):
    return pd.DataFrame(rows, columns=["unit_id", "period", "population"])


def test_month_uses_its_own_population_only():
    known = period_populations(_pop([("u", "2026", 12_000), ("u", "2026-03", 100)]))
    assert known[("u", "2026-03")] == 100
    assert ("u", "2026-04") not in known  # the year's population is not spread over months
    assert known[("u", "2026")] == 12_000


def test_quarter_and_year_sum_their_parts_when_complete():
    rows = [("u", f"2026-{m:02d}", 100) for m in range(1, 7)] + [("u", "2026-Q3", 250), ("u", "2026-10", 1)]
    known = period_populations(_pop(rows))
    assert known[("u", "2026-Q1")] == 300 and known[("u", "2026-Q2")] == 300
    assert known[("u", "2026-Q3")] == 250
    assert ("u", "2026-Q4") not in known  # only October: incomplete
    assert ("u", "2026") not in known  # Q4 unknown: no year
    rows += [("u", "2026-Q4", 50)]
    assert period_populations(_pop(rows))[("u", "2026")] == 900


def test_adequacy_names_the_rule_that_applied():
    results = pd.DataFrame(
        {
            "unit_id": ["a", "a", "b"],
            "agency": ["X", "X", "X"],
            "period": ["2026-01", "2026-02", "2026-01"],
            "respondents": [80, 79, 25],
        }
    )
    out = sample_adequacy(results, _pop([("a", "2026-01", 100), ("a", "2026-02", 100)]), min_responses=20)
    assert out["min_sample"].tolist() == [80, 80, 20]
    assert out["adequate"].tolist() == [True, False, True]
    assert out["rule"].tolist() == [RULE_KREJCIE_MORGAN, RULE_KREJCIE_MORGAN, RULE_MIN_RESPONSES]
    assert out["population"].tolist()[:2] == [100, 100] and pd.isna(out["population"].iloc[2])


def test_weakest_three_elements_of_sufficient_results_only():
    keys = tuple(f"u{j}" for j in range(1, 10))
    nrr = {f"nrr_u{j}": 3.5 for j in range(1, 10)}
    ikm = pd.DataFrame(
        [
            {
                "unit_id": "a",
                "agency": "X",
                "period": "2026-01",
                "sufficient": True,
                **nrr,
                "nrr_u4": 2.9,
                "nrr_u9": 3.1,
                "nrr_u2": 3.1,
            },
            {"unit_id": "b", "agency": "X", "period": "2026-01", "sufficient": False, **nrr, "nrr_u1": 1.0},
        ]
    )
    out = weakest_elements(ikm, keys)
    assert out[["element", "rank"]].values.tolist() == [["u4", 1], ["u2", 2], ["u9", 3]]  # a tie keeps U order
    assert out["nrr"].tolist() == [2.9, 3.1, 3.1]
    assert weakest_elements(ikm.iloc[1:], keys).empty


def test_more_respondents_than_recipients_is_said_in_the_sample_text():
    from sync.results.followup import sample_text

    frame = pd.DataFrame(
        {
            "adequate": [True, True, False],
            "rule": [RULE_KREJCIE_MORGAN] * 2 + [RULE_MIN_RESPONSES],
            "population": [30, 1_250, None],
            "min_sample": [28, 294, 20],
            "respondents": [31, 300, 4],
        }
    )
    text = sample_text(frame).tolist()
    assert text[0] == (
        "Memadai (Krejcie–Morgan dari 30 penerima layanan: minimal 28; responden lebih banyak dari "
        "penerima layanan, periksa tab Populasi Layanan)"
    )
    assert text[1] == "Memadai (Krejcie–Morgan dari 1.250 penerima layanan: minimal 294)"
    assert text[2] == "Belum memadai (minimal 20 responden (konfigurasi; Populasi Layanan belum diisi))"


def test_a_quarter_known_in_part_is_never_judged_below_its_months():
    """DISDUKCAPIL 2026-10: 224 recipients (S = 142), November and December unknown. The quarter
    and the year need at least 142, not the fallback 20; the counted recipients are their N."""
    population = _pop([("u", "2026-10", 224), ("v", "2026-10", 15)])
    assert partial_populations(population) == {
        ("u", "2026-Q4"): 224,
        ("u", "2026"): 224,
        ("v", "2026-Q4"): 15,
        ("v", "2026"): 15,
    }
    results = pd.DataFrame(
        {
            "unit_id": ["u", "u", "u", "v", "v", "w"],
            "agency": ["X"] * 6,
            "period": ["2026-10", "2026-Q4", "2026", "2026-10", "2026-Q4", "2026-Q4"],
            "respondents": [55, 55, 55, 16, 16, 20],
        }
    )
    out = sample_adequacy(results, population, min_responses=20)
    assert out["min_sample"].tolist() == [142, 142, 142, 15, 20, 20]
    assert out["adequate"].tolist() == [False, False, False, True, False, True]
    # 15 recipients need 15 answers: below min_responses, so the unknown months keep the fallback
    assert out["rule"].tolist()[:5] == [RULE_KREJCIE_MORGAN] * 3 + [RULE_KREJCIE_MORGAN, RULE_MIN_RESPONSES]
    assert out["population"].tolist()[:3] == [224, 224, 224]
    # a complete quarter is still its months' sum, not the partial rule
    full = _pop([("u", "2026-10", 224), ("u", "2026-11", 100), ("u", "2026-12", 100)])
    assert ("u", "2026-Q4") not in partial_populations(full)
    assert sample_adequacy(results.iloc[[1]], full, 20)["min_sample"].tolist() == [krejcie_morgan(424)]
