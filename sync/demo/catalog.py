"""What a realistic Kota Solok is made of: agencies, units, jobs, names, indicators, texts.

Data only (no randomness, no I/O). The agencies are Kota Solok's OPD; the kelurahan and
puskesmas are the city's real ones (Kecamatan Lubuk Sikarah: Aro IV Korong, IX Korong, KTK,
Simpang Rumbio, Sinapa Piliang, Tanah Garam, VI Suku; Kecamatan Tanjung Harapan: Kampung Jawa,
Koto Panjang, Laing, Nan Balimo, Pasar Pandan Air Mati, Tanjung Paku). People, numbers and
survey answers are invented by `generate.py` from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each at least `minimum`.

    The one helper here: every size in this catalog is a weight that must become a count.
    `allocate(10, [1, 1, 2]) == [3, 2, 5]`.
    """
    n = len(weights)
    rest = total - minimum * n
    if rest < 0:
        raise ValueError(f"cannot give {n} parts at least {minimum} out of {total}")
    wsum = sum(weights) or 1.0
    shares = [rest * w / wsum for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(n), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + c for c in counts]


# ---- Jobs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A Jabatan: its indicator family, whether it serves citizens face to face, usual degrees."""

    title: str
    family: str
    public: bool = False
    degrees: tuple[str, ...] = ("",)
    prefix: str = ""  # put before the name, e.g. "dr."


_ADM = ("", "", "", "A.Md.", "S.E.", "S.Sos.")
_SARJANA = ("S.E.", "S.Sos.", "S.IP", "S.H.", "S.Sos., M.Si.", "S.E., M.M.", "S.T.", "S.Pd.")
_NAKES_PERAWAT = ("Amd.Kep.", "Amd.Kep.", "S.Kep., Ns.")
_NAKES_BIDAN = ("A.Md.Keb.", "A.Md.Keb.", "S.Tr.Keb.")

