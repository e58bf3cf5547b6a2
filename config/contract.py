"""The sheet contract: which tabs and columns users type into, and which tabs we own.

Defined once here; the validator, the templates (`init`), the demo generator and the docs all
read these tables. Internal column keys are English; the headers users see are Indonesian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The shared words are scoring's (the bottom layer): re-exported here for the sheets.
from scoring.vocabulary import (  # noqa: F401
    BERAKHLAK,
    BERAKHLAK_KEYS,
    RATING_KEYS,
    SKM_ELEMENTS,
    SKM_KEYS,
    SUPERVISOR_RATINGS,
    TAB_ATTENDANCE,
    TAB_RATING,
    TAB_REPORT,
)


@dataclass(frozen=True)
class Column:
    """One input column: internal key, the header users see, and whether it must be present."""

    key: str
    header: str
    required: bool = True
    text: bool = False  # formatted as text in templates (NIPs) so no digit is lost
    aliases: tuple[str, ...] = ()
    date: bool = False  # a date or moment: the Google backend turns serial numbers here into dates


@dataclass(frozen=True)
class InputTab:
    """An input tab of the contract."""

    key: str
    name: str
    columns: tuple[Column, ...]
    optional: bool = False  # a missing optional tab is not a problem

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# ---- Agency spreadsheet -------------------------------------------------------------------

PEGAWAI = InputTab(
    key="employees",
    name="Pegawai",
    columns=(
        Column("nip", "NIP", text=True),
        Column("name", "Nama", aliases=("Nama Pegawai", "Nama Lengkap")),
        Column("position", "Jabatan", required=False),
        Column("unit", "Unit Kerja", required=False, aliases=("Unit", "Sub Unit")),
        Column("supervisor_nip", "NIP Atasan", required=False, text=True),
        Column("public_service", "Layanan Publik", required=False, aliases=("Layanan Publik (Ya/Tidak)",)),
        Column("status", "Status", required=False, aliases=("Status Pegawai",)),
        # For notifications ([notify]): where the employee's own mails go.
        Column("email", "Email", required=False, aliases=("E-mail", "Surel", "Alamat Email", "Alamat Surel")),
    ),
)

LAPORAN = InputTab(
    key="reports",
    name=TAB_REPORT,
    columns=(
        Column("period", "Periode", aliases=("Bulan",), date=True),
        Column("nip", "NIP", text=True),
        Column("plan", "Rencana Hasil Kerja", required=False, aliases=("RHK",)),
        Column("indicator", "Indikator", aliases=("Indikator Kinerja",)),
        Column("target", "Target"),
        Column("actual", "Realisasi"),
        Column("measure", "Satuan", required=False),
        Column("direction", "Arah", required=False, aliases=("Arah (Naik/Turun)",)),
        Column("weight", "Bobot", required=False),
        Column("evidence", "Bukti", required=False, aliases=("Bukti (link)", "Link Bukti", "Tautan Bukti")),
        Column("note", "Catatan", required=False, aliases=("Keterangan",)),
    ),
)

PENILAIAN = InputTab(
    key="ratings",
    name=TAB_RATING,
    columns=(
        Column("period", "Periode", aliases=("Bulan",), date=True),
        Column("nip", "NIP", text=True),
        *(Column(k, h) for k, h in SUPERVISOR_RATINGS),
        Column("feedback", "Umpan Balik", required=False, aliases=("Umpan Balik Atasan",)),
        Column("rater_nip", "NIP Penilai", required=False, text=True, aliases=("NIP Atasan",)),
    ),
)

PRESENSI = InputTab(
    key="attendance",
    name=TAB_ATTENDANCE,
    columns=(
        Column("period", "Periode", aliases=("Bulan",), date=True),
        Column("nip", "NIP", text=True),
        Column("work_days", "Hari Kerja"),
        Column("present", "Hadir"),
        Column("late", "Terlambat", required=False),
        Column("early_leave", "Pulang Cepat", required=False),
        Column("absent", "Tanpa Keterangan", required=False, aliases=("TK", "Alpa", "Mangkir")),
    ),
)

AGENCY_INPUT_TABS = (PEGAWAI, LAPORAN, PENILAIAN, PRESENSI)
# The sheet header of each monthly input field, by key ("actual" -> "Realisasi").
MONTHLY_HEADERS = {c.key: c.header for tab in (LAPORAN, PENILAIAN, PRESENSI) for c in tab.columns}

# Who else may rate an employee for a month (a Plt, a transfer): by default only the roster's
# NIP Atasan, or the supervisor recorded for that month when it was first synced (SCORING.md §7).
# Optional: without it nobody but the direct supervisor rates.
PENILAI = InputTab(
    key="raters",
    name="Penilai",
    optional=True,
    columns=(
        Column("period", "Periode", aliases=("Bulan",), date=True),
        Column("nip", "NIP", text=True, aliases=("NIP Pegawai", "NIP Yang Dinilai")),
        Column("rater_nip", "NIP Penilai", text=True, aliases=("NIP Plt", "NIP Pejabat Penilai")),
        Column("note", "Keterangan", required=False, aliases=("Catatan", "Alasan")),
    ),
)
AGENCY_OPTIONAL_TABS = (PENILAI,)

# ---- City spreadsheet -----------------------------------------------------------------------

# The standard questionnaire's question texts (PermenPANRB 14/2017, Lampiran), used for
# templates, the demo form and the README's recommended form.
SKM_QUESTIONS = {
    "u1": "U1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "u2": "U2. Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "u3": "U3. Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "u4": "U4. Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "u5": "U5. Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
    "u6": "U6. Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "u7": "U7. Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "u8": "U8. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "u9": "U9. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
}

# Answer labels of the standard questionnaire, 1..4 in order. Extendable in config.
SKM_LABELS = {
    "u1": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "u2": ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    "u3": ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    "u4": ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    "u5": ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    "u6": ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    "u7": ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    "u8": ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    "u9": ("Buruk", "Cukup", "Baik", "Sangat baik"),
}

FORM = InputTab(
    key="responses",
    name="Tanggapan Formulir 1",
    columns=(
        Column("timestamp", "Cap waktu", aliases=("Timestamp", "Stempel waktu", "Tanggal"), date=True),
        Column("unit", "Unit Layanan", aliases=("Unit Pelayanan", "Nama Unit Layanan")),
        Column("service", "Jenis Layanan", required=False, aliases=("Jenis Pelayanan",)),
        # The nine question columns are matched by their element code (see skm_column_key).
        Column("complaint", "Keluhan", required=False, aliases=("Keluhan/Saran", "Saran dan Keluhan", "Pengaduan")),
        Column("complaint_category", "Kategori Keluhan", required=False),
    ),
)

PENGADUAN = InputTab(
    key="complaints",
    name="Pengaduan",
    optional=True,
    columns=(
        Column("number", "Nomor", required=False, aliases=("No", "No.", "Nomor Pengaduan")),
        Column("received", "Tanggal Masuk", date=True),
        Column("unit", "Unit Layanan"),
        Column("category", "Kategori", required=False),
        Column("text", "Uraian", required=False),
        Column("status", "Status", required=False),
        Column("resolved", "Tanggal Selesai", required=False, date=True),
        # The officer who handled the complaint: their on-time handling joins their NHK (SCORING.md §1).
        Column(
            "officer_nip",
            "NIP Petugas",
            required=False,
            aliases=("NIP Petugas Penanganan", "NIP Penanggung Jawab", "NIP Petugas Penangan", "NIP Pegawai"),
        ),
    ),
)

# The organisation rating per agency and year (SE MenPANRB 3/2023), for the distribution check.
# Optional: without it the ratings in config ([[agencies]] org_rating) apply.
KINERJA_ORGANISASI = InputTab(
    key="org_ratings",
    name="Kinerja Organisasi",
    optional=True,
    columns=(
        Column("year", "Tahun", aliases=("Tahun Penilaian",)),
        Column("agency", "OPD", aliases=("Kode OPD", "Nama OPD", "Perangkat Daerah")),
        Column(
            "org_rating",
            "Predikat Kinerja Organisasi",
            aliases=("Predikat Organisasi", "Predikat", "Capaian Kinerja Organisasi"),
        ),
    ),
)

# The number of service recipients per unit and period (PermenPANRB 14/2017: the population the
# SKM sample is drawn from). Optional: without it the configured min_responses judges the sample.
POPULASI_LAYANAN = InputTab(
    key="population",
    name="Populasi Layanan",
    optional=True,
    columns=(
        Column("unit", "Unit Layanan", aliases=("Unit Pelayanan", "Nama Unit Layanan")),
        # Not "Tahun": the Google backend reads every date column's header as a date header, and
        # `Kinerja Organisasi`'s Tahun holds plain years.
        Column("period", "Periode", aliases=("Bulan",), date=True),
        Column(
            "population",
            "Jumlah Penerima Layanan",
            aliases=("Penerima Layanan", "Jumlah Pengguna Layanan", "Populasi", "Jumlah Populasi"),
        ),
    ),
)

# The follow-up plan (rencana tindak lanjut) of each unit's SKM results. Optional.
RENCANA_TINDAK_LANJUT = InputTab(
    key="rtl",
    name="Rencana Tindak Lanjut",
    optional=True,
    columns=(
        Column("unit", "Unit Layanan", aliases=("Unit Pelayanan", "Nama Unit Layanan")),
        Column("period", "Periode", aliases=("Periode SKM", "Bulan"), date=True),
        Column("element", "Unsur", aliases=("Unsur Pelayanan", "Unsur SKM", "Unsur Layanan")),
        Column("activity", "Kegiatan", aliases=("Rencana Kegiatan", "Program/Kegiatan", "Tindak Lanjut")),
        Column("responsible", "Penanggung Jawab", aliases=("PJ", "Penanggungjawab")),
        # Not "Target": date headers are global to the Google backend, and Laporan Kinerja's Target
        # is a number.
        Column("target_date", "Target Waktu", aliases=("Batas Waktu", "Tenggat", "Target Selesai"), date=True),
        Column("status", "Status", required=False, aliases=("Status Pelaksanaan",)),
        Column("note", "Keterangan", required=False, aliases=("Catatan",)),
    ),
)
RTL_STATUSES = ("Belum", "Proses", "Selesai")

CITY_INPUT_TABS = (FORM, PENGADUAN, KINERJA_ORGANISASI, POPULASI_LAYANAN, RENCANA_TINDAK_LANJUT)

# ---- Tabs we own ------------------------------------------------------------------------------

TAB_HASIL = "Hasil Kinerja"
TAB_VALIDASI = "Validasi"
TAB_RINGKASAN = "Ringkasan"
TAB_REKAP_KOTA = "Rekap Kota"
TAB_IKM_UNIT = "IKM Unit"
TAB_HASIL_PERIODIK = "Hasil Periodik"  # employee x quarter / year
TAB_IKM_PERIODIK = "IKM Periodik"  # service unit x quarter / year
TAB_PROFIL = "Profil Responden"  # service unit x period x characteristic x category: count
TAB_USULAN_RTL = "Usulan RTL"  # the weakest SKM elements per unit and period: where a follow-up starts

AGENCY_OWNED_TABS = (TAB_HASIL, TAB_HASIL_PERIODIK, TAB_VALIDASI, TAB_RINGKASAN)
CITY_OWNED_TABS = (TAB_REKAP_KOTA, TAB_IKM_UNIT, TAB_IKM_PERIODIK, TAB_PROFIL, TAB_USULAN_RTL, TAB_VALIDASI)

VALIDASI_HEADERS = ("Tab", "Baris", "Kolom", "Nilai", "Masalah", "Saran", "Tingkat")
GALAT = "Galat"  # the row is not used
PERINGATAN = "Peringatan"  # the row is used; something should still be fixed

CITY_SCOPE = "kota"  # the city spreadsheet's scope (the store's `scope` column; agencies use their code)

YA, TIDAK = "Ya", "Tidak"
AKTIF, NONAKTIF = "Aktif", "Nonaktif"
NAIK, TURUN = "Naik", "Turun"

_SPACES = re.compile(r"\s+")
# Characters a clerk cannot see but a paste or an export leaves in a cell: zero-width space,
# joiners, word joiner, byte-order mark, soft hyphen. `Target\u200b` must match `Target`.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Punctuation typed after a header ('HARI KERJA:', 'hadir :', 'Target*'): not part of the name.
_TRAILING_PUNCTUATION = re.compile(r"[:;,.*]+$")


def normalize_header(text: object) -> str:
    """Header matching key: case- and space-insensitive, blind to invisible characters and to
    trailing punctuation. `' Unit  kerja'` -> `'unitkerja'`, `'\ufeffHARI KERJA :'` -> `'harikerja'`."""
    key = _SPACES.sub("", INVISIBLE.sub("", str(text or ""))).casefold()
    return _TRAILING_PUNCTUATION.sub("", key)


_SKM_CODE = re.compile(r"^\s*u\s*([1-9])\b", re.IGNORECASE)


def skm_column_key(header: object) -> str | None:
    """The SKM element a form question header belongs to, by its leading code: 'U3. ...' -> 'u3'."""
    match = _SKM_CODE.match(str(header or ""))
    return f"u{match.group(1)}" if match else None


@dataclass(frozen=True)
class HeaderMap:
    """Result of matching a tab's header row: column index per key, and what is missing."""

    index: dict[str, int] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def match_headers(
    header_row: list[object],
    tab: InputTab,
    extra_aliases: dict[str, tuple[str, ...]] | None = None,
) -> HeaderMap:
    """Map contract columns to positions in `header_row` (first match wins; extras ignored)."""
    extra_aliases = extra_aliases or {}
    positions: dict[str, int] = {}
    for pos, cell in enumerate(header_row):
        positions.setdefault(normalize_header(cell), pos)
    index: dict[str, int] = {}
    missing = []
    for col in tab.columns:
        names = (col.header, *col.aliases, *extra_aliases.get(col.key, ()))
        pos = next((positions[n] for n in map(normalize_header, names) if n in positions), None)
        if pos is None:
            if col.required:
                missing.append(col.key)
        else:
            index[col.key] = pos
    return HeaderMap(index=index, missing=tuple(missing))


