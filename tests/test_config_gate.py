"""A config `check` rejects never starts: sync, worker, web, report and init refuse with check's
own words and exit 3, each on the problems in what it uses (sync/checks.py COMMAND_PARTS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from config.settings import load_settings
from main import EXIT_CONFIG, cli
from sync.prepare import init_templates
from sync.sources.backends import make_backend
from tests.paths import ROOT
from tests.test_cli import MINIMAL

# docs/product.md's smallest config (shared with the CLI tests) with a second agency.
BASE = MINIMAL.replace(
    "\n[store]", '\n[[agencies]]\ncode = "DLH"\nname = "Dinas Lingkungan Hidup"\nspreadsheet = "dlh"\n\n[store]'
)


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder the current user really cannot create files in (root ignores mode bits: /sys)."""
    if os.geteuid() == 0:
        folder = Path("/sys")
    else:
        folder = tmp_path / "readonly"
        folder.mkdir()
        folder.chmod(0o555)
    with pytest.raises(OSError):  # the case is real, or the test proves nothing
        (folder / "probe").touch()
    return folder


def _bad(tmp_path: Path, case: str) -> tuple[str, str]:
    """(config text, the one problem line `check` must print) for each reported defect."""
    folder = tmp_path / "data"
    agency = 'code = "DLH"\nname = "Dinas Lingkungan Hidup"\nspreadsheet = "dlh"'
    store = 'path = "var/kinerja.sqlite"'
    if case.startswith("min_group_size"):
        value = case.split("=")[1]
        return BASE + f"\n[web]\nmin_group_size = {value}\n", (
            "web.min_group_size: minimal 5 pegawai agar nilai satu orang tidak dapat dibaca dari data terbuka, "
            f"tertulis {value}. Tulis 5 atau lebih."
        )
    if case.startswith("min_cell_size"):
        value = case.split("=")[1]
        return BASE + f"\n[web]\nmin_cell_size = {value}\n", (
            "web.min_cell_size: minimal 2 pegawai agar sebaran predikat tidak menunjukkan satu orang, "
            f"tertulis {value}. Tulis 2 atau lebih."
        )
    if case == "min_responses=1":
        return BASE + "\n[scoring]\nmin_responses = 1\n", (
            "scoring.min_responses: minimal 10 responden agar satu jawaban tidak menentukan mutu IKM sebuah "
            "unit, tertulis 1. Tulis 10 atau lebih (bawaan 20)."
        )
    if case == "store empty":
        return BASE.replace(store, 'path = ""'), (
            "store.path: harus nama berkas basis data, mis. \"var/kinerja.sqlite\", tertulis ''."
        )
    how = (
        "Ubah [store] path ke berkas di folder yang dapat ditulis pengguna yang menjalankan layanan, "
        'mis. "var/kinerja.sqlite".'
    )
    if case == "store is a folder":
        (tmp_path / "var").mkdir()
        return BASE.replace(store, 'path = "var"'), (
            f"store.path: {tmp_path / 'var'} adalah folder, bukan berkas basis data. Tulis nama berkasnya, "
            f'mis. "{tmp_path / "var" / "kinerja.sqlite"}".'
        )
    if case == "store under a file":
        return BASE.replace(store, 'path = "kinerja.toml/kinerja.sqlite"'), (
            f"store.path: {tmp_path / 'kinerja.toml'} adalah berkas, bukan folder, jadi "
            f"{tmp_path / 'kinerja.toml' / 'kinerja.sqlite'} tidak dapat dibuat. {how}"
        )
    if case == "store in an unwritable folder":
        where = _unwritable_folder(tmp_path)
        return BASE.replace(store, f'path = "{where}/kinerja/kinerja.sqlite"'), (
            f"store.path: folder {where} tidak dapat ditulis, jadi {where}/kinerja/kinerja.sqlite tidak dapat "
            f"dibuat. {how}"
        )
    if case.startswith("spreadsheet="):
        name = case.split("=", 1)[1]
        stem = {"../luar": "luar", "sub/dlh": "dlh", "..": "dlh"}[name]  # the fix names the file stem
        return BASE.replace('spreadsheet = "dlh"', f'spreadsheet = "{name}"'), (
            f"agencies[2].spreadsheet: {name!r} harus nama berkas saja (tanpa / atau \\ atau ..) di folder "
            f'{folder}; tulis mis. "{stem}" untuk {folder}/{stem}.xlsx.'
        )
    if case == "city spreadsheet=../kota":
        return BASE.replace('spreadsheet = "kota"', 'spreadsheet = "../kota"'), (
            f"city.spreadsheet: '../kota' harus nama berkas saja (tanpa / atau \\ atau ..) di folder "
            f'{folder}; tulis mis. "kota" untuk {folder}/kota.xlsx.'
        )
    if case.startswith("code=kota") or case.startswith("code=KOTA"):
        code = case.split("=")[1]
        return BASE.replace('code = "DLH"', f'code = "{code}"'), (
            f"agencies[2].code: kode '{code}' dipakai sistem untuk spreadsheet kota; pilih kode lain, mis. \"PEMKOT\"."
        )
    if case in ("code=DL/H", "code=D LH"):
        code = case.split("=")[1]
        return BASE.replace('code = "DLH"', f'code = "{code}"'), (
            f"agencies[2].code: kode '{code}' hanya boleh berisi huruf, angka, - dan _ (tanpa spasi atau /), "
            'mis. "DLH" atau "DINAS-KES".'
        )
    if case == "code empty":
        return BASE.replace('code = "DLH"', 'code = " "'), (
            'agencies[2].code: tidak boleh kosong; tulis kode singkat OPD, mis. "DLH".'
        )
    if case == "code dlh twice":
        return BASE.replace('code = "DPMPTSP"', 'code = "dlh"'), (
            "agencies[2].code: kode 'DLH' sudah dipakai di agencies[1]."
        )
    if case == "name empty":
        return BASE.replace('name = "Dinas Lingkungan Hidup"', 'name = ""'), (
            'agencies[2].name: tidak boleh kosong; tulis nama OPD, mis. "Dinas Kesehatan".'
        )
    if case == "code=DLH newline":  # a $ in the pattern matched before a final newline
        return BASE.replace('code = "DLH"', 'code = "DLH\\n"'), (
            "agencies[2].code: kode 'DLH\\n' hanya boleh berisi huruf, angka, - dan _ (tanpa spasi atau /), "
            'mis. "DLH" atau "DINAS-KES".'
        )
    if case == "spreadsheet with a newline":
        return BASE.replace('spreadsheet = "dlh"', 'spreadsheet = "dlh\\n"'), (
            "agencies[2].spreadsheet: 'dlh\\n' berisi karakter tak terlihat (baris baru, tab atau NUL); "
            f'tulis nama berkasnya saja, mis. "dlh" untuk {folder}/dlh.xlsx.'
        )
    if case == "spreadsheet name too long":
        return BASE.replace('spreadsheet = "dlh"', f'spreadsheet = "{"d" * 300}"'), (
            "agencies[2].spreadsheet: nama spreadsheet terlalu panjang (300 byte, paling banyak 200) untuk "
            'nama berkas; pilih nama yang lebih pendek, mis. "dlh".'
        )
    if case == "store with a NUL":
        return BASE.replace(store, 'path = "var/kin\\u0000erja.sqlite"'), (
            "store.path: 'var/kin\\x00erja.sqlite' berisi karakter tak terlihat (baris baru, tab atau NUL); "
            'tulis nama berkas basis data, mis. "var/kinerja.sqlite".'
        )
    if case == "store name too long":
        return BASE.replace(store, f'path = "var/{"k" * 300}.sqlite"'), (
            f"store.path: nama '{'k' * 300}.sqlite' terlalu panjang (307 byte, paling banyak 200) untuk nama "
            'berkas; pilih nama yang lebih pendek, mis. "var/kinerja.sqlite".'
        )
    if case == "store is not a database":
        (tmp_path / "catatan.txt").write_text("bukan basis data\n", encoding="utf-8")
        return BASE.replace(store, 'path = "catatan.txt"'), (
            f"store.path: berkas {tmp_path / 'catatan.txt'} sudah ada dan bukan basis data hasil (bukan berkas "
            "SQLite); berkas itu tidak diubah. Ubah [store] path ke berkas basis data hasil atau ke nama berkas "
            'baru, mis. "var/kinerja.sqlite".'
        )
    if case == "alias is another agency's name":
        return BASE.replace(
            agency, agency + '\naliases = ["Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"]'
        ), (
            "agencies[2].aliases: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu' sudah menjadi kode, "
            "nama atau alias agencies[1] (DPMPTSP); satu nama hanya boleh menunjuk satu OPD, jadi hapus atau ganti "
            "salah satunya."
        )
    if case == "two agencies, one name":
        return BASE.replace(
            'name = "Dinas Lingkungan Hidup"', 'name = "dinas penanaman modal dan pelayanan terpadu satu pintu"'
        ), (
            "agencies[2].name: 'dinas penanaman modal dan pelayanan terpadu satu pintu' sudah menjadi kode, "
            "nama atau alias agencies[1] (DPMPTSP); satu nama hanya boleh menunjuk satu OPD, jadi hapus atau ganti "
            "salah satunya."
        )
    if case == "capaian_cap=1e300":  # one capaian of 1e23 then failed the agency: 'Galat internal IndexError'
        return BASE + "\n[scoring]\ncapaian_cap = 1e300\n", (
            "scoring.capaian_cap: harus angka 0–1.000 (skala nilai; bawaan 120), tertulis 1e+300."
        )
    if case == "rating_table 5=1e300":
        return BASE + "\n[scoring]\nrating_table = { 1 = 50, 2 = 75, 3 = 100, 4 = 110, 5 = 1e300 }\n", (
            "scoring.rating_table: setiap nilai harus angka 0–1.000 (skala nilai), tertulis 1 = 50, 2 = 75, "
            "3 = 100, 4 = 110, 5 = 1e+300."
        )
    if case == "two agencies, one spreadsheet":
        return BASE.replace(agency, agency.replace('"dlh"', '"dpmptsp"')), (
            "agencies[2] (DLH): spreadsheet 'dpmptsp' sudah dipakai oleh agencies[1] (DPMPTSP); tiap OPD butuh "
            "spreadsheet sendiri."
        )
    raise AssertionError(case)


