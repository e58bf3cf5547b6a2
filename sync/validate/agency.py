"""Validate one agency's input tabs (Pegawai, Laporan Kinerja, Penilaian Atasan, Presensi).

Raw tabs in, clean frames (shapes in the common brief) plus issues and per-tab counts out.
Work is vectorised: each column is parsed once per distinct value (`sync.validate.parse`), checks are
boolean masks over rows, and issue rows are built only for the rows that have a problem.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import partial
from typing import Mapping

import numpy as np
import pandas as pd

from config.contract import (
    AGENCY_INPUT_TABS,
    LAPORAN,
    NAIK,
    PEGAWAI,
    PENILAI,
    PENILAIAN,
    PERINGATAN,
    PRESENSI,
    RATING_KEYS,
    TURUN,
    period_label,
)
from config.settings import EMAIL
from scoring.indonesian import comma
from scoring.periods import per_unique
from scoring.vocabulary import SUPERVISOR_RATINGS
from sync.display import count
from sync.sources.backend import RawTab
from sync.validate.nip import in_set, parse_nips
from sync.validate.parse import (
    BOOL,
    NOT_A_NUMBER,
    NUM,
    STR,
    Parsed,
    Problem,
    cell_kind,
    normalize_key,
    parse_cells,
    parse_numbers,
    parse_periods,
    parse_text,
)
from sync.validate.raters import Raters, exceptions, no_exceptions
from sync.validate.rows import (
    REJECTED_DTYPES,
    AgencyInput,
    TabCheck,
    ValidationOptions,
    clean_frame,
    combine_codes,
    empty_frame,
    find_tab,
    issues_frame,
    open_tab,
    row_range,
)

EMPLOYEE_DTYPES = {
    "agency": "object",
    "nip": "object",
    "name": "object",
    "position": "object",
    "unit": "object",
    "unit_id": "object",
    "supervisor_nip": "object",
    "public_service": "bool",
    "active": "bool",
    "email": "object",
    "row": "int64",
}
REPORT_DTYPES = {
    "period": "object",
    "nip": "object",
    "plan": "object",
    "indicator": "object",
    "target": "float64",
    "actual": "float64",
    "measure": "object",
    "direction": "object",
    "weight": "float64",
    "evidence": "object",
    "note": "object",
    "row": "int64",
}
RATING_DTYPES = {
    "period": "object",
    "nip": "object",
    **{k: "int64" for k in RATING_KEYS},
    "feedback": "object",
    "rater_nip": "object",
    "row": "int64",
}
ATTENDANCE_DTYPES = {
    "period": "object",
    "nip": "object",
    "work_days": "int64",
    "present": "int64",
    "late": "int64",
    "early_leave": "int64",
    "absent": "int64",
    "row": "int64",
}

_NIP_FIX = "Isi NIP pegawai: 18 digit, di kolom berformat Teks."


def validate_agency(
    code: str,
    tabs: dict[str, RawTab],
    options: ValidationOptions,
    supervisors: Mapping[tuple[str, str], str] | None = None,
) -> AgencyInput:
    """Validate an agency's tabs (keyed by tab name) into clean frames, issues and counts.

    `supervisors`: (period, nip) -> the supervisor the store recorded when that month was first
    synced (sync.validate.raters): that supervisor still rates that month after a change of roster.
    """
    today = options.today
    pegawai = open_tab(PEGAWAI, tabs, options)
    employees, refused = _employees(code, pegawai, today)
    roster = frozenset(employees["nip"])
    inactive = frozenset(employees.loc[~employees["active"].astype(bool), "nip"])
    pegawai.release()
    checks = [pegawai]
    listed, penilai = _penilai(tabs, roster, refused, options)
    raters = Raters(employees, supervisors, listed)
    frames, rejected = {}, {}
    for spec, validate, dtypes in (
        (LAPORAN, _reports, REPORT_DTYPES),
        (PENILAIAN, partial(_ratings, raters=raters), RATING_DTYPES),
        (PRESENSI, _attendance, ATTENDANCE_DTYPES),
    ):
        check = open_tab(spec, tabs, options)
        checks.append(check)
        if not check.broken and len(check) and not roster:
            check.reject_all(
                check.label("nip", "NIP"),
                f"Tab '{PEGAWAI.name}' belum berisi pegawai yang dapat dipakai, sehingga {len(check)} "
                f"baris data ({row_range(check.rows)}) tidak dapat diperiksa.",
                f"Perbaiki dulu masalah tab '{PEGAWAI.name}' yang tercantum di Validasi (NIP dan Nama "
                f"setiap pegawai); baris-baris ini dibaca ulang pada sinkronisasi berikutnya.",
            )
        if check.broken:
            frames[spec.key], rejected[spec.key] = empty_frame(dtypes), empty_frame(REJECTED_DTYPES)
        else:
            frames[spec.key], rejected[spec.key] = validate(check, roster, refused, options)
        _warn_inactive(check, frames[spec.key], inactive)
        check.release()  # a province has millions of rows per tab: free each tab's columns
    if penilai is not None:  # the optional tab: counted and listed only when the agency has it
        checks.append(penilai)
    return AgencyInput(
        code=code,
        employees=employees,
        reports=frames[LAPORAN.key],
        ratings=frames[PENILAIAN.key],
        attendance=frames[PRESENSI.key],
        issues=issues_frame(
            (part for c in checks for part in c.issues()), [t.name for t in (*AGENCY_INPUT_TABS, PENILAI)]
        ),
        counts=[c.count() for c in checks],
        rejected=pd.concat(list(rejected.values()), ignore_index=True).astype(REJECTED_DTYPES),
    )


def _penilai(
    tabs: dict[str, RawTab], roster: frozenset[str], refused: frozenset[str], options: ValidationOptions
) -> tuple[pd.DataFrame, TabCheck | None]:
    """The optional `Penilai` tab (who else rates whom in a month), validated like every tab."""
    if find_tab(tabs, PENILAI.name) is None:
        return no_exceptions(), None
    check = open_tab(PENILAI, tabs, options)
    if check.broken:
        return no_exceptions(), check
    period = _periods(check, options.today)
    nip = _roster_nips(check, roster, refused, options.today)
    listed = exceptions(check, period, nip, options.today)
    check.release()
    return listed, check


def _rejected(check: TabCheck, period: Parsed, nip: Parsed) -> pd.DataFrame:
    """The tab's rejected rows whose Periode and NIP (on the roster) are readable: whose month they
    were meant for is known, so that month's note can point at them instead of saying "belum diisi"."""
    at = np.flatnonzero(check.rejected & period.ok & nip.ok)
    return clean_frame(
        {
            "period": period.at(at),
            "nip": nip.at(at),
            "tab": np.full(len(at), check.name, dtype=object),
            "row": check.rows[at],
        },
        REJECTED_DTYPES,
    )


