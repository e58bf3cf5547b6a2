"""The Laporan SKM as a PDF: the structure agencies file (PermenPANRB 14/2017), from the store.

Pendahuluan; Metodologi (elements, scale, sampling rule, n, period); Hasil (respondent profile,
NRR per element, IKM and mutu per unit); Analisis (weakest elements, RTL, trend against the
previous period, how last period's RTL went); Kesimpulan. What it says comes from web.skm_data;
this module only lays it out. Why PDF with fpdf2: the report is filed and published as it is,
the QR posters need PDF anyway (one library for both), and fpdf2 is pure Python.

An IKM of fewer respondents than the minimum sample is printed grey and italic and its mutu reads
"sampel kurang", as in the Excel report: the agency sees it, and no reader takes it for a result.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
from fpdf.fonts import FontFace

from config.contract import SKM_ELEMENTS
from scoring.params import MUTU_BANDS
from scoring.periods import MONTH, QUARTER, kind
from scoring.vocabulary import agency_unit_id
from sync.store.accounts import city_today
from sync.store.reader import StoreReader
from web.disclosure import SMALL_SAMPLE
from web.format import integer, month_label, number, percent, signed, timestamp
from web.pdf_doc import Document
from web.skm_data import ELEMENT_CODES, ELEMENT_NAMES, NRR_COLUMNS, SkmReport, gather

NOT_YET = "Data belum tersedia"
GREY = (120, 120, 120)
HEAD_FILL = (226, 232, 240)
AGENCY_FILL = (245, 247, 250)
PDF = ".pdf"


class SkmReportError(Exception):
    """A report that cannot be written as asked (the message says how to fix it)."""


def pdf_path(out: Path) -> Path:
    """A name without a suffix gets .pdf; another suffix is refused (the file is a PDF)."""
    out = Path(out)
    if out.suffix.lower() == PDF:
        return out
    if not out.suffix:
        return out.with_name(out.name + PDF)
    raise SkmReportError(
        f"Laporan SKM adalah berkas PDF, tetapi nama berkas '{out.name}' berakhiran "
        f"'{out.suffix}'. Beri nama yang berakhiran .pdf, mis. {out.with_suffix(PDF).name}."
    )


def write_skm_report(
    store: StoreReader,
    out: Path,
    period: str,
    agency: str | None = None,
    *,
    city_name: str = "Pemerintah Kota Solok",
    min_responses: int = 20,
    today: date | None = None,
) -> Path:
    """Write the Laporan SKM of `period` (for `agency`, or the whole city) to `out` (.pdf)."""
    out = pdf_path(out)
    data = gather(store, period, agency, city_name=city_name, min_responses=min_responses)
    if agency is not None and agency not in data.agency_names and data.units.empty:
        known = ", ".join(data.agency_names) or "belum ada: jalankan sinkronisasi dulu"
        raise SkmReportError(f"OPD '{agency}' tidak ada di basis data hasil. Kode OPD yang ada: {known}.")
    content = render(data, today or city_today())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return out


def report_bytes(store: StoreReader, period: str, agency: str | None, **options) -> bytes:
    return render(gather(store, period, agency, **options), options.get("today") or city_today())


# ---- text helpers -------------------------------------------------------------------------------


def _is_small(row) -> bool:
    value = pd.to_numeric(pd.Series([row.get("sufficient")]), errors="coerce").iloc[0]
    return value == 0


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _date(value: date) -> str:
    return f"{value.day} {month_label(f'{value.year:04d}-{value.month:02d}').split(' ')[0]} {value.year}"


def _period_phrase(period: str) -> str:
    """'Oktober 2026', 'Triwulan IV 2026', 'Tahun 2026'."""
    return month_label(period)


def _period_months(period: str) -> str:
    if kind(period) == MONTH:
        return f"bulan {month_label(period)}"
    if kind(period) == QUARTER:
        first = (int(period[6]) - 1) * 3 + 1
        return (
            f"{month_label(f'{period[:4]}-{first:02d}').split(' ')[0]} sampai "
            f"{month_label(f'{period[:4]}-{first + 2:02d}')}"
        )
    return f"Januari sampai Desember {period}"


def _element_label(value) -> str:
    """'u3' / 'U3' -> 'U3 Waktu Penyelesaian'; other text as written (an RTL may name it in words)."""
    key = str(value or "").strip().lower()
    if key in ELEMENT_NAMES:
        return f"{ELEMENT_CODES[key]} {ELEMENT_NAMES[key]}"
    return str(value or "")


def _unit_names(data: SkmReport) -> dict[str, str]:
    names: dict[str, str] = {}
    for frame in (data.previous_units, data.units):
        names.update(zip(frame["unit_id"].astype(str), frame["unit_name"].astype(str)))
    for code, name in data.agency_names.items():
        names.setdefault(agency_unit_id(code), name)
    return names


def _unit_label(unit_id, names: dict[str, str]) -> str:
    text = str(unit_id or "")
    return names.get(text) or text.split(":")[-1]


# ---- the document ---------------------------------------------------------------------------------


class _Report(Document):
    def heading(self, text: str, level: int = 1) -> None:
        needed = 40 if level == 1 else 28  # never a heading alone at the foot of a page
        if self.get_y() > self.h - self.b_margin - needed:
            self.add_page()
        self.ln(4 if level == 1 else 2)
        self.font(14 if level == 1 else 11.5, "B")
        self.multi_cell(0, 7 if level == 1 else 6, self.text(text))
        self.ln(1)
        self.font(10.5)

    def paragraph(self, text: str, italic: bool = False, size: float = 10.5) -> None:
        self.font(size, "I" if italic else "")
        self.multi_cell(0, 5.2, self.text(text), align="J")
        self.ln(1.5)
        self.font(10.5)

    def bullets(self, items: list[str]) -> None:
        self.font(10.5)
        for item in items:
            x = self.get_x()
            self.cell(5, 5.2, self.text("•"))
            self.multi_cell(0, 5.2, self.text(item), align="J")
            self.set_x(x)
        self.ln(1.5)

    def not_yet(self, what: str) -> None:
        self.paragraph(f"{NOT_YET}: {what}", italic=True)

    def grid(
        self,
        headings: list[str],
        rows: list[list],
        widths: list[float],
        aligns: list[str],
        styles: list[list[FontFace | None]] | None = None,
        size: float = 9,
    ) -> None:
        """A table whose heading row repeats on every page it runs over; a short one is kept whole
        on one page (a four-row table split two and two reads as two tables)."""
        self.font(size)
        estimate = (len(rows) + 1) * 9.5
        if len(rows) <= 12 and self.get_y() + estimate > self.page_break_trigger:
            self.add_page()
        with self.table(
            col_widths=widths,
            text_align=aligns,
            line_height=4.6,
            padding=(1.2, 1.5),
            headings_style=FontFace(emphasis="B", fill_color=HEAD_FILL),
            width=self.epw,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in headings:
                head.cell(self.text(text))
            for r, row in enumerate(rows):
                line = table.row()
                for c, value in enumerate(row):
                    style = styles[r][c] if styles else None
                    line.cell(self.text(value), style=style)
        self.ln(2.5)
        self.font(10.5)


SMALL_STYLE = FontFace(emphasis="I", color=GREY)
AGENCY_STYLE = FontFace(emphasis="B", fill_color=AGENCY_FILL)


def render(data: SkmReport, today: date) -> bytes:
    title = f"Laporan Survei Kepuasan Masyarakat {data.scope_name} {_period_phrase(data.period)}"
    pdf = _Report(title=title, footer_text=f"Laporan SKM {data.scope_name} · {_period_phrase(data.period)}")
    pdf.alias_nb_pages()
    pdf.add_page()
    _title(pdf, data, today)
    _pendahuluan(pdf, data)
    _metodologi(pdf, data)
    _hasil(pdf, data)
    _analisis(pdf, data, today)
    _kesimpulan(pdf, data)
    return bytes(pdf.output())


def _title(pdf: _Report, data: SkmReport, today: date) -> None:
    pdf.font(17, "B")
    pdf.multi_cell(0, 8.5, pdf.text("LAPORAN SURVEI KEPUASAN MASYARAKAT (SKM)"), align="C")
    pdf.font(13, "B")
    pdf.multi_cell(0, 7, pdf.text(data.scope_name), align="C")
    pdf.font(12)
    pdf.multi_cell(0, 6.5, pdf.text(_period_phrase(data.period)), align="C")
    pdf.ln(2)
    pdf.font(9)
    pdf.set_text_color(*GREY)
    source = (
        f"Disusun {_date(today)} dari basis data hasil Kinerja Solok (sinkronisasi terakhir "
        f"{timestamp(data.last_sync)}). Semua angka berasal dari basis data hasil."
    )
    pdf.multi_cell(0, 4.6, pdf.text(source), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(180, 180, 180)
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)


def _pendahuluan(pdf: _Report, data: SkmReport) -> None:
    pdf.heading("BAB I  PENDAHULUAN")
    pdf.heading("1.1 Latar Belakang", 2)
    pdf.paragraph(
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik mewajibkan setiap penyelenggara pelayanan "
        "publik menilai kinerjanya secara berkala. Peraturan Menteri PANRB Nomor 14 Tahun 2017 menetapkan Survei "
        "Kepuasan Masyarakat (SKM) sebagai cara mengukur kepuasan masyarakat atas pelayanan yang diterimanya, "
        "dengan sembilan unsur pelayanan, dan meminta hasilnya dipublikasikan serta ditindaklanjuti."
    )
    pdf.heading("1.2 Tujuan", 2)
    pdf.paragraph(
        "Mengetahui tingkat kepuasan masyarakat (Indeks Kepuasan Masyarakat, IKM) dan mutu pelayanan setiap unit "
        "layanan, menemukan unsur pelayanan yang paling lemah sebagai dasar rencana tindak lanjut (RTL), dan "
        "melihat perubahan dibanding periode sebelumnya."
    )
    pdf.heading("1.3 Ruang Lingkup", 2)
    agencies = data.units.loc[data.units["level"] == "opd", "agency"].nunique()
    units = int((data.units["level"] == "unit").sum())
    if data.units.empty:
        pdf.not_yet(
            f"basis data hasil belum berisi IKM untuk {_period_phrase(data.period)}. Jalankan "
            "sinkronisasi setelah tanggapan formulir SKM masuk, lalu buat laporan ini lagi."
        )
    else:
        whose = "" if data.agency else f" di lingkungan {data.city_name}"
        pdf.paragraph(
            f"Laporan ini mencakup {integer(agencies)} OPD dan {integer(units)} unit layanan{whose}, "
            f"dengan {integer(data.respondents)} responden pada {_period_months(data.period)}."
        )


def _metodologi(pdf: _Report, data: SkmReport) -> None:
    pdf.heading("BAB II  METODOLOGI")
    pdf.heading("2.1 Unsur dan Skala Penilaian", 2)
    pdf.paragraph(
        "Kuesioner memuat sembilan unsur pelayanan PermenPANRB 14/2017; setiap unsur dijawab pada skala "
        "1 sampai 4 (1 = tidak baik, 4 = sangat baik):"
    )
    pdf.bullets([f"{code} {name}" for _, code, name in SKM_ELEMENTS])
    pdf.heading("2.2 Pengolahan Data", 2)
    pdf.paragraph(
        "Nilai Rata-Rata (NRR) setiap unsur adalah rata-rata jawaban responden untuk unsur itu. IKM unit "
        "layanan = 25 × rata-rata NRR kesembilan unsur; setiap unsur berbobot sama (tepat 1/9, bukan "
        "0,111 yang dibulatkan). Mutu pelayanan ditentukan dari IKM yang dibulatkan dua desimal:"
    )
    bands = []
    upper = 100.0
    for lower, code, label in MUTU_BANDS:
        bands.append([code, label, f"{number(lower)} – {number(upper)}"])
        upper = round(lower - 0.01, 2)
    pdf.grid(["Mutu", "Kinerja unit layanan", "Nilai IKM"], bands, [15, 45, 40], ["C", "L", "C"])
    pdf.heading("2.3 Sampel", 2)
    pdf.paragraph(
        "Jumlah sampel minimal setiap unit layanan mengikuti rumus Krejcie dan Morgan (λ² = 3,841; P = 0,5; "
        "d = 0,05) bila jumlah penerima layanan (tab Populasi Layanan) diketahui. Tanpa data populasi berlaku "
        f"batas minimal {integer(data.min_responses)} responden dari konfigurasi (scoring.min_responses). "
        "Triwulan atau tahun yang jumlah penerima layanannya baru diketahui untuk sebagian bulan memakai penerima "
        "layanan yang sudah tercatat, sehingga sampel minimalnya tidak pernah di bawah sampel minimal bulannya. IKM "
        f'unit dengan responden di bawah sampel minimalnya ditandai "{SMALL_SAMPLE}": nilainya dihitung, tetapi '
        'tidak dipublikasikan dan tidak dipakai dalam nilai pegawai (mis. "sampel kurang (n = 150, minimal 278 '
        'menurut Krejcie–Morgan dari 1.000 penerima layanan)").'
    )
    _adequacy(pdf, data)
    pdf.heading("2.4 Periode dan Responden", 2)
    pdf.paragraph(
        f"Periode survei: {_period_months(data.period)} ({_period_phrase(data.period)}). Jumlah "
        f"responden: {integer(data.respondents)}."
    )


RULE_WORDS = {"krejcie_morgan": "Krejcie–Morgan", "min_responses": "minimal responden"}  # scoring.sample rules


def _adequacy(pdf: _Report, data: SkmReport) -> None:
    if data.adequacy is None:
        pdf.not_yet(
            "kecukupan sampel per unit (tab Populasi Layanan belum disinkronkan); berlaku batas "
            f"minimal {integer(data.min_responses)} responden."
        )
        return
    if data.adequacy.empty:
        pdf.not_yet(
            f"kecukupan sampel per unit untuk {_period_phrase(data.period)}; berlaku batas minimal "
            f"{integer(data.min_responses)} responden."
        )
        return
    names = _unit_names(data)
    rows, styles = [], []
    for _, row in data.adequacy.iterrows():
        adequate = pd.to_numeric(pd.Series([row["adequate"]]), errors="coerce").iloc[0] == 1
        rows.append(
            [
                _unit_label(row["unit_id"], names),
                integer(_number_or_none(row["population"])) if not _missing(row["population"]) else "–",
                integer(_number_or_none(row["respondents"])),
                integer(_number_or_none(row["min_sample"])),
                RULE_WORDS.get(str(row["rule"]), str(row["rule"] or "–")),
                "memadai" if adequate else "belum memadai",
            ]
        )
        styles.append([None] * 5 + [None if adequate else SMALL_STYLE])
    pdf.grid(
        ["Unit layanan", "Populasi", "Responden", "Sampel minimal", "Aturan", "Status"],
        rows,
        [52, 20, 20, 20, 30, 28],
        ["L", "R", "R", "R", "L", "L"],
        styles,
    )


def _number_or_none(value):
    number_value = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number_value) else float(number_value)


def _hasil(pdf: _Report, data: SkmReport) -> None:
    pdf.heading("BAB III  HASIL")
    pdf.heading("3.1 Profil Responden", 2)
    _profile(pdf, data)
    pdf.heading("3.2 Nilai Rata-Rata per Unsur", 2)
    _nrr(pdf, data)
    pdf.heading("3.3 IKM dan Mutu per Unit Layanan", 2)
    _ikm_table(pdf, data)


def _profile(pdf: _Report, data: SkmReport) -> None:
    if data.profile is None:
        pdf.not_yet("profil responden (jenis kelamin, usia, pendidikan, pekerjaan) belum disimpan oleh sinkronisasi.")
        return
    if data.profile.empty:
        pdf.not_yet(
            f"profil responden untuk {_period_phrase(data.period)}: formulir belum memuat pertanyaan "
            "profil atau belum ada jawabannya."
        )
        return
    for characteristic, rows in data.profile.groupby("characteristic", sort=False):
        total = int(rows["count"].sum())
        table = [
            [str(r["category"]), integer(r["count"]), percent(r["count"] / total if total else None, 1)]
            for _, r in rows.iterrows()
        ]
        table.append(["Jumlah", integer(total), percent(1.0 if total else None, 1)])
        styles = [[None] * 3 for _ in rows.index] + [[FontFace(emphasis="B")] * 3]
        # The characteristic's name never ends a page alone: it moves with the head of its table.
        # (grid keeps a table of up to 12 rows whole, so the label needs the whole table's room).
        rows_needed = len(table) + 1 if len(table) <= 12 else 4
        if pdf.get_y() + 6 + rows_needed * 9.5 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.font(10, "B")
        pdf.cell(0, 6, pdf.text(str(characteristic)), new_x="LMARGIN", new_y="NEXT")
        pdf.grid(["Kategori", "Responden", "Persentase"], table, [70, 30, 30], ["L", "R", "R"], styles)


def _row_label(row, data: SkmReport) -> str:
    if row["level"] == "opd":
        return str(row["unit_name"]) if data.agency else data.agency_names.get(row["agency"], row["unit_name"])
    return f"   {row['unit_name']}"


def _nrr(pdf: _Report, data: SkmReport) -> None:
    if data.units.empty:
        pdf.not_yet(f"NRR per unsur untuk {_period_phrase(data.period)}.")
        return
    if data.agency:
        top = data.units[data.units["level"] == "opd"]
        if len(top):
            row = top.iloc[0]
            lines = [
                [f"{ELEMENT_CODES[key]} {name}", number(row[f"nrr_{key}"]), number(row[f"nrr_{key}"] / 9, 3)]
                for key, _, name in SKM_ELEMENTS
            ]
            pdf.paragraph(f"NRR {data.scope_name} (semua unit layanannya):")
            pdf.grid(["Unsur pelayanan", "NRR", "NRR tertimbang (1/9)"], lines, [90, 25, 40], ["L", "R", "R"])
    pdf.paragraph("NRR per unsur setiap unit layanan (skala 1–4; baris tebal: gabungan OPD):")
    rows, styles = [], []
    for _, row in data.units.iterrows():
        small = _is_small(row)
        rows.append([_row_label(row, data), *(number(row[c]) for c in NRR_COLUMNS)])
        base = AGENCY_STYLE if row["level"] == "opd" else None
        styles.append([base] + [SMALL_STYLE if small else base] * 9)
    pdf.grid(
        ["Unit layanan", *(code for _, code, _ in SKM_ELEMENTS)],
        rows,
        [50] + [13.3] * 9,
        ["L"] + ["R"] * 9,
        styles,
        size=8,
    )


def _ikm_table(pdf: _Report, data: SkmReport) -> None:
    if data.units.empty:
        pdf.not_yet(f"IKM untuk {_period_phrase(data.period)}.")
        return
    rows, styles = [], []
    for _, row in data.units.iterrows():
        small = _is_small(row)
        ikm = number(row["ikm"]) + ("*" if small else "")
        mutu = SMALL_SAMPLE if small else f"{row['mutu'] or '–'} ({row['mutu_label'] or '–'})"
        rows.append([_row_label(row, data), integer(row["respondents"]), ikm, mutu])
        base = AGENCY_STYLE if row["level"] == "opd" else None
        styles.append([base, base, SMALL_STYLE if small else base, SMALL_STYLE if small else base])
    pdf.grid(
        ["Unit layanan", "Responden", "IKM", "Mutu pelayanan"], rows, [85, 25, 25, 35], ["L", "R", "R", "L"], styles
    )
    if any(_is_small(r) for _, r in data.units.iterrows()):
        pdf.paragraph(
            f"* {SMALL_SAMPLE}: responden di bawah sampel minimal; nilainya dicetak miring abu-abu, belum "
            "dapat disimpulkan mutunya dan tidak untuk dipublikasikan sebagai hasil unit.",
            italic=True,
            size=9,
        )


def _analisis(pdf: _Report, data: SkmReport, today: date) -> None:
    pdf.heading("BAB IV  ANALISIS")
    pdf.heading("4.1 Unsur Terlemah", 2)
    _weakest(pdf, data)
    pdf.heading("4.2 Rencana Tindak Lanjut", 2)
    _plans(pdf, data, data.plans, data.period, today)
    pdf.heading("4.3 Tren terhadap Periode Sebelumnya", 2)
    _trend(pdf, data)
    pdf.heading("4.4 Pelaksanaan RTL Periode Sebelumnya", 2)
    _previous_plans(pdf, data, today)


def _weakest(pdf: _Report, data: SkmReport) -> None:
    if data.proposals is None or data.proposals.empty:
        pdf.not_yet(f"unsur terlemah untuk {_period_phrase(data.period)} (belum ada IKM atau Usulan RTL).")
        return
    small = {u for u, s in zip(data.units["unit_id"], data.units["sufficient"]) if _is_small({"sufficient": s})}
    names = _unit_names(data)
    rows, styles = [], []
    for _, row in data.proposals.iterrows():
        is_small = row["unit_id"] in small
        rank = _number_or_none(row["rank"])
        rows.append(
            [
                _unit_label(row["unit_id"], names),
                integer(rank) if rank is not None else "–",
                _element_label(row["element"]),
                number(_number_or_none(row["nrr"])) + ("*" if is_small else ""),
            ]
        )
        styles.append([None, None, None, SMALL_STYLE if is_small else None])
    pdf.paragraph("Unsur dengan NRR terendah di setiap unit layanan, tempat RTL sebaiknya dimulai:")
    pdf.grid(["Unit layanan", "Peringkat", "Unsur", "NRR"], rows, [55, 18, 80, 17], ["L", "C", "L", "R"], styles)


def _overdue(row, today: date) -> bool:
    try:
        target = date.fromisoformat(str(row["target_date"])[:10])
    except ValueError:
        return False
    return target < today and "selesai" not in str(row["status"] or "").casefold()


def _plans(pdf: _Report, data: SkmReport, plans: pd.DataFrame | None, period: str | None, today: date) -> None:
    if plans is None:
        pdf.not_yet("rencana tindak lanjut (tab Rencana Tindak Lanjut belum disinkronkan).")
        return
    if plans.empty:
        pdf.not_yet(f"rencana tindak lanjut untuk {_period_phrase(period) if period else 'periode ini'}.")
        return
    names = _unit_names(data)
    rows, styles = [], []
    for _, row in plans.iterrows():
        late = _overdue(row, today)
        status = str(row["status"] or "–") + (" (lewat target)" if late else "")
        target = str(row["target_date"] or "–")
        try:
            target = _date(date.fromisoformat(target[:10]))
        except ValueError:
            pass
        rows.append(
            [
                _unit_label(row["unit_id"], names),
                _element_label(row["element"]),
                str(row["activity"] or "–"),
                str(row["responsible"] or "–"),
                target,
                status,
            ]
        )
        styles.append([None] * 5 + [FontFace(emphasis="B", color=(170, 30, 30)) if late else None])
    pdf.grid(
        ["Unit layanan", "Unsur", "Kegiatan", "Penanggung jawab", "Target", "Status"],
        rows,
        [30, 28, 44, 26, 22, 20],
        ["L"] * 6,
        styles,
        size=8,
    )


def _trend(pdf: _Report, data: SkmReport) -> None:
    if data.previous is None or data.previous_units.empty:
        pdf.not_yet(
            f"IKM {_period_phrase(data.previous) if data.previous else 'periode sebelumnya'} untuk dibandingkan."
        )
        return
    before = {r["unit_id"]: r for _, r in data.previous_units.iterrows()}
    rows, styles = [], []
    for _, row in data.units.iterrows():
        old = before.get(row["unit_id"])
        base = AGENCY_STYLE if row["level"] == "opd" else None
        now = number(row["ikm"]) + ("*" if _is_small(row) else "")
        if old is None:
            rows.append([_row_label(row, data), "–", now, "–"])
            styles.append([base, base, SMALL_STYLE if _is_small(row) else base, base])
            continue
        small = _is_small(row) or _is_small(old)
        change = SMALL_SAMPLE if small else signed(float(row["ikm"]) - float(old["ikm"]))
        rows.append([_row_label(row, data), number(old["ikm"]) + ("*" if _is_small(old) else ""), now, change])
        styles.append(
            [
                base,
                SMALL_STYLE if _is_small(old) else base,
                SMALL_STYLE if _is_small(row) else base,
                SMALL_STYLE if small else base,
            ]
        )
    pdf.grid(
        ["Unit layanan", f"IKM {_period_phrase(data.previous)}", f"IKM {_period_phrase(data.period)}", "Perubahan"],
        rows,
        [80, 30, 30, 30],
        ["L", "R", "R", "R"],
        styles,
    )


def _previous_plans(pdf: _Report, data: SkmReport, today: date) -> None:
    plans = data.previous_plans
    if plans is None:
        pdf.not_yet("rencana tindak lanjut periode sebelumnya (tab Rencana Tindak Lanjut belum disinkronkan).")
        return
    if plans.empty:
        pdf.not_yet(f"rencana tindak lanjut {_period_phrase(data.previous)}.")
        return
    counts = plans["status"].fillna("tanpa status").astype(str).value_counts()
    summary = ", ".join(f"{integer(n)} {status.lower()}" for status, n in counts.items())
    pdf.paragraph(f"Dari {integer(len(plans))} kegiatan RTL {_period_phrase(data.previous)}: {summary}.")
    _plans(pdf, data, plans, data.previous, today)


def _kesimpulan(pdf: _Report, data: SkmReport) -> None:
    pdf.heading("BAB V  KESIMPULAN")
    if data.units.empty:
        pdf.not_yet(f"belum ada IKM untuk {_period_phrase(data.period)}, sehingga belum ada kesimpulan.")
        return
    points = []
    top = data.units[data.units["level"] == "opd"]
    sufficient = [r for _, r in top.iterrows() if not _is_small(r)]
    if data.agency and len(top):
        row = top.iloc[0]
        if _is_small(row):
            points.append(
                f"IKM {data.scope_name} {_period_phrase(data.period)} belum dapat disimpulkan: "
                f"{integer(row['respondents'])} responden, di bawah sampel minimal."
            )
        else:
            points.append(
                f"IKM {data.scope_name} {_period_phrase(data.period)} adalah {number(row['ikm'])} "
                f"dengan mutu pelayanan {row['mutu']} ({row['mutu_label']}), dari "
                f"{integer(row['respondents'])} responden."
            )
    else:
        by_mutu = pd.Series([r["mutu"] for r in sufficient]).value_counts()
        spread = ", ".join(f"{integer(n)} OPD bermutu {m}" for m, n in sorted(by_mutu.items()))
        points.append(
            f"Dari {integer(len(top))} OPD, {integer(len(sufficient))} memiliki sampel cukup"
            + (f": {spread}." if spread else ".")
        )
    small_units = int(sum(_is_small(r) for _, r in data.units.iterrows()))
    if small_units:
        points.append(
            f"{integer(small_units)} baris IKM masih {SMALL_SAMPLE}; perluas penyebaran formulir SKM "
            "(mis. poster QR di loket) agar sampel minimal tercapai."
        )
    if data.proposals is not None and not data.proposals.empty:
        first = data.proposals[pd.to_numeric(data.proposals["rank"], errors="coerce") == 1]
        common = first["element"].astype(str).str.lower().value_counts()
        if len(common):
            points.append(
                f"Unsur yang paling sering menjadi unsur terlemah: {_element_label(common.index[0])} "
                f"({integer(common.iloc[0])} unit)."
            )
    if data.plans is not None and not data.plans.empty:
        points.append(f"{integer(len(data.plans))} kegiatan RTL tercatat untuk {_period_phrase(data.period)}.")
    elif data.plans is not None:
        points.append("Belum ada RTL untuk periode ini: susun RTL mulai dari unsur terlemah di atas.")
    pdf.bullets(points)
