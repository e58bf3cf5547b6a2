"""sync/sources/google/prepare.py and GoogleBackend.init_template: completing a spreadsheet in one batchUpdate."""

from __future__ import annotations

import json

import pytest

from config.contract import AGENCY_OWNED_TABS, CITY_OWNED_TABS, PEGAWAI, PENILAIAN
from config.errors import SpreadsheetUnavailable
from sync.prepare import agency_template, city_template
from sync.sources.backend import SheetTable
from sync.sources.google.meta import spreadsheet_info
from sync.sources.google.prepare import default_owned, input_rules, plan_init
from tests.google_world import NIP, dinkes_fake, google_backend


@pytest.fixture
def fake():
    return dinkes_fake()


def owned(n: int) -> list[SheetTable]:
    return [SheetTable("Hasil Kinerja", ("Nama", "Nilai Akhir"), [[f"P{i}", 1.0] for i in range(n)])]


# ---- planning (no I/O) ---------------------------------------------------------------------------


def test_input_rules_find_columns_by_the_tabs_own_headers_and_aliases():
    header = ["Nama Lengkap", "NIP", "Layanan Publik (Ya/Tidak)", "Status Pegawai", "Catatan"]
    rules = input_rules(9, header, ["NIP", "NIP Atasan"], PEGAWAI)
    text = [r["repeatCell"]["range"]["startColumnIndex"] for r in rules if "repeatCell" in r]
    drops = {
        r["setDataValidation"]["range"]["startColumnIndex"]: [
            v["userEnteredValue"] for v in r["setDataValidation"]["rule"]["condition"]["values"]
        ]
        for r in rules
        if "setDataValidation" in r
    }
    assert text == [1]
    assert drops == {2: ["Ya", "Tidak"], 3: ["Aktif", "Nonaktif"]}
    assert all(r[next(iter(r))]["range"]["sheetId"] == 9 for r in rules)
    assert all(r[next(iter(r))]["range"]["startRowIndex"] == 1 for r in rules)  # never the header row


