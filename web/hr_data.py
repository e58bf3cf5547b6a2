"""What the HR pages read from the results store: filtered, paged queries, no caching.

HR pages show personal data, so this module (not web/model.py, the public model) reads `results`,
`results_periodic`, `indicators`, `employees` and `issues`, all through the store reader
(sync/store/reader.py). Every condition is built from fixed column names with `?` parameters. A
store written by an older version may lack a column or table: the reader returns a missing column
as None, so a page degrades to "–" instead of failing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pandas as pd

from config.contract import MONTH, QUARTER, YEAR, period_kind
from scoring.indonesian import comma, month_name
from scoring.params import PREDIKATS
from scoring.vocabulary import SUPERVISOR_RATINGS
from sync.store import accounts as account_store, acts
from sync.store.reader import StoreReader
from sync.store.schema import RATING_KEYS, column_names
from web import in_force
from web.model import agency_order

PAGE_SIZE = 50
NO_PREDIKAT = "belum"  # filter value: rows without a predikat (something is missing)
META_KEYS = ("last_sync", "heartbeat", "worker_state", "next_sync", "worker_error", "last_cycle")


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None (not NaN) for missing values."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def select(
    store: StoreReader,
    table: str,
    columns: list[str],
    where: str = "",
    params: tuple = (),
    order: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """`columns` of `table` (missing ones as None) WHERE/ORDER BY/LIMIT as given."""
    return store.reader.rows(table, where, params, columns=columns, order_by=order or None, limit=limit, offset=offset)


def count(store: StoreReader, table: str, where: str = "", params: tuple = ()) -> int:
    return store.reader.count(table, where, params)


def _union(query, store: StoreReader, table: str, columns: list[str], *args, **kwargs) -> pd.DataFrame:
    """`query` for the `columns` of a list shared by a monthly and a periodic table: those `table`
    does not declare come back as None (the reader refuses undeclared names)."""
    declared = set(column_names(table))
    return query(store, table, [c for c in columns if c in declared], *args, **kwargs).reindex(columns=columns)


def has_column(store: StoreReader, table: str, column: str) -> bool:
    return store.reader.has_column(table, column)


# ---- periods and agencies ---------------------------------------------------------------------


@dataclass(frozen=True)
class Periods:
    """Every period with results, newest first, by kind."""

    months: tuple[str, ...]
    quarters: tuple[str, ...]
    years: tuple[str, ...]

    @property
    def latest(self) -> str | None:
        return (self.months or self.quarters or self.years or (None,))[0]

    def __contains__(self, period: object) -> bool:
        return period in self.months or period in self.quarters or period in self.years


def periods(store: StoreReader) -> Periods:
    found: set[str] = set()
    for table in ("results", "agency_summary", "results_periodic", "agency_periodic"):
        if store.reader.has_column(table, "period"):
            found.update(str(p) for p in store.reader.grouped(table, ["period"])["period"] if p)
    by_kind = {
        kind: tuple(sorted((p for p in found if period_kind(p) == kind), reverse=True))
        for kind in (MONTH, QUARTER, YEAR)
    }
    return Periods(by_kind[MONTH], by_kind[QUARTER], by_kind[YEAR])


def agencies(store: StoreReader) -> pd.DataFrame:
    """code, name, spreadsheet: the configured agencies in order, then codes found only in results."""
    listed = select(store, "agencies", ["code", "name", "spreadsheet", "position"])
    codes = select(store, "agency_summary", ["agency"])["agency"]
    ordered = agency_order(listed, codes)
    return ordered.merge(listed[["code", "spreadsheet"]], on="code", how="left")


# ---- pages ------------------------------------------------------------------------------------


def latest_sheets(store: StoreReader) -> pd.DataFrame:
    """run_sheets of the latest run that recorded any (a run under way has none yet)."""
    return select(
        store,
        "run_sheets",
        [
            "run_id",
            "spreadsheet",
            "scope",
            "status",
            "rows_read",
            "rows_used",
            "rows_rejected",
            "rows_superseded",
            "written",
            "seconds",
            "error",
        ],
        "run_id = (SELECT MAX(run_id) FROM run_sheets)",
        order="rowid",
    )


def meta(store: StoreReader) -> dict[str, str | None]:
    frame = select(store, "meta", ["key", "value"])
    values = dict(zip(frame["key"], frame["value"]))
    return {key: values.get(key) for key in META_KEYS}


def run_line(summary: object) -> str:
    """The one-line summary the worker stored as JSON in runs.summary ('' when there is none)."""
    try:
        return str(json.loads(summary).get("line", "")) if summary else ""
    except (TypeError, ValueError, AttributeError):
        return ""


AGENCY_COLUMNS = [
    "agency",
    "period",
    "headcount",
    "scored",
    "complete_share",
    "avg_nhk",
    "avg_npk",
    "avg_na",
    "n_sangat_baik",
    "n_baik",
    "n_butuh_perbaikan",
    "n_kurang",
    "n_sangat_kurang",
    "attention",
    "attention_reason",
    "months",
]
PREDIKAT_KEYS = dict(zip(PREDIKATS, AGENCY_COLUMNS[8:13]))


def agency_overview(store: StoreReader, period: str) -> list[dict]:
    """One dict per agency for `period`: its summary, employees needing attention, distribution
    warnings for the period's year, and its spreadsheet's status in the latest sync."""
    kind = period_kind(period)
    table = "agency_summary" if kind == MONTH else "agency_periodic"
    summary = _union(select, store, table, AGENCY_COLUMNS, "period = ?", (period,)).drop(columns=["period"])
    attention = pd.DataFrame(columns=["agency", "attention_count"])
    if kind == MONTH and has_column(store, "results", "attention"):
        attention = store.reader.grouped(
            "results", ["agency"], "period = ?", (period,), sums={"attention_count": "attention"}
        )
    checks = select(store, "distribution_checks", ["agency", "message", "ok"], "year = ?", (period[:4],))
    warnings = checks.loc[pd.to_numeric(checks["ok"], errors="coerce") == 0]
    sheets = latest_sheets(store)
    listed = agencies(store)
    frame = (
        listed.merge(summary, left_on="code", right_on="agency", how="left")
        .drop(columns=["agency"])
        .merge(attention.rename(columns={"agency": "code"}), on="code", how="left")
        .merge(sheets[["spreadsheet", "status", "error"]], on="spreadsheet", how="left")
    )
    rows = _records(frame)
    for row in rows:
        row["warnings"] = [str(m) for m in warnings.loc[warnings["agency"] == row["code"], "message"]]
        row["predikat"] = {name: row.get(key) for name, key in PREDIKAT_KEYS.items()}
    return rows


@dataclass(frozen=True)
class EmployeeFilter:
    """The /hr/pegawai filters (all GET parameters)."""

    period: str
    agency: str = ""
    predikat: str = ""
    attention: bool = False
    search: str = ""
    page: int = 1
    within: tuple[str, ...] | None = None  # the agencies the viewer may see (None: all, BKPSDM)


EMPLOYEE_COLUMNS = [
    "agency",
    "period",
    "nip",
    "name",
    "position",
    "unit",
    "nhk",
    "npk",
    "na",
    "rating_hk",
    "rating_pk",
    "predikat",
    "missing",
    "attention",
    "attention_reason",
    "months",
]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def clamp_page(page: int, total: int) -> int:
    """`page` within 1 … the last page of `total` rows (a stale link past the end shows the last)."""
    return min(max(1, page), max(1, math.ceil(total / PAGE_SIZE)))


def employee_page(store: StoreReader, f: EmployeeFilter) -> tuple[list[dict], int, int]:
    """(rows of the page, total matching rows, the page shown); months from `results`, quarters
    and years from `results_periodic`; ordered by agency order, unit, name."""
    table = "results" if period_kind(f.period) == MONTH else "results_periodic"
    where, params = ["period = ?"], [f.period]
    if f.agency:
        where.append("agency = ?")
        params.append(f.agency)
    if f.within is not None:
        where.append(f"agency IN ({', '.join('?' for _ in f.within) or 'NULL'})")
        params += list(f.within)
    if f.predikat == NO_PREDIKAT:
        where.append("predikat IS NULL")
    elif f.predikat in PREDIKATS:
        where.append("predikat = ?")
        params.append(f.predikat)
    if f.attention and table == "results" and has_column(store, table, "attention"):
        where.append("attention = 1")
    if f.search:
        where.append("(nip LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')")
        params += [_like(f.search), _like(f.search)]
    condition = " AND ".join(where)
    total = count(store, table, condition, tuple(params))
    page = clamp_page(f.page, total)
    order = (
        "(SELECT position FROM agencies a WHERE a.code = agency) IS NULL, "
        "(SELECT position FROM agencies a WHERE a.code = agency), agency, unit, name, nip"
    )
    frame = _union(
        select,
        store,
        table,
        EMPLOYEE_COLUMNS,
        condition,
        tuple(params),
        order,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return in_force.rows(store, _records(frame)), total, page


# Every stored result column but the supervisor's eight ratings (rating_service …), as before the
# schema was declared once. (web/explain.py would show those ratings if they were selected.)
RESULT_COLUMNS = [c for c in column_names("results") if c not in {f"rating_{key}" for key in RATING_KEYS}]
PERIODIC_COLUMNS = [
    "agency",
    "period",
    "kind",
    "months",
    "months_nhk",
    "months_npk",
    "nhk",
    "rating_hk",
    "npk",
    "rating_pk",
    "gate",
    "predikat",
    "na",
    "rules_name",
]
INDICATOR_COLUMNS = [
    "row",
    "plan",
    "indicator",
    "target",
    "actual",
    "measure",
    "direction",
    "weight",
    "capaian",
    "capaian_capped",
]


@dataclass(frozen=True)
class EmployeeHistory:
    employee: dict | None  # the roster row (None when the NIP left the roster); an Aktif one first
    months: list[dict]  # results rows, oldest first (each names its agency)
    periodic: list[dict]  # results_periodic rows, oldest first
    rosters: list[dict] = field(default_factory=list)  # every agency's roster row of this NIP


_BY_AGENCY = "(SELECT position FROM agencies a WHERE a.code = agency)"


def employee_history(store: StoreReader, nip: str) -> EmployeeHistory:
    # One NIP can be on several agencies' rosters (a transfer, a typo): keep every row, in agency
    # order, Aktif first, so the page names each agency instead of showing one agency's name.
    roster = _records(
        select(
            store,
            "employees",
            ["agency", "nip", "name", "position", "unit", "unit_id", "public_service", "active"],
            "nip = ?",
            (nip,),
            f"active = 0, {_BY_AGENCY} IS NULL, {_BY_AGENCY}, agency",
        )
    )
    months = _records(select(store, "results", RESULT_COLUMNS, "nip = ?", (nip,), f"period, {_BY_AGENCY}, agency"))
    periodic = _records(
        select(store, "results_periodic", PERIODIC_COLUMNS, "nip = ?", (nip,), f"period, {_BY_AGENCY}, agency")
    )
    # An upheld keberatan is the result from its decision on, not from the next sync.
    months, periodic = in_force.rows(store, months), in_force.rows(store, periodic)
    return EmployeeHistory(roster[0] if roster else None, months, periodic, roster)


def indicators(store: StoreReader, nip: str, period: str) -> list[dict]:
    return _records(select(store, "indicators", INDICATOR_COLUMNS, "nip = ? AND period = ?", (nip, period), "row"))


def complaint_categories(store: StoreReader, unit_ids: list[str], period: str) -> list[dict]:
    """category, count for the given unit ids in `period` (largest first)."""
    ids = [u for u in unit_ids if u]
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    frame = select(
        store,
        "complaint_categories",
        ["unit_id", "category", "count"],
        f"period = ? AND unit_id IN ({marks})",
        (period, *ids),
        "count DESC, category",
    )
    return _records(frame)


def issue_page(
    store: StoreReader, scope: str, severity: str, page: int, within: tuple[str, ...] | None = None
) -> tuple[list[dict], int, int]:
    """(rows of the page, total matching problems, the page shown), by spreadsheet, tab, row;
    `within`: only these scopes (an admin OPD's agencies)."""
    where, params = [], []
    if within is not None:
        where.append(f"scope IN ({', '.join('?' for _ in within) or 'NULL'})")
        params += list(within)
    if scope:
        where.append("scope = ?")
        params.append(scope)
    if severity:
        where.append("severity = ?")
        params.append(severity)
    condition = " AND ".join(where)
    total = count(store, "issues", condition, tuple(params))
    page = clamp_page(page, total)
    frame = select(
        store,
        "issues",
        ["scope", "tab", "row", "column", "value", "problem", "fix", "severity"],
        condition,
        tuple(params),
        "scope, tab, row",
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return in_force.rows(store, _records(frame)), total, page


def issue_counts(store: StoreReader) -> list[dict]:
    """scope, severity, n: how many problems each spreadsheet has."""
    return _records(store.reader.grouped("issues", ["scope", "severity"], count="n"))


def runs(store: StoreReader, limit: int = 20) -> list[dict]:
    frame = select(
        store, "runs", ["id", "started", "finished", "status", "rules_id", "summary"], order="id DESC", limit=limit
    )
    rows = _records(frame)
    for row in rows:
        row["line"] = run_line(row.pop("summary"))
    return rows


MAX_SQLITE_INTEGER = 2**63 - 1


def run_exists(store: StoreReader, run_id: int) -> bool:
    return len(select(store, "runs", ["id"], "id = ?", (run_id,), limit=1)) > 0


def run_sheets(store: StoreReader, run_id: int) -> list[dict]:
    return _records(
        select(
            store,
            "run_sheets",
            [
                "spreadsheet",
                "scope",
                "status",
                "rows_read",
                "rows_used",
                "rows_rejected",
                "rows_superseded",
                "written",
                "seconds",
                "error",
            ],
            "run_id = ?",
            (run_id,),
            "rowid",
        )
    )


# ---- scope: roster rows for web/scope.py (issue 13) -------------------------------------------

SCOPE_COLUMNS = ["nip", "agency", "supervisor_nip", "active"]


def roster_chain(store: StoreReader, nip: str) -> list[dict]:
    """The roster rows of `nip`, of their supervisors and of their supervisors' supervisors: what
    web.scope.relation needs to decide whether a viewer may see `nip`."""
    rows = _records(select(store, "employees", SCOPE_COLUMNS, "nip = ?", (nip,)))
    wanted = {str(r["supervisor_nip"]) for r in rows if r.get("supervisor_nip")}
    for _level in range(2):
        if not wanted:
            break
        marks = ", ".join("?" for _ in wanted)
        found = _records(select(store, "employees", SCOPE_COLUMNS, f"nip IN ({marks})", tuple(sorted(wanted))))
        rows += found
        wanted = {str(r["supervisor_nip"]) for r in found if r.get("supervisor_nip")} - {r["nip"] for r in rows}
    return rows


def team_rows(store: StoreReader, nip: str) -> list[dict]:
    """The roster rows of the people `nip` supervises and of the people those supervise."""
    first = _records(select(store, "employees", SCOPE_COLUMNS, "supervisor_nip = ?", (nip,)))
    reports = sorted({str(r["nip"]) for r in first} - {nip})
    if not reports:
        return first
    marks = ", ".join("?" for _ in reports)
    return first + _records(select(store, "employees", SCOPE_COLUMNS, f"supervisor_nip IN ({marks})", tuple(reports)))


def result_agencies(store: StoreReader, nip: str) -> list[str]:
    """Every agency that has results or a roster row for `nip` (someone who left keeps their history)."""
    found: set[str] = set()
    for table in ("employees", "results", "results_periodic"):
        found.update(str(a) for a in select(store, table, ["agency"], "nip = ?", (nip,))["agency"] if a)
    return sorted(found)


TEAM_COLUMNS = [
    "agency",
    "period",
    "nip",
    "name",
    "position",
    "unit",
    "predikat",
    "na",
    "missing",
    "rejected_rows",
    "attention",
    "attention_reason",
    "feedback",
]


def team_results(store: StoreReader, nips: list[str], period: str) -> list[dict]:
    """The month's result rows of `nips` (the /tim page), by unit and name."""
    if not nips:
        return []
    marks = ", ".join("?" for _ in nips)
    return in_force.rows(
        store,
        _records(
            select(
                store, "results", TEAM_COLUMNS, f"period = ? AND nip IN ({marks})", (period, *nips), "unit, name, nip"
            )
        ),
    )


def waiting_objections(store: StoreReader, period: str) -> dict[str, int]:
    """agency -> upheld keberatan of `period` the worker has not applied yet (their results row's
    `decision` is not "keberatan diterima …"): the pages show the result in force (web.in_force),
    the agency counts follow at the next sync."""
    found = [o for o in in_force.upheld(store).values() if o.period == period]
    if not found:
        return {}
    table = "results" if period_kind(period) == MONTH else "results_periodic"
    marks = ", ".join("?" for _ in found)
    rows = select(
        store,
        table,
        ["agency", "nip", "decision"],
        f"period = ? AND nip IN ({marks})",
        (period, *[o.nip for o in found]),
    )
    applied = {
        (str(a), str(n))
        for a, n, d in zip(rows["agency"], rows["nip"], rows["decision"])
        if str(d or "").startswith(in_force.APPLIED_MARK)
    }
    out: dict[str, int] = {}
    for o in found:
        if (o.agency, o.nip) not in applied:
            out[o.agency] = out.get(o.agency, 0) + 1
    return out


def people(store: StoreReader, nips: list[str]) -> list[dict]:
    """Roster rows (name, position, unit, agency) of `nips`."""
    if not nips:
        return []
    marks = ", ".join("?" for _ in nips)
    return _records(
        select(
            store,
            "employees",
            ["agency", "nip", "name", "position", "unit", "active"],
            f"nip IN ({marks})",
            tuple(nips),
            "unit, name, nip",
        )
    )


def agency_staff(store: StoreReader, agency: str) -> list[dict]:
    """The active roster of one agency (for activation codes)."""
    return _records(
        select(
            store,
            "employees",
            ["agency", "nip", "name", "position", "unit", "active"],
            "agency = ? AND COALESCE(active, 1) = 1",
            (agency,),
            "unit, name, nip",
        )
    )


def all_indicators(store: StoreReader, nip: str) -> list[dict]:
    """Every indicator row of `nip`, every period (the person's own download)."""
    return _records(
        select(store, "indicators", ["agency", "period", *INDICATOR_COLUMNS], "nip = ?", (nip,), "period, row")
    )


def period_nips(store: StoreReader, period: str, agency: str | None) -> list[tuple[str, str]]:
    """(nip, agency) of the result rows a report of `period` (one agency or all) holds."""
    table = "results" if period_kind(period) == MONTH else "results_periodic"
    where, params = "period = ?", [period]
    if agency:
        where += " AND agency = ?"
        params.append(agency)
    frame = select(store, table, ["nip", "agency"], where, tuple(params))
    return [(str(n), str(a)) for n, a in zip(frame["nip"], frame["agency"]) if n]


# ---- history (sync.results.history): what changed between cycles, as sentences ------------------

_HISTORY_FIELDS = {
    "nhk": "Nilai Hasil Kerja",
    "npk": "Nilai Perilaku Kerja",
    "na": "Nilai Akhir",
    "rating_hk": "Rating Hasil Kerja",
    "rating_pk": "Rating Perilaku Kerja",
    "predikat": "Predikat",
    "target": "Target",
    "actual": "Realisasi",
    "weight": "Bobot",
    **dict(SUPERVISOR_RATINGS),
    "feedback": "Umpan Balik",
    "rater_nip": "NIP Penilai",
    "work_days": "Hari Kerja",
    "present": "Hadir",
    "late": "Terlambat",
    "early_leave": "Pulang Cepat",
    "absent": "Tanpa Keterangan",
}
_HISTORY_WHAT = {"hasil": "hasil", "indikator": "indikator", "penilaian": "Penilaian Atasan", "presensi": "Presensi"}


def _history_value(text: str | None) -> str:
    if text is None or text == "":
        return "kosong"
    try:
        float(text)
    except ValueError:
        return f"“{text}”"
    return comma(text)


def _history_day(stamp: str) -> str:
    """The WIB day of a stored stamp: 22.36 UTC on 4 December is 5 December in Kota Solok."""
    day = account_store.city_moment(stamp)
    if day is None:
        return str(stamp or "")
    return f"{day.day} {month_name(day.month)} {day.year}"


def history_lines(store: StoreReader, nip: str) -> list[dict]:
    """An employee's history, oldest first: period and one Indonesian sentence per change — the
    changes used, and the sheet edits to a closed period that were not (`attempted_changes`)."""
    lines = []
    for h in _records(store.history(nip)):
        sentence = _change_sentence(h["what"], h["item"] or "", h["field"] or "", h["old"], h["new"])
        when = f" pada {_history_day(h['changed_at'])}"
        after = ", setelah penilaian atasan" if h["after_rating"] else ""
        lines.append({"period": h["period"], "sentence": f"{sentence}{when}{after}.", "at": h["changed_at"] or ""})
    for a in acts.rows(store, "attempted_changes", "nip = ? ORDER BY first_seen, rowid", (nip,)):
        new = None if a["new"] == "dihapus" else a["new"]
        sentence = _change_sentence(a["what"], a["item"] or "", a["field"] or "", a["old"], new)
        lines.append(
            {
                "period": a["period"],
                "sentence": f"{sentence} pada {_history_day(a['first_seen'])} — tidak dipakai: periode ditutup.",
                "at": a["first_seen"] or "",
            }
        )
    return sorted(lines, key=lambda line: str(line["at"]))


def _change_sentence(what: str, item: str, field_: str, old: str | None, new: str | None) -> str:
    """'Realisasi indikator X diubah dari 100 menjadi 130', 'Baris Presensi ditambahkan'."""
    subject = f"indikator {item}" if what == "indikator" else _HISTORY_WHAT.get(what, what)
    if not field_:
        done = "ditambahkan" if new is not None else "dihapus"
        sentence = f"Baris {subject} {done}"
    else:
        label = _HISTORY_FIELDS.get(field_, field_)
        sentence = (
            f"{label} {subject if what != 'hasil' else ''}".rstrip()
            + f" diubah dari {_history_value(old)} menjadi {_history_value(new)}"
        )
    return sentence[0].upper() + sentence[1:]
