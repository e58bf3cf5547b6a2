"""config/settings.py: the minimal config works as written; every wrong key is reported."""

from pathlib import Path

import pytest

from config.settings import load_settings, parse_settings
from scoring.params import ScoringParams
from sync.errors import ConfigError

MINIMAL = """
[source]
kind = "local"            # "local" (folder of .xlsx) or "google"
folder = "data"           # local: relative to this file; data/kota.xlsx, data/dpmptsp.xlsx

[city]
spreadsheet = "kota"      # local: file stem; google: the spreadsheet key

[[agencies]]
code = "DPMPTSP"
name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
spreadsheet = "dpmptsp"

[store]
path = "var/kinerja.sqlite"   # results store read by the web site and reports
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kinerja.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_config_from_product_md(tmp_path):
    settings = load_settings(write(tmp_path, MINIMAL))
    assert settings.source.kind == "local"
    assert settings.source.folder == (tmp_path / "data").resolve()
    assert settings.store.path == (tmp_path / "var/kinerja.sqlite").resolve()
    assert [a.code for a in settings.agencies] == ["DPMPTSP"]
    assert settings.scoring == ScoringParams()
    assert settings.city.form_tab == "Tanggapan Formulir 1"
    assert len(settings.rules_id) == 10


def test_example_config_is_valid():
    settings = load_settings(Path(__file__).parents[1] / "config" / "contoh.toml")
    assert settings.scoring == ScoringParams()  # the example documents the defaults exactly
    assert settings.agency("DPMPTSP").aliases == ("Mal Pelayanan Publik", "MPP")
    assert settings.headers["reports"]["target"] == ("Target Kinerja",)


def test_changing_a_weight_changes_rules_id(tmp_path):
    base = load_settings(write(tmp_path, MINIMAL)).rules_id
    changed = load_settings(write(tmp_path, MINIMAL + "\n[scoring]\nmin_responses = 30\n")).rules_id
    assert base != changed


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("[scoring]\nweight_berakhlak = 0.7\n", "bobot Perilaku Kerja harus berjumlah 1"),
        ("[scoring]\nweight_final_hasil = 0.6\n", "bobot Nilai Akhir harus berjumlah 1"),
        ("[scoring]\nmin_responses = \"20\"\n", "scoring.min_responses: harus bilangan bulat"),
        ("[scoring]\nminimum = 3\n", "scoring.minimum: kunci tidak dikenal"),
        ("[scoring]\nrating_table = { 1 = 50, 2 = 75 }\n", "rating_table: harus berisi tepat kunci 1, 2, 3, 4, 5"),
        ("[web]\nport = 70000\n", "web.port: harus 1–65535"),
        ("[sync]\ninterval_minutes = 0\n", "sync.interval_minutes: harus 1 atau lebih"),
        ("[colour]\nx = 1\n", "colour: bagian tidak dikenal"),
        ("[headers.reports]\ntgt = [\"x\"]\n", "headers.reports.tgt: kolom tidak dikenal"),
        ("[survey]\nskm_headers = { u10 = \"x\" }\n", "survey.skm_headers.u10: harus u1 … u9"),
    ],
)
def test_wrong_keys_are_reported(tmp_path, extra, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + "\n" + extra))
    assert any(expected in p for p in info.value.problems), info.value.problems


def test_every_problem_reported_at_once(tmp_path):
    text = MINIMAL.replace('kind = "local"', 'kind = "gogle"').replace('code = "DPMPTSP"', "code = 5")
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text + "\n[scoring]\nweight_berakhlak = 0.7\n"))
    problems = " | ".join(info.value.problems)
    assert "source.kind" in problems and "agencies[1].code" in problems and "Perilaku Kerja" in problems


def test_missing_sections_and_agency_fields():
    with pytest.raises(ConfigError) as info:
        parse_settings({"agencies": [{"code": "A"}]}, Path("/tmp/x.toml"))
    problems = info.value.problems
    assert "[source]: bagian wajib tidak ada." in problems
    assert "agencies[1].name: wajib diisi." in problems
    assert "agencies[1].spreadsheet: wajib diisi." in problems


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_settings(tmp_path / "nope.toml")


def test_bad_toml_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="bukan TOML yang sah"):
        load_settings(write(tmp_path, "[source\nkind="))
