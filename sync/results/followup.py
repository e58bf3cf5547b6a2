"""The SKM follow-up results: sample adequacy per unit-period, the `Usulan RTL` tab, the RTL plans.

Built from the city's validated `Populasi Layanan` and `Rencana Tindak Lanjut` tabs and the IKM
tables (sync.results.city), or taken back from the store when the city spreadsheet cannot be
read this cycle. The store tables (service_population, sample_adequacy, rtl_plans, rtl_proposals)
are also what the Laporan SKM reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from config.contract import SKM_ELEMENTS, SKM_KEYS, TAB_USULAN_RTL, period_label
from scoring.sample import ADEQUACY_COLUMNS, RULE_KREJCIE_MORGAN, krejcie_morgan, weakest_elements
from sync.display import count
from sync.results.tabs import _table
from sync.sources.backend import SheetTable
from sync.validate.followup import looks_like_a_name

ELEMENT_LABELS = {key: f"{code} {name}" for key, code, name in SKM_ELEMENTS}
ADEQUATE, NOT_ADEQUATE = "Memadai", "Belum memadai"
FOLLOWUP_TABLES = ("service_population", "sample_adequacy", "rtl_plans", "rtl_proposals")


def sample_rule_text(rule: str, population, min_sample: int, respondents=None) -> str:
    """Which rule set a unit-period's minimum sample, in words (tabs, pages, reports)."""
    if rule == RULE_KREJCIE_MORGAN:
        text = f"Krejcie–Morgan dari {count(int(population))} penerima layanan: minimal {count(int(min_sample))}"
        if respondents is not None and not pd.isna(respondents) and int(respondents) > int(population):
            # More answers than recipients: the population (or the unit named on the form) is wrong.
            text += "; responden lebih banyak dari penerima layanan, periksa tab Populasi Layanan"
        return text
    return f"minimal {count(int(min_sample))} responden (konfigurasi; Populasi Layanan belum diisi)"


def sample_text(frame: pd.DataFrame) -> pd.Series:
    """'Memadai (Krejcie–Morgan dari 1.250 penerima layanan: minimal 294)' per row."""
    if frame.empty:
        return pd.Series([], dtype=object, index=frame.index)
    verdict = np.where(frame["adequate"].eq(True), ADEQUATE, NOT_ADEQUATE)
    respondents = frame["respondents"] if "respondents" in frame else pd.Series(np.nan, index=frame.index)
    rules = [
        sample_rule_text(r, p, m, n)
        for r, p, m, n in zip(frame["rule"], frame["population"], frame["min_sample"], respondents)
    ]
    return pd.Series([f"{v} ({r})" for v, r in zip(verdict, rules)], index=frame.index, dtype=object)


def followup_tables(city, city_tables: dict[str, pd.DataFrame], min_responses: int) -> dict[str, pd.DataFrame]:
    """The four store tables of this cycle, from the validated city input and its IKM tables."""
    population = city.population if city.population is not None else None
    if population is None or population.empty:
        population = pd.DataFrame(columns=["unit_id", "agency", "period", "population"])
    service_population = (
        population[["unit_id", "agency", "period", "population"]]
        .assign(min_sample=[krejcie_morgan(n) for n in population["population"]])
        .astype({"population": "int64", "min_sample": "int64"})
    )
    # The IKM frames were judged against these minimums already (sync.results.city, before the
    # agencies were scored): the adequacy table is that judgement, not a second computation.
    adequacy = judged_adequacy(city_tables)
    ikm_all = pd.concat([city_tables["ikm"], city_tables["ikm_periodic"]], ignore_index=True)
    proposals = (
        weakest_elements(ikm_all, SKM_KEYS)
        if len(ikm_all)
        else weakest_elements(pd.DataFrame(columns=["unit_id", "agency", "period", "sufficient"]), SKM_KEYS)
    )
    rtl = (
        city.rtl
        if city.rtl is not None
        else pd.DataFrame(
            columns=[
                "unit_id",
                "agency",
                "period",
                "element",
                "activity",
                "responsible",
                "target_date",
                "status",
                "note",
                "sheet_row",
            ]
        )
    )
    return {
        "service_population": service_population,
        "sample_adequacy": adequacy.astype({"adequate": bool}),
        # A Penanggung Jawab that looks like a person's name (Validasi warned) is kept for HR
        # and hidden on the public page.
        "rtl_plans": rtl.assign(responsible_named=[looks_like_a_name(str(t)) for t in rtl["responsible"]]),
        "rtl_proposals": proposals,
    }


