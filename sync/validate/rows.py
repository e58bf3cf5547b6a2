"""What validation takes and gives, and the row bookkeeping every input tab shares.

Each data row of a tab ends either used, rejected (at least one Galat) or superseded (an earlier
duplicate replaced by a later row), and every rejected or superseded row is listed in the issues
frame with its sheet row number: nothing is lost silently (docs/product.md, "Rules").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from config.contract import (
    GALAT,
    INVISIBLE,
    PERINGATAN,
    SKM_LABELS,
    InputTab,
    header_candidates,
    match_headers,
    normalize_header,
)
from sync import display
from sync.sources.backend import RawTab
from sync.sources.google.a1 import column_letters
from sync.validate.parse import KOLOM, Cells, Parsed, city_zone, formula_error_problems, render_cell

ISSUE_COLUMNS = ("tab", "row", "column", "value", "problem", "fix", "severity")
HEADER_ROW = 1  # issues about the header row (a missing column)
TAB_ROW = 0  # issues about a whole missing tab
REJECTED_DTYPES = {"period": "object", "nip": "object", "tab": "object", "row": "int64"}


@dataclass(frozen=True)
class ValidationOptions:
    """Settings of validation that come from config (all have defaults)."""

    header_aliases: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    form_tab: str = "Tanggapan Formulir 1"
    complaints_tab: str = "Pengaduan"
    skm_headers: dict[str, str] = field(default_factory=dict)
    answer_labels: dict[str, tuple[str, str, str, str]] = field(default_factory=lambda: dict(SKM_LABELS))
    extra_answer_labels: dict[str, int] = field(default_factory=dict)
    unit_aliases: dict[str, str] = field(default_factory=dict)
    today: date | None = None  # None: today in `timezone`
    timezone: str = "Asia/Jakarta"
    # Plausible bounds of Laporan Kinerja numbers (config [validation]): beyond them, a Galat.
    max_weight: float = 100.0
    max_value: float = 1e15

    def __post_init__(self):
        if self.today is None:
            object.__setattr__(self, "today", datetime.now(city_zone(self.timezone)).date())


@dataclass(frozen=True)
class TabCount:
    """Rows of one tab: read == used + rejected + superseded (blank rows are not read)."""

    tab: str
    read: int
    used: int
    rejected: int
    superseded: int


@dataclass(frozen=True)
class AgencyInput:
    """One agency's validated input: clean frames, the problems found, counts per tab."""

    code: str
    employees: pd.DataFrame
    reports: pd.DataFrame
    ratings: pd.DataFrame
    attendance: pd.DataFrame
    issues: pd.DataFrame
    counts: list[TabCount]
    # NIPs also on another agency's roster this cycle (sync.validate.cross_agency): each counts only in the
    # months this agency scores, so no person is counted twice in the city.
    shared: frozenset[str] = frozenset()
    # Monthly rows filled in but rejected (a Galat) whose Periode and NIP were still readable:
    # (period, nip, tab, row). The note of such a month says "ditolak (baris N di tab …; lihat tab Validasi)"
    # rather than "belum diisi" (scoring.rejected).
    rejected: pd.DataFrame = field(default_factory=lambda: empty_frame(REJECTED_DTYPES))


ORG_RATING_DTYPES = {"agency": "object", "year": "object", "org_rating": "object", "row": "int64"}
# The respondent profile of each used response (None: the form has no such column).
PROFILE_DTYPES = {
    "period": "object",
    "unit_id": "object",
    "agency": "object",
    "gender": "object",
    "age": "object",
    "education": "object",
    "occupation": "object",
    "row": "int64",
}


