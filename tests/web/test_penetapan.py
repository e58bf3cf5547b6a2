"""Penetapan on the site (issue 14, item 2), on a store synced from a generated city, through the
Flask test client: the review page and what it shows, Tetapkan / Kembalikan / bulk, who may act
(403 for everyone but the Pejabat Penilai), refusals (period kind not configured, closed period,
missing CSRF token), the state and the note on /saya and /pegawai/<nip>, the access log, and the
employee's mail through a real SMTP server on loopback."""

from __future__ import annotations

import re

import pytest

from config.settings import NotifySettings
from sync.store import accounts as account_store, closures, confirmations
from sync.store.writer import ResultsStore
from tests import penetapan_world as pw
from tests.hr_helpers import csrf_token, hr_app, login, text_of
from tests.sync.notify.test_notify import smtp  # noqa: F401 - the aiosmtpd fixture

BASE_URL = "https://kinerja.solokkota.go.id"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return pw.build(tmp_path_factory.mktemp("penetapan-web") / "demo")


@pytest.fixture
def world(template, tmp_path):
    return pw.copy(template, tmp_path)


def site(world, **config):
    return hr_app(ResultsStore(world.path), **config)


def client_of(app, nip):
    client = app.test_client()
    response = login(client, nip)
    assert response.status_code == 303, nip
    return client


def review_url(world, nip, period=None):
    return f"/tim/{nip}/{period or world.period}"


def post(client, url, **data):
    token = csrf_token(client, "/saya")
    return client.post(url, data={"csrf_token": token, **data})


def current(world, nip, period=None):
    return confirmations.current_of(ResultsStore(world.path), world.agency, nip, period or world.period)


def test_review_shows_the_result_and_the_inputs_behind_it(world):
    app = site(world)
    rater = client_of(app, world.rater)
    nip = world.complete[0]
    page = rater.get(review_url(world, nip))
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    store = ResultsStore(world.path)
    rows = store.read("indicators")
    mine = rows.loc[(rows["nip"] == nip) & (rows["period"] == world.period)]
    assert len(mine) > 0
    for sheet_row in mine["row"]:
        assert f"baris {int(sheet_row)} di tab Laporan Kinerja" in text
    assert "Belum ditetapkan" in text and "Berorientasi Pelayanan" in text and "Presensi" in text
    assert world.names[world.rater] in text and world.names[world.rater_of_rater] in text
    assert "Tetapkan" in text and "Kembalikan" in text and "Semua data lengkap" in text
    assert f"Masuk sebagai {world.names[world.rater]}" in text and "Keluar" in text  # the account header
    incomplete = text_of(rater.get(review_url(world, world.incomplete[0])).get_data(as_text=True))
    assert "Yang belum lengkap" in incomplete and "diisi oleh" in incomplete
    logged = account_store.accesses_of(store, nip)
    assert [(a.viewer, a.role, a.what) for a in logged] == [
        (world.rater, "Pejabat Penilai", f"penetapan {world.period}")
    ]


def test_confirm_freezes_and_shows_on_saya(world):
    app = site(world)
    rater = client_of(app, world.rater)
    nip = world.complete[0]
    response = post(rater, review_url(world, nip) + "/tetapkan")
    assert response.status_code == 303
    act = current(world, nip)
    assert act.confirmed and act.people["pejabat_penilai"]["nip"] == world.rater
    page = text_of(rater.get(review_url(world, nip)).get_data(as_text=True))
    assert f"Ditetapkan oleh {world.names[world.rater]} pada" in page and "tidak perlu ditetapkan ulang" in page
    assert "Tetapkan ulang" not in page  # nothing changed since: nothing to re-confirm
    # The roster then names another supervisor: the confirmation keeps the old one.
    with ResultsStore(world.path).connect() as conn:
        conn.execute("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", (world.colleague, nip))
    assert current(world, nip).people["pejabat_penilai"]["nip"] == world.rater
    employee = client_of(app, nip)
    mine = text_of(employee.get("/saya").get_data(as_text=True))
    assert f"Ditetapkan oleh {world.names[world.rater]} pada" in mine


