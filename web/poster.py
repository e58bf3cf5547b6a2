"""`python main.py qr`: a printable A4 poster per service unit with a QR code of the SKM form.

Each QR code holds the form's pre-filled link (config/survey_link.py) with Unit Layanan already
answered in the words the sync resolves back to that unit, so a citizen at the counter scans,
answers nine questions, and the response lands on the right unit. The QR is drawn as vector
squares from segno's module matrix: sharp at any print size, no image library in between.

Why segno: pure Python with no dependencies, maintained, standard-conformant (ISO/IEC 18004),
and its module matrix can be read directly; qrcode needs Pillow to draw and wraps the same
algorithm. Which units: the store's (after a sync): every Unit Kerja of public-service staff and
every unit with IKM rows; an agency whose public-service staff name no Unit Kerja is its own unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import segno

from config.contract import normalize_header
from config.survey_link import HOW, link_problems, prefilled_url, unit_entry
from scoring.vocabulary import agency_unit_id, is_agency_unit, service_unit_id
from sync.store.reader import StoreReader
from web.pdf_doc import Document

LAPOR = "SP4N-LAPOR!: www.lapor.go.id"
QR_SIZE_MM = 120.0
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
ERROR_LEVEL = "m"  # 15% of the code may be dirty or torn: a poster on a counter gets both


class PosterError(Exception):
    """Posters that cannot be made (the message says how to fix it)."""


@dataclass(frozen=True)
class ServiceUnit:
    agency: str
    agency_name: str
    name: str  # shown on the poster
    form_value: str  # what the pre-filled link writes as Unit Layanan
    unit_id: str


def service_units(store: StoreReader) -> list[ServiceUnit]:
    """The service units the store knows, agencies in their configured order, units by name."""
    agencies = store.reader.rows("agencies")
    if "position" in agencies:
        agencies = agencies.sort_values("position", kind="stable")
    staff = store.reader.rows("employees")
    ikm = store.reader.rows("ikm")
    public = staff[staff["public_service"].fillna(0).astype(bool)] if len(staff) else staff
    named: dict[str, set[str]] = {}
    for code, unit in zip(public["agency"], public["unit"].fillna("").astype(str)):
        if unit.strip():
            named.setdefault(normalize_header(unit), set()).add(code)
    units: list[ServiceUnit] = []
    for code, agency_name in zip(agencies["code"].astype(str), agencies["name"].astype(str)):
        mine = public[public["agency"] == code]
        names = {u.strip() for u in mine["unit"].fillna("").astype(str) if u.strip()}
        names |= {str(n) for n in ikm.loc[(ikm["agency"] == code) & (ikm["level"] == "unit"), "unit_name"]}
        unnamed = (mine["unit"].fillna("").astype(str).str.strip() == "").any()
        if len(mine) and (unnamed or not names):  # staff serving at the agency's own counter
            units.append(ServiceUnit(code, agency_name, agency_name, agency_name, agency_unit_id(code)))
        for name in sorted(names, key=str.casefold):
            key = normalize_header(name)
            # A unit name two agencies use must name its agency, as sync/validate/units.py asks.
            shared = len(named.get(key, {code}) | {code}) > 1
            value = f"{name} ({code})" if shared else name
            units.append(ServiceUnit(code, agency_name, name, value, service_unit_id(code, key)))
    return units


def file_name(unit: ServiceUnit) -> str:
    stem = unit.agency if is_agency_unit(unit.unit_id) else f"{unit.agency}-{unit.unit_id.split(':')[-1]}"
    return "poster-skm-" + re.sub(r"[^A-Za-z0-9_-]", "_", stem) + ".pdf"


def poster_pdf(unit: ServiceUnit, url: str, city_name: str, complaint: list[str]) -> bytes:
    pdf = Document(title=f"Survei Kepuasan Masyarakat – {unit.name}", numbered=False, italic=False)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # Band with the city's name and the survey's name.
    pdf.set_fill_color(22, 78, 138)
    pdf.rect(0, 0, pdf.w, 38, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(pdf.l_margin, 9)
    pdf.font(13)
    pdf.cell(width, 7, pdf.text(city_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font(24, "B")
    pdf.cell(width, 13, pdf.text("SURVEI KEPUASAN MASYARAKAT"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(46)
    if unit.name != unit.agency_name:
        pdf.font(14)
        pdf.multi_cell(width, 7, pdf.text(unit.agency_name), align="C")
    size = 26
    while size > 16 and pdf.font(size, "B") is None and pdf.get_string_width(pdf.text(unit.name)) > 1.8 * width:
        size -= 2  # a long unit name stays within two lines
    pdf.multi_cell(width, size * 0.46, pdf.text(unit.name), align="C")
    pdf.ln(3)
    pdf.font(14)
    pdf.multi_cell(
        width,
        7,
        pdf.text(
            "Bagaimana pelayanan kami hari ini? Pindai kode QR ini dengan kamera ponsel "
            "dan isi survei singkat (sekitar 3 menit)."
        ),
        align="C",
    )
    top = pdf.get_y() + 5
    # What stays below the code: the thanks line, the complaint box (SP4N-LAPOR! + 2 lines) and the link.
    qr_size = min(QR_SIZE_MM, pdf.h - top - 8 - (16 + 7 * len(complaint)) - 26)
    _draw_qr(pdf, url, (pdf.w - qr_size) / 2, top, qr_size)
    pdf.set_y(top + qr_size + 3)
    pdf.font(12)
    pdf.multi_cell(
        width, 6, pdf.text("Jawaban Anda tanpa nama dan dipakai untuk memperbaiki pelayanan. Terima kasih!"), align="C"
    )
    pdf.ln(5)
    box_top = pdf.get_y()
    pdf.set_draw_color(22, 78, 138)
    pdf.set_line_width(0.6)
    pdf.set_x(pdf.l_margin + 8)
    pdf.font(13, "B")
    pdf.cell(width - 16, 9, pdf.text("Ada keluhan atau pengaduan?"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font(12)
    for line in complaint:
        pdf.set_x(pdf.l_margin + 8)
        pdf.multi_cell(width - 16, 6.5, pdf.text(line), align="C")
    pdf.ln(2)
    pdf.rect(pdf.l_margin + 4, box_top - 1, width - 8, pdf.get_y() - box_top + 2)
    # The link in full for a phone that cannot scan, at the foot of the page.
    pdf.set_y(pdf.h - 22)
    pdf.font(7.5)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(width, 3.6, pdf.text(f"Tanpa pemindai QR, buka: {url}"), align="C")
    pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


def _draw_qr(pdf: Document, url: str, x: float, y: float, size: float) -> None:
    """The QR code as black squares on white, runs of dark modules merged into one rectangle."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    module = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # A hair wider than the run: abutting squares would show white seams in some viewers.
            pdf.rect(x + start * module, y + r * module, (c - start) * module + 0.02, module + 0.02, style="F")


