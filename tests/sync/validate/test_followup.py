"""The city's optional Populasi Layanan and Rencana Tindak Lanjut tabs: every bad row a Validasi row."""

from datetime import date, datetime

import pandas as pd
import pytest

from config.contract import GALAT, PERINGATAN, SKM_QUESTIONS
from sync.sources.backend import RawTab
from sync.validate.city import validate_city
from sync.validate.followup import looks_like_a_name, parse_any_period, parse_element, parse_status
from sync.validate.parse import Problem
from sync.validate.rows import TabCount, ValidationOptions
from sync.validate.units import build_unit_index

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)
FORM_HEADER = ["Cap waktu", "Unit Layanan", "Jenis Layanan", *SKM_QUESTIONS.values(), "Keluhan", "Kategori Keluhan"]
POP_HEADER = ["Unit Layanan", "Periode", "Jumlah Penerima Layanan"]
RTL_HEADER = [
    "Unit Layanan",
    "Periode",
    "Unsur",
    "Kegiatan",
    "Penanggung Jawab",
    "Target Waktu",
    "Status",
    "Keterangan",
]


@pytest.fixture(scope="module")
def units():
    employees = pd.DataFrame({"agency": ["DINKES"], "unit": ["Puskesmas Tanah Garing"]})
    return build_unit_index([("DINKES", "Dinas Kesehatan"), ("DISDIK", "Dinas Pendidikan")], employees, {})


def tab(name, header, *rows):
    width = max(len(r) for r in [header, *rows])
    return RawTab.from_rows(name, [list(r) + [None] * (width - len(r)) for r in [header, *rows]])


def city(name=None, header=None, *rows):
    tabs = {
        "Tanggapan Formulir 1": tab(
            "Tanggapan Formulir 1", FORM_HEADER, ["28/11/2026 10:00:00", "DINKES", "", *[4] * 9, "", ""]
        )
    }
    if name:
        tabs[name] = tab(name, header, *rows)
    return tabs


@pytest.mark.parametrize(
    "cell, period",
    [
        ("Oktober 2026", "2026-10"),
        ("10/2026", "2026-10"),
        (datetime(2026, 10, 5), "2026-10"),
        ("Triwulan IV 2026", "2026-Q4"),
        ("TW 3 2026", "2026-Q3"),
        ("q1 2026", "2026-Q1"),
        ("2026-Q2", "2026-Q2"),
        ("triwulan ii tahun 2026", "2026-Q2"),
        (2026, "2026"),
        (2026.0, "2026"),
        ("Tahun 2025", "2025"),
        (date(1905, 7, 18), "2026"),  # 2026 read by the Google backend from a date column
    ],
)
def test_any_period(cell, period):
    assert parse_any_period(cell, TODAY) == period


@pytest.mark.parametrize(
    "cell, fragment",
    [
        ("Triwulan 5 2026", "tidak dikenali"),
        ("2027", "belum berjalan"),
        ("Desember 2026", "belum berjalan"),
        ("Triwulan I 2027", "belum berjalan"),
        ("kemarin", "bulan, triwulan atau tahun"),
        (1999, "tidak wajar"),
    ],
)
def test_any_period_problems(cell, fragment):
    result = parse_any_period(cell, TODAY)
    assert isinstance(result, Problem) and fragment in result.problem.replace("{kolom}", "Periode")


def test_population_good_rows(units):
    result = validate_city(
        city(
            "Populasi Layanan",
            POP_HEADER,
            ["DINKES", "Oktober 2026", 100],
            ["Puskesmas Tanah Garing", "Triwulan III 2026", "1.250"],
            [" dinas pendidikan ", 2026, 12000.0],
            [None, None, None],
        ),
        units,
        OPTIONS,
    )
    assert result.issues.empty
    assert result.population.values.tolist() == [
        ["opd:DINKES", "DINKES", "2026-10", 100, 2],
        ["unit:DINKES:puskesmastanahgaring", "DINKES", "2026-Q3", 1250, 3],
        ["opd:DISDIK", "DISDIK", "2026", 12000, 4],
    ]
    assert result.counts[-1] == TabCount("Populasi Layanan", 3, 3, 0, 0)


