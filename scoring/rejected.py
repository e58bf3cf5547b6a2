"""Inputs filled in but rejected by validation: a month whose rating row has a Galat is not a month
nobody rated, and the note must send the reader to the Validasi tab, not ask for the data again.

Contract: the sync layer passes `rejected`, one row per rejected sheet row whose Periode and NIP were
readable — columns period, nip, tab (the input tab's name: "Laporan Kinerja", "Penilaian Atasan",
"Presensi") and row (its sheet row), optionally reason (what the Galat is about: 'Target 0').
`rejected_rows` turns it into one text per result row ('baris 12', 'baris 12 dan 15');
`missing_with_rejected` rewrites the Data Belum Lengkap text; `rejected_notes` lists every rejected
row of a month, also those beside used rows (one of four indicator rows rejected leaves a score
on three: the reader must be told the fourth was not counted).
A row is always named with its tab ('baris 260 di tab Presensi'): the Validasi tab explains it
but has rows of its own.
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


# Who corrects a rejected row of each input tab.
FIXED_BY = {TAB_REPORT: "pegawai", TAB_RATING: "atasan", TAB_ATTENDANCE: "admin presensi"}
NOTE_SEPARATOR = "\n"  # between rejected_notes' lines (a reason may hold "; ")


def in_tab(rows: str, tab: str) -> str:
    """'baris 260 di tab Presensi': a row list with the tab it is in."""
    return f"{rows} di tab {tab}"


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
    input that was filled but rejected said as such: "Penilaian atasan: baris 12 di tab Penilaian
    Atasan ditolak — lihat tab Validasi (diperbaiki atasan)". Rows without a rejected missing input
    keep their text."""
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
            text = f"{what}: {in_tab(rows, tab)} ditolak — lihat tab Validasi (diperbaiki {who})"
            parts.append(text if rows else plain)
        out[i] = "; ".join(parts)
    return out


def rejected_from_missing(missing) -> dict[str, np.ndarray]:
    """tab -> each row's rejected row list as missing_with_rejected wrote it into the Data Belum
    Lengkap text ('baris 12 dan 15'; '' where that input was not rejected): rejected_by_input's
    answer recovered from stored results, for a closed month (sync.locks), whose rejected rows
    of then are not read again. Texts stored before the rows were named with their tab ("Presensi
    ditolak — lihat tab Validasi baris 4 (…)") are read as well."""
    texts = pd.Series(missing, dtype=object).fillna("").astype(str)
    out = {}
    for _bit, tab, _plain, what, who in _MISSING_PARTS:
        now = f"{re.escape(what)}: (baris [^;]*?) di tab {re.escape(tab)} ditolak — lihat tab Validasi"
        before = f"{re.escape(what)} ditolak — lihat tab Validasi (baris [^;]*?)"
        found = texts.str.extract(f"{now} \\(diperbaiki {re.escape(who)}\\)", expand=False)
        older = texts.str.extract(f"{before} \\(diperbaiki {re.escape(who)}\\)", expand=False)
        out[tab] = np.where(found.notna(), found, older.fillna("")).astype(object)
    return out


def rejected_notes(period, nip, rejected: pd.DataFrame | None) -> np.ndarray:
    """Per result row (period[i], nip[i]): one line per rejected input row of that month, joined by
    NOTE_SEPARATOR, '' where there are none: "Baris 923 di tab Laporan Kinerja ditolak (Target 0)
    — tidak dihitung; perlu diperbaiki pegawai, lihat tab Validasi". Lines go by tab (Laporan
    Kinerja, Penilaian Atasan, Presensi), then by row; `rejected`'s optional reason column gives
    the bracket."""
    period = np.asarray(period, dtype=object)
    nip = np.asarray(nip, dtype=object)
    out = np.full(len(period), "", dtype=object)
    if rejected is None or rejected.empty or not len(period):
        return out
    months = rejected["period"].to_numpy(dtype=object)
    nips = rejected["nip"].to_numpy(dtype=object)
    hit = np.flatnonzero(pd.MultiIndex.from_arrays([period, nip]).isin(pd.MultiIndex.from_arrays([months, nips])))
    if not len(hit):
        return out
    order = {tab: k for k, tab in enumerate(FIXED_BY)}
    tabs, rows = rejected["tab"].to_numpy(dtype=object), rejected["row"].to_numpy(dtype=np.int64)
    reasons = rejected["reason"].fillna("").astype(str).to_numpy() if "reason" in rejected else np.full(len(tabs), "")
    lines: dict[tuple, set[tuple]] = {}
    for key, tab, row, reason in zip(zip(months.tolist(), nips.tolist()), tabs.tolist(), rows.tolist(), reasons):
        lines.setdefault(key, set()).add((order.get(tab, len(order)), int(row), str(tab), str(reason)))
    texts = {key: NOTE_SEPARATOR.join(_note(*entry[1:]) for entry in sorted(v)) for key, v in lines.items()}
    for i in hit.tolist():
        out[i] = texts.get((period[i], nip[i]), "")
    return out


def _note(row: int, tab: str, reason: str) -> str:
    bracket = f" ({reason})" if reason else ""
    who = FIXED_BY.get(tab, "admin OPD")
    return f"Baris {row} di tab {tab} ditolak{bracket} — tidak dihitung; perlu diperbaiki {who}, lihat tab Validasi"