JOBS: dict[str, Job] = {
    # Secretariat staff, found in every agency
    "pengadmin": Job("Pengadministrasi Umum", "admin", degrees=_ADM),
    "pengelola_keuangan": Job("Pengelola Keuangan", "keuangan_opd", degrees=("S.E.", "S.Ak.", "A.Md.")),
    "bendahara": Job("Bendahara", "keuangan_opd", degrees=("S.E.", "A.Md.", "")),
    "pranata_komputer": Job("Pranata Komputer", "it", degrees=("S.Kom.", "A.Md.Kom.", "S.Kom.", "S.T.")),
    "analis_sdm": Job("Analis Sumber Daya Manusia Aparatur", "sdm", degrees=("S.Sos.", "S.Psi.", "S.E.", "S.IP")),
    "perencana": Job("Perencana", "perencanaan", degrees=("S.T.", "S.E.", "S.P.", "S.E., M.Si.")),
    "arsiparis": Job("Arsiparis", "arsip", degrees=("A.Md.", "S.Hum.", "")),
    # Sekretariat Daerah, Setwan, Kesbangpol
    "analis_kebijakan": Job("Analis Kebijakan", "kebijakan", degrees=("S.IP", "S.Sos.", "S.H.", "S.STP")),
    "perancang": Job("Perancang Peraturan Perundang-undangan", "hukum", degrees=("S.H.", "S.H., M.H.")),
    "pengelola_pbj": Job("Pengelola Pengadaan Barang/Jasa", "pbj", degrees=("S.T.", "S.E.", "S.Kom.")),
    "analis_persidangan": Job("Analis Persidangan", "persidangan", degrees=("S.H.", "S.Sos.", "S.IP")),
    "perisalah": Job("Perisalah Legislatif", "persidangan", degrees=("S.Sos.", "A.Md.", "S.H.")),
    "analis_kewaspadaan": Job("Analis Kewaspadaan Nasional", "kesbangpol", degrees=("S.IP", "S.Sos.")),
    # Oversight, finance, HR
    "auditor": Job("Auditor", "audit", degrees=("S.E., Ak.", "S.E.", "S.Ak.")),
    "p2upd": Job("Pengawas Penyelenggaraan Urusan Pemerintahan Daerah", "audit", degrees=("S.STP", "S.E.", "S.H.")),
    "analis_keuangan": Job(
        "Analis Keuangan Pusat dan Daerah", "keuangan_daerah", degrees=("S.E.", "S.Ak.", "S.E., M.Ak.")
    ),
    "pengelola_pajak": Job("Petugas Pelayanan Pajak Daerah", "pajak", public=True, degrees=("S.E.", "A.Md.", "")),
    "pranata_sdm": Job("Pranata Sumber Daya Manusia Aparatur", "sdm", degrees=("A.Md.", "S.Sos.", "")),
    "assessor": Job("Asesor Sumber Daya Manusia Aparatur", "sdm", degrees=("S.Psi.", "S.Psi., M.Psi.")),
    "analis_data": Job("Analis Data dan Informasi", "perencanaan", degrees=("S.Si.", "S.Stat.", "S.Kom.")),
    # Education and culture
    "pengawas_sekolah": Job("Pengawas Sekolah", "pendidikan", degrees=("S.Pd.", "S.Pd., M.Pd.")),
    "penilik": Job("Penilik", "pendidikan", degrees=("S.Pd.", "S.Sos.")),
    "pamong_budaya": Job("Pamong Budaya", "kebudayaan", degrees=("S.Sn.", "S.Hum.", "S.Pd.")),
    # Health
    "dokter": Job("Dokter", "medis", public=True, prefix="dr."),
    "dokter_gigi": Job("Dokter Gigi", "medis", public=True, prefix="drg."),
    "dokter_spesialis": Job(
        "Dokter Spesialis", "medis", public=True, degrees=("Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "Sp.An"), prefix="dr."
    ),
    "perawat": Job("Perawat", "keperawatan", public=True, degrees=_NAKES_PERAWAT),
    "bidan": Job("Bidan", "kebidanan", public=True, degrees=_NAKES_BIDAN),
    "apoteker": Job("Apoteker", "farmasi", public=True, degrees=("S.Farm., Apt.",)),
    "asisten_apoteker": Job("Asisten Apoteker", "farmasi", public=True, degrees=("A.Md.Farm.",)),
    "pranata_lab": Job("Pranata Laboratorium Kesehatan", "lab", public=True, degrees=("A.Md.AK.", "S.Tr.Kes.")),
    "petugas_pendaftaran": Job("Petugas Pendaftaran", "pendaftaran", public=True, degrees=("", "A.Md.")),
    "perekam_medis": Job("Perekam Medis", "pendaftaran", public=True, degrees=("A.Md.RMIK", "A.Md.")),
    "nutrisionis": Job("Nutrisionis", "kesmas", degrees=("A.Md.Gz.", "S.Gz.")),
    "sanitarian": Job("Sanitarian", "kesmas", degrees=("A.Md.KL.", "S.KM.")),
    "epidemiolog": Job("Epidemiolog Kesehatan", "kesmas", degrees=("S.KM.", "S.KM., M.Kes.")),
    "administrator_kesehatan": Job("Administrator Kesehatan", "kesmas", degrees=("S.KM.", "S.KM., M.KM.")),
    "penyuluh_kesehatan": Job("Penyuluh Kesehatan Masyarakat", "kesmas", public=True, degrees=("S.KM.",)),
    # Civil registry, licensing
    "petugas_adminduk": Job("Petugas Pelayanan Administrasi Kependudukan", "adminduk", public=True, degrees=_ADM),
    "operator_adminduk": Job("Operator Layanan Operasional", "adminduk", public=True, degrees=("", "A.Md.")),
    "adb": Job("Administrator Database Kependudukan", "database_adminduk", degrees=("S.Kom.", "A.Md.Kom.")),
    "petugas_perizinan": Job("Petugas Pelayanan Perizinan", "perizinan", public=True, degrees=_ADM),
    "analis_perizinan": Job("Analis Perizinan", "perizinan", public=True, degrees=("S.H.", "S.E.", "S.T.")),
    "analis_investasi": Job("Analis Penanaman Modal", "investasi", degrees=("S.E.", "S.E., M.M.")),
    # Public works, transport, environment
    "teknik_jalan": Job("Teknik Jalan dan Jembatan", "jalan", degrees=("S.T.", "A.Md.T.")),
    "teknik_pengairan": Job("Teknik Pengairan", "jalan", degrees=("S.T.", "A.Md.T.")),
    "penata_ruang": Job("Penata Ruang", "tata_ruang", degrees=("S.T.", "S.PWK")),
    "penguji_kendaraan": Job("Penguji Kendaraan Bermotor", "pkb", public=True, degrees=("", "A.Md.")),
    "petugas_lalin": Job("Pengatur Lalu Lintas", "lalin", degrees=("", "A.Md.")),
    "pekerja_sosial": Job("Pekerja Sosial", "sosial", public=True, degrees=("S.Sos.", "S.Tr.Sos.")),
    "penyuluh_sosial": Job("Penyuluh Sosial", "sosial", degrees=("S.Sos.",)),
    "pengendali_dampak": Job("Pengendali Dampak Lingkungan", "lingkungan", degrees=("S.T.", "S.Si.")),
    "pengawas_lh": Job("Pengawas Lingkungan Hidup", "lingkungan", degrees=("S.T.", "S.Si.", "S.KM.")),
    # Communication, trade, agriculture, order
    "pranata_humas": Job("Pranata Hubungan Masyarakat", "humas", degrees=("S.I.Kom.", "S.Sos.", "A.Md.")),
    "statistisi": Job("Statistisi", "humas", degrees=("S.Stat.", "S.Si.")),
    "sandiman": Job("Sandiman", "humas", degrees=("A.Md.", "S.Kom.")),
    "pengawas_perdagangan": Job("Pengawas Perdagangan", "perdagangan", degrees=("S.E.", "S.P.")),
    "penera": Job("Penera", "perdagangan", public=True, degrees=("A.Md.", "S.T.")),
    "penyuluh_koperasi": Job("Penyuluh Koperasi", "perdagangan", degrees=("S.E.",)),
    "penyuluh_pertanian": Job("Penyuluh Pertanian", "pertanian", degrees=("S.P.", "A.Md.P.")),
    "medik_veteriner": Job("Medik Veteriner", "pertanian", public=True, degrees=("S.KH.",), prefix="drh."),
    "analis_pangan": Job("Analis Ketahanan Pangan", "pertanian", degrees=("S.P.", "S.TP.")),
    "polisi_pp": Job("Polisi Pamong Praja", "trantib", degrees=("", "", "S.H.")),
    "damkar": Job("Pemadam Kebakaran", "damkar", degrees=("",)),
    "analis_bencana": Job("Analis Kebencanaan", "bencana", degrees=("S.T.", "S.Si.", "S.Sos.")),
    "pusdalops": Job("Petugas Pusdalops", "bencana", degrees=("", "A.Md.")),
    # Kecamatan and kelurahan
    "seklur": Job("Sekretaris Kelurahan", "kelurahan", degrees=("S.STP", "S.Sos.", "S.IP")),
    "kasi_kelurahan": Job("Kepala Seksi Pemerintahan dan Trantib", "kelurahan", degrees=("S.Sos.", "S.IP", "")),
    "petugas_kelurahan": Job("Petugas Pelayanan", "kelurahan", public=True, degrees=_ADM),
    "petugas_paten": Job("Petugas Pelayanan PATEN", "kelurahan", public=True, degrees=_ADM),
    # Other agencies and UPTs
    "penyuluh_kb": Job("Penyuluh Keluarga Berencana", "kb", public=True, degrees=("S.KM.", "S.Sos.")),
    "pengelola_pariwisata": Job("Pengelola Pariwisata", "pariwisata", degrees=("S.Par.", "S.E.")),
    "pustakawan": Job("Pustakawan", "perpustakaan", public=True, degrees=("S.IIP", "A.Md.")),
    "teknik_perumahan": Job("Teknik Tata Bangunan dan Perumahan", "perumahan", degrees=("S.T.",)),
    "petugas_upt": Job("Petugas Pelayanan", "upt_layanan", public=True, degrees=_ADM),
}

# Heads of agencies and of sections (their Jabatan comes from the agency/section tables).
HEAD_DEGREES = (
    "S.E., M.M.",
    "S.Sos., M.Si.",
    "S.H., M.H.",
    "S.STP, M.Si.",
    "S.IP, M.Si.",
    "S.E., M.Si.",
    "S.Sos., M.M.",
)
SECTION_HEAD_DEGREES = _SARJANA
FAMILY_HEAD = "pimpinan"
FAMILY_SECTION_HEAD = "struktural"

# ---- Agencies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A Bidang/Bagian/Puskesmas/Instalasi/Kelurahan: its Unit Kerja, head, and staff jobs."""

    name: str
    head: str
    jobs: tuple[str, ...]
    service: bool = False  # a unit citizens name in the survey; its head serves the public too
    weight: float = 1.0  # share of the agency's staff
    head_family: str = FAMILY_SECTION_HEAD
    head_degrees: tuple[str, ...] = SECTION_HEAD_DEGREES
    head_prefix: str = ""


@dataclass(frozen=True)
class AgencySpec:
    """An OPD. `office` is the secretariat's Unit Kerja, led by `deputy`."""

    code: str
    name: str
    head: str
    sections: tuple[Section, ...] = ()
    office_jobs: tuple[str, ...] = (
        "pengadmin",
        "pengadmin",
        "pengelola_keuangan",
        "bendahara",
        "pranata_komputer",
        "arsiparis",
    )
    deputy: str = "Sekretaris"
    office: str = "Sekretariat"
    aliases: tuple[str, ...] = ()
    size: float = 0.8  # share of the city's employees
    priority: int = 50  # kept first when fewer agencies are asked for
    head_degrees: tuple[str, ...] = HEAD_DEGREES
    head_prefix: str = ""

    @property
    def spreadsheet(self) -> str:
        return self.code.lower()


def _bidang(name: str, *jobs: str, **kw) -> Section:
    return Section(f"Bidang {name}", f"Kepala Bidang {name}", tuple(jobs), **kw)


def _bagian(name: str, *jobs: str) -> Section:
    return Section(f"Bagian {name}", f"Kepala Bagian {name}", tuple(jobs))


_PUSKESMAS_JOBS = (
    "dokter",
    "dokter_gigi",
    "perawat",
    "perawat",
    "perawat",
    "bidan",
    "bidan",
    "bidan",
    "apoteker",
    "pranata_lab",
    "petugas_pendaftaran",
    "nutrisionis",
    "sanitarian",
    "penyuluh_kesehatan",
)
_KELURAHAN_JOBS = ("seklur", "kasi_kelurahan", "petugas_kelurahan", "petugas_kelurahan", "pengadmin")


def _puskesmas(place: str) -> Section:
    return Section(
        f"Puskesmas {place}",
        "Kepala Puskesmas",
        _PUSKESMAS_JOBS,
        service=True,
        weight=2.2,
        head_family="kapus",
        head_degrees=("", "M.K.M."),
        head_prefix="dr.",
    )


def _kelurahan(place: str) -> Section:
    return Section(
        f"Kelurahan {place}",
        "Lurah",
        _KELURAHAN_JOBS,
        service=True,
        weight=1.0,
        head_family="lurah",
        head_degrees=("S.STP", "S.Sos.", "S.IP", "S.STP, M.Si."),
    )


def _rsud_unit(name: str, jobs: tuple[str, ...], head: str, weight: float) -> Section:
    return Section(
        name,
        head,
        jobs,
        service=True,
        weight=weight,
        head_family="kapus",
        head_prefix="dr.",
        head_degrees=("", "Sp.EM", "Sp.PD", "M.Kes."),
    )


KELURAHAN_LUBUK_SIKARAH = (
    "Aro IV Korong",
    "IX Korong",
    "KTK",
    "Simpang Rumbio",
    "Sinapa Piliang",
    "Tanah Garam",
    "VI Suku",
)
KELURAHAN_TANJUNG_HARAPAN = (
    "Kampung Jawa",
    "Koto Panjang",
    "Laing",
    "Nan Balimo",
    "Pasar Pandan Air Mati",
    "Tanjung Paku",
)
PUSKESMAS = ("Tanah Garam", "KTK", "Nan Balimo", "Tanjung Paku")

AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "SETDA",
        "Sekretariat Daerah",
        "Sekretaris Daerah",
        (
            _bagian("Pemerintahan", "analis_kebijakan", "analis_kebijakan", "pengadmin"),
            _bagian("Hukum", "perancang", "perancang", "pengadmin"),
            _bagian("Organisasi", "analis_kebijakan", "analis_sdm"),
            _bagian("Pengadaan Barang dan Jasa", "pengelola_pbj", "pengelola_pbj"),
            _bagian("Perekonomian dan Sumber Daya Alam", "analis_kebijakan", "pengadmin"),
            _bagian("Protokol dan Komunikasi Pimpinan", "pranata_humas", "pengadmin"),
        ),
        deputy="Asisten Administrasi Umum",
        office="Bagian Umum",
        size=1.6,
        priority=8,
        aliases=("Setda Kota Solok",),
    ),
    AgencySpec(
        "INSPEKTORAT",
        "Inspektorat Daerah",
        "Inspektur",
        (
            Section("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah I", ("auditor", "auditor", "p2upd")),
            Section("Inspektur Pembantu Wilayah II", "Inspektur Pembantu Wilayah II", ("auditor", "p2upd", "p2upd")),
            Section("Inspektur Pembantu Khusus", "Inspektur Pembantu Khusus", ("auditor", "p2upd")),
        ),
        priority=13,
        aliases=("Inspektorat",),
    ),
    AgencySpec(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "Kepala Badan",
        (
            _bidang("Perencanaan Pembangunan Manusia dan Masyarakat", "perencana", "perencana"),
            _bidang("Perencanaan Infrastruktur dan Kewilayahan", "perencana", "perencana"),
            _bidang("Penelitian, Pengembangan dan Data", "analis_data", "perencana"),
        ),
        priority=14,
    ),
    AgencySpec(
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Kepala Badan",
        (
            _bidang("Mutasi dan Promosi", "analis_sdm", "pranata_sdm", "pranata_sdm"),
            _bidang("Pengembangan Kompetensi Aparatur", "analis_sdm", "assessor"),
            _bidang("Penilaian Kinerja dan Penghargaan", "analis_sdm", "pranata_sdm"),
        ),
        size=0.9,
        priority=6,
    ),
    AgencySpec(
        "BKD",
        "Badan Keuangan Daerah",
        "Kepala Badan",
        (
            _bidang("Anggaran", "analis_keuangan", "analis_keuangan"),
            _bidang("Perbendaharaan dan Akuntansi", "analis_keuangan", "analis_keuangan", "bendahara"),
            _bidang("Pendapatan", "pengelola_pajak", "pengelola_pajak", "analis_keuangan"),
            _bidang("Aset", "analis_keuangan", "pengadmin"),
        ),
        size=1.0,
        priority=12,
        aliases=("Bakeuda",),
        head_degrees=("S.E., M.Si.", "S.E., Ak., M.M.", "S.E., M.Ak."),
    ),
    AgencySpec(
        "DISDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "Kepala Dinas",
        (
            _bidang("Pembinaan SD", "pengawas_sekolah", "pengawas_sekolah", "pengadmin"),
            _bidang("Pembinaan SMP", "pengawas_sekolah", "pengawas_sekolah"),
            _bidang("PAUD dan Pendidikan Nonformal", "penilik", "penilik"),
            _bidang("Kebudayaan", "pamong_budaya", "pamong_budaya"),
        ),
        size=1.0,
        priority=11,
        aliases=("Dinas Pendidikan", "Disdik"),
        head_degrees=("S.Pd., M.Pd.", "S.Pd., M.Si."),
    ),
    AgencySpec(
        "DINKES",
        "Dinas Kesehatan",
        "Kepala Dinas",
        (
            *(_puskesmas(p) for p in PUSKESMAS),
            _bidang("Pelayanan dan Sumber Daya Kesehatan", "administrator_kesehatan", "apoteker", "pengadmin"),
            _bidang("Kesehatan Masyarakat", "nutrisionis", "sanitarian", "epidemiolog"),
        ),
        size=2.6,
        priority=1,
        head_degrees=("M.Kes.", "M.K.M.", "MARS"),
        head_prefix="dr.",
    ),
    AgencySpec(
        "RSUD",
        "RSUD Kota Solok",
        "Direktur",
        (
            _rsud_unit(
                "Instalasi Gawat Darurat",
                ("dokter", "perawat", "perawat", "perawat", "perawat"),
                "Kepala Instalasi Gawat Darurat",
                1.4,
            ),
            _rsud_unit(
                "Rawat Jalan",
                ("dokter_spesialis", "dokter_spesialis", "perawat", "perawat", "perekam_medis", "petugas_pendaftaran"),
                "Kepala Instalasi Rawat Jalan",
                1.7,
            ),
            _rsud_unit(
                "Rawat Inap",
                ("dokter", "perawat", "perawat", "perawat", "perawat", "bidan"),
                "Kepala Instalasi Rawat Inap",
                1.8,
            ),
            _rsud_unit(
                "Farmasi", ("apoteker", "asisten_apoteker", "asisten_apoteker"), "Kepala Instalasi Farmasi", 0.9
            ),
            _bidang("Pelayanan Medik dan Keperawatan", "perawat", "pranata_lab", "perekam_medis"),
        ),
        deputy="Kepala Bagian Tata Usaha",
        office="Bagian Tata Usaha",
        size=2.6,
        priority=2,
        aliases=("Rumah Sakit Umum Daerah Kota Solok", "RSUD Solok"),
        head_degrees=("Sp.PD", "Sp.OG", "MARS", "M.Kes."),
        head_prefix="dr.",
    ),
    AgencySpec(
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Kepala Dinas",
        (
            _bidang(
                "Pelayanan Pendaftaran Penduduk",
                "petugas_adminduk",
                "petugas_adminduk",
                "operator_adminduk",
                "operator_adminduk",
                weight=2.0,
            ),
            _bidang(
                "Pelayanan Pencatatan Sipil", "petugas_adminduk", "petugas_adminduk", "operator_adminduk", weight=1.5
            ),
            _bidang("Pengelolaan Informasi Administrasi Kependudukan", "adb", "adb", "pranata_komputer"),
        ),
        size=1.1,
        priority=3,
        aliases=("Dukcapil",),
    ),
    AgencySpec(
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Kepala Dinas",
        (
            _bidang(
                "Pelayanan Perizinan dan Nonperizinan",
                "petugas_perizinan",
                "petugas_perizinan",
                "analis_perizinan",
                "analis_perizinan",
                weight=2.0,
            ),
            _bidang("Penanaman Modal", "analis_investasi", "analis_investasi"),
            _bidang("Pengaduan, Kebijakan dan Pelaporan Layanan", "analis_perizinan", "pengadmin"),
        ),
        size=0.9,
        priority=4,
        aliases=("Mal Pelayanan Publik",),
    ),
    AgencySpec(
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Kepala Dinas",
        (
            _bidang("Bina Marga", "teknik_jalan", "teknik_jalan", "teknik_jalan"),
            _bidang("Sumber Daya Air", "teknik_pengairan", "teknik_pengairan"),
            _bidang("Penataan Ruang dan Bangunan", "penata_ruang", "penata_ruang"),
        ),
        size=0.9,
        priority=15,
        aliases=("Dinas PUPR",),
        head_degrees=("S.T., M.T.", "S.T., M.Eng.", "S.T., M.Si."),
    ),
    AgencySpec(
        "DISHUB",
        "Dinas Perhubungan",
        "Kepala Dinas",
        (
            _bidang("Lalu Lintas dan Angkutan", "petugas_lalin", "petugas_lalin", "petugas_lalin"),
            _bidang(
                "Sarana dan Prasarana Perhubungan",
                "penguji_kendaraan",
                "penguji_kendaraan",
                "penguji_kendaraan",
                weight=1.3,
            ),
        ),
        priority=10,
    ),
    AgencySpec(
        "DINSOS",
        "Dinas Sosial",
        "Kepala Dinas",
        (
            _bidang("Rehabilitasi dan Perlindungan Sosial", "pekerja_sosial", "pekerja_sosial", "penyuluh_sosial"),
            _bidang("Pemberdayaan Sosial dan Penanganan Fakir Miskin", "pekerja_sosial", "pengadmin", "pekerja_sosial"),
        ),
        priority=9,
    ),
    AgencySpec(
        "DLH",
        "Dinas Lingkungan Hidup",
        "Kepala Dinas",
        (
            _bidang("Pengelolaan Sampah", "pengawas_lh", "pengadmin", "pengawas_lh"),
            _bidang("Penataan dan Pengendalian Lingkungan", "pengendali_dampak", "pengendali_dampak", "pengawas_lh"),
        ),
        priority=16,
    ),
    AgencySpec(
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika",
        "Kepala Dinas",
        (
            _bidang("Informasi dan Komunikasi Publik", "pranata_humas", "pranata_humas"),
            _bidang("Aplikasi Informatika", "pranata_komputer", "pranata_komputer"),
            _bidang("Statistik dan Persandian", "statistisi", "sandiman"),
        ),
        size=0.7,
        priority=17,
        aliases=("Dinas Kominfo", "Kominfo"),
    ),
    AgencySpec(
        "DISKOPERDAG",
        "Dinas Koperasi, UKM dan Perdagangan",
        "Kepala Dinas",
        (
            _bidang("Perdagangan", "pengawas_perdagangan", "penera", "penera"),
            _bidang("Koperasi dan Usaha Mikro", "penyuluh_koperasi", "penyuluh_koperasi"),
        ),
        priority=18,
        aliases=("Dinas Koperasi UKM dan Perdagangan",),
    ),
    AgencySpec(
        "DISPANTAN",
        "Dinas Pangan dan Pertanian",
        "Kepala Dinas",
        (
            _bidang("Pertanian", "penyuluh_pertanian", "penyuluh_pertanian", "penyuluh_pertanian"),
            _bidang("Peternakan dan Kesehatan Hewan", "medik_veteriner", "penyuluh_pertanian"),
            _bidang("Ketahanan Pangan", "analis_pangan", "analis_pangan"),
        ),
        priority=19,
    ),
    AgencySpec(
        "SATPOLPP",
        "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        "Kepala Satuan",
        (
            _bidang("Penegakan Peraturan Daerah", "polisi_pp", "polisi_pp", "polisi_pp"),
            _bidang("Ketertiban Umum dan Ketenteraman Masyarakat", "polisi_pp", "polisi_pp"),
            _bidang("Pemadam Kebakaran dan Penyelamatan", "damkar", "damkar", "damkar"),
        ),
        size=0.9,
        priority=20,
        aliases=("Satpol PP dan Damkar", "Satpol PP"),
    ),
    AgencySpec(
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "Kepala Pelaksana",
        (
            _bidang("Pencegahan dan Kesiapsiagaan", "analis_bencana", "analis_bencana"),
            _bidang("Kedaruratan dan Logistik", "pusdalops", "pusdalops", "analis_bencana"),
        ),
        size=0.6,
        priority=21,
    ),
    AgencySpec(
        "KECLS",
        "Kecamatan Lubuk Sikarah",
        "Camat",
        tuple(_kelurahan(k) for k in KELURAHAN_LUBUK_SIKARAH),
        office_jobs=("petugas_paten", "petugas_paten", "analis_kebijakan", "pengadmin", "bendahara"),
        deputy="Sekretaris Camat",
        office="Sekretariat Kecamatan",
        size=1.5,
        priority=5,
        head_degrees=("S.STP, M.Si.", "S.IP, M.Si.", "S.Sos., M.Si."),
    ),
    AgencySpec(
        "KECTH",
        "Kecamatan Tanjung Harapan",
        "Camat",
        tuple(_kelurahan(k) for k in KELURAHAN_TANJUNG_HARAPAN),
        office_jobs=("petugas_paten", "petugas_paten", "analis_kebijakan", "pengadmin", "bendahara"),
        deputy="Sekretaris Camat",
        office="Sekretariat Kecamatan",
        size=1.3,
        priority=7,
        head_degrees=("S.STP, M.Si.", "S.IP, M.Si.", "S.Sos., M.Si."),
    ),
    # ---- Beyond the usual demo (agencies > 21) ------------------------------------------------
    AgencySpec(
        "SETWAN",
        "Sekretariat DPRD",
        "Sekretaris DPRD",
        (
            _bagian("Persidangan dan Perundang-undangan", "analis_persidangan", "perisalah", "perisalah"),
            _bagian("Keuangan dan Umum", "pengelola_keuangan", "pengadmin"),
        ),
        deputy="Kepala Bagian Umum",
        office="Bagian Umum",
        priority=22,
    ),
    AgencySpec(
        "DP3AP2KB",
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak",
        "Kepala Dinas",
        (
            _bidang("Keluarga Berencana", "penyuluh_kb", "penyuluh_kb", "penyuluh_kb"),
            _bidang("Perlindungan Perempuan dan Anak", "pekerja_sosial", "pekerja_sosial"),
        ),
        priority=23,
    ),
    AgencySpec(
        "DISPORAPAR",
        "Dinas Pemuda, Olahraga dan Pariwisata",
        "Kepala Dinas",
        (
            _bidang("Pariwisata", "pengelola_pariwisata", "pengelola_pariwisata"),
            _bidang("Pemuda dan Olahraga", "pengadmin", "pengelola_pariwisata"),
        ),
        priority=24,
    ),
    AgencySpec(
        "DISPUSIP",
        "Dinas Perpustakaan dan Kearsipan",
        "Kepala Dinas",
        (
            _bidang("Layanan Perpustakaan", "pustakawan", "pustakawan", "pustakawan"),
            _bidang("Kearsipan", "arsiparis", "arsiparis"),
        ),
        priority=25,
    ),
    AgencySpec(
        "DISPERKIM",
        "Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan",
        "Kepala Dinas",
        (
            _bidang("Perumahan", "teknik_perumahan", "teknik_perumahan"),
            _bidang("Kawasan Permukiman dan Pertanahan", "teknik_perumahan", "penata_ruang"),
        ),
        priority=26,
    ),
    AgencySpec(
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "Kepala Badan",
        (
            _bidang("Kewaspadaan Nasional", "analis_kewaspadaan", "analis_kewaspadaan"),
            _bidang("Politik Dalam Negeri dan Ormas", "analis_kebijakan"),
        ),
        size=0.5,
        priority=27,
    ),
)

