"""confirm / send_back on a store synced from a generated city: what a confirmation freezes (values,
people, input digest, frozen rows), what it refuses, and re-confirmation after inputs changed."""

from __future__ import annotations

import json

import pytest

from sync.store import closures, confirmations
from sync.store.writer import ResultsStore
from tests import penetapan_world as pw


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return pw.build(tmp_path_factory.mktemp("penetapan-store") / "demo")


@pytest.fixture
def world(template, tmp_path):
    return pw.copy(template, tmp_path)


def store_of(world) -> ResultsStore:
    return ResultsStore(world.path)


def row_of(store, table, **where):
    with store.connect() as conn:
        cur = conn.execute(
            f"SELECT * FROM {table} WHERE " + " AND ".join(f"{k} = ?" for k in where), tuple(where.values())
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def test_confirm_freezes_values_people_and_digest(world):
    store = store_of(world)
    nip = world.complete[0]
    stored = row_of(store, "results", agency=world.agency, nip=nip, period=world.period)[0]
    act = confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    assert act.confirmed and act.by_nip == world.rater and act.rules_id == stored["rules_id"] != ""
    assert act.result["table"] == "results"
    assert act.result["results"]["npk"] == stored["npk"] and act.result["results"]["predikat"] == stored["predikat"]
    rows = row_of(store, "indicators", agency=world.agency, nip=nip, period=world.period)
    assert [i["row"] for i in act.result["indicators"]] == sorted(r["row"] for r in rows) and rows
    assert act.input_digest == confirmations.stored_input_digest(store, world.agency, nip, world.period)
    assert act.people["pegawai"]["name"] == world.names[nip]
    assert act.people["pejabat_penilai"]["nip"] == world.rater
    assert act.people["pejabat_penilai"]["name"] == world.names[world.rater]
    assert act.people["atasan_pejabat_penilai"]["nip"] == world.rater_of_rater
    assert set(act.people["pejabat_penilai"]) == {"nip", "name", "position", "unit", "agency"}
    assert act.result["table"] == "results" and len(act.result["indicators"]) == len(rows)

    # Later: the roster names another supervisor, and a sync changes the stored result.
    with store.connect() as conn:
        conn.execute("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", (world.colleague, nip))
        conn.execute(
            "UPDATE results SET npk = npk + 7 WHERE agency = ? AND nip = ? AND period = ?",
            (world.agency, nip, world.period),
        )
    kept = confirmations.current_of(store, world.agency, nip, world.period)
    assert kept.people["pejabat_penilai"]["nip"] == world.rater  # as it was at confirmation
    assert kept.result["results"]["npk"] == stored["npk"]
    # The month's recorded supervisor (period_supervisors) still rules who acts on that month.
    assert confirmations.rater_of(store, world.agency, nip, world.period) == world.rater
    with pytest.raises(confirmations.NotRater, match="hanya Pejabat Penilai"):
        confirmations.confirm(store, world.agency, nip, world.period, world.colleague, world.colleague)


def test_without_a_period_record_the_roster_supervisor_rules(world):
    store = store_of(world)
    nip = world.complete[0]
    with store.connect() as conn:
        conn.execute("DELETE FROM period_supervisors WHERE nip = ?", (nip,))
        conn.execute("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", (world.colleague, nip))
    assert confirmations.rater_of(store, world.agency, nip, world.period) == world.colleague


def test_send_back_needs_a_note_and_unfreezes(world):
    store = store_of(world)
    nip = world.complete[0]
    first = confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    with pytest.raises(ValueError, match="catatan wajib diisi"):
        confirmations.send_back(store, world.agency, nip, world.period, world.rater, world.rater, "  ")
    back = confirmations.send_back(
        store, world.agency, nip, world.period, world.rater, world.rater, "Realisasi indikator 2 belum ada buktinya"
    )
    assert back.state == confirmations.SENT_BACK and back.note == "Realisasi indikator 2 belum ada buktinya"
    assert confirmations.current_of(store, world.agency, nip, world.period).id == back.id
    assert all(c.id != first.id for c in confirmations.confirmed(store))  # no longer kept frozen
    assert [a.state for a in confirmations.history_of(store, world.agency, nip, world.period)] == [
        "ditetapkan",
        "dikembalikan",
    ]


def test_refusals(world):
    store = store_of(world)
    nip = world.complete[0]
    with pytest.raises(ValueError, match=r'penetapan per triwulan tidak diaktifkan.*"triwulan"'):
        confirmations.confirm(store, world.agency, nip, world.period[:4] + "-Q4", world.rater, world.rater)
    with pytest.raises(ValueError, match="belum ada hasil"):
        confirmations.confirm(store, world.agency, nip, "2019-01", world.rater, world.rater)
    unrated = world.complete[1]
    with store.connect() as conn:  # as a month without a usable Penilaian Atasan row is stored
        conn.execute(
            "UPDATE results SET predikat = NULL, rating_pk = NULL, missing = ? WHERE nip = ? AND period = ?",
            ("Penilaian atasan belum ada (diisi atasan)", unrated, world.period),
        )
    with pytest.raises(ValueError, match="belum punya predikat"):
        confirmations.confirm(store, world.agency, unrated, world.period, world.rater, world.rater)
    assert world.incomplete
    for other in world.incomplete:
        with pytest.raises(ValueError):
            confirmations.confirm(
                store, world.agency, other, world.period, world.rater, world.rater, complete_only=True
            )
    closures.close(store, world.period, "bkpsdm", "penilaian final")
    with pytest.raises(ValueError, match="sudah ditutup"):
        confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    with pytest.raises(ValueError, match="sudah ditutup"):
        confirmations.send_back(store, world.agency, nip, world.period, world.rater, world.rater, "catatan")
    assert confirmations.current(store) == []


def test_quarter_when_configured(world):
    store = store_of(world)
    nip = world.complete[0]
    quarter = f"{world.period[:4]}-Q{(int(world.period[5:]) - 1) // 3 + 1}"
    act = confirmations.confirm(
        store, world.agency, nip, quarter, world.rater, world.rater, kinds=("bulan", "triwulan")
    )
    periodic = row_of(store, "results_periodic", agency=world.agency, nip=nip, period=quarter)[0]
    assert act.result["table"] == "results_periodic" and act.result["results"]["npk"] == periodic["npk"]
    months = {i["period"] for i in act.result["indicators"]}
    assert months <= set(confirmations.months_of(quarter)) and world.period in months
    # the monthly rows too (each month's perilaku and feedback in the quarter's document)
    frozen_months = {r["period"]: r for r in act.result["months"]}
    stored = row_of(store, "results", agency=world.agency, nip=nip, period=world.period)[0]
    assert world.period in frozen_months and frozen_months[world.period]["npk"] == stored["npk"]


def test_reconfirmation_takes_the_pending_result(world):
    store = store_of(world)
    nip = world.complete[0]
    first = confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    would_be = {**first.result["results"], "npk": 77.5, "predikat": "Butuh Perbaikan"}
    with store.connect() as conn:  # what the worker writes when an input changed after confirmation
        conn.execute(
            "INSERT INTO pending_results (agency, nip, period, confirmation_id, input_digest, result, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (world.agency, nip, world.period, first.id, "digest-baru", json.dumps({"results": would_be}), "2026-11-12"),
        )
    pending = confirmations.pending_of(store, world.agency, nip, world.period)
    assert pending["result"]["results"]["npk"] == 77.5
    again = confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    assert again.result["results"]["npk"] == 77.5 and again.result["results"]["predikat"] == "Butuh Perbaikan"
    assert again.input_digest == "digest-baru"
    assert confirmations.pending_of(store, world.agency, nip, world.period) is None  # belongs to the old act
    assert [c.result["results"]["npk"] for c in confirmations.confirmed(store) if c.nip == nip] == [77.5]
