"""The one login (/masuk) for every role: accounts, a throttle on failed logins, sessions.

- Logins: the config's [[hr_users]] (BKPSDM, by username; `hr-user` keeps managing them, and a
  running site needs a restart to see a change, as before) and the store's `accounts` (by NIP, or
  a BKPSDM username; `akun` manages them, effective at once). Roles and scope: web/scope.py.
- Passwords are checked with werkzeug's `check_password_hash`. An unknown login (or an account
  that has no password yet) is checked against a dummy hash of the same method, so "no such user"
  takes as long as "wrong password".
- Failed logins are counted per (login, client IP), per client IP and per login (`Throttle`,
  `POLICIES`). One account from one address: from the 2nd failure on the next attempt waits 2, 4,
  8 s, and after 5 failures that pair is locked for 15 minutes. One address trying many names is
  slowed from 10 failures and locked after 20. One account from all addresses together is only
  slowed (from 10 failures, at most 30 s) and never locked, so wrong passwords from elsewhere
  cannot shut the owner out (issue 9); an address the user last logged in from is spared even
  that. Nothing sleeps in a request thread: an attempt that comes too early is refused at once
  (429, Retry-After). The site keeps the counts in the store (`StoreThrottle`, keys as SHA-256
  digests), so they survive a restart and hold across several site processes.
- The session cookie (Flask's signed cookie, path /) holds a random session id that must be in
  the store's `sessions` (`StoreSessions`, the id stored as a digest), which end after `[web]
  session_hours` or at logout, whatever the cookie says, in every process at once. A login clears
  the session first, so the id and the CSRF token are new.
- The cookie is HttpOnly and SameSite=Lax, and Secure when `[web] secure_cookies` is true or the
  request came over HTTPS (behind `[web] trusted_proxies` reverse proxies: per X-Forwarded-Proto).
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from sync.store import accounts as account_store
from sync.store.accounts import Account
from web import csrf
from web.scope import Viewer

Clock = Callable[[], float]

MAX_FAILURES = 5  # failed logins for one account from one address before that pair is locked
LOCK_SECONDS = 15 * 60
SLOW_FROM = 2  # from this many failures on, the next attempt waits 2, 4, 8 ... seconds
ADDRESS_SLOW_FROM = 10  # one address trying many names: slowed from here ...
ADDRESS_MAX_FAILURES = 20  # ... and locked (for every name, from that address only) here
ADDRESS_MAX_WAIT = 60
ACCOUNT_SLOW_FROM = 10  # failures for one name from all addresses together: slowed from here ...
ACCOUNT_MAX_WAIT = 30  # ... by at most this; never locked, so no one can shut the owner out
FORGET_SECONDS = 15 * 60  # failures older than this (with no lock) are forgotten
MAX_KEYS = 10_000  # throttle records kept; old ones are dropped first
MAX_KNOWN_ADDRESSES = 20  # per user: the addresses of their latest logins
MAX_INPUT = 1024  # longer usernames/passwords are refused without hashing
DEFAULT_METHOD = "scrypt"

BAD_LOGIN = "Nama pengguna atau kata sandi salah."
EMPTY_LOGIN = "Isi nama pengguna dan kata sandi."
EXPIRED = "Sesi Anda sudah berakhir. Silakan masuk lagi."
LOGGED_OUT = "Anda sudah keluar."


@dataclass(frozen=True)
class Policy:
    """How failures under one kind of key slow down and lock the next attempt."""

    slow_from: int  # from this many failures on, wait 2, 4, 8 ... s after the last one
    max_wait: float  # the longest such wait
    lock_after: int | None  # failures that lock the key for LOCK_SECONDS; None: never locked


# Keys: ("pair", "name\naddress"), ("ip", address), ("user", name).
POLICIES = {
    "pair": Policy(SLOW_FROM, 2 ** (MAX_FAILURES - SLOW_FROM), MAX_FAILURES),
    "ip": Policy(ADDRESS_SLOW_FROM, ADDRESS_MAX_WAIT, ADDRESS_MAX_FAILURES),
    "user": Policy(ACCOUNT_SLOW_FROM, ACCOUNT_MAX_WAIT, None),
}


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused now: a lock (minutes), a slowdown of this account from this
    address, or a slowdown of the account from everywhere (seconds)."""

    seconds: float
    locked: bool
    account: bool = False

    @property
    def message(self) -> str:
        if self.locked:
            minutes = max(1, math.ceil(self.seconds / 60))
            return (
                "Terlalu banyak percobaan masuk yang gagal dari alamat ini. Demi keamanan, coba lagi "
                f"dalam {minutes} menit."
            )
        seconds = max(1, math.ceil(self.seconds))
        if self.account:
            return (
                "Nama pengguna ini baru saja menerima banyak percobaan masuk yang gagal. Demi keamanan, "
                f"tunggu {seconds} detik, lalu coba lagi."
            )
        return f"Percobaan terlalu cepat setelah kata sandi salah. Tunggu {seconds} detik, lalu coba lagi."


