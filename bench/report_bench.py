"""HR report benchmark: prints one JSON line (wall time and peak memory of `write_report`).

- solok: the city of bench/sync_bench.py (40 agencies, 3,000 employees, 12 months) synced once
  into a results store, then the report of every agency for the latest month (target <= 5 s).
- province: one agency of 100,000 employees (sync.demo.province, validated and scored as
  bench/sync_bench.py's province run, with the trend columns and the Catatan Penilaian text)
  stored once, then its report for the latest month (targets <= 90 s and <= 2 GB peak). The
  file is then opened with openpyxl (read_only) and its Pegawai rows counted, outside the timing.

Every timed run happens in a fresh child process (spawn) so that its peak RSS (VmHWM) is its own; the
time covers `write_report` only (reading the store and writing the .xlsx), as
`python main.py report` runs it. Medians over the runs.
Usage: python bench/report_bench.py [--runs 3] [--province-runs 1] [--only solok|province]
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

from bench.sync_bench import PROVINCE_EMPLOYEES, prepare_solok, run_solok  # noqa: E402

SOLOK_TARGET_SECONDS = 5
PROVINCE_TARGET_SECONDS = 90
PROVINCE_TARGET_MB = 2048
PROVINCE_CODE = "PROV"


def _child(target, arg: str) -> dict:
    """Run `target(arg, queue)` in a fresh process and return what it put on the queue."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(arg, queue))
    proc.start()
    out = queue.get()
    proc.join()
    if proc.exitcode:
        raise RuntimeError(f"{target.__name__} failed with exit code {proc.exitcode}")
    return out


def latest_month(store_path: str) -> str:
    from sync.store import ResultsStore

    return str(ResultsStore(store_path).read("agency_summary")["period"].max())


# ---- filling the province store (once) ----------------------------------------------------------


def fill_province(store_path: str, queue) -> None:
    """Validate and score one 100,000-employee agency, and store it as the worker would."""
    import datetime as dt

    import pandas as pd

    from scoring import agency_summary, catatan_penilaian, employee_ikm, employee_trends, score_employees, with_capaian
    from scoring.feedback import FeedbackSettings
    from scoring.params import ScoringParams
    from sync.demo.province import province_tabs
    from sync.store import ResultsStore
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions

    start = time.perf_counter()
    tabs = province_tabs(employees=PROVINCE_EMPLOYEES, months=12, indicators=4, seed=1)
    params = ScoringParams()
    data = validate_agency(PROVINCE_CODE, tabs, ValidationOptions(today=dt.date(2026, 11, 28)))
    del tabs
    periods = sorted(set(data.reports["period"]))
    grid = data.employees[["nip", "agency", "unit_id"]].merge(pd.DataFrame({"period": periods}), how="cross")
    empty = pd.DataFrame(columns=["unit_id", "agency", "period", "respondents", "ikm", "sufficient"])
    emp_ikm = employee_ikm(grid, empty.drop(columns=["agency"]), empty.drop(columns=["unit_id"]), params)
    results = score_employees(data.employees, data.reports, data.ratings, data.attendance, emp_ikm, params, periods)
    results = results.merge(data.employees[["nip", "active", "unit_id"]], on="nip", how="left").assign(
        agency=PROVINCE_CODE, rules_id="bench"
    )
    indicators = with_capaian(data.reports, params).assign(agency=PROVINCE_CODE)
    # The issue-3 columns the worker stores, so the Pegawai sheet carries realistic text.
    results = employee_trends(results, params)
    no_ikm = pd.DataFrame(columns=["unit_id", "period", *(f"nrr_u{j}" for j in range(1, 10))])
    no_categories = pd.DataFrame(columns=["unit_id", "period", "category", "count"])
    results = results.assign(
        catatan=catatan_penilaian(results, indicators, no_ikm, no_categories, params, FeedbackSettings())
    )
    scored = time.perf_counter()

    store = ResultsStore(store_path)
    store.ensure_schema()
    store.set_agencies(
        pd.DataFrame(
            [(PROVINCE_CODE, "Badan Kepegawaian Provinsi (uji beban)", "prov", 0)],
            columns=["code", "name", "spreadsheet", "position"],
        )
    )
    store.replace_scope(
        PROVINCE_CODE,
        {
            "employees": data.employees,
            "results": results,
            "indicators": indicators,
            "agency_summary": agency_summary(results).assign(rules_id="bench"),
            "issues": data.issues.assign(scope=PROVINCE_CODE),
        },
    )
    store.set_meta("last_sync", "2026-11-28T14:03:00+07:00")
    queue.put(
        {
            "fill_seconds": round(time.perf_counter() - start, 1),
            "score_seconds": round(scored - start, 1),
            "result_rows": len(results),
            "catatan_chars_mean": round(float(results["catatan"].str.len().mean()), 1),
        }
    )


