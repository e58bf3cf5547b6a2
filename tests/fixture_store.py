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

from config.contract import CITY_SCOPE
from scoring.params import BAIK, BUTUH_PERBAIKAN, DI_ATAS, SANGAT_BAIK, SESUAI
from sync.store import ResultsStore

PERIODS = ("2026-08", "2026-09", "2026-10")
LAST_SYNC = "2026-11-28T14:03:00+07:00"
LAST_SYNC_TEXT = "28 November 2026 14.03 WIB"

AGENCIES = pd.DataFrame(
    {
        "code": ["DINKES", "DPMPTSP", "KECLS"],
        "name": [
            "Dinas Kesehatan",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "Kecamatan Lubuk Sikarah",
        ],
        "spreadsheet": ["dinkes", "dpmptsp", "kecls"],
        "position": [1, 2, 3],
    }
)

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
        {"agency": code, "nip": nip(a, p), "name": name, "position": "Pelaksana", "unit": unit, "public_service": ps}
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
        indicators=3,
        indicators_low=0,
        nhk_own=frame["na"].fillna(95.0),
        ikm=np.nan,
        ikm_responses=0,
        ikm_source="",
        ikm_used=False,
        c_ikm=np.nan,
        nhk=frame["na"].fillna(95.0),
        rating_hk=SESUAI,
        b=110.0,
        i=110.0,
        d=92.0,
        npk=frame["na"],
        has_rating=scored,
        has_attendance=True,
        absent=0,
        late=3,
        early_leave=1,
        gate=False,
        rating_pk=pd.Series(DI_ATAS, index=frame.index).where(scored, None),
        predikat=_predikat(frame["na"]),
        feedback="Pertahankan kinerja.",
        rater_nip="",
        missing=np.where(scored, "", "Penilaian Atasan"),
        ikm_note="",
        gate_note="",
        rules_id="test",
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
        headcount=("nip", "size"),
        reported=("indicators", "size"),
        rated=("has_rating", "sum"),
        attended=("has_attendance", "sum"),
    )
    means = scored.groupby(["agency", "period"]).agg(
        scored=("na", "size"),
        avg_nhk=("nhk", "mean"),
        avg_npk=("npk", "mean"),
        avg_na=("na", "mean"),
    )
    out = heads.join(means).join(counts).reset_index()
    return out.assign(n_kurang=0, n_sangat_kurang=0, rules_id="test")


def _ikm_row(unit_id, agency, level, name, period, respondents, ikm, mutu, label, sufficient):
    return {
        "unit_id": unit_id,
        "agency": agency,
        "level": level,
        "unit_name": name,
        "period": period,
        "respondents": respondents,
        **{f"nrr_u{j}": ikm / 25 for j in range(1, 10)},
        "ikm": ikm,
        "mutu": mutu,
        "mutu_label": label,
        "sufficient": sufficient,
    }


def ikm() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-08", 22, 80.50, "B", "Baik", 1),
            _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-09", 25, 85.10, "B", "Baik", 1),
            _ikm_row("opd:DINKES", "DINKES", "opd", "Dinas Kesehatan", "2026-10", 29, 91.48, "A", "Sangat Baik", 1),
            _ikm_row(
                "unit:DINKES:puskesmastanahgaring",
                "DINKES",
                "unit",
                "Puskesmas Tanah Garing",
                "2026-10",
                20,
                93.21,
                "A",
                "Sangat Baik",
                1,
            ),
            _ikm_row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-09", 21, 79.31, "B", "Baik", 1),
            _ikm_row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-10", 12, 77.77, "B", "Baik", 0),
            _ikm_row(
                "opd:KECLS", "KECLS", "opd", "Kecamatan Lubuk Sikarah", "2026-10", 5, 66.66, "C", "Kurang Baik", 0
            ),
        ]
    )


