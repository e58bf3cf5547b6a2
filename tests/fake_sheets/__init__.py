"""An in-memory fake of the Google Sheets v4 REST API, driven by the real gspread client.

    from tests.fake_sheets import FakeSheets
    fake = FakeSheets(time_zone="Asia/Jakarta")
    fake.add_spreadsheet("key-dinkes", {"Pegawai": [["NIP", "Nama"], ["1985...", "Rina"]]})
    gc = fake.client()                      # or gspread.Client(fake.credentials, session=fake.session())

See fake.py for the whole interface and the module docstrings for the API semantics modelled.
"""

from tests.fake_sheets.fake import DEFAULT_EMAIL, FakeSheets
from tests.fake_sheets.model import FakeSpreadsheet, FakeTab

__all__ = ["DEFAULT_EMAIL", "FakeSheets", "FakeSpreadsheet", "FakeTab"]
