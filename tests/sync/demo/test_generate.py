"""The demo city generator: deterministic, realistic, with every deliberate mistake recorded."""

from __future__ import annotations

import re
import time
import tomllib
from collections import defaultdict
from datetime import date, datetime

import numpy as np
import pytest
from python_calamine import CalamineWorkbook

from config.contract import (
    AGENCY_INPUT_TABS,
    FORM,
    LAPORAN,
    MONTHS_ID,
    PEGAWAI,
    PENGADUAN,
    PENILAIAN,
    PRESENSI,
    SKM_LABELS,
    SKM_QUESTIONS,
    YA,
)
from sync.demo import (
    DemoScale,
    catalog,
    city as demo_city,
    followup,
    generate_city,
    mistakes as mk,
    months_back,
    province_tabs,
    write_config,
    write_workbooks,
)

ANSWERS = slice(demo_city.FORM_ANSWERS_AT, demo_city.FORM_ANSWERS_AT + 9)  # the nine answers of a form row

SMALL = DemoScale(agencies=6, employees=80, responses=600, complaints=30)


@pytest.fixture(scope="module")
def city():
    return generate_city()


@pytest.fixture(scope="module")
def small():
    return generate_city(SMALL, seed=7)


def nip_ok(text: object) -> bool:
    """The NIP structure: birth date, appointment year+month at 20 or later, sex 1/2, sequence."""
    if not (isinstance(text, str) and len(text) == 18 and text.isdigit()):
        return False
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    appointed, month = int(text[8:12]), int(text[12:14])
    return (
        1965 <= born.year <= 2000
        and 1 <= month <= 12
        and born.year + 20 <= appointed <= 2026
        and text[14] in "12"
        and int(text[15:]) >= 1
    )


def col(tab, key: str) -> int:
    return [c.key for c in tab.columns].index(key)


def spoiled(c) -> set[tuple[str, str, int]]:
    return {(m.spreadsheet, m.tab, m.row) for m in c.mistakes}


def blank(row) -> bool:
    return all(v is None for v in row)


# ---- Determinism -------------------------------------------------------------------------------


def test_same_seed_same_city_and_another_seed_another(small):
    again = generate_city(SMALL, seed=7)
    assert again.workbooks == small.workbooks
    assert again.mistakes == small.mistakes
    other = generate_city(SMALL, seed=8)
    assert other.workbooks != small.workbooks


