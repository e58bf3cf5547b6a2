"""Build the owned tabs (Indonesian headers, display-rounded values) from scored frames.

Pure: frames in, SheetTable out. Numbers are rounded half-up to 2 decimals for display (docs/scoring.md)
and written as numbers with a 2-decimal format; every text stays text.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Callable

import numpy as np
import pandas as pd

from config.contract import (
    MONTH,
    QUARTER,
    SKM_ELEMENTS,
    TAB_HASIL,
    TAB_IKM_PERIODIK,
    TAB_IKM_UNIT,
    TAB_PROFIL,
    TAB_REKAP_KOTA,
    TAB_RINGKASAN,
    TAB_VALIDASI,
    VALIDASI_HEADERS,
    YEAR,
    period_kind,
    period_label,
)
from scoring.distribution import year_warnings
from scoring.indonesian import long_date
from scoring.rejected import rejected_rows
from scoring.rounding import round_half_up
from scoring.sample import RULE_KREJCIE_MORGAN, minimum_text
from scoring.summary import PREDIKAT_COLUMNS
from scoring.vocabulary import LEVEL_LABELS
from sync.display import count
from sync.sources.backend import SheetTable
from sync.validate.profile import CHARACTERISTICS, category_rank

TWO_DP = "0.00"
YES, NO = "Ya", "Tidak"


def _cell(value: object, decimals: int | None = None) -> object:
    """A JSON- and Excel-safe cell: None for missing, rounded floats, Python ints, plain text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return YES if value else NO
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):  # NaN is missing; an infinity is never a result to show
            return None
        return float(round_half_up(float(value), decimals)) if decimals is not None else float(value)
    return str(value)


def _flag(values: pd.Series) -> pd.Series:
    """True where a stored flag is set (bool, 1 or 1.0); missing counts as not set."""
    return values.eq(True)


def _column(values: pd.Series, decimals: int | None) -> list[object]:
    """One column as sheet cells, vectorised for the common dtypes (36,000-row tabs are usual)."""
    kind = values.dtype.kind
    if kind == "b":
        return np.where(values.to_numpy(), YES, NO).tolist()
    if kind in "iu":
        return values.tolist()
    if kind == "f":
        numbers = values.to_numpy(dtype=float)
        if decimals is not None:
            numbers = round_half_up(numbers, decimals)
        # NaN is missing; an infinity (a bug upstream) must not reach a sheet either: a Google
        # write cannot carry it in JSON, and xlsxwriter refuses it.
        cells = numbers.astype(object)  # Python floats
        cells[~np.isfinite(numbers)] = None
        return cells.tolist()
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values.astype(object).where(values.notna(), None).tolist()
    return [_cell(v, decimals) for v in values.tolist()]


def each_agency(
    name: str,
    spec: list[tuple[str, str, int | None]],
    build: Callable[..., pd.DataFrame],
    inputs: dict[str, tuple[pd.DataFrame, ...]],
) -> dict[str, SheetTable]:
    """One tab per agency, built in one pass over every agency's rows rather than once per agency
    (pandas' fixed cost per call, 40 times a cycle, was most of the time).

    `build` turns the input frames into the tab's sorted frame (column `agency` kept); the rows are
    then split by agency. Identical to a tab per agency because every step is row by row or keyed
    by agency, sorts are stable (an agency's rows keep their relative order), and a column's cells
    depend on its dtype only: agencies whose frames differ in columns or dtypes from the first,
    and those with no rows, are built on their own; so is every agency when a joint merge would
    type a column otherwise (`_Uneven`).
    """

    def single(code: str) -> SheetTable:
        return _table(name, build(*inputs[code]), spec)

    codes = [code for code, parts in inputs.items() if len(parts[0])]
    if codes:
        first = [p.dtypes for p in inputs[codes[0]]]
        codes = [
            code
            for code in codes
            if all(p.dtypes.index.equals(f.index) and (p.dtypes == f).all() for p, f in zip(inputs[code], first))
        ]
    if len(codes) < 2:
        return {code: single(code) for code in inputs}
    joined = [pd.concat([inputs[code][k] for code in codes], ignore_index=True) for k in range(len(first))]
    try:
        frame = build(*joined)
    except _Uneven:
        return {code: single(code) for code in inputs}
    table = _table(name, frame, spec)
    at, found = pd.factorize(frame["agency"].to_numpy(dtype=object))
    positions = {str(code): np.flatnonzero(at == k) for k, code in enumerate(found)}
    empty = np.array([], dtype=np.intp)
    tabs = {
        code: SheetTable(
            name=name,
            headers=table.headers,
            rows=[table.rows[i] for i in positions.get(code, empty).tolist()],
            number_format=table.number_format,
        )
        for code in codes
    }
    return {code: tabs[code] if code in tabs else single(code) for code in inputs}


