"""What changed between cycles, per row: the append-only history (issue 14, item 4).

Each tracked item — an employee-month's result, each indicator row, the supervisor's rating, the
attendance — gets a digest of its tracked values every cycle. Only the items whose digest differs
from the stored one are compared field by field (their previous values are kept beside the
digest), so a cycle where nothing changed costs one hash pass and one read of the digests.
Pure: frames in, frames out; the store's writer appends the history and updates the state.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from config.contract import RATING_KEYS
from sync.store.state import ITEM_COLUMNS as STATE_COLUMNS  # the state's items, as the store gives them back

# what -> (the frame's key columns beyond period and nip, the tracked fields)
TRACKED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hasil": ((), ("nhk", "npk", "na", "rating_hk", "rating_pk", "predikat")),
    "indikator": (("indicator",), ("target", "actual", "weight")),
    "penilaian": ((), (*RATING_KEYS, "feedback", "rater_nip")),
    "presensi": ((), ("work_days", "present", "late", "early_leave", "absent")),
}
HISTORY_COLUMNS = (
    "agency",
    "nip",
    "period",
    "what",
    "item",
    "field",
    "old",
    "new",
    "after_rating",
    "changed_at",
    "run_id",
)


def _value(v: object) -> object:
    """A cell as JSON keeps it: numbers rounded to 4 decimals (what pages show and compare)."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return round(float(v), 4)
    return str(v)