def complaints() -> pd.DataFrame:
    return pd.DataFrame(
        [
            # As the worker writes them: the agency's pooled row (its own + its units'), then unit rows.
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-10",
                "received": 8,
                "resolved": 7,
                "resolved_in_limit": 6,
                "median_days": 3.0,
            },  # DINKES October: 8 received, 75%
            {
                "unit_id": "unit:DINKES:puskesmastanahgaring",
                "agency": "DINKES",
                "period": "2026-10",
                "received": 3,
                "resolved": 3,
                "resolved_in_limit": 3,
                "median_days": 2.0,
            },
            {
                "unit_id": "opd:DPMPTSP",
                "agency": "DPMPTSP",
                "period": "2026-10",
                "received": 4,
                "resolved": 2,
                "resolved_in_limit": 1,
                "median_days": 6.0,
            },  # 25%
            {
                "unit_id": "opd:DPMPTSP",
                "agency": "DPMPTSP",
                "period": "2026-09",
                "received": 2,
                "resolved": 2,
                "resolved_in_limit": 2,
                "median_days": 1.0,
            },
        ]
    )


def complaint_categories() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "unit_id": "opd:DINKES",
                "agency": "DINKES",
                "period": "2026-10",
                "category": "Waktu pelayanan",
                "count": 3,
            },
            {
                "unit_id": "unit:DINKES:puskesmastanahgaring",
                "agency": "DINKES",
                "period": "2026-10",
                "category": "Waktu pelayanan",
                "count": 2,
            },
        ]
    )


def issues() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "scope": "DINKES",
                "tab": "Laporan Kinerja",
                "row": 7,
                "column": "Target",
                "value": "0",
                "problem": "Target harus lebih dari 0.",
                "fix": "Isi target yang lebih dari 0.",
                "severity": "Galat",
            },
            {
                "scope": "DPMPTSP",
                "tab": "Pegawai",
                "row": 4,
                "column": "NIP",
                "value": "1.98502112010011E+17",
                "problem": "NIP diketik sebagai angka sehingga digitnya hilang.",
                "fix": "Format kolom NIP sebagai teks, lalu ketik ulang NIP-nya.",
                "severity": "Galat",
            },
            {
                "scope": CITY_SCOPE,
                "tab": "Tanggapan Formulir 1",
                "row": 12,
                "column": "U3",
                "value": "=1+1",
                "problem": "Jawaban tidak dikenal.",
                "fix": "Pilih jawaban 1-4.",
                "severity": "Peringatan",
            },
        ]
    )


def fill_store(store: ResultsStore, last_sync: str = LAST_SYNC) -> ResultsStore:
    """Write every fixture table into `store` the way the worker does (per scope), then last_sync."""
    store.ensure_schema()
    store.set_agencies(AGENCIES)
    res = results()
    summary = agency_summary(res)
    people = employees().assign(unit_id="", supervisor_nip="", active=True)
    found = issues()
    for code in AGENCIES["code"]:
        store.replace_scope(
            code,
            {
                "employees": people.loc[people["agency"] == code],
                "results": res.loc[res["agency"] == code],
                "agency_summary": summary.loc[summary["agency"] == code],
                "issues": found.loc[found["scope"] == code],
            },
        )
    store.replace_scope(
        CITY_SCOPE,
        {
            "ikm": ikm(),
            "complaints": complaints(),
            "complaint_categories": complaint_categories(),
            "issues": found.loc[found["scope"] == CITY_SCOPE],
        },
    )
    store.set_meta("last_sync", last_sync)
    return store


# ---- HR area additions (D2): new helpers only; fill_store above is unchanged -------------------

EXAMPLE_A_NIP = "198001012006042001"
EXAMPLE_A_NAME = "Ani Contoh A"
EXAMPLE_A_UNIT_ID = "unit:DINKES:puskesmastanahgaring"
EXAMPLE_A_FEEDBACK = "Terus tingkatkan kecepatan layanan."
EXAMPLE_A_CATATAN = "Hasil kerja Anda sesuai ekspektasi. Pertahankan kecepatan layanan di puskesmas."
ATTENTION_REASON = "Nilai Akhir turun tiga bulan berturut-turut."
DISTRIBUTION_WARNING = "Lebih dari 70% pegawai berpredikat Baik; organisasi Baik paling banyak 70%."


