"""SCORING.md §4 "Sample": the unit-period minimum governs. With a `Populasi Layanan` row the
minimum is Krejcie–Morgan's S; below it the IKM is neither published nor used in c_ikm, and the
page, the owned tabs and the employee's note say which minimum applied. Through real .xlsx files,
the local backend, the whole sync cycle, the SQLite store and the Flask site.
"""

from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pandas as pd
import pytest

from config.contract import FORM, POPULASI_LAYANAN, SKM_KEYS, SKM_QUESTIONS, TAB_IKM_PERIODIK, TAB_IKM_UNIT
from config.settings import load_settings
from sync.cycle import run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from web import create_app

TODAY = dt.date(2026, 11, 28)
SCALE = DemoScale(agencies=3, employees=30, responses=300, complaints=5)


@pytest.fixture(scope="module")
def city():
    return generate_city(SCALE, seed=11)


def _agency(city):
    """An agency with public-service staff (their NHK takes the IKM's share when it counts)."""
    return city.agencies[0]


def _form(agency_name: str, month: str, n: int) -> list[list]:
    """n valid responses naming the agency itself, all answers 3 (IKM 75,00), in `month`."""
    header = [
        "Cap waktu",
        "Unit Layanan",
        "Jenis Layanan",
        *(SKM_QUESTIONS[k] for k in SKM_KEYS),
        "Keluhan",
        "Kategori Keluhan",
    ]
    year, mon = int(month[:4]), int(month[5:])
    rows = [header]
    for i in range(n):
        rows.append([dt.datetime(year, mon, 1 + i % 27, 9, i % 60), agency_name, "Layanan", *([3] * 9), "", ""])
    return rows


