"""The respondent profile a survey form asks first, read into the categories SKM reports count.

PermenPANRB 14/2017, Lampiran (the questionnaire): "PROFIL — Jenis Kelamin: L / P; Usia: … tahun;
Pendidikan: SD, SMP, SMA, D1-D2-D3, D4, S1, S2, S3; Pekerjaan: PNS, TNI, POLRI, SWASTA,
WIRAUSAHA, Lainnya … (sebutkan)". Reports tabulate each characteristic by category; the age asked
in years is grouped into bands (the Lampiran fixes none: the project uses ten-year bands, and a
band a form offers is kept as typed).

Every answer is optional: a blank or unreadable one is counted as "Tidak diisi" and the response
still counts for the IKM (the validator warns about the unreadable ones).
"""

from __future__ import annotations

import math
import re

from scoring.vocabulary import (  # noqa: F401  (re-exported for the validators)
    AGE_BANDS,
    CHARACTERISTICS,
    EDUCATIONS,
    GENDERS,
    NOT_GIVEN,
    OCCUPATIONS,
    ORDER,
    OTHER_OCCUPATION,
    category_rank,
)
from sync.validate.parse import NUM, STR, Problem, cell_kind, render_cell
from sync.validate.questions import fold

_GENDER = {
    **dict.fromkeys(("l", "lk", "laki", "lakilaki", "laki laki", "lelaki", "pria", "male", "m"), "Laki-laki"),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "female", "f"), "Perempuan"),
}

MIN_AGE, MAX_AGE = 10, 110  # a respondent's plausible age in years

_EDUCATION = {
    **dict.fromkeys(
        ("sd", "sd sederajat", "sd kebawah", "sd ke bawah", "tidak sekolah", "tidak tamat sd", "mi", "sekolah dasar"),
        "SD",
    ),
    **dict.fromkeys(("smp", "sltp", "mts", "smp sederajat", "sekolah menengah pertama"), "SMP"),
    **dict.fromkeys(
        (
            "sma",
            "smk",
            "slta",
            "ma",
            "sma smk",
            "smk sma",
            "sma sederajat",
            "slta sederajat",
            "sma smk sederajat",
            "sekolah menengah atas",
        ),
        "SMA/SMK",
    ),
    **dict.fromkeys(
        ("d1", "d2", "d3", "d1 d3", "d1 d2 d3", "diploma", "diploma 1", "diploma 2", "diploma 3", "diii", "di", "dii"),
        "D1–D3",
    ),
    **dict.fromkeys(("d4", "s1", "d4 s1", "s1 d4", "sarjana", "diploma 4", "div", "strata 1"), "D4/S1"),
    **dict.fromkeys(("s2", "magister", "master", "strata 2"), "S2"),
    **dict.fromkeys(("s3", "doktor", "strata 3"), "S3"),
}

_OCCUPATION = {
    **dict.fromkeys(
        (
            "pns",
            "asn",
            "tni",
            "polri",
            "pppk",
            "pns tni polri",
            "tni polri",
            "pegawai negeri",
            "pegawai negeri sipil",
            "aparatur sipil negara",
        ),
        "PNS/TNI/POLRI",
    ),
    **dict.fromkeys(("swasta", "pegawai swasta", "karyawan", "karyawan swasta", "karyawati"), "Pegawai Swasta"),
    **dict.fromkeys(
        ("wiraswasta", "wirausaha", "usahawan", "wiraswasta usahawan", "pengusaha", "pedagang", "wirausahawan"),
        "Wiraswasta/Usahawan",
    ),
    **dict.fromkeys(("pelajar", "mahasiswa", "siswa", "pelajar mahasiswa", "mahasiswi"), "Pelajar/Mahasiswa"),
}
# Compare without spaces too: 'S 1', 'SMA / SMK', 'd1-d3' are how people type them.
_EDUCATION = {k.replace(" ", ""): v for k, v in _EDUCATION.items()}


def _text(cell: object) -> str:
    return fold(cell if cell_kind(cell) == STR else render_cell(cell))


def parse_gender(cell: object) -> str | Problem:
    found = _GENDER.get(_text(cell))
    return found or Problem(
        "{kolom} '" + render_cell(cell).strip() + "' tidak dikenali.",
        "Isi L atau P (Laki-laki atau Perempuan). Tanggapan ini tetap dihitung dalam IKM.",
    )


def age_band(years: int) -> str:
    return next(label for low, high, label in AGE_BANDS if low <= years <= high)