def hasil_kinerja_each(
    results: dict[str, pd.DataFrame],
    *,
    restricted: bool = False,
    rejected: dict[str, pd.DataFrame | None] | None = None,
    result_page: str = "/saya",
) -> dict[str, SheetTable]:
    """`hasil_kinerja` of every agency (code -> its results), in one pass; `restricted` (the
    agencies in [privacy] "terbatas" mode): their rows to fix (`rejected`, code -> its rows) are
    matched agency by agency first, so each names its own tabs in its own order."""
    if not restricted:
        return each_agency(TAB_HASIL, HASIL_SPEC, _hasil_frame, {code: (r,) for code, r in results.items()})
    rejected = rejected or {}
    inputs = {code: (r.assign(to_fix=_rows_to_fix(r, rejected.get(code))),) for code, r in results.items()}
    return each_agency(TAB_HASIL, HASIL_TERBATAS_SPEC, lambda r: _terbatas_frame(r, result_page), inputs)


def _rows(frame: pd.DataFrame, spec: list[tuple[str, str, int | None]]) -> list[list[object]]:
    """Rows of `frame` in the order of `spec` (header, column or '' for blank, decimals)."""
    columns = [
        _column(frame[key], decimals) if key and key in frame.columns else [None] * len(frame)
        for _header, key, decimals in spec
    ]
    return [list(row) for row in zip(*columns)] if columns else []


def _table(name: str, frame: pd.DataFrame, spec: list[tuple[str, str, int | None]]) -> SheetTable:
    return SheetTable(
        name=name,
        headers=tuple(h for h, _k, _d in spec),
        rows=_rows(frame, spec),
        number_format={h: TWO_DP for h, _k, d in spec if d == 2},
    )


PREDIKAT_SPEC = [(label, column, None) for label, column in PREDIKAT_COLUMNS.items()]
COMPLAINT_SPEC = [
    ("Pengaduan Masuk", "received", None),
    ("Pengaduan Selesai", "resolved", None),
    # Renamed per config by _with_days_limit: the SP4N-LAPOR! follow-up limit, 5 working days.
    ("Selesai ≤ 5 Hari Kerja", "resolved_in_limit", None),
]


def _with_days_limit(spec: list, days: int) -> list:
    """The spec with the complaint column named after the configured working-day limit."""
    return [(f"Selesai ≤ {days} Hari Kerja" if key == "resolved_in_limit" else h, key, d) for h, key, d in spec]


HASIL_SPEC = [
    ("Periode", "period_label", None),
    ("NIP", "nip", None),
    ("Nama", "name", None),
    ("Jabatan", "position", None),
    ("Unit Kerja", "unit", None),
    ("Jumlah Indikator", "indicators", None),
    ("Capaian Hasil Kerja", "nhk_own", 2),
    ("IKM Unit", "ikm", 2),
    ("Responden IKM", "ikm_responses", None),
    ("Capaian IKM", "c_ikm", 2),  # as the report and the HR explanation name it
    ("Nilai Hasil Kerja", "nhk", 2),
    ("Rating Hasil Kerja", "rating_hk", None),
    ("Nilai BerAKHLAK", "b", 2),
    ("Nilai Disiplin", "d", 2),
    ("Nilai Inisiatif", "i", 2),
    ("Nilai Perilaku Kerja", "npk", 2),
    ("Rating Perilaku", "rating_pk", None),
    ("Predikat", "predikat", None),
    ("Nilai Akhir", "na", 2),
    ("Perubahan Nilai Akhir", "na_change", 2),
    ("Rata-rata 3 Bulan", "na_ma3", 2),
    ("Perlu Perhatian", "attention", None),
    ("Alasan Perhatian", "attention_reason", None),
    ("Catatan Penilaian", "catatan", None),
    ("Data Belum Lengkap", "missing", None),
    ("Umpan Balik Atasan", "feedback", None),
    # The Pejabat Penilai's act, or an upheld keberatan (sync.locks); before a column that is never
    # empty, as Google Sheets drops a row's empty cells at the end.
    ("Penetapan", "penetapan", None),
    ("Kode Aturan", "rules_id", None),
]


