"""Serve the site with waitress (a production WSGI server, not Flask's development server)."""

from __future__ import annotations

from typing import Callable

import waitress

from config.settings import Settings
from web import create_app


def serve(settings: Settings, host: str, port: int, log: Callable[[str], None] = print, threads: int = 8) -> None:
    app = create_app(settings)
    log(f"Situs Kinerja Solok: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="kinerja-solok")
