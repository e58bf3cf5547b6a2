"""web/auth.py: login, lockout, session cookie, logout, session lifetime, no open redirect."""

from __future__ import annotations

import pytest

from sync.store import ResultsStore
from tests.hr_helpers import (  # noqa: F401
    OTHER_PASSWORD,
    PASSWORD,
    USERS,
    Clock,
    csrf_token,
    hr_app,
    hr_template,
    login,
    store,
    text_of,
)
from web import auth


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(store, clock):
    return hr_app(store, HR_CLOCK=clock)


@pytest.fixture
def client(app):
    return app.test_client()


def cookie_header(response) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("kinerja_hr=")]
    assert headers, "no session cookie set"
    return headers[-1]


# ---- logging in -----------------------------------------------------------------------------


def test_login_ok_goes_to_the_hr_home_and_shows_the_name(client):
    response = login(client)
    assert response.status_code == 303 and response.headers["Location"] == "/hr/"
    page = client.get("/hr/")
    assert page.status_code == 200
    assert "Masuk sebagai Petugas BKPSDM" in text_of(page.get_data(as_text=True))


def test_username_is_case_insensitive_and_name_falls_back_to_username(client):
    assert login(client, "KEPALA", OTHER_PASSWORD).status_code == 303
    assert "Masuk sebagai kepala" in text_of(client.get("/hr/").get_data(as_text=True))


def test_wrong_password_is_refused_in_indonesian(client):
    response = login(client, password="salah-sekali-123")
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert auth.BAD_LOGIN in html
    assert "salah-sekali-123" not in html  # a password is never echoed
    assert client.get("/hr/").status_code == 302


def test_unknown_user_gets_the_same_message(client):
    response = login(client, "tidak-ada", PASSWORD)
    assert response.status_code == 401 and auth.BAD_LOGIN in response.get_data(as_text=True)


def test_empty_fields_are_refused_without_counting(client, app):
    response = login(client, "", "")
    assert response.status_code == 400 and auth.EMPTY_LOGIN in response.get_data(as_text=True)
    assert app.extensions["kinerja.auth"].throttle._records == {}


def test_unknown_user_is_checked_against_the_dummy_hash(client, app, monkeypatch):
    checked = []
    real = auth.check_password_hash

    def spy(hashed, password):
        checked.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(auth, "check_password_hash", spy)
    state = app.extensions["kinerja.auth"]
    login(client, "tidak-ada", PASSWORD)
    assert checked == [state.dummy_hash]  # one hash check, as for a real user
    login(client, "bkpsdm", "salah-sekali-123")
    assert checked[1] == USERS[0].password_hash and len(checked) == 2
    # Same method and cost as the configured hashes, so both paths take as long.
    assert state.dummy_hash.split("$")[0] == USERS[0].password_hash.split("$")[0]


def test_dummy_hash_defaults_to_scrypt_without_users(store):
    app = hr_app(store, HR_USERS=())
    state = app.extensions["kinerja.auth"]
    assert state.dummy_method == "scrypt"
    assert state.verify("siapa", "apa-saja-sekali") is None
    assert "Belum ada akun sama sekali" in app.test_client().get("/masuk").get_data(as_text=True)


def test_login_page_does_not_say_whether_users_exist_when_some_do(client):
    assert "Belum ada akun sama sekali" not in client.get("/masuk").get_data(as_text=True)


def test_login_page_never_asks_hr_staff_to_run_a_command(store):
    """HR staff use a browser, not a terminal: the page says whom to ask, not what to type."""
    for users in (USERS, ()):
        html = hr_app(store, HR_USERS=users).test_client().get("/masuk").get_data(as_text=True)
        text = text_of(html)
        assert "main.py" not in text and "hr-user" not in text and "<code>" not in html
        assert "pengelola sistem" in text
    assert "Mintalah pengelola sistem membuatkan akun" in text  # no users configured yet


def test_login_log_lines_are_indonesian(client, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        login(client, "tidak-ada", PASSWORD)
        login(client)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("web") or r.name == "flask.app"]
    assert any(m.startswith("Gagal masuk sebagai 'tidak-ada' dari ") for m in messages), messages
    assert any(m.startswith("Masuk: bkpsdm dari ") for m in messages), messages
    assert not [m for m in messages if "login" in m.lower() or "failed" in m.lower()]