# [privacy] agency_results = "terbatas": what colleagues who share the spreadsheet need to act on,
# and nothing of the appraisal itself (no score, rating, predikat, note, feedback or absence count).
HASIL_TERBATAS_SPEC = [
    ("Periode", "period_label", None),
    ("NIP", "nip", None),
    ("Nama", "name", None),
    ("Jabatan", "position", None),
    ("Unit Kerja", "unit", None),
    ("Status Data", "data_status", None),
    ("Data Belum Lengkap", "missing", None),  # what is missing and who fills it in
    ("Baris Perlu Diperbaiki", "to_fix", None),
    ("Penetapan", "penetapan", None),  # whether it is final, never how a keberatan changed it
    ("Hasil Dibaca di", "result_page", None),
]
DATA_COMPLETE, DATA_INCOMPLETE = "Lengkap", "Belum lengkap"
# Every input is there but some row of the month was rejected (one of four indicator rows, say):
# the result stands on the rows used, so it is not "Lengkap" until the row is fixed.
DATA_REJECTED = "Ada baris ditolak"


def _rows_to_fix(frame: pd.DataFrame, rejected: pd.DataFrame | None) -> pd.Series:
    """Per result row: its month's rejected input rows, 'Laporan Kinerja baris 12; Presensi baris
    4 (lihat tab Validasi)', '' where none (scoring.rejected's row lists)."""
    blank = pd.Series("", index=frame.index, dtype=object)
    if rejected is None or rejected.empty or frame.empty:
        return blank
    parts = []
    for tab in dict.fromkeys(rejected["tab"]):
        rows = rejected_rows(frame["period"], frame["nip"], rejected, tab)
        parts.append(np.where(rows != "", tab + " " + rows.astype(object), ""))
    text = ["; ".join(p for p in row if p) for row in zip(*parts)]
    found = pd.Series(text, index=frame.index, dtype=object)
    return found.where(found == "", found + " (lihat tab Validasi)")


# The `decision` column (sync.locks): "<act> <YYYY-MM-DD>" -> what the Penetapan cell says.
_DECISIONS = (
    ("keberatan diterima", "Diubah melalui keberatan"),
    ("ditetapkan", "Ditetapkan"),
    ("dikembalikan", "Dikembalikan"),
)


def penetapan_text(decision: object, restricted: bool = False) -> str:
    """'Ditetapkan 5 November 2026', 'Dikembalikan 6 November 2026', 'Diubah melalui keberatan 20
    November 2026'; '' for a result nobody has acted on. `restricted`: a keberatan reads 'Ditetapkan'
    (the act is shown, not that the employee objected)."""
    if not isinstance(decision, str) or not decision.strip():
        return ""
    for prefix, words in _DECISIONS:
        if decision.startswith(prefix):
            rest = decision[len(prefix) :].strip()
            if restricted and prefix == "keberatan diterima":
                return "Ditetapkan"
            try:
                return f"{words} {long_date(dt.date.fromisoformat(rest[:10]))}"
            except ValueError:
                return words
    return decision


def _penetapan(frame: pd.DataFrame, restricted: bool = False) -> pd.Series:
    if "decision" not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return pd.Series([penetapan_text(d, restricted) for d in frame["decision"]], index=frame.index, dtype=object)


def hasil_kinerja(
    results: pd.DataFrame, *, restricted: bool = False, rejected: pd.DataFrame | None = None, result_page: str = "/saya"
) -> SheetTable:
    """`Hasil Kinerja`: one row per employee x period, latest period first.

    `restricted` ([privacy] agency_results = "terbatas"): the HASIL_TERBATAS_SPEC columns only;
    `rejected` (scoring.rejected rows) then names the rows to fix, `result_page` where to read the result.
    """
    if restricted:
        frame = _terbatas_frame(results.assign(to_fix=_rows_to_fix(results, rejected)), result_page)
        return _table(TAB_HASIL, frame, HASIL_TERBATAS_SPEC)
    return _table(TAB_HASIL, _hasil_frame(results), HASIL_SPEC)


