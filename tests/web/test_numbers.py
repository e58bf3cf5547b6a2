"""No writer lets a NaN or an infinity out (issue 9, item 3): each one gets them pushed in directly.

Decisions per writer: the store keeps NULL (and logs which column held what); owned tabs, the
result workbook, Google cells, open data and the HR report leave the cell blank; a page shows
"–" like any missing value. A store written by an older version that already holds Inf is read
as missing.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import sqlite3

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sync.results import periodic as tables_periodic, tabs as tables
from sync.sources.backend import SheetTable
from sync.sources.google.cells import table_values
from sync.sources.local import write_workbook
from sync.store import ResultsStore
from tests import fixture_store as fx
from tests.sync.test_numbers import NON_FINITE_TEXT
from web import create_app, format as fmt
from web.opendata import OPD_COLUMNS, to_csv, to_json
from web.report import write_report

BAD = (math.nan, math.inf, -math.inf)


def _no_constant(name):
    raise ValueError(f"not JSON: {name}")


def _raw_floats(store: ResultsStore, table: str) -> list[float]:
    conn = sqlite3.connect(store.path)
    try:
        return [v for row in conn.execute(f'SELECT * FROM "{table}"') for v in row if isinstance(v, float)]
    finally:
        conn.close()


# ---- the results store ------------------------------------------------------------------------


def test_store_writes_null_for_nan_and_infinity_and_says_where(tmp_path, caplog):
    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    summary = fx.agency_summary(fx.results())
    summary = summary.loc[summary["agency"] == "DINKES"].reset_index(drop=True)
    summary.loc[0, "avg_na"], summary.loc[1, "avg_nhk"], summary.loc[2, "avg_npk"] = BAD
    summary["na_change"] = pd.Series([math.inf] + [None] * (len(summary) - 1), dtype=object)
    with caplog.at_level(logging.WARNING, logger="sync.store.writer"):
        store.replace_scope("DINKES", {"agency_summary": summary})
    assert all(math.isfinite(v) for v in _raw_floats(store, "agency_summary"))
    back = store.read("agency_summary").sort_values("period").reset_index(drop=True)
    assert back.loc[0, "avg_na"] != back.loc[0, "avg_na"]  # NULL -> NaN
    assert pd.isna(back.loc[1, "avg_nhk"]) and pd.isna(back.loc[2, "avg_npk"]) and pd.isna(back.loc[0, "na_change"])
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "agency_summary.avg_nhk" in warned and "agency_summary.avg_npk" in warned
    assert "agency_summary.avg_na:" not in warned  # NaN is a plain missing value
    assert "agency_summary.na_change" in warned


def test_store_reads_an_old_infinity_as_missing(results_store):
    with sqlite3.connect(results_store.path) as conn:  # a store written before the guard
        conn.execute("UPDATE agency_summary SET avg_na = 9e999, avg_nhk = -9e999 WHERE agency = 'DINKES'")
    frame = results_store.read("agency_summary", "agency = ?", ("DINKES",))
    assert len(frame) and frame["avg_na"].isna().all() and frame["avg_nhk"].isna().all()


# ---- owned tabs and their writers -------------------------------------------------------------


def _cells_of(table: SheetTable) -> list[object]:
    return [v for row in table.rows for v in row]


def _finite_cells(table: SheetTable) -> bool:
    return all(not (isinstance(v, float) and not math.isfinite(v)) for v in _cells_of(table))


def test_owned_tabs_leave_nan_and_infinity_blank():
    res = fx.results().head(3).copy()
    res.loc[:, "na"] = BAD
    res["nhk"] = pd.Series([math.inf, 1.5, -math.inf], dtype=object, index=res.index)
    hasil = tables.hasil_kinerja(res)
    assert _finite_cells(hasil)
    na_column = hasil.headers.index("Nilai Akhir")
    assert [row[na_column] for row in hasil.rows] == [None, None, None]

    periodic = fx.agency_periodic()
    periodic.loc[0, "avg_na"], periodic.loc[1, "avg_nhk"], periodic.loc[2, "avg_npk"] = BAD
    periodic["months"] = periodic["months"].astype(float)
    periodic.loc[0, "months"] = math.inf
    employees = fx._periodic(fx.results(), "2026-Q4", "triwulan", ("2026-10",))
    employees["months"] = employees["months"].astype(float)
    employees.loc[employees.index[0], "na"] = math.inf
    employees.loc[employees.index[1], "months"] = math.inf
    table = tables_periodic.hasil_periodik(employees, periodic)
    assert _finite_cells(table)


def test_result_workbook_leaves_nan_and_infinity_blank(tmp_path):
    table = SheetTable("Hasil", ("A", "B", "C", "D", "E"), [[*BAD, np.float64(np.inf), 1.5]], {"A": "0.00"})
    path = tmp_path / "hasil.xlsx"
    write_workbook(path, [table])
    sheet = openpyxl.load_workbook(path)["Hasil"]
    assert [c.value for c in sheet[2]] == [None, None, None, None, 1.5]


def test_google_cells_carry_no_nan_or_infinity():
    table = SheetTable("Hasil", ("A", "B", "C", "D"), [[*BAD, np.float64(-np.inf)]])
    values = table_values(table, 2, 4)
    assert values[1] == ["", "", "", ""]
    json.loads(json.dumps(values), parse_constant=_no_constant)


# ---- the site ---------------------------------------------------------------------------------


def test_open_data_files_carry_no_nan_or_infinity():
    records = [{c.name: bad for c in OPD_COLUMNS} for bad in (*BAD, np.float64(np.inf))]
    payload = to_json(records, OPD_COLUMNS, title="t", last_sync=None, documentation="d")
    rows = json.loads(payload, parse_constant=_no_constant)["rows"]
    assert all(value is None for row in rows for value in row.values())
    table = list(csv.reader(io.StringIO(to_csv(records, OPD_COLUMNS).decode("utf-8-sig"))))
    assert all(cell == "" for row in table[1:] for cell in row)


def test_formatters_show_a_dash_never_inf_or_nan():
    for bad in (*BAD, np.float64(np.inf), np.float32(np.nan)):
        assert fmt.number(bad) == fmt.MISSING
        assert fmt.integer(bad) == fmt.MISSING
        assert fmt.percent(bad) == fmt.MISSING
        assert fmt.signed(bad) == fmt.MISSING


@pytest.fixture
def infinite_store(results_store):
    """The fixture store with Inf and NaN written straight into SQLite, as before the guard."""
    fx.fill_public_extras(results_store)
    with sqlite3.connect(results_store.path) as conn:
        conn.execute("UPDATE agency_summary SET avg_na = 9e999, avg_nhk = -9e999, na_change = 9e999")
        conn.execute("UPDATE agency_periodic SET avg_na = 9e999")
        conn.execute("UPDATE results SET na = 9e999, nhk = -9e999 WHERE agency = 'DINKES'")
        conn.execute("UPDATE ikm SET ikm = 9e999 WHERE agency = 'DPMPTSP'")
    return results_store


def test_pages_and_open_data_of_an_infinite_store(infinite_store):
    client = create_app(test_config={"STORE_PATH": infinite_store.path, "SECRET_KEY": "t"}).test_client()
    for url in ("/", "/opd/DINKES", "/opd/DPMPTSP", "/data-terbuka"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        found = NON_FINITE_TEXT.search(html)
        assert not found, (url, html[found.start() - 200 : found.end() + 20] if found else "")
    for name in ("opd.json", "ikm-unit.json"):
        response = client.get(f"/data/{name}")
        assert response.status_code == 200
        json.loads(response.data, parse_constant=_no_constant)
    for name in ("opd.csv", "ikm-unit.csv"):
        text = client.get(f"/data/{name}").data.decode("utf-8-sig")
        assert not NON_FINITE_TEXT.search(text)


def test_hr_report_of_an_infinite_store(infinite_store, tmp_path):
    path = write_report(infinite_store, tmp_path / "laporan.xlsx", "2026-10")
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, float) and not math.isfinite(value)), sheet.title
                assert not (isinstance(value, str) and NON_FINITE_TEXT.fullmatch(value)), sheet.title


def test_report_cells_leave_nan_and_infinity_blank():
    from web.report import INT, SCORE, Col, _cells

    frame = pd.DataFrame({"na": [*BAD, 87.456], "late": [*BAD, 3.0]})
    assert _cells(frame, Col("na", "Nilai Akhir", SCORE)) == [None, None, None, 87.46]
    assert _cells(frame, Col("late", "Terlambat", INT)) == [None, None, None, 3.0]


def test_hr_download_of_an_infinite_store_answers_200(infinite_store):
    from tests.hr_helpers import csrf_token, hr_app, login

    client = hr_app(infinite_store).test_client()
    login(client)
    response = client.post(
        "/hr/laporan", data={"csrf_token": csrf_token(client, "/hr/laporan"), "periode": "2026-10", "opd": ""}
    )
    assert response.status_code == 200  # was 500: xlsxwriter refused the infinite Nilai Akhir
    openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
