"""The personal pages behind the one login (issue 13): /saya (my own appraisal, who looked at it,
downloads of all my data), /tim (a supervisor's team) and /pegawai/<nip> (one employee, for that
employee, their two levels of supervisors, their agency's admin OPD and BKPSDM; 403 for anyone
else, the same 403 whether the NIP exists or not).

Every view or download of a person's data by someone else goes into the access log.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request

from scoring.indonesian import short_month
from scoring.params import RATINGS
from scoring.periods import MONTH, kind as period_kind, label as period_label
from scoring.rejected import NOTE_SEPARATOR
from scoring.vocabulary import agency_unit_id
from sync.store import accounts as account_store
from sync.store.accounts import Access, SiteStore as ResultsStore
from web import auth, csrf, hr_data, in_force, scope
from web.explain import explain
from web.format import month_label, number
from web.svg import Guide, line_chart

bp = Blueprint("me", __name__)
bp.before_request(auth.require_login)
csrf.protect(bp)

NIP_PATTERN = re.compile(r"^\d{18}$")
FORBIDDEN = (
    "Anda tidak berhak membuka halaman ini. Halaman pegawai hanya terbuka bagi pegawai itu sendiri, "
    "atasannya (dua tingkat), admin OPD-nya dan BKPSDM."
)
# The 403 of pages that are not a person's: it says whose the page is.
ADMINS_ONLY = (
    "Anda tidak berhak membuka halaman ini. Halaman ini hanya untuk admin OPD (untuk OPD-nya) dan BKPSDM. "
    "Hasil kinerja Anda sendiri ada di halaman Saya."
)
BKPSDM_ONLY = (
    "Anda tidak berhak membuka halaman ini. Halaman ini hanya untuk BKPSDM. "
    "Hasil kinerja Anda sendiri ada di halaman Saya."
)
AGENCY_ONLY = "Anda tidak berhak membuka data OPD ini. Admin OPD hanya membuka data OPD-nya sendiri."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def store() -> ResultsStore:
    return current_app.extensions["kinerja.store"]


def forbidden(message: str = FORBIDDEN):
    page = render_template("hr/galat.html", title="Akses ditolak", message=message)
    abort(make_response(page, 403))


def viewer() -> scope.Viewer:
    found = auth.current_viewer()
    assert found is not None  # require_login ran first
    return found


def relation_to(who: scope.Viewer, nip: str) -> str | None:
    """The viewer's tie to employee `nip` (web.scope), None when they may not see them."""
    if not NIP_PATTERN.match(nip):
        return None
    if who.nip == nip:
        return scope.SELF
    chain = scope.people_from(hr_data.roster_chain(store(), nip))
    return scope.relation(who, nip, chain, hr_data.result_agencies(store(), nip))


def log(who: scope.Viewer, entries: list[tuple[str, str, str]]) -> None:
    """Log (relation, nip, agency) views by `who` of other people's data, as `what`."""
    at = account_store.now_text()
    account_store.log_access(
        store(),
        [
            Access(at, who.login, who.name, relation, nip, agency, what)
            for relation, nip, agency, what in entries
            if not (relation == scope.SELF or nip == who.nip)
        ],
    )


# What a logged view was (the `what` of log() calls: an action, then the period key if any), in the
# words the person reads under "Siapa yang melihat data saya" and BKPSDM in the log export.
ACCESS_WORDS = {
    "halaman pegawai": "Halaman hasil kinerja Anda",
    "daftar pegawai": "Daftar pegawai OPD",
    "daftar tim": "Daftar tim atasan",
    "daftar keberatan": "Daftar keberatan",
    "keberatan": "Rincian keberatan",
    "penetapan": "Halaman penetapan hasil kinerja",
    "penetapan massal": "Penetapan bersama (satu tim)",
    "laporan Excel": "Laporan Excel BKPSDM/OPD",
    "dokumen evaluasi": "Dokumen evaluasi kinerja",
    "kode aktivasi baru": "Kode aktivasi akun baru",
}