def complaint_lines(settings, agency: str) -> list[str]:
    lines = [LAPOR]
    city = str(getattr(settings.web, "complaint_url", "") or "")
    if city and "lapor.go.id" not in city:
        lines.append(f"Kanal pengaduan kota: {city}")
    own = next((a.complaint_contact for a in settings.agencies if a.code == agency), "")
    if own:
        lines.append(f"Pengaduan langsung ke OPD: {own}")
    return lines


def write_posters(settings, store: StoreReader, folder: Path) -> list[Path]:
    """One poster per service unit in `folder`; returns the files written."""
    form_url = settings.survey_form_url
    entry = unit_entry(form_url, settings.survey.form_unit_entry)
    problems = link_problems(form_url, settings.survey.form_unit_entry)
    if not form_url:
        raise PosterError(
            f"Alamat formulir SKM belum diisi. Tulis [survey] form_url dan form_unit_entry di konfigurasi: {HOW}."
        )
    if problems:
        raise PosterError(" ".join(problems))
    if entry is None:
        raise PosterError(
            f"Nomor entry pertanyaan Unit Layanan belum diketahui, jadi link tidak dapat diisi "
            f'otomatis. Tulis [survey] form_unit_entry, mis. "entry.1234567890": {HOW}.'
        )
    units = service_units(store)
    if not units:
        raise PosterError(
            "Basis data hasil belum berisi unit layanan. Jalankan sinkronisasi dulu "
            "(python main.py sync), lalu buat poster lagi."
        )
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in units:
        path = folder / file_name(unit)
        url = prefilled_url(form_url, entry, unit.form_value)
        path.write_bytes(poster_pdf(unit, url, settings.city.name, complaint_lines(settings, unit.agency)))
        written.append(path)
    return written
