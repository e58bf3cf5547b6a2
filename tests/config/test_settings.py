"""config/settings.py: the minimal config works as written; every wrong key is reported."""

import dataclasses
import tomllib
from pathlib import Path

import pytest

from config.errors import ConfigError
from config.settings import FeedbackSettings, load_settings, parse_settings
from scoring.params import ScoringParams
from tests.paths import ROOT

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
    settings = load_settings(ROOT / "config" / "contoh.toml")
    assert settings.scoring == ScoringParams()  # the example documents the defaults exactly
    assert settings.agency("DPMPTSP").aliases == ("Mal Pelayanan Publik", "MPP")
    assert settings.headers["reports"]["target"] == ("Target Kinerja",)


def test_changing_a_weight_changes_rules_id(tmp_path):
    base = load_settings(write(tmp_path, MINIMAL)).rules_id
    changed = load_settings(write(tmp_path, MINIMAL + "\n[scoring]\nmin_responses = 30\n")).rules_id
    assert base != changed
    again = load_settings(write(tmp_path, MINIMAL)).rules_id
    assert again == base  # the same rules give the same id


def test_changing_a_suggestion_changes_rules_id(tmp_path):
    base = load_settings(write(tmp_path, MINIMAL)).rules_id
    worded = load_settings(write(tmp_path, MINIMAL + '\n[feedback]\nu3 = "pelatihan antrean"\n')).rules_id
    assert base != worded


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("[scoring]\nweight_berakhlak = 0.7\n", "bobot Perilaku Kerja harus berjumlah 1"),
        ("[scoring]\nweight_final_hasil = 0.6\n", "bobot Nilai Akhir harus berjumlah 1"),
        ('[scoring]\nmin_responses = "20"\n', "scoring.min_responses: harus bilangan bulat"),
        ("[scoring]\nminimum = 3\n", "scoring.minimum: kunci tidak dikenal"),
        ("[scoring]\nrating_table = { 1 = 50, 2 = 75 }\n", "rating_table: harus berisi tepat kunci 1, 2, 3, 4, 5"),
        ("[web]\nport = 70000\n", "web.port: harus 1–65535"),
        ("[sync]\ninterval_minutes = 0\n", "sync.interval_minutes: harus 1 atau lebih"),
        ("[colour]\nx = 1\n", "colour: bagian tidak dikenal"),
        ('[headers.reports]\ntgt = ["x"]\n', "headers.reports.tgt: kolom tidak dikenal"),
        ('[survey]\nskm_headers = { u10 = "x" }\n', "survey.skm_headers.u10: harus u1 … u9"),
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


# ---- [feedback]: the development-suggestion table of the Catatan Penilaian ---------------------


def test_example_config_documents_every_feedback_key():
    path = ROOT / "config" / "contoh.toml"
    documented = set(tomllib.loads(path.read_text(encoding="utf-8")).get("feedback", {}))
    assert documented == {f.name for f in dataclasses.fields(FeedbackSettings)}
    assert load_settings(path).feedback == FeedbackSettings()  # the example shows the defaults


def test_feedback_defaults_and_override(tmp_path):
    assert load_settings(write(tmp_path, MINIMAL)).feedback.u3.startswith("pelatihan pelayanan yang lebih cepat")
    text = MINIMAL + '\n[feedback]\nu7 = "bimbingan etika pelayanan"\nweak_element_nrr = 3.2\n'
    feedback = load_settings(write(tmp_path, text)).feedback
    assert feedback.u7 == "bimbingan etika pelayanan" and feedback.weak_element_nrr == 3.2


@pytest.mark.parametrize(
    "extra, expected",
    [
        ('[feedback]\nu3 = "  "\n', "feedback.u3: saran pengembangan tidak boleh kosong"),
        ("[feedback]\nweak_element_nrr = 5\n", "feedback.weak_element_nrr: harus antara 1 dan 4"),
        ('[feedback]\nweak_element_nrr = "3"\n', "feedback.weak_element_nrr: harus angka"),
        ('[feedback]\nu10 = "x"\n', "feedback.u10: kunci tidak dikenal"),
        ("[feedback]\ndiscipline = 3\n", "feedback.discipline: harus teks"),
    ],
)
def test_wrong_feedback_keys_are_reported(tmp_path, extra, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + "\n" + extra))
    assert any(expected in p for p in info.value.problems), info.value.problems


# ---- HR users and the HR login's [web] keys (D2) ------------------------------------------------

HR_HASH = "pbkdf2:sha256:1000$abcdefgh$" + "0" * 64


def hr_block(username="bkpsdm", password_hash=HR_HASH, extra=""):
    return f'\n[[hr_users]]\nusername = "{username}"\npassword_hash = "{password_hash}"\n{extra}'


def test_hr_users_are_loaded(tmp_path):
    settings = load_settings(write(tmp_path, MINIMAL + hr_block(extra='name = "Admin"\n') + hr_block("kepala")))
    assert [(u.username, u.name) for u in settings.hr_users] == [("bkpsdm", "Admin"), ("kepala", "")]
    assert settings.hr_users[0].password_hash == HR_HASH
    assert HR_HASH not in repr(settings)  # hashes stay out of logs and messages


def test_no_hr_users_by_default(tmp_path):
    settings = load_settings(write(tmp_path, MINIMAL))
    assert settings.hr_users == ()
    assert (settings.web.secure_cookies, settings.web.session_hours, settings.web.trusted_proxies) == (False, 8, 0)


