"""City validation: survey responses (all nine SKM answers, a known unit) and the complaint log."""

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from config.contract import GALAT, PERINGATAN, SKM_QUESTIONS
from sync.sources.backend import RawTab
from sync.validate.city import answer_table, validate_city
from sync.validate.rows import ISSUE_COLUMNS, TabCount, ValidationOptions
from sync.validate.units import build_unit_index

TODAY = date(2026, 11, 28)
OPTIONS = ValidationOptions(today=TODAY, unit_aliases={"MPP": "DPMPTSP"})
FORM_HEADER = ["Cap waktu", "Unit Layanan", "Jenis Layanan", *SKM_QUESTIONS.values(), "Keluhan", "Kategori Keluhan"]
LOG_HEADER = ["Nomor", "Tanggal Masuk", "Unit Layanan", "Kategori", "Uraian", "Status", "Tanggal Selesai"]
ALL_FOUR = [4] * 9


@pytest.fixture(scope="module")
def units():
    employees = pd.DataFrame(
        {"agency": ["DINKES", "DINKES", "DISDIK"], "unit": ["Puskesmas Tanah Garing", "Sekretariat", "Sekretariat"]}
    )
    agencies = [("DINKES", "Dinas Kesehatan"), ("DISDIK", "Dinas Pendidikan"), ("DPMPTSP", "Dinas Penanaman Modal")]
    return build_unit_index(agencies, employees, OPTIONS.unit_aliases)


def tab(name, header, *rows):
    width = max(len(r) for r in [header, *rows])
    return RawTab.from_rows(name, [list(r) + [None] * (width - len(r)) for r in [header, *rows]])


def response(stamp="28/11/2026 14:03:22", unit="DINKES", answers=ALL_FOUR, complaint="", category="", service="KTP"):
    return [stamp, unit, service, *answers, complaint, category]


def form(*rows, header=FORM_HEADER):
    return {"Tanggapan Formulir 1": tab("Tanggapan Formulir 1", header, *rows)}


# ---- the messy form ---------------------------------------------------------------------------


def messy_tabs():
    form_tab = tab(
        "Tanggapan Formulir 1",
        [
            "Timestamp",
            "Alamat email",
            " unit  layanan",
            "Jenis Pelayanan",
            *SKM_QUESTIONS.values(),
            "Keluhan/Saran",
            "Kategori Keluhan",
        ],
        ["28/11/2026 14.03.22", "a@b.c", "MPP", "Izin", *ALL_FOUR, "", ""],  # 2 used
        [
            datetime(2026, 11, 1, 9),
            "",
            "Puskesmas tanah garing",
            "",
            "Sangat sesuai",
            "c. Mudah",
            "b) Kurang cepat",
            "Gratis",
            "sesuai",
            "Kompeten",
            "Sopan dan ramah",
            "Dikelola dengan baik",
            "Baik",
            " Antre lama ",
            "Waktu",
        ],  # 3 used
        [46354.585671296, "", "Sekretariat (DISDIK)", "", 1, 2, 3, 4, "1", "2", "3", "4", "4,0", "", ""],  # 4 used
        ["2026-11-28T08:00:00", "", "DINKES - Sekretariat", "", *["Sangat baik"] * 9, "", ""],  # 5 used
        [None, None, None, None, *[None] * 9, "  ", None],  # 6 blank
        ["2026-11-02 10:00", "", "Sekretariat", "", *ALL_FOUR, "", ""],  # 7 ambiguous unit
        ["2026-12-01 10:00:00", "", "DINKES", "", *ALL_FOUR, "", ""],  # 8 future
        ["02/11/2026", "", "Nowhere", "", *ALL_FOUR, "", ""],  # 9 unknown unit
        ["02/11/2026", "", "DINKES", "", "x", 2, 3, 4, 1, 2, 3, 4, 5, "", ""],  # 10 two bad answers
        ["02/11/2026", "", "DINKES", "", *ALL_FOUR[:8], None, "", ""],  # 11 unanswered U9
        ["", "", "DINKES", "", *ALL_FOUR, "", ""],  # 12 no timestamp
        ["02/11/2026", "", "", "", *ALL_FOUR, "", ""],  # 13 no unit
        ["31/02/2026", "", "DINKES", "", *ALL_FOUR, "", ""],  # 14 no such date
    )
    log = tab(
        "Pengaduan",
        ["No", "Tanggal Masuk", "Unit Layanan", "Kategori", "Uraian", "Status", "Tanggal Selesai"],
        [1, "01/11/2026", "DINKES", "Waktu", "lama", "Selesai", "05/11/2026"],  # 2 used
        [2, "2026-11-10", "Puskesmas Tanah Garing", "Biaya", "mahal", "Proses", None],  # 3 used
        [3, "10/11/2026", "DINKES", "Waktu", "lama", "Selesai", "05/11/2026"],  # 4 resolved before received
        [4, None, "DINKES", "", "", "", None],  # 5 no date
        [5, "01/11/2026", "Nowhere", "", "", "", None],  # 6 unknown unit
        [6, "01/11/2026", "DINKES", "", "", "", "01/12/2026"],  # 7 resolved in the future
        [7, "12/11/2026 16:00", "DINKES", "", "", "Selesai", datetime(2026, 11, 12)],  # 8 used (same day)
        [None, None, None, None, None, None, None],  # 9 blank
    )
    return {t.name: t for t in (form_tab, log)}


