"""The demo city's `Populasi Layanan` and `Rencana Tindak Lanjut` tabs, with a few planted mistakes.

Deterministic (no random draws: the rest of the demo keeps its sequence). The first service
point gives its recipients per month (from its responses: some months memadai, some not), the
second per year and the third per quarter, so the three ways a population reaches a result all
show; the others give none (min_responses applies).
The RTL follows up the weakest-sounding elements of the last complete quarter: one item done, one
under way past its target (the page flags it "terlambat"), one not started yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

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


def _month_of(stamp) -> str | None:
    """'YYYY-MM' of a form timestamp: a datetime, or text 'd/m/yyyy h:mm:ss' (pasted rows)."""
    if isinstance(stamp, datetime):
        return f"{stamp.year:04d}-{stamp.month:02d}"
    if isinstance(stamp, str) and stamp.count("/") == 2:
        day_month, year = stamp.split(" ")[0].rsplit("/", 1)
        return f"{int(year):04d}-{int(day_month.split('/')[1]):02d}"
    return None


def responses_per_month(form_rows: list[list], point) -> dict[str, int]:
    """How many form rows name `point` (any of its labels) per month."""
    names = {label for label, _share in point.labels}
    counts: dict[str, int] = {}
    for row in form_rows[1:]:
        if row and row[1] in names:
            month = _month_of(row[0])
            if month:
                counts[month] = counts.get(month, 0) + 1
    return counts


def _rtl_quarter(months: list[str]) -> tuple[int, int]:
    """(year, quarter) of the last complete quarter of `months`: the one the RTL rows follow up."""
    y, q = _quarter(months[-1])
    if _last_day(months[-1]) != _last_day(f"{y}-{3 * q:02d}"):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return y, q


def _months_of(quarter: tuple[int, int]) -> list[str]:
    y, q = quarter
    return [f"{y}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]


def followup_tabs(
    points, months: list[str], city_stem: str, form_rows: list[list]
) -> tuple[dict[str, list[list]], list[Mistake]]:
    """({tab name: rows}, planted mistakes) for the city workbook. `form_rows`: the form tab."""
    labels = [p.labels[0][0] for p in points]
    population = [[c.header for c in POPULASI_LAYANAN.columns]]
    mistakes: list[Mistake] = []

    def plant(tab: str, rows: list, row: list, kind: str, detail: str) -> None:
        rows.append(row)
        mistakes.append(Mistake(city_stem, tab, len(rows), kind, detail))

    year = months[-1][:4]
    if labels:
        # Recipients per month: in even months just the respondents (everyone asked answered:
        # "memadai"), in odd months four times as many ("belum memadai"). Never fewer than answered.
        answered = responses_per_month(form_rows, points[0])
        # The quarter the RTL rows follow up stays "memadai" (only an adequate IKM proposes RTL).
        followed = set(_months_of(_rtl_quarter(months)))
        for n, month in enumerate(months):
            short = n % 2 == 1 and month not in followed
            population.append([labels[0], month, max(1, answered.get(month, 0)) * (4 if short else 1)])
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
    y, q = _rtl_quarter(months)
    quarter = f"Triwulan {('I', 'II', 'III', 'IV')[q - 1]} {y}"
    past = _last_day(months[-1]).replace(day=15)
    ahead = _last_day(_shift(months[-1], 3))
    for n, label in enumerate(labels[:3]):
        rtl.append(
            [
                label,
                quarter,
                "U3",
                "Menambah satu loket pada jam sibuk",
                "Kepala Seksi Pelayanan",
                past,
                "Proses",
                "Menunggu petugas tambahan",
            ]
            if n == 0
            else [
                label,
                quarter,
                "Sarana dan Prasarana",
                "Memperbaiki pendingin ruang tunggu",
                "Kepala Subbagian Umum",
                past,
                "Selesai",
                "",
            ]
            if n == 1
            else [
                label,
                months[-2],
                "u8",
                "Menyediakan kotak saran dan nomor WhatsApp pengaduan",
                "Koordinator Pelayanan",
                ahead,
                "belum",
                "",
            ]
        )
    if labels:
        plant(
            name,
            rtl,
            [
                labels[0],
                quarter,
                "U6",
                "Pelatihan pelayanan prima bagi petugas loket",
                "Rina Marlina, S.Sos",
                ahead,
                "Belum",
                "",
            ],
            RESPONSIBLE_PERSON,
            "nama orang sebagai PJ",
        )
        plant(
            name,
            rtl,
            [
                labels[0],
                quarter,
                "U2",
                "Memasang alur layanan di ruang tunggu",
                "Kepala Seksi Pelayanan",
                ahead,
                "mungkin",
                "",
            ],
            STATUS_UNKNOWN,
            "status tidak dikenal",
        )
        plant(
            name,
            rtl,
            [labels[0], quarter, "U9", "", "Kepala Subbagian Umum", ahead, "Belum", ""],
            ACTIVITY_BLANK,
            "kegiatan kosong",
        )
    return {POPULASI_LAYANAN.name: population, RENCANA_TINDAK_LANJUT.name: rtl}, mistakes
