"""Keberatan in a real browser (headless Debian Chromium against waitress, as tests/web/test_browser.py):
given a confirmed result (sync.store.confirmations.record, as the penetapan pages write it), the
employee files an objection on /saya; the Atasan Pejabat Penilai logs in, follows the Keberatan
entry (badge 1), asks both parties for an explanation and upholds the objection with a changed
Rating Hasil Kerja; the employee sees the decision on /saya. Pages are screenshotted at 1280 and
390 px (KINERJA_SCREENSHOT_DIR keeps a copy) and never scroll sideways; no console error."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from config.settings import load_settings
from main import run_demo
from scoring.params import BUTUH_PERBAIKAN, DI_BAWAH, SESUAI
from sync.demo.generate import DemoScale
from sync.store import ResultsStore, accounts as account_store, objections
from tests.keberatan_world import confirm
from tests.web.test_browser import CHROMEDRIVER, CHROMIUM, WAIT_SECONDS, _console_errors, _need_browser, served
from web import create_app
from web.accounts_cli import add_account

pytestmark = pytest.mark.browser

SMALL = DemoScale(agencies=4, employees=40, responses=600, complaints=20)
DECIDER_PASSWORD = "sandi-atasan-pejabat-penilai"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _need_browser()
    folder = tmp_path_factory.mktemp("browser-keberatan") / "demo"
    paths = run_demo(folder, serve=False, scale=SMALL, log=lambda _line: None)
    store = ResultsStore(paths["store"])
    employee, employee_password, _name = paths["logins"]["Pegawai"]
    rater, rater_password, _name = paths["logins"]["Atasan"]
    people = store.read("employees")
    decider = str(people.loc[people["nip"] == rater, "supervisor_nip"].iloc[0])
    if account_store.account(store, decider) is None:
        add_account(store, decider, "pegawai", "", "", DECIDER_PASSWORD)
    else:
        from werkzeug.security import generate_password_hash

        account_store.set_password(store, decider, generate_password_hash(DECIDER_PASSWORD))
    period = str(store.read("results", "nip = ?", (employee,))["period"].max())
    at = (dt.datetime.now().astimezone() - dt.timedelta(days=2)).isoformat(timespec="seconds")
    confirmation = confirm(
        store, employee, period, at=at, rating_hk=DI_BAWAH, rating_pk=SESUAI, predikat=BUTUH_PERBAIKAN
    )
    app = create_app(load_settings(paths["config"]))
    with served(app) as url:
        yield {
            "url": url,
            "tmp": folder.parent,
            "store": store,
            "employee": (employee, employee_password),
            "rater": (rater, rater_password),
            "decider": (decider, DECIDER_PASSWORD),
            "confirmation": confirmation,
        }


@pytest.fixture(scope="module")
def browser(site):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

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
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def _by():
    from selenium.webdriver.common.by import By

    return By


def _click(driver, element) -> None:
    """Click a link or submit button and wait for the next page to load.

    The old page is recognised by a marker set on its window, not by a
    stale-element check: while a document is being replaced Chromium may
    answer a query about the old element with "Node with given id does not
    belong to the document" instead of a stale reference (a CI flake). A new
    document has no marker; transient errors during the swap are retried.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__kinerjaOldPage = true;")
    element.click()

    def loaded(d) -> bool:
        state = d.execute_script("return [window.__kinerjaOldPage === true, document.readyState];")
        return state[0] is False and state[1] == "complete"

    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(loaded)


def _no_errors(driver) -> None:
    errors = _console_errors(driver)
    assert errors == [], f"console errors on {driver.current_url}: {errors}"


def _log_in(driver, site, who: tuple[str, str]) -> None:
    By = _by()
    driver.get(site["url"] + "/masuk")
    driver.find_element(By.ID, "username").send_keys(who[0])
    driver.find_element(By.ID, "password").send_keys(who[1])
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]"))
    assert driver.current_url.endswith("/saya"), (driver.current_url, driver.find_element(By.TAG_NAME, "main").text)
    _no_errors(driver)


def _log_out(driver) -> None:
    _click(driver, driver.find_element(_by().CSS_SELECTOR, "form.logout-form button"))
    assert "/masuk" in driver.current_url


