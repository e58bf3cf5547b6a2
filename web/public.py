"""The public pages: Beranda, Halaman OPD, Metodologi, Data terbuka, the open-data files, and the
health check. No login, no personal data.

Views read only `web.data.PublicData` (the suppressed public model) and the scoring params; they
never touch the store's personal tables. Every page and file body is rendered once per sync
(`Generation.page`, keyed by what the page depends on: its period or agency code, never the raw
query string), so a view costs one meta query plus a dictionary lookup; an ETag lets browsers
revalidate without downloading the body again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from config.contract import MONTH, QUARTER, SKM_ELEMENTS, YEAR, period_kind, period_label, quarter_of
from config.errors import StoreError
from scoring.indonesian import short_month
from scoring.params import MUTU_BANDS, PREDIKATS, RATINGS
from web import city, methodology, opendata, skm_rtl
from web.data import Generation, PublicData
from web.disclosure import (
    DEFAULT_MIN_CELL,
    HIDDEN_CELL,
    NO_RESPONDENTS,
    NOT_SURVEYED,
    SMALL_GROUP,
    SMALL_SAMPLE,
    ikm_note,
)
from web.format import number
from web.model import Snapshot
from web.skm_profile import profile_view
from web.svg import Guide, bar_chart, line_chart

bp = Blueprint("public", __name__)

KIND_NAMES = {MONTH: "bulan", QUARTER: "triwulan", YEAR: "tahun"}
KIND_GROUPS = ((MONTH, "Bulan"), (QUARTER, "Triwulan"), (YEAR, "Tahun"))


def public_data() -> PublicData:
    return current_app.extensions["kinerja.public"]


SITE_KEYS = ("SKM_FORM_URL", "COMPLAINT_URL", "PUBLISHER", "PUBLISHER_CONTACT", "DATA_LICENCE")


def site_info() -> dict[str, str]:
    """The configured links, publisher and licence ([web] in the config; '' = not shown)."""
    return {key.lower(): str(current_app.config.get(key) or "").strip() for key in SITE_KEYS}


@bp.app_context_processor
def _site() -> dict:
    return {"city_name": current_app.config["CITY_NAME"], "site": site_info()}


# ---- cached bodies --------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """A rendered response body with its type, extra headers and ETag."""

    data: bytes
    mimetype: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()


def _respond(
    generation: Generation,
    key: tuple,
    build: Callable[[], str | bytes],
    mimetype: str = "text/html",
    headers: tuple[tuple[str, str], ...] = (),
) -> Response:
    def make() -> Body:
        content = build()
        data = content.encode("utf-8") if isinstance(content, str) else content
        return Body(data, mimetype, hashlib.sha256(data).hexdigest()[:24], headers)

    body: Body = generation.page(key, make)
    response = current_app.response_class(body.data, mimetype=body.mimetype)
    response.headers.extend(body.headers)
    response.headers["Cache-Control"] = "no-cache"  # may be stored, but revalidated (ETag) each time
    response.set_etag(body.etag)
    return response.make_conditional(request)


def _base_context(snapshot: Snapshot, active: str, period: str | None = None) -> dict:
    """`link_period`: the period links carry ('?periode='), None for the default (latest) one, so
    a visitor who picked a period keeps it from Beranda to an OPD page and back."""
    link_period = period if period is not None and period != snapshot.latest else None
    return {"active": active, "last_sync": snapshot.last_sync, "link_period": link_period}


# ---- Beranda -------------------------------------------------------------------------------


@bp.get("/")
def index():
    generation = public_data().current()
    snapshot = generation.snapshot
    period = request.args.get("periode") or snapshot.latest
    if period is not None and period not in snapshot.periods:
        abort(404)
    return _respond(generation, ("beranda", period), lambda: _render_beranda(snapshot, period))


def _render_beranda(snapshot: Snapshot, period: str | None) -> str:
    kind = period_kind(period) if period else None
    return render_template(
        "beranda.html",
        **_base_context(snapshot, "index", period),
        snapshot=snapshot,
        period=period,
        kind_name=KIND_NAMES.get(kind, "bulan"),
        period_groups=_period_groups(snapshot),
        months_in=len(snapshot.months_in(period)) if period else 0,
        rows=snapshot.agencies_in(period),
        predikats=PREDIKATS,
        min_responses=current_app.config["MIN_RESPONSES"],
        min_group_size=current_app.config["MIN_GROUP_SIZE"],
        days_limit=current_app.config["SCORING"].complaint_days_limit,
        city=_city_headline(snapshot, period) if period else None,
        **_state_names(snapshot),
    )


def _period_groups(snapshot: Snapshot) -> list[tuple[str, tuple[str, ...]]]:
    """The period selector's option groups: months, quarters, years, each newest first."""
    return [(label, tuple(reversed(snapshot.of_kind(k)))) for k, label in KIND_GROUPS if snapshot.of_kind(k)]


