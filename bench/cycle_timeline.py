"""Where a cold cycle's wall time goes: each phase of `sync.cycle` with how busy both cores were.

Runs one cold cycle of a city (no *.hasil.xlsx, no store) in this process, as `python main.py sync`
builds it, with a timer around each phase function of sync/cycle.py, while a separate process
samples the machine's CPU use (/proc/stat) every 0.2 s. Prints one JSON line: per phase its start,
end and wall seconds and the cores busy meanwhile (2.0 = both; `_derive` runs inside
`_score_agencies`), the whole cycle's wall seconds and
the average cores busy. The monitor is a separate process, not a thread: with a thread running,
the local backend would start its render processes with spawn instead of fork.

The figures are one run's (this machine is shared): use it to see which phase leaves a core idle,
and `bench/sync_bench.py` (medians, side by side) to judge a change.
Usage: python bench/cycle_timeline.py [--city DIR]   (DIR as sync_bench's --city; generated if missing)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The phase functions of sync/cycle.py, in the order _run_cycle calls them.
PHASES = (
    "_read_agencies",
    "_units",
    "_read_city",
    "_score_agencies",
    "_derive",
    "_write_agencies",
    "_write_city",
    "_finish",
)
# Once per agency, each shown as one span from the first call's start to the last one's end
# (`_big_tabs` runs in a child beside `_agency_rows`: sync.cycle._write_agencies).
PER_AGENCY = ("_agency_rows", "_write_agency")
SAMPLE_SECONDS = 0.2
MONITOR = f"""
import sys, time
def busy():
    with open('/proc/stat') as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)
last = busy()
with open(sys.argv[1], 'w') as out:
    while True:
        time.sleep({SAMPLE_SECONDS})
        now = busy()
        out.write(f"{{time.time()}} {{(now[0] - last[0]) / max(1, now[1] - last[1])}}\\n")
        out.flush()
        last = now
"""


def _timed(module, name: str, marks: list, clock) -> None:
    fn = getattr(module, name)

    def timed(*args, **kwargs):
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            marks.append((name, start, clock()))

    setattr(module, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=Path, default=Path("/tmp/speedcity"))
    args = parser.parse_args()
    config = args.city / "kinerja.toml"
    if not config.exists():
        from sync_bench import prepare_solok  # bench/ is the script's folder

        prepare_solok(args.city)

    cores = os.cpu_count() or 1
    samples_path = args.city / "cycle_timeline.samples"
    monitor = subprocess.Popen([sys.executable, "-c", MONITOR, str(samples_path)])
    epoch = time.time()

    def clock() -> float:
        return time.time() - epoch

    try:
        import sync.cycle as cycle
        import sync.store_writes as store_writes
        from config.settings import load_settings
        from sync.sources.backends import make_backend
        from sync.store import ResultsStore

        imported = clock()
        marks: list[tuple[str, float, float]] = [("imports", 0.0, imported)]
        for name in PHASES:
            _timed(cycle, name, marks, clock)
        per_agency = {name: [] for name in PER_AGENCY}
        for name, spans in per_agency.items():
            _timed(cycle, name, spans, clock)
        leave = store_writes.StoreWrites.__exit__

        def waited(self, *exc):
            start = clock()
            try:
                return leave(self, *exc)
            finally:
                marks.append(("store_writer_wait", start, clock()))

        store_writes.StoreWrites.__exit__ = waited
        settings = load_settings(config)
        for path in settings.source.folder.glob("*.hasil.xlsx"):
            path.unlink()
        settings.store.path.unlink(missing_ok=True)
        backend = make_backend(settings)
        result = cycle.run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _line: None)
        backend.close()
        end = clock()
        time.sleep(2 * SAMPLE_SECONDS)
    finally:
        monitor.kill()
        monitor.wait()
    for name, spans in per_agency.items():
        if spans:
            marks.append((f"{name} x{len(spans)}", spans[0][1], spans[-1][2]))
    samples = []
    for line in samples_path.read_text().splitlines():
        at, share = line.split()
        samples.append((float(at) - epoch, float(share) * cores))
    samples_path.unlink()

    def busy(start: float, stop: float) -> float | None:
        inside = [c for t, c in samples if start < t <= stop + SAMPLE_SECONDS / 2]
        return round(sum(inside) / len(inside), 2) if inside else None

    phases = [
        {"phase": name, "start": round(s, 2), "end": round(e, 2), "seconds": round(e - s, 2), "cores_busy": busy(s, e)}
        for name, s, e in sorted(marks, key=lambda m: m[1])
    ]
    print(
        json.dumps(
            {
                "cpus": cores,
                "status": result.status,
                "seconds": round(end, 2),
                "cores_busy": busy(0.0, end),
                "phases": phases,
            }
        )
    )


if __name__ == "__main__":
    main()
