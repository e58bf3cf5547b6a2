"""Issue 14's "Done when", walked on the demo city (main.run_demo, small scale) with the real cycle,
the real CLI, the site through the Flask test client and poppler reading the document:

a colleague's and a self-rating row are Galat and unused; the supervisor confirms a month; BKPSDM
closes it; an edited realisation for that month leaves every store row, owned tab and report of
the month unchanged and appears in Validasi and the history; reopening lets it through; the
employee's keberatan is decided by the Atasan Pejabat Penilai and the decision shows on /saya, in
the store and tab and in the document; the document shows the people as at confirmation and
verifies at /verifikasi/<code>.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from werkzeug.security import generate_password_hash

from config.settings import load_settings
from main import cli
from scoring.periods import label as period_label
from sync.cycle import run_cycle
from sync.sources.local import LocalBackend
from sync.store import ResultsStore, accounts as account_store, acts, confirmations, objections
from sync.store.accounts import Account
from tests import penetapan_world as pw
from tests.hr_helpers import FAST_METHOD, PASSWORD, csrf_token, login, text_of
from tests.sync.test_locks import dump, edit_realisation, report_cells, tab_rows
from web import create_app

BKPSDM = "bkpsdm-uji"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return pw.build(tmp_path_factory.mktemp("final-appraisal") / "demo")


def _client(app, login_name: str):
    client = app.test_client()
    assert login(client, login_name).status_code == 303, login_name
    return client


def _post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def _sync(settings, store):
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _line: None)
    assert not result.failed, [(s.spreadsheet, s.error) for s in result.failed]


def _periode(config, *args) -> str:
    run = CliRunner().invoke(cli, ["periode", *args, "--config", str(config)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return run.output


def test_from_a_computed_score_to_a_final_appraisal(world, tmp_path):
    settings = load_settings(world.config)
    store = ResultsStore(world.path)
    period, month_label = world.period, period_label(world.period)
    agency = settings.agency(world.agency)
    member = world.complete[0]
    hashed = generate_password_hash(PASSWORD, method=FAST_METHOD)
    account_store.save_account(store, Account(BKPSDM, None, "BKPSDM Uji", hashed, account_store.ROLE_BKPSDM))
    app = create_app(settings)

    # 1. The demo's colleague's rating and self-rating are Galat and unused.
    galat = store.read("issues", "tab = 'Penilaian Atasan' AND severity = 'Galat'")
    raters = galat[galat["problem"].str.contains("bukan atasan langsung|sama dengan NIP pegawai yang dinilai")]
    assert raters["problem"].str.contains("bukan atasan langsung").any()
    assert raters["problem"].str.contains("sama dengan NIP pegawai yang dinilai").any()
    assert raters["problem"].str.contains("tidak dipakai").all()

    # 2. The Pejabat Penilai confirms the member's month.
    rater = _client(app, world.rater)
    review = f"/tim/{member}/{period}"
    assert _post(rater, review + "/tetapkan", review).status_code == 303
    confirmation = confirmations.current_of(store, world.agency, member, period)
    assert confirmation.confirmed and confirmation.people["pejabat_penilai"]["nip"] == world.rater
    _sync(settings, store)
    [row] = store.read("results", "nip = ? AND period = ?", (member, period)).to_dict("records")
    assert row["decision"].startswith("ditetapkan ")

    # 3. BKPSDM closes the month; an edit of a realisation of that month changes nothing published.
    assert "ditutup" in _periode(world.config, "tutup", period, "--alasan", "penilaian final", "--oleh", BKPSDM)
    _sync(settings, store)
    rows_before = dump(store, period)
    tab_before = tab_rows(settings, agency.spreadsheet, "Hasil Kinerja", month_label)
    report_before = report_cells(store, tmp_path, period)
    sheet_row, edited_nip, old = edit_realisation(settings, agency.spreadsheet, month=int(period[5:]), value=999)
    _sync(settings, store)
    assert dump(store, period) == rows_before
    assert tab_rows(settings, agency.spreadsheet, "Hasil Kinerja", month_label) == tab_before
    report_after = report_cells(store, tmp_path, period)
    assert {k: v for k, v in report_after.items() if k != "Validasi"} == {
        k: v for k, v in report_before.items() if k != "Validasi"
    }
    flagged = store.read("issues", "scope = ? AND tab = 'Laporan Kinerja' AND row = ?", (world.agency, sheet_row))
    assert flagged["problem"].str.startswith(f"periode {month_label} sudah ditutup pada ").any()
    tried = acts.rows(store, "attempted_changes", "nip = ? AND period = ?", (edited_nip, period))
    assert [(t["field"], t["new"]) for t in tried] == [("actual", "999")]
    bkpsdm = _client(app, BKPSDM)
    history_page = text_of(bkpsdm.get(f"/hr/pegawai/{edited_nip}").get_data(as_text=True))
    assert "tidak dipakai: periode ditutup" in history_page

    # 4. Reopening lets the edit through, into the normal history.
    assert "dibuka" in _periode(world.config, "buka", period, "--alasan", "koreksi realisasi", "--oleh", BKPSDM)
    _sync(settings, store)
    history = store.read("history", "nip = ? AND period = ? AND what = 'indikator'", (edited_nip, period))
    assert ["999"] == history.loc[history["field"] == "actual", "new"].tolist()
    listing = _periode(world.config, "daftar")
    assert "penilaian final" in listing and "koreksi realisasi" in listing and BKPSDM in listing

    # 5. The employee objects; the Atasan Pejabat Penilai decides (upheld, another Rating Hasil Kerja).
    employee = _client(app, member)
    filed = _post(employee, "/saya/keberatan", "/saya", penetapan=confirmation.id, alasan="Realisasi belum dihitung.")
    assert filed.status_code == 303
    [objection] = objections.of_employee(store, member)
    other = next(r for r in ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi") if r != row["rating_hk"])
    decider = _client(app, world.rater_of_rater)
    page = f"/keberatan/{objection.id}"
    answer = _post(
        decider, page + "/putusan", page, keputusan=objections.UPHELD, alasan="Bukti lengkap.", rating_hk=other
    )
    assert answer.status_code == 303
    decided = objections.by_id(store, objection.id)
    assert decided.state == objections.UPHELD and decided.rating_hk == other
    saya = text_of(employee.get("/saya").get_data(as_text=True))
    assert "Keberatan diterima" in saya and "Keputusan ini final" in saya
    _sync(settings, store)
    [after] = store.read("results", "nip = ? AND period = ?", (member, period)).to_dict("records")
    assert after["rating_hk"] == other and after["decision"].startswith("keberatan diterima ")
    [tab_row] = [r for r in tab_rows(settings, agency.spreadsheet, "Hasil Kinerja", month_label) if member in r]
    restricted = settings.agency_results(world.agency) == "terbatas"
    expected = "Ditetapkan" if restricted else "Diubah melalui keberatan"
    assert any(isinstance(c, str) and c.startswith(expected) for c in tab_row), tab_row

    # 6. The document carries the decision and the people as at confirmation, and verifies.
    pdf = employee.get(f"/pegawai/{member}/dokumen/{period}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    (tmp_path / "dokumen.pdf").write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "dokumen.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert world.names[member] in text and world.names[world.rater] in text
    assert world.names[world.rater_of_rater] in text and "keberatan" in text.lower() and other in text
    code = re.search(r"\b([0-9A-Z]{5}-[0-9A-Z]{5})\b", text).group(1)
    public = app.test_client().get(f"/verifikasi/{code}")
    assert public.status_code == 200
    shown = text_of(public.get_data(as_text=True))
    assert world.names[member] in shown and member not in shown
