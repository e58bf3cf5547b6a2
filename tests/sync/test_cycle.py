"""sync/cycle.py on the local backend: the whole spine on a small generated city.

Conservation (every row read is used, rejected with a Galat row, or superseded), every planted
mistake reported at its own row, identical output for identical input, and a failing
spreadsheet that stops nothing else and keeps its previous results.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from config.contract import GALAT, PERINGATAN
from config.settings import load_settings
from sync.cycle import STATUS_FAILED, STATUS_OK, STATUS_UNCHANGED, run_cycle
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.local import LocalBackend
from sync.store import ResultsStore

TODAY = dt.date(2026, 11, 28)
SMALL = DemoScale(agencies=6, employees=90, responses=1500, complaints=40)


@pytest.fixture(scope="module")
def small_city():
    return generate_city(SMALL, seed=3)


@pytest.fixture
def city_dir(tmp_path, small_city):
    write_workbooks(small_city, tmp_path / "data", workers=1)
    write_config(small_city, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    return tmp_path


def cycle(city_dir, lines=None):
    settings = load_settings(city_dir / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(
        settings,
        LocalBackend(settings.source.folder),
        store,
        log=(lines.append if lines is not None else lambda _l: None),
        today=TODAY,
    )
    return settings, store, result


def test_every_row_is_used_or_reported(city_dir, small_city):
    lines: list[str] = []
    _settings, store, result = cycle(city_dir, lines)
    assert result.status == STATUS_OK
    issues = store.read("issues")
    for sheet in result.sheets:
        assert sheet.rows_read > 0
        assert sheet.rows_read == sheet.rows_used + sheet.rows_rejected + sheet.rows_superseded, sheet
        mine = issues[issues["scope"] == sheet.scope]
        # Each rejected row has a Galat at its own row number, or is in the row ranges of a Galat
        # that groups the repeats of one value.
        galat = mine[mine["severity"] == GALAT]
        covered = {
            (tab, row)
            for tab, row, problem in zip(galat["tab"], galat["row"], galat["problem"])
            for row in grouped_rows(problem, row)
        }
        assert len(covered) == sheet.rows_rejected, sheet.spreadsheet
    runs = store.read("run_sheets")
    assert len(runs) == len(small_city.agencies) + 1 and (runs["status"] == STATUS_OK).all()
    assert lines[-1].startswith("Sinkronisasi berhasil")


def grouped_rows(problem: str, row: int) -> list[int]:
    """The rows a Validasi row stands for: its own, or the ranges of a grouped one."""
    found = re.search(r"baris dengan isi ini: baris ([0-9–, ]+)\.\)", problem)
    if not found:
        return [row]
    assert "baris lain" not in problem
    rows = []
    for part in found.group(1).split(", "):
        low, _, high = part.partition("–")
        rows += range(int(low), int(high or low) + 1)
    return rows


def test_every_planted_mistake_is_reported_at_its_row(city_dir, small_city):
    _settings, store, _result = cycle(city_dir)
    issues = store.read("issues")
    scope_of = {a.spreadsheet: a.code for a in small_city.agencies} | {small_city.city_spreadsheet: "kota"}
    reported = {
        (scope, tab, n)
        for scope, tab, row, problem in zip(issues["scope"], issues["tab"], issues["row"], issues["problem"])
        for n in grouped_rows(problem, row)
    }
    missed = [m for m in small_city.mistakes if (scope_of[m.spreadsheet], m.tab, m.row) not in reported]
    assert small_city.mistakes and not missed, missed[:5]
    assert set(issues["severity"]) <= {GALAT, PERINGATAN}
    assert issues["fix"].str.len().min() > 10  # every problem says how to fix it


def test_the_demos_colleague_and_self_ratings_are_galat_and_unused(city_dir, small_city):
    from sync.demo import mistakes as mk

    _settings, store, _result = cycle(city_dir)
    issues = store.read("issues")
    code_of = {a.spreadsheet: a.code for a in small_city.agencies}
    planted = [m for m in small_city.mistakes if m.kind in (mk.RATING_COLLEAGUE, mk.RATING_SELF)]
    assert {m.kind for m in planted} == {mk.RATING_COLLEAGUE, mk.RATING_SELF}
    for m in planted:
        scope = code_of[m.spreadsheet]
        mine = issues[(issues["scope"] == scope) & (issues["tab"] == m.tab) & (issues["row"] == m.row)]
        assert GALAT in set(mine["severity"]), m
        words = "bukan atasan langsung" if m.kind == mk.RATING_COLLEAGUE else "sama dengan NIP pegawai yang dinilai"
        assert any(words in p for p in mine["problem"]), (m, mine["problem"].tolist())
        supervisor_row = int(m.detail.split("row ")[1].split(" ")[0])
        theirs = issues[(issues["scope"] == scope) & (issues["tab"] == m.tab) & (issues["row"] == supervisor_row)]
        assert not any("Data ganda" in p for p in theirs["problem"]), m  # the supervisor's row is used
    feedback = set(store.read("results")["feedback"])
    assert "jelek" not in feedback and "Saya hebat" not in feedback


def test_same_input_twice_gives_identical_output(city_dir):
    _s, store, first = cycle(city_dir)
    files = {p.name: p.read_bytes() for p in (city_dir / "data").glob("*.hasil.xlsx")}
    results = store.read("results").sort_values(["agency", "period", "nip"]).reset_index(drop=True)
    _s, store, second = cycle(city_dir)
    assert all(s.status == STATUS_UNCHANGED and not s.written for s in second.sheets)
    assert {p.name: p.read_bytes() for p in (city_dir / "data").glob("*.hasil.xlsx")} == files
    again = store.read("results").sort_values(["agency", "period", "nip"]).reset_index(drop=True)
    assert again.equals(results)


def test_input_workbooks_are_never_rewritten(city_dir):
    before = {p.name: p.read_bytes() for p in (city_dir / "data").glob("*.xlsx") if ".hasil." not in p.name}
    cycle(city_dir)
    after = {p.name: p.read_bytes() for p in (city_dir / "data").glob("*.xlsx") if ".hasil." not in p.name}
    assert after == before


def test_a_failing_agency_stops_nothing_and_keeps_its_previous_results(city_dir, small_city):
    _s, store, _first = cycle(city_dir)
    victim = small_city.agencies[1]
    previous = store.read("results", "agency = ?", (victim.code,))
    assert len(previous) > 0
    (city_dir / "data" / f"{victim.spreadsheet}.xlsx").write_bytes(b"rusak")
    lines: list[str] = []
    _s, store, result = cycle(city_dir, lines)
    failed = {s.scope: s for s in result.sheets if s.status == STATUS_FAILED}
    assert set(failed) == {victim.code}
    assert "tidak dapat dibaca" in failed[victim.code].error
    assert result.status == "sebagian gagal"
    kept = store.read("results", "agency = ?", (victim.code,))
    assert kept.equals(previous)
    others = [s for s in result.sheets if s.scope != victim.code]
    assert all(s.status in (STATUS_OK, STATUS_UNCHANGED) for s in others)
    assert any(victim.code in line and "GAGAL" in line for line in lines)
    record = store.read("run_sheets", "scope = ? AND status = ?", (victim.code, STATUS_FAILED))
    assert len(record) == 1


def test_unreadable_city_keeps_scoring_with_the_previous_ikm(city_dir, small_city):
    _s, store, _first = cycle(city_dir)
    before = store.read("results")[["agency", "period", "nip", "nhk", "ikm_used"]]
    assert before["ikm_used"].astype(bool).any()
    (city_dir / "data" / f"{small_city.city_spreadsheet}.xlsx").unlink()
    _s, store, result = cycle(city_dir)
    city = next(s for s in result.sheets if s.scope == "kota")
    assert city.status == STATUS_FAILED and "tidak ditemukan" in city.error
    after = store.read("results")[["agency", "period", "nip", "nhk", "ikm_used"]]
    assert (
        after.sort_values(["agency", "period", "nip"])
        .reset_index(drop=True)
        .equals(before.sort_values(["agency", "period", "nip"]).reset_index(drop=True))
    )
    assert not store.read("ikm").empty


def test_missing_spreadsheets_are_reported_per_sheet(tmp_path, small_city):
    write_config(small_city, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    (tmp_path / "data").mkdir()
    _s, _store, result = cycle(tmp_path)
    assert all(s.status == STATUS_FAILED for s in result.sheets)
    assert all("main.py init" in s.error for s in result.sheets)


def test_read_ahead_keeps_order_and_each_error_to_its_own_job():
    from config.errors import SpreadsheetUnavailable
    from sync.cycle import read_ahead

    class Backend:
        parallel_reads = 2

        def read(self, spreadsheet, tabs):
            if spreadsheet == "rusak":
                raise SpreadsheetUnavailable("rusak")
            return {"name": spreadsheet}

    jobs = [(name, []) for name in ("a", "rusak", "c", "d")]
    results = []
    for get in read_ahead(Backend(), jobs):
        try:
            results.append(get()["name"])
        except SpreadsheetUnavailable:
            results.append("GAGAL")
    assert results == ["a", "GAGAL", "c", "d"]


def test_read_ahead_starts_the_last_read_first_and_keeps_a_bounded_window():
    from config.errors import SpreadsheetUnavailable
    from sync.cycle import read_ahead

    started: list[str] = []

    class Backend:
        parallel_reads = 2

        def start_read(self, spreadsheet, tabs, then):
            started.append(spreadsheet)

            def result():
                if spreadsheet == "rusak":
                    raise SpreadsheetUnavailable("rusak")
                return then({"name": spreadsheet}) if then else {"name": spreadsheet}

            return result

    jobs = [(name, [], lambda raw: {"name": raw["name"].upper()}) for name in ("a", "rusak", "c", "d", "e")]
    jobs.append(("kota", []))  # no then: the raw read
    results, in_flight = [], []
    for get in read_ahead(Backend(), jobs):
        in_flight.append(len(started) - len(results))
        try:
            results.append(get()["name"])
        except SpreadsheetUnavailable:
            results.append("GAGAL")
    assert results == ["A", "GAGAL", "C", "D", "E", "kota"]
    assert started[:3] == ["kota", "a", "rusak"]  # the city (the last job) first, then a window
    assert max(in_flight) <= Backend.parallel_reads + 2  # the window, one more waiting, and the city


def test_background_writes_and_a_failed_write_fails_only_its_sheet(city_dir, small_city):
    settings = load_settings(city_dir / "kinerja.toml")
    victim = small_city.agencies[0]
    # A folder where the result workbook should go: the rename into place fails.
    (city_dir / "data" / f"{victim.spreadsheet}.hasil.xlsx").mkdir()
    backend = LocalBackend(settings.source.folder, background_writes=True)
    try:
        result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=lambda _l: None, today=TODAY)
    finally:
        backend.close()
    by_scope = {s.scope: s for s in result.sheets}
    assert by_scope[victim.code].status == STATUS_FAILED
    assert "tidak dapat ditulis" in by_scope[victim.code].error
    others = [s for s in result.sheets if s.scope != victim.code]
    assert all(s.status == STATUS_OK and s.written for s in others)
    assert all(
        (city_dir / "data" / f"{a.spreadsheet}.hasil.xlsx").is_file() for a in small_city.agencies if a is not victim
    )


STORE_TABLES = ("results", "agency_summary", "results_periodic", "agency_periodic", "distribution_checks")


def _stored(store) -> dict:
    return {t: store.read(t).sort_values(list(store.read(t).columns[:3])).reset_index(drop=True) for t in STORE_TABLES}


def test_deriving_all_agencies_at_once_equals_one_agency_at_a_time(city_dir, monkeypatch):
    import sync.cycle as worker
    from sync.results.agency import derive

    _s, store, _r = cycle(city_dir)
    together = _stored(store)
    calls = city_dir / "derive.calls"  # written by the child that derives (nothing is locked)

    def one_by_one(bases, settings, rows=None):
        with calls.open("a") as out:
            out.write(f"{len(bases)}\n")
        out = {}
        for code, base in bases.items():
            out.update(derive({code: base}, settings, rows))
        return out

    monkeypatch.setattr(worker, "derive", one_by_one)
    store.path.unlink()
    _s, store, _r = cycle(city_dir)
    assert calls.read_text().split() == ["6"]
    separately = _stored(store)
    for table in STORE_TABLES:
        assert len(together[table]) > 0
        pd.testing.assert_frame_equal(together[table], separately[table], check_dtype=False)


def test_a_failing_joint_pass_falls_back_to_one_agency_at_a_time(city_dir, monkeypatch):
    import sync.cycle as worker
    from sync.results.agency import derive

    def fragile(bases, settings, rows=None):
        if len(bases) > 1 or "DINKES" in bases:  # one agency's data breaks the joint pass
            raise ValueError("data aneh")
        return derive(bases, settings, rows)

    monkeypatch.setattr(worker, "derive", fragile)
    lines: list[str] = []
    _s, store, result = cycle(city_dir, lines)
    failed = [s.scope for s in result.sheets if s.status == STATUS_FAILED]
    assert failed == ["DINKES"]
    assert "Perhitungan gabungan gagal; dihitung ulang per OPD." in lines
    codes = {a.code for a in _s.agencies}
    assert set(store.read("agency_summary")["agency"]) == codes - {"DINKES"}  # the others are all there


def test_summary_line_writes_thousands_with_a_dot():
    from sync.cycle import CycleResult, SheetRun

    result = CycleResult(
        run_id=1,
        started="",
        sheets=[
            SheetRun("setda", "SETDA", rows_read=1873, rows_used=1851, rows_rejected=21, written=True),
            SheetRun("kota", "kota", rows_read=28690, rows_used=28415, rows_rejected=1264, written=True),
        ],
    )
    assert result.summary_line() == (
        "Sinkronisasi berhasil: 2 spreadsheet, 0 gagal, 2 ditulis; 30.563 baris dibaca, 30.266 dipakai, "
        "1.285 ditolak (lihat tab Validasi)."
    )


def test_progress_lines_and_stored_summary_read_the_indonesian_way(city_dir):
    import json
    import re

    lines: list[str] = []
    _settings, store, result = cycle(city_dir, lines)
    progress = [line for line in lines if "baris dibaca" in line and not line.startswith("Sinkronisasi")]
    assert len(progress) == len(result.sheets)
    # "(0,4 detik)", never "(0.4 d)"; every count of 1,000 or more with a thousands dot.
    assert all(re.search(r"\(\d+,\d detik\)$", line) for line in progress), progress
    city = next(s for s in result.sheets if s.scope == "kota")
    assert city.rows_read >= 1000
    assert f"{city.rows_read // 1000}.{city.rows_read % 1000:03d} baris dibaca" in next(
        line for line in progress if line.strip().startswith("KOTA")
    )
    assert not [line for line in lines if re.search(r"\d{4,} (baris|dipakai|ditolak)", line)]
    total = sum(s.rows_read for s in result.sheets)
    stored = json.loads(store.read("runs")["summary"].iloc[-1])["line"]
    assert f"{total // 1000}.{total % 1000:03d} baris dibaca" in stored


def test_seconds_and_counts_for_log_lines():
    from sync import display

    assert display.count(30563) == "30.563" and display.count(7) == "7" and display.count(1_234_567) == "1.234.567"
    assert display.seconds(5.34) == "5,3 detik" and display.seconds(0.04) == "0,0 detik"
    assert display.seconds(75.25) == "75,3 detik"  # half-up, as every displayed number


def test_clock_times_for_log_lines_are_wib():
    from zoneinfo import ZoneInfo

    from sync import display

    utc = dt.datetime(2026, 12, 3, 11, 28, 16, tzinfo=dt.timezone.utc)
    assert display.clock_time(utc) == "18.28.16 WIB"
    naive = dt.datetime(2026, 12, 3, 23, 5, 0)  # the server's local time, as `schedule` keeps it
    assert display.clock_time(naive) == f"{naive.astimezone(ZoneInfo('Asia/Jakarta')):%H.%M.%S} WIB"


def test_officers_named_in_the_complaint_log_get_their_handling_in_nhk(city_dir):
    """Issue 12, items 8-9 end to end: the demo's Pengaduan names officers (NIP Petugas); the
    cycle counts their complaints in working days and blends c_aduan into NHK (SCORING.md §1)."""
    settings, store, result = cycle(city_dir)
    assert result.status == STATUS_OK
    results = store.read("results")
    handled = results[results["complaints_counted"].fillna(0) > 0]
    assert len(handled) >= 3
    params = settings.scoring
    share = handled["complaints_on_time"] / handled["complaints_counted"]
    expected = (100 * share / params.complaint_target).clip(upper=params.c_aduan_cap)
    assert (handled["c_aduan"] - expected).abs().max() < 1e-9
    both = handled[handled["ikm_used"].astype(bool) & handled["nhk_own"].notna()]
    assert len(both)
    nhk = 0.8 * both["nhk_own"] + 0.1 * both["c_ikm"] + 0.1 * both["c_aduan"]
    assert (both["nhk"] - nhk).abs().max() < 1e-9
    notes = handled["catatan"].str.contains("pengaduan selesai dalam 5 hari kerja")
    assert notes.mean() > 0.8  # a note keeps at most five sentences
    others = results[results["complaints_counted"].fillna(0) == 0]
    assert others["c_aduan"].isna().all()


def _written_tabs(city_dir) -> dict:
    from python_calamine import CalamineWorkbook

    out = {}
    for path in sorted((city_dir / "data").glob("*.hasil.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        out[path.name] = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    return out


@pytest.mark.parametrize("mode", ["lengkap", "terbatas"])
def test_building_every_agencys_tabs_at_once_equals_one_agency_at_a_time(city_dir, monkeypatch, mode):
    """Hasil Kinerja, Hasil Periodik and Ringkasan are built in one pass over all agencies (tabs.each_agency),
    the full tabs and the restricted ones ([privacy] "terbatas", with its small groups blanked and
    its rows to fix); each agency's tab must be exactly the one built from its own frames alone."""
    import sync.cycle as worker

    calls = city_dir / "big_tabs.calls"  # written by the child that builds them (sync.cycle._write_agencies)
    joint = worker._big_tabs

    def counted(*args):
        built = joint(*args)
        with calls.open("a") as out:
            out.write(f"{sum(len(tabs) for tabs in built.values())}\n")
        return built

    monkeypatch.setattr(worker, "_big_tabs", counted)
    config = city_dir / "kinerja.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[privacy]\nagency_results = "{mode}"\n', encoding="utf-8"
    )
    cycle(city_dir)
    together = _written_tabs(city_dir)
    # The three tabs of every agency came from the joint passes, built once.
    assert calls.read_text().split() == [str(3 * len(_codes(city_dir)))]
    for path in (city_dir / "data").glob("*.hasil.xlsx"):
        path.unlink()
    (city_dir / "var" / "kinerja.sqlite").unlink()
    monkeypatch.setattr(worker, "_big_tabs", lambda *args, **kwargs: {})  # every agency builds its own
    cycle(city_dir)
    separately = _written_tabs(city_dir)
    assert together.keys() == separately.keys() and len(together) == len(_codes(city_dir)) + 1
    for name in together:
        assert together[name] == separately[name], name


