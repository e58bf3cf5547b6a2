import pandas as pd
import pytest

from config.errors import StoreError
from scoring.params import BAIK, SANGAT_BAIK
from sync.store import ResultsStore, StoreReader
from tests import fixture_store as fx
from web.data import Generation, MetaReader, PublicData
from web.disclosure import (
    NO_RESPONDENTS,
    NOT_SCORED,
    NOT_SURVEYED,
    PUBLISHED,
    SMALL_CELLS,
    SMALL_GROUP,
    SMALL_SAMPLE,
)
from web.model import PUBLIC_TABLES, build_snapshot, ikm_cells, previous_period, public_categories


def _tables(extras: bool = False) -> dict[str, pd.DataFrame]:
    tables = {
        "agencies": fx.AGENCIES,
        "agency_summary": fx.agency_summary(fx.results()),
        "ikm": fx.ikm(),
        "complaints": fx.complaints(),
        "complaint_categories": fx.complaint_categories(),
    }
    if extras:
        tables.update(
            ikm=pd.concat([fx.ikm(), fx.ikm_units()], ignore_index=True),
            ikm_periodic=fx.ikm_periodic(),
            agency_periodic=fx.agency_periodic(),
        )
    return tables


def _row(snapshot, period, code):
    return snapshot.agency(code, period)


@pytest.fixture
def snapshot():
    return build_snapshot(_tables(), fx.LAST_SYNC, min_responses=20, min_group_size=5)


@pytest.fixture
def full():
    return build_snapshot(_tables(extras=True), fx.LAST_SYNC, min_responses=20, min_group_size=5)


# ---- the monthly model (the store before quarters existed) ------------------------------------------


def test_periods_and_agency_order(snapshot):
    assert snapshot.periods == fx.PERIODS
    assert snapshot.latest == "2026-10"
    assert [row.code for row in snapshot.agencies_in("2026-10")] == ["DINKES", "DPMPTSP", "KECLS"]
    assert snapshot.last_sync == fx.LAST_SYNC
    assert snapshot.agencies == tuple(zip(fx.AGENCIES["code"], fx.AGENCIES["name"]))


def test_sufficient_agency_ikm_is_published(snapshot):
    ikm = _row(snapshot, "2026-10", "DINKES").ikm
    assert (ikm.value, ikm.mutu, ikm.mutu_label, ikm.respondents) == (91.48, "A", "Sangat Baik", 29)
    assert ikm.nrr == pytest.approx((91.48 / 25,) * 9)


def test_insufficient_or_missing_ikm_is_suppressed_with_its_reason(snapshot):
    october = _row(snapshot, "2026-10", "DPMPTSP")  # sufficient = 0
    assert october.ikm is None and october.ikm_status == SMALL_SAMPLE and october.respondents == 12
    assert october.ikm_note == "sampel kurang (n = 12, minimal 20)"
    august = _row(snapshot, "2026-08", "DPMPTSP")  # no responses at all, though surveyed in other months
    assert august.ikm is None and august.ikm_status == NO_RESPONDENTS and august.ikm_note == "belum ada responden"
    assert august.respondents == 0
    assert _row(snapshot, "2026-10", "KECLS").ikm_note == "sampel kurang (n = 5, minimal 20)"
    published = _row(snapshot, "2026-09", "DPMPTSP")
    assert published.ikm.value == pytest.approx(79.31) and published.ikm_status == PUBLISHED
    assert published.ikm_note == "" and published.respondents == 21


def test_an_agency_without_any_survey_response_says_so():
    agencies = pd.concat(
        [
            fx.AGENCIES,
            pd.DataFrame(
                {"code": ["SETDA"], "name": ["Sekretariat Daerah"], "spreadsheet": ["setda"], "position": [4]}
            ),
        ]
    )
    snap = build_snapshot({**_tables(), "agencies": agencies}, None, min_responses=20, min_group_size=5)
    setda = _row(snap, "2026-10", "SETDA")
    assert setda.ikm is None and setda.ikm_status == NOT_SURVEYED
    assert setda.ikm_note == "tidak ada layanan yang disurvei"
    assert setda.kinerja_status == NOT_SCORED and setda.kinerja_note == "belum ada pegawai dinilai"


