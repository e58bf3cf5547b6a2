"""The document's pages: GET /verifikasi/<code> (public, no login) and GET
/pegawai/<nip>/dokumen/<periode>.pdf (the employee, their Pejabat Penilai and Atasan Pejabat
Penilai, their admin OPD and BKPSDM: web.scope's relations, as /pegawai/<nip>; 403 otherwise).

The verification page shows only an issued document's summary (web.dokumen.content.summary says
what and why): no NIP, no values beyond the predikat. A pasted digest (?sidik=) is compared with
the recorded one; nothing a visitor sends is stored.
"""

from __future__ import annotations

import hmac
import re

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request

from scoring.periods import kind
from sync.store import documents
from web import auth, me
from web.dokumen.make import make

public_bp = Blueprint("dokumen_public", __name__)
bp = Blueprint("dokumen", __name__)
bp.before_request(auth.require_login)

HEX64 = re.compile(r"^[0-9a-f]{64}$")
PDF = "application/pdf"


def _base_url() -> str:
    return str(current_app.config.get("BASE_URL") or "") or request.url_root.rstrip("/")


@public_bp.get("/verifikasi/<code>")
def verify(code: str):
    store = current_app.extensions["kinerja.store"]
    issued = documents.find(store, code)
    if issued is None:
        page = render_template(
            "verifikasi_galat.html",
            title="Kode verifikasi tidak dikenal",
            code=code[:40],
        )
        return make_response(page, 404)
    pasted = (request.args.get("sidik") or "").strip().lower()
    match = None
    if pasted:
        match = bool(HEX64.match(pasted)) and hmac.compare_digest(pasted, issued.digest)
    response = make_response(
        render_template(
            "verifikasi.html",
            title="Verifikasi dokumen",
            issued=issued,
            shown_code=documents.shown(issued.code),
            replaced=documents.replacement(store, issued),
            pasted=pasted[:80],
            match=match,
        )
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/pegawai/<nip>/dokumen/<periode>.pdf")
def document(nip: str, periode: str):
    who = me.viewer()
    relation = me.relation_to(who, nip)
    if relation is None:
        me.forbidden()
    if kind(periode) is None:
        _not_found("Periode harus berbentuk bulan (2026-10), triwulan (2026-Q4) atau tahun (2026).")
    made = make(
        me.store(), nip, periode, base_url=_base_url(), city_name=str(current_app.config.get("CITY_NAME") or "")
    )
    if made is None:
        _not_found("Pegawai ini belum punya hasil untuk periode yang diminta.")
    me.log(who, [(relation, nip, made.agency, f"dokumen evaluasi {periode}")])
    name = re.sub(r"[^A-Za-z0-9]+", "-", str(made.content["orang"]["pegawai"]["nama"])).strip("-")[:60]
    return Response(
        made.pdf,
        mimetype=PDF,
        headers={"Content-Disposition": f'inline; filename="evaluasi-{nip}-{name}-{periode}.pdf"'},
    )


def _not_found(message: str):
    page = render_template("hr/galat.html", title="Tidak ditemukan", message=message)
    abort(make_response(page, 404))


def register(app) -> None:
    app.register_blueprint(public_bp)
    app.register_blueprint(bp)
