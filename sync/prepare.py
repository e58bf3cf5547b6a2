"""`init`: create the input tabs users type into, with the contract's headers, where missing."""

from __future__ import annotations

from typing import Sequence

from config.contract import (
    AGENCY_INPUT_TABS,
    AGENCY_OPTIONAL_TABS,
    AGENCY_OWNED_TABS,
    AKTIF,
    CITY_OWNED_TABS,
    FORM,
    GALAT,
    KINERJA_ORGANISASI,
    NAIK,
    NONAKTIF,
    PENGADUAN,
    POPULASI_LAYANAN,
    RATING_KEYS,
    RENCANA_TINDAK_LANJUT,
    RTL_STATUSES,
    SKM_KEYS,
    SKM_QUESTIONS,
    TAB_HASIL,
    TAB_HASIL_PERIODIK,
    TAB_IKM_PERIODIK,
    TAB_IKM_UNIT,
    TAB_PROFIL,
    TAB_REKAP_KOTA,
    TAB_RINGKASAN,
    TAB_USULAN_RTL,
    TAB_VALIDASI,
    TIDAK,
    TURUN,
    VALIDASI_HEADERS,
    YA,
    InputTab,
)
from config.errors import KinerjaError
from config.settings import Settings
from sync.results import followup as followup_tables, periodic as tables_periodic, tabs as tables
from sync.sources.backend import Backend

_RATINGS = ("1", "2", "3", "4", "5")  # Penilaian Atasan: 1-5, 3 = sesuai ekspektasi (docs/product.md)
# The contract's closed lists: (tab key, column key) -> choices, as dropdowns in every template.
DROPDOWNS = {
    ("employees", "public_service"): (YA, TIDAK),
    ("employees", "status"): (AKTIF, NONAKTIF),
    ("reports", "direction"): (NAIK, TURUN),
    **{("ratings", key): _RATINGS for key in RATING_KEYS},
    ("rtl", "status"): RTL_STATUSES,
}
TEMPLATE_FOLDER = "templat"  # local: beside the input workbooks, where the sync never reads


def _headers(tab: InputTab) -> tuple[list[str], list[str]]:
    headers = [c.header for c in tab.columns]
    return headers, [c.header for c in tab.columns if c.text]


def agency_template() -> list[tuple[str, list[str], list[str]]]:
    # Penilai is optional: created empty so the admin sees where a Plt's or a transfer's rater goes.
    return [(tab.name, *_headers(tab)) for tab in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS)]


def city_template(form_tab: str, complaints_tab: str) -> list[tuple[str, list[str], list[str]]]:
    form_headers, _ = _headers(FORM)
    # Google Forms order: timestamp, unit, service, the nine questions, then the free text.
    headers = [*form_headers[:3], *(SKM_QUESTIONS[k] for k in SKM_KEYS), *form_headers[3:]]
    # Kinerja Organisasi, Populasi Layanan and Rencana Tindak Lanjut are optional: created empty
    # so admins and clerks see where the ratings, the recipients and the follow-up plans go.
    return [
        (form_tab, headers, []),
        (complaints_tab, *_headers(PENGADUAN)),
        (KINERJA_ORGANISASI.name, *_headers(KINERJA_ORGANISASI)),
        (POPULASI_LAYANAN.name, *_headers(POPULASI_LAYANAN)),
        (RENCANA_TINDAK_LANJUT.name, *_headers(RENCANA_TINDAK_LANJUT)),
    ]


def owned_template(names: Sequence[str], days_limit: int = 5) -> list[tuple[str, list[str]]]:
    """Owned tabs with their headers, as the first write will lay them out (Google `init` adds them).

    A tab whose layout is not known here gets no header row; the first write fills it.
    """
    specs = {
        TAB_HASIL: tables.HASIL_SPEC,
        TAB_HASIL_PERIODIK: tables_periodic.HASIL_PERIODIK_SPEC,
        TAB_RINGKASAN: tables.RINGKASAN_SPEC,
        TAB_REKAP_KOTA: tables._with_days_limit(tables.REKAP_SPEC, days_limit),
        TAB_IKM_UNIT: tables._with_days_limit(tables.IKM_SPEC, days_limit),
        TAB_IKM_PERIODIK: tables.IKM_PERIODIK_SPEC,
        TAB_PROFIL: tables.PROFIL_SPEC,
        TAB_USULAN_RTL: followup_tables.USULAN_SPEC,
    }
    headers = {name: [h for h, _k, _d in spec] for name, spec in specs.items()}
    headers[TAB_VALIDASI] = list(VALIDASI_HEADERS)
    return [(name, headers.get(name, [])) for name in names]


def agency_owned_template() -> list[tuple[str, list[str]]]:
    """The tabs we write into an agency's spreadsheet, with their headers."""
    return owned_template(AGENCY_OWNED_TABS)


def city_owned_template(days_limit: int = 5) -> list[tuple[str, list[str]]]:
    """The tabs we write into the city spreadsheet, with their headers."""
    return owned_template(CITY_OWNED_TABS, days_limit)


def init_templates(
    settings: Settings, backend: Backend, problems: list[str] | None = None, lacking: list[str] | None = None
) -> list[str]:
    """Create what is missing in every spreadsheet of the config; existing cells are never touched.

    A spreadsheet that cannot be prepared (on Google: missing or not shared) does not stop the
    others: its message goes to `problems` when given, else the first one is raised.
    `lacking`, when given, receives what an existing spreadsheet still lacks after that (a tab a
    local workbook does not have, a required header in row 1), in the words of Validasi, and for a
    local workbook where to find a template to copy from (the clerks' workbook is never rewritten).
    """
    created = []
    jobs = [(a.spreadsheet, agency_template(), a.code) for a in settings.agencies]
    jobs.append((settings.city.spreadsheet, city_template(settings.city.form_tab, settings.city.complaints_tab), None))
    for spreadsheet, tabs, code in jobs:
        try:
            made = backend.init_template(spreadsheet, tabs)
            created += made
            if lacking is not None:
                lacking += _lacking(settings, backend, spreadsheet, tabs, code)
        except KinerjaError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return created


def _lacking(settings: Settings, backend: Backend, spreadsheet: str, tabs, code: str | None) -> list[str]:
    """The header-level Galats validation would give this spreadsheet now, one line each."""
    import pandas as pd

    from sync.cycle import validation_options
    from sync.validate.agency import validate_agency
    from sync.validate.city import validate_city
    from sync.validate.rows import HEADER_ROW, TAB_ROW
    from sync.validate.units import build_unit_index

    options = validation_options(settings, None)
    raw = backend.read(spreadsheet, [name for name, _h, _t in tabs])
    if code is not None:
        issues = validate_agency(code, raw, options).issues
    else:
        aliases = {alias: a.code for a in settings.agencies for alias in a.aliases}
        units = build_unit_index(
            [(a.code, a.name) for a in settings.agencies],
            pd.DataFrame({"agency": [], "unit": []}, dtype=object),
            {**aliases, **settings.survey.unit_aliases},
        )
        issues = validate_city(raw, units, options).issues
    issues = issues[(issues["severity"] == GALAT) & issues["row"].isin([TAB_ROW, HEADER_ROW])]
    if issues.empty:
        return []
    shown = getattr(backend, "shown_name", lambda s: s)(spreadsheet)
    lines = [f"{shown}: {problem} {fix}" for problem, fix in zip(issues["problem"], issues["fix"])]
    copy = getattr(backend, "template_copy", None)
    if copy is not None:
        lines.append(f"{shown}: Templat untuk disalin: {copy(spreadsheet, tabs, TEMPLATE_FOLDER)}")
    return lines
