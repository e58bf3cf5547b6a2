"""SKM questions recognised by what they ask (issue 12, item 1): no code, any number, any order,
paraphrased or mistyped; a code the words contradict loses, and Validasi says so."""

from datetime import date

import pandas as pd
import pytest

from config.contract import GALAT, PERINGATAN, SKM_KEYS, SKM_QUESTIONS
from sync.sources.backend import RawTab
from sync.validate.city import validate_city
from sync.validate.questions import element_scores, fold, locate, profile_key
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY)
ANSWERS = [1, 2, 3, 4, 1, 2, 3, 4, 2]
# The Lampiran's questions as a form copies them: numbered, no codes (U8 Pengaduan, U9 Sarana).
LAMPIRAN = {key: f"{i}. {SKM_QUESTIONS[key].split('. ', 1)[1]}" for i, key in enumerate(SKM_KEYS, start=1)}


@pytest.fixture(scope="module")
def units():
    return build_unit_index([("DINKES", "Dinas Kesehatan")], pd.DataFrame({"agency": [], "unit": []}))


def run(header, rows, units, options=OPTIONS):
    tabs = {"Tanggapan Formulir 1": RawTab.from_rows("Tanggapan Formulir 1", [header, *rows])}
    return validate_city(tabs, units, options)


def by_key(result):
    return result.responses[list(SKM_KEYS)].values.tolist()


