"""A deterministic, realistic Kota Solok: agencies, people, 12 months of work, citizens' voice.

`generate_city(scale, seed)` returns every workbook as lists of rows, cells as a spreadsheet holds
them (str, int, float, datetime, None), and the list of rows deliberately spoiled
(`mistakes.py`) so tests can check the validator catches each one. The same seed gives the same
city: all randomness comes from one `random.Random(seed)`.

What the HR officer should see in the demo (`DemoCity.highlights` names the people and units):
employees improving or declining over the year (two of them declining three months running),
two with a month of >= 5 days absent without leave (the discipline gate), a few missing months,
a last month not everyone has reported yet, Nonaktif staff, and in the survey a unit whose
IKM falls 5+ points in one quarter after complaints about slow service.
"""

from __future__ import annotations

import base64
import calendar
import random
from dataclasses import dataclass, field
from datetime import datetime

from config.contract import AKTIF, FORM, LAPORAN, NAIK, NONAKTIF, PEGAWAI, PENILAIAN, PRESENSI, TIDAK, TURUN, YA
from scoring.indonesian import comma, month_name
from sync.demo import catalog
from sync.demo.city import build_city_workbook, service_points
from sync.demo.followup import followup_tabs
from sync.demo.mistakes import Mistake, plant_mistakes

CITY_SPREADSHEET = "kota"
CITY_NAME = "Pemerintah Kota Solok"


@dataclass(frozen=True)
class DemoScale:
    """How big the demo city is. `indicators_per_employee` is a count or an inclusive (low, high)."""

    agencies: int = 20
    employees: int = 400
    months: int = 12
    indicators_per_employee: int | tuple[int, int] = (3, 4)
    responses: int = 4_000
    complaints: int = 150
    error_rate: float = 0.01
    last_period: str = "2026-10"

    def __post_init__(self):
        low, high = self.indicator_range
        if not 1 <= low <= high <= 5:
            raise ValueError("indicators_per_employee must be within 1..5")
        if self.agencies < 1 or self.months < 1 or self.employees < self.agencies:
            raise ValueError("a demo city needs at least one agency, one month and one employee per agency")
        if not 0 <= self.error_rate < 0.5:
            raise ValueError("error_rate must be within 0..0.5")

    @property
    def indicator_range(self) -> tuple[int, int]:
        n = self.indicators_per_employee
        return (n, n) if isinstance(n, int) else (int(n[0]), int(n[1]))


@dataclass
class DemoAgency:
    code: str
    name: str
    spreadsheet: str
    units: list[str]
    aliases: list[str]
    service_units: list[str] = field(default_factory=list)  # units citizens rate in the survey


@dataclass
class DemoCity:
    agencies: list[DemoAgency]
    city_spreadsheet: str
    workbooks: dict[str, dict[str, list[list]]]
    mistakes: list[Mistake]
    months: list[str] = field(default_factory=list)
    last_period: str = ""
    name: str = CITY_NAME
    # Who and what the demo is meant to show; see the module docstring.
    highlights: dict[str, list] = field(default_factory=dict)


