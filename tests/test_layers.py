"""The layering, as a test: for every package, what it may import (parsed with ast, lazy imports
inside functions and TYPE_CHECKING blocks included).

    scoring   nothing of the project (pure: numpy, pandas and the standard library only)
    config    scoring
    sync      config, scoring
    web       config, scoring, and from sync only the store (reader, schema) and the xlsx writer
    main.py   anything: it is the composition root (the CLI, and the demo: generate + sync +
              report + serve); nothing imports it
    cli_text  nothing of the project (click's words for main.py)

and which third-party packages each may use: gspread in exactly one module, the spreadsheet
readers only in sync/sources/, Flask and waitress only in web/, click only in main.py and
cli_text.py.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "scoring", "sync", "web")
TOP_MODULES = ("main", "cli_text")
PROJECT = (*PACKAGES, *TOP_MODULES)

# What each part may import of the project (a module is allowed when it is, or lies inside, one of
# these; every part may import itself).
MAY_IMPORT = {
    "scoring": (),
    "config": ("scoring",),
    "sync": ("config", "scoring"),
    "web": (
        "config",
        "scoring",
        "sync.store.reader",
        "sync.store.schema",  # the store's read side and its declared tables
        "sync.store.accounts",  # the site's own tables (accounts, sessions, throttle, codes, access log)
        # the final-appraisal acts people do on the site (issue 14)
        "sync.store.acts",
        "sync.store.closures",
        "sync.store.confirmations",
        "sync.store.objections",
        "sync.store.documents",
        "sync.notify.smtp",  # the SMTP sender, for the one-time sign-in link mailed from /masuk
        "sync.sources.fast_sheet",  # the xlsx writer, for the HR report (web/report.py)
        "sync.sources.print_setup",  # the report's page setup, shared with the owned tabs' workbooks
    ),
    "main": PACKAGES + ("cli_text",),
    "cli_text": (),
}

# Third-party packages that only some modules may import (path prefixes, relative to the root).
ONLY_IN = {
    "gspread": ("sync/sources/google/http.py",),
    "python_calamine": ("sync/sources/",),
    "openpyxl": (),  # the tests' independent reader of what we write; the application never needs it
    # The xlsx writer's home, and the two other workbooks written: the HR report and the demo's inputs.
    "xlsxwriter": (
        "sync/sources/",
        "web/report.py",
        "sync/demo/write.py",
        "web/workbooks.py",
    ),  # one person's download, activation codes, the access log
    "flask": ("web/",),
    "waitress": ("web/",),
    "click": ("main.py", "cli_text.py"),
}
SCORING_THIRD_PARTY = {"numpy", "pandas"}


def _files() -> list[Path]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    return files + [ROOT / f"{name}.py" for name in TOP_MODULES]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


@cache
def imports_of(path: Path) -> tuple[str, ...]:
    """Every module `path` imports, absolute; `from pkg import mod` counts as pkg.mod."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                inner = f"{module}.{alias.name}"
                found.append(inner if _is_module(inner) else module)
    return tuple(found)


def _part(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def _within(module: str, allowed: tuple[str, ...]) -> bool:
    return any(module == a or module.startswith(a + ".") for a in allowed)


def _violations(part: str, allowed: tuple[str, ...]) -> list[str]:
    out = []
    for path in _files():
        if _part(path) != part:
            continue
        for module in imports_of(path):
            if module.split(".")[0] in PROJECT and not _within(module, (part, *allowed)):
                out.append(f"{path.relative_to(ROOT)} imports {module}")
    return out


def test_every_part_has_a_rule():
    assert {_part(path) for path in _files()} == set(MAY_IMPORT)


@pytest.mark.parametrize("part", list(MAY_IMPORT))
def test_each_part_imports_only_what_it_may(part):
    assert _violations(part, MAY_IMPORT[part]) == []


def test_nothing_imports_main():
    assert [str(p.relative_to(ROOT)) for p in _files() if any(_within(m, ("main",)) for m in imports_of(p))] == []


@pytest.mark.parametrize("package", list(ONLY_IN))
def test_third_party_packages_stay_in_their_place(package):
    places = ONLY_IN[package]
    users = [str(p.relative_to(ROOT)) for p in _files() if any(m.split(".")[0] == package for m in imports_of(p))]
    assert [u for u in users if not u.startswith(places)] == []


def test_exactly_one_module_imports_gspread():
    users = [str(p.relative_to(ROOT)) for p in _files() if any(m.split(".")[0] == "gspread" for m in imports_of(p))]
    assert users == ["sync/sources/google/http.py"]


def test_the_google_backend_borrows_nothing_from_the_local_one():
    """Shared helpers of both backends live in the contract (sync/sources/backend.py) or beside it."""
    users = [
        f"{p.relative_to(ROOT)} imports {m}"
        for p in _files()
        if p.is_relative_to(ROOT / "sync/sources/google")
        for m in imports_of(p)
        if _within(m, ("sync.sources.local", "sync.sources.local_init", "sync.sources.xlsx_read"))
    ]
    assert users == []


def test_scoring_imports_only_numpy_pandas_stdlib_and_itself():
    for path in _files():
        if _part(path) != "scoring":
            continue
        for module in imports_of(path):
            root = module.split(".")[0]
            assert root == "scoring" or root in SCORING_THIRD_PARTY or root in sys.stdlib_module_names, (
                f"{path.relative_to(ROOT)} imports {module}"
            )


# ---- the checker itself -------------------------------------------------------------------------


def test_the_checker_sees_every_kind_of_import(tmp_path, monkeypatch):
    """Lazy, relative and `from package import module` imports all count."""
    layers = sys.modules[__name__]
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "__init__.py").write_text("")
    (tmp_path / "sync" / "demo").mkdir(parents=True)
    (tmp_path / "sync" / "__init__.py").write_text("")
    (tmp_path / "sync" / "demo" / "__init__.py").write_text("")
    (tmp_path / "sync" / "cycle.py").write_text("")
    (tmp_path / "web" / "other.py").write_text("")
    (tmp_path / "web" / "page.py").write_text("def f():\n    from sync import cycle\n    from . import other\n")
    (tmp_path / "sync" / "demo" / "run.py").write_text("import web.page\nfrom ..cycle import x\n")
    monkeypatch.setattr(layers, "ROOT", tmp_path)
    layers.imports_of.cache_clear()
    try:
        assert layers.imports_of(tmp_path / "web" / "page.py") == ("sync.cycle", "web.other")
        assert layers.imports_of(tmp_path / "sync" / "demo" / "run.py") == ("web.page", "sync.cycle")
    finally:
        layers.imports_of.cache_clear()
