"""Helpers shared by the HR area's tests: an app with HR users, a fake clock, logging in."""

from __future__ import annotations

import re
import shutil

import pytest
from werkzeug.security import generate_password_hash

from config.settings import HrUser
from sync.store import ResultsStore
from tests import fixture_store as fx
from web import create_app

PASSWORD = "kata-sandi-uji-123"
OTHER_PASSWORD = "sandi-lain-yang-panjang"
# pbkdf2 with few iterations keeps the tests fast; production hashes are scrypt (hr-user add).
FAST_METHOD = "pbkdf2:sha256:1000"
USERS = (
    HrUser("bkpsdm", generate_password_hash(PASSWORD, method=FAST_METHOD), "Petugas BKPSDM"),
    HrUser("kepala", generate_password_hash(OTHER_PASSWORD, method=FAST_METHOD), ""),
)
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    """A settable clock for the throttle and the session lifetime."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def hr_store(tmp_path) -> ResultsStore:
    """The fixture store plus the HR tables and docs/scoring.md example A."""
    store = fx.fill_store(ResultsStore(tmp_path / "kinerja.sqlite"))
    fx.fill_hr_extras(store)
    fx.add_example_a(store)
    return store


@pytest.fixture(scope="module")
def hr_template(tmp_path_factory):
    """hr_store built once per test module (tests get a copy: building it takes a while)."""
    return hr_store(tmp_path_factory.mktemp("hr-store")).path


@pytest.fixture
def store(hr_template, tmp_path) -> ResultsStore:
    """A fresh copy of the HR fixture store for one test."""
    shutil.copy(hr_template, tmp_path / "kinerja.sqlite")
    return ResultsStore(tmp_path / "kinerja.sqlite")


def hr_app(store: ResultsStore, **config):
    return create_app(
        test_config={
            "TESTING": True,
            "STORE_PATH": store.path,
            "MIN_RESPONSES": 20,
            "MIN_GROUP_SIZE": 5,
            "SECRET_KEY": "test",
            "HR_USERS": USERS,
            **config,
        }
    )


def csrf_token(client, url: str = "/masuk", **kwargs) -> str:
    response = client.get(url, **kwargs)
    match = CSRF_FIELD.search(response.get_data(as_text=True))
    assert match, f"no CSRF field on {url}"
    return match.group(1)


def login(client, username: str = "bkpsdm", password: str = PASSWORD, next_url: str = "", **kwargs):
    """POST the login form (with its CSRF token); returns the response."""
    data = {"csrf_token": csrf_token(client, **kwargs), "username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/masuk", data=data, **kwargs)


def text_of(html: str) -> str:
    """Visible text, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