@dataclass(frozen=True)
class CityInput:
    """The city spreadsheet's validated input: survey responses, complaint log, problems, counts,
    and the optional `Kinerja Organisasi` ratings (agency, year 'YYYY', org_rating, row)."""

    responses: pd.DataFrame
    complaints: pd.DataFrame
    issues: pd.DataFrame
    counts: list[TabCount]
    org_ratings: pd.DataFrame = field(default_factory=lambda: empty_frame(ORG_RATING_DTYPES))
    profile: pd.DataFrame = field(default_factory=lambda: empty_frame(PROFILE_DTYPES))
    # The optional `Populasi Layanan` and `Rencana Tindak Lanjut` tabs (sync.validate.followup).
    population: pd.DataFrame | None = None
    rtl: pd.DataFrame | None = None


def empty_frame(dtypes: dict[str, str]) -> pd.DataFrame:
    """A frame with no rows and the given columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def clean_frame(columns: dict[str, object], dtypes: dict[str, str]) -> pd.DataFrame:
    """A clean frame from per-column arrays, cast to `dtypes`, without copying what fits already.

    `copy=False` also skips pandas' block consolidation, which for millions of rows costs
    seconds and a second copy of every text column.
    """
    arrays = {name: np.asarray(columns[name], dtype=dtype) for name, dtype in dtypes.items()}
    return pd.DataFrame(arrays, copy=False)


IssuePart = dict  # column (ISSUE_COLUMNS) -> one array of the part's rows (`_issue_part`)


def _part_rows(part: "pd.DataFrame | IssuePart") -> int:
    return len(part["row"]) if isinstance(part, dict) else len(part)


def issues_frame(parts: Iterable["pd.DataFrame | IssuePart"], tab_order: Sequence[str]) -> pd.DataFrame:
    """Concatenate issue parts (frames, or TabCheck's column arrays) into one frame sorted by tab
    order then row (stable otherwise). The columns are joined as arrays, one frame built at the end:
    a frame per part (hundreds per cycle) cost more than the issues themselves."""
    parts = [p for p in parts if _part_rows(p)]
    if not parts:
        return empty_frame({c: ("int64" if c == "row" else "object") for c in ISSUE_COLUMNS})
    frame = pd.DataFrame(
        {
            c: np.concatenate(
                [p[c] if isinstance(p, dict) else p[c].to_numpy() for p in parts]  # upcast as pd.concat does
            )
            for c in ISSUE_COLUMNS
        }
    )
    order = {name: i for i, name in enumerate(tab_order)}
    rank = frame["tab"].map(order).fillna(len(order)).to_numpy()
    sort = np.lexsort((frame["row"].to_numpy(), rank))  # lexsort is stable
    frame = frame.iloc[sort].reset_index(drop=True)
    return frame.astype({"row": "int64"})


def _issue_part(tab: str, rows, column, value, problem, fix, severity: str) -> IssuePart:
    rows = np.asarray(rows, dtype=np.int64)
    n = len(rows)

    def spread(x):
        if isinstance(x, str):
            return np.full(n, x, dtype=object)
        cells = np.asarray(x, dtype=object)
        return np.full(n, cells, dtype=object) if cells.ndim == 0 else cells  # a scalar, as a frame spreads it

    return {
        "tab": np.full(n, tab, dtype=object),
        "row": rows,
        "column": spread(column),
        "value": spread(value),
        "problem": spread(problem),
        "fix": spread(fix),
        "severity": np.full(n, severity, dtype=object),
    }


def row_range(rows: np.ndarray) -> str:
    """'baris 2–120' / 'baris 7' for messages."""
    if not len(rows):
        return "tidak ada baris data"
    low, high = int(rows.min()), int(rows.max())
    return f"baris {low}" if low == high else f"baris {low}–{high}"


RANGES_SHOWN = 20  # a grouped issue lists this many row ranges, then counts the rest


def row_ranges(rows: np.ndarray, limit: int = RANGES_SHOWN) -> str:
    """'baris 2–4, 6–7, 9' for sorted rows; past `limit` ranges, '…, dan 1.480 baris lain'."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return "tidak ada baris data"
    starts = np.flatnonzero(np.diff(rows, prepend=rows[0] - 2) != 1)
    ends = np.append(starts[1:], len(rows)) - 1
    parts = [f"{rows[a]}" if a == b else f"{rows[a]}–{rows[b]}" for a, b in zip(starts[:limit], ends[:limit])]
    text = "baris " + ", ".join(parts)
    if len(starts) > limit:
        rest = len(rows) - int(ends[limit - 1]) - 1
        text += f", dan {display.count(rest)} baris lain"
    return text


def header_text(cell: object) -> str:
    """A header cell as shown, with runs of spaces collapsed ('' when blank)."""
    return " ".join(INVISIBLE.sub("", render_cell(cell)).split())


def shown_header(header: Sequence[object], limit: int = 12) -> str:
    """The filled cells of a header row as a user would read them: 'Periode, NIP, Hadir'."""
    cells = [text for text in (header_text(h) for h in header) if text]
    if not cells:
        return "kosong"
    return ", ".join(cells[:limit]) + (", …" if len(cells) > limit else "")


_TIMES = {2: "dua", 3: "tiga", 4: "empat"}


def _letters(positions: Sequence[int]) -> str:
    letters = [column_letters(p + 1) for p in positions]
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " dan " + letters[-1]


def _filled_copies(filled: Sequence[int], candidates: Sequence[int]) -> str:
    if len(filled) == len(candidates):
        return "keduanya" if len(filled) == 2 else "semuanya"
    return f"kolom {_letters(filled)}"


def _resolve_duplicates(
    raw: RawTab, spec: InputTab, index: dict[str, int], extra_aliases: dict | None
) -> tuple[dict[str, int], list[tuple[str, str, str, str]]]:
    """Columns whose header appears more than once: use the one copy that holds data (Peringatan),
    and when several copies hold data reject the tab (required column: Galat) or keep the first
    (optional column: Peringatan). Returns the positions to use and (label, problem, fix, severity)
    notes; a Galat's problem has a `{rows}` placeholder for the rows it costs."""
    index = dict(index)
    notes = []
    for key, candidates in header_candidates(list(raw.header), spec, extra_aliases).items():
        if len(candidates) < 2:
            continue
        column = spec.column(key)
        label = column.header
        rows = raw.body.index.to_numpy(dtype=np.int64)
        filled = [
            p for p in candidates if p in raw.body.columns and not Cells.from_series(raw.body[p], rows).blank.all()
        ]
        typed = [header_text(raw.header[p]) for p in candidates]
        said = f" (judul {', '.join(repr(t) for t in typed)})" if len(set(typed)) > 1 else ""
        twice = (
            f"Di baris judul, kolom {label} muncul {_TIMES.get(len(candidates), len(candidates))} kali "
            f"(kolom {_letters(candidates)}){said}"
        )
        others = lambda keep: _letters([p for p in candidates if p != keep])  # noqa: E731, B023 (called in this iteration)
        if len(filled) <= 1:
            keep = filled[0] if filled else index.get(key, candidates[0])
            why = "satu-satunya yang berisi data" if filled else "semuanya masih kosong"
            index[key] = keep
            notes.append(
                (
                    label,
                    f"{twice}; dipakai kolom {_letters([keep])} ({why}).",
                    f"Hapus kolom {others(keep)}, sehingga judul '{label}' hanya ada satu.",
                    PERINGATAN,
                )
            )
        elif column.required:
            index.pop(key, None)
            notes.append(
                (
                    label,
                    f"{twice} dan {_filled_copies(filled, candidates)} berisi data, sehingga tidak jelas mana yang "
                    f"dipakai; {{rows}} tidak dapat dipakai.",
                    f"Satukan isinya di satu kolom '{label}', lalu hapus kolom lainnya atau ganti judulnya.",
                    GALAT,
                )
            )
        else:
            keep = index.get(key, filled[0])
            notes.append(
                (
                    label,
                    f"{twice} dan {_filled_copies(filled, candidates)} berisi data; dipakai kolom {_letters([keep])}, "
                    f"kolom {others(keep)} diabaikan.",
                    f"Satukan isinya di satu kolom '{label}', lalu hapus kolom lainnya atau ganti judulnya.",
                    PERINGATAN,
                )
            )
    return index, notes


HEADER_SEARCH_ROWS = 10  # a title block above the headers is a few rows at most


def _header_row_below(raw: RawTab, spec: InputTab, extra_aliases: dict | None) -> int | None:
    """The sheet row (2..11) that matches every required column of `spec`, if any."""
    for row, values in raw.body.head(HEADER_SEARCH_ROWS).iterrows():
        if not match_headers(list(values), spec, extra_aliases).missing:
            return int(row)
    return None


def find_tab(tabs: dict[str, RawTab], name: str) -> RawTab | None:
    """The tab named `name`, matched exactly first, then case- and space-insensitively."""
    if name in tabs:
        return tabs[name]
    key = normalize_header(name)
    return next((tab for tab_name, tab in tabs.items() if normalize_header(tab_name) == key), None)


class TabCheck:
    """The non-blank data rows of one input tab and what became of each.

    Columns are given by position (`positions`: key -> column index) and factorized once into
    `Cells`. `missing` lists (header, fix) of required columns not found (fix '' = the standard
    advice): the whole tab is then unusable, reported once per missing column at row 1.
    Row-level methods take boolean masks over the rows.
    """

    def __init__(
        self,
        name: str,
        header: Sequence[object],
        body: pd.DataFrame,
        positions: dict[str, int],
        missing: Sequence[tuple[str, str]] = (),
        read_as_header: str = "",
    ):
        self.name = name
        self.labels = {key: header_text(header[pos]) for key, pos in positions.items()}
        all_rows = body.index.to_numpy(dtype=np.int64)
        cells = {
            key: Cells.from_series(body[pos] if pos in body.columns else None, all_rows)
            for key, pos in positions.items()
        }
        # Blank rows are those with nothing in any recognised column (a pre-numbered "No" column
        # alone does not make a row); with no column recognised at all, every column counts.
        watched = list(cells.values()) or [Cells.from_series(body[c], all_rows) for c in body.columns]
        blank = np.logical_and.reduce([c.blank for c in watched]) if watched else np.ones(len(all_rows), bool)
        keep = np.flatnonzero(~blank)
        if len(keep) < len(all_rows):
            cells = {key: c.take(keep) for key, c in cells.items()}
        self.rows = all_rows[keep]
        self._cells = cells
        self.rejected = np.zeros(len(self.rows), dtype=bool)
        self.superseded = np.zeros(len(self.rows), dtype=bool)
        self._issues: list[IssuePart] = []
        self._formula_errors: dict[str, np.ndarray] = {}  # key -> per row: the cell is a formula error
        self.broken = False
        for label, fix in missing:
            self.reject_all(
                label,
                f"Kolom '{label}' tidak ditemukan di baris judul (baris 1), sehingga "
                f"{len(self.rows)} baris data ({row_range(self.rows)}) tidak dapat dipakai."
                + (f" Baris 1 terbaca: {read_as_header}." if read_as_header else ""),
                fix
                or f"Tambahkan kolom berjudul '{label}' di baris 1 tab '{name}' (huruf besar/kecil "
                f"dan spasi bebas; urutan kolom bebas).",
            )

    @staticmethod
    def blank_header(header: Sequence[object]) -> bool:
        return not any(header_text(h) for h in header)

    @classmethod
    def from_contract(
        cls, spec: InputTab, raw: RawTab, extra_aliases: dict[str, tuple[str, ...]] | None = None
    ) -> "TabCheck":
        """Match the header row against the contract's columns and aliases."""
        return cls.from_header(raw, spec, [c.header for c in spec.columns], extra_aliases)

    @classmethod
    def from_header(
        cls,
        raw: RawTab,
        spec: InputTab,
        headers: Sequence[str],
        extra_aliases: dict[str, tuple[str, ...]] | None = None,
        more_positions: dict[str, int] | None = None,
        more_missing: Sequence[tuple[str, str]] = (),
    ) -> "TabCheck":
        """Like `from_contract`, plus columns found by other means (the form's questions)."""
        if raw.refusal is not None:  # the backend did not read the tab (too large): say which cell
            check = cls(raw.name, [], raw.body, {})
            check.reject_all("", *raw.refusal)
            return check
        header = list(raw.header)
        if cls.blank_header(header):
            check = cls(raw.name, header, raw.body, {})
            columns = ", ".join(headers)
            check.reject_all(
                "",
                f"Baris judul (baris 1) tab '{raw.name}' kosong, sehingga {len(check.rows)} baris data "
                f"({row_range(check.rows)}) tidak dapat dipakai.",
                f"Ketik judul kolom di baris 1 tab '{raw.name}': {columns}.",
            )
            return check
        matched = match_headers(header, spec, extra_aliases)
        missing = [(spec.column(key).header, "") for key in matched.missing] + list(more_missing)
        if missing and not matched.index and not more_positions:
            return cls._unrecognised_header(raw, spec, headers, extra_aliases)
        index, notes = _resolve_duplicates(raw, spec, matched.index, extra_aliases)
        check = cls(
            raw.name,
            header,
            raw.body,
            {**index, **(more_positions or {})},
            missing,
            read_as_header=shown_header(header),
        )
        for label, problem, fix, severity in notes:
            if severity == GALAT:
                check.reject_all(
                    label, problem.format(rows=f"{len(check.rows)} baris data ({row_range(check.rows)})"), fix
                )
            else:
                check._issues.append(_issue_part(raw.name, [HEADER_ROW], label, "", problem, fix, severity))
        for key, pos in index.items():
            # ' nip ' is the contract's 'NIP' typed loosely: show the contract's spelling.
            if normalize_header(header[pos]) == normalize_header(spec.column(key).header):
                check.labels[key] = spec.column(key).header
        check.reject_formula_errors()
        return check

    @classmethod
    def _unrecognised_header(
        cls, raw: RawTab, spec: InputTab, headers: Sequence[str], extra_aliases: dict | None
    ) -> "TabCheck":
        """Row 1 matches no column at all: one Galat that says what row 1 holds and, when a row
        below holds the headers (a title row above them), which row that is."""
        header = list(raw.header)
        check = cls(raw.name, header, raw.body, {})
        found = _header_row_below(raw, spec, extra_aliases)
        problem = (
            f"Baris 1 tab '{raw.name}' dibaca sebagai baris judul kolom, tetapi isinya "
            f"({shown_header(header)}) tidak cocok dengan judul kolom mana pun, sehingga "
            f"{len(check.rows)} baris data ({row_range(check.rows)}) tidak dapat dipakai."
        )
        if found:
            problem += f" Judul kolom tampaknya ada di baris {found}."
            fix = (
                f"Judul kolom harus ada di baris 1: hapus baris {'1' if found == 2 else f'1–{found - 1}'} di "
                f"atas judul kolom (judul laporan dapat ditulis di tab lain), sehingga judul kolom pindah ke "
                f"baris 1."
            )
        else:
            fix = f"Ketik judul kolom di baris 1 tab '{raw.name}': {', '.join(headers)}."
        check.reject_all("", problem, fix)
        return check

    @classmethod
    def absent(cls, name: str, headers: Sequence[str]) -> "TabCheck":
        """A required tab the spreadsheet does not have: one issue at row 0, no rows."""
        check = cls(name, [], pd.DataFrame(index=pd.RangeIndex(2, 2)), {})
        check.broken = True
        check._issues.append(
            _issue_part(
                name,
                [TAB_ROW],
                "",
                "",
                f"Tab '{name}' tidak ditemukan.",
                f"Buat tab bernama '{name}' dengan judul kolom di baris 1: {', '.join(headers)}.",
                GALAT,
            )
        )
        return check

    # ---- columns ----

    def __len__(self) -> int:
        return len(self.rows)

    def cells(self, key: str) -> Cells:
        """A column's cells (all blank when the tab lacks this optional column)."""
        found = self._cells.get(key)
        return found if found is not None else Cells.blank_column(self.rows)

    def label(self, key: str, default: str = "") -> str:
        """The header users see for a column (their own spelling when the column exists)."""
        return self.labels.get(key) or default

    @property
    def used(self) -> np.ndarray:
        return ~self.rejected & ~self.superseded

    # ---- issues ----

    def reject_formula_errors(self) -> None:
        """Reject rows with a formula error (#DIV/0!, #N/A, ...) in any recognised column, one Galat
        per cell; other checks then stay silent about that cell (it is not blank, nor a value)."""
        for key, cells in self._cells.items():
            is_error, problem, fix = formula_error_problems(cells)
            if not is_error.any():
                continue
            mask = is_error[cells.codes]
            positions = np.flatnonzero(mask)
            label = self.label(key)
            codes = cells.codes[positions]
            texts = np.array([p.replace(KOLOM, label) for p in problem[codes]], dtype=object)
            self._add(positions, key, label, texts, fix[codes], GALAT)
            self.rejected[positions] = True
            self._formula_errors[key] = mask

    def _add(self, positions: np.ndarray, key: str, label: str, problem, fix, severity: str) -> None:
        errors = self._formula_errors.get(key)
        if errors is not None and errors[positions].any():  # said already: "berisi galat rumus"
            keep = ~errors[positions]
            positions = positions[keep]
            problem = problem if isinstance(problem, str) else np.asarray(problem, dtype=object)[keep]
            fix = fix if isinstance(fix, str) else np.asarray(fix, dtype=object)[keep]
            if not len(positions):
                return
        value = self.cells(key).render(positions) if key else ""
        rows = self.rows[positions]
        self._issues.append(_issue_part(self.name, rows, label, value, problem, fix, severity))

    def galat(self, mask: np.ndarray, key: str, label: str, problem, fix) -> None:
        """Reject the rows in `mask`; `problem`/`fix` are texts or arrays (one per masked row)."""
        positions = np.flatnonzero(mask)
        if len(positions):
            self._add(positions, key, label, problem, fix, GALAT)
            self.rejected[positions] = True

    def peringatan(self, mask: np.ndarray, key: str, label: str, problem, fix) -> None:
        """Warn about the rows in `mask`; they are still used."""
        positions = np.flatnonzero(mask)
        if len(positions):
            self._add(positions, key, label, problem, fix, PERINGATAN)

    def report(self, parsed: Parsed, key: str, label: str, severity: str = GALAT, group: bool = False) -> None:
        """Report every filled cell `parsed` could not use, with the parser's own messages.

        `group`: rows that repeat one unusable value become one issue at the first of them, with
        their count and row ranges (a pilot city's form names thousands of agencies not yet
        configured: one Validasi row each would bury every other problem). Every row is still
        rejected and counted.
        """
        positions = np.flatnonzero(parsed.bad)
        if not len(positions):
            return
        if severity == GALAT:
            self.rejected[positions] = True
        problem, fix = parsed.problems(positions, label)
        if not group:
            self._add(positions, key, label, problem, fix, severity)
            return
        codes = parsed.cells.codes[positions]
        order = np.argsort(codes, kind="stable")  # stable: each group keeps its rows in order
        groups = np.split(np.arange(len(positions))[order], np.flatnonzero(np.diff(codes[order])) + 1)
        alone = np.concatenate([g for g in groups if len(g) == 1] or [np.zeros(0, dtype=np.int64)])
        if len(alone):
            alone.sort()
            self._add(positions[alone], key, label, problem[alone], fix[alone], severity)
        for group in groups:
            if len(group) == 1:
                continue
            at, n, rows = group[0], display.count(len(group)), self.rows[positions[group]]
            self._issues.append(
                _issue_part(
                    self.name,
                    rows[:1],
                    label,
                    self.cells(key).render(positions[at : at + 1]),
                    f"{problem[at]} ({n} baris dengan isi ini: {row_ranges(rows)}.)",
                    f"{fix[at]} Perbaikan berlaku untuk semua {n} baris ini: saring kolom {label} dengan isi ini.",
                    severity,
                )
            )

    def require(self, parsed: Parsed | Cells, key: str, label: str, problem: str, fix: str) -> None:
        """Reject rows where a required cell is blank."""
        self.galat(parsed.blank, key, label, problem, fix)

    def reject_all(self, label: str, problem: str, fix: str) -> None:
        """One header-level Galat (row 1) that makes every data row of the tab unusable."""
        self.broken = True
        self.rejected[:] = True
        self._issues.append(_issue_part(self.name, [HEADER_ROW], label, "", problem, fix, GALAT))

    def header_note(self, label: str, problem: str, fix: str, severity: str = PERINGATAN) -> None:
        """One header-level issue (row 1) that rejects no row (a Peringatan by default)."""
        self._issues.append(_issue_part(self.name, [HEADER_ROW], label, "", problem, fix, severity))

    def supersede(self, keys: np.ndarray, what: str, key: str, label: str) -> None:
        """Among rows not rejected, an earlier row with the same `keys` is replaced by the last.

        `keys` is one integer per row (see `combine_codes`); `what` names the key in messages.
        """
        live = np.flatnonzero(~self.rejected)
        live_keys = keys[live]
        # One hash pass over all rows finds the members of duplicate groups; the rest of the
        # work is on those few rows only.
        involved = pd.Series(live_keys).duplicated(keep=False).to_numpy()
        if not involved.any():
            return
        group_keys = live_keys[involved]
        group_rows = self.rows[live[involved]]
        loser = pd.Series(group_keys).duplicated(keep="last").to_numpy()
        last_row = pd.Series(group_rows).groupby(group_keys).transform("last").to_numpy()
        positions = live[involved][loser]
        winners = last_row[loser].astype(str)
        self.superseded[positions] = True
        self._add(
            positions,
            key,
            label,
            "Data ganda: "
            + what
            + " sama dengan baris "
            + winners
            + "; baris ini tidak dipakai, yang dipakai baris "
            + winners
            + ".",
            "Hapus baris ini, atau pindahkan isinya ke baris " + winners + " (baris yang paling bawah yang dipakai).",
            PERINGATAN,
        )

    def release(self) -> None:
        """Drop the parsed columns once the clean frame is built (issues and counts stay)."""
        self._cells = {}

    def count(self) -> TabCount:
        rejected = int(self.rejected.sum())
        superseded = int((self.superseded & ~self.rejected).sum())
        read = len(self.rows)
        return TabCount(self.name, read, read - rejected - superseded, rejected, superseded)

    def issues(self) -> list[IssuePart]:
        return list(self._issues)


def open_tab(spec: InputTab, tabs: dict[str, RawTab], options: ValidationOptions, name: str | None = None) -> TabCheck:
    """The TabCheck of a contract tab, or an absent-tab check (one issue at row 0)."""
    name = name or spec.name
    raw = find_tab(tabs, name)
    if raw is None:
        return TabCheck.absent(name, [c.header for c in spec.columns])
    return TabCheck.from_contract(spec, raw, options.header_aliases.get(spec.key))


def combine_codes(*codes: np.ndarray) -> np.ndarray:
    """One int64 key per row from several per-row integer codes (each >= -1)."""
    key = np.asarray(codes[0], dtype=np.int64) + 1
    for more in codes[1:]:
        more = np.asarray(more, dtype=np.int64) + 1
        key = key * (int(more.max(initial=0)) + 1) + more
        if key.max(initial=0) > 2**40:  # keep room for the next multiplication
            key = pd.factorize(key)[0].astype(np.int64)
    return key