def test_a_failing_joint_tab_pass_fails_only_the_agency_whose_data_breaks_it(city_dir, monkeypatch):
    from sync.results import tabs

    # one agency's rows break the build
    _broken_for_dinkes(monkeypatch, tabs, "_hasil_frame", lambda results: "DINKES" in set(results["agency"]))
    config = city_dir / "kinerja.toml"  # the full tabs ("terbatas" never builds _hasil_frame)
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[privacy]\nagency_results = "lengkap"\n', encoding="utf-8"
    )
    _s, store, others = _only_dinkes_fails(city_dir)
    written = {p.name for p in (city_dir / "data").glob("*.hasil.xlsx")}
    assert len(written) == len(_codes(city_dir))  # every other agency, and the city
    assert set(store.read("agency_summary")["agency"]) == others


def test_scoring_agencies_in_one_pass_equals_scoring_each_alone(city_dir, monkeypatch):
    """Agencies with the same months are scored together (sync.results.agency.score_joint, one
    pass per core); every stored table and written tab must be what scoring each alone gives."""
    import sync.cycle as worker

    groups = []
    joint = worker.joint_groups

    def recorded(*args):
        groups.extend(joint(*args))
        return groups

    monkeypatch.setattr(worker, "joint_groups", recorded)
    _s, store, _r = cycle(city_dir)
    assert sorted(len(g) for g in groups) == [3, 3]  # the small city's 6 agencies, on two cores
    tables = ("employees", "results", "indicators", "issues", "agency_summary", "results_periodic", "history_state")
    together = {name: store.read(name) for name in tables}
    tabs = _written_tabs(city_dir)
    for path in (city_dir / "data").glob("*.hasil.xlsx"):
        path.unlink()
    (city_dir / "var" / "kinerja.sqlite").unlink()
    monkeypatch.setattr(worker, "joint_groups", lambda inputs, closed, parts: [(code,) for code in inputs])
    _s, store, _r = cycle(city_dir)
    for name in tables:
        pd.testing.assert_frame_equal(together[name], store.read(name), check_exact=True, obj=name)
    assert tabs == _written_tabs(city_dir)


