import numpy as np
import pandas as pd

from scoring.arrays import as_float, factorize_pairs, last_row_per_group, nullable_int


def test_factorize_pairs_numbers_groups_in_sort_order():
    group, periods, nips = factorize_pairs(
        pd.Series(["2026-11", "2026-10", "2026-11", "2026-10"]), np.array(["b", "c", "b", "a"], dtype=object)
    )
    assert list(group) == [2, 1, 2, 0]
    assert list(periods) == ["2026-10", "2026-10", "2026-11"]
    assert list(nips) == ["a", "c", "b"]


def test_factorize_pairs_of_nothing():
    group, periods, nips = factorize_pairs([], [])
    assert len(group) == len(periods) == len(nips) == 0


def test_last_row_per_group():
    groups, rows = last_row_per_group(np.array([2, 0, 2, 1, 0]))
    assert list(groups) == [0, 1, 2] and list(rows) == [4, 3, 2]


def test_nullable_int():
    result = nullable_int(np.array([3.0, np.nan, 0.0]))
    assert str(result.dtype) == "Int64"
    assert result[0] == 3 and result[1] is pd.NA and result[2] == 0


def test_as_float_of_object_and_nullable_columns():
    np.testing.assert_array_equal(as_float(pd.Series([1, None, "2"], dtype=object)), [1.0, np.nan, 2.0])
    np.testing.assert_array_equal(as_float(pd.Series([1, None], dtype="Int64")), [1.0, np.nan])
