"""Reads what a Dokumen Evaluasi Kinerja Pegawai is made from (the I/O side of web.dokumen.content).

A confirmed result (the current `confirmations` row in state "ditetapkan") is taken as it was
confirmed: its `people` are the identities at confirmation (a later change of supervisor on the
roster does not change them) and its `result` holds the values (`results`: the month's results row
or the quarter's / year's results_periodic row; `indicators`; and, when penetapan keeps them,
`months`: the monthly rows behind a quarter or year). Without a confirmation the document is a
draft read from the store as it is now. An upheld keberatan ("diterima") replaces the ratings it
names.
"""

from __future__ import annotations

import datetime as dt
import json

from scoring.periods import MONTH, kind
from sync.store import accounts, acts
from sync.store.schema import column_names
from web import hr_data
from web.dokumen.content import Inputs, months_of

CONFIRMED = "ditetapkan"
UPHELD = "diterima"
MONTH_COLUMNS = ["period", "feedback", "catatan", *(f"rating_{k}" for k in hr_data.RATING_KEYS)]


def _json(text) -> dict:
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def confirmation(store, nip: str, period: str, agency: str | None = None) -> dict | None:
    """The current confirmation of `nip`'s result for `period` (in `agency` when given)."""
    where, params = "nip = ? AND period = ? AND current = 1 AND state = ?", [nip, period, CONFIRMED]
    if agency:
        where += " AND agency = ?"
        params.append(agency)
    found = sorted(acts.rows(store, "confirmations", where, tuple(params)), key=lambda r: (str(r["at"]), r["id"]))
    return found[-1] if found else None


def upheld_objection(store, agency: str, nip: str, period: str) -> dict | None:
    found = acts.rows(
        store, "objections", "agency = ? AND nip = ? AND period = ? AND state = ?", (agency, nip, period, UPHELD)
    )
    return max(found, key=lambda r: (str(r.get("decided_at") or ""), r["id"])) if found else None


def org_rating(store, agency: str, period: str) -> dict | None:
    """The agency's Predikat Kinerja Organisasi for the period's year, with where it came from
    (the city's `Kinerja Organisasi` tab or config's [[agencies]] org_rating), as the sync
    recorded it with the distribution check (distribution_checks)."""
    year = period[:4]
    frame = hr_data.select(
        store, "distribution_checks", ["org_rating", "org_rating_source"], "agency = ? AND year = ?", (agency, year)
    )
    for rating, source in zip(frame["org_rating"], frame["org_rating_source"]):
        if rating:
            return {"rating": str(rating), "source": str(source or "konfigurasi"), "year": year}
    return None


def _roster(store, nip: str, agency: str | None = None) -> dict | None:
    where, params = "nip = ?", [nip]
    if agency:
        where += " AND agency = ?"
        params.append(agency)
    rows = hr_data._records(
        hr_data.select(
            store,
            "employees",
            ["agency", "nip", "name", "position", "unit", "supervisor_nip", "active"],
            where,
            tuple(params),
            "active = 0",
        )
    )
    return rows[0] if rows else None


def people_now(store, agency: str, nip: str, result: dict) -> dict[str, dict]:
    """The three identities from the roster as it is now (a draft): the employee, the roster's
    NIP Atasan and that one's own."""
    pegawai = _roster(store, nip, agency) or {k: result.get(k) for k in ("nip", "name", "position", "unit")}
    pejabat = _roster(store, str(pegawai.get("supervisor_nip") or "")) if pegawai.get("supervisor_nip") else None
    atasan = (
        _roster(store, str(pejabat.get("supervisor_nip") or "")) if pejabat and pejabat.get("supervisor_nip") else None
    )
    keys = ("nip", "name", "position", "unit", "agency")
    return {
        "pegawai": {k: pegawai.get(k) for k in keys} | {"nip": nip, "agency": agency},
        "pejabat_penilai": {k: pejabat.get(k) for k in keys} if pejabat else {},
        "atasan_pejabat_penilai": {k: atasan.get(k) for k in keys} if atasan else {},
    }


def _stored_result(store, agency: str, nip: str, period: str) -> dict | None:
    table = "results" if kind(period) == MONTH else "results_periodic"
    rows = hr_data._records(
        hr_data.select(
            store, table, column_names(table), "agency = ? AND nip = ? AND period = ?", (agency, nip, period)
        )
    )
    return rows[0] if rows else None


def _stored_months(store, agency: str, nip: str, period: str) -> list[dict]:
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    return hr_data._records(
        hr_data.select(
            store, "results", MONTH_COLUMNS, f"agency = ? AND nip = ? AND period IN ({marks})", (agency, nip, *months)
        )
    )


def _stored_indicators(store, agency: str, nip: str, period: str) -> list[dict]:
    months = months_of(period)
    marks = ", ".join("?" for _ in months)
    return hr_data._records(
        hr_data.select(
            store,
            "indicators",
            ["period", *hr_data.INDICATOR_COLUMNS],
            f"agency = ? AND nip = ? AND period IN ({marks})",
            (agency, nip, *months),
            "period, row",
        )
    )


def agency_of(store, nip: str, period: str) -> str | None:
    """The agency whose result (confirmed, or in the store) this document is about."""
    found = confirmation(store, nip, period)
    if found:
        return str(found["agency"])
    for code in hr_data.result_agencies(store, nip):
        if _stored_result(store, code, nip, period):
            return code
    return None


def inputs(
    store, nip: str, period: str, agency: str | None = None, city_name: str = "", today: dt.date | None = None
) -> Inputs | None:
    """What the document of `nip` for `period` is made from (None: no result to document)."""
    agency = agency or agency_of(store, nip, period)
    if not agency:
        return None
    confirmed = confirmation(store, nip, period, agency)
    if confirmed is not None:
        frozen = _json(confirmed.get("result"))
        result = frozen.get("results") if isinstance(frozen.get("results"), dict) else {}
        indicators = [r for r in frozen.get("indicators") or [] if isinstance(r, dict)]
        for row in indicators:
            row.setdefault("period", period if kind(period) == MONTH else None)
        months = [r for r in frozen.get("months") or [] if isinstance(r, dict)]
        if kind(period) == MONTH:
            months = [result]
        elif not months:  # penetapan kept no monthly rows: the perilaku detail comes from the store
            months = _stored_months(store, agency, nip, period)
        people = _json(confirmed.get("people"))
        objection = upheld_objection(store, agency, nip, period)
    else:
        result = _stored_result(store, agency, nip, period)
        if result is None:
            return None
        months = [result] if kind(period) == MONTH else _stored_months(store, agency, nip, period)
        indicators = _stored_indicators(store, agency, nip, period)
        people = people_now(store, agency, nip, result)
        objection = None
    names = hr_data.agencies(store)
    return Inputs(
        agency=agency,
        agency_name=dict(zip(names["code"], names["name"])).get(agency, agency),
        nip=nip,
        period=period,
        people=people,
        result=result,
        indicators=indicators,
        months=months,
        org_rating=org_rating(store, agency, period),
        confirmation=confirmed,
        objection=objection,
        city_name=city_name,
        today=today or accounts.city_today(),
    )