def test_other_web_log_lines_are_indonesian(store, tmp_path, caplog):
    """What the site writes to its log (an unreadable store, an unexpected error) is Indonesian
    too: whoever keeps the server reads it."""
    import logging

    from web import create_app

    broken = tmp_path / "rusak.sqlite"
    broken.write_bytes(b"bukan basis data " * 200)
    app = hr_app(store, TESTING=False)

    @app.get("/uji-galat")
    def _boom():
        raise RuntimeError("uji")

    with caplog.at_level(logging.INFO):
        assert (
            create_app(test_config={"STORE_PATH": broken, "SECRET_KEY": "t"}).test_client().get("/").status_code == 503
        )
        assert app.test_client().get("/uji-galat").status_code == 500
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(m.startswith("Basis data hasil tidak dapat dibaca") for m in messages), messages
    assert "Galat tak terduga saat melayani GET /uji-galat" in messages, messages
    assert not [m for m in messages if "unavailable" in m or m.startswith("Exception on")]


def test_login_page_when_logged_in_goes_to_next(client):
    login(client)
    response = client.get("/masuk?next=/hr/validasi")
    assert response.status_code == 302 and response.headers["Location"] == "/hr/validasi"


# ---- slowdown and lockout ---------------------------------------------------------------------


def fail(client, clock, times: int, username: str = "bkpsdm", gap: float = 10, **kwargs):
    for _ in range(times):
        response = login(client, username, "salah-sekali-123", **kwargs)
        assert response.status_code == 401, response.get_data(as_text=True)
        clock.advance(gap)


def test_too_fast_attempts_are_refused_without_a_hash_check(client, clock, monkeypatch):
    fail(client, clock, 2, gap=0)
    calls = []
    monkeypatch.setattr(auth, "check_password_hash", lambda *a: calls.append(a) or True)
    response = login(client, password=PASSWORD)
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    assert "Tunggu 2 detik" in response.get_data(as_text=True)
    assert calls == []
    clock.advance(2)
    monkeypatch.undo()
    assert login(client).status_code == 303


def test_lock_after_five_failures_with_minutes_left_then_unlock(client, clock):
    fail(client, clock, 5)
    response = login(client)  # the right password, but locked
    assert response.status_code == 429
    text = text_of(response.get_data(as_text=True))
    assert "Terlalu banyak percobaan masuk yang gagal" in text and "coba lagi dalam 15 menit" in text
    clock.advance(14 * 60)
    assert "coba lagi dalam 1 menit" in text_of(login(client).get_data(as_text=True))
    clock.advance(60)
    assert login(client).status_code == 303


def test_a_success_clears_the_count(client, clock):
    fail(client, clock, 4)
    assert login(client).status_code == 303
    client.post("/hr/keluar", data={"csrf_token": csrf_token(client, "/hr/")})
    fail(client, clock, 4)  # four more failures are allowed again
    assert login(client).status_code == 303


