"""The disclosure rules (web/disclosure.py) on their own: small groups hidden, small predikat cells
hidden with a partner so none can be recovered by subtraction from the published total, IKMs below
the minimum sample withheld, complaint labels that could name someone folded into 'Lainnya'."""

import numpy as np
import pandas as pd
import pytest

from web.disclosure import (
    NOT_SCORED,
    PUBLISHED,
    SMALL_CELLS,
    SMALL_GROUP,
    SMALL_SAMPLE,
    ikm_note,
    ikm_publishable,
    ikm_states,
    kinerja_disclosure,
    kinerja_note,
    protect_predikat,
    public_category_labels,
)

PREDIKAT_COUNTS = ["n_sangat_baik", "n_baik", "n_butuh_perbaikan", "n_kurang", "n_sangat_kurang"]


# ---- predikat cells: primary and complementary suppression -------------------------------------


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([0, 13, 0, 1, 0], [False, True, False, True, False]),  # DPMPTSP: Kurang 1 of 14, with Baik
        ([0, 8, 2, 0, 2], [False, False, True, False, True]),  # 2 + 2: each could be 3 if the other were 1
        ([0, 8, 1, 0, 1], [False, True, True, False, True]),  # 1 + 1 = 2: too few, add the smallest other
        ([0, 10, 4, 2, 0], [False, False, True, True, False]),  # the smallest partner, not the largest
        ([3, 9, 0, 0, 0], [False] * 5),  # nothing small: nothing hidden
        ([0, 12, 0, 0, 0], [False] * 5),  # zeros stay: nobody names no one
        ([1, 1, 1, 1, 1], [True] * 5),  # cannot be protected partly: everything hidden
        ([0, 0, 0, 2, 0], [True] * 5),
    ],
)
def test_protect_predikat(counts, hidden):
    assert protect_predikat(np.array([counts]), 3)[0].tolist() == hidden


def test_protect_predikat_threshold_is_configurable():
    assert protect_predikat(np.array([[0, 10, 3, 0, 0]]), 3)[0].tolist() == [False] * 5
    assert protect_predikat(np.array([[0, 10, 3, 0, 0]]), 4)[0].tolist() == [False, True, True, False, False]
    assert protect_predikat(np.array([[0, 10, 2, 0, 0]]), 2)[0].tolist() == [False] * 5


def test_no_row_can_be_attacked_after_protect_predikat():
    """Every pattern of small groups: no published 1..k-1, never exactly one hidden cell, and the
    hidden people (total minus published cells) enough for each hidden cell to hold k."""
    rng = np.random.default_rng(11)
    counts = rng.choice([0, 0, 1, 2, 3, 4, 7, 12], size=(4000, 5))
    for k in (2, 3, 4):
        hidden = protect_predikat(counts, k)
        shown = np.where(hidden, 0, counts)
        assert not ((shown > 0) & (shown < k)).any()
        n_hidden = hidden.sum(axis=1)
        rest = counts.sum(axis=1) - shown.sum(axis=1)
        partial = (n_hidden > 0) & (n_hidden < 5)
        assert (n_hidden != 1).all()
        assert (rest[partial] >= k + n_hidden[partial] - 1).all()


def test_protect_predikat_leaves_no_cell_recoverable_by_subtraction():
    """The attack itself: the published total minus the published cells is what the hidden cells
    hold together; with one hidden cell that would be its exact count."""
    counts = np.array([[0, 13, 0, 1, 0], [2, 9, 0, 0, 0], [0, 0, 4, 1, 6]])
    hidden = protect_predikat(counts, 3)
    for row, mask in zip(counts, hidden):
        assert mask.sum() != 1
        if mask.any():
            left = row.sum() - row[~mask].sum()
            assert left == row[mask].sum() and left >= 3 + mask.sum() - 1


# ---- groups: average and distribution ----------------------------------------------------------


def test_kinerja_disclosure_hides_small_groups_and_small_cells():
    scored = pd.Series([0, 4, 14, 12])
    counts = pd.DataFrame(
        [[0, 0, 0, 0, 0], [0, 4, 0, 0, 0], [0, 13, 0, 1, 0], [0, 12, 0, 0, 0]], columns=PREDIKAT_COUNTS
    )
    shown, hidden, status = kinerja_disclosure(scored, counts, min_group_size=5, min_cell=3)
    assert shown.tolist() == [False, False, True, True]
    assert status.tolist() == [NOT_SCORED, SMALL_GROUP, SMALL_CELLS, PUBLISHED]
    assert list(hidden.columns) == PREDIKAT_COUNTS and hidden.index.equals(counts.index)
    assert hidden.iloc[2].tolist() == [False, True, False, True, False]
    assert not hidden.iloc[3].any()


def test_kinerja_disclosure_never_shows_a_group_of_nobody():
    shown, _hidden, status = kinerja_disclosure(
        pd.Series([0]), pd.DataFrame([[0] * 5], columns=PREDIKAT_COUNTS), min_group_size=0, min_cell=3
    )
    assert not shown.iloc[0] and status.iloc[0] == NOT_SCORED


def test_kinerja_note():
    assert kinerja_note(SMALL_GROUP, 4, 5) == "kelompok kecil (n = 4, minimal 5 pegawai dinilai)"
    assert kinerja_note(NOT_SCORED, 0, 5) == NOT_SCORED
    assert kinerja_note(SMALL_CELLS, 14, 5) == "" and kinerja_note(PUBLISHED, 14, 5) == ""


# ---- IKM ---------------------------------------------------------------------------------------


def test_ikm_publishable_needs_the_store_verdict_the_minimum_and_a_value():
    sufficient = pd.Series([1, 1, 0, 1, 1])
    respondents = pd.Series([20, 19, 40, 40, 1200])
    value = pd.Series([80.0, 80.0, 80.0, np.nan, 75.5])
    assert ikm_publishable(sufficient, respondents, value, 20).tolist() == [True, False, False, False, True]


def test_ikm_states_and_notes():
    cells = pd.DataFrame({"primary": [True, False]}, index=[7, 9])
    states = ikm_states(cells)
    assert states.tolist() == [PUBLISHED, SMALL_SAMPLE] and states.index.tolist() == [7, 9]
    assert ikm_note(SMALL_SAMPLE, 1234, 20) == "sampel kurang (n = 1.234, minimal 20)"
    assert ikm_note(PUBLISHED, 40, 20) == ""


# ---- complaint categories ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "count", "shown"),
    [
        ("Waktu Pelayanan", 3, "Waktu Pelayanan"),
        ("Waktu Pelayanan", 2, "Lainnya"),  # too rare: could be one person's own words
        ("Budi Santoso", 1, "Lainnya"),
        ("hubungi 081234567890", 9, "Lainnya"),
        ("budi@example.org", 9, "Lainnya"),
        ("lihat www.contoh.id", 9, "Lainnya"),
        ("x" * 41, 9, "Lainnya"),
        ("", 9, "Lainnya"),
    ],
)
def test_public_category_labels(label, count, shown):
    assert public_category_labels(pd.Series([label]), pd.Series([count])).tolist() == [shown]


def test_category_uses_are_counted_regardless_of_case():
    labels = pd.Series(["Antrean", "antrean", "ANTREAN"])
    assert public_category_labels(labels, pd.Series([1, 1, 1])).tolist() == ["Antrean", "antrean", "ANTREAN"]