def test_a_failing_joint_scoring_pass_fails_only_the_agency_whose_data_breaks_it(city_dir, monkeypatch):
    from sync.results import agency

    # one agency's rows break the feedback
    _broken_for_dinkes(monkeypatch, agency, "catatan_penilaian", lambda results: "DINKES" in set(results["agency"]))
    _s, store, others = _only_dinkes_fails(city_dir)
    # the agencies scored with DINKES in its pass were scored again alone, and stored
    assert set(store.read("results")["agency"]) == others


def test_a_history_that_fails_beside_derive_fails_only_its_agency(city_dir, monkeypatch):
    """A cold cycle makes each agency's history while a child derives (nothing is locked); one
    agency's failing there is its failure alone, reported in its own phase."""
    from sync.results import history

    _broken_for_dinkes(monkeypatch, history, "diff", lambda agency: agency == "DINKES")
    _s, store, others = _only_dinkes_fails(city_dir)
    assert set(store.read("results")["agency"]) == others
    assert store.reader.history_state("DINKES").empty and not store.reader.history_state(min(others)).empty


def test_an_input_part_that_fails_in_its_child_fails_only_its_agency(city_dir, monkeypatch):
    """The supervisors first seen and the Validasi tab are made of the inputs by a child during the
    city tables (sync.cycle._input_parts); one agency's failing there is found again, and reported,
    in its own write phase."""
    import sync.cycle as worker

    _broken_for_dinkes(monkeypatch, worker, "first_supervisors", lambda staff: set(staff["agency"]) == {"DINKES"})
    _s, store, others = _only_dinkes_fails(city_dir)
    assert set(store.read("period_supervisors")["agency"]) == others


