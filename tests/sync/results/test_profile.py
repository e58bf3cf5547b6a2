"""The respondent profile (issue 12, item 3): columns recognised and validated, counts per unit
and period, the owned tab, the store's `respondent_profile`, and the OPD page showing one
characteristic at a time with the disclosure rules of the other public figures."""

from __future__ import annotations

import html
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from config.contract import PERINGATAN, SKM_QUESTIONS
from sync.results.profile import profile_counts
from sync.results.tabs import profil_responden
from sync.sources.backend import RawTab
from sync.store import SCHEMA, ResultsStore
from sync.validate.city import validate_city
from sync.validate.profile import parse_age, parse_education, parse_gender, parse_occupation
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index
from web.skm_profile import profile_view, protect_counts, public_profiles

TODAY = date(2026, 11, 28)
QUESTIONS = [f"{i}. {q.split('. ', 1)[1]}" for i, q in enumerate(SKM_QUESTIONS.values(), start=1)]
HEADER = ["Cap waktu", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Unit Layanan", *QUESTIONS]


@pytest.fixture(scope="module")
def units():
    employees = pd.DataFrame({"agency": ["DINKES"], "unit": ["Puskesmas Tanah Garing"]})
    return build_unit_index([("DINKES", "Dinas Kesehatan")], employees)


def run(rows, units, header=HEADER):
    tabs = {"Tanggapan Formulir 1": RawTab.from_rows("Tanggapan Formulir 1", [header, *rows])}
    return validate_city(tabs, units, ValidationOptions(today=TODAY))


# ---- reading the answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("L", "Laki-laki"),
        ("p", "Perempuan"),
        ("Laki-Laki", "Laki-laki"),
        ("PEREMPUAN", "Perempuan"),
        ("Pria", "Laki-laki"),
        ("wanita", "Perempuan"),
    ],
)
def test_gender(typed, expected):
    assert parse_gender(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        (19, "< 20 tahun"),
        (20, "20–29 tahun"),
        (35.0, "30–39 tahun"),
        ("47 tahun", "40–49 tahun"),
        (60, "≥ 60 tahun"),
        ("20-29", "20–29 tahun"),
        ("20 – 29 tahun", "20–29 tahun"),
        ("< 20", "< 20 tahun"),
        ("di bawah 20 tahun", "< 20 tahun"),
        ("60 tahun ke atas", "≥ 60 tahun"),
        ("> 60", "≥ 60 tahun"),
        ("17-25", "17–25 tahun"),  # a form's own band is kept as typed
    ],
)
def test_age_in_years_or_bands(typed, expected):
    assert parse_age(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("SD", "SD"),
        ("SLTP", "SMP"),
        ("SMA/SMK", "SMA/SMK"),
        ("slta sederajat", "SMA/SMK"),
        ("D3", "D1–D3"),
        ("D1-D3", "D1–D3"),
        ("S1", "D4/S1"),
        ("S-1", "D4/S1"),
        ("D4/S1", "D4/S1"),
        ("Sarjana", "D4/S1"),
        ("S2", "S2"),
        ("s3", "S3"),
    ],
)
def test_education(typed, expected):
    assert parse_education(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("PNS", "PNS/TNI/POLRI"),
        ("TNI", "PNS/TNI/POLRI"),
        ("Polri", "PNS/TNI/POLRI"),
        ("PNS/TNI/POLRI", "PNS/TNI/POLRI"),
        ("Pegawai Swasta", "Pegawai Swasta"),
        ("Wiraswasta", "Wiraswasta/Usahawan"),
        ("Usahawan", "Wiraswasta/Usahawan"),
        ("Mahasiswa", "Pelajar/Mahasiswa"),
        ("Ibu rumah tangga", "Lainnya"),
        ("Lainnya", "Lainnya"),
    ],
)
def test_occupation(typed, expected):
    assert parse_occupation(typed) == expected


def test_bad_profile_values_are_peringatan_with_row_and_fix_and_the_response_still_counts(units):
    rows = [
        ["28/11/2026 10:00", "L", 34, "SMA", "PNS", "DINKES", *[4] * 9],
        ["28/11/2026 10:05", "X", 5, "TK", 12, "DINKES", *[3] * 9],
        ["28/11/2026 10:10", None, None, None, None, "Puskesmas Tanah Garing", *[2] * 9],
    ]
    result = run(rows, units)
    assert len(result.responses) == 3  # every response is used for the IKM
    issues = result.issues
    assert set(issues["severity"]) == {PERINGATAN} and set(issues["row"]) == {3}
    by_column = dict(zip(issues["column"], zip(issues["problem"], issues["fix"])))
    assert by_column["Jenis Kelamin"] == (
        "Jenis Kelamin 'X' tidak dikenali.",
        "Isi L atau P (Laki-laki atau Perempuan). Tanggapan ini tetap dihitung dalam IKM.",
    )
    assert "5 tahun tidak wajar" in by_column["Usia"][0]
    assert "SMA/SMK" in by_column["Pendidikan"][1]
    assert "bukan nama pekerjaan" in by_column["Pekerjaan"][0]
    profile = result.profile
    assert profile[["gender", "age", "education", "occupation"]].values.tolist() == [
        ["Laki-laki", "30–39 tahun", "SMA/SMK", "PNS/TNI/POLRI"],
        ["Tidak diisi"] * 4,
        ["Tidak diisi"] * 4,
    ]
    assert profile["row"].tolist() == [2, 3, 4] and profile["unit_id"].tolist()[2].startswith("unit:")


