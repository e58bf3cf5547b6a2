"""The embedded `local` backend: a folder of .xlsx workbooks, one per spreadsheet.

Input workbooks are read with python-calamine (about 18x faster than openpyxl on a 43,000-row
tab here) and are never rewritten: re-saving a user's workbook can drop their formatting, images
or charts. Results for spreadsheet `X` go to `X.hasil.xlsx` beside it, written to a temporary
file and renamed into place, and left alone when the new content is byte-identical. They get the
folder's normal permissions (0666 less the umask), like any file the clerks save there.

Background renders run in child processes that never outlive the worker: they die with it
(PR_SET_PDEATHSIG on Linux, a parent watch elsewhere), leave Ctrl+C to it, and a killed one
fails only the spreadsheets it held; the next write starts a fresh pool.
"""

from __future__ import annotations

import datetime as dt
import glob
import multiprocessing as mp
import os
import re
import secrets
import threading
import zipfile
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import zip_longest
from pathlib import Path
from typing import Callable, Sequence

from python_calamine import CalamineError

from config.errors import SpreadsheetUnavailable, SyncStopped
from config.settings import DEFAULT_MAX_CELLS
from sync.children import child_start, submit
from sync.sources.backend import RawTab, SheetTable, content_digest
from sync.sources.fast_sheet import TEXT_STAYS_TEXT, FastWorksheet, QuickWorkbook
from sync.sources.local_init import write_template
from sync.sources.print_setup import DEFAULT_PAPER, data_row_heights, header_height, landscape_for, page_setup, wraps
from sync.sources.xlsx_read import read_tabs
from sync.sources.xlsx_scan import NotAWorkbook

RESULT_SUFFIX = ".hasil.xlsx"
# Fixed document dates so that the same results give a byte-identical workbook.
_FIXED_DATE = dt.datetime(2026, 1, 1)
_WORKBOOK_OPTIONS = TEXT_STAYS_TEXT
_MAX_WIDTH = 60
# Result workbooks render in this many processes beside the worker: while the worker scores, one
# keeps up; after the last agency, a second halves the wait for the rest (measured on 2 cores).
RENDER_WORKERS = max(1, min(2, os.cpu_count() or 1))
_DIGEST_PROPERTY = "kinerja_isi"
_DIGEST = re.compile(r'name="kinerja_isi"><vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>')
_TEMP_SUFFIX = ".tmp.xlsx"


