"""Validate the city spreadsheet: the citizen survey form's responses and the complaint log.

A response is used only when its time, its Unit Layanan and all nine SKM answers are valid
(PermenPANRB 14/2017 computes the IKM over complete questionnaires). The complaint log and the
`Kinerja Organisasi` tab (organisation rating per agency and year) are optional.
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date

import numpy as np
import pandas as pd

from scoring.distribution import ORG_RATING_ALIASES, ORG_RATINGS
from sync.sources.backend import RawTab
from config.contract import (
    FORM, KINERJA_ORGANISASI, PENGADUAN, SKM_ELEMENTS, SKM_KEYS, SKM_LABELS, normalize_header,
    skm_column_key,
)
from sync.validate.parse import (
    FIRST_YEAR, NUM, STR, Parsed, Problem, cell_kind, month_keys, normalize_key, parse_cells,
    parse_number_text, parse_text, parse_timestamps, render_cell,
)
from sync.validate.followup import FOLLOWUP_TABS, validate_followup
from sync.validate.units import UnitIndex
from sync.validate.rows import (
    ORG_RATING_DTYPES, CityInput, TabCheck, ValidationOptions, clean_frame, combine_codes,
    empty_frame, find_tab, issues_frame,
)

RESPONSE_DTYPES = {
    "period": "object", "timestamp": "datetime64[ns]", "unit_id": "object", "agency": "object",
    "service": "object", **{k: "int64" for k in SKM_KEYS}, "complaint": "object",
    "complaint_category": "object", "row": "int64",
}
COMPLAINT_DTYPES = {
    "period": "object", "unit_id": "object", "agency": "object", "number": "object",
    "category": "object", "received": "datetime64[ns]", "resolved": "datetime64[ns]",
    "status": "object", "row": "int64",
}

ELEMENT_NAMES = {key: f"{code} ({name})" for key, code, name in SKM_ELEMENTS}
# What each SKM question asks, by its key words (stems at a word start). SCORING.md §4: questions
# are recognised by what they ask, not only by their code, because agencies number and reorder
# the questionnaire: many published reports swap U8 and U9 ("U8. Sarana dan Prasarana").
# "sarana" does not match the "saran" of U8's "Pengaduan, Saran dan Masukan".
ELEMENT_WORDS = {
    "u1": ("persyaratan",),
    "u2": ("prosedur", "mekanisme"),
    "u3": ("waktu", "kecepatan"),
    "u4": ("biaya", "tarif"),
    "u5": ("produk",),
    "u6": ("kompetensi", "kemampuan"),
    "u7": ("perilaku", "kesopanan", "keramahan"),
    "u8": ("pengaduan",),
    "u9": ("sarana", "prasarana"),
}
_ELEMENT_WORD = {
    key: re.compile(r"\b(?:" + "|".join(words) + r")", re.IGNORECASE) for key, words in ELEMENT_WORDS.items()
}
# Generic answers some forms use instead of the element's own labels (1..4).
GENERIC_LABELS = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")


def validate_city(tabs: dict[str, RawTab], units: UnitIndex, options: ValidationOptions) -> CityInput:
    """Validate the survey form tab and the optional complaint log into clean frames and issues."""
    form = _open_form(tabs, options)
    checks = [form]
    responses = empty_frame(RESPONSE_DTYPES) if form.broken else _responses(form, units, options)
    complaints = empty_frame(COMPLAINT_DTYPES)
    raw = find_tab(tabs, options.complaints_tab)
    if raw is not None:  # the complaint log is optional: no tab, no problem
        log = TabCheck.from_header(
            raw, PENGADUAN, [c.header for c in PENGADUAN.columns], options.header_aliases.get(PENGADUAN.key)
        )
        checks.append(log)
        if not log.broken:
            complaints = _complaints(log, units, options)
    org_ratings = empty_frame(ORG_RATING_DTYPES)
    raw = find_tab(tabs, KINERJA_ORGANISASI.name)
    if raw is not None:  # optional too: without it the ratings in config apply
        rated = TabCheck.from_header(
            raw, KINERJA_ORGANISASI, [c.header for c in KINERJA_ORGANISASI.columns],
            options.header_aliases.get(KINERJA_ORGANISASI.key),
        )
        checks.append(rated)
        if not rated.broken:
            org_ratings = _org_ratings(rated, units, options)
    followup = validate_followup(tabs, units, options)  # Populasi Layanan, Rencana Tindak Lanjut
    checks.extend(followup.checks)
    return CityInput(
        responses=responses,
        complaints=complaints,
        issues=issues_frame(
            (p for c in checks for p in c.issues()),
            [options.form_tab, options.complaints_tab, KINERJA_ORGANISASI.name, *FOLLOWUP_TABS],
        ),
        counts=[c.count() for c in checks],
        org_ratings=org_ratings,
        population=followup.population,
        rtl=followup.rtl,
    )


# ---- the survey form --------------------------------------------------------------------------

def _form_headers() -> list[str]:
    return [FORM.column("timestamp").header, FORM.column("unit").header, FORM.column("service").header,
            *(f"{code}. ..." for _, code, _ in SKM_ELEMENTS),
            FORM.column("complaint").header, FORM.column("complaint_category").header]


def _open_form(tabs: dict[str, RawTab], options: ValidationOptions) -> TabCheck:
    raw = find_tab(tabs, options.form_tab)
    if raw is None:
        return TabCheck.absent(options.form_tab, _form_headers())
    positions, missing = _question_columns(list(raw.header), options.skm_headers)
    return TabCheck.from_header(
        raw, FORM, _form_headers(), options.header_aliases.get(FORM.key), positions, missing
    )


def _question_columns(
    header: list[object], configured: dict[str, str]
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Where each SKM question is: by a configured whole header text, else by its leading code,
    the code read by what the question asks (a "U8. ... sarana dan prasarana?" is U9)."""
    by_code: dict[str, int] = {}
    for pos, cell in enumerate(header):
        key = skm_column_key(cell)
        if key:
            by_code.setdefault(_asked_element(cell) or key, pos)
    by_text: dict[str, int] = {}
    for pos, cell in enumerate(header):
        by_text.setdefault(normalize_header(cell), pos)
    positions: dict[str, int] = {}
    missing: list[tuple[str, str]] = []
    for key, code, _name in SKM_ELEMENTS:
        if configured.get(key):
            pos = by_text.get(normalize_header(configured[key]))
            fix = (f"Judul kolom pertanyaan {code} di konfigurasi ([survey] skm_headers) harus sama "
                   f"persis dengan judul di baris 1; perbaiki salah satunya.")
            label = configured[key]
        else:
            pos = by_code.get(key)
            fix = (f"Awali teks pertanyaan {ELEMENT_NAMES[key]} di Google Form dengan kodenya, mis. "
                   f"\"{code}. ...\", atau atur judul kolomnya di konfigurasi ([survey] skm_headers).")
            label = ELEMENT_NAMES[key]
        if pos is None:
            missing.append((label, fix))
        else:
            positions[key] = pos
    return positions, missing


