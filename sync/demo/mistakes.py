"""Deliberately bad rows: about `rate` of the rows of the monthly tabs and of the survey.

Each spoiled row is recorded as a `Mistake` (spreadsheet, tab, sheet row, kind, detail) so a test
can check that the validator lists every one of them in `Validasi`. Only what a person really
types goes wrong here; messy but valid cells ('Okt 2026', '87,5', '90%', date cells) are made by
the generator and are not mistakes. Rows of the employees a demo story is about are left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from config.contract import FORM, LAPORAN, PEGAWAI, PENILAIAN, PRESENSI, RATING_KEYS, SKM_KEYS, InputTab
from sync.demo.city import FORM_ANSWERS_AT, FORM_KEYS, FORM_UNIT_AT

NIP_AS_NUMBER = "nip_as_number"  # a float cell: the last digits are gone
NIP_17_DIGITS = "nip_17_digits"
NIP_UNKNOWN = "nip_unknown"  # a well-formed NIP nobody in Pegawai has
PERIOD_IMPOSSIBLE = "period_impossible"  # '13/2026'
ACTUAL_BLANK = "actual_blank"
TARGET_ZERO = "target_zero"
DIRECTION_INVALID = "direction_invalid"  # 'Naik?'
RATING_OUT_OF_RANGE = "rating_out_of_range"  # 6
RATING_TEXT = "rating_text"  # 'baik'
RATING_DUPLICATE = "rating_duplicate"  # the row is superseded by a later row (same Periode, NIP)
# Appended rows by someone who is not the employee's supervisor (docs/scoring.md §7): Galat, and
# the supervisor's own row above them stays the one used.
RATING_COLLEAGUE = "rating_colleague"  # all 1s with a colleague's NIP as NIP Penilai
RATING_SELF = "rating_self"  # all 5s with the employee's own NIP as NIP Penilai
_APPENDED = (RATING_DUPLICATE, RATING_COLLEAGUE, RATING_SELF)
ATTENDANCE_OVER = "attendance_over_work_days"  # Hadir + Tanpa Keterangan > Hari Kerja
ANSWER_UNPARSEABLE = "answer_unparseable"  # 'sangat'
UNIT_UNKNOWN = "unit_unknown"  # 'Kantor Pos'
ANSWER_BLANK = "answer_blank"  # one of the nine questions left empty

KINDS_BY_TAB: dict[str, tuple[str, ...]] = {
    LAPORAN.name: (
        NIP_AS_NUMBER,
        NIP_17_DIGITS,
        NIP_UNKNOWN,
        PERIOD_IMPOSSIBLE,
        ACTUAL_BLANK,
        TARGET_ZERO,
        DIRECTION_INVALID,
    ),
    PENILAIAN.name: (RATING_OUT_OF_RANGE, RATING_TEXT, RATING_DUPLICATE, NIP_17_DIGITS, RATING_COLLEAGUE, RATING_SELF),
    PRESENSI.name: (ATTENDANCE_OVER, NIP_AS_NUMBER, NIP_UNKNOWN, PERIOD_IMPOSSIBLE),
    FORM.name: (ANSWER_UNPARSEABLE, UNIT_UNKNOWN, ANSWER_BLANK),
}
UNKNOWN_UNIT = "Kantor Pos"

# Positions of the columns in the tabs the generator writes (headers in contract order).
_FORM_UNIT = FORM_UNIT_AT
_FORM_QUESTIONS = range(FORM_ANSWERS_AT, FORM_ANSWERS_AT + len(SKM_KEYS))


@dataclass(frozen=True)
class Mistake:
    """A deliberately bad row. `row` is the sheet's row number (header = 1)."""

    spreadsheet: str
    tab: str
    row: int
    kind: str
    detail: str


def _col(tab: InputTab, key: str) -> int:
    return next(i for i, c in enumerate(tab.columns) if c.key == key)


def plant_mistakes(
    workbooks: dict[str, dict[str, list[list]]],
    agency_stems: list[str],
    city_stem: str,
    rate: float,
    rng: random.Random,
    protected: set[str],
    new_nip: Callable[[], str],
    year: int,
) -> list[Mistake]:
    """Spoil rows in place and return what was done, sorted by spreadsheet, tab and row.

    Every kind of its tab appears at least once, whatever the rate (so a small demo still shows
    each problem once).
    """
    mistakes: list[Mistake] = []
    for tab in (LAPORAN, PENILAIAN, PRESENSI):
        nip_at = _col(tab, "nip")
        candidates = [
            (stem, i)
            for stem in agency_stems
            for i, row in enumerate(workbooks[stem][tab.name])
            if i > 0
            and row[nip_at] is not None
            and row[nip_at] not in protected
            # a rating row without a NIP Penilai (a head of agency's) cannot show a wrong rater
            and (tab is not PENILAIAN or row[_col(tab, "rater_nip")] is not None)
        ]
        mistakes += _spoil(workbooks, tab, candidates, rate, rng, new_nip, year)
    form_rows = workbooks[city_stem][FORM.name]
    candidates = [(city_stem, i) for i, row in enumerate(form_rows) if i > 0 and row[_FORM_UNIT] is not None]
    mistakes += _spoil(workbooks, FORM, candidates, rate, rng, new_nip, year)
    return sorted(mistakes, key=lambda m: (m.spreadsheet, m.tab, m.row))