# The store cases are the only ones `init` (which never opens the store) lets through.
STORE_CASES = ("store is a folder", "store under a file", "store in an unwritable folder", "store is not a database")
CASES = (
    "min_group_size=0",
    "min_group_size=1",
    "min_group_size=-5",
    "min_cell_size=1",
    "min_cell_size=0",
    "min_responses=1",
    "store empty",
    *STORE_CASES,
    "spreadsheet=../luar",
    "spreadsheet=sub/dlh",
    "spreadsheet=..",
    "city spreadsheet=../kota",
    "code=kota",
    "code=KOTA",
    "code=DL/H",
    "code=D LH",
    "code empty",
    "code dlh twice",
    "name empty",
    "two agencies, one spreadsheet",
    # found by the issue-9 review: trailing newline, invisible characters, names too long for a
    # file, a store that is some other file, one name for two agencies
    "code=DLH newline",
    "spreadsheet with a newline",
    "spreadsheet name too long",
    "store with a NUL",
    "store name too long",
    "alias is another agency's name",
    "two agencies, one name",
    "capaian_cap=1e300",
    "rating_table 5=1e300",
)


def _world(tmp_path: Path, case: str) -> tuple[Path, str]:
    """Every workbook of the good config in place (so the bad part is the only problem), then the
    bad config written over it."""
    config = tmp_path / "kinerja.toml"
    config.write_text(BASE, encoding="utf-8")
    settings = load_settings(config)
    backend = make_backend(settings)
    init_templates(settings, backend)
    backend.close()
    text, problem = _bad(tmp_path, case)
    config.write_text(text, encoding="utf-8")
    return config, problem


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def no_serving(monkeypatch):
    """`web` must refuse before serving; should it get that far, fail instead of blocking."""

    def serve(*_a, **_k):
        raise AssertionError("web started serving a config that check rejects")

    monkeypatch.setattr("web.serve.serve", serve)


