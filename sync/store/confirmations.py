"""Penetapan (issue 14, item 2): the Pejabat Penilai confirms (menetapkan) a team member's result
for a period, or sends it back with a note.

PermenPANRB 6/2022 (Lampiran, Bab IV evaluasi kinerja): "Pejabat Penilai Kinerja menetapkan
predikat kinerja pegawai" — the result becomes the official one only by that act.

A confirmation freezes the result as the store holds it (the `results` row for a month, the
`results_periodic` row for a quarter or year, and the month's `indicators` rows), the rules id,
the digest of the input rows behind it (`input_digest`, over the history state's digests of the
indicator, rating and attendance rows) and the people as they were (employee, Pejabat Penilai,
Atasan Pejabat Penilai). The worker puts the frozen values back in place of what later sheet
edits would give (sync.locks) and records what those edits would make of it in `pending_results`,
for the Pejabat Penilai to re-confirm.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from scoring import periods as period_keys
from sync import display
from sync.store import acts, state as history_state

CONFIRMED = "ditetapkan"
SENT_BACK = "dikembalikan"
# The history-state items behind a result (sync.results.history.TRACKED): its input rows.
INPUT_WHATS = ("indikator", "penilaian", "presensi")


@dataclass(frozen=True)
class Confirmation:
    id: int
    agency: str
    nip: str
    period: str
    state: str
    at: str
    by_login: str
    by_nip: str
    note: str
    rules_id: str
    input_digest: str
    result: dict
    people: dict

    @property
    def confirmed(self) -> bool:
        return self.state == CONFIRMED


def months_of(period: str) -> tuple[str, ...]:
    """The months whose input rows stand behind a result of `period`."""
    kind = period_keys.kind(period)
    if kind == period_keys.MONTH:
        return (period,)
    if kind == period_keys.QUARTER:
        first = (int(period[6]) - 1) * 3 + 1
        return tuple(f"{period[:4]}-{m:02d}" for m in range(first, first + 3))
    if kind == period_keys.YEAR:
        return tuple(f"{period}-{m:02d}" for m in range(1, 13))
    raise ValueError(f'periode "{period}" tidak dikenal: tulis bulan (2026-10), triwulan (2026-Q4) atau tahun (2026)')


def input_digest(items: Iterable[tuple[str, str, str, str]]) -> str:
    """The digest of the input rows behind one result: `items` are (what, period, item, digest)
    of its history-state rows (what in INPUT_WHATS). Order-free; the empty set has a digest too."""
    lines = sorted("\x1f".join(str(v) for v in item) for item in items if item[0] in INPUT_WHATS)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def stored_input_digest(store, agency: str, nip: str, period: str) -> str:
    """`input_digest` of what the store's history state holds for this employee and period."""
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    rows = acts.rows(
        store,
        "history_state",
        f"agency = ? AND nip = ? AND period IN ({marks})",
        (agency, nip, *months),
    )
    return input_digest(_input_items(rows))


def _input_items(rows: list[dict]) -> Iterator[tuple[str, str, str, str]]:
    """(what, period, item, digest) of each item in stored history_state rows of either shape
    (sync.store.state.merged: a file the worker has not converted yet holds one row per item)."""
    months = history_state.merged(
        ((r["agency"], r["period"], r["nip"], r.get("state")) for r in rows if r.get("state") is not None),
        (tuple(r.get(c) for c in history_state.ITEM_COLUMNS) for r in rows if r.get("what") is not None),
    )
    for (_agency, period, _nip), items in months.items():
        for what, item, digest, _payload in items.values():
            yield (what, period, item, digest)


def _of(row: dict) -> Confirmation:
    return Confirmation(
        id=int(row["id"]),
        agency=row["agency"],
        nip=row["nip"],
        period=row["period"],
        state=row["state"],
        at=row["at"],
        by_login=row["by_login"] or "",
        by_nip=row["by_nip"] or "",
        note=row["note"] or "",
        rules_id=row["rules_id"] or "",
        input_digest=row["input_digest"] or "",
        result=json.loads(row["result"]) if row["result"] else {},
        people=json.loads(row["people"]) if row["people"] else {},
    )


def current(store, agency: str | None = None, period: str | None = None, nips: Iterable[str] | None = None):
    """The latest act per (agency, nip, period), filtered as asked: a list of Confirmation."""
    where, params = ["current = 1"], []
    if agency is not None:
        where.append("agency = ?")
        params.append(agency)
    if period is not None:
        where.append("period = ?")
        params.append(period)
    if nips is not None:
        nips = list(nips)
        if not nips:
            return []
        where.append(f"nip IN ({', '.join('?' for _ in nips)})")
        params.extend(nips)
    return [_of(r) for r in acts.rows(store, "confirmations", " AND ".join(where) + " ORDER BY id", tuple(params))]


