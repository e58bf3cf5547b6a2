"""The scoring rules in force, told in Indonesian, from one `ScoringParams`.

One source for the public /metodologi page and the `Metodologi` sheet of the HR report, so the two
can never disagree with each other or with the numbers the worker actually used.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.params import MODEL_NAME, MUTU_BANDS, PREDIKAT_MATRIX, RATINGS, ScoringParams
from web.format import number, percent

REGULATIONS = (
    ("PermenPANRB Nomor 6 Tahun 2022", "Pengelolaan Kinerja Pegawai Aparatur Sipil Negara",
     "rating Hasil Kerja dan Perilaku Kerja, matriks predikat kinerja pegawai"),
    ("PP Nomor 30 Tahun 2019", "Penilaian Kinerja Pegawai Negeri Sipil",
     "bobot Nilai Akhir 70:30 dan batas nilai 90 (Baik) dan 110 (Sangat Baik)"),
    ("PermenPANRB Nomor 14 Tahun 2017",
     "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
     "sembilan unsur SKM, rumus IKM dan mutu pelayanan A–D"),
    ("PermenPANRB Nomor 8 Tahun 2021", "Sistem Manajemen Kinerja Pegawai Negeri Sipil",
     "rumus capaian untuk indikator yang makin kecil makin baik"),
)


@dataclass(frozen=True)
class Section:
    """A titled block of the methodology: one paragraph per item."""

    title: str
    paragraphs: tuple[str, ...]
    table: str = ""  # which reference table the page shows under it: 'skala', 'matriks', 'mutu'


def _n(value: float) -> str:
    return number(value, 2, trim=True)


def _p(share: float) -> str:
    return percent(share, 2, trim=True)


def sections(params: ScoringParams, min_group_size: int) -> tuple[Section, ...]:
    """The methodology as sections of Indonesian text, numbers taken from `params`."""
    p = params
    table = ", ".join(f"{k} → {_n(v)}" for k, v in sorted(p.rating_table.items()))
    mutu = "; ".join(f"≥ {number(low)}: {code} ({label})" for low, code, label in MUTU_BANDS[:-1])
    _, last_code, last_label = MUTU_BANDS[-1]
    mutu += f"; di bawahnya: {last_code} ({last_label})"
    return (
        Section("Hasil Kerja", (
            "Capaian tiap indikator = 100 × Realisasi ÷ Target bila arahnya Naik (makin besar makin "
            "baik); bila arahnya Turun (makin kecil makin baik) 100 × (2 − Realisasi ÷ Target), paling "
            f"rendah 0 (PermenPANRB 8/2021). Capaian dibatasi paling tinggi {_n(p.capaian_cap)}.",
            "Nilai Hasil Kerja (NHK) = rata-rata capaian indikator, ditimbang dengan Bobot (Bobot kosong = 1).",
            f"Untuk pegawai layanan publik, suara warga ikut dihitung: NHK = {_p(1 - p.citizen_share)} × "
            f"NHK sendiri + {_p(p.citizen_share)} × capaian IKM unitnya, dengan capaian IKM = 100 × IKM ÷ "
            f"{_n(p.ikm_target)} (batas bawah mutu B), paling tinggi {_n(p.c_ikm_cap)}. IKM unit hanya "
            f"dipakai bila berasal dari sedikitnya {p.min_responses} tanggapan sah.",
        )),
        Section("Perilaku Kerja", (
            f"Nilai atasan 1–5 (3 = sesuai ekspektasi) diubah menjadi persen ekspektasi: {table}.",
            "B = rata-rata tujuh nilai BerAKHLAK (Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, "
            "Loyal, Adaptif, Kolaboratif); I = nilai Inisiatif.",
            f"D (Disiplin) = 100 − {_n(p.penalty_absent)} × hari Tanpa Keterangan − "
            f"{_n(p.penalty_late)} × (Terlambat + Pulang Cepat), paling rendah 0.",
            f"Nilai Perilaku Kerja (NPK) = {_p(p.weight_berakhlak)} × B + {_p(p.weight_discipline)} × D + "
            f"{_p(p.weight_initiative)} × I. Bila data presensi tidak ada, D tidak dihitung dan dua bobot "
            "lainnya disesuaikan agar jumlahnya tetap 100%.",
        ), table="skala"),
        Section("Rating, predikat, dan Nilai Akhir", (
            f"Rating sebuah nilai: ≥ {_n(p.threshold_above)} Di Atas Ekspektasi; {_n(p.threshold_meets)} "
            f"sampai di bawah {_n(p.threshold_above)} Sesuai Ekspektasi; di bawah {_n(p.threshold_meets)} "
            "Di Bawah Ekspektasi (PP 30/2019: rentang Baik mulai 90, Sangat Baik mulai 110). Nilai "
            "dibulatkan dua desimal (setengah ke atas) sebelum dibandingkan.",
            f"Tanpa Keterangan {p.gate_absent_days} hari atau lebih dalam sebulan membuat Rating Perilaku "
            "Di Bawah Ekspektasi, berapa pun NPK-nya.",
            "Predikat Kinerja Pegawai ditentukan oleh matriks PermenPANRB 6/2022 dari kedua rating.",
            f"Nilai Akhir = {_p(p.weight_final_hasil)} × NHK + {_p(p.weight_final_perilaku)} × NPK "
            "(bobot PP 30/2019). Nilai Akhir hanya untuk peringkat dan tren; predikat tetap dari matriks.",
        ), table="matriks"),
        Section("Indeks Kepuasan Masyarakat (IKM)", (
            "IKM = 25 × (jumlah nilai rata-rata unsur U1–U9) ÷ 9, dari tanggapan yang menjawab kesembilan "
            "unsur (PermenPANRB 14/2017).",
            f"Mutu pelayanan dari IKM yang dibulatkan dua desimal: {mutu}.",
            f"IKM sebuah unit dalam sebulan dipublikasikan hanya bila ada sedikitnya {p.min_responses} "
            "tanggapan sah; bila kurang, ditulis \"data belum cukup\".",
        ), table="mutu"),
        Section("Pengaduan", (
            "Yang dipublikasikan hanya jumlahnya: pengaduan yang masuk dan bagian yang selesai dalam "
            f"{p.complaint_days_limit} hari kerja (batas tindak lanjut SP4N-LAPOR!).",
        )),
        Section("Yang dipublikasikan dan yang tidak", (
            "Dipublikasikan per OPD per bulan: IKM, mutu, dan jumlah responden (bila tanggapan cukup); "
            "sebaran predikat, rata-rata Nilai Akhir, dan perubahannya (bila sedikitnya "
            f"{min_group_size} pegawai dinilai); jumlah pengaduan dan bagian yang selesai tepat waktu.",
            "Tidak pernah dipublikasikan: NIP, nama, jabatan, nilai dan predikat perorangan, isi keluhan "
            "dan pengaduan, serta kontak. Hasil penilaian seseorang adalah informasi pribadi yang "
            "dikecualikan (UU 14/2008 tentang Keterbukaan Informasi Publik, Pasal 17 huruf h) dan data "
            "pribadi dilindungi (UU 27/2022 tentang Pelindungan Data Pribadi). Pegawai melihat hasilnya "
            "sendiri di spreadsheet OPD-nya; BKPSDM melihat rinciannya di bagian yang memerlukan login.",
            f"Sebaran predikat dan rata-rata Nilai Akhir OPD dengan kurang dari {min_group_size} pegawai "
            "dinilai tidak ditampilkan, karena angka kelompok kecil dapat dipakai menebak nilai "
            f"perorangan. IKM dari kurang dari {p.min_responses} tanggapan tidak ditampilkan karena belum "
            "dapat diandalkan. Tidak ada total kota yang memuat angka yang disembunyikan, sehingga angka "
            "itu tidak dapat dihitung dengan pengurangan.",
        )),
    )


def rating_table(params: ScoringParams) -> tuple[tuple[int, float], ...]:
    """The rating -> percent-of-expectation table, in order: ((1, 50.0), ...)."""
    return tuple(sorted(params.rating_table.items()))


def predikat_matrix() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The PermenPANRB 6/2022 matrix as rows: (Hasil Kerja rating, predikat per Perilaku rating)."""
    return tuple((hk, tuple(PREDIKAT_MATRIX[(hk, pk)] for pk in RATINGS)) for hk in RATINGS)


def rules_lines(params: ScoringParams, min_group_size: int = 5) -> list[str]:
    """The methodology as plain lines (for the report's `Metodologi` sheet)."""
    lines = [f"Metodologi: {MODEL_NAME}", ""]
    for section in sections(params, min_group_size):
        lines.append(section.title)
        lines.extend(f"- {text}" for text in section.paragraphs)
        lines.append("")
    lines.append("Matriks predikat (baris: Rating Hasil Kerja; kolom: Rating Perilaku " + " / ".join(RATINGS) + ")")
    lines.extend(f"- {hk}: " + " / ".join(cells) for hk, cells in predikat_matrix())
    lines.append("")
    lines.append("Dasar peraturan")
    lines.extend(f"- {name} tentang {title}: {use}" for name, title, use in REGULATIONS)
    return lines
