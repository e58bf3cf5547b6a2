"""The notifications_sent table (declared in sync/store/schema.py's SCHEMA): one row per mail key.

'terkirim' (sent) and 'gagal' (refused for good, 5xx) are final: a key with either is never
planned again. 'tertunda' (temporary failure after this cycle's retries) is tried next cycle.
"""

from __future__ import annotations

import sqlite3

import pandas as pd

from sync.notify.plan import Mail
from sync.store import ResultsStore

SENT, FAILED, PENDING = "terkirim", "gagal", "tertunda"
FINAL = (SENT, FAILED)


def final_keys(store: ResultsStore) -> set[str]:
    """Keys of every mail sent or given up."""
    if not store.path.exists():
        return set()
    with store.connect() as conn:
        try:
            rows = conn.execute("SELECT key FROM notifications_sent WHERE status IN (?, ?)", FINAL).fetchall()
        except sqlite3.OperationalError:  # a store from before notifications: nothing sent yet
            return set()
    return {key for (key,) in rows}


def record(store: ResultsStore, mail: Mail, status: str, attempts: int, at: str, reason: str = "") -> None:
    """Write one outcome at once (its own transaction): a crash later never sends it again."""
    with store.connect() as conn:
        conn.execute(
            "INSERT INTO notifications_sent (key, kind, recipient, period, address, agency, status, attempts, at, "
            "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET status = excluded.status, "
            "attempts = notifications_sent.attempts + excluded.attempts, at = excluded.at, reason = excluded.reason, "
            "address = excluded.address",
            (mail.key, mail.kind, mail.recipient, mail.period, mail.address, mail.agency, status, attempts, at, reason),
        )


def read(store: ResultsStore) -> pd.DataFrame:
    return store.read("notifications_sent")
