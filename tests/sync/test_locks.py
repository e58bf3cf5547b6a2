"""Closed periods, confirmed results and upheld keberatan through the real cycle (issue 14, items
2, 3 and 5; sync.locks): a generated city synced with the local backend, its workbooks edited with
openpyxl, the store compared as SQL rows, the owned tabs as cells."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3

import openpyxl
import pandas as pd
import pytest

from config.contract import PERINGATAN
from config.settings import load_settings
from sync.cycle import run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.local import LocalBackend
from sync.store import ResultsStore, acts, closures, confirmations

TODAY = dt.date(2026, 11, 28)
MONTH = "2026-10"
LABEL = "Oktober 2026"
TINY = DemoScale(agencies=3, employees=30, responses=300, complaints=10)


@pytest.fixture(scope="module")
def tiny_city(tmp_path_factory):
    base = tmp_path_factory.mktemp("locks-city")
    city = generate_city(TINY, seed=3)
    write_workbooks(city, base / "data", workers=1)
    write_config(city, base / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    # DINKES publishes its full Hasil Kinerja tab; the others keep the default "terbatas" one.
    text = (base / "kinerja.toml").read_text(encoding="utf-8")
    text = text.replace('spreadsheet = "dinkes"\n', 'spreadsheet = "dinkes"\nagency_results = "lengkap"\n', 1)
    (base / "kinerja.toml").write_text(text, encoding="utf-8")
    return base


@pytest.fixture
def city(tiny_city, tmp_path):
    shutil.copytree(tiny_city / "data", tmp_path / "data")
    shutil.copy(tiny_city / "kinerja.toml", tmp_path / "kinerja.toml")
    settings = load_settings(tmp_path / "kinerja.toml")
    return settings, ResultsStore(settings.store.path)


def sync(settings, store, log=None):
    return run_cycle(settings, LocalBackend(settings.source.folder), store, log=log or (lambda _l: None), today=TODAY)


def dump(store, period: str) -> dict[str, list]:
    """Every store row of `period` in every period-keyed table, as SQLite holds it (value and type)."""
    out = {}
    with sqlite3.connect(store.path) as conn:
        for table in closures.FROZEN_TABLES:
            cur = conn.execute(f'SELECT * FROM "{table}" WHERE period = ?', (period,))
            names = [d[0] for d in cur.description]
            rows = [tuple((n, v, type(v).__name__) for n, v in zip(names, row)) for row in cur.fetchall()]
            out[table] = sorted(rows, key=repr)
    return out


def tab_rows(settings, spreadsheet: str, tab: str, label: str = LABEL) -> list:
    path = settings.source.folder / f"{spreadsheet}.hasil.xlsx"
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return sorted((r for r in book[tab].iter_rows(values_only=True) if r and r[0] == label), key=repr)
    finally:
        book.close()


def tab_header(settings, spreadsheet: str, tab: str) -> list:
    book = openpyxl.load_workbook(settings.source.folder / f"{spreadsheet}.hasil.xlsx", read_only=True)
    try:
        return list(next(book[tab].iter_rows(values_only=True)))
    finally:
        book.close()


def owned(settings) -> dict:
    """The Oktober 2026 rows of every owned tab that has a Periode column first."""
    out = {}
    for agency in settings.agencies:
        for tab in ("Hasil Kinerja", "Ringkasan"):
            out[(agency.spreadsheet, tab)] = tab_rows(settings, agency.spreadsheet, tab)
    for tab in ("IKM Unit", "Rekap Kota"):
        out[("kota", tab)] = tab_rows(settings, settings.city.spreadsheet, tab)
    return out


def edit_realisation(settings, spreadsheet: str, month: int = 10, value: float = 999) -> tuple[int, str, object]:
    """Set the Realisasi of the first Laporan Kinerja row of 2026-<month> to `value`: (row, NIP, old)."""
    path = settings.source.folder / f"{spreadsheet}.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Laporan Kinerja"]
    header = [c.value for c in sheet[1]]
    period_col, nip_col, actual_col = header.index("Periode"), header.index("NIP"), header.index("Realisasi")
    for row in range(2, sheet.max_row + 1):
        when = sheet.cell(row, period_col + 1).value
        old = sheet.cell(row, actual_col + 1).value
        typed = (
            (when.year, when.month) == (2026, month) if isinstance(when, dt.datetime) else when == f"2026-{month:02d}"
        )
        if typed and isinstance(old, (int, float)):
            nip = str(sheet.cell(row, nip_col + 1).value)
            sheet.cell(row, actual_col + 1).value = value
            book.save(path)
            return row, nip, old
    raise AssertionError("no realisation to edit")


def report_cells(store, tmp_path, period: str = MONTH) -> dict:
    from web.report import write_report

    path = write_report(store.reader, tmp_path / f"laporan-{len(list(tmp_path.glob('laporan-*')))}.xlsx", period)
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {s.title: [_synced_at(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    finally:
        book.close()


_DATA_PER = re.compile(r"^Data per: \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB")


def _synced_at(row: tuple) -> tuple:
    """The report's "Data per: <last sync>" line with the time left out: a sync between two reports
    moves it (a minute turning between them failed CI); the rest of that line is compared."""
    return tuple(_DATA_PER.sub("Data per: <sinkronisasi terakhir>", v) if isinstance(v, str) else v for v in row)


# ---- closed periods (item 3) ---------------------------------------------------------------------


def test_a_closed_month_keeps_every_figure_tab_and_report_while_the_edit_waits(city, tmp_path):
    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "penilaian Oktober 2026 final")
    sync(settings, store)
    rows_before, tabs_before = dump(store, MONTH), owned(settings)
    report_before = report_cells(store, tmp_path)
    assert rows_before["results"] and rows_before["indicators"] and rows_before["agency_summary"]
    assert rows_before["ikm"] and tabs_before[("dinkes", "Hasil Kinerja")]

    row, nip, old = edit_realisation(settings, "dinkes")
    sync(settings, store)

    assert dump(store, MONTH) == rows_before  # every store row of the month, value and type
    assert owned(settings) == tabs_before
    report_after = report_cells(store, tmp_path)
    # Every sheet of the month's HR report is the same; its Validasi sheet (the data problems of now)
    # gains exactly the Peringatan about the edit.
    assert {k: v for k, v in report_after.items() if k != "Validasi"} == {
        k: v for k, v in report_before.items() if k != "Validasi"
    }
    added = [r for r in report_after["Validasi"] if r not in report_before["Validasi"]]
    assert [(r[1], r[2]) for r in added] == [("Laporan Kinerja", row)] and "sudah ditutup" in str(added[0])
    tried = pd.DataFrame(acts.rows(store, "attempted_changes"))
    assert tried[["lock", "agency", "nip", "period", "what", "field", "old", "new", "sheet_row"]].values.tolist() == [
        ["periode:2026-10", "DINKES", nip, MONTH, "indikator", "actual", f"{old:g}", "999", row]
    ]
    issues = store.read("issues", "scope = 'DINKES' AND tab = 'Laporan Kinerja' AND row = ?", (row,))
    closed = issues[issues["problem"].str.startswith("periode Oktober 2026 sudah ditutup pada ")]
    assert closed["severity"].tolist() == [PERINGATAN]
    assert closed["problem"].iloc[0].endswith("; perubahan tidak dipakai; hubungi BKPSDM")
    assert closed["column"].tolist() == ["Realisasi"] and closed["value"].tolist() == ["999"]
    book = openpyxl.load_workbook(settings.source.folder / "dinkes.hasil.xlsx", read_only=True)
    try:
        validasi = list(book["Validasi"].iter_rows(values_only=True))
    finally:
        book.close()
    assert any(r[1] == row and "sudah ditutup" in str(r[4]) for r in validasi)
    assert store.read("history", "period = ?", (MONTH,)).empty  # not history while closed

    sync(settings, store)  # seen again: recorded once, flagged again
    assert len(acts.rows(store, "attempted_changes")) == 1
    assert len(store.read("issues", "problem LIKE 'periode Oktober 2026 sudah ditutup%'")) == 1
    assert dump(store, MONTH) == rows_before

    closures.reopen(store, MONTH, "bkpsdm", "koreksi realisasi atas permintaan OPD")
    sync(settings, store)
    history = store.read("history", "period = ? AND nip = ?", (MONTH, nip))
    actual = history[(history["what"] == "indikator") & (history["field"] == "actual")]
    assert actual[["old", "new"]].values.tolist() == [[f"{old:g}", "999"]]
    assert "nhk" in set(history.loc[history["what"] == "hasil", "field"])
    assert dump(store, MONTH)["results"] != rows_before["results"]
    assert store.read("issues", "problem LIKE 'periode Oktober 2026 sudah ditutup%'").empty


def test_other_months_go_on_and_the_quarter_is_made_of_the_frozen_month(city):
    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "final")
    sync(settings, store)
    quarter = store.read("results_periodic", "period = '2026-Q4'")
    _row, nip, _old = edit_realisation(settings, "dinkes", month=10, value=0)
    edit_realisation(settings, "rsud", month=9, value=0)  # September is open
    sync(settings, store)
    pd.testing.assert_frame_equal(store.read("results_periodic", "period = '2026-Q4'"), quarter)
    assert not store.read("history", "period = '2026-09' AND agency = 'RSUD'").empty
    assert store.read("history", "period = ?", (MONTH,)).empty


def test_the_hr_employee_page_lists_the_change_that_was_not_used(city):
    from tests.hr_helpers import hr_app, login, text_of

    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "final")
    _row, nip, old = edit_realisation(settings, "dinkes", value=130)
    sync(settings, store)
    client = hr_app(store).test_client()
    login(client)
    text = text_of(client.get(f"/hr/pegawai/{nip}").get_data(as_text=True))
    assert "Riwayat perubahan" in text
    assert f"diubah dari {old:g} menjadi 130 pada " in text
    assert "— tidak dipakai: periode ditutup." in text


def test_a_failed_cycle_jams_nothing(city, monkeypatch):
    """The acts are their own transactions: a cycle that dies half-way holds no lock on them, and
    the next cycle applies them."""
    import sync.locks as locking

    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "final")

    def dies(*_a, **_k):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(locking.Freeze, "written", dies)
        with pytest.raises(KeyboardInterrupt):
            sync(settings, store)
    closures.reopen(store, MONTH, "bkpsdm", "uji")  # not blocked by the dead cycle
    closures.close(store, MONTH, "bkpsdm", "final lagi")
    edit_realisation(settings, "dinkes")
    assert sync(settings, store).status == "berhasil"
    assert len(acts.rows(store, "attempted_changes")) == 1


# ---- confirmed results (item 2) ------------------------------------------------------------------


def _confirm(store, agency: str, nip: str, period: str = MONTH, at: str = "2026-11-05T10:00:00+07:00") -> int:
    """What the penetapan page records: the stored result, its indicators and input digest."""
    result = store.read("results", "agency = ? AND period = ? AND nip = ?", (agency, period, nip))
    indicators = store.read("indicators", "agency = ? AND period = ? AND nip = ?", (agency, period, nip))
    return confirmations.record(
        store,
        agency=agency,
        nip=nip,
        period=period,
        state=confirmations.CONFIRMED,
        by_login="penilai",
        by_nip="199001012015011001",
        input_digest_value=confirmations.stored_input_digest(store, agency, nip, period),
        result={
            "results": {k: acts.json.loads(acts.dumps(v)) for k, v in result.iloc[0].to_dict().items()},
            "indicators": [{k: v for k, v in r.items()} for r in indicators.to_dict("records")],
        },
        at=at,
    )


def test_a_confirmed_result_is_not_changed_by_a_later_edit_and_waits_for_reconfirmation(city):
    settings, store = city
    sync(settings, store)
    path = settings.source.folder / "dinkes.xlsx"
    row, nip, _old = edit_realisation(settings, "dinkes", value=4)  # find the row and its employee
    sync(settings, store)
    cid = _confirm(store, "DINKES", nip)
    sync(settings, store)
    confirmed = store.read("results", "period = ? AND nip = ?", (MONTH, nip))
    assert confirmed["decision"].tolist() == ["ditetapkan 2026-11-05"]
    assert store.read("pending_results").empty
    penetapan = tab_header(settings, "dinkes", "Hasil Kinerja").index("Penetapan")
    mine = [r for r in tab_rows(settings, "dinkes", "Hasil Kinerja") if r[1] == nip]
    assert [r[penetapan] for r in mine] == ["Ditetapkan 5 November 2026"]

    book = openpyxl.load_workbook(path)
    book["Laporan Kinerja"].cell(row, 6).value = 0  # Realisasi
    book.save(path)
    sync(settings, store)
    after = store.read("results", "period = ? AND nip = ?", (MONTH, nip))
    pd.testing.assert_frame_equal(after, confirmed)
    pending = store.read("pending_results")
    assert pending[["agency", "nip", "period", "confirmation_id"]].values.tolist() == [["DINKES", nip, MONTH, cid]]
    would_be = acts.json.loads(pending["result"].iloc[0])
    assert would_be["results"]["nhk"] < confirmed["nhk"].iloc[0]
    assert 0.0 in [i["actual"] for i in would_be["indicators"]]
    issues = store.read("issues", "scope = 'DINKES' AND row = ? AND tab = 'Laporan Kinerja'", (row,))
    flagged = issues[issues["problem"].str.contains("sudah ditetapkan Pejabat Penilai pada 5 November 2026")]
    assert flagged["severity"].tolist() == [PERINGATAN]
    assert flagged["problem"].iloc[0].startswith("hasil Oktober 2026 untuk ")
    assert flagged["problem"].iloc[0].endswith("perubahan tidak dipakai sampai ditetapkan ulang")
    # The history still records the edit of the input row (item 4), not a change of the result.
    history = store.read("history", "period = ? AND nip = ?", (MONTH, nip))
    assert set(history["what"]) == {"indikator"}

    book["Laporan Kinerja"].cell(row, 6).value = 4  # put back as confirmed: nothing waits
    book.save(path)
    sync(settings, store)
    assert store.read("pending_results").empty
    assert store.read("issues", "problem LIKE '%sudah ditetapkan Pejabat Penilai%'").empty


# ---- upheld keberatan (item 5) -------------------------------------------------------------------


def _uphold(store, agency, nip, period=MONTH, rating_hk=None, rating_pk=None, predikat=None):
    with acts.writing(store) as conn:
        conn.execute(
            "INSERT INTO objections (agency, nip, period, filed_at, reasons, state, decided_at, decided_by, "
            "decision_reason, rating_hk, rating_pk, predikat) VALUES (?, ?, ?, ?, ?, 'diterima', ?, ?, ?, ?, ?, ?)",
            (
                agency,
                nip,
                period,
                "2026-11-10T09:00:00+07:00",
                "Realisasi saya belum dihitung",
                "2026-11-20T09:00:00+07:00",
                "atasan",
                "bukti diterima",
                rating_hk,
                rating_pk,
                predikat,
            ),
        )


def test_an_upheld_keberatan_is_applied_in_results_summary_and_tab_marked(city):
    settings, store = city
    sync(settings, store)
    results = store.read("results", "agency = 'DINKES' AND period = ? AND predikat = 'Baik'", (MONTH,))
    nip = results["nip"].iloc[0]
    summary = store.read("agency_summary", "agency = 'DINKES' AND period = ?", (MONTH,)).iloc[0]
    _confirm(store, "DINKES", nip)
    _uphold(store, "DINKES", nip, rating_hk="Di Atas Ekspektasi", rating_pk="Di Atas Ekspektasi")
    sync(settings, store)
    row = store.read("results", "period = ? AND nip = ?", (MONTH, nip)).iloc[0]
    assert (row["rating_hk"], row["rating_pk"], row["predikat"]) == (
        "Di Atas Ekspektasi",
        "Di Atas Ekspektasi",
        "Sangat Baik",  # PermenPANRB 6/2022 matrix: above expectations on both
    )
    assert row["decision"] == "keberatan diterima 2026-11-20"
    now = store.read("agency_summary", "agency = 'DINKES' AND period = ?", (MONTH,)).iloc[0]
    assert (now["n_sangat_baik"], now["n_baik"]) == (summary["n_sangat_baik"] + 1, summary["n_baik"] - 1)
    header = tab_header(settings, "dinkes", "Hasil Kinerja")
    mine = [r for r in tab_rows(settings, "dinkes", "Hasil Kinerja") if r[1] == nip]
    assert mine[0][header.index("Penetapan")] == "Diubah melalui keberatan 20 November 2026"
    assert mine[0][header.index("Predikat")] == "Sangat Baik"
    history = store.read("history", "period = ? AND nip = ? AND what = 'hasil'", (MONTH, nip))
    assert {"rating_hk", "rating_pk", "predikat"} <= set(history["field"])


def test_a_restricted_tab_says_final_and_never_the_keberatan_or_its_ratings(city):
    settings, store = city
    sync(settings, store)
    nip = store.read("results", "agency = 'RSUD' AND period = ? AND predikat = 'Baik'", (MONTH,))["nip"].iloc[0]
    _confirm(store, "RSUD", nip)
    _uphold(store, "RSUD", nip, predikat="Sangat Baik")
    sync(settings, store)
    assert store.read("results", "period = ? AND nip = ?", (MONTH, nip))["predikat"].tolist() == ["Sangat Baik"]
    header = tab_header(settings, "rsud", "Hasil Kinerja")
    assert "Predikat" not in header and "Rating Hasil Kerja" not in header
    cells = [r for r in tab_rows(settings, "rsud", "Hasil Kinerja") if r[1] == nip][0]
    assert cells[header.index("Penetapan")] == "Ditetapkan"
    assert not any("keberatan" in str(c).lower() or "Sangat Baik" == c for c in cells)
