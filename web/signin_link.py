"""A one-time sign-in link by email instead of the password (issue 13, item 2).

Offered on /masuk when [notify] has SMTP settings. The second form there takes a NIP; when that
NIP has an account and an Email on a roster, a link `{base_url}/masuk/tautan/<token>` is mailed to
that address. The token is `secrets.token_urlsafe(32)` (256 bits), stored only as its SHA-256
digest with the login, its creation and expiry ([accounts] link_minutes) and a used flag.

- No account enumeration: the page answers the same words whether or not the NIP exists, has an
  account or an email, and the mail goes from a background thread, so the answer takes as long
  either way. Every request counts as an attempt in the login throttle (keys of
  `tautan:<nip>` and the address), so no one can flood a mailbox or the mail server.
- GET of the link shows a page with a button; only its POST (CSRF) spends the link. Mail
  scanners and link previews that fetch every URL in a mail thus cannot use it up.
- The POST spends the link once (sync.store.accounts.use_link) and starts a session exactly as a
  password login does; expired, used and unknown links get one message with a way back.
- The mail names the person and the link only: no score, nothing of anyone else.
"""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from sync.store import accounts as account_store
from web import auth, csrf, me

SENT = (
    "Bila NIP itu terdaftar dan alamat email tercatat di data pegawai, tautan masuk sudah dikirim ke "
    "email tersebut. Periksa kotak masuk (dan folder spam); tautan berlaku {minutes} menit dan hanya "
    "dapat dipakai sekali. Tidak menerima email? Masuk dengan kata sandi, atau mintalah admin OPD "
    "Anda memeriksa kolom Email di tab Pegawai."
)
EMPTY_NIP = "Isi NIP Anda untuk menerima tautan masuk."
BAD_LINK = (
    "Tautan masuk ini tidak berlaku: sudah dipakai, sudah kedaluwarsa, atau tidak dikenal. Minta tautan "
    "baru di halaman Masuk."
)
MAX_TOKEN = 100
DEFAULT_LINK_MINUTES = 15


def link_mail(name: str, link: str, minutes: int, city: str) -> tuple[str, str]:
    subject = "Tautan masuk ke situs Kinerja"
    body = (
        f"Yth. {name},\n\n"
        "Seseorang (semoga Anda sendiri) meminta tautan masuk ke situs Kinerja dengan NIP Anda. "
        f"Buka tautan ini dalam {minutes} menit, lalu tekan tombol Masuk:\n\n"
        f"    {link}\n\n"
        "Tautan ini hanya dapat dipakai sekali. Jangan teruskan email ini kepada siapa pun: siapa "
        "yang memegang tautan ini dapat masuk sebagai Anda. Bila Anda tidak memintanya, abaikan "
        "email ini; akun Anda tetap aman.\n\n"
        f"Email ini dikirim otomatis oleh sistem Kinerja {city}; mohon tidak membalas email ini.\n"
    )
    return subject, body


class LinkMailer:
    """Sends the link mails one at a time off the request thread (app.extensions['kinerja.links'])."""

    def __init__(self, settings, password: str):
        self.settings = settings
        self.password = password
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.settings is not None and self.settings.enabled

    def submit(self, to: str, subject: str, body: str, logger, what: str = "Tautan masuk") -> Future:
        """Queue one mail; `what` names it in the log should it fail ("Email penetapan", ...)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tautan-masuk")
            return self._pool.submit(self._send, to, subject, body, logger, what)

    def _send(self, to: str, subject: str, body: str, logger, what: str = "Tautan masuk") -> bool:
        from sync.notify.smtp import SmtpOutage, SmtpSender

        sender = SmtpSender(self.settings, self.password)
        try:
            outcome = sender.send(to, subject, body)
        except SmtpOutage as exc:
            logger.warning("%s tidak terkirim: %s", what, exc)
            return False
        except Exception:  # noqa: BLE001 - a mail failure must never reach the site's threads
            logger.exception("%s tidak terkirim", what)
            return False
        finally:
            sender.close()
        if not outcome.sent:
            logger.warning("%s tidak terkirim (%s)", what, outcome.reason)
        return outcome.sent

    def wait(self) -> None:
        """Until every mail submitted so far is sent or given up (tests, shutdown)."""
        with self._lock:
            pool = self._pool
        if pool is not None:
            pool.submit(lambda: None).result()


def mailer() -> LinkMailer:
    return current_app.extensions["kinerja.links"]


def offered() -> bool:
    """Whether /masuk shows the sign-in link form ([notify] has SMTP settings)."""
    return mailer().enabled


bp = Blueprint("signin_link", __name__)
csrf.protect(bp)


@bp.post("/masuk/tautan")
def request_link():
    a = auth.current_auth()
    if not offered():
        return redirect(url_for("auth.login"), 303)
    nip = request.form.get("nip", "").strip()[: auth.MAX_INPUT]
    if not nip:
        return auth._form(EMPTY_NIP, 400)
    minutes = int(current_app.config.get("LINK_MINUTES", DEFAULT_LINK_MINUTES))
    address = request.remote_addr or "?"
    refusal = a.throttle.attempt(auth.login_keys(f"tautan:{nip}", address, False))
    if refusal is not None:  # the same for every NIP: says nothing about the account
        page, status = auth._form(refusal.message, 429)
        return page, status, {"Retry-After": str(max(1, int(refusal.seconds + 0.999)))}
    user = a.find(nip) if me.NIP_PATTERN.match(nip) else None
    to = account_store.roster_email(a.store, user.nip) if user is not None and user.nip and a.store else ""
    if to:
        token = secrets.token_urlsafe(32)
        now = a.clock()
        account_store.save_link(a.store, token, user.login, now, now + minutes * 60)
        base = str(current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
        link = f"{base}{url_for('signin_link.confirm', token=token)}"
        subject, body = link_mail(user.name or user.login, link, minutes, current_app.config.get("CITY_NAME", ""))
        mailer().submit(to, subject, body, current_app.logger)
        current_app.logger.info("Tautan masuk diminta untuk %s", user.login)
    return auth._form(notice=SENT.format(minutes=minutes))


def _bad_link():
    return render_template("masuk_tautan.html", message=BAD_LINK, token=""), 410


@bp.get("/masuk/tautan/<token>")
def confirm(token: str):
    a = auth.current_auth()
    if len(token) > MAX_TOKEN or a.store is None or not account_store.link_open(a.store, token, a.clock()):
        return _bad_link()
    return render_template("masuk_tautan.html", message="", token=token)


@bp.post("/masuk/tautan/<token>")
def use(token: str):
    a = auth.current_auth()
    if len(token) > MAX_TOKEN or a.store is None:
        return _bad_link()
    login = account_store.use_link(a.store, token, a.clock())
    user = a.find(login) if login else None
    if user is None:
        return _bad_link()
    auth.begin_session(a, user)
    return redirect(auth.home_of(user), 303)


def no_referrer(response):
    """The link's pages never pass the token on in a Referer header."""
    if request.path.startswith("/masuk/tautan/"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response
