"""The freeze in the cycle (issue 14, items 2, 3 and 5): what people have settled is not recomputed
from the sheets.

- A closed period (sync.store.closures): every row the cycle writes for it to a period-keyed store
  table is replaced by the row frozen when it closed, so the store, the owned tabs built from the
  same frames, the reports and the pages of that period never change. An input row of the period
  that differs from what the history state held when it closed is not used: each changed field is
  recorded once in `attempted_changes` and flagged in the agency's Validasi, and the period's
  history state is left as it was (it keeps comparing against the closed state; on reopening, the
  next cycle sees the change as an ordinary one). The month after a closed month takes its trend
  (and the Catatan that cites it) from the closed month's frozen results (score_base's
  `closed_results`), and a closed month's completeness — the Ringkasan's "belum lapor" lists —
  is counted from its frozen results (`closed_completeness`), not from the sheets of now.
- A confirmed result (sync.store.confirmations; PermenPANRB 6/2022: the Pejabat Penilai
  "menetapkan" it): its results row and indicator rows are put back from the confirmation. When
  its input rows changed since, what the result would be now goes to `pending_results` for the
  Pejabat Penilai to re-confirm, and Validasi says so at the changed rows.
- An upheld keberatan (PP 30/2019 Pasal 59: the Atasan Pejabat Penilai's decision is final): its
  non-empty rating_hk / rating_pk / predikat replace the result's, after the freeze, so summaries
  and distributions count them; the row's `decision` says it came from keberatan. In a closed
  period too: its frozen summary rows count the decided predikat (`recount`).

`load` reads the locks once per cycle (a cycle with none costs that read only); `Freeze` holds them
and what the cycle collects per agency (Validasi rows, pending results, attempted changes). The
rest are pure functions over frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd

from config.contract import (
    AGENCY_INPUT_TABS,
    LAPORAN,
    MONTHLY_HEADERS,
    PEGAWAI,
    PENILAIAN,
    PERINGATAN,
    PRESENSI,
    RATING_KEYS,
)
from scoring.completeness import completeness
from scoring.params import ScoringParams
from scoring.periods import MONTH, kind as period_kind, label as period_label
from scoring.predikat import predikat as predikat_of
from scoring.rejected import rejected_from_missing
from scoring.summary import with_predikat_counts
from scoring.trends import REASON_SEPARATOR, share_attention
from scoring.vocabulary import AGENCY_LEVEL, AGENCY_UNIT_PREFIX, PREDIKAT_COLUMNS, SERVICE_UNIT_LEVEL
from sync import display
from sync.results import history as change_history
from sync.store import acts, closures, confirmations
from sync.store.schema import column_names
from sync.validate.rows import issues_frame

UPHELD = "diterima"  # objections.state of an upheld keberatan
OBJECTION_FIELDS = ("rating_hk", "rating_pk", "predikat")
# The `decision` column of results / results_periodic: "<what> <YYYY-MM-DD>".
DECIDED_CONFIRMED = "ditetapkan"
DECIDED_SENT_BACK = "dikembalikan"
DECIDED_OBJECTION = "keberatan diterima"
DECISION = "decision"

# The store tables the cycle writes per agency, and each one's key within the agency (used to
# carry a computed row's extra, unstored columns over to the frozen row that replaces it).
AGENCY_KEYS = {
    "results": ("period", "nip"),
    "indicators": ("period", "nip", "row"),
    "results_periodic": ("period", "nip"),
    "agency_summary": ("agency", "period"),
    "agency_periodic": ("agency", "period"),
}
CITY_KEYS = {
    "ikm": ("unit_id", "period"),
    "ikm_periodic": ("unit_id", "period"),
    "complaints": ("unit_id", "period"),
    "complaint_categories": ("unit_id", "period", "category"),
    "respondent_profile": ("unit_id", "period", "characteristic", "category"),
    "service_population": ("unit_id", "period"),
    "sample_adequacy": ("unit_id", "period"),
    "rtl_plans": ("unit_id", "period", "sheet_row"),
    "rtl_proposals": ("unit_id", "period", "element"),
}
# Input frames of an agency (AgencyInput) behind the tracked history items, and their tab.
INPUTS = {"indikator": ("reports", LAPORAN.name), "penilaian": ("ratings", PENILAIAN.name)}
INPUTS["presensi"] = ("attendance", PRESENSI.name)
ATTEMPT_COLUMNS = column_names("attempted_changes")
PENDING_COLUMNS = column_names("pending_results")
EMPTY_ATTEMPTS = pd.DataFrame(columns=list(ATTEMPT_COLUMNS))
EMPTY_PENDING = pd.DataFrame(columns=list(PENDING_COLUMNS))


@dataclass(frozen=True)
class Locks:
    """Everything settled, as read at the start of a cycle."""

    closed: dict[str, closures.Closure] = field(default_factory=dict)  # period key -> its closure
    frozen: dict[str, pd.DataFrame] = field(default_factory=dict)  # table -> frozen rows, closed keys
    acts: tuple[confirmations.Confirmation, ...] = ()  # current penetapan acts (confirmed, sent back)
    upheld: pd.DataFrame = field(default_factory=pd.DataFrame)  # upheld objections
    # table -> agency -> its frozen rows (split once: the cycle asks per agency)
    by_agency: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    @property
    def none(self) -> bool:
        return not self.closed and not self.acts and self.upheld.empty


def load(store) -> Locks:
    """The locks now: closed periods with their frozen rows, current confirmations, upheld
    objections (a store without the tables: none)."""
    closed = closures.closed_keys(store)
    rows: dict[str, list[dict]] = {}
    for period in sorted({c.period for c in closed.values()}):
        for table, frozen in closures.frozen(store, period).items():
            # A month closed both itself and through its year: its rows count once, from the
            # closure closed_keys names for it.
            rows.setdefault(table, []).extend(
                r for r in frozen if r.get("period") in closed and closed[r["period"]].period == period
            )
    frames = {table: pd.DataFrame.from_records(found) for table, found in rows.items() if found}
    split = {
        table: {str(code): part.reset_index(drop=True) for code, part in frame.groupby("agency", sort=False)}
        for table, frame in frames.items()
        if table in AGENCY_KEYS and "agency" in frame.columns
    }
    upheld = pd.DataFrame.from_records(acts.rows(store, "objections", "state = ? ORDER BY id", (UPHELD,)))
    return Locks(closed, frames, tuple(confirmations.current(store)), upheld, split)


# ---- pure functions over frames -----------------------------------------------------------


def conform(rows: pd.DataFrame, like: pd.DataFrame, keys: tuple[str, ...] = ()) -> pd.DataFrame:
    """Stored rows shaped like a computed frame: its columns (the ones the store lacks taken from
    the computed row of the same key, where there is one) and its dtypes where the values allow."""
    rows = rows.reset_index(drop=True)
    extra = [c for c in like.columns if c not in rows.columns]
    if extra:
        found = np.full(len(rows), -1)
        if keys and len(like) and all(k in like.columns and k in rows.columns for k in keys):
            where = dict(zip(_key_text(like, keys), range(len(like))))  # the last of a key stands
            found = np.fromiter((where.get(k, -1) for k in _key_text(rows, keys)), dtype=np.int64, count=len(rows))
        if len(like) and (found >= 0).any():
            taken = like[extra].iloc[np.where(found >= 0, found, 0)].reset_index(drop=True)
            if (found < 0).any():
                taken = taken.astype(object).where(pd.Series(found >= 0), None)
        else:
            taken = pd.DataFrame({c: pd.Series([None] * len(rows), dtype=object) for c in extra})
        rows = pd.concat([rows, taken], axis=1)
    out = rows.reindex(columns=[*like.columns, *[c for c in rows.columns if c not in like.columns]])
    have, want = out.dtypes.to_dict(), like.dtypes.to_dict()
    for name, dtype in want.items():
        if have.get(name) == dtype:
            continue
        column = out[name]
        try:
            if dtype.kind == "b" and column.notna().all():
                out[name] = column.astype(bool)
            elif dtype.kind in "iu" and column.notna().all():
                out[name] = column.astype(dtype)
            elif dtype.kind == "f":
                out[name] = pd.to_numeric(column, errors="coerce").astype(float)
        except (TypeError, ValueError):
            pass
    return out


def _key_text(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[str]:
    """Each row's key as one text (a stored 3 and a computed 3.0 are one key: both read '3')."""
    parts = [[_plain(v) for v in frame[k].tolist()] for k in keys]
    return ["\x1f".join(p) for p in zip(*parts)]


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def freeze(
    frame: pd.DataFrame, table: str, locks: Locks, agency: str | Iterable[str] | None = None, keys: tuple[str, ...] = ()
) -> pd.DataFrame:
    """`frame` with every row of a closed period replaced by the rows frozen for `table` (those of
    `agency` — a code or several — when given)."""
    if not locks.closed or "period" not in frame.columns:
        return frame
    stored = locks.frozen.get(table)
    if isinstance(agency, str) and table in locks.by_agency:
        stored = locks.by_agency[table].get(agency)
    elif stored is not None and agency is not None and "agency" in stored.columns:
        stored = stored[stored["agency"].isin(list(agency))]
    closed = frame["period"].isin(list(locks.closed)).to_numpy()
    if not closed.any() and (stored is None or stored.empty):
        return frame
    kept = frame[~closed]
    if stored is None or stored.empty:
        return kept.reset_index(drop=True)
    back = conform(stored.reset_index(drop=True), frame, keys)
    return pd.concat([kept, back], ignore_index=True) if len(kept) else back