def test_a_form_without_profile_columns_has_none(units):
    header = ["Cap waktu", "Unit Layanan", *QUESTIONS]
    result = run([["28/11/2026 10:00", "DINKES", *[4] * 9]], units, header)
    assert result.issues.empty
    assert result.profile[["gender", "age"]].values.tolist() == [[None, None]]
    assert profile_counts(result.profile).empty


# ---- counting, the owned tab, the store ------------------------------------------------------------


def _profile_frame():
    return pd.DataFrame(
        {
            "period": ["2026-10", "2026-10", "2026-11", "2026-11"],
            "unit_id": ["opd:DINKES", "unit:DINKES:puskesmas", "unit:DINKES:puskesmas", "opd:DINKES"],
            "agency": ["DINKES"] * 4,
            "gender": ["Laki-laki", "Perempuan", "Perempuan", "Tidak diisi"],
            "age": [None] * 4,
            "education": ["S2", "S2", "SD", "SD"],
            "occupation": [None] * 4,
            "row": [2, 3, 4, 5],
        }
    )


def test_counts_per_agency_unit_month_quarter_and_year():
    counts = profile_counts(_profile_frame())
    assert list(counts.columns) == ["unit_id", "agency", "period", "characteristic", "category", "count"]
    assert set(counts["characteristic"]) == {"Jenis Kelamin", "Pendidikan"}  # no age/occupation column
    got = {tuple(r[:5]): r[5] for r in counts.itertuples(index=False)}
    assert got[("opd:DINKES", "DINKES", "2026-10", "Jenis Kelamin", "Laki-laki")] == 1
    assert got[("opd:DINKES", "DINKES", "2026-10", "Pendidikan", "S2")] == 2  # the agency pools its units
    assert got[("unit:DINKES:puskesmas", "DINKES", "2026-10", "Pendidikan", "S2")] == 1
    assert got[("opd:DINKES", "DINKES", "2026-Q4", "Pendidikan", "SD")] == 2
    assert got[("opd:DINKES", "DINKES", "2026", "Jenis Kelamin", "Perempuan")] == 2
    assert ("opd:DINKES", "DINKES", "2026-11", "Jenis Kelamin", "Tidak diisi") in got
    years = counts[(counts["period"] == "2026") & (counts["unit_id"] == "opd:DINKES")]
    assert years.groupby("characteristic")["count"].sum().tolist() == [4, 4]


def test_the_owned_tab():
    table = profil_responden(
        profile_counts(_profile_frame()),
        {"opd:DINKES": ("DINKES", "Dinas Kesehatan"), "unit:DINKES:puskesmas": ("DINKES", "Puskesmas")},
    )
    assert table.name == "Profil Responden"
    assert table.headers == ("Unit Layanan", "Kode OPD", "Tingkat", "Periode", "Karakteristik", "Kategori", "Jumlah")
    periods = list(dict.fromkeys(r[3] for r in table.rows))
    assert periods == ["November 2026", "Oktober 2026", "Triwulan IV 2026", "Tahun 2026"]
    assert table.rows[0][:3] == ["Dinas Kesehatan", "DINKES", "OPD"]
    october = [r for r in table.rows if r[3] == "Oktober 2026"]
    dinkes, unit = (
        ["Dinas Kesehatan", "DINKES", "OPD", "Oktober 2026"],
        ["Puskesmas", "DINKES", "Unit Kerja", "Oktober 2026"],
    )
    assert october == [  # the agency (pooling its units) before its units; categories in report order
        [*dinkes, "Jenis Kelamin", "Laki-laki", 1],
        [*dinkes, "Jenis Kelamin", "Perempuan", 1],
        [*dinkes, "Pendidikan", "S2", 2],
        [*unit, "Jenis Kelamin", "Perempuan", 1],
        [*unit, "Pendidikan", "S2", 1],
    ]


def test_the_store_keeps_the_table_under_the_agreed_names(tmp_path):
    columns = [name for name, _ in SCHEMA["respondent_profile"][0]]
    assert columns == ["unit_id", "agency", "period", "characteristic", "category", "count"]
    assert [kind for _, kind in SCHEMA["respondent_profile"][0]] == ["TEXT"] * 5 + ["INTEGER"]
    store = ResultsStore(tmp_path / "s.sqlite")
    store.ensure_schema()
    counts = profile_counts(_profile_frame())
    store.replace_scope("kota", {"respondent_profile": counts})
    back = store.read("respondent_profile")
    pd.testing.assert_frame_equal(
        back.sort_values(columns[:5]).reset_index(drop=True),
        counts.sort_values(columns[:5]).reset_index(drop=True),
        check_dtype=False,
    )