def judged_adequacy(city_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """sample_adequacy rows (ADEQUACY_COLUMNS) from the judged ikm and ikm_periodic frames."""
    parts = [f for f in (city_tables["ikm"], city_tables["ikm_periodic"]) if len(f)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ADEQUACY_COLUMNS})
    frame = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(
        {
            "unit_id": frame["unit_id"],
            "agency": frame["agency"],
            "period": frame["period"],
            "respondents": frame["respondents"].fillna(0).astype("int64"),
            "population": frame["population_n"].astype("Int64"),
            "min_sample": frame["min_sample"].astype("int64"),
            "rule": frame["sample_rule"],
            "adequate": frame["sufficient"].astype(bool),
        }
    )[list(ADEQUACY_COLUMNS)]


def stored_followup_tables(store) -> dict[str, pd.DataFrame]:
    """The previous cycle's follow-up tables (the city spreadsheet failed this cycle)."""
    return {name: store.read(name) for name in FOLLOWUP_TABLES}


def with_adequacy(frame: pd.DataFrame, adequacy: pd.DataFrame) -> pd.DataFrame:
    """An IKM frame plus min_sample, adequate, sample_rule and sample_text per unit-period."""
    if frame.empty or adequacy.empty:
        return frame.assign(min_sample=pd.Series(dtype="float64"), sample_text="") if frame.empty else frame
    extra = (
        adequacy[["unit_id", "period", "population", "min_sample", "rule", "adequate", "respondents"]]
        .drop_duplicates(["unit_id", "period"], keep="last")
        .rename(columns={"rule": "sample_rule", "population": "population_n"})
    )
    extra = extra.assign(adequate=extra["adequate"].astype(bool))
    extra = extra.assign(
        sample_text=sample_text(extra.rename(columns={"sample_rule": "rule", "population_n": "population"}))
    )
    extra = extra.drop(columns=["respondents"])  # the IKM frame has its own
    drop = [c for c in ("min_sample", "adequate", "sample_rule", "sample_text", "population_n") if c in frame]
    return frame.drop(columns=drop).merge(extra, on=["unit_id", "period"], how="left")


USULAN_SPEC = [
    ("Periode", "period_label", None),
    ("Kode OPD", "agency", None),
    ("Unit Layanan", "unit_name", None),
    ("Peringkat", "rank", None),
    ("Unsur", "element_label", None),
    ("NRR", "nrr", 2),
    ("Responden", "respondents", None),
    ("Rencana Tindak Lanjut", "rtl_text", None),
]


def _rtl_summary(plans: pd.DataFrame) -> pd.DataFrame:
    """(unit_id, period, element) -> 'Proses: Menambah kursi (Kepala Seksi Pelayanan, 31/12/2026)'."""
    if plans.empty:
        return pd.DataFrame(columns=["unit_id", "period", "element", "rtl_text"])
    target = pd.to_datetime(plans["target_date"], errors="coerce").dt.strftime("%d/%m/%Y").fillna("")
    text = plans["status"] + ": " + plans["activity"] + " (" + plans["responsible"] + ", " + target + ")"
    return (
        plans.assign(rtl_text=text)
        .groupby(["unit_id", "period", "element"], sort=False)["rtl_text"]
        .agg("; ".join)
        .reset_index()
    )


def usulan_rtl(
    followup: dict[str, pd.DataFrame], city_tables: dict[str, pd.DataFrame], names: dict[str, tuple[str, str]]
) -> SheetTable:
    """`Usulan RTL`: the three weakest elements of each unit-period with enough responses, their
    NRR, and the follow-up already planned for them ('Belum ada': none yet)."""
    proposals, plans = followup["rtl_proposals"], followup["rtl_plans"]
    ikm_all = pd.concat([city_tables["ikm"], city_tables["ikm_periodic"]], ignore_index=True)
    frame = proposals.merge(
        ikm_all[["unit_id", "period", "respondents"]].drop_duplicates(["unit_id", "period"]),
        on=["unit_id", "period"],
        how="left",
    )
    frame = frame.merge(_rtl_summary(plans), on=["unit_id", "period", "element"], how="left")
    frame = frame.assign(
        period_label=frame["period"].map(period_label),
        unit_name=frame["unit_id"].map(lambda u: names.get(u, ("", u))[1]),
        element_label=frame["element"].map(ELEMENT_LABELS),
        rtl_text=frame["rtl_text"].fillna("Belum ada"),
        _year=frame["period"].astype(str).str[:4],
    )
    frame = frame.sort_values(
        ["_year", "period", "agency", "unit_name", "rank"], ascending=[False, False, True, True, True]
    )
    return _table(TAB_USULAN_RTL, frame, USULAN_SPEC)
