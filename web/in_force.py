"""The result in force: an upheld keberatan shown on every page at once, not after the next sync.

PP 30/2019 Pasal 59: the Atasan Pejabat Penilai's decision on a keberatan is final, so from the
moment it is recorded (sync.store.objections.decide) the decided ratings and predikat are the
result. The worker is the only writer of `results` / `results_periodic` and applies the decision at
its next cycle (sync.locks.apply_objections, which marks the row's `decision` "keberatan diterima
<tanggal>"); until then the stored row still holds the confirmed values. The site does not write
those tables: the pages overlay the upheld decisions on the rows they read, with the same rule as
the worker (non-empty rating_hk / rating_pk / predikat replace the row's; an empty predikat follows
from the ratings by the PermenPANRB 6/2022 matrix).

Each overlaid row gets `keberatan`: {"day": "5 Desember 2026", "by": NIP, "applied": bool} (applied:
the worker already wrote it), which the pages use to say the predikat came from a keberatan.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scoring.indonesian import long_date
from sync.store import objections
from web.format import WIB

FIELDS = ("rating_hk", "rating_pk", "predikat")
APPLIED_MARK = "keberatan diterima"  # sync.locks.DECIDED_OBJECTION, the start of an applied row's `decision`
NOTE_PENDING = "berlaku setelah sinkronisasi berikutnya"
MANY = 500  # more NIPs than this (a city-wide report): read every upheld objection, they are few


def day_of(stamp: str | None) -> dt.date | None:
    """The WIB day of an ISO timestamp (None when it is not one)."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp or "").strip())
    except ValueError:
        return None
    return (moment.astimezone(WIB) if moment.tzinfo is not None else moment).date()


def decided_day(objection: objections.Objection) -> str:
    """'5 Desember 2026' (the decision's day in WIB)."""
    day = day_of(objection.decided_at)
    return long_date(day) if day else objection.decided_at[:10]


def upheld(store, nips: list[str] | None = None) -> dict[tuple[str, str, str], objections.Objection]:
    """(agency, period, nip) -> the upheld objection in force (the latest decided, as the worker's
    order by id lets the last one win), of `nips` or everyone."""
    return {(o.agency, o.period, o.nip): o for o in objections.upheld_of(store, nips)}


def version(store, nip: str) -> tuple[int, ...]:
    """The ids of `nip`'s upheld objections: a cache key part that changes with a new decision."""
    return tuple(o.id for o in objections.upheld_of(store, [nip]))


def _values(objection: objections.Objection, row: dict) -> dict:
    """The row's rating_hk / rating_pk / predikat in force under `objection`."""
    out = {key: row.get(key) for key in FIELDS}
    for key in FIELDS:
        value = getattr(objection, key)
        if value and str(value).strip():
            out[key] = str(value).strip()
    if not (objection.predikat or "").strip() and out["rating_hk"] and out["rating_pk"]:
        out["predikat"] = objections.new_predikat(str(out["rating_hk"]), str(out["rating_pk"]))
    return out


def mark(objection: objections.Objection, row: dict) -> dict:
    """What a page says of an overlaid row (the `keberatan` value)."""
    applied = str(row.get("decision") or "").startswith(APPLIED_MARK)
    return {"day": decided_day(objection), "by": objection.decided_by, "applied": applied, "id": objection.id}


def apply_row(row: dict, objection: objections.Objection | None) -> dict:
    """`row` (a results / results_periodic record) with the decision in force (a new dict)."""
    if objection is None or not row:
        return row
    out = {**row, **_values(objection, row), "keberatan": mark(objection, row)}
    if "decision" in row and not out["keberatan"]["applied"]:
        out["decision"] = _decision(objection)
    return out


def _decision(objection: objections.Objection) -> str:
    """The `decision` cell as the worker writes it: 'keberatan diterima 2026-12-05' (WIB day)."""
    day = day_of(objection.decided_at)
    return f"{APPLIED_MARK} {day.isoformat() if day else ''}".strip()


def rows(store, records: list[dict], agency: str | None = None) -> list[dict]:
    """Result records with the upheld keberatan in force overlaid (each record names its agency and
    period, or takes `agency`)."""
    if not records:
        return records
    nips = {str(r.get("nip") or "") for r in records}
    found = upheld(store, sorted(nips) if len(nips) <= MANY else None)
    if not found:
        return records
    return [
        apply_row(r, found.get((str(r.get("agency") or agency or ""), str(r.get("period") or ""), str(r.get("nip")))))
        for r in records
    ]


def row(store, record: dict | None, agency: str, period: str, nip: str) -> dict | None:
    """One result record (a confirmation's frozen `results`, a pending one) of `agency`, `period`
    and `nip` with the upheld keberatan in force."""
    if not record:
        return record
    return apply_row(record, upheld(store, [nip]).get((agency, period, nip)))


def frame(store, results: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A results frame (agency, period, nip columns) with the upheld keberatan in force, its
    `decision` marked as the worker marks it; and how many rows the worker has not applied yet."""
    if results.empty or not {"agency", "period", "nip"} <= set(results.columns):
        return results, 0
    nips = [str(n) for n in results["nip"].dropna().unique()]
    found = upheld(store, nips if len(nips) <= MANY else None)
    if not found:
        return results, 0
    out = results.copy().astype({k: object for k in (*FIELDS, "decision") if k in results.columns})
    keys = list(zip(out["agency"].astype(str), out["period"].astype(str), out["nip"].astype(str)))
    waiting = 0
    for at, key in enumerate(keys):
        objection = found.get(key)
        if objection is None:
            continue
        current = {k: out.iloc[at][k] if k in out.columns else None for k in (*FIELDS, "decision")}
        for name, value in _values(objection, current).items():
            if name in out.columns:
                out.iloc[at, out.columns.get_loc(name)] = value
        if not str(current.get("decision") or "").startswith(APPLIED_MARK):
            waiting += 1
            if "decision" in out.columns:
                out.iloc[at, out.columns.get_loc("decision")] = _decision(objection)
    return out, waiting
