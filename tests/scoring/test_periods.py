"""scoring/periods.py: period keys and labels (config.contract re-exports them for the sheets)."""

import numpy as np
import pytest

from scoring import periods


@pytest.mark.parametrize(
    "month, quarter",
    [
        ("2026-01", "2026-Q1"),
        ("2026-03", "2026-Q1"),
        ("2026-04", "2026-Q2"),
        ("2026-09", "2026-Q3"),
        ("2026-10", "2026-Q4"),
        ("2026-12", "2026-Q4"),
    ],
)
def test_quarter_of(month, quarter):
    assert periods.quarter_of(month) == quarter
    assert periods.year_of(month) == "2026" == periods.year_of(quarter)


@pytest.mark.parametrize(
    "period, previous",
    [
        ("2026-01", "2025-12"),
        ("2026-10", "2026-09"),
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("2026", "2025"),
        ("bukan", None),
    ],
)
def test_previous_period(period, previous):
    assert periods.previous_period(period) == previous


def test_month_numbers_are_consecutive_across_years():
    assert periods.month_number("2026-01") - periods.month_number("2025-12") == 1
    assert periods.month_number("2026-10") - periods.month_number("2026-07") == 3


def test_per_unique_spreads_the_helper_over_the_rows():
    out = periods.per_unique(np.array(["2026-10", "2026-01", "2026-10"], dtype=object), periods.quarter_of)
    assert out.tolist() == ["2026-Q4", "2026-Q1", "2026-Q4"]
