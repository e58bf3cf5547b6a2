"""Kinerja Solok command line: a thin shell over the Python API (see README.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

import cli_text

cli_text.install()  # before any option is built: click names some metavars when it builds them

from config.errors import KinerjaError
from config.settings import default_config_path, load_settings
from sync.exit_codes import EXIT_CONFIG

if TYPE_CHECKING:
    from sync.demo.generate import DemoScale

CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=default_config_path,
    show_default="$KINERJA_CONFIG atau config/kinerja.toml",
    help="Berkas konfigurasi TOML.",
)


def _print_problems(config_path: Path, problems: list[str]) -> None:
    """The problem list in `check`'s words; every refusing command prints exactly the same."""
    click.echo(f"Konfigurasi {config_path}: {len(problems)} masalah", err=True)
    for problem in problems:
        click.echo(f"- {problem}", err=True)


def _ready(config_path: Path, command: str, backend_factory=None):
    """Run `check`'s checks for what `command` uses (sync.checks.COMMAND_PARTS) and refuse to
    start, exit 3, on any problem; else return the Checked (settings, and the backend it built,
    for the command to go on with: a Google backend keeps the metadata the check fetched)."""
    from sync.checks import COMMAND_PARTS, run_checks

    factory = {"backend_factory": backend_factory} if backend_factory else {}
    checked = run_checks(config_path, COMMAND_PARTS[command], **factory)
    if checked.problems:
        if checked.backend is not None:
            checked.backend.close()
        _print_problems(config_path, checked.problems)
        click.echo(
            f"`{command}` tidak dijalankan. Perbaiki masalah di atas, lalu periksa dengan "
            f"`python main.py check --config {config_path}`.",
            err=True,
        )
        sys.exit(EXIT_CONFIG)
    return checked


def _settings(path: Path):
    try:
        return load_settings(path)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc


def _failure(exc: Exception, exit_code: int) -> click.ClickException:
    """click's "Error: ..." with the exit code of sync.exit_codes (ClickException alone exits 1)."""
    failure = click.ClickException(str(exc))
    failure.exit_code = exit_code
    return failure


@click.group(
    cls=cli_text.Group,
    help="Kinerja Solok: penilaian kinerja ASN Kota Solok dan IKM (Bahasa Indonesia untuk pengguna).",
)
def cli() -> None:
    pass


@cli.command(help="Periksa konfigurasi dan keberadaan setiap spreadsheet; tampilkan semua masalah.")
@CONFIG_OPTION
def check(config_path: Path) -> None:
    from sync.checks import check_config

    problems, settings = check_config(config_path)
    if problems:
        _print_problems(config_path, problems)
        sys.exit(1)
    click.echo(
        f"Konfigurasi {config_path} baik: backend {settings.source.kind}, "
        f"{len(settings.agencies)} OPD, aturan {settings.rules_name}."
    )


@cli.command(
    help="Buat spreadsheet templat (tab dan judul kolom) yang belum ada; untuk yang sudah ada, tampilkan "
    "tab dan judul kolom yang kurang (berkas lokal tidak diubah; templat untuk disalin ada di "
    "folder templat/)."
)
@CONFIG_OPTION
def init(config_path: Path) -> None:
    from sync.prepare import init_templates

    checked = _ready(config_path, "init")  # missing spreadsheets are what init is for
    settings = checked.settings
    problems: list[str] = []
    lacking: list[str] = []
    try:
        created = init_templates(settings, checked.backend, problems, lacking)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        checked.backend.close()
    for line in created:
        click.echo(f"dibuat: {line}")
    for line in lacking:
        click.echo(f"kurang: {line}")
    if lacking:
        # init never rewrites a workbook someone types into: what it lacks is theirs to add.
        click.echo(
            f"{len(created)} tab dibuat; spreadsheet yang sudah ada tidak diubah. Tambahkan yang kurang di "
            f"atas (judul kolom di baris 1), lalu jalankan init lagi untuk memeriksanya."
        )
    else:
        click.echo(
            f"{len(created)} tab dibuat." if created else "Semua spreadsheet sudah lengkap; tidak ada yang diubah."
        )
    if problems:  # every spreadsheet that could not be prepared, not only the first
        click.echo(f"{len(problems)} spreadsheet tidak dapat disiapkan:", err=True)
        for problem in problems:
            click.echo(f"- {problem}", err=True)
        sys.exit(1)


