"""Penetapan acts: one current act per result, history kept, the input digest order-free."""

import pytest

from sync.store import confirmations
from sync.store.writer import ResultsStore


@pytest.fixture
def store(tmp_path):
    s = ResultsStore(tmp_path / "kinerja.sqlite")
    s.ensure_schema()
    return s


def test_record_keeps_one_current_act(store):
    first = confirmations.record(
        store,
        agency="DINKES",
        nip="1",
        period="2026-10",
        state="ditetapkan",
        by_login="2",
        by_nip="2",
        result={"results": {"npk": 107.0}},
        people={"pegawai": {"nip": "1"}},
    )
    second = confirmations.record(
        store,
        agency="DINKES",
        nip="1",
        period="2026-10",
        state="dikembalikan",
        by_login="2",
        by_nip="2",
        note="realisasi belum lengkap",
    )
    now = confirmations.current_of(store, "DINKES", "1", "2026-10")
    assert now.id == second and now.state == "dikembalikan" and now.note == "realisasi belum lengkap"
    assert [c.id for c in confirmations.history_of(store, "DINKES", "1", "2026-10")] == [first, second]
    assert confirmations.confirmed(store) == []
    assert confirmations.by_id(store, first).result == {"results": {"npk": 107.0}}


def test_unknown_state_or_period_refused(store):
    with pytest.raises(ValueError):
        confirmations.record(store, agency="A", nip="1", period="2026-10", state="ok", by_login="x", by_nip="x")
    with pytest.raises(ValueError, match="tulis bulan"):
        confirmations.record(store, agency="A", nip="1", period="Okt", state="ditetapkan", by_login="x", by_nip="x")


def test_input_digest_is_order_free_and_sees_a_change():
    a = [("indikator", "2026-10", "IKI 1", "111"), ("penilaian", "2026-10", "", "222")]
    assert confirmations.input_digest(a) == confirmations.input_digest(list(reversed(a)))
    assert confirmations.input_digest(a) != confirmations.input_digest([a[0], ("penilaian", "2026-10", "", "223")])
    assert confirmations.input_digest(a + [("hasil", "2026-10", "", "9")]) == confirmations.input_digest(a)


def test_months_of():
    assert confirmations.months_of("2026-Q4") == ("2026-10", "2026-11", "2026-12")
    assert len(confirmations.months_of("2026")) == 12
