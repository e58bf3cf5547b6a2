"""`python main.py demo`: build the demo city, sync it, write a report, serve the site."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Callable

from config.hr_users import add_user
from config.settings import load_settings
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.backends import make_backend
from sync.display import seconds
from sync.store import ResultsStore
from sync.cycle import run_cycle

DATA_FOLDER = "data"
DEMO_HR_PREFIX = "bkpsdm"
STORE_FILE = "var/kinerja.sqlite"


def run_demo(folder: Path, serve: bool = True, port: int = 8000, seed: int = 42,
             log: Callable[[str], None] = print, scale: DemoScale | None = None,
             hr_user: str | None = None) -> dict[str, Path | str]:
    """Generate (or regenerate) the demo city in `folder`, sync it and write a first HR report.
    The HR login is `hr_user` (default: a fresh bkpsdm-xxxxxx) with a fresh random password."""
    folder = Path(folder).resolve()
    started = time.perf_counter()
    city = generate_city(scale or DemoScale(), seed=seed)
    data = folder / DATA_FOLDER
    data.mkdir(parents=True, exist_ok=True)
    written = write_workbooks(city, data)
    config_path = folder / "kinerja.toml"
    write_config(city, config_path, data_folder=DATA_FOLDER, store_path=STORE_FILE)
    # A fresh HR login each run, so the demo's HR area can be tried; never a fixed password, and
    # never a fixed name either: a name printed in the README could be locked out by anyone.
    hr_user = hr_user or f"{DEMO_HR_PREFIX}-{secrets.token_hex(3)}"
    hr_password = secrets.token_urlsafe(12)
    add_user(config_path, hr_user, hr_password, name="Admin BKPSDM (contoh)")
    log(f"Kota contoh: {len(city.agencies)} OPD, {len(written)} berkas di {data} "
        f"({seconds(time.perf_counter() - started)})")

    settings = load_settings(config_path)
    store = ResultsStore(settings.store.path)
    backend = make_backend(settings)
    try:
        run_cycle(settings, backend, store, log=log)
    finally:
        backend.close()

    from web.methodology import rules_lines
    from web.report import write_report

    periods = store.read("agency_summary")["period"]
    period = max(periods) if len(periods) else city.last_period
    report = write_report(store, folder / f"laporan-{period}.xlsx", period,
                          rules_text=rules_lines(settings.scoring, settings.web.min_group_size),
                          paper=settings.report.paper, min_responses=settings.scoring.min_responses)
    paths = {
        "config": config_path,
        "data": data,
        "store": settings.store.path,
        "report": report,
        "hr_user": hr_user,
        "hr_password": hr_password,
    }
    log("")
    log(f"Konfigurasi     : {config_path}")
    log(f"Spreadsheet OPD : {data}/*.xlsx (hasil di *.hasil.xlsx)")
    log(f"Basis data hasil: {settings.store.path}")
    log(f"Laporan Excel   : {report}")
    log(f"Login BKPSDM    : pengguna {hr_user}, kata sandi {hr_password} "
        "(nama dan kata sandi dibuat baru setiap kali demo dijalankan)")
    if serve:
        from web.serve import serve as serve_site

        log(f"Situs publik    : http://127.0.0.1:{port}/  (area BKPSDM: http://127.0.0.1:{port}/hr/masuk)")

        serve_site(settings, "127.0.0.1", port, log=log)
    return paths
