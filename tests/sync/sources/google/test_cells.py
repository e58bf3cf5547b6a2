"""sync/sources/google/cells.py: API cells -> RawTab rows like the local backend's, and JSON-safe writes."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from sync.sources.backend import SheetTable
from sync.sources.google.cells import serial_to_date, sheet_rows, sheet_value, table_values


@pytest.mark.parametrize(
    "value, expected",
    [
        (46296.0, dt.date(2026, 10, 1)),
        (46296.34409722222, dt.datetime(2026, 10, 1, 8, 15, 30)),
        (46296.999999999, dt.datetime(2026, 10, 2)),  # binary noise rounds to the second
        (202610.0, 202610.0),  # a period typed as a number: left for the validator to name
        (0.5, 0.5),
        ("46296", "46296"),  # text is never a date here
        (True, True),
    ],
)
def test_serial_to_date(value, expected):
    assert serial_to_date(value) == expected
    assert type(serial_to_date(value)) is type(expected)


def test_sheet_rows_converts_only_date_columns_and_pads_ragged_rows():
    rows = sheet_rows([["Periode", "NIP", "Bulan"], [46296, 198503152010121001, 46296], [], ["2026-10"]])
    assert rows == [
        ["Periode", "NIP", "Bulan"],
        [dt.date(2026, 10, 1), 1.98503152010121e17, dt.date(2026, 10, 1)],
        ["", "", ""],
        ["2026-10", "", ""],
    ]
    assert type(rows[1][1]) is float


def test_header_numbers_and_booleans_keep_their_types():
    rows = sheet_rows([[2026, "NIP"], [True, 5]])
    assert rows == [[2026.0, "NIP"], [True, 5.0]]
    assert type(rows[1][0]) is bool and type(rows[1][1]) is float


def test_no_values_is_no_rows():
    assert sheet_rows([]) == []


@pytest.mark.parametrize(
    "value, sent",
    [
        (None, ""),
        (math.nan, ""),
        (math.inf, ""),
        (-math.inf, ""),
        (3, 3),
        (3.5, 3.5),
        ("=1+2", "=1+2"),
        (True, True),
        (np.int64(4), 4),
        (np.float64("nan"), ""),
        (np.bool_(True), True),
        (pd.NaT, ""),
        (pd.NA, ""),
        (dt.date(2026, 10, 1), "01/10/2026"),
        (dt.datetime(2026, 10, 1, 8, 15, 30), "01/10/2026 08:15:30"),
        (pd.Timestamp("2026-10-01"), "01/10/2026"),
    ],
)
def test_sheet_value_is_json_safe(value, sent):
    assert sheet_value(value) == sent
    assert type(sheet_value(value)) is type(sent)


def test_table_values_blank_what_older_content_may_still_hold():
    table = SheetTable("Hasil", ("A", "B"), [["x", None], ["y"]])
    assert table_values(table, rows=5, columns=3) == [
        ["A", "B", ""],
        ["x", "", ""],
        ["y", "", ""],
        ["", "", ""],
        ["", "", ""],
    ]
    assert table_values(table, rows=3, columns=2) == [["A", "B"], ["x", ""], ["y", ""]]
