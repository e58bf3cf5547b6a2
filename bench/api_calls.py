"""Google API-call benchmark: prints one JSON line (requests by kind, quota, targets pass/fail).

A Solok-scale city (40 agency spreadsheets + the city one, from sync/demo) is loaded into the fake
Sheets v4 API (tests/fake_sheets) and synced with the real `run_cycle` on the real
`GoogleBackend`, whose limiter and backoff run on a virtual clock (nothing really sleeps; the
virtual time is what a real cycle would spend waiting at 60 reads + 60 writes per minute).
One backend lives through three cycles, as in `python main.py worker`:

- first: every spreadsheet read, the owned tabs added and written;
- unchanged: the same data again;
- one agency changed: one cell of one agency edited through the fake;

then a restarted worker (a new backend, write digests from its state file) runs one more cycle.
The virtual clock moves on by `interval_minutes` between cycles, as the worker's wait would.

Then the naive gspread way (open + `get_all_records` per tab, `append_row` per result row) is run
for real against a second fake for a sample of agencies and extrapolated linearly to the city,
and the first cycle is run again on a third fake answering 30% of requests 429 and 5% 5xx: its
results must be identical to the fault-free run (results store and owned tabs).

Usage: python bench/api_calls.py [--agencies 40] [--naive-sample 3] [--fault-seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from config.contract import AGENCY_INPUT_TABS, AGENCY_OWNED_TABS, CITY_OWNED_TABS  # noqa: E402
from config.settings import load_settings  # noqa: E402
from sync.cycle import run_cycle  # noqa: E402
from sync.demo.generate import DemoScale, generate_city  # noqa: E402
from sync.demo.write import write_config  # noqa: E402
from sync.store import ResultsStore  # noqa: E402

SOLOK = dict(agencies=40, employees=3000, months=12, indicators_per_employee=4, responses=60_000)
SEED = 7
TODAY = dt.date(2026, 11, 28)  # fixed, so every run validates against the same day
READ_KINDS = ("values.get", "values.batchGet")
WRITE_KINDS = (
    "values.update",
    "values.batchUpdate",
    "values.append",
    "values.clear",
    "values.batchClear",
    "batchUpdate",
)
_KEY = re.compile(r"/v4/spreadsheets/([^/:?]+)")


class VirtualClock:
    """A monotonic clock that only moves when something sleeps on it (or the worker idles)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0
        self.sleeps = 0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        seconds = max(0.0, float(seconds))
        self.now += seconds
        self.slept += seconds
        self.sleeps += 1

    def idle(self, seconds: float) -> None:
        """The worker's wait between cycles: time passes, nobody is paced."""
        self.now += seconds


# ---- the city -------------------------------------------------------------------------------


def make_city(agencies: int):
    scale = dict(SOLOK)
    if agencies != SOLOK["agencies"]:  # a smaller city keeps Solok's per-agency size
        scale.update(
            agencies=agencies,
            employees=SOLOK["employees"] * agencies // SOLOK["agencies"],
            responses=SOLOK["responses"] * agencies // SOLOK["agencies"],
        )
    return generate_city(DemoScale(**scale), seed=SEED)


def make_fake(city, only: list[str] | None = None):
    from tests.fake_sheets import FakeSheets

    fake = FakeSheets(time_zone="Asia/Jakarta")
    names = {a.spreadsheet: a.name for a in city.agencies}
    for key, tabs in city.workbooks.items():
        if only is None or key in only:
            fake.add_spreadsheet(key, tabs, title=names.get(key, city.name))
    return fake


def google_settings(city, folder: Path):
    """The demo's config with the spreadsheet names as Google keys (kind = "google")."""
    path = write_config(city, folder / "kinerja.toml", data_folder="data", store_path=str(folder / "kinerja.sqlite"))
    settings = load_settings(path)
    return dataclasses.replace(settings, source=dataclasses.replace(settings.source, kind="google"))


