"""Store-writer benchmark: the writes of a cold Solok-scale cycle, replayed on two writers side by side.

One cold cycle of the Solok bench city (bench/sync_bench.py's SOLOK) runs once with a recording
store, which keeps every `replace_scope` call (cached under --work). Then the same calls are
replayed on a fresh store by this tree's writer and by the writer of --baseline (a commit whose
sync/store/store.py is the pre-split ResultsStore), alternately, --runs times each. Prints one
JSON line: the median seconds of each and whether the two stores hold identical tables
(every table's rows, in rowid order, and the schema).

Usage: python bench/store_bench.py [--runs 3] [--baseline 6368fd9] [--work /tmp/store-bench]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def record_calls(work: Path) -> list:
    """The replace_scope calls of one cold Solok cycle (recorded once, then read from work/)."""
    cache = work / "calls.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    import sync_bench

    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore

    city = work / "city"
    if not (city / "kinerja.toml").exists():
        city.mkdir(parents=True, exist_ok=True)
        sync_bench.prepare_solok(city)
    calls: list = []

    class Recording(ResultsStore):
        def replace_scope(self, scope, tables):
            calls.append((scope, {name: frame.copy() for name, frame in tables.items()}))
            super().replace_scope(scope, tables)

    settings = load_settings(str(city / "kinerja.toml"))
    for path in settings.source.folder.glob("*.hasil.xlsx"):
        path.unlink()
    settings.store.path.unlink(missing_ok=True)
    backend = make_backend(settings)
    run_cycle(settings, backend, Recording(settings.store.path), log=lambda _line: None)
    backend.close()
    cache.write_bytes(pickle.dumps(calls))
    return calls


def baseline_class(commit: str, work: Path):
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:sync/store/store.py"], check=True, capture_output=True, text=True
    ).stdout
    path = work / f"baseline_store_{commit}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"baseline_store_{commit}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ResultsStore


def replay(store_class, path: Path, calls: list) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = store_class(path)
    start = time.perf_counter()
    store.ensure_schema()
    for scope, tables in calls:
        store.replace_scope(scope, tables)
    if hasattr(store, "close"):  # as finish_run ends a cycle: the WAL goes into the file
        store.close()
    return time.perf_counter() - start


def dump(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {"schema": conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()}
        for table in tables:
            out[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default="6368fd9")
    parser.add_argument("--work", type=Path, default=Path("/tmp/store-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    calls = record_calls(args.work)

    from sync.store import ResultsStore

    before_class = baseline_class(args.baseline, args.work)
    before, after = [], []
    for _ in range(args.runs):
        before.append(replay(before_class, args.work / "before.sqlite", calls))
        after.append(replay(ResultsStore, args.work / "after.sqlite", calls))
    rows = sum(len(frame) for _scope, tables in calls for frame in tables.values())
    print(
        json.dumps(
            {
                "rows": rows,
                "calls": len(calls),
                "before_seconds": round(statistics.median(before), 3),
                "after_seconds": round(statistics.median(after), 3),
                "before_runs": [round(s, 3) for s in before],
                "after_runs": [round(s, 3) for s in after],
                "identical": dump(args.work / "before.sqlite") == dump(args.work / "after.sqlite"),
            }
        )
    )


if __name__ == "__main__":
    main()
