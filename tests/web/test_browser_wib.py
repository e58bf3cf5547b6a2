"""The account pages in a real browser at desktop and phone width (the demo's synced store, served
by waitress): the HR menu on Kode Aktivasi and Log Akses, /hr/periode's list of periods, and
"Siapa yang melihat data saya" in WIB and in words."""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import (  # noqa: F401  (fixtures)
    _hr_login,
    _login_as,
    _shot,
    _visit,
    browser,
    site,
)

pytestmark = pytest.mark.browser


def _both(site, browser, name: str, height: int = 1000) -> None:
    for width in (1280, 390):
        browser.set_window_size(width, height)
        _shot(site, browser, f"{name}-{width}")
    browser.set_window_size(1280, 1000)


def test_account_pages_in_the_browser(site, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    logins = site["logins"]
    employee, employee_password, _ = logins["Pegawai"]
    boss, boss_password, _ = logins["Atasan"]
    admin_label = next(k for k in logins if k.startswith("Admin OPD"))
    admin, admin_password, _ = logins[admin_label]
    url = site["url"]

    _login_as(site, browser, boss, boss_password, "/saya")
    _visit(browser, url + f"/pegawai/{employee}")
    _login_as(site, browser, employee, employee_password, "/saya")
    section = browser.find_element(By.ID, "akses")
    browser.execute_script("arguments[0].scrollIntoView()", section)
    first = section.find_element(By.CSS_SELECTOR, "tbody tr").text
    assert re.search(r"\d{1,2} \w+ 20\d\d \d\d\.\d\d WIB", first) and "Halaman hasil kinerja Anda" in first, first
    for width in (1280, 390):
        browser.set_window_size(width, 900)
        browser.execute_script("arguments[0].scrollIntoView()", section)
        _shot(site, browser, f"wib-saya-akses-{width}")

    _login_as(site, browser, admin, admin_password, "/saya")
    _visit(browser, url + "/hr/kode-aktivasi")
    assert "Keluar" in browser.find_element(By.CSS_SELECTOR, "form.logout-form button").text
    assert "Kode Aktivasi" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav .nav a")]
    _both(site, browser, "wib-kode-aktivasi")

    browser.delete_all_cookies()
    _hr_login(site, browser)
    _visit(browser, url + "/hr/log-akses")
    assert "Log Akses" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav .nav a")]
    _both(site, browser, "wib-log-akses")
    _visit(browser, url + "/hr/periode")
    options = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#periode-ada option")]
    assert any(re.fullmatch(r"Oktober 20\d\d|\w+ 20\d\d", o) for o in options), options
    _both(site, browser, "wib-periode", 1400)
