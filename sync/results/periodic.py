"""The agency's `Hasil Periodik` tab: quarter (Triwulan) and year (Tahunan) results.

Pure: frames in (scoring.periodic's results_periodic and agency_periodic), SheetTable out.

Layout: one table, latest period first ('2026-Q4' … '2026-Q1', then 'Tahun 2026', then 2025).
Each period opens with the agency's own row (Tingkat 'OPD': averages over its employees, the
predikat counts in its Catatan) followed by its employees (Tingkat 'Pegawai') by unit and
name. An HR clerk reads a period top-down — the agency, then the people — and filters on Tingkat
or Jenis to get one level or one kind; a separate agency block under thousands of employee rows
would never be seen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from config.contract import QUARTER, TAB_HASIL_PERIODIK, YEAR, period_label
from scoring.arrays import as_float
from scoring.summary import PREDIKAT_COLUMNS
from sync.results.tabs import _table, each_agency, penetapan_text
from sync.sources.backend import SheetTable

KIND_LABELS = {QUARTER: "Triwulan", YEAR: "Tahunan"}
LEVEL_AGENCY, LEVEL_EMPLOYEE = "OPD", "Pegawai"

HASIL_PERIODIK_SPEC = [
    ("Periode", "period_label", None),
    ("Jenis", "kind_label", None),
    ("Tingkat", "level", None),
    ("NIP", "nip", None),
    ("Nama", "name", None),
    ("Jabatan", "position", None),
    ("Unit Kerja", "unit", None),
    ("Jumlah Bulan", "months", None),
    ("Bulan dengan Nilai Hasil Kerja", "months_nhk", None),
    ("Bulan dengan Nilai Perilaku", "months_npk", None),
    ("Nilai Hasil Kerja", "nhk", 2),
    ("Rating Hasil Kerja", "rating_hk", None),
    ("Nilai Perilaku Kerja", "npk", 2),
    ("Rating Perilaku", "rating_pk", None),
    ("Predikat", "predikat", None),
    ("Nilai Akhir", "na", 2),
    ("Catatan", "gate_note", None),
    ("Kode Aturan", "rules_id", None),
]
# With quarters or years confirmed ([appraisal] confirm_periods has "triwulan" or "tahun"): the
# Pejabat Penilai's act on each result (the words of Hasil Kinerja's column: sync.results.tabs
# penetapan_text) and on the agency row how many of its results are final; before Kode Aturan, as
# Google Sheets drops a row's empty cells at the end. Without, no column: it could only be empty.
PENETAPAN_COLUMN = ("Penetapan", "penetapan", None)
HASIL_PERIODIK_PENETAPAN_SPEC = [*HASIL_PERIODIK_SPEC[:-1], PENETAPAN_COLUMN, HASIL_PERIODIK_SPEC[-1]]
_COUNTS = ("months", "months_nhk", "months_npk")
FINAL_PREFIXES = ("ditetapkan", "keberatan diterima")  # sync.locks' decision texts of a final result


def spec(penetapan: bool = False) -> list[tuple[str, str, int | None]]:
    """The tab's columns: with the Penetapan column when quarters or years are confirmed."""
    return HASIL_PERIODIK_PENETAPAN_SPEC if penetapan else HASIL_PERIODIK_SPEC


def confirms_periodic(kinds) -> bool:
    """Whether `[appraisal] confirm_periods` lets a Pejabat Penilai confirm a quarter or a year."""
    return bool({"triwulan", "tahun"} & set(kinds or ()))


def _agency_rows(agency_periodic: pd.DataFrame) -> pd.DataFrame:
    """The agency's row per period, in the employee columns: averages, counts as text."""
    frame = agency_periodic
    headcount = frame["headcount"].astype("int64").astype(str)
    scored = frame["scored"].astype("int64").astype(str)
    name = "Rata-rata OPD (" + headcount + " pegawai, " + scored + " berpredikat)"
    counts = [label + " " + frame[column].astype("int64").astype(str) for label, column in PREDIKAT_COLUMNS.items()]
    distribution = "Sebaran predikat: " + counts[0]
    for more in counts[1:]:
        distribution = distribution + ", " + more
    distribution = distribution + "."
    return pd.DataFrame(
        {
            "period": frame["period"].to_numpy(dtype=object),
            "kind": frame["kind"].to_numpy(dtype=object),
            "level": LEVEL_AGENCY,
            "nip": "",
            "name": name.to_numpy(dtype=object),
            "months": frame["months"].to_numpy(),
            "nhk": as_float(frame["avg_nhk"]),
            "npk": as_float(frame["avg_npk"]),
            # Predikat holds predikats only (a filter on it must not meet a list of counts).
            "gate_note": distribution.to_numpy(dtype=object),
            "na": as_float(frame["avg_na"]),
            "_order": 0,
            # the agency, so that several agencies' rows can be built at once (tabs.each_agency)
            **({"agency": frame["agency"].to_numpy(dtype=object)} if "agency" in frame else {}),
            # an all-empty column here would make pd.concat warn about its dtype: add it only when set
            **({"rules_id": frame["rules_id"].to_numpy(dtype=object)} if "rules_id" in frame else {}),
        }
    )