EXPECTED = {
    "Tanggapan Formulir 1": ({2, 3, 4, 5}, {7, 8, 9, 10, 11, 12, 13, 14}),
    "Pengaduan": ({2, 3, 8}, {4, 5, 6, 7}),
}


@pytest.fixture(scope="module")
def messy(units):
    return validate_city(messy_tabs(), units, OPTIONS)


def test_counts_are_conserved(messy):
    assert [c.tab for c in messy.counts] == ["Tanggapan Formulir 1", "Pengaduan"]
    for count in messy.counts:
        used, rejected = EXPECTED[count.tab]
        assert count == TabCount(count.tab, len(used | rejected), len(used), len(rejected), 0)
        assert count.read == count.used + count.rejected + count.superseded


def test_rejected_rows_are_exactly_the_galat_rows(messy):
    assert set(messy.responses["row"]) == EXPECTED["Tanggapan Formulir 1"][0]
    assert set(messy.complaints["row"]) == EXPECTED["Pengaduan"][0]
    for name, (_, rejected) in EXPECTED.items():
        mine = messy.issues[messy.issues["tab"] == name]
        assert set(mine["row"]) == rejected
        assert (mine["severity"] == GALAT).all()
    assert list(messy.issues.columns) == list(ISSUE_COLUMNS)
    assert (messy.issues["fix"].str.len() > 0).all()
    keys = list(zip(messy.issues["tab"] != "Tanggapan Formulir 1", messy.issues["row"]))
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    "tab_name, row, column, value, fragment, fix_fragment",
    [
        ("Tanggapan Formulir 1", 7, "Unit Layanan", "Sekretariat", "lebih dari satu OPD", '"Sekretariat (DINKES)"'),
        ("Tanggapan Formulir 1", 8, "Timestamp", "2026-12-01 10:00:00", "masa depan", "28/11/2026"),
        ("Tanggapan Formulir 1", 9, "Unit Layanan", "Nowhere", "'Nowhere' tidak dikenali", "unit_aliases"),
        (
            "Tanggapan Formulir 1",
            10,
            SKM_QUESTIONS["u1"],
            "x",
            "Jawaban U1 (Persyaratan) tidak dikenali",
            "4 = Sangat sesuai",
        ),
        ("Tanggapan Formulir 1", 10, SKM_QUESTIONS["u9"], "5", "Jawaban U9 (Sarana dan Prasarana)", "1 = Buruk"),
        ("Tanggapan Formulir 1", 11, SKM_QUESTIONS["u9"], "", "U9 (Sarana dan Prasarana) belum dijawab", "wajib"),
        ("Tanggapan Formulir 1", 12, "Timestamp", "", "Timestamp kosong", "28/11/2026 14:03:22"),
        ("Tanggapan Formulir 1", 13, "Unit Layanan", "", "kosong", "Unit Kerja"),
        ("Tanggapan Formulir 1", 14, "Timestamp", "31/02/2026", "tidak ada di kalender", "hari"),
        ("Pengaduan", 4, "Tanggal Selesai", "05/11/2026", "lebih awal dari Tanggal Masuk", "setelah"),
        ("Pengaduan", 5, "Tanggal Masuk", "", "Tanggal Masuk kosong", "28/11/2026"),
        ("Pengaduan", 6, "Unit Layanan", "Nowhere", "tidak dikenali", "alias"),
        ("Pengaduan", 7, "Tanggal Selesai", "01/12/2026", "masa depan", "hari ini"),
    ],
)
def test_messages(messy, tab_name, row, column, value, fragment, fix_fragment):
    found = messy.issues[
        (messy.issues["tab"] == tab_name) & (messy.issues["row"] == row) & (messy.issues["column"] == column)
    ]
    assert len(found) == 1
    assert found["value"].iloc[0] == value
    assert fragment in found["problem"].iloc[0]
    assert fix_fragment in found["fix"].iloc[0]


