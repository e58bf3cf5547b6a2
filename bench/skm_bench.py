"""Laporan SKM and QR poster benchmark: prints one JSON line (medians of wall time, file sizes).

The Solok-scale city of bench/sync_bench.py (40 agencies) is synced once into a results store;
then, timed in this process, the Laporan SKM of the latest month and of the year for the whole
city and for its largest agency (most IKM rows), and the QR posters of every service unit.
Time covers `write_skm_report` / `write_posters` as the commands run them (reading the store,
laying out, writing the PDF). Usage: python bench/skm_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sync_bench import prepare_solok  # noqa: E402


def _timed(runs: int, make) -> tuple[float, object]:
    seconds, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = make()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore
    from web.poster import write_posters
    from web.skm_report import write_skm_report

    with tempfile.TemporaryDirectory(prefix="skm-bench-") as tmp:
        folder = Path(tmp)
        settings = load_settings(prepare_solok(folder))
        store = ResultsStore(settings.store.path)
        backend = make_backend(settings)
        try:
            run_cycle(settings, backend, store, log=lambda _line: None)
        finally:
            backend.close()
        ikm = store.read("ikm")
        month = str(ikm["period"].max())
        largest = str(ikm["agency"].value_counts().index[0])
        out: dict[str, object] = {
            "agencies": len(settings.agencies),
            "ikm_rows": len(ikm),
            "month": month,
            "largest_agency": largest,
            "runs": args.runs,
        }
        for name, period, agency in (
            ("city_month", month, None),
            ("city_year", month[:4], None),
            ("agency_month", month, largest),
            ("agency_year", month[:4], largest),
        ):
            seconds, path = _timed(
                args.runs,
                lambda p=period, a=agency, n=name: write_skm_report(
                    store,
                    folder / f"{n}.pdf",
                    p,
                    a,
                    city_name=settings.city.name,
                    min_responses=settings.scoring.min_responses,
                ),
            )
            out[name] = {"seconds": round(seconds, 3), "bytes": path.stat().st_size}
        seconds, posters = _timed(max(1, args.runs // 2), lambda: write_posters(settings, store, folder / "qr"))
        sizes = sorted(p.stat().st_size for p in posters)
        out["posters"] = {"count": len(posters), "seconds": round(seconds, 3), "median_bytes": sizes[len(sizes) // 2]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
