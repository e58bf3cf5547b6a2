"""The one module that reads and writes the account tables of the results store (issue 13):
accounts, sessions, login_failures, known_addresses, activation_codes, signin_links, access_log.

The worker never touches these tables; the site and `python main.py akun` do. The tables are
created on first write (`ensure`), so a site started before the first sync still works; a read
from a store without them finds nothing. Secrets are stored as SHA-256 digests (session ids,
activation codes: high-entropy random strings, so a plain digest suffices) or werkzeug password
hashes; a digest is looked up by equality in SQL (the digest of an unknown secret reveals nothing)
and activation codes are compared with hmac.compare_digest.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

from scoring.periods import CITY_ZONE
from sync.store.schema import ACCOUNT_TABLES, SCHEMA
from sync.store.writer import ResultsStore

# The store the site writes its own tables (accounts, sessions, throttle, codes, access log)
# through; the worker's tables it only reads (sync.store.reader).
SiteStore = ResultsStore
_WRITERS: dict[str, ResultsStore] = {}
_WRITERS_LOCK = threading.Lock()


def _writer(store) -> ResultsStore:
    """The writer of the site's tables for `store` (a StoreReader the pages read through, or a
    ResultsStore): one per store file, so its per-thread connection is reused."""
    if isinstance(store, ResultsStore):
        return store
    key = str(store.path)
    with _WRITERS_LOCK:
        if key not in _WRITERS:
            _WRITERS[key] = ResultsStore(store.path)
        return _WRITERS[key]


ROLE_EMPLOYEE = "pegawai"
ROLE_ADMIN = "admin-opd"
ROLE_BKPSDM = "bkpsdm"
ROLES = (ROLE_EMPLOYEE, ROLE_ADMIN, ROLE_BKPSDM)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Account:
    """One login. `login` is the NIP (or, for BKPSDM, a username), lower-cased."""

    login: str
    nip: str | None
    name: str
    password_hash: str
    role: str
    agency: str = ""
    source: str = "store"  # or "config": a [[hr_users]] user of the config file

    @property
    def username(self) -> str:  # the name today's HR templates and logs use
        return self.login


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchall())


def ensure(conn: sqlite3.Connection) -> None:
    for table in ACCOUNT_TABLES:
        cols = ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA[table][0])
        conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})')
    conn.execute("CREATE INDEX IF NOT EXISTS access_log_target ON access_log(target_nip, at)")
    conn.execute("CREATE INDEX IF NOT EXISTS accounts_nip ON accounts(nip)")


@contextmanager
def writing(store: ResultsStore) -> Iterator[sqlite3.Connection]:
    """A write transaction that holds SQLite's write lock from the start (BEGIN IMMEDIATE), so a
    read-modify-write (a throttle count) is atomic across the site's processes."""
    with _writer(store).connect() as conn:
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        try:
            ensure(conn)
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


_local = threading.local()
MAX_READERS = 8  # read-only connections kept per thread (each holds 3 descriptors under WAL)


@contextmanager
def reading(store: ResultsStore) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection kept per thread and store (opening one and setting its pragmas
    costs about a millisecond, and every personal page asks for the session and the account),
    or None when the store does not exist yet (nothing to find). Autocommit and every statement
    read to the end: no read transaction stays open to hold back the worker's checkpoints."""
    if not store.path.exists():
        yield None
        return
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    # Keyed by the file's identity too: a store deleted and created again (a restore, a test) is
    # reopened, never read through a handle on the old file.
    try:
        info = os.stat(store.path)
    except OSError:
        yield None
        return
    key = (str(store.path), info.st_dev, info.st_ino)
    for stale in [k for k in connections if k[0] == key[0] and k != key]:
        connections.pop(stale).close()
    conn = connections.get(key)
    if conn is None:
        try:
            conn = sqlite3.connect(
                f"file:{store.path}?mode=ro", uri=True, timeout=30, isolation_level=None, check_same_thread=True
            )
        except sqlite3.Error:
            yield None
            return
        connections[key] = conn
        # A few stores per thread at most (a site reads one): the oldest handle goes, so a process
        # that meets many store files (a test run, a tool) never runs out of file descriptors.
        while len(connections) > MAX_READERS:
            connections.pop(next(iter(connections))).close()
    try:
        yield conn
    except sqlite3.DatabaseError:
        connections.pop(key, None)  # a store replaced or broken: reopen next time
        conn.close()
        raise


def now_text() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


