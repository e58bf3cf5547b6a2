"""The site in a real browser: headless Debian Chromium against a live waitress server.

A small demo city is built, synced and served by waitress (as `python main.py web` serves it);
Chromium loads the public pages and checks what a visitor sees (headings, captions, numbers
with a decimal comma, the SVG chart, no console error, CSP violations included), saves a
screenshot of Beranda, then logs in to the HR area with the demo's HR user and downloads an
Excel report. At 1280 and 390 px, no HR table header breaks inside a word, the page never
scrolls sideways, and at 1280 no HR table does either.

Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages; `.ci/run` installs them).
Without them the test is skipped, except in CI (CI=true), where it fails: CI must run it.
Selenium never downloads a driver: the Service names the Debian chromedriver, so Selenium
Manager is not consulted. Set KINERJA_SCREENSHOT_DIR to keep a copy of the screenshot.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import openpyxl
import pytest

from config.settings import load_settings
from main import run_demo
from sync.demo.generate import DemoScale
from web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SMALL = DemoScale(agencies=4, employees=40, responses=600, complaints=20)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DECIMAL_COMMA = re.compile(r"\b\d{1,3},\d{2}\b")  # 87,45 (Indonesian), never 87.45
WAIT_SECONDS = 20


def _need_browser() -> None:
    """Skip without Chromium + chromedriver + selenium, or fail in CI, which must run this test."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("paket Python selenium")
    if missing:
        reason = f"browser test needs {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)