@pytest.mark.parametrize(
    "row, column, fragment, fix",
    [
        (["Nowhere", "Oktober 2026", 100], "Unit Layanan", "tidak dikenali", ""),
        ([None, "Oktober 2026", 100], "Unit Layanan", "kosong", "formulir survei"),
        (["DINKES", "Triwulan 9 2026", 100], "Periode", "tidak dikenali", "Triwulan IV 2026"),
        (["DINKES", None, 100], "Periode", "kosong", "Triwulan IV 2026"),
        (["DINKES", "Oktober 2026", "seratus"], "Jumlah Penerima Layanan", "bukan angka", ""),
        (["DINKES", "Oktober 2026", 10.5], "Jumlah Penerima Layanan", "bulat", ""),
        (["DINKES", "Oktober 2026", -3], "Jumlah Penerima Layanan", "negatif", ""),
        (["DINKES", "Oktober 2026", 0], "Jumlah Penerima Layanan", "0", "sebenarnya"),
        (["DINKES", "Oktober 2026", None], "Jumlah Penerima Layanan", "kosong", "1.250"),
    ],
)
def test_population_bad_rows(units, row, column, fragment, fix):
    result = validate_city(city("Populasi Layanan", POP_HEADER, ["DISDIK", 2026, 500], row), units, OPTIONS)
    mine = result.issues[result.issues["tab"] == "Populasi Layanan"]
    assert mine[["row", "column", "severity"]].values.tolist() == [[3, column, GALAT]]
    assert fragment in mine["problem"].iloc[0] and fix in mine["fix"].iloc[0]
    assert result.population["row"].tolist() == [2]


def test_population_later_row_replaces_earlier(units):
    result = validate_city(
        city("Populasi Layanan", POP_HEADER, ["DINKES", "2026-10", 100], ["Dinas Kesehatan", "Okt 2026", 120]),
        units,
        OPTIONS,
    )
    assert result.population[["population", "row"]].values.tolist() == [[120, 3]]
    assert result.issues[["row", "severity"]].values.tolist() == [[2, PERINGATAN]]


def test_population_tab_is_optional_and_its_header_checked(units):
    result = validate_city(city(), units, OPTIONS)
    assert result.population.empty and result.rtl.empty and result.issues.empty
    broken = validate_city(city("Populasi Layanan", ["Unit Layanan", "Periode"], ["DINKES", 2026]), units, OPTIONS)
    assert broken.issues[["tab", "row", "column"]].values.tolist() == [
        ["Populasi Layanan", 1, "Jumlah Penerima Layanan"]
    ]


@pytest.mark.parametrize(
    "cell, key, swapped",
    [
        ("U3", "u3", False),
        ("u 9", "u9", False),
        ("Waktu Penyelesaian", "u3", False),
        ("U8 Sarana dan Prasarana", "u9", True),
        ("Penanganan Pengaduan, Saran dan Masukan", "u8", False),
        ("U4. Biaya/Tarif", "u4", False),
        ("Sarana dan prasarana", "u9", False),
        ("Unsur 7", None, None),
    ],
)
def test_element(cell, key, swapped):
    result = parse_element(cell)
    assert isinstance(result, Problem) if key is None else result == (key, swapped)


@pytest.mark.parametrize(
    "cell, status",
    [
        ("belum", "Belum"),
        (" Sudah selesai. ", "Selesai"),
        ("On Progress", "Proses"),
        ("SELESAI", "Selesai"),
        ("dalam proses", "Proses"),
        ("Tuntas", "Selesai"),
    ],
)
def test_status(cell, status):
    assert parse_status(cell) == status


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kepala Seksi Pelayanan", False),
        ("Kasubag Umum", False),
        ("Koordinator Loket", False),
        ("Rina Marlina, S.Kom", True),
        ("Drs. Hendri", True),
        ("Budi Santoso", True),
        ("199001012015031002", True),
        ("Petugas Front Office", False),
    ],
)
def test_looks_like_a_name(text, name):
    assert looks_like_a_name(text) is name


