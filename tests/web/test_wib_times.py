"""Times people read are WIB (Asia/Jakarta, UTC+7) whatever zone the server's clock runs on: the
access log on /saya and its BKPSDM export (filtered by WIB dates), the activation code's expiry,
the Laporan SKM's "Disusun" date. A real store, the Flask test client, real PDFs read by poppler.

The server's zone is set for real (TZ + time.tzset) to one whose date differs from Kota Solok's at
the moment the test runs, so a date taken from the server's clock instead of WIB's shows up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import time

import pytest

from scoring.indonesian import long_date
from scoring.periods import CITY_ZONE
from sync.store import accounts as account_store
from sync.store.accounts import Access
from tests import accounts_world as w
from tests.hr_helpers import csrf_token, hr_app, text_of

# 22.35 UTC on 4 December is 05.35 WIB on 5 December; 16.59 UTC is 23.59 WIB, still 4 December.
LATE_UTC = "2026-12-04T22:35:24+00:00"
EVENING_UTC = "2026-12-04T16:59:59+00:00"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("wib")).path


@pytest.fixture
def store(template, tmp_path):
    store = w.copy_store(template, tmp_path)
    account_store.log_access(
        store,
        [
            Access(LATE_UTC, w.MID, "Atasan Tengah", "Pejabat Penilai", w.LEAF, "DINKES", "penetapan 2026-10"),
            Access(EVENING_UTC, w.MID, "Atasan Tengah", "Pejabat Penilai", w.LEAF, "DINKES", "laporan Excel 2026-Q4"),
        ],
    )
    return store


@pytest.fixture
def server_zone_off_by_a_day():
    """The server's zone set to one whose date is not today's WIB date (UTC−12 or UTC+14)."""
    wib_hour = dt.datetime.now(CITY_ZONE).hour
    zone = "Etc/GMT+12" if wib_hour < 19 else "Etc/GMT-14"  # local = WIB − 19 h, or WIB + 7 h
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    assert dt.date.today() != dt.datetime.now(CITY_ZONE).date()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_saya_lists_who_looked_in_wib_and_in_words(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.LEAF)
    text = text_of(client.get("/saya").get_data(as_text=True))
    assert (
        "5 Desember 2026 05.35 WIB Atasan Tengah Pejabat Penilai Halaman penetapan hasil kinerja Oktober 2026" in text
    )
    assert "4 Desember 2026 23.59 WIB Atasan Tengah Pejabat Penilai Laporan Excel BKPSDM/OPD triwulan IV 2026" in text
    assert "22:35" not in text and "2026-12-04" not in text and "penetapan 2026-10" not in text


def _csv(client, start: str, end: str) -> list[dict]:
    response = client.get(f"/hr/log-akses?opd=DINKES&dari={start}&sampai={end}&format=csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_log_export_filters_and_shows_wib_dates(store):
    client = hr_app(store).test_client()
    w.log_in(client, "bkpsdm")
    fifth = _csv(client, "2026-12-05", "2026-12-05")
    assert [(r["Waktu (ISO, WIB)"], r["Waktu"], r["Apa"]) for r in fifth] == [
        ("2026-12-05T05:35:24+07:00", "5 Desember 2026 05.35 WIB", "Halaman penetapan hasil kinerja Oktober 2026")
    ]
    fourth = _csv(client, "2026-12-04", "2026-12-04")
    assert [r["Waktu (ISO, WIB)"] for r in fourth] == ["2026-12-04T23:59:59+07:00"]
    both = _csv(client, "2026-12-03", "2026-12-06")
    assert [r["Waktu"] for r in both] == ["4 Desember 2026 23.59 WIB", "5 Desember 2026 05.35 WIB"]
    page = client.get("/hr/log-akses").get_data(as_text=True)
    today = dt.datetime.now(CITY_ZONE).date().isoformat()
    assert f'name="dari" type="date" value="{today}"' in page  # today in WIB, ready to download


def test_todays_views_are_in_todays_wib_export_on_a_server_in_another_zone(store, server_zone_off_by_a_day):
    app = hr_app(store)
    boss, hr = app.test_client(), app.test_client()
    w.log_in(boss, w.MID)
    assert boss.get(f"/pegawai/{w.LEAF}").status_code == 200  # logged with the server's clock and zone
    w.log_in(hr, "bkpsdm")
    today = dt.datetime.now(CITY_ZONE).date().isoformat()
    rows = [r for r in _csv(hr, today, today) if r["Apa"].startswith("Halaman hasil kinerja Anda")]
    assert len(rows) == 1 and rows[0]["Waktu (ISO, WIB)"].startswith(today)
    assert rows[0]["Waktu (ISO, WIB)"].endswith("+07:00")


def test_activation_code_expiry_is_wib(store, server_zone_off_by_a_day):
    client = hr_app(store).test_client()
    w.log_in(client, w.ADMIN_DINKES)
    token = csrf_token(client, "/hr/kode-aktivasi")
    made = text_of(client.post("/hr/kode-aktivasi", data={"csrf_token": token, "nip": w.LEAF2}).get_data(as_text=True))
    expires = dt.datetime.now(CITY_ZONE) + dt.timedelta(days=14)
    assert f"berlaku sampai {long_date(expires)} " in made and " WIB." in made


def test_skm_report_is_dated_today_in_wib(tmp_path, server_zone_off_by_a_day):
    from tests.hr_helpers import hr_store, login
    from tests.web.test_skm_report import add_skm_tables

    store = add_skm_tables(hr_store(tmp_path))
    client = hr_app(store).test_client()
    login(client)
    token = csrf_token(client, "/hr/laporan")
    response = client.post("/hr/laporan-skm", data={"csrf_token": token, "periode": "2026-10", "opd": "DINKES"})
    assert response.status_code == 200
    (tmp_path / "skm.pdf").write_bytes(response.data)
    text = " ".join(
        subprocess.run(["pdftotext", str(tmp_path / "skm.pdf"), "-"], capture_output=True, text=True).stdout.split()
    )
    assert f"Disusun {long_date(dt.datetime.now(CITY_ZONE).date())} dari basis data" in text