def _asked_element(header: object) -> str | None:
    """The one element whose key words a question header holds; None when none or several do
    (then its code decides)."""
    text = str(header or "")
    found = [key for key, words in _ELEMENT_WORD.items() if words.search(text)]
    return found[0] if len(found) == 1 else None


_LETTER_PREFIX = re.compile(r"^\(?[a-d]\s*[.)]\s*|^[a-d]\s+(?=\S)")
_NUMBER_PREFIX = re.compile(r"^\(?([1-4])\s*[.):\-]\s*(.+)$")


def answer_table(key: str, options: ValidationOptions) -> dict[str, int]:
    """Normalized answer label -> 1..4 for one element: its own labels win over generic ones."""
    table = {normalize_key(label): i for i, label in enumerate(GENERIC_LABELS, start=1)}
    table.update({normalize_key(label): int(value) for label, value in options.extra_answer_labels.items()})
    table.update({normalize_key(label): i for i, label in enumerate(_labels(key, options), start=1)})
    return table


def _labels(key: str, options: ValidationOptions) -> tuple[str, ...]:
    """The element's four labels (1..4): configured, else the standard questionnaire's."""
    return tuple(options.answer_labels.get(key) or SKM_LABELS.get(key, ()))


def _answer_parser(key: str, options: ValidationOptions):
    table = answer_table(key, options)
    labels = _labels(key, options)
    choices = ", ".join(f"{i} = {label}" for i, label in enumerate(labels, start=1)) or "1, 2, 3, 4"
    unknown = Problem(
        f"Jawaban {ELEMENT_NAMES[key]} tidak dikenali.",
        f"Gunakan angka 1–4 atau salah satu pilihan ({choices}); samakan pilihan jawaban di Google "
        f"Form dengan pilihan ini, atau tambahkan padanannya di konfigurasi.",
    )

    def score(number: float) -> int | Problem:
        return int(number) if number in (1, 2, 3, 4) else unknown

    def parse(cell: object) -> int | Problem:
        kind = cell_kind(cell)
        if kind == NUM:
            return score(float(cell))
        if kind != STR:
            return unknown
        text = " ".join(cell.split()).casefold()
        number = parse_number_text(text)
        if not isinstance(number, Problem):
            return score(number)
        found = table.get(normalize_key(_LETTER_PREFIX.sub("", text)))
        if found is not None:
            return found
        m = _NUMBER_PREFIX.match(text)
        if m:  # "4. Sangat sesuai": the number must agree with the label
            found = table.get(normalize_key(_LETTER_PREFIX.sub("", m.group(2))))
            if found == int(m.group(1)):
                return found
        return unknown

    return parse


