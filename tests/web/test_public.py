import dataclasses
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from config.contract import CITY_SCOPE
from config.errors import ConfigError
from config.settings import AppraisalSettings
from scoring.params import ScoringParams
from sync.store import ResultsStore, StoreReader
from tests import fixture_store as fx
from web import create_app

XSS = "<script>alert(1)</script>"
PUBLIC_PAGES = [
    "/",
    "/metodologi",
    "/data-terbuka",
    "/healthz",
    *(f"/?periode={p}" for p in fx.PERIODS),
    *(f"/opd/{code}" for code in fx.AGENCIES["code"]),
]
FULL_PERIODS = (*fx.PERIODS, "2026-Q3", "2026-Q4", "2026")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page's visible text, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _app(store, **config):
    return create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t", "TESTING": True, **config})


@pytest.fixture
def full_client(results_store):
    """The fixture store plus unit IKM rows, quarters and years (tests/fixture_store.py)."""
    fx.fill_public_extras(results_store)
    return _app(results_store).test_client()


# ---- Beranda ------------------------------------------------------------------------------------


def test_beranda_shows_the_latest_period_in_indonesian(client):
    html = _page(client, "/")
    assert '<html lang="id">' in html
    text = _text(html)
    assert "Ringkasan per OPD, Oktober 2026" in text
    assert "Dinas Kesehatan 91,48 A Sangat Baik 29 +6,38 6 107,90 +1,25 8 75%" in text
    assert "Terakhir diperbarui: 28 November 2026 14.03 WIB" in text
    assert '<option value="2026-10" selected>Oktober 2026</option>' in html


def test_beranda_city_headline_without_any_survey_response(results_store):
    """A city without SKM responses yet: the headline says nobody answered (not 'sampel kurang
    (n = 0 ...)') and still counts the complaints the table lists."""
    results_store.replace_scope(CITY_SCOPE, {"ikm": fx.ikm().iloc[:0], "complaints": fx.complaints()})
    text = _text(_page(_app(results_store).test_client(), "/"))
    headline = text.split("IKM kota", 1)[1].split("Ringkasan per OPD", 1)[0]
    assert "belum ada responden" in headline and "n = 0" not in headline
    assert "tidak ada pengaduan masuk" not in headline and "pengaduan selesai dalam" in headline


def test_beranda_period_selector(client):
    html = _page(client, "/")
    assert '<label for="periode">' in html and '<select id="periode" name="periode">' in html
    assert '<form class="period-form" method="get"' in html
    text = _text(_page(client, "/?periode=2026-09"))
    assert "Ringkasan per OPD, September 2026" in text
    assert "Dinas Kesehatan 85,10 B Baik 25 +4,60 6 106,65" in text
    # DPMPTSP: IKM sufficient in September, but only 4 employees scored.
    assert (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 79,31 B Baik 21 – 4 "
        "kelompok kecil (n = 4, minimal 5 pegawai dinilai)"
    ) in text


def test_beranda_quarters_and_years(full_client):
    html = _page(full_client, "/")
    for label in ("Bulan", "Triwulan", "Tahun"):
        assert f'<optgroup label="{label}">' in html
    assert '<option value="2026-Q4">Triwulan IV 2026</option>' in html
    assert '<option value="2026">Tahun 2026</option>' in html
    text = _text(_page(full_client, "/?periode=2026-Q3"))
    assert "Ringkasan per OPD, Triwulan III 2026" in text
    assert "mencakup 2 bulan" in text
    assert "Dinas Kesehatan 82,99 B Baik 47 – 6" in text
    assert "Perubahan IKM dari triwulan sebelumnya" in text
    year = _text(_page(full_client, "/?periode=2026"))
    assert "Ringkasan per OPD, Tahun 2026" in year
    assert "Dinas Kesehatan 86,47 B Baik 76" in year
    # DPMPTSP's year rests on 33 pooled responses: published, though its October (12) is not.
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 78,80 B Baik 33 – 5 95,30 – 6 50%" in year
    q4 = _text(_page(full_client, "/?periode=2026-Q4"))
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu sampel kurang (n = 12, minimal 20) 12 –" in q4


def test_agency_names_link_to_their_pages(client):
    html = _page(client, "/").split('id="cap-ringkasan"')[1]
    for code in fx.AGENCIES["code"]:
        assert html.count(f'href="/opd/{code}"') == 2  # both tables