def _city_headline(snapshot: Snapshot, period: str) -> dict:
    """The figures Beranda opens with (web/city.py) and its chart of the published agency IKMs."""
    figures = snapshot.city.get(period)
    rows = snapshot.agencies_in(period)
    min_responses = current_app.config["MIN_RESPONSES"]
    published = figures is not None and figures.ikm is not None and figures.respondents >= min_responses
    bars = [(r.name, r.ikm.value) for r in rows if r.ikm is not None]
    label = period_label(period)
    guides = [Guide(figures.ikm, f"IKM kota {number(figures.ikm)}")] if published else []
    chart = None
    if bars:
        desc = "; ".join(f"{name}: {number(value)}" for name, value in bars) + "."
        if published:
            desc += f" Garis putus-putus: IKM kota {number(figures.ikm)}."
        hidden = len(rows) - len(bars)
        if hidden:
            desc += f" {hidden} OPD tanpa IKM yang dapat ditampilkan (lihat tabel)."
        chart = bar_chart(bars, chart_id="grafik-kota", title=f"IKM per OPD, {label}", desc=desc, guides=guides)
    ikm_rose, ikm_fell = city.movers(rows, "ikm_change")
    na_rose, na_fell = city.movers(rows, "na_change")
    return {
        "figures": figures,
        "ikm_published": published,
        "ikm_note": (
            ikm_note(SMALL_SAMPLE, figures.respondents, min_responses)
            if figures and figures.respondents
            else NO_RESPONDENTS
        ),
        "complaints_share": (
            figures.complaints_in_limit / figures.complaints_received
            if figures and figures.complaints_received
            else None
        ),
        "agencies": len(rows),
        "movers": [
            (what, direction, found)
            for what, direction, found in (
                ("IKM", "naik", ikm_rose),
                ("IKM", "turun", ikm_fell),
                ("Nilai Akhir rata-rata", "naik", na_rose),
                ("Nilai Akhir rata-rata", "turun", na_fell),
            )
            if found
        ],
        "chart": chart,
        "shown_agencies": len(bars),
    }


def _state_names(snapshot: Snapshot) -> dict:
    """What templates compare states with and how a hidden predikat cell reads."""
    return {
        "not_surveyed": NOT_SURVEYED,
        "small_group": SMALL_GROUP,
        "hidden_cell": HIDDEN_CELL,
        "min_cell": snapshot.min_cell or DEFAULT_MIN_CELL,
    }


# ---- Halaman OPD ---------------------------------------------------------------------------


@bp.get("/opd/<code>")
def agency(code: str):
    generation = public_data().current()
    snapshot = generation.snapshot
    canonical = snapshot.agency_code(code)
    if canonical is None or not snapshot.periods:
        abort(404)
    period = request.args.get("periode") or None
    if period is not None and period not in snapshot.periods:
        abort(404)
    if period == snapshot.latest:
        period = None  # the default: one cached page for both addresses
    profil = request.args.get("profil") or None
    if canonical != code:  # '/opd/dpmptsp': one address per agency, so links and caches agree
        return redirect(url_for("public.agency", code=canonical, periode=period, profil=profil), 301)
    try:  # the respondent profile, one characteristic at a time (?profil=usia)
        profile = profile_view(snapshot.profiles, code, period or snapshot.latest, profil)
    except KeyError:
        abort(404)
    key = ("opd", code, period) if profil is None else ("opd", code, period, profil)
    return _respond(generation, key, lambda: _render_agency(snapshot, code, period, profile, profil))


