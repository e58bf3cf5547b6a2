"""send_due: after a sync cycle, send what is due and not sent yet. Never raises: mail is a side
channel, and an SMTP outage (or a bug here) is logged and the next cycle tries again."""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable

from config.settings import Settings
from sync.notify import log as sent_log
from sync.notify.plan import Mail, plan
from sync.notify.smtp import SmtpOutage, SmtpSender
from sync.notify.texts import KIND_LABELS
from sync.store import ResultsStore
from sync.store.accounts import city_today

Log = Callable[[str], None]


@dataclass
class NotifyResult:
    due: list[Mail] = field(default_factory=list)  # due and not sent before
    sent: int = 0
    failed: int = 0  # refused for good (5xx)
    pending: int = 0  # temporary failure, or not reached this cycle: tried next cycle
    outage: str = ""

    def line(self) -> str:
        text = (
            f"Email: {self.sent} terkirim, {self.failed} ditolak permanen, {self.pending} ditunda ke siklus berikutnya"
        )
        return text + (f"; {self.outage}" if self.outage else "") + "."


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def due(settings: Settings, store: ResultsStore, today: dt.date) -> list[Mail]:
    """What would be sent now: the plan less what the log holds as sent or given up."""
    done = sent_log.final_keys(store)
    return [m for m in dict((m.key, m) for m in plan(settings, store, today)).values() if m.key not in done]


def describe(mails: list[Mail]) -> list[str]:
    """One line per mail, for `notify --dry-run` (addresses, never the body)."""
    return [
        f"  {KIND_LABELS.get(m.kind, m.kind):<18} {m.period:<8} {m.agency:<12} {m.address}  — {m.subject}"
        for m in mails
    ]


def send_due(
    settings: Settings,
    store: ResultsStore,
    log: Log = print,
    today: dt.date | None = None,
    *,
    sender: SmtpSender | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> NotifyResult:
    """Send the due mails (at most [notify] max_per_cycle), record each outcome; never raises."""
    result = NotifyResult()
    if not settings.notify.enabled:
        return result
    try:
        result.due = due(settings, store, today or city_today())
        if not result.due:
            return result
        sender = sender or SmtpSender(settings.notify, os.environ.get(settings.notify.password_env, ""), sleep=sleep)
        try:
            _send(settings, store, sender, result)
        finally:
            sender.close()
    except Exception as exc:  # a bug or a broken store: the cycle is done already and stays done
        result.outage = f"pengiriman email gagal ({type(exc).__name__}: {exc}); dicoba lagi pada siklus berikutnya"
        log(traceback.format_exc().rstrip())
    result.pending = len(result.due) - result.sent - result.failed
    log(result.line())
    return result


def _send(settings: Settings, store: ResultsStore, sender: SmtpSender, result: NotifyResult) -> None:
    for n, mail in enumerate(result.due):
        if n >= settings.notify.max_per_cycle:
            return
        try:
            outcome = sender.send(mail.address, mail.subject, mail.body)
        except SmtpOutage as exc:
            result.outage = f"{exc}; dicoba lagi pada siklus berikutnya"
            return
        if outcome.sent:
            sent_log.record(store, mail, sent_log.SENT, outcome.attempts, _now())
            result.sent += 1
        elif outcome.permanent:
            sent_log.record(store, mail, sent_log.FAILED, outcome.attempts, _now(), outcome.reason)
            result.failed += 1
        else:
            sent_log.record(store, mail, sent_log.PENDING, outcome.attempts, _now(), outcome.reason)
