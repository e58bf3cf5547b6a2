"""One sync cycle: read every spreadsheet, validate, score, write owned tabs and the results store.

The worker is handed a backend and a store; it never builds them. A spreadsheet that cannot be
read or written is reported and skipped: the others complete and its previous results stay.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, fields
from functools import partial
from typing import Callable, Iterator

import pandas as pd

from config.contract import (
    AGENCY_INPUT_TABS,
    AGENCY_OPTIONAL_TABS,
    AGENCY_OWNED_TABS,
    CITY_OWNED_TABS,
    CITY_SCOPE,
    KINERJA_ORGANISASI,
    POPULASI_LAYANAN,
    RENCANA_TINDAK_LANJUT,
    TAB_HASIL,
    TAB_HASIL_PERIODIK,
    TAB_RINGKASAN,
)
from config.errors import KinerjaError, SyncStopped
from config.settings import RESTRICTED, Settings
from sync import locks as locking
from sync.children import FORK_WORKERS, Outcome, Started, fork_call, fork_map
from sync.display import count, seconds
from sync.results import followup as skm_followup, history as change_history, tabs as tables
from sync.results.agency import derive, joint_groups, score_base, score_joint
from sync.results.city import city_tables as build_city_tables, stored_city_tables, unit_names
from sync.results.periodic import confirms_periodic, hasil_periodik, hasil_periodik_each
from sync.sources.backend import Backend, SheetTable
from sync.store import ResultsStore
from sync.store.accounts import city_today
from sync.store.state import FirstState
from sync.store_writes import AgencyRows, StoreWrites
from sync.validate.agency import validate_agency
from sync.validate.city import validate_city
from sync.validate.cross_agency import reconcile
from sync.validate.inactive import group_inactive
from sync.validate.raters import first_supervisors
from sync.validate.rows import AgencyInput, CityInput, TabCount, ValidationOptions
from sync.validate.units import UnitIndex, build_unit_index
from sync.working_calendar import complaint_holidays

Log = Callable[[str], None]

STATUS_OK = "berhasil"
STATUS_UNCHANGED = "tidak berubah"
STATUS_FAILED = "gagal"
STATUS_PARTIAL = "sebagian gagal"
STATUS_STOPPED = "dihentikan"


@dataclass
class SheetRun:
    """What happened to one spreadsheet in a cycle (one row of the run record)."""

    spreadsheet: str
    scope: str
    status: str = STATUS_OK
    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0
    rows_superseded: int = 0
    written: bool = False
    seconds: float = 0.0
    error: str = ""

    def count(self, counts: list[TabCount]) -> None:
        self.rows_read = sum(c.read for c in counts)
        self.rows_used = sum(c.used for c in counts)
        self.rows_rejected = sum(c.rejected for c in counts)
        self.rows_superseded = sum(c.superseded for c in counts)


@dataclass
class CycleResult:
    run_id: int
    started: str
    finished: str = ""
    sheets: list[SheetRun] = field(default_factory=list)

    @property
    def failed(self) -> list[SheetRun]:
        return [s for s in self.sheets if s.status == STATUS_FAILED]

    @property
    def status(self) -> str:
        if not self.failed:
            return STATUS_OK
        return STATUS_FAILED if len(self.failed) == len(self.sheets) else STATUS_PARTIAL

    def summary_line(self) -> str:
        read = sum(s.rows_read for s in self.sheets)
        used = sum(s.rows_used for s in self.sheets)
        rejected = sum(s.rows_rejected for s in self.sheets)
        written = sum(s.written for s in self.sheets)
        return (
            f"Sinkronisasi {self.status}: {len(self.sheets)} spreadsheet, {len(self.failed)} gagal, "
            f"{written} ditulis; {count(read)} baris dibaca, {count(used)} dipakai, {count(rejected)} ditolak "
            "(lihat tab Validasi)."
        )


def validation_options(settings: Settings, today: dt.date) -> ValidationOptions:
    return ValidationOptions(
        header_aliases=settings.headers,
        form_tab=settings.city.form_tab,
        complaints_tab=settings.city.complaints_tab,
        skm_headers=dict(settings.survey.skm_headers),
        extra_answer_labels=dict(settings.survey.extra_answer_labels),
        unit_aliases=dict(settings.survey.unit_aliases),
        today=today,
        max_weight=settings.validation.max_weight,
        max_value=settings.validation.max_value,
    )


def _roster_nips(employees: pd.DataFrame) -> frozenset[str]:
    """Every NIP on a roster: who a complaint's NIP Petugas may name."""
    return frozenset(employees["nip"]) if "nip" in employees else frozenset()


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def run_cycle(
    settings: Settings, backend: Backend, store: ResultsStore, log: Log = print, today: dt.date | None = None
) -> CycleResult:
    """Run one full sync cycle and return what happened to each spreadsheet.

    A stop request (SIGINT/SIGTERM in the worker: the backend raises SyncStopped between two
    requests) ends the cycle at once: the run is recorded as stopped, `last_sync` does not move,
    and SyncStopped propagates to the caller.
    """
    store.ensure_schema()
    result = CycleResult(run_id=store.start_run(_now(), settings.rules_id), started=_now())
    try:
        return _run_cycle(settings, backend, store, log, today or city_today(), result)
    except SyncStopped:
        store.finish_run(
            result.run_id,
            _now(),
            STATUS_STOPPED,
            pd.DataFrame([vars(s) for s in result.sheets]),
            {"rules_id": settings.rules_id, "line": "Sinkronisasi dihentikan sebelum selesai."},
            last_sync=False,
        )
        log("Sinkronisasi dihentikan sebelum selesai; hasil sebelumnya tetap dipakai.")
        raise
    except BaseException as exc:
        # A cycle that crashed (or a second Ctrl+C) must not stay 'berjalan' while this process
        # lives on: a worker keeps its lock, so only its restart would mark the run 'terputus'.
        stopped = isinstance(exc, (KeyboardInterrupt, SystemExit))
        reason = str(exc) if isinstance(exc, KinerjaError) else f"galat internal {type(exc).__name__}, lihat log"
        line = (
            "Sinkronisasi dihentikan sebelum selesai." if stopped else f"Sinkronisasi gagal di tengah jalan: {reason}"
        )
        try:
            store.finish_run(
                result.run_id,
                _now(),
                STATUS_STOPPED if stopped else STATUS_FAILED,
                pd.DataFrame([vars(s) for s in result.sheets]),
                {"rules_id": settings.rules_id, "line": line},
                last_sync=False,
            )
        except Exception:  # the store itself may be what failed: the next start marks it 'terputus'
            pass
        raise


