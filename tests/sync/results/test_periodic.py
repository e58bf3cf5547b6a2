"""sync/results/periodic.py: the Hasil Periodik tab — agency row first in each period, latest first."""

import math

import numpy as np
import pandas as pd

from sync.results.periodic import HASIL_PERIODIK_SPEC, TAB_HASIL_PERIODIK, hasil_periodik

NIP, OTHER = "198503152010121001", "199001012015032002"


def results_periodic():
    return pd.DataFrame(
        {
            "agency": "DPMPTSP",
            "period": ["2026", "2026-Q3", "2026-Q4", "2026-Q4"],
            "kind": ["tahun", "triwulan", "triwulan", "triwulan"],
            "nip": [NIP, NIP, NIP, OTHER],
            "name": ["Rina", "Rina", "Rina", "Budi"],
            "position": "Analis",
            "unit": ["Perizinan", "Perizinan", "Perizinan", "Pengaduan"],
            "months": [4, 1, 3, 2],
            "months_nhk": [4, 1, 3, 2],
            "months_npk": [3, 0, 3, 2],
            "nhk": [105.004999, 101.0, 106.0, 80.0],
            "rating_hk": ["Sesuai Ekspektasi", "Sesuai Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"],
            "npk": [95.0, np.nan, 95.0, 100.0],
            "rating_pk": ["Sesuai Ekspektasi", None, "Di Bawah Ekspektasi", "Sesuai Ekspektasi"],
            "gate": [False, False, True, False],
            "predikat": ["Baik", None, "Kurang/Misconduct", "Butuh Perbaikan"],
            "na": [102.0, np.nan, 102.7, 86.0],
            "gate_note": ["", "", "Rata-rata Tanpa Keterangan 5,33 hari", ""],
            "rules_id": "abc123",
        }
    )


def agency_periodic():
    return pd.DataFrame(
        {
            "agency": "DPMPTSP",
            "period": ["2026", "2026-Q3", "2026-Q4"],
            "kind": ["tahun", "triwulan", "triwulan"],
            "months": [4, 1, 3],
            "headcount": [1, 1, 2],
            "scored": [1, 0, 2],
            "avg_nhk": [105.0, 101.0, 93.0],
            "avg_npk": [95.0, np.nan, 97.5],
            "avg_na": [102.0, np.nan, 94.35],
            "n_sangat_baik": [0, 0, 0],
            "n_baik": [1, 0, 0],
            "n_butuh_perbaikan": [0, 0, 1],
            "n_kurang": [0, 0, 1],
            "n_sangat_kurang": [0, 0, 0],
            "rules_id": "abc123",
        }
    )


def rows(table):
    return [dict(zip(table.headers, row)) for row in table.rows]


def test_headers_name_and_formats():
    table = hasil_periodik(results_periodic(), agency_periodic())
    assert table.name == TAB_HASIL_PERIODIK == "Hasil Periodik"
    assert table.headers == tuple(h for h, _k, _d in HASIL_PERIODIK_SPEC)
    assert table.number_format == {"Nilai Hasil Kerja": "0.00", "Nilai Perilaku Kerja": "0.00", "Nilai Akhir": "0.00"}


def test_latest_period_first_and_the_agency_row_opens_each_period():
    out = rows(hasil_periodik(results_periodic(), agency_periodic()))
    assert [(r["Periode"], r["Tingkat"], r["Nama"]) for r in out] == [
        ("Triwulan IV 2026", "OPD", "Rata-rata OPD (2 pegawai, 2 berpredikat)"),
        ("Triwulan IV 2026", "Pegawai", "Budi"),  # Pengaduan before Perizinan
        ("Triwulan IV 2026", "Pegawai", "Rina"),
        ("Triwulan III 2026", "OPD", "Rata-rata OPD (1 pegawai, 0 berpredikat)"),
        ("Triwulan III 2026", "Pegawai", "Rina"),
        ("Tahun 2026", "OPD", "Rata-rata OPD (1 pegawai, 1 berpredikat)"),
        ("Tahun 2026", "Pegawai", "Rina"),
    ]
    assert [r["Jenis"] for r in out] == ["Triwulan"] * 5 + ["Tahunan"] * 2


def test_agency_row_shows_averages_and_the_predikat_counts():
    agency = rows(hasil_periodik(results_periodic(), agency_periodic()))[0]
    assert agency["NIP"] == "" and agency["Jumlah Bulan"] == 3 and agency["Nilai Akhir"] == 94.35
    assert agency["Bulan dengan Nilai Hasil Kerja"] is None and agency["Rating Hasil Kerja"] is None
    # The Predikat column holds predikats only (a filter on it must not meet a list of counts):
    # the agency's distribution is its Catatan.
    assert agency["Predikat"] is None
    assert agency["Catatan"] == (
        "Sebaran predikat: Sangat Baik 0, Baik 0, Butuh Perbaikan 1, Kurang/Misconduct 1, Sangat Kurang 0."
    )
    assert agency["Kode Aturan"] == "abc123"


def test_employee_cells_are_rounded_whole_and_never_nan():
    out = rows(hasil_periodik(results_periodic(), agency_periodic()))
    rina_q4, rina_year = out[2], out[6]
    assert rina_q4["NIP"] == NIP and isinstance(rina_q4["NIP"], str)
    assert rina_q4["Bulan dengan Nilai Perilaku"] == 3 and isinstance(rina_q4["Jumlah Bulan"], int)
    assert rina_q4["Predikat"] == "Kurang/Misconduct" and rina_q4["Catatan"].startswith("Rata-rata Tanpa")
    assert rina_year["Nilai Hasil Kerja"] == 105.0  # 105.004999 shown to 2 decimals
    assert out[4]["Nilai Perilaku Kerja"] is None and out[4]["Bulan dengan Nilai Perilaku"] == 0
    assert not any(isinstance(v, float) and math.isnan(v) for row in out for v in row.values())


def test_empty_inputs_give_an_empty_tab_with_headers():
    periodic, agency = results_periodic().iloc[:0], agency_periodic().iloc[:0]
    table = hasil_periodik(periodic, agency)
    assert table.rows == [] and "Predikat" in table.headers


def test_frames_read_back_from_the_store_work():
    # SQLite gives 0/1 for flags and None in an all-empty REAL column
    periodic = results_periodic().assign(gate=[0, 0, 1, 0])
    agency = agency_periodic().assign(avg_npk=pd.Series([None, None, None], dtype=object))
    out = rows(hasil_periodik(periodic, agency))
    assert out[0]["Nilai Perilaku Kerja"] is None and out[0]["Nilai Akhir"] == 94.35
