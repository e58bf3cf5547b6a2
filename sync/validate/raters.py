"""Who may rate an employee for a month (docs/scoring.md §7).

A `Penilaian Atasan` row counts only when its `NIP Penilai` is the employee's supervisor for that
month: the roster's NIP Atasan, the supervisor the store recorded for that month when it was first
synced (so moving an employee under another supervisor does not void the months already rated), or
an exception in the optional agency tab `Penilai` (a Plt, a transfer). The checks are vectorised
over the rating rows: a province's tab has a million of them.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from sync.validate.nip import parse_nips
from sync.validate.parse import Parsed
from sync.validate.rows import TabCheck, clean_frame, empty_frame

EXCEPTION_DTYPES = {"period": "object", "nip": "object", "rater_nip": "object", "row": "int64"}
RECORDED_COLUMNS = ("period", "nip", "supervisor_nip")


def exceptions(check: TabCheck, period: Parsed, nip: Parsed, today) -> pd.DataFrame:
    """The `Penilai` tab's usable rows: (period, nip, rater_nip). Periode and NIP are already
    checked like every monthly tab's; here NIP Penilai must be a valid NIP other than the NIP's."""
    label = check.label("rater_nip", "NIP Penilai")
    rater = parse_nips(check.cells("rater_nip"), today)
    check.require(
        rater,
        "rater_nip",
        label,
        f"{label} kosong.",
        f"Isi {label} dengan NIP (18 digit, kolom berformat Teks) Plt atau pejabat yang menilai pegawai ini "
        f"bulan itu, atau hapus baris ini.",
    )
    check.report(rater, "rater_nip", label)
    own = rater.ok & nip.ok & (rater.value == nip.value)
    check.galat(
        own,
        "rater_nip",
        label,
        f"{label} sama dengan NIP pegawai yang dinilai: pegawai tidak boleh menilai dirinya sendiri.",
        f"Isi {label} dengan NIP Plt atau pejabat yang menilai pegawai ini bulan itu, atau hapus baris ini.",
    )
    at = np.flatnonzero(check.used)
    return clean_frame(
        {"period": period.at(at), "nip": nip.at(at), "rater_nip": rater.at(at), "row": check.rows[at]},
        EXCEPTION_DTYPES,
    )


def no_exceptions() -> pd.DataFrame:
    return empty_frame(EXCEPTION_DTYPES)


class Raters:
    """Who may rate whom in which month, from the roster, the store's record and the Penilai tab."""

    def __init__(self, employees: pd.DataFrame, recorded: Mapping[tuple[str, str], str] | None, listed: pd.DataFrame):
        roster = pd.Series(employees["supervisor_nip"].to_numpy(dtype=object), index=employees["nip"].to_numpy())
        self._roster = roster[~roster.index.duplicated(keep="last")]
        recorded = {k: v for k, v in (recorded or {}).items() if v}
        self._recorded = pd.Series(
            list(recorded.values()),
            dtype=object,
            index=pd.MultiIndex.from_tuples(list(recorded), names=["period", "nip"])
            if recorded
            else pd.MultiIndex.from_arrays([[], []], names=["period", "nip"]),
        )
        self._listed = pd.MultiIndex.from_arrays(
            [listed["period"].to_numpy(), listed["nip"].to_numpy(), listed["rater_nip"].to_numpy()]
        )
        self._listed_pairs = pd.MultiIndex.from_arrays([listed["period"].to_numpy(), listed["nip"].to_numpy()])

    def judge(self, periods: np.ndarray, nips: np.ndarray, raters: np.ndarray) -> dict[str, np.ndarray]:
        """Per row: `supervisor` (who the roster or the record names, '' if nobody), `checkable`
        (somebody is named or listed for that month) and `allowed` (the rater is one of them)."""
        n = len(nips)
        if not n:
            empty = np.zeros(0, dtype=bool)
            return {"supervisor": np.zeros(0, dtype=object), "checkable": empty, "allowed": empty}
        raters = np.asarray(raters, dtype=object)
        roster = self._roster.reindex(nips).fillna("").to_numpy(dtype=object)
        pairs = pd.MultiIndex.from_arrays([periods, nips])
        recorded = (
            self._recorded.reindex(pairs).fillna("").to_numpy(dtype=object)
            if len(self._recorded)
            else np.full(n, "", dtype=object)
        )
        listed = pd.MultiIndex.from_arrays([periods, nips, raters]).isin(self._listed)
        named = (roster != "") | (recorded != "")
        allowed = (raters != "") & ((raters == roster) | (raters == recorded) | listed)
        return {
            "supervisor": np.where(roster != "", roster, recorded),
            "checkable": named | pairs.isin(self._listed_pairs),
            "allowed": allowed,
        }


def first_supervisors(employees: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
    """(period, nip, supervisor_nip) for every employee-month in `frames` whose employee has a
    NIP Atasan now: what the store records the first time it sees that month (never rewritten)."""
    months = [f[["period", "nip"]] for f in frames if len(f)]
    if not months:
        return pd.DataFrame(columns=list(RECORDED_COLUMNS), dtype=object)
    pairs = pd.concat(months, ignore_index=True).drop_duplicates()
    supervisors = employees.loc[employees["supervisor_nip"].astype(str) != "", ["nip", "supervisor_nip"]]
    supervisors = supervisors.drop_duplicates("nip", keep="last")
    out = pairs.merge(supervisors, on="nip", how="inner")
    return out[list(RECORDED_COLUMNS)].sort_values(["period", "nip"]).reset_index(drop=True)