@contextmanager
def served(app) -> Iterator[str]:
    """`app` served by waitress on a free loopback port, in a thread; yields its base URL."""
    import waitress
    from waitress import wasyncore

    sockets: dict = {}
    server = waitress.create_server(app, map=sockets, host="127.0.0.1", port=0, threads=4, ident="kinerja-solok-uji")
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)  # the loop ends when its socket map is empty
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A small demo synced into a store, with one HR user, served by waitress on a free port."""
    _need_browser()

    folder = tmp_path_factory.mktemp("browser") / "demo"
    # The demo adds an HR login with a fresh random password to its config and returns both.
    paths = run_demo(folder, serve=False, scale=SMALL, log=lambda _line: None)
    settings = load_settings(paths["config"])
    app = create_app(settings)
    with served(app) as url:
        yield {
            "url": url,
            "settings": settings,
            "tmp": folder.parent,
            "login": (paths["hr_user"], paths["hr_password"]),
            "logins": paths["logins"],
        }


@pytest.fixture(scope="module")
def browser(site):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = site["tmp"] / "unduhan"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={site['tmp'] / 'chromium-profile'}",
        "--window-size=1280,1000",
        "--lang=id-ID",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True}
    )
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _console_errors(driver) -> list[str]:
    """Console messages at SEVERE level since the last call (CSP violations land here too)."""
    from selenium.common.exceptions import WebDriverException

    try:
        entries = driver.get_log("browser")
    except (AttributeError, WebDriverException):  # a driver without the legacy log endpoint
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE"]


def _open(driver, url: str):
    from selenium.webdriver.common.by import By

    driver.get(url)
    errors = _console_errors(driver)
    assert errors == [], f"console errors on {url}: {errors}"
    return driver.find_element(By.TAG_NAME, "body")


def _texts(driver, tag: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.TAG_NAME, tag)]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_public_pages_render_in_chromium(site, browser):
    from selenium.webdriver.common.by import By

    agencies = site["settings"].agencies
    body = _open(browser, site["url"] + "/")
    assert browser.title and "Beranda" in browser.title
    assert "Kinerja ASN dan Kepuasan Layanan" in _texts(browser, "h1")
    captions = _texts(browser, "caption")
    assert any(c.startswith("IKM, Nilai Akhir rata-rata, dan pengaduan per OPD") for c in captions)
    assert any(a.name in body.text for a in agencies)
    numbers = _texts(browser, "td")
    assert any(DECIMAL_COMMA.fullmatch(n) for n in numbers), "no number with a decimal comma on Beranda"
    assert not [n for n in numbers if re.fullmatch(r"[+-]?\d+\.\d{2}", n)], "a decimal point in a table"
    # The stylesheet applied (CSP allows only 'self'): the header is not the default black on white.
    header = browser.find_element(By.CSS_SELECTOR, "header")
    assert header.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")

    shot = site["tmp"] / "beranda.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    width, height = _png_size(data)
    assert width >= 800 and height >= 600 and len(data) > 20_000
    if os.environ.get("KINERJA_SCREENSHOT_DIR"):
        target = Path(os.environ["KINERJA_SCREENSHOT_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / "beranda.png")

    # An agency page, reached by its link: the trend charts are inline SVG with a title.
    first = agencies[0]
    browser.find_element(By.LINK_TEXT, first.name).click()
    assert browser.current_url.endswith(f"/opd/{first.code}")
    assert _console_errors(browser) == []
    assert first.name in _texts(browser, "h1")
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 2 and all(c.get_attribute("role") == "img" for c in charts)
    assert charts[0].size["width"] > 100 and charts[0].size["height"] > 50
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart title")
    # The charts' text alternative: a captioned table in a <details> (closed, so not rendered text).
    hidden = [e.get_attribute("textContent").strip() for e in browser.find_elements(By.CSS_SELECTOR, "details caption")]
    assert any(c.startswith("IKM dan rata-rata Nilai Akhir") for c in hidden)

    _open(browser, site["url"] + "/metodologi")
    assert "Metodologi" in _texts(browser, "h1")
    assert "Dasar peraturan" in _texts(browser, "h2")
    assert any("Matriks predikat" in c for c in _texts(browser, "caption"))

    _open(browser, site["url"] + "/data-terbuka")
    assert "Data terbuka" in _texts(browser, "h1")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='/data/']")]
    assert any(href.endswith(".csv") for href in links) and any(href.endswith(".json") for href in links)


def test_hr_login_and_report_download(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT_SECONDS)
    browser.get(site["url"] + "/hr/laporan")  # logged out: the login page, back here afterwards
    assert urlsplit(browser.current_url).path == "/masuk"  # the one door (issue 13)
    assert browser.find_element(By.NAME, "csrf_token").get_attribute("value")
    username, password = site["login"]
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    # (The login page's own URL holds next=/hr/laporan: wait for the path itself.)
    wait.until(lambda d: urlsplit(d.current_url).path == "/hr/laporan")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Laporan Excel"))
    user = next(u for u in site["settings"].hr_users if u.username == username)
    assert (user.name or user.username) in browser.find_element(By.CSS_SELECTOR, ".who").text
    assert _console_errors(browser) == []

    browser.find_element(By.CSS_SELECTOR, "form.filter-form button[type=submit]").click()
    deadline = time.monotonic() + WAIT_SECONDS
    done: list[Path] = []
    while time.monotonic() < deadline and not done:
        done = [p for p in browser.downloads.glob("*.xlsx") if p.stat().st_size > 0]
        if not done:
            time.sleep(0.2)
    assert done, f"no report downloaded; folder holds {sorted(p.name for p in browser.downloads.iterdir())}"
    assert done[0].name.startswith("laporan-kinerja-")
    time.sleep(0.2)  # Chrome renames the finished file; let it close it
    workbook = openpyxl.load_workbook(done[0], read_only=True)
    try:
        assert "Ringkasan" in workbook.sheetnames and "Pegawai" in workbook.sheetnames
        assert workbook["Ringkasan"]["A1"].value.startswith("Laporan Kinerja Pegawai")
    finally:
        workbook.close()


# ---- HR tables at desktop and phone widths -------------------------------------------------------

# For every rendered `thead th` of a data table: each word (split at spaces, and after a hyphen
# or slash, where a line may break without cutting a word: "Rata-/rata", "Kurang/Misconduct")
# must lie on one line, and the cell's text must not overflow it. Measured on the rendered text
# with a Range per word: a word cut across lines ("Pe/ga/wa/i", "perhatia/n") has client rects
# on more than one line.
BROKEN_HEADERS_JS = """
const broken = [];
for (const th of document.querySelectorAll('table.data thead th')) {
  if (!th.getClientRects().length) continue;
  const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/[^\\s\\/-]+[\\/-]?/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                        .map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(`${th.textContent.trim()}: "${m[0]}" on ${lines.size} lines`);
    }
  }
  if (th.scrollWidth > th.clientWidth + 1) broken.push(`${th.textContent.trim()}: overflows its cell`);
}
return broken;
"""
PAGE_OVERFLOW_JS = "return document.documentElement.scrollWidth - window.innerWidth;"
TABLE_SCROLL_JS = "return [...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth);"


def _hr_login(site, browser) -> None:
    """Log in to the HR area unless this browser already is (the fixture is per module)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site["url"] + "/hr/")
    if urlsplit(browser.current_url).path != "/masuk":
        return
    username, password = site["login"]
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: urlsplit(d.current_url).path == "/hr/")


@pytest.mark.parametrize("width, height", [(1280, 1000), (390, 844)], ids=["desktop-1280", "phone-390"])
def test_hr_table_headers_never_break_inside_a_word(site, browser, width, height):
    from selenium.webdriver.common.by import By

    _hr_login(site, browser)
    _open(browser, site["url"] + "/hr/pegawai")
    employee = urlsplit(browser.find_element(By.CSS_SELECTOR, "table.data tbody th a").get_attribute("href"))
    pages = ["/hr/", "/hr/pegawai", f"{employee.path}?{employee.query}", "/hr/sinkronisasi", "/hr/validasi"]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        problems = {}
        for path in pages:
            _open(browser, site["url"] + path)
            assert browser.execute_script("return window.innerWidth") == width
            headers = browser.find_elements(By.CSS_SELECTOR, "table.data thead th")
            assert headers, f"no table header on {path}"
            found = browser.execute_script(BROKEN_HEADERS_JS)
            # Wide tables scroll inside their own region; the page itself never scrolls sideways.
            overflow = browser.execute_script(PAGE_OVERFLOW_JS)
            if overflow > 0:
                found.append(f"the page is {overflow} px wider than the screen")
            if width >= 1280:  # whole words must not cost a desktop user sideways scrolling
                found += [
                    f"a table scrolls sideways by {px} px" for px in browser.execute_script(TABLE_SCROLL_JS) if px > 1
                ]
            if found:
                problems[path] = found
        assert problems == {}, f"table headers broken at {width} px: {problems}"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# ---- every role through the one door (issue 13) ----------------------------------------------------


