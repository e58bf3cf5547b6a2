import scoring


def test_public_api_is_exported():
    for name in scoring.__all__:
        assert callable(getattr(scoring, name)) or isinstance(getattr(scoring, name), list), name
    for name in (
        "round_half_up", "with_capaian", "nhk_own", "citizen_share", "perilaku", "rating",
        "rating_perilaku", "predikat", "nilai_akhir", "ikm_table", "employee_ikm",
        "complaint_stats", "form_complaints", "score_employees",
    ):  # fmt: skip
        assert name in scoring.__all__
