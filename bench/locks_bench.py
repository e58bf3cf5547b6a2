"""What the freeze costs (sync.locks): the Solok bench city (bench/sync_bench.py's), a cycle with
no *.hasil.xlsx, timed three ways, alternating, medians of `--runs`:

- cold: no store at all (bench/sync_bench.py's cold sync; no locks, one read of empty lock tables);
- stored: the store of a previous cycle, no locks;
- closed: the same store with 2026-10 closed (its rows frozen) and an edited realisation of it.

Each run copies the prepared store, so every run starts from the same state. The time spent in
sync.locks.Freeze's calls (the freeze's own cost, free of the machine's noise) is summed per run.
Usage: python bench/locks_bench.py [--runs 3] [--city DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_bench import prepare_solok  # noqa: E402

SPENT: dict[str, float] = {}


def time_the_freeze() -> None:
    """Sum the seconds spent in each of sync.locks.Freeze's calls (SPENT)."""
    import functools

    import sync.locks as locking

    def timed(name, call):
        @functools.wraps(call)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                SPENT[name] = SPENT.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    for name in ("base", "periodic", "derived", "written", "city", "tables"):
        setattr(locking.Freeze, name, timed(name, getattr(locking.Freeze, name)))
    load = locking.Freeze.load.__func__
    locking.Freeze.load = classmethod(timed("load", load))


def cycle(config: Path, store_copy: Path | None) -> float:
    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore

    settings = load_settings(config)
    for p in settings.source.folder.glob("*.hasil.xlsx"):
        p.unlink()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.store.path}{suffix}").unlink(missing_ok=True)
    if store_copy is not None:
        shutil.copy(store_copy, settings.store.path)
    start = time.perf_counter()
    backend = make_backend(settings)
    result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _l: None)
    backend.close()
    assert result.status == "berhasil", result.summary_line()
    return time.perf_counter() - start


def edit_one_realisation(data: Path, period: str = "2026-10") -> None:
    import openpyxl

    path = sorted(p for p in data.glob("*.xlsx") if not p.name.endswith(".hasil.xlsx"))[0]
    book = openpyxl.load_workbook(path)
    sheet = book["Laporan Kinerja"]
    header = [c.value for c in sheet[1]]
    p, a = header.index("Periode"), header.index("Realisasi")
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row, a + 1).value
        if str(sheet.cell(row, p + 1).value).startswith(period) and isinstance(value, (int, float)):
            sheet.cell(row, a + 1).value = value + 1  # differs from what the store holds, run after run
            break
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--city", type=Path, default=None)
    args = parser.parse_args()
    from config.settings import load_settings
    from sync.store import ResultsStore, closures

    folder = args.city or Path(tempfile.mkdtemp(prefix="locks-bench-"))
    config = folder / "kinerja.toml"
    if not config.exists():
        prepare_solok(folder)
    settings = load_settings(config)
    cycle(config, None)
    plain = folder / "stored.sqlite"
    shutil.copy(settings.store.path, plain)
    closures.close(ResultsStore(settings.store.path), "2026-10", "bench", "bench")
    locked = folder / "closed.sqlite"
    shutil.copy(settings.store.path, locked)
    edit_one_realisation(settings.source.folder)  # the closed month's edit waits: recorded, flagged

    time_the_freeze()
    times: dict[str, list[float]] = {"cold": [], "stored": [], "closed": []}
    freeze: dict[str, list[float]] = {"cold": [], "stored": [], "closed": []}
    for _ in range(args.runs):
        for name, store in (("cold", None), ("stored", plain), ("closed", locked)):
            SPENT.clear()
            times[name].append(cycle(config, store))
            freeze[name].append(sum(SPENT.values()))
    print(
        json.dumps(
            {
                "runs": args.runs,
                "seconds": {k: round(statistics.median(v), 2) for k, v in times.items()},
                "freeze_seconds": {k: round(statistics.median(v), 3) for k, v in freeze.items()},
                "all": times,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