def _terbatas_frame(results: pd.DataFrame, result_page: str) -> pd.DataFrame:
    """The restricted tab's frame from results with their `to_fix` texts (row by row, so one
    agency's or several agencies' at once give the same rows)."""
    frame = results.assign(period_label=results["period"].map(period_label))
    missing = frame["missing"].fillna("").astype(str) if "missing" in frame else pd.Series("", index=frame.index)
    frame = frame.assign(
        missing=missing,
        data_status=_data_status(missing, frame["to_fix"] if "to_fix" in frame else None),
        result_page=f"{result_page if '://' in result_page else f'halaman {result_page} di situs Kinerja'} "
        # docs/product.md "Who sees what": the site opens it to these roles only, each view logged.
        "(masuk dengan NIP Anda; hasilnya hanya terbuka bagi Anda, atasan Anda (dua tingkat), admin OPD Anda, "
        "dan BKPSDM, dan setiap kali orang lain membukanya tercatat dan dapat Anda lihat)",
        penetapan=_penetapan(frame, restricted=True),
    )
    return frame.sort_values(["period", "unit", "name", "nip"], ascending=[False, True, True, True])


def _data_status(missing: pd.Series, to_fix: pd.Series | None) -> np.ndarray:
    """Status Data: Belum lengkap (an input missing), Ada baris ditolak (none missing, but a row
    of the month rejected: Baris Perlu Diperbaiki names it), else Lengkap."""
    rejected = to_fix.fillna("").astype(str).ne("").to_numpy() if to_fix is not None else False
    return np.where(missing.ne(""), DATA_INCOMPLETE, np.where(rejected, DATA_REJECTED, DATA_COMPLETE))


def _hasil_frame(results: pd.DataFrame) -> pd.DataFrame:
    frame = results.assign(period_label=results["period"].map(period_label), penetapan=_penetapan(results))
    if "attention" in frame:  # stored as 0/1: shown as Ya/Tidak
        frame = frame.assign(attention=_flag(frame["attention"]))
    if "catatan" not in frame:
        notes = (frame["ikm_note"].fillna("").astype(str) + " " + frame["gate_note"].fillna("").astype(str)).str.strip()
        frame = frame.assign(catatan=notes)
    return frame.sort_values(["period", "unit", "name", "nip"], ascending=[False, True, True, True])


def validasi(issues: pd.DataFrame) -> SheetTable:
    """`Validasi`: every problem found, in the order of the tabs and rows."""
    keys = ("tab", "row", "column", "value", "problem", "fix", "severity")
    spec = [(h, k, None) for h, k in zip(VALIDASI_HEADERS, keys)]
    return _table(TAB_VALIDASI, issues, spec)


RINGKASAN_SPEC = [
    ("Periode", "period_label", None),
    ("Pegawai Aktif", "headcount", None),
    ("Laporan Kinerja Masuk", "reported", None),
    ("Penilaian Atasan Masuk", "rated", None),
    ("Presensi Masuk", "attended", None),
    ("Pegawai Data Lengkap", "complete", None),
    ("Persentase Data Lengkap", "complete_percent", 2),  # 0–100, like every other 2-dp number
    ("Pegawai Berpredikat", "scored", None),
    ("Rata-rata Nilai Hasil Kerja", "avg_nhk", 2),
    ("Rata-rata Nilai Perilaku Kerja", "avg_npk", 2),
    ("Rata-rata Nilai Akhir", "avg_na", 2),
    ("Perubahan Rata-rata Nilai Akhir", "na_change", 2),
    ("Rata-rata 3 Bulan", "na_ma3", 2),
    ("Perlu Perhatian", "attention", None),
    ("Alasan Perhatian", "attention_reason", None),
    *PREDIKAT_SPEC,
    ("IKM OPD", "ikm", 2),
    ("Mutu Pelayanan", "mutu_text", None),
    ("Responden SKM", "respondents", None),
    # Who to chase this month (scoring.completeness), long text last so the numbers stay together.
    ("Belum Lapor Kinerja", "not_reported", None),
    ("Belum Dinilai Atasan", "not_rated", None),
    ("Belum Ada Presensi", "no_attendance", None),
    ("Peringatan Distribusi Predikat", "distribution_warning", None),
]