def day_of(stamp: str) -> str:
    """'5 November 2026' (in WIB) from an ISO timestamp (the stamp itself when it is not one)."""
    return display.day(stamp)


def decision_text(what: str, stamp: str) -> str:
    """The `decision` cell: 'ditetapkan 2026-11-05' (the act's date in WIB)."""
    return f"{what} {display.iso_day(stamp) if stamp else ''}".strip()


def _is_open(period: str, locks: Locks) -> bool:
    return period not in locks.closed


def _row_dict(frame: pd.DataFrame, at, table: str) -> dict:
    """One row of a computed frame as the store keeps it (its declared columns), JSON-ready."""
    row = frame.loc[at]
    return {c: change_history._value(row[c]) for c in column_names(table) if c in frame.columns}


def confirm(
    results: pd.DataFrame,
    indicators: pd.DataFrame | None,
    locks: Locks,
    agency: str,
    table: str = "results",
) -> tuple[pd.DataFrame, pd.DataFrame | None, list[tuple[confirmations.Confirmation, dict]]]:
    """Put confirmed results (months: `results` with their `indicators`; quarters and years:
    `results_periodic`) back from their confirmations; returns the frames and, per confirmation
    applied, what the computed result was (for `pending`). A closed period is left to the closure."""
    monthly = table == "results"
    mine = [
        c
        for c in locks.acts
        if c.confirmed
        and c.agency == agency
        and _is_open(c.period, locks)
        and (period_kind(c.period) == MONTH) == monthly
        and c.result.get("results")
    ]
    if not mine:
        return results, indicators, []
    key = results["period"].astype(str) + "\x1f" + results["nip"].astype(str)
    where = pd.Series(np.arange(len(results)), index=key.to_numpy())
    where = where[~where.index.duplicated(keep="last")]
    computed, restore, drop = [], [], []
    for c in mine:
        at = where.get(f"{c.period}\x1f{c.nip}")
        was = {"results": _row_dict(results, results.index[at], table) if at is not None else {}}
        if monthly and indicators is not None:
            own = indicators[(indicators["period"] == c.period) & (indicators["nip"] == c.nip)]
            was["indicators"] = [_row_dict(indicators, i, "indicators") for i in own.index]
        computed.append((c, was))
        if at is not None:
            drop.append(at)
        restore.append({**c.result["results"], "agency": agency, "period": c.period, "nip": c.nip})
    kept = results.drop(results.index[drop])
    back = conform(pd.DataFrame.from_records(restore), results, AGENCY_KEYS[table])
    results = pd.concat([kept, back], ignore_index=True)
    if monthly and indicators is not None:
        keys = {(c.period, c.nip) for c, _ in computed}
        pair = pd.Series(list(zip(indicators["period"], indicators["nip"])), index=indicators.index, dtype=object)
        kept_ind = indicators[~pair.isin(keys).to_numpy()]
        stored = [
            {**r, "agency": agency, "period": c.period, "nip": c.nip}
            for c, _ in computed
            for r in c.result.get("indicators") or []
        ]
        if stored:
            back_ind = conform(pd.DataFrame.from_records(stored), indicators, AGENCY_KEYS["indicators"])
            indicators = pd.concat([kept_ind, back_ind], ignore_index=True)
        else:
            indicators = kept_ind.reset_index(drop=True)
    return results, indicators, computed


