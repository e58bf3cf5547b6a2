"""The account pages of the HR area look and read like the others: the menu and Keluar on
/hr/kode-aktivasi and /hr/log-akses, a 403 that says whose page it is, /hr/periode taking the
period as the sheets and `periode tutup` write it. Flask test client, real store."""

from __future__ import annotations

import pytest

from sync.store import closures
from tests import accounts_world as w
from tests.hr_helpers import csrf_token, hr_app, text_of


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("layout")).path


@pytest.fixture
def store(template, tmp_path):
    return w.copy_store(template, tmp_path)


@pytest.mark.parametrize(
    "login, path", [(w.ADMIN_DINKES, "/hr/kode-aktivasi"), ("bkpsdm", "/hr/log-akses"), ("bkpsdm", "/hr/kode-aktivasi")]
)
def test_account_pages_have_the_menu_and_logout(store, login, path):
    client = hr_app(store).test_client()
    w.log_in(client, login)
    html = client.get(path).get_data(as_text=True)
    assert 'aria-label="Menu akun"' in html and ">Keluar</button>" in html
    assert "Area BKPSDM dan Admin OPD" in html and 'aria-current="page"' in html
    assert 'href="/hr/pegawai"' in html


def test_the_make_code_buttons_are_styled(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.ADMIN_DINKES)
    assert '<button type="submit" class="primary">Buat kode</button>' in client.get("/hr/kode-aktivasi").get_data(
        as_text=True
    )


def test_bkpsdm_only_pages_say_so_in_their_403(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.ADMIN_DINKES)
    for path in ("/hr/log-akses", "/hr/periode", "/hr/keberatan"):
        page = client.get(path)
        text = text_of(page.get_data(as_text=True))
        assert page.status_code == 403 and "Halaman ini hanya untuk BKPSDM" in text, path
        assert "Halaman pegawai hanya terbuka" not in text
    employee = hr_app(store).test_client()
    w.log_in(employee, w.LEAF)
    text = text_of(employee.get("/hr/kode-aktivasi").get_data(as_text=True))
    assert "Halaman ini hanya untuk admin OPD (untuk OPD-nya) dan BKPSDM" in text
    assert "hanya membuka data OPD-nya sendiri" in text_of(client.get("/hr/pegawai?opd=DPMPTSP").get_data(as_text=True))


@pytest.mark.parametrize(
    "typed, key",
    [
        ("Oktober 2026", "2026-10"),
        ("okt 2026", "2026-10"),
        ("10/2026", "2026-10"),
        ("Triwulan IV 2026", "2026-Q4"),
        ("TW 4 2026", "2026-Q4"),
        ("Tahun 2026", "2026"),
    ],
)
def test_periode_takes_the_sheets_spellings(store, typed, key):
    client = hr_app(store).test_client()
    w.log_in(client, "bkpsdm")
    page = client.get("/hr/periode").get_data(as_text=True)
    assert '<option value="Oktober 2026">' in page and '<option value="Triwulan IV 2026">' in page
    token = csrf_token(client, "/hr/periode")
    done = client.post("/hr/periode", data={"csrf_token": token, "aksi": "tutup", "periode": typed, "alasan": "final"})
    assert done.status_code == 200, text_of(done.get_data(as_text=True))[:400]
    assert list(closures.closed(store)) == [key]
    reopened = client.post(
        "/hr/periode", data={"csrf_token": token, "aksi": "buka", "periode": typed, "alasan": "koreksi"}
    )
    assert reopened.status_code == 200 and not closures.closed(store)
