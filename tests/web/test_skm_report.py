"""Laporan SKM (web/skm_report.py, web/skm_data.py): a real store, a real PDF read back by poppler.

The issue-12 tables (respondent_profile, service_population, sample_adequacy, rtl_plans,
rtl_proposals) are created here in the SQLite store as newer syncs write them; without them the
report says "Data belum tersedia" for those parts.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner

from main import cli
from sync.store import ResultsStore
from tests import fixture_store as fx
from tests.hr_helpers import csrf_token, hr_app, hr_template, login, store  # noqa: F401
from web.skm_data import gather
from web.skm_report import SkmReportError, write_skm_report

TODAY = date(2026, 12, 3)
PUSKESMAS = "unit:DINKES:puskesmastanahgaring"
SKM_TABLES = {
    "respondent_profile": pd.DataFrame(
        [
            *(
                {
                    "unit_id": "opd:DINKES",
                    "agency": "DINKES",
                    "period": "2026-10",
                    "characteristic": "Jenis Kelamin",
                    "category": c,
                    "count": n,
                }
                for c, n in (("Laki-laki", 12), ("Perempuan", 17))
            ),
            *(
                {
                    "unit_id": "opd:DINKES",
                    "agency": "DINKES",
                    "period": "2026-10",
                    "characteristic": "Usia",
                    "category": c,
                    "count": n,
                }
                for c, n in (("20–29 tahun", 9), ("30–39 tahun", 12), ("40 tahun ke atas", 8))
            ),
            # A unit's rows are part of its agency's pooled rows above: never added again.
            {
                "unit_id": PUSKESMAS,
                "agency": "DINKES",
                "period": "2026-10",
                "characteristic": "Jenis Kelamin",
                "category": "Laki-laki",
                "count": 8,
            },
            # September's profile does not leak into October.
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-09",
                "characteristic": "Jenis Kelamin",
                "category": "Laki-laki",
                "count": 99,
            },
        ]
    ),
    "service_population": pd.DataFrame(
        [
            {"unit_id": "opd:DINKES", "agency": "DINKES", "period": "2026-10", "population": 1000, "min_sample": 278},
        ]
    ),
    "sample_adequacy": pd.DataFrame(
        [
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-10",
                "respondents": 29,
                "min_sample": 278,
                "rule": "Krejcie-Morgan",
                "adequate": 0,
            },
            {
                "unit_id": PUSKESMAS,
                "agency": "DINKES",
                "period": "2026-10",
                "respondents": 20,
                "min_sample": 20,
                "rule": "min_responses",
                "adequate": 1,
            },
        ]
    ),
    "rtl_plans": pd.DataFrame(
        [
            {
                "unit_id": PUSKESMAS,
                "agency": "DINKES",
                "period": "2026-10",
                "element": "u3",
                "activity": "Menambah loket antrean pagi",
                "responsible": "Kepala Puskesmas",
                "target_date": "2026-11-30",
                "status": "Dalam proses",
                "note": "",
                "sheet_row": 2,
            },
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-10",
                "element": "U1",
                "activity": "Memasang papan persyaratan",
                "responsible": "Kepala Subbagian Umum",
                "target_date": "2027-01-31",
                "status": "Belum dimulai",
                "note": "",
                "sheet_row": 3,
            },
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-09",
                "element": "u9",
                "activity": "Memperbaiki ruang tunggu",
                "responsible": "Sekretaris",
                "target_date": "2026-10-15",
                "status": "Selesai",
                "note": "",
                "sheet_row": 4,
            },
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-09",
                "element": "u8",
                "activity": "Membuka kanal WhatsApp pengaduan",
                "responsible": "Sekretaris",
                "target_date": "2026-10-31",
                "status": "Dalam proses",
                "note": "",
                "sheet_row": 5,
            },
        ]
    ),
    "rtl_proposals": pd.DataFrame(
        [
            {"unit_id": "opd:DINKES", "agency": "DINKES", "period": "2026-10", "element": "u3", "nrr": 3.21, "rank": 1},
            {"unit_id": "opd:DINKES", "agency": "DINKES", "period": "2026-10", "element": "u9", "nrr": 3.30, "rank": 2},
        ]
    ),
}


def add_skm_tables(results: ResultsStore) -> ResultsStore:
    """The issue-12 tables, created and filled in the store's SQLite file."""
    with results.connect() as conn:
        for table, frame in SKM_TABLES.items():
            frame.to_sql(table, conn, index=False, if_exists="replace")
    return results


