"""Confirmations as the penetapan pages write them (sync.store.confirmations.record), from what a
store holds: the result row and its indicators, and the people as the rosters name them."""

from __future__ import annotations

import json

from sync.store import confirmations
from sync.store.reader import StoreReader


def _person(store, nip: str) -> dict:
    rows = StoreReader(store.path).rows("employees", "nip = ?", (nip,))
    if rows.empty:
        return {}
    row = rows.iloc[0]
    return {k: str(row[k] or "") for k in ("nip", "name", "position", "unit", "agency")}


def _plain(frame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def confirm(store, nip: str, period: str, at: str | None = None, **result_changes) -> confirmations.Confirmation:
    """The employee's Pejabat Penilai (their roster's NIP Atasan) confirms the stored result."""
    reader = StoreReader(store.path)
    result = _plain(reader.rows("results", "nip = ? AND period = ?", (nip, period)))[0]
    result.update(result_changes)
    indicators = _plain(reader.rows("indicators", "nip = ? AND period = ?", (nip, period)))
    employee = _person(store, nip)
    rater_nip = str(reader.rows("employees", "nip = ?", (nip,)).iloc[0]["supervisor_nip"] or "")
    rater = _person(store, rater_nip)
    top_nip = str(reader.rows("employees", "nip = ?", (rater_nip,)).iloc[0]["supervisor_nip"] or "") if rater else ""
    people = {"pegawai": employee, "pejabat_penilai": rater}
    if top_nip:
        people["atasan_pejabat_penilai"] = _person(store, top_nip)
    new_id = confirmations.record(
        store,
        agency=result["agency"],
        nip=nip,
        period=period,
        state=confirmations.CONFIRMED,
        by_login=rater_nip,
        by_nip=rater_nip,
        rules_id=str(result.get("rules_id") or ""),
        input_digest_value=confirmations.stored_input_digest(store, result["agency"], nip, period),
        result={"results": result, "indicators": indicators},
        people=people,
        at=at,
    )
    found = confirmations.by_id(store, new_id)
    assert found is not None
    return found
