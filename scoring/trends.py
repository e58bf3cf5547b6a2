"""Trends and "Perlu Perhatian" flags (docs/scoring.md §5), for employees, agencies and IKM units.

Contract:
- `employee_trends(results, params)`: the monthly results plus na_change (NA minus the NA of the
  previous calendar month), na_ma3 (mean of the NAs that exist in the 3 calendar months ending at
  the row's month), attention (bool) and attention_reason (Indonesian, '' when none).
- `agency_trends(summary, params)`: the same on an agency summary's avg_na, plus a flag when the
  share of employees with predikat Butuh Perbaikan or worse is above `params.attention_share`.
- `ikm_quarter_flags(ikm_periodic, params)`: prev_ikm, ikm_change, flagged, flag_reason on pooled
  quarter and year IKM rows; a quarter whose IKM fell `params.ikm_drop_points` or more is flagged.
Inputs are never mutated; values stay unrounded, and are rounded half-up to 2 decimals only before
being compared (docs/scoring.md: "rounded ... before comparing with a threshold") or shown in a reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import as_float
from scoring.indonesian import decimal_texts
from scoring.params import BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG, ScoringParams
from scoring.periods import QUARTER, kind, label, month_number, per_unique, previous_period
from scoring.rounding import round_half_up

# docs/scoring.md §5: "perlu perhatian" when ... the predikat is Butuh Perbaikan or worse.
ATTENTION_PREDIKATS = (BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
MOVING_AVERAGE_MONTHS = 3  # docs/scoring.md §5: "3-month moving average"
ARROW = " → "
REASON_SEPARATOR = "; "


def decimal_comma(values, decimals: int = 2) -> np.ndarray:
    """Numbers as Indonesian text, rounded half-up: 90.015 -> '90,02', 5 -> '5,00' (object array)."""
    return decimal_texts(values, decimals, missing=None)


class _MonthGrid:
    """Values per (key, calendar month) in a dense grid, to read "k months before" for every row.

    Rows are employees (or agencies) × months; a gap month is simply NaN in the grid, so a lag
    never silently jumps over a missing month the way a shift within a sorted group would.
    """

    def __init__(self, keys, months, values: np.ndarray):
        self.rows, uniques = pd.factorize(np.asarray(keys, dtype=object))
        numbers = per_unique(months, month_number).astype(np.int64)
        self.columns = numbers - (numbers.min() if len(numbers) else 0)
        width = int(self.columns.max()) + 1 if len(numbers) else 0
        self.grid = np.full((len(uniques), width), np.nan)
        self.grid[self.rows, self.columns] = values

    def before(self, months: int) -> np.ndarray:
        column = self.columns - months
        out = np.full(len(column), np.nan)
        known = column >= 0
        out[known] = self.grid[self.rows[known], column[known]]
        return out


def _trend(keys, months, values: np.ndarray, run: int, subject: str) -> dict[str, np.ndarray]:
    """change, ma3, declined (bool) and the decline reason for each row (see the module contract).

    "Fell three months running" = three month-on-month decreases over four consecutive calendar
    months, each with a value: a missing month breaks the run.
    """
    grid = _MonthGrid(keys, months, values)
    lags = [values] + [grid.before(k) for k in range(1, max(run, MOVING_AVERAGE_MONTHS - 1) + 1)]
    window = np.vstack(lags[:MOVING_AVERAGE_MONTHS])
    present = ~np.isnan(window)
    counts = present.sum(axis=0)
    totals = np.where(present, window, 0.0).sum(axis=0)
    ma3 = np.divide(totals, counts, out=np.full(len(values), np.nan), where=counts > 0)

    rounded = [round_half_up(lag, 2) for lag in lags[: run + 1]]
    declined = np.ones(len(values), dtype=bool)
    for k in range(run):  # one pass per month of the run, each over all rows; NaN compares False
        declined &= rounded[k] < rounded[k + 1]
    reason = np.full(len(values), "", dtype=object)
    if declined.any():
        path = decimal_comma(rounded[run][declined])  # oldest month first
        for k in range(run - 1, -1, -1):
            path = path + ARROW + decimal_comma(rounded[k][declined])
        reason[declined] = f"{subject} turun {run} bulan berturut-turut (" + path + ")"
    return {"change": values - lags[1], "ma3": ma3, "declined": declined, "reason": reason}


def _join_reasons(*reasons: np.ndarray) -> np.ndarray:
    """Reasons joined with '; ', skipping the empty ones."""
    joined = reasons[0]
    for more in reasons[1:]:
        both = (joined != "") & (more != "")
        joined = np.where(both, joined + REASON_SEPARATOR + more, joined + more)
    return joined.astype(object)


def employee_trends(results: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """`results` (monthly, one row per period × nip) + na_change, na_ma3, attention, attention_reason.

    Example: NA 95.10, 92.40, 90.02, 87.50 in Jul–Oct → October: attention, reason "Nilai Akhir
    turun 3 bulan berturut-turut (95,10 → 92,40 → 90,02 → 87,50)"; predikat Butuh Perbaikan →
    "Predikat Butuh Perbaikan". A result for a month the employee has no NA for is never flagged
    for a decline.
    """
    return results.assign(**trend_columns(results, params))


def trend_columns(results: pd.DataFrame, params: ScoringParams) -> dict[str, np.ndarray]:
    """The four columns employee_trends adds, as arrays in the rows' order (for a caller that adds
    them to a frame of its own without copying it)."""
    na = as_float(results["na"])
    trend = _trend(results["nip"], results["period"], na, params.attention_decline_months, "Nilai Akhir")
    predikat = results["predikat"].to_numpy(dtype=object)
    weak = pd.Series(predikat).isin(ATTENTION_PREDIKATS).to_numpy()
    predikat_reason = np.where(weak, "Predikat " + pd.Series(predikat).fillna("").astype(str), "")
    return {
        "na_change": trend["change"],
        "na_ma3": trend["ma3"],
        "attention": trend["declined"] | weak,
        "attention_reason": _join_reasons(trend["reason"], predikat_reason.astype(object)),
    }


def agency_trends(summary: pd.DataFrame, params: ScoringParams) -> pd.DataFrame:
    """An agency summary (agency, period, scored, avg_na, n_butuh_perbaikan, n_kurang,
    n_sangat_kurang) + na_change, na_ma3, attention, attention_reason.

    Attention: avg_na fell three months running, or more than `attention_share` of the employees
    with a predikat are Butuh Perbaikan or worse. The share is compared as a percentage rounded
    half-up to 2 decimals, strictly above the limit: 1 of 5 at a 0.20 limit is not flagged.
    """
    avg_na = as_float(summary["avg_na"])
    trend = _trend(
        summary["agency"], summary["period"], avg_na, params.attention_decline_months, "Rata-rata Nilai Akhir"
    )
    over, share_reason = share_attention(summary, params)
    return summary.assign(
        na_change=trend["change"],
        na_ma3=trend["ma3"],
        attention=trend["declined"] | over,
        attention_reason=_join_reasons(trend["reason"], share_reason),
    )


def share_attention(summary: pd.DataFrame, params: ScoringParams) -> tuple[np.ndarray, np.ndarray]:
    """agency_trends' second flag alone, from a summary's predikat counts: (over, reason) per row —
    more than `attention_share` of the employees with a predikat are Butuh Perbaikan or worse, and
    why ('' where not)."""
    weak = sum(np.nan_to_num(as_float(summary[c])) for c in ("n_butuh_perbaikan", "n_kurang", "n_sangat_kurang"))
    scored = np.nan_to_num(as_float(summary["scored"]))
    percent = round_half_up(np.divide(100.0 * weak, scored, out=np.zeros(len(scored)), where=scored > 0), 2)
    limit = round_half_up(100.0 * params.attention_share, 2)
    over = (scored > 0) & (percent > limit)
    share_reason = np.full(len(summary), "", dtype=object)
    if over.any():
        share_reason[over] = (
            pd.Series(weak[over].astype(np.int64)).astype(str)
            + " dari "
            + pd.Series(scored[over].astype(np.int64)).astype(str)
            + " pegawai ("
            + decimal_comma(percent[over])
            + "%) berpredikat Butuh Perbaikan atau lebih "
            + f"rendah, di atas batas {decimal_comma([limit])[0]}%"
        ).to_numpy()
    return over, share_reason


def ikm_quarter_flags(ikm_periodic: pd.DataFrame, params: ScoringParams, key: str = "unit_id") -> pd.DataFrame:
    """Pooled quarter/year IKM rows (`key`, period, ikm, sufficient) + prev_ikm, ikm_change,
    flagged, flag_reason.

    prev_ikm is the IKM of the same unit in the previous quarter (for a year row: the previous
    year) when that one rests on enough responses; ikm_change = ikm − prev_ikm when both do, since
    an IKM from too few responses is not published (docs/scoring.md §4) and a change against it would
    publish it. A quarter is flagged when its IKM, rounded half-up to 2 decimals, is at least
    `ikm_drop_points` below the previous quarter's (docs/scoring.md §5: "fell 5 points or more against
    the previous quarter"). Year rows get the year-on-year change but are never flagged: the rule
    is quarter-on-quarter, and a fall inside the year has already been flagged on its quarter.
    """
    periods = ikm_periodic["period"].to_numpy(dtype=object)
    kinds = per_unique(periods, kind)
    lookup = ikm_periodic[[key, "period", "ikm", "sufficient"]].drop_duplicates([key, "period"], keep="last")
    previous = pd.DataFrame(
        {key: ikm_periodic[key].to_numpy(dtype=object), "period": per_unique(periods, previous_period)}
    ).merge(lookup, on=[key, "period"], how="left")  # a left merge keeps the rows' order
    sufficient = ikm_periodic["sufficient"].eq(True).to_numpy()
    prev_sufficient = previous["sufficient"].eq(True).to_numpy()
    ikm = as_float(ikm_periodic["ikm"])
    prev_ikm = np.where(prev_sufficient, as_float(previous["ikm"]), np.nan)
    change = np.where(sufficient, ikm - prev_ikm, np.nan)

    drop = round_half_up(round_half_up(prev_ikm, 2) - round_half_up(ikm, 2), 2)
    fell = drop >= round_half_up(params.ikm_drop_points, 2)
    flagged = (kinds == QUARTER) & sufficient & prev_sufficient & fell
    reason = np.full(len(ikm_periodic), "", dtype=object)
    if flagged.any():
        reason[flagged] = (
            "IKM turun "
            + decimal_comma(drop[flagged])
            + " poin dari "
            + per_unique(previous["period"].to_numpy(dtype=object)[flagged], label)
            + " ("
            + decimal_comma(prev_ikm[flagged])
            + ARROW
            + decimal_comma(ikm[flagged])
            + ")"
        )
    return ikm_periodic.assign(prev_ikm=prev_ikm, ikm_change=change, flagged=flagged, flag_reason=reason)