def apply_objections(results: pd.DataFrame, locks: Locks, agency: str | None, monthly: bool = True) -> pd.DataFrame:
    """Upheld objections' ratings and predikat in place of the result's (a predikat left empty
    follows from the ratings by the PermenPANRB 6/2022 matrix), marked in `decision`."""
    upheld = locks.upheld
    if upheld.empty or results.empty:
        return results
    if agency is not None:
        upheld = upheld[upheld["agency"] == agency]
    upheld = upheld[[(period_kind(str(p)) == MONTH) == monthly for p in upheld["period"]]]
    if upheld.empty:
        return results
    results = results.copy()
    if DECISION not in results.columns:
        results[DECISION] = None
    for o in upheld.itertuples(index=False):
        at = (results["period"] == o.period) & (results["nip"] == o.nip)
        if agency is None:
            at &= results["agency"] == o.agency
        if not at.any():
            continue
        for name in OBJECTION_FIELDS:
            value = getattr(o, name)
            if value is not None and str(value).strip() and name in results.columns:
                results.loc[at, name] = str(value).strip()
        if not (o.predikat and str(o.predikat).strip()) and {"rating_hk", "rating_pk", "predikat"} <= set(results):
            rows = results.loc[at]
            results.loc[at, "predikat"] = predikat_of(rows["rating_hk"], rows["rating_pk"]).to_numpy()
        results.loc[at, DECISION] = decision_text(DECIDED_OBJECTION, o.decided_at)
    return results


