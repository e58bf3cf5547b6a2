"""The Dokumen Evaluasi Kinerja Pegawai as an A4 PDF (fpdf2): lays out web.dokumen.content's data.

Font: Carlito (else DejaVu Sans or Liberation Sans: web.pdf_doc's choice, as the Laporan SKM) is
embedded, subset, because names and umpan balik are typed by people and may hold letters outside
Latin-1 (ĕ, ş, curly quotes), and the document itself prints "–" and "—"; the core Helvetica
would turn those into "?". CI installs Carlito (.ci/run: fonts-crosextra-carlito); without any of
the three, web.pdf_doc falls back to Helvetica and Latin-1 rather than failing.

Library: fpdf2, as the Laporan SKM and the posters (one PDF toolkit, pure Python, maintained).
bench/document_bench.py laid out the same 299 year documents of one agency (12 months, 3–4
indicators a month; median of 3, 2 shared cores under load): fpdf2 40,4 s (135 ms each, 36 kB
mean), reportlab 5.0 38,6 s (129 ms, 48 kB), WeasyPrint 70 146,4 s (490 ms, 33 kB; needs Pango).
reportlab is no faster once the tables are wrapped in one pass (web.dokumen.grid) and would be a
second PDF stack; WeasyPrint is 3,6 times slower.

The verification block prints the code, the QR of `<web.base_url>/verifikasi/<code>` and the
content digest; a draft has none of them and says so on every page.
"""

from __future__ import annotations

from sync.store.documents import shown
from web.dokumen import grid
from web.dokumen.content import DRAFT, DRAFT_MARK, ROLES, TITLE
from web.dokumen.grid import Cell
from web.pdf_doc import Document
from web.poster import _draw_qr

GREY = (235, 235, 235)
LIGHT = (246, 246, 246)
RED = (170, 20, 20)
LINE = 4.6  # body line height, mm


class _Doc(Document):
    """A Document that stamps the draft mark on every page."""

    draft = False

    def header(self) -> None:
        if not self.draft:
            return
        self.set_y(8)
        self.font(8, "B")
        self.set_text_color(*RED)
        self.cell(0, 4, self.text(DRAFT_MARK), align="C")
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)


def _heading(pdf: _Doc, text: str) -> None:
    pdf.ln(2.5)
    pdf.font(10, "B")
    pdf.multi_cell(0, 5.5, pdf.text(text), fill=True)
    pdf.font(9)


def _pairs(pdf: _Doc, rows: list[tuple[str, str]], widths=(62, 108)) -> None:
    """Label : value lines, borderless (values wrap)."""
    grid.table(
        pdf,
        widths,
        [[Cell(label, style="B"), Cell(value)] for label, value in rows],
        line=LINE,
        pad=(0.6, 1),
        borders=False,
    )


def _identities(pdf: _Doc, people: dict) -> None:
    rows = []
    for number, (role, title) in enumerate(ROLES, start=1):
        person = people[role]
        rows.append([Cell(str(number), style="B", fill=GREY, align="C"), Cell(title, colspan=2, style="B", fill=GREY)])
        for label, key in (
            ("NAMA", "nama"),
            ("NIP", "nip"),
            ("PANGKAT/GOL. RUANG", "pangkat"),
            ("JABATAN", "jabatan"),
            ("UNIT KERJA", "unit_kerja"),
        ):
            rows.append([Cell(""), Cell(label), Cell(person[key])])
    grid.table(pdf, (8, 54, 108), rows, line=LINE, pad=(0.8, 1.2))


def _hasil_kerja(pdf: _Doc, groups: list[dict]) -> None:
    if not groups:
        pdf.multi_cell(0, LINE, pdf.text("Belum ada indikator Laporan Kinerja pada periode ini."))
        return
    heading = [
        Cell(text, style="B", fill=GREY, align="C" if i != 1 else "L")
        for i, text in enumerate(
            ("NO", "RENCANA HASIL KERJA / INDIKATOR KINERJA INDIVIDU", "TARGET", "REALISASI", "CAPAIAN")
        )
    ]
    rows, number = [], 0
    for group in groups:
        rows.append(
            [
                Cell(
                    f"{group['bulan']} — umpan balik berkelanjutan: {group['umpan_balik']}",
                    colspan=5,
                    fill=LIGHT,
                )
            ]
        )
        for line in group["baris"]:
            number += 1
            rows.append(
                [
                    Cell(str(number), align="C"),
                    Cell(f"{line['rencana']}\nIndikator: {line['indikator']}"),
                    Cell(line["target"], align="R"),
                    Cell(line["realisasi"], align="R"),
                    Cell(line["capaian"], align="R"),
                ]
            )
    grid.table(pdf, (8, 82, 27, 27, 26), rows, heading=heading, line=LINE, pad=(0.8, 1.2))