@cli.command(
    name="sync",
    help="Jalankan satu siklus sinkronisasi: baca, validasi, nilai, tulis tab hasil dan basis data hasil. "
    "Kode keluar: 0 semua berhasil, 1 sebagian gagal, 2 tidak ada yang selesai, 3 konfigurasi salah.",
)
@CONFIG_OPTION
def sync_once(config_path: Path) -> None:
    import threading

    from config.errors import ConfigError, SyncStopped
    from sync.cycle import STATUS_STOPPED, run_cycle
    from sync.exit_codes import EXIT_NOTHING, for_status
    from sync.scheduler import WorkerLock, install_signal_handlers, recover_interrupted
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore

    stop = threading.Event()
    checked = _ready(config_path, "sync", backend_factory=lambda s: make_backend(s, stop=stop))
    settings, backend = checked.settings, checked.backend
    received: list[str] = []

    def request_stop(reason: str) -> None:  # as the worker's: no I/O in a signal handler
        received.append(reason)
        stop.set()

    # SIGINT/SIGTERM as in the worker: the cycle stops before the next spreadsheet (Google: the
    # next request) and is recorded 'dihentikan'; a second signal exits at once.
    restore = install_signal_handlers(request_stop)
    status = None
    try:
        try:
            # A running worker owns the store: a manual cycle beside it would interleave their writes.
            with WorkerLock(settings.store.path):
                store = ResultsStore(settings.store.path)
                recover_interrupted(store, log=click.echo)
                try:
                    status = run_cycle(settings, backend, store, log=click.echo).status
                except SyncStopped:
                    status = STATUS_STOPPED
                if status != STATUS_STOPPED:
                    _notify_after_cycle(settings, store)
        finally:
            backend.close()
    except ConfigError as exc:
        raise _failure(exc, EXIT_CONFIG) from exc
    except KinerjaError as exc:
        raise _failure(exc, EXIT_NOTHING) from exc
    finally:
        restore()
    if received:
        click.echo(f"{received[0]} diterima; sinkronisasi berhenti.")
    sys.exit(for_status(status))


@cli.command(
    help="Jalankan sinkronisasi terjadwal: satu siklus sekarang, lalu setiap [sync] interval_minutes "
    "menit, sampai dihentikan dengan Ctrl+C atau SIGTERM."
)
@CONFIG_OPTION
@click.option(
    "--once",
    is_flag=True,
    help="Jalankan satu siklus (dengan heartbeat di basis data hasil) lalu keluar; kode keluar seperti sync.",
)
def worker(config_path: Path, once: bool) -> None:
    import threading

    from config.errors import ConfigError
    from sync.exit_codes import EXIT_NOTHING, EXIT_OK
    from sync.scheduler import Worker, install_signal_handlers
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore

    stop = threading.Event()
    # Built once (by the check): what the backend learns (sheet metadata, write digests) lasts the
    # worker's life.
    checked = _ready(config_path, "worker", backend_factory=lambda s: make_backend(s, stop=stop))
    settings, backend = checked.settings, checked.backend
    try:
        try:
            runner = Worker(
                settings,
                backend,
                ResultsStore(settings.store.path),
                stop=stop,
                log=click.echo,
                cycle=_cycle_then_notify,
            )
            restore = install_signal_handlers(runner.request_stop)
            try:
                if once:
                    runner.once()
                    code = runner.exit_code
                else:
                    runner.serve()
                    code = EXIT_OK  # stopped cleanly; each cycle's outcome is in the heartbeat
            finally:
                restore()
        finally:
            backend.close()
    except ConfigError as exc:
        raise _failure(exc, EXIT_CONFIG) from exc
    except KinerjaError as exc:
        raise _failure(exc, EXIT_NOTHING) from exc
    sys.exit(code)