def test_unknown_period_is_404_in_indonesian(client):
    response = client.get("/?periode=2019-01")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_insufficient_data_is_never_shown_and_says_why(client):
    text = _text(_page(client, "/"))
    assert "data belum cukup" not in text
    assert "77,77" not in text  # DPMPTSP October IKM from 12 responses
    assert "66,66" not in text  # KECLS October IKM from 5 responses
    assert "94,44" not in text and "94,43" not in text  # KECLS average of 2 employees
    assert "93,21" not in text  # a unit's IKM is not the agency's
    assert (
        "Kecamatan Lubuk Sikarah sampel kurang (n = 5, minimal 20) 5 – 2 "
        "kelompok kecil (n = 2, minimal 5 pegawai dinilai)"
    ) in text
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu sampel kurang (n = 12, minimal 20) 12 –" in text


def test_an_agency_without_survey_or_responses_this_month_says_which(client):
    text = _text(_page(client, "/?periode=2026-08"))
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu belum ada responden 0 –" in text


def test_predikat_distribution_only_for_large_groups_and_without_small_cells(client):
    html = _page(client, "/")
    text = _text(html)
    # DINKES October: Sangat Baik 1 of 6 would name that person; Baik 5 is hidden with it (6 - 5 = 1).
    distribution = text.split("Sebaran predikat")[1]
    assert "Dinas Kesehatan disembunyikan disembunyikan 0 0 0" in distribution
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu 0 5 0 0 0" in distribution
    assert "Kecamatan Lubuk Sikarah kelompok kecil (n = 2, minimal 5 pegawai dinilai)" in distribution
    assert '<td class="num suppressed">disembunyikan</td>' in html
    assert "predikat yang didapat 1 sampai 2 pegawai tidak ditampilkan" in text
    september = _text(_page(client, "/?periode=2026-09")).split("Sebaran predikat")[1]
    assert "Dinas Kesehatan 0 6 0 0 0" in september


def test_no_city_total_of_suppressed_values(client):
    html = _page(client, "/")
    # One body row per agency and no total row: a city total (6 + 5 + 2 = 13 scored, or a city
    # IKM over all responses) would let anyone subtract the shown agencies and recover KECLS.
    assert "<tfoot" not in html
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    assert [body.count("<tr>") for body in bodies] == [3, 3]
    assert not re.search(r"\b13\b", _text(html))


# ---- Halaman OPD -----------------------------------------------------------------------------------


def test_opd_page(full_client):
    html = _page(full_client, "/opd/DINKES")
    text = _text(html)
    assert "<h1>Dinas Kesehatan</h1>" in html
    assert "IKM 91,48 A Sangat Baik (29 responden)" in text
    assert "Nilai Akhir rata-rata 107,90 (+1,25 dari bulan sebelumnya)" in text
    assert "Tren 12 bulan" in text and "November 2025 sampai Oktober 2026" in text
    assert html.count('<svg class="chart"') == 2
    assert 'role="img" aria-labelledby="grafik-ikm-DINKES-title grafik-ikm-DINKES-desc"' in html
    # the text alternative: a captioned table with every month, gaps with their reason
    assert "IKM dan rata-rata Nilai Akhir Dinas Kesehatan per bulan, November 2025 sampai Oktober 2026" in text
    assert "Agustus 2026 80,50 102,50" in text and "Juli 2026 belum ada data belum ada data" in text
    # the latest month's distribution: the one Sangat Baik hidden with its partner, and why
    assert "Sangat Baik disembunyikan Baik disembunyikan Butuh Perbaikan 0" in text
    assert "dari jumlah 6 pegawai dinilai" in text
    dpm = _text(_page(full_client, "/opd/DPMPTSP"))
    assert "IKM sampel kurang (n = 12, minimal 20)" in dpm