@pytest.mark.parametrize("case", CASES)
def test_every_command_refuses_what_check_rejects_in_the_same_words(tmp_path, case, no_serving):
    config, problem = _world(tmp_path, case)
    checked = _invoke("check", "--config", config)
    block = f"Konfigurasi {config}: 1 masalah\n- {problem}\n"
    assert checked.exit_code == 1 and checked.stderr == block
    commands = [
        ["sync"],
        ["worker", "--once"],
        ["web"],
        ["report", "--periode", "2026-10", "--out", tmp_path / "laporan.xlsx"],
    ]
    if case not in STORE_CASES:
        commands.append(["init"])
    for command in commands:
        result = _invoke(*command, "--config", config)
        assert result.exit_code == EXIT_CONFIG == 3, (command, result.output)
        assert result.stderr.startswith(block), (command, result.output)
        assert f"`{command[0]}` tidak dijalankan" in result.stderr
    assert not (tmp_path / "laporan.xlsx").exists()
    assert not list(tmp_path.glob("*.hasil.xlsx")) and not list((tmp_path / "data").glob("dpmptsp.hasil*"))


@pytest.mark.parametrize("case", STORE_CASES)
def test_init_prepares_spreadsheets_whatever_the_store(tmp_path, case):
    """init never opens the store: a store problem is for sync, worker, web and report."""
    config, _problem = _world(tmp_path, case)
    for sheet in (tmp_path / "data").glob("*.xlsx"):
        sheet.unlink()
    result = _invoke("init", "--config", config)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "dlh.xlsx").is_file()


