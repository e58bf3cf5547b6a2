"""sync/sources/google/meta.py: parsing spreadsheets.get answers (metadata, and rows 1-2 for init)."""

from __future__ import annotations

from sync.sources.google.meta import TabInfo, first_rows, first_rows_params, spreadsheet_info

REPLY = {
    "properties": {"title": "Dinkes", "timeZone": "Asia/Jakarta"},
    "sheets": [
        {"properties": {"sheetId": 0, "title": "Pegawai", "gridProperties": {"rowCount": 1000, "columnCount": 26}}},
        {
            "properties": {
                "sheetId": 7,
                "title": "Hasil Kinerja",
                "gridProperties": {"rowCount": 40, "columnCount": 5},
            },
            "protectedRanges": [{"protectedRangeId": 1, "range": {"sheetId": 7}}],
        },
    ],
}


def test_spreadsheet_info_matches_tab_names_case_insensitively():
    info = spreadsheet_info(REPLY, fetched_at=5.0)
    assert info.time_zone == "Asia/Jakarta" and info.fetched_at == 5.0
    assert info.tab("hasil kinerja") == TabInfo(7, "Hasil Kinerja", 40, 5, protected=True)
    assert info.tab("PEGAWAI").protected is False
    assert info.tab("Presensi") is None


def test_new_sheet_ids_never_collide():
    info = spreadsheet_info(REPLY, 0.0)
    ids = info.new_sheet_ids()
    assert [next(ids) for _ in range(7)] == [1, 2, 3, 4, 5, 6, 8]


def test_first_rows_asks_for_two_rows_per_tab_and_reads_them_back():
    params = first_rows_params([TabInfo(0, "Rina's", 10, 3)])
    assert params["ranges"] == ["'Rina''s'!1:2"] and params["includeGridData"] == "true"
    reply = {
        "sheets": [
            {
                "properties": {"sheetId": 0},
                "data": [
                    {
                        "rowData": [
                            {
                                "values": [
                                    {"effectiveValue": {"stringValue": "NIP"}},
                                    {"effectiveValue": {"numberValue": 3}},
                                ]
                            },
                            {
                                "values": [
                                    {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                                    {"dataValidation": {"x": 1}},
                                ]
                            },
                        ]
                    }
                ],
            }
        ]
    }
    header, second = first_rows(reply)[0]
    assert header == ["NIP", 3]
    assert second[1] == {"dataValidation": {"x": 1}}
    assert first_rows({"sheets": [{"properties": {"sheetId": 4}, "data": [{}]}]}) == {4: ([], [])}