# What marks the Nonaktif Peringatan (sync.validate.cross_agency drops it from a row it then rejects).
NONAKTIF_MARK = f"berstatus Nonaktif di tab {PEGAWAI.name}, "


def _warn_inactive(check: TabCheck, frame: pd.DataFrame, inactive: frozenset[str]) -> None:
    """Peringatan on each used monthly row of a Nonaktif employee: the row is still scored (the
    months before a transfer or retirement are history) and the employee counts in that month's
    headcount (scoring.summary.counted), but the clerk should know and can correct either side."""
    if not inactive or frame.empty:
        return
    mine = frame[frame["nip"].isin(inactive)]
    if mine.empty:
        return
    mask = np.isin(check.rows, mine["row"].to_numpy())
    months = pd.Series(mine["period"].to_numpy(), index=mine["row"].to_numpy())
    names = {p: period_label(p) for p in months.unique()}  # once per month, not once per row
    labels = months.loc[check.rows[mask]].map(names).to_numpy(dtype=object)
    label = check.label("nip", "NIP")
    check.peringatan(
        mask,
        "nip",
        label,
        f"Pegawai dengan {label} ini {NONAKTIF_MARK}tetapi ada datanya "
        "untuk " + labels + "; data ini tetap dinilai dan pegawai ini dihitung dalam jumlah pegawai OPD "
        "bulan itu.",
        f"Bila pegawai ini masih bekerja di OPD ini, ubah Status-nya menjadi Aktif di tab {PEGAWAI.name}; "
        f"bila bulan itu ia sudah pindah atau pensiun, hapus baris ini. Bulan sebelum ia pindah atau "
        f"pensiun boleh dibiarkan (riwayatnya tetap dinilai).",
    )


# ---- Pegawai ----------------------------------------------------------------------------------

_YES = frozenset({"ya", "y", "yes", "1", "true", "benar", "iya"})
_NO = frozenset({"tidak", "t", "no", "n", "0", "false", "salah", "tdk"})
YES_NO_UNKNOWN = Problem(
    "{kolom} tidak dikenali (bukan Ya/Tidak); dianggap Tidak.",
    "Isi {kolom} dengan Ya atau Tidak (kosong = Tidak).",
)
_ACTIVE = frozenset({"aktif", "active"})
_INACTIVE = frozenset({"nonaktif", "tidakaktif", "inactive", "nonactive", "pensiun"})
STATUS_UNKNOWN = Problem(
    "{kolom} tidak dikenali (bukan Aktif/Nonaktif); dianggap Aktif.",
    "Isi {kolom} dengan Aktif atau Nonaktif (kosong = Aktif).",
)


