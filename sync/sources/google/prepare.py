"""`init` on Google Sheets: the requests that complete a spreadsheet's tabs, planned without I/O.

Google's API cannot be asked to create a spreadsheet in someone's Drive for them (the service
account would own it), so `init` completes an existing, shared spreadsheet: missing input tabs
with headers, NIP columns as plain text and dropdowns; missing owned tabs with headers and
warning-only protection. Everything goes into one batchUpdate; no existing cell is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from config.contract import AGENCY_INPUT_TABS, CITY_INPUT_TABS, InputTab, match_headers, normalize_header
from sync.prepare import DROPDOWNS, agency_owned_template, city_owned_template
from sync.sources.google import batch as rq
from sync.sources.google.meta import SpreadsheetInfo

NEW_TAB_ROWS = 1000  # Google's own default for a new sheet
_CONTRACT_TABS = {normalize_header(t.name): t for t in (*AGENCY_INPUT_TABS, *CITY_INPUT_TABS)}
_AGENCY_TAB_NAMES = frozenset(normalize_header(t.name) for t in AGENCY_INPUT_TABS)

InputSpec = tuple[str, Sequence[str], Sequence[str]]  # (tab, headers, text headers)
OwnedSpec = tuple[str, Sequence[str]]  # (tab, headers)


@dataclass
class InitPlan:
    requests: list[dict] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # one line per tab created or completed
    new_owned: list[OwnedSpec] = field(default_factory=list)


def default_owned(tabs: Sequence[InputSpec]) -> list[tuple[str, list[str]]]:
    """The owned tabs of an agency's spreadsheet, or of the city's, told apart by the input tabs."""
    agency = any(normalize_header(name) in _AGENCY_TAB_NAMES for name, _h, _t in tabs)
    return agency_owned_template() if agency else city_owned_template()


def plan_init(
    spreadsheet: str,
    info: SpreadsheetInfo,
    tabs: Sequence[InputSpec],
    owned: Sequence[OwnedSpec],
    found: dict[int, tuple[list, list[dict]]],
) -> InitPlan:
    """What to add. `found`: sheetId -> (header row, row 2 CellData) of the existing input tabs."""
    plan = InitPlan()
    ids = info.new_sheet_ids()
    for name, headers, text_headers in tabs:
        contract = _CONTRACT_TABS.get(normalize_header(name))
        tab = info.tab(name)
        if tab is None:
            sheet_id = next(ids)
            plan.requests += [
                *_new_tab(sheet_id, name, headers),
                *input_rules(sheet_id, list(headers), text_headers, contract),
            ]
            plan.done.append(f"{spreadsheet}: {name}")
            continue
        header_row, second_row = found.get(tab.sheet_id, ([], []))
        rules = input_rules(tab.sheet_id, header_row, text_headers, contract, second_row)
        if rules:
            plan.requests += rules
            plan.done.append(f"{spreadsheet}: {tab.title} (kolom NIP sebagai teks, pilihan isian)")
    for name, headers in owned:
        tab = info.tab(name)
        if tab is None:
            sheet_id = next(ids)
            plan.requests += [*_new_tab(sheet_id, name, headers), rq.protect_warning(sheet_id, rq.PROTECTION_NOTE)]
            plan.new_owned.append((name, headers))
            plan.done.append(f"{spreadsheet}: {name}")
        elif not tab.protected:
            plan.requests.append(rq.protect_warning(tab.sheet_id, rq.PROTECTION_NOTE))
            plan.done.append(f"{spreadsheet}: {tab.title} (proteksi peringatan)")
    return plan


def _new_tab(sheet_id: int, name: str, headers: Sequence[str]) -> list[dict]:
    return [
        rq.add_sheet(sheet_id, name, NEW_TAB_ROWS, max(1, len(headers))),
        *([rq.header_cells(sheet_id, headers)] if headers else []),
    ]


def input_rules(
    sheet_id: int,
    header_row: list,
    text_headers: Sequence[str],
    contract: InputTab | None,
    second_row: list[dict] | None = None,
) -> list[dict]:
    """NIP columns as plain text and the contract's dropdowns, located by the tab's own header row.

    `second_row` (CellData of row 2 of an existing tab): a column whose row 2 is already plain
    text, or already has a validation rule (ours or its users'), is left alone.
    """
    second_row = second_row or []

    def cell_at(column: int) -> dict:
        return second_row[column] if column < len(second_row) else {}

    def is_text(column: int) -> bool:
        return cell_at(column).get("userEnteredFormat", {}).get("numberFormat", {}).get("type") == "TEXT"

    positions: dict[str, int] = {}
    for n, header in enumerate(header_row):
        positions.setdefault(normalize_header(header), n)
    text_names = {normalize_header(h) for h in text_headers}
    if contract is not None:
        text_names |= {normalize_header(n) for c in contract.columns if c.text for n in (c.header, *c.aliases)}
    columns = sorted({positions[n] for n in text_names if n in positions})
    out = [rq.text_format(sheet_id, column) for column in columns if not is_text(column)]
    if contract is not None:
        index = match_headers(list(header_row), contract).index
        out += [
            rq.dropdown(sheet_id, index[key], options)
            for (tab_key, key), options in DROPDOWNS.items()
            if tab_key == contract.key and key in index and not cell_at(index[key]).get("dataValidation")
        ]
    return out
