"""The OPD page's SKM follow-up: sample adequacy per unit-period and the units' RTL with status.

Reads the store's public-safe follow-up tables (sample_adequacy, rtl_plans; sync.results.followup)
once per page build (pages are cached per sync). Pure functions over frames, plus one loader.
A Penanggung Jawab that looks like a personal name (Validasi warned) is not shown publicly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from config.contract import MONTHS_ID, SKM_ELEMENTS, period_label
from scoring.sample import RULE_KREJCIE_MORGAN
from scoring.vocabulary import is_agency_unit

ELEMENTS = {key: f"{code} {name}" for key, code, name in SKM_ELEMENTS}
DONE = "Selesai"
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
FOLLOWUP_TABLES = ("sample_adequacy", "rtl_plans", "ikm", "ikm_periodic")


@dataclass(frozen=True)
class Adequacy:
    unit: str
    period: str
    respondents: int
    min_sample: int
    adequate: bool
    rule: str  # in words: which rule set the minimum

    @property
    def verdict(self) -> str:
        return "memadai" if self.adequate else "belum memadai"


@dataclass(frozen=True)
class PlanItem:
    unit: str
    period: str
    element: str
    activity: str
    responsible: str
    target: str
    status: str
    late: bool  # past its Target Waktu and not Selesai


def today_wib() -> dt.date:
    return dt.datetime.now(WIB).date()


def _count(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def day_label(iso: str) -> str:
    """'2026-12-31' -> '31 Desember 2026' ('' when not a date)."""
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return ""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def rule_text(rule: str, population, min_sample: int) -> str:
    """Which rule set the minimum: Krejcie–Morgan from a population, else the configured minimum
    (which is then `min_sample` itself)."""
    if rule == RULE_KREJCIE_MORGAN and not pd.isna(population):
        return f"Krejcie–Morgan dari {_count(population)} penerima layanan"
    return f"minimal {_count(min_sample)} responden (jumlah penerima layanan belum diisi)"


def with_sample(rows: pd.DataFrame, store, period: str) -> pd.DataFrame:
    """IKM rows of one period plus min_sample and sample_text ('memadai — Krejcie–Morgan dari …'),
    for the HR report's IKM sheet."""
    found = store.reader.rows("sample_adequacy", "period = ?", (period,))
    if rows.empty or found.empty:
        return rows.assign(min_sample=pd.Series(np.nan, index=rows.index), sample_text="")
    found = found.drop_duplicates("unit_id", keep="last")
    text = [
        f"{'memadai' if a else 'belum memadai'} — {rule_text(r, p, int(m))}"
        for a, r, p, m in zip(found["adequate"], found["rule"], found["population"], found["min_sample"])
    ]
    extra = pd.DataFrame(
        {"unit_id": found["unit_id"].to_numpy(), "min_sample": found["min_sample"].to_numpy(), "sample_text": text}
    )
    out = rows.drop(columns=[c for c in ("min_sample", "sample_text") if c in rows]).merge(
        extra, on="unit_id", how="left"
    )
    return out.set_axis(rows.index).assign(sample_text=lambda f: f["sample_text"].fillna(""))