def _notify_after_cycle(settings, store) -> None:
    """[notify] mails after a cycle (sync/notify/): never raises, so a mail outage never fails a cycle."""
    from sync.notify.run import send_due

    send_due(settings, store, log=click.echo)


def _cycle_then_notify(settings, backend, store, log=print, **kwargs):
    """The worker's cycle: run_cycle, then the mails that are due (a stopped cycle sends none)."""
    from sync.cycle import run_cycle
    from sync.notify.run import send_due

    result = run_cycle(settings, backend, store, log=log, **kwargs)
    send_due(settings, store, log=log)
    return result


@cli.command(
    help="Kirim email pemberitahuan [notify] yang jatuh tempo sekarang (hasil tersedia, pengingat laporan, "
    "ringkasan mingguan admin OPD); --dry-run hanya menampilkan daftarnya tanpa mengirim."
)
@CONFIG_OPTION
@click.option("--dry-run", is_flag=True, help="Tampilkan email yang akan dikirim (penerima dan judul), tanpa mengirim.")
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Hitung seolah-olah hari ini tanggal ini (mis. melihat pengingat tanggal 25 lebih awal).",
)
def notify(config_path: Path, dry_run: bool, tanggal) -> None:
    from sync.notify.run import describe, due, send_due
    from sync.scheduler import WorkerLock
    from sync.store import ResultsStore
    from sync.store.accounts import city_today

    settings = _settings(config_path)
    if not settings.notify.enabled:
        click.echo("Email pemberitahuan tidak aktif: isi [notify] smtp_host di konfigurasi (lihat config/contoh.toml).")
        return
    store = ResultsStore(settings.store.path)
    if dry_run:
        mails = due(settings, store, tanggal.date() if tanggal else city_today())
        budget = settings.notify.max_per_cycle
        click.echo(
            f"{len(mails)} email akan dikirim"
            + (f" ({budget} per siklus)" if len(mails) > budget else "")
            + (":" if mails else ".")
        )
        for line in describe(mails):
            click.echo(line)
        return
    with WorkerLock(settings.store.path):  # the worker's sends and these must not overlap
        store.ensure_schema()
        send_due(settings, store, log=click.echo, today=tanggal.date() if tanggal else None)


def _report_out(_ctx, _param, value: Path) -> Path:
    from sync.report_args import report_path
    from sync.validate.parse import Problem

    found = report_path(value)
    if isinstance(found, Problem):
        raise click.BadParameter(f"{found.problem} {found.fix}")
    return found


def _report_period(text: str) -> str:
    """--periode of `report`, `laporan-skm` and `dokumen`: a month, quarter or year key, or the
    problem and its fix as a usage error."""
    from sync.report_args import parse_report_period
    from sync.validate.parse import Problem
    from sync.validate.rows import ValidationOptions

    period = parse_report_period(text, ValidationOptions().today)
    if isinstance(period, Problem):
        raise click.BadParameter(f"{period.problem} {period.fix}", param_hint="'--periode'")
    return period


