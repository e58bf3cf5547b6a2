"""Who may see whose appraisal, and as what: pure functions over a viewer and roster rows.

Roles (issue 13):
- *pegawai*: their own data (a viewer with a NIP);
- *atasan*, derived from the rosters every cycle, never assigned: the `NIP Atasan`
  (employees.supervisor_nip) of someone is their Pejabat Penilai; the Pejabat Penilai's own
  atasan is the Atasan Pejabat Penilai. Two levels, no further;
- *admin OPD*: every employee of the agencies assigned to the account;
- *BKPSDM*: everyone.

One login holds the union of these. `relation` names the strongest tie between a viewer and one
employee (None: the viewer may not see them, and the caller answers 403 whether the NIP exists
or not). Nothing here reads the store: callers pass the roster rows the question needs (the
target's and their supervisors' rows, or the viewer's reports and theirs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

SELF = "Diri sendiri"
RATER = "Pejabat Penilai"
RATER_OF_RATER = "Atasan Pejabat Penilai"
ADMIN = "Admin OPD"
BKPSDM = "BKPSDM"
# The order a relation is named in when several hold (one's own page is one's own page).
ORDER = (SELF, RATER, RATER_OF_RATER, ADMIN, BKPSDM)


@dataclass(frozen=True)
class Viewer:
    """A logged-in person: their NIP (None for a BKPSDM username login), the agencies they
    administer, and whether they are BKPSDM."""

    login: str
    nip: str | None = None
    admin_agencies: frozenset[str] = field(default_factory=frozenset)
    bkpsdm: bool = False
    name: str = ""

    @property
    def is_admin(self) -> bool:
        """May enter the /hr area (admin OPD of some agency, or BKPSDM)."""
        return self.bkpsdm or bool(self.admin_agencies)


@dataclass(frozen=True)
class Person:
    """One roster row as far as scope cares: who, where, whose report."""

    nip: str
    agency: str
    supervisor_nip: str = ""
    active: bool = True


def people_from(rows: Iterable[dict]) -> list[Person]:
    """Person rows from employees-table dicts (missing values as empty / active)."""
    out = []
    for row in rows:
        active = row.get("active")
        out.append(
            Person(
                str(row.get("nip") or ""),
                str(row.get("agency") or ""),
                str(row.get("supervisor_nip") or ""),
                active is None or bool(active),
            )
        )
    return out


def supervisors(nip: str, people: Iterable[Person]) -> dict[str, str]:
    """NIP -> relation (RATER, RATER_OF_RATER) of the people above `nip`, from active roster rows.
    A NIP on two rosters may have two Pejabat Penilai; both count. Someone who is their own
    supervisor (a typo) gains nothing from it."""
    rows = [p for p in people if p.active and p.supervisor_nip]
    above: dict[str, set[str]] = {}
    for p in rows:
        above.setdefault(p.nip, set()).add(p.supervisor_nip)
    out: dict[str, str] = {}
    for first in sorted(above.get(nip, ())):
        if first != nip:
            out[first] = RATER
    for first in sorted(above.get(nip, ())):
        for second in sorted(above.get(first, ())):
            if second != nip and second not in out:
                out[second] = RATER_OF_RATER
    return out


def team(viewer_nip: str | None, people: Iterable[Person]) -> dict[str, str]:
    """NIP -> relation of everyone the viewer supervises: direct reports (RATER) and theirs
    (RATER_OF_RATER); active roster rows only."""
    if not viewer_nip:
        return {}
    rows = [p for p in people if p.active and p.supervisor_nip]
    below: dict[str, set[str]] = {}
    for p in rows:
        below.setdefault(p.supervisor_nip, set()).add(p.nip)
    out: dict[str, str] = {}
    for first in below.get(viewer_nip, ()):
        if first != viewer_nip:
            out[first] = RATER
    for first in list(out):
        for second in below.get(first, ()):
            if second != viewer_nip and second not in out:
                out[second] = RATER_OF_RATER
    return out


def relations(
    viewer: Viewer, target_nip: str, people: Iterable[Person], target_agencies: Iterable[str] = ()
) -> set[str]:
    """Every tie between the viewer and the employee `target_nip`. `people` must hold the
    target's roster rows and those of their supervisors; `target_agencies` every agency the
    target has rows in (roster or results: someone who left the roster keeps their history)."""
    people = list(people)
    agencies = {p.agency for p in people if p.nip == target_nip} | set(target_agencies)
    found: set[str] = set()
    if viewer.nip and viewer.nip == target_nip:
        found.add(SELF)
    if viewer.nip:
        tie = supervisors(target_nip, people).get(viewer.nip)
        if tie:
            found.add(tie)
    if agencies & viewer.admin_agencies:
        found.add(ADMIN)
    if viewer.bkpsdm:
        found.add(BKPSDM)
    return found


def relation(
    viewer: Viewer, target_nip: str, people: Iterable[Person], target_agencies: Iterable[str] = ()
) -> str | None:
    """The strongest tie (ORDER), or None: the viewer may not see this employee."""
    found = relations(viewer, target_nip, people, target_agencies)
    return next((r for r in ORDER if r in found), None)


def visible_agencies(viewer: Viewer, codes: Iterable[str]) -> list[str]:
    """The agencies whose lists, Validasi and reports the viewer may open in the /hr area."""
    return [c for c in codes if viewer.bkpsdm or c in viewer.admin_agencies]


def may_open_agency(viewer: Viewer, code: str | None) -> bool:
    """An agency chosen in a form or a query string (?opd=): only one the viewer administers.
    None / '' means "every agency", which only BKPSDM may ask for."""
    if not code:
        return viewer.bkpsdm
    return viewer.bkpsdm or code in viewer.admin_agencies


def role_names(viewer: Viewer, has_team: bool) -> list[str]:
    """The roles one login holds, for the page header ("Pegawai · Atasan · Admin OPD")."""
    names = []
    if viewer.nip:
        names.append("Pegawai")
    if has_team:
        names.append("Atasan")
    if viewer.admin_agencies:
        names.append("Admin OPD " + ", ".join(sorted(viewer.admin_agencies)))
    if viewer.bkpsdm:
        names.append("BKPSDM")
    return names
