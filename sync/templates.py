"""`init`: create the input tabs users type into, with the contract's headers, where missing."""

from __future__ import annotations

from config.settings import Settings
from sync.backend import Backend
from sync.contract import AGENCY_INPUT_TABS, FORM, PENGADUAN, SKM_KEYS, SKM_QUESTIONS, InputTab


def _headers(tab: InputTab) -> tuple[list[str], list[str]]:
    headers = [c.header for c in tab.columns]
    return headers, [c.header for c in tab.columns if c.text]


def agency_template() -> list[tuple[str, list[str], list[str]]]:
    return [(tab.name, *_headers(tab)) for tab in AGENCY_INPUT_TABS]


def city_template(form_tab: str, complaints_tab: str) -> list[tuple[str, list[str], list[str]]]:
    form_headers, _ = _headers(FORM)
    # Google Forms order: timestamp, unit, service, the nine questions, then the free text.
    headers = [*form_headers[:3], *(SKM_QUESTIONS[k] for k in SKM_KEYS), *form_headers[3:]]
    return [(form_tab, headers, []), (complaints_tab, *_headers(PENGADUAN))]


def init_templates(settings: Settings, backend: Backend) -> list[str]:
    """Create every missing spreadsheet of the config; existing ones are never touched."""
    created = []
    for agency in settings.agencies:
        created += backend.init_template(agency.spreadsheet, agency_template())
    created += backend.init_template(
        settings.city.spreadsheet, city_template(settings.city.form_tab, settings.city.complaints_tab)
    )
    return created
