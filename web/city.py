"""The city headline of Beranda: what a journalist quotes first.

Pure functions from the public model's frames to figures; nothing here reads the store.

- The city IKM pools every response of the period: each agency's own row ('opd:<CODE>', which
  the worker already pools over the agency and its units) contributes NRR_j·n, and the city NRR_j
  is Σ NRR_j·n / Σ n, exactly the mean over all responses (as `scoring.periodic.pooled_ikm` pools
  months). SKM answers are anonymous, so the city IKM is published whenever the city's responses
  reach `min_responses` (docs/scoring.md §4), like any other IKM.
- Complaints are summed over agencies (counts of complaints, not of people).
- The agencies that moved most are taken only from changes the public model already publishes:
  an IKM change when both periods' IKMs are published, a Nilai Akhir change when both periods'
  groups reach `min_group_size`. No city total of Nilai Akhir or predikat is built: those are
  personal data, and a total would let a hidden small group be recovered by subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.ikm import mutu
from scoring.vocabulary import AGENCY_LEVEL, NRR_COLUMNS, SERVICE_UNIT_LEVEL

MOVERS = 3  # agencies named per direction


@dataclass(frozen=True)
class CityPeriod:
    """The pooled city figures of one period. `ikm` etc. are None when no response was valid."""

    period: str
    respondents: int
    nrr: tuple[float | None, ...]
    ikm: float | None
    mutu: str | None
    mutu_label: str | None
    agencies_surveyed: int  # agencies with at least one response
    # Service units with responses: the `unit:` rows (level 'unit') of the period, as the open data's
    # ikm-unit rows and the Laporan SKM count them; an agency answered for as a whole is an OPD, not
    # a unit, so it is counted in `agencies_surveyed` only.
    services: int
    complaints_received: int = 0
    complaints_in_limit: int = 0  # resolved within the working-day limit


def pool_ikm(respondents, nrr: np.ndarray) -> tuple[int, tuple[float | None, ...], float | None]:
    """(respondents, pooled NRR U1..U9, IKM) of groups with `respondents` and their NRRs (groups x 9):
    NRR_j = Σ NRR_j·n / Σ n over groups with responses; IKM = 25·Σ NRR_j / 9 (PermenPANRB 14/2017).

    >>> pool_ikm([30, 10], np.array([[4.0] * 9, [1.0] * 9]))[2]
    81.25
    """
    n = np.nan_to_num(np.asarray(respondents, dtype=float))
    values = np.asarray(nrr, dtype=float).reshape(len(n), len(NRR_COLUMNS))
    use = (n > 0) & np.isfinite(values).all(axis=1)
    total = float(n[use].sum())
    if total <= 0:
        return int(n.sum()), (None,) * len(NRR_COLUMNS), None
    pooled = (values[use] * n[use, None]).sum(axis=0) / total
    return int(total), tuple(float(v) for v in pooled), float(25.0 * pooled.sum() / len(NRR_COLUMNS))


def city_periods(cells: pd.DataFrame, complaints: pd.DataFrame) -> dict[str, CityPeriod]:
    """period -> CityPeriod, from the IKM cells of `web.model.ikm_cells` (agency and unit level)
    and the agency complaint sums of `web.model._complaints` (received, resolved_in_limit)."""
    out: dict[str, CityPeriod] = {}
    sums = (
        complaints.groupby("period")[["received", "resolved_in_limit"]].sum()
        if len(complaints)
        else pd.DataFrame(columns=["received", "resolved_in_limit"])
    )
    if cells.empty:  # no survey response yet: the complaints still count
        cells = pd.DataFrame(columns=["level", "period", "agency", "respondents", *NRR_COLUMNS])
    own = cells.loc[cells["level"] == AGENCY_LEVEL]
    units = cells.loc[(cells["level"] == SERVICE_UNIT_LEVEL) & (cells["respondents"] > 0)]
    unit_counts = units.groupby(["period", "agency"]).size()
    groups = dict(list(own.groupby("period")))
    # A period with complaints but no survey response has a headline too (its IKM is None).
    for period in sorted(set(groups) | set(sums.index)):
        group = groups.get(period, own.iloc[:0])
        nrr = group[list(NRR_COLUMNS)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        respondents, pooled, ikm = pool_ikm(group["respondents"].to_numpy(), nrr)
        codes, labels = mutu([np.nan if ikm is None else ikm])
        answered = group.loc[group["respondents"] > 0, "agency"]
        services = sum(int(unit_counts.get((period, code), 0)) for code in answered.unique())
        received, in_limit = sums.loc[period] if period in sums.index else (0, 0)
        out[str(period)] = CityPeriod(
            str(period),
            respondents,
            pooled,
            ikm,
            codes[0],
            labels[0],
            int(answered.nunique()),
            int(services),
            int(received),
            int(in_limit),
        )
    return out


@dataclass(frozen=True)
class Mover:
    code: str
    name: str
    change: float


def movers(rows, attribute: str, count: int = MOVERS) -> tuple[tuple[Mover, ...], tuple[Mover, ...]]:
    """(rose most, fell most) among `rows` (AgencyPeriod) by a published change (`ikm_change` or
    `na_change`; None = not published, skipped): at most `count` each, largest move first, ties by
    name. An agency that did not move is in neither."""
    found = [Mover(r.code, r.name, float(getattr(r, attribute))) for r in rows if getattr(r, attribute) is not None]
    # compared as displayed (2 decimals) so '+0,00' is never called a rise
    rose = sorted((m for m in found if round(m.change, 2) > 0), key=lambda m: (-m.change, m.name))
    fell = sorted((m for m in found if round(m.change, 2) < 0), key=lambda m: (m.change, m.name))
    return tuple(rose[:count]), tuple(fell[:count])
