"""Keberatan on the site (issue 14, item 5; PP 30/2019 Pasal 59).

- /saya (an include in saya.html): for a confirmed result within `objection_days` of its
  confirmation, the form to file an objection; every objection of the employee with its state,
  notes and decision.
- /keberatan: the objections waiting for the Atasan Pejabat Penilai (with their deadlines) and
  those against results the viewer confirmed as Pejabat Penilai.
- /keberatan/<id>: the confirmed result, the reasons and the notes. The Atasan Pejabat Penilai asks
  the employee and/or the Pejabat Penilai for an explanation and decides (upheld with the changed
  rating(s), or rejected; final); the employee and the Pejabat Penilai add explanations. Only these
  three (and BKPSDM, read-only) may open it: 403 for anyone else, the same for an unknown id.
  Every view by someone other than the employee goes into the access log.
- /hr/keberatan: BKPSDM's list of every objection, open ones past their decision deadline flagged.

Mails (when [notify] has SMTP settings, through the sign-in link's mailer): filing -> the Atasan
Pejabat Penilai and the Pejabat Penilai; a request for an explanation -> whom it asks; a decision
-> the employee and the Pejabat Penilai. No score in any mail: a link to the page.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, abort, current_app, make_response, redirect, render_template, request, url_for

from scoring.indonesian import long_date
from scoring.params import RATINGS
from scoring.periods import CITY_ZONE
from sync.store import accounts as account_store, confirmations, objections
from web import auth, csrf, hr_data, me, scope

bp = Blueprint("keberatan", __name__)
bp.before_request(auth.require_login)
csrf.protect(bp)

DEFAULT_OBJECTION_DAYS = 14
DEFAULT_DECISION_DAYS = 14
BKPSDM_ROLE = "bkpsdm"
# The viewer's part in one objection -> the access log's relation for it.
LOG_RELATION = {
    objections.RATER: scope.RATER,
    objections.DECIDER: scope.RATER_OF_RATER,
    BKPSDM_ROLE: scope.BKPSDM,
}
ASK_LABELS = {
    objections.EMPLOYEE: "pegawai",
    objections.RATER: "Pejabat Penilai",
    objections.BOTH: "pegawai dan Pejabat Penilai",
}


def store():
    return current_app.extensions["kinerja.store"]


def objection_days() -> int:
    return int(current_app.config.get("OBJECTION_DAYS", DEFAULT_OBJECTION_DAYS))


def decision_days() -> int:
    return int(current_app.config.get("DECISION_DAYS", DEFAULT_DECISION_DAYS))


def now() -> dt.datetime:
    clock = current_app.config.get("KEBERATAN_NOW")
    return clock() if clock else dt.datetime.now(CITY_ZONE)


def refused(message: str, back: str):
    page = render_template("keberatan/galat.html", title="Tidak dapat diproses", message=message, back=back)
    abort(make_response(page, 400))


def part_of(who: scope.Viewer, objection: objections.Objection | None) -> str | None:
    """The viewer's part in `objection`: EMPLOYEE, DECIDER, RATER, BKPSDM_ROLE, or None (403)."""
    if objection is None:
        return None
    if who.nip and who.nip == objection.nip:
        return objections.EMPLOYEE
    if who.nip and who.nip == objection.rater_of_rater_nip:
        return objections.DECIDER
    if who.nip and who.nip == objection.rater_nip:
        return objections.RATER
    if who.bkpsdm:
        return BKPSDM_ROLE
    return None


def _person(confirmation: confirmations.Confirmation | None, key: str) -> dict:
    return dict(((confirmation.people if confirmation else None) or {}).get(key) or {})