# Stored stamps keep the zone they were written in (the server's, often UTC); what people read and
# choose is Kota Solok's clock: these are the site's and the worker's "now" and "today" (WIB).
def city_now() -> datetime:
    """Now in WIB (Asia/Jakarta, UTC+7), whatever zone the server's clock runs on."""
    return datetime.now(CITY_ZONE)


def city_today() -> date:
    """Today's date in Kota Solok: from 00.00 WIB on (17.00 UTC the day before), not the server's."""
    return city_now().date()


def city_moment(stamp: str) -> datetime | None:
    """A stored ISO stamp in WIB (a naive one is taken as WIB already); None when it is no stamp."""
    try:
        moment = datetime.fromisoformat(str(stamp).strip())
    except (TypeError, ValueError):
        return None
    return moment.astimezone(CITY_ZONE) if moment.tzinfo is not None else moment.replace(tzinfo=CITY_ZONE)


# ---- accounts -----------------------------------------------------------------------------------

_ACCOUNT_COLUMNS = "login, nip, name, password_hash, role, agency"


def _account(row) -> Account:
    login, nip, name, password_hash, role, agency = row
    return Account(login, nip or None, name or "", password_hash or "", role or ROLE_EMPLOYEE, agency or "")


def account(store: ResultsStore, login: str) -> Account | None:
    with reading(store) as conn:
        if conn is None or not _exists(conn, "accounts"):
            return None
        rows = conn.execute(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE login = ?", (login.lower(),)).fetchall()
    row = rows[0] if rows else None
    return _account(row) if row else None


def accounts(store: ResultsStore) -> list[Account]:
    with reading(store) as conn:
        if conn is None or not _exists(conn, "accounts"):
            return []
        rows = conn.execute(f"SELECT {_ACCOUNT_COLUMNS} FROM accounts ORDER BY role, agency, login").fetchall()
    return [_account(r) for r in rows]


def any_account(store: ResultsStore) -> bool:
    """Whether the store holds any account (the login page says so when none can log in)."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "accounts"):
            return False
        return bool(conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchall())


def save_account(store: ResultsStore, acc: Account) -> None:
    with writing(store) as conn:
        conn.execute(
            "INSERT INTO accounts (login, nip, name, password_hash, role, agency, created) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(login) DO UPDATE SET nip = excluded.nip, name = excluded.name, "
            "password_hash = excluded.password_hash, role = excluded.role, agency = excluded.agency",
            (acc.login.lower(), acc.nip, acc.name, acc.password_hash, acc.role, acc.agency, now_text()),
        )


def delete_account(store: ResultsStore, login: str) -> bool:
    """Remove the account, its sessions and its activation code; True when it existed."""
    with writing(store) as conn:
        gone = conn.execute("DELETE FROM accounts WHERE login = ?", (login.lower(),)).rowcount
        conn.execute("DELETE FROM sessions WHERE login = ?", (login.lower(),))
        conn.execute("DELETE FROM activation_codes WHERE nip = ?", (login.lower(),))
        conn.execute("DELETE FROM known_addresses WHERE login = ?", (login.lower(),))
        conn.execute("DELETE FROM signin_links WHERE login = ?", (login.lower(),))
    return bool(gone)


def set_password(store: ResultsStore, login: str, password_hash: str) -> None:
    """A new password ends every session of the account (someone may have known the old one)."""
    with writing(store) as conn:
        conn.execute("UPDATE accounts SET password_hash = ? WHERE login = ?", (password_hash, login.lower()))
        conn.execute("DELETE FROM sessions WHERE login = ?", (login.lower(),))


# ---- sessions -----------------------------------------------------------------------------------


def start_session(store: ResultsStore, sid: str, login: str, now: float, lifetime: float) -> None:
    with writing(store) as conn:
        conn.execute("DELETE FROM sessions WHERE started <= ?", (now - lifetime,))
        conn.execute(
            "INSERT INTO sessions (sid_hash, login, started) VALUES (?, ?, ?)", (digest(sid), login.lower(), now)
        )


def session_login(store: ResultsStore, sid: str, now: float, lifetime: float) -> str | None:
    with reading(store) as conn:
        if conn is None or not _exists(conn, "sessions"):
            return None
        rows = conn.execute("SELECT login, started FROM sessions WHERE sid_hash = ?", (digest(sid),)).fetchall()
    row = rows[0] if rows else None
    if row is None:
        return None
    if now - float(row[1]) >= lifetime:
        end_session(store, sid)
        return None
    return str(row[0])


def end_session(store: ResultsStore, sid: str) -> None:
    with writing(store) as conn:
        conn.execute("DELETE FROM sessions WHERE sid_hash = ?", (digest(sid),))


# ---- throttle records ---------------------------------------------------------------------------


def failure_records(
    conn: sqlite3.Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, float, float]]:
    out = {}
    for key in keys:
        row = conn.execute(
            "SELECT failures, last, locked_until FROM login_failures WHERE key_hash = ?", (digest("\n".join(key)),)
        ).fetchone()
        if row is not None:
            out[key] = (int(row[0]), float(row[1]), float(row[2] or 0))
    return out


def save_failure_records(
    conn: sqlite3.Connection,
    records: dict[tuple[str, str], tuple[int, float, float]],
    gone: list[tuple[str, str]],
    forget_before: float,
    now: float,
) -> None:
    for key in gone:
        conn.execute("DELETE FROM login_failures WHERE key_hash = ?", (digest("\n".join(key)),))
    conn.executemany(
        "INSERT OR REPLACE INTO login_failures (key_hash, kind, failures, last, locked_until) VALUES (?, ?, ?, ?, ?)",
        [(digest("\n".join(key)), key[0], f, last, locked) for key, (f, last, locked) in records.items()],
    )
    # Old records go (a lock that ended, failures long forgotten): the table stays small.
    conn.execute(
        "DELETE FROM login_failures WHERE (locked_until = 0 AND last < ?) OR (locked_until > 0 AND locked_until <= ?)",
        (forget_before, now),
    )


def known_address(store: ResultsStore, login: str, address: str) -> bool:
    with reading(store) as conn:
        if conn is None or not _exists(conn, "known_addresses"):
            return False
        return bool(
            conn.execute(
                "SELECT 1 FROM known_addresses WHERE login = ? AND address_hash = ?", (login.lower(), digest(address))
            ).fetchall()
        )


def remember_address(store: ResultsStore, login: str, address: str, now: float, keep: int) -> None:
    with writing(store) as conn:
        conn.execute(
            "DELETE FROM known_addresses WHERE login = ? AND address_hash = ?", (login.lower(), digest(address))
        )
        conn.execute(
            "INSERT INTO known_addresses (login, address_hash, at) VALUES (?, ?, ?)",
            (login.lower(), digest(address), now),
        )
        conn.execute(
            "DELETE FROM known_addresses WHERE login = ? AND rowid NOT IN (SELECT rowid FROM known_addresses "
            "WHERE login = ? ORDER BY at DESC LIMIT ?)",
            (login.lower(), login.lower(), keep),
        )


# ---- activation codes ---------------------------------------------------------------------------


def save_codes(store: ResultsStore, rows: list[tuple[str, str, str, float, float, str]]) -> None:
    """(nip, code, agency, created, expires, issued_by): a new code replaces the NIP's old one."""
    with writing(store) as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO activation_codes (nip, code_hash, agency, created, expires, issued_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(nip, digest(code), agency, c, e, by) for nip, code, agency, c, e, by in rows],
        )


