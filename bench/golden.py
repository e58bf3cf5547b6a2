"""Golden outputs: capture every result a checkout produces, and compare two captures.

A refactor that moves modules between packages must change no result. This script proves it:
capture the old checkout and the new one, then compare the two captures.

    python bench/golden.py capture --repo DIR --out OUTDIR [--only demo|solok]
    python bench/golden.py compare OUTDIR_A OUTDIR_B      # exit 0 identical, 1 with the differences

Only stable entry points are used, so the same script captures the old and the new layout:
the CLI (`main.py sync`, `main.py report`, `main.py hr-user add`) as subprocesses with cwd=DIR;
`sync.demo.generate` / `sync.demo.write` to build the cities; `web.create_app(settings)` with
Flask's test client and `config.settings.load_settings`; sqlite3 for the store; python_calamine
for workbooks. The work runs in a child process with cwd=DIR and sys.path[0]=DIR, so the
checkout's own code is what runs (this script may live anywhere).

Per city (demo: DemoScale(), seed 42; solok: the bench city of bench/sync_bench.py, seed 7) the
capture holds:
- inputs.json: sha256 of every generated input workbook (the generator must not change either);
- cli/sync.txt: `main.py sync` output and exit code (durations normalised);
- store/<table>.csv, every table sorted by all its columns, and store/schema.sql;
- workbooks/<file>/<sheet>.csv: every tab of every *.hasil.xlsx, cell by cell;
- report/<sheet>.csv: the HR Excel report of the latest period (`main.py report`);
- web/<page>.txt: public pages, open-data files, HR pages after logging in (volatile parts normalised);
- bytes.json: per workbook, the sha256 of the file and of each zip member after normalisation.
Value-level differences (CSV/text) and byte-level ones (bytes.json) are listed separately.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

CITIES = ("demo", "solok")
SOLOK = dict(agencies=40, employees=3000, months=12, indicators_per_employee=4, responses=60_000)  # bench/sync_bench.py
SEEDS = {"demo": 42, "solok": 7}
HR_USER, HR_PASSWORD = "golden", "kata-sandi-golden-123"

# ---- what legitimately differs from run to run (everything else must be identical) ----------------
# Store columns whose values are wall-clock facts of this run, not results: replaced by "<volatile>".
VOLATILE_COLUMNS = {
    "runs": ("started", "finished"),  # when the cycle ran
    "run_sheets": ("seconds",),  # how long each spreadsheet took
    "period_supervisors": ("first_seen",),  # when the cycle first saw the month's supervisor
}
# meta rows whose value is a wall-clock time (the row is kept, its value replaced).
VOLATILE_META_KEYS = ("last_sync", "heartbeat")
# Kept on purpose: runs.id and run_sheets.run_id (every capture syncs a fresh store once, so the
# id is always 1), runs.summary (its line has counts only, no duration). The store holds no pid.
# Store cells are otherwise compared exactly (floats by repr): two captures of one commit agree.

# Text patterns that differ per run, in the CLI output, pages, open data and the HR report's text
# cells (not the store, not the result workbooks: those are identical run to run as they are, and a
# pattern there could hide a typed value that a Validasi row quotes).
VOLATILE_TEXT = [
    # durations: "(0,2 detik)", "1,4 detik", "12 menit 3 detik"
    (re.compile(r"\d+(?:[.,]\d+)? (?:detik|menit|jam)\b"), "<durasi>"),
    # ISO timestamps (store meta, open-data JSON, HR pages' datetime attributes)
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"), "<waktu>"),
    # clock times shown to people: "13.20", "13:20:05" (after a date or "pukul")
    (re.compile(r"(?<=pukul )\d{1,2}[.:]\d{2}(?:[.:]\d{2})?"), "<jam>"),
    (re.compile(r"(?<=\d{4} )\d{1,2}[.:]\d{2}(?:[.:]\d{2})?(?: (?:WIB|UTC))?"), "<jam>"),
    # ... and the date before such a time: "3 Desember 2026 <jam>" is the moment of the sync
    (
        re.compile(
            r"\d{1,2} (?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
            r"Desember) \d{4} (?=<jam>)"
        ),
        "<tanggal> ",
    ),
]
# Only in HTML: the CSRF token is random per session; /hr/sinkronisasi's "Detik" column (the
# cell after "Ditulis" Ya/Tidak) is run_sheets.seconds.
CSRF = re.compile(r'(name="csrf_token" value=")[^"]*(")')
SHEET_SECONDS = re.compile(r'(<td>(?:Ya|Tidak)</td><td class="num">)[^<]*(</td>)')
# Zip members of an .xlsx whose bytes carry the time of writing: docProps/core.xml's dcterms dates
# (the HR report sets no 'created', so xlsxwriter writes now); in the report, the other XML members
# get normalise_text as its text cells do (its Ringkasan says "Data per: 3 Desember 2026 20.22 WIB").
CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_text(text: str) -> str:
    for pattern, replacement in VOLATILE_TEXT:
        text = pattern.sub(replacement, text)
    return text


def normalise_html(text: str) -> str:
    return normalise_text(SHEET_SECONDS.sub(r"\1<detik>\2", CSRF.sub(r"\1<csrf>\2", text)))


# ---- capture (runs in the child, inside the checkout) ---------------------------------------------


def cell_text(value) -> str:
    """One cell as CSV text: numbers exactly (repr), dates ISO, text verbatim; text that would read
    as a number or begins with ' gets a leading ' (as Excel shows it), so 1.5 and '1.5 differ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"timedelta({value.total_seconds()!r})"
    text = str(value)
    if text.startswith("'") or text in ("TRUE", "FALSE") or _looks_numeric(text) or _looks_iso(text):
        return "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _looks_iso(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", text))


