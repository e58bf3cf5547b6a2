"""Indeks Kepuasan Masyarakat (PermenPANRB 14/2017) and which IKM counts for an employee.

Contract:
- `ikm_table(responses, by, params)`: one row per group of `by` (e.g. ['unit_id', 'period'],
  ['agency', 'period'], or a quarter key for pooling) with respondents, NRR per element, IKM, mutu.
- `employee_ikm(employees_periods, unit_ikm, agency_ikm, params)`: the IKM that applies to each
  (period, nip): the unit's when sufficient, else the agency's when sufficient, else the
  insufficient one closest to the minimum (so the note can say "baru N responden").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import as_float
from scoring.params import MUTU_BANDS, ScoringParams
from scoring.rounding import round_half_up
from scoring.sample import minimum_text
from scoring.vocabulary import NRR_COLUMNS, SKM_KEYS

SOURCE_UNIT, SOURCE_AGENCY, SOURCE_NONE = "unit", "opd", ""


def mutu(ikm) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels) of the mutu pelayanan of each IKM, from the IKM rounded half-up to 2
    decimals against MUTU_BANDS (A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, else D); NaN → None."""
    rounded = round_half_up(np.asarray(ikm, dtype=float), 2)
    lowest = len(MUTU_BANDS) - 1
    index = np.select(
        # A, B, C by lower bound; D is everything under C (its 25.00 is the lowest IKM there is)
        [rounded >= lower for lower, _, _ in MUTU_BANDS[:-1]] + [rounded < MUTU_BANDS[-2][0]],
        list(range(lowest)) + [lowest],
        default=-1,  # NaN
    )
    codes = np.array([code for _, code, _ in MUTU_BANDS] + [None], dtype=object)
    labels = np.array([label for _, _, label in MUTU_BANDS] + [None], dtype=object)
    return codes[index], labels[index]


def ikm_table(responses: pd.DataFrame, by: list[str], params: ScoringParams) -> pd.DataFrame:
    """IKM per group of `by`, over valid responses (all nine answers whole numbers 1–4).

    Columns: *by, respondents, nrr_u1 … nrr_u9 (mean answer), ikm, mutu (A/B/C/D), mutu_label,
    sufficient (respondents ≥ min_responses; the sync then judges each row against its
    unit-period minimum sample with scoring.sample.judge). Sorted by `by`.

    PermenPANRB 14/2017: IKM = 25 × (Σ NRR_j) / 9 — each element weighs exactly 1/9. Many
    published sheets use the rounded weight 0.11, which understates every IKM by 1 % (example C
    of docs/scoring.md: 91.48 exact, 90.56 with 0.11), so the weight is never rounded here.
    Quarter and year IKM pool responses: call this with a quarter/year key in `by`.
    """
    by = list(by)
    answers = responses[list(SKM_KEYS)].to_numpy(dtype=float, na_value=np.nan)
    valid = ((answers >= 1) & (answers <= 4) & (answers == np.floor(answers))).all(axis=1)
    frame = responses.loc[valid, by].assign(**{nrr: answers[valid, j] for j, nrr in enumerate(NRR_COLUMNS)})
    grouped = frame.groupby(by, sort=True, observed=True)
    table = grouped[list(NRR_COLUMNS)].mean()
    table.insert(0, "respondents", grouped.size().astype("int64"))
    ikm = 25.0 * table[list(NRR_COLUMNS)].sum(axis=1) / len(SKM_KEYS)
    codes, labels = mutu(ikm.to_numpy())
    return table.assign(
        ikm=ikm,
        mutu=codes,
        mutu_label=labels,
        sufficient=table["respondents"] >= params.min_responses,
    ).reset_index()


