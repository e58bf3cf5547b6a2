"""An upheld keberatan is the result from its decision on (PP 30/2019 Pasal 59), not from the next
sync: /saya, /pegawai/<nip>, /tim, the review page and the HR Excel report show the decided
predikat at once (web.in_force overlays the decision on the rows read), with a mark that it came
from a keberatan; the results tables are left to the worker. A synced demo city, the Flask client,
the real report .xlsx read with openpyxl."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from scoring.params import BAIK, DI_ATAS, RATINGS, SANGAT_BAIK, SESUAI
from scoring.predikat import predikat
from sync.store import objections
from sync.store.reader import StoreReader
from tests.hr_helpers import csrf_token, text_of
from tests.keberatan_world import confirm
from tests.web.test_keberatan import (  # noqa: F401 - the fixtures
    PERIOD,
    app,
    city,
    client_of,
    days_ago,
    decide,
    file_from_saya,
    only_objection,
    store,
)
from web import in_force


def _stored(store, nip: str) -> dict:
    row = StoreReader(store.path).rows("results", "nip = ? AND period = ?", (nip, PERIOD)).iloc[0]
    return {k: row[k] for k in ("agency", "rating_hk", "rating_pk", "predikat", "decision")}


def _upheld(city, store, app) -> tuple[dict, str]:
    """The stored October result confirmed as it is, objected to and upheld with another Rating
    Hasil Kerja that changes the predikat; returns the stored row and the decided predikat."""
    with store.connect() as conn:  # as a sync scored it: Sesuai Ekspektasi twice, Baik
        conn.execute(
            "UPDATE results SET rating_hk = ?, rating_pk = ?, predikat = ? WHERE nip = ? AND period = ?",
            (SESUAI, SESUAI, BAIK, city["employee"], PERIOD),
        )
    before = _stored(store, city["employee"])
    c = confirm(store, city["employee"], PERIOD, at=days_ago(3))
    assert file_from_saya(client_of(app, city["employee"]), c.id).status_code == 303
    o = only_objection(store, city)
    form = {
        "keputusan": "diterima",
        "rating_hk": DI_ATAS,
        "rating_pk": DI_ATAS,
        "alasan": "Bukti dukung realisasi lengkap.",
    }
    assert decide(client_of(app, city["decider"]), o.id, **form).status_code == 303
    decided = objections.by_id(store, o.id)
    assert decided.upheld and decided.predikat == SANGAT_BAIK
    after = _stored(store, city["employee"])
    assert after["predikat"] == before["predikat"]  # the site did not write results: the worker does
    return before, decided.predikat


def _row_of(html: str, caption_id: str, marker: str) -> str:
    """The visible text of the table row (after the caption `caption_id`) that contains `marker`."""
    table = html[html.index(f'id="{caption_id}"') :]
    table = table[: table.index("</table>")]
    rows = [text_of(r) for r in re.findall(r"<tr.*?</tr>", table, flags=re.S)]
    found = [r for r in rows if marker in r]
    assert found, (marker, rows)
    return found[0]


def _predikat_cell(html: str, caption_id: str, marker: str) -> str:
    table = html[html.index(f'id="{caption_id}"') :]
    table = table[: table.index("</table>")]
    row = next(r for r in re.findall(r"<tr.*?</tr>", table, flags=re.S) if marker in r)
    return re.search(r'<span class="predikat[^"]*">([^<]+)</span>', row).group(1)


def test_pages_show_the_decided_predikat_before_the_next_sync(city, store, app):
    before, decided = _upheld(city, store, app)
    nip = city["employee"]
    decided_day = in_force.decided_day(only_objection(store, city))
    # /saya: the monthly table says what the keberatan box says.
    html = client_of(app, nip).get(f"/saya?periode={PERIOD}").get_data(as_text=True)
    assert _predikat_cell(html, "cap-riwayat", "Oktober 2026") == decided
    assert "dari keberatan, diputus" in _row_of(html, "cap-riwayat", "Oktober 2026")
    assert "ditetapkan melalui keberatan yang diputus" in text_of(html)  # the explanation says why
    assert (
        f"Catatan ini dibuat sebelum keberatan diputus pada {decided_day}; predikat yang berlaku: {decided}."
        in text_of(html)
    )
    # The employee's own download (JSON and Excel): the result in force, its decision marked.
    own = client_of(app, nip)
    months = own.get("/saya/data.json").get_json(force=True)["hasil_bulanan"]
    october = next(m for m in months if m["period"] == PERIOD)
    assert october["predikat"] == decided and october["decision"].startswith("keberatan diterima")
    sheet = list(openpyxl.load_workbook(io.BytesIO(own.get("/saya/data.xlsx").data))["Hasil Bulanan"].values)
    row = next(r for r in sheet[1:] if r[sheet[0].index("Periode")] == "Oktober 2026")  # PERIOD, in words
    assert row[sheet[0].index("Predikat")] == decided
    # /pegawai/<nip> as BKPSDM (the admin's view), logged as before.
    bkpsdm = client_of(app, *city["bkpsdm"])
    html = bkpsdm.get(f"/pegawai/{nip}?periode={PERIOD}").get_data(as_text=True)
    assert _predikat_cell(html, "cap-riwayat", "Oktober 2026") == decided
    # The HR list of the agency's employees: the predikat in force, marked.
    html = bkpsdm.get(f"/hr/pegawai?periode={PERIOD}&opd={before['agency']}&cari={nip}").get_data(as_text=True)
    assert f"{decided} (dari keberatan, diputus" in text_of(html)
    # /tim of the Pejabat Penilai: the predikat in force and where it came from.
    rater = client_of(app, city["rater"])
    html = rater.get(f"/tim?periode={PERIOD}").get_data(as_text=True)
    assert _predikat_cell(html, "cap-tim", nip) == decided
    assert "dari keberatan" in _row_of(html, "cap-tim", _name(store, nip))
    # The review page: the result in force, marked.
    text = text_of(rater.get(f"/tim/{nip}/{PERIOD}").get_data(as_text=True))
    assert f"Predikat {decided} (dari keberatan, diputus" in text
    assert f"predikat yang berlaku: {decided}." in text
    assert f"Predikat {before['predikat']} " not in text


def _name(store, nip: str) -> str:
    return str(StoreReader(store.path).rows("employees", "nip = ?", (nip,)).iloc[0]["name"])


def test_the_hr_report_has_the_decided_predikat_and_says_the_counts_follow(city, store, app):
    before, decided = _upheld(city, store, app)
    bkpsdm = client_of(app, *city["bkpsdm"])
    token = csrf_token(bkpsdm, "/hr/laporan")
    response = bkpsdm.post("/hr/laporan", data={"csrf_token": token, "periode": PERIOD, "opd": before["agency"]})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    sheet = list(book["Pegawai"].iter_rows(values_only=True))
    header = list(sheet[0])
    row = next(r for r in sheet[1:] if r[header.index("NIP")] == city["employee"])
    assert row[header.index("Predikat")] == decided
    summary = text_of(bkpsdm.get(f"/hr/?periode={PERIOD}").get_data(as_text=True))
    assert "1 keberatan atas hasil Oktober 2026 diterima sesudah sinkronisasi terakhir" in summary
    assert "berlaku setelah sinkronisasi berikutnya" in summary
    note = next(r[0] for r in book["Ringkasan"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert "1 keberatan diterima sesudahnya" in note and "berlaku setelah sinkronisasi berikutnya" in note


@pytest.mark.parametrize("applied", [False, True])
def test_the_overlay_follows_the_workers_rule(city, store, applied, monkeypatch):
    """web.in_force on a results frame: the decided fields replace the row's, the decision is
    marked; a row the worker already applied counts as applied."""
    import pandas as pd

    nip = city["employee"]
    with store.connect() as conn:
        conn.execute(
            "UPDATE results SET rating_hk = ?, rating_pk = ?, predikat = ? WHERE nip = ? AND period = ?",
            (SESUAI, SESUAI, BAIK, nip, PERIOD),
        )
    c = confirm(store, nip, PERIOD, at=days_ago(3))
    o_id = objections.file(store, c, "alasan", days_ago(1), 14, 14)
    decider = c.people["atasan_pejabat_penilai"]["nip"]
    old = _stored(store, nip)
    new_pk = next(r for r in RATINGS if r != old["rating_pk"])
    objections.decide(store, o_id, decider, True, "alasan keputusan", rating_pk=new_pk)
    frame = StoreReader(store.path).rows("results", "period = ?", (PERIOD,))
    if applied:
        frame.loc[frame["nip"] == nip, "decision"] = "keberatan diterima 2026-12-01"
    out, waiting = in_force.frame(store, frame)
    mine = out[out["nip"] == nip].iloc[0]
    assert mine["rating_pk"] == new_pk and mine["rating_hk"] == old["rating_hk"]
    assert mine["predikat"] == predikat([old["rating_hk"]], [new_pk]).iloc[0]
    assert str(mine["decision"]).startswith("keberatan diterima")
    assert waiting == (0 if applied else 1)
    others = out[out["nip"] != nip].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, frame[frame["nip"] != nip].reset_index(drop=True), check_dtype=False)
    monkeypatch.setattr(in_force, "MANY", 0)  # a city-wide report reads every upheld objection
    again, waiting_again = in_force.frame(store, frame)
    pd.testing.assert_frame_equal(again, out)
    assert waiting_again == waiting
    assert (
        in_force.rows(store, [dict(r) for _i, r in frame.iterrows()])[list(frame["nip"]).index(nip)]["predikat"]
        == (mine["predikat"])
    )