def decided_periods(locks: Locks, agency: str, monthly: bool = True) -> list[str]:
    """The closed periods (months, or quarters and years) in which `agency` has an upheld keberatan."""
    upheld = locks.upheld
    if upheld.empty or not locks.closed:
        return []
    mine = upheld.loc[upheld["agency"] == agency, "period"].astype(str)
    return sorted({p for p in mine if p in locks.closed and (period_kind(p) == MONTH) == monthly})


def recount(
    summary: pd.DataFrame, results: pd.DataFrame, periods: list[str], params: ScoringParams | None = None
) -> pd.DataFrame:
    """`summary` (agency_summary or agency_periodic rows) with the rows of `periods` counting the
    predikat of `results` again: `scored` and n_sangat_baik … n_sangat_kurang, and (given `params`,
    agency_summary) the share flag of Perlu Perhatian with them. Every other value stays as it is.

    A closed period's upheld keberatan changes a predikat there (PP 30/2019 Pasal 59: the Atasan
    Pejabat Penilai's decision is final), so the period's frozen counts count the decided one."""
    keys = ["agency", "period"]
    at = summary["period"].isin(periods).to_numpy() if periods and len(summary) else np.zeros(len(summary), bool)
    if not at.any():
        return summary
    rows = results[results["period"].isin(periods).to_numpy()]
    scored = rows.assign(_scored=rows["predikat"].notna()).groupby(keys, sort=False).agg(scored=("_scored", "sum"))
    counts = with_predikat_counts(scored, rows, keys)
    before = summary[at]
    found = counts.reindex(pd.MultiIndex.from_frame(before[keys].astype(str))).fillna(0)
    out = summary.copy()
    for name in ("scored", *PREDIKAT_COLUMNS.values()):
        if name in out.columns:
            out.loc[at, name] = found[name].to_numpy().astype(out[name].dtype)
    if params is not None and {"attention", "attention_reason"} <= set(out.columns):
        _old, old_reasons = share_attention(before, params)
        over, reasons = share_attention(out[at], params)
        trend = [_without(str(text or ""), old) for text, old in zip(before["attention_reason"], old_reasons)]
        declined = np.array([t != "" for t in trend], dtype=bool)  # the decline's reason stands
        out.loc[at, "attention"] = declined | over
        out.loc[at, "attention_reason"] = [
            REASON_SEPARATOR.join(p for p in (t, n) if p) for t, n in zip(trend, reasons)
        ]
    return out


def _without(text: str, tail: str) -> str:
    """`text` without the reason `tail` it ends with (agency_trends joins the share reason last)."""
    if not tail:
        return text
    if text == tail:
        return ""
    return text[: -len(REASON_SEPARATOR + tail)] if text.endswith(REASON_SEPARATOR + tail) else text


def closed_completeness(complete: pd.DataFrame, results: pd.DataFrame, locks: Locks) -> pd.DataFrame:
    """scoring.completeness' rows of the closed months counted again from their frozen results (who
    had not reported, been rated or attended when the month closed), the open months' as computed.

    The frozen results hold all completeness reads: indicators, has_rating, has_attendance, name,
    and in `missing` the rejected rows of then (scoring.rejected.rejected_from_missing). Every
    stored result row is one the headcount counted (scoring.employee: rows are the active staff
    and the months with data), so the roster's Status of now does not enter."""
    closed = list(locks.closed)
    if complete is None or results.empty or not closed:
        return complete
    shut = results["period"].isin(closed).to_numpy()
    if not shut.any():
        return complete
    rows = results[shut].drop(columns=["active"], errors="ignore").reset_index(drop=True)
    missing = rows["missing"] if "missing" in rows.columns else pd.Series("", index=rows.index)
    again = completeness(rows, refused=rejected_from_missing(missing))
    kept = complete[~complete["period"].isin(closed).to_numpy()]
    if kept.empty:
        return again
    return pd.concat([kept, again], ignore_index=True).sort_values(["agency", "period"], ignore_index=True)


