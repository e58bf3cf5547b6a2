"""The shared words of the appraisal, declared once: SKM elements, BerAKHLAK values, ratings and
predikat, unit ids.

scoring/ is the bottom layer and imports nothing of the project, so every layer reads these words
from here: config.contract builds the sheet columns from them; the owned tabs, the store, the site
and the reports name them. Period keys and their labels live in scoring.periods; numbers, month
names and dates as Indonesians write them in scoring.indonesian.
"""

from __future__ import annotations

# ---- SKM (Survei Kepuasan Masyarakat) -------------------------------------------------------

# The nine elements (unsur) U1..U9 in the order of PermenPANRB 14/2017, Lampiran:
# (key, code, Indonesian name).
SKM_ELEMENTS = (
    ("u1", "U1", "Persyaratan"),
    ("u2", "U2", "Sistem, Mekanisme, dan Prosedur"),
    ("u3", "U3", "Waktu Penyelesaian"),
    ("u4", "U4", "Biaya/Tarif"),
    ("u5", "U5", "Produk Spesifikasi Jenis Pelayanan"),
    ("u6", "U6", "Kompetensi Pelaksana"),
    ("u7", "U7", "Perilaku Pelaksana"),
    ("u8", "U8", "Penanganan Pengaduan, Saran dan Masukan"),
    ("u9", "U9", "Sarana dan Prasarana"),
)
SKM_KEYS = tuple(key for key, _code, _name in SKM_ELEMENTS)
# 'U1 Persyaratan': how a sentence or a column header names an element.
SKM_ELEMENT_NAMES = tuple(f"{code} {name}" for _key, code, name in SKM_ELEMENTS)
# The stored/published NRR (nilai rata-rata) column of each element.
NRR_COLUMNS = tuple(f"nrr_{key}" for key in SKM_KEYS)

# ---- Perilaku Kerja ---------------------------------------------------------------------------

# The seven BerAKHLAK core values of ASN (SE MenPANRB 20/2021): (key, Indonesian name).
BERAKHLAK = (
    ("service", "Berorientasi Pelayanan"),
    ("accountable", "Akuntabel"),
    ("competent", "Kompeten"),
    ("harmonious", "Harmonis"),
    ("loyal", "Loyal"),
    ("adaptive", "Adaptif"),
    ("collaborative", "Kolaboratif"),
)
BERAKHLAK_KEYS = tuple(key for key, _name in BERAKHLAK)
BERAKHLAK_NAMES = tuple(name for _key, name in BERAKHLAK)
INITIATIVE_KEY = "initiative"
# The supervisor's eight ratings of a month, in sheet and store order: (key, Indonesian name).
SUPERVISOR_RATINGS = BERAKHLAK + ((INITIATIVE_KEY, "Inisiatif"),)
RATING_KEYS = tuple(key for key, _name in SUPERVISOR_RATINGS)

# The agency's input tabs that scoring's sentences send a reader to (config.contract names the
# tabs with these).
TAB_REPORT, TAB_RATING, TAB_ATTENDANCE = "Laporan Kinerja", "Penilaian Atasan", "Presensi"

# ---- Ratings and predikat ---------------------------------------------------------------------

# Rating labels (PermenPANRB 6/2022: Di Atas / Sesuai / Di Bawah Ekspektasi).
DI_ATAS = "Di Atas Ekspektasi"
SESUAI = "Sesuai Ekspektasi"
DI_BAWAH = "Di Bawah Ekspektasi"
RATINGS = (DI_ATAS, SESUAI, DI_BAWAH)

# Predikat Kinerja Pegawai (PermenPANRB 6/2022), best first.
SANGAT_BAIK = "Sangat Baik"
BAIK = "Baik"
BUTUH_PERBAIKAN = "Butuh Perbaikan"
KURANG = "Kurang/Misconduct"
SANGAT_KURANG = "Sangat Kurang"
PREDIKATS = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
# The count column of each predikat in summaries (owned tabs, store, open data).
PREDIKAT_COLUMNS = {
    SANGAT_BAIK: "n_sangat_baik",
    BAIK: "n_baik",
    BUTUH_PERBAIKAN: "n_butuh_perbaikan",
    KURANG: "n_kurang",
    SANGAT_KURANG: "n_sangat_kurang",
}

