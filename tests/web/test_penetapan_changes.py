"""Penetapan after the fact, through the real cycle: a generated city synced with the local backend,
its workbooks edited with openpyxl and synced again, the site through the Flask test client.

- Re-confirmation is offered and accepted only when the inputs changed since the confirmation (a
  `pending_results` row whose input digest is not the confirmation's); otherwise the page shows the
  confirmed state and a POST is refused, on the review page and in /tim's bulk confirmation.
- The review page names the sheet rows of the supervisor's rating and of the attendance used.
- A confirmed quarter whose monthly inputs change: the Validasi Peringatan names the changed rows.
- The agency's Hasil Periodik tab carries the confirmation state of quarters when they are confirmed
  (and no Penetapan column when they are not); a name typed as a formula stays text.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from config.settings import load_settings
from sync import display
from sync.store import confirmations
from sync.store.writer import ResultsStore
from tests import penetapan_world as pw
from tests.hr_helpers import csrf_token, hr_app, login, text_of

QUARTERS = ("bulan", "triwulan")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return pw.build(tmp_path_factory.mktemp("penetapan-changes") / "demo")


@pytest.fixture
def world(template, tmp_path):
    return pw.copy_city(template, tmp_path / "demo")


def client_of(app, nip):
    client = app.test_client()
    assert login(client, nip).status_code == 303, nip
    return client


def post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/saya"), **data})


def quarter_of(period: str) -> str:
    return f"{period[:4]}-Q{(int(period[5:]) - 1) // 3 + 1}"


def spreadsheet_of(world) -> str:
    settings = load_settings(world.config)
    return next(a.spreadsheet for a in settings.agencies if a.code == world.agency)


def workbook(world, suffix: str = "") -> str:
    return str(load_settings(world.config).source.folder / f"{spreadsheet_of(world)}{suffix}.xlsx")


def _month_of(cell) -> str:
    if isinstance(cell, (dt.date, dt.datetime)):
        return f"{cell.year}-{cell.month:02d}"
    return str(cell or "").strip()[:7]


def sheet_rows(world, tab: str, nip: str, period: str) -> list[int]:
    """The rows of `tab` in the agency's input workbook for `nip` and month `period`, read on their own."""
    book = openpyxl.load_workbook(workbook(world), read_only=True)
    try:
        rows = list(book[tab].iter_rows(values_only=True))
    finally:
        book.close()
    header = list(rows[0])
    at_nip, at_period = header.index("NIP"), header.index("Periode")
    return [n for n, r in enumerate(rows[1:], start=2) if str(r[at_nip]) == nip and _month_of(r[at_period]) == period]


def edit_realisation(world, nip: str, period: str, value: float) -> int:
    """Set the Realisasi of `nip`'s first Laporan Kinerja row of `period`; returns its sheet row."""
    path = workbook(world)
    book = openpyxl.load_workbook(path)
    sheet = book["Laporan Kinerja"]
    header = [c.value for c in sheet[1]]
    row = sheet_rows(world, "Laporan Kinerja", nip, period)[0]
    sheet.cell(row, header.index("Realisasi") + 1).value = value
    book.save(path)
    return row


def set_config(world, *, kinds: tuple[str, ...] = QUARTERS, full: bool = False) -> None:
    """[appraisal] confirm_periods = kinds; `full`: the world's agency publishes the full tabs."""
    text = world.config.read_text(encoding="utf-8")
    if full:
        line = f'spreadsheet = "{spreadsheet_of(world)}"\n'
        text = text.replace(line, line + 'agency_results = "lengkap"\n', 1)
    text += "\n[appraisal]\nconfirm_periods = [" + ", ".join(f'"{k}"' for k in kinds) + "]\n"
    world.config.write_text(text, encoding="utf-8")