def test_send_back_needs_a_note_and_shows_to_the_employee_and_the_admin(world):
    app = site(world)
    rater = client_of(app, world.rater)
    nip = world.incomplete[0]
    empty = post(rater, review_url(world, nip) + "/kembalikan", catatan="   ")
    assert empty.status_code == 400 and "catatan wajib diisi" in text_of(empty.get_data(as_text=True)).lower()
    assert current(world, nip) is None
    note = "Presensi Oktober belum diunggah; minta admin presensi melengkapinya"
    assert post(rater, review_url(world, nip) + "/kembalikan", catatan=note).status_code == 303
    act = current(world, nip)
    assert act.state == "dikembalikan" and act.note == note
    employee = client_of(app, nip)
    mine = text_of(employee.get("/saya").get_data(as_text=True))
    assert note in mine and f"Dikembalikan oleh {world.names[world.rater]}" in mine
    admin = client_of(app, world.admin)
    theirs = text_of(admin.get(f"/pegawai/{nip}").get_data(as_text=True))
    assert note in theirs


def test_bulk_confirms_only_complete_results(world):
    app = site(world)
    rater = client_of(app, world.rater)
    before = rater.get(f"/tim?periode={world.period}").get_data(as_text=True)
    assert f"0 dari {len(world.members)}" in text_of(before)
    for nip in world.complete:
        assert f'name="nip" value="{nip}"' in before
    for nip in world.incomplete:
        assert f'name="nip" value="{nip}"' not in before  # cannot be selected
    assert "Tetapkan yang dipilih" in before
    forged = post(rater, "/tim/tetapkan", periode=world.period, nip=[*world.complete, world.colleague])
    assert forged.status_code == 403 and all(current(world, n) is None for n in world.complete)
    response = post(rater, "/tim/tetapkan", periode=world.period, nip=list(world.members))
    assert response.status_code == 303
    assert all(current(world, n).confirmed for n in world.complete)
    assert all(current(world, n) is None for n in world.incomplete)
    after = text_of(rater.get(response.headers["Location"]).get_data(as_text=True))
    assert f"{len(world.complete)} dari {len(world.members)} hasil bawahan langsung Anda sudah ditetapkan" in after
    assert "data belum lengkap" in after and f"{len(world.complete)} hasil" in after


def test_only_the_rater_may_act(world):
    app = site(world)
    nip = world.complete[0]
    colleague, above, admin = (client_of(app, n) for n in (world.colleague, world.rater_of_rater, world.admin))
    for client in (colleague, above, admin):
        for action in ("/tetapkan", "/kembalikan"):
            assert post(client, review_url(world, nip) + action, catatan="x").status_code == 403
        assert post(client, "/tim/tetapkan", periode=world.period, nip=[nip]).status_code == 403
    assert current(world, nip) is None
    assert colleague.get(review_url(world, nip)).status_code == 403
    assert admin.get(review_url(world, nip)).status_code == 403
    bkpsdm = app.test_client()
    login(bkpsdm, "bkpsdm")
    assert bkpsdm.get(review_url(world, nip)).status_code == 403
    assert post(bkpsdm, review_url(world, nip) + "/tetapkan").status_code == 403
    # The Atasan Pejabat Penilai looks (logged as such) and sees no button.
    page = above.get(review_url(world, nip))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "hanya melihat" in html and "/tetapkan" not in html
    logged = account_store.accesses_of(ResultsStore(world.path), nip)
    assert (world.rater_of_rater, "Atasan Pejabat Penilai", f"penetapan {world.period}") in [
        (a.viewer, a.role, a.what) for a in logged
    ]
    assert current(world, nip) is None


def test_csrf_required(world):
    app = site(world)
    rater = client_of(app, world.rater)
    nip = world.complete[0]
    assert rater.post(review_url(world, nip) + "/tetapkan").status_code == 400
    assert rater.post(review_url(world, nip) + "/tetapkan", data={"csrf_token": "palsu"}).status_code == 400
    assert rater.post("/tim/tetapkan", data={"periode": world.period, "nip": nip}).status_code == 400
    assert current(world, nip) is None


def quarter_of(world) -> str:
    return f"{world.period[:4]}-Q{(int(world.period[5:]) - 1) // 3 + 1}"


