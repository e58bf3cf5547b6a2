"""Pure scoring of the appraisal model (SCORING.md §1–4): DataFrames in, DataFrames out.

Imports only pandas, numpy and the standard library; parameters come in as `ScoringParams`.
"""

from scoring.complaints import complaint_stats, form_complaints, working_days
from scoring.employee import OUTPUT_COLUMNS, score_employees
from scoring.hasil_kerja import citizen_share, nhk_own, with_capaian
from scoring.ikm import employee_ikm, ikm_table, mutu
from scoring.params import ScoringParams
from scoring.perilaku import perilaku
from scoring.predikat import nilai_akhir, predikat, rating, rating_perilaku
from scoring.rounding import round_half_up
from scoring.summary import agency_summary

__all__ = [
    "OUTPUT_COLUMNS",
    "ScoringParams",
    "agency_summary",
    "citizen_share",
    "complaint_stats",
    "employee_ikm",
    "form_complaints",
    "ikm_table",
    "mutu",
    "nhk_own",
    "nilai_akhir",
    "perilaku",
    "predikat",
    "rating",
    "rating_perilaku",
    "round_half_up",
    "score_employees",
    "with_capaian",
    "working_days",
]
