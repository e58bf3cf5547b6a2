"""The IKM of SKM results published outside the project, recomputed by scoring/ikm.py.

The project standard makes the published cases in `../shared/data/` tests. Each case of
`skm_published.json` gives a source's answers (per respondent, or as counts per answer value),
the IKM the source printed, the weight it says it used and the IKM with the exact 1/9 weight
recomputed from the printed data (`exact_ikm`). The answers are rebuilt as the per-respondent
rows the sync hands to `ikm_table` and the real function must give `exact_ikm`.

docs/scoring.md §4 (PermenPANRB 14/2017, Lampiran: "bobot nilai rata-rata tertimbang = jumlah bobot /
jumlah unsur = 1/9"): IKM = 25 × (Σ NRR) / 9, the weight exactly 1/9, never the 0.11 or 0.111 that
published sheets round it to. So where a case records the IKM a rounded weight gives, ours is not it.

Element order is the source's own, and U8/U9 are swapped in many published reports (U8 Sarana dan
Prasarana, U9 Penanganan Pengaduan). The source's elements are mapped to ours by what they are
(their key word), never by position: the IKM would not notice a swap, the NRR per element would.

The file lives beside the repository (CI copies shared/ next to the clone). If it is missing,
every test here fails with the path; none is skipped.
"""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from config.contract import FORM, SKM_ELEMENTS, SKM_QUESTIONS
from scoring.ikm import NRR_COLUMNS, SKM_KEYS, ikm_table
from scoring.params import ScoringParams
from scoring.rounding import round_half_up
from sync.sources.backend import RawTab
from sync.validate.city import RESPONSE_DTYPES, validate_city
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index
from tests.paths import SHARED

PUBLISHED = SHARED / "data" / "skm_published.json"
PARAMS = ScoringParams()
BY = ["unit_id", "period"]

# One key word per element, enough to tell the nine apart in any wording of the questionnaire.
ELEMENT_KEYWORDS = {
    "u1": "persyaratan",
    "u2": "prosedur",
    "u3": "waktu",
    "u4": "biaya",
    "u5": "produk",
    "u6": "kompetensi",
    "u7": "perilaku",
    "u8": "pengaduan",
    "u9": "prasarana",
}

# The source's own elements, in the source's order (the JSON numbers them U1..U9 as the source did).
SOURCE_ELEMENTS = {
    # rumus_perhitungan_ikm_lengkap.md, "9 UNSUR PELAYANAN YANG DINILAI" (same commit as the case)
    "gaspul-triwulan-3": (
        "Persyaratan Pelayanan",
        "Prosedur Pelayanan",
        "Waktu Pelayanan",
        "Biaya/Tarif Pelayanan",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Sarana dan Prasarana",
        "Penanganan Pengaduan, Saran, dan Masukan",
    ),
    # the page's U1..U7 are the standard ones; U8/U9 as its element_order_note says
    "tubaba-disdukcapil-2023-s1": (
        "Persyaratan",
        "Sistem, Mekanisme, dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Sarana dan Prasarana",
        "Penanganan Pengaduan, Saran dan Masukan",
    ),
}

# docs/scoring.md §4, literally: the mutu band of an IKM rounded to 2 decimals.
SCORING_MD_MUTU = ((88.31, "A", "Sangat Baik"), (76.61, "B", "Baik"), (65.00, "C", "Kurang Baik"))


def _load_cases() -> list:
    try:
        cases = json.loads(PUBLISHED.read_text(encoding="utf-8"))["cases"]
    except (OSError, ValueError, KeyError):
        cases = []
    # No cases is a failure, not an empty parameter set (which pytest would skip).
    return [pytest.param(case, id=case["id"]) for case in cases] or [pytest.param(None, id="missing")]


CASES = _load_cases()


def published(case):
    """The case, or a loud failure saying where the file was looked for."""
    if case is None:
        pytest.fail(
            f"{PUBLISHED} is missing, unreadable or has no cases: the published SKM cases are tests "
            "(copy shared/ beside the repository, as CI does)."
        )
    return case


def element_key(label: str) -> str:
    """Our key of a source's element, by its key word; fails unless exactly one matches."""
    keys = [k for k, word in ELEMENT_KEYWORDS.items() if re.search(rf"\b{word}", label.lower())]
    assert len(keys) == 1, f"element {label!r} matches {keys}, not exactly one of u1 … u9"
    return keys[0]


