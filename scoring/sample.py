"""Sample adequacy of the citizen survey (PermenPANRB 14/2017) and where a follow-up plan starts.

Pure: frames in, frames out. PermenPANRB 14/2017 sizes the SKM sample by Krejcie and Morgan:

    S = λ²·N·P(1−P) / (d²(N−1) + λ²·P(1−P)),  λ² = 3,841 (χ², 1 df, 95 %), P = 0,5, d = 0,05

with N the number of service recipients in the survey period. S is rounded UP: a sample of 79,5
people is 80 (N = 100 -> 80, N = 1.000 -> 278, N = 1.000.000 -> 384, the regulation's table).
Exact fractions, not floats, so a value just under a whole number never rounds up by noise.

Which population a result is judged by (the unit-period rule):
- a month's result: that month's own population only. A quarter's or a year's population is NOT
  spread over its months: dividing assumes visitors arrive evenly (school enrolments and permit
  seasons do not), and the formula is not linear in N, so a year's N cannot be split afterwards.
- a quarter's result: the quarter's own population, else the sum of its three months when all
  three are given (recipients of different months are counted as different people, which
  slightly overstates N and so errs towards a larger minimum).
- a year's result: the year's own population, else the sum of its four quarters when every
  quarter is known (each from its own row or its three months).
- a quarter or year whose population is known for only some of its months (or quarters): the
  recipients counted so far are a lower bound of its N, and Krejcie–Morgan's S grows with N, so
  S(counted so far) is a lower bound of the period's own minimum. PermenPANRB 14/2017 (Lampiran,
  "Populasi dan Sampel") sizes the sample from the population of recipients in the survey period,
  so a quarter whose October alone needs 142 answers cannot need only `min_responses` = 20: the
  minimum is max(S(counted so far), min_responses) and never below the strictest minimum of its
  months that have a population. (An unknown month adds recipients, never removes them.)
Without any population the configured `min_responses` decides, as before ("min_responses" rule).

Adequacy is reported beside the IKM; it does not change whether an IKM is published or used in
the employees' scores: that floor stays `min_responses` (SCORING.md §1), because a Solok unit
serving 1.000 people a month would need 278 answers a month before its IKM counted at all.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from scoring.indonesian import count

LAMBDA_SQUARED = Fraction(3841, 1000)
P = Fraction(1, 2)
D = Fraction(5, 100)

RULE_KREJCIE_MORGAN = "krejcie_morgan"
RULE_MIN_RESPONSES = "min_responses"

ADEQUACY_COLUMNS = ("unit_id", "agency", "period", "respondents", "population", "min_sample", "rule", "adequate")
PROPOSAL_COLUMNS = ("unit_id", "agency", "period", "element", "nrr", "rank")
# How many of a unit-period's weakest elements `Usulan RTL` proposes (see weakest_elements).
PROPOSED_ELEMENTS = 3


def krejcie_morgan(population: int) -> int:
    """The minimum SKM sample for a population of `population` recipients (rounded up)."""
    n = int(population)
    if n <= 0:
        return 0
    spread = LAMBDA_SQUARED * P * (1 - P)
    exact = spread * n / (D * D * (n - 1) + spread)
    return min(n, math.ceil(exact))


def _months_of_quarter(quarter: str) -> list[str]:
    q = int(quarter[6])
    return [f"{quarter[:4]}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]


def period_populations(population: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(unit_id, period) -> the population a result of that period is judged by (rules above)."""
    own = {
        (u, str(p)): int(n) for u, p, n in zip(population["unit_id"], population["period"], population["population"])
    }
    out = dict(own)
    units = {u for u, _ in own}
    years = {p[:4] for _, p in own}
    for unit in units:
        for year in years:
            quarters = {}
            for q in range(1, 5):
                key = f"{year}-Q{q}"
                if (unit, key) in own:
                    quarters[key] = own[(unit, key)]
                else:
                    months = [own.get((unit, m)) for m in _months_of_quarter(key)]
                    if all(m is not None for m in months):
                        quarters[key] = sum(months)
                        out[(unit, key)] = quarters[key]
            if (unit, year) not in own and len(quarters) == 4:
                out[(unit, year)] = sum(quarters.values())
    return out