def decision_sentence(objection: objections.Objection, confirmation) -> str:
    """ "Keberatan diterima: predikat diubah dari Butuh Perbaikan menjadi Baik — <alasan>"."""
    if objection.upheld:
        before = objections.confirmed_ratings(confirmation)
        changes = []
        if objection.rating_hk:
            changes.append(f"Rating Hasil Kerja dari {before['rating_hk'] or '–'} menjadi {objection.rating_hk}")
        if objection.rating_pk:
            changes.append(f"Rating Perilaku dari {before['rating_pk'] or '–'} menjadi {objection.rating_pk}")
        if objection.predikat != before["predikat"]:
            head = f"predikat diubah dari {before['predikat'] or '–'} menjadi {objection.predikat}"
        else:
            head = f"predikat tetap {objection.predikat}"
        return f"Keberatan diterima: {head} ({'; '.join(changes)}) — {objection.decision_reason}"
    return f"Keberatan ditolak — {objection.decision_reason}"


def view_of(objection: objections.Objection) -> dict:
    """What the templates show of one objection."""
    confirmation = confirmations.by_id(store(), objection.confirmation_id)
    notes = objections.notes_of(store(), objection.id)
    return {
        "o": objection,
        "confirmation": confirmation,
        "result": ((confirmation.result if confirmation else None) or {}).get("results") or {},
        "indicators": ((confirmation.result if confirmation else None) or {}).get("indicators") or [],
        "employee": _person(confirmation, "pegawai"),
        "rater": _person(confirmation, "pejabat_penilai"),
        "decider": _person(confirmation, "atasan_pejabat_penilai"),
        "notes": notes,
        "decision": decision_sentence(objection, confirmation) if not objection.open else "",
        "overdue": objection.overdue(now().date()),
    }


# ---- /saya ----------------------------------------------------------------------------------------


def saya_context(nip: str) -> dict:
    """The /saya section: results that may be objected to now, and the employee's objections."""
    today = now().date()
    mine = objections.of_employee(store(), nip)
    objected = {o.confirmation_id for o in mine}
    open_results = {(o.agency, o.period) for o in mine if o.open}
    fileable = []
    for c in confirmations.current(store(), nips=[nip]):
        until = objections.may_file_until(c, objection_days(), today)
        if until is not None and c.id not in objected and (c.agency, c.period) not in open_results:
            fileable.append({"confirmation": c, "until": until, "result": (c.result or {}).get("results") or {}})
    fileable.sort(key=lambda f: f["confirmation"].period, reverse=True)
    return {"fileable": fileable, "objections": [view_of(o) for o in mine], "objection_days": objection_days()}


def saya_version(nip: str) -> tuple:
    """Changes whenever the /saya section would: the employee's objections, their notes, the acts."""
    mine = objections.of_employee(store(), nip)
    notes = sum(len(objections.notes_of(store(), o.id)) for o in mine)
    acts = tuple(c.id for c in confirmations.current(store(), nips=[nip]))
    return (tuple((o.id, o.state) for o in mine), notes, acts, now().date().isoformat())


@bp.post("/saya/keberatan")
def file_objection():
    who = me.viewer()
    back = url_for("me.mine") + "#keberatan"
    if not who.nip:
        me.forbidden()
    try:
        confirmation = confirmations.by_id(store(), int(request.form.get("penetapan", "")))
    except ValueError:
        confirmation = None
    if confirmation is None or confirmation.nip != who.nip:
        me.forbidden()
    try:
        new_id = objections.file(
            store(), confirmation, request.form.get("alasan", ""), now(), objection_days(), decision_days()
        )
    except ValueError as exc:
        refused(str(exc), back)
    objection = objections.by_id(store(), new_id)
    assert objection is not None
    link = _link(objection)
    employee = _person(confirmation, "pegawai").get("name") or who.name or who.nip
    for role, nip in ((objections.DECIDER, objection.rater_of_rater_nip), (objections.RATER, objection.rater_nip)):
        person = _person(confirmation, "atasan_pejabat_penilai" if role == objections.DECIDER else "pejabat_penilai")
        subject, body = objections.filed_mail(
            person.get("name") or nip, role, employee, objection.period, objection.decide_by, link, _city()
        )
        _mail(nip, subject, body)
    return redirect(back, 303)


# ---- /keberatan ----------------------------------------------------------------------------------


