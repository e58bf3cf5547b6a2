"""Serve the site with waitress (a production WSGI server, not Flask's development server).

Flask's after_request puts the security headers on every response the app makes, but waitress
answers some requests itself, before the app sees them: 400 (a malformed request line or
header), 413 (a body over MAX_BODY_BYTES), 431 (request line or headers over 256 KB, e.g. a
1 MB query) and its own 500 (an app that fails before it starts its response). Those come from
waitress's ErrorTask; `make_server` plugs in a subclass that adds the same headers, through the
channel class waitress's server instantiates for each connection (HTTPChannel.error_task_class,
BaseWSGIServer.channel_class). tests/web/test_serve.py talks raw HTTP to a real server to pin it.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import waitress
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from config.settings import Settings
from web import SECURITY_HEADERS, create_app

# The largest request the site takes is the login or report form (under 10 KB); waitress's
# default would read up to 1 GB into a temporary file before the app could refuse it.
MAX_BODY_BYTES = 1_000_000
IDENT = "kinerja-solok"


class SecureErrorTask(ErrorTask):
    """waitress's own error response, with the site's security headers."""

    def execute(self) -> None:
        self.response_headers.extend(SECURITY_HEADERS.items())
        super().execute()


class SecureChannel(HTTPChannel):
    error_task_class = SecureErrorTask


def make_server(app, host: str, port: int, threads: int = 8, map: dict | None = None, **adjustments: Any):
    """A waitress server for `app` (not started: call .run()); `map` is its socket map, which the
    caller may close to stop it. Every listening socket gets SecureChannel connections."""
    sockets: dict = {} if map is None else map
    adjustments.setdefault("max_request_body_size", MAX_BODY_BYTES)
    server = waitress.create_server(app, map=sockets, host=host, port=port, threads=threads, ident=IDENT, **adjustments)
    # One TcpWSGIServer per listening address (a host name may resolve to IPv4 and IPv6).
    listeners = [d for d in list(sockets.values()) if isinstance(d, BaseWSGIServer)]
    if not listeners:  # waitress changed how it builds servers: refuse rather than serve without headers
        raise RuntimeError("waitress tidak membuat server yang dikenal; periksa versi waitress (diuji: 3.0.2).")
    for listener in listeners:
        listener.channel_class = SecureChannel
    return server


def serve(settings: Settings, host: str, port: int, log: Callable[[str], None] = print, threads: int = 8) -> None:
    app = create_app(settings)
    # Under load waitress logs "Task queue depth is N" for nearly every request once all threads
    # are busy (17,000 lines in a 20 s bench at 1,800 requests/s): normal queueing, not a fault.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    logging.basicConfig()  # as waitress.serve does: its warnings and errors reach stderr
    log(f"Situs Kinerja Solok: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
    make_server(app, host, port, threads).run()
