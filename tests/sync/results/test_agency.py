"""sync/results/agency.py: one agency scored, with the IKM chosen by the employee's unit."""

import datetime as dt

import pandas as pd
import pytest

from config.contract import LAPORAN, PEGAWAI
from config.settings import parse_settings
from sync.results.agency import score_agency
from sync.sources.backend import RawTab
from sync.validate.agency import validate_agency
from sync.validate.rows import ValidationOptions
from sync.validate.units import build_unit_index

A, B = "198503152010121001", "199001012015032002"


@pytest.fixture
def settings(tmp_path):
    return parse_settings(
        {
            "source": {"kind": "local", "folder": "data"},
            "city": {"spreadsheet": "kota"},
            "agencies": [{"code": "DINKES", "name": "Dinas Kesehatan", "spreadsheet": "dinkes"}],
            "store": {"path": "k.sqlite"},
        },
        tmp_path / "k.toml",
    )


def ikm_frame(keys: dict, ikm: float, respondents: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **{k: [v] for k, v in keys.items()},
            "period": ["2026-10"],
            "respondents": [respondents],
            "ikm": [ikm],
            "sufficient": [respondents >= 20],
        }
    )


def test_staff_without_a_unit_take_the_agency_pool_and_unit_staff_their_unit(settings):
    tabs = {
        PEGAWAI.name: RawTab.from_rows(
            PEGAWAI.name,
            [
                ["NIP", "Nama", "Unit Kerja", "Layanan Publik"],
                [A, "Rina", "", "Ya"],
                [B, "Budi", "Puskesmas KTK", "Ya"],
            ],
        ),
        LAPORAN.name: RawTab.from_rows(
            LAPORAN.name,
            [
                ["Periode", "NIP", "Indikator", "Target", "Realisasi"],
                ["2026-10", A, "Kunjungan", 100, 100],
                ["2026-10", B, "Kunjungan", 100, 100],
            ],
        ),
    }
    data = validate_agency("DINKES", tabs, ValidationOptions(today=dt.date(2026, 11, 28)))
    units = build_unit_index([("DINKES", "Dinas Kesehatan")], data.employees, {})
    city = {
        # Responses that named the agency itself (few) must not stand in for the agency pool.
        "unit_ikm": pd.concat(
            [
                ikm_frame({"unit_id": "opd:DINKES"}, 60.0, 25),
                ikm_frame({"unit_id": "unit:DINKES:puskesmasktk"}, 90.0, 30),
            ]
        ),
        "agency_ikm": ikm_frame({"agency": "DINKES"}, 80.0, 55),
        "ikm": pd.concat(
            [
                ikm_frame({"unit_id": "opd:DINKES", "agency": "DINKES"}, 80.0, 55),
                ikm_frame({"unit_id": "unit:DINKES:puskesmasktk", "agency": "DINKES"}, 90.0, 30),
            ]
        ),
        "complaint_categories": pd.DataFrame(columns=["unit_id", "agency", "period", "category", "count"]),
    }
    scored = score_agency(data, units, city, settings)
    results = scored["results"].set_index("nip")
    assert results.loc[A, "ikm"] == 80.0 and results.loc[A, "ikm_source"] == "opd"
    assert results.loc[B, "ikm"] == 90.0 and results.loc[B, "ikm_source"] == "unit"
    assert (results["rules_id"] == settings.rules_id).all() and (results["agency"] == "DINKES").all()
    summary = scored["agency_summary"]
    assert summary[["agency", "period", "reported"]].values.tolist() == [["DINKES", "2026-10", 2]]
    assert list(scored["indicators"]["capaian"]) == [100.0, 100.0]
    # Issue 3's outputs ride along: feedback, trends, completeness, quarter and year rows.
    assert results["catatan"].str.len().gt(40).all() and "attention" in results
    assert summary["complete"].tolist() == [0]  # nobody has a supervisor rating or attendance yet
    assert sorted(scored["results_periodic"]["period"].unique()) == ["2026", "2026-Q4"]
    assert (scored["results_periodic"]["rules_name"] == settings.rules_name).all()