class LocalBackend:
    """Spreadsheets are `<folder>/<name>.xlsx`; results are `<folder>/<name>.hasil.xlsx`."""

    # Workbooks read ahead while the worker validates (`start_read`): one per render process, and
    # one more waiting, so neither process idles between two reads.
    parallel_reads = RENDER_WORKERS + 1

    def __init__(
        self,
        folder: str | Path,
        background_writes: bool = False,
        stop: threading.Event | None = None,
        max_cells_per_tab: int = DEFAULT_MAX_CELLS,
        paper: str = DEFAULT_PAPER,
    ):
        self.folder = Path(folder)
        self.paper = paper  # [report] paper: how the result workbooks print
        self.max_cells_per_tab = max_cells_per_tab  # a tab larger than this is refused (sync/sources/extent.py)
        self.background_writes = background_writes
        self.stop = stop  # set by SIGINT/SIGTERM: the next read or write raises SyncStopped
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, tuple[Future, ProcessPoolExecutor]] = {}

    def input_path(self, spreadsheet: str) -> Path:
        return self.folder / f"{spreadsheet}.xlsx"

    def result_path(self, spreadsheet: str) -> Path:
        return self.folder / f"{spreadsheet}{RESULT_SUFFIX}"

    def exists(self, spreadsheet: str) -> bool:
        return self.input_path(spreadsheet).is_file()

    def read(self, spreadsheet: str, tabs: Sequence[str]) -> dict[str, RawTab]:
        self._check_stop()
        return read_workbook(self.input_path(spreadsheet), tuple(tabs), self.max_cells_per_tab)

    def start_read(
        self, spreadsheet: str, tabs: Sequence[str], then: Callable[[dict[str, RawTab]], object] | None = None
    ) -> Callable[[], object]:
        """Start reading one spreadsheet; the callable returned waits for it (or raises its error).

        With background writes the workbook is parsed in a render process (none renders before the
        first agency is scored): python-calamine holds the GIL while it parses, so a thread here
        would only take turns with the worker's validation, while a process reads on the other
        core. `then` (a picklable function of the tabs read, e.g. the agency's validation) runs
        there too, so only its result comes back, not the raw cells. Should that process be
        killed, the read (and `then`) is done again here, so nothing fails. Without background
        writes the callable reads when called.
        """
        self._check_stop()
        if not self.background_writes:
            return lambda: _then(self.read(spreadsheet, tabs), then)
        args = (self.input_path(spreadsheet), tuple(tabs), self.max_cells_per_tab, then)
        try:
            future = submit(self._executor(), read_workbook, *args)
        except BrokenProcessPool:  # a process was killed since: a fresh pool takes over
            self._discard_pool()
            future = submit(self._executor(), read_workbook, *args)

        def result() -> object:
            try:
                return future.result()
            except BrokenProcessPool:  # its process was killed: read it here instead
                self._discard_pool()
                return _then(self.read(spreadsheet, tabs), then)

        return result

    def write(self, spreadsheet: str, tables: Sequence[SheetTable]) -> bool:
        """Write `<name>.hasil.xlsx` unless its content is already the same.

        With background writes the workbook is rendered in a second process while the worker
        goes on scoring the next agency; `flush()` waits for it and returns what failed.
        """
        self._check_stop()
        target = self.result_path(spreadsheet)
        if spreadsheet not in self._pending:  # (one of ours may still be rendering it)
            remove_leftovers(target)
        digest = content_digest(tables)
        if written_digest(target) == digest:
            return False  # same content as the workbook already there: nothing to write
        if self.background_writes:
            pool = self._executor()
            try:
                future = submit(pool, render_results, target, tables, digest, self.paper)
            except BrokenProcessPool:  # a render process was killed since: a fresh pool takes over
                self._discard_pool()
                pool = self._executor()
                future = submit(pool, render_results, target, tables, digest, self.paper)
            self._pending[spreadsheet] = (future, pool)
        else:
            render_results(target, tables, digest, self.paper)
        return True

    def flush(self) -> dict[str, Exception]:
        """Wait for background writes; returns spreadsheet -> error for those that failed."""
        errors: dict[str, Exception] = {}
        for name, (future, pool) in self._pending.items():
            try:
                future.result()
            except BrokenProcessPool:  # its process was killed (the OOM killer, a stray kill)
                errors[name] = SpreadsheetUnavailable(
                    f"Proses penulis {self.result_path(name)} berhenti mendadak (dimatikan atau kehabisan "
                    "memori), jadi hasilnya tidak ditulis; hasil sebelumnya (bila ada) tetap dipakai. Sinkronisasi "
                    "berikutnya menulisnya lagi; bila terulang, periksa memori server."
                )
                if pool is self._pool:
                    self._discard_pool()
            except Exception as exc:  # a failed write fails that spreadsheet only
                errors[name] = exc
        self._pending.clear()
        return errors

    def close(self) -> None:
        self._discard_pool()

    def _check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise SyncStopped("Sinkronisasi dihentikan atas permintaan sebelum spreadsheet berikutnya.")

    def _discard_pool(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown()  # waits for renders under way; a broken pool has none left

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # fork is quick and safe while this process runs no other thread; else spawn.
            method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
            self._pool = ProcessPoolExecutor(
                max_workers=RENDER_WORKERS,
                mp_context=mp.get_context(method),
                initializer=child_start,
                initargs=(os.getpid(),),
            )
            if method == "spawn":
                # A spawn pool starts its processes one per waiting task (a fork pool starts them all
                # at once): start every render process now, so the work is spread from the first
                # workbook and a killed one always leaves the pool with its others.
                for _ in range(RENDER_WORKERS):
                    submit(self._pool, os.getpid)
        return self._pool

    def init_template(self, spreadsheet: str, tabs: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> list[str]:
        """Create `<name>.xlsx` with the input tabs and headers; an existing workbook is never touched."""
        path = self.input_path(spreadsheet)
        if path.exists():
            return []
        self.folder.mkdir(parents=True, exist_ok=True)
        write_template(path, tabs)
        return [f"{path.name}: {name}" for name, _h, _t in tabs]

    def shown_name(self, spreadsheet: str) -> str:
        """How users know this spreadsheet: its file name."""
        return self.input_path(spreadsheet).name

    def template_copy(
        self, spreadsheet: str, tabs: Sequence[tuple[str, Sequence[str], Sequence[str]]], folder: str
    ) -> Path:
        """An empty template of `spreadsheet` in `<folder>/<folder name>/`, to copy tabs and headers
        from: the clerks' own workbook is never rewritten, and the sync never reads that folder."""
        path = self.folder / folder / self.input_path(spreadsheet).name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_template(path, tabs)
        return path


def _then(raw: dict[str, RawTab], then: Callable[[dict[str, RawTab]], object] | None) -> object:
    return raw if then is None else then(raw)


def read_workbook(
    path: Path, tabs: Sequence[str], max_cells: int, then: Callable[[dict[str, RawTab]], object] | None = None
) -> object:
    """The named tabs of the input workbook at `path` (in this process or a render process), or
    what `then` makes of them; `then`'s own errors pass through untouched."""
    return _then(_read_tabs(path, tabs, max_cells), then)


def _read_tabs(path: Path, tabs: Sequence[str], max_cells: int) -> dict[str, RawTab]:
    if not path.is_file():
        raise SpreadsheetUnavailable(
            f"Berkas {path} tidak ditemukan. Periksa nama 'spreadsheet' di konfigurasi, "
            "atau buat templatnya dengan `python main.py init`."
        )
    try:
        return read_tabs(path, tabs, max_cells)
    except NotAWorkbook as exc:
        raise SpreadsheetUnavailable(
            f"Berkas {path} tidak dapat dibaca: bukan workbook Excel (.xlsx) yang sah (misalnya berkas "
            "CSV atau HTML yang diganti namanya, atau berkas kosong). Buka berkas itu di Excel atau LibreOffice, "
            "lalu simpan ulang sebagai Excel Workbook (.xlsx) dengan nama yang sama."
        ) from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise SpreadsheetUnavailable(
            f"Berkas {path} tidak dapat dibaca: isinya rusak, atau berkas itu sedang dikunci program "
            "lain. Tutup berkas itu di program lain; bila masih gagal, buka di Excel atau LibreOffice "
            "dan simpan ulang sebagai Excel Workbook (.xlsx)."
        ) from exc


def _new_temp(target: Path) -> Path:
    """An empty file beside `target` made with mode 0666, so the umask decides (mkstemp: 0600)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}{_TEMP_SUFFIX}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue


def remove_leftovers(target: Path) -> None:
    """Delete temporary files of `target` left by a render that was killed half-way."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*{_TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def render_results(target: Path, tables: Sequence[SheetTable], digest: str, paper: str = DEFAULT_PAPER) -> None:
    """Render to a temporary file beside `target`, then rename it into place (atomic)."""
    tmp: Path | None = None
    try:
        tmp = _new_temp(target)
        write_workbook(tmp, tables, digest, paper)
        os.replace(tmp, target)  # atomic on the same file system
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise SpreadsheetUnavailable(
            f"Hasil tidak dapat ditulis ke {target} ({exc}). Tutup berkas itu bila sedang "
            "dibuka di Excel, lalu jalankan sinkronisasi lagi."
        ) from exc
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def written_digest(path: Path) -> str | None:
    """The digest stored in a results workbook we wrote (None if absent or unreadable)."""
    try:
        with zipfile.ZipFile(path) as z:
            found = _DIGEST.search(z.read("docProps/custom.xml").decode())
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return found.group(1) if found else None


def write_workbook(path: Path, tables: Sequence[SheetTable], digest: str = "", paper: str = DEFAULT_PAPER) -> None:
    """Write owned tabs as a new workbook: bold frozen header, autofilter, widths, number formats,
    long text wrapped in rows tall enough to read it whole, and a page setup for printing."""
    workbook = QuickWorkbook(str(path), {**_WORKBOOK_OPTIONS, "constant_memory": True})
    workbook.set_properties({"created": _FIXED_DATE})
    if digest:
        workbook.set_custom_property(_DIGEST_PROPERTY, digest)
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    general = workbook.add_format({"valign": "top"})
    # Cells are top-aligned: in a row made tall for a long Catatan, every value starts on its top line.
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    formats: dict[str, object] = {}
    for table in tables:
        sheet = workbook.add_worksheet(table.name[:31], worksheet_class=FastWorksheet)
        numeric = table.number_format or {}
        # Numbers carry their format per cell (FastWorksheet's quick path needs one).
        cell_formats = [
            formats.setdefault(numeric[h], workbook.add_format({"num_format": numeric[h], "valign": "top"}))
            if h in numeric
            else general
            for h in table.headers
        ]
        widths = [_width(table, col) for col in range(len(table.headers))]
        for col, header in enumerate(table.headers):
            sheet.set_column(col, col, widths[col], cell_formats[col] if header in numeric else None)
        # Text longer than its (capped) column wraps, e.g. the Catatan Penilaian, and each row is
        # as tall as its longest text (set before the row: constant_memory writes in order).
        numbers = numeric_cols(table)
        columns = list(zip_longest(*table.rows)) if table.rows else []  # transposed in C: 36,000-row tabs
        wrapped = [
            c for c in range(min(len(columns), len(table.headers))) if c not in numbers and wraps(columns[c], widths[c])
        ]
        text_formats = [wrap if c in wrapped else top for c in range(len(table.headers))]
        heights = data_row_heights([(columns[c], widths[c]) for c in wrapped], len(table.rows)) if wrapped else None
        page_setup(sheet, paper=paper, landscape=landscape_for(widths), repeat_rows=(0, 0), footer="&F")
        sheet.set_row(0, header_height(table.headers, widths))
        sheet.write_row(0, 0, table.headers, header_fmt)
        sheet.freeze_panes(1, 0)
        if table.rows:
            sheet.autofilter(0, 0, len(table.rows), len(table.headers) - 1)
        # Row by row in one string each, with the bytes the per-cell calls would give (FastWorksheet).
        sheet.write_rows(1, table.rows, text_formats, cell_formats, heights)
    workbook.close()


def numeric_cols(table: SheetTable) -> set[int]:
    numeric = table.number_format or {}
    return {c for c, h in enumerate(table.headers) if h in numeric}


def _width(table: SheetTable, col: int) -> int:
    """Column width from the header's longest word (headers wrap) and the first rows' text (long
    feedback text is capped, and wraps)."""
    sample = [len(str(row[col])) for row in table.rows[:200] if col < len(row) and row[col] is not None]
    word = max((len(w) for w in table.headers[col].split()), default=0)
    return max(8, min(_MAX_WIDTH, max([word + 2, *(n + 1 for n in sample)])))