def _mutu_text(frame: pd.DataFrame, min_responses: int) -> pd.Series:
    """'A (Sangat Baik)', or why there is no published mutu."""
    if "mutu" not in frame:
        return pd.Series("", index=frame.index)
    text = frame["mutu"].fillna("") + " (" + frame["mutu_label"].fillna("") + ")"
    respondents = pd.to_numeric(frame["respondents"], errors="coerce").fillna(0).astype(int)
    short = "Data belum cukup (" + respondents.astype(str) + f" dari minimal {min_responses} responden)"
    judged = _krejcie_morgan(frame)
    if judged.any():  # the minimum came from Populasi Layanan: say so (scoring.sample)
        words = pd.Series(_minimum_words(frame), index=frame.index, dtype=object)
        short = short.where(
            ~judged, "Data belum cukup (" + respondents.astype(str) + " responden, minimal " + words + ")"
        )
    return text.where(_flag(frame["sufficient"]), short).where(respondents > 0, "Belum ada responden")


def _krejcie_morgan(frame: pd.DataFrame) -> pd.Series:
    """Rows whose minimum sample is Krejcie–Morgan's (a `Populasi Layanan` row applied)."""
    if "sample_rule" not in frame or "min_sample" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["sample_rule"].eq(RULE_KREJCIE_MORGAN) & frame["min_sample"].notna()


def _minimum_words(frame: pd.DataFrame) -> list[str]:
    """The minimum that applied per row, in words (scoring.sample.minimum_text); '' when unknown."""
    if "min_sample" not in frame:
        return [""] * len(frame)
    sizes = frame["population_n"] if "population_n" in frame else pd.Series(None, index=frame.index, dtype=object)
    return [
        minimum_text(r, p, m) if not pd.isna(m) else ""
        for r, p, m in zip(frame["sample_rule"], sizes, frame["min_sample"])
    ]


def _published(frame: pd.DataFrame) -> np.ndarray:
    """'Ya', or why not: 'Tidak (sampel kurang: n = 150, minimal 278 menurut Krejcie–Morgan dari
    1.000 penerima layanan)' when the population applied, else 'Tidak (data belum cukup)'."""
    sufficient = _flag(frame["sufficient"]).to_numpy()
    judged = _krejcie_morgan(frame).to_numpy()
    respondents = pd.to_numeric(frame["respondents"], errors="coerce").fillna(0).astype(int)
    words = _minimum_words(frame)
    why = [
        f"Tidak (sampel kurang: n = {count(n)}, minimal {w})" if k else "Tidak (data belum cukup)"
        for n, w, k in zip(respondents, words, judged)
    ]
    return np.where(sufficient, YES, np.array(why, dtype=object))


def _with_completeness(frame: pd.DataFrame, completeness: pd.DataFrame | None) -> pd.DataFrame:
    """The frame plus scoring.completeness columns (theirs win) and complete_percent (0–100)."""
    if completeness is not None:
        keys = ["agency", "period"] if "agency" in frame and "agency" in completeness else ["period"]
        theirs = [c for c in completeness.columns if c not in keys and c != "agency"]
        frame = frame.drop(columns=[c for c in theirs if c in frame]).merge(
            completeness[[*keys, *theirs]], on=keys, how="left"
        )
    if "complete_share" in frame:
        frame = frame.assign(complete_percent=pd.to_numeric(frame["complete_share"], errors="coerce") * 100)
    return frame


def _distribution_warning(frame: pd.DataFrame, distribution: pd.DataFrame | None) -> pd.Series:
    """Per row: the year's distribution-check text on the latest month row of each checked year
    ('Tahun 2026 — …', one line per broken rule), '' elsewhere (the year's predikats are one
    judgement, not one per month)."""
    blank = pd.Series("", index=frame.index, dtype=object)
    if distribution is None or distribution.empty or frame.empty:
        return blank
    # Check rows, or their year_warnings already made (the worker makes them once per cycle).
    warnings = distribution if "text" in distribution else year_warnings(distribution)
    year = frame["period"].astype(str).str[:4]
    keys = ["agency", "year"] if "agency" in frame else ["year"]
    framed = frame.assign(year=year)
    latest = frame["period"].eq(framed.groupby(keys)["period"].transform("max"))
    found = (
        framed[keys]
        .merge(warnings[[*keys, "text"]].drop_duplicates(keys), on=keys, how="left")["text"]
        .set_axis(frame.index)
    )
    text = "Tahun " + year + " — " + found
    return text.where(latest & found.notna(), blank)