def test_unit_level_ikm_is_not_taken_for_the_agency(snapshot):
    # DINKES has a unit row (93.21) and its own agency row (91.48) in October.
    assert _row(snapshot, "2026-10", "DINKES").ikm.value == pytest.approx(91.48)


def test_min_responses_is_applied_even_when_the_store_says_sufficient():
    snap = build_snapshot(_tables(), None, min_responses=30, min_group_size=5)
    assert _row(snap, "2026-10", "DINKES").ikm is None  # 29 responses


def test_ikm_change_only_between_published_periods(snapshot):
    assert _row(snapshot, "2026-09", "DINKES").ikm_change == pytest.approx(85.10 - 80.50)
    assert _row(snapshot, "2026-10", "DINKES").ikm_change == pytest.approx(91.48 - 85.10)
    assert _row(snapshot, "2026-08", "DINKES").ikm_change is None
    assert _row(snapshot, "2026-09", "DPMPTSP").ikm_change is None  # August had no IKM


def test_distribution_and_average_published_for_large_groups(snapshot):
    september = _row(snapshot, "2026-09", "DINKES")
    assert september.kinerja_status == PUBLISHED and september.predikat[BAIK] == sum(september.predikat.values())
    dinkes = _row(snapshot, "2026-10", "DINKES")
    assert dinkes.scored == 6
    assert dinkes.avg_na == pytest.approx(107.90)
    assert dinkes.na_change == pytest.approx(1.25)


def test_a_predikat_of_one_person_is_hidden_with_a_partner_cell(snapshot):
    # DINKES October: Sangat Baik 1, Baik 5 of 6 scored. Hiding the 1 alone, 6 - 5 would give it back.
    dinkes = _row(snapshot, "2026-10", "DINKES")
    assert dinkes.predikat[SANGAT_BAIK] is None and dinkes.predikat[BAIK] is None
    assert [v for v in dinkes.predikat.values() if v is not None] == [0, 0, 0]
    assert dinkes.kinerja_status == SMALL_CELLS and dinkes.avg_na is not None and dinkes.kinerja_note == ""
    bigger = build_snapshot(_tables(), None, min_responses=20, min_group_size=5, min_cell=2)
    assert _row(bigger, "2026-10", "DINKES").predikat[SANGAT_BAIK] is None  # 1 < 2 still


def test_small_groups_are_suppressed(snapshot):
    kecls = _row(snapshot, "2026-10", "KECLS")
    assert kecls.scored == 2
    assert kecls.predikat is None and kecls.avg_na is None and kecls.na_change is None
    assert kecls.kinerja_status == SMALL_GROUP
    assert kecls.kinerja_note == "kelompok kecil (n = 2, minimal 5 pegawai dinilai)"
    september = _row(snapshot, "2026-09", "DPMPTSP")  # 4 of 5 scored
    assert september.predikat is None and september.avg_na is None


def test_change_is_hidden_when_the_previous_month_was_suppressed(snapshot):
    october = _row(snapshot, "2026-10", "DPMPTSP")
    assert october.avg_na == pytest.approx(97.0)
    assert october.na_change is None  # September's average would be recoverable from it


def test_change_is_hidden_for_the_first_month(snapshot):
    assert _row(snapshot, "2026-08", "DINKES").na_change is None


def test_min_group_size_is_configurable():
    snap = build_snapshot(_tables(), None, min_responses=20, min_group_size=2)
    kecls = _row(snap, "2026-10", "KECLS")
    assert kecls.avg_na == pytest.approx(94.435) and kecls.predikat is not None


def test_complaints_from_the_agency_pooled_row_not_summed_with_units(snapshot):
    dinkes = _row(snapshot, "2026-10", "DINKES")
    assert dinkes.complaints_received == 8
    assert dinkes.complaints_in_limit == pytest.approx(0.75)
    kecls = _row(snapshot, "2026-10", "KECLS")
    assert kecls.complaints_received == 0 and kecls.complaints_in_limit is None


