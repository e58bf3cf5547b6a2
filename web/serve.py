"""Serve the site with waitress (a production WSGI server, not Flask's development server)."""

from __future__ import annotations

import logging
from typing import Callable

import waitress

from config.settings import Settings
from web import create_app


def serve(settings: Settings, host: str, port: int, log: Callable[[str], None] = print, threads: int = 8) -> None:
    app = create_app(settings)
    # Under load waitress logs "Task queue depth is N" for nearly every request once all threads
    # are busy (17,000 lines in a 20 s bench at 1,800 requests/s): normal queueing, not a fault.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    log(f"Situs Kinerja Solok: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="kinerja-solok")
