"""The demo city's `Populasi Layanan` and `Rencana Tindak Lanjut` tabs, with a few planted mistakes.

Deterministic (no random draws: the rest of the demo keeps its sequence). The busiest service
point gives its recipients per month, the second one per year and the third per quarter, so the
three ways a population reaches a result all show; the others give none (min_responses applies).
The RTL follows up the weakest-sounding elements of the last complete quarter: one item done, one
under way past its target (the page flags it "terlambat"), one not started yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from config.contract import POPULASI_LAYANAN, RENCANA_TINDAK_LANJUT
from sync.demo.mistakes import Mistake

UNKNOWN_UNIT = "Puskesmas Antah Berantah"
POPULATION_TEXT, PERIOD_UNKNOWN, UNIT_UNKNOWN = "population_text", "period_unknown", "population_unit_unknown"
RESPONSIBLE_PERSON, STATUS_UNKNOWN, ACTIVITY_BLANK = "responsible_person", "status_unknown", "activity_blank"
FOLLOWUP_KINDS = (POPULATION_TEXT, PERIOD_UNKNOWN, UNIT_UNKNOWN, RESPONSIBLE_PERSON, STATUS_UNKNOWN, ACTIVITY_BLANK)


def _quarter(month: str) -> tuple[int, int]:
    return int(month[:4]), (int(month[5:7]) - 1) // 3 + 1


def _last_day(month: str) -> date:
    year, m = int(month[:4]), int(month[5:7])
    return date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def _shift(month: str, by: int) -> str:
    year, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + by, 12)
    return f"{year:04d}-{m + 1:02d}"


def followup_tabs(points, months: list[str], city_stem: str) -> tuple[dict[str, list[list]], list[Mistake]]:
    """({tab name: rows}, planted mistakes) for the city workbook."""
    labels = [p.labels[0][0] for p in points]
    population = [[c.header for c in POPULASI_LAYANAN.columns]]
    mistakes: list[Mistake] = []

    def plant(tab: str, rows: list, row: list, kind: str, detail: str) -> None:
        rows.append(row)
        mistakes.append(Mistake(city_stem, tab, len(rows), kind, detail))

    year = months[-1][:4]
    if labels:
        for n, month in enumerate(months):  # a small unit's own monthly count: 18–30 a month
            population.append([labels[0], month, 18 + (n * 5) % 13])
    if len(labels) > 1:
        population.append([labels[1], int(year), "12.000"])
    if len(labels) > 2:
        quarters = sorted({_quarter(m) for m in months if m[:4] == year})
        for y, q in quarters:
            population.append([labels[2], f"Triwulan {('I', 'II', 'III', 'IV')[q - 1]} {y}", 600 + 50 * q])
    name = POPULASI_LAYANAN.name
    plant(name, population, [UNKNOWN_UNIT, months[-1], 300], UNIT_UNKNOWN, "unit tidak dikenal")
    if labels:
        plant(name, population, [labels[0], months[-1], "seratus"], POPULATION_TEXT, "jumlah bukan angka")
        plant(name, population, [labels[0], f"Triwulan 5 {year}", 500], PERIOD_UNKNOWN, "triwulan 5")

    rtl = [[c.header for c in RENCANA_TINDAK_LANJUT.columns]]
    name = RENCANA_TINDAK_LANJUT.name
    # The last complete quarter (its results are in); targets: one past (mid last month), one ahead.
    y, q = _quarter(months[-1])
    if _last_day(months[-1]) != _last_day(f"{y}-{3 * q:02d}"):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    quarter = f"Triwulan {('I', 'II', 'III', 'IV')[q - 1]} {y}"
    past = _last_day(months[-1]).replace(day=15)
    ahead = _last_day(_shift(months[-1], 3))
    for n, label in enumerate(labels[:3]):
        rtl.append([label, quarter, "U3", "Menambah satu loket pada jam sibuk", "Kepala Seksi Pelayanan",
                    past, "Proses", "Menunggu petugas tambahan"] if n == 0 else
                   [label, quarter, "Sarana dan Prasarana", "Memperbaiki pendingin ruang tunggu",
                    "Kepala Subbagian Umum", past, "Selesai", ""] if n == 1 else
                   [label, months[-2], "u8", "Menyediakan kotak saran dan nomor WhatsApp pengaduan",
                    "Koordinator Pelayanan", ahead, "belum", ""])
    if labels:
        plant(name, rtl, [labels[0], quarter, "U6", "Pelatihan pelayanan prima bagi petugas loket",
                          "Rina Marlina, S.Sos", ahead, "Belum", ""], RESPONSIBLE_PERSON, "nama orang sebagai PJ")
        plant(name, rtl, [labels[0], quarter, "U2", "Memasang alur layanan di ruang tunggu",
                          "Kepala Seksi Pelayanan", ahead, "mungkin", ""], STATUS_UNKNOWN, "status tidak dikenal")
        plant(name, rtl, [labels[0], quarter, "U9", "", "Kepala Subbagian Umum", ahead, "Belum", ""],
              ACTIVITY_BLANK, "kegiatan kosong")
    return {POPULASI_LAYANAN.name: population, RENCANA_TINDAK_LANJUT.name: rtl}, mistakes
