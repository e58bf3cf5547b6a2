"""The key columns on a phone (390 px) in a real browser: on /saya the monthly results table shows
Predikat and Nilai Akhir without scrolling sideways, under a summary box of the month's result;
on /tim a supervisor sees each member's Predikat and Nilai Akhir beside the checkbox. At 1280 px
the tables stay tables. Headless Chromium against a live waitress server on the penetapan world
(screenshots kept with KINERJA_SCREENSHOT_DIR)."""

from __future__ import annotations

import pytest

from tests.hr_helpers import PASSWORD
from tests.web.test_browser import (  # noqa: F401 - browser is a fixture
    BROKEN_HEADERS_JS,
    PAGE_OVERFLOW_JS,
    _login_as,
    _open,
    _shot,
    browser,
)
from tests.web.test_browser_penetapan import site  # noqa: F401 - the served penetapan world

pytestmark = pytest.mark.browser

# Every cell of `selector` that has text: is it drawn, and wholly inside the window (no sideways
# scrolling needed to read it)? Returns [text, shown] pairs.
CELLS_SHOWN_JS = """
return [...document.querySelectorAll(arguments[0])].map(cell => {
  const r = cell.getBoundingClientRect();
  return [cell.innerText.trim(), r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth];
});
"""


def _size(browser, width: int, height: int) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def _all_shown(browser, selector: str) -> list:
    cells = browser.execute_script(CELLS_SHOWN_JS, selector)
    assert cells, selector
    return [text for text, shown in cells if not shown]


@pytest.mark.parametrize("width, height", [(1280, 1000), (390, 844)], ids=["desktop-1280", "phone-390"])
def test_predikat_and_nilai_akhir_are_visible(site, browser, width, height):
    from selenium.webdriver.common.by import By

    world = site["world"]
    _size(browser, width, height)
    try:
        member = world.complete[0]
        _login_as(site, browser, member, PASSWORD, "/saya")
        _open(browser, site["url"] + "/saya")
        _shot(site, browser, f"telepon-saya-{width}")
        _size(browser, width, 2400)
        _shot(site, browser, f"telepon-saya-{width}-panjang")
        _size(browser, width, height)
        headline = browser.find_element(By.ID, "hasil-bulan-ini").text
        assert "Predikat" in headline and "Nilai Akhir" in headline
        assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
        assert browser.execute_script(BROKEN_HEADERS_JS) == []
        assert _all_shown(browser, "#tabel-riwayat td.col-predikat") == []
        assert _all_shown(browser, "#tabel-riwayat td.col-na") == []

        _login_as(site, browser, world.rater, PASSWORD, "/saya")
        _open(browser, site["url"] + "/tim")
        _shot(site, browser, f"telepon-tim-{width}")
        _size(browser, width, 2400)
        _shot(site, browser, f"telepon-tim-{width}-panjang")
        _size(browser, width, height)
        assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
        assert _all_shown(browser, "#tabel-tim td.col-predikat") == []
        assert _all_shown(browser, "#tabel-tim td.col-na") == []
        assert _all_shown(browser, "#tabel-tim td.pick") == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_an_upheld_keberatan_shows_at_once_on_a_phone(site, browser):
    """After the Atasan Pejabat Penilai upholds a keberatan (Sangat Baik), /saya's summary box and
    table, /tim and the review page say Sangat Baik, from a keberatan, before any sync."""
    from selenium.webdriver.common.by import By

    from scoring.params import DI_ATAS, SANGAT_BAIK
    from sync.store import ResultsStore, objections
    from tests.keberatan_world import confirm
    from tests.web.test_keberatan import days_ago

    world = site["world"]
    member = world.complete[-1]
    store = ResultsStore(world.path)
    c = confirm(store, member, world.period, at=days_ago(2))
    o_id = objections.file(store, c, "Bukti dukung belum dihitung.", days_ago(1), 14, 14)
    objections.decide(
        store, o_id, world.rater_of_rater, True, "Bukti dukung sah.", rating_hk=DI_ATAS, rating_pk=DI_ATAS
    )
    _size(browser, 390, 844)
    try:
        _login_as(site, browser, member, PASSWORD, "/saya")
        _open(browser, site["url"] + "/saya")
        headline = browser.find_element(By.ID, "hasil-bulan-ini").text
        assert SANGAT_BAIK in headline and "dari keberatan, diputus" in headline
        cells = browser.execute_script(CELLS_SHOWN_JS, "#tabel-riwayat tr.current td.col-predikat")
        assert cells and cells[0][1] and cells[0][0].startswith(SANGAT_BAIK)
        _size(browser, 390, 2400)
        _shot(site, browser, "telepon-saya-keberatan-390-panjang")
        _size(browser, 390, 844)
        _login_as(site, browser, world.rater, PASSWORD, "/saya")
        _open(browser, site["url"] + f"/tim?periode={world.period}")
        texts = [t for t, shown in browser.execute_script(CELLS_SHOWN_JS, "#tabel-tim td.col-predikat") if shown]
        assert any(t.startswith(SANGAT_BAIK) and "dari keberatan" in t for t in texts), texts
        _shot(site, browser, "telepon-tim-keberatan-390")
        for width, height in ((1280, 1000), (390, 844)):
            _size(browser, width, height)
            _open(browser, site["url"] + f"/tim/{member}/{world.period}")
            assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
            assert "dari keberatan, diputus" in browser.find_element(By.TAG_NAME, "body").text
            _size(browser, width, 2400)
            _shot(site, browser, f"tinjau-keberatan-{width}-panjang")
        # The admin OPD's summary: the counts there follow at the next sync, and it says so.
        _login_as(site, browser, world.admin, PASSWORD, "/saya")
        for width, height in ((1280, 1000), (390, 844)):
            _size(browser, width, height)
            _open(browser, site["url"] + f"/hr/?periode={world.period}")
            assert "berlaku setelah sinkronisasi berikutnya" in browser.find_element(By.TAG_NAME, "body").text
            assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
            _shot(site, browser, f"ringkasan-keberatan-{width}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
