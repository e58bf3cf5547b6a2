"""Choose the backend named in the config (the only place that knows both kinds)."""

from __future__ import annotations

from config.settings import Settings
from sync.backend import Backend
from sync.errors import ConfigError
from sync.local import LocalBackend


def make_backend(settings: Settings) -> Backend:
    if settings.source.kind == "local":
        # Result workbooks render in a second process while the worker scores the next agency.
        return LocalBackend(settings.source.folder, background_writes=True)
    raise ConfigError(
        ['source.kind = "google": backend Google Sheets belum tersedia di versi ini. '
         'Pakai kind = "local" dengan folder berisi berkas .xlsx.'],
        str(settings.path),
    )