def test_input_rules_leave_set_up_columns_alone():
    header = ["Periode", "NIP", "Berorientasi Pelayanan", "Akuntabel"]
    second = [
        {},
        {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
        {"dataValidation": {"condition": {"type": "NUMBER_BETWEEN"}}},
        {},
    ]
    rules = input_rules(3, header, ["NIP"], PENILAIAN, second)
    assert [next(iter(r)) for r in rules] == ["setDataValidation"]
    assert rules[0]["setDataValidation"]["range"]["startColumnIndex"] == 3


RULE = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Ya"}]}}


def test_plan_adds_only_what_is_missing():
    info = spreadsheet_info(
        {
            "sheets": [
                {"properties": {"sheetId": 0, "title": "Pegawai"}},
                {"properties": {"sheetId": 1, "title": "Hasil Kinerja"}, "protectedRanges": [{"protectedRangeId": 1}]},
                {"properties": {"sheetId": 2, "title": "Validasi"}},
            ]
        },
        0.0,
    )
    found = {
        0: (
            ["NIP", "Nama", "Layanan Publik", "Status"],
            [
                {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                {},
                {"dataValidation": RULE},
                {"dataValidation": RULE},
            ],
        )
    }
    plan = plan_init("dinkes", info, agency_template(), default_owned(agency_template()), found)
    kinds = [next(iter(r)) for r in plan.requests]
    added = [r["addSheet"]["properties"]["title"] for r in plan.requests if "addSheet" in r]
    assert added == [
        "Laporan Kinerja",
        "Penilaian Atasan",
        "Presensi",
        "Penilai",
        *(t for t in AGENCY_OWNED_TABS if t not in ("Hasil Kinerja", "Validasi")),
    ]
    assert "dinkes: Pegawai (kolom NIP sebagai teks, pilihan isian)" not in plan.done  # all set up
    assert "dinkes: Validasi (proteksi peringatan)" in plan.done
    assert "dinkes: Hasil Kinerja (proteksi peringatan)" not in plan.done
    assert kinds.count("addProtectedRange") == 1 + len(AGENCY_OWNED_TABS) - 2
    new_ids = [r["addSheet"]["properties"]["sheetId"] for r in plan.requests if "addSheet" in r]
    assert len(set(new_ids)) == len(new_ids) and not {0, 1, 2} & set(new_ids)


def test_default_owned_tells_agency_from_city():
    assert [n for n, _h in default_owned(agency_template())] == list(AGENCY_OWNED_TABS)
    city = city_template("Form Responses 1", "Pengaduan")
    assert [n for n, _h in default_owned(city)] == list(CITY_OWNED_TABS)
    assert all(headers for _n, headers in default_owned(city))


# ---- on the fake ----------------------------------------------------------------------------------


def test_init_adds_missing_tabs_rules_and_owned_tabs_in_one_batch(fake):
    fake.reset_counts()
    created = google_backend(fake).init_template("dinkes", agency_template())
    assert fake.counts == {"get": 2, "batchUpdate": 1}
    assert "dinkes: Penilaian Atasan" in created
    assert {f"dinkes: {name}" for name in AGENCY_OWNED_TABS} <= set(created)
    ratings = fake.tab("dinkes", "Penilaian Atasan")
    assert fake.values("dinkes", "Penilaian Atasan")[0][:3] == ["Periode", "NIP", "Berorientasi Pelayanan"]
    assert 1 in ratings.text_columns  # NIP
    rule = ratings.validations[(1, 2)]
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == ["1", "2", "3", "4", "5"]
    # Existing tabs keep their data and get the rules they lack.
    pegawai = fake.tab("dinkes", "Pegawai")
    assert fake.values("dinkes", "Pegawai") == [["NIP", "Nama"], [NIP, "Rina"]]
    assert 0 in pegawai.text_columns
    for name in AGENCY_OWNED_TABS:
        tab = fake.tab("dinkes", name)
        assert tab.protected and all(p.get("warningOnly") for p in tab.protected)
    assert 1 in fake.tab("dinkes", "Laporan Kinerja").text_columns
    assert fake.values("dinkes", "Laporan Kinerja")[1][1] == NIP


def test_init_puts_dropdowns_where_the_headers_are(fake):
    fake.add_spreadsheet("dukcapil", {"Sheet1": []})
    google_backend(fake).init_template("dukcapil", agency_template())
    pegawai = fake.tab("dukcapil", "Pegawai")
    headers = fake.values("dukcapil", "Pegawai")[0]
    options = {
        headers[c]: [v["userEnteredValue"] for v in rule["condition"]["values"]]
        for (r, c), rule in pegawai.validations.items()
        if r == 1
    }
    assert options == {"Layanan Publik": ["Ya", "Tidak"], "Status": ["Aktif", "Nonaktif"]}
    laporan = fake.tab("dukcapil", "Laporan Kinerja")
    headers = fake.values("dukcapil", "Laporan Kinerja")[0]
    assert {headers[c] for (r, c) in laporan.validations if r == 1} == {"Arah"}
    assert {headers[c] for c in laporan.text_columns} == {"NIP"}


def test_init_a_second_time_changes_nothing(fake):
    google_backend(fake).init_template("dinkes", agency_template())
    fake.reset_counts()
    assert google_backend(fake).init_template("dinkes", agency_template()) == []
    assert "batchUpdate" not in fake.counts


def test_init_on_the_city_adds_the_city_owned_tabs(fake):
    fake.add_spreadsheet("kota", {"Tanggapan Formulir 1": [["Cap waktu", "Unit Layanan"]]})
    created = google_backend(fake).init_template("kota", city_template("Tanggapan Formulir 1", "Pengaduan"))
    assert {f"kota: {name}" for name in CITY_OWNED_TABS} <= set(created)
    assert "kota: Hasil Kinerja" not in created
    assert fake.values("kota", "Tanggapan Formulir 1") == [["Cap waktu", "Unit Layanan"]]


def test_init_cannot_create_a_spreadsheet_and_says_what_to_do(fake):
    with pytest.raises(SpreadsheetUnavailable) as info:
        google_backend(fake).init_template("belum-ada", agency_template())
    message = str(info.value)
    assert "Buat spreadsheet kosong" in message and fake.share_email in message


def test_init_records_that_new_owned_tabs_hold_only_headers(fake, tmp_path):
    state = tmp_path / "state.json"
    google_backend(fake, state_path=state).init_template("dinkes", agency_template())
    # So the first write blanks one row, not the 1000-row grid init made.
    assert json.loads(state.read_text())["spreadsheets"]["dinkes"]["tabs"]["hasilkinerja"]["rows"] == 1
    fake.reset_counts()
    backend = google_backend(fake, state_path=state)
    backend.write("dinkes", owned(2))
    # The first write sets the number formats on the tab init made (one batchUpdate), then writes.
    assert fake.counts == {"get": 1, "batchUpdate": 1, "values.batchUpdate": 1}
    assert fake.values("dinkes", "Hasil Kinerja") == [["Nama", "Nilai Akhir"], ["P0", 1], ["P1", 1]]
