"""The one-time sign-in link of /masuk (issue 13, item 2), against a real SMTP server on loopback
(aiosmtpd), a real store and the Flask client: the link arrives for a known NIP with an email;
the page answers the same for an unknown NIP (or one without email) and no mail goes; the link
logs in once; an expired link is refused; GET does not spend it; the login throttle applies."""

from __future__ import annotations

import re

import pytest

from config.settings import NotifySettings
from sync.store import accounts as account_store
from tests import accounts_world as w
from tests.hr_helpers import Clock, csrf_token, hr_app, text_of
from tests.sync.notify.test_notify import smtp  # noqa: F401 - the aiosmtpd fixture
from web import signin_link

BASE_URL = "https://kinerja.solokkota.go.id"
LEAF_MAIL = "daun@solokkota.go.id"
LINK = re.compile(re.escape(BASE_URL) + r"(/masuk/tautan/[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    store = w.world_store(tmp_path_factory.mktemp("signin"))
    with store.connect() as conn:
        conn.execute("UPDATE employees SET email = ? WHERE nip = ?", (LEAF_MAIL, w.LEAF))
        conn.execute("UPDATE employees SET email = NULL WHERE nip = ?", (w.MID,))  # an account, no email
    return store.path


@pytest.fixture
def store(template, tmp_path):
    return w.copy_store(template, tmp_path)


def site(store, port: int, clock: Clock | None = None):
    notify = NotifySettings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        security="none",
        from_address="kinerja@solokkota.go.id",
        per_minute=6000,
        retries=0,
    )
    config = {"NOTIFY": notify, "BASE_URL": BASE_URL, "LINK_MINUTES": 15}
    if clock is not None:
        config["HR_CLOCK"] = clock
    return hr_app(store, **config)


def ask(app, client, nip: str):
    response = client.post("/masuk/tautan", data={"csrf_token": csrf_token(client), "nip": nip})
    app.extensions["kinerja.links"].wait()
    return response


def answer(response) -> str:
    """The page's words without the CSRF token (which differs per session)."""
    return text_of(re.sub(r'value="[^"]*"', "", response.get_data(as_text=True)))


def test_masuk_offers_the_form_only_with_smtp(store, smtp):  # noqa: F811
    with_smtp = site(store, smtp.port).test_client().get("/masuk").get_data(as_text=True)
    without = hr_app(store).test_client().get("/masuk").get_data(as_text=True)
    assert "Kirim tautan masuk ke email saya" in with_smtp
    assert "Kirim tautan masuk ke email saya" not in without


def test_link_arrives_and_logs_in_once(store, smtp):  # noqa: F811
    app = site(store, smtp.port)
    client = app.test_client()
    response = ask(app, client, w.LEAF)
    assert response.status_code == 200
    assert "tautan masuk sudah dikirim" in answer(response)
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["To"] == LEAF_MAIL
    body = mail.get_content()
    assert "Pegawai Daun" in body and "15 menit" in body
    for other in (w.MID, w.HEAD, w.LEAF2, "Atasan Tengah", "Pertahankan kinerja.", "Predikat", "Nilai"):
        assert other not in body  # nothing of another person, no score, no feedback
    path = LINK.search(body).group(1)
    assert account_store.digest(path.rsplit("/", 1)[1]) in _stored_digests(store)  # the digest only
    assert path.rsplit("/", 1)[1] not in str(_stored_digests(store))

    fresh = app.test_client()  # the mail opened on another device
    page = fresh.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert fresh.get("/saya").status_code == 302  # not logged in by the GET
    used = fresh.post(path, data={"csrf_token": csrf_token(fresh, path)})
    assert used.status_code == 303 and used.headers["Location"] == "/saya"
    mine = fresh.get("/saya")
    assert mine.status_code == 200 and w.LEAF in text_of(mine.get_data(as_text=True))

    again = app.test_client()
    refused = again.post(path, data={"csrf_token": csrf_token(again)})
    assert refused.status_code == 410 and signin_link.BAD_LINK in text_of(refused.get_data(as_text=True))
    assert again.get("/saya").status_code == 302
    assert again.get(path).status_code == 410


def _stored_digests(store) -> list[str]:
    with store.connect() as conn:
        return [r[0] for r in conn.execute("SELECT token_hash FROM signin_links").fetchall()]


def test_get_does_not_spend_the_link(store, smtp):  # noqa: F811
    app = site(store, smtp.port)
    client = app.test_client()
    ask(app, client, w.LEAF)
    path = LINK.search(smtp.messages[0].get_content()).group(1)
    scanner = app.test_client()
    for _ in range(3):  # a mail scanner, a link preview, the person
        assert scanner.get(path).status_code == 200
    person = app.test_client()
    assert person.post(path, data={"csrf_token": csrf_token(person, path)}).status_code == 303