# UPTs (unit pelaksana teknis) fill the list up to 40; beyond that, numbered ones are invented.
_UPT_OFFICE = dict(
    head="Kepala UPT",
    deputy="Kepala Subbagian Tata Usaha",
    office="Subbagian Tata Usaha",
    office_jobs=("petugas_upt", "petugas_upt", "petugas_upt", "pengadmin", "bendahara"),
    size=0.4,
)
UPTS: tuple[tuple[str, str], ...] = (
    ("UPTPASAR", "UPT Pengelolaan Pasar Raya Solok"),
    ("UPTPKB", "UPT Pengujian Kendaraan Bermotor"),
    ("UPTLABKES", "UPT Laboratorium Kesehatan Daerah"),
    ("UPTPARKIR", "UPT Perparkiran"),
    ("UPTRPH", "UPT Rumah Potong Hewan"),
    ("UPTTAMAN", "UPT Pertamanan dan Pemakaman"),
    ("UPTPPA", "UPT Perlindungan Perempuan dan Anak"),
    ("UPTBBI", "UPT Balai Benih Ikan"),
    ("UPTTPA", "UPT Pengelolaan Sampah TPA Regional"),
    ("UPTGOR", "UPT Gelanggang Olahraga"),
    ("UPTPALD", "UPT Pengelolaan Air Limbah Domestik"),
    ("UPTMETRO", "UPT Metrologi Legal"),
    ("UPTTERMINAL", "UPT Terminal Angkutan Kota"),
)


