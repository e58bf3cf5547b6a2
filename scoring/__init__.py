"""Pure scoring of the appraisal model (docs/scoring.md §1–4): DataFrames in, DataFrames out.

Imports only pandas, numpy and the standard library; parameters come in as `ScoringParams`.
"""

from scoring.complaints import complaint_stats, form_complaints, working_days
from scoring.completeness import completeness
from scoring.distribution import check_distribution, org_ratings, year_warnings
from scoring.employee import OUTPUT_COLUMNS, score_employees
from scoring.feedback import FeedbackSettings, catatan_penilaian
from scoring.hasil_kerja import citizen_share, nhk_own, with_capaian
from scoring.ikm import employee_ikm, ikm_table, mutu
from scoring.params import ScoringParams
from scoring.perilaku import perilaku
from scoring.periodic import periodic_results, periodic_summary, pooled_ikm
from scoring.predikat import nilai_akhir, predikat, rating, rating_perilaku
from scoring.rounding import round_half_up
from scoring.summary import agency_summary
from scoring.trends import agency_trends, employee_trends, ikm_quarter_flags

__all__ = [
    "OUTPUT_COLUMNS",
    "FeedbackSettings",
    "ScoringParams",
    "agency_summary",
    "agency_trends",
    "catatan_penilaian",
    "check_distribution",
    "citizen_share",
    "complaint_stats",
    "completeness",
    "employee_ikm",
    "employee_trends",
    "form_complaints",
    "ikm_quarter_flags",
    "ikm_table",
    "mutu",
    "nhk_own",
    "nilai_akhir",
    "org_ratings",
    "perilaku",
    "periodic_results",
    "periodic_summary",
    "pooled_ikm",
    "predikat",
    "rating",
    "rating_perilaku",
    "round_half_up",
    "score_employees",
    "with_capaian",
    "working_days",
    "year_warnings",
]