def test_unknown_agency_code_is_listed_by_code():
    tables = _tables()
    tables["agencies"] = fx.AGENCIES.iloc[:1]
    snap = build_snapshot(tables, None, 20, 5)
    assert [(r.code, r.name) for r in snap.agencies_in("2026-10")] == [
        ("DINKES", "Dinas Kesehatan"),
        ("DPMPTSP", "DPMPTSP"),
        ("KECLS", "KECLS"),
    ]


def test_old_store_without_new_tables_or_columns():
    tables = _tables()
    tables["agency_summary"] = tables["agency_summary"].drop(columns=["rules_id"])
    del tables["complaint_categories"]
    snap = build_snapshot(tables, None, 20, 5)
    assert snap.periods == fx.PERIODS and snap.rules is None and snap.categories == {}


# ---- quarters and years -------------------------------------------------------------------------


def test_quarters_and_years_come_from_the_periodic_tables(full):
    assert full.periods == (*fx.PERIODS, "2026-Q3", "2026-Q4", "2026")
    assert full.of_kind("triwulan") == ("2026-Q3", "2026-Q4") and full.of_kind("tahun") == ("2026",)
    assert full.latest == "2026-10"
    assert full.months_in("2026-Q3") == ("2026-08", "2026-09") and full.months_in("2026") == fx.PERIODS
    q3 = _row(full, "2026-Q3", "DINKES")
    assert q3.kind == "triwulan" and q3.months == 2
    assert q3.ikm.value == pytest.approx(fx.DINKES_Q3_IKM) and q3.ikm.respondents == 47
    assert q3.avg_na == pytest.approx(
        fx.agency_periodic().set_index(["agency", "period"]).loc[("DINKES", "2026-Q3"), "avg_na"]
    )
    q4 = _row(full, "2026-Q4", "DINKES")
    assert q4.ikm_change == pytest.approx(91.48 - fx.DINKES_Q3_IKM)
    assert q4.na_change == pytest.approx(q4.avg_na - q3.avg_na)
    assert _row(full, "2026-Q4", "KECLS").predikat is None  # 2 employees


def test_quarter_and_year_complaints_are_summed_over_months(full):
    assert _row(full, "2026-Q3", "DPMPTSP").complaints_received == 2
    year = _row(full, "2026", "DPMPTSP")
    assert year.complaints_received == 6 and year.complaints_in_limit == pytest.approx(3 / 6)


def test_complaints_alone_do_not_create_a_quarter(snapshot):
    assert "2026-Q4" not in snapshot.periods  # no periodic rows in the old store


# ---- IKM: the minimum sample only; predikat cells: small-cell and complementary suppression ----------


def _cell(full, code, period, unit_id=None):
    series = {u.unit_id: u for u in full.series[code]}
    return series[unit_id or f"opd:{code}"].periods[period]


def test_an_ikm_meeting_the_minimum_is_published_beside_a_smaller_one(full):
    # DINKES August: agency 22 = Puskesmas 20 + a 2-response unit. SKM answers are anonymous, so the
    # Puskesmas is published although agency minus Puskesmas gives the small unit's 2 responses.
    pusk = _cell(full, "DINKES", "2026-08", "unit:DINKES:puskesmastanahgaring")
    assert pusk.ikm.value == pytest.approx(fx.PUSKESMAS_AUG_IKM) and pusk.status == PUBLISHED
    small = _cell(full, "DINKES", "2026-08", "unit:DINKES:bidangpelayanankesehatan")
    assert small.ikm is None and small.status == SMALL_SAMPLE and small.respondents == 2
    assert small.note == "sampel kurang (n = 2, minimal 20)"
    assert _cell(full, "DINKES", "2026-10", "unit:DINKES:puskesmastanahgaring").ikm.value == pytest.approx(93.21)
    assert _cell(full, "DINKES", "2026-08").ikm.value == pytest.approx(80.50)


