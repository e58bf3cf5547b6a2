"""[privacy] agency_results (issue 13, item 5): the agency spreadsheet's own result tabs, which every
colleague with access to the spreadsheet reads, hold no score, rating, predikat, feedback or
discipline detail in "terbatas" mode (the default), and today's full tab in "lengkap" mode.

Real .xlsx through the local backend, and the same agency on the Google backend (fake Sheets API),
each through a whole run_cycle.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from config.settings import parse_settings
from scoring.rounding import round_half_up
from scoring.vocabulary import PREDIKATS
from sync.cycle import STATUS_OK, run_cycle
from sync.results.tabs import HASIL_SPEC, HASIL_TERBATAS_SPEC
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from tests.fake_sheets import FakeSheets
from tests.google_world import google_backend

TODAY = dt.date(2026, 11, 28)
A, B, C = "198503152010121001", "199001012015032002", "197512312000031003"
FEEDBACK_A = "Pertahankan kecepatan layanan di loket"
FEEDBACK_B = "Perbaiki kehadiran bulan depan"
RATINGS = [
    "Periode",
    "NIP",
    "Berorientasi Pelayanan",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Loyal",
    "Adaptif",
    "Kolaboratif",
    "Inisiatif",
    "Umpan Balik",
    "NIP Penilai",
]
PRESENSI = ["Periode", "NIP", "Hari Kerja", "Hadir", "Terlambat", "Pulang Cepat", "Tanpa Keterangan"]
BASE_URL = "https://kinerja.solokkota.go.id"
AGENCY = {
    "Pegawai": [
        ["NIP", "Nama", "Jabatan", "Unit Kerja", "NIP Atasan", "Layanan Publik", "Status"],
        [A, "Rina", "Staf", "Bidang Pelayanan", "", "Tidak", "Aktif"],
        [B, "Budi", "Staf", "Bidang Pelayanan", "", "Tidak", "Aktif"],
        [C, "Citra", "Staf", "Bidang Arsip", "", "Tidak", "Aktif"],
    ],
    "Laporan Kinerja": [
        ["Periode", "NIP", "Rencana Hasil Kerja", "Indikator", "Target", "Realisasi"],
        ["2026-10", A, "RHK", "Layanan", 10, 10.7],
        ["2026-10", B, "RHK", "Layanan", 10, 9.3],
        ["2026-10", C, "RHK", "Arsip", 10, "x"],  # row 4: rejected (not a number)
    ],
    "Penilaian Atasan": [
        RATINGS,
        ["2026-10", A, 4, 4, 3, 4, 3, 4, 4, 4, FEEDBACK_A, ""],
        ["2026-10", B, 3, 3, 3, 2, 3, 3, 3, 3, FEEDBACK_B, ""],
        ["2026-10", C, 4, 4, 4, 4, 4, 4, 4, 4, "", ""],
    ],
    "Presensi": [
        PRESENSI,
        ["2026-10", A, 21, 21, 1, 0, 0],
        ["2026-10", B, 21, 14, 2, 1, 7],  # 7 days without leave: the discipline gate applies
        ["2026-10", C, 21, 21, 0, 0, 0],
    ],
}
CITY = {"Tanggapan Formulir 1": [["Cap waktu", "Unit Layanan"] + [f"U{j}. ?" for j in range(1, 10)]]}
SCORE_HEADERS = (
    "Nilai Akhir",
    "Predikat",
    "Nilai Hasil Kerja",
    "Nilai Perilaku Kerja",
    "Rating Hasil Kerja",
    "Rating Perilaku",
    "Nilai Disiplin",
    "Umpan Balik Atasan",
    "Catatan Penilaian",
)


def write_book(path, tabs: dict[str, list[list]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for name, rows in tabs.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write_string(r, c, value) if isinstance(value, str) else ws.write(r, c, value)
    wb.close()


def make_settings(base, privacy: str | None = None, agency_results: str = "", kind: str = "local"):
    agency = {"code": "DISDUKCAPIL", "name": "Dinas Kependudukan dan Pencatatan Sipil", "spreadsheet": "dukcapil"}
    if agency_results:
        agency["agency_results"] = agency_results
    data = {
        "source": {"kind": kind, "folder": "data"},
        "city": {"spreadsheet": "kota"},
        "agencies": [agency],
        "store": {"path": "var/k.sqlite"},
        "web": {"base_url": BASE_URL},
    }
    if privacy:
        data["privacy"] = {"agency_results": privacy}
    return parse_settings(data, base / "kinerja.toml")


def local_cycle(base, **config):
    (base / "data").mkdir(parents=True, exist_ok=True)
    write_book(base / "data" / "dukcapil.xlsx", AGENCY)
    write_book(base / "data" / "kota.xlsx", CITY)
    settings = make_settings(base, **config)
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, LocalBackend(settings.source.folder), store, log=lambda _l: None, today=TODAY)
    assert next(s for s in result.sheets if s.scope == "DISDUKCAPIL").status == STATUS_OK
    book = openpyxl.load_workbook(base / "data" / "dukcapil.hasil.xlsx")
    tabs = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    return store, tabs


def google_cycle(base, **config):
    fake = FakeSheets(time_zone="Asia/Jakarta")
    fake.add_spreadsheet("dukcapil", AGENCY)
    fake.add_spreadsheet("kota", CITY)
    settings = make_settings(base, kind="google", **config)
    store = ResultsStore(settings.store.path)
    result = run_cycle(settings, google_backend(fake), store, log=lambda _l: None, today=TODAY)
    assert next(s for s in result.sheets if s.scope == "DISDUKCAPIL").status == STATUS_OK
    return store, {tab: fake.values("dukcapil", tab) for tab in fake.titles("dukcapil")}


def by_header(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def appraisal(store: ResultsStore) -> tuple[set[float], list[str]]:
    """Every employee's scores (as the tabs would round them) and their notes' texts."""
    results = store.read("results")
    scores = {
        float(round_half_up(float(v), 2))
        for col in ("nhk_own", "nhk", "b", "d", "i", "npk", "na")
        for v in results[col].dropna()
    }
    notes = [t for col in ("feedback", "gate_note", "catatan") for t in results[col].dropna() if str(t).strip()]
    return scores, notes


def assert_nothing_of_the_appraisal(store: ResultsStore, tabs: dict[str, list[list]], owned: set[str]) -> None:
    scores, notes = appraisal(store)
    assert scores and any("Tanpa Keterangan 7 hari" in n for n in notes) and FEEDBACK_A in notes
    hasil = tabs["Hasil Kinerja"]
    assert hasil[0] == [h for h, _k, _d in HASIL_TERBATAS_SPEC]
    assert not set(SCORE_HEADERS) & set(hasil[0])
    for tab, rows in tabs.items():
        for row in rows[1:]:
            for cell in row:
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    assert float(cell) not in scores, (tab, row)
                elif isinstance(cell, str) and cell:
                    assert cell not in PREDIKATS, (tab, row)
                    if tab in owned:  # the input tabs hold what the supervisors typed, by design
                        assert not any(note in cell for note in notes), (tab, row)
                        assert "Tanpa Keterangan" not in cell and "sehingga Rating Perilaku" not in cell, (tab, row)


def test_terbatas_is_the_default_and_the_local_result_workbook_holds_no_score_or_feedback(tmp_path):
    store, tabs = local_cycle(tmp_path)
    assert_nothing_of_the_appraisal(store, tabs, set(tabs))
    rows = {r["NIP"]: r for r in by_header(tabs["Hasil Kinerja"])}
    assert set(rows) == {A, B, C}
    assert rows[A]["Status Data"] == "Lengkap" and not rows[A]["Data Belum Lengkap"]
    assert rows[C]["Status Data"] == "Belum lengkap"
    assert "ditolak" in rows[C]["Data Belum Lengkap"]
    assert rows[C]["Baris Perlu Diperbaiki"] == "Laporan Kinerja baris 4 (lihat tab Validasi)"
    assert not rows[A]["Baris Perlu Diperbaiki"]
    assert rows[A]["Hasil Dibaca di"].startswith(f"{BASE_URL}/saya")
    # who may open it, as the site opens it (docs/product.md "Who sees what"; /saya says the same)
    assert (
        "hanya terbuka bagi Anda, atasan Anda (dua tingkat), admin OPD Anda, dan BKPSDM" in rows[A]["Hasil Dibaca di"]
    )
    assert "hanya Anda dan atasan Anda" not in rows[A]["Hasil Dibaca di"]
    # No employee's quarter; and the agency's own averages rest on 2 scored employees (fewer than
    # [web] min_group_size), so they would be those two people's scores: left out, as in Ringkasan.
    assert by_header(tabs["Hasil Periodik"]) == []
    summary = by_header(tabs["Ringkasan"])[0]
    assert summary["Pegawai Berpredikat"] == 2 and summary["Rata-rata Nilai Akhir"] is None
    assert summary["Pegawai Data Lengkap"] == 2  # what colleagues act on stays


def test_terbatas_on_google_leaves_no_score_or_feedback_anywhere_in_the_spreadsheet(tmp_path):
    store, tabs = google_cycle(tmp_path)
    owned = {"Hasil Kinerja", "Hasil Periodik", "Validasi", "Ringkasan"}
    assert owned <= set(tabs)
    assert_nothing_of_the_appraisal(store, tabs, owned)
    assert {r["NIP"] for r in by_header(tabs["Hasil Kinerja"])} == {A, B, C}


def test_lengkap_keeps_every_score_and_note(tmp_path):
    store, tabs = local_cycle(tmp_path, privacy="lengkap")
    assert tabs["Hasil Kinerja"][0] == [h for h, _k, _d in HASIL_SPEC]
    rows = {r["NIP"]: r for r in by_header(tabs["Hasil Kinerja"])}
    results = store.read("results").set_index("nip")
    assert rows[A]["Nilai Akhir"] == pytest.approx(float(round_half_up(results.loc[A, "na"], 2)))
    assert rows[A]["Umpan Balik Atasan"] == FEEDBACK_A
    assert "Pegawai" in {r["Tingkat"] for r in by_header(tabs["Hasil Periodik"])}
    assert by_header(tabs["Ringkasan"])[0]["Rata-rata Nilai Akhir"] is not None


def test_restricted_periodic_tab_keeps_the_agency_rows_of_large_enough_groups():
    import pandas as pd

    from sync.results.periodic import hasil_periodik

    employees = pd.DataFrame(
        {
            "period": ["2026-Q4"],
            "kind": ["triwulan"],
            "nip": [A],
            "name": ["Rina"],
            "unit": ["U"],
            "months": [3],
            "na": [97.5],
            "predikat": ["Baik"],
        }
    )
    agency = pd.DataFrame(
        {
            "period": ["2026-Q4", "2026-Q3"],
            "kind": ["triwulan"] * 2,
            "months": [3, 3],
            "headcount": [40, 4],
            "scored": [38, 4],
            "avg_nhk": [95.0, 90.0],
            "avg_npk": [96.0, 91.0],
            "avg_na": [95.3, 90.3],
            **{c: [5, 1] for c in ("n_sangat_baik", "n_baik", "n_butuh_perbaikan", "n_kurang", "n_sangat_kurang")},
        }
    )
    full = hasil_periodik(employees, agency)
    restricted = hasil_periodik(employees, agency, restricted=True, min_group=5)
    assert len(full.rows) == 3
    assert [r[full.headers.index("Tingkat")] for r in restricted.rows] == ["OPD"]
    assert restricted.rows[0][full.headers.index("Nilai Akhir")] == 95.3


@pytest.mark.parametrize(
    "city, agency, shown", [("terbatas", "lengkap", HASIL_SPEC), ("lengkap", "terbatas", HASIL_TERBATAS_SPEC)]
)
def test_an_agency_may_override_the_city_setting(tmp_path, city, agency, shown):
    _store, tabs = local_cycle(tmp_path, privacy=city, agency_results=agency)
    assert tabs["Hasil Kinerja"][0] == [h for h, _k, _d in shown]


def test_a_wrong_mode_is_refused_with_the_choices(tmp_path):
    from config.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        make_settings(tmp_path, privacy="sebagian")
    assert 'privacy.agency_results: harus "terbatas"' in str(info.value)
    with pytest.raises(ConfigError) as info:
        make_settings(tmp_path, agency_results="semua")
    assert "agencies[1].agency_results" in str(info.value)


def test_the_google_cycle_writes_the_same_restricted_tab_as_the_local_one(tmp_path):
    _s, local = local_cycle(tmp_path / "local")
    _s, google = google_cycle(tmp_path / "google")
    assert local["Hasil Kinerja"][0] == google["Hasil Kinerja"][0]
    key = lambda rows: sorted(tuple("" if v is None else v for v in r) for r in rows[1:])  # noqa: E731
    assert key(local["Hasil Kinerja"]) == key(google["Hasil Kinerja"])