def test_opd_page_elements_with_the_weakest_marked_in_text(results_store):
    nrr = [3.40, 3.50, 2.95, 3.80, 3.45, 3.60, 3.30, 3.20, 3.10]
    rows = fx.ikm()
    october = (rows["unit_id"] == "opd:DINKES") & (rows["period"] == "2026-10")
    rows.loc[october, [f"nrr_u{j}" for j in range(1, 10)]] = nrr
    results_store.replace_scope(CITY_SCOPE, {"ikm": rows})
    html = _page(_app(results_store).test_client(), "/opd/DINKES")
    text = _text(html)
    assert "NRR per unsur SKM Dinas Kesehatan, Oktober 2026" in text
    assert "U3 Waktu Penyelesaian 2,95 terendah" in text
    assert html.count('class="weakest"') == 1


def test_opd_page_marks_no_element_when_all_are_equal(client):
    html = _page(client, "/opd/DINKES")  # the fixture's NRRs are all 91.48 / 25
    assert "U1 Persyaratan 3,66" in _text(html) and 'class="weakest"' not in html


def test_opd_page_elements_fall_back_to_an_earlier_period(client):
    text = _text(_page(client, "/opd/DPMPTSP"))  # October 12 responses: September's NRR
    assert "NRR per unsur SKM Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu, September 2026" in text
    assert "sampel kurang: belum ada periode yang tanggapan sahnya mencapai jumlah minimal periode itu" in _text(
        _page(client, "/opd/KECLS")
    )


def test_opd_page_complaint_categories_counts_only(client):
    text = _text(_page(client, "/opd/DINKES"))
    head = "Keluhan per kategori, Dinas Kesehatan Kategori Oktober 2026 12 bulan sampai Oktober 2026"
    assert head + " Waktu pelayanan 3 3" in text


def test_opd_page_complaint_categories_follow_the_chosen_period(results_store):
    """A quarter or year view counts the complaints of that period, not of its last month."""
    fx.fill_public_extras(results_store)
    rows = [("2026-08", "Persyaratan", 4), ("2026-09", "Waktu pelayanan", 1)]
    extra = pd.DataFrame(
        [{"unit_id": "opd:DINKES", "agency": "DINKES", "period": p, "category": c, "count": n} for p, c, n in rows]
    )
    fx._append(results_store, {"complaint_categories": extra})
    client = _app(results_store).test_client()

    def table(url):
        text = _text(_page(client, url))
        return text[text.index("Keluhan per kategori") : text.index("Keluhan per kategori") + 160]

    assert table("/opd/DINKES?periode=2026-Q3").startswith(
        "Keluhan per kategori, Dinas Kesehatan Kategori Triwulan III 2026 12 bulan sampai September 2026 "
        "Persyaratan 4 4 Waktu pelayanan 1 1"
    )
    assert table("/opd/DINKES?periode=2026-Q4").startswith(
        "Keluhan per kategori, Dinas Kesehatan Kategori Triwulan IV 2026 12 bulan sampai Oktober 2026 "
        "Waktu pelayanan 3 4 Persyaratan 0 4"
    )
    assert table("/opd/DINKES?periode=2026").startswith(
        "Keluhan per kategori, Dinas Kesehatan Kategori Tahun 2026 12 bulan sampai Oktober 2026 "
        "Persyaratan 4 4 Waktu pelayanan 4 4"
    )
    assert table("/opd/DINKES?periode=2026-09").startswith(
        "Keluhan per kategori, Dinas Kesehatan Kategori September 2026 12 bulan sampai September 2026 "
        "Waktu pelayanan 1 1 Persyaratan 0 4"
    )


def test_opd_page_units_published_whenever_their_sample_suffices(full_client):
    text = _text(_page(full_client, "/opd/DINKES"))
    assert "IKM per unit layanan, Oktober 2026 dan Triwulan IV 2026" in text
    # The Puskesmas has 20 responses in October: published, although the agency's 29 minus them
    # gives the other 9 (SKM answers are anonymous).
    assert "Puskesmas Tanah Garing 93,21 A Sangat Baik 20 93,21 20" in text
    assert "Bidang Pelayanan Kesehatan belum ada responden 0 belum ada responden 0 –" in text
    dpm = _text(_page(full_client, "/opd/DPMPTSP"))
    assert "Mal Pelayanan Publik belum ada responden 0" in dpm  # October: no responses


