"""An employee's own download in their language (/saya/data.xlsx) and the machine one
(/saya/data.json) with stable keys and a key dictionary: a real store, the Flask test client, the
workbook read back by openpyxl."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from sync.store import accounts as account_store
from sync.store.accounts import Access
from sync.store.schema import column_names
from tests import accounts_world as w
from tests.hr_helpers import hr_app

LONG = 108.5358688930118


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("own")).path


@pytest.fixture
def client(template, tmp_path):
    store = w.copy_store(template, tmp_path)
    with store.connect() as conn:
        conn.execute("UPDATE results SET nhk_own = ? WHERE nip = ? AND period = '2026-10'", (LONG, w.LEAF))
        conn.execute(
            "INSERT INTO indicators (agency, period, nip, row, plan, indicator, target, actual, measure, direction,"
            " weight, capaian, capaian_capped) VALUES ('DINKES', '2026-10', ?, 1116, 'Rencana', 'Laporan', 12, 13,"
            " 'dokumen', 'naik', 0.25, ?, ?)",
            (w.LEAF, LONG, LONG),
        )
    account_store.log_access(
        store,
        [
            Access(
                "2026-12-04T22:35:24+00:00",
                w.MID,
                "Atasan Tengah",
                "Pejabat Penilai",
                w.LEAF,
                "DINKES",
                "penetapan 2026-10",
            )
        ],
    )
    client = hr_app(store).test_client()
    w.log_in(client, w.LEAF)
    return client


def _sheets(client) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(client.get("/saya/data.xlsx").get_data()))
    return {ws.title: [list(r) for r in ws.iter_rows()] for ws in book}


def test_the_workbook_reads_in_indonesian_with_numbers_as_numbers(client):
    sheets = _sheets(client)
    raw_keys = {*column_names("results"), *column_names("indicators"), *column_names("employees"), "at", "what"}
    headers = {h.value for rows in sheets.values() for h in rows[0]}
    assert not headers & raw_keys, headers & raw_keys  # no nhk_own, capaian_capped, position, ...

    months = sheets["Hasil Bulanan"]
    head = [c.value for c in months[0]]
    october = next(r for r in months[1:] if r[head.index("Periode")].value == "Oktober 2026")
    own = october[head.index("NHK Sendiri")]
    assert own.value == 108.54 and own.number_format == "0.00"  # half-up, a number shown with 2 decimals
    assert october[head.index("Perlu Perhatian")].value in ("Ya", "Tidak")
    assert october[head.index("Layanan Publik")].value in ("Ya", "Tidak")

    indicators = sheets["Indikator"]
    head = [c.value for c in indicators[0]]
    row = indicators[1]
    assert row[head.index("Capaian Dipakai (c′)")].value == 108.54
    assert row[head.index("Baris di Tab Kinerja")].value == 1116
    assert row[head.index("Baris di Tab Kinerja")].number_format == "0"  # never "1.116"
    assert row[head.index("Bobot")].value == 0.25  # as typed in the sheet, not rounded

    access = sheets["Riwayat Akses"]
    assert [c.value for c in access[1]][0] == "5 Desember 2026 05.35 WIB"
    assert "Halaman penetapan hasil kinerja Oktober 2026" in [c.value for c in access[1]]


def test_the_json_keeps_stable_keys_with_a_dictionary_and_wib_times(client):
    data = json.loads(client.get("/saya/data.json").get_data(as_text=True))
    october = next(r for r in data["hasil_bulanan"] if r["period"] == "2026-10")
    assert october["nhk_own"] == LONG  # full precision for programs
    assert data["kamus_kolom"]["hasil_bulanan"]["nhk_own"] == "NHK Sendiri"
    assert data["kamus_kolom"]["indikator"]["capaian_capped"] == "Capaian Dipakai (c′)"
    assert set(data["kamus_kolom"]) == {
        "pegawai",
        "hasil_bulanan",
        "hasil_triwulan_tahun",
        "indikator",
        "akses_oleh_orang_lain",
    }
    assert all(
        set(rows[0]) <= set(data["kamus_kolom"][key])
        for key, rows in data.items()
        if key in data["kamus_kolom"] and rows
    )
    assert data["akses_oleh_orang_lain"][0]["at"] == "2026-12-05T05:35:24+07:00"
