"""scoring/indonesian.py: numbers, month names and dates as Indonesians write them."""

import datetime as dt
import math

import numpy as np
import pytest

from scoring import indonesian as ind


@pytest.mark.parametrize(
    "value, decimals, trim, expected",
    [
        (1234.5, 2, False, "1.234,50"),
        (109.995, 2, False, "110,00"),  # half-up on the intended decimal, not on the binary value
        (2.675, 2, False, "2,68"),
        (89.994, 2, False, "89,99"),
        (1234567.891, 2, False, "1.234.567,89"),
        (-3.5, 2, False, "\u22123,50"),
        (-0.001, 2, False, "0,00"),  # no "−0,00"
        (60.0, 2, True, "60"),
        (12.5, 2, True, "12,5"),
        (5.34, 1, False, "5,3"),
        (36000, 0, False, "36.000"),
    ],
)
def test_decimal(value, decimals, trim, expected):
    assert ind.decimal(value, decimals, trim) == expected


def test_decimal_minus_sign_is_the_callers():
    assert ind.decimal(-1234.56, 1) == "\u22121.234,6"  # pages: a real minus sign
    assert ind.decimal(-1234.56, 1, minus="-") == "-1.234,6"  # log lines: ASCII


@pytest.mark.parametrize(
    "value, expected", [(0, "0"), (30563, "30.563"), (1234567, "1.234.567"), (-4500, "-4.500"), (999.9, "999")]
)
def test_count(value, expected):
    assert ind.count(value) == expected


@pytest.mark.parametrize("value, expected", [(90.0, "90"), (87.5, "87,5"), (0.25, "0,25"), (1.5e6, "1,5e+06")])
def test_general(value, expected):
    assert ind.general(value) == expected


def test_comma_only_swaps_the_decimal_point():
    assert ind.comma("87.5") == "87,5"
    assert ind.comma("12") == "12"


def test_decimal_texts_two_places():
    values = [90.015, 5, -1.5, 0.004, -0.004, 109.995, 123456.789, math.nan, math.inf]
    got = ind.decimal_texts(values)
    assert got.dtype == object
    assert got.tolist() == ["90,02", "5,00", "-1,50", "0,00", "0,00", "110,00", "123456,79", "", ""]


def test_decimal_texts_missing_and_other_places():
    assert ind.decimal_texts([math.nan, -math.inf, 1.0], missing=None).tolist() == ["nan", "-inf", "1,00"]
    assert ind.decimal_texts([math.nan], missing="–").tolist() == ["–"]
    assert ind.decimal_texts([2.25, -0.05, -0.06, math.nan], 1, missing=None).tolist() == ["2,3", "0,0", "-0,1", "nan"]
    assert ind.decimal_texts(np.array([7.0]), 0).tolist() == ["7"]


def test_decimal_texts_agree_with_decimal_without_thousands():
    rng = np.random.default_rng(7)
    values = np.round(rng.normal(0, 400, 2000), 3)
    texts = ind.decimal_texts(values)
    assert texts.tolist() == [ind.decimal(x, 2, minus="-").replace(".", "") for x in values]


def test_month_names_and_dates():
    assert ind.month_name(10) == "Oktober"
    assert ind.short_month(8) == "Agu" and ind.short_month(10) == "Okt"
    assert len(ind.MONTHS_ID) == 12 and ind.MONTHS_ID[0] == "Januari" and ind.MONTHS_ID[-1] == "Desember"
    assert ind.long_date(dt.date(2026, 12, 3)) == "3 Desember 2026"
    moment = dt.datetime(2026, 11, 28, 9, 3, 7)
    assert ind.clock(moment) == "09.03.07"
    assert ind.clock(moment, seconds=False) == "09.03"
