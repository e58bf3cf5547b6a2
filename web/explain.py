"""One employee's monthly score told step by step, in Indonesian, with the numbers that made it.

`explain(row, indicator_rows, params)` takes a stored `results` row (a dict), that month's
`indicators` rows and the ScoringParams in force, and returns the steps of docs/scoring.md §1–3:
capaian per indicator, NHK_own = Σb·c'/Σb, the IKM share (or why not), the Hasil Kerja rating and
the threshold that decided it, B/I/D and NPK (rescaled without attendance), the discipline gate,
the Perilaku rating, the matrix cell, and NA. Results are the stored (unrounded) values shown
half-up to 2 decimals; the formulas show their inputs the same way. Pure: no store, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.contract import BERAKHLAK
from scoring.ikm import SOURCE_AGENCY, SOURCE_UNIT
from scoring.params import DI_ATAS, DI_BAWAH, PREDIKAT_MATRIX, RATINGS, SESUAI, ScoringParams
from scoring.predikat import rating as rating_of
from scoring.rounding import round_half_up
from web.format import MISSING, integer, number

MAX_TERMS = 12  # NHK_own's sum is written out term by term up to this many indicators
SOURCE_NAMES = {SOURCE_UNIT: "IKM Unit Kerja", SOURCE_AGENCY: "IKM OPD"}


@dataclass(frozen=True)
class IndicatorLine:
    row: int | None
    plan: str
    indicator: str
    measure: str
    target: str
    actual: str
    direction: str
    weight: str
    formula: str  # '100 × 132 ÷ 120 = 110,00'
    capped: str  # the capaian that counts (c')
    was_capped: bool
    low: bool  # under params.indicator_low: named in the feedback


@dataclass(frozen=True)
class Step:
    key: str  # stable id (tests, anchors): 'nhk-sendiri', 'ikm', 'rating-hk', ...
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    period: str
    indicators: tuple[IndicatorLine, ...]
    steps: tuple[Step, ...]
    matrix: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...]  # (HK rating, ((predikat, decided), ...))
    predikat: str | None
    notices: tuple[str, ...]

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


def _n(value) -> str:
    return number(value)


def _t(value) -> str:
    """An input as typed: no trailing zeros (120, 0,5)."""
    return number(value, 4, trim=True)


def _present(value) -> bool:
    return value is not None and value == value  # NaN != NaN


def _flag(value) -> bool:
    return _present(value) and bool(value)


def rating_reason(label: str, value, params: ScoringParams) -> str:
    """'109,02 ≥ 90 dan < 110 → Sesuai Ekspektasi': which threshold decided a rating."""
    above, meets = _t(params.threshold_above), _t(params.threshold_meets)
    shown = _n(value)
    rating = rating_of([value], params).iloc[0]
    if rating == DI_ATAS:
        return f"{label} {shown} ≥ {above} → {DI_ATAS} (batas {above} menentukan)."
    if rating == SESUAI:
        return f"{label} {shown} ≥ {meets} dan di bawah {above} → {SESUAI} (batas {meets} dan {above})."
    return f"{label} {shown} di bawah {meets} → {DI_BAWAH} (batas {meets} menentukan)."


def _indicator(row: dict, params: ScoringParams) -> IndicatorLine:
    target, actual = row.get("target"), row.get("actual")
    capaian, capped = row.get("capaian"), row.get("capaian_capped")
    if _present(target) and _present(actual) and _present(capaian):
        if row.get("direction") == "Turun":
            formula = f"100 × (2 − {_t(actual)} ÷ {_t(target)}) = {_n(capaian)}"
            if float(capaian) == 0.0:
                formula += " (paling rendah 0)"
        else:
            formula = f"100 × {_t(actual)} ÷ {_t(target)} = {_n(capaian)}"
    else:
        formula = MISSING
    was_capped = _present(capaian) and _present(capped) and float(capaian) > float(capped)
    low = _present(capped) and round_half_up(float(capped), 2) < params.indicator_low
    return IndicatorLine(
        row=int(row["row"]) if _present(row.get("row")) else None,
        plan=str(row.get("plan") or ""),
        indicator=str(row.get("indicator") or ""),
        measure=str(row.get("measure") or ""),
        target=_t(target),
        actual=_t(actual),
        direction=str(row.get("direction") or "Naik"),
        weight=_t(row.get("weight")),
        formula=formula,
        capped=_n(capped),
        was_capped=was_capped,
        low=low,
    )


def _nhk_own(r: dict, rows: list[dict]) -> Step:
    if not _present(r.get("nhk_own")):
        return Step(
            "nhk-sendiri",
            "Nilai Hasil Kerja sendiri",
            ("Belum ada indikator yang sah bulan ini, sehingga NHK belum dapat dihitung.",),
        )
    usable = [x for x in rows if _present(x.get("weight")) and _present(x.get("capaian_capped"))]
    if not usable:
        return Step("nhk-sendiri", "Nilai Hasil Kerja sendiri", (f"NHK sendiri = {_n(r['nhk_own'])}.",))
    weights = sum(float(x["weight"]) for x in usable)
    products = sum(float(x["weight"]) * float(x["capaian_capped"]) for x in usable)
    text = "NHK sendiri = Σ(b × c′) ÷ Σb = "
    if len(usable) <= MAX_TERMS:
        terms = " + ".join(f"{_t(x['weight'])} × {_n(x['capaian_capped'])}" for x in usable)
        text += f"({terms}) ÷ {_t(weights)} = "
    text += f"{_n(products)} ÷ {_t(weights)} = {_n(r['nhk_own'])}."
    return Step(
        "nhk-sendiri",
        "Nilai Hasil Kerja sendiri",
        (f"{len(usable)} indikator; b = Bobot, c′ = capaian yang dibatasi paling tinggi.", text),
    )


def _ikm(r: dict, params: ScoringParams) -> Step:
    title = "Suara warga (IKM)"
    own, nhk = r.get("nhk_own"), r.get("nhk")
    if not _present(own):
        return Step("ikm", title, ("Tanpa NHK sendiri, NHK belum ada.",))
    if int(r.get("complaints_counted") or 0) > 0 and _present(r.get("c_aduan")):
        return _ikm_and_complaints(r, params)
    if _flag(r.get("ikm_used")):
        source = SOURCE_NAMES.get(str(r.get("ikm_source") or ""), "IKM unit")
        share = params.citizen_share
        return Step(
            "ikm",
            title,
            (
                f"{source} {_n(r.get('ikm'))} dari {integer(int(r.get('ikm_responses') or 0))} responden "
                f"(minimal {_minimum(r, params)}), maka dipakai.",
                f"Capaian IKM = min({_t(params.c_ikm_cap)}; 100 × {_n(r.get('ikm'))} ÷ {_t(params.ikm_target)}) "
                f"= {_n(r.get('c_ikm'))}.",
                f"NHK = {_n(1 - share)} × {_n(own)} + {_n(share)} × {_n(r.get('c_ikm'))} = {_n(nhk)}.",
            ),
        )
    if not _flag(r.get("public_service")):
        why = "Pegawai ini tidak berada di layanan publik, sehingga IKM tidak ikut dihitung."
    else:
        why = str(r.get("ikm_note") or "IKM unit tidak memenuhi syarat untuk dipakai.")
    return Step("ikm", title, (why, f"NHK = NHK sendiri = {_n(nhk)}."))


def _minimum(r: dict, params: ScoringParams) -> str:
    """The minimum sample that applied to the IKM used ('278 menurut Krejcie–Morgan dari 1.000
    penerima layanan', scoring.sample.minimum_text); a row stored before it was kept: min_responses."""
    stored = r.get("ikm_minimum")
    return str(stored) if stored else integer(params.min_responses)


def _ikm_and_complaints(r: dict, params: ScoringParams) -> Step:
    """SCORING.md §1, complaint handling: the citizens' share divided between the unit's IKM (when
    it applies) and the officer's own on-time complaint handling."""
    own, nhk, share = r.get("nhk_own"), r.get("nhk"), params.citizen_share
    counted, on_time = int(r.get("complaints_counted") or 0), int(r.get("complaints_on_time") or 0)
    lines = []
    if _flag(r.get("ikm_used")):
        source = SOURCE_NAMES.get(str(r.get("ikm_source") or ""), "IKM unit")
        lines += [
            f"{source} {_n(r.get('ikm'))} dari {integer(int(r.get('ikm_responses') or 0))} responden "
            f"(minimal {_minimum(r, params)}), maka dipakai: capaian IKM = "
            f"min({_t(params.c_ikm_cap)}; 100 × {_n(r.get('ikm'))} ÷ {_t(params.ikm_target)}) = {_n(r.get('c_ikm'))}.",
        ]
    elif not _flag(r.get("public_service")):
        lines.append("Pegawai ini tidak berada di layanan publik, sehingga IKM tidak ikut dihitung.")
    else:
        lines.append(str(r.get("ikm_note") or "IKM unit tidak memenuhi syarat untuk dipakai."))
    s = on_time / counted
    lines += [
        f"{integer(on_time)} dari {integer(counted)} pengaduan yang ditangani selesai dalam "
        f"{params.complaint_days_limit} hari kerja (log Pengaduan, NIP Petugas): bagian tepat waktu "
        f"{_t(s)}.",
        f"Capaian pengaduan = min({_t(params.c_aduan_cap)}; 100 × {_t(s)} ÷ {_t(params.complaint_target)}) "
        f"= {_n(r.get('c_aduan'))}.",
    ]
    if _flag(r.get("ikm_used")):
        ikm_part, aduan_part = share * (1 - params.complaint_part), share * params.complaint_part
        lines.append(
            f"NHK = {_n(1 - share)} × {_n(own)} + {_n(ikm_part)} × {_n(r.get('c_ikm'))} + "
            f"{_n(aduan_part)} × {_n(r.get('c_aduan'))} = {_n(nhk)}."
        )
    else:
        lines.append(f"NHK = {_n(1 - share)} × {_n(own)} + {_n(share)} × {_n(r.get('c_aduan'))} = {_n(nhk)}.")
    return Step("ikm", "Suara warga (IKM dan pengaduan)", tuple(lines))


def _rating_hk(r: dict, params: ScoringParams) -> Step:
    if not _present(r.get("nhk")):
        return Step("rating-hk", "Rating Hasil Kerja", ("Belum ada NHK, sehingga belum ada rating.",))
    return Step(
        "rating-hk",
        "Rating Hasil Kerja",
        (
            "NHK dibulatkan dua desimal (setengah ke atas) lalu dibandingkan dengan batas.",
            rating_reason("NHK", r["nhk"], params),
        ),
    )


def _percent_key(value, params: ScoringParams) -> str:
    """The supervisor's 1–5 score behind a percent of expectation, when the table says so."""
    keys = [k for k, v in sorted(params.rating_table.items()) if _present(value) and float(v) == float(value)]
    return f" {keys[0]}" if len(keys) == 1 else ""


def _berakhlak_values(r: dict, params: ScoringParams) -> str:
    """' Nilai atasan: Berorientasi Pelayanan 4 (110), …' — or where to look when the store predates them."""
    given = [(label, r.get(f"rating_{key}")) for key, label in BERAKHLAK]
    if not all(_present(value) for _label, value in given):
        return " Nilai per unsur ada di tab Penilaian Atasan."
    parts = [
        f"{label} {int(value)} ({_t(params.rating_table.get(int(value), float('nan')))})" for label, value in given
    ]
    return " Nilai atasan: " + ", ".join(parts) + "."


def _perilaku(r: dict, params: ScoringParams) -> Step:
    title = "Perilaku Kerja: B, I, D, dan NPK"
    table = ", ".join(f"{k}→{_t(v)}" for k, v in sorted(params.rating_table.items()))
    attendance = _flag(r.get("has_attendance"))
    lines = []
    if attendance:
        lines.append(
            f"D (Disiplin) = maks(0; 100 − {_t(params.penalty_absent)} × {int(r.get('absent') or 0)} − "
            f"{_t(params.penalty_late)} × ({int(r.get('late') or 0)} + {int(r.get('early_leave') or 0)})) "
            f"= {_n(r.get('d'))} (Tanpa Keterangan {int(r.get('absent') or 0)} hari, Terlambat "
            f"{int(r.get('late') or 0)} kali, Pulang Cepat {int(r.get('early_leave') or 0)} kali)."
        )
    else:
        lines.append("Presensi bulan ini tidak ada, sehingga D tidak dihitung.")
    if not _flag(r.get("has_rating")) or not _present(r.get("npk")):
        lines.append("Penilaian atasan belum ada: B, I, dan NPK belum dapat dihitung.")
        return Step("perilaku", title, tuple(lines))
    lines.insert(
        0,
        f"B = rata-rata persen ekspektasi tujuh nilai BerAKHLAK dari atasan (tabel {table}) "
        f"= {_n(r.get('b'))}.{_berakhlak_values(r, params)}",
    )
    lines.insert(1, f"I = persen ekspektasi nilai Inisiatif{_percent_key(r.get('i'), params)} = {_n(r.get('i'))}.")
    w_b, w_d, w_i = params.weight_berakhlak, params.weight_discipline, params.weight_initiative
    if attendance:
        lines.append(
            f"NPK = {_n(w_b)} × {_n(r.get('b'))} + {_n(w_d)} × {_n(r.get('d'))} + "
            f"{_n(w_i)} × {_n(r.get('i'))} = {_n(r.get('npk'))}."
        )
    else:
        scaled_b, scaled_i = w_b / (w_b + w_i), w_i / (w_b + w_i)
        lines.append(
            f"Tanpa D, bobot B dan I diskalakan ulang agar berjumlah 1: {_n(w_b)} ÷ {_n(w_b + w_i)} = "
            f"{_n(scaled_b)} dan {_n(w_i)} ÷ {_n(w_b + w_i)} = {_n(scaled_i)}."
        )
        lines.append(
            f"NPK = {_n(scaled_b)} × {_n(r.get('b'))} + {_n(scaled_i)} × {_n(r.get('i'))} = {_n(r.get('npk'))}."
        )
    return Step("perilaku", title, tuple(lines))


def _gate_and_rating_pk(r: dict, params: ScoringParams) -> tuple[Step, Step]:
    days = params.gate_absent_days
    gated = _flag(r.get("gate"))
    if not _flag(r.get("has_attendance")):
        gate_lines = ("Tanpa data presensi, gerbang disiplin tidak dapat diperiksa.",)
    elif gated:
        gate_lines = (
            str(
                r.get("gate_note")
                or f"Tanpa Keterangan {int(r.get('absent') or 0)} hari (batas {days} hari): gerbang disiplin berlaku."
            ),
        )
    else:
        gate_lines = (
            f"Tanpa Keterangan {int(r.get('absent') or 0)} hari, kurang dari {days} hari: "
            "gerbang disiplin tidak berlaku.",
        )
    gate = Step("gerbang", "Gerbang disiplin", gate_lines)
    if not _present(r.get("npk")):
        return gate, Step("rating-pk", "Rating Perilaku", ("Belum ada NPK, sehingga belum ada rating.",))
    if gated:
        by_score = rating_of([r["npk"]], params).iloc[0]
        lines = (
            f"Menurut angkanya NPK {_n(r['npk'])} adalah {by_score}, tetapi gerbang disiplin membuat "
            f"Rating Perilaku {DI_BAWAH}.",
        )
    else:
        lines = (rating_reason("NPK", r["npk"], params),)
    return gate, Step("rating-pk", "Rating Perilaku", lines)


def _matrix(hk: str | None, pk: str | None) -> tuple:
    return tuple(
        (row, tuple((PREDIKAT_MATRIX[(row, col)], row == hk and col == pk) for col in RATINGS)) for row in RATINGS
    )


def explain(r: dict, indicator_rows: list[dict], params: ScoringParams) -> Explanation:
    """The step-by-step explanation of one stored monthly result row."""
    hk, pk, predikat = r.get("rating_hk"), r.get("rating_pk"), r.get("predikat")
    if hk and pk and predikat:
        cell = (
            f"Baris Rating Hasil Kerja “{hk}” × kolom Rating Perilaku “{pk}” → {predikat} "
            "(matriks PermenPANRB 6/2022).",
        )
    else:
        cell = ("Predikat belum dapat ditentukan karena salah satu rating belum ada.",)
    if _present(r.get("na")):
        na = (
            f"NA = {_n(params.weight_final_hasil)} × {_n(r.get('nhk'))} + "
            f"{_n(params.weight_final_perilaku)} × {_n(r.get('npk'))} = {_n(r.get('na'))}.",
            "Nilai Akhir hanya untuk peringkat dan tren; predikat tetap dari matriks.",
        )
    else:
        na = ("Nilai Akhir memerlukan NHK dan NPK; salah satunya belum ada.",)
    gate, rating_pk = _gate_and_rating_pk(r, params)
    steps = (
        _nhk_own(r, indicator_rows),
        _ikm(r, params),
        _rating_hk(r, params),
        _perilaku(r, params),
        gate,
        rating_pk,
        Step("predikat", "Predikat kinerja", cell),
        Step("nilai-akhir", "Nilai Akhir", na),
    )
    return Explanation(
        period=str(r.get("period") or ""),
        indicators=tuple(_indicator(x, params) for x in indicator_rows),
        steps=steps,
        matrix=_matrix(hk, pk),
        predikat=predikat,
        notices=_notices(r, params),
    )


def _notices(r: dict, params: ScoringParams) -> tuple[str, ...]:
    """A warning when the rules in force would rate this row differently from the stored result;
    for a result decided by keberatan (web.in_force's `keberatan`), where its ratings came from."""
    objection = r.get("keberatan")
    if objection:
        return (
            f"Rating dan predikat bulan ini ditetapkan melalui keberatan yang diputus Atasan Pejabat Penilai pada "
            f"{objection['day']} (PP 30/2019 Pasal 59: keputusannya final), sehingga dapat berbeda dari yang "
            "dihitung dari nilai di bawah.",
        )
    if _present(r.get("nhk")) and r.get("rating_hk") and rating_of([r["nhk"]], params).iloc[0] != r["rating_hk"]:
        name = r.get("rules_name") or r.get("rules_id") or "sebelumnya"
        return (
            f"Nilai ini dihitung dengan aturan {name}; batas yang berlaku sekarang berbeda, sehingga "
            "penjelasan batas di bawah dapat tidak cocok sampai sinkronisasi berikutnya.",
        )
    return ()
