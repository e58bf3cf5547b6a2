"""One Peringatan per Nonaktif employee and tab, not one per row.

sync.validate.agency warns on every used monthly row of an employee marked Nonaktif on the roster
(the row is still scored). A clerk who leaves a retired employee's year of rows gets a dozen or
more identical warnings per tab, and an agency's Validasi tab fills with them (105 of 125 messages
in one demo agency) until its Galat are hard to find. After sync.validate.cross_agency has
settled which rows stand (it drops the warning from rows it rejects), `group_inactive` turns the
warnings of one NIP in one tab into a single issue at its first row that names every month and
every row, as TabCheck.report(group=True) does for a repeated unknown value: every row stays
accounted for, in the message.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from config.contract import PEGAWAI, PERINGATAN, period_label
from scoring.rejected import listing
from sync import display
from sync.validate.agency import NONAKTIF_MARK
from sync.validate.cross_agency import MONTHLY
from sync.validate.rows import AgencyInput, row_ranges


def group_inactive(data: AgencyInput) -> AgencyInput:
    """`data` with each (tab, NIP) of two or more Nonaktif Peringatan as one issue."""
    issues = data.issues
    if issues.empty:
        return data
    marked = (
        issues["severity"].eq(PERINGATAN).to_numpy()
        & issues["problem"].astype(str).str.contains(NONAKTIF_MARK, regex=False).to_numpy()
    )
    if marked.sum() < 2:
        return data
    mine = issues[marked]
    groups = mine.groupby([mine["tab"].astype(str), mine["value"].astype(str)], sort=False).groups
    if all(len(index) < 2 for index in groups.values()):
        return data
    periods = {}  # (tab, row) -> the month the row is for
    for key, tab in MONTHLY:
        frame = getattr(data, key)
        periods.update(zip(zip([tab] * len(frame), frame["row"].astype("int64").tolist()), frame["period"].tolist()))
    problem = issues["problem"].to_numpy(dtype=object).copy()
    fix = issues["fix"].to_numpy(dtype=object).copy()
    keep = np.ones(len(issues), dtype=bool)
    position = pd.Series(np.arange(len(issues)), index=issues.index)
    for (tab, _nip), index in groups.items():
        if len(index) < 2:
            continue
        at = position[index].to_numpy()
        rows = np.sort(issues["row"].to_numpy(dtype=np.int64)[at])
        first = at[np.argmin(issues["row"].to_numpy(dtype=np.int64)[at])]
        label = str(issues["column"].iat[first] or "NIP")
        months = sorted({periods[(tab, int(r))] for r in rows if (tab, int(r)) in periods})
        n = display.count(len(rows))
        problem[first] = (
            f"Pegawai dengan {label} ini {NONAKTIF_MARK}tetapi ada datanya untuk "
            f"{listing([period_label(p) for p in months]) or 'beberapa bulan'}; data ini tetap dinilai dan "
            f"pegawai ini dihitung dalam jumlah pegawai OPD bulan itu. ({n} baris untuk {label} ini: "
            f"{row_ranges(rows, limit=len(rows))}.)"
        )
        fix[first] = (
            f"Bila pegawai ini masih bekerja di OPD ini, ubah Status-nya menjadi Aktif di tab {PEGAWAI.name}; "
            f"bila pada suatu bulan ia sudah pindah atau pensiun, hapus baris bulan itu. Bulan sebelum ia pindah "
            f"atau pensiun boleh dibiarkan (riwayatnya tetap dinilai). Saring kolom {label} dengan {label} ini "
            f"untuk melihat semua {n} barisnya."
        )
        keep[at[at != first]] = False
    grouped = issues.assign(problem=problem, fix=fix)[keep].reset_index(drop=True)
    return dataclasses.replace(data, issues=grouped)
