"""The admin OPD and BKPSDM area: every page behind a login, every form with a CSRF token.

An admin OPD sees and downloads their own agency only (lists, detail pages, Validasi, Sinkronisasi
lines, the Excel report and the Laporan SKM); BKPSDM sees every agency; anyone else gets 403.
A ?opd= or form value naming another agency is refused (403), never widened (web/scope.py).

Pages: agencies per period (/hr/), employees with filters and paging (/hr/pegawai), one
employee's history and score explained (/hr/pegawai/<nip>), data problems (/hr/validasi), sync
status (/hr/sinkronisasi) and the Excel report download (/hr/laporan). They show personal data,
so responses are never cached (Cache-Control: no-store) and never indexed.

`register(app, settings)` wires the area into the app factory; settings' values become the
config keys HR_USERS, HR_SECURE_COOKIES, HR_SESSION_HOURS, HR_TRUSTED_PROXIES unless the test
config already set them.
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, make_response, render_template, request, send_file

from config.contract import CITY_SCOPE, GALAT, MONTH, PERINGATAN, period_kind
from scoring.params import PREDIKATS
from sync.store.reader import StoreReader
from web import auth, csrf, hr_data, me, scope

bp = Blueprint("hr", __name__, url_prefix="/hr")
bp.before_request(auth.require_login)  # first: a logged-out POST goes to the login page


@bp.before_request
def _admins_only():
    """The /hr area is the admin OPD's (their agency) and BKPSDM's (every agency)."""
    who = auth.current_viewer()
    if who is not None and not who.is_admin:
        me.forbidden(me.ADMINS_ONLY)


csrf.protect(bp)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
NIP_PATTERN = re.compile(r"^\d{18}$")
SEVERITIES = (GALAT, PERINGATAN)
DEFAULT_SESSION_HOURS = 8
DEFAULT_ACTIVATION_DAYS = 14
DEFAULT_LINK_MINUTES = 15


def store() -> StoreReader:
    return current_app.extensions["kinerja.store"]


def _not_found(message: str):
    page = render_template("hr/galat.html", title="Tidak ditemukan", message=message)
    abort(make_response(page, 404))


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("halaman", "1")))
    except ValueError:
        return 1


def _pager(page: int, total: int) -> dict:
    pages = max(1, math.ceil(total / hr_data.PAGE_SIZE))
    return {
        "page": page,
        "pages": pages,
        "total": total,
        "first": (page - 1) * hr_data.PAGE_SIZE + 1 if total else 0,
        "last": min(total, page * hr_data.PAGE_SIZE),
    }


def _period(periods: hr_data.Periods) -> str | None:
    period = request.args.get("periode") or periods.latest
    if period is not None and period not in periods:
        _not_found("Periode yang diminta tidak ada di basis data hasil.")
    return period


@bp.app_context_processor
def _hr_context() -> dict:
    if request.blueprint not in ("hr", "auth", "me", "activation", "accounts_admin", "periods"):
        return {"hr_user": None}
    user = auth.current_user()
    who = auth.viewer_of(user) if user is not None else None
    return {"hr_user": user, "viewer": who, "roles": scope.role_names(who, me.has_team(who.nip)) if who else []}


def viewer() -> scope.Viewer:
    who = auth.current_viewer()
    assert who is not None
    return who


def _visible_agencies():
    """The agencies (code, name, spreadsheet rows) the viewer may open."""
    frame = hr_data.agencies(store())
    allowed = set(scope.visible_agencies(viewer(), frame["code"]))
    return frame.loc[frame["code"].isin(allowed)].reset_index(drop=True)


def _within() -> tuple[str, ...] | None:
    who = viewer()
    return None if who.bkpsdm else tuple(sorted(who.admin_agencies))


def _check_agency(code: str | None) -> None:
    """?opd= / a form's OPD: never one the viewer does not administer (403, as for a NIP)."""
    if code and not scope.may_open_agency(viewer(), code):
        me.forbidden(me.AGENCY_ONLY)


