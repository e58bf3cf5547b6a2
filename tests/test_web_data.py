import pandas as pd
import pytest

from scoring.params import BAIK, SANGAT_BAIK
from sync.store import ResultsStore
from tests import fixture_store as fx
from web.data import PUBLIC_TABLES, PublicData, build_snapshot


def _tables() -> dict[str, pd.DataFrame]:
    return {
        "agencies": fx.AGENCIES,
        "agency_summary": fx.agency_summary(fx.results()),
        "ikm": fx.ikm(),
        "complaints": fx.complaints(),
    }


def _month(snapshot, period, code):
    return next(row for row in snapshot.agencies_in(period) if row.code == code)


@pytest.fixture
def snapshot():
    return build_snapshot(_tables(), fx.LAST_SYNC, min_responses=20, min_group_size=5)


def test_periods_and_agency_order(snapshot):
    assert snapshot.periods == fx.PERIODS
    assert snapshot.latest == "2026-10"
    assert [row.code for row in snapshot.agencies_in("2026-10")] == ["DINKES", "DPMPTSP", "KECLS"]
    assert snapshot.last_sync == fx.LAST_SYNC


def test_sufficient_agency_ikm_is_published(snapshot):
    ikm = _month(snapshot, "2026-10", "DINKES").ikm
    assert (ikm.value, ikm.mutu, ikm.mutu_label, ikm.respondents) == (91.48, "A", "Sangat Baik", 29)


def test_insufficient_or_missing_ikm_is_suppressed(snapshot):
    assert _month(snapshot, "2026-10", "DPMPTSP").ikm is None  # sufficient = 0
    assert _month(snapshot, "2026-08", "DPMPTSP").ikm is None  # no responses at all
    assert _month(snapshot, "2026-10", "KECLS").ikm is None
    assert _month(snapshot, "2026-09", "DPMPTSP").ikm.value == pytest.approx(79.31)


def test_unit_level_ikm_is_not_taken_for_the_agency(snapshot):
    # DINKES has a unit row (93.21) and its own agency row (91.48) in October.
    assert _month(snapshot, "2026-10", "DINKES").ikm.value == pytest.approx(91.48)


def test_min_responses_is_applied_even_when_the_store_says_sufficient():
    snap = build_snapshot(_tables(), None, min_responses=30, min_group_size=5)
    assert _month(snap, "2026-10", "DINKES").ikm is None  # 29 responses


def test_distribution_and_average_published_for_large_groups(snapshot):
    dinkes = _month(snapshot, "2026-10", "DINKES")
    assert dinkes.scored == 6
    assert dinkes.predikat[SANGAT_BAIK] == 1 and dinkes.predikat[BAIK] == 5
    assert sum(dinkes.predikat.values()) == 6
    assert dinkes.avg_na == pytest.approx(107.90)
    assert dinkes.na_change == pytest.approx(1.25)


def test_small_groups_are_suppressed(snapshot):
    kecls = _month(snapshot, "2026-10", "KECLS")
    assert kecls.scored == 2
    assert kecls.predikat is None and kecls.avg_na is None and kecls.na_change is None
    september = _month(snapshot, "2026-09", "DPMPTSP")  # 4 of 5 scored
    assert september.predikat is None and september.avg_na is None


def test_change_is_hidden_when_the_previous_month_was_suppressed(snapshot):
    october = _month(snapshot, "2026-10", "DPMPTSP")
    assert october.avg_na == pytest.approx(97.0)
    assert october.na_change is None  # September's average would be recoverable from it


def test_change_is_hidden_for_the_first_month(snapshot):
    assert _month(snapshot, "2026-08", "DINKES").na_change is None


def test_min_group_size_is_configurable():
    snap = build_snapshot(_tables(), None, min_responses=20, min_group_size=2)
    kecls = _month(snap, "2026-10", "KECLS")
    assert kecls.avg_na == pytest.approx(94.435) and kecls.predikat is not None


def test_complaints_from_the_agency_pooled_row_not_summed_with_units(snapshot):
    dinkes = _month(snapshot, "2026-10", "DINKES")
    assert dinkes.complaints_received == 8
    assert dinkes.complaints_in_limit == pytest.approx(0.75)
    kecls = _month(snapshot, "2026-10", "KECLS")
    assert kecls.complaints_received == 0 and kecls.complaints_in_limit is None


def test_unknown_agency_code_is_listed_by_code():
    tables = _tables()
    tables["agencies"] = fx.AGENCIES.iloc[:1]
    snap = build_snapshot(tables, None, 20, 5)
    assert [(r.code, r.name) for r in snap.agencies_in("2026-10")] == [
        ("DINKES", "Dinas Kesehatan"), ("DPMPTSP", "DPMPTSP"), ("KECLS", "KECLS"),
    ]


def test_empty_store_gives_an_empty_snapshot(tmp_path):
    data = PublicData(ResultsStore(tmp_path / "absent.sqlite"), 20, 5)
    snap = data.snapshot()
    assert snap.periods == () and snap.latest is None and snap.last_sync is None


def test_snapshot_is_cached_until_last_sync_changes(results_store):
    data = PublicData(results_store, 20, 5)
    first = data.snapshot()
    assert data.snapshot() is first
    # The worker replaces rows, then sets last_sync at the end of its cycle.
    summary = fx.agency_summary(fx.results())
    changed = summary.loc[summary["agency"] == "DINKES"].assign(avg_na=99.0)
    results_store.replace_scope("DINKES", {"agency_summary": changed})
    assert data.snapshot() is first  # not yet: the cycle has not finished
    results_store.set_meta("last_sync", "2026-11-28T14:18:00+07:00")
    second = data.snapshot()
    assert second is not first
    assert _month(second, "2026-10", "DINKES").avg_na == pytest.approx(99.0)


def test_only_public_tables_are_read(results_store, monkeypatch):
    seen = []
    original = ResultsStore.read

    def spy(self, table, *args, **kwargs):
        seen.append(table)
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr(ResultsStore, "read", spy)
    PublicData(results_store, 20, 5).snapshot()
    assert set(seen) == set(PUBLIC_TABLES)
    assert not set(seen) & {"results", "employees", "indicators", "issues"}