def test_post_without_csrf_is_refused_and_spends_nothing(store, smtp):  # noqa: F811
    app = site(store, smtp.port)
    client = app.test_client()
    ask(app, client, w.LEAF)
    path = LINK.search(smtp.messages[0].get_content()).group(1)
    assert app.test_client().post(path).status_code == 400
    person = app.test_client()
    assert person.post(path, data={"csrf_token": csrf_token(person, path)}).status_code == 303


def test_same_answer_for_unknown_nip_or_no_email_and_no_mail(store, smtp):  # noqa: F811
    app = site(store, smtp.port)
    answers = {}
    for nip in (w.LEAF, "199999999999999999", w.MID, "bukan-nip"):
        client = app.test_client()
        response = ask(app, client, nip)
        answers[nip] = (response.status_code, answer(response))
    assert len(set(answers.values())) == 1, answers
    assert [m["To"] for m in smtp.messages] == [LEAF_MAIL]  # only the known NIP with an email


def test_expired_link_is_refused(store, smtp):  # noqa: F811
    clock = Clock()
    app = site(store, smtp.port, clock)
    ask(app, app.test_client(), w.LEAF)
    path = LINK.search(smtp.messages[0].get_content()).group(1)
    clock.advance(15 * 60 - 1)
    assert app.test_client().get(path).status_code == 200
    clock.advance(1)
    late = app.test_client()
    assert late.get(path).status_code == 410
    refused = late.post(path, data={"csrf_token": csrf_token(late)})
    assert refused.status_code == 410 and "/masuk" in refused.get_data(as_text=True)
    assert late.get("/saya").status_code == 302


def test_unknown_token_is_refused(store, smtp):  # noqa: F811
    app = site(store, smtp.port)
    client = app.test_client()
    assert client.get("/masuk/tautan/tidak-ada").status_code == 410
    assert client.post("/masuk/tautan/tidak-ada", data={"csrf_token": csrf_token(client)}).status_code == 410
    assert client.get("/masuk/tautan/" + "a" * 500).status_code == 410


def test_requests_go_through_the_login_throttle(store, smtp):  # noqa: F811
    clock = Clock()
    app = site(store, smtp.port, clock)
    client = app.test_client()
    statuses = [ask(app, client, w.LEAF).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # from the 2nd request on, the next must wait
    assert len(smtp.messages) == 2
    refused = ask(app, client, "199999999999999999")  # another NIP from that address: its own pair
    assert refused.status_code == 200
    clock.advance(3600)
    assert ask(app, client, w.LEAF).status_code == 200
    assert len(smtp.messages) == 3


def test_no_smtp_no_link_form_post(store):
    client = hr_app(store).test_client()
    response = client.post("/masuk/tautan", data={"csrf_token": csrf_token(client), "nip": w.LEAF})
    assert response.status_code == 303 and response.headers["Location"] == "/masuk"


def test_link_minutes_is_documented_and_bounded(tmp_path):
    from config.errors import ConfigError
    from config.settings import load_settings
    from tests.paths import ROOT

    base = (ROOT / "config" / "contoh.toml").read_text(encoding="utf-8")
    assert load_settings(ROOT / "config" / "contoh.toml").accounts.link_minutes == 15
    path = tmp_path / "k.toml"
    path.write_text(base.replace("link_minutes = 15", "link_minutes = 0"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert "accounts.link_minutes: harus 1–120 menit, tertulis 0." in str(info.value)


def test_settings_reach_the_site(store):
    """[notify], [web] base_url and [accounts] link_minutes of the config file reach /masuk."""
    import dataclasses

    from config.settings import load_settings
    from tests.paths import ROOT
    from web import create_app

    base = load_settings(ROOT / "config" / "contoh.toml")
    assert not base.notify.enabled
    settings = dataclasses.replace(
        base,
        store=dataclasses.replace(base.store, path=store.path),
        notify=dataclasses.replace(base.notify, smtp_host="127.0.0.1", from_address="kinerja@solokkota.go.id"),
        web=dataclasses.replace(base.web, base_url=BASE_URL),
        accounts=dataclasses.replace(base.accounts, link_minutes=7),
    )
    page = text_of(create_app(settings).test_client().get("/masuk").get_data(as_text=True))
    assert "Kirim tautan masuk ke email saya" in page and "berlaku 7 menit" in page
    off = text_of(
        create_app(dataclasses.replace(settings, notify=base.notify)).test_client().get("/masuk").get_data(as_text=True)
    )
    assert "Kirim tautan masuk ke email saya" not in off