# The agency's score aggregates: over fewer than [web] min_group_size scored employees they are one
# or two people's scores, so a restricted ([privacy] "terbatas") tab leaves them blank.
SCORE_AGGREGATES = ("avg_nhk", "avg_npk", "avg_na", "na_change", "na_ma3", *PREDIKAT_COLUMNS.values())


def small_groups_blank(frame: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """`frame` (agency rows with a `scored` count) with SCORE_AGGREGATES blank where scored < min_group."""
    if not min_group or frame.empty or "scored" not in frame:
        return frame
    small = pd.to_numeric(frame["scored"], errors="coerce").fillna(0).lt(min_group)
    if not small.any():
        return frame
    columns = [c for c in SCORE_AGGREGATES if c in frame]
    # object, not float: the counts stay whole numbers where shown, blank (None) where not
    return frame.assign(**{c: frame[c].astype(object).where(~small, None) for c in columns})


def ringkasan(
    summary: pd.DataFrame,
    agency_ikm: pd.DataFrame,
    min_responses: int,
    *,
    completeness: pd.DataFrame | None = None,
    distribution: pd.DataFrame | None = None,
    min_group: int = 0,
) -> SheetTable:
    """`Ringkasan` of one agency: one row per period, latest first.

    `completeness`: scoring.completeness rows (who has not reported / been rated / attended);
    `distribution`: scoring.distribution.check_distribution rows of this agency (SE MenPANRB 3/2023);
    `min_group` (restricted tabs): score aggregates of fewer scored employees are left blank.
    """
    summary = small_groups_blank(summary, min_group)
    return _table(
        TAB_RINGKASAN,
        _ringkasan_frame(summary, agency_ikm, completeness, distribution, min_responses=min_responses),
        RINGKASAN_SPEC,
    )


class _Uneven(Exception):
    """Agencies' frames that one joint pass would give other dtypes than one pass per agency."""


def _even(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    """Raise _Uneven where a left merge over every agency at once would type a column otherwise
    than each agency's own merge: an int or bool column gains NaN (and becomes float or object)
    for all agencies as soon as one agency has a row without a match."""
    if not any(right[c].dtype.kind in "iub" for c in right.columns if c not in keys):
        return
    found = pd.MultiIndex.from_frame(left[keys]).isin(pd.MultiIndex.from_frame(right[keys]))
    whole = pd.Series(found).groupby(left["agency"].to_numpy()).all()
    if whole.any() and not whole.all():
        raise _Uneven


def ringkasan_each(
    inputs: dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]], min_responses: int
) -> dict[str, SheetTable]:
    """`ringkasan` of every agency, code -> (summary, its agency_ikm rows, completeness,
    distribution warnings), in one pass."""

    def build(summary, agency_ikm, completeness, distribution):
        return _ringkasan_frame(
            summary, agency_ikm, completeness, distribution, min_responses=min_responses, joint=True
        )

    # Agencies whose every period has an IKM row (and a completeness row) apart from the others,
    # so that each group's joint merges type their columns as each agency's own merges do.
    def whole(summary, agency_ikm, completeness, _distribution) -> tuple[bool, bool]:
        periods = set(summary["period"])
        return (periods <= set(agency_ikm["period"]), completeness is None or periods <= set(completeness["period"]))

    groups: dict[tuple[bool, bool], dict] = {}
    for code, parts in inputs.items():
        groups.setdefault(whole(*parts), {})[code] = parts
    built = {}
    for group in groups.values():
        built.update(each_agency(TAB_RINGKASAN, RINGKASAN_SPEC, build, group))
    return {code: built[code] for code in inputs}


def _ringkasan_frame(
    summary: pd.DataFrame,
    agency_ikm: pd.DataFrame,
    completeness: pd.DataFrame | None,
    distribution: pd.DataFrame | None,
    *,
    min_responses: int,
    joint: bool = False,
) -> pd.DataFrame:
    ikm_columns = ["period", "ikm", "mutu", "mutu_label", "respondents", "sufficient"]
    if joint:  # several agencies: matched by agency too, as each agency's own rows were
        _even(summary, agency_ikm[["agency", *ikm_columns]], ["agency", "period"])
        frame = summary.merge(agency_ikm[["agency", *ikm_columns]], on=["agency", "period"], how="left")
        if completeness is not None:
            _even(frame, completeness, ["agency", "period"])
    else:
        frame = summary.merge(agency_ikm[ikm_columns], on="period", how="left")
    frame = _with_completeness(frame, completeness)
    frame = frame.assign(
        period_label=frame["period"].map(period_label),
        mutu_text=_mutu_text(frame, min_responses),
        distribution_warning=_distribution_warning(frame, distribution),
    )
    # An IKM from too few responses is computed for HR but not shown as the agency's IKM.
    frame = frame.assign(ikm=frame["ikm"].where(_flag(frame["sufficient"])))
    if "attention" in frame:
        frame = frame.assign(attention=_flag(frame["attention"]))
    # Stable: with several agencies, each one's rows keep their order (one row per period each).
    return frame.sort_values("period", ascending=False, kind="stable" if joint else "quicksort")


