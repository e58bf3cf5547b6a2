"""Distribution check (SE MenPANRB 3/2023): do an agency's year predikats fit its organisation rating?

Contract: `check_distribution(year_results, org_ratings)` -> one row per agency × year × rule of
the pattern for the agency's organisation rating, with ok and an Indonesian message. A warning
only: it never changes anyone's predikat (docs/scoring.md §5).

SE MenPANRB 3/2023 (Pedoman Penetapan Predikat Kinerja Pegawai ASN), pola distribusi:
  1) organisasi "Istimewa": "sebagian besar (maksimal 70%) pegawai memiliki predikat kinerja
     Sangat Baik" (the others may have any predikat);
  2) organisasi "Baik": "sebagian besar (maksimal 70%) pegawai memiliki predikat kinerja Baik,
     harus ada pegawai dengan predikat kinerja Butuh Perbaikan dan/atau Kurang/misconduct";
  3) organisasi "Butuh Perbaikan/Cukup": "minimal 60% pegawai memiliki predikat kinerja Butuh
     Perbaikan", "Sangat Baik (maksimal 10%)";
  4) organisasi "Kurang": "minimal 60% pegawai memiliki predikat kinerja Kurang/misconduct,
     minimal 10% pegawai memiliki predikat kinerja Butuh Perbaikan", "Sangat Baik (maksimal 10%)";
  5) organisasi "Sangat Kurang": "minimal 60% pegawai memiliki predikat kinerja Sangat Kurang,
     harus ada minimal 10% pegawai yang memiliki predikat kinerja Kurang/misconduct dan/atau
     Butuh Perbaikan", "tidak ada pegawai dengan predikat kinerja Sangat Baik".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from scoring.params import BAIK, BUTUH_PERBAIKAN, KURANG, PREDIKATS, SANGAT_BAIK, SANGAT_KURANG
from scoring.rounding import round_half_up
from scoring.summary import PREDIKAT_COLUMNS

# Predikat Kinerja Organisasi (SE MenPANRB 3/2023): scoring.vocabulary's labels.
from scoring.vocabulary import (  # noqa: F401  (ORG_RATINGS re-exported for the validator and the site)
    ORG_BAIK,
    ORG_BUTUH_PERBAIKAN,
    ORG_ISTIMEWA,
    ORG_KURANG,
    ORG_RATINGS,
    ORG_SANGAT_KURANG,
)

# Other spellings of an organisation rating: the SE itself writes "Butuh Perbaikan/Cukup".
ORG_RATING_ALIASES = {"Cukup": ORG_BUTUH_PERBAIKAN, "Butuh Perbaikan/Cukup": ORG_BUTUH_PERBAIKAN}

YEAR_KIND = "tahun"  # results_periodic.kind of a year row (scoring.periods.YEAR)
SOURCE_CONFIG = "konfigurasi"
SOURCE_TAB = "tab Kinerja Organisasi"

AT_MOST, AT_LEAST = "paling banyak", "paling sedikit"
SE_SOURCE = "SE MenPANRB 3/2023"


@dataclass(frozen=True)
class DistributionRule:
    """One bound of the pattern: among the agency's employees with a year predikat, the number
    whose predikat is in `predikats` is at most / at least `percent`% of them, or `count` people.

    Percents are whole numbers so that "at least 10% of 30" is exactly 3, with no float noise.
    """

    org_rating: str
    predikats: tuple[str, ...]
    bound: str  # AT_MOST | AT_LEAST
    percent: int | None = None
    count: int | None = None

    @property
    def text(self) -> str:
        """'paling banyak 70% pegawai berpredikat Baik' (the rule as users read it)."""
        group = " atau ".join(self.predikats)
        if self.percent is not None:
            return f"{self.bound} {self.percent}% pegawai berpredikat {group}"
        if self.bound == AT_MOST and self.count == 0:
            return f"tidak ada pegawai berpredikat {group}"
        if self.bound == AT_LEAST and self.count == 1:
            return f"harus ada pegawai berpredikat {group}"
        return f"{self.bound} {self.count} pegawai berpredikat {group}"


# The pattern as data (SE MenPANRB 3/2023, quoted in the module docstring; docs/scoring.md §5).
# "Sebagian besar" in 1) and 2) is not checked as a lower bound: docs/scoring.md encodes the maxima only.
DISTRIBUTION_RULES: tuple[DistributionRule, ...] = (
    DistributionRule(ORG_ISTIMEWA, (SANGAT_BAIK,), AT_MOST, percent=70),
    DistributionRule(ORG_BAIK, (BAIK,), AT_MOST, percent=70),
    DistributionRule(ORG_BAIK, (BUTUH_PERBAIKAN, KURANG), AT_LEAST, count=1),
    DistributionRule(ORG_BUTUH_PERBAIKAN, (BUTUH_PERBAIKAN,), AT_LEAST, percent=60),
    DistributionRule(ORG_BUTUH_PERBAIKAN, (SANGAT_BAIK,), AT_MOST, percent=10),
    DistributionRule(ORG_KURANG, (KURANG,), AT_LEAST, percent=60),
    DistributionRule(ORG_KURANG, (BUTUH_PERBAIKAN,), AT_LEAST, percent=10),
    DistributionRule(ORG_KURANG, (SANGAT_BAIK,), AT_MOST, percent=10),
    DistributionRule(ORG_SANGAT_KURANG, (SANGAT_KURANG,), AT_LEAST, percent=60),
    DistributionRule(ORG_SANGAT_KURANG, (KURANG, BUTUH_PERBAIKAN), AT_LEAST, percent=10),
    DistributionRule(ORG_SANGAT_KURANG, (SANGAT_BAIK,), AT_MOST, count=0),
)

KEYS = ["agency", "year"]
COUNT_COLUMNS = list(PREDIKAT_COLUMNS.values())
COLUMNS = [
    *KEYS, "org_rating", "org_rating_source", "employees", *COUNT_COLUMNS,
    "rule", "bound", "matched", "share", "ok", "message",
]  # fmt: skip
# Said once per agency and year under the broken rules (year_warnings), not once per rule.
ADVICE = "Tinjau kembali kalibrasi penilaian. Predikat pegawai tidak diubah."
FITS = "Sesuai pola distribusi ({source})."


def rules_frame(rules: Iterable[DistributionRule] = DISTRIBUTION_RULES) -> pd.DataFrame:
    """The rule table as a frame: org_rating, rule text, bound, percent, count and one 0/1
    column per predikat count column saying whether the rule counts that predikat."""
    rules = tuple(rules)
    return pd.DataFrame(
        {
            "org_rating": [r.org_rating for r in rules],
            "rule": [r.text for r in rules],
            "bound": [r.bound for r in rules],
            "percent": [np.nan if r.percent is None else float(r.percent) for r in rules],
            "count": [np.nan if r.count is None else float(r.count) for r in rules],
            **{f"in_{col}": [int(p in r.predikats) for r in rules] for p, col in PREDIKAT_COLUMNS.items()},
        }
    )


def check_distribution(
    year_results: pd.DataFrame,
    org_ratings: pd.DataFrame,
    rules: Iterable[DistributionRule] = DISTRIBUTION_RULES,
) -> pd.DataFrame:
    """One row per (agency, year, rule of the agency's organisation rating): employees (with a
    year predikat), n_sangat_baik … n_sangat_kurang, rule (its text), bound, matched (employees
    the rule counts), share (matched / employees), ok, message. Sorted by agency, year, rule order.

    `year_results`: agency, period ('YYYY'), nip, predikat, optionally kind (only 'tahun' rows are
    used; C2's results_periodic). Employees without a predikat are not counted.
    `org_ratings`: agency, year, org_rating, org_rating_source (see `org_ratings`).
    An agency × year with a rating but no predikat, or predikats but no rating, gets no row.
    """
    years = year_results
    if "kind" in years:
        years = years[years["kind"].eq(YEAR_KIND).to_numpy()]
    years = years[years["predikat"].isin(PREDIKATS).to_numpy()]
    counts = (
        years.assign(year=years["period"].astype(str))
        .groupby([*KEYS, "predikat"], sort=True)
        .size()
        .unstack("predikat", fill_value=0)
        .reindex(columns=list(PREDIKAT_COLUMNS), fill_value=0)
        .rename(columns=PREDIKAT_COLUMNS)
    )
    counts.columns.name = None
    counts = counts.reset_index()
    table = rules_frame(rules).reset_index(names="rule_order")
    rated = org_ratings[[*KEYS, "org_rating", "org_rating_source"]].assign(year=org_ratings["year"].astype(str))
    frame = (
        counts.merge(rated, on=KEYS, how="inner")
        .merge(table, on="org_rating", how="inner")
        .sort_values([*KEYS, "rule_order"], ignore_index=True)
    )
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
    n = frame[COUNT_COLUMNS].to_numpy(dtype=np.int64)
    member = frame[[f"in_{c}" for c in COUNT_COLUMNS]].to_numpy(dtype=np.int64)
    employees = n.sum(axis=1)
    matched = (n * member).sum(axis=1)
    # Whole-number arithmetic: matched ≤ p% of N  <=>  100·matched ≤ p·N (no float rounding).
    percent = frame["percent"].to_numpy()
    has_percent = ~np.isnan(percent)
    limit_100 = np.where(has_percent, np.nan_to_num(percent) * employees, frame["count"].fillna(0).to_numpy() * 100)
    at_most = frame["bound"].eq(AT_MOST).to_numpy()
    ok = np.where(at_most, 100 * matched <= limit_100, 100 * matched >= limit_100)
    share = matched / employees
    frame = frame.assign(employees=employees, matched=matched, share=share, ok=ok)
    return frame.assign(message=_messages(frame))[COLUMNS]


def _percent_text(matched: np.ndarray, employees: np.ndarray) -> pd.Series:
    """'82%', '66,7%': the share to one decimal, half-up, with a decimal comma."""
    tenths = round_half_up(1000.0 * matched / employees, 0).astype(np.int64)
    whole = pd.Series(tenths // 10).astype(str)
    decimal = pd.Series(tenths % 10)
    return whole + decimal.astype(str).radd(",").where(decimal > 0, "") + "%"


def _findings(frame: pd.DataFrame) -> pd.Series:
    """'paling banyak 70% pegawai berpredikat Baik; saat ini 82% (41 dari 50)' per check row."""
    matched = frame["matched"].to_numpy()
    employees = frame["employees"].to_numpy()
    now = (
        "saat ini "
        + _percent_text(matched, employees)
        + " ("
        + pd.Series(matched).astype(str)
        + " dari "
        + pd.Series(employees).astype(str)
        + ")"
    )
    return (frame["rule"].reset_index(drop=True) + "; " + now).set_axis(frame.index)


def _messages(frame: pd.DataFrame) -> pd.Series:
    """'Organisasi berpredikat Baik: paling banyak 70% pegawai berpredikat Baik; saat ini 82%
    (41 dari 50).' — a rule that holds adds 'Sesuai pola distribusi (SE MenPANRB 3/2023).'"""
    fits = pd.Series(np.where(frame["ok"].to_numpy(), " " + FITS.replace("{source}", SE_SOURCE), ""), index=frame.index)
    return "Organisasi berpredikat " + frame["org_rating"] + ": " + _findings(frame) + "." + fits


def year_warnings(checks: pd.DataFrame) -> pd.DataFrame:
    """Per (agency, year) of `checks`: ok (every rule holds) and text — the organisation rating,
    the broken rules one per line and the advice once; or one line saying the distribution fits."""
    if checks.empty:
        return pd.DataFrame(
            {
                "agency": pd.Series(dtype=object),
                "year": pd.Series(dtype=object),
                "ok": pd.Series(dtype=bool),
                "text": pd.Series(dtype=object),
            }
        )
    checks = checks.assign(ok=checks["ok"].astype(bool))
    broken = checks[~checks["ok"].to_numpy()]
    failing = ("- " + _findings(broken)).groupby([broken[k] for k in KEYS], sort=True).agg(";\n".join)
    first = checks.groupby(KEYS, sort=True).agg(
        ok=("ok", "all"), org_rating=("org_rating", "first"), employees=("employees", "first")
    )
    head = "Organisasi berpredikat " + first["org_rating"] + " (" + SE_SOURCE + "):\n"
    warned = head.reindex(failing.index) + failing + ".\n" + ADVICE
    fits = (
        "Organisasi berpredikat "
        + first["org_rating"]
        + ": distribusi predikat "
        + first["employees"].astype(str)
        + " pegawai sesuai pola distribusi ("
        + SE_SOURCE
        + ")."
    )
    text = warned.reindex(first.index).fillna(fits)
    return pd.DataFrame({"ok": first["ok"], "text": text}).reset_index()


def org_ratings(config_agencies: Iterable, tab_rows: pd.DataFrame, years: Iterable[str]) -> pd.DataFrame:
    """Each agency's organisation rating per year: agency, year, org_rating, org_rating_source.

    `config_agencies`: objects with `code` and `org_rating` (config's [[agencies]]; '' = none).
    Config has no year, so an agency's configured rating applies to every year in `years` (the
    years that have results). `tab_rows` (the city spreadsheet's `Kinerja Organisasi` tab:
    agency, year, org_rating) wins over config for the same agency × year, and may name years
    config does not.
    Example: config DINKES = Baik, tab (DINKES, 2025, Kurang), years ['2025', '2026'] ->
    (DINKES, 2025, Kurang, tab), (DINKES, 2026, Baik, konfigurasi).
    """
    configured = pd.DataFrame(
        [(a.code, a.org_rating) for a in config_agencies if getattr(a, "org_rating", "")],
        columns=["agency", "org_rating"],
        dtype=object,
    )
    year_frame = pd.DataFrame({"year": pd.Series(sorted({str(y) for y in years}), dtype=object)})
    from_config = configured.merge(year_frame, how="cross").assign(org_rating_source=SOURCE_CONFIG)
    tab = tab_rows[["agency", "year", "org_rating"]].assign(
        year=tab_rows["year"].astype(str), org_rating_source=SOURCE_TAB
    )
    both = pd.concat([tab, from_config], ignore_index=True)
    columns = [*KEYS, "org_rating", "org_rating_source"]
    # The tab comes first, so keeping the first of each agency × year lets it win.
    return both.drop_duplicates(KEYS, keep="first").sort_values(KEYS, ignore_index=True)[columns].astype(object)


def _dtype(column: str) -> str:
    if column in ("employees", "matched", *COUNT_COLUMNS):
        return "int64"
    if column == "share":
        return "float64"
    if column == "ok":
        return "bool"
    return "object"