def test_period_kind_not_configured_is_refused(world):
    nip = world.complete[0]
    quarter = quarter_of(world)
    rater = client_of(site(world), world.rater)
    assert rater.get(review_url(world, nip, quarter)).status_code == 404
    assert post(rater, review_url(world, nip, quarter) + "/tetapkan").status_code == 404
    assert post(rater, "/tim/tetapkan", periode=quarter, nip=[nip]).status_code == 400
    assert f'value="{quarter}"' not in rater.get("/tim").get_data(as_text=True)
    assert current(world, nip, quarter) is None

    configured = client_of(site(world, CONFIRM_PERIODS=("bulan", "triwulan")), world.rater)
    assert f'value="{quarter}"' in configured.get("/tim").get_data(as_text=True)
    page = configured.get(review_url(world, nip, quarter))
    assert page.status_code == 200 and "Hasil setiap bulan" in page.get_data(as_text=True)
    assert post(configured, review_url(world, nip, quarter) + "/tetapkan").status_code == 303
    assert current(world, nip, quarter).result["table"] == "results_periodic"


def test_closed_period_is_refused(world):
    closures.close(ResultsStore(world.path), world.period, "bkpsdm", "penilaian Oktober final")
    rater = client_of(site(world), world.rater)
    nip = world.complete[0]
    page = rater.get(review_url(world, nip)).get_data(as_text=True)
    assert "sudah ditutup BKPSDM" in page and "/tetapkan" not in page
    refused = post(rater, review_url(world, nip) + "/tetapkan")
    assert refused.status_code == 400 and "minta BKPSDM membuka periode itu" in refused.get_data(as_text=True)
    assert current(world, nip) is None
    with pytest.raises(ValueError, match="sudah ditutup"):
        confirmations.confirm(ResultsStore(world.path), world.agency, nip, world.period, world.rater, world.rater)


def test_changed_after_confirmation_shows_old_and_new(world):
    import json

    app = site(world)
    rater = client_of(app, world.rater)
    nip = world.complete[0]
    post(rater, review_url(world, nip) + "/tetapkan")
    act = current(world, nip)
    with ResultsStore(world.path).connect() as conn:
        conn.execute(
            "INSERT INTO pending_results (agency, nip, period, confirmation_id, input_digest, result, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                world.agency,
                nip,
                world.period,
                act.id,
                "baru",
                json.dumps({"results": {**act.result["results"], "predikat": "Butuh Perbaikan"}}),
                "2026-11-12",
            ),
        )
    page = text_of(rater.get(review_url(world, nip)).get_data(as_text=True))
    assert "Data diubah setelah ditetapkan" in page and "Butuh Perbaikan" in page and "Tetapkan ulang" in page
    assert post(rater, review_url(world, nip) + "/tetapkan").status_code == 303
    assert current(world, nip).result["results"]["predikat"] == "Butuh Perbaikan"


def test_mail_to_the_employee_without_scores(world, smtp):  # noqa: F811
    notify = NotifySettings(
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        security="none",
        from_address="kinerja@solokkota.go.id",
        per_minute=6000,
        retries=0,
    )
    app = site(world, NOTIFY=notify, BASE_URL=BASE_URL)
    rater = client_of(app, world.rater)
    done, back = world.complete[0], world.incomplete[0]
    post(rater, review_url(world, done) + "/tetapkan")
    post(rater, review_url(world, back) + "/kembalikan", catatan="Lengkapi presensi")
    app.extensions["kinerja.links"].wait()
    assert sorted(m["To"] for m in smtp.messages) == sorted([world.email(done), world.email(back)])
    confirmed = smtp.to(world.email(done))[0]
    sent_back = smtp.to(world.email(back))[0]
    assert "sudah ditetapkan" in confirmed["Subject"] and "dikembalikan" in sent_back["Subject"]
    for mail in (confirmed, sent_back):
        body = mail.get_content()
        assert f"{BASE_URL}/saya" in body
        assert not re.search(r"\d+,\d\d", body)  # no score
        assert "Predikat" not in body and "Nilai" not in body and "Lengkapi presensi" not in body
