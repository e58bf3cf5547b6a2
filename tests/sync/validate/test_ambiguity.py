"""Ambiguity is reported, never resolved silently (issue 9, item 5): headers typed with invisible
characters or punctuation, a title row above the headers, duplicate headers, Nonaktif staff with
monthly data, and one NIP on two agencies' rosters."""

from datetime import date

from config.contract import GALAT, PERINGATAN
from sync.sources.backend import RawTab
from sync.validate.agency import validate_agency
from sync.validate.rows import ValidationOptions

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)

N1 = "198503152010121001"
N2 = "199001012015032002"

PEGAWAI_HEADER = ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"]
PRESENSI_HEADER = ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "Tanpa Keterangan"]


def tab(name, header, *rows):
    width = max(len(r) for r in [header, *rows])
    return RawTab.from_rows(name, [list(r) + [None] * (width - len(r)) for r in [header, *rows]])


def roster(*nips):
    return tab("Pegawai", PEGAWAI_HEADER, *([nip, f"Pegawai {i}"] for i, nip in enumerate(nips)))


def issues_of(result, tab_name):
    return result.issues[result.issues["tab"] == tab_name]


# ---- headers typed with invisible characters or punctuation -----------------------------------


def test_invisible_characters_and_trailing_colons_in_headers_match():
    laporan = tab(
        "Laporan Kinerja",
        ["Periode", "NIP", "Indikator", "Target\u200b", "\ufeffRealisasi"],
        ["2026-10", N1, "A", 10, 8],
    )
    presensi = tab("Presensi", ["Periode:", "NIP :", "HARI KERJA:", "hadir :"], ["2026-10", N1, 21, 20])
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan, "Presensi": presensi}, OPTIONS)
    assert issues_of(result, "Laporan Kinerja").empty, issues_of(result, "Laporan Kinerja").to_dict("records")
    assert issues_of(result, "Presensi").empty, issues_of(result, "Presensi").to_dict("records")
    assert result.reports["actual"].tolist() == [8.0]
    assert result.attendance["present"].tolist() == [20]


def test_a_title_row_above_the_headers_is_named():
    presensi = RawTab.from_rows(
        "Presensi",
        [
            ["Rekap Presensi Oktober 2026", None, None, None],
            PRESENSI_HEADER[:4],
            ["2026-10", N1, 21, 20],
        ],
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Presensi": presensi}, OPTIONS)
    mine = issues_of(result, "Presensi")
    assert set(mine["row"]) == {1} and set(mine["severity"]) == {GALAT}
    text = " ".join(mine["problem"]) + " ".join(mine["fix"])
    assert "Rekap Presensi Oktober 2026" in text  # what was read as the header row
    assert "baris 2" in text  # where the headers actually are
    assert "baris 1" in text


def test_a_header_row_that_matches_nothing_says_what_was_read():
    presensi = tab("Presensi", ["Bln", "Nomor Pegawai", "HK", "H"], ["2026-10", N1, 21, 20])
    result = validate_agency("X", {"Pegawai": roster(N1), "Presensi": presensi}, OPTIONS)
    text = " ".join(issues_of(result, "Presensi")["problem"])
    assert "Bln, Nomor Pegawai, HK, H" in text


# ---- a header typed twice ---------------------------------------------------------------------

LAPORAN_DOUBLE_REALISASI = ["Periode", "NIP", "Realisasi", "Indikator", "Target", "Realisasi"]


def test_an_empty_first_copy_of_a_header_does_not_win():
    laporan = tab(
        "Laporan Kinerja", LAPORAN_DOUBLE_REALISASI, ["2026-10", N1, None, "A", 10, 8], ["2026-10", N1, "", "B", 10, 9]
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan}, OPTIONS)
    assert result.reports["actual"].tolist() == [8.0, 9.0]
    mine = issues_of(result, "Laporan Kinerja")
    assert mine["row"].tolist() == [1] and mine["severity"].tolist() == [PERINGATAN]
    assert "kolom Realisasi muncul dua kali (kolom C dan F)" in mine["problem"].iloc[0]
    assert "kolom F" in mine["problem"].iloc[0] and "Hapus kolom C" in mine["fix"].iloc[0]
    assert result.counts[1].used == 2


