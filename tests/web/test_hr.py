"""web/hr.py and web/hr_data.py: the HR pages' contents, filters, paging and the report download."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from scoring.params import BAIK, SESUAI
from sync.store import ResultsStore
from tests import fixture_store as fx
from tests.hr_helpers import csrf_token, hr_app, hr_template, login, store, text_of  # noqa: F401
from web import hr, hr_data


@pytest.fixture
def app(store):
    return hr_app(store)


@pytest.fixture
def client(app):
    client = app.test_client()
    login(client)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return text_of(response.get_data(as_text=True))


# ---- Ringkasan OPD ------------------------------------------------------------------------------


def test_agency_overview_of_the_latest_month(client):
    text = page(client, "/hr/")
    assert "Hasil per OPD, Oktober 2026" in text
    # headcount, with a final score, complete share, averages, 5 predikat counts, attention, sync
    assert "Dinas Kesehatan DINKES 6 6 100% 107,90 107,90 107,90 1 5 0 0 0 0 berhasil" in text
    assert (
        "DPMPTSP 5 5 100% 97,00 97,00 97,00 0 5 0 0 0 1 pegawai gagal "
        "Spreadsheet dpmptsp tidak dapat dibaca: izin ditolak."
    ) in text
    assert "Kecamatan Lubuk Sikarah KECLS 2 2 100% 94,44" in text  # HR sees what the public may not
    assert f"Dinas Kesehatan : {fx.DISTRIBUTION_WARNING}" in text
    assert "Data terakhir disinkronkan: 28 November 2026 14.03 WIB" in text
    assert "Worker: menunggu" in text


def test_agency_overview_of_a_quarter_reads_agency_periodic(client):
    text = page(client, "/hr/?periode=2026-Q3")
    assert "Hasil per OPD, Triwulan III 2026" in text
    assert "Dinas Kesehatan DINKES 6 6 2 104,58" in text  # months column instead of completeness
    assert "Perlu perhatian" not in text


def test_unknown_period_is_404(client):
    response = client.get("/hr/?periode=2019-01")
    assert response.status_code == 404
    assert "Periode yang diminta tidak ada" in response.get_data(as_text=True)


def test_empty_store_says_no_data_yet(tmp_path):
    client = hr_app(ResultsStore(tmp_path / "kosong.sqlite")).test_client()
    login(client)
    for url in ("/hr/", "/hr/pegawai", "/hr/laporan"):
        assert "Belum ada hasil di basis data" in page(client, url)
    assert "Belum pernah ada sinkronisasi" in page(client, "/hr/sinkronisasi")
    assert "Tidak ada baris yang cocok" in page(client, "/hr/validasi")


# ---- Pegawai: filters and paging ----------------------------------------------------------------


def names(text: str) -> list[str]:
    """Some of the fixture's names, in the order the page lists them."""
    known = (
        "Siti Rahmawati",
        "Ahmad Fauzi",
        "Joko Susilo",
        "Lestari Wulandari",
        fx.EXAMPLE_A_NAME,
        "Indah Permatasari",
    )
    return sorted((n for n in known if n in text), key=text.index)


def test_employee_list_defaults_to_the_latest_month_of_every_agency(client):
    text = page(client, "/hr/pegawai")
    assert "Hasil pegawai, Oktober 2026" in text
    assert "Menampilkan 1–14 dari 14." in text  # 6 + 5 + 2 + example A
    # agency order, then Unit Kerja, then name
    assert names(text) == [
        fx.EXAMPLE_A_NAME,
        "Siti Rahmawati",
        "Indah Permatasari",
        "Ahmad Fauzi",
        "Joko Susilo",
        "Lestari Wulandari",
    ]


def test_filter_by_agency_predikat_and_search(client):
    text = page(client, "/hr/pegawai?opd=KECLS&periode=2026-10")
    assert "Menampilkan 1–2 dari 2." in text and set(names(text)) == {"Joko Susilo", "Lestari Wulandari"}
    text = page(client, "/hr/pegawai?opd=DINKES&predikat=Sangat+Baik")
    assert "Menampilkan 1–1 dari 1." in text and "Siti Rahmawati" in text  # NA 110
    text = page(client, "/hr/pegawai?cari=fauzi")
    assert names(text) == ["Ahmad Fauzi"]
    text = page(client, f"/hr/pegawai?cari={fx.nip(2, 1)[-6:]}")
    assert names(text) == ["Lestari Wulandari"]
    assert "Tidak ada baris yang cocok" in page(client, "/hr/pegawai?cari=100%25")  # % is literal


