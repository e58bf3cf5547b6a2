"""Sample adequacy and the RTL loop end to end: real .xlsx through the local backend, a real SQLite
store, the owned `Usulan RTL` tab, the OPD page, and a city spreadsheet that fails afterwards."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from config.contract import POPULASI_LAYANAN, RENCANA_TINDAK_LANJUT, TAB_USULAN_RTL
from config.settings import load_settings
from scoring.sample import RULE_KREJCIE_MORGAN, RULE_MIN_RESPONSES, krejcie_morgan
from sync.cycle import run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.prepare import city_template
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from web import create_app

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    folder = tmp_path_factory.mktemp("skm")
    city = generate_city(DemoScale(agencies=6, employees=90, responses=1500, complaints=40), seed=3)
    write_workbooks(city, folder / "data", workers=1)
    write_config(city, folder / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    settings = load_settings(folder / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert result.status == "berhasil"
    return settings, store, folder


def test_population_gives_krejcie_morgan_minimum_and_the_rule_that_applied(synced):
    _settings, store, _folder = synced
    population = store.read("service_population")
    assert len(population) and (population["min_sample"] == population["population"].map(krejcie_morgan)).all()
    adequacy = store.read("sample_adequacy")
    assert set(adequacy["rule"]) == {RULE_KREJCIE_MORGAN, RULE_MIN_RESPONSES}
    months = adequacy[(adequacy["unit_id"] == "opd:DISDUKCAPIL") & adequacy["period"].str.fullmatch(r"\d{4}-\d{2}")]
    own = dict(zip(population["period"], population["population"]))
    assert len(months) == 12 and (months["rule"] == RULE_KREJCIE_MORGAN).all()
    assert (months["min_sample"] == months["period"].map(own).map(krejcie_morgan)).all()
    assert (months["adequate"] == (months["respondents"] >= months["min_sample"])).all()
    assert set(months["adequate"]) == {0, 1}  # the demo shows both verdicts
    # A quarter without its own population sums its three months'.
    q3 = adequacy[(adequacy["unit_id"] == "opd:DISDUKCAPIL") & (adequacy["period"] == "2026-Q3")].iloc[0]
    assert q3["population"] == sum(own[m] for m in ("2026-07", "2026-08", "2026-09"))
    assert q3["min_sample"] == krejcie_morgan(q3["population"])
    # Without a population the configured minimum decides, exactly as `sufficient` does.
    plain = adequacy[adequacy["rule"] == RULE_MIN_RESPONSES]
    assert (plain["min_sample"] == 20).all() and (plain["adequate"] == (plain["respondents"] >= 20)).all()
    issues = store.read("issues")
    mine = issues[issues["tab"] == POPULASI_LAYANAN.name]
    assert len(mine) == 3 and (mine["severity"] == "Galat").all() and mine["fix"].str.len().min() > 20


def test_rtl_plans_and_proposals_are_stored_and_written(synced):
    settings, store, folder = synced
    plans = store.read("rtl_plans")
    assert len(plans) == 4  # 3 good rows + the one whose Penanggung Jawab is a name (a Peringatan)
    assert set(plans["status"]) == {"Proses", "Selesai", "Belum"}
    assert plans["responsible_named"].tolist().count(1) == 1
    issues = store.read("issues")
    mine = issues[issues["tab"] == RENCANA_TINDAK_LANJUT.name]
    assert sorted(zip(mine["row"], mine["severity"])) == [(5, "Peringatan"), (6, "Galat"), (7, "Galat")]
    proposals = store.read("rtl_proposals")
    ikm = store.read("ikm")
    sufficient = ikm[ikm["sufficient"] == 1]
    assert len(proposals) >= 3 * len(sufficient)
    per = proposals.groupby(["unit_id", "period"])["rank"].agg(list)
    assert all(ranks == [1, 2, 3] for ranks in per)
    one = sufficient.iloc[0]
    nrr = sorted((one[f"nrr_u{j}"], j) for j in range(1, 10))[0]
    first = proposals[(proposals["unit_id"] == one["unit_id"]) & (proposals["period"] == one["period"])].iloc[0]
    assert first["nrr"] == pytest.approx(nrr[0])

    book = openpyxl.load_workbook(folder / "data" / f"{settings.city.spreadsheet}.hasil.xlsx", read_only=True)
    rows = list(book[TAB_USULAN_RTL].values)
    assert rows[0][:6] == ("Periode", "Kode OPD", "Unit Layanan", "Peringkat", "Unsur", "NRR")
    assert len(rows) - 1 == len(proposals)
    planned = [r for r in rows if r[7] and r[7] != "Belum ada"]
    assert any("Menambah satu loket" in r[7] and r[4].startswith("U3") for r in planned)
    ikm_unit = list(book["IKM Unit"].values)
    header = ikm_unit[0]
    text = [r[header.index("Kecukupan Sampel")] for r in ikm_unit[1:] if r[header.index("Kecukupan Sampel")]]
    assert any(t.startswith("Belum memadai (Krejcie–Morgan dari") for t in text)
    assert any(t.startswith("Memadai (minimal 20 responden (konfigurasi") for t in text)


def test_opd_page_shows_adequacy_and_rtl_with_the_late_item_flagged(synced):
    _settings, store, _folder = synced
    app = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t", "TESTING": True})
    html = app.test_client().get("/opd/DISDUKCAPIL").get_data(as_text=True)
    assert "Kecukupan sampel SKM" in html and "Krejcie–Morgan dari" in html
    assert "Menambah satu loket pada jam sibuk" in html
    assert html.count(">terlambat</strong>") == 1  # the overdue Proses item; the Selesai one is not
    assert "1 kegiatan terlambat" in html
    assert "Rina Marlina" not in html and "(jabatan belum diisi)" in html  # a name is not published
    other = app.test_client().get("/opd/DINKES").get_data(as_text=True)
    assert "minimal 20 responden (jumlah penerima layanan belum diisi)" in other
    method = app.test_client().get("/metodologi").get_data(as_text=True)
    assert "Krejcie–Morgan" in method and "tidak dibagi ke bulan-bulannya" in method
    assert "tiga unsur dengan NRR terendah" in method


def test_a_failed_city_read_keeps_the_previous_followup(synced):
    settings, store, folder = synced
    before = {t: store.read(t) for t in ("sample_adequacy", "rtl_plans", "rtl_proposals")}
    city_file = folder / "data" / f"{settings.city.spreadsheet}.xlsx"
    saved = city_file.read_bytes()
    city_file.write_bytes(b"not a workbook")
    try:
        run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    finally:
        city_file.write_bytes(saved)
    for table, frame in before.items():
        assert store.read(table).equals(frame), table


def test_init_creates_the_optional_tabs_with_their_headers(tmp_path):
    from sync.sources.local_init import write_template

    template = city_template("Tanggapan Formulir 1", "Pengaduan")
    tabs = {name: headers for name, headers, _text in template}
    assert tabs[POPULASI_LAYANAN.name] == ["Unit Layanan", "Periode", "Jumlah Penerima Layanan"]
    assert tabs[RENCANA_TINDAK_LANJUT.name][:6] == [
        "Unit Layanan",
        "Periode",
        "Unsur",
        "Kegiatan",
        "Penanggung Jawab",
        "Target Waktu",
    ]
    write_template(tmp_path / "kota.xlsx", template)
    sheet = openpyxl.load_workbook(tmp_path / "kota.xlsx")[RENCANA_TINDAK_LANJUT.name]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"G2": '"Belum,Proses,Selesai"'}  # Status, the seventh column


def test_hr_report_says_which_sample_rule_applied(synced, tmp_path):
    from web.report import write_report

    _settings, store, _folder = synced
    out = write_report(store, tmp_path / "laporan.xlsx", "2026-10")
    book = openpyxl.load_workbook(out, read_only=True)  # read-only keeps the file open until closed
    rows = list(book["IKM"].values)
    book.close()
    header = rows[2]
    at, minimum = header.index("Kecukupan Sampel"), header.index("Sampel Minimal")
    by_unit = {
        r[header.index("Kode OPD")] + "/" + r[header.index("Unit Layanan")]: (r[minimum], r[at])
        for r in rows[3:]
        if r[0]
    }
    disdukcapil = next(v for k, v in by_unit.items() if k.startswith("DISDUKCAPIL/"))
    population = store.read("service_population", "period = ?", ("2026-10",))
    n = int(population.loc[population["unit_id"] == "opd:DISDUKCAPIL", "population"].iloc[0])
    assert disdukcapil[0] == krejcie_morgan(n)
    assert disdukcapil[1].endswith(f"Krejcie–Morgan dari {n} penerima layanan")
    assert any(
        v[1].endswith("minimal 20 responden (jumlah penerima layanan belum diisi)") and v[0] == 20
        for v in by_unit.values()
    )


def test_no_date_header_of_the_new_tabs_names_a_plain_column_elsewhere():
    """The Google backend turns serials into dates by header name across every tab: an alias such
    as "Target" on Target Waktu turned Laporan Kinerja's Target numbers into dates."""
    from config.contract import AGENCY_INPUT_TABS, CITY_INPUT_TABS, normalize_header
    from sync.sources.google.cells import DATE_HEADERS

    plain = {
        normalize_header(name): f"{tab.name}.{col.header}"
        for tab in (*AGENCY_INPUT_TABS, *CITY_INPUT_TABS)
        for col in tab.columns
        if not col.date
        for name in (col.header, *col.aliases)
    }
    assert {h: plain[h] for h in DATE_HEADERS if h in plain} == {}
