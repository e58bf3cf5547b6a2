import ast
import sys
from pathlib import Path

import scoring

SCORING_DIR = Path(scoring.__file__).parent
ALLOWED_THIRD_PARTY = {"numpy", "pandas"}


def test_public_api_is_exported():
    for name in scoring.__all__:
        assert callable(getattr(scoring, name)) or isinstance(getattr(scoring, name), list), name
    for name in (
        "round_half_up", "with_capaian", "nhk_own", "citizen_share", "perilaku", "rating",
        "rating_perilaku", "predikat", "nilai_akhir", "ikm_table", "employee_ikm",
        "complaint_stats", "form_complaints", "score_employees",
    ):  # fmt: skip
        assert name in scoring.__all__


def test_scoring_imports_only_numpy_pandas_stdlib_and_itself():
    for path in sorted(SCORING_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [node.module.split(".")[0]]
            else:
                continue
            for root in roots:
                assert root == "scoring" or root in ALLOWED_THIRD_PARTY or root in sys.stdlib_module_names, (
                    f"{path.name} imports {root}"
                )