def test_filter_without_predikat_shows_who_is_missing_something(client):
    text = page(client, "/hr/pegawai?periode=2026-09&predikat=belum")
    assert "Menampilkan 1–1 dari 1." in text and "Indah Permatasari" in text
    assert "Penilaian Atasan" in text  # what is missing


def test_filter_perlu_perhatian(client):
    text = page(client, "/hr/pegawai?perhatian=1")
    assert names(text) == ["Ahmad Fauzi"] and fx.ATTENTION_REASON in text


def test_quarter_and_year_come_from_results_periodic(client):
    text = page(client, "/hr/pegawai?periode=2026&opd=KECLS")
    assert "Hasil pegawai, Tahun 2026, KECLS" in text
    assert "Joko Susilo 198503102010011021 KECLS – 3 88,88 88,88 88,88 Butuh Perbaikan" in text
    text = page(client, "/hr/pegawai?periode=2026-Q3&opd=DPMPTSP&perhatian=1")
    assert "(hanya untuk periode bulanan)" in text and "Menampilkan 1–5 dari 5." in text


def test_unknown_agency_is_404_and_a_bad_predikat_is_ignored(client):
    assert client.get("/hr/pegawai?opd=TIDAKADA").status_code == 404
    assert "Menampilkan 1–14 dari 14." in page(client, "/hr/pegawai?predikat=Luar+Biasa")


@pytest.fixture
def crowded(store):
    """120 more KECLS employees in October 2026, for paging."""
    rows = pd.DataFrame(
        {
            "agency": "KECLS",
            "period": "2026-10",
            "nip": [f"19900101201501{n:04d}" for n in range(120)],
            "name": [f"Pegawai {n:03d}" for n in range(120)],
            "position": "Staf",
            "unit": "Seksi Umum",
            "nhk": 100.0,
            "npk": 100.0,
            "na": 100.0,
            "predikat": BAIK,
            "rating_hk": SESUAI,
            "rating_pk": SESUAI,
        }
    )
    fx._append(store, {"results": rows})
    return store


def test_paging_50_per_page_keeps_the_filters(crowded):
    client = hr_app(crowded).test_client()
    login(client)
    html = client.get("/hr/pegawai?opd=KECLS").get_data(as_text=True)
    text = text_of(html)
    assert "Menampilkan 1–50 dari 122 (halaman 1 dari 3)." in text
    assert 'href="/hr/pegawai?halaman=2&amp;periode=2026-10&amp;opd=KECLS" rel="next"' in html
    assert "Sebelumnya" not in text
    text = page(client, "/hr/pegawai?opd=KECLS&halaman=2")
    assert "Menampilkan 51–100 dari 122 (halaman 2 dari 3)." in text and "Sebelumnya" in text
    assert "Pegawai 048" in text and "Pegawai 047" not in text  # unit 'Seksi Umum' after '' (the two staff)
    text = page(client, "/hr/pegawai?opd=KECLS&halaman=3")
    assert "Menampilkan 101–122 dari 122 (halaman 3 dari 3)." in text and "Berikutnya" not in text
    assert "Menampilkan 101–122 dari 122" in page(client, "/hr/pegawai?opd=KECLS&halaman=99")
    assert "Menampilkan 1–50" in page(client, "/hr/pegawai?opd=KECLS&halaman=x")


# ---- one employee -------------------------------------------------------------------------------