def _run_cycle(
    settings: Settings, backend: Backend, store: ResultsStore, log: Log, today: dt.date, result: CycleResult
) -> CycleResult:
    """The phases in order: read and validate each agency, the unit index, read the city, the
    city tables, score every agency, build the big tabs at once, write each agency, write the
    city, record the run. Each spreadsheet's phase runs under `_phase`: it fails alone."""
    options = validation_options(settings, today)
    agency_rows = _register_agencies(settings, store)
    runs = {a.code: SheetRun(a.spreadsheet, a.code) for a in settings.agencies}
    city_run = SheetRun(settings.city.spreadsheet, CITY_SCOPE)
    tab_names = [t.name for t in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS)]
    city_tabs = [
        settings.city.form_tab,
        settings.city.complaints_tab,
        KINERJA_ORGANISASI.name,
        POPULASI_LAYANAN.name,
        RENCANA_TINDAK_LANJUT.name,
    ]
    recorded = store.reader.period_supervisors()  # who supervised each month when first synced
    # Each agency is validated where it is read (the local backend: in a render process).
    jobs = [
        (a.spreadsheet, tab_names, partial(validate_agency, a.code, options=options, supervisors=recorded.get(a.code)))
        for a in settings.agencies
    ] + [(settings.city.spreadsheet, city_tabs)]
    reads = read_ahead(backend, jobs)

    inputs = _read_agencies(settings, reads, runs, log)
    units, names, rosters = _units(settings, inputs, runs, store)
    city = _read_city(reads, units, options, city_run, log, _roster_nips(rosters))
    reads.close()  # every read is done: stop the reader threads (if any) before writes start a process
    # What each agency's write phase takes of its input alone, made by a child while this process
    # makes the city tables (one core was idle there).
    with fork_call(partial(_input_parts, inputs)) as input_parts:
        # Closed periods, confirmed results, upheld keberatan: one read of the lock tables (sync.locks).
        freeze = locking.Freeze.load(store)
        city_tables = CityTables.built(city, names, settings, store, today)
        if freeze.closed:
            city_tables = CityTables.of(freeze.city(city_tables.frames()))
        followup = freeze.tables(
            skm_followup.followup_tables(city, city_tables.frames(), settings.scoring.min_responses)
            if city is not None
            else skm_followup.stored_followup_tables(store)
        )  # sample adequacy, RTL

        def history(code: str, base: dict) -> tuple:  # each agency's, made beside derive (_score_agencies)
            return _history(inputs[code], store, result.run_id, code, base, encode=True)

        big_tabs = partial(_big_tabs, city_tables=city_tables, settings=settings)
        scored = _score_agencies(settings, inputs, units, city_tables, city, runs, log, freeze, history, big_tabs)
        _write_agencies(
            settings, inputs, scored, city_tables, backend, store, runs, log, result.run_id, freeze, input_parts
        )
    _write_city(settings, city, city_tables, followup, names, agency_rows, runs, backend, store, city_run, log)

    result.sheets = [*runs.values(), city_run]
    return _finish(settings, backend, store, result, log)