def rtl_row(
    unit="DINKES",
    period="Oktober 2026",
    element="U9",
    activity="Menambah kursi ruang tunggu",
    responsible="Kepala Seksi Pelayanan",
    target="31/12/2026",
    status="Proses",
    note="",
):
    return [unit, period, element, activity, responsible, target, status, note]


def test_rtl_good_rows(units):
    result = validate_city(
        city(
            "Rencana Tindak Lanjut",
            RTL_HEADER,
            rtl_row(),
            rtl_row(
                unit="Puskesmas Tanah Garing",
                period="Triwulan III 2026",
                element="Waktu",
                target=datetime(2026, 9, 30),
                status=None,
                note="anggaran perubahan",
            ),
            rtl_row(period=2026, element="u4", target="Desember 2026", status="sudah selesai"),
        ),
        units,
        OPTIONS,
    )
    assert result.issues.empty
    assert result.rtl.values.tolist() == [
        [
            "opd:DINKES",
            "DINKES",
            "2026-10",
            "u9",
            "Menambah kursi ruang tunggu",
            "Kepala Seksi Pelayanan",
            "2026-12-31",
            "Proses",
            "",
            2,
        ],
        [
            "unit:DINKES:puskesmastanahgaring",
            "DINKES",
            "2026-Q3",
            "u3",
            "Menambah kursi ruang tunggu",
            "Kepala Seksi Pelayanan",
            "2026-09-30",
            "Belum",
            "anggaran perubahan",
            3,
        ],
        [
            "opd:DINKES",
            "DINKES",
            "2026",
            "u4",
            "Menambah kursi ruang tunggu",
            "Kepala Seksi Pelayanan",
            "2026-12-31",
            "Selesai",
            "",
            4,
        ],
    ]


@pytest.mark.parametrize(
    "row, column, severity, fragment, fix",
    [
        (rtl_row(element="kursi"), "Unsur", GALAT, "tidak dikenali", "U9 (Sarana dan Prasarana)"),
        (rtl_row(element=None), "Unsur", GALAT, "kosong", "U1 (Persyaratan)"),
        (rtl_row(element="U8 Sarana dan Prasarana"), "Unsur", PERINGATAN, "tidak cocok", "U9 (Sarana dan Prasarana)"),
        (rtl_row(activity=" "), "Kegiatan", GALAT, "kosong", "kursi ruang tunggu"),
        (rtl_row(responsible=None), "Penanggung Jawab", GALAT, "kosong", "jabatan"),
        (rtl_row(responsible="Rina Marlina, S.Kom"), "Penanggung Jawab", PERINGATAN, "nama orang", "Kepala Seksi"),
        (rtl_row(target="besok"), "Target Waktu", GALAT, "tidak dikenali", "31/12/2026"),
        (rtl_row(target=None), "Target Waktu", GALAT, "kosong", "31/12/2026"),
        (rtl_row(status="mungkin"), "Status", GALAT, "'mungkin' tidak dikenali", "Belum, Proses, Selesai"),
        (rtl_row(period="2027"), "Periode", GALAT, "belum berjalan", ""),
    ],
)
def test_rtl_bad_rows(units, row, column, severity, fragment, fix):
    result = validate_city(city("Rencana Tindak Lanjut", RTL_HEADER, rtl_row(element="U1"), row), units, OPTIONS)
    mine = result.issues[result.issues["tab"] == "Rencana Tindak Lanjut"]
    assert mine[["row", "column", "severity"]].values.tolist() == [[3, column, severity]]
    assert fragment in mine["problem"].iloc[0] and fix in mine["fix"].iloc[0]
    assert result.rtl["sheet_row"].tolist() == ([2, 3] if severity == PERINGATAN else [2])
    if severity == PERINGATAN and column == "Unsur":
        assert result.rtl["element"].tolist() == ["u1", "u9"]
