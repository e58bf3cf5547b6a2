"""Accounts in the store (issue 13): sessions and throttle that survive a restart and are shared
by several site processes, activation codes, the access log on /saya and its export, the
personal downloads, and the `akun` CLI (real subprocesses against a real store)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sync.store import accounts as account_store
from tests import accounts_world as w
from tests.hr_helpers import PASSWORD, csrf_token, hr_app, text_of
from tests.paths import ROOT
from web import activation, auth


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("accounts")).path


@pytest.fixture
def store(template, tmp_path):
    return w.copy_store(template, tmp_path)


def test_login_by_nip_lands_on_saya_and_hr_masuk_redirects(store):
    client = hr_app(store).test_client()
    old = client.get("/hr/masuk?next=/hr/validasi")
    assert old.status_code == 301 and old.headers["Location"] == "/masuk?next=/hr/validasi"
    response = w.log_in(client, w.LEAF)
    assert response.headers["Location"] == "/saya"
    page = client.get("/saya")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = text_of(page.get_data(as_text=True))
    assert "Kinerja saya" in text and w.LEAF in text and "Penjelasan nilai" in text
    assert "Pertahankan kinerja." in text  # the supervisor's Umpan Balik
    assert 'id="tren-na' in page.get_data(as_text=True)  # the trend chart


def test_session_survives_a_restart_and_is_shared_by_two_processes(store):
    first = hr_app(store)
    client = first.test_client()
    w.log_in(client, w.LEAF)
    second = hr_app(store)  # another process (or the same site after a restart), same store and key
    cookie = client.get_cookie("kinerja_hr", path="/")
    other = second.test_client()
    other.set_cookie("kinerja_hr", cookie.value, path="/")
    assert other.get("/saya").status_code == 200
    other.post("/keluar", data={"csrf_token": csrf_token(other, "/saya")})
    assert client.get("/saya").status_code == 302  # logging out in one process ends it in all


def test_throttle_is_shared_by_processes(store):
    clients = [hr_app(store).test_client() for _ in range(2)]
    for n in range(auth.MAX_FAILURES):
        client = clients[n % 2]
        data = {"csrf_token": csrf_token(client), "username": w.LEAF, "password": f"salah-{n}-xxxxxxxx"}
        response = client.post("/masuk", data=data)
        assert response.status_code in (401, 429)
    data = {"csrf_token": csrf_token(clients[0]), "username": w.LEAF, "password": PASSWORD}
    assert clients[0].post("/masuk", data=data).status_code == 429  # locked, whichever process answers
    with store.connect() as conn:
        keys = [k for (k,) in conn.execute("SELECT key_hash FROM login_failures")]
    assert keys and all(w.LEAF not in k and len(k) == 64 for k in keys)  # stored as digests only


def test_supervisor_view_is_listed_on_the_employees_saya(store):
    app = hr_app(store)
    boss, me = app.test_client(), app.test_client()
    w.log_in(boss, w.MID)
    assert boss.get(f"/pegawai/{w.LEAF}").status_code == 200
    w.log_in(me, w.LEAF)
    text = text_of(me.get("/saya").get_data(as_text=True))
    assert "Siapa yang melihat data saya" in text
    assert "Atasan Tengah Pejabat Penilai Halaman hasil kinerja Anda Oktober 2026" in text
    assert me.get(f"/pegawai/{w.LEAF}").status_code == 200
    assert len(account_store.accesses_of(store, w.LEAF)) == 1  # one's own visits are not logged


def test_team_page_lists_reports_with_completeness(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.HEAD)
    page = client.get("/tim")
    text = text_of(page.get_data(as_text=True))
    assert page.headers["Cache-Control"] == "no-store"
    assert "3 orang" in text and "Atasan Pejabat Penilai" in text and "Perlu perhatian" in text
    assert {a.target_nip for a in account_store.accesses_of(store, w.LEAF)} == {w.LEAF}


def test_own_downloads_hold_only_own_data(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.LEAF)
    data = json.loads(client.get("/saya/data.json?nip=" + w.OTHER).get_data(as_text=True))
    assert data["nip"] == w.LEAF
    assert {r["nip"] for r in data["hasil_bulanan"]} == {w.LEAF} and len(data["hasil_bulanan"]) == 3
    xlsx = client.get("/saya/data.xlsx").get_data()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        names = z.namelist()
        body = "".join(z.read(n).decode() for n in names)
    assert "xl/worksheets/sheet2.xml" in names and w.LEAF in body and w.OTHER not in body


def test_activation_code_sets_a_password_once(store):
    staff = [p for p in account_store_people(store) if p["nip"] == w.LEAF2]
    [issued] = activation.issue_codes(store, staff, 14, "uji")
    with store.connect() as conn:
        stored = conn.execute("SELECT code_hash FROM activation_codes WHERE nip = ?", (w.LEAF2,)).fetchone()[0]
    assert activation.normal_code(issued["code"]) not in stored  # a digest, not the code
    client = hr_app(store).test_client()
    form = {
        "csrf_token": csrf_token(client, "/aktivasi"),
        "nip": w.LEAF2,
        "kode": issued["code"].lower(),
        "password": "sandi-baru-yang-panjang",
        "password2": "sandi-baru-yang-panjang",
    }
    short = client.post("/aktivasi", data={**form, "password": "pendek", "password2": "pendek"})
    assert short.status_code == 400 and "terlalu pendek" in short.get_data(as_text=True)
    done = client.post("/aktivasi", data=form)
    assert done.status_code == 200 and activation.DONE in done.get_data(as_text=True)
    again = client.post("/aktivasi", data=form)
    assert again.status_code == 400 and activation.BAD_CODE in again.get_data(as_text=True)
    w.log_in(client, w.LEAF2, "sandi-baru-yang-panjang")
    assert client.get("/saya").status_code == 200


def test_expired_or_wrong_code_is_refused_alike(store):
    staff = [p for p in account_store_people(store) if p["nip"] == w.LEAF2]
    [issued] = activation.issue_codes(store, staff, 1, "uji", now=1_000_000.0)  # long expired
    assert (
        activation.redeem(store, w.LEAF2, issued["code"], "sandi-baru-yang-panjang", 2_000_000.0) == activation.BAD_CODE
    )
    assert (
        activation.redeem(store, w.LEAF2, "AAAA-BBBB-CCCC", "sandi-baru-yang-panjang", 1_000_001.0)
        == activation.BAD_CODE
    )
    assert activation.redeem(store, w.LEAF2, issued["code"], "sandi-baru-yang-panjang", 1_000_001.0) is None


def test_admin_issues_a_code_for_own_staff_only(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.ADMIN_DINKES)
    page = client.get("/hr/kode-aktivasi")
    assert page.status_code == 200 and "Budi Santoso" in page.get_data(as_text=True)
    token = csrf_token(client, "/hr/kode-aktivasi")
    made = client.post("/hr/kode-aktivasi", data={"csrf_token": token, "nip": w.LEAF2})
    assert made.status_code == 200 and "Kode baru untuk" in made.get_data(as_text=True)
    assert account_store.code_record(store, w.LEAF2) is not None


def test_bkpsdm_exports_the_access_log(store):
    app = hr_app(store)
    boss, hr, admin = app.test_client(), app.test_client(), app.test_client()
    w.log_in(boss, w.MID)
    boss.get(f"/pegawai/{w.LEAF}")
    w.log_in(hr, "bkpsdm")
    day = account_store.city_today().isoformat()  # the export filters on WIB dates
    csv_text = hr.get(f"/hr/log-akses?opd=DINKES&dari={day}&sampai={day}&format=csv").get_data().decode("utf-8-sig")
    assert "Atasan Tengah" in csv_text and w.LEAF in csv_text and "Pejabat Penilai" in csv_text
    none = hr.get(f"/hr/log-akses?opd=DPMPTSP&dari={day}&sampai={day}&format=csv").get_data().decode("utf-8-sig")
    assert w.LEAF not in none
    xlsx = hr.get(f"/hr/log-akses?dari={day}&sampai={day}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"
    assert hr.get("/hr/log-akses?dari=2026-12-31&sampai=2026-01-01&format=csv").status_code == 400
    w.log_in(admin, w.ADMIN_DINKES)
    assert admin.get(f"/hr/log-akses?dari={day}&sampai={day}&format=csv").status_code == 403


def account_store_people(store):
    from web import hr_data

    return hr_data.agency_staff(store, "DINKES")


# ---- the CLI ---------------------------------------------------------------------------------


def _config(tmp_path, store) -> Path:
    """A minimal valid config whose store is `store` (local backend, files created empty)."""
    data = tmp_path / "data"
    data.mkdir()
    path = tmp_path / "kinerja.toml"
    path.write_text(
        f"""