def source_keys(case) -> list[str]:
    """Our key for each of the case's elements U1..U9, in the source's order."""
    assert case["id"] in SOURCE_ELEMENTS, (
        f"add the element names of {case['id']!r}, in its source's order, to SOURCE_ELEMENTS: "
        "an element is mapped by what it is, never by its position"
    )
    keys = [element_key(label) for label in SOURCE_ELEMENTS[case["id"]]]
    assert sorted(keys) == sorted(SKM_KEYS), f"{case['id']}: the elements must be the nine, once each"
    return keys


def source_answers(case) -> np.ndarray:
    """n × 9 answers in the source's element order: as printed per respondent, else expanded from
    the answer counts (which answers went together is not printed, and neither NRR nor IKM
    depends on it), else any whole answers 1–4 with the printed sums (NRR = sum / n exactly)."""
    n = case["n"]
    if "respondents" in case:
        answers = np.array(case["respondents"], dtype=np.int64)
    elif "answer_counts" in case:
        columns = []
        for code in (f"U{j}" for j in range(1, 10)):
            counts = case["answer_counts"][code]
            column = [int(value) for value, count in counts.items() for _ in range(count)]
            assert len(column) == n, f"{case['id']} {code}: counts add up to {len(column)}, not n = {n}"
            columns.append(column)
        answers = np.array(columns, dtype=np.int64).T
    else:
        answers = answers_with_sums(case["sums"], n)
    assert answers.shape == (n, 9), f"{case['id']}: answers are {answers.shape}, not {n} × 9"
    if "sums" in case:
        assert answers.sum(axis=0).tolist() == case["sums"], f"{case['id']}: answers disagree with sums"
    return answers


def answers_with_sums(sums, n: int) -> np.ndarray:
    """n rows of whole answers 1–4 whose columns add up to `sums`."""
    columns = []
    for total in sums:
        assert n <= total <= 4 * n, f"a sum of {total} is impossible for {n} answers of 1–4"
        base, extra = divmod(total, n)
        columns.append([base + 1] * extra + [base] * (n - extra))
    return np.array(columns, dtype=np.int64).T


def responses_frame(case, answers: np.ndarray) -> pd.DataFrame:
    """The rows `ikm_table` gets from the sync (RESPONSE_DTYPES), each source element in our column."""
    n = len(answers)
    keys = source_keys(case)
    frame = pd.DataFrame(
        {
            "period": "published",
            "timestamp": pd.Timestamp("2026-10-15 09:00"),
            "unit_id": case["id"],
            "agency": "PUBLISHED",
            "service": "",
            **{key: answers[:, position] for position, key in enumerate(keys)},
            "complaint": "",
            "complaint_category": "",
            "row": np.arange(2, n + 2),
        }
    )
    return frame[list(RESPONSE_DTYPES)].astype(RESPONSE_DTYPES)


def our_row(case, answers=None) -> pd.Series:
    answers = source_answers(case) if answers is None else answers
    table = ikm_table(responses_frame(case, answers), BY, PARAMS)
    assert len(table) == 1
    return table.iloc[0]


def printed_mutu(case) -> tuple[str, str | None] | None:
    """('A', 'Sangat Baik') from "A (Sangat Baik)", ('A', None) from "A", None when not printed."""
    text = case.get("printed_mutu")
    if not text:
        return None
    match = re.fullmatch(r"\s*([ABCD])\s*(?:\((.+)\))?\s*", text)
    assert match, f"{case['id']}: cannot read printed_mutu {text!r}"
    return match.group(1), match.group(2)


def scoring_md_mutu(ikm: float) -> tuple[str, str]:
    rounded = round_half_up(ikm, 2)
    return next(((c, lab) for lower, c, lab in SCORING_MD_MUTU if rounded >= lower), ("D", "Tidak Baik"))


def alternative_weights(case) -> dict[float, float]:
    """{0.11: 90.56, …} from the case's with_weight_0_11, with_weight_0_111 … entries."""
    return {
        float("0." + key.removeprefix("with_weight_0_")): value
        for key, value in case.items()
        if key.startswith("with_weight_0_")
    }


# ---- the file ------------------------------------------------------------------------------------


def test_the_published_cases_are_there():
    assert PUBLISHED.is_file(), f"{PUBLISHED} is missing: copy shared/ beside the repository, as CI does"
    cases = json.loads(PUBLISHED.read_text(encoding="utf-8"))["cases"]
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    # the two cases known when this test was written; more may come
    assert {"gaspul-triwulan-3", "tubaba-disdukcapil-2023-s1"} <= set(ids)
    for case in cases:
        assert {"n", "exact_ikm", "printed_ikm"} <= set(case), case["id"]
        assert {"respondents", "answer_counts", "sums"} & set(case), f"{case['id']}: no answers"


