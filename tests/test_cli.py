"""main.py through click's CliRunner: every command has help; check, init, sync and report work."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from main import cli

MINIMAL = """
[source]
kind = "local"
folder = "data"

[city]
spreadsheet = "kota"

[[agencies]]
code = "DPMPTSP"
name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
spreadsheet = "dpmptsp"

[store]
path = "var/kinerja.sqlite"
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_every_command_has_help_text():
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} --{param.name}"
        assert run(name, "--help").exit_code == 0


def test_check_lists_missing_spreadsheets_then_init_creates_them(config, tmp_path):
    result = run("check", "--config", config)
    assert result.exit_code == 1
    assert "dpmptsp.xlsx tidak ada" in result.output and "kota.xlsx tidak ada" in result.output
    result = run("init", "--config", config)
    assert result.exit_code == 0 and "dibuat: dpmptsp.xlsx: Pegawai" in result.output
    wb = openpyxl.load_workbook(tmp_path / "data" / "kota.xlsx")
    assert wb.sheetnames == [
        "Tanggapan Formulir 1",
        "Pengaduan",
        "Kinerja Organisasi",
        "Populasi Layanan",
        "Rencana Tindak Lanjut",
    ]
    headers = [c.value for c in wb["Tanggapan Formulir 1"][1]]
    assert headers[0] == "Cap waktu" and headers[3].startswith("U1.") and headers[11].startswith("U9.")
    assert run("check", "--config", config).exit_code == 0
    assert "tidak ada yang diubah" in run("init", "--config", config).output


def test_check_reports_config_problems(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.replace('kind = "local"', 'kind = "lokal"') + "\n[scoring]\nweight_discipline = 0.3\n")
    result = run("check", "--config", bad)
    assert result.exit_code == 1
    assert "source.kind" in result.output and "bobot Perilaku Kerja harus berjumlah 1" in result.output