def tab(world, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(workbook(world, ".hasil"), read_only=True)
    try:
        return [tuple(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


def acts_of(world, nip: str, period: str) -> list:
    return confirmations.history_of(ResultsStore(world.path), world.agency, nip, period)


# ---- item 1: re-confirmation only of a changed result ----------------------------------------------


def test_reconfirmation_only_when_the_inputs_changed(world):
    app = hr_app(ResultsStore(world.path))
    rater = client_of(app, world.rater)
    nip, period = world.complete[0], world.period
    url = f"/tim/{nip}/{period}"
    assert post(rater, url + "/tetapkan").status_code == 303
    pw.sync(world)  # nothing edited: nothing waits
    store = ResultsStore(world.path)
    assert confirmations.pending_of(store, world.agency, nip, period) is None
    [act] = acts_of(world, nip, period)

    html = rater.get(url).get_data(as_text=True)
    page = text_of(html)
    when = display.day(act.at)
    assert f"Ditetapkan oleh {world.names[world.rater]} pada {when}" in page
    assert re.search(
        rf"Waktu penetapan: {when} \d\d\.\d\d WIB, oleh {re.escape(world.names[world.rater])} · NIP {world.rater} \. "
        "Data di spreadsheet tidak berubah sejak itu",
        page,
    )
    assert "Tetapkan ulang" not in page and f"{url}/tetapkan" not in html
    assert "Kembalikan" in page  # sending a confirmed result back stays possible

    refused = post(rater, url + "/tetapkan")
    assert refused.status_code == 400
    said = text_of(refused.get_data(as_text=True))
    assert "tidak ada yang perlu ditetapkan ulang" in said and f"pada {when} pukul" in said and "WIB" in said
    assert acts_of(world, nip, period) == [act]  # nothing recorded

    team = rater.get(f"/tim?periode={period}").get_data(as_text=True)
    assert f'name="nip" value="{nip}"' not in team and "perlu ditinjau dan ditetapkan ulang" not in team
    bulk = post(rater, "/tim/tetapkan", periode=period, nip=[nip])
    assert bulk.status_code == 303
    assert f"{world.names[nip]} (sudah ditetapkan)" in text_of(
        rater.get(bulk.headers["Location"]).get_data(as_text=True)
    )
    assert acts_of(world, nip, period) == [act]

    # An input row changes: the would-be result waits, and only then is re-confirmation offered.
    edit_realisation(world, nip, period, 0)
    pw.sync(world)
    pending = confirmations.pending_of(ResultsStore(world.path), world.agency, nip, period)
    assert pending is not None and pending["input_digest"] != act.input_digest
    page = text_of(rater.get(url).get_data(as_text=True))
    assert "Data diubah setelah ditetapkan" in page and "Tetapkan ulang" in page
    assert "tidak perlu ditetapkan ulang" not in page
    # Only the realisation changed: NHK is marked, NPK (the same to the 2 decimals shown) is not.
    assert re.search(r"Nilai Hasil Kerja [\d.,]+ [\d.,]+ \(berubah\)", page)
    assert re.search(r"Nilai Perilaku Kerja ([\d.,]+) \1 Rating", page)
    team = text_of(rater.get(f"/tim?periode={period}").get_data(as_text=True))
    assert "data berubah sesudahnya, perlu ditinjau dan ditetapkan ulang" in team
    bulk = post(rater, "/tim/tetapkan", periode=period, nip=[nip])  # not in bulk: it needs the review
    assert "tinjau lalu tetapkan ulang di halamannya" in text_of(
        rater.get(bulk.headers["Location"]).get_data(as_text=True)
    )
    assert len(acts_of(world, nip, period)) == 1
    assert post(rater, url + "/tetapkan").status_code == 303
    again = acts_of(world, nip, period)
    assert len(again) == 2 and again[-1].input_digest == pending["input_digest"]
    pw.sync(world)
    assert confirmations.pending_of(ResultsStore(world.path), world.agency, nip, period) is None
    assert "Tetapkan ulang" not in text_of(rater.get(url).get_data(as_text=True))


def test_the_store_refuses_a_reconfirmation_of_an_unchanged_result(world):
    store = ResultsStore(world.path)
    nip = world.complete[0]
    first = confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    with pytest.raises(ValueError, match="tidak ada yang perlu ditetapkan ulang"):
        confirmations.confirm(store, world.agency, nip, world.period, world.rater, world.rater)
    assert acts_of(world, nip, world.period) == [first]


# ---- item 3: the sheet rows of the rating and the attendance ---------------------------------------


def test_the_review_names_the_rating_and_attendance_rows(world):
    nip, period = world.complete[0], world.period
    [rating_row] = sheet_rows(world, "Penilaian Atasan", nip, period)
    [attendance_row] = sheet_rows(world, "Presensi", nip, period)
    stored = ResultsStore(world.path).read(
        "results", "agency = ? AND nip = ? AND period = ?", (world.agency, nip, period)
    )
    assert (int(stored["rating_row"].iloc[0]), int(stored["attendance_row"].iloc[0])) == (rating_row, attendance_row)
    rater = client_of(hr_app(ResultsStore(world.path)), world.rater)
    page = text_of(rater.get(f"/tim/{nip}/{period}").get_data(as_text=True))
    assert f"Baris Penilaian Atasan yang dipakai: baris {rating_row} di tab Penilaian Atasan" in page
    assert f"baris {attendance_row} di tab Presensi" in page


# ---- items 2 and 4: quarters ------------------------------------------------------------------------


def test_a_confirmed_quarter_in_hasil_periodik_and_its_changed_rows_in_validasi(world):
    nip, month = world.complete[0], world.period
    quarter = quarter_of(month)
    label = f"Triwulan {('I', 'II', 'III', 'IV')[int(quarter[-1]) - 1]} {quarter[:4]}"
    # Quarters not confirmed (the default): no Penetapan column.
    assert "Penetapan" not in tab(world, "Hasil Periodik")[0]

    set_config(world, full=True)
    book = openpyxl.load_workbook(workbook(world))  # a name typed as a formula stays text
    sheet = book["Pegawai"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, header.index("NIP") + 1).value) == nip)
    typed_name = sheet.cell(row, header.index("Nama") + 1)
    typed_name.value = '=HYPERLINK("http://contoh","Klik")'
    typed_name.data_type = "s"  # typed as text (openpyxl would otherwise write a formula)
    book.save(workbook(world))
    pw.sync(world)
    app = hr_app(ResultsStore(world.path), CONFIRM_PERIODS=QUARTERS)
    rater = client_of(app, world.rater)
    done = post(rater, f"/tim/{nip}/{quarter}/tetapkan")
    assert done.status_code == 303, text_of(done.get_data(as_text=True))[-900:]
    [act] = acts_of(world, nip, quarter)
    pw.sync(world)

    rows = tab(world, "Hasil Periodik")
    header = list(rows[0])
    assert header[-2:] == ["Penetapan", "Kode Aturan"]
    at, level, name = header.index("Penetapan"), header.index("Tingkat"), header.index("Nama")
    mine = [r for r in rows if r[0] == label and r[header.index("NIP")] == nip]
    assert [r[at] for r in mine] == [f"Ditetapkan {display.day(act.at)}"]
    agency_row = next(r for r in rows if r[0] == label and r[level] == "OPD")
    staff = [r for r in rows if r[0] == label and r[level] == "Pegawai"]
    assert agency_row[at] == f"1 dari {len(staff)} hasil ditetapkan"
    assert all(r[at] == "" or r[at] is None for r in staff if r[header.index("NIP")] != nip)
    cells = openpyxl.load_workbook(workbook(world, ".hasil"))["Hasil Periodik"]
    typed = [c for c in cells.iter_rows(min_col=name + 1, max_col=name + 1) if str(c[0].value).startswith("=")]
    assert typed and all(c[0].data_type == "s" for c in typed)

    # A month of the confirmed quarter is edited: the Peringatan names that row, not the roster's.
    edited = edit_realisation(world, nip, month, 0)
    pw.sync(world)
    assert confirmations.pending_of(ResultsStore(world.path), world.agency, nip, quarter) is not None
    issues = ResultsStore(world.path).read("issues", "scope = ? AND problem LIKE ?", (world.agency, f"hasil {label}%"))
    assert issues[["tab", "row", "column"]].values.tolist() == [["Laporan Kinerja", edited, "Realisasi"]]
    assert "sudah ditetapkan Pejabat Penilai pada" in issues["problem"].iloc[0]
    validasi = tab(world, "Validasi")
    assert any(r[1] == edited and str(r[4]).startswith(f"hasil {label}") for r in validasi)
    page = text_of(rater.get(f"/tim/{nip}/{quarter}").get_data(as_text=True))
    assert "Data diubah setelah ditetapkan" in page and "Tetapkan ulang" in page


def test_a_restricted_hasil_periodik_counts_final_results_on_the_agency_row(world):
    nip, quarter = world.complete[0], quarter_of(world.period)
    set_config(world)  # the demo's agencies keep the default "terbatas" tabs
    pw.sync(world)
    store = ResultsStore(world.path)
    confirmations.confirm(store, world.agency, nip, quarter, world.rater, world.rater, kinds=QUARTERS)
    pw.sync(world)
    rows = tab(world, "Hasil Periodik")
    header = list(rows[0])
    assert "Penetapan" in header and "Predikat" in header
    agency_rows = [r for r in rows[1:] if r[header.index("Periode")].startswith("Triwulan")]
    assert agency_rows and {r[header.index("Tingkat")] for r in agency_rows} == {"OPD"}  # no person's row
    current = next(
        r
        for r in agency_rows
        if r[0].endswith(quarter[:4]) and r[0].split()[1] == ("I", "II", "III", "IV")[int(quarter[-1]) - 1]
    )
    assert re.fullmatch(r"1 dari \d+ hasil ditetapkan", current[header.index("Penetapan")])


def test_a_changed_rating_of_a_confirmed_quarter_is_flagged_at_its_row(world):
    nip, month = world.complete[0], world.period
    quarter = quarter_of(month)
    set_config(world)
    pw.sync(world)
    store = ResultsStore(world.path)
    confirmations.confirm(store, world.agency, nip, quarter, world.rater, world.rater, kinds=QUARTERS)
    pw.sync(world)
    assert store.read("issues", "problem LIKE '%sudah ditetapkan Pejabat Penilai%'").empty  # nothing changed
    [row] = sheet_rows(world, "Penilaian Atasan", nip, month)
    path = workbook(world)
    book = openpyxl.load_workbook(path)
    sheet = book["Penilaian Atasan"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row, header.index("Inisiatif") + 1)
    cell.value = 1 if cell.value != 1 else 5
    book.save(path)
    pw.sync(world)
    issues = ResultsStore(world.path).read("issues", "problem LIKE '%sudah ditetapkan Pejabat Penilai%'")
    assert issues[["tab", "row", "column"]].values.tolist() == [["Penilaian Atasan", row, "Penilaian"]]
    assert issues["problem"].iloc[0].startswith("hasil Triwulan ")