def test_opd_page_unit_quarter_flag(tmp_path):
    store = ResultsStore(tmp_path / "flag.sqlite")
    fx.fill_store(store)
    months = ("2026-07", "2026-08", "2026-09", "2026-10")
    ikm = pd.DataFrame(
        [
            fx._ikm_row(uid, "DINKES", "x", "Puskesmas Tanah Garing", p, 40, 80.0, "B", "Baik", 1)
            for uid in ("opd:DINKES", "unit:DINKES:puskesmastanahgaring")
            for p in months
        ]
    )
    periodic = pd.DataFrame(
        [
            {**fx._ikm_row(uid, "DINKES", "x", "Puskesmas Tanah Garing", q, n, v, "B", "Baik", 1), "kind": "triwulan"}
            for uid in ("opd:DINKES", "unit:DINKES:puskesmastanahgaring")
            for q, n, v in (("2026-Q3", 120, 88.0), ("2026-Q4", 40, 81.5))
        ]
    )
    store.replace_scope(CITY_SCOPE, {"ikm": ikm, "ikm_periodic": periodic})
    text = _text(_page(_app(store).test_client(), "/opd/DINKES"))
    assert "Puskesmas Tanah Garing 80,00 B Baik 40 81,50 40 −6,50 IKM turun ≥ 5 poin" in text


def test_unknown_agency_is_404(client):
    assert client.get("/opd/TIDAKADA").status_code == 404
    assert client.get("/opd/dinkes").status_code == 301  # case does not matter (see below)


# ---- privacy, escaping, accessibility --------------------------------------------------------------


def test_privacy_no_personal_data_on_any_public_page(full_client, results_store):
    people = results_store.read("results")
    secrets = set(people["nip"]) | set(people["name"]) | {fx.FORMULA_NAME, fx.PHONE_NAME}
    issues = results_store.read("issues")
    secrets |= {v for v in issues["value"] if len(v) > 3}
    urls = [
        *PUBLIC_PAGES,
        *(f"/?periode={p}" for p in FULL_PERIODS),
        "/data/opd.csv",
        "/data/opd.json",
        "/data/ikm-unit.csv",
        "/data/ikm-unit.json",
    ]
    for url in urls:
        html = full_client.get(url).get_data(as_text=True)
        for secret in secrets:
            assert secret not in html, (url, secret)
            assert secret.replace('"', "&#34;") not in html, (url, secret)
        assert not re.search(r"\d{18}", html), url


def test_names_are_escaped_everywhere(tmp_path):
    store = fx.fill_public_extras(fx.fill_store(ResultsStore(tmp_path / "xss.sqlite")))
    store.set_agencies(fx.AGENCIES.assign(name=fx.AGENCIES["name"].where(fx.AGENCIES["code"] != "DINKES", XSS)))
    rows = pd.concat([fx.ikm(), fx.ikm_units()], ignore_index=True)
    rows = rows.assign(unit_name=rows["unit_name"].where(rows["level"] != "unit", XSS + " Unit"))
    periodic = fx.ikm_periodic()
    periodic = periodic.assign(unit_name=periodic["unit_name"].where(periodic["level"] != "unit", XSS + " Unit"))
    store.replace_scope(CITY_SCOPE, {"ikm": rows, "ikm_periodic": periodic})
    store.set_meta("last_sync", "2026-11-29T08:00:00+07:00")
    client = _app(store).test_client()
    for url in [
        "/",
        "/?periode=2026-Q3",
        "/?periode=2026",
        "/opd/DINKES",
        "/opd/DPMPTSP",
        "/opd/KECLS",
        "/metodologi",
        "/data-terbuka",
    ]:
        assert XSS not in _page(client, url), url
    # JSON is data, served as application/json with nosniff: the text stays exactly as typed.
    response = client.get("/data/ikm-unit.json")
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    units = {row["unit"] for row in response.get_json()["rows"]}
    assert XSS in units and XSS + " Unit" in units
    opd = _page(client, "/opd/DINKES")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in opd
    assert '<title id="grafik-ikm-DINKES-title">IKM &lt;script&gt;alert(1)&lt;/script&gt;,' in opd
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Unit" in _page(client, "/opd/DPMPTSP")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _page(client, "/")


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/tidak-ada", "/static/style.css", "/data/opd.csv"])
def test_security_headers_on_every_response(client, url):
    with client.get(url) as response:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/metodologi", "/data-terbuka", "/opd/DINKES", "/tidak-ada"])