def _yes_no(cell: object) -> bool | Problem:
    kind = cell_kind(cell)
    if kind == BOOL:  # a checkbox
        return bool(cell)
    if kind == NUM:
        return bool(cell) if cell in (0, 1) else YES_NO_UNKNOWN
    if kind == STR:
        word = cell.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return YES_NO_UNKNOWN


def _active(cell: object) -> bool | Problem:
    if cell_kind(cell) == STR:
        word = "".join(cell.replace("-", " ").split()).casefold()
        if word in _ACTIVE:
            return True
        if word in _INACTIVE:
            return False
    return STATUS_UNKNOWN


def _email(cell: object) -> str | Problem:
    """One e-mail address (a malformed one is a Peringatan: the row stays, without mails)."""
    text = str(cell).strip() if cell_kind(cell) == STR else ""
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if EMAIL.match(text):
        return text
    return Problem(
        "{kolom} bukan alamat email yang sah; pegawai ini tidak menerima email pemberitahuan.",
        "Tulis satu alamat email saja, mis. nama.pegawai@solokkota.go.id (tanpa spasi, koma atau nama), "
        "atau kosongkan.",
    )


def _employees(code: str, check: TabCheck, today: date) -> tuple[pd.DataFrame, frozenset[str]]:
    """The clean roster, and NIPs whose Pegawai rows were rejected (to explain later misses)."""
    if check.broken:
        return empty_frame(EMPLOYEE_DTYPES), frozenset()
    nip_label = check.label("nip", "NIP")
    nip = parse_nips(check.cells("nip"), today)
    check.require(nip, "nip", nip_label, f"{nip_label} kosong.", _NIP_FIX)
    check.report(nip, "nip", nip_label)
    name_label = check.label("name", "Nama")
    name = parse_text(check.cells("name"))
    check.require(name, "name", name_label, f"{name_label} kosong.", "Isi nama lengkap pegawai.")
    position = parse_text(check.cells("position"))
    unit = parse_text(check.cells("unit"))
    public = parse_cells(check.cells("public_service"), _yes_no, fill=False, dtype=bool)
    check.report(public, "public_service", check.label("public_service", "Layanan Publik"), PERINGATAN)
    active = parse_cells(check.cells("status"), _active, fill=True, dtype=bool)
    check.report(active, "status", check.label("status", "Status"), PERINGATAN)
    email = parse_cells(check.cells("email"), _email, fill="")
    check.report(email, "email", check.label("email", "Email"), PERINGATAN)
    sup_label = check.label("supervisor_nip", "NIP Atasan")
    valid = frozenset(nip.u_value[~(nip.u_bad | nip.cells.u_blank)])
    supervisor = parse_nips(check.cells("supervisor_nip"), today, known=valid)
    check.report(supervisor, "supervisor_nip", sup_label, PERINGATAN)

    check.supersede(nip.value_codes(), "NIP", "nip", nip_label)
    used = check.used
    positions = np.flatnonzero(used)
    roster = frozenset(nip.at(positions))
    refused = frozenset(nip.at(np.flatnonzero(check.rejected & nip.ok))) - roster

    own = _same(supervisor, nip)
    check.peringatan(
        used & supervisor.ok & ~own & ~in_set(supervisor, roster),
        "supervisor_nip",
        sup_label,
        f"{sup_label} tidak terdaftar di tab Pegawai OPD ini.",
        f"Periksa {sup_label}; bila atasannya pegawai OPD lain, tambahkan atasan itu ke tab Pegawai "
        f"atau biarkan peringatan ini.",
    )
    check.peringatan(
        used & own,
        "supervisor_nip",
        sup_label,
        f"{sup_label} sama dengan NIP pegawai itu sendiri; tidak dipakai.",
        f"Isi {sup_label} dengan NIP atasan langsung pegawai ini.",
    )
    supervisor_nip = np.where(supervisor.ok & ~own, supervisor.value, "")
    frame = clean_frame(
        {
            "agency": np.full(len(positions), code, dtype=object),
            "nip": nip.at(positions),
            "name": name.at(positions),
            "position": position.at(positions),
            "unit": unit.at(positions),
            "unit_id": np.full(len(positions), "", dtype=object),
            "supervisor_nip": supervisor_nip[positions].astype(object),
            "public_service": public.at(positions).astype(bool),
            "active": active.at(positions).astype(bool),
            "email": email.at(positions).astype(object),
            "row": check.rows[positions],
        },
        EMPLOYEE_DTYPES,
    )
    return frame, refused