def mark_decisions(results: pd.DataFrame, locks: Locks, agency: str | None) -> pd.DataFrame:
    """The `decision` of every result of an open period from its current penetapan act (an upheld
    keberatan's mark, set later, wins)."""
    if DECISION not in results.columns:
        results = results.assign(**{DECISION: None})
    mine = [c for c in locks.acts if (agency is None or c.agency == agency) and _is_open(c.period, locks)]
    if not mine or results.empty:
        return results
    text = {
        (c.agency, c.period, c.nip): decision_text(DECIDED_CONFIRMED if c.confirmed else DECIDED_SENT_BACK, c.at)
        for c in mine
    }
    agencies = results["agency"] if "agency" in results.columns else pd.Series(agency, index=results.index)
    found = [text.get(k) for k in zip(agencies, results["period"], results["nip"])]
    marks = pd.Series(found, index=results.index, dtype=object)
    return results.assign(**{DECISION: marks.where(marks.notna(), results[DECISION])})


@dataclass(frozen=True)
class Inputs:
    """An agency's input rows that a lock looks at: their history-state items (what, period, nip,
    item, digest, row_at) with each one's tab and sheet row, and their tracked values by item."""

    items: pd.DataFrame
    values: dict[tuple, dict]


def inputs_of(agency: str, data, pairs: set[tuple[str, str]]) -> Inputs:
    """sync.results.history.current_state over the agency's input rows of the (period, nip)
    `pairs` (the months behind confirmed results), and their values: only those rows, so a
    confirmation costs what it covers."""
    parts, values = [], {}
    for what, (frame_name, tab) in INPUTS.items():
        frame = getattr(data, frame_name)
        wanted = pd.Series(list(zip(frame["period"], frame["nip"])), dtype=object).isin(pairs).to_numpy()
        frame = frame[wanted].reset_index(drop=True)
        if frame.empty:
            continue
        state = change_history.current_state(agency, {what: frame})
        rows = frame["row"].to_numpy() if "row" in frame.columns else np.zeros(len(frame), dtype=np.int64)
        parts.append(state.assign(sheet_row=rows[state["row_at"].to_numpy()], tab=tab))
        keys, fields = change_history.TRACKED[what]
        present = [f for f in fields if f in frame.columns]
        cells = {f: [change_history._value(v) for v in frame[f].tolist()] for f in present}
        items = frame[keys[0]].astype(str).tolist() if keys else [""] * len(frame)
        for n, key in enumerate(zip(frame["period"], frame["nip"], items)):
            values[(what, *key)] = {f: cells[f][n] for f in present}
    columns = ["agency", "what", "period", "nip", "item", "digest", "row_at", "sheet_row", "tab"]
    return Inputs(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns), values)