def test_clean_responses(messy):
    r = messy.responses.set_index("row")
    assert r.loc[2, ["period", "unit_id", "agency", "service"]].tolist() == [
        "2026-11",
        "opd:DPMPTSP",
        "DPMPTSP",
        "Izin",
    ]
    assert r.loc[2, "timestamp"] == pd.Timestamp("2026-11-28 14:03:22")
    assert r.loc[3, ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"]].tolist() == [4, 3, 2, 4, 3, 3, 3, 4, 3]
    assert r.loc[3, ["unit_id", "complaint", "complaint_category"]].tolist() == [
        "unit:DINKES:puskesmastanahgaring",
        "Antre lama",
        "Waktu",
    ]
    assert r.loc[4, ["unit_id", "agency"]].tolist() == ["unit:DISDIK:sekretariat", "DISDIK"]
    assert r.loc[4, "timestamp"] == pd.Timestamp("2026-11-28 14:03:22")
    assert r.loc[5, "u9"] == 4 and r.loc[5, "u3"] == 4
    assert messy.responses.dtypes["timestamp"] == np.dtype("datetime64[ns]")
    assert (messy.responses[[f"u{i}" for i in range(1, 10)]].dtypes == np.int64).all()


def test_clean_complaints(messy):
    c = messy.complaints.set_index("row")
    assert c.loc[2, ["period", "unit_id", "agency", "number", "category", "status"]].tolist() == [
        "2026-11",
        "opd:DINKES",
        "DINKES",
        "1",
        "Waktu",
        "Selesai",
    ]
    assert c.loc[2, "resolved"] == pd.Timestamp("2026-11-05")
    assert pd.isna(c.loc[3, "resolved"])
    assert c.loc[3, "unit_id"] == "unit:DINKES:puskesmastanahgaring"
    assert c.loc[8, "received"] == pd.Timestamp("2026-11-12 16:00")
    assert messy.complaints.dtypes[["received", "resolved"]].tolist() == [np.dtype("datetime64[ns]")] * 2


# ---- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "element, typed, expected",
    [
        (3, "Tidak cepat", 1),
        (3, "kurang  CEPAT", 2),
        (3, "a. Tidak cepat", 1),
        (3, "d) Sangat cepat", 4),
        (3, "c Cepat", 3),
        (3, "(b) Kurang cepat", 2),
        (3, "4. Sangat cepat", 4),
        (3, 3, 3),
        (3, 2.0, 2),
        (3, "1", 1),
        (4, "Sangat mahal", 1),
        (4, "Gratis", 4),
        (7, "Sopan dan ramah", 3),
        (7, "Sangat sopan dan ramah", 4),
        (8, "Ada tetapi tidak berfungsi", 2),
        (9, "Buruk", 1),
        (1, "Sangat baik", 4),
        (1, "Kurang baik", 2),
        (1, "Tidak baik", 1),
        (9, "Baik", 3),
    ],
)
def test_answers(units, element, typed, expected):
    answers = [4] * 9
    answers[element - 1] = typed
    result = validate_city(form(response(answers=answers)), units, OPTIONS)
    assert result.issues.empty
    assert result.responses[f"u{element}"].tolist() == [expected]


@pytest.mark.parametrize(
    "typed", ["5", 0, 2.5, "e. Sangat cepat", "3. Tidak cepat", "Cepat sekali", True, datetime(2026, 1, 1), "-1"]
)
def test_bad_answers_name_the_element(units, typed):
    answers = [4] * 9
    answers[2] = typed
    result = validate_city(form(response(answers=answers)), units, OPTIONS)
    assert result.responses.empty
    assert result.issues["problem"].tolist() == ["Jawaban U3 (Waktu Penyelesaian) tidak dikenali."]
    assert "1 = Tidak cepat" in result.issues["fix"].iloc[0]


