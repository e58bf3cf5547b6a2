"""The mails' words, in Indonesian. A mail carries no score, rating, predikat or feedback (a mailbox
is forwarded, shared and read on the bus): it says a result is there and where to read it."""

from __future__ import annotations

from config.contract import period_label

KIND_RESULT = "hasil"  # a month's result is ready
KIND_REMINDER = "pengingat"  # the month's Laporan Kinerja is not in yet
KIND_DIGEST = "ringkasan"  # the weekly completeness digest to an agency's admins

KIND_LABELS = {KIND_RESULT: "hasil tersedia", KIND_REMINDER: "pengingat laporan", KIND_DIGEST: "ringkasan mingguan"}

FOOTER = (
    "Email ini dikirim otomatis oleh sistem Kinerja {city}; mohon tidak membalas email ini. "
    "Email ini tidak memuat nilai: nilai dan umpan balik hanya dapat dilihat setelah masuk ke situs."
)


def result_ready(name: str, period: str, page: str, city: str) -> tuple[str, str]:
    month = period_label(period)
    subject = f"Hasil penilaian kinerja {month} sudah tersedia"
    body = (
        f"Yth. {name},\n\n"
        f"Hasil penilaian kinerja Anda untuk bulan {month} sudah dihitung dan dapat dibaca di:\n\n"
        f"    {page}\n\n"
        "Masuk dengan NIP dan kata sandi Anda. Di halaman itu ada nilai, penjelasan perhitungannya, "
        "catatan penilaian, dan umpan balik atasan Anda; hanya Anda, atasan Anda, admin OPD Anda, dan "
        "BKPSDM yang dapat melihatnya.\n\n"
        f"{FOOTER.format(city=city)}\n"
    )
    return subject, body


def reminder(name: str, period: str, deadline: str, page: str, city: str) -> tuple[str, str]:
    month = period_label(period)
    subject = f"Pengingat: laporan kinerja {month} belum masuk"
    body = (
        f"Yth. {name},\n\n"
        f"Sampai hari ini laporan kinerja Anda untuk bulan {month} belum ada di tab Laporan Kinerja "
        f"spreadsheet OPD Anda. Mohon isi sebelum {deadline}: satu baris per indikator, "
        "dengan Periode, NIP, Indikator, Target dan Realisasi.\n\n"
        "Bila sudah mengisi, periksa tab Validasi di spreadsheet yang sama: baris yang ditolak tertulis "
        "di sana beserta cara memperbaikinya.\n\n"
        f"Hasil penilaian Anda nanti dapat dibaca di {page}.\n\n"
        f"{FOOTER.format(city=city)}\n"
    )
    return subject, body


DIGEST_HEADERS = ("Unit Kerja", "Pegawai Aktif", "Lapor Kinerja", "Dinilai Atasan", "Ada Presensi", "Data Lengkap")


def digest(agency_name: str, period: str, rows: list[tuple], site: str, city: str) -> tuple[str, str]:
    """`rows`: (unit, active, reported, rated, attended, complete) per unit, counts only: the names
    of who is missing stay in the agency's Ringkasan tab and the site, behind their access rules."""
    month = period_label(period)
    subject = f"Ringkasan kelengkapan data kinerja {agency_name}, {month}"
    widths = [max(len(str(r[i])) for r in (DIGEST_HEADERS, *rows)) for i in range(len(DIGEST_HEADERS))]
    lines = [
        "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths)))
        for row in (DIGEST_HEADERS, *rows)
    ]
    total = [sum(r[i] for r in rows) for i in range(1, len(DIGEST_HEADERS))]
    body = (
        f"Yth. Admin OPD {agency_name},\n\n"
        f"Kelengkapan data kinerja bulan {month} per unit kerja (jumlah pegawai):\n\n"
        + "\n".join("    " + line for line in lines)
        + "\n\n"
        f"Seluruh OPD: {total[0]} pegawai aktif, {total[1]} sudah lapor kinerja, {total[2]} sudah dinilai "
        f"atasan, {total[3]} ada presensi, {total[4]} datanya lengkap.\n\n"
        "Nama pegawai yang datanya belum lengkap ada di tab Ringkasan spreadsheet OPD (kolom Belum Lapor "
        f"Kinerja, Belum Dinilai Atasan, Belum Ada Presensi) dan di situs: {site}\n\n"
        f"{FOOTER.format(city=city)}\n"
    )
    return subject, body
