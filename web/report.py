"""The HR Excel report of one period (all agencies or one), read from the results store.

For HR (BKPSDM) only: it holds personal data. Sheets: `Ringkasan` (per agency, with a chart of
average Nilai Akhir), `Pegawai` (every result row, with the feedback text and the trend flags),
`Tren` (agency x month, with a line chart of the highest, the lowest and the city), `IKM` (service
unit x SKM element; an IKM from too few responses is greyed and gets no mutu letter), `Validasi`
(data problems), `Metodologi`. Every sheet prints (sync/sources/print_setup.py) one page wide on the
configured paper with its header row repeated and a footer naming sheet, period and page; long
text wraps in rows made tall enough, and each chart starts a page of its own. The period is a month ('2026-10'), a quarter ('2026-Q4') or a year
('2026'); quarter and year rows come from the store's periodic tables.

Every text a user typed is written with `write_string` and the workbook never converts strings
(`strings_to_formulas` etc. off), so a name like '=HYPERLINK(...)' or '+62...' stays text. Scores
are written rounded half-up to 2 decimals, the values the ratings were compared on (docs/scoring.md),
so a cell never shows 109.99 beside "Di Atas Ekspektasi". `constant_memory` keeps 36,000 rows
fast and small in memory, at the price of writing every sheet strictly row by row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from config.contract import (
    GALAT,
    MONTH,
    PERINGATAN,
    QUARTER,
    SKM_ELEMENTS,
    TIDAK,
    VALIDASI_HEADERS,
    YA,
    period_kind,
    period_label,
)
from config.errors import KinerjaError
from scoring.indonesian import short_month
from scoring.params import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG, ScoringParams
from scoring.rounding import round_half_up
from scoring.vocabulary import AGENCY_UNIT_PREFIX, LEVEL_LABELS, PREDIKAT_COLUMNS, SUPERVISOR_RATINGS
from sync.sources.fast_sheet import TEXT_STAYS_TEXT, FastWorksheet
from sync.sources.print_setup import (
    DEFAULT_PAPER,
    data_row_heights,
    escape_footer,
    header_height,
    landscape_for,
    page_setup,
    rows_points,
    wrapped_lines,
    wraps,
)
from sync.store.reader import StoreReader
from web import in_force, skm_rtl
from web.format import timestamp
from web.methodology import rules_lines
from web.model import agency_order

WORKBOOK_OPTIONS = {**TEXT_STAYS_TEXT, "constant_memory": True}

TEXT, INT, SCORE, YESNO = "text", "int", "score", "yesno"

# Fill colours of the predikat cells: green (good) to red (poor), dark text for contrast.
PREDIKAT_COLOURS = {
    SANGAT_BAIK: "#C6EFCE",
    BAIK: "#E2F0D9",
    BUTUH_PERBAIKAN: "#FFEB9C",
    KURANG: "#F8CBAD",
    SANGAT_KURANG: "#FFC7CE",
}
SEVERITY_COLOURS = {GALAT: "#FFC7CE", PERINGATAN: "#FFEB9C"}


class ReportError(KinerjaError):
    """The report cannot be written (bad period, unknown agency)."""


@dataclass(frozen=True)
class Col:
    """One report column: source key, Indonesian header, kind of value, width in characters."""

    key: str
    header: str
    kind: str = TEXT
    width: float = 12


# Who the row is about: the first columns of both employee sheets.
EMPLOYEE_COLUMNS = (
    Col("agency", "Kode OPD", TEXT, 13),
    Col("nip", "NIP", TEXT, 21),
    Col("name", "Nama", TEXT, 24),
    Col("position", "Jabatan", TEXT, 20),
    Col("unit", "Unit Kerja", TEXT, 20),
)

PEGAWAI_COLUMNS = (
    *EMPLOYEE_COLUMNS,
    Col("public_service", "Layanan Publik", YESNO, 9),
    Col("indicators", "Jumlah Indikator", INT, 10),
    Col("indicators_low", "Indikator di Bawah 90%", INT, 11),
    Col("nhk_own", "NHK Sendiri", SCORE, 10),
    Col("ikm", "IKM Unit", SCORE, 9),
    Col("ikm_responses", "Responden IKM", INT, 10),
    Col("ikm_source", "Sumber IKM", TEXT, 16),
    Col("ikm_used", "IKM Dipakai", YESNO, 9),
    Col("c_ikm", "Capaian IKM", SCORE, 10),
    Col("nhk", "NHK", SCORE, 9),
    Col("rating_hk", "Rating Hasil Kerja", TEXT, 20),
    # The supervisor's ratings as given (1-5), then the components computed from them.
    *(Col(f"rating_{key}", label, INT, 9) for key, label in SUPERVISOR_RATINGS),
    Col("b", "BerAKHLAK (B)", SCORE, 11),
    Col("i", "Inisiatif (I)", SCORE, 10),
    Col("d", "Disiplin (D)", SCORE, 10),
    Col("npk", "NPK", SCORE, 9),
    Col("absent", "Tanpa Keterangan", INT, 11),
    Col("late", "Terlambat", INT, 10),
    Col("early_leave", "Pulang Cepat", INT, 10),
    Col("gate", "Gerbang Disiplin", YESNO, 10),
    Col("rating_pk", "Rating Perilaku", TEXT, 20),
    Col("predikat", "Predikat", TEXT, 18),
    Col("na", "Nilai Akhir", SCORE, 10),
    Col("na_change", "Perubahan NA dari Bulan Lalu", SCORE, 11),
    Col("na_ma3", "Rata-rata NA 3 Bulan", SCORE, 11),
    Col("attention", "Perlu Perhatian", YESNO, 10),
    Col("attention_reason", "Alasan Perhatian", TEXT, 28),
    Col("missing", "Data Belum Lengkap", TEXT, 26),
    # Long texts wrap (rows are made tall enough), so the Catatan is read whole on screen and paper.
    Col("catatan", "Catatan Penilaian", TEXT, 50),
    Col("feedback", "Umpan Balik Atasan", TEXT, 32),
    Col("ikm_note", "Catatan IKM", TEXT, 32),
    Col("gate_note", "Catatan Disiplin", TEXT, 24),
    Col("rater_nip", "NIP Penilai", TEXT, 21),
    Col("rules_id", "Kode Aturan", TEXT, 12),
)

# Quarter and year rows (results_periodic): means of the months that exist (docs/scoring.md §5).
PEGAWAI_PERIODIC_COLUMNS = (
    *EMPLOYEE_COLUMNS,
    Col("months", "Jumlah Bulan", INT, 9),
    Col("months_nhk", "Bulan dengan NHK", INT, 10),
    Col("months_npk", "Bulan dengan NPK", INT, 10),
    Col("nhk", "NHK (rata-rata)", SCORE, 10),
    Col("rating_hk", "Rating Hasil Kerja", TEXT, 20),
    Col("npk", "NPK (rata-rata)", SCORE, 10),
    Col("rating_pk", "Rating Perilaku", TEXT, 20),
    Col("gate", "Gerbang Disiplin", YESNO, 10),
    Col("predikat", "Predikat", TEXT, 18),
    Col("na", "Nilai Akhir", SCORE, 10),
    Col("rules_id", "Kode Aturan", TEXT, 12),
)

RINGKASAN_COLUMNS = (
    Col("code", "Kode OPD", TEXT, 13),
    Col("name", "Nama OPD", TEXT, 40),
    Col("headcount", "Jumlah Pegawai", INT, 10),
    Col("reported", "Melapor Kinerja", INT, 10),
    Col("rated", "Dinilai Atasan", INT, 10),
    Col("attended", "Ada Presensi", INT, 10),
    Col("scored", "Punya Nilai Akhir", INT, 10),
    Col("complete_share", "Data Lengkap (%)", SCORE, 10),
    Col("avg_nhk", "Rata-rata NHK", SCORE, 10),
    Col("avg_npk", "Rata-rata NPK", SCORE, 10),
    Col("avg_na", "Rata-rata Nilai Akhir", SCORE, 11),
    *(Col(column, name, INT, 11) for name, column in PREDIKAT_COLUMNS.items()),
    Col("ikm", "IKM OPD", SCORE, 9),
    Col("mutu", "Mutu", TEXT, 14),
    Col("respondents", "Responden IKM", INT, 10),
    Col("sufficient", "IKM Cukup Data", YESNO, 10),
    Col("received", "Pengaduan Masuk", INT, 10),
    Col("resolved", "Pengaduan Selesai", INT, 10),
    Col("resolved_in_limit", "Selesai Tepat Waktu", INT, 10),
    Col("attention_reason", "Perlu Perhatian", TEXT, 36),
)

IKM_COLUMNS = (
    Col("agency", "Kode OPD", TEXT, 13),
    Col("unit_name", "Unit Layanan", TEXT, 34),
    Col("level_label", "Tingkat", TEXT, 10),
    Col("respondents", "Responden", INT, 10),
    *(Col(f"nrr_{key}", f"{code} {label}", SCORE, 11) for key, code, label in SKM_ELEMENTS),
    Col("ikm", "IKM", SCORE, 9),
    Col("mutu", "Mutu", TEXT, 14),
    Col("sufficient", "Cukup Data", YESNO, 9),
    Col("min_sample", "Sampel Minimal", INT, 10),  # web/skm_rtl.py (PermenPANRB 14/2017)
    Col("sample_text", "Kecukupan Sampel", TEXT, 40),
    Col("weakest", "Unsur Terendah", TEXT, 30),
    Col("flag_reason", "Perlu Perhatian", TEXT, 40),
)
NRR_FIRST = next(i for i, c in enumerate(IKM_COLUMNS) if c.key == "nrr_u1")
TREND_MONTHS = 12

VALIDASI_COLUMNS = (
    Col("scope", "Lingkup", TEXT, 13),
    *(
        Col(key, header, kind, width)
        for (key, kind, width), header in zip(
            (
                ("tab", TEXT, 18),
                ("row", INT, 7),
                ("column", TEXT, 16),
                ("value", TEXT, 20),
                ("problem", TEXT, 56),
                ("fix", TEXT, 60),
                ("severity", TEXT, 11),
            ),
            VALIDASI_HEADERS,
        )
    ),
)


# ---- reading ------------------------------------------------------------------------------------


def _months_of(period: str) -> list[str]:
    """The months a period covers: itself, the quarter's three, or the year's twelve."""
    kind = period_kind(period)
    if kind == MONTH:
        return [period]
    year = period[:4]
    if kind == QUARTER:
        first = (int(period[6]) - 1) * 3 + 1
        return [f"{year}-{m:02d}" for m in range(first, first + 3)]
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join('?' for _ in values)})"


def _summary(store: StoreReader, period: str, agency: str | None) -> pd.DataFrame:
    """One row per agency: the agency's aggregates + its own IKM (sufficient or not) + complaints."""
    monthly = period_kind(period) == MONTH
    summary = store.reader.rows("agency_summary" if monthly else "agency_periodic", "period = ?", (period,))
    # The agency's pooled rows (unit id 'opd:<CODE>'), not its units' rows.
    agency_level = f"period = ? AND unit_id = '{AGENCY_UNIT_PREFIX}' || agency"
    ikm = store.reader.rows("ikm" if monthly else "ikm_periodic", agency_level, (period,))
    ikm = ikm[["agency", "ikm", "mutu", "respondents", "sufficient"]].drop_duplicates("agency", keep="last")
    # Complaints are monthly counts: a quarter's or a year's are their sums.
    months = _months_of(period)
    agency_rows = f"unit_id = '{AGENCY_UNIT_PREFIX}' || agency"
    complaints = store.reader.rows("complaints", f"{_in('period', months)} AND {agency_rows}", tuple(months))
    counts = ["received", "resolved", "resolved_in_limit"]
    complaints = complaints.assign(**{c: pd.to_numeric(complaints[c], errors="coerce") for c in counts})
    complaints = complaints.groupby("agency", as_index=False)[counts].sum(min_count=1)
    codes = pd.concat([summary["agency"], ikm["agency"], complaints["agency"]])
    agencies = agency_order(store.reader.rows("agencies"), codes)
    if agency is not None:
        agencies = agencies.loc[agencies["code"] == agency]
    frame = (
        agencies[["code", "name"]]
        .merge(
            summary.drop(columns=["period", "rules_id"], errors="ignore").rename(columns={"agency": "code"}),
            on="code",
            how="left",
        )
        .merge(ikm.rename(columns={"agency": "code"}), on="code", how="left")
        .merge(complaints.rename(columns={"agency": "code"}), on="code", how="left")
    )
    if "complete_share" in frame:
        frame = frame.assign(complete_share=pd.to_numeric(frame["complete_share"], errors="coerce") * 100)
    return frame