def _whole_numbers(values: pd.Series) -> pd.Series:
    """Counts as Python ints with None for the agency rows' blanks (never 3.0 or NaN in a cell)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    cells = np.array([None] * len(numbers), dtype=object)
    known = np.isfinite(numbers)  # an infinite count would become a garbage integer
    cells[known] = numbers[known].astype(np.int64).tolist()
    return pd.Series(cells, index=values.index, dtype=object)


def hasil_periodik(
    results_periodic: pd.DataFrame,
    agency_periodic: pd.DataFrame,
    *,
    restricted: bool = False,
    min_group: int = 0,
    penetapan: bool = False,
) -> SheetTable:
    """`Hasil Periodik`: per quarter/year, latest first, the agency row then one row per employee.

    `restricted` ([privacy] agency_results = "terbatas"): the agency rows only, and only those over
    at least `min_group` scored employees (a smaller average is one or two people's score).
    `penetapan` (`confirms_periodic`): with the Penetapan column.
    """
    return _table(
        TAB_HASIL_PERIODIK,
        _periodik_frame(results_periodic, agency_periodic, restricted, min_group),
        spec(penetapan),
    )


def hasil_periodik_each(
    frames: dict[str, tuple[pd.DataFrame, pd.DataFrame]],
    *,
    restricted: bool = False,
    min_group: int = 0,
    penetapan: bool = False,
) -> dict[str, SheetTable]:
    """`hasil_periodik` of every agency (code -> (results_periodic, agency_periodic)), in one pass
    (`restricted`, `min_group`, `penetapan`: as `hasil_periodik`'s, for every agency given)."""

    def build(results_periodic: pd.DataFrame, agency_periodic: pd.DataFrame) -> pd.DataFrame:
        return _periodik_frame(results_periodic, agency_periodic, restricted, min_group)

    return each_agency(TAB_HASIL_PERIODIK, spec(penetapan), build, frames)


def _penetapan(results_periodic: pd.DataFrame, restricted: bool) -> pd.Series:
    """Each employee row's Penetapan cell, as Hasil Kinerja words it (restricted: a keberatan reads
    'Ditetapkan')."""
    if "decision" not in results_periodic:
        return pd.Series("", index=results_periodic.index, dtype=object)
    words = [penetapan_text(d, restricted) for d in results_periodic["decision"].tolist()]
    return pd.Series(words, index=results_periodic.index, dtype=object)


def _final_counts(results_periodic: pd.DataFrame, agency_periodic: pd.DataFrame) -> np.ndarray:
    """Per agency row: '3 dari 20 hasil ditetapkan' (its employees' results that are final; none
    without a decision column: nobody has acted yet), '' for a period without employee results."""
    out = np.full(len(agency_periodic), "", dtype=object)
    if not len(agency_periodic) or not len(results_periodic):
        return out
    keys = ["agency", "period"] if "agency" in results_periodic and "agency" in agency_periodic else ["period"]
    if "decision" in results_periodic:
        decision = results_periodic["decision"].fillna("").astype(str)
    else:
        decision = pd.Series("", index=results_periodic.index, dtype=object)
    final = decision.str.startswith(FINAL_PREFIXES)
    counted = results_periodic[keys].assign(_final=final.to_numpy(), _all=1).groupby(keys, sort=False).sum()
    at = pd.MultiIndex.from_frame(agency_periodic[keys].astype(object)) if len(keys) > 1 else agency_periodic["period"]
    found = counted.reindex(at)
    for n, (done, total) in enumerate(zip(found["_final"].tolist(), found["_all"].tolist())):
        if total == total and total:  # not NaN, not 0
            out[n] = f"{int(done)} dari {int(total)} hasil ditetapkan"
    return out


def _periodik_frame(
    results_periodic: pd.DataFrame, agency_periodic: pd.DataFrame, restricted: bool = False, min_group: int = 0
) -> pd.DataFrame:
    if restricted and min_group and len(agency_periodic):
        agency_periodic = agency_periodic[
            pd.to_numeric(agency_periodic["scored"], errors="coerce").fillna(0).ge(min_group)
        ]
    employees = results_periodic.assign(
        level=LEVEL_EMPLOYEE, _order=1, penetapan=_penetapan(results_periodic, restricted)
    )
    agency_rows = _agency_rows(agency_periodic).assign(penetapan=_final_counts(results_periodic, agency_periodic))
    parts = [part for part in (agency_rows, employees) if len(part)]
    frame = pd.concat(parts, ignore_index=True) if parts else employees
    if restricted:  # after the concat, so the agency rows keep the employee columns (blank)
        frame = frame[frame["level"].eq(LEVEL_AGENCY)]
    frame = frame.assign(
        period_label=frame["period"].map(period_label),
        kind_label=frame["kind"].map(KIND_LABELS),
        **{column: _whole_numbers(frame[column]) for column in _COUNTS if column in frame},
    )
    return frame.sort_values(
        ["period", "_order", "unit", "name", "nip"], ascending=[False, True, True, True, True], na_position="first"
    )
