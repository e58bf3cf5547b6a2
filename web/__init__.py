"""The web site: an app factory that reads only the results store.

`create_app(settings)` in production; `create_app(test_config={...})` in tests, with the keys
STORE_PATH, MIN_RESPONSES, MIN_GROUP_SIZE, CITY_NAME, SECRET_KEY (and optionally SCORING, a
`ScoringParams`). test_config wins over settings. The worker is the only writer of the store.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Request, Response
from werkzeug.routing import RequestRedirect

from config.errors import ConfigError
from scoring.params import ScoringParams
from scoring.vocabulary import is_agency_unit
from sync.store.reader import StoreReader
from web.data import PublicData
from web.disclosure import DEFAULT_MIN_CELL
from web.format import FILTERS

if TYPE_CHECKING:  # only the type is used here
    from config.settings import Settings

DEFAULT_CITY_NAME = "Pemerintah Kota Solok"
DEFAULT_MIN_GROUP_SIZE = 5

# No inline script or style anywhere (templates use classes only), no third-party origin, and
# the site may not be framed (clickjacking).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
}


class _App(Flask):
    """Flask with relative routing redirects and Indonesian error log lines.

    Werkzeug builds the redirect of a route's canonical URL (/hr -> /hr/, merged slashes) as an
    absolute URL from the request's Host header, so `Host: evil.example` would send the visitor
    to http://evil.example/hr/. Keep only the path and query: the browser resolves them against
    the address it asked. (Our own redirects are relative already: url_for without _external,
    and werkzeug's Response.autocorrect_location_header is off.)"""

    def raise_routing_exception(self, request: Request):
        error = request.routing_exception
        if isinstance(error, RequestRedirect):
            parts = urlsplit(error.new_url)
            path = "/" + parts.path.lstrip("/")  # never "//host": a browser reads that as another site
            request.routing_exception = RequestRedirect(urlunsplit(("", "", path, parts.query, "")))
        return super().raise_routing_exception(request)

    def log_exception(self, exc_info) -> None:
        """An unexpected error's log line in Indonesian (Flask's says "Exception on /x [GET]")."""
        from flask import request

        self.logger.error("Galat tak terduga saat melayani %s %s", request.method, request.path, exc_info=exc_info)


def _agency_results(settings: Settings) -> tuple[str, ...]:
    privacy = getattr(settings, "privacy", None)
    default = getattr(privacy, "agency_results", "") or "terbatas"
    agencies = getattr(settings, "agencies", ()) or ()
    if not agencies or not hasattr(settings, "agency_results"):
        return (default,)
    return tuple(sorted({settings.agency_results(a.code) for a in agencies}))


def _config_from_settings(settings: Settings) -> dict[str, Any]:
    return {
        "STORE_PATH": settings.store.path,
        "MIN_RESPONSES": settings.scoring.min_responses,
        "MIN_GROUP_SIZE": settings.web.min_group_size,
        "MIN_CELL_SIZE": settings.web.min_cell_size,
        # The Hasil Kinerja modes in force ([privacy] agency_results, each agency's own): /metodologi
        # says where an employee reads their result by them.
        "AGENCY_RESULTS": _agency_results(settings),
        "CITY_NAME": settings.city.name or DEFAULT_CITY_NAME,
        "SCORING": settings.scoring,
        "REPORT_PAPER": getattr(getattr(settings, "report", None), "paper", "A4"),  # the HR Excel report's paper
        # The rules named on /metodologi; FEEDBACK is the [feedback] suggestion table (issue 3).
        "RULES": (getattr(settings, "rules_id", ""), getattr(settings, "rules_name", "")),
        "FEEDBACK": getattr(settings, "feedback", None),
        "SECRET_KEY": os.environ.get(settings.web.secret_key_env) or None,
        # The public site's links, publisher and data licence ('' = not shown).
        "SKM_FORM_URL": getattr(settings, "survey_form_url", "") or getattr(settings.web, "skm_form_url", ""),
        "COMPLAINT_URL": getattr(settings.web, "complaint_url", ""),
        "PUBLISHER": getattr(settings.web, "publisher", ""),
        "PUBLISHER_CONTACT": getattr(settings.web, "publisher_contact", ""),
        "DATA_LICENCE": getattr(settings.web, "data_licence", ""),
    }


def create_app(settings: Settings | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask app for the store named by `settings` (or `test_config`)."""
    app = _App(__name__)
    app.config.update(
        MIN_GROUP_SIZE=DEFAULT_MIN_GROUP_SIZE,
        MIN_CELL_SIZE=DEFAULT_MIN_CELL,
        CITY_NAME=DEFAULT_CITY_NAME,
        SECRET_KEY=None,
    )
    if settings is not None:
        app.config.update(_config_from_settings(settings))
    app.config.update(test_config or {})
    if not app.config.get("STORE_PATH"):
        raise ConfigError(['[store] path belum diisi: tulis letak basis data hasil, mis. path = "var/kinerja.sqlite".'])
    if not app.config.get("SECRET_KEY"):
        # Only the HR login's session cookie needs it; a random key just logs everyone out on restart.
        app.config["SECRET_KEY"] = secrets.token_hex(32)

    # The params in force: from settings (or test_config's SCORING), with MIN_RESPONSES applied so
    # the methodology page states the very threshold the pages suppress by.
    scoring = app.config.get("SCORING") or ScoringParams()
    app.config.setdefault("MIN_RESPONSES", scoring.min_responses)
    app.config["SCORING"] = dataclasses.replace(scoring, min_responses=int(app.config["MIN_RESPONSES"]))

    store = StoreReader(app.config["STORE_PATH"])  # the site only reads
    app.extensions["kinerja.store"] = store
    app.extensions["kinerja.public"] = PublicData(
        store,
        int(app.config["MIN_RESPONSES"]),
        int(app.config["MIN_GROUP_SIZE"]),
        ikm_drop_points=float(app.config["SCORING"].ikm_drop_points),
        min_cell=int(app.config["MIN_CELL_SIZE"]),
    )

    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests["agency_unit"] = is_agency_unit  # `{% if unit_id is agency_unit %}`
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Indonesian text stays readable

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    from web.public import bp as public_bp

    app.register_blueprint(public_bp)
    from web.hr import register as register_hr  # the HR area: login, pages, report download

    register_hr(app, settings)
    from web.keberatan import register as register_keberatan  # objections to confirmed results

    register_keberatan(app, settings)
    from web.penetapan import register as register_penetapan  # /tim/<nip>/<periode>: Tetapkan, Kembalikan

    register_penetapan(app, settings)
    from web.dokumen.views import register as register_documents  # /verifikasi, /pegawai/<nip>/dokumen

    register_documents(app)
    return app
