"""Closing and reopening a period (issue 14, item 3): `python main.py periode tutup|buka|daftar`
through click's CliRunner against a real store, and BKPSDM's /hr/periode page (CSRF, BKPSDM only)."""

from __future__ import annotations

import getpass

import pytest
from click.testing import CliRunner

from main import cli
from sync.store import closures
from tests import accounts_world as w
from tests.hr_helpers import csrf_token, hr_app, text_of


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("periods")).path


@pytest.fixture
def store(template, tmp_path):
    return w.copy_store(template, tmp_path)


@pytest.fixture
def config(store, tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_text(
        f'[source]\nkind = "local"\nfolder = "data"\n\n[city]\nspreadsheet = "kota"\n\n[[agencies]]\n'
        f'code = "DINKES"\nname = "Dinas Kesehatan"\nspreadsheet = "dinkes"\n\n[store]\npath = "{store.path}"\n',
        encoding="utf-8",
    )
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_cli_closes_lists_and_reopens_with_who_and_why(store, config):
    closed = run("periode", "tutup", "Oktober 2026", "--alasan", "penilaian Oktober final", "--config", config)
    assert closed.exit_code == 0, closed.output
    assert closed.output.startswith(f"Periode Oktober 2026 ditutup oleh {getpass.getuser()} pada ")
    assert list(closures.closed(store)) == ["2026-10"]
    assert closures.frozen(store, "2026-10")["results"]  # the store's rows of the month, frozen

    again = run("periode", "tutup", "2026-10", "--alasan", "lagi", "--config", config)
    assert again.exit_code == 2 and "Galat: periode Oktober 2026 sudah ditutup; buka dulu" in again.output
    nothing = run("periode", "buka", "2026-10", "--alasan", "  ", "--config", config)
    assert nothing.exit_code == 2 and "alasan wajib diisi" in nothing.output
    wrong = run("periode", "tutup", "2026-13", "--alasan", "x", "--config", config)
    assert wrong.exit_code == 2 and "Bulan 13" in wrong.output and "--periode" not in wrong.output
    missing = run("periode", "tutup", "2026-11", "--config", config)
    assert missing.exit_code == 2 and "--alasan" in missing.output

    opened = run("periode", "buka", "2026-10", "--alasan", "koreksi realisasi", "--oleh", "budi", "--config", config)
    assert opened.exit_code == 0 and "dibuka kembali oleh budi pada " in opened.output
    year = run("periode", "tutup", "2026", "--alasan", "tahun final", "--oleh", "sari", "--config", config)
    assert "Periode Tahun 2026 ditutup (termasuk 16 periode di dalamnya) oleh sari" in year.output

    listed = run("periode", "daftar", "--config", config)
    lines = listed.output.strip().splitlines()
    assert lines[0].startswith("Oktober 2026\tditutup\t") and lines[0].endswith(
        f"\toleh {getpass.getuser()}\talasan: penilaian Oktober final"
    )
    assert lines[1].startswith("Oktober 2026\tdibuka kembali\t") and "oleh budi\talasan: koreksi realisasi" in lines[1]
    assert " pukul " in lines[0] and "WIB" in lines[0]
    assert lines[-1] == "Ditutup sekarang: Tahun 2026."


def test_the_cli_lists_nothing_in_a_new_store(tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_text(
        '[source]\nkind = "local"\nfolder = "data"\n\n[city]\nspreadsheet = "kota"\n\n[[agencies]]\n'
        'code = "DINKES"\nname = "Dinas Kesehatan"\nspreadsheet = "dinkes"\n\n[store]\npath = "var/x.sqlite"\n',
        encoding="utf-8",
    )
    listed = run("periode", "daftar", "--config", path)
    assert listed.exit_code == 0 and listed.output.strip() == "Belum ada periode yang ditutup."


def test_bkpsdm_closes_and_reopens_on_the_page_recorded_with_the_login(store):
    app = hr_app(store)
    hr = app.test_client()
    w.log_in(hr, "bkpsdm")
    page = text_of(hr.get("/hr/periode").get_data(as_text=True))
    assert "Tidak ada periode yang sedang ditutup." in page and "Belum ada periode yang pernah ditutup." in page
    token = csrf_token(hr, "/hr/periode")
    refused = hr.post("/hr/periode", data={"aksi": "tutup", "periode": "2026-10", "alasan": "final"})
    assert refused.status_code == 400 and not closures.closed(store)  # no CSRF token: nothing done

    done = hr.post("/hr/periode", data={"csrf_token": token, "aksi": "tutup", "periode": "2026-10", "alasan": "final"})
    assert done.status_code == 200
    text = text_of(done.get_data(as_text=True))
    assert "Periode Oktober 2026 ditutup." in text
    event = closures.events(store)[-1]
    assert (event.period, event.action, event.by, event.reason) == ("2026-10", "tutup", "bkpsdm", "final")
    assert "Oktober 2026" in text and "Ditutup" in text and "bkpsdm" in text

    twice = hr.post("/hr/periode", data={"csrf_token": token, "aksi": "tutup", "periode": "2026-10", "alasan": "x"})
    assert twice.status_code == 400 and "sudah ditutup" in twice.get_data(as_text=True)
    unknown = hr.post("/hr/periode", data={"csrf_token": token, "aksi": "tutup", "periode": "Okt", "alasan": "x"})
    assert unknown.status_code == 400 and "tidak dikenal" in unknown.get_data(as_text=True)
    no_reason = hr.post("/hr/periode", data={"csrf_token": token, "aksi": "buka", "periode": "2026-10", "alasan": ""})
    assert no_reason.status_code == 400 and list(closures.closed(store)) == ["2026-10"]

    reopened = hr.post(
        "/hr/periode", data={"csrf_token": token, "aksi": "buka", "periode": "2026-10", "alasan": "koreksi OPD"}
    )
    assert reopened.status_code == 200 and "Periode Oktober 2026 dibuka kembali." in reopened.get_data(as_text=True)
    assert not closures.closed(store)
    assert [(e.action, e.by, e.reason) for e in closures.events(store)] == [
        ("tutup", "bkpsdm", "final"),
        ("buka", "bkpsdm", "koreksi OPD"),
    ]


def test_only_bkpsdm_may_open_the_page(store):
    app = hr_app(store)
    admin, employee, anonymous = app.test_client(), app.test_client(), app.test_client()
    w.log_in(admin, w.ADMIN_DINKES)
    assert admin.get("/hr/periode").status_code == 403
    token = csrf_token(admin, "/hr/pegawai")
    posted = admin.post("/hr/periode", data={"csrf_token": token, "aksi": "tutup", "periode": "2026-10", "alasan": "x"})
    assert posted.status_code == 403 and not closures.closed(store)
    w.log_in(employee, w.LEAF)
    assert employee.get("/hr/periode").status_code == 403
    assert anonymous.get("/hr/periode").status_code in (302, 303)
    assert "/hr/periode" not in admin.get("/hr/pegawai").get_data(as_text=True)  # not in an admin's menu
