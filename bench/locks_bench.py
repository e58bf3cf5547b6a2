"""What the freeze costs (sync.locks): the Solok bench city (bench/sync_bench.py's), a cycle with
no *.hasil.xlsx, timed three ways, alternating, medians of `--runs`:

- cold: no store at all (bench/sync_bench.py's cold sync; no locks, one read of empty lock tables);
- stored: the store of a previous cycle, no locks;
- closed: the same store with 2026-10 closed (its rows frozen) and an edited realisation of it.

Each run copies the prepared store, so every run starts from the same state.
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
        if str(sheet.cell(row, p + 1).value).startswith(period) and isinstance(
            sheet.cell(row, a + 1).value, (int, float)
        ):
            sheet.cell(row, a + 1).value = 999
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

    times: dict[str, list[float]] = {"cold": [], "stored": [], "closed": []}
    for _ in range(args.runs):
        times["cold"].append(cycle(config, None))
        times["stored"].append(cycle(config, plain))
        times["closed"].append(cycle(config, locked))
    medians = {k: round(statistics.median(v), 2) for k, v in times.items()}
    print(json.dumps({"runs": args.runs, "seconds": medians, "all": times}, ensure_ascii=False))


if __name__ == "__main__":
    main()
