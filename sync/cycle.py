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
from dataclasses import dataclass, field
from typing import Callable, Iterator

import pandas as pd

from config.settings import Settings
from sync.results import tabs as tables
from sync.display import count, seconds
from sync.results.agency import derive, score_base
from sync.sources.backend import Backend
from config.contract import AGENCY_INPUT_TABS, AGENCY_OPTIONAL_TABS, AGENCY_OWNED_TABS, CITY_OWNED_TABS, KINERJA_ORGANISASI
from config.contract import POPULASI_LAYANAN, RENCANA_TINDAK_LANJUT
from sync.results import followup as skm_followup
from sync.results.city import city_tables as build_city_tables
from sync.results.city import stored_city_tables, unit_names
from sync.validate.cross_agency import reconcile
from config.errors import KinerjaError, SyncStopped
from config.contract import CITY_SCOPE
from sync.store import ResultsStore
from sync.results.periodic import hasil_periodik
from sync.validate.units import build_unit_index
from sync.validate.agency import validate_agency
from sync.validate.raters import first_supervisors
from sync.results import history as change_history
from sync.validate.city import validate_city
from sync.working_calendar import complaint_holidays
from sync.validate.rows import AgencyInput, TabCount, ValidationOptions

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


def run_cycle(settings: Settings, backend: Backend, store: ResultsStore, log: Log = print,
              today: dt.date | None = None) -> CycleResult:
    """Run one full sync cycle and return what happened to each spreadsheet.

    A stop request (SIGINT/SIGTERM in the worker: the backend raises SyncStopped between two
    requests) ends the cycle at once: the run is recorded as stopped, `last_sync` does not move,
    and SyncStopped propagates to the caller.
    """
    store.ensure_schema()
    result = CycleResult(run_id=store.start_run(_now(), settings.rules_id), started=_now())
    try:
        return _run_cycle(settings, backend, store, log, today or dt.date.today(), result)
    except SyncStopped:
        store.finish_run(result.run_id, _now(), STATUS_STOPPED, pd.DataFrame([vars(s) for s in result.sheets]),
                         {"rules_id": settings.rules_id, "line": "Sinkronisasi dihentikan sebelum selesai."},
                         last_sync=False)
        log("Sinkronisasi dihentikan sebelum selesai; hasil sebelumnya tetap dipakai.")
        raise
    except BaseException as exc:
        # A cycle that crashed (or a second Ctrl+C) must not stay 'berjalan' while this process
        # lives on: a worker keeps its lock, so only its restart would mark the run 'terputus'.
        stopped = isinstance(exc, (KeyboardInterrupt, SystemExit))
        reason = str(exc) if isinstance(exc, KinerjaError) else f"galat internal {type(exc).__name__}, lihat log"
        line = "Sinkronisasi dihentikan sebelum selesai." if stopped else f"Sinkronisasi gagal di tengah jalan: {reason}"
        try:
            store.finish_run(result.run_id, _now(), STATUS_STOPPED if stopped else STATUS_FAILED,
                             pd.DataFrame([vars(s) for s in result.sheets]),
                             {"rules_id": settings.rules_id, "line": line}, last_sync=False)
        except Exception:  # the store itself may be what failed: the next start marks it 'terputus'
            pass
        raise