def make_backend(settings, fake, clock: VirtualClock):
    """As `make_backend` builds it for the worker (write digests kept beside the store)."""
    from sync.sources.google.backend import GoogleBackend

    return GoogleBackend(
        settings.source,
        session=fake.session(),
        credentials=fake.credentials,
        sleep=clock.sleep,
        clock=clock,
        state_path=settings.store.path.parent / "google-state.json",
    )


# ---- measuring ------------------------------------------------------------------------------


def _key(url: str) -> str:
    match = _KEY.search(url)
    return match.group(1) if match else "?"


def measure_cycle(settings, backend, store, fake, clock: VirtualClock) -> dict:
    """Run one cycle and return what it asked of the API (successful and failed requests)."""
    counts, reads, writes, start_log = Counter(fake.counts), fake.reads, fake.writes, len(fake.log)
    virtual, wall = clock(), time.perf_counter()
    result = run_cycle(settings, backend, store, log=lambda _line: None, today=TODAY)
    wall = time.perf_counter() - wall
    log = fake.log[start_log:]
    by_kind = Counter(fake.counts)
    by_kind.subtract(counts)
    per_sheet: dict[str, Counter] = {}
    for kind, url, status in log:
        if 200 <= int(status or 0) < 300:
            per_sheet.setdefault(_key(url), Counter())[kind] += 1
    data_reads = [sum(c[k] for k in READ_KINDS) for c in per_sheet.values()]
    quota_reads = [sum(c[k] for k in (*READ_KINDS, "get")) for c in per_sheet.values()]
    sheet_writes = {key: sum(c[k] for k in WRITE_KINDS) for key, c in per_sheet.items()}
    return {
        "requests": {k: v for k, v in sorted(by_kind.items()) if v},
        "reads": fake.reads - reads,
        "writes": fake.writes - writes,
        "failed_responses": sum(1 for _k, _u, s in log if not 200 <= int(s or 0) < 300),
        "max_data_reads_per_spreadsheet": max(data_reads, default=0),
        "max_quota_reads_per_spreadsheet": max(quota_reads, default=0),
        "spreadsheets_written": sum(1 for n in sheet_writes.values() if n),
        "max_writes_per_spreadsheet": max(sheet_writes.values(), default=0),
        "paced_seconds": round(clock() - virtual, 1),
        "wall_seconds": round(wall, 2),
        "status": result.status,
        "failed_spreadsheets": [s.scope for s in result.failed],
        "_writes_by_sheet": sheet_writes,
    }


def owned_values(fake, settings) -> dict[tuple[str, str], list]:
    out = {}
    for agency in settings.agencies:
        for tab in AGENCY_OWNED_TABS:
            out[(agency.spreadsheet, tab)] = fake.values(agency.spreadsheet, tab)
    for tab in CITY_OWNED_TABS:
        out[(settings.city.spreadsheet, tab)] = fake.values(settings.city.spreadsheet, tab)
    return out


def results_table(store: ResultsStore) -> pd.DataFrame:
    frame = store.read("results")
    return frame.sort_values(["agency", "period", "nip"]).reset_index(drop=True)


def edit_one_cell(fake, key: str) -> str:
    """Change one Realisasi of one agency through the API, as a user typing would."""
    tab = "Laporan Kinerja"
    rows = fake.values(key, tab)
    col = [str(h).strip() for h in rows[0]].index("Realisasi")
    row = next(
        n
        for n, r in enumerate(rows[1:], start=2)
        if len(r) > col and isinstance(r[col], (int, float)) and not isinstance(r[col], bool) and r[col] > 0
    )
    new = round(float(rows[row - 1][col]) * 0.5, 1)
    worksheet = fake.client().open_by_key(key).worksheet(tab)
    worksheet.update_cell(row, col + 1, new)
    return f"{key}!{tab}!R{row}C{col + 1}: {rows[row - 1][col]} -> {new}"


# ---- the naive way --------------------------------------------------------------------------


