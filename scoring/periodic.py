"""Quarter (Triwulan) and year (Tahunan) results from the monthly ones (docs/scoring.md §5).

Contract:
- `periodic_results(results, params)`: one row per agency × quarter/year × employee with months;
  NHK and NPK are the means of the monthly values that exist, ratings, predikat and NA come from
  those means, and the row counts the months behind each (PERIODIC_COLUMNS).
- `periodic_summary(results_periodic, results=None)`: per agency × quarter/year, like
  scoring.summary.agency_summary (AGENCY_PERIODIC_COLUMNS).
- `pooled_ikm(ikm_monthly, params)`: IKM per unit × quarter/year pooled over the period's
  responses (docs/scoring.md §4: "not an average of monthly IKMs").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import as_float
from scoring.ikm import NRR_COLUMNS, mutu
from scoring.params import DI_BAWAH, ScoringParams
from scoring.periods import QUARTER, YEAR, per_unique, quarter_of, year_of
from scoring.predikat import nilai_akhir, predikat, rating, rating_perilaku
from scoring.summary import PREDIKAT_COLUMNS, with_predikat_counts
from scoring.trends import decimal_comma

KEYS = ["agency", "period", "nip"]
PERIODIC_COLUMNS = [
    "agency", "period", "kind", "nip", "name", "position", "unit", "months", "months_nhk",
    "months_npk", "nhk", "rating_hk", "npk", "rating_pk", "gate", "predikat", "na",
    "absent", "months_attendance", "gate_note",
]  # fmt: skip
AGENCY_PERIODIC_COLUMNS = [
    "agency", "period", "kind", "months", "headcount", "scored", "avg_nhk", "avg_npk", "avg_na",
    *PREDIKAT_COLUMNS.values(),
]  # fmt: skip
IKM_PERIODIC_COLUMNS = [
    "unit_id", "agency", "level", "unit_name", "period", "kind", "months", "respondents",
    *NRR_COLUMNS, "ikm", "mutu", "mutu_label", "sufficient",
]  # fmt: skip
_EMPLOYEE_FIELDS = ["name", "position", "unit"]


def _by_quarter_and_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Each monthly row twice, under its quarter and under its year; the month kept as `month`."""
    months = frame["period"].to_numpy(dtype=object)
    return pd.concat(
        [
            frame.assign(month=months, period=per_unique(months, quarter_of), kind=QUARTER),
            frame.assign(month=months, period=per_unique(months, year_of), kind=YEAR),
        ],
        ignore_index=True,
    )


