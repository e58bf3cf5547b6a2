"""An employee's own download (/saya/data.xlsx and /saya/data.json): every row the store keeps
about them, in the words they read on the site.

The workbook is for people: Indonesian headers (the HR report's, web.report), the period as
"Oktober 2026", scores as numbers rounded half-up to 2 decimals and shown with 2 (as the ratings
were compared, docs/scoring.md), Ya/Tidak for flags, times in WIB. The JSON is for programs: its
keys are the store's column names and stay stable (the same names as the open data and
docs/scoring.md), values as stored (full precision, 0/1 flags), except times, which are ISO in WIB
(+07:00); `kamus_kolom` names every key in Indonesian, so the file documents itself.
"""

from __future__ import annotations

import math

from config.contract import TIDAK, YA
from scoring.periods import label as period_label
from scoring.rounding import round_half_up
from sync.store import accounts as account_store
from web.format import timestamp
from web.me import access_what
from web.report import INT, PEGAWAI_COLUMNS, PEGAWAI_PERIODIC_COLUMNS, SCORE, TEXT, YESNO, Col

NUMBER = "number"  # a number as typed in the sheet (a target, a weight): kept whole, not rounded
PERIOD = Col("period", "Periode", TEXT, 16)

ROSTER_COLUMNS = (
    Col("agency", "Kode OPD"),
    Col("nip", "NIP"),
    Col("name", "Nama"),
    Col("position", "Jabatan"),
    Col("unit", "Unit Kerja"),
    Col("unit_id", "Kode Unit"),
    Col("public_service", "Layanan Publik", YESNO),
    Col("active", "Aktif", YESNO),
)

# Result columns the HR report leaves out (it has one period); the person's download keeps them.
MORE_RESULT_COLUMNS = (
    Col("ikm_minimum", "Batas Minimum IKM"),
    Col("has_rating", "Ada Penilaian Atasan", YESNO),
    Col("has_attendance", "Ada Presensi", YESNO),
    Col("complaints_counted", "Pengaduan Dihitung", INT),
    Col("complaints_on_time", "Pengaduan Selesai Tepat Waktu", INT),
    Col("c_aduan", "Capaian Pengaduan", SCORE),
    Col("rules_name", "Aturan Penilaian"),
    Col("decision", "Penetapan"),
    Col("rating_row", "Baris di Tab Penilaian Atasan", INT),
    Col("attendance_row", "Baris di Tab Presensi", INT),
    Col("rejected_rows", "Baris Ditolak (tidak dihitung)"),
)
RESULT_COLUMNS = (PERIOD, *PEGAWAI_COLUMNS, *MORE_RESULT_COLUMNS)
PERIODIC_COLUMNS = (
    PERIOD,
    *PEGAWAI_PERIODIC_COLUMNS,
    Col("kind", "Jenis Periode"),
    Col("rules_name", "Aturan Penilaian"),
)
INDICATOR_COLUMNS = (
    PERIOD,
    Col("agency", "Kode OPD"),
    Col("row", "Baris di Tab Kinerja", INT),
    Col("plan", "Rencana Hasil Kerja"),
    Col("indicator", "Indikator"),
    Col("target", "Target", NUMBER),
    Col("actual", "Realisasi", NUMBER),
    Col("measure", "Satuan"),
    Col("direction", "Arah"),
    Col("weight", "Bobot", NUMBER),
    Col("capaian", "Capaian", SCORE),
    Col("capaian_capped", "Capaian Dipakai (c′)", SCORE),
)
ACCESS_COLUMNS = (
    Col("at", "Waktu"),
    Col("viewer", "Pengguna"),
    Col("viewer_name", "Nama"),
    Col("role", "Sebagai"),
    Col("target_nip", "NIP yang Dilihat"),
    Col("agency", "OPD"),
    Col("what", "Apa"),
)
SHEETS = (
    ("pegawai", "Pegawai", ROSTER_COLUMNS),
    ("hasil_bulanan", "Hasil Bulanan", RESULT_COLUMNS),
    ("hasil_triwulan_tahun", "Triwulan dan Tahun", PERIODIC_COLUMNS),
    ("indikator", "Indikator", INDICATOR_COLUMNS),
    ("akses_oleh_orang_lain", "Riwayat Akses", ACCESS_COLUMNS),
)
NUMBER_FORMATS = {SCORE: "0.00", INT: "0"}  # 2 decimals; a row number without a thousands separator


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def cell(col: Col, value):
    """One value as the workbook shows it."""
    if col.key == "period" and value:
        return period_label(str(value))
    if col.key == "kind":
        return str(value or "").capitalize()  # "Triwulan", "Tahun"
    if col.key == "at":
        return timestamp(value)
    if col.key == "what":
        return access_what(value)
    if col.kind == YESNO:
        number = _number(value)
        return "" if number is None else (YA if number else TIDAK)
    if col.kind == SCORE:
        number = _number(value)
        return None if number is None else float(round_half_up(number, 2))
    if col.kind == NUMBER:
        return _number(value)
    if col.kind == INT:
        number = _number(value)
        return None if number is None else int(number)
    return "" if value is None else str(value)


def columns_of(rows: list[dict], known: tuple[Col, ...]) -> list[Col]:
    """The known columns the rows have, then any the store added since (named by their key)."""
    keys = set().union(*(r.keys() for r in rows)) if rows else {c.key for c in known}
    named = {c.key for c in known}
    return [c for c in known if c.key in keys] + [Col(k, k) for k in (rows[0] if rows else {}) if k not in named]


def sheets(data: dict) -> list[tuple]:
    """(name, header, rows, number formats) for web.workbooks.workbook_bytes."""
    out = []
    for key, title, known in SHEETS:
        rows = data[key]
        cols = columns_of(rows, known)
        out.append(
            (
                title,
                [c.header for c in cols],
                [[cell(c, r.get(c.key)) for c in cols] for r in rows],
                [NUMBER_FORMATS.get(c.kind) for c in cols],
            )
        )
    return out


def machine(data: dict) -> dict:
    """The JSON: the same rows, stable keys, access times in WIB (+07:00), and a key dictionary."""
    accesses = []
    for row in data["akses_oleh_orang_lain"]:
        moment = account_store.city_moment(row.get("at"))
        accesses.append({**row, "at": moment.isoformat(timespec="seconds") if moment else row.get("at")})
    dictionary = {key: {c.key: c.header for c in columns_of(data[key], known)} for key, _title, known in SHEETS}
    return {**data, "akses_oleh_orang_lain": accesses, "kamus_kolom": dictionary}
