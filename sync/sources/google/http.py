"""gspread's HTTP client, paced and bounded: every Sheets request waits its turn, times out, retries.

gspread's own `BackOffHTTPClient` retries a 429 forever; this one gives up after `max_retries`
so one dead spreadsheet fails this cycle instead of stalling the city. It is also the one place
where HTTP failures become project exceptions, with messages that say how to fix them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, MutableMapping, Optional

import requests
from gspread.http_client import HTTPClient, ParamsType

from config.errors import SpreadsheetUnavailable
from sync.sources.google.pacing import READ, WRITE, Pacer

# 429: quota; 5xx: Google's side ("retry with exponential backoff", Sheets API troubleshooting);
# 408: request timeout answered by a proxy.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
# Old-style quota answers arrive as 403 with one of these reasons.
RATE_REASONS = ("rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED")
NETWORK_ERRORS = (
    requests.exceptions.Timeout,
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
)

_URL = re.compile(r"/v4/spreadsheets/([^/:?]+)(?P<rest>[^?]*)")

# What the request was for, in the words of the log line.
KIND_LABELS = {
    "get": "membaca info tab",
    "values.get": "membaca tab",
    "values.batchGet": "membaca tab input",
    "values.batchUpdate": "menulis tab hasil",
    "values.update": "menulis tab",
    "values.append": "menambah baris",
    "values.clear": "mengosongkan tab",
    "values.batchClear": "mengosongkan tab",
    "batchUpdate": "menambah atau menata tab",
}


def request_kind(method: str, url: str) -> tuple[str, str]:
    """(kind, spreadsheet key) of a Sheets v4 URL; kinds are named like the API's methods."""
    match = _URL.search(url)
    if not match:
        return "other", ""
    key, rest = match.group(1), match.group("rest")
    method = method.upper()
    if rest in ("", "/"):
        return "get", key
    if rest == ":batchUpdate":
        return "batchUpdate", key
    if rest.startswith("/values:"):
        return "values." + rest[len("/values:") :], key
    if rest.startswith("/values/"):
        for suffix in ("append", "clear"):
            if rest.endswith(":" + suffix):
                return "values." + suffix, key
        return ("values.get" if method == "GET" else "values.update"), key
    return "other", key


@dataclass
class RequestStats:
    """What the backend cost: requests by kind (each attempt counts, as Google's quota does)."""

    requests: Counter = field(default_factory=Counter)
    by_spreadsheet: dict[str, Counter] = field(default_factory=dict)
    reads: int = 0
    writes: int = 0
    retries: int = 0
    limiter_seconds: float = 0.0
    backoff_seconds: float = 0.0

    def count(self, kind: str, key: str, quota: str) -> None:
        self.requests[kind] += 1
        self.by_spreadsheet.setdefault(key, Counter())[kind] += 1
        if quota == READ:
            self.reads += 1
        else:
            self.writes += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "reads": self.reads,
            "writes": self.writes,
            "retries": self.retries,
            "waited_seconds": round(self.limiter_seconds + self.backoff_seconds, 3),
            "limiter_seconds": round(self.limiter_seconds, 3),
            "backoff_seconds": round(self.backoff_seconds, 3),
            "by_spreadsheet": {k: dict(v) for k, v in self.by_spreadsheet.items()},
        }


class RequestRejected(SpreadsheetUnavailable):
    """Google answered 400: the request itself is wrong (a range that names a missing tab, ...)."""

    def __init__(self, message: str, api_message: str):
        super().__init__(message)
        self.api_message = api_message