def upt_spec(code: str, name: str, priority: int) -> AgencySpec:
    """A UPT: one office, front-line staff."""
    return AgencySpec(code, name, sections=(), priority=priority, **_UPT_OFFICE)


def agency_specs(count: int) -> list[AgencySpec]:
    """The `count` agencies of a demo city, most important first kept, in the official order.

    Up to 28 are real OPD, up to 40 add real-sounding UPTs, beyond that numbered UPTs.
    """
    if count < 1:
        raise ValueError("a demo city needs at least one agency")
    specs = list(AGENCIES) + [upt_spec(c, n, 100 + i) for i, (c, n) in enumerate(UPTS)]
    n = len(specs)
    while len(specs) < count:
        k = len(specs) - n + 1
        specs.append(upt_spec(f"UPTW{k:02d}", f"UPT Pelayanan Terpadu Wilayah {k}", 200 + k))
    keep = sorted(specs, key=lambda s: s.priority)[:count]
    kept = {s.code for s in keep}
    return [s for s in specs if s.code in kept]


# ---- The citizen survey: where citizens are served -------------------------------------------


@dataclass(frozen=True)
class ServicePoint:
    """A place citizens rate: an agency (unit '') or one of its units.

    `labels` are how the form's dropdown (and the odd typed answer) names it, with shares;
    `quality` is the usual mean answer (1..4); `slow` a standing weakness in speed (U3);
    `dip` = 1 worsens in the last complete quarter, 2 in the one before (an IKM fall to flag).
    """

    agency: str
    unit: str
    labels: tuple[tuple[str, float], ...]
    services: tuple[str, ...]
    weight: float
    quality: float
    slow: bool = False
    dip: int = 0


def _unit_point(agency: str, unit: str, services: tuple[str, ...], weight: float, quality: float, **kw) -> ServicePoint:
    return ServicePoint(
        agency, unit, ((unit, 0.95), (unit.upper(), 0.03), (f" {unit.lower()} ", 0.02)), services, weight, quality, **kw
    )


_PUSKESMAS_SERVICES = (
    "Pemeriksaan Umum",
    "Pemeriksaan Umum",
    "KIA/KB",
    "Imunisasi",
    "Kesehatan Gigi",
    "Laboratorium",
    "Pemeriksaan Lansia",
)
_KELURAHAN_SERVICES = (
    "Surat Keterangan Domisili",
    "Surat Keterangan Tidak Mampu",
    "Surat Pengantar Nikah",
    "Surat Keterangan Usaha",
    "Surat Keterangan Ahli Waris",
)

SERVICE_POINTS: tuple[ServicePoint, ...] = (
    ServicePoint(
        "DISDUKCAPIL",
        "",
        (("Dinas Kependudukan dan Pencatatan Sipil", 0.8), ("Disdukcapil", 0.15), ("DISDUKCAPIL", 0.05)),
        (
            "Pembuatan KTP-el",
            "Pembuatan KTP-el",
            "Kartu Keluarga",
            "Akta Kelahiran",
            "Akta Kematian",
            "Pindah Datang",
            "Kartu Identitas Anak",
        ),
        15.0,
        3.15,
        slow=True,
        dip=1,
    ),
    ServicePoint(
        "DPMPTSP",
        "",
        (("Mal Pelayanan Publik", 0.7), ("DPMPTSP", 0.2), ("MPP", 0.1)),
        (
            "Persetujuan Bangunan Gedung (PBG)",
            "Nomor Induk Berusaha (NIB)",
            "Surat Izin Praktik Tenaga Kesehatan",
            "Izin Reklame",
            "Layanan Paspor (MPP)",
            "Layanan BPJS Kesehatan (MPP)",
            "Layanan Samsat (MPP)",
        ),
        11.0,
        3.45,
    ),
    _unit_point(
        "RSUD",
        "Rawat Jalan",
        ("Poli Penyakit Dalam", "Poli Anak", "Poli Kebidanan dan Kandungan", "Poli Bedah", "Poli Gigi", "Poli Mata"),
        10.0,
        3.05,
        slow=True,
    ),
    _unit_point("RSUD", "Instalasi Gawat Darurat", ("Gawat Darurat",), 7.5, 3.3),
    _unit_point(
        "RSUD",
        "Rawat Inap",
        ("Rawat Inap Kelas III", "Rawat Inap Kelas II", "Rawat Inap Kelas I", "Rawat Inap VIP"),
        6.5,
        3.35,
    ),
    _unit_point("RSUD", "Farmasi", ("Pengambilan Obat", "Pengambilan Obat", "Konsultasi Obat"), 5.0, 3.6),
    _unit_point("DINKES", "Puskesmas Tanah Garam", _PUSKESMAS_SERVICES, 7.5, 3.4),
    _unit_point("DINKES", "Puskesmas KTK", _PUSKESMAS_SERVICES, 7.0, 3.4, dip=2),
    _unit_point("DINKES", "Puskesmas Nan Balimo", _PUSKESMAS_SERVICES, 5.0, 3.3),
    _unit_point("DINKES", "Puskesmas Tanjung Paku", _PUSKESMAS_SERVICES, 4.5, 3.65),
    *(_unit_point("KECLS", f"Kelurahan {k}", _KELURAHAN_SERVICES, 1.2, 3.45) for k in KELURAHAN_LUBUK_SIKARAH),
    *(_unit_point("KECTH", f"Kelurahan {k}", _KELURAHAN_SERVICES, 1.2, 3.45) for k in KELURAHAN_TANJUNG_HARAPAN),
    ServicePoint(
        "DINSOS",
        "",
        (("Dinas Sosial", 1.0),),
        ("Pendaftaran DTKS", "Surat Keterangan Tidak Mampu", "Bantuan Sosial"),
        2.5,
        3.2,
    ),
    ServicePoint(
        "DISHUB", "", (("Dinas Perhubungan", 0.9), ("Dishub", 0.1)), ("Uji KIR Kendaraan", "Izin Trayek"), 2.0, 3.25
    ),
    ServicePoint(
        "DISDIKBUD",
        "",
        (("Dinas Pendidikan dan Kebudayaan", 1.0),),
        ("Legalisir Ijazah", "Surat Mutasi Siswa"),
        0.6,
        3.4,
    ),
    ServicePoint(
        "BKD", "", (("Badan Keuangan Daerah", 1.0),), ("Pembayaran PBB-P2", "Keberatan Pajak Daerah"), 0.5, 3.3
    ),
    ServicePoint(
        "DLH", "", (("Dinas Lingkungan Hidup", 1.0),), ("Pengaduan Sampah", "Persetujuan Lingkungan"), 0.3, 3.2
    ),
    ServicePoint(
        "DISPUSIP",
        "",
        (("Dinas Perpustakaan dan Kearsipan", 1.0),),
        ("Peminjaman Buku", "Kartu Anggota Perpustakaan"),
        0.8,
        3.6,
    ),
    ServicePoint(
        "UPTPASAR", "", (("UPT Pengelolaan Pasar Raya Solok", 1.0),), ("Retribusi Pasar", "Sewa Kios"), 0.6, 3.0
    ),
    ServicePoint("UPTPKB", "", (("UPT Pengujian Kendaraan Bermotor", 1.0),), ("Uji Berkala Kendaraan",), 0.6, 3.3),
    ServicePoint(
        "UPTLABKES", "", (("UPT Laboratorium Kesehatan Daerah", 1.0),), ("Pemeriksaan Laboratorium",), 0.4, 3.5
    ),
)