@dataclass(frozen=True)
class CityTables:
    """The city-wide frames every agency's score and the city tabs read (sync.results.city)."""

    unit_ikm: pd.DataFrame
    agency_ikm: pd.DataFrame
    ikm: pd.DataFrame
    ikm_periodic: pd.DataFrame
    complaints: pd.DataFrame
    agency_complaints: pd.DataFrame
    complaint_categories: pd.DataFrame
    respondent_profile: pd.DataFrame
    officer_complaints: pd.DataFrame  # per officer and month: complaints counted and on time (c_aduan)
    # agency code -> its rows of agency_ikm, split once rather than filtered 40 times.
    by_agency: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def of(cls, frames: dict[str, pd.DataFrame]) -> "CityTables":
        """From the dict sync.results.city returns; a frame it lacks fails here, by name."""
        names = [f.name for f in fields(cls) if f.name != "by_agency"]
        missing = [n for n in names if n not in frames]
        if missing:
            raise KeyError(f"city tables lack {missing}")
        agency_ikm = frames["agency_ikm"]
        split = {str(code): part for code, part in agency_ikm.groupby("agency", sort=False)} if len(agency_ikm) else {}
        return cls(**{n: frames[n] for n in names}, by_agency=split)

    @classmethod
    def built(
        cls, city: CityInput | None, names: dict, settings: Settings, store: ResultsStore, today: dt.date
    ) -> "CityTables":
        """This cycle's city tables, or the stored ones when the city spreadsheet failed."""
        if city is None:
            return cls.of(stored_city_tables(store))
        holidays = complaint_holidays(settings.complaints, city.complaints["received"])
        return cls.of(build_city_tables(city, names, settings.scoring, holidays, today))

    def frames(self) -> dict[str, pd.DataFrame]:
        """The dict score_base reads."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "by_agency"}

    def agency_ikm_of(self, code: str) -> pd.DataFrame:
        return self.by_agency.get(code, self.agency_ikm.iloc[0:0])


@dataclass(frozen=True)
class AgencyScores:
    """One agency's scored frames: score_base's, then derive's (sync.results.agency)."""

    employees: pd.DataFrame
    results: pd.DataFrame
    indicators: pd.DataFrame
    results_periodic: pd.DataFrame
    agency_summary: pd.DataFrame
    agency_periodic: pd.DataFrame
    distribution_checks: pd.DataFrame
    completeness: pd.DataFrame
    distribution_warnings: pd.DataFrame
    rejected: pd.DataFrame | None = None  # the rejected input rows (scoring.rejected): the tabs name them

    @classmethod
    def of(cls, base: dict, derived: dict) -> "AgencyScores":
        frames = {"rejected": None, **base, **derived}
        missing = [f.name for f in fields(cls) if f.name not in frames]
        if missing:
            raise KeyError(f"scored frames lack {missing}")
        return cls(**{f.name: frames[f.name] for f in fields(cls)})

    def stored(self, issues: pd.DataFrame, code: str) -> dict[str, pd.DataFrame]:
        """The store's rows of this agency (ResultsStore.replace_scope)."""
        return {
            "employees": self.employees,
            "results": self.results,
            "results_periodic": self.results_periodic,
            "indicators": self.indicators,
            "agency_summary": self.agency_summary,
            "agency_periodic": self.agency_periodic,
            "distribution_checks": self.distribution_checks,
            "issues": issues.assign(scope=code),
        }


@contextmanager
def _phase(run: SheetRun, log: Log) -> Iterator[None]:
    """Time a phase of one spreadsheet into its run record; a failure fails that spreadsheet only
    (the rest of the phase is skipped, the cycle goes on), except a stop request, which stops all."""
    started = time.perf_counter()
    try:
        yield
    except Exception as exc:  # one failing agency never stops the others
        _fail(run, exc, log)
    finally:
        run.seconds += time.perf_counter() - started


def _register_agencies(settings: Settings, store: ResultsStore) -> pd.DataFrame:
    agency_rows = pd.DataFrame(
        [(a.code, a.name, a.spreadsheet, n) for n, a in enumerate(settings.agencies)],
        columns=["code", "name", "spreadsheet", "position"],
    )
    store.set_agencies(agency_rows)
    return agency_rows


def _read_agencies(
    settings: Settings, reads: Iterator[Callable[[], object]], runs: dict[str, SheetRun], log: Log
) -> dict[str, AgencyInput]:
    """Every agency read and validated (rosters are needed to match survey units); each read's
    job validates it (`validate_agency`, with the supervisor of each employee-month when it was
    first synced: who may rate), so the raw cells are freed where they were read."""
    inputs: dict[str, AgencyInput] = {}
    for agency in settings.agencies:
        run = runs[agency.code]
        with _phase(run, log):
            inputs[agency.code] = next(reads)()
            run.count(inputs[agency.code].counts)
    # A NIP on several agencies' rosters is reported in each and scored in one per month at most.
    inputs = reconcile(inputs, {a.code: a.name for a in settings.agencies})
    # Then one Nonaktif Peringatan per employee and tab, naming every row (sync.validate.inactive).
    inputs = {code: group_inactive(data) for code, data in inputs.items()}
    for code, data in inputs.items():
        runs[code].count(data.counts)
    return inputs


