"""sync/results/tabs.py: owned tabs have Indonesian headers, display-rounded numbers and no NaN."""

import math

import numpy as np
import pandas as pd

from config.contract import TAB_HASIL, TAB_IKM_UNIT, VALIDASI_HEADERS
from sync.results import tabs as tables

NIP = "198503152010121001"


def results(**overrides):
    base = dict(
        period=["2026-09", "2026-10"],
        nip=[NIP, NIP],
        name=["Rina", "Rina"],
        position=["Analis", "Analis"],
        unit=["", ""],
        indicators=[3, 3],
        nhk_own=[110.0, 110.0],
        ikm=[80.5, np.nan],
        ikm_responses=[25, 0],
        c_ikm=[105.07767, np.nan],
        nhk=[109.015534, 110.0],
        rating_hk=["Sesuai Ekspektasi", "Di Atas Ekspektasi"],
        b=[107.142857, 110.0],
        d=[92.0, np.nan],
        i=[120.0, 110.0],
        npk=[105.285714, 110.0],
        rating_pk=["Sesuai Ekspektasi", "Di Atas Ekspektasi"],
        predikat=["Baik", "Sangat Baik"],
        na=[107.896588, 110.0],
        missing=["", "Presensi belum ada"],
        feedback=["Bagus", None],
        ikm_note=["", ""],
        gate_note=["", ""],
        rules_id=["abc", "abc"],
    )
    base.update(overrides)
    return pd.DataFrame(base)


def by_header(table, row):
    return dict(zip(table.headers, table.rows[row]))


def test_hasil_kinerja_rounds_half_up_for_display_and_puts_the_latest_month_first():
    table = tables.hasil_kinerja(results())
    assert table.name == TAB_HASIL
    latest, earlier = by_header(table, 0), by_header(table, 1)
    assert latest["Periode"] == "Oktober 2026" and earlier["Periode"] == "September 2026"
    assert earlier["Nilai Hasil Kerja"] == 109.02 and earlier["Nilai Perilaku Kerja"] == 105.29
    assert earlier["Nilai Akhir"] == 107.9 and earlier["Capaian IKM"] == 105.08
    assert not [h for h in table.headers if "_" in h or "(c" in h]  # no formula names in headers
    assert latest["Nilai Disiplin"] is None and latest["Umpan Balik Atasan"] is None  # never NaN
    assert latest["NIP"] == NIP and isinstance(latest["NIP"], str)
    assert table.number_format["Nilai Akhir"] == "0.00"
    assert not any(isinstance(v, float) and math.isnan(v) for row in table.rows for v in row)


def test_validasi_has_the_contract_headers():
    issues = pd.DataFrame(
        {
            "tab": ["Pegawai"],
            "row": [3],
            "column": ["NIP"],
            "value": ["1,98503E+17"],
            "problem": ["NIP terbaca sebagai angka"],
            "fix": ["Format kolom NIP sebagai Teks"],
            "severity": ["Galat"],
        }
    )
    table = tables.validasi(issues)
    assert table.headers == VALIDASI_HEADERS
    assert table.rows == [
        ["Pegawai", 3, "NIP", "1,98503E+17", "NIP terbaca sebagai angka", "Format kolom NIP sebagai Teks", "Galat"]
    ]


def test_ringkasan_hides_an_ikm_from_too_few_responses():
    summary = pd.DataFrame(
        {"agency": ["X", "X"], "period": ["2026-09", "2026-10"], "headcount": [7, 7], "avg_na": [101.0, 102.0]}
    )
    ikm = pd.DataFrame(
        {
            "period": ["2026-09", "2026-10"],
            "ikm": [80.0, 90.0],
            "mutu": ["B", "A"],
            "mutu_label": ["Baik", "Sangat Baik"],
            "respondents": [25, 3],
            "sufficient": [True, False],
        }
    )
    table = tables.ringkasan(summary, ikm, min_responses=20)
    october, september = by_header(table, 0), by_header(table, 1)
    assert october["IKM OPD"] is None
    assert october["Mutu Pelayanan"] == "Data belum cukup (3 dari minimal 20 responden)"
    assert september["IKM OPD"] == 80.0 and september["Mutu Pelayanan"] == "B (Baik)"


def test_ikm_unit_names_a_unit_that_has_complaints_but_no_responses():
    ikm = pd.DataFrame(
        {
            "unit_id": ["opd:DINKES"],
            "agency": ["DINKES"],
            "level": ["opd"],
            "unit_name": ["Dinas Kesehatan"],
            "period": ["2026-10"],
            "respondents": [30],
            "ikm": [85.0],
            "mutu": ["B"],
            "mutu_label": ["Baik"],
            "sufficient": [True],
        }
    )
    complaints = pd.DataFrame(
        {
            "unit_id": ["unit:DINKES:puskesmasktk"],
            "agency": ["DINKES"],
            "period": ["2026-01"],
            "received": [1],
            "resolved": [1],
            "resolved_in_limit": [1],
            "median_days": [5.0],
        }
    )
    names = {"opd:DINKES": ("DINKES", "Dinas Kesehatan"), "unit:DINKES:puskesmasktk": ("DINKES", "Puskesmas KTK")}
    empty = pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"])
    table = tables.ikm_unit(ikm, complaints, empty, names, min_responses=20)
    assert table.name == TAB_IKM_UNIT
    rows = [by_header(table, i) for i in range(len(table.rows))]
    puskesmas = next(r for r in rows if r["Unit Layanan"] == "Puskesmas KTK")
    assert puskesmas["Kode OPD"] == "DINKES" and puskesmas["Tingkat"] == "Unit Kerja"
    assert puskesmas["Mutu"] == "Belum ada responden" and puskesmas["Pengaduan Masuk"] == 1
    dinkes = next(r for r in rows if r["Unit Layanan"] == "Dinas Kesehatan")
    assert dinkes["Dipublikasikan"] == "Ya" and dinkes["IKM"] == 85.0