def test_a_quarter_or_year_is_judged_on_its_pooled_responses(full):
    # DPMPTSP 2026: 33 pooled responses, published although its last month (October, 12) is not.
    year = _row(full, "2026", "DPMPTSP")
    assert year.ikm.value == pytest.approx(fx.DPMPTSP_YEAR_IKM) and year.respondents == 33
    q4 = _row(full, "2026-Q4", "DPMPTSP")
    assert q4.ikm is None and q4.ikm_note == "sampel kurang (n = 12, minimal 20)"
    assert _row(full, "2026-Q3", "DPMPTSP").ikm is not None
    assert _row(full, "2026", "DINKES").ikm.value == pytest.approx(fx.DINKES_YEAR_IKM)
    # The Puskesmas' quarters rest on one month each, both with 20 responses: published.
    assert _cell(full, "DINKES", "2026-Q3", "unit:DINKES:puskesmastanahgaring").ikm is not None
    assert _cell(full, "DINKES", "2026-Q4", "unit:DINKES:puskesmastanahgaring").ikm is not None


def test_the_ikm_minimum_is_the_only_rule():
    cells = ikm_cells(pd.concat([fx.ikm(), fx.ikm_units()]), fx.ikm_periodic(), 20)
    snap = build_snapshot(_tables(extras=True), None, min_responses=20, min_group_size=5)
    shown = {
        (u.unit_id, p): up.ikm is not None
        for units in snap.series.values()
        for u in units
        for p, up in u.periods.items()
    }
    assert shown == dict(zip(zip(cells["unit_id"], cells["period"]), cells["primary"]))


# ---- units, flags, categories, rules -----------------------------------------------------------------


def test_unit_series_and_flags():
    months = ["2026-07", "2026-08", "2026-09", "2026-10"]
    ikm = pd.DataFrame(
        [
            fx._ikm_row(uid, "A", "x", name, p, 40, 80.0, "B", "Baik", 1)
            for uid, name in (("opd:A", "Dinas A"), ("unit:A:loket", "Loket"))
            for p in months
        ]
    )
    periodic = pd.DataFrame(
        [
            {**fx._ikm_row(uid, "A", "x", name, q, n, v, "B", "Baik", 1), "kind": "triwulan"}
            for uid, name in (("opd:A", "Dinas A"), ("unit:A:loket", "Loket"))
            for q, n, v in (("2026-Q3", 120, 86.0), ("2026-Q4", 40, 80.995))
        ]
    )
    agencies = pd.DataFrame({"code": ["A"], "name": ["Dinas A"], "spreadsheet": ["a"], "position": [1]})
    snap = build_snapshot({"agencies": agencies, "ikm": ikm, "ikm_periodic": periodic}, None, 20, 5)
    (unit,) = snap.units_of("A")
    assert unit.name == "Loket" and unit.unit_id == "unit:A:loket"
    q4 = unit.at("2026-Q4")
    assert q4.ikm_change == pytest.approx(-5.005) and q4.flagged  # -5,00 after rounding half-up: 5 points
    assert not unit.at("2026-Q3").flagged and not unit.at("2026-10").flagged
    drop6 = build_snapshot(
        {"agencies": agencies, "ikm": ikm, "ikm_periodic": periodic}, None, 20, 5, ikm_drop_points=6.0
    )
    assert not drop6.units_of("A")[0].at("2026-Q4").flagged
    assert [u.unit_id for u in snap.series["A"]] == ["opd:A", "unit:A:loket"]