def current_of(store, agency: str, nip: str, period: str) -> Confirmation | None:
    found = [c for c in current(store, agency=agency, period=period, nips=[nip])]
    return found[-1] if found else None


def confirmed(store) -> list[Confirmation]:
    """Every result confirmed now (what the worker keeps frozen)."""
    return [c for c in current(store) if c.confirmed]


def by_id(store, confirmation_id: int) -> Confirmation | None:
    found = acts.rows(store, "confirmations", "id = ?", (int(confirmation_id),))
    return _of(found[0]) if found else None


def history_of(store, agency: str, nip: str, period: str) -> list[Confirmation]:
    """Every act on one result, oldest first (confirmed, sent back, confirmed again...)."""
    return [
        _of(r)
        for r in acts.rows(
            store, "confirmations", "agency = ? AND nip = ? AND period = ? ORDER BY id", (agency, nip, period)
        )
    ]


def record(
    store,
    *,
    agency: str,
    nip: str,
    period: str,
    state: str,
    by_login: str,
    by_nip: str,
    note: str = "",
    rules_id: str = "",
    input_digest_value: str = "",
    result: dict | None = None,
    people: dict | None = None,
    at: str | None = None,
) -> int:
    """Append one act and make it the current one for (agency, nip, period); returns its id."""
    if state not in (CONFIRMED, SENT_BACK):
        raise ValueError(f"status penetapan tidak dikenal: {state}")
    months_of(period)
    with acts.writing(store) as conn:
        return _write_act(
            conn,
            agency=agency,
            nip=nip,
            period=period,
            state=state,
            at=at or acts.now_text(),
            by_login=by_login,
            by_nip=by_nip,
            note=note,
            rules_id=rules_id,
            digest=input_digest_value,
            result=result or {},
            people=people or {},
        )


# ---- the acts: confirm (Tetapkan) and send back (Kembalikan) ---------------------------------
#
# Both read what the store holds and write the act in one BEGIN IMMEDIATE transaction, so the
# result, the people and the input digest recorded are those of one moment (a sync that commits
# in between is either wholly before or wholly after).
#
# Re-confirmation after the inputs changed: the worker keeps the confirmed values in `results`
# (the frozen ones) and writes what the edited inputs would give to `pending_results`, with the
# digest of those inputs. When `pending_results` has a row for the current confirmation, a new
# confirmation takes its result and its digest (that is what the Pejabat Penilai reviewed: "data
# diubah setelah ditetapkan", old vs new); otherwise the store's current row and
# `stored_input_digest`. Either way the store's `indicators` rows of the months go with it.
#
# `result` as stored: {"table": "results" | "results_periodic", "results": {column: value} (the
# result row of that table), "indicators": [{column: value}, ...] (the months' indicator rows)}.
# The worker keeps the current confirmed act's `result` in place of what the sheets give; a later
# act replaces it (a sent-back result is no longer frozen; a re-confirmed one has new values).

KIND_NAMES = {period_keys.MONTH: "bulan", period_keys.QUARTER: "triwulan", period_keys.YEAR: "tahun"}
DEFAULT_KINDS = ("bulan",)  # config.settings.AppraisalSettings().confirm_periods


class NotRater(PermissionError):
    """The person acting is not the Pejabat Penilai of this employee for this period."""


def _table_of(period: str) -> str:
    return "results" if period_keys.kind(period) == period_keys.MONTH else "results_periodic"