def months_back(last_period: str, count: int) -> list[str]:
    """`count` months ending at `last_period`, oldest first: ('2026-10', 3) -> 2026-08..2026-10."""
    year, month = map(int, last_period.split("-"))
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def generate_city(scale: DemoScale = DemoScale(), seed: int = 42) -> DemoCity:
    """Build the whole demo city (see the module docstring). Deterministic in `seed`."""
    rng = random.Random(seed)
    months = months_back(scale.last_period, scale.months)
    specs = catalog.agency_specs(scale.agencies)
    nips = NipMaker(rng)
    names = NameMaker(rng)
    counts = catalog.allocate(scale.employees, [s.size for s in specs], minimum=1)
    rosters = [build_roster(spec, n, rng, nips, names, scale) for spec, n in zip(specs, counts)]
    story = plan_stories([p for roster in rosters for p in roster], len(months), rng)

    workbooks: dict[str, dict[str, list[list]]] = {}
    agencies = []
    blank_at = {(specs[i].spreadsheet, tab) for i, tab in _blank_row_spots(len(specs), rng)}
    for spec, roster in zip(specs, rosters):
        workbooks[spec.spreadsheet] = agency_workbook(spec, roster, months, story, rng, blank_at)
        units = list(dict.fromkeys(p.unit for p in roster if p.unit))
        service = [s.name for s in spec.sections if s.service and s.name in units]
        agencies.append(DemoAgency(spec.code, spec.name, spec.spreadsheet, units, list(spec.aliases), service))

    city_tabs, city_highlights = build_city_workbook(
        agencies, months, scale.responses, scale.complaints, rng, officers=complaint_officers(specs, rosters)
    )
    workbooks[CITY_SPREADSHEET] = city_tabs
    mistakes = plant_mistakes(
        workbooks,
        agency_stems=[s.spreadsheet for s in specs],
        city_stem=CITY_SPREADSHEET,
        rate=scale.error_rate,
        rng=rng,
        protected=story.protected,
        new_nip=lambda: nips.make(rng.random() < 0.5),
        year=int(scale.last_period[:4]),
    )
    # Populasi Layanan and Rencana Tindak Lanjut, with their own planted mistakes (no random draws).
    followup, followup_mistakes = followup_tabs(
        service_points(agencies), months, CITY_SPREADSHEET, workbooks[CITY_SPREADSHEET][FORM.name]
    )
    workbooks[CITY_SPREADSHEET].update(followup)
    mistakes = sorted(mistakes + followup_mistakes, key=lambda m: (m.spreadsheet, m.tab, m.row))
    highlights = {
        "improving": story.improving,
        "declining": story.declining,
        "three_month_decline": story.fall3,
        "discipline_gate": [(nip, months[m]) for nip, m in story.gate.items()],
        "missing": [(nip, months[m], tab) for nip, m, tab in story.missing_list],
        "inactive": story.inactive,
        **city_highlights,
    }
    return DemoCity(agencies, CITY_SPREADSHEET, workbooks, mistakes, months, scale.last_period, CITY_NAME, highlights)


# ---- People -----------------------------------------------------------------------------------


def complaint_officers(specs, rosters) -> dict[tuple[str, str], list[str]]:
    """(agency code, unit) -> the active front-line staff who may handle its complaints; unit ''
    holds every one of the agency's (for complaints about the agency as a whole)."""
    officers: dict[tuple[str, str], list[str]] = {}
    for spec, roster in zip(specs, rosters):
        for person in roster:
            if person.public and person.active:
                officers.setdefault((spec.code, person.unit), []).append(person.nip)
                officers.setdefault((spec.code, ""), []).append(person.nip)
    return officers


class NipMaker:
    """Unique, structurally valid NIPs: birth date, appointment year+month, sex digit, sequence."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, female: bool, born: tuple[int, int] = (1966, 2000), appointed_after: int = 20) -> str:
        rng = self.rng
        while True:
            year = rng.randint(*born)
            month = rng.randint(1, 12)
            day = rng.randint(1, calendar.monthrange(year, month)[1])
            # Appointed (CPNS) at 20 or later, and no later than 2024.
            first = min(year + appointed_after, 2024)
            appointed = rng.randint(first, min(year + 35, 2024))
            nip = f"{year:04d}{month:02d}{day:02d}{appointed:04d}{rng.choice((1, 1, 2, 3, 4, 12)):02d}{2 if female else 1}{rng.randint(1, 150):03d}"
            if nip not in self.used:
                self.used.add(nip)
                return nip


class NameMaker:
    """Minangkabau / Indonesian names, unique within the city; titles added by the caller."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, female: bool) -> str:
        rng = self.rng
        first = catalog.FEMALE_NAMES if female else catalog.MALE_NAMES
        second = catalog.FEMALE_SECOND if female else catalog.MALE_SECOND
        for attempt in range(50):
            roll = rng.random()
            if roll < 0.12:
                name = rng.choice(first)  # a single name, common among older Minang
            elif roll < 0.22:
                name = f"{rng.choice(first)} {rng.choice(first)} {rng.choice(second)}"
            else:
                name = f"{rng.choice(first)} {rng.choice(second)}"
            if name not in self.used or attempt == 49:
                self.used.add(name)
                return name
        raise AssertionError("unreachable")


