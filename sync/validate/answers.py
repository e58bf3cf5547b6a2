"""SKM answers as forms write them -> 1..4, and answer columns that use another scale.

The scales are the PermenPANRB 14/2017 Lampiran's questionnaire ("Kuesioner Survei Kepuasan
Masyarakat"), each question with four choices a–d, scored 1–4 ("Nilai Persepsi 1, 2, 3, 4"):

  1. persyaratan   "a. Tidak sesuai  b. Kurang sesuai  c. Sesuai  d. Sangat sesuai"
  2. prosedur      "a. Tidak mudah  b. Kurang mudah  c. Mudah  d. Sangat mudah"
  3. waktu         "a. Tidak cepat  b. Kurang cepat  c. Cepat  d. Sangat cepat"
  4. biaya/tarif   "a. Sangat mahal  b. Cukup mahal  c. Murah  d. Gratis"          (Gratis = 4)
  5. produk        "a. Tidak sesuai  b. Kurang sesuai  c. Sesuai  d. Sangat sesuai"
  6. kompetensi    "a. Tidak kompeten  b. Kurang kompeten  c. Kompeten  d. Sangat kompeten"
  7. perilaku      "a. Tidak sopan dan ramah  b. Kurang sopan dan ramah  c. Sopan dan ramah
                    d. Sangat sopan dan ramah"
  8. pengaduan     "a. Tidak ada  b. Ada tetapi tidak berfungsi  c. Berfungsi kurang maksimal
                    d. Dikelola dengan baik"
  9. sarana        "a. Buruk  b. Cukup  c. Baik  d. Sangat Baik"

(config.contract.SKM_LABELS holds them, 1..4 in order; config may replace or extend them.) A form
writes a choice as its label in any case and punctuation ("SANGAT SESUAI.", "Sopan & ramah"),
with its letter ("d. Sangat sesuai") or its value ("4 - Sangat sesuai", "Sangat sesuai (4)"),
or as the bare value 1–4. A value and a label that disagree ("3. Tidak cepat") are not guessed.

The IKM is defined on that 1–4 scale only. A column answered on a 1–5 (or 0–10, "Sangat puas …
Sangat tidak puas", "Netral") scale is reported with the values found and never squeezed into
1–4: a 4 of five is not a 4 of four.
"""

from __future__ import annotations

import math
import re

from config.contract import SKM_LABELS
from sync.validate.parse import NUM, STR, Problem, cell_kind, parse_number_text, render_cell
from sync.validate.questions import fold

# Generic answers some forms use instead of the element's own labels (1..4).
GENERIC_LABELS = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")

_LETTER = re.compile(r"^\(?([a-d])\s*[.)]\s*(.+)$|^([a-d])\s+(.+)$")
_VALUE_FIRST = re.compile(r"^\(?([0-9]{1,2})\s*\)?\s*[.):=\-–—]?\s*([^\d].*)$")
_VALUE_LAST = re.compile(r"^(.*[^\d\s(])\s*[\(\[:=\-–—]\s*([0-9]{1,2})\s*[\)\]]?$")
# Words of the other scales forms use (Likert 5-point, satisfaction): never one of the 1–4 choices.
_OTHER_SCALE = re.compile(
    r"\b(puas|netral|ragu|setuju)\b|^sangat tidak\b|^cukup (sesuai|mudah|cepat|kompeten|sopan|baik)\b"
)


def answer_key(text: object) -> str:
    """'  Sopan & RAMAH. ' -> 'sopandanramah': blind to case, accents, spaces and punctuation."""
    return fold(str(text or "").replace("&", " dan ")).replace(" ", "")


def labels(key: str, configured: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The element's four labels (1..4): configured, else the Lampiran's."""
    return tuple(configured.get(key) or SKM_LABELS.get(key, ()))


def answer_table(key: str, configured: dict[str, tuple[str, ...]], extra: dict[str, int]) -> dict[str, int]:
    """Answer key -> 1..4 for one element: its own labels win over extra and generic ones."""
    table = {answer_key(label): i for i, label in enumerate(GENERIC_LABELS, start=1)}
    table.update({answer_key(label): int(value) for label, value in extra.items()})
    table.update({answer_key(label): i for i, label in enumerate(labels(key, configured), start=1)})
    return table


def read_answer(cell: object, table: dict[str, int]) -> int | None:
    """1..4 from a cell as forms write it, None when it is not one of the four choices."""
    kind = cell_kind(cell)
    if kind == NUM:
        number = float(cell)
        return int(number) if number in (1, 2, 3, 4) else None
    if kind != STR:
        return None
    text = " ".join(cell.split()).casefold()
    number = parse_number_text(text)
    if not isinstance(number, Problem):
        return int(number) if number in (1, 2, 3, 4) else None
    found = table.get(answer_key(text))
    if found is not None:
        return found
    letter = _LETTER.match(text)
    if letter:  # "d. Sangat sesuai", "b) Kurang cepat": the questionnaire's letter, then the label
        found = table.get(answer_key(letter.group(2) or letter.group(4)))
        if found is not None:
            return found
    for pattern, value_at, label_at in ((_VALUE_FIRST, 1, 2), (_VALUE_LAST, 2, 1)):
        match = pattern.match(text)
        if match:  # "4 - Sangat sesuai", "Sangat sesuai (4)": the value must agree with the label
            found = table.get(answer_key(match.group(label_at)))
            if found is not None and found == int(match.group(value_at)):
                return found
    return None


def other_scale(values: list[object], column: list[object] | None = None) -> list[str] | None:
    """The distinct values of a column (`column`, default `values`) when its unreadable answers
    (`values`, one per row) show another scale: a value 0 or 5–10 in two rows or more, or a word of
    a satisfaction/agreement scale. None otherwise (a stray typo is a row's problem)."""
    out_of_range: dict[str, int] = {}
    words = False
    for value in values:
        kind = cell_kind(value)
        number = float(value) if kind == NUM else None
        if kind == STR:
            parsed = parse_number_text(" ".join(value.split()))
            number = None if isinstance(parsed, Problem) else parsed
            if number is None and _OTHER_SCALE.search(fold(value)):
                words = True
        if number is not None and math.isfinite(number) and number.is_integer() and (number == 0 or 5 <= number <= 10):
            shown = render_cell(value).strip()
            out_of_range[shown] = out_of_range.get(shown, 0) + 1
    if not words and sum(out_of_range.values()) < 2:
        return None
    return sorted({render_cell(v).strip() for v in (values if column is None else column)}, key=_natural)


def _natural(text: str) -> tuple:
    return (0, float(text.replace(",", "."))) if re.fullmatch(r"\d+([.,]\d+)?", text) else (1, text.casefold())
