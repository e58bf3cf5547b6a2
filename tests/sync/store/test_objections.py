"""Keberatan acts on a real store (the HR fixture city with a chain of supervisors): filing within
the PP 30/2019 Pasal 59 deadline only, one open per result, only the Atasan Pejabat Penilai decides,
a decision is final, an upheld one's predikat comes from the scoring's own matrix."""

from __future__ import annotations

import datetime as dt

import pytest

from scoring.params import BAIK, BUTUH_PERBAIKAN, DI_ATAS, DI_BAWAH, KURANG, SESUAI
from scoring.predikat import predikat
from sync.store import confirmations, objections
from tests import accounts_world as w
from tests.keberatan_world import confirm

CONFIRMED_AT = "2026-11-03T09:15:00+07:00"
DAY = dt.datetime(2026, 11, 10, 10, 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("keberatan")).path


@pytest.fixture
def store(template, tmp_path):
    return w.copy_store(template, tmp_path)


@pytest.fixture
def confirmation(store):
    # A realistic confirmed result: Di Bawah hasil kerja, Sesuai perilaku -> Butuh Perbaikan.
    return confirm(
        store, w.LEAF, "2026-10", at=CONFIRMED_AT, rating_hk=DI_BAWAH, rating_pk=SESUAI, predikat=BUTUH_PERBAIKAN
    )


def file(store, confirmation, now=DAY, reasons="Realisasi indikator 2 tidak dihitung."):
    return objections.file(store, confirmation, reasons, now, objection_days=14, decision_days=14)


def test_filing_records_the_people_as_confirmed_and_the_deadline(store, confirmation):
    new = file(store, confirmation)
    o = objections.by_id(store, new)
    assert (o.nip, o.period, o.agency, o.confirmation_id) == (w.LEAF, "2026-10", "DINKES", confirmation.id)
    assert (o.rater_nip, o.rater_of_rater_nip) == (w.MID, w.HEAD)
    assert o.state == objections.OPEN and o.decide_by == "2026-11-24"
    assert [x.id for x in objections.of_employee(store, w.LEAF)] == [new]
    assert [x.id for x in objections.for_decider(store, w.HEAD)] == [new]
    assert [x.id for x in objections.for_rater(store, w.MID)] == [new]
    assert objections.for_decider(store, w.MID) == []


def test_deadline_is_fourteen_days_from_confirmation(store, confirmation):
    assert objections.deadline(confirmation, 14) == dt.date(2026, 11, 17)
    with pytest.raises(ValueError, match="Batas waktu keberatan sudah lewat: .* 17 November 2026"):
        file(store, confirmation, now=dt.datetime(2026, 11, 18, 0, 5))
    assert objections.of_employee(store, w.LEAF) == []
    assert file(store, confirmation, now=dt.datetime(2026, 11, 17, 23, 59))  # the last day still counts


def test_not_confirmed_or_superseded_is_refused(store, confirmation):
    sent_back = confirmations.record(
        store,
        agency="DINKES",
        nip=w.LEAF,
        period="2026-10",
        state=confirmations.SENT_BACK,
        by_login=w.MID,
        by_nip=w.MID,
        note="Realisasi belum diisi.",
    )
    with pytest.raises(ValueError, match="belum ditetapkan"):
        file(store, confirmation)  # the old act is no longer the current one
    with pytest.raises(ValueError, match="belum ditetapkan"):
        file(store, confirmations.by_id(store, sent_back))


def test_one_open_per_result_and_none_after_a_decision(store, confirmation):
    first = file(store, confirmation)
    with pytest.raises(ValueError, match="Sudah ada keberatan yang belum diputus"):
        file(store, confirmation)
    objections.decide(store, first, w.HEAD, False, "Realisasi sudah dihitung sesuai bukti.")
    with pytest.raises(ValueError, match="sudah diputus.*final"):
        file(store, confirmation)


def test_no_atasan_pejabat_penilai_recorded_is_refused_with_the_fix(store):
    top = confirm(store, w.MID, "2026-10", at=CONFIRMED_AT)  # MID's supervisor HEAD has none above
    with pytest.raises(ValueError, match="Atasan Pejabat Penilai tidak tercatat .* NIP Atasan"):
        file(store, top)


def test_empty_reasons_refused(store, confirmation):
    with pytest.raises(ValueError, match="Alasan keberatan belum diisi"):
        file(store, confirmation, reasons="   ")


