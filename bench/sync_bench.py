"""Sync benchmark: prints one JSON line with medians of 3 runs (wall time, peak memory).

- solok: a generated city of 40 agencies, 3,000 employees, 12 months, 4 indicators each, 60,000
  survey responses. Side by side, alternating: the cold `python main.py sync` (a subprocess; no
  *.hasil.xlsx, no store), the read-only floor (a subprocess that merely reads every cell of every
  input workbook with python-calamine, as the local backend does), and their ratio (target <= 2.5);
  beside each, its CPU seconds (user + system, children included), which the shared machine's
  neighbours inflate less than the wall time.
- province: validate + score (with the Catatan Penilaian and trends) + derive (completeness,
  summaries, quarter and year results) of one 100,000-employee agency of the same shape, from
  in-memory frames, no .xlsx (targets <= 30 s and <= 4 GB peak), each run in a fresh child
  process so that its peak RSS (VmHWM) is its own.

`--against DIR` also measures another checkout (e.g. `git worktree add /tmp/cyc-base <commit>`),
alternating with this one on the same city: its cold sync and its own bench's province case.
`--city DIR` keeps the generated city there and reuses it (generated only when missing).
Usage: python bench/sync_bench.py [--runs 3] [--only solok|province] [--against DIR] [--city DIR]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure import peak_mb  # noqa: E402  (bench/ is the script's folder)

SOLOK = dict(agencies=40, employees=3000, months=12, indicators_per_employee=4, responses=60_000)
PROVINCE_EMPLOYEES = 100_000


def prepare_solok(folder: Path) -> Path:
    from sync.demo.generate import DemoScale, generate_city
    from sync.demo.write import write_config, write_workbooks

    city = generate_city(DemoScale(**SOLOK), seed=7)
    write_workbooks(city, folder / "data")
    write_config(city, folder / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    return folder / "kinerja.toml"


def run_solok(config: str, queue) -> None:
    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore

    settings = load_settings(config)
    for p in settings.source.folder.glob("*.hasil.xlsx"):
        p.unlink()  # a cold cycle: every result workbook is written
    settings.store.path.unlink(missing_ok=True)
    start = time.perf_counter()
    backend = make_backend(settings)  # as `python main.py sync` builds it
    result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _line: None)
    backend.close()
    seconds = time.perf_counter() - start
    queue.put(
        {
            "seconds": seconds,
            "cpu_seconds": _cpu_seconds(),
            "peak_mb": peak_mb(),
            "status": result.status,
            "rows_read": sum(s.rows_read for s in result.sheets),
        }
    )


FLOOR = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
cells = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    if path.name.endswith(".hasil.xlsx"):
        continue
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
print(cells)
"""


