"""Agency validation: every non-blank row is used, rejected (Galat) or superseded (Peringatan)."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from config.contract import AGENCY_INPUT_TABS, GALAT, PERINGATAN
from sync.sources.backend import RawTab
from sync.validate.agency import validate_agency
from sync.validate.rows import ISSUE_COLUMNS, ValidationOptions

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)

N1 = "198503152010121001"
N2 = "199001012015032002"
N3 = "197512312000011003"
N4 = "198807072012071004"
N5 = "198201012006042005"
N6 = "199203032018011006"
N7 = "198004042005011007"
N8 = "196912121995031008"
N9 = "199105052019031009"  # valid, never in the roster
FLOAT_NIP = 1.98503152010121e17
SCI_NIP = "1.98503152010121E+17"

PEGAWAI_HEADER = ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"]
LAPORAN_HEADER = [
    "Periode",
    "NIP",
    "Rencana Hasil Kerja",
    "Indikator",
    "Target",
    "Realisasi",
    "Satuan",
    "Arah",
    "Bobot",
    "Bukti",
    "Catatan",
]
PENILAIAN_HEADER = [
    "Periode",
    "NIP",
    "Berorientasi Pelayanan",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Loyal",
    "Adaptif",
    "Kolaboratif",
    "Inisiatif",
    "Umpan Balik",
    "NIP Penilai",
]
PRESENSI_HEADER = ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "Tanpa Keterangan"]


def tab(name, header, *rows):
    """A RawTab as a backend reads it; short rows are padded here (trailing blanks omitted)."""
    width = max(len(r) for r in [header, *rows])
    return RawTab.from_rows(name, [list(r) + [None] * (width - len(r)) for r in [header, *rows]])


def roster(*nips):
    return tab("Pegawai", PEGAWAI_HEADER, *([nip, f"Pegawai {i}"] for i, nip in enumerate(nips)))


# ---- the messy agency -------------------------------------------------------------------------


def messy_tabs():
    pegawai = tab(
        "Pegawai",
        [
            "No",
            " nip ",
            "Nama Pegawai",
            "JABATAN",
            "Unit  Kerja",
            "NIP Atasan",
            "Layanan Publik (Ya/Tidak)",
            "status",
            "Catatan lain",
        ],
        [1, N1, "Ani", "Kepala", "Puskesmas A", "", "Ya", "", "x"],  # 2 used
        [2, "19900101 201503 2 002", "Budi", "Staf", "Puskesmas A", N1, "y", "aktif"],  # 3 superseded by 13
        [3, FLOAT_NIP, "Cici", "Staf"],  # 4 Galat float NIP
        [4, SCI_NIP, "Dedi", "Staf"],  # 5 Galat text '1.98…E+17'
        [5],  # 6 blank (only "No")
        [None, "", "  ", None, "\u00a0"],  # 7 blank
        [7, N3, "", "Staf"],  # 8 Galat Nama kosong
        [8, N4, "Eko", "Staf", "", N1, "maybe", "cuti"],  # 9 used, 2 Peringatan
        [9, N5, "Fajar", "Staf", "", "199999999999999999", "Tidak", "Aktif"],  # 10 used, Peringatan
        [10, N6, "Gita", "Staf", "", N6, "1", "Nonaktif"],  # 11 used, Peringatan (self)
        [11, N7, "Hadi", "Staf", "", N9, 0, "Aktif"],  # 12 used, Peringatan (not in roster)
        [12, N2, "Budi Santoso", "Staf", "Puskesmas A", N1, "YES", ""],  # 13 used
        [13, "12345", "Ika", "Staf"],  # 14 Galat length
        [14, N8, " Joko ", "Staf", "", "", "t", "non aktif"],  # 15 used, inactive
    )
    laporan = tab(
        "Laporan Kinerja",
        [
            "Bulan",
            "NIP",
            "RHK",
            "Indikator Kinerja",
            "Target",
            "Realisasi",
            "Satuan",
            "Arah (Naik/Turun)",
            "Bobot",
            "Bukti (link)",
            "Keterangan",
        ],
        ["2026-10", N1, "RHK 1", "Pasien dilayani", "100", "87,5", "orang", "", ""],  # 2 superseded by 14, then 30
        ["2026/10", N1, "", "Laporan", "1.234", "90%", "", "naik", "2"],  # 3 used
        ["10/2026", N2, "", "X", 10, "2.5", "", "↓", 1.5],  # 4 used
        ["10-2026", N2, "", "Y", 10, 5, "", "Turun"],  # 5 used
        ["Oktober 2026", N4, "", "Z", 10, 5],  # 6 used
        ["Okt 2026", N4, "", "Z2", 10, 5],  # 7 used
        ["October 2026", N5, "", "Z", 10, 5],  # 8 used
        ["Oct 2026", N5, "", "Z2", 10, 5],  # 9 used
        [datetime(2026, 9, 1), N6, "", "Z", 10, 5],  # 10 used
        ["2026-09-01", N6, "", "Z2", 10, 5],  # 11 used
        [date(2026, 9, 15), N7, "", "Z", 10, "1.234,5"],  # 12 used
        [None, None, None, "   "],  # 13 blank
        ["Okt 2026", N1, "", " pasien  DILAYANI", "100", "95"],  # 14 superseded by 30
        ["okt-26", N1, "", "A", 1, 1],  # 15 Galat period
        ["Desember 2026", N1, "", "A", 1, 1],  # 16 Galat future
        ["2026-10", FLOAT_NIP, "", "A", 1, 1],  # 17 Galat float NIP
        ["2026-10", N9, "", "A", 1, 1],  # 18 Galat not in roster
        ["2026-10", N1, "", "", 1, 1],  # 19 Galat indicator
        ["2026-10", N1, "", "B", 0, 1],  # 20 Galat target 0
        ["2026-10", N1, "", "C", "abc", 1],  # 21 Galat target text
        ["2026-10", N1, "", "D", 10, None],  # 22 Galat realisasi blank
        ["2026-10", N1, "", "E", 10, -1],  # 23 Galat negative
        ["2026-10", N1, "", "F", 10, 5, "", "atas"],  # 24 Galat arah
        ["2026-10", N1, "", "G", 10, 5, "", "", "0"],  # 25 Galat bobot 0
        ["2026-10", N1, "", "H", 10, 5, "", "", True],  # 26 Galat bobot checkbox
        ["2026-10", "12345", "", "A", 1, 1],  # 27 Galat NIP length
        ["2026-10", SCI_NIP, "", "A", 1, 1],  # 28 Galat NIP sci text
        ["2026-10", N3, "", "A", 1, 1],  # 29 Galat NIP refused in Pegawai
        ["2026-10", N1, "", "Pasien Dilayani", 100, 99],  # 30 used (wins)
    )
    penilaian = tab(  # "Inisiatif" is missing: the whole tab cannot be used
        "Penilaian Atasan",
        [h for h in PENILAIAN_HEADER if h != "Inisiatif"],
        ["2026-10", N1, 4, 4, 3, 4, 3, 4, 4, "Bagus", N2],
        [None] * 11,
        ["2026-10", N2, 3, 3, 3, 3, 3, 3, 3, "", N1],
        ["2026-10", N4, 3, 3, 3, 3, 3, 3, 3, "", N1],
    )
    presensi = tab(
        "Presensi",
        ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "TK"],
        ["2026-10", N1, 22, 20, "", None, 2],  # 2 superseded by 8
        ["2026-10", N2, 22, 23, 0, 0, 0],  # 3 Galat Hadir > Hari Kerja
        ["2026-10", N4, 32, 20],  # 4 Galat Hari Kerja > 31
        ["2026-10", N5, 22, 20.5],  # 5 Galat not an integer
        ["2026-10", N6, 22, None],  # 6 Galat Hadir blank
        ["2026-10", N7, 22, 20, -1],  # 7 Galat negative
        ["2026-10", N1, 22, 21, 1, 0, 1],  # 8 used
        ["2026-10", N8, "22", "20", "1", "", ""],  # 9 used
        ["2026-09", N8, 0, 0],  # 10 Galat Hari Kerja 0
        ["2026-09", N2, 21, 18, 3, 1, 3],  # 11 Galat 18 + 3 > 21? no: 21 == 21 -> used
    )
    return {t.name: t for t in (pegawai, laporan, penilaian, presensi)}


EXPECTED = {  # tab: (used rows, rejected rows, superseded rows); blank rows are not read
    "Pegawai": ({2, 9, 10, 11, 12, 13, 15}, {4, 5, 8, 14}, {3}),
    "Laporan Kinerja": (
        {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 30},
        {15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29},
        {2, 14},
    ),
    "Penilaian Atasan": (set(), {2, 4, 5}, set()),
    "Presensi": ({8, 9, 11}, {3, 4, 5, 6, 7, 10}, {2}),
}


@pytest.fixture(scope="module")
def messy():
    return validate_agency("DINKES", messy_tabs(), OPTIONS)


def test_counts_are_conserved_per_tab(messy):
    assert [c.tab for c in messy.counts] == [t.name for t in AGENCY_INPUT_TABS]
    for count in messy.counts:
        used, rejected, superseded = EXPECTED[count.tab]
        assert count.read == count.used + count.rejected + count.superseded
        assert (count.read, count.used, count.rejected, count.superseded) == (
            len(used | rejected | superseded),
            len(used),
            len(rejected),
            len(superseded),
        ), count.tab


def test_used_rows_are_exactly_the_clean_rows(messy):
    frames = {
        "Pegawai": messy.employees,
        "Laporan Kinerja": messy.reports,
        "Penilaian Atasan": messy.ratings,
        "Presensi": messy.attendance,
    }
    for name, frame in frames.items():
        assert set(frame["row"]) == EXPECTED[name][0], name


def test_every_rejected_row_has_a_galat_and_every_superseded_row_a_peringatan(messy):
    issues = messy.issues
    for name, (used, rejected, superseded) in EXPECTED.items():
        mine = issues[issues["tab"] == name]
        galat_rows = set(mine.loc[mine["severity"] == GALAT, "row"])
        header_level = galat_rows & {0, 1}
        if header_level:  # a missing column rejects every row with one issue at row 1
            assert header_level == {1} and not used
        else:
            assert galat_rows == rejected, name
        ganda = mine[(mine["severity"] == PERINGATAN) & mine["problem"].str.startswith("Data ganda")]
        assert set(ganda["row"]) == superseded, name
        # Peringatan rows are never rejected rows' only issue: a used row may carry warnings.
        warned = set(mine.loc[mine["severity"] == PERINGATAN, "row"]) - superseded
        assert warned <= used | rejected


def test_issues_are_complete_and_sorted(messy):
    issues = messy.issues
    assert list(issues.columns) == list(ISSUE_COLUMNS)
    assert issues["row"].dtype == np.int64
    assert (issues["problem"].str.len() > 0).all()
    assert (issues["fix"].str.len() > 0).all()
    assert set(issues["severity"]) == {GALAT, PERINGATAN}
    order = {t.name: i for i, t in enumerate(AGENCY_INPUT_TABS)}
    keys = list(zip(issues["tab"].map(order), issues["row"]))
    assert keys == sorted(keys)


def issue(messy, tab_name, row, column=None):
    found = messy.issues[(messy.issues["tab"] == tab_name) & (messy.issues["row"] == row)]
    if column is not None:
        found = found[found["column"] == column]
    assert len(found), (tab_name, row, column)
    return found.iloc[0]


@pytest.mark.parametrize(
    "tab_name, row, column, value, fragment, fix_fragment",
    [
        ("Pegawai", 4, "NIP", "1,98503152010121E+17", "NIP terbaca sebagai angka", "Format kolom NIP sebagai Teks"),
        ("Pegawai", 5, "NIP", SCI_NIP, "terbaca sebagai angka", "ketik ulang NIP lengkap 18 digit"),
        ("Pegawai", 8, "Nama Pegawai", "", "Nama Pegawai kosong", "nama lengkap"),
        ("Pegawai", 14, "NIP", "12345", "18 digit (terisi 5 digit)", "SK"),
        ("Pegawai", 3, "NIP", "19900101 201503 2 002", "Data ganda: NIP sama dengan baris 13", "baris 13"),
        ("Laporan Kinerja", 15, "Bulan", "okt-26", "tidak berisi bulan dan tahun", "Oktober 2026"),
        ("Laporan Kinerja", 16, "Bulan", "Desember 2026", "belum berjalan", "November 2026"),
        ("Laporan Kinerja", 17, "NIP", "1,98503152010121E+17", "terbaca sebagai angka", "Teks"),
        ("Laporan Kinerja", 18, "NIP", N9, "tidak terdaftar di tab Pegawai", "Tambahkan pegawai ini ke tab Pegawai"),
        ("Laporan Kinerja", 19, "Indikator Kinerja", "", "kosong", "indikator"),
        ("Laporan Kinerja", 20, "Target", "0", "lebih dari 0", "lebih dari 0"),
        ("Laporan Kinerja", 21, "Target", "abc", "bukan angka", "87,5"),
        ("Laporan Kinerja", 22, "Realisasi", "", "Realisasi belum diisi", "tulis 0"),
        ("Laporan Kinerja", 23, "Realisasi", "-1", "0 atau lebih", "0 atau lebih"),
        ("Laporan Kinerja", 24, "Arah (Naik/Turun)", "atas", "Naik atau Turun", "kosong = Naik"),
        ("Laporan Kinerja", 25, "Bobot", "0", "lebih dari 0", "kosong = 1"),
        ("Laporan Kinerja", 26, "Bobot", "TRUE", "kotak centang", "ketik angkanya"),
        ("Laporan Kinerja", 29, "NIP", N3, "baris pegawainya tidak dapat dipakai", "tab Pegawai"),
        ("Laporan Kinerja", 2, "Indikator Kinerja", "Pasien dilayani", "Data ganda", "baris 30"),
        ("Laporan Kinerja", 14, "Indikator Kinerja", " pasien  DILAYANI", "sama dengan baris 30", "baris 30"),
        ("Penilaian Atasan", 1, "Inisiatif", "", "Kolom 'Inisiatif' tidak ditemukan", "Inisiatif"),
        ("Presensi", 3, "Hadir", "23", "Hadir (23) + TK (0) melebihi Hari Kerja (22)", "tidak boleh lebih"),
        ("Presensi", 4, "Hari Kerja", "32", "bilangan bulat 1–31", "1–31"),
        ("Presensi", 5, "Hadir", "20,5", "bilangan bulat", "tanpa angka di belakang koma"),
        ("Presensi", 6, "Hadir", "", "Hadir kosong", "Hadir"),
        ("Presensi", 7, "Terlambat", "-1", "0 atau lebih", "kosong = 0"),
        ("Presensi", 10, "Hari Kerja", "0", "1–31", "1–31"),
    ],
)
def test_messages(messy, tab_name, row, column, value, fragment, fix_fragment):
    found = issue(messy, tab_name, row, column)
    assert found["value"] == value
    assert fragment in found["problem"]
    assert fix_fragment in found["fix"]


def test_missing_column_message_counts_the_rows_it_costs(messy):
    found = issue(messy, "Penilaian Atasan", 1)
    assert "3 baris data (baris 2–5)" in found["problem"]
    # Advice a clerk can follow: the exact header and tab to add, no command only admins can run.
    assert "Tambahkan kolom berjudul 'Inisiatif' di baris 1 tab 'Penilaian Atasan'" in found["fix"]
    assert "main.py" not in found["fix"]


@pytest.mark.parametrize(
    "row, column, fragment",
    [
        (9, "Layanan Publik (Ya/Tidak)", "dianggap Tidak"),
        (9, "Status", "dianggap Aktif"),
        (10, "NIP Atasan", "bukan tanggal lahir"),
        (11, "NIP Atasan", "sama dengan NIP pegawai itu sendiri"),
        (12, "NIP Atasan", "tidak terdaftar"),
    ],
)
def test_pegawai_warnings_keep_the_row(messy, row, column, fragment):
    found = issue(messy, "Pegawai", row, column)
    assert found["severity"] == PERINGATAN
    assert fragment in found["problem"]
    assert row in set(messy.employees["row"])


def test_clean_employees(messy):
    e = messy.employees.set_index("row")
    assert list(messy.employees.columns) == [
        "agency",
        "nip",
        "name",
        "position",
        "unit",
        "unit_id",
        "supervisor_nip",
        "public_service",
        "active",
        "email",
        "row",
    ]
    assert (e["agency"] == "DINKES").all() and (e["unit_id"] == "").all()
    assert e.loc[13, "nip"] == N2 and e.loc[13, "name"] == "Budi Santoso"
    assert e.loc[15, "name"] == "Joko"
    assert e.loc[2, "public_service"] and e.loc[13, "public_service"] and e.loc[11, "public_service"]
    assert not e.loc[9, "public_service"] and not e.loc[12, "public_service"] and not e.loc[15, "public_service"]
    assert e.loc[9, "active"] and not e.loc[11, "active"] and not e.loc[15, "active"]
    assert e.loc[13, "supervisor_nip"] == N1
    assert e.loc[10, "supervisor_nip"] == ""  # invalid NIP Atasan
    assert e.loc[11, "supervisor_nip"] == ""  # own NIP
    assert e.loc[12, "supervisor_nip"] == N9  # valid, outside the roster: kept, warned
    assert e["nip"].map(len).eq(18).all()


def test_clean_reports(messy):
    r = messy.reports.set_index("row")
    assert r.loc[3, ["period", "target", "actual", "direction", "weight"]].tolist() == [
        "2026-10",
        1234.0,
        90.0,
        "Naik",
        2.0,
    ]
    assert r.loc[4, ["actual", "direction", "weight"]].tolist() == [2.5, "Turun", 1.5]
    assert r.loc[12, ["period", "actual"]].tolist() == ["2026-09", 1234.5]
    assert r.loc[30, ["indicator", "actual", "weight"]].tolist() == ["Pasien Dilayani", 99.0, 1.0]
    assert set(r["period"]) == {"2026-09", "2026-10"}
    assert r.loc[[10, 11], "period"].tolist() == ["2026-09", "2026-09"]
    assert messy.reports.dtypes.to_dict() == {
        "period": object,
        "nip": object,
        "plan": object,
        "indicator": object,
        "target": np.float64,
        "actual": np.float64,
        "measure": object,
        "direction": object,
        "weight": np.float64,
        "evidence": object,
        "note": object,
        "row": np.int64,
    }


def test_clean_attendance(messy):
    a = messy.attendance.set_index("row")
    assert a.loc[8, ["work_days", "present", "late", "early_leave", "absent"]].tolist() == [22, 21, 1, 0, 1]
    assert a.loc[9, ["work_days", "present", "late", "early_leave", "absent"]].tolist() == [22, 20, 1, 0, 0]
    assert (messy.attendance[["work_days", "present", "late", "early_leave", "absent"]].dtypes == np.int64).all()


def test_inputs_are_not_mutated():
    tabs = messy_tabs()
    before = {name: t.body.copy() for name, t in tabs.items()}
    validate_agency("DINKES", tabs, OPTIONS)
    for name, t in tabs.items():
        pd.testing.assert_frame_equal(t.body, before[name])


# ---- one bad value at a time --------------------------------------------------------------------


def ratings_row(**changes):
    row = dict(zip(PENILAIAN_HEADER, ["2026-10", N1, 4, 4, 3, 4, 3, 4, 4, 5, "Bagus", N2]))
    row.update(changes)
    return list(row.values())


@pytest.mark.parametrize(
    "column, value, fragment",
    [
        ("Periode", None, "Periode kosong"),
        ("Periode", "2027-01", "belum berjalan"),
        ("NIP", None, "NIP kosong"),
        ("NIP", 1.99001012015032e17, "terbaca sebagai angka"),
        ("NIP", N9, "tidak terdaftar"),
        ("Berorientasi Pelayanan", 6, "bilangan bulat 1–5"),
        ("Akuntabel", 0, "bilangan bulat 1–5"),
        ("Kompeten", 3.5, "bilangan bulat"),
        ("Harmonis", "tiga", "bukan angka"),
        ("Loyal", None, "Loyal belum diisi"),
        ("Adaptif", "-2", "bilangan bulat 1–5"),
        ("Kolaboratif", True, "kotak centang"),
        ("Inisiatif", "", "Inisiatif belum diisi"),
    ],
)
def test_bad_rating_cells_reject_the_row(column, value, fragment):
    tabs = {
        "Pegawai": roster(N1, N2),
        "Penilaian Atasan": tab("Penilaian Atasan", PENILAIAN_HEADER, ratings_row(**{column: value})),
    }
    result = validate_agency("X", tabs, OPTIONS)
    found = result.issues[(result.issues["tab"] == "Penilaian Atasan")]
    assert found["row"].tolist() == [2] and found["severity"].tolist() == [GALAT]
    assert found["column"].tolist() == [column]
    assert fragment in found["problem"].iloc[0]
    assert result.ratings.empty
    assert result.counts[2].rejected == 1


def test_good_rating_row_and_rater_warnings():
    tabs = {
        "Pegawai": roster(N1, N2),
        "Penilaian Atasan": tab(
            "Penilaian Atasan",
            PENILAIAN_HEADER,
            ratings_row(),
            ratings_row(NIP=N2, **{"NIP Penilai": N9}),
            ratings_row(NIP=N2, **{"NIP Penilai": N2, "Periode": "2026-09"}),
            ratings_row(**{"Periode": "Okt 2026", "Inisiatif": "3", "NIP Penilai": FLOAT_NIP}),
        ),
    }
    result = validate_agency("X", tabs, OPTIONS)
    r = result.ratings.set_index("row")
    assert set(r.index) == {3, 5}  # row 2 superseded by row 5 (same period and NIP); row 4 a self-rating
    assert r.loc[5, "initiative"] == 3 and r.loc[5, "rater_nip"] == ""
    assert r.loc[3, "rater_nip"] == N9
    issues = result.issues[result.issues["tab"] == "Penilaian Atasan"]
    warnings = issues[issues["severity"] == PERINGATAN].groupby("row")["problem"].apply(" ".join)
    assert "Data ganda" in warnings[2]
    assert "tidak terdaftar" in warnings[3] and "tidak punya NIP Atasan" in warnings[3]  # nobody to check against
    assert "terbaca sebagai angka" in warnings[5]
    galat = issues[issues["severity"] == GALAT].set_index("row")["problem"]
    assert galat.index.tolist() == [4] and "sama dengan NIP pegawai yang dinilai" in galat[4]  # issue 14
    assert result.ratings[["service", "initiative"]].dtypes.tolist() == [np.int64, np.int64]
    assert result.counts[2] == result.counts[2].__class__("Penilaian Atasan", 4, 2, 1, 1)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Ya", True),
        ("ya", True),
        ("Y", True),
        ("yes", True),
        ("1", True),
        (1, True),
        (True, True),
        ("Tidak", False),
        ("t", False),
        ("NO", False),
        ("0", False),
        (0, False),
        (False, False),
        (None, False),
        ("", False),
    ],
)
def test_layanan_publik(typed, expected):
    tabs = {"Pegawai": tab("Pegawai", PEGAWAI_HEADER, [N1, "Ani", "", "", "", typed, ""])}
    result = validate_agency("X", tabs, OPTIONS)
    assert result.employees["public_service"].tolist() == [expected]
    assert result.issues[result.issues["tab"] == "Pegawai"].empty


@pytest.mark.parametrize(
    "typed, expected",
    [("Aktif", True), ("AKTIF", True), (None, True), ("Nonaktif", False), ("non-aktif", False), ("Tidak Aktif", False)],
)
def test_status(typed, expected):
    tabs = {"Pegawai": tab("Pegawai", PEGAWAI_HEADER, [N1, "Ani", "", "", "", "", typed])}
    assert validate_agency("X", tabs, OPTIONS).employees["active"].tolist() == [expected]


def test_missing_tabs_are_one_issue_each_at_row_zero():
    result = validate_agency("X", {"Pegawai": roster(N1)}, OPTIONS)
    missing = result.issues[result.issues["row"] == 0]
    assert missing["tab"].tolist() == ["Laporan Kinerja", "Penilaian Atasan", "Presensi"]
    assert missing["problem"].tolist()[0] == "Tab 'Laporan Kinerja' tidak ditemukan."
    assert all("Periode, NIP" in f and "main.py" not in f for f in missing["fix"])
    assert missing["fix"].tolist()[0].startswith("Buat tab bernama 'Laporan Kinerja'")
    assert all(c.read == 0 for c in result.counts[1:])
    assert list(result.reports.columns)[:3] == ["period", "nip", "plan"]


def test_without_a_usable_roster_other_tabs_are_rejected_once():
    laporan = tab("Laporan Kinerja", LAPORAN_HEADER, ["2026-10", N1, "", "A", 1, 1], ["2026-10", N2, "", "A", 1, 1])
    result = validate_agency("X", {"Laporan Kinerja": laporan}, OPTIONS)
    mine = result.issues[result.issues["tab"] == "Laporan Kinerja"]
    assert mine["row"].tolist() == [1]
    assert "2 baris data (baris 2–3)" in mine["problem"].iloc[0]
    assert result.counts[1] == result.counts[1].__class__("Laporan Kinerja", 2, 0, 2, 0)


def test_blank_header_row():
    result = validate_agency("X", {"Pegawai": tab("Pegawai", [None, ""], [N1, "Ani"])}, OPTIONS)
    first = result.issues.iloc[0]
    assert (first["tab"], first["row"]) == ("Pegawai", 1)
    assert "Baris judul (baris 1)" in first["problem"] and "NIP, Nama" in first["fix"]
    assert result.counts[0].rejected == 1


def test_configured_header_aliases():
    options = ValidationOptions(today=TODAY, header_aliases={"employees": {"name": ("Nama ASN",)}})
    tabs = {"Pegawai": tab("Pegawai", ["NIP", "nama  asn"], [N1, "Ani"])}
    assert validate_agency("X", tabs, options).employees["name"].tolist() == ["Ani"]
    assert "Kolom 'Nama'" in validate_agency("X", tabs, OPTIONS).issues["problem"].iloc[0]


def test_tab_names_match_case_insensitively():
    result = validate_agency("X", {"pegawai ": roster(N1)}, OPTIONS)
    assert result.employees["nip"].tolist() == [N1]


def test_presensi_blank_optional_counts_are_zero():
    tabs = {
        "Pegawai": roster(N1),
        "Presensi": tab("Presensi", ["Periode", "NIP", "Hari Kerja", "Hadir"], ["2026-10", N1, 20, 20]),
    }
    result = validate_agency("X", tabs, OPTIONS)
    assert result.attendance[["late", "early_leave", "absent"]].iloc[0].tolist() == [0, 0, 0]


def test_large_tabs_keep_every_row():
    # Speed is measured by bench/sync_bench.py (province scale), not by a timed test.
    n_emp, months, indicators = 5_000, 12, 4
    nips = np.array([f"1985{1 + i % 12:02d}{1 + i % 28:02d}2010121{i:03d}" for i in range(1000)] * 5, dtype=object)
    nips = np.array([f"{n[:14]}{1 + (i // 1000) % 2}{n[15:]}" for i, n in enumerate(nips)], dtype=object)
    nips = np.unique(nips)
    n_emp = len(nips)
    pegawai = RawTab(
        "Pegawai", PEGAWAI_HEADER[:2], pd.DataFrame({0: nips, 1: "Nama"}, index=pd.RangeIndex(2, 2 + n_emp))
    )
    n = n_emp * months * indicators
    body = pd.DataFrame(
        {
            0: np.repeat(np.array([f"2025-{m:02d}" for m in range(1, 13)], dtype=object), n_emp * indicators),
            1: np.tile(np.repeat(nips, indicators), months),
            2: None,
            3: np.tile(np.array(["A", "B", "C", "D"], dtype=object), n_emp * months),
            4: np.full(n, 100.0),
            5: np.linspace(0, 120, n),
        },
        index=pd.RangeIndex(2, 2 + n),
    )
    laporan = RawTab("Laporan Kinerja", LAPORAN_HEADER[:6], body)
    result = validate_agency("X", {"Pegawai": pegawai, "Laporan Kinerja": laporan}, OPTIONS)
    assert result.counts[1] == result.counts[1].__class__("Laporan Kinerja", n, n, 0, 0)
    assert len(result.reports) == n and result.reports["row"].is_unique


def test_a_rejected_later_duplicate_does_not_replace_a_good_row():
    laporan = tab(
        "Laporan Kinerja",
        LAPORAN_HEADER,
        ["2026-10", N1, "", "A", 10, 8],
        ["2026-10", N1, "", "A", 10, "delapan"],
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan}, OPTIONS)
    assert result.reports["row"].tolist() == [2]
    assert result.counts[1] == result.counts[1].__class__("Laporan Kinerja", 2, 1, 1, 0)


@pytest.mark.parametrize("dtype, value", [("float64", FLOAT_NIP), ("int64", 198503152010121001)])
def test_nip_columns_of_numbers_are_rejected_whatever_their_dtype(dtype, value):
    body = pd.DataFrame({0: np.array([value], dtype=dtype), 1: ["Ani"]}, index=pd.RangeIndex(2, 3))
    result = validate_agency("X", {"Pegawai": RawTab("Pegawai", ["NIP", "Nama"], body)}, OPTIONS)
    assert result.employees.empty
    assert "terbaca sebagai angka" in result.issues["problem"].iloc[0]


def test_numeric_dtype_bodies_take_the_same_rules():
    body = pd.DataFrame(
        {0: ["2026-10", "2026-10"], 1: [N1, N1], 2: None, 3: ["A", "B"], 4: [10.0, 0.0], 5: [np.nan, 5.0]},
        index=pd.RangeIndex(2, 4),
    )
    laporan = RawTab("Laporan Kinerja", LAPORAN_HEADER[:6], body)
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan}, OPTIONS)
    problems = result.issues.loc[result.issues["tab"] == "Laporan Kinerja", ["row", "problem"]].values.tolist()
    assert problems == [[2, "Realisasi belum diisi."], [3, "Target harus angka lebih dari 0."]]


# ---- added by the lead: percent cells and rating hints ----------------------------------------


def test_percent_typed_in_a_cell_is_warned_not_silently_scored():
    import datetime as _dt

    from config.contract import LAPORAN, PEGAWAI
    from sync.sources.backend import RawTab
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions

    nip = "198503152010121001"
    tabs = {
        PEGAWAI.name: RawTab.from_rows(PEGAWAI.name, [["NIP", "Nama"], [nip, "Rina"]]),
        LAPORAN.name: RawTab.from_rows(
            LAPORAN.name,
            [
                ["Periode", "NIP", "Indikator", "Target", "Realisasi", "Satuan"],
                ["2026-10", nip, "KTP-el selesai 1 hari", 95, 0.97, "%"],  # '97%' typed in a cell
                ["2026-10", nip, "Akta terbit", 100, 98, "%"],  # fine
                ["2026-10", nip, "Rasio", 2, 1, "kali"],  # not a percent row
            ],
        ),
    }
    data = validate_agency("X", tabs, ValidationOptions(today=_dt.date(2026, 11, 28)))
    warned = data.issues[data.issues["problem"].str.contains("persen yang tersimpan sebagai pecahan")]
    assert list(warned["row"]) == [2] and (warned["severity"] == "Peringatan").all()
    assert "0,97" in warned["problem"].iloc[0] and "Satuan" in warned["fix"].iloc[0]
    assert len(data.reports) == 3  # a warning: the row is still used


def test_a_word_in_a_rating_cell_gets_the_rating_range_as_fix():
    import datetime as _dt

    from config.contract import PEGAWAI, PENILAIAN
    from sync.sources.backend import RawTab
    from sync.validate.agency import validate_agency
    from sync.validate.rows import ValidationOptions

    nip = "198503152010121001"
    header = [c.header for c in PENILAIAN.columns]
    row = ["2026-10", nip, "baik", 4, 4, 4, 4, 4, 4, 4, "", ""]
    tabs = {
        PEGAWAI.name: RawTab.from_rows(PEGAWAI.name, [["NIP", "Nama"], [nip, "Rina"]]),
        PENILAIAN.name: RawTab.from_rows(PENILAIAN.name, [header, row]),
    }
    data = validate_agency("X", tabs, ValidationOptions(today=_dt.date(2026, 11, 28)))
    issue = data.issues[data.issues["tab"] == PENILAIAN.name].iloc[0]
    assert issue["column"] == "Berorientasi Pelayanan" and "1–5" in issue["fix"] and "87,5" not in issue["fix"]