def test_extra_answer_labels_from_config(units):
    options = ValidationOptions(today=TODAY, extra_answer_labels={"Mantap": 4})
    answers = ["Mantap"] + [4] * 8
    assert validate_city(form(response(answers=answers)), units, options).responses["u1"].tolist() == [4]
    assert answer_table("u1", options)["mantap"] == 4


def test_configured_question_headers_override_the_code(units):
    header = FORM_HEADER.copy()
    header[3] = "Apakah dokumen yang diminta sudah pas?"  # the U1 question without its code or key words
    options = ValidationOptions(today=TODAY, skm_headers={"u1": "apakah dokumen yang diminta  SUDAH PAS?"})
    result = validate_city(form(response(), header=header), units, options)
    assert result.issues.empty and len(result.responses) == 1
    missing = validate_city(form(response(), header=header), units, OPTIONS)
    assert missing.issues[["row", "column"]].values.tolist() == [[1, "U1 (Persyaratan)"]]
    fix = missing.issues["fix"].iloc[0]
    assert "persyaratan" in fix and "U1. ..." in fix and "skm_headers" in fix
    assert missing.counts == [TabCount("Tanggapan Formulir 1", 1, 0, 1, 0)]


def test_missing_required_column_rejects_the_tab_once(units):
    header = [h for h in FORM_HEADER if h != "Unit Layanan"]
    row = response()
    del row[1]
    result = validate_city(form(row, row, header=header), units, OPTIONS)
    assert result.issues[["row", "column", "severity"]].values.tolist() == [[1, "Unit Layanan", GALAT]]
    assert "2 baris data (baris 2–3)" in result.issues["problem"].iloc[0]
    assert result.counts[0] == TabCount("Tanggapan Formulir 1", 2, 0, 2, 0)


def test_missing_form_tab_and_optional_complaints_tab(units):
    result = validate_city({}, units, OPTIONS)
    assert result.issues[["tab", "row"]].values.tolist() == [["Tanggapan Formulir 1", 0]]
    fix = result.issues["fix"].iloc[0]
    assert "Buat tab bernama 'Tanggapan Formulir 1'" in fix and "main.py" not in fix
    assert [c.tab for c in result.counts] == ["Tanggapan Formulir 1"]
    assert result.responses.empty and result.complaints.empty
    assert "timestamp" in result.responses.columns and "received" in result.complaints.columns


def test_configured_tab_names(units):
    options = ValidationOptions(today=TODAY, form_tab="Form Responses 1", complaints_tab="Aduan")
    tabs = {
        "Form Responses 1": tab("Form Responses 1", FORM_HEADER, response()),
        "Aduan": tab("Aduan", LOG_HEADER, [1, "01/11/2026", "DINKES"]),
    }
    result = validate_city(tabs, units, options)
    assert len(result.responses) == 1 and len(result.complaints) == 1
    assert [c.tab for c in result.counts] == ["Form Responses 1", "Aduan"]


def test_text_is_copied_stripped_and_never_evaluated(units):
    result = validate_city(form(response(complaint='  =HYPERLINK("x")  ', category=" Waktu ")), units, OPTIONS)
    assert result.responses[["complaint", "complaint_category"]].values.tolist() == [['=HYPERLINK("x")', "Waktu"]]


def test_responses_are_never_deduplicated(units):
    result = validate_city(form(response(), response()), units, OPTIONS)
    assert len(result.responses) == 2
    assert not (result.issues["severity"] == PERINGATAN).any()


def test_configured_labels_replace_one_element_and_keep_the_others(units):
    options = ValidationOptions(today=TODAY, answer_labels={"u1": ("Jelek", "Lumayan", "Bagus", "Top")})
    answers = ["Top", "Sangat mudah"] + [4] * 7
    result = validate_city(form(response(answers=answers)), units, options)
    assert result.issues.empty
    assert result.responses[["u1", "u2"]].values.tolist() == [[4, 4]]


# ---- the optional Kinerja Organisasi tab --------------------------------------------------------

ORG_HEADER = ["Tahun", "OPD", "Predikat Kinerja Organisasi"]


def with_org_tab(*rows, header=ORG_HEADER):
    return {**form(response()), "Kinerja Organisasi": tab("Kinerja Organisasi", header, *rows)}


