"""Penetapan on the site (issue 14, item 2): the Pejabat Penilai reviews a team member's result for
a period with the inputs behind it and confirms it (Tetapkan) or sends it back with a note
(Kembalikan); /tim shows each member's state and confirms complete results in bulk.

PermenPANRB 6/2022 (Lampiran, Bab IV): "Pejabat Penilai Kinerja menetapkan predikat kinerja
pegawai". The Pejabat Penilai of an employee for a period is the supervisor the store recorded for
that month (`period_supervisors`), else the roster's NIP Atasan (sync.store.confirmations); only
they may act, the Atasan Pejabat Penilai (and the current roster supervisors) may look. Every
view by someone other than the employee is logged (web.me.log). When [notify] is configured the
employee gets a short mail (no score) when their result is confirmed or sent back.

Pages: GET /tim/<nip>/<periode> (the review), POST /tim/<nip>/<periode>/tetapkan,
/tim/<nip>/<periode>/kembalikan, POST /tim/tetapkan (bulk). Which period kinds are confirmed is
`[appraisal] confirm_periods` (app.config CONFIRM_PERIODS).
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from config.contract import MONTH, period_kind
from scoring.indonesian import long_date
from scoring.periods import label as period_label
from scoring.rounding import round_half_up
from scoring.vocabulary import SUPERVISOR_RATINGS, TAB_ATTENDANCE, TAB_RATING, TAB_REPORT
from sync.store import accounts as account_store, closures, confirmations
from sync.store.schema import column_names
from web import auth, csrf, hr_data, in_force, me, scope, signin_link
from web.format import WIB

bp = Blueprint("penetapan", __name__)
bp.before_request(auth.require_login)
csrf.protect(bp)

KIND_OF = {"bulan": MONTH, "triwulan": "triwulan", "tahun": "tahun"}
DEFAULT_KINDS = ("bulan",)
MAX_NOTE = 2000
# The result fields compared when inputs changed after confirmation (old vs new).
COMPARED = (
    ("nhk", "Nilai Hasil Kerja"),
    ("rating_hk", "Rating Hasil Kerja"),
    ("npk", "Nilai Perilaku Kerja"),
    ("rating_pk", "Rating Perilaku Kerja"),
    ("predikat", "Predikat"),
    ("na", "Nilai Akhir"),
)
FORBIDDEN_ACT = (
    "Hanya Pejabat Penilai pegawai ini untuk periode tersebut yang dapat menetapkan atau mengembalikan "
    "hasilnya. Atasan Pejabat Penilai, admin OPD dan BKPSDM hanya dapat melihatnya."
)
FORBIDDEN_VIEW = (
    "Halaman penetapan hanya terbuka bagi Pejabat Penilai pegawai ini dan Atasan Pejabat Penilai. "
    "Pegawai melihat hasilnya di halaman Saya; admin OPD dan BKPSDM di halaman Pegawai."
)


@bp.context_processor
def _account_header() -> dict:
    """The account header of hr/layout.html (web.hr's context processor serves its own blueprints)."""
    user = auth.current_user()
    who = auth.viewer_of(user) if user is not None else None
    return {"hr_user": user, "viewer": who, "roles": scope.role_names(who, me.has_team(who.nip)) if who else []}


def store():
    return current_app.extensions["kinerja.store"]


def kinds() -> tuple[str, ...]:
    return tuple(current_app.config.get("CONFIRM_PERIODS") or DEFAULT_KINDS)


def confirmed_period(period: str) -> bool:
    return any(KIND_OF.get(k) == period_kind(period) for k in kinds())


def _refuse(status: int, message: str, title: str = "Akses ditolak"):
    page = render_template("hr/galat.html", title=title, message=message)
    abort(make_response(page, status))


def day_text(stamp: str | None) -> str:
    """'2026-11-05T10:12:00+07:00' -> '5 November 2026'."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except (TypeError, ValueError):
        return str(stamp or "")
    return long_date(moment.astimezone(WIB) if moment.tzinfo is not None else moment)


def state_line(act: confirmations.Confirmation | None) -> str:
    """One sentence for the state of a result: "Ditetapkan oleh Ernita pada 5 November 2026"."""
    if act is None:
        return "Belum ditetapkan"
    rater = act.people.get("pejabat_penilai", {}) if act.people else {}
    name = rater.get("name") or act.by_nip or act.by_login
    if act.confirmed:
        return f"Ditetapkan oleh {name} pada {day_text(act.at)}"
    return f"Dikembalikan oleh {name} pada {day_text(act.at)}"


# ---- what the review shows --------------------------------------------------------------------


def result_rows(nip: str, period: str) -> list[dict]:
    """The result rows of `nip` for `period` (one per agency that scored it), every column."""
    table = "results" if period_kind(period) == MONTH else "results_periodic"
    found = hr_data.select(store(), table, list(column_names(table)), "nip = ? AND period = ?", (nip, period), "agency")
    return in_force.rows(store(), hr_data._records(found))


def _month_rows(nip: str, agency: str, period: str) -> list[dict]:
    months = confirmations.months_of(period)
    marks = ", ".join("?" for _ in months)
    found = hr_data.select(
        store(),
        "results",
        list(column_names("results")),
        f"nip = ? AND agency = ? AND period IN ({marks})",
        (nip, agency, *months),
        "period",
    )
    return in_force.rows(store(), hr_data._records(found))


def _indicator_rows(nip: str, agency: str, period: str) -> list[dict]:
    months = confirmations.months_of(period)
    marks = ", ".join("?" for _ in months)
    return hr_data._records(
        hr_data.select(
            store(),
            "indicators",
            ["period", *hr_data.INDICATOR_COLUMNS],
            f"nip = ? AND agency = ? AND period IN ({marks})",
            (nip, agency, *months),
            "period, row",
        )
    )


def _attendance(nip: str, agency: str, period: str) -> dict[str, dict]:
    """month -> the Presensi values the history state keeps (work_days, present, late, ...)."""
    items = store().reader.history_state(agency, nip, confirmations.months_of(period))
    presensi = items[items["what"] == "presensi"]
    out = {}
    for month, payload in zip(presensi["period"], presensi["payload"]):
        try:
            out[str(month)] = json.loads(payload) if payload else {}
        except ValueError:
            out[str(month)] = {}
    return out


def ratings_of(row: dict) -> list[tuple[str, object]]:
    """(aspect, rating 1–5) of the supervisor's row: the seven BerAKHLAK values and Inisiatif."""
    return [(name, row.get(f"rating_{key}")) for key, name in SUPERVISOR_RATINGS]


def compare(old: dict, new: dict) -> list[dict]:
    return [
        {"label": label, "old": old.get(key), "new": new.get(key), "changed": not _same(old.get(key), new.get(key))}
        for key, label in COMPARED
    ]


def _same(a, b) -> bool:
    """Two values alike as the page shows them: numbers to the 2 decimals displayed (a value frozen
    as JSON and one computed again may differ in the last bits), text as text."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return round_half_up(float(a), 2) == round_half_up(float(b), 2)
    return a == b


def complete(row: dict | None) -> bool:
    """A result with a predikat and no missing input."""
    return bool(row) and bool(row.get("predikat")) and not row.get("missing")


def bulk_ready(row: dict | None) -> bool:
    """A complete result none of whose input rows was rejected: the ones bulk confirmation takes.
    One with a rejected row (an indicator not counted) is confirmed on its review page, after its
    warning was seen."""
    return complete(row) and not (row or {}).get("rejected_rows")


def _context(who: scope.Viewer, nip: str, period: str) -> dict:
    rows = result_rows(nip, period)
    chosen = request.args.get("opd") or (rows[0]["agency"] if rows else None)
    row = next((r for r in rows if r["agency"] == chosen), None)
    if row is None:
        _refuse(404, "Pegawai ini tidak punya hasil untuk periode yang diminta.", "Tidak ditemukan")
    agency = str(row["agency"])
    people = confirmations.people_of(store(), agency, nip, period)
    rater = str(people["pejabat_penilai"].get("nip") or "")
    rater_of_rater = str(people["atasan_pejabat_penilai"].get("nip") or "")
    roster_tie = me.relation_to(who, nip)
    if who.nip and who.nip == rater:
        relation = scope.RATER
    elif who.nip and who.nip == rater_of_rater:
        relation = scope.RATER_OF_RATER
    elif roster_tie in (scope.RATER, scope.RATER_OF_RATER):
        relation = roster_tie  # the roster's supervisors now (a change after the month was synced)
    else:
        _refuse(403, FORBIDDEN_VIEW)
    act = confirmations.current_of(store(), agency, nip, period)
    pending = confirmations.pending_of(store(), agency, nip, period)
    closure = closures.closed_keys(store()).get(period)
    monthly = period_kind(period) == MONTH
    months = [row] if monthly else _month_rows(nip, agency, period)
    attendance = _attendance(nip, agency, period)
    return dict(
        active="tim",
        nip=nip,
        period=period,
        agency=agency,
        agency_names=dict(zip(*(hr_data.agencies(store())[k] for k in ("code", "name")))),
        row=row,
        monthly=monthly,
        months=months,
        indicators=_indicator_rows(nip, agency, period),
        report_tab=TAB_REPORT,
        rating_tab=TAB_RATING,
        attendance_tab=TAB_ATTENDANCE,
        ratings=ratings_of(row) if monthly else [],
        attendance=attendance,
        people=people,
        relation=relation,
        may_act=who.nip == rater and closure is None,
        act=act,
        state=state_line(act),
        acts=confirmations.history_of(store(), agency, nip, period),
        pending=pending,
        # Re-confirmation only of a would-be result that differs from the confirmed one.
        changed=confirmations.changed(act, pending),
        changes=compare(
            in_force.row(store(), act.result.get("results", {}), agency, period, nip) or {},
            in_force.row(store(), pending["result"]["results"], agency, period, nip) or {},
        )
        if confirmations.changed(act, pending)
        else [],
        closure=closure,
        complete=complete(row) if monthly else bool(row.get("predikat")),
        confirmable=bool(row.get("predikat")),
        missing=[] if not monthly else me.who_fills(row.get("missing")),
        month_missing=[(m["period"], m.get("missing")) for m in months if m.get("missing")],
        # Input rows rejected by validation (also beside used ones): not in the result shown.
        rejected=[(m["period"], line) for m in months for line in me.rejected_lines(m.get("rejected_rows"))],
        error="",
        note="",
    )


def _check_period(nip: str, period: str) -> None:
    if not me.NIP_PATTERN.match(nip) or period_kind(period) is None:
        _refuse(404, "Alamat ini tidak dikenal: NIP 18 angka dan periode seperti 2026-10.", "Tidak ditemukan")
    if not confirmed_period(period):
        _refuse(
            404,
            f"{period_label(period)} tidak ditetapkan di sini: penetapan diatur per "
            f"{', '.join(kinds())} ([appraisal] confirm_periods).",
            "Tidak ditemukan",
        )


@bp.get("/tim/<nip>/<periode>")
def review(nip: str, periode: str):
    who = me.viewer()
    _check_period(nip, periode)
    context = _context(who, nip, periode)
    me.log(who, [(context["relation"], nip, context["agency"], f"penetapan {periode}")])
    return render_template("penetapan.html", **context)


def _acting(nip: str, periode: str) -> tuple[scope.Viewer, dict]:
    who = me.viewer()
    _check_period(nip, periode)
    context = _context(who, nip, periode)
    if context["relation"] != scope.RATER or not who.nip or who.nip != context["people"]["pejabat_penilai"].get("nip"):
        _refuse(403, FORBIDDEN_ACT)
    return who, context


def _failed(who: scope.Viewer, context: dict, message: str, note: str = ""):
    me.log(who, [(context["relation"], context["nip"], context["agency"], f"penetapan {context['period']}")])
    context.update(error=message[0].upper() + message[1:], note=note)
    return render_template("penetapan.html", **context), 400


@bp.post("/tim/<nip>/<periode>/tetapkan")
def confirm(nip: str, periode: str):
    who, context = _acting(nip, periode)
    try:
        act = confirmations.confirm(
            store(), context["agency"], nip, periode, who.login, who.nip or "", kinds=kinds(), note=_note()
        )
    except (ValueError, PermissionError) as exc:
        return _failed(who, context, str(exc))
    notify(act)
    flash(f"{context['row'].get('name') or nip}: {state_line(act)}.")
    return redirect(url_for("penetapan.review", nip=nip, periode=periode, opd=_opd(context)), 303)


@bp.post("/tim/<nip>/<periode>/kembalikan")
def send_back(nip: str, periode: str):
    who, context = _acting(nip, periode)
    note = _note()
    try:
        act = confirmations.send_back(
            store(), context["agency"], nip, periode, who.login, who.nip or "", note, kinds=kinds()
        )
    except (ValueError, PermissionError) as exc:
        return _failed(who, context, str(exc), note)
    notify(act)
    flash(f"{context['row'].get('name') or nip}: {state_line(act)}.")
    return redirect(url_for("penetapan.review", nip=nip, periode=periode, opd=_opd(context)), 303)


def _note() -> str:
    return str(request.form.get("catatan", "")).strip()[:MAX_NOTE]


def _opd(context: dict) -> str | None:
    return request.args.get("opd") or None


@bp.post("/tim/tetapkan")
def confirm_many():
    """Bulk: confirm every chosen complete result of the viewer's direct reports for one period."""
    who = me.viewer()
    period = str(request.form.get("periode", ""))
    if period_kind(period) is None or not confirmed_period(period):
        _refuse(400, "Periode tidak dikenal atau tidak ditetapkan di sini.", "Permintaan ditolak")
    chosen = [n for n in dict.fromkeys(request.form.getlist("nip")) if me.NIP_PATTERN.match(n)]
    if not chosen:
        flash("Tidak ada hasil yang dipilih: centang hasil yang lengkap, lalu tekan Tetapkan yang dipilih.")
        return redirect(url_for("me.team", periode=period), 303)
    # Every chosen NIP first: one that is not the viewer's to confirm refuses the whole request
    # (nothing is confirmed), as a forged form would be.
    work, skipped = [], []
    for nip in chosen:
        rows = [
            r
            for r in result_rows(nip, period)
            if confirmations.rater_of(store(), str(r["agency"]), nip, period) == who.nip
        ]
        if not rows and any(True for _ in result_rows(nip, period)):
            _refuse(403, FORBIDDEN_ACT)
        if not rows:
            skipped.append(f"NIP {nip} (belum ada hasil)")
        work += rows
    done, viewed = [], []
    for row in work:
        nip, agency = str(row["nip"]), str(row["agency"])
        name = row.get("name") or nip
        viewed.append((scope.RATER, nip, agency, f"penetapan massal {period}"))
        if not (complete(row) if period_kind(period) == MONTH else bool(row.get("predikat"))):
            skipped.append(f"{name} (data belum lengkap)")
            continue
        if period_kind(period) == MONTH and not bulk_ready(row):
            skipped.append(f"{name} (ada baris ditolak yang tidak dihitung: tinjau lalu tetapkan di halamannya)")
            continue
        current = confirmations.current_of(store(), agency, nip, period)
        if current is not None and current.confirmed:
            # A changed result is re-confirmed one by one, after its old and new values were seen.
            if confirmations.changed(current, confirmations.pending_of(store(), agency, nip, period)):
                skipped.append(f"{name} (data berubah setelah ditetapkan: tinjau lalu tetapkan ulang di halamannya)")
            else:
                skipped.append(f"{name} (sudah ditetapkan)")
            continue
        try:
            act = confirmations.confirm(
                store(), agency, nip, period, who.login, who.nip or "", kinds=kinds(), complete_only=True
            )
        except (ValueError, PermissionError) as exc:
            skipped.append(f"{name} ({exc})")
            continue
        done.append(name)
        notify(act)
    me.log(who, viewed)
    message = f"{len(done)} hasil {period_label(period)} ditetapkan."
    if skipped:
        message += " Tidak ditetapkan: " + "; ".join(skipped) + "."
    flash(message)
    return redirect(url_for("me.team", periode=period), 303)


# ---- /tim: the state of each member (called by web.me.team) ----------------------------------


def team_periods(periods: hr_data.Periods) -> list[str]:
    """The periods /tim offers: months, and quarters and years when they are confirmed."""
    out = list(periods.months)
    for kind, keys in (("triwulan", periods.quarters), ("tahun", periods.years)):
        if kind in kinds():
            out += list(keys)
    return out


def team_results(nips: list[str], period: str) -> list[dict]:
    if period_kind(period) == MONTH:
        return hr_data.team_results(store(), nips, period)
    if not nips:
        return []
    marks = ", ".join("?" for _ in nips)
    found = hr_data.select(
        store(),
        "results_periodic",
        ["agency", "period", "nip", "name", "position", "unit", "rating_hk", "rating_pk", "predikat", "na"],
        f"period = ? AND nip IN ({marks})",
        (period, *nips),
        "unit, name, nip",
    )
    return in_force.rows(store(), hr_data._records(found))


def team_states(who: scope.Viewer, rows: list[dict], period: str | None) -> dict:
    """Adds to each /tim row its penetapan state for `period` (state, may_act, selectable) and
    returns the summary: how many of the viewer's own reports are confirmed."""
    if not period or not confirmed_period(period):
        for r in rows:
            r["penetapan"] = None
        return {"offered": False, "confirmed": 0, "total": 0, "selectable": 0}
    acts = {(c.agency, c.nip): c for c in confirmations.current(store(), period=period, nips=[r["nip"] for r in rows])}
    closure = closures.closed_keys(store()).get(period)
    confirmed = total = selectable = 0
    for r in rows:
        result = r.get("result") or {}
        agency = str(result.get("agency") or r.get("agency") or "")
        act = acts.get((agency, r["nip"]))
        rater = confirmations.rater_of(store(), agency, r["nip"], period) if result else ""
        may_act = bool(result) and bool(who.nip) and rater == who.nip and closure is None
        done = act is not None and act.confirmed
        ok = complete(result) if period_kind(period) == MONTH else bool(result.get("predikat"))
        rejected = period_kind(period) == MONTH and ok and not bulk_ready(result)
        changed = done and confirmations.changed(act, confirmations.pending_of(store(), agency, r["nip"], period))
        r["penetapan"] = {
            "act": act,
            "line": state_line(act),
            "state": act.state if act else "",
            "changed": changed,
            "may_act": may_act,
            "selectable": may_act and ok and not done and not rejected,
            "complete": ok,
            "rejected": rejected,
            "has_result": bool(result),
        }
        if rater == who.nip and result:
            total += 1
            confirmed += done
        selectable += r["penetapan"]["selectable"]
    return {
        "offered": True,
        "confirmed": confirmed,
        "total": total,
        "selectable": selectable,
        "closure": closure,
    }


# ---- /saya and /pegawai/<nip>: the state and the sent-back note ------------------------------


def acts_of(nip: str | None) -> list[dict]:
    """The current act on each of `nip`'s results, newest period first, as lines for a page."""
    if not nip:
        return []
    out = []
    for act in sorted(confirmations.current(store(), nips=[nip]), key=lambda a: (a.period, a.id), reverse=True):
        out.append({"period": act.period, "act": act, "line": state_line(act), "note": act.note})
    return out


def version_of(nip: str | None) -> int:
    """Changes when an act on `nip`'s results is recorded (the /saya page cache's key)."""
    if not nip:
        return 0
    found = [a.id for a in confirmations.current(store(), nips=[nip])]
    return max(found, default=0) * 1000 + len(found)


# ---- mail ---------------------------------------------------------------------------------------


def act_mail(name: str, act: confirmations.Confirmation, link: str, city: str) -> tuple[str, str]:
    """The employee's mail: what happened and where to look; never a score."""
    period = period_label(act.period)
    rater = (act.people.get("pejabat_penilai") or {}).get("name") or "Pejabat Penilai Anda"
    if act.confirmed:
        subject = f"Hasil penilaian kinerja {period} sudah ditetapkan"
        what = f"hasil penilaian kinerja Anda untuk {period} sudah ditetapkan oleh {rater}."
    else:
        subject = f"Hasil penilaian kinerja {period} dikembalikan"
        what = (
            f"hasil penilaian kinerja Anda untuk {period} dikembalikan oleh {rater} dengan catatan. "
            "Baca catatannya dan perbaiki data yang diminta."
        )
    body = (
        f"Yth. {name},\n\n"
        f"Dengan hormat, {what}\n\n"
        f"Lihat rinciannya di halaman Saya setelah masuk:\n\n    {link}\n\n"
        f"Email ini dikirim otomatis oleh sistem Kinerja {city}; mohon tidak membalas email ini.\n"
    )
    return subject, body


def notify(act: confirmations.Confirmation) -> None:
    """Mail the employee (when [notify] is configured and the roster has their Email)."""
    mailer = signin_link.mailer()  # the site's one mail queue (sign-in links, keberatan too)
    if not mailer.enabled:
        return
    to = account_store.roster_email(store(), act.nip)
    if not to:
        return
    name = (act.people.get("pegawai") or {}).get("name") or act.nip
    base = str(current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
    link = f"{base}{url_for('me.mine', periode=act.period if period_kind(act.period) == MONTH else None)}"
    subject, body = act_mail(name, act, link, current_app.config.get("CITY_NAME", ""))
    mailer.submit(to, subject, body, current_app.logger, what="Email penetapan")


# ---- wiring ---------------------------------------------------------------------------------------


def register(app: Flask, settings=None) -> None:
    """Add the penetapan pages to `app` (after web.hr.register: the login and CSRF are set up)."""
    if settings is not None:
        app.config.setdefault("CONFIRM_PERIODS", tuple(settings.appraisal.confirm_periods))
    app.config.setdefault("CONFIRM_PERIODS", DEFAULT_KINDS)
    app.register_blueprint(bp)
    app.jinja_env.globals["penetapan_of"] = acts_of
