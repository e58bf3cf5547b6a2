"""Closing and reopening a period: events kept, the period's rows frozen and dropped again."""

import pandas as pd
import pytest

from sync.store import closures
from sync.store.writer import ResultsStore


@pytest.fixture
def store(tmp_path):
    s = ResultsStore(tmp_path / "kinerja.sqlite")
    s.ensure_schema()
    results = pd.DataFrame(
        {
            "agency": ["DINKES"] * 3,
            "period": ["2026-09", "2026-10", "2026-10"],
            "nip": ["1", "1", "2"],
            "npk": [1, 2, 3],
        }
    )
    s.replace_scope("DINKES", {"results": results})
    return s


def test_covered_periods():
    assert closures.covered("2026-10") == ("2026-10",)
    assert closures.covered("2026-Q4") == ("2026-Q4", "2026-10", "2026-11", "2026-12")
    assert len(closures.covered("2026")) == 1 + 4 + 12
    with pytest.raises(ValueError, match="tulis bulan"):
        closures.covered("Oktober")


def test_close_freezes_the_period_rows_and_reopen_drops_them(store):
    closures.close(store, "2026-10", "bkpsdm", "final", at="2026-11-05T10:00:00+07:00")
    frozen = closures.frozen(store, "2026-10")
    assert sorted(r["nip"] for r in frozen["results"]) == ["1", "2"]
    assert {r["npk"] for r in frozen["results"]} == {2.0, 3.0}
    assert set(closures.closed(store)) == {"2026-10"}
    with pytest.raises(ValueError, match="sudah ditutup"):
        closures.close(store, "2026-10", "bkpsdm", "lagi")
    closures.reopen(store, "2026-10", "bkpsdm", "koreksi")
    assert closures.closed(store) == {}
    assert closures.frozen(store, "2026-10") == {}
    assert [e.action for e in closures.events(store)] == ["tutup", "buka"]
    with pytest.raises(ValueError, match="tidak sedang ditutup"):
        closures.reopen(store, "2026-10", "bkpsdm", "lagi")


def test_reason_required(store):
    with pytest.raises(ValueError, match="alasan wajib"):
        closures.close(store, "2026-10", "bkpsdm", "  ")


def test_closing_a_year_covers_its_months(store):
    closures.close(store, "2026", "bkpsdm", "tutup buku")
    keys = closures.closed_keys(store)
    assert keys["2026-10"].period == "2026"
    assert len(closures.frozen(store, "2026")["results"]) == 3