def test_sync_on_empty_templates_then_report(config, tmp_path):
    run("init", "--config", config)
    result = run("sync", "--config", config)
    assert result.exit_code == 0, result.output
    assert "Sinkronisasi berhasil" in result.output
    # An empty Pegawai tab is not an error, and the owned tabs are written beside the input.
    assert (tmp_path / "data" / "dpmptsp.hasil.xlsx").is_file()
    out = tmp_path / "laporan.xlsx"
    result = run("report", "--config", config, "--periode", "2026-10", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Metodologi" in openpyxl.load_workbook(out).sheetnames


def test_report_with_bad_period_is_a_clear_error(config):
    run("init", "--config", config)
    run("sync", "--config", config)
    result = CliRunner().invoke(cli, ["report", "--config", str(config), "--periode", "Okt", "--out", "x.xlsx"])
    assert result.exit_code != 0 and "Galat:" in result.output


def test_sync_without_config_file_says_how_to_fix(tmp_path):
    result = run("sync", "--config", tmp_path / "nope.toml")
    assert result.exit_code == 3 and "tidak ditemukan" in result.output  # 3: config error


def test_google_backend_without_a_key_file_says_where_to_put_it(config, monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    config.write_text(MINIMAL.replace('kind = "local"', 'kind = "google"'))
    result = run("sync", "--config", config)
    assert result.exit_code == 3 and "GOOGLE_APPLICATION_CREDENTIALS" in result.output


# ---- hr-user (D2) ----------------------------------------------------------------------------------


@pytest.fixture
def fast_hashes(monkeypatch):
    monkeypatch.setattr("config.hr_users.PASSWORD_METHOD", "pbkdf2:sha256:1000")


def run_input(args, text):
    return CliRunner().invoke(cli, [str(a) for a in args], input=text, catch_exceptions=False)


def test_hr_user_add_from_stdin_then_list_and_remove(config, fast_hashes):
    from werkzeug.security import check_password_hash

    from config.settings import load_settings

    result = run_input(
        ["hr-user", "add", "--config", config, "--password-stdin", "--name", "Admin BKPSDM", "bkpsdm"],
        "kata-sandi-rahasia\n",
    )
    assert result.exit_code == 0, result.output
    assert "Pengguna 'bkpsdm' ditambahkan" in result.output and "kata-sandi-rahasia" not in result.output
    text = config.read_text(encoding="utf-8")
    assert text.startswith(MINIMAL) and "kata-sandi-rahasia" not in text
    (user,) = load_settings(config).hr_users
    assert user.name == "Admin BKPSDM" and check_password_hash(user.password_hash, "kata-sandi-rahasia")

    listed = CliRunner().invoke(cli, ["hr-user", "list", "--config", str(config)])
    assert listed.exit_code == 0 and "bkpsdm\tAdmin BKPSDM" in listed.output
    assert user.password_hash not in listed.output and "$" not in listed.output

    removed = run("hr-user", "remove", "--config", config, "bkpsdm")
    assert removed.exit_code == 0 and "dihapus" in removed.output
    assert config.read_text(encoding="utf-8") == MINIMAL


def test_hr_user_add_asks_twice_without_echo(config, fast_hashes):
    result = run_input(["hr-user", "add", "--config", config, "petugas"], "kata-sandi-rahasia\nkata-sandi-rahasia\n")
    assert result.exit_code == 0, result.output
    assert "Ulangi kata sandi" in result.output and "kata-sandi-rahasia" not in result.output


def test_hr_user_add_reasks_a_mismatch_and_a_short_password(config, fast_hashes):
    result = run_input(
        ["hr-user", "add", "--config", config, "petugas"],
        "pendek\nkata-sandi-rahasia\nlain-sekali-123\nkata-sandi-rahasia\nkata-sandi-rahasia\n",
    )
    assert result.exit_code == 0, result.output
    assert "minimal 10 karakter" in result.output  # asked again, not aborted
    assert "kedua isian tidak sama" in result.output  # click's confirmation check, then asked again
    assert result.output.count("Ulangi kata sandi") == 2


def test_hr_user_add_refuses_short_stdin_password_and_duplicates(config, fast_hashes):
    result = run_input(["hr-user", "add", "--config", config, "--password-stdin", "petugas"], "pendek\n")
    assert result.exit_code == 1 and "minimal 10 karakter" in result.output
    assert config.read_text(encoding="utf-8") == MINIMAL
    run_input(["hr-user", "add", "--config", config, "--password-stdin", "petugas"], "kata-sandi-rahasia\n")
    result = run_input(["hr-user", "add", "--config", config, "--password-stdin", "PETUGAS"], "kata-sandi-lain-1\n")
    assert result.exit_code == 1 and "sudah ada" in result.output


def test_hr_user_commands_have_help():
    group = cli.commands["hr-user"]
    for name, command in group.commands.items():
        assert command.help and len(command.help) > 20, name
        assert run("hr-user", name, "--help").exit_code == 0


# ---- exit codes tell cron and systemd the truth (issue 9, item 9) -----------------------------


def test_sync_exit_code_says_all_fine_partly_failed_or_nothing_done(config, tmp_path):
    run("init", "--config", config)
    assert run("sync", "--config", config).exit_code == 0
    # A workbook that exists but cannot be read fails at sync time (a missing one stops `check`).
    (tmp_path / "data" / "dpmptsp.xlsx").write_bytes(b"bukan workbook")  # one of the two fails
    result = run("sync", "--config", config)
    assert "Sinkronisasi sebagian gagal: 2 spreadsheet, 1 gagal" in result.output
    assert result.exit_code == 1
    (tmp_path / "data" / "kota.xlsx").write_bytes(b"bukan workbook")  # both fail
    result = run("sync", "--config", config)
    assert "Sinkronisasi gagal: 2 spreadsheet, 2 gagal" in result.output
    assert result.exit_code == 2


def test_worker_once_exit_code_is_the_same_as_sync(config, tmp_path):
    run("init", "--config", config)
    assert run("worker", "--config", config, "--once").exit_code == 0
    (tmp_path / "data" / "dpmptsp.xlsx").write_bytes(b"bukan workbook")
    assert run("worker", "--config", config, "--once").exit_code == 1
    (tmp_path / "data" / "kota.xlsx").write_bytes(b"bukan workbook")
    assert run("worker", "--config", config, "--once").exit_code == 2
    (tmp_path / "data" / "kota.xlsx").unlink()  # a missing workbook is a problem `check` reports
    assert run("worker", "--config", config, "--once").exit_code == 3


def test_a_config_error_exits_3_for_sync_and_worker(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.replace('kind = "local"', 'kind = "lokal"'))
    for args in (("sync",), ("worker",), ("worker", "--once")):
        result = run(*args, "--config", bad)
        assert result.exit_code == 3 and "source.kind" in result.output, args


def test_a_sync_refused_by_a_running_worker_exits_2(config):
    from config.settings import load_settings
    from sync.scheduler import WorkerLock

    run("init", "--config", config)
    with WorkerLock(load_settings(config).store.path):
        result = run("sync", "--config", config)
    assert result.exit_code == 2 and "sudah berjalan" in result.output


# ---- click's own words in Indonesian ----------------------------------------------------------

CLICK_ENGLISH = (
    "Usage",
    "Options",
    "Commands",
    "Show this message",
    "Error:",
    "Missing",
    "USERNAME",
    "INTEGER",
    "TEXT",
    "FILE",
    "[OPTIONS]",
    "No such",
    "Try '",
    "Invalid value",
    "do not match",
    "Repeat for",
    "required]",
    "default:",
    "Aborted",
    "Did you mean",
    "does not exist",
    "is not a valid",
    "Got unexpected",
)


def english_in(text):
    return [word for word in CLICK_ENGLISH if word in text]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["report", "--help"],
        ["hr-user", "--help"],
        ["hr-user", "add", "--help"],
        ["demo", "--help"],
    ],
)
def test_help_is_indonesian(args):
    result = run(*args)
    assert result.exit_code == 0
    assert "Cara pakai:" in result.output and "Tampilkan bantuan ini lalu keluar." in result.output
    assert not english_in(result.output), result.output


