"""Only the real supervisor rates (issue 14, item 1; docs/scoring.md §7).

A `Penilaian Atasan` row counts only when `NIP Penilai` is the employee's supervisor for that month:
the roster's NIP Atasan, the supervisor the store recorded for that month when it was first synced,
or an exception in the optional `Penilai` tab. A colleague's or a self-rating is Galat, and a
rejected row never supersedes the real supervisor's.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from config.contract import GALAT, PERINGATAN
from config.settings import parse_settings
from sync.cycle import STATUS_OK, STATUS_UNCHANGED, run_cycle
from sync.sources.backend import RawTab
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from sync.validate.agency import validate_agency
from sync.validate.rows import ValidationOptions

TODAY = dt.date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)
H = "196912121995031008"  # head of agency: no NIP Atasan
S = "198503152010121001"  # supervisor of E and C
E = "199001012015032002"  # the employee rated
C = "197512312000011003"  # E's colleague (same supervisor)
P = "198807072012071004"  # a Plt, not E's supervisor on the roster
X = "199105052019031009"  # valid, never in the roster

PEGAWAI = ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"]
RATINGS = [
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
PENILAI = ["Periode", "NIP", "NIP Penilai", "Keterangan"]


def tab(name, header, *rows):
    width = max(len(r) for r in [header, *rows])
    return RawTab.from_rows(name, [list(r) + [None] * (width - len(r)) for r in [header, *rows]])


def roster(supervisor_of_e=S):
    return tab(
        "Pegawai",
        PEGAWAI,
        [H, "Hana", "Kepala", "", ""],
        [S, "Sari", "Kabid", "", H],
        [E, "Eko", "Staf", "", supervisor_of_e],
        [C, "Cici", "Staf", "", S],
        [P, "Putra", "Kasi", "", H],
    )


def rating(period, nip, value, feedback, rater):
    return [period, nip, *[value] * 8, feedback, rater]


def validate(*rows, penilai=None, supervisors=None, supervisor_of_e=S):
    tabs = {"Pegawai": roster(supervisor_of_e), "Penilaian Atasan": tab("Penilaian Atasan", RATINGS, *rows)}
    if penilai is not None:
        tabs["Penilai"] = tab("Penilai", PENILAI, *penilai)
    return validate_agency("X", tabs, OPTIONS, supervisors=supervisors)


def issues(result, tab_name="Penilaian Atasan"):
    return result.issues[result.issues["tab"] == tab_name]


def test_a_colleagues_rating_is_galat_and_does_not_supersede_the_supervisors():
    result = validate(rating("2026-10", E, 4, "Bagus", S), rating("2026-10", E, 1, "jelek", C))
    assert result.ratings["row"].tolist() == [2]
    assert result.ratings["rater_nip"].tolist() == [S]
    found = issues(result)
    row3 = found[found["row"] == 3]
    assert row3["severity"].tolist() == [GALAT]
    assert "bukan atasan langsung" in row3["problem"].iloc[0] and "tab Pegawai" in row3["problem"].iloc[0]
    assert "Plt" in row3["fix"].iloc[0] and "tab Penilai" in row3["fix"].iloc[0]
    assert found[found["row"] == 2].empty  # not "Data ganda": the rejected row takes no part
    assert result.counts[2].used == 1 and result.counts[2].rejected == 1 and result.counts[2].superseded == 0


def test_a_self_rating_is_galat_and_the_supervisors_row_is_used():
    result = validate(rating("2026-10", E, 4, "Bagus", S), rating("2026-10", E, 5, "Saya hebat", E))
    assert result.ratings["row"].tolist() == [2] and result.ratings["feedback"].tolist() == ["Bagus"]
    row3 = issues(result).query("row == 3")
    assert row3["severity"].tolist() == [GALAT]
    assert "sama dengan NIP pegawai yang dinilai" in row3["problem"].iloc[0]
    assert "tidak dipakai" in row3["problem"].iloc[0]
    assert issues(result).query("row == 2").empty


def test_a_later_row_of_the_supervisor_still_supersedes_an_earlier_one():
    result = validate(rating("2026-10", E, 4, "Bagus", S), rating("2026-10", E, 3, "Revisi", S))
    assert result.ratings["row"].tolist() == [3]
    assert "Data ganda" in issues(result).query("row == 2")["problem"].iloc[0]


def test_a_plt_listed_in_the_penilai_tab_may_rate_for_that_month_only():
    result = validate(
        rating("2026-10", E, 4, "Plt", P),
        rating("2026-09", E, 4, "Plt", P),
        penilai=[["2026-10", E, P, "Plt Kabid selama Oktober"]],
    )
    assert result.ratings["row"].tolist() == [2]
    assert issues(result).query("row == 3")["severity"].tolist() == [GALAT]
    assert issues(result, "Penilai").empty
    assert [c.tab for c in result.counts][-1] == "Penilai" and result.counts[-1].used == 1


def test_the_supervisor_recorded_at_first_sync_still_rates_that_month():
    # E's supervisor was S when October was first synced; the roster now says C.
    recorded = {("2026-10", E): S}
    result = validate(
        rating("2026-10", E, 4, "Oktober", S),
        rating("2026-11", E, 4, "November", S),
        rating("2026-11", C, 4, "oleh atasan", S),
        supervisors=recorded,
        supervisor_of_e=C,
    )
    assert result.ratings["row"].tolist() == [2, 4]
    assert issues(result).query("row == 3")["severity"].tolist() == [GALAT]
    # and the roster's new supervisor may rate October too
    again = validate(rating("2026-10", E, 4, "Oktober", C), supervisors=recorded, supervisor_of_e=C)
    assert again.ratings["row"].tolist() == [2]


def test_an_employee_without_a_supervisor_is_rated_with_a_peringatan_unless_listed():
    result = validate(
        rating("2026-10", H, 4, "Sekda", X),
        rating("2026-09", H, 4, "Sekda", X),
        rating("2026-08", H, 5, "Saya", H),
        penilai=[["2026-09", H, X, "Sekretaris Daerah"]],
    )
    assert result.ratings["row"].tolist() == [2, 3]
    found = issues(result)
    row2 = found.query("row == 2")
    assert PERINGATAN in row2["severity"].tolist() and GALAT not in row2["severity"].tolist()
    assert any("tidak punya NIP Atasan" in p for p in row2["problem"])
    assert not any("tidak punya NIP Atasan" in p for p in found.query("row == 3")["problem"])
    assert found.query("row == 4")["severity"].tolist() == [GALAT]


def test_a_blank_rater_is_taken_as_the_supervisors_with_a_peringatan():
    result = validate(rating("2026-10", E, 4, "Bagus", None))
    assert result.ratings["row"].tolist() == [2]
    row2 = issues(result).query("row == 2")
    assert row2["severity"].tolist() == [PERINGATAN] and "kosong" in row2["problem"].iloc[0]


def test_a_blank_rater_row_never_supersedes_the_supervisors_signed_row():
    # A later unsigned all-1 row (anyone may append one) beside the supervisor's signed row.
    result = validate(rating("2026-10", E, 4, "Bagus", S), rating("2026-10", E, 1, "jelek", None))
    assert result.ratings["row"].tolist() == [2] and result.ratings["feedback"].tolist() == ["Bagus"]
    row3 = issues(result).query("row == 3")
    assert row3["severity"].tolist() == [GALAT]
    assert "sudah mengisi penilaian" in row3["problem"].iloc[0] and "Oktober 2026" in row3["problem"].iloc[0]
    assert issues(result).query("row == 2").empty
    # An earlier unsigned row is likewise not used beside a signed one; another month's stays used.
    result = validate(
        rating("2026-10", E, 2, "awal", None), rating("2026-10", E, 4, "Bagus", S), rating("2026-11", E, 3, "ok", None)
    )
    assert result.ratings["row"].tolist() == [3, 4]
    assert issues(result).query("row == 2")["severity"].tolist() == [GALAT]
    assert issues(result).query("row == 4")["severity"].tolist() == [PERINGATAN]


def test_bad_penilai_rows_are_validasi_rows_with_row_and_fix():
    result = validate(
        rating("2026-10", E, 4, "Bagus", S),
        penilai=[
            ["2026-10", E, P, "Plt"],  # 2 used
            ["", E, P, "tanpa periode"],  # 3 Galat Periode kosong
            ["2026-10", X, P, "bukan pegawai"],  # 4 Galat NIP not on the roster
            ["2026-10", E, E, "diri sendiri"],  # 5 Galat self
            ["2026-10", E, "", "kosong"],  # 6 Galat NIP Penilai kosong
        ],
    )
    found = issues(result, "Penilai")
    assert sorted(found["row"]) == [3, 4, 5, 6]
    assert set(found["severity"]) == {GALAT}
    assert all(fix for fix in found["fix"])
    assert "sama dengan NIP" in found.query("row == 5")["problem"].iloc[0]
    assert result.counts[-1].used == 1 and result.counts[-1].rejected == 4


# ---- through a real workbook, run_cycle and the store ---------------------------------------------


def write_agency(path, supervisor_of_e, ratings, months=("2026-10", "2026-11"), actual=10):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("Pegawai")
    ws.write_row(0, 0, PEGAWAI)
    for r, (nip, name, sup) in enumerate(
        ((H, "Hana", ""), (S, "Sari", H), (E, "Eko", supervisor_of_e), (C, "Cici", S)), start=1
    ):
        ws.write_string(r, 0, nip)
        ws.write_row(r, 1, [name, "Staf", "Bidang Pelayanan"])
        ws.write_string(r, 4, sup)
        ws.write_row(r, 5, ["Tidak", "Aktif"])
    ws = wb.add_worksheet("Laporan Kinerja")
    ws.write_row(0, 0, ["Periode", "NIP", "Rencana Hasil Kerja", "Indikator", "Target", "Realisasi"])
    for r, period in enumerate(months, start=1):
        ws.write_row(r, 0, [period, E, "RHK", "Layanan", 10, actual])
    ws = wb.add_worksheet("Penilaian Atasan")
    ws.write_row(0, 0, RATINGS)
    for r, row in enumerate(ratings, start=1):
        ws.write_row(r, 0, row[:-1])
        ws.write_string(r, len(row) - 1, row[-1])
    ws = wb.add_worksheet("Presensi")
    ws.write_row(0, 0, ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "Tanpa Keterangan"])
    for r, period in enumerate(months, start=1):
        ws.write_row(r, 0, [period, E, 21, 21, 0, 0, 0])
    wb.close()


@pytest.fixture
def city(tmp_path):
    (tmp_path / "data").mkdir()
    wb = xlsxwriter.Workbook(str(tmp_path / "data" / "kota.xlsx"))
    wb.add_worksheet("Tanggapan Formulir 1").write_row(
        0, 0, ["Cap waktu", "Unit Layanan"] + [f"U{j}. ?" for j in range(1, 10)]
    )
    wb.close()
    settings = parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [
                {"code": "DISDUKCAPIL", "name": "Dinas Kependudukan dan Pencatatan Sipil", "spreadsheet": "dukcapil"}
            ],
            "store": {"path": "var/k.sqlite"},
        },
        tmp_path / "kinerja.toml",
    )
    return settings, ResultsStore(settings.store.path)


def sync(settings, store):
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert next(s for s in result.sheets if s.scope == "DISDUKCAPIL").status in (STATUS_OK, STATUS_UNCHANGED)
    results = store.read("results", "agency = ? AND nip = ?", ("DISDUKCAPIL", E)).set_index("period")
    return results, store.read("issues", "scope = ?", ("DISDUKCAPIL",))


def test_the_bug_a_colleague_and_a_self_rating_change_nothing(city):
    settings, store = city
    write_agency(
        settings.source.folder / "dukcapil.xlsx",
        S,
        [
            rating("2026-10", E, 4, "Bagus, pertahankan", S),  # row 2: the supervisor's
            rating("2026-10", E, 1, "jelek", C),  # row 3: a colleague's
            rating("2026-10", E, 5, "Saya hebat", E),  # row 4: a self-rating
        ],
    )
    results, found = sync(settings, store)
    october = results.loc["2026-10"]
    assert october["feedback"] == "Bagus, pertahankan" and october["rater_nip"] == S
    assert october["predikat"] not in ("Kurang", "Sangat Kurang")
    assert october["rating_service"] == 4
    ratings = found[found["tab"] == "Penilaian Atasan"]
    assert ratings.query("row == 3")["severity"].tolist() == [GALAT]
    assert ratings.query("row == 4")["severity"].tolist() == [GALAT]
    assert ratings.query("row == 2").empty


def test_a_change_of_supervisor_does_not_void_last_month(city):
    settings, store = city
    book = settings.source.folder / "dukcapil.xlsx"
    write_agency(book, S, [rating("2026-10", E, 4, "Oktober", S)], months=("2026-10",))
    sync(settings, store)
    recorded = store.read("period_supervisors")
    assert recorded[["agency", "period", "nip", "supervisor_nip"]].values.tolist() == [["DISDUKCAPIL", "2026-10", E, S]]
    assert recorded["first_seen"].notna().all()
    # E moves under C before November is first synced; S's October row stays valid, S's November
    # row (a month S never supervised) does not.
    write_agency(book, C, [rating("2026-10", E, 4, "Oktober", S), rating("2026-11", E, 4, "November", S)])
    results, found = sync(settings, store)
    assert results.loc["2026-10", "feedback"] == "Oktober"
    assert not results.loc["2026-11", "has_rating"]
    ratings = found[found["tab"] == "Penilaian Atasan"]
    assert ratings.query("row == 3")["severity"].tolist() == [GALAT]
    # October's record is never rewritten; November's is C's, as the roster said when first synced
    assert store.read("period_supervisors")[["period", "supervisor_nip"]].values.tolist() == [
        ["2026-10", S],
        ["2026-11", C],
    ]
