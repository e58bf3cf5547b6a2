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
- A killed holder never jams the next one: the lock is an flock the kernel drops when the
  holder dies however it dies (SIGKILL, the OOM killer), and processes it forks close their copy
  at once, so an orphan cannot keep it. The next holder marks the runs a killed holder left
  'berjalan' as 'terputus'.
- SIGINT/SIGTERM set a `threading.Event`; the wait between cycles is `Event.wait` (it wakes at
  once) and the Google backend checks the event between requests (`SyncStopped`).

Each cycle leaves a heartbeat in the results store's meta table (`META_*` keys) beside the
`last_sync` that `finish_run` sets, so the site can say when the data was last refreshed,
whether the worker is alive and how its last cycle ended.
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

from config.errors import KinerjaError, StoreError, SyncStopped
from config.settings import Settings
from scoring.indonesian import general
from sync import display
from sync.cycle import STATUS_FAILED, STATUS_STOPPED, CycleResult, run_cycle
from sync.exit_codes import for_status
from sync.sources.backend import Backend
from sync.store import ResultsStore

try:  # POSIX only; elsewhere the in-process lock still keeps one worker's cycles apart
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

Log = Callable[[str], None]
Cycle = Callable[..., CycleResult]

# Meta keys of the results store (values are text).
META_HEARTBEAT = "heartbeat"  # ISO time of the worker's last sign of life
META_STATE = "worker_state"  # one of the STATE_* values
META_NEXT_SYNC = "next_sync"  # ISO time the next cycle is due ('' while one runs or stopped)
META_ERROR = "worker_error"  # why the last cycle crashed ('' when it did not)
META_LAST_CYCLE = "last_cycle"  # how the last cycle ended: berhasil, sebagian gagal, gagal, dihentikan

STATE_RUNNING = "berjalan"  # a cycle is under way
STATE_WAITING = "menunggu"  # between cycles
STATE_STOPPED = "berhenti"  # the worker has exited cleanly
STATE_INTERRUPTED = "terputus"  # the worker was killed (found so by the next holder of the lock)

WAKE_SECONDS = 0.5  # how soon a signal's handler runs while the worker waits
MAX_IDLE_SECONDS = 60.0  # re-check the schedule at least this often (a wall-clock jump, a late job)


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


# Locks this process holds, by id: a child forked while one is held closes its copy (see WorkerLock).
_HELD: dict[int, "WorkerLock"] = {}


def _drop_inherited_locks() -> None:
    for lock in list(_HELD.values()):
        lock._forget_in_child()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