@pytest.mark.parametrize(
    "args, said",
    [
        (["report", "--out", "x.xlsx"], "Belum diisi: opsi '--periode'"),
        (["laporan"], "Tidak ada perintah 'laporan'"),
        (["report", "--periode", "2026", "--out", "x.xlsx", "--bulan", "1"], "Tidak ada opsi '--bulan'"),
        (["demo", "--port", "delapan"], "bukan bilangan bulat"),
        (["check", "--config", "/tmp"], "adalah folder"),
    ],
)
def test_usage_errors_are_indonesian(args, said):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Galat:" in result.output and "untuk bantuan" in result.output
    assert not english_in(result.output), result.output


def test_password_mismatch_is_indonesian(config):
    result = CliRunner().invoke(
        cli,
        ["hr-user", "add", "--config", str(config), "sari"],
        input="Rahasia-panjang-1\nRahasia-panjang-2\nRahasia-panjang-1\nRahasia-panjang-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "kedua isian tidak sama" in result.output
    assert not english_in(result.output), result.output


# ---- report: what the sheets accept, an .xlsx name, a warning when there is nothing ------------


@pytest.fixture(scope="module")
def synced_city(tmp_path_factory):
    from sync.demo.generate import DemoScale, generate_city
    from sync.demo.write import write_config, write_workbooks

    folder = tmp_path_factory.mktemp("kota")
    city = generate_city(DemoScale(agencies=2, employees=12, responses=120, complaints=6), seed=5)
    write_workbooks(city, folder / "data", workers=1)
    write_config(city, folder / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    assert run("sync", "--config", folder / "kinerja.toml").exit_code in (0, 1)
    return folder / "kinerja.toml"


@pytest.mark.parametrize(
    "typed, sheet_period",
    [
        ("Oktober 2026", "Oktober 2026"),
        ("okt 2026", "Oktober 2026"),
        ("10/2026", "Oktober 2026"),
        ("2026-10", "Oktober 2026"),
        ("Triwulan III 2026", "Triwulan III 2026"),
        ("2026-q3", "Triwulan III 2026"),
        ("Q3 2026", "Triwulan III 2026"),
        ("Tahun 2026", "Tahun 2026"),
        ("2026", "Tahun 2026"),
    ],
)
def test_report_period_as_the_sheets_write_it(synced_city, tmp_path, typed, sheet_period):
    out = tmp_path / "laporan.xlsx"
    result = run("report", "--config", synced_city, "--periode", typed, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Peringatan" not in result.output
    title = openpyxl.load_workbook(out).properties.title
    assert title.endswith(sheet_period), title


def test_report_of_a_period_without_results_warns(synced_city, tmp_path):
    result = run("report", "--config", synced_city, "--periode", "Maret 2019", "--out", tmp_path / "kosong.xlsx")
    assert result.exit_code == 0, result.output
    assert "Peringatan: basis data hasil belum berisi hasil untuk Maret 2019" in result.output
    assert (
        "Periode yang ada: November 2025 sampai Oktober 2026 (12 periode)" in result.output
    )  # what the user can ask for instead


def test_report_out_must_be_an_xlsx(synced_city, tmp_path):
    result = CliRunner().invoke(
        cli, ["report", "--config", str(synced_city), "--periode", "2026-10", "--out", str(tmp_path / "y.csv")]
    )
    assert result.exit_code == 2 and not (tmp_path / "y.csv").exists()
    assert ".xlsx" in result.output and not english_in(result.output), result.output
    result = run("report", "--config", synced_city, "--periode", "2026-10", "--out", tmp_path / "laporan")
    assert result.exit_code == 0 and (tmp_path / "laporan.xlsx").is_file()
    assert "laporan.xlsx" in result.output


def test_init_lists_what_an_existing_workbook_lacks(config, tmp_path):
    run("init", "--config", config)
    import xlsxwriter

    (tmp_path / "data" / "dpmptsp.xlsx").unlink()
    wb = xlsxwriter.Workbook(str(tmp_path / "data" / "dpmptsp.xlsx"))
    wb.add_worksheet("Pegawai").write_row(0, 0, ["NIP"])
    wb.close()
    result = run("init", "--config", config)
    assert result.exit_code == 0, result.output
    assert "sudah lengkap" not in result.output
    assert "kurang: dpmptsp.xlsx: Kolom 'Nama' tidak ditemukan di baris judul (baris 1)" in result.output
    assert "kurang: dpmptsp.xlsx: Tab 'Presensi' tidak ditemukan." in result.output
    assert "Templat untuk disalin:" in result.output and (tmp_path / "data" / "templat" / "dpmptsp.xlsx").is_file()
