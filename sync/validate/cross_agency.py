"""One NIP on the rosters of several agencies in one cycle: report it in each, never score it twice.

A person belongs to one agency at a time, but a transfer leaves them on the old roster (the guide
says: keep the row, set Status to Nonaktif) and a typo can put a NIP on two rosters. Scoring both
copies silently counted the person twice in the city. The rule, applied per month:

- a month with data (a report, a rating or attendance) in one agency only is scored there;
- a month with data in more than one agency is scored in none: every monthly row of that NIP and
  month is rejected (Galat) in each of those agencies, naming the others, until one side is removed;
- the person counts in an agency's headcount only in the months that agency scores (they are not
  chased as "data belum lengkap" by both agencies);
- each agency's Pegawai row of that NIP gets a Peringatan naming the other agencies and the rule.

Pure: validated inputs in, validated inputs out (frames filtered, issues added, counts moved).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from config.contract import AGENCY_INPUT_TABS, GALAT, LAPORAN, PEGAWAI, PENILAIAN, PERINGATAN, PRESENSI, period_label
from sync.validate.agency import NONAKTIF_MARK
from sync.validate.rows import AgencyInput, TabCount, issues_frame

MONTHLY = (("reports", LAPORAN.name), ("ratings", PENILAIAN.name), ("attendance", PRESENSI.name))
ISSUE_ORDER = [t.name for t in AGENCY_INPUT_TABS]


def reconcile(inputs: dict[str, AgencyInput], names: dict[str, str]) -> dict[str, AgencyInput]:
    """Apply the rule above to every NIP on more than one roster; other inputs are returned as is.

    `names`: agency code -> agency name, for the messages.
    """
    rosters = [i.employees[["nip"]].assign(agency=code) for code, i in inputs.items() if len(i.employees)]
    if len(rosters) < 2:
        return inputs
    on_roster = pd.concat(rosters, ignore_index=True).drop_duplicates()
    per_nip = on_roster.groupby("nip")["agency"].agg(list)
    shared = per_nip[per_nip.map(len) > 1]
    if shared.empty:
        return inputs
    shared_nips = frozenset(shared.index)

    # Months with data per (nip, agency), for the shared NIPs only.
    months = pd.concat(
        [
            getattr(i, key).loc[getattr(i, key)["nip"].isin(shared_nips), ["nip", "period"]].assign(agency=code)
            for code, i in inputs.items()
            for key, _tab in MONTHLY
        ],
        ignore_index=True,
    ).drop_duplicates()
    agencies_per_month = months.groupby(["nip", "period"])["agency"].nunique()
    clashes = set(agencies_per_month[agencies_per_month > 1].index)

    out = dict(inputs)
    for code, data in inputs.items():
        mine = shared_nips & frozenset(data.employees["nip"])
        if mine:
            out[code] = _apply(code, data, mine, shared, months, clashes, names)
    return out


def _who(codes, names: dict[str, str]) -> str:
    return ", ".join(f"{c} ({names.get(c, c)})" for c in codes)


def _month_list(periods) -> str:
    periods = sorted(periods)
    return ", ".join(period_label(p) for p in periods) if periods else "belum ada"


def _apply(
    code: str,
    data: AgencyInput,
    mine: frozenset[str],
    shared: pd.Series,
    months: pd.DataFrame,
    clashes: set,
    names: dict[str, str],
) -> AgencyInput:
    issues = data.issues
    parts = []
    counts = {c.tab: c for c in data.counts}
    dropped = []  # (tab, row) rejected here: their "Nonaktif, still scored" warning no longer holds
    frames = {}
    for key, tab in MONTHLY:
        frame = getattr(data, key)
        pairs = pd.MultiIndex.from_arrays([frame["nip"], frame["period"]])
        clash = pairs.isin(list(clashes)) if clashes and len(frame) else np.zeros(len(frame), bool)
        frames[key] = frame[~clash].reset_index(drop=True) if clash.any() else frame
        if not clash.any():
            continue
        rejected = frame[clash]
        dropped += [(tab, int(r)) for r in rejected["row"]]
        others = [_who([a for a in shared[n] if a != code], names) for n in rejected["nip"]]
        month = [period_label(p) for p in rejected["period"]]
        parts.append(
            pd.DataFrame(
                {
                    "tab": tab,
                    "row": rejected["row"].to_numpy(dtype=np.int64),
                    "column": "NIP",
                    "value": rejected["nip"].to_numpy(dtype=object),
                    "problem": [
                        f"NIP ini juga terdaftar di OPD {o}, dan kedua OPD mengisi data {m} untuknya. Seorang "
                        f"pegawai dinilai oleh satu OPD per bulan, sehingga data {m} pegawai ini tidak dinilai di "
                        f"OPD mana pun."
                        for o, m in zip(others, month)
                    ],
                    "fix": [
                        f"Hapus data {m} pegawai ini dari OPD tempat ia tidak bekerja pada bulan itu (OPD ini atau "
                        f"OPD {o}); data yang tersisa dinilai pada sinkronisasi berikutnya."
                        for o, m in zip(others, month)
                    ],
                    "severity": GALAT,
                }
            )
        )
        before = counts.get(tab)
        if before is not None:
            n = int(clash.sum())
            counts[tab] = TabCount(tab, before.read, before.used - n, before.rejected + n, before.superseded)

    if dropped:
        at = pd.MultiIndex.from_arrays([issues["tab"], issues["row"]]).isin(dropped)
        stale = (
            at
            & (issues["severity"] == PERINGATAN).to_numpy()
            & issues["problem"].astype(str).str.contains(NONAKTIF_MARK, regex=False).to_numpy()
        )
        issues = issues[~stale]
    parts.insert(0, issues)

    roster = data.employees[data.employees["nip"].isin(mine)]
    here = months[months["agency"] == code]
    problems, fixes = [], []
    for nip in roster["nip"]:
        others = [a for a in shared[nip] if a != code]
        own = set(here.loc[here["nip"] == nip, "period"])
        clashing = {p for n, p in clashes if n == nip}
        problems.append(
            f"NIP ini juga terdaftar di tab {PEGAWAI.name} OPD {_who(others, names)}. Aturan yang dipakai: "
            f"setiap bulan dinilai oleh OPD yang mengisi data pegawai ini bulan itu, dan hanya di OPD itu ia "
            f"dihitung sebagai pegawai; bulan yang diisi di lebih dari satu OPD tidak dinilai di mana pun. "
            f"Dinilai di OPD ini: {_month_list(own - clashing)}. Diisi di lebih dari satu OPD (tidak "
            f"dinilai): {_month_list(clashing)}."
        )
        fixes.append(
            "Bila pegawai ini pindah, biarkan barisnya di OPD lama dengan Status Nonaktif dan isi data "
            "setiap bulan hanya di OPD tempat ia bekerja bulan itu. Bila NIP-nya salah ketik, perbaiki NIP "
            "di salah satu OPD."
        )
    parts.append(
        pd.DataFrame(
            {
                "tab": PEGAWAI.name,
                "row": roster["row"].to_numpy(dtype=np.int64),
                "column": "NIP",
                "value": roster["nip"].to_numpy(dtype=object),
                "problem": problems,
                "fix": fixes,
                "severity": PERINGATAN,
            }
        )
    )
    return replace(
        data,
        reports=frames["reports"],
        ratings=frames["ratings"],
        attendance=frames["attendance"],
        issues=issues_frame(parts, ISSUE_ORDER),
        counts=[counts.get(c.tab, c) for c in data.counts],
        shared=data.shared | mine,
    )
