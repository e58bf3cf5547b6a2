"""A Laporan Kinerja row rejected beside used ones (the review's Nasrul: row 923, Target 0, so NHK
310 ÷ 3 instead of four indicators) is named on /saya, on /pegawai/<nip>, on the supervisor's
review page before Tetapkan, and on /tim: a demo city synced by the real cycle, its workbook edited
with openpyxl and synced again, the site through the Flask test client."""

from __future__ import annotations

import openpyxl
import pytest

from sync.store import confirmations
from sync.store.writer import ResultsStore
from tests import penetapan_world as pw
from tests.hr_helpers import csrf_token, hr_app, login, text_of
from tests.web.test_penetapan_changes import sheet_rows, workbook


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    template = pw.build(tmp_path_factory.mktemp("rejected-web") / "demo")
    world = pw.copy_city(template, tmp_path_factory.mktemp("rejected-city"))
    nip = next(n for n in world.complete if len(sheet_rows(world, "Laporan Kinerja", n, world.period)) >= 2)
    row = sheet_rows(world, "Laporan Kinerja", nip, world.period)[-1]
    path = workbook(world)
    book = openpyxl.load_workbook(path)
    sheet = book["Laporan Kinerja"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row, header.index("Target") + 1).value = 0
    book.save(path)
    pw.sync(world)
    return world, nip, row


def client_of(app, nip):
    client = app.test_client()
    assert login(client, nip).status_code == 303, nip
    return client


def test_the_rejected_row_is_stored_with_its_tab_and_reason(edited):
    world, nip, row = edited
    results = ResultsStore(world.path).read("results", "nip = ? AND period = ?", (nip, world.period))
    [stored] = results["rejected_rows"].tolist()
    assert stored == (
        f"Baris {row} di tab Laporan Kinerja ditolak (Target 0) — tidak dihitung; perlu diperbaiki pegawai, "
        "lihat tab Validasi"
    )
    assert not results["missing"].iloc[0]  # the report is there: only that row of it is not
    assert "Semua indikator Anda" not in results["catatan"].iloc[0]


def test_saya_lists_the_rejected_row(edited):
    world, nip, row = edited
    app = hr_app(ResultsStore(world.path))
    page = text_of(client_of(app, nip).get(f"/saya?periode={world.period}").get_data(as_text=True))
    assert "Baris yang ditolak" in page and "tidak dihitung" in page
    assert f"Baris {row} di tab Laporan Kinerja ditolak (Target 0)" in page
    admin = text_of(client_of(app, world.admin).get(f"/pegawai/{nip}?periode={world.period}").get_data(as_text=True))
    assert f"Baris {row} di tab Laporan Kinerja ditolak (Target 0)" in admin


def test_the_review_page_warns_before_tetapkan_and_tim_says_so(edited):
    world, nip, row = edited
    app = hr_app(ResultsStore(world.path))
    rater = client_of(app, world.rater)
    page = text_of(rater.get(f"/tim/{nip}/{world.period}").get_data(as_text=True))
    assert "Perhatian: 1 baris data ditolak dan tidak dihitung" in page
    assert page.index("Perhatian: 1 baris data ditolak") < page.index("Tetapkan")
    assert f"Baris {row} di tab Laporan Kinerja ditolak (Target 0)" in page
    assert "Semua data lengkap" not in page
    team = text_of(rater.get(f"/tim?periode={world.period}").get_data(as_text=True))
    assert "Ada baris ditolak, tidak dihitung" in team
    # Another member of the team with nothing rejected keeps the plain page.
    other = next(n for n in world.complete if n != nip)
    plain = text_of(rater.get(f"/tim/{other}/{world.period}").get_data(as_text=True))
    assert "Baris yang ditolak" not in plain and "Semua data lengkap" in plain


def test_bulk_confirmation_leaves_a_result_with_a_rejected_row_to_its_review_page(edited):
    world, nip, _row = edited
    app = hr_app(ResultsStore(world.path))
    rater = client_of(app, world.rater)
    team = rater.get(f"/tim?periode={world.period}").get_data(as_text=True)
    assert f'value="{nip}"' not in team  # no checkbox to tick for it
    assert "ada baris ditolak, tinjau dan tetapkan di halamannya" in team
    token = csrf_token(rater, "/saya")
    answer = rater.post("/tim/tetapkan", data={"csrf_token": token, "periode": world.period, "nip": [nip]})
    assert answer.status_code == 303
    assert confirmations.current_of(ResultsStore(world.path), world.agency, nip, world.period) is None
    flashed = text_of(rater.get(f"/tim?periode={world.period}").get_data(as_text=True))
    assert (
        "0 hasil" in flashed and "ada baris ditolak yang tidak dihitung: tinjau lalu tetapkan di halamannya" in flashed
    )
    # On its review page, after the warning, Tetapkan works as for any result.
    assert rater.post(f"/tim/{nip}/{world.period}/tetapkan", data={"csrf_token": token}).status_code == 303
    assert confirmations.current_of(ResultsStore(world.path), world.agency, nip, world.period).confirmed