def naive_sync(fake, key: str, input_tabs: list[str], owned: dict[str, list]) -> None:
    """How gspread code is commonly written: records per tab, one request per result row."""
    spreadsheet = fake.client().open_by_key(key)
    for tab in input_tabs:
        spreadsheet.worksheet(tab).get_all_records()
    existing = {ws.title: ws for ws in spreadsheet.worksheets()}
    for tab, rows in owned.items():
        if not rows:
            continue
        ws = existing.get(tab) or spreadsheet.add_worksheet(tab, rows=max(len(rows), 2), cols=max(len(rows[0]), 1))
        ws.clear()
        for row in rows:
            ws.append_row(["" if v is None else v for v in row], value_input_option="RAW")


def naive_compare(city, settings, reference, sample: int) -> dict:
    """Run the naive sync for `sample` agencies for real, extrapolate linearly to the city."""
    agencies = settings.agencies[:sample]
    keys = [a.spreadsheet for a in agencies]
    fake = make_fake(city, only=keys)
    input_tabs = [t.name for t in AGENCY_INPUT_TABS]
    started = time.perf_counter()
    for key in keys:
        naive_sync(fake, key, input_tabs, {tab: reference[(key, tab)] for tab in AGENCY_OWNED_TABS})
    wall = time.perf_counter() - started
    sample_rows = sum(len(reference[(k, t)]) for k in keys for t in AGENCY_OWNED_TABS)
    all_rows = sum(len(rows) for rows in reference.values())
    sheets = len(settings.agencies) + 1
    reads = fake.reads * sheets / len(keys)  # reads grow with the spreadsheets
    writes = fake.writes * all_rows / sample_rows  # writes grow with the result rows
    return {
        "method": (
            f"measured for real on {len(keys)} agencies ({sample_rows} result rows), extrapolated "
            f"linearly to {sheets} spreadsheets ({all_rows} result rows): reads by spreadsheet "
            "count, writes by result-row count"
        ),
        "sample_requests": dict(sorted(fake.counts.items())),
        "sample_reads": fake.reads,
        "sample_writes": fake.writes,
        "sample_wall_seconds": round(wall, 2),
        "city_reads_per_cycle": round(reads),
        "city_writes_per_cycle": round(writes),
        "city_paced_minutes_per_cycle": round(max(reads, writes) / 60, 1),
    }


# ---- main -----------------------------------------------------------------------------------