def test_example_a_explained_step_by_step(client):
    text = page(client, f"/hr/pegawai/{fx.EXAMPLE_A_NIP}")
    assert "Penjelasan nilai Oktober 2026" in text
    for expected in (
        # the indicator rows: target, realisasi, arah, bobot, capaian, capped capaian
        "Pasien terlayani baris 2 Pelayanan pasien 120 132 orang Naik 2 100 × 132 ÷ 120 = 110,00 110,00",
        "Keluhan pasien baris 3 Pelayanan pasien 5 4 keluhan Turun 1 100 × (2 − 4 ÷ 5) = 120,00 120,00",
        "NHK sendiri = Σ(b × c′) ÷ Σb = (2 × 110,00 + 1 × 120,00 + 1 × 100,00) ÷ 4 = 440,00 ÷ 4 = 110,00.",
        "IKM Unit Kerja 80,50 dari 25 responden (minimal 20), maka dipakai.",
        "Capaian IKM = min(120; 100 × 80,50 ÷ 76,61) = 105,08.",
        "NHK = 0,80 × 110,00 + 0,20 × 105,08 = 109,02.",
        "NHK 109,02 ≥ 90 dan di bawah 110 → Sesuai Ekspektasi",
        "= 107,14.",
        "I = persen ekspektasi nilai Inisiatif 5 = 120,00.",
        "D (Disiplin) = maks(0; 100 − 10 × 0 − 2 × (3 + 1)) = 92,00",
        "NPK = 0,60 × 107,14 + 0,25 × 92,00 + 0,15 × 120,00 = 105,29.",
        "Tanpa Keterangan 0 hari, kurang dari 5 hari: gerbang disiplin tidak berlaku.",
        "NPK 105,29 ≥ 90 dan di bawah 110 → Sesuai Ekspektasi",
        "Baris Rating Hasil Kerja “Sesuai Ekspektasi” × kolom Rating Perilaku “Sesuai Ekspektasi” → Baik",
        "Sesuai Ekspektasi Baik Baik (menentukan) Kurang/Misconduct",
        "NA = 0,70 × 109,02 + 0,30 × 105,29 = 107,90.",
        fx.EXAMPLE_A_CATATAN,
        fx.EXAMPLE_A_FEEDBACK,
        "Waktu pelayanan: 2 (Unit Kerja)",
        "Waktu pelayanan: 3 (seluruh OPD)",
    ):
        assert expected in text, expected
    # the history row of October
    # One agency scored every month: the OPD is in the facts above the table, not in every row.
    assert "Oktober 2026 109,02 Sesuai Ekspektasi 105,29 Sesuai Ekspektasi Baik 107,90 +0,40" in text


def test_the_matrix_cell_that_decided_is_marked(client):
    html = client.get(f"/hr/pegawai/{fx.EXAMPLE_A_NIP}").get_data(as_text=True)
    assert html.count('class="decided"') == 1
    assert '<td class="decided"><strong>Baik</strong>' in html


def test_employee_history_with_months_quarter_and_year(client):
    person = fx.nip(0, 0)  # Siti Rahmawati, DINKES
    text = page(client, f"/hr/pegawai/{person}?periode=2026-09")
    assert "Penjelasan nilai September 2026" in text
    for period in ("Oktober 2026", "September 2026", "Agustus 2026", "Triwulan III 2026", "Tahun 2026"):
        assert period in text
    assert "Triwulan III 2026 Dinas Kesehatan 2 104,00" in text  # OPD, months, mean of 100 and 108
    assert "Tidak ada baris indikator untuk bulan ini" in text
    text = page(client, f"/hr/pegawai/{person}")
    assert "Balita diimunisasi" in text and "(di bawah 90%)" in text  # capaian 80


def test_employee_not_found_and_bad_input(client):
    assert client.get("/hr/pegawai/199901012020011999").status_code == 404
    assert client.get("/hr/pegawai/123").status_code == 404
    assert client.get(f"/hr/pegawai/{fx.EXAMPLE_A_NIP}?periode=2026-08").status_code == 404


def test_scoring_params_in_force_are_used(store):
    import dataclasses

    from scoring.params import ScoringParams

    stricter = dataclasses.replace(
        ScoringParams(), threshold_meets=95.0, weight_final_hasil=0.6, weight_final_perilaku=0.4
    )
    client = hr_app(store, SCORING=stricter).test_client()
    login(client)
    text = page(client, f"/hr/pegawai/{fx.EXAMPLE_A_NIP}")
    assert "NHK 109,02 ≥ 95 dan di bawah 110" in text
    assert "NA = 0,60 × 109,02" in text


