"""`python main.py periode tutup|buka|daftar` (issue 14, item 3): BKPSDM closes a period for the
city, reopens it, lists what was done — in words for the terminal. The act itself, and its rules,
are sync.store.closures'; main.py only passes the arguments on.
"""

from __future__ import annotations

import datetime as dt
import getpass

from scoring.periods import label as period_label
from sync.display import moment
from sync.report_args import parse_report_period
from sync.store import closures
from sync.store.accounts import city_today
from sync.validate.parse import Problem

STATE_WORDS = {closures.CLOSE: "ditutup", closures.OPEN: "dibuka kembali"}


def who(by: str | None) -> str:
    """Who acts: `--oleh`, else the user running the command."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a container)
        return "tidak diketahui"


def period_of(text: str, today: dt.date | None = None) -> str:
    """'2026-10', 'Oktober 2026', 'Triwulan IV 2026', '2026' -> the period key; ValueError (Indonesian,
    with the fix) otherwise."""
    found = parse_report_period(text, today or city_today())
    if isinstance(found, Problem):
        raise ValueError(f"{found.problem} {found.fix}".replace("--periode", "PERIODE"))
    return found


def close(store, text: str, reason: str, by: str | None = None) -> str:
    period = period_of(text)
    closure = closures.close(store, period, who(by), reason)
    covered = closures.covered(period)
    extra = f" (termasuk {len(covered) - 1} periode di dalamnya)" if len(covered) > 1 else ""
    return (
        f"Periode {period_label(period)} ditutup{extra} oleh {closure.by} pada {moment(closure.at)}. "
        "Hasil, tab dan laporannya tidak berubah lagi sampai dibuka kembali; perubahan di spreadsheet "
        "dicatat dan ditandai di tab Validasi."
    )


def reopen(store, text: str, reason: str, by: str | None = None) -> str:
    period = period_of(text)
    closure = closures.reopen(store, period, who(by), reason)
    return (
        f"Periode {period_label(period)} dibuka kembali oleh {closure.by} pada {moment(closure.at)}. "
        "Sinkronisasi berikutnya menghitungnya lagi dari spreadsheet."
    )


def listing(store) -> list[str]:
    """Every close and reopen, oldest first, then which periods are closed now."""
    events = closures.events(store)
    if not events:
        return ["Belum ada periode yang ditutup."]
    lines = [
        f"{period_label(e.period)}\t{STATE_WORDS.get(e.action, e.action)}\t{moment(e.at)}\toleh {e.by}\t"
        f"alasan: {e.reason}"
        for e in events
    ]
    closed = closures.closed(store)
    now = ", ".join(period_label(p) for p in sorted(closed)) if closed else "tidak ada"
    return [*lines, f"Ditutup sekarang: {now}."]
