import numpy as np
import pandas as pd
import pytest

from scoring.rounding import round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (109.995, 110.0),  # binary 109.99499999… must still round up
        (89.994, 89.99),
        (89.995, 90.0),
        (2.675, 2.68),  # Python's round gives 2.67
        (0.125, 0.13),  # round-half-even would give 0.12
        (105.28571428, 105.29),
        (109.01553, 109.02),
        (80.0, 80.0),
    ],
)
def test_half_up_to_two_decimals(value, expected):
    assert round_half_up(value, 2) == expected


def test_other_decimals():
    assert round_half_up(105.07766, 4) == 105.0777
    assert round_half_up(91.475, 1) == 91.5
    assert round_half_up(2.5, 0) == 3.0


def test_nan_stays_nan_and_scalar_is_float():
    result = round_half_up(float("nan"))
    assert isinstance(result, float) and np.isnan(result)
    assert isinstance(round_half_up(1), float)


def test_ndarray_keeps_shape_and_nan():
    result = round_half_up(np.array([1.005, np.nan, 110.0]))
    np.testing.assert_array_equal(result, np.array([1.01, np.nan, 110.0]))


def test_series_keeps_index_and_name():
    series = pd.Series([1.115, None], index=["a", "b"], name="nhk")
    result = round_half_up(series)
    assert list(result.index) == ["a", "b"] and result.name == "nhk"
    assert result["a"] == 1.12 and np.isnan(result["b"])


def test_nullable_series_with_na():
    result = round_half_up(pd.Series([1.5, None], dtype="Float64"))
    assert result.iloc[0] == 1.5 and np.isnan(result.iloc[1])


def test_input_not_mutated():
    values = np.array([1.005, 2.675])
    round_half_up(values)
    np.testing.assert_array_equal(values, np.array([1.005, 2.675]))
