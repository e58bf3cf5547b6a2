"""The project's exceptions. Messages are for the person who must act: they say how to fix it."""


class KinerjaError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(KinerjaError):
    """The config file is missing, unreadable or has wrong keys; raised at start-up."""

    def __init__(self, problems: list[str], path: str = ""):
        self.problems = list(problems)
        self.path = path
        where = f" di {path}" if path else ""
        super().__init__(f"Konfigurasi{where} tidak valid:\n" + "\n".join(f"- {p}" for p in self.problems))


class SpreadsheetUnavailable(KinerjaError):
    """A spreadsheet cannot be read or written this cycle (missing, unreadable, no access, API down)."""


class StoreError(KinerjaError):
    """The results store cannot be opened or written."""


class SyncStopped(KinerjaError):
    """The worker was asked to stop (SIGINT/SIGTERM); raised between requests, nothing half-written."""