REKAP_SPEC = [
    ("Kode OPD", "agency", None),
    ("Nama OPD", "agency_name", None),
    ("Periode", "period_label", None),
    ("Pegawai Aktif", "headcount", None),
    ("Pegawai Berpredikat", "scored", None),
    ("Rata-rata Nilai Akhir", "avg_na", 2),
    *PREDIKAT_SPEC,
    ("IKM OPD", "ikm", 2),
    ("Mutu Pelayanan", "mutu_text", None),
    ("Responden SKM", "respondents", None),
    *COMPLAINT_SPEC,
    ("Status Sinkronisasi", "sync_status", None),
]


def rekap_kota(
    summary: pd.DataFrame,
    agency_ikm: pd.DataFrame,
    agency_complaints: pd.DataFrame,
    agencies: pd.DataFrame,
    min_responses: int,
    days_limit: int = 5,
) -> SheetTable:
    """`Rekap Kota`: agency x period. `agencies` has code, name, position, sync_status."""
    frame = (
        summary.merge(agency_ikm, on=["agency", "period"], how="outer")
        .merge(agency_complaints, on=["agency", "period"], how="left")
        .merge(agencies.rename(columns={"code": "agency", "name": "agency_name"}), on="agency", how="left")
    )
    frame = frame.assign(
        period_label=frame["period"].map(period_label),
        mutu_text=_mutu_text(frame, min_responses),
        ikm=frame["ikm"].where(_flag(frame["sufficient"])),
    )
    frame = frame.sort_values(["period", "position"], ascending=[False, True])
    return _table(TAB_REKAP_KOTA, frame, _with_days_limit(REKAP_SPEC, days_limit))


IKM_SPEC = [
    ("Unit Layanan", "unit_name", None),
    ("Kode OPD", "agency", None),
    ("Tingkat", "level_label", None),
    ("Periode", "period_label", None),
    ("Responden", "respondents", None),
    *((f"NRR {code} {label}", f"nrr_{key}", 2) for key, code, label in SKM_ELEMENTS),
    ("IKM", "ikm", 2),
    ("Mutu", "mutu_text", None),
    ("Dipublikasikan", "published", None),
    ("Sampel Minimal", "min_sample", None),  # sync.results.followup (PermenPANRB 14/2017)
    ("Kecukupan Sampel", "sample_text", None),
    *COMPLAINT_SPEC,
    ("Median Hari Kerja Penyelesaian", "median_days", 2),
    ("Keluhan Formulir per Kategori", "categories", None),
]


def ikm_unit(
    ikm: pd.DataFrame,
    complaints: pd.DataFrame,
    categories: pd.DataFrame,
    names: dict[str, tuple[str, str]],
    min_responses: int,
    days_limit: int = 5,
) -> SheetTable:
    """`IKM Unit`: service unit (and agency) x period with NRR per element, IKM, mutu, complaints.

    `names` maps unit_id -> (agency code, display name), so a unit with complaints but no survey
    response that month still shows its name.
    """
    keys = ["unit_id", "period"]
    cats = (
        categories.sort_values(["count", "category"], ascending=[False, True])
        .assign(text=lambda f: f["category"] + ": " + f["count"].astype(str))
        .groupby(keys, sort=False)["text"]
        .agg("; ".join)
        .rename("categories")
        .reset_index()
        if not categories.empty
        else pd.DataFrame(columns=[*keys, "categories"])
    )
    frame = (
        ikm.drop(columns=["agency", "unit_name", "level"], errors="ignore")
        .merge(complaints.drop(columns=["agency"], errors="ignore"), on=keys, how="outer")
        .merge(cats, on=keys, how="left")
    )
    frame = frame.assign(
        agency=frame["unit_id"].map(lambda u: names.get(u, ("", ""))[0]),
        unit_name=frame["unit_id"].map(lambda u: names.get(u, ("", u))[1]),
        level=frame["unit_id"].str.split(":").str[0],
    )
    frame = frame.assign(
        level_label=frame["level"].map(LEVEL_LABELS).fillna(""),
        period_label=frame["period"].map(period_label),
        mutu_text=_mutu_text(frame, min_responses),
        published=_published(frame),
    )
    frame = frame.sort_values(["period", "agency", "level", "unit_name"], ascending=[False, True, True, True])
    return _table(TAB_IKM_UNIT, frame, _with_days_limit(IKM_SPEC, days_limit))


