"""Catatan Penilaian figures from a results store (issue 11, item 1): prints one JSON line.

- decided_named: Kurang/Misconduct and Sangat Kurang notes that name each Di Bawah Ekspektasi
  rating with its number (the NPK / NHK as displayed, or the discipline gate's days).
- generic_share: notes whose suggestion sentence is the generic `general` phrase alone.
- max_same_suggestion_months: the most months one employee gets the identical suggestion sentence.

Usage: python main.py demo --no-serve --folder /tmp/fb-demo
       python bench/feedback_figures.py /tmp/fb-demo/var/kinerja.sqlite
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.feedback import FeedbackSettings  # noqa: E402
from scoring.indonesian import decimal_texts  # noqa: E402
from scoring.vocabulary import DI_BAWAH as BELOW, KURANG, SANGAT_KURANG  # noqa: E402


def shown(x: float) -> str:
    """As the notes show it: '85,00'."""
    return decimal_texts([x], missing=None)[0]


def names_rating(row) -> bool:
    """Each Di Bawah rating is named in the first sentence (or, for the gate, in the gate's own
    sentence) and its score appears as displayed."""
    catatan = row["catatan"] or ""
    first = catatan.split(". ", 1)[0]
    ok = True
    if row["rating_pk"] == BELOW:
        gated = "Rating Perilaku menjadi Di Bawah Ekspektasi" in catatan
        by_score = "Rating Perilaku" in first and BELOW in first and shown(row["npk"]) in catatan
        ok &= gated or by_score
    if row["rating_hk"] == BELOW:
        ok &= "Rating Hasil Kerja" in first and BELOW in first and shown(row["nhk"]) in catatan
    return ok


def suggestion(catatan: str) -> str:
    at = catatan.find("Saran pengembangan:")
    return catatan[at:] if at >= 0 else ""


def main(store: str) -> None:
    conn = sqlite3.connect(store)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT period, nip, predikat, rating_hk, rating_pk, nhk, npk, catatan FROM results").fetchall()
    general = f"Saran pengembangan: {FeedbackSettings().general}."
    decided = [r for r in rows if r["predikat"] in (KURANG, SANGAT_KURANG)]
    notes = [r for r in rows if r["catatan"]]
    per_employee: dict[tuple[str, str], int] = {}
    for r in notes:
        key = (r["nip"], suggestion(r["catatan"]))
        if key[1]:
            per_employee[key] = per_employee.get(key, 0) + 1
    worst = max(per_employee.items(), key=lambda item: item[1])
    generic = sum(suggestion(r["catatan"]) == general for r in notes)
    print(
        json.dumps(
            {
                "notes": len(notes),
                "kurang_or_sangat_kurang": len(decided),
                "decided_named": sum(names_rating(r) for r in decided),
                "decided_mention_below_anywhere": sum(BELOW in (r["catatan"] or "") for r in decided),
                "decided_komponen_terkuat": sum("komponen terkuat" in (r["catatan"] or "") for r in decided),
                "decided_naik": sum(" naik " in (r["catatan"] or "") for r in decided),
                "generic": generic,
                "generic_share": round(generic / len(notes), 3),
                "distinct_suggestions": len({s for _, s in per_employee}),
                "max_same_suggestion_months": worst[1],
                "max_same_suggestion": worst[0][1][:120],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
