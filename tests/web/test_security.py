"""The HR area's security: login on every route, CSRF on every POST, escaping, no caching.

Routes are enumerated from app.url_map, so a route added later is covered without editing here.
"""

from __future__ import annotations

import re

import pytest
from flask import url_for

from tests import fixture_store as fx
from tests.hr_helpers import csrf_token, hr_app, hr_template, login, store  # noqa: F401
from web import csrf

SAMPLE_VALUES = {"nip": fx.EXAMPLE_A_NIP}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def app(store):
    return hr_app(store)


@pytest.fixture
def client(app):
    return app.test_client()


def routes(app, prefix: str) -> list[tuple[str, str]]:
    """(method, url) of every route of the blueprints whose endpoint starts with `prefix`."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(prefix):
                continue
            url = url_for(rule.endpoint, **{name: SAMPLE_VALUES[name] for name in rule.arguments})
            found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_the_hr_blueprint_has_pages_and_a_form(app):
    found = routes(app, "hr.")
    assert len({url for _, url in found}) >= 6
    assert any(method == "POST" for method, _ in found)
    assert all(url.startswith("/hr/") for _, url in found)


def test_every_hr_route_needs_a_login(app, client):
    for method, url in routes(app, "hr."):
        response = client.open(url, method=method, data={"csrf_token": "x"})
        assert response.status_code in (302, 303, 401), (method, url)
        assert response.headers["Location"].startswith("/masuk"), (method, url)
        assert fx.EXAMPLE_A_NAME not in response.get_data(as_text=True)  # no page was rendered


def test_every_hr_route_works_after_login(app, client):
    login(client)
    for method, url in routes(app, "hr."):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_every_post_without_csrf_token_is_400(app, client):
    login(client)
    posts = [(m, u) for m, u in routes(app, "hr.") + routes(app, "auth.") if m in UNSAFE]
    assert ("POST", "/masuk") in posts and ("POST", "/hr/keluar") in posts
    for method, url in posts:
        for data in ({}, {"csrf_token": ""}, {"csrf_token": "palsu-" + "x" * 40}):
            response = client.open(url, method=method, data={**data, "periode": "2026-10"})
            assert response.status_code == 400, (method, url, data)
            assert csrf.MESSAGE in response.get_data(as_text=True)
    assert client.get("/hr/").status_code == 200  # the refused logout did not log out


def test_login_form_without_csrf_token_is_400_even_with_the_right_password(client):
    response = client.post("/hr/masuk", data={"username": "bkpsdm", "password": "kata-sandi-uji-123"})
    assert response.status_code == 400
    assert client.get("/hr/").status_code == 302


def test_csrf_token_of_another_session_is_refused(app, client):
    other = app.test_client()
    stolen = csrf_token(other)
    csrf_token(client)
    response = client.post(
        "/hr/masuk", data={"csrf_token": stolen, "username": "bkpsdm", "password": "kata-sandi-uji-123"}
    )
    assert response.status_code == 400


def test_every_hr_response_is_never_cached(app, client):
    urls = [u for m, u in routes(app, "hr.") if m == "GET"]
    for url in [*urls, "/hr/masuk"]:
        response = client.get(url)  # logged out: the redirect too
        assert response.headers["Cache-Control"] == "no-store", url
    login(client)
    for url in [*urls, "/hr/tidak-ada"]:
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" not in client.get("/metodologi").headers.get("Cache-Control", "")


def test_hr_pages_have_the_strict_csp_and_nothing_inline(app, client):
    login(client)
    for method, url in routes(app, "hr."):
        if method != "GET":
            continue
        response = client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.get_data(as_text=True)
        assert "<script" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


# ---- XSS: text typed into spreadsheets is escaped everywhere ----------------------------------

FIELDS = (
    "agency",
    "employee",
    "position",
    "unit",
    "category",
    "value",
    "problem",
    "indicator",
    "catatan",
    "feedback",
    "reason",
    "error",
    "warning",
    "worker",
)


def payload(field: str) -> str:
    return f'<script>alert("{field}")</script>"><img src=x onerror=alert(1)>'


def escaped(field: str) -> str:
    return f"&lt;script&gt;alert(&#34;{field}&#34;)&lt;/script&gt;"


@pytest.fixture
def hostile(store):
    """The HR store with script payloads in every text a spreadsheet user or citizen can type."""
    person = fx.nip(0, 0)
    agencies = fx.AGENCIES.assign(name=fx.AGENCIES["name"].where(fx.AGENCIES["code"] != "DINKES", payload("agency")))
    store.set_agencies(agencies)
    with store.connect() as conn:
        conn.execute(
            "UPDATE results SET name = ?, position = ?, unit = ?, catatan = ?, feedback = ?, "
            "attention = 1, attention_reason = ? WHERE nip = ?",
            (
                payload("employee"),
                payload("position"),
                payload("unit"),
                payload("catatan"),
                payload("feedback"),
                payload("reason"),
                person,
            ),
        )
        conn.execute(
            "UPDATE employees SET name = ?, position = ?, unit = ?, unit_id = 'opd:DINKES' WHERE nip = ?",
            (payload("employee"), payload("position"), payload("unit"), person),
        )
        conn.execute("UPDATE complaint_categories SET category = ?", (payload("category"),))
        conn.execute("UPDATE issues SET value = ?, problem = ?", (payload("value"), payload("problem")))
        conn.execute(
            "UPDATE indicators SET indicator = ?, plan = ? WHERE nip = ?",
            (payload("indicator"), payload("indicator"), person),
        )
        conn.execute("UPDATE run_sheets SET error = ?", (payload("error"),))
        conn.execute("UPDATE distribution_checks SET message = ?", (payload("warning"),))
    store.set_meta("worker_error", payload("worker"))
    return store


def test_typed_text_is_escaped_on_every_hr_page(hostile):
    client = hr_app(hostile).test_client()
    login(client)
    person = fx.nip(0, 0)
    pages = [
        "/hr/",
        "/hr/?periode=2026-Q3",
        "/hr/pegawai",
        "/hr/pegawai?opd=DINKES&perhatian=1",
        "/hr/pegawai?periode=2026-Q3",
        f"/hr/pegawai/{person}",
        f"/hr/pegawai/{person}?periode=2026-10",
        "/hr/validasi",
        "/hr/validasi?lingkup=kota",
        "/hr/sinkronisasi",
        "/hr/laporan",
        "/hr/pegawai?cari=" + payload("search"),
    ]
    seen = ""
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "<script" not in html and "<img src=x" not in html, url
        seen += html
    for field in FIELDS + ("search",):
        assert escaped(field) in seen, field


def test_payloads_in_query_parameters_are_not_reflected_raw(app, client):
    login(client)
    for url in (
        "/hr/pegawai?cari=%3Cscript%3Ex%3C%2Fscript%3E",
        "/hr/pegawai?predikat=%3Cscript%3E",
        "/hr/validasi?tingkat=%3Cscript%3E",
        "/hr/masuk?next=%22%3E%3Cscript%3E",
    ):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "<script" not in html, url
