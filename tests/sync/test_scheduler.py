"""sync/scheduler.py: cycle at once then on schedule, failures logged, no overlap, clean stop, heartbeat.

Cycles run on the real local backend against tiny template workbooks; intervals are a few
hundredths of a second, or the schedule is driven tick by tick with the job made due by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import schedule
from click.testing import CliRunner

from config.errors import KinerjaError, StoreError, SyncStopped
from config.settings import load_settings
from main import cli
from sync.cycle import CycleResult, run_cycle
from sync.prepare import init_templates
from sync.scheduler import (
    META_ERROR,
    META_HEARTBEAT,
    META_LAST_CYCLE,
    META_NEXT_SYNC,
    META_STATE,
    STATE_RUNNING,
    STATE_STOPPED,
    STATE_WAITING,
    Worker,
    WorkerLock,
    install_signal_handlers,
)
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from tests.paths import ROOT
from tests.test_cli import MINIMAL  # noqa: E402  (docs/product.md's smallest config)


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "kinerja.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    settings = load_settings(path)
    init_templates(settings, LocalBackend(settings.source.folder))
    return path


@pytest.fixture
def settings(config):
    return load_settings(config)


def make_worker(settings, **kwargs) -> tuple[Worker, list[str]]:
    lines: list[str] = []
    worker = Worker(
        settings, LocalBackend(settings.source.folder), ResultsStore(settings.store.path), log=lines.append, **kwargs
    )
    return worker, lines


def empty_result(*_args, **_kwargs) -> CycleResult:
    return CycleResult(run_id=0, started="")


def make_due(job: schedule.Job) -> None:
    """What the passing of an interval does to a job: it becomes due."""
    job.next_run = dt.datetime.now() - dt.timedelta(seconds=1)


# ---- the schedule ---------------------------------------------------------------------------


def test_cycle_at_once_then_every_interval_with_the_same_backend(settings):
    seen: list[tuple[float, float, object]] = []

    def cycle(settings, backend, store, log):
        started = time.monotonic()
        result = run_cycle(settings, backend, store, log=log)
        seen.append((started, time.monotonic(), backend))
        if len(seen) == 3:
            worker.request_stop("tes")
        return result

    worker, lines = make_worker(settings, cycle=cycle, interval_seconds=0.05)
    worker.serve()
    assert len(seen) == 3 and all(b is worker.backend for _s, _e, b in seen)
    # The interval counts from the end of the previous cycle.
    for (_s, end, _b), (start, _e, _b2) in zip(seen, seen[1:]):
        assert start - end >= 0.04
    store = worker.store
    assert len(store.read("runs")) == 3 and store.meta("last_sync")
    assert store.meta(META_STATE) == STATE_STOPPED and store.meta(META_NEXT_SYNC) == ""
    assert lines[0].startswith("Worker dimulai") and "setiap 0,05 detik" in lines[0]
    assert "Siklus 2 selesai" in "\n".join(lines) and "Siklus 3 berakhir" in "\n".join(lines)
    assert re.search(r"Siklus 2 selesai dalam \d+,\d detik\.$", "\n".join(lines), re.M)
    assert lines[-1] == "Worker berhenti dengan bersih setelah 3 siklus."


def test_schedule_alone_reruns_a_job_that_raised_on_every_tick():
    """Why the guard exists: `schedule` leaves a job that raised due, so it runs again at once."""
    scheduler, calls = schedule.Scheduler(), []

    def job():
        calls.append(1)
        raise RuntimeError("gagal")

    make_due(scheduler.every(3600).seconds.do(job))
    for _ in range(3):
        with pytest.raises(RuntimeError):
            scheduler.run_pending()
    assert len(calls) == 3


def test_a_failing_cycle_is_logged_and_keeps_its_place_in_the_schedule(settings):
    calls = []

    def cycle(*_args, **_kwargs):
        calls.append(1)
        raise RuntimeError("disk penuh")

    worker, lines = make_worker(settings, cycle=cycle, interval_seconds=3600)
    job = worker.start_schedule()
    make_due(job)
    assert worker.tick() is True
    assert job.next_run > dt.datetime.now() + dt.timedelta(seconds=3500)
    assert worker.tick() is False and worker.tick() is False and len(calls) == 1
    text = "\n".join(lines)
    assert "Siklus 1 gagal: Galat internal RuntimeError: disk penuh" in text and "Jadwal tetap berjalan" in text
    assert "Traceback" in text  # a bug keeps its trace in the log
    assert worker.crashed == 1
    store = worker.store
    assert store.meta(META_ERROR).startswith("Galat internal RuntimeError")
    assert store.meta(META_STATE) == STATE_WAITING and store.meta(META_NEXT_SYNC)


def test_a_project_error_is_logged_without_a_trace_and_cleared_by_the_next_good_cycle(settings):
    outcomes = [StoreError("Basis data hasil tidak dapat dibuka."), None]

    def cycle(settings, backend, store, log):
        error = outcomes.pop(0)
        if error:
            raise error
        return run_cycle(settings, backend, store, log=log)

    worker, lines = make_worker(settings, cycle=cycle, interval_seconds=3600)
    job = worker.start_schedule()
    make_due(job)
    worker.tick()
    assert worker.store.meta(META_ERROR) == "Basis data hasil tidak dapat dibuka."
    assert "Traceback" not in "\n".join(lines)
    make_due(job)
    worker.tick()
    assert worker.store.meta(META_ERROR) == "" and worker.last_result.status == "berhasil"


def test_serve_goes_on_after_failing_cycles(settings):
    def cycle(settings, backend, store, log):
        if worker.cycles < 3:
            raise StoreError("sementara tidak bisa menulis")
        worker.request_stop("tes")
        return run_cycle(settings, backend, store, log=log)

    worker, lines = make_worker(settings, cycle=cycle, interval_seconds=0.02)
    worker.serve()
    assert worker.cycles == 3 and worker.crashed == 2
    assert sum("gagal: sementara tidak bisa menulis" in line for line in lines) == 2
    assert worker.store.meta("last_sync")


def test_cycles_never_overlap_even_when_asked_from_several_threads(settings):
    active, peak, guard = [0], [0], threading.Lock()

    def cycle(*_args, **_kwargs):
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.03)
        with guard:
            active[0] -= 1
        return empty_result()

    worker, _lines = make_worker(settings, cycle=cycle)
    threads = [threading.Thread(target=worker.run_once) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert worker.cycles == 3 and peak[0] == 1


def test_a_cycle_longer_than_the_interval_makes_the_next_start_late(settings):
    spans: list[tuple[float, float]] = []

    def cycle(*_args, **_kwargs):
        start = time.monotonic()
        time.sleep(0.06)  # three times the interval
        spans.append((start, time.monotonic()))
        if len(spans) == 3:
            worker.request_stop("tes")
        return empty_result()

    worker, _lines = make_worker(settings, cycle=cycle, interval_seconds=0.02)
    worker.serve()
    assert len(spans) == 3
    for (_s, end), (start, _e) in zip(spans, spans[1:]):
        assert start >= end  # never concurrent
        assert start - end >= 0.015  # late: a full interval after the long cycle ended


# ---- stopping -------------------------------------------------------------------------------


def test_a_stop_request_ends_the_wait_at_once(settings):
    worker, lines = make_worker(settings, interval_seconds=3600)
    timer = threading.Timer(0.1, worker.request_stop, ["SIGTERM"])
    started = time.monotonic()
    timer.start()
    worker.serve()
    assert time.monotonic() - started < 10  # not the hour the interval asks for
    assert worker.cycles == 1
    assert lines[-2:] == ["SIGTERM diterima.", "Worker berhenti dengan bersih setelah 1 siklus."]
    assert worker.store.meta(META_STATE) == STATE_STOPPED


def test_a_cycle_stopped_midway_ends_the_worker_without_counting_a_failure(settings):
    def cycle(*_args, **_kwargs):
        worker.request_stop("SIGINT (Ctrl+C)")
        raise SyncStopped("Dihentikan.")

    worker, lines = make_worker(settings, cycle=cycle, interval_seconds=0.01)
    worker.serve()
    assert worker.cycles == 1 and worker.crashed == 0
    assert any("Siklus 1 dihentikan" in line for line in lines)
    assert worker.store.meta(META_ERROR) == "" and worker.store.meta(META_STATE) == STATE_STOPPED


def test_a_stop_requested_before_a_cycle_runs_skips_it(settings):
    worker, _lines = make_worker(settings, cycle=empty_result)
    worker.request_stop("tes")
    assert worker.run_once() is None and worker.cycles == 0


def test_signal_handlers_request_a_stop_then_exit_on_a_second_signal():
    reasons: list[str] = []
    restore = install_signal_handlers(reasons.append)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert reasons == ["SIGTERM"]
        with pytest.raises(SystemExit):
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        restore()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# ---- heartbeat and lock ---------------------------------------------------------------------


def test_heartbeat_says_running_during_a_cycle_and_waiting_after(settings):
    clock = iter(f"2026-11-02T08:00:{s:02d}+07:00" for s in range(60))
    during = {}

    def cycle(settings, backend, store, log):
        during.update(
            state=store.meta(META_STATE), heartbeat=store.meta(META_HEARTBEAT), next_sync=store.meta(META_NEXT_SYNC)
        )
        return run_cycle(settings, backend, store, log=log)

    worker, _lines = make_worker(settings, cycle=cycle, interval_seconds=900, now=lambda: next(clock))
    job = worker.start_schedule()
    make_due(job)
    worker.tick()
    assert during["state"] == STATE_RUNNING and during["next_sync"] == ""
    assert during["heartbeat"] == "2026-11-02T08:00:01+07:00"  # 00 is the "dimulai" log line
    store = worker.store
    assert store.meta(META_STATE) == STATE_WAITING
    assert store.meta(META_HEARTBEAT) > during["heartbeat"]
    assert dt.datetime.fromisoformat(store.meta(META_NEXT_SYNC)) > dt.datetime.now().astimezone()
    assert store.meta("last_sync")  # finish_run's, what the site shows as "terakhir diperbarui"


def test_the_wait_line_tells_the_next_cycle_in_wib(settings):
    """The server's clock may run on UTC; Solok reads WIB, and the line says which it is."""
    from zoneinfo import ZoneInfo

    worker, lines = make_worker(
        settings, cycle=empty_result, interval_seconds=900, now=lambda: "2026-12-03T11:28:16+00:00"
    )
    make_due(worker.start_schedule())
    worker.tick()
    assert lines[0] == "Siklus 1 dimulai 3 Desember 2026 pukul 18.28.16 WIB.", lines
    due = dt.datetime.fromisoformat(worker.store.meta(META_NEXT_SYNC)).astimezone(ZoneInfo("Asia/Jakarta"))
    assert f"Menunggu siklus berikutnya pukul {due:%H.%M.%S} WIB (setiap 15 menit)." in lines, lines