def _units(
    settings: Settings, inputs: dict[str, AgencyInput], runs: dict[str, SheetRun], store: ResultsStore
) -> tuple[UnitIndex, dict[str, tuple[str, str]], pd.DataFrame]:
    """The unit index survey responses are matched against, every unit's display name, and every
    roster (this cycle's, or the stored one of an agency that failed)."""
    employees = [i.employees for i in inputs.values()]
    # Rosters of agencies that failed this cycle come from the store, so their units still match.
    failed_codes = [code for code in runs if code not in inputs]
    if failed_codes:
        previous = store.read("employees")
        employees.append(previous[previous["agency"].isin(failed_codes)])
    all_employees = pd.concat(employees, ignore_index=True) if employees else pd.DataFrame()
    # Agency aliases from [[agencies]] join the configured unit aliases.
    aliases = {alias: a.code for a in settings.agencies for alias in a.aliases}
    units = build_unit_index(
        [(a.code, a.name) for a in settings.agencies], all_employees, {**aliases, **settings.survey.unit_aliases}
    )
    return units, unit_names(settings, all_employees), all_employees


def _read_city(
    reads: Iterator[Callable[[], dict]],
    units: UnitIndex,
    options: ValidationOptions,
    city_run: SheetRun,
    log: Log,
    roster_nips: frozenset[str],
) -> CityInput | None:
    """The city spreadsheet: survey responses, the complaint log and the SKM follow-up tabs (None
    when it failed)."""
    city = None
    with _phase(city_run, log):
        city = validate_city(next(reads)(), units, options, roster_nips=roster_nips)
        city_run.count(city.counts)
    return city


def _score_agencies(
    settings: Settings,
    inputs: dict[str, AgencyInput],
    units: UnitIndex,
    city_tables: CityTables,
    city: CityInput | None,
    runs: dict[str, SheetRun],
    log: Log,
    freeze: locking.Freeze | None = None,
    meanwhile: Callable[[str, dict], object] | None = None,
    after: Callable[[dict[str, AgencyScores]], object] | None = None,
) -> Scored:
    """Score each agency that was read, then derive what spans agencies in one pass; the locks
    (sync.locks) replace what they hold right after each step.

    When no lock waits for derive (a cold cycle), a child derives and then makes `after(scores)`
    (the big tabs: `_big_tabs`) while this process does `meanwhile(code, base)` of each agency (its
    history: `_history`); what they gave is returned beside the scores (`Scored`)."""
    freeze = freeze or locking.Freeze(locking.Locks())
    bases: dict[str, dict] = {}
    frames = city_tables.frames()
    closed = {code: freeze.closed_results(code) for code in inputs}

    def score(group: tuple[str, ...]) -> dict[str, Outcome]:
        """code -> score_base of each agency of `group`, in one pass when they are several (pure: run
        in forked children, on both cores, sync.children); when that pass fails, each alone, so
        only the agency whose data breaks it fails."""
        if len(group) > 1:
            try:
                joint = score_joint([inputs[code] for code in group], units, frames, settings)
                return {code: Outcome(value) for code, value in joint.items()}
            except Exception:  # found again, and reported, agency by agency below
                pass
        return {
            code: _outcome(partial(score_base, inputs[code], units, frames, settings, closed[code])) for code in group
        }

    present = {a.code: inputs[a.code] for a in settings.agencies if a.code in inputs}
    scored: dict[str, Outcome] = {}
    for group, outcome in fork_map(score, joint_groups(present, closed, FORK_WORKERS)).items():
        # (a group's error is its child's, not its data's: each agency of it fails with it)
        scored.update(outcome.value if outcome.error is None else dict.fromkeys(group, outcome))
    for code in present:
        with _phase(runs[code], log):
            bases[code] = freeze.base(code, scored[code].get())
    # Organisation ratings from the city's `Kinerja Organisasi` tab (config's apply where it is
    # silent); when the city spreadsheet failed, only config's.
    org_rating_rows = city.org_ratings if city is not None else None
    early: dict[str, Outcome] = {}
    derived, made_after = None, None
    if freeze.none and meanwhile is not None and len(bases) > 1:
        # Nothing locked: derive (and `after`) are pure, so a child makes them while `meanwhile` runs here.
        with fork_call(partial(_derived_then, bases, settings, org_rating_rows, after)) as deriving:
            early = {code: _outcome(partial(meanwhile, code, base)) for code, base in bases.items()}
            derived, made_after = _outcome(deriving.get).value or (None, None)  # (a failure: found again below)
    if derived is None:
        derived = _derive(bases, settings, org_rating_rows, runs, log, None if freeze.none else freeze.periodic)
    scores: dict[str, AgencyScores] = {}
    for code, frames_of in derived.items():
        with _phase(runs[code], log):
            scores[code] = AgencyScores.of(
                bases[code], freeze.derived(code, frames_of, bases[code]["results"], settings.scoring)
            )
    return Scored(scores, early, made_after)


@dataclass(frozen=True)
class Scored:
    """`_score_agencies`' scores, with what was made beside derive when nothing was locked."""

    scores: dict[str, AgencyScores]
    histories: dict[str, Outcome]  # `meanwhile`'s, per agency (none when it was not run)
    after: Outcome | None  # `after`'s (None when it was not run)