class PacedHTTPClient(HTTPClient):
    """An HTTPClient that paces, times out and retries every request; see the module docstring."""

    def __init__(
        self,
        auth: Any,
        session: Optional[requests.Session] = None,
        *,
        pacer: Pacer,
        timeout: float,
        max_retries: int,
        account_email: str = "",
        stats: RequestStats | None = None,
    ):
        super().__init__(auth, session)
        self.set_timeout(timeout)
        self.pacer = pacer
        self.max_retries = max_retries
        self.account_email = account_email
        self.stats = stats if stats is not None else RequestStats()

    def request(
        self,
        method: str,
        endpoint: str,
        params: Optional[ParamsType] = None,
        data: Optional[bytes] = None,
        json: Optional[Mapping[str, Any]] = None,
        files: Any = None,
        headers: Optional[MutableMapping[str, str]] = None,
    ) -> requests.Response:
        kind, key = request_kind(method, endpoint)
        quota = READ if method.upper() == "GET" else WRITE
        last = ""
        for attempt in range(self.max_retries + 1):
            self.stats.limiter_seconds += self.pacer.wait_turn(quota)
            self.stats.count(kind, key, quota)
            retry_after = None
            try:
                response = self.session.request(
                    method=method,
                    url=endpoint,
                    json=json,
                    params=params,
                    data=data,
                    files=files,
                    headers=headers,
                    timeout=self.timeout,
                )
            except NETWORK_ERRORS as exc:
                last = _network_reason(exc)
            else:
                if response.ok:
                    return response
                if not _retryable(response):
                    raise self._refusal(response, kind, key)
                last = f"HTTP {response.status_code} {_api_error(response)[1]}".strip()
                retry_after = _retry_after(response)
            if attempt < self.max_retries:
                self.stats.retries += 1
                self.stats.backoff_seconds += self.pacer.backoff(attempt, retry_after)
        raise SpreadsheetUnavailable(
            f"Google Sheets belum bisa dihubungi untuk {KIND_LABELS.get(kind, kind)} spreadsheet {key}: "
            f"gagal {self.max_retries + 1} kali berturut-turut (terakhir: {last}). Hasil sebelumnya tetap "
            "dipakai; sinkronisasi mencoba lagi pada siklus berikutnya."
        )

    def _refusal(self, response: requests.Response, kind: str, key: str) -> SpreadsheetUnavailable:
        """The exception for an answer that retrying will not change."""
        code = response.status_code
        status, message = _api_error(response)
        label = KIND_LABELS.get(kind, kind)
        if code == 400:
            return RequestRejected(
                f"Google Sheets menolak permintaan {label} untuk spreadsheet {key}: {message}. "
                "Periksa nama tab di spreadsheet itu; bila tidak ada yang aneh, laporkan ke pengelola sistem.",
                message,
            )
        if code == 401:
            return SpreadsheetUnavailable(
                f"Google menolak kunci akun layanan (HTTP 401: {message}). Periksa berkas kunci JSON di "
                "source.credentials atau $GOOGLE_APPLICATION_CREDENTIALS: kunci itu mungkin sudah dihapus "
                "atau dicabut; buat kunci baru di Google Cloud Console bila perlu."
            )
        if code == 403 and ("SERVICE_DISABLED" in response.text or "has not been used" in message):
            return SpreadsheetUnavailable(
                f"Google Sheets API belum diaktifkan untuk proyek akun layanan ini (HTTP 403: {message}). "
                "Aktifkan 'Google Sheets API' di Google Cloud Console (APIs & Services → Library), "
                "tunggu beberapa menit, lalu jalankan lagi."
            )
        if code in (403, 404):
            who = self.account_email or "alamat email akun layanan (client_email di berkas kunci JSON)"
            what = "tidak ditemukan" if code == 404 else "tidak boleh dibuka oleh akun layanan"
            return SpreadsheetUnavailable(
                f"Spreadsheet {key} {what} (HTTP {code}: {message}). Bagikan spreadsheet itu ke {who} "
                "sebagai Editor (tombol Bagikan di Google Sheets), dan periksa kunci spreadsheet di "
                "konfigurasi (bagian [city] atau [[agencies]], kunci 'spreadsheet': teks di antara /d/ "
                "dan /edit pada alamat spreadsheet)."
            )
        return SpreadsheetUnavailable(
            f"Google Sheets menolak permintaan {label} untuk spreadsheet {key} (HTTP {code} {status}: "
            f"{message}). Hasil sebelumnya tetap dipakai; sinkronisasi mencoba lagi pada siklus berikutnya."
        )


def _api_error(response: requests.Response) -> tuple[str, str]:
    """(status, message) of Google's JSON error body; a front end's HTML page gives its reason only."""
    try:
        error = response.json()["error"]
        return str(error.get("status", "")), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", f"{response.reason or 'jawaban'} (bukan JSON)"


def _retryable(response: requests.Response) -> bool:
    if response.status_code in RETRY_STATUS:
        return True
    return response.status_code == 403 and any(reason in response.text for reason in RATE_REASONS)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return float(value)
    except ValueError:
        return None  # an HTTP date: the backoff alone decides


def _network_reason(exc: Exception) -> str:
    if isinstance(exc, requests.exceptions.Timeout):
        return "waktu tunggu habis"
    return "koneksi terputus"
