"""Implausible numbers end to end (issue 9, item 3): an absurd cell is a Galat with a fix, the
agency and the city still sync, and nothing infinite reaches the store, the owned tabs, the open
data, the public pages or the HR report.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import openpyxl
import pytest

from config.contract import GALAT
from config.settings import load_settings
from sync.cycle import STATUS_FAILED, STATUS_OK, run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.backend import SheetTable
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from web import create_app
from web.report import write_report

TODAY = dt.date(2026, 11, 28)
# Python's "inf", "-inf", "nan" and JavaScript's "Infinity", "NaN" as words of their own (not inside
# "informasi" or "pelayanan"; case matters: "Puskesmas Nan Balimo" is a place).
NON_FINITE_TEXT = re.compile(r"(?<![\w])[-−]?(inf|nan|Infinity|NaN)(?![\w])")
SMALL = DemoScale(agencies=3, employees=30, responses=300, complaints=10)


@pytest.fixture(scope="module")
def small_city():
    return generate_city(SMALL, seed=3)


@pytest.fixture
def city_dir(tmp_path, small_city):
    write_workbooks(small_city, tmp_path / "data", workers=1)
    write_config(small_city, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    return tmp_path


def _set_cells(path, tab: str, header: str, values: dict[int, object]) -> None:
    """Type `values` (sheet row -> value) into column `header` of `tab`, as a clerk would."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[tab]
    column = [c.value for c in sheet[1]].index(header) + 1
    for row, value in values.items():
        sheet.cell(row, column).value = value
    workbook.save(path)


def _cycle(city_dir, lines=None):
    settings = load_settings(city_dir / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(
        settings,
        LocalBackend(settings.source.folder),
        store,
        log=(lines.append if lines is not None else lambda _l: None),
        today=TODAY,
    )
    return settings, store, result


def _no_constant(name):
    raise ValueError(f"not JSON: {name}")


def _finite_store(store: ResultsStore) -> None:
    """No REAL cell of any table holds an infinity or NaN."""
    import sqlite3

    conn = sqlite3.connect(store.path)
    try:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                bad = [v for v in row if isinstance(v, float) and not math.isfinite(v)]
                assert not bad, (table, row)
    finally:
        conn.close()


def test_an_absurd_late_count_is_a_galat_and_the_agency_still_syncs(city_dir, small_city):
    victim = small_city.agencies[0]
    path = city_dir / "data" / f"{victim.spreadsheet}.xlsx"
    # 1e20 failed the agency with "Galat internal IndexError"; 9e15 was accepted.
    _set_cells(path, "Presensi", "Terlambat", {2: 1e20, 3: 9e15})
    _set_cells(path, "Presensi", "Pulang Cepat", {4: 40})
    lines: list[str] = []
    _s, store, result = _cycle(city_dir, lines)
    by_scope = {s.scope: s for s in result.sheets}
    assert all(s.status == STATUS_OK for s in result.sheets), [(s.scope, s.error) for s in result.sheets]
    assert by_scope[victim.code].rows_rejected >= 3
    issues = store.read("issues", "scope = ? AND tab = 'Presensi'", (victim.code,))
    galat = issues[issues["severity"] == GALAT].set_index("row")
    for row, column in ((2, "Terlambat"), (3, "Terlambat"), (4, "Pulang Cepat")):
        assert galat.loc[row, "column"] == column
        assert "Hari Kerja" in galat.loc[row, "problem"] or "paling banyak" in galat.loc[row, "problem"]
        assert galat.loc[row, "fix"].startswith("Isi " + column)
    results = store.read("results", "agency = ?", (victim.code,))
    assert len(results) and results["late"].max() <= 31
    assert not any("kali terlambat" in str(c) and "0000000" in str(c) for c in results["catatan"])
    _finite_store(store)


def test_a_huge_weight_is_rejected_and_nothing_infinite_is_published(city_dir, small_city):
    victim = small_city.agencies[0]
    path = city_dir / "data" / f"{victim.spreadsheet}.xlsx"
    # Two rows of Bobot 1e307 made NHK infinite and failed the agency and the city spreadsheet.
    _set_cells(path, "Laporan Kinerja", "Bobot", {2: 1e307, 3: 1e307})
    _set_cells(path, "Laporan Kinerja", "Target", {4: 1e300})
    _set_cells(path, "Laporan Kinerja", "Realisasi", {5: 1e300})
    settings, store, result = _cycle(city_dir)
    assert all(s.status == STATUS_OK for s in result.sheets), [(s.scope, s.error) for s in result.sheets]
    assert not [s for s in result.sheets if s.status == STATUS_FAILED]
    issues = store.read("issues", "scope = ? AND tab = 'Laporan Kinerja'", (victim.code,))
    galat = issues[issues["severity"] == GALAT].set_index("row")
    for row, column in ((2, "Bobot"), (3, "Bobot"), (4, "Target"), (5, "Realisasi")):
        assert galat.loc[row, "column"] == column
        assert "paling besar" in galat.loc[row, "problem"], galat.loc[row, "problem"]
    _finite_store(store)
    summary = store.read("agency_summary", "agency = ?", (victim.code,))
    assert summary["avg_na"].notna().any()

    client = create_app(test_config={"STORE_PATH": settings.store.path, "SECRET_KEY": "t"}).test_client()
    response = client.get("/data/opd.json")
    assert response.status_code == 200
    json.loads(response.data, parse_constant=_no_constant)  # Infinity/NaN are not JSON
    page = client.get(f"/opd/{victim.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    found = NON_FINITE_TEXT.search(html)
    assert not found, html[found.start() - 200 : found.end() + 50]
    write_report(store, city_dir / "laporan.xlsx", summary["period"].max())


class _OneBrokenTable(LocalBackend):
    """The local backend, whose result tables for one spreadsheet hold a cell no workbook can
    take: the background render fails in its own process with an internal error (TypeError)."""

    def __init__(self, folder, victim: str):
        super().__init__(folder, background_writes=True)
        self.victim = victim

    def write(self, spreadsheet, tables):
        if spreadsheet == self.victim:
            tables = [*tables, SheetTable("Rusak", ("A",), [[object()]])]
        return super().write(spreadsheet, tables)


def test_a_failed_background_write_logs_its_traceback(city_dir, small_city):
    settings = load_settings(city_dir / "kinerja.toml")
    victim = small_city.agencies[1]
    backend = _OneBrokenTable(settings.source.folder, victim.spreadsheet)
    lines: list[str] = []
    try:
        result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=lines.append, today=TODAY)
    finally:
        backend.close()
    failed = [s for s in result.sheets if s.status == STATUS_FAILED]
    assert [s.scope for s in failed] == [victim.code]
    assert failed[0].error.startswith("Galat internal TypeError")
    text = "\n".join(lines)
    assert "NoneType: None" not in text
    assert "Traceback (most recent call last)" in text and "TypeError" in text
    assert "write_workbook" in text  # the frame in the render process, not only the re-raise here
