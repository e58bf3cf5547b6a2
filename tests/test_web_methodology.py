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
        ScoringParams(), citizen_share=0.25, threshold_meets=85.0, complaint_days_limit=3, rating_table={
            1: 40.0, 2: 70.0, 3: 100.0, 4: 112.5, 5: 125.0},
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