@bp.get("/")
def index():
    periods = hr_data.periods(store())
    period = _period(periods)
    rows = hr_data.agency_overview(store(), period) if period else []
    within = _within()
    rows = [r for r in rows if within is None or r["code"] in within]
    waiting = hr_data.waiting_objections(store(), period) if period else {}
    return render_template(
        "hr/ringkasan.html",
        waiting=sum(n for code, n in waiting.items() if within is None or code in within),
        active="ringkasan",
        periods=periods,
        period=period,
        rows=rows,
        predikats=PREDIKATS,
        monthly=period_kind(period or "") == MONTH,
        meta=hr_data.meta(store()),
    )


@bp.get("/pegawai")
def employees():
    periods = hr_data.periods(store())
    period = _period(periods)
    agencies = _visible_agencies()
    codes = set(agencies["code"])
    agency = request.args.get("opd", "")
    _check_agency(agency)
    if agency and agency not in codes:
        _not_found("Kode OPD yang diminta tidak ada di basis data hasil.")
    predikat = request.args.get("predikat", "")
    if predikat not in (*PREDIKATS, hr_data.NO_PREDIKAT):
        predikat = ""
    monthly = period_kind(period or "") == MONTH
    filters = hr_data.EmployeeFilter(
        period=period or "",
        agency=agency,
        predikat=predikat,
        attention=monthly and request.args.get("perhatian") == "1",
        search=request.args.get("cari", "").strip()[:100],
        page=_page_number(),
        within=_within(),
    )
    rows, total, page = hr_data.employee_page(store(), filters) if period else ([], 0, 1)
    who = viewer()
    me.log(
        who,
        [
            (
                scope.BKPSDM if who.bkpsdm else scope.ADMIN,
                str(r["nip"]),
                str(r["agency"] or ""),
                f"daftar pegawai {period}",
            )
            for r in rows
        ],
    )
    args = {
        k: v
        for k, v in {
            "periode": period,
            "opd": agency,
            "predikat": predikat,
            "perhatian": "1" if filters.attention else "",
            "cari": filters.search,
        }.items()
        if v
    }
    return render_template(
        "hr/pegawai.html",
        active="pegawai",
        periods=periods,
        period=period,
        agencies=agencies.to_dict("records"),
        filters=filters,
        rows=rows,
        pager=_pager(page, total),
        args=args,
        monthly=monthly,
        predikats=PREDIKATS,
        no_predikat=hr_data.NO_PREDIKAT,
    )


@bp.get("/pegawai/<nip>")
def employee(nip: str):
    """One employee's history and score explained: the same page as /pegawai/<nip>, in the HR area."""
    who = viewer()
    if who.bkpsdm and not NIP_PATTERN.match(nip):  # BKPSDM may see everyone: no secret in saying so
        _not_found("NIP harus 18 angka.")
    relation = me.relation_to(who, nip)
    if relation is None:
        me.forbidden()
    context = me.employee_context(nip, "hr.employee", {"nip": nip})
    if context is None:
        if relation != scope.BKPSDM:
            me.forbidden()
        _not_found("Tidak ada pegawai dengan NIP ini di basis data hasil.")
    if context["missing_period"]:
        _not_found("Pegawai ini tidak punya hasil bulanan untuk periode yang diminta.")
    row = context["row"]
    me.log(
        who,
        [
            (
                relation,
                nip,
                str(context["person"].get("agency") or ""),
                f"halaman pegawai{' ' + row['period'] if row else ''}",
            )
        ],
    )
    return render_template(
        "hr/pegawai_rinci.html",
        active="pegawai",
        relation=relation,
        changes=hr_data.history_lines(store(), nip),
        **context,
    )


@bp.get("/validasi")
def validation():
    scope = request.args.get("lingkup", "")
    severity = request.args.get("tingkat", "")
    if severity not in SEVERITIES:
        severity = ""
    agencies = _visible_agencies()
    within = _within()
    city = [(CITY_SCOPE, "Spreadsheet kota")] if within is None else []
    scopes = [*city, *zip(agencies["code"], agencies["name"])]
    if scope and scope not in dict(scopes):
        if within is not None:
            me.forbidden(me.AGENCY_ONLY)
        _not_found("Lingkup yang diminta tidak ada.")
    rows, total, page = hr_data.issue_page(store(), scope, severity, _page_number(), within)
    args = {k: v for k, v in {"lingkup": scope, "tingkat": severity}.items() if v}
    counts: dict[str, dict[str, int]] = {}
    for item in hr_data.issue_counts(store()):
        if within is not None and item["scope"] not in within:
            continue
        counts.setdefault(str(item["scope"]), {})[str(item["severity"])] = int(item["n"])
    return render_template(
        "hr/validasi.html",
        active="validasi",
        rows=rows,
        pager=_pager(page, total),
        args=args,
        scope=scope,
        severity=severity,
        scopes=scopes,
        severities=SEVERITIES,
        counts=counts,
    )


