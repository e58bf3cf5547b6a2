"""Catatan Penilaian timing at province scale: prints one JSON line with the median seconds of
`catatan_penilaian` over the province case of bench/sync_bench.py (1.2 million result rows,
4.8 million indicator rows), and, with --baseline, of another version of scoring/feedback.py on
the same frames in the same process, runs alternating (a fair A/B on a shared machine). Versions
that take rejected input rows get --rejected of them (10,000 by default), spread over the tabs.

Usage: git show <commit>:scoring/feedback.py > /tmp/feedback_old.py
       python bench/feedback_bench.py [--runs 3] [--rejected 10000] [--baseline /tmp/feedback_old.py]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import inspect
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure import peak_mb  # noqa: E402  (bench/ is the script's folder)


def province_frames():
    """The results and indicators of sync_bench's province case, as score_base leaves them."""
    from sync_bench import province_settings_and_city

    from sync.demo.province import province_tabs
    from sync.results.agency import score_base
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions
    from sync.validate.units import build_unit_index

    tabs = province_tabs(employees=100_000, months=12, indicators=4, seed=1)
    settings, city_tables = province_settings_and_city()
    data = validate_agency("PROV", tabs, ValidationOptions(today=dt.date(2026, 11, 28)))
    del tabs
    units = build_unit_index([("PROV", "Provinsi")], data.employees, {})
    base = score_base(data, units, city_tables, settings)
    return base["results"], base["indicators"], city_tables, settings


def _rejected_rows(results, n: int):
    """`n` rejected input rows (period, nip, tab, row) on result rows picked evenly, the three tabs
    in turn: a province where some clerks typed '3,5' or 'x'."""
    import numpy as np
    import pandas as pd

    at = np.linspace(0, len(results) - 1, num=min(n, len(results)), dtype=np.int64)
    tabs = np.array(["Laporan Kinerja", "Penilaian Atasan", "Presensi"], dtype=object)
    return pd.DataFrame(
        {
            "period": results["period"].to_numpy(dtype=object)[at],
            "nip": results["nip"].to_numpy(dtype=object)[at],
            "tab": tabs[np.arange(len(at)) % 3],
            "row": np.arange(len(at), dtype=np.int64) + 2,
        }
    )


def load(path: str):
    spec = importlib.util.spec_from_file_location("feedback_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline")
    parser.add_argument(
        "--rejected",
        type=int,
        default=10_000,
        help="rejected input rows handed to versions that take them (spread over the tabs)",
    )
    args = parser.parse_args()
    import scoring.feedback as current

    versions = {"current": current}
    if args.baseline:
        versions["baseline"] = load(args.baseline)
    results, indicators, tables, settings = province_frames()
    rejected = _rejected_rows(results, args.rejected)
    seconds: dict[str, list[float]] = {name: [] for name in versions}
    for _ in range(args.runs):
        for name, module in versions.items():
            suggestions = module.FeedbackSettings()  # each version with its own defaults
            extra = (rejected,) if "rejected" in inspect.signature(module.catatan_penilaian).parameters else ()
            start = time.perf_counter()
            module.catatan_penilaian(
                results,
                indicators,
                tables["ikm"],
                tables["complaint_categories"],
                settings.scoring,
                suggestions,
                *extra,
            )
            seconds[name].append(round(time.perf_counter() - start, 3))
    print(
        json.dumps(
            {
                "rows": len(results),
                "rejected_rows": len(rejected),
                "indicator_rows": len(indicators),
                "peak_mb": round(peak_mb(), 1),
                **{f"{name}_seconds_median": statistics.median(s) for name, s in seconds.items()},
                **{f"{name}_seconds_all": s for name, s in seconds.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
