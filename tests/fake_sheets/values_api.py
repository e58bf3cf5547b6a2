"""spreadsheets.values: get, batchGet, update, batchUpdate, append, clear, batchClear.

Semantics followed (Sheets v4 reference: ValueRange, spreadsheets.values.*; measured answers and
public reports of real errors are listed in the report of helper G1):
- The echoed `range` is the whole requested range bounded by the grid (`Pegawai` reads as
  `Pegawai!A1:Z1000`); `values` leaves out trailing empty rows and cells and is absent when empty.
- A range naming a tab that does not exist: 400 `Unable to parse range: <range as sent>`.
- A read whose range starts past the grid: 400 `Range (…) exceeds grid limits. Max rows: R, max
  columns: C`; one that starts inside is clipped to the grid.
- Writes do not grow the grid: values landing past it are refused with the same grid-limits error
  (reported for values.update by several clients: `Range (Sheet1!A11539:N15385) exceeds grid
  limits…`, `Range (Solar!Y1) exceeds grid limits…`). Only values.append grows the grid.
- A multi-cell range bounds the write: more data than it holds gives `Requested writing within
  range [<range>], but tried writing to row [N]`; a single-cell range is only the anchor.
- In a batch (values:batchUpdate) every range is checked before any is written; errors are named
  `Invalid data[i]: …`.
"""

from __future__ import annotations

from tests.fake_sheets import a1
from tests.fake_sheets.cells import CLEAR, SKIP, raw_input, render, user_entered_input
from tests.fake_sheets.errors import ApiError, exceeds_grid, invalid, unable_to_parse
from tests.fake_sheets.model import FakeSpreadsheet, FakeTab

VALUE_RENDER = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATE_RENDER = ("SERIAL_NUMBER", "FORMATTED_STRING")
DIMENSIONS = ("ROWS", "COLUMNS")
INPUT_OPTIONS = ("RAW", "USER_ENTERED")


