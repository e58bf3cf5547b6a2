"""Inputs filled in but rejected by validation: a month whose rating row has a Galat is not a month
nobody rated, and the note must send the reader to the Validasi tab, not ask for the data again.

Contract: the sync layer passes `rejected`, one row per rejected sheet row whose Periode and NIP were
readable — columns period, nip, tab (the input tab's name: "Laporan Kinerja", "Penilaian Atasan",
"Presensi") and row (its sheet row). `rejected_rows` turns it into one text per result row
('baris 12', 'baris 12 dan 15'); `missing_with_rejected` rewrites the Data Belum Lengkap text.
Tab names are scoring.vocabulary's (config/contract.py names the input tabs with them).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from scoring.employee import MISSING_ATTENDANCE, MISSING_RATING, MISSING_REPORT
from scoring.vocabulary import TAB_ATTENDANCE, TAB_RATING, TAB_REPORT

COLUMNS = ("period", "nip", "tab", "row")
ROWS_SHOWN = 3  # more rejected rows than this are counted: "baris 4, 5, 9, dan 12 baris lain"
# Up to this many candidate result rows plus rejected rows, rejected_rows matches with a dict.
SMALL_MATCH = 5_000

# Data Belum Lengkap, per input: (missing text, what, who corrects it).
_MISSING_PARTS = (
    (4, TAB_REPORT, MISSING_REPORT, "Laporan kinerja", "pegawai"),
    (2, TAB_RATING, MISSING_RATING, "Penilaian atasan", "atasan"),
    (1, TAB_ATTENDANCE, MISSING_ATTENDANCE, "Presensi", "admin presensi"),
)


def listing(items: list[str]) -> str:
    """'a', 'a dan b', 'a, b, dan c' (also scoring.feedback's lists)."""
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def row_list(rows) -> str:
    """'baris 12', 'baris 12 dan 15', 'baris 12, 15, dan 20', 'baris 4, 5, 9, dan 2 baris lain'."""
    rows = sorted({int(r) for r in rows})
    shown = [str(r) for r in rows[:ROWS_SHOWN]]
    if len(rows) > ROWS_SHOWN:
        shown.append(f"{len(rows) - ROWS_SHOWN} baris lain")
    return "baris " + listing(shown)


def rejected_rows(period, nip, rejected: pd.DataFrame | None, tab: str, agency=None) -> np.ndarray:
    """Per result row (period[i], nip[i]): the row list of `tab`'s rejected rows of that month, ''
    where there are none. Only the few result rows whose NIP has a rejected row are matched.
    `agency` (per result row; `rejected` then has an agency column) matches within each agency,
    for frames of several agencies."""
    period = np.asarray(period, dtype=object)
    nip = np.asarray(nip, dtype=object)
    out = np.full(len(period), "", dtype=object)
    if rejected is None or rejected.empty:
        return out
    mine = rejected["tab"].to_numpy() == tab
    if not mine.any():
        return out
    keys = ["period", "nip"] if agency is None else ["agency", "period", "nip"]
    nips = rejected["nip"].to_numpy(dtype=object)[mine]
    candidates = np.flatnonzero(pd.Index(pd.unique(nips)).get_indexer(nip) >= 0)
    if not len(candidates):
        return out
    if len(candidates) + int(mine.sum()) > SMALL_MATCH:  # a province's thousands: vectorised
        return _rejected_rows_vectorised(period, nip, rejected, tab, agency)
    # Rejected rows are few (tens per agency) and so are the result rows whose NIP has one: a
    # dict of them costs less than the frames a vectorised match would build, once per tab.
    groups: dict[tuple, set[int]] = {}
    columns = [rejected[k].to_numpy(dtype=object)[mine] for k in keys]
    for key, row in zip(zip(*columns), rejected["row"].to_numpy(dtype=np.int64)[mine].tolist()):
        groups.setdefault(key, set()).add(row)
    arrays = [period[candidates], nip[candidates]]
    if agency is not None:
        arrays.insert(0, np.asarray(agency, dtype=object)[candidates])
    texts: dict[tuple, str] = {}
    for i, key in zip(candidates.tolist(), zip(*arrays)):
        rows = groups.get(key)
        if rows is not None:
            text = texts.get(key)
            if text is None:
                text = texts[key] = row_list(rows)
            out[i] = text
    return out


def _rejected_rows_vectorised(period, nip, rejected: pd.DataFrame, tab: str, agency=None) -> np.ndarray:
    """rejected_rows for many rejected rows and candidates, with frames rather than a dict."""
    period = np.asarray(period, dtype=object)
    nip = np.asarray(nip, dtype=object)
    out = np.full(len(period), "", dtype=object)
    if rejected is None or rejected.empty:
        return out
    mine = rejected[rejected["tab"].to_numpy() == tab]
    if mine.empty:
        return out
    keys = ["period", "nip"] if agency is None else ["agency", "period", "nip"]
    candidates = np.flatnonzero(pd.Index(pd.unique(mine["nip"].to_numpy(dtype=object))).get_indexer(nip) >= 0)
    if not len(candidates):
        return out
    codes, groups = pd.MultiIndex.from_arrays([mine[k].to_numpy(dtype=object) for k in keys]).factorize()
    arrays = [period[candidates], nip[candidates]]
    if agency is not None:
        arrays.insert(0, np.asarray(agency, dtype=object)[candidates])
    at = groups.get_indexer(pd.MultiIndex.from_arrays(arrays))
    found = at >= 0
    if not found.any():
        return out
    # Text only for the groups some result row has (in passes of a province, a few of them each);
    # a group of one row, the usual case, without a Python call.
    hit = np.isin(codes, at[found])
    sub = pd.DataFrame({"group": codes[hit], "row": mine["row"].to_numpy(dtype=np.int64)[hit]})
    sub = sub.drop_duplicates().sort_values(["group", "row"], kind="stable")
    size = sub.groupby("group")["row"].transform("size").to_numpy()
    text = np.empty(len(groups), dtype=object)
    single = sub[size == 1]
    text[single["group"].to_numpy()] = ("baris " + single["row"].astype(str)).to_numpy(dtype=object)
    several = sub[size > 1].groupby("group")["row"].agg(row_list)
    text[several.index.to_numpy()] = several.to_numpy(dtype=object)
    out[candidates[found]] = text[at[found]]
    return out


def rejected_by_input(period, nip, rejected: pd.DataFrame | None, agency=None) -> dict[str, np.ndarray]:
    """tab -> rejected_rows for each of the three monthly input tabs."""
    return {tab: rejected_rows(period, nip, rejected, tab, agency) for tab in (TAB_REPORT, TAB_RATING, TAB_ATTENDANCE)}


def missing_with_rejected(results: pd.DataFrame, rejected: pd.DataFrame | None) -> np.ndarray:
    """The Data Belum Lengkap column (`results["missing"]`, score_employees' text) with each missing
    input that was filled but rejected said as such: "Penilaian atasan ditolak — lihat tab Validasi
    baris 12 (diperbaiki atasan)". Rows without a rejected missing input keep their text."""
    out = results["missing"].to_numpy(dtype=object).copy()
    if rejected is None or rejected.empty or results.empty:
        return out
    texts = rejected_by_input(results["period"].to_numpy(dtype=object), results["nip"].to_numpy(dtype=object), rejected)
    missing = {
        4: pd.to_numeric(results["indicators"], errors="coerce").fillna(0).to_numpy() <= 0,
        2: ~results["has_rating"].eq(True).to_numpy(),
        1: ~results["has_attendance"].eq(True).to_numpy(),
    }
    affected = np.zeros(len(results), dtype=bool)
    for bit, tab, *_ in _MISSING_PARTS:
        affected |= missing[bit] & (texts[tab] != "")
    for i in np.flatnonzero(affected):
        parts = []
        for bit, tab, plain, what, who in _MISSING_PARTS:
            if not missing[bit][i]:
                continue
            rows = texts[tab][i]
            parts.append(f"{what} ditolak — lihat tab Validasi {rows} (diperbaiki {who})" if rows else plain)
        out[i] = "; ".join(parts)
    return out


def rejected_from_missing(missing) -> dict[str, np.ndarray]:
    """tab -> each row's rejected row list as missing_with_rejected wrote it into the Data Belum
    Lengkap text ('baris 12 dan 15'; '' where that input was not rejected): rejected_by_input's
    answer recovered from stored results, for a closed month (sync.locks), whose rejected rows
    of then are not read again."""
    texts = pd.Series(missing, dtype=object).fillna("").astype(str)
    out = {}
    for _bit, tab, _plain, what, who in _MISSING_PARTS:
        pattern = f"{re.escape(what)} ditolak — lihat tab Validasi (baris [^;]*?) \\(diperbaiki {re.escape(who)}\\)"
        found = texts.str.extract(pattern, expand=False)
        out[tab] = found.fillna("").to_numpy(dtype=object)
    return out
