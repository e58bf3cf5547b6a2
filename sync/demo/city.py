"""The city workbook of the demo: the SKM Google Form's responses and the complaint log.

The form is the PermenPANRB 14/2017 questionnaire as agencies copy it into Google Forms: the
respondent profile first (Jenis Kelamin, Usia, Pendidikan, Pekerjaan), then the nine questions
numbered 1–9 without codes, "Sarana dan Prasarana" at 8 and "Penanganan Pengaduan" at 9 (the
order of many published questionnaires): the validator recognises each by what it asks.

Responses concentrate on front-line units (Disdukcapil, Mal Pelayanan Publik, RSUD, puskesmas,
kelurahan), so several units pass 20 responses a month and the kelurahan do not. Slow units draw
low U3 answers and "Pelayanan lambat" / "Antrian panjang" complaints; two units have a bad
quarter (every element falls, speed most), enough for a 5-point IKM fall against the quarter
before. Cells look as Google Forms writes them: option letters ("c. Cepat"), the first two
months as plain digits (before the form was changed to labelled options), some timestamps
pasted as text.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from config.contract import FORM, KINERJA_ORGANISASI, PENGADUAN, SKM_KEYS, SKM_LABELS, SKM_QUESTIONS
from sync.demo import catalog

LOG_EXTRA_HEADER = "Sumber"  # an extra column the city keeps; the contract ignores extras
SEASON = (1.1, 1.0, 1.0, 0.9, 0.95, 1.05, 1.15, 1.05, 1.0, 1.0, 0.95, 0.9)  # by calendar month
DIGIT_MONTHS = 2  # the first months' answers are plain digits (linear-scale questions)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
OPEN_HOURS = (7 * 60 + 30, 16 * 60)  # minutes after midnight
ROUND_THE_CLOCK = ("Instalasi Gawat Darurat", "Rawat Inap")

# The questions in the form's order (U9 Sarana before U8 Pengaduan), numbered, without codes.
FORM_KEYS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u9", "u8")
PROFILE_HEADERS = ("Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan")
FORM_HEADERS = [
    FORM.column("timestamp").header,
    FORM.column("unit").header,
    *PROFILE_HEADERS,
    FORM.column("service").header,
    *(f"{n}. {SKM_QUESTIONS[k].split('. ', 1)[1]}" for n, k in enumerate(FORM_KEYS, start=1)),
    FORM.column("complaint").header,
    FORM.column("complaint_category").header,
]
FORM_UNIT_AT = 1  # column positions of the rows survey_rows writes
FORM_PROFILE_AT = 2
FORM_ANSWERS_AT = FORM_PROFILE_AT + len(PROFILE_HEADERS) + 1  # the first question
# Who answers a counter's survey (shares, by the categories SKM reports use); "Lainnya" is
# typed in the form's "Lainnya: ..." box.
GENDERS = (("Laki-laki", 0.47), ("Perempuan", 0.53))
EDUCATIONS = (
    ("SD", 0.08),
    ("SMP", 0.12),
    ("SMA/SMK", 0.42),
    ("D1-D3", 0.1),
    ("D4/S1", 0.23),
    ("S2", 0.045),
    ("S3", 0.005),
)
OCCUPATIONS = (
    ("PNS/TNI/POLRI", 0.14),
    ("Pegawai Swasta", 0.22),
    ("Wiraswasta/Usahawan", 0.25),
    ("Pelajar/Mahasiswa", 0.15),
    ("Ibu Rumah Tangga", 0.12),
    ("Petani", 0.08),
    ("Pensiunan", 0.04),
)
PROFILE_SKIPPED = 0.03  # profile questions are optional: a few leave one empty
LOG_HEADERS = [c.header for c in PENGADUAN.columns] + [LOG_EXTRA_HEADER]


def build_city_workbook(
    agencies,
    months: list[str],
    n_responses: int,
    n_complaints: int,
    rng: random.Random,
    officers: dict[tuple[str, str], list[str]] | None = None,
):
    """(tabs, highlights): the form tab and the Pengaduan tab, and which units the story is about."""
    points = service_points(agencies)
    dips = dip_months(months)
    form = survey_rows(points, months, n_responses, dips, rng)
    log = complaint_rows(points, agencies, months, n_complaints, dips, rng, officers or {})
    highlights = {
        "ikm_dips": [(p.agency, p.unit, sorted(dips[p.dip])) for p in points if p.dip and dips.get(p.dip)],
        "slow_units": [(p.agency, p.unit) for p in points if p.slow],
        "survey_points": [(p.agency, p.unit, p.labels[0][0]) for p in points],
    }
    return {
        FORM.name: form,
        PENGADUAN.name: log,
        KINERJA_ORGANISASI.name: org_rating_rows(agencies, months),
    }, highlights


def org_rating_rows(agencies, months: list[str]) -> list[list]:
    """The `Kinerja Organisasi` tab: each agency's organisation rating for the year (set by the
    city's own evaluation), so the SE MenPANRB 3/2023 distribution check has something to check.
    Most are Baik; the first is Istimewa and the last Butuh Perbaikan, typed as "Cukup" as the SE
    itself calls it."""
    year = int(months[-1][:4])
    rows = [[c.header for c in KINERJA_ORGANISASI.columns]]
    for n, agency in enumerate(agencies):
        rating = "Istimewa" if n == 0 else ("Cukup" if n == len(agencies) - 1 else "Baik")
        rows.append([year, agency.name if n % 2 else agency.code, rating])
    return rows


def service_points(agencies) -> list[catalog.ServicePoint]:
    """The catalog's service points whose agency (and unit) exist in this city."""
    units = {(a.code, u) for a in agencies for u in a.units}
    codes = {a.code for a in agencies}
    points = [p for p in catalog.SERVICE_POINTS if p.agency in codes and (not p.unit or (p.agency, p.unit) in units)]
    if not points:  # a tiny city without front-line units: citizens rate the agencies themselves
        points = [catalog.ServicePoint(a.code, "", ((a.name, 1.0),), ("Pelayanan Umum",), 1.0, 3.4) for a in agencies]
    return points


