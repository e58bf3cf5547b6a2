"""sync/templates.py: `init` prepares every spreadsheet it can and lists every one it cannot."""

import pytest

from config.settings import parse_settings
from sync.errors import KinerjaError
from sync.local import LocalBackend
from sync.templates import init_templates
from tests.fake_sheets import FakeSheets
from tests.google_world import google_backend


@pytest.fixture
def settings(tmp_path):
    return parse_settings({
        "source": {"kind": "google"}, "city": {"spreadsheet": "kunci-kota"},
        "agencies": [
            {"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "kunci-dinkes"},
            {"code": "DPMPTSP", "name": "DPMPTSP", "spreadsheet": "kunci-dpmptsp"},
            {"code": "KECLS", "name": "Kecamatan Lubuk Sikarah", "spreadsheet": "kunci-kecls"},
        ],
        "store": {"path": "k.sqlite"},
    }, tmp_path / "k.toml")


def test_google_init_goes_on_past_missing_spreadsheets_and_lists_them_all(settings):
    fake = FakeSheets()
    fake.add_spreadsheet("kunci-dpmptsp", {})
    fake.add_spreadsheet("kunci-kota", {})
    problems: list[str] = []
    created = init_templates(settings, google_backend(fake), problems)
    assert len(problems) == 2  # DINKES and KECLS: neither exists
    assert any("kunci-dinkes" in p for p in problems) and any("kunci-kecls" in p for p in problems)
    assert all(fake.share_email in p for p in problems)  # says whom to share it with
    assert "Pegawai" in fake.titles("kunci-dpmptsp") and "Kinerja Organisasi" in fake.titles("kunci-kota")
    assert created  # the two that exist were prepared


def test_without_a_problem_list_the_first_problem_is_raised(settings, tmp_path):
    fake = FakeSheets()
    with pytest.raises(KinerjaError, match="kunci-dinkes"):
        init_templates(settings, google_backend(fake))


def test_local_init_creates_every_workbook(settings, tmp_path):
    problems: list[str] = []
    created = init_templates(settings, LocalBackend(tmp_path / "data"), problems)
    assert problems == [] and len(list((tmp_path / "data").glob("*.xlsx"))) == 4
    assert any(line.startswith("kunci-kota.xlsx") for line in created)