@pytest.fixture
def base_store(tmp_path) -> ResultsStore:
    return fx.fill_public_extras(fx.fill_store(ResultsStore(tmp_path / "kinerja.sqlite")))


@pytest.fixture
def full_store(base_store) -> ResultsStore:
    return add_skm_tables(base_store)


def pdf_text(path) -> str:
    """The PDF as poppler's pdftotext reads it, layout kept, runs of blanks as one space per line."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(" ".join(line.split()) for line in out.splitlines())


def line_with(text: str, start: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert found, f"no line starting {start!r}"
    return found[0]


def test_agency_report_has_every_section_in_order_with_the_stores_numbers(full_store, tmp_path):
    path = write_skm_report(full_store, tmp_path / "skm-dinkes", "2026-10", "DINKES", today=TODAY)
    assert path.name == "skm-dinkes.pdf" and path.read_bytes().startswith(b"%PDF-")
    text = pdf_text(path)
    headings = [
        "BAB I PENDAHULUAN",
        "BAB II METODOLOGI",
        "2.3 Sampel",
        "BAB III HASIL",
        "3.1 Profil Responden",
        "3.2 Nilai Rata-Rata per Unsur",
        "3.3 IKM dan Mutu per Unit Layanan",
        "BAB IV ANALISIS",
        "4.1 Unsur Terlemah",
        "4.2 Rencana Tindak Lanjut",
        "4.3 Tren terhadap Periode Sebelumnya",
        "4.4 Pelaksanaan RTL Periode Sebelumnya",
        "BAB V KESIMPULAN",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Dinas Kesehatan" in text and "Oktober 2026" in text
    # Hasil: profile one characteristic at a time (the unit's and September's rows not added).
    assert line_with(text, "Perempuan") == "Perempuan 17 58,6%"
    assert line_with(text, "Laki-laki") == "Laki-laki 12 41,4%"
    assert "30–39 tahun 12 41,4%" in text
    assert line_with(text, "Jumlah 29") == "Jumlah 29 100,0%"
    # NRR of the agency (fixture: IKM / 25 for every element) and its weighted share
    assert "U3 Waktu Penyelesaian 3,66 0,407" in text
    # IKM and mutu per unit
    assert line_with(text, "Dinas Kesehatan 29") == "Dinas Kesehatan 29 91,48 A (Sangat Baik)"
    assert line_with(text, "Puskesmas Tanah Garing 20") == "Puskesmas Tanah Garing 20 93,21 A (Sangat Baik)"
    # Metodologi: sampling per unit as the store decided it
    assert "Dinas Kesehatan 1.000 29 278 Krejcie-Morgan belum memadai" in text
    assert "Puskesmas Tanah Garing – 20 20 minimal responden memadai" in text
    # Analisis: weakest elements from Usulan RTL, this period's RTL (overdue flagged), the trend
    assert "Dinas Kesehatan 1 U3 Waktu Penyelesaian 3,21" in text
    assert "Dinas Kesehatan 2 U9 Sarana dan Prasarana 3,30" in text
    assert "Menambah loket antrean pagi" in text and "Memasang papan persyaratan" in text
    assert "31 Januari 2027 Belum dimulai" in text  # not yet due: not flagged
    # past Target Waktu and not done: this period's loket (30 November) and September's WhatsApp item
    assert text.count("(lewat target)") == 2
    assert "Dinas Kesehatan 85,10 91,48 +6,38" in text  # September -> October
    # Last period's RTL: counted by status, listed
    assert "Dari 2 kegiatan RTL September 2026: 1 selesai, 1 dalam proses." in text
    assert "Memperbaiki ruang tunggu" in text
    assert "Data belum tersedia" not in text
    assert "IKM Dinas Kesehatan Oktober 2026 adalah 91,48 dengan mutu pelayanan A (Sangat Baik)" in text


def test_city_report_marks_small_samples_as_the_excel_report_does(full_store, tmp_path):
    text = pdf_text(write_skm_report(full_store, tmp_path / "kota.pdf", "2026-10", today=TODAY))
    assert "Pemerintah Kota Solok" in text
    dpm = line_with(text, "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 12")
    assert dpm == "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 12 77,77* sampel kurang"
    assert line_with(text, "Kecamatan Lubuk Sikarah 5") == "Kecamatan Lubuk Sikarah 5 66,66* sampel kurang"
    assert "* sampel kurang: responden di bawah sampel minimal" in text
    # a trend with a small side is not a change to read
    assert "\n79,31 77,77* sampel kurang\n" in text  # the name wraps around the figures
    assert "Kecamatan Lubuk Sikarah – 66,66* –" in text  # no previous IKM: still marked small
    assert "Dari 3 OPD, 1 memiliki sampel cukup: 1 OPD bermutu A." in text
    assert "mencakup 3 OPD dan 1 unit layanan di lingkungan Pemerintah Kota Solok, dengan 46 responden" in text


def test_without_the_new_tables_each_part_says_data_not_yet_available(base_store, tmp_path):
    text = pdf_text(write_skm_report(base_store, tmp_path / "dinkes.pdf", "2026-10", "DINKES", today=TODAY))
    # The tables exist (every table of the schema is created) but hold nothing for the period.
    for part in (
        "Data belum tersedia: kecukupan sampel per unit untuk Oktober 2026; berlaku batas minimal 20",
        "Data belum tersedia: profil responden untuk Oktober 2026",
        "Data belum tersedia: rencana tindak lanjut untuk Oktober 2026",
    ):
        assert part in text
    # The IKM itself is there, and the weakest elements come from the stored NRR in order
    assert "Dinas Kesehatan 29 91,48 A (Sangat Baik)" in text
    assert "Dinas Kesehatan 1 U1 Persyaratan 3,66" in text


def test_year_report_reads_the_pooled_year(full_store, tmp_path):
    text = pdf_text(write_skm_report(full_store, tmp_path / "tahun.pdf", "2026", "DINKES", today=TODAY))
    assert "Tahun 2026" in text and "Januari sampai Desember 2026" in text
    assert line_with(text, "Dinas Kesehatan 76") == f"Dinas Kesehatan 76 {fx.DINKES_YEAR_IKM:.2f} B (Baik)".replace(
        ".", ","
    )
    # Profile and RTL keyed by month are summed / listed within the year
    assert line_with(text, "Laki-laki") == "Laki-laki 111 86,7%"  # 12 (October) + 99 (September)
    assert "Menambah loket antrean pagi" in text and "Memperbaiki ruang tunggu" in text
    assert "Data belum tersedia: IKM Tahun 2025" in text  # no previous year in the store


def test_period_without_ikm_says_so(full_store, tmp_path):
    text = pdf_text(write_skm_report(full_store, tmp_path / "maret.pdf", "2019-03", today=TODAY))
    assert "Data belum tersedia: basis data hasil belum berisi IKM untuk Maret 2019" in text
    assert "belum ada IKM untuk Maret 2019, sehingga belum ada kesimpulan" in text


def test_gather_reads_profile_and_plans_for_the_quarter(full_store):
    data = gather(full_store, "2026-Q4", "DINKES")
    assert data.units["ikm"].tolist() == [91.48, 93.21]
    assert data.profile.set_index("category")["count"].to_dict() == {
        "Perempuan": 17,
        "Laki-laki": 12,
        "30–39 tahun": 12,
        "20–29 tahun": 9,
        "40 tahun ke atas": 8,
    }
    assert data.previous == "2026-Q3" and len(data.previous_plans) == 2
    assert data.adequacy is None or data.adequacy.empty  # adequacy is per its own period key only


def test_out_must_be_a_pdf(full_store, tmp_path):
    with pytest.raises(SkmReportError, match="berakhiran .pdf"):
        write_skm_report(full_store, tmp_path / "laporan.xlsx", "2026-10")
    assert not (tmp_path / "laporan.xlsx").exists()


def test_unknown_agency_is_a_clear_error(full_store, tmp_path):
    with pytest.raises(SkmReportError, match="OPD 'XYZ' tidak ada di basis data hasil. Kode OPD yang ada: DINKES"):
        write_skm_report(full_store, tmp_path / "x.pdf", "2026-10", "XYZ")


# ---- the command and the HR download ---------------------------------------------------------------


def test_laporan_skm_command_writes_the_pdf(full_store, tmp_path):
    config = tmp_path / "kinerja.toml"
    (tmp_path / "data").mkdir()
    config.write_text(
        '[source]\nkind = "local"\nfolder = "data"\n[city]\nspreadsheet = "kota"\n'
        'name = "Pemerintah Kota Solok"\n[[agencies]]\ncode = "DINKES"\nname = "Dinas Kesehatan"\n'
        'spreadsheet = "dinkes"\n[store]\npath = "kinerja.sqlite"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        [
            "laporan-skm",
            "--config",
            str(config),
            "--periode",
            "Oktober 2026",
            "--opd",
            "DINKES",
            "--out",
            str(tmp_path / "laporan-skm"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Laporan SKM ditulis: {tmp_path / 'laporan-skm.pdf'}" in result.output
    assert "Dinas Kesehatan 29 91,48 A (Sangat Baik)" in pdf_text(tmp_path / "laporan-skm.pdf")
    bad = CliRunner().invoke(cli, ["laporan-skm", "--config", str(config), "--periode", "Okt", "--out", "x.pdf"])
    assert bad.exit_code == 2 and "--periode" in bad.output


def test_hr_download_is_behind_the_login(store, tmp_path):  # noqa: F811  (the HR fixture store)
    add_skm_tables(store)
    client = hr_app(store).test_client()
    assert client.post("/hr/laporan-skm", data={"periode": "2026-10"}).status_code in (302, 303, 400, 403)
    login(client)
    token = csrf_token(client, "/hr/laporan")
    assert "Unduh Laporan SKM (.pdf)" in client.get("/hr/laporan").get_data(as_text=True)
    response = client.post("/hr/laporan-skm", data={"csrf_token": token, "periode": "2026-10", "opd": "DINKES"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=laporan-skm-2026-10-DINKES.pdf"
    assert response.headers["Cache-Control"] == "no-store"
    (tmp_path / "unduhan.pdf").write_bytes(response.data)
    assert "Perempuan 17 58,6%" in pdf_text(tmp_path / "unduhan.pdf")
    wrong = client.post("/hr/laporan-skm", data={"csrf_token": token, "periode": "1999-01"})
    assert wrong.status_code == 400 and "Pilih periode yang ada di daftar." in wrong.get_data(as_text=True)


def test_report_pages_render(full_store, tmp_path):
    path = write_skm_report(full_store, tmp_path / "dinkes.pdf", "2026-10", "DINKES", today=TODAY)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "hal")], check=True)
    pages = sorted(tmp_path.glob("hal-*.png"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 3


def test_derived_weakest_elements_skip_small_samples_and_name_agencies_for_the_city(base_store, tmp_path):
    text = pdf_text(write_skm_report(base_store, tmp_path / "kota.pdf", "2026-10", today=TODAY))
    weakest = text[text.index("4.1 Unsur Terlemah") : text.index("4.2 Rencana Tindak Lanjut")]
    assert "Dinas Kesehatan 1 U1 Persyaratan 3,66" in weakest
    assert "Puskesmas" not in weakest  # the city report ranks agencies; the agency report its units
    assert "Kecamatan Lubuk Sikarah" not in weakest and "DPMPTSP" not in weakest  # 5 and 12 responses
