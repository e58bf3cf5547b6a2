"""What `spreadsheets.get` tells the Google backend: tabs, their ids and grid sizes, protection.

Fetched once per spreadsheet per backend lifetime (it costs a read like any other request) and
only with the fields used, never the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from config.contract import normalize_header
from sync.sources.google.a1 import quote_tab

METADATA_PARAMS = {
    "includeGridData": "false",
    "fields": "properties(title,timeZone),sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),"
    "protectedRanges(protectedRangeId,range(sheetId)))",
}


@dataclass
class TabInfo:
    sheet_id: int
    title: str
    rows: int  # grid size, not content
    columns: int
    protected: bool = False


@dataclass
class SpreadsheetInfo:
    """Tabs by normalized title: tab names match case-insensitively, as Sheets keeps them unique."""

    title: str
    time_zone: str
    tabs: dict[str, TabInfo]
    fetched_at: float

    def tab(self, name: str) -> TabInfo | None:
        return self.tabs.get(normalize_header(name))

    def add(self, tab: TabInfo) -> None:
        self.tabs[normalize_header(tab.title)] = tab

    def new_sheet_ids(self) -> Iterator[int]:
        """Unused sheet ids, chosen by us so one batch can add a tab and then format it."""
        used = {t.sheet_id for t in self.tabs.values()}
        candidate = 1
        while True:
            if candidate not in used:
                used.add(candidate)
                yield candidate
            candidate += 1


def spreadsheet_info(reply: dict, fetched_at: float) -> SpreadsheetInfo:
    """Parse a `spreadsheets.get` answer asked with METADATA_PARAMS."""
    tabs: dict[str, TabInfo] = {}
    for sheet in reply.get("sheets", []):
        props = sheet.get("properties", {})
        grid = props.get("gridProperties", {})
        title = str(props.get("title", ""))
        tabs.setdefault(
            normalize_header(title),
            TabInfo(
                sheet_id=int(props.get("sheetId", 0)),
                title=title,
                rows=int(grid.get("rowCount", 0)),
                columns=int(grid.get("columnCount", 0)),
                protected=bool(sheet.get("protectedRanges")),
            ),
        )
    props = reply.get("properties", {})
    return SpreadsheetInfo(str(props.get("title", "")), str(props.get("timeZone", "")), tabs, fetched_at)


def first_rows_params(tabs: Sequence[TabInfo]) -> dict:
    """`spreadsheets.get` parameters for rows 1-2 of `tabs`: header values, row 2's format and rules."""
    return {
        "ranges": [f"{quote_tab(t.title)}!1:2" for t in tabs],
        "includeGridData": "true",
        "fields": "sheets(properties(sheetId,title),data(startRow,rowData(values(effectiveValue,"
        "dataValidation,userEnteredFormat(numberFormat)))))",
    }


def first_rows(reply: dict) -> dict[int, tuple[list, list[dict]]]:
    """sheetId -> (header row values, row 2's CellData) from an answer to first_rows_params."""
    out = {}
    for sheet in reply.get("sheets", []):
        rows: list[list[dict]] = []
        for data in sheet.get("data", []):
            start = int(data.get("startRow", 0))
            for n, row in enumerate(data.get("rowData", [])):
                while len(rows) <= start + n:
                    rows.append([])
                rows[start + n] = row.get("values", [])
        header = [_effective(c) for c in rows[0]] if rows else []
        out[int(sheet.get("properties", {}).get("sheetId", 0))] = (header, rows[1] if len(rows) > 1 else [])
    return out


def _effective(cell: dict) -> object:
    value = cell.get("effectiveValue", {})
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in value:
            return value[key]
    return ""
