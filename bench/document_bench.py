"""Dokumen Evaluasi Kinerja Pegawai benchmark: fpdf2 (the product) against reportlab and WeasyPrint
laying out the same content, for one agency of 300 employees; prints one JSON line.

A demo city of one agency with 300 employees and 12 months is synced by the real cycle; every
employee's year result is confirmed (a `confirmations` row as penetapan writes it), then:
- `end_to_end`: `web.dokumen.bulk.write_zip` as `python main.py dokumen --periode 2026` runs it
  (read the store, build the content, issue the code, lay out with fpdf2, zip), median of --runs;
- `render`: only the layout of the 300 documents' content (gathered once) into PDF bytes, per
  library, median of --runs, with the total and mean size of the 300 PDFs.
reportlab and WeasyPrint are not in requirements.txt: `pip install reportlab weasyprint` first
(a library that does not import is reported as skipped). Each embeds the same TTF font as fpdf2.

Usage: python bench/document_bench.py [--runs 3] [--employees 300]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PERIOD = "2026"


def _timed(runs: int, make) -> tuple[float, object]:
    seconds, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = make()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), out


def confirm_all(path: Path, period: str) -> int:
    """A current "ditetapkan" confirmation for every result of `period` (people as on the roster)."""
    from sync.store.acts import dumps
    from sync.store.schema import SCHEMA
    from web.dokumen.content import months_of

    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute(
            "CREATE TABLE IF NOT EXISTS confirmations ("
            + ", ".join(f'"{n}" {k}' for n, k in SCHEMA["confirmations"][0])
            + ")"
        )
        roster = {r["nip"]: dict(r) for r in conn.execute("SELECT * FROM employees")}
        months = months_of(period)
        marks = ", ".join("?" for _ in months)
        rows = [dict(r) for r in conn.execute("SELECT * FROM results_periodic WHERE period = ?", (period,))]
        for result in rows:
            nip = result["nip"]
            indicators = [
                dict(r)
                for r in conn.execute(
                    f"SELECT * FROM indicators WHERE nip = ? AND period IN ({marks}) ORDER BY period, row",
                    (nip, *months),
                )
            ]
            rater = roster.get(roster.get(nip, {}).get("supervisor_nip"), {})
            top = roster.get(rater.get("supervisor_nip"), {})
            people = {
                role: {k: p.get(k) for k in ("nip", "name", "position", "unit", "agency")}
                for role, p in (
                    ("pegawai", roster.get(nip, {})),
                    ("pejabat_penilai", rater),
                    ("atasan_pejabat_penilai", top),
                )
            }
            conn.execute(
                "INSERT INTO confirmations (agency, nip, period, state, current, at, by_login, by_nip, result, people) "
                "VALUES (?, ?, ?, 'ditetapkan', 1, '2026-12-03T10:00:00+07:00', ?, ?, ?, ?)",
                (
                    result["agency"],
                    nip,
                    period,
                    rater.get("nip"),
                    rater.get("nip"),
                    dumps({"results": result, "indicators": indicators}),
                    dumps(people),
                ),
            )
        return len(rows)


# ---- the same content laid out by reportlab ---------------------------------------------------


def reportlab_pdf(content: dict, code: str, digest: str, url: str) -> bytes:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from web.dokumen.content import ROLES, TITLE
    from web.pdf_doc import font_files

    if "Body" not in pdfmetrics.getRegisteredFontNames():
        regular, bold, _italic = font_files()
        pdfmetrics.registerFont(TTFont("Body", str(regular)))
        pdfmetrics.registerFont(TTFont("Body-Bold", str(bold)))
    body = ParagraphStyle("b", fontName="Body", fontSize=9, leading=11)
    bold = ParagraphStyle("bb", parent=body, fontName="Body-Bold")
    title = ParagraphStyle("t", parent=bold, fontSize=13, leading=16, alignment=1)

    def p(text, style=body):
        return Paragraph(html.escape(str(text)).replace("\n", "<br/>"), style)

    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [p(TITLE, title), p(f"PERIODE: {content['periode']['jenis']} — {content['periode']['nama']}", bold)]
    story.append(p(f"INSTANSI: {content['instansi']} — {content['opd']['nama']}"))
    story.append(p(f"PERIODE PENILAIAN: {content['periode']['rentang']}"))
    rows = []
    for number, (role, heading) in enumerate(ROLES, start=1):
        person = content["orang"][role]
        rows.append([p(number), p(heading, bold), ""])
        for label, key in (("NAMA", "nama"), ("NIP", "nip"), ("PANGKAT/GOL. RUANG", "pangkat"), ("JABATAN", "jabatan")):
            rows.append(["", p(label), p(person[key])])
        rows.append(["", p("UNIT KERJA"), p(person["unit_kerja"])])
    story += [Spacer(1, 3 * mm), Table(rows, colWidths=[8 * mm, 54 * mm, 108 * mm], style=grid)]
    story.append(
        p(f"CAPAIAN KINERJA ORGANISASI: {content['organisasi']['predikat']} ({content['organisasi']['sumber']})")
    )
    work = [[p(h, bold) for h in ("NO", "RENCANA HASIL KERJA / INDIKATOR", "TARGET", "REALISASI", "CAPAIAN")]]
    n = 0
    for group in content["hasil_kerja"]:
        work.append([p(f"{group['bulan']} — umpan balik: {group['umpan_balik']}"), "", "", "", ""])
        for line in group["baris"]:
            n += 1
            work.append(
                [
                    p(n),
                    p(f"{line['rencana']}\nIndikator: {line['indikator']}"),
                    p(line["target"]),
                    p(line["realisasi"]),
                    p(line["capaian"]),
                ]
            )
    story += [
        Spacer(1, 3 * mm),
        Table(work, colWidths=[8 * mm, 82 * mm, 27 * mm, 27 * mm, 26 * mm], style=grid, repeatRows=1),
    ]
    values = content["nilai"]
    story.append(p(f"RATING HASIL KERJA: {values['rating_hk']} (Nilai Hasil Kerja {values['nhk']})"))
    behaviour = [[p(h, bold) for h in ("NO", "PERILAKU KERJA", "NILAI", "UMPAN BALIK")]]
    for number, line in enumerate(content["perilaku"]["baris"], start=1):
        behaviour.append([p(number), p(line["perilaku"]), p(line["nilai"]), p(line["umpan_balik"])])
    story += [Table(behaviour, colWidths=[8 * mm, 62 * mm, 20 * mm, 80 * mm], style=grid, repeatRows=1)]
    story.append(p(f"RATING PERILAKU KERJA: {values['rating_pk']} (Nilai Perilaku Kerja {values['npk']})"))
    story.append(p(f"PREDIKAT KINERJA PEGAWAI: {values['predikat'].upper()}", title))
    story += [p(line) for line in content["catatan"]]
    story.append(p(content["tempat_tanggal"]))
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(28 * mm, 28 * mm, transform=[28 * mm / (x1 - x0), 0, 0, 28 * mm / (y1 - y0), 0, 0])
    drawing.add(widget)
    story += [drawing, p(f"Kode verifikasi: {code}"), p(f"Sidik isi (SHA-256): {digest}")]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm).build(story)
    return out.getvalue()


# ---- the same content laid out by WeasyPrint (HTML and CSS) -----------------------------------


def weasyprint_pdf(content: dict, code: str, digest: str, url: str) -> bytes:
    import segno
    import weasyprint

    from web.dokumen.content import ROLES, TITLE
    from web.pdf_doc import font_files

    regular, bold, _italic = font_files()
    e = html.escape
    people = "".join(
        f"<tr><th>{n}</th><th colspan=2>{e(heading)}</th></tr>"
        + "".join(
            f"<tr><td></td><td>{label}</td><td>{e(content['orang'][role][key])}</td></tr>"
            for label, key in (
                ("NAMA", "nama"),
                ("NIP", "nip"),
                ("PANGKAT/GOL. RUANG", "pangkat"),
                ("JABATAN", "jabatan"),
                ("UNIT KERJA", "unit_kerja"),
            )
        )
        for n, (role, heading) in enumerate(ROLES, start=1)
    )
    work, n = "", 0
    for group in content["hasil_kerja"]:
        work += f"<tr><td colspan=5><i>{e(group['bulan'])} — umpan balik: {e(group['umpan_balik'])}</i></td></tr>"
        for line in group["baris"]:
            n += 1
            work += (
                f"<tr><td>{n}</td><td>{e(line['rencana'])}<br>Indikator: {e(line['indikator'])}</td>"
                f"<td>{e(line['target'])}</td><td>{e(line['realisasi'])}</td><td>{e(line['capaian'])}</td></tr>"
            )
    behaviour = "".join(
        f"<tr><td>{i}</td><td>{e(x['perilaku'])}</td><td>{e(x['nilai'])}</td><td>{e(x['umpan_balik'])}</td></tr>"
        for i, x in enumerate(content["perilaku"]["baris"], start=1)
    )
    values = content["nilai"]
    qr = segno.make(url, error="m").svg_inline(scale=3)
    page = f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@font-face {{ font-family: Body; src: url("file://{regular}"); }}
@font-face {{ font-family: Body; font-weight: bold; src: url("file://{bold}"); }}
@page {{ size: A4; margin: 18mm 20mm; }}
body {{ font: 9pt Body; }} table {{ width: 100%; border-collapse: collapse; margin: 2mm 0; }}
td, th {{ border: 0.4pt solid #999; padding: 1mm; vertical-align: top; text-align: left; }}
thead {{ display: table-header-group; }} h1 {{ font-size: 13pt; text-align: center; }}
</style></head><body>
<h1>{TITLE}</h1><p><b>PERIODE: {e(content["periode"]["jenis"])} — {e(content["periode"]["nama"])}</b></p>
<p>INSTANSI: {e(content["instansi"])} — {e(content["opd"]["nama"])}<br>PERIODE PENILAIAN: {e(content["periode"]["rentang"])}</p>
<table>{people}</table>
<p>CAPAIAN KINERJA ORGANISASI: {e(content["organisasi"]["predikat"])} ({e(content["organisasi"]["sumber"])})</p>
<table><thead><tr><th>NO</th><th>RENCANA HASIL KERJA / INDIKATOR</th><th>TARGET</th><th>REALISASI</th><th>CAPAIAN</th></tr></thead>{work}</table>
<p>RATING HASIL KERJA: {e(values["rating_hk"])} (Nilai Hasil Kerja {e(values["nhk"])})</p>
<table><thead><tr><th>NO</th><th>PERILAKU KERJA</th><th>NILAI</th><th>UMPAN BALIK</th></tr></thead>{behaviour}</table>
<p>RATING PERILAKU KERJA: {e(values["rating_pk"])} (Nilai Perilaku Kerja {e(values["npk"])})</p>
<h1>PREDIKAT KINERJA PEGAWAI: {e(values["predikat"].upper())}</h1>
{"".join(f"<p>{e(line)}</p>" for line in content["catatan"])}
<p>{e(content["tempat_tanggal"])}</p>{qr}<p>Kode verifikasi: {code}<br>Sidik isi (SHA-256): {digest}</p>
</body></html>"""
    return weasyprint.HTML(string=page).write_pdf()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--employees", type=int, default=300)
    args = parser.parse_args()

    from main import run_demo
    from sync.demo.generate import DemoScale
    from sync.store import ResultsStore
    from web.dokumen import content as doc, gather
    from web.dokumen.bulk import write_zip
    from web.dokumen.make import verify_url
    from web.dokumen.pdf import render

    with tempfile.TemporaryDirectory(prefix="dokumen-bench-") as tmp:
        folder = Path(tmp)
        scale = DemoScale(agencies=1, employees=args.employees, responses=1_000, complaints=30)
        paths = run_demo(folder / "demo", serve=False, scale=scale, log=lambda _line: None)
        store = ResultsStore(paths["store"])
        confirmed = confirm_all(store.path, PERIOD)
        agency = str(store.read("results_periodic")["agency"].iloc[0])

        out: dict[str, object] = {"employees": confirmed, "period": PERIOD, "runs": args.runs}
        zip_seconds, result = _timed(args.runs, lambda: write_zip(store, PERIOD, folder / "dokumen.zip", agency=agency))
        out["end_to_end_fpdf2"] = {
            "seconds": round(zip_seconds, 2),
            "documents": result.written,
            "issued": result.issued,
            "zip_bytes": (folder / "dokumen.zip").stat().st_size,
        }

        items = []
        for nip in store.read("results_periodic").query("period == @PERIOD")["nip"]:
            content = doc.build(gather.inputs(store, str(nip), PERIOD, agency=agency))
            digest = doc.digest(content)
            items.append((content, "ABCDE12345", digest, verify_url("https://kinerja.contoh.test", "ABCDE12345")))
        out["pages_fpdf2"] = render(*items[0]).count(b"/Type /Page") - render(*items[0]).count(b"/Type /Pages")

        renderers = {"fpdf2": render, "reportlab": reportlab_pdf, "weasyprint": weasyprint_pdf}
        for name, renderer in renderers.items():
            try:
                renderer(*items[0])
            except ImportError as exc:
                out[name] = {"skipped": f"{exc}"}
                continue
            seconds, pdfs = _timed(args.runs, lambda r=renderer: [r(*item) for item in items])
            sizes = [len(b) for b in pdfs]
            out[name] = {
                "seconds": round(seconds, 2),
                "per_document_ms": round(1000 * seconds / len(items), 1),
                "total_bytes": sum(sizes),
                "mean_bytes": round(statistics.mean(sizes)),
            }
        try:
            import reportlab
            import weasyprint

            out["versions"] = {"reportlab": reportlab.Version, "weasyprint": weasyprint.__version__}
        except ImportError:
            pass
        import fpdf

        out.setdefault("versions", {})["fpdf2"] = fpdf.__version__
        print(json.dumps(out))


if __name__ == "__main__":
    main()
