"""sync/checks.py: `check` on the google backend names the sharing fix, not `init`."""

from sync.checks import check_config
from tests.fake_sheets import FakeSheets
from tests.google_world import google_backend

CONFIG = """
[source]
kind = "google"
credentials = "kunci.json"

[city]
spreadsheet = "kunci-kota"

[[agencies]]
code = "DPMPTSP"
name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
spreadsheet = "kunci-dpmptsp"

[store]
path = "var/kinerja.sqlite"
"""


def test_an_unshared_google_spreadsheet_says_to_share_it_with_the_service_account(tmp_path):
    config = tmp_path / "kinerja.toml"
    config.write_text(CONFIG)
    fake = FakeSheets()
    fake.add_spreadsheet("kunci-kota", {"Tanggapan Formulir 1": [["Cap waktu"]]})
    fake.add_spreadsheet("kunci-dpmptsp", {"Pegawai": [["NIP"]]}, shared=False)
    problems, settings = check_config(config, backend_factory=lambda _s: google_backend(fake))
    assert settings is not None and len(problems) == 1
    (problem,) = problems
    assert problem.startswith("agencies[1] (DPMPTSP): spreadsheet 'kunci-dpmptsp' tidak dapat dibuka")
    assert fake.share_email in problem and "init" not in problem


LOCAL = """
[source]
kind = "local"
folder = "data"

[city]
spreadsheet = "kota"

[[agencies]]
code = "DLH"
name = "Dinas Lingkungan Hidup"
spreadsheet = "dlh"

[store]
path = "var/kinerja.sqlite"
"""


def test_a_folder_where_a_workbook_or_its_results_go_is_named_not_missing(tmp_path):
    """Found in the issue-9 review: a folder named dlh.xlsx made check say 'berkas ... tidak ada;
    buat templatnya dengan init', while init answered 'Semua spreadsheet sudah lengkap' (it never
    overwrites what exists): a loop. A folder named dlh.hasil.xlsx passed check, then the agency
    failed with '[Errno 21] Is a directory'."""
    config = tmp_path / "kinerja.toml"
    config.write_text(LOCAL)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "dlh.xlsx").mkdir()
    (tmp_path / "data" / "kota.hasil.xlsx").mkdir()
    problems, settings = check_config(config)
    assert settings is not None and len(problems) == 3
    assert "kota.xlsx tidak ada" in problems[1]
    assert problems[0] == (
        f"city.spreadsheet: {tmp_path / 'data' / 'kota.hasil.xlsx'} adalah folder, padahal hasil "
        "spreadsheet 'kota' ditulis ke berkas dengan nama itu. Pindahkan atau ganti nama folder itu."
    )
    assert problems[2] == (
        f"agencies[1] (DLH): {tmp_path / 'data' / 'dlh.xlsx'} adalah folder, bukan berkas spreadsheet. "
        "Pindahkan atau ganti nama folder itu, lalu jalankan `python main.py init "
        f"--config {config}` untuk membuat templatnya."
    )
