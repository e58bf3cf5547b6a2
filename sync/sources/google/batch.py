"""Request bodies for `spreadsheets:batchUpdate` (Sheets API v4), built as plain dicts.

Pure functions: the backend puts as many of these as it can into one batchUpdate, because
Google counts the whole batch as a single write request against the per-minute quota.
Ranges with no end index are unbounded on that side ("Missing indexes indicate the range is
unbounded", GridRange reference), so a rule on a column also covers rows added later.
"""

from __future__ import annotations

from typing import Sequence

from sync.sources.backend import SheetTable

HEADER_FIELDS = "userEnteredValue,userEnteredFormat.textFormat.bold"
PROTECTION_NOTE = (
    "Diisi otomatis oleh sinkronisasi Kinerja Solok: perubahan di tab ini akan ditimpa pada sinkronisasi berikutnya."
)


def add_sheet(sheet_id: int, title: str, rows: int, columns: int) -> dict:
    """A new tab with a frozen header row; we choose its sheetId so later requests can use it."""
    return {
        "addSheet": {
            "properties": {
                "sheetId": sheet_id,
                "title": title,
                "gridProperties": {"rowCount": rows, "columnCount": columns, "frozenRowCount": 1},
            }
        }
    }


def resize(sheet_id: int, rows: int, columns: int) -> dict:
    """Grow (or set) a tab's grid so a values write that far is inside it."""
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": rows, "columnCount": columns}},
            "fields": "gridProperties.rowCount,gridProperties.columnCount",
        }
    }


def freeze_header(sheet_id: int) -> dict:
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
            "fields": "gridProperties.frozenRowCount",
        }
    }


def header_cells(sheet_id: int, headers: Sequence[str]) -> dict:
    """Row 1 as bold text: used only on tabs we have just created, never over a user's row."""
    cells = [
        {"userEnteredValue": {"stringValue": str(h)}, "userEnteredFormat": {"textFormat": {"bold": True}}}
        for h in headers
    ]
    return {
        "updateCells": {
            "rows": [{"values": cells}],
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
            "fields": HEADER_FIELDS,
        }
    }


def bold_header(sheet_id: int, columns: int) -> dict:
    return {
        "repeatCell": {
            "range": {
                "sheetId": sheet_id,
                "startRowIndex": 0,
                "endRowIndex": 1,
                "startColumnIndex": 0,
                "endColumnIndex": columns,
            },
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
            "fields": "userEnteredFormat.textFormat.bold",
        }
    }


def _column_below_header(sheet_id: int, column: int) -> dict:
    return {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": column, "endColumnIndex": column + 1}


def number_format(sheet_id: int, column: int, pattern: str) -> dict:
    """Display format of a column's numbers (e.g. '0.00'); the separator follows the sheet's locale."""
    return {
        "repeatCell": {
            "range": _column_below_header(sheet_id, column),
            "cell": {"userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": pattern}}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }


def text_format(sheet_id: int, column: int) -> dict:
    """Plain text: an 18-digit NIP typed here keeps every digit (a number keeps only ~15)."""
    return {
        "repeatCell": {
            "range": _column_below_header(sheet_id, column),
            "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
            "fields": "userEnteredFormat.numberFormat",
        }
    }


def dropdown(sheet_id: int, column: int, options: Sequence[str]) -> dict:
    """A list-of-items rule with the dropdown arrow; typing anything else is refused."""
    return {
        "setDataValidation": {
            "range": _column_below_header(sheet_id, column),
            "rule": {
                "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]},
                "strict": True,
                "showCustomUi": True,
            },
        }
    }


def protect_warning(sheet_id: int, description: str) -> dict:
    """Warning-only protection: people are warned before editing; our service account still writes."""
    return {
        "addProtectedRange": {
            "protectedRange": {
                "range": {"sheetId": sheet_id},
                "description": description,
                "warningOnly": True,
            }
        }
    }


def owned_tab_format(sheet_id: int, table: SheetTable) -> list[dict]:
    """Frozen bold header and the number formats of an owned tab (as the local workbook has)."""
    out = [freeze_header(sheet_id), bold_header(sheet_id, max(1, len(table.headers)))]
    for column, header in enumerate(table.headers):
        pattern = (table.number_format or {}).get(header)
        if pattern:
            out.append(number_format(sheet_id, column, pattern))
    return out
