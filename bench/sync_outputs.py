"""Dump, or compare, everything a sync wrote: every store table and every owned tab's cell values.

A speed-up of the cycle must not change any output. Run a cold `python main.py sync` of a city
with one commit, dump; run it with another, dump; compare:

    python bench/sync_outputs.py dump  /tmp/cyclebench/kinerja.toml /tmp/before.pickle
    python bench/sync_outputs.py same  /tmp/before.pickle /tmp/after.pickle

The run record's timings and timestamps (seconds, started, finished, the run line's time) differ
from run to run and are left out; everything else must be identical.
"""

from __future__ import annotations

import pickle
import sqlite3
import sys
import tomllib
from pathlib import Path

from python_calamine import CalamineWorkbook

# Columns that hold wall-clock time: they differ between two runs of the same cycle.
TIMED = {"seconds", "started", "finished", "updated", "synced_at", "last_sync", "value"}
VOLATILE_TABLES = {"runs", "meta", "run_sheets"}


def dump(config: Path) -> dict:
    settings = tomllib.loads(config.read_text())
    folder = config.parent / settings["source"]["folder"]
    store_path = config.parent / settings["store"]["path"]
    out: dict = {"store": {}, "tabs": {}}
    with sqlite3.connect(store_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()
            if table in VOLATILE_TABLES:
                keep = [i for i, c in enumerate(columns) if c not in TIMED]
                columns = [columns[i] for i in keep]
                rows = [tuple(r[i] for i in keep) for r in rows]
            out["store"][table] = (columns, rows)
    for path in sorted(folder.glob("*.hasil.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        out["tabs"][path.name] = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    return out


def same(a: dict, b: dict) -> list[str]:
    problems = []
    for part in ("store", "tabs"):
        for key in sorted(set(a[part]) | set(b[part])):
            if a[part].get(key) != b[part].get(key):
                problems.append(f"{part}: {key} differs")
    return problems


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "dump":
        Path(args[1]).write_bytes(pickle.dumps(dump(Path(args[0]))))
        return
    a, b = (pickle.loads(Path(p).read_bytes()) for p in args)
    problems = same(a, b)
    for problem in problems:
        print(problem)
    print("identical" if not problems else f"{len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
