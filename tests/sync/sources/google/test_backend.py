"""sync/sources/google/backend.py on the fake Sheets API: request counts, metadata, dates, the write state, config.

The behaviour both backends share is in tests/sync/sources/test_backend_contract.py; faults are in
tests/sync/sources/google/test_faults.py, init in tests/sync/sources/google/test_prepare.py. Here: what only the Google backend
promises (one batchGet per read, metadata once, one values:batchUpdate per changed write, none
when unchanged, ...).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from config.errors import ConfigError
from config.settings import SourceSettings
from sync.sources.backend import SheetTable
from sync.sources.google.backend import MISSING_TAB_RECHECK_SECONDS, GoogleBackend
from tests.fake_sheets import FakeSheets
from tests.google_world import NIP, FakeClock, dinkes_fake, google_backend

AGENCY_TABS = ["Pegawai", "Laporan Kinerja", "Penilaian Atasan", "Presensi"]


@pytest.fixture
def fake():
    return dinkes_fake()


def owned(n: int, value: float = 1.0) -> list[SheetTable]:
    return [
        SheetTable(
            "Hasil Kinerja", ("Nama", "Nilai Akhir"), [[f"P{i}", value] for i in range(n)], {"Nilai Akhir": "0.00"}
        ),
        SheetTable("Validasi", ("Tab", "Masalah"), []),
        SheetTable("Ringkasan", ("Periode", "Pegawai Aktif"), [["Oktober 2026", n]]),
    ]


# ---- request counts -------------------------------------------------------------------------------


def test_a_read_is_one_batch_get_and_metadata_is_fetched_once(fake):
    backend = google_backend(fake)
    tabs = backend.read("dinkes", AGENCY_TABS)
    assert set(tabs) == {"Pegawai", "Laporan Kinerja", "Presensi"}
    assert fake.counts == {"get": 1, "values.batchGet": 1}
    backend.read("dinkes", AGENCY_TABS)
    backend.read("dinkes", AGENCY_TABS)
    assert fake.counts == {"get": 1, "values.batchGet": 3}
    assert backend.stats["requests"] == {"get": 1, "values.batchGet": 3}
    assert backend.stats["by_spreadsheet"]["dinkes"]["values.batchGet"] == 3


def test_a_read_asks_only_for_tabs_that_exist_with_unformatted_values(fake):
    google_backend(fake).read("dinkes", AGENCY_TABS)
    kind, url, status = fake.log[-1]
    assert kind == "values.batchGet" and status == 200
    assert "Penilaian" not in url  # a missing tab in the ranges would fail the whole batch
    assert "valueRenderOption=UNFORMATTED_VALUE" in url and "dateTimeRenderOption=SERIAL_NUMBER" in url


def test_writes_cost_one_batch_update_then_nothing_when_unchanged(fake):
    backend = google_backend(fake)
    backend.read("dinkes", AGENCY_TABS)
    fake.reset_counts()
    assert backend.write("dinkes", owned(3)) is True
    # Missing owned tabs are added (with formats and protection) in one batchUpdate, then all
    # owned tabs are written in one values:batchUpdate.
    assert fake.counts == {"batchUpdate": 1, "values.batchUpdate": 1}
    assert backend.write("dinkes", owned(3)) is False
    assert fake.counts == {"batchUpdate": 1, "values.batchUpdate": 1}
    assert backend.write("dinkes", owned(3, value=2.0)) is True
    assert fake.counts == {"batchUpdate": 1, "values.batchUpdate": 2}
    assert fake.values("dinkes", "Hasil Kinerja")[1] == ["P0", 2]


def test_a_cycle_without_changes_costs_one_read_per_spreadsheet(fake):
    backend = google_backend(fake)
    backend.read("dinkes", AGENCY_TABS)
    backend.write("dinkes", owned(3))
    fake.reset_counts()
    backend.read("dinkes", AGENCY_TABS)
    backend.write("dinkes", owned(3))
    assert fake.counts == {"values.batchGet": 1}


def test_owned_tabs_are_written_raw_in_one_request(fake):
    backend = google_backend(fake)
    backend.write("dinkes", [SheetTable("Hasil Kinerja", ("Nama", "Catatan"), [["=1+2", "+62"], ["'a", math.nan]])])
    # RAW: with USER_ENTERED '=1+2' would become a formula and "'a" would lose its quote.
    assert fake.values("dinkes", "Hasil Kinerja") == [["Nama", "Catatan"], ["=1+2", "+62"], ["'a"]]


def test_created_owned_tabs_have_a_frozen_header_formats_and_warning_only_protection(fake):
    google_backend(fake).write("dinkes", owned(3))
    tab = fake.tab("dinkes", "Hasil Kinerja")
    assert tab.frozen_row_count == 1
    assert tab.protected and all(p.get("warningOnly") for p in tab.protected)
    assert tab.number_format(1, 1) == {"type": "NUMBER", "pattern": "0.00"}
    assert tab.row_count >= 4 and tab.column_count == 2


def test_the_grid_grows_in_the_structural_batch_when_results_outgrow_it(fake):
    backend = google_backend(fake)
    backend.write("dinkes", owned(3))
    rows = fake.tab("dinkes", "Hasil Kinerja").row_count
    fake.reset_counts()
    backend.write("dinkes", owned(rows + 50))
    assert fake.counts == {"batchUpdate": 1, "values.batchUpdate": 1}
    assert len(fake.values("dinkes", "Hasil Kinerja")) == rows + 51
    fake.reset_counts()
    backend.write("dinkes", owned(rows + 60))  # headroom: the next months need no resize
    assert fake.counts == {"values.batchUpdate": 1}


def test_non_finite_numbers_and_none_are_written_as_blank_cells(fake):
    backend = google_backend(fake)
    table = SheetTable("Validasi", ("A", "B", "C", "D"), [["x", math.inf, None, -math.inf], [math.nan, 2, "", 3]])
    backend.write("dinkes", [table])
    assert fake.values("dinkes", "Validasi") == [["A", "B", "C", "D"], ["x"], ["", 2, "", 3]]


def test_a_tab_deleted_by_hand_is_added_again_on_the_next_change(fake):
    backend = google_backend(fake)
    backend.write("dinkes", owned(3))
    gc = fake.client()
    sheet = gc.open_by_key("dinkes")
    sheet.del_worksheet(sheet.worksheet("Validasi"))
    fake.reset_counts()
    backend.write("dinkes", owned(4))
    # values:batchUpdate fails on the missing tab: metadata again, the tab added, the write redone.
    assert fake.counts == {"values.batchUpdate": 2, "get": 1, "batchUpdate": 1}
    assert fake.values("dinkes", "Validasi") == [["Tab", "Masalah"]]
    assert len(fake.values("dinkes", "Hasil Kinerja")) == 5


def test_an_owned_tab_added_by_hand_since_the_metadata_is_used_not_added_twice(fake):
    backend = google_backend(fake)
    backend.read("dinkes", AGENCY_TABS)
    fake.client().open_by_key("dinkes").add_worksheet("validasi", rows=5, cols=2)
    fake.reset_counts()
    assert backend.write("dinkes", owned(3)) is True
    # addSheet "Validasi" is refused (names are unique case-insensitively): metadata, then again.
    assert fake.counts == {"batchUpdate": 2, "get": 1, "values.batchUpdate": 1}
    assert fake.values("dinkes", "validasi") == [["Tab", "Masalah"]]
    assert [t for t in fake.titles("dinkes") if t.lower() == "validasi"] == ["validasi"]


# ---- metadata refresh -------------------------------------------------------------------------------


def test_a_missing_tab_is_looked_for_again_only_after_a_while(fake):
    clock = FakeClock()
    backend = google_backend(fake, clock=clock)
    backend.read("dinkes", AGENCY_TABS)
    gc = fake.client()
    gc.open_by_key("dinkes").add_worksheet("Penilaian Atasan", rows=10, cols=3).update(
        [["Periode", "NIP", "Akuntabel"], ["2026-10", NIP, 4]], "A1"
    )
    fake.reset_counts()
    assert "Penilaian Atasan" not in backend.read("dinkes", AGENCY_TABS)
    assert fake.counts == {"values.batchGet": 1}
    clock.now += MISSING_TAB_RECHECK_SECONDS
    tabs = backend.read("dinkes", AGENCY_TABS)
    assert fake.counts == {"values.batchGet": 2, "get": 1}
    assert tabs["Penilaian Atasan"].body.loc[2, 2] == 4.0


def test_a_renamed_tab_refreshes_the_metadata_and_the_read_still_succeeds(fake):
    backend = google_backend(fake)
    backend.read("dinkes", AGENCY_TABS)
    fake.client().open_by_key("dinkes").worksheet("Presensi").update_title("presensi")
    fake.reset_counts()
    tabs = backend.read("dinkes", AGENCY_TABS)
    assert set(tabs) == {"Pegawai", "Laporan Kinerja", "Presensi"}
    assert fake.counts == {"values.batchGet": 1}  # names match case-insensitively: 'presensi' still parses
    fake.client().open_by_key("dinkes").worksheet("presensi").update_title("Absensi Lama")
    fake.reset_counts()
    tabs = backend.read("dinkes", AGENCY_TABS)
    assert set(tabs) == {"Pegawai", "Laporan Kinerja"}
    assert fake.counts == {"values.batchGet": 2, "get": 1}


# ---- dates -----------------------------------------------------------------------------------------


def test_serials_in_date_columns_become_dates_in_the_spreadsheets_time_zone():
    fake = FakeSheets(time_zone="Asia/Jakarta")
    utc = dt.timezone.utc
    moment = dt.datetime(2026, 10, 1, 1, 15, 30, tzinfo=utc)  # 08:15:30 WIB, 02:15:30 in London (BST)
    rows = [["Cap waktu", "Unit Layanan", "U1", "Tanggal Masuk"], [moment, "DPMPTSP", 4, dt.date(2026, 9, 30)]]
    fake.add_spreadsheet("kota", {"Tanggapan Formulir 1": rows})
    fake.add_spreadsheet("london", {"Tanggapan Formulir 1": rows}, time_zone="Europe/London")
    backend = google_backend(fake)
    wib = backend.read("kota", ["Tanggapan Formulir 1"])["Tanggapan Formulir 1"].body
    assert wib.loc[2, 0] == dt.datetime(2026, 10, 1, 8, 15, 30)
    assert wib.loc[2, 2] == 4.0  # a number in another column stays a number
    assert wib.loc[2, 3] == dt.date(2026, 9, 30) and type(wib.loc[2, 3]) is dt.date
    london = backend.read("london", ["Tanggapan Formulir 1"])["Tanggapan Formulir 1"].body
    assert london.loc[2, 0] == dt.datetime(2026, 10, 1, 2, 15, 30)


def test_configured_date_aliases_are_converted_too(fake):
    fake.add_spreadsheet("kota", {"Pengaduan": [["Tgl Lapor"], [46296]]})
    assert google_backend(fake).read("kota", ["Pengaduan"])["Pengaduan"].body.loc[2, 0] == 46296.0
    backend = GoogleBackend(
        SourceSettings(kind="google"), session=fake.session(), credentials=fake.credentials, date_headers=["Tgl Lapor"]
    )
    assert backend.read("kota", ["Pengaduan"])["Pengaduan"].body.loc[2, 0] == dt.date(2026, 10, 1)


# ---- state file ------------------------------------------------------------------------------------


def test_the_state_file_lets_a_new_backend_skip_unchanged_spreadsheets(fake, tmp_path):
    state = tmp_path / "var" / "google-state.json"
    google_backend(fake, state_path=state).write("dinkes", owned(3))
    saved = json.loads(state.read_text())
    assert saved["spreadsheets"]["dinkes"]["digest"]
    assert saved["spreadsheets"]["dinkes"]["tabs"]["hasilkinerja"]["rows"] == 4
    fake.reset_counts()
    again = google_backend(fake, state_path=state)
    assert again.write("dinkes", owned(3)) is False
    assert fake.counts == {}  # not even metadata
    assert again.write("dinkes", owned(2)) is True
    assert fake.values("dinkes", "Hasil Kinerja") == [["Nama", "Nilai Akhir"], ["P0", 1], ["P1", 1]]


def test_a_damaged_state_file_only_costs_a_write(fake, tmp_path):
    state = tmp_path / "google-state.json"
    google_backend(fake, state_path=state).write("dinkes", owned(30))
    state.write_text("{not json")
    backend = google_backend(fake, state_path=state)
    assert backend.write("dinkes", owned(2)) is True
    assert len(fake.values("dinkes", "Hasil Kinerja")) == 3  # the whole grid was blanked
    assert json.loads(state.read_text())["spreadsheets"]["dinkes"]["digest"]


# ---- construction ----------------------------------------------------------------------------------


def test_missing_credentials_are_a_config_error_naming_both_places(monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(ConfigError) as info:
        GoogleBackend(SourceSettings(kind="google"))
    assert "source.credentials" in str(info.value) and "GOOGLE_APPLICATION_CREDENTIALS" in str(info.value)


def test_an_unreadable_key_file_is_a_config_error(tmp_path, monkeypatch):
    key = tmp_path / "kunci.json"
    key.write_text("{}")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    with pytest.raises(ConfigError, match="tidak dapat dibaca"):
        GoogleBackend(SourceSettings(kind="google"))


@pytest.mark.parametrize(
    "field, value", [("reads_per_minute", 0), ("writes_per_minute", -1), ("max_retries", -1), ("timeout_seconds", 0.0)]
)
def test_impossible_pacing_settings_are_config_errors(fake, field, value):
    with pytest.raises(ConfigError, match=f"source.{field}"):
        google_backend(fake, **{field: value})


def service_account_file(path):
    """A service-account key file as Google issues it, with a freshly made RSA key (no network)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "kinerja-solok",
                "private_key_id": "abc",
                "private_key": pem,
                "client_email": "kinerja@kinerja-solok.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


