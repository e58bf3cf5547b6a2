"""Row bookkeeping shared by the validators: counts, issues, duplicates."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from config.contract import GALAT, PERINGATAN, PRESENSI
from sync.sources.backend import RawTab
from sync.validate.rows import (
    ISSUE_COLUMNS,
    TabCheck,
    TabCount,
    ValidationOptions,
    combine_codes,
    issues_frame,
    open_tab,
)


def presensi(*rows):
    return RawTab.from_rows("Presensi", [["Periode", "NIP", "Hari Kerja", "Hadir"], *rows])


def test_options_default_to_today_in_the_city_time_zone():
    assert isinstance(ValidationOptions().today, date)
    assert ValidationOptions(today=date(2026, 1, 2)).today == date(2026, 1, 2)


def test_issues_frame_sorts_by_tab_order_then_row_and_keeps_column_order():
    part = pd.DataFrame(
        {
            "tab": ["B", "A", "A", "A"],
            "row": [2, 9, 3, 3],
            "column": ["x", "y", "first", "second"],
            "value": "",
            "problem": "p",
            "fix": "f",
            "severity": GALAT,
        }
    )
    frame = issues_frame([part], ["A", "B"])
    assert list(frame.columns) == list(ISSUE_COLUMNS)
    assert frame[["tab", "row", "column"]].values.tolist() == [
        ["A", 3, "first"],
        ["A", 3, "second"],
        ["A", 9, "y"],
        ["B", 2, "x"],
    ]


def test_empty_issues_frame_has_the_columns():
    frame = issues_frame([], ["A"])
    assert list(frame.columns) == list(ISSUE_COLUMNS) and frame.empty
    assert frame["row"].dtype == np.int64


def test_blank_rows_are_not_read():
    check = open_tab(
        PRESENSI,
        {"Presensi": presensi(["2026-10", "x", 1, 1], [None, "  ", None, ""], ["", "", "", 5])},
        ValidationOptions(),
    )
    assert check.rows.tolist() == [2, 4]
    assert check.count() == TabCount("Presensi", 2, 2, 0, 0)


def test_galat_peringatan_and_supersede_keep_the_invariant():
    check = open_tab(
        PRESENSI, {"Presensi": presensi(*([f"r{i}", None, None, None] for i in range(6)))}, ValidationOptions()
    )
    check.galat(np.array([True, False, False, False, False, False]), "period", "Periode", "salah", "perbaiki")
    check.peringatan(np.array([False, True, False, False, False, False]), "period", "Periode", "awas", "cek")
    keys = np.array([7, 7, 7, 8, 9, 8])  # row 2 is rejected: rows 3 and 4 share a key, as do 5 and 7
    check.supersede(keys, "Periode dan NIP", "period", "Periode")
    assert check.count() == TabCount("Presensi", 6, 3, 1, 2)
    issues = issues_frame(check.issues(), ["Presensi"])
    ganda = issues[issues["problem"].str.startswith("Data ganda")]
    assert ganda["row"].tolist() == [3, 5]
    assert ganda["problem"].tolist()[0].endswith("yang dipakai baris 4.")
    assert ganda["problem"].tolist()[1].endswith("yang dipakai baris 7.")
    assert (ganda["severity"] == PERINGATAN).all()
    assert issues.loc[issues["row"] == 2, "value"].tolist() == ["r0"]
    assert check.used.tolist() == [False, False, True, False, True, True]


def test_absent_tab():
    check = TabCheck.absent("Presensi", ["Periode", "NIP"])
    assert check.broken and len(check) == 0
    issue = issues_frame(check.issues(), ["Presensi"]).iloc[0]
    assert (issue["row"], issue["severity"]) == (0, GALAT)
    assert "Periode, NIP" in issue["fix"]


@pytest.mark.parametrize("sizes", [(12, 100_000, 400_000), (3, 2**22, 2**22, 2**22)])
def test_combine_codes_gives_equal_keys_exactly_for_equal_tuples(sizes):
    rng = np.random.default_rng(3)
    columns = [rng.integers(-1, size, 2000) for size in sizes]
    columns = [np.concatenate([c, c[:50]]) for c in columns]  # 50 exact repeats
    keys = combine_codes(*columns)
    tuples = pd.Series(list(zip(*columns)))
    assert (pd.Series(keys).duplicated() == tuples.duplicated()).all()
