"""One huge synthetic agency held in memory, for the benchmark: the four input tabs as RawTab.

100,000 employees x 12 months x 4 indicators = 4.8 million report rows, built with numpy
(no Python loop per row): text columns are object arrays repeating a small set of Python
strings, numbers are float64, NIPs valid 18-digit text. No mistakes, no blank rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from config.contract import AKTIF, LAPORAN, NAIK, PEGAWAI, PENILAIAN, PRESENSI, TIDAK, TURUN, YA
from sync.demo import catalog
from sync.demo.generate import months_back
from sync.sources.backend import RawTab

LAST_PERIOD = "2026-10"
UNIT_SIZE = 50  # employees per Unit Kerja
SPAN = 8  # direct reports per supervisor


def province_tabs(employees: int = 100_000, months: int = 12, indicators: int = 4, seed: int = 1) -> dict[str, RawTab]:
    """Pegawai, Laporan Kinerja, Penilaian Atasan and Presensi of one agency of `employees` people."""
    rng = np.random.default_rng(seed)
    periods = _objects(months_back(LAST_PERIOD, months))
    nips = make_nips(employees, rng)
    pegawai = _pegawai(nips, rng)
    return {
        PEGAWAI.name: _raw(PEGAWAI, pegawai),
        LAPORAN.name: _raw(LAPORAN, _reports(nips, periods, indicators, rng)),
        PENILAIAN.name: _raw(PENILAIAN, _ratings(nips, pegawai[4], periods, rng)),
        PRESENSI.name: _raw(PRESENSI, _attendance(nips, periods, rng)),
    }


def _objects(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _raw(tab, columns: list[np.ndarray]) -> RawTab:
    n = len(columns[0])
    body = pd.DataFrame(dict(enumerate(columns)), index=pd.RangeIndex(2, 2 + n))
    return RawTab(tab.name, [c.header for c in tab.columns], body)


def make_nips(count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct valid NIPs as Python str (object array), vectorised."""
    nips = np.zeros(0, dtype=np.int64)
    while len(nips) < count:
        k = count - len(nips)
        year = rng.integers(1966, 2001, k)
        month = rng.integers(1, 13, k)
        day = rng.integers(1, 29, k)  # every month has a 28th
        appointed = np.minimum(year + rng.integers(20, 36, k), 2024)
        appointed_month = rng.choice(np.array([1, 1, 2, 3, 4, 12]), k)
        sex = rng.integers(1, 3, k)
        seq = rng.integers(1, 1000, k)
        value = (
            ((year * 10_000 + month * 100 + day) * 1_000_000 + appointed * 100 + appointed_month) * 10_000
            + sex * 1_000
            + seq
        )
        nips = np.unique(np.concatenate([nips, value]))  # sorted; order is shuffled below
    nips = rng.permutation(nips)[:count]
    return nips.astype("U18").astype(object)


def _pegawai(nips: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    n = len(nips)
    first = np.array(catalog.MALE_NAMES + catalog.FEMALE_NAMES, dtype=object)
    second = np.array(catalog.MALE_SECOND + catalog.FEMALE_SECOND, dtype=object)
    # A few thousand names, combined once, then picked per employee.
    pool = (first[:, None] + " " + second[None, :]).ravel()
    names = pool[rng.integers(0, len(pool), n)]
    jobs = np.array(sorted({j.title for j in catalog.JOBS.values()}), dtype=object)
    positions = jobs[rng.integers(0, len(jobs), n)]
    positions[0] = "Kepala Dinas"
    n_units = max(1, -(-n // UNIT_SIZE))
    units = _objects([f"UPT Wilayah {k + 1:04d}" for k in range(n_units)])[np.arange(n) // UNIT_SIZE]
    idx = np.arange(n)
    supervisor = np.empty(n, dtype=object)
    supervisor[1:] = nips[(idx[1:] - 1) // SPAN]  # a tree: employee i reports to (i-1)//8
    supervisor[0] = None
    public = np.where(rng.random(n) < 0.3, YA, TIDAK).astype(object)
    status = np.full(n, AKTIF, dtype=object)
    email = np.full(n, None, dtype=object)  # the optional Email column, left blank
    return [nips, names, positions, units, supervisor, public, status, email]


def _reports(nips, periods, k: int, rng: np.random.Generator) -> list[np.ndarray]:
    n, m = len(nips), len(periods)
    pool = [ind for family in catalog.INDICATORS.values() for ind in family]
    plans = _objects([i.plan for i in pool])
    names = _objects([i.name for i in pool])
    measures = _objects([i.measure for i in pool])
    directions = _objects([TURUN if i.lower_better else NAIK for i in pool])
    low = np.array([i.low for i in pool])
    high = np.array([i.high for i in pool])
    # Per employee and slot: which indicator, its target; repeated every month.
    which = rng.integers(0, len(pool), (n, k)).ravel()
    target = np.round(low[which] + (high[which] - low[which]) * rng.random(n * k))
    target = np.maximum(target, 1.0)
    rows = n * k * m
    which_all = np.tile(which, m)
    target_all = np.tile(target, m)
    level = np.tile(np.repeat(rng.normal(1.02, 0.06, n), k), m)
    actual = np.round(target_all * np.clip(level * rng.normal(1.0, 0.05, rows), 0.3, 1.45), 1)
    lower = np.tile(np.array([i.lower_better for i in pool])[which], m)
    actual = np.where(lower, np.round(np.maximum(target_all * (2.0 - actual / target_all), 0.0), 1), actual)
    weight = np.tile(rng.choice(np.array([1.0, 1.0, 2.0, 3.0]), n * k), m)
    links = _objects([f"https://drive.google.com/file/d/1demoBukti{j:04d}xYz/view?usp=sharing" for j in range(500)])
    evidence = links[rng.integers(0, len(links), rows)]
    note = np.full(rows, None, dtype=object)
    return [
        np.repeat(periods, n * k),
        np.tile(np.repeat(nips, k), m),
        plans[which_all],
        names[which_all],
        target_all,
        actual,
        measures[which_all],
        directions[which_all],
        weight,
        evidence,
        note,
    ]


def _ratings(nips, supervisors, periods, rng: np.random.Generator) -> list[np.ndarray]:
    n, m = len(nips), len(periods)
    rows = n * m
    mu = np.tile(rng.normal(3.4, 0.3, n), m)
    scores = [np.clip(np.rint(mu + rng.normal(0, 0.5, rows)), 1, 5) for _ in range(8)]
    feedback_pool = _objects(catalog.FEEDBACK_MID + catalog.FEEDBACK_HIGH + (None,) * 14)
    feedback = feedback_pool[rng.integers(0, len(feedback_pool), rows)]
    return [np.repeat(periods, n), np.tile(nips, m), *scores, feedback, np.tile(supervisors, m)]


def _attendance(nips, periods, rng: np.random.Generator) -> list[np.ndarray]:
    n, m = len(nips), len(periods)
    rows = n * m
    days = np.repeat(rng.integers(19, 24, m).astype(float), n)
    absent = (rng.random(rows) < 0.02).astype(float)
    excused = np.where(rng.random(rows) < 0.15, rng.integers(1, 4, rows), 0).astype(float)
    present = np.maximum(days - absent - excused, 0.0)
    late = rng.poisson(0.8, rows).astype(float)
    early = rng.poisson(0.3, rows).astype(float)
    return [np.repeat(periods, n), np.tile(nips, m), days, present, late, early, absent]
