import numpy as np
import pandas as pd
import pytest

from scoring.params import (
    BAIK,
    BUTUH_PERBAIKAN,
    DI_ATAS,
    DI_BAWAH,
    KURANG,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
    ScoringParams,
)
from scoring.predikat import nilai_akhir, predikat, rating, rating_perilaku

PARAMS = ScoringParams()


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (120.0, DI_ATAS),
        (110.0, DI_ATAS),
        (109.995, DI_ATAS),  # rounds half-up to 110.00
        (109.994, SESUAI),
        (109.02, SESUAI),  # example A's NHK, just under 110
        (90.0, SESUAI),
        (89.995, SESUAI),  # rounds to 90.00
        (89.994, DI_BAWAH),  # rounds to 89.99
        (0.0, DI_BAWAH),
    ],
)
def test_rating_thresholds_with_half_up_rounding(score, label):
    assert rating(pd.Series([score]), PARAMS).iloc[0] == label


def test_rating_missing_score_is_none_and_index_kept():
    result = rating(pd.Series([np.nan, 100.0], index=[7, 9]), PARAMS)
    assert result.iloc[0] is None and result.loc[9] == SESUAI


def test_rating_thresholds_from_params():
    params = ScoringParams(threshold_above=100.0, threshold_meets=80.0)
    assert list(rating(np.array([100.0, 85.0, 79.0]), params)) == [DI_ATAS, SESUAI, DI_BAWAH]


def test_rating_perilaku_gate_overrides_score():
    result = rating_perilaku(pd.Series([95.0, 115.0, 95.0, np.nan]), pd.Series([True, True, False, True]), PARAMS)
    assert list(result) == [DI_BAWAH, DI_BAWAH, SESUAI, None]  # no NPK → no rating, gate or not


MATRIX_CASES = [
    (DI_ATAS, DI_ATAS, SANGAT_BAIK),
    (DI_ATAS, SESUAI, BAIK),
    (DI_ATAS, DI_BAWAH, KURANG),
    (SESUAI, DI_ATAS, BAIK),
    (SESUAI, SESUAI, BAIK),
    (SESUAI, DI_BAWAH, KURANG),
    (DI_BAWAH, DI_ATAS, BUTUH_PERBAIKAN),
    (DI_BAWAH, SESUAI, BUTUH_PERBAIKAN),
    (DI_BAWAH, DI_BAWAH, SANGAT_KURANG),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX_CASES)
def test_example_d_matrix_cell(hasil, perilaku, expected):
    assert predikat(pd.Series([hasil]), pd.Series([perilaku])).iloc[0] == expected


def test_matrix_vectorised_over_all_cells():
    hasil, perilaku, expected = zip(*MATRIX_CASES)
    assert list(predikat(pd.Series(hasil), pd.Series(perilaku))) == list(expected)


def test_predikat_missing_either_rating_is_none():
    result = predikat(pd.Series([None, SESUAI, None]), pd.Series([SESUAI, None, None]))
    assert list(result) == [None, None, None]


def test_example_a_and_b_nilai_akhir():
    na = nilai_akhir(pd.Series([109.0155327, 100.0]), pd.Series([105.2857143, 95.0]), PARAMS)
    assert round(na.iloc[0], 2) == 107.90
    assert na.iloc[1] == pytest.approx(98.50)


def test_nilai_akhir_missing_either_is_nan():
    na = nilai_akhir(pd.Series([np.nan, 100.0]), pd.Series([100.0, np.nan]), PARAMS)
    assert na.isna().all()


def test_example_b_gate_gives_kurang():
    rating_hk = rating(pd.Series([100.0]), PARAMS)
    rating_pk = rating_perilaku(pd.Series([95.0]), pd.Series([True]), PARAMS)
    assert rating_hk.iloc[0] == SESUAI and rating_pk.iloc[0] == DI_BAWAH
    assert predikat(rating_hk, rating_pk).iloc[0] == KURANG


def test_missing_gate_value_means_no_gate():
    result = rating_perilaku(pd.Series([95.0, 95.0, 95.0]), pd.Series([np.nan, None, True], dtype=object), PARAMS)
    assert list(result) == [SESUAI, SESUAI, DI_BAWAH]
