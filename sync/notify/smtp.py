"""One SMTP session for a batch of mails: pacing, retries of temporary failures, permanent refusals.

A reply code 4xx (greylisting, a full queue, "try again later") or a dropped connection is
temporary: retried with backoff up to [notify] retries times, then left for the next cycle. A 5xx
answer to one mail (unknown mailbox, refused content) is permanent for that mail: recorded as
failed with the server's reason, never sent again. What no mail can get past (the server cannot be
reached, the login or the sender address is refused) is an SmtpOutage: the batch stops and the
next cycle tries again.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Callable

from config.settings import NotifySettings

BACKOFF_CAP_SECONDS = 30.0


class SmtpOutage(Exception):
    """No mail can be sent now (server unreachable, login or sender refused)."""


@dataclass(frozen=True)
class Outcome:
    sent: bool
    permanent: bool  # refused for good (5xx): never tried again
    attempts: int
    reason: str = ""


def _reply(exc: Exception) -> tuple[int | None, str]:
    """The SMTP reply code and text of an error, when the server gave one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))
        return int(code), text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        return int(exc.smtp_code), text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return None, str(exc) or type(exc).__name__


class SmtpSender:
    """Send mails one by one over one connection (reopened when it drops)."""

    def __init__(
        self,
        settings: NotifySettings,
        password: str = "",
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.settings = settings
        self.password = password
        self.sleep = sleep
        self.clock = clock
        self.interval = 60.0 / settings.per_minute
        self._conn: smtplib.SMTP | None = None
        self._last: float | None = None

    # ---- the connection -------------------------------------------------------------------

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "ssl":
                conn = smtplib.SMTP_SSL(
                    s.smtp_host, s.smtp_port, timeout=s.timeout_seconds, context=ssl.create_default_context()
                )
            else:
                conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout_seconds)
                if s.security == "starttls":
                    conn.starttls(context=ssl.create_default_context())
            if s.username:
                conn.login(s.username, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise SmtpOutage(
                f"login SMTP ditolak ({_reply(exc)[0]}): periksa [notify] username dan variabel {s.password_env}"
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            code, text = _reply(exc)
            raise SmtpOutage(
                f"server SMTP {s.smtp_host}:{s.smtp_port} tidak dapat dihubungi ({code or ''} {text}".rstrip() + ")"
            ) from exc
        return conn

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._conn = None

    # ---- sending --------------------------------------------------------------------------

    def message(self, to: str, subject: str, body: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.from_address
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=self.settings.from_address.rpartition("@")[2] or None)
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies back to us
        msg.set_content(body)
        return msg

    def _pace(self) -> None:
        if self._last is not None:
            wait = self._last + self.interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def send(self, to: str, subject: str, body: str) -> Outcome:
        """Send one mail; raises SmtpOutage when no mail can go now."""
        msg = self.message(to, subject, body)
        attempts, reason = 0, ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                self.sleep(min(BACKOFF_CAP_SECONDS, 2.0**attempt))
            if self._conn is None:
                self._conn = self._open()
            self._pace()
            attempts += 1
            try:
                self._conn.send_message(msg)
                return Outcome(True, False, attempts)
            except smtplib.SMTPSenderRefused as exc:
                code, text = _reply(exc)
                if code is not None and 500 <= code < 600:
                    raise SmtpOutage(
                        f"alamat pengirim {self.settings.from_address} ditolak ({code} {text}): "
                        "periksa [notify] from_address"
                    ) from exc
                reason = f"{code} {text}"
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                code, text = _reply(exc)
                reason = f"{code} {text}"
                if code is not None and 500 <= code < 600:
                    return Outcome(False, True, attempts, reason)
                self._reset()
            except (smtplib.SMTPServerDisconnected, OSError, smtplib.SMTPException) as exc:
                reason = f"koneksi terputus ({_reply(exc)[1]})"
                self.close()
                self._conn = None
        return Outcome(False, False, attempts, reason)

    def _reset(self) -> None:
        """After a refused transaction: RSET, or a new connection if that fails too."""
        try:
            if self._conn is not None:
                self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self._conn = None