# Element offsets from a unit's quality: fees are usually free (U4 high), complaint handling
# is the usual weak spot (U8), premises vary (U9). Order u1..u9.
ELEMENT_OFFSETS = (0.05, 0.0, -0.1, 0.45, 0.05, 0.05, 0.1, -0.3, -0.05)
SLOW_U3 = -0.45  # a standing weakness in speed
DIP = (0.2, 0.35, 1.0, 0.05, 0.15, 0.2, 0.35, 0.3, 0.15)  # how much each element falls in a bad quarter

# ---- Complaint texts (form "Keluhan" and the Pengaduan log) -------------------------------------

WAKTU = "Waktu Pelayanan"
COMPLAINTS: dict[str, tuple[str, ...]] = {
    WAKTU: (
        "Pelayanan lambat",
        "Antrian panjang",
        "Antrian panjang, menunggu lebih dari 2 jam",
        "Pelayanan lambat, loket yang buka hanya satu",
        "Sudah dua minggu belum selesai",
        "Petugas datang terlambat, pelayanan baru mulai jam 9",
    ),
    "Sarana dan Prasarana": (
        "Ruang tunggu panas, kipas angin rusak",
        "Toilet kurang bersih",
        "Tempat parkir sempit",
        "Kursi ruang tunggu kurang",
        "Tidak ada jalur untuk kursi roda",
    ),
    "Perilaku Petugas": (
        "Petugas kurang ramah",
        "Petugas sibuk dengan HP saat melayani",
        "Petugas tidak menjelaskan dengan jelas",
    ),
    "Persyaratan": (
        "Informasi persyaratan tidak jelas",
        "Persyaratan berbeda dengan yang diumumkan",
        "Harus bolak-balik karena persyaratan kurang",
    ),
    "Prosedur": (
        "Alur pelayanan membingungkan",
        "Aplikasi antrian online sering error",
        "Nomor antrian online tidak berlaku di loket",
    ),
}
CATEGORY_BY_ELEMENT = {
    "u3": WAKTU,
    "u9": "Sarana dan Prasarana",
    "u7": "Perilaku Petugas",
    "u1": "Persyaratan",
    "u2": "Prosedur",
}

# Longer texts for the Pengaduan log (Uraian), by category.
LOG_TEXTS: dict[str, tuple[str, ...]] = {
    WAKTU: (
        "Pengurusan dokumen sudah lebih dari 14 hari kerja belum selesai, mohon kejelasan.",
        "Antrian sangat panjang sejak pagi, nomor antrian habis pukul 09.00.",
        "Hasil pemeriksaan dijanjikan selesai 3 hari, sampai sekarang belum ada kabar.",
        "Menunggu pelayanan lebih dari 3 jam padahal sudah datang sebelum loket buka.",
    ),
    "Sarana dan Prasarana": (
        "AC ruang tunggu tidak berfungsi, ruangan sangat panas dan penuh.",
        "Toilet pengunjung rusak dan tidak ada air.",
        "Kursi ruang tunggu rusak dan tidak cukup untuk pengunjung.",
        "Tidak ada jalur landai untuk pengguna kursi roda.",
    ),
    "Perilaku Petugas": (
        "Petugas loket berbicara kasar kepada pemohon lanjut usia.",
        "Petugas tidak ada di tempat pada jam pelayanan.",
    ),
    "Persyaratan": (
        "Persyaratan yang diminta petugas berbeda dengan yang tercantum di papan informasi.",
        "Informasi persyaratan di website tidak diperbarui.",
    ),
    "Prosedur": (
        "Aplikasi pendaftaran online gagal terus, tidak bisa mengambil nomor antrian.",
        "Pemohon diminta kembali ke loket lain tanpa penjelasan alur yang jelas.",
    ),
}
# Agencies people complain to without rating them in the form: (code, as named, category, texts).
LOG_ONLY = (
    (
        "DPUPR",
        "Dinas PUPR",
        "Sarana dan Prasarana",
        (
            "Jalan berlubang di Jalan Lintas Sumatera dekat Simpang Rumbio membahayakan pengendara.",
            "Drainase tersumbat, air meluap ke jalan setiap hujan.",
            "Lampu penerangan jalan mati sudah seminggu.",
        ),
    ),
    (
        "DLH",
        "Dinas Lingkungan Hidup",
        "Sarana dan Prasarana",
        (
            "Sampah di TPS belum diangkut sejak tiga hari.",
            "Bau dari saluran pembuangan usaha di sekitar pasar.",
        ),
    ),
)
LOG_SOURCES = ("SP4N-LAPOR!", "SP4N-LAPOR!", "WhatsApp Pengaduan", "Kotak Saran", "Datang Langsung", "Instagram")
STATUS_DONE, STATUS_OPEN, STATUS_NEW = "Selesai", "Diproses", "Baru"

# ---- People ----------------------------------------------------------------------------------

MALE_NAMES = (
    "Afrizal",
    "Zulkifli",
    "Yusrizal",
    "Syafrizal",
    "Nofrizal",
    "Hendri",
    "Hendra",
    "Deddy",
    "Doni",
    "Rahmat",
    "Ilham",
    "Fadli",
    "Rizki",
    "Andri",
    "Budi",
    "Joni",
    "Yuhendra",
    "Firdaus",
    "Irwan",
    "Erwin",
    "Yosrizal",
    "Zulhendri",
    "Arif",
    "Fauzan",
    "Reza",
    "Ferdi",
    "Aldi",
    "Rudi",
    "Afdal",
    "Alfian",
    "Masrul",
    "Nasrul",
    "Zainal",
    "Darmawan",
    "Syahrial",
    "Asril",
    "Elfin",
    "Refki",
    "Taufik",
    "Dedi",
    "Roni",
    "Wendra",
    "Yudi",
    "Fikri",
    "Habibi",
    "Gusrizal",
    "Novri",
    "Ikhsan",
    "Mardiansyah",
    "Ridwan",
    "Jasman",
    "Irfan",
    "Ardi",
    "Zulfahmi",
    "Yulizar",
    "Basrizal",
)
FEMALE_NAMES = (
    "Yulia",
    "Fitri",
    "Rina",
    "Desi",
    "Nofriyanti",
    "Sri",
    "Yenni",
    "Rahmi",
    "Mutia",
    "Silvia",
    "Elvira",
    "Wirda",
    "Nurhayati",
    "Yusnidar",
    "Rosmaini",
    "Lusi",
    "Mira",
    "Vivi",
    "Rika",
    "Dewi",
    "Nelly",
    "Weni",
    "Fitria",
    "Yessi",
    "Ratna",
    "Suci",
    "Rahmadani",
    "Nadia",
    "Annisa",
    "Zulfa",
    "Hasnah",
    "Asmaini",
    "Gusnita",
    "Elfa",
    "Meri",
    "Nova",
    "Liza",
    "Delvi",
    "Sisca",
    "Oktaviani",
    "Yulfia",
    "Rosna",
    "Afni",
    "Febri",
    "Marlinda",
    "Ernita",
    "Yuliza",
    "Helmi",
)
MALE_SECOND = (
    "Putra",
    "Saputra",
    "Hidayat",
    "Syahputra",
    "Rahman",
    "Efendi",
    "Chaniago",
    "Piliang",
    "Koto",
    "Tanjung",
    "Sikumbang",
    "Jambak",
    "Guci",
    "Pratama",
    "Akbar",
    "Anwar",
    "Mulyadi",
    "Yusuf",
    "Fernando",
    "Amri",
    "Hamdani",
    "Kurniawan",
    "Syukri",
    "Malin",
)
FEMALE_SECOND = (
    "Fitriani",
    "Sari",
    "Wahyuni",
    "Yanti",
    "Marlina",
    "Handayani",
    "Novita",
    "Rahmawati",
    "Putri",
    "Yulianti",
    "Oktavia",
    "Susanti",
    "Lestari",
    "Puspita",
    "Dewi",
    "Anggraini",
    "Rosalinda",
    "Chaniago",
    "Piliang",
    "Syafitri",
    "Ramadhani",
    "Zulfitri",
)