def test_an_empty_first_nip_column_does_not_reject_the_agency():
    pegawai = tab("Pegawai", ["NIP", "Nama", "NIP"], [None, "Ani", N1], ["", "Budi", N2])
    result = validate_agency("X", {"Pegawai": pegawai}, OPTIONS)
    assert result.employees["nip"].tolist() == [N1, N2]
    mine = issues_of(result, "Pegawai")
    assert "kolom NIP muncul dua kali (kolom A dan C)" in mine["problem"].iloc[0]


def test_two_filled_copies_of_a_required_header_reject_the_tab_with_that_message():
    laporan = tab(
        "Laporan Kinerja", LAPORAN_DOUBLE_REALISASI, ["2026-10", N1, 7, "A", 10, 8], ["2026-10", N1, 9, "B", 10, 9]
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan}, OPTIONS)
    assert result.reports.empty
    mine = issues_of(result, "Laporan Kinerja")
    assert mine["row"].tolist() == [1] and mine["severity"].tolist() == [GALAT]
    assert "kolom Realisasi muncul dua kali (kolom C dan F)" in mine["problem"].iloc[0]
    assert "2 baris data" in mine["problem"].iloc[0]
    assert result.counts[1].rejected == 2


def test_a_header_and_its_alias_both_filled_is_reported():
    pegawai = tab("Pegawai", ["NIP", "Nama", "Nama Pegawai"], [N1, "Ani", "Ani S."])
    result = validate_agency("X", {"Pegawai": pegawai}, OPTIONS)
    mine = issues_of(result, "Pegawai")
    assert "kolom Nama muncul dua kali (kolom B dan C)" in mine["problem"].iloc[0]


# ---- Nonaktif staff with monthly data -----------------------------------------------------------


def nonaktif_tabs():
    pegawai = tab(
        "Pegawai",
        PEGAWAI_HEADER,
        [N1, "Ani", "", "", "", "Tidak", "Aktif"],
        [N2, "Budi", "", "", "", "Tidak", "Nonaktif"],
    )
    laporan = tab(
        "Laporan Kinerja",
        ["Periode", "NIP", "Indikator", "Target", "Realisasi"],
        ["2026-10", N1, "A", 10, 10],
        ["2026-10", N2, "A", 10, 10],
        ["2026-10", N2, "B", 10, 10],
    )
    penilaian = tab(
        "Penilaian Atasan",
        [
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
        ],
        ["2026-10", N1, 3, 3, 3, 3, 3, 3, 3, 3],
        ["2026-10", N2, 3, 3, 3, 3, 3, 3, 3, 3],
    )
    presensi = tab("Presensi", PRESENSI_HEADER, ["2026-10", N1, 21, 21], ["2026-10", N2, 21, 21])
    return {"Pegawai": pegawai, "Laporan Kinerja": laporan, "Penilaian Atasan": penilaian, "Presensi": presensi}


def test_monthly_rows_of_a_nonaktif_employee_are_reported():
    result = validate_agency("X", nonaktif_tabs(), OPTIONS)
    warned = result.issues[result.issues["problem"].str.contains("Nonaktif")]
    assert sorted(zip(warned["tab"], warned["row"])) == [
        ("Laporan Kinerja", 3),
        ("Laporan Kinerja", 4),
        ("Penilaian Atasan", 3),
        ("Presensi", 3),
    ]
    assert set(warned["severity"]) == {PERINGATAN}
    assert warned["problem"].str.contains("Oktober 2026").all()
    assert warned["fix"].str.contains("Status").all()
    # Still used: a Nonaktif employee's months before leaving are history that stays scored.
    assert [c.used for c in result.counts] == [2, 3, 2, 2]