def test_element_key_words_name_our_own_elements():
    # the key words are checked against the contract's names and question texts
    for key, _code, name in SKM_ELEMENTS:
        assert element_key(name) == key
        assert element_key(SKM_QUESTIONS[key]) == key


# ---- every case ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_our_ikm_is_the_exact_one(case):
    case = published(case)
    row = our_row(case)
    assert row["respondents"] == case["n"]
    assert round_half_up(row["ikm"], 2) == pytest.approx(case["exact_ikm"], abs=1e-9)
    nrr_sum = sum(row[column] for column in NRR_COLUMNS)
    assert row["ikm"] == pytest.approx(25 * nrr_sum / 9, rel=1e-12)  # docs/scoring.md §4, weight 1/9
    assert bool(row["sufficient"]) is (case["n"] >= PARAMS.min_responses)


@pytest.mark.parametrize("case", CASES)
def test_each_source_element_lands_in_our_element(case):
    case = published(case)
    answers = source_answers(case)
    row = our_row(case, answers)
    for position, key in enumerate(source_keys(case)):
        expected = answers[:, position].sum() / case["n"]
        assert row[f"nrr_{key}"] == pytest.approx(expected, rel=1e-12), (
            f"{case['id']}: source U{position + 1} ({SOURCE_ELEMENTS[case['id']][position]}) is our {key}"
        )


@pytest.mark.parametrize("case", CASES)
def test_the_element_order_note_agrees_with_the_mapping(case):
    case = published(case)
    keys = source_keys(case)
    note = case.get("element_order_note", "")
    for number, name in re.findall(r"U(\d) = ([A-Za-z/ ]+?)(?= and |,|$)", note):
        assert keys[int(number) - 1] == element_key(name), f"{case['id']}: U{number} = {name}"


@pytest.mark.parametrize("case", CASES)
def test_mutu_is_the_printed_one_where_consistent(case):
    case = published(case)
    row = our_row(case)
    expected = scoring_md_mutu(case["exact_ikm"])
    assert (row["mutu"], row["mutu_label"]) == expected
    printed = printed_mutu(case)
    if printed is not None and printed[0] == expected[0]:  # a printed letter docs/scoring.md agrees with
        assert row["mutu"] == printed[0]
        if printed[1] is not None:
            assert row["mutu_label"].lower() == printed[1].lower()


@pytest.mark.parametrize("case", CASES)
def test_a_rounded_weight_is_not_ours(case):
    """Where the case records what 0.11 or 0.111 gives, that is the source's arithmetic, not ours.

    PermenPANRB 14/2017 weighs each of the nine elements 1/9 (docs/scoring.md §4: "the weight is exactly
    1/9, not 0.11 or 0.111"); 9 × 0.11 = 0.99 understates every IKM by 1 %, 9 × 0.111 by 0.1 %.
    """
    case = published(case)
    row = our_row(case)
    nrr_sum = sum(row[column] for column in NRR_COLUMNS)
    ours = round_half_up(row["ikm"], 2)
    for weight, recorded in alternative_weights(case).items():
        assert round_half_up(25 * weight * nrr_sum, 2) == pytest.approx(recorded, abs=1e-9), (
            f"{case['id']}: our NRR with weight {weight} should give the recorded {recorded}"
        )
        assert ours != pytest.approx(recorded, abs=0.005), f"{case['id']}: our IKM uses weight {weight}"


@pytest.mark.parametrize("case", CASES)
def test_every_printed_ikm_is_explained(case):
    # each IKM the source printed is the exact one or one a recorded rounded weight gives
    case = published(case)
    explained = {case["exact_ikm"], *alternative_weights(case).values()}
    for value in case["printed_ikm"]:
        assert any(value == pytest.approx(e, abs=1e-9) for e in explained), f"{case['id']}: {value}"


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0] is None or "sums" in c.values[0]])
def test_the_printed_sums_alone_give_the_same_ikm(case):
    # a source that printed only its sums would go through ikm_table this way (NRR = sum / n)
    case = published(case)
    from_sums = our_row(case, answers_with_sums(case["sums"], case["n"]))
    full = our_row(case)
    assert from_sums["ikm"] == pytest.approx(full["ikm"], rel=1e-12)
    nrr = list(NRR_COLUMNS)
    np.testing.assert_allclose(from_sums[nrr].astype(float), full[nrr].astype(float), rtol=1e-12)


