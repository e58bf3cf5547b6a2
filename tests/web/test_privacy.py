"""The privacy scan: the real demo pipeline, every public page and data file, every NIP and name.

A small demo city is generated, written to workbooks and synced once (module-scoped: about two
seconds); the public site is built on its store and crawled: Beranda for every period in the
selector, every OPD page, Metodologi, Data terbuka and every open-data file. No NIP, no employee
name (full string, case-insensitive) and no complaint text typed into the form or the complaint
log may appear anywhere. The published open data is also checked the way an outsider would
attack it: every IKM meeting the minimum sample is published (SKM answers are anonymous), and
no predikat cell counting one or two people is published or can be recovered from the published
total of scored staff, the other cells or another period.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from config.contract import FORM, LAPORAN, PEGAWAI, PENGADUAN, PENILAIAN, PRESENSI
from config.settings import load_settings
from sync.cycle import run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.backends import make_backend
from sync.store import ResultsStore
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
    urls = [
        "/",
        *(f"/?periode={p}" for p in periods),
        *(f"/opd/{c}" for c in codes),
        "/metodologi",
        "/data-terbuka",
        "/healthz",
        "/data/opd.csv",
        "/data/opd.json",
        "/data/ikm-unit.csv",
        "/data/ikm-unit.json",
    ]
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
    assert "sampel kurang (n = " in pages["/"]  # small samples exist and say so
    assert any('<td class="num suppressed">disembunyikan</td>' in body for body in pages.values())  # small cells
    assert not any("data belum cukup" in body for body in pages.values())  # every hidden figure says why


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


PREDIKAT_CELLS = ("n_sangat_baik", "n_baik", "n_butuh_perbaikan", "n_kurang", "n_sangat_kurang")
MIN_CELL = 3  # the default web.min_cell_size: no published cell may count 1 or 2 people


def _true_counts(store) -> dict[tuple[str, str], dict]:
    """The store's real (unsuppressed) predikat counts per (agency, period): what an attacker wants."""
    out = {}
    for table in ("agency_summary", "agency_periodic"):
        for r in store.read(table).to_dict("records"):
            out[(str(r["agency"]), str(r["period"]))] = r
    return out


def test_every_ikm_meeting_the_minimum_is_published_and_the_rest_say_why(demo):
    """SKM answers are anonymous: no complementary suppression of IKM. An IKM with at least
    its unit-period minimum (Krejcie–Morgan, else min_responses) is published beside a smaller one;
    one below shows its n and reason."""
    _city, store, client = demo
    rows = client.get("/data/ikm-unit.json").get_json()["rows"]
    truth = {}
    for table in ("ikm", "ikm_periodic"):
        for r in store.read(table).to_dict("records"):
            truth[(str(r["unit_id"]), str(r["period"]))] = r
    # Each unit-period's own minimum: Krejcie–Morgan where Populasi Layanan gives one (SCORING.md §4).
    adequacy = store.read("sample_adequacy")
    minimum = {
        (str(u), str(p)): int(m) for u, p, m in zip(adequacy["unit_id"], adequacy["period"], adequacy["min_sample"])
    }
    small = 0
    for r in rows:
        real = truth[(r["unit_id"], r["period"])]
        assert r["respondents"] == int(real["respondents"]), r
        least = minimum.get((r["unit_id"], r["period"]), MIN_RESPONSES)
        assert (real["sufficient"] == 1) == (int(real["respondents"]) >= least), r
        if int(real["respondents"]) >= least and real["sufficient"] == 1:
            assert r["status"] == "" and r["ikm"] is not None, r
        else:
            small += 1
            assert r["ikm"] is None and r["status"] == "sampel kurang", r
            assert r["min_responses"] == least  # the row's own minimum, not the configured one
    assert small and small < len(rows)


