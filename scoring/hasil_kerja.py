"""Hasil Kerja (work results): capaian per indicator, NHK per employee and month (docs/scoring.md §1).

Contract:
- `with_capaian(reports, params)`: the validated reports plus `capaian` and `capaian_capped`.
- `nhk_own(reports_with_capaian, params)`: one row per (period, nip) with `indicators`,
  `nhk_own` (weighted mean of capped capaian) and `indicators_low`.
- `citizen_share(frame, params)`: blends the unit's IKM into NHK for public-service staff.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import as_float, factorize_pairs
from scoring.params import ScoringParams
from scoring.rounding import round_half_up

KEYS = ["period", "nip"]
TURUN = "Turun"  # Arah: lower realisation is better (contract value; blank Arah = Naik upstream)

# ikm_source values written by scoring.ikm.employee_ikm, named in the note.
_SOURCE_NAMES = {"unit": "IKM unit", "opd": "IKM OPD"}


def with_capaian(reports: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """Return `reports` plus `capaian` (uncapped, %) and `capaian_capped` (min(capaian, cap)).

    Naik (higher is better): c = 100 × R / T.
    Turun (lower is better): c = 100 × (2 − R / T), floored at 0 — PermenPANRB 8/2021's
    capaian for indicators where a lower realisation is better, (1 + (1 − Realisasi/Target)) ×
    100 %, as cited in docs/scoring.md §1; the floor keeps a realisation above twice the target from
    producing a negative score.
    Example: T 5, R 4, Turun → 120; T 120, R 132, Naik → 110.
    """
    target = reports["target"].to_numpy(dtype=float)
    actual = reports["actual"].to_numpy(dtype=float)
    ratio = actual / target
    lower_is_better = reports["direction"].to_numpy() == TURUN
    capaian = np.where(lower_is_better, np.maximum(0.0, 100.0 * (2.0 - ratio)), 100.0 * ratio)
    # A shallow copy plus two new columns: the input frame is left as it was, and its millions
    # of text cells are not copied (DataFrame.assign would deep-copy them).
    out = reports.copy(deep=False)
    out["capaian"] = capaian
    out["capaian_capped"] = np.minimum(capaian, params.capaian_cap)
    return out


def nhk_own(reports_with_capaian: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """One row per (period, nip): `indicators`, `nhk_own` = Σ w·c' / Σ w, `indicators_low`.

    `indicators_low` counts indicators whose capped capaian, rounded half-up to 2 decimals, is
    under `params.indicator_low` (the feedback names them). Weights are given (blank Bobot = 1 is
    filled by the validator). Sorted by period, nip.
    """
    frame = reports_with_capaian
    group, periods, nips = factorize_pairs(frame["period"], frame["nip"])
    n = len(periods)
    weight = frame["weight"].to_numpy(dtype=float)
    capped = frame["capaian_capped"].to_numpy(dtype=float)
    low = round_half_up(capped, 2) < params.indicator_low
    return pd.DataFrame(
        {
            "period": periods,
            "nip": nips,
            "indicators": np.bincount(group, minlength=n).astype("int64"),
            "nhk_own": np.bincount(group, weights=weight * capped, minlength=n)
            / np.bincount(group, weights=weight, minlength=n),
            "indicators_low": np.bincount(group, weights=low, minlength=n).astype("int64"),
        },
        copy=False,  # every array above is new
    )


def citizen_share(frame: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """Return `frame` plus `c_ikm`, `ikm_used`, `nhk` and `ikm_note`.

    `frame` needs nhk_own, public_service (bool), ikm (float or NaN) and ikm_responses (int);
    `ikm_source` ('unit' | 'opd' | '') is used for the note when present; `ikm_sufficient` and
    `ikm_minimum` (scoring.ikm.employee_ikm: the IKM's unit-period minimum) decide when present.
    docs/scoring.md §1: for public-service staff whose unit has an IKM that meets its minimum
    sample (else at least `min_responses` responses), NHK = (1 − s)·NHK_own + s·c_ikm with s = `citizen_share` (0.20) and
    c_ikm = min(cap, 100 × IKM / 76.61), 76.61 being the lower bound of mutu B (Baik), so a unit
    at exactly "Baik" counts as 100 % of expectation. Otherwise NHK = NHK_own and, for
    public-service staff, `ikm_note` says why (in Indonesian). No NHK_own → no NHK.
    """
    public = frame["public_service"].to_numpy(dtype=bool)
    ikm = as_float(frame["ikm"])
    responses = np.nan_to_num(as_float(frame["ikm_responses"])).astype(np.int64)
    present = ~np.isnan(ikm)
    # The IKM's own unit-period minimum (Krejcie–Morgan or min_responses: scoring.sample), when
    # the frame carries it (scoring.ikm.employee_ikm); otherwise min_responses.
    if "ikm_sufficient" in frame:
        enough = frame["ikm_sufficient"].eq(True).to_numpy()
        minimum = (
            frame["ikm_minimum"].fillna("").astype(str).replace("", str(params.min_responses)).to_numpy(dtype=object)
            if "ikm_minimum" in frame
            else np.full(len(frame), str(params.min_responses), dtype=object)
        )
    else:
        enough = responses >= params.min_responses
        minimum = np.full(len(frame), str(params.min_responses), dtype=object)
    used = public & present & enough

    c_ikm = np.where(used, np.minimum(params.c_ikm_cap, 100.0 * ikm / params.ikm_target), np.nan)
    own = frame["nhk_own"].to_numpy(dtype=float)
    share = params.citizen_share
    nhk = np.where(used, (1.0 - share) * own + share * c_ikm, own)

    note = np.full(len(frame), "", dtype=object)
    absent = public & ~present
    note[absent] = "IKM unit belum tersedia untuk periode ini."
    too_few = public & present & ~used
    if too_few.any():
        if "ikm_source" in frame:
            source = frame["ikm_source"].to_numpy()[too_few]
            name = pd.Series(source).map(_SOURCE_NAMES).fillna("IKM unit").to_numpy()
        else:
            name = np.full(int(too_few.sum()), "IKM unit", dtype=object)
        note[too_few] = (
            pd.Series(name, dtype=object)
            + " belum dipakai: baru "
            + pd.Series(responses[too_few]).astype(str)
            + " responden (minimal "
            + pd.Series(minimum[too_few], dtype=object)
            + ")."
        ).to_numpy()
    return frame.assign(c_ikm=c_ikm, ikm_used=used, nhk=nhk, ikm_note=note)
