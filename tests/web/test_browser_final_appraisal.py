"""A final appraisal walked end to end in a real browser (issue 14, "Done when"): headless Chromium
against a live waitress server on a small generated and synced city (tests/penetapan_world.py).

The Pejabat Penilai confirms a team member's month on /tim (Tetapkan); the employee files a
keberatan on /saya; the Atasan Pejabat Penilai follows the Keberatan entry, asks both parties for
an explanation and upholds the objection with a changed Rating Hasil Kerja; the employee sees the
final decision on /saya and downloads the Dokumen Evaluasi Kinerja, which carries the decision,
the people as they were at confirmation and a verification code that /verifikasi confirms.
"""

from __future__ import annotations

import re
import subprocess
import urllib.request

import pytest

from sync.store import ResultsStore, confirmations, objections
from tests.hr_helpers import PASSWORD
from tests.web.test_browser import (  # noqa: F401 - browser is a fixture
    PAGE_OVERFLOW_JS,
    WAIT_SECONDS,
    _login_as,
    _open,
    _shot,
    browser,
)
from tests.web.test_browser_penetapan import _wait_text, site  # noqa: F401 - site: the served penetapan world

pytestmark = pytest.mark.browser


def _submit(browser, element, then: str) -> None:
    element.click()
    _wait_text(browser, then)


def _download(browser, url: str) -> bytes:
    """Fetch a private file with the browser's session cookie (Chromium's PDF viewer is not a page
    the test can read)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as answer:
        assert answer.headers["Content-Type"].startswith("application/pdf")
        return answer.read()


def test_confirm_object_decide_and_the_document(site, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    world = site["world"]
    store = ResultsStore(world.path)
    member = world.complete[0]
    rater_name = world.names[world.rater]

    # 1. The Pejabat Penilai confirms the member's month from /tim.
    _login_as(site, browser, world.rater, PASSWORD, "/saya")
    _open(browser, site["url"] + "/tim")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/tim/{member}/{world.period}"]').click()
    _wait_text(browser, "Status penetapan")
    _submit(
        browser,
        browser.find_element(By.CSS_SELECTOR, "form.act-form button[value=tetapkan]"),
        f"Ditetapkan oleh {rater_name} pada",
    )
    _shot(site, browser, "akhir-1-ditetapkan")
    confirmation = confirmations.current_of(store, world.agency, member, world.period)
    assert confirmation is not None and confirmation.confirmed
    assert confirmation.people["pejabat_penilai"]["nip"] == world.rater
    assert confirmation.people["atasan_pejabat_penilai"]["nip"] == world.rater_of_rater
    before = confirmation.result["results"]

    # 2. The employee reads "Ditetapkan" on /saya and files a keberatan.
    _login_as(site, browser, member, PASSWORD, "/saya")
    _open(browser, site["url"] + "/saya#keberatan")
    assert f"Ditetapkan oleh {rater_name}" in browser.find_element(By.ID, "penetapan").text
    section = browser.find_element(By.ID, "keberatan")
    assert "Ajukan keberatan (paling lambat" in section.text
    browser.find_element(By.ID, f"alasan-{confirmation.id}").send_keys(
        "Realisasi indikator pertama sudah 100% menurut laporan kegiatan; mohon ditinjau."
    )
    _submit(browser, section.find_element(By.CSS_SELECTOR, "button[type=submit]"), "Diajukan, menunggu keputusan")
    [objection] = objections.of_employee(store, member)
    assert objection.rater_of_rater_nip == world.rater_of_rater

    # 3. The Atasan Pejabat Penilai asks both parties, then upholds with another Rating Hasil Kerja.
    _login_as(site, browser, world.rater_of_rater, PASSWORD, "/saya")
    entry = browser.find_element(By.CSS_SELECTOR, 'nav a[href="/keberatan"]')
    assert entry.text.replace("\n", " ").startswith("Keberatan 1")
    entry.click()
    _wait_text(browser, "Menunggu keputusan Anda (1)")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/keberatan/{objection.id}"]').click()
    _wait_text(browser, "Kirim permintaan")
    Select(browser.find_element(By.ID, "minta")).select_by_value(objections.BOTH)
    browser.find_element(By.ID, "catatan").send_keys("Mohon bukti laporan kegiatan dan penjelasan Pejabat Penilai.")
    _submit(
        browser,
        browser.find_element(By.XPATH, "//button[normalize-space()='Kirim permintaan']"),
        "meminta penjelasan dari pegawai dan Pejabat Penilai",
    )
    browser.find_element(By.ID, "k-terima").click()
    rating = Select(browser.find_element(By.ID, "rating_hk"))
    other = next(
        o.get_attribute("value") for o in rating.options if o.get_attribute("value") not in ("", before["rating_hk"])
    )
    rating.select_by_value(other)
    browser.find_element(By.ID, "alasan").send_keys("Bukti laporan kegiatan lengkap; rating hasil kerja disesuaikan.")
    _submit(
        browser,
        browser.find_element(By.XPATH, "//button[normalize-space()='Simpan keputusan (final)']"),
        "Keberatan diterima",
    )
    assert not browser.find_elements(By.ID, "k-terima")  # final
    decided = objections.by_id(store, objection.id)
    assert decided.state == "diterima" and decided.rating_hk == other

    # 4. The employee sees the final decision and downloads the document, which carries it.
    _login_as(site, browser, member, PASSWORD, "/saya")
    _open(browser, site["url"] + "/saya#keberatan")
    section = browser.find_element(By.ID, "keberatan").text
    assert "Keberatan diterima" in section and "Keputusan ini final (PP 30/2019 Pasal 59)" in section
    assert browser.execute_script(PAGE_OVERFLOW_JS) <= 0
    _shot(site, browser, "akhir-4-keputusan")
    link = browser.find_element(By.CSS_SELECTOR, f'a[href="/pegawai/{member}/dokumen/{world.period}.pdf"]')
    pdf = tmp_path / "dokumen.pdf"
    pdf.write_bytes(_download(browser, link.get_attribute("href")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "EVALUASI KINERJA PEGAWAI" in text.upper()
    assert world.names[world.rater] in text and world.names[world.rater_of_rater] in text
    assert "keberatan" in text.lower() and other in text
    code = re.search(r"\b([0-9A-Z]{5}-[0-9A-Z]{5})\b", text)
    assert code, text[-800:]
    body = _open(browser, site["url"] + f"/verifikasi/{code.group(1)}").text
    assert world.names[member] in body and member not in body  # the name, never the NIP
    _shot(site, browser, "akhir-5-verifikasi")