def test_make_backend_builds_the_google_backend_from_the_config(tmp_path):
    from config.settings import parse_settings
    from sync.sources.backends import make_backend

    pytest.importorskip("cryptography")
    (tmp_path / "rahasia").mkdir()
    service_account_file(tmp_path / "rahasia" / "kunci.json")
    settings = parse_settings(
        {
            "source": {"kind": "google", "credentials": "rahasia/kunci.json", "reads_per_minute": 50},
            "city": {"spreadsheet": "kunci-kota"},
            "agencies": [{"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "kunci-dinkes"}],
            "store": {"path": "var/kinerja.sqlite"},
        },
        tmp_path / "kinerja.toml",
    )
    backend = make_backend(settings)
    try:
        assert isinstance(backend, GoogleBackend)
        assert backend.account_email == "kinerja@kinerja-solok.iam.gserviceaccount.com"
        assert backend.state.path == tmp_path / "var" / "google-state.json"
        assert backend.pacer.limiters["read"].per_minute == 50
        assert backend.http.timeout == 30.0
    finally:
        backend.close()


def test_flush_has_nothing_pending_and_exists_asks_google(fake):
    backend = google_backend(fake)
    assert backend.flush() == {}
    assert backend.exists("dinkes") is True
    assert backend.exists("lain") is False
    fake.add_spreadsheet("rahasia", {"Pegawai": []}, shared=False)
    assert backend.exists("rahasia") is False