def _derived_then(
    bases: dict[str, dict], settings: Settings, org_rating_rows, after: Callable[[dict], object] | None
) -> tuple[dict[str, dict], Outcome | None]:
    """derive's frames of every agency, and `after(scores)` (pure) of the scores they make with
    nothing locked (sync.locks leaves them as they are)."""
    derived = derive(bases, settings, org_rating_rows)
    if after is None:
        return derived, None
    scores = {code: AgencyScores.of(bases[code], frames) for code, frames in derived.items()}
    return derived, _outcome(partial(after, scores))


def _big_tabs(
    scores: dict[str, AgencyScores], city_tables: CityTables, settings: Settings
) -> dict[str, dict[str, SheetTable]]:
    """Every agency's Hasil Kinerja, Hasil Periodik and Ringkasan, one pass each (tabs.each_agency):
    one set of passes for the agencies with the full tabs, one for those in [privacy] "terbatas"
    mode (agency_results), whose tabs are the restricted ones. Should a pass fail, nothing of it
    is kept: each agency then builds its own in its write phase, so a problem in one agency's
    data fails that agency only, with its own error."""
    built: dict[str, dict[str, SheetTable]] = {code: {} for code in scores}
    for restricted in (False, True):
        group = {c: s for c, s in scores.items() if (settings.agency_results(c) == RESTRICTED) == restricted}
        for name, build in _tab_passes(group, restricted, city_tables, settings) if group else ():
            try:
                for code, table in build().items():
                    built[code][name] = table
            except Exception:  # noqa: BLE001 - rebuilt per agency, where its failure is recorded
                pass
    return built


def _tab_passes(
    group: dict[str, AgencyScores], restricted: bool, city_tables: CityTables, settings: Settings
) -> list[tuple[str, Callable[[], dict[str, SheetTable]]]]:
    """The three joint passes of `group`'s agencies, as `_write_agency` would build each tab."""
    small = settings.web.min_group_size if restricted else 0  # restricted: small groups' aggregates blank
    return [
        (
            TAB_HASIL,
            lambda: tables.hasil_kinerja_each(
                {c: s.results for c, s in group.items()},
                restricted=restricted,
                rejected={c: s.rejected for c, s in group.items()},
                result_page=settings.result_page,
            ),
        ),
        (
            TAB_HASIL_PERIODIK,
            lambda: hasil_periodik_each(
                {c: (s.results_periodic, s.agency_periodic) for c, s in group.items()},
                restricted=restricted,
                min_group=small,
                penetapan=confirms_periodic(settings.appraisal.confirm_periods),
            ),
        ),
        (
            TAB_RINGKASAN,
            lambda: tables.ringkasan_each(
                {
                    c: (
                        tables.small_groups_blank(s.agency_summary, small),
                        city_tables.agency_ikm_of(c),
                        s.completeness,
                        s.distribution_warnings,
                    )
                    for c, s in group.items()
                },
                settings.scoring.min_responses,
            ),
        ),
    ]


def _write_agencies(
    settings: Settings,
    inputs: dict[str, AgencyInput],
    scored: Scored,
    city_tables: CityTables,
    backend: Backend,
    store: ResultsStore,
    runs: dict[str, SheetRun],
    log: Log,
    run_id: int,
    freeze: locking.Freeze,
    input_parts: Started | None = None,
) -> None:
    """In agency order, each agency's rows are made here (`_agency_rows`: with the history and the
    input parts made already when they were, `Scored.histories` and `input_parts`), then its tabs
    and its rows go to `writes`, whose child stores the rows before `_stored` writes the tabs.
    Leaving the block waits for the last store write. The big tabs of every agency (`_big_tabs`,
    one pass each) came with the scores when nothing was locked; otherwise a child builds them
    while the first agencies' rows are made (half a second of a cold Solok-size cycle that left a
    core idle). (Building each agency's own tabs instead of waiting costs more than the wait:
    tabs.each_agency.)"""
    scores = scored.scores
    parts: dict[str, Outcome] = (_outcome(input_parts.get).value if input_parts is not None else None) or {}
    made = scored.after if scored.after is not None and scored.after.error is None else None
    built: dict[str, dict[str, SheetTable]] | None = made.value if made is not None else None
    waiting: list[tuple] = []  # (agency, its rows): made, waiting for the big tabs
    with (
        nullcontext()
        if built is not None
        else fork_call(partial(_big_tabs, scores, city_tables, settings)) as big_tabs,
        StoreWrites(store, partial(_stored, backend, log)) as writes,
    ):
        for n, agency in enumerate(settings.agencies, start=1):
            code = agency.code
            history = scored.histories.get(code)
            prepared = _agency_rows(
                agency,
                inputs.get(code),
                scores.get(code),
                store,
                runs[code],
                log,
                run_id,
                freeze,
                history,
                parts.get(code),
            )
            waiting.append((agency, prepared))
            if built is None and (big_tabs.done() or n == len(settings.agencies)):
                built = _built_tabs(big_tabs, scores, city_tables, settings)
            if built is None:
                continue
            for ready, rows in waiting:
                tabs = built.get(ready.code, {})
                _write_agency(
                    settings, ready, scores.get(ready.code), rows, city_tables, tabs, runs[ready.code], log, writes
                )
            waiting.clear()