def _append(store: ResultsStore, tables: dict[str, pd.DataFrame]) -> None:
    """Add rows to tables without replacing a scope (the worker never does this; tests may)."""
    with store.connect() as conn:
        for table, frame in tables.items():
            ResultsStore._insert(conn, table, frame)


def example_a_frames(params=None) -> dict[str, pd.DataFrame]:
    """docs/scoring.md example A (October 2026) scored by the real scoring code: employees, results
    (NHK 109.02, NPK 105.29, Baik, NA 107.90) and indicators, as DINKES rows."""
    from scoring import ScoringParams, score_employees, with_capaian

    params = params or ScoringParams()
    staff = pd.DataFrame(
        [
            {
                "agency": "DINKES",
                "nip": EXAMPLE_A_NIP,
                "name": EXAMPLE_A_NAME,
                "position": "Perawat",
                "unit": "Puskesmas Tanah Garing",
                "unit_id": EXAMPLE_A_UNIT_ID,
                "supervisor_nip": "",
                "public_service": True,
                "active": True,
                "row": 8,
            }
        ]
    )
    reports = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": EXAMPLE_A_NIP,
                "plan": "Pelayanan pasien",
                "indicator": indicator,
                "target": float(t),
                "actual": float(r),
                "measure": measure,
                "direction": d,
                "weight": float(w),
                "evidence": "",
                "note": "",
                "row": row,
            }
            for row, (indicator, t, r, measure, d, w) in enumerate(
                [
                    ("Pasien terlayani", 120, 132, "orang", "Naik", 2),
                    ("Keluhan pasien", 5, 4, "keluhan", "Turun", 1),
                    ("Laporan bulanan", 1, 1, "laporan", "Naik", 1),
                ],
                start=2,
            )
        ]
    )
    keys = ("service", "accountable", "competent", "harmonious", "loyal", "adaptive", "collaborative")
    ratings = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": EXAMPLE_A_NIP,
                **dict(zip(keys, (4, 4, 3, 4, 3, 4, 4))),
                "initiative": 5,
                "feedback": EXAMPLE_A_FEEDBACK,
                "rater_nip": "",
                "row": 2,
            }
        ]
    )
    attendance = pd.DataFrame(
        [
            {
                "period": "2026-10",
                "nip": EXAMPLE_A_NIP,
                "work_days": 22,
                "present": 22,
                "late": 3,
                "early_leave": 1,
                "absent": 0,
                "row": 2,
            }
        ]
    )
    emp_ikm = pd.DataFrame(
        {
            "period": ["2026-10"],
            "nip": [EXAMPLE_A_NIP],
            "ikm": [80.50],
            "ikm_responses": [25],
            "ikm_source": ["unit"],
            "ikm_sufficient": [True],
        }
    )
    results = score_employees(staff, reports, ratings, attendance, emp_ikm, params).assign(
        rules_id="test", catatan=EXAMPLE_A_CATATAN, na_change=0.4, na_ma3=107.5, attention=False, attention_reason=""
    )
    indicators = with_capaian(reports, params).assign(agency="DINKES")
    return {"employees": staff.drop(columns=["row"]), "results": results, "indicators": indicators}


def add_example_a(store: ResultsStore, params=None) -> ResultsStore:
    _append(store, example_a_frames(params))
    return store


def _periodic(res: pd.DataFrame, period: str, kind: str, months: tuple[str, ...]) -> pd.DataFrame:
    rows = res.loc[res["period"].isin(months)]
    means = rows.groupby(["agency", "nip", "name", "position", "unit"], as_index=False).agg(
        months=("period", "size"), nhk=("nhk", "mean"), npk=("npk", "mean"), na=("na", "mean")
    )
    return means.assign(
        period=period,
        kind=kind,
        months_nhk=means["months"],
        months_npk=means["months"],
        rating_hk=SESUAI,
        rating_pk=SESUAI,
        gate=False,
        predikat=_predikat(means["na"]),
        rules_id="test",
        rules_name="Model uji (test)",
    )