def stats_summary(stats: dict) -> dict:
    """The backend's own counters that the report needs (names as sync/sources/google/backend.py gives them)."""
    keep = {k: v for k, v in stats.items() if not isinstance(v, dict) or k in ("requests", "retries_by_kind")}
    return json.loads(json.dumps(keep, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=SOLOK["agencies"])
    parser.add_argument("--naive-sample", type=int, default=3, help="agencies the naive way really runs on")
    parser.add_argument("--fault-seed", type=int, default=1)
    args = parser.parse_args()
    report: dict = {}
    started = time.perf_counter()
    city = make_city(args.agencies)
    report["city"] = {
        "spreadsheets": len(city.workbooks),
        "agencies": len(city.agencies),
        "input_rows": sum(len(r) - 1 for tabs in city.workbooks.values() for r in tabs.values() if r),
    }
    with tempfile.TemporaryDirectory() as tmp:
        settings = google_settings(city, Path(tmp) / "bersih")
        fake = make_fake(city)
        clock = VirtualClock()
        backend = make_backend(settings, fake, clock)
        store = ResultsStore(settings.store.path)
        interval = settings.sync.interval_minutes * 60
        cycles = {"first": measure_cycle(settings, backend, store, fake, clock)}
        reference = owned_values(fake, settings)
        reference_results = results_table(store)
        clock.idle(interval)
        cycles["unchanged"] = measure_cycle(settings, backend, store, fake, clock)
        before = owned_values(fake, settings)
        edited = edit_one_cell(fake, settings.agencies[0].spreadsheet)
        clock.idle(interval)
        cycles["one_agency_changed"] = measure_cycle(settings, backend, store, fake, clock)
        after = owned_values(fake, settings)
        changed_sheets = sorted({key for (key, tab), rows in after.items() if before[(key, tab)] != rows})
        report["clean_backend_stats"] = stats_summary(backend.stats)
        backend.close()
        # A restarted worker: metadata again, write digests from google-state.json, so no write.
        clock.idle(interval)
        restarted = make_backend(settings, fake, clock)
        cycles["after_restart"] = measure_cycle(settings, restarted, store, fake, clock)
        restarted.close()

        # The same first cycle on a fake that answers 30% 429 and 5% 5xx.
        faulty_settings = google_settings(city, Path(tmp) / "gangguan")
        faulty = make_fake(city)
        faulty.random_faults(rate_429=0.3, rate_5xx=0.05, seed=args.fault_seed)
        faulty_clock = VirtualClock()
        faulty_backend = make_backend(faulty_settings, faulty, faulty_clock)
        faulty_store = ResultsStore(faulty_settings.store.path)
        faults = measure_cycle(faulty_settings, faulty_backend, faulty_store, faulty, faulty_clock)
        faulty.clear_faults()
        same_results = results_table(faulty_store).equals(reference_results)
        same_sheets = owned_values(faulty, faulty_settings) == reference
        faults_stats = stats_summary(faulty_backend.stats)
        faulty_backend.close()

        naive = naive_compare(city, settings, reference, args.naive_sample)

    writes_by_sheet = cycles["one_agency_changed"].pop("_writes_by_sheet")
    for c in (*cycles.values(), faults):
        c.pop("_writes_by_sheet", None)
    sheets = len(settings.agencies) + 1
    report["cycles"] = cycles
    report["edit"] = edited
    report["changed_spreadsheets"] = changed_sheets
    report["faults"] = {
        "rates": {"429": 0.3, "5xx": 0.05, "seed": args.fault_seed},
        **faults,
        "virtual_seconds_waited": round(faulty_clock.slept, 1),
        "backend_stats": faults_stats,
        "results_identical": bool(same_results),
        "owned_tabs_identical": bool(same_sheets),
    }
    first, unchanged = cycles["first"], cycles["unchanged"]
    report["naive"] = naive
    report["ratio_naive_to_ours"] = {
        "first_cycle_requests": round(
            (naive["city_reads_per_cycle"] + naive["city_writes_per_cycle"]) / max(1, first["reads"] + first["writes"]),
            1,
        ),
        "unchanged_cycle_requests": round(
            (naive["city_reads_per_cycle"] + naive["city_writes_per_cycle"])
            / max(1, unchanged["reads"] + unchanged["writes"]),
            1,
        ),
        "writes_first_cycle": round(naive["city_writes_per_cycle"] / max(1, first["writes"]), 1),
    }
    later = (cycles["unchanged"], cycles["one_agency_changed"])  # same backend as the first cycle
    report["targets"] = {
        "at_most_1_read_per_spreadsheet_per_cycle": all(
            c["max_data_reads_per_spreadsheet"] <= 1 for c in cycles.values()
        )
        and all(c["max_quota_reads_per_spreadsheet"] <= 1 for c in later),
        "0_writes_on_unchanged_cycle": unchanged["writes"] == 0,
        "1_write_per_changed_spreadsheet": bool(changed_sheets)
        and sorted(k for k, n in writes_by_sheet.items() if n) == changed_sheets
        and all(writes_by_sheet[k] == 1 for k in changed_sheets),
        "metadata_only_on_first_cycle": first["requests"].get("get", 0) > 0
        and all(c["requests"].get("get", 0) == 0 for c in later),
        "no_writes_after_restart": cycles["after_restart"]["writes"] == 0,
        "faults_results_identical": bool(same_results and same_sheets and not faults["failed_spreadsheets"]),
    }
    report["all_targets_met"] = all(report["targets"].values())
    report["metadata_gets_per_spreadsheet_first_cycle"] = round(first["requests"].get("get", 0) / sheets, 2)
    report["paced_minutes_per_cycle_at_60_reads_60_writes_per_minute"] = {
        name: round(c["paced_seconds"] / 60, 2) for name, c in cycles.items()
    }
    report["bench_wall_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