def _unit_column(check: TabCheck, units: UnitIndex) -> Parsed:
    label = check.label("unit", "Unit Layanan")
    unit = parse_cells(check.cells("unit"), units.resolve)
    check.require(unit, "unit", label, f"{label} kosong.",
                  f"Isi {label} dengan kode atau nama OPD, atau nama Unit Kerja yang melayani.")
    check.report(unit, "unit", label, group=True)
    return unit


def _responses(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> pd.DataFrame:
    today = options.today
    ts_label = check.label("timestamp", "Cap waktu")
    stamp = parse_timestamps(check.cells("timestamp"), today, options.timezone)
    check.require(stamp, "timestamp", ts_label, f"{ts_label} kosong.",
                  f"Isi {ts_label} dengan tanggal dan jam tanggapan, mis. 28/11/2026 14:03:22.")
    check.report(stamp, "timestamp", ts_label)
    unit = _unit_column(check, units)
    answers = {}
    for key in SKM_KEYS:
        label = check.label(key, ELEMENT_NAMES[key])
        parsed = parse_cells(check.cells(key), _answer_parser(key, options), fill=0, dtype=np.int64)
        check.require(
            parsed, key, label, f"{ELEMENT_NAMES[key]} belum dijawab.",
            "Semua 9 pertanyaan SKM wajib dijawab: jadikan pertanyaan ini wajib di Google Form. "
            "Tanggapan yang tidak lengkap tidak dihitung dalam IKM.",
        )
        check.report(parsed, key, label)
        answers[key] = parsed
    service = parse_text(check.cells("service"))
    complaint = parse_text(check.cells("complaint"))
    category = parse_text(check.cells("complaint_category"))

    at = np.flatnonzero(check.used)
    moments = stamp.at(at)
    unit_ids = unit.mapped(lambda v: v[0], fill="")
    agencies = unit.mapped(lambda v: v[1], fill="")
    return clean_frame(
        {
            "period": month_keys(moments),
            "timestamp": moments,
            "unit_id": unit_ids[at],
            "agency": agencies[at],
            "service": service.at(at),
            **{key: answers[key].at(at) for key in SKM_KEYS},
            "complaint": complaint.at(at),
            "complaint_category": category.at(at),
            "row": check.rows[at],
        },
        RESPONSE_DTYPES,
    )


# ---- the complaint log ------------------------------------------------------------------------

def _complaints(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> pd.DataFrame:
    today = options.today
    in_label = check.label("received", "Tanggal Masuk")
    received = parse_timestamps(check.cells("received"), today, options.timezone)
    check.require(received, "received", in_label, f"{in_label} kosong.",
                  f"Isi {in_label} dengan tanggal pengaduan diterima, mis. 28/11/2026.")
    check.report(received, "received", in_label)
    unit = _unit_column(check, units)
    out_label = check.label("resolved", "Tanggal Selesai")
    resolved = parse_timestamps(check.cells("resolved"), today, options.timezone)
    check.report(resolved, "resolved", out_label)
    received_day = received.value.astype("datetime64[D]")
    resolved_day = resolved.value.astype("datetime64[D]")
    check.galat(
        received.ok & resolved.ok & (resolved_day < received_day), "resolved", out_label,
        f"{out_label} lebih awal dari {in_label}.",
        f"Periksa kedua tanggal: {out_label} harus sama dengan atau setelah {in_label}.",
    )
    number = parse_text(check.cells("number"))
    category = parse_text(check.cells("category"))
    status = parse_text(check.cells("status"))

    at = np.flatnonzero(check.used)
    moments = received.at(at)
    return clean_frame(
        {
            "period": month_keys(moments),
            "unit_id": unit.mapped(lambda v: v[0], fill="")[at],
            "agency": unit.mapped(lambda v: v[1], fill="")[at],
            "number": number.at(at),
            "category": category.at(at),
            "received": moments,
            "resolved": resolved.at(at),
            "status": status.at(at),
            "row": check.rows[at],
        },
        COMPLAINT_DTYPES,
    )



# ---- the organisation ratings -----------------------------------------------------------------

YEAR_UNKNOWN = Problem("{kolom} tidak terbaca sebagai tahun.", "Isi {kolom} dengan tahun empat angka, mis. 2026.")
_YEAR_TEXT = re.compile(r"(?:tahun\s*)?(\d{4})")
ORG_RATING_CHOICES = ", ".join(ORG_RATINGS)


def parse_year(cell: object, today: date) -> str | Problem:
    """A year as typed -> 'YYYY'. 2026, 2026.0, '2026', 'Tahun 2026' -> '2026'; later than
    `today`'s year is a Problem (a year not yet under way has no organisation rating)."""
    kind = cell_kind(cell)
    if kind == NUM:
        value = float(cell)
        if not math.isfinite(value) or value != math.floor(value):
            return YEAR_UNKNOWN
        year = int(value)
    elif kind == STR:
        match = _YEAR_TEXT.fullmatch(" ".join(cell.split()).casefold())
        if not match:
            return YEAR_UNKNOWN
        year = int(match.group(1))
    else:  # a date, a checkbox: not a year
        return YEAR_UNKNOWN
    if year < FIRST_YEAR:
        return Problem(f"{{kolom}} {year} tidak wajar.", f"Periksa tahunnya, mis. {today.year}.")
    if year > today.year:
        return Problem(
            f"{{kolom}} {year} belum berjalan.",
            f"Isi tahun yang sudah berjalan (paling akhir {today.year}).",
        )
    return str(year)


# Normalized organisation rating (or alias) -> its label in ORG_RATINGS.
ORG_RATING_TABLE = {
    **{normalize_key(alias): label for alias, label in ORG_RATING_ALIASES.items()},
    **{normalize_key(label): label for label in ORG_RATINGS},
}


def parse_org_rating(cell: object) -> str | Problem:
    """'  sangat  KURANG' -> 'Sangat Kurang', 'Cukup' -> 'Butuh Perbaikan' (SE MenPANRB 3/2023)."""
    text = render_cell(cell).strip() if cell_kind(cell) != STR else cell.strip()
    found = ORG_RATING_TABLE.get(normalize_key(text))
    if found is not None:
        return found
    fix = f"Pilih salah satu: {ORG_RATING_CHOICES} (predikat kinerja organisasi, SE MenPANRB 3/2023)."
    if normalize_key(text) == normalize_key("Sangat Baik"):
        fix = "'Sangat Baik' adalah predikat pegawai; predikat organisasi tertinggi adalah 'Istimewa'. " + fix
    return Problem(f"{{kolom}} '{text}' tidak dikenali.", fix)


def agency_resolver(units: UnitIndex):
    """Typed OPD -> agency code: its code or name (case- and space-insensitive) or a configured
    alias naming the agency; a Unit Kerja is not an organisation with its own rating here."""
    by_folded: dict[str, str] = {}
    for name in units.names:
        if normalize_key(name) in units.agency_keys:
            by_folded.setdefault(name.casefold(), name)

    def resolve(cell: object) -> str | Problem:
        text = cell.strip() if cell_kind(cell) == STR else render_cell(cell).strip()
        key = normalize_key(text)
        code = units.agency_keys.get(key)
        if code is not None:
            return code
        found = units.exact.get(key)
        if isinstance(found, tuple) and found[0].startswith("opd:"):
            return found[1]
        if isinstance(found, tuple):
            return Problem(
                f"{{kolom}} '{text}' adalah Unit Kerja di {found[1]}, bukan OPD.",
                f"Isi {{kolom}} dengan kode atau nama OPD-nya, mis. '{found[1]}': predikat kinerja "
                "organisasi dinilai per OPD.",
            )
        close = difflib.get_close_matches(text.casefold(), list(by_folded), n=3, cutoff=0.6)
        hint = f"Mungkin maksudnya {', '.join(repr(by_folded[c]) for c in close)}? " if close else ""
        return Problem(
            f"{{kolom}} '{text}' tidak dikenali.",
            f"{hint}Isi {{kolom}} dengan kode atau nama OPD seperti di konfigurasi ([[agencies]]).",
        )

    return resolve


def _org_ratings(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> pd.DataFrame:
    year_label = check.label("year", "Tahun")
    year = parse_cells(check.cells("year"), lambda cell: parse_year(cell, options.today))
    check.require(year, "year", year_label, f"{year_label} kosong.",
                  f"Isi {year_label} dengan tahun penilaian, mis. {options.today.year}.")
    check.report(year, "year", year_label)
    agency_label = check.label("agency", "OPD")
    agency = parse_cells(check.cells("agency"), agency_resolver(units))
    check.require(agency, "agency", agency_label, f"{agency_label} kosong.",
                  f"Isi {agency_label} dengan kode atau nama OPD.")
    check.report(agency, "agency", agency_label)
    rating_label = check.label("org_rating", "Predikat Kinerja Organisasi")
    rating = parse_cells(check.cells("org_rating"), parse_org_rating)
    check.require(rating, "org_rating", rating_label, f"{rating_label} kosong.",
                  f"Isi {rating_label} dengan salah satu: {ORG_RATING_CHOICES}.")
    check.report(rating, "org_rating", rating_label)
    # One rating per agency and year: a later row replaces an earlier one (like the other tabs).
    check.supersede(
        combine_codes(year.value_codes(), agency.value_codes()), "Tahun dan OPD", "agency", agency_label
    )
    at = np.flatnonzero(check.used)
    return clean_frame(
        {"agency": agency.at(at), "year": year.at(at), "org_rating": rating.at(at), "row": check.rows[at]},
        ORG_RATING_DTYPES,
    )
