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

from config.contract import (
    FORM,
    KINERJA_ORGANISASI,
    PENGADUAN,
    PERINGATAN,
    SKM_ELEMENTS,
    SKM_KEYS,
    SKM_QUESTIONS,
    header_candidates,
    normalize_header,
)
from scoring.distribution import ORG_RATING_ALIASES, ORG_RATINGS
from scoring.vocabulary import ORG_ISTIMEWA, SANGAT_BAIK, is_agency_unit
from sync.sources.backend import RawTab
from sync.validate import answers, profile
from sync.validate.followup import FOLLOWUP_TABS, validate_followup
from sync.validate.nip import parse_nips
from sync.validate.parse import (
    FIRST_YEAR,
    NUM,
    STR,
    Parsed,
    Problem,
    cell_kind,
    month_keys,
    normalize_key,
    parse_cells,
    parse_text,
    parse_timestamps,
    render_cell,
)
from sync.validate.questions import Located, locate, profile_key
from sync.validate.rows import (
    ORG_RATING_DTYPES,
    PROFILE_DTYPES,
    CityInput,
    TabCheck,
    ValidationOptions,
    clean_frame,
    combine_codes,
    empty_frame,
    find_tab,
    issues_frame,
    row_range,
)
from sync.validate.units import UnitIndex

RESPONSE_DTYPES = {
    "period": "object",
    "timestamp": "datetime64[ns]",
    "unit_id": "object",
    "agency": "object",
    "service": "object",
    **{k: "int64" for k in SKM_KEYS},
    "complaint": "object",
    "complaint_category": "object",
    "row": "int64",
}
COMPLAINT_DTYPES = {
    "period": "object",
    "unit_id": "object",
    "agency": "object",
    "number": "object",
    "category": "object",
    "received": "datetime64[ns]",
    "resolved": "datetime64[ns]",
    "status": "object",
    "officer_nip": "object",
    "row": "int64",
}

ELEMENT_NAMES = {key: f"{code} ({name})" for key, code, name in SKM_ELEMENTS}
SKM_CODES = {key: code for key, code, _ in SKM_ELEMENTS}
# What each element asks, in the words of the issue's list (for the fix of a missing question).
ASKS = {
    "u1": "persyaratan",
    "u2": "prosedur/mekanisme/sistem",
    "u3": "waktu/kecepatan pelayanan",
    "u4": "biaya/tarif",
    "u5": "produk/spesifikasi pelayanan",
    "u6": "kompetensi/kemampuan petugas",
    "u7": "perilaku/kesopanan/keramahan petugas",
    "u8": "penanganan pengaduan/saran/masukan",
    "u9": "sarana/prasarana",
}


def validate_city(
    tabs: dict[str, RawTab], units: UnitIndex, options: ValidationOptions, roster_nips: frozenset[str] | None = None
) -> CityInput:
    """Validate the survey form tab and the optional complaint log into clean frames and issues.

    `roster_nips`: every NIP on the agencies' rosters; a `NIP Petugas` of the complaint log not
    among them is a Peringatan (None: only the NIP's form is checked)."""
    form = _open_form(tabs, options)
    checks = [form]
    responses, profile = (
        (empty_frame(RESPONSE_DTYPES), empty_frame(PROFILE_DTYPES)) if form.broken else _responses(form, units, options)
    )
    complaints = empty_frame(COMPLAINT_DTYPES)
    raw = find_tab(tabs, options.complaints_tab)
    if raw is not None:  # the complaint log is optional: no tab, no problem
        log = TabCheck.from_header(
            raw, PENGADUAN, [c.header for c in PENGADUAN.columns], options.header_aliases.get(PENGADUAN.key)
        )
        checks.append(log)
        if not log.broken:
            complaints = _complaints(log, units, options, roster_nips)
    org_ratings = empty_frame(ORG_RATING_DTYPES)
    raw = find_tab(tabs, KINERJA_ORGANISASI.name)
    if raw is not None:  # optional too: without it the ratings in config apply
        rated = TabCheck.from_header(
            raw,
            KINERJA_ORGANISASI,
            [c.header for c in KINERJA_ORGANISASI.columns],
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
        profile=profile,
        population=followup.population,
        rtl=followup.rtl,
    )