def test_pages_have_no_inline_script_or_style_and_no_external_assets(full_client, url):
    html = full_client.get(url).get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers either


@pytest.mark.parametrize("url", ["/", "/?periode=2026", "/opd/DINKES", "/metodologi", "/data-terbuka"])
def test_every_table_has_a_caption_and_scrolls(full_client, url):
    html = _page(full_client, url)
    assert html.count("<table") == html.count("<caption") > 0
    assert len(re.findall(r'<div class="table-wrap( fit)?" role="region"', html)) == html.count("<table")
    assert '<a class="skip-link" href="#konten">' in html and '<main id="konten"' in html


@pytest.mark.parametrize(
    ("url", "current"), [("/", "Beranda"), ("/metodologi", "Metodologi"), ("/data-terbuka", "Data terbuka")]
)
def test_navigation_marks_the_current_page(client, url, current):
    html = _page(client, url)
    assert re.search(rf'aria-current="page">{current}</a>', html)
    assert html.count('aria-current="page"') == 1


def test_metodologi_states_the_params_in_force(results_store):
    params = dataclasses.replace(ScoringParams(), weight_berakhlak=0.5, weight_discipline=0.3, weight_initiative=0.2)
    app = _app(results_store, SCORING=params, MIN_RESPONSES=30, MIN_GROUP_SIZE=4)
    client = app.test_client()
    text = _text(_page(client, "/metodologi"))
    assert "NPK) = 50% × B + 30% × D + 20% × I" in text
    assert "sedikitnya 30 tanggapan sah" in text
    assert "sedikitnya 4 pegawai dinilai" in text
    assert "Nilai Akhir = 70% × NHK + 30% × NPK" in text
    for regulation in (
        "PermenPANRB Nomor 6 Tahun 2022",
        "PP Nomor 30 Tahun 2019",
        "PermenPANRB Nomor 14 Tahun 2017",
        "PermenPANRB Nomor 8 Tahun 2021",
        "SE Menteri PANRB Nomor 3 Tahun 2023",
    ):
        assert regulation in text
    assert "Tidak pernah dipublikasikan: NIP, nama" in text
    assert "penyembunyian pelengkap" in text
    # The same thresholds govern the pages: DINKES's October IKM rests on 29 responses.
    assert "91,48" not in _text(_page(client, "/"))


def test_metodologi_names_the_rules_and_the_feedback_table(results_store):
    from scoring.feedback import FeedbackSettings

    feedback = dataclasses.replace(FeedbackSettings(), u3="kursus layanan cepat")
    client = _app(
        results_store, RULES=("abc123", "Model Kinerja Kota Solok v1 (abc123)"), FEEDBACK=feedback
    ).test_client()
    text = _text(_page(client, "/metodologi"))
    assert "Aturan yang berlaku: Model Kinerja Kota Solok v1 , kode abc123 ." in text
    assert "Angka yang tampil dihitung dengan aturan kode test . Aturan sudah berubah" in text
    assert "U3 Waktu Penyelesaian (NRR di bawah 3,0644) kursus layanan cepat" in text
    assert "Baik paling banyak 70% pegawai berpredikat Baik" in text


def test_healthz_reports_last_sync(client, results_store):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "last_sync": fx.LAST_SYNC, "heartbeat": None}
    fx.fill_hr_extras(results_store)  # the worker's heartbeat
    assert client.get("/healthz").get_json()["heartbeat"] == "2026-11-28T14:05:00+07:00"


def test_site_without_any_sync_yet(tmp_path):
    client = create_app(test_config={"STORE_PATH": tmp_path / "none.sqlite", "SECRET_KEY": "t"}).test_client()
    text = _text(_page(client, "/"))
    assert "Belum ada data" in text
    assert "Terakhir diperbarui: belum pernah" in text
    assert client.get("/healthz").get_json() == {"status": "ok", "last_sync": None, "heartbeat": None}
    assert client.get("/opd/DINKES").status_code == 404
    assert client.get("/data/opd.csv").status_code == 200


# ---- the cache ------------------------------------------------------------------------------------