class Throttle:
    """Failed-login counts per key, thread-safe, by the POLICIES of each key's kind. `attempt`
    counts an attempt as failed up front (so parallel guesses are counted too); `succeeded`
    takes it back: the pair and address records go, the account's count drops by one."""

    def __init__(self, clock: Clock, policies: dict[str, Policy] | None = None, lock_seconds: float = LOCK_SECONDS):
        self.clock = clock
        self.policies = policies or POLICIES
        self.lock_seconds = lock_seconds
        self._records: dict[tuple[str, str], _Record] = {}
        self._lock = threading.Lock()

    def _current(self, key: tuple[str, str], now: float) -> _Record | None:
        record = self._records.get(key)
        if record is None:
            return None
        lock_over = bool(record.locked_until) and now >= record.locked_until
        forgotten = not record.locked_until and now - record.last > FORGET_SECONDS
        if lock_over or forgotten:
            del self._records[key]
            return None
        return record

    def _wait(self, key: tuple[str, str], record: _Record, now: float) -> Refusal | None:
        if record.locked_until > now:
            return Refusal(record.locked_until - now, True)
        policy = self.policies[key[0]]
        if record.failures >= policy.slow_from:
            wait = min(2 ** (record.failures - policy.slow_from + 1), policy.max_wait)
            if record.last + wait > now:
                return Refusal(record.last + wait - now, False, account=policy.lock_after is None)
        return None

    def attempt(self, keys: list[tuple[str, str]]) -> Refusal | None:
        """A refusal when any key must wait; otherwise the attempt is counted and None returned."""
        with self._lock:
            now = self.clock()
            records = [(key, self._current(key, now)) for key in keys]
            refusals = [r for key, rec in records if rec is not None and (r := self._wait(key, rec, now))]
            if refusals:
                return max(refusals, key=lambda r: (r.locked, r.seconds))
            for key, record in records:
                record = record or self._records.setdefault(key, _Record())
                record.failures += 1
                record.last = now
                lock_after = self.policies[key[0]].lock_after
                if lock_after is not None and record.failures >= lock_after:
                    record.locked_until = now + self.lock_seconds
            self._prune(now)
            return None

    def succeeded(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            for key in keys:
                record = self._records.get(key)
                if record is None:
                    continue
                if self.policies[key[0]].lock_after is None and record.failures > 1:
                    record.failures -= 1  # other addresses' failures still count for the account
                else:
                    del self._records[key]

    def _prune(self, now: float) -> None:
        if len(self._records) <= MAX_KEYS:
            return
        for key in list(self._records):
            self._current(key, now)
        while len(self._records) > MAX_KEYS:  # still too many: drop the oldest
            del self._records[min(self._records, key=lambda k: self._records[k].last)]


def login_keys(username: str, address: str, known: bool) -> list[tuple[str, str]]:
    """The throttle keys of a login attempt. An address the user last logged in from (`known`)
    is spared the account-wide slowdown, so attackers elsewhere cannot keep the owner waiting."""
    name = username.lower()[:MAX_INPUT]
    keys = [("pair", f"{name}\n{address}"), ("ip", address)]
    return keys if known else [*keys, ("user", name)]


class Sessions:
    """Live sessions of this process: id -> (username, started). Thread-safe. (The site uses
    StoreSessions; this in-memory twin keeps the policy testable on its own.)"""

    def __init__(self, clock: Clock, lifetime_seconds: float):
        self.clock = clock
        self.lifetime = lifetime_seconds
        self._live: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def start(self, username: str) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now = self.clock()
            self._live = {k: v for k, v in self._live.items() if now - v[1] < self.lifetime}
            self._live[sid] = (username, now)
        return sid

    def user(self, sid: object) -> str | None:
        """The username of a live session, None when unknown or expired (an expired one ends)."""
        if not isinstance(sid, str):
            return None
        with self._lock:
            entry = self._live.get(sid)
            if entry is None:
                return None
            if self.clock() - entry[1] >= self.lifetime:
                del self._live[sid]
                return None
            return entry[0]

    def end(self, sid: object) -> None:
        if isinstance(sid, str):
            with self._lock:
                self._live.pop(sid, None)


class StoreSessions(Sessions):
    """Sessions kept in the results store (table `sessions`, the id stored as a SHA-256 digest):
    they survive a restart of the site and are shared by all its processes. Same lifetime rule."""

    def __init__(self, store, clock: Clock, lifetime_seconds: float):
        super().__init__(clock, lifetime_seconds)
        self.store = store

    def start(self, username: str) -> str:
        sid = secrets.token_urlsafe(32)
        account_store.start_session(self.store, sid, username, self.clock(), self.lifetime)
        return sid

    def user(self, sid: object) -> str | None:
        if not isinstance(sid, str) or not sid or len(sid) > 200:
            return None
        return account_store.session_login(self.store, sid, self.clock(), self.lifetime)

    def end(self, sid: object) -> None:
        if isinstance(sid, str) and sid:
            account_store.end_session(self.store, sid)


class StoreThrottle(Throttle):
    """The Throttle's policies over records kept in the store (table `login_failures`, keys as
    SHA-256 digests: names and addresses are personal data). Each attempt is one BEGIN IMMEDIATE
    transaction, so parallel guesses through several site processes are all counted."""

    def __init__(
        self, store, clock: Clock, policies: dict[str, Policy] | None = None, lock_seconds: float = LOCK_SECONDS
    ):
        super().__init__(clock, policies, lock_seconds)
        self.store = store
        self._outer = threading.Lock()

    def _through_store(self, keys: list[tuple[str, str]], step):
        with self._outer, account_store.writing(self.store) as conn:
            self._records = {k: _Record(*v) for k, v in account_store.failure_records(conn, keys).items()}
            result = step(keys)
            now = self.clock()
            gone = [k for k in keys if k not in self._records]
            account_store.save_failure_records(
                conn,
                {k: (r.failures, r.last, r.locked_until) for k, r in self._records.items()},
                gone,
                now - FORGET_SECONDS,
                now,
            )
            self._records = {}
            return result

    def attempt(self, keys: list[tuple[str, str]]) -> Refusal | None:
        return self._through_store(keys, lambda k: Throttle.attempt(self, k))

    def succeeded(self, keys: list[tuple[str, str]]) -> None:
        self._through_store(keys, lambda k: Throttle.succeeded(self, k))


def config_account(user) -> Account:
    """A [[hr_users]] user of the config file as a BKPSDM login (kept there: `hr-user` still works)."""
    return Account(
        user.username.lower(), None, user.name, user.password_hash, account_store.ROLE_BKPSDM, source="config"
    )


class Auth:
    """Accounts, throttle and sessions of one app (app.extensions['kinerja.auth']): the config's
    HR users (BKPSDM, by username) and the store's accounts (by NIP or username)."""

    def __init__(self, users, clock: Clock, session_seconds: float, store=None):
        self.store = store
        self.users = {u.username.lower(): config_account(u) for u in users}
        self.clock = clock
        self.throttle = StoreThrottle(store, clock) if store is not None else Throttle(clock)
        self.sessions = (
            StoreSessions(store, clock, session_seconds) if store is not None else Sessions(clock, session_seconds)
        )
        first = next(iter(self.users.values()), None)
        # The dummy costs what a real check costs: same method and parameters as a real hash.
        self.dummy_method = first.password_hash.split("$", 1)[0] if first else DEFAULT_METHOD
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()

    def find(self, login: str) -> Account | None:
        name = login.strip().lower()
        if not name or len(name) > MAX_INPUT:
            return None
        found = self.users.get(name)
        if found is None and self.store is not None:
            found = account_store.account(self.store, name)
        return found

    @property
    def has_accounts(self) -> bool:
        return bool(self.users) or (self.store is not None and account_store.any_account(self.store))

    def known_address(self, username: str, address: str) -> bool:
        return self.store is not None and account_store.known_address(self.store, username, address)

    def remember_address(self, username: str, address: str) -> None:
        if self.store is not None:
            account_store.remember_address(self.store, username, address, self.clock(), MAX_KNOWN_ADDRESSES)

    @property
    def dummy_hash(self) -> str:
        if self._dummy is None:  # made on first use: a scrypt hash costs ~0.1 s at start-up
            with self._dummy_lock:
                if self._dummy is None:
                    self._dummy = generate_password_hash(secrets.token_hex(16), method=self.dummy_method)
        return self._dummy

    def verify(self, username: str, password: str) -> Account | None:
        """The account when the password is right, else None; one hash check either way (an
        account that has no password yet, waiting for activation, costs the dummy's check)."""
        user = self.find(username)
        hashed = user.password_hash if user is not None and user.password_hash else self.dummy_hash
        ok = check_password_hash(hashed, password)
        return user if ok and user is not None and user.password_hash else None


def current_auth() -> Auth:
    return current_app.extensions["kinerja.auth"]


def current_user() -> Account | None:
    """The logged-in account of this request, or None."""
    if "hr_user" not in g:
        auth = current_auth()
        sid = session.get("sid")
        name = auth.sessions.user(sid) if sid else None
        g.hr_user = auth.find(name) if name and session.get("user") == name else None
    return g.hr_user


def viewer_of(account: Account) -> Viewer:
    admin = frozenset({account.agency}) if account.role == account_store.ROLE_ADMIN and account.agency else frozenset()
    return Viewer(account.login, account.nip, admin, account.role == account_store.ROLE_BKPSDM, account.name)


def current_viewer() -> Viewer | None:
    user = current_user()
    return viewer_of(user) if user is not None else None


PRIVATE_ROOTS = ("/hr", "/saya", "/tim", "/pegawai", "/keberatan")


def home_of(user: Account | None) -> str:
    """Where a login lands: a person's own page; a BKPSDM username the HR area."""
    if user is not None and user.nip is None:
        return url_for("hr.index")
    return url_for("me.mine")


def safe_next(target: str | None, home: str | None = None) -> str:
    """`target` when it is a path inside the private areas of this site (/saya, /tim,
    /pegawai, /hr), else `home` (no open redirect)."""
    home = url_for("hr.index") if home is None else home
    if not target or len(target) > 2000 or any(ord(c) < 32 or c == "\\" for c in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return home
    root = request.script_root if has_request_context() else ""
    path = parts.path[len(root) :] if root and parts.path.startswith(root) else parts.path
    return target if any(path == r or path.startswith(r + "/") for r in PRIVATE_ROOTS) else home


def require_login():
    """before_request of the private blueprints: a logged-out request goes to the login page."""
    if current_user() is not None:
        return None
    if session.get("sid"):  # a session that ended (expired, or the server restarted)
        session.clear()
        return redirect(url_for("auth.login", next=_here(), berakhir=1))
    if request.method in csrf.SAFE_METHODS:
        return redirect(url_for("auth.login", next=_here()))
    return redirect(url_for("auth.login"), 303)


def _here() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path


bp = Blueprint("auth", __name__)


def _form(message: str = "", status: int = 200, notice: str = "", username: str = ""):
    page = render_template(
        "hr/masuk.html",
        message=message,
        notice=notice,
        username=username,
        next=safe_next(request.values.get("next"), ""),
        max_failures=MAX_FAILURES,
        lock_minutes=LOCK_SECONDS // 60,
        no_users=not current_auth().has_accounts,
        link_offered=_link_offered(),
        link_minutes=current_app.config.get("LINK_MINUTES", 15),
    )
    return page, status


def _link_offered() -> bool:
    links = current_app.extensions.get("kinerja.links")
    return links is not None and links.enabled


@bp.get("/hr/masuk")
def old_login():
    """Today's bookmarks and links: the one login page is /masuk now (query kept)."""
    target = url_for("auth.login")
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 301)


@bp.post("/hr/masuk")
def old_login_post():
    """A login form rendered before the move still logs in."""
    return login()


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        user = current_user()
        if user is not None:
            return redirect(safe_next(request.args.get("next"), home_of(user)))
        notice = LOGGED_OUT if request.args.get("keluar") else EXPIRED if request.args.get("berakhir") else ""
        return _form(notice=notice)
    csrf.check()
    auth = current_auth()
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    if not username or not password:
        return _form(EMPTY_LOGIN, 400, username=username[:MAX_INPUT])
    address = request.remote_addr or "?"
    keys = login_keys(username, address, auth.known_address(username[:MAX_INPUT], address))
    refusal = auth.throttle.attempt(keys)
    if refusal is not None:
        page, status = _form(refusal.message, 429, username=username[:MAX_INPUT])
        return page, status, {"Retry-After": str(max(1, math.ceil(refusal.seconds)))}
    too_long = len(username) > MAX_INPUT or len(password) > MAX_INPUT
    user = None if too_long else auth.verify(username, password)
    if user is None:
        current_app.logger.warning("Gagal masuk sebagai %r dari %s", username[:64], request.remote_addr)
        return _form(BAD_LOGIN, 401, username=username[:MAX_INPUT])
    auth.throttle.succeeded(keys)
    auth.remember_address(user.login, address)
    target = safe_next(request.form.get("next"), home_of(user))
    begin_session(auth, user)
    return redirect(target, 303)


def begin_session(auth: Auth, user: Account) -> None:
    """Log `user` in on this request (a password, or a sign-in link from web/signin_link.py)."""
    session.clear()  # a new session: new id, new CSRF token (no session fixation)
    session["sid"] = auth.sessions.start(user.login)
    session["user"] = user.login
    session.permanent = True
    csrf.token()
    current_app.logger.info("Masuk: %s dari %s", user.login, request.remote_addr)


@bp.post("/hr/keluar")
def old_logout():
    return logout()


@bp.post("/keluar")
def logout():
    csrf.check()
    current_auth().sessions.end(session.get("sid"))
    session.clear()
    return redirect(url_for("auth.login", keluar=1), 303)


class HrSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure on HTTPS requests too. Path /: the one login serves
    /saya, /tim, /pegawai and /hr. Public pages never read it (no Vary: Cookie there)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)

    def get_cookie_path(self, app: Flask) -> str:
        root = request.script_root if has_request_context() else ""
        return f"{root}/"


def init_app(app: Flask, store=None) -> None:
    """Cookie settings, the session interface, the proxy fix and the Auth state, from app.config
    keys HR_USERS, HR_SECURE_COOKIES, HR_SESSION_HOURS, HR_TRUSTED_PROXIES, HR_CLOCK."""
    hours = float(app.config.get("HR_SESSION_HOURS", 8))
    app.config.update(
        SESSION_COOKIE_NAME="kinerja_hr",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(app.config.get("HR_SECURE_COOKIES", False)),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=hours),
        SESSION_REFRESH_EACH_REQUEST=False,  # the lifetime runs from login, not from the last click
    )
    app.session_interface = HrSessionInterface()
    proxies = int(app.config.get("HR_TRUSTED_PROXIES", 0))
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    clock = app.config.get("HR_CLOCK") or time.time
    app.extensions["kinerja.auth"] = Auth(app.config.get("HR_USERS") or (), clock, hours * 3600, store=store)