def periodic_results(results: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """Quarter and year rows per employee (PERIODIC_COLUMNS), sorted by agency, period, nip.

    `months` counts the monthly result rows behind the row, `months_nhk` / `months_npk` those with
    an NHK / NPK; name, position and unit are the latest month's. `absent` is the period's total
    Tanpa Keterangan over the `months_attendance` months with an attendance row.

    Discipline gate for a period: the monthly gate (Tanpa Keterangan ≥ gate_absent_days days,
    docs/scoring.md §3) applied to the period's mean month, i.e. total Tanpa Keterangan ≥
    gate_absent_days × months with attendance. docs/scoring.md §5 derives the period's ratings "from
    those means", and NPK's discipline part is already a mean of the monthly D; gating on any one
    gated month instead would let a single month decide a whole year's Rating Perilaku.
    Example: 15 days in October and none in November and December → 15 ≥ 5 × 3 → gated; 6 days in
    October only → 6 < 15 → not gated (October itself stays gated in the monthly result).
    """
    frame = pd.DataFrame(
        {
            "agency": results["agency"].to_numpy(dtype=object),
            "period": results["period"].to_numpy(dtype=object),
            "nip": results["nip"].to_numpy(dtype=object),
            **{name: results[name].to_numpy(dtype=object) for name in _EMPLOYEE_FIELDS},
            "nhk": as_float(results["nhk"]),
            "npk": as_float(results["npk"]),
            "absent": as_float(results["absent"]),
        }
    )
    expanded = _by_quarter_and_year(frame).sort_values([*KEYS, "month"], kind="stable")
    grouped = expanded.groupby(KEYS, sort=True)
    out = grouped.agg(
        kind=("kind", "first"),
        months=("month", "size"),
        months_nhk=("nhk", "count"),
        months_npk=("npk", "count"),
        nhk=("nhk", "mean"),
        npk=("npk", "mean"),
        absent=("absent", "sum"),
        months_attendance=("absent", "count"),
    )
    latest = expanded.drop_duplicates(KEYS, keep="last").set_index(KEYS)[_EMPLOYEE_FIELDS]
    out = out.join(latest).reset_index()

    attended = out["months_attendance"].to_numpy(dtype=np.int64)
    absent = out["absent"].to_numpy(dtype=float)
    gate = (attended > 0) & (absent >= params.gate_absent_days * attended)
    rating_hk = rating(out["nhk"], params)
    rating_pk = rating_perilaku(out["npk"], gate, params)
    out = out.assign(
        absent=absent.astype(np.int64),
        gate=gate,
        rating_hk=rating_hk,
        rating_pk=rating_pk,
        predikat=predikat(rating_hk, rating_pk),
        na=nilai_akhir(out["nhk"], out["npk"], params),
    )
    out = out.assign(gate_note=_gate_note(out, params))
    return out[PERIODIC_COLUMNS]


def _gate_note(out: pd.DataFrame, params: ScoringParams) -> np.ndarray:
    """Why the gate set Rating Perilaku, where it did (rows with an NPK), in Indonesian."""
    applied = out["gate"].to_numpy(dtype=bool) & out["npk"].notna().to_numpy()
    note = np.full(len(out), "", dtype=object)
    if applied.any():
        attended = out["months_attendance"].to_numpy(dtype=np.int64)[applied]
        absent = out["absent"].to_numpy(dtype=np.int64)[applied]
        note[applied] = (
            "Rata-rata Tanpa Keterangan "
            + decimal_comma(absent / attended)
            + " hari per bulan ("
            + pd.Series(absent).astype(str).to_numpy(dtype=object)
            + " hari dalam "
            + pd.Series(attended).astype(str).to_numpy(dtype=object)
            + f" bulan; batas {params.gate_absent_days} hari per bulan) sehingga Rating Perilaku "
            + f"menjadi {DI_BAWAH}."
        )
    return note


def periodic_summary(results_periodic: pd.DataFrame, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per agency × quarter/year (AGENCY_PERIODIC_COLUMNS), from `periodic_results` rows.

    headcount = employees with any row in the period; scored = those with a periodic predikat;
    averages over the employees' periodic values; predikat counts from the periodic predikats.
    `months` = months with any monthly result for the agency, counted from the monthly `results`
    when given; without them, the most months any one employee has (equal in the pipeline, where
    every active employee has a row in every month scored).
    """
    keys = ["agency", "period"]
    if results_periodic.empty:
        return pd.DataFrame({name: [] for name in AGENCY_PERIODIC_COLUMNS})
    frame = results_periodic.assign(
        _scored=results_periodic["predikat"].notna(),
        **{name: as_float(results_periodic[name]) for name in ("nhk", "npk", "na", "months")},
    )
    grouped = frame.groupby(keys, sort=True)
    out = grouped.agg(
        kind=("kind", "first"),
        months=("months", "max"),
        headcount=("nip", "size"),
        scored=("_scored", "sum"),
        avg_nhk=("nhk", "mean"),
        avg_npk=("npk", "mean"),
        avg_na=("na", "mean"),
    )
    if results is not None:
        pairs = results[["agency", "period"]].drop_duplicates()
        agency_months = _by_quarter_and_year(pairs).groupby(keys, sort=True).size()
        out = out.assign(months=agency_months.reindex(out.index).fillna(out["months"]))
    out = with_predikat_counts(out, frame, keys)
    int_cols = ["months", "headcount", "scored", *PREDIKAT_COLUMNS.values()]
    return out.astype({c: "int64" for c in int_cols}).reset_index()[AGENCY_PERIODIC_COLUMNS]


def pooled_ikm(ikm_monthly: pd.DataFrame, params: ScoringParams, key: str = "unit_id") -> pd.DataFrame:
    """IKM per `key` × quarter/year pooled over the responses of the period (IKM_PERIODIC_COLUMNS).

    Each monthly NRR_j is the mean over that month's n valid responses, so NRR_j·n is the month's
    answer total and the pooled NRR_j = Σ NRR_jm·n_m / Σ n_m is exactly the mean over all the
    period's responses; IKM = 25·Σ NRR_j / 9 (PermenPANRB 14/2017). Months with too few responses
    still count in the pool; `sufficient` = pooled respondents ≥ min_responses. agency, level and
    unit_name (when present) are the latest month's. Example: 30 responses all 4 in July and 10
    all 1 in August pool to IKM 81.25, where the mean of the two monthly IKMs is 62.50.
    """
    respondents = np.nan_to_num(as_float(ikm_monthly["respondents"]))
    names = [c for c in ("agency", "level", "unit_name") if c in ikm_monthly.columns and c != key]
    frame = pd.DataFrame(
        {
            key: ikm_monthly[key].to_numpy(dtype=object),
            "period": ikm_monthly["period"].to_numpy(dtype=object),
            **{name: ikm_monthly[name].to_numpy(dtype=object) for name in names},
            "respondents": respondents,
            # a month without responses adds nothing (its NRR is undefined)
            **{nrr: np.where(respondents > 0, as_float(ikm_monthly[nrr]) * respondents, 0.0) for nrr in NRR_COLUMNS},
        }
    )
    expanded = _by_quarter_and_year(frame).sort_values([key, "period", "month"], kind="stable")
    grouped = expanded.groupby([key, "period"], sort=True)
    totals = grouped[["respondents", *NRR_COLUMNS]].sum()
    out = totals[["respondents"]].assign(
        kind=grouped["kind"].first(),
        months=grouped.size(),
        **{nrr: totals[nrr] / totals["respondents"].where(totals["respondents"] > 0) for nrr in NRR_COLUMNS},
    )
    ikm = 25.0 * out[list(NRR_COLUMNS)].sum(axis=1, min_count=len(NRR_COLUMNS)) / len(NRR_COLUMNS)
    codes, labels = mutu(ikm.to_numpy())
    latest = expanded.drop_duplicates([key, "period"], keep="last").set_index([key, "period"])[names]
    out = (
        out.join(latest)
        .assign(
            respondents=out["respondents"].astype(np.int64),
            months=out["months"].astype(np.int64),
            ikm=ikm,
            mutu=codes,
            mutu_label=labels,
            sufficient=out["respondents"] >= params.min_responses,
        )
        .reset_index()
    )
    columns = [c for c in IKM_PERIODIC_COLUMNS if c in out.columns or c == key]
    return out[[key, *[c for c in columns if c != key]]]
