"""google-auth credentials that never touch the network (for gspread.Client and the backend)."""

from __future__ import annotations

from google.auth.credentials import Credentials

TOKEN = "fake-sheets-token"


class FakeCredentials(Credentials):
    """Always valid; `service_account_email` is the fake's current `share_email`."""

    def __init__(self, fake) -> None:
        super().__init__()
        self._fake = fake
        self.token = TOKEN
        self.expiry = None

    def refresh(self, request) -> None:  # never called while the token is valid; no network
        self.token = TOKEN

    @property
    def service_account_email(self) -> str:
        return self._fake.share_email

    @property
    def signer_email(self) -> str:
        return self._fake.share_email
