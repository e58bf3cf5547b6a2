"""Plausible ranges of every numeric input column (issue 9, item 3): Galat with the range and a fix."""

from __future__ import annotations

from datetime import date

import pytest

from config.contract import GALAT
from config.settings import ConfigError, parse_settings
from sync.validate.agency import validate_agency
from sync.validate.rows import ValidationOptions
from tests.sync.validate.test_agency import LAPORAN_HEADER, N1, N2, PRESENSI_HEADER, roster, tab

TODAY = date(2026, 11, 28)


def _galat(data, tab_name: str) -> dict[int, tuple[str, str, str]]:
    issues = data.issues[(data.issues["tab"] == tab_name) & (data.issues["severity"] == GALAT)]
    return {int(r.row): (r.column, r.problem, r.fix) for r in issues.itertuples()}


def _attendance(*rows, options=ValidationOptions(today=TODAY)):
    tabs = {"Pegawai": roster(N1, N2), "Presensi": tab("Presensi", PRESENSI_HEADER, *rows)}
    return validate_agency("X", tabs, options)


def test_day_counts_are_bounded_by_hari_kerja_and_the_month():
    data = _attendance(
        ["2026-10", N1, 22, 20, 1e20],  # 2 Terlambat absurd (was IndexError)
        ["2026-10", N2, 22, 20, 9e15],  # 3 accepted before: "9000000000000000 kali terlambat"
        ["2026-09", N1, 22, 20, 23],  # 4 Terlambat > Hari Kerja
        ["2026-09", N2, 22, 20, 0, 25],  # 5 Pulang Cepat > Hari Kerja
        ["2026-02", N1, 30, 20],  # 6 February 2026 has 28 days
        ["2026-08", N1, 22, 40],  # 7 Hadir past 31
        ["2026-08", N2, 22, 20, 3, 2, 1],  # 8 fine
        ["2026-07", N1, 22, 20, 22, 22],  # 9 fine: at most Hari Kerja
    )
    galat = _galat(data, "Presensi")
    assert set(galat) == {2, 3, 4, 5, 6, 7}
    assert galat[2] == (
        "Terlambat",
        "Terlambat terlalu besar: paling banyak 31.",
        "Isi Terlambat dengan bilangan bulat 0–31 (kosong = 0); angka sebesar ini biasanya "
        "salah ketik atau sel yang tertempel.",
    )
    assert galat[3][0] == "Terlambat" and "paling banyak 31" in galat[3][1]
    assert galat[4] == (
        "Terlambat",
        "Terlambat (23) melebihi Hari Kerja (22).",
        "Isi Terlambat dengan berapa kali datang terlambat bulan itu, paling banyak Hari Kerja (22).",
    )
    assert galat[5] == (
        "Pulang Cepat",
        "Pulang Cepat (25) melebihi Hari Kerja (22).",
        "Isi Pulang Cepat dengan berapa kali pulang sebelum waktunya bulan itu, paling banyak Hari Kerja (22).",
    )
    assert galat[6] == (
        "Hari Kerja",
        "Hari Kerja (30) melebihi jumlah hari bulan Februari 2026 (28).",
        "Isi Hari Kerja dengan jumlah hari kerja bulan Februari 2026, paling banyak 28.",
    )
    assert galat[7][0] == "Hadir" and "paling banyak 31" in galat[7][1]
    assert sorted(data.attendance["row"]) == [8, 9]
    assert data.attendance["late"].max() == 22


def _reports(*rows, options=ValidationOptions(today=TODAY)):
    tabs = {"Pegawai": roster(N1, N2), "Laporan Kinerja": tab("Laporan Kinerja", LAPORAN_HEADER, *rows)}
    return validate_agency("X", tabs, options)


