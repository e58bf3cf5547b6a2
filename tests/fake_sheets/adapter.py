"""The transport adapter: requests hands it a PreparedRequest, it answers a real requests.Response.

Mounted on a requests.Session, it lets the real gspread client (its HTTPClient, APIError parsing,
everything) run unchanged against the fake: nothing is patched, no socket is opened.
"""

from __future__ import annotations

from requests import Response
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from tests.fake_sheets.errors import REASONS

JSON_TYPE = "application/json; charset=UTF-8"
HTML_TYPE = "text/html; charset=UTF-8"


def build_response(request, status: int, content: bytes, content_type: str, adapter=None) -> Response:
    response = Response()
    response.status_code = status
    response.reason = REASONS.get(status, "")
    response.headers = CaseInsensitiveDict(
        {
            "Content-Type": content_type,
            "Content-Length": str(len(content)),
            "Vary": "Origin, X-Origin, Referer",
            "Server": "ESF",
        }
    )
    response._content = content
    response._content_consumed = True
    response.encoding = "utf-8"
    response.url = request.url
    response.request = request
    response.connection = adapter
    return response


class FakeSheetsAdapter(BaseAdapter):
    """Routes every request of the session to a FakeSheets."""

    def __init__(self, fake) -> None:
        super().__init__()
        self.fake = fake

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        status, content, content_type = self.fake._serve(request, timeout)
        return build_response(request, status, content, content_type, self)

    def close(self) -> None:
        pass