IKM_PERIODIK_SPEC = [
    ("Unit Layanan", "unit_name", None),
    ("Kode OPD", "agency", None),
    ("Tingkat", "level_label", None),
    ("Periode", "period_label", None),
    ("Jumlah Bulan", "months", None),
    ("Responden", "respondents", None),
    *((f"NRR {code} {label}", f"nrr_{key}", 2) for key, code, label in SKM_ELEMENTS),
    ("IKM", "ikm", 2),
    ("Mutu", "mutu_text", None),
    ("Dipublikasikan", "published", None),
    ("Sampel Minimal", "min_sample", None),
    ("Kecukupan Sampel", "sample_text", None),
    ("IKM Periode Sebelumnya", "prev_ikm", 2),
    ("Perubahan IKM", "ikm_change", 2),
    ("Perlu Perhatian", "flagged", None),
    ("Alasan Perhatian", "flag_reason", None),
]


def ikm_periodik(ikm_periodic: pd.DataFrame, min_responses: int) -> SheetTable:
    """`IKM Periodik`: service unit (and agency) x quarter / year, pooled over the period's
    responses, with the change against the previous period and the "fell 5 points" flag."""
    frame = ikm_periodic
    frame = frame.assign(
        level_label=frame["level"].map(LEVEL_LABELS).fillna(""),
        period_label=frame["period"].map(period_label),
        mutu_text=_mutu_text(frame, min_responses),
        published=_published(frame),
        flagged=_flag(frame["flagged"]),
        # Year rows after quarter rows of the same year, latest year first.
        _year=frame["period"].astype(str).str[:4],
        _order=frame["kind"].map({"triwulan": 0, "tahun": 1}).fillna(2),
    )
    frame = frame.sort_values(
        ["_year", "_order", "period", "agency", "level", "unit_name"], ascending=[False, True, False, True, True, True]
    )
    return _table(TAB_IKM_PERIODIK, frame, IKM_PERIODIK_SPEC)


PROFIL_SPEC = [
    ("Unit Layanan", "unit_name", None),
    ("Kode OPD", "agency", None),
    ("Tingkat", "level_label", None),
    ("Periode", "period_label", None),
    ("Karakteristik", "characteristic", None),
    ("Kategori", "category", None),
    ("Jumlah", "count", None),
]


def profil_responden(profile: pd.DataFrame, names: dict[str, tuple[str, str]]) -> SheetTable:
    """`Profil Responden`: service unit (and agency) x month / quarter / year x characteristic x
    category, the number of respondents (sync.results.profile)."""
    order = {label: i for i, label in enumerate(CHARACTERISTICS.values())}
    frame = profile.assign(
        unit_name=profile["unit_id"].map(lambda u: names.get(u, ("", u))[1]),
        level=profile["unit_id"].astype(str).str.split(":").str[0],
        period_label=profile["period"].map(period_label),
        _kind=profile["period"].astype(str).map(period_kind).map({MONTH: 0, QUARTER: 1, YEAR: 2}).fillna(3),
        _year=profile["period"].astype(str).str[:4],
        _char=profile["characteristic"].map(order).fillna(len(order)),
        _cat=[category_rank(c, k) for c, k in zip(profile["characteristic"], profile["category"])],
    )
    frame = frame.assign(level_label=frame["level"].map({"opd": "OPD", "unit": "Unit Kerja"}).fillna(""))
    frame = frame.sort_values(
        ["_year", "_kind", "period", "agency", "level", "unit_name", "_char", "_cat"],
        ascending=[False, True, False, True, True, True, True, True],
    )
    return _table(TAB_PROFIL, frame, PROFIL_SPEC)
