"""Choose the backend named in the config (the only place that knows both kinds)."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from config.contract import AGENCY_INPUT_TABS, CITY_INPUT_TABS
from config.errors import ConfigError
from config.settings import Settings
from sync.sources.backend import Backend
from sync.sources.local import LocalBackend


def make_backend(settings: Settings, stop: "threading.Event | None" = None) -> Backend:
    """`stop` (the worker's): a backend that talks to a remote API checks it between requests."""
    if settings.source.kind == "local":
        # Result workbooks render in a second process while the worker scores the next agency.
        return LocalBackend(
            settings.source.folder,
            background_writes=True,
            stop=stop,
            max_cells_per_tab=settings.sync.max_cells_per_tab,
            paper=settings.report.paper,
        )
    if settings.source.kind == "google":
        from sync.sources.google.backend import GoogleBackend  # only a google config needs gspread loaded

        source = settings.source
        if source.credentials and not Path(source.credentials).is_absolute():
            # Like every path in the config: relative to the config file.
            source = dataclasses.replace(source, credentials=str(settings.base_dir / source.credentials))
        try:
            return GoogleBackend(
                source,
                stop=stop,
                # Beside the results store: what was last written, so a restart skips unchanged sheets.
                state_path=settings.store.path.parent / "google-state.json",
                date_headers=_date_aliases(settings),
                max_cells_per_tab=settings.sync.max_cells_per_tab,
            )
        except ConfigError as exc:
            raise ConfigError(exc.problems, str(settings.path)) from exc
    raise ConfigError(
        [f'source.kind: harus "local" atau "google", tertulis {settings.source.kind!r}.'], str(settings.path)
    )


def _date_aliases(settings: Settings) -> list[str]:
    """Configured extra headers ([headers]) of the contract's date columns."""
    tabs = {t.key: t for t in (*AGENCY_INPUT_TABS, *CITY_INPUT_TABS)}
    return [
        alias
        for tab_key, columns in settings.headers.items()
        if tab_key in tabs
        for col_key, aliases in columns.items()
        if any(c.key == col_key and c.date for c in tabs[tab_key].columns)
        for alias in aliases
    ]
