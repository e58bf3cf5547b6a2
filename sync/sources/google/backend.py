"""The `google` backend: agency and city spreadsheets in Google Sheets, read and written via gspread.

Quota first (about 60 reads and 60 writes per minute for the whole service account): a
spreadsheet's input tabs are read in one `values:batchGet`, its owned tabs written in one
`values:batchUpdate` (tabs to add or grow first, in one `batchUpdate`), and a spreadsheet whose
results did not change gets no request at all. Tab metadata is fetched once per spreadsheet per
backend lifetime. Every request goes through `PacedHTTPClient` (sync/sources/google/http.py), which
paces, times out and retries it. Cells are converted in sync/sources/google/cells.py.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from config.contract import normalize_header
from config.errors import ConfigError, SpreadsheetUnavailable
from config.settings import DEFAULT_MAX_CELLS, SourceSettings
from sync.sources.backend import RawTab, SheetTable, content_digest
from sync.sources.extent import cut
from sync.sources.google import batch as rq
from sync.sources.google.a1 import block, whole_tab
from sync.sources.google.cells import DATE_HEADERS, sheet_rows, table_values
from sync.sources.google.http import PacedHTTPClient, RequestRejected, RequestStats
from sync.sources.google.meta import (
    METADATA_PARAMS,
    SpreadsheetInfo,
    TabInfo,
    first_rows,
    first_rows_params,
    spreadsheet_info,
)
from sync.sources.google.pacing import Pacer
from sync.sources.google.prepare import InputSpec, OwnedSpec, default_owned, plan_init
from sync.sources.google.state import WriteState

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS"

# Cells as stored, dates as serial numbers: we decide what a date is, not the cell's format.
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
# A requested tab that is missing may have been added by hand since: look again, but not on every
# cycle (an optional tab such as Pengaduan may simply never exist).
MISSING_TAB_RECHECK_SECONDS = 3600.0
# 400 answers that mean our tab list is out of date (a tab added, renamed, deleted or shrunk by hand).
STALE_LAYOUT = ("Unable to parse range", "exceeds grid limits", "already exists")


def load_credentials(source: SourceSettings) -> Any:
    """Service-account credentials from source.credentials or $GOOGLE_APPLICATION_CREDENTIALS."""
    from google.oauth2 import service_account

    path = source.credentials or os.environ.get(CREDENTIALS_ENV, "")
    if not path:
        raise ConfigError(
            [
                f"source.credentials: kosong, dan ${CREDENTIALS_ENV} juga tidak diisi. Tulis path berkas kunci "
                "JSON akun layanan (service account) di source.credentials, atau isi variabel lingkungan "
                f"{CREDENTIALS_ENV} dengan path itu. Berkas kunci jangan disimpan di repositori."
            ]
        )
    try:
        return service_account.Credentials.from_service_account_file(path, scopes=SCOPES)
    except (OSError, ValueError, KeyError) as exc:
        where = "source.credentials" if source.credentials else f"${CREDENTIALS_ENV}"
        raise ConfigError(
            [
                f"{where}: berkas kunci akun layanan {path} tidak dapat dibaca ({exc}). Unduh lagi kunci JSON "
                "akun layanan dari Google Cloud Console (IAM → Service Accounts → Keys) dan periksa path-nya."
            ]
        ) from exc


def _check_source(source: SourceSettings) -> None:
    problems = []
    for key in ("reads_per_minute", "writes_per_minute"):
        if getattr(source, key) < 1:
            problems.append(
                f"source.{key}: harus 1 atau lebih (kuota Google: 60 per menit), tertulis {getattr(source, key)}."
            )
    if source.max_retries < 0:
        problems.append(f"source.max_retries: harus 0 atau lebih, tertulis {source.max_retries}.")
    if source.timeout_seconds <= 0:
        problems.append(f"source.timeout_seconds: harus lebih dari 0, tertulis {source.timeout_seconds}.")
    if problems:
        raise ConfigError(problems)


class GoogleBackend:
    """Spreadsheets are Google spreadsheet keys; see the module docstring for the quota rules."""

    parallel_reads = 1  # requests are paced one at a time anyway; reading ahead would gain nothing

    def __init__(
        self,
        source: SourceSettings,
        session: Any = None,
        credentials: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        stop: threading.Event | None = None,
        state_path: str | Path | None = None,
        rng: random.Random | None = None,
        date_headers: Iterable[str] = (),
        max_cells_per_tab: int = DEFAULT_MAX_CELLS,
    ):
        """Tests pass `session` and `credentials` (the fake's) and a fake `sleep`/`clock`; production
        builds service-account credentials from the config. `date_headers`: configured aliases of
        date columns. `rng`: the backoff jitter's source (seeded in tests)."""
        _check_source(source)
        if credentials is None and session is None:
            credentials = load_credentials(source)
        self.account_email = str(getattr(credentials, "service_account_email", "") or "")
        self.pacer = Pacer(
            source.reads_per_minute, source.writes_per_minute, clock=clock, sleep=sleep, stop=stop, rng=rng
        )
        self._stats = RequestStats()
        self.http = PacedHTTPClient(
            credentials,
            session,
            pacer=self.pacer,
            timeout=source.timeout_seconds,
            max_retries=source.max_retries,
            account_email=self.account_email,
            stats=self._stats,
        )
        self.date_headers = DATE_HEADERS | {normalize_header(h) for h in date_headers}
        self.max_cells_per_tab = max_cells_per_tab
        self.state = WriteState.load(state_path)
        self._sheets: dict[str, SpreadsheetInfo] = {}

    # ---- protocol ---------------------------------------------------------------------------

    def read(self, spreadsheet: str, tabs: Sequence[str]) -> dict[str, RawTab]:
        """All requested tabs that exist, in one values:batchGet; missing tabs are absent."""
        fresh = False  # metadata fetched during this call: looking again would tell nothing new
        for attempt in range(2):
            info, fetched = self._info(spreadsheet)
            fresh = fresh or fetched
            if (
                not fresh
                and any(info.tab(t) is None for t in tabs)
                and self.pacer.clock() - info.fetched_at >= MISSING_TAB_RECHECK_SECONDS
            ):
                info, fresh = self._fetch(spreadsheet), True
            present = [(name, info.tab(name)) for name in tabs if info.tab(name) is not None]
            if not present:
                return {}
            try:
                reply = self.http.values_batch_get(
                    spreadsheet, [whole_tab(tab.title) for _name, tab in present], params=dict(READ_PARAMS)
                )
            except RequestRejected as exc:
                if attempt or not _stale_layout(exc):
                    raise
                self._fetch(spreadsheet)
                fresh = True
                continue
            ranges = reply.get("valueRanges", [])
            values = [ranges[n].get("values", []) if n < len(ranges) else [] for n in range(len(present))]
            return {name: self._raw(name, tab.title, rows) for (name, tab), rows in zip(present, values)}
        raise AssertionError("unreachable")

    def _raw(self, name: str, title: str, values: list[list]) -> RawTab:
        """A tab as read, up to its last non-blank row and column (as the local backend reads it),
        or refused past the cap."""
        rows, refused = cut(values, title, self.max_cells_per_tab)
        if refused:
            return RawTab.refused(name, *refused)
        return RawTab.from_rows(name, sheet_rows(rows, self.date_headers))

    def write(self, spreadsheet: str, tables: Sequence[SheetTable]) -> bool:
        """Replace the owned tabs' content in one values:batchUpdate; False (no request) when unchanged."""
        tables = list(tables)
        digest = content_digest(tables)
        if self.state.digest(spreadsheet) == digest:
            return False
        for attempt in range(2):
            info, _fetched = self._info(spreadsheet)
            try:
                self._write(spreadsheet, info, tables, digest)
                return True
            except RequestRejected as exc:
                if attempt or not _stale_layout(exc):
                    raise
                self._fetch(spreadsheet)
        raise AssertionError("unreachable")

    def flush(self) -> dict[str, Exception]:
        return {}  # writes are synchronous: an error was raised by write() itself

    def close(self) -> None:
        self.http.session.close()

    def exists(self, spreadsheet: str) -> bool:
        """Whether the spreadsheet's metadata can be read (it exists and is shared with us)."""
        try:
            self._info(spreadsheet)
        except SpreadsheetUnavailable:
            return False
        return True

    def init_template(
        self, spreadsheet: str, tabs: Sequence[InputSpec], owned: Sequence[OwnedSpec] | None = None
    ) -> list[str]:
        """Complete an existing spreadsheet in one batchUpdate (see sync/sources/google/prepare.py); returns
        one line per tab added or completed. `owned` defaults to the agency's or the city's."""
        try:
            info = self._fetch(spreadsheet)
        except SpreadsheetUnavailable as exc:
            raise SpreadsheetUnavailable(
                f"`init` tidak dapat membuat spreadsheet di Google Sheets, hanya melengkapi tabnya. Buat "
                f"spreadsheet kosong, bagikan ke {self.account_email or 'email akun layanan'} sebagai Editor, "
                f"lalu tulis kuncinya di konfigurasi. ({exc})"
            ) from exc
        existing = [tab for name, _h, _t in tabs if (tab := info.tab(name)) is not None]
        found = (
            first_rows(self.http.fetch_sheet_metadata(spreadsheet, params=first_rows_params(existing)))
            if existing
            else {}
        )
        plan = plan_init(spreadsheet, info, tabs, default_owned(tabs) if owned is None else owned, found)
        if plan.requests:
            self.http.batch_update(spreadsheet, {"requests": plan.requests})
            self._sheets.pop(spreadsheet, None)  # the layout changed: look again when next needed
            for name, headers in plan.new_owned:
                # Only the header row holds anything: the first write need not blank the grid.
                self.state.set_tab(spreadsheet, name, rows=int(bool(headers)), columns=len(headers))
            self.state.save()
        return plan.done

    @property
    def stats(self) -> dict[str, Any]:
        """Requests by kind (each attempt), reads/writes, retries, seconds waited, per spreadsheet."""
        return self._stats.as_dict()

    # ---- metadata -----------------------------------------------------------------------------

    def _info(self, spreadsheet: str) -> tuple[SpreadsheetInfo, bool]:
        """(cached metadata, False), or (fetched metadata, True) on first use."""
        info = self._sheets.get(spreadsheet)
        if info is not None:
            return info, False
        return self._fetch(spreadsheet), True

    def _fetch(self, spreadsheet: str) -> SpreadsheetInfo:
        reply = self.http.fetch_sheet_metadata(spreadsheet, params=dict(METADATA_PARAMS))
        self._sheets[spreadsheet] = info = spreadsheet_info(reply, self.pacer.clock())
        return info

    # ---- writing --------------------------------------------------------------------------------

    def _write(self, spreadsheet: str, info: SpreadsheetInfo, tables: list[SheetTable], digest: str) -> None:
        structure: list[dict] = []  # one batchUpdate: tabs to add, grids to grow, formats to set
        ids = info.new_sheet_ids()
        plans = []  # (table, tab, rows x columns the write covers)
        added, resized, formatted = [], [], []
        for table in tables:
            rows, columns = extent(table)
            signature = format_signature(table)
            tab = info.tab(table.name)
            if tab is None:
                tab = TabInfo(next(ids), table.name, rows + headroom(rows), columns, protected=True)
                structure += [
                    rq.add_sheet(tab.sheet_id, tab.title, tab.rows, tab.columns),
                    *rq.owned_tab_format(tab.sheet_id, table),
                    rq.protect_warning(tab.sheet_id, rq.PROTECTION_NOTE),
                ]
                added.append(tab)
                formatted.append((tab.title, signature))
                cover = (rows, columns)
            else:
                known = self.state.tab(spreadsheet, tab.title)
                # What may still hold older content: what we wrote last (never beyond the grid: a
                # user may have deleted rows), or the whole grid when we do not know.
                old = (
                    (min(known["rows"], tab.rows), min(known["columns"], tab.columns))
                    if known
                    else (tab.rows, tab.columns)
                )
                if rows > tab.rows or columns > tab.columns:
                    # A values write never grows the grid ("exceeds grid limits"): grow it first.
                    grown = (max(tab.rows, rows + headroom(rows)), max(tab.columns, columns))
                    structure.append(rq.resize(tab.sheet_id, *grown))
                    resized.append((tab, grown))
                if not known or known.get("format") != signature:
                    structure += rq.owned_tab_format(tab.sheet_id, table)
                    formatted.append((tab.title, signature))
                cover = (max(rows, old[0]), max(columns, old[1]))
            plans.append((table, tab, cover))
        if structure:
            self.http.batch_update(spreadsheet, {"requests": structure})
            for tab in added:
                info.add(tab)
            for tab, (grid_rows, grid_columns) in resized:
                tab.rows, tab.columns = grid_rows, grid_columns
            for title, signature in formatted:
                known = self.state.tab(spreadsheet, title) or {"rows": 0, "columns": 0}
                self.state.set_tab(spreadsheet, title, known["rows"], known["columns"], signature)
        data = []
        for table, tab, (cover_rows, cover_columns) in plans:
            data.append(
                {
                    "range": block(tab.title, cover_rows, cover_columns),
                    "majorDimension": "ROWS",
                    "values": table_values(table, cover_rows, cover_columns),
                }
            )
            # Until the write is confirmed the tab may hold either content (a write can fail
            # partway): remember the larger extent so the next write blanks both.
            self.state.set_tab(spreadsheet, tab.title, cover_rows, cover_columns)
        self.state.set_digest(spreadsheet, None)
        self.state.save()
        self.http.values_batch_update(spreadsheet, {"valueInputOption": "RAW", "data": data})
        for table, tab, _cover in plans:
            self.state.set_tab(spreadsheet, tab.title, *extent(table))
        self.state.set_digest(spreadsheet, digest)
        self.state.save()


def extent(table: SheetTable) -> tuple[int, int]:
    """Rows (header included) and columns a table fills."""
    return 1 + len(table.rows), max([len(table.headers), *map(len, table.rows)], default=1) or 1


def headroom(rows: int) -> int:
    """Spare grid rows when a tab is made or grown, so the next months' rows need no resize."""
    return max(100, rows // 5)


def format_signature(table: SheetTable) -> str:
    """Changes when the headers or number formats change: the tab's formats are then set again."""
    payload = repr((table.headers, sorted((table.number_format or {}).items())))
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _stale_layout(exc: RequestRejected) -> bool:
    return any(text in exc.api_message for text in STALE_LAYOUT)
