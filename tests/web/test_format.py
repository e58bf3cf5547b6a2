import pytest

from web import format as fmt


@pytest.mark.parametrize(
    ("value", "decimals", "trim", "expected"),
    [
        (107.9, 2, False, "107,90"),
        (109.025, 2, False, "109,03"),  # half-up, not half-even on the binary value
        (109.995, 2, False, "110,00"),
        (2.675, 2, False, "2,68"),
        (89.994, 2, False, "89,99"),
        (1234.5, 2, False, "1.234,50"),
        (1234567.891, 2, False, "1.234.567,89"),
        (0.0, 2, False, "0,00"),
        (-3.5, 2, False, "\u22123,50"),
        (-0.001, 2, False, "0,00"),  # no "−0,00"
        (60.0, 2, True, "60"),
        (12.5, 2, True, "12,5"),
        (76.61, 2, True, "76,61"),
        (91.4827, 1, False, "91,5"),
    ],
)
def test_number(value, decimals, trim, expected):
    assert fmt.number(value, decimals, trim) == expected


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_values_show_a_dash(missing):
    assert fmt.number(missing) == fmt.MISSING
    assert fmt.integer(missing) == fmt.MISSING
    assert fmt.percent(missing) == fmt.MISSING
    assert fmt.signed(missing) == fmt.MISSING


@pytest.mark.parametrize(("value", "expected"), [(0, "0"), (7, "7"), (36000, "36.000"), (1234567, "1.234.567")])
def test_integer_uses_thousands_dot(value, expected):
    assert fmt.integer(value) == expected


@pytest.mark.parametrize(
    ("ratio", "decimals", "trim", "expected"),
    [
        (0.75, 0, False, "75%"),
        (2 / 3, 0, False, "67%"),
        (0.857, 1, False, "85,7%"),
        (0.6, 2, True, "60%"),
        (0.125, 2, True, "12,5%"),
        (1.0, 0, False, "100%"),
    ],
)
def test_percent(ratio, decimals, trim, expected):
    assert fmt.percent(ratio, decimals, trim) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.25, "+1,25"), (-0.5, "\u22120,50"), (0.0, "0,00"), (0.004, "0,00"), (-0.004, "0,00"), (12.345, "+12,35")],
)
def test_signed(value, expected):
    assert fmt.signed(value) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-10", "Oktober 2026"),
        ("2026-01", "Januari 2026"),
        ("2025-05", "Mei 2025"),
        ("2026-12", "Desember 2026"),
        ("2026-13", "2026-13"),
        ("2026-Q4", "Triwulan IV 2026"),
        ("2026", "Tahun 2026"),
        ("", fmt.MISSING),
        (None, fmt.MISSING),
    ],
)
def test_month_label(period, expected):
    assert fmt.month_label(period) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-28T14:03:00+07:00", "28 November 2026 14.03 WIB"),
        ("2026-11-28T07:03:00+00:00", "28 November 2026 14.03 WIB"),  # converted to WIB
        ("2026-11-28T20:30:00Z", "29 November 2026 03.30 WIB"),  # crosses midnight
        ("2026-11-28 14:03:59", "28 November 2026 14.03 WIB"),  # naive: taken as WIB
        ("2026-02-05T09:07:00+07:00", "5 Februari 2026 09.07 WIB"),
        ("kemarin", "kemarin"),
        (None, "belum pernah"),
        ("", "belum pernah"),
    ],
)
def test_timestamp(text, expected):
    assert fmt.timestamp(text) == expected


def test_filters_cover_every_formatter():
    assert set(fmt.FILTERS) == {"number", "integer", "percent", "signed", "month_label", "timestamp"}
    assert fmt.FILTERS["number"](107.9) == "107,90"