def test_new_sync_is_picked_up_without_restart(client, results_store):
    assert "107,90" in _text(_page(client, "/"))
    summary = fx.agency_summary(fx.results())
    results_store.replace_scope(
        "DINKES", {"agency_summary": summary.loc[summary["agency"] == "DINKES"].assign(avg_na=101.5)}
    )
    assert "107,90" in _text(_page(client, "/"))  # the sync has not finished yet
    results_store.set_meta("last_sync", "2026-11-28T14:18:00+07:00")
    text = _text(_page(client, "/"))
    assert "101,50" in text and "28 November 2026 14.18 WIB" in text


def test_pages_are_rendered_once_per_sync(app, client, monkeypatch):
    import web.public

    calls = []
    original = web.public.render_template

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(web.public, "render_template", counting)
    for _ in range(3):
        for url in ("/", "/?periode=2026-10", "/?periode=2026-10&x=1", "/opd/DINKES", "/metodologi"):
            _page(client, url)
    assert sorted(calls) == ["beranda.html", "metodologi.html", "opd.html"]
    pages = app.extensions["kinerja.public"].current().pages
    assert set(pages) == {("beranda", "2026-10"), ("opd", "DINKES", None), ("metodologi",)}
    client.get("/?periode=1999-01")
    client.get("/opd/NOPE")
    assert len(app.extensions["kinerja.public"].current().pages) == 3  # 404s are not cached


def test_etag_and_not_modified(client):
    first = client.get("/")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/opd/DINKES").headers["ETag"] != etag


def test_a_page_view_costs_one_meta_query(client, monkeypatch):
    _page(client, "/")
    from web.data import MetaReader

    calls = []
    original = MetaReader.last_sync
    monkeypatch.setattr(MetaReader, "last_sync", lambda self: calls.append(1) or original(self))
    monkeypatch.setattr(StoreReader, "rows", lambda *a, **k: pytest.fail("a table was read"))
    _page(client, "/")
    _page(client, "/")
    assert calls == [1, 1]


# ---- app factory and errors -----------------------------------------------------------------------


def test_create_app_from_settings(results_store, monkeypatch):
    monkeypatch.setenv("KINERJA_TEST_SECRET", "rahasia")
    settings = SimpleNamespace(
        store=SimpleNamespace(path=results_store.path),
        scoring=dataclasses.replace(ScoringParams(), min_responses=30),
        web=SimpleNamespace(min_group_size=6, min_cell_size=4, secret_key_env="KINERJA_TEST_SECRET"),
        city=SimpleNamespace(name="Pemko Solok"),
        appraisal=AppraisalSettings(),
        rules_id="r1",
        rules_name="Model (r1)",
    )
    app = create_app(settings)
    assert app.config["SECRET_KEY"] == "rahasia"
    assert (app.config["MIN_RESPONSES"], app.config["MIN_GROUP_SIZE"], app.config["MIN_CELL_SIZE"]) == (30, 6, 4)
    assert app.config["RULES"] == ("r1", "Model (r1)")
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
    original = StoreReader.rows

    def spy(self, table, *args, **kwargs):
        seen.append(table)
        return original(self, table, *args, **kwargs)

    monkeypatch.setattr(StoreReader, "rows", spy)
    for url in [*PUBLIC_PAGES, "/data/opd.csv", "/data/ikm-unit.json"]:
        client.get(url)
    assert seen  # the first request built the model
    assert set(seen) <= {
        "agencies",
        "agency_summary",
        "agency_periodic",
        "ikm",
        "ikm_periodic",
        "complaints",
        "complaint_categories",
        "respondent_profile",
        # the OPD page's SKM follow-up (web/skm_rtl.py): aggregates and positions only
        "sample_adequacy",
        "rtl_plans",
    }


def test_store_failure_is_a_503_without_details(tmp_path):
    path = tmp_path / "rahasia" / "kinerja.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"bukan basis data " * 200)
    client = create_app(test_config={"STORE_PATH": path, "SECRET_KEY": "t"}).test_client()
    response = client.get("/")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Data sedang tidak tersedia" in html and "rahasia" not in html
    assert client.get("/healthz").status_code == 503
    assert client.get("/data/opd.csv").status_code == 503


def test_empty_frames_in_store_are_fine(tmp_path):
    store = ResultsStore(tmp_path / "empty.sqlite")
    store.ensure_schema()
    store.set_agencies(
        pd.DataFrame({"code": ["DINKES"], "name": ["Dinas Kesehatan"], "spreadsheet": ["d"], "position": [1]})
    )
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


