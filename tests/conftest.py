"""Shared fixtures: a filled results store, the web app on it, and its test client."""

from __future__ import annotations

import pytest

from sync.store import ResultsStore
from tests.fixture_store import fill_store
from web import create_app


@pytest.fixture
def results_store(tmp_path) -> ResultsStore:
    """The store of tests/fixture_store.py (3 agencies x 3 months), in a temporary folder."""
    return fill_store(ResultsStore(tmp_path / "kinerja.sqlite"))


@pytest.fixture
def app(results_store):
    return create_app(
        test_config={
            "TESTING": True,
            "STORE_PATH": results_store.path,
            "MIN_RESPONSES": 20,
            "MIN_GROUP_SIZE": 5,
            "CITY_NAME": "Pemerintah Kota Solok",
            "SECRET_KEY": "test",
        }
    )


@pytest.fixture
def client(app):
    return app.test_client()