def test_a_nonaktif_employee_scored_in_a_month_counts_in_that_months_headcount(tmp_path):
    import pandas as pd

    from config.settings import parse_settings
    from sync.results.agency import score_agency
    from sync.validate.units import build_unit_index

    settings = parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": "X", "name": "Dinas X", "spreadsheet": "x"}],
            "store": {"path": "k.sqlite"},
        },
        tmp_path / "k.toml",
    )
    data = validate_agency("X", nonaktif_tabs(), OPTIONS)
    units = build_unit_index([("X", "Dinas X")], data.employees, {})
    empty = pd.DataFrame(columns=["unit_id", "agency", "period", "respondents", "ikm", "sufficient"])
    city = {
        "unit_ikm": empty,
        "agency_ikm": empty.drop(columns=["unit_id"]),
        "ikm": empty,
        "complaint_categories": pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"]),
    }
    scored = score_agency(data, units, city, settings)
    summary = scored["agency_summary"].set_index("period").loc["2026-10"]
    assert summary["scored"] == 2
    assert summary["headcount"] == summary["scored"] == 2
    complete = scored["completeness"].set_index("period").loc["2026-10"]
    assert complete["headcount"] == 2 and complete["complete"] == 2


# ---- one NIP on two agencies' rosters -----------------------------------------------------------

N3 = "197512312000011003"
RATING = [3, 3, 3, 3, 3, 3, 3, 3]
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
]
LAPORAN_HEADER = ["Periode", "NIP", "Indikator", "Target", "Realisasi"]


def write_workbook(path, tabs):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in tabs.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def shared_nip_city(tmp_path):
    """DINKES and DISDIK both list N1. September: data only at DINKES. Oktober: data at both."""
    data = tmp_path / "data"
    data.mkdir()
    write_workbook(
        data / "dinkes.xlsx",
        {
            "Pegawai": [PEGAWAI_HEADER, [N1, "Ani", "", "", "", "Tidak", "Nonaktif"], [N2, "Budi"]],
            "Laporan Kinerja": [
                LAPORAN_HEADER,
                ["2026-09", N1, "A", 10, 10],
                ["2026-09", N2, "A", 10, 10],
                ["2026-10", N2, "A", 10, 10],
            ],
            "Penilaian Atasan": [
                PENILAIAN_HEADER,
                ["2026-09", N1, *RATING],
                ["2026-09", N2, *RATING],
                ["2026-10", N2, *RATING],
            ],
            "Presensi": [
                PRESENSI_HEADER,
                ["2026-09", N1, 21, 21],
                ["2026-10", N1, 21, 21],
                ["2026-09", N2, 21, 21],
                ["2026-10", N2, 21, 21],
            ],
        },
    )
    write_workbook(
        data / "disdik.xlsx",
        {
            "Pegawai": [PEGAWAI_HEADER, [N3, "Cici"], [N1, "Ani"]],
            "Laporan Kinerja": [LAPORAN_HEADER, ["2026-10", N1, "B", 10, 10], ["2026-10", N3, "B", 10, 10]],
            "Penilaian Atasan": [PENILAIAN_HEADER, ["2026-10", N1, *RATING], ["2026-10", N3, *RATING]],
            "Presensi": [PRESENSI_HEADER, ["2026-10", N1, 21, 21], ["2026-10", N3, 21, 21]],
        },
    )
    write_workbook(data / "kota.xlsx", {"Tanggapan Formulir 1": [["Cap waktu", "Unit Layanan"]]})
    (tmp_path / "kinerja.toml").write_text(
        '[source]\nkind = "local"\nfolder = "data"\n\n[city]\nspreadsheet = "kota"\n\n'
        '[[agencies]]\ncode = "DINKES"\nname = "Dinas Kesehatan"\nspreadsheet = "dinkes"\n\n'
        '[[agencies]]\ncode = "DISDIK"\nname = "Dinas Pendidikan"\nspreadsheet = "disdik"\n\n'
        '[store]\npath = "kinerja.sqlite"\n',
        encoding="utf-8",
    )
    return tmp_path