# ---- period persistence, agency codes, empty charts (issue 11 item 5) ----------------------------


def test_the_chosen_period_persists_into_opd_pages_and_back(full_client):
    html = _page(full_client, "/?periode=2026-09")
    assert html.split('id="cap-ringkasan"')[1].count('href="/opd/DINKES?periode=2026-09"') == 2
    opd = _page(full_client, "/opd/DINKES?periode=2026-09")
    text = _text(opd)
    assert '<h2 id="h-ringkas">September 2026</h2>' in opd
    assert "IKM 85,10 B Baik (25 responden)" in text
    assert 'href="/?periode=2026-09"' in opd  # the breadcrumb keeps it
    assert "Agustus 2026 80,50" in text and "Oktober 2026" not in _text(opd.split('id="h-tren"')[1].split("</p>")[0])
    quarter = _text(_page(full_client, "/opd/DINKES?periode=2026-Q3"))
    assert "Triwulan III 2026" in quarter and "IKM 82,99 B Baik (47 responden)" in quarter
    assert full_client.get("/opd/DINKES?periode=2019-01").status_code == 404
    # the OPD page has its own period selector, on the period shown
    assert '<form class="period-form" method="get" action="/opd/DINKES">' in opd
    assert '<option value="2026-09" selected>September 2026</option>' in opd


def test_agency_codes_are_case_insensitive(client):
    response = client.get("/opd/dinkes?periode=2026-09")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/opd/DINKES?periode=2026-09")
    assert client.get("/opd/dinkes", follow_redirects=True).status_code == 200
    assert client.get("/opd/nope").status_code == 404


def test_an_agency_without_any_published_ikm_gets_a_sentence_not_an_empty_chart(client):
    html = _page(client, "/opd/KECLS")  # 5 responses in October: never enough for an IKM
    assert 'id="grafik-ikm-KECLS"' not in html
    assert "Belum ada IKM yang dapat ditampilkan untuk Kecamatan Lubuk Sikarah dalam 12 bulan ini" in _text(html)
    assert 'id="grafik-ikm-DINKES"' in _page(client, "/opd/DINKES")


# ---- the city headline (issue 11 item 4) -----------------------------------------------------------


def test_beranda_counts_service_units_as_the_open_data_and_the_report_do(full_client):
    """'n unit layanan' on Beranda is the ikm-unit rows of level 'unit' (named service units), not
    one per agency without units: the open data and the Laporan SKM count the same."""
    head = _text(_page(full_client, "/").split('id="h-kota"')[1].split("</section>")[0])
    rows = full_client.get("/data/ikm-unit.json").get_json()["rows"]
    units = {r["unit_id"] for r in rows if r["period"] == "2026-10" and r["level"] == "unit" and r["respondents"]}
    agencies = {r["agency"] for r in rows if r["period"] == "2026-10" and r["respondents"]}
    with_units = {r["agency"] for r in rows if r["unit_id"] in units}
    assert agencies - with_units  # an agency without named units: the old count made it one more unit
    assert f"{len(agencies)} OPD dengan {len(units)} unit layanan" in head


def test_beranda_opens_with_the_city_headline(client):
    html = _page(client, "/")
    text = _text(html)
    head = _text(html.split('id="h-kota"')[1].split("</section>")[0])
    # 29 + 12 + 5 responses pooled: (29·91,48 + 12·77,77 + 5·66,66) / 46 = 85,21, though two of
    # the three agencies' own IKMs are not published (anonymous answers: docs/scoring.md §4)
    assert "IKM kota 85,21 B Baik dari 46 tanggapan sah" in head
    assert "3 OPD dengan 1 unit layanan" in head  # one named service unit (DINKES)
    assert "58% dari 12 pengaduan selesai dalam 5 hari kerja" in head
    assert "Dibandingkan dengan bulan sebelumnya" in head
    assert "IKM naik paling banyak: Dinas Kesehatan (+6,38)" in head
    assert "Nilai Akhir rata-rata naik paling banyak: Dinas Kesehatan (+1,25)" in head
    # movers only from published changes: KECLS (2 scored) and DPMPTSP (IKM from 12) are never named
    movers = head.split("paling banyak:", 1)[1].split("IKM per OPD")[0]
    assert "Kecamatan Lubuk Sikarah" not in movers and "Penanaman Modal" not in movers
    assert '<svg class="chart chart-bars" id="grafik-kota"' in html
    assert text.index("IKM kota") < text.index("Ringkasan per OPD")
    # the chart shows only published agency IKMs
    chart = html.split('id="grafik-kota"')[1].split("</svg>")[0]
    assert "91,48" in chart and "77,77" not in chart and "66,66" not in chart


