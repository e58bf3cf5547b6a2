"""A small, deterministic results store: 3 agencies x 3 months, as the sync worker would leave it.

- DINKES: 6 employees scored every month (distribution published); IKM sufficient every month.
- DPMPTSP: 5 employees; only 4 scored in September (suppressed); IKM insufficient in October
  (77.77 from 12 responses: must never be shown), sufficient in September, none in August.
- KECLS: 2 employees (always suppressed); IKM insufficient in October.
Names include formula-like text ('=HYPERLINK(...)', '+62...') for the report's text checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.params import BAIK, BUTUH_PERBAIKAN, DI_ATAS, SANGAT_BAIK, SESUAI
from sync.store import CITY_SCOPE, ResultsStore

PERIODS = ("2026-08", "2026-09", "2026-10")
LAST_SYNC = "2026-11-28T14:03:00+07:00"
LAST_SYNC_TEXT = "28 November 2026 14.03 WIB"

AGENCIES = pd.DataFrame({
    "code": ["DINKES", "DPMPTSP", "KECLS"],
    "name": ["Dinas Kesehatan", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Kecamatan Lubuk Sikarah"],
    "spreadsheet": ["dinkes", "dpmptsp", "kecls"],
    "position": [1, 2, 3],
})

FORMULA_NAME = '=HYPERLINK("http://contoh.test","klik")'
PHONE_NAME = "+6281234567890"

# agency -> [(name, unit, public_service)]
_PEOPLE = {
    "DINKES": [
        ("Siti Rahmawati", "Puskesmas Tanah Garing", True),
        ("Budi Santoso", "Puskesmas Tanah Garing", True),
        (FORMULA_NAME, "Sekretariat", False),
        ("Yulia Fitriani", "Sekretariat", False),
        ("Hendra Gunawan", "Bidang Pelayanan Kesehatan", False),
        ("Rina Marlina", "Bidang Pelayanan Kesehatan", False),
    ],
    "DPMPTSP": [
        ("Ahmad Fauzi", "Mal Pelayanan Publik", True),
        (PHONE_NAME, "Mal Pelayanan Publik", True),
        ("Dewi Kartika", "Sekretariat", False),
        ("Fajar Nugroho", "Sekretariat", False),
        ("Indah Permatasari", "Bidang Perizinan", False),
    ],
    "KECLS": [
        ("Joko Susilo", "", True),
        ("Lestari Wulandari", "", False),
    ],
}

# Nilai Akhir per agency -> period -> one value per employee (NaN = not scored that month).
NA_VALUES = {
    "DINKES": {
        "2026-08": [100.0, 101.0, 102.0, 103.0, 104.0, 105.0],
        "2026-09": [108.0, 105.0, 106.9, 107.5, 106.0, 106.5],  # mean 106.65
        "2026-10": [110.0, 105.8, 107.9, 108.5, 107.3, 107.9],  # mean 107.90, change +1.25
    },
    "DPMPTSP": {
        "2026-08": [94.0, 95.0, 96.0, 97.0, 98.0],
        "2026-09": [90.0, 91.0, 92.0, 93.0, np.nan],  # 4 scored: suppressed
        "2026-10": [95.0, 96.0, 97.0, 98.0, 99.0],  # mean 97.00, change not shown
    },
    "KECLS": {p: [88.88, 99.99] for p in PERIODS},  # mean 94.435: never shown
}


def nip(agency_index: int, person_index: int) -> str:
    """An 18-digit NIP: birth date, TMT, sex, sequence."""
    return f"1985{agency_index + 1:02d}{person_index + 10:02d}2010011{agency_index * 10 + person_index + 1:03d}"


def employees() -> pd.DataFrame:
    rows = [
        {"agency": code, "nip": nip(a, p), "name": name, "position": "Pelaksana", "unit": unit,
         "public_service": ps}
        for a, (code, people) in enumerate(_PEOPLE.items())
        for p, (name, unit, ps) in enumerate(people)
    ]
    return pd.DataFrame(rows)


def _predikat(na: pd.Series) -> pd.Series:
    out = pd.Series(np.where(na >= 110, SANGAT_BAIK, np.where(na >= 90, BAIK, BUTUH_PERBAIKAN)), index=na.index)
    return out.where(na.notna(), None)


def results() -> pd.DataFrame:
    people = employees()
    frames = []
    for period in PERIODS:
        na = np.concatenate([NA_VALUES[code][period] for code in _PEOPLE])
        frames.append(people.assign(period=period, na=na))
    frame = pd.concat(frames, ignore_index=True)
    scored = frame["na"].notna()
    return frame.assign(
        indicators=3, indicators_low=0, nhk_own=frame["na"].fillna(95.0), ikm=np.nan, ikm_responses=0,
        ikm_source="", ikm_used=False, c_ikm=np.nan, nhk=frame["na"].fillna(95.0),
        rating_hk=SESUAI, b=110.0, i=110.0, d=92.0, npk=frame["na"], has_rating=scored,
        has_attendance=True, absent=0, late=3, early_leave=1, gate=False,
        rating_pk=pd.Series(DI_ATAS, index=frame.index).where(scored, None), predikat=_predikat(frame["na"]),
        feedback="Pertahankan kinerja.", rater_nip="", missing=np.where(scored, "", "Penilaian Atasan"),
        ikm_note="", gate_note="", rules_id="test",
    )


def agency_summary(res: pd.DataFrame) -> pd.DataFrame:
    """Per agency x period aggregates, as the worker computes them."""
    scored = res.loc[res["na"].notna()]
    counts = (
        scored.assign(one=1)
        .pivot_table(index=["agency", "period"], columns="predikat", values="one", aggfunc="sum", fill_value=0)
        .reindex(columns=[SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN], fill_value=0)
    )
    counts.columns = ["n_sangat_baik", "n_baik", "n_butuh_perbaikan"]
    heads = res.groupby(["agency", "period"]).agg(
        headcount=("nip", "size"), reported=("indicators", "size"), rated=("has_rating", "sum"),
        attended=("has_attendance", "sum"),
    )
    means = scored.groupby(["agency", "period"]).agg(
        scored=("na", "size"), avg_nhk=("nhk", "mean"), avg_npk=("npk", "mean"), avg_na=("na", "mean"),
    )
    out = heads.join(means).join(counts).reset_index()
    return out.assign(n_kurang=0, n_sangat_kurang=0, rules_id="test")


def _ikm_row(unit_id, agency, level, name, period, respondents, ikm, mutu, label, sufficient):
    return {"unit_id": unit_id, "agency": agency, "level": level, "unit_name": name, "period": period,
            "respondents": respondents, **{f"nrr_u{j}": ikm / 25 for j in range(1, 10)}, "ikm": ikm,
            "mutu": mutu, "mutu_label": label, "sufficient": sufficient}


def ikm() -> pd.DataFrame:
    return pd.DataFrame([
        _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-08", 22, 80.50, "B", "Baik", 1),
        _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-09", 25, 85.10, "B", "Baik", 1),
        _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-10", 29, 91.48, "A", "Sangat Baik", 1),
        _ikm_row("unit:DINKES:puskesmastanahgaring", "DINKES", "unit", "Puskesmas Tanah Garing", "2026-10",
                 20, 93.21, "A", "Sangat Baik", 1),
        _ikm_row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-09", 21, 79.31, "B", "Baik", 1),
        _ikm_row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-10", 12, 77.77, "B", "Baik", 0),
        _ikm_row("opd:KECLS", "KECLS", "opd", "Kecamatan Lubuk Sikarah", "2026-10", 5, 66.66, "C", "Kurang Baik", 0),
    ])


def complaints() -> pd.DataFrame:
    return pd.DataFrame([
        # As the worker writes them: the agency's pooled row (its own + its units'), then unit rows.
        {"unit_id": "opd:DINKES", "agency": "DINKES", "period": "2026-10", "received": 8, "resolved": 7,
         "resolved_in_limit": 6, "median_days": 3.0},  # DINKES October: 8 received, 75%
        {"unit_id": "unit:DINKES:puskesmastanahgaring", "agency": "DINKES", "period": "2026-10", "received": 3,
         "resolved": 3, "resolved_in_limit": 3, "median_days": 2.0},
        {"unit_id": "opd:DPMPTSP", "agency": "DPMPTSP", "period": "2026-10", "received": 4, "resolved": 2,
         "resolved_in_limit": 1, "median_days": 6.0},  # 25%
        {"unit_id": "opd:DPMPTSP", "agency": "DPMPTSP", "period": "2026-09", "received": 2, "resolved": 2,
         "resolved_in_limit": 2, "median_days": 1.0},
    ])


def complaint_categories() -> pd.DataFrame:
    return pd.DataFrame([
        {"unit_id": "opd:DINKES", "agency": "DINKES", "period": "2026-10", "category": "Waktu pelayanan", "count": 3},
        {"unit_id": "unit:DINKES:puskesmastanahgaring", "agency": "DINKES", "period": "2026-10",
         "category": "Waktu pelayanan", "count": 2},
    ])


def issues() -> pd.DataFrame:
    return pd.DataFrame([
        {"scope": "DINKES", "tab": "Laporan Kinerja", "row": 7, "column": "Target", "value": "0",
         "problem": "Target harus lebih dari 0.", "fix": "Isi target yang lebih dari 0.", "severity": "Galat"},
        {"scope": "DPMPTSP", "tab": "Pegawai", "row": 4, "column": "NIP", "value": "1.98502112010011E+17",
         "problem": "NIP diketik sebagai angka sehingga digitnya hilang.",
         "fix": "Format kolom NIP sebagai teks, lalu ketik ulang NIP-nya.", "severity": "Galat"},
        {"scope": CITY_SCOPE, "tab": "Tanggapan Formulir 1", "row": 12, "column": "U3", "value": "=1+1",
         "problem": "Jawaban tidak dikenal.", "fix": "Pilih jawaban 1-4.", "severity": "Peringatan"},
    ])


def fill_store(store: ResultsStore, last_sync: str = LAST_SYNC) -> ResultsStore:
    """Write every fixture table into `store` the way the worker does (per scope), then last_sync."""
    store.ensure_schema()
    store.set_agencies(AGENCIES)
    res = results()
    summary = agency_summary(res)
    people = employees().assign(unit_id="", supervisor_nip="", active=True)
    found = issues()
    for code in AGENCIES["code"]:
        store.replace_scope(code, {
            "employees": people.loc[people["agency"] == code],
            "results": res.loc[res["agency"] == code],
            "agency_summary": summary.loc[summary["agency"] == code],
            "issues": found.loc[found["scope"] == code],
        })
    store.replace_scope(CITY_SCOPE, {
        "ikm": ikm(), "complaints": complaints(), "complaint_categories": complaint_categories(),
        "issues": found.loc[found["scope"] == CITY_SCOPE],
    })
    store.set_meta("last_sync", last_sync)
    return store
