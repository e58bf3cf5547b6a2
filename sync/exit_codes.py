"""Exit codes of `python main.py sync` and `worker --once`: what cron and systemd are told.

A cycle in which some spreadsheets failed still writes the others, so "it ran" is not "it
worked": the code says which of the four outcomes happened. `check` keeps its own two codes
(0 no problem, 1 problems listed); `worker` without --once exits 0 when stopped cleanly.
"""

from __future__ import annotations

EXIT_OK = 0  # every spreadsheet was read and written (or was unchanged)
EXIT_PARTIAL = 1  # the cycle completed, but at least one spreadsheet failed (its previous results stay)
# Nothing completed: every spreadsheet failed, the cycle crashed or was stopped (SIGTERM/Ctrl+C),
# or another worker holds the results store. Also click's code for a wrong command line.
EXIT_NOTHING = 2
EXIT_CONFIG = 3  # the configuration cannot be used (unreadable, invalid, missing key file): nothing was tried


def for_status(status: str | None) -> int:
    """The exit code of a cycle that ended with `status` (None: no cycle ran or it crashed)."""
    # Imported here so that main.py can name EXIT_CONFIG without loading pandas for `--help`.
    from sync.cycle import STATUS_FAILED, STATUS_OK, STATUS_PARTIAL, STATUS_STOPPED

    by_status = {
        STATUS_OK: EXIT_OK,
        STATUS_PARTIAL: EXIT_PARTIAL,
        STATUS_FAILED: EXIT_NOTHING,
        STATUS_STOPPED: EXIT_NOTHING,
    }
    return by_status.get(status or "", EXIT_NOTHING)