@cli.command(help="Tulis laporan Excel untuk BKPSDM dari basis data hasil.")
@CONFIG_OPTION
@click.option(
    "--periode",
    required=True,
    metavar="PERIODE",
    help="Periode laporan, ditulis seperti di spreadsheet: bulan (2026-10, Oktober 2026, Okt 2026, "
    "10/2026), triwulan (2026-Q4, Triwulan IV 2026) atau tahun (2026).",
)
@click.option("--opd", default=None, metavar="KODE", help="Kode OPD (kosong = semua OPD).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=_report_out,
    help="Berkas .xlsx tujuan (tanpa akhiran: .xlsx ditambahkan).",
)
def report(config_path: Path, periode: str, opd: str | None, out: Path) -> None:
    from sync.report_args import empty_period_warning
    from sync.store import ResultsStore
    from web.methodology import rules_lines
    from web.report import write_report

    settings = _ready(config_path, "report").settings
    period = _report_period(periode)
    store = ResultsStore(settings.store.path)
    try:
        path = write_report(
            store,
            out,
            period,
            opd,
            rules_text=rules_lines(settings.scoring, settings.web.min_group_size),
            paper=settings.report.paper,
            min_responses=settings.scoring.min_responses,
        )
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Laporan ditulis: {path}")
    warning = empty_period_warning(store, period, opd)
    if warning:
        click.echo(warning, err=True)


@cli.command(
    name="laporan-skm",
    help="Tulis Laporan Survei Kepuasan Masyarakat (PDF) dari basis data hasil: "
    "Pendahuluan, Metodologi, Hasil, Analisis, Kesimpulan.",
)
@CONFIG_OPTION
@click.option(
    "--periode",
    required=True,
    metavar="PERIODE",
    help="Periode laporan: bulan (2026-10, Oktober 2026), triwulan (2026-Q4, Triwulan IV 2026) atau tahun (2026).",
)
@click.option("--opd", default=None, metavar="KODE", help="Kode OPD (kosong = seluruh kota).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Berkas .pdf tujuan (tanpa akhiran: .pdf ditambahkan).",
)
def laporan_skm(config_path: Path, periode: str, opd: str | None, out: Path) -> None:
    from sync.store import ResultsStore
    from web.skm_report import SkmReportError, write_skm_report

    settings = _ready(config_path, "laporan-skm").settings
    period = _report_period(periode)
    try:
        path = write_skm_report(
            ResultsStore(settings.store.path),
            out,
            period,
            opd,
            city_name=settings.city.name,
            min_responses=settings.scoring.min_responses,
        )
    except SkmReportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Laporan SKM ditulis: {path}")


@cli.command(
    help="Tulis poster A4 (PDF) berisi kode QR formulir SKM untuk setiap unit layanan, untuk dipasang "
    "di loket. Butuh [survey] form_url dan form_unit_entry."
)
@CONFIG_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder tujuan poster (dibuat bila belum ada).",
)
def qr(config_path: Path, out: Path) -> None:
    from sync.store import ResultsStore
    from web.poster import PosterError, write_posters

    settings = _ready(config_path, "qr").settings
    try:
        written = write_posters(settings, ResultsStore(settings.store.path), out)
    except PosterError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(written)} poster ditulis di {out}.")


@cli.command(
    help="Tulis Dokumen Evaluasi Kinerja Pegawai (PDF, format PermenPANRB 6/2022) setiap pegawai untuk satu "
    "periode ke sebuah berkas .zip; hasil yang sudah ditetapkan diberi kode verifikasi."
)
@CONFIG_OPTION
@click.option(
    "--periode",
    required=True,
    metavar="PERIODE",
    help="Bulan (2026-10), triwulan (2026-Q4, Triwulan IV 2026) atau tahun (2026).",
)
@click.option("--opd", default=None, metavar="KODE", help="Kode OPD (kosong = seluruh kota).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Berkas .zip tujuan (tanpa akhiran: .zip ditambahkan).",
)
def dokumen(config_path: Path, periode: str, opd: str | None, out: Path) -> None:
    from sync.store import ResultsStore
    from web.dokumen.bulk import BulkError, write_zip

    settings = _ready(config_path, "dokumen").settings
    period = _report_period(periode)
    try:
        result = write_zip(
            ResultsStore(settings.store.path),
            period,
            out,
            agency=opd,
            base_url=settings.web.base_url,
            city_name=settings.city.name,
        )
    except BulkError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(result.text(period))


