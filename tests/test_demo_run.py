"""main.run_demo (`python main.py demo`): the demo leaves result workbooks, a report and the store, and re-runs cleanly."""

import openpyxl

from main import run_demo
from sync.demo.generate import DemoScale
from sync.store import ResultsStore

SMALL = DemoScale(agencies=4, employees=40, responses=600, complaints=20)


def test_demo_builds_syncs_reports_and_reruns(tmp_path):
    lines: list[str] = []
    paths = run_demo(tmp_path / "demo", serve=False, scale=SMALL, log=lines.append)
    data = paths["data"]
    inputs = sorted(p.name for p in data.glob("*.xlsx") if ".hasil." not in p.name)
    results = sorted(p.name for p in data.glob("*.hasil.xlsx"))
    assert len(inputs) == 5 and results == sorted(n.replace(".xlsx", ".hasil.xlsx") for n in inputs)
    assert paths["report"].name == "laporan-2026-10.xlsx"
    assert openpyxl.load_workbook(paths["report"], read_only=True).sheetnames[:2] == ["Ringkasan", "Pegawai"]
    store = ResultsStore(paths["store"])
    assert len(store.read("results")) > 0 and store.meta("last_sync")
    assert any(line.startswith("Sinkronisasi berhasil") for line in lines)
    assert any("Laporan Excel" in line for line in lines)
    # The Laporan SKM of the month and a QR poster per service unit
    assert paths["skm_report"].name == "laporan-skm-2026-10.pdf"
    assert paths["skm_report"].read_bytes().startswith(b"%PDF-")
    posters = sorted(paths["posters"].glob("poster-skm-*.pdf"))
    assert len(posters) >= 4 and any(f"{len(posters)} poster di" in line for line in lines)
    # A fresh HR login each run, printed once, stored only as a hash in the config.
    # The name is not one printed in the README for every deployment: it differs per run.
    assert paths["hr_user"].startswith("bkpsdm-") and paths["hr_user"] != "bkpsdm"
    assert any(paths["hr_user"] in line and paths["hr_password"] in line for line in lines)
    assert paths["hr_password"] not in paths["config"].read_text()

    # One employee, their supervisor and an admin OPD of their agency: each a login printed beside
    # the site's address, each seeing its scope (issue 13).
    logins = paths["logins"]
    assert len(logins) == 3 and any(k.startswith("Admin OPD") for k in logins)
    for nip, password, _name in logins.values():
        assert any(nip in line and password in line and "http://127.0.0.1:" in line for line in lines)
    employee, boss = logins["Pegawai"][0], logins["Atasan"][0]
    people = store.read("employees")
    assert people.loc[people["nip"] == employee, "supervisor_nip"].iloc[0] == boss
    assert any("/masuk" in line for line in lines)

    again: list[str] = []
    second = run_demo(tmp_path / "demo", serve=False, scale=SMALL, log=again.append)
    assert second["hr_user"] != paths["hr_user"]
    assert second["logins"]["Pegawai"][1] != logins["Pegawai"][1]  # fresh passwords each run
    assert any(line.startswith("Sinkronisasi berhasil") and "0 ditulis" in line for line in again)
    assert len(store.read("runs")) == 2


def test_demo_hr_user_can_be_chosen(tmp_path):
    from config.settings import load_settings

    paths = run_demo(tmp_path / "demo", serve=False, scale=SMALL, log=lambda _line: None, hr_user="petugas-uji")
    assert paths["hr_user"] == "petugas-uji"
    assert [u.username for u in load_settings(paths["config"]).hr_users] == ["petugas-uji"]