def test_only_the_atasan_pejabat_penilai_decides_and_the_decision_is_final(store, confirmation):
    new = file(store, confirmation)
    for someone in (w.MID, w.LEAF, w.LEAF2, ""):
        with pytest.raises(ValueError, match="Hanya Atasan Pejabat Penilai"):
            objections.decide(store, new, someone, True, "x", rating_hk=SESUAI)
    decided = objections.decide(store, new, w.HEAD, True, "Bukti realisasi lengkap.", rating_hk=SESUAI)
    assert decided.state == objections.UPHELD and decided.decided_by == w.HEAD
    with pytest.raises(ValueError, match="sudah diputus.*final"):
        objections.decide(store, new, w.HEAD, False, "berubah pikiran")
    with pytest.raises(ValueError, match="sudah diputus"):
        objections.add_note(store, new, w.LEAF, objections.EMPLOYEE, "satu lagi")
    assert objections.by_id(store, new).state == objections.UPHELD


@pytest.mark.parametrize(
    "hk, pk",
    [(SESUAI, None), (None, DI_ATAS), (DI_ATAS, DI_BAWAH), (SESUAI, DI_ATAS)],
)
def test_upheld_predikat_comes_from_the_scoring_matrix(store, confirmation, hk, pk):
    new = file(store, confirmation)
    decided = objections.decide(store, new, w.HEAD, True, "Diterima.", rating_hk=hk, rating_pk=pk)
    in_force_hk, in_force_pk = hk or DI_BAWAH, pk or SESUAI
    assert decided.predikat == predikat([in_force_hk], [in_force_pk]).iloc[0]
    assert decided.rating_hk == (hk or "") and decided.rating_pk == (pk or "")  # only what changed is kept
    expected = {(SESUAI, None): BAIK, (None, DI_ATAS): BUTUH_PERBAIKAN, (DI_ATAS, DI_BAWAH): KURANG}
    if (hk, pk) in expected:
        assert decided.predikat == expected[(hk, pk)]


def test_upheld_without_a_changed_rating_is_refused(store, confirmation):
    new = file(store, confirmation)
    with pytest.raises(ValueError, match="tidak ada rating yang diubah"):
        objections.decide(store, new, w.HEAD, True, "Diterima.", rating_hk=DI_BAWAH, rating_pk=SESUAI)
    with pytest.raises(ValueError, match="tidak dikenal"):
        objections.decide(store, new, w.HEAD, True, "Diterima.", rating_hk="Luar Biasa")
    rejected = objections.decide(store, new, w.HEAD, False, "Bukti tidak mendukung.", rating_hk=SESUAI)
    assert rejected.state == objections.REJECTED and rejected.rating_hk == "" and rejected.predikat == ""


def test_notes_in_order_with_whom_they_ask(store, confirmation):
    new = file(store, confirmation)
    objections.add_note(store, new, w.HEAD, objections.DECIDER, "Mohon bukti realisasi.", asks=objections.BOTH)
    objections.add_note(store, new, w.LEAF, objections.EMPLOYEE, "Bukti terlampir di laporan.")
    objections.add_note(store, new, w.MID, objections.RATER, "Bukti diterima setelah penilaian.")
    notes = objections.notes_of(store, new)
    assert [(n.role, n.asks) for n in notes] == [
        (objections.DECIDER, objections.BOTH),
        (objections.EMPLOYEE, ""),
        (objections.RATER, ""),
    ]
    with pytest.raises(ValueError, match="Hanya Atasan Pejabat Penilai yang meminta"):
        objections.add_note(store, new, w.LEAF, objections.EMPLOYEE, "x", asks=objections.RATER)


def test_open_overdue(store, confirmation):
    new = file(store, confirmation)  # decide by 24 November
    assert objections.open_overdue(store, dt.date(2026, 11, 24)) == []
    assert [o.id for o in objections.open_overdue(store, dt.date(2026, 11, 25))] == [new]
    assert objections.by_id(store, new).overdue(dt.date(2026, 11, 25))
    objections.decide(store, new, w.HEAD, False, "Ditolak.")
    assert objections.open_overdue(store, dt.date(2026, 12, 25)) == []


def test_overdue_messages_for_bkpsdm_carry_no_person(store, confirmation):
    file(store, confirmation)
    today = dt.date(2026, 11, 30)
    overdue = objections.open_overdue(store, today)
    mails = objections.overdue_messages(
        overdue,
        today,
        ["bkpsdm@solokkota.go.id", "BKPSDM@solokkota.go.id "],
        "https://kinerja.example/",
        "Kota Solok",
        {"DINKES": "Dinas Kesehatan"},
    )
    assert len(mails) == 1  # one per address
    mail = mails[0]
    assert mail.key == "keberatan-terlambat|BKPSDM:bkpsdm@solokkota.go.id|2026-11-30"
    assert "1 keberatan" in mail.subject
    assert "Dinas Kesehatan: 1" in mail.body and "24 November 2026" in mail.body
    assert "https://kinerja.example/hr/keberatan" in mail.body
    assert w.LEAF not in mail.body and "Pegawai Daun" not in mail.body
    assert objections.overdue_messages([], today, ["a@b"], "", "", {}) == []