def _dicts(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _has(conn, table: str) -> bool:
    return acts.accounts._exists(conn, table)


def _select(conn, table: str, where: str, params: tuple) -> list[dict]:
    if not _has(conn, table):
        return []
    return _dicts(conn.execute(f'SELECT * FROM "{table}" WHERE {where}', params))


def _closed_in(conn, period: str):
    """The closure that covers `period` now (read in this transaction), or None."""
    from sync.store import closures

    latest: dict[str, tuple[str, str, str, str]] = {}
    for p, action, at, by, reason in conn.execute(
        "SELECT period, action, at, by, reason FROM period_closures ORDER BY rowid"
    ).fetchall():
        latest[p] = (action, at, by, reason)
    for closed_period, (action, at, by, reason) in latest.items():
        if action == closures.CLOSE and period in closures.covered(closed_period):
            return closures.Closure(closed_period, action, at, by, reason)
    return None


def _person(conn, nip: str, agency: str, fallback: dict | None = None) -> dict:
    """{nip, name, position, unit, agency} of `nip` from the rosters (this agency's row first)."""
    rows = _select(conn, "employees", "nip = ?", (nip,)) if nip else []
    rows.sort(key=lambda r: (r.get("agency") != agency, not (r.get("active") is None or r.get("active"))))
    row = rows[0] if rows else (fallback or {})
    return {
        "nip": nip,
        "name": row.get("name") or "",
        "position": row.get("position") or "",
        "unit": row.get("unit") or "",
        "agency": row.get("agency") or (agency if row else ""),
    }


def _supervisor_in(conn, agency: str, nip: str, period: str) -> str:
    """The employee's supervisor for `period`: the one `period_supervisors` recorded when the month
    was first synced (for a quarter or year: its latest month with a record), else the roster's
    NIP Atasan (docs/scoring.md §7: a change of supervisor does not void the months already rated)."""
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    recorded = _select(
        conn,
        "period_supervisors",
        f"agency = ? AND nip = ? AND period IN ({marks}) ORDER BY period DESC",
        (agency, nip, *months),
    )
    for row in recorded:
        if row.get("supervisor_nip"):
            return str(row["supervisor_nip"])
    roster = _select(conn, "employees", "nip = ? ORDER BY agency != ?", (nip, agency))
    for row in roster:
        if row.get("supervisor_nip"):
            return str(row["supervisor_nip"])
    return ""


def _people_in(conn, agency: str, nip: str, period: str, result: dict | None = None) -> dict:
    rater = _supervisor_in(conn, agency, nip, period)
    rater_of_rater = _supervisor_in(conn, agency, rater, period) if rater else ""
    if rater_of_rater in (nip, rater):
        rater_of_rater = ""
    return {
        "pegawai": _person(conn, nip, agency, result),
        "pejabat_penilai": _person(conn, rater, agency) if rater else {},
        "atasan_pejabat_penilai": _person(conn, rater_of_rater, agency) if rater_of_rater else {},
    }


def _input_digest_in(conn, agency: str, nip: str, period: str) -> str:
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    rows = _select(conn, "history_state", f"agency = ? AND nip = ? AND period IN ({marks})", (agency, nip, *months))
    return input_digest(_input_items(rows))


def people_of(store, agency: str, nip: str, period: str) -> dict:
    """The employee, their Pejabat Penilai and the Atasan Pejabat Penilai for `period`, as the store
    says now (the same rule `confirm` records)."""
    months_of(period)
    with acts.reading(store) as conn:
        if conn is None or not _has(conn, "employees"):
            return {"pegawai": {"nip": nip}, "pejabat_penilai": {}, "atasan_pejabat_penilai": {}}
        return _people_in(conn, agency, nip, period)


def rater_of(store, agency: str, nip: str, period: str) -> str:
    """The NIP of the Pejabat Penilai of `nip` for `period` ('' when none is known)."""
    return str(people_of(store, agency, nip, period)["pejabat_penilai"].get("nip") or "")


def _check_kind(period: str, kinds: Iterable[str]) -> None:
    kinds = tuple(kinds)
    kind = KIND_NAMES.get(period_keys.kind(period) or "")
    if kind is None:
        months_of(period)  # raises the "tulis bulan (2026-10) ..." message
    if kind not in tuple(kinds):
        raise ValueError(
            f"penetapan per {kind} tidak diaktifkan: hanya {', '.join(kinds) or 'tidak ada'} yang ditetapkan. "
            f'Bila BKPSDM memutuskan {kind} juga ditetapkan, tambahkan "{kind}" ke confirm_periods di bagian '
            "[appraisal] berkas konfigurasi."
        )


def _check_open(conn, period: str) -> None:
    closure = _closed_in(conn, period)
    if closure is not None:
        raise ValueError(
            f"periode {period_keys.label(period)} sudah ditutup BKPSDM ({closure.reason}); hasilnya tidak dapat "
            "ditetapkan atau dikembalikan lagi. Bila perlu diubah, minta BKPSDM membuka periode itu."
        )


def _check_rater(people: dict, by_nip: str, period: str) -> None:
    rater = str(people["pejabat_penilai"].get("nip") or "")
    if not by_nip or by_nip != rater:
        raise NotRater(
            f"hanya Pejabat Penilai pegawai ini untuk {period_keys.label(period)} yang dapat menetapkan atau "
            "mengembalikan hasilnya; bila atasannya keliru, minta admin OPD memperbaiki NIP Atasan di tab Pegawai."
        )


def _result_in(conn, agency: str, nip: str, period: str) -> tuple[dict, list[dict]]:
    table = _table_of(period)
    found = _select(conn, table, "agency = ? AND nip = ? AND period = ?", (agency, nip, period))
    if not found:
        raise ValueError(
            f"belum ada hasil {period_keys.label(period)} untuk NIP {nip} di basis data hasil; tunggu "
            "sinkronisasi berikutnya, atau minta admin OPD memeriksa tab Pegawai dan Laporan Kinerja."
        )
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    indicators = _select(
        conn,
        "indicators",
        f"agency = ? AND nip = ? AND period IN ({marks}) ORDER BY period, row",
        (agency, nip, *months),
    )
    return found[0], indicators


def _pending_in(conn, agency: str, nip: str, period: str, current_id: int | None) -> dict | None:
    if current_id is None:
        return None
    rows = _select(
        conn,
        "pending_results",
        "agency = ? AND nip = ? AND period = ? AND confirmation_id = ?",
        (agency, nip, period, current_id),
    )
    return rows[-1] if rows else None


def pending_of(store, agency: str, nip: str, period: str) -> dict | None:
    """The worker's `pending_results` row for the current confirmation of this result, with its
    `result` parsed ({"results": {...}, ...}), or None (no change after confirmation)."""
    now = current_of(store, agency, nip, period)
    if now is None or not now.confirmed:
        return None
    rows = acts.rows(
        store,
        "pending_results",
        "agency = ? AND nip = ? AND period = ? AND confirmation_id = ?",
        (agency, nip, period, now.id),
    )
    if not rows:
        return None
    row = dict(rows[-1])
    row["result"] = _result_shape(json.loads(row["result"]) if row.get("result") else {})
    return row


def _result_shape(value: dict) -> dict:
    """A pending result as the worker wrote it, as {"results": {...}, "indicators": [...]} (a
    flat {column: value} is taken as the result row)."""
    if "results" in value or "results_periodic" in value:
        out = dict(value)
        if "results" not in out:
            out["results"] = out.pop("results_periodic")
        return out
    return {"results": dict(value)}


def _current_id_in(conn, agency: str, nip: str, period: str) -> tuple[int | None, str | None]:
    row = conn.execute(
        "SELECT id, state FROM confirmations WHERE agency = ? AND nip = ? AND period = ? AND current = 1 "
        "ORDER BY id DESC LIMIT 1",
        (agency, nip, period),
    ).fetchone()
    return (int(row[0]), row[1]) if row else (None, None)


def changed(act: "Confirmation | dict | None", pending: dict | None) -> bool:
    """Whether a confirmed result has a would-be result that differs from it: a `pending_results`
    row for it whose input digest is not the confirmation's. Only then is re-confirmation offered
    (the page's "Tetapkan ulang") and accepted; a result whose inputs are as confirmed stays as it is."""
    if act is None or pending is None:
        return False
    state = act.state if isinstance(act, Confirmation) else act.get("state")
    digest = act.input_digest if isinstance(act, Confirmation) else act.get("input_digest")
    if state != CONFIRMED:
        return False
    return str(pending.get("input_digest") or "") != str(digest or "")


def _act_in(conn, act_id: int | None) -> dict | None:
    if act_id is None:
        return None
    found = _select(conn, "confirmations", "id = ?", (int(act_id),))
    return found[0] if found else None


def _unchanged_text(act: dict | None) -> str:
    """The refusal of a re-confirmation when nothing changed since the confirmation."""
    act = act or {}
    people = json.loads(act["people"]) if act.get("people") else {}
    rater = (people.get("pejabat_penilai") or {}).get("name") or act.get("by_nip") or act.get("by_login") or "?"
    period = period_keys.label(str(act.get("period") or ""))
    return (
        f"hasil {period} sudah ditetapkan oleh {rater} pada {display.moment(str(act.get('at') or ''))} dan data "
        "di spreadsheet tidak berubah sejak itu, jadi tidak ada yang perlu ditetapkan ulang. Bila hasil itu "
        "keliru, kembalikan dengan catatan agar datanya diperbaiki."
    )


def _write_act(conn, *, agency, nip, period, state, at, by_login, by_nip, note, rules_id, digest, result, people):
    """Append one act as the current one for (agency, nip, period); its id. The worker keeps a
    confirmed result frozen from this row's `result` (sync.locks)."""
    conn.execute(
        "UPDATE confirmations SET current = 0 WHERE agency = ? AND nip = ? AND period = ?", (agency, nip, period)
    )
    cur = conn.execute(
        "INSERT INTO confirmations (agency, nip, period, state, current, at, by_login, by_nip, note, rules_id, "
        "input_digest, result, people) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            agency,
            nip,
            period,
            state,
            at,
            by_login,
            by_nip,
            note,
            rules_id,
            digest,
            acts.dumps(result),
            acts.dumps(people),
        ),
    )
    return int(cur.lastrowid)


