"""sync.locks' pure functions over frames, and its loader over a real store."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sync import locks as locking
from sync.results.tabs import penetapan_text
from sync.store import ResultsStore, acts, closures
from sync.store.closures import Closure


def _closed(*periods: str) -> dict:
    return {p: Closure(p, closures.CLOSE, "2026-11-05T10:00:00+07:00", "bkpsdm", "final") for p in periods}


def computed() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agency": ["A", "A", "B"],
            "period": ["2026-09", "2026-10", "2026-10"],
            "nip": ["1", "1", "2"],
            "na": [100.0, 110.0, 90.0],
            "indicators": np.array([2, 3, 1], dtype="int64"),
            "has_rating": [True, True, False],
            "active": [True, True, True],  # not stored: carried over from the computed row
        }
    )


def test_freeze_replaces_only_the_closed_rows_of_that_agency_with_the_computed_dtypes():
    stored = pd.DataFrame(
        [
            {"agency": "A", "period": "2026-10", "nip": "1", "na": 105.5, "indicators": 2, "has_rating": 1},
            {"agency": "B", "period": "2026-10", "nip": "2", "na": 80.0, "indicators": 1, "has_rating": 0},
        ]
    )
    locks = locking.Locks(closed=_closed("2026-10"), frozen={"results": stored})
    out = locking.freeze(computed()[computed()["agency"] == "A"], "results", locks, "A", ("period", "nip"))
    assert out[["period", "nip", "na"]].values.tolist() == [["2026-09", "1", 100.0], ["2026-10", "1", 105.5]]
    assert out["indicators"].dtype == np.int64 and out["has_rating"].dtype == bool
    assert out["active"].tolist() == [True, True]
    # Every agency at once (derive's quarter pass): each agency's own frozen rows.
    both = locking.freeze(computed(), "results", locks, ["A", "B"], ("agency", "period", "nip"))
    assert sorted(both.loc[both["period"] == "2026-10", "na"]) == [80.0, 105.5]
    assert locking.freeze(computed(), "results", locking.Locks()).equals(computed())


def test_a_closed_month_without_frozen_rows_loses_the_computed_ones():
    locks = locking.Locks(closed=_closed("2026-10"), frozen={})
    out = locking.freeze(computed(), "results", locks, "A")
    assert out["period"].tolist() == ["2026-09"]


def test_an_objection_replaces_ratings_and_the_matrix_gives_the_predikat():
    results = pd.DataFrame(
        {
            "agency": ["A", "A"],
            "period": ["2026-10", "2026-10"],
            "nip": ["1", "2"],
            "rating_hk": ["Sesuai Ekspektasi"] * 2,
            "rating_pk": ["Sesuai Ekspektasi"] * 2,
            "predikat": ["Baik"] * 2,
        }
    )
    upheld = pd.DataFrame(
        [
            {
                "agency": "A",
                "nip": "1",
                "period": "2026-10",
                "decided_at": "2026-11-20T09:00:00+07:00",
                "rating_hk": "Di Atas Ekspektasi",
                "rating_pk": "Di Atas Ekspektasi",
                "predikat": None,
            },
            {  # a quarter's objection never touches a month's row
                "agency": "A",
                "nip": "2",
                "period": "2026-Q4",
                "decided_at": "2026-11-20",
                "rating_hk": None,
                "rating_pk": None,
                "predikat": "Kurang",
            },
        ]
    )
    out = locking.apply_objections(results, locking.Locks(upheld=upheld), "A")
    assert out[["predikat", "decision"]].values.tolist() == [
        ["Sangat Baik", "keberatan diterima 2026-11-20"],
        ["Baik", None],
    ]
    assert results["predikat"].tolist() == ["Baik", "Baik"]  # the input frame is left as it was


def test_penetapan_texts():
    assert penetapan_text("ditetapkan 2026-11-05") == "Ditetapkan 5 November 2026"
    assert penetapan_text("dikembalikan 2026-11-06") == "Dikembalikan 6 November 2026"
    assert penetapan_text("keberatan diterima 2026-11-20") == "Diubah melalui keberatan 20 November 2026"
    assert penetapan_text("keberatan diterima 2026-11-20", restricted=True) == "Ditetapkan"
    assert penetapan_text(None) == penetapan_text(np.nan) == penetapan_text("") == ""


def test_load_reads_each_closed_months_rows_once(tmp_path):
    store = ResultsStore(tmp_path / "kinerja.sqlite")
    store.ensure_schema()
    row = pd.DataFrame([{"agency": "A", "period": "2026-10", "nip": "1", "na": 1.5}])
    store.replace_scope("A", {"results": row})
    assert locking.load(store).none
    closures.close(store, "2026-10", "x", "bulan")
    closures.close(store, "2026", "x", "tahun")
    locks = locking.load(store)
    assert len(locks.frozen["results"]) == 1 and locks.closed["2026-10"].period in ("2026-10", "2026")
    assert set(locks.closed) >= {"2026", "2026-Q4", "2026-10", "2026-01"}
    with acts.writing(store) as conn:
        conn.execute("INSERT INTO objections (agency, nip, period, state) VALUES ('A', '1', '2026-10', 'diajukan')")
    assert locking.load(store).upheld.empty  # an open objection changes nothing


def test_recount_counts_the_decided_predikat_and_keeps_the_decline_of_then():
    from scoring import agency_summary
    from scoring.params import ScoringParams
    from scoring.trends import agency_trends

    params = ScoringParams()
    months = ["2026-07", "2026-08", "2026-09", "2026-10"]
    # Average NA falls four months running; in October 2 of 4 are Butuh Perbaikan (50% > 20%).
    rows = [
        {"agency": "A", "period": m, "nip": str(n), "na": 100.0 - k - n, "nhk": 100.0, "npk": 100.0}
        for k, m in enumerate(months)
        for n in range(4)
    ]
    results = pd.DataFrame(rows).assign(
        indicators=1, has_rating=True, has_attendance=True, active=True, predikat="Baik"
    )
    weak = (results["period"] == "2026-10") & results["nip"].isin(["0", "1"])
    results.loc[weak, "predikat"] = "Butuh Perbaikan"
    frozen = agency_trends(agency_summary(results), params)
    october = frozen[frozen["period"] == "2026-10"].iloc[0]
    assert october["attention"] and "turun 3 bulan" in october["attention_reason"]
    assert "2 dari 4 pegawai (50,00%) berpredikat" in october["attention_reason"]

    decided = results.copy()
    decided.loc[weak & (decided["nip"] == "0"), "predikat"] = "Baik"  # 1 of 4: 25%, still above
    decided.loc[weak & (decided["nip"] == "1"), "predikat"] = "Sangat Baik"  # 0 of 4
    out = locking.recount(frozen, decided, ["2026-10"], params)
    row = out[out["period"] == "2026-10"].iloc[0]
    assert (row["n_baik"], row["n_sangat_baik"], row["n_butuh_perbaikan"], row["scored"]) == (3, 1, 0, 4)
    assert row["attention"] and row["attention_reason"] == october["attention_reason"].split("; ")[0]
    assert row.drop(["n_baik", "n_sangat_baik", "n_butuh_perbaikan", "attention_reason"]).equals(
        october.drop(["n_baik", "n_sangat_baik", "n_butuh_perbaikan", "attention_reason"])
    )
    pd.testing.assert_frame_equal(out[out["period"] != "2026-10"], frozen[frozen["period"] != "2026-10"])
    assert locking.recount(frozen, decided, [], params) is frozen
    # Without the decline, the share was the only reason: the decided predikat lifts the flag.
    alone = agency_trends(agency_summary(results[results["period"] == "2026-10"]), params)
    assert alone["attention"].iloc[0]
    lifted = locking.recount(alone, decided, ["2026-10"], params).iloc[0]
    assert (bool(lifted["attention"]), lifted["attention_reason"]) == (False, "")