def current_state(agency: str, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per tracked item: its key, the digest of its tracked values (payload built later,
    only for the items that changed)."""
    parts = []
    for what, (keys, fields) in TRACKED.items():
        frame = frames.get(what)
        if frame is None or frame.empty:
            continue
        present = [f for f in fields if f in frame.columns]
        values = frame[present].copy()
        for f in present:
            if values[f].dtype.kind == "f":
                values[f] = values[f].round(4)
        digest = pd.util.hash_pandas_object(values, index=False).to_numpy().astype(str)
        item = frame[keys[0]].astype(str).to_numpy(dtype=object) if keys else np.full(len(frame), "", dtype=object)
        part = pd.DataFrame(
            {
                "agency": agency,
                "what": what,
                "period": frame["period"].to_numpy(dtype=object),
                "nip": frame["nip"].to_numpy(dtype=object),
                "item": item,
                "digest": digest,
            }
        )
        part["row_at"] = np.arange(len(frame))
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*STATE_COLUMNS[:-1], "row_at"])
    state = pd.concat(parts, ignore_index=True)
    # Two rows of one key (a result table never has them; an indicator typed twice is superseded):
    # the last stands, as in validation.
    return state.drop_duplicates(["what", "period", "nip", "item"], keep="last").reset_index(drop=True)


def _fragments(values: pd.Series) -> np.ndarray:
    """Each cell of a column as its JSON text (`json.dumps(_value(cell))`), one object array.

    Numeric columns are encoded once per distinct value (a result table repeats few), text once
    per distinct text. The same text json.dumps gives a cell inside the dict.
    """
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "fiub":
        cells = values.to_numpy()
        if cells.dtype.kind == "f":  # distinct by bits: -0.0 is not 0.0 (json.dumps tells them apart)
            bits, at = np.unique(cells.view(f"i{cells.dtype.itemsize}"), return_inverse=True)
            distinct = bits.view(cells.dtype)
        else:
            distinct, at = np.unique(cells, return_inverse=True)
        texts = np.array([_json_number(v) for v in distinct.tolist()], dtype=object)
        return texts[at.reshape(-1)] if len(texts) else np.array([], dtype=object)
    cache: dict[str, str] = {}  # text cells only: 0.0 and -0.0 (or 1 and True) are equal keys
    out = []
    for v in values.tolist():
        if v.__class__ is str:
            text = cache.get(v)
            if text is None:
                text = cache[v] = json.dumps(v, ensure_ascii=False)
        else:
            text = json.dumps(_value(v), ensure_ascii=False)
        out.append(text)
    return np.array(out, dtype=object)


def _json_number(v: bool | int | float) -> str:
    """`json.dumps(_value(v))` of a Python number, without the encoder's overhead per call."""
    if v.__class__ is float:
        if v != v:
            return "null"
        r = round(v, 4)
        return float.__repr__(r) if math.isfinite(r) else json.dumps(r)
    if v.__class__ is int:
        return int.__repr__(v)
    return json.dumps(_value(v), ensure_ascii=False)


def _payloads(frame: pd.DataFrame, fields: tuple[str, ...], rows: np.ndarray) -> np.ndarray:
    """`json.dumps({field: _value(cell)})` of the given rows of `frame`, built column by column."""
    present = [f for f in fields if f in frame.columns]
    out = np.full(len(rows), "{", dtype=object)
    for n, f in enumerate(present):
        key = ("" if n == 0 else ", ") + json.dumps(f, ensure_ascii=False) + ": "
        out = out + key + _fragments(frame[f].iloc[rows] if len(rows) < len(frame) else frame[f])
    return out + "}"


def diff(
    agency: str, frames: dict[str, pd.DataFrame], previous: pd.DataFrame, changed_at: str, run_id: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(history rows to append, state rows to insert or replace, keys of state rows to delete).

    `previous`: the stored state of `agency` (STATE_COLUMNS). With no previous state (the first
    cycle) nothing is history yet: every item is simply recorded.
    """
    now = current_state(agency, frames)
    key = ["what", "period", "nip", "item"]
    if previous.empty:
        # The first cycle: every item is new, none gone, no history (no merge needed).
        changed = now.assign(side="left_only", payload=None)
        gone = pd.DataFrame(columns=key)
    else:
        merged = now.merge(
            previous[[*key, "digest", "payload"]].rename(columns={"digest": "old_digest"}),
            on=key,
            how="outer",
            indicator="side",
        )
        changed = merged[
            (merged["side"] == "left_only") | ((merged["side"] == "both") & (merged["digest"] != merged["old_digest"]))
        ]
        gone = merged.loc[merged["side"] == "right_only", key]
    # Every changed item's payload, per tracked frame at once.
    payload = np.empty(len(changed), dtype=object)
    whats = changed["what"].to_numpy(dtype=object)
    row_at = changed["row_at"].to_numpy()
    for what, (_keys, fields) in TRACKED.items():
        mine = np.flatnonzero(whats == what)
        if len(mine):
            payload[mine] = _payloads(frames[what], fields, row_at[mine].astype(np.intp))
    upserts = pd.DataFrame(
        {
            "agency": agency,
            "what": whats,
            "period": changed["period"].to_numpy(dtype=object),
            "nip": changed["nip"].to_numpy(dtype=object),
            "item": changed["item"].to_numpy(dtype=object),
            "digest": changed["digest"].to_numpy(dtype=object),
            "payload": payload,
        },
        columns=list(STATE_COLUMNS),
    )
    history: list[tuple] = []
    if not previous.empty:
        rated_before = set(
            zip(
                previous.loc[previous["what"] == "penilaian", "period"],
                previous.loc[previous["what"] == "penilaian", "nip"],
            )
        )
        for row, new_payload in zip(changed.itertuples(index=False), payload.tolist()):
            _keys, fields = TRACKED[row.what]
            after = int((row.period, row.nip) in rated_before and row.what != "penilaian")
            if row.side == "left_only":
                history.append((agency, row.nip, row.period, row.what, row.item, "", None, "ditambahkan", after))
                continue
            new = json.loads(new_payload)
            old = json.loads(row.payload) if isinstance(row.payload, str) else {}
            for f in fields:
                if f in new and old.get(f) != new.get(f):
                    history.append(
                        (
                            agency,
                            row.nip,
                            row.period,
                            row.what,
                            row.item,
                            f,
                            _text(old.get(f)),
                            _text(new.get(f)),
                            after,
                        )
                    )
        for row in gone.itertuples(index=False):
            history.append((agency, row.nip, row.period, row.what, row.item, "", "ada", None, 0))
    history_frame = pd.DataFrame(history, columns=list(HISTORY_COLUMNS[:-2]))
    history_frame["changed_at"] = changed_at
    history_frame["run_id"] = run_id
    return (history_frame, upserts, gone.reset_index(drop=True))


def _text(v: object) -> str | None:
    """A value as history keeps it: 130.0 as '130', 87.5 as '87.5' (pages put the decimal comma)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
