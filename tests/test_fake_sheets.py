"""The fake Sheets v4 API, driven by the real gspread 6.2.1 client through its transport adapter.

Each test states the real API behaviour it pins; where that behaviour comes from is listed in the
module docstrings of tests/fake_sheets/.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import gspread
import pytest
import requests
from gspread.exceptions import APIError

from tests.fake_sheets import FakeSheets, a1
from tests.fake_sheets.cells import format_date_pattern, format_number_pattern, locale_of, parse_number, to_serial
from tests.fake_sheets.fields import covers, parse, select

KEY = "key-dinkes"
NIP = "198501012010012001"


@pytest.fixture
def fake() -> FakeSheets:
    fake = FakeSheets(time_zone="Asia/Jakarta")
    fake.add_spreadsheet(
        KEY,
        {
            "Pegawai": [["NIP", "Nama", "Nilai"], [NIP, "Rina", 3.5], [], ["199001012015031002", "Budi", 4]],
            "Tanggapan Formulir 1": [
                ["Stempel waktu", "Tanggal Layanan"],
                [datetime(2026, 10, 15, 14, 30), date(2026, 10, 15)],
                [datetime(2026, 10, 16, 0, 30, tzinfo=timezone.utc), None],
            ],
            "Rekap's Kota": [["Unit", "Nilai"], ["Puskesmas", 81.25]],
            "Hasil Kinerja": [["lama"]],
        },
        title="Dinas Kesehatan",
        grid={"Hasil Kinerja": (4, 3)},
    )
    return fake


@pytest.fixture
def sh(fake) -> gspread.Spreadsheet:
    return fake.client().open_by_key(KEY)


def _unformatted(sh, ranges, **extra):
    params = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER", **extra}
    return sh.values_batch_get(ranges, params=params)["valueRanges"]


# ---- A1 notation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pegawai", ("Pegawai", 0, 0, None, None)),
        ("'Rekap''s Kota'!A1:B", ("Rekap's Kota", 0, 0, None, 2)),
        ("Laporan Kinerja!A2:K", ("Laporan Kinerja", 1, 0, None, 11)),
        ("B2:A1", (None, 0, 0, 2, 2)),
        ("Tab!A:C", ("Tab", 0, 0, None, 3)),
        ("Tab!2:5", ("Tab", 1, 0, 5, None)),
        ("Tab!AA10", ("Tab", 9, 26, 10, 27)),
    ],
)
def test_a1_parse(text, expected):
    rng = a1.parse(text)
    assert (rng.sheet, rng.row0, rng.col0, rng.row1, rng.col1) == expected


@pytest.mark.parametrize("text", ["Tab!B", "Tab!2", "Tab!A:5", "'open", "'x'y", "Tab!", "!A1", "Tab!A0"])
def test_a1_refuses_what_the_api_cannot_parse(text):
    with pytest.raises(a1.A1Error):
        a1.parse(text)


def test_a1_formatting_quotes_only_when_needed():
    assert a1.format_range("Pegawai", 0, 0, 1000, 26) == "Pegawai!A1:Z1000"
    assert a1.format_range("Hasil Kinerja", 1, 0, None, 11) == "'Hasil Kinerja'!A2:K"
    assert a1.format_range("Rekap's", 0, 0, 1, 1) == "'Rekap''s'!A1"
    assert a1.quote_title("A1") == "'A1'"  # a title that reads as a cell must be quoted
    assert [a1.col_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_field_masks():
    tree = parse("sheets(properties(title,sheetId)),properties.timeZone")
    data = {
        "sheets": [{"properties": {"title": "A", "sheetId": 0, "index": 0}, "protectedRanges": []}],
        "properties": {"title": "T", "timeZone": "Asia/Jakarta"},
    }
    assert select(data, tree) == {
        "sheets": [{"properties": {"title": "A", "sheetId": 0}}],
        "properties": {"timeZone": "Asia/Jakarta"},
    }
    assert covers(parse("userEnteredFormat"), "userEnteredFormat.numberFormat")
    assert not covers(parse("userEnteredValue"), "userEnteredFormat.numberFormat")
    assert covers(parse("*"), "gridProperties.rowCount")


# ---- cells: locale, dates -----------------------------------------------------------------------


def test_locale_numbers_and_date_patterns():
    id_, en = locale_of("id_ID"), locale_of("en_US")
    assert parse_number("3,5", id_) == 3.5 and parse_number("1.985", id_) == 1985
    assert parse_number("3.5", id_) is None  # in id_ID a dot groups thousands
    assert parse_number("1,234.5", en) == 1234.5
    serial = to_serial(datetime(2026, 10, 15, 14, 30, 5), timezone.utc)
    assert format_date_pattern(serial, "dd/mm/yyyy hh:mm:ss", id_) == "15/10/2026 14:30:05"
    assert format_date_pattern(serial, "d mmmm yyyy", id_) == "15 Oktober 2026"
    assert format_date_pattern(serial, "m/d/yyyy h:mm", en) == "10/15/2026 14:30"
    assert format_number_pattern(1234.567, "#,##0.00", id_) == "1.234,57"
    assert format_number_pattern(0.8125, "0.0%", id_) == "81,3%"  # half away from zero
    assert format_number_pattern(-2.5, "0", en) == "-3"
    assert format_number_pattern(81.2, "0.0#", en) == "81.2"


# ---- metadata -----------------------------------------------------------------------------------


def test_metadata_lists_tabs_with_ids_and_grids(fake, sh):
    meta = sh.fetch_sheet_metadata()
    assert meta["properties"]["title"] == "Dinas Kesehatan"
    assert meta["properties"]["timeZone"] == "Asia/Jakarta"
    assert meta["properties"]["locale"] == "id_ID"
    props = [s["properties"] for s in meta["sheets"]]
    assert [p["title"] for p in props] == ["Pegawai", "Tanggapan Formulir 1", "Rekap's Kota", "Hasil Kinerja"]
    assert [p["index"] for p in props] == [0, 1, 2, 3]
    assert props[0]["sheetId"] == 0 and len({p["sheetId"] for p in props}) == 4
    assert props[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    assert props[3]["gridProperties"] == {"rowCount": 4, "columnCount": 3}
    assert "data" not in meta["sheets"][0]  # gspread asks includeGridData=false
    assert fake.tab(KEY, "Hasil Kinerja").sheet_id == props[3]["sheetId"]


def test_metadata_fields_and_grid_data(sh):
    only_titles = sh.fetch_sheet_metadata(params={"fields": "sheets.properties.title"})
    assert only_titles == {
        "sheets": [
            {"properties": {"title": t}} for t in ("Pegawai", "Tanggapan Formulir 1", "Rekap's Kota", "Hasil Kinerja")
        ]
    }
    grid = sh.fetch_sheet_metadata(params={"includeGridData": "true", "ranges": "'Rekap''s Kota'!A1:B2"})
    assert [s["properties"]["title"] for s in grid["sheets"]] == ["Rekap's Kota"]
    row = grid["sheets"][0]["data"][0]["rowData"][1]["values"]
    assert row[1]["effectiveValue"] == {"numberValue": 81.25}
    assert row[1]["formattedValue"] == "81,25"


def test_unknown_spreadsheet_is_404_and_unshared_is_403(fake):
    fake.add_spreadsheet("key-x", {"Pegawai": [["NIP"]]}, shared=False)
    gc = fake.client()
    with pytest.raises(gspread.SpreadsheetNotFound):
        gc.open_by_key("key-nope")
    with pytest.raises(PermissionError) as caught:
        gc.open_by_key("key-x")
    api_error = caught.value.__cause__
    assert api_error.code == 403 and api_error.error["status"] == "PERMISSION_DENIED"
    assert api_error.error["message"] == "The caller does not have permission"
    assert fake.credentials.service_account_email == fake.share_email


# ---- reads --------------------------------------------------------------------------------------


def test_batch_get_echoes_normalised_ranges_and_trims_empty_cells(sh):
    ranges = _unformatted(sh, ["Pegawai", "'Rekap''s Kota'!A1:C", "Tanggapan Formulir 1!B1:B"])
    assert [r["range"] for r in ranges] == [
        "Pegawai!A1:Z1000",
        "'Rekap''s Kota'!A1:C1000",
        "'Tanggapan Formulir 1'!B1:B1000",
    ]
    assert ranges[0]["majorDimension"] == "ROWS"
    # a float NIP would lose digits: the text stays text; an empty middle row comes back as []
    assert ranges[0]["values"] == [["NIP", "Nama", "Nilai"], [NIP, "Rina", 3.5], [], ["199001012015031002", "Budi", 4]]
    assert ranges[2]["values"] == [["Tanggal Layanan"], [46310]]  # the trailing empty row is left out


def test_empty_range_has_no_values_key(sh):
    (vr,) = _unformatted(sh, ["Pegawai!E1:F3"])
    assert vr == {"range": "Pegawai!E1:F3", "majorDimension": "ROWS"}


def test_missing_tab_is_unable_to_parse_range(fake, sh):
    with pytest.raises(APIError) as caught:
        sh.values_batch_get(["Pegawai", "'Tidak Ada'!A1:K"])
    assert caught.value.code == 400
    assert caught.value.error == {
        "code": 400,
        "message": "Unable to parse range: 'Tidak Ada'!A1:K",
        "status": "INVALID_ARGUMENT",
    }
    assert fake.counts["values.batchGet"] == 1


def test_read_starting_past_the_grid_is_refused_and_overlap_is_clipped(sh):
    with pytest.raises(APIError) as caught:
        sh.values_get("'Hasil Kinerja'!A5:B")
    assert caught.value.error["message"] == (
        "Range ('Hasil Kinerja'!A5:B) exceeds grid limits. Max rows: 4, max columns: 3"
    )
    assert sh.values_get("'Hasil Kinerja'!A1:Z99")["range"] == "'Hasil Kinerja'!A1:C4"


def test_render_options(sh):
    serial_dt = to_serial(datetime(2026, 10, 15, 14, 30), timezone.utc)
    formatted = sh.values_get("'Tanggapan Formulir 1'")["values"]
    assert formatted[1] == ["15/10/2026 14:30:00", "15/10/2026"]
    # an aware datetime is stored as wall-clock time in the spreadsheet's zone (UTC+7)
    assert formatted[2] == ["16/10/2026 07:30:00"]
    serial = _unformatted(sh, ["'Tanggapan Formulir 1'!A2:B2"])[0]["values"]
    assert serial == [[pytest.approx(serial_dt), 46310]]
    as_text = _unformatted(sh, ["'Tanggapan Formulir 1'!A2:B2"], dateTimeRenderOption="FORMATTED_STRING")
    assert as_text[0]["values"] == [["15/10/2026 14:30:00", "15/10/2026"]]
    # FORMATTED_VALUE writes numbers the id_ID way: this is why get_all_records turns 3,5 into 35
    assert sh.values_get("Pegawai!C2")["values"] == [["3,5"]]
    assert sh.worksheet("Pegawai").get_all_records()[0]["Nilai"] == 35


def test_number_pattern_shows_in_formatted_values_only(sh):
    sheet_id = sh.worksheet("Rekap's Kota").id
    sh.batch_update(
        {
            "requests": [
                {
                    "repeatCell": {
                        "range": {"sheetId": sheet_id, "startColumnIndex": 1, "endColumnIndex": 2},
                        "cell": {"userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": "0.00"}}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            ]
        }
    )
    assert sh.values_get("'Rekap''s Kota'!B2")["values"] == [["81,25"]]
    sh.values_update("'Rekap''s Kota'!B2", params={"valueInputOption": "RAW"}, body={"values": [[88.5]]})
    assert sh.values_get("'Rekap''s Kota'!B2")["values"] == [["88,50"]]
    assert _unformatted(sh, ["'Rekap''s Kota'!B2"])[0]["values"] == [[88.5]]


def test_columns_major_dimension(sh):
    vr = sh.values_get("'Rekap''s Kota'!A1:B2", params={"majorDimension": "COLUMNS"})
    assert vr["values"] == [["Unit", "Puskesmas"], ["Nilai", "81,25"]]


def test_fake_values_are_effective_values_with_serial_dates(fake):
    values = fake.values(KEY, "Tanggapan Formulir 1")
    assert values[1][1] == 46310 and values[2] == [pytest.approx(46311 + 7.5 / 24)]
    assert fake.values(KEY, "Pegawai")[2] == []


# ---- writes -------------------------------------------------------------------------------------


def test_raw_keeps_formulas_and_numbers_as_text(fake, sh):
    ws = sh.worksheet("Hasil Kinerja")
    link = '=HYPERLINK("https://drive.google.com/x", "Bukti")'
    ws.update([[link, "42", "3,5"]], "A1")  # gspread's update is RAW by default
    assert ws.get("A1:C1", value_render_option="UNFORMATTED_VALUE") == [[link, "42", "3,5"]]
    assert ws.get("A1:C1", value_render_option="FORMULA") == [[link, "42", "3,5"]]
    ws.update([[link, "42", "3,5"], ["'0012", "TRUE", "2026-10-15"]], "A1", raw=False)
    assert ws.get("A1:C2", value_render_option="UNFORMATTED_VALUE") == [["Bukti", 42, 3.5], ["0012", True, 46310]]
    assert ws.get("A1", value_render_option="FORMULA") == [[link]]
    assert fake.values(KEY, "Hasil Kinerja") == [["Bukti", 42, 3.5], ["0012", True, 46310]]


def test_user_entered_into_a_text_column_stays_text(fake, sh):
    sheet_id = sh.worksheet("Hasil Kinerja").id
    sh.batch_update(
        {
            "requests": [
                {
                    "repeatCell": {
                        "range": {"sheetId": sheet_id, "startColumnIndex": 0, "endColumnIndex": 1},
                        "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            ]
        }
    )
    assert fake.tab(KEY, "Hasil Kinerja").text_columns == {0}
    sh.values_update("'Hasil Kinerja'!A2", params={"valueInputOption": "USER_ENTERED"}, body={"values": [[NIP, NIP]]})
    row = sh.values_get("'Hasil Kinerja'!A2:B2", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"][0]
    assert row[0] == NIP
    assert row[1] != NIP and isinstance(row[1], (int, float))  # parsed as a number: digits lost


def test_null_skips_and_empty_string_clears(fake, sh):
    sh.values_update(
        "'Hasil Kinerja'!A1", params={"valueInputOption": "RAW"}, body={"values": [["a", "b"], ["c", "d"]]}
    )
    sh.values_update(
        "'Hasil Kinerja'!A1", params={"valueInputOption": "RAW"}, body={"values": [[None, ""], ["", None]]}
    )
    assert fake.values(KEY, "Hasil Kinerja") == [["a"], ["", "d"]]


def test_values_batch_update_reports_totals(fake, sh):
    reply = sh.values_batch_update(
        {
            "valueInputOption": "RAW",
            "data": [
                {"range": "'Hasil Kinerja'!A1", "values": [["NIP", "Nilai"], [NIP, 88.5]]},
                {"range": "'Rekap''s Kota'!A3", "values": [["Dinkes", 80]]},
            ],
        }
    )
    assert reply["totalUpdatedCells"] == 6 and reply["totalUpdatedRows"] == 3
    assert reply["totalUpdatedSheets"] == 2
    assert [r["updatedRange"] for r in reply["responses"]] == ["'Hasil Kinerja'!A1:B2", "'Rekap''s Kota'!A3:B3"]
    assert fake.values(KEY, "Hasil Kinerja") == [["NIP", "Nilai"], [NIP, 88.5]]
    assert fake.counts["values.batchUpdate"] == 1 and fake.writes == 1


def test_writing_past_the_grid_is_refused_and_the_batch_writes_nothing(fake, sh):
    with pytest.raises(APIError) as caught:
        sh.values_batch_update(
            {
                "valueInputOption": "RAW",
                "data": [
                    {"range": "Pegawai!A1", "values": [["diganti"]]},
                    {"range": "'Hasil Kinerja'!A1", "values": [["x"]] * 5},
                ],
            }
        )
    assert caught.value.error["message"] == (
        "Invalid data[1]: Range ('Hasil Kinerja'!A1) exceeds grid limits. Max rows: 4, max columns: 3"
    )
    assert fake.values(KEY, "Pegawai")[0][0] == "NIP"
    with pytest.raises(APIError, match=r"Range \('Hasil Kinerja'!D1\) exceeds grid limits"):
        sh.worksheet("Hasil Kinerja").update([["x"]], "D1")
    assert fake.tab(KEY, "Hasil Kinerja").row_count == 4  # writes never grow the grid


def test_a_bounded_range_bounds_the_write(sh):
    with pytest.raises(APIError) as caught:
        sh.values_update("'Hasil Kinerja'!A1:B2", params={"valueInputOption": "RAW"}, body={"values": [[1], [2], [3]]})
    assert caught.value.error["message"] == (
        "Requested writing within range ['Hasil Kinerja'!A1:B2], but tried writing to row [3]"
    )


def test_value_input_option_is_required(sh):
    with pytest.raises(APIError, match="INPUT_VALUE_OPTION_UNSPECIFIED"):
        sh.values_update("Pegawai!A1", body={"values": [["x"]]})


def test_clear_and_batch_clear(fake, sh):
    assert sh.values_clear("Pegawai!C1:C4")["clearedRange"] == "Pegawai!C1:C4"
    reply = sh.values_batch_clear(body={"ranges": ["'Rekap''s Kota'", "Pegawai!A4:B"]})
    assert reply["clearedRanges"] == ["'Rekap''s Kota'!A1:Z1000", "Pegawai!A4:B1000"]
    assert fake.values(KEY, "Pegawai") == [["NIP", "Nama"], [NIP, "Rina"]]
    assert fake.values(KEY, "Rekap's Kota") == []
    assert fake.counts["values.clear"] == 1 and fake.counts["values.batchClear"] == 1


def test_append_rows_appends_after_the_table_and_grows_the_grid(fake, sh):
    ws = sh.worksheet("Hasil Kinerja")
    reply = ws.append_rows([["b"], ["c"], ["d"], ["e"]])
    assert reply["tableRange"] == "'Hasil Kinerja'!A1"
    assert reply["updates"]["updatedRange"] == "'Hasil Kinerja'!A2:A5"
    assert fake.values(KEY, "Hasil Kinerja") == [["lama"], ["b"], ["c"], ["d"], ["e"]]
    assert fake.tab(KEY, "Hasil Kinerja").row_count == 5
    # the naive way: one request per row
    for row in (["f"], ["g"]):
        ws.append_row(row)
    assert fake.counts["values.append"] == 3


def test_append_insert_rows_pushes_rows_down(fake, sh):
    sh.values_append(
        "Pegawai!A1:C2",
        params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        body={"values": [["baru", "Sari", 2]]},
    )
    values = fake.values(KEY, "Pegawai")
    assert values[2] == ["baru", "Sari", 2] and values[4][1] == "Budi"
    assert fake.tab(KEY, "Pegawai").row_count == 1001


# ---- spreadsheets.batchUpdate ---------------------------------------------------------------


def test_add_sheet_replies_with_properties_and_validation_and_protection_are_recorded(fake, sh):
    reply = sh.batch_update(
        {
            "requests": [
                {"addSheet": {"properties": {"title": "Validasi Data"}}},
                {
                    "updateCells": {
                        "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 3},
                        "rows": [{"values": [{"userEnteredValue": {"stringValue": "Status"}}]}],
                        "fields": "userEnteredValue",
                    }
                },
                {
                    "setDataValidation": {
                        "range": {
                            "sheetId": 0,
                            "startRowIndex": 1,
                            "endRowIndex": 3,
                            "startColumnIndex": 3,
                            "endColumnIndex": 4,
                        },
                        "rule": {
                            "condition": {
                                "type": "ONE_OF_LIST",
                                "values": [{"userEnteredValue": "Ya"}, {"userEnteredValue": "Tidak"}],
                            },
                            "strict": True,
                            "showCustomUi": True,
                        },
                    }
                },
                {
                    "addProtectedRange": {
                        "protectedRange": {"range": {"sheetId": 0}, "description": "milik sistem", "warningOnly": True}
                    }
                },
            ]
        }
    )
    props = reply["replies"][0]["addSheet"]["properties"]
    assert props["title"] == "Validasi Data" and props["index"] == 4
    assert props["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    assert reply["replies"][1:3] == [{}, {}]
    protected = reply["replies"][3]["addProtectedRange"]["protectedRange"]
    assert protected["warningOnly"] is True and "protectedRangeId" in protected
    tab = fake.tab(KEY, "Pegawai")
    assert set(tab.validations) == {(1, 3), (2, 3)}
    assert tab.validations[(1, 3)]["condition"]["type"] == "ONE_OF_LIST"
    assert tab.protected == [protected]
    assert fake.values(KEY, "Pegawai")[0] == ["NIP", "Nama", "Nilai", "Status"]
    meta = sh.fetch_sheet_metadata(params={"fields": "sheets(properties.title,protectedRanges)"})
    assert meta["sheets"][0]["protectedRanges"] == [protected]
    grid = sh.fetch_sheet_metadata(
        params={
            "ranges": ["Pegawai!1:3"],
            "includeGridData": "true",
            "fields": "sheets(data(rowData(values(effectiveValue,dataValidation))))",
        }
    )
    rows = grid["sheets"][0]["data"][0]["rowData"]
    assert rows[0]["values"][3] == {"effectiveValue": {"stringValue": "Status"}}
    assert rows[2]["values"][3]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"
    assert "dataValidation" not in rows[1]["values"][0]
    assert fake.counts["batchUpdate"] == 1


def test_batch_update_is_atomic(fake, sh):
    with pytest.raises(APIError) as caught:
        sh.batch_update(
            {
                "requests": [
                    {"addSheet": {"properties": {"title": "Baru"}}},
                    {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 5}},
                    {"addSheet": {"properties": {"title": "pegawai"}}},
                ]
            }
        )
    assert caught.value.code == 400
    assert caught.value.error["message"] == (
        'Invalid requests[2].addSheet: A sheet with the name "pegawai" already exists. Please enter another name.'
    )
    assert [w.title for w in sh.worksheets()] == ["Pegawai", "Tanggapan Formulir 1", "Rekap's Kota", "Hasil Kinerja"]
    assert fake.tab(KEY, "Pegawai").row_count == 1000


def test_grid_range_starting_past_the_grid_is_refused(sh):
    sheet_id = sh.worksheet("Hasil Kinerja").id
    with pytest.raises(APIError) as caught:
        sh.batch_update(
            {
                "requests": [
                    {
                        "repeatCell": {
                            "range": {"sheetId": sheet_id, "startRowIndex": 4},
                            "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                            "fields": "userEnteredFormat.numberFormat",
                        }
                    }
                ]
            }
        )
    assert caught.value.error["message"] == (
        "Invalid requests[0].repeatCell: Range ('Hasil Kinerja'!A5:C) exceeds grid limits. Max rows: 4, max columns: 3"
    )


def test_resize_then_write_fits(fake, sh):
    ws = sh.worksheet("Hasil Kinerja")
    sh.batch_update(
        {
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": ws.id, "gridProperties": {"rowCount": 10, "columnCount": 5}},
                        "fields": "gridProperties.rowCount,gridProperties.columnCount",
                    }
                }
            ]
        }
    )
    ws.update([["x"] * 5] * 10, "A1")
    tab = fake.tab(KEY, "Hasil Kinerja")
    assert (tab.row_count, tab.column_count) == (10, 5) and len(fake.values(KEY, "Hasil Kinerja")) == 10
    sh.batch_update(
        {
            "requests": [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": ws.id, "gridProperties": {"rowCount": 2}},
                        "fields": "gridProperties.rowCount",
                    }
                }
            ]
        }
    )
    assert len(fake.values(KEY, "Hasil Kinerja")) == 2  # shrinking drops the rows cut off


def test_insert_and_delete_dimension_and_delete_sheet(fake, sh):
    sh.batch_update(
        {
            "requests": [
                {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}},
                {"deleteDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3}}},
                {"deleteSheet": {"sheetId": sh.worksheet("Rekap's Kota").id}},
            ]
        }
    )
    assert fake.values(KEY, "Pegawai")[:3] == [["NIP", "Nama"], [], [NIP, "Rina"]]
    assert fake.tab(KEY, "Pegawai").row_count == 1001 and fake.tab(KEY, "Pegawai").column_count == 25
    assert [w.title for w in sh.worksheets()] == ["Pegawai", "Tanggapan Formulir 1", "Hasil Kinerja"]
    assert fake.titles(KEY) == ["Pegawai", "Tanggapan Formulir 1", "Hasil Kinerja"]
    with pytest.raises(APIError, match="No sheet with id: 12345"):
        sh.batch_update({"requests": [{"deleteSheet": {"sheetId": 12345}}]})


def test_add_worksheet_through_gspread(fake, sh):
    ws = sh.add_worksheet("Hasil Kinerja 2026", rows=20, cols=11)
    assert (ws.row_count, ws.col_count) == (20, 11)
    assert fake.tab(KEY, "Hasil Kinerja 2026").sheet_id == ws.id


# ---- counting -----------------------------------------------------------------------------------


def test_counts_reads_writes_log_and_timeouts(fake):
    gc = fake.client()
    gc.set_timeout(7)
    sh = gc.open_by_key(KEY)
    sh.values_batch_get(["Pegawai"])
    sh.values_batch_update({"valueInputOption": "RAW", "data": [{"range": "Pegawai!A1", "values": [["NIP"]]}]})
    sh.batch_update({"requests": [{"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 1}}]})
    assert dict(fake.counts) == {"get": 1, "values.batchGet": 1, "values.batchUpdate": 1, "batchUpdate": 1}
    assert (fake.reads, fake.writes) == (2, 2)
    assert [(kind, status) for kind, _url, status in fake.log] == [
        ("get", 200),
        ("values.batchGet", 200),
        ("values.batchUpdate", 200),
        ("batchUpdate", 200),
    ]
    assert fake.timeouts_seen == [7, 7, 7, 7]
    fake.reset_counts()
    assert fake.reads == 0 and fake.log == []


def test_calls_outside_the_sheets_api_are_refused_and_noticed(fake):
    with pytest.raises(APIError) as caught:
        fake.client().list_spreadsheet_files()
    assert caught.value.code == 404
    assert fake.counts["other"] == 1 and fake.reads == 0
    assert fake.log[0][0] == "other" and "drive" in fake.log[0][1]


def test_invalid_json_is_refused(fake):
    session = fake.session()
    answer = session.post(
        f"https://sheets.googleapis.com/v4/spreadsheets/{KEY}/values:batchUpdate",
        data='{"valueInputOption": "RAW", "data": [{"range": "Pegawai!A1", "values": [[NaN]]}]}',
    )
    assert answer.status_code == 400 and "Invalid JSON payload" in answer.json()["error"]["message"]


# ---- faults -------------------------------------------------------------------------------------


def test_429_is_a_quota_error_and_changes_nothing(fake, sh):
    fake.fail_next(status=429, kind="values.batchUpdate")
    body = {"valueInputOption": "RAW", "data": [{"range": "Pegawai!A1", "values": [["diganti"]]}]}
    assert sh.values_batch_get(["Pegawai!A1"])["valueRanges"][0]["values"] == [["NIP"]]  # reads untouched
    with pytest.raises(APIError) as caught:
        sh.values_batch_update(body)
    assert caught.value.code == 429 and caught.value.response.status_code == 429
    assert caught.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert "'Write requests'" in caught.value.error["message"]
    assert fake.values(KEY, "Pegawai")[0][0] == "NIP"
    sh.values_batch_update(body)  # the next one goes through
    assert fake.values(KEY, "Pegawai")[0][0] == "diganti"
    assert [s for _k, _u, s in fake.log[-2:]] == [429, 200]


@pytest.mark.parametrize("status, api_status", [(500, "INTERNAL"), (503, "UNAVAILABLE"), (504, "DEADLINE_EXCEEDED")])
def test_5xx_answers_json(fake, sh, status, api_status):
    fake.fail_next(status=status)
    with pytest.raises(APIError) as caught:
        sh.values_batch_get(["Pegawai"])
    assert caught.value.code == status and caught.value.error["status"] == api_status
    assert caught.value.response.headers["Content-Type"].startswith("application/json")


def test_502_html_page_defeats_gspread_parsing(fake, sh):
    fake.fail_next(status=502, html=True)
    with pytest.raises(APIError) as caught:
        sh.values_batch_get(["Pegawai"])
    # gspread cannot read the HTML body: its code is -1, only the HTTP status says 502
    assert caught.value.code == -1 and caught.value.response.status_code == 502
    assert caught.value.response.headers["Content-Type"].startswith("text/html")
    assert "Error 502 (Server Error)" in caught.value.response.text


def test_timeout_and_reset_raise_requests_exceptions_and_change_nothing(fake, sh):
    body = {"valueInputOption": "RAW", "data": [{"range": "Pegawai!A1", "values": [["diganti"]]}]}
    fake.timeout_next(kind="values.batchUpdate")
    fake.reset_next(kind="values.batchUpdate")
    with pytest.raises(requests.exceptions.ReadTimeout):
        sh.values_batch_update(body)
    with pytest.raises(requests.exceptions.ConnectionError) as caught:
        sh.values_batch_update(body)
    assert not isinstance(caught.value, requests.exceptions.Timeout)
    assert fake.values(KEY, "Pegawai")[0][0] == "NIP"
    assert [s for _k, _u, s in fake.log[-2:]] == ["timeout", "reset"]
    assert fake.counts["values.batchUpdate"] == 2  # a failed request still went out


def test_faults_are_consumed_in_order_and_can_target_one_spreadsheet(fake, sh):
    fake.add_spreadsheet("key-pupr", {"Pegawai": [["NIP"]]})
    other = fake.client().open_by_key("key-pupr")
    fake.fail_next(n=2, status=503, key=KEY)
    fake.fail_next(status=500)
    with pytest.raises(APIError) as caught:
        other.values_batch_get(["Pegawai"])
    assert caught.value.code == 500
    statuses = []
    for _ in range(4):
        try:
            sh.values_batch_get(["Pegawai"])
            statuses.append(200)
        except APIError as error:
            statuses.append(error.code)
    # key-pupr's request took the "any spreadsheet" 500; key-dinkes got its two 503s, then success
    assert statuses == [503, 503, 200, 200]


def test_a_write_that_fails_partway(fake, sh):
    fake.fail_partway_next_write()
    with pytest.raises(APIError) as caught:
        sh.values_batch_update(
            {
                "valueInputOption": "RAW",
                "data": [
                    {"range": "'Hasil Kinerja'!A1", "values": [["baru"]]},
                    {"range": "'Rekap''s Kota'!A1", "values": [["baru"]]},
                ],
            }
        )
    assert caught.value.code == 500
    assert fake.values(KEY, "Hasil Kinerja") == [["baru"]]  # the first range landed
    assert fake.values(KEY, "Rekap's Kota")[0][0] == "Unit"  # the second did not


def test_random_faults_are_reproducible_and_cleared(fake):
    def run() -> list:
        local = FakeSheets()
        local.add_spreadsheet(KEY, {"Pegawai": [["NIP"]]})
        local.random_faults(rate_429=0.3, rate_5xx=0.05, seed=4)
        session = local.session()
        url = f"https://sheets.googleapis.com/v4/spreadsheets/{KEY}/values:batchGet?ranges=Pegawai"
        statuses = [session.get(url).status_code for _ in range(100)]
        local.clear_faults()
        statuses.append(session.get(url).status_code)
        return statuses

    first = run()
    assert first == run()
    assert 15 <= first[:100].count(429) <= 45
    assert any(s >= 500 for s in first) and first[-1] == 200


def test_random_timeouts_and_resets(fake):
    fake.random_faults(rate_429=0, rate_5xx=0, rate_timeout=0.5, rate_reset=0.5, seed=2)
    session = fake.session()
    raised = set()
    for _ in range(10):
        with pytest.raises(requests.exceptions.RequestException) as caught:
            session.get(f"https://sheets.googleapis.com/v4/spreadsheets/{KEY}")
        raised.add(type(caught.value))
    assert raised == {requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError}


def test_fake_session_works_with_plain_json(fake):
    # the backend may talk to the session without gspread: the answers are plain JSON
    answer = fake.session().get(
        f"https://sheets.googleapis.com/v4/spreadsheets/{KEY}/values/Pegawai!A1:B2",
        params={"valueRenderOption": "UNFORMATTED_VALUE"},
    )
    assert answer.status_code == 200
    assert json.loads(answer.content) == {
        "range": "Pegawai!A1:B2",
        "majorDimension": "ROWS",
        "values": [["NIP", "Nama"], [NIP, "Rina"]],
    }


def test_add_spreadsheet_refuses_data_bigger_than_its_grid():
    fake = FakeSheets()
    with pytest.raises(ValueError):
        fake.add_spreadsheet("k", {"T": [["a"]] * 3}, grid={"T": (2, 2)})
    fake.add_spreadsheet("k2", {"T": [[date(2026, 1, 1) + timedelta(days=i)] for i in range(3)]})
    assert fake.values("k2", "T") == [[46023], [46024], [46025]]