# ---- the survey form --------------------------------------------------------------------------


def _form_headers() -> list[str]:
    return [
        FORM.column("timestamp").header,
        FORM.column("unit").header,
        FORM.column("service").header,
        *(f"{code}. ..." for _, code, _ in SKM_ELEMENTS),
        FORM.column("complaint").header,
        FORM.column("complaint_category").header,
    ]


def _open_form(tabs: dict[str, RawTab], options: ValidationOptions) -> TabCheck:
    raw = find_tab(tabs, options.form_tab)
    if raw is None:
        return TabCheck.absent(options.form_tab, _form_headers())
    header = list(raw.header)
    aliases = options.header_aliases.get(FORM.key)
    claimed = {p for found in header_candidates(header, FORM, aliases).values() for p in found}
    profile = _profile_columns(header, claimed)
    located, positions, missing = _question_columns(header, options.skm_headers, claimed | set(profile.values()))
    check = TabCheck.from_header(raw, FORM, _form_headers(), aliases, {**positions, **profile}, missing)
    if raw.refusal is not None or TabCheck.blank_header(header):
        return check
    rows = f"{len(check.rows)} baris data ({row_range(check.rows)})"
    for key, texts in located.ambiguous.items():
        if key in positions:
            continue
        shown = ", ".join(f"'{t}'" for t in texts)
        check.reject_all(
            ELEMENT_NAMES[key],
            f"Beberapa kolom sama-sama menanyakan {ELEMENT_NAMES[key]}: {shown}; tidak jelas jawaban mana "
            f"yang dihitung, sehingga {rows} tidak dapat dipakai.",
            f"Ubah judul kolom sehingga hanya satu yang menanyakan {ELEMENT_NAMES[key]}, atau awali "
            f'pertanyaannya dengan kodenya ("{SKM_CODES[key]}. ..."), atau atur judul kolomnya di '
            f"konfigurasi ([survey] skm_headers).",
        )
    for text, code, key in located.overruled:
        if positions.get(key) is None:
            continue
        check.header_note(
            ELEMENT_NAMES[key],
            f"Pertanyaan '{text}' berkode {code.upper()}, tetapi isinya menanyakan {ELEMENT_NAMES[key]}; "
            f"jawabannya dihitung sebagai {SKM_CODES[key]}.",
            f'Ganti kodenya menjadi "{SKM_CODES[key]}." di Google Form (atau hapus kodenya), supaya kode '
            f"dan isi pertanyaan sejalan.",
        )
    return check


def _profile_columns(header: list[object], claimed: set[int]) -> dict[str, int]:
    """Where each respondent profile answer is (Jenis Kelamin, Usia, Pendidikan, Pekerjaan), by
    its header's words; the first such column counts."""
    found: dict[str, int] = {}
    for pos, cell in enumerate(header):
        if pos not in claimed:
            key = profile_key(cell)
            if key:
                found.setdefault(key, pos)
    return found