def _login_as(site, browser, login: str, password: str, landing: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    _open(browser, site["url"] + "/masuk")
    browser.find_element(By.ID, "username").send_keys(login)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    from selenium.common.exceptions import TimeoutException

    try:
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: urlsplit(d.current_url).path == landing)
    except TimeoutException:
        raise AssertionError(
            f"{login} did not land on {landing}: {browser.current_url} "
            f"{browser.find_element(By.TAG_NAME, 'body').text[:500]}"
        ) from None
    assert _console_errors(browser) == []


def _h1(browser) -> str:
    return " ".join(_texts(browser, "h1"))


def _shot(site, browser, name: str) -> None:
    shot = site["tmp"] / f"{name}.png"
    assert browser.save_screenshot(str(shot))
    assert _png_size(shot.read_bytes())[0] > 300
    if os.environ.get("KINERJA_SCREENSHOT_DIR"):
        target = Path(os.environ["KINERJA_SCREENSHOT_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / shot.name)


def _visit(driver, url: str) -> None:
    """Open a page that may answer 403 (Chromium logs that status as a console error; any other
    error still fails)."""
    driver.get(url)
    errors = [e for e in _console_errors(driver) if "status of 403" not in e]
    assert errors == [], f"console errors on {url}: {errors}"


def test_each_role_reaches_its_scope_and_nothing_else(site, browser):
    logins = site["logins"]
    employee, employee_password, employee_name = logins["Pegawai"]
    boss, boss_password, _ = logins["Atasan"]
    admin_label = next(k for k in logins if k.startswith("Admin OPD"))
    admin, admin_password, _ = logins[admin_label]
    hr_user, hr_password = site["login"]
    url = site["url"]

    _login_as(site, browser, employee, employee_password, "/saya")
    assert "Kinerja saya" in _h1(browser) and employee in browser.page_source
    for path in ("/hr/", f"/pegawai/{boss}", "/hr/pegawai"):
        _visit(browser, url + path)
        assert "Akses ditolak" in _h1(browser), path

    _login_as(site, browser, boss, boss_password, "/saya")
    _visit(browser, url + "/tim")
    assert "Tim saya" in _h1(browser) and employee_name in browser.page_source
    _visit(browser, url + f"/pegawai/{employee}")
    assert employee_name in _h1(browser)
    _visit(browser, url + "/hr/")
    assert "Akses ditolak" in _h1(browser)

    _login_as(site, browser, admin, admin_password, "/saya")
    _visit(browser, url + "/hr/pegawai")
    agencies = {a.code for a in site["settings"].agencies}
    own = admin_label.removeprefix("Admin OPD ")
    other = sorted(agencies - {own})[0]
    _visit(browser, url + f"/hr/pegawai?opd={other}")
    assert "Akses ditolak" in _h1(browser)
    _visit(browser, url + "/hr/log-akses")
    assert "Akses ditolak" in _h1(browser)

    _login_as(site, browser, hr_user, hr_password, "/hr/")
    _visit(browser, url + f"/hr/pegawai?opd={other}")
    assert "Akses ditolak" not in _h1(browser)
    _visit(browser, url + "/hr/log-akses")
    assert "Log akses" in _h1(browser)

    # The employee sees who looked: the supervisor's and the admin's visits above.
    _login_as(site, browser, employee, employee_password, "/saya")
    assert "Pejabat Penilai" in browser.page_source


@pytest.mark.parametrize("width, height", [(1280, 1000), (390, 844)], ids=["desktop-1280", "phone-390"])
def test_account_pages_fit_desktop_and_phone(site, browser, width, height):
    boss, boss_password, _ = site["logins"]["Atasan"]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        browser.delete_all_cookies()
        _open(browser, site["url"] + "/masuk")
        assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
        _shot(site, browser, f"masuk-{width}")
        _login_as(site, browser, boss, boss_password, "/saya")
        for path, name in (("/saya", "saya"), ("/tim", "tim")):
            _open(browser, site["url"] + path)
            assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0, path
            assert browser.execute_script(BROKEN_HEADERS_JS) == [], path
            _shot(site, browser, f"{name}-{width}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
