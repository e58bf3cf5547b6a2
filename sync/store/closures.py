"""Closed periods (issue 14, item 3): BKPSDM closes a period for the city; its published figures,
reports and owned tabs then never change until it is reopened.

Closing records an event (`period_closures`, append-only: who, when, why) and freezes, in the
same transaction, every row the store holds for the period (`frozen_rows`, lock
"periode:<period>"): the worker puts those rows back in place of what it computes from the sheets
(sync.locks). Reopening records an event and drops the frozen rows; the next cycle computes the
period from the sheets again.

A period is a month ("2026-10"), a quarter ("2026-Q4") or a year ("2026"); closing a quarter or a
year closes every month in it (and the quarters of a year), since its figures are made of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from scoring import periods as period_keys
from sync.store import acts
from sync.store.schema import SCHEMA, column_names

CLOSE = "tutup"
OPEN = "buka"
LOCK_PREFIX = "periode:"

# The tables whose rows belong to one period (every table with a `period` column that the worker
# writes), frozen when the period closes. Not history, supervisors or the acts themselves.
NOT_FROZEN = {
    "history",
    "history_state",
    "period_supervisors",
    "notifications_sent",
    "attempted_changes",
    "pending_results",
    "frozen_rows",
    "confirmations",
    "objections",
    "documents",
    "period_closures",
}
FROZEN_TABLES = tuple(table for table in SCHEMA if "period" in column_names(table) and table not in NOT_FROZEN)


@dataclass(frozen=True)
class Closure:
    period: str
    action: str  # CLOSE or OPEN
    at: str
    by: str
    reason: str


def covered(period: str) -> tuple[str, ...]:
    """The period keys a closure of `period` covers: itself, and for a quarter its months, for a
    year its quarters and months."""
    kind = period_keys.kind(period)
    if kind == period_keys.MONTH:
        return (period,)
    if kind == period_keys.QUARTER:
        year, q = period.split("-Q")
        first = (int(q) - 1) * 3 + 1
        return (period, *(f"{year}-{m:02d}" for m in range(first, first + 3)))
    if kind == period_keys.YEAR:
        return (period, *(f"{period}-Q{q}" for q in range(1, 5)), *(f"{period}-{m:02d}" for m in range(1, 13)))
    raise ValueError(f'periode "{period}" tidak dikenal: tulis bulan (2026-10), triwulan (2026-Q4) atau tahun (2026)')


def events(store) -> list[Closure]:
    """Every close and reopen, oldest first."""
    return [
        Closure(r["period"], r["action"], r["at"], r["by"], r["reason"])
        for r in acts.rows(store, "period_closures", "1 ORDER BY rowid")
    ]


def closed(store) -> dict[str, Closure]:
    """The periods closed now (their latest event is a close), by period key."""
    latest: dict[str, Closure] = {}
    for event in events(store):
        latest[event.period] = event
    return {p: e for p, e in latest.items() if e.action == CLOSE}


def closed_keys(store) -> dict[str, Closure]:
    """Every period key a closure covers now -> the closure that covers it (a month closed through
    its year names the year's closure)."""
    out: dict[str, Closure] = {}
    for period, closure in closed(store).items():
        for key in covered(period):
            out.setdefault(key, closure)
    return out


def close(store, period: str, by: str, reason: str, at: str | None = None) -> Closure:
    """Close `period` and freeze what the store holds for it. Raises ValueError (in Indonesian,
    with the fix) for an unknown period, an empty reason or a period already closed."""
    keys = covered(period)
    if not reason.strip():
        raise ValueError('alasan wajib diisi, mis. --alasan "penilaian Oktober 2026 final"')
    at = at or acts.now_text()
    with acts.writing(store) as conn:
        last = conn.execute(
            "SELECT action FROM period_closures WHERE period = ? ORDER BY rowid DESC LIMIT 1", (period,)
        ).fetchone()
        if last and last[0] == CLOSE:
            raise ValueError(f"periode {period_keys.label(period)} sudah ditutup; buka dulu bila perlu diubah")
        conn.execute(
            "INSERT INTO period_closures (period, action, at, by, reason) VALUES (?, ?, ?, ?, ?)",
            (period, CLOSE, at, by, reason.strip()),
        )
        lock = LOCK_PREFIX + period
        conn.execute("DELETE FROM frozen_rows WHERE lock = ?", (lock,))
        marks = ", ".join("?" for _ in keys)
        for table in FROZEN_TABLES:
            if not acts.accounts._exists(conn, table):
                continue
            cur = conn.execute(f'SELECT * FROM "{table}" WHERE period IN ({marks})', keys)
            names = [d[0] for d in cur.description]
            rows = []
            for values in cur.fetchall():
                row = dict(zip(names, values))
                rows.append((lock, table, row.get("agency"), row.get("period"), row.get("nip"), acts.dumps(row)))
            conn.executemany(
                "INSERT INTO frozen_rows (lock, tbl, agency, period, nip, payload) VALUES (?, ?, ?, ?, ?, ?)", rows
            )
    return Closure(period, CLOSE, at, by, reason.strip())


def reopen(store, period: str, by: str, reason: str, at: str | None = None) -> Closure:
    """Open a closed period again (recorded with who and why); its frozen rows go."""
    covered(period)
    if not reason.strip():
        raise ValueError('alasan wajib diisi, mis. --alasan "koreksi realisasi atas permintaan OPD"')
    at = at or acts.now_text()
    with acts.writing(store) as conn:
        last = conn.execute(
            "SELECT action FROM period_closures WHERE period = ? ORDER BY rowid DESC LIMIT 1", (period,)
        ).fetchone()
        if not last or last[0] != CLOSE:
            raise ValueError(f"periode {period_keys.label(period)} tidak sedang ditutup")
        conn.execute(
            "INSERT INTO period_closures (period, action, at, by, reason) VALUES (?, ?, ?, ?, ?)",
            (period, OPEN, at, by, reason.strip()),
        )
        conn.execute("DELETE FROM frozen_rows WHERE lock = ?", (LOCK_PREFIX + period,))
    return Closure(period, OPEN, at, by, reason.strip())


def frozen(store, period: str) -> dict[str, list[dict]]:
    """The rows frozen when `period` closed, by table (empty when it is not closed)."""
    out: dict[str, list[dict]] = {}
    for r in acts.rows(store, "frozen_rows", "lock = ? ORDER BY rowid", (LOCK_PREFIX + period,)):
        out.setdefault(r["tbl"], []).append(json.loads(r["payload"]))
    return out
