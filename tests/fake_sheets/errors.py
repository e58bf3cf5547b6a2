"""Error answers worded and shaped as Google's servers send them.

Sheets v4 errors are JSON `{"error": {"code", "message", "status"}}` (google.rpc.Status). The
front end (GFE) answers an overloaded or broken backend with an HTML page instead, which gspread
cannot parse (its APIError then carries code -1): the retrying client must look at the HTTP
status, not at the body.

Wordings come from public reports of real answers (see the report of helper G1):
- 403 "The caller does not have permission" / PERMISSION_DENIED
- 404 "Requested entity was not found." / NOT_FOUND
- 400 "Unable to parse range: <range as sent>" / INVALID_ARGUMENT
- 400 "Range (<A1>) exceeds grid limits. Max rows: R, max columns: C" / INVALID_ARGUMENT
- 429 "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per
  user' of service 'sheets.googleapis.com' for consumer 'project_number:…'." / RESOURCE_EXHAUSTED
"""

from __future__ import annotations

import json

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

PROJECT_NUMBER = "1046329786529"  # an invented consumer, as in Google's quota messages

DEFAULT_MESSAGES = {
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}


class ApiError(Exception):
    """An answer other than 200, raised inside the fake and turned into a response."""

    def __init__(self, code: int, message: str, status: str | None = None, details: list | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details

    def body(self) -> dict:
        error: dict = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}

    def json_bytes(self) -> bytes:
        return json.dumps(self.body(), ensure_ascii=False, indent=2).encode("utf-8")


def invalid(message: str) -> ApiError:
    return ApiError(400, message)


def unable_to_parse(text: str) -> ApiError:
    return ApiError(400, f"Unable to parse range: {text}")


def exceeds_grid(a1_text: str, rows: int, cols: int) -> ApiError:
    return ApiError(400, f"Range ({a1_text}) exceeds grid limits. Max rows: {rows}, max columns: {cols}")


def not_found() -> ApiError:
    return ApiError(404, "Requested entity was not found.")


def permission_denied() -> ApiError:
    return ApiError(403, "The caller does not have permission")


def quota_exceeded(write: bool) -> ApiError:
    metric = "Write requests" if write else "Read requests"
    group = "WriteRequestsPerMinutePerUser" if write else "ReadRequestsPerMinutePerUser"
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{metric} per minute per user' "
        f"of service 'sheets.googleapis.com' for consumer 'project_number:{PROJECT_NUMBER}'."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_limit": group,
                "quota_metric": f"sheets.googleapis.com/{'write' if write else 'read'}_requests",
                "service": "sheets.googleapis.com",
                "consumer": f"projects/{PROJECT_NUMBER}",
            },
        }
    ]
    return ApiError(429, message, details=details)


def server_error(code: int) -> ApiError:
    return ApiError(code, DEFAULT_MESSAGES.get(code, REASONS.get(code, "Error")))


def html_error_page(code: int) -> bytes:
    """The page Google's front end serves for a 502 (and other front-end errors)."""
    reason = "Server Error" if code >= 500 else REASONS.get(code, "Error")
    return (
        "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"
        '  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n'
        f"  <title>Error {code} ({reason})!!1</title>\n"
        "  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n"
        f"  <p><b>{code}.</b> <ins>That\u2019s an error.</ins>\n"
        "  <p>The server encountered a temporary error and could not complete your request."
        "<p>Please try again in 30 seconds.  <ins>That\u2019s all we know.</ins>\n"
    ).encode("utf-8")