def _employees(store: StoreReader, period: str, agency: str | None, order: pd.DataFrame) -> pd.DataFrame:
    """The period's result rows, by agency order, then unit and name."""
    table = "results" if period_kind(period) == MONTH else "results_periodic"
    if agency is None:
        rows = store.reader.rows(table, "period = ?", (period,))
    else:
        rows = store.reader.rows(table, "period = ? AND agency = ?", (period, agency))
    rank = dict(zip(order["code"], range(len(order))))
    rows = rows.assign(_rank=rows["agency"].map(rank).fillna(len(rank)))
    return rows.sort_values(["_rank", "unit", "name"], kind="stable", na_position="last").reset_index(drop=True)


def _trend(store: StoreReader, period: str, agency: str | None, order: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """The 12 months ending at the period's last month: average NA per agency x month (wide)."""
    last = pd.Period(_months_of(period)[-1], freq="M")
    months = [str(last - k) for k in range(TREND_MONTHS - 1, -1, -1)]
    summary = store.reader.rows("agency_summary", _in("period", months), tuple(months))
    if agency is not None:
        summary = summary.loc[summary["agency"] == agency]
    summary = summary.assign(
        avg_na=pd.to_numeric(summary["avg_na"], errors="coerce"),
        scored=pd.to_numeric(summary["scored"], errors="coerce").fillna(0),
    )
    wide = summary.pivot_table(index="agency", columns="period", values="avg_na", aggfunc="last")
    wide = wide.reindex(index=[c for c in order["code"] if c in wide.index], columns=months)
    names = dict(zip(order["code"], order["name"]))
    frame = wide.reset_index().rename(columns={"agency": "code"})
    frame.insert(1, "name", frame["code"].map(names))
    if agency is None and not summary.empty:
        # The city line weights each agency by the employees it scored, so it is the mean over staff.
        weighted = summary.assign(w=summary["avg_na"] * summary["scored"]).groupby("period")[["w", "scored"]].sum()
        city = (weighted["w"] / weighted["scored"].where(weighted["scored"] > 0)).reindex(months)
        frame = pd.concat(
            [frame, pd.DataFrame([{"code": "KOTA", "name": "Rata-rata Kota", **city.to_dict()}])], ignore_index=True
        )
    return months, frame


def _ikm(store: StoreReader, period: str, agency: str | None) -> pd.DataFrame:
    """Every service unit (and agency) of the period with its NRR per element and the weakest one."""
    monthly = period_kind(period) == MONTH
    rows = store.reader.rows("ikm" if monthly else "ikm_periodic", "period = ?", (period,))
    if agency is not None:
        rows = rows.loc[rows["agency"] == agency]
    nrr = rows[[f"nrr_{key}" for key, _c, _l in SKM_ELEMENTS]].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    labels = np.array([f"{code} {label}" for _k, code, label in SKM_ELEMENTS], dtype=object)
    known = ~np.isnan(nrr).all(axis=1) if len(nrr) else np.zeros(0, dtype=bool)
    weakest = labels[np.argmin(np.where(np.isnan(nrr), np.inf, nrr), axis=1)] if len(nrr) else labels[:0]
    rows = rows.assign(
        level_label=rows["level"].map(LEVEL_LABELS).fillna(""),
        weakest=np.where(known, weakest, ""),
    )
    rows = skm_rtl.with_sample(rows, store, period)  # minimum sample and the rule that set it
    return rows.sort_values(["agency", "level", "unit_name"], kind="stable")


def _issues(store: StoreReader, agency: str | None) -> pd.DataFrame:
    if agency is None:
        return store.reader.rows("issues")
    return store.reader.rows("issues", "scope = ?", (agency,))


# ---- writing ------------------------------------------------------------------------------------


def _cells(frame: pd.DataFrame, col: Col) -> list:
    """The column's values ready to write: str ('' = leave blank), float, or None (blank)."""
    if col.key not in frame.columns:
        return [None] * len(frame)
    series = frame[col.key]
    if col.kind == TEXT:
        return series.astype(object).where(series.notna(), "").astype(str).tolist()
    if col.kind == YESNO:
        flags = pd.to_numeric(series, errors="coerce")
        return flags.map({1: YA, 0: TIDAK}).fillna("").astype(str).tolist()
    numbers = pd.to_numeric(series, errors="coerce").astype(float)
    # NaN and ±inf are blank: xlsxwriter refuses them (the HR download answered 500).
    numbers = numbers.where(np.isfinite(numbers.to_numpy()))
    if col.kind == SCORE:
        numbers = round_half_up(numbers, 2)
    return numbers.astype(object).where(numbers.notna(), None).tolist()


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.header = wb.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "bottom": 1}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.note = wb.add_format({"italic": True, "font_color": "#404040"})
        # Data cells are top-aligned: a row made tall for a wrapped Catatan reads from its top line.
        self.text = wb.add_format({"valign": "top"})
        self.wrap = wb.add_format({"valign": "top", "text_wrap": True})
        self.score = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.int = wb.add_format({"num_format": "0", "valign": "top"})
        # An IKM from fewer responses than the minimum: shown to HR, but greyed and in italics.
        self.small_sample = wb.add_format(
            {"num_format": "0.00", "valign": "top", "italic": True, "font_color": "#7F7F7F"}
        )
        self.metodologi = wb.add_format({"text_wrap": True, "valign": "top"})
        self.metodologi_title = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
        self.fills = {
            label: wb.add_format({"bg_color": colour, "font_color": "#1A1A1A"})
            for label, colour in {**PREDIKAT_COLOURS, **SEVERITY_COLOURS}.items()
        }

    def number(self, kind: str):
        return self.score if kind == SCORE else self.int


