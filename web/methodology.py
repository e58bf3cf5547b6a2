"""The scoring rules in force, told in Indonesian, from one `ScoringParams` (and the `[feedback]`
suggestion table): weights, thresholds, tables, trends and "perlu perhatian", quarter and year
aggregation, the distribution check pattern, what is published and what is not, and why.

One source for the public /metodologi page and the `Metodologi` sheet of the HR report, so the two
can never disagree with each other or with the numbers the worker actually used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from config.contract import BERAKHLAK, SKM_ELEMENTS
from config.settings import AGENCY_RESULTS_MODES, RESTRICTED
from scoring.distribution import DISTRIBUTION_RULES, ORG_RATINGS
from scoring.feedback import FeedbackSettings
from scoring.params import MODEL_NAME, MUTU_BANDS, PREDIKAT_MATRIX, RATINGS, ScoringParams
from web import skm_rtl
from web.format import number, percent

REGULATIONS = (
    (
        "PermenPANRB Nomor 6 Tahun 2022",
        "Pengelolaan Kinerja Pegawai Aparatur Sipil Negara",
        "rating Hasil Kerja dan Perilaku Kerja, matriks predikat kinerja pegawai",
    ),
    (
        "PP Nomor 30 Tahun 2019",
        "Penilaian Kinerja Pegawai Negeri Sipil",
        "bobot Nilai Akhir 70:30 dan batas nilai 90 (Baik) dan 110 (Sangat Baik)",
    ),
    (
        "PermenPANRB Nomor 14 Tahun 2017",
        "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
        "sembilan unsur SKM, rumus IKM dan mutu pelayanan A–D",
    ),
    (
        "PermenPANRB Nomor 8 Tahun 2021",
        "Sistem Manajemen Kinerja Pegawai Negeri Sipil",
        "rumus capaian untuk indikator yang makin kecil makin baik",
    ),
    (
        "SE Menteri PANRB Nomor 3 Tahun 2023",
        "Penetapan Predikat Kinerja Pegawai Aparatur Sipil Negara",
        "pola distribusi predikat pegawai menurut predikat kinerja organisasi",
    ),
    (
        "UU Nomor 14 Tahun 2008",
        "Keterbukaan Informasi Publik",
        "hasil penilaian perorangan adalah informasi yang dikecualikan (Pasal 17 huruf h)",
    ),
    ("UU Nomor 27 Tahun 2022", "Pelindungan Data Pribadi", "NIP, nama, dan kontak tidak dipublikasikan"),
)

# Labels of the [feedback] suggestion rules, in the order scoring/feedback.py applies them.
FEEDBACK_RULES = (
    ("discipline", "Disiplin: Tanpa Keterangan {gate} hari atau lebih, atau nilai Disiplin di bawah {meets}"),
    ("targets", "Target: ada indikator dengan capaian di bawah {low}%"),
    ("behaviour", "Perilaku: nilai BerAKHLAK di bawah {meets} (dimulai dari nilai yang dinilai terendah)"),
    ("initiative", "Inisiatif: nilai Inisiatif di bawah {meets}"),
    *((key, f"Unsur SKM unit paling lemah {code} {name} (NRR di bawah {{weak}})") for key, code, name in SKM_ELEMENTS),
    *((f"berakhlak_{key}", f"Selain itu: nilai BerAKHLAK terendah {name}") for key, name in BERAKHLAK),
    ("near_target", "Selain itu, bergantian tiap bulan: indikator yang paling dekat ke batas {low}% (di bawah 100%)"),
    ("general", "Bila belum ada penilaian atasan"),
)


@dataclass(frozen=True)
class Section:
    """A titled block of the methodology: one paragraph per item."""

    title: str
    paragraphs: tuple[str, ...]
    # which reference table the page shows under it: 'skala', 'matriks', 'mutu', 'saran', 'distribusi'
    table: str = ""


def _n(value: float) -> str:
    return number(value, 2, trim=True)


def _p(share: float) -> str:
    return percent(share, 2, trim=True)


FULL = AGENCY_RESULTS_MODES[1]  # "lengkap"; RESTRICTED = "terbatas" ([privacy] agency_results)


def sections(
    params: ScoringParams, min_group_size: int, min_cell: int = 3, agency_results: Iterable[str] = (RESTRICTED,)
) -> tuple[Section, ...]:
    """The methodology as sections of Indonesian text, numbers taken from `params`; `min_cell` is
    web.min_cell_size (the smallest published predikat count other than 0); `agency_results` the
    Hasil Kinerja modes in force across the agencies ([privacy] agency_results and each agency's
    own), so the page says truly where an employee reads their result and note."""
    modes = set(agency_results) or {RESTRICTED}
    return (
        *_scoring_sections(params),
        *_trend_sections(params, modes),
        Section(*skm_rtl.methodology_text(params.min_responses)),  # sample size and RTL (14/2017)
        _publication(params, min_group_size, min_cell, modes),
    )


def _where_read(modes: set[str]) -> str:
    """Where an employee reads their Catatan Penilaian, for the configured Hasil Kinerja modes
    (docs/product.md "Who sees what"): always their own page; the agency's shared tab only where
    an agency chose "lengkap" (everyone who can open that spreadsheet then sees it)."""
    page = "di halaman pribadinya di situs ini (/saya, masuk dengan NIP)"
    if modes == {FULL}:
        return f"{page} dan di tab Hasil Kinerja spreadsheet OPD-nya"
    if FULL in modes:
        return f"{page}; OPD yang memilih tampilan lengkap juga menuliskannya di tab Hasil Kinerja spreadsheet OPD"
    return page


def _who_sees(modes: set[str]) -> str:
    text = (
        "Pegawai melihat hasilnya sendiri di halaman pribadinya (/saya); atasannya (dua tingkat), admin OPD-nya, "
        "dan BKPSDM melihatnya di bagian yang memerlukan login, dan setiap kali orang lain membuka hasil seseorang "
        "tercatat dan ditunjukkan kepada pegawai itu."
    )
    sheet = (
        " Tab Hasil Kinerja di spreadsheet OPD hanya memuat data yang belum lengkap dan yang perlu diperbaiki, "
        "tanpa nilai dan catatan."
    )
    if modes == {FULL}:
        sheet = (
            " Tab Hasil Kinerja di spreadsheet OPD juga memuat nilai, predikat, dan catatan setiap pegawai, "
            "terbuka bagi siapa pun yang dapat membuka spreadsheet itu."
        )
    elif FULL in modes:
        sheet += (
            " OPD yang memilih tampilan lengkap menuliskan juga nilai, predikat, dan catatannya di tab itu, "
            "terbuka bagi siapa pun yang dapat membuka spreadsheet OPD tersebut."
        )
    return text + sheet


def _scoring_sections(params: ScoringParams) -> tuple[Section, ...]:
    p = params
    table = ", ".join(f"{k} → {_n(v)}" for k, v in sorted(p.rating_table.items()))
    mutu = "; ".join(f"≥ {number(low)}: {code} ({label})" for low, code, label in MUTU_BANDS[:-1])
    _, last_code, last_label = MUTU_BANDS[-1]
    mutu += f"; di bawahnya: {last_code} ({last_label})"
    return (
        Section(
            "Hasil Kerja",
            (
                "Capaian tiap indikator = 100 × Realisasi ÷ Target bila arahnya Naik (makin besar makin "
                "baik); bila arahnya Turun (makin kecil makin baik) 100 × (2 − Realisasi ÷ Target), paling "
                f"rendah 0 (PermenPANRB 8/2021). Capaian dibatasi paling tinggi {_n(p.capaian_cap)}.",
                "Nilai Hasil Kerja (NHK) = rata-rata capaian indikator, ditimbang dengan Bobot (Bobot kosong = 1).",
                f"Untuk pegawai layanan publik, suara warga ikut dihitung: NHK = {_p(1 - p.citizen_share)} × "
                f"NHK sendiri + {_p(p.citizen_share)} × capaian IKM unitnya, dengan capaian IKM = 100 × IKM ÷ "
                f"{_n(p.ikm_target)} (batas bawah mutu B), paling tinggi {_n(p.c_ikm_cap)}. IKM unit hanya "
                "dipakai bila jumlah tanggapan sahnya mencapai sampel minimal unit dan periodenya: rumus "
                "Krejcie–Morgan dari jumlah penerima layanan (tab Populasi Layanan), atau sedikitnya "
                f"{p.min_responses} tanggapan sah bila populasinya belum diisi.",
                *_complaint_handling(p),
            ),
        ),
        Section(
            "Perilaku Kerja",
            (
                f"Nilai atasan 1–5 (3 = sesuai ekspektasi) diubah menjadi persen ekspektasi: {table}.",
                f"B = rata-rata tujuh nilai BerAKHLAK ({', '.join(name for _key, name in BERAKHLAK)}); "
                "I = nilai Inisiatif.",
                f"D (Disiplin) = 100 − {_n(p.penalty_absent)} × hari Tanpa Keterangan − "
                f"{_n(p.penalty_late)} × (Terlambat + Pulang Cepat), paling rendah 0.",
                f"Nilai Perilaku Kerja (NPK) = {_p(p.weight_berakhlak)} × B + {_p(p.weight_discipline)} × D + "
                f"{_p(p.weight_initiative)} × I. Bila data presensi tidak ada, D tidak dihitung dan dua bobot "
                "lainnya disesuaikan agar jumlahnya tetap 100%.",
            ),
            table="skala",
        ),
        Section(
            "Rating, predikat, dan Nilai Akhir",
            (
                f"Rating sebuah nilai: ≥ {_n(p.threshold_above)} Di Atas Ekspektasi; {_n(p.threshold_meets)} "
                f"sampai di bawah {_n(p.threshold_above)} Sesuai Ekspektasi; di bawah {_n(p.threshold_meets)} "
                "Di Bawah Ekspektasi (PP 30/2019: rentang Baik mulai 90, Sangat Baik mulai 110). Nilai "
                "dibulatkan dua desimal (setengah ke atas) sebelum dibandingkan.",
                f"Tanpa Keterangan {p.gate_absent_days} hari atau lebih dalam sebulan membuat Rating Perilaku "
                "Di Bawah Ekspektasi, berapa pun NPK-nya.",
                "Predikat Kinerja Pegawai ditentukan oleh matriks PermenPANRB 6/2022 dari kedua rating.",
                f"Nilai Akhir = {_p(p.weight_final_hasil)} × NHK + {_p(p.weight_final_perilaku)} × NPK "
                "(bobot PP 30/2019). Nilai Akhir hanya untuk peringkat dan tren; predikat tetap dari matriks.",
            ),
            table="matriks",
        ),
        Section(
            "Indeks Kepuasan Masyarakat (IKM)",
            (
                "IKM = 25 × (jumlah nilai rata-rata unsur U1–U9) ÷ 9, dari tanggapan yang menjawab kesembilan "
                "unsur (PermenPANRB 14/2017).",
                "Bobot setiap unsur tepat 1/9, seperti rumus PermenPANRB 14/2017 (jumlah bobot ÷ jumlah unsur), "
                "bukan 0,111 atau 0,11 yang dipakai sebagian laporan: bobot 0,111 menurunkan IKM 0,1% dan 0,11 "
                "menurunkan 1%, sehingga IKM di sini dapat sedikit lebih tinggi daripada laporan yang memakainya "
                "(mis. 91,48 dengan 1/9, 91,38 dengan 0,111, 90,56 dengan 0,11 untuk jawaban yang sama).",
                "Pertanyaan survei dikenali dari isinya (kata kunci setiap unsur), dengan atau tanpa kode U1–U9 "
                "dan dalam urutan apa pun; bila kode dan isi berbeda, isinya yang dipakai dan tab Validasi "
                "mencatatnya. Jawaban memakai empat pilihan PermenPANRB 14/2017 (nilai 1–4); jawaban dengan "
                "skala lain (mis. 1–5) tidak dihitung dan dilaporkan, tidak pernah ditebak.",
                f"Mutu pelayanan dari IKM yang dibulatkan dua desimal: {mutu}.",
                "IKM sebuah unit atau OPD dalam suatu periode dipublikasikan bila jumlah tanggapan sahnya "
                "mencapai sampel minimalnya: menurut Krejcie–Morgan bila jumlah penerima layanannya diketahui, "
                f"selain itu sedikitnya {p.min_responses} tanggapan; bila kurang, jumlah tanggapannya tetap ditulis "
                f'bersama alasannya, mis. "sampel kurang (n = 12, minimal {p.min_responses})" atau "sampel '
                'kurang (n = 150, minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan)".',
            ),
            table="mutu",
        ),
        Section(
            "Pengaduan",
            (
                "Yang dipublikasikan hanya jumlahnya: pengaduan yang masuk dan bagian yang selesai dalam "
                f"{p.complaint_days_limit} hari kerja (batas tindak lanjut SP4N-LAPOR!).",
                "Hari kerja adalah Senin–Jumat di luar libur nasional dan cuti bersama (SKB 3 Menteri tahun itu).",
            ),
        ),
    )


def _complaint_handling(p: ScoringParams) -> tuple[str, ...]:
    """SCORING.md §1, complaint handling: the officer named in the Pengaduan log (NIP Petugas)."""
    own, share = 1 - p.citizen_share, p.citizen_share
    return (
        "Petugas yang tercatat menangani pengaduan (kolom NIP Petugas di log Pengaduan) juga dinilai dari "
        "kecepatannya: pengaduan yang diterimanya dalam sebulan dihitung setelah selesai atau setelah "
        f"{p.complaint_days_limit} hari kerjanya lewat; bagian tepat waktu = yang selesai dalam "
        f"{p.complaint_days_limit} hari kerja ÷ yang dihitung, dan capaian pengaduan = 100 × bagian tepat "
        f"waktu ÷ {_p(p.complaint_target)}, paling tinggi {_n(p.c_aduan_cap)}.",
        f"Bila IKM unit dan pengaduan sama-sama berlaku: NHK = {_p(own)} × NHK sendiri + "
        f"{_p(share * (1 - p.complaint_part))} × capaian IKM + {_p(share * p.complaint_part)} × capaian "
        f"pengaduan; bila hanya pengaduan: NHK = {_p(own)} × NHK sendiri + {_p(share)} × capaian pengaduan. "
        "Ini berlaku bagi setiap petugas yang tercatat menangani pengaduan, juga yang di daftar pegawai "
        "tidak ditandai Layanan Publik.",
    )


def _trend_sections(params: ScoringParams, modes: set[str] = frozenset({RESTRICTED})) -> tuple[Section, ...]:
    p = params
    decline, share, drop = p.attention_decline_months, p.attention_share, p.ikm_drop_points
    return (
        Section(
            "Catatan Penilaian dan saran pengembangan",
            (
                f"Setiap pegawai membaca Catatan Penilaian bulanannya {_where_read(modes)}: komponen terkuat, hal "
                "yang perlu diperbaiki beserta faktanya (indikator di bawah target, hari tanpa keterangan, "
                "keterlambatan, IKM unit dan unsur terlemahnya, kategori keluhan terbanyak), perubahan dari bulan "
                "sebelumnya, dan satu saran pengembangan. Bila data belum lengkap, catatan menyebut data apa yang "
                "kurang dan siapa yang mengisinya. Umpan Balik atasan tetap di kolomnya sendiri.",
                "Bila Rating Hasil Kerja atau Rating Perilaku Di Bawah Ekspektasi, catatan lebih dulu menyebut rating "
                "itu, nilainya, selisihnya dari batas, dan apa yang menurunkannya, dan saran pengembangan menjawab "
                "kelemahan yang menentukan itu.",
                "Saran pengembangan dipilih dari tabel di bawah: aturan pertama yang cocok yang dipakai.",
            ),
            table="saran",
        ),
        Section(
            "Tren dan Perlu Perhatian",
            (
                "Untuk setiap pegawai dan OPD dihitung perubahan Nilai Akhir dari bulan sebelumnya dan rata-rata "
                "bergerak tiga bulan.",
                f"Pegawai ditandai Perlu Perhatian bila Nilai Akhirnya turun {decline} bulan berturut-turut, atau "
                "predikatnya Butuh Perbaikan atau lebih rendah. OPD ditandai bila rata-rata Nilai Akhirnya turun "
                f"{decline} bulan berturut-turut, atau bila lebih dari {_p(share)} pegawainya berpredikat Butuh "
                "Perbaikan atau lebih rendah. Tanda ini untuk "
                "BKPSDM dan pimpinan OPD, bukan hukuman, dan tidak dipublikasikan per orang.",
                f'Unit layanan ditandai "IKM turun ≥ {_n(drop)} poin" bila IKM triwulannya turun {_n(drop)} poin '
                "atau lebih dibandingkan triwulan sebelumnya (keduanya dipublikasikan; dibandingkan setelah dibulatkan "
                "dua desimal).",
            ),
        ),
        Section(
            "Triwulan dan tahun",
            (
                "NHK dan NPK triwulan (Triwulan I–IV) dan tahun adalah rata-rata nilai bulanan yang ada; rating dan "
                "predikat ditentukan dari rata-rata itu dengan aturan yang sama, dan setiap hasil menyebut berapa "
                "bulan yang mendasarinya.",
                "IKM triwulan dan tahun dihitung dari seluruh tanggapan dalam periode itu (bukan rata-rata IKM "
                "bulanan). Pengaduan triwulan dan tahun adalah jumlah pengaduan bulan-bulannya.",
            ),
        ),
        Section(
            "Pola distribusi predikat (SE MenPANRB 3/2023)",
            (
                "Bila predikat kinerja organisasi sebuah OPD untuk tahun itu diketahui (dari konfigurasi atau tab "
                "Kinerja Organisasi), sebaran predikat tahunan pegawainya dibandingkan dengan pola di bawah. "
                "Hasilnya hanya peringatan untuk ditinjau: predikat pegawai tidak pernah diubah.",
            ),
            table="distribusi",
        ),
    )


def _publication(
    params: ScoringParams, min_group_size: int, min_cell: int, modes: set[str] = frozenset({RESTRICTED})
) -> Section:
    p = params
    return Section(
        "Yang dipublikasikan dan yang tidak",
        (
            "Dipublikasikan per OPD untuk setiap bulan, triwulan, dan tahun: jumlah tanggapan survei; IKM dan mutu "
            "(bila sampelnya cukup); jumlah pegawai dinilai; sebaran predikat, rata-rata Nilai Akhir, dan "
            f"perubahannya (bila sedikitnya {min_group_size} pegawai dinilai); jumlah pengaduan dan bagian yang "
            "selesai tepat waktu; jumlah keluhan per kategori. Per unit layanan: IKM, mutu, jumlah responden, dan "
            "nilai sembilan unsur SKM.",
            "Tidak pernah dipublikasikan: NIP, nama, jabatan, nilai dan predikat perorangan, isi keluhan "
            "dan pengaduan, serta kontak. Hasil penilaian seseorang adalah informasi pribadi yang "
            "dikecualikan (UU 14/2008 tentang Keterbukaan Informasi Publik, Pasal 17 huruf h) dan data "
            "pribadi dilindungi (UU 27/2022 tentang Pelindungan Data Pribadi). " + _who_sees(modes),
            "IKM: jawaban Survei Kepuasan Masyarakat diisi tanpa nama, jadi IKM tidak memuat data pribadi dan "
            "tidak perlu penyembunyian pelengkap. Setiap IKM yang sampelnya cukup dipublikasikan, juga di samping "
            "unit atau bulan yang sampelnya kurang. IKM yang tidak ditampilkan selalu menyebut alasannya: "
            f'"sampel kurang (n = 12, minimal {p.min_responses})" bila ada tanggapan tetapi kurang dari '
            "sampel minimalnya (Krejcie–Morgan bila jumlah penerima layanan diketahui, selain itu "
            f'{p.min_responses}); "belum ada responden" bila OPD punya layanan yang disurvei tetapi tidak ada '
            'tanggapan dalam periode itu; "tidak ada layanan yang disurvei" bila belum pernah ada tanggapan '
            "untuk OPD itu. IKM triwulan dan tahun dinilai dari seluruh tanggapan periodenya, bukan dari bulan "
            "terakhirnya.",
            "Nilai Akhir dan predikat adalah data pribadi. Bila kurang dari "
            f"{min_group_size} pegawai OPD dinilai, sebaran predikat dan rata-rata Nilai Akhirnya tidak "
            'ditampilkan ("kelompok kecil"), karena angka kelompok kecil dapat dipakai menebak nilai perorangan.',
            f"Dalam sebaran predikat, predikat yang didapat 1 sampai {min_cell - 1} pegawai tidak ditampilkan "
            '("disembunyikan"): di kantor kecil, "Kurang/Misconduct: 1" menunjuk orangnya. Karena jumlah '
            "pegawai dinilai dipublikasikan, satu sel tersembunyi saja dapat dihitung dari selisihnya; maka sel "
            "terkecil berikutnya ikut disembunyikan (penyembunyian pelengkap), sampai sedikitnya dua sel "
            f"tersembunyi dan setiap sel tersembunyi dapat berisi {min_cell} pegawai atau lebih. Sel pelengkap "
            "ditulis sama, sehingga tidak terlihat mana yang kecil. Angka 0 tetap ditampilkan. Sebaran triwulan "
            "dan tahun dihitung dari predikat triwulan dan tahun setiap pegawai (bukan jumlah sebaran bulanan), "
            "jadi tidak dapat dikurangkan dari sebaran bulan; triwulan yang hanya berisi satu bulan menyembunyikan "
            "sel yang sama dengan bulan itu.",
            "Profil responden (jenis kelamin, usia, pendidikan, pekerjaan) dipublikasikan per OPD dan periode bila "
            f"sedikitnya {p.min_responses} responden, seperti IKM. Jumlah 1 sampai {min_cell - 1} responden dalam "
            "satu kategori disembunyikan bersama sel pelengkapnya dengan aturan yang sama seperti sebaran predikat, "
            'karena di loket kecil "Pendidikan S3: 1" dapat menunjuk orangnya.',
            "Tidak ada total kota yang memuat angka yang disembunyikan. Kategori keluhan hanya ditampilkan "
            "jumlahnya; label kategori yang bukan kategori biasa (mengandung angka, sangat panjang, atau jarang "
            'dipakai) dihitung sebagai "Lainnya", agar tidak ada nama atau nomor yang terbawa.',
        ),
    )


def feedback_table(params: ScoringParams, feedback: Any = None) -> tuple[tuple[str, str], ...]:
    """(condition, suggestion) rows of the `[feedback]` table in force, in the order they apply.

    `feedback` is config's FeedbackSettings (Settings.feedback); None means the defaults.
    """
    table = feedback if feedback is not None else FeedbackSettings()
    values = {
        "gate": str(int(params.gate_absent_days)),
        "meets": _n(params.threshold_meets),
        "low": _n(params.indicator_low),
        "weak": number(table.weak_element_nrr, 4),
    }
    return tuple((label.format(**values), str(getattr(table, key))) for key, label in FEEDBACK_RULES)


def distribution_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(organisation rating, its pattern rules as text) per rating, SE MenPANRB 3/2023."""
    return tuple(
        (rating, tuple(r.text for r in DISTRIBUTION_RULES if r.org_rating == rating)) for rating in ORG_RATINGS
    )


