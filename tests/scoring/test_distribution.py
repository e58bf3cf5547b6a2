"""scoring/distribution.py: the SE MenPANRB 3/2023 pattern checks warn and never change a predikat."""

from dataclasses import dataclass

import pandas as pd
import pytest

from scoring.distribution import (
    AT_LEAST,
    AT_MOST,
    COLUMNS,
    DISTRIBUTION_RULES,
    ORG_RATINGS,
    SOURCE_CONFIG,
    SOURCE_TAB,
    check_distribution,
    org_ratings,
    rules_frame,
    year_warnings,
)
from scoring.params import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

SHORT = {"SB": SANGAT_BAIK, "B": BAIK, "BP": BUTUH_PERBAIKAN, "K": KURANG, "SK": SANGAT_KURANG}


def year_results(agency="DINKES", year="2026", **counts):
    """One 'tahun' row per employee, e.g. year_results(B=41, SB=9)."""
    predikats = [SHORT[k] for k, n in counts.items() for _ in range(n)]
    return pd.DataFrame(
        {
            "agency": agency,
            "period": year,
            "kind": "tahun",
            "nip": [f"{agency}{i:03d}" for i in range(len(predikats))],
            "predikat": predikats,
        }
    )


def rated(org_rating, agency="DINKES", year="2026", source=SOURCE_CONFIG):
    return pd.DataFrame({"agency": [agency], "year": [year], "org_rating": [org_rating], "org_rating_source": [source]})


def check(org_rating, **counts):
    return check_distribution(year_results(**counts), rated(org_rating))


def verdicts(out):
    return dict(zip(out["rule"], out["ok"]))


def test_every_org_rating_has_rules():
    assert {r.org_rating for r in DISTRIBUTION_RULES} == set(ORG_RATINGS)


def test_the_rule_table_is_the_se_pattern():
    table = rules_frame()
    texts = dict(zip(zip(table["org_rating"], table["rule"]), table["bound"]))
    assert texts == {
        ("Istimewa", "paling banyak 70% pegawai berpredikat Sangat Baik"): AT_MOST,
        ("Baik", "paling banyak 70% pegawai berpredikat Baik"): AT_MOST,
        ("Baik", "harus ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct"): AT_LEAST,
        ("Butuh Perbaikan", "paling sedikit 60% pegawai berpredikat Butuh Perbaikan"): AT_LEAST,
        ("Butuh Perbaikan", "paling banyak 10% pegawai berpredikat Sangat Baik"): AT_MOST,
        ("Kurang", "paling sedikit 60% pegawai berpredikat Kurang/Misconduct"): AT_LEAST,
        ("Kurang", "paling sedikit 10% pegawai berpredikat Butuh Perbaikan"): AT_LEAST,
        ("Kurang", "paling banyak 10% pegawai berpredikat Sangat Baik"): AT_MOST,
        ("Sangat Kurang", "paling sedikit 60% pegawai berpredikat Sangat Kurang"): AT_LEAST,
        ("Sangat Kurang", "paling sedikit 10% pegawai berpredikat Kurang/Misconduct atau Butuh Perbaikan"): AT_LEAST,
        ("Sangat Kurang", "tidak ada pegawai berpredikat Sangat Baik"): AT_MOST,
    }


def test_baik_broken_more_than_70_percent_baik_and_nobody_below():
    out = check("Baik", B=41, SB=9)
    assert list(out.columns) == COLUMNS and len(out) == 2 and not out["ok"].any()
    # One rule's finding; what to do about it is said once per year (year_warnings), not per rule.
    assert out["message"].iloc[0] == (
        "Organisasi berpredikat Baik: paling banyak 70% pegawai berpredikat Baik; saat ini 82% (41 dari 50)."
    )
    assert (
        "harus ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct; saat ini 0% (0 dari 50)"
        in out["message"].iloc[1]
    )
    row = out.iloc[0]
    assert (row["employees"], row["n_baik"], row["n_sangat_baik"], row["matched"]) == (50, 41, 9, 41)
    assert row["share"] == pytest.approx(0.82) and row["org_rating_source"] == SOURCE_CONFIG


def test_baik_satisfied():
    out = check("Baik", SB=10, B=35, BP=3, K=1, SK=1)
    assert out["ok"].all()
    assert out["message"].iloc[0].endswith("saat ini 70% (35 dari 50). Sesuai pola distribusi (SE MenPANRB 3/2023).")
    assert "(4 dari 50)" in out["message"].iloc[1]  # Butuh Perbaikan + Kurang/Misconduct


