"""sync/sources/backend.py: RawTab keeps the sheet's own row numbers and pads ragged rows."""

from sync.sources.backend import RawTab


def test_from_rows_pads_short_rows_and_numbers_rows_like_the_sheet():
    tab = RawTab.from_rows("Pegawai", [["NIP", "Nama", "Unit Kerja"], ["1", "A"], ["2"]])
    assert tab.header == ["NIP", "Nama", "Unit Kerja"]
    assert list(tab.body.index) == [2, 3]
    assert tab.body.shape == (2, 3)
    assert tab.body.loc[3, 1] is None and tab.body.loc[2, 1] == "A"


def test_from_rows_with_longer_data_rows_pads_the_header():
    tab = RawTab.from_rows("X", [["A"], ["1", "2"]])
    assert tab.header == ["A", None] and tab.body.loc[2, 1] == "2"


def test_empty_tab():
    tab = RawTab.from_rows("X", [])
    assert tab.header == [] and tab.body.empty
