"""FakeSheets: the in-memory Sheets v4 API the Google backend and the benchmark run against.

Interface (notes/google.md; additions are marked "added"):

    fake = FakeSheets(time_zone="Asia/Jakarta")            # added: locale="id_ID"
    fake.add_spreadsheet(key, {tab: rows}, title=None, time_zone=None, shared=True)
                                                            # added: locale=None, grid={tab: (rows, cols)}
    fake.share_email = "…@….iam.gserviceaccount.com"
    fake.values(key, tab) / fake.tab(key, tab)             # added: fake.spreadsheet(key), fake.titles(key)
    fake.counts / fake.reads / fake.writes / fake.log      # added: fake.timeouts_seen, reset_counts()
    fake.session() / fake.credentials / fake.client()
    fake.fail_next / timeout_next / reset_next / fail_partway_next_write / random_faults / clear_faults

Every request that reaches the adapter is counted in `counts` (and in `reads`/`writes`) and
logged, whatever its outcome: a request answered 429, timed out or reset still went out. The fake
never sleeps.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter

import gspread
import requests

from tests.fake_sheets import router
from tests.fake_sheets.adapter import HTML_TYPE, JSON_TYPE, FakeSheetsAdapter
from tests.fake_sheets.cells import CLEAR, cell_from_python, locale_of, zone
from tests.fake_sheets.credentials import TOKEN, FakeCredentials
from tests.fake_sheets.errors import ApiError, html_error_page, quota_exceeded, server_error
from tests.fake_sheets.faults import FaultPlan, RandomFaults
from tests.fake_sheets.model import DEFAULT_COLS, DEFAULT_ROWS, FakeSpreadsheet, FakeTab
from tests.fake_sheets.values_api import PartwayFailure

DEFAULT_EMAIL = "kinerja-solok@kinerja-solok.iam.gserviceaccount.com"


class FakeSheets:
    def __init__(
        self, time_zone: str = "Asia/Jakarta", locale: str = "id_ID", share_email: str = DEFAULT_EMAIL
    ) -> None:
        zone(time_zone)  # fail early on an unknown zone
        self.time_zone = time_zone
        self.locale = locale
        self.share_email = share_email
        self.counts: Counter = Counter()
        self.log: list[tuple[str, str, int | str]] = []
        self.timeouts_seen: list = []  # added: the `timeout` each request was sent with
        self.credentials = FakeCredentials(self)
        self._spreadsheets: dict[str, FakeSpreadsheet] = {}
        self._faults = FaultPlan()
        self._lock = threading.Lock()

    # ---- content ------------------------------------------------------------------------------

    def add_spreadsheet(
        self,
        key: str,
        tabs: dict[str, list[list]],
        title: str | None = None,
        time_zone: str | None = None,
        shared: bool = True,
        locale: str | None = None,
        grid: dict[str, tuple[int, int]] | None = None,
    ) -> FakeSpreadsheet:
        """Create a spreadsheet. Rows hold str/int/float/bool/None/date/datetime; a date or
        datetime is stored as a serial number with a DATE / DATE_TIME format (an aware datetime is
        converted to the spreadsheet's zone first). Tabs are at least 1000 x 26, as Google makes
        them, unless `grid` gives a size."""
        if key in self._spreadsheets:
            raise ValueError(f"spreadsheet {key!r} exists already")
        ss = FakeSpreadsheet(
            key=key,
            title=title or key,
            time_zone=time_zone or self.time_zone,
            locale_name=locale or self.locale,
            shared=shared,
            rng=random.Random(f"sheet-ids:{key}"),
        )
        zone(ss.time_zone)
        grid = grid or {}
        for name, rows in (tabs or {"Sheet1": []}).items():
            rows = [list(row) for row in (rows or [])]
            width = max((len(row) for row in rows), default=0)
            n_rows, n_cols = grid.get(name, (max(DEFAULT_ROWS, len(rows)), max(DEFAULT_COLS, width)))
            if len(rows) > n_rows or width > n_cols:
                raise ValueError(f"tab {name!r}: data does not fit the grid {n_rows} x {n_cols}")
            if ss.find(name) is not None:
                raise ValueError(f"tab {name!r} twice")
            tab = FakeTab(
                title=name, sheet_id=ss.new_sheet_id(), index=len(ss.tabs), row_count=n_rows, column_count=n_cols
            )
            ss.tabs.append(tab)
            locale_, tz = locale_of(ss.locale_name), zone(ss.time_zone)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = cell_from_python(value, locale_, tz)
                    if cell is not CLEAR:
                        tab.put(r, c, cell)
        self._spreadsheets[key] = ss
        return ss

    def spreadsheet(self, key: str) -> FakeSpreadsheet:
        return self._spreadsheets[key]

    def titles(self, key: str) -> list[str]:
        """Added: the spreadsheet's tab titles, in tab order."""
        return [tab.title for tab in self._spreadsheets[key].tabs]

    def tab(self, key: str, name: str) -> FakeTab:
        """The tab as it is now (look it up again after a batchUpdate that deleted or added tabs)."""
        tab = self._spreadsheets[key].find(name)
        if tab is None:
            raise KeyError(f"{key!r} has no tab {name!r}")
        return tab

    def values(self, key: str, name: str) -> list[list]:
        """Stored effective values (dates as serial numbers), trailing empty cells/rows trimmed."""
        return self.tab(key, name).effective_values()

    # ---- counting -----------------------------------------------------------------------------

    @property
    def reads(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind in router.READ_KINDS)

    @property
    def writes(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind in router.WRITE_KINDS)

    def reset_counts(self) -> None:
        """Forget counts, log and timeouts (e.g. between benchmark cycles)."""
        with self._lock:
            self.counts.clear()
            self.log.clear()
            self.timeouts_seen.clear()

    # ---- clients ------------------------------------------------------------------------------

    def session(self) -> requests.Session:
        """A Session whose every request goes to this fake (Sheets) or is refused (anything else)."""
        session = requests.Session()
        adapter = FakeSheetsAdapter(self)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        return session

    def client(self) -> gspread.Client:
        return gspread.Client(self.credentials, session=self.session())

    # ---- faults -------------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 429, kind=None, html: bool = False, key: str | None = None) -> None:
        """The next n matching requests are answered `status` (429/500/502/503/504…); html=True
        gives Google's HTML error page instead of a JSON body. Added: `key` limits the fault to one
        spreadsheet; `kind` may also be a collection of kinds."""
        self._faults.add("status", n, kind, key, status=status, html=html)

    def timeout_next(self, n: int = 1, kind=None, key: str | None = None) -> None:
        """The next n matching requests raise requests.exceptions.ReadTimeout."""
        self._faults.add("timeout", n, kind, key)

    def reset_next(self, n: int = 1, kind=None, key: str | None = None) -> None:
        """The next n matching requests raise requests.exceptions.ConnectionError (reset by peer)."""
        self._faults.add("reset", n, kind, key)

    def fail_partway_next_write(self) -> None:
        """The next valid values:batchUpdate writes its first range, then answers 500."""
        self._faults.partway += 1

    def random_faults(
        self,
        rate_429: float = 0.3,
        rate_5xx: float = 0.05,
        seed: int = 1,
        rate_timeout: float = 0.0,
        rate_reset: float = 0.0,
    ) -> None:
        """Every request not hit by a queued fault rolls the dice (5xx: 500/502 HTML/503/504).
        Added: rate_timeout, rate_reset."""
        self._faults.random = RandomFaults(rate_429, rate_5xx, rate_timeout, rate_reset, random.Random(seed))

    def clear_faults(self) -> None:
        self._faults.clear()

    # ---- serving (called by the adapter) ------------------------------------------------------

    def _serve(self, request, timeout) -> tuple[int, bytes, str]:
        with self._lock:
            rt = router.route(request.method, request.url)
            self.counts[rt.kind] += 1
            self.timeouts_seen.append(timeout)
            url = request.url
            if rt.kind == "other":
                error = ApiError(404, f"The fake Sheets API has no endpoint for {request.method} {url}")
                self.log.append((rt.kind, url, 404))
                return 404, error.json_bytes(), JSON_TYPE
            fault = self._faults.take(rt.kind, rt.key)
            if fault is not None:
                return self._fault_answer(fault, rt, request, timeout)
            try:
                payload = router.handle(
                    self._spreadsheets, rt, url, request.body, fail_partway=self._faults.take_partway
                )
                status, content = 200, json.dumps(payload, ensure_ascii=False).encode("utf-8")
            except PartwayFailure:
                error = server_error(500)
                status, content = 500, error.json_bytes()
            except ApiError as error:
                status, content = error.code, error.json_bytes()
            self.log.append((rt.kind, url, status))
            return status, content, JSON_TYPE

    def _fault_answer(self, fault, rt, request, timeout) -> tuple[int, bytes, str]:
        url = request.url
        if fault.action == "timeout":
            self.log.append((rt.kind, url, "timeout"))
            raise requests.exceptions.ReadTimeout(
                f"HTTPSConnectionPool(host='{router.HOST}', port=443): Read timed out. (read timeout={timeout})",
                request=request,
            )
        if fault.action == "reset":
            self.log.append((rt.kind, url, "reset"))
            reset = ConnectionResetError(104, "Connection reset by peer")
            raise requests.exceptions.ConnectionError(("Connection aborted.", reset), request=request)
        self.log.append((rt.kind, url, fault.status))
        if fault.html:
            return fault.status, html_error_page(fault.status), HTML_TYPE
        if fault.status == 429:
            error = quota_exceeded(write=rt.kind in router.WRITE_KINDS)
        else:
            error = server_error(fault.status)
        return fault.status, error.json_bytes(), JSON_TYPE