def run_city(folder):
    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.local import LocalBackend
    from sync.store import ResultsStore

    settings = load_settings(folder / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    return store, result


def test_a_nip_on_two_rosters_is_scored_in_one_agency_per_month_and_reported_in_both(tmp_path):
    store, result = run_city(shared_nip_city(tmp_path))
    results = store.read("results")
    person = results[results["nip"] == N1]
    # September: data only at DINKES, scored there. Oktober: data at both, scored in neither.
    assert list(zip(person["agency"], person["period"])) == [("DINKES", "2026-09")]
    assert person["predikat"].notna().all()
    assert not results.duplicated(["nip", "period"]).any()

    issues = store.read("issues")
    for scope, other in (("DINKES", "DISDIK"), ("DISDIK", "DINKES")):
        mine = issues[(issues["scope"] == scope) & (issues["value"] == N1)]
        roster_note = mine[mine["tab"] == "Pegawai"]
        assert roster_note["severity"].tolist() == [PERINGATAN]
        assert other in roster_note["problem"].iloc[0] and "Aturan" in roster_note["problem"].iloc[0]
        october = mine[(mine["severity"] == GALAT)]
        assert len(october) >= 1 and october["problem"].str.contains("Oktober 2026").all()
        assert october["problem"].str.contains(other).all()
    disdik_galat = issues[(issues["scope"] == "DISDIK") & (issues["severity"] == GALAT)]
    assert sorted(disdik_galat["tab"]) == ["Laporan Kinerja", "Penilaian Atasan", "Presensi"]
    dinkes_galat = issues[(issues["scope"] == "DINKES") & (issues["severity"] == GALAT)]
    assert list(zip(dinkes_galat["tab"], dinkes_galat["row"])) == [("Presensi", 3)]
    # N1 is Nonaktif at DINKES: its September rows are warned "still scored"; the rejected Oktober
    # row is not (it is not scored anywhere).
    dinkes_row3 = issues[(issues["scope"] == "DINKES") & (issues["tab"] == "Presensi") & (issues["row"] == 3)]
    assert dinkes_row3["severity"].tolist() == [GALAT]
    nonaktif = issues[(issues["scope"] == "DINKES") & issues["problem"].str.contains("Nonaktif")]
    assert sorted(zip(nonaktif["tab"], nonaktif["row"])) == [
        ("Laporan Kinerja", 2),
        ("Penilaian Atasan", 2),
        ("Presensi", 2),
    ]

    # Every row is used or reported; each rejected row has its Galat.
    for sheet in result.sheets:
        assert sheet.rows_read == sheet.rows_used + sheet.rows_rejected + sheet.rows_superseded, sheet
        mine = issues[(issues["scope"] == sheet.scope) & (issues["severity"] == GALAT) & (issues["row"] > 1)]
        if sheet.scope != "kota":
            assert mine.groupby("tab")["row"].nunique().sum() == sheet.rows_rejected, sheet
    # The person counts once in the city per month: in DINKES in September, nowhere in Oktober.
    summary = store.read("agency_summary").set_index(["agency", "period"])
    assert summary.loc[("DINKES", "2026-09"), "headcount"] == 2
    assert summary.loc[("DINKES", "2026-10"), "headcount"] == 1
    assert summary.loc[("DISDIK", "2026-10"), "headcount"] == 1
    assert (summary["scored"] <= summary["headcount"]).all()


def test_hr_pages_show_the_agency_on_every_row_of_a_person_on_two_rosters(tmp_path):
    import re

    from openpyxl import load_workbook

    from tests.hr_helpers import hr_app, login

    folder = shared_nip_city(tmp_path)
    # DINKES drops its Oktober attendance row: Oktober is then scored at DISDIK, September at DINKES.
    book = load_workbook(folder / "data" / "dinkes.xlsx")
    book["Presensi"].delete_rows(3)
    book.save(folder / "data" / "dinkes.xlsx")
    store, _result = run_city(folder)
    client = hr_app(store).test_client()
    login(client)

    html = client.get(f"/hr/pegawai/{N1}").get_data(as_text=True)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split('id="cap-riwayat"')[1].split("</table>")[0], re.S)
    body = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows[1:]]
    assert len(body) == 2
    assert "Oktober 2026" in body[0] and "Dinas Pendidikan" in body[0]
    assert "September 2026" in body[1] and "Dinas Kesehatan" in body[1]
    facts = " ".join(re.sub(r"<[^>]+>", " ", html.split('<dl class="facts">')[1].split("</dl>")[0]).split())
    assert "Dinas Kesehatan" in facts and "Dinas Pendidikan" in facts
    assert "Aktif di Dinas Pendidikan; Nonaktif di Dinas Kesehatan" in facts

    for period, name in (("2026-09", "DINKES"), ("2026-10", "DISDIK")):
        listing = client.get(f"/hr/pegawai?periode={period}&cari={N1}").get_data(as_text=True)
        table = listing.split('id="cap-pegawai"')[1].split("</table>")[0]
        data_rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
        assert len(data_rows) == 1 and name in data_rows[0]


