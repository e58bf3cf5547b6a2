"""Which form column asks which SKM question, and which holds a respondent profile answer.

Agencies' Google Forms copy the PermenPANRB 14/2017 questionnaire (Lampiran, "Kuesioner"), number
it, paraphrase it, reorder it (many published reports put "Sarana dan Prasarana" at U8 and
"Penanganan Pengaduan" at U9) and open with the profile the Lampiran asks for ("PROFIL: Jenis
Kelamin, Usia, Pendidikan, Pekerjaan"). So a question is recognised by what it asks: every header
is scored against the key words of each of the nine elements and goes to its unique best element.
A leading code (`U3.`) only breaks a tie; where the words name another element, the words win and
the validator says so. A number ("3.") is a position in the form, never evidence: a form with four
profile questions first numbers U1 "5.".

Words are compared folded (case, accents, punctuation), by Indonesian stem (ke-…-an, per-…-an,
pe(ng)-…-an, -nya), and with one typo allowed in long words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

from config.contract import SKM_ELEMENTS

# (stem, weight) per element. Weight 2: the element's own word (SKM_ELEMENTS' names and the
# Lampiran's question texts); 1: a word that leans to it but appears in paraphrases of others.
# "petugas"/"pelaksana" is in both U6 and U7 and "pelayanan" in all: they are not key words.
ELEMENT_STEMS: dict[str, tuple[tuple[str, int], ...]] = {
    "u1": (("syarat", 2), ("persyaratan", 2)),
    "u2": (("prosedur", 2), ("mekanisme", 2), ("sistem", 2), ("alur", 1), ("tata cara", 1), ("mudah", 1)),
    "u3": (("waktu", 2), ("cepat", 2), ("lama", 1), ("durasi", 1)),
    "u4": (("biaya", 2), ("tarif", 2), ("ongkos", 1), ("pungut", 1), ("retribusi", 1), ("mahal", 1)),
    "u5": (("produk", 2), ("spesifikasi", 2), ("hasil", 1)),
    "u6": (
        ("kompetensi", 2),
        ("kompeten", 2),
        ("mampu", 2),
        ("keahlian", 1),
        ("ahli", 1),
        ("terampil", 1),
        ("pengetahuan", 1),
        ("profesional", 1),
    ),
    "u7": (("perilaku", 2), ("sopan", 2), ("ramah", 2), ("sikap", 1), ("etika", 1)),
    "u8": (("aduan", 2), ("adu", 2), ("saran", 1), ("masukan", 1), ("keluh", 1), ("penanganan", 1)),
    "u9": (("sarana", 2), ("prasarana", 2), ("fasilitas", 2), ("ruang tunggu", 1), ("gedung", 1)),
}
ELEMENT_KEYS = tuple(ELEMENT_STEMS)
_VOCABULARY = {stem for stems in ELEMENT_STEMS.values() for stem, _ in stems if " " not in stem}

# The respondent profile the Lampiran asks for, by the words of its header.
PROFILE_STEMS: dict[str, tuple[str, ...]] = {
    "gender": ("kelamin", "gender", "jenis kelamin"),
    "age": ("usia", "umur"),
    "education": ("pendidikan",),
    "occupation": ("pekerjaan", "profesi"),
}
PROFILE_KEYS = tuple(PROFILE_STEMS)

_PREFIXES = ("peng", "peny", "pem", "pen", "per", "pe", "ke", "ber", "ter", "me", "di", "pra")
_SUFFIXES = ("", "an", "nya", "annya", "i", "kan", "si", "s")
_CODE = re.compile(r"^\s*[\(\[]?\s*u\s*([1-9])\s*[\)\].:\-]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*[\(\[]?\s*(?:no\.?\s*)?\d{1,2}\s*[\)\].:\-]\s*", re.IGNORECASE)


def fold(text: object) -> str:
    """Lower case, no accents, punctuation as spaces: 'Kesopanan/Keramahan?' -> 'kesopanan keramahan'."""
    raw = unicodedata.normalize("NFKD", str(text or ""))
    raw = "".join(c for c in raw if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", raw).split())


def strip_code(text: object) -> tuple[str | None, str]:
    """('u8', rest) for 'U8. Sarana ...'; (None, rest) with a leading number '3.' dropped."""
    text = str(text or "")
    match = _CODE.match(text)
    if match:
        return f"u{match.group(1)}", text[match.end() :]
    return None, _NUMBER.sub("", text, count=1)


def _forms(token: str) -> set[str]:
    """The token and its stems: 'kesopanan' -> {'kesopanan', 'sopanan', 'sopan', ...}."""
    found = {token}
    for word in list(found):
        for suffix in ("annya", "nya", "an", "kan", "i"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                found.add(word[: -len(suffix)])
    for word in list(found):
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                found.add(word[len(prefix) :])
    return found


def _close(a: str, b: str) -> bool:
    """One edit (insert, delete, substitute, swap) apart, for words of 7 letters or more."""
    if min(len(a), len(b)) < 7 or abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


def _word_matches(stem: str, token: str, token_forms: set[str], typo: bool) -> bool:
    """A token is the stem with an Indonesian suffix (after its prefix), or one typo from it."""
    if any(f == stem + suffix for f in token_forms for suffix in _SUFFIXES):
        return True
    return typo and (_close(token, stem) or any(_close(f, stem) for f in token_forms))


def _known(token_forms: set[str]) -> bool:
    return any(f == stem + suffix for f in token_forms for stem in _VOCABULARY for suffix in _SUFFIXES)


def element_scores(text: object) -> dict[str, int]:
    """Score of a header against each element: per distinct word, the weight of the element's key
    word it is (0 when none); plus the element's phrases ('tata cara') found."""
    folded = fold(strip_code(text)[1])
    tokens = list(dict.fromkeys(folded.split()))
    scores = dict.fromkeys(ELEMENT_STEMS, 0)
    for token in tokens:
        forms = _forms(token)
        # A word that is some element's key word as written is no typo of another's ('saran' is
        # not a misspelt 'sarana').
        typo = not _known(forms)
        for key, stems in ELEMENT_STEMS.items():
            scores[key] += max(
                (w for stem, w in stems if " " not in stem and _word_matches(stem, token, forms, typo)), default=0
            )
    for key, stems in ELEMENT_STEMS.items():
        scores[key] += sum(w for stem, w in stems if " " in stem and f" {stem} " in f" {folded} ")
    return scores