def test_flags_from_the_store_count_only_when_set():
    assert tables._flag(pd.Series([1, 0, None, True, 1.0, np.nan], dtype=object)).tolist() == [
        True,
        False,
        False,
        True,
        True,
        False,
    ]


def test_ringkasan_shows_completeness_and_who_to_chase():
    from scoring.completeness import completeness

    summary = pd.DataFrame(
        {"agency": ["X", "X"], "period": ["2026-09", "2026-10"], "headcount": [3, 3], "avg_na": [101.0, 102.0]}
    )
    staff = pd.DataFrame(
        {
            "agency": "X",
            "period": ["2026-09"] * 3 + ["2026-10"] * 3,
            "nip": ["1", "2", "3"] * 2,
            "name": ["Rina", "Budi", "Ani"] * 2,
            "indicators": [1, 1, 1, 0, 1, 1],
            "has_rating": [True, True, True, True, False, True],
            "has_attendance": [True, True, True, True, True, False],
            "active": True,
        }
    )
    empty_ikm = pd.DataFrame(columns=["period", "ikm", "mutu", "mutu_label", "respondents", "sufficient"])
    table = tables.ringkasan(summary, empty_ikm, min_responses=20, completeness=completeness(staff))
    october, september = by_header(table, 0), by_header(table, 1)
    assert october["Pegawai Data Lengkap"] == 0 and october["Persentase Data Lengkap"] == 0.0
    assert september["Pegawai Data Lengkap"] == 3 and september["Persentase Data Lengkap"] == 100.0
    assert october["Belum Lapor Kinerja"] == "Rina (1)"
    assert october["Belum Dinilai Atasan"] == "Budi (2)" and october["Belum Ada Presensi"] == "Ani (3)"
    assert september["Belum Lapor Kinerja"] == "" and september["Peringatan Distribusi Predikat"] == ""
    assert table.number_format["Persentase Data Lengkap"] == "0.00"
    two_of_three = tables.ringkasan(summary.assign(complete_share=2 / 3), empty_ikm, min_responses=20)
    assert by_header(two_of_three, 0)["Persentase Data Lengkap"] == 66.67  # stored share, 2-dp percent


def test_ringkasan_puts_the_distribution_warning_on_the_latest_month_of_the_year():
    from scoring.distribution import check_distribution

    summary = pd.DataFrame({"agency": "X", "period": ["2025-12", "2026-09", "2026-10"], "headcount": 50})
    years = pd.DataFrame(
        {
            "agency": "X",
            "period": "2026",
            "kind": "tahun",
            "nip": [str(n) for n in range(50)],
            "predikat": ["Baik"] * 41 + ["Sangat Baik"] * 9,
        }
    )
    ratings = pd.DataFrame(
        {"agency": ["X"], "year": ["2026"], "org_rating": ["Baik"], "org_rating_source": ["konfigurasi"]}
    )
    empty_ikm = pd.DataFrame(columns=["period", "ikm", "mutu", "mutu_label", "respondents", "sufficient"])
    table = tables.ringkasan(summary, empty_ikm, 20, distribution=check_distribution(years, ratings))
    october, september, december = (by_header(table, i) for i in range(3))
    lines = october["Peringatan Distribusi Predikat"].split("\n")
    assert lines[0] == "Tahun 2026 — Organisasi berpredikat Baik (SE MenPANRB 3/2023):"
    assert lines[1].startswith("- paling banyak 70% pegawai berpredikat Baik; saat ini 82% (41 dari 50)")
    assert "Butuh Perbaikan atau Kurang/Misconduct" in lines[2]
    assert len(lines) == 4 and october["Peringatan Distribusi Predikat"].count("Predikat pegawai tidak diubah") == 1
    assert september["Peringatan Distribusi Predikat"] == "" and december["Peringatan Distribusi Predikat"] == ""
    assert december["Pegawai Data Lengkap"] is None  # no completeness given: blank, not an error


def test_restricted_hasil_kinerja_of_several_agencies_at_once_equals_each_alone():
    """hasil_kinerja_each(restricted=True): each agency names its own rejected rows, its tabs in
    its own order (one agency's rejected Presensi first, the other's Laporan Kinerja first)."""
    other = "199001012015031002"
    a = pd.DataFrame(results()).assign(agency="A")
    b = pd.DataFrame(results(nip=[other, other], name=["Budi", "Budi"])).assign(agency="B")
    rejected = {
        "A": pd.DataFrame(
            {"period": ["2026-10", "2026-10"], "nip": [NIP, NIP], "tab": ["Presensi", "Laporan Kinerja"], "row": [4, 9]}
        ),
        "B": pd.DataFrame(
            {
                "period": ["2026-10", "2026-10", "2026-09"],
                "nip": [other, other, other],
                "tab": ["Laporan Kinerja", "Presensi", "Presensi"],
                "row": [12, 5, 3],
            }
        ),
    }
    together = tables.hasil_kinerja_each({"A": a, "B": b}, restricted=True, rejected=rejected, result_page="/saya")
    for code, frame in (("A", a), ("B", b)):
        alone = tables.hasil_kinerja(frame, restricted=True, rejected=rejected[code], result_page="/saya")
        assert together[code] == alone
    to_fix = together["A"].headers.index("Baris Perlu Diperbaiki")
    assert together["A"].rows[0][to_fix].startswith("Presensi baris 4; Laporan Kinerja baris 9")
    assert together["B"].rows[0][to_fix].startswith("Laporan Kinerja baris 12; Presensi baris 5")