def fill_hr_extras(store: ResultsStore) -> ResultsStore:
    """What the HR pages read beyond fill_store: indicators, attention flags, catatan, quarter and
    year results, distribution checks, two sync runs and the worker's heartbeat."""
    res = results()
    first_dpm = nip(1, 0)
    periodic = pd.concat(
        [_periodic(res, "2026-Q3", "triwulan", ("2026-08", "2026-09")), _periodic(res, "2026", "tahun", PERIODS)],
        ignore_index=True,
    )
    agency_periodic = periodic.groupby(["agency", "period", "kind"], as_index=False).agg(
        headcount=("nip", "size"),
        scored=("na", "count"),
        avg_nhk=("nhk", "mean"),
        avg_npk=("npk", "mean"),
        avg_na=("na", "mean"),
        months=("months", "max"),
    )
    checks = pd.DataFrame(
        [
            {
                "agency": "DINKES",
                "year": "2026",
                "org_rating": "Baik",
                "org_rating_source": "konfigurasi",
                "employees": 6,
                "rule": "baik_max",
                "ok": 0,
                "message": DISTRIBUTION_WARNING,
                "rules_id": "test",
            },
            {
                "agency": "DPMPTSP",
                "year": "2026",
                "org_rating": "Baik",
                "org_rating_source": "konfigurasi",
                "employees": 5,
                "rule": "baik_max",
                "ok": 1,
                "message": "Sesuai pola.",
                "rules_id": "test",
            },
        ]
    )
    indicators = pd.DataFrame(
        [
            {
                "agency": "DINKES",
                "period": "2026-10",
                "nip": nip(0, 0),
                "row": 2,
                "plan": "Imunisasi",
                "indicator": "Balita diimunisasi",
                "target": 50.0,
                "actual": 40.0,
                "measure": "anak",
                "direction": "Naik",
                "weight": 1.0,
                "capaian": 80.0,
                "capaian_capped": 80.0,
            },
        ]
    )
    _append(
        store,
        {
            "results_periodic": periodic,
            "agency_periodic": agency_periodic,
            "distribution_checks": checks,
            "indicators": indicators,
            "runs": pd.DataFrame(
                [
                    {
                        "id": 1,
                        "started": "2026-11-28T13:40:00+07:00",
                        "finished": "2026-11-28T13:41:00+07:00",
                        "status": "berhasil",
                        "rules_id": "test",
                        "summary": '{"line": "Sinkronisasi berhasil: 4 spreadsheet"}',
                    },
                    {
                        "id": 2,
                        "started": "2026-11-28T14:02:00+07:00",
                        "finished": LAST_SYNC,
                        "status": "sebagian gagal",
                        "rules_id": "test",
                        "summary": '{"line": "Sinkronisasi sebagian gagal: 4 spreadsheet, 1 gagal"}',
                    },
                ]
            ),
            "run_sheets": pd.DataFrame(
                [
                    {
                        "run_id": 2,
                        "spreadsheet": s,
                        "scope": scope,
                        "status": status,
                        "rows_read": 40,
                        "rows_used": 38,
                        "rows_rejected": 2,
                        "rows_superseded": 0,
                        "written": int(status == "berhasil"),
                        "seconds": 0.25,
                        "error": error,
                    }
                    for s, scope, status, error in (
                        ("dinkes", "DINKES", "berhasil", ""),
                        ("dpmptsp", "DPMPTSP", "gagal", "Spreadsheet dpmptsp tidak dapat dibaca: izin ditolak."),
                        ("kecls", "KECLS", "tidak berubah", ""),
                        ("kota", CITY_SCOPE, "berhasil", ""),
                    )
                ]
            ),
        },
    )
    with store.connect() as conn:
        conn.execute("UPDATE results SET catatan = 'Pertahankan kinerja.' WHERE catatan IS NULL")
        conn.execute("UPDATE results SET attention = 0, attention_reason = '' WHERE attention IS NULL")
        conn.execute(
            "UPDATE results SET attention = 1, attention_reason = ? WHERE nip = ? AND period = '2026-10'",
            (ATTENTION_REASON, first_dpm),
        )
        conn.execute("UPDATE agency_summary SET complete = scored, complete_share = 1.0 * scored / headcount")
    for key, value in (
        ("heartbeat", "2026-11-28T14:05:00+07:00"),
        ("worker_state", "menunggu"),
        ("next_sync", "2026-11-28T14:20:00+07:00"),
        ("worker_error", ""),
    ):
        store.set_meta(key, value)
    return store


