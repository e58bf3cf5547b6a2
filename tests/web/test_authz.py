"""Authorization as a matrix (issue 13, item 7): every route of app.url_map x every role x every
target (own, direct report, two levels down, another agency's employee), and query strings that
name another NIP or agency (?nip=, ?opd=, ?lingkup=) never widen what a role sees."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from flask import url_for

from tests import accounts_world as w
from tests.hr_helpers import hr_app

PUBLIC_PREFIXES = ("public.", "static", "auth.", "activation.", "signin_link.", "dokumen_public.")
OWN_ONLY = {"me.mine", "me.mine_json", "me.mine_xlsx", "me.team"}  # about the viewer alone
ADMIN_ONLY_PREFIXES = ("hr.", "accounts_admin.")
BKPSDM_ONLY = {"accounts_admin.access_log", "periods.index"}

# Who may open /pegawai/<nip> of whom: role -> targets allowed.
TARGETS = {"sendiri": None, "bawahan": w.LEAF, "dua-tingkat": w.LEAF, "opd-lain": w.OTHER}
MAY_SEE = {
    "pegawai": {w.LEAF},
    "atasan": {w.MID, w.LEAF, w.LEAF2},
    "atasan-atasan": {w.HEAD, w.MID, w.LEAF, w.LEAF2},
    "admin-opd": {w.HEAD, w.MID, w.LEAF, w.LEAF2, w.ADMIN_DINKES},
    "admin-opd-lain": set(w.OTHER_AGENCY_NIPS),
    "bkpsdm": {w.HEAD, w.MID, w.LEAF, w.LEAF2, w.ADMIN_DINKES, *w.OTHER_AGENCY_NIPS},
}
SEES_OTHER_AGENCY = {"admin-opd-lain", "bkpsdm"}


def targets_of(role: str) -> dict[str, str]:
    """own, direct report, two levels down, another agency's employee, as seen from `role`."""
    own = w.ROLES[role] if role not in ("anonim", "bkpsdm") else w.LEAF
    report = {"atasan": w.LEAF, "atasan-atasan": w.MID}.get(role, w.LEAF)
    return {"sendiri": own, "bawahan": report, "dua-tingkat": w.LEAF, "opd-lain": w.OTHER}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return w.world_store(tmp_path_factory.mktemp("authz")).path


@pytest.fixture(scope="module")
def app(template, tmp_path_factory):
    return hr_app(w.copy_store(template, tmp_path_factory.mktemp("authz-copy")))


@pytest.fixture(scope="module")
def clients(app):
    out = {}
    for role, login in w.ROLES.items():
        client = app.test_client()
        if login:
            w.log_in(client, login)
        out[role] = client
    return out


def rules(app):
    return [r for r in app.url_map.iter_rules() if not r.endpoint.startswith(PUBLIC_PREFIXES)]


def url(app, rule, nip: str | None = None, **query) -> str:
    with app.test_request_context():
        values = {"nip": nip} if "nip" in rule.arguments else {}
        if "objection_id" in rule.arguments:
            values["objection_id"] = 1  # none filed in this store: 403 for everyone (tests/web/test_keberatan.py)
        if "periode" in rule.arguments:  # the Dokumen Evaluasi of a month the fixture has
            values["periode"] = "2026-10"
        return url_for(rule.endpoint, **values, **query)


def expected(role: str, endpoint: str, target: str | None) -> bool:
    if role == "anonim":
        return False
    if endpoint in ("me.employee", "hr.employee", "dokumen.document"):
        if endpoint == "hr.employee" and role not in ("admin-opd", "admin-opd-lain", "bkpsdm"):
            return False
        return target in MAY_SEE[role]
    if endpoint == "penetapan.review":  # the Pejabat Penilai (acts) and the Atasan Pejabat Penilai (looks)
        return role in ("atasan", "atasan-atasan") and target in MAY_SEE[role] and target != w.ROLES[role]
    if endpoint in ("me.mine_json", "me.mine_xlsx"):
        return role != "bkpsdm"  # a username login has no data of its own
    if endpoint in OWN_ONLY:
        return True
    if endpoint == "keberatan.inbox":
        return True  # the objections the viewer decides or whose result they confirmed (none here)
    if endpoint == "keberatan.detail":
        return False
    if endpoint == "keberatan.hr_list":
        return role == "bkpsdm"
    if endpoint in BKPSDM_ONLY:
        return role == "bkpsdm"
    if endpoint.startswith(ADMIN_ONLY_PREFIXES):
        return role in ("admin-opd", "admin-opd-lain", "bkpsdm")
    raise AssertionError(f"no rule in this test for {endpoint}: add it to expected()")


