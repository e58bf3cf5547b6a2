import dataclasses

from scoring.params import PREDIKAT_MATRIX, RATINGS, ScoringParams
from web import methodology


def _all_text(params: ScoringParams, min_group_size: int = 5) -> str:
    return "\n".join(p for s in methodology.sections(params, min_group_size) for p in (s.title, *s.paragraphs))


def test_default_numbers_are_stated():
    text = _all_text(ScoringParams())
    for fragment in (
        "NHK = 80% × NHK sendiri + 20% × capaian IKM",
        "100 × IKM ÷ 76,61",
        "1 → 50, 2 → 75, 3 → 100, 4 → 110, 5 → 120",
        "NPK) = 60% × B + 25% × D + 15% × I",
        "100 − 10 × hari Tanpa Keterangan − 2 × (Terlambat + Pulang Cepat)",
        "≥ 110 Di Atas Ekspektasi; 90 sampai di bawah 110 Sesuai Ekspektasi",
        "Tanpa Keterangan 5 hari atau lebih",
        "Nilai Akhir = 70% × NHK + 30% × NPK",
        "≥ 88,31: A (Sangat Baik); ≥ 76,61: B (Baik); ≥ 65,00: C (Kurang Baik); di bawahnya: D (Tidak Baik)",
        "sedikitnya 20 tanggapan sah",
        "selesai dalam 5 hari kerja",
    ):
        assert fragment in text, fragment


def test_configured_numbers_replace_the_defaults():
    params = dataclasses.replace(
        ScoringParams(),
        citizen_share=0.25,
        threshold_meets=85.0,
        complaint_days_limit=3,
        rating_table={1: 40.0, 2: 70.0, 3: 100.0, 4: 112.5, 5: 125.0},
    )
    text = _all_text(params, min_group_size=8)
    assert "NHK = 75% × NHK sendiri + 25% × capaian IKM" in text
    assert "85 sampai di bawah 110" in text
    assert "4 → 112,5, 5 → 125" in text
    assert "selesai dalam 3 hari kerja" in text
    assert "sedikitnya 8 pegawai dinilai" in text


def test_reference_tables():
    assert methodology.rating_table(ScoringParams())[0] == (1, 50.0)
    matrix = dict(methodology.predikat_matrix())
    for hk in RATINGS:
        assert matrix[hk] == tuple(PREDIKAT_MATRIX[(hk, pk)] for pk in RATINGS)


def test_rules_lines_name_the_model_and_regulations():
    lines = methodology.rules_lines(ScoringParams())
    assert lines[0] == "Metodologi: Model Kinerja Kota Solok v1"
    assert all(isinstance(line, str) for line in lines)
    joined = "\n".join(lines)
    for name, _title, _use in methodology.REGULATIONS:
        assert name in joined
    assert "- Di Atas Ekspektasi: Sangat Baik / Baik / Kurang/Misconduct" in lines


def test_issue3_rules_are_stated_from_params():
    params = dataclasses.replace(ScoringParams(), attention_decline_months=4, attention_share=0.25, ikm_drop_points=6.5)
    text = _all_text(params)
    assert "turun 4 bulan berturut-turut" in text
    assert "lebih dari 25% pegawainya" in text
    assert "IKM turun ≥ 6,5 poin" in text and "turun 6,5 poin atau lebih" in text
    assert "rata-rata nilai bulanan yang ada" in text  # quarter / year
    assert "bukan rata-rata IKM bulanan" in text
    assert "predikat pegawai tidak pernah diubah" in text  # distribution check: a warning only


