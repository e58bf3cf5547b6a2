"""config/contract.py: period keys and their Indonesian labels."""

import pytest

from config.contract import MONTH, QUARTER, YEAR, period_kind, period_label, quarter_of


@pytest.mark.parametrize(
    "key, kind, label",
    [
        ("2026-10", MONTH, "Oktober 2026"),
        ("2026-01", MONTH, "Januari 2026"),
        ("2026-Q1", QUARTER, "Triwulan I 2026"),
        ("2026-Q4", QUARTER, "Triwulan IV 2026"),
        ("2026", YEAR, "Tahun 2026"),
        ("2026-13", None, "2026-13"),
        ("2026-Q5", None, "2026-Q5"),
        ("lain", None, "lain"),
    ],
)
def test_period_kind_and_label(key, kind, label):
    assert period_kind(key) == kind
    assert period_label(key) == label


@pytest.mark.parametrize(
    "month, quarter", [("2026-01", "2026-Q1"), ("2026-03", "2026-Q1"), ("2026-04", "2026-Q2"), ("2026-12", "2026-Q4")]
)
def test_quarter_of(month, quarter):
    assert quarter_of(month) == quarter
