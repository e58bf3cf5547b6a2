"""The history state's text per employee-month (sync.store.state): built column by column, it is
the text the per-month encoder gives, and it reads back as the items."""

import pandas as pd

from sync.store import state

ROWS = [
    ("A", "hasil", "2026-01", "1", "", "11", '{"nhk": 101.5, "predikat": "Baik"}'),
    ("A", "indikator", "2026-01", "1", 'Laporan "bulanan" \\ arsip', "12", '{"target": 6.0}'),
    ("A", "indikator", "2026-02", "2", "Pelayanan ☺ café\nbaris", "13", None),
    ("A", "penilaian", "2026-01", "1", "", "14", '{"feedback": "Tingkatkan\\u001f \\"keramahan\\""}'),
    ("A", "presensi", "2026-02", "2", "", "15", '{"present": 20}'),
    ("A", "hasil", "2026-01", "3", "", "16", '{"na": null}'),
]


def _frame(rows):
    return pd.DataFrame(rows, columns=list(state.ITEM_COLUMNS))


def _per_month(frame):
    return [(period, nip, state.encode(items.values())) for (period, nip), items in state.by_month(frame).items()]


def test_the_texts_built_column_by_column_are_the_per_month_ones():
    frame = _frame(ROWS)
    assert list(state.encoded(frame)) == _per_month(frame)
    assert [period for period, _nip, _text in state.encoded(frame)] == ["2026-01", "2026-02", "2026-01"]


def test_a_key_given_twice_keeps_the_last_value_in_the_first_place():
    frame = _frame([*ROWS, ("A", "hasil", "2026-01", "1", "", "99", '{"nhk": 90.0}')])
    texts = list(state.encoded(frame))
    assert texts == _per_month(frame)
    first = state.decode(texts[0][2])
    assert first[0] == ("hasil", "", "99", '{"nhk": 90.0}') and len(first) == 3


def test_the_texts_read_back_as_the_items():
    frame = _frame(ROWS)
    back = pd.DataFrame(
        [
            ("A", what, period, nip, item, digest, payload)
            for period, nip, text in state.encoded(frame)
            for what, item, digest, payload in state.decode(text)
        ],
        columns=list(state.ITEM_COLUMNS),
    )
    key = ["what", "period", "nip", "item"]
    pd.testing.assert_frame_equal(
        back.sort_values(key).reset_index(drop=True), frame.sort_values(key).reset_index(drop=True)
    )
    assert state.decode("") == [] and state.decode("[not json") == [] and state.decode('{"a": 1}') == []


def test_many_months_in_mixed_order_keep_their_items_in_row_order():
    rows = [
        ("A", "indikator", f"2026-{1 + (n * 7) % 12:02d}", str(n % 97), f"butir {n}", str(n), f'{{"n": {n}}}')
        for n in range(3000)
    ]
    frame = _frame(rows)
    assert list(state.encoded(frame)) == _per_month(frame)


def test_a_month_held_both_ways_keeps_the_item_rows_over_the_text():
    """Item rows (written by an older version after this one) stand over the month's text."""
    text = state.encode([("hasil", "", "11", '{"na": 1}'), ("indikator", "SPJ", "12", None)])
    months = state.merged(
        [("A", "2026-01", "1", text), ("A", "2026-02", "1", None)],
        [
            ("A", "indikator", "2026-01", "1", "SPJ", "99", '{"target": 2}'),
            ("A", None, "2026-03", "1", None, None, None),
        ],
    )
    assert months == {
        ("A", "2026-01", "1"): {
            ("hasil", ""): ("hasil", "", "11", '{"na": 1}'),
            ("indikator", "SPJ"): ("indikator", "SPJ", "99", '{"target": 2}'),
        }
    }
    assert state.decode(float("nan")) == []  # a missing text as a frame of an older file gives it


def test_a_first_state_holds_the_encoded_months_and_gives_the_items_back():
    frame = _frame(ROWS)
    first = state.FirstState.of("A", frame)
    assert list(first.months) == _per_month(frame)
    assert not first.empty and state.FirstState.of("A", frame.iloc[:0]).empty
    back = first.items()
    assert sorted(back.itertuples(index=False, name=None), key=repr) == sorted(ROWS, key=repr)
