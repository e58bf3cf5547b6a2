"""Docs stay true: the README's commands are what CI runs; config keys are documented."""

from __future__ import annotations

import dataclasses
import re
import tomllib

from config.settings import (
    AppraisalSettings,
    CitySettings,
    ComplaintSettings,
    NotifySettings,
    PrivacySettings,
    SourceSettings,
    StoreSettings,
    SurveySettings,
    SyncSettings,
    ValidationSettings,
    WebSettings,
)
from scoring.params import ScoringParams
from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_commands(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(c for c in fenced_commands(README) if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_demo_command_runs_the_demo():
    demo = fenced_commands(README)[0]
    assert "pip install -r requirements.txt" in demo and demo.endswith("python main.py demo")


def test_example_config_documents_every_key():
    example = tomllib.loads((ROOT / "config" / "contoh.toml").read_text(encoding="utf-8"))
    sections = {
        "source": SourceSettings,
        "city": CitySettings,
        "store": StoreSettings,
        "sync": SyncSettings,
        "web": WebSettings,
        "scoring": ScoringParams,
        "survey": SurveySettings,
        "validation": ValidationSettings,
        "complaints": ComplaintSettings,
        "privacy": PrivacySettings,
        "notify": NotifySettings,
        "appraisal": AppraisalSettings,
    }
    for name, cls in sections.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        missing = fields - set(example.get(name, {}))
        assert not missing, f"[{name}] keys missing from config/contoh.toml: {sorted(missing)}"


def test_staff_guide_exists_in_indonesian():
    guide = (ROOT / "docs" / "panduan-pengisian.md").read_text(encoding="utf-8")
    for tab in ("Pegawai", "Laporan Kinerja", "Penilaian Atasan", "Presensi", "Validasi"):
        assert tab in guide
    assert "format" in guide.lower() and "Teks" in guide
    # Both modes of the shared result tab, and the Email column (issue 13).
    assert "terbatas" in guide and "lengkap" in guide and "/saya" in guide and "Email" in guide


def _number(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def test_readme_demo_sizes_are_the_demos():
    """The README quotes the demo's sizes; they are computed here from the generator at its defaults."""
    from sync.demo.generate import generate_city

    city = generate_city()
    blank = lambda row: all(cell is None or not str(cell).strip() for cell in row)  # noqa: E731
    filled = {
        name: sum(not blank(r) for rows in tabs.values() for r in rows[1:]) for name, tabs in city.workbooks.items()
    }
    employees = {r[0] for a in city.agencies for r in city.workbooks[a.spreadsheet]["Pegawai"][1:] if not blank(r)}
    form = city.workbooks[city.city_spreadsheet]["Tanggapan Formulir 1"][1:]

    said = re.search(
        r"a generated Kota Solok: ([\d,.]+) agencies, ([\d,.]+) employees, ([\d,.]+) months, "
        r"([\d,.]+) survey\s+responses",
        README,
    )
    assert said, "README 'Two commands' no longer states the demo's sizes"
    assert [_number(n) for n in said.groups()] == [
        len(city.agencies),
        len(employees),
        len(city.months),
        sum(not blank(r) for r in form),
    ]
    assert _number(re.search(r"Kota contoh: ([\d.,]+) OPD", README).group(1)) == len(city.agencies)
    # The abridged transcript: the rows read are the filled rows of the generated workbooks.
    setda = next(a for a in city.agencies if a.code == "SETDA")
    for code, spreadsheet in (("SETDA", setda.spreadsheet), ("KOTA", city.city_spreadsheet)):
        line = re.search(rf"^  {code}\s+berhasil\s+([\d.,]+) baris dibaca", README, flags=re.M)
        assert _number(line.group(1)) == filled[spreadsheet], code
    total = re.search(r"Sinkronisasi berhasil: .*?([\d.,]+) baris dibaca", README)
    assert _number(total.group(1)) == sum(filled.values())