def _enum(value, allowed: tuple[str, ...], default: str, name: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise invalid(f"Invalid value at '{name}' ({value!r}): expected one of {', '.join(allowed)}")
    return value


def resolve(ss: FakeSpreadsheet, text: str) -> tuple[FakeTab, a1.A1Range]:
    try:
        rng = a1.parse(text)
    except a1.A1Error:
        raise unable_to_parse(text) from None
    if rng.sheet is None:
        return ss.tabs[0], rng
    tab = ss.find(rng.sheet)
    if tab is None:
        raise unable_to_parse(text)
    return tab, rng


def _read_bounds(tab: FakeTab, rng: a1.A1Range) -> tuple[int, int, int, int]:
    if rng.row0 >= tab.row_count or rng.col0 >= tab.column_count:
        raise exceeds_grid(tab.a1(rng.row0, rng.col0, rng.row1, rng.col1), tab.row_count, tab.column_count)
    row0, col0, row1, col1 = rng.bounded(tab.row_count, tab.column_count)
    return row0, col0, min(row1, tab.row_count), min(col1, tab.column_count)


def _trim(line: list) -> list:
    while line and line[-1] == "":
        line.pop()
    return line


def render_block(
    ss: FakeSpreadsheet,
    tab: FakeTab,
    bounds: tuple[int, int, int, int],
    value_render: str,
    date_render: str,
    major: str,
) -> list[list]:
    row0, col0, row1, col1 = bounds
    cells = tab.block(row0, row1, col0, col1)
    if not cells:
        return []
    locale = ss.locale
    rows: list[list] = []
    for r in range(row0, max(cells) + 1):
        line = cells.get(r, {})
        width = (max(line) + 1 - col0) if line else 0
        rows.append(
            _trim(
                [
                    render(line[c], tab.number_format(r, c), value_render, date_render, locale) if c in line else ""
                    for c in range(col0, col0 + width)
                ]
            )
        )
    while rows and not rows[-1]:
        rows.pop()
    if major == "COLUMNS":
        width = max((len(row) for row in rows), default=0)
        columns = [_trim([row[j] if j < len(row) else "" for row in rows]) for j in range(width)]
        while columns and not columns[-1]:
            columns.pop()
        return columns
    return rows


def value_range(ss: FakeSpreadsheet, text: str, params: dict) -> dict:
    tab, rng = resolve(ss, text)
    bounds = _read_bounds(tab, rng)
    major = _enum(params.get("majorDimension"), DIMENSIONS, "ROWS", "major_dimension")
    values = render_block(
        ss,
        tab,
        bounds,
        _enum(params.get("valueRenderOption"), VALUE_RENDER, "FORMATTED_VALUE", "value_render_option"),
        _enum(params.get("dateTimeRenderOption"), DATE_RENDER, "SERIAL_NUMBER", "date_time_render_option"),
        major,
    )
    row0, col0, row1, col1 = bounds
    out = {"range": tab.a1(row0, col0, row1, col1), "majorDimension": major}
    if values:
        out["values"] = values
    return out


def get(ss: FakeSpreadsheet, text: str, params: dict) -> dict:
    return value_range(ss, text, params)


def batch_get(ss: FakeSpreadsheet, ranges: list[str], params: dict) -> dict:
    out: dict = {"spreadsheetId": ss.key}
    if ranges:  # proto3 JSON leaves an empty list out
        out["valueRanges"] = [value_range(ss, text, params) for text in ranges]
    return out


# ---- writes -------------------------------------------------------------------------------------


class WritePlan:
    """Cells one ValueRange would write, worked out before anything is written."""

    def __init__(
        self, tab: FakeTab, anchor: tuple[int, int], height: int, width: int, cells: list[tuple[int, int, object]]
    ) -> None:
        self.tab = tab
        self.anchor = anchor
        self.height = height
        self.width = width
        self.cells = cells  # (row, col, Cell or CLEAR)

    def apply(self) -> None:
        for row, col, cell in self.cells:
            self.tab.put(row, col, cell)

    def updated_range(self) -> str:
        row0, col0 = self.anchor
        if not self.height or not self.width:
            return self.tab.a1(row0, col0, row0 + 1, col0 + 1)
        return self.tab.a1(row0, col0, row0 + self.height, col0 + self.width)

    def response(self, ss: FakeSpreadsheet, include_values: bool, params: dict) -> dict:
        out = {"spreadsheetId": ss.key, "updatedRange": self.updated_range()}
        rows = {r for r, _c, _cell in self.cells}
        cols = {c for _r, c, _cell in self.cells}
        for key, n in (("updatedRows", len(rows)), ("updatedColumns", len(cols)), ("updatedCells", len(self.cells))):
            if n:  # proto3 JSON leaves zero counts out
                out[key] = n
        if include_values:
            out["updatedData"] = value_range(
                ss,
                self.updated_range(),
                {
                    "valueRenderOption": params.get("responseValueRenderOption"),
                    "dateTimeRenderOption": params.get("responseDateTimeRenderOption"),
                },
            )
        return out


def _rows_of(values, major: str) -> list[list]:
    if values is None:
        return []
    if not isinstance(values, list) or any(not isinstance(row, list) for row in values):
        raise invalid("Invalid values: expected an array of arrays.")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if isinstance(v, (dict, list)):
                kind = "struct_value" if isinstance(v, dict) else "list_value"
                raise invalid(f"Invalid values[{i}][{j}]: {kind}")
    if major == "COLUMNS":
        width = max((len(col) for col in values), default=0)
        return [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    return values


def plan_write(
    ss: FakeSpreadsheet,
    text: str,
    values,
    major,
    input_option: str,
    anchor_override: tuple[FakeTab, int, int] | None = None,
) -> WritePlan:
    """Check one write against the grid and the range, and convert its values to cells."""
    major = _enum(major, DIMENSIONS, "ROWS", "major_dimension")
    rows = _rows_of(values, major)
    if anchor_override is not None:
        tab, row0, col0 = anchor_override
        rng = None
    else:
        tab, rng = resolve(ss, text)
        row0, col0 = rng.row0, rng.col0
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    if rng is not None and not rng.single_cell and not rng.whole_sheet:
        if rng.row1 is not None and row0 + height > rng.row1:
            raise invalid(f"Requested writing within range [{text}], but tried writing to row [{row0 + height}]")
        if rng.col1 is not None and col0 + width > rng.col1:
            raise invalid(
                f"Requested writing within range [{text}], but tried writing to column "
                f"[{a1.col_letters(col0 + width - 1)}]"
            )
    if (
        row0 >= tab.row_count
        or col0 >= tab.column_count
        or row0 + height > tab.row_count
        or col0 + width > tab.column_count
    ):
        # the message names the range as requested (`Range (xxx!A1017) exceeds grid limits…` for
        # an anchor cell); a whole-tab range names the block the values would cover
        if rng is None or rng.whole_sheet:
            text_a1 = tab.a1(row0, col0, row0 + max(height, 1), col0 + max(width, 1))
        else:
            text_a1 = tab.a1(rng.row0, rng.col0, rng.row1, rng.col1)
        raise exceeds_grid(text_a1, tab.row_count, tab.column_count)
    locale, tz = ss.locale, ss.tz
    cells = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            r, c = row0 + i, col0 + j
            if input_option == "RAW":
                cell = raw_input(value)
            else:
                cell = user_entered_input(value, locale, tz, tab.is_text_formatted(r, c))
            if cell is SKIP:
                continue
            if cell is not CLEAR and cell.fmt is None:
                old = tab.get(r, c)
                if old is not None and old.fmt is not None and cell.kind == "number":
                    cell.fmt = old.fmt  # a number typed into a date cell stays a date
            cells.append((r, c, cell))
    return WritePlan(tab, (row0, col0), height, width, cells)


def _input_option(value) -> str:
    if value in (None, ""):
        raise invalid("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    return _enum(value, INPUT_OPTIONS, "RAW", "value_input_option")


def _flag(value) -> bool:
    return str(value).lower() == "true"


def update(ss: FakeSpreadsheet, text: str, params: dict, body: dict) -> dict:
    option = _input_option(params.get("valueInputOption"))
    if body.get("range") not in (None, "") and body["range"] != text:
        # the API insists the body's range, when given, is the one of the URL
        raise invalid(f"Requested entity range [{body['range']}] does not match the URL range [{text}].")
    plan = plan_write(ss, text, body.get("values"), body.get("majorDimension"), option)
    plan.apply()
    return plan.response(ss, _flag(params.get("includeValuesInResponse")), params)


class PartwayFailure(Exception):
    """values:batchUpdate stopped after its first range (fault injection)."""


def batch_update(ss: FakeSpreadsheet, body: dict, fail_partway=lambda: False) -> dict:
    """`fail_partway()` is asked once the batch is known to be valid (fault injection)."""
    option = _input_option(body.get("valueInputOption"))
    data = body.get("data") or []
    if not isinstance(data, list):
        raise invalid("Invalid data: expected an array of ValueRange.")
    plans = []
    for i, item in enumerate(data):
        try:
            plans.append(plan_write(ss, item.get("range"), item.get("values"), item.get("majorDimension"), option))
        except ApiError as error:
            raise invalid(f"Invalid data[{i}]: {error.message}") from None
    if plans and fail_partway():
        plans[0].apply()
        raise PartwayFailure()
    for plan in plans:
        plan.apply()
    responses = [plan.response(ss, bool(body.get("includeValuesInResponse")), body) for plan in plans]
    out = {"spreadsheetId": ss.key}
    totals = {
        "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
        "totalUpdatedColumns": sum(r.get("updatedColumns", 0) for r in responses),
        "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
        "totalUpdatedSheets": len({id(p.tab) for p in plans if p.cells}),
    }
    out.update({k: v for k, v in totals.items() if v})
    if responses:
        out["responses"] = responses
    return out


def _clear_bounds(ss: FakeSpreadsheet, text: str) -> tuple[FakeTab, tuple[int, int, int, int]]:
    tab, rng = resolve(ss, text)
    return tab, _read_bounds(tab, rng)


def clear(ss: FakeSpreadsheet, text: str) -> dict:
    tab, (row0, col0, row1, col1) = _clear_bounds(ss, text)
    for r, line in tab.block(row0, row1, col0, col1).items():
        for c in line:
            tab.put(r, c, None)
    return {"spreadsheetId": ss.key, "clearedRange": tab.a1(row0, col0, row1, col1)}


def batch_clear(ss: FakeSpreadsheet, body: dict) -> dict:
    ranges = body.get("ranges") or []
    bounds = []
    for i, text in enumerate(ranges):
        try:
            bounds.append((text, _clear_bounds(ss, text)))
        except ApiError as error:
            raise invalid(f"Invalid range[{i}]: {error.message}") from None
    cleared = [clear(ss, text)["clearedRange"] for text, _b in bounds]
    return {"spreadsheetId": ss.key, "clearedRanges": cleared}


def append(ss: FakeSpreadsheet, text: str, params: dict, body: dict) -> dict:
    """Append after the table found in the range; the grid grows to hold the new rows.

    The table is the first block of consecutive non-empty rows in the range (Sheets v4 guide,
    "Append values"); values go to the row after it, starting at its first column.
    INSERT_ROWS inserts rows there; OVERWRITE writes over what is there (and still adds rows at the
    end of the sheet so the data fits, as the reference says).
    """
    option = _input_option(params.get("valueInputOption"))
    insert = _enum(params.get("insertDataOption"), ("OVERWRITE", "INSERT_ROWS"), "OVERWRITE", "insert_data_option")
    tab, rng = resolve(ss, text)
    row0, col0, row1, col1 = _read_bounds(tab, rng)
    cells = tab.block(row0, row1, col0, col1)
    table = None
    if cells:
        first = min(cells)
        last = first
        while last + 1 in cells:
            last += 1
        first_col = min(min(cells[r]) for r in range(first, last + 1))
        last_col = max(max(cells[r]) for r in range(first, last + 1))
        table = (first, first_col, last + 1, last_col + 1)
        target_row, target_col = last + 1, first_col
    else:
        target_row, target_col = row0, col0
    major = _enum(body.get("majorDimension"), DIMENSIONS, "ROWS", "major_dimension")
    rows = _rows_of(body.get("values"), major)
    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    if insert == "INSERT_ROWS" and height:
        tab.shift("ROWS", target_row, height)
        tab.row_count += height
    if target_row + height > tab.row_count:
        tab.row_count = target_row + height
    if target_col + width > tab.column_count:
        tab.column_count = target_col + width
    plan = plan_write(ss, text, rows, "ROWS", option, anchor_override=(tab, target_row, target_col))
    plan.apply()
    out = {"spreadsheetId": ss.key, "updates": plan.response(ss, _flag(params.get("includeValuesInResponse")), params)}
    if table is not None:
        out["tableRange"] = tab.a1(*table)
    return out
