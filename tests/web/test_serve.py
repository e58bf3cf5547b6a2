"""web/serve.py: every response of the real waitress server carries the site's security headers,
including the ones waitress writes itself (400, 413, 431, its own 500), and no redirect is built
from the request's Host header.

Raw HTTP over a socket to waitress on loopback, served exactly as `python main.py web` serves it
(web.serve.make_server), so a waitress upgrade that drops the hook fails here.
"""

from __future__ import annotations

import socket
import threading

import pytest
from waitress import wasyncore

from tests.hr_helpers import USERS, hr_template, store  # noqa: F401
from web import SECURITY_HEADERS, create_app
from web.serve import MAX_BODY_BYTES, make_server


@pytest.fixture
def site(store):
    app = create_app(
        test_config={
            "STORE_PATH": store.path,
            "MIN_RESPONSES": 20,
            "MIN_GROUP_SIZE": 5,
            "SECRET_KEY": "test",
            "HR_USERS": USERS,
        }
    )

    @app.get("/rusak")
    def broken():  # a bug in a page: Flask's own 500
        raise RuntimeError("sengaja")

    sockets: dict = {}
    server = make_server(app, "127.0.0.1", 0, threads=2, map=sockets)
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):
            # Closing the sockets below can catch the loop inside select() on a closed descriptor
            # (EBADF): that is the shutdown itself, not a failure; anything earlier is.
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, name="waitress", daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        stopping.set()
        server.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)  # the loop ends when its socket map is empty
        thread.join(timeout=10)


def exchange(port: int, raw: bytes) -> tuple[int, dict[str, str]]:
    """Send `raw` and read the answer until waitress closes (every request says Connection: close);
    (status, headers). After an error waitress closes with our surplus bytes unread, so the kernel
    resets the connection once its answer has been read: that ends the answer too."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # waitress answered and closed before it read everything we sent
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    assert b"\r\n\r\n" in answer, answer[:200]
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1")
    status_line, *lines = head.split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers


def request(path: str = "/", host: str = "127.0.0.1", extra: str = "", body: bytes = b"", method: str = "GET") -> bytes:
    return (f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n").encode() + body


def assert_secure(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name.lower()) == value, (name, headers)


@pytest.mark.parametrize(
    "raw, status",
    [
        pytest.param(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Besar: " + b"a" * 300_000 + b"\r\n\r\n", 431, id="header-300KB"
        ),
        pytest.param(b"GET /?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 431, id="query-1MB"),
        pytest.param(b"GET / HTTP/1.1 tambahan\r\nHost: 127.0.0.1\r\n\r\n", 400, id="bad-request-line"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBaris tanpa titik dua\r\n\r\n", 400, id="bad-header"),
        pytest.param(
            b"POST /hr/masuk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
            + b"a" * (MAX_BODY_BYTES + 1),
            413,
            id="body-too-large",
        ),
    ],
)
def test_waitress_own_error_responses_carry_the_security_headers(site, raw, status):
    code, headers = exchange(site, raw)
    assert code == status
    assert_secure(headers)


@pytest.mark.parametrize(
    "raw, status",
    [
        pytest.param(request("/"), 200, id="page"),
        pytest.param(request("/tidak-ada"), 404, id="flask-404"),
        pytest.param(request("/hr/keluar", method="GET"), 405, id="flask-405"),
        pytest.param(request("/rusak"), 500, id="flask-500"),
    ],
)
def test_flask_responses_carry_the_security_headers(site, raw, status):
    code, headers = exchange(site, raw)
    assert code == status
    assert_secure(headers)


@pytest.mark.parametrize(
    "path",
    [
        "/hr",
        "/hr?periode=2026-10",
        "/hr/",
        "/hr/pegawai",
        "/hr/masuk/",
        "/hr//pegawai",
        "//evil.example/hr",
        "/metodologi/",
        "/hr/masuk?keluar=1",
    ],
)
def test_no_redirect_is_built_from_the_host_header(site, path):
    code, headers = exchange(site, request(path, host="evil.example"))
    location = headers.get("location", "")
    assert "evil.example" not in location, (path, code, location)
    if 300 <= code < 400:
        assert location.startswith("/") and not location.startswith("//"), location


def test_waitress_own_500_carries_the_security_headers():
    """An app that fails before it starts its response: waitress writes the 500 itself."""

    def failing_app(environ, start_response):
        raise RuntimeError("sengaja")

    sockets: dict = {}
    server = make_server(failing_app, "127.0.0.1", 0, threads=1, map=sockets)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        code, headers = exchange(server.effective_port, request("/"))
    finally:
        server.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)
        thread.join(timeout=10)
    assert code == 500
    assert_secure(headers)