def test_target_realisasi_and_bobot_have_configured_bounds():
    rows = (
        ["2026-10", N1, "", "A", 100, 90, "", "", 1e307],  # 2 Bobot past 100
        ["2026-10", N1, "", "B", 1e300, 90],  # 3 Target past 1e15
        ["2026-10", N1, "", "C", 100, "1.000.000.000.000.000.000"],  # 4 Realisasi past 1e15 (text)
        ["2026-10", N1, "", "D", 100, 90, "", "", 100],  # 5 fine: Bobot at the bound
        ["2026-10", N1, "", "E", 1e15, 1e15, "", "", 0.5],  # 6 fine: at the bound
    )
    data = _reports(*rows)
    galat = _galat(data, "Laporan Kinerja")
    assert set(galat) == {2, 3, 4}
    assert galat[2] == (
        "Bobot",
        "Bobot terlalu besar: paling besar 100.",
        "Isi Bobot dengan angka lebih dari 0 sampai 100 (kosong = 1); angka sebesar ini biasanya salah ketik "
        "atau sel yang tertempel; bila angka sebesar ini memang benar, minta pengelola sistem menaikkan "
        "[validation] max_weight.",
    )
    assert galat[3][:2] == ("Target", "Target terlalu besar: paling besar 1.000.000.000.000.000.")
    assert "lebih dari 0 sampai 1.000.000.000.000.000" in galat[3][2] and "max_value" in galat[3][2]
    assert galat[4][:2] == ("Realisasi", "Realisasi terlalu besar: paling besar 1.000.000.000.000.000.")
    assert "Realisasi dengan angka 0–1.000.000.000.000.000" in galat[4][2]
    assert sorted(data.reports["row"]) == [5, 6]
    # The old lower-bound messages are unchanged.
    zero = _galat(
        _reports(["2026-10", N1, "", "A", 0, 90], ["2026-10", N1, "", "B", 1, 9, "", "", 0]), "Laporan Kinerja"
    )
    assert (zero[2][1], zero[3][1]) == ("Target harus angka lebih dari 0.", "Bobot harus angka lebih dari 0.")
    blank = _galat(_reports(["2026-10", N1, "", "A", 100]), "Laporan Kinerja")
    assert blank[2][2] == "Isi Realisasi dengan angka 0 atau lebih (tulis 0 bila belum ada hasil)."

    wider = ValidationOptions(today=TODAY, max_weight=1e308, max_value=1e17)
    data = _reports(*rows, options=wider)
    assert set(_galat(data, "Laporan Kinerja")) == {3, 4}


def test_validation_bounds_come_from_config(tmp_path):
    base = {
        "source": {"kind": "local", "folder": "data"},
        "city": {"spreadsheet": "kota"},
        "agencies": [{"code": "A", "name": "A", "spreadsheet": "a"}],
        "store": {"path": "k.sqlite"},
    }
    settings = parse_settings(base, tmp_path / "kinerja.toml")
    assert (settings.validation.max_weight, settings.validation.max_value) == (100.0, 1e15)
    settings = parse_settings(
        {**base, "validation": {"max_weight": 1000, "max_value": 5e12}}, tmp_path / "kinerja.toml"
    )
    assert (settings.validation.max_weight, settings.validation.max_value) == (1000.0, 5e12)
    with pytest.raises(ConfigError) as caught:
        parse_settings({**base, "validation": {"max_weight": 0, "max_value": 1e300}}, tmp_path / "k.toml")
    text = str(caught.value)
    assert "validation.max_weight: harus angka 1–1000000" in text
    assert "validation.max_value: harus angka 1–9007199254740992" in text