def test_every_private_route_x_role_x_target(app, clients):
    checked, wrong = 0, []
    for rule in rules(app):
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        if "GET" not in methods:
            continue  # the POSTs: test_posts_never_widen below
        for role, client in clients.items():
            for target_name, target in targets_of(role).items():
                link = url(app, rule, target)
                response = client.get(link)
                allowed = expected(role, rule.endpoint, target if "nip" in rule.arguments else None)
                checked += 1
                if allowed:
                    ok = response.status_code == 200
                elif role == "anonim":
                    ok = response.status_code == 302 and response.headers["Location"].startswith("/masuk")
                else:
                    ok = response.status_code == 403
                if not ok:
                    wrong.append((rule.endpoint, role, target_name, link, response.status_code))
    assert wrong == []
    assert checked >= 7 * 4 * 12  # every role x target over a dozen GET routes at least


def test_forbidden_says_nothing_about_whether_the_nip_exists(clients):
    real = clients["pegawai"].get(f"/pegawai/{w.OTHER}")
    invented = clients["pegawai"].get("/pegawai/199001012020011999")
    malformed = clients["pegawai"].get("/pegawai/123")
    assert real.status_code == invented.status_code == malformed.status_code == 403
    assert real.get_data() == invented.get_data() == malformed.get_data()


@pytest.mark.parametrize("role", [r for r in w.ROLES if r not in ("anonim", *SEES_OTHER_AGENCY)])
def test_query_strings_never_widen(app, clients, role):
    """Every GET route with ?nip=, ?opd=, ?lingkup= naming another agency: 403, or a page that
    holds none of that agency's people."""
    client = clients[role]
    for rule in rules(app):
        if "GET" not in rule.methods:
            continue
        own = targets_of(role)["sendiri"]
        link = url(app, rule, own) + f"?nip={w.OTHER}&opd=DPMPTSP&lingkup=DPMPTSP&periode=2026-10"
        response = client.get(link)
        if response.status_code != 200:
            assert response.status_code in (400, 403, 404), (link, response.status_code)
            continue
        body = text_of_body(response.get_data())
        leaked = [n for n in [*w.OTHER_AGENCY_NAMES, *w.OTHER_AGENCY_NIPS] if n in body]
        assert leaked == [], (role, link)


def text_of_body(data: bytes) -> str:
    """A page's text, or every part of an .xlsx download (a zip of XML)."""
    if data[:5] == b"%PDF-":  # the Dokumen Evaluasi: its text as poppler reads it
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist())
    return data.decode("utf-8")


def test_posts_never_widen(clients):
    """The report downloads: an admin OPD gets their agency's file, never another's or the city's."""
    from tests.hr_helpers import csrf_token

    admin = clients["admin-opd"]
    token = csrf_token(admin, "/hr/laporan")
    other = admin.post("/hr/laporan", data={"csrf_token": token, "periode": "2026-10", "opd": "DPMPTSP"})
    everyone = admin.post("/hr/laporan", data={"csrf_token": token, "periode": "2026-10", "opd": ""})
    own = admin.post("/hr/laporan", data={"csrf_token": token, "periode": "2026-10", "opd": "DINKES"})
    assert other.status_code == 403 and everyone.status_code == 400 and own.status_code == 200
    assert own.headers["Content-Disposition"].endswith("DINKES.xlsx")
    skm_other = admin.post("/hr/laporan-skm", data={"csrf_token": token, "periode": "2026-10", "opd": "DPMPTSP"})
    skm_city = admin.post("/hr/laporan-skm", data={"csrf_token": token, "periode": "2026-10", "opd": ""})
    assert skm_other.status_code == 403 and skm_city.status_code == 400
    code_other = admin.post("/hr/kode-aktivasi?opd=DPMPTSP", data={"csrf_token": token, "nip": w.OTHER})
    code_foreign = admin.post("/hr/kode-aktivasi", data={"csrf_token": token, "nip": w.OTHER})
    assert code_other.status_code == 403 and code_foreign.status_code == 400
    for role in ("pegawai", "atasan"):
        client = clients[role]
        token = csrf_token(client, "/saya")
        response = client.post("/hr/laporan", data={"csrf_token": token, "periode": "2026-10", "opd": "DINKES"})
        assert response.status_code == 403
