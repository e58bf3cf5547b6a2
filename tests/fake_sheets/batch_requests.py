"""spreadsheets.batchUpdate: the structural requests (tabs, grid, formats, validation, protection).

Semantics followed (Sheets v4 reference, spreadsheets/request, and measured answers in the report):
- The batch is atomic: one invalid request and nothing of the batch is applied; the error names it
  `Invalid requests[i].<kind>: …`.
- addSheet of a title that exists (case-insensitively): `A sheet with the name "X" already exists.
  Please enter another name.` New tabs are 1000 x 26 unless gridProperties say otherwise; the
  reply carries the new tab's properties.
- A GridRange starting at or past the grid's last row/column is refused (`Range (T!A1001:B)
  exceeds grid limits. Max rows: 1000, max columns: 26`); one starting inside is clipped to the
  grid, which does not grow.
- A workbook holds at most 10,000,000 cells.
"""

from __future__ import annotations

from dataclasses import replace

from tests.fake_sheets import fields as fieldmask
from tests.fake_sheets.cells import Cell
from tests.fake_sheets.errors import invalid
from tests.fake_sheets.model import CELL_LIMIT, DEFAULT_COLS, DEFAULT_ROWS, FakeSpreadsheet, FakeTab


class Problem(Exception):
    """What is wrong with one request; reported as `Invalid requests[i].<kind>: <message>`."""