def _run_cycle(settings: Settings, backend: Backend, store: ResultsStore, log: Log, today: dt.date,
               result: CycleResult) -> CycleResult:
    options = validation_options(settings, today)
    params = settings.scoring
    agency_rows = pd.DataFrame(
        [(a.code, a.name, a.spreadsheet, n) for n, a in enumerate(settings.agencies)],
        columns=["code", "name", "spreadsheet", "position"],
    )
    store.set_agencies(agency_rows)

    # 1. Read and validate every agency (rosters are needed to match survey units).
    inputs: dict[str, AgencyInput] = {}
    runs: dict[str, SheetRun] = {}
    tab_names = [t.name for t in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS)]
    city_tabs = [settings.city.form_tab, settings.city.complaints_tab, KINERJA_ORGANISASI.name,
                 POPULASI_LAYANAN.name, RENCANA_TINDAK_LANJUT.name]
    jobs = [(a.spreadsheet, tab_names) for a in settings.agencies] + [(settings.city.spreadsheet, city_tabs)]
    reads = read_ahead(backend, jobs)
    recorded = store.reader.period_supervisors()  # who supervised each month when first synced
    for agency in settings.agencies:
        run = runs[agency.code] = SheetRun(agency.spreadsheet, agency.code)
        started = time.perf_counter()
        try:
            raw = next(reads)()
            inputs[agency.code] = validate_agency(agency.code, raw, options, recorded.get(agency.code))
            del raw  # the raw cells are the biggest thing held: free them before the next read
            run.count(inputs[agency.code].counts)
        except Exception as exc:  # one failing agency never stops the others
            _fail(run, exc, log)
        run.seconds = time.perf_counter() - started

    # A NIP on several agencies' rosters is reported in each and scored in one per month at most.
    inputs = reconcile(inputs, {a.code: a.name for a in settings.agencies})
    for code, data in inputs.items():
        runs[code].count(data.counts)

    # Rosters of agencies that failed this cycle come from the store, so their units still match.
    employees = [i.employees for i in inputs.values()]
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
    names = unit_names(settings, all_employees)

    # 2. The city spreadsheet: survey responses and the complaint log -> IKM and complaint counts.
    city_run = SheetRun(settings.city.spreadsheet, CITY_SCOPE)
    started = time.perf_counter()
    city = None
    try:
        city_raw = next(reads)()
        city = validate_city(city_raw, units, options, roster_nips=_roster_nips(all_employees))
        city_run.count(city.counts)
    except Exception as exc:
        _fail(city_run, exc, log)
    city_run.seconds = time.perf_counter() - started
    reads.close()  # every read is done: stop the reader threads before writes start a process
    city_tables = (build_city_tables(city, names, params, complaint_holidays(settings.complaints, city.complaints["received"]),
                                     today) if city is not None else stored_city_tables(store))
    followup = (skm_followup.followup_tables(city, city_tables, params.min_responses) if city is not None
                else skm_followup.stored_followup_tables(store))  # sample adequacy, RTL
    # Organisation ratings from the city's `Kinerja Organisasi` tab (config's apply where it is
    # silent); when the city spreadsheet failed, only config's.
    org_rating_rows = city.org_ratings if city is not None else None

    # 3. Score each agency that was read, derive what spans agencies in one pass, then write and
    #    store each agency.
    bases: dict[str, dict] = {}
    for agency in settings.agencies:
        run = runs[agency.code]
        if agency.code not in inputs:
            continue
        started = time.perf_counter()
        try:
            bases[agency.code] = score_base(inputs[agency.code], units, city_tables, settings)
        except Exception as exc:
            _fail(run, exc, log)
        run.seconds += time.perf_counter() - started
    derived = _derive(bases, settings, org_rating_rows, runs, log)

    for agency in settings.agencies:
        run = runs[agency.code]
        if agency.code not in derived:
            log(f"  {agency.code:<12} GAGAL  {run.error}")
            continue
        started = time.perf_counter()
        try:
            data = inputs[agency.code]
            scored = {**bases[agency.code], **derived[agency.code]}
            owned = [
                tables.hasil_kinerja(scored["results"]),
                hasil_periodik(scored["results_periodic"], scored["agency_periodic"]),
                tables.validasi(data.issues),
                tables.ringkasan(
                    scored["agency_summary"],
                    city_tables["agency_ikm"].query("agency == @agency.code"),
                    params.min_responses,
                    completeness=scored["completeness"],
                    distribution=scored["distribution_warnings"],
                ),
            ]
            assert tuple(t.name for t in owned) == AGENCY_OWNED_TABS
            store.replace_scope(agency.code, {
                "employees": scored["employees"],
                "results": scored["results"],
                "results_periodic": scored["results_periodic"],
                "indicators": scored["indicators"],
                "agency_summary": scored["agency_summary"],
                "agency_periodic": scored["agency_periodic"],
                "distribution_checks": scored["distribution_checks"],
                "issues": data.issues.assign(scope=agency.code),
            })
            store.record_supervisors(agency.code, first_supervisors(
                data.employees, data.reports, data.ratings, data.attendance), _now())
            store.record_history(agency.code, *change_history.diff(agency.code, {
                "hasil": scored["results"], "indikator": scored["indicators"],
                "penilaian": data.ratings, "presensi": data.attendance,
            }, store.read("history_state", "agency = ?", (agency.code,)), _now(), result.run_id))
            run.written = backend.write(agency.spreadsheet, owned)
            run.status = STATUS_OK if run.written else STATUS_UNCHANGED
        except Exception as exc:
            _fail(run, exc, log)
        run.seconds += time.perf_counter() - started
        log(_progress(agency.code, run))

    # 4. City tabs: Rekap Kota from every agency (stored results for those that failed), IKM Unit.
    started = time.perf_counter()
    try:
        all_summaries = store.read("agency_summary")
        # "Unchanged" is still a successful read; only a failure changes what the city tab says.
        status = pd.DataFrame(
            [(code, "Gagal: memakai hasil sebelumnya" if r.status == STATUS_FAILED else "Berhasil")
             for code, r in runs.items()],
            columns=["code", "sync_status"],
        )
        agencies_frame = agency_rows.merge(status, on="code", how="left")
        owned_city = [
            tables.rekap_kota(all_summaries, city_tables["agency_ikm"], city_tables["agency_complaints"],
                              agencies_frame, params.min_responses, params.complaint_days_limit),
            tables.ikm_unit(skm_followup.with_adequacy(city_tables["ikm"], followup["sample_adequacy"]),
                            city_tables["complaints"], city_tables["complaint_categories"],
                            names, params.min_responses, params.complaint_days_limit),
            tables.ikm_periodik(skm_followup.with_adequacy(city_tables["ikm_periodic"], followup["sample_adequacy"]),
                                params.min_responses),
            tables.profil_responden(city_tables["respondent_profile"], names),
            skm_followup.usulan_rtl(followup, city_tables, names),
            tables.validasi(city.issues if city is not None else _stored_issues(store, CITY_SCOPE)),
        ]
        assert tuple(t.name for t in owned_city) == CITY_OWNED_TABS
        if city is not None:
            store.replace_scope(CITY_SCOPE, {
                "ikm": city_tables["ikm"],
                "ikm_periodic": city_tables["ikm_periodic"],
                "complaints": city_tables["complaints"],
                "complaint_categories": city_tables["complaint_categories"],
                "respondent_profile": city_tables["respondent_profile"],
                "issues": city.issues.assign(scope=CITY_SCOPE),
                **followup,
            })
        city_run.written = backend.write(settings.city.spreadsheet, owned_city)
        if city_run.status != STATUS_FAILED:
            city_run.status = STATUS_OK if city_run.written else STATUS_UNCHANGED
    except Exception as exc:
        _fail(city_run, exc, log)
    city_run.seconds += time.perf_counter() - started
    log(_progress("KOTA", city_run))

    result.sheets = [*runs.values(), city_run]
    # Writes may still be under way in the background (local backend): wait, then record failures.
    by_sheet = {s.spreadsheet: s for s in result.sheets}
    for spreadsheet, exc in backend.flush().items():
        run = by_sheet[spreadsheet]
        run.written = False
        _fail(run, exc, log)
        log(_progress(run.scope, run))
    result.finished = _now()
    store.finish_run(
        result.run_id, result.finished, result.status,
        pd.DataFrame([vars(s) for s in result.sheets]),
        {"rules_id": settings.rules_id, "line": result.summary_line()},
    )
    log(result.summary_line())
    return result