@dataclass(frozen=True)
class _Print:
    """What every sheet's page setup shares: the paper and the footer's text."""

    paper: str
    footer: str


SMALL_SAMPLE = "Sampel kurang"


def _small_samples(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows whose IKM comes from fewer responses than the minimum: their mutu letter (an 'A' from
    one response) becomes 'Sampel kurang', and the mask marks their IKM numbers for greying."""
    if "sufficient" not in frame or "mutu" not in frame or frame.empty:
        return frame, np.zeros(len(frame), dtype=bool)
    respondents = pd.to_numeric(frame.get("respondents"), errors="coerce").fillna(0)
    small = (pd.to_numeric(frame["sufficient"], errors="coerce") == 0) & (respondents > 0)
    return frame.assign(mutu=frame["mutu"].where(~small, SMALL_SAMPLE)), small.to_numpy()


def _write_table(
    ws,
    fmt: _Formats,
    first_row: int,
    columns: tuple[Col, ...],
    frame: pd.DataFrame,
    small_sample: np.ndarray | None = None,
    small_keys: frozenset = frozenset(),
) -> int:
    """Header at `first_row`, then one row per frame row, strictly in order. Returns the last row.

    The header row is as tall as its longest wrapped header; a text column whose values do not
    fit its width wraps, and each data row is as tall as its longest text (constant_memory: the
    height is set before the row is written). `small_sample` rows write the `small_keys`
    columns in the greyed small-sample format."""
    widths = [col.width for col in columns]
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
    ws.set_row(first_row, header_height([col.header for col in columns], widths))
    for c, col in enumerate(columns):
        ws.write_string(first_row, c, col.header, fmt.header)
    prepared, wrapped = [], []
    for c, col in enumerate(columns):
        values = _cells(frame, col)
        if col.kind in (TEXT, YESNO):
            wrap = col.kind == TEXT and wraps(values, col.width)
            if wrap:
                wrapped.append((values, col.width))
            prepared.append((c, values, ws.write_string, fmt.wrap if wrap else fmt.text, False))
        else:
            prepared.append((c, values, ws.write_number, fmt.number(col.kind), col.key in small_keys))
    heights = data_row_heights(wrapped, len(frame)) if wrapped else [None] * len(frame)
    row = first_row
    for i in range(len(frame)):
        row = first_row + 1 + i
        if heights[i] is not None:
            ws.set_row(row, heights[i])
        small = small_sample is not None and small_sample[i]
        for c, values, write, cell_format, greyed in prepared:
            value = values[i]
            if value is None or value == "":
                continue
            write(row, c, value, fmt.small_sample if greyed and small else cell_format)
    return row


def _colour_by_text(ws, fmt: _Formats, first: int, last: int, column: int, labels) -> None:
    if last < first:
        return
    for label in labels:
        ws.conditional_format(
            first,
            column,
            last,
            column,
            {
                "type": "cell",
                "criteria": "==",
                "value": '"' + label.replace('"', '""') + '"',
                "format": fmt.fills[label],
            },
        )


def _table_pixels(columns: tuple[Col, ...]) -> int:
    """The table's width on screen (a column of width w is 7w + 5 pixels in Calibri 11)."""
    return int(sum(7 * col.width + 5 for col in columns))


def _setup(ws, pr: _Print, columns: tuple[Col, ...], header_row: int | None) -> None:
    page_setup(
        ws,
        paper=pr.paper,
        landscape=landscape_for(c.width for c in columns),
        repeat_rows=None if header_row is None else (header_row, header_row),
        footer=pr.footer,
    )


def _waiting_note(waiting: int) -> str:
    """Upheld keberatan decided after the last sync: in the Pegawai sheet already (web.in_force),
    in the Ringkasan's counts from the worker's next cycle."""
    if not waiting:
        return ""
    return (
        f". {waiting} keberatan diterima sesudahnya: predikatnya sudah di lembar Pegawai; jumlah per predikat "
        f"di lembar ini {in_force.NOTE_PENDING}"
    )


def _ringkasan(
    wb,
    fmt: _Formats,
    pr: _Print,
    summary: pd.DataFrame,
    period: str,
    agency_label: str,
    last_sync: str | None,
    min_responses: int,
    waiting: int = 0,
):
    ws = wb.add_worksheet("Ringkasan")
    header_row = 4
    _setup(ws, pr, RINGKASAN_COLUMNS, header_row)
    ws.write_string(0, 0, f"Laporan Kinerja Pegawai, {period_label(period)}", fmt.title)
    ws.write_string(1, 0, f"OPD: {agency_label}")
    ws.write_string(2, 0, f"Data per: {timestamp(last_sync)}" + _waiting_note(waiting))
    ws.write_string(
        3,
        0,
        f"{SMALL_SAMPLE}: IKM dari kurang dari sampel minimalnya (Krejcie–Morgan dari jumlah "
        f"penerima layanan di tab Populasi Layanan, selain itu {min_responses} responden; lihat "
        "lembar IKM), dicetak miring abu-abu dan tanpa mutu (hanya untuk BKPSDM, tidak "
        "dipublikasikan dan tidak dipakai dalam nilai pegawai).",
        fmt.note,
    )
    summary, small = _small_samples(summary)
    last = _write_table(ws, fmt, header_row, RINGKASAN_COLUMNS, summary, small, frozenset({"ikm"}))
    ws.freeze_panes(header_row + 1, 2)
    if last > header_row:
        ws.autofilter(header_row, 0, last, len(RINGKASAN_COLUMNS) - 1)
        na_col = next(i for i, c in enumerate(RINGKASAN_COLUMNS) if c.key == "avg_na")
        chart = wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": "Rata-rata Nilai Akhir",
                "categories": ["Ringkasan", header_row + 1, 0, last, 0],
                "values": ["Ringkasan", header_row + 1, na_col, last, na_col],
                # Fonts are large on screen: the page is fitted to the table's width, about half size.
                "data_labels": {"value": True, "num_format": "0.00", "font": {"size": 12}},
                "fill": {"color": "#0B4F6C"},
                "gap": 60,
            }
        )
        chart.set_title({"name": f"Rata-rata Nilai Akhir per OPD, {period_label(period)}", "name_font": {"size": 20}})
        chart.set_legend({"none": True})
        chart.set_x_axis({"name": "OPD", "name_font": {"size": 14}, "num_font": {"rotation": -45, "size": 12}})
        # Bars start at 0: bar length is the value, so 94,46 never looks like half of 103.
        chart.set_y_axis(
            {
                "name": "Nilai Akhir",
                "name_font": {"size": 14},
                "num_font": {"size": 12},
                "num_format": "0",
                "min": 0,
                "major_gridlines": {"visible": True},
            }
        )
        # The chart starts a page of its own and is as wide as the table, so it prints whole on
        # the page the table is fitted to.
        width = max(640, _table_pixels(RINGKASAN_COLUMNS))
        chart.set_size({"width": width, "height": int(width * 0.45)})
        ws.set_h_pagebreaks([last + 1])
        ws.insert_chart(last + 1, 0, chart, {"y_offset": 10})
    else:
        ws.write_string(header_row + 1, 0, "Tidak ada data untuk periode ini.")