def code_record(store: ResultsStore, nip: str) -> tuple[str, str, float] | None:
    """(code digest, agency, expires) of the NIP's open code."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "activation_codes"):
            return None
        rows = conn.execute("SELECT code_hash, agency, expires FROM activation_codes WHERE nip = ?", (nip,)).fetchall()
    row = rows[0] if rows else None
    return (str(row[0]), str(row[1] or ""), float(row[2])) if row else None


def use_code(store: ResultsStore, nip: str, code_hash: str, acc: Account) -> bool:
    """Spend the code (once: a second use in parallel finds it gone) and save the account."""
    with writing(store) as conn:
        spent = conn.execute("DELETE FROM activation_codes WHERE nip = ? AND code_hash = ?", (nip, code_hash)).rowcount
        if not spent:
            return False
        conn.execute(
            "INSERT INTO accounts (login, nip, name, password_hash, role, agency, created) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(login) DO UPDATE SET password_hash = excluded.password_hash",
            (acc.login, acc.nip, acc.name, acc.password_hash, acc.role, acc.agency, now_text()),
        )
        conn.execute("DELETE FROM sessions WHERE login = ?", (acc.login,))
    return True


# ---- sign-in links -----------------------------------------------------------------------------


def roster_email(store: ResultsStore, nip: str) -> str:
    """The NIP's address from the rosters' optional Email column ("" when none)."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "employees"):
            return ""
        columns = {row[1] for row in conn.execute("PRAGMA table_info(employees)").fetchall()}
        if "email" not in columns:
            return ""
        rows = conn.execute(
            "SELECT email FROM employees WHERE nip = ? AND TRIM(COALESCE(email, '')) != '' "
            "ORDER BY COALESCE(active, 1) DESC LIMIT 1",
            (nip,),
        ).fetchall()
    return str(rows[0][0]).strip() if rows else ""


