"""sync/sources/google/batch.py: batchUpdate request bodies as the Sheets API v4 expects them."""

from sync.sources.backend import SheetTable
from sync.sources.google import batch as rq


def test_add_sheet_sets_our_id_grid_and_frozen_header():
    props = rq.add_sheet(5, "Hasil Kinerja", 120, 23)["addSheet"]["properties"]
    assert props == {
        "sheetId": 5,
        "title": "Hasil Kinerja",
        "gridProperties": {"rowCount": 120, "columnCount": 23, "frozenRowCount": 1},
    }


def test_resize_only_touches_the_grid_size():
    body = rq.resize(5, 300, 23)["updateSheetProperties"]
    assert body["fields"] == "gridProperties.rowCount,gridProperties.columnCount"


def test_column_rules_start_below_the_header_and_are_unbounded_downwards():
    for request in (rq.text_format(2, 1), rq.dropdown(2, 1, ["Ya", "Tidak"]), rq.number_format(2, 1, "0.00")):
        body = next(iter(request.values()))
        assert body["range"] == {"sheetId": 2, "startRowIndex": 1, "startColumnIndex": 1, "endColumnIndex": 2}
    rule = rq.dropdown(2, 1, ["Ya", "Tidak"])["setDataValidation"]["rule"]
    assert rule["showCustomUi"] and rule["strict"]
    assert rule["condition"] == {
        "type": "ONE_OF_LIST",
        "values": [{"userEnteredValue": "Ya"}, {"userEnteredValue": "Tidak"}],
    }


def test_protection_is_warning_only():
    body = rq.protect_warning(3, rq.PROTECTION_NOTE)["addProtectedRange"]["protectedRange"]
    assert body["warningOnly"] is True and body["range"] == {"sheetId": 3}
    assert "ditimpa" in body["description"]


def test_owned_tab_format_sets_number_formats_by_header():
    table = SheetTable("Hasil", ("Nama", "Nilai Akhir"), [], {"Nilai Akhir": "0.00"})
    requests = rq.owned_tab_format(4, table)
    kinds = [next(iter(r)) for r in requests]
    assert kinds == ["updateSheetProperties", "repeatCell", "repeatCell"]
    number = requests[2]["repeatCell"]
    assert number["range"]["startColumnIndex"] == 1
    assert number["cell"]["userEnteredFormat"]["numberFormat"] == {"type": "NUMBER", "pattern": "0.00"}


def test_header_cells_are_bold_text():
    row = rq.header_cells(1, ["NIP", "Nama"])["updateCells"]["rows"][0]["values"]
    assert row[0] == {"userEnteredValue": {"stringValue": "NIP"}, "userEnteredFormat": {"textFormat": {"bold": True}}}