def _pegawai(wb, fmt: _Formats, pr: _Print, rows: pd.DataFrame, columns: tuple[Col, ...]) -> None:
    ws = wb.add_worksheet("Pegawai", worksheet_class=FastWorksheet)
    _setup(ws, pr, columns, 0)
    last = _write_table(ws, fmt, 0, columns, rows)
    ws.freeze_panes(1, 3)
    if last == 0:
        ws.write_string(1, 0, "Tidak ada hasil pegawai untuk periode ini.")
        return
    ws.autofilter(0, 0, last, len(columns) - 1)
    predikat_col = next(i for i, c in enumerate(columns) if c.key == "predikat")
    _colour_by_text(ws, fmt, 1, last, predikat_col, PREDIKAT_COLOURS)


def _month_header(month: str) -> str:
    """'2026-10' -> 'Okt 2026': short enough for a column header and a chart axis."""
    return f"{short_month(int(month[5:7]))} {month[:4]}"


TREND_EACH_END = 3  # the chart shows this many highest and lowest agencies, and the city line
TREND_TOP_COLOURS = ("#1B7837", "#5AAE61", "#A6DBA0")
TREND_BOTTOM_COLOURS = ("#B2182B", "#D6604D", "#F4A582")
TREND_OTHER_COLOURS = ("#0B4F6C", "#7A5195", "#EF5675", "#FFA600", "#2F9E44", "#868E96", "#D9480F")


