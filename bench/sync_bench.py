"""Sync benchmark: prints one JSON line with medians of 3 runs (wall time, peak memory).

- solok: full local sync (read + validate + score + write) of a generated city of 40 agencies,
  3,000 employees, 12 months, 4 indicators each, 60,000 survey responses (target <= 10 s).
- province: validate + score (with the Catatan Penilaian and trends) + derive (completeness,
  summaries, quarter and year results) of one 100,000-employee agency of the same shape, from
  in-memory frames, no .xlsx (targets <= 30 s and <= 4 GB peak).

Each run happens in a fresh child process so that its peak RSS (VmHWM) is its own.
Usage: python bench/sync_bench.py [--runs 3] [--only solok|province]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
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
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore
    from sync.cycle import run_cycle

    settings = load_settings(config)
    for p in settings.source.folder.glob("*.hasil.xlsx"):
        p.unlink()  # a cold cycle: every result workbook is written
    settings.store.path.unlink(missing_ok=True)
    start = time.perf_counter()
    backend = make_backend(settings)  # as `python main.py sync` builds it
    result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _line: None)
    backend.close()
    seconds = time.perf_counter() - start
    queue.put({"seconds": seconds, "peak_mb": peak_mb(), "status": result.status,
               "rows_read": sum(s.rows_read for s in result.sheets)})


def province_settings_and_city():
    """The province case's settings (one agency) and its city tables (no survey, so no IKM)."""
    import pandas as pd

    from config.settings import parse_settings

    settings = parse_settings({
        "source": {"kind": "local", "folder": "data"}, "city": {"spreadsheet": "kota"},
        "agencies": [{"code": "PROV", "name": "Provinsi", "spreadsheet": "prov"}], "store": {"path": "k.sqlite"},
    }, Path(tempfile.gettempdir()) / "bench.toml")
    ikm_columns = ["unit_id", "agency", "level", "unit_name", "period", "respondents",
                   *(f"nrr_u{j}" for j in range(1, 10)), "ikm", "mutu", "mutu_label", "sufficient"]
    no_ikm = pd.DataFrame(columns=ikm_columns)
    city_tables = {"unit_ikm": no_ikm.drop(columns=["agency"]), "agency_ikm": no_ikm.drop(columns=["unit_id"]),
                   "ikm": no_ikm, "complaint_categories": pd.DataFrame(
                       columns=["unit_id", "agency", "period", "category", "count"])}
    return settings, city_tables


def run_province(_arg: str, queue) -> None:
    """Validate, score and derive (feedback, trends, quarter/year, completeness) one 100,000-employee
    agency with the worker's own functions; no survey responses, so no IKM."""
    import datetime as dt

    from sync.results.agency import derive, score_base
    from sync.demo.province import province_tabs
    from sync.validate.units import build_unit_index
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions

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
    queue.put({"seconds": seconds, "validate_seconds": validated - start, "score_seconds": scored - validated,
               "derive_seconds": seconds - (scored - start), "peak_mb": peak_mb(), "input_peak_mb": base_mb,
               "results": len(base["results"]), "results_periodic": len(derived["results_periodic"]),
               "report_rows": len(data.reports)})


def measure(target, arg: str, runs: int) -> dict:
    ctx = mp.get_context("spawn")
    samples = []
    for _ in range(runs):
        queue = ctx.Queue()
        proc = ctx.Process(target=target, args=(arg, queue))
        proc.start()
        samples.append(queue.get())
        proc.join()
    out = {"runs": runs, "seconds_median": round(statistics.median(s["seconds"] for s in samples), 3),
           "peak_mb_median": round(statistics.median(s["peak_mb"] for s in samples), 1),
           "seconds_all": [round(s["seconds"], 3) for s in samples]}
    extra = {k: v for k, v in samples[0].items() if k not in ("seconds", "peak_mb")}
    return {**out, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["solok", "province"])
    args = parser.parse_args()
    report: dict = {"cpus": mp.cpu_count()}
    if args.only in (None, "solok"):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            config = prepare_solok(Path(tmp))
            report["solok_generate_seconds"] = round(time.perf_counter() - start, 1)
            report["solok_full_sync"] = measure(run_solok, str(config), args.runs)
            report["solok_target_met"] = report["solok_full_sync"]["seconds_median"] <= 10
    if args.only in (None, "province"):
        report["province_validate_score"] = measure(run_province, "", args.runs)
        p = report["province_validate_score"]
        report["province_target_met"] = p["seconds_median"] <= 30 and p["peak_mb_median"] <= 4096
    print(json.dumps(report))


if __name__ == "__main__":
    main()