@pytest.mark.parametrize(
    "org_rating, counts, expected",
    [
        ("Istimewa", dict(SB=7, B=3), {"paling banyak 70% pegawai berpredikat Sangat Baik": True}),
        ("Istimewa", dict(SB=8, B=2), {"paling banyak 70% pegawai berpredikat Sangat Baik": False}),
        (
            "Butuh Perbaikan",
            dict(BP=6, SB=1, B=3),
            {
                "paling sedikit 60% pegawai berpredikat Butuh Perbaikan": True,
                "paling banyak 10% pegawai berpredikat Sangat Baik": True,
            },
        ),
        (
            "Butuh Perbaikan",
            dict(BP=5, SB=2, B=3),
            {
                "paling sedikit 60% pegawai berpredikat Butuh Perbaikan": False,
                "paling banyak 10% pegawai berpredikat Sangat Baik": False,
            },
        ),
        (
            "Kurang",
            dict(K=6, BP=1, SB=1, B=2),
            {
                "paling sedikit 60% pegawai berpredikat Kurang/Misconduct": True,
                "paling sedikit 10% pegawai berpredikat Butuh Perbaikan": True,
                "paling banyak 10% pegawai berpredikat Sangat Baik": True,
            },
        ),
        (
            "Kurang",
            dict(K=5, SB=2, B=3),
            {
                "paling sedikit 60% pegawai berpredikat Kurang/Misconduct": False,
                "paling sedikit 10% pegawai berpredikat Butuh Perbaikan": False,
                "paling banyak 10% pegawai berpredikat Sangat Baik": False,
            },
        ),
        (
            "Sangat Kurang",
            dict(SK=6, K=1, B=3),
            {
                "paling sedikit 60% pegawai berpredikat Sangat Kurang": True,
                "paling sedikit 10% pegawai berpredikat Kurang/Misconduct atau Butuh Perbaikan": True,
                "tidak ada pegawai berpredikat Sangat Baik": True,
            },
        ),
        (
            "Sangat Kurang",
            dict(SK=6, BP=1, B=2, SB=1),
            {
                "paling sedikit 60% pegawai berpredikat Sangat Kurang": True,
                "paling sedikit 10% pegawai berpredikat Kurang/Misconduct atau Butuh Perbaikan": True,
                "tidak ada pegawai berpredikat Sangat Baik": False,
            },
        ),
    ],
)
def test_every_org_rating(org_rating, counts, expected):
    out = check(org_rating, **counts)
    assert verdicts(out) == expected
    assert (out["org_rating"] == org_rating).all()


def test_sangat_kurang_with_one_sangat_baik_employee():
    out = check("Sangat Kurang", SK=9, K=2, SB=1)
    broken = out[~out["ok"]]
    assert broken["rule"].tolist() == ["tidak ada pegawai berpredikat Sangat Baik"]
    assert broken["message"].iloc[0] == (
        "Organisasi berpredikat Sangat Kurang: tidak ada pegawai berpredikat Sangat Baik; saat ini 8,3% (1 dari 12)."
    )


@pytest.mark.parametrize(
    "org_rating, counts, rule, ok",
    [
        # 10% of 30 is exactly 3 (0.1 * 30 is 3.0000000000000004 in floats).
        ("Kurang", dict(K=24, BP=3, B=3), "paling sedikit 10% pegawai berpredikat Butuh Perbaikan", True),
        ("Butuh Perbaikan", dict(BP=27, SB=3), "paling banyak 10% pegawai berpredikat Sangat Baik", True),
        # 10% of 5 is half a person: one is needed.
        ("Kurang", dict(K=4, BP=1), "paling sedikit 10% pegawai berpredikat Butuh Perbaikan", True),
        ("Kurang", dict(K=5), "paling sedikit 10% pegawai berpredikat Butuh Perbaikan", False),
        # 70% of 3 is 2.1: two Baik fit, three do not; one person alone is 100%.
        ("Baik", dict(B=2, BP=1), "paling banyak 70% pegawai berpredikat Baik", True),
        ("Baik", dict(B=3), "paling banyak 70% pegawai berpredikat Baik", False),
        ("Istimewa", dict(SB=1), "paling banyak 70% pegawai berpredikat Sangat Baik", False),
        ("Butuh Perbaikan", dict(BP=1), "paling sedikit 60% pegawai berpredikat Butuh Perbaikan", True),
    ],
)
def test_small_counts_and_exact_percentages(org_rating, counts, rule, ok):
    assert verdicts(check(org_rating, **counts))[rule] is ok


