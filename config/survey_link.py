"""The SKM form's address and its pre-filled link per service unit (Google Forms).

Google Forms fills a question in from the address: `…/viewform?usp=pp_url&entry.<N>=<answer>`,
where N is the question's entry id. An admin finds N with the form's "Dapatkan link isian otomatis"
(Get pre-filled link): fill "Unit Layanan" with any text, copy the link, and the number after
`entry.` is it. `[survey] form_url` may be that very link: the entry is then read from it.
A forms.gle short link cannot be pre-filled (its redirect drops what follows it).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

ENTRY = re.compile(r"^(?:entry\.)?([0-9]{3,20})\Z")
GOOGLE_FORM = re.compile(r"^/forms/(?:u/\d+/)?d/(?:e/)?[A-Za-z0-9_-]+/viewform\Z")
HOW = (
    'buka formulir di Google Forms, menu ⋮ > "Dapatkan link isian otomatis", isi pertanyaan Unit Layanan '
    'dengan teks apa saja, klik "Dapatkan link" lalu salin link itu ke [survey] form_url'
)


def entry_id(text: str) -> str | None:
    """'entry.1234567890' or '1234567890' -> '1234567890'; anything else -> None."""
    found = ENTRY.match(str(text or "").strip())
    return found.group(1) if found else None


def split_form_url(form_url: str) -> tuple[str, list[str]]:
    """(the address without its query, the entry ids found in its query)."""
    parts = urlsplit(str(form_url or "").strip())
    entries = [
        key[len("entry.") :]
        for key, _ in parse_qsl(parts.query, keep_blank_values=True)
        if key.startswith("entry.") and entry_id(key)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), entries


def unit_entry(form_url: str, configured: str) -> str | None:
    """The entry id of Unit Layanan: the configured one, else the single one in a pasted pre-filled link."""
    if str(configured or "").strip():
        return entry_id(configured)
    _, entries = split_form_url(form_url)
    return entries[0] if len(entries) == 1 else None


def prefilled_url(form_url: str, entry: str, unit: str) -> str:
    """The form's address with Unit Layanan filled in as `unit` (percent-encoded, UTF-8)."""
    base, _ = split_form_url(form_url)
    return f"{base}?usp=pp_url&entry.{entry}={quote(unit, safe='')}"


def link_problems(form_url: str, configured_entry: str) -> list[str]:
    """What is wrong with `[survey] form_url` / `form_unit_entry`, in the config check's words."""
    problems: list[str] = []
    url = str(form_url or "").strip()
    configured = str(configured_entry or "").strip()
    if configured and entry_id(configured) is None:
        problems.append(
            f'survey.form_unit_entry: harus nomor entry pertanyaan Unit Layanan, mis. "entry.1234567890", '
            f"tertulis {configured!r}; {HOW}."
        )
    if not url:
        if configured:
            problems.append(f"survey.form_url: wajib diisi bila survey.form_unit_entry diisi; {HOW}.")
        return problems
    if not url.startswith(("https://", "http://")):
        problems.append(f"survey.form_url: harus alamat web yang diawali https://, tertulis {url!r}; {HOW}.")
        return problems
    parts = urlsplit(url)
    prefill = bool(configured) or bool(split_form_url(url)[1])
    if prefill and not (parts.netloc == "docs.google.com" and GOOGLE_FORM.match(parts.path)):
        problems.append(
            f"survey.form_url: link isian otomatis butuh alamat lengkap formulir "
            f"(https://docs.google.com/forms/d/e/…/viewform), tertulis {url!r}; link pendek forms.gle "
            f"tidak dapat diisi otomatis. {HOW[0].upper() + HOW[1:]}."
        )
    if not configured and len(split_form_url(url)[1]) > 1:
        problems.append(
            "survey.form_url: link isian otomatis berisi lebih dari satu entry; isi hanya pertanyaan "
            "Unit Layanan saat membuat link, atau tulis nomornya di survey.form_unit_entry."
        )
    return problems
