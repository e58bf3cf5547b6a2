"""/hr/periode (issue 14, item 3): BKPSDM closes a period for the city or reopens it, with a
reason, recorded with the logged-in user; every close and reopen is listed. The act and its rules
are sync.store.closures' (the CLI's `periode tutup|buka` makes the same act); the worker then
keeps the period's published figures, tabs and reports as they were (sync.locks).
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from config.contract import period_label
from sync.store import closures
from web import auth, csrf, me

bp = Blueprint("periods", __name__, url_prefix="/hr")
bp.before_request(auth.require_login)


@bp.before_request
def _bkpsdm_only():
    """Closing a period is the city's act: BKPSDM only (an admin OPD or anyone else gets 403)."""
    who = auth.current_viewer()
    if who is not None and not who.bkpsdm:
        me.forbidden()


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


@bp.route("/periode", methods=["GET", "POST"])
def index():
    who = auth.current_viewer()
    assert who is not None
    message, done, status = "", "", 200
    typed = ""
    if request.method == "POST":
        action = request.form.get("aksi", "")
        typed = " ".join(request.form.get("periode", "").split())
        reason = request.form.get("alasan", "")
        if action not in ACTIONS:
            message, status = "Pilih Tutup atau Buka kembali.", 400
        else:
            act, words = ACTIONS[action]
            try:
                closure = act(_store(), typed, who.login, reason)
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
    )
    return page, status
