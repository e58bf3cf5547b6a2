import dataclasses
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from scoring.params import ScoringParams
from sync.errors import ConfigError
from sync.store import ResultsStore
from tests import fixture_store as fx
from web import create_app

PUBLIC_PAGES = ["/", "/metodologi", "/healthz", *(f"/?periode={p}" for p in fx.PERIODS)]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page's visible text, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_beranda_shows_the_latest_period_in_indonesian(client):
    html = _page(client, "/")
    assert '<html lang="id">' in html
    text = _text(html)
    assert "Ringkasan per OPD, Oktober 2026" in text
    assert "Dinas Kesehatan 91,48 A Sangat Baik 29 6 107,90 +1,25 8 75%" in text
    assert "Terakhir diperbarui: 28 November 2026 14.03 WIB" in text
    assert '<option value="2026-10" selected>Oktober 2026</option>' in html


def test_beranda_period_selector(client):
    text = _text(_page(client, "/?periode=2026-09"))
    assert "Ringkasan per OPD, September 2026" in text
    assert "Dinas Kesehatan 85,10 B Baik 25 6 106,65" in text
    # DPMPTSP: IKM sufficient in September, but only 4 employees scored.
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 79,31 B Baik 21 4 data belum cukup" in text


def test_unknown_period_is_404_in_indonesian(client):
    response = client.get("/?periode=2019-01")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_insufficient_data_is_never_shown(client):
    text = _text(_page(client, "/"))
    assert "data belum cukup" in text
    assert "77,77" not in text  # DPMPTSP October IKM from 12 responses
    assert "66,66" not in text  # KECLS October IKM from 5 responses
    assert "94,44" not in text and "94,43" not in text  # KECLS average of 2 employees
    assert "93,21" not in text  # a unit's IKM is not the agency's
    assert "Kecamatan Lubuk Sikarah data belum cukup 2 data belum cukup" in text


def test_predikat_distribution_only_for_large_groups(client):
    text = _text(_page(client, "/"))
    assert "Dinas Kesehatan 1 5 0 0 0" in text
    assert "Kecamatan Lubuk Sikarah data belum cukup" in text.split("Sebaran predikat")[1]


def test_no_city_total_of_suppressed_values(client):
    html = _page(client, "/")
    # One body row per agency and no total row: a city total (6 + 5 + 2 = 13 scored, or a city
    # IKM over all responses) would let anyone subtract the shown agencies and recover KECLS.
    assert "<tfoot" not in html
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    assert [body.count("<tr>") for body in bodies] == [3, 3]
    assert not re.search(r"\b13\b", _text(html))


def test_privacy_no_personal_data_on_any_public_page(client, results_store):
    people = results_store.read("results")
    secrets = set(people["nip"]) | set(people["name"]) | {fx.FORMULA_NAME, fx.PHONE_NAME}
    issues = results_store.read("issues")
    secrets |= {v for v in issues["value"] if len(v) > 3}
    for url in PUBLIC_PAGES:
        html = client.get(url).get_data(as_text=True)
        for secret in secrets:
            assert secret not in html, (url, secret)
            assert secret.replace('"', "&#34;") not in html, (url, secret)
        assert not re.search(r"\d{18}", html), url


def test_agency_name_is_escaped(tmp_path):
    store = fx.fill_store(ResultsStore(tmp_path / "xss.sqlite"))
    evil = fx.AGENCIES.assign(name=fx.AGENCIES["name"].where(fx.AGENCIES["code"] != "DINKES",
                                                             "<script>alert(1)</script>"))
    store.set_agencies(evil)
    store.set_meta("last_sync", "2026-11-29T08:00:00+07:00")
    client = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t"}).test_client()
    html = _page(client, "/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/tidak-ada", "/static/style.css"])
def test_security_headers_on_every_response(client, url):
    with client.get(url) as response:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/metodologi", "/tidak-ada"])
def test_pages_have_no_inline_script_or_style_and_no_external_assets(client, url):
    html = client.get(url).get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_tables_have_captions(client):
    html = _page(client, "/")
    assert html.count("<table") == html.count("<caption") == 2