# ---- Public site additions (D1): new helpers only; the functions above are unchanged -----------

# Extra service-unit IKM rows beside smaller ones that publishing them lets one estimate by
# subtraction; SKM answers are anonymous, so each IKM meeting the minimum is still published
# (web/disclosure.py ikm_publishable, docs/scoring.md §4):
# - DINKES August: agency 22 responses = Puskesmas Tanah Garing 20 (enough) + Bidang Pelayanan 2.
# - DINKES October (ikm() above): agency 29 = Puskesmas 20 + 9 other responses.
# - DPMPTSP September: Mal Pelayanan Publik holds all 21 responses.
PUSKESMAS_AUG_IKM = 82.22
BIDANG_AUG_IKM = 70.01
MAL_SEP_IKM = 79.31


def ikm_units() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _ikm_row(
                "unit:DINKES:puskesmastanahgaring",
                "DINKES",
                "unit",
                "Puskesmas Tanah Garing",
                "2026-08",
                20,
                PUSKESMAS_AUG_IKM,
                "B",
                "Baik",
                1,
            ),
            _ikm_row(
                "unit:DINKES:bidangpelayanankesehatan",
                "DINKES",
                "unit",
                "Bidang Pelayanan Kesehatan",
                "2026-08",
                2,
                BIDANG_AUG_IKM,
                "C",
                "Kurang Baik",
                0,
            ),
            _ikm_row(
                "unit:DPMPTSP:malpelayananpublik",
                "DPMPTSP",
                "unit",
                "Mal Pelayanan Publik",
                "2026-09",
                21,
                MAL_SEP_IKM,
                "B",
                "Baik",
                1,
            ),
        ]
    )


# Quarter and year IKM, pooled over their months (ikm() + ikm_units()):
# - DINKES 2026-Q3 (Aug 22 + Sep 25), 2026-Q4 (Oct 29) and 2026 (76): all published.
# - DPMPTSP 2026 (Sep 21 + Oct 12 = 33 responses, enough on its own) is hidden: 2026-Q3 (21) is
#   published and the year minus it would give October's hidden 12-response IKM.
# - The Puskesmas quarters consist of one hidden month each: hidden too.
DINKES_Q3_IKM = 82.99
DINKES_YEAR_IKM = 86.47
DPMPTSP_YEAR_IKM = 78.80