def partial_populations(population: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(unit_id, quarter or year) -> the recipients counted so far, for a period whose population
    `period_populations` cannot give because some of its months (quarters) have no row: the sum
    of the known parts, a lower bound of the period's N (module docstring)."""
    full = period_populations(population)
    out: dict[tuple[str, str], int] = {}
    months: dict[tuple[str, str], int] = {}
    for (unit, period), n in full.items():
        if len(period) == 7 and period[4] == "-" and period[5] != "Q":
            months[(unit, period)] = n
    for unit, period in {(u, p[:4]) for u, p in full}:
        year = period
        parts = 0
        for q in range(1, 5):
            key = f"{year}-Q{q}"
            if (unit, key) in full:
                parts += full[(unit, key)]
                continue
            counted = sum(months.get((unit, m), 0) for m in _months_of_quarter(key))
            if counted:
                out[(unit, key)] = counted
                parts += counted
        if (unit, year) not in full and parts:
            out[(unit, year)] = parts
    return out


def minimum_sample(
    unit_ids,
    periods,
    respondents,
    known: dict[tuple[str, str], int],
    min_responses: int,
    partial: dict[tuple[str, str], int] | None = None,
) -> tuple[pd.array, np.ndarray, np.ndarray, np.ndarray]:
    """(population, min_sample, rule, adequate) per (unit_id, period, respondents): the one rule.
    `known` is `period_populations(...)`, `partial` is `partial_populations(...)`: a period known
    only in part is judged by its counted recipients when their minimum exceeds `min_responses`
    (module docstring); its population is then that count."""
    partial = partial or {}
    sizes = []
    for u, p in zip(unit_ids, periods):
        key = (str(u), str(p))
        size = known.get(key)
        if size is None and key in partial and krejcie_morgan(partial[key]) > int(min_responses):
            size = partial[key]
        sizes.append(size)
    has = np.array([s is not None for s in sizes], dtype=bool)
    pop = pd.array([s if s is not None else pd.NA for s in sizes], dtype="Int64")
    minimum = np.array([krejcie_morgan(s) if s is not None else int(min_responses) for s in sizes], dtype=np.int64)
    n = pd.Series(respondents).fillna(0).astype(np.int64).to_numpy()
    return pop, minimum, np.where(has, RULE_KREJCIE_MORGAN, RULE_MIN_RESPONSES).astype(object), n >= minimum


def sample_adequacy(results: pd.DataFrame, population: pd.DataFrame, min_responses: int) -> pd.DataFrame:
    """Per result row (unit_id, agency, period, respondents): the minimum sample and whether n
    reaches it. `population`: unit_id, period ('YYYY-MM', 'YYYY-Qn' or 'YYYY'), population."""
    known = period_populations(population)
    frame = results[["unit_id", "agency", "period", "respondents"]].reset_index(drop=True)
    pop, minimum, rule, adequate = minimum_sample(
        frame["unit_id"], frame["period"], frame["respondents"], known, min_responses, partial_populations(population)
    )
    return frame.assign(
        respondents=frame["respondents"].fillna(0).astype(np.int64).to_numpy(),
        population=pop,
        min_sample=minimum,
        rule=rule,
        adequate=adequate,
    )[list(ADEQUACY_COLUMNS)]


def judge(
    frame: pd.DataFrame, population: pd.DataFrame | None, min_responses: int, unit_ids: pd.Series | None = None
) -> pd.DataFrame:
    """An IKM frame (period, respondents; unit_id unless `unit_ids` is given) with `sufficient`
    = respondents >= its unit-period minimum, plus min_sample, sample_rule and population_n."""
    if population is None:
        population = pd.DataFrame(columns=["unit_id", "period", "population"])
    ids = frame["unit_id"] if unit_ids is None else unit_ids
    pop, minimum, rule, adequate = minimum_sample(
        ids,
        frame["period"],
        frame["respondents"],
        period_populations(population),
        min_responses,
        partial_populations(population),
    )
    return frame.assign(sufficient=adequate, min_sample=minimum, sample_rule=rule, population_n=pop)


def minimum_text(rule, population, min_sample) -> str:
    """The minimum that applied, in words: '278 menurut Krejcie–Morgan dari 1.000 penerima
    layanan' or '20' (the configured min_responses)."""
    if rule == RULE_KREJCIE_MORGAN and population is not None and not pd.isna(population):
        return f"{count(int(min_sample))} menurut Krejcie–Morgan dari {count(int(population))} penerima layanan"
    return count(int(min_sample))


def weakest_elements(ikm: pd.DataFrame, keys: tuple[str, ...], count: int = PROPOSED_ELEMENTS) -> pd.DataFrame:
    """The `count` lowest-NRR elements of each unit-period whose IKM rests on enough responses.

    Why the lowest three rather than all below a threshold: 14/2017 asks each unit to follow up
    its weakest elements every period, and a threshold at mutu C (NRR below 3,0644) would propose
    nothing for a unit whose every element is B, the usual case. Three is what published reports
    commonly follow up; ties keep the questionnaire's order (U1 before U9). A result below its
    minimum sample (`judge`) proposes nothing: its NRRs are too noisy to rank.
    """
    columns = [f"nrr_{k}" for k in keys]
    base = ikm[ikm["sufficient"].eq(True)] if len(ikm) else ikm
    if base.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="int64" if c == "rank" else ("float64" if c == "nrr" else "object"))
                for c in PROPOSAL_COLUMNS
            }
        )
    long = base[["unit_id", "agency", "period", *columns]].melt(
        id_vars=["unit_id", "agency", "period"], value_vars=columns, var_name="element", value_name="nrr"
    )
    long["element"] = long["element"].str[4:]
    long["order"] = long["element"].map({k: i for i, k in enumerate(keys)})
    long = long.dropna(subset=["nrr"]).sort_values(["unit_id", "period", "nrr", "order"], kind="stable")
    long["rank"] = long.groupby(["unit_id", "period"]).cumcount() + 1
    out = long[long["rank"] <= count]
    return out[list(PROPOSAL_COLUMNS)].reset_index(drop=True).astype({"rank": "int64", "nrr": "float64"})
