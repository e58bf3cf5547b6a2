"""The scheduled worker: one sync cycle at once, then one every `[sync] interval_minutes`.

`python main.py worker` builds the backend once and hands it to a `Worker`, so what the backend
learns (Google spreadsheet metadata, digests of what it last wrote) lives as long as the process.
Scheduling uses `schedule`, with three guards the library does not give:

- A job that raises is never rescheduled by `schedule` (its `next_run` stays in the past, so it
  runs again on every tick). The job body here never raises: a failing cycle is logged and the
  next one keeps its place in the schedule.
- Cycles never overlap: one lock per worker, and a lock file beside the results store so a second
  worker on the same store refuses to start. `schedule` counts the interval from the end of a
  cycle, so a cycle longer than the interval makes the next start late, never concurrent.
- SIGINT/SIGTERM set a `threading.Event`; the wait between cycles is `Event.wait` (it wakes at
  once) and the Google backend checks the event between requests (`SyncStopped`).

Each cycle leaves a heartbeat in the results store's meta table (`META_*` keys) beside the
`last_sync` that `finish_run` sets, so the site can say when the data was last refreshed and
whether the worker is alive.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import threading
import time
import traceback
from pathlib import Path
from typing import Callable

import schedule

from config.settings import Settings
from sync import display
from sync.backend import Backend
from sync.errors import KinerjaError, SyncStopped
from sync.store import ResultsStore
from sync.worker import STATUS_FAILED, CycleResult, run_cycle

try:  # POSIX only; elsewhere the in-process lock still keeps one worker's cycles apart
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

Log = Callable[[str], None]
Cycle = Callable[..., CycleResult]

# Meta keys of the results store (values are text).
META_HEARTBEAT = "heartbeat"          # ISO time of the worker's last sign of life
META_STATE = "worker_state"           # one of the STATE_* values
META_NEXT_SYNC = "next_sync"          # ISO time the next cycle is due ('' while one runs or stopped)
META_ERROR = "worker_error"           # why the last cycle crashed ('' when it did not)

STATE_RUNNING = "berjalan"            # a cycle is under way
STATE_WAITING = "menunggu"            # between cycles
STATE_STOPPED = "berhenti"            # the worker has exited cleanly

MAX_IDLE_SECONDS = 60.0  # re-check the schedule at least this often (a wall-clock jump, a late job)


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _seconds(value: float) -> str:
    """Seconds for a log line, with the Indonesian decimal comma: 12.34 -> '12,3'."""
    return f"{value:.1f}".replace(".", ",")


class WorkerLock:
    """An exclusive lock file beside the results store: one worker per store at a time."""

    def __init__(self, store_path: Path):
        self.path = Path(f"{store_path}.worker.lock")
        self._file = None

    def __enter__(self) -> "WorkerLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a+")
        if fcntl is not None:
            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                self._file.seek(0)
                holder = self._file.read().strip() or "?"
                self._file.close()
                self._file = None
                raise KinerjaError(
                    f"Worker lain (pid {holder}) sudah berjalan untuk basis data hasil {self.path.parent}. "
                    "Hentikan worker itu dulu, atau pakai [store] path yang lain."
                ) from exc
        self._file.seek(0)
        self._file.truncate()
        self._file.write(str(os.getpid()))
        self._file.flush()
        return self

    def __exit__(self, *_exc) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the flock
            self._file = None


class Worker:
    """Run sync cycles on a schedule against one backend and one store (see the module docstring).

    `cycle` is `sync.worker.run_cycle` unless a test passes another; `interval_seconds` defaults to
    `settings.sync.interval_minutes * 60`; `now` gives the heartbeat's ISO time; `wait(seconds)` is
    how the loop idles (default: `stop.wait`, so a stop request ends the wait at once).
    """

    def __init__(self, settings: Settings, backend: Backend, store: ResultsStore, *,
                 stop: threading.Event | None = None, log: Log = print, cycle: Cycle = run_cycle,
                 interval_seconds: float | None = None, now: Callable[[], str] = _now,
                 wait: Callable[[float], object] | None = None):
        self.settings = settings
        self.backend = backend
        self.store = store
        self.stop = stop or threading.Event()
        self.log = log
        self.cycle = cycle
        self.interval_seconds = (
            float(interval_seconds) if interval_seconds is not None else settings.sync.interval_minutes * 60.0
        )
        self.now = now
        self.wait = wait or self.stop.wait
        self.scheduler = schedule.Scheduler()
        self.job: schedule.Job | None = None
        self.cycles = 0           # cycles started
        self.crashed = 0          # cycles that raised instead of returning a result
        self.last_result: CycleResult | None = None
        self.stop_reason = ""
        self._lock = threading.Lock()

    def request_stop(self, reason: str = "permintaan berhenti") -> None:
        """Ask the worker to stop between requests (safe from a signal handler: no I/O)."""
        self.stop_reason = self.stop_reason or reason
        self.stop.set()

    # ---- one cycle ------------------------------------------------------------------------

    def run_once(self) -> CycleResult | None:
        """Run one cycle now, after any cycle still under way; never raises for a failing cycle.

        Returns the cycle's result, or None when it crashed, was stopped, or the worker was asked
        to stop while waiting for the previous cycle.
        """
        while not self._lock.acquire(timeout=0.2):
            if self.stop.is_set():
                return None
        try:
            if self.stop.is_set():
                return None
            return self._guarded_cycle()
        finally:
            self._lock.release()

    def _guarded_cycle(self) -> CycleResult | None:
        self.cycles += 1
        number = self.cycles
        started = time.monotonic()
        self.log(f"Siklus {number} dimulai {display.moment(self.now())}.")
        self._heartbeat(STATE_RUNNING, next_sync="")
        error = ""
        result = None
        try:
            result = self.cycle(self.settings, self.backend, self.store, log=self.log)
        except SyncStopped:
            self.log(f"Siklus {number} dihentikan di tengah jalan atas permintaan; "
                     "hasil sebelumnya tetap dipakai untuk spreadsheet yang belum selesai.")
        except Exception as exc:  # the schedule goes on: the next cycle may well succeed
            self.crashed += 1
            if isinstance(exc, KinerjaError):
                error = str(exc)
            else:  # a bug, not a user problem: keep the trace in the log
                error = f"Galat internal {type(exc).__name__}: {exc}. Laporkan ke pengelola sistem."
                self.log(traceback.format_exc().rstrip())
            self.log(f"Siklus {number} gagal: {error} Jadwal tetap berjalan.")
        else:
            self.last_result = result
            took = _seconds(time.monotonic() - started)
            if self.stop.is_set():
                self.log(f"Siklus {number} berakhir setelah {took} detik karena permintaan berhenti; "
                         "spreadsheet yang belum selesai tetap memakai hasil sebelumnya.")
            else:
                self.log(f"Siklus {number} selesai dalam {took} detik.")
        self._heartbeat(error=error)
        return result

    # ---- the schedule ---------------------------------------------------------------------

    def _scheduled_job(self) -> None:
        # Never raises (run_once catches every failure): a job that raised would stay due and
        # `schedule` would run it again on every tick.
        self.run_once()

    def start_schedule(self) -> schedule.Job:
        """Register the periodic job; its first run is one interval from now."""
        if self.job is None:
            self.job = self.scheduler.every(self.interval_seconds).seconds.do(self._scheduled_job)
        return self.job

    def next_run(self) -> dt.datetime | None:
        return self.job.next_run if self.job is not None else None

    def tick(self) -> bool:
        """Run the job if it is due; True when a cycle started in this tick."""
        before = self.cycles
        self.scheduler.run_pending()
        ran = self.cycles != before
        if ran and not self.stop.is_set():
            self._announce_wait()
        return ran

    def _announce_wait(self) -> None:
        due = self.next_run()
        if due is None:
            return
        due_iso = due.astimezone().isoformat(timespec="seconds")
        self._heartbeat(STATE_WAITING, next_sync=due_iso)
        self.log(f"Menunggu siklus berikutnya pukul {display.clock_time(due)} (setiap {self._interval_text()}).")

    def _interval_text(self) -> str:
        minutes = self.interval_seconds / 60
        if minutes >= 1 and minutes == int(minutes):
            return f"{int(minutes)} menit"
        return f"{self.interval_seconds:g} detik".replace(".", ",")

    # ---- the whole life of a worker -------------------------------------------------------

    def serve(self) -> None:
        """Cycle at once, then on schedule until `stop` is set; leaves the state 'berhenti'."""
        with WorkerLock(self.store.path):
            self.log(f"Worker dimulai: satu siklus sekarang, lalu setiap {self._interval_text()} "
                     "(dihitung dari akhir siklus). Hentikan dengan Ctrl+C atau SIGTERM.")
            try:
                self.run_once()
                self.start_schedule()
                if not self.stop.is_set():
                    self._announce_wait()
                while not self.stop.is_set():
                    self.tick()
                    idle = self.scheduler.idle_seconds
                    self.wait(min(MAX_IDLE_SECONDS, max(0.0, idle if idle is not None else MAX_IDLE_SECONDS)))
            finally:
                self.scheduler.clear()
                self._heartbeat(STATE_STOPPED, next_sync="")
            if self.stop_reason:
                self.log(f"{self.stop_reason} diterima.")
            self.log(f"Worker berhenti dengan bersih setelah {self.cycles} siklus.")

    def once(self) -> bool:
        """One cycle with heartbeat, then exit; True unless it crashed or every spreadsheet failed."""
        with WorkerLock(self.store.path):
            result = self.run_once()
            self._heartbeat(STATE_STOPPED, next_sync="")
        return result is not None and result.status != STATUS_FAILED

    # ---- heartbeat ------------------------------------------------------------------------

    def _heartbeat(self, state: str | None = None, next_sync: str | None = None, error: str | None = None) -> None:
        values = {META_HEARTBEAT: self.now()}
        if state is not None:
            values[META_STATE] = state
        if next_sync is not None:
            values[META_NEXT_SYNC] = next_sync
        if error is not None:
            values[META_ERROR] = error
        try:
            self.store.ensure_schema()
            for key, value in values.items():
                self.store.set_meta(key, value)
        except (KinerjaError, sqlite3.Error, OSError) as exc:  # a stale heartbeat; the worker goes on
            self.log(f"Heartbeat tidak dapat ditulis: {exc}")


def install_signal_handlers(request_stop: Callable[[str], None]) -> Callable[[], None]:
    """SIGINT/SIGTERM call `request_stop(name)` (the worker ends between requests); a second
    signal exits at once. Returns a function restoring the previous handlers. Main thread only.

    The handler does no I/O: printing from a signal handler can hit "reentrant call" on a
    stream the interrupted code was writing to. The worker logs the reason itself.
    """
    names = {signal.SIGINT: "SIGINT (Ctrl+C)", signal.SIGTERM: "SIGTERM"}
    received: list[int] = []

    def handler(signum, _frame):
        if received:
            raise SystemExit(130)
        received.append(signum)
        request_stop(names.get(signum, str(signum)))

    previous = {sig: signal.signal(sig, handler) for sig in names}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