# ---- Validasi and Sinkronisasi ---------------------------------------------------------------------


def test_validation_counts_and_filters(client):
    text = page(client, "/hr/validasi")
    assert "Spreadsheet kota 0 1 Dinas Kesehatan 1 0" in text
    assert "DPMPTSP Pegawai 4 NIP 1.98502112010011E+17" in text and "Menampilkan 1–3 dari 3." in text
    text = page(client, "/hr/validasi?lingkup=kota")
    assert "Menampilkan 1–1 dari 1." in text and "Tanggapan Formulir 1 12 U3 =1+1" in text
    text = page(client, "/hr/validasi?tingkat=Galat")
    assert "Menampilkan 1–2 dari 2." in text
    assert client.get("/hr/validasi?lingkup=TIDAKADA").status_code == 404


def test_sync_status_shows_runs_sheets_and_heartbeat(client):
    text = page(client, "/hr/sinkronisasi")
    assert "Keadaan worker menunggu" in text
    assert "Tanda hidup terakhir 28 November 2026 14.05 WIB" in text
    assert "Sinkronisasi berikutnya 28 November 2026 14.20 WIB" in text
    assert "2 28 November 2026 14.02 WIB 28 November 2026 14.03 WIB sebagian gagal" in text
    assert "dpmptsp DPMPTSP gagal 40 38 2 0 Tidak 0,3 Spreadsheet dpmptsp tidak dapat dibaca" in text
    text = page(client, "/hr/sinkronisasi?run=1")
    assert "Sinkronisasi ini belum mencatat spreadsheet" in text


def test_run_line_survives_bad_json():
    assert hr_data.run_line('{"line": "ok"}') == "ok"
    assert hr_data.run_line("bukan json") == "" and hr_data.run_line(None) == ""


def test_old_store_without_new_columns_degrades(tmp_path):
    """A store from before issue 3: no catatan/attention columns, no periodic tables."""
    import sqlite3

    path = tmp_path / "lama.sqlite"
    fx.fill_store(ResultsStore(path))
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE results DROP COLUMN attention")
        conn.execute("ALTER TABLE results DROP COLUMN catatan")
        conn.execute("DROP TABLE results_periodic")
        conn.execute("DROP TABLE agency_periodic")
    client = hr_app(ResultsStore(path)).test_client()
    login(client)
    assert "Dinas Kesehatan DINKES 6 6" in page(client, "/hr/")
    assert "Menampilkan 1–13 dari 13." in page(client, "/hr/pegawai?perhatian=1")
    assert "Belum ada catatan untuk bulan ini" in page(client, f"/hr/pegawai/{fx.nip(0, 0)}")


# ---- Laporan --------------------------------------------------------------------------------------


def download(client, **form):
    return client.post("/hr/laporan", data={"csrf_token": csrf_token(client, "/hr/laporan"), **form})


def test_report_download_opens_with_openpyxl(client):
    response = download(client, periode="2026-10", opd="DINKES")
    assert response.status_code == 200
    assert response.mimetype == hr.XLSX
    assert response.headers["Content-Disposition"] == "attachment; filename=laporan-kinerja-2026-10-DINKES.xlsx"
    assert response.headers["Cache-Control"] == "no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    assert {"Ringkasan", "Pegawai", "Validasi", "Metodologi"} <= set(workbook.sheetnames)
    cells = [c for row in workbook["Pegawai"].iter_rows(values_only=True) for c in row]
    assert fx.EXAMPLE_A_NIP in cells and fx.EXAMPLE_A_NAME in cells  # NIP stays text
    assert fx.nip(1, 0) not in cells  # another agency's staff is not in DINKES's report


def test_report_of_all_agencies_for_a_quarter(client):
    response = download(client, periode="2026-Q3", opd="")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("filename=laporan-kinerja-2026-Q3-semua-opd.xlsx")
    openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)


