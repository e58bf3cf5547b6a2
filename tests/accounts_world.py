"""A store with a chain of supervisors and an account for every role (issue 13 tests).

DINKES: HEAD (nip(0,0)) leads MID (nip(0,1)), who leads LEAF (nip(0,2)) and LEAF2 (nip(0,3)).
ADMIN_DINKES (nip(0,4)) is admin OPD of DINKES; ADMIN_OTHER (nip(1,1)) of DPMPTSP. OTHER
(nip(1,0)) is a DPMPTSP employee. BKPSDM is the config user "bkpsdm" of tests.hr_helpers.
"""

from __future__ import annotations

import shutil

from werkzeug.security import generate_password_hash

from sync.store import ResultsStore, accounts as account_store
from sync.store.accounts import Account
from tests import fixture_store as fx
from tests.hr_helpers import FAST_METHOD, PASSWORD, csrf_token, hr_store

HEAD, MID, LEAF, LEAF2, ADMIN_DINKES = (fx.nip(0, i) for i in range(5))
OTHER, ADMIN_OTHER = fx.nip(1, 0), fx.nip(1, 1)
OTHER_AGENCY_NAMES = [name for name, _unit, _ps in fx._PEOPLE["DPMPTSP"]]
OTHER_AGENCY_NIPS = [fx.nip(1, i) for i in range(5)]

# role -> login (None: anonymous)
ROLES = {
    "anonim": None,
    "pegawai": LEAF,
    "atasan": MID,
    "atasan-atasan": HEAD,
    "admin-opd": ADMIN_DINKES,
    "admin-opd-lain": ADMIN_OTHER,
    "bkpsdm": "bkpsdm",
}


def add_chain(store: ResultsStore) -> None:
    with store.connect() as conn:
        conn.execute("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", (HEAD, MID))
        conn.executemany("UPDATE employees SET supervisor_nip = ? WHERE nip = ?", [(MID, LEAF), (MID, LEAF2)])


def add_accounts(store: ResultsStore) -> None:
    hashed = generate_password_hash(PASSWORD, method=FAST_METHOD)
    for nip, name in ((LEAF, "Pegawai Daun"), (MID, "Atasan Tengah"), (HEAD, "Kepala Puncak")):
        account_store.save_account(store, Account(nip, nip, name, hashed, account_store.ROLE_EMPLOYEE))
    account_store.save_account(
        store, Account(ADMIN_DINKES, ADMIN_DINKES, "Admin Dinkes", hashed, account_store.ROLE_ADMIN, "DINKES")
    )
    account_store.save_account(
        store, Account(ADMIN_OTHER, ADMIN_OTHER, "Admin DPMPTSP", hashed, account_store.ROLE_ADMIN, "DPMPTSP")
    )


def world_store(tmp_path) -> ResultsStore:
    store = hr_store(tmp_path)
    add_chain(store)
    add_accounts(store)
    return store


def copy_store(template, tmp_path) -> ResultsStore:
    shutil.copy(template, tmp_path / "kinerja.sqlite")
    return ResultsStore(tmp_path / "kinerja.sqlite")


def log_in(client, login: str, password: str = PASSWORD):
    data = {"csrf_token": csrf_token(client), "username": login, "password": password}
    response = client.post("/masuk", data=data)
    assert response.status_code == 303, (login, response.status_code)
    return response