@dataclass(frozen=True)
class InputParts:
    """What an agency's write phase takes of its validated input alone (`_input_parts`)."""

    supervisors: pd.DataFrame  # first_supervisors
    validasi: SheetTable  # the Validasi tab of the input's issues (the locks add none: sync.locks)


def _input_parts(inputs: dict[str, AgencyInput]) -> dict[str, Outcome]:
    """code -> InputParts of each agency's input (pure)."""

    def parts(data: AgencyInput) -> InputParts:
        supervisors = first_supervisors(data.employees, data.reports, data.ratings, data.attendance)
        return InputParts(supervisors, tables.validasi(data.issues))

    return {code: _outcome(partial(parts, data)) for code, data in inputs.items()}


@dataclass(frozen=True)
class Prepared:
    """One agency's store rows, made before its tabs (`_agency_rows`), and its Validasi rows."""

    issues: pd.DataFrame  # with the locks' (sync.locks)
    rows: AgencyRows
    validasi: SheetTable | None = None  # the Validasi tab of `issues`, made already (InputParts)


def _agency_rows(
    agency,
    data: AgencyInput | None,
    scored: AgencyScores | None,
    store: ResultsStore,
    run: SheetRun,
    log: Log,
    run_id: int,
    freeze: locking.Freeze | None = None,
    history: Outcome | None = None,
    part: Outcome | None = None,
) -> Prepared | None:
    """One agency's store rows, the supervisors first seen this cycle, and what changed since the
    last one (the history, or `history`: `_history`'s, made already); the locks add their Validasi
    rows, attempted changes and pending results (sync.locks). None when the agency failed (before,
    or here)."""
    if data is None or scored is None:
        return None
    with _phase(run, log):
        made, first = (
            history.get()
            if history is not None
            else _history(data, store, run_id, agency.code, {"results": scored.results})
        )
        held = (freeze or locking.Freeze(locking.Locks())).written(agency.code, data, made, _now(), run_id)
        history_parts = held.history_parts
        if first and not isinstance(history_parts[1], FirstState):  # encoded here, beside the store's busy writer
            history_parts = (history_parts[0], FirstState.of(agency.code, history_parts[1]), history_parts[2])
        made_parts = part.value if part is not None and part.error is None else None
        return Prepared(
            held.issues,
            AgencyRows(
                agency.code,
                {**scored.stored(held.issues, agency.code), "pending_results": held.pending},
                held.attempted,
                made_parts.supervisors
                if made_parts is not None
                else first_supervisors(data.employees, data.reports, data.ratings, data.attendance),
                _now(),
                history_parts,
            ),
            # the tab of the input's issues, when the locks added none
            made_parts.validasi if made_parts is not None and held.issues is data.issues else None,
        )
    return None


def _history(
    data: AgencyInput, store: ResultsStore, run_id: int, code: str, base: dict, encode: bool = False
) -> tuple[tuple[pd.DataFrame, pd.DataFrame | FirstState, pd.DataFrame], bool]:
    """What changed in an agency's results and inputs since its stored history state
    (sync.results.history.diff), and whether none was stored (its first state: the store's writer,
    the process that finishes last, is given it encoded, sync.store.state). `encode`: encoded
    here already, for a cycle with no lock to read the diff first (sync.locks' `written`)."""
    previous = store.reader.history_state(code)
    history, upserts, gone = change_history.diff(
        code,
        # The input rows as read (indicators: the sheet's rows, not confirmed ones put back).
        {"hasil": base["results"], "indikator": data.reports, "penilaian": data.ratings, "presensi": data.attendance},
        previous,
        _now(),
        run_id,
    )
    first = previous.empty
    return (history, FirstState.of(code, upserts) if first and encode else upserts, gone), first


def _built_tabs(
    big_tabs: Started, scores: dict[str, AgencyScores], city_tables: CityTables, settings: Settings
) -> dict[str, dict[str, SheetTable]]:
    """The big tabs from their child (`_big_tabs` never raises: a pass that fails is left out); should
    the child's result not come back whole, they are built here."""
    try:
        return big_tabs.get()
    except Exception:  # noqa: BLE001 - e.g. a result that could not be pickled: built here
        return _big_tabs(scores, city_tables, settings)


