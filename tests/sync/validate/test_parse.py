"""Cell parsers: tolerant of what people type, strict about what they accept."""

from datetime import date, datetime, timezone

import numpy as np
import pandas as pd
import pytest

from sync.validate.parse import (
    Cells,
    month_keys,
    normalize_key,
    parse_numbers,
    parse_periods,
    parse_text,
    parse_timestamps,
    render_cell,
)

TODAY = date(2026, 11, 28)


def cells(*values, dtype=object) -> Cells:
    series = pd.Series(list(values), dtype=dtype, index=range(2, 2 + len(values)))
    return Cells.from_series(series, series.index.to_numpy())


def one_number(value, integer=False):
    parsed = parse_numbers(cells(value), integer=integer)
    return parsed.value[0], parsed.problems(np.array([0]), "Target")[0][0]


# ---- Cells ------------------------------------------------------------------------------------


def test_blank_cells_are_none_nan_empty_or_whitespace():
    c = cells(None, "", "   ", "\u00a0\t", np.nan, pd.NaT, "x", 0)
    assert c.blank.tolist() == [True, True, True, True, True, True, False, False]


def test_take_keeps_rows_and_values():
    c = cells("a", "b", "c").take(np.array([0, 2]))
    assert c.rows.tolist() == [2, 4]
    assert parse_text(c).value.tolist() == ["a", "c"]


def test_render_shows_cells_as_an_indonesian_sheet_does():
    c = cells(
        87.5, 1.98503152010121e17, 12.0, True, datetime(2026, 10, 5), datetime(2026, 10, 5, 14, 3, 2), " x ", None
    )
    assert c.render(np.arange(8)).tolist() == [
        "87,5",
        "1,98503152010121E+17",
        "12",
        "TRUE",
        "05/10/2026",
        "05/10/2026 14:03:02",
        " x ",
        "",
    ]


@pytest.mark.parametrize(
    "value, text", [(7, "7"), (-2.25, "-2,25"), (False, "FALSE"), (date(2026, 1, 2), "02/01/2026")]
)
def test_render_cell(value, text):
    assert render_cell(value) == text


# ---- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (87.5, 87.5),
        (12, 12.0),
        (np.int64(4), 4.0),
        (np.float32(2.5), 2.5),
        ("87,5", 87.5),
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),  # Indonesian thousands
        ("1.234.567", 1234567.0),
        ("2.5", 2.5),  # a lone dot with other than three decimals is a decimal point
        ("2.75", 2.75),
        ("0.500", 0.5),  # no thousands group starts with 0
        ("90%", 90.0),
        ("90 %", 90.0),
        ("  42  ", 42.0),
        ("\u00a012,5\u00a0", 12.5),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        (",5", 0.5),
        ("+3", 3.0),
        ("-0", 0.0),
        ("0", 0.0),
    ],
)
def test_numbers_people_type(value, expected):
    got, problem = one_number(value)
    assert got == pytest.approx(expected)
    assert problem == ""


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("-5", "tidak boleh negatif"),
        ("−5", "tidak boleh negatif"),  # the minus sign character
        ("(5)", "tidak boleh negatif"),
        (-0.5, "tidak boleh negatif"),
        (np.float64(-1), "tidak boleh negatif"),
        ("abc", "bukan angka"),
        ("12 buah", "bukan angka"),
        ("1.2.3", "bukan angka"),
        ("1,2,3", "bukan angka"),
        ("1e5", "bukan angka"),
        ("%", "bukan angka"),
        (float("inf"), "bukan angka"),
        (True, "kotak centang"),
        (False, "kotak centang"),
        (np.True_, "kotak centang"),
        (datetime(2026, 1, 5), "tanggal"),
        (date(2026, 1, 5), "tanggal"),
    ],
)
def test_bad_numbers_are_rejected_with_a_message(value, fragment):
    got, problem = one_number(value)
    assert np.isnan(got)
    assert fragment in problem
    assert problem.startswith("Target")


@pytest.mark.parametrize("value", [4.0, "4", "4,0", 4, np.int64(4)])
def test_integers_accept_whole_numbers(value):
    got, problem = one_number(value, integer=True)
    assert (got, problem) == (4.0, "")


@pytest.mark.parametrize("value", [4.5, "4,5", "4.5", np.float64(0.1)])
def test_integers_reject_fractions(value):
    got, problem = one_number(value, integer=True)
    assert np.isnan(got) and "bilangan bulat" in problem


