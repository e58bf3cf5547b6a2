"""/hr/periode (issue 14, item 3): BKPSDM closes a period for the city or reopens it, with a
reason, recorded with the logged-in user; every close and reopen is listed. The act and its rules
are sync.store.closures' (the CLI's `periode tutup|buka` makes the same act); the worker then
keeps the period's published figures, tabs and reports as they were (sync.locks).
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from config.contract import period_label
from scoring.indonesian import month_name, short_month
from scoring.periods import MONTH, QUARTER, QUARTERS_ID, kind as period_kind
from sync.store import closures
from web import auth, csrf, hr_data, me

bp = Blueprint("periods", __name__, url_prefix="/hr")
bp.before_request(auth.require_login)


@bp.before_request
def _bkpsdm_only():
    """Closing a period is the city's act: BKPSDM only (an admin OPD or anyone else gets 403)."""
    who = auth.current_viewer()
    if who is not None and not who.bkpsdm:
        me.forbidden(me.BKPSDM_ONLY)


csrf.protect(bp)

ACTIONS = {"tutup": (closures.close, "ditutup"), "buka": (closures.reopen, "dibuka kembali")}
STATE_WORDS = {closures.CLOSE: "Ditutup", closures.OPEN: "Dibuka kembali"}


def _store():
    return current_app.extensions["kinerja.store"]


def _label(period: str) -> str:
    try:
        return period_label(period)
    except (KeyError, ValueError):
        return period


def spellings(period: str) -> set[str]:
    """The ways the sheets and `periode tutup` write `period` (casefolded): '2026-10', 'Oktober
    2026', 'Okt 2026', '10/2026'; '2026-Q4', 'Triwulan IV 2026', 'Q4 2026', 'TW 4 2026'; '2026',
    'Tahun 2026'."""
    year = period[:4]
    found = {period}
    if period_kind(period) == MONTH:
        month = int(period[5:7])
        for name in (month_name(month), short_month(month), str(month), f"{month:02d}"):
            found |= {f"{name} {year}", f"{name}/{year}", f"{name}-{year}"}
        found.add(f"{year}/{month:02d}")
    elif period_kind(period) == QUARTER:
        n = int(period[6])
        for word in ("triwulan", "tw", "q"):
            for number in (str(n), QUARTERS_ID[n - 1]):
                found |= {f"{word} {number} {year}", f"{word}{number} {year}", f"{year} {word}{number}"}
    else:
        found.add(f"tahun {year}")
    return {text.casefold() for text in found}


def known_periods(store) -> list[str]:
    """Periods a BKPSDM user chooses from: every month, quarter and year with results (newest
    first), the quarter and year of every month, and those closed now."""
    found = hr_data.periods(store)
    keys = [*found.months, *found.quarters, *found.years]
    keys += [f"{m[:4]}-Q{(int(m[5:7]) - 1) // 3 + 1}" for m in found.months] + [m[:4] for m in found.months]
    keys += list(closures.closed(store))
    order = {MONTH: 0, QUARTER: 1}
    return sorted(set(keys), key=lambda p: (-int(p[:4]), order.get(period_kind(p), 2), p), reverse=False)


def period_key(typed: str, known: list[str]) -> str:
    """The key of a typed period: one of `known` in any of its spellings, else the text as typed
    (closures then accepts a key or says how to write one)."""
    text = " ".join(str(typed).split()).casefold()
    for period in known:
        if text in spellings(period):
            return period
    return " ".join(str(typed).split())


@bp.route("/periode", methods=["GET", "POST"])
def index():
    who = auth.current_viewer()
    assert who is not None
    message, done, status = "", "", 200
    typed = ""
    known = known_periods(_store())
    if request.method == "POST":
        action = request.form.get("aksi", "")
        typed = " ".join(request.form.get("periode", "").split())
        reason = request.form.get("alasan", "")
        if action not in ACTIONS:
            message, status = "Pilih Tutup atau Buka kembali.", 400
        else:
            act, words = ACTIONS[action]
            try:
                closure = act(_store(), period_key(typed, known), who.login, reason)
            except ValueError as exc:  # closures' own words: unknown period, no reason, wrong state
                message, status = str(exc)[0].upper() + str(exc)[1:], 400
            else:
                done = f"Periode {_label(closure.period)} {words}."
                typed = ""
    events = closures.events(_store())
    closed = closures.closed(_store())
    page = render_template(
        "hr/periode.html",
        active="periode",
        events=[
            {
                "period": _label(e.period),
                "state": STATE_WORDS.get(e.action, e.action),
                "at": e.at,
                "by": e.by,
                "reason": e.reason,
            }
            for e in reversed(events)
        ],
        closed=[
            {"key": p, "period": _label(p), "at": c.at, "by": c.by, "reason": c.reason}
            for p, c in sorted(closed.items())
        ],
        message=message,
        done=done,
        typed=typed,
        choices=[(p, _label(p)) for p in known],
    )
    return page, status
