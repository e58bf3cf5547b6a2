"""Onboarding without emailing passwords (issue 13): one-time activation codes, /aktivasi, an
admin OPD's page to issue a new code, and BKPSDM's export of the access log.

A code is 12 characters from an alphabet without look-alikes (0/O, 1/I/L), about 60 bits, shown
once (on paper, from `akun undang`, or on the admin's page) and stored as a SHA-256 digest with
its expiry. /aktivasi takes NIP + code + a new password (config.hr_users.password_problem rules);
attempts go through the login throttle, so codes cannot be guessed; a code works once.
"""

from __future__ import annotations

import csv
import hmac
import io
import secrets
import time
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.security import generate_password_hash

from config.hr_users import PASSWORD_METHOD, password_problem
from sync.store import accounts as account_store
from sync.store.accounts import Account, SiteStore as ResultsStore
from web import auth, csrf, hr_data, me, scope
from web.format import timestamp

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
BAD_CODE = "NIP atau kode aktivasi salah, sudah dipakai, atau sudah kedaluwarsa. Periksa ketikannya, atau minta kode baru kepada admin OPD Anda."
DONE = "Akun Anda sudah aktif. Silakan masuk dengan NIP dan kata sandi baru Anda."


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normal_code(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def expiry_text(seconds: float) -> str:
    """`'19 Desember 2026 05.36 WIB'`: the expiry on Kota Solok's clock, whatever the server's zone."""
    return timestamp(datetime.fromtimestamp(seconds, timezone.utc).isoformat())


def issue_codes(
    store: ResultsStore, staff: list[dict], days: int, issued_by: str, now: float | None = None
) -> list[dict]:
    """A fresh code for each roster row in `staff` (replacing any older one); returns the rows
    with `code` and `expires` (text) for the admin to hand out. Only digests are stored."""
    now = time.time() if now is None else now
    expires = now + days * 86400
    out, rows = [], []
    for person in staff:
        code = new_code()
        rows.append((str(person["nip"]), normal_code(code), str(person.get("agency") or ""), now, expires, issued_by))
        out.append({**person, "code": code, "expires": expiry_text(expires)})
    account_store.save_codes(store, rows)
    return out


def codes_workbook(issued: list[dict], agency: str) -> bytes:
    from web.workbooks import workbook_bytes

    header = ["NIP", "Nama", "Unit Kerja", "Kode Aktivasi", "Berlaku sampai", "Cara memakai"]
    how = "Buka /aktivasi di situs Kinerja, isi NIP dan kode ini, lalu buat kata sandi (minimal 10 karakter)."
    rows = [[p["nip"], p.get("name") or "", p.get("unit") or "", p["code"], p["expires"], how] for p in issued]
    return workbook_bytes([(f"Kode {agency}", header, rows)])


def redeem(store: ResultsStore, nip: str, code: str, password: str, now: float) -> str | None:
    """Spend the code and set the password; the Indonesian problem, or None when done."""
    problem = password_problem(password)
    if problem:
        return problem
    record = account_store.code_record(store, nip) if me.NIP_PATTERN.match(nip) else None
    sent = account_store.digest(normal_code(code))
    if record is None or record[2] <= now or not hmac.compare_digest(sent, record[0]):
        return BAD_CODE
    existing = account_store.account(store, nip)
    hashed = generate_password_hash(password, method=PASSWORD_METHOD)
    if existing is not None:
        acc = Account(existing.login, nip, existing.name, hashed, existing.role, existing.agency)
    else:
        names = hr_data.people(store, [nip])
        acc = Account(nip, nip, str(names[0]["name"] or "") if names else "", hashed, account_store.ROLE_EMPLOYEE)
    return None if account_store.use_code(store, nip, sent, acc) else BAD_CODE


# ---- /aktivasi ------------------------------------------------------------------------------------

bp = Blueprint("activation", __name__)
csrf.protect(bp)


def store() -> ResultsStore:
    return current_app.extensions["kinerja.store"]


@bp.route("/aktivasi", methods=["GET", "POST"])
def activate():
    if request.method == "GET":
        return render_template("aktivasi.html", message="", nip="")
    nip = request.form.get("nip", "").strip()[:32]
    code = request.form.get("kode", "")[:64]
    password, again = request.form.get("password", ""), request.form.get("password2", "")
    if not nip or not code or not password:
        return render_template("aktivasi.html", message="Isi NIP, kode aktivasi dan kata sandi baru.", nip=nip), 400
    if password != again:
        return render_template(
            "aktivasi.html", message="Kedua kata sandi tidak sama. Ketik ulang keduanya.", nip=nip
        ), 400
    a = auth.current_auth()
    address = request.remote_addr or "?"
    keys = auth.login_keys(f"aktivasi:{nip}", address, False)
    refusal = a.throttle.attempt(keys)
    if refusal is not None:
        page = render_template("aktivasi.html", message=refusal.message, nip=nip)
        return page, 429, {"Retry-After": str(max(1, int(refusal.seconds + 0.999)))}
    problem = redeem(store(), nip, code, password, a.clock())
    if problem is not None:
        return render_template("aktivasi.html", message=problem, nip=nip), 400
    a.throttle.succeeded(keys)
    current_app.logger.info("Akun diaktifkan: %s", nip)
    return render_template("aktivasi.html", message="", done=DONE, nip=""), 200


# ---- the admin pages: a new code, the access log export ----------------------------------------

admin_bp = Blueprint("accounts_admin", __name__, url_prefix="/hr")
admin_bp.before_request(auth.require_login)


@admin_bp.before_request
def _admins_only():
    who = auth.current_viewer()
    if who is not None and not who.is_admin:
        me.forbidden(me.ADMINS_ONLY)


csrf.protect(admin_bp)


@admin_bp.route("/kode-aktivasi", methods=["GET", "POST"])
def codes():
    """An admin OPD issues a new code for one of their agency's staff (BKPSDM: any agency)."""
    who = auth.current_viewer()
    assert who is not None
    agencies = hr_data.agencies(store())
    visible = scope.visible_agencies(who, agencies["code"])
    agency = request.values.get("opd") or (visible[0] if visible else "")
    if agency and not scope.may_open_agency(who, agency):
        me.forbidden(me.AGENCY_ONLY)
    if agency not in visible:
        agency = visible[0] if visible else ""
    staff = hr_data.agency_staff(store(), agency) if agency else []
    issued, message, status = [], "", 200
    if request.method == "POST":
        nip = request.form.get("nip", "")
        chosen = [p for p in staff if p["nip"] == nip]
        if not chosen:
            message, status = "Pilih pegawai dari daftar OPD Anda.", 400
        else:
            days = int(current_app.config.get("ACTIVATION_DAYS", 14))
            issued = issue_codes(store(), chosen, days, who.login)
            me.log(who, [(scope.BKPSDM if who.bkpsdm else scope.ADMIN, nip, agency, "kode aktivasi baru")])
    have = {a.login for a in account_store.accounts(store()) if a.password_hash}
    names = dict(zip(agencies["code"], agencies["name"]))
    page = render_template(
        "hr/kode_aktivasi.html",
        active="kode",
        agency=agency,
        agencies=visible,
        names=names,
        staff=staff,
        have=have,
        issued=issued,
        message=message,
    )
    return page, status


@admin_bp.get("/log-akses")
def access_log():
    """BKPSDM: the access log of one agency (or all) over a date range, as CSV or xlsx."""
    who = auth.current_viewer()
    assert who is not None
    if not who.bkpsdm:
        me.forbidden(me.BKPSDM_ONLY)
    agencies = hr_data.agencies(store())
    agency = request.args.get("opd", "")
    kind = request.args.get("format", "")
    today = account_store.city_today().isoformat()  # the dates are WIB days, as the person means them
    start, end = request.args.get("dari", "" if kind else today), request.args.get("sampai", "" if kind else today)
    message = ""
    if kind:
        if agency and agency not in set(agencies["code"]):
            message = "Pilih OPD yang ada di daftar."
        elif not (_is_date(start) and _is_date(end)) or start > end:
            message = "Isi tanggal Dari dan Sampai (TTTT-BB-HH), Dari tidak sesudah Sampai."
        elif kind not in ("csv", "xlsx"):
            message = "Pilih format CSV atau Excel."
        else:
            rows = account_store.access_export(store(), agency or None, start, end)
            # The time twice: an ISO stamp in WIB (+07:00) for programs, and as people read it.
            header = ["Waktu (ISO, WIB)", "Waktu", "Pengguna", "Nama", "Sebagai", "NIP yang dilihat", "OPD", "Apa"]
            values = [
                [
                    _wib_iso(r.at),
                    timestamp(r.at),
                    r.viewer,
                    r.viewer_name,
                    r.role,
                    r.target_nip,
                    r.agency,
                    me.access_what(r.what),
                ]
                for r in rows
            ]
            name = f"log-akses-{agency or 'semua-opd'}-{start}-{end}"
            if kind == "csv":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                writer.writerow(header)
                writer.writerows([[_csv_safe(v) for v in row] for row in values])
                return Response(
                    buffer.getvalue().encode("utf-8-sig"),
                    mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
                )
            from web.workbooks import workbook_bytes

            return Response(
                workbook_bytes([("Log Akses", header, values)]),
                mimetype=me.XLSX,
                headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
            )
    page = render_template(
        "hr/log_akses.html",
        active="log",
        agencies=agencies.to_dict("records"),
        agency=agency,
        start=start,
        end=end,
        message=message,
    )
    return page, 400 if message else 200


def _wib_iso(stamp: str) -> str:
    """`'2026-12-04T22:35:24+00:00'` -> `'2026-12-05T05:35:24+07:00'`."""
    moment = account_store.city_moment(stamp)
    return moment.isoformat(timespec="seconds") if moment is not None else str(stamp)


def _is_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return len(text) == 10


def _csv_safe(value) -> str:
    """A cell a spreadsheet opens as text, never as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