def _trend_lines(trend: pd.DataFrame, months: list[str]) -> tuple[list[tuple[int, str, bool]], str]:
    """Which table rows the chart draws (row index, colour, is the city) and how to say so.

    20 lines and a 20-entry legend leave no plot to read: with more agencies than fit, the chart
    draws the highest and the lowest by their latest average (the table still lists all)."""
    is_city = (trend["code"] == "KOTA").to_numpy()
    agencies = [i for i in range(len(trend)) if not is_city[i]]
    city = [(i, "#1A1A1A", True) for i in range(len(trend)) if is_city[i]]
    if len(agencies) <= 2 * TREND_EACH_END + 1:
        lines = [(i, TREND_OTHER_COLOURS[k % len(TREND_OTHER_COLOURS)], False) for k, i in enumerate(agencies)]
        return lines + city, ""
    latest = trend[months].apply(pd.to_numeric, errors="coerce").ffill(axis=1).iloc[:, -1].to_numpy()
    ranked = sorted((i for i in agencies if np.isfinite(latest[i])), key=lambda i: (-latest[i], i))
    top, bottom = ranked[:TREND_EACH_END], ranked[-TREND_EACH_END:][::-1]
    lines = [(i, TREND_TOP_COLOURS[k], False) for k, i in enumerate(top)]
    lines += [(i, TREND_BOTTOM_COLOURS[k], False) for k, i in enumerate(bottom) if i not in top]
    caption = (
        f"Grafik: {TREND_EACH_END} OPD dengan rata-rata tertinggi (hijau) dan {TREND_EACH_END} terendah (merah) "
        f"pada bulan terakhirnya, dan rata-rata kota (hitam); semua {len(agencies)} OPD ada di tabel."
    )
    return lines + city, caption