def _question_columns(
    header: list[object], configured: dict[str, str], skip: set[int]
) -> tuple[Located, dict[str, int], list[tuple[str, str]]]:
    """Where each SKM question is: by a configured whole header text, else by what it asks
    (sync.validate.questions: key words, a code only breaking a tie)."""
    by_text: dict[str, int] = {}
    for pos, cell in enumerate(header):
        by_text.setdefault(normalize_header(cell), pos)
    taken = {
        by_text[normalize_header(text)] for text in configured.values() if text and normalize_header(text) in by_text
    }
    located = locate(header, skip | taken)
    positions: dict[str, int] = {}
    missing: list[tuple[str, str]] = []
    for key, code, _name in SKM_ELEMENTS:
        if configured.get(key):
            pos = by_text.get(normalize_header(configured[key]))
            fix = (
                f"Judul kolom pertanyaan {code} di konfigurasi ([survey] skm_headers) harus sama "
                f"persis dengan judul di baris 1; perbaiki salah satunya."
            )
            label = configured[key]
        else:
            pos = located.positions.get(key)
            if pos is None and key in located.ambiguous:
                continue  # reported with the headers it could be (see _open_form)
            unread = [t for t in located.unread]
            seen = (
                f" Judul pertanyaan yang terbaca tetapi tidak jelas unsurnya: {', '.join(repr(t) for t in unread)}."
                if unread
                else ""
            )
            fix = (
                f"Tambahkan pertanyaan tentang {ASKS[key]} ke Google Form, mis. "
                f'"{SKM_QUESTIONS[key].split(". ", 1)[1]}", atau awali pertanyaannya dengan kodenya '
                f'("{code}. ..."), atau atur judul kolomnya di konfigurasi ([survey] skm_headers).{seen}'
            )
            label = ELEMENT_NAMES[key]
        if pos is None:
            missing.append((label, fix))
        else:
            positions[key] = pos
    return located, positions, missing


def answer_table(key: str, options: ValidationOptions) -> dict[str, int]:
    """Answer key (sync.validate.answers.answer_key) -> 1..4 for one element."""
    return answers.answer_table(key, options.answer_labels, options.extra_answer_labels)


def _answer_parser(key: str, options: ValidationOptions):
    table = answer_table(key, options)
    labels = answers.labels(key, options.answer_labels)
    choices = ", ".join(f"{i} = {label}" for i, label in enumerate(labels, start=1)) or "1, 2, 3, 4"
    unknown = Problem(
        f"Jawaban {ELEMENT_NAMES[key]} tidak dikenali.",
        f"Gunakan angka 1–4 atau salah satu pilihan ({choices}); samakan pilihan jawaban di Google "
        f"Form dengan pilihan ini, atau tambahkan padanannya di konfigurasi.",
    )

    def parse(cell: object) -> int | Problem:
        found = answers.read_answer(cell, table)
        return unknown if found is None else found

    return parse


def _other_scale(check: TabCheck, key: str, parsed: Parsed, options: ValidationOptions) -> bool:
    """Reject the form when a question's answers use another scale than 1–4 (a 4 of five is not
    a 4 of four: never guessed); True when it did."""
    cells = check.cells(key)
    bad = np.flatnonzero(parsed.bad)
    filled = np.flatnonzero(~cells.u_blank)
    found = (
        answers.other_scale(list(cells.uniques[cells.codes[bad]]), list(cells.uniques[filled])) if len(bad) else None
    )
    if found is None:
        return False
    labels = answers.labels(key, options.answer_labels)
    choices = ", ".join(f"{i} = {label}" for i, label in enumerate(labels, start=1))
    shown = ", ".join(f"'{v}'" for v in found[:12]) + (", …" if len(found) > 12 else "")
    check.reject_all(
        check.label(key, ELEMENT_NAMES[key]),
        f"Jawaban {ELEMENT_NAMES[key]} memakai skala lain, bukan empat pilihan PermenPANRB 14/2017 "
        f"(nilai yang ditemukan: {shown}); jawaban skala lain tidak dapat diubah ke 1–4 tanpa menebak, "
        f"sehingga {len(check.rows)} baris data ({row_range(check.rows)}) tidak dapat dipakai.",
        f"Ubah pilihan jawaban pertanyaan ini di Google Form menjadi empat pilihan ({choices}). "
        f"Tanggapan lama dengan skala lain pindahkan ke tab lain (tidak dihitung dalam IKM); bila sebuah "
        f"pilihan memang setara, tambahkan padanannya di konfigurasi ([survey] extra_answer_labels).",
    )
    return True


