"""Open data: the public aggregates as CSV and JSON files with stable, documented columns.

Built from the suppressed public model (`web.model.Snapshot`) only, so a file can never hold what a
page may not show. A suppressed value is empty (CSV) / null (JSON), with the reason in a status
column (STATUSES: "sampel kurang", "belum ada responden", ...; empty = published). The number of
SKM responses is always given (answers are anonymous); `min_responses` says what the row's minimum was
(its own Krejcie–Morgan minimum when `population` is known, else the configured one).

CSV choices (documented on /data-terbuka): UTF-8 with a byte-order mark, so Excel on Windows reads
the Indonesian text correctly (Python: encoding="utf-8-sig"; pandas and R skip the mark); comma
separator and dot decimal, fixed decimals per column, so machines read it without locale guessing;
RFC 4180 quoting and CRLF line ends. A text cell starting with = + - @ (or a tab / carriage
return) is prefixed with an apostrophe, so a name like '=HYPERLINK(...)' stays text when the file
is opened in a spreadsheet (OWASP "CSV injection"); numbers are never prefixed. JSON keeps the
text as it is (no spreadsheet evaluates it).
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from config.contract import QUARTER, period_label
from scoring.rounding import round_half_up
from scoring.vocabulary import (
    AGENCY_LEVEL,
    AGENCY_UNIT_PREFIX,
    NRR_COLUMNS,
    PREDIKAT_COLUMNS,
    SERVICE_UNIT_LEVEL,
    SERVICE_UNIT_PREFIX,
    SKM_ELEMENTS,
    is_agency_unit,
)
from web.disclosure import NO_RESPONDENTS, NOT_SCORED, NOT_SURVEYED, SMALL_CELLS, SMALL_GROUP, SMALL_SAMPLE
from web.model import Ikm, Snapshot

# The status values and what they mean, for the columns below and /data-terbuka.
IKM_STATUSES = (
    (
        SMALL_SAMPLE,
        "ada tanggapan, tetapi kurang dari jumlah minimal baris itu (kolom min_responses); jumlahnya ada di kolom "
        "respondents",
    ),
    (NO_RESPONDENTS, "OPD ini punya layanan yang disurvei, tetapi tidak ada tanggapan dalam periode ini"),
    (NOT_SURVEYED, "belum pernah ada tanggapan survei untuk OPD ini"),
)
KINERJA_STATUSES = (
    (NOT_SCORED, "belum ada pegawai yang dinilai dalam periode ini"),
    (
        SMALL_GROUP,
        "pegawai yang dinilai kurang dari jumlah minimal (bawaan 5), sehingga rata-rata dan seluruh "
        "sebaran predikat kosong",
    ),
    (
        SMALL_CELLS,
        "rata-rata dipublikasikan; sel predikat yang kosong disembunyikan demi privasi: sel yang hanya "
        "berisi sedikit pegawai (bawaan 1 atau 2), dan sel pelengkap agar sel itu tidak dapat dihitung "
        "dari jumlah pegawai dinilai",
    ),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT, INTEGER, DECIMAL = "teks", "bilangan bulat", "desimal"


@dataclass(frozen=True)
class Column:
    """One documented column: name, type (teks / bilangan bulat / desimal), meaning, unit."""

    name: str
    type: str
    meaning: str
    unit: str = ""
    decimals: int = 0


_PERIOD_COLUMNS = (
    Column("period", TEXT, "Kunci periode: bulan 'YYYY-MM', triwulan 'YYYY-Qn', atau tahun 'YYYY'."),
    Column("period_kind", TEXT, "Jenis periode: bulan, triwulan, atau tahun."),
    Column("period_label", TEXT, "Nama periode, mis. 'Oktober 2026', 'Triwulan IV 2026', 'Tahun 2026'."),
    Column("months", INTEGER, "Jumlah bulan berdata yang dicakup periode ini (bulan: 1).", "bulan"),
)
_IKM_COLUMNS = (
    Column(
        "respondents",
        INTEGER,
        "Jumlah tanggapan sah dalam periode ini (juga bila IKM tidak dipublikasikan).",
        "tanggapan",
    ),
    Column(
        "ikm",
        DECIMAL,
        "Indeks Kepuasan Masyarakat = 25 × (jumlah NRR U1–U9) ÷ 9 (PermenPANRB 14/2017).",
        "skala 25–100",
        2,
    ),
    Column("mutu", TEXT, "Mutu pelayanan dari IKM: A, B, C, atau D."),
    Column("mutu_label", TEXT, "Sebutan mutu: Sangat Baik, Baik, Kurang Baik, Tidak Baik."),
    Column(
        "ikm_change",
        DECIMAL,
        "Perubahan IKM dari periode sebelumnya yang sejenis (keduanya dipublikasikan).",
        "poin",
        2,
    ),
)

# The minimum that applied to the row (scoring.sample, docs/scoring.md §4 "Sample"), never one
# city-wide number: a row judged by Krejcie–Morgan states its own minimum and population.
_MINIMUM_COLUMNS = (
    Column(
        "min_responses",
        INTEGER,
        "Jumlah tanggapan minimal yang berlaku untuk baris ini agar IKM dipublikasikan: menurut Krejcie–Morgan "
        "dari jumlah penerima layanan (kolom population) bila diketahui, selain itu batas bawaan konfigurasi. "
        "Triwulan atau tahun yang jumlah penerima layanannya baru diketahui untuk sebagian bulan memakai "
        "penerima layanan yang sudah tercatat, sehingga minimalnya tidak pernah di bawah minimal bulannya.",
        "tanggapan",
    ),
    Column(
        "population",
        INTEGER,
        "Jumlah penerima layanan (tab Populasi Layanan) yang menjadi dasar min_responses; kosong bila tidak "
        "diketahui dan min_responses adalah batas bawaan.",
        "orang",
    ),
)

OPD_COLUMNS: tuple[Column, ...] = (
    Column("code", TEXT, "Kode OPD (organisasi perangkat daerah)."),
    Column("name", TEXT, "Nama OPD."),
    *_PERIOD_COLUMNS,
    *_IKM_COLUMNS,
    Column(
        "status_ikm",
        TEXT,
        "Kosong bila IKM dipublikasikan; bila tidak (kolom IKM kosong), alasannya: "
        + "; ".join(f"'{s}' = {m}" for s, m in IKM_STATUSES)
        + ".",
    ),
    Column("scored", INTEGER, "Jumlah pegawai yang dinilai (punya predikat) pada periode ini.", "pegawai"),
    Column("avg_na", DECIMAL, "Rata-rata Nilai Akhir pegawai yang dinilai.", "skala 0–120", 2),
    Column("na_change", DECIMAL, "Perubahan rata-rata Nilai Akhir dari periode sebelumnya yang sejenis.", "poin", 2),
    *(
        Column(col, INTEGER, f"Jumlah pegawai dengan predikat {name}.", "pegawai")
        for name, col in PREDIKAT_COLUMNS.items()
    ),
    Column(
        "status_kinerja",
        TEXT,
        "Kosong bila Nilai Akhir dan seluruh sebaran predikat dipublikasikan; bila tidak, alasannya: "
        + "; ".join(f"'{s}' = {m}" for s, m in KINERJA_STATUSES)
        + ".",
    ),
    Column("complaints_received", INTEGER, "Jumlah pengaduan yang masuk (log Pengaduan).", "pengaduan"),
    Column(
        "complaints_resolved_in_limit_share",
        DECIMAL,
        "Bagian pengaduan masuk yang selesai dalam batas hari kerja (kosong bila tidak ada pengaduan).",
        "proporsi 0–1",
        4,
    ),
    *_MINIMUM_COLUMNS,
)

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "unit_id",
        TEXT,
        f"Kode unit yang tetap: '{AGENCY_UNIT_PREFIX}KODE' untuk OPD, "
        f"'{SERVICE_UNIT_PREFIX}KODE:nama' untuk unit layanan.",
    ),
    Column("level", TEXT, "opd (gabungan seluruh tanggapan OPD dan unitnya) atau unit (satu unit layanan)."),
    Column("unit", TEXT, "Nama unit layanan (atau OPD)."),
    Column("agency", TEXT, "Kode OPD pemilik unit."),
    Column("agency_name", TEXT, "Nama OPD pemilik unit."),
    *_PERIOD_COLUMNS[:3],
    _IKM_COLUMNS[0],
    *(
        Column(f"nrr_{key}", DECIMAL, f"Nilai rata-rata unsur {code} {name} (1–4).", "skala 1–4", 4)
        for key, code, name in SKM_ELEMENTS
    ),
    *_IKM_COLUMNS[1:],
    Column(
        "ikm_drop_flag",
        INTEGER,
        "Triwulan: 1 bila IKM turun sebanyak batas poin atau lebih dari triwulan sebelumnya, selain itu 0; "
        "kosong untuk bulan dan tahun atau bila tidak dapat dibandingkan.",
    ),
    Column(
        "status",
        TEXT,
        f"Kosong bila IKM dipublikasikan; '{SMALL_SAMPLE}' bila tanggapan kurang dari "
        "min_responses (kolom IKM kosong, jumlah tanggapan tetap di kolom respondents). Unit tanpa tanggapan "
        "dalam suatu periode tidak punya baris.",
    ),
    *_MINIMUM_COLUMNS,
)


@dataclass(frozen=True)
class DataFile:
    """One open-data file: its stable name, title, columns and row builder."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    records: Callable[[Snapshot], list[dict[str, Any]]]
    indonesian: bool = False  # CSV for Indonesian-locale spreadsheets: ';' between columns, decimal comma

    @property
    def is_csv(self) -> bool:
        return self.name.endswith(".csv")


