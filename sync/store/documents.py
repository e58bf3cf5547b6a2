"""The issued Dokumen Evaluasi Kinerja Pegawai (issue 14): one row of `documents` per issued
document, keyed by its verification code, holding the digest of its content and a summary that
the public verification page may show.

Issuing is idempotent: the same agency, NIP, period, confirmation and content digest always get
the code they got the first time, so downloading a document twice prints the same code. A change
of content (an upheld keberatan, a new confirmation) is a new document with a new code; the old
code still verifies what it certified then, and says that it was replaced (`replacement`): by a
later document for the same employee and period, or by a later penetapan (ditetapkan ulang,
dikembalikan) whose document has not been issued yet.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sync.store import acts

# Crockford's base32 alphabet: digits and capitals without I, L, O and U, so a code read from paper
# cannot be mistaken (1/I/L, 0/O) or spell a word. 10 symbols = 50 random bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_TYPOS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


@dataclass(frozen=True)
class Issued:
    code: str
    agency: str
    nip: str
    period: str
    confirmation_id: int | None
    digest: str
    issued_at: str
    summary: dict[str, Any]


@dataclass(frozen=True)
class Replacement:
    """What replaced an issued document: `at` is when; `document` True when a later document was
    issued (at = its issued_at), False when only the penetapan behind it changed (at = that act's
    time, `state` its state: 'ditetapkan' again, or 'dikembalikan')."""

    at: str
    document: bool
    state: str = ""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str:
    """A code as typed ('abcde-fghij', 'O' for '0') in its stored form."""
    return str(code or "").strip().upper().translate(_TYPOS)


def shown(code: str) -> str:
    """'ABCDE-FGHJK': the code as printed, in two groups of five."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def _issued(row: dict) -> Issued:
    try:
        summary = json.loads(row.get("summary") or "{}")
    except ValueError:
        summary = {}
    return Issued(
        str(row["code"]),
        str(row.get("agency") or ""),
        str(row.get("nip") or ""),
        str(row.get("period") or ""),
        row.get("confirmation_id"),
        str(row.get("digest") or ""),
        str(row.get("issued_at") or ""),
        summary if isinstance(summary, dict) else {},
    )


def issue(
    store, agency: str, nip: str, period: str, confirmation_id: int | None, digest: str, summary: dict[str, Any]
) -> Issued:
    """The document's code: the one already issued for this very content, or a new one."""
    with acts.writing(store) as conn:
        found = conn.execute(
            "SELECT * FROM documents WHERE agency = ? AND nip = ? AND period = ? AND confirmation_id IS ? "
            "AND digest = ? ORDER BY issued_at LIMIT 1",
            (agency, nip, period, confirmation_id, digest),
        )
        names = [d[0] for d in found.description]
        row = found.fetchone()
        if row is not None:
            return _issued(dict(zip(names, row)))
        while True:
            code = new_code()
            if not conn.execute("SELECT 1 FROM documents WHERE code = ?", (code,)).fetchone():
                break
        at = acts.now_text()
        conn.execute(
            "INSERT INTO documents (code, agency, nip, period, confirmation_id, digest, issued_at, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (code, agency, nip, period, confirmation_id, digest, at, acts.dumps(summary)),
        )
    return Issued(code, agency, nip, period, confirmation_id, digest, at, summary)


def find(store, code: str) -> Issued | None:
    """The issued document with this code (typed loosely), or None."""
    wanted = normalise(code)
    if len(wanted) != CODE_LENGTH or any(c not in ALPHABET for c in wanted):
        return None
    found = acts.rows(store, "documents", "code = ?", (wanted,))
    return _issued(found[0]) if found else None


def issued_for(store, agency: str, nip: str, period: str) -> list[Issued]:
    """Every document issued for one employee and period, oldest first."""
    found = acts.rows(store, "documents", "agency = ? AND nip = ? AND period = ?", (agency, nip, period))
    return sorted((_issued(r) for r in found), key=lambda d: d.issued_at)


def replacement(store, issued: Issued) -> Replacement | None:
    """Why `issued` is no longer the current document of its employee and period, or None.

    The newer document's code is deliberately not returned: whoever holds the old paper would
    learn the new result through it (the verification page shows the predikat), which the
    employee has not handed them. The date is enough to ask the employee or BKPSDM for it."""
    # Issued after it (rowid order: issued_at has whole seconds, two documents may share one).
    later = acts.rows(
        store,
        "documents",
        "agency = ? AND nip = ? AND period = ? AND rowid > (SELECT rowid FROM documents WHERE code = ?)",
        (issued.agency, issued.nip, issued.period, issued.code),
    )
    if later:
        return Replacement(max(str(r.get("issued_at") or "") for r in later), True)
    if issued.confirmation_id is None:
        return None
    current = acts.rows(
        store,
        "confirmations",
        "agency = ? AND nip = ? AND period = ? AND current = 1",
        (issued.agency, issued.nip, issued.period),
    )
    newest = max(current, key=lambda r: (str(r.get("at") or ""), r["id"])) if current else None
    if newest is None or newest["id"] == issued.confirmation_id:
        return None
    return Replacement(str(newest.get("at") or ""), False, str(newest.get("state") or ""))