def _focus_month(snapshot: Snapshot, period: str | None) -> str | None:
    """The month an OPD page's trend ends at: the period itself, a quarter's or year's last month
    with data, else the latest month."""
    if period is not None:
        months = snapshot.months_in(period)
        if months:
            return months[-1]
    return snapshot.months[-1] if snapshot.months else None


def _ticks(months: tuple[str, ...]) -> list[str]:
    """Short x-axis labels: 'Okt', with the year on the first tick and on January: 'Jan 26'."""
    ticks = []
    for i, month in enumerate(months):
        short = short_month(int(month[5:7]))
        ticks.append(f"{short} {month[2:4]}" if i == 0 or month.endswith("-01") else short)
    return ticks


def _latest_ikm(snapshot: Snapshot, code: str, period: str | None = None):
    """(period, Ikm) of the agency's published IKM in `period` when there is one, else its latest:
    months first, then quarters, then years."""
    if period is not None:
        row = snapshot.agency(code, period)
        if row is not None and row.ikm is not None and any(v is not None for v in row.ikm.nrr):
            return period, row.ikm
    for kind in (MONTH, QUARTER, YEAR):
        for period in reversed(snapshot.of_kind(kind)):
            row = snapshot.agency(code, period)
            if row is not None and row.ikm is not None and any(v is not None for v in row.ikm.nrr):
                return period, row.ikm
    return None, None


def _elements(ikm) -> list[dict]:
    """The nine SKM elements with NRR, the weakest ones marked (ties: all of them)."""
    if ikm is None:
        return []
    shown = [number(v) if v is not None else None for v in ikm.nrr]  # compared as displayed
    present = [v for v in ikm.nrr if v is not None]
    lowest = number(min(present)) if present else None
    # When all nine are equal no element stands out, so none is marked (as in the Catatan Penilaian).
    stands_out = len({s for s in shown if s is not None}) > 1
    return [
        {"code": code, "name": name, "nrr": value, "weakest": stands_out and text == lowest}
        for (_key, code, name), value, text in zip(SKM_ELEMENTS, ikm.nrr, shown)
    ]


