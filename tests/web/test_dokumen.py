"""Dokumen Evaluasi Kinerja Pegawai (issue 14 item 6) on a real demo city, synced by the real cycle.

The PDF is read back with poppler's pdftotext and its QR decoded by zxing-cpp from pdftoppm's PNG
(independent of segno, which drew it). Confirmations are inserted by `confirm` below, following
the `confirmations` schema comment (penetapan's own module writes them in the product).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image
from werkzeug.security import generate_password_hash

from config.settings import load_settings
from main import cli, run_demo
from scoring.periods import MONTH, kind
from sync.demo.generate import DemoScale
from sync.store import ResultsStore, accounts as account_store, documents
from sync.store.accounts import Account
from sync.store.schema import column_names
from tests.accounts_world import log_in
from tests.hr_helpers import FAST_METHOD, PASSWORD
from web import create_app
from web.dokumen import content as doc

SMALL = DemoScale(agencies=4, employees=40, responses=600, complaints=20)
BASE_URL = "https://kinerja.contoh.test"
CONFIRMED_AT = "2026-12-03T10:15:00+07:00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dokumen-demo")
    paths = run_demo(folder / "demo", serve=False, scale=SMALL, log=lambda _line: None)
    return paths


@pytest.fixture
def world(demo, tmp_path):
    """A copy of the demo store, with the demo's people and two more accounts: a colleague of
    the employee (same agency, not above them) and an admin OPD outside the supervisor chain."""
    shutil.copy(demo["store"], tmp_path / "kinerja.sqlite")
    store = ResultsStore(tmp_path / "kinerja.sqlite")
    employee, rater = demo["logins"]["Pegawai"][0], demo["logins"]["Atasan"][0]
    people = store.read("employees")
    chain = {employee, rater, _supervisor(people, rater)}
    agency = people.loc[people["nip"] == employee, "agency"].iloc[0]
    peers = [n for n in people.loc[people["agency"] == agency, "nip"] if n not in chain]
    colleague, admin = peers[0], peers[1]  # same agency, neither above the employee
    hashed = generate_password_hash(PASSWORD, method=FAST_METHOD)
    for nip in (employee, rater, _supervisor(people, rater), colleague):
        account_store.save_account(store, Account(nip, nip, nip, hashed, account_store.ROLE_EMPLOYEE))
    account_store.save_account(store, Account(admin, admin, "Admin", hashed, account_store.ROLE_ADMIN, agency))
    settings = load_settings(demo["config"])
    app = create_app(
        settings,
        test_config={"TESTING": True, "STORE_PATH": store.path, "BASE_URL": BASE_URL, "SECRET_KEY": "uji"},
    )
    return {
        "store": store,
        "app": app,
        "agency": agency,
        "employee": employee,
        "rater": rater,
        "rater_of_rater": _supervisor(people, rater),
        "colleague": colleague,
        "admin": admin,
        "hr": (demo["hr_user"], demo["hr_password"]),
        "config": demo["config"],
    }


def _supervisor(people, nip: str) -> str:
    return str(people.loc[people["nip"] == nip, "supervisor_nip"].iloc[0])


def confirm(
    store: ResultsStore,
    agency: str,
    nip: str,
    period: str,
    by_nip: str,
    at: str = CONFIRMED_AT,
    with_months: bool = False,
) -> int:
    """Insert a current "ditetapkan" confirmation as penetapan keeps one (schema comment of
    `confirmations`): the result row and indicators as they are now, the people as they are now;
    `with_months`: also the monthly results rows behind a quarter or year (`months`)."""
    table = "results" if kind(period) == MONTH else "results_periodic"
    with sqlite3.connect(store.path) as conn:
        conn.row_factory = sqlite3.Row

        def one(sql, *params):
            row = conn.execute(sql, params).fetchone()
            return dict(row) if row else {}

        result = one(f"SELECT * FROM {table} WHERE agency = ? AND nip = ? AND period = ?", agency, nip, period)
        months = doc.months_of(period)
        marks = ", ".join("?" for _ in months)
        indicators = [
            dict(r)
            for r in conn.execute(
                f"SELECT * FROM indicators WHERE agency = ? AND nip = ? AND period IN ({marks}) ORDER BY period, row",
                (agency, nip, *months),
            )
        ]

        def person(who):
            row = one("SELECT nip, name, position, unit, agency, supervisor_nip FROM employees WHERE nip = ?", who)
            return row

        pegawai = person(nip)
        pejabat = person(pegawai["supervisor_nip"])
        atasan = person(pejabat["supervisor_nip"])
        people = {
            role: {k: p.get(k) for k in ("nip", "name", "position", "unit", "agency")}
            for role, p in (("pegawai", pegawai), ("pejabat_penilai", pejabat), ("atasan_pejabat_penilai", atasan))
        }
        frozen = {"results": result, "indicators": indicators}
        if with_months:
            frozen["months"] = [
                dict(r)
                for r in conn.execute(
                    f"SELECT * FROM results WHERE agency = ? AND nip = ? AND period IN ({marks})",
                    (agency, nip, *months),
                )
            ]
        conn.execute("CREATE TABLE IF NOT EXISTS confirmations (" + _columns("confirmations") + ")")
        conn.execute(
            "UPDATE confirmations SET current = 0 WHERE agency = ? AND nip = ? AND period = ?", (agency, nip, period)
        )
        cur = conn.execute(
            "INSERT INTO confirmations (agency, nip, period, state, current, at, by_login, by_nip, note, rules_id, "
            "input_digest, result, people) VALUES (?, ?, ?, 'ditetapkan', 1, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agency,
                nip,
                period,
                at,
                by_nip,
                by_nip,
                "Pertahankan ketelitian pengarsipan.",
                result.get("rules_id"),
                "0" * 64,
                json.dumps(frozen, ensure_ascii=False, sort_keys=True),
                json.dumps(people, ensure_ascii=False, sort_keys=True),
            ),
        )
        assert result, (table, nip, period)
        return int(cur.lastrowid)


def _columns(table: str) -> str:
    from sync.store.schema import SCHEMA

    return ", ".join(f'"{name}" {kind}' for name, kind in SCHEMA[table][0])


def uphold(store: ResultsStore, agency: str, nip: str, period: str, confirmation_id: int, **changes) -> None:
    with sqlite3.connect(store.path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS objections (" + _columns("objections") + ")")
        conn.execute(
            "INSERT INTO objections (agency, nip, period, confirmation_id, filed_at, reasons, state, decided_at, "
            "decided_by, decision_reason, rating_hk, rating_pk, predikat) "
            "VALUES (?, ?, ?, ?, ?, ?, 'diterima', ?, ?, ?, ?, ?, ?)",
            (
                agency,
                nip,
                period,
                confirmation_id,
                "2026-12-05T09:00:00+07:00",
                "Realisasi saya belum dihitung lengkap.",
                "2026-12-18T14:00:00+07:00",
                "atasan-atasan",
                "Bukti dukung laporan arsip bulan Oktober sah",
                changes.get("rating_hk"),
                changes.get("rating_pk"),
                changes.get("predikat"),
            ),
        )


def pdf_text(data: bytes, tmp_path: Path, name: str = "dok") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", text)


def pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def qr_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "qr.pdf"
    path.write_bytes(data)
    found = []
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(path), str(tmp_path / "qr")], check=True)
    for png in sorted(tmp_path.glob("qr-*.png")):
        found += [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    return found


def client_as(world, login: str | None):
    client = world["app"].test_client()
    if login == "bkpsdm":
        log_in(client, *world["hr"])
    elif login:
        log_in(client, login)
    return client


def get_pdf(world, login: str, nip: str, period: str):
    return client_as(world, login).get(f"/pegawai/{nip}/dokumen/{period}.pdf")


def roster_name(store, nip: str) -> str:
    people = store.read("employees")
    return str(people.loc[people["nip"] == nip, "name"].iloc[0])


# ---- issued documents -------------------------------------------------------------------------


def test_confirmed_year_document_keeps_the_identities_and_verifies(world, tmp_path):
    store, agency, nip, rater = world["store"], world["agency"], world["employee"], world["rater"]
    confirm(store, agency, nip, "2026", rater)
    rater_name = roster_name(store, rater)
    year = store.read("results_periodic")
    year = year[(year["nip"] == nip) & (year["period"] == "2026")].iloc[0]
    # After confirmation the roster gives the employee another supervisor and renames the old one.
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", (world["rater_of_rater"], nip))
        conn.execute("UPDATE employees SET name = 'Nama Baru Setelah Mutasi' WHERE nip = ?", (rater,))

    response = get_pdf(world, nip, nip, "2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text and "1 Januari 2026 s.d. 31 Desember 2026" in text
    assert rater_name in text and rater in text and "Nama Baru Setelah Mutasi" not in text
    for label in ("PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "ATASAN PEJABAT PENILAI KINERJA"):
        assert label in text
    assert f"RATING HASIL KERJA {year['rating_hk']}" in text
    assert f"RATING PERILAKU KERJA {year['rating_pk']}" in text
    assert f"PREDIKAT KINERJA PEGAWAI: {year['predikat'].upper()}" in text
    assert "CAPAIAN KINERJA ORGANISASI" in text and "Kinerja Organisasi tahun 2026" in text
    assert "Berorientasi Pelayanan" in text and "Kolaboratif" in text
    assert "Solok, 3 Desember 2026" in text and "DRAF" not in text

    issued = documents.issued_for(store, agency, nip, "2026")
    assert len(issued) == 1
    code = issued[0].code
    assert f"Kode verifikasi: {documents.shown(code)}" in text
    assert issued[0].digest in text.replace("\n", "")
    assert qr_texts(response.data, tmp_path) == [f"{BASE_URL}/verifikasi/{code}"]
    assert "nip" not in json.dumps(issued[0].summary).lower() and nip not in json.dumps(issued[0].summary)

    # The same content again: the same code, no second row.
    again = get_pdf(world, nip, nip, "2026")
    assert pdf_text(again.data, tmp_path, "again").count(documents.shown(code)) == 1
    assert [d.code for d in documents.issued_for(store, agency, nip, "2026")] == [code]

    public = world["app"].test_client()
    page = public.get(f"/verifikasi/{code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "terdaftar" in body
    assert roster_name(store, nip) in body and year["predikat"] in body and issued[0].digest in body
    assert nip not in body and "Tahun 2026" in body
    assert public.get(f"/verifikasi/{code.lower()[:5]}-{code.lower()[5:]}").status_code == 200
    ok = public.get(f"/verifikasi/{code}?sidik={issued[0].digest}").get_data(as_text=True)
    assert "Cocok." in ok and "Tidak cocok" not in ok
    tampered = issued[0].digest[:-1] + ("0" if issued[0].digest[-1] != "0" else "1")
    bad = public.get(f"/verifikasi/{code}?sidik={tampered}").get_data(as_text=True)
    assert "Tidak cocok." in bad and "Cocok." not in bad
    unknown = public.get("/verifikasi/ZZZZZZZZZZ")
    assert unknown.status_code == 404 and "tidak terdaftar" in unknown.get_data(as_text=True)


def test_upheld_keberatan_replaces_the_predikat_and_says_so(world, tmp_path):
    store, agency, nip = world["store"], world["agency"], world["employee"]
    confirmation = confirm(store, agency, nip, "2026-Q4", world["rater"])
    before = get_pdf(world, nip, nip, "2026-Q4")
    quarter = store.read("results_periodic")
    quarter = quarter[(quarter["nip"] == nip) & (quarter["period"] == "2026-Q4")].iloc[0]
    changed = "Butuh Perbaikan" if quarter["predikat"] != "Butuh Perbaikan" else "Baik"
    uphold(store, agency, nip, "2026-Q4", confirmation, predikat=changed)
    after = get_pdf(world, nip, nip, "2026-Q4")
    text = pdf_text(after.data, tmp_path)
    assert "Ditetapkan ulang melalui keberatan pada 18 Desember 2026 oleh" in text
    assert "Bukti dukung laporan arsip bulan" in text
    assert f"PREDIKAT KINERJA PEGAWAI: {changed.upper()}" in text
    assert f"RATING HASIL KERJA {quarter['rating_hk']}" in text  # not named by the decision: unchanged
    codes = [d.code for d in documents.issued_for(store, agency, nip, "2026-Q4")]
    assert len(codes) == 2 and documents.shown(codes[1]) in text
    assert documents.shown(codes[0]) in pdf_text(before.data, tmp_path, "before")
    page = world["app"].test_client().get(f"/verifikasi/{codes[1]}").get_data(as_text=True)
    assert changed in page and "ditetapkan ulang melalui keberatan" in page


def test_an_upheld_month_says_where_its_rating_and_predikat_came_from(world, tmp_path):
    """The month's stored Catatan names the confirmed predikat: it is printed as written, marked as
    written before the decision, under a line saying who decided what, when; the changed rating
    says what it was."""
    store, agency, nip = world["store"], world["agency"], world["employee"]
    with sqlite3.connect(store.path) as conn:  # as a sync scored it: Sesuai Ekspektasi twice, Baik
        conn.execute(
            "UPDATE results SET rating_hk = 'Sesuai Ekspektasi', rating_pk = 'Sesuai Ekspektasi', predikat = 'Baik', "
            "catatan = 'Predikat kinerja Anda bulan ini Baik dengan Nilai Akhir 99,24.' "
            "WHERE nip = ? AND period = '2026-10'",
            (nip,),
        )
    confirmation = confirm(store, agency, nip, "2026-10", world["rater"])
    uphold(store, agency, nip, "2026-10", confirmation, rating_hk="Di Atas Ekspektasi", predikat="Sangat Baik")
    response = get_pdf(world, nip, nip, "2026-10")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data, tmp_path).split())
    decider = roster_name(store, world["rater_of_rater"])
    assert "PREDIKAT KINERJA PEGAWAI: SANGAT BAIK" in text
    assert (
        f"Ditetapkan ulang melalui keberatan pada 18 Desember 2026 oleh {decider} (Atasan Pejabat Penilai Kinerja): "
        "predikat diubah dari Baik menjadi Sangat Baik; Rating Hasil Kerja dari Sesuai Ekspektasi menjadi Di Atas "
        "Ekspektasi. Alasan: Bukti dukung laporan arsip bulan Oktober sah"
    ) in text
    reading = subprocess.run(["pdftotext", str(tmp_path / "dok.pdf"), "-"], capture_output=True, text=True, check=True)
    plain = " ".join(reading.stdout.split())  # reading order: a pair's label, then its value
    assert "Di Atas Ekspektasi (Nilai Hasil Kerja" in plain
    assert "— ditetapkan ulang melalui keberatan (semula Sesuai Ekspektasi)" in plain
    assert (
        "Oktober 2026 (catatan penilaian sebelum keberatan; predikat yang berlaku: Sangat Baik): "
        "Predikat kinerja Anda bulan ini Baik dengan Nilai Akhir 99,24."
    ) in text
    png = tmp_path / "halaman"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "dok.pdf"), str(png)], check=True)
    assert sorted(tmp_path.glob("halaman-*.png"))
    if os.environ.get("KEB3_KEEP_PNG"):  # to look at the page: KEB3_KEEP_PNG=/tmp/folder
        for page in tmp_path.glob("halaman-*.png"):
            shutil.copy(page, Path(os.environ["KEB3_KEEP_PNG"]) / page.name)


def test_a_draft_has_no_code_and_says_so_on_every_page(world, tmp_path):
    nip = world["employee"]
    response = get_pdf(world, nip, nip, "2026")
    text = pdf_text(response.data, tmp_path)
    assert response.status_code == 200
    assert text.count("DRAF — belum ditetapkan Pejabat Penilai") >= pages(response.data, tmp_path)
    assert "Kode verifikasi" not in text and "SHA-256" not in text
    assert qr_texts(response.data, tmp_path) == []
    assert documents.issued_for(world["store"], world["agency"], nip, "2026") == []


def test_a_year_with_many_indicators_breaks_pages_and_wraps_long_text(world, tmp_path):
    store, nip = world["store"], world["employee"]
    long_plan = "Terwujudnya " + " ".join(["penataan arsip dinamis dan statis yang tertib"] * 6)
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE indicators SET plan = ? WHERE nip = ? AND period = '2026-10'", (long_plan, nip))
        rows = conn.execute("SELECT COUNT(*) FROM indicators WHERE nip = ? AND period LIKE '2026-%'", (nip,)).fetchone()
    response = get_pdf(world, nip, nip, "2026")
    text = pdf_text(response.data, tmp_path)
    assert pages(response.data, tmp_path) >= 3
    numbered = re.findall(r"^\s*(\d+)\s+\S", text, flags=re.M)
    assert str(rows[0]) in numbered  # the last indicator row is printed
    assert "statis yang tertib" in text and long_plan not in text.replace("\n", " ")  # wrapped, not cut
    assert "Halaman 1 dari" in text


def test_later_sheet_edits_do_not_change_a_confirmed_document(world, tmp_path):
    """Indicators, the month's row and (when penetapan keeps them) the monthly rows behind a
    quarter are frozen: a later edit in the store changes neither the text nor the code."""
    store, agency, nip = world["store"], world["agency"], world["employee"]
    confirm(store, agency, nip, "2026-Q4", world["rater"], with_months=True)
    confirm(store, agency, nip, "2026-10", world["rater"])
    first = {p: pdf_text(get_pdf(world, nip, nip, p).data, tmp_path, p) for p in ("2026-Q4", "2026-10")}
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE results SET feedback = 'Diubah sesudah penetapan' WHERE nip = ?", (nip,))
        conn.execute("UPDATE indicators SET indicator = 'Indikator diubah sesudah penetapan' WHERE nip = ?", (nip,))
    for period in ("2026-Q4", "2026-10"):
        again = pdf_text(get_pdf(world, nip, nip, period).data, tmp_path, period + "-lagi")
        assert again == first[period] and "sesudah penetapan" not in again
        assert len(documents.issued_for(store, agency, nip, period)) == 1
    assert "Oktober 2026" in first["2026-10"] and "1 Oktober 2026 s.d. 31 Oktober 2026" in first["2026-10"]


# ---- access ----------------------------------------------------------------------------------


def test_who_may_open_the_document_and_every_view_by_another_is_logged(world):
    nip = world["employee"]
    assert get_pdf(world, world["colleague"], nip, "2026").status_code == 403
    for login in (nip, world["rater"], world["rater_of_rater"], world["admin"], "bkpsdm"):
        assert get_pdf(world, login, nip, "2026").status_code == 200, login
    anonymous = client_as(world, None).get(f"/pegawai/{nip}/dokumen/2026.pdf")
    assert anonymous.status_code in (302, 303) and "/masuk" in anonymous.headers["Location"]
    logged = [a for a in account_store.accesses_of(world["store"], nip, limit=100) if a.what == "dokumen evaluasi 2026"]
    assert sorted(a.viewer for a in logged) == sorted(
        [world["rater"], world["rater_of_rater"], world["admin"], world["hr"][0]]
    )
    assert get_pdf(world, nip, nip, "2026-13").status_code == 404
    assert get_pdf(world, nip, nip, "2019").status_code == 404


def test_employee_pages_link_their_documents(world):
    nip = world["employee"]
    mine = client_as(world, nip).get("/saya").get_data(as_text=True)
    assert f"/pegawai/{nip}/dokumen/2026.pdf" in mine and f"/pegawai/{nip}/dokumen/2026-Q4.pdf" in mine
    theirs = client_as(world, world["rater"]).get(f"/pegawai/{nip}").get_data(as_text=True)
    assert f"/pegawai/{nip}/dokumen/2026.pdf" in theirs


# ---- the CLI ---------------------------------------------------------------------------------


def test_cli_writes_one_pdf_per_employee_into_a_zip(world, tmp_path):
    store, agency = world["store"], world["agency"]
    config = tmp_path / "kinerja.toml"
    text = Path(world["config"]).read_text()
    config.write_text(re.sub(r'(?m)^path = ".*kinerja\.sqlite"', f'path = "{store.path}"', text))
    assert load_settings(config).store.path == store.path
    confirm(store, agency, world["employee"], "2026", world["rater"])
    out = tmp_path / "dokumen-2026"
    result = CliRunner().invoke(
        cli, ["dokumen", "--config", str(config), "--periode", "2026", "--opd", agency, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    year = store.read("results_periodic")
    expected = int(((year["period"] == "2026") & (year["agency"] == agency)).sum())
    with zipfile.ZipFile(tmp_path / "dokumen-2026.zip") as archive:
        names = archive.namelist()
        first = archive.read(names[0])
    assert len(names) == expected and all(re.fullmatch(rf"{agency}/\d{{18}}-[A-Za-z0-9-]+-2026\.pdf", n) for n in names)
    assert first.startswith(b"%PDF-") and zipfile.is_zipfile(
        io.BytesIO(Path(tmp_path / "dokumen-2026.zip").read_bytes())
    )
    assert f"{expected} Dokumen Evaluasi Kinerja Pegawai Tahun 2026 ditulis" in result.output
    assert f"1 ditetapkan (berkode verifikasi), {expected - 1} draf" in result.output and "detik" in result.output
    empty = CliRunner().invoke(cli, ["dokumen", "--config", str(config), "--periode", "2019", "--out", str(out)])
    assert empty.exit_code != 0 and "Tidak ada hasil Tahun 2019" in empty.output


# ---- pure parts ------------------------------------------------------------------------------


def test_codes_read_loosely_and_the_digest_follows_the_content():
    assert documents.normalise(" abcde-fgh1o ") == "ABCDEFGH10"
    assert documents.normalise("IL") == "11"
    assert all(c not in documents.ALPHABET for c in "ILOU") and len(documents.new_code()) == 10
    content = {"b": 1, "a": "ĕ"}
    assert doc.digest(content) == doc.digest({"a": "ĕ", "b": 1}) != doc.digest({"a": "e", "b": 1})
    assert doc.period_range("2026-Q1") == "1 Januari 2026 s.d. 31 Maret 2026"
    assert doc.period_range("2024-02") == "1 Februari 2024 s.d. 29 Februari 2024"
    assert "rank" not in column_names("employees")  # Pangkat/Gol. Ruang is printed as "–" until a roster has it


def test_a_replaced_document_still_verifies_but_says_it_was_replaced(world, tmp_path):
    """After a re-confirmation (ditetapkan ulang) the old code still verifies what it certified,
    and says it is not the latest: first while the new document is not issued yet, then with the
    date of the version that replaced it. The new code is never shown on the old one's page."""
    store, agency, nip = world["store"], world["agency"], world["employee"]
    public = world["app"].test_client()
    confirm(store, agency, nip, "2026-Q4", world["rater"])
    get_pdf(world, nip, nip, "2026-Q4")
    (old,) = documents.issued_for(store, agency, nip, "2026-Q4")
    page = public.get(f"/verifikasi/{old.code}").get_data(as_text=True)
    assert "terdaftar" in page and "Bukan versi terbaru" not in page
    assert documents.replacement(store, old) is None

    confirm(store, agency, nip, "2026-Q4", world["rater"], at="2026-12-09T14:30:00+07:00")  # ditetapkan ulang
    text = " ".join(re.sub(r"<[^>]+>", " ", public.get(f"/verifikasi/{old.code}").get_data(as_text=True)).split())
    assert "Bukan versi terbaru." in text
    assert "sudah diganti (ditetapkan ulang) pada 9 Desember 2026 14.30 WIB" in text
    assert "versi baru dokumen belum diterbitkan" in text

    get_pdf(world, nip, nip, "2026-Q4")  # the new confirmation's document: a new code
    first, second = documents.issued_for(store, agency, nip, "2026-Q4")
    assert first.code == old.code and second.code != old.code
    replaced = documents.replacement(store, old)
    assert replaced is not None and replaced.document and replaced.at == second.issued_at
    html = public.get(f"/verifikasi/{old.code}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Dokumen ini sudah diganti oleh versi yang diterbitkan" in text and "terdaftar" in text
    assert second.code not in html and documents.shown(second.code) not in html
    latest = public.get(f"/verifikasi/{second.code}").get_data(as_text=True)
    assert "Bukan versi terbaru" not in latest and documents.replacement(store, second) is None


def test_a_document_whose_penetapan_was_sent_back_says_so(world):
    """A penetapan sent back (dikembalikan) after the document was issued: the old code says its
    basis was sent back for correction, and that no new version exists yet."""
    store, agency, nip = world["store"], world["agency"], world["employee"]
    confirm(store, agency, nip, "2026-Q4", world["rater"])
    get_pdf(world, nip, nip, "2026-Q4")
    (old,) = documents.issued_for(store, agency, nip, "2026-Q4")
    later = confirm(store, agency, nip, "2026-Q4", world["rater"], at="2026-12-10T08:05:00+07:00")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE confirmations SET state = 'dikembalikan' WHERE id = ?", (later,))
    html = world["app"].test_client().get(f"/verifikasi/{old.code}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "dikembalikan untuk diperbaiki pada 10 Desember 2026 08.05 WIB" in text
    assert "versi baru dokumen belum diterbitkan" in text
