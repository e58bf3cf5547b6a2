"""sync/results/city.py: IKM per unit and agency from validated responses, and the stored fallback."""

import numpy as np
import pandas as pd

from scoring.params import ScoringParams
from sync.results.city import city_tables, stored_city_tables
from config.contract import CITY_SCOPE
from sync.store import ResultsStore
from sync.validate.rows import CityInput

NAMES = {"opd:DINKES": ("DINKES", "Dinas Kesehatan"), "unit:DINKES:puskesmasktk": ("DINKES", "Puskesmas KTK")}


def responses(n_unit: int, n_agency: int) -> pd.DataFrame:
    rows = [("unit:DINKES:puskesmasktk", 4)] * n_unit + [("opd:DINKES", 3)] * n_agency
    frame = pd.DataFrame({"unit_id": [u for u, _ in rows], "agency": "DINKES", "period": "2026-10",
                          "complaint": "", "complaint_category": "", "row": np.arange(2, 2 + len(rows))})
    return frame.assign(**{f"u{j}": [a for _, a in rows] for j in range(1, 10)})


def complaints() -> pd.DataFrame:
    return pd.DataFrame({"unit_id": ["unit:DINKES:puskesmasktk"], "agency": ["DINKES"], "period": ["2026-10"],
                         "number": ["1"], "category": ["Waktu"], "received": pd.to_datetime(["2026-10-02"]),
                         "resolved": pd.to_datetime(["2026-10-06"]), "status": ["Selesai"], "row": [2]})


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
