"""Service units: which agency or Unit Kerja a citizen's "Unit Layanan" names.

Keys are case- and space-insensitive. An agency is known by its code and its name; a Unit Kerja
by its name as typed in some agency's `Pegawai` tab; configured aliases name either. A unit name
used by two agencies is ambiguous and must be written "<unit> (<OPD code>)" or "<code> - <unit>".

Ids (scoring.vocabulary's): an agency is 'opd:<CODE>', a Unit Kerja 'unit:<CODE>:<normalized>'.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from config.contract import normalize_header
from scoring.vocabulary import AGENCY_UNIT_PREFIX, SERVICE_UNIT_PREFIX, agency_unit_id, service_unit_id
from sync.validate.parse import STR, Problem, cell_kind, render_cell

UNIT_BLANK = Problem(
    "{kolom} kosong.",
    "Isi {kolom} dengan kode atau nama OPD, atau nama Unit Kerja yang melayani.",
)
_ALIAS_HINT = "atau tambahkan alias di konfigurasi ([survey] unit_aliases)"

# "<unit> (<CODE>)" and "<CODE> - <unit>" name a unit within one agency.
_UNIT_THEN_CODE = re.compile(r"(.*\S)\s*\(\s*([^()]*\S)\s*\)")
_CODE_THEN_UNIT = re.compile(r"([^-–—]*\S)\s*[-–—]\s*(\S.*)")


# Matching key of a unit name, as for headers: ' Puskesmas  Tanah Garing' -> 'puskesmastanahgaring'.
normalize_unit = normalize_header


def agency_id(code: str) -> str:
    return agency_unit_id(code)


def unit_id(code: str, unit_name: str) -> str:
    return service_unit_id(code, normalize_unit(unit_name))


@dataclass(frozen=True)
class UnitIndex:
    """Everything a Unit Layanan can name, by normalized key.

    `exact` maps a key to (unit_id, agency code) or to a Problem (ambiguous name, broken alias);
    `agency_keys` maps an agency's normalized code or name to its code; `units` maps
    (code, normalized unit name) to a unit id; `names` are the display names offered as fixes.
    """

    exact: dict[str, tuple[str, str] | Problem] = field(default_factory=dict)
    agency_keys: dict[str, str] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)
    names: tuple[str, ...] = ()

    def resolve(self, value: object) -> tuple[str, str] | Problem:
        """One typed Unit Layanan -> (unit_id, agency code), or a Problem saying how to fix it."""
        text = value.strip() if cell_kind(value) == STR else render_cell(value).strip()
        if not text:
            return UNIT_BLANK
        key = normalize_unit(text)
        found = self.exact.get(key)
        if found is not None:
            return found
        qualified = self._qualified(text)
        if qualified is not None:
            return qualified
        return self._unknown(text)

    def _qualified(self, text: str) -> tuple[str, str] | None:
        """'Puskesmas Tanah Garing (DINKES)' or 'DINKES - Puskesmas Tanah Garing'."""
        candidates = []
        m = _UNIT_THEN_CODE.fullmatch(text)
        if m:
            candidates.append((m.group(2), m.group(1)))
        m = _CODE_THEN_UNIT.fullmatch(text)
        if m:
            candidates.append((m.group(1), m.group(2)))
        for agency_text, unit_text in candidates:
            code = self.agency_keys.get(normalize_unit(agency_text))
            if code is None:
                continue
            unit_key = normalize_unit(unit_text)
            if self.agency_keys.get(unit_key) == code:
                return agency_id(code), code
            found = self.units.get((code, unit_key))
            if found is not None:
                return found, code
        return None

    def _unknown(self, text: str) -> Problem:
        by_folded = {}
        for name in self.names:
            by_folded.setdefault(name.casefold(), name)
        close = difflib.get_close_matches(text.casefold(), list(by_folded), n=3, cutoff=0.6)
        if close:
            listed = ", ".join(f"'{by_folded[c]}'" for c in close)
            fix = f"Mungkin maksudnya {listed}? Tulis nama yang terdaftar persis, {_ALIAS_HINT}."
        else:
            fix = f"Gunakan kode atau nama OPD, atau nama Unit Kerja seperti di tab Pegawai OPD-nya, {_ALIAS_HINT}."
        return Problem(f"{{kolom}} '{text}' tidak dikenali.", fix)

    def match(self, series: pd.Series) -> pd.DataFrame:
        """Resolve a column of typed names: DataFrame(unit_id, agency, problem, fix), same index.

        `problem`/`fix` are '' for a match; `unit_id`/`agency` are '' for a problem.
        """
        codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        results = [self.resolve(u) for u in uniques] + [self.resolve(None)]
        columns = {"unit_id": [], "agency": [], "problem": [], "fix": []}
        for r in results:
            ok = not isinstance(r, Problem)
            columns["unit_id"].append(r[0] if ok else "")
            columns["agency"].append(r[1] if ok else "")
            columns["problem"].append("" if ok else r.problem.replace("{kolom}", "Unit Layanan"))
            columns["fix"].append("" if ok else r.fix.replace("{kolom}", "Unit Layanan"))
        at = np.where(codes < 0, len(uniques), codes)
        return pd.DataFrame({k: np.asarray(v, dtype=object)[at] for k, v in columns.items()}, index=series.index)


def build_unit_index(
    agencies: list[tuple[str, str]],
    employees: pd.DataFrame,
    unit_aliases: dict[str, str] | None = None,
) -> UnitIndex:
    """Index agency codes and names, every agency's Unit Kerja names and configured aliases.

    `employees` needs columns `agency` and `unit` (all agencies' clean rosters). Precedence:
    alias > agency code/name > Unit Kerja name.
    """
    agency_keys: dict[str, str] = {}
    names: list[str] = []
    for code, name in agencies:
        for text in (code, name):
            if text and str(text).strip():
                agency_keys.setdefault(normalize_unit(text), code)
                names.append(str(text).strip())

    units: dict[tuple[str, str], str] = {}
    owners: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    if len(employees) and {"agency", "unit"} <= set(employees.columns):
        pairs = employees[["agency", "unit"]].drop_duplicates()
        for code, unit in zip(pairs["agency"], pairs["unit"]):
            unit = str(unit or "").strip()
            key = normalize_unit(unit)
            if not key or agency_keys.get(key) == code:
                continue  # blank, or the agency's own name: the agency itself
            if (code, key) in units:
                continue
            units[(code, key)] = unit_id(code, unit)
            owners.setdefault(key, []).append(code)
            shown.setdefault(key, unit)

    exact: dict[str, tuple[str, str] | Problem] = {}
    for key, codes in owners.items():
        if key in agency_keys:
            continue  # an agency's code or name wins over another agency's unit of that name
        if len(codes) == 1:
            exact[key] = (units[(codes[0], key)], codes[0])
            names.append(shown[key])
        else:
            codes = sorted(codes)
            unit = shown[key]
            exact[key] = Problem(
                f"{{kolom}} '{unit}' ada di lebih dari satu OPD ({', '.join(codes)}).",
                f'Tulis sebagai "{unit} ({codes[0]})" (nama unit lalu kode OPD dalam kurung), {_ALIAS_HINT}.',
            )
            names.extend(f"{unit} ({c})" for c in codes)
    for key, code in agency_keys.items():
        exact[key] = (agency_id(code), code)

    index = UnitIndex(exact=exact, agency_keys=agency_keys, units=units, names=tuple(names))
    for alias, target in (unit_aliases or {}).items():
        key = normalize_unit(alias)
        if not key:
            continue
        resolved = index.resolve(target)
        if isinstance(resolved, Problem):
            resolved = Problem(
                f"{{kolom}} '{alias}' adalah alias di konfigurasi yang menunjuk ke '{target}', "
                f"tetapi '{target}' tidak dikenali.",
                "Perbaiki tujuan alias ini di konfigurasi ([survey] unit_aliases): gunakan kode OPD "
                "atau nama Unit Kerja yang terdaftar.",
            )
        exact[key] = resolved
        names.append(str(alias).strip())
    return UnitIndex(exact=exact, agency_keys=agency_keys, units=units, names=tuple(dict.fromkeys(names)))


def assign_unit_ids(employees: pd.DataFrame, index: UnitIndex) -> pd.DataFrame:
    """Employees plus `unit_id`: their Unit Kerja's id, or their agency's when the unit is blank
    or is the agency's own code or name."""
    if not len(employees):
        return employees.assign(unit_id=pd.Series(dtype=object))
    agency = employees["agency"].astype(str).to_numpy(dtype=object)
    unit_codes, unit_uniques = pd.factorize(employees["unit"].fillna("").astype(str).to_numpy(dtype=object))
    normalized = [normalize_unit(u) for u in unit_uniques] + [""]
    at = np.where(unit_codes < 0, len(unit_uniques), unit_codes)
    norm = np.asarray(normalized, dtype=object)[at]
    # The agency (if any) whose code or name each distinct unit text is.
    named_agency = np.asarray([index.agency_keys.get(k, "") for k in normalized], dtype=object)[at]
    as_agency = (norm == "") | (named_agency == agency)
    ids = np.where(as_agency, AGENCY_UNIT_PREFIX + agency, SERVICE_UNIT_PREFIX + agency + ":" + norm)
    return employees.assign(unit_id=ids.astype(object))