# ---- disclosure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts, hidden",
    [
        ([10, 12, 0, 5], [False] * 4),  # nothing small
        ([10, 12, 1, 5], [False, False, True, True]),  # the 1, and the smallest other (total is public)
        ([10, 12, 1, 2], [True, False, True, True]),  # 1 + 2 hidden could be told apart: one more
        ([20, 0, 0, 0], [False] * 4),  # zero names nobody
        ([1, 1, 0, 0], [True, True, False, False]),  # nothing big enough to hide with: all of them
    ],
)
def test_protect_counts(counts, hidden):
    assert protect_counts(np.array(counts), 3).tolist() == hidden


def _stored_counts(n_by_category: dict, period="2026-10", code="DINKES", characteristic="Pendidikan"):
    return pd.DataFrame(
        [
            {
                "unit_id": f"opd:{code}",
                "agency": code,
                "period": period,
                "characteristic": characteristic,
                "category": c,
                "count": n,
            }
            for c, n in n_by_category.items()
        ]
    )


def test_a_small_sample_is_not_shown_and_says_why():
    profiles = public_profiles(_stored_counts({"SD": 5, "SMP": 6}), min_responses=20, min_cell=3)
    item = profiles["DINKES"]["2026-10"][0]
    assert not item.shown and item.note == "sampel kurang (n = 11, minimal 20)"


def test_small_cells_are_hidden_with_a_partner_and_zero_categories_shown():
    profiles = public_profiles(_stored_counts({"SMA/SMK": 15, "D4/S1": 6, "S3": 1}), min_responses=20, min_cell=3)
    item = profiles["DINKES"]["2026-10"][0]
    rows = {r.category: r.count for r in item.rows}
    assert list(rows) == ["SD", "SMP", "SMA/SMK", "D1–D3", "D4/S1", "S2", "S3"]
    assert rows["S3"] is None and rows["D4/S1"] is None  # 1, and its partner: 22 - 15 could not tell
    assert rows["SMA/SMK"] == 15 and rows["SD"] == 0
    assert item.total == 22 and "disembunyikan" in item.note


def test_unit_rows_are_not_published():
    frame = _stored_counts({"SD": 30}).assign(unit_id="unit:DINKES:x")
    assert public_profiles(frame, 20, 3) == {}


def test_profile_view_picks_one_characteristic_and_refuses_unknown():
    frame = pd.concat([_stored_counts({"SD": 30}), _stored_counts({"Laki-laki": 30}, characteristic="Jenis Kelamin")])
    profiles = public_profiles(frame, 20, 3)
    view = profile_view(profiles, "DINKES", "2026-10", None)
    assert [i.name for i in view["items"]] == ["Jenis Kelamin", "Pendidikan"]
    assert view["chosen"].name == "Jenis Kelamin"
    assert profile_view(profiles, "DINKES", "2026-10", "pendidikan")["chosen"].name == "Pendidikan"
    with pytest.raises(KeyError):
        profile_view(profiles, "DINKES", "2026-10", "agama")
    assert profile_view(profiles, "DPMPTSP", "2026-10", None) is None


# ---- the OPD page ----------------------------------------------------------------------------------


def _with_profile(results_store):
    frame = pd.concat(
        [
            _stored_counts({"Laki-laki": 12, "Perempuan": 17}, characteristic="Jenis Kelamin"),
            _stored_counts(
                {"< 20 tahun": 1, "20–29 tahun": 8, "30–39 tahun": 10, "40–49 tahun": 10}, characteristic="Usia"
            ),
        ]
    )
    results_store.replace_scope("kota", {"respondent_profile": frame})
    results_store.set_meta("last_sync", "2026-11-28T15:00:00+07:00")


def _text(page: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_the_opd_page_shows_one_characteristic_at_a_time(results_store, client):
    _with_profile(results_store)
    page = client.get("/opd/DINKES")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = _text(html)
    assert "Profil responden" in text
    assert "Laki-laki 12 41%" in text and "Perempuan 17 59%" in text
    assert "?profil=usia#profil" in html and "<script" not in html.split('id="h-profil"')[1].split("</section>")[0]
    usia = _text(client.get("/opd/DINKES?profil=usia").get_data(as_text=True))
    assert "30–39 tahun 10" in usia and "Laki-laki 12" not in usia
    # "< 20 tahun: 1" names a person: hidden with a partner (the smallest other count)
    assert "< 20 tahun disembunyikan" in usia and "20–29 tahun disembunyikan" in usia
    assert client.get("/opd/DINKES?profil=agama").status_code == 404


def test_an_opd_without_profile_says_so(results_store, client):
    _with_profile(results_store)
    text = _text(client.get("/opd/DPMPTSP").get_data(as_text=True))
    assert "belum menanyakan profil responden" in text
