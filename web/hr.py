"""The HR (BKPSDM) area: every page behind a login, every form with a CSRF token.

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
import re
import tempfile
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, make_response, render_template, request, send_file

from scoring.params import PREDIKATS, RATINGS
from scoring.vocabulary import agency_unit_id
from config.contract import GALAT, MONTH, PERINGATAN, period_kind
from config.contract import CITY_SCOPE
from sync.store.reader import StoreReader
from web import auth, csrf, hr_data
from web.explain import explain

bp = Blueprint("hr", __name__, url_prefix="/hr")
bp.before_request(auth.require_login)  # first: a logged-out POST goes to the login page
csrf.protect(bp)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
NIP_PATTERN = re.compile(r"^\d{18}$")
SEVERITIES = (GALAT, PERINGATAN)
DEFAULT_SESSION_HOURS = 8


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
    return {"page": page, "pages": pages, "total": total,
            "first": (page - 1) * hr_data.PAGE_SIZE + 1 if total else 0,
            "last": min(total, page * hr_data.PAGE_SIZE)}


def _period(periods: hr_data.Periods) -> str | None:
    period = request.args.get("periode") or periods.latest
    if period is not None and period not in periods:
        _not_found("Periode yang diminta tidak ada di basis data hasil.")
    return period


@bp.app_context_processor
def _hr_context() -> dict:
    return {"hr_user": auth.current_user() if request.blueprint in ("hr", "auth") else None}


@bp.get("/")
def index():
    periods = hr_data.periods(store())
    period = _period(periods)
    rows = hr_data.agency_overview(store(), period) if period else []
    return render_template("hr/ringkasan.html", active="ringkasan", periods=periods, period=period, rows=rows,
                           predikats=PREDIKATS, monthly=period_kind(period or "") == MONTH,
                           meta=hr_data.meta(store()))


@bp.get("/pegawai")
def employees():
    periods = hr_data.periods(store())
    period = _period(periods)
    agencies = hr_data.agencies(store())
    codes = set(agencies["code"])
    agency = request.args.get("opd", "")
    if agency and agency not in codes:
        _not_found("Kode OPD yang diminta tidak ada di basis data hasil.")
    predikat = request.args.get("predikat", "")
    if predikat not in (*PREDIKATS, hr_data.NO_PREDIKAT):
        predikat = ""
    monthly = period_kind(period or "") == MONTH
    filters = hr_data.EmployeeFilter(
        period=period or "", agency=agency, predikat=predikat,
        attention=monthly and request.args.get("perhatian") == "1",
        search=request.args.get("cari", "").strip()[:100], page=_page_number(),
    )
    rows, total, page = hr_data.employee_page(store(), filters) if period else ([], 0, 1)
    args = {k: v for k, v in {"periode": period, "opd": agency, "predikat": predikat,
                              "perhatian": "1" if filters.attention else "", "cari": filters.search}.items() if v}
    return render_template("hr/pegawai.html", active="pegawai", periods=periods, period=period,
                           agencies=agencies.to_dict("records"), filters=filters, rows=rows,
                           pager=_pager(page, total), args=args, monthly=monthly,
                           predikats=PREDIKATS, no_predikat=hr_data.NO_PREDIKAT)


@bp.get("/pegawai/<nip>")
def employee(nip: str):
    if not NIP_PATTERN.match(nip):
        _not_found("NIP harus 18 angka.")
    history = hr_data.employee_history(store(), nip)
    if history.employee is None and not history.months and not history.periodic:
        _not_found("Tidak ada pegawai dengan NIP ini di basis data hasil.")
    latest = history.months[-1] if history.months else {}
    chosen = request.args.get("periode") or latest.get("period")
    # A month scored in two agencies (a store from before cross-agency checks) is told apart by ?opd=.
    chosen_agency = request.args.get("opd") or None
    row = next((r for r in history.months if r["period"] == chosen
                and (chosen_agency is None or r["agency"] == chosen_agency)), None)
    if chosen is not None and row is None:
        _not_found("Pegawai ini tidak punya hasil bulanan untuk periode yang diminta.")
    # A NIP on two rosters: Jabatan, Unit Kerja (and the unit whose complaints explain the IKM)
    # come from the roster of the agency that scored the month shown, not the first one listed.
    # Someone who left the roster keeps their history; their details come from the last result.
    person = (next((r for r in history.rosters if row is not None and r["agency"] == row["agency"]), None)
              or history.employee or {k: latest.get(k) for k in ("agency", "nip", "name", "position", "unit")})
    explanation, categories = None, []
    if row is not None:
        explanation = explain(row, hr_data.indicators(store(), nip, chosen), current_app.config["SCORING"])
        units = [str(person.get("unit_id") or ""), agency_unit_id(row["agency"])]
        categories = hr_data.complaint_categories(store(), units, chosen)
    names = dict(zip(*(hr_data.agencies(store())[c] for c in ("code", "name"))))
    return render_template("hr/pegawai_rinci.html", active="pegawai", person=person, history=history,
                           row=row, explanation=explanation, categories=categories,
                           agency_name=names.get(person.get("agency"), person.get("agency")),
                           agency_names=names,
                           roster_agencies=[names.get(r["agency"], r["agency"]) for r in history.rosters],
                           ratings=RATINGS, changes=hr_data.history_lines(store(), nip))


@bp.get("/validasi")
def validation():
    scope = request.args.get("lingkup", "")
    severity = request.args.get("tingkat", "")
    if severity not in SEVERITIES:
        severity = ""
    agencies = hr_data.agencies(store())
    scopes = [(CITY_SCOPE, "Spreadsheet kota"), *zip(agencies["code"], agencies["name"])]
    if scope and scope not in dict(scopes):
        _not_found("Lingkup yang diminta tidak ada.")
    rows, total, page = hr_data.issue_page(store(), scope, severity, _page_number())
    args = {k: v for k, v in {"lingkup": scope, "tingkat": severity}.items() if v}
    counts: dict[str, dict[str, int]] = {}
    for item in hr_data.issue_counts(store()):
        counts.setdefault(str(item["scope"]), {})[str(item["severity"])] = int(item["n"])
    return render_template("hr/validasi.html", active="validasi", rows=rows, pager=_pager(page, total),
                           args=args, scope=scope, severity=severity, scopes=scopes, severities=SEVERITIES,
                           counts=counts)


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
            _not_found("Sinkronisasi yang diminta tidak ada di basis data hasil. Pilih nomor dari daftar "
                       "Riwayat sinkronisasi.")
    if run_id is None and runs:
        with_sheets = hr_data.latest_sheets(store())
        run_id = int(with_sheets["run_id"].iloc[0]) if len(with_sheets) else int(runs[0]["id"])
    sheets = hr_data.run_sheets(store(), run_id) if run_id is not None else []
    return render_template("hr/sinkronisasi.html", active="sinkronisasi", runs=runs, run_id=run_id,
                           sheets=sheets, meta=hr_data.meta(store()))


# ---- the Excel report ---------------------------------------------------------------------------


def write_report_bytes(results: StoreReader, period: str, agency: str | None) -> bytes:
    """The HR Excel report as bytes. The one place that calls web.report, so a change of its
    signature is a one-line fix here."""
    from web.methodology import rules_lines
    from web.report import write_report

    rules = rules_lines(current_app.config["SCORING"], int(current_app.config["MIN_GROUP_SIZE"]))
    with tempfile.TemporaryDirectory(prefix="laporan-") as folder:
        out = Path(folder) / "laporan.xlsx"
        write_report(results, out, period, agency, rules_text=rules,
                     paper=current_app.config.get("REPORT_PAPER", "A4"),
                     min_responses=int(current_app.config["MIN_RESPONSES"]))
        return out.read_bytes()


def report_filename(period: str, agency: str | None) -> str:
    """'laporan-kinerja-2026-10-DINKES.xlsx' (only safe characters: it becomes a header value)."""
    parts = ["laporan-kinerja", period, agency or "semua-opd"]
    return re.sub(r"[^A-Za-z0-9._-]", "_", "-".join(parts)) + ".xlsx"


@bp.route("/laporan", methods=["GET", "POST"])
def report():
    from web.report import ReportError

    periods = hr_data.periods(store())
    agencies = hr_data.agencies(store()).to_dict("records")
    message, status = "", 200
    if request.method == "POST":
        period = request.form.get("periode", "")
        agency = request.form.get("opd", "") or None
        if period not in periods:
            message, status = "Pilih periode yang ada di daftar.", 400
        elif agency is not None and agency not in {a["code"] for a in agencies}:
            message, status = "Pilih OPD yang ada di daftar.", 400
        else:
            try:
                data = write_report_bytes(store(), period, agency)
            except ReportError as exc:
                message, status = str(exc), 400
            else:
                return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                                 download_name=report_filename(period, agency), max_age=0)
    page = render_template("hr/laporan.html", active="laporan", periods=periods, agencies=agencies,
                           message=message, chosen_period=request.form.get("periode") or periods.latest,
                           chosen_agency=request.form.get("opd", ""))
    return page, status


def skm_report_filename(period: str, agency: str | None) -> str:
    """'laporan-skm-2026-DINKES.pdf' (only safe characters, as report_filename)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", "-".join(["laporan-skm", period, agency or "kota"])) + ".pdf"