@bp.get("/keberatan")
def inbox():
    who = me.viewer()
    deciding = [view_of(o) for o in objections.for_decider(store(), who.nip)] if who.nip else []
    rated = [view_of(o) for o in objections.for_rater(store(), who.nip)] if who.nip else []
    deciding.sort(key=lambda v: (not v["o"].open, v["o"].decide_by if v["o"].open else "", -v["o"].id))
    me.log(
        who,
        [(scope.RATER_OF_RATER, v["o"].nip, v["o"].agency, f"daftar keberatan {v['o'].period}") for v in deciding]
        + [(scope.RATER, v["o"].nip, v["o"].agency, f"daftar keberatan {v['o'].period}") for v in rated],
    )
    return render_template(
        "keberatan/kotak.html",
        active="keberatan",
        deciding=deciding,
        rated=rated,
        waiting=sum(1 for v in deciding if v["o"].open),
    )


def _objection_or_403(objection_id: int) -> tuple[objections.Objection, str]:
    who = me.viewer()
    objection = objections.by_id(store(), objection_id)
    part = part_of(who, objection)
    if objection is None or part is None:
        me.forbidden()
    return objection, part


@bp.get("/keberatan/<int:objection_id>")
def detail(objection_id: int):
    who = me.viewer()
    objection, part = _objection_or_403(objection_id)
    if part != objections.EMPLOYEE:
        me.log(who, [(LOG_RELATION[part], objection.nip, objection.agency, f"keberatan {objection.period}")])
    return render_template(
        "keberatan/rinci.html",
        active="keberatan-hr" if part == BKPSDM_ROLE else "keberatan" if part != objections.EMPLOYEE else "saya",
        part=part,
        ratings=RATINGS,
        ask_labels=ASK_LABELS,
        **view_of(objection),
    )


@bp.post("/keberatan/<int:objection_id>/catatan")
def add_note(objection_id: int):
    who = me.viewer()
    objection, part = _objection_or_403(objection_id)
    if part == BKPSDM_ROLE:
        me.forbidden()  # BKPSDM reads, never writes
    back = request.form.get("kembali") == "saya"
    target = (url_for("me.mine") + "#keberatan") if back and part == objections.EMPLOYEE else _here(objection)
    asks = request.form.get("minta", "") if part == objections.DECIDER else ""
    if part == objections.DECIDER and asks not in objections.ASKS:
        refused("Pilih siapa yang diminta penjelasan: pegawai, Pejabat Penilai, atau keduanya.", _here(objection))
    try:
        objections.add_note(store(), objection.id, who.login, part, request.form.get("catatan", ""), asks=asks)
    except ValueError as exc:
        refused(str(exc), target)
    if asks:
        confirmation = confirmations.by_id(store(), objection.confirmation_id)
        employee = _person(confirmation, "pegawai").get("name") or objection.nip
        for role, nip, key in (
            (objections.EMPLOYEE, objection.nip, "pegawai"),
            (objections.RATER, objection.rater_nip, "pejabat_penilai"),
        ):
            if asks in (role, objections.BOTH):
                name = _person(confirmation, key).get("name") or nip
                subject, body = objections.asked_mail(name, employee, objection.period, _link(objection), _city())
                _mail(nip, subject, body)
    return redirect(target, 303)


@bp.post("/keberatan/<int:objection_id>/putusan")
def decide(objection_id: int):
    who = me.viewer()
    objection, part = _objection_or_403(objection_id)
    if part != objections.DECIDER:
        me.forbidden()
    choice = request.form.get("keputusan", "")
    if choice not in (objections.UPHELD, objections.REJECTED):
        refused("Pilih keputusan: keberatan diterima atau ditolak.", _here(objection))
    try:
        objections.decide(
            store(),
            objection.id,
            who.nip or "",
            choice == objections.UPHELD,
            request.form.get("alasan", ""),
            rating_hk=request.form.get("rating_hk") or None,
            rating_pk=request.form.get("rating_pk") or None,
        )
    except ValueError as exc:
        refused(str(exc), _here(objection))
    confirmation = confirmations.by_id(store(), objection.confirmation_id)
    employee = _person(confirmation, "pegawai").get("name") or objection.nip
    for nip, key in ((objection.nip, "pegawai"), (objection.rater_nip, "pejabat_penilai")):
        name = _person(confirmation, key).get("name") or nip
        subject, body = objections.decided_mail(name, employee, objection.period, _link(objection), _city())
        _mail(nip, subject, body)
    return redirect(_here(objection), 303)


