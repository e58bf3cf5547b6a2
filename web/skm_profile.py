"""The respondent profile of an agency's survey, as the OPD page shows it: one characteristic at
a time (Jenis Kelamin, Usia, Pendidikan, Pekerjaan), categories with their counts.

Disclosure follows the rules of the other public figures (web/data.py):

- A characteristic of an agency and period is shown only when it rests on at least
  `min_responses` respondents, the minimum sample an IKM needs to be published; otherwise it says
  why ("sampel kurang (n = 12, minimal 20)").
- A count of 1 to `min_cell` - 1 respondents is hidden: at a small counter "Pendidikan S3: 1"
  points at a person. The number of respondents is public, so a hidden count could be worked out
  from the others; partner cells are hidden with it until no hidden count can be (the same
  complementary suppression as the predikat distribution, `protect_counts`). Zero stays shown.
- Only the agency's pooled rows (unit id 'opd:<CODE>') are published, not its units' (smaller).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.vocabulary import AGENCY_UNIT_PREFIX, CHARACTERISTICS, NOT_GIVEN, ORDER, category_rank
from web.disclosure import SMALL_SAMPLE, ikm_note

SLUGS = {"Jenis Kelamin": "jenis-kelamin", "Usia": "usia", "Pendidikan": "pendidikan", "Pekerjaan": "pekerjaan"}


@dataclass(frozen=True)
class ProfileRow:
    category: str
    count: int | None  # None: hidden (see module docstring)


@dataclass(frozen=True)
class Characteristic:
    """One characteristic of an agency in a period: its categories, or why they are not shown."""

    name: str
    slug: str
    total: int
    rows: tuple[ProfileRow, ...]  # empty when not shown
    note: str = ""  # why not shown, or that some cells are hidden

    @property
    def shown(self) -> bool:
        return bool(self.rows)

    @property
    def largest(self) -> int:
        return max((r.count or 0 for r in self.rows), default=0)


def protect_counts(counts: np.ndarray, min_cell: int) -> np.ndarray:
    """Which cells of one group's counts to hide (True): every count 1 to min_cell - 1, then, since
    the total is public, the smallest shown non-zero counts until at least two are hidden and they
    could each hold min_cell or more (web.data.protect_predikat, for any number of categories)."""
    values = np.asarray(counts, dtype=np.int64)
    mask = (values > 0) & (values < min_cell)
    if mask.any():
        while mask.sum() < 2 or values[mask].sum() < min_cell + mask.sum() - 1:
            candidates = np.flatnonzero(~mask & (values > 0))
            if not len(candidates):
                mask[:] = values > 0
                break
            mask[max(candidates, key=lambda i: (-values[i], -i))] = True
    return mask


def _key(name: str) -> str | None:
    return next((k for k, label in CHARACTERISTICS.items() if label == name), None)


def public_profiles(
    profile: pd.DataFrame, min_responses: int, min_cell: int
) -> dict[str, dict[str, tuple[Characteristic, ...]]]:
    """agency code -> period -> its characteristics in display order, suppressed as above."""
    if profile is None or profile.empty:
        return {}
    frame = profile.loc[profile["unit_id"].astype(str) == AGENCY_UNIT_PREFIX + profile["agency"].astype(str)]
    frame = frame.assign(count=pd.to_numeric(frame["count"], errors="coerce").fillna(0).astype(int))
    out: dict[str, dict[str, list[Characteristic]]] = {}
    order = {label: i for i, label in enumerate(CHARACTERISTICS.values())}
    groups = frame.groupby(["agency", "period", "characteristic"], sort=False)
    for (code, period, name), group in sorted(groups, key=lambda g: (g[0][0], g[0][1], order.get(g[0][2], 9))):
        counts = dict(zip(group["category"].astype(str), group["count"]))
        key = _key(name)
        # every standard category, zero where nobody chose it; a band typed by a form as it came
        standard = [c for c in ORDER.get(key, ()) if c != NOT_GIVEN]
        zeros = standard if any(c in counts for c in standard) else []
        categories = sorted(set(zeros) | set(counts), key=lambda c: (category_rank(name, c), c))
        values = np.array([counts.get(c, 0) for c in categories], dtype=np.int64)
        total = int(values.sum())
        slug = SLUGS.get(name, name.casefold().replace(" ", "-"))
        if total < max(1, min_responses):
            item = Characteristic(name, slug, total, (), ikm_note(SMALL_SAMPLE, total, min_responses))
        else:
            hidden = protect_counts(values, min_cell)
            rows = tuple(ProfileRow(c, None if h else int(v)) for c, v, h in zip(categories, values, hidden))
            note = f"jumlah 1 sampai {min_cell - 1} responden disembunyikan" if hidden.any() else ""
            item = Characteristic(name, slug, total, rows, note)
        out.setdefault(str(code), {}).setdefault(str(period), []).append(item)
    return {code: {p: tuple(items) for p, items in periods.items()} for code, periods in out.items()}


def profile_view(profiles: dict, code: str, period: str | None, slug: str | None) -> dict | None:
    """What opd.html needs: the characteristics of `code` in `period` and the chosen one (by
    slug, default the first); None when the agency has no profile that period. A slug not among
    them raises KeyError (the page answers 404)."""
    items = profiles.get(code, {}).get(period or "", ())
    if not items:
        if slug is not None:
            raise KeyError(slug)
        return None
    chosen = next((c for c in items if c.slug == slug), None) if slug else items[0]
    if chosen is None:
        raise KeyError(slug)
    return {"items": items, "chosen": chosen}