class WorkerLock:
    """An exclusive lock beside the results store: one worker (or `sync`) per store at a time.

    An flock on `<store>.worker.lock`: the kernel releases it when the holder exits, however it
    dies, so the pid written in the file is only a hint for the refusal message. A clean release
    unlinks the file while still holding the lock (no lock file is left for users to take for a
    stale one); so a taker checks, once locked, that its file is still the one at the path, and
    else starts over. A killed holder leaves its file: harmless, the next taker locks and removes it. An flock
    belongs to the open file, which a forked child shares: the result-writing processes would
    keep the lock after their parent was killed. So a child closes its copy right after fork
    (`os.register_at_fork`; closing never unlocks while the parent still has the file open), and
    O_CLOEXEC closes it across exec.
    """

    def __init__(self, store_path: Path):
        self.path = Path(f"{store_path}.worker.lock")
        self._fd: int | None = None

    def __enter__(self) -> "WorkerLock":
        while True:
            fd = self._open()
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    os.close(fd)
                    raise KinerjaError(self._refusal(holder)) from exc
                if not self._still_at_path(fd):
                    os.close(fd)  # its holder unlinked it as we opened it: lock the new one
                    continue
            break
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        _HELD[id(self)] = self
        return self

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise StoreError(
                f"Berkas kunci {self.path} tidak dapat dibuat ({exc.strerror or exc}). Periksa [store] path "
                "di konfigurasi: foldernya harus ada (atau dapat dibuat) dan dapat ditulis."
            ) from exc

    def _still_at_path(self, fd: int) -> bool:
        """Whether the locked file is the one at `path` (not one a releasing holder unlinked)."""
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def __exit__(self, *_exc) -> None:
        _HELD.pop(id(self), None)
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                # Unlinked while still locked, so users find no lock file left after a sync: a
                # process that opened it meanwhile sees the inode gone once it locks, and retries.
                os.unlink(self.path)
            except OSError:
                pass
            os.close(fd)  # closing the file releases the flock

    def _forget_in_child(self) -> None:
        """In a forked child: close this process's copy of the lock file, keep the parent's lock."""
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _refusal(self, holder: str) -> str:
        store = f"basis data hasil {self.path.parent}"
        if holder.isdigit() and _pid_alive(int(holder)):
            return (
                f"Worker lain (pid {holder}) sudah berjalan untuk {store}. "
                "Hentikan worker itu dulu, atau pakai [store] path yang lain."
            )
        recorded = f"pid {holder} yang tercatat sudah tidak berjalan" if holder.isdigit() else "tanpa pid tercatat"
        return (
            f"Proses lain memegang kunci {self.path} ({recorded}), jadi sinkronisasi lain mungkin masih "
            f"berjalan untuk {store}. Cari proses itu dengan `fuser -v {self.path}` lalu hentikan, "
            "atau pakai [store] path yang lain."
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to another user
        return True
    return True


def recover_interrupted(store: ResultsStore, log: Log = print) -> list[int]:
    """Under the worker lock: record what a killed holder could not. Returns the runs marked.

    Holding the lock proves no cycle runs on this store, so runs still 'berjalan' were cut off
    (SIGKILL, the OOM killer, a power cut): they become 'terputus', and a worker heartbeat left
    'berjalan' or 'menunggu' becomes 'terputus'. Never raises: the cycle that follows reports a
    store that cannot be opened.
    """
    try:
        marked = store.interrupt_runs()
        for run_id in marked:
            log(
                f"Sinkronisasi no. {run_id} sebelumnya terputus (prosesnya dimatikan atau mogok sebelum "
                "selesai); dicatat 'terputus', hasil sebelumnya tetap dipakai."
            )
        if store.path.exists() and store.meta(META_STATE) in (STATE_RUNNING, STATE_WAITING):
            store.set_meta(META_STATE, STATE_INTERRUPTED)
            store.set_meta(META_NEXT_SYNC, "")
        return marked
    except (KinerjaError, sqlite3.Error, OSError) as exc:
        log(f"Sinkronisasi yang terputus tidak dapat dicatat: {exc}")
        return []


class Worker:
    """Run sync cycles on a schedule against one backend and one store (see the module docstring).

    `cycle` is `sync.cycle.run_cycle` unless a test passes another; `interval_seconds` defaults to
    `settings.sync.interval_minutes * 60`; `now` gives the heartbeat's ISO time; `wait(seconds)` is
    how the loop idles (default: `stop.wait`, so a stop request ends the wait at once).
    """

    def __init__(
        self,
        settings: Settings,
        backend: Backend,
        store: ResultsStore,
        *,
        stop: threading.Event | None = None,
        log: Log = print,
        cycle: Cycle = run_cycle,
        interval_seconds: float | None = None,
        now: Callable[[], str] = _now,
        wait: Callable[[float], object] | None = None,
    ):
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
        self.wait = wait or self._sliced_wait
        self.scheduler = schedule.Scheduler()
        self.job: schedule.Job | None = None
        self.cycles = 0  # cycles started
        self.crashed = 0  # cycles that raised instead of returning a result
        self.last_result: CycleResult | None = None
        self.last_status: str | None = None  # how the last cycle ended (a run status); None before one
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
            self.last_status = STATUS_STOPPED
            self.log(
                f"Siklus {number} dihentikan di tengah jalan atas permintaan; "
                "hasil sebelumnya tetap dipakai untuk spreadsheet yang belum selesai."
            )
        except Exception as exc:  # the schedule goes on: the next cycle may well succeed
            self.crashed += 1
            self.last_status = STATUS_FAILED
            if isinstance(exc, KinerjaError):
                error = str(exc)
            else:  # a bug, not a user problem: keep the trace in the log
                error = f"Galat internal {type(exc).__name__}: {exc}. Laporkan ke pengelola sistem."
                self.log(traceback.format_exc().rstrip())
            self.log(f"Siklus {number} gagal: {error} Jadwal tetap berjalan.")
        else:
            self.last_result = result
            self.last_status = result.status
            took = display.seconds(time.monotonic() - started)
            if self.stop.is_set():
                self.log(
                    f"Siklus {number} berakhir setelah {took} karena permintaan berhenti; "
                    "spreadsheet yang belum selesai tetap memakai hasil sebelumnya."
                )
            else:
                self.log(f"Siklus {number} selesai dalam {took}.")
        self._heartbeat(error=error, last_cycle=self.last_status)
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

    def _sliced_wait(self, seconds: float) -> None:
        """Wait up to `seconds` for a stop, in sleeps of WAKE_SECONDS, never inside Event.wait:
        the signal handler sets the stop Event, and a handler that runs while the main thread waits
        on that same Event blocks on its lock for good (the worker hung on SIGTERM). A
        process-directed signal may also be delivered to a helper thread (the render pool's);
        CPython runs the Python handler once the main thread wakes, so within WAKE_SECONDS."""
        end = time.monotonic() + seconds
        while not self.stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, WAKE_SECONDS))

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
        return general(self.interval_seconds) + " detik"

    # ---- the whole life of a worker -------------------------------------------------------

    def serve(self) -> None:
        """Cycle at once, then on schedule until `stop` is set; leaves the state 'berhenti'."""
        with WorkerLock(self.store.path):
            recover_interrupted(self.store, self.log)
            self.log(
                f"Worker dimulai: satu siklus sekarang, lalu setiap {self._interval_text()} "
                "(dihitung dari akhir siklus). Hentikan dengan Ctrl+C atau SIGTERM."
            )
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
            recover_interrupted(self.store, self.log)
            result = self.run_once()
            self._heartbeat(STATE_STOPPED, next_sync="")
        return result is not None and result.status != STATUS_FAILED

    @property
    def exit_code(self) -> int:
        """The process exit code for the last cycle (sync.exit_codes): 0 fine, 1 partly failed, 2 nothing done."""
        return for_status(self.last_status)

    # ---- heartbeat ------------------------------------------------------------------------

    def _heartbeat(
        self,
        state: str | None = None,
        next_sync: str | None = None,
        error: str | None = None,
        last_cycle: str | None = None,
    ) -> None:
        values = {META_HEARTBEAT: self.now()}
        if last_cycle is not None:
            values[META_LAST_CYCLE] = last_cycle
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
