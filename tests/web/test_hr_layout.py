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


def test_sheet_row_numbers_have_no_thousands_separator(store):
    """A row number is an identifier: "baris 1116", as on the sheet's edge, never "baris 1.116"."""
    with store.connect() as conn:
        conn.execute(
            "UPDATE results SET rating_row = 1116, attendance_row = 2048 WHERE nip = ? AND period = '2026-10'",
            (w.LEAF,),
        )
        conn.execute(
            "INSERT INTO indicators (agency, period, nip, row, plan, indicator, target, actual, measure, direction,"
            " weight, capaian, capaian_capped) VALUES ('DINKES', '2026-10', ?, 1234, 'Rencana', 'Laporan', 12, 13,"
            " 'dokumen', 'naik', 1, 108.3, 108.3)",
            (w.LEAF,),
        )
    client = hr_app(store).test_client()
    w.log_in(client, w.MID)
    page = client.get(f"/tim/{w.LEAF}/2026-10")
    text = text_of(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "baris 1116 di tab" in text and "baris 2048 di tab" in text and "baris 1234 di tab" in text
    assert "1.116" not in text and "2.048" not in text and "1.234" not in text


def test_the_header_names_the_part_of_the_site(store):
    client = hr_app(store).test_client()
    w.log_in(client, w.ADMIN_DINKES)

    def name(path):
        html = client.get(path).get_data(as_text=True)
        return text_of(html.split('<p class="site-name">')[1].split("</p>")[0])

    assert name("/saya").startswith("Kinerja Saya ·")
    assert name("/hr/pegawai").startswith("Area BKPSDM dan Admin OPD ·")
    assert name("/hr/kode-aktivasi").startswith("Area BKPSDM dan Admin OPD ·")
    boss = hr_app(store).test_client()
    w.log_in(boss, w.MID)
    html = boss.get("/tim").get_data(as_text=True)
    assert text_of(html.split('<p class="site-name">')[1].split("</p>")[0]).startswith("Tim Saya ·")