# ---- the timed run ------------------------------------------------------------------------------


def run_report(arg: str, queue) -> None:
    """Time write_report for `period` (all agencies) into `out`; the store is read inside it."""
    job = json.loads(arg)
    from sync.store import ResultsStore
    from web.methodology import rules_lines
    from web.report import write_report

    rules_text = None
    if job.get("config"):
        from config.settings import load_settings

        settings = load_settings(job["config"])
        rules_text = rules_lines(settings.scoring, settings.web.min_group_size)
    store = ResultsStore(job["store"])
    base_mb = peak_mb()
    start = time.perf_counter()
    path = write_report(store, Path(job["out"]), job["period"], rules_text=rules_text)
    seconds = time.perf_counter() - start
    queue.put(
        {
            "seconds": seconds,
            "peak_mb": peak_mb(),
            "start_peak_mb": round(base_mb, 1),
            "file_mb": round(path.stat().st_size / 2**20, 1),
        }
    )


def measure_report(job: dict, runs: int) -> dict:
    samples = [_child(run_report, json.dumps(job)) for _ in range(runs)]
    return {
        "runs": runs,
        "period": job["period"],
        "seconds_median": round(statistics.median(s["seconds"] for s in samples), 3),
        "peak_mb_median": round(statistics.median(s["peak_mb"] for s in samples), 1),
        "seconds_all": [round(s["seconds"], 3) for s in samples],
        "start_peak_mb": samples[0]["start_peak_mb"],
        "file_mb": samples[0]["file_mb"],
    }


def count_pegawai_rows(path: Path) -> dict:
    """Read the Pegawai sheet back with openpyxl (read_only): its data rows and their NIP cells."""
    import openpyxl

    start = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb["Pegawai"]
        rows = bad_nips = 0
        for (nip,) in ws.iter_rows(min_row=2, min_col=2, max_col=2, values_only=True):
            rows += 1
            if not (isinstance(nip, str) and len(nip) == 18 and nip.isdigit()):
                bad_nips += 1
        sheets = wb.sheetnames
    finally:
        wb.close()
    return {
        "pegawai_rows": rows,
        "bad_nips": bad_nips,
        "sheets": sheets,
        "verify_seconds": round(time.perf_counter() - start, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the Solok report")
    parser.add_argument("--province-runs", type=int, default=1, help="timed runs of the 100,000 report")
    parser.add_argument("--only", choices=["solok", "province"])
    args = parser.parse_args()
    report: dict = {"cpus": mp.cpu_count()}
    if args.only in (None, "solok"):
        with tempfile.TemporaryDirectory() as tmp:
            config = prepare_solok(Path(tmp))
            sync = _child(run_solok, str(config))  # one local sync fills the store
            store = str(Path(tmp) / "var" / "kinerja.sqlite")
            out = Path(tmp) / "laporan.xlsx"
            job = {"store": store, "period": latest_month(store), "out": str(out), "config": str(config)}
            solok = measure_report(job, args.runs)
            solok["sync_status"] = sync["status"]
            import openpyxl

            wb = openpyxl.load_workbook(out, read_only=True)
            solok["pegawai_rows"] = sum(1 for _ in wb["Pegawai"].iter_rows(min_row=2, max_col=1))
            wb.close()
            report["solok_report"] = solok
            report["solok_target_met"] = solok["seconds_median"] <= SOLOK_TARGET_SECONDS
    if args.only in (None, "province"):
        with tempfile.TemporaryDirectory() as tmp:
            store = str(Path(tmp) / "province.sqlite")
            fill = _child(fill_province, store)
            out = Path(tmp) / "laporan-provinsi.xlsx"
            job = {"store": store, "period": latest_month(store), "out": str(out)}
            province = {**measure_report(job, args.province_runs), **fill, **count_pegawai_rows(out)}
            report["province_report"] = province
            report["province_target_met"] = (
                province["seconds_median"] <= PROVINCE_TARGET_SECONDS
                and province["peak_mb_median"] <= PROVINCE_TARGET_MB
                and province["pegawai_rows"] == PROVINCE_EMPLOYEES
                and province["bad_nips"] == 0
            )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