def test_the_person_page_shows_the_roster_of_the_agency_that_scored_the_month(tmp_path):
    """Found in the issue-9 review: the header's Jabatan and Unit Kerja (and the Unit Kerja whose
    complaint categories explain the IKM) came from the first roster listing the NIP, whatever
    agency scored the month on the page: a Kepala Dinas at DLH showed as 'Staf' of DISHUB."""
    import re

    from openpyxl import load_workbook

    from tests.hr_helpers import hr_app, login

    folder = shared_nip_city(tmp_path)
    for name, position, unit in (("dinkes", "Perawat", "Puskesmas Tanah Garam"), ("disdik", "Guru", "SMP 1")):
        book = load_workbook(folder / "data" / f"{name}.xlsx")
        sheet = book["Pegawai"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == N1:
                row[2].value, row[3].value = position, unit
        if name == "dinkes":  # Oktober then scored at DISDIK, September at DINKES
            book["Presensi"].delete_rows(3)
        book.save(folder / "data" / f"{name}.xlsx")
    store, _result = run_city(folder)
    client = hr_app(store).test_client()
    login(client)

    def facts(period):
        html = client.get(f"/hr/pegawai/{N1}?periode={period}").get_data(as_text=True)
        return " ".join(re.sub(r"<[^>]+>", " ", html.split('<dl class="facts">')[1].split("</dl>")[0]).split())

    assert "Jabatan Perawat Unit Kerja Puskesmas Tanah Garam" in facts("2026-09")
    assert "Jabatan Guru Unit Kerja SMP 1" in facts("2026-10")


def test_a_title_block_of_two_rows_names_both_rows_to_delete():
    presensi = RawTab.from_rows(
        "Presensi",
        [
            ["PEMERINTAH KOTA SOLOK"],
            ["Rekap Presensi"],
            PRESENSI_HEADER[:4],
            ["2026-10", N1, 21, 20],
        ],
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Presensi": presensi}, OPTIONS)
    mine = issues_of(result, "Presensi")
    assert "Judul kolom tampaknya ada di baris 3." in mine["problem"].iloc[0]
    assert "hapus baris 1–2" in mine["fix"].iloc[0]


def test_the_label_of_a_duplicated_column_is_the_contract_spelling():
    laporan = tab(
        "Laporan Kinerja",
        ["Periode", "NIP", "realisasi", "Indikator", "Target", "Realisasi :"],
        ["2026-10", N1, None, "A", 10, "x"],
    )
    result = validate_agency("X", {"Pegawai": roster(N1), "Laporan Kinerja": laporan}, OPTIONS)
    bad = issues_of(result, "Laporan Kinerja")
    assert bad[bad["row"] == 2]["column"].tolist() == ["Realisasi"]


def test_a_shared_nip_without_monthly_data_anywhere_is_still_reported_in_both():
    from sync.validate.cross_agency import reconcile

    one = validate_agency("A", {"Pegawai": roster(N1, N2)}, OPTIONS)
    two = validate_agency("B", {"Pegawai": roster(N1)}, OPTIONS)
    out = reconcile({"A": one, "B": two}, {"A": "Dinas A", "B": "Dinas B"})
    for code, other in (("A", "B (Dinas B)"), ("B", "A (Dinas A)")):
        note = out[code].issues[out[code].issues["tab"] == "Pegawai"]
        assert note["value"].tolist() == [N1] and other in note["problem"].iloc[0]
        assert "Dinilai di OPD ini: belum ada" in note["problem"].iloc[0]
        assert out[code].shared == {N1}
        assert out[code].counts == (one if code == "A" else two).counts