def test_metodologi_states_the_params_in_force(results_store):
    params = dataclasses.replace(ScoringParams(), weight_berakhlak=0.5, weight_discipline=0.3, weight_initiative=0.2)
    app = create_app(test_config={"STORE_PATH": results_store.path, "SCORING": params, "MIN_RESPONSES": 30,
                                  "MIN_GROUP_SIZE": 4, "SECRET_KEY": "t"})
    client = app.test_client()
    text = _text(_page(client, "/metodologi"))
    assert "NPK) = 50% × B + 30% × D + 20% × I" in text
    assert "sedikitnya 30 tanggapan sah" in text
    assert "sedikitnya 4 pegawai dinilai" in text
    assert "Nilai Akhir = 70% × NHK + 30% × NPK" in text
    for regulation in ("PermenPANRB Nomor 6 Tahun 2022", "PP Nomor 30 Tahun 2019",
                       "PermenPANRB Nomor 14 Tahun 2017", "PermenPANRB Nomor 8 Tahun 2021"):
        assert regulation in text
    assert "Tidak pernah dipublikasikan: NIP, nama" in text
    # The same thresholds govern the pages: DINKES's October IKM rests on 29 responses.
    assert "91,48" not in _text(_page(client, "/"))


def test_healthz_reports_last_sync(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "last_sync": fx.LAST_SYNC}


def test_site_without_any_sync_yet(tmp_path):
    client = create_app(test_config={"STORE_PATH": tmp_path / "none.sqlite", "SECRET_KEY": "t"}).test_client()
    text = _text(_page(client, "/"))
    assert "Belum ada data" in text
    assert "Terakhir diperbarui: belum pernah" in text
    assert client.get("/healthz").get_json() == {"status": "ok", "last_sync": None}


def test_new_sync_is_picked_up_without_restart(client, results_store):
    assert "107,90" in _text(_page(client, "/"))
    summary = fx.agency_summary(fx.results())
    results_store.replace_scope("DINKES", {"agency_summary": summary.loc[summary["agency"] == "DINKES"]
                                           .assign(avg_na=101.5)})
    results_store.set_meta("last_sync", "2026-11-28T14:18:00+07:00")
    text = _text(_page(client, "/"))
    assert "101,50" in text and "28 November 2026 14.18 WIB" in text


def test_create_app_from_settings(results_store, monkeypatch):
    monkeypatch.setenv("KINERJA_TEST_SECRET", "rahasia")
    settings = SimpleNamespace(
        store=SimpleNamespace(path=results_store.path),
        scoring=dataclasses.replace(ScoringParams(), min_responses=30),
        web=SimpleNamespace(min_group_size=6, secret_key_env="KINERJA_TEST_SECRET"),
        city=SimpleNamespace(name="Pemko Solok"),
    )
    app = create_app(settings)
    assert app.config["SECRET_KEY"] == "rahasia"
    assert (app.config["MIN_RESPONSES"], app.config["MIN_GROUP_SIZE"]) == (30, 6)
    text = _text(_page(app.test_client(), "/"))
    assert "Kinerja ASN Pemko Solok" in text
    assert "91,48" not in text  # 29 < 30 responses
    assert "107,90" in text  # DINKES has 6 scored employees
    assert "97,00" not in text  # DPMPTSP has 5 < 6


def test_create_app_needs_a_store_path():
    with pytest.raises(ConfigError, match="path"):
        create_app(test_config={"SECRET_KEY": "t"})


def test_public_pages_read_only_public_tables(client, monkeypatch):
    seen = []
    original = ResultsStore.read

    def spy(self, table, *args, **kwargs):
        seen.append(table)
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr(ResultsStore, "read", spy)
    for url in PUBLIC_PAGES:
        client.get(url)
    assert seen  # the first request built the model
    assert set(seen) <= {"agencies", "agency_summary", "ikm", "complaints", "complaint_categories"}


def test_store_failure_is_a_503_without_details(client, monkeypatch):
    from sync.errors import StoreError

    def broken(self, key):
        raise StoreError("Basis data hasil /rahasia/kinerja.sqlite tidak dapat dibuka")

    monkeypatch.setattr(ResultsStore, "meta", broken)
    response = client.get("/")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Data sedang tidak tersedia" in html and "/rahasia" not in html
    assert client.get("/healthz").status_code == 503


def test_empty_frames_in_store_are_fine(tmp_path):
    store = ResultsStore(tmp_path / "empty.sqlite")
    store.ensure_schema()
    store.set_agencies(pd.DataFrame({"code": ["DINKES"], "name": ["Dinas Kesehatan"], "spreadsheet": ["d"],
                                     "position": [1]}))
    client = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t"}).test_client()
    assert "Belum ada data" in _text(_page(client, "/"))


def test_other_errors_are_in_indonesian_with_headers(results_store):
    app = create_app(test_config={"STORE_PATH": results_store.path, "SECRET_KEY": "t"})

    @app.get("/rusak")
    def _broken():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/rusak")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response = client.post("/")
    assert response.status_code == 405
    assert "Metode tidak diizinkan" in response.get_data(as_text=True)