def _act(store, state, agency, nip, period, by_login, by_nip, rules_id, note, kinds, at, complete_only=False):
    _check_kind(period, kinds)
    at = at or acts.now_text()
    with acts.writing(store) as conn:
        _check_open(conn, period)
        row, indicators = _result_in(conn, agency, nip, period)
        people = _people_in(conn, agency, nip, period, row)
        _check_rater(people, by_nip, period)
        current_id, _state = _current_id_in(conn, agency, nip, period)
        pending = _pending_in(conn, agency, nip, period, current_id if _state == CONFIRMED else None)
        table = _table_of(period)
        if pending is not None:
            shaped = _result_shape(json.loads(pending["result"]) if pending.get("result") else {})
            row = {**row, **shaped["results"]}
            indicators = shaped.get("indicators", indicators)
            digest = pending.get("input_digest") or _input_digest_in(conn, agency, nip, period)
        else:
            digest = _input_digest_in(conn, agency, nip, period)
        if state == CONFIRMED:
            if _state == CONFIRMED and not changed(_act_in(conn, current_id), pending):
                raise ValueError(_unchanged_text(_act_in(conn, current_id)))
            if not row.get("predikat"):
                raise ValueError(
                    f"hasil {period_keys.label(period)} belum punya predikat ({row.get('missing') or 'data belum lengkap'}); "
                    "belum dapat ditetapkan. Tunggu datanya dilengkapi, atau kembalikan dengan catatan."
                )
            if complete_only and row.get("missing"):
                raise ValueError(
                    f"data {period_keys.label(period)} belum lengkap ({row['missing']}); tetapkan satu per satu"
                )
        result = {"table": table, "results": row, "indicators": indicators}
        if table != "results":
            # A quarter's or year's document shows each month's perilaku and feedback: the monthly
            # rows are frozen with it, so a later edit of a month never changes a confirmed document.
            months = months_of(period)
            marks = ", ".join("?" for _ in months)
            result["months"] = _select(
                conn,
                "results",
                f"agency = ? AND nip = ? AND period IN ({marks}) ORDER BY period",
                (agency, nip, *months),
            )
        new_id = _write_act(
            conn,
            agency=agency,
            nip=nip,
            period=period,
            state=state,
            at=at,
            by_login=by_login,
            by_nip=by_nip,
            note=note,
            rules_id=rules_id or str(row.get("rules_id") or ""),
            digest=digest,
            result=result,
            people=people,
        )
    return by_id(store, new_id)