# ---- Indicators (Rencana Hasil Kerja, Indikator, Satuan, monthly target range, lower-better) ----


@dataclass(frozen=True)
class Indicator:
    plan: str
    name: str
    measure: str
    low: float
    high: float
    lower_better: bool = False

    @property
    def percent(self) -> bool:
        return self.measure == "%"


def _i(plan: str, name: str, measure: str, low: float, high: float, lower_better: bool = False) -> Indicator:
    return Indicator(plan, name, measure, low, high, lower_better)


LOWER = True  # lower is better (Arah = Turun)

INDICATORS: dict[str, tuple[Indicator, ...]] = {
    "pimpinan": (
        _i("Meningkatnya kinerja perangkat daerah", "Persentase capaian indikator kinerja utama", "%", 100, 100),
        _i("Terkelolanya anggaran perangkat daerah", "Persentase realisasi anggaran sesuai rencana kas", "%", 95, 100),
        _i("Terlaksananya pengendalian kinerja", "Jumlah rapat evaluasi kinerja yang dipimpin", "kegiatan", 2, 4),
        _i("Tertibnya administrasi pimpinan", "Waktu penyelesaian disposisi surat (hari)", "hari", 2, 2, LOWER),
    ),
    "struktural": (
        _i("Terlaksananya program bidang", "Persentase kegiatan yang terlaksana sesuai jadwal", "%", 100, 100),
        _i("Tersusunnya laporan kinerja bidang", "Jumlah laporan kinerja bidang", "laporan", 1, 2),
        _i("Terbinanya pegawai", "Jumlah pembinaan dan supervisi staf", "kali", 2, 4),
        _i("Tertibnya penyelesaian dokumen", "Waktu penyelesaian dokumen (hari)", "hari", 3, 3, LOWER),
        _i("Terkelolanya anggaran bidang", "Persentase realisasi anggaran bidang", "%", 95, 100),
    ),
    "kapus": (
        _i("Meningkatnya mutu pelayanan", "Persentase capaian standar pelayanan minimal", "%", 100, 100),
        _i("Terlaksananya lokakarya mini", "Jumlah lokakarya mini dan rapat staf", "kegiatan", 1, 2),
        _i("Cepatnya pelayanan", "Waktu tunggu pelayanan rata-rata (menit)", "menit", 30, 30, LOWER),
        _i("Tertanganinya pengaduan", "Persentase pengaduan yang ditindaklanjuti", "%", 100, 100),
    ),
    "lurah": (
        _i(
            "Terselenggaranya pemerintahan kelurahan",
            "Persentase surat keterangan yang selesai hari itu juga",
            "%",
            100,
            100,
        ),
        _i("Terlaksananya pemberdayaan masyarakat", "Jumlah kegiatan pemberdayaan masyarakat", "kegiatan", 2, 4),
        _i("Terjaganya ketenteraman", "Jumlah rapat koordinasi dengan RT/RW dan LPM", "kegiatan", 1, 3),
        _i("Cepatnya pelayanan", "Waktu penyelesaian surat keterangan (jam)", "jam", 2, 2, LOWER),
    ),
    "admin": (
        _i("Terlaksananya administrasi persuratan", "Jumlah surat masuk dan keluar yang diagendakan", "surat", 60, 200),
        _i("Tertibnya arsip dinamis", "Jumlah berkas arsip yang ditata", "berkas", 20, 80),
        _i("Terlaksananya pelayanan administrasi umum", "Waktu penyelesaian dokumen (hari)", "hari", 2, 3, LOWER),
        _i("Tersedianya data kepegawaian", "Jumlah data pegawai yang dimutakhirkan", "data", 10, 40),
    ),
    "keuangan_opd": (
        _i("Tertibnya penatausahaan keuangan", "Jumlah SPJ yang diverifikasi", "dokumen", 20, 60),
        _i("Tertibnya penatausahaan keuangan", "Persentase SPJ yang tepat waktu", "%", 100, 100),
        _i("Tersusunnya laporan keuangan", "Jumlah laporan keuangan bulanan", "laporan", 1, 2),
        _i("Tertibnya pembayaran", "Waktu pengajuan SPM (hari)", "hari", 2, 3, LOWER),
    ),
    "it": (
        _i("Tersedianya layanan sistem informasi", "Persentase waktu layanan sistem aktif", "%", 98, 99),
        _i("Terpeliharanya aplikasi", "Jumlah aplikasi yang dipelihara", "aplikasi", 2, 6),
        _i("Tertanganinya gangguan jaringan", "Waktu penanganan gangguan jaringan (jam)", "jam", 4, 8, LOWER),
        _i("Termutakhirkannya konten website", "Jumlah konten website yang diunggah", "konten", 8, 20),
    ),
    "sdm": (
        _i("Terlaksananya pelayanan kepegawaian", "Jumlah usulan kenaikan pangkat yang diproses", "berkas", 10, 40),
        _i("Tersusunnya analisis jabatan", "Jumlah dokumen analisis jabatan", "dokumen", 2, 6),
        _i("Terlaksananya pengembangan kompetensi", "Jumlah ASN yang difasilitasi pelatihan", "orang", 10, 40),
        _i(
            "Cepatnya pelayanan kepegawaian",
            "Waktu penyelesaian usulan layanan kepegawaian (hari)",
            "hari",
            3,
            5,
            LOWER,
        ),
    ),
    "perencanaan": (
        _i("Tersusunnya dokumen perencanaan", "Jumlah dokumen perencanaan yang disusun", "dokumen", 1, 3),
        _i("Terlaksananya monitoring dan evaluasi", "Jumlah laporan monitoring dan evaluasi", "laporan", 1, 3),
        _i("Terverifikasinya usulan pembangunan", "Persentase usulan musrenbang yang terverifikasi", "%", 100, 100),
        _i("Tersedianya data pembangunan", "Jumlah data indikator pembangunan yang dimutakhirkan", "indikator", 20, 60),
    ),
    "arsip": (
        _i("Terkelolanya arsip", "Jumlah arsip inaktif yang ditata", "berkas", 100, 300),
        _i("Terlayaninya peminjaman arsip", "Jumlah layanan peminjaman arsip", "layanan", 5, 20),
        _i("Tersusunnya daftar arsip", "Jumlah daftar arsip yang disusun", "dokumen", 1, 3),
    ),
    "kebijakan": (
        _i("Tersusunnya kajian kebijakan", "Jumlah telaahan staf dan kajian kebijakan", "dokumen", 2, 5),
        _i("Terlaksananya koordinasi", "Jumlah rapat koordinasi yang difasilitasi", "kegiatan", 2, 6),
        _i("Tersusunnya laporan penyelenggaraan pemerintahan", "Jumlah laporan yang disusun", "laporan", 1, 2),
    ),
    "hukum": (
        _i("Tersusunnya produk hukum daerah", "Jumlah rancangan peraturan yang disusun", "rancangan", 2, 6),
        _i("Terlaksananya layanan bantuan hukum", "Jumlah konsultasi hukum yang dilayani", "kasus", 3, 10),
        _i("Terpublikasinya produk hukum", "Jumlah produk hukum yang diunggah ke JDIH", "dokumen", 5, 15),
    ),
    "pbj": (
        _i("Terlaksananya pengadaan barang/jasa", "Jumlah paket pengadaan yang diproses", "paket", 3, 12),
        _i("Tepat waktunya pengadaan", "Waktu proses pengadaan langsung (hari)", "hari", 5, 7, LOWER),
        _i("Terkelolanya katalog elektronik", "Jumlah transaksi e-katalog yang diverifikasi", "transaksi", 10, 30),
    ),
    "persidangan": (
        _i("Terfasilitasinya rapat DPRD", "Jumlah rapat DPRD yang difasilitasi", "rapat", 4, 12),
        _i("Tersusunnya risalah rapat", "Jumlah risalah rapat yang diselesaikan", "risalah", 4, 10),
        _i("Tepat waktunya risalah", "Waktu penyelesaian risalah rapat (hari)", "hari", 3, 3, LOWER),
    ),
    "kesbangpol": (
        _i("Terpeliharanya kondusivitas daerah", "Jumlah laporan kewaspadaan dini", "laporan", 2, 4),
        _i("Terbinanya organisasi kemasyarakatan", "Jumlah ormas yang dibina", "ormas", 2, 6),
    ),
    "audit": (
        _i("Terlaksananya pengawasan", "Jumlah objek pemeriksaan yang diaudit", "objek", 1, 3),
        _i("Tersusunnya laporan hasil pemeriksaan", "Jumlah LHP yang diselesaikan", "LHP", 1, 3),
        _i("Terpantaunya tindak lanjut", "Persentase rekomendasi yang ditindaklanjuti", "%", 85, 90),
        _i(
            "Tepat waktunya laporan pemeriksaan",
            "Waktu penyusunan LHP setelah pemeriksaan (hari)",
            "hari",
            10,
            14,
            LOWER,
        ),
    ),
    "keuangan_daerah": (
        _i("Terkelolanya kas daerah", "Jumlah SP2D yang diterbitkan", "SP2D", 100, 300),
        _i("Tepat waktunya pencairan", "Waktu penerbitan SP2D (hari)", "hari", 2, 2, LOWER),
        _i("Terkelolanya aset daerah", "Jumlah aset yang diinventarisasi", "unit", 30, 100),
        _i("Tersusunnya laporan keuangan daerah", "Jumlah laporan realisasi anggaran", "laporan", 1, 2),
    ),
    "pajak": (
        _i("Meningkatnya pendapatan asli daerah", "Jumlah wajib pajak yang dilayani", "wajib pajak", 80, 200),
        _i("Meningkatnya pendapatan asli daerah", "Persentase realisasi target PBB-P2 bulanan", "%", 100, 100),
        _i("Terlayaninya wajib pajak", "Waktu penyelesaian permohonan keberatan pajak (hari)", "hari", 5, 7, LOWER),
    ),
    "pendidikan": (
        _i("Terlaksananya supervisi sekolah", "Jumlah sekolah yang disupervisi", "sekolah", 3, 8),
        _i("Meningkatnya mutu pendidik", "Jumlah guru yang dibina", "orang", 10, 30),
        _i("Tersusunnya laporan pengawasan", "Jumlah laporan hasil pengawasan", "laporan", 1, 2),
        _i("Tertibnya data pendidikan", "Jumlah data Dapodik yang diverifikasi", "sekolah", 5, 20),
    ),
    "kebudayaan": (
        _i("Terlestarikannya budaya daerah", "Jumlah kegiatan pembinaan sanggar seni", "kegiatan", 1, 4),
        _i("Terdatanya objek kebudayaan", "Jumlah objek pemajuan kebudayaan yang didata", "objek", 2, 6),
    ),
    "medis": (
        _i("Terlaksananya pelayanan medis", "Jumlah pasien yang dilayani", "pasien", 250, 500),
        _i("Cepatnya pelayanan medis", "Waktu tunggu pelayanan poli (menit)", "menit", 45, 60, LOWER),
        _i("Tertibnya rekam medis", "Persentase rekam medis yang lengkap", "%", 95, 100),
        _i("Meningkatnya kesehatan masyarakat", "Jumlah kegiatan penyuluhan kesehatan", "kegiatan", 1, 3),
    ),
    "keperawatan": (
        _i("Terlaksananya asuhan keperawatan", "Jumlah pasien yang mendapat asuhan keperawatan", "pasien", 80, 200),
        _i("Tertibnya dokumentasi keperawatan", "Persentase dokumentasi asuhan keperawatan yang lengkap", "%", 95, 100),
        _i("Terlaksananya tindakan keperawatan", "Jumlah tindakan keperawatan", "tindakan", 100, 250),
        _i("Cepatnya tanggap pasien", "Waktu tanggap pelayanan pasien (menit)", "menit", 5, 10, LOWER),
    ),
    "kebidanan": (
        _i("Terlaksananya pelayanan KIA", "Jumlah ibu hamil yang diperiksa (K1-K6)", "orang", 20, 60),
        _i("Terlaksananya pelayanan KB", "Jumlah akseptor KB yang dilayani", "orang", 10, 40),
        _i("Amannya persalinan", "Persentase persalinan di fasilitas kesehatan", "%", 100, 100),
        _i("Terbinanya posyandu", "Jumlah posyandu yang dibina", "posyandu", 3, 8),
    ),
    "farmasi": (
        _i("Terlaksananya pelayanan kefarmasian", "Jumlah resep yang dilayani", "resep", 400, 1200),
        _i("Cepatnya pelayanan resep", "Waktu tunggu pelayanan resep non racikan (menit)", "menit", 30, 30, LOWER),
        _i("Tersedianya obat", "Persentase ketersediaan obat esensial", "%", 95, 100),
        _i("Tertibnya pengelolaan obat", "Jumlah laporan stok opname obat", "laporan", 1, 1),
    ),
    "lab": (
        _i("Terlaksananya pemeriksaan laboratorium", "Jumlah sampel yang diperiksa", "sampel", 150, 400),
        _i("Tepat waktunya hasil laboratorium", "Waktu penyelesaian hasil laboratorium (jam)", "jam", 2, 3, LOWER),
        _i("Terjaminnya mutu laboratorium", "Jumlah pemantapan mutu internal", "kegiatan", 2, 4),
    ),
    "pendaftaran": (
        _i("Terlaksananya pendaftaran pasien", "Jumlah pasien yang didaftarkan", "pasien", 600, 1500),
        _i("Cepatnya pendaftaran", "Waktu tunggu pendaftaran (menit)", "menit", 10, 15, LOWER),
        _i("Tertibnya rekam medis", "Persentase berkas rekam medis yang kembali tepat waktu", "%", 90, 95),
    ),
    "kesmas": (
        _i("Meningkatnya status gizi masyarakat", "Jumlah balita yang dipantau status gizinya", "balita", 50, 150),
        _i("Tertanganinya stunting", "Jumlah balita stunting yang didampingi", "balita", 5, 20),
        _i("Meningkatnya sanitasi lingkungan", "Jumlah inspeksi kesehatan lingkungan", "lokasi", 8, 20),
        _i("Terlaksananya surveilans", "Persentase laporan surveilans mingguan tepat waktu", "%", 100, 100),
        _i("Terlaksananya penyuluhan", "Jumlah kegiatan penyuluhan kesehatan", "kegiatan", 2, 6),
    ),
    "adminduk": (
        _i(
            "Terlaksananya pelayanan administrasi kependudukan",
            "Jumlah dokumen kependudukan yang diterbitkan",
            "dokumen",
            300,
            800,
        ),
        _i("Cepatnya pelayanan adminduk", "Waktu penyelesaian dokumen (hari)", "hari", 3, 3, LOWER),
        _i("Terlaksananya perekaman KTP-el", "Jumlah perekaman KTP-el", "orang", 150, 400),
        _i("Terlaksananya pelayanan jemput bola", "Jumlah kegiatan pelayanan jemput bola", "kegiatan", 2, 4),
        _i("Terpenuhinya kepemilikan akta", "Jumlah akta kelahiran yang diterbitkan", "akta", 60, 150),
    ),
    "database_adminduk": (
        _i("Terkelolanya database kependudukan", "Jumlah data ganda yang diselesaikan", "data", 20, 80),
        _i("Terlayaninya pemanfaatan data", "Jumlah lembaga pengguna hak akses yang dilayani", "lembaga", 2, 5),
        _i("Tersedianya sistem informasi", "Persentase waktu layanan SIAK aktif", "%", 98, 99),
    ),
    "perizinan": (
        _i("Terlaksananya pelayanan perizinan", "Jumlah izin yang diterbitkan", "izin", 30, 120),
        _i("Cepatnya pelayanan perizinan", "Waktu penyelesaian izin (hari)", "hari", 3, 5, LOWER),
        _i("Terverifikasinya berkas permohonan", "Jumlah berkas permohonan yang diverifikasi", "berkas", 40, 150),
        _i("Terlaksananya layanan informasi", "Jumlah pemohon yang dilayani di front office", "orang", 150, 400),
    ),
    "investasi": (
        _i("Meningkatnya realisasi investasi", "Jumlah LKPM yang diverifikasi", "laporan", 10, 40),
        _i("Terlaksananya promosi investasi", "Jumlah kegiatan promosi investasi", "kegiatan", 1, 2),
        _i("Terpetakannya potensi investasi", "Jumlah profil proyek investasi yang disusun", "dokumen", 1, 2),
    ),
    "jalan": (
        _i("Meningkatnya kondisi jalan", "Panjang jalan yang dipelihara", "meter", 200, 800),
        _i("Terlaksananya pengawasan pekerjaan", "Jumlah paket pekerjaan yang diawasi", "paket", 2, 6),
        _i("Tertanganinya aduan jalan rusak", "Waktu penanganan aduan jalan rusak (hari)", "hari", 5, 7, LOWER),
        _i("Terpeliharanya saluran drainase", "Panjang drainase yang dibersihkan", "meter", 300, 1000),
    ),
    "tata_ruang": (
        _i("Terlaksananya pelayanan PBG", "Jumlah dokumen teknis PBG yang diperiksa", "dokumen", 5, 20),
        _i("Tertibnya pemanfaatan ruang", "Jumlah lokasi yang diawasi pemanfaatan ruangnya", "lokasi", 4, 10),
        _i("Cepatnya pemeriksaan teknis", "Waktu pemeriksaan dokumen teknis (hari)", "hari", 5, 7, LOWER),
    ),
    "pkb": (
        _i("Terlaksananya uji berkala kendaraan", "Jumlah kendaraan yang diuji", "kendaraan", 150, 400),
        _i("Cepatnya pelayanan uji", "Waktu pelayanan uji per kendaraan (menit)", "menit", 45, 60, LOWER),
        _i("Tertibnya administrasi uji", "Jumlah kartu uji yang diterbitkan", "kartu", 150, 400),
    ),
    "lalin": (
        _i("Terkendalinya lalu lintas", "Jumlah titik pengaturan lalu lintas", "titik", 20, 40),
        _i("Terpeliharanya perlengkapan jalan", "Jumlah rambu yang dipelihara", "unit", 10, 30),
        _i("Tertibnya perparkiran", "Jumlah pengawasan parkir", "kegiatan", 8, 20),
    ),
    "sosial": (
        _i("Tertanganinya PPKS", "Jumlah PPKS yang ditangani", "orang", 10, 40),
        _i("Termutakhirkannya DTKS", "Jumlah data DTKS yang diverifikasi", "KK", 50, 200),
        _i("Tersalurkannya bantuan sosial", "Persentase bantuan sosial tersalur tepat sasaran", "%", 100, 100),
        _i("Terlaksananya pendampingan", "Jumlah kunjungan rumah", "kunjungan", 10, 30),
    ),
    "lingkungan": (
        _i("Meningkatnya kualitas lingkungan", "Jumlah usaha yang diawasi dokumen lingkungannya", "usaha", 3, 10),
        _i("Terkelolanya sampah", "Volume sampah yang terangkut ke TPA", "ton", 900, 1200),
        _i("Tertanganinya aduan lingkungan", "Waktu penanganan aduan lingkungan (hari)", "hari", 3, 5, LOWER),
        _i("Terpantaunya kualitas air", "Jumlah sampel air sungai yang diuji", "sampel", 4, 12),
    ),
    "humas": (
        _i("Tersebarnya informasi publik", "Jumlah berita dan rilis yang dipublikasikan", "berita", 15, 40),
        _i(
            "Terlayaninya permohonan informasi",
            "Waktu penyelesaian permohonan informasi publik (hari)",
            "hari",
            5,
            10,
            LOWER,
        ),
        _i("Tersedianya data sektoral", "Jumlah dataset yang dipublikasikan di portal Satu Data", "dataset", 5, 20),
        _i("Terjaminnya keamanan informasi", "Jumlah sertifikat elektronik yang diterbitkan", "sertifikat", 5, 20),
    ),
    "perdagangan": (
        _i("Terpantaunya harga bahan pokok", "Jumlah laporan pemantauan harga bahan pokok", "laporan", 4, 8),
        _i("Tertibnya ukuran dan takaran", "Jumlah alat UTTP yang ditera ulang", "alat", 50, 200),
        _i("Terbinanya koperasi dan UMKM", "Jumlah koperasi dan UMKM yang dibina", "unit", 5, 15),
        _i("Terkelolanya pasar", "Persentase realisasi retribusi pasar", "%", 100, 100),
    ),
    "pertanian": (
        _i("Meningkatnya produksi pertanian", "Jumlah kelompok tani yang dibina", "kelompok", 4, 10),
        _i("Terlaksananya penyuluhan", "Jumlah kunjungan penyuluhan ke lahan", "kunjungan", 8, 20),
        _i("Terjaminnya kesehatan hewan", "Jumlah hewan yang divaksin", "ekor", 30, 120),
        _i("Terjaminnya ketahanan pangan", "Jumlah laporan ketersediaan pangan", "laporan", 1, 2),
    ),
    "trantib": (
        _i("Tertibnya pelaksanaan perda", "Jumlah kegiatan patroli ketertiban", "kegiatan", 10, 25),
        _i("Tertanganinya pelanggaran perda", "Jumlah pelanggaran perda yang ditindak", "kasus", 5, 20),
        _i("Cepatnya respons pengaduan", "Waktu tanggap pengaduan ketertiban (jam)", "jam", 2, 4, LOWER),
    ),
    "damkar": (
        _i("Tertanganinya kebakaran", "Waktu tanggap kejadian kebakaran (menit)", "menit", 15, 15, LOWER),
        _i("Siapnya sarana pemadam", "Jumlah pemeriksaan armada dan peralatan", "kali", 4, 8),
        _i("Terlaksananya penyelamatan", "Jumlah kejadian non-kebakaran yang ditangani", "kejadian", 2, 8),
    ),
    "bencana": (
        _i("Meningkatnya kesiapsiagaan bencana", "Jumlah kegiatan sosialisasi kesiapsiagaan", "kegiatan", 2, 4),
        _i("Tertanganinya kejadian bencana", "Waktu tanggap kejadian bencana (jam)", "jam", 2, 3, LOWER),
        _i("Terpantaunya daerah rawan", "Jumlah laporan harian pusdalops", "laporan", 20, 30),
    ),
    "kelurahan": (
        _i(
            "Terlaksananya pelayanan administrasi kelurahan",
            "Jumlah surat keterangan yang diterbitkan",
            "surat",
            40,
            120,
        ),
        _i("Cepatnya pelayanan", "Waktu penyelesaian surat keterangan (jam)", "jam", 2, 2, LOWER),
        _i("Termutakhirkannya data penduduk", "Jumlah data penduduk yang dimutakhirkan", "data", 20, 80),
        _i("Terlaksananya pembinaan RT/RW", "Jumlah kegiatan koordinasi dengan RT/RW", "kegiatan", 2, 4),
        _i("Terlaksananya gotong royong", "Jumlah kegiatan gotong royong", "kegiatan", 1, 4),
    ),
    "kb": (
        _i("Meningkatnya peserta KB aktif", "Jumlah akseptor KB baru", "orang", 20, 60),
        _i("Tertanganinya kasus kekerasan", "Jumlah kasus kekerasan perempuan dan anak yang didampingi", "kasus", 1, 5),
        _i("Terbinanya kelompok kegiatan", "Jumlah kelompok BKB/BKR yang dibina", "kelompok", 2, 6),
    ),
    "pariwisata": (
        _i("Meningkatnya kunjungan wisata", "Jumlah event pariwisata yang difasilitasi", "event", 1, 2),
        _i(
            "Terbinanya pemuda dan olahraga",
            "Jumlah organisasi kepemudaan dan olahraga yang dibina",
            "organisasi",
            2,
            6,
        ),
        _i("Terpromosikannya destinasi", "Jumlah konten promosi wisata", "konten", 4, 12),
    ),
    "perpustakaan": (
        _i("Meningkatnya minat baca", "Jumlah pengunjung perpustakaan", "orang", 400, 1200),
        _i("Terkelolanya koleksi", "Jumlah buku yang diolah", "eksemplar", 50, 200),
        _i("Terlaksananya perpustakaan keliling", "Jumlah kunjungan perpustakaan keliling", "kunjungan", 4, 8),
    ),
    "perumahan": (
        _i("Tertanganinya rumah tidak layak huni", "Jumlah rumah tidak layak huni yang diverifikasi", "unit", 5, 20),
        _i("Meningkatnya kualitas permukiman", "Jumlah kawasan kumuh yang ditinjau", "kawasan", 1, 3),
    ),
    "upt_layanan": (
        _i("Terlaksananya pelayanan UPT", "Jumlah pengguna layanan yang dilayani", "orang", 200, 600),
        _i("Cepatnya pelayanan", "Waktu tunggu pelayanan (menit)", "menit", 15, 30, LOWER),
        _i("Meningkatnya pendapatan daerah", "Persentase realisasi target retribusi", "%", 100, 100),
    ),
}

