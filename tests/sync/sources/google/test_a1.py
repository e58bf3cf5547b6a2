"""sync/sources/google/a1.py: column letters and quoted ranges as the Sheets API parses them."""

import pytest

from sync.sources.google.a1 import block, column_letters, quote_tab, whole_tab


@pytest.mark.parametrize(
    "number, letters",
    [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"), (18278, "ZZZ")],
)
def test_column_letters(number, letters):
    assert column_letters(number) == letters


def test_column_zero_is_an_error():
    with pytest.raises(ValueError):
        column_letters(0)


@pytest.mark.parametrize(
    "name, quoted",
    [
        ("Pegawai", "'Pegawai'"),
        ("Hasil Kinerja", "'Hasil Kinerja'"),
        ("Rina's", "'Rina''s'"),
        ("Tanggapan Formulir 1", "'Tanggapan Formulir 1'"),
    ],
)
def test_quote_tab_doubles_inner_quotes(name, quoted):
    assert quote_tab(name) == quoted
    assert whole_tab(name) == quoted


def test_block_spans_rows_and_columns_from_a1():
    assert block("Hasil Kinerja", 3, 2) == "'Hasil Kinerja'!A1:B3"
    assert block("Validasi", 1, 28) == "'Validasi'!A1:AB1"
    with pytest.raises(ValueError):
        block("Validasi", 0, 3)