def _same(a: Parsed, b: Parsed) -> np.ndarray:
    """Per row: two NIP columns hold the same usable NIP."""
    return a.ok & b.ok & (a.value == b.value)


# ---- shared columns ---------------------------------------------------------------------------


def _periods(check: TabCheck, today: date) -> Parsed:
    label = check.label("period", "Periode")
    period = parse_periods(check.cells("period"), today)
    check.require(period, "period", label, f"{label} kosong.", "Isi bulan datanya, mis. 2026-10 atau Oktober 2026.")
    check.report(period, "period", label)
    return period


def _roster_nips(check: TabCheck, roster: frozenset[str], refused: frozenset[str], today: date) -> Parsed:
    """The NIP column of a monthly tab: a valid NIP of an employee in the roster (else Galat)."""
    label = check.label("nip", "NIP")
    nip = parse_nips(check.cells("nip"), today, known=roster)
    check.require(nip, "nip", label, f"{label} kosong.", _NIP_FIX)
    check.report(nip, "nip", label)
    unknown = nip.ok & ~in_set(nip, roster)
    was_refused = in_set(nip, refused)
    check.galat(
        unknown & was_refused,
        "nip",
        label,
        f"{label} ini ada di tab {PEGAWAI.name}, tetapi baris pegawainya tidak dapat dipakai.",
        f"Perbaiki baris pegawai dengan NIP ini di tab {PEGAWAI.name} (lihat Validasi tab {PEGAWAI.name}).",
    )
    check.galat(
        unknown & ~was_refused,
        "nip",
        label,
        f"{label} tidak terdaftar di tab {PEGAWAI.name}.",
        f"Tambahkan pegawai ini ke tab {PEGAWAI.name} lebih dulu (NIP dan Nama), atau perbaiki NIP-nya.",
    )
    return nip


def _number(
    check: TabCheck,
    key: str,
    default_label: str,
    *,
    integer: bool = False,
    blank: str | None = None,
    low: float = 0.0,
    strict: bool = False,
    high: float | None = None,
    hint: str = "",
    most: float | None = None,
    most_why: str = "",
    least: bool = False,
    dash_zero: bool = False,
) -> Parsed:
    """A number column: parse, require (when `blank` gives the message) and check its range.

    Range: value >= low (value > low when `strict`) and value <= high. `hint` shows an example.
    `most` is a plausibility bound (value <= most) reported on its own: a value past it is a
    typo or a pasted number, never published (1e20 late days, a weight of 1e307); `most_why`
    ends the fix (how to raise a configured bound). `least` (with `strict`, low 0) adds the floor
    LEAST: a positive value below it is a typo too, and one that breaks the arithmetic (5e-324 as
    Target makes R/T infinite; as Bobot, w·c lands in subnormals and loses its decimals).
    `dash_zero`: a lone dash is 0 (`sync.validate.parse.parse_numbers`).
    """
    label = check.label(key, default_label)
    wanted = _wanted(integer, low, strict, high)
    out_of_range = Problem(f"{{kolom}} harus {wanted}.", f"Isi {{kolom}} dengan {wanted}{hint}.")
    if most is not None:
        most_problem = Problem(
            f"{{kolom}} terlalu besar: paling {'banyak' if integer else 'besar'} {_bound(most)}.",
            f"Isi {{kolom}} dengan {_wanted(integer, low, strict, most)}{hint}; angka sebesar ini biasanya "
            f"salah ketik atau sel "
            f"yang tertempel{most_why}.",
        )
    parsed = parse_numbers(check.cells(key), integer=integer, negative=out_of_range, dash_zero=dash_zero)
    # The generic "e.g. 87,5" example is wrong for a 1-5 rating or a day count: name the range.
    if integer:
        parsed.u_fix[parsed.u_fix == NOT_A_NUMBER.fix] = f"Isi {{kolom}} dengan {wanted}{hint}."
    u = parsed.u_value
    with np.errstate(invalid="ignore"):
        out = (u <= low) if strict else (u < low)
        if high is not None:
            out |= u > high
    if out.any():
        parsed = parsed.with_problem(out, out_of_range.problem, out_of_range.fix)
    if most is not None:
        with np.errstate(invalid="ignore"):
            too_big = u > most
        if too_big.any():
            parsed = parsed.with_problem(too_big, most_problem.problem, most_problem.fix)
    if least:
        with np.errstate(invalid="ignore"):
            too_small = (u > low) & (u < LEAST)
        if too_small.any():
            span = f"angka {LEAST_TEXT} sampai {_bound(most)}" if most is not None else f"angka {LEAST_TEXT} atau lebih"
            parsed = parsed.with_problem(
                too_small,
                f"{{kolom}} terlalu kecil: paling kecil {LEAST_TEXT}.",
                f"Isi {{kolom}} dengan {span}{hint}; angka sekecil ini biasanya salah ketik atau sel yang tertempel.",
            )
    if blank is not None:
        problem = blank.replace("{kolom}", label)
        check.require(parsed, key, label, problem, f"Isi {label} dengan {wanted}{hint}.")
    check.report(parsed, key, label)
    return parsed


