"""config/hr_users.py: HR users are appended/removed as text; comments and line ends survive."""

from __future__ import annotations

import tomllib

import pytest
from werkzeug.security import check_password_hash

from config.hr_users import HrUserError, add_user, hash_password, list_users, password_problem, remove_user, toml_string
from config.settings import load_settings

CONFIG = """# Konfigurasi Kota Solok (komentar ini harus tetap ada)
[source]
kind = "local"
folder = "data"   # folder workbook

[city]
spreadsheet = "kota"

[[agencies]]
code = "DPMPTSP"
name = "DPMPTSP"
spreadsheet = "dpmptsp"

[store]
path = "var/kinerja.sqlite"
"""
PASSWORD = "rahasia-panjang-1"


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr("config.hr_users.PASSWORD_METHOD", "pbkdf2:sha256:1000")


def test_add_appends_a_block_and_keeps_everything_else(config):
    user = add_user(config, "bkpsdm.admin", PASSWORD, "Admin BKPSDM")
    text = config.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # the file before is untouched, comments included
    assert text[len(CONFIG) :].startswith('\n[[hr_users]]\nusername = "bkpsdm.admin"\n')
    assert PASSWORD not in text
    (loaded,) = load_settings(config).hr_users
    assert loaded == user and loaded.name == "Admin BKPSDM"
    assert check_password_hash(loaded.password_hash, PASSWORD)
    assert "password_hash" not in repr(loaded)  # never in a log line


def test_crlf_files_stay_crlf_and_a_missing_final_newline_is_fine(tmp_path):
    path = tmp_path / "crlf.toml"
    path.write_bytes(CONFIG.rstrip("\n").replace("\n", "\r\n").encode())
    add_user(path, "petugas", PASSWORD)
    data = path.read_bytes()
    assert b'\r\n[[hr_users]]\r\nusername = "petugas"\r\n' in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert [u.username for u in list_users(path)] == ["petugas"]


def test_duplicates_are_refused_case_insensitively(config):
    add_user(config, "petugas", PASSWORD)
    with pytest.raises(HrUserError, match="sudah ada"):
        add_user(config, "PETUGAS", PASSWORD)
    assert len(list_users(config)) == 1


@pytest.mark.parametrize(
    "password, problem",
    [
        ("pendek", "minimal 10 karakter"),
        ("123456789", "minimal 10 karakter"),
        (" spasi-di-depan", "spasi"),
        ("x" * 1025, "terlalu panjang"),
    ],
)
def test_weak_passwords_are_refused(config, password, problem):
    assert problem in password_problem(password)
    with pytest.raises(HrUserError, match=problem):
        add_user(config, "petugas", password)
    assert config.read_text(encoding="utf-8") == CONFIG


@pytest.mark.parametrize("username", ["a", "-awal", "ada spasi", "x" * 65, 'nama"kutip', "ä-huruf"])
def test_bad_usernames_are_refused(config, username):
    with pytest.raises(HrUserError, match="tidak sah"):
        add_user(config, username, PASSWORD)


def test_an_invalid_config_is_not_touched(tmp_path):
    path = tmp_path / "rusak.toml"
    path.write_text("[source\n", encoding="utf-8")
    with pytest.raises(Exception, match="bukan TOML"):
        add_user(path, "petugas", PASSWORD)
    assert path.read_text(encoding="utf-8") == "[source\n"


def test_a_change_that_breaks_the_file_is_undone(config):
    # An inline hr_users array cannot be followed by [[hr_users]]: the appended file is invalid.
    original = "hr_users = []\n" + CONFIG
    config.write_text(original, encoding="utf-8")
    assert load_settings(config).hr_users == ()
    with pytest.raises(HrUserError, match="dikembalikan seperti semula"):
        add_user(config, "petugas", PASSWORD)
    assert config.read_text(encoding="utf-8") == original


def test_names_with_quotes_and_control_characters_round_trip(config):
    name = 'Siti "Ani" \\ Rahma\u007f\ttab'
    add_user(config, "petugas", PASSWORD, name)
    assert list_users(config)[0].name == name
    assert tomllib.loads(f"v = {toml_string(name)}")["v"] == name


def test_remove_cuts_out_one_block(config):
    add_user(config, "satu", PASSWORD, "Satu")
    add_user(config, "dua", PASSWORD)
    add_user(config, "tiga", PASSWORD)
    removed = remove_user(config, "DUA")
    assert removed.username == "dua"
    assert [u.username for u in list_users(config)] == ["satu", "tiga"]
    text = config.read_text(encoding="utf-8")
    assert text.startswith(CONFIG) and '"dua"' not in text
    remove_user(config, "satu")
    remove_user(config, "tiga")
    assert config.read_text(encoding="utf-8") == CONFIG  # back to exactly what it was


def test_remove_keeps_comments_after_a_block(config):
    add_user(config, "satu", PASSWORD)
    with config.open("a", encoding="utf-8") as fh:
        fh.write("# catatan admin: jangan dihapus\n")
    remove_user(config, "satu")
    assert config.read_text(encoding="utf-8").endswith("# catatan admin: jangan dihapus\n")


def test_remove_unknown_user(config):
    with pytest.raises(HrUserError, match="tidak ada"):
        remove_user(config, "siapa")


def test_remove_keeps_file_permissions(config):
    add_user(config, "satu", PASSWORD)
    config.chmod(0o600)
    remove_user(config, "satu")
    assert config.stat().st_mode & 0o777 == 0o600


def test_hash_password_uses_scrypt_by_default(monkeypatch):
    monkeypatch.undo()
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("scrypt:") and check_password_hash(hashed, PASSWORD)