def _render_agency(
    snapshot: Snapshot, code: str, period: str | None = None, profile: dict | None = None, profil: str | None = None
) -> str:
    name = snapshot.agency_name(code) or code
    focus = _focus_month(snapshot, period)
    months = snapshot.trend_months(end=focus)
    rows = [snapshot.agency(code, m) for m in months]
    ikm_values = [r.ikm.value if r is not None and r.ikm is not None else None for r in rows]
    na_values = [r.avg_na if r is not None else None for r in rows]
    labels = [period_label(m) for m in months]
    span = f"{labels[0]} sampai {labels[-1]}" if labels else ""
    params = current_app.config["SCORING"]
    # A chart without a single point would be an empty frame on an arbitrary axis: a sentence instead.
    charts = {
        "ikm": None
        if all(v is None for v in ikm_values)
        else line_chart(
            ikm_values,
            _ticks(months),
            chart_id=f"grafik-ikm-{code}",
            point_labels=labels,
            title=f"IKM {name}, {span}",
            desc=_chart_desc("IKM", ikm_values, labels) + " Garis putus-putus: batas bawah mutu B (76,61).",
            guides=[Guide(params.ikm_target, "Batas mutu B")],
        ),
        "na": None
        if all(v is None for v in na_values)
        else line_chart(
            na_values,
            _ticks(months),
            chart_id=f"grafik-na-{code}",
            point_labels=labels,
            title=f"Rata-rata Nilai Akhir {name}, {span}",
            desc=_chart_desc("Rata-rata Nilai Akhir", na_values, labels)
            + f" Garis putus-putus: batas Sesuai Ekspektasi ({number(params.threshold_meets, 2, True)}).",
            guides=[Guide(params.threshold_meets, "Batas Sesuai Ekspektasi")],
        ),
    }
    ikm_period, ikm = _latest_ikm(snapshot, code, period)
    latest_month = focus
    shown = period or latest_month
    quarters = snapshot.of_kind(QUARTER)
    if period is not None and period_kind(period) == QUARTER:
        latest_quarter = period
    elif latest_month is not None and quarter_of(latest_month) in quarters:
        latest_quarter = quarter_of(latest_month)
    else:
        latest_quarter = quarters[-1] if quarters and period is None else None
    categories = snapshot.categories.get(code, {})
    totals: dict[str, int] = {}
    for month in months:
        for category, count in categories.get(month, ()):
            totals[category] = totals.get(category, 0) + count
    # The first column is the chosen period (a month, or a quarter's / year's months summed), the
    # second the 12 months of the trend ending at its last month, both named in the header.
    period_counts: dict[str, int] = {}
    for month in snapshot.months_in(shown) if shown else ():
        for category, count in categories.get(month, ()):
            period_counts[category] = period_counts.get(category, 0) + count
    category_rows = sorted(
        ((c, period_counts.get(c, 0), totals.get(c, 0)) for c in set(totals) | set(period_counts)),
        key=lambda t: (-t[1], -t[2], t[0]),
    )
    return render_template(
        "opd.html",
        **_base_context(snapshot, "opd", period),
        code=code,
        name=name,
        latest=snapshot.agency(code, shown),
        shown=shown,
        period_groups=_period_groups(snapshot),
        shown_kind=KIND_NAMES.get(period_kind(shown) if shown else None, "bulan"),
        latest_month=latest_month,
        latest_quarter=latest_quarter,
        trend=list(zip(months, ikm_values, na_values, rows)),
        span=span,
        charts=charts,
        ikm_period=ikm_period,
        elements=_elements(ikm),
        categories=category_rows,
        categories_period=period_label(shown) if shown else "",
        categories_span=f"12 bulan sampai {labels[-1]}" if labels else "12 bulan",
        units=snapshot.units_of(code),
        predikats=PREDIKATS,
        drop_points=params.ikm_drop_points,
        min_responses=current_app.config["MIN_RESPONSES"],
        min_group_size=current_app.config["MIN_GROUP_SIZE"],
        days_limit=params.complaint_days_limit,
        profile=profile,
        profil=profil,
        followup=skm_rtl.agency_followup(
            public_data().store, code, [latest_month, latest_quarter, shown], current_app.config["MIN_RESPONSES"]
        ),
        **_state_names(snapshot),
    )


def _chart_desc(what: str, values: list, labels: list[str]) -> str:
    shown = [(label, v) for label, v in zip(labels, values) if v is not None]
    hidden = len(values) - len(shown)
    if not shown:
        return f"{what} per bulan: belum ada angka yang dapat ditampilkan."
    low = min(shown, key=lambda t: t[1])
    high = max(shown, key=lambda t: t[1])
    text = (
        f"{what} per bulan. Terakhir {shown[-1][0]}: {number(shown[-1][1])}; terendah {low[0]}: "
        f"{number(low[1])}; tertinggi {high[0]}: {number(high[1])}."
    )
    if hidden:
        text += f" {hidden} bulan tanpa angka (sampel kurang, kelompok kecil, atau belum ada data)."
    return text


# ---- Metodologi, Data terbuka, files ------------------------------------------------------------


@bp.get("/metodologi")
def metodologi():
    generation = public_data().current()
    return _respond(generation, ("metodologi",), lambda: _render_metodologi(generation.snapshot))