def _finite(value: Any) -> Any:
    """None for NaN and ±inf: JSON has no such numbers (a parser rejects the whole file) and a
    CSV cell 'inf' is not data either."""
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        return None
    return value


def _round(value: float | None, decimals: int) -> float | None:
    value = _finite(value)
    return None if value is None else float(round_half_up(value, decimals))


def _ikm_fields(ikm: Ikm | None, change: float | None, respondents: int) -> dict[str, Any]:
    if ikm is None:
        return {"respondents": respondents, "ikm": None, "mutu": None, "mutu_label": None, "ikm_change": None}
    return {
        "respondents": ikm.respondents,
        "ikm": _round(ikm.value, 2),
        "mutu": ikm.mutu,
        "mutu_label": ikm.mutu_label,
        "ikm_change": _round(change, 2),
    }


def _minimum_fields(min_sample: int | None, population: int | None, snapshot: Snapshot) -> dict[str, Any]:
    """The row's own minimum sample (a row without an IKM cell: the configured minimum)."""
    return {
        "min_responses": snapshot.min_responses if min_sample is None else min_sample,
        "population": population,
    }


def opd_records(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Agency x period rows for every month, quarter and year of the snapshot."""
    rows = []
    for period in snapshot.periods:
        months = len(snapshot.months_in(period))
        for row in snapshot.agencies_in(period):
            predikat = row.predikat or {}
            rows.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "period": period,
                    "period_kind": row.kind,
                    "period_label": period_label(period),
                    "months": months,
                    **_ikm_fields(row.ikm, row.ikm_change, row.respondents),
                    "status_ikm": "" if row.ikm else row.ikm_status,
                    "scored": row.scored,
                    "avg_na": _round(row.avg_na, 2),
                    "na_change": _round(row.na_change, 2),
                    **{col: predikat.get(name) for name, col in PREDIKAT_COLUMNS.items()},
                    "status_kinerja": row.kinerja_status,
                    "complaints_received": row.complaints_received,
                    "complaints_resolved_in_limit_share": _round(row.complaints_in_limit, 4),
                    **_minimum_fields(row.min_sample, row.population, snapshot),
                }
            )
    return rows


def unit_records(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Agency-pooled and service-unit IKM x period rows (the periods with responses)."""
    order = {p: i for i, p in enumerate(snapshot.periods)}
    rows = []
    for code, name in snapshot.agencies:
        for unit in snapshot.series.get(code, ()):
            level = AGENCY_LEVEL if is_agency_unit(unit.unit_id) else SERVICE_UNIT_LEVEL
            for period in sorted(unit.periods, key=lambda p: order.get(p, len(order))):
                u = unit.periods[period]
                flag = None
                if u.kind == QUARTER and u.ikm is not None and u.ikm_change is not None:
                    flag = int(u.flagged)
                rows.append(
                    {
                        **_unit_row(
                            unit.unit_id,
                            level,
                            name if level == AGENCY_LEVEL else unit.name,
                            code,
                            name,
                            period,
                            u.kind,
                            u.ikm,
                            u.ikm_change,
                            flag,
                            u.respondents,
                            u.status,
                        ),
                        **_minimum_fields(u.min_sample, u.population, snapshot),
                    }
                )
    return rows


def _unit_row(
    unit_id, level, unit, code, agency_name, period, kind, ikm, change, flag, respondents=0, status=SMALL_SAMPLE
) -> dict[str, Any]:
    nrr = ikm.nrr if ikm is not None and ikm.nrr else (None,) * len(NRR_COLUMNS)
    fields = _ikm_fields(ikm, change, respondents)
    return {
        "unit_id": unit_id,
        "level": level,
        "unit": unit,
        "agency": code,
        "agency_name": agency_name,
        "period": period,
        "period_kind": kind,
        "period_label": period_label(period),
        "respondents": fields.pop("respondents"),
        **{col: _round(value, 4) for col, value in zip(NRR_COLUMNS, nrr)},
        **fields,
        "ikm_drop_flag": flag,
        "status": "" if ikm is not None else status,
    }


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe: '=1+1' -> "'=1+1"."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any, column: Column, decimal: str = ".") -> str:
    value = _finite(value)
    if value is None:
        return ""
    if column.type == DECIMAL:
        return f"{float(value):.{column.decimals}f}".replace(".", decimal)
    if column.type == INTEGER:
        return str(int(value))
    return neutralise(str(value))


def to_csv(records: list[dict[str, Any]], columns: tuple[Column, ...], indonesian: bool = False) -> bytes:
    """UTF-8 CSV with a byte-order mark, comma separator, dot decimal, CRLF line ends; with
    `indonesian`, ';' separator and decimal comma, as a spreadsheet set to Indonesian expects (it
    reads '91.48' as 9.148 thousands otherwise). No thousands separator in either."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=";" if indonesian else ",")
    decimal = "," if indonesian else "."
    writer.writerow([c.name for c in columns])
    for record in records:
        writer.writerow([_cell(record.get(c.name), c, decimal) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def to_json(
    records: list[dict[str, Any]],
    columns: tuple[Column, ...],
    *,
    title: str,
    last_sync: str | None,
    documentation: str,
    site: dict[str, str] | None = None,
) -> bytes:
    """{"title", "last_sync", "documentation", "publisher", "publisher_contact", "licence",
    "columns": [...], "rows": [...]} as UTF-8 JSON (publisher etc. null when not configured)."""
    site = site or {}
    payload = {
        "title": title,
        "last_sync": last_sync,
        "documentation": documentation,
        "publisher": site.get("publisher") or None,
        "publisher_contact": site.get("publisher_contact") or None,
        "licence": site.get("data_licence") or None,
        "columns": [{"name": c.name, "type": c.type, "meaning": c.meaning, "unit": c.unit} for c in columns],
        "rows": [{c.name: _finite(record.get(c.name)) for c in columns} for record in records],
    }
    # allow_nan=False: should a non-finite number slip past _finite, fail loudly, never publish it.
    return json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


_OPD = (
    "IKM, Nilai Akhir, predikat, dan pengaduan per OPD",
    "Satu baris per OPD per periode (setiap bulan, triwulan, dan tahun).",
)
_UNIT = (
    "IKM per unit layanan",
    "Satu baris per unit layanan (dan gabungan OPD) per periode yang memiliki tanggapan survei, "
    "dengan nilai rata-rata kesembilan unsur SKM.",
)
_ID_NOTE = (
    " Sama dengan berkas CSV di atas, dengan pemisah kolom titik koma (;) dan desimal koma, untuk Excel atau "
    "LibreOffice berbahasa Indonesia: cukup dibuka dua kali klik."
)
FILES: dict[str, DataFile] = {
    "opd.csv": DataFile("opd.csv", *_OPD, OPD_COLUMNS, opd_records),
    "opd.json": DataFile("opd.json", *_OPD, OPD_COLUMNS, opd_records),
    "ikm-unit.csv": DataFile("ikm-unit.csv", *_UNIT, UNIT_COLUMNS, unit_records),
    "ikm-unit.json": DataFile("ikm-unit.json", *_UNIT, UNIT_COLUMNS, unit_records),
    "opd-id.csv": DataFile("opd-id.csv", _OPD[0], _OPD[1] + _ID_NOTE, OPD_COLUMNS, opd_records, indonesian=True),
    "ikm-unit-id.csv": DataFile(
        "ikm-unit-id.csv", _UNIT[0], _UNIT[1] + _ID_NOTE, UNIT_COLUMNS, unit_records, indonesian=True
    ),
}


def render(name: str, snapshot: Snapshot, documentation: str, site: dict[str, str] | None = None) -> bytes:
    """The bytes of open-data file `name` (a key of FILES) for `snapshot`; `site`: publisher,
    publisher_contact and data_licence for the JSON (web.public.site_info)."""
    data_file = FILES[name]
    records = data_file.records(snapshot)
    if data_file.is_csv:
        return to_csv(records, data_file.columns, data_file.indonesian)
    return to_json(
        records,
        data_file.columns,
        title=data_file.title,
        last_sync=snapshot.last_sync,
        documentation=documentation,
        site=site,
    )