def unit_names(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    names: dict[str, str] = {}
    for name in ("ikm", "ikm_periodic"):
        frame = tables.get(name)
        if frame is not None and len(frame):
            names.update(zip(frame["unit_id"], frame["unit_name"].fillna("")))
    return names


def adequacy_rows(tables: dict[str, pd.DataFrame], code: str, periods: list[str], min_responses: int) -> list[Adequacy]:
    """The agency's and its units' sample verdicts in `periods` (agency first, then units by name)."""
    frame = tables.get("sample_adequacy")
    if frame is None or frame.empty:
        return []
    names = unit_names(tables)
    mine = frame[(frame["agency"] == code) & frame["period"].isin([p for p in periods if p])]
    rows = [
        Adequacy(names.get(u) or u, p, int(n), int(m), bool(a), rule_text(r, pop, int(m)))
        for u, p, n, m, a, r, pop in zip(
            mine["unit_id"],
            mine["period"],
            mine["respondents"],
            mine["min_sample"],
            mine["adequate"],
            mine["rule"],
            mine["population"],
        )
    ]
    order = {p: i for i, p in enumerate(periods)}
    level = {u: (0 if is_agency_unit(u) else 1) for u in mine["unit_id"]}
    by_name = {names.get(u) or u: level[u] for u in mine["unit_id"]}
    return sorted(rows, key=lambda r: (by_name.get(r.unit, 1), r.unit, order.get(r.period, 99)))


def plan_items(tables: dict[str, pd.DataFrame], code: str, today: dt.date) -> list[PlanItem]:
    """The agency's RTL items, newest period first, late ones flagged."""
    frame = tables.get("rtl_plans")
    if frame is None or frame.empty:
        return []
    names = unit_names(tables)
    mine = frame[frame["agency"] == code].copy()
    mine["_year"] = mine["period"].astype(str).str[:4]
    mine = mine.sort_values(["_year", "period", "unit_id", "sheet_row"], ascending=[False, False, True, True])
    named = mine["responsible_named"] if "responsible_named" in mine else pd.Series(0, index=mine.index)
    items = []
    for unit, period, element, activity, responsible, target, status, hidden in zip(
        mine["unit_id"],
        mine["period"],
        mine["element"],
        mine["activity"],
        mine["responsible"],
        mine["target_date"],
        mine["status"],
        named.fillna(0),
    ):
        try:
            due = dt.date.fromisoformat(str(target))
        except ValueError:
            due = None
        items.append(
            PlanItem(
                unit=names.get(unit) or str(unit).split(":")[-1],
                period=period_label(period),
                element=ELEMENTS.get(element, element),
                activity=activity,
                responsible="(jabatan belum diisi)" if hidden else responsible,
                target=day_label(target),
                status=status,
                late=due is not None and due < today and status != DONE,
            )
        )
    return items


def agency_followup(store, code: str, periods: list[str], min_responses: int, today: dt.date | None = None) -> dict:
    """Template context of the OPD page's follow-up section."""
    periods = list(dict.fromkeys(p for p in periods if p))
    tables = {name: store.reader.rows(name, "agency = ?", (code,)) for name in FOLLOWUP_TABLES}
    items = plan_items(tables, code, today or today_wib())
    return {
        "adequacy": adequacy_rows(tables, code, periods, min_responses),
        "rtl": items,
        "rtl_late": sum(i.late for i in items),
    }


def methodology_text(min_responses: int) -> tuple[str, tuple[str, ...]]:
    """(title, paragraphs) of the Metodologi section on sample size and follow-up (scoring.sample)."""
    return (
        "Kecukupan sampel dan rencana tindak lanjut SKM",
        (
            "Sampel minimal sebuah unit layanan dalam suatu periode mengikuti PermenPANRB 14/2017 (rumus "
            "Krejcie–Morgan): S = λ² · N · P(1 − P) ÷ (d² (N − 1) + λ² · P(1 − P)), dengan λ² = 3,841 (tingkat "
            "kepercayaan 95 %), P = 0,5 dan d = 0,05; N = jumlah penerima layanan dari tab Populasi Layanan. "
            "Hasilnya dibulatkan ke atas: N = 100 → 80, N = 1.000 → 278, N sangat besar → 384. Sampel memadai "
            "bila jumlah responden sedikitnya S.",
            "Populasi bulan berlaku untuk IKM bulan itu saja. Populasi triwulan atau tahun tidak dibagi ke "
            "bulan-bulannya (jumlah pengunjung tidak merata sepanjang tahun, dan rumusnya tidak linear), "
            "sehingga IKM bulanan tanpa populasi bulannya memakai aturan minimal responden. IKM triwulan "
            "memakai populasi triwulan itu, atau jumlah populasi ketiga bulannya bila ketiganya diisi; IKM "
            "tahun memakai populasi tahun itu, atau jumlah keempat triwulannya bila semuanya diketahui.",
            f"Tanpa data populasi berlaku aturan minimal {min_responses} responden (konfigurasi), seperti "
            "sebelumnya. Sampel minimal inilah yang menentukan: IKM yang respondennya kurang dari sampel "
            "minimal unit dan periodenya tetap dihitung untuk BKPSDM, tetapi tidak dipublikasikan dan tidak "
            'dipakai dalam nilai pegawai. Setiap hasil menyebut aturan mana yang dipakai, mis. "sampel kurang '
            '(n = 150, minimal 278 menurut Krejcie–Morgan dari 1.000 penerima layanan)". IKM gabungan OPD '
            "memakai populasi yang ditulis atas nama OPD itu sendiri.",
            "Tab Usulan RTL di spreadsheet kota mengusulkan titik awal perbaikan: tiga unsur dengan NRR "
            "terendah setiap unit dan periode yang sampelnya cukup (bila sama, urutan U1–U9). Tiga terendah, "
            "bukan semua di bawah suatu batas, karena batas mutu C akan kosong bagi unit yang semua unsurnya "
            "B, padahal setiap unit tetap menindaklanjuti unsur terlemahnya.",
            "Rencana tindak lanjut dicatat di tab Rencana Tindak Lanjut; halaman OPD menampilkan setiap "
            "kegiatan dan statusnya (Belum, Proses, Selesai). Kegiatan yang sudah lewat Target Waktu dan "
            'belum Selesai ditandai "terlambat".',
        ),
    )
