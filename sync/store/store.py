"""The SQLite results store: what the sync worker writes and the site and reports read.

The schema is declared once as data. The worker is the only writer; it replaces one agency's
rows (or the city's) in one transaction, so an agency whose spreadsheet failed this cycle keeps
its previous results untouched.

The store holds personal data (names, NIP, scores): the file and its -wal/-shm files are
owner-only (0600) whatever the umask, so the worker and the site must run as the same user.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from config.errors import StoreError

# The supervisor's eight ratings as stored on each result row (rating_service … rating_initiative).
RATING_KEYS = ("service", "accountable", "competent", "harmonious", "loyal", "adaptive", "collaborative",
               "initiative")

SCORE_COLUMNS = (
    "indicators", "indicators_low", "nhk_own", "ikm", "ikm_responses", "c_ikm", "nhk",
    "b", "i", "d", "npk", "absent", "late", "early_leave", "na",
)

# name -> (columns with SQLite types, scope column used for replacement or None)
SCHEMA: dict[str, tuple[tuple[tuple[str, str], ...], str | None]] = {
    "agencies": ((("code", "TEXT"), ("name", "TEXT"), ("spreadsheet", "TEXT"), ("position", "INTEGER")), None),
    # HR only (personal data): never read by public pages.
    "employees": (
        (("agency", "TEXT"), ("nip", "TEXT"), ("name", "TEXT"), ("position", "TEXT"), ("unit", "TEXT"),
         ("unit_id", "TEXT"), ("supervisor_nip", "TEXT"), ("public_service", "INTEGER"), ("active", "INTEGER")),
        "agency",
    ),
    "results": (
        (("agency", "TEXT"), ("period", "TEXT"), ("nip", "TEXT"), ("name", "TEXT"), ("position", "TEXT"),
         ("unit", "TEXT"), ("public_service", "INTEGER"),
         ("indicators", "INTEGER"), ("indicators_low", "INTEGER"), ("nhk_own", "REAL"), ("ikm", "REAL"),
         ("ikm_responses", "INTEGER"), ("ikm_source", "TEXT"), ("ikm_used", "INTEGER"), ("c_ikm", "REAL"),
         ("nhk", "REAL"), ("rating_hk", "TEXT"), ("b", "REAL"), ("i", "REAL"), ("d", "REAL"), ("npk", "REAL"),
         ("has_rating", "INTEGER"), ("has_attendance", "INTEGER"), ("absent", "INTEGER"), ("late", "INTEGER"),
         ("early_leave", "INTEGER"), ("gate", "INTEGER"), ("rating_pk", "TEXT"), ("predikat", "TEXT"),
         ("na", "REAL"), ("feedback", "TEXT"), ("rater_nip", "TEXT"), ("missing", "TEXT"),
         ("ikm_note", "TEXT"), ("gate_note", "TEXT"), ("catatan", "TEXT"), ("na_change", "REAL"),
         ("na_ma3", "REAL"), ("attention", "INTEGER"), ("attention_reason", "TEXT"),
         *((f"rating_{key}", "REAL") for key in RATING_KEYS),
         ("rules_id", "TEXT"), ("rules_name", "TEXT")),
        "agency",
    ),
    # Quarter ('YYYY-Qn') and year ('YYYY') results per employee (HR only): means of the monthly
    # NHK and NPK that exist, ratings and predikat from those means, and how many months each rests on.
    "results_periodic": (
        (("agency", "TEXT"), ("period", "TEXT"), ("kind", "TEXT"), ("nip", "TEXT"), ("name", "TEXT"),
         ("position", "TEXT"), ("unit", "TEXT"), ("months", "INTEGER"), ("months_nhk", "INTEGER"),
         ("months_npk", "INTEGER"), ("nhk", "REAL"), ("rating_hk", "TEXT"), ("npk", "REAL"),
         ("rating_pk", "TEXT"), ("gate", "INTEGER"), ("predikat", "TEXT"), ("na", "REAL"),
         ("rules_id", "TEXT"), ("rules_name", "TEXT")),
        "agency",
    ),
    "indicators": (
        (("agency", "TEXT"), ("period", "TEXT"), ("nip", "TEXT"), ("row", "INTEGER"), ("plan", "TEXT"),
         ("indicator", "TEXT"), ("target", "REAL"), ("actual", "REAL"), ("measure", "TEXT"),
         ("direction", "TEXT"), ("weight", "REAL"), ("capaian", "REAL"), ("capaian_capped", "REAL")),
        "agency",
    ),
    # Public-safe aggregates per agency x period (no personal data).
    "agency_summary": (
        (("agency", "TEXT"), ("period", "TEXT"), ("headcount", "INTEGER"), ("reported", "INTEGER"),
         ("rated", "INTEGER"), ("attended", "INTEGER"), ("scored", "INTEGER"), ("avg_nhk", "REAL"),
         ("avg_npk", "REAL"), ("avg_na", "REAL"), ("n_sangat_baik", "INTEGER"), ("n_baik", "INTEGER"),
         ("n_butuh_perbaikan", "INTEGER"), ("n_kurang", "INTEGER"), ("n_sangat_kurang", "INTEGER"),
         ("complete", "INTEGER"), ("complete_share", "REAL"), ("na_change", "REAL"), ("na_ma3", "REAL"),
         ("attention", "INTEGER"), ("attention_reason", "TEXT"), ("rules_id", "TEXT"), ("rules_name", "TEXT")),
        "agency",
    ),
    # The same per agency x quarter / year (public-safe aggregates), from results_periodic.
    "agency_periodic": (
        (("agency", "TEXT"), ("period", "TEXT"), ("kind", "TEXT"), ("months", "INTEGER"),
         ("headcount", "INTEGER"), ("scored", "INTEGER"), ("avg_nhk", "REAL"), ("avg_npk", "REAL"),
         ("avg_na", "REAL"), ("n_sangat_baik", "INTEGER"), ("n_baik", "INTEGER"),
         ("n_butuh_perbaikan", "INTEGER"), ("n_kurang", "INTEGER"), ("n_sangat_kurang", "INTEGER"),
         ("rules_id", "TEXT"), ("rules_name", "TEXT")),
        "agency",
    ),
    # SE MenPANRB 3/2023 distribution check per agency x year: warnings only, never a changed predikat.
    "distribution_checks": (
        (("agency", "TEXT"), ("year", "TEXT"), ("org_rating", "TEXT"), ("org_rating_source", "TEXT"),
         ("employees", "INTEGER"), ("n_sangat_baik", "INTEGER"), ("n_baik", "INTEGER"),
         ("n_butuh_perbaikan", "INTEGER"), ("n_kurang", "INTEGER"), ("n_sangat_kurang", "INTEGER"),
         ("rule", "TEXT"), ("ok", "INTEGER"), ("message", "TEXT"), ("rules_id", "TEXT")),
        "agency",
    ),
    # Validasi rows of every spreadsheet (HR only: values may hold personal data).
    "issues": (
        (("scope", "TEXT"), ("tab", "TEXT"), ("row", "INTEGER"), ("column", "TEXT"), ("value", "TEXT"),
         ("problem", "TEXT"), ("fix", "TEXT"), ("severity", "TEXT")),
        "scope",
    ),
    # City level: IKM per service unit and per agency, complaints (counts only).
    "ikm": (
        (("unit_id", "TEXT"), ("agency", "TEXT"), ("level", "TEXT"), ("unit_name", "TEXT"), ("period", "TEXT"),
         ("respondents", "INTEGER"), *((f"nrr_u{j}", "REAL") for j in range(1, 10)), ("ikm", "REAL"),
         ("mutu", "TEXT"), ("mutu_label", "TEXT"), ("sufficient", "INTEGER")),
        None,
    ),
    # IKM per service unit / agency x quarter / year, pooled over the period's responses, with the
    # quarter-on-quarter change and the "fell 5 points or more" flag (docs/scoring.md §5).
    "ikm_periodic": (
        (("unit_id", "TEXT"), ("agency", "TEXT"), ("level", "TEXT"), ("unit_name", "TEXT"), ("period", "TEXT"),
         ("kind", "TEXT"), ("months", "INTEGER"), ("respondents", "INTEGER"),
         *((f"nrr_u{j}", "REAL") for j in range(1, 10)), ("ikm", "REAL"), ("mutu", "TEXT"),
         ("mutu_label", "TEXT"), ("sufficient", "INTEGER"), ("prev_ikm", "REAL"), ("ikm_change", "REAL"),
         ("flagged", "INTEGER"), ("flag_reason", "TEXT")),
        None,
    ),
    "complaints": (
        (("unit_id", "TEXT"), ("agency", "TEXT"), ("period", "TEXT"), ("received", "INTEGER"),
         ("resolved", "INTEGER"), ("resolved_in_limit", "INTEGER"), ("median_days", "REAL")),
        None,
    ),
    "complaint_categories": (
        (("unit_id", "TEXT"), ("agency", "TEXT"), ("period", "TEXT"), ("category", "TEXT"), ("count", "INTEGER")),
        None,
    ),
    "runs": (
        (("id", "INTEGER PRIMARY KEY"), ("started", "TEXT"), ("finished", "TEXT"), ("status", "TEXT"),
         ("rules_id", "TEXT"), ("summary", "TEXT")),
        None,
    ),
    "run_sheets": (
        (("run_id", "INTEGER"), ("spreadsheet", "TEXT"), ("scope", "TEXT"), ("status", "TEXT"),
         ("rows_read", "INTEGER"), ("rows_used", "INTEGER"), ("rows_rejected", "INTEGER"),
         ("rows_superseded", "INTEGER"), ("written", "INTEGER"), ("seconds", "REAL"), ("error", "TEXT")),
        None,
    ),
    "meta": ((("key", "TEXT PRIMARY KEY"), ("value", "TEXT")), None),
    # ---- accounts (issue 13) — written by the site, never by the worker; one block, to move as a
    # whole into schema.py. Secrets are never stored in the clear: passwords as werkzeug hashes,
    # session ids, activation codes and throttle keys (name/address) as SHA-256 hex digests.
    "accounts": (
        (("login", "TEXT PRIMARY KEY"), ("nip", "TEXT"), ("name", "TEXT"), ("password_hash", "TEXT"),
         ("role", "TEXT"), ("agency", "TEXT"), ("created", "TEXT")),
        None,
    ),
    "sessions": ((("sid_hash", "TEXT PRIMARY KEY"), ("login", "TEXT"), ("started", "REAL")), None),
    "login_failures": (
        (("key_hash", "TEXT PRIMARY KEY"), ("kind", "TEXT"), ("failures", "INTEGER"), ("last", "REAL"),
         ("locked_until", "REAL")),
        None,
    ),
    "known_addresses": ((("login", "TEXT"), ("address_hash", "TEXT"), ("at", "REAL")), None),
    "activation_codes": (
        (("nip", "TEXT PRIMARY KEY"), ("code_hash", "TEXT"), ("agency", "TEXT"), ("created", "REAL"),
         ("expires", "REAL"), ("issued_by", "TEXT")),
        None,
    ),
    "access_log": (
        (("at", "TEXT"), ("viewer", "TEXT"), ("viewer_name", "TEXT"), ("role", "TEXT"), ("target_nip", "TEXT"),
         ("agency", "TEXT"), ("what", "TEXT")),
        None,
    ),
    # ---- end of the accounts block
}
# The site's own tables: the worker never replaces them (and no public page reads them).
ACCOUNT_TABLES = ("accounts", "sessions", "login_failures", "known_addresses", "activation_codes", "access_log")

logger = logging.getLogger(__name__)

RUN_RUNNING = "berjalan"        # status of a run under way
RUN_INTERRUPTED = "terputus"    # a run whose process was killed (or crashed) before it could record an end
PRIVATE_MODE = 0o600
CITY_TABLES = ("ikm", "ikm_periodic", "complaints", "complaint_categories")


def sql_values(values: pd.Series) -> tuple[list, int]:
    """A column as Python values SQLite accepts, and how many of its cells were infinite.

    NaN/NA/NaT become NULL and numpy scalars Python ones. Infinities become NULL too: SQLite would
    keep them, and every reader downstream (pages, open data, reports) would then publish "inf" or
    invalid JSON; the count lets the caller say where. Vectorised where the dtype allows: this runs
    over every stored cell of every cycle.
    """
    plain = isinstance(values.dtype, np.dtype)  # not a nullable extension dtype (pd.NA inside)
    if plain and values.dtype.kind == "f":
        numbers = values.to_numpy()
        finite = np.isfinite(numbers)
        if finite.all():
            return numbers.tolist(), 0
        infinite = int(np.isinf(numbers).sum())
        cells = numbers.astype(object)
        cells[~finite] = None
        return cells.tolist(), infinite
    if plain and values.dtype.kind in "biu":
        return values.tolist(), 0
    cells = values.to_numpy(dtype=object, copy=True)
    cells[pd.isna(cells)] = None
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        return cells.tolist(), 0  # text columns, the common case (np.str_ is a str): no pass in Python
    out = [v.item() if isinstance(v, np.generic) else v for v in cells.tolist()]
    if not any(v.__class__ is float for v in out):
        return out, 0
    infinite = sum(1 for v in out if v.__class__ is float and math.isinf(v))
    return [None if v.__class__ is float and math.isinf(v) else v for v in out], infinite


class ResultsStore:
    """Read and write the results store at `path` (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._keep_private()
            conn = sqlite3.connect(self.path, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"Basis data hasil {self.path} tidak dapat dibuka ({exc}). "
                "Periksa [store] path di konfigurasi dan izin tulis foldernya."
            ) from exc
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL never corrupts the file; a power cut may lose the last commit, which the
            # next sync cycle writes again. FULL would fsync 40+ times per cycle.
            conn.execute("PRAGMA synchronous=NORMAL")
            yield conn
            conn.commit()
        except Exception:
            conn.rollback()
            raise
        finally:
            conn.close()

    def _keep_private(self) -> None:
        """Create the store owner-only, or tighten one an older version (or a copy) left readable.

        sqlite3 would create the file 0644 under the usual umask; SQLite gives the -wal and -shm
        files the mode of the database file, so a store created 0600 keeps them 0600 too.
        """
        try:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
        except FileExistsError:
            for path in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                try:
                    info = path.stat()
                    if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
                        path.chmod(PRIVATE_MODE)
                except FileNotFoundError:
                    pass
                except PermissionError:  # another user's store: opening it says what is wrong
                    pass

    def ensure_schema(self) -> None:
        with self.connect() as conn:
            for table, (columns, _scope) in SCHEMA.items():
                cols = ", ".join(f'"{name}" {kind}' for name, kind in columns)
                conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})')
                # A store written by an older version gains the new columns (empty until the next
                # sync) instead of failing on insert.
                have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
                for name, kind in columns:
                    if name not in have and "PRIMARY KEY" not in kind:
                        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
            for table, (_columns, scope) in SCHEMA.items():
                if scope:  # replace_scope deletes by it: without an index every agency scans the table
                    conn.execute(f'CREATE INDEX IF NOT EXISTS "{table}_{scope}" ON "{table}"("{scope}")')
            conn.execute('CREATE INDEX IF NOT EXISTS results_period ON results(period, agency)')
            conn.execute('CREATE INDEX IF NOT EXISTS results_nip ON results(nip)')

    # ---- writing (the worker) -------------------------------------------------------------

    @staticmethod
    def _insert(conn: sqlite3.Connection, table: str, frame: pd.DataFrame) -> None:
        columns = [name for name, kind in SCHEMA[table][0] if "PRIMARY KEY" not in kind]
        present = [c for c in columns if c in frame.columns]
        if frame.empty:
            return
        columns_values = []
        for c in present:
            values, infinite = sql_values(frame[c])
            if infinite:
                # An infinity is a bug upstream (validation lets no absurd number through): store
                # NULL, and say where, so it can be traced; the pages then show it as missing.
                logger.warning("%s.%s: %d nilai tak hingga disimpan kosong (NULL)", table, c, infinite)
            columns_values.append(values)
        rows = list(zip(*columns_values))
        names = ", ".join(f'"{c}"' for c in present)
        marks = ", ".join("?" for _ in present)
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)

    def replace_scope(self, scope: str, tables: dict[str, pd.DataFrame]) -> None:
        """Replace one agency's (or the city's) rows in the given tables, in one transaction."""
        with self.connect() as conn:
            for table, frame in tables.items():
                scope_col = SCHEMA[table][1]
                if scope_col:
                    conn.execute(f'DELETE FROM "{table}" WHERE "{scope_col}" = ?', (scope,))
                else:
                    conn.execute(f'DELETE FROM "{table}"')
                self._insert(conn, table, frame)

    def set_agencies(self, agencies: pd.DataFrame) -> None:
        self.replace_scope("", {"agencies": agencies})

    def start_run(self, started: str, rules_id: str) -> int:
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started, status, rules_id) VALUES (?, ?, ?)", (started, RUN_RUNNING, rules_id)
            )
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, finished: str, status: str, sheets: pd.DataFrame, summary: dict,
                   last_sync: bool = True) -> None:
        with self.connect() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
                (finished, status, json.dumps(summary, ensure_ascii=False), run_id),
            )
            self._insert(conn, "run_sheets", sheets.assign(run_id=run_id))
            if not last_sync:  # a stopped cycle: the site keeps showing the last complete one
                return
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_sync', ?)", (finished,)
            )

    def interrupt_runs(self, line: str = "") -> list[int]:
        """Mark every run still 'berjalan' as 'terputus'; returns their ids.

        Only the holder of the worker lock may call this: then no run can really be under way,
        so one still 'berjalan' belongs to a process that was killed before it could finish it.
        """
        if not self.path.exists():
            return []
        summary = json.dumps({"line": line or "Sinkronisasi terputus: prosesnya dimatikan atau mogok "
                                              "sebelum selesai; hasil sebelumnya tetap dipakai."},
                             ensure_ascii=False)
        with self.connect() as conn:
            try:
                ids = [int(i) for (i,) in conn.execute("SELECT id FROM runs WHERE status = ?", (RUN_RUNNING,))]
            except sqlite3.OperationalError:  # no runs table yet
                return []
            conn.executemany("UPDATE runs SET status = ?, summary = ? WHERE id = ?",
                             [(RUN_INTERRUPTED, summary, i) for i in ids])
        return ids

    def set_meta(self, key: str, value: str) -> None:
        with self.connect() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ---- reading (site, reports, worker fallbacks) -----------------------------------------

    def read(self, table: str, where: str = "", params: tuple = ()) -> pd.DataFrame:
        """Read a whole table (optionally filtered by a SQL condition with ? parameters)."""
        if table not in SCHEMA:
            raise StoreError(f"Tabel '{table}' tidak dikenal di basis data hasil.")
        if not self.path.exists():
            return pd.DataFrame(columns=[c for c, _ in SCHEMA[table][0]])
        with self.connect() as conn:
            sql = f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else "")
            try:
                frame = pd.read_sql_query(sql, conn, params=params)
            except (sqlite3.OperationalError, pd.errors.DatabaseError):
                return pd.DataFrame(columns=[c for c, _ in SCHEMA[table][0]])
        return _without_infinity(frame)

    def meta(self, key: str) -> str | None:
        if not self.path.exists():
            return None
        with self.connect() as conn:
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError:
                return None
        return row[0] if row else None


def _without_infinity(frame: pd.DataFrame) -> pd.DataFrame:
    """Infinities as missing values: a store written before the write guard may still hold them."""
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    if floats:
        values = frame[floats].to_numpy()
        if np.isinf(values).any():
            frame = frame.copy()
            frame[floats] = frame[floats].replace([np.inf, -np.inf], np.nan)
    return frame