def test_city_headline_without_enough_responses_says_so(client):
    head = _text(_page(client, "/?periode=2026-08").split('id="h-kota"')[1].split("</section>")[0])
    assert "IKM kota sampel kurang (n = 22, minimal 20)" not in head  # 22 responses: enough
    assert "IKM kota 80,50 B Baik dari 22 tanggapan sah" in head
    assert "belum ada perubahan yang dapat dibandingkan" in head  # no earlier month


# ---- configurable links, publisher and licence (issue 11 item 5) -----------------------------------

SITE = {
    "SKM_FORM_URL": "https://forms.contoh.test/skm",
    "COMPLAINT_URL": "https://solokkota.lapor.go.id/",
    "PUBLISHER": "Diskominfo Kota Solok",
    "PUBLISHER_CONTACT": "ppid@solokkota.test",
    "DATA_LICENCE": "CC BY 4.0",
}


def test_links_publisher_and_licence_are_stated(results_store):
    client = _app(results_store, **SITE).test_client()
    home = _page(client, "/")
    assert '<a href="https://forms.contoh.test/skm">Isi Survei Kepuasan Masyarakat</a>' in home
    assert '<a href="https://solokkota.lapor.go.id/">Sampaikan pengaduan</a>' in home
    opd = _page(client, "/opd/DINKES")
    assert 'href="https://forms.contoh.test/skm"' in opd and 'href="https://solokkota.lapor.go.id/"' in opd
    for url in ("/", "/metodologi", "/data-terbuka", "/opd/DINKES"):
        footer = _text(_page(client, url).split('class="site-footer"')[1])
        assert "Penerbit: Diskominfo Kota Solok ( ppid@solokkota.test )" in footer, url
        assert "Lisensi data: CC BY 4.0" in footer, url
    assert 'href="mailto:ppid@solokkota.test"' in home
    data = _text(_page(client, "/data-terbuka"))
    assert "Data ini diterbitkan oleh Diskominfo Kota Solok dengan lisensi CC BY 4.0" in data
    payload = client.get("/data/opd.json").get_json()
    assert payload["publisher"] == "Diskominfo Kota Solok"
    assert payload["publisher_contact"] == "ppid@solokkota.test"
    assert payload["licence"] == "CC BY 4.0"


def test_without_links_configured_nothing_dangles(client):
    home = _page(client, "/")
    assert "Isi Survei Kepuasan Masyarakat</a>" not in home and "Penerbit:" not in home
    assert client.get("/data/opd.json").get_json()["licence"] is None


def test_metodologi_prints_the_rules_code_once(results_store):
    client = _app(results_store, RULES=("test", "Model Kinerja Kota Solok v1 (test)")).test_client()
    text = _text(_page(client, "/metodologi"))
    assert "Aturan yang berlaku: Model Kinerja Kota Solok v1 , kode test ." in text
    assert text.count("test") == 1  # the store's figures were computed with the same rules


def test_an_agency_never_surveyed_says_so_instead_of_a_chart(tmp_path):
    store = fx.fill_store(ResultsStore(tmp_path / "s.sqlite"))
    extra = pd.DataFrame({"code": ["SETDA"], "name": ["Sekretariat Daerah"], "spreadsheet": ["setda"], "position": [4]})
    store.set_agencies(pd.concat([fx.AGENCIES, extra], ignore_index=True))
    store.set_meta("last_sync", "2026-11-29T10:00:00+07:00")
    html = _page(_app(store).test_client(), "/opd/SETDA")
    assert 'id="grafik-ikm-SETDA"' not in html and 'id="grafik-na-SETDA"' not in html
    text = _text(html)
    assert "Sekretariat Daerah belum punya layanan yang disurvei" in text
    assert "Belum ada rata-rata Nilai Akhir yang dapat ditampilkan untuk Sekretariat Daerah" in text
