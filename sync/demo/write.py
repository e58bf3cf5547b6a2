"""Write the demo city to disk: one .xlsx per spreadsheet, and the TOML config that points at them.

Workbooks are written as a person would have typed them: text as text (never a formula or a
link), numbers as numbers, dates as date cells, NIP columns formatted as text. Workbook
properties are fixed, so the same seed gives byte-identical files. `constant_memory` keeps a
city of tens of thousands of rows fast and small in memory (rows must be written in order).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from config.contract import AGENCY_INPUT_TABS, CITY_INPUT_TABS, FORM, PENGADUAN
from sync.sources.fast_sheet import TEXT_STAYS_TEXT

WORKBOOK_OPTIONS = {**TEXT_STAYS_TEXT, "constant_memory": True}
TEXT_HEADERS = frozenset(c.header for tab in AGENCY_INPUT_TABS + CITY_INPUT_TABS for c in tab.columns if c.text)
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
WIDTH_SAMPLE = 300  # rows looked at to size a column
MIN_WIDTH, MAX_WIDTH, HEADER_WIDTH = 6, 48, 36
PARALLEL_CELLS = 500_000  # from this many cells, writing in several processes pays for their start
MAX_WORKERS = 4


def write_workbooks(city, folder: Path, workers: int | None = None) -> list[Path]:
    """Write every workbook of `city` as `<folder>/<stem>.xlsx`; return the paths in city order.

    xlsxwriter spends a few microseconds per cell, so a big city (the benchmark's 3 million
    cells) is written by up to `MAX_WORKERS` processes, one workbook each; `workers=1` forces
    one process. Each file's bytes do not depend on how it was written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    created = _created(city)
    names = {a.spreadsheet: a.name for a in city.agencies}
    names[city.city_spreadsheet] = getattr(city, "name", "") or "Kota"
    jobs = [(folder / f"{stem}.xlsx", tabs, names.get(stem, stem), created) for stem, tabs in city.workbooks.items()]
    sizes = {job[0]: sum(len(rows) * len(rows[0]) for rows in job[1].values() if rows) for job in jobs}
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if sum(sizes.values()) >= PARALLEL_CELLS else 1
    done = False
    if workers > 1 and len(jobs) > 1:
        biggest_first = sorted(jobs, key=lambda job: -sizes[job[0]])
        done = _write_in_processes(biggest_first, min(workers, len(jobs)))
    if not done:
        for job in jobs:
            _write_job(job)
    return [job[0] for job in jobs]


def _write_in_processes(jobs, workers: int) -> bool:
    """Write the jobs in a process pool; False when the pool could not run (then write serially)."""
    # Fork when no other thread runs (fast, and the caller's script is not re-imported);
    # otherwise spawn, because a forked child of a threaded parent can deadlock.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            for future in [pool.submit(_write_job, job) for job in jobs]:
                future.result()
    except (BrokenProcessPool, OSError):
        return False
    return True


def _write_job(job) -> Path:
    path, tabs, title, created = job
    with _gc_paused():
        return write_workbook(path, tabs, title=title, created=created)


