"""The privacy scan: the real demo pipeline, every public page and data file, every NIP and name.

A small demo city is generated, written to workbooks and synced once (module-scoped: about two
seconds); the public site is built on its store and crawled: Beranda for every period in the
selector, every OPD page, Metodologi, Data terbuka and every open-data file. No NIP, no employee
name (full string, case-insensitive) and no complaint text typed into the form or the complaint
log may appear anywhere. The published open data is also checked the way an outsider would
attack it: no hidden IKM can be recovered by subtracting published figures.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict

import pytest

from config.settings import load_settings
from sync.backends import make_backend
from sync.contract import FORM, LAPORAN, PEGAWAI, PENGADUAN, PENILAIAN, PRESENSI, period_kind, quarter_of
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.store import ResultsStore
from sync.worker import run_cycle
from web import create_app

SCALE = DemoScale(agencies=5, employees=60, responses=1500, complaints=40)
MIN_RESPONSES = 20


def _column(rows: list[list], header: str) -> list:
    """The cells under `header` (the tab's first row) in the rows below it."""
    if not rows:
        return []
    headers = [str(h or "").strip().lower() for h in rows[0]]
    if header.lower() not in headers:
        return []
    at = headers.index(header.lower())
    return [row[at] for row in rows[1:] if row and at < len(row) and row[at] not in (None, "")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("privasi")
    city = generate_city(SCALE, seed=7)
    data = folder / "data"
    data.mkdir()
    write_workbooks(city, data)
    config = folder / "kinerja.toml"
    write_config(city, config, data_folder="data", store_path="var/kinerja.sqlite")
    settings = load_settings(config)
    store = ResultsStore(settings.store.path)
    backend = make_backend(settings)
    try:
        run_cycle(settings, backend, store, log=lambda _line: None)
    finally:
        backend.close()
    app = create_app(settings, test_config={"TESTING": True, "SECRET_KEY": "t", "MIN_RESPONSES": MIN_RESPONSES})
    return city, store, app.test_client()


def _secrets(city, store) -> dict[str, set[str]]:
    nips, names, complaints = set(), set(), set()
    for stem, tabs in city.workbooks.items():
        for tab in (PEGAWAI, LAPORAN, PENILAIAN, PRESENSI):
            rows = tabs.get(tab.name, [])
            for header in ("NIP", "NIP Atasan", "NIP Penilai"):
                nips |= {str(v).strip() for v in _column(rows, header)}
        names |= {str(v).strip() for v in _column(tabs.get(PEGAWAI.name, []), "Nama")}
        complaints |= {str(v).strip() for v in _column(tabs.get(FORM.name, []), FORM.column("complaint").header)}
        complaints |= {str(v).strip() for v in _column(tabs.get(PENGADUAN.name, []), "Uraian")}
    people = store.read("employees")
    nips |= set(people["nip"].astype(str))
    names |= set(people["name"].astype(str))
    return {
        "nip": {n for n in nips if len(re.sub(r"\D", "", n)) >= 8},  # spoiled cells like "abc" are no NIP
        "name": {n for n in names if len(n) >= 4},
        "complaint": {c for c in complaints if len(c) >= 6},
    }


def _crawl(client) -> dict[str, str]:
    home = client.get("/").get_data(as_text=True)
    periods = re.findall(r'<option value="([^"]+)"', home)
    codes = sorted(set(re.findall(r'href="/opd/([^"]+)"', home)))
    urls = ["/", *(f"/?periode={p}" for p in periods), *(f"/opd/{c}" for c in codes), "/metodologi",
            "/data-terbuka", "/healthz", "/data/opd.csv", "/data/opd.json", "/data/ikm-unit.csv",
            "/data/ikm-unit.json"]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.get_data(as_text=True)
    return pages


def test_the_crawl_covers_every_period_and_agency(demo):
    city, _store, client = demo
    pages = _crawl(client)
    assert sum(url.startswith("/?periode=") for url in pages) >= SCALE.months
    assert sum(url.startswith("/opd/") for url in pages) == len(city.agencies)
    assert "data belum cukup" in pages["/"]  # small groups exist and are hidden


def _leaks(url: str, body: str, secrets: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(kind, value) of every secret found in a page or file body (case-insensitive, unescaped)."""
    readable = html.unescape(body).casefold()
    if url.endswith(".json"):
        readable += json.dumps(json.loads(body), ensure_ascii=False).casefold()
    found = [(kind, value) for kind, values in secrets.items() for value in values if value.casefold() in readable]
    if re.search(r"(?<!\d)\d{18}(?!\d)", body):
        found.append(("nip", "18 digits"))
    return found


def test_no_nip_name_or_complaint_text_on_any_public_page_or_file(demo):
    city, store, client = demo
    secrets = _secrets(city, store)
    assert len(secrets["nip"]) >= SCALE.employees and len(secrets["name"]) >= SCALE.employees
    assert len(secrets["complaint"]) >= 5
    pages = _crawl(client)
    for url, body in pages.items():
        assert _leaks(url, body, secrets) == [], url
    # The scan itself finds what it looks for (an escaped name, an upper-cased complaint, a NIP).
    name, nip, complaint = (sorted(secrets[k])[0] for k in ("name", "nip", "complaint"))
    planted = pages["/"].replace("</main>", f"<p>{html.escape(name)} {complaint.upper()} {nip}</p></main>")
    assert {kind for kind, _ in _leaks("/", planted, secrets)} == {"name", "nip", "complaint"}


def _by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["unit_id"], r["period"]): r for r in rows}


def test_no_hidden_ikm_is_recoverable_from_the_open_data(demo):
    """An outsider's subtraction attack on ikm-unit.json: an agency's published respondents minus
    its published units', and a quarter's (year's) minus its published months (quarters), must
    leave 0 or at least min_responses responses."""
    _city, _store, client = demo
    rows = client.get("/data/ikm-unit.json").get_json()["rows"]
    shown = [r for r in rows if r["status"] == ""]
    assert shown and any(r["status"] for r in rows)
    units = defaultdict(int)
    for r in shown:
        if r["level"] == "unit":
            units[(r["agency"], r["period"])] += r["respondents"]
    for r in shown:
        if r["level"] == "opd":
            rest = r["respondents"] - units[(r["agency"], r["period"])]
            assert rest == 0 or rest >= MIN_RESPONSES, r
    for r in shown:
        if r["level"] == "unit":  # a unit is only shown when its agency is
            assert (f"opd:{r['agency']}", r["period"]) in _by_key(shown)
    parts = defaultdict(int)
    for r in shown:
        if period_kind(r["period"]) == "bulan":
            parts[(r["unit_id"], quarter_of(r["period"]))] += r["respondents"]
    for r in shown:
        if period_kind(r["period"]) == "triwulan":
            rest = r["respondents"] - parts[(r["unit_id"], r["period"])]
            assert rest == 0 or rest >= MIN_RESPONSES, r


def test_no_city_total_anywhere(demo):
    _city, _store, client = demo
    payload = client.get("/data/opd.json").get_json()
    assert not any(r["code"].lower() in {"kota", "total", "jumlah"} for r in payload["rows"])
    home = client.get("/").get_data(as_text=True)
    assert "<tfoot" not in home and "Total kota" not in home