def _tren(wb, fmt: _Formats, pr: _Print, months: list[str], trend: pd.DataFrame) -> None:
    """Agency x month average Nilai Akhir, and a line chart of the highest, the lowest and the city."""
    ws = wb.add_worksheet("Tren")
    columns = (
        Col("code", "Kode OPD", TEXT, 13),
        Col("name", "Nama OPD", TEXT, 40),
        *(Col(m, _month_header(m), SCORE, 10) for m in months),
    )
    header_row = 2
    _setup(ws, pr, columns, header_row)
    ws.write_string(
        0, 0, f"Rata-rata Nilai Akhir per OPD, {period_label(months[0])} s.d. {period_label(months[-1])}", fmt.title
    )
    lines, caption = _trend_lines(trend, months) if len(trend) else ([], "")
    if caption:
        ws.write_string(1, 0, caption, fmt.note)
    last = _write_table(ws, fmt, header_row, columns, trend)
    ws.freeze_panes(header_row + 1, 2)
    if last == header_row:
        ws.write_string(header_row + 1, 0, "Belum ada nilai bulanan untuk periode ini.")
        return
    chart = wb.add_chart({"type": "line"})
    for i, colour, city in lines:
        row = header_row + 1 + i
        chart.add_series(
            {
                "name": ["Tren", row, 1],
                "categories": ["Tren", header_row, 2, header_row, len(columns) - 1],
                "values": ["Tren", row, 2, row, len(columns) - 1],
                "marker": {"type": "circle", "size": 4, "fill": {"color": colour}, "border": {"color": colour}},
                "line": {"width": 3.0 if city else 1.75, "color": colour},
            }
        )
    chart.show_blanks_as("gap")  # a month without scores is a gap, not a fall to zero (the default)
    chart.set_title(
        {
            "name": "Tren Rata-rata Nilai Akhir" + (": tertinggi, terendah dan rata-rata kota" if caption else ""),
            "name_font": {"size": 18},
        }
    )
    drawn = trend.iloc[[i for i, _c, _k in lines]][months].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    axis = {
        "name": "Nilai Akhir",
        "name_font": {"size": 12},
        "num_font": {"size": 11},
        "num_format": "0",
        "major_gridlines": {"visible": True},
    }
    if np.isfinite(drawn).any():
        # A fixed range in steps of 5 around the lines drawn, the same in Excel and LibreOffice.
        low, high = np.nanmin(drawn), np.nanmax(drawn)
        axis.update(min=float(np.floor((low - 0.5) / 5) * 5), max=float(np.ceil((high + 0.5) / 5) * 5), major_unit=5)
    chart.set_y_axis(axis)
    chart.set_x_axis({"num_font": {"size": 11}})
    chart.set_legend({"position": "bottom", "font": {"size": 12}})
    width = max(640, _table_pixels(columns))
    chart.set_size({"width": width, "height": int(width * 0.5)})
    ws.set_h_pagebreaks([last + 1])
    ws.insert_chart(last + 1, 0, chart, {"y_offset": 10})