@contextmanager
def _gc_paused():
    """Pause the cyclic GC: xlsxwriter makes a tuple per cell, and with a big city in memory
    each collection walks millions of live cells for nothing (a quarter of the writing time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _created(city) -> datetime:
    """A fixed 'created' property: the first morning after the demo's last month."""
    period = getattr(city, "last_period", "") or "2026-10"
    year, month = int(period[:4]), int(period[5:])
    return datetime(year + month // 12, month % 12 + 1, 1, 8, 0, 0)


def write_workbook(
    path: Path, tabs: dict[str, list[list]], title: str = "", created: datetime = datetime(2026, 11, 1, 8)
) -> Path:
    """One workbook: each tab's first row is its header (bold, frozen); cells keep their types."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    workbook.set_properties(
        {
            "title": title,
            "subject": "Data contoh Kinerja Solok",
            "author": "Kinerja Solok (data contoh)",
            "company": "Pemerintah Kota Solok",
            "created": created,
        }
    )
    header_format = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4", "border": 1}
    )
    text_format = workbook.add_format({"num_format": "@"})
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    datetime_format = workbook.add_format({"num_format": DATETIME_FORMAT})
    for name, rows in tabs.items():
        sheet = workbook.add_worksheet(name)
        header = rows[0] if rows else []
        text_columns = {i for i, h in enumerate(header) if h in TEXT_HEADERS}
        for i, width in enumerate(_widths(rows)):
            sheet.set_column(i, i, width, text_format if i in text_columns else None)
        sheet.freeze_panes(1, 0)
        if any(len(str(h or "")) > HEADER_WIDTH for h in header):
            sheet.set_row(0, 60)  # long form questions wrap
        for c, value in enumerate(header):
            if value is not None:
                sheet.write_string(0, c, str(value), header_format)
        _write_body(sheet, rows, text_columns, text_format, date_format, datetime_format)
        if header:
            sheet.autofilter(0, 0, max(len(rows) - 1, 1), len(header) - 1)
    workbook.close()
    return path


def _write_body(sheet, rows, text_columns, text_format, date_format, datetime_format) -> None:
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, write_boolean = sheet.write_datetime, sheet.write_boolean
    for r in range(1, len(rows)):
        for c, value in enumerate(rows[r]):
            kind = type(value)
            if value is None or value == "":
                continue
            if kind is str:
                write_string(r, c, value, text_format if c in text_columns else None)
            elif kind is bool:
                write_boolean(r, c, value)
            elif kind is int or kind is float:
                write_number(r, c, value)
            elif kind is datetime:
                timed = value.hour or value.minute or value.second
                write_datetime(r, c, value, datetime_format if timed else date_format)
            elif kind is date:
                write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            else:
                raise TypeError(f"cannot write a {kind.__name__} cell at row {r + 1}, column {c + 1}")


def _widths(rows: list[list]) -> list[int]:
    """Column widths from the header and the first rows: readable, never huge."""
    if not rows:
        return []
    width = len(rows[0])
    best = [min(len(str(h or "")), HEADER_WIDTH) for h in rows[0]]
    for row in rows[1:WIDTH_SAMPLE]:
        for c in range(min(width, len(row))):
            value = row[c]
            if value is None:
                continue
            size = 19 if isinstance(value, datetime) else len(str(value))
            if size > best[c]:
                best[c] = size
    return [max(MIN_WIDTH, min(MAX_WIDTH, b + 2)) for b in best]


# ---- Config ---------------------------------------------------------------------------------


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def write_config(city, path: Path, data_folder: str, store_path: str) -> Path:
    """A TOML config for the demo (format: notes/config-format.md): local source, every agency."""
    lines = [
        "# Kinerja Solok: demo city (generated by `python main.py demo`; safe to delete).",
        "",
        "[source]",
        'kind = "local"',
        f"folder = {_toml(str(data_folder))}",
        "",
        "[city]",
        f"spreadsheet = {_toml(city.city_spreadsheet)}",
        f"name = {_toml(getattr(city, 'name', '') or 'Pemerintah Kota Solok')}",
        f"form_tab = {_toml(FORM.name)}",
        f"complaints_tab = {_toml(PENGADUAN.name)}",
    ]
    for agency in city.agencies:
        lines += [
            "",
            "[[agencies]]",
            f"code = {_toml(agency.code)}",
            f"name = {_toml(agency.name)}",
            f"spreadsheet = {_toml(agency.spreadsheet)}",
        ]
        if agency.aliases:
            lines.append(f"aliases = [{', '.join(_toml(a) for a in agency.aliases)}]")
    lines += [
        "",
        "[store]",
        f"path = {_toml(str(store_path))}",
        "",
        "[sync]",
        "interval_minutes = 15",
        "",
        "[web]",
        'host = "127.0.0.1"',
        "port = 8000",
        # Realistic public-site links for the demo (the city's SP4N-LAPOR! channel is national).
        'complaint_url = "https://www.lapor.go.id/"',
        'publisher = "Dinas Komunikasi dan Informatika Kota Solok"',
        'publisher_contact = "ppid@contoh.solokkota.go.id"',
        'data_licence = "CC BY 4.0"',
    ]
    # The demo's SKM form (an example address: the QR posters' links show their shape).
    lines += [
        "",
        "[survey]",
        'form_url = "https://docs.google.com/forms/d/e/1FAIpQLSc-contoh-skm-kota-solok/viewform"',
        'form_unit_entry = "entry.1000001"',
    ]
    if any(a.code == "DPMPTSP" for a in city.agencies):
        # Citizens write "MPP" for the Mal Pelayanan Publik run by DPMPTSP.
        lines.append('unit_aliases = { "MPP" = "DPMPTSP" }')
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
