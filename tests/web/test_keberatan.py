"""Keberatan on the site (issue 14, item 5), on a synced small generated city and the Flask client:
filing from /saya within the deadline only, one open per result, the Atasan Pejabat Penilai alone
decides (finally), the employee and the Pejabat Penilai explain and see each other's notes, a
colleague gets 403, BKPSDM sees overdue ones flagged, CSRF on every POST, views logged, mails sent
to a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from config.settings import NotifySettings, load_settings
from main import run_demo
from scoring.indonesian import long_date
from scoring.params import BAIK, BUTUH_PERBAIKAN, DI_BAWAH, SESUAI
from scoring.periods import CITY_ZONE
from scoring.predikat import predikat
from sync.demo.generate import DemoScale
from sync.store import ResultsStore, accounts as account_store, objections
from tests.hr_helpers import csrf_token, text_of
from tests.keberatan_world import confirm
from tests.sync.notify.test_notify import smtp  # noqa: F401 - the aiosmtpd fixture
from web import create_app
from web.accounts_cli import add_account

SMALL = DemoScale(agencies=4, employees=40, responses=600, complaints=20)
PASSWORD = "kata-sandi-uji-keberatan"
BASE_URL = "https://kinerja.solokkota.go.id"
PERIOD = "2026-10"
MAILS = {"pegawai": "pegawai@solokkota.go.id", "penilai": "penilai@solokkota.go.id", "atasan": "atasan@solokkota.go.id"}


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The demo city synced once; its people: an employee, their Pejabat Penilai, that one's
    supervisor (the Atasan Pejabat Penilai) and a colleague, each with an account."""
    folder = tmp_path_factory.mktemp("keberatan") / "demo"
    paths = run_demo(folder, serve=False, scale=SMALL, log=lambda _line: None)
    store = ResultsStore(paths["store"])
    people = store.read("employees")
    boss = dict(zip(people["nip"], people["supervisor_nip"].fillna("")))
    results = set(store.read("results", "period = ?", (PERIOD,))["nip"])
    employee = next(n for n in sorted(results) if boss.get(n) and boss.get(boss[n]) and n not in boss.values())
    rater, decider = boss[employee], boss[boss[employee]]
    colleague = next(n for n in sorted(results) if n not in (employee, rater, decider) and boss.get(n) == rater)
    for nip in (employee, rater, decider, colleague):
        if account_store.account(store, nip) is None:
            add_account(store, nip, "pegawai", "", "", PASSWORD)
        else:
            account_store.set_password(store, nip, _hash())
    with store.connect() as conn:
        for nip, key in ((employee, "pegawai"), (rater, "penilai"), (decider, "atasan")):
            conn.execute("UPDATE employees SET email = ? WHERE nip = ?", (MAILS[key], nip))
    return {
        "settings": load_settings(paths["config"]),
        "store": paths["store"],
        "employee": employee,
        "rater": rater,
        "decider": decider,
        "colleague": colleague,
        "bkpsdm": (paths["hr_user"], paths["hr_password"]),
    }


def _hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@pytest.fixture
def store(city, tmp_path):
    shutil.copy(city["store"], tmp_path / "kinerja.sqlite")
    return ResultsStore(tmp_path / "kinerja.sqlite")


def make_app(city, store, port: int | None = None):
    config = {"TESTING": True, "STORE_PATH": store.path, "SECRET_KEY": "uji", "BASE_URL": BASE_URL}
    if port is not None:
        config["NOTIFY"] = NotifySettings(
            smtp_host="127.0.0.1", smtp_port=port, security="none", from_address="kinerja@solokkota.go.id",
            per_minute=6000, retries=0,
        )  # fmt: skip
    return create_app(city["settings"], test_config=config)


@pytest.fixture
def app(city, store):
    return make_app(city, store)


def client_of(app, login: str, password: str = PASSWORD):
    client = app.test_client()
    response = client.post("/masuk", data={"csrf_token": csrf_token(client), "username": login, "password": password})
    assert response.status_code == 303, login
    return client


def days_ago(days: int) -> str:
    return (dt.datetime.now().astimezone() - dt.timedelta(days=days)).isoformat(timespec="seconds")


