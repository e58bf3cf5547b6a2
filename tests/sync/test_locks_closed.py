"""What a closed period still owes (sync.locks): an upheld keberatan counted in its frozen
summaries, the month after it compared with it as it closed, and its Ringkasan name lists kept as
they were. The same generated city as tests/sync/test_locks.py, synced with the local backend
into a real SQLite store, its workbooks edited with openpyxl."""

from __future__ import annotations

import openpyxl
import pandas as pd

from scoring.vocabulary import PREDIKAT_COLUMNS
from sync.store import closures
from tests.sync.test_locks import (  # noqa: F401 (fixtures)
    LABEL,
    MONTH,
    _uphold,
    city,
    dump,
    edit_realisation,
    owned,
    sync,
    tab_header,
    tab_rows,
    tiny_city,
)

COUNTS = ["scored", *PREDIKAT_COLUMNS.values()]


def _rekap(settings, agency: str = "DINKES") -> list:
    """The agency's Oktober 2026 row of the city's Rekap Kota (Kode OPD first, then the period)."""
    book = openpyxl.load_workbook(settings.source.folder / f"{settings.city.spreadsheet}.hasil.xlsx", read_only=True)
    try:
        return [r for r in book["Rekap Kota"].iter_rows(values_only=True) if r and r[0] == agency and LABEL in r]
    finally:
        book.close()


def _summary(store, table: str, agency: str, period: str) -> pd.Series:
    return store.read(table, "agency = ? AND period = ?", (agency, period)).iloc[0]


def test_an_upheld_keberatan_in_a_closed_month_is_counted_in_its_frozen_summary(city):
    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "penilaian Oktober 2026 final")
    sync(settings, store)
    frozen = dump(store, MONTH)
    before = _summary(store, "agency_summary", "DINKES", MONTH)
    ringkasan = tab_rows(settings, "dinkes", "Ringkasan")
    rekap = _rekap(settings)
    nip = store.read("results", "agency = 'DINKES' AND period = ? AND predikat = 'Baik'", (MONTH,))["nip"].iloc[0]

    _uphold(store, "DINKES", nip, rating_hk="Di Atas Ekspektasi", rating_pk="Di Atas Ekspektasi")
    sync(settings, store)

    row = store.read("results", "period = ? AND nip = ?", (MONTH, nip)).iloc[0]
    assert (row["predikat"], row["decision"]) == ("Sangat Baik", "keberatan diterima 2026-11-20")
    now = _summary(store, "agency_summary", "DINKES", MONTH)
    assert (now["n_sangat_baik"], now["n_baik"]) == (before["n_sangat_baik"] + 1, before["n_baik"] - 1)
    counted = store.read("results", "agency = 'DINKES' AND period = ?", (MONTH,))["predikat"].value_counts()
    assert {c: int(now[c]) for c in PREDIKAT_COLUMNS.values()} == {
        c: int(counted.get(label, 0)) for label, c in PREDIKAT_COLUMNS.items()
    }
    # Nothing else of the frozen month moved: the other columns, the other agencies, the other tables.
    assert now.drop(COUNTS).equals(before.drop(COUNTS))
    after = dump(store, MONTH)
    for table in closures.FROZEN_TABLES:
        if table not in ("results", "agency_summary"):
            assert after[table] == frozen[table], table
    others = [r for r in frozen["agency_summary"] if ("agency", "DINKES", "str") not in r]
    assert others and all(r in after["agency_summary"] for r in others)
    # The owned tabs that count predikat say the same: the agency's Ringkasan, the city's Rekap Kota.
    kota = settings.city.spreadsheet
    for spreadsheet, tab, was in (("dinkes", "Ringkasan", ringkasan), (kota, "Rekap Kota", rekap)):
        header = tab_header(settings, spreadsheet, tab)
        mine = tab_rows(settings, spreadsheet, tab) if spreadsheet != kota else _rekap(settings)
        old = was
        assert len(mine) == len(old) == 1, tab
        sangat_baik, baik = header.index("Sangat Baik"), header.index("Baik")
        assert (mine[0][sangat_baik], mine[0][baik]) == (old[0][sangat_baik] + 1, old[0][baik] - 1), tab
        changed = [h for h, a, b in zip(header, mine[0], old[0]) if a != b]
        assert changed == ["Sangat Baik", "Baik"], tab