def write_csv(path: Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.() -]", "_", name).strip() or "_"


def sort_key(row):
    # None first, then numbers, then text: a total order over SQLite's mixed values.
    return tuple(
        (0, 0, "") if v is None else (1, v, "") if isinstance(v, (int, float)) else (2, 0, str(v)) for v in row
    )


# The history state as items: since it is kept per employee-month (sync/store/state.py), its rows
# are unfolded into the per-item rows earlier versions stored, so captures of both compare.
STATE_ITEMS = ["agency", "what", "period", "nip", "item", "digest", "payload"]


def _state_items(rows: list[list]) -> list[list]:
    return [
        [agency, what, period, nip, item, digest, payload]
        for agency, period, nip, state in rows
        for what, item, digest, payload in json.loads(state or "[]")
    ]


def dump_store(store: Path, out: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        schema = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")]
        (out / "store").mkdir(parents=True, exist_ok=True)
        (out / "store" / "schema.sql").write_text(";\n".join(schema) + ";\n", encoding="utf-8")
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            header = [d[0] for d in cursor.description]
            volatile = {header.index(c) for c in VOLATILE_COLUMNS.get(table, ()) if c in header}
            rows = []
            for row in cursor:
                row = list(row)
                for i in volatile:
                    row[i] = "<volatile>" if row[i] is not None else None
                if table == "meta" and row[0] in VOLATILE_META_KEYS:
                    row[1] = "<volatile>"
                rows.append(row)
            if table == "history_state" and header == ["agency", "period", "nip", "state"]:
                header, rows = STATE_ITEMS, _state_items(rows)
            rows.sort(key=sort_key)
            text_rows = [[cell_text(v) for v in row] for row in rows]
            write_csv(out / "store" / f"{safe_name(table)}.csv", [header, *text_rows])
    finally:
        conn.close()


def dump_workbook(path: Path, out: Path, normalise: bool = False) -> None:
    """Every sheet's values, cell by cell (python_calamine reads what Excel would show as values)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    out.mkdir(parents=True, exist_ok=True)
    (out / "_sheets.txt").write_text("\n".join(book.sheet_names) + "\n", encoding="utf-8")
    for i, name in enumerate(book.sheet_names):
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        write_csv(
            out / f"{i:02d} {safe_name(name)}.csv",
            [
                [normalise_text(cell_text(v)) if normalise and isinstance(v, str) else cell_text(v) for v in row]
                for row in rows
            ],
        )


def xlsx_bytes(path: Path, normalise: bool = False) -> dict:
    """sha256 of the file, and of each zip member with docProps' dates blanked (the byte-level view)."""
    raw = path.read_bytes()
    parts = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "docProps/core.xml":
                data = CORE_DATES.sub(rb"\1<volatile>\2", data)
            elif normalise and info.filename.endswith(".xml"):
                # The cell text as dump_workbook normalises it (the report's "Data per: <when>").
                data = normalise_text(data.decode("utf-8")).encode("utf-8")
            parts[info.filename] = hashlib.sha256(data).hexdigest()
    return {"sha256": hashlib.sha256(raw).hexdigest(), "parts": parts}


def run_cli(repo: Path, args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=repo, input=stdin, text=True, capture_output=True, env=env
    )


def build_city(city: str, folder: Path) -> Path:
    from sync.demo.generate import DemoScale, generate_city
    from sync.demo.write import write_config, write_workbooks

    scale = DemoScale() if city == "demo" else DemoScale(**SOLOK)
    generated = generate_city(scale, seed=SEEDS[city])
    write_workbooks(generated, folder / "data")
    return write_config(generated, folder / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")


def capture_web(config: Path, out: Path, log) -> None:
    from config.settings import load_settings
    from web import create_app

    settings = load_settings(config)
    app = create_app(settings)
    app.config["TESTING"] = True
    pages: dict[str, str] = {}

    def get(client, url: str, name: str, expect: int = 200) -> str:
        response = client.get(url)
        body = response.get_data(as_text=True)
        if response.status_code != expect:
            body = f"HTTP {response.status_code}\n{body}"
        pages[name] = f"{url}\n{response.status_code} {response.mimetype}\n\n{normalise_html(body)}"
        return body

    with app.test_client() as client:
        get(client, "/", "beranda")
        codes = [a.code for a in settings.agencies]
        for code in codes:
            get(client, f"/opd/{code}", f"opd-{code}")
        get(client, "/metodologi", "metodologi")
        open_data = get(client, "/data-terbuka", "data-terbuka")
        for link in sorted(set(re.findall(r'href="(/data/[^"#?]+)"', open_data))):
            get(client, link, "data-" + link.rsplit("/", 1)[1])
    with app.test_client() as client:
        form = client.get("/hr/masuk", follow_redirects=True).get_data(as_text=True)  # /hr/masuk moved to /masuk
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        response = client.post("/hr/masuk", data={"csrf_token": token, "username": HR_USER, "password": HR_PASSWORD})
        if response.status_code != 303:
            raise SystemExit(f"golden: HR login failed ({response.status_code})")
        get(client, "/hr/", "hr-ringkasan")
        listing = get(client, "/hr/pegawai", "hr-pegawai")
        nips = re.findall(r'href="/hr/pegawai/(\d{18})', listing)
        if nips:
            get(client, f"/hr/pegawai/{nips[0]}", "hr-pegawai-rinci")
        get(client, "/hr/validasi", "hr-validasi")
        get(client, "/hr/sinkronisasi", "hr-sinkronisasi")
        get(client, "/hr/laporan", "hr-laporan")
    (out / "web").mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (out / "web" / f"{safe_name(name)}.txt").write_text(text, encoding="utf-8")
    log(f"  web: {len(pages)} pages")


def capture_city(repo: Path, city: str, out: Path, work: Path) -> None:
    def log(line: str) -> None:
        print(f"[{city}] {line}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    config = build_city(city, work)
    data = work / "data"
    inputs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data.glob("*.xlsx"))}
    out.mkdir(parents=True, exist_ok=True)
    (out / "inputs.json").write_text(json.dumps(inputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"generated {len(inputs)} workbooks ({time.perf_counter() - start:.1f} s)")

    added = run_cli(
        repo,
        ["hr-user", "add", "--config", str(config), HR_USER, "--name", "Golden", "--password-stdin"],
        stdin=HR_PASSWORD + "\n",
    )
    if added.returncode != 0:
        raise SystemExit(f"golden: hr-user add failed: {added.stderr}")

    start = time.perf_counter()
    synced = run_cli(repo, ["sync", "--config", str(config)])
    (out / "cli").mkdir(parents=True, exist_ok=True)
    (out / "cli" / "sync.txt").write_text(
        f"exit {synced.returncode}\n--- stdout\n{normalise_text(synced.stdout)}--- stderr\n"
        f"{normalise_text(synced.stderr)}",
        encoding="utf-8",
    )
    log(f"sync exit {synced.returncode} ({time.perf_counter() - start:.1f} s)")

    store = work / "var" / "kinerja.sqlite"
    dump_store(store, out)
    byte_view: dict[str, dict] = {}
    for path in sorted(data.glob("*.hasil.xlsx")):
        dump_workbook(path, out / "workbooks" / path.name)
        byte_view[f"workbooks/{path.name}"] = xlsx_bytes(path)
    log(f"store and {len(byte_view)} result workbooks dumped")

    import sqlite3

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    period = conn.execute("SELECT max(period) FROM agency_summary").fetchone()[0]
    conn.close()
    report = work / "laporan.xlsx"
    reported = run_cli(repo, ["report", "--config", str(config), "--periode", str(period), "--out", str(report)])
    (out / "cli" / "report.txt").write_text(
        f"periode {period}\nexit {reported.returncode}\n--- stdout\n"
        f"{normalise_text(reported.stdout.replace(str(work), '<work>'))}--- stderr\n"
        f"{normalise_text(reported.stderr.replace(str(work), '<work>'))}",
        encoding="utf-8",
    )
    if report.exists():
        dump_workbook(report, out / "report", normalise=True)
        byte_view["report/laporan.xlsx"] = xlsx_bytes(report, normalise=True)
    log(f"report {period} exit {reported.returncode}")
    (out / "bytes.json").write_text(json.dumps(byte_view, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    start = time.perf_counter()
    capture_web(config, out, log)
    log(f"web done ({time.perf_counter() - start:.1f} s)")


def child_main(repo: Path, city: str, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix=f"golden-{city}-") as work:
        capture_city(repo, city, out, Path(work))


def capture(repo: Path, out: Path, only: str | None) -> int:
    repo, out = repo.resolve(), out.resolve()
    if not (repo / "main.py").exists():
        print(f"golden: {repo} has no main.py: give the root of a checkout with --repo.", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    # Provenance only (never compared): which code the capture is of.
    # The date matters: validation judges periods against today in the city's zone (Asia/Jakarta,
    # no stable entry point pins it), and pages show the sync's date; compare warns when they differ.
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    (out / "_source.txt").write_text(
        f"repo {repo}\ncommit {commit}\ndirty {bool(status.strip())}\ntoday_wib {today}\n", encoding="utf-8"
    )
    # The child: cwd and sys.path[0] are the checkout, so `import sync` is the checkout's own code.
    bootstrap = (
        "import runpy, sys; sys.path.insert(0, sys.argv[1]); g = runpy.run_path(sys.argv[2]); "
        "g['child_main'](__import__('pathlib').Path(sys.argv[1]), sys.argv[3], __import__('pathlib').Path(sys.argv[4]))"
    )
    for city in [only] if only else CITIES:
        target = out / city
        if target.exists():
            import shutil

            shutil.rmtree(target)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", bootstrap, str(repo), str(Path(__file__).resolve()), city, str(target)],
            cwd=repo,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        if done.returncode != 0:
            print(f"golden: capture of {city} failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
        print(f"golden: {city} captured in {time.perf_counter() - start:.1f} s -> {target}", file=sys.stderr)
    return 0


# ---- compare ------------------------------------------------------------------------------------

MAX_ROWS_SHOWN = 5
PARTS = ("store", "workbooks", "report", "web", "cli", "bytes.json", "inputs.json")
IGNORED = ("_source.txt",)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name not in IGNORED}


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _diff_rows(name: str, a: list, b: list, header: list | None) -> list[str]:
    """The first differing rows (1-based numbers of the file's lines), both sides shown."""
    lines = [f"{name}: {len(a)} vs {len(b)} rows" if len(a) != len(b) else f"{name}: rows differ"]
    if header is not None:
        lines.append(f"    header: {header}")
    shown = 0
    for i in range(max(len(a), len(b))):
        left = a[i] if i < len(a) else None
        right = b[i] if i < len(b) else None
        if left == right:
            continue
        if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
            # A CSV row: name the row by its first cells, then show only the cells that differ.
            cols = [j for j in range(len(left)) if left[j] != right[j]]
            lines.append(f"    row {i + 1} ({', '.join(_short(v, 40) for v in left[:3])}):")
            for j in cols:
                column = header[j] if header and j < len(header) else f"kolom {j + 1}"
                lines.append(f"      {column}: A={_short(left[j])}  B={_short(right[j])}")
        else:
            lines.append(f"    row {i + 1}:")
            lines.append(f"      A: {_short(left, 400)}")
            lines.append(f"      B: {_short(right, 400)}")
        shown += 1
        if shown >= MAX_ROWS_SHOWN:
            lines.append("    ...")
            break
    return lines


def _short(value, limit: int = 160) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diff_bytes(a: dict, b: dict) -> tuple[list[str], list[str]]:
    """(differences after normalisation, raw-sha notes where normalised parts agree)."""
    diffs, notes = [], []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            diffs.append(f"{name}: only in {'A' if name in a else 'B'}")
            continue
        pa, pb = a[name]["parts"], b[name]["parts"]
        changed = sorted(m for m in set(pa) | set(pb) if pa.get(m) != pb.get(m))
        if changed:
            diffs.append(f"{name}: zip members differ: {changed}")
        elif a[name]["sha256"] != b[name]["sha256"]:
            notes.append(f"{name}: file sha256 differs but every member is identical after normalisation")
    return diffs, notes


def compare_dirs(a: Path, b: Path) -> tuple[list[str], list[str], list[str]]:
    """(value-level differences, byte-level differences, notes); identical when the first two are empty."""
    values: list[str] = []
    byte_level: list[str] = []
    notes: list[str] = []
    fa, fb = _files(a), _files(b)
    for name in sorted(fa - fb):
        values.append(f"{name}: only in A")
    for name in sorted(fb - fa):
        values.append(f"{name}: only in B")
    for name in sorted(fa & fb):
        pa, pb = a / name, b / name
        if pa.read_bytes() == pb.read_bytes():
            continue
        if name.endswith("bytes.json"):
            diffs, more = _diff_bytes(json.loads(pa.read_text()), json.loads(pb.read_text()))
            where = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            byte_level += [where + d for d in diffs]
            notes += [where + n for n in more]
        elif name.endswith("inputs.json"):
            ia, ib = json.loads(pa.read_text()), json.loads(pb.read_text())
            changed = sorted(k for k in set(ia) | set(ib) if ia.get(k) != ib.get(k))
            byte_level.append(f"{name}: generated input workbooks differ: {changed}")
        elif name.endswith(".csv"):
            ra, rb = _read_csv(pa), _read_csv(pb)
            # Store tables and owned tabs have their column names in row 1 (the report's sheets do not).
            header = ra[0] if ("/store/" in f"/{name}" or "/workbooks/" in f"/{name}") and ra else None
            values += _diff_rows(name, ra, rb, header)
        else:
            values += _diff_rows(
                name, pa.read_text(encoding="utf-8").splitlines(), pb.read_text(encoding="utf-8").splitlines(), None
            )
    return values, byte_level, notes


def _today(capture_dir: Path) -> str:
    source = capture_dir / "_source.txt"
    found = re.search(r"^today_wib (\S+)", source.read_text(encoding="utf-8"), re.M) if source.exists() else None
    return found.group(1) if found else "?"


def compare(a: Path, b: Path) -> int:
    for d in (a, b):
        if not d.is_dir():
            print(f"golden: {d} is not a capture folder (make one with `capture --out {d}`).", file=sys.stderr)
            return 2
    values, byte_level, notes = compare_dirs(a, b)
    days = [_today(d) for d in (a, b)]
    if days[0] != days[1]:
        notes.append(
            f"captured on different days (WIB) {days[0]} and {days[1]}: results that depend on "
            f"today (validation of periods, dates shown) may differ for that reason alone"
        )
    for note in notes:
        print(f"note: {note}")
    if not values and not byte_level:
        print(f"identical: {a} and {b} ({len(_files(a))} files)")
        return 0
    if values:
        print(f"VALUE-LEVEL DIFFERENCES ({sum(1 for v in values if not v.startswith(' '))} files):")
        print("\n".join(values))
    if byte_level:
        print(f"BYTE-LEVEL DIFFERENCES ({len(byte_level)}):")
        print("\n".join(byte_level))
    print(f"summary: {_summary(values + byte_level)}")
    return 1


def _summary(lines: list[str]) -> str:
    """How many files differ per city and part (store, workbooks, report, web, cli...)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.startswith(" "):
            continue
        parts = line.split(":", 1)[0].split("/")
        cut = next((i for i, p in enumerate(parts) if p in PARTS), len(parts) - 1)
        key = "/".join(parts[: cut + 1])
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="capture the golden outputs of a checkout")
    cap.add_argument("--repo", type=Path, required=True, help="root of the checkout (has main.py)")
    cap.add_argument("--out", type=Path, required=True, help="folder for the capture")
    cap.add_argument("--only", choices=CITIES)
    cmp_ = sub.add_parser("compare", help="compare two captures")
    cmp_.add_argument("a", type=Path)
    cmp_.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args.repo, args.out, args.only)
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