def confirm(
    store,
    agency: str,
    nip: str,
    period: str,
    by_login: str,
    by_nip: str,
    rules_id: str = "",
    note: str = "",
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    at: str | None = None,
    complete_only: bool = False,
) -> Confirmation:
    """Tetapkan: record that the Pejabat Penilai `by_nip` confirmed the result of `nip` for
    `period`, with the result, the people and the input digest as the store holds them now.
    `kinds`: settings.appraisal.confirm_periods; `rules_id` '' = the result row's own.
    Raises ValueError (Indonesian, with the fix) for a period kind not confirmed, a closed period,
    a result that does not exist or has no predikat (with `complete_only`: any missing input),
    and NotRater when `by_nip` is not this employee's Pejabat Penilai for the period."""
    return _act(
        store, CONFIRMED, agency, nip, period, by_login, by_nip, rules_id, note.strip(), kinds, at, complete_only
    )


def send_back(
    store,
    agency: str,
    nip: str,
    period: str,
    by_login: str,
    by_nip: str,
    note: str,
    rules_id: str = "",
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    at: str | None = None,
) -> Confirmation:
    """Kembalikan: record that the Pejabat Penilai sent the result back with `note` (required:
    the employee and the admin OPD read it to know what to fix). Refused as `confirm` is."""
    if not str(note or "").strip():
        raise ValueError(
            "catatan wajib diisi saat mengembalikan: tulis apa yang perlu diperbaiki pegawai atau admin OPD"
        )
    return _act(store, SENT_BACK, agency, nip, period, by_login, by_nip, rules_id, note.strip(), kinds, at)