@cli.command(help="Sajikan situs (halaman publik) dengan waitress.")
@CONFIG_OPTION
@click.option("--host", default=None, help="Alamat (bawaan: [web] host).")
@click.option("--port", type=int, default=None, metavar="ANGKA", help="Port (bawaan: [web] port).")
def web(config_path: Path, host: str | None, port: int | None) -> None:
    from web.serve import serve

    settings = _ready(config_path, "web").settings
    serve(settings, host or settings.web.host, port or settings.web.port, log=click.echo)


# ---- the demo: composes generate + sync (sync/) with report + serve (web/) --------------------
# Here and not in sync/demo/: sync/ may not import web/ (tests/test_layers.py), and main.py is the
# one place allowed to compose both.

DEMO_DATA_FOLDER = "data"
DEMO_HR_PREFIX = "bkpsdm"
DEMO_STORE_FILE = "var/kinerja.sqlite"


def run_demo(
    folder: Path,
    serve: bool = True,
    port: int = 8000,
    seed: int = 42,
    log: Callable[[str], None] = print,
    scale: DemoScale | None = None,
    hr_user: str | None = None,
) -> dict[str, Path | str]:
    """Generate (or regenerate) the demo city in `folder`, sync it and write a first HR report.
    The HR login is `hr_user` (default: a fresh bkpsdm-xxxxxx) with a fresh random password."""
    import secrets
    import time

    from config.hr_users import add_user
    from sync.cycle import run_cycle
    from sync.demo.generate import DemoScale, generate_city
    from sync.demo.write import write_config, write_workbooks
    from sync.display import seconds
    from sync.sources.backends import make_backend
    from sync.store import ResultsStore
    from web.methodology import rules_lines
    from web.report import write_report

    folder = Path(folder).resolve()
    started = time.perf_counter()
    city = generate_city(scale or DemoScale(), seed=seed)
    data = folder / DEMO_DATA_FOLDER
    data.mkdir(parents=True, exist_ok=True)
    written = write_workbooks(city, data)
    config_path = folder / "kinerja.toml"
    write_config(city, config_path, data_folder=DEMO_DATA_FOLDER, store_path=DEMO_STORE_FILE)
    # A fresh HR login each run, so the demo's HR area can be tried; never a fixed password, and
    # never a fixed name either: a name printed in the README could be locked out by anyone.
    hr_user = hr_user or f"{DEMO_HR_PREFIX}-{secrets.token_hex(3)}"
    hr_password = secrets.token_urlsafe(12)
    add_user(config_path, hr_user, hr_password, name="Admin BKPSDM (contoh)")
    log(
        f"Kota contoh: {len(city.agencies)} OPD, {len(written)} berkas di {data} "
        f"({seconds(time.perf_counter() - started)})"
    )

    settings = load_settings(config_path)
    store = ResultsStore(settings.store.path)
    backend = make_backend(settings)
    try:
        run_cycle(settings, backend, store, log=log)
    finally:
        backend.close()

    periods = store.read("agency_summary")["period"]
    period = max(periods) if len(periods) else city.last_period
    report = write_report(
        store,
        folder / f"laporan-{period}.xlsx",
        period,
        rules_text=rules_lines(settings.scoring, settings.web.min_group_size),
        paper=settings.report.paper,
        min_responses=settings.scoring.min_responses,
    )
    from web.poster import write_posters
    from web.skm_report import write_skm_report

    logins = _demo_accounts(store)

    posters = write_posters(settings, store, folder / "poster-skm")
    skm = write_skm_report(
        store,
        folder / f"laporan-skm-{period}.pdf",
        period,
        city_name=settings.city.name,
        min_responses=settings.scoring.min_responses,
    )
    paths = {
        "config": config_path,
        "data": data,
        "store": settings.store.path,
        "report": report,
        "skm_report": skm,
        "posters": folder / "poster-skm",
        "hr_user": hr_user,
        "hr_password": hr_password,
        "logins": logins,
    }
    log("")
    log(f"Konfigurasi     : {config_path}")
    log(f"Spreadsheet OPD : {data}/*.xlsx (hasil di *.hasil.xlsx)")
    log(f"Basis data hasil: {settings.store.path}")
    log(f"Laporan Excel   : {report}")
    log(f"Laporan SKM     : {skm}")
    log(f"Poster QR SKM   : {len(posters)} poster di {folder / 'poster-skm'}")
    site = f"http://127.0.0.1:{port}"
    log(f"Situs publik    : {site}/")
    log(
        f"Masuk           : {site}/masuk  (satu pintu untuk semua peran; kata sandi dibuat baru setiap kali "
        "demo dijalankan)"
    )
    for label, (login, password, name) in logins.items():
        log(f"  {label:<15}: NIP {login}, kata sandi {password} ({name}) -> {site}/saya")
    log(f"  {'BKPSDM':<15}: pengguna {hr_user}, kata sandi {hr_password} -> {site}/hr/")
    if serve:
        from web.serve import serve as serve_site

        serve_site(settings, "127.0.0.1", port, log=log)
    return paths


