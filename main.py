"""Kinerja Solok command line: a thin shell over the Python API (see README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from config.settings import default_config_path, load_settings
from sync.errors import KinerjaError

CONFIG_OPTION = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    default=default_config_path, show_default="$KINERJA_CONFIG atau config/kinerja.toml",
    help="Berkas konfigurasi TOML.",
)


def _settings(path: Path):
    try:
        return load_settings(path)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(help="Kinerja Solok: penilaian kinerja ASN Kota Solok dan IKM (Bahasa Indonesia untuk pengguna).")
def cli() -> None:
    pass


@cli.command(help="Periksa konfigurasi dan keberadaan setiap spreadsheet; tampilkan semua masalah.")
@CONFIG_OPTION
def check(config_path: Path) -> None:
    from sync.checks import check_config

    problems, settings = check_config(config_path)
    if problems:
        click.echo(f"Konfigurasi {config_path}: {len(problems)} masalah", err=True)
        for p in problems:
            click.echo(f"- {p}", err=True)
        sys.exit(1)
    click.echo(f"Konfigurasi {config_path} baik: backend {settings.source.kind}, "
               f"{len(settings.agencies)} OPD, aturan {settings.rules_name}.")


@cli.command(help="Buat spreadsheet templat (tab dan judul kolom) yang belum ada; yang sudah ada tidak disentuh.")
@CONFIG_OPTION
def init(config_path: Path) -> None:
    from sync.backends import make_backend
    from sync.templates import init_templates

    settings = _settings(config_path)
    try:
        created = init_templates(settings, make_backend(settings))
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in created:
        click.echo(f"dibuat: {line}")
    click.echo(f"{len(created)} tab dibuat." if created else "Semua spreadsheet sudah ada; tidak ada yang diubah.")


@cli.command(name="sync", help="Jalankan satu siklus sinkronisasi: baca, validasi, nilai, tulis tab hasil dan basis data hasil.")
@CONFIG_OPTION
def sync_once(config_path: Path) -> None:
    from sync.backends import make_backend
    from sync.store import ResultsStore
    from sync.worker import run_cycle

    settings = _settings(config_path)
    try:
        backend = make_backend(settings)
        try:
            result = run_cycle(settings, backend, ResultsStore(settings.store.path), log=click.echo)
        finally:
            backend.close()
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    if len(result.failed) == len(result.sheets):
        sys.exit(1)


@cli.command(help="Tulis laporan Excel untuk BKPSDM dari basis data hasil.")
@CONFIG_OPTION
@click.option("--periode", required=True, help="Bulan laporan, mis. 2026-10.")
@click.option("--opd", default=None, help="Kode OPD (kosong = semua OPD).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Berkas .xlsx tujuan.")
def report(config_path: Path, periode: str, opd: str | None, out: Path) -> None:
    from sync.store import ResultsStore
    from web.report import write_report

    from web.methodology import rules_lines

    settings = _settings(config_path)
    try:
        path = write_report(ResultsStore(settings.store.path), out, periode, opd,
                            rules_text=rules_lines(settings.scoring, settings.web.min_group_size))
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Laporan ditulis: {path}")


@cli.command(help="Sajikan situs (halaman publik) dengan waitress.")
@CONFIG_OPTION
@click.option("--host", default=None, help="Alamat (bawaan: [web] host).")
@click.option("--port", type=int, default=None, help="Port (bawaan: [web] port).")
def web(config_path: Path, host: str | None, port: int | None) -> None:
    from web.serve import serve

    settings = _settings(config_path)
    serve(settings, host or settings.web.host, port or settings.web.port, log=click.echo)


@cli.command(help="Buat Kota Solok contoh, sinkronkan, tulis laporan, lalu sajikan situsnya.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=Path("demo"),
              show_default=True, help="Folder kota contoh.")
@click.option("--no-serve", is_flag=True, help="Lakukan semuanya kecuali menyajikan situs.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port situs.")
@click.option("--seed", type=int, default=42, show_default=True, help="Benih data contoh (sama = data sama).")
def demo(folder: Path, no_serve: bool, port: int, seed: int) -> None:
    from sync.demo.run import run_demo

    try:
        run_demo(folder, serve=not no_serve, port=port, seed=seed, log=click.echo)
    except KinerjaError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":
    cli()
