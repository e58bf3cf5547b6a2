"""Which Sheets v4 endpoint a request is, and its answer (a JSON-able dict, or ApiError).

Endpoints (https://sheets.googleapis.com/v4/spreadsheets/…):
  GET  {id}                      spreadsheets.get        kind "get"
  POST {id}:batchUpdate          spreadsheets.batchUpdate kind "batchUpdate"
  GET  {id}/values/{range}       values.get
  PUT  {id}/values/{range}       values.update
  POST {id}/values/{range}:append / :clear
  GET  {id}/values:batchGet, POST {id}/values:batchUpdate, POST {id}/values:batchClear
Anything else (Drive, OAuth, a wrong method) is kind "other" and answered 404, so an unexpected
call is noticed in `counts` and `log`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fake_sheets import batch_requests, fields as fieldmask, values_api
from tests.fake_sheets.cells import effective, formatted
from tests.fake_sheets.errors import ApiError, invalid, not_found, permission_denied
from tests.fake_sheets.model import FakeSpreadsheet, FakeTab

HOST = "sheets.googleapis.com"
PREFIX = "/v4/spreadsheets/"
READ_KINDS = frozenset({"get", "values.get", "values.batchGet"})
WRITE_KINDS = frozenset(
    {"batchUpdate", "values.update", "values.batchUpdate", "values.append", "values.clear", "values.batchClear"}
)


@dataclass(frozen=True)
class Route:
    kind: str
    key: str | None = None
    range_text: str | None = None


def route(method: str, url: str) -> Route:
    parts = urlsplit(url)
    if parts.hostname != HOST or not parts.path.startswith(PREFIX):
        return Route("other")
    method = method.upper()
    rest = parts.path[len(PREFIX) :]
    if "/" not in rest:
        key, _, action = rest.partition(":")
        key = unquote(key)
        if not action and method == "GET":
            return Route("get", key)
        if action == "batchUpdate" and method == "POST":
            return Route("batchUpdate", key)
        return Route("other", key)
    key_raw, _, tail = rest.partition("/")
    key = unquote(key_raw)
    batch = {
        ("values:batchGet", "GET"): "values.batchGet",
        ("values:batchUpdate", "POST"): "values.batchUpdate",
        ("values:batchClear", "POST"): "values.batchClear",
    }.get((tail, method))
    if batch:
        return Route(batch, key)
    if tail.startswith("values/"):
        text = tail[len("values/") :]
        for suffix, kind in ((":append", "values.append"), (":clear", "values.clear")):
            if text.endswith(suffix):
                return Route(kind, key, unquote(text[: -len(suffix)])) if method == "POST" else Route("other", key)
        if method == "GET":
            return Route("values.get", key, unquote(text))
        if method == "PUT":
            return Route("values.update", key, unquote(text))
    return Route("other", key)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _last(params: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[-1] for k, v in params.items() if v}


def _reject_constant(token: str):
    raise ValueError(token)


def body_json(body) -> dict:
    if body in (None, b"", ""):
        return {}
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    except ValueError as error:
        raise invalid(f"Invalid JSON payload received. Unexpected token.\n{error}") from None
    if not isinstance(data, dict):
        raise invalid("Invalid JSON payload received. Expected an object.")
    return data


# ---- spreadsheets.get ---------------------------------------------------------------------------


def _extended(value) -> dict:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, (int, float)):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _cell_data(ss: FakeSpreadsheet, tab: FakeTab, r: int, c: int) -> dict:
    """CellData: value, format and validation of one cell ({} for a bare empty cell)."""
    entry: dict = {}
    cell = tab.get(r, c)
    fmt = tab.number_format(r, c)
    if cell is not None:
        entry["userEnteredValue"] = {"formulaValue": cell.value} if cell.kind == "formula" else _extended(cell.value)
        entry["effectiveValue"] = _extended(effective(cell))
        entry["formattedValue"] = formatted(effective(cell), fmt, ss.locale)
    if fmt and fmt.get("type"):
        entry["userEnteredFormat"] = {"numberFormat": fmt}
    rule = tab.validations.get((r, c))
    if rule:
        entry["dataValidation"] = rule
    return entry


def _grid_data(ss: FakeSpreadsheet, tab: FakeTab, bounds: tuple[int, int, int, int]) -> dict:
    """GridData of a block: rowData runs to the last row holding a value, a format or a rule."""
    row0, col0, row1, col1 = bounds
    used: dict[int, int] = {}  # row -> last used column
    for r, line in tab.block(row0, row1, col0, col1).items():
        used[r] = max(line)
    for r, c in tab.validations:
        if row0 <= r < row1 and col0 <= c < col1:
            used[r] = max(used.get(r, c), c)
    for f_r0, f_r1, f_c0, f_c1, fmt in tab.format_ranges:
        if fmt.get("type"):
            last = min(f_c1, col1) - 1
            for r in range(max(f_r0, row0), min(f_r1, row1)):
                if last >= max(f_c0, col0):
                    used[r] = max(used.get(r, last), last)
    data: dict = {}
    if row0:
        data["startRow"] = row0
    if col0:
        data["startColumn"] = col0
    if used:
        rows = []
        for r in range(row0, max(used) + 1):
            values = [_cell_data(ss, tab, r, c) for c in range(col0, used[r] + 1)] if r in used else []
            rows.append({"values": values} if values else {})
        data["rowData"] = rows
    return data


def metadata(ss: FakeSpreadsheet, params: dict[str, list[str]]) -> dict:
    out = ss.metadata()
    ranges = params.get("ranges") or []
    include = _last(params).get("includeGridData", "false").lower() == "true"
    picked: dict[int, list[tuple[int, int, int, int]]] = {}
    if ranges:
        for text in ranges:
            tab, rng = values_api.resolve(ss, text)
            picked.setdefault(tab.sheet_id, []).append(values_api._read_bounds(tab, rng))
        out["sheets"] = [s for s in out["sheets"] if s["properties"]["sheetId"] in picked]
    if include:
        for entry in out["sheets"]:
            tab = ss.by_id(entry["properties"]["sheetId"])
            blocks = picked.get(tab.sheet_id) or [(0, 0, tab.row_count, tab.column_count)]
            entry["data"] = [_grid_data(ss, tab, b) for b in blocks]
    mask = _last(params).get("fields")
    if mask:
        out = fieldmask.select(out, fieldmask.parse(mask))
    return out


# ---- dispatch -----------------------------------------------------------------------------------


def handle(spreadsheets: dict[str, FakeSpreadsheet], rt: Route, url: str, body, fail_partway=lambda: False) -> dict:
    """The 200 answer of a Sheets request; raises ApiError otherwise."""
    ss = spreadsheets.get(rt.key)
    if ss is None:
        raise not_found()
    if not ss.shared:
        raise permission_denied()
    params = query(url)
    single = _last(params)
    if rt.kind == "get":
        return metadata(ss, params)
    if rt.kind == "values.get":
        return values_api.get(ss, rt.range_text, single)
    if rt.kind == "values.batchGet":
        return values_api.batch_get(ss, params.get("ranges") or [], single)
    payload = body_json(body)
    if rt.kind == "values.update":
        return values_api.update(ss, rt.range_text, single, payload)
    if rt.kind == "values.batchUpdate":
        return values_api.batch_update(ss, payload, fail_partway)
    if rt.kind == "values.append":
        return values_api.append(ss, rt.range_text, single, payload)
    if rt.kind == "values.clear":
        return values_api.clear(ss, rt.range_text)
    if rt.kind == "values.batchClear":
        return values_api.batch_clear(ss, payload)
    if rt.kind == "batchUpdate":
        requests = payload.get("requests")
        batch_requests.apply(ss.trial_copy(), requests)  # all or nothing: try the batch first
        replies = batch_requests.apply(ss, requests)
        out = {"spreadsheetId": ss.key, "replies": replies}
        if payload.get("includeSpreadsheetInResponse"):
            out["updatedSpreadsheet"] = ss.metadata()
        return out
    raise ApiError(404, "Method not found.")
