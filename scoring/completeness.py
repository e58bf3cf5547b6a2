"""Who still has data missing, per agency and month, so the agency admin can chase them.

Contract: `completeness(results)` -> one row per (agency, period) of `results` with the number of
active employees, how many are complete (a report, a supervisor rating AND an attendance row),
the complete share, and per missing input the count and the names "Nama (NIP)".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.rejected import TAB_ATTENDANCE, TAB_RATING, TAB_REPORT, rejected_by_input
from scoring.summary import counted

KEYS = ["agency", "period"]
MAX_NAMES = 30  # names listed per cell; the rest are counted (a sheet cell must stay readable)
# What is missing -> (count column, list column); the order is the Ringkasan's column order.
MISSING = {
    "report": ("n_not_reported", "not_reported"),
    "rating": ("n_not_rated", "not_rated"),
    "attendance": ("n_no_attendance", "no_attendance"),
}
COLUMNS = [
    *KEYS, "headcount", "complete", "complete_share",
    *(n for n, _ in MISSING.values()), *(t for _, t in MISSING.values()),
]  # fmt: skip
SEPARATOR = "; "
# The input tab of each kind of missing input (scoring.rejected), for "(ditolak — lihat … baris N)".
TABS = {"report": TAB_REPORT, "rating": TAB_RATING, "attendance": TAB_ATTENDANCE}
# "… dan 12 lainnya (…)": the full picture is on each employee's row of Hasil Kinerja.
MORE_BEFORE, MORE_AFTER = "… dan ", " lainnya (lihat kolom Data Belum Lengkap di Hasil Kinerja)"


def completeness(
    results: pd.DataFrame,
    max_names: int = MAX_NAMES,
    rejected: pd.DataFrame | None = None,
    refused: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Per (agency, period): headcount, complete, complete_share (0–1, NaN with no active staff),
    n_not_reported / n_not_rated / n_no_attendance and the lists not_reported / not_rated /
    no_attendance ("Nama (NIP)" sorted by name, "; "-joined, '' when nobody; after `max_names`
    names "… dan 12 lainnya (…)").

    `results` is score_employees' output plus `agency` and `active` (missing `active` = active).
    Only counted employees (`scoring.summary.counted`): Aktif staff, and Nonaktif staff in a month
    they have data for (they worked that month); a Nonaktif one's empty months are not chased.
    Example: 3 active, one without a rating -> headcount 3, complete 2, complete_share 0.667,
    not_rated 'Budi (1985…)'.
    `rejected` (scoring.rejected, plus an agency column): a name whose missing input was filled in
    but rejected says so: 'Budi (1985…) — baris 12 di tab Penilaian Atasan ditolak, lihat tab Validasi'.
    `refused` (in place of `rejected`): per input tab, each row of `results`' rejected row list
    ('baris 12', '' where none), as scoring.rejected.rejected_by_input gives it.
    """
    if results.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
    # The same staff as agency_summary's headcount: Aktif, or Nonaktif with data that month.
    shown = counted(results).to_numpy()
    staff = results[shown]
    missing = pd.DataFrame(
        {
            "report": pd.to_numeric(staff["indicators"], errors="coerce").fillna(0).to_numpy() <= 0,
            "rating": ~staff["has_rating"].eq(True).to_numpy(),
            "attendance": ~staff["has_attendance"].eq(True).to_numpy(),
        },
        index=staff.index,
    )
    # Every (agency, period) of the input appears, even one whose staff are all inactive.
    groups = results[KEYS].drop_duplicates().sort_values(KEYS, ignore_index=True)
    counts = (
        staff[KEYS]
        .assign(
            headcount=1,
            complete=~missing.any(axis=1),
            **{MISSING[k][0]: missing[k] for k in MISSING},
        )
        .groupby(KEYS, sort=False)
        .sum()
    )
    out = groups.merge(counts, left_on=KEYS, right_index=True, how="left")
    ints = ["headcount", "complete", *(n for n, _ in MISSING.values())]
    out = out.fillna({c: 0 for c in ints}).astype({c: "int64" for c in ints})
    with np.errstate(invalid="ignore", divide="ignore"):
        share = out["complete"].to_numpy(dtype=float) / out["headcount"].to_numpy(dtype=float)
    out = out.assign(complete_share=np.where(out["headcount"] > 0, share, np.nan))
    if refused is not None:
        refused = {tab: np.asarray(texts, dtype=object)[shown] for tab, texts in refused.items()}
    lists = _name_lists(staff, missing, max_names, rejected, refused)
    out = out.merge(lists, on=KEYS, how="left")
    return out.fillna({t: "" for _, t in MISSING.values()})[COLUMNS]


def _name_lists(
    staff: pd.DataFrame,
    missing: pd.DataFrame,
    max_names: int,
    rejected: pd.DataFrame | None = None,
    refused: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Per (agency, period): the "Nama (NIP)" list of each kind of missing input."""
    name = staff["name"].fillna("").astype(str).str.strip()
    nip = staff["nip"].astype(str)
    people = staff[KEYS].assign(
        _name=name.str.casefold(),
        _nip=nip,
        label=(name + " (" + nip + ")").where(name != "", nip),
    )
    if refused is not None:
        refused = {tab: refused.get(tab, _blank_like(staff)) for tab in TABS.values()}
    elif rejected is not None and not rejected.empty:
        refused = rejected_by_input(
            staff["period"].to_numpy(dtype=object),
            nip.to_numpy(dtype=object),
            rejected,
            staff["agency"].to_numpy(dtype=object),
        )
    else:
        refused = {tab: _blank_like(staff) for tab in TABS.values()}

    def labelled(kind: str) -> pd.DataFrame:
        mine = missing[kind].to_numpy()
        rows = refused[TABS[kind]][mine]
        label = people["label"].to_numpy(dtype=object)[mine]
        if (rows != "").any():
            said = label + " — " + rows + f" di tab {TABS[kind]} ditolak, lihat tab Validasi"
            label = np.where(rows != "", said, label)
        return people[mine].assign(kind=kind, label=label)

    # One row per (person, missing input): three masks, not a loop over people.
    long = pd.concat([labelled(kind) for kind in MISSING], ignore_index=True).sort_values(
        [*KEYS, "kind", "_name", "_nip"], ignore_index=True
    )
    keys = [*KEYS, "kind"]
    rank = long.groupby(keys, sort=False).cumcount()
    shown = long[rank < max_names].groupby(keys, sort=False)["label"].agg(SEPARATOR.join).rename("text")
    total = long.groupby(keys, sort=False).size().rename("total")
    table = pd.concat([shown, total], axis=1).reset_index()
    more = table["total"] - max_names
    listed = table["text"].fillna("")
    tail = listed.where(listed == "", listed + SEPARATOR) + MORE_BEFORE + more.astype(str) + MORE_AFTER
    text = listed.where(more <= 0, tail)
    wide = (
        table.assign(text=text)
        .pivot(index=KEYS, columns="kind", values="text")
        .reindex(columns=list(MISSING))
        .rename(columns={k: t for k, (_, t) in MISSING.items()})
    )
    wide.columns.name = None
    return wide.reset_index()


def _blank_like(frame: pd.DataFrame) -> np.ndarray:
    return np.full(len(frame), "", dtype=object)


def _dtype(column: str) -> str:
    if column == "complete_share":
        return "float64"
    if column in KEYS or column in {t for _, t in MISSING.values()}:
        return "object"
    return "int64"