def _demo_accounts(store) -> dict[str, tuple[str, str, str]]:
    """One employee, their supervisor and an admin OPD of their agency, each with a fresh random
    password (the BKPSDM login is the config's HR user): label -> (NIP, password, name)."""
    import secrets

    from sync.store import accounts as account_store
    from web.accounts_cli import add_account

    people = store.read("employees")
    names = dict(zip(people["nip"], people["name"]))
    has_boss = people["supervisor_nip"].isin(people["nip"])
    leads_nobody = ~people["nip"].isin(people["supervisor_nip"].dropna())
    supervised = people.loc[has_boss & leads_nobody]  # a staff member whose supervisor is on a roster
    chosen = supervised.iloc[0] if len(supervised) else people.iloc[0]
    employee, boss, agency = str(chosen["nip"]), str(chosen["supervisor_nip"] or ""), str(chosen["agency"])
    admin = next(str(n) for n in people.loc[people["agency"] == agency, "nip"] if str(n) not in (employee, boss))
    for old in account_store.accounts(store):  # a re-run: the previous run's demo logins go
        account_store.delete_account(store, old.login)
    out = {}
    for label, nip, role in (
        ("Pegawai", employee, "pegawai"),
        ("Atasan", boss, "pegawai"),
        ("Admin OPD", admin, "admin-opd"),
    ):
        if not nip:
            continue
        password = secrets.token_urlsafe(12)
        add_account(store, nip, role, agency if role == "admin-opd" else "", "", password)
        out[label if role != "admin-opd" else f"Admin OPD {agency}"] = (nip, password, names.get(nip, ""))
    return out


@cli.command(help="Buat Kota Solok contoh, sinkronkan, tulis laporan, lalu sajikan situsnya.")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Folder kota contoh.",
)
@click.option("--no-serve", is_flag=True, help="Lakukan semuanya kecuali menyajikan situs.")
@click.option("--port", type=int, default=8000, show_default=True, metavar="ANGKA", help="Port situs.")
@click.option(
    "--seed", type=int, default=42, show_default=True, metavar="ANGKA", help="Benih data contoh (sama = data sama)."
)
def demo(folder: Path, no_serve: bool, port: int, seed: int) -> None:
    try:
        run_demo(folder, serve=not no_serve, port=port, seed=seed, log=click.echo)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.group(
    name="hr-user",
    help="Kelola pengguna area BKPSDM (login di /hr) dalam berkas konfigurasi. "
    "Situs yang sedang berjalan perlu dimulai ulang agar perubahan berlaku.",
)
def hr_user() -> None:
    pass


def _new_password(value: str) -> str:
    from config.hr_users import password_problem

    problem = password_problem(value)
    if problem:
        raise click.UsageError(problem)
    return value