def test_same_seed_gives_byte_identical_files(small, tmp_path):
    first = write_workbooks(small, tmp_path / "a", workers=1)
    second = write_workbooks(generate_city(SMALL, seed=7), tmp_path / "b", workers=1)
    assert [p.name for p in first] == [f"{a.spreadsheet}.xlsx" for a in small.agencies] + ["kota.xlsx"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_parallel_writing_gives_the_same_bytes(tmp_path):
    tiny = generate_city(DemoScale(agencies=2, employees=10, responses=50, complaints=5, months=2), seed=3)
    serial = write_workbooks(tiny, tmp_path / "serial", workers=1)
    parallel = write_workbooks(tiny, tmp_path / "parallel", workers=2)
    assert [p.read_bytes() for p in serial] == [p.read_bytes() for p in parallel]


# ---- Sizes and shape -----------------------------------------------------------------------------


def test_default_city_sizes(city):
    assert len(city.agencies) == 20
    assert city.months == months_back("2026-10", 12) and city.months[0] == "2025-11"
    employees = sum(len(city.workbooks[a.spreadsheet][PEGAWAI.name]) - 1 for a in city.agencies)
    assert employees == 400
    form = [r for r in city.workbooks["kota"][FORM.name][1:] if not blank(r)]
    assert len(form) >= 3_000
    data_rows = sum(
        sum(not blank(r) for r in rows[1:])
        for stem, tabs in city.workbooks.items()
        for name, rows in tabs.items()
        if name != PEGAWAI.name
    )
    assert 0.007 <= len(city.mistakes) / data_rows <= 0.015
    kinds = {m.kind for m in city.mistakes}
    assert kinds == {k for ks in mk.KINDS_BY_TAB.values() for k in ks} | set(followup.FOLLOWUP_KINDS)
    assert len(spoiled(city)) == len(city.mistakes)  # one mistake per row


def test_real_agencies_units_and_aliases(city):
    by_code = {a.code: a for a in city.agencies}
    assert {"SETDA", "DINKES", "RSUD", "DISDUKCAPIL", "DPMPTSP", "BKPSDM", "KECLS", "KECTH"} <= set(by_code)
    assert by_code["DINKES"].service_units == [
        f"Puskesmas {p}" for p in ("Tanah Garam", "KTK", "Nan Balimo", "Tanjung Paku")
    ]
    assert by_code["RSUD"].service_units == ["Instalasi Gawat Darurat", "Rawat Jalan", "Rawat Inap", "Farmasi"]
    assert "Kelurahan Simpang Rumbio" in by_code["KECLS"].units
    assert "Kelurahan Pasar Pandan Air Mati" in by_code["KECTH"].units
    assert "Mal Pelayanan Publik" in by_code["DPMPTSP"].aliases
    assert all(a.spreadsheet == a.code.lower() for a in city.agencies)
    assert len({a.code for a in city.agencies}) == len(city.agencies)


def test_more_agencies_than_the_real_list():
    big = generate_city(DemoScale(agencies=42, employees=130, responses=200, complaints=10, months=3), seed=1)
    codes = [a.code for a in big.agencies]
    assert len(codes) == len(set(codes)) == 42
    assert sum(a.name.startswith("UPT ") for a in big.agencies) >= 14


def test_scale_checks_its_numbers():
    assert DemoScale(indicators_per_employee=4).indicator_range == (4, 4)
    assert DemoScale().indicator_range == (3, 4)
    with pytest.raises(ValueError):
        DemoScale(indicators_per_employee=(0, 4))
    with pytest.raises(ValueError):
        DemoScale(agencies=10, employees=5)


def test_headers_are_the_contract_s(city):
    for a in city.agencies:
        tabs = city.workbooks[a.spreadsheet]
        assert list(tabs) == [t.name for t in AGENCY_INPUT_TABS]
        for tab in AGENCY_INPUT_TABS:
            assert tabs[tab.name][0] == [c.header for c in tab.columns]
    kota = city.workbooks[city.city_spreadsheet]
    # The 14/2017 questionnaire as agencies copy it: profile first, numbered questions without
    # codes, Sarana dan Prasarana at 8 and Penanganan Pengaduan at 9 (issue 12).
    assert kota[FORM.name][0] == [
        "Cap waktu",
        "Unit Layanan",
        "Jenis Kelamin",
        "Usia",
        "Pendidikan",
        "Pekerjaan",
        "Jenis Layanan",
        *(f"{n}. {SKM_QUESTIONS[k].split('. ', 1)[1]}" for n, k in enumerate(demo_city.FORM_KEYS, start=1)),
        "Keluhan",
        "Kategori Keluhan",
    ]
    assert demo_city.FORM_KEYS[7:] == ("u9", "u8")
    assert kota[PENGADUAN.name][0][: len(PENGADUAN.columns)] == [c.header for c in PENGADUAN.columns]


# ---- Clean rows are clean --------------------------------------------------------------------------


def test_every_nip_in_clean_rows_is_valid(city):
    bad = spoiled(city)
    checked = 0
    for a in city.agencies:
        for tab in AGENCY_INPUT_TABS:
            positions = [i for i, c in enumerate(tab.columns) if c.text]
            for r, row in enumerate(city.workbooks[a.spreadsheet][tab.name][1:], start=2):
                if (a.spreadsheet, tab.name, r) in bad or blank(row):
                    continue
                for p in positions:
                    if row[p] is not None:
                        assert nip_ok(row[p]), (a.code, tab.name, r, row[p])
                        checked += 1
    assert checked > 20_000


def test_supervisors_are_colleagues_and_the_head_has_none(city):
    for a in city.agencies:
        rows = city.workbooks[a.spreadsheet][PEGAWAI.name][1:]
        nips = {r[0] for r in rows}
        assert len(nips) == len(rows)
        heads = [r for r in rows if r[col(PEGAWAI, "supervisor_nip")] is None]
        assert len(heads) == 1, a.code
        assert all(r[col(PEGAWAI, "supervisor_nip")] in nips for r in rows if r not in heads)


def test_front_line_staff_and_some_nonaktif(city):
    rows = [r for a in city.agencies for r in city.workbooks[a.spreadsheet][PEGAWAI.name][1:]]
    public = [r for r in rows if r[col(PEGAWAI, "public_service")] == YA]
    assert 0.15 <= len(public) / len(rows) <= 0.5
    positions = {r[col(PEGAWAI, "position")] for r in public}
    assert {"Perawat", "Bidan", "Lurah", "Petugas Pelayanan Administrasi Kependudukan"} <= positions
    assert 2 <= sum(r[col(PEGAWAI, "status")] == "Nonaktif" for r in rows) <= 12


def test_messy_but_valid_cells_are_there(city):
    reports = [r for a in city.agencies for r in city.workbooks[a.spreadsheet][LAPORAN.name][1:] if not blank(r)]
    periods = [r[0] for r in reports]
    assert any(isinstance(p, datetime) for p in periods)
    assert any(isinstance(p, str) and re.fullmatch(r"Okt 2026", p) for p in periods)
    assert any(isinstance(p, str) and p.startswith("Oktober ") for p in periods)
    assert any(isinstance(p, str) and re.fullmatch(r"\d{1,2}/\d{4}", p) and not p.startswith("13/") for p in periods)
    actuals = [r[col(LAPORAN, "actual")] for r in reports]
    assert any(isinstance(v, str) and re.fullmatch(r"\d+,\d+", v) for v in actuals)
    assert any(isinstance(v, str) and v.endswith("%") for v in actuals)
    assert any(r[col(LAPORAN, "weight")] is None for r in reports)
    assert any(r[col(LAPORAN, "direction")] == "Turun" for r in reports)
    assert any(str(r[col(LAPORAN, "evidence")]).startswith("https://drive.google.com/") for r in reports)


def test_blank_rows_in_the_middle_are_not_mistakes(city):
    found = [
        (stem, name, r)
        for stem, tabs in city.workbooks.items()
        for name, rows in tabs.items()
        for r, row in enumerate(rows[1:], start=2)
        if blank(row) and r < len(rows)
    ]
    assert len(found) >= 3
    assert not set(found) & spoiled(city)


# ---- Mistakes ----------------------------------------------------------------------------------------


def test_each_mistake_points_at_its_spoiled_row(city):
    for m in city.mistakes:
        rows = city.workbooks[m.spreadsheet][m.tab]
        row = rows[m.row - 1]
        if m.kind in followup.FOLLOWUP_KINDS:  # Populasi Layanan, Rencana Tindak Lanjut
            expected = {
                followup.UNIT_UNKNOWN: (0, followup.UNKNOWN_UNIT),
                followup.POPULATION_TEXT: (2, "seratus"),
                followup.PERIOD_UNKNOWN: (1, f"Triwulan 5 {city.months[-1][:4]}"),
                followup.RESPONSIBLE_PERSON: (4, "Rina Marlina, S.Sos"),
                followup.STATUS_UNKNOWN: (6, "mungkin"),
                followup.ACTIVITY_BLANK: (3, ""),
            }[m.kind]
            assert row[expected[0]] == expected[1], m
            continue
        tab = {t.name: t for t in (*AGENCY_INPUT_TABS, FORM)}[m.tab]
        if m.kind == mk.NIP_AS_NUMBER:
            assert isinstance(row[col(tab, "nip")], float)
        elif m.kind == mk.NIP_17_DIGITS:
            assert len(row[col(tab, "nip")]) == 17
        elif m.kind == mk.NIP_UNKNOWN:
            roster = {r[0] for r in city.workbooks[m.spreadsheet][PEGAWAI.name]}
            assert nip_ok(row[col(tab, "nip")]) and row[col(tab, "nip")] not in roster
        elif m.kind == mk.PERIOD_IMPOSSIBLE:
            assert row[0] == "13/2026"
        elif m.kind == mk.ACTUAL_BLANK:
            assert row[col(LAPORAN, "actual")] is None
        elif m.kind == mk.TARGET_ZERO:
            assert row[col(LAPORAN, "target")] == 0
        elif m.kind == mk.DIRECTION_INVALID:
            assert row[col(LAPORAN, "direction")] == "Naik?"
        elif m.kind == mk.RATING_OUT_OF_RANGE:
            assert 6 in row[2:10]
        elif m.kind == mk.RATING_TEXT:
            assert "baik" in row[2:10]
        elif m.kind == mk.RATING_DUPLICATE:
            later = int(m.detail.split("row ")[1].split(" ")[0])
            assert later > m.row and rows[later - 1][:2] == row[:2]
        elif m.kind in (mk.RATING_COLLEAGUE, mk.RATING_SELF):  # appended: the supervisor's row stays
            supervisor_row = rows[int(m.detail.split("row ")[1].split(" ")[0]) - 1]
            rater, nip = row[col(PENILAIAN, "rater_nip")], row[col(PENILAIAN, "nip")]
            assert supervisor_row[:2] == row[:2] and supervisor_row[col(PENILAIAN, "rater_nip")] not in (rater, None)
            assert (rater == nip) == (m.kind == mk.RATING_SELF)
        elif m.kind == mk.ATTENDANCE_OVER:
            assert row[col(PRESENSI, "present")] + row[col(PRESENSI, "absent")] > row[col(PRESENSI, "work_days")]
        elif m.kind == mk.ANSWER_UNPARSEABLE:
            assert "sangat" in row[ANSWERS]
        elif m.kind == mk.UNIT_UNKNOWN:
            assert row[1] == "Kantor Pos"
        elif m.kind == mk.ANSWER_BLANK:
            assert None in row[ANSWERS] and row[0] is not None
        else:
            pytest.fail(f"untested kind {m.kind}")


def test_mistakes_spare_the_story_people(city):
    story = set(city.highlights["three_month_decline"]) | {nip for nip, _ in city.highlights["discipline_gate"]}
    for m in city.mistakes:
        if m.tab in (LAPORAN.name, PENILAIAN.name, PRESENSI.name):
            nip = city.workbooks[m.spreadsheet][m.tab][m.row - 1][1]
            assert nip not in story


# ---- Stories the demo must show ------------------------------------------------------------------------


def _rows_of(city, tab, nip):
    for a in city.agencies:
        rows = [r for r in city.workbooks[a.spreadsheet][tab.name][1:] if not blank(r) and r[1] == nip]
        if rows:
            return rows
    return []


def test_three_month_decline_and_discipline_gate(city):
    assert len(city.highlights["three_month_decline"]) == 2
    for nip in city.highlights["three_month_decline"]:
        ratings = _rows_of(city, PENILAIAN, nip)[-4:]
        means = [sum(r[2:10]) / 8 for r in ratings]
        assert means == sorted(means, reverse=True) and len(set(means)) == 4
        reports = _rows_of(city, LAPORAN, nip)
        by_month = defaultdict(list)
        for r in reports:
            by_month[str(r[0])].append(float(str(r[5]).replace(",", ".").rstrip("%")) / r[4])
        ratios = [sum(v) / len(v) for v in by_month.values()][-4:]
        assert all(b < a for a, b in zip(ratios, ratios[1:])), ratios
    assert len(city.highlights["discipline_gate"]) == 2
    for nip, period in city.highlights["discipline_gate"]:
        absent = [r[col(PRESENSI, "absent")] for r in _rows_of(city, PRESENSI, nip)]
        assert max(absent) >= 5


def _period(cell) -> str:
    """A local reading of the period formats the generator writes."""
    if isinstance(cell, datetime):
        return f"{cell:%Y-%m}"
    text = str(cell)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return text
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        return f"{m[2]}-{int(m[1]):02d}"
    name, year = text.split()
    month = (MONTHS_ID.index(name) if name in MONTHS_ID else catalog.BULAN_SINGKAT.index(name)) + 1
    return f"{year}-{month:02d}"


def test_some_months_are_missing(city):
    missing = city.highlights["missing"]
    assert len(missing) >= 10
    assert any(period != city.last_period for _, period, _ in missing)  # gaps mid-year, not only the last month
    tabs = {t.name: t for t in AGENCY_INPUT_TABS}
    for nip, period, tab in missing:
        assert all(_period(r[0]) != period for r in _rows_of(city, tabs[tab], nip))


def _answer(key: str, cell) -> int | None:
    if isinstance(cell, int):
        return cell
    text = re.sub(r"^[a-d]\.\s*", "", str(cell or "")).casefold()
    labels = [label.casefold() for label in SKM_LABELS[key]]
    return labels.index(text) + 1 if text in labels else None


def test_survey_volume_complaints_and_an_ikm_fall(city):
    form = city.workbooks["kota"][FORM.name]
    bad = {m.row for m in city.mistakes if m.spreadsheet == "kota"}
    answers = defaultdict(list)  # (label, month) -> rows of 9 answers
    for r, row in enumerate(form[1:], start=2):
        if r in bad or blank(row):
            continue
        stamp = row[0] if isinstance(row[0], datetime) else datetime.strptime(row[0], "%d/%m/%Y %H:%M:%S")
        values = [_answer(k, c) for k, c in zip(demo_city.FORM_KEYS, row[ANSWERS])]
        assert None not in values, row
        answers[(row[1].strip().casefold(), f"{stamp:%Y-%m}")].append(values)
    first = demo_city.FORM_ANSWERS_AT
    assert any(isinstance(row[first], str) and re.match(r"[a-d]\. ", row[first]) for row in form[1:])
    assert any(isinstance(row[first], int) for row in form[1:])
    assert any(isinstance(row[0], str) for row in form[1:]) and any(isinstance(row[0], datetime) for row in form[1:])
    monthly = [len(answers[("rawat jalan", m)]) for m in city.months]
    assert min(monthly) >= 20  # a busy unit reaches the publication threshold every month
    assert max(len(answers[("kelurahan laing", m)]) for m in city.months) < 20  # a small one never does

    def ikm(label_months):
        rows = np.array([v for key in label_months for v in answers[key]], dtype=float)
        return 25 * rows.mean(axis=0).sum() / 9

    agency, unit, months = next(d for d in city.highlights["ikm_dips"] if d[1] == "")
    labels = ("dinas kependudukan dan pencatatan sipil", "disdukcapil")
    before = months_back(months[0], 4)[:3]
    assert ikm([(l, m) for l in labels for m in before]) - ikm([(l, m) for l in labels for m in months]) >= 5
    slow = [r for r in form[1:] if not blank(r) and r[-1] == "Waktu Pelayanan"]
    assert any(r[-2] in ("Pelayanan lambat", "Antrian panjang") for r in slow)


def test_complaint_log_has_on_time_late_and_open(city):
    rows = [r for r in city.workbooks["kota"][PENGADUAN.name][1:] if not blank(r)]
    assert len(rows) == 150
    assert all(re.fullmatch(r"\d{3}/PGD/[IVX]+/\d{4}", r[0]) for r in rows)
    received, resolved = col(PENGADUAN, "received"), col(PENGADUAN, "resolved")
    days = [np.busday_count(r[received].date(), r[resolved].date()) for r in rows if r[resolved] is not None]
    assert any(d <= 5 for d in days) and any(d > 5 for d in days)
    assert any(r[resolved] is None and r[col(PENGADUAN, "status")] != "Selesai" for r in rows)


# ---- Files and config ------------------------------------------------------------------------------------


def test_round_trip_through_calamine(small, tmp_path):
    paths = {p.stem: p for p in write_workbooks(small, tmp_path)}
    float_nip = next(m for m in small.mistakes if m.kind == mk.NIP_AS_NUMBER)
    for agency in small.agencies[:2] + [a for a in small.agencies if a.spreadsheet == float_nip.spreadsheet]:
        book = CalamineWorkbook.from_path(paths[agency.spreadsheet])
        pegawai = book.get_sheet_by_name(PEGAWAI.name).to_python()
        expected = small.workbooks[agency.spreadsheet][PEGAWAI.name]
        assert pegawai[0] == expected[0]
        assert [r[0] for r in pegawai[1:]] == [r[0] for r in expected[1:]]
        assert all(isinstance(r[0], str) and len(r[0]) == 18 for r in pegawai[1:])
        assert all(isinstance(r[4], str) for r in pegawai[1:])
    sheet = CalamineWorkbook.from_path(paths[float_nip.spreadsheet]).get_sheet_by_name(float_nip.tab).to_python()
    cell = sheet[float_nip.row - 1][1]
    written = small.workbooks[float_nip.spreadsheet][float_nip.tab][float_nip.row - 1][1]
    # A number cell keeps ~16 significant digits (as in any spreadsheet): the NIP's last digits are gone.
    assert isinstance(cell, float) and abs(cell - written) / written < 1e-14
    form = CalamineWorkbook.from_path(paths["kota"]).get_sheet_by_name(FORM.name).to_python()
    source = small.workbooks["kota"][FORM.name]
    assert form[0] == source[0] and len(form) == len(source)
    assert isinstance(form[1][0], datetime) and form[1][0] == source[1][0]
    assert form[1][1] == source[1][1]
    reports = (
        CalamineWorkbook.from_path(paths[small.agencies[0].spreadsheet]).get_sheet_by_name(LAPORAN.name).to_python()
    )
    date_cells = [r[0] for r in reports[1:] if isinstance(r[0], (date, datetime))]
    texts = [
        r[0] for r in small.workbooks[small.agencies[0].spreadsheet][LAPORAN.name][1:] if isinstance(r[0], datetime)
    ]
    assert len(date_cells) == len(texts)


def test_config_is_valid_toml_in_the_contract_format(small, tmp_path):
    path = write_config(small, tmp_path / "kinerja.toml", data_folder="data", store_path="var/kinerja.sqlite")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["source"] == {"kind": "local", "folder": "data"}
    assert data["city"]["spreadsheet"] == "kota" and data["city"]["form_tab"] == FORM.name
    assert data["store"]["path"] == "var/kinerja.sqlite"
    assert [a["code"] for a in data["agencies"]] == [a.code for a in small.agencies]
    dpmptsp = next(a for a in data["agencies"] if a["code"] == "DPMPTSP")
    assert dpmptsp["spreadsheet"] == "dpmptsp" and "Mal Pelayanan Publik" in dpmptsp["aliases"]
    assert data["survey"]["unit_aliases"] == {"MPP": "DPMPTSP"}


# ---- The benchmark's province -----------------------------------------------------------------------------


def test_province_tabs_shape_types_and_speed(capsys):
    started = time.perf_counter()
    tabs = province_tabs(employees=20_000, months=12, indicators=4, seed=1)
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nprovince_tabs: 20,000 employees, 960,000 report rows in {seconds:.2f} s")
    assert list(tabs) == [t.name for t in AGENCY_INPUT_TABS]
    reports = tabs[LAPORAN.name]
    assert reports.header == [c.header for c in LAPORAN.columns]
    assert reports.body.shape == (20_000 * 12 * 4, len(LAPORAN.columns))
    assert list(reports.body.columns) == list(range(len(LAPORAN.columns)))
    assert reports.body.index[0] == 2 and reports.body.index[-1] == 20_000 * 48 + 1
    assert reports.body[4].dtype == np.float64 and reports.body[5].dtype == np.float64
    assert reports.body[1].dtype == object and reports.body[0].dtype == object
    assert (reports.body[4] > 0).all() and (reports.body[5] >= 0).all()
    assert set(reports.body[7].unique()) == {"Naik", "Turun"}
    pegawai = tabs[PEGAWAI.name].body
    assert pegawai.shape == (20_000, len(PEGAWAI.columns))
    nips = pegawai[0]
    assert nips.is_unique and all(nip_ok(n) for n in nips.iloc[:2_000])
    assert set(reports.body[1].iloc[:1000]) <= set(nips)
    assert pegawai[4].iloc[0] is None and pegawai[4].iloc[1:].isin(set(nips)).all()
    assert tabs[PENILAIAN.name].body.shape == (20_000 * 12, len(PENILAIAN.columns))
    attendance = tabs[PRESENSI.name].body
    assert attendance.shape == (20_000 * 12, len(PRESENSI.columns))
    assert (attendance[3] + attendance[6] <= attendance[2]).all()
    assert seconds < 10


def test_some_complaints_name_the_public_service_officer_who_handled_them(city):
    """Issue 12, item 9: the demo names officers (NIP Petugas) in some Pengaduan rows: front-line
    staff of the complaint's agency, each named officer with several complaints."""
    rows = [r for r in city.workbooks["kota"][PENGADUAN.name][1:] if not blank(r)]
    officer = col(PENGADUAN, "officer_nip")
    named = [r[officer] for r in rows if r[officer]]
    assert 0.3 * len(rows) < len(named) < len(rows)  # some rows, not all
    staff = {}
    for agency in city.agencies:
        pegawai = city.workbooks[agency.spreadsheet]["Pegawai"]
        header = pegawai[0]
        nip_at, public_at = header.index("NIP"), header.index("Layanan Publik")
        staff.update({r[nip_at]: r[public_at] for r in pegawai[1:] if r and r[nip_at]})
    assert all(nip_ok(n) and n in staff for n in named)
    assert {staff[n] for n in named} == {"Ya"}
    assert max(named.count(n) for n in set(named)) >= 3
    assert generate_city().workbooks["kota"][PENGADUAN.name] == city.workbooks["kota"][PENGADUAN.name]