# The smallest Target or Bobot taken (see _number's `least`): far below any real one, and the
# smallest the HR page's formula shows as typed (4 decimals: a Target of 0,00001 read '÷ 0').
LEAST = 0.0001
LEAST_TEXT = "0,0001"


def _wanted(integer: bool, low: float, strict: bool, high: float | None) -> str:
    kind = "bilangan bulat" if integer else "angka"
    if high is not None:
        if strict:
            return f"{kind} lebih dari {_fmt(low)} sampai {_bound(high)}"
        return f"{kind} {_fmt(low)}–{_bound(high)}"
    return f"{kind} lebih dari {_fmt(low)}" if strict else f"{kind} {_fmt(low)} atau lebih"


def _bound(x: float) -> str:
    """A range bound as Indonesians write it: 1000000 -> '1.000.000', 2.5 -> '2,5'."""
    return count(x) if float(x).is_integer() else _fmt(x)


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else comma(str(x))


def _filled(parsed: Parsed, positions: np.ndarray, default: float) -> np.ndarray:
    values = parsed.at(positions)
    return np.where(np.isnan(values), default, values)


# ---- Laporan Kinerja --------------------------------------------------------------------------

_DIRECTIONS = {"naik": NAIK, "↑": NAIK, "turun": TURUN, "↓": TURUN}
DIRECTION_UNKNOWN = Problem(
    "{kolom} harus Naik atau Turun.",
    "Isi {kolom} dengan Naik (makin tinggi makin baik) atau Turun (makin rendah makin baik); kosong = Naik.",
)


def _direction(cell: object) -> str | Problem:
    if cell_kind(cell) == STR:
        found = _DIRECTIONS.get(cell.strip().casefold())
        if found:
            return found
    return DIRECTION_UNKNOWN


PERCENT_AS_FRACTION = (
    "{kolom} {nilai} tampaknya persen yang tersimpan sebagai pecahan (97% tersimpan sebagai 0,97), "
    "padahal {lawan} ditulis sebagai angka persen ({nilai_lawan}). Capaian bisa jauh meleset.",
    "Ketik angka persennya tanpa tanda %, mis. 97, lalu tulis % di kolom Satuan.",
)


def _percent_as_fraction(check: TabCheck, target: Parsed, actual: Parsed, measure: Parsed) -> None:
    """Peringatan where a cell typed as '97%' (stored 0.97) sits next to a plain '95' in a % row."""
    rows = np.arange(len(check))
    u_percent = np.asarray(
        [isinstance(m, str) and ("%" in m or "persen" in m.casefold()) for m in measure.u_value], dtype=bool
    )
    percent = u_percent[measure.cells.codes]
    t, a = target.at(rows).astype(float), actual.at(rows).astype(float)
    with np.errstate(invalid="ignore"):
        small_actual = percent & (t > 1.5) & (a > 0) & (a <= 1.5)
        small_target = percent & (a > 1.5) & (t > 0) & (t <= 1.5)
    for mask, key, label, other, mine, theirs in (
        (small_actual, "actual", "Realisasi", "Target", a, t),
        (small_target, "target", "Target", "Realisasi", t, a),
    ):
        mask = mask & ~check.rejected
        if mask.any():
            at = np.flatnonzero(mask)
            problem = [
                PERCENT_AS_FRACTION[0].format(kolom=label, nilai=_fmt(x), lawan=other, nilai_lawan=_fmt(y))
                for x, y in zip(mine[at], theirs[at])
            ]
            check.peringatan(
                mask, key, check.label(key, label), np.asarray(problem, dtype=object), PERCENT_AS_FRACTION[1]
            )


_RAISE_BOUND = "; bila angka sebesar ini memang benar, minta pengelola sistem menaikkan [validation] {key}"


