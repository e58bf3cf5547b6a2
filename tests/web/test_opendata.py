import csv
import io
import re

import pandas as pd
import pytest

from config.contract import CITY_SCOPE
from sync.store import ResultsStore
from tests import fixture_store as fx
from web import create_app
from web.model import build_snapshot
from web.opendata import (
    FILES,
    IKM_STATUSES,
    KINERJA_STATUSES,
    OPD_COLUMNS,
    UNIT_COLUMNS,
    neutralise,
    opd_records,
    to_csv,
    unit_records,
)

FORMULA = '=HYPERLINK("http://contoh.test","klik")'


@pytest.fixture
def data_client(results_store):
    fx.fill_public_extras(results_store)
    return create_app(test_config={"STORE_PATH": results_store.path, "SECRET_KEY": "t"}).test_client()


def _csv(client, name):
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    raw = response.data
    assert raw.startswith("\ufeff".encode())  # UTF-8 byte-order mark (Excel)
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return response, rows


def _row(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, match
    return found[0]


def test_opd_csv(data_client):
    response, rows = _csv(data_client, "opd.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="kinerja-opd.csv"'
    assert list(rows[0]) == [c.name for c in OPD_COLUMNS]
    # every agency x every period: 3 x (3 months + 2 quarters + 1 year)
    assert len(rows) == 3 * 6
    dinkes = _row(rows, code="DINKES", period="2026-10")
    assert dinkes["period_kind"] == "bulan" and dinkes["period_label"] == "Oktober 2026"
    assert (dinkes["ikm"], dinkes["mutu"], dinkes["respondents"], dinkes["status_ikm"]) == ("91.48", "A", "29", "")
    # Sangat Baik 1 of 6 is hidden, and Baik 5 with it (6 - 5 would give the 1 back)
    assert (dinkes["avg_na"], dinkes["na_change"], dinkes["n_sangat_baik"], dinkes["n_baik"]) == (
        "107.90",
        "1.25",
        "",
        "",
    )
    assert (dinkes["n_butuh_perbaikan"], dinkes["status_kinerja"]) == ("0", "sel kecil disembunyikan")
    assert dinkes["min_responses"] == "20"
    assert dinkes["ikm_change"] == "6.38"
    assert (dinkes["complaints_received"], dinkes["complaints_resolved_in_limit_share"]) == ("8", "0.7500")
    q3 = _row(rows, code="DINKES", period="2026-Q3")
    assert (q3["period_kind"], q3["period_label"], q3["months"], q3["ikm"]) == (
        "triwulan",
        "Triwulan III 2026",
        "2",
        "82.99",
    )


def test_suppressed_values_are_empty_with_the_reason(data_client):
    _, rows = _csv(data_client, "opd.csv")
    dpm = _row(rows, code="DPMPTSP", period="2026-10")  # 12 responses: their number is published
    assert dpm["ikm"] == dpm["mutu"] == dpm["ikm_change"] == "" and dpm["respondents"] == "12"
    assert dpm["status_ikm"] == "sampel kurang" and dpm["min_responses"] == "20"
    august = _row(rows, code="DPMPTSP", period="2026-08")
    assert august["status_ikm"] == "belum ada responden" and august["respondents"] == "0"
    kecls = _row(rows, code="KECLS", period="2026-10")  # 2 employees
    assert kecls["avg_na"] == kecls["n_baik"] == kecls["na_change"] == ""
    assert kecls["status_kinerja"] == "kelompok kecil" and kecls["scored"] == "2"
    year = _row(rows, code="DPMPTSP", period="2026")  # 33 pooled responses: published
    assert year["ikm"] == "78.80" and year["status_ikm"] == ""
    body = "\n".join(",".join(r.values()) for r in rows)
    for hidden in ("77.77", "66.66", "94.43", "94.44"):
        assert hidden not in body
    statuses = {r["status_ikm"] for r in rows} | {r["status_kinerja"] for r in rows}
    assert statuses <= {"", *(s for s, _ in IKM_STATUSES + KINERJA_STATUSES)}


def test_opd_json_matches_the_csv(data_client):
    response = data_client.get("/data/opd.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'inline; filename="kinerja-opd.json"'
    payload = response.get_json()
    assert payload["last_sync"] == fx.LAST_SYNC
    assert payload["documentation"] == "/data-terbuka"
    assert [c["name"] for c in payload["columns"]] == [c.name for c in OPD_COLUMNS]
    assert all(set(c) == {"name", "type", "meaning", "unit"} for c in payload["columns"])
    rows = payload["rows"]
    assert len(rows) == 18 and list(rows[0]) == [c.name for c in OPD_COLUMNS]
    dinkes = next(r for r in rows if r["code"] == "DINKES" and r["period"] == "2026-10")
    assert dinkes["ikm"] == 91.48 and dinkes["respondents"] == 29 and dinkes["status_ikm"] == ""
    dpm = next(r for r in rows if r["code"] == "DPMPTSP" and r["period"] == "2026-10")
    assert dpm["ikm"] is None and dpm["respondents"] == 12 and dpm["status_ikm"] == "sampel kurang"
    assert dinkes["n_sangat_baik"] is None and dinkes["n_butuh_perbaikan"] == 0
    assert "Dinas Kesehatan" in response.get_data(as_text=True)  # UTF-8, not \\u escapes


def test_ikm_unit_files(data_client):
    _, rows = _csv(data_client, "ikm-unit.csv")
    assert list(rows[0]) == [c.name for c in UNIT_COLUMNS]
    mal = _row(rows, unit_id="unit:DPMPTSP:malpelayananpublik", period="2026-09")
    assert (mal["level"], mal["unit"], mal["agency"], mal["respondents"], mal["ikm"], mal["status"]) == (
        "unit",
        "Mal Pelayanan Publik",
        "DPMPTSP",
        "21",
        "79.31",
        "",
    )
    assert mal["nrr_u1"] == f"{79.31 / 25:.4f}"
    pusk = _row(rows, unit_id="unit:DINKES:puskesmastanahgaring", period="2026-10")  # 20 of DINKES' 29
    assert (pusk["ikm"], pusk["respondents"], pusk["status"]) == ("93.21", "20", "")
    small = _row(rows, unit_id="unit:DINKES:bidangpelayanankesehatan", period="2026-08")
    assert small["ikm"] == small["nrr_u3"] == "" and small["respondents"] == "2"
    assert small["status"] == "sampel kurang" and small["min_responses"] == "20"
    pooled = _row(rows, unit_id="opd:DINKES", period="2026-10")
    assert pooled["level"] == "opd" and pooled["unit"] == "Dinas Kesehatan" and pooled["ikm"] == "91.48"
    assert _row(rows, unit_id="opd:DPMPTSP", period="2026-Q3")["ikm_drop_flag"] == ""  # no previous quarter
    payload = data_client.get("/data/ikm-unit.json").get_json()
    assert len(payload["rows"]) == len(rows)
    hidden = next(
        r
        for r in payload["rows"]
        if r["unit_id"] == "unit:DINKES:bidangpelayanankesehatan" and r["period"] == "2026-08"
    )
    assert hidden["ikm"] is None and hidden["nrr_u1"] is None and hidden["status"] == "sampel kurang"
    assert hidden["respondents"] == 2


def test_quarter_flag_column():
    months = ("2026-07", "2026-08", "2026-09", "2026-10")
    ikm = pd.DataFrame(
        [
            fx._ikm_row(uid, "A", "x", "Loket", p, 40, 80.0, "B", "Baik", 1)
            for uid in ("opd:A", "unit:A:loket")
            for p in months
        ]
    )
    periodic = pd.DataFrame(
        [
            {**fx._ikm_row(uid, "A", "x", "Loket", q, n, v, "B", "Baik", 1)}
            for uid in ("opd:A", "unit:A:loket")
            for q, n, v in (("2026-Q3", 120, 88.0), ("2026-Q4", 40, 81.5))
        ]
    )
    agencies = pd.DataFrame({"code": ["A"], "name": ["Dinas A"], "spreadsheet": ["a"], "position": [1]})
    snap = build_snapshot({"agencies": agencies, "ikm": ikm, "ikm_periodic": periodic}, None, 20, 5)
    rows = {(r["unit_id"], r["period"]): r for r in unit_records(snap)}
    assert rows[("unit:A:loket", "2026-Q4")]["ikm_drop_flag"] == 1
    assert rows[("unit:A:loket", "2026-Q3")]["ikm_drop_flag"] is None
    assert rows[("unit:A:loket", "2026-10")]["ikm_drop_flag"] is None
    assert rows[("unit:A:loket", "2026-Q4")]["ikm_change"] == -6.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("+6281234567890", "'+6281234567890"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("", ""),
        ("A=B", "A=B"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_formula_names_are_neutralised_in_csv_but_kept_in_json(tmp_path):
    store = fx.fill_public_extras(fx.fill_store(ResultsStore(tmp_path / "f.sqlite")))
    store.set_agencies(fx.AGENCIES.assign(name=fx.AGENCIES["name"].where(fx.AGENCIES["code"] != "DINKES", FORMULA)))
    units = fx.ikm_units().assign(unit_name="-2+3")
    periodic = fx.ikm_periodic()
    periodic = periodic.assign(unit_name=periodic["unit_name"].where(periodic["level"] != "unit", "-2+3"))
    store.replace_scope(CITY_SCOPE, {"ikm": pd.concat([fx.ikm(), units], ignore_index=True), "ikm_periodic": periodic})
    store.set_meta("last_sync", "2026-11-29T08:00:00+07:00")
    client = create_app(test_config={"STORE_PATH": store.path, "SECRET_KEY": "t"}).test_client()
    _, opd = _csv(client, "opd.csv")
    assert {r["name"] for r in opd if r["code"] == "DINKES"} == {"'" + FORMULA}
    raw = client.get("/data/opd.csv").data.decode("utf-8-sig")
    assert not re.search(r'(^|,)"?[=+@]', raw, flags=re.M)  # no cell starts a formula
    _, unit_rows = _csv(client, "ikm-unit.csv")
    assert {r["unit"] for r in unit_rows if r["level"] == "unit"} == {"'-2+3"}
    assert {r["agency_name"] for r in unit_rows if r["agency"] == "DINKES"} == {"'" + FORMULA}
    payload = client.get("/data/opd.json").get_json()
    assert {r["name"] for r in payload["rows"] if r["code"] == "DINKES"} == {FORMULA}


def test_negative_numbers_stay_numbers():
    column = next(c for c in OPD_COLUMNS if c.name == "na_change")
    text = to_csv([{"na_change": -1.25}], (column,)).decode("utf-8-sig")
    assert text == "na_change\r\n-1.25\r\n"


def test_unknown_file_is_404(data_client):
    assert data_client.get("/data/pegawai.csv").status_code == 404
    assert data_client.get("/data/opd.xlsx").status_code == 404


def test_data_terbuka_documents_every_column(data_client):
    html = data_client.get("/data-terbuka").get_data(as_text=True)
    for name in FILES:
        assert f'href="/data/{name}"' in html
    for column in (*OPD_COLUMNS, *UNIT_COLUMNS):
        assert f"<code>{column.name}</code>" in html
        assert column.meaning.replace("'", "&#39;") in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "UTF-8 dengan penanda BOM" in text and "pemisah desimal titik" in text
    assert "diberi awalan tanda petik" in text
    for status, meaning in IKM_STATUSES + KINERJA_STATUSES:
        assert f"{status} : {meaning}" in text or f"{status}: {meaning}" in text


def test_records_from_an_empty_snapshot():
    snap = build_snapshot({}, None, 20, 5)
    assert opd_records(snap) == [] and unit_records(snap) == []
    assert to_csv([], OPD_COLUMNS).decode("utf-8-sig").strip() == ",".join(c.name for c in OPD_COLUMNS)


def test_indonesian_locale_csv_variant(data_client):
    """Excel set to Indonesian reads '91.48' as 9.148 (dot = thousands): the -id.csv files use ';'
    between columns and a decimal comma, and the page says which to open how."""
    response = data_client.get("/data/opd-id.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="kinerja-opd-id.csv"'
    raw = response.data
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == [c.name for c in OPD_COLUMNS]
    dinkes = _row(rows, code="DINKES", period="2026-10")
    assert (dinkes["ikm"], dinkes["avg_na"], dinkes["respondents"]) == ("91,48", "107,90", "29")
    assert dinkes["complaints_resolved_in_limit_share"] == "0,7500"
    assert dinkes["period_label"] == "Oktober 2026"
    units = list(
        csv.DictReader(io.StringIO(data_client.get("/data/ikm-unit-id.csv").data.decode("utf-8-sig")), delimiter=";")
    )
    assert units and "," in _row(units, unit_id="opd:DINKES", period="2026-10")["nrr_u1"]
    text = " ".join(re.sub(r"<[^>]+>", " ", data_client.get("/data-terbuka").get_data(as_text=True)).split())
    assert "pemisah kolom titik koma ( ; ) dan desimal koma" in text


def test_every_file_the_page_names_is_served(data_client):
    """/data-terbuka names no file that answers 404 (it once titled the -id.csv tables
    'opd-id.json' and 'ikm-unit-id.json', which never existed): every '<stem>.csv' / '.json' the
    page's text names is in FILES and answers 200."""
    html = data_client.get("/data-terbuka").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    named = set(re.findall(r"(?<![\w-])([a-z][a-z0-9-]*\.(?:csv|json))\b", text))
    assert {"opd.csv", "opd.json", "ikm-unit.csv", "ikm-unit-id.csv"} <= named
    for name in sorted(named):
        assert name in FILES, name
        assert data_client.get(f"/data/{name}").status_code == 200, name
    assert "Kolom berkas opd.csv, opd-id.csv, dan opd.json" in text