def _shots(driver, site, name: str) -> None:
    """Screenshots at 1280 and 390 px; the page never scrolls sideways."""
    for width in (1280, 390):
        driver.set_window_size(width, 1000)
        driver.refresh()
        scroll, client = driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{name} scrolls sideways at {width} px ({scroll} > {client})"
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height + 150, 1000), 6000))
        shot = site["tmp"] / f"{name}-{width}.png"
        assert driver.save_screenshot(str(shot))
        if os.environ.get("KINERJA_SCREENSHOT_DIR"):
            target = Path(os.environ["KINERJA_SCREENSHOT_DIR"])
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, target / shot.name)
    driver.set_window_size(1280, 1000)


def test_employee_files_decider_asks_and_upholds_employee_sees_it(site, browser):
    from selenium.webdriver.support.ui import Select

    By = _by()
    confirmation = site["confirmation"]
    # 1. The employee files an objection on /saya.
    _log_in(browser, site, site["employee"])
    browser.get(site["url"] + "/saya#keberatan")
    _shots(browser, site, "saya-ajukan")
    section = browser.find_element(By.ID, "keberatan")
    assert "Ajukan keberatan (paling lambat" in section.text
    browser.find_element(By.ID, f"alasan-{confirmation.id}").send_keys(
        "Realisasi indikator kedua (laporan kegiatan) belum dihitung; buktinya ada di lampiran."
    )
    _click(browser, section.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.current_url.endswith("/saya#keberatan")
    _no_errors(browser)
    assert "Diajukan, menunggu keputusan" in browser.find_element(By.ID, "keberatan").text
    [objection] = objections.of_employee(site["store"], site["employee"][0])
    _log_out(browser)

    # 2. The Atasan Pejabat Penilai: the Keberatan entry with its badge, the page, a request for
    #    an explanation to both parties, then the decision.
    _log_in(browser, site, site["decider"])
    entry = browser.find_element(By.CSS_SELECTOR, 'nav a[href="/keberatan"]')
    assert entry.text.replace("\n", " ").startswith("Keberatan 1")
    _click(browser, entry)
    _no_errors(browser)
    assert "Menunggu keputusan Anda (1)" in browser.find_element(By.TAG_NAME, "body").text
    _click(browser, browser.find_element(By.CSS_SELECTOR, f'a[href="/keberatan/{objection.id}"]'))
    _no_errors(browser)
    Select(browser.find_element(By.ID, "minta")).select_by_value(objections.BOTH)
    browser.find_element(By.ID, "catatan").send_keys("Mohon bukti laporan kegiatan dan penjelasan Pejabat Penilai.")
    _click(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Kirim permintaan']"))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "meminta penjelasan dari pegawai dan Pejabat Penilai" in body
    _shots(browser, site, "keberatan-rinci")
    browser.find_element(By.ID, "k-terima").click()
    Select(browser.find_element(By.ID, "rating_hk")).select_by_value(SESUAI)
    browser.find_element(By.ID, "alasan").send_keys("Bukti laporan kegiatan lengkap; realisasi memenuhi target.")
    _click(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Simpan keputusan (final)']"))
    _no_errors(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Keberatan diterima: predikat diubah dari Butuh Perbaikan menjadi Baik" in body
    assert not browser.find_elements(By.ID, "k-terima")  # final: no form any more
    _log_out(browser)

    # 3. The employee sees the decision on /saya.
    _log_in(browser, site, site["employee"])
    section = browser.find_element(By.ID, "keberatan").text
    assert "Keberatan diterima: predikat diubah dari Butuh Perbaikan menjadi Baik" in section
    assert "Bukti laporan kegiatan lengkap; realisasi memenuhi target." in section
    assert "Keputusan ini final (PP 30/2019 Pasal 59)" in section
    assert "Mohon bukti laporan kegiatan" in section  # the decider's note, visible to the employee
    browser.get(site["url"] + "/saya#keberatan")
    _shots(browser, site, "saya-keberatan")
    assert objections.by_id(site["store"], objection.id).predikat == "Baik"
