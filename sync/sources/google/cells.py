"""Cells between the Sheets API and the pipeline: what a read gives back, what a write sends.

Reads use UNFORMATTED_VALUE + SERIAL_NUMBER, so cells come back as stored: text typed as '3,5'
stays text for the Indonesian number parser, a NIP typed as a number stays a float so the
validator can say it lost digits. Only the contract's date columns are changed: their serial
numbers become dates, as the local backend's date cells are. Writes are RAW and JSON-safe.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Collection

import pandas as pd

from config.contract import AGENCY_INPUT_TABS, AGENCY_OPTIONAL_TABS, CITY_INPUT_TABS, normalize_header
from sync.sources.backend import SheetTable

# Spreadsheet serial dates count days from 1899-12-30 (Sheets and Excel). Outside these years a
# number in a date column is more likely a typo than a date: it is left for the validator.
SERIAL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_FIRST = (dt.datetime(1900, 1, 1) - SERIAL_EPOCH).days
_SERIAL_END = (dt.datetime(2200, 1, 1) - SERIAL_EPOCH).days

# Headers (and aliases) of the contract's date columns: Periode, Cap waktu, Tanggal Masuk, ...
DATE_HEADERS = frozenset(
    normalize_header(name)
    for tab in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS, *CITY_INPUT_TABS)
    for col in tab.columns
    if col.date
    for name in (col.header, *col.aliases)
)


def serial_to_date(value: object) -> object:
    """A serial number in a date column -> date (whole days) or naive datetime (to the second).

    The serial is the spreadsheet's own wall-clock time (its properties.timeZone), so the result
    is local time there without any conversion. Anything else is returned unchanged.
    """
    if type(value) is not float or not _SERIAL_FIRST <= value < _SERIAL_END:
        return value
    if value.is_integer():
        return (SERIAL_EPOCH + dt.timedelta(days=int(value))).date()
    # Round to the second: serial fractions carry binary noise (…14:03:21.99999).
    return SERIAL_EPOCH + dt.timedelta(seconds=round(value * 86400))


def sheet_rows(values: list[list], date_headers: Collection[str] = DATE_HEADERS) -> list[list]:
    """API rows -> rows as the local backend reads them: rectangular ('' for blank), numbers as
    floats (Sheets numbers are doubles; JSON drops the '.0'), date-column serials as dates."""
    if not values:
        return []
    width = max(map(len, values))
    dates = [n for n, h in enumerate(values[0]) if isinstance(h, str) and normalize_header(h) in date_headers]
    rows = []
    for n, row in enumerate(values):
        cells = [float(v) if type(v) is int else v for v in row]
        cells.extend([""] * (width - len(cells)))
        if n:
            for c in dates:
                cells[c] = serial_to_date(cells[c])
        rows.append(cells)
    return rows


def sheet_value(value: object) -> object:
    """A JSON-safe value for a RAW write: None/NaN/inf -> '' (a null would leave the old cell as it
    was), numpy scalars -> Python, dates -> 'dd/mm/yyyy' text."""
    kind = type(value)
    if kind is str or kind is bool or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else ""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        try:
            if isinstance(value, dt.datetime) and value.time() != dt.time(0):
                return value.strftime("%d/%m/%Y %H:%M:%S")
            return value.strftime("%d/%m/%Y")
        except ValueError:  # pandas NaT is a datetime that cannot be formatted
            return ""
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():  # numpy scalars
        return sheet_value(value.item())
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return sheet_value(float(value))
    try:
        if pd.isna(value):  # pandas NA and other missing markers
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def table_values(table: SheetTable, rows: int, columns: int) -> list[list]:
    """The rectangle written for a tab: header, rows, then '' over whatever older content remains."""
    blank = [""] * columns
    out = [[*map(str, table.headers), *blank[len(table.headers) :]]]
    for row in table.rows:
        out.append([*map(sheet_value, row), *blank[len(row) :]])
    out.extend([list(blank) for _ in range(rows - len(out))])
    return out