@hr_user.command(
    name="add",
    help="Tambah pengguna BKPSDM. Kata sandi ditanyakan dua kali (tidak tampil di layar) "
    "atau dibaca dari stdin; hanya hash-nya yang ditulis ke konfigurasi.",
)
@CONFIG_OPTION
@click.argument("username", metavar="NAMA_PENGGUNA")
@click.option("--name", default="", help="Nama lengkap yang ditampilkan setelah masuk.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Baca kata sandi dari baris pertama stdin (untuk skrip dan CI, tanpa konfirmasi).",
)
def hr_user_add(config_path: Path, username: str, name: str, password_stdin: bool) -> None:
    from config.hr_users import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi", value_proc=_new_password
        )
    try:
        user = add_user(config_path, username, password, name)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Pengguna '{user.username}' ditambahkan ke {config_path}.")


@hr_user.command(name="list", help="Tampilkan pengguna BKPSDM di konfigurasi (tanpa hash kata sandi).")
@CONFIG_OPTION
def hr_user_list(config_path: Path) -> None:
    users = _settings(config_path).hr_users
    for user in users:
        click.echo(f"{user.username}\t{user.name}".rstrip())
    click.echo(f"{len(users)} pengguna BKPSDM.", err=True)


@hr_user.command(name="remove", help="Hapus blok [[hr_users]] seorang pengguna BKPSDM dari konfigurasi.")
@CONFIG_OPTION
@click.argument("username", metavar="NAMA_PENGGUNA")
def hr_user_remove(config_path: Path, username: str) -> None:
    from config.hr_users import remove_user

    try:
        user = remove_user(config_path, username)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Pengguna '{user.username}' dihapus dari {config_path}.")


# ---- personal accounts (issue 13): in the results store -----------------------------------------


@cli.group(
    name="akun",
    help="Kelola akun pribadi (masuk di /masuk dengan NIP) di basis data hasil: pegawai, "
    "admin OPD dan BKPSDM. Berlaku seketika, tanpa memulai ulang situs.",
)
def akun() -> None:
    pass


def _account_store(config_path: Path):
    from sync.store import ResultsStore

    return ResultsStore(_settings(config_path).store.path)


