"""`check`: everything that can be wrong with a config before a sync runs, listed at once.

The same list gates every command that uses the config (main.py): a command refuses to start on
any problem in what it uses, so a config `check` passes runs, and one it rejects never starts.
Problems come in four parts, checked in this order:

- ``config``: the file itself (config/settings.py: keys, floors, codes, spreadsheet names);
- ``backend``: the source can be opened (Google key file; local: a data folder we can write);
- ``spreadsheets``: every spreadsheet exists (local: the .xlsx; Google: shared with us);
- ``store``: the results store can be created and written where the config puts it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.errors import ConfigError, KinerjaError
from config.settings import Settings, load_settings
from sync.sources.backends import make_backend

PARTS = ("config", "backend", "spreadsheets", "store")
# The first bytes of every SQLite database file: a store path naming some other file (a config,
# a note) would pass every other check and then stop the sync with "file is not a database".
SQLITE_HEADER = b"SQLite format 3\x00"
# What each command uses. `init` exists to create missing spreadsheets and never opens the store;
# `web` and `report` read only the store. `config` is always checked: nothing runs on a bad file.
COMMAND_PARTS = {
    "check": PARTS,
    "sync": PARTS,
    "worker": PARTS,
    "init": ("config", "backend"),
    "web": ("config", "store"),
    "report": ("config", "store"),
    "laporan-skm": ("config", "store"),
    "qr": ("config", "store"),
    "dokumen": ("config", "store"),
}


@dataclass
class Checked:
    """The problems found, the settings (None when the file itself is invalid) and the backend
    built for the check (None unless checked), so a command can go on with the same backend: a
    Google backend keeps the metadata it fetched, and the sync after the check asks for none again."""

    problems: list[str]
    settings: Settings | None
    backend: Any = None


def check_config(path: str | Path, backend_factory=make_backend) -> tuple[list[str], Settings | None]:
    """Return (problems, settings). No problems means a sync can start.

    `backend_factory(settings)` builds the backend (tests hand in one wired to the fake Sheets API).
    """
    checked = run_checks(path, PARTS, backend_factory)
    if checked.backend is not None:
        checked.backend.close()
    return checked.problems, checked.settings


def run_checks(path: str | Path, parts=PARTS, backend_factory=make_backend) -> Checked:
    """The problems of `parts` (see PARTS), in the order and words `check` prints them."""
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        return Checked(exc.problems, None)
    problems: list[str] = []
    backend = None
    if "backend" in parts or "spreadsheets" in parts:
        try:
            backend = backend_factory(settings)
        except KinerjaError as exc:
            problems.append(str(exc))
        if settings.source.kind == "local":
            folder = folder_problems(settings.source.folder)
            problems += folder
            if folder:  # every workbook would be "missing": the folder is the one thing to fix
                parts = tuple(p for p in parts if p != "spreadsheets")
    if backend is not None and "spreadsheets" in parts:
        problems += spreadsheet_problems(settings, backend, path)
    if "store" in parts:
        problems += store_problems(settings.store.path)
    return Checked(problems, settings, backend)


def spreadsheet_problems(settings: Settings, backend, path: str | Path) -> list[str]:
    problems = []
    sheets = [("city.spreadsheet", settings.city.spreadsheet)] + [
        (f"agencies[{n}] ({a.code})", a.spreadsheet) for n, a in enumerate(settings.agencies, start=1)
    ]
    for where, name in sheets:
        if settings.source.kind == "local":
            # A folder by a workbook's name: `init` never overwrites what exists, so "missing, run
            # init" would loop; a folder by the results' name fails the agency at its first write.
            result = backend.result_path(name)
            if result.is_dir():
                problems.append(
                    f"{where}: {result} adalah folder, padahal hasil spreadsheet '{name}' ditulis ke "
                    "berkas dengan nama itu. Pindahkan atau ganti nama folder itu."
                )
            source = backend.input_path(name)
            if source.is_dir():
                problems.append(
                    f"{where}: {source} adalah folder, bukan berkas spreadsheet. Pindahkan atau ganti "
                    f"nama folder itu, lalu jalankan `python main.py init --config {path}` untuk "
                    "membuat templatnya."
                )
                continue
        if backend.exists(name):
            continue
        if settings.source.kind == "local":
            problems.append(
                f"{where}: berkas {source} tidak ada. Buat templatnya dengan `python main.py init --config {path}`."
            )
        else:  # init cannot create a Google spreadsheet: it must exist and be shared
            email = getattr(backend, "account_email", "") or "email akun layanan (client_email di berkas kunci)"
            problems.append(
                f"{where}: spreadsheet '{name}' tidak dapat dibuka. Periksa kuncinya di konfigurasi "
                f"dan bagikan spreadsheet itu ke {email} sebagai Editor."
            )
    return problems


def folder_problems(folder: Path) -> list[str]:
    """local: the data folder holds the workbooks and receives `*.hasil.xlsx` and `init`'s
    templates, so it must be (or become) a folder this user can write."""
    how = 'Ubah [source] folder ke folder yang dapat ditulis pengguna yang menjalankan layanan, mis. "data".'
    if folder.exists() and not folder.is_dir():
        return [f"source.folder: {folder} adalah berkas, bukan folder. {how}"]
    existing = _nearest(folder)
    if existing is not None and not existing.is_dir():
        return [f"source.folder: {existing} adalah berkas, bukan folder, jadi {folder} tidak dapat dibuat. {how}"]
    if existing is None or not _can_create_in(existing):
        return [
            f"source.folder: folder {existing} tidak dapat ditulis (berkas hasil dan templat ditulis di sana). {how}"
        ]
    return []


def store_problems(store: Path) -> list[str]:
    """Whether the results store (and the lock and state files beside it) can be created and
    written."""
    how = (
        "Ubah [store] path ke berkas di folder yang dapat ditulis pengguna yang menjalankan layanan, "
        'mis. "var/kinerja.sqlite".'
    )
    if store.is_dir():
        return [
            f"store.path: {store} adalah folder, bukan berkas basis data. Tulis nama berkasnya, "
            f'mis. "{store / "kinerja.sqlite"}".'
        ]
    existing = _nearest(store.parent)
    if existing is None:  # not even the root exists: nothing to probe
        return [f"store.path: folder {store.parent} tidak dapat dibuat. {how}"]
    if not existing.is_dir():
        return [f"store.path: {existing} adalah berkas, bukan folder, jadi {store} tidak dapat dibuat. {how}"]
    if store.exists():
        try:
            with store.open("r+b") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError:
            return [f"store.path: berkas {store} tidak dapat ditulis. {how}"]
        if header and header != SQLITE_HEADER:  # an empty file is a new store to SQLite
            return [
                f"store.path: berkas {store} sudah ada dan bukan basis data hasil (bukan berkas SQLite); "
                "berkas itu tidak diubah. Ubah [store] path ke berkas basis data hasil atau ke nama berkas "
                'baru, mis. "var/kinerja.sqlite".'
            ]
    if not _can_create_in(existing):
        return [f"store.path: folder {existing} tidak dapat ditulis, jadi {store} tidak dapat dibuat. {how}"]
    return []


def _nearest(path: Path) -> Path | None:
    """`path` or its closest ancestor that exists (what a mkdir -p would start from)."""
    return next((p for p in (path, *path.parents) if p.exists()), None)


def _can_create_in(folder: Path) -> bool:
    """Probed by creating a file, not read from permission bits: root, read-only mounts and ACLs
    all answer differently from what `os.access` says."""
    try:
        handle, probe = tempfile.mkstemp(prefix=".kinerja-periksa-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.unlink(probe)
    return True