def pending(
    agency: str,
    computed: list[tuple[confirmations.Confirmation, dict]],
    inputs: Inputs,
    names: dict[str, str],
    seen_at: str,
    employee_rows: dict[str, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pending_results rows, Validasi rows) for the confirmed results whose input rows changed
    since confirmation (their input digest differs from the confirmation's)."""
    out, issues = [], []
    items = inputs.items
    by_nip = {nip: part for nip, part in items.groupby("nip", sort=False)} if len(items) else {}
    for c, was in computed:
        months = confirmations.months_of(c.period)
        own = by_nip.get(c.nip)
        own = own[own["period"].isin(months)] if own is not None else items.iloc[0:0]
        digest = confirmations.input_digest(own[["what", "period", "item", "digest"]].itertuples(index=False))
        if not c.input_digest or digest == c.input_digest:
            continue
        out.append((agency, c.nip, c.period, c.id, digest, acts.dumps(was), seen_at))
        name = names.get(c.nip) or c.nip
        problem = (
            f"hasil {period_label(c.period)} untuk {name} sudah ditetapkan Pejabat Penilai pada {day_of(c.at)}; "
            "perubahan tidak dipakai sampai ditetapkan ulang"
        )
        fix = (
            "Bila perubahan ini benar, minta Pejabat Penilai meninjau dan menetapkan ulang hasil ini di situs "
            "Kinerja; bila tidak, kembalikan isi baris seperti semula."
        )
        rows = _changed_rows(c, own, inputs.values)
        # Nothing left to point at (the rows were removed): the employee's roster row.
        for tab, row, column, value in rows or [(PEGAWAI.name, employee_rows.get(c.nip, 0), "NIP", c.nip)]:
            issues.append((tab, row, column, value, problem, fix))
    return _frame(out, PENDING_COLUMNS), _issues(issues)


def _changed_rows(c: confirmations.Confirmation, own: pd.DataFrame, values: dict) -> list[tuple[str, int, str, str]]:
    """The sheet rows behind a confirmed result whose values differ from what it was confirmed from
    (its indicator rows; its ratings and attendance as the results row keeps them: a month's own
    row, or for a quarter or year the row of each of its months, frozen with the confirmation)."""
    if period_kind(c.period) == MONTH:
        month_rows = {str(c.period): c.result.get("results") or {}}
    else:
        month_rows = {str(m.get("period")): m for m in c.result.get("months") or []}
    was = {(str(r.get("period", c.period)), str(r.get("indicator"))): r for r in c.result.get("indicators") or []}
    found = []
    for r in own.itertuples(index=False):
        new = values.get((r.what, r.period, r.nip, r.item), {})
        if r.what == "indikator":
            old = was.get((str(r.period), str(r.item)))
            same = old is not None and all(_close(old.get(f), new.get(f)) for f in ("target", "actual", "weight"))
            column = "Realisasi"
            shown = change_history._text(new.get("actual"))
        elif r.what == "penilaian":
            confirmed = month_rows.get(str(r.period), {})
            same = all(_close(confirmed.get(f"rating_{k}"), new.get(k)) for k in RATING_KEYS)
            column = "Penilaian"
            shown = ""
        else:
            confirmed = month_rows.get(str(r.period), {})
            same = all(_close(confirmed.get(f), new.get(f)) for f in ("absent", "late", "early_leave"))
            column = "Presensi"
            shown = ""
        if not same:
            found.append((r.tab, int(r.sheet_row), column, shown or ""))
    return found


def _close(a, b) -> bool:
    """Two cells equal as numbers (to 6 decimals) or as text; empty equals only empty."""
    a_empty = a is None or (isinstance(a, float) and np.isnan(a))
    b_empty = b is None or (isinstance(b, float) and np.isnan(b))
    if a_empty or b_empty:
        return a_empty == b_empty
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return str(a) == str(b)


def split_history(
    history: pd.DataFrame, upserts: pd.DataFrame, gone: pd.DataFrame, locks: Locks
) -> tuple[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """sync.results.history.diff's output without the closed periods — their state stays as it was
    when they closed, and nothing of them is history while closed — and the input changes of the
    closed periods it found (field by field, with the old and the new value)."""
    if not locks.closed:
        return (history, upserts, gone), history.iloc[0:0]
    closed = list(locks.closed)

    def open_part(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["period"].isin(closed).to_numpy()].reset_index(drop=True) if len(frame) else frame

    tried = history[history["period"].isin(closed).to_numpy() & history["what"].isin(list(INPUTS)).to_numpy()]
    return (open_part(history), open_part(upserts), open_part(gone)), tried.reset_index(drop=True)


def attempted(
    agency: str, tried: pd.DataFrame, data, locks: Locks, seen: str, run_id: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attempted_changes rows, Validasi rows) from the closed periods' input changes found by the
    history diff (`split_history`): each at its sheet row, with the old and the new value."""
    if tried.empty:
        return _frame([], ATTEMPT_COLUMNS), _issues([])
    sheet_rows: dict[tuple, int] = {}
    for what in dict.fromkeys(tried["what"]):
        frame_name, tab = INPUTS[what]
        frame = getattr(data, frame_name)
        keys = change_history.TRACKED[what][0]
        mine = tried[tried["what"] == what]
        rows = frame[
            frame["period"].isin(set(mine["period"])).to_numpy() & frame["nip"].isin(set(mine["nip"])).to_numpy()
        ]
        items = rows[keys[0]].astype(str) if keys else pd.Series("", index=rows.index)
        for period, nip, item, row in zip(rows["period"], rows["nip"], items, rows["row"]):
            sheet_rows[(what, period, nip, item)] = int(row)  # the last of a key stands, as in the history
    out, issues, fields_at = [], [], {}
    for r in tried.itertuples(index=False):
        closure = locks.closed[r.period]
        key = (r.what, r.period, r.nip, r.item or "")
        row = None if r.new is None and r.old == "ada" else sheet_rows.get(key)
        new = "dihapus" if r.new is None and r.old == "ada" else r.new
        out.append(
            (
                closures.LOCK_PREFIX + closure.period,
                agency,
                r.nip,
                r.period,
                r.what,
                r.item,
                r.field,
                r.old,
                new,
                row,
                seen,
                run_id,
            )
        )
        if row is not None:
            fields_at.setdefault((INPUTS[r.what][1], row, r.period), []).append((r.field, new))
    for (tab, row, period), fields in fields_at.items():
        closure = locks.closed[period]
        problem = (
            f"periode {period_label(period)} sudah ditutup pada {day_of(closure.at)}; perubahan tidak dipakai; "
            "hubungi BKPSDM"
        )
        fix = (
            "Kembalikan isi baris seperti saat periode ditutup, atau minta BKPSDM membuka kembali periode ini "
            "bila perubahan memang perlu."
        )
        labels = ", ".join(MONTHLY_HEADERS.get(f, f) for f, _n in fields if f)
        issues.append((tab, row, labels, "; ".join(str(n) for _f, n in fields if n is not None), problem, fix))
    return _frame(out, ATTEMPT_COLUMNS), _issues(issues)


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _issues(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["tab", "row", "column", "value", "problem", "fix"])
    return frame.assign(severity=PERINGATAN).astype({"row": "int64"})


# ---- the cycle's side ---------------------------------------------------------------------

CITY_FROM_IKM = ("ikm", "ikm_periodic", "complaints", "complaint_categories", "respondent_profile")


@dataclass
class Written:
    """What an agency's write phase stores: its Validasi rows with the locks' Peringatan, the
    attempted changes and pending results, and the history to record (ResultsStore.record_history)."""

    issues: pd.DataFrame
    attempted: pd.DataFrame
    pending: pd.DataFrame
    history: pd.DataFrame
    upserts: pd.DataFrame
    gone: pd.DataFrame

    @property
    def history_parts(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        return self.history, self.upserts, self.gone


class Freeze:
    """The locks of one cycle and what its phases collect (one per cycle: sync.cycle)."""

    def __init__(self, locks: Locks):
        self.locks = locks
        self.computed: dict[str, list[tuple[confirmations.Confirmation, dict]]] = {}

    @classmethod
    def load(cls, store) -> "Freeze":
        return cls(load(store))

    @property
    def none(self) -> bool:
        return self.locks.none

    @property
    def closed(self) -> bool:
        return bool(self.locks.closed)

    def city(self, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The city tables (sync.cycle.CityTables' frames) with the closed periods' frozen rows,
        and the frames scoring reads from them rebuilt from those rows."""
        locks = self.locks
        if not locks.closed:
            return frames
        out = dict(frames)
        for table in CITY_FROM_IKM:
            out[table] = freeze(frames[table], table, locks, None, CITY_KEYS[table])
        closed = list(locks.closed)
        ikm = out["ikm"][out["ikm"]["period"].isin(closed)]
        complaints = out["complaints"][out["complaints"]["period"].isin(closed)]
        derived = {
            "unit_ikm": (
                ikm[ikm["level"] == SERVICE_UNIT_LEVEL].drop(columns=["agency", "unit_name", "level"]),
                CITY_KEYS["ikm"],
            ),
            "agency_ikm": (
                ikm[ikm["level"] == AGENCY_LEVEL].drop(columns=["unit_id", "unit_name", "level"]),
                ("agency", "period"),
            ),
            "agency_complaints": (
                complaints[complaints["unit_id"].astype(str).str.startswith(AGENCY_UNIT_PREFIX)].drop(
                    columns=["unit_id"]
                ),
                ("agency", "period"),
            ),
        }
        for name, (rows, keys) in derived.items():
            frame = frames[name]
            kept = frame[~frame["period"].isin(closed).to_numpy()]
            back = conform(rows.reset_index(drop=True), frame, keys)
            out[name] = pd.concat([kept, back], ignore_index=True) if len(back) else kept.reset_index(drop=True)
        return out

    def tables(self, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Store tables of the city (the SKM follow-up's) with the closed periods' frozen rows."""
        if not self.locks.closed:
            return frames
        return {
            name: freeze(frame, name, self.locks, None, CITY_KEYS[name]) if name in CITY_KEYS else frame
            for name, frame in frames.items()
        }

    def base(self, code: str, base: dict) -> dict:
        """score_base's frames of one agency: closed months frozen, confirmed months put back,
        penetapan marked, upheld keberatan applied."""
        locks = self.locks
        if locks.none:
            return base
        results = freeze(base["results"], "results", locks, code, AGENCY_KEYS["results"])
        indicators = freeze(base["indicators"], "indicators", locks, code, AGENCY_KEYS["indicators"])
        results, indicators, computed = confirm(results, indicators, locks, code)
        results = apply_objections(mark_decisions(results, locks, code), locks, code)
        self.computed.setdefault(code, []).extend(computed)
        return {**base, "results": results, "indicators": indicators}

    def periodic(self, periodic: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
        """derive's quarter and year results (every agency in `codes` at once), locked the same way
        before the agency summaries and the distribution check count them."""
        locks = self.locks
        if locks.none:
            return periodic
        codes = list(codes)
        periodic = freeze(periodic, "results_periodic", locks, codes, ("agency", "period", "nip"))
        with_acts = {c.agency for c in locks.acts if c.confirmed and period_kind(c.period) != MONTH} & set(codes)
        if with_acts and len(periodic):
            parts = [periodic[~periodic["agency"].isin(with_acts)]]
            for code in sorted(with_acts):
                part, _none, computed = confirm(
                    periodic[periodic["agency"] == code].reset_index(drop=True), None, locks, code, "results_periodic"
                )
                parts.append(part)
                self.computed.setdefault(code, []).extend(computed)
            periodic = pd.concat(parts, ignore_index=True)
        return apply_objections(mark_decisions(periodic, locks, None), locks, None, monthly=False)

    def closed_results(self, code: str) -> pd.DataFrame | None:
        """The agency's frozen results rows of the closed months (score_base's trends read them)."""
        return self.locks.by_agency.get("results", {}).get(code) if self.locks.closed else None

    def derived(
        self,
        code: str,
        frames: dict[str, pd.DataFrame],
        results: pd.DataFrame | None = None,
        params: ScoringParams | None = None,
    ) -> dict[str, pd.DataFrame]:
        """derive's agency summaries of one agency with the closed periods' frozen rows; an upheld
        keberatan in a closed period counted in its summary (`recount`), and the closed months'
        completeness from their frozen results (`closed_completeness`). `results`: the agency's
        monthly results as `base` left them."""
        if not self.locks.closed:
            return frames
        out = dict(frames)
        for name in ("agency_summary", "agency_periodic", "results_periodic"):
            if name in out:
                out[name] = freeze(out[name], name, self.locks, code, AGENCY_KEYS[name])
        quarters = decided_periods(self.locks, code, monthly=False)
        if quarters and "results_periodic" in out:
            out["results_periodic"] = apply_objections(out["results_periodic"], self.locks, code, monthly=False)
            if "agency_periodic" in out:
                out["agency_periodic"] = recount(out["agency_periodic"], out["results_periodic"], quarters)
        if results is not None:
            months = decided_periods(self.locks, code)
            if months and "agency_summary" in out:
                out["agency_summary"] = recount(out["agency_summary"], results, months, params)
            if "completeness" in out:
                out["completeness"] = closed_completeness(out["completeness"], results, self.locks)
        return out

    def written(
        self,
        code: str,
        data,
        diff: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
        seen: str,
        run_id: int,
    ) -> Written:
        """An agency's write phase, given sync.results.history.diff's output: the history without
        the closed periods, their input changes as attempted changes, the confirmed results whose
        inputs changed as pending results, and the Validasi rows of both."""
        locks = self.locks
        computed = self.computed.get(code, [])
        if locks.none or (not locks.closed and not computed):
            return Written(data.issues, EMPTY_ATTEMPTS, EMPTY_PENDING, *diff)
        kept, tried = split_history(*diff, locks)
        attempts, tried_issues = attempted(code, tried, data, locks, seen, run_id)
        waiting, waiting_issues = EMPTY_PENDING, _issues([])
        if computed:
            pairs = {(m, c.nip) for c, _was in computed for m in confirmations.months_of(c.period)}
            employees = data.employees
            names = dict(zip(employees["nip"], employees["name"])) if "name" in employees else {}
            rows = dict(zip(employees["nip"], employees["row"])) if "row" in employees else {}
            waiting, waiting_issues = pending(code, computed, inputs_of(code, data, pairs), names, seen, rows)
        issues = data.issues
        if len(tried_issues) or len(waiting_issues):
            order = [t.name for t in AGENCY_INPUT_TABS]
            issues = issues_frame([data.issues, tried_issues, waiting_issues], order)
        return Written(issues, attempts, waiting, *kept)
