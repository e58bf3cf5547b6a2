"""Add, list and remove HR (BKPSDM) users in the TOML config by editing its text.

Admins keep comments in their config, so the file is never re-serialised: `add_user` appends one
`[[hr_users]]` block to the end (bytes appended, so the rest of the file stays as it was, CRLF
line ends included) and `remove_user` cuts one block out. Either way the file is loaded again
afterwards, and if it is no longer valid, or does not hold exactly the expected users, the
original bytes are put back and the change is refused.

Passwords are hashed with werkzeug's scrypt; only the hash is written.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path

from werkzeug.security import generate_password_hash

from config.errors import ConfigError, KinerjaError
from config.settings import HR_USERNAME, HrUser, load_settings

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # the login form refuses longer input too: hashing it costs CPU for nothing
PASSWORD_METHOD = "scrypt"  # werkzeug's default (scrypt:32768:8:1): memory-hard, about 0.1 s per check

_BLOCK_HEADER = re.compile(r"^\s*\[\[\s*hr_users\s*\]\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_USERNAME_LINE = re.compile(r"^\s*username\s*=\s*(.+?)\s*$")
_KEY_LINE = re.compile(r"^\s*[A-Za-z0-9_\"'-]+\s*=")


class HrUserError(KinerjaError):
    """An HR user cannot be added or removed (bad name, duplicate, weak password, file problem)."""


def password_problem(password: str) -> str | None:
    """Why `password` may not be used (Indonesian), or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD_LENGTH} karakter."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Kata sandi terlalu panjang: maksimal {MAX_PASSWORD_LENGTH} karakter."
    if password != password.strip():
        return "Kata sandi tidak boleh diawali atau diakhiri spasi."
    return None


def hash_password(password: str) -> str:
    """The werkzeug hash stored in the config; refuses a password that `password_problem` rejects."""
    problem = password_problem(password)
    if problem:
        raise HrUserError(problem)
    return generate_password_hash(password, method=PASSWORD_METHOD)


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML also requires DEL escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def user_block(user: HrUser, newline: str = "\n") -> str:
    """The `[[hr_users]]` block of `user`, preceded by a blank line."""
    lines = [
        "",
        "[[hr_users]]",
        f"username = {toml_string(user.username)}",
        f"password_hash = {toml_string(user.password_hash)}",
    ]
    if user.name:
        lines.append(f"name = {toml_string(user.name)}")
    return newline.join(lines) + newline


def list_users(config_path: Path) -> tuple[HrUser, ...]:
    return load_settings(config_path).hr_users


def add_user(config_path: Path, username: str, password: str, name: str = "") -> HrUser:
    """Append a new HR user to the config file; returns it. Raises HrUserError or ConfigError."""
    path = Path(config_path)
    existing = load_settings(path).hr_users  # the file must be valid before it is touched
    if not HR_USERNAME.match(username):
        raise HrUserError(
            f"Nama pengguna '{username}' tidak sah: 2–64 huruf, angka, titik, _, @ atau -, diawali huruf atau angka."
        )
    if any(u.username.lower() == username.lower() for u in existing):
        raise HrUserError(
            f"Pengguna '{username}' sudah ada di {path}. Hapus dulu dengan hr-user remove "
            "bila ingin mengganti kata sandinya."
        )
    user = HrUser(username=username, password_hash=hash_password(password), name=name.strip())
    original = path.read_bytes()
    newline = "\r\n" if b"\r\n" in original else "\n"
    addition = user_block(user, newline)
    if original and not original.endswith(b"\n"):
        addition = newline + addition
    with path.open("ab") as fh:
        fh.write(addition.encode("utf-8"))
    _verify_or_restore(path, original, [*(u.username for u in existing), username])
    return user


def remove_user(config_path: Path, username: str) -> HrUser:
    """Cut the `[[hr_users]]` block of `username` out of the config file; returns the removed user."""
    path = Path(config_path)
    existing = load_settings(path).hr_users
    target = next((u for u in existing if u.username.lower() == username.lower()), None)
    if target is None:
        raise HrUserError(f"Pengguna '{username}' tidak ada di {path}.")
    original = path.read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    span = _block_of(lines, target.username)
    if span is None:
        raise HrUserError(
            f"Blok [[hr_users]] untuk '{username}' tidak ditemukan dalam bentuk yang dapat "
            f"diubah otomatis; hapus bloknya langsung di {path}."
        )
    start, end = span
    if start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank line add_user put before the block
    _replace_file(path, "".join(lines[:start] + lines[end:]).encode("utf-8"))
    _verify_or_restore(path, original, [u.username for u in existing if u is not target])
    return target


def _block_of(lines: list[str], username: str) -> tuple[int, int] | None:
    """(first, end) line indexes of the block whose username is `username`: its header through its
    last key line (comments and blank lines after it stay)."""
    for first, line in enumerate(lines):
        if not _BLOCK_HEADER.match(line):
            continue
        last, found = first, False
        for index in range(first + 1, len(lines)):
            text = lines[index]
            if _ANY_HEADER.match(text):
                break
            if _KEY_LINE.match(text):
                last = index
            match = _USERNAME_LINE.match(text)
            if match and _toml_value(match.group(1)) == username:
                found = True
        if found:
            return first, last + 1
    return None


def _toml_value(text: str) -> object:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return None


def _replace_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` atomically, keeping the file's permissions (it holds hashes)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _verify_or_restore(path: Path, original: bytes, expected: list[str]) -> None:
    """Load the changed file; unless it is valid with exactly `expected` users, restore `original`."""
    try:
        users = [u.username for u in load_settings(path).hr_users]
        problem = None if sorted(users) == sorted(expected) else "daftar pengguna tidak seperti yang diharapkan"
    except ConfigError as exc:
        problem = str(exc)
    if problem is not None:
        _replace_file(path, original)
        raise HrUserError(f"Perubahan {path} dibatalkan, berkas dikembalikan seperti semula: {problem}")
