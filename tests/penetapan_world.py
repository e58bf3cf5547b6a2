"""A small demo city, generated and synced by the real cycle (main.run_demo), with accounts for the
people of one team (issue 14 penetapan tests).

The team is chosen from the synced rosters: the supervisor (RATER, the Pejabat Penilai) whose
direct reports include a complete result and an incomplete one in the latest month; RATER_OF_RATER
is their own supervisor (the Atasan Pejabat Penilai); COLLEAGUE a peer of RATER (same supervisor);
ADMIN an employee of the same agency outside that chain, made admin OPD. Every one of them and
every member has an account with tests.hr_helpers.PASSWORD; members have an Email on the roster.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import generate_password_hash

from sync.demo.generate import DemoScale
from sync.store import ResultsStore, accounts as account_store
from sync.store.accounts import Account
from tests.hr_helpers import FAST_METHOD, PASSWORD

SCALE = DemoScale(agencies=2, employees=20, responses=200, complaints=10)


@dataclass(frozen=True)
class World:
    path: Path  # the synced store
    config: Path  # the demo's kinerja.toml
    agency: str
    period: str  # the latest month
    rater: str
    rater_of_rater: str
    colleague: str
    admin: str
    members: tuple[str, ...]  # RATER's direct reports with a result in `period`
    complete: tuple[str, ...]  # ... whose result has a predikat, nothing missing and no rejected row
    incomplete: tuple[str, ...]
    names: dict

    def email(self, nip: str) -> str:
        return f"pegawai-{nip}@solokkota.go.id"


def build(folder: Path) -> World:
    from main import run_demo

    paths = run_demo(folder, serve=False, scale=SCALE, log=lambda _line: None)
    store = ResultsStore(paths["store"])
    people = store.read("employees")
    results = store.read("results")
    period = str(results["period"].max())
    month = results.loc[results["period"] == period]
    by_nip = {str(r.nip): r for r in month.itertuples()}
    supervisor_of = {str(r.nip): str(r.supervisor_nip or "") for r in people.itertuples()}
    names = {str(r.nip): str(r.name) for r in people.itertuples()}

    def done(nip: str) -> bool:
        row = by_nip[nip]
        rejected = isinstance(row.rejected_rows, str) and row.rejected_rows  # not taken by bulk confirmation
        return bool(row.predikat) and not (isinstance(row.missing, str) and row.missing) and not rejected

    best = None
    for boss in sorted(set(supervisor_of.values()) - {""}):
        reports = sorted(n for n, s in supervisor_of.items() if s == boss and n in by_nip)
        above = supervisor_of.get(boss, "")
        peers = sorted(n for n, s in supervisor_of.items() if s == above and n != boss) if above else []
        if not above or not peers or len(reports) < 2:
            continue
        good = [n for n in reports if done(n)]
        score = (len(good) >= 2 and len(good) < len(reports), len(reports))
        if best is None or score > best[0]:
            best = (score, boss, above, peers[0], reports)
    assert best is not None, "the demo city has no team of two or more under a supervisor with a supervisor"
    _score, rater, rater_of_rater, colleague, members = best
    agency = str(people.loc[people["nip"] == rater, "agency"].iloc[0])
    chain = {rater, rater_of_rater, colleague, *members}
    admin = next(
        str(n)
        for n in people.loc[people["agency"] == agency, "nip"]
        if str(n) not in chain and supervisor_of.get(str(n))
    )
    for old in account_store.accounts(store):
        account_store.delete_account(store, old.login)
    hashed = generate_password_hash(PASSWORD, method=FAST_METHOD)
    for nip in (rater, rater_of_rater, colleague, *members):
        account_store.save_account(store, Account(nip, nip, names[nip], hashed, account_store.ROLE_EMPLOYEE))
    account_store.save_account(store, Account(admin, admin, names[admin], hashed, account_store.ROLE_ADMIN, agency))
    world = World(
        path=store.path,
        config=Path(paths["config"]),
        agency=agency,
        period=period,
        rater=rater,
        rater_of_rater=rater_of_rater,
        colleague=colleague,
        admin=admin,
        members=tuple(members),
        complete=tuple(n for n in members if done(n)),
        incomplete=tuple(n for n in members if not done(n)),
        names=names,
    )
    with store.connect() as conn:
        conn.executemany("UPDATE employees SET email = ? WHERE nip = ?", [(world.email(n), n) for n in members])
    return world


def copy(world: World, folder: Path) -> World:
    """The world on a fresh copy of its store (one per test)."""
    target = folder / "kinerja.sqlite"
    shutil.copy(world.path, target)
    return World(**{**world.__dict__, "path": target})


def copy_city(world: World, folder: Path) -> World:
    """The world's whole demo folder (its workbooks, config and store) copied to `folder`, for a
    test that edits the input workbooks and syncs again (`sync`)."""
    source = world.config.parent
    shutil.copytree(source, folder, dirs_exist_ok=True)
    return World(
        **{**world.__dict__, "path": folder / world.path.relative_to(source), "config": folder / world.config.name}
    )


def sync(world: World) -> None:
    """One real cycle over the world's workbooks (local backend) into its store."""
    from config.settings import load_settings
    from sync.cycle import run_cycle
    from sync.sources.local import LocalBackend
    from sync.store import ResultsStore

    settings = load_settings(world.config)
    run_cycle(settings, LocalBackend(settings.source.folder), ResultsStore(world.path), log=lambda _line: None)
