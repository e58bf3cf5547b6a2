"""`check`: everything that can be wrong with a config before a sync runs, listed at once."""

from __future__ import annotations

import os
from pathlib import Path

from config.settings import Settings, load_settings
from sync.backends import make_backend
from sync.errors import ConfigError, KinerjaError


def check_config(path: str | Path, backend_factory=make_backend) -> tuple[list[str], Settings | None]:
    """Return (problems, settings). No problems means a sync can start.

    `backend_factory(settings)` builds the backend (tests hand in one wired to the fake Sheets API).
    """
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        return exc.problems, None
    problems: list[str] = []
    sheets = [("city.spreadsheet", settings.city.spreadsheet)] + [
        (f"agencies[{n}] ({a.code})", a.spreadsheet) for n, a in enumerate(settings.agencies, start=1)
    ]
    seen: dict[str, str] = {}
    for where, name in sheets:
        if name in seen:
            problems.append(f"{where}: spreadsheet '{name}' sudah dipakai oleh {seen[name]}; tiap OPD butuh spreadsheet sendiri.")
        seen.setdefault(name, where)
    try:
        backend = backend_factory(settings)
    except KinerjaError as exc:
        return problems + [str(exc)], settings
    for where, name in sheets:
        if backend.exists(name):
            continue
        if settings.source.kind == "local":
            problems.append(f"{where}: berkas {settings.source.folder / (name + '.xlsx')} tidak ada. "
                            f"Buat templatnya dengan `python main.py init --config {path}`.")
        else:  # init cannot create a Google spreadsheet: it must exist and be shared
            email = getattr(backend, "account_email", "") or "email akun layanan (client_email di berkas kunci)"
            problems.append(f"{where}: spreadsheet '{name}' tidak dapat dibuka. Periksa kuncinya di konfigurasi "
                            f"dan bagikan spreadsheet itu ke {email} sebagai Editor.")
    store_dir = settings.store.path.parent
    existing = next((p for p in (store_dir, *store_dir.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK):
        problems.append(f"store.path: folder {store_dir} tidak dapat ditulis. Pilih folder lain yang dapat ditulis.")
    return problems, settings