# ---- /hr/keberatan -------------------------------------------------------------------------------


@bp.get("/hr/keberatan")
def hr_list():
    who = me.viewer()
    if not who.bkpsdm:
        me.forbidden(me.BKPSDM_ONLY)
    views = [view_of(o) for o in objections.every(store())]
    views.sort(key=lambda v: (not v["overdue"], not v["o"].open, v["o"].decide_by if v["o"].open else "", -v["o"].id))
    listed = hr_data.agencies(store())
    names = dict(zip(listed["code"], listed["name"]))
    me.log(who, [(scope.BKPSDM, v["o"].nip, v["o"].agency, f"daftar keberatan {v['o'].period}") for v in views])
    return render_template(
        "keberatan/hr.html",
        active="keberatan-hr",
        views=views,
        agency_names=names,
        overdue=sum(1 for v in views if v["overdue"]),
    )


# ---- mails ---------------------------------------------------------------------------------------


def _here(objection: objections.Objection) -> str:
    return url_for("keberatan.detail", objection_id=objection.id)


def _link(objection: objections.Objection) -> str:
    base = str(current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
    return base + _here(objection)


def _city() -> str:
    return str(current_app.config.get("CITY_NAME", ""))


def _mail(nip: str, subject: str, body: str) -> None:
    """Mail `nip` at their roster address when [notify] is configured (off the request thread)."""
    mailer = current_app.extensions.get("kinerja.links")
    if mailer is None or not mailer.enabled or not nip:
        return
    to = account_store.roster_email(store(), nip)
    if to:
        mailer.submit(to, subject, body, current_app.logger, what="Email keberatan")


# ---- wiring --------------------------------------------------------------------------------------


@bp.context_processor
def _layout_context() -> dict:
    """hr/layout.html's header (who is logged in, their roles) on these pages too."""
    user = auth.current_user()
    who = auth.viewer_of(user) if user is not None else None
    return {"hr_user": user, "viewer": who, "roles": scope.role_names(who, me.has_team(who.nip)) if who else []}


def waiting_for(who: scope.Viewer | None) -> tuple[bool, int]:
    """(whether the viewer takes part in any objection as a supervisor, how many wait for their decision)."""
    if who is None or not who.nip:
        return False, 0
    deciding = objections.for_decider(store(), who.nip)
    involved = bool(deciding) or bool(objections.for_rater(store(), who.nip))
    return involved, sum(1 for o in deciding if o.open)


@bp.app_context_processor
def _navigation() -> dict:
    def keberatan_nav(who):
        return waiting_for(who)

    return {"keberatan_nav": keberatan_nav, "keberatan_final": objections.FINAL, "keberatan_asks": ASK_LABELS}


@bp.app_template_filter("tanggal")
def _date(value) -> str:
    """A date (or an ISO timestamp's day) as "17 November 2026"."""
    if not value:
        return "–"
    if isinstance(value, dt.date):
        return long_date(value)
    moment = dt.datetime.fromisoformat(str(value))
    return long_date((moment.astimezone(CITY_ZONE) if moment.tzinfo is not None else moment).date())


def register(app: Flask, settings=None) -> None:
    appraisal = getattr(settings, "appraisal", None) if settings is not None else None
    if appraisal is not None:
        app.config.setdefault("OBJECTION_DAYS", appraisal.objection_days)
        app.config.setdefault("DECISION_DAYS", appraisal.decision_days)
    app.register_blueprint(bp)
