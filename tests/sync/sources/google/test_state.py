"""sync/sources/google/state.py: the per-spreadsheet write digests and extents survive a restart."""

from __future__ import annotations

import json

from sync.sources.google.state import WriteState


def test_round_trip_through_the_file(tmp_path):
    path = tmp_path / "var" / "google-state.json"
    state = WriteState.load(path)
    assert state.digest("dinkes") is None and state.tab("dinkes", "Hasil Kinerja") is None
    state.set_tab("dinkes", "Hasil Kinerja", rows=10, columns=3, fmt="abc")
    state.set_tab("dinkes", "Hasil Kinerja", rows=4, columns=3)  # the format stays
    state.set_digest("dinkes", "d1")
    state.save()
    again = WriteState.load(path)
    assert again.digest("dinkes") == "d1"
    assert again.tab("dinkes", "hasil  kinerja") == {"rows": 4, "columns": 3, "format": "abc"}
    assert json.loads(path.read_text())["version"] == 1
    assert [p.name for p in path.parent.iterdir()] == ["google-state.json"]  # no temporary file left


def test_a_damaged_or_foreign_file_is_an_empty_state(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{kaput")
    assert WriteState.load(path).sheets == {}
    path.write_text("[1, 2]")
    assert WriteState.load(path).sheets == {}


def test_without_a_path_nothing_is_saved_and_an_unwritable_path_is_no_error(tmp_path):
    state = WriteState.load(None)
    state.set_digest("x", "d")
    state.save()
    blocker = tmp_path / "file"
    blocker.write_text("")
    stuck = WriteState.load(blocker / "state.json")  # its folder is a file: cannot be created
    stuck.set_digest("x", "d")
    stuck.save()
    assert stuck.digest("x") == "d"


def test_the_state_file_is_owner_only(tmp_path):
    import os

    previous = os.umask(0o022)
    try:
        state = WriteState.load(tmp_path / "google-state.json")
        state.set_digest("dinkes", "d1")
        state.save()
    finally:
        os.umask(previous)
    assert state.path.stat().st_mode & 0o777 == 0o600