# Filler when a family has fewer indicators than an employee needs.
GENERIC_INDICATORS = (
    _i("Tersusunnya laporan kinerja", "Jumlah laporan kinerja bulanan", "laporan", 1, 1),
    _i("Terlaksananya koordinasi", "Jumlah rapat koordinasi yang diikuti", "kegiatan", 2, 4),
    _i("Meningkatnya kompetensi", "Jumlah jam pelajaran pengembangan kompetensi", "JP", 2, 4),
    _i("Tertibnya tata naskah dinas", "Jumlah naskah dinas yang disusun", "naskah", 4, 10),
)

# Measures counted in whole units (others may carry decimals: hours, days, tonnes, percent).
DECIMAL_MEASURES = ("%", "hari", "jam", "ton")

# ---- Supervisor feedback and report notes ------------------------------------------------------

FEEDBACK_HIGH = (
    "Pertahankan kinerja yang sangat baik, terutama ketepatan waktu laporan.",
    "Inisiatif perbaikan layanan bulan ini patut dicontoh rekan kerja.",
    "Capaian melampaui target; silakan bagikan cara kerjanya di rapat staf.",
    "Sangat membantu tim saat beban kerja tinggi. Terima kasih.",
)
FEEDBACK_MID = (
    "Kinerja sudah sesuai harapan; lengkapi bukti dukung setiap indikator.",
    "Koordinasi dengan bidang lain perlu ditingkatkan.",
    "Sudah baik. Laporan agar dikirim sebelum tanggal 5.",
    "Tingkatkan keramahan kepada pengguna layanan.",
    "Pelajari aplikasi baru agar pelayanan lebih cepat.",
)
FEEDBACK_LOW = (
    "Capaian target bulan ini di bawah harapan, mohon segera dikoordinasikan.",
    "Perbaiki kedisiplinan jam masuk kantor.",
    "Lengkapi laporan sebelum tanggal 5 setiap bulan.",
    "Beberapa pekerjaan terlambat diselesaikan; mari susun rencana kerja mingguan.",
)
REPORT_NOTES = (
    "Data dari aplikasi SIAK",
    "Menunggu verifikasi atasan",
    "Sebagian dikerjakan lembur",
    "Target disesuaikan dengan jumlah hari kerja",
    "Terkendala jaringan internet",
    "Bukti dukung menyusul",
    "Kegiatan bersama tim",
)
LATE_NOTE = "Terkendala cuti sakit"

# Indonesian months as people type them.
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")

# Days off on weekdays per calendar month (national holidays and cuti bersama, a typical year):
# Hari Kerja = Monday–Friday of the month minus these, kept within 19..23.
HOLIDAYS = (1, 1, 3, 2, 4, 1, 1, 1, 1, 0, 0, 2)
