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
from typing import Iterable

from scoring import periods as period_keys
from sync.store import acts

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
    return input_digest((r["what"], r["period"], r["item"], r["digest"]) for r in rows)


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
                at or acts.now_text(),
                by_login,
                by_nip,
                note,
                rules_id,
                input_digest_value,
                acts.dumps(result or {}),
                acts.dumps(people or {}),
            ),
        )
        return int(cur.lastrowid)