def save_link(store: ResultsStore, token: str, login: str, now: float, expires: float) -> None:
    """Store a new link (its digest); spent and expired links go at the same time."""
    with writing(store) as conn:
        conn.execute("DELETE FROM signin_links WHERE used = 1 OR expires <= ?", (now,))
        conn.execute(
            "INSERT INTO signin_links (token_hash, login, created, expires, used) VALUES (?, ?, ?, ?, 0)",
            (digest(token), login.lower(), now, expires),
        )


def link_open(store: ResultsStore, token: str, now: float) -> bool:
    """Whether the link is unused and unexpired (the confirm page; nothing is spent)."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "signin_links"):
            return False
        rows = conn.execute(
            "SELECT 1 FROM signin_links WHERE token_hash = ? AND used = 0 AND expires > ?", (digest(token), now)
        ).fetchall()
    return bool(rows)


def use_link(store: ResultsStore, token: str, now: float) -> str | None:
    """Spend the link (once: of two parallel uses only one finds it open); its login, else None."""
    with writing(store) as conn:
        row = conn.execute(
            "SELECT login FROM signin_links WHERE token_hash = ? AND used = 0 AND expires > ?", (digest(token), now)
        ).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE signin_links SET used = 1 WHERE token_hash = ?", (digest(token),))
    return str(row[0])


# ---- the access log -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    at: str
    viewer: str
    viewer_name: str
    role: str
    target_nip: str
    agency: str
    what: str


def log_access(store: ResultsStore, entries: list[Access]) -> None:
    if not entries:
        return
    with writing(store) as conn:
        conn.executemany(
            "INSERT INTO access_log (at, viewer, viewer_name, role, target_nip, agency, what) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(e.at, e.viewer, e.viewer_name, e.role, e.target_nip, e.agency, e.what) for e in entries],
        )


def last_access(store: ResultsStore, nip: str) -> int:
    """The newest access_log rowid of `nip` (0: none): a cached /saya is stale when it grows."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "access_log"):
            return 0
        rows = conn.execute("SELECT MAX(rowid) FROM access_log WHERE target_nip = ?", (nip,)).fetchall()
    return int(rows[0][0] or 0)


def accesses_of(store: ResultsStore, nip: str, limit: int = 200) -> list[Access]:
    """Who looked at this NIP's data, newest first."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "access_log"):
            return []
        rows = conn.execute(
            "SELECT at, viewer, viewer_name, role, target_nip, agency, what FROM access_log "
            "WHERE target_nip = ? ORDER BY at DESC, rowid DESC LIMIT ?",
            (nip, limit),
        ).fetchall()
    return [Access(*r) for r in rows]


def access_export(store: ResultsStore, agency: str | None, start: str, end: str) -> list[Access]:
    """The log of one agency (None: all) with `start` <= at's WIB date <= `end` (YYYY-MM-DD).

    Stamps are stored in the server's zone (often UTC: 22.35 UTC on 4 December is 05.35 WIB on
    5 December), so SQL picks a day either side and the WIB date decides."""
    with reading(store) as conn:
        if conn is None or not _exists(conn, "access_log"):
            return []
        day = timedelta(days=1)
        wide = ((date.fromisoformat(start) - day).isoformat(), (date.fromisoformat(end) + day).isoformat())
        where, params = ["substr(at, 1, 10) BETWEEN ? AND ?"], list(wide)
        if agency:
            where.append("agency = ?")
            params.append(agency)
        rows = conn.execute(
            "SELECT at, viewer, viewer_name, role, target_nip, agency, what FROM access_log WHERE "
            + " AND ".join(where)
            + " ORDER BY at, rowid",
            params,
        ).fetchall()
    found = []
    for row in rows:
        moment = city_moment(row[0])
        if moment is not None and start <= moment.date().isoformat() <= end:
            found.append((moment, Access(*row)))
    found.sort(key=lambda pair: pair[0])  # the moment, not the text: stamps of two zones sort right
    return [access for _, access in found]