def confirmed(city, store, days: int = 3):
    """The employee's October result confirmed `days` ago: Di Bawah hasil kerja -> Butuh Perbaikan."""
    return confirm(
        store,
        city["employee"],
        PERIOD,
        at=days_ago(days),
        rating_hk=DI_BAWAH,
        rating_pk=SESUAI,
        predikat=BUTUH_PERBAIKAN,
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return text_of(response.get_data(as_text=True))


def file_from_saya(client, confirmation_id: int, reasons: str = "Realisasi indikator kedua belum dihitung."):
    token = csrf_token(client, "/saya")
    return client.post("/saya/keberatan", data={"csrf_token": token, "penetapan": confirmation_id, "alasan": reasons})


def only_objection(store, city) -> objections.Objection:
    found = objections.of_employee(store, city["employee"])
    assert len(found) == 1
    return found[0]


# ---- filing -------------------------------------------------------------------------------------


def test_saya_offers_filing_within_the_deadline_and_files(city, store, app):
    c = confirmed(city, store, days=3)
    employee = client_of(app, city["employee"])
    text = page(employee, "/saya")
    until = objections.deadline(c, 14)
    assert until == (dt.datetime.fromisoformat(c.at).astimezone(CITY_ZONE) + dt.timedelta(days=14)).date()
    assert f"Ajukan keberatan (paling lambat {long_date(until)})" in text
    response = file_from_saya(employee, c.id)
    assert response.status_code == 303 and response.headers["Location"].endswith("/saya#keberatan")
    o = only_objection(store, city)
    assert (o.rater_nip, o.rater_of_rater_nip, o.state) == (city["rater"], city["decider"], objections.OPEN)
    text = page(employee, "/saya")
    assert "Diajukan, menunggu keputusan" in text and "Realisasi indikator kedua belum dihitung." in text
    assert "Ajukan keberatan (paling lambat" not in text  # one open per result
    again = file_from_saya(employee, c.id)
    assert again.status_code == 400 and "Sudah ada keberatan yang belum diputus" in again.get_data(as_text=True)
    assert len(objections.of_employee(store, city["employee"])) == 1


def test_after_the_deadline_there_is_no_form_and_a_post_is_refused(city, store, app):
    c = confirmed(city, store, days=15)
    employee = client_of(app, city["employee"])
    assert "Ajukan keberatan" not in page(employee, "/saya")
    response = file_from_saya(employee, c.id)
    assert response.status_code == 400
    assert "Batas waktu keberatan sudah lewat" in text_of(response.get_data(as_text=True))
    assert objections.of_employee(store, city["employee"]) == []


def test_nobody_files_against_someone_elses_result(city, store, app):
    c = confirmed(city, store)
    for login in (city["colleague"], city["rater"], city["decider"]):
        assert file_from_saya(client_of(app, login), c.id).status_code == 403
    assert objections.of_employee(store, city["employee"]) == []


# ---- the people of an objection -----------------------------------------------------------------


def filed(city, store, app) -> objections.Objection:
    c = confirmed(city, store)
    assert file_from_saya(client_of(app, city["employee"]), c.id).status_code == 303
    return only_objection(store, city)


def note(client, objection_id: int, text: str, **extra):
    token = csrf_token(client, f"/keberatan/{objection_id}")
    return client.post(f"/keberatan/{objection_id}/catatan", data={"csrf_token": token, "catatan": text, **extra})


def decide(client, objection_id: int, **form):
    token = csrf_token(client, f"/keberatan/{objection_id}")
    return client.post(f"/keberatan/{objection_id}/putusan", data={"csrf_token": token, **form})


def test_decider_inbox_and_navigation_badge(city, store, app):
    o = filed(city, store, app)
    decider = client_of(app, city["decider"])
    html = decider.get("/saya").get_data(as_text=True)
    assert re.search(r'href="/keberatan">Keberatan <span class="badge"[^>]*>1<', html)
    text = page(decider, "/keberatan")
    assert "Menunggu keputusan Anda (1)" in text
    assert f"{o.decide_by[8:].lstrip('0')} " in text  # the deadline is listed
    rater_nav = client_of(app, city["rater"]).get("/saya").get_data(as_text=True)
    assert 'href="/keberatan">Keberatan</a>' in rater_nav  # the Pejabat Penilai: the entry, no badge
    assert 'href="/keberatan"' not in client_of(app, city["colleague"]).get("/saya").get_data(as_text=True)


def test_explanations_are_asked_given_and_seen_by_both_parties(city, store, app):
    o = filed(city, store, app)
    decider, rater, employee = (client_of(app, city[k]) for k in ("decider", "rater", "employee"))
    assert note(decider, o.id, "Mohon bukti realisasi indikator kedua.", minta=objections.BOTH).status_code == 303
    assert note(rater, o.id, "Bukti baru diterima setelah penilaian.").status_code == 303
    token = csrf_token(employee, "/saya")
    back = employee.post(
        f"/keberatan/{o.id}/catatan", data={"csrf_token": token, "catatan": "Bukti terlampir.", "kembali": "saya"}
    )
    assert back.status_code == 303 and back.headers["Location"].endswith("/saya#keberatan")
    for client in (decider, rater, employee):
        text = page(client, f"/keberatan/{o.id}")
        assert "meminta penjelasan dari pegawai dan Pejabat Penilai" in text
        assert "Bukti baru diterima setelah penilaian." in text and "Bukti terlampir." in text
    saya = page(employee, "/saya")
    assert "Bukti baru diterima setelah penilaian." in saya
    assert "meminta penjelasan dari pegawai dan Pejabat Penilai" in saya
    roles = [n.role for n in objections.notes_of(store, o.id)]
    assert roles == [objections.DECIDER, objections.RATER, objections.EMPLOYEE]
    # Only the decider asks: the employee's "minta" is ignored, their note is an explanation.
    note(employee, o.id, "Satu lagi.", minta=objections.RATER)
    assert objections.notes_of(store, o.id)[-1].asks == ""


def test_only_the_atasan_pejabat_penilai_decides_and_it_is_final(city, store, app):
    o = filed(city, store, app)
    form = {"keputusan": "diterima", "rating_hk": SESUAI, "alasan": "Bukti realisasi lengkap."}
    for key in ("employee", "rater"):
        assert decide(client_of(app, city[key]), o.id, **form).status_code == 403
    bkpsdm = client_of(app, *city["bkpsdm"])
    assert "Simpan keputusan" not in page(bkpsdm, f"/keberatan/{o.id}")  # read-only
    token = csrf_token(bkpsdm, f"/keberatan/{o.id}")
    assert bkpsdm.post(f"/keberatan/{o.id}/putusan", data={"csrf_token": token, **form}).status_code == 403
    assert bkpsdm.post(f"/keberatan/{o.id}/catatan", data={"csrf_token": token, "catatan": "x"}).status_code == 403
    assert objections.by_id(store, o.id).open
    decider = client_of(app, city["decider"])
    assert decide(decider, o.id, **form).status_code == 303
    decided = objections.by_id(store, o.id)
    assert decided.state == objections.UPHELD and decided.rating_hk == SESUAI and decided.rating_pk == ""
    assert decided.predikat == predikat([SESUAI], [SESUAI]).iloc[0] == BAIK  # the scoring's own matrix
    again = decide(decider, o.id, keputusan="ditolak", alasan="berubah pikiran")
    assert again.status_code == 400 and "final" in again.get_data(as_text=True)
    assert objections.by_id(store, o.id).state == objections.UPHELD
    sentence = "Keberatan diterima: predikat diubah dari Butuh Perbaikan menjadi Baik"
    text = page(client_of(app, city["employee"]), "/saya")
    assert sentence in text and "Bukti realisasi lengkap." in text
    assert "Keputusan ini final (PP 30/2019 Pasal 59)" in text
    assert "Simpan keputusan" not in page(decider, f"/keberatan/{o.id}")  # no form after the decision


def test_rejected_decision_and_an_upheld_one_without_a_change(city, store, app):
    o = filed(city, store, app)
    decider = client_of(app, city["decider"])
    same = decide(decider, o.id, keputusan="diterima", rating_hk=DI_BAWAH, alasan="Diterima.")
    assert same.status_code == 400 and "tidak ada rating yang diubah" in same.get_data(as_text=True)
    assert decide(decider, o.id, keputusan="ditolak", alasan="Bukti tidak mendukung.").status_code == 303
    text = page(client_of(app, city["employee"]), "/saya")
    assert "Keberatan ditolak — Bukti tidak mendukung." in text


def test_colleague_and_strangers_get_403_the_same_for_an_unknown_id(city, store, app):
    o = filed(city, store, app)
    colleague = client_of(app, city["colleague"])
    real, unknown = colleague.get(f"/keberatan/{o.id}"), colleague.get("/keberatan/99999")
    assert real.status_code == unknown.status_code == 403 and real.get_data() == unknown.get_data()
    token = csrf_token(colleague, "/saya")
    assert colleague.post(f"/keberatan/{o.id}/catatan", data={"csrf_token": token, "catatan": "x"}).status_code == 403
    assert colleague.get("/hr/keberatan").status_code == 403
    assert client_of(app, city["decider"]).get("/hr/keberatan").status_code == 403
    assert app.test_client().get(f"/keberatan/{o.id}").status_code == 302  # logged out: to /masuk


def test_every_post_needs_the_csrf_token(city, store, app):
    c = confirmed(city, store)
    employee = client_of(app, city["employee"])
    assert employee.post("/saya/keberatan", data={"penetapan": c.id, "alasan": "x"}).status_code == 400
    assert objections.of_employee(store, city["employee"]) == []
    o = filed(city, store, app)
    decider = client_of(app, city["decider"])
    assert decider.post(f"/keberatan/{o.id}/catatan", data={"catatan": "x", "minta": "pegawai"}).status_code == 400
    bad = {"csrf_token": "palsu", "keputusan": "ditolak", "alasan": "x"}
    assert decider.post(f"/keberatan/{o.id}/putusan", data=bad).status_code == 400
    assert objections.notes_of(store, o.id) == [] and objections.by_id(store, o.id).open


def test_views_by_others_are_logged_not_the_employees_own(city, store, app):
    o = filed(city, store, app)
    page(client_of(app, city["employee"]), f"/keberatan/{o.id}")
    assert [a for a in account_store.accesses_of(store, city["employee"]) if "keberatan" in a.what] == []
    page(client_of(app, city["decider"]), f"/keberatan/{o.id}")
    page(client_of(app, city["rater"]), f"/keberatan/{o.id}")
    page(client_of(app, *city["bkpsdm"]), f"/keberatan/{o.id}")
    page(client_of(app, *city["bkpsdm"]), "/hr/keberatan")
    seen = {(a.viewer, a.role, a.what) for a in account_store.accesses_of(store, city["employee"])}
    assert (city["decider"], "Atasan Pejabat Penilai", f"keberatan {PERIOD}") in seen
    assert (city["rater"], "Pejabat Penilai", f"keberatan {PERIOD}") in seen
    assert (city["bkpsdm"][0], "BKPSDM", f"keberatan {PERIOD}") in seen
    assert (city["bkpsdm"][0], "BKPSDM", f"daftar keberatan {PERIOD}") in seen
    assert "Rincian keberatan Oktober 2026" in page(client_of(app, city["employee"]), "/saya")  # shown in "who looked"


def test_bkpsdm_sees_overdue_objections_flagged(city, store, app):
    o = filed(city, store, app)
    with store.connect() as conn:  # filed long ago: its decision deadline has passed
        conn.execute("UPDATE objections SET decide_by = ? WHERE id = ?", ("2026-11-20", o.id))
    text = page(client_of(app, *city["bkpsdm"]), "/hr/keberatan")
    assert "1 keberatan melewati batas keputusan" in text
    assert "melewati batas keputusan 20 November 2026" in text
    assert "melewati batas keputusan 20 November 2026" in page(client_of(app, city["decider"]), "/keberatan")
    decide(client_of(app, city["decider"]), o.id, keputusan="ditolak", alasan="Ditolak.")
    assert "Tidak ada keberatan yang melewati batas keputusan" in page(client_of(app, *city["bkpsdm"]), "/hr/keberatan")


# ---- mails --------------------------------------------------------------------------------------


def test_mails_arrive_for_filing_asking_and_deciding(city, store, smtp):  # noqa: F811
    app = make_app(city, store, smtp.port)
    mailer = app.extensions["kinerja.links"]
    c = confirmed(city, store)
    assert file_from_saya(client_of(app, city["employee"]), c.id).status_code == 303
    mailer.wait()
    assert sorted(m["To"] for m in smtp.messages) == sorted([MAILS["atasan"], MAILS["penilai"]])
    o = only_objection(store, city)
    link = f"{BASE_URL}/keberatan/{o.id}"
    for m in smtp.messages:
        assert link in m.get_content() and m["Subject"] == "Keberatan atas hasil penilaian kinerja Oktober 2026"
    assert "memutus keberatan ini paling lambat" in smtp.to(MAILS["atasan"])[0].get_content()
    smtp.messages.clear()
    decider = client_of(app, city["decider"])
    note(decider, o.id, "Mohon bukti.", minta=objections.RATER)
    mailer.wait()
    assert [m["To"] for m in smtp.messages] == [MAILS["penilai"]]
    assert "Permintaan penjelasan" in smtp.messages[0]["Subject"]
    smtp.messages.clear()
    decide(decider, o.id, keputusan="diterima", rating_hk=SESUAI, alasan="Bukti lengkap.")
    mailer.wait()
    assert sorted(m["To"] for m in smtp.messages) == sorted([MAILS["pegawai"], MAILS["penilai"]])
    for m in smtp.messages:
        body = m.get_content()
        assert link in body and "final" in body
        # No score, rating, predikat or reason in any mail.
        for word in (BAIK, BUTUH_PERBAIKAN, SESUAI, DI_BAWAH, "Bukti lengkap"):
            assert word not in body
        assert not re.search(r"\d+,\d{2}", body)