def profile_key(text: object) -> str | None:
    """'1. Jenis Kelamin' -> 'gender', 'Umur (tahun)' -> 'age'; None when not a profile question."""
    code, rest = strip_code(text)
    if code:
        return None
    tokens = fold(rest).split()
    if not tokens or len(tokens) > 6:  # a profile header is short; a long question is not one
        return None
    folded = " ".join(tokens)
    found = [
        key
        for key, stems in PROFILE_STEMS.items()
        if any(
            f" {stem} " in f" {folded} "
            if " " in stem
            else any(_word_matches(stem, t, _forms(t), True) for t in tokens)
            for stem in stems
        )
    ]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Question:
    """One header read as a question: where, its text, its code (if any) and its scores."""

    position: int
    text: str
    code: str | None
    scores: dict[str, int]

    @property
    def best(self) -> list[str]:
        top = max(self.scores.values(), default=0)
        return [k for k, s in self.scores.items() if s == top] if top > 0 else []

    def element(self) -> str | None:
        """The element this header asks about: its unique best; on a tie its code if tied; with
        no key word its code."""
        best = self.best
        if len(best) == 1:
            return best[0]
        if self.code and (not best or self.code in best):
            return self.code
        return None


@dataclass
class Located:
    """The result: element -> position; elements tied between headers; code/word disagreements."""

    positions: dict[str, int] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # element -> header texts
    overruled: list[tuple[str, str, str]] = field(default_factory=list)  # (header, code, element)
    unread: list[str] = field(default_factory=list)  # question-like headers given no element


def locate(header: Sequence[object], skip: set[int]) -> Located:
    """Find each element's column among the headers not in `skip` (columns taken by the contract
    and the profile). Each element takes the header that names it best; two headers naming it
    equally well make it ambiguous."""
    questions = []
    for pos, cell in enumerate(header):
        text = " ".join(str(cell or "").split())
        if pos in skip or not text:
            continue
        code, _ = strip_code(text)
        questions.append(Question(pos, text, code, element_scores(text)))
    out = Located()
    claims: dict[str, list[Question]] = {}
    for q in questions:
        key = q.element()
        if key is None:
            if q.best or q.code:
                out.unread.append(q.text)
            continue
        claims.setdefault(key, []).append(q)
    for key in ELEMENT_KEYS:
        found = claims.get(key, [])
        if not found:
            continue
        # The strongest claim wins; a header whose code agrees beats an equal one without.
        rank = lambda q, key=key: (q.scores[key], q.code == key)  # noqa: E731
        top = max(rank(q) for q in found)
        winners = [q for q in found if rank(q) == top]
        if len(winners) > 1:
            out.ambiguous[key] = [q.text for q in winners]
            continue
        chosen = winners[0]
        out.positions[key] = chosen.position
        if chosen.code and chosen.code != key:
            out.overruled.append((chosen.text, chosen.code, key))
    return out


ELEMENT_NAMES = {key: f"{code} ({name})" for key, code, name in SKM_ELEMENTS}