def complete_quarters(months: list[str]) -> list[list[str]]:
    """Calendar quarters wholly inside `months`, oldest first."""
    groups: dict[tuple[int, int], list[str]] = {}
    for period in months:
        year, month = int(period[:4]), int(period[5:])
        groups.setdefault((year, (month - 1) // 3), []).append(period)
    return [g for g in groups.values() if len(g) == 3]


def dip_months(months: list[str]) -> dict[int, set[str]]:
    """Months of the bad quarters: 1 = last complete quarter, 2 = the one before (each needs one before it)."""
    quarters = complete_quarters(months)
    return {
        1: set(quarters[-1]) if len(quarters) >= 2 else set(),
        2: set(quarters[-2]) if len(quarters) >= 3 else set(),
    }


def _month_bounds(period: str) -> tuple[datetime, int]:
    year, month = int(period[:4]), int(period[5:])
    first = datetime(year, month, 1)
    days = (datetime(year + month // 12, month % 12 + 1, 1) - first).days
    return first, days


def _moment(period: str, any_day: bool, any_hour: bool, rng: random.Random) -> datetime:
    first, days = _month_bounds(period)
    while True:
        day = first + timedelta(days=rng.randrange(days))
        if any_day or day.weekday() < 5:
            break
    minute = rng.randrange(24 * 60) if any_hour else rng.randrange(*OPEN_HOURS)
    return day + timedelta(minutes=minute, seconds=rng.randrange(60))


def _answer_cell(key: str, value: int, digits: bool, rng: random.Random):
    if digits:
        return value
    label = SKM_LABELS[key][value - 1]
    return label if rng.random() < 0.04 else f"{'abcd'[value - 1]}. {label}"


def survey_rows(points, months: list[str], total: int, dips: dict[int, set[str]], rng: random.Random) -> list[list]:
    """The form's response tab, in timestamp order, with one blank row someone left."""
    weights = [p.weight for p in points]
    counts = catalog.allocate(total, [SEASON[int(m[5:]) - 1] for m in months])
    rows: list[tuple[datetime, int, list]] = []
    for m, (period, count) in enumerate(zip(months, counts)):
        for point in rng.choices(points, weights=weights, k=count):
            rows.append(_response(point, period, m < DIGIT_MONTHS, dips, rng, len(rows)))
    rows.sort(key=lambda t: (t[0], t[1]))
    # The profile comes from its own generator, so adding it left every other figure as it was.
    profile_rng = random.Random(f"profil-responden-{len(rows)}-{months[0]}")
    out = [list(FORM_HEADERS)] + [
        [*r[:FORM_PROFILE_AT], *_profile(profile_rng), *r[FORM_PROFILE_AT:]] for _, _, r in rows
    ]
    if len(out) > 20:
        out.insert(rng.randrange(10, len(out) - 5), [None] * len(FORM_HEADERS))
    return out


def _pick(choices, rng: random.Random):
    labels, shares = zip(*choices)
    return rng.choices(labels, shares)[0]


def _profile(rng: random.Random) -> list:
    """Jenis Kelamin, Usia (years, as a short-answer question), Pendidikan, Pekerjaan."""
    cells = [
        _pick(GENDERS, rng),
        max(17, min(80, round(rng.gauss(38, 13)))),
        _pick(EDUCATIONS, rng),
        _pick(OCCUPATIONS, rng),
    ]
    if rng.random() < PROFILE_SKIPPED:
        cells[rng.randrange(len(cells))] = None
    return cells


def _response(point, period: str, digits: bool, dips, rng: random.Random, seq: int):
    bad = period in dips.get(point.dip, ())
    bias = rng.gauss(0.0, 0.25)
    answers = {}
    for j, key in enumerate(SKM_KEYS):
        mu = point.quality + catalog.ELEMENT_OFFSETS[j] + bias
        if point.slow and key == "u3":
            mu += catalog.SLOW_U3
        if bad:
            mu -= catalog.DIP[j]
        answers[key] = min(4, max(1, round(mu + rng.gauss(0.0, 0.55))))
    complaint = category = None
    lows = [k for k in ("u3", "u9", "u7", "u1", "u2") if answers[k] <= 2]
    if lows and rng.random() < 0.45:
        category = catalog.CATEGORY_BY_ELEMENT[lows[0]]
    elif rng.random() < 0.02:
        category = rng.choice(list(catalog.COMPLAINTS))
    if category:
        complaint = rng.choice(catalog.COMPLAINTS[category])
        if rng.random() < 0.05:
            category = None  # the respondent skipped the category question
    labels, shares = zip(*point.labels)
    unit = rng.choices(labels, shares)[0]
    moment = _moment(period, point.unit in ROUND_THE_CLOCK, point.unit == "Instalasi Gawat Darurat", rng)
    # Rows pasted in from paper questionnaires carry the timestamp as text.
    stamp = (
        f"{moment.day}/{moment.month}/{moment.year} {moment.hour}:{moment.minute:02d}:{moment.second:02d}"
        if rng.random() < 0.1
        else moment
    )
    row = [stamp, unit, rng.choice(point.services)]
    cells = {k: _answer_cell(k, answers[k], digits, rng) for k in SKM_KEYS}  # drawn in U1..U9 order
    row += [cells[k] for k in FORM_KEYS]
    row += [complaint, category]
    return moment, seq, row


# ---- The complaint log ---------------------------------------------------------------------------


def add_working_days(start: datetime, days: int) -> datetime:
    moment = start
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _working_days_between(start: datetime, end: datetime) -> int:
    return sum(1 for k in range(1, (end - start).days + 1) if (start + timedelta(days=k)).weekday() < 5)


def _officer(officers: dict[tuple[str, str], list[str]], code: str, unit: str, k: int) -> str | None:
    """The NIP Petugas of the k-th complaint, or None (a third of the log names nobody). Drawn from
    its own generator seeded by k, so the rest of the demo city stays as it was without it; each
    unit's complaints go to its first three front-line officers, so each has several."""
    staff = officers.get((code, unit)) or officers.get((code, ""))
    pick = random.Random(f"petugas:{k}")
    if not staff or pick.random() < 1 / 3:
        return None
    return pick.choice(staff[:3])


def complaint_rows(
    points,
    agencies,
    months: list[str],
    total: int,
    dips,
    rng: random.Random,
    officers: dict[tuple[str, str], list[str]] | None = None,
) -> list[list]:
    """The Pengaduan log: numbered complaints, some resolved in 5 working days, some late, some open;
    about two in three name the front-line officer who handled it (NIP Petugas)."""
    codes = {a.code for a in agencies}
    targets = [(p.agency, p.labels[0][0], p) for p in points]
    targets += [(code, label, (category, texts)) for code, label, category, texts in catalog.LOG_ONLY if code in codes]
    first, _ = _month_bounds(months[-1])
    _, days = _month_bounds(months[-1])
    as_of = first + timedelta(days=days - 1)
    counts = catalog.allocate(total, [SEASON[int(m[5:]) - 1] for m in months])
    entries = []
    for period, count in zip(months, counts):
        weights = []
        for _, _, p in targets:
            if isinstance(p, tuple):
                weights.append(1.0)
                continue
            w = p.weight * (2.0 if p.slow else 1.0) * (3.0 if period in dips.get(p.dip, ()) else 1.0)
            weights.append(w)
        for code, label, p in rng.choices(targets, weights=weights, k=count):
            received = _moment(period, False, False, rng).replace(hour=0, minute=0, second=0)
            texts = None
            if isinstance(p, tuple):
                category, texts = p
            elif (p.slow or period in dips.get(p.dip, ())) and rng.random() < 0.65:
                category = catalog.WAKTU
            else:
                category = rng.choice(list(catalog.LOG_TEXTS))
            roll = rng.random()
            took = rng.randint(1, 5) if roll < 0.62 else rng.randint(6, 15) if roll < 0.88 else None
            resolved = add_working_days(received, took) if took else None
            if resolved and resolved > as_of:
                resolved = None
            if resolved:
                status = catalog.STATUS_DONE
            else:
                status = catalog.STATUS_NEW if _working_days_between(received, as_of) < 3 else catalog.STATUS_OPEN
            text = rng.choice(texts or catalog.LOG_TEXTS[category])
            unit = "" if isinstance(p, tuple) else p.unit
            officer = _officer(officers or {}, code, unit, len(entries))
            entries.append(
                (
                    received,
                    len(entries),
                    [None, received, label, category, text, status, resolved, officer, rng.choice(catalog.LOG_SOURCES)],
                )
            )
    entries.sort(key=lambda t: (t[0], t[1]))
    rows = [list(LOG_HEADERS)]
    seq_by_year: dict[int, int] = {}
    for received, _, row in entries:
        seq = seq_by_year[received.year] = seq_by_year.get(received.year, 0) + 1
        row[0] = f"{seq:03d}/PGD/{ROMAN[received.month - 1]}/{received.year}"
        rows.append(row)
    if len(rows) > 12:
        rows.insert(rng.randrange(5, len(rows) - 3), [None] * len(LOG_HEADERS))
    return rows