def test_an_upheld_keberatan_on_a_closed_quarter_stays_in_its_result_and_summary(city):
    settings, store = city
    sync(settings, store)
    quarter = "2026-Q3"
    closures.close(store, quarter, "bkpsdm", "triwulan III final")
    sync(settings, store)
    before = _summary(store, "agency_periodic", "RSUD", quarter)
    nip = store.read("results_periodic", "agency = 'RSUD' AND period = ? AND predikat = 'Baik'", (quarter,))[
        "nip"
    ].iloc[0]

    _uphold(store, "RSUD", nip, period=quarter, predikat="Sangat Baik")
    sync(settings, store)

    row = store.read("results_periodic", "period = ? AND nip = ?", (quarter, nip)).iloc[0]
    assert (row["predikat"], row["decision"]) == ("Sangat Baik", "keberatan diterima 2026-11-20")
    now = _summary(store, "agency_periodic", "RSUD", quarter)
    assert (now["n_sangat_baik"], now["n_baik"]) == (before["n_sangat_baik"] + 1, before["n_baik"] - 1)
    assert now.drop(COUNTS).equals(before.drop(COUNTS))


def test_the_month_after_a_closed_month_compares_with_it_as_it_closed(city):
    settings, store = city
    sync(settings, store)
    september = "2026-09"
    closures.close(store, september, "bkpsdm", "penilaian September 2026 final")
    sync(settings, store)
    frozen = dump(store, september)
    _row, nip, _old = edit_realisation(settings, "dinkes", month=9, value=0)
    sep_na = store.read("results", "period = ? AND nip = ?", (september, nip))["na"].iloc[0]
    october = store.read("results", "period = ? AND nip = ?", (MONTH, nip)).iloc[0]
    assert abs(october["na_change"] - (october["na"] - sep_na)) < 1e-9

    sync(settings, store)

    assert dump(store, september) == frozen
    now = store.read("results", "period = ? AND nip = ?", (MONTH, nip)).iloc[0]
    # October's own inputs did not change, nor its change since the closed September.
    assert now["na"] == october["na"]
    assert abs(now["na_change"] - (now["na"] - sep_na)) < 1e-9
    assert (now["na_ma3"], now["attention"], now["attention_reason"]) == (
        october["na_ma3"],
        october["attention"],
        october["attention_reason"],
    )
    assert now["catatan"] == october["catatan"]


def _ringkasan(settings) -> dict:
    """The Oktober 2026 rows of every agency's Ringkasan and of the city's Rekap Kota."""
    tabs = {k: v for k, v in owned(settings).items() if k[1] in ("Ringkasan", "Rekap Kota")}
    return {**tabs, "rekap": [_rekap(settings, a.code) for a in settings.agencies]}


def _add_bad_rating(settings, spreadsheet: str, nip: str, month: int = 10) -> int:
    """Append a Penilaian Atasan row for `nip` in 2026-<month> that validation rejects (a rating
    of 9 on a 1–5 scale); returns its sheet row."""
    path = settings.source.folder / f"{spreadsheet}.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Penilaian Atasan"]
    row = sheet.max_row + 1
    sheet.append([f"2026-{month:02d}", nip, 9, 9, 9, 9, 9, 9, 9, 9, None, None])
    book.save(path)
    return row


def test_a_closed_months_ringkasan_lists_who_had_not_reported_when_it_closed(city):
    settings, store = city
    sync(settings, store)
    closures.close(store, MONTH, "bkpsdm", "penilaian Oktober 2026 final")
    sync(settings, store)
    tabs = _ringkasan(settings)
    header = tab_header(settings, "rsud", "Ringkasan")
    [october] = tabs[("rsud", "Ringkasan")]
    unrated = store.read("results", "agency = 'RSUD' AND period = ? AND has_rating = 0", (MONTH,))
    nip = unrated["nip"].iloc[0]
    assert nip in october[header.index("Belum Dinilai Atasan")]

    row = _add_bad_rating(settings, "rsud", nip)
    sync(settings, store)

    issues = store.read("issues", "scope = 'RSUD' AND tab = 'Penilaian Atasan' AND row = ?", (row,))
    assert len(issues)  # the row was rejected, and the Validasi says so
    assert _ringkasan(settings) == tabs


def test_a_closed_months_ringkasan_keeps_the_rejected_rows_of_when_it_closed(city):
    settings, store = city
    sync(settings, store)
    nip = store.read("results", "agency = 'RSUD' AND period = ? AND has_rating = 0", (MONTH,))["nip"].iloc[0]
    row = _add_bad_rating(settings, "rsud", nip)
    sync(settings, store)
    header = tab_header(settings, "rsud", "Ringkasan")
    [october] = tab_rows(settings, "rsud", "Ringkasan", LABEL)
    listed = october[header.index("Belum Dinilai Atasan")]
    assert f"({nip}) — baris {row} di tab Penilaian Atasan ditolak, lihat tab Validasi" in listed
    closures.close(store, MONTH, "bkpsdm", "final")
    sync(settings, store)
    assert tab_rows(settings, "rsud", "Ringkasan", LABEL) == [october]

    path = settings.source.folder / "rsud.xlsx"
    book = openpyxl.load_workbook(path)
    book["Penilaian Atasan"].delete_rows(row)  # the bad row is gone from the sheet now
    book.save(path)
    sync(settings, store)
    assert tab_rows(settings, "rsud", "Ringkasan", LABEL) == [october]