def _run_number(text: str) -> int | None:
    """A run id from the query string: digits only and within SQLite's INTEGER (a larger number
    cannot be a run and would not even bind as a query parameter), else None."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= hr_data.MAX_SQLITE_INTEGER else None


@bp.get("/sinkronisasi")
def sync_status():
    runs = hr_data.runs(store())
    run_id = None
    if request.args.get("run"):  # an empty run= is the default view
        run_id = _run_number(request.args["run"])
        if run_id is None or not hr_data.run_exists(store(), run_id):
            _not_found(
                "Sinkronisasi yang diminta tidak ada di basis data hasil. Pilih nomor dari daftar Riwayat sinkronisasi."
            )
    if run_id is None and runs:
        with_sheets = hr_data.latest_sheets(store())
        run_id = int(with_sheets["run_id"].iloc[0]) if len(with_sheets) else int(runs[0]["id"])
    sheets = hr_data.run_sheets(store(), run_id) if run_id is not None else []
    within = _within()
    if within is not None:  # an admin OPD sees their own spreadsheet's line only
        sheets = [s for s in sheets if s.get("scope") in within]
    return render_template(
        "hr/sinkronisasi.html",
        active="sinkronisasi",
        runs=runs,
        run_id=run_id,
        sheets=sheets,
        meta=hr_data.meta(store()),
    )


# ---- the Excel report ---------------------------------------------------------------------------


def write_report_bytes(results: StoreReader, period: str, agency: str | None) -> bytes:
    """The HR Excel report as bytes. The one place that calls web.report, so a change of its
    signature is a one-line fix here."""
    from web.methodology import rules_lines
    from web.report import write_report

    rules = rules_lines(current_app.config["SCORING"], int(current_app.config["MIN_GROUP_SIZE"]))
    with tempfile.TemporaryDirectory(prefix="laporan-") as folder:
        out = Path(folder) / "laporan.xlsx"
        write_report(
            results,
            out,
            period,
            agency,
            rules_text=rules,
            paper=current_app.config.get("REPORT_PAPER", "A4"),
            min_responses=int(current_app.config["MIN_RESPONSES"]),
        )
        return out.read_bytes()


def report_filename(period: str, agency: str | None) -> str:
    """'laporan-kinerja-2026-10-DINKES.xlsx' (only safe characters: it becomes a header value)."""
    parts = ["laporan-kinerja", period, agency or "semua-opd"]
    return re.sub(r"[^A-Za-z0-9._-]", "_", "-".join(parts)) + ".xlsx"


@bp.route("/laporan", methods=["GET", "POST"])
def report():
    from web.report import ReportError

    periods = hr_data.periods(store())
    agencies = _visible_agencies().to_dict("records")
    message, status = "", 200
    if request.method == "POST":
        period = request.form.get("periode", "")
        agency = request.form.get("opd", "") or None
        _check_agency(agency)
        if period not in periods:
            message, status = "Pilih periode yang ada di daftar.", 400
        elif agency is None and not viewer().bkpsdm:
            message, status = "Pilih OPD Anda di daftar: admin OPD mengunduh laporan OPD-nya saja.", 400
        elif agency is not None and agency not in {a["code"] for a in agencies}:
            message, status = "Pilih OPD yang ada di daftar.", 400
        else:
            try:
                data = write_report_bytes(store(), period, agency)
            except ReportError as exc:
                message, status = str(exc), 400
            else:
                who = viewer()
                role = scope.BKPSDM if who.bkpsdm else scope.ADMIN
                me.log(
                    who,
                    [(role, n, a, f"laporan Excel {period}") for n, a in hr_data.period_nips(store(), period, agency)],
                )
                return send_file(
                    io.BytesIO(data),
                    mimetype=XLSX,
                    as_attachment=True,
                    download_name=report_filename(period, agency),
                    max_age=0,
                )
    page = render_template(
        "hr/laporan.html",
        active="laporan",
        periods=periods,
        agencies=agencies,
        message=message,
        chosen_period=request.form.get("periode") or periods.latest,
        chosen_agency=request.form.get("opd", ""),
    )
    return page, status


def skm_report_filename(period: str, agency: str | None) -> str:
    """'laporan-skm-2026-DINKES.pdf' (only safe characters, as report_filename)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", "-".join(["laporan-skm", period, agency or "kota"])) + ".pdf"


