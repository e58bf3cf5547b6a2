"""Penetapan in a real browser (issue 14, item 2): headless Chromium against a live waitress server
on a small generated and synced city. The Pejabat Penilai logs in, opens /tim, opens a member's
review, confirms it (Tetapkan) and sees the state; sends another member's result back with a note
(Kembalikan); that employee logs in and reads the note on /saya. /tim and the review page fit a
1280-px and a 390-px screen (screenshots kept with KINERJA_SCREENSHOT_DIR).

Needs /usr/bin/chromium and /usr/bin/chromedriver, as tests/web/test_browser.py (whose browser
fixture and helpers this module uses)."""

from __future__ import annotations

import pytest

from config.settings import load_settings
from tests import penetapan_world as pw
from tests.hr_helpers import PASSWORD
from tests.web.test_browser import (  # noqa: F401 - browser is a fixture
    BROKEN_HEADERS_JS,
    PAGE_OVERFLOW_JS,
    WAIT_SECONDS,
    _h1,
    _login_as,
    _need_browser,
    _open,
    _shot,
    browser,
    served,
)
from web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The penetapan world (tests/penetapan_world.py) served by waitress on a free port."""
    _need_browser()
    folder = tmp_path_factory.mktemp("browser-penetapan")
    world = pw.build(folder / "demo")
    settings = load_settings(world.config)
    app = create_app(settings)
    with served(app) as url:
        yield {"url": url, "tmp": folder, "world": world}


def _wait_text(browser, text: str) -> None:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(driver) -> bool:
        try:
            return text in driver.find_element(By.TAG_NAME, "body").text
        # The next page is loading: a stale reference, or Chromium's "Node with given id does not
        # belong to the document".
        except WebDriverException:
            return False

    WebDriverWait(browser, WAIT_SECONDS).until(shown)


def test_supervisor_confirms_and_sends_back_employee_reads_the_note(site, browser):
    from selenium.webdriver.common.by import By

    world = site["world"]
    confirmed, sent_back = world.complete[0], world.incomplete[0]
    rater_name = world.names[world.rater]
    _login_as(site, browser, world.rater, PASSWORD, "/saya")
    _open(browser, site["url"] + "/tim")
    assert "Tim saya" in _h1(browser)
    assert f"0 dari {len(world.members)}" in browser.find_element(By.CSS_SELECTOR, "p.summary").text

    browser.find_element(By.CSS_SELECTOR, f'a[href="/tim/{confirmed}/{world.period}"]').click()
    _wait_text(browser, "Status penetapan")
    _wait_text(browser, world.names[confirmed])
    assert world.names[confirmed] in _h1(browser)
    assert "baris" in browser.find_element(By.ID, "cap-indikator").find_element(By.XPATH, "..").text
    browser.find_element(By.CSS_SELECTOR, "form.act-form button[value=tetapkan]").click()
    _wait_text(browser, f"Ditetapkan oleh {rater_name} pada")
    # Nothing changed since: the confirmed state, and no button to confirm it again.
    assert "tidak perlu ditetapkan ulang" in browser.find_element(By.CSS_SELECTOR, ".penetapan-state").text
    assert browser.find_elements(By.CSS_SELECTOR, "form.act-form button[value=tetapkan]") == []
    _shot(site, browser, "penetapan-ditetapkan-1280")

    _open(browser, site["url"] + "/tim")
    assert f"1 dari {len(world.members)}" in browser.find_element(By.CSS_SELECTOR, "p.summary").text
    browser.find_element(By.CSS_SELECTOR, f'a[href="/tim/{sent_back}/{world.period}"]').click()
    _wait_text(browser, "Status penetapan")
    _wait_text(browser, world.names[sent_back])
    note = "Presensi Oktober belum masuk; minta admin presensi mengisinya lalu kabari saya"
    browser.find_element(By.ID, "catatan").send_keys(note)
    browser.find_element(By.CSS_SELECTOR, "form.act-form button[value=kembalikan]").click()
    _wait_text(browser, f"Dikembalikan oleh {rater_name} pada")
    assert note in browser.find_element(By.CSS_SELECTOR, ".state-line").text

    _login_as(site, browser, sent_back, PASSWORD, "/saya")
    section = browser.find_element(By.ID, "penetapan").text
    assert note in section and f"Dikembalikan oleh {rater_name}" in section
    _shot(site, browser, "penetapan-saya-1280")


@pytest.mark.parametrize("width, height", [(1280, 1000), (390, 844)], ids=["desktop-1280", "phone-390"])
def test_penetapan_pages_fit_desktop_and_phone(site, browser, width, height):
    world = site["world"]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        _login_as(site, browser, world.rater, PASSWORD, "/saya")
        for path, name in (
            ("/tim", "penetapan-tim"),
            (f"/tim/{world.complete[-1]}/{world.period}", "penetapan-tinjau"),
            (f"/tim/{world.complete[0]}/{world.period}", "penetapan-ditetapkan"),  # confirmed above
        ):
            _open(browser, site["url"] + path)
            assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0, path
            assert browser.execute_script(BROKEN_HEADERS_JS) == [], path
            _shot(site, browser, f"{name}-{width}")
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 3000, "deviceScaleFactor": 1, "mobile": width < 600},
            )
            _shot(site, browser, f"{name}-{width}-panjang")
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