# Predikat Kinerja Organisasi (SE MenPANRB 3/2023), best first: the agency's rating that bounds
# its employees' predikat distribution.
ORG_ISTIMEWA = "Istimewa"
ORG_BAIK = "Baik"
ORG_BUTUH_PERBAIKAN = "Butuh Perbaikan"
ORG_KURANG = "Kurang"
ORG_SANGAT_KURANG = "Sangat Kurang"
ORG_RATINGS = (ORG_ISTIMEWA, ORG_BAIK, ORG_BUTUH_PERBAIKAN, ORG_KURANG, ORG_SANGAT_KURANG)

# ---- Unit ids ---------------------------------------------------------------------------------

# A survey unit is an agency as a whole, 'opd:<CODE>', or one of its service units (Unit Kerja),
# 'unit:<CODE>:<normalized name>'. Ids are stored, published and compared, so they are built and
# read only here. The level column of the IKM tables holds the id's first part.
AGENCY_LEVEL, SERVICE_UNIT_LEVEL = "opd", "unit"
LEVEL_LABELS = {AGENCY_LEVEL: "OPD", SERVICE_UNIT_LEVEL: "Unit Kerja"}
AGENCY_UNIT_PREFIX = f"{AGENCY_LEVEL}:"
SERVICE_UNIT_PREFIX = f"{SERVICE_UNIT_LEVEL}:"


def agency_unit_id(code: str) -> str:
    """'DISDIK' -> 'opd:DISDIK': the unit id of an agency's own (pooled) row."""
    return f"{AGENCY_UNIT_PREFIX}{code}"


def service_unit_id(code: str, normalized_name: str) -> str:
    """('DPMPTSP', 'mpp') -> 'unit:DPMPTSP:mpp'; the name is already normalized by the caller."""
    return f"{SERVICE_UNIT_PREFIX}{code}:{normalized_name}"


def is_agency_unit(unit_id: object) -> bool:
    """True for an agency's own id, 'opd:<CODE>'."""
    return str(unit_id).startswith(AGENCY_UNIT_PREFIX)


def is_service_unit(unit_id: object) -> bool:
    """True for a service unit's id, 'unit:<CODE>:<name>'."""
    return str(unit_id).startswith(SERVICE_UNIT_PREFIX)


def agency_of_unit(unit_id: object) -> str | None:
    """The agency code in a unit id: 'opd:DISDIK' and 'unit:DISDIK:sdn1' -> 'DISDIK'; else None."""
    text = str(unit_id)
    if text.startswith(AGENCY_UNIT_PREFIX):
        return text[len(AGENCY_UNIT_PREFIX) :] or None
    if text.startswith(SERVICE_UNIT_PREFIX):
        code = text[len(SERVICE_UNIT_PREFIX) :].split(":", 1)[0]
        return code or None
    return None


# ---- the respondent profile (PermenPANRB 14/2017, Lampiran: Jenis Kelamin, Usia, Pendidikan,
# Pekerjaan): the categories SKM reports count; sync/validate/profile.py reads answers into them.

# characteristic key -> the label reports and the owned tab use
CHARACTERISTICS = {
    "gender": "Jenis Kelamin",
    "age": "Usia",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
}
NOT_GIVEN = "Tidak diisi"
GENDERS = ("Laki-laki", "Perempuan")
AGE_BANDS = (
    (0, 19, "< 20 tahun"),
    (20, 29, "20–29 tahun"),
    (30, 39, "30–39 tahun"),
    (40, 49, "40–49 tahun"),
    (50, 59, "50–59 tahun"),
    (60, 200, "≥ 60 tahun"),
)
EDUCATIONS = ("SD", "SMP", "SMA/SMK", "D1–D3", "D4/S1", "S2", "S3")
OTHER_OCCUPATION = "Lainnya"
OCCUPATIONS = ("PNS/TNI/POLRI", "Pegawai Swasta", "Wiraswasta/Usahawan", "Pelajar/Mahasiswa", OTHER_OCCUPATION)
ORDER = {
    "gender": (*GENDERS, NOT_GIVEN),
    "age": (*(b[2] for b in AGE_BANDS), NOT_GIVEN),
    "education": (*EDUCATIONS, NOT_GIVEN),
    "occupation": (*OCCUPATIONS, NOT_GIVEN),
}


def category_rank(characteristic: str, category: str) -> int:
    """Display order of a category within its characteristic (by label); unknown ones last."""
    key = next((k for k, label in CHARACTERISTICS.items() if label == characteristic), None)
    order = ORDER.get(key, ())
    return order.index(category) if category in order else len(order) - 1 if category == NOT_GIVEN else len(order)