def test_missing_workbooks_block_sync_and_worker_not_init_or_web(tmp_path, no_serving):
    config = tmp_path / "kinerja.toml"
    config.write_text(BASE, encoding="utf-8")
    checked = _invoke("check", "--config", config)
    assert checked.exit_code == 1 and "3 masalah" in checked.stderr
    for command in (["sync"], ["worker", "--once"]):
        result = _invoke(*command, "--config", config)
        assert result.exit_code == 3 and result.stderr.startswith(checked.stderr), result.output
    assert not (tmp_path / "var").exists()  # refused before the store or its lock was created
    with pytest.raises(AssertionError, match="web started serving"):  # web does not read spreadsheets
        _invoke("web", "--config", config)
    assert _invoke("init", "--config", config).exit_code == 0
    assert _invoke("check", "--config", config).exit_code == 0
    assert _invoke("sync", "--config", config).exit_code == 0


def test_a_refused_sync_says_so_from_a_real_process(tmp_path):
    """The exit status cron and systemd see, with no traceback on a store that is a folder."""
    config, problem = _world(tmp_path, "store is a folder")
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 3 and f"- {problem}\n" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_example_and_documented_codes_still_pass(tmp_path):
    """Codes with - and _ and the Google key alphabet are accepted; a pasted URL is not a key."""
    text = BASE.replace('code = "DLH"', 'code = "DINAS-KES_2"')
    config = tmp_path / "kinerja.toml"
    config.write_text(text, encoding="utf-8")
    assert [a.code for a in load_settings(config).agencies] == ["DPMPTSP", "DINAS-KES_2"]
    google = BASE.replace('kind = "local"', 'kind = "google"').replace(
        'spreadsheet = "dlh"', 'spreadsheet = "https://docs.google.com/spreadsheets/d/1AbC_d-9/edit"'
    )
    config.write_text(google, encoding="utf-8")
    result = _invoke("check", "--config", config)
    assert (
        "agencies[2].spreadsheet: 'https://docs.google.com/spreadsheets/d/1AbC_d-9/edit' bukan kunci "
        "spreadsheet Google" in result.stderr
    )