def test_booleans_are_told_apart_from_one_and_zero():
    # factorize treats True == 1 and False == 0 as one value; the parser must not.
    parsed = parse_numbers(cells(1, True, 1.0, False, 0, np.True_))
    assert parsed.bad.tolist() == [False, True, False, True, False, True]
    assert parsed.value[[0, 2, 4]].tolist() == [1.0, 1.0, 0.0]


def test_booleans_first_then_numbers():
    parsed = parse_numbers(cells(True, 1, 1.0, False, 0))
    assert parsed.bad.tolist() == [True, False, False, True, False]


def test_numeric_columns_take_the_fast_path():
    parsed = parse_numbers(cells(1.5, np.nan, -2.0, 4.0, dtype="float64"), integer=False)
    assert parsed.blank.tolist() == [False, True, False, False]
    assert parsed.bad.tolist() == [False, False, True, False]
    assert parsed.ok.tolist() == [True, False, False, True]
    ints = parse_numbers(cells(3, 5, dtype="int64"), integer=True)
    assert ints.value.tolist() == [3.0, 5.0]


def test_boolean_dtype_column_is_rejected():
    parsed = parse_numbers(cells(True, False, dtype="bool"))
    assert parsed.bad.all()


def test_huge_integer_column_keeps_exact_values_for_messages():
    c = cells(198503152010121001, 5, dtype="int64")
    assert c.render(np.array([0]))[0] == "198503152010121001"


def test_problems_name_the_column_and_give_a_fix():
    parsed = parse_numbers(cells("x", "5"))
    problem, fix = parsed.problems(np.array([0]), "Realisasi")
    assert problem[0] == "Realisasi bukan angka."
    assert "Realisasi" in fix[0] and "87,5" in fix[0]


# ---- text -------------------------------------------------------------------------------------


def test_text_is_stripped_and_never_evaluated():
    parsed = parse_text(cells("  Ani  ", "=1+1", 100.0, 2.5, None, datetime(2026, 1, 2)))
    assert parsed.value.tolist() == ["Ani", "=1+1", "100", "2,5", "", "02/01/2026"]


def test_normalize_key():
    assert normalize_key("  Jumlah \u00a0 Pasien ") == normalize_key("jumlahpasien") == "jumlahpasien"


# ---- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-10",
        "2026/10",
        "2026-10 ",
        "10/2026",
        "10-2026",
        "Oktober 2026",
        "oktober  2026",
        "OKTOBER 2026",
        "Okt 2026",
        "okt. 2026",
        "Okt-2026",
        "October 2026",
        "Oct 2026",
        "2026-10-01",
        "01/10/2026",
        datetime(2026, 10, 5, 8, 0),
        date(2026, 10, 31),
        pd.Timestamp("2026-10-15"),
        46296,
        46296.75,  # 2026-10-01 as a spreadsheet serial
    ],
)
def test_period_formats(value):
    parsed = parse_periods(cells(value), TODAY)
    assert parsed.value.tolist() == ["2026-10"]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    "text, month",
    [
        ("Januari 2026", 1),
        ("Feb 2026", 2),
        ("Pebruari 2026", 2),
        ("Mar 2026", 3),
        ("Apr 2026", 4),
        ("Mei 2026", 5),
        ("May 2026", 5),
        ("Jun 2026", 6),
        ("Juli 2026", 7),
        ("Agu 2026", 8),
        ("Ags 2026", 8),
        ("Agt 2026", 8),
        ("Aug 2026", 8),
        ("Sep 2026", 9),
        ("Sept 2026", 9),
        ("Nov 2026", 11),
        ("Nopember 2026", 11),
        ("Des 2025", 12),
        ("Dec 2025", 12),
    ],
)
def test_month_names(text, month):
    parsed = parse_periods(cells(text), TODAY)
    assert parsed.value[0].endswith(f"-{month:02d}")


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("okt-26", "yang dikenali"),
        ("Oktober 26", "yang dikenali"),
        ("Oktober", "yang dikenali"),
        ("Foo 2026", "yang dikenali"),
        ("2026-13", "Bulan 13"),
        ("13/2026", "Bulan 13"),
        ("1999-10", "Tahun 1999"),
        ("2026-12", "belum berjalan"),  # after today's month
        ("Januari 2027", "belum berjalan"),
        (datetime(2026, 12, 1), "belum berjalan"),
        ("2026-02-30", "tidak ada di kalender"),
        (202610, "terbaca sebagai angka"),
        (True, "yang dikenali"),
    ],
)
def test_bad_periods(value, fragment):
    parsed = parse_periods(cells(value), TODAY)
    problem, fix = parsed.problems(np.array([0]), "Periode")
    assert parsed.bad[0]
    assert fragment in problem[0]
    assert fix[0]