def _render_metodologi(snapshot: Snapshot) -> str:
    params = current_app.config["SCORING"]
    rules = current_app.config.get("RULES")
    return render_template(
        "metodologi.html",
        **_base_context(snapshot, "metodologi"),
        sections=methodology.sections(
            params,
            current_app.config["MIN_GROUP_SIZE"],
            int(current_app.config["MIN_CELL_SIZE"]),
            current_app.config.get("AGENCY_RESULTS") or ("terbatas",),
        ),
        rating_table=methodology.rating_table(params),
        matrix=methodology.predikat_matrix(),
        ratings=RATINGS,
        mutu_bands=MUTU_BANDS,
        feedback=methodology.feedback_table(params, current_app.config.get("FEEDBACK")),
        distribution=methodology.distribution_table(),
        regulations=methodology.REGULATIONS,
        model_name=methodology.MODEL_NAME,
        rules=rules if rules and rules[0] else None,
        rules_name=_rules_name(rules, methodology.MODEL_NAME),
        data_rules=snapshot.rules,
    )


def _rules_name(rules, default: str) -> str:
    """The rules' name without its code ('Model … v1 (abc123)' -> 'Model … v1'): the page prints
    the code once, beside it."""
    if not rules or not rules[0]:
        return default
    name = (rules[1] or default).strip()
    suffix = f"({rules[0]})"
    return name[: -len(suffix)].rstrip() if name.endswith(suffix) else name


@bp.get("/data-terbuka")
def data_terbuka():
    generation = public_data().current()
    return _respond(
        generation,
        ("data-terbuka",),
        lambda: render_template(
            "data_terbuka.html",
            **_base_context(generation.snapshot, "data"),
            files=opendata.FILES,
            statuses=opendata.IKM_STATUSES + opendata.KINERJA_STATUSES,
            days_limit=current_app.config["SCORING"].complaint_days_limit,
            drop_points=current_app.config["SCORING"].ikm_drop_points,
        ),
    )


@bp.get("/data/<name>")
def data_file(name: str):
    if name not in opendata.FILES:
        abort(404)
    generation = public_data().current()
    if name.endswith(".csv"):
        mimetype, disposition = "text/csv", f'attachment; filename="kinerja-{name}"'
    else:
        mimetype, disposition = "application/json", f'inline; filename="kinerja-{name}"'
    # Relative: the body is cached, and the Host header is the client's to choose.
    documentation = url_for("public.data_terbuka")
    return _respond(
        generation,
        ("data", name),
        lambda: opendata.render(name, generation.snapshot, documentation, site_info()),
        mimetype=mimetype,
        headers=(("Content-Disposition", disposition),),
    )


@bp.get("/healthz")
def healthz():
    try:
        last_sync = public_data().last_sync()
        # The worker's heartbeat says it is alive between syncs (read directly: not cached).
        heartbeat = public_data().store.meta("heartbeat")
    except StoreError:
        return jsonify(status="error", last_sync=None, heartbeat=None), 503
    return jsonify(status="ok", last_sync=last_sync, heartbeat=heartbeat)


# ---- errors -------------------------------------------------------------------------------------


@bp.app_errorhandler(404)
def _not_found(_error):
    return render_template(
        "galat.html", title="Halaman tidak ditemukan", message="Alamat, periode, atau OPD yang diminta tidak ada."
    ), 404


@bp.app_errorhandler(405)
def _method_not_allowed(_error):
    return render_template(
        "galat.html",
        title="Metode tidak diizinkan",
        message="Halaman ini hanya dapat dibuka, tidak dapat dikirimi data.",
    ), 405


@bp.app_errorhandler(500)
def _server_error(_error):
    return render_template(
        "galat.html",
        title="Terjadi kesalahan",
        message="Terjadi kesalahan pada server. Silakan coba lagi beberapa saat lagi.",
    ), 500


@bp.app_errorhandler(StoreError)
def _store_unavailable(_error):
    # The message names the store's path: for the log, not for the public.
    current_app.logger.exception("Basis data hasil tidak dapat dibaca; pengunjung mendapat halaman 503")
    return render_template(
        "galat.html",
        title="Data sedang tidak tersedia",
        message="Data hasil sedang tidak dapat dibaca. Silakan coba lagi beberapa saat lagi.",
    ), 503