def _write_agency(
    settings: Settings,
    agency,
    scored: AgencyScores | None,
    prepared: Prepared | None,
    city_tables: CityTables,
    built: dict[str, SheetTable],
    run: SheetRun,
    log: Log,
    writes: StoreWrites,
) -> None:
    """One agency's owned tabs, then its rows (`_agency_rows`) to `writes`, which stores them in its
    child process and then has `_stored` write the tabs. Should the tabs fail, its rows are not
    stored: an agency that failed keeps its previous ones."""
    if prepared is None or scored is None:
        writes.add((run, None, None), None)  # its GAGAL line, in agency order
        return
    params = settings.scoring
    # [privacy] agency_results: "terbatas" keeps every score and note out of the shared tabs.
    restricted = settings.agency_results(agency.code) == RESTRICTED
    min_group = settings.web.min_group_size
    with _phase(run, log):
        owned = [
            built.get(TAB_HASIL)
            or tables.hasil_kinerja(
                scored.results, restricted=restricted, rejected=scored.rejected, result_page=settings.result_page
            ),
            built.get(TAB_HASIL_PERIODIK)
            or hasil_periodik(
                scored.results_periodic,
                scored.agency_periodic,
                restricted=restricted,
                min_group=min_group,
                penetapan=confirms_periodic(settings.appraisal.confirm_periods),
            ),
            prepared.validasi if prepared.validasi is not None else tables.validasi(prepared.issues),
            built.get(TAB_RINGKASAN)
            or tables.ringkasan(
                scored.agency_summary,
                city_tables.agency_ikm_of(agency.code),
                params.min_responses,
                completeness=scored.completeness,
                distribution=scored.distribution_warnings,
                min_group=min_group if restricted else 0,
            ),
        ]
        assert tuple(t.name for t in owned) == AGENCY_OWNED_TABS
        writes.add((run, agency.spreadsheet, owned), prepared.rows)  # the tabs are written once the rows are stored
    if run.status == STATUS_FAILED:
        writes.add((run, None, None), None)  # its line, in agency order


def _stored(backend: Backend, log: Log, key: tuple, error: BaseException | None) -> None:
    """An agency's rows are stored (or failed to be): write its tabs, then its progress line."""
    run, spreadsheet, owned = key
    if owned is not None:
        with _phase(run, log):
            if error is not None:
                raise error
            run.written = backend.write(spreadsheet, owned)
            run.status = STATUS_OK if run.written else STATUS_UNCHANGED
    log(_progress(run.scope, run))


def _write_city(
    settings: Settings,
    city: CityInput | None,
    city_tables: CityTables,
    followup: dict,
    names: dict,
    agency_rows: pd.DataFrame,
    runs: dict[str, SheetRun],
    backend: Backend,
    store: ResultsStore,
    city_run: SheetRun,
    log: Log,
) -> None:
    """City tabs: Rekap Kota from every agency (stored results for those that failed), IKM Unit."""
    params = settings.scoring
    with _phase(city_run, log):
        all_summaries = store.read("agency_summary")
        # "Unchanged" is still a successful read; only a failure changes what the city tab says.
        status = pd.DataFrame(
            [
                (code, "Gagal: memakai hasil sebelumnya" if r.status == STATUS_FAILED else "Berhasil")
                for code, r in runs.items()
            ],
            columns=["code", "sync_status"],
        )
        agencies_frame = agency_rows.merge(status, on="code", how="left")
        owned_city = [
            tables.rekap_kota(
                all_summaries,
                city_tables.agency_ikm,
                city_tables.agency_complaints,
                agencies_frame,
                params.min_responses,
                params.complaint_days_limit,
            ),
            tables.ikm_unit(
                skm_followup.with_adequacy(city_tables.ikm, followup["sample_adequacy"]),
                city_tables.complaints,
                city_tables.complaint_categories,
                names,
                params.min_responses,
                params.complaint_days_limit,
            ),
            tables.ikm_periodik(
                skm_followup.with_adequacy(city_tables.ikm_periodic, followup["sample_adequacy"]), params.min_responses
            ),
            tables.profil_responden(city_tables.respondent_profile, names),
            skm_followup.usulan_rtl(followup, city_tables.frames(), names),
            tables.validasi(city.issues if city is not None else _stored_issues(store, CITY_SCOPE)),
        ]
        assert tuple(t.name for t in owned_city) == CITY_OWNED_TABS
        if city is not None:
            store.replace_scope(
                CITY_SCOPE,
                {
                    "ikm": city_tables.ikm,
                    "ikm_periodic": city_tables.ikm_periodic,
                    "complaints": city_tables.complaints,
                    "complaint_categories": city_tables.complaint_categories,
                    "respondent_profile": city_tables.respondent_profile,
                    "issues": city.issues.assign(scope=CITY_SCOPE),
                    **followup,
                },
            )
        city_run.written = backend.write(settings.city.spreadsheet, owned_city)
        if city_run.status != STATUS_FAILED:
            city_run.status = STATUS_OK if city_run.written else STATUS_UNCHANGED
    log(_progress("KOTA", city_run))