def test_org_rating_tab_good_rows(units):
    result = validate_city(
        with_org_tab(
            [2026, "DINKES", "Baik"],  # 2
            ["2025", " dinas  kesehatan ", "  sangat  KURANG"],  # 3 agency by name, loose spelling
            [2025.0, "MPP", "Cukup"],  # 4 configured alias; the SE's "Cukup"
            ["Tahun 2024", "DISDIK", "istimewa"],  # 5
            [None, None, None],  # 6 blank
        ),
        units,
        OPTIONS,
    )
    assert result.issues.empty
    assert result.org_ratings.values.tolist() == [
        ["DINKES", "2026", "Baik", 2],
        ["DINKES", "2025", "Sangat Kurang", 3],
        ["DPMPTSP", "2025", "Butuh Perbaikan", 4],
        ["DISDIK", "2024", "Istimewa", 5],
    ]
    assert result.counts[-1] == TabCount("Kinerja Organisasi", 4, 4, 0, 0)


@pytest.mark.parametrize(
    "row, column, fragment, fix_fragment",
    [
        (["dua ribu", "DINKES", "Baik"], "Tahun", "tidak terbaca sebagai tahun", "mis. 2026"),
        ([2026.5, "DINKES", "Baik"], "Tahun", "tidak terbaca sebagai tahun", "empat angka"),
        ([1999, "DINKES", "Baik"], "Tahun", "Tahun 1999 tidak wajar", "Periksa tahunnya, mis. 2026"),
        ([2027, "DINKES", "Baik"], "Tahun", "Tahun 2027 belum berjalan", "paling akhir 2026"),
        ([datetime(2026, 1, 1), "DINKES", "Baik"], "Tahun", "tidak terbaca sebagai tahun", "2026"),
        ([None, "DINKES", "Baik"], "Tahun", "Tahun kosong", "2026"),
        ([2026, "Dinas Kesehtan", "Baik"], "OPD", "'Dinas Kesehtan' tidak dikenali", "'Dinas Kesehatan'"),
        ([2026, "Puskesmas Tanah Garing", "Baik"], "OPD", "adalah Unit Kerja di DINKES, bukan OPD", "'DINKES'"),
        ([2026, "Antah Berantah", "Baik"], "OPD", "tidak dikenali", "[[agencies]]"),
        ([2026, None, "Baik"], "OPD", "OPD kosong", "kode atau nama OPD"),
        (
            [2026, "DINKES", "Bagus"],
            "Predikat Kinerja Organisasi",
            "'Bagus' tidak dikenali",
            "Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat Kurang",
        ),
        (
            [2026, "DINKES", "Sangat Baik"],
            "Predikat Kinerja Organisasi",
            "tidak dikenali",
            "tertinggi adalah 'Istimewa'",
        ),
        ([2026, "DINKES", None], "Predikat Kinerja Organisasi", "kosong", "Sangat Kurang"),
    ],
)
def test_org_rating_tab_bad_rows(units, row, column, fragment, fix_fragment):
    result = validate_city(with_org_tab([2026, "DISDIK", "Baik"], row), units, OPTIONS)
    mine = result.issues[result.issues["tab"] == "Kinerja Organisasi"]
    assert mine[["row", "column", "severity"]].values.tolist() == [[3, column, GALAT]]
    assert fragment in mine["problem"].iloc[0] and fix_fragment in mine["fix"].iloc[0]
    assert result.org_ratings["row"].tolist() == [2]
    assert result.counts[-1] == TabCount("Kinerja Organisasi", 2, 1, 1, 0)


def test_org_rating_tab_duplicate_agency_and_year_keeps_the_last_row(units):
    result = validate_city(
        with_org_tab(
            [2026, "DINKES", "Baik"],
            [2025, "DINKES", "Kurang"],
            ["2026", "Dinas Kesehatan", "Istimewa"],
        ),
        units,
        OPTIONS,
    )
    assert result.org_ratings[["agency", "year", "org_rating", "row"]].values.tolist() == [
        ["DINKES", "2025", "Kurang", 3],
        ["DINKES", "2026", "Istimewa", 4],
    ]
    issue = result.issues.iloc[0]
    assert (issue["tab"], issue["row"], issue["column"], issue["severity"]) == (
        "Kinerja Organisasi",
        2,
        "OPD",
        PERINGATAN,
    )
    assert "Tahun dan OPD sama dengan baris 4" in issue["problem"]
    assert result.counts[-1] == TabCount("Kinerja Organisasi", 3, 2, 0, 1)