def test_no_published_predikat_cell_can_name_a_person(demo):
    """An outsider's attack on the predikat distribution (opd.json): no published cell counts 1 or
    2 people; where cells are hidden, at least two are, and the published total of scored staff
    minus the published cells leaves enough that every hidden cell could hold MIN_CELL or more
    people even if each other hidden cell held one; a quarter or year resting on a single month
    hides what that month hides."""
    _city, store, client = demo
    rows = client.get("/data/opd.json").get_json()["rows"]
    truth = _true_counts(store)
    attacked = 0
    for r in rows:
        real = truth.get((r["code"], r["period"]))
        cells = [r[c] for c in PREDIKAT_CELLS]
        shown = [c for c in cells if c is not None]
        assert all(c == 0 or c >= MIN_CELL for c in shown), r
        if real is None or not shown:
            continue
        for c, value in zip(PREDIKAT_CELLS, cells):
            if value is not None:
                assert value == real[c], r  # what is published is true
            elif 0 < real[c] < MIN_CELL:
                attacked += 1
        hidden = cells.count(None)
        if hidden:
            assert hidden >= 2, r
            rest = r["scored"] - sum(shown)
            assert rest >= MIN_CELL + hidden - 1, r
            assert r["status_kinerja"] != "", r
    assert attacked, "the demo has small cells, so the attack has something to find"
    # Across periods: quarter and year distributions count each employee's quarterly (yearly)
    # predikat, so they are no sums of the months' and cannot be subtracted from them. Where a
    # quarter or year rests on the very same people and predikats as a month (or quarter), the
    # counts are equal, and equal counts must hide the same cells, or one would reveal the other.
    by_counts: dict[tuple, list[dict]] = {}
    for r in rows:
        real = truth.get((r["code"], r["period"]))
        if real is not None:
            key = (r["code"], r["scored"], *(int(real[c]) for c in PREDIKAT_CELLS))
            by_counts.setdefault(key, []).append(r)
    repeated = 0
    for same in by_counts.values():
        masks = {tuple(r[c] is None for c in PREDIKAT_CELLS) for r in same}
        assert len(masks) == 1, [(r["period"], r["status_kinerja"]) for r in same]
        repeated += len(same) > 1 and any(next(iter(masks)))
    assert repeated  # e.g. October and Triwulan IV resting on October alone


def test_every_open_data_file_holds_the_same_predikat_cells(demo):
    """The CSV files (plain and Indonesian-locale) hide exactly the cells opd.json hides: the
    attack above holds for every download, not only the JSON."""
    _city, _store, client = demo
    rows = client.get("/data/opd.json").get_json()["rows"]
    expected = [["" if r[c] is None else str(r[c]) for c in PREDIKAT_CELLS] for r in rows]
    assert any("" in cells for cells in expected)  # the demo has hidden cells
    for name, delimiter in (("opd.csv", ","), ("opd-id.csv", ";")):
        text = client.get(f"/data/{name}").data.decode("utf-8-sig")
        found = [[r[c] for c in PREDIKAT_CELLS] for r in csv.DictReader(io.StringIO(text), delimiter=delimiter)]
        assert found == expected, name


def test_published_cells_that_could_name_a_person_are_counted_on_pages_too(demo):
    """The pages show exactly the open data's cells: no predikat cell reading 1 or 2 on Beranda."""
    _city, _store, client = demo
    pages = _crawl(client)
    for url, body in pages.items():
        if not url.startswith("/?periode=") and url != "/":
            continue
        table = body.split('id="cap-predikat"')[1].split("</table>")[0]
        cells = re.findall(r'<td class="num">([^<]*)</td>', table)
        assert cells and not {c.strip() for c in cells} & {"1", "2"}, url


def test_no_city_total_anywhere(demo):
    _city, _store, client = demo
    payload = client.get("/data/opd.json").get_json()
    assert not any(r["code"].lower() in {"kota", "total", "jumlah"} for r in payload["rows"])
    home = client.get("/").get_data(as_text=True)
    assert "<tfoot" not in home and "Total kota" not in home