def test_publication_rules_say_what_is_hidden_and_why():
    text = "\n".join(
        p
        for s in methodology.sections(dataclasses.replace(ScoringParams(), min_responses=25), 7, min_cell=4)
        for p in (s.title, *s.paragraphs)
    )
    # IKM: anonymous answers, published whenever the sample suffices, the state named otherwise
    assert "tanpa nama" in text and "tidak perlu penyembunyian pelengkap" in text
    assert "sampel kurang (n = 12, minimal 25)" in text
    assert "belum ada responden" in text and "tidak ada layanan yang disurvei" in text
    # the predikat distribution: personal data, small cells and a complementary cell hidden
    assert "kurang dari 7 pegawai" in text
    assert "1 sampai 3 pegawai" in text and "penyembunyian pelengkap" in text
    assert "jumlah pegawai dinilai" in text and "triwulan" in text.split("penyembunyian pelengkap")[1]
    assert "data belum cukup" not in text
    assert "Tidak ada total kota" in text
    assert '"Lainnya"' in text


def test_feedback_table_defaults_and_config():
    from scoring.feedback import FeedbackSettings

    rows = methodology.feedback_table(ScoringParams())
    assert len(rows) == 22
    assert rows[0][0] == "Disiplin: Tanpa Keterangan 5 hari atau lebih, atau nilai Disiplin di bawah 90"
    assert rows[0][1] == FeedbackSettings().discipline
    # The employee's own weaknesses come before the unit's SKM element (scoring.feedback.SUGGESTION_PRIORITY).
    assert [label.split(":")[0] for label, _ in rows[:4]] == ["Disiplin", "Target", "Perilaku", "Inisiatif"]
    assert rows[6][0] == "Unsur SKM unit paling lemah U3 Waktu Penyelesaian (NRR di bawah 3,0644)"
    assert ("Selain itu: nilai BerAKHLAK terendah Akuntabel", FeedbackSettings().berakhlak_accountable) in rows
    assert rows[-1][1] == FeedbackSettings().general
    custom = dataclasses.replace(FeedbackSettings(), u7="kelas etika", weak_element_nrr=3.0)
    rows = dict(methodology.feedback_table(dataclasses.replace(ScoringParams(), gate_absent_days=4), custom))
    assert rows["Unsur SKM unit paling lemah U7 Perilaku Pelaksana (NRR di bawah 3,0000)"] == "kelas etika"
    assert "Disiplin: Tanpa Keterangan 4 hari atau lebih, atau nilai Disiplin di bawah 90" in rows


def test_distribution_table_from_the_rule_data():
    table = dict(methodology.distribution_table())
    assert list(table) == ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]
    assert table["Baik"] == (
        "paling banyak 70% pegawai berpredikat Baik",
        "harus ada pegawai berpredikat Butuh Perbaikan atau Kurang/Misconduct",
    )
    assert "tidak ada pegawai berpredikat Sangat Baik" in table["Sangat Kurang"]


def test_rules_lines_include_the_new_tables_and_the_rules_id():
    lines = methodology.rules_lines(ScoringParams(), rules=("abc123", "Model Kinerja Kota Solok v1 (abc123)"))
    assert lines[:3] == [
        "Metodologi: Model Kinerja Kota Solok v1",
        "Aturan yang berlaku: Model Kinerja Kota Solok v1 (abc123) (kode abc123)",
        "",
    ]
    assert "Saran pengembangan (aturan pertama yang cocok)" in lines
    assert any(line.startswith("- Baik: paling banyak 70%") for line in lines)
    assert methodology.rules_lines(ScoringParams())[1] == ""  # the report's call without rules


def test_trend_rules_read_well_and_name_the_agency_decline_rule():
    text = _all_text(ScoringParams(), 5)
    assert "yang mendapat predikat berpredikat" not in text
    assert (
        "OPD ditandai bila rata-rata Nilai Akhirnya turun 3 bulan berturut-turut, atau bila lebih dari "
        "20% pegawainya berpredikat Butuh Perbaikan atau lebih rendah."
    ) in " ".join(text.split())


def test_the_ikm_weight_is_stated_as_exactly_one_ninth():
    # Issue 12, item 10: published reports weigh each element 0,111 or 0,11; the page says which we use.
    text = _all_text(ScoringParams())
    assert "Bobot setiap unsur tepat 1/9" in text and "bukan 0,111 atau 0,11" in text
    assert "91,48 dengan 1/9, 91,38 dengan 0,111, 90,56 dengan 0,11" in text  # the gaspul case's figures