def _finish(settings: Settings, backend: Backend, store: ResultsStore, result: CycleResult, log: Log) -> CycleResult:
    """Wait for background writes (local backend), record their failures, then the run."""
    by_sheet = {s.spreadsheet: s for s in result.sheets}
    for spreadsheet, exc in backend.flush().items():
        run = by_sheet[spreadsheet]
        run.written = False
        _fail(run, exc, log)
        log(_progress(run.scope, run))
    result.finished = _now()
    store.finish_run(
        result.run_id,
        result.finished,
        result.status,
        pd.DataFrame([vars(s) for s in result.sheets]),
        {"rules_id": settings.rules_id, "line": result.summary_line()},
    )
    log(result.summary_line())
    return result


def _derive(
    bases: dict[str, dict], settings: Settings, org_rating_rows, runs: dict[str, SheetRun], log: Log, hook=None
) -> dict[str, dict]:
    """The derived frames of every scored agency in one pass; should that pass fail, agency by
    agency, so a problem in one agency's data fails that agency only."""
    if not bases:
        return {}
    locked = {"periodic_hook": hook} if hook is not None else {}
    try:
        return derive(bases, settings, org_rating_rows, **locked)
    except Exception:
        log(traceback.format_exc())
        log("Perhitungan gabungan gagal; dihitung ulang per OPD.")
    derived = {}
    for code, base in bases.items():
        try:
            derived.update(derive({code: base}, settings, org_rating_rows, **locked))
        except Exception as exc:
            _fail(runs[code], exc, log)
    return derived


Job = tuple  # (spreadsheet, tabs) or (spreadsheet, tabs, then): `then` makes what is yielded of the tabs read


def read_ahead(backend: Backend, jobs: list[Job]) -> Iterator[Callable[[], object]]:
    """Yield, in order, a callable returning each read (or raising its error); a job's `then` (a
    picklable function of the tabs read, e.g. the agency's validation) is applied to its read.

    A backend that reads in other processes (`start_read`: the local one, in its render
    processes) runs `then` there too, keeps `parallel_reads` reads in flight while this thread
    works, and starts the last job (the city, whose survey tab is the biggest) first, so it is
    ready when the agencies are done. One that can read concurrently here (`parallel_reads` > 1)
    reads ahead in threads. At most one more than that (and the last) are in flight, so memory
    stays bounded.
    """
    jobs = [(job[0], job[1], job[2] if len(job) > 2 else None) for job in jobs]
    depth = max(1, int(getattr(backend, "parallel_reads", 1)))
    start = getattr(backend, "start_read", None)
    if depth > 1 and start is not None and jobs:
        yield from _window(start, jobs, depth)
        return

    def read(spreadsheet: str, tabs: list[str], then) -> object:
        raw = backend.read(spreadsheet, tabs)
        return raw if then is None else then(raw)

    if depth == 1:
        for job in jobs:
            yield lambda job=job: read(*job)
        return
    with ThreadPoolExecutor(max_workers=depth, thread_name_prefix="baca") as pool:
        pending = deque(pool.submit(read, *job) for job in jobs[:depth])
        for job in jobs[depth:]:
            future = pending.popleft()
            pending.append(pool.submit(read, *job))
            yield future.result
        while pending:
            yield pending.popleft().result


def _window(start: Callable[..., Callable[[], object]], jobs: list[Job], depth: int) -> Iterator[Callable[[], object]]:
    """`start_read` the last job, then the others `depth` at a time, yielding them in job order."""
    *head, last = jobs
    last_read = start(*last)
    pending = deque(start(*job) for job in head[:depth])
    for job in head[depth:]:
        pending.append(start(*job))  # one more waiting, so no render process idles between reads
        yield pending.popleft()
    while pending:
        yield pending.popleft()
    yield last_read


def _outcome(call: Callable[[], object]) -> Outcome:
    try:
        return Outcome(call())
    except Exception as exc:  # raised again in the agency's own phase
        return Outcome(error=exc)


def _fail(run: SheetRun, exc: BaseException, log: Log) -> None:
    if isinstance(exc, SyncStopped):  # not this spreadsheet's failure: the whole cycle stops
        raise exc
    run.status = STATUS_FAILED
    if isinstance(exc, KinerjaError):
        run.error = str(exc)
    else:  # a bug, not a user problem: keep the trace in the log, a short line in the record
        run.error = f"Galat internal {type(exc).__name__}: {exc}. Laporkan ke pengelola sistem."
        # The exception's own traceback, not format_exc(): a background write's failure arrives
        # from flush() outside any except block, where format_exc() says only "NoneType: None".
        # A process pool's error carries the render process's traceback as its cause.
        log("".join(traceback.format_exception(exc)).rstrip())


def _progress(label: str, run: SheetRun) -> str:
    if run.status == STATUS_FAILED:
        return f"  {label:<12} GAGAL  {run.error}"
    return (
        f"  {label:<12} {run.status:<14} {count(run.rows_read):>7} baris dibaca, {count(run.rows_used):>7} dipakai, "
        f"{count(run.rows_rejected):>5} ditolak, {count(run.rows_superseded):>3} diganti ({seconds(run.seconds)})"
    )


def _stored_issues(store: ResultsStore, scope: str) -> pd.DataFrame:
    return store.read("issues", "scope = ?", (scope,)).drop(columns=["scope"])