def test_complaint_categories_only_plain_recurring_labels():
    frame = pd.DataFrame(
        [
            {"unit_id": "opd:A", "agency": "A", "period": "2026-10", "category": "Waktu Pelayanan", "count": 4},
            {"unit_id": "opd:A", "agency": "A", "period": "2026-10", "category": "Budi Santoso", "count": 1},
            {"unit_id": "opd:A", "agency": "A", "period": "2026-10", "category": "hubungi 081234567890", "count": 5},
            {"unit_id": "opd:A", "agency": "A", "period": "2026-10", "category": "x" * 41, "count": 5},
            {"unit_id": "opd:A", "agency": "A", "period": "2026-10", "category": "Lainnya", "count": 1},
            {"unit_id": "unit:A:loket", "agency": "A", "period": "2026-10", "category": "Waktu Pelayanan", "count": 3},
        ]
    )
    out = public_categories(frame)
    assert dict(zip(out["category"], out["count"])) == {"Waktu Pelayanan": 4, "Lainnya": 12}


def test_categories_in_the_snapshot(snapshot):
    # Only the agency's pooled rows count (its unit's 2 are among its 3).
    assert snapshot.categories == {"DINKES": {"2026-10": (("Waktu pelayanan", 3),)}}


def test_rules_of_the_latest_month(snapshot):
    assert snapshot.rules == ("test", "")


def test_previous_period():
    assert [previous_period(p) for p in ("2026-01", "2026-10", "2026-Q1", "2026-Q4", "2026", "x")] == [
        "2025-12",
        "2026-09",
        "2025-Q4",
        "2026-Q3",
        "2025",
        None,
    ]


def test_trend_months_fill_gaps(snapshot):
    months = snapshot.trend_months(4)
    assert months == ("2026-07", "2026-08", "2026-09", "2026-10")
    assert snapshot.agency("DINKES", "2026-07") is None


# ---- the cache ----------------------------------------------------------------------------------------


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
    assert _row(second, "2026-10", "DINKES").avg_na == pytest.approx(99.0)


def test_pages_are_kept_per_generation(results_store):
    data = PublicData(results_store, 20, 5)
    generation = data.current()
    built = []
    assert generation.page(("beranda", "2026-10"), lambda: built.append(1) or "A") == "A"
    assert generation.page(("beranda", "2026-10"), lambda: built.append(1) or "B") == "A"
    assert built == [1]
    results_store.set_meta("last_sync", "2026-11-28T14:18:00+07:00")
    assert data.current() is not generation and data.current().pages == {}


def test_page_cache_is_bounded():
    generation = Generation("x", build_snapshot({}, None, 20, 5), max_pages=2)
    for key in range(5):
        assert generation.page(key, lambda k=key: k * 10) == key * 10
    assert len(generation.pages) == 2


def test_only_public_tables_are_read(results_store, monkeypatch):
    seen = []
    original = StoreReader.rows

    def spy(self, table, *args, **kwargs):
        seen.append(table)
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr(StoreReader, "rows", spy)
    PublicData(results_store, 20, 5).snapshot()
    assert set(seen) == set(PUBLIC_TABLES)
    assert not set(seen) & {"results", "results_periodic", "employees", "indicators", "issues"}


def test_meta_reader(tmp_path, results_store):
    assert MetaReader(tmp_path / "none.sqlite").last_sync() is None
    reader = MetaReader(results_store.path)
    assert reader.last_sync() == fx.LAST_SYNC
    results_store.set_meta("last_sync", "2026-12-01T08:00:00+07:00")
    assert reader.last_sync() == "2026-12-01T08:00:00+07:00"  # the kept connection sees new commits
    empty = ResultsStore(tmp_path / "empty.sqlite")
    empty.connect().__enter__().close()  # the file exists, no tables yet
    assert MetaReader(empty.path).last_sync() is None


def test_meta_reader_follows_a_replaced_store_file(tmp_path):
    path = tmp_path / "kinerja.sqlite"
    fx.fill_store(ResultsStore(path))
    reader = MetaReader(path)
    assert reader.last_sync() == fx.LAST_SYNC
    path.unlink()
    fx.fill_store(ResultsStore(path), last_sync="2027-01-01T00:00:00+07:00")
    assert reader.last_sync() == "2027-01-01T00:00:00+07:00"


def test_meta_reader_raises_store_error_on_a_broken_file(tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        MetaReader(path).last_sync()
