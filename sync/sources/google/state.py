"""What the Google backend last wrote to each spreadsheet, kept in a small JSON file.

Per spreadsheet: the digest of the last confirmed write (equal content -> no request at all) and,
per owned tab, the extent (rows x columns) that may hold our content and the format signature
applied. Kept on disk so a restarted worker or a one-shot `sync` also skips unchanged
spreadsheets, and blanks exactly what an earlier run wrote.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from config.contract import normalize_header


@dataclass
class WriteState:
    path: Path | None
    sheets: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None) -> "WriteState":
        state = cls(Path(path) if path else None)
        if state.path is not None:
            try:
                data = json.loads(state.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and isinstance(data.get("spreadsheets"), dict):
                    state.sheets = data["spreadsheets"]
            except (OSError, ValueError):
                pass  # no or damaged state: the next write of each spreadsheet simply happens
        return state

    def digest(self, key: str) -> str | None:
        return self.sheets.get(key, {}).get("digest")

    def tab(self, key: str, name: str) -> dict | None:
        """{'rows', 'columns', 'format'?} of an owned tab (matched case-insensitively), or None."""
        return self.sheets.get(key, {}).get("tabs", {}).get(normalize_header(name))

    def set_tab(self, key: str, name: str, rows: int, columns: int, fmt: str | None = None) -> None:
        tabs = self.sheets.setdefault(key, {}).setdefault("tabs", {})
        entry = tabs.setdefault(normalize_header(name), {})
        entry.update(rows=rows, columns=columns)
        if fmt is not None:
            entry["format"] = fmt

    def set_digest(self, key: str, digest: str | None) -> None:
        self.sheets.setdefault(key, {})["digest"] = digest

    def save(self) -> None:
        """Write the JSON atomically (temporary file + rename)."""
        if self.path is None:
            return
        tmp: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            tmp = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": 1, "spreadsheets": self.sheets}, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            # Losing the state costs one unneeded write per spreadsheet after a restart, nothing more.
            if tmp is not None:
                tmp.unlink(missing_ok=True)
