"""Issue 12, "Done when": a form written from the PermenPANRB 14/2017 questionnaire (numbered, no
codes, profile questions first) and a paraphrased form in another element order give exactly the
IKM today's coded form gives for the same answers — through real .xlsx files, the local backend,
the whole sync cycle and the SQLite store. The respondent profile reaches the owned tab
`Profil Responden` and the store's `respondent_profile`.
"""

from __future__ import annotations

import copy
import datetime as dt

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from config.contract import FORM, SKM_KEYS, SKM_QUESTIONS, TAB_PROFIL, TAB_VALIDASI
from config.settings import load_settings
from sync.cycle import run_cycle
from sync.demo import city as demo_city
from sync.demo.generate import DemoScale, generate_city
from sync.demo.write import write_config, write_workbooks
from sync.sources.local import LocalBackend
from sync.store import ResultsStore

TODAY = dt.date(2026, 11, 28)
SCALE = DemoScale(agencies=4, employees=40, responses=900, complaints=10)
QUESTION = {k: SKM_QUESTIONS[k].split(". ", 1)[1] for k in SKM_KEYS}
# Paraphrased and mistyped, in another order (Sarana first, Pengaduan last, U6/U7 swapped).
PARAPHRASED = {
    "u9": "Bagaimana kualitas sarana & prasarana (ruang tunggu, toilet, parkir)?",
    "u3": "Kecepatan waktu pelayanan",
    "u1": "Persyaratn pelayanan sudah sesuai dengan jenis layanannya?",
    "u2": "Kemudahan alur / prosedur",
    "u5": "Kesesuaian produk layanan dengan standar pelayanan",
    "u4": "Kewajaran biaya/tarif",
    "u7": "Kesopanan dan keramahan petugas",
    "u6": "Kemampuan (kompetensi) petugas",
    "u8": "Penanganan pengaduan, saran dan masukan",
}


@pytest.fixture(scope="module")
def city():
    return generate_city(SCALE, seed=5)


def _cells(row: list) -> dict:
    """A demo form row (the 14/2017 layout) by what each cell is."""
    at = demo_city.FORM_ANSWERS_AT
    return {
        "timestamp": row[0],
        "unit": row[demo_city.FORM_UNIT_AT],
        "profile": row[demo_city.FORM_PROFILE_AT : at - 1],
        "service": row[at - 1],
        **dict(zip(demo_city.FORM_KEYS, row[at : at + 9])),
        "complaint": row[at + 9],
        "category": row[at + 10],
    }


def coded_form(rows: list[list]) -> list[list]:
    """Today's form: 'U1. ...' … 'U9. ...' in order, no profile."""
    header = [
        "Cap waktu",
        "Unit Layanan",
        "Jenis Layanan",
        *(SKM_QUESTIONS[k] for k in SKM_KEYS),
        "Keluhan",
        "Kategori Keluhan",
    ]
    out = [header]
    for row in rows[1:]:
        c = _cells(row)
        out.append([c["timestamp"], c["unit"], c["service"], *(c[k] for k in SKM_KEYS), c["complaint"], c["category"]])
    return out


def paraphrased_form(rows: list[list]) -> list[list]:
    """Profile at the end, the questions paraphrased in another order, other columns moved."""
    keys = list(PARAPHRASED)
    header = [
        "Unit Layanan",
        "Cap waktu",
        *PARAPHRASED.values(),
        "Keluhan",
        "Kategori Keluhan",
        "Jenis Layanan",
        "Umur (tahun)",
        "Jenis kelamin",
        "Pendidikan terakhir",
        "Pekerjaan Anda",
    ]
    out = [header]
    for row in rows[1:]:
        c = _cells(row)
        gender, age, education, job = c["profile"]
        out.append(
            [
                c["unit"],
                c["timestamp"],
                *(c[k] for k in keys),
                c["complaint"],
                c["category"],
                c["service"],
                age,
                gender,
                education,
                job,
            ]
        )
    return out


def run(tmp_path, city, form_rows) -> tuple[ResultsStore, object]:
    variant = copy.copy(city)
    variant.workbooks = {
        **city.workbooks,
        city.city_spreadsheet: {**city.workbooks[city.city_spreadsheet], FORM.name: form_rows},
    }
    write_workbooks(variant, tmp_path / "data", workers=1)
    write_config(variant, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    settings = load_settings(tmp_path / "kinerja.toml")
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    return store, result


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, city):
    form = city.workbooks[city.city_spreadsheet][FORM.name]
    return {
        name: (run(tmp_path_factory.mktemp(name), city, rows), rows)
        for name, rows in (("coded", coded_form(form)), ("lampiran", form), ("paraphrased", paraphrased_form(form)))
    }


