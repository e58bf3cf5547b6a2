"""CSRF tokens for the HR area's forms: one random token per session, checked on every POST.

Templates put `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">` in each form;
`protect(bp)` makes every state-changing request to the blueprint carry that token. The cookie is
SameSite=Lax as well, but the token is what stops a forged form post from another site (and
from an older browser that ignores SameSite). The token changes when someone logs in or out,
because the session is cleared then.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, Flask, abort, make_response, render_template, request, session

FIELD = "csrf_token"
SESSION_KEY = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MESSAGE = (
    "Formulir ini tidak dapat diterima karena token keamanannya tidak ada atau sudah kedaluwarsa. "
    "Muat ulang halaman, lalu kirim lagi."
)


def token() -> str:
    """The session's CSRF token, created on first use."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def valid(sent: object) -> bool:
    """True when `sent` equals the session's token (compared in constant time)."""
    expected = session.get(SESSION_KEY)
    if not isinstance(sent, str) or not isinstance(expected, str) or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


def check() -> None:
    """Abort with 400 (an Indonesian page) unless the request is safe or carries the token."""
    if request.method in SAFE_METHODS:
        return
    if not valid(request.form.get(FIELD)):
        page = render_template("hr/galat.html", title="Permintaan ditolak", message=MESSAGE)
        abort(make_response(page, 400))


def protect(bp: Blueprint) -> None:
    """Check the token on every unsafe request to `bp` (registered before the view runs)."""
    bp.before_request(check)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csrf_token"] = token
