"""Every change between cycles to a result or to the input rows behind it is appended to the
history, never rewritten (issue 14, item 4); an unchanged cycle adds nothing."""

from __future__ import annotations

from tests.sync.validate.test_rater import E, S, city, rating, sync, write_agency  # noqa: F401  (city: a fixture)


def test_an_edited_realisation_is_appended_to_the_history(city):  # noqa: F811
    settings, store = city
    book = settings.source.folder / "dukcapil.xlsx"
    write_agency(book, S, [rating("2026-10", E, 4, "Bagus", S)], months=("2026-10",), actual=10)
    sync(settings, store)
    assert store.read("history").empty  # the first cycle records the state, no change yet

    write_agency(book, S, [rating("2026-10", E, 4, "Bagus", S)], months=("2026-10",), actual=13)
    sync(settings, store)
    history = store.reader.history(E)
    actual = history[(history["what"] == "indikator") & (history["field"] == "actual")]
    assert actual[["period", "item", "old", "new", "after_rating"]].values.tolist() == [
        ["2026-10", "Layanan", "10", "13", 1]
    ]
    nhk = history[(history["what"] == "hasil") & (history["field"] == "nhk")]
    assert nhk[["old", "new"]].values.tolist() == [["100", "120"]]  # capaian capped at 120
    assert history["run_id"].nunique() == 1 and history["changed_at"].notna().all()
    before = store.read("history")

    sync(settings, store)  # nothing changed: nothing appended
    assert store.read("history").equals(before)

    write_agency(book, S, [rating("2026-10", E, 3, "Revisi", S)], months=("2026-10",), actual=13)
    sync(settings, store)
    after = store.read("history")
    assert after.iloc[: len(before)].equals(before)  # appended, never rewritten
    rated = after.iloc[len(before) :]
    assert {"feedback", "service"} <= set(rated.loc[rated["what"] == "penilaian", "field"])


def test_the_hr_employee_page_shows_the_history_lines(city):  # noqa: F811
    from scoring.indonesian import long_date
    from sync.store.accounts import city_moment
    from tests.hr_helpers import hr_app, login, text_of

    settings, store = city
    book = settings.source.folder / "dukcapil.xlsx"
    write_agency(book, S, [rating("2026-10", E, 4, "Bagus", S)], months=("2026-10",), actual=10)
    sync(settings, store)
    client = hr_app(store).test_client()
    login(client)
    assert "Riwayat perubahan" not in text_of(client.get(f"/hr/pegawai/{E}").get_data(as_text=True))
    write_agency(book, S, [rating("2026-10", E, 4, "Bagus", S)], months=("2026-10",), actual=12.5)
    sync(settings, store)
    text = text_of(client.get(f"/hr/pegawai/{E}").get_data(as_text=True))
    assert "Riwayat perubahan" in text
    # The day in WIB: a sync at 22.35 UTC on 4 December changed it on 5 December in Kota Solok.
    day = long_date(city_moment(store.read("history")["changed_at"].iloc[0]))
    assert (
        f"Oktober 2026: Realisasi indikator Layanan diubah dari 10 menjadi 12,5 pada {day}, setelah penilaian atasan."
    ) in text


def test_state_payloads_are_the_json_of_each_rows_tracked_values():
    """The payloads built column by column are exactly json.dumps of each row's values as JSON
    keeps them (numbers rounded to 4 decimals, NaN as null, -0.0 kept, text as is), and a second
    cycle compares against them field by field."""
    import json

    import numpy as np
    import pandas as pd

    from sync.results import history

    results = pd.DataFrame(
        {
            "period": ["2026-09", "2026-10", "2026-10", "2026-10"],
            "nip": ["1", "1", "2", "3"],
            "nhk": [87.123456, -0.0, 0.0, np.nan],
            "npk": [100, 100, 7, 8],
            "na": [np.inf, 1e-05, 0.00005, 2.5],
            "rating_hk": ["Di Atas", None, "Sesuai – ü", 0.0],
            "rating_pk": [True, False, True, True],
        }
    )
    _history, state, _gone = history.diff("A", {"hasil": results}, pd.DataFrame(), "t", 1)
    fields = [f for f in history.TRACKED["hasil"][1] if f in results]
    expected = {
        (r["period"], r["nip"]): json.dumps({f: history._value(r[f]) for f in fields}, ensure_ascii=False)
        for r in results.to_dict("records")
    }
    assert dict(zip(zip(state["period"], state["nip"]), state["payload"])) == expected
    assert '"nhk": -0.0' in expected[("2026-10", "1")] and '"nhk": 0.0' in expected[("2026-10", "2")]

    changed = results.assign(na=[np.inf, 1e-05, 0.00005, 3.0])
    rows, _state, _gone = history.diff("A", {"hasil": changed}, state, "t2", 2)
    assert rows[["nip", "field", "old", "new"]].values.tolist() == [["3", "na", "2.5", "3"]]
