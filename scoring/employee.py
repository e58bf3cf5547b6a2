"""One result row per employee and month: every component, rating, predikat and what is missing.

Contract: `score_employees(employees, reports, ratings, attendance, emp_ikm, params, periods)`
combines hasil_kerja, perilaku, ikm and predikat into the `Hasil Kinerja` rows (docs/scoring.md §1–3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.arrays import as_float, nullable_int
from scoring.complaint_handling import complaint_nhk
from scoring.hasil_kerja import citizen_share, nhk_own, with_capaian
from scoring.params import DI_BAWAH, ScoringParams
from scoring.perilaku import BERAKHLAK_KEYS, INITIATIVE_KEY, perilaku
from scoring.predikat import nilai_akhir, predikat, rating, rating_perilaku

KEYS = ["period", "nip"]
# The supervisor's ratings as given (1-5): what B and I rest on, for HR's step-by-step explanation.
RATING_COLUMNS = [f"rating_{key}" for key in (*BERAKHLAK_KEYS, INITIATIVE_KEY)]
EMPLOYEE_COLUMNS = ["name", "position", "unit", "agency", "public_service"]
OUTPUT_COLUMNS = [
    "period", "nip", "name", "position", "unit", "agency", "public_service",
    "indicators", "indicators_low", "nhk_own", "ikm", "ikm_responses", "ikm_source", "ikm_minimum", "ikm_used",
    "c_ikm", "nhk", "rating_hk", "b", "i", "d", "npk", "has_rating", "has_attendance", "absent",
    "late", "early_leave", "gate", "rating_pk", "predikat", "na", "feedback", "rater_nip",
    "missing", "ikm_note", "gate_note", *RATING_COLUMNS,
    "complaints_counted", "complaints_on_time", "c_aduan", "rating_row", "attendance_row",
]  # fmt: skip

# What is missing, and who fills it in (shown on the result row so the right person acts).
MISSING_REPORT = "Laporan kinerja belum diisi (diisi pegawai)"
MISSING_RATING = "Penilaian atasan belum ada (diisi atasan)"
MISSING_ATTENDANCE = "Presensi belum ada (diisi admin presensi)"
_PARTS = (MISSING_REPORT, MISSING_RATING, MISSING_ATTENDANCE)
# All 8 combinations, indexed by the bit mask report=4, rating=2, attendance=1.
_MISSING_TEXT = np.array(
    ["; ".join(part for bit, part in zip((4, 2, 1), _PARTS) if mask & bit) for mask in range(8)],
    dtype=object,
)


def score_employees(
    employees: pd.DataFrame,
    reports: pd.DataFrame,
    ratings: pd.DataFrame,
    attendance: pd.DataFrame,
    emp_ikm: pd.DataFrame | None,
    params: ScoringParams,
    periods: list[str] | None = None,
    capaian: pd.DataFrame | None = None,
    officer_complaints: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (period, nip), sorted: every active employee × every period in `periods`
    (default: every period found in reports, ratings or attendance), plus every (period, nip)
    with data, inactive employees included. Columns: OUTPUT_COLUMNS.

    `emp_ikm` is `scoring.ikm.employee_ikm(...)` (period, nip, ikm, ikm_responses, ikm_source);
    None means no IKM anywhere. `officer_complaints` is
    `scoring.complaint_handling.officer_complaints(...)`: the officer's own complaint handling
    joins the citizens' share of NHK (SCORING.md §1); None means no officer named. Rows for NIPs
    not in `employees` are ignored (the validator has already listed them). Components stay unrounded; ratings use half-up rounding.
    """
    staff = employees.drop_duplicates("nip", keep="first").sort_values("nip", ignore_index=True)
    # `capaian`: with_capaian(reports, params) when the caller has it already (the sync keeps the
    # indicator rows for the store), so 4.8 million rows at province scale are not done twice.
    hasil = nhk_own(capaian if capaian is not None else with_capaian(reports, params), params)
    perilaku_rows = perilaku(ratings, attendance, params)

    data_periods = np.union1d(hasil["period"].unique(), perilaku_rows["period"].unique())
    periods = data_periods if periods is None else np.asarray(periods, dtype=object)
    grid = _Grid(staff["nip"], np.union1d(periods, data_periods))

    # Every active employee × every requested period, plus every (period, nip) with data.
    present = np.zeros(grid.size, dtype=bool)
    active = np.flatnonzero(staff["active"].to_numpy(dtype=bool))
    requested = grid.period_index.get_indexer(periods)
    present[(requested[:, None] * grid.n_staff + active[None, :]).ravel()] = True
    hasil_slots = grid.slots(hasil)
    perilaku_slots = grid.slots(perilaku_rows)
    present[hasil_slots[hasil_slots >= 0]] = True
    present[perilaku_slots[perilaku_slots >= 0]] = True
    rows = np.flatnonzero(present)  # slot order = (period, nip) order
    staff_rows = rows % grid.n_staff

    columns = {
        "period": grid.periods[rows // grid.n_staff],
        "nip": staff["nip"].to_numpy(dtype=object)[staff_rows],
        **{name: staff[name].to_numpy()[staff_rows] for name in EMPLOYEE_COLUMNS},
    }
    columns["public_service"] = columns["public_service"].astype(bool)
    columns.update(grid.gather(hasil, hasil_slots, rows, HASIL_FILL))
    columns.update(grid.gather(perilaku_rows, perilaku_slots, rows, PERILAKU_FILL))
    ikm = _ikm_columns(emp_ikm, params)
    columns.update(grid.gather(ikm, grid.slots(ikm), rows, IKM_FILL))

    blended = citizen_share(pd.DataFrame({name: columns[name] for name in CITIZEN_SHARE_INPUT}, copy=False), params)
    columns.update({name: blended[name].to_numpy() for name in CITIZEN_SHARE_OUTPUT})
    if officer_complaints is not None:
        handled = officer_complaints[[*KEYS, *COMPLAINT_FILL]]
        columns.update(grid.gather(handled, grid.slots(handled), rows, COMPLAINT_FILL))
        columns["nhk"] = complaint_nhk(
            columns["nhk_own"], columns["c_ikm"], columns["ikm_used"], columns["c_aduan"], params
        )
    else:
        columns.update({name: np.full(len(rows), default) for name, default in COMPLAINT_FILL.items()})
    rating_hk = rating(columns["nhk"], params)
    rating_pk = rating_perilaku(columns["npk"], columns["gate"], params)
    columns.update(
        rating_hk=rating_hk.to_numpy(),
        rating_pk=rating_pk.to_numpy(),
        predikat=predikat(rating_hk, rating_pk).to_numpy(),
        na=nilai_akhir(columns["nhk"], columns["npk"], params).to_numpy(),
        missing=_missing(columns),
        gate_note=_gate_note(columns, params),
    )
    for name in ("absent", "late", "early_leave", "rating_row", "attendance_row"):
        columns[name] = nullable_int(columns[name])
    # One construction at the end: every column added to a big frame one by one costs a copy.
    return pd.DataFrame({name: columns[name] for name in OUTPUT_COLUMNS}, copy=False)


CITIZEN_SHARE_INPUT = (
    "nhk_own",
    "public_service",
    "ikm",
    "ikm_responses",
    "ikm_source",
    "ikm_sufficient",
    "ikm_minimum",
)
CITIZEN_SHARE_OUTPUT = ("c_ikm", "ikm_used", "nhk", "ikm_note")
# Columns taken from each part, with the value for a (period, nip) the part has no row for.
HASIL_FILL = {"indicators": 0, "indicators_low": 0, "nhk_own": np.nan}
PERILAKU_FILL = {
    "b": np.nan, "i": np.nan, "d": np.nan, "npk": np.nan, "has_rating": False,
    "has_attendance": False, "absent": np.nan, "late": np.nan, "early_leave": np.nan,
    "gate": False, "feedback": "", "rater_nip": "", **{name: np.nan for name in RATING_COLUMNS},
    "rating_row": np.nan, "attendance_row": np.nan,
}  # fmt: skip
IKM_FILL = {"ikm": np.nan, "ikm_responses": 0, "ikm_source": "", "ikm_sufficient": False, "ikm_minimum": ""}
COMPLAINT_FILL = {"complaints_counted": 0, "complaints_on_time": 0, "c_aduan": np.nan}


class _Grid:
    """Dense (period, staff) slots: slot = period code × n_staff + staff code.

    Scattering each part into dense arrays replaces merges on two string columns, which would
    dominate the run time at province scale.
    """

    def __init__(self, nips: pd.Series, periods: np.ndarray):
        self.staff_index = pd.Index(nips.to_numpy(dtype=object))
        self.periods = np.asarray(periods, dtype=object)
        self.period_index = pd.Index(self.periods)
        self.n_staff = len(self.staff_index)
        self.size = len(self.periods) * self.n_staff

    def slots(self, part: pd.DataFrame) -> np.ndarray:
        """Slot of each row of `part` (period, nip columns); -1 for a NIP not on the roster."""
        staff = self.staff_index.get_indexer(part["nip"].to_numpy(dtype=object))
        period = self.period_index.get_indexer(part["period"].to_numpy(dtype=object))
        return np.where((staff >= 0) & (period >= 0), period * self.n_staff + staff, -1)

    def gather(self, part: pd.DataFrame, slots: np.ndarray, rows: np.ndarray, fill: dict) -> dict:
        """Columns of `part` taken at the output `rows`, `fill` where `part` has no row."""
        known = slots >= 0
        out = {}
        for name, default in fill.items():
            if isinstance(default, bool):
                values = part[name].to_numpy(dtype=bool)
            elif isinstance(default, int):  # counts: 0 where missing
                values = np.nan_to_num(as_float(part[name])).astype(np.int64)
            elif isinstance(default, float):
                values = as_float(part[name])
            else:
                values = part[name].fillna(default).to_numpy(dtype=object)
            dense = np.full(self.size, default, dtype=values.dtype)
            dense[slots[known]] = values[known]
            out[name] = dense[rows]
        return out


def _ikm_columns(emp_ikm: pd.DataFrame | None, params: ScoringParams) -> pd.DataFrame:
    if emp_ikm is None:  # no IKM anywhere: an empty part with the dtypes employee_ikm returns
        return pd.DataFrame(
            {
                "period": np.array([], dtype=object),
                "nip": np.array([], dtype=object),
                "ikm": np.array([], dtype=float),
                "ikm_responses": np.array([], dtype=np.int64),
                "ikm_source": np.array([], dtype=object),
                "ikm_sufficient": np.array([], dtype=bool),
                "ikm_minimum": np.array([], dtype=object),
            }
        )
    if "ikm_sufficient" not in emp_ikm:  # a frame not from employee_ikm: the configured minimum
        emp_ikm = emp_ikm.assign(ikm_sufficient=emp_ikm["ikm_responses"] >= params.min_responses)
    if "ikm_minimum" not in emp_ikm:
        emp_ikm = emp_ikm.assign(ikm_minimum=str(params.min_responses))
    return emp_ikm[[*KEYS, *IKM_FILL]]


def _missing(columns: dict) -> np.ndarray:
    """Semicolon-separated Indonesian list of the inputs still missing, '' when complete."""
    mask = (
        4 * (columns["indicators"] == 0)
        + 2 * ~columns["has_rating"].astype(bool)
        + 1 * ~columns["has_attendance"].astype(bool)
    )
    return _MISSING_TEXT[mask]


def _gate_note(columns: dict, params: ScoringParams) -> np.ndarray:
    """The sentence explaining the discipline gate where it set Rating Perilaku (docs/scoring.md §3)."""
    applied = columns["gate"].astype(bool) & columns["has_rating"].astype(bool)
    note = np.full(len(applied), "", dtype=object)
    if applied.any():
        days = columns["absent"][applied].astype(np.int64)
        note[applied] = (
            "Tanpa Keterangan "
            + pd.Series(days).astype(str)
            + f" hari (batas {params.gate_absent_days} hari) sehingga Rating Perilaku menjadi "
            + f"{DI_BAWAH}."
        ).to_numpy()
    return note