def ikm_periodic() -> pd.DataFrame:
    def row(unit_id, agency, level, name, period, kind, months, n, value, mutu, label, sufficient, prev=np.nan):
        return {
            **_ikm_row(unit_id, agency, level, name, period, n, value, mutu, label, sufficient),
            "kind": kind,
            "months": months,
            "prev_ikm": prev,
            "ikm_change": value - prev,
            "flagged": int(value - prev <= -5),
            "flag_reason": "",
        }

    return pd.DataFrame(
        [
            row(
                "opd:DINKES",
                "DINKES",
                "opd",
                "Dinas Kesehatan",
                "2026-Q3",
                "triwulan",
                2,
                47,
                DINKES_Q3_IKM,
                "B",
                "Baik",
                1,
            ),
            row(
                "opd:DINKES",
                "DINKES",
                "opd",
                "Dinas Kesehatan",
                "2026-Q4",
                "triwulan",
                1,
                29,
                91.48,
                "A",
                "Sangat Baik",
                1,
                DINKES_Q3_IKM,
            ),
            row(
                "opd:DINKES",
                "DINKES",
                "opd",
                "Dinas Kesehatan",
                "2026",
                "tahun",
                3,
                76,
                DINKES_YEAR_IKM,
                "B",
                "Baik",
                1,
            ),
            row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-Q3", "triwulan", 1, 21, 79.31, "B", "Baik", 1),
            row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026-Q4", "triwulan", 1, 12, 77.77, "B", "Baik", 0, 79.31),
            row("opd:DPMPTSP", "DPMPTSP", "opd", "DPMPTSP", "2026", "tahun", 2, 33, DPMPTSP_YEAR_IKM, "B", "Baik", 1),
            row(
                "opd:KECLS",
                "KECLS",
                "opd",
                "Kecamatan Lubuk Sikarah",
                "2026-Q4",
                "triwulan",
                1,
                5,
                66.66,
                "C",
                "Kurang Baik",
                0,
            ),
            row(
                "unit:DINKES:puskesmastanahgaring",
                "DINKES",
                "unit",
                "Puskesmas Tanah Garing",
                "2026-Q3",
                "triwulan",
                1,
                20,
                PUSKESMAS_AUG_IKM,
                "B",
                "Baik",
                1,
            ),
            row(
                "unit:DINKES:puskesmastanahgaring",
                "DINKES",
                "unit",
                "Puskesmas Tanah Garing",
                "2026-Q4",
                "triwulan",
                1,
                20,
                93.21,
                "A",
                "Sangat Baik",
                1,
                PUSKESMAS_AUG_IKM,
            ),
            row(
                "unit:DPMPTSP:malpelayananpublik",
                "DPMPTSP",
                "unit",
                "Mal Pelayanan Publik",
                "2026-Q3",
                "triwulan",
                1,
                21,
                MAL_SEP_IKM,
                "B",
                "Baik",
                1,
            ),
        ]
    )


def agency_periodic(res: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per agency x quarter / year: the means of each employee's monthly values, as the worker does."""
    res = results() if res is None else res
    frames = []
    for period, kind, months in (
        ("2026-Q3", "triwulan", ("2026-08", "2026-09")),
        ("2026-Q4", "triwulan", ("2026-10",)),
        ("2026", "tahun", PERIODS),
    ):
        rows = res.loc[res["period"].isin(months) & res["na"].notna()]
        per_person = rows.groupby(["agency", "nip"], as_index=False).agg(
            na=("na", "mean"), nhk=("nhk", "mean"), npk=("npk", "mean")
        )
        per_person = per_person.assign(predikat=_predikat(per_person["na"]))
        agg = per_person.groupby("agency", as_index=False).agg(
            scored=("nip", "size"),
            avg_na=("na", "mean"),
            avg_nhk=("nhk", "mean"),
            avg_npk=("npk", "mean"),
            n_sangat_baik=("predikat", lambda s: int((s == SANGAT_BAIK).sum())),
            n_baik=("predikat", lambda s: int((s == BAIK).sum())),
            n_butuh_perbaikan=("predikat", lambda s: int((s == BUTUH_PERBAIKAN).sum())),
        )
        heads = res.loc[res["period"].isin(months)].groupby("agency", as_index=False).agg(headcount=("nip", "nunique"))
        frames.append(
            agg.merge(heads, on="agency").assign(
                period=period,
                kind=kind,
                months=len(months),
                n_kurang=0,
                n_sangat_kurang=0,
                rules_id="test",
                rules_name="Model uji (test)",
            )
        )
    return pd.concat(frames, ignore_index=True)


def fill_public_extras(store: ResultsStore) -> ResultsStore:
    """What the public pages read beyond fill_store: unit IKM rows, quarter / year IKM and agency
    results. Leaves last_sync as it was."""
    for code in AGENCIES["code"]:
        periodic = agency_periodic()
        store.replace_scope(code, {"agency_periodic": periodic.loc[periodic["agency"] == code]})
    store.replace_scope(
        CITY_SCOPE, {"ikm": pd.concat([ikm(), ikm_units()], ignore_index=True), "ikm_periodic": ikm_periodic()}
    )
    return store
