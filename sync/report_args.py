"""What `report` is given, read as users write it: the period as the sheets accept it, an .xlsx name.

The report's period is a month (as the input tabs accept it: 'Oktober 2026', 'Okt 2026', '10/2026',
'2026-10'; sync.validate.parse.parse_period), a quarter ('2026-Q4', 'Q4 2026', 'Triwulan IV 2026',
'TW 4 2026') or a year ('2026', 'Tahun 2026'), and becomes the store's key ('2026-10', '2026-Q4',
'2026').
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from scoring.periods import MONTH, kind, label as period_label
from sync.store.reader import StoreReader
from sync.validate.parse import KOLOM, Problem, parse_period

OPTION = "--periode"
XLSX = ".xlsx"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = (
    re.compile(r"(?P<year>\d{4})\s*[-/ ]?\s*(?:q|tw|triwulan)\s*(?P<n>[1-4]|iv|iii|ii|i)"),
    re.compile(r"(?:q|tw|triwulan)\s*[-.]?\s*(?P<n>[1-4]|iv|iii|ii|i)\s*[-/ ,]?\s*(?P<year>\d{4})"),
)
_YEAR = re.compile(r"(?:tahun\s+)?(?P<year>\d{4})")
FORMS = "bulan (2026-10, Oktober 2026, Okt 2026, 10/2026), triwulan (2026-Q4, Triwulan IV 2026) atau tahun (2026)"


def parse_report_period(text: str, today: date) -> str | Problem:
    """'Oktober 2026' -> '2026-10', 'Triwulan IV 2026' -> '2026-Q4', 'Tahun 2026' -> '2026'."""
    typed = " ".join(str(text).split()).casefold()
    if not typed:
        return Problem(f"{OPTION} kosong.", f"Tulis periodenya: {FORMS}.")
    for pattern in _QUARTER:
        m = pattern.fullmatch(typed)
        if m:
            n = m.group("n")
            return f"{m.group('year')}-Q{_ROMAN.get(n) or int(n)}"
    m = _YEAR.fullmatch(typed)
    if m:
        return m.group("year")
    found = parse_period(typed, today)
    if isinstance(found, Problem):
        return Problem(found.problem.replace(KOLOM, OPTION) + f" ('{text}')", f"Tulis periodenya: {FORMS}.")
    return found


def report_path(out: Path) -> Path | Problem:
    """The report is an Excel workbook: a name without a suffix gets .xlsx, another suffix is refused
    (a .csv name would hold an .xlsx that no program opens as a CSV)."""
    out = Path(out)
    if out.suffix.lower() == XLSX:
        return out
    if not out.suffix:
        return out.with_name(out.name + XLSX)
    return Problem(
        f"Laporan adalah buku kerja Excel, tetapi nama berkas '{out.name}' berakhiran '{out.suffix}'.",
        f"Beri nama yang berakhiran .xlsx, mis. {out.with_suffix(XLSX).name}.",
    )


def empty_period_warning(store: StoreReader, period: str, agency: str | None = None) -> str:
    """'' when the store has results for `period` (and `agency`), else a warning naming the periods it has."""
    table = "agency_summary" if kind(period) == MONTH else "agency_periodic"
    rows = store.reader.rows(table)
    if agency is not None:
        rows = rows[rows["agency"] == agency]
    if (rows["period"] == period).any():
        return ""
    have = sorted(set(rows["period"]))
    if len(have) > 3:
        listed = f"Periode yang ada: {period_label(have[0])} sampai {period_label(have[-1])} ({len(have)} periode)."
    elif have:
        listed = f"Periode yang ada: {', '.join(period_label(p) for p in have)}."
    else:
        listed = "Basis data hasil masih kosong: jalankan sinkronisasi dulu."
    whose = "" if agency is None else f" OPD {agency}"
    return (
        f"Peringatan: basis data hasil belum berisi hasil{whose} untuk {period_label(period)}; laporan "
        f"ditulis tanpa angka. {listed}"
    )