def header_candidates(
    header_row: list[object],
    tab: InputTab,
    extra_aliases: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, list[int]]:
    """Every position whose header names a contract column (its header or any alias), by key.

    More than one position for a key is an ambiguity the validator must report (a header typed
    twice, or a header next to its alias): `match_headers` alone would silently take the first.
    """
    extra_aliases = extra_aliases or {}
    found: dict[str, list[int]] = {}
    keys = [normalize_header(cell) for cell in header_row]
    for col in tab.columns:
        names = {normalize_header(n) for n in (col.header, *col.aliases, *extra_aliases.get(col.key, ()))}
        at = [pos for pos, key in enumerate(keys) if key and key in names]
        if at:
            found[col.key] = at
    return found


# Period keys and their Indonesian labels are defined once, in scoring.periods, the month names in
# scoring.indonesian: months 'YYYY-MM', quarters 'YYYY-Qn', years 'YYYY'.
from scoring.indonesian import MONTHS_ID  # noqa: E402, F401  (re-exported for the sheets and the demo)
from scoring.periods import (  # noqa: E402, F401  (re-exported for the sheets, the site and the reports)
    MONTH,
    QUARTER,
    QUARTERS_ID,
    YEAR,
    kind as period_kind,
    label as period_label,
    quarter_of,
)