def cold_sync(root: Path, config: Path) -> dict:
    """One cold `python main.py sync` of `root`'s checkout: no result workbook, no store."""
    folder = config.parent / "data"
    for p in folder.glob("*.hasil.xlsx"):
        p.unlink()
    for p in (config.parent / "var").glob("kinerja.sqlite*"):
        p.unlink()
    done, measured = _run([sys.executable, str(root / "main.py"), "sync", "--config", str(config)], cwd=config.parent)
    if done.returncode != 0:
        raise SystemExit(f"sync of {root} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return measured


def _run(command: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `command`; its wall seconds and CPU seconds (user + system, of it and every process it
    waited for: the sync's render, scoring and store-writer children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, {"seconds": seconds, "cpu_seconds": cpu}


def read_floor(config: Path) -> dict:
    """Merely reading every cell of every input workbook with python-calamine, in a fresh process."""
    done, measured = _run([sys.executable, "-c", FLOOR, str(config.parent / "data")], check=True)
    return {**measured, "cells": int(done.stdout)}


def _median(samples: list[dict]) -> dict:
    return {
        "seconds_median": round(statistics.median(s["seconds"] for s in samples), 3),
        "seconds_all": [round(s["seconds"], 3) for s in samples],
        # CPU seconds: what the shared machine's noise inflates less than wall time (not a target).
        "cpu_seconds_median": round(statistics.median(s["cpu_seconds"] for s in samples), 2),
    }


def measure_solok(config: Path, runs: int, against: Path | None) -> dict:
    """Cold sync and read floor (and the other checkout's cold sync), alternating, medians."""
    syncs, floors, theirs = [], [], []
    for _ in range(runs):
        syncs.append(cold_sync(ROOT, config))
        floors.append(read_floor(config))
        if against is not None:
            theirs.append(cold_sync(against, config))
    out = {"runs": runs, "sync": _median(syncs), "floor": {**_median(floors), "cells": floors[0]["cells"]}}
    floor = out["floor"]["seconds_median"]
    out["ratio"] = round(out["sync"]["seconds_median"] / floor, 2)
    out["target_met"] = out["ratio"] <= 2.5
    if against is not None:
        out["against"] = {
            "root": str(against),
            "sync": _median(theirs),
            "ratio": round(statistics.median(s["seconds"] for s in theirs) / floor, 2),
        }
    return out


def province_settings_and_city():
    """The province case's settings (one agency) and its city tables (no survey, so no IKM)."""
    import pandas as pd

    from config.settings import parse_settings

    settings = parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": "PROV", "name": "Provinsi", "spreadsheet": "prov"}],
            "store": {"path": "k.sqlite"},
        },
        Path(tempfile.gettempdir()) / "bench.toml",
    )
    ikm_columns = [
        "unit_id",
        "agency",
        "level",
        "unit_name",
        "period",
        "respondents",
        *(f"nrr_u{j}" for j in range(1, 10)),
        "ikm",
        "mutu",
        "mutu_label",
        "sufficient",
    ]
    no_ikm = pd.DataFrame(columns=ikm_columns)
    city_tables = {
        "unit_ikm": no_ikm.drop(columns=["agency"]),
        "agency_ikm": no_ikm.drop(columns=["unit_id"]),
        "ikm": no_ikm,
        "complaint_categories": pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"]),
    }
    return settings, city_tables


def run_province(_arg: str, queue) -> None:
    """Validate, score and derive (feedback, trends, quarter/year, completeness) one 100,000-employee
    agency with the worker's own functions; no survey responses, so no IKM."""
    import datetime as dt

    from sync.demo.province import province_tabs
    from sync.results.agency import derive, score_base
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions
    from sync.validate.units import build_unit_index

    tabs = province_tabs(employees=PROVINCE_EMPLOYEES, months=12, indicators=4, seed=1)
    base_mb = peak_mb()
    settings, city_tables = province_settings_and_city()
    start = time.perf_counter()
    data = validate_agency("PROV", tabs, ValidationOptions(today=dt.date(2026, 11, 28)))
    del tabs  # as the worker does: the raw cells are freed once validated
    validated = time.perf_counter()
    units = build_unit_index([("PROV", "Provinsi")], data.employees, {})
    base = score_base(data, units, city_tables, settings)
    scored = time.perf_counter()
    derived = derive({"PROV": base}, settings)["PROV"]
    seconds = time.perf_counter() - start
    queue.put(
        {
            "seconds": seconds,
            "cpu_seconds": _cpu_seconds(),
            "validate_seconds": validated - start,
            "score_seconds": scored - validated,
            "derive_seconds": seconds - (scored - start),
            "peak_mb": peak_mb(),
            "input_peak_mb": base_mb,
            "results": len(base["results"]),
            "results_periodic": len(derived["results_periodic"]),
            "report_rows": len(data.reports),
        }
    )


def _cpu_seconds() -> float:
    """This process's CPU seconds (user + system) and its waited-for children's, so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(target, arg: str, runs: int) -> dict:
    ctx = mp.get_context("spawn")
    samples = []
    for _ in range(runs):
        queue = ctx.Queue()
        proc = ctx.Process(target=target, args=(arg, queue))
        proc.start()
        samples.append(queue.get())
        proc.join()
    out = {
        "runs": runs,
        "seconds_median": round(statistics.median(s["seconds"] for s in samples), 3),
        "peak_mb_median": round(statistics.median(s["peak_mb"] for s in samples), 1),
        "seconds_all": [round(s["seconds"], 3) for s in samples],
        # CPU seconds: what the shared machine's noise inflates less than wall time (not a target).
        "cpu_seconds_median": round(statistics.median(s["cpu_seconds"] for s in samples), 2),
    }
    extra = {k: v for k, v in samples[0].items() if k not in ("seconds", "peak_mb")}
    return {**out, **extra}


def their_province(against: Path) -> dict:
    """One run of the other checkout's own province case (its bench, its code)."""
    done = subprocess.run(
        [sys.executable, str(against / "bench" / "sync_bench.py"), "--only", "province", "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=against,
    )
    p = json.loads(done.stdout.strip().splitlines()[-1])["province_validate_score"]
    return {"seconds": p["seconds_median"], "peak_mb": p["peak_mb_median"]}


def measure_province(runs: int, against: Path | None) -> dict:
    """This checkout's province case (and the other's), alternating run by run."""
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(measure(run_province, "", 1))
        if against is not None:
            theirs.append(their_province(against))
    out = {
        **mine[0],
        "runs": runs,
        "seconds_median": round(statistics.median(m["seconds_median"] for m in mine), 3),
        "peak_mb_median": round(statistics.median(m["peak_mb_median"] for m in mine), 1),
        "seconds_all": [m["seconds_median"] for m in mine],
        "cpu_seconds_median": round(statistics.median(m["cpu_seconds_median"] for m in mine), 2),
    }
    if against is not None:
        out["against"] = {
            "root": str(against),
            "seconds_median": round(statistics.median(t["seconds"] for t in theirs), 3),
            "peak_mb_median": round(statistics.median(t["peak_mb"] for t in theirs), 1),
            "seconds_all": [round(t["seconds"], 3) for t in theirs],
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["solok", "province"])
    parser.add_argument("--against", type=Path, help="another checkout to measure side by side")
    parser.add_argument("--city", type=Path, help="keep (and reuse) the generated Solok city here")
    args = parser.parse_args()
    against = args.against.resolve() if args.against else None
    report: dict = {"cpus": mp.cpu_count()}
    if args.only in (None, "solok"):
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.city.resolve() if args.city else Path(tmp)
            config = folder / "kinerja.toml"
            if not config.exists():
                folder.mkdir(parents=True, exist_ok=True)
                start = time.perf_counter()
                prepare_solok(folder)
                report["solok_generate_seconds"] = round(time.perf_counter() - start, 1)
            report["solok"] = measure_solok(config, args.runs, against)
    if args.only in (None, "province"):
        report["province_validate_score"] = measure_province(args.runs, against)
        p = report["province_validate_score"]
        report["province_target_met"] = p["seconds_median"] <= 30 and p["peak_mb_median"] <= 4096
    print(json.dumps(report))


if __name__ == "__main__":
    main()
