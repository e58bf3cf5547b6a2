"""The city headline's pure parts (web/city.py): pooled IKM against raw responses, movers."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from config.contract import SKM_KEYS
from scoring.ikm import ikm_table
from scoring.params import ScoringParams
from web.city import NRR_COLUMNS, city_periods, movers, pool_ikm
from web.model import ikm_cells


def _responses(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = {"DINKES": 37, "DPMPTSP": 11, "KECLS": 4}
    frames = []
    for code, n in sizes.items():
        answers = rng.integers(1, 5, size=(n, 9))
        frames.append(pd.DataFrame(answers, columns=list(SKM_KEYS)).assign(agency=code, period="2026-10"))
    out = pd.concat(frames, ignore_index=True)
    out.loc[3, "u4"] = 7  # an invalid response counts nowhere
    return out


def test_the_pooled_city_ikm_is_the_ikm_of_all_responses():
    params = ScoringParams()
    responses = _responses()
    per_agency = ikm_table(responses, ["agency", "period"], params)
    city = ikm_table(responses.assign(city="kota"), ["city", "period"], params).iloc[0]
    n, nrr, ikm = pool_ikm(per_agency["respondents"], per_agency[list(NRR_COLUMNS)].to_numpy())
    assert n == city["respondents"] == 51
    assert nrr == pytest.approx(tuple(city[list(NRR_COLUMNS)]), abs=1e-12)
    assert ikm == pytest.approx(city["ikm"], abs=1e-12)
    # not the mean of the agencies' IKMs
    assert abs(ikm - per_agency["ikm"].mean()) > 0.1


def test_pool_example_and_no_responses():
    assert pool_ikm([30, 10], np.array([[4.0] * 9, [1.0] * 9]))[2] == pytest.approx(81.25)
    assert pool_ikm([0], np.array([[np.nan] * 9])) == (0, (None,) * 9, None)


def test_city_periods_from_the_store_rows():
    params = ScoringParams()
    responses = _responses()
    table = ikm_table(responses, ["agency", "period"], params)
    store_rows = table.assign(
        unit_id="opd:" + table["agency"],
        level="opd",
        unit_name=table["agency"],
        sufficient=table["sufficient"].astype(int),
    )
    unit = store_rows.iloc[[0]].assign(unit_id="unit:DINKES:a", level="unit", respondents=20)
    cells = ikm_cells(pd.concat([store_rows, unit], ignore_index=True), pd.DataFrame(), 20)
    complaints = pd.DataFrame(
        {"agency": ["DINKES", "KECLS"], "period": ["2026-10"] * 2, "received": [8, 4], "resolved_in_limit": [6, 1]}
    )
    city = city_periods(cells, complaints)["2026-10"]
    expected = ikm_table(responses.assign(c=1), ["c"], params).iloc[0]
    assert city.respondents == 51 and city.ikm == pytest.approx(expected["ikm"])
    assert city.mutu == expected["mutu"]
    # one named service unit (DINKES's); the agencies answered for as a whole are OPDs, not units
    assert (city.agencies_surveyed, city.services) == (3, 1)
    assert (city.complaints_received, city.complaints_in_limit) == (12, 7)


def test_a_period_with_complaints_but_no_survey_response_has_city_figures():
    """Complaints of a month nobody answered the SKM in are still counted (the headline said
    'tidak ada pengaduan masuk' beside a table listing them)."""
    params = ScoringParams()
    table = ikm_table(_responses(), ["agency", "period"], params)
    store_rows = table.assign(
        unit_id="opd:" + table["agency"],
        level="opd",
        unit_name=table["agency"],
        sufficient=table["sufficient"].astype(int),
    )
    complaints = pd.DataFrame(
        {"agency": ["DINKES", "KECLS"], "period": ["2026-11"] * 2, "received": [3, 2], "resolved_in_limit": [2, 2]}
    )
    for cells in (ikm_cells(store_rows, pd.DataFrame(), 20), ikm_cells(pd.DataFrame(), pd.DataFrame(), 20)):
        city = city_periods(cells, complaints)["2026-11"]
        assert (city.complaints_received, city.complaints_in_limit) == (5, 4)
        assert (city.respondents, city.ikm, city.agencies_surveyed, city.services) == (0, None, 0, 0)


def test_movers_only_from_published_changes():
    rows = [
        SimpleNamespace(code=c, name=c, ikm_change=v)
        for c, v in (("A", 3.0), ("B", None), ("C", -4.2), ("D", 0.001), ("E", 5.5), ("F", -1.0))
    ]
    rose, fell = movers(rows, "ikm_change", 3)
    assert [m.code for m in rose] == ["E", "A"]
    assert [m.code for m in fell] == ["C", "F"]