@dataclass
class Person:
    nip: str
    name: str
    position: str
    unit: str
    supervisor: str
    public: bool
    family: str
    role: str  # 'head' | 'deputy' | 'section' | 'staff'
    level: float = 1.0  # usual capaian as a fraction of target
    slope: float = 0.0  # change of level per month
    conduct: float = 3.45  # usual supervisor rating (1..5)
    late_rate: float = 0.8  # mean late arrivals a month
    active_until: int = 10**6  # month index at which a Nonaktif employee stopped
    indicators: list = field(default_factory=list)  # (Indicator, target, weight)

    @property
    def active(self) -> bool:
        return self.active_until >= 10**6


def _titled(name: str, degrees: tuple[str, ...], prefix: str, rng: random.Random) -> str:
    degree = rng.choice(degrees)
    name = f"{prefix} {name}" if prefix else name
    return f"{name}, {degree}" if degree else name


def build_roster(
    spec: catalog.AgencySpec, n: int, rng: random.Random, nips: NipMaker, names: NameMaker, scale: DemoScale
) -> list[Person]:
    """The agency's Pegawai: head, deputy, section heads, staff, with the supervisor tree."""
    people: list[Person] = []

    def add(position, unit, supervisor, public, family, role, degrees, prefix="", born=(1966, 2000)) -> Person:
        female = rng.random() < (0.62 if family in ("keperawatan", "kebidanan") else 0.45)
        if family == "kebidanan":
            female = True
        senior = role in ("head", "deputy", "section")
        nip = nips.make(female, born=born, appointed_after=22 if senior else 20)
        title_prefix = prefix if (prefix and (role == "staff" or rng.random() < 0.6)) else ""
        name = _titled(names.make(female), degrees, title_prefix, rng)
        person = Person(nip, name, position, unit, supervisor, public, family, role)
        people.append(person)
        return person

    head = add(
        spec.head, "", "", False, catalog.FAMILY_HEAD, "head", spec.head_degrees, spec.head_prefix, born=(1967, 1978)
    )
    if n >= 2:
        deputy = add(
            spec.deputy,
            spec.office,
            head.nip,
            False,
            catalog.FAMILY_SECTION_HEAD,
            "deputy",
            catalog.SECTION_HEAD_DEGREES,
            born=(1968, 1982),
        )
        remaining = n - 2
        sections = list(spec.sections[: remaining // 3]) if remaining >= 3 else []
        leaders = [
            add(
                s.head,
                s.name,
                head.nip,
                s.service,
                s.head_family,
                "section",
                s.head_degrees,
                s.head_prefix,
                born=(1970, 1988),
            )
            for s in sections
        ]
        staff = remaining - len(sections)
        groups = [(spec.office, spec.office_jobs, deputy.nip)] + [
            (s.name, s.jobs, lead.nip) for s, lead in zip(sections, leaders)
        ]
        weights = [1.0] + [s.weight for s in sections]
        for (unit, jobs, boss), count in zip(groups, catalog.allocate(staff, weights)):
            pool = list(jobs)
            rng.shuffle(pool)
            for k in range(count):
                job = catalog.JOBS[pool[k % len(pool)]]
                add(job.title, unit, boss, job.public, job.family, "staff", job.degrees, job.prefix)
    low, high = scale.indicator_range
    for person in people:
        _set_tier(person, rng)
        person.indicators = _pick_indicators(person.family, rng.randint(low, high), rng)
    return people


# Tiers (share, level mean, level sd, rating mean): a few stars, most solid, some struggling,
# so predikat come out as agencies usually see them: mostly Baik, some Sangat Baik, a few below.
TIERS = ((0.12, 1.16, 0.03, 4.4), (0.78, 1.01, 0.04, 3.45), (0.10, 0.90, 0.04, 3.0))


def _set_tier(person: Person, rng: random.Random) -> None:
    roll, cumulative = rng.random(), 0.0
    for share, level, spread, conduct in TIERS:
        cumulative += share
        if roll < cumulative:
            break
    person.level = rng.gauss(level, spread)
    person.conduct = rng.gauss(conduct, 0.12)
    habitual = rng.random() < 0.06 and conduct < 4  # habitual latecomers are not the stars
    person.late_rate = (
        rng.uniform(3.0, 5.0) if habitual else rng.uniform(0.0, 0.4) if conduct >= 4 else rng.uniform(0.1, 1.0)
    )


def _pick_indicators(family: str, count: int, rng: random.Random) -> list:
    pool = list(catalog.INDICATORS.get(family, ()))
    rng.shuffle(pool)
    chosen = pool[:count]
    fillers = list(catalog.GENERIC_INDICATORS)
    rng.shuffle(fillers)
    chosen += fillers[: count - len(chosen)]
    weights = _weights(len(chosen), rng)
    return [(ind, _target(ind, rng), w) for ind, w in zip(chosen, weights)]


def _weights(count: int, rng: random.Random) -> list:
    """Bobot as agencies fill it: often blank, sometimes small integers, sometimes percentages."""
    roll = rng.random()
    if roll < 0.4:
        return [None] * count
    if roll < 0.7:
        return [rng.choice((1, 2, 2, 3)) if i == 0 else rng.choice((1, 1, 2)) for i in range(count)]
    percents = {1: [100], 2: [60, 40], 3: [40, 30, 30], 4: [30, 30, 20, 20], 5: [30, 20, 20, 15, 15]}[count]
    return percents


def _target(ind: catalog.Indicator, rng: random.Random) -> float | int:
    if ind.percent:
        return rng.choice(sorted({int(ind.low), int(ind.high)}))
    if ind.low == ind.high:
        return int(ind.low)
    value = rng.randint(int(ind.low), int(ind.high))
    if value >= 100:
        value = round(value, -1)  # targets above 100 are usually round numbers
    return value


# ---- Stories: who improves, declines, misses months, breaks discipline ----------------------------


@dataclass
class Story:
    improving: list[str] = field(default_factory=list)
    declining: list[str] = field(default_factory=list)
    fall3: list[str] = field(default_factory=list)  # a strict decline over the last 4 months
    gate: dict[str, int] = field(default_factory=dict)  # nip -> month index with >= 5 days absent
    missing: set[tuple[str, int, str]] = field(default_factory=set)  # (nip, month index, tab name)
    missing_list: list[tuple[str, int, str]] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)
    protected: set[str] = field(default_factory=set)  # nips never given a mistake or a gap


FALL3_LEVELS = (1.06, 0.96, 0.86, 0.74)
FALL3_RATINGS = ((4,) * 7 + (4,), (4, 4, 4, 3, 3, 4, 3) + (4,), (3,) * 7 + (3,), (2,) * 7 + (2,))
FALL3_LATE = (0, 1, 3, 5)


def _fall3_ok(p: Person) -> bool:
    """A decline shows cleanly only on indicators whose rounding cannot hide a 10% step."""
    return all(not i.lower_better and (i.percent or t >= 20) for i, t, _ in p.indicators)


def plan_stories(people: list[Person], n_months: int, rng: random.Random) -> Story:
    story = Story()
    staff = [p for p in people if p.role in ("staff", "section")]
    # Two employees decline three months running (not public-facing: the unit's IKM would blur it).
    candidates = [p for p in staff if not p.public and _fall3_ok(p)]
    if n_months >= 4:
        for p in rng.sample(candidates, min(2, len(candidates))):
            story.fall3.append(p.nip)
    # Two employees each have one month with >= 5 days absent without leave.
    taken = set(story.fall3)
    pool = [p for p in staff if p.nip not in taken]
    for p in rng.sample(pool, min(2, len(pool))):
        story.gate[p.nip] = rng.randint(max(0, n_months - 8), max(0, n_months - 2))
    story.protected = set(story.fall3) | set(story.gate)
    for p in people:
        if p.nip in story.protected:
            continue
        roll = rng.random()
        if roll < 0.15:
            p.slope = rng.uniform(0.010, 0.018)
            story.improving.append(p.nip)
        elif roll < 0.28:
            p.slope = -rng.uniform(0.008, 0.015)
            story.declining.append(p.nip)
        else:
            p.slope = rng.gauss(0.0, 0.003)
    free = [p for p in people if p.nip not in story.protected and p.role != "head"]
    # A few Nonaktif: retired or on leave outside state responsibility part-way through the year.
    if n_months >= 4:
        for p in rng.sample(free, max(1, round(0.015 * len(people))) if len(free) > 10 else 0):
            p.active_until = rng.randint(2, n_months - 2)
            story.inactive.append(p.nip)
    # A few people with missing months in one tab; the last month is not complete yet either.
    tabs = (LAPORAN.name, PENILAIAN.name, PRESENSI.name)
    active_free = [p for p in free if p.active]
    for p in rng.sample(active_free, min(len(active_free), max(1, round(0.03 * len(people))))):
        tab = rng.choice(tabs)
        for m in rng.sample(
            range(max(1, n_months - 1)), min(n_months - 1, rng.choice((1, 1, 2))) if n_months > 1 else 0
        ):
            story.missing.add((p.nip, m, tab))
    last = n_months - 1
    for p in active_free:
        for tab, share in zip(tabs, (0.08, 0.12, 0.02)):
            if rng.random() < share:
                story.missing.add((p.nip, last, tab))
    story.missing_list = sorted(story.missing, key=lambda t: (t[1], t[2], t[0]))
    return story


# ---- An agency's workbook --------------------------------------------------------------------

PERIOD_STYLES = ("iso", "long", "short", "slash", "date")
PERIOD_STYLE_WEIGHTS = (0.35, 0.25, 0.1, 0.1, 0.2)


def period_cell(period: str, style: str) -> str | datetime:
    """A month as someone types it: '2026-10', 'Oktober 2026', 'Okt 2026', '10/2026' or a date."""
    year, month = int(period[:4]), int(period[5:])
    if style == "long":
        return f"{month_name(month)} {year}"
    if style == "short":
        return f"{catalog.BULAN_SINGKAT[month - 1]} {year}"
    if style == "slash":
        return f"{month}/{year}"
    if style == "date":
        return datetime(year, month, 1)
    return period


def work_days(period: str) -> int:
    """Monday–Friday of the month minus its usual holidays, within 19..23."""
    year, month = int(period[:4]), int(period[5:])
    weekdays = sum(1 for week in calendar.monthcalendar(year, month) for d in week[:5] if d)
    return max(19, min(23, weekdays - catalog.HOLIDAYS[month - 1]))


def _drive_link(rng: random.Random) -> str:
    token = base64.urlsafe_b64encode(rng.getrandbits(200).to_bytes(25, "big")).decode()[:33]
    if rng.random() < 0.2:
        return f"https://drive.google.com/drive/folders/{token}"
    return f"https://drive.google.com/file/d/{token}/view?usp=sharing"


def _number_text(value: float) -> str:
    """87.5 -> '87,5' (Indonesian decimal comma)."""
    return comma(f"{value:.2f}".rstrip("0").rstrip("."))


def _actual(ind: catalog.Indicator, target: float, f: float) -> float | int:
    if ind.lower_better:
        raw = max(0.0, target * (2.0 - f))
    else:
        raw = target * f
        if ind.percent:
            raw = min(raw, 100.0)
    if ind.measure in catalog.DECIMAL_MEASURES:
        step = 0.5 if ind.measure in ("hari", "jam") else 0.1
        value = round(round(raw / step) * step, 2)
        return int(value) if value == int(value) else value
    return int(round(raw))


def _ratings(p: Person, drift: float, rng: random.Random) -> list[int]:
    """Seven BerAKHLAK ratings and Inisiatif: the person's usual level, moving with their trend."""
    mu = p.conduct + drift * 5.0 + rng.gauss(0.0, 0.1)
    return [min(5, max(1, round(rng.gauss(mu - (0.15 if k == 7 else 0.0), 0.45)))) for k in range(8)]


def _feedback(values: list[int], rng: random.Random) -> str:
    mean = sum(values) / len(values)
    pool = catalog.FEEDBACK_HIGH if mean >= 3.8 else catalog.FEEDBACK_LOW if mean <= 2.8 else catalog.FEEDBACK_MID
    return rng.choice(pool)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method; lam is small here.
    threshold, k, product = pow(2.718281828459045, -lam), 0, rng.random()
    while product > threshold:
        k += 1
        product *= rng.random()
    return k


def _blank_row_spots(n_agencies: int, rng: random.Random) -> list[tuple[int, str]]:
    """Where someone left an empty row in the middle of a tab (not a mistake: it is skipped)."""
    picks = rng.sample(range(n_agencies), min(n_agencies, 2))
    tabs = (LAPORAN.name, PRESENSI.name)
    return [(i, tabs[k % 2]) for k, i in enumerate(picks)]


def agency_workbook(
    spec, roster: list[Person], months: list[str], story: Story, rng: random.Random, blank_at: set
) -> dict[str, list[list]]:
    """The four input tabs of one agency, rows appended month by month as staff fill them."""
    style = rng.choices(PERIOD_STYLES, PERIOD_STYLE_WEIGHTS)[0]
    says_tidak = rng.random() < 0.6  # the others leave Layanan Publik blank for non-front-line staff
    says_aktif = rng.random() < 0.5
    pegawai = [[c.header for c in PEGAWAI.columns]]
    for p in roster:
        public = YA if p.public else (TIDAK if says_tidak else None)
        status = NONAKTIF if not p.active else (AKTIF if says_aktif else None)
        pegawai.append([p.nip, p.name, p.position, p.unit or None, p.supervisor or None, public, status])

    reports = [[c.header for c in LAPORAN.columns]]
    ratings = [[c.header for c in PENILAIAN.columns]]
    attendance = [[c.header for c in PRESENSI.columns]]
    n = len(months)
    blank_month = rng.randint(1, max(1, n - 2))
    for m, period in enumerate(months):
        days = work_days(period)
        for p in roster:
            if m >= p.active_until:
                continue
            cell = period_cell(period, style if rng.random() < 0.92 else rng.choice(PERIOD_STYLES))
            fall = p.nip in story.fall3 and m >= n - 4
            drift = p.slope * (m - (n - 1) / 2)
            perf = FALL3_LEVELS[m - (n - 4)] if fall else p.level + drift + rng.gauss(0, 0.04)
            if (p.nip, m, LAPORAN.name) not in story.missing:
                reports.extend(_report_rows(p, cell, perf, fall, rng))
            if (p.nip, m, PENILAIAN.name) not in story.missing:
                values = list(FALL3_RATINGS[m - (n - 4)]) if fall else _ratings(p, drift, rng)
                feedback = None
                if fall and m >= n - 2:
                    feedback = rng.choice(catalog.FEEDBACK_LOW)
                elif rng.random() < 0.3:
                    feedback = _feedback(values, rng)
                ratings.append([cell, p.nip, *values, feedback, p.supervisor or None])
            if (p.nip, m, PRESENSI.name) not in story.missing:
                attendance.append(_attendance_row(p, cell, days, m, n, story, rng))
        if m == blank_month:
            for tab, rows in ((LAPORAN.name, reports), (PRESENSI.name, attendance)):
                if (spec.spreadsheet, tab) in blank_at:
                    rows.append([None] * len(rows[0]))
    return {PEGAWAI.name: pegawai, LAPORAN.name: reports, PENILAIAN.name: ratings, PRESENSI.name: attendance}


def _report_rows(p: Person, cell, perf: float, fall: bool, rng: random.Random) -> list[list]:
    rows = []
    for ind, target, weight in p.indicators:
        f = perf if fall else min(1.45, max(0.3, perf * rng.gauss(1.0, 0.05)))
        actual = _actual(ind, target, f)
        if isinstance(actual, float) and rng.random() < 0.08:
            actual = _number_text(actual)  # typed as text with a decimal comma: '87,5'
        elif ind.percent and rng.random() < 0.05:
            actual = f"{_number_text(actual)}%"  # '90%'
        direction = TURUN if ind.lower_better else (NAIK if rng.random() < 0.7 else None)
        evidence = _drive_link(rng) if rng.random() < 0.7 else None
        note = rng.choice(catalog.REPORT_NOTES) if rng.random() < 0.06 else None
        rows.append([cell, p.nip, ind.plan, ind.name, target, actual, ind.measure, direction, weight, evidence, note])
    return rows


def _attendance_row(p: Person, cell, days: int, m: int, n: int, story: Story, rng: random.Random) -> list:
    fall = p.nip in story.fall3 and m >= n - 4
    if story.gate.get(p.nip) == m:
        absent = rng.choice((5, 6))
    elif fall or p.nip in story.protected:
        absent = 0
    else:
        roll = rng.random()
        absent = 2 if roll < 0.004 else 1 if roll < 0.02 else 0
    roll = rng.random()
    excused = rng.randint(5, 12) if roll < 0.02 else rng.randint(1, 3) if roll < 0.17 else 0
    present = max(0, days - absent - excused)
    late = FALL3_LATE[m - (n - 4)] if fall else _poisson(rng, p.late_rate)
    early = 0 if fall else _poisson(rng, 0.3)
    return [cell, p.nip, days, present, late, early, absent]