def test_a_heartbeat_that_cannot_be_written_does_not_stop_the_cycle(settings):
    class ReadOnlyMeta(ResultsStore):
        def set_meta(self, key, value):
            raise StoreError("Basis data hasil hanya-baca.")

    lines: list[str] = []
    worker = Worker(settings, LocalBackend(settings.source.folder), ReadOnlyMeta(settings.store.path), log=lines.append)
    assert worker.once() is True
    assert any(line.startswith("Heartbeat tidak dapat ditulis: Basis data hasil hanya-baca.") for line in lines)
    assert worker.store.meta("last_sync")


def test_once_runs_one_cycle_and_reports_success(settings):
    worker, _lines = make_worker(settings)
    assert worker.once() is True and worker.cycles == 1
    assert worker.store.meta(META_STATE) == STATE_STOPPED

    failing, _lines = make_worker(settings, cycle=lambda *a, **k: 1 / 0)
    assert failing.once() is False


def test_a_second_worker_on_the_same_store_is_refused(settings, tmp_path):
    worker, _lines = make_worker(settings, cycle=empty_result)
    with WorkerLock(settings.store.path):
        with pytest.raises(KinerjaError, match="Worker lain .* sudah berjalan"):
            worker.serve()
    with WorkerLock(settings.store.path):  # released when the first one exits
        pass