@pytest.mark.parametrize(
    "block, expected",
    [
        (hr_block(password_hash="rahasia-sekali-123"), "hr_users[1].password_hash: wajib berisi hash kata sandi"),
        (hr_block(extra='password = "rahasia-sekali-123"\n'), "hr_users[1].password: jangan menulis kata sandi"),
        (hr_block("a b"), "hr_users[1].username: 2–64 huruf"),
        (hr_block() + hr_block("BKPSDM"), "hr_users[2].username: 'BKPSDM' sudah dipakai di hr_users[1]"),
        ('\n[[hr_users]]\nname = "x"\n', "hr_users[1].username: wajib diisi"),
        ('\n[[hr_users]]\nusername = "bkpsdm"\n', "hr_users[1].password_hash: wajib berisi hash"),
        (hr_block(extra="role = 'admin'\n"), "hr_users[1].role: kunci tidak dikenal"),
        ("\n[web]\nsession_hours = 0\n", "web.session_hours: harus 1–24 jam"),
        ("\n[web]\ntrusted_proxies = 9\n", "web.trusted_proxies: harus 0–5"),
        ('\n[web]\nsecure_cookies = "ya"\n', "web.secure_cookies: harus true/false"),
    ],
)
def test_wrong_hr_users_are_reported(tmp_path, block, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + block))
    assert any(expected in p for p in info.value.problems), info.value.problems
    assert "rahasia-sekali-123" not in str(info.value)  # a password typed by mistake is never repeated


def test_hr_users_must_be_blocks(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, "hr_users = 3\n" + MINIMAL))
    assert any("[[hr_users]]: harus berupa daftar" in p for p in info.value.problems)


def test_example_config_documents_hr_users_and_web_login_keys():
    from config.settings import HrUser, WebSettings

    text = (ROOT / "config" / "contoh.toml").read_text(encoding="utf-8")
    assert "# [[hr_users]]" in text and "hr-user add" in text
    for key in (f.name for f in dataclasses.fields(HrUser)):
        assert f"# {key} = " in text, key
    example = load_settings(ROOT / "config" / "contoh.toml")
    assert example.hr_users == ()  # no usable login ships in the example
    assert {"secure_cookies", "session_hours", "trusted_proxies"} <= {f.name for f in dataclasses.fields(WebSettings)}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("dpmptsp.xlsx", "agencies[1].spreadsheet: tulis nama tanpa .xlsx, mis. 'dpmptsp'."),
        # dlh.hasil.xlsx would be the result workbook of spreadsheet "dlh"
        ("dlh.hasil", "agencies[1].spreadsheet: nama yang berakhiran .hasil dipakai untuk berkas hasil"),
        ("", "agencies[1].spreadsheet: tidak boleh kosong"),
    ],
)
def test_local_spreadsheet_names_that_cannot_work_are_reported(tmp_path, name, expected):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL.replace('spreadsheet = "dpmptsp"', f'spreadsheet = "{name}"')))
    assert any(p.startswith(expected) for p in info.value.problems), info.value.problems


def test_weights_that_sum_to_one_must_each_be_a_share(tmp_path):
    """Found in the issue-9 review: 2 and -1 sum to 1 and passed, giving Nilai Akhir = 2·NHK − NPK
    (negative or far past the scale for ordinary scores)."""
    extra = "\n[scoring]\nweight_final_hasil = 2.0\nweight_final_perilaku = -1.0\n"
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + extra))
    assert info.value.problems == [
        "scoring.weight_final_hasil: harus antara 0 dan 1 (bagian dari Nilai Akhir), tertulis 2.",
        "scoring.weight_final_perilaku: harus antara 0 dan 1 (bagian dari Nilai Akhir), tertulis -1.",
    ]


def test_score_scale_settings_have_a_ceiling_and_no_negative_penalty(tmp_path):
    extra = "\n[scoring]\npenalty_late = -2.0\nthreshold_above = 5000.0\n"
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + extra))
    assert info.value.problems == [
        "scoring.penalty_late: harus angka 0–1.000 (skala nilai; bawaan 2), tertulis -2.",
        "scoring.threshold_above: harus angka 0–1.000 (skala nilai; bawaan 110), tertulis 5000.",
    ]


def test_site_links_must_be_web_addresses(tmp_path):
    base = (ROOT / "config" / "contoh.toml").read_text(encoding="utf-8")
    assert 'skm_form_url = ""' in base
    path = tmp_path / "k.toml"
    path.write_text(base.replace('skm_form_url = ""', 'skm_form_url = "javascript:alert(1)"'), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert "web.skm_form_url" in str(info.value) and "https://" in str(info.value)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("complaint_target = 0", "scoring.complaint_target"),
        ("complaint_target = 1.5", "scoring.complaint_target"),
        ("complaint_part = 2", "scoring.complaint_part"),
        ("c_aduan_cap = -1", "scoring.c_aduan_cap"),
    ],
)
def test_complaint_handling_numbers_are_checked(tmp_path, line, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_settings(write(tmp_path, MINIMAL + f"\n[scoring]\n{line}\n"))


def test_complaint_handling_numbers_change_the_rules_id(tmp_path):
    base = load_settings(write(tmp_path, MINIMAL))
    other = load_settings(write(tmp_path, MINIMAL + "\n[scoring]\ncomplaint_part = 0.25\n"))
    assert other.scoring.complaint_part == 0.25 and other.rules_id != base.rules_id
    cuti = load_settings(write(tmp_path, MINIMAL + '\n[complaints]\ncuti_bersama = ["2026-03-18", 2026-03-20]\n'))
    assert cuti.complaints.cuti_bersama == ("2026-03-18", "2026-03-20") and cuti.rules_id != base.rules_id