GOOGLE = """
[source]
kind = "google"
credentials = "kunci.json"

[city]
spreadsheet = "kunci-kota"

[[agencies]]
code = "DINKES"
name = "Dinas Kesehatan"
spreadsheet = "dinkes"

[store]
path = "var/kinerja.sqlite"
"""


def _google_sync(tmp_path: Path, gated: bool) -> dict:
    from sync.checks import COMMAND_PARTS, run_checks
    from sync.cycle import run_cycle
    from sync.store import ResultsStore
    from tests.google_world import dinkes_fake, google_backend

    fake = dinkes_fake()
    fake.add_spreadsheet("kunci-kota", {"Tanggapan Formulir 1": [["Cap waktu"]]})
    config = tmp_path / ("gated" if gated else "plain") / "kinerja.toml"
    config.parent.mkdir()
    config.write_text(GOOGLE, encoding="utf-8")
    if gated:
        checked = run_checks(config, COMMAND_PARTS["sync"], backend_factory=lambda _s: google_backend(fake))
        assert checked.problems == []
        settings, backend = checked.settings, checked.backend
    else:
        settings, backend = load_settings(config), google_backend(fake)
    run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _line: None)
    backend.close()
    return dict(fake.counts)  # every request the API answered, the check's included


def test_the_check_before_a_google_sync_costs_no_request(tmp_path):
    """The gate hands its backend on: the metadata the check fetched is the sync's own."""
    plain, gated = _google_sync(tmp_path, gated=False), _google_sync(tmp_path, gated=True)
    assert gated == plain and sum(plain.values()) > 0, (plain, gated)


@pytest.mark.parametrize("where", ["a file", "an unwritable folder"])
def test_a_data_folder_that_cannot_hold_workbooks_stops_check_init_sync_and_worker(tmp_path, where, no_serving):
    """Result workbooks and templates are written into [source] folder: a folder we cannot write
    passed check, then every agency failed at its write."""
    how = 'Ubah [source] folder ke folder yang dapat ditulis pengguna yang menjalankan layanan, mis. "data".'
    if where == "a file":
        folder = "kinerja.toml/data"
        problem = (
            f"source.folder: {tmp_path / 'kinerja.toml'} adalah berkas, bukan folder, jadi "
            f"{tmp_path / 'kinerja.toml' / 'data'} tidak dapat dibuat. {how}"
        )
    else:
        parent = _unwritable_folder(tmp_path)
        folder = f"{parent}/data"
        problem = (
            f"source.folder: folder {parent} tidak dapat ditulis (berkas hasil dan templat ditulis di sana). {how}"
        )
    config = tmp_path / "kinerja.toml"
    config.write_text(BASE.replace('folder = "data"', f'folder = "{folder}"'), encoding="utf-8")
    block = f"Konfigurasi {config}: 1 masalah\n- {problem}\n"
    checked = _invoke("check", "--config", config)
    assert checked.exit_code == 1 and checked.stderr == block
    for command in (["init"], ["sync"], ["worker", "--once"]):
        result = _invoke(*command, "--config", config)
        assert result.exit_code == 3 and result.stderr.startswith(block), (command, result.output)
    with pytest.raises(AssertionError, match="web started serving"):  # web never opens the folder
        _invoke("web", "--config", config)