def test_absurd_numbers_in_the_city_tabs_are_a_galat():
    import pandas as pd

    from sync.validate.city import validate_city
    from sync.validate.units import build_unit_index
    from tests.sync.validate.test_city import LOG_HEADER, OPTIONS as CITY_OPTIONS, form, response, tab as city_tab

    units = build_unit_index(
        [("DINKES", "Dinas Kesehatan")], pd.DataFrame({"agency": ["DINKES"], "unit": ["Sekretariat"]}), {}
    )
    tabs = {
        **form(
            response(answers=[1e20, 4, 4, 4, 4, 4, 4, 4, 4]),  # 2 an answer past 1–4
            response(stamp=1e20),  # 3 a serial date past 2100
            response(answers=[float("inf"), 4, 4, 4, 4, 4, 4, 4, 4]),  # 4
            response(),  # 5 fine
        ),
        "Pengaduan": city_tab(
            "Pengaduan",
            LOG_HEADER,
            ["P1", 1e20, "DINKES", "Lain"],  # 2 received absurd
            ["P2", "01/11/2026", "DINKES", "Lain", "", "", 9e15],
        ),  # 3 resolved absurd
    }
    data = validate_city(tabs, units, CITY_OPTIONS)
    galat = data.issues[data.issues["severity"] == GALAT]
    form_rows = set(galat.loc[galat["tab"] == "Tanggapan Formulir 1", "row"])
    assert form_rows == {2, 3, 4}
    assert set(galat.loc[galat["tab"] == "Pengaduan", "row"]) == {2, 3}
    assert (galat["fix"].str.len() > 10).all()
    assert list(data.responses["row"]) == [5]


def test_target_and_bobot_too_small_to_score_are_a_galat():
    """Found in the issue-9 review: Target 5e-324 made the uncapped capaian infinite (a numpy
    RuntimeWarning on the sync's stderr, NULL in the store); Bobot 5e-324 on each of an
    employee's indicators rounded every capaian to a whole number (subnormal products), NHK 99,67
    instead of 99,57. Both are typos, never a real target or weight: a Galat with the floor (the
    HR page shows typed inputs to 4 decimals, so the floor is the smallest it shows as non-zero)."""
    rows = (
        ["2026-10", N1, "", "A", 5e-324, 90],  # 2 Target tiny
        ["2026-10", N1, "", "B", 100, 90, "", "", 5e-324],  # 3 Bobot tiny
        ["2026-10", N1, "", "C", 0.00009, 90],  # 4 Target below the floor (shown as 0,0001)
        ["2026-10", N2, "", "D", 0.0001, 0.0001, "", "", 0.0001],  # 5 fine: at the floor
    )
    galat = _galat(_reports(*rows), "Laporan Kinerja")
    assert set(galat) == {2, 3, 4}
    assert galat[2] == (
        "Target",
        "Target terlalu kecil: paling kecil 0,0001.",
        "Isi Target dengan angka 0,0001 sampai 1.000.000.000.000.000, mis. 100; angka sekecil ini biasanya "
        "salah ketik atau sel yang tertempel.",
    )
    assert galat[3] == (
        "Bobot",
        "Bobot terlalu kecil: paling kecil 0,0001.",
        "Isi Bobot dengan angka 0,0001 sampai 100 (kosong = 1); angka sekecil ini biasanya salah ketik atau "
        "sel yang tertempel.",
    )
    assert galat[4][:2] == ("Target", "Target terlalu kecil: paling kecil 0,0001.")


def test_a_dash_is_zero_in_presensi_counts_but_not_a_value_elsewhere():
    data = _attendance(
        ["2026-10", N1, 22, "-", "–", "—", "-"],  # 2 every count a dash: Hadir 0 (on leave all month)
        ["2026-10", N2, "-", 20, 0, 0, 0],  # 3 Hari Kerja is no count: a dash is no month
    )
    assert set(_galat(data, "Presensi")) == {3}
    row = data.attendance.set_index("row").loc[2]
    assert (row["present"], row["late"], row["early_leave"], row["absent"]) == (0, 0, 0, 0)
    reports = _reports(["2026-10", N1, "", "A", 100, "-"], ["2026-10", N1, "", "B", "-", 90])
    # A dash in Realisasi is "no result yet", not 0 % achieved; in Target it is no target.
    galat = _galat(reports, "Laporan Kinerja")
    assert galat[2][0] == "Realisasi" and galat[3][0] == "Target" and reports.reports.empty