def test_two_thirds_is_shown_with_a_decimal_comma():
    out = check("Istimewa", SB=2, B=1)
    assert "saat ini 66,7% (2 dari 3)" in out["message"].iloc[0]


def test_only_year_rows_with_a_predikat_count():
    years = pd.concat(
        [
            year_results(B=2, BP=2),
            year_results(B=5).assign(kind="triwulan", period="2026-Q4"),  # a quarter is not the year
            pd.DataFrame(
                {"agency": ["DINKES"], "period": ["2026"], "kind": ["tahun"], "nip": ["x"], "predikat": [None]}
            ),
        ],
        ignore_index=True,
    )
    out = check_distribution(years, rated("Baik"))
    assert out["employees"].tolist() == [4, 4] and out["ok"].all()


def test_no_rating_or_no_predikat_gives_no_row():
    years = pd.concat([year_results(B=5), year_results("DISDIK", B=5), year_results(year="2025", B=5)])
    ratings = pd.concat([rated("Baik", "DINKES"), rated("Istimewa", "DPMPTSP")])
    out = check_distribution(years, ratings)
    assert set(zip(out["agency"], out["year"])) == {("DINKES", "2026")}
    empty = check_distribution(years.iloc[:0], ratings)
    assert empty.empty and list(empty.columns) == COLUMNS


def test_output_never_alters_input():
    years = year_results(B=41, SB=9)
    ratings = rated("Baik")
    before_years, before_ratings = years.copy(), ratings.copy()
    check_distribution(years, ratings)
    pd.testing.assert_frame_equal(years, before_years)
    pd.testing.assert_frame_equal(ratings, before_ratings)


def test_year_warnings_joins_broken_rules_or_says_it_fits():
    checks = pd.concat(
        [
            check("Baik", B=41, SB=9),
            check_distribution(year_results("DISDIK", B=7, BP=3), rated("Baik", "DISDIK")),
        ],
        ignore_index=True,
    )
    warnings = year_warnings(checks).set_index("agency")
    dinkes = warnings.loc["DINKES", "text"].split("\n")
    # The organisation, then one line per broken rule, then the advice once (not once per line).
    assert dinkes == [
        "Organisasi berpredikat Baik (SE MenPANRB 3/2023):",
        "- paling banyak 70% pegawai berpredikat Baik; saat ini 82% (41 dari 50);",
        "- harus ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct; saat ini 0% (0 dari 50).",
        "Tinjau kembali kalibrasi penilaian. Predikat pegawai tidak diubah.",
    ]
    assert not warnings.loc["DINKES", "ok"]
    assert warnings.loc["DISDIK", "ok"]
    assert warnings.loc["DISDIK", "text"] == (
        "Organisasi berpredikat Baik: distribusi predikat 10 pegawai sesuai pola distribusi (SE MenPANRB 3/2023)."
    )
    assert year_warnings(checks.iloc[:0]).empty


@dataclass
class Agency:
    code: str
    org_rating: str = ""


def test_org_ratings_tab_wins_over_config_for_its_year():
    tab = pd.DataFrame(
        {"agency": ["DINKES", "DISDIK"], "year": ["2025", "2024"], "org_rating": ["Kurang", "Baik"], "row": [2, 3]}
    )
    out = org_ratings(
        [Agency("DINKES", "Baik"), Agency("DISDIK"), Agency("DPMPTSP", "Istimewa")], tab, ["2026", "2025"]
    )
    assert out.values.tolist() == [
        ["DINKES", "2025", "Kurang", SOURCE_TAB],
        ["DINKES", "2026", "Baik", SOURCE_CONFIG],
        ["DISDIK", "2024", "Baik", SOURCE_TAB],
        ["DPMPTSP", "2025", "Istimewa", SOURCE_CONFIG],
        ["DPMPTSP", "2026", "Istimewa", SOURCE_CONFIG],
    ]
    empty_tab = tab.iloc[:0]
    assert org_ratings([Agency("DINKES")], empty_tab, ["2026"]).empty
    assert list(org_ratings([], empty_tab, []).columns) == ["agency", "year", "org_rating", "org_rating_source"]