def _derive(bases: dict[str, dict], settings: Settings, org_rating_rows, runs: dict[str, SheetRun],
            log: Log) -> dict[str, dict]:
    """The derived frames of every scored agency in one pass; should that pass fail, agency by
    agency, so a problem in one agency's data fails that agency only."""
    if not bases:
        return {}
    try:
        return derive(bases, settings, org_rating_rows)
    except Exception:
        log(traceback.format_exc())
        log("Perhitungan gabungan gagal; dihitung ulang per OPD.")
    derived = {}
    for code, base in bases.items():
        try:
            derived.update(derive({code: base}, settings, org_rating_rows))
        except Exception as exc:
            _fail(runs[code], exc, log)
    return derived


def read_ahead(backend: Backend, jobs: list[tuple[str, list[str]]]) -> Iterator[Callable[[], dict]]:
    """Yield, in order, a callable returning each read (or raising its error).

    A backend that can read concurrently (`parallel_reads` > 1: the local one, whose xlsx parser
    releases the GIL) reads the next workbooks while this thread validates; at most that many
    reads are in flight, so memory stays bounded.
    """
    depth = max(1, int(getattr(backend, "parallel_reads", 1)))
    if depth == 1:
        for spreadsheet, tabs in jobs:
            yield lambda spreadsheet=spreadsheet, tabs=tabs: backend.read(spreadsheet, tabs)
        return
    with ThreadPoolExecutor(max_workers=depth, thread_name_prefix="baca") as pool:
        pending = deque(pool.submit(backend.read, s, t) for s, t in jobs[:depth])
        for spreadsheet, tabs in jobs[depth:]:
            future = pending.popleft()
            pending.append(pool.submit(backend.read, spreadsheet, tabs))
            yield future.result
        while pending:
            yield pending.popleft().result


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