def _reports(
    check: TabCheck, roster: frozenset[str], refused: frozenset[str], options: ValidationOptions
) -> tuple[pd.DataFrame, pd.DataFrame]:
    today = options.today
    period = _periods(check, today)
    nip = _roster_nips(check, roster, refused, today)
    ind_label = check.label("indicator", "Indikator")
    indicator = parse_text(check.cells("indicator"))
    check.require(
        indicator,
        "indicator",
        ind_label,
        f"{ind_label} kosong.",
        "Tulis nama indikator kinerja yang dilaporkan.",
    )
    value_bound = dict(most=options.max_value, most_why=_RAISE_BOUND.format(key="max_value"))
    target = _number(
        check,
        "target",
        "Target",
        blank="{kolom} kosong.",
        strict=True,
        hint=", mis. 100",
        least=True,
        **value_bound,
    )
    actual = _number(
        check,
        "actual",
        "Realisasi",
        blank="{kolom} belum diisi.",
        hint=" (tulis 0 bila belum ada hasil)",
        **value_bound,
    )
    direction = parse_cells(check.cells("direction"), _direction, fill=NAIK)
    check.report(direction, "direction", check.label("direction", "Arah"))
    weight = _number(
        check,
        "weight",
        "Bobot",
        strict=True,
        hint=" (kosong = 1)",
        least=True,
        most=options.max_weight,
        most_why=_RAISE_BOUND.format(key="max_weight"),
    )
    plan = parse_text(check.cells("plan"))
    measure = parse_text(check.cells("measure"))
    evidence = parse_text(check.cells("evidence"))
    note = parse_text(check.cells("note"))

    _percent_as_fraction(check, target, actual, measure)

    u_norm = [normalize_key(v) for v in indicator.u_value]
    indicator_codes = pd.factorize(np.asarray(u_norm, dtype=object))[0][indicator.cells.codes]
    check.supersede(
        combine_codes(period.value_codes(), nip.value_codes(), indicator_codes),
        "Periode, NIP dan Indikator",
        "indicator",
        ind_label,
    )
    at = np.flatnonzero(check.used)
    return clean_frame(
        {
            "period": period.at(at),
            "nip": nip.at(at),
            "plan": plan.at(at),
            "indicator": indicator.at(at),
            "target": target.at(at),
            "actual": actual.at(at),
            "measure": measure.at(at),
            "direction": direction.at(at),
            "weight": _filled(weight, at, 1.0),
            "evidence": evidence.at(at),
            "note": note.at(at),
            "row": check.rows[at],
        },
        REPORT_DTYPES,
    ), _rejected(check, period, nip)


# ---- Penilaian Atasan -------------------------------------------------------------------------