@bp.route("/laporan-skm", methods=["POST"])
def skm_report():
    """The Laporan SKM (PDF) of a period, for the city or one agency: web.skm_report."""
    from web.skm_report import report_bytes

    periods = hr_data.periods(store())
    agencies = _visible_agencies().to_dict("records")
    period = request.form.get("periode", "")
    agency = request.form.get("opd", "") or None
    _check_agency(agency)
    if period not in periods:
        message = "Pilih periode yang ada di daftar."
    elif agency is None and not viewer().bkpsdm:
        message = "Pilih OPD Anda di daftar: admin OPD mengunduh laporan OPD-nya saja."
    elif agency is not None and agency not in {a["code"] for a in agencies}:
        message = "Pilih OPD yang ada di daftar."
    else:
        data = report_bytes(
            store(),
            period,
            agency,
            city_name=current_app.config["CITY_NAME"],
            min_responses=int(current_app.config["MIN_RESPONSES"]),
        )
        return send_file(
            io.BytesIO(data),
            mimetype=PDF,
            as_attachment=True,
            download_name=skm_report_filename(period, agency),
            max_age=0,
        )
    page = render_template(
        "hr/laporan.html",
        active="laporan",
        periods=periods,
        agencies=agencies,
        message=message,
        chosen_period=period or periods.latest,
        chosen_agency=agency or "",
    )
    return page, 400


# ---- wiring ---------------------------------------------------------------------------------------


def register(app: Flask, settings=None) -> None:
    """Add the HR area (login + pages) to `app`."""
    if settings is not None:  # getattr: a settings-like object from an older caller has no HR keys
        web = getattr(settings, "web", None)
        app.config.setdefault("HR_USERS", tuple(getattr(settings, "hr_users", ())))
        app.config.setdefault("HR_SECURE_COOKIES", bool(getattr(web, "secure_cookies", False)))
        app.config.setdefault("HR_SESSION_HOURS", getattr(web, "session_hours", DEFAULT_SESSION_HOURS))
        app.config.setdefault("HR_TRUSTED_PROXIES", int(getattr(web, "trusted_proxies", 0)))
        app.config.setdefault(
            "ACTIVATION_DAYS", getattr(getattr(settings, "accounts", None), "activation_days", DEFAULT_ACTIVATION_DAYS)
        )
        notify = getattr(settings, "notify", None)
        app.config.setdefault("NOTIFY", notify)
        app.config.setdefault("SMTP_PASSWORD", os.environ.get(notify.password_env, "") if notify else "")
        app.config.setdefault("BASE_URL", getattr(web, "base_url", ""))
        app.config.setdefault(
            "LINK_MINUTES", getattr(getattr(settings, "accounts", None), "link_minutes", DEFAULT_LINK_MINUTES)
        )
    from web import activation, periods, signin_link

    auth.init_app(app, store=app.extensions["kinerja.store"])
    app.extensions["kinerja.links"] = signin_link.LinkMailer(
        app.config.get("NOTIFY"), str(app.config.get("SMTP_PASSWORD") or "")
    )
    csrf.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(bp)
    app.register_blueprint(me.bp)
    app.register_blueprint(activation.bp)
    app.register_blueprint(activation.admin_bp)
    app.register_blueprint(signin_link.bp)
    app.register_blueprint(periods.bp)
    app.after_request(signin_link.no_referrer)
    app.after_request(me.no_store)
