"""The numbers of the scoring model, declared once with their defaults and sources.

`config/` loads the `[scoring]` table of the TOML into this dataclass; scoring functions take it
as an explicit argument. Defaults are "Model Kinerja Kota Solok v1" (docs/scoring.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The rating and predikat labels are words of the shared vocabulary (re-exported here for the
# modules that read them with the model's rules).
from scoring.vocabulary import (  # noqa: F401
    BAIK,
    BUTUH_PERBAIKAN,
    DI_ATAS,
    DI_BAWAH,
    KURANG,
    PREDIKATS,
    RATINGS,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
)

MODEL_NAME = "Model Kinerja Kota Solok v1"

# PermenPANRB 6/2022, Lampiran: the predikat matrix, rows = Hasil Kerja, columns = Perilaku.
PREDIKAT_MATRIX = {
    (DI_ATAS, DI_ATAS): SANGAT_BAIK,
    (DI_ATAS, SESUAI): BAIK,
    (DI_ATAS, DI_BAWAH): KURANG,
    (SESUAI, DI_ATAS): BAIK,
    (SESUAI, SESUAI): BAIK,
    (SESUAI, DI_BAWAH): KURANG,
    (DI_BAWAH, DI_ATAS): BUTUH_PERBAIKAN,
    (DI_BAWAH, SESUAI): BUTUH_PERBAIKAN,
    (DI_BAWAH, DI_BAWAH): SANGAT_KURANG,
}

# Mutu pelayanan (PermenPANRB 14/2017, Lampiran): lower bound of IKM -> (code, label).
MUTU_BANDS = (
    (88.31, "A", "Sangat Baik"),
    (76.61, "B", "Baik"),
    (65.00, "C", "Kurang Baik"),
    (25.00, "D", "Tidak Baik"),
)


@dataclass(frozen=True)
class ScoringParams:
    """Every number of the scoring model. Field names are the config keys under `[scoring]`."""

    # Hasil Kerja
    capaian_cap: float = 120.0
    citizen_share: float = 0.20  # weight of c_ikm in NHK for public-service staff
    ikm_target: float = 76.61  # lower bound of mutu B (PermenPANRB 14/2017)
    c_ikm_cap: float = 120.0
    min_responses: int = 20
    # Perilaku Kerja
    rating_table: dict[int, float] = field(default_factory=lambda: {1: 50.0, 2: 75.0, 3: 100.0, 4: 110.0, 5: 120.0})
    weight_berakhlak: float = 0.60
    weight_discipline: float = 0.25
    weight_initiative: float = 0.15
    penalty_absent: float = 10.0  # per day Tanpa Keterangan
    penalty_late: float = 2.0  # per Terlambat or Pulang Cepat
    gate_absent_days: int = 5  # Tanpa Keterangan >= this -> Perilaku Di Bawah Ekspektasi
    # Ratings (PP 30/2019: Baik band from 90, Sangat Baik from 110)
    threshold_above: float = 110.0
    threshold_meets: float = 90.0
    # Nilai Akhir (PP 30/2019 weights)
    weight_final_hasil: float = 0.70
    weight_final_perilaku: float = 0.30
    # Complaints: SP4N-LAPOR! follow-up limit in working days
    complaint_days_limit: int = 5
    # Complaint handling of the officer named in the Pengaduan log (SCORING.md §1, example E):
    # c_aduan = min(c_aduan_cap, 100 × on-time share / complaint_target); when the unit's IKM also
    # applies, c_aduan takes `complaint_part` of citizen_share (0.50: divided equally).
    complaint_target: float = 0.80
    c_aduan_cap: float = 120.0
    complaint_part: float = 0.50
    # Indicators under this capaian are named in the feedback
    indicator_low: float = 90.0
    # Trends (docs/scoring.md §5): "perlu perhatian" when Nilai Akhir fell this many months running
    attention_decline_months: int = 3
    # An agency needs attention when more than this share of its employees with a predikat are
    # Butuh Perbaikan or worse (a model default, not a regulation: one in five)
    attention_share: float = 0.20
    # A unit's IKM falling this many points or more against the previous quarter is flagged (§5)
    ikm_drop_points: float = 5.0