# ---- the command ----------------------------------------------------------------------------


def test_worker_once_command(config):
    result = CliRunner().invoke(cli, ["worker", "--config", str(config), "--once"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Siklus 1 selesai" in result.output and "Sinkronisasi berhasil" in result.output
    store = ResultsStore(load_settings(config).store.path)
    assert store.meta(META_STATE) == STATE_STOPPED and store.meta("last_sync")


@pytest.mark.parametrize("signum, name", [(signal.SIGTERM, "SIGTERM"), (signal.SIGINT, "SIGINT (Ctrl+C)")])
def test_worker_process_stops_cleanly_on_a_signal(config, signum, name):
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "worker", "--config", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not any(line.startswith("Menunggu siklus berikutnya") for line in seen):
            assert time.monotonic() < deadline, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                assert proc.poll() is None, "".join(seen)
        os.kill(proc.pid, signum)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(5)  # the pipe is closed: the reader has everything
    proc.stdout.close()
    while not lines.empty():
        seen.append(lines.get())
    output = "".join(seen)
    assert f"{name} diterima." in output
    assert "Worker berhenti dengan bersih setelah 1 siklus." in output
    assert "Traceback" not in output
    store = ResultsStore(load_settings(config).store.path)
    assert store.meta(META_STATE) == STATE_STOPPED


# ---- a stop request on the Google backend (the fake Sheets API) -----------------------------


def test_a_stop_on_google_lands_between_requests_and_writes_nothing_half(tmp_path):
    import dataclasses

    from config.contract import AGENCY_OWNED_TABS
    from sync.demo.generate import DemoScale, generate_city
    from sync.demo.write import write_config
    from sync.sources.google.backend import GoogleBackend
    from tests.fake_sheets import FakeSheets

    city = generate_city(DemoScale(agencies=3, employees=24, months=3, responses=200, complaints=10), seed=3)
    fake = FakeSheets(time_zone="Asia/Jakarta")
    for key, tabs in city.workbooks.items():
        fake.add_spreadsheet(key, tabs)
    settings = load_settings(write_config(city, tmp_path / "kinerja.toml", "data", "var/kinerja.sqlite"))
    settings = dataclasses.replace(settings, source=dataclasses.replace(settings.source, kind="google"))
    owned = [(a.spreadsheet, tab) for a in settings.agencies for tab in AGENCY_OWNED_TABS]
    armed_at: list[int] = []
    session = fake.session()

    def stop_after_two_requests(response, *_args, **_kwargs):
        if armed_at and len(fake.log) - armed_at[0] >= 2:
            worker.request_stop("SIGTERM")  # as the signal handler does
        return response

    session.hooks["response"].append(stop_after_two_requests)
    virtual = [0.0]
    stop = threading.Event()
    backend = GoogleBackend(
        settings.source,
        session=session,
        credentials=fake.credentials,
        stop=stop,
        sleep=lambda s: virtual.__setitem__(0, virtual[0] + s),
        clock=lambda: virtual[0],
    )
    after_cycle_1: dict = {}

    def cycle(settings, backend, store, log):
        if worker.cycles == 2:
            after_cycle_1.update({k: fake.values(*k) for k in owned})
            # New numbers to write this time; the stop comes while the agencies are read.
            fake.client().open_by_key(settings.agencies[0].spreadsheet).worksheet("Laporan Kinerja").update_cell(
                2, 6, 1
            )
            armed_at.append(len(fake.log))
        return run_cycle(settings, backend, store, log=log)

    lines: list[str] = []
    worker = Worker(
        settings,
        backend,
        ResultsStore(settings.store.path),
        stop=stop,
        log=lines.append,
        cycle=cycle,
        interval_seconds=0.01,
    )
    worker.serve()
    assert worker.cycles == 2 and worker.crashed == 0
    cycle_2 = fake.log[armed_at[0] :]
    assert [kind for kind, _url, _status in cycle_2] == ["values.batchGet", "values.batchGet"]
    assert {k: fake.values(*k) for k in owned} == after_cycle_1  # nothing written, nothing half-written
    assert any(line.startswith("Siklus 2 dihentikan di tengah jalan") for line in lines)
    assert not any("GAGAL" in line for line in lines)  # a stop is not a failure of every later agency
    runs = worker.store.read("runs")
    assert runs["status"].tolist() == ["berhasil", "dihentikan"]
    assert worker.store.meta("last_sync") == runs["finished"].iloc[0]  # the site keeps the complete cycle
    assert lines[-1] == "Worker berhenti dengan bersih setelah 2 siklus."
    assert worker.store.meta(META_STATE) == STATE_STOPPED


# ---- a killed process never jams the next one (issue 9, item 1) ------------------------------


def _hold_forever(_ready):
    _ready.set()
    time.sleep(60)


def test_a_process_forked_while_holding_the_lock_does_not_keep_it(settings):
    """The render processes are forked by a process that holds the lock: they must not inherit it,
    or a killed worker's orphans keep every later sync out."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    ready = ctx.Event()
    with WorkerLock(settings.store.path):
        child = ctx.Process(target=_hold_forever, args=(ready,), daemon=True)
        child.start()
        assert ready.wait(30)
    try:
        with WorkerLock(settings.store.path):  # the holder is gone; its child is not
            pass
    finally:
        child.kill()
        child.join()


def test_a_lock_held_by_another_process_never_names_a_dead_pid_as_running(settings, tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    lock = Path(f"{settings.store.path}.worker.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text(dead)
    holder = subprocess.Popen(  # holds the lock without recording itself, like an orphan would
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('ok', flush=True); time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(KinerjaError) as caught:
            with WorkerLock(settings.store.path):
                pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    message = str(caught.value)
    assert f"Worker lain (pid {dead}) sudah berjalan" not in message
    assert f"pid {dead} yang tercatat sudah tidak berjalan" in message and str(lock) in message


def test_the_lock_names_the_live_holder(settings):
    with WorkerLock(settings.store.path):
        with pytest.raises(KinerjaError, match=f"Worker lain \\(pid {os.getpid()}\\) sudah berjalan"):
            with WorkerLock(settings.store.path):
                pass


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted_at_the_next_start(settings):
    store = ResultsStore(settings.store.path)
    store.ensure_schema()
    killed = store.start_run("2026-11-02T08:00:00+07:00", "test")
    store.set_meta(META_STATE, STATE_RUNNING)  # the heartbeat of a worker killed mid-cycle
    worker, lines = make_worker(settings)
    assert worker.once() is True
    runs = store.read("runs").set_index("id")
    assert runs.loc[killed, "status"] == "terputus"
    assert "terputus" in runs.loc[killed, "summary"]
    assert runs.drop(index=killed)["status"].tolist() == ["berhasil"]
    assert any(f"Sinkronisasi no. {killed}" in line and "terputus" in line for line in lines)
    assert store.meta(META_STATE) == STATE_STOPPED


def test_a_cycle_that_crashes_does_not_leave_its_run_running(settings):
    class Boom(ResultsStore):
        def set_agencies(self, agencies):
            raise StoreError("Disk penuh.")  # not an error of one spreadsheet: the cycle itself fails

    worker = Worker(settings, LocalBackend(settings.source.folder), Boom(settings.store.path), log=lambda _l: None)
    assert worker.once() is False
    assert worker.store.read("runs")["status"].tolist() == ["gagal"]


# ---- the last cycle's status in the heartbeat (issue 9, item 9) -----------------------------


def test_heartbeat_keeps_the_last_cycle_status(settings):
    worker, _lines = make_worker(settings)
    worker.once()
    assert worker.store.meta(META_LAST_CYCLE) == "berhasil"
    (settings.source.folder / "dpmptsp.xlsx").unlink()  # one of two spreadsheets fails
    worker.once()
    assert worker.store.meta(META_LAST_CYCLE) == "sebagian gagal" and worker.exit_code == 1
    (settings.source.folder / "kota.xlsx").unlink()
    worker.once()
    assert worker.store.meta(META_LAST_CYCLE) == "gagal" and worker.exit_code == 2

    crashing, _lines = make_worker(settings, cycle=lambda *a, **k: 1 / 0)
    crashing.once()
    assert crashing.store.meta(META_LAST_CYCLE) == "gagal" and crashing.exit_code == 2


def test_a_lock_that_cannot_be_created_says_how_to_fix(tmp_path):
    (tmp_path / "berkas").write_text("bukan folder")
    with pytest.raises(StoreError, match=r"\[store\] path"):
        with WorkerLock(tmp_path / "berkas" / "kinerja.sqlite"):
            pass


# ---- no lock file left behind (issue 11, item 9) -----------------------------------------------


def test_a_released_lock_leaves_no_file_behind(settings):
    lock = Path(f"{settings.store.path}.worker.lock")
    with WorkerLock(settings.store.path):
        assert lock.is_file()
    assert not lock.exists()  # users read a lock file left after a manual sync as a stale lock


def test_a_manual_sync_leaves_no_lock_file(config):
    result = CliRunner().invoke(cli, ["sync", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store_path = load_settings(config).store.path
    assert Path(store_path).is_file() and not Path(f"{store_path}.worker.lock").exists()


def test_a_lock_taken_on_a_file_unlinked_meanwhile_is_taken_again_on_the_new_file(settings, monkeypatch):
    """Between one process's open and its flock, another takes and releases the lock (which unlinks
    the file): the first must not hold a lock on the unlinked file while a third creates a new one."""
    import fcntl

    from sync import scheduler

    real = fcntl.flock
    raced = []

    def flock_after_a_whole_cycle_of_another(fd, op):
        if not raced and op & fcntl.LOCK_EX:
            raced.append(fd)
            with WorkerLock(settings.store.path):  # the other process, start to end
                pass
        return real(fd, op)

    monkeypatch.setattr(scheduler.fcntl, "flock", flock_after_a_whole_cycle_of_another)
    with WorkerLock(settings.store.path):
        assert raced
        monkeypatch.setattr(scheduler.fcntl, "flock", real)
        with pytest.raises(KinerjaError, match="sudah berjalan"):  # a third one is refused
            with WorkerLock(settings.store.path):
                pass