def _int(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Problem(f"Invalid value for {name}: {value!r}") from None


def _tab(ss: FakeSpreadsheet, sheet_id) -> FakeTab:
    tab = ss.by_id(_int(sheet_id or 0, "sheetId"))
    if tab is None:
        raise Problem(f"No grid with id: {sheet_id or 0}")
    return tab


def grid_range(ss: FakeSpreadsheet, gr: dict) -> tuple[FakeTab, int, int, int, int]:
    """(tab, row0, row1, col0, col1), clipped to the grid; refused if it starts outside it."""
    tab = _tab(ss, gr.get("sheetId"))
    row0 = _int(gr.get("startRowIndex", 0), "startRowIndex")
    col0 = _int(gr.get("startColumnIndex", 0), "startColumnIndex")
    row_end = gr.get("endRowIndex")
    col_end = gr.get("endColumnIndex")
    if min(row0, col0) < 0:
        raise Problem("Negative indexes are not allowed.")
    if (row_end is not None and row_end < row0) or (col_end is not None and col_end < col0):
        raise Problem("The end index must not be smaller than the start index.")
    if row0 >= tab.row_count or col0 >= tab.column_count:
        text = tab.a1(row0, col0, row_end, col_end)
        raise Problem(f"Range ({text}) exceeds grid limits. Max rows: {tab.row_count}, max columns: {tab.column_count}")
    row1 = tab.row_count if row_end is None else min(int(row_end), tab.row_count)
    col1 = tab.column_count if col_end is None else min(int(col_end), tab.column_count)
    return tab, row0, row1, col0, col1


def _check_cell_limit(ss: FakeSpreadsheet) -> None:
    if ss.cell_total() > CELL_LIMIT:
        raise Problem(
            f"This action would increase the number of cells in the workbook above the limit of {CELL_LIMIT} cells."
        )


def _cell_from_extended(value: dict | None) -> Cell | None:
    """A cell from an ExtendedValue (updateCells / repeatCell); strings are not parsed."""
    if not value:
        return None
    if "stringValue" in value:
        return Cell("string", str(value["stringValue"])) if value["stringValue"] != "" else None
    if "numberValue" in value:
        return Cell("number", float(value["numberValue"]))
    if "boolValue" in value:
        return Cell("bool", bool(value["boolValue"]))
    if "formulaValue" in value:
        return Cell("formula", str(value["formulaValue"]))
    raise Problem(f"Unsupported value: {sorted(value)}")


def _mask(payload: dict) -> dict:
    mask = payload.get("fields")
    if not mask:
        raise Problem("At least one field must be specified in 'fields'.")
    return fieldmask.parse(mask)


def _apply_cell_data(tab: FakeTab, row: int, col: int, data: dict, mask: dict) -> None:
    if fieldmask.covers(mask, "userEnteredValue"):
        cell = _cell_from_extended(data.get("userEnteredValue"))
        old = tab.get(row, col)
        if cell is not None and old is not None and old.fmt is not None:
            cell.fmt = old.fmt
        tab.put(row, col, cell)
    if fieldmask.covers(mask, "userEnteredFormat.numberFormat"):
        fmt = (data.get("userEnteredFormat") or {}).get("numberFormat")
        cell = tab.get(row, col)
        if cell is not None:  # cells are replaced, never changed in place (see trial_copy)
            tab.put(row, col, replace(cell, fmt=fmt or None))
    if fieldmask.covers(mask, "dataValidation"):
        rule = data.get("dataValidation")
        if rule:
            tab.validations[(row, col)] = rule
        else:
            tab.validations.pop((row, col), None)


# ---- requests -----------------------------------------------------------------------------------


def add_sheet(ss: FakeSpreadsheet, payload: dict) -> dict:
    props = payload.get("properties") or {}
    title = props.get("title")
    if title is None:
        n = len(ss.tabs) + 1
        while ss.find(f"Sheet{n}") is not None:
            n += 1
        title = f"Sheet{n}"
    title = str(title)
    if not title.strip():
        raise Problem("The sheet name cannot be empty.")
    if ss.find(title) is not None:
        raise Problem(f'A sheet with the name "{title}" already exists. Please enter another name.')
    if "sheetId" in props:
        sheet_id = _int(props["sheetId"], "sheetId")
        if ss.by_id(sheet_id) is not None:
            raise Problem(f"Sheet with id {sheet_id} already exists.")
    else:
        sheet_id = ss.new_sheet_id()
    grid = props.get("gridProperties") or {}
    tab = FakeTab(
        title=title,
        sheet_id=sheet_id,
        index=0,
        row_count=_int(grid.get("rowCount", DEFAULT_ROWS), "rowCount"),
        column_count=_int(grid.get("columnCount", DEFAULT_COLS), "columnCount"),
        hidden=bool(props.get("hidden", False)),
        frozen_row_count=_int(grid.get("frozenRowCount", 0), "frozenRowCount"),
    )
    index = min(max(_int(props.get("index", len(ss.tabs)), "index"), 0), len(ss.tabs))
    ss.tabs.insert(index, tab)
    ss.reindex()
    _check_cell_limit(ss)
    return {"addSheet": {"properties": tab.properties()}}


def delete_sheet(ss: FakeSpreadsheet, payload: dict) -> dict:
    sheet_id = payload.get("sheetId")
    tab = ss.by_id(_int(sheet_id, "sheetId")) if sheet_id is not None else None
    if tab is None:
        raise Problem(f"No sheet with id: {sheet_id}")
    if len(ss.tabs) == 1:
        raise Problem("You can't remove all the sheets in a document.")
    ss.tabs.remove(tab)
    ss.reindex()
    return {}


def update_sheet_properties(ss: FakeSpreadsheet, payload: dict) -> dict:
    props = payload.get("properties") or {}
    tab = ss.by_id(_int(props.get("sheetId", 0), "sheetId"))
    if tab is None:
        raise Problem(f"No grid with id: {props.get('sheetId', 0)}")
    mask = _mask(payload)
    grid = props.get("gridProperties") or {}
    if fieldmask.covers(mask, "title") and "title" in props:
        other = ss.find(str(props["title"]))
        if other is not None and other is not tab:
            raise Problem(f'A sheet with the name "{props["title"]}" already exists. Please enter another name.')
        tab.title = str(props["title"])
    if fieldmask.covers(mask, "hidden"):
        tab.hidden = bool(props.get("hidden", False))
    if fieldmask.covers(mask, "gridProperties.rowCount"):
        tab.row_count = _int(grid.get("rowCount", 0), "rowCount")
    if fieldmask.covers(mask, "gridProperties.columnCount"):
        tab.column_count = _int(grid.get("columnCount", 0), "columnCount")
    if fieldmask.covers(mask, "gridProperties.frozenRowCount"):
        tab.frozen_row_count = _int(grid.get("frozenRowCount", 0), "frozenRowCount")
    if tab.row_count < 1 or tab.column_count < 1:
        raise Problem("A sheet must keep at least one row and one column.")
    if fieldmask.covers(mask, "index") and "index" in props:
        ss.tabs.remove(tab)
        ss.tabs.insert(min(max(_int(props["index"], "index"), 0), len(ss.tabs)), tab)
        ss.reindex()
    tab.truncate_to_grid()
    _check_cell_limit(ss)
    return {}


def update_spreadsheet_properties(ss: FakeSpreadsheet, payload: dict) -> dict:
    props = payload.get("properties") or {}
    mask = _mask(payload)
    if fieldmask.covers(mask, "title") and "title" in props:
        ss.title = str(props["title"])
    if fieldmask.covers(mask, "timeZone") and "timeZone" in props:
        ss.time_zone = str(props["timeZone"])
    if fieldmask.covers(mask, "locale") and "locale" in props:
        ss.locale_name = str(props["locale"])
    return {}


def repeat_cell(ss: FakeSpreadsheet, payload: dict) -> dict:
    tab, row0, row1, col0, col1 = grid_range(ss, payload.get("range") or {})
    mask = _mask(payload)
    data = payload.get("cell") or {}
    if fieldmask.covers(mask, "userEnteredFormat.numberFormat"):
        fmt = (data.get("userEnteredFormat") or {}).get("numberFormat") or {}
        tab.format_ranges.append((row0, row1, col0, col1, dict(fmt)))
        for r, line in tab.block(row0, row1, col0, col1).items():
            for c, cell in line.items():
                if cell.fmt is not None:  # the range format now decides
                    tab.put(r, c, replace(cell, fmt=None))
    narrowed = {k: v for k, v in mask.items() if k != "userEnteredFormat"}
    if narrowed:
        for r in range(row0, row1):
            for c in range(col0, col1):
                _apply_cell_data(tab, r, c, data, narrowed)
    return {}


_LIST_CONDITIONS = {"ONE_OF_LIST", "ONE_OF_RANGE"}
_TWO_VALUES = {"NUMBER_BETWEEN", "NUMBER_NOT_BETWEEN", "DATE_BETWEEN", "DATE_NOT_BETWEEN"}


def set_data_validation(ss: FakeSpreadsheet, payload: dict) -> dict:
    tab, row0, row1, col0, col1 = grid_range(ss, payload.get("range") or {})
    rule = payload.get("rule")
    if rule:
        condition = rule.get("condition") or {}
        kind = condition.get("type")
        values = condition.get("values") or []
        if not kind:
            raise Problem("Invalid rule: the condition needs a type.")
        if kind in _LIST_CONDITIONS and not values:
            raise Problem(f"Invalid rule: {kind} needs at least one value.")
        if kind in _TWO_VALUES and len(values) != 2:
            raise Problem(f"Invalid rule: {kind} needs exactly two values.")
    for r in range(row0, row1):
        for c in range(col0, col1):
            if rule:
                tab.validations[(r, c)] = rule
            else:
                tab.validations.pop((r, c), None)
    return {}


def add_protected_range(ss: FakeSpreadsheet, payload: dict) -> dict:
    spec = dict(payload.get("protectedRange") or {})
    rng = dict(spec.get("range") or {})
    rng.setdefault("sheetId", 0)
    tab, *_ = grid_range(ss, rng)
    if spec.get("warningOnly") and spec.get("editors"):
        raise Problem("Cannot set editors on a warning-only protected range.")
    if "protectedRangeId" in spec:
        pid = _int(spec["protectedRangeId"], "protectedRangeId")
        if any(p["protectedRangeId"] == pid for t in ss.tabs for p in t.protected):
            raise Problem(f"A protected range with id {pid} already exists.")
    else:
        pid = ss.next_protected_id
        ss.next_protected_id += 1
    stored = {"protectedRangeId": pid, "range": rng}
    if spec.get("description"):
        stored["description"] = spec["description"]
    if spec.get("warningOnly"):
        stored["warningOnly"] = True
    else:
        stored["editors"] = spec.get("editors") or {"users": []}
    stored["requestingUserCanEdit"] = True
    tab.protected.append(stored)
    return {"addProtectedRange": {"protectedRange": dict(stored)}}


def delete_protected_range(ss: FakeSpreadsheet, payload: dict) -> dict:
    pid = _int(payload.get("protectedRangeId"), "protectedRangeId")
    for tab in ss.tabs:
        for p in tab.protected:
            if p["protectedRangeId"] == pid:
                tab.protected.remove(p)
                return {}
    raise Problem(f"No protected range with id: {pid}")


def update_cells(ss: FakeSpreadsheet, payload: dict) -> dict:
    mask = _mask(payload)
    rows = payload.get("rows") or []
    if "start" in payload:
        start = payload["start"] or {}
        tab = _tab(ss, start.get("sheetId"))
        row0 = _int(start.get("rowIndex", 0), "rowIndex")
        col0 = _int(start.get("columnIndex", 0), "columnIndex")
        height = len(rows)
        width = max((len(r.get("values") or []) for r in rows), default=0)
        if row0 + max(height, 1) > tab.row_count or col0 + max(width, 1) > tab.column_count:
            text = tab.a1(row0, col0, row0 + max(height, 1), col0 + max(width, 1))
            raise Problem(
                f"Range ({text}) exceeds grid limits. Max rows: {tab.row_count}, max columns: {tab.column_count}"
            )
        row1, col1 = row0 + height, col0 + width
    elif "range" in payload:
        tab, row0, row1, col0, col1 = grid_range(ss, payload["range"] or {})
        if len(rows) > row1 - row0 or any(len(r.get("values") or []) > col1 - col0 for r in rows):
            raise Problem("The rows do not fit in the range.")
    else:
        raise Problem("Either 'start' or 'range' must be set.")
    for i in range(row1 - row0):
        values = (rows[i].get("values") or []) if i < len(rows) else []
        for j in range(col1 - col0):
            data = values[j] if j < len(values) else {}
            _apply_cell_data(tab, row0 + i, col0 + j, data or {}, mask)
    return {}


def _dimension_range(ss: FakeSpreadsheet, spec: dict) -> tuple[FakeTab, str, int, int]:
    tab = _tab(ss, spec.get("sheetId"))
    dimension = spec.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise Problem("dimension must be ROWS or COLUMNS.")
    size = tab.row_count if dimension == "ROWS" else tab.column_count
    start = _int(spec.get("startIndex", 0), "startIndex")
    end = _int(spec.get("endIndex", size), "endIndex")
    if start < 0 or end < start:
        raise Problem("Invalid dimension range.")
    return tab, dimension, start, end


def append_dimension(ss: FakeSpreadsheet, payload: dict) -> dict:
    tab = _tab(ss, payload.get("sheetId"))
    length = _int(payload.get("length", 0), "length")
    if length <= 0:
        raise Problem("length must be positive.")
    if payload.get("dimension") == "ROWS":
        tab.row_count += length
    elif payload.get("dimension") == "COLUMNS":
        tab.column_count += length
    else:
        raise Problem("dimension must be ROWS or COLUMNS.")
    _check_cell_limit(ss)
    return {}


def insert_dimension(ss: FakeSpreadsheet, payload: dict) -> dict:
    tab, dimension, start, end = _dimension_range(ss, payload.get("range") or {})
    size = tab.row_count if dimension == "ROWS" else tab.column_count
    if start > size:
        raise Problem(f"Cannot insert at index {start}: the sheet has only {size}.")
    if payload.get("inheritFromBefore") and start == 0:
        raise Problem("Cannot inherit from before the first row or column.")
    count = end - start
    tab.shift(dimension, start, count)
    if dimension == "ROWS":
        tab.row_count += count
    else:
        tab.column_count += count
    _check_cell_limit(ss)
    return {}


def delete_dimension(ss: FakeSpreadsheet, payload: dict) -> dict:
    tab, dimension, start, end = _dimension_range(ss, payload.get("range") or {})
    size = tab.row_count if dimension == "ROWS" else tab.column_count
    end = min(end, size)
    if end - start >= size:
        noun = "rows" if dimension == "ROWS" else "columns"
        raise Problem(f"You can't delete all the {noun} on the sheet.")
    tab.shift(dimension, start, -(end - start))
    if dimension == "ROWS":
        tab.row_count -= end - start
    else:
        tab.column_count -= end - start
    return {}


HANDLERS = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "repeatCell": repeat_cell,
    "setDataValidation": set_data_validation,
    "addProtectedRange": add_protected_range,
    "deleteProtectedRange": delete_protected_range,
    "updateCells": update_cells,
    "appendDimension": append_dimension,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
}


def apply(ss: FakeSpreadsheet, requests: list) -> list[dict]:
    """Apply the requests in order; raises ApiError (400) at the first invalid one."""
    if not isinstance(requests, list) or not requests:
        raise invalid("Invalid requests: at least one request is required.")
    replies = []
    for i, request in enumerate(requests):
        if not isinstance(request, dict) or len(request) != 1:
            raise invalid(f"Invalid requests[{i}]: exactly one kind of request must be set.")
        ((name, payload),) = request.items()
        handler = HANDLERS.get(name)
        if handler is None:
            raise invalid(
                f"Invalid JSON payload received. Unknown name \"{name}\" at 'requests[{i}]': Cannot find field."
            )
        try:
            replies.append(handler(ss, payload or {}))
        except Problem as problem:
            raise invalid(f"Invalid requests[{i}].{name}: {problem}") from None
    return replies