def access_what(what: str) -> str:
    """`'penetapan 2026-10'` -> `'Halaman penetapan hasil kinerja Oktober 2026'`; `'laporan Excel
    2026'` -> `'Laporan Excel BKPSDM/OPD tahun 2026'`; an unknown action keeps its words."""
    text = str(what or "").strip()
    action, _, last = text.rpartition(" ")
    period_text = ""
    if action and period_kind(last):
        label = period_label(last)
        period_text = label if period_kind(last) == MONTH else label[0].lower() + label[1:]
    else:
        action = text
    words = ACCESS_WORDS.get(action, action)
    return f"{words} {period_text}".strip()


# ---- one employee's page (also /hr/pegawai/<nip>) ---------------------------------------------


CACHE_SIZE = 4096  # personal pages kept per process (LRU); each holds one person's history


class SyncCache:
    """Values computed from the worker's tables, kept until the store's `last_sync` changes (as
    the public pages' cache): a person reloading /saya costs a meta query, not ten queries and
    the explanation. Account tables (sessions, the access log) are never cached."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, build):
        version = current_app.extensions["kinerja.public"].last_sync()
        full = (version, key)
        with self._lock:
            if full in self._values:
                self._values.move_to_end(full)
                return self._values[full]
        value = build()
        with self._lock:
            self._values[full] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


def sync_cache() -> SyncCache:
    return current_app.extensions.setdefault("kinerja.personal_cache", SyncCache())


PAGE_CACHE_SIZE = 512  # rendered /saya pages (about 25 kB each)


def page_cache() -> SyncCache:
    return current_app.extensions.setdefault("kinerja.personal_pages", SyncCache(PAGE_CACHE_SIZE))


def employee_context(nip: str, link_endpoint: str, link_args: dict) -> dict | None:
    """What pegawai_rinci.html shows for `nip` (None: no data at all). The period and agency
    come from ?periode= and ?opd= (choosing among this person's own months only)."""
    key = (
        "employee",
        nip,
        request.args.get("periode") or "",
        request.args.get("opd") or "",
        link_endpoint,
        tuple(sorted(link_args.items())),
        in_force.version(store(), nip),  # an upheld keberatan shows at once, not at the next sync
    )
    return sync_cache().get(key, lambda: _employee_context(nip, link_endpoint, link_args))


def has_team(nip: str | None) -> bool:
    if not nip:
        return False
    return sync_cache().get(("has_team", nip), lambda: bool(hr_data.team_rows(store(), nip)))


def _employee_context(nip: str, link_endpoint: str, link_args: dict) -> dict | None:
    history = hr_data.employee_history(store(), nip)
    if history.employee is None and not history.months and not history.periodic:
        return None
    latest = history.months[-1] if history.months else {}
    chosen = request.args.get("periode") or latest.get("period")
    # A month scored in two agencies (a store from before cross-agency checks) is told apart by ?opd=.
    chosen_agency = request.args.get("opd") or None
    row = next(
        (
            r
            for r in history.months
            if r["period"] == chosen and (chosen_agency is None or r["agency"] == chosen_agency)
        ),
        None,
    )
    # A NIP on two rosters: Jabatan, Unit Kerja (and the unit whose complaints explain the IKM)
    # come from the roster of the agency that scored the month shown, not the first one listed.
    # Someone who left the roster keeps their history; their details come from the last result.
    person = (
        next((r for r in history.rosters if row is not None and r["agency"] == row["agency"]), None)
        or history.employee
        or {k: latest.get(k) for k in ("agency", "nip", "name", "position", "unit")}
    )
    explanation, categories = None, []
    if row is not None:
        explanation = explain(row, hr_data.indicators(store(), nip, row["period"]), current_app.config["SCORING"])
        units = [str(person.get("unit_id") or ""), agency_unit_id(row["agency"])]
        categories = hr_data.complaint_categories(store(), units, row["period"])
    listed = hr_data.agencies(store())
    names = dict(zip(listed["code"], listed["name"]))
    return dict(
        person=person,
        history=history,
        row=row,
        explanation=explanation,
        categories=categories,
        agency_name=names.get(person.get("agency"), person.get("agency")),
        agency_names=names,
        roster_agencies=[names.get(r["agency"], r["agency"]) for r in history.rosters],
        ratings=RATINGS,
        link_endpoint=link_endpoint,
        link_args=link_args,
        missing_period=bool(request.args.get("periode")) and row is None,
        trend=trend_chart(history.months),
    )


FILLED_BY = (
    ("Laporan Kinerja", "Anda sendiri (tab Laporan Kinerja di spreadsheet OPD)"),
    ("Penilaian Atasan", "atasan langsung Anda, Pejabat Penilai (tab Penilaian Atasan)"),
    ("Presensi", "admin presensi OPD Anda (tab Presensi)"),
)


def who_fills(missing: str | None) -> list[tuple[str, str]]:
    """Each missing input of a month and who fills it in, for /saya."""
    text = str(missing or "").lower()
    found = [(item, who) for item, who in FILLED_BY if item.lower() in text]
    return found or ([(str(missing), "admin OPD Anda")] if missing else [])


def rejected_lines(text: str | None) -> list[str]:
    """A result's rejected input rows (results.rejected_rows, one line each) as a list."""
    return [line for line in str(text or "").split(NOTE_SEPARATOR) if line.strip()]


def trend_chart(months: list[dict]):
    """Nilai Akhir month by month (a gap where a month has none)."""
    if not months or all(m.get("na") is None for m in months):
        return None
    months = months[-12:]  # the last twelve months, as the public agency page draws them
    values = [m.get("na") for m in months]
    labels = [month_label(m["period"]) for m in months]
    ticks = [
        f"{short_month(int(m['period'][5:7]))} {m['period'][2:4]}"
        if i == 0 or m["period"].endswith("-01")
        else short_month(int(m["period"][5:7]))
        for i, m in enumerate(months)
    ]
    params = current_app.config["SCORING"]
    return line_chart(
        values,
        ticks,
        chart_id="tren-na",
        title="Tren Nilai Akhir saya",
        desc="Nilai Akhir setiap bulan: "
        + "; ".join(f"{lab}: {number(v)}" for lab, v in zip(labels, values))
        + f". Garis putus-putus: batas Sesuai Ekspektasi ({number(params.threshold_meets, 2, True)}).",
        point_labels=labels,
        guides=[Guide(params.threshold_meets, "Batas Sesuai Ekspektasi")],
    )


@bp.get("/pegawai/<nip>")
def employee(nip: str):
    who = viewer()
    relation = relation_to(who, nip)
    if relation is None:
        forbidden()
    context = employee_context(nip, "me.employee", {"nip": nip})
    if context is None:
        if relation == scope.BKPSDM:
            page = render_template(
                "hr/galat.html",
                title="Tidak ditemukan",
                message="Tidak ada pegawai dengan NIP ini di basis data hasil.",
            )
            abort(make_response(page, 404))
        forbidden()  # an admin OPD's agency once had this NIP, nothing is left: say no more
    if context["missing_period"]:
        not_found_period()
    row = context["row"]
    log(
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
    return render_template("hr/pegawai_rinci.html", active="pegawai", relation=relation, **context)


def not_found_period():
    page = render_template(
        "hr/galat.html",
        title="Tidak ditemukan",
        message="Pegawai ini tidak punya hasil bulanan untuk periode yang diminta.",
    )
    abort(make_response(page, 404))


# ---- /saya ---------------------------------------------------------------------------------------


@bp.get("/saya")
def mine():
    who = viewer()
    if not who.nip:
        return render_template("saya_tanpa_nip.html", active="saya")
    context = employee_context(who.nip, "me.mine", {})
    if context is not None and context["missing_period"]:
        not_found_period()
    from web import keberatan

    # The rendered page is kept as well, until the data, this session's CSRF token (in the
    # logout form), the list of who looked at my data or my objections change.
    key = (
        "saya",
        who.login,
        who.nip,
        request.args.get("periode") or "",
        request.args.get("opd") or "",
        csrf.token(),
        account_store.last_access(store(), who.nip),
        keberatan.saya_version(who.nip),
        penetapan_version(who.nip),  # a confirmation or a sent-back note shows at once
    )
    return page_cache().get(key, lambda: _render_mine(who, context))


def penetapan_version(nip: str) -> int:
    from web import penetapan

    return penetapan.version_of(nip)


def _render_mine(who: scope.Viewer, context: dict | None) -> str:
    accesses = account_store.accesses_of(store(), who.nip)
    if context is None:
        return render_template("saya_kosong.html", active="saya", accesses=accesses, nip=who.nip)
    from web import keberatan

    return render_template(
        "saya.html",
        active="saya",
        relation=scope.SELF,
        accesses=accesses,
        keberatan=keberatan.saya_context(who.nip),
        **context,
    )


def _plain_row(row: dict) -> dict:
    """A results row for a download: without the pages' `keberatan` mark (a dict)."""
    return {k: v for k, v in row.items() if k != "keberatan"}


def _own_data(nip: str) -> dict:
    history = hr_data.employee_history(store(), nip)
    return {
        "nip": nip,
        "pegawai": history.rosters,
        # The result in force (web.in_force); its `decision` says a keberatan decided it.
        "hasil_bulanan": [_plain_row(r) for r in history.months],
        "hasil_triwulan_tahun": [_plain_row(r) for r in history.periodic],
        "indikator": hr_data.all_indicators(store(), nip),
        "akses_oleh_orang_lain": [a.__dict__ for a in account_store.accesses_of(store(), nip, limit=100_000)],
    }


@bp.get("/saya/data.json")
def mine_json():
    from web.own_data import machine

    who = viewer()
    if not who.nip:
        forbidden()
    body = json.dumps(machine(_own_data(who.nip)), ensure_ascii=False, indent=1, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="data-saya-{who.nip}.json"'},
    )


@bp.get("/saya/data.xlsx")
def mine_xlsx():
    from web.own_data import sheets
    from web.workbooks import workbook_bytes

    who = viewer()
    if not who.nip:
        forbidden()
    return Response(
        workbook_bytes(sheets(_own_data(who.nip))),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="data-saya-{who.nip}.xlsx"'},
    )


# ---- /tim ----------------------------------------------------------------------------------------


@bp.get("/tim")
def team():
    who = viewer()
    members = scope.team(who.nip, scope.people_from(hr_data.team_rows(store(), who.nip))) if who.nip else {}
    from web import penetapan

    offered = penetapan.team_periods(hr_data.periods(store()))  # months, and confirmed quarters/years
    period = request.args.get("periode") or (offered[0] if offered else None)
    if period is not None and period not in offered:
        period = offered[0] if offered else None
    nips = sorted(members)
    results = {r["nip"]: r for r in penetapan.team_results(nips, period)} if period else {}
    rows = []
    for person in hr_data.people(store(), nips):
        if any(r["nip"] == person["nip"] for r in rows):
            continue
        result = results.get(person["nip"], {})
        rows.append(
            {
                **person,
                "relation": members[person["nip"]],
                "result": result,
                "complete": bool(result) and not result.get("missing"),
            }
        )
    rows.sort(key=lambda r: (r["relation"] != scope.RATER, str(r.get("unit") or ""), str(r.get("name") or "")))
    attention = [r for r in rows if r["result"].get("attention")]
    complete = sum(1 for r in rows if r["complete"])
    confirming = penetapan.team_states(who, rows, period)
    log(
        who, [(r["relation"], r["nip"], str(r.get("agency") or ""), f"daftar tim {period or ''}".strip()) for r in rows]
    )
    return render_template(
        "tim.html",
        active="tim",
        rows=rows,
        attention=attention,
        complete=complete,
        period=period,
        periods=offered,
        confirming=confirming,
    )


# ---- wiring --------------------------------------------------------------------------------------

PRIVATE_PATHS = ("/saya", "/tim", "/pegawai", "/hr", "/masuk", "/aktivasi", "/keluar", "/keberatan")


@bp.app_context_processor
def _helpers() -> dict:
    return {"who_fills": who_fills, "rejected_lines": rejected_lines, "access_what": access_what}


def no_store(response: Response) -> Response:
    """Personal pages: never kept by a browser or proxy cache, never indexed."""
    path = request.path
    if any(path == p or path.startswith(p + "/") for p in PRIVATE_PATHS):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