def test_org_rating_tab_is_optional_and_its_header_is_checked(units):
    result = validate_city(form(response()), units, OPTIONS)
    assert result.issues.empty and [c.tab for c in result.counts] == ["Tanggapan Formulir 1"]
    assert result.org_ratings.empty and list(result.org_ratings.columns) == ["agency", "year", "org_rating", "row"]
    broken = validate_city(with_org_tab([2026, "DINKES"], header=["Tahun", "OPD"]), units, OPTIONS)
    assert broken.issues[["tab", "row", "column"]].values.tolist() == [
        ["Kinerja Organisasi", 1, "Predikat Kinerja Organisasi"]
    ]
    assert broken.org_ratings.empty
    aliased = validate_city(
        with_org_tab([2026, "DINKES", "Baik"], header=[" tahun", "Kode OPD", "Predikat"]), units, OPTIONS
    )
    assert aliased.issues.empty and aliased.org_ratings["org_rating"].tolist() == ["Baik"]


def test_org_rating_issues_come_after_the_other_tabs(units):
    tabs = {**messy_tabs(), "Kinerja Organisasi": tab("Kinerja Organisasi", ORG_HEADER, [2026, "Nowhere", "Baik"])}
    issues = validate_city(tabs, units, OPTIONS).issues
    assert issues["tab"].iloc[-1] == "Kinerja Organisasi"
    assert list(dict.fromkeys(issues["tab"])) == ["Tanggapan Formulir 1", "Pengaduan", "Kinerja Organisasi"]


def test_city_template_creates_the_org_rating_tab():
    from sync.prepare import city_template

    tabs = {name: headers for name, headers, _text in city_template("Tanggapan Formulir 1", "Pengaduan")}
    assert tabs["Kinerja Organisasi"] == ORG_HEADER


def test_a_question_is_read_by_what_it_asks_not_by_its_code(units):
    # Many published questionnaires number Sarana dan Prasarana U8 and Penanganan Pengaduan U9
    # (docs/scoring.md §4): the answers go to the element the question asks about, with its labels.
    header = FORM_HEADER.copy()
    header[10] = "U8. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"
    header[11] = "U9. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"
    answers = [4, 4, 4, 4, 4, 4, 4, "Sangat baik", "Ada tetapi tidak berfungsi"]  # Sarana 4, Pengaduan 2
    result = validate_city(form(response(answers=answers), header=header), units, OPTIONS)
    assert result.responses[["u8", "u9"]].values.tolist() == [[2, 4]]
    # the words win, and Validasi says so at the header row: a Peringatan each, no row lost
    issues = result.issues
    assert issues[["row", "column", "severity"]].values.tolist() == [
        [1, "U8 (Penanganan Pengaduan, Saran dan Masukan)", PERINGATAN],
        [1, "U9 (Sarana dan Prasarana)", PERINGATAN],
    ]
    assert "berkode U9, tetapi isinya menanyakan U8" in issues["problem"].iloc[0]
    assert "berkode U8, tetapi isinya menanyakan U9" in issues["problem"].iloc[1]
    assert 'menjadi "U8."' in issues["fix"].iloc[0]
    assert result.counts[0].used == 1


def test_a_question_asking_about_two_elements_keeps_its_code(units):
    header = FORM_HEADER.copy()
    header[4] = "U2. Bagaimana kemudahan prosedur dan persyaratan pelayanan?"  # U1's and U2's key words
    result = validate_city(form(response(answers=[1, 2, 3, 4, 1, 2, 3, 4, 4]), header=header), units, OPTIONS)
    assert result.issues.empty
    assert result.responses[["u1", "u2"]].values.tolist() == [[1, 2]]


def test_the_standard_questions_are_read_as_their_own_elements(units):
    result = validate_city(form(response(answers=list(range(1, 5)) * 2 + [1])), units, OPTIONS)
    assert result.responses[[f"u{j}" for j in range(1, 10)]].values.tolist() == [[1, 2, 3, 4, 1, 2, 3, 4, 1]]


