"""The public pages: Beranda, Metodologi, and the health check. No login, no personal data.

Views read only `web.data.PublicData` (the suppressed public model) and the scoring params; they
never touch the store's personal tables.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from scoring.params import MUTU_BANDS, PREDIKATS, RATINGS
from sync.errors import StoreError
from web import methodology
from web.data import PublicData

bp = Blueprint("public", __name__)


def public_data() -> PublicData:
    return current_app.extensions["kinerja.public"]


@bp.app_context_processor
def _site() -> dict:
    return {"city_name": current_app.config["CITY_NAME"]}


@bp.get("/")
def index():
    snapshot = public_data().snapshot()
    period = request.args.get("periode") or snapshot.latest
    if period is not None and period not in snapshot.periods:
        abort(404)
    return render_template(
        "beranda.html",
        active="index",
        snapshot=snapshot,
        period=period,
        rows=snapshot.agencies_in(period) if period else (),
        predikats=PREDIKATS,
        last_sync=snapshot.last_sync,
        min_responses=current_app.config["MIN_RESPONSES"],
        min_group_size=current_app.config["MIN_GROUP_SIZE"],
        days_limit=current_app.config["SCORING"].complaint_days_limit,
    )


@bp.get("/metodologi")
def metodologi():
    params = current_app.config["SCORING"]
    return render_template(
        "metodologi.html",
        active="metodologi",
        sections=methodology.sections(params, current_app.config["MIN_GROUP_SIZE"]),
        rating_table=methodology.rating_table(params),
        matrix=methodology.predikat_matrix(),
        ratings=RATINGS,
        mutu_bands=MUTU_BANDS,
        regulations=methodology.REGULATIONS,
        last_sync=public_data().last_sync(),
    )


@bp.get("/healthz")
def healthz():
    try:
        last_sync = public_data().last_sync()
    except StoreError:
        return jsonify(status="error", last_sync=None), 503
    return jsonify(status="ok", last_sync=last_sync)


@bp.app_errorhandler(404)
def _not_found(_error):
    return render_template("galat.html", title="Halaman tidak ditemukan",
                           message="Alamat atau periode yang diminta tidak ada."), 404


@bp.app_errorhandler(405)
def _method_not_allowed(_error):
    return render_template("galat.html", title="Metode tidak diizinkan",
                           message="Halaman ini hanya dapat dibuka, tidak dapat dikirimi data."), 405


@bp.app_errorhandler(500)
def _server_error(_error):
    return render_template("galat.html", title="Terjadi kesalahan",
                           message="Terjadi kesalahan pada server. Silakan coba lagi beberapa saat lagi."), 500


@bp.app_errorhandler(StoreError)
def _store_unavailable(_error):
    # The message names the store's path: for the log, not for the public.
    current_app.logger.exception("results store unavailable")
    return render_template("galat.html", title="Data sedang tidak tersedia",
                           message="Data hasil sedang tidak dapat dibaca. Silakan coba lagi beberapa saat lagi."), 503
