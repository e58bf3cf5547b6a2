"""The Google backend under faults: 429 bursts, 5xx (HTML 502 too), timeouts, resets, partial writes.

Everything runs on the fake Sheets API and a fake clock: the backoff waits are recorded, never
slept. The last tests run whole sync cycles (sync.cycle.run_cycle) on the fake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest

from config.errors import SpreadsheetUnavailable, SyncStopped
from config.settings import load_settings
from sync.cycle import STATUS_FAILED, STATUS_OK, STATUS_UNCHANGED, run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.backend import SheetTable
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from tests.fake_sheets import FakeSheets
from tests.google_world import FakeClock, google_backend

TABS = ["Pegawai", "Presensi"]
NIP = "198503152010121001"


@pytest.fixture
def fake():
    fake = FakeSheets()
    fake.add_spreadsheet("dinkes", {"Pegawai": [["NIP", "Nama"], [NIP, "Rina"]], "Presensi": [["Periode", "NIP"]]})
    return fake


def table(n: int, name: str = "Hasil Kinerja", tag: str = "") -> SheetTable:
    return SheetTable(name, ("Nama", "Nilai"), [[f"P{i}{tag}", float(i)] for i in range(n)])


# ---- recovering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        dict(status=429),
        dict(status=500),
        dict(status=502, html=True),
        dict(status=503),
        dict(status=504),
    ],
)
def test_a_burst_of_transient_answers_is_retried_with_growing_waits(fake, fault):
    clock = FakeClock()
    backend = google_backend(fake, clock=clock)
    fake.fail_next(n=4, kind="values.batchGet", **fault)
    tabs = backend.read("dinkes", TABS)
    assert tabs["Pegawai"].body.loc[2, 0] == NIP
    assert fake.counts["values.batchGet"] == 5
    assert backend.stats["retries"] == 4
    waits = clock.sleeps
    assert len(waits) == 4 and waits == sorted(waits) and waits[0] >= 0.5
    assert backend.stats["backoff_seconds"] == pytest.approx(sum(waits), abs=1e-3)


def test_timeouts_and_resets_are_retried_and_every_call_has_the_timeout(fake):
    clock = FakeClock()
    backend = google_backend(fake, clock=clock, timeout_seconds=7.5)
    fake.timeout_next(n=2)
    fake.reset_next(n=2)
    assert "Pegawai" in backend.read("dinkes", TABS)
    assert len(clock.sleeps) == 4
    assert fake.timeouts_seen and set(fake.timeouts_seen) == {7.5}


def test_retries_run_out_then_the_spreadsheet_is_unavailable_with_a_clear_message(fake):
    backend = google_backend(fake, max_retries=3)
    fake.fail_next(n=4, status=503)
    with pytest.raises(SpreadsheetUnavailable) as info:
        backend.read("dinkes", TABS)
    message = str(info.value)
    assert "dinkes" in message and "4 kali" in message
    assert "Hasil sebelumnya tetap dipakai" in message and "siklus berikutnya" in message
    assert fake.counts["get"] == 4  # the metadata request, tried 1 + 3 times, then no more


def test_pacing_keeps_a_long_run_inside_the_quota(fake):
    clock = FakeClock()
    backend = google_backend(fake, clock=clock, reads_per_minute=60)
    start = clock.now
    for _ in range(150):
        backend.read("dinkes", TABS)
    assert fake.reads == 151
    assert clock.now - start >= 120  # 151 reads at 60 a minute: at least two minutes of waiting
    assert backend.stats["limiter_seconds"] == pytest.approx(clock.now - start, abs=1e-3)


def test_a_403_names_the_service_account_to_share_with(fake):
    fake.share_email = "kinerja@solok-proyek.iam.gserviceaccount.com"
    fake.add_spreadsheet("rahasia", {"Pegawai": []}, shared=False)
    backend = google_backend(fake)
    with pytest.raises(SpreadsheetUnavailable) as info:
        backend.read("rahasia", TABS)
    assert "kinerja@solok-proyek.iam.gserviceaccount.com" in str(info.value)
    assert "Bagikan" in str(info.value) and "konfigurasi" in str(info.value)
    assert fake.counts["get"] == 1  # never retried


def test_a_404_says_to_check_the_key(fake):
    with pytest.raises(SpreadsheetUnavailable, match="tidak ditemukan.*kunci spreadsheet"):
        google_backend(fake).read("salah-ketik", TABS)


# ---- partial writes -------------------------------------------------------------------------------


def test_a_write_that_fails_partway_is_redone_whole_by_the_retry(fake):
    backend = google_backend(fake)
    backend.write("dinkes", [table(5), table(5, "Validasi")])
    fake.fail_partway_next_write()
    assert backend.write("dinkes", [table(2, tag="b"), table(3, "Validasi", tag="b")]) is True
    assert fake.values("dinkes", "Hasil Kinerja") == [["Nama", "Nilai"], ["P0b", 0], ["P1b", 1]]
    assert fake.values("dinkes", "Validasi") == [["Nama", "Nilai"], ["P0b", 0], ["P1b", 1], ["P2b", 2]]


def test_a_failed_partial_write_is_completed_on_the_next_cycle_without_stale_rows(fake, tmp_path):
    state = tmp_path / "state.json"
    backend = google_backend(fake, state_path=state, max_retries=0)
    backend.write("dinkes", [table(3), table(3, "Validasi")])
    # This cycle: longer results; the first tab lands, then Google fails and retries are off.
    fake.fail_partway_next_write()
    with pytest.raises(SpreadsheetUnavailable):
        backend.write("dinkes", [table(30, tag="x"), table(30, "Validasi", tag="x")])
    assert len(fake.values("dinkes", "Hasil Kinerja")) == 31 and len(fake.values("dinkes", "Validasi")) == 4
    # Next cycle (a restarted worker, even): shorter results than the half-written ones.
    again = google_backend(fake, state_path=state)
    assert again.write("dinkes", [table(2, tag="y"), table(2, "Validasi", tag="y")]) is True
    assert fake.values("dinkes", "Hasil Kinerja") == [["Nama", "Nilai"], ["P0y", 0], ["P1y", 1]]
    assert fake.values("dinkes", "Validasi") == [["Nama", "Nilai"], ["P0y", 0], ["P1y", 1]]


def test_an_unchanged_retry_after_a_failed_write_is_not_skipped(fake):
    backend = google_backend(fake, max_retries=0)
    backend.write("dinkes", [table(3)])
    fake.fail_next(status=500, kind="values.batchUpdate")
    with pytest.raises(SpreadsheetUnavailable):
        backend.write("dinkes", [table(4)])
    assert backend.write("dinkes", [table(4)]) is True  # the failed content was never confirmed
    assert len(fake.values("dinkes", "Hasil Kinerja")) == 5


# ---- stopping -------------------------------------------------------------------------------------


def test_a_stop_during_a_backoff_ends_the_read_before_the_next_request(fake):
    clock = FakeClock()
    stop = threading.Event()
    backend = google_backend(fake, clock=clock, stop=stop)
    backend.read("dinkes", TABS)
    real_sleep = clock.sleep

    def sleep(seconds):
        real_sleep(seconds)
        stop.set()  # SIGTERM arrives while the backend waits to retry

    backend.pacer._sleep = sleep
    fake.fail_next(n=3, status=429)
    before = sum(fake.counts.values())
    with pytest.raises(SyncStopped):
        backend.read("dinkes", TABS)
    assert sum(fake.counts.values()) == before + 1


# ---- whole cycles -----------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 28)
SMALL = DemoScale(agencies=3, employees=45, responses=600, complaints=20)


@pytest.fixture(scope="module")
def small_city():
    return generate_city(SMALL, seed=5)


@pytest.fixture
def settings(tmp_path, small_city):
    write_config(small_city, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    local = load_settings(tmp_path / "kinerja.toml")
    return dataclasses.replace(local, source=dataclasses.replace(local.source, kind="google"))


def city_fake(small_city) -> FakeSheets:
    fake = FakeSheets(time_zone="Asia/Jakarta")
    for key, tabs in small_city.workbooks.items():
        fake.add_spreadsheet(key, tabs)
    return fake


def cycle(settings, backend, store_dir):
    store = ResultsStore(store_dir / "kinerja.sqlite")
    return store, run_cycle(settings, backend, store, log=lambda _l: None, today=TODAY)


def results(store: ResultsStore):
    frame = store.read("results")
    return frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)


def owned_values(fake: FakeSheets, small_city) -> dict:
    return {
        (key, tab): fake.values(key, tab)
        for key in small_city.workbooks
        for tab in fake.titles(key)
        if tab in ("Hasil Kinerja", "Ringkasan", "Validasi", "Rekap Kota", "IKM Unit")
    }


def test_a_cycle_on_google_gives_the_results_of_a_cycle_on_local_files(settings, small_city, tmp_path):
    write_workbooks(small_city, tmp_path / "data", workers=1)
    local_store, local_run = cycle(
        load_settings(tmp_path / "kinerja.toml"), LocalBackend(tmp_path / "data"), tmp_path / "local"
    )
    fake = city_fake(small_city)
    google_store, google_run = cycle(settings, google_backend(fake), tmp_path / "google")
    assert google_run.status == local_run.status == STATUS_OK
    assert results(google_store).equals(results(local_store))
    assert [(s.rows_read, s.rows_used, s.rows_rejected) for s in google_run.sheets] == [
        (s.rows_read, s.rows_used, s.rows_rejected) for s in local_run.sheets
    ]


def test_one_failing_spreadsheet_stops_nothing_else(settings, small_city, tmp_path):
    fake = city_fake(small_city)
    backend = google_backend(fake, max_retries=2)
    store, first = cycle(settings, backend, tmp_path)
    assert first.status == STATUS_OK
    victim = small_city.agencies[1]
    previous = store.read("results", "agency = ?", (victim.code,))
    fake.fail_next(n=1000, status=503, key=victim.spreadsheet)
    store, result = cycle(settings, backend, tmp_path)
    by_scope = {s.scope: s for s in result.sheets}
    assert by_scope[victim.code].status == STATUS_FAILED
    assert "gagal 3 kali" in by_scope[victim.code].error
    assert all(s.status in (STATUS_OK, STATUS_UNCHANGED) for s in result.sheets if s.scope != victim.code)
    assert result.status == "sebagian gagal"
    assert store.read("results", "agency = ?", (victim.code,)).equals(previous)
    # The city tab says which agency failed this cycle.
    rekap = fake.values(small_city.city_spreadsheet, "Rekap Kota")
    status_col = rekap[0].index("Status Sinkronisasi")
    victim_rows = [r for r in rekap[1:] if r[0] == victim.code]
    assert victim_rows and all(r[status_col].startswith("Gagal") for r in victim_rows)


def test_an_unchanged_second_cycle_reads_once_per_spreadsheet_and_writes_nothing(settings, small_city, tmp_path):
    fake = city_fake(small_city)
    backend = google_backend(fake)
    cycle(settings, backend, tmp_path)
    spreadsheets = len(small_city.workbooks)
    fake.reset_counts()
    _store, result = cycle(settings, backend, tmp_path)
    assert all(s.status == STATUS_UNCHANGED for s in result.sheets)
    assert fake.counts == {"values.batchGet": spreadsheets}


def test_a_cycle_under_random_faults_ends_like_a_fault_free_one(settings, small_city, tmp_path):
    calm = city_fake(small_city)
    calm_store, calm_run = cycle(settings, google_backend(calm), tmp_path / "calm")
    stormy = city_fake(small_city)
    stormy.random_faults(rate_429=0.3, rate_5xx=0.05, seed=11)
    clock = FakeClock()
    backend = google_backend(stormy, clock=clock, max_retries=10)
    storm_store, storm_run = cycle(settings, backend, tmp_path / "storm")
    assert storm_run.status == calm_run.status == STATUS_OK
    assert backend.stats["retries"] > 0 and backend.stats["backoff_seconds"] > 0
    assert results(storm_store).equals(results(calm_store))
    assert owned_values(stormy, small_city) == owned_values(calm, small_city)
