"""Docs stay true: the README's commands are what CI runs; config keys are documented."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

from config.settings import SourceSettings, CitySettings, StoreSettings, SyncSettings, WebSettings, SurveySettings
from scoring.params import ScoringParams
from config.settings import ValidationSettings

ROOT = Path(__file__).resolve().parents[1]
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
    sections = {"source": SourceSettings, "city": CitySettings, "store": StoreSettings, "sync": SyncSettings,
                "web": WebSettings, "scoring": ScoringParams, "survey": SurveySettings,
                "validation": ValidationSettings}
    for name, cls in sections.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        missing = fields - set(example.get(name, {}))
        assert not missing, f"[{name}] keys missing from config/contoh.toml: {sorted(missing)}"


def test_staff_guide_exists_in_indonesian():
    guide = (ROOT / "docs" / "panduan-pengisian.md").read_text(encoding="utf-8")
    for tab in ("Pegawai", "Laporan Kinerja", "Penilaian Atasan", "Presensi", "Validasi"):
        assert tab in guide
    assert "format" in guide.lower() and "Teks" in guide