def test_the_demo_form_is_the_lampiran_questionnaire(city):
    header = city.workbooks[city.city_spreadsheet][FORM.name][0]
    assert header[2:6] == ["Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan"]
    questions = header[demo_city.FORM_ANSWERS_AT : demo_city.FORM_ANSWERS_AT + 9]
    assert questions[0] == "1. " + QUESTION["u1"]  # numbered, no code
    assert not any(q.startswith("U") for q in questions)
    assert questions[7] == "8. " + QUESTION["u9"] and questions[8] == "9. " + QUESTION["u8"]


@pytest.mark.parametrize("variant", ["lampiran", "paraphrased"])
def test_every_form_gives_exactly_the_ikm_of_the_coded_form(runs, variant):
    (coded, _), _ = runs["coded"]
    (other, _), _ = runs[variant]
    for table, keys in (("ikm", ["unit_id", "period"]), ("ikm_periodic", ["unit_id", "period"])):
        expected = _sorted(coded.read(table), keys)
        got = _sorted(other.read(table), keys)
        assert len(expected) > 10 and expected["respondents"].sum() > 500
        pd.testing.assert_frame_equal(got, expected)  # exactly: every NRR, IKM and mutu
    # The employees' scores, which use the IKM, are the same too.
    results = ["agency", "period", "nip", "ikm", "c_ikm", "nhk", "na", "predikat"]
    pd.testing.assert_frame_equal(
        _sorted(other.read("results")[results], ["agency", "period", "nip"]),
        _sorted(coded.read("results")[results], ["agency", "period", "nip"]),
    )


@pytest.mark.parametrize("variant", ["lampiran", "paraphrased"])
def test_the_city_validasi_has_nothing_about_the_questions(runs, variant):
    (store, _), _ = runs[variant]
    issues = store.read("issues", "scope = ?", ("kota",))
    header_issues = issues[issues["row"] <= 1]
    assert header_issues.empty, header_issues[["column", "problem"]].values.tolist()
    (coded, _), _ = runs["coded"]
    form_issues = lambda s: s.read("issues", "scope = ?", ("kota",)).query("tab == @FORM.name")  # noqa: E731
    assert len(form_issues(store)) == len(form_issues(coded))  # the same planted mistakes, no more


def test_the_profile_reaches_the_owned_tab_and_the_store(runs, city, tmp_path_factory):
    (store, result), rows = runs["lampiran"]
    profile = store.read("respondent_profile")
    assert list(profile.columns) == ["unit_id", "agency", "period", "characteristic", "category", "count"]
    assert set(profile["characteristic"]) == {"Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan"}
    # Per agency and month, each characteristic counts every response the IKM used, once.
    ikm = store.read("ikm")
    opd = ikm[ikm["level"] == "opd"].set_index(["unit_id", "period"])["respondents"]
    sums = profile.groupby(["unit_id", "period", "characteristic"])["count"].sum()
    monthly = sums[sums.index.get_level_values("period").str.fullmatch(r"\d{4}-\d{2}")]
    for (unit_id, period, _char), total in monthly[monthly.index.get_level_values(0).str.startswith("opd:")].items():
        assert total == opd[(unit_id, period)]
    assert {"Laki-laki", "Perempuan"} <= set(profile["category"])
    assert "Lainnya" in set(profile.loc[profile["characteristic"] == "Pekerjaan", "category"])
    assert any(p.endswith("-Q3") for p in profile["period"]) and "2026" in set(profile["period"])
    # The coded form has no profile: the table is empty there, and the tab has only its header.
    (coded, _), _ = runs["coded"]
    assert coded.read("respondent_profile").empty


def test_the_owned_tab_profil_responden_is_written(runs, city, tmp_path_factory):
    (store, _result), _ = runs["lampiran"]
    folder = store.path.parent.parent / "data"
    book = CalamineWorkbook.from_path(folder / f"{city.city_spreadsheet}.hasil.xlsx")
    assert TAB_PROFIL in book.sheet_names and TAB_VALIDASI in book.sheet_names
    sheet = book.get_sheet_by_name(TAB_PROFIL).to_python()
    assert sheet[0] == ["Unit Layanan", "Kode OPD", "Tingkat", "Periode", "Karakteristik", "Kategori", "Jumlah"]
    stored = store.read("respondent_profile")
    assert len(sheet) - 1 == len(stored)
    assert sum(int(r[6]) for r in sheet[1:]) == int(stored["count"].sum())
