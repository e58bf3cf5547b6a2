"""One document made and, when its result is confirmed, issued: content, digest, code, PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sync.store import documents
from web.dokumen import content as doc, gather
from web.dokumen.pdf import render


@dataclass(frozen=True)
class Made:
    agency: str
    nip: str
    period: str
    content: dict
    pdf: bytes
    code: str | None  # None: a draft (no confirmation), never given a code
    digest: str | None

    @property
    def issued(self) -> bool:
        return self.code is not None


def verify_url(base_url: str, code: str) -> str:
    return f"{str(base_url or '').rstrip('/')}/verifikasi/{code}"


def make(
    store,
    nip: str,
    period: str,
    base_url: str = "",
    city_name: str = "",
    today: dt.date | None = None,
    agency: str | None = None,
) -> Made | None:
    """The document of `nip` for `period` (None: no result to document). A confirmed one is
    recorded in `documents` (the same content keeps its code)."""
    found = gather.inputs(store, nip, period, agency=agency, city_name=city_name, today=today)
    if found is None:
        return None
    content = doc.build(found)
    if found.confirmation is None:
        return Made(found.agency, nip, period, content, render(content), None, None)
    digest = doc.digest(content)
    issued = documents.issue(
        store, found.agency, nip, period, found.confirmation.get("id"), digest, doc.summary(content)
    )
    pdf = render(content, issued.code, digest, verify_url(base_url, issued.code))
    return Made(found.agency, nip, period, content, pdf, issued.code, digest)
