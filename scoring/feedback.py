"""Catatan Penilaian: a short Indonesian note per employee × month explaining the score (SCORING.md §5).

Contract: `catatan_penilaian(results, indicators, unit_ikm, unit_categories, params, suggestions)`
returns one text per row of `results` (same index): the predikat, Nilai Akhir and its change since
last month, the strongest component, what to improve with the facts behind it, the unit's IKM,
one development suggestion from the `[feedback]` table and, when inputs are missing, what is
missing and who fills it. Two to five sentences. The supervisor's Umpan Balik is never included
(it has its own column).

Built column-wise: which sentence a row gets, and every number in it, is decided with array
operations (masks, np.select, a lookup table of formatted numbers, one `np.add.reduceat` for the
lists of low indicators); each sentence is then filled in from those finished pieces with an
f-string over only the rows it applies to, which is 2–3× faster than chains of object-array adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from scoring.arrays import as_float
from scoring.ikm import NRR_COLUMNS, SKM_KEYS, mutu
from scoring.params import ScoringParams
from scoring.rounding import round_half_up

# The nine SKM elements as named in sync/contract.py SKM_ELEMENTS (PermenPANRB 14/2017); a test
# keeps the two in step (scoring/ may not import sync/).
SKM_ELEMENT_NAMES = (
    "U1 Persyaratan",
    "U2 Sistem, Mekanisme, dan Prosedur",
    "U3 Waktu Penyelesaian",
    "U4 Biaya/Tarif",
    "U5 Produk Spesifikasi Jenis Pelayanan",
    "U6 Kompetensi Pelaksana",
    "U7 Perilaku Pelaksana",
    "U8 Penanganan Pengaduan, Saran dan Masukan",
    "U9 Sarana dan Prasarana",
)

# Which development suggestion applies, first match wins. Discipline comes first because the
# gate alone can turn a predikat into Kurang/Misconduct; then missed targets (the employee's own
# work); then the unit's weak SKM element (shared with colleagues); then behaviour.
SUGGESTION_PRIORITY = ("discipline", "targets", "weak SKM element (u1..u9)", "behaviour", "general")

MAX_SENTENCES = 5

# Inputs that can be missing: bit, what, who fills it, in which tab (tab names as in
# sync/contract.py; scoring/ may not import sync/).
_REPORT, _RATING, _ATTENDANCE = 4, 2, 1
_INPUTS = (
    (_REPORT, "laporan kinerja", "pegawai", "Laporan Kinerja"),
    (_RATING, "penilaian atasan", "atasan langsung", "Penilaian Atasan"),
    (_ATTENDANCE, "presensi", "admin presensi", "Presensi"),
)
_CLOSING = "Catatan lengkap akan tersedia setelah data tersebut masuk."


@dataclass(frozen=True)
class FeedbackSettings:
    """The `[feedback]` table: development suggestions by rule, and when an SKM element is weak.

    Each suggestion is a phrase that completes "Saran pengembangan: …". Field names are the
    config keys; config/settings.py loads and checks them.
    """

    # PermenPANRB 14/2017, Lampiran (nilai interval): an element's NRR from 3.0644 is mutu B
    # (Baik); below it the element is C or D, so the unit's lowest element counts as weak only
    # when it is under this bound.
    weak_element_nrr: float = 3.0644
    discipline: str = (
        "pembinaan disiplin (coaching) oleh atasan langsung, dengan kesepakatan jam kerja dan "
        "tindak lanjut setiap bulan"
    )
    targets: str = (
        "susun rencana aksi bersama atasan langsung untuk indikator yang belum tercapai, "
        "dengan langkah dan tenggat yang jelas"
    )
    u1: str = "pelatihan pemahaman persyaratan layanan dan cara menjelaskannya dengan jelas kepada warga"
    u2: str = "pelatihan penerapan SOP layanan agar alur dan prosedurnya mudah dipahami warga"
    u3: str = (
        "pelatihan pelayanan yang lebih cepat (misalnya standar waktu layanan dan pengelolaan antrean)"
    )
    u4: str = "pemahaman ketentuan biaya/tarif layanan dan cara menyampaikannya secara terbuka kepada warga"
    u5: str = "pelatihan standar pelayanan agar hasil layanan sesuai dengan yang dijanjikan kepada warga"
    u6: str = "pelatihan teknis untuk meningkatkan kompetensi sebagai pelaksana layanan"
    u7: str = "pelatihan etika pelayanan (sikap sopan, ramah, dan komunikatif kepada warga)"
    u8: str = "pelatihan penanganan pengaduan, termasuk menindaklanjuti saran dan masukan warga tepat waktu"
    u9: str = (
        "usulkan perbaikan sarana dan prasarana layanan kepada atasan, serta jaga kebersihan dan "
        "kenyamanan ruang layanan"
    )
    behaviour: str = (
        "coaching oleh atasan langsung untuk menerapkan nilai-nilai BerAKHLAK dalam pekerjaan "
        "sehari-hari"
    )
    general: str = (
        "lanjutkan pengembangan kompetensi sesuai rencana pengembangan Anda dan bagikan praktik baik "
        "kepada rekan kerja (misalnya melalui mentoring)"
    )


# Rows per pass: the sentences of a million rows at once hold about 2 GB of temporary strings; in
# passes of this size the text is the same (each employee's rows stay together) and memory stays small.
CHUNK_ROWS = 200_000


def _in_chunks(results, indicators, unit_ikm, unit_categories, params, suggestions) -> pd.Series:
    """catatan_penilaian in passes of about CHUNK_ROWS rows, each with whole employees and only
    their indicator rows (an employee's text depends on that employee's rows only)."""
    codes, nips = pd.factorize(results["nip"])
    passes = -(-len(results) // CHUNK_ROWS)
    pass_of_nip = np.arange(len(nips)) * passes // max(len(nips), 1)
    row_pass = pass_of_nip[codes]
    found = pd.Index(nips).get_indexer(indicators["nip"])
    indicator_pass = np.where(found >= 0, pass_of_nip[np.maximum(found, 0)], -1)
    parts = [
        catatan_penilaian(results[row_pass == k], indicators[indicator_pass == k], unit_ikm, unit_categories,
                          params, suggestions)
        for k in range(passes)
    ]
    return pd.concat(parts).reindex(results.index).rename("catatan")


def catatan_penilaian(
    results: pd.DataFrame,
    indicators: pd.DataFrame,
    unit_ikm: pd.DataFrame,
    unit_categories: pd.DataFrame,
    params: ScoringParams,
    suggestions: FeedbackSettings,
) -> pd.Series:
    """One Indonesian note per row of `results` (same index), two to five sentences.

    - results: monthly rows (scoring.employee.OUTPUT_COLUMNS, unit_id, na_change = NA minus last
      month's NA, NaN when there is none).
    - indicators: `with_capaian` rows (period, nip, indicator, capaian, capaian_capped); each one
      whose capped capaian, rounded half-up, is under `params.indicator_low` is named.
    - unit_ikm: IKM rows keyed by (unit_id, period) with nrr_u1..nrr_u9, agency pools as
      'opd:<CODE>' (city_tables()["ikm"]); the row of the IKM the employee's score used
      (ikm_source 'unit' → unit_id, 'opd' → 'opd:' + agency) gives the weakest element.
    - unit_categories: (unit_id, period, category, count) — the most frequent is named.
    Unit facts are given for public-service staff only; ikm_note and gate_note are reused as
    written by score_employees.
    Example (SCORING.md example B): "Predikat kinerja Anda bulan ini Kurang/Misconduct dengan
    Nilai Akhir 98,50; komponen terkuat adalah Hasil Kerja (100,00). Perlu diperhatikan: Tanpa
    Keterangan 5 hari (batas 5 hari) sehingga … Saran pengembangan: pembinaan disiplin …"
    """
    if len(results) == 0:
        return pd.Series([], index=results.index, dtype=object, name="catatan")
    if len(results) > CHUNK_ROWS:
        return _in_chunks(results, indicators, unit_ikm, unit_categories, params, suggestions)
    row = _Row(results)
    low_list = _low_indicators(row, indicators, params)
    unit = _unit_facts(row, unit_ikm, unit_categories, suggestions)

    mask = _REPORT * (row.indicators == 0) + _RATING * ~row.has_rating + _ATTENDANCE * ~row.has_attendance
    scored = np.isfinite(row.na) & np.isfinite(row.nhk) & np.isfinite(row.npk)
    gate = _on(row.gate_note != "", lambda k: [f"Perlu diperhatikan: {note}" for note in row.gate_note[k]])
    facts, weak_behaviour = _facts(row, low_list, params)
    limit = _number_text(params.indicator_low)
    positive = np.select(
        [scored & (gate == "") & row.has_attendance, scored & (gate == "")],
        [f"Semua indikator Anda mencapai minimal {limit}% dan presensi Anda tertib.",
         f"Semua indikator Anda mencapai minimal {limit}%."],
        default="",
    ).astype(object)  # fmt: skip

    discipline = row.gate | (_rounded(row.d) < params.threshold_meets)
    targets = (low_list != "") | (row.indicators_low > 0)
    suggestion = np.select(
        [discipline, targets, unit["weak_key"] >= 0, weak_behaviour, scored],
        [
            _sentence(suggestions.discipline),
            _sentence(suggestions.targets),
            _element_suggestions(suggestions)[np.maximum(unit["weak_key"], 0)],
            _sentence(suggestions.behaviour),
            _sentence(suggestions.general),
        ],
        default="",
    ).astype(object)

    # Each sentence column, in display order, with its rank for keeping (1 = kept first) when a
    # row would have more than MAX_SENTENCES.
    sentences = [
        (1, np.where(scored, _status(row, scored), _UNSCORED_TEXT[mask])),
        (2, np.where(scored & (mask == _ATTENDANCE), _ATTENDANCE_ONLY, "")),
        (7, _partial(row, ~scored)),
        (3, gate),
        (4, np.where(facts != "", facts, positive)),
        (6, unit["text"]),
        (5, suggestion),
        (8, np.where(scored, "", _CLOSING)),
    ]
    return pd.Series(_join(sentences), index=results.index, dtype=object, name="catatan")


class _Row:
    """The result columns the note reads, as plain arrays with missing values made explicit."""

    def __init__(self, results: pd.DataFrame):
        n = len(results)

        def text(name: str, strip: bool = False) -> np.ndarray:
            return _column_text(results, name, strip) if name in results else _blank(n)

        def number(name: str) -> np.ndarray:
            return as_float(results[name]) if name in results else np.full(n, np.nan)

        def count(name: str) -> np.ndarray:
            return np.nan_to_num(number(name)).astype(np.int64)

        def flag(name: str) -> np.ndarray:
            values = results[name] if name in results else pd.Series(False, index=results.index)
            return pd.array(values.to_numpy(), dtype="boolean").fillna(False).to_numpy(dtype=bool)

        self.period, self.nip = text("period"), text("nip")
        self.agency, self.unit_id, self.ikm_source = text("agency"), text("unit_id"), text("ikm_source")
        self.predikat, self.rating_hk, self.rating_pk = text("predikat"), text("rating_hk"), text("rating_pk")
        self.gate_note, self.ikm_note = text("gate_note", strip=True), text("ikm_note", strip=True)
        self.nhk, self.npk, self.na, self.na_change = (number(k) for k in ("nhk", "npk", "na", "na_change"))
        self.b, self.i, self.d, self.ikm = (number(k) for k in ("b", "i", "d", "ikm"))
        self.absent, self.late, self.early = count("absent"), count("late"), count("early_leave")
        self.indicators, self.indicators_low = count("indicators"), count("indicators_low")
        self.public, self.gate, self.ikm_used = flag("public_service"), flag("gate"), flag("ikm_used")
        self.has_rating, self.has_attendance = flag("has_rating"), flag("has_attendance")


# ---- sentences ------------------------------------------------------------------------------


def _status(row: _Row, rows: np.ndarray) -> np.ndarray:
    """'Predikat … dengan Nilai Akhir 107,90, naik 2,35 poin dari bulan lalu; komponen terkuat …'"""
    change = _rounded(row.na_change)
    magnitude = _decimal(np.abs(change))
    change_text = np.select(
        [change > 0, change < 0, change == 0],  # NaN (no previous month) matches none
        [_on(change > 0, lambda k: [f", naik {m} poin dari bulan lalu" for m in magnitude[k]]),
         _on(change < 0, lambda k: [f", turun {m} poin dari bulan lalu" for m in magnitude[k]]),
         ", sama dengan bulan lalu"],
        default="",
    )  # fmt: skip
    na, strongest = _decimal(row.na), _strongest(row, rows)
    return _on(
        rows,
        lambda k: [
            f"Predikat kinerja Anda bulan ini {predikat} dengan Nilai Akhir {value}{since}; "
            f"komponen terkuat adalah {strong}."
            for predikat, value, since, strong in zip(row.predikat[k], na[k], change_text[k], strongest[k])
        ],
    )


def _strongest(row: _Row, rows: np.ndarray) -> np.ndarray:
    """Hasil Kerja or Perilaku Kerja (compared as displayed), and within Perilaku its best part."""
    nhk, npk = _rounded(row.nhk), _rounded(row.npk)
    nhk_text, npk_text = _decimal(nhk), _decimal(npk)
    parts = np.column_stack([_rounded(row.b), _rounded(row.d), _rounded(row.i)])
    best = np.argmax(np.where(np.isnan(parts), -np.inf, parts), axis=1)
    best_name = np.array(["BerAKHLAK", "Disiplin", "Inisiatif"], dtype=object)[best]
    best_value = _decimal(parts[np.arange(len(best)), best])
    hasil, perilaku = rows & (nhk > npk), rows & (npk > nhk)
    tie = rows & ~hasil & ~perilaku

    def perilaku_text(k):
        return [
            f"Perilaku Kerja ({value}), terutama {name} ({part})"
            for value, name, part in zip(npk_text[k], best_name[k], best_value[k])
        ]

    return np.select(
        [hasil, perilaku, tie],
        [
            _on(hasil, lambda k: [f"Hasil Kerja ({value})" for value in nhk_text[k]]),
            _on(perilaku, perilaku_text),
            _on(tie, lambda k: [f"Hasil Kerja dan Perilaku Kerja, sama-sama {value}" for value in nhk_text[k]]),
        ],
        default="",
    )


def _partial(row: _Row, rows: np.ndarray) -> np.ndarray:
    """For a row without Nilai Akhir: the component that could already be computed."""
    hasil = rows & np.isfinite(row.nhk)
    perilaku = rows & ~hasil & np.isfinite(row.npk)
    nhk, npk = _decimal(row.nhk), _decimal(row.npk)

    def hasil_text(k):
        pairs = zip(nhk[k], row.rating_hk[k])
        return [f"Sementara ini nilai Hasil Kerja Anda {value} ({label})." for value, label in pairs]

    def perilaku_text(k):
        pairs = zip(npk[k], row.rating_pk[k])
        return [f"Sementara ini nilai Perilaku Kerja Anda {value} ({label})." for value, label in pairs]

    return np.where(hasil, _on(hasil, hasil_text), _on(perilaku, perilaku_text))


def _facts(row: _Row, low_list: np.ndarray, params: ScoringParams) -> tuple[np.ndarray, np.ndarray]:
    """'Yang perlu diperbaiki bulan ini: …' from indicators, attendance and low ratings; and the
    rows whose BerAKHLAK is under expectation (for the behaviour suggestion)."""
    limit = _number_text(params.indicator_low)
    named = _on(low_list != "", lambda k: [f"capaian indikator {ns} (di bawah {limit}%)" for ns in low_list[k]])
    counted = _on(
        (low_list == "") & (row.indicators_low > 0),
        lambda k: [f"{n} indikator dengan capaian di bawah {limit}%" for n in row.indicators_low[k].tolist()],
    )
    # With the gate applied its own sentence already names the days absent.
    absent = _on(
        (row.absent > 0) & (row.gate_note == ""),
        lambda k: [f"{days} hari tanpa keterangan" for days in row.absent[k].tolist()],
    )
    late, early = row.late > 0, row.early > 0

    def late_and_early(k):
        return [
            f"{times} kali terlambat dan {other} kali pulang cepat"
            for times, other in zip(row.late[k].tolist(), row.early[k].tolist())
        ]

    lateness = np.select(
        [late & early, late, early],
        [
            _on(late & early, late_and_early),
            _on(late, lambda k: [f"{times} kali terlambat" for times in row.late[k].tolist()]),
            _on(early, lambda k: [f"{times} kali pulang cepat" for times in row.early[k].tolist()]),
        ],
        default="",
    )
    low_b = _rounded(row.b) < params.threshold_meets
    low_i = _rounded(row.i) < params.threshold_meets
    b_text, i_text = _decimal(row.b), _decimal(row.i)

    def both_low(k):
        pairs = zip(b_text[k], i_text[k])
        return [f"nilai BerAKHLAK {b} dan Inisiatif {i} dari penilaian atasan" for b, i in pairs]

    rated = np.select(
        [low_b & low_i, low_b, low_i],
        [
            _on(low_b & low_i, both_low),
            _on(low_b, lambda k: [f"nilai BerAKHLAK {b} dari penilaian atasan" for b in b_text[k]]),
            _on(low_i, lambda k: [f"nilai Inisiatif {i} dari penilaian atasan" for i in i_text[k]]),
        ],
        default="",
    )
    items = (named, counted, absent, lateness, rated)

    def facts_text(k):
        bodies = _join_rows([item[k] for item in items], "; ")
        return [f"Yang perlu diperbaiki bulan ini: {body}." for body in bodies]

    return _on(np.logical_or.reduce([item != "" for item in items]), facts_text), low_b


def _low_indicators(row: _Row, indicators: pd.DataFrame, params: ScoringParams) -> np.ndarray:
    """Per result row: '"A" 85,00% dan "B" 70,00%' — each indicator under the threshold."""
    out = _blank(len(row.period))
    if indicators is None or len(indicators) == 0:
        return out
    capaian = as_float(indicators["capaian"])
    capped = (
        as_float(indicators["capaian_capped"])
        if "capaian_capped" in indicators
        else np.minimum(capaian, params.capaian_cap)
    )
    low = round_half_up(capped, 2) < params.indicator_low  # as scoring.hasil_kerja counts them
    if not low.any():
        return out
    # Only three columns, and only the low rows: the frame can have millions of rows.
    low_rows = pd.DataFrame({name: indicators[name].to_numpy()[low] for name in ("period", "nip", "indicator")})
    names = _column_text(low_rows, "indicator", strip=True)
    pairs = zip(names, _decimal(capaian[low]))
    item = np.array([f'"{name or "(tanpa nama)"}" {value}%' for name, value in pairs], dtype=object)
    # The (period, nip) key of the results each low indicator belongs to.
    result_key, keys = pd.factorize(_pair_key(row.period, row.nip))
    key_of = pd.Index(keys).get_indexer(_pair_key(_column_text(low_rows, "period"), _column_text(low_rows, "nip")))
    known = key_of >= 0
    group, item = key_of[known], item[known]
    order = np.argsort(group, kind="stable")  # keep the sheet's row order within an employee
    group, item = group[order], item[order]
    if len(group) == 0:
        return out
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    lengths = np.diff(np.r_[starts, len(group)])
    size = np.repeat(lengths, lengths)
    rank = np.arange(len(group)) - np.repeat(starts, lengths)
    last = rank == size - 1
    separator = np.select([rank == 0, last & (size == 2), last], ["", " dan ", ", dan "], default=", ")
    joined = np.add.reduceat(separator.astype(object) + item, starts)
    per_key = _blank(len(keys))
    per_key[group[starts]] = joined
    return per_key[result_key]


def _unit_facts(
    row: _Row, unit_ikm: pd.DataFrame, unit_categories: pd.DataFrame, suggestions: FeedbackSettings
) -> dict:
    """The unit sentence for public-service staff (IKM, weakest element, top complaint category,
    or why the IKM was not used) and the weak element's index for the suggestion (-1 = none)."""
    n = len(row.period)
    # The IKM the score used: the Unit Kerja's, or the agency's pooled one ('opd:<CODE>').
    by_unit = row.public & (row.ikm_source == "unit")
    by_agency = row.public & (row.ikm_source == "opd")
    unit_key = np.select([by_unit, by_agency], [row.unit_id, _on(by_agency, lambda k: "opd:" + row.agency[k])], "")
    has_key = unit_key != ""
    key = _on(has_key, lambda k: _pair_key(unit_key[k], row.period[k]))

    weak_key = np.full(n, -1)
    weakest = _blank(n)
    if unit_ikm is not None and len(unit_ikm) and set(NRR_COLUMNS) <= set(unit_ikm.columns):
        ikm_keys = pd.Index(_pair_key(_column_text(unit_ikm, "unit_id"), _column_text(unit_ikm, "period")))
        first = ~ikm_keys.duplicated()
        where = _lookup(ikm_keys[first], key, has_key)
        nrr = np.column_stack([as_float(unit_ikm[c]) for c in NRR_COLUMNS])[first]
        usable = (where >= 0) & row.ikm_used
        picked = np.where(usable[:, None], nrr[np.maximum(where, 0)], np.nan)
        lowest = np.argmin(np.where(np.isnan(picked), np.inf, picked), axis=1)
        low_value = np.where(np.isnan(picked), np.inf, picked)[np.arange(n), lowest]
        high_value = np.where(np.isnan(picked), -np.inf, picked).max(axis=1)
        # When all nine are equal no element stands out, so none is named.
        stands_out = usable & np.isfinite(low_value) & (high_value > low_value)
        element = np.array(SKM_ELEMENT_NAMES, dtype=object)[lowest]
        value = _decimal(low_value)
        weakest = _on(stands_out, lambda k: [
            f"; unsur dengan nilai terendah {name} (NRR {nrr})" for name, nrr in zip(element[k], value[k])
        ])  # fmt: skip
        weak = stands_out & (round_half_up(low_value, 4) < suggestions.weak_element_nrr)
        weak_key = np.where(weak, lowest, -1)

    also = _blank(n)  # "; keluhan warga terbanyak tentang …"
    if unit_categories is not None and len(unit_categories):
        counts = as_float(unit_categories["count"])
        top = (
            unit_categories.assign(_count=counts)
            .loc[counts > 0]
            .sort_values(["unit_id", "period", "_count", "category"], ascending=[True, True, False, True])
            .drop_duplicates(["unit_id", "period"], keep="first")
        )
        top_keys = pd.Index(_pair_key(_column_text(top, "unit_id"), _column_text(top, "period")))
        phrase = np.array(
            [f"; keluhan warga terbanyak tentang {category} ({count} keluhan)"
             for category, count in zip(_column_text(top, "category", strip=True), top["_count"].astype("int64"))],
            dtype=object,
        )  # fmt: skip
        where = _lookup(top_keys, key, has_key)
        found = where >= 0
        also[found] = phrase[where[found]]

    codes, labels = mutu(row.ikm)
    used = row.public & row.ikm_used & np.isfinite(row.ikm)
    with_note = row.public & ~used & (row.ikm_note != "")
    only_complaint = row.public & ~used & ~with_note & (also != "")
    source = np.where(row.ikm_source == "opd", "IKM OPD", "IKM unit")
    ikm = _decimal(row.ikm)
    text = np.select(
        [used, with_note, only_complaint],
        [
            _on(used, lambda k: [
                f"{name} Anda bulan ini {value} (mutu {code}, {label}){low}{complaint}."
                for name, value, code, label, low, complaint
                in zip(source[k], ikm[k], codes[k], labels[k], weakest[k], also[k])
            ]),
            _on(with_note, lambda k: [
                f"{note.rstrip('.')}{complaint}." for note, complaint in zip(row.ikm_note[k], also[k])
            ]),
            _on(only_complaint, lambda k: [f"Di unit Anda, {complaint[2:]}." for complaint in also[k]]),
        ],
        default="",
    )  # fmt: skip
    return {"text": text, "weak_key": weak_key}


def _element_suggestions(suggestions: FeedbackSettings) -> np.ndarray:
    return np.array([_sentence(getattr(suggestions, key)) for key in SKM_KEYS], dtype=object)


def _sentence(suggestion: str) -> str:
    """'Saran pengembangan: <phrase>.' ('' for an empty phrase)."""
    phrase = str(suggestion).strip().rstrip(".").strip()
    return f"Saran pengembangan: {phrase}." if phrase else ""


def _join(sentences: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Join the non-empty sentences of each row with a space, dropping the lowest-ranked ones of
    rows that would have more than MAX_SENTENCES."""
    columns = [np.asarray(column, dtype=object) for _, column in sentences]
    present = np.stack([column != "" for column in columns])
    count = present.sum(axis=0)
    for j in sorted(range(len(sentences)), key=lambda j: -sentences[j][0]):
        drop = (count > MAX_SENTENCES) & present[j]
        present[j] &= ~drop
        count -= drop
    return _join_rows([np.where(present[j], column, "") for j, column in enumerate(columns)], " ")


# ---- missing data ----------------------------------------------------------------------------


def _listing(items: list[str]) -> str:
    """'a', 'a dan b', 'a, b, dan c'."""
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def _unscored_text(mask: int) -> str:
    """What keeps Nilai Akhir from being computed and who fills it (bit mask as in _INPUTS)."""
    missing = [entry for entry in _INPUTS if mask & entry[0]]
    blocking = [what for bit, what, _, _ in missing if bit != _ATTENDANCE]
    if not blocking:  # inconsistent row: every input present but no Nilai Akhir
        return "Nilai belum dapat dihitung karena data bulan ini belum lengkap."
    extra = ", dan presensi juga belum ada" if mask & _ATTENDANCE else ""
    if len(missing) == 1:
        _, _, who, tab = missing[0]
        request = f"{who} mengisinya di tab {tab}"
    else:
        request = _listing([f"{who} mengisi tab {tab}" for _, _, who, tab in missing])
    return f"Nilai belum dapat dihitung karena {_listing(blocking)} bulan ini belum diisi{extra}; mohon {request}."


_UNSCORED_TEXT = np.array([_unscored_text(mask) for mask in range(8)], dtype=object)
_ATTENDANCE_ONLY = (
    "Presensi bulan ini belum ada sehingga Disiplin belum dihitung dan nilai Perilaku Kerja memakai "
    "BerAKHLAK dan Inisiatif saja; mohon admin presensi mengisinya di tab Presensi."
)


# ---- text helpers ----------------------------------------------------------------------------

# Every number shown is a score under 1000 with 2 decimals, so it is looked up in a table of
# formatted values rather than formatted one by one; anything larger is formatted on its own.
_TABLE_CENTS = 100_000


@cache
def _cents_table() -> np.ndarray:
    return np.array([f"{c // 100},{c % 100:02d}" for c in range(_TABLE_CENTS)], dtype=object)


def _decimal(values) -> np.ndarray:
    """Numbers as shown to users: rounded half-up to 2 decimals, decimal comma ('85,00');
    NaN → ''."""
    rounded = _rounded(values)
    finite = np.isfinite(rounded)
    magnitude = np.rint(np.abs(np.where(finite, rounded, 0.0)) * 100)
    # Compared as floats, before the int64 cast: from 2**63 cents on the cast wraps to -2**63,
    # which passed `< _TABLE_CENTS` and indexed the table out of bounds.
    small = magnitude < _TABLE_CENTS
    out = _cents_table()[np.where(small, magnitude, 0).astype(np.int64)]
    if not small.all():
        out[~small] = [f"{int(c) // 100},{int(c) % 100:02d}" for c in magnitude[~small]]
    negative = (rounded < 0) & (magnitude > 0)
    if negative.any():
        out[negative] = "-" + out[negative]
    out[~finite] = ""
    return out


def _rounded(values: np.ndarray) -> np.ndarray:
    return round_half_up(np.asarray(values, dtype=float), 2)


def _number_text(value: float) -> str:
    """A config number in text: 90.0 → '90', 87.5 → '87,5'."""
    return f"{value:g}".replace(".", ",")


def _column_text(frame: pd.DataFrame, name: str, strip: bool = False) -> np.ndarray:
    """A text column as an object array of str, '' for missing; `strip` for typed-in text."""
    values = frame[name].fillna("").astype(str).to_numpy(dtype=object)
    return np.array([value.strip() for value in values], dtype=object) if strip else values


def _blank(n: int) -> np.ndarray:
    return np.full(n, "", dtype=object)


def _on(rows: np.ndarray, build) -> np.ndarray:
    """`build(k)` (texts for the row positions k) where `rows` holds, '' elsewhere: each sentence
    is built only for the rows it applies to."""
    out = _blank(len(rows))
    positions = np.flatnonzero(rows)
    if positions.size:
        out[positions] = np.asarray(build(positions), dtype=object)
    return out


def _pair_key(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One string key per row for a two-column lookup (the separator cannot occur in keys)."""
    return np.asarray(first, dtype=object) + "\x1f" + np.asarray(second, dtype=object)


def _lookup(index: pd.Index, keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Position in `index` of each key where `rows` holds; -1 elsewhere or when absent."""
    out = np.full(len(keys), -1)
    if rows.any():
        out[rows] = index.get_indexer(keys[rows])
    return out


def _join_rows(columns: list[np.ndarray], separator: str) -> np.ndarray:
    """Per row, the non-empty values of `columns` joined by `separator`."""
    return np.array([separator.join(filter(None, parts)) for parts in zip(*columns)], dtype=object)