def _ikm_sheet(wb, fmt: _Formats, pr: _Print, rows: pd.DataFrame, period: str, min_responses: int) -> None:
    """Service unit x SKM element: NRR per element, IKM and mutu; the weakest element highlighted."""
    ws = wb.add_worksheet("IKM")
    header_row = 2
    _setup(ws, pr, IKM_COLUMNS, header_row)
    ws.write_string(0, 0, f"Indeks Kepuasan Masyarakat per Unit Layanan, {period_label(period)}", fmt.title)
    ws.write_string(
        1,
        0,
        f"{SMALL_SAMPLE}: kurang dari sampel minimal (kolom Sampel Minimal: Krejcie–Morgan dari "
        f"jumlah penerima layanan, selain itu {min_responses} responden); nilainya dicetak miring "
        "abu-abu dan tanpa mutu (hanya untuk BKPSDM, tidak dipublikasikan dan tidak dipakai dalam "
        "nilai pegawai).",
        fmt.note,
    )
    rows, small = _small_samples(rows)
    greyed = frozenset({"ikm", *(f"nrr_{key}" for key, _c, _l in SKM_ELEMENTS)})
    last = _write_table(ws, fmt, header_row, IKM_COLUMNS, rows, small, greyed)
    ws.freeze_panes(header_row + 1, 2)
    if last == header_row:
        ws.write_string(header_row + 1, 0, "Belum ada tanggapan survei untuk periode ini.")
        return
    ws.autofilter(header_row, 0, last, len(IKM_COLUMNS) - 1)
    # The lowest NRR of each row: a conditional format (a rule of ours, never user text).
    first_col, last_col = NRR_FIRST, NRR_FIRST + len(SKM_ELEMENTS) - 1
    a1_first = xl_rowcol_to_cell(header_row + 1, first_col)
    row_range = (
        f"{xl_rowcol_to_cell(header_row + 1, first_col, col_abs=True)}:"
        f"{xl_rowcol_to_cell(header_row + 1, last_col, col_abs=True)}"
    )
    ws.conditional_format(
        header_row + 1,
        first_col,
        last,
        last_col,
        {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER({a1_first}),{a1_first}=MIN({row_range}))",
            "format": fmt.fills[BUTUH_PERBAIKAN],
        },
    )