def _unit_column(check: TabCheck, units: UnitIndex) -> Parsed:
    label = check.label("unit", "Unit Layanan")
    unit = parse_cells(check.cells("unit"), units.resolve)
    check.require(
        unit,
        "unit",
        label,
        f"{label} kosong.",
        f"Isi {label} dengan kode atau nama OPD, atau nama Unit Kerja yang melayani.",
    )
    check.report(unit, "unit", label, group=True)
    return unit


def _profile(check: TabCheck) -> dict[str, Parsed]:
    """The profile columns the form has, parsed; an unreadable answer is a Peringatan (the
    response still counts for the IKM)."""
    parsed = {}
    for key, parser in profile.PARSERS.items():
        if key not in check.labels:
            continue
        label = check.label(key, profile.CHARACTERISTICS[key])
        parsed[key] = parse_cells(check.cells(key), parser)
        check.report(parsed[key], key, label, severity=PERINGATAN, group=True)
    return parsed


def _responses(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    today = options.today
    ts_label = check.label("timestamp", "Cap waktu")
    stamp = parse_timestamps(check.cells("timestamp"), today, options.timezone)
    check.require(
        stamp,
        "timestamp",
        ts_label,
        f"{ts_label} kosong.",
        f"Isi {ts_label} dengan tanggal dan jam tanggapan, mis. 28/11/2026 14:03:22.",
    )
    check.report(stamp, "timestamp", ts_label)
    unit = _unit_column(check, units)
    answers_of = {}
    for key in SKM_KEYS:
        label = check.label(key, ELEMENT_NAMES[key])
        parsed = parse_cells(check.cells(key), _answer_parser(key, options), fill=0, dtype=np.int64)
        answers_of[key] = parsed
        if _other_scale(check, key, parsed, options):
            continue
        check.require(
            parsed,
            key,
            label,
            f"{ELEMENT_NAMES[key]} belum dijawab.",
            "Semua 9 pertanyaan SKM wajib dijawab: jadikan pertanyaan ini wajib di Google Form. "
            "Tanggapan yang tidak lengkap tidak dihitung dalam IKM.",
        )
        check.report(parsed, key, label)
    profiled = _profile(check)
    service = parse_text(check.cells("service"))
    complaint = parse_text(check.cells("complaint"))
    category = parse_text(check.cells("complaint_category"))

    at = np.flatnonzero(check.used)
    moments = stamp.at(at)
    unit_ids = unit.mapped(lambda v: v[0], fill="")
    agencies = unit.mapped(lambda v: v[1], fill="")
    periods = month_keys(moments)
    profile_frame = clean_frame(
        {
            "period": periods,
            "unit_id": unit_ids[at],
            "agency": agencies[at],
            "row": check.rows[at],
            **{
                key: (
                    profiled[key].mapped(lambda v: v, fill=profile.NOT_GIVEN)[at]
                    if key in profiled
                    else np.full(len(at), None, dtype=object)
                )
                for key in profile.PARSERS
            },
        },
        PROFILE_DTYPES,
    )
    return clean_frame(
        {
            "period": periods,
            "timestamp": moments,
            "unit_id": unit_ids[at],
            "agency": agencies[at],
            "service": service.at(at),
            **{key: answers_of[key].at(at) for key in SKM_KEYS},
            "complaint": complaint.at(at),
            "complaint_category": category.at(at),
            "row": check.rows[at],
        },
        RESPONSE_DTYPES,
    ), profile_frame


# ---- the complaint log ------------------------------------------------------------------------


def _complaints(
    check: TabCheck, units: UnitIndex, options: ValidationOptions, roster_nips: frozenset[str] | None = None
) -> pd.DataFrame:
    today = options.today
    in_label = check.label("received", "Tanggal Masuk")
    received = parse_timestamps(check.cells("received"), today, options.timezone)
    check.require(
        received,
        "received",
        in_label,
        f"{in_label} kosong.",
        f"Isi {in_label} dengan tanggal pengaduan diterima, mis. 28/11/2026.",
    )
    check.report(received, "received", in_label)
    unit = _unit_column(check, units)
    out_label = check.label("resolved", "Tanggal Selesai")
    resolved = parse_timestamps(check.cells("resolved"), today, options.timezone)
    check.report(resolved, "resolved", out_label)
    received_day = received.value.astype("datetime64[D]")
    resolved_day = resolved.value.astype("datetime64[D]")
    check.galat(
        received.ok & resolved.ok & (resolved_day < received_day),
        "resolved",
        out_label,
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
            "officer_nip": _officer_nips(check, options, roster_nips)[at],
            "row": check.rows[at],
        },
        COMPLAINT_DTYPES,
    )


