"""web/scope.py: who may see whom, as what (pure, no store)."""

from __future__ import annotations

from web import scope
from web.scope import ADMIN, BKPSDM, RATER, RATER_OF_RATER, SELF, Person, Viewer

# HEAD leads MID, MID leads LEAF1 and LEAF2 (all DINKES); OTHER is in DPMPTSP with no supervisor.
HEAD, MID, LEAF1, LEAF2, OTHER = "1" * 18, "2" * 18, "3" * 18, "4" * 18, "5" * 18
PEOPLE = [
    Person(HEAD, "DINKES"),
    Person(MID, "DINKES", HEAD),
    Person(LEAF1, "DINKES", MID),
    Person(LEAF2, "DINKES", MID),
    Person(OTHER, "DPMPTSP"),
]


def test_own_page_is_self():
    assert scope.relation(Viewer("x", LEAF1), LEAF1, PEOPLE) == SELF


def test_two_levels_of_supervisors_and_no_third():
    assert scope.supervisors(LEAF1, PEOPLE) == {MID: RATER, HEAD: RATER_OF_RATER}
    assert scope.relation(Viewer("m", MID), LEAF1, PEOPLE) == RATER
    assert scope.relation(Viewer("h", HEAD), LEAF1, PEOPLE) == RATER_OF_RATER
    top = "9" * 18
    chain = [*PEOPLE[:1], Person(HEAD, "DINKES", top), *PEOPLE[1:]]
    assert scope.relation(Viewer("t", top), LEAF1, chain) is None  # three levels up: nothing


def test_reports_do_not_see_their_supervisor_nor_each_other():
    assert scope.relation(Viewer("l", LEAF1), MID, PEOPLE) is None
    assert scope.relation(Viewer("l", LEAF1), LEAF2, PEOPLE) is None


def test_team_lists_direct_and_second_level_reports():
    assert scope.team(HEAD, PEOPLE) == {MID: RATER, LEAF1: RATER_OF_RATER, LEAF2: RATER_OF_RATER}
    assert scope.team(LEAF1, PEOPLE) == {}
    assert scope.team(None, PEOPLE) == {}


def test_inactive_rows_and_self_supervision_give_nothing():
    people = [Person(LEAF1, "DINKES", MID, active=False), Person(MID, "DINKES", MID)]
    assert scope.relation(Viewer("m", MID), LEAF1, people) is None
    assert scope.team(MID, people) == {}


def test_admin_opd_sees_their_agency_only():
    admin = Viewer("a", None, frozenset({"DINKES"}))
    assert scope.relation(admin, LEAF1, PEOPLE) == ADMIN
    assert scope.relation(admin, OTHER, PEOPLE) is None
    # someone who left the roster: their results' agency decides
    assert scope.relation(admin, "7" * 18, [], target_agencies=["DINKES"]) == ADMIN
    assert scope.relation(admin, "7" * 18, []) is None


def test_bkpsdm_sees_everyone_and_union_of_roles():
    assert scope.relation(Viewer("b", bkpsdm=True), OTHER, PEOPLE) == BKPSDM
    both = Viewer("m", MID, frozenset({"DPMPTSP"}))
    assert scope.relations(both, LEAF1, PEOPLE) == {RATER}
    assert scope.relations(both, OTHER, PEOPLE) == {ADMIN}
    assert scope.role_names(both, has_team=True) == ["Pegawai", "Atasan", "Admin OPD DPMPTSP"]


def test_agency_choice_never_widens():
    admin = Viewer("a", None, frozenset({"DINKES"}))
    assert scope.visible_agencies(admin, ["DINKES", "DPMPTSP"]) == ["DINKES"]
    assert scope.may_open_agency(admin, "DINKES")
    assert not scope.may_open_agency(admin, "DPMPTSP")
    assert not scope.may_open_agency(admin, "")  # "every agency" is BKPSDM's alone
    assert scope.may_open_agency(Viewer("b", bkpsdm=True), "")
    assert not Viewer("p", LEAF1).is_admin


def test_people_from_rows():
    rows = [{"nip": LEAF1, "agency": "DINKES", "supervisor_nip": None, "active": None}]
    assert scope.people_from(rows) == [Person(LEAF1, "DINKES", "", True)]