@akun.command(
    name="tambah",
    help="Tambah akun (atau ubah peran akun yang ada). Peran pegawai dan admin-opd memakai "
    "NIP; bkpsdm boleh memakai nama pengguna. Kata sandi ditanyakan atau dibaca dari stdin.",
)
@CONFIG_OPTION
@click.argument("login", metavar="NIP")
@click.option("--peran", type=click.Choice(["pegawai", "admin-opd", "bkpsdm"]), required=True, help="Peran akun.")
@click.option("--opd", default="", metavar="KODE", help="Kode OPD (wajib untuk admin-opd).")
@click.option("--nama", default="", help="Nama yang ditampilkan (bawaan: dari tab Pegawai).")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari baris pertama stdin (untuk skrip dan CI).")
def akun_tambah(config_path: Path, login: str, peran: str, opd: str, nama: str, password_stdin: bool) -> None:
    from web.accounts_cli import AccountError, add_account

    store = _account_store(config_path)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi", value_proc=_new_password
        )
    try:
        acc = add_account(store, login, peran, opd, nama, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    where = f" OPD {acc.agency}" if acc.agency else ""
    click.echo(f"Akun '{acc.login}' ({acc.role}{where}) disimpan di {store.path}.")


@akun.command(
    name="daftar", help="Tampilkan akun (tanpa hash kata sandi): login, peran, OPD, nama, sudah aktif atau belum."
)
@CONFIG_OPTION
def akun_daftar(config_path: Path) -> None:
    from sync.store import accounts as account_store

    accounts = account_store.accounts(_account_store(config_path))
    for acc in accounts:
        state = "aktif" if acc.password_hash else "belum aktif"
        click.echo("\t".join([acc.login, acc.role, acc.agency or "-", acc.name or "-", state]))
    click.echo(f"{len(accounts)} akun.", err=True)


@akun.command(name="hapus", help="Hapus akun beserta sesinya (yang sedang masuk langsung keluar).")
@CONFIG_OPTION
@click.argument("login", metavar="NIP")
def akun_hapus(config_path: Path, login: str) -> None:
    from sync.store import accounts as account_store

    if not account_store.delete_account(_account_store(config_path), login):
        raise click.ClickException(f"Akun '{login}' tidak ada. Lihat daftarnya dengan `python main.py akun daftar`.")
    click.echo(f"Akun '{login}' dihapus.")


@akun.command(
    name="undang",
    help="Tulis kode aktivasi sekali pakai untuk pegawai satu OPD ke berkas .xlsx, untuk "
    "dibagikan admin. Hanya hash kode yang disimpan; kode lama pegawai itu tidak berlaku lagi.",
)
@CONFIG_OPTION
@click.option("--opd", required=True, metavar="KODE", help="Kode OPD.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Berkas .xlsx tujuan.")
@click.option("--semua", is_flag=True, help="Juga pegawai yang akunnya sudah aktif (bawaan: yang belum saja).")
def akun_undang(config_path: Path, opd: str, out: Path, semua: bool) -> None:
    from web.accounts_cli import AccountError, invite

    settings = _settings(config_path)
    from sync.store import ResultsStore

    try:
        path, count = invite(ResultsStore(settings.store.path), opd, out, settings.accounts.activation_days, semua)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{count} kode aktivasi ditulis ke {path} (berlaku {settings.accounts.activation_days} hari). "
        "Bagikan langsung ke setiap pegawai; jangan dikirim beramai-ramai."
    )


# ---- closed periods (issue 14, item 3): BKPSDM's acts, in the results store ----------------------


@cli.group(
    name="periode",
    help="Tutup atau buka kembali periode penilaian untuk seluruh kota (BKPSDM). Periode yang ditutup "
    "tidak berubah lagi: perubahan di spreadsheet tidak dipakai dan ditandai di tab Validasi.",
)
def periode() -> None:
    pass


def _closing(config_path: Path, act: Callable[..., str], *args) -> None:
    from sync.store import ResultsStore

    store = ResultsStore(_settings(config_path).store.path)
    try:
        click.echo(act(store, *args))
    except ValueError as exc:
        raise _failure(exc, 2) from exc


_REASON = click.option("--alasan", required=True, help="Alasan (wajib; dicatat bersama siapa dan kapan).")
_BY = click.option("--oleh", default=None, help="Siapa yang melakukannya (bawaan: pengguna sistem yang menjalankan).")


@periode.command(name="tutup", help="Tutup PERIODE (bulan 2026-10, triwulan 2026-Q4 atau tahun 2026).")
@CONFIG_OPTION
@click.argument("period_text", metavar="PERIODE")
@_REASON
@_BY
def periode_tutup(config_path: Path, period_text: str, alasan: str, oleh: str | None) -> None:
    from sync import closing

    _closing(config_path, closing.close, period_text, alasan, oleh)


@periode.command(name="buka", help="Buka kembali PERIODE yang ditutup.")
@CONFIG_OPTION
@click.argument("period_text", metavar="PERIODE")
@_REASON
@_BY
def periode_buka(config_path: Path, period_text: str, alasan: str, oleh: str | None) -> None:
    from sync import closing

    _closing(config_path, closing.reopen, period_text, alasan, oleh)


@periode.command(name="daftar", help="Tampilkan setiap penutupan dan pembukaan periode: kapan, oleh siapa, alasannya.")
@CONFIG_OPTION
def periode_daftar(config_path: Path) -> None:
    from sync import closing

    _closing(config_path, lambda store: "\n".join(closing.listing(store)))


if __name__ == "__main__":
    cli()