@bp.route("/laporan-skm", methods=["POST"])
def skm_report():
    """The Laporan SKM (PDF) of a period, for the city or one agency: web.skm_report."""
    from web.skm_report import report_bytes

    periods = hr_data.periods(store())
    agencies = hr_data.agencies(store()).to_dict("records")
    period = request.form.get("periode", "")
    agency = request.form.get("opd", "") or None
    if period not in periods:
        message = "Pilih periode yang ada di daftar."
    elif agency is not None and agency not in {a["code"] for a in agencies}:
        message = "Pilih OPD yang ada di daftar."
    else:
        data = report_bytes(store(), period, agency, city_name=current_app.config["CITY_NAME"],
                            min_responses=int(current_app.config["MIN_RESPONSES"]))
        return send_file(io.BytesIO(data), mimetype=PDF, as_attachment=True,
                         download_name=skm_report_filename(period, agency), max_age=0)
    page = render_template("hr/laporan.html", active="laporan", periods=periods, agencies=agencies,
                           message=message, chosen_period=period or periods.latest, chosen_agency=agency or "")
    return page, 400


# ---- wiring ---------------------------------------------------------------------------------------


def _no_store(response: Response) -> Response:
    """HR pages hold personal data: never kept by a browser or proxy cache, never indexed."""
    if request.path == "/hr" or request.path.startswith("/hr/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def register(app: Flask, settings=None) -> None:
    """Add the HR area (login + pages) to `app`."""
    if settings is not None:  # getattr: a settings-like object from an older caller has no HR keys
        web = getattr(settings, "web", None)
        app.config.setdefault("HR_USERS", tuple(getattr(settings, "hr_users", ())))
        app.config.setdefault("HR_SECURE_COOKIES", bool(getattr(web, "secure_cookies", False)))
        app.config.setdefault("HR_SESSION_HOURS", getattr(web, "session_hours", DEFAULT_SESSION_HOURS))
        app.config.setdefault("HR_TRUSTED_PROXIES", int(getattr(web, "trusted_proxies", 0)))
    auth.init_app(app)
    csrf.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(bp)
    app.after_request(_no_store)
