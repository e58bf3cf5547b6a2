"""Catatan Penilaian: a short Indonesian note per employee × month explaining the score (docs/scoring.md §5).

Contract: `catatan_penilaian(results, indicators, unit_ikm, unit_categories, params, suggestions)`
returns one text per row of `results` (same index): the predikat, Nilai Akhir and its change since
last month, the strongest component — or, when a rating is Di Bawah Ekspektasi, which rating
decided the predikat, its score, the gap to the threshold and what pulled it down —, what to
improve with the facts behind it, the unit's IKM, one development suggestion from the
`[feedback]` table (SUGGESTION_PRIORITY; specific to the month's facts) and, when inputs are
missing, what is missing and who fills it. Two to five sentences. The supervisor's Umpan Balik is
never included (it has its own column).

Built column-wise: which sentence a row gets, and every number in it, is decided with array
operations (masks, np.select, a lookup table of formatted numbers, one `np.add.reduceat` for the
lists of low indicators); each sentence is then filled in from those finished pieces with an
f-string over only the rows it applies to, which is 2–3× faster than chains of object-array adds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.arrays import as_float
from scoring.complaint_handling import complaint_sentence
from scoring.ikm import mutu
from scoring.indonesian import decimal_texts as _decimal, general as _number_text
from scoring.params import DI_BAWAH, ScoringParams
from scoring.rejected import TAB_ATTENDANCE, TAB_REPORT, in_tab, listing as _listing, rejected_by_input, rejected_rows
from scoring.rounding import round_half_up
from scoring.vocabulary import (
    AGENCY_UNIT_PREFIX,
    BERAKHLAK_KEYS,
    BERAKHLAK_NAMES,
    INITIATIVE_KEY,
    NRR_COLUMNS,
    SKM_ELEMENT_NAMES,
    SKM_KEYS,
)

# Which development suggestion applies, first match wins. What decided a Di Bawah Ekspektasi
# rating comes first (the gate, else the part of the score furthest under the threshold, weighted);
# then the employee's own weaknesses (Disiplin, missed targets, BerAKHLAK, Inisiatif under 90);
# only then the unit's weak SKM element (shared with colleagues); else a specific general one: the
# lowest BerAKHLAK value or the indicator closest to missing, in turn by month.
SUGGESTION_PRIORITY = (
    "deciding weakness",
    "discipline",
    "targets",
    "behaviour",
    "initiative",
    "weak SKM element (u1..u9)",
    "general (lowest value / indicator closest to missing)",
)

MAX_SENTENCES = 5

# Inputs that can be missing: bit, what, who fills it, in which tab (tab names as in
# config/contract.py; scoring/ may not import sync/).
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
    u3: str = "pelatihan pelayanan yang lebih cepat (misalnya standar waktu layanan dan pengelolaan antrean)"
    u4: str = "pemahaman ketentuan biaya/tarif layanan dan cara menyampaikannya secara terbuka kepada warga"
    u5: str = "pelatihan standar pelayanan agar hasil layanan sesuai dengan yang dijanjikan kepada warga"
    u6: str = "pelatihan teknis untuk meningkatkan kompetensi sebagai pelaksana layanan"
    u7: str = "pelatihan etika pelayanan (sikap sopan, ramah, dan komunikatif kepada warga)"
    u8: str = "pelatihan penanganan pengaduan, termasuk menindaklanjuti saran dan masukan warga tepat waktu"
    u9: str = (
        "usulkan perbaikan sarana dan prasarana layanan kepada atasan, serta jaga kebersihan dan "
        "kenyamanan ruang layanan"
    )
    behaviour: str = "coaching oleh atasan langsung untuk menerapkan nilai-nilai BerAKHLAK dalam pekerjaan sehari-hari"
    initiative: str = (
        "usulkan setidaknya satu perbaikan cara kerja kepada atasan langsung setiap bulan dan laksanakan yang disetujui"
    )
    # One way to practise each BerAKHLAK value (after the core behaviours of SE MenPANRB 20/2021),
    # named for the employee's lowest-rated value.
    berakhlak_service: str = (
        "pahami kebutuhan pengguna layanan, layani dengan ramah, cekatan, dan solutif, dan catat satu "
        "perbaikan layanan yang Anda lakukan"
    )
    berakhlak_accountable: str = (
        "kerjakan tugas dengan jujur, cermat, dan tuntas, dan laporkan kemajuannya kepada atasan tepat waktu"
    )
    berakhlak_competent: str = (
        "ikuti satu kegiatan belajar (pelatihan, webinar, atau belajar dari rekan) yang menunjang tugas Anda "
        "dan terapkan hasilnya"
    )
    berakhlak_harmonious: str = (
        "hargai setiap rekan dan warga apa pun latar belakangnya, dan bantu rekan yang membutuhkan"
    )
    berakhlak_loyal: str = (
        "jaga nama baik sesama ASN, pimpinan, dan instansi, dan dukung keputusan pimpinan dalam pelaksanaan tugas"
    )
    berakhlak_adaptive: str = "sambut perubahan cara kerja, coba satu cara baru yang lebih baik, dan bertindak proaktif"
    berakhlak_collaborative: str = (
        "libatkan rekan dan unit lain dalam pekerjaan bersama, dan bagikan informasi yang mereka perlukan"
    )
    near_target: str = "pantau kemajuannya setiap minggu bersama atasan langsung agar targetnya tetap tercapai"
    # Only when nothing more specific is known (no supervisor ratings on the row).
    general: str = (
        "lanjutkan pengembangan kompetensi sesuai rencana pengembangan Anda dan bagikan praktik baik "
        "kepada rekan kerja (misalnya melalui mentoring)"
    )


# Rows per pass: the sentences of a million rows at once hold about 2 GB of temporary strings; in
# passes of this size the text is the same (each employee's rows stay together) and memory stays small.
CHUNK_ROWS = 200_000


def _in_chunks(results, indicators, unit_ikm, unit_categories, params, suggestions, rejected=None) -> pd.Series:
    """catatan_penilaian in passes of about CHUNK_ROWS rows, each with whole employees and only
    their indicator rows (an employee's text depends on that employee's rows only)."""
    codes, nips = pd.factorize(results["nip"])
    passes = -(-len(results) // CHUNK_ROWS)
    pass_of_nip = np.arange(len(nips)) * passes // max(len(nips), 1)
    row_pass = pass_of_nip[codes]
    found = pd.Index(nips).get_indexer(indicators["nip"])
    indicator_pass = np.where(found >= 0, pass_of_nip[np.maximum(found, 0)], -1)
    parts = [
        catatan_penilaian(
            results[row_pass == k],
            indicators[indicator_pass == k],
            unit_ikm,
            unit_categories,
            params,
            suggestions,
            rejected,
        )
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
    rejected: pd.DataFrame | None = None,
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
    - rejected: the input rows filled in but rejected by validation (scoring.rejected: period,
      nip, tab, row); a missing input with such rows is said to be rejected, with its rows
      ("penilaian atasan bulan ini ditolak (baris 12 di tab Penilaian Atasan; lihat tab Validasi)"),
      not unfilled; Laporan Kinerja rows rejected beside used ones (a month scored on fewer
      indicators than were filled in) are named, and "Semua indikator" becomes "Semua indikator
      yang dihitung".
    Unit facts are given for public-service staff only; ikm_note and gate_note are reused as
    written by score_employees.
    Example (the employee of docs/scoring.md example B): "Predikat kinerja Anda bulan ini Kurang/Misconduct dengan
    Nilai Akhir 98,50 karena Rating Perilaku Di Bawah Ekspektasi. Perlu diperhatikan: Tanpa
    Keterangan 5 hari (batas 5 hari) sehingga … Saran pengembangan: pembinaan disiplin …"
    """
    if len(results) == 0:
        return pd.Series([], index=results.index, dtype=object, name="catatan")
    if len(results) > CHUNK_ROWS:
        return _in_chunks(results, indicators, unit_ikm, unit_categories, params, suggestions, rejected)
    row = _Row(results)
    low_list, lowest_low = _low_indicators(row, indicators, params)
    unit = _unit_facts(row, unit_ikm, unit_categories, suggestions)

    mask = _REPORT * (row.indicators == 0) + _RATING * ~row.has_rating + _ATTENDANCE * ~row.has_attendance
    unscored_text, attendance_only = _missing_sentences(row, mask, rejected)
    scored = np.isfinite(row.na) & np.isfinite(row.nhk) & np.isfinite(row.npk)
    gate = _on(row.gate_note != "", lambda k: [f"Perlu diperhatikan: {note}" for note in row.gate_note[k]])
    parts = _Parts(row, params)
    below_hk, below_pk = scored & (row.rating_hk == DI_BAWAH), scored & (row.rating_pk == DI_BAWAH)
    # The deciding sentences: a Di Bawah rating by score, its number, the gap and what pulled it down.
    hk_decided = below_hk & (parts.nhk < params.threshold_meets)
    pk_decided = below_pk & (parts.npk < params.threshold_meets)
    hk_deciding, pk_deciding = _deciding(row, parts, low_list, hk_decided, pk_decided, params)
    facts, anything = _facts(row, parts, low_list, params, skip_indicators=hk_decided, skip_perilaku=pk_decided)
    limit = _number_text(params.indicator_low)
    nothing_to_improve = ~anything
    # Laporan Kinerja rows rejected beside used ones: the month is scored on the indicators that
    # were used, so "all indicators" would claim what was never counted.
    uncounted = _uncounted_indicators(row, rejected)
    whose = np.where(uncounted != "", "yang dihitung", "Anda")
    positive = np.select(
        [scored & (gate == "") & nothing_to_improve & row.has_attendance, scored & (gate == "") & nothing_to_improve],
        ["Semua indikator " + whose + f" mencapai minimal {limit}% dan presensi Anda tertib.",
         "Semua indikator " + whose + f" mencapai minimal {limit}%."],
        default="",
    ).astype(object)  # fmt: skip

    suggestion = _suggestion(
        row, parts, low_list, lowest_low, indicators, unit, scored, below_hk, below_pk, params, suggestions
    )

    # Each sentence column, in display order, with its rank for keeping (1 = kept first) when a
    # row would have more than MAX_SENTENCES.
    sentences = [
        (1, np.where(scored, _status(row, scored, below_hk, below_pk), unscored_text)),
        (2, _on(uncounted != "", lambda k: [_uncounted_sentence(rows) for rows in uncounted[k]])),
        (2, hk_deciding),
        (2, pk_deciding),
        (2, np.where(scored & (mask == _ATTENDANCE), attendance_only, "")),
        (7, _partial(row, ~scored)),
        (3, gate),
        (5, np.where(facts != "", facts, positive)),
        (4, complaint_sentence(results, params)),  # the officer's own complaint handling (§1)
        (6, unit["text"]),
        (4, suggestion),
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
        self.c_ikm = number("c_ikm")
        self.b, self.i, self.d, self.ikm = (number(k) for k in ("b", "i", "d", "ikm"))
        self.absent, self.late, self.early = count("absent"), count("late"), count("early_leave")
        self.indicators, self.indicators_low = count("indicators"), count("indicators_low")
        self.public, self.gate, self.ikm_used = flag("public_service"), flag("gate"), flag("ikm_used")
        self.has_rating, self.has_attendance = flag("has_rating"), flag("has_attendance")
        # The supervisor's 1-5 ratings (NaN where absent): the values behind B and I.
        self.values = np.column_stack([number(f"rating_{key}") for key in BERAKHLAK_KEYS])
        self.initiative = number(f"rating_{INITIATIVE_KEY}")
        self.month = _month_ordinal(self.period)
        # (period, nip) as one integer per row, for matching indicator rows without building
        # string keys (millions of indicator rows at province scale).
        period_code, periods = pd.factorize(pd.Series(self.period, dtype=object))
        nip_code, nips = pd.factorize(pd.Series(self.nip, dtype=object))
        self._periods, self._nips = pd.Index(periods), pd.Index(nips)
        self.key_code, keys = pd.factorize(period_code.astype(np.int64) * max(len(nips), 1) + nip_code)
        self._keys = pd.Index(keys)
        self.n_keys = len(keys)

    def locate(self, period: np.ndarray, nip: np.ndarray) -> np.ndarray:
        """The key number (as in `key_code`) of each (period, nip) pair; -1 when no result row has it."""
        p = self._periods.get_indexer(np.asarray(period, dtype=object))  # a missing value is not found: -1
        n = self._nips.get_indexer(np.asarray(nip, dtype=object))
        found = (p >= 0) & (n >= 0)
        out = np.full(len(p), -1, dtype=np.int64)
        out[found] = self._keys.get_indexer(p[found].astype(np.int64) * max(len(self._nips), 1) + n[found])
        return out


class _Parts:
    """The scores as displayed (rounded half-up) and which parts of Perilaku are under the
    threshold, ordered by how much each pulls NPK down (weight × shortfall)."""

    def __init__(self, row: _Row, params: ScoringParams):
        self.nhk, self.npk = _rounded(row.nhk), _rounded(row.npk)
        self.b, self.d, self.i = _rounded(row.b), _rounded(row.d), _rounded(row.i)
        limit = params.threshold_meets
        self.low_b, self.low_d, self.low_i = self.b < limit, self.d < limit, self.i < limit
        weights = np.array([params.weight_berakhlak, params.weight_discipline, params.weight_initiative])
        values = np.column_stack([self.b, self.d, self.i])
        shortfall = np.where(values < limit, weights * (limit - values), -1.0)  # NaN compares False
        # Columns 0 = BerAKHLAK, 1 = Disiplin, 2 = Inisiatif, worst first (stable: ties keep that order).
        self.order = np.argsort(-shortfall, axis=1, kind="stable")
        self.worst = np.where(shortfall.max(axis=1) > 0, self.order[:, 0], -1)


# ---- sentences ------------------------------------------------------------------------------


def _status(row: _Row, rows: np.ndarray, below_hk: np.ndarray, below_pk: np.ndarray) -> np.ndarray:
    """'Predikat … dengan Nilai Akhir 107,90, naik 2,35 poin dari bulan lalu; komponen terkuat …'.

    With a rating Di Bawah Ekspektasi the sentence says which rating decided the predikat instead,
    and gives last month's Nilai Akhir plainly: no strongest component and no 'naik' beside a
    predikat of Kurang or worse."""
    below = rows & (below_hk | below_pk)
    fine = rows & ~below
    change = _rounded(row.na_change)
    magnitude = _decimal(np.abs(change))
    change_text = np.select(
        [change > 0, change < 0, change == 0],  # NaN (no previous month) matches none
        [_on(fine & (change > 0), lambda k: [f", naik {m} poin dari bulan lalu" for m in magnitude[k]]),
         _on(fine & (change < 0), lambda k: [f", turun {m} poin dari bulan lalu" for m in magnitude[k]]),
         ", sama dengan bulan lalu"],
        default="",
    )  # fmt: skip
    na, strongest = _decimal(row.na), _strongest(row, fine)
    last = _on(below & np.isfinite(row.na_change), lambda k: [
        f" (bulan lalu {value})" for value in _decimal(row.na[k] - row.na_change[k])
    ])  # fmt: skip
    which = np.select(
        [below_hk & below_pk, below_hk, below_pk],
        ["Rating Hasil Kerja dan Rating Perilaku", "Rating Hasil Kerja", "Rating Perilaku"],
        default="",
    )
    good = _on(fine, lambda k: [
        f"Predikat kinerja Anda bulan ini {predikat} dengan Nilai Akhir {value}{since}; "
        f"komponen terkuat adalah {strong}."
        for predikat, value, since, strong in zip(row.predikat[k], na[k], change_text[k], strongest[k])
    ])  # fmt: skip
    bad = _on(below, lambda k: [
        f"Predikat kinerja Anda bulan ini {predikat} dengan Nilai Akhir {value}{before} "
        f"karena {rating} Di Bawah Ekspektasi."
        for predikat, value, before, rating in zip(row.predikat[k], na[k], last[k], which[k])
    ])  # fmt: skip
    return np.where(below, bad, good)


def _deciding(
    row: _Row, parts: _Parts, low_list: np.ndarray, hk_rows: np.ndarray, pk_rows: np.ndarray, params: ScoringParams
) -> tuple[np.ndarray, np.ndarray]:
    """For each rating Di Bawah Ekspektasi by its score: 'Nilai Perilaku Kerja Anda 89,29, kurang
    0,71 poin dari batas 90; yang menurunkannya: BerAKHLAK 85,71 (Loyal dinilai 2 dari 5) dan …'."""
    limit = params.threshold_meets
    limit_text = _number_text(limit)
    hk = _on(hk_rows, lambda k: _hk_reasons(row, parts, low_list, k, params))
    pk = _on(pk_rows, lambda k: _pk_reasons(row, parts, k))

    def clause(name, value, reasons):
        gap = _decimal(limit - value)
        shown = _decimal(value)
        return [
            f"nilai {name} Anda {v}, kurang {g} poin dari batas {limit_text}"
            + (f"; yang menurunkannya: {r}" if r else "")
            for v, g, r in zip(shown, gap, reasons)
        ]  # fmt: skip

    hk_text = _on(hk_rows, lambda k: clause("Hasil Kerja", parts.nhk[k], hk[k]))
    pk_text = _on(pk_rows, lambda k: clause("Perilaku Kerja", parts.npk[k], pk[k]))
    return (
        _on(hk_rows, lambda k: [f"N{h[1:]}." for h in hk_text[k]]),
        _on(pk_rows, lambda k: [f"N{p[1:]}." for p in pk_text[k]]),
    )


def _hk_reasons(row: _Row, parts: _Parts, low_list: np.ndarray, k: np.ndarray, params: ScoringParams) -> list[str]:
    """What pulled Hasil Kerja down: the indicators under the limit, and the citizens' part when low."""
    limit = _number_text(params.indicator_low)
    c_ikm = _rounded(row.c_ikm[k])
    c_text = _decimal(c_ikm)
    out = []
    for named, counted, used, c, c_shown in zip(low_list[k], row.indicators_low[k].tolist(), row.ikm_used[k],
                                                 c_ikm, c_text):  # fmt: skip
        items = []
        if named:
            items.append(f"capaian indikator {named} (di bawah {limit}%)")
        elif counted:
            items.append(f"{counted} indikator dengan capaian di bawah {limit}%")
        if used and c < params.threshold_meets:
            items.append(f"capaian IKM unit {c_shown}%")
        out.append(_listing(items))
    return out


def _pk_reasons(row: _Row, parts: _Parts, k: np.ndarray) -> list[str]:
    """What pulled Perilaku Kerja down, worst first: 'BerAKHLAK 85,71 (Loyal dinilai 2 dari 5)',
    'Disiplin 86,00 (1 hari tanpa keterangan dan 2 kali terlambat)', 'Inisiatif 75,00 (dinilai 2 dari 5)'."""
    b, d, i = _decimal(parts.b[k]), _decimal(parts.d[k]), _decimal(parts.i[k])
    flags = np.column_stack([parts.low_b[k], parts.low_d[k], parts.low_i[k]])
    out = []
    for j in range(len(k)):
        r = k[j]
        texts = (
            f"BerAKHLAK {b[j]}{_low_values(row.values[r])}",
            f"Disiplin {d[j]}{_in_brackets(_attendance_items(row.absent[r], row.late[r], row.early[r]))}",
            f"Inisiatif {i[j]}{_rated(row.initiative[r])}",
        )
        out.append(_listing([texts[c] for c in parts.order[r] if flags[j, c]]))
    return out


def _low_values(values: np.ndarray) -> str:
    """' (Akuntabel dinilai 1, Loyal dan Adaptif dinilai 2 dari 5)': the values under 3 (the
    expectation), lowest first; '' when none is known."""
    known = np.isfinite(values)
    groups = []
    for rating in sorted({int(v) for v in values[known] if v < 3}):
        names = [name for name, v in zip(BERAKHLAK_NAMES, values) if v == rating]
        who = "ketujuh nilai" if len(names) == len(BERAKHLAK_NAMES) else _listing(names)
        groups.append(f"{who} dinilai {rating}")
    return f" ({', '.join(groups)} dari 5)" if groups else ""


def _rated(value: float) -> str:
    return f" (dinilai {int(value)} dari 5)" if np.isfinite(value) else ""


def _in_brackets(text: str) -> str:
    return f" ({text})" if text else ""


def _attendance_items(absent: int, late: int, early: int) -> str:
    """'1 hari tanpa keterangan, 2 kali terlambat, dan 1 kali pulang cepat' (joined as every list)."""
    items = [f"{absent} hari tanpa keterangan"] if absent > 0 else []
    if late > 0:
        items.append(f"{late} kali terlambat")
    if early > 0:
        items.append(f"{early} kali pulang cepat")
    return _listing(items)


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


def _facts(
    row: _Row,
    parts: _Parts,
    low_list: np.ndarray,
    params: ScoringParams,
    skip_indicators: np.ndarray,
    skip_perilaku: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """'Yang perlu diperbaiki bulan ini: …' from indicators, attendance and low ratings, without
    what a deciding sentence already names (`skip_*`); and the rows with anything to improve at all.

    One clause per kind of fact, clauses separated by '; ', each clause's own list joined as every
    list in the note ('a dan b', 'a, b, dan c')."""
    limit = _number_text(params.indicator_low)
    named = _on(low_list != "", lambda k: [f"capaian indikator {ns} (di bawah {limit}%)" for ns in low_list[k]])
    counted = _on(
        (low_list == "") & (row.indicators_low > 0),
        lambda k: [f"{n} indikator dengan capaian di bawah {limit}%" for n in row.indicators_low[k].tolist()],
    )
    # With the gate applied its own sentence already names the days absent.
    with_absent = (row.absent > 0) & (row.gate_note == "")
    attendance = _listing_rows(
        [
            _on(with_absent, lambda k: [f"{days} hari tanpa keterangan" for days in row.absent[k].tolist()]),
            _on(row.late > 0, lambda k: [f"{times} kali terlambat" for times in row.late[k].tolist()]),
            _on(row.early > 0, lambda k: [f"{times} kali pulang cepat" for times in row.early[k].tolist()]),
        ]
    )
    b_text, i_text = _decimal(row.b), _decimal(row.i)
    low_b, low_i = parts.low_b, parts.low_i

    def both_low(k):
        pairs = zip(b_text[k], i_text[k])
        return [f"nilai BerAKHLAK {b} dan Inisiatif {i} dari penilaian atasan" for b, i in pairs]

    def rated(show_b, show_i):
        return np.select(
            [show_b & show_i, show_b, show_i],
            [
                _on(show_b & show_i, both_low),
                _on(show_b, lambda k: [f"nilai BerAKHLAK {b} dari penilaian atasan" for b in b_text[k]]),
                _on(show_i, lambda k: [f"nilai Inisiatif {i} dari penilaian atasan" for i in i_text[k]]),
            ],
            default="",
        )

    anything = (named != "") | (counted != "") | (attendance != "") | low_b | low_i
    keep_indicators = ~skip_indicators
    items = (
        np.where(keep_indicators, named, ""),
        np.where(keep_indicators, counted, ""),
        np.where(skip_perilaku & parts.low_d, "", attendance),
        rated(low_b & ~skip_perilaku, low_i & ~skip_perilaku),
    )

    def facts_text(k):
        bodies = _join_rows([item[k] for item in items], "; ")
        return [f"Yang perlu diperbaiki bulan ini: {body}." for body in bodies]

    return _on(np.logical_or.reduce([item != "" for item in items]), facts_text), anything


# Suggestion kinds, in SUGGESTION_PRIORITY's terms.
_DISCIPLINE, _TARGETS, _BEHAVIOUR, _INITIATIVE, _ELEMENT, _GENERAL, _NONE = range(7)


def _suggestion(
    row: _Row,
    parts: _Parts,
    low_list: np.ndarray,
    lowest_low: np.ndarray,
    indicators: pd.DataFrame,
    unit: dict,
    scored: np.ndarray,
    below_hk: np.ndarray,
    below_pk: np.ndarray,
    params: ScoringParams,
    suggestions: FeedbackSettings,
) -> np.ndarray:
    """'Saran pengembangan: …' — one per scored row, by SUGGESTION_PRIORITY."""
    limit = params.threshold_meets
    by_part = np.array([_BEHAVIOUR, _DISCIPLINE, _INITIATIVE, _NONE])[parts.worst]  # worst -1 → _NONE
    hk_further = (limit - parts.nhk) >= (limit - parts.npk)
    decided = np.select(
        [below_pk & row.gate, below_pk & below_hk & hk_further, below_pk, below_hk],
        [_DISCIPLINE, _TARGETS, by_part, _TARGETS],
        default=_NONE,
    )
    targets = (low_list != "") | (row.indicators_low > 0)
    kind = np.select(
        [~scored, decided != _NONE, row.gate | parts.low_d, targets, parts.low_b, parts.low_i, unit["weak_key"] >= 0],
        [_NONE, decided, _DISCIPLINE, _TARGETS, _BEHAVIOUR, _INITIATIVE, _ELEMENT],
        default=_GENERAL,
    )  # fmt: skip

    # A weakness that repeats month after month gets the same advice, but with this month's facts.
    out = _blank(len(kind))
    plan = _phrase(suggestions.discipline)
    _fill(out, kind == _DISCIPLINE, lambda k: [
        f"Saran pengembangan: {plan}; nilai Disiplin Anda bulan ini {d}." if d else f"Saran pengembangan: {plan}."
        for d in _decimal(row.d[k])
    ])  # fmt: skip
    action = _phrase(suggestions.targets)
    _fill(out, kind == _TARGETS, lambda k: [
        f"Saran pengembangan: {action}, dimulai dari indikator {item}." if item else f"Saran pengembangan: {action}."
        for item in lowest_low[k]
    ])  # fmt: skip
    element_phrases = np.array([_phrase(getattr(suggestions, key)) for key in SKM_KEYS], dtype=object)
    _fill(out, kind == _ELEMENT, lambda k: [
        f"Saran pengembangan: {phrase}, untuk memperbaiki unsur {name} di unit Anda (NRR {nrr})."
        for phrase, name, nrr in zip(element_phrases[unit["weak_key"][k]], unit["weak_name"][k], unit["weak_nrr"][k])
    ])  # fmt: skip
    step = _phrase(suggestions.initiative)
    _fill(out, kind == _INITIATIVE, lambda k: [
        f"Saran pengembangan: Inisiatif Anda dinilai {int(r)} dari 5; {step}." if np.isfinite(r)
        else f"Saran pengembangan: {step}."
        for r in row.initiative[k]
    ])  # fmt: skip
    names = np.array(BERAKHLAK_NAMES, dtype=object)
    phrases = np.array([_phrase(getattr(suggestions, f"berakhlak_{key}")) for key in BERAKHLAK_KEYS], dtype=object)
    rated = np.isfinite(row.values).any(axis=1)

    # Behaviour: the supervisor's coaching, starting from the lowest value (ties in turn by month).
    behaviour = kind == _BEHAVIOUR
    out[behaviour & ~rated] = _sentence(suggestions.behaviour)
    coach = _phrase(suggestions.behaviour)

    def coaching(k):
        column, lowest, _tied = _lowest_value(row.values[k], row.month[k])
        return [f"Saran pengembangan: {coach}, dimulai dari nilai {name} (dinilai {int(r)} dari 5): {phrase}."
                for name, r, phrase in zip(names[column], lowest, phrases[column])]  # fmt: skip

    _fill(out, behaviour & rated, coaching)

    # General: the lowest value or the indicator closest to missing, taking turns by month, so
    # the text changes when nothing else does; the configured phrase only when neither is known.
    general = kind == _GENERAL
    near_name, near_value = _near_indicator(row, indicators, params, general)
    has_near = near_name != ""
    by_value = general & rated & (~has_near | (row.month % 2 == 0))
    by_near = general & has_near & ~by_value
    all_seven = len(BERAKHLAK_NAMES)

    def value_sentence(column: int, r: int, n_tied: int) -> str:
        name, phrase = names[column], phrases[column]
        if n_tied == 1:
            return (f"Saran pengembangan: nilai BerAKHLAK Anda yang terendah bulan ini adalah {name} "
                    f"(dinilai {r} dari 5); {phrase}.")  # fmt: skip
        who = "ketujuh nilai BerAKHLAK Anda" if n_tied == all_seven else f"{n_tied} nilai BerAKHLAK Anda"
        return f"Saran pengembangan: {who} sama-sama dinilai {r} dari 5; bulan ini, kembangkan nilai {name}: {phrase}."

    def value_text(k):
        turn = np.where(has_near[k], row.month[k] // 2, row.month[k])
        column, lowest, tied = _lowest_value(row.values[k], turn)
        # Few distinct (value, rating, ties) combinations: each sentence is written once.
        combo = (column * 10 + lowest.astype(np.int64)) * 10 + tied
        unique, at = np.unique(combo, return_inverse=True)
        table = np.array([value_sentence(c // 100, (c // 10) % 10, c % 10) for c in unique.tolist()], dtype=object)
        return table[at]

    _fill(out, by_value, value_text)
    watch = _phrase(suggestions.near_target)
    indicator_limit = _number_text(params.indicator_low)
    _fill(out, by_near, lambda k: [
        f'Saran pengembangan: indikator "{name}" (capaian {value}%, paling dekat ke batas {indicator_limit}%); '
        f"{watch}."
        for name, value in zip(near_name[k], near_value[k])
    ])  # fmt: skip
    out[general & ~by_value & ~by_near] = _sentence(suggestions.general)
    return out


def _lowest_value(values: np.ndarray, turn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the column of the lowest-rated BerAKHLAK value (among tied lowest ones, the
    turn-th, cycling), its rating, and how many share it. Rows without ratings give column 0."""
    known = np.isfinite(values)
    lowest = np.where(known, values, np.inf).min(axis=1)
    is_lowest = known & (values == lowest[:, None])
    tied = is_lowest.sum(axis=1)
    pick = np.mod(turn, np.maximum(tied, 1))
    column = np.argmax(is_lowest & (np.cumsum(is_lowest, axis=1) == (pick + 1)[:, None]), axis=1)
    return column, lowest, tied


def _near_indicator(
    row: _Row, indicators: pd.DataFrame, params: ScoringParams, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For the result rows `rows`: the indicator that reached the limit but stayed under 100% by
    the least margin (its name and capaian as shown); '' where there is none."""
    n = len(row.period)
    name_out, value_out = _blank(n), _blank(n)
    if indicators is None or len(indicators) == 0 or not rows.any():
        return name_out, value_out
    capped = (
        as_float(indicators["capaian_capped"])
        if "capaian_capped" in indicators
        else np.minimum(as_float(indicators["capaian"]), params.capaian_cap)
    )
    shown = round_half_up(capped, 2)
    near = (shown >= params.indicator_low) & (shown < 100)
    if not near.any():
        return name_out, value_out
    at = row.locate(indicators["period"].to_numpy()[near], indicators["nip"].to_numpy()[near])
    wanted = np.zeros(row.n_keys + 1, dtype=bool)  # the last slot answers at == -1
    wanted[row.key_code[rows]] = True
    known = wanted[at]
    if not known.any():
        return name_out, value_out
    group, value = at[known], shown[near][known]
    names = indicators["indicator"].to_numpy()[near][known]
    order = np.lexsort((np.arange(len(group)), value, group))  # per key: lowest capaian, sheet order
    group, value, names = group[order], value[order], names[order]
    first = np.r_[True, group[1:] != group[:-1]]
    per_name, per_value = _blank(row.n_keys), _blank(row.n_keys)
    per_name[group[first]] = [str(name).strip() or "(tanpa nama)" if isinstance(name, str) else "(tanpa nama)"
                              for name in names[first]]  # fmt: skip
    per_value[group[first]] = _decimal(value[first])
    name_out[rows], value_out[rows] = per_name[row.key_code[rows]], per_value[row.key_code[rows]]
    return name_out, value_out


def _month_ordinal(period: np.ndarray) -> np.ndarray:
    """'2026-10' → 2026 × 12 + 9: consecutive months differ by one (0 for other period texts)."""
    codes, labels = pd.factorize(pd.Series(period, dtype=object))

    def ordinal(label: str) -> int:
        try:
            year, month = str(label)[:4], str(label)[5:7]
            return int(year) * 12 + int(month) - 1
        except ValueError:
            return 0

    table = np.array([ordinal(label) for label in labels] + [0], dtype=np.int64)
    return table[codes]


def _low_indicators(row: _Row, indicators: pd.DataFrame, params: ScoringParams) -> tuple[np.ndarray, np.ndarray]:
    """Per result row: '"A" 85,00% dan "B" 70,00%' — each indicator under the threshold; and the
    lowest of them alone ('"B" 70,00%', the first in sheet order on a tie)."""
    out = _blank(len(row.period))
    if indicators is None or len(indicators) == 0:
        return out, out.copy()
    capaian = as_float(indicators["capaian"])
    capped = (
        as_float(indicators["capaian_capped"])
        if "capaian_capped" in indicators
        else np.minimum(capaian, params.capaian_cap)
    )
    low = round_half_up(capped, 2) < params.indicator_low  # as scoring.hasil_kerja counts them
    if not low.any():
        return out, out.copy()
    # Only three columns, and only the low rows: the frame can have millions of rows.
    low_rows = pd.DataFrame({name: indicators[name].to_numpy()[low] for name in ("period", "nip", "indicator")})
    names = _column_text(low_rows, "indicator", strip=True)
    pairs = zip(names, _decimal(capaian[low]))
    item = np.array([f'"{name or "(tanpa nama)"}" {value}%' for name, value in pairs], dtype=object)
    alone = np.array([f'"{name or "(tanpa nama)"}" (capaian {value}%)' for name, value in
                      zip(names, _decimal(capaian[low]))], dtype=object)  # fmt: skip
    # The (period, nip) key of the results each low indicator belongs to.
    key_of = row.locate(low_rows["period"].to_numpy(), low_rows["nip"].to_numpy())
    known = key_of >= 0
    group, item, value, alone = key_of[known], item[known], capped[low][known], alone[known]
    order = np.argsort(group, kind="stable")  # keep the sheet's row order within an employee
    group, item, value, alone = group[order], item[order], value[order], alone[order]
    if len(group) == 0:
        return out, out.copy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    lengths = np.diff(np.r_[starts, len(group)])
    size = np.repeat(lengths, lengths)
    rank = np.arange(len(group)) - np.repeat(starts, lengths)
    last = rank == size - 1
    separator = np.select([rank == 0, last & (size == 2), last], ["", " dan ", ", dan "], default=", ")
    joined = np.add.reduceat(separator.astype(object) + item, starts)
    per_key = _blank(row.n_keys)
    per_key[group[starts]] = joined
    is_lowest = np.flatnonzero(value == np.repeat(np.minimum.reduceat(value, starts), lengths))
    _, first = np.unique(group[is_lowest], return_index=True)
    lowest = _blank(row.n_keys)
    lowest[group[is_lowest[first]]] = alone[is_lowest[first]]
    return per_key[row.key_code], lowest[row.key_code]


def _unit_facts(
    row: _Row, unit_ikm: pd.DataFrame, unit_categories: pd.DataFrame, suggestions: FeedbackSettings
) -> dict:
    """The unit sentence for public-service staff (IKM, weakest element, top complaint category,
    or why the IKM was not used) and the weak element's index for the suggestion (-1 = none)."""
    n = len(row.period)
    # The IKM the score used: the Unit Kerja's, or the agency's pooled one ('opd:<CODE>').
    by_unit = row.public & (row.ikm_source == "unit")
    by_agency = row.public & (row.ikm_source == "opd")
    agency_key = _on(by_agency, lambda k: AGENCY_UNIT_PREFIX + row.agency[k])
    unit_key = np.select([by_unit, by_agency], [row.unit_id, agency_key], "")
    has_key = unit_key != ""
    key = _on(has_key, lambda k: _pair_key(unit_key[k], row.period[k]))

    weak_key = np.full(n, -1)
    weakest, weak_name, weak_nrr = _blank(n), _blank(n), _blank(n)
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
        weak_name, weak_nrr = np.where(weak, element, ""), np.where(weak, value, "")

    also = _blank(n)  # "; keluhan warga terbanyak tentang …"
    if unit_categories is not None and len(unit_categories):
        # The city's table is passed for every agency: rank only the units these rows need.
        needed = pd.Index(_column_text(unit_categories, "unit_id")).isin(set(unit_key[has_key].tolist()))
        unit_categories = unit_categories.loc[needed]
    if unit_categories is not None and len(unit_categories):
        counts = as_float(unit_categories["count"])
        # Every category with the top count is named (a tie is not broken by the alphabet).
        ranked = unit_categories.assign(_count=counts).loc[counts > 0]
        ranked = ranked.assign(_top=ranked.groupby(["unit_id", "period"])["_count"].transform("max"))
        top = (
            ranked.loc[ranked["_count"] == ranked["_top"]]
            .assign(category=lambda f: _column_text(f, "category", strip=True))
            .sort_values(["unit_id", "period", "category"])
            .groupby(["unit_id", "period"], sort=False)
            .agg(categories=("category", list), count=("_count", "first"))
            .reset_index()
        )
        top_keys = pd.Index(_pair_key(_column_text(top, "unit_id"), _column_text(top, "period")))
        phrase = np.array(
            [_complaint_phrase(categories, int(count)) for categories, count in zip(top["categories"], top["count"])],
            dtype=object,
        )
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
    return {"text": text, "weak_key": weak_key, "weak_name": weak_name, "weak_nrr": weak_nrr}


# More tied categories than this are counted, not listed.
_MAX_TIED_CATEGORIES = 3


def _complaint_phrase(categories: list[str], count: int) -> str:
    """'; keluhan warga terbanyak tentang Antrean (3 keluhan)', every tied category named
    ('… tentang "Antrean" dan "Biaya" (masing-masing 3 keluhan)'), more than three counted."""
    if len(categories) == 1:
        return f"; keluhan warga terbanyak tentang {categories[0]} ({count} keluhan)"
    if len(categories) > _MAX_TIED_CATEGORIES:
        return f"; keluhan warga tersebar di {len(categories)} kategori (masing-masing {count} keluhan)"
    # Quoted like indicator names: "Perilaku Petugas" dan "Sarana dan Prasarana" reads as two.
    named = _listing([f'"{category}"' for category in categories])
    return f"; keluhan warga terbanyak tentang {named} (masing-masing {count} keluhan)"


def _sentence(suggestion: str) -> str:
    """'Saran pengembangan: <phrase>.' ('' for an empty phrase)."""
    phrase = _phrase(suggestion)
    return f"Saran pengembangan: {phrase}." if phrase else ""


def _phrase(suggestion: str) -> str:
    """A configured phrase without the end stop (the note adds its own)."""
    return str(suggestion).strip().rstrip(".").strip()


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


def _unscored_text(mask: int, refused: dict[int, str] | None = None) -> str:
    """What keeps Nilai Akhir from being computed and who fills it (bit mask as in _INPUTS).

    `refused`: bit -> the sheet rows ('baris 12 dan 15') of a missing input that was filled in but
    rejected; that input is said to be rejected, with where the Validasi tab explains it, and its
    filler is asked to correct those rows rather than to fill the tab in."""
    refused = refused or {}
    missing = [entry for entry in _INPUTS if mask & entry[0]]
    blocking = [entry for entry in missing if entry[0] != _ATTENDANCE]
    if not blocking:  # inconsistent row: every input present but no Nilai Akhir
        return "Nilai belum dapat dihitung karena data bulan ini belum lengkap."
    unfilled = [what for bit, what, _, _ in blocking if bit not in refused]
    reasons = [f"{_listing(unfilled)} bulan ini belum diisi"] if unfilled else []
    reasons += [
        f"{what} bulan ini ditolak ({in_tab(refused[bit], tab)}; lihat tab Validasi)"
        for bit, what, _, tab in blocking
        if bit in refused
    ]
    extra = ""
    if mask & _ATTENDANCE:
        extra = (
            f", dan presensi bulan ini juga ditolak ({in_tab(refused[_ATTENDANCE], TAB_ATTENDANCE)}; lihat tab Validasi)"
            if _ATTENDANCE in refused
            else ", dan presensi juga belum ada"
        )
    if len(missing) == 1:
        bit, _, who, tab = missing[0]
        request = f"{who} {'memperbaikinya' if bit in refused else 'mengisinya'} di tab {tab}"
    else:
        request = _listing(
            [
                f"{who} memperbaiki baris tersebut di tab {tab}" if bit in refused else f"{who} mengisi tab {tab}"
                for bit, _, who, tab in missing
            ]
        )
    return f"Nilai belum dapat dihitung karena {_listing(reasons)}{extra}; mohon {request}."


_UNSCORED_TEXT = np.array([_unscored_text(mask) for mask in range(8)], dtype=object)
_ATTENDANCE_ONLY = (
    "Presensi bulan ini belum ada sehingga Disiplin belum dihitung dan nilai Perilaku Kerja memakai "
    "BerAKHLAK dan Inisiatif saja; mohon admin presensi mengisinya di tab Presensi."
)


def _attendance_rejected(rows: str) -> str:
    return (
        f"Presensi bulan ini ditolak ({in_tab(rows, TAB_ATTENDANCE)}; lihat tab Validasi); sampai admin presensi "
        f"memperbaikinya di "
        f"tab Presensi, Disiplin belum dihitung dan nilai Perilaku Kerja memakai BerAKHLAK dan Inisiatif saja."
    )


def _uncounted_indicators(row: _Row, rejected: pd.DataFrame | None) -> np.ndarray:
    """Per row: the rejected Laporan Kinerja rows ('baris 923') of a month that has used ones too,
    '' elsewhere (a month with none used says so in its missing-data sentence)."""
    rows = rejected_rows(row.period, row.nip, rejected, TAB_REPORT)
    return np.where(row.indicators > 0, rows, "").astype(object)


def _uncounted_sentence(rows: str) -> str:
    return (
        f"B{in_tab(rows, TAB_REPORT)[1:]} ditolak sehingga indikatornya tidak dihitung dalam nilai ini; "
        "perbaiki barisnya (lihat tab Validasi)."
    )


def _missing_sentences(row: _Row, mask: np.ndarray, rejected: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the sentence of an unscored row and the attendance-only sentence (both as if the
    row needed them), saying "ditolak (baris N di tab …; lihat tab Validasi)" for each missing input that was
    filled in but rejected. The few rows with a rejected input are written one by one; the rest
    come from the tables of all eight masks."""
    unscored = _UNSCORED_TEXT[mask]
    attendance_only = np.full(len(mask), _ATTENDANCE_ONLY, dtype=object)
    if rejected is None or rejected.empty:
        return unscored, attendance_only
    by_tab = rejected_by_input(row.period, row.nip, rejected)
    texts = {bit: by_tab[tab] for bit, _, _, tab in _INPUTS}
    refused_mask = sum(bit * (texts[bit] != "") for bit in texts) & mask
    for i in np.flatnonzero(refused_mask):
        refused = {bit: texts[bit][i] for bit in texts if refused_mask[i] & bit}
        unscored[i] = _unscored_text(int(mask[i]), refused)
        if _ATTENDANCE in refused:
            attendance_only[i] = _attendance_rejected(refused[_ATTENDANCE])
    return unscored, attendance_only


# ---- text helpers ----------------------------------------------------------------------------
# Numbers go through scoring.indonesian (`_decimal`: '85,00', NaN -> ''; `_number_text`: '87,5').


def _rounded(values: np.ndarray) -> np.ndarray:
    return round_half_up(np.asarray(values, dtype=float), 2)


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
    _fill(out, rows, build)
    return out


def _listing_rows(columns: list[np.ndarray]) -> np.ndarray:
    """Per row, the non-empty values of `columns` joined as `_listing` does."""
    present = np.stack([column != "" for column in columns])
    single = present.sum(axis=0) <= 1
    out = _blank(len(columns[0]))
    out[single] = np.sum([column[single] for column in columns], axis=0) if single.any() else out[single]
    _fill(out, ~single, lambda k: [_listing([p for p in parts if p]) for parts in zip(*(c[k] for c in columns))])
    return out


def _fill(out: np.ndarray, rows: np.ndarray, build) -> None:
    """out[rows] = build(k) for the row positions k (like `_on`, into an existing array)."""
    positions = np.flatnonzero(rows)
    if positions.size:
        out[positions] = np.asarray(build(positions), dtype=object)


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
