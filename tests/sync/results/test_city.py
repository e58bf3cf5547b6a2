"""sync/results/city.py: IKM per unit and agency from validated responses, and the stored fallback."""

import numpy as np
import pandas as pd

from config.contract import CITY_SCOPE
from scoring.params import ScoringParams
from sync.results.city import city_tables, stored_city_tables
from sync.store import ResultsStore
from sync.validate.rows import CityInput

NAMES = {"opd:DINKES": ("DINKES", "Dinas Kesehatan"), "unit:DINKES:puskesmasktk": ("DINKES", "Puskesmas KTK")}


def responses(n_unit: int, n_agency: int) -> pd.DataFrame:
    rows = [("unit:DINKES:puskesmasktk", 4)] * n_unit + [("opd:DINKES", 3)] * n_agency
    frame = pd.DataFrame(
        {
            "unit_id": [u for u, _ in rows],
            "agency": "DINKES",
            "period": "2026-10",
            "complaint": "",
            "complaint_category": "",
            "row": np.arange(2, 2 + len(rows)),
        }
    )
    return frame.assign(**{f"u{j}": [a for _, a in rows] for j in range(1, 10)})


def complaints() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["unit:DINKES:puskesmasktk"],
            "agency": ["DINKES"],
            "period": ["2026-10"],
            "number": ["1"],
            "category": ["Waktu"],
            "received": pd.to_datetime(["2026-10-02"]),
            "resolved": pd.to_datetime(["2026-10-06"]),
            "status": ["Selesai"],
            "row": [2],
        }
    )


def test_unit_and_pooled_agency_rows(tmp_path):
    city = CityInput(responses=responses(20, 10), complaints=complaints(), issues=pd.DataFrame(), counts=[])
    tables = city_tables(city, NAMES, ScoringParams())
    ikm = tables["ikm"].set_index("unit_id")
    assert ikm.loc["unit:DINKES:puskesmasktk", "ikm"] == 100.0 and ikm.loc["opd:DINKES", "respondents"] == 30
    assert ikm.loc["opd:DINKES", "unit_name"] == "Dinas Kesehatan" and ikm.loc["opd:DINKES", "level"] == "opd"
    assert tables["agency_complaints"]["resolved_in_limit"].tolist() == [1]

    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    store.replace_scope(CITY_SCOPE, {k: tables[k] for k in ("ikm", "complaints", "complaint_categories")})
    again = stored_city_tables(store)
    assert again["agency_ikm"].set_index("agency").loc["DINKES", "ikm"] == ikm.loc["opd:DINKES", "ikm"]
    assert set(again["unit_ikm"]["unit_id"]) == set(ikm.index)


def test_officer_complaints_with_the_holiday_calendar_and_the_stored_fallback(tmp_path):
    """Issue 12 (items 8, 9): the city tables carry each named officer's handling, counted in
    working days that skip the given days off; with the city spreadsheet unreadable, the last
    stored results give them back."""
    import datetime as dt

    officer = "198001012006042001"
    log = pd.DataFrame(
        {
            "unit_id": "unit:DINKES:puskesmasktk",
            "agency": "DINKES",
            "period": "2026-03",
            "number": ["1", "2"],
            "category": "Waktu",
            "received": pd.to_datetime(["2026-03-17", "2026-03-17"]),
            "resolved": pd.to_datetime(["2026-03-25", "2026-03-18"]),
            "status": "Selesai",
            "officer_nip": [officer, ""],
            "row": [2, 3],
        }
    )
    city = CityInput(responses=responses(20, 0), complaints=log, issues=pd.DataFrame(), counts=[])
    days_off = [dt.date(2026, 3, d) for d in (18, 19, 20, 23, 24)]
    plain = city_tables(city, NAMES, ScoringParams(), today=dt.date(2026, 4, 30))
    assert plain["officer_complaints"]["complaints_on_time"].tolist() == [0]  # 6 weekdays
    assert plain["agency_complaints"]["resolved_in_limit"].tolist() == [1]
    tables = city_tables(city, NAMES, ScoringParams(), holidays=days_off, today=dt.date(2026, 4, 30))
    handled = tables["officer_complaints"]
    assert handled[["period", "nip", "complaints_counted", "complaints_on_time"]].values.tolist() == [
        ["2026-03", officer, 1, 1]
    ]
    assert tables["agency_complaints"]["resolved_in_limit"].tolist() == [2]

    store = ResultsStore(tmp_path / "k.sqlite")
    store.ensure_schema()
    stored_row = {
        "agency": "DINKES",
        "period": "2026-03",
        "nip": officer,
        "complaints_counted": 4,
        "complaints_on_time": 3,
        "c_aduan": 93.75,
    }
    store.replace_scope("DINKES", {"results": pd.DataFrame([stored_row])})
    store.replace_scope(CITY_SCOPE, {k: tables[k] for k in ("ikm", "complaints", "complaint_categories")})
    again = stored_city_tables(store)["officer_complaints"]
    assert again[["nip", "complaints_counted", "complaints_on_time", "complaint_share", "c_aduan"]].values.tolist() == [
        [officer, 4, 3, 0.75, 93.75]
    ]
