"""How the store keeps the history state: one row per employee-month, its tracked items in one text.

sync.results.history tracks items — an employee-month's result, each indicator row, the rating,
the attendance — by (what, period, nip, item), each with a digest of its tracked values and those
values (`payload`, JSON text), to compare the next cycle. The store keeps one row per (agency,
period, nip) whose `state` is a JSON array of `[what, item, digest, payload]`, in the order the
cycle found them: about 36,000 rows for a Solok-size city rather than 250,000 (one per item),
and one employee's months are read by the (agency, period, nip) index. The bytes are the same
(about 39 MB for Solok); what a cold cycle's store writer spends on them is mostly building the
texts (`encoded`, column by column). Readers get the items back as rows of ITEM_COLUMNS, the
shape sync.results.history compares against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps(text, ensure_ascii=False) gives
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

# One tracked item as sync.results.history's state frame holds it.
ITEM_COLUMNS = ("agency", "what", "period", "nip", "item", "digest", "payload")

Item = tuple[str, str, str, str | None]  # what, item, digest, payload
Month = tuple[str, str]  # period, nip


def encode(items: Iterable[Item]) -> str:
    """The `state` text of one employee-month's items."""
    return json.dumps([list(i) for i in items], ensure_ascii=False, separators=(",", ":"))


def encoded(items: pd.DataFrame) -> Iterator[tuple[str, str, str]]:
    """(period, nip, state text) of each employee-month in rows of ITEM_COLUMNS (a cycle's
    upserts): the months in the order first met, each one's items in row order, the texts
    `encode`'s of `by_month` — built column by column when the keys are distinct (the first
    cycle's 250,000 items)."""
    if items.empty:
        return iter(())
    if items.duplicated(["what", "period", "nip", "item"]).any():  # not a cycle's: merge as by_month does
        return ((period, nip, encode(month.values())) for (period, nip), month in by_month(items).items())
    fragment = np.full(len(items), "[", dtype=object)
    for n, column in enumerate(("what", "item", "digest", "payload")):
        fragment = fragment + ("" if n == 0 else ",") + _texts(items[column])
    fragment = fragment + "]"
    period, nip = items["period"].to_numpy(dtype=object), items["nip"].to_numpy(dtype=object)
    # A missing period or NIP is a value of its own (code -1 would fold months together).
    period_code, nip_code = (pd.factorize(v, use_na_sentinel=False)[0] for v in (period, nip))
    codes = pd.factorize(period_code.astype(np.int64) * (int(nip_code.max()) + 1) + nip_code)[0]  # first met: 0
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.diff(codes[order], prepend=-1))
    first = order[starts]
    texts = ("[" + ",".join(part) + "]" for part in np.split(fragment[order], starts[1:]))
    return zip(period[first].tolist(), nip[first].tolist(), texts)


@dataclass(frozen=True)
class FirstState:
    """An agency's first history state with its month texts already built (`encoded`).

    Made where the cycle's diff found no stored state, so that a cold cycle's store writer (the
    last process to finish) only inserts them: its share of a cold Solok-size cycle, unpickling
    included, went from 2,7 s to 2,3 s, with 36,000 texts to pickle to it instead of 250,000 items. `items()` gives the rows of ITEM_COLUMNS
    back (decode(encode(x)) is x), for the writer to merge should the agency have a state after all.
    """

    agency: str
    months: tuple[tuple[str, str, str], ...]  # (period, nip, state text)

    @classmethod
    def of(cls, agency: str, upserts: pd.DataFrame) -> "FirstState":
        return cls(agency, tuple(encoded(upserts)))

    @property
    def empty(self) -> bool:
        return not self.months

    def items(self) -> pd.DataFrame:
        rows = [
            (self.agency, what, period, nip, item, digest, payload)
            for period, nip, text in self.months
            for what, item, digest, payload in decode(text)
        ]
        return pd.DataFrame(rows, columns=list(ITEM_COLUMNS))


def _texts(values: pd.Series) -> np.ndarray:
    """Each value's JSON text as `encode` writes it inside an item, each distinct value encoded
    once (a missing one: null)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    texts = [encode_basestring(v) if v.__class__ is str else _missing_or(v) for v in distinct.tolist()]
    return np.array(texts, dtype=object)[codes]


def _missing_or(value: object) -> str:
    return "null" if value is None or value != value else json.dumps(value, ensure_ascii=False)


def decode(state: str | None) -> list[Item]:
    """The items of one `state` text (none for an empty or unreadable one: the next cycle then
    records every item afresh, as on a first cycle)."""
    if not isinstance(state, str) or not state:  # NULL, or NaN from a frame of an older file
        return []
    try:
        found = json.loads(state)
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    return [tuple(item) for item in found if isinstance(item, list) and len(item) == 4]


def keyed(state: str | None) -> dict[tuple[str, str], Item]:
    """The items of one `state` text keyed by (what, item)."""
    return {(i[0], i[1]): i for i in decode(state)}


def merged(
    state_rows: Iterable[tuple[str, str, str, str | None]], item_rows: Iterable[tuple]
) -> dict[tuple[str, str, str], dict[tuple[str, str], Item]]:
    """Per (agency, period, nip), its items keyed by (what, item), from stored rows of both shapes:
    `state_rows` (agency, period, nip, state) of this version, `item_rows` (ITEM_COLUMNS) of the
    per-item table before it. A file can hold both when an older version wrote into it after this
    one (a rollback, then the upgrade again): its item rows are the newer, so they stand."""
    out: dict[tuple[str, str, str], dict[tuple[str, str], Item]] = {}
    for agency, period, nip, text in state_rows:
        out.setdefault((agency, period, nip), {}).update(keyed(text))
    for agency, what, period, nip, item, digest, payload in item_rows:
        if what is not None:
            out.setdefault((agency, period, nip), {})[(what, item)] = (what, item, digest, payload)
    return {month: items for month, items in out.items() if items}


def by_month(items: pd.DataFrame) -> dict[Month, dict[tuple[str, str], Item]]:
    """Rows of ITEM_COLUMNS (one agency's) grouped per (period, nip), each keyed by (what, item);
    a key given twice: the last stands."""
    out: dict[Month, dict[tuple[str, str], Item]] = {}
    if items.empty:
        return out
    columns = [items[c].tolist() for c in ("period", "nip", "what", "item", "digest", "payload")]
    for period, nip, what, item, digest, payload in zip(*columns):
        month = out.get((period, nip))
        if month is None:
            month = out[(period, nip)] = {}
        month[(what, item)] = (what, item, digest, payload)
    return out
