"""`init`: create the input tabs users type into, with the contract's headers, where missing."""

from __future__ import annotations

from typing import Sequence

from config.settings import Settings
from sync import tables, tables_periodic
from sync.backend import Backend
from sync.errors import KinerjaError
from sync.contract import (
    AGENCY_INPUT_TABS, AGENCY_OWNED_TABS, CITY_OWNED_TABS, FORM, KINERJA_ORGANISASI, PENGADUAN, SKM_KEYS,
    SKM_QUESTIONS, TAB_HASIL, TAB_HASIL_PERIODIK, TAB_IKM_PERIODIK, TAB_IKM_UNIT, TAB_REKAP_KOTA,
    TAB_RINGKASAN, TAB_VALIDASI, VALIDASI_HEADERS, InputTab,
)


def _headers(tab: InputTab) -> tuple[list[str], list[str]]:
    headers = [c.header for c in tab.columns]
    return headers, [c.header for c in tab.columns if c.text]


def agency_template() -> list[tuple[str, list[str], list[str]]]:
    return [(tab.name, *_headers(tab)) for tab in AGENCY_INPUT_TABS]


def city_template(form_tab: str, complaints_tab: str) -> list[tuple[str, list[str], list[str]]]:
    form_headers, _ = _headers(FORM)
    # Google Forms order: timestamp, unit, service, the nine questions, then the free text.
    headers = [*form_headers[:3], *(SKM_QUESTIONS[k] for k in SKM_KEYS), *form_headers[3:]]
    # Kinerja Organisasi is optional: created empty so admins see where the ratings go.
    return [
        (form_tab, headers, []),
        (complaints_tab, *_headers(PENGADUAN)),
        (KINERJA_ORGANISASI.name, *_headers(KINERJA_ORGANISASI)),
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


def init_templates(settings: Settings, backend: Backend, problems: list[str] | None = None) -> list[str]:
    """Create what is missing in every spreadsheet of the config; existing cells are never touched.

    A spreadsheet that cannot be prepared (on Google: missing or not shared) does not stop the
    others: its message goes to `problems` when given, else the first one is raised.
    """
    created = []
    jobs = [(a.spreadsheet, agency_template()) for a in settings.agencies]
    jobs.append((settings.city.spreadsheet, city_template(settings.city.form_tab, settings.city.complaints_tab)))
    for spreadsheet, tabs in jobs:
        try:
            created += backend.init_template(spreadsheet, tabs)
        except KinerjaError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return created