def employee_ikm(
    employees_periods: pd.DataFrame,
    unit_ikm: pd.DataFrame,
    agency_ikm: pd.DataFrame,
    params: ScoringParams,
) -> pd.DataFrame:
    """The IKM that applies to each row of `employees_periods` (period, nip, agency, unit_id).

    docs/scoring.md §4: the employee's Unit Kerja's IKM when it has enough responses, else their
    agency's (over all responses for it and its units) when that has enough, else none. When
    neither is sufficient the one with more responses is returned (unit on a tie) with
    `ikm_sufficient` False, so the note can say how many responses there are so far.
    `unit_ikm` is `ikm_table(..., ['unit_id', 'period'])`; `agency_ikm` is keyed by
    (agency, period). Returns period, nip, ikm, ikm_responses (0 when none), ikm_source
    ('unit' | 'opd' | ''), ikm_sufficient, ikm_minimum (the minimum that applied, in words:
    scoring.sample.minimum_text), in the order of `employees_periods`. "Enough" is each row's own
    unit-period minimum when the frames were judged (scoring.sample.judge), else min_responses.
    """
    base = employees_periods[["period", "nip", "agency", "unit_id"]]
    units = _judged(unit_ikm, "unit_id", params).rename(
        columns={"ikm": "unit_ikm", "respondents": "unit_n", "_ok": "unit_ok", "_min": "unit_min"}
    )
    agencies = _judged(agency_ikm, "agency", params).rename(
        columns={"ikm": "agency_ikm", "respondents": "agency_n", "_ok": "agency_ok", "_min": "agency_min"}
    )
    merged = base.merge(units, on=["unit_id", "period"], how="left").merge(
        agencies, on=["agency", "period"], how="left"
    )
    unit_ikm_values = as_float(merged["unit_ikm"])
    agency_ikm_values = as_float(merged["agency_ikm"])
    no_unit = (merged["unit_id"].to_numpy() == "") | np.isnan(unit_ikm_values)
    unit_n = np.where(no_unit, 0, np.nan_to_num(as_float(merged["unit_n"]))).astype(np.int64)
    agency_n = np.nan_to_num(as_float(merged["agency_n"])).astype(np.int64)
    # Each IKM's own unit-period minimum decides (scoring.sample.judge); a frame without that
    # judgement falls back to min_responses.
    unit_ok = ~no_unit & merged["unit_ok"].eq(True).to_numpy()
    agency_ok = (agency_n > 0) & merged["agency_ok"].eq(True).to_numpy()
    pick_unit = unit_ok | (~agency_ok & (unit_n > 0) & (unit_n >= agency_n))
    pick_agency = ~pick_unit & (agency_n > 0)

    ikm = np.where(pick_unit, unit_ikm_values, np.where(pick_agency, agency_ikm_values, np.nan))
    responses = np.where(pick_unit, unit_n, np.where(pick_agency, agency_n, 0))
    source = np.where(pick_unit, SOURCE_UNIT, np.where(pick_agency, SOURCE_AGENCY, SOURCE_NONE))
    fallback = minimum_text(None, None, params.min_responses)
    minimum = np.where(
        pick_unit,
        merged["unit_min"].to_numpy(dtype=object),
        np.where(pick_agency, merged["agency_min"].to_numpy(dtype=object), fallback),
    )
    return pd.DataFrame(
        {
            "period": merged["period"].to_numpy(),
            "nip": merged["nip"].to_numpy(),
            "ikm": ikm,
            "ikm_responses": responses.astype("int64"),
            "ikm_source": source.astype(object),
            "ikm_sufficient": np.where(pick_unit, unit_ok, pick_agency & agency_ok),
            "ikm_minimum": pd.Series(minimum, dtype=object).fillna(fallback).to_numpy(dtype=object),
        }
    )


def _judged(frame: pd.DataFrame, key: str, params: ScoringParams) -> pd.DataFrame:
    """key, period, ikm, respondents, _ok (sufficient) and _min (the minimum in words) per row.

    `sufficient` as judged by scoring.sample.judge when the frame has min_sample (the sync's
    frames do); otherwise respondents >= min_responses (a frame built by ikm_table alone)."""
    out = frame[[key, "period", "ikm", "respondents"]]
    n = np.nan_to_num(as_float(frame["respondents"])).astype(np.int64)
    if "min_sample" in frame and "sufficient" in frame:
        ok = pd.to_numeric(frame["sufficient"], errors="coerce").fillna(0).to_numpy() != 0
        none = np.full(len(frame), None, dtype=object)
        rules = frame["sample_rule"].to_numpy(dtype=object) if "sample_rule" in frame else none
        sizes = frame["population_n"].to_numpy(dtype=object) if "population_n" in frame else none
        text = [
            minimum_text(r, p, m) if not pd.isna(m) else minimum_text(None, None, params.min_responses)
            for r, p, m in zip(rules, sizes, frame["min_sample"])
        ]
    else:
        ok = n >= params.min_responses
        text = [minimum_text(None, None, params.min_responses)] * len(frame)
    return out.assign(_ok=ok, _min=pd.Series(text, index=frame.index, dtype=object))
