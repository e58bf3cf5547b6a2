"""BKPSDM closes and reopens a period in a real browser (/hr/periode), at desktop and phone width;
the demo's synced store, served by waitress (tests/web/test_browser.py's fixtures)."""

from __future__ import annotations

import os

import pytest

from sync.store import ResultsStore, closures
from tests.web.test_browser import WAIT_SECONDS, _hr_login, _png_size, browser, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def _shoot(site, driver, name: str, width: int, height: int) -> None:
    driver.set_window_size(width, height)
    data = driver.get_screenshot_as_png()
    assert _png_size(data)[0] > 0
    folder = os.environ.get("KINERJA_SCREENSHOTS")
    (site["tmp"] / f"{name}.png").write_bytes(data)
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{name}.png"), "wb") as out:
            out.write(data)


def test_bkpsdm_closes_and_reopens_a_month_in_the_browser(site, browser):  # noqa: F811
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    store = ResultsStore(site["settings"].store.path)
    _hr_login(site, browser)
    browser.set_window_size(1280, 1000)
    browser.get(site["url"] + "/hr/periode")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Periode ditutup"
    assert "Periode" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav .nav a")]
    browser.find_element(By.ID, "periode").send_keys("2026-10")
    browser.find_element(By.ID, "alasan").send_keys("Penilaian Oktober 2026 final")
    browser.find_element(By.XPATH, "//button[text()='Tutup periode']").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice"))
    assert browser.find_element(By.CSS_SELECTOR, "p.notice").text == "Periode Oktober 2026 ditutup."
    assert list(closures.closed(store)) == ["2026-10"]
    assert closures.events(store)[-1].by == site["login"][0]
    _shoot(site, browser, "periode-ditutup-1280", 1280, 1000)
    _shoot(site, browser, "periode-ditutup-390", 390, 844)

    browser.set_window_size(1280, 1000)
    browser.find_element(By.ID, "alasan-2026-10").send_keys("Koreksi realisasi atas permintaan OPD")
    browser.find_element(By.XPATH, "//button[text()='Buka kembali']").click()
    # The old page's notice may go stale while the next page loads (a stale reference, or Chromium's
    # "Node with given id does not belong to the document"): ask again then.
    WebDriverWait(browser, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
        lambda d: "dibuka kembali" in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "p.notice"))
    )
    assert not closures.closed(store)
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#cap-riwayat ~ tbody tr, table tbody tr")]
    assert any("Dibuka kembali" in r and "Koreksi realisasi" in r for r in rows)
    _shoot(site, browser, "periode-dibuka-390", 390, 844)
