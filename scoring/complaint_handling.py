"""Complaint handling that counts for the officer who handled it (SCORING.md §1, example E).

Contract:
- `officer_complaints(complaints, params, as_of, holidays)`: per (period, nip) of the officer
  named in the `Pengaduan` log (`NIP Petugas`): complaints counted, resolved on time, the on-time
  share s and c_aduan = min(cap, 100 × s / target).
- `complaint_nhk(own, c_ikm, ikm_used, c_aduan, params)`: NHK with the citizens' share divided
  among the citizen components that apply (c_ikm, c_aduan).

Who it applies to: every officer the log names, whatever the roster's Layanan Publik says —
handling a citizen's complaint is public service, and the log is the evidence. The Layanan
Publik condition stays on c_ikm (the unit's IKM), as §1 states it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from scoring.complaints import Holidays, as_holidays, working_days
from scoring.params import ScoringParams

OFFICER_COLUMNS = ["period", "nip", "complaints_counted", "complaints_on_time", "complaint_share", "c_aduan"]


def officer_complaints(
    complaints: pd.DataFrame, params: ScoringParams, as_of: dt.date, holidays: Holidays = ()
) -> pd.DataFrame:
    """One row per (period, officer_nip) with at least one counted complaint, sorted.

    `complaints`: the validated log with period (month received), received, resolved (NaT when
    open) and officer_nip ('' when no officer is named; those rows count for the unit only).
    A complaint counts once it is resolved or its `complaint_days_limit` working days have passed
    by `as_of` (an open complaint that can still be resolved on time is not judged yet); it is on
    time when resolved within the limit. Working days skip weekends and `holidays`.
    """
    if "officer_nip" not in complaints:  # a log without the optional NIP Petugas column
        complaints = complaints.assign(officer_nip="")
    named = complaints["officer_nip"].fillna("").astype(str).to_numpy() != ""
    frame = complaints.loc[named]
    if frame.empty:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _DTYPES.items()})
    days_off = as_holidays(holidays)
    limit = params.complaint_days_limit
    resolved = frame["resolved"].notna().to_numpy()
    days = np.full(len(frame), -1, dtype=np.int64)
    days[resolved] = working_days(frame["received"][resolved], frame["resolved"][resolved], days_off)
    today = pd.Series(pd.Timestamp(as_of), index=frame.index)
    elapsed = working_days(frame["received"], today, days_off)
    counted = resolved | (elapsed > limit)
    on_time = resolved & (days <= limit)
    grouped = (
        pd.DataFrame(
            {
                "period": frame["period"].to_numpy(),
                "nip": frame["officer_nip"].to_numpy(),
                "counted": counted,
                "on_time": on_time,
            }
        )
        .groupby(["period", "nip"], sort=True)
        .agg(complaints_counted=("counted", "sum"), complaints_on_time=("on_time", "sum"))
        .reset_index()
    )
    grouped = grouped[grouped["complaints_counted"] > 0].reset_index(drop=True)
    share = grouped["complaints_on_time"] / grouped["complaints_counted"]
    grouped["complaint_share"] = share.astype(float)
    grouped["c_aduan"] = c_aduan(share.to_numpy(dtype=float), params)
    return grouped.astype(_DTYPES)[OFFICER_COLUMNS]


_DTYPES = {
    "period": object,
    "nip": object,
    "complaints_counted": "int64",
    "complaints_on_time": "int64",
    "complaint_share": float,
    "c_aduan": float,
}


def c_aduan(share: np.ndarray, params: ScoringParams) -> np.ndarray:
    """c_aduan = min(cap, 100 × s / target): an officer at the target share (80 % on time) counts
    as 100 % of expectation, as c_ikm does for a unit at mutu B."""
    return np.minimum(params.c_aduan_cap, 100.0 * share / params.complaint_target)


def complaint_nhk(
    own: np.ndarray, c_ikm: np.ndarray, ikm_used: np.ndarray, c_aduan_values: np.ndarray, params: ScoringParams
) -> np.ndarray:
    """NHK by SCORING.md §1: with share = citizen_share (0.20) and part = complaint_part (0.50,
    "divided equally"),
    both apply      → (1 − share)·own + share·(1 − part)·c_ikm + share·part·c_aduan
    only complaints → (1 − share)·own + share·c_aduan
    only the IKM    → (1 − share)·own + share·c_ikm
    neither         → own. No NHK_own → no NHK."""
    share, part = params.citizen_share, params.complaint_part
    has_aduan = ~np.isnan(c_aduan_values)
    used = ikm_used.astype(bool)
    ikm = np.where(used, c_ikm, 0.0)
    aduan = np.where(has_aduan, c_aduan_values, 0.0)
    citizen = np.select(
        [used & has_aduan, has_aduan, used],
        [(1.0 - part) * ikm + part * aduan, aduan, ikm],
        default=np.nan,
    )
    return np.where(used | has_aduan, (1.0 - share) * own + share * citizen, own)


def complaint_sentence(results: pd.DataFrame, params: ScoringParams) -> np.ndarray:
    """The Catatan Penilaian's sentence on the officer's complaint handling ('' where none counted):
    "Penanganan pengaduan: 3 dari 4 pengaduan selesai dalam 5 hari kerja (target 80%)."."""
    n = len(results)
    out = np.full(n, "", dtype=object)
    if "complaints_counted" not in results:
        return out
    counted = np.nan_to_num(results["complaints_counted"].to_numpy(dtype=float)).astype(np.int64)
    on_time = np.nan_to_num(results["complaints_on_time"].to_numpy(dtype=float)).astype(np.int64)
    target = f"{100 * params.complaint_target:g}".replace(".", ",")
    for k in np.flatnonzero(counted > 0):
        out[k] = (
            f"Penanganan pengaduan: {on_time[k]} dari {counted[k]} pengaduan selesai dalam "
            f"{params.complaint_days_limit} hari kerja (target {target}%), dihitung dalam Nilai Hasil Kerja."
        )
    return out