def test_gaspul_sarana_and_pengaduan_are_not_taken_by_position():
    # The source's table: "U8 | Sarana | 105 | 3.6207" and "U9 | Pengaduan | 115 | 3.9655". Our U8 is
    # Penanganan Pengaduan and our U9 Sarana dan Prasarana, so the two NRRs change places here; read
    # by position, the weakest element the Catatan Penilaian names could be the wrong one.
    case = published(next((c.values[0] for c in CASES if c.id == "gaspul-triwulan-3"), None))
    row = our_row(case)
    assert round(row["nrr_u8"], 4) == 3.9655  # Penanganan Pengaduan, the source's U9
    assert round(row["nrr_u9"], 4) == 3.6207  # Sarana dan Prasarana, the source's U8


@pytest.mark.parametrize("case", CASES)
def test_the_source_questionnaire_through_the_sync(case):
    """The source's own form (its numbering, its element names) read by the real validator: each
    question is recognised by what it asks, so the source's "U8. Sarana dan Prasarana" is our u9."""
    case = published(case)
    answers = source_answers(case)
    labels = SOURCE_ELEMENTS[case["id"]]
    header = [
        FORM.column("timestamp").header,
        FORM.column("unit").header,
        *(f"U{number}. {label}" for number, label in enumerate(labels, start=1)),
    ]
    rows = [["28/11/2026 14:03:22", "DINKES", *map(int, row)] for row in answers]
    tabs = {"Tanggapan Formulir 1": RawTab.from_rows("Tanggapan Formulir 1", [header, *rows])}
    units = build_unit_index([("DINKES", "Dinas Kesehatan")], pd.DataFrame({"agency": [], "unit": []}))
    city = validate_city(tabs, units, ValidationOptions(today=date(2026, 11, 28)))
    # A source numbering Sarana dan Prasarana U8 gets a Peringatan per swapped code, nothing worse.
    assert set(city.issues["severity"]) <= {"Peringatan"}, city.issues[["column", "problem"]].values.tolist()
    assert all("berkode" in p for p in city.issues["problem"])
    row = ikm_table(city.responses, ["agency", "period"], PARAMS).iloc[0]
    assert row["respondents"] == case["n"]
    assert round_half_up(row["ikm"], 2) == pytest.approx(case["exact_ikm"], abs=1e-9)
    for position, key in enumerate(source_keys(case)):
        assert row[f"nrr_{key}"] == pytest.approx(answers[:, position].sum() / case["n"], rel=1e-12), (
            f"{case['id']}: the source's U{position + 1} ({labels[position]}) must be read as our {key}"
        )


# What each source printed beside what its weight gives and what exactly 1/9 gives (issue 12, item
# 10): the figures written out, so a reader sees both without running anything. Our IKM is the
# first of each row; the Metodologi page states that the weight is exactly 1/9.
BOTH_FIGURES = {
    "gaspul-triwulan-3": {"1/9": 91.48, 0.111: 91.38, 0.11: 90.56},
    "tubaba-disdukcapil-2023-s1": {"1/9": 100.0, 0.111: 99.9},
}


@pytest.mark.parametrize("case", CASES)
def test_both_figures_where_the_source_rounded_the_weight(case):
    case = published(case)
    assert case["id"] in BOTH_FIGURES, f"write out the figures of {case['id']!r} in BOTH_FIGURES"
    figures = BOTH_FIGURES[case["id"]]
    row = our_row(case)
    nrr_sum = sum(row[column] for column in NRR_COLUMNS)
    assert round_half_up(row["ikm"], 2) == figures["1/9"] == case["exact_ikm"]
    for weight, value in figures.items():
        if weight != "1/9":
            assert round_half_up(25 * weight * nrr_sum, 2) == value == case[f"with_weight_0_{str(weight)[2:]}"]
            assert value < figures["1/9"]  # a rounded-down weight understates the IKM
    assert set(alternative_weights(case)) == {w for w in figures if w != "1/9"}


def test_the_metodologi_page_states_the_weight_the_project_uses():
    from web import methodology

    text = " ".join(p for s in methodology.sections(PARAMS, 5) for p in s.paragraphs)
    assert "tepat 1/9" in text and "bukan 0,111 atau 0,11" in text
