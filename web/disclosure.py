"""The disclosure rules: what of the public aggregates may be shown, and why the rest is not.

Pure (numbers in, masks and statuses out); `web/model.py` applies them while building the public
model, once, so no template or data file can show a value it should not:

- An IKM (with its mutu and NRRs) is published when the store marks it `sufficient` and it rests
  on at least its unit-period minimum sample (Krejcie–Morgan from `Populasi Layanan`, else
  `min_responses`: scoring.sample) in its period (`ikm_publishable`). SKM answers are
  anonymous, so nothing more is hidden (docs/scoring.md §4); every other IKM says why.
- Nilai Akhir and predikat are personal data. An agency's average and predikat distribution are
  shown only when at least `min_group_size` employees were scored; within a shown distribution no
  cell counts 1 to `min_cell` - 1 people, and partner cells are hidden with them so no hidden count
  can be worked out from the published total (`protect_predikat`, complementary suppression).
- A complaint category label is shown only when it looks like a category (short, no digits, no
  '@') and is used at least MIN_CATEGORY_USES times across the city (`public_category_labels`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from scoring.complaints import OTHER_CATEGORY
from scoring.params import PREDIKATS
from web.format import integer

MIN_CATEGORY_USES = 3
MAX_CATEGORY_LENGTH = 40
_NOT_A_CATEGORY = re.compile(r"[0-9@]|https?:|www\.", re.IGNORECASE)
DEFAULT_MIN_CELL = 3  # web.min_cell_size: no published predikat cell counts 1 or 2 people

# Why a figure is not shown: the open data's status columns hold these (empty = published).
PUBLISHED = ""
SMALL_SAMPLE = "sampel kurang"  # responses exist, fewer than the minimum sample
NO_RESPONDENTS = "belum ada responden"  # a surveyed agency without responses this period
NOT_SURVEYED = "tidak ada layanan yang disurvei"  # no response for the agency in any period
NOT_SCORED = "belum ada pegawai dinilai"
SMALL_GROUP = "kelompok kecil"  # fewer than min_group_size scored: average and distribution hidden
SMALL_CELLS = "sel kecil disembunyikan"  # some predikat cells hidden for privacy (protect_predikat)
HIDDEN_CELL = "disembunyikan"  # what a hidden predikat cell reads on a page


def ikm_note(status: str, respondents: int, min_responses: int | str) -> str:
    """The page text of an IKM state: 'sampel kurang (n = 12, minimal 20)', 'belum ada responden';
    `min_responses` may be the minimum in words ('278 menurut Krejcie–Morgan dari 1.000 penerima
    layanan': scoring.sample.minimum_text)."""
    if status == SMALL_SAMPLE:
        least = min_responses if isinstance(min_responses, str) else integer(min_responses)
        return f"{SMALL_SAMPLE} (n = {integer(respondents)}, minimal {least})"
    return status


def kinerja_note(status: str, scored: int, min_group_size: int) -> str:
    """The page text when the average and the whole distribution are hidden ('' otherwise)."""
    if status == SMALL_GROUP:
        return f"{SMALL_GROUP} (n = {integer(scored)}, minimal {integer(min_group_size)} pegawai dinilai)"
    return status if status == NOT_SCORED else ""


# ---- IKM -------------------------------------------------------------------------------------


def ikm_publishable(sufficient: pd.Series, respondents: pd.Series, value: pd.Series, min_responses: int) -> pd.Series:
    """True for an IKM cell that may be published on its own: the store judged it sufficient, it
    rests on at least `min_responses` responses (a number, or each cell's own minimum), and it
    has a value."""
    return (sufficient == 1) & (respondents >= min_responses) & value.notna()


def ikm_states(cells: pd.DataFrame) -> pd.Series:
    """PUBLISHED for a primary cell, else SMALL_SAMPLE (an IKM row exists, so it has responses, or
    the store judged it insufficient). SKM answers are anonymous: nothing more is hidden."""
    return pd.Series(np.where(cells["primary"].astype(bool), PUBLISHED, SMALL_SAMPLE), index=cells.index, dtype=object)


# ---- Nilai Akhir and predikat ----------------------------------------------------------------


def protect_predikat(counts: np.ndarray, min_cell: int) -> np.ndarray:
    """Which predikat cells to hide (True), per row of `counts` (groups x predikats, whole numbers).

    Primary: every cell counting 1 to min_cell - 1 people. Complementary, because the row's total
    of scored staff is published: while a row hides fewer than two cells, or its hidden cells
    together (total minus the published cells) hold fewer than min_cell + (hidden - 1) people, the
    smallest published non-zero cell is hidden as well. So no hidden cell can be worked out from
    the total, and each could hold min_cell or more people even if every other hidden cell held
    one. A row that cannot meet this hides every cell. Zero cells stay published: 'nobody' names
    no one. Deterministic: the same counts always hide the same cells, so a quarter resting on one
    month hides what that month hides.
    """
    counts = np.asarray(counts, dtype=np.int64).reshape(-1, len(PREDIKATS))
    hidden = (counts > 0) & (counts < min_cell)
    for row in np.flatnonzero(hidden.any(axis=1)):
        values, mask = counts[row], hidden[row]
        while mask.sum() < 2 or values[mask].sum() < min_cell + mask.sum() - 1:
            candidates = np.flatnonzero(~mask & (values > 0))
            if not len(candidates):
                mask[:] = True
                break
            # the smallest, and among equals the lower predikat (later in PREDIKATS)
            mask[max(candidates, key=lambda i: (-values[i], i))] = True
    return hidden


def kinerja_disclosure(
    scored: pd.Series, counts: pd.DataFrame, min_group_size: int, min_cell: int
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """(shown, hidden, status) per group: `shown` whether the average and distribution may be
    published at all (at least `min_group_size` scored), `hidden` the predikat cells to hide
    (`protect_predikat`, same shape as `counts`), `status` NOT_SCORED, SMALL_GROUP, SMALL_CELLS or
    PUBLISHED."""
    shown = scored >= max(1, min_group_size)
    hidden = pd.DataFrame(protect_predikat(counts.to_numpy(), min_cell), index=counts.index, columns=counts.columns)
    status = np.select([scored <= 0, ~shown, hidden.any(axis=1)], [NOT_SCORED, SMALL_GROUP, SMALL_CELLS], PUBLISHED)
    return shown, hidden, pd.Series(status, index=counts.index, dtype=object)


# ---- complaint categories --------------------------------------------------------------------


def public_category_labels(label: pd.Series, count: pd.Series) -> pd.Series:
    """Each label as it may be published: itself when it is a plain, recurring category (short,
    no digits, '@' or web address, used MIN_CATEGORY_USES times or more across all rows given,
    regardless of case), else 'Lainnya' — so a name or a phone number typed into the form's
    category cell never appears. `label` is already whitespace-normalised."""
    uses = count.groupby(label.str.casefold()).transform("sum")
    plain = (
        (label != "")
        & (label.str.len() <= MAX_CATEGORY_LENGTH)
        & ~label.str.contains(_NOT_A_CATEGORY)
        & (uses >= MIN_CATEGORY_USES)
    )
    return label.where(plain, OTHER_CATEGORY)
