"""sync/sources/google/http.py: request kinds, retry decisions and error messages, on a scripted session.

The fault tests against the fake Sheets API are in tests/sync/sources/google/test_faults.py; these pin the
client's decisions one response at a time.
"""

from __future__ import annotations

import json
import random

import pytest
import requests

from config.errors import SpreadsheetUnavailable, SyncStopped
from sync.sources.google.http import PacedHTTPClient, RequestRejected, request_kind
from sync.sources.google.pacing import Pacer

BASE = "https://sheets.googleapis.com/v4/spreadsheets"


@pytest.mark.parametrize(
    "method, url, kind",
    [
        ("get", f"{BASE}/abc", "get"),
        ("get", f"{BASE}/abc?includeGridData=false", "get"),
        ("get", f"{BASE}/abc/values:batchGet", "values.batchGet"),
        ("post", f"{BASE}/abc/values:batchUpdate", "values.batchUpdate"),
        ("post", f"{BASE}/abc:batchUpdate", "batchUpdate"),
        ("get", f"{BASE}/abc/values/%27Pegawai%27", "values.get"),
        ("put", f"{BASE}/abc/values/%27Pegawai%27%21A1", "values.update"),
        ("post", f"{BASE}/abc/values/%27Pegawai%27:append", "values.append"),
        ("post", f"{BASE}/abc/values/%27Pegawai%27:clear", "values.clear"),
        ("post", f"{BASE}/abc/values:batchClear", "values.batchClear"),
        ("get", "https://www.googleapis.com/drive/v3/files", "other"),
    ],
)
def test_request_kind(method, url, kind):
    assert request_kind(method, url)[0] == kind


def test_request_kind_names_the_spreadsheet():
    assert request_kind("get", f"{BASE}/1AbC-xyz_9/values:batchGet") == ("values.batchGet", "1AbC-xyz_9")


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def response(status: int, body: object = None, headers: dict | None = None, html: str | None = None):
    r = requests.Response()
    r.status_code = status
    r.reason = {
        200: "OK",
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        429: "Too Many Requests",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(status, "")
    r._content = html.encode() if html is not None else json.dumps(body if body is not None else {}).encode()
    r.headers.update(headers or {})
    return r


def error(status: int, message: str, state: str) -> dict:
    return {"error": {"code": status, "message": message, "status": state}}


class ScriptedSession(requests.Session):
    """Answers each request with the next scripted response or exception; records the timeouts."""

    def __init__(self, script):
        super().__init__()
        self.script = list(script)
        self.timeouts = []

    def request(self, method, url, **kwargs):
        self.timeouts.append(kwargs.get("timeout"))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def client(script, max_retries=3, stop=None, email="kinerja@proyek.iam.gserviceaccount.com"):
    clock = FakeClock()
    pacer = Pacer(60, 60, clock=clock, sleep=clock.sleep, stop=stop, rng=random.Random(1))
    session = ScriptedSession(script)
    http = PacedHTTPClient(None, session, pacer=pacer, timeout=12.5, max_retries=max_retries, account_email=email)
    return http, session, clock


def test_retries_transient_answers_then_succeeds_with_a_timeout_on_every_call():
    http, session, clock = client(
        [
            response(429, error(429, "Quota exceeded", "RESOURCE_EXHAUSTED")),
            requests.exceptions.ReadTimeout("slow"),
            response(502, html="<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title></html>"),
            response(200, {"valueRanges": []}),
        ]
    )
    assert http.values_batch_get("abc", ["'Pegawai'"]) == {"valueRanges": []}
    assert session.timeouts == [12.5] * 4
    assert http.stats.retries == 3 and http.stats.requests["values.batchGet"] == 4
    assert len(clock.sleeps) == 3 and clock.sleeps[2] > clock.sleeps[0]
    assert http.stats.backoff_seconds == pytest.approx(sum(clock.sleeps))


def test_retry_after_is_honoured():
    http, _session, clock = client(
        [
            response(503, error(503, "unavailable", "UNAVAILABLE"), headers={"Retry-After": "20"}),
            response(200, {}),
        ]
    )
    http.fetch_sheet_metadata("abc")
    assert clock.sleeps == [20.0]


def test_giving_up_says_what_failed_how_often_and_that_old_results_stay():
    http, session, _clock = client([requests.exceptions.ConnectionError("reset")] * 3, max_retries=2)
    with pytest.raises(SpreadsheetUnavailable) as info:
        http.values_batch_update("abc", {"data": []})
    message = str(info.value)
    assert "menulis tab hasil" in message and "abc" in message and "3 kali" in message
    assert "Hasil sebelumnya tetap" in message and "siklus berikutnya" in message
    assert not session.script


@pytest.mark.parametrize("status, state", [(403, "PERMISSION_DENIED"), (404, "NOT_FOUND")])
def test_no_access_names_the_service_account_and_is_not_retried(status, state):
    http, session, clock = client([response(status, error(status, "The caller does not have permission", state))])
    with pytest.raises(SpreadsheetUnavailable) as info:
        http.fetch_sheet_metadata("kunci-x")
    assert "kinerja@proyek.iam.gserviceaccount.com" in str(info.value)
    assert "kunci-x" in str(info.value) and "konfigurasi" in str(info.value)
    assert clock.sleeps == [] and not session.script


def test_disabled_api_says_to_enable_it():
    body = error(403, "Google Sheets API has not been used in project 1 before or it is disabled.", "PERMISSION_DENIED")
    http, _s, _c = client([response(403, body)])
    with pytest.raises(SpreadsheetUnavailable, match="Aktifkan 'Google Sheets API'"):
        http.fetch_sheet_metadata("abc")


def test_bad_request_keeps_googles_message_for_the_backend():
    http, _s, _c = client([response(400, error(400, "Unable to parse range: 'Nope'", "INVALID_ARGUMENT"))])
    with pytest.raises(RequestRejected) as info:
        http.values_batch_get("abc", ["'Nope'"])
    assert info.value.api_message == "Unable to parse range: 'Nope'"


def test_stop_between_retries():
    import threading

    stop = threading.Event()
    http, session, clock = client([response(429, error(429, "q", "RESOURCE_EXHAUSTED")), response(200, {})], stop=stop)
    clock_sleep = clock.sleep

    def sleep(seconds):
        clock_sleep(seconds)
        stop.set()

    http.pacer._sleep = sleep
    with pytest.raises(SyncStopped):
        http.fetch_sheet_metadata("abc")
    assert len(session.script) == 1  # the retry was never sent