def _broken_for_dinkes(monkeypatch, owner, name: str, is_dinkes) -> None:
    """`owner.name` raising ValueError("data aneh") when `is_dinkes(its first argument)`: one
    agency's data breaking it."""
    real = getattr(owner, name)

    def fragile(first, *args):
        if is_dinkes(first):
            raise ValueError("data aneh")
        return real(first, *args)

    monkeypatch.setattr(owner, name, fragile)


def _only_dinkes_fails(city_dir) -> tuple:
    """One cycle, in which DINKES alone fails, with its error in its GAGAL line: (settings, store,
    the other agencies' codes)."""
    lines: list[str] = []
    settings, store, result = cycle(city_dir, lines)
    assert [s.scope for s in result.sheets if s.status == STATUS_FAILED] == ["DINKES"]
    assert any("DINKES" in line and "GAGAL" in line and "ValueError: data aneh" in line for line in lines)
    return settings, store, {a.code for a in settings.agencies} - {"DINKES"}


def _codes(city_dir) -> list[str]:
    return [a.code for a in load_settings(city_dir / "kinerja.toml").agencies]


def test_a_missing_frame_fails_when_the_scores_are_built_not_halfway_through_the_writes():
    from sync.cycle import AgencyScores, CityTables

    frame = pd.DataFrame({"agency": ["DINKES"], "period": ["2026-10"]})
    base = {name: frame for name in ("employees", "results", "rejected")}  # no indicators
    derived = {
        name: frame
        for name in (
            "completeness",
            "agency_summary",
            "results_periodic",
            "agency_periodic",
            "distribution_checks",
            "distribution_warnings",
        )
    }
    with pytest.raises(KeyError, match="indicators"):
        AgencyScores.of(base, derived)
    assert AgencyScores.of({**base, "indicators": frame}, derived).indicators is frame
    city = {
        name: frame
        for name in (
            "unit_ikm",
            "agency_ikm",
            "ikm",
            "ikm_periodic",
            "complaints",
            "agency_complaints",
            "respondent_profile",
            "officer_complaints",
        )
    }
    with pytest.raises(KeyError, match="complaint_categories"):
        CityTables.of(city)
    tables = CityTables.of({**city, "complaint_categories": frame})
    assert tables.agency_ikm_of("DINKES").equals(frame) and tables.agency_ikm_of("BKD").empty