def _perilaku(pdf: _Doc, perilaku: dict) -> None:
    heading = [
        Cell(text, style="B", fill=GREY, align="R" if i == 2 else ("C" if i == 0 else "L"))
        # The sheets hold one Umpan Balik per month, not one per core value: the annex's "UMPAN BALIK
        # BERKELANJUTAN" is printed below the table, month by month; this column says what NILAI is.
        for i, text in enumerate(("NO", "PERILAKU KERJA (BerAKHLAK)", "NILAI", "KETERANGAN"))
    ]
    rows = [
        [
            Cell(str(number), align="C"),
            Cell(line["perilaku"]),
            Cell(line["nilai"], align="R"),
            Cell(line["umpan_balik"]),
        ]
        for number, line in enumerate(perilaku["baris"], start=1)
    ]
    rows += [
        [Cell(f"Umpan balik atasan, {note['bulan']}: {note['teks']}", colspan=4)] for note in perilaku["umpan_balik"]
    ]
    grid.table(pdf, (8, 62, 20, 80), rows, heading=heading, line=LINE, pad=(0.8, 1.2))


def _signatures(pdf: _Doc, content: dict) -> None:
    if pdf.will_page_break(58):
        pdf.add_page()
    pdf.ln(5)
    people = content["orang"]
    left, right, width = pdf.l_margin, pdf.l_margin + 95, 75
    top = pdf.get_y()
    confirmed = content.get("penetapan")
    blocks = (
        (left, "", "Pegawai yang Dinilai,", people["pegawai"]),
        (right, content["tempat_tanggal"], "Pejabat Penilai Kinerja,", people["pejabat_penilai"]),
    )
    for x, dated, role, person in blocks:
        pdf.set_xy(x, top)
        pdf.font(9)
        pdf.multi_cell(width, LINE, pdf.text(dated or " "), new_x="LEFT")
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, pdf.text(role), new_x="LEFT")
        pdf.set_x(x)
        pdf.set_text_color(110, 110, 110)
        pdf.font(7.5)
        mark = ""
        if confirmed and role.startswith("Pejabat"):
            mark = f"ditetapkan secara elektronik pada {confirmed['pada']}"
        pdf.multi_cell(width, 14, pdf.text(mark or " "), new_x="LEFT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_x(x)
        pdf.font(9, "BU")
        pdf.multi_cell(width, LINE, pdf.text(person["nama"]), new_x="LEFT")
        pdf.set_x(x)
        pdf.font(9)
        pdf.multi_cell(width, LINE, pdf.text(f"NIP {person['nip']}"), new_x="LEFT")
    pdf.set_x(pdf.l_margin)
    pdf.ln(3)


def _verification(pdf: _Doc, code: str, digest: str, url: str) -> None:
    if pdf.will_page_break(34):
        pdf.add_page()
    top = pdf.get_y() + 2
    size = 28
    pdf.set_draw_color(160, 160, 160)
    pdf.rect(pdf.l_margin, top, 170, size + 4)
    _draw_qr(pdf, url, pdf.l_margin + 2, top + 2, size)
    x = pdf.l_margin + size + 6
    pdf.set_xy(x, top + 3)
    pdf.font(9, "B")
    pdf.multi_cell(130, LINE, pdf.text(f"Kode verifikasi: {shown(code)}"), new_x="LEFT")
    pdf.set_x(x)
    pdf.font(8.5)
    pdf.multi_cell(
        130,
        4.2,
        pdf.text(f"Periksa keaslian dokumen ini dengan memindai kode QR atau membuka {url}"),
        new_x="LEFT",
        align="L",
    )
    pdf.set_x(x)
    pdf.font(7)
    pdf.multi_cell(130, 3.6, pdf.text(f"Sidik isi (SHA-256): {digest}"), new_x="LEFT", align="L")
    pdf.set_y(top + size + 6)


def render(content: dict, code: str | None = None, digest: str | None = None, url: str = "") -> bytes:
    """The PDF of `content`; `code`, `digest` and `url` for an issued document (None: a draft)."""
    name = content["orang"]["pegawai"]["nama"]
    pdf = _Doc(
        title=f"{TITLE} — {name} — {content['periode']['nama']}",
        footer_text=f"{content['jenis']} · {name} · {content['periode']['nama']}",
        italic=False,  # two faces, not three: each embedded face costs a parse and a subset
    )
    pdf.draft = content["status"] == DRAFT
    pdf.set_fill_color(*GREY)
    pdf.set_author("Kinerja Solok")
    pdf.add_page()

    pdf.font(13, "B")
    pdf.multi_cell(0, 6.5, pdf.text(TITLE), align="C")
    pdf.font(10, "B")
    period = content["periode"]
    pdf.multi_cell(0, 5.5, pdf.text(f"PERIODE: {period['jenis']} — {period['nama'].upper()}"), align="C")
    pdf.ln(2)
    pdf.font(9)
    _pairs(
        pdf,
        [
            ("INSTANSI", f"{content['instansi']} — {content['opd']['nama']}"),
            ("PERIODE PENILAIAN", period["rentang"]),
        ],
        widths=(40, 130),
    )
    if pdf.draft:
        pdf.ln(1)
        pdf.set_text_color(*RED)
        pdf.font(10, "B")
        pdf.set_draw_color(*RED)
        pdf.multi_cell(0, 7, pdf.text(DRAFT_MARK), border=1, align="C")
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)
    pdf.font(9)
    _identities(pdf, content["orang"])

    _heading(pdf, "4  EVALUASI KINERJA")
    org = content["organisasi"]
    _pairs(pdf, [("CAPAIAN KINERJA ORGANISASI", f"{org['predikat']} (sumber: {org['sumber']})")])

    _heading(pdf, "HASIL KERJA")
    _hasil_kerja(pdf, content["hasil_kerja"])
    values = content["nilai"]

    def mark(key: str) -> str:
        """After the value of a rating an upheld keberatan set: where it came from and what it was."""
        if key not in values["diubah_keberatan"]:
            return ""
        return f" — ditetapkan ulang melalui keberatan (semula {values.get('semula', {}).get(key) or '—'})"

    pdf.ln(1.5)
    _pairs(
        pdf,
        [
            (
                "RATING HASIL KERJA",
                f"{values['rating_hk']} (Nilai Hasil Kerja {values['nhk']})" + mark("rating_hk"),
            )
        ],
    )

    _heading(pdf, "PERILAKU KERJA")
    _perilaku(pdf, content["perilaku"])
    pdf.ln(1.5)
    _pairs(
        pdf,
        [
            (
                "RATING PERILAKU KERJA",
                f"{values['rating_pk']} (Nilai Perilaku Kerja {values['npk']})" + mark("rating_pk"),
            )
        ],
    )
    pdf.ln(2)
    pdf.set_fill_color(*LIGHT)
    pdf.font(11, "B")
    predikat = f"PREDIKAT KINERJA PEGAWAI: {values['predikat'].upper()}"
    if "predikat" in values["diubah_keberatan"]:
        predikat += " (ditetapkan ulang melalui keberatan)"
    pdf.multi_cell(0, 7, pdf.text(predikat), border=1, align="C", fill=True)
    pdf.font(8.5)
    pdf.multi_cell(0, 4.4, pdf.text(f"Nilai Akhir {values['na']}; aturan penilaian {content['aturan']}."), align="C")
    pdf.set_fill_color(*GREY)

    _heading(pdf, "5  CATATAN/REKOMENDASI")
    for line in content["catatan"] or ["—"]:
        pdf.multi_cell(0, LINE, pdf.text(line))
        pdf.ln(0.8)

    _signatures(pdf, content)
    if code and digest:
        _verification(pdf, code, digest, url)
    return bytes(pdf.output())
