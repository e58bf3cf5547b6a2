"""Stray-cell benchmark: the Solok bench city clean, and with one stray cell in every input tab.

Variants (each a full local sync, as bench/sync_bench.py's `solok`, in a fresh child process so
that its peak RSS, VmHWM, is its own; medians of --runs):
- clean: the generated city as is;
- space_XFD1048576: a single space in the last cell of every tab (before the fix: 549 GB asked
  of the allocator, the process aborted);
- catatan_XFD1: the word `catatan` in XFD1 of every tab (before the fix: 2.7 GB and 9 s for a
  4,000-row tab). Tabs whose extent passes `[sync] max_cells_per_tab` are refused with a
  Validasi row; smaller ones are read in full, since their extent is real.

Prints one JSON line. Usage: python bench/stray_cell_bench.py [--runs 3] [--variants ...]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_bench import measure, prepare_solok, run_solok  # noqa: E402  (bench/ is the script's folder)

_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
STRAYS = {
    # Appended after the last row: a whitespace-only cell in the sheet's very last cell.
    "space_XFD1048576": lambda xml: xml.replace(
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
        b"</sheetData>",
        1,
    ),
    # Appended to the header row: text in the sheet's last column.
    "catatan_XFD1": lambda xml: xml.replace(
        b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>catatan</t></is></c></row>', 1
    ),
}


def plant(source: Path, target: Path, variant: str) -> None:
    """Copy the bench folder, putting the stray cell into every worksheet of every input workbook."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.hasil.xlsx", "var"))
    edit = STRAYS[variant]
    for path in (target / "data").glob("*.xlsx"):
        planted = path.with_suffix(".tmp")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(planted, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                dst.writestr(info, edit(data) if _SHEET.fullmatch(info.filename) else data)
        planted.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", nargs="*", default=["clean", *STRAYS])
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        clean = Path(tmp) / "clean"
        start = time.perf_counter()
        prepare_solok(clean)
        report["generate_seconds"] = round(time.perf_counter() - start, 1)
        for variant in args.variants:
            folder = clean if variant == "clean" else Path(tmp) / variant
            if variant != "clean":
                plant(clean, folder, variant)
            result = measure(run_solok, str(folder / "kinerja.toml"), args.runs)
            report[variant] = {
                k: result[k] for k in ("seconds_median", "peak_mb_median", "seconds_all", "status", "rows_read")
            }
    base = report.get("clean", {}).get("peak_mb_median")
    if base:
        for variant in STRAYS:
            if variant in report:
                report[variant]["peak_vs_clean"] = round(report[variant]["peak_mb_median"] / base, 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