def _validasi(wb, fmt: _Formats, pr: _Print, issues: pd.DataFrame) -> None:
    ws = wb.add_worksheet("Validasi", worksheet_class=FastWorksheet)  # every problem of every sheet: can be long
    _setup(ws, pr, VALIDASI_COLUMNS, 0)
    last = _write_table(ws, fmt, 0, VALIDASI_COLUMNS, issues)
    ws.freeze_panes(1, 0)
    if last == 0:
        ws.write_string(1, 0, "Tidak ada masalah data.")
        return
    ws.autofilter(0, 0, last, len(VALIDASI_COLUMNS) - 1)
    _colour_by_text(ws, fmt, 1, last, len(VALIDASI_COLUMNS) - 1, SEVERITY_COLOURS)


METODOLOGI_WIDTH = 95  # one portrait page wide at full size; longer lines wrap


def _metodologi(wb, fmt: _Formats, pr: _Print, lines: list[str]) -> None:
    ws = wb.add_worksheet("Metodologi")
    page_setup(ws, paper=pr.paper, landscape=False, footer=pr.footer)
    ws.set_column(0, 0, METODOLOGI_WIDTH)
    for row, line in enumerate(lines):
        if line:
            n = wrapped_lines(str(line), METODOLOGI_WIDTH, 1.0 if row else 0.9)
            if n > 1:
                ws.set_row(row, rows_points(n))
            ws.write_string(row, 0, str(line), fmt.metodologi_title if row == 0 else fmt.metodologi)


def write_report(
    store: StoreReader,
    out: Path,
    period: str,
    agency: str | None = None,
    rules_text: list[str] | None = None,
    paper: str = DEFAULT_PAPER,
    min_responses: int | None = None,
) -> Path:
    """Write the HR report of `period` ('2026-10', '2026-Q4' or '2026'; one agency's or all) to
    `out`, atomically.

    `rules_text`: the methodology lines of the rules in force (web.methodology.rules_lines of the
    settings' ScoringParams); without it, the default model's. `paper`: "A4" or "F4" (settings'
    report.paper). `min_responses`: the SKM sample below which an IKM is marked small (the
    settings' scoring.min_responses; default the model's).
    """
    kind = period_kind(period or "")
    if kind is None:
        raise ReportError(
            f"Periode '{period}' tidak valid: tulis bulan seperti 2026-10, triwulan seperti 2026-Q4, "
            "atau tahun seperti 2026."
        )
    summary = _summary(store, period, agency)
    if agency is not None and summary.empty:
        raise ReportError(f"OPD '{agency}' tidak ada di basis data hasil. Periksa kode OPD di konfigurasi.")
    agency_label = "Semua OPD" if agency is None else f"{summary['name'].iloc[0]} ({agency})"
    order = summary[["code", "name"]]
    # An upheld keberatan is the result from its decision on (web.in_force); the summary's counts
    # follow at the worker's next cycle, which the Ringkasan says.
    employees, waiting = in_force.frame(store, _employees(store, period, agency, order))
    months, trend = _trend(store, period, agency, order)
    ikm = _ikm(store, period, agency)
    issues = _issues(store, agency)
    lines = rules_text if rules_text is not None else rules_lines(ScoringParams())
    min_responses = ScoringParams().min_responses if min_responses is None else min_responses
    pr = _Print(paper=paper, footer=escape_footer(f"Laporan Kinerja Pegawai, {period_label(period)} · {agency_label}"))

    out = Path(out)
    try:
        return _write(
            out,
            pr,
            period,
            summary,
            agency_label,
            employees,
            kind,
            months,
            trend,
            ikm,
            issues,
            lines,
            store.reader.meta("last_sync"),
            min_responses,
            waiting,
        )
    except (OSError, xlsxwriter.exceptions.FileCreateError) as exc:
        raise ReportError(
            f"Laporan tidak dapat ditulis ke {out}: folder {out.parent} tidak ada atau tidak dapat ditulis. "
            "Pilih --out di folder yang dapat ditulis, mis. laporan.xlsx."
        ) from exc


def _write(
    out: Path,
    pr,
    period,
    summary,
    agency_label,
    employees,
    kind,
    months,
    trend,
    ikm,
    issues,
    lines,
    last_sync,
    min_responses,
    waiting: int = 0,
) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a download never sees a half-written file.
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix or '.xlsx'}")
    # Probe first: a workbook whose close() fails leaves its worksheet temp files open.
    with open(tmp, "wb"):
        pass
    try:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": f"Laporan Kinerja Pegawai {period_label(period)}", "author": "Kinerja Solok"})
        fmt = _Formats(wb)
        _ringkasan(wb, fmt, pr, summary, period, agency_label, last_sync, min_responses, waiting)
        _pegawai(wb, fmt, pr, employees, PEGAWAI_COLUMNS if kind == MONTH else PEGAWAI_PERIODIC_COLUMNS)
        _tren(wb, fmt, pr, months, trend)
        _ikm_sheet(wb, fmt, pr, ikm, period, min_responses)
        _validasi(wb, fmt, pr, issues)
        _metodologi(wb, fmt, pr, lines)
        wb.close()
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
