"""Fault injection (issue 9, item 1): a killed `sync` or `worker` never jams the next sync.

Real processes, real signals: `python main.py sync` and `python main.py worker` run on a small
generated city; the test kills the parent or one of its result-writing children with SIGTERM or
SIGKILL at a chosen moment (the run record exists, or the children render workbooks), then shows
that every process of the killed command is gone, that the next sync starts at once and
completes, and that it leaves a store passing `PRAGMA integrity_check`, workbooks that open and
no run left `berjalan`.

The moments are found by polling (the store's run record, /proc/<pid>/task/*/children): nothing
in the code under test waits for the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.local import RENDER_WORKERS
from tests.paths import ROOT

SCALE = DemoScale(agencies=4, employees=48, months=3, responses=300, complaints=10)
EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2
POLL = 0.002
PATIENCE = 180.0  # seconds a process may take to reach a moment or to end (a guard, not a measure)


@pytest.fixture(scope="module")
def city_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kota-kecil")
    city = generate_city(SCALE, seed=11)
    write_workbooks(city, folder / "data", workers=1)
    config = write_config(city, folder / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    first = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert first.returncode == EXIT_OK, first.stdout + first.stderr  # run 1: the results every copy starts from
    return folder


@pytest.fixture
def city(city_template, tmp_path) -> Path:
    """A fresh copy of the small city; returns its config path."""
    shutil.copytree(city_template, tmp_path / "kota")
    return tmp_path / "kota" / "kinerja.toml"


def start(command: str, config: Path) -> subprocess.Popen:
    # Output goes to a file, not a pipe: an orphaned child holding the pipe would hang the reader.
    log = (config.parent / f"{command}.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), command, "--config", str(config)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.log = log
    return proc


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(p) for p in fh.read().split()]
    except OSError:  # the process (or a thread) is gone
        pass
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie nobody reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def run_statuses(store: Path) -> list[str]:
    """Statuses of the store's runs, oldest first ([] while it does not exist or is being created)."""
    if not store.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            return [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def wait_for(moment, proc: subprocess.Popen):
    """Poll until `moment()` is truthy (returned) or the process has ended (None)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = moment()
        if found:
            return found
        if proc.poll() is not None:
            return None
        time.sleep(POLL)
    raise AssertionError("the process neither reached the moment nor ended")


def wait_gone(pids: list[int]) -> list[int]:
    """Pids still alive once PATIENCE has passed (normally none, and at once)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.02)
    return [p for p in pids if alive(p)]


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    try:
        proc.wait(timeout=PATIENCE)
    finally:
        if proc.poll() is None:
            for pid in [*children(proc.pid), proc.pid]:
                os.kill(pid, signal.SIGKILL)
            proc.wait()
    proc.log.seek(0)
    output = proc.log.read()
    proc.log.close()
    return proc.returncode, output


SCENARIOS = [
    # command, whose process is killed, signal, moment
    ("sync", "parent", signal.SIGTERM, "run"),
    ("sync", "parent", signal.SIGKILL, "run"),
    ("sync", "parent", signal.SIGTERM, "children"),
    ("sync", "parent", signal.SIGKILL, "children"),
    ("sync", "child", signal.SIGKILL, "children"),
    ("sync", "child", signal.SIGTERM, "children"),
    ("worker", "parent", signal.SIGTERM, "children"),
    ("worker", "parent", signal.SIGKILL, "children"),
    ("worker", "child", signal.SIGKILL, "children"),
]


@pytest.mark.parametrize(
    "command, target, signum, moment", SCENARIOS, ids=[f"{c}-{t}-{s.name}-{m}" for c, t, s, m in SCENARIOS]
)
def test_a_killed_process_never_jams_the_next_sync(city, command, target, signum, moment):
    data = city.parent / "data"
    store = city.parent / "var" / "kinerja.sqlite"
    for path in data.glob("*.hasil.xlsx"):
        path.unlink()  # every workbook must be rendered again: the children have work to do

    proc = start(command, city)
    if moment == "run":
        reached = wait_for(lambda: len(run_statuses(store)) == 2 and run_statuses(store)[-1] == "berjalan", proc)
    else:
        # Every render process started (a child killed while another lives is the case the pool
        # itself must clean up).
        reached = wait_for(lambda: len(children(proc.pid)) >= RENDER_WORKERS, proc)
    assert reached, f"{command} ended before the moment '{moment}': {finish(proc)}"
    family = children(proc.pid)
    try:
        code, output = kill(proc, family, command, target, signum, store)
        orphans = wait_gone(family)
    finally:  # a failing test leaves no process behind
        for pid in family:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

    # What the killed command says and leaves.
    assert "Traceback" not in output, output
    if signum == signal.SIGKILL and target == "parent":
        assert code == -signal.SIGKILL
    elif command == "worker":
        assert code == EXIT_OK, output  # a worker stopped by SIGTERM ends cleanly
    elif target == "parent":  # sync stopped by SIGTERM: the cycle stopped, nothing was completed
        assert code == EXIT_NOTHING, output
        assert "SIGTERM diterima" in output and run_statuses(store)[-1] == "dihentikan"
    else:  # a child of sync was killed: its spreadsheets fail this cycle, the others complete
        assert code in (EXIT_OK, EXIT_PARTIAL), output
    assert orphans == [], "a child outlived its parent"

    # The next sync starts at once and completes.
    again = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--config", str(city)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert again.returncode == EXIT_OK, again.stdout + again.stderr
    assert "Worker lain" not in again.stdout + again.stderr
    assert "Sinkronisasi berhasil" in again.stdout

    # ... and leaves a sound store, workbooks that open, no run `berjalan` and no temporary file.
    conn = sqlite3.connect(store)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    statuses = run_statuses(store)
    assert "berjalan" not in statuses and statuses[-1] == "berhasil"
    if signum == signal.SIGKILL and target == "parent":
        assert "terputus" in statuses  # the killed run, marked by the next start
    inputs = sorted(p.name[: -len(".xlsx")] for p in data.glob("*.xlsx") if not p.name.endswith(".hasil.xlsx"))
    results = sorted(p.name[: -len(".hasil.xlsx")] for p in data.glob("*.hasil.xlsx"))
    assert results == inputs
    for path in data.glob("*.hasil.xlsx"):
        workbook = openpyxl.load_workbook(path, read_only=True)
        assert workbook.sheetnames
        workbook.close()
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []


def kill(proc, family, command, target, signum, store) -> tuple[int, str]:
    if target == "parent":
        os.kill(proc.pid, signum)
    else:
        os.kill(family[0], signum)
        if command == "worker":  # the worker goes on; stop it the polite way once its cycle is over
            wait_for(lambda: _meta(store, "worker_state") == "menunggu", proc)
            os.kill(proc.pid, signal.SIGTERM)
    return finish(proc)


def _meta(store: Path, key: str) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None