def rating_table(params: ScoringParams) -> tuple[tuple[int, float], ...]:
    """The rating -> percent-of-expectation table, in order: ((1, 50.0), ...)."""
    return tuple(sorted(params.rating_table.items()))


def predikat_matrix() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The PermenPANRB 6/2022 matrix as rows: (Hasil Kerja rating, predikat per Perilaku rating)."""
    return tuple((hk, tuple(PREDIKAT_MATRIX[(hk, pk)] for pk in RATINGS)) for hk in RATINGS)


def rules_lines(
    params: ScoringParams, min_group_size: int = 5, feedback: Any = None, rules: tuple[str, str] | None = None
) -> list[str]:
    """The methodology as plain lines (for the report's `Metodologi` sheet).

    `rules`: (rules_id, rules_name) of the config in force, named in the second line when given.
    """
    lines = [f"Metodologi: {MODEL_NAME}"]
    if rules:
        lines.append(f"Aturan yang berlaku: {rules[1] or MODEL_NAME} (kode {rules[0]})")
    lines.append("")
    for section in sections(params, min_group_size):
        lines.append(section.title)
        lines.extend(f"- {text}" for text in section.paragraphs)
        lines.append("")
    lines.append("Matriks predikat (baris: Rating Hasil Kerja; kolom: Rating Perilaku " + " / ".join(RATINGS) + ")")
    lines.extend(f"- {hk}: " + " / ".join(cells) for hk, cells in predikat_matrix())
    lines.append("")
    lines.append("Saran pengembangan (aturan pertama yang cocok)")
    lines.extend(f"- {condition}: {text}" for condition, text in feedback_table(params, feedback))
    lines.append("")
    lines.append("Pola distribusi predikat (SE MenPANRB 3/2023), menurut predikat kinerja organisasi")
    lines.extend(f"- {rating}: " + "; ".join(texts) for rating, texts in distribution_table())
    lines.append("")
    lines.append("Dasar peraturan")
    lines.extend(f"- {name} tentang {title}: {use}" for name, title, use in REGULATIONS)
    return lines