def at(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_lock_is_per_account_and_address(app, client, clock):
    fail(client, clock, 5, **at("10.0.0.1"))
    response = login(client, **at("10.0.0.1"))  # this account, from this address
    assert response.status_code == 429 and "coba lagi dalam 15 menit" in text_of(response.get_data(as_text=True))
    assert login(app.test_client(), "kepala", OTHER_PASSWORD, **at("10.0.0.1")).status_code == 303  # another account
    assert login(app.test_client(), **at("10.0.0.2")).status_code == 303  # the owner, from elsewhere


def test_slowdown_is_per_account_and_address(client, clock):
    fail(client, clock, 2, gap=0, **at("10.0.0.1"))
    assert login(client, **at("10.0.0.1")).status_code == 429
    assert login(client, **at("10.0.0.2")).status_code == 303


def fail_from_many(client, clock, count: int, prefix: str) -> None:
    """`count` wrong passwords for bkpsdm, each from a new address, each as soon as allowed."""
    for n in range(count):
        address = f"{prefix}{n}"
        response = login(client, password="salah-sekali-123", **at(address))
        if response.status_code == 429:  # the account is slowed down, never locked
            assert "coba lagi dalam" not in text_of(response.get_data(as_text=True))  # not a lock
            clock.advance(int(response.headers["Retry-After"]))
            response = login(client, password="salah-sekali-123", **at(address))
        assert response.status_code == 401, n


def test_failures_from_anywhere_never_lock_the_owner_out(client, clock):
    """The denial of service of issue 9: five wrong passwords for a guessable name locked it for
    15 minutes for everyone. Now failures from many addresses only slow the account, boundedly."""
    fail_from_many(client, clock, 40, "10.1.0.")
    response = login(client, **at("192.0.2.10"))  # the owner, from a new address
    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 429 and "tunggu" in text and "coba lagi dalam" not in text
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= auth.ACCOUNT_MAX_WAIT
    clock.advance(wait)
    assert login(client, **at("192.0.2.10")).status_code == 303


def test_account_slowdown_starts_after_many_failures(client, clock):
    for n in range(auth.ACCOUNT_SLOW_FROM - 1):
        fail(client, clock, 1, gap=0, **at(f"10.2.0.{n}"))
    fail(client, clock, 1, gap=0, **at("10.2.0.250"))  # the last one still goes through ...
    response = login(client, **at("10.2.0.251"))  # ... and then the account must wait
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    assert "Nama pengguna ini baru saja menerima banyak percobaan masuk yang gagal" in text_of(
        response.get_data(as_text=True)
    )


def test_an_address_the_owner_logged_in_from_is_not_slowed_by_others(client, clock):
    assert login(client, **at("192.0.2.10")).status_code == 303
    client.post("/hr/keluar", data={"csrf_token": csrf_token(client, "/hr/")}, **at("192.0.2.10"))
    fail_from_many(client, clock, auth.ACCOUNT_SLOW_FROM + 5, "10.3.0.")
    assert login(client, **at("10.3.1.1")).status_code == 429  # a new address waits
    assert login(client, **at("192.0.2.10")).status_code == 303  # the known one does not


def test_lock_per_client_ip_across_usernames(client, clock):
    """One address trying many names is locked (for every name), other addresses are not."""
    for n in range(auth.ADDRESS_MAX_FAILURES):
        fail(client, clock, 1, username=f"a{n}", gap=auth.ADDRESS_MAX_WAIT)
    assert login(client).status_code == 429  # this IP is locked, even for a real user
    assert login(client, **at("10.0.0.9")).status_code == 303


def test_failures_are_forgotten_after_the_window():
    clock = Clock()
    throttle = auth.Throttle(clock)
    key = [("user", "x")]
    for _ in range(4):
        assert throttle.attempt(key) is None
        clock.advance(10)
    clock.advance(auth.FORGET_SECONDS + 1)
    assert throttle.attempt(key) is None and throttle._records[key[0]].failures == 1


def test_throttle_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(auth, "MAX_KEYS", 10)
    clock = Clock()
    throttle = auth.Throttle(clock)
    for n in range(25):
        throttle.attempt([("user", f"u{n}")])
        clock.advance(1)
    assert len(throttle._records) == 10 and ("user", "u24") in throttle._records


def test_refusal_messages():
    assert "dalam 15 menit" in auth.Refusal(900, True).message
    assert "dalam 1 menit" in auth.Refusal(5, True).message
    assert "Tunggu 4 detik" in auth.Refusal(3.2, False).message


# ---- the session cookie ----------------------------------------------------------------------


def test_session_cookie_is_httponly_samesite_lax_scoped_to_hr(client):
    header = cookie_header(login(client))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/;" in header
    assert "Secure" not in header
    assert "Expires=" in header  # permanent: lasts the session lifetime, not the browser


def test_secure_cookie_when_configured(store):
    client = hr_app(store, HR_SECURE_COOKIES=True).test_client()
    assert "Secure" in cookie_header(login(client))


def test_secure_cookie_on_an_https_request(store):
    client = hr_app(store).test_client()
    response = login(client, base_url="https://kinerja.solokkota.test")
    assert "Secure" in cookie_header(response)


def test_forwarded_proto_counts_only_behind_trusted_proxies(store):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    direct = hr_app(store).test_client()
    assert "Secure" not in cookie_header(login(direct, headers=headers))
    proxied = hr_app(store, HR_TRUSTED_PROXIES=1).test_client()
    assert "Secure" in cookie_header(login(proxied, headers=headers))


def test_forwarded_for_is_the_lock_key_behind_a_trusted_proxy(store):
    clock = Clock()
    client = hr_app(store, HR_TRUSTED_PROXIES=1, HR_CLOCK=clock).test_client()
    fail(client, clock, 5, headers={"X-Forwarded-For": "203.0.113.5"})
    assert login(client, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert login(client, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 303


def test_public_pages_set_no_cookie(client):
    login(client)
    response = client.get("/metodologi")
    assert not response.headers.getlist("Set-Cookie")


# ---- session id rotation, logout, lifetime ---------------------------------------------------


def test_login_starts_a_new_session(client, app):
    before = csrf_token(client)
    login(client)
    after = csrf_token(client, "/hr/")
    assert before != after  # the CSRF token (and the session) changed: no session fixation
    with ResultsStore(app.extensions["kinerja.store"].path).connect() as conn:  # sessions live in the store
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1


def test_logout_clears_the_session_and_the_old_cookie_stops_working(client):
    login(client)
    stolen = client.get_cookie("kinerja_hr", path="/").value
    response = client.post("/hr/keluar", data={"csrf_token": csrf_token(client, "/hr/")})
    assert response.status_code == 303 and response.headers["Location"] == "/masuk?keluar=1"
    assert auth.LOGGED_OUT in client.get("/masuk?keluar=1").get_data(as_text=True)
    assert client.get("/hr/").status_code == 302
    client.set_cookie("kinerja_hr", stolen, path="/")  # a copy of the cookie from before logout
    assert client.get("/hr/").status_code == 302


def test_session_ends_after_its_lifetime(client, clock):
    login(client)
    clock.advance(8 * 3600 - 1)
    assert client.get("/hr/").status_code == 200
    clock.advance(2)
    response = client.get("/hr/pegawai?opd=DINKES")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=/hr/pegawai?opd%3DDINKES")
    assert "berakhir=1" in response.headers["Location"]
    assert auth.EXPIRED in client.get(response.headers["Location"]).get_data(as_text=True)


def test_session_hours_are_configurable(store):
    clock = Clock()
    client = hr_app(store, HR_CLOCK=clock, HR_SESSION_HOURS=1).test_client()
    login(client)
    clock.advance(3601)
    assert client.get("/hr/").status_code == 302


def test_a_user_removed_from_config_is_logged_out(store, clock):
    app = hr_app(store, HR_CLOCK=clock)
    client = app.test_client()
    login(client)
    app.extensions["kinerja.auth"].users.pop("bkpsdm")
    assert client.get("/hr/").status_code == 302


# ---- where to go after login -----------------------------------------------------------------


def test_logged_out_request_keeps_where_it_was_going(client):
    response = client.get("/hr/pegawai?opd=DINKES&predikat=Baik")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/masuk?next=")
    next_url = client.get(location).get_data(as_text=True)
    assert 'name="next" value="/hr/pegawai?opd=DINKES&amp;predikat=Baik"' in next_url
    response = login(client, next_url="/hr/pegawai?opd=DINKES&predikat=Baik")
    assert response.headers["Location"] == "/hr/pegawai?opd=DINKES&predikat=Baik"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.test/hr/",
        "//evil.test/hr/",
        "/\\evil.test",
        "\\\\evil.test",
        "javascript:alert(1)",
        "http:/hr/",
        "/metodologi",
        "/hrx",
        "hr/pegawai",
        "/hr/\r\nSet-Cookie: x=1",
        " /hr/",
    ],
)
def test_no_open_redirect(client, target):
    response = login(client, next_url=target)
    assert response.status_code == 303 and response.headers["Location"] == "/hr/"


@pytest.mark.parametrize("target", ["/hr/", "/hr", "/hr/validasi?lingkup=kota", "/hr/pegawai/198001012006042001"])
def test_local_hr_paths_are_kept(app, target):
    with app.test_request_context():
        assert auth.safe_next(target) == target
