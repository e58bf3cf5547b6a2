"""Validate the city's optional SKM follow-up tabs: `Populasi Layanan` and `Rencana Tindak Lanjut`.

`Populasi Layanan` gives the number of service recipients per unit and period, from which the
minimum SKM sample follows (scoring.sample). `Rencana Tindak Lanjut` is each unit's follow-up plan
of its SKM results (PermenPANRB 14/2017). Both are optional: no tab, no problem. Every unusable
row becomes a Validasi row with its sheet row number and a fix, like every other input tab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from config.contract import (
    POPULASI_LAYANAN,
    RENCANA_TINDAK_LANJUT,
    RTL_STATUSES,
    SKM_ELEMENTS,
    normalize_header,
)
from sync.sources.backend import RawTab
from sync.validate.parse import (
    FIRST_YEAR,
    KOLOM,
    NUM,
    STR,
    Parsed,
    Problem,
    cell_kind,
    city_zone,
    normalize_key,
    parse_cells,
    parse_numbers,
    parse_period,
    parse_text,
    parse_timestamp,
    render_cell,
)
from sync.validate.questions import element_scores
from sync.validate.rows import TabCheck, ValidationOptions, clean_frame, combine_codes, empty_frame, find_tab
from sync.validate.units import UnitIndex

POPULATION_DTYPES = {"unit_id": "object", "agency": "object", "period": "object", "population": "int64", "row": "int64"}
RTL_DTYPES = {
    "unit_id": "object",
    "agency": "object",
    "period": "object",
    "element": "object",
    "activity": "object",
    "responsible": "object",
    "target_date": "object",
    "status": "object",
    "note": "object",
    "sheet_row": "int64",
}
FOLLOWUP_TABS = (POPULASI_LAYANAN.name, RENCANA_TINDAK_LANJUT.name)


@dataclass(frozen=True)
class FollowUpInput:
    population: pd.DataFrame
    rtl: pd.DataFrame
    checks: list[TabCheck]


def validate_followup(tabs: dict[str, RawTab], units: UnitIndex, options: ValidationOptions) -> FollowUpInput:
    """Both optional tabs, each only when the spreadsheet has it."""
    checks: list[TabCheck] = []
    population = empty_frame(POPULATION_DTYPES)
    rtl = empty_frame(RTL_DTYPES)
    for spec in (POPULASI_LAYANAN, RENCANA_TINDAK_LANJUT):
        raw = find_tab(tabs, spec.name)
        if raw is None:
            continue
        check = TabCheck.from_contract(spec, raw, options.header_aliases.get(spec.key))
        checks.append(check)
        if check.broken:
            continue
        if spec is POPULASI_LAYANAN:
            population = _population(check, units, options)
        else:
            rtl = _rtl(check, units, options)
    return FollowUpInput(population, rtl, checks)


# ---- periods: a month, a quarter or a year ---------------------------------------------------

ANY_PERIOD_UNKNOWN = Problem(
    "{kolom} tidak dikenali sebagai bulan, triwulan atau tahun.",
    "Tulis bulan (mis. 2026-10 atau Oktober 2026), triwulan (mis. Triwulan IV 2026 atau TW 4 2026) "
    "atau tahun (mis. 2026).",
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_TEXT = (
    re.compile(r"(?:triwulan|tw|trw|kuartal|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])\s*[-/,]?\s*(?:tahun\s*)?(\d{4})"),
    re.compile(r"(\d{4})\s*[-/ ]?\s*(?:triwulan|tw|trw|kuartal|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])"),
)
_YEAR_ONLY = re.compile(r"(?:tahun\s*)?(\d{4})")
_SERIAL_EPOCH = date(1899, 12, 30)


def _check_started(period: str, first_month: str, today: date) -> str | Problem:
    year = int(period[:4])
    if year < FIRST_YEAR:
        return Problem(f"Tahun {year} pada {KOLOM} tidak wajar.", "Periksa tahunnya, mis. 2026.")
    if first_month > f"{today.year:04d}-{today.month:02d}":
        return Problem(
            f"{KOLOM} {period} belum berjalan.",
            "Isi periode yang sudah berjalan: bulan, triwulan atau tahun yang sudah dimulai.",
        )
    return period


def parse_any_period(cell: object, today: date) -> str | Problem:
    """A month, quarter or year as typed -> 'YYYY-MM', 'YYYY-Qn' or 'YYYY'.

    Months as every sheet takes them (scoring periods: '10/2026', 'Okt 2026', a date cell);
    quarters 'Triwulan IV 2026', 'TW 4 2026', 'Q4 2026', '2026-Q4'; years 2026 or 'Tahun 2026'.
    A year read from a date column of a Google sheet arrives as the date whose serial it is
    (2026 -> 18/07/1905): read back as the year.
    """
    if isinstance(cell, (datetime, date)):
        serial = ((cell.date() if isinstance(cell, datetime) else cell) - _SERIAL_EPOCH).days
        if FIRST_YEAR <= serial <= 2100 and (not isinstance(cell, datetime) or cell.time() == datetime.min.time()):
            return _check_started(str(serial), f"{serial}-01", today)
        return parse_period(cell, today)
    kind = cell_kind(cell)
    if kind == NUM:
        value = float(cell)
        if value.is_integer() and 1900 <= value <= 2100:
            return _check_started(str(int(value)), f"{int(value)}-01", today)
        return parse_period(cell, today)
    if kind != STR:
        return ANY_PERIOD_UNKNOWN
    text = " ".join(cell.split()).casefold()
    m = _YEAR_ONLY.fullmatch(text)
    if m:
        return _check_started(m.group(1), f"{m.group(1)}-01", today)
    for n, pattern in enumerate(_QUARTER_TEXT):
        m = pattern.fullmatch(text)
        if m:
            q, year = (m.group(1), m.group(2)) if n == 0 else (m.group(2), m.group(1))
            quarter = _ROMAN[q]
            return _check_started(f"{year}-Q{quarter}", f"{year}-{3 * quarter - 2:02d}", today)
    month = parse_period(cell, today)
    if isinstance(month, Problem) and "tidak berisi bulan" in month.problem:
        return ANY_PERIOD_UNKNOWN
    return month


def _period_column(check: TabCheck, options: ValidationOptions) -> Parsed:
    label = check.label("period", "Periode")
    period = parse_cells(check.cells("period"), lambda cell: parse_any_period(cell, options.today))
    check.require(
        period,
        "period",
        label,
        f"{label} kosong.",
        f"Isi {label} dengan bulan, triwulan atau tahun, mis. Oktober 2026, Triwulan IV 2026 atau 2026.",
    )
    check.report(period, "period", label)
    return period


def _unit_column(check: TabCheck, units: UnitIndex) -> Parsed:
    label = check.label("unit", "Unit Layanan")
    unit = parse_cells(check.cells("unit"), units.resolve)
    check.require(
        unit,
        "unit",
        label,
        f"{label} kosong.",
        f"Isi {label} dengan kode atau nama OPD, atau nama Unit Kerja yang melayani, sama seperti di formulir survei.",
    )
    check.report(unit, "unit", label, group=True)
    return unit


# ---- Populasi Layanan -------------------------------------------------------------------------


def _population(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> pd.DataFrame:
    unit = _unit_column(check, units)
    period = _period_column(check, options)
    label = check.label("population", "Jumlah Penerima Layanan")
    count = parse_numbers(check.cells("population"), integer=True)
    check.require(
        count,
        "population",
        label,
        f"{label} kosong.",
        f"Isi {label} dengan jumlah orang yang menerima layanan unit ini pada periode itu, mis. 1.250.",
    )
    check.report(count, "population", label)
    check.galat(
        count.ok & (count.value == 0),
        "population",
        label,
        f"{label} 0: tidak ada penerima layanan, sehingga sampel minimal tidak dapat dihitung.",
        f"Isi {label} dengan jumlah penerima layanan yang sebenarnya, atau hapus baris ini.",
    )
    # One population per unit and period: a later row replaces an earlier one.
    check.supersede(
        combine_codes(unit.value_codes(), period.value_codes()), "Unit Layanan dan Periode", "population", label
    )
    at = np.flatnonzero(check.used)
    return clean_frame(
        {
            "unit_id": unit.mapped(lambda v: v[0], fill="")[at],
            "agency": unit.mapped(lambda v: v[1], fill="")[at],
            "period": period.at(at),
            "population": np.nan_to_num(count.at(at)).astype(np.int64),
            "row": check.rows[at],
        },
        POPULATION_DTYPES,
    )


# ---- Rencana Tindak Lanjut --------------------------------------------------------------------

_CODE = re.compile(r"^\s*(?:unsur\s*)?u\s*-?\s*([1-9])(?!\d)", re.IGNORECASE)
ELEMENT_CHOICES = ", ".join(f"{code} ({name})" for _k, code, name in SKM_ELEMENTS)
ELEMENT_UNKNOWN = Problem(
    "{kolom} tidak dikenali sebagai unsur SKM.", f"Isi {{kolom}} dengan kode atau nama unsur: {ELEMENT_CHOICES}."
)


def parse_element(cell: object) -> tuple[str, bool] | Problem:
    """'U3', 'u 3', 'U3 Waktu Penyelesaian', 'Waktu Penyelesaian' -> ('u3', False).

    When a code and the words disagree ('U8 Sarana dan Prasarana', as reports that swap U8 and U9
    write it) the words win and the second value is True (a Peringatan says so)."""
    text = " ".join(render_cell(cell).split()) if cell_kind(cell) != STR else " ".join(cell.split())
    code = _CODE.match(text)
    # The element by its words, as survey questions are recognised (sync.validate.questions): the
    # unique best-scoring element, if any ("Penanganan Pengaduan, Saran dan Masukan" -> u8).
    scores = element_scores(text)
    best = max(scores.values())
    top = [k for k, s in scores.items() if s == best]
    said = top[0] if best > 0 and len(top) == 1 else None
    if code:
        key = f"u{code.group(1)}"
        return (said, True) if said and said != key else (key, False)
    if said:
        return said, False
    return ELEMENT_UNKNOWN


_STATUS_WORDS = {
    "Belum": ("belum", "belummulai", "belumdimulai", "belumdilaksanakan", "rencana", "direncanakan", "0%", "0"),
    "Proses": (
        "proses",
        "dalamproses",
        "sedangproses",
        "diproses",
        "berjalan",
        "sedangberjalan",
        "sedang",
        "progres",
        "progress",
        "onprogress",
        "dikerjakan",
        "sedangdikerjakan",
        "dilaksanakan",
    ),
    "Selesai": (
        "selesai",
        "sudahselesai",
        "sudah",
        "tuntas",
        "done",
        "terlaksana",
        "telahselesai",
        "sudahdilaksanakan",
        "100%",
        "selesaidilaksanakan",
    ),
}
_STATUS_TABLE = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_STATUS_PUNCT = re.compile(r"[.!,;:()\-_/]+")


def parse_status(cell: object) -> str | Problem:
    """'  sudah selesai.' -> 'Selesai', 'On progress' -> 'Proses', 'belum' -> 'Belum'."""
    text = cell if cell_kind(cell) == STR else render_cell(cell)
    found = _STATUS_TABLE.get(normalize_key(_STATUS_PUNCT.sub(" ", text.casefold())))
    if found:
        return found
    return Problem(
        f"{KOLOM} '{text.strip()}' tidak dikenali.",
        f"Pilih salah satu: {', '.join(RTL_STATUSES)} (kosong berarti Belum).",
    )


DATE_UNKNOWN = Problem(
    "{kolom} tidak dikenali sebagai tanggal.",
    "Tulis tanggal target sebagai hari/bulan/tahun, mis. 31/12/2026, atau bulan dan tahun, mis. Desember 2026.",
)
_FAR_FUTURE = date(9999, 12, 31)  # a target lies ahead: no "not in the future" rule here


def parse_target(cell: object, tz) -> str | Problem:
    """A target date -> 'YYYY-MM-DD'; a month alone ('Desember 2026') means its last day."""
    moment = parse_timestamp(cell, _FAR_FUTURE, tz)
    if isinstance(moment, datetime):
        return moment.date().isoformat()
    month = parse_period(cell, _FAR_FUTURE)
    if isinstance(month, str):
        first = date(int(month[:4]), int(month[5:7]), 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return last.isoformat()
    if isinstance(moment, Problem) and "tidak wajar" in moment.problem:
        return moment
    return DATE_UNKNOWN


# A position names an office ('Kepala Seksi Pelayanan'); an academic title or a NIP names a person.
_POSITION_WORDS = re.compile(
    r"\b(?:kepala|ka\.?|kabid|kasi|kasie|kasubag|kasubbag|kasubid|kabag|kadis|kaban|sekretaris|sekretariat|"
    r"koordinator|petugas|staf|staff|pelaksana|bidang|seksi|sub|subbag|bagian|unit|tim|plt|plh|lurah|camat|"
    r"direktur|ketua|admin|operator|analis|pengelola|penata|pengadministrasi|fungsional|pejabat|uptd?|"
    r"puskesmas|dinas|badan|kantor|bendahara|perencana|pranata|verifikator|penyuluh|dokter|bidan|perawat|"
    r"guru|pengawas|penanggung|layanan|pelayanan|front|customer|loket|humas)",
    re.IGNORECASE,
)
_PERSON_MARKS = re.compile(
    r"(?:\b(?:drs?|dra|ir|hj?|prof|dr)\.\s*|,\s*(?:s|m|a|d)\.\s?[a-z]+|\b(?:s|m)\.(?:kom|si|sos|e|h|pd|t|ap|kes|"
    r"km|ked|ip|ag|hum|ik|kep|farm|psi|stp)\b|\d{18})",
    re.IGNORECASE,
)


def looks_like_a_name(text: str) -> bool:
    """True for 'Rina Marlina, S.Kom', 'Drs. Hendri' or a NIP; False for 'Kepala Seksi Pelayanan'.
    A title or a NIP marks a person; two to four capitalised words with no word of an office too."""
    text = " ".join(text.split())
    if not text:
        return False
    if _PERSON_MARKS.search(text):
        return True
    if _POSITION_WORDS.search(text):
        return False
    words = text.split(" ")
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())


def _rtl(check: TabCheck, units: UnitIndex, options: ValidationOptions) -> pd.DataFrame:
    unit = _unit_column(check, units)
    period = _period_column(check, options)

    el_label = check.label("element", "Unsur")
    element = parse_cells(check.cells("element"), parse_element)
    check.require(
        element,
        "element",
        el_label,
        f"{el_label} kosong.",
        f"Isi {el_label} dengan unsur SKM yang ditindaklanjuti: {ELEMENT_CHOICES}.",
    )
    check.report(element, "element", el_label)
    swapped = element.mapped(lambda v: v[1], fill=False, dtype=bool)
    names = {k: f"{code} ({name})" for k, code, name in SKM_ELEMENTS}
    chosen = element.mapped(lambda v: names[v[0]], fill="")[swapped]
    check.peringatan(
        swapped,
        "element",
        el_label,
        np.array(
            [f"Kode dan nama {el_label} tidak cocok; dipakai menurut namanya: {c}." for c in chosen], dtype=object
        ),
        np.array(
            [
                f"Tulis kode yang sesuai dengan namanya, mis. '{c}' (nomor unsur mengikuti PermenPANRB 14/2017)."
                for c in chosen
            ],
            dtype=object,
        ),
    )

    for key, default, fix in (
        ("activity", "Kegiatan", "Tulis kegiatan perbaikan yang direncanakan, mis. 'Menambah kursi ruang tunggu'."),
        (
            "responsible",
            "Penanggung Jawab",
            "Tulis jabatan penanggung jawabnya, mis. 'Kepala Seksi Pelayanan' (jabatan, bukan nama orang).",
        ),
    ):
        label = check.label(key, default)
        check.require(check.cells(key), key, label, f"{label} kosong.", fix)
    activity = parse_text(check.cells("activity"))
    responsible = parse_text(check.cells("responsible"))
    pj_label = check.label("responsible", "Penanggung Jawab")
    check.peringatan(
        responsible.mapped(looks_like_a_name, fill=False, dtype=bool),
        "responsible",
        pj_label,
        f"{pj_label} tampaknya nama orang, bukan jabatan.",
        "Tulis jabatannya, mis. 'Kepala Seksi Pelayanan': rencana tindak lanjut tetap berlaku saat "
        "pejabatnya berganti, dan halaman publik tidak menampilkan nama pegawai.",
    )

    tz = city_zone(options.timezone)
    target_label = check.label("target_date", "Target Waktu")
    target = parse_cells(check.cells("target_date"), lambda cell: parse_target(cell, tz))
    check.require(
        target,
        "target_date",
        target_label,
        f"{target_label} kosong.",
        f"Isi {target_label} dengan tanggal target selesai, mis. 31/12/2026.",
    )
    check.report(target, "target_date", target_label)

    status_label = check.label("status", "Status")
    status = parse_cells(check.cells("status"), parse_status)
    check.report(status, "status", status_label)
    note = parse_text(check.cells("note"))

    # The same activity for the same unit, period and element twice: the later row is the current one.
    check.supersede(
        combine_codes(
            unit.value_codes(),
            period.value_codes(),
            element.value_codes(),
            pd.factorize(pd.Series(activity.value).map(normalize_header))[0],
        ),
        "Unit Layanan, Periode, Unsur dan Kegiatan",
        "activity",
        check.label("activity", "Kegiatan"),
    )
    at = np.flatnonzero(check.used)
    statuses = status.at(at)
    return clean_frame(
        {
            "unit_id": unit.mapped(lambda v: v[0], fill="")[at],
            "agency": unit.mapped(lambda v: v[1], fill="")[at],
            "period": period.at(at),
            "element": element.mapped(lambda v: v[0], fill="")[at],
            "activity": activity.at(at),
            "responsible": responsible.at(at),
            "target_date": target.at(at),
            "status": np.where(pd.isna(statuses), "Belum", statuses).astype(object),
            "note": note.at(at),
            "sheet_row": check.rows[at],
        },
        RTL_DTYPES,
    )