def test_current_month_is_allowed():
    assert parse_periods(cells("2026-11"), TODAY).value.tolist() == ["2026-11"]


def test_future_period_names_the_month_in_indonesian():
    parsed = parse_periods(cells("2026-12"), TODAY)
    problem, fix = parsed.problems(np.array([0]), "Periode")
    assert problem[0] == "Periode Desember 2026 belum berjalan."
    assert "November 2026" in fix[0]


def test_value_codes_join_equal_periods_typed_differently():
    parsed = parse_periods(cells("2026-10", "Okt 2026", "10/2026", "2026-09", "x"), TODAY)
    codes = parsed.value_codes()
    assert codes[0] == codes[1] == codes[2] != codes[3]
    assert codes[4] == -1


# ---- timestamps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("28/11/2026 14:03:22", "2026-11-28 14:03:22"),
        ("28/11/2026 14.03.22", "2026-11-28 14:03:22"),  # Sheets' Indonesian time separator
        ("1/2/2026 9:05:03", "2026-02-01 09:05:03"),
        ("28/11/2026", "2026-11-28 00:00:00"),
        ("2026-11-28 14:03:22", "2026-11-28 14:03:22"),
        ("2026-11-28T14:03:22", "2026-11-28 14:03:22"),
        ("2026-11-28", "2026-11-28 00:00:00"),
        ("2026-11-28T07:03:22Z", "2026-11-28 14:03:22"),  # UTC -> Asia/Jakarta
        (datetime(2026, 11, 28, 14, 3, 22), "2026-11-28 14:03:22"),
        (datetime(2026, 11, 28, 7, 3, 22, tzinfo=timezone.utc), "2026-11-28 14:03:22"),
        (pd.Timestamp("2026-11-28 14:03:22.000000001"), "2026-11-28 14:03:22"),
        (date(2026, 11, 28), "2026-11-28 00:00:00"),
        (46354.585671296, "2026-11-28 14:03:22"),  # serial days since 1899-12-30
        (46354, "2026-11-28 00:00:00"),
    ],
)
def test_timestamp_formats(value, expected):
    parsed = parse_timestamps(cells(value), TODAY, "Asia/Jakarta")
    assert not parsed.bad.any()
    assert str(pd.Timestamp(parsed.value[0])) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("29/11/2026 08:00:00", "masa depan"),
        ("2026-12-01", "masa depan"),
        (46360, "masa depan"),
        ("31/02/2026", "tidak ada di kalender"),
        ("11/28/2026 14:03:22", "tidak ada di kalender"),  # month first is not accepted
        ("28/11/2026 25:00:00", "tidak ada di kalender"),
        ("kemarin", "tidak dikenali"),
        ("28 Nov 2026", "tidak dikenali"),
        (12, "terbaca sebagai angka"),
        ("01/01/1990", "Tahun 1990"),
        (True, "tidak dikenali"),
    ],
)
def test_bad_timestamps(value, fragment):
    parsed = parse_timestamps(cells(value), TODAY, "Asia/Jakarta")
    problem, fix = parsed.problems(np.array([0]), "Cap waktu")
    assert parsed.bad[0] and pd.isna(parsed.value[0])
    assert fragment in problem[0]
    assert fix[0]


def test_month_keys():
    moments = np.array(["2026-10-31T23:59", "NaT", "2026-11-01"], dtype="datetime64[ns]")
    assert month_keys(moments).tolist() == ["2026-10", "", "2026-11"]


def test_city_zone_falls_back_to_wib_without_a_tz_database(monkeypatch):
    import scoring.periods as periods

    def missing(name):
        raise periods.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(periods, "ZoneInfo", missing)
    zone = periods.city_zone("Asia/Jakarta")
    assert zone.utcoffset(None).total_seconds() == 7 * 3600
    with pytest.raises(periods.ZoneInfoNotFoundError):
        periods.city_zone("Europe/Paris")


@pytest.mark.parametrize("dash", ["-", " - ", "–", "—", "−"])
def test_a_lone_dash_is_zero_only_in_count_columns(dash):
    counted = parse_numbers(cells(dash, "3", "--", "-3"), integer=True, dash_zero=True)
    assert counted.value[0] == 0.0 and counted.ok[0] and counted.value[1] == 3.0
    assert counted.bad[2] and counted.bad[3]  # two dashes, or a dash before a number, are not a zero
    other = parse_numbers(cells(dash))
    assert other.bad[0] and np.isnan(other.value[0])