_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|sd|s d|sampai|hingga|to)?\s*(\d{1,3})(?:\s*(?:tahun|thn|th))?$")
_BELOW = re.compile(r"^(?:<|kurang dari|di ?bawah|dibawah|under)\s*(\d{1,3})(?:\s*(?:tahun|thn|th))?$")
_ABOVE = re.compile(
    r"^(?:>|lebih dari|di ?atas|diatas)\s*(\d{1,3})(?:\s*(?:tahun|thn|th))?$|"
    r"^(\d{1,3})\s*(?:tahun|thn|th)?\s*(?:ke ?atas|keatas|lebih|\+)$"
)
_YEARS = re.compile(r"^(\d{1,3})(?:\s*(?:tahun|thn|th))?$")


def parse_age(cell: object) -> str | Problem:
    """Years (35, '35 tahun') -> their band; a band as typed ('20-29', '< 20', '60 ke atas')
    -> that band ('20–29 tahun'), one of AGE_BANDS when it is one."""
    bad = Problem(
        "{kolom} '" + render_cell(cell).strip() + "' tidak terbaca sebagai usia.",
        "Isi usia dalam tahun (mis. 35) atau rentang usia (mis. 30–39 tahun). Tanggapan ini tetap dihitung dalam IKM.",
    )
    if cell_kind(cell) == NUM:
        value = float(cell)
        if not math.isfinite(value) or value != math.floor(value):
            return bad
        return _years(int(value), cell)
    if cell_kind(cell) != STR:
        return bad
    raw = cell.strip().casefold().replace("–", "-").replace("—", "-").replace("≥", ">").replace("≤", "<")
    text = " ".join(re.sub(r"[^0-9a-z<>+\- ]+", " ", raw).split())
    text = re.sub(r"\s*-\s*", "-", text)
    match = _YEARS.fullmatch(text)
    if match:
        return _years(int(match.group(1)), cell)
    match = _RANGE.fullmatch(text.replace("-", " - ").replace(" - ", "-")) or _RANGE.fullmatch(text)
    if match and int(match.group(1)) < int(match.group(2)):
        low, high = int(match.group(1)), int(match.group(2))
        for b_low, b_high, label in AGE_BANDS:
            if b_low <= low and high <= b_high:
                return label
        return f"{low}–{high} tahun"
    match = _BELOW.fullmatch(text)
    if match:
        return "< 20 tahun" if int(match.group(1)) == 20 else f"< {int(match.group(1))} tahun"
    match = _ABOVE.fullmatch(text)
    if match:
        low = int(match.group(1) or match.group(2))
        return "≥ 60 tahun" if low in (59, 60) else f"≥ {low} tahun"
    return bad


def _years(years: int, cell: object) -> str | Problem:
    if not MIN_AGE <= years <= MAX_AGE:
        return Problem(
            f"{{kolom}} {years} tahun tidak wajar.",
            f"Periksa usianya (antara {MIN_AGE} dan {MAX_AGE} tahun). Tanggapan ini tetap dihitung dalam IKM.",
        )
    return age_band(years)


def parse_education(cell: object) -> str | Problem:
    text = _text(cell).replace(" ", "")
    found = _EDUCATION.get(text) or _EDUCATION.get(text.replace("sederajat", "").replace("keatas", ""))
    return found or Problem(
        "{kolom} '" + render_cell(cell).strip() + "' tidak dikenali.",
        "Isi salah satu: " + ", ".join(EDUCATIONS) + ". Tanggapan ini tetap dihitung dalam IKM.",
    )


def parse_occupation(cell: object) -> str | Problem:
    """A known occupation -> its category; any other text (the form's "Lainnya: …") -> Lainnya."""
    if cell_kind(cell) != STR:
        return Problem(
            "{kolom} '" + render_cell(cell).strip() + "' bukan nama pekerjaan.",
            "Isi salah satu: " + ", ".join(OCCUPATIONS) + ". Tanggapan ini tetap dihitung dalam IKM.",
        )
    text = _text(cell)
    if re.search(r"\d", text):
        return Problem(
            "{kolom} '" + cell.strip() + "' bukan nama pekerjaan.",
            "Isi salah satu: " + ", ".join(OCCUPATIONS) + ". Tanggapan ini tetap dihitung dalam IKM.",
        )
    return _OCCUPATION.get(text) or OTHER_OCCUPATION


PARSERS = {"gender": parse_gender, "age": parse_age, "education": parse_education, "occupation": parse_occupation}