def _spoil(workbooks, tab: InputTab, candidates, rate, rng, new_nip, year) -> list[Mistake]:
    kinds = KINDS_BY_TAB[tab.name]
    count = min(len(candidates), max(len(kinds), round(rate * len(candidates))))
    chosen = rng.sample(candidates, count)
    out = []
    later: list[tuple[str, int, list]] = []  # duplicates to append once every row is spoiled
    for k, (stem, i) in enumerate(chosen):
        rows = workbooks[stem][tab.name]
        kind = kinds[k % len(kinds)]
        detail = _apply(kind, tab, rows[i], rng, new_nip, year)
        if kind in _APPENDED:
            later.append((stem, i, kind, _appended(kind, tab, rows[i], workbooks[stem], rng)))
            continue
        out.append(Mistake(stem, tab.name, i + 1, kind, detail))
    for stem, i, kind, added in later:
        rows = workbooks[stem][tab.name]
        rows.append(added)
        if kind == RATING_DUPLICATE:
            # The earlier row is the one not used, so it is the row Validasi must list.
            out.append(
                Mistake(
                    stem,
                    tab.name,
                    i + 1,
                    kind,
                    f"superseded by row {len(rows)} (same Periode and NIP; the later row wins)",
                )
            )
        else:
            # The appended row is the one rejected; the supervisor's row i + 1 stays used.
            who = "a colleague" if kind == RATING_COLLEAGUE else "the employee"
            out.append(
                Mistake(
                    stem,
                    tab.name,
                    len(rows),
                    kind,
                    f"rated by {who} ({added[_col(tab, 'rater_nip')]}); row {i + 1} is the supervisor's",
                )
            )
    return out


def _appended(kind: str, tab: InputTab, row: list, workbook: dict[str, list[list]], rng: random.Random) -> list:
    """The row appended after `row`: a supervisor's revision, a colleague's or a self-rating."""
    added = list(row)
    if kind == RATING_DUPLICATE:
        initiative = _col(tab, "initiative")
        added[initiative] = 3 if added[initiative] != 3 else 4
        added[_col(tab, "feedback")] = "Revisi penilaian setelah klarifikasi."
        return added
    nip, rater = row[_col(tab, "nip")], _col(tab, "rater_nip")
    value, feedback = (1, "jelek") if kind == RATING_COLLEAGUE else (5, "Saya hebat")
    for key in RATING_KEYS:
        added[_col(tab, key)] = value
    added[_col(tab, "feedback")] = feedback
    if kind == RATING_SELF:
        added[rater] = nip
    else:  # someone on the same roster who is neither the employee nor their supervisor
        others = [r[0] for r in workbook[PEGAWAI.name][1:] if r[0] not in (nip, row[rater])]
        added[rater] = rng.choice(others)
    return added


def _apply(kind: str, tab: InputTab, row: list, rng: random.Random, new_nip, year: int) -> str:
    """Spoil one row; return a short description."""
    if kind in (NIP_AS_NUMBER, NIP_17_DIGITS, NIP_UNKNOWN):
        at = _col(tab, "nip")
        nip = row[at]
        if kind == NIP_AS_NUMBER:
            row[at] = float(nip)
            return f"NIP {nip} typed as a number ({row[at]!r})"
        if kind == NIP_17_DIGITS:
            drop = rng.randrange(8, 18)
            row[at] = nip[:drop] + nip[drop + 1 :]
            return f"NIP {nip} typed with a digit missing: {row[at]}"
        row[at] = new_nip()
        return f"NIP {row[at]} is not in Pegawai"
    if kind == PERIOD_IMPOSSIBLE:
        at = _col(tab, "period")
        old, row[at] = row[at], f"13/{year}"
        was = f"{old:%d/%m/%Y}" if hasattr(old, "strftime") else old
        return f"Periode {row[at]} (month 13) instead of {was!r}"
    if kind == ACTUAL_BLANK:
        row[_col(tab, "actual")] = None
        return "Realisasi left blank"
    if kind == TARGET_ZERO:
        row[_col(tab, "target")] = 0
        return "Target 0"
    if kind == DIRECTION_INVALID:
        row[_col(tab, "direction")] = "Naik?"
        return "Arah 'Naik?'"
    if kind in (RATING_OUT_OF_RANGE, RATING_TEXT):
        key = rng.choice(
            ("service", "accountable", "competent", "harmonious", "loyal", "adaptive", "collaborative", "initiative")
        )
        value = 6 if kind == RATING_OUT_OF_RANGE else "baik"
        row[_col(tab, key)] = value
        return f"{tab.column(key).header} = {value!r}"
    if kind in _APPENDED:
        return ""
    if kind == ATTENDANCE_OVER:
        days = row[_col(tab, "work_days")]
        row[_col(tab, "present")] = days - 1
        row[_col(tab, "absent")] = 3
        return f"Hadir {days - 1} + Tanpa Keterangan 3 > Hari Kerja {days}"
    if kind == ANSWER_UNPARSEABLE:
        at = rng.choice(_FORM_QUESTIONS)
        row[at] = "sangat"
        return f"answer {FORM_KEYS[at - FORM_ANSWERS_AT].upper()} = 'sangat'"
    if kind == UNIT_UNKNOWN:
        old, row[_FORM_UNIT] = row[_FORM_UNIT], UNKNOWN_UNIT
        return f"Unit Layanan {UNKNOWN_UNIT!r} instead of {old!r}"
    if kind == ANSWER_BLANK:
        at = rng.choice(_FORM_QUESTIONS)
        row[at] = None
        return f"answer {FORM_KEYS[at - FORM_ANSWERS_AT].upper()} left blank"
    raise ValueError(f"unknown mistake kind {kind!r}")