[source]
kind = "local"
folder = "data"
[city]
spreadsheet = "kota"
[store]
path = "{store.path}"
[accounts]
activation_days = 7
[[agencies]]
code = "DINKES"
name = "Dinas Kesehatan"
spreadsheet = "dinkes"
""",
        encoding="utf-8",
    )
    return path


def _akun(config: Path, *args, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "main.py", "akun", *args, "--config", str(config)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_akun_cli_adds_lists_invites_and_removes(store, tmp_path):
    config = _config(tmp_path, store)
    added = _akun(
        config,
        "tambah",
        w.LEAF2,
        "--peran",
        "admin-opd",
        "--opd",
        "DINKES",
        "--password-stdin",
        stdin="kata-sandi-cli-123\n",
    )
    assert added.returncode == 0, added.stderr
    assert "admin-opd OPD DINKES" in added.stdout
    bad = _akun(
        config,
        "tambah",
        w.LEAF2,
        "--peran",
        "admin-opd",
        "--opd",
        "TIDAKADA",
        "--password-stdin",
        stdin="kata-sandi-cli-123\n",
    )
    assert bad.returncode != 0 and "tidak ada di basis data hasil" in bad.stderr
    weak = _akun(config, "tambah", "198501012010011999", "--peran", "pegawai", "--password-stdin", stdin="pendek\n")
    assert weak.returncode != 0 and "terlalu pendek" in weak.stderr
    listed = _akun(config, "daftar")
    assert w.LEAF2 in listed.stdout and "password" not in listed.stdout and "pbkdf2" not in listed.stdout
    out = tmp_path / "kode-dinkes.xlsx"
    invited = _akun(config, "undang", "--opd", "DINKES", "--out", str(out))
    assert invited.returncode == 0, invited.stderr
    assert "berlaku 7 hari" in invited.stdout
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("NIP", "Nama", "Unit Kerja", "Kode Aktivasi")
    nips = {r[0] for r in rows[1:]}
    assert w.HEAD not in nips and w.LEAF2 not in nips  # active accounts get no new code by default
    assert fx_nip_count(nips)
    code = next(r[3] for r in rows[1:] if r[0] == fx_first_without_account())
    assert activation.redeem(store, fx_first_without_account(), code, "sandi-baru-yang-panjang", 0.0) is None
    removed = _akun(config, "hapus", w.LEAF2)
    assert removed.returncode == 0 and account_store.account(store, w.LEAF2) is None
    again = _akun(config, "hapus", w.LEAF2)
    assert again.returncode != 0 and "tidak ada" in again.stderr


def fx_first_without_account() -> str:
    from tests import fixture_store as fx

    return fx.nip(0, 5)  # Rina Marlina: on the DINKES roster, no account in accounts_world


def fx_nip_count(nips) -> bool:
    return fx_first_without_account() in nips


def test_sessions_are_stored_as_digests_and_personal_pages_are_not_cached(store):
    app = hr_app(store)
    client = app.test_client()
    w.log_in(client, w.MID)
    cookie = client.get_cookie("kinerja_hr", path="/").value
    sid = app.session_interface.get_signing_serializer(app).loads(cookie)["sid"]
    with store.connect() as conn:
        stored = [row[0] for row in conn.execute("SELECT sid_hash FROM sessions")]
    assert stored == [account_store.digest(sid)] and sid not in stored
    for path in ("/saya", "/tim", f"/pegawai/{w.LEAF}", "/saya/data.json", "/masuk", "/aktivasi"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert "noindex" in response.headers["X-Robots-Tag"], path