def _ratings(
    check: TabCheck,
    roster: frozenset[str],
    refused: frozenset[str],
    options: ValidationOptions,
    raters: Raters,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    today = options.today
    period = _periods(check, today)
    nip = _roster_nips(check, roster, refused, today)
    headers = dict(SUPERVISOR_RATINGS)
    scores = {
        key: _number(
            check,
            key,
            headers[key],
            integer=True,
            blank="{kolom} belum diisi.",
            low=1,
            high=5,
            hint=" (3 = sesuai ekspektasi)",
        )
        for key in RATING_KEYS
    }
    feedback = parse_text(check.cells("feedback"))
    rater_label = check.label("rater_nip", "NIP Penilai")
    rater = parse_nips(check.cells("rater_nip"), today, known=roster)
    check.report(rater, "rater_nip", rater_label, PERINGATAN)
    own = _same(rater, nip)
    # Who rated is checked before duplicates are resolved: a rejected row (a colleague's, a
    # self-rating) never supersedes the real supervisor's.
    check.galat(
        own,
        "rater_nip",
        rater_label,
        f"{rater_label} sama dengan NIP pegawai yang dinilai: pegawai tidak boleh menilai dirinya sendiri; "
        f"penilaian ini tidak dipakai.",
        f"Hapus baris ini. Penilaian Atasan diisi oleh atasan langsung pegawai (NIP Atasan di tab "
        f"{PEGAWAI.name}) dengan NIP atasan itu di {rater_label}.",
    )
    _check_rater(check, period, nip, rater, rater_label, raters)

    _supersede_monthly(check, period, nip)
    used = check.used
    check.peringatan(
        used & rater.ok & ~own & ~in_set(rater, roster),
        "rater_nip",
        rater_label,
        f"{rater_label} tidak terdaftar di tab {PEGAWAI.name}.",
        f"Periksa {rater_label}; bila penilainya pegawai OPD lain, tambahkan ke tab {PEGAWAI.name} "
        f"atau biarkan peringatan ini.",
    )
    at = np.flatnonzero(used)
    rater_nip = np.where(rater.ok & ~own, rater.value, "")
    return clean_frame(
        {
            "period": period.at(at),
            "nip": nip.at(at),
            **{key: scores[key].at(at) for key in RATING_KEYS},
            "feedback": feedback.at(at),
            "rater_nip": rater_nip[at].astype(object),
            "row": check.rows[at],
        },
        RATING_DTYPES,
    ), _rejected(check, period, nip)


def _check_rater(check: TabCheck, period: Parsed, nip: Parsed, rater: Parsed, label: str, raters: Raters) -> None:
    """Galat for a rater who is not the employee's supervisor that month (docs/scoring.md §7).

    Nobody to check against (no NIP Atasan, nothing recorded or listed; the head of an agency, whose
    rater sits in another agency): the row is used with a Peringatan. A blank NIP Penilai (the
    column is optional) is taken as the supervisor's, with a Peringatan when one is named.
    """
    live = ~check.rejected & period.ok & nip.ok
    at = np.flatnonzero(live)
    if not len(at):
        return
    given = rater.ok[at]
    typed = np.where(given, rater.value[at], "").astype(object)
    periods, nips = period.at(at), nip.at(at)
    verdict = raters.judge(periods, nips, typed)
    supervisor, checkable, allowed = verdict["supervisor"], verdict["checkable"], verdict["allowed"]

    # The texts only for the rows that get a message (a province rates 1,2 million rows).
    def months(selected: np.ndarray) -> np.ndarray:
        return per_unique(periods[selected], period_label)

    def named(selected: np.ndarray) -> np.ndarray:
        who = supervisor[selected]
        return np.where(who != "", "NIP Atasan " + who.astype(str), "penilai di tab Penilai")

    def mask(selected: np.ndarray) -> np.ndarray:
        out = np.zeros(len(check), dtype=bool)
        out[at[selected]] = True
        return out

    wrong = given & checkable & ~allowed
    if wrong.any():
        check.galat(
            mask(wrong),
            "rater_nip",
            label,
            label
            + " "
            + typed[wrong]
            + " bukan atasan langsung pegawai ini untuk "
            + months(wrong)
            + f" menurut tab {PEGAWAI.name} ("
            + named(wrong)
            + "); penilaian ini tidak dipakai.",
            f"Penilaian Atasan diisi oleh atasan langsung dengan NIP-nya di {label}; bila penilai adalah Plt "
            f"atau atasan baru karena mutasi, catat di tab Penilai (Periode, NIP, {label}, Keterangan); bila "
            f"NIP Atasan di tab {PEGAWAI.name} yang salah, perbaiki di sana.",
        )
    unchecked = given & ~checkable
    if unchecked.any():
        check.peringatan(
            mask(unchecked),
            "rater_nip",
            label,
            f"Pegawai ini tidak punya NIP Atasan di tab {PEGAWAI.name}, sehingga {label} tidak dapat "
            f"diperiksa; penilaian ini tetap dipakai.",
            f"Isi NIP Atasan pegawai ini di tab {PEGAWAI.name}, atau catat penilainya di tab Penilai "
            f"(Periode, NIP, {label}, Keterangan), mis. Sekretaris Daerah untuk kepala OPD.",
        )
    # An unsigned row beside the supervisor's signed row for the same month is not theirs to
    # supersede (anyone can append a row with NIP Penilai left blank): Galat, and the signed stays.
    blank = rater.blank[at] & (supervisor != "")
    signed = given & allowed
    beside_signed = np.zeros(len(at), dtype=bool)
    if blank.any() and signed.any():
        month_keys = pd.MultiIndex.from_arrays([periods, nips])
        beside_signed = blank & month_keys.isin(month_keys[signed])
    if beside_signed.any():
        check.galat(
            mask(beside_signed),
            "rater_nip",
            label,
            f"{label} kosong, padahal atasan langsung (" + named(beside_signed) + ") sudah mengisi penilaian "
            "pegawai ini untuk " + months(beside_signed) + " dengan NIP-nya; baris tanpa NIP Penilai ini tidak "
            "dipakai.",
            f"Hapus baris ini. Bila atasan ingin mengubah penilaiannya, ubah barisnya sendiri atau tambahkan "
            f"baris baru dengan NIP-nya di {label}.",
        )
    blank = blank & ~beside_signed
    if blank.any():
        check.peringatan(
            mask(blank),
            "rater_nip",
            label,
            f"{label} kosong; baris ini dianggap penilaian atasan langsung (" + named(blank) + ").",
            f"Isi {label} dengan NIP atasan yang menilai, agar terlihat siapa yang menilai.",
        )


# ---- Presensi ---------------------------------------------------------------------------------

MONTH_DAYS = 31  # no month has more days: a plausibility bound for every day count


def _attendance(
    check: TabCheck, roster: frozenset[str], refused: frozenset[str], options: ValidationOptions
) -> tuple[pd.DataFrame, pd.DataFrame]:
    today = options.today
    period = _periods(check, today)
    nip = _roster_nips(check, roster, refused, today)
    work_days = _number(check, "work_days", "Hari Kerja", integer=True, blank="{kolom} kosong.", low=1, high=MONTH_DAYS)
    # Counts of days or times in the month: attendance summaries write a zero as '-', so a lone dash
    # is 0 here. Not in Hari Kerja (at least 1: a dash there is no month), nor in Target/Realisasi
    # or the ratings, where a dash means "not known yet" and a 0 would be scored as a real value.
    day_count = dict(integer=True, most=MONTH_DAYS, dash_zero=True)
    present = _number(check, "present", "Hadir", blank="{kolom} kosong.", **day_count)
    late = _number(check, "late", "Terlambat", hint=" (kosong = 0)", **day_count)
    early = _number(check, "early_leave", "Pulang Cepat", hint=" (kosong = 0)", **day_count)
    absent = _number(check, "absent", "Tanpa Keterangan", hint=" (kosong = 0)", **day_count)

    _work_days_in_month(check, work_days, period)
    for parsed, key, label, what in (
        (late, "late", "Terlambat", "berapa kali datang terlambat"),
        (early, "early_leave", "Pulang Cepat", "berapa kali pulang sebelum waktunya"),
    ):
        _at_most_work_days(check, parsed, work_days, key, label, what)

    everything = np.arange(len(check))
    days = work_days.value
    total = present.value + _filled(absent, everything, 0.0)
    with np.errstate(invalid="ignore"):
        over = work_days.ok & present.ok & ~absent.bad & (total > days)
    if over.any():
        at = np.flatnonzero(over)
        p_label = check.label("present", "Hadir")
        a_label = check.label("absent", "Tanpa Keterangan")
        d_label = check.label("work_days", "Hari Kerja")
        check.galat(
            over,
            "present",
            p_label,
            p_label
            + " ("
            + _ints(present.value[at])
            + ") + "
            + a_label
            + " ("
            + _ints(_filled(absent, at, 0.0))
            + ") melebihi "
            + d_label
            + " ("
            + _ints(days[at])
            + ").",
            f"Periksa {p_label}, {a_label} dan {d_label}: {p_label} + {a_label} tidak boleh lebih dari {d_label}.",
        )
    _supersede_monthly(check, period, nip)
    at = np.flatnonzero(check.used)
    return clean_frame(
        {
            "period": period.at(at),
            "nip": nip.at(at),
            "work_days": work_days.at(at),
            "present": present.at(at),
            "late": _filled(late, at, 0.0),
            "early_leave": _filled(early, at, 0.0),
            "absent": _filled(absent, at, 0.0),
            "row": check.rows[at],
        },
        ATTENDANCE_DTYPES,
    ), _rejected(check, period, nip)


def _work_days_in_month(check: TabCheck, work_days: Parsed, period: Parsed) -> None:
    """Galat where Hari Kerja exceeds the days of the row's month (30 in February)."""
    in_month = period.mapped(lambda p: calendar.monthrange(int(p[:4]), int(p[5:7]))[1], fill=MONTH_DAYS, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        over = work_days.ok & period.ok & (work_days.value > in_month)
    if not over.any():
        return
    at = np.flatnonzero(over)
    label = check.label("work_days", "Hari Kerja")
    months = per_unique(period.at(at), period_label)
    check.galat(
        over,
        "work_days",
        label,
        label
        + " ("
        + _ints(work_days.value[at])
        + ") melebihi jumlah hari bulan "
        + months
        + " ("
        + _ints(in_month[at])
        + ").",
        "Isi " + label + " dengan jumlah hari kerja bulan " + months + ", paling banyak " + _ints(in_month[at]) + ".",
    )


def _at_most_work_days(check: TabCheck, parsed: Parsed, work_days: Parsed, key: str, label: str, what: str) -> None:
    """Galat where a count of the month exceeds the row's Hari Kerja (at most once a working day)."""
    with np.errstate(invalid="ignore"):
        over = parsed.ok & work_days.ok & (parsed.value > work_days.value)
    if not over.any():
        return
    at = np.flatnonzero(over)
    label = check.label(key, label)
    d_label = check.label("work_days", "Hari Kerja")
    days = _ints(work_days.value[at])
    check.galat(
        over,
        key,
        label,
        label + " (" + _ints(parsed.value[at]) + ") melebihi " + d_label + " (" + days + ").",
        "Isi " + label + " dengan " + what + " bulan itu, paling banyak " + d_label + " (" + days + ").",
    )


def _supersede_monthly(check: TabCheck, period: Parsed, nip: Parsed) -> None:
    """One row per (Periode, NIP): a later row replaces an earlier one."""
    keys = combine_codes(period.value_codes(), nip.value_codes())
    check.supersede(keys, "Periode dan NIP", "nip", check.label("nip", "NIP"))


def _ints(values: np.ndarray) -> np.ndarray:
    return values.astype(np.int64).astype(str).astype(object)
