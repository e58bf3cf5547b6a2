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