def test_the_lampiran_form_numbered_without_codes_is_read(units):
    header = ["Cap waktu", "Unit Layanan", *LAMPIRAN.values()]
    result = run(header, [["28/11/2026 10:00", "DINKES", *ANSWERS]], units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


def test_a_form_with_profile_questions_first_numbers_u1_five(units):
    # "5. ... persyaratan ..." is U1: the number is a position in the form, not the element.
    questions = [f"{i}. {SKM_QUESTIONS[k].split('. ', 1)[1]}" for i, k in enumerate(SKM_KEYS, start=5)]
    header = ["Cap waktu", "1. Jenis Kelamin", "2. Usia", "3. Pendidikan", "4. Pekerjaan", "Unit Layanan", *questions]
    result = run(header, [["28/11/2026 10:00", "L", 30, "SMA", "PNS", "DINKES", *ANSWERS]], units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


PARAPHRASES = {
    "u1": [
        "Persyaratan pelayanan sudah sesuai?",
        "Kesesuaian syarat-syarat layanan",
        "PERSYARATN",
        "Apakah persyaratannya jelas?",
    ],
    "u2": [
        "Kemudahan prosedur",
        "Sistem, mekanisme dan prosedur pelayanan",
        "Alur / tata cara pelayanan",
        "Bagaimana mekanisme pelayanannya?",
    ],
    "u3": ["Kecepatan waktu pelayanan", "Berapa lama waktu penyelesaian?", "Ketepatan waktu"],
    "u4": ["Kewajaran biaya / tarif", "Biaya pelayanan", "TARIF?"],
    "u5": [
        "Kesesuaian produk pelayanan dengan standar",
        "Produk spesifikasi jenis pelayanan",
        "Spesifikasi hasil layanan",
    ],
    "u6": ["Kemampuan petugas", "Kompetensi/kemampuan petugas dalam pelayanan", "Kompetnsi pelaksana"],
    "u7": ["Perilaku petugas", "Kesopanan dan keramahan petugas", "Prilaku petugas (sopan & ramah)", "Keramahan"],
    "u8": ["Penanganan pengaduan pengguna layanan", "Pengaduan, saran dan masukan", "Aduan"],
    "u9": ["Sarana dan prasarana", "Kualitas fasilitas", "Prasarana", "Kualitas sarana prasarána"],
}


@pytest.mark.parametrize("key, text", [(k, t) for k, texts in PARAPHRASES.items() for t in texts])
def test_a_paraphrase_names_its_element_uniquely(key, text):
    scores = element_scores(text)
    best = max(scores.values())
    assert best > 0 and [k for k, s in scores.items() if s == best] == [key], scores


def test_petugas_is_in_both_u6_and_u7_and_decides_neither():
    assert element_scores("kemampuan petugas")["u6"] > element_scores("kemampuan petugas")["u7"]
    assert element_scores("keramahan petugas")["u7"] > element_scores("keramahan petugas")["u6"]
    assert max(element_scores("Bagaimana pelayanan petugas?").values()) == 0


def test_saran_is_not_a_mistyped_sarana():
    assert element_scores("Kritik dan saran")["u9"] == 0
    assert element_scores("sarana")["u8"] == 0


def test_fold_is_blind_to_case_accents_and_punctuation():
    assert fold("  Kesopanan/KERAMAHÁN?! ") == "kesopanan keramahan"


def test_paraphrased_form_in_another_order_gives_the_same_answers(units):
    keys = ["u9", "u3", "u1", "u2", "u5", "u4", "u7", "u6", "u8"]
    header = ["Cap waktu", "Unit Layanan", *(PARAPHRASES[k][0] for k in keys)]
    answers = dict(zip(SKM_KEYS, ANSWERS))
    result = run(header, [["28/11/2026 10:00", "DINKES", *(answers[k] for k in keys)]], units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


def test_waktu_of_the_timestamp_and_of_another_column_does_not_take_u3(units):
    header = ["Cap waktu", "Unit Layanan", "Waktu kunjungan", *LAMPIRAN.values()]
    result = run(header, [["28/11/2026 10:00", "DINKES", "pagi", *ANSWERS]], units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


def test_a_free_text_saran_column_does_not_take_u8(units):
    header = ["Cap waktu", "Unit Layanan", *LAMPIRAN.values(), "Saran dan masukan untuk kami"]
    result = run(header, [["28/11/2026 10:00", "DINKES", *ANSWERS, "antrean lama"]], units)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


def test_two_headers_asking_the_same_element_are_ambiguous_with_their_texts(units):
    header = ["Cap waktu", "Unit Layanan", *LAMPIRAN.values(), "Sarana dan prasarana", "Sarana & prasarana"]
    result = run(header, [["28/11/2026 10:00", "DINKES", *ANSWERS, 4, 4]], units)
    assert result.responses.empty
    issue = result.issues.iloc[0]
    assert (issue["row"], issue["column"], issue["severity"]) == (1, "U9 (Sarana dan Prasarana)", GALAT)
    assert "'Sarana dan prasarana', 'Sarana & prasarana'" in issue["problem"]
    assert "U9. ..." in issue["fix"] and "skm_headers" in issue["fix"]


def test_a_missing_element_is_reported_with_the_headers_not_understood(units):
    questions = [t for k, t in LAMPIRAN.items() if k != "u5"] + ["Bagaimana menurut Anda?"]
    header = ["Cap waktu", "Unit Layanan", *questions]
    result = run(header, [["28/11/2026 10:00", "DINKES", *ANSWERS]], units)
    assert result.responses.empty
    assert result.issues[["row", "column", "severity"]].values.tolist() == [
        [1, "U5 (Produk Spesifikasi Jenis Pelayanan)", GALAT]
    ]
    fix = result.issues["fix"].iloc[0]
    assert "produk/spesifikasi" in fix and "kesesuaian produk pelayanan" in fix


def test_a_header_naming_two_elements_is_settled_by_its_code():
    found = locate(["U2. Kemudahan prosedur dan persyaratan", "U1. Persyaratan"], set())
    assert found.positions == {"u2": 0, "u1": 1} and not found.overruled


def test_a_code_the_words_contradict_is_overruled_with_a_peringatan(units):
    header = [
        "Cap waktu",
        "Unit Layanan",
        *list(LAMPIRAN.values())[:5],
        "U6. Bagaimana perilaku petugas terkait kesopanan dan keramahan?",
        "U7. Bagaimana kompetensi/kemampuan petugas?",
        *list(LAMPIRAN.values())[7:],
    ]
    answers = ANSWERS[:5] + [ANSWERS[6], ANSWERS[5]] + ANSWERS[7:]
    result = run(header, [["28/11/2026 10:00", "DINKES", *answers]], units)
    assert by_key(result) == [ANSWERS]
    assert result.issues["severity"].tolist() == [PERINGATAN, PERINGATAN]
    assert "berkode U7, tetapi isinya menanyakan U6 (Kompetensi Pelaksana)" in " ".join(result.issues["problem"])


def test_the_configured_header_still_wins(units):
    header = ["Cap waktu", "Unit Layanan", *list(LAMPIRAN.values())[:8], "Nilai untuk gedung kami", "Sarana"]
    options = ValidationOptions(today=TODAY, skm_headers={"u9": "Nilai untuk gedung kami"})
    result = run(header, [["28/11/2026 10:00", "DINKES", *ANSWERS, 1]], units, options)
    assert result.issues.empty, result.issues["problem"].tolist()
    assert by_key(result) == [ANSWERS]


@pytest.mark.parametrize(
    "text, key",
    [
        ("1. Jenis Kelamin", "gender"),
        ("Jenis kelamin Anda", "gender"),
        ("Usia (tahun)", "age"),
        ("Umur", "age"),
        ("Pendidikan Terakhir", "education"),
        ("4. Pekerjaan", "occupation"),
        ("Jenis Layanan", None),
        ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?", None),
    ],
)
def test_profile_headers(text, key):
    assert profile_key(text) == key