def run(tmp_path, city, population: int | None, responses: int):
    agency = _agency(city)
    month = city.months[-2]
    book = dict(city.workbooks[city.city_spreadsheet])
    book[FORM.name] = _form(agency.name, month, responses)
    header = [c.header for c in POPULASI_LAYANAN.columns]
    book[POPULASI_LAYANAN.name] = [header] + ([[agency.name, month, population]] if population else [])
    variant = copy.copy(city)
    variant.workbooks = {**city.workbooks, city.city_spreadsheet: book}
    write_workbooks(variant, tmp_path / "data", workers=1)
    write_config(variant, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    settings = load_settings(tmp_path / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert result.status == "berhasil", result.summary_line()
    return settings, store, agency, month


@pytest.fixture(scope="module")
def runs(tmp_path_factory, city):
    return {
        "short": run(tmp_path_factory.mktemp("short"), city, 1000, 150),  # 150 < 278
        "enough": run(tmp_path_factory.mktemp("enough"), city, 100, 90),  # 90 >= 80
        "plain": run(tmp_path_factory.mktemp("plain"), city, None, 150),  # min_responses 20
    }


def _pooled(store, agency, month) -> dict:
    ikm = store.read("ikm")
    return ikm[(ikm["unit_id"] == f"opd:{agency.code}") & (ikm["period"] == month)].iloc[0].to_dict()


def _public_staff(store, agency, month) -> pd.DataFrame:
    results = store.read("results")
    staff = results[
        (results["agency"] == agency.code)
        & (results["period"] == month)
        & (results["public_service"] == 1)
        & results["nhk_own"].notna()
    ]
    assert len(staff), "the test agency needs public-service staff scored in the month"
    return staff


def test_below_krejcie_morgan_the_ikm_is_not_sufficient_nor_used(runs):
    _settings, store, agency, month = runs["short"]
    row = _pooled(store, agency, month)
    assert row["respondents"] == 150 and row["ikm"] == pytest.approx(75.0)
    assert row["sufficient"] == 0  # 150 < 278, although 150 >= min_responses (20)
    staff = _public_staff(store, agency, month)
    assert staff["c_ikm"].isna().all() and (staff["ikm_used"] == 0).all()
    assert (staff["nhk"] == staff["nhk_own"]).all()
    assert (
        staff["ikm_note"]
        .str.contains(
            "baru 150 responden (minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan)", regex=False
        )
        .all()
    )
    adequacy = store.read("sample_adequacy")
    mine = adequacy[(adequacy["unit_id"] == f"opd:{agency.code}") & (adequacy["period"] == month)].iloc[0]
    assert (mine["min_sample"], mine["rule"], mine["adequate"]) == (278, "krejcie_morgan", 0)


def test_below_krejcie_morgan_the_page_and_tabs_say_why(runs):
    settings, store, agency, month = runs["short"]
    app = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t", "TESTING": True})
    html = app.test_client().get(f"/opd/{agency.code}?periode={month}").get_data(as_text=True)
    assert "sampel kurang (n = 150, minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan)" in html
    assert "75,00" not in html
    book = openpyxl.load_workbook(settings.source.folder / f"{settings.city.spreadsheet}.hasil.xlsx", read_only=True)
    rows = list(book[TAB_IKM_UNIT].values)
    header = rows[0]
    mine = [
        r
        for r in rows[1:]
        if r[header.index("Periode")]
        and month[:4] in str(r[header.index("Periode")])
        and r[header.index("Responden")] == 150
    ]
    assert mine
    text = " ".join(str(c) for c in mine[0] if c is not None)
    assert "minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan" in text
    assert "Ya" not in [mine[0][header.index(h)] for h in header if h and h.startswith("Dipublikasikan")]
    periodik = list(book[TAB_IKM_PERIODIK].values)
    head = periodik[0]
    quarter = [r for r in periodik[1:] if r[head.index("Responden")] == 150]
    # the quarter has only this month's population: never judged below the month's 278
    assert quarter and quarter[0][head.index("Dipublikasikan")].startswith("Tidak (sampel kurang: n = 150, minimal 278")


def test_meeting_krejcie_morgan_the_ikm_is_published_and_used(runs):
    _settings, store, agency, month = runs["enough"]
    row = _pooled(store, agency, month)
    assert row["respondents"] == 90 and row["sufficient"] == 1  # 90 >= 80 (N = 100)
    staff = _public_staff(store, agency, month)
    assert (staff["ikm_used"] == 1).all() and staff["c_ikm"].notna().all()
    assert (staff["nhk"] != staff["nhk_own"]).any()
    app = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t", "TESTING": True})
    html = app.test_client().get(f"/opd/{agency.code}?periode={month}").get_data(as_text=True)
    assert "75,00" in html and "sampel kurang (n = 90" not in html


def test_without_a_population_min_responses_applies_as_before(runs):
    _settings, store, agency, month = runs["plain"]
    row = _pooled(store, agency, month)
    assert row["respondents"] == 150 and row["sufficient"] == 1
    staff = _public_staff(store, agency, month)
    assert (staff["ikm_used"] == 1).all()


def test_catatan_and_hr_explanation_name_the_minimum(runs):
    from web.explain import explain

    settings, store, agency, month = runs["short"]
    staff = _public_staff(store, agency, month)
    words = "minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan"
    assert staff["catatan"].str.contains(words, regex=False).all()
    step = explain(staff.iloc[0].to_dict(), [], settings.scoring).step("ikm")
    assert any(words in line for line in step.lines) and any("NHK = NHK sendiri" in line for line in step.lines)
    settings, store, agency, month = runs["enough"]
    row = _public_staff(store, agency, month).iloc[0].to_dict()
    lines = explain(row, [], settings.scoring).step("ikm").lines
    assert any(
        "dari 90 responden (minimal 80 menurut Krejcie–Morgan dari 100 penerima layanan), maka dipakai" in line
        for line in lines
    ), lines


def test_a_quarter_is_never_judged_below_its_months_minimum(runs):
    """A quarter with a population for one month only is not judged by min_responses: its N is at
    least that month's, so its minimum is at least the month's Krejcie–Morgan S (scoring.sample,
    PermenPANRB 14/2017). The short month's 150 answers (minimal 278 of 1.000) are not a
    sufficient quarter on the fallback 20; the public page and the open data say 278 for both."""
    _settings, store, agency, month = runs["short"]
    quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
    periodic = store.read("ikm_periodic")
    row = periodic[(periodic["unit_id"] == f"opd:{agency.code}") & (periodic["period"] == quarter)].iloc[0]
    assert row["respondents"] == 150 and row["sufficient"] == 0
    adequacy = store.read("sample_adequacy")
    mine = adequacy[(adequacy["unit_id"] == f"opd:{agency.code}") & (adequacy["period"] == quarter)].iloc[0]
    assert (mine["rule"], mine["min_sample"], mine["population"]) == ("krejcie_morgan", 278, 1000)
    app = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t", "TESTING": True})
    client = app.test_client()
    page = client.get(f"/opd/{agency.code}?periode={quarter}").get_data(as_text=True)
    assert "belum memadai" in page and "memadai" not in page.replace("belum memadai", "")
    rows = [r for r in client.get("/data/opd.json").get_json()["rows"] if r["code"] == agency.code]
    by_period = {r["period"]: r for r in rows}
    assert by_period[month]["min_responses"] == 278 and by_period[quarter]["min_responses"] == 278
    assert by_period[month]["ikm"] is None and by_period[quarter]["ikm"] is None
    other = next(r for r in rows if r["period"] != month and r["period_kind"] == "bulan")
    assert other["min_responses"] == 20  # a month without a population: the configured minimum