def test_report_refuses_unknown_choices_in_indonesian(client):
    response = download(client, periode="2019-01", opd="")
    assert response.status_code == 400 and "Pilih periode yang ada di daftar." in response.get_data(as_text=True)
    response = download(client, periode="2026-10", opd="TIDAKADA")
    assert response.status_code == 400 and "Pilih OPD yang ada di daftar." in response.get_data(as_text=True)


def test_report_errors_are_shown_not_raised(client, monkeypatch):
    from web.report import ReportError

    def broken(*_args):
        raise ReportError("Laporan tidak dapat ditulis: uji.")

    monkeypatch.setattr(hr, "write_report_bytes", broken)
    response = download(client, periode="2026-10", opd="")
    assert response.status_code == 400 and "Laporan tidak dapat ditulis: uji." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "period, agency, expected",
    [
        ("2026-10", "DINKES", "laporan-kinerja-2026-10-DINKES.xlsx"),
        ("2026", None, "laporan-kinerja-2026-semua-opd.xlsx"),
        ("2026-10", 'A/B"C', "laporan-kinerja-2026-10-A_B_C.xlsx"),
    ],
)
def test_report_filename(period, agency, expected):
    assert hr.report_filename(period, agency) == expected


@pytest.mark.parametrize("run", ["99999999999999999999999", "9223372036854775808", "-1", "0", "abc", "12345", "1e3"])
def test_sync_status_of_a_run_that_does_not_exist_is_404(client, run):
    response = client.get(f"/hr/sinkronisasi?run={run}")
    assert response.status_code == 404, run
    assert "Sinkronisasi yang diminta tidak ada" in text_of(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "url",
    [
        "/hr/pegawai?halaman=99999999999999999999999",
        "/hr/validasi?halaman=99999999999999999999999",
        "/hr/pegawai?halaman=-99999999999999999999999",
    ],
)
def test_huge_page_numbers_are_not_a_server_error(client, url):
    assert client.get(url).status_code == 200, url


def test_sync_status_shows_an_interrupted_run_and_the_last_cycle(store, app):
    """issue 9: a run killed mid-way shows as interrupted, not 'belum selesai' forever."""
    store.ensure_schema()
    killed = store.start_run("2026-11-28T14:30:00+07:00", "test")
    assert store.interrupt_runs() == [killed]
    store.set_meta("last_cycle", "sebagian gagal")
    client = app.test_client()
    login(client)
    text = page(client, "/hr/sinkronisasi")
    assert "Hasil siklus terakhir worker sebagian gagal" in text
    assert f"{killed} 28 November 2026 14.30 WIB – terputus" in text  # not "belum selesai"
    text = page(client, f"/hr/sinkronisasi?run={killed}")
    assert "terputus sebelum mencatat spreadsheet" in text


def test_pager_counts_pages_with_a_thousands_dot(app):
    """A filter over a whole city's year can run to thousands of pages: '1.200 dari 1.500'."""
    with app.test_request_context("/hr/pegawai"):
        macros = app.jinja_env.get_template("hr/_macros.html").module
        html = str(
            macros.pager(
                {"page": 1200, "pages": 1500, "total": 75000, "first": 59951, "last": 60000}, "hr.employees", {}
            )
        )
    assert "Menampilkan 59.951–60.000 dari 75.000 (halaman 1.200 dari 1.500)." in text_of(html)


def test_sync_page_shows_times_stored_in_utc_in_wib(app, store):
    """The worker stores its server's zone (often UTC); every time on the page reads WIB."""
    store.set_meta("heartbeat", "2026-11-28T07:05:00+00:00")
    store.set_meta("next_sync", "2026-11-28T07:20:00+00:00")
    with store.connect() as conn:
        conn.execute(
            "UPDATE runs SET started = '2026-11-28T07:02:00+00:00', finished = '2026-11-28T07:03:00+00:00' WHERE id = 2"
        )
    client = app.test_client()
    login(client)
    text = page(client, "/hr/sinkronisasi")
    assert "Tanda hidup terakhir 28 November 2026 14.05 WIB" in text
    assert "Sinkronisasi berikutnya 28 November 2026 14.20 WIB" in text
    assert "28 November 2026 14.02 WIB 28 November 2026 14.03 WIB" in text  # run 2: started, finished
    assert "+00:00" not in text and "07.0" not in text
