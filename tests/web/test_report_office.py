"""The Solok demo's HR report as LibreOffice prints it: converted to PDF headless, then read page
by page with poppler's pdftotext and pdfinfo.

Each page's footer names its sheet (&A), so pages are counted per sheet. Before the print setup
the same report printed as 189 A4 portrait pages (Pegawai 117, Validasi 44, 7 of Ringkasan with
its chart cut in two); the bounds below leave room for the demo's randomness, not for a return
of that.

Needs /usr/bin/libreoffice (Debian's libreoffice-calc) and pdftotext + pdfinfo (poppler-utils);
`.ci/run` installs them, with fonts-crosextra-carlito (Calibri's metrics, so text wraps as in
Excel). Without them the test is skipped, except in CI (CI=true), where it fails: CI must run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from main import run_demo
from sync.store import ResultsStore
from web.report import PEGAWAI_COLUMNS, write_report

pytestmark = pytest.mark.office

TOOLS = ("libreoffice", "pdftotext", "pdfinfo")
SHEETS = ["Ringkasan", "Pegawai", "Tren", "IKM", "Validasi", "Metodologi"]
# Pages per sheet at the demo's Solok scale (20 agencies, 400 employees): at most.
MAX_PAGES = {"Ringkasan": 2, "Pegawai": 30, "Tren": 2, "IKM": 3, "Validasi": 45, "Metodologi": 6}
A4 = (595, 842)  # points, portrait
FOLIO = (612, 936)  # 8.5 x 13 in: what F4 prints as


def _need_office() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"office test needs {', '.join(missing)} (apt-get install libreoffice-calc poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the office test: {reason}")
        pytest.skip(reason)


def _to_pdf(xlsx: Path, tmp: Path) -> Path:
    """LibreOffice headless, with a profile of its own (another instance may be running)."""
    out = tmp / "pdf"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = out / f"{xlsx.stem}.pdf"
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {xlsx}"
    return pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _sizes(pdf: Path, count: int) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(count), str(pdf)], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _sheet_of(page: str) -> str:
    """The footer's first word: the sheet's name (&A)."""
    footer = next((line for line in reversed(page.splitlines()) if "Halaman" in line), "")
    return footer.split()[0] if footer.split() else ""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    _need_office()
    folder = tmp_path_factory.mktemp("office") / "demo"
    paths = run_demo(folder, serve=False, log=lambda _line: None)  # the Solok scale of `python main.py demo`
    pdf = _to_pdf(Path(paths["report"]), folder.parent)
    return {"paths": paths, "pdf": pdf, "pages": _pages(pdf), "tmp": folder.parent}


def test_every_sheet_prints_within_its_page_bounds(demo):
    pages = demo["pages"]
    sheets = [_sheet_of(p) for p in pages]
    assert all(sheets), [i + 1 for i, s in enumerate(sheets) if not s]  # every page has the footer
    order = [s for i, s in enumerate(sheets) if i == 0 or sheets[i - 1] != s]
    assert order == SHEETS
    counts = {name: sheets.count(name) for name in SHEETS}
    assert all(counts[name] <= MAX_PAGES[name] for name in SHEETS), counts
    assert len(pages) <= sum(MAX_PAGES.values())
    assert all(re.search(r"Halaman \d+ dari \d+", p) and "Oktober 2026" in p for p in pages)
    # Landscape where wide (all but Metodologi), on A4 (the default paper).
    for (width, height), sheet in zip(_sizes(demo["pdf"], len(pages)), sheets):
        landscape = sheet != "Metodologi"
        assert (round(width), round(height)) == (A4[::-1] if landscape else A4), sheet


def test_pegawai_is_one_page_wide_with_its_header_on_every_page(demo):
    first, last = PEGAWAI_COLUMNS[0].header, PEGAWAI_COLUMNS[-1].header
    pegawai = [p for p in demo["pages"] if _sheet_of(p) == "Pegawai"]
    assert len(pegawai) >= 2
    # The first and the last column on every page: one page wide, the header row repeated.
    for page in pegawai:
        assert first in page and last in page and "Catatan Penilaian" in page


def test_catatan_is_printed_whole(demo):
    store = ResultsStore(demo["paths"]["store"])
    catatan = store.read("results", "period = ?", ("2026-10",))["catatan"].dropna()
    longest = max(catatan, key=len)
    text = re.sub(r"\s+", " ", " ".join(p for p in demo["pages"] if _sheet_of(p) == "Pegawai"))
    # Its last words are on the page (cut text showed only the first ones); the layout may
    # interleave other columns' lines, so the tail is looked for word by word.
    tail = longest.split()[-4:]
    assert all(word in text for word in tail), tail
    assert longest.split()[0] in text


def test_ringkasan_chart_has_a_page_of_its_own(demo):
    ringkasan = [p for p in demo["pages"] if _sheet_of(p) == "Ringkasan"]
    assert len(ringkasan) == 2
    assert "SETDA" in ringkasan[0] and "Rata-rata Nilai Akhir per OPD" in ringkasan[1]
    assert "Sekretariat Daerah" not in ringkasan[1]  # no table rows beside the chart


def test_f4_prints_on_folio(demo):
    store = ResultsStore(demo["paths"]["store"])
    path = write_report(store, demo["tmp"] / "f4" / "laporan-f4.xlsx", "2026-10", agency="DINKES", paper="F4")
    assert int(openpyxl.load_workbook(path)["Pegawai"].page_setup.paperSize) == 14
    pdf = _to_pdf(path, demo["tmp"])
    sizes = _sizes(pdf, 2)
    assert sizes and (round(sizes[0][0]), round(sizes[0][1])) == FOLIO[::-1]  # landscape folio


def test_trend_chart_of_twenty_agencies_has_seven_lines(demo):
    import zipfile

    with zipfile.ZipFile(demo["paths"]["report"]) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/")]
    line = next(c for c in charts if "<c:lineChart>" in c)
    assert line.count("<c:ser>") == 7  # 3 highest, 3 lowest, the city; not 21 lines
    assert '<c:legendPos val="b"/>' in line
