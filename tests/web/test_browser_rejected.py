"""The rejected-row notes in a real browser: headless Chromium against a live waitress server on a
small synced city whose workbook has one Laporan Kinerja row rejected (Target 0) beside used ones.
/saya (the employee), the review page and /tim (the Pejabat Penilai) and /pegawai/<nip> (the admin
OPD) show it and fit a 1280-px and
a 390-px screen (screenshots kept with KINERJA_SCREENSHOT_DIR). Needs /usr/bin/chromium and
/usr/bin/chromedriver, as tests/web/test_browser.py."""

from __future__ import annotations

import pytest

from config.settings import load_settings
from tests.hr_helpers import PASSWORD
from tests.web.test_browser import (  # noqa: F401 - browser is a fixture
    BROKEN_HEADERS_JS,
    PAGE_OVERFLOW_JS,
    _login_as,
    _need_browser,
    _open,
    _shot,
    browser,
    served,
)
from tests.web.test_rejected_rows_pages import edited  # noqa: F401 - the edited world, a fixture
from web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(edited, tmp_path_factory):  # noqa: F811
    _need_browser()
    world, nip, row = edited
    app = create_app(load_settings(world.config))
    with served(app) as url:
        yield {
            "url": url,
            "tmp": tmp_path_factory.mktemp("browser-rejected"),
            "world": world,
            "nip": nip,
            "row": row,
        }


def _metrics(browser, width, height):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


@pytest.mark.parametrize("width, height", [(1280, 1000), (390, 844)], ids=["desktop-1280", "phone-390"])
def test_rejected_rows_show_and_fit_desktop_and_phone(site, browser, width, height):
    from selenium.webdriver.common.by import By

    world, nip, row = site["world"], site["nip"], site["row"]
    line = f"Baris {row} di tab Laporan Kinerja ditolak (Target 0)"
    _metrics(browser, width, height)
    try:
        for login, path, name in (
            (nip, f"/saya?periode={world.period}", "ditolak-saya"),
            (world.rater, f"/tim/{nip}/{world.period}", "ditolak-tinjau"),
            (world.rater, f"/tim?periode={world.period}", "ditolak-tim"),
            (world.admin, f"/pegawai/{nip}?periode={world.period}", "ditolak-pegawai"),
        ):
            _login_as(site, browser, login, PASSWORD, "/saya")
            _open(browser, site["url"] + path)
            body = browser.find_element(By.TAG_NAME, "body").text
            assert (line in body) if name != "ditolak-tim" else ("Ada baris ditolak" in body), name
            assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0, path
            assert browser.execute_script(BROKEN_HEADERS_JS) == [], path
            _shot(site, browser, f"{name}-{width}")
            _metrics(browser, width, 3200)
            _shot(site, browser, f"{name}-{width}-panjang")
            _metrics(browser, width, height)
            boxes = browser.find_elements(By.CSS_SELECTOR, ".rejected-rows")
            if boxes:  # the list itself, wherever the page puts it
                browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", boxes[0])
                _shot(site, browser, f"{name}-{width}-kotak")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
