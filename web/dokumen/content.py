"""What a Dokumen Evaluasi Kinerja Pegawai says, as plain data: pure functions, no I/O.

The layout follows the annex of PermenPANRB 6/2022 (Pengelolaan Kinerja Pegawai ASN), "Format
Dokumen Evaluasi Kinerja Pegawai":

    DOKUMEN EVALUASI KINERJA PEGAWAI / PERIODE: ... / (instansi) PERIODE PENILAIAN: ...
    1 PEGAWAI YANG DINILAI: NAMA, NIP, PANGKAT/GOL RUANG, JABATAN, UNIT KERJA
    2 PEJABAT PENILAI KINERJA: NAMA, NIP, PANGKAT/GOL RUANG, JABATAN, UNIT KERJA
    3 ATASAN PEJABAT PENILAI KINERJA: NAMA, NIP, PANGKAT/GOL RUANG, JABATAN, UNIT KERJA
    4 EVALUASI KINERJA: CAPAIAN KINERJA ORGANISASI, PREDIKAT KINERJA PEGAWAI
    5 CATATAN/REKOMENDASI
    "tempat, tanggal, bulan, tahun" — Pegawai yang Dinilai, Pejabat Penilai Kinerja: tanda tangan,
    nama, NIP

with, between 4 and 5, the evaluation of Hasil Kerja ("RENCANA HASIL KERJA ... INDIKATOR KINERJA
INDIVIDU, TARGET, REALISASI BERDASARKAN BUKTI DUKUNG, UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI
DUKUNG"; "RATING HASIL KERJA") and of Perilaku Kerja ("PERILAKU KERJA" per core value BerAKHLAK,
"UMPAN BALIK BERKELANJUTAN"; "RATING PERILAKU KERJA") of the same annex's evaluation formats. The
regulation: "Pejabat Penilai Kinerja menetapkan Predikat Kinerja Pegawai" from the two ratings
(the matrix of docs/scoring.md), and the Dokumen Evaluasi is what is filed.

Every value here is already the text the document prints (Indonesian numbers, month names), so
the content digest is the digest of what a reader sees: `digest(content)` is SHA-256 over the
canonical JSON (sorted keys), never over the PDF bytes, which carry a creation time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from scoring.indonesian import long_date
from scoring.periods import MONTH, QUARTER, YEAR, kind, label
from scoring.vocabulary import SUPERVISOR_RATINGS
from sync.store.acts import dumps
from web.format import MISSING, number

TITLE = "DOKUMEN EVALUASI KINERJA PEGAWAI"
KIND_NAME = "Dokumen Evaluasi Kinerja Pegawai"
PLACE = "Solok"
ISSUED = "ditetapkan"
DRAFT = "draf"
DRAFT_MARK = "DRAF — belum ditetapkan Pejabat Penilai"
ROLES = (
    ("pegawai", "PEGAWAI YANG DINILAI"),
    ("pejabat_penilai", "PEJABAT PENILAI KINERJA"),
    ("atasan_pejabat_penilai", "ATASAN PEJABAT PENILAI KINERJA"),
)
KIND_TITLES = {MONTH: "BULANAN", QUARTER: "TRIWULANAN", YEAR: "TAHUNAN"}


@dataclass
class Inputs:
    """Everything the document is made from, as gathered by web.dokumen.gather."""

    agency: str
    agency_name: str
    nip: str
    period: str
    people: dict[str, dict]  # role -> {nip, name, position, unit, agency} (frozen at confirmation)
    result: dict  # the results (month) or results_periodic (quarter / year) row
    indicators: list[dict]  # indicator rows of the period's months (each with its `period`)
    months: list[dict]  # the monthly results rows of the period (ratings, feedback, catatan)
    org_rating: dict | None = None  # {"rating", "source", "year"}
    confirmation: dict | None = None  # the current "ditetapkan" confirmation row
    objection: dict | None = None  # an upheld ("diterima") objection row
    city_name: str = ""
    today: dt.date = field(default_factory=dt.date.today)


def months_of(period: str) -> list[str]:
    """The months ('YYYY-MM') a period covers."""
    period_kind = kind(period)
    if period_kind == MONTH:
        return [period]
    year = period[:4]
    if period_kind == QUARTER:
        last = int(period[6]) * 3
        return [f"{year}-{m:02d}" for m in range(last - 2, last + 1)]
    if period_kind == YEAR:
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    raise ValueError(f"periode tidak dikenal: {period}")


def period_range(period: str) -> str:
    """'1 Oktober 2026 s.d. 31 Desember 2026' (the annex's "PERIODE PENILAIAN")."""
    months = months_of(period)
    first = dt.date(int(months[0][:4]), int(months[0][5:7]), 1)
    year, month = int(months[-1][:4]), int(months[-1][5:7])
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    return f"{long_date(first)} s.d. {long_date(after - dt.timedelta(days=1))}"


def day_of(stamp: str | None) -> dt.date | None:
    """The WIB calendar day of an ISO timestamp (None when it is not one)."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(stamp).strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone(dt.timedelta(hours=7)))
    return moment.date()


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return MISSING
    return str(value).strip() or MISSING


def _person(row: dict | None) -> dict:
    row = row or {}
    return {
        "nama": _text(row.get("name")),
        "nip": _text(row.get("nip")),
        "pangkat": _text(row.get("rank")),  # Pangkat/Gol. Ruang: not on the rosters yet
        "jabatan": _text(row.get("position")),
        "unit_kerja": _text(row.get("unit")),
    }


def _value(value, decimals: int = 2) -> str:
    return number(value, decimals, trim=True) if isinstance(value, (int, float)) else _text(value)


def hasil_kerja(indicators: list[dict], months: list[dict]) -> list[dict]:
    """One group per month: its indicator rows and the supervisor's umpan balik of that month."""
    feedback = {m.get("period"): _text(m.get("feedback")) for m in months}
    groups: dict[str, list[dict]] = {}
    for row in sorted(indicators, key=lambda r: (str(r.get("period")), r.get("row") or 0)):
        groups.setdefault(str(row.get("period")), []).append(row)
    out = []
    for month, rows in groups.items():
        out.append(
            {
                "bulan": label(month) if kind(month) == MONTH else "Indikator periode ini",
                "umpan_balik": feedback.get(month, MISSING),
                "baris": [
                    {
                        "rencana": _text(r.get("plan")),
                        "indikator": _text(r.get("indicator")),
                        "target": f"{_value(r.get('target'))} {_text(r.get('measure'))}".replace(f" {MISSING}", ""),
                        "realisasi": f"{_value(r.get('actual'))} {_text(r.get('measure'))}".replace(f" {MISSING}", ""),
                        "capaian": number(r.get("capaian"), 2) + ("%" if r.get("capaian") is not None else ""),
                    }
                    for r in rows
                ],
            }
        )
    return out


def perilaku(months: list[dict]) -> dict:
    """Each BerAKHLAK core value (and Inisiatif) with the mean of its monthly ratings (1–5), and
    the supervisor's written umpan balik month by month."""
    rows = []
    for key, name in SUPERVISOR_RATINGS:
        values = [float(m[f"rating_{key}"]) for m in months if isinstance(m.get(f"rating_{key}"), (int, float))]
        values = [v for v in values if v == v]
        mean = sum(values) / len(values) if values else None
        rows.append(
            {
                "perilaku": name,
                "nilai": number(mean, 2, trim=True) if mean is not None else MISSING,
                "umpan_balik": (
                    f"rata-rata {len(values)} bulan penilaian atasan (skala 1–5)"
                    if len(values) > 1
                    else ("penilaian atasan (skala 1–5)" if values else "belum dinilai atasan")
                ),
            }
        )
    notes = [
        {"bulan": label(str(m.get("period"))), "teks": str(m.get("feedback")).strip()}
        for m in sorted(months, key=lambda m: str(m.get("period")))
        if m.get("feedback") and str(m.get("feedback")).strip()
    ]
    return {"baris": rows, "umpan_balik": notes}


def ratings(result: dict, objection: dict | None) -> dict:
    """Rating Hasil Kerja, Rating Perilaku Kerja and the predikat, an upheld keberatan's non-empty
    values replacing the confirmed ones (PP 30/2019 Pasal 59: the superior's decision is final)."""
    out = {
        "rating_hk": _text(result.get("rating_hk")),
        "nhk": number(result.get("nhk"), 2),
        "rating_pk": _text(result.get("rating_pk")),
        "npk": number(result.get("npk"), 2),
        "predikat": _text(result.get("predikat")),
        "na": number(result.get("na"), 2),
        "diubah_keberatan": [],
    }
    before = {}  # key -> the confirmed value an upheld keberatan replaced
    for key in ("rating_hk", "rating_pk", "predikat"):
        value = (objection or {}).get(key)
        if value is not None and str(value).strip() and str(value).strip() != out[key]:
            out["diubah_keberatan"].append(key)
            before[key] = out[key]
            out[key] = str(value).strip()
    if before:  # only then: the content (and digest) of every other document stays as it was
        out["semula"] = before
    return out


CHANGED_NAMES = (("predikat", "predikat"), ("rating_hk", "Rating Hasil Kerja"), ("rating_pk", "Rating Perilaku Kerja"))


def _decision_line(inputs: Inputs, values: dict) -> str:
    """ "Ditetapkan ulang melalui keberatan pada 5 Desember 2026 oleh <Atasan> (Atasan Pejabat Penilai
    Kinerja): predikat diubah dari Baik menjadi Sangat Baik; Rating Hasil Kerja dari … menjadi ….
    Alasan: …" (PP 30/2019 Pasal 59: the Atasan Pejabat Penilai decides, finally)."""
    objection = inputs.objection or {}
    day = day_of(objection.get("decided_at"))
    reason = str(objection.get("decision_reason") or "").strip() or MISSING
    name = str((inputs.people.get("atasan_pejabat_penilai") or {}).get("name") or "").strip()
    who = f" oleh {name} (Atasan Pejabat Penilai Kinerja)" if name else ""
    changes = [
        f"{label} {'diubah ' if key == 'predikat' else ''}dari {values['semula'][key]} menjadi {values[key]}"
        for key, label in CHANGED_NAMES
        if key in values["diubah_keberatan"]
    ]
    what = f": {'; '.join(changes)}. Alasan" if changes else ""
    return f"Ditetapkan ulang melalui keberatan pada {long_date(day) if day else MISSING}{who}{what}: {reason}"


def catatan(inputs: Inputs) -> list[str]:
    """CATATAN/REKOMENDASI: how the period's values were made, the Pejabat Penilai's note, the
    keberatan decision, and the latest month's own notes (strengths, what to improve)."""
    lines = []
    if kind(inputs.period) != MONTH:
        result = inputs.result
        lines.append(
            f"Nilai {label(inputs.period)} adalah rata-rata bulanan: Nilai Hasil Kerja dari "
            f"{_value(result.get('months_nhk'), 0)} bulan, Nilai Perilaku Kerja dari "
            f"{_value(result.get('months_npk'), 0)} bulan."
        )
    note = (inputs.confirmation or {}).get("note")
    if note and str(note).strip():
        lines.append(f"Catatan Pejabat Penilai: {str(note).strip()}")
    values = ratings(inputs.result, inputs.objection)
    if inputs.objection:
        lines.append(_decision_line(inputs, values))
    latest = next(
        (m for m in sorted(inputs.months, key=lambda m: str(m.get("period")), reverse=True) if m.get("catatan")), None
    )
    if latest is not None:
        # The month's Catatan was written from the confirmed result (it names that predikat); it is
        # printed as written, said to predate the decision, never rewritten.
        before = (
            f" (catatan penilaian sebelum keberatan; predikat yang berlaku: {values['predikat']})"
            if values["diubah_keberatan"]
            else ""
        )
        lines.append(f"{label(str(latest['period']))}{before}: {str(latest['catatan']).strip()}")
    return lines


def build(inputs: Inputs) -> dict:
    """The document's content. A confirmed one is dated at its confirmation; a draft at `today`."""
    confirmed = inputs.confirmation is not None
    day = day_of((inputs.confirmation or {}).get("at")) if confirmed else None
    org = inputs.org_rating or {}
    return {
        "jenis": KIND_NAME,
        "status": ISSUED if confirmed else DRAFT,
        "instansi": inputs.city_name or "Pemerintah Kota Solok",
        "opd": {"kode": inputs.agency, "nama": inputs.agency_name or inputs.agency},
        "periode": {
            "kode": inputs.period,
            "nama": label(inputs.period),
            "jenis": KIND_TITLES.get(kind(inputs.period) or "", ""),
            "rentang": period_range(inputs.period),
        },
        "orang": {role: _person(inputs.people.get(role)) for role, _title in ROLES},
        "organisasi": {
            "predikat": _text(org.get("rating")) if org.get("rating") else "belum ditetapkan",
            "sumber": (
                f"{org.get('source')} tahun {org.get('year')}"
                if org.get("rating")
                else "tab Kinerja Organisasi dan konfigurasi belum memuatnya"
            ),
        },
        "hasil_kerja": hasil_kerja(inputs.indicators, inputs.months),
        "perilaku": perilaku(inputs.months),
        "nilai": ratings(inputs.result, inputs.objection),
        "catatan": catatan(inputs),
        "tempat_tanggal": f"{PLACE}, {long_date(day or inputs.today)}",
        "penetapan": (
            {"id": inputs.confirmation.get("id"), "pada": long_date(day) if day else MISSING} if confirmed else None
        ),
        "aturan": _text(inputs.result.get("rules_id")),
    }


def digest(content: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of the content."""
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()


def summary(content: dict) -> dict:
    """What /verifikasi/<code> may show of an issued document (a public page, no login):
    the document type, period, agency, predikat, the employee's name and the confirmation date.

    Not the NIP: its first 14 digits are the birth date and the date of appointment and its 15th
    the sex, so a public page with it would publish those to anyone holding a code. The name is
    what a reader compares with the person presenting the paper; the printed copy carries the NIP,
    and the digest check ties the rest of the printed content to the record."""
    return {
        "jenis": content["jenis"],
        "periode": content["periode"]["nama"],
        "opd": content["opd"]["nama"],
        "nama": content["orang"]["pegawai"]["nama"],
        "predikat": content["nilai"]["predikat"],
        "ditetapkan": (content.get("penetapan") or {}).get("pada", MISSING),
        "keberatan": bool(content["nilai"]["diubah_keberatan"])
        or any(line.startswith("Ditetapkan ulang") for line in content["catatan"]),
    }