def test_questions_and_profile_rules_are_stated():
    text = _all_text(ScoringParams())
    assert "dikenali dari isinya" in text and "tidak pernah ditebak" in text
    assert "Profil responden" in text and "sedikitnya 20 responden" in text


def test_complaint_handling_rule_is_stated_with_its_numbers():
    """Issue 12, item 9: the officer's complaint handling, by SCORING.md §1, on Metodologi."""
    text = _all_text(ScoringParams())
    for fragment in (
        "NIP Petugas",
        "capaian pengaduan = 100 × bagian tepat waktu ÷ 80%, paling tinggi 120",
        "NHK = 80% × NHK sendiri + 10% × capaian IKM + 10% × capaian pengaduan",
        "NHK = 80% × NHK sendiri + 20% × capaian pengaduan",
        "libur nasional dan cuti bersama",
    ):
        assert fragment in text, fragment
    text = _all_text(dataclasses.replace(ScoringParams(), complaint_target=0.9, complaint_part=0.25, c_aduan_cap=110.0))
    assert "÷ 90%, paling tinggi 110" in text
    assert "NHK = 80% × NHK sendiri + 15% × capaian IKM + 5% × capaian pengaduan" in text


def _metodologi(tmp_path, privacy: str, own: str = "") -> str:
    """/metodologi of a site started from a real config file (with [privacy] agency_results and
    one agency's own setting) over the fixture store."""
    import re

    from config.settings import load_settings
    from sync.store import ResultsStore
    from tests import fixture_store as fx
    from web import create_app

    fx.fill_store(ResultsStore(tmp_path / "kinerja.sqlite"))
    (tmp_path / "data").mkdir(exist_ok=True)
    own_line = f'agency_results = "{own}"\n' if own else ""
    (tmp_path / "kinerja.toml").write_text(
        '[source]\nkind = "local"\nfolder = "data"\n\n[city]\nspreadsheet = "kota"\n\n'
        f'[privacy]\nagency_results = "{privacy}"\n\n'
        '[[agencies]]\ncode = "DINKES"\nname = "Dinas Kesehatan"\nspreadsheet = "dinkes"\n\n'
        f'[[agencies]]\ncode = "KECLS"\nname = "Kecamatan Lubuk Sikarah"\nspreadsheet = "kecls"\n{own_line}\n'
        '[store]\npath = "kinerja.sqlite"\n',
        encoding="utf-8",
    )
    app = create_app(load_settings(tmp_path / "kinerja.toml"), test_config={"SECRET_KEY": "t", "TESTING": True})
    html = app.test_client().get("/metodologi").get_data(as_text=True)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_where_an_employee_reads_the_result_follows_agency_results(tmp_path):
    """Under the default "terbatas" the agency's spreadsheet holds no score or note: the page
    sends the employee to /saya and names who else sees it; "lengkap" says the tab shows them too."""
    terbatas = _metodologi(tmp_path / "a", "terbatas")
    assert "spreadsheet OPD-nya:" not in terbatas and "melihat hasilnya sendiri di spreadsheet" not in terbatas
    assert "membaca Catatan Penilaian bulanannya di halaman pribadinya di situs ini (/saya, masuk dengan NIP):" in (
        terbatas
    )
    assert "atasannya (dua tingkat), admin OPD-nya, dan BKPSDM melihatnya" in terbatas
    assert "hanya memuat data yang belum lengkap dan yang perlu diperbaiki, tanpa nilai dan catatan" in terbatas
    lengkap = _metodologi(tmp_path / "b", "lengkap")
    assert "(/saya, masuk dengan NIP) dan di tab Hasil Kinerja spreadsheet OPD-nya:" in lengkap
    assert "terbuka bagi siapa pun yang dapat membuka spreadsheet itu" in lengkap
    mixed = _metodologi(tmp_path / "c", "terbatas", own="lengkap")
    assert "OPD yang memilih tampilan lengkap juga menuliskannya di tab Hasil Kinerja" in mixed