def _officer_nips(check: TabCheck, options: ValidationOptions, roster_nips: frozenset[str] | None) -> np.ndarray:
    """Per row: the NIP Petugas ('' when blank or unusable). A wrong or unknown NIP is a
    Peringatan, never a rejection: the complaint still counts for its unit, only not for an officer."""
    label = check.label("officer_nip", "NIP Petugas")
    nip = parse_nips(check.cells("officer_nip"), options.today, known=roster_nips)
    if roster_nips is not None:
        unknown = np.fromiter(
            (isinstance(v, str) and v not in roster_nips for v in nip.u_value), dtype=bool, count=len(nip.u_value)
        )
        unknown &= ~(nip.u_bad | nip.cells.u_blank)
        u_problem, u_fix = nip.u_problem.copy(), nip.u_fix.copy()
        u_problem[unknown] = [
            f"{{KOLOM}} {value} tidak ada di tab Pegawai OPD mana pun, jadi pengaduan ini dihitung untuk "
            "unitnya saja, tidak untuk petugas."
            for value in nip.u_value[unknown]
        ]
        u_fix[unknown] = (
            "Salin NIP petugas yang menangani dari tab Pegawai OPD-nya (18 digit), atau kosongkan "
            "bila petugasnya tidak diketahui."
        )
        nip = Parsed(nip.cells, nip.u_value, u_problem, u_fix)
    check.report(nip, "officer_nip", label, severity=PERINGATAN)
    return nip.mapped(lambda v: v, fill="")


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
    if normalize_key(text) == normalize_key(SANGAT_BAIK):
        fix = f"'{SANGAT_BAIK}' adalah predikat pegawai; predikat organisasi tertinggi adalah '{ORG_ISTIMEWA}'. " + fix
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
        if isinstance(found, tuple) and is_agency_unit(found[0]):
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
    check.require(
        year,
        "year",
        year_label,
        f"{year_label} kosong.",
        f"Isi {year_label} dengan tahun penilaian, mis. {options.today.year}.",
    )
    check.report(year, "year", year_label)
    agency_label = check.label("agency", "OPD")
    agency = parse_cells(check.cells("agency"), agency_resolver(units))
    check.require(
        agency, "agency", agency_label, f"{agency_label} kosong.", f"Isi {agency_label} dengan kode atau nama OPD."
    )
    check.report(agency, "agency", agency_label)
    rating_label = check.label("org_rating", "Predikat Kinerja Organisasi")
    rating = parse_cells(check.cells("org_rating"), parse_org_rating)
    check.require(
        rating,
        "org_rating",
        rating_label,
        f"{rating_label} kosong.",
        f"Isi {rating_label} dengan salah satu: {ORG_RATING_CHOICES}.",
    )
    check.report(rating, "org_rating", rating_label)
    # One rating per agency and year: a later row replaces an earlier one (like the other tabs).
    check.supersede(combine_codes(year.value_codes(), agency.value_codes()), "Tahun dan OPD", "agency", agency_label)
    at = np.flatnonzero(check.used)
    return clean_frame(
        {"agency": agency.at(at), "year": year.at(at), "org_rating": rating.at(at), "row": check.rows[at]},
        ORG_RATING_DTYPES,
    )