def test_repeats_of_one_unknown_unit_are_one_validasi_row_with_count_and_ranges(units):
    # A pilot with one agency configured: responses for the others all name units not known.
    rows = [response(unit="DINSOS")] * 3 + [response()] + [response(unit="DINSOS")] * 2 + [response(unit="Nowhere")]
    result = validate_city(form(*rows), units, OPTIONS)
    unknown = result.issues[result.issues["column"] == "Unit Layanan"]
    assert unknown["row"].tolist() == [2, 8]
    grouped = unknown.iloc[0]
    assert grouped["value"] == "DINSOS" and grouped["severity"] == GALAT
    assert "'DINSOS' tidak dikenali" in grouped["problem"]
    assert "5 baris dengan isi ini: baris 2–4, 6–7" in grouped["problem"]
    single = unknown.iloc[1]
    assert "baris dengan isi ini" not in single["problem"]
    # Every row is still accounted for: 6 rejected, 1 used.
    assert result.counts[0] == TabCount("Tanggapan Formulir 1", 7, 1, 6, 0)
    assert len(result.responses) == 1


def test_grouped_row_ranges_stay_readable_for_thousands_of_rows(units):
    rows = [response(unit="DINSOS") if i % 2 else response() for i in range(3000)]
    result = validate_city(form(*rows), units, OPTIONS)
    unknown = result.issues[result.issues["column"] == "Unit Layanan"]
    assert len(unknown) == 1 and result.counts[0].rejected == 1500
    problem = unknown["problem"].iloc[0]
    assert "1.500 baris dengan isi ini" in problem and len(problem) < 1000
    assert "dan 1.480 baris lain" in problem


# ---- NIP Petugas: the officer who handled a complaint (issue 12, item 9) ------------------------

OFFICER = "198001012006042001"
STRANGER = "199001012015031003"  # a well-formed NIP on no roster


def test_officer_nip_is_read_and_checked_against_the_rosters(units):
    header = [*LOG_HEADER, "NIP Petugas"]
    rows = [
        ["1", "02/11/2026", "DINKES", "Waktu", "", "Selesai", "03/11/2026", OFFICER],  # 2 named
        ["2", "02/11/2026", "DINKES", "Waktu", "", "Selesai", "03/11/2026", STRANGER],  # 3 unknown NIP
        ["3", "02/11/2026", "DINKES", "Waktu", "", "Selesai", "03/11/2026", 198001012006042001],  # 4 typed as a number
        ["4", "02/11/2026", "DINKES", "Waktu", "", "Selesai", "03/11/2026", ""],  # 5 none named
    ]
    tabs = {**form(response()), "Pengaduan": tab("Pengaduan", header, *rows)}
    result = validate_city(tabs, units, OPTIONS, roster_nips=frozenset({OFFICER}))
    c = result.complaints.set_index("row")
    assert sorted(c.index) == [2, 3, 4, 5]  # every row still counts for the unit
    assert c["officer_nip"].tolist() == [OFFICER, "", "", ""]
    issues = result.issues[result.issues["tab"] == "Pengaduan"].set_index("row")
    assert sorted(issues.index) == [3, 4]
    assert set(issues["severity"]) == {PERINGATAN}
    assert issues.loc[3, "column"] == "NIP Petugas"
    assert "tidak ada di tab Pegawai" in issues.loc[3, "problem"] and STRANGER in issues.loc[3, "problem"]
    assert "tab Pegawai" in issues.loc[3, "fix"] and "kosongkan" in issues.loc[3, "fix"]
    assert "bukan teks" in issues.loc[4, "problem"] and "Teks" in issues.loc[4, "fix"]


def test_officer_nip_header_aliases_and_absent_column(units):
    header = [*LOG_HEADER, "NIP Petugas Penanganan"]
    row = ["1", "02/11/2026", "DINKES", "Waktu", "", "Selesai", "03/11/2026", f" {OFFICER} "]
    tabs = {**form(response()), "Pengaduan": tab("Pengaduan", header, row)}
    assert validate_city(tabs, units, OPTIONS, roster_nips=frozenset({OFFICER})).complaints["officer_nip"].tolist() == [
        OFFICER
    ]
    tabs = {**form(response()), "Pengaduan": tab("Pengaduan", LOG_HEADER, row[:7])}
    assert validate_city(tabs, units, OPTIONS).complaints["officer_nip"].tolist() == [""]
