"""`python main.py dokumen --periode 2026 [--opd KODE] --out FILE.zip`: one Dokumen Evaluasi
Kinerja Pegawai per employee with a result (or a confirmation) for the period, in a zip as
`<OPD>/<NIP>-<nama>-<periode>.pdf`; confirmed ones are issued (code, digest), the rest are drafts."""

from __future__ import annotations

import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scoring.indonesian import count, decimal
from scoring.periods import label
from sync.store import acts
from web import hr_data
from web.dokumen.make import make


class BulkError(Exception):
    """Something the user can fix (Indonesian message)."""


@dataclass(frozen=True)
class BulkResult:
    path: Path
    written: int
    issued: int
    drafts: int
    seconds: float

    def text(self, period: str) -> str:
        return (
            f"{count(self.written)} Dokumen Evaluasi Kinerja Pegawai {label(period)} ditulis ke {self.path}: "
            f"{count(self.issued)} ditetapkan (berkode verifikasi), {count(self.drafts)} draf belum ditetapkan; "
            f"{decimal(self.seconds, 1)} detik."
        )


def slug(name: str) -> str:
    """'Rina Mar'atus, S.Kom.' -> 'Rina-Maratus-S-Kom' (a file name any system accepts)."""
    flat = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", flat.replace("'", "")).strip("-")[:60] or "tanpa-nama"


def employees(store, period: str, agency: str | None) -> list[tuple[str, str]]:
    """(agency, nip) of everyone with a result or a confirmation for `period`, by agency and NIP."""
    found = {(a, n) for n, a in hr_data.period_nips(store, period, agency)}
    where, params = "period = ? AND current = 1 AND state = 'ditetapkan'", [period]
    if agency:
        where += " AND agency = ?"
        params.append(agency)
    found |= {(str(r["agency"]), str(r["nip"])) for r in acts.rows(store, "confirmations", where, tuple(params))}
    return sorted(found)


def write_zip(
    store, period: str, out: Path, agency: str | None = None, base_url: str = "", city_name: str = ""
) -> BulkResult:
    started = time.perf_counter()
    wanted = employees(store, period, agency)
    if not wanted:
        where = f" di OPD {agency}" if agency else ""
        raise BulkError(
            f"Tidak ada hasil {label(period)}{where} di basis data hasil. Jalankan sinkronisasi dulu "
            "(python main.py sync), atau periksa --periode dan --opd."
        )
    out = Path(out)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    out.parent.mkdir(parents=True, exist_ok=True)
    issued = drafts = 0
    partial = out.with_name(out.name + ".sebagian")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for code, nip in wanted:
            made = make(store, nip, period, base_url=base_url, city_name=city_name, agency=code)
            if made is None:
                continue
            name = made.content["orang"]["pegawai"]["nama"]
            archive.writestr(f"{code}/{nip}-{slug(name)}-{period}.pdf", made.pdf)
            issued += made.issued
            drafts += not made.issued
    partial.replace(out)
    return BulkResult(out, issued + drafts, issued, drafts, time.perf_counter() - started)
