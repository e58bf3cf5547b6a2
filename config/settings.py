"""Load the TOML config once into frozen dataclasses; every wrong key is reported at start-up.

Admins write the config by hand, so `load_settings` collects *all* problems (unknown keys, wrong
types, weights that do not sum to 1, ...) and raises one ConfigError listing each with the key
and what to do. Everything except `[source]`, `[city]`, `[[agencies]]` and `[store]` has a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.contract import (
    AGENCY_INPUT_TABS,
    AGENCY_OPTIONAL_TABS,
    CITY_INPUT_TABS,
    CITY_SCOPE,
    SKM_KEYS,
    normalize_header,
)
from config.errors import ConfigError
from config.survey_link import link_problems
from scoring.feedback import FeedbackSettings
from scoring.params import MODEL_NAME, ScoringParams
from scoring.vocabulary import ORG_RATINGS

SOURCE_KINDS = ("local", "google")
# Default of `[sync] max_cells_per_tab` (sync/sources/extent.py applies it): an Excel sheet holds at most 1,048,576 rows, so the
# widest contract tab (Penilaian Atasan, 12 columns) filled to its last row with a few columns of
# the agency's own is about 16-19 million cells; Google Sheets holds 10 million cells per whole
# spreadsheet. 20 million admits every real tab, a province's included, while one stray cell in
# XFD1 of a 1,300-row tab or beyond is refused before its grid (32 bytes a cell in calamine,
# about as much again in Python) takes gigabytes.
DEFAULT_MAX_CELLS = 20_000_000

# Privacy floors: a config may raise these thresholds, never lower them below the floor.
# Employees: no figure (predikat distribution, average Nilai Akhir) of a group of fewer than 5
# scored employees is ever published. 5 is the product rule and the usual small-cell threshold of
# statistical disclosure control (counts below 5 are suppressed); below it one employee's score
# can be read off or differenced out of a published aggregate.
MIN_GROUP_SIZE_FLOOR = 5
MIN_CELL_SIZE_FLOOR = 2  # a predikat cell of 1 would name a person
# Survey (SKM): an IKM rests on at least 10 responses. Respondents are anonymous, so the floor is
# about what one respondent can do: IKM = 25 x mean NRR, so one response moves a unit's IKM by up
# to 75 / n points; at n = 10 that is 7.5 points, less than the narrowest mutu band of PermenPANRB
# 14/2017 (B: 76.61-88.30, C: 65.00-76.60, about 11.7 points wide), and no published NRR is one
# citizen's answers. Below that a single citizen would decide the unit's mutu and, through c_ikm,
# its employees' scores. The regulation's own sample (Krejcie-Morgan) is far larger; the default
# of 20 stays the product's choice.
MIN_RESPONSES_FLOOR = 10
# The largest number on the score scale a [scoring] key may hold (scores are about 0-120; the
# notes' number table assumes under 1000).
SCORE_SCALE_MAX = 1000.0
# Agency codes appear in URLs (/opd/<code>), file names and the store's scope column. \Z, not $:
# $ also matches before a final newline, and "DLH\n" would pass.
AGENCY_CODE = re.compile(r"^[A-Za-z0-9_-]+\Z")
# Google spreadsheet keys: the part of the address between /d/ and /edit (URL-safe base64).
GOOGLE_KEY = re.compile(r"^[A-Za-z0-9_-]+\Z")
# Characters no file name should hold: a NUL cannot reach the OS at all, a newline or tab makes a
# file nobody can find by its name (init would create 'dlh\n.xlsx').
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Longest file name we create from a configured name, in UTF-8 bytes: the OS allows 255, and our
# own suffixes ('.hasil.xlsx', '.worker.lock', '-wal', temporary names) need the rest.
MAX_FILE_NAME_BYTES = 200


@dataclass(frozen=True)
class SourceSettings:
    kind: str = "local"
    folder: Path = Path("data")
    credentials: str = ""
    timeout_seconds: float = 30.0
    reads_per_minute: int = 60
    writes_per_minute: int = 60
    max_retries: int = 6


@dataclass(frozen=True)
class CitySettings:
    spreadsheet: str = ""
    name: str = "Pemerintah Kota Solok"
    form_tab: str = "Tanggapan Formulir 1"
    complaints_tab: str = "Pengaduan"


@dataclass(frozen=True)
class AgencySettings:
    code: str
    name: str
    spreadsheet: str
    aliases: tuple[str, ...] = ()
    org_rating: str = ""
    # The agency's own complaint channel, printed on its QR posters beside SP4N-LAPOR!
    # (free text: a WhatsApp number, an e-mail, a counter), e.g. "WhatsApp 0812-0000-0000".
    complaint_contact: str = ""
    # The agency's Hasil Kinerja tab: "" = [privacy] agency_results; "terbatas" or "lengkap" for
    # this agency alone (an agency where only its admins open the spreadsheet may keep "lengkap").
    agency_results: str = ""
    # Where the weekly completeness digest goes ([notify]): the agency admins' e-mail addresses.
    admin_emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreSettings:
    path: Path = Path("var/kinerja.sqlite")


@dataclass(frozen=True)
class SyncSettings:
    interval_minutes: int = 15
    # Cells read per input tab at most (rows x columns up to its last non-blank cell); a larger
    # tab is refused with a Validasi row naming the cell to clear. Why 20 million: DEFAULT_MAX_CELLS.
    max_cells_per_tab: int = DEFAULT_MAX_CELLS


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key_env: str = "KINERJA_SECRET_KEY"
    min_group_size: int = 5
    min_cell_size: int = 3  # a published predikat cell counts 0 or at least this many people
    # HR area login (web/auth.py): Secure session cookie even over plain HTTP requests, how long a
    # login lasts, and how many reverse proxies in front may set X-Forwarded-For / -Proto.
    secure_cookies: bool = False
    session_hours: int = 8
    trusted_proxies: int = 0
    # Public site: where citizens fill in the SKM and lodge a complaint, who publishes the figures
    # and under which licence (stated on every page and in the open-data JSON). Empty = not shown.
    skm_form_url: str = ""
    complaint_url: str = ""
    publisher: str = ""
    publisher_contact: str = ""
    data_licence: str = ""
    # The site's public address (https://kinerja.solokkota.go.id): links in mails and in the
    # agency's Hasil Kinerja tab point at its /saya page. Empty = the tab names the page only.
    base_url: str = ""


# [privacy] agency_results: what the agency spreadsheet's Hasil Kinerja tab shows to everyone who
# can open that spreadsheet. "terbatas": only what colleagues act on (what is missing, who fills
# it, the rows to fix, where to read the result); "lengkap": every score and note (today's tab).
AGENCY_RESULTS_MODES = ("terbatas", "lengkap")
RESTRICTED = "terbatas"


@dataclass(frozen=True)
class PrivacySettings:
    agency_results: str = RESTRICTED


# Indonesian weekday names for [notify] digest_weekday, Monday first (date.weekday() order).
WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z"
)


@dataclass(frozen=True)
class NotifySettings:
    """E-mail notifications (sync/notify/): off while `smtp_host` is empty. The password is never
    in the file: `password_env` names the environment variable that holds it."""

    smtp_host: str = ""
    smtp_port: int = 587
    security: str = "starttls"  # "starttls", "ssl" (SMTPS, port 465) or "none" (a local relay)
    username: str = ""
    password_env: str = "KINERJA_SMTP_PASSWORD"
    from_address: str = ""
    timeout_seconds: float = 30.0
    per_minute: int = 30  # pacing: mail servers throttle (and flag) senders that burst
    max_per_cycle: int = 200  # the rest waits for the next cycle, so a cycle is never held up long
    retries: int = 3  # on a temporary (4xx) answer or a dropped connection, with backoff
    result_ready: bool = True
    # The month's Laporan Kinerja is due by this day of the month; in the reminder_lead_days days
    # before it, one reminder goes to each employee with no row for the month yet.
    reminder_day: int = 25
    reminder_lead_days: int = 3
    digest_weekday: str = "senin"  # the weekly completeness digest to each agency's admin_emails
    # BKPSDM's addresses: once a day, the count of open keberatan past their decision deadline.
    bkpsdm_emails: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_host.strip())


@dataclass(frozen=True)
class ValidationSettings:
    """Plausible ranges of input numbers: beyond them a cell is a typo, reported as Galat.

    `max_weight` bounds Bobot (weights are relative: 100 already makes one indicator outweigh
    a hundred others); `max_value` bounds Target and Realisasi, which may be rupiah amounts. Both
    keep every sum and ratio of the scoring finite (a weight of 1e307 made NHK infinite)."""

    max_weight: float = 100.0
    max_value: float = 1e15


@dataclass(frozen=True)
class ReportSettings:
    """How the Excel workbooks print: `paper` is "A4" (210 x 297 mm) or "F4" (210 x 330 mm, the
    folio of Indonesian offices; Excel has no F4 code, so it prints as Folio 8.5 x 13 in)."""

    paper: str = "A4"


PAPERS = ("A4", "F4")


@dataclass(frozen=True)
class AccountSettings:
    """Personal accounts (issue 13): how long an activation code from `akun undang` (or an admin
    OPD's page) stays valid, in days; how long a sign-in link mailed from /masuk stays valid, in
    minutes (short: a mailbox is read on shared phones and forwarded)."""

    activation_days: int = 14
    link_minutes: int = 15


@dataclass(frozen=True)
class AppraisalSettings:
    """Final appraisals (issue 14). `confirm_periods`: which periods a Pejabat Penilai confirms
    (menetapkan, PermenPANRB 6/2022): "bulan" (monthly results, the default), "triwulan" and
    "tahun" (the periods of the Dokumen Evaluasi Kinerja). `objection_days`: how long after
    confirmation the employee may object (keberatan; PP 30/2019 Pasal 59: 14 days from receiving
    the result). `decision_days`: how long the Atasan Pejabat Penilai has to decide before the
    objection is flagged to BKPSDM."""

    confirm_periods: tuple[str, ...] = ("bulan",)
    objection_days: int = 14
    decision_days: int = 14


CONFIRM_PERIOD_KINDS = ("bulan", "triwulan", "tahun")


@dataclass(frozen=True)
class HrUser:
    """One HR (BKPSDM) login. `password_hash` is a werkzeug scrypt/pbkdf2 hash, never a password,
    and is left out of repr() so no log or message shows it."""

    username: str
    password_hash: str = field(repr=False)
    name: str = ""


@dataclass(frozen=True)
class SurveySettings:
    unit_aliases: dict[str, str] = field(default_factory=dict)
    extra_answer_labels: dict[str, int] = field(default_factory=dict)
    skm_headers: dict[str, str] = field(default_factory=dict)
    # The SKM form (a Google Form's viewform address, or its pre-filled link) and the entry id of
    # its Unit Layanan question: `qr` prints a pre-filled link per service unit (config/survey_link.py).
    # web.skm_form_url (older configs) still works as the form's address for the site.
    form_url: str = ""
    form_unit_entry: str = ""


@dataclass(frozen=True)
class ComplaintSettings:
    """The `Pengaduan` log's working days (SP4N-LAPOR!: follow-up within 5 working days).

    Libur nasional come from the `holidays` package's Indonesian calendar; cuti bersama are set
    each year by the SKB 3 Menteri (Menteri Agama, Menteri Ketenagakerjaan, MenPANRB) and change
    yearly, so they are configured here as ISO dates ("2026-03-18")."""

    cuti_bersama: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    path: Path
    source: SourceSettings
    city: CitySettings
    agencies: tuple[AgencySettings, ...]
    store: StoreSettings
    sync: SyncSettings = SyncSettings()
    web: WebSettings = WebSettings()
    scoring: ScoringParams = ScoringParams()
    survey: SurveySettings = SurveySettings()
    feedback: FeedbackSettings = FeedbackSettings()
    validation: ValidationSettings = ValidationSettings()
    report: ReportSettings = ReportSettings()
    complaints: ComplaintSettings = ComplaintSettings()
    privacy: PrivacySettings = PrivacySettings()
    notify: NotifySettings = NotifySettings()
    accounts: AccountSettings = AccountSettings()
    appraisal: AppraisalSettings = AppraisalSettings()
    headers: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    hr_users: tuple[HrUser, ...] = ()

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def rules_id(self) -> str:
        """Short hash of the scoring rules in force: changes whenever a number changes, and when the
        `[feedback]` suggestion table changes (the Catatan Penilaian is a stored result too)."""
        rules = {"scoring": dataclasses.asdict(self.scoring), "feedback": dataclasses.asdict(self.feedback)}
        if self.complaints.cuti_bersama:  # they move a complaint's working days, so c_aduan
            rules["cuti_bersama"] = sorted(self.complaints.cuti_bersama)
        payload = json.dumps(rules, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:10]

    @property
    def rules_name(self) -> str:
        return f"{MODEL_NAME} ({self.rules_id})"

    @property
    def survey_form_url(self) -> str:
        """The SKM form citizens are sent to: [survey] form_url, or web.skm_form_url of older configs."""
        return self.survey.form_url or self.web.skm_form_url

    def agency(self, code: str) -> AgencySettings:
        return next(a for a in self.agencies if a.code == code)

    def agency_results(self, code: str) -> str:
        """ "terbatas" or "lengkap": the agency's own setting, else [privacy] agency_results."""
        own = next((a.agency_results for a in self.agencies if a.code == code), "")
        return own or self.privacy.agency_results

    @property
    def result_page(self) -> str:
        """Where an employee reads their own result: the site's /saya page."""
        return f"{self.web.base_url.rstrip('/')}/saya" if self.web.base_url else "/saya"


# ---- loading --------------------------------------------------------------------------------

_SECTIONS = {
    "source": SourceSettings,
    "city": CitySettings,
    "store": StoreSettings,
    "sync": SyncSettings,
    "web": WebSettings,
    "scoring": ScoringParams,
    "survey": SurveySettings,
    "feedback": FeedbackSettings,
    "validation": ValidationSettings,
    "report": ReportSettings,
    "complaints": ComplaintSettings,
    "privacy": PrivacySettings,
    "notify": NotifySettings,
    "accounts": AccountSettings,
    "appraisal": AppraisalSettings,
}
_REQUIRED = {"source": ("kind",), "city": ("spreadsheet",), "store": ("path",)}


def _field_types(cls: type) -> dict[str, Any]:
    hints = {f.name: f for f in dataclasses.fields(cls)}
    return {name: f.type for name, f in hints.items()}


def _coerce(value: Any, annotation: str, key: str, problems: list[str]) -> Any:
    """Check one TOML value against the dataclass annotation (a string under __future__)."""
    expected = annotation.split("[")[0].strip()
    ok = {
        "str": isinstance(value, str),
        "Path": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "dict": isinstance(value, dict),
        "tuple": isinstance(value, list),
    }.get(expected, True)
    if not ok:
        human = {
            "str": "teks",
            "Path": "teks (path)",
            "int": "bilangan bulat",
            "float": "angka",
            "bool": "true/false",
            "dict": "tabel",
            "tuple": "daftar",
        }.get(expected, expected)
        problems.append(f"{key}: harus {human}, tertulis {value!r}.")
        return None
    if expected == "float":
        if not math.isfinite(float(value)):
            problems.append(f"{key}: harus angka terhingga, tertulis {value!r}.")
        return float(value)
    if expected == "Path":
        return Path(value)
    if expected == "tuple":
        return tuple(value)
    if expected == "dict" and key.endswith("rating_table"):
        try:
            return {int(k): float(v) for k, v in value.items()}
        except (TypeError, ValueError):
            problems.append(f"{key}: kunci harus angka 1–5 dan nilai angka, mis. {{ 1 = 50, 2 = 75 }}.")
            return None
    return value


def _section(cls: type, data: Any, name: str, problems: list[str]) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(f"[{name}]: harus berupa tabel TOML, mis. [{name}].")
        return cls() if name not in ("city",) else None
    types = _field_types(cls)
    kwargs = {}
    for key, value in data.items():
        if key not in types:
            known = ", ".join(sorted(types))
            problems.append(f"{name}.{key}: kunci tidak dikenal. Kunci yang dikenal: {known}.")
            continue
        coerced = _coerce(value, str(types[key]), f"{name}.{key}", problems)
        if coerced is not None:
            kwargs[key] = coerced
    no_default = tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    missing = [k for k in (*_REQUIRED.get(name, ()), *no_default) if k not in data]
    for key in dict.fromkeys(missing):
        problems.append(f"{name}.{key}: wajib diisi.")
    if any(k not in kwargs for k in no_default):
        return None
    return cls(**kwargs)


def _check_scoring(p: ScoringParams, problems: list[str]) -> None:
    def weights(keys: tuple[str, ...], label: str) -> None:
        for k in keys:  # shares of a whole: 2 and -1 also sum to 1
            if not 0 <= getattr(p, k) <= 1:
                problems.append(f"scoring.{k}: harus antara 0 dan 1 (bagian dari {label}), tertulis {getattr(p, k):g}.")
        total = sum(getattr(p, k) for k in keys)
        if abs(total - 1.0) > 1e-9:
            parts = " + ".join(f"{k} ({getattr(p, k)})" for k in keys)
            problems.append(f"scoring: bobot {label} harus berjumlah 1, sekarang {parts} = {total:g}.")

    weights(("weight_berakhlak", "weight_discipline", "weight_initiative"), "Perilaku Kerja")
    weights(("weight_final_hasil", "weight_final_perilaku"), "Nilai Akhir")
    if not 0 <= p.citizen_share <= 1:
        problems.append(f"scoring.citizen_share: harus antara 0 dan 1, tertulis {p.citizen_share}.")
    if sorted(p.rating_table) != [1, 2, 3, 4, 5]:
        problems.append("scoring.rating_table: harus berisi tepat kunci 1, 2, 3, 4, 5.")
    if p.threshold_meets >= p.threshold_above:
        problems.append("scoring.threshold_meets harus lebih kecil dari scoring.threshold_above.")
    for key in ("capaian_cap", "c_ikm_cap", "ikm_target"):
        if getattr(p, key) <= 0:
            problems.append(f"scoring.{key}: harus lebih besar dari 0.")
    # Numbers on the score scale (about 0-120): a cap of 1e300 let one indicator's capaian of 1e23
    # through, published absurd and failed the agency's notes. 1000 is far past any real setting.
    for key in (
        "capaian_cap",
        "c_ikm_cap",
        "ikm_target",
        "penalty_absent",
        "penalty_late",
        "threshold_above",
        "threshold_meets",
        "indicator_low",
        "ikm_drop_points",
    ):
        value = getattr(p, key)
        if value > SCORE_SCALE_MAX or (value < 0 and key not in ("capaian_cap", "c_ikm_cap", "ikm_target")):
            default = getattr(ScoringParams, key)
            problems.append(
                f"scoring.{key}: harus angka 0–1.000 (skala nilai; bawaan {default:g}), tertulis {value:g}."
            )
    if any(not 0 <= v <= SCORE_SCALE_MAX for v in p.rating_table.values()):
        shown = ", ".join(f"{k} = {v:g}" for k, v in sorted(p.rating_table.items()))
        problems.append(f"scoring.rating_table: setiap nilai harus angka 0–1.000 (skala nilai), tertulis {shown}.")
    if not 0 < p.complaint_target <= 1:
        problems.append(
            f"scoring.complaint_target: harus lebih dari 0 dan paling besar 1 (bagian pengaduan "
            f"yang selesai tepat waktu, bawaan 0.80), tertulis {p.complaint_target:g}."
        )
    if not 0 <= p.complaint_part <= 1:
        problems.append(
            f"scoring.complaint_part: harus antara 0 dan 1 (bagian c_aduan dari citizen_share, "
            f"bawaan 0.50), tertulis {p.complaint_part:g}."
        )
    if not 0 < p.c_aduan_cap <= SCORE_SCALE_MAX:
        problems.append(
            f"scoring.c_aduan_cap: harus angka lebih dari 0 sampai 1.000 (bawaan 120), tertulis {p.c_aduan_cap:g}."
        )
    for key in ("gate_absent_days", "complaint_days_limit"):
        if getattr(p, key) < 1:
            problems.append(f"scoring.{key}: harus 1 atau lebih.")
    if p.min_responses < MIN_RESPONSES_FLOOR:
        problems.append(
            f"scoring.min_responses: minimal {MIN_RESPONSES_FLOOR} responden agar satu jawaban tidak menentukan "
            f"mutu IKM sebuah unit, tertulis {p.min_responses}. Tulis {MIN_RESPONSES_FLOOR} atau lebih "
            "(bawaan 20)."
        )


def _check_complaints(c: ComplaintSettings, problems: list[str]) -> ComplaintSettings:
    """complaints.cuti_bersama: ISO dates (quoted "2026-03-18" or TOML's bare 2026-03-18), so a
    day off is never guessed from '03/04/2026'. Returns the settings with ISO texts, sorted."""
    days = []
    for value in c.cuti_bersama:
        try:
            day = (
                value
                if type(value) is dt.date
                else dt.date.fromisoformat(value)
                if (isinstance(value, str) and len(value.strip()) == 10)
                else None
            )
        except ValueError:
            day = None
        if day is None:
            problems.append(
                f'complaints.cuti_bersama: {value!r} bukan tanggal TTTT-BB-HH; tulis mis. "2026-03-18" '
                "(tanggal cuti bersama dari SKB 3 Menteri tahun itu)."
            )
        else:
            days.append(day.isoformat())
    return dataclasses.replace(c, cuti_bersama=tuple(sorted(set(days))))


def _check_feedback(f: FeedbackSettings, problems: list[str]) -> None:
    """[feedback]: every suggestion is a non-empty phrase; the weak-element bound is on the 1–4
    answer scale of the SKM (PermenPANRB 14/2017)."""
    if not 1 <= f.weak_element_nrr <= 4:
        problems.append(
            f"feedback.weak_element_nrr: harus antara 1 dan 4 (skala jawaban SKM), tertulis {f.weak_element_nrr}."
        )
    for item in dataclasses.fields(f):
        value = getattr(f, item.name)
        if isinstance(value, str) and not value.strip():
            problems.append(
                f"feedback.{item.name}: saran pengembangan tidak boleh kosong; tulis sarannya, "
                'mis. "pelatihan etika pelayanan".'
            )


# Past 2**53 a float no longer holds every whole number: amounts there are not plausible input.
MAX_VALUE_CEILING = 2.0**53


def _check_validation(v: ValidationSettings | None, problems: list[str]) -> None:
    if v is None:
        return
    if not (math.isfinite(v.max_weight) and 1 <= v.max_weight <= 1e6):
        problems.append(f"validation.max_weight: harus angka 1–1000000 (batas Bobot), tertulis {v.max_weight}.")
    if not (math.isfinite(v.max_value) and 1 <= v.max_value <= MAX_VALUE_CEILING):
        problems.append(
            f"validation.max_value: harus angka 1–{MAX_VALUE_CEILING:.0f} (batas Target dan Realisasi), "
            f"tertulis {v.max_value}."
        )


def _agencies(data: Any, problems: list[str]) -> tuple[AgencySettings, ...]:
    if not isinstance(data, list) or not data:
        problems.append("[[agencies]]: isi minimal satu OPD (code, name, spreadsheet).")
        return ()
    agencies, seen, numbered = [], {}, []
    for n, item in enumerate(data, start=1):
        where = f"agencies[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa tabel [[agencies]].")
            continue
        a = _section(AgencySettings, item, where, problems)
        if a is None:
            continue
        _check_code(a.code, where, problems)
        if not a.name.strip():
            problems.append(f'{where}.name: tidak boleh kosong; tulis nama OPD, mis. "Dinas Kesehatan".')
        key = a.code.casefold()  # codes are URLs and file names: DLH and dlh would be one page
        if key in seen:
            problems.append(f"{where}.code: kode '{a.code}' sudah dipakai di agencies[{seen[key]}].")
        seen.setdefault(key, n)
        if a.org_rating and a.org_rating not in ORG_RATINGS:
            problems.append(f"{where}.org_rating: harus salah satu dari {', '.join(ORG_RATINGS)}.")
        if a.agency_results and a.agency_results not in AGENCY_RESULTS_MODES:
            problems.append(
                f'{where}.agency_results: harus "terbatas" atau "lengkap" (kosong = mengikuti '
                f"[privacy] agency_results), tertulis {a.agency_results!r}."
            )
        for address in a.admin_emails:
            if not isinstance(address, str) or not EMAIL.match(address):
                problems.append(
                    f'{where}.admin_emails: {address!r} bukan alamat email; tulis mis. ["admin.opd@solokkota.go.id"].'
                )
        agencies.append(a)
        numbered.append((n, a))
    _check_names(numbered, problems)
    return tuple(agencies)


def _check_names(numbered: list[tuple[int, AgencySettings]], problems: list[str]) -> None:
    """Citizens' form answers and complaints name an agency by its code, name or an alias; one
    such name for two agencies would silently send one agency's survey and complaints to the
    other (the unit index lets an alias win over a name, and the first agency over the next)."""
    agencies = dict(numbered)
    owners: dict[str, int] = {}
    for n, a in numbered:
        for field_name, text in (("code", a.code), ("name", a.name), *(("aliases", alias) for alias in a.aliases)):
            key = normalize_header(text)
            if not key:
                continue
            first = owners.setdefault(key, n)
            if first == n or (field_name == "code" and agencies[first].code.casefold() == a.code.casefold()):
                continue  # its own name, or a duplicate code (reported above in its own words)
            problems.append(
                f"agencies[{n}].{field_name}: '{text}' sudah menjadi kode, nama atau alias agencies[{first}] "
                f"({agencies[first].code}); satu nama hanya boleh menunjuk satu OPD, jadi hapus atau ganti "
                "salah satunya."
            )


def _check_code(code: str, where: str, problems: list[str]) -> None:
    if not code.strip():
        problems.append(f'{where}.code: tidak boleh kosong; tulis kode singkat OPD, mis. "DLH".')
    elif not AGENCY_CODE.match(code):
        problems.append(
            f"{where}.code: kode {code!r} hanya boleh berisi huruf, angka, - dan _ (tanpa spasi "
            'atau /), mis. "DLH" atau "DINAS-KES".'
        )
    elif code.casefold() == CITY_SCOPE:
        problems.append(
            f'{where}.code: kode {code!r} dipakai sistem untuk spreadsheet kota; pilih kode lain, mis. "PEMKOT".'
        )


def _check_spreadsheets(
    kind: str, folder: Path, city: CitySettings | None, agencies: tuple[AgencySettings, ...], problems: list[str]
) -> None:
    """Spreadsheet names: on `local` a plain file stem inside the data folder, on `google` a key;
    and one spreadsheet per agency (two users of one file would overwrite each other's results)."""
    sheets = ([("city.spreadsheet", city.spreadsheet)] if city else []) + [
        (f"agencies[{n}] ({a.code})", a.spreadsheet) for n, a in enumerate(agencies, start=1)
    ]
    seen: dict[str, str] = {}
    for where, name in sheets:
        key = where if where == "city.spreadsheet" else f"{where.split(' ')[0]}.spreadsheet"
        if not name.strip():
            problems.append(f"{key}: tidak boleh kosong; tulis nama spreadsheet-nya.")
            continue
        if CONTROL_CHARACTERS.search(name):
            clean = CONTROL_CHARACTERS.sub("", name).strip() or "dlh"
            shown = f" untuk {folder / (clean + '.xlsx')}" if kind == "local" else ""
            problems.append(
                f"{key}: {name!r} berisi karakter tak terlihat (baris baru, tab atau NUL); tulis nama "
                f'berkasnya saja, mis. "{clean}"{shown}.'
            )
            continue
        if kind == "local":
            if len(name.encode("utf-8")) > MAX_FILE_NAME_BYTES:
                problems.append(
                    f"{key}: nama spreadsheet terlalu panjang ({len(name.encode('utf-8'))} byte, paling "
                    f"banyak {MAX_FILE_NAME_BYTES}) untuk nama berkas; pilih nama yang lebih pendek, "
                    'mis. "dlh".'
                )
                continue
            if "/" in name or "\\" in name or name.strip(" .") == "":
                stem = Path(name.replace("\\", "/")).name.strip(" .") or "dlh"  # what they likely meant
                problems.append(
                    f"{key}: {name!r} harus nama berkas saja (tanpa / atau \\ atau ..) di folder "
                    f'{folder}; tulis mis. "{stem}" untuk {folder / (stem + ".xlsx")}.'
                )
                continue
            if name.lower().endswith(".xlsx"):
                problems.append(f"{key}: tulis nama tanpa .xlsx, mis. {name[:-5]!r}.")
                continue
            if name.lower().endswith(".hasil"):
                problems.append(f"{key}: nama yang berakhiran .hasil dipakai untuk berkas hasil; pilih nama lain.")
                continue
        elif kind == "google" and not GOOGLE_KEY.match(name):
            problems.append(
                f"{key}: {name!r} bukan kunci spreadsheet Google. Salin bagian alamat "
                "spreadsheet di antara /d/ dan /edit (huruf, angka, - dan _)."
            )
            continue
        if name in seen:
            problems.append(
                f"{where}: spreadsheet '{name}' sudah dipakai oleh {seen[name]}; tiap OPD butuh spreadsheet sendiri."
            )
        seen.setdefault(name, where)


def _headers(data: Any, problems: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    tabs = {t.key: t for t in (*AGENCY_INPUT_TABS, *AGENCY_OPTIONAL_TABS, *CITY_INPUT_TABS)}
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for tab_key, cols in (data or {}).items():
        if tab_key not in tabs:
            problems.append(f"headers.{tab_key}: tab tidak dikenal. Pilihan: {', '.join(tabs)}.")
            continue
        known = {c.key for c in tabs[tab_key].columns}
        for col_key, aliases in (cols or {}).items():
            if col_key not in known:
                problems.append(
                    f"headers.{tab_key}.{col_key}: kolom tidak dikenal. Pilihan: {', '.join(sorted(known))}."
                )
            elif not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
                problems.append(f'headers.{tab_key}.{col_key}: harus daftar teks, mis. ["Target Kinerja"].')
            else:
                out.setdefault(tab_key, {})[col_key] = tuple(aliases)
    return out


# ---- HR users ([[hr_users]]) -----------------------------------------------------------------

HR_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}\Z")
# werkzeug.security.generate_password_hash formats: 'scrypt:N:r:p$salt$hex', 'pbkdf2:sha256:it$salt$hex'.
PASSWORD_HASH = re.compile(r"^(scrypt:\d+:\d+:\d+|pbkdf2:sha(256|512)(:\d+)?)\$[^$\s]+\$[0-9a-f]+\Z")
HR_USER_HOW = "buat pengguna dengan: python main.py hr-user add --config BERKAS NAMA_PENGGUNA"


def _hr_users(data: Any, problems: list[str]) -> tuple[HrUser, ...]:
    """The [[hr_users]] blocks; a message never repeats a password_hash value (it may be a password)."""
    if data is None:
        return ()
    if not isinstance(data, list):
        problems.append(f"[[hr_users]]: harus berupa daftar blok [[hr_users]]; {HR_USER_HOW}.")
        return ()
    users, seen = [], {}
    for n, item in enumerate(data, start=1):
        where = f"hr_users[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: harus berupa tabel [[hr_users]].")
            continue
        item = dict(item)
        if "password" in item:
            item.pop("password")
            problems.append(f"{where}.password: jangan menulis kata sandi di konfigurasi; {HR_USER_HOW}.")
        secret = item.get("password_hash", "")
        if not isinstance(secret, str) or not PASSWORD_HASH.match(secret):
            item["password_hash"] = ""
            problems.append(
                f"{where}.password_hash: wajib berisi hash kata sandi (scrypt atau pbkdf2), "
                f"bukan kata sandinya; {HR_USER_HOW}."
            )
        user = _section(HrUser, item, where, problems)
        if user is None:
            continue
        if not HR_USERNAME.match(user.username):
            problems.append(
                f"{where}.username: 2–64 huruf, angka, titik, _, @ atau -, diawali huruf atau "
                f"angka; tertulis {user.username!r}."
            )
        key = user.username.lower()
        if key in seen:
            problems.append(f"{where}.username: '{user.username}' sudah dipakai di hr_users[{seen[key]}].")
        seen.setdefault(key, n)
        users.append(user)
    return tuple(users)


def parse_settings(data: dict, path: Path) -> Settings:
    """Build Settings from parsed TOML; relative paths are relative to the config file."""
    problems: list[str] = []
    allowed = set(_SECTIONS) | {"agencies", "headers", "hr_users"}
    for key in data:
        if key not in allowed:
            problems.append(f"{key}: bagian tidak dikenal. Bagian yang dikenal: {', '.join(sorted(allowed))}.")
    for key in ("source", "city", "store"):
        if key not in data:
            problems.append(f"[{key}]: bagian wajib tidak ada.")
    sections = {name: _section(cls, data.get(name), name, problems) for name, cls in _SECTIONS.items()}
    agencies = _agencies(data.get("agencies"), problems)
    headers = _headers(data.get("headers"), problems)
    hr_users = _hr_users(data.get("hr_users"), problems)

    source, store = sections["source"], sections["store"]
    if source and source.kind not in SOURCE_KINDS:
        problems.append(f'source.kind: harus "local" atau "google", tertulis {source.kind!r}.')
    if sections["scoring"]:
        _check_scoring(sections["scoring"], problems)
    survey = sections["survey"]
    if survey:
        for key in survey.skm_headers:
            if key not in SKM_KEYS:
                problems.append(f"survey.skm_headers.{key}: harus u1 … u9.")
        for label, value in survey.extra_answer_labels.items():
            if value not in (1, 2, 3, 4):
                problems.append(f'survey.extra_answer_labels."{label}": nilai harus 1–4.')
    if survey:
        problems += link_problems(survey.form_url, survey.form_unit_entry)
    if sections["feedback"]:
        _check_feedback(sections["feedback"], problems)
    web = sections["web"]
    if survey and web and survey.form_url and web.skm_form_url and survey.form_url != web.skm_form_url:
        problems.append(
            "web.skm_form_url dan survey.form_url berisi alamat formulir yang berbeda; alamat formulir SKM "
            "kini ditulis di survey.form_url: hapus web.skm_form_url."
        )
    if web and not 1 <= web.port <= 65535:
        problems.append(f"web.port: harus 1–65535, tertulis {web.port}.")
    if web and not 1 <= web.session_hours <= 24:
        problems.append(f"web.session_hours: harus 1–24 jam, tertulis {web.session_hours}.")
    if web and not 0 <= web.trusted_proxies <= 5:
        problems.append(
            f"web.trusted_proxies: harus 0–5 (jumlah reverse proxy di depan situs), tertulis {web.trusted_proxies}."
        )
    for key in ("skm_form_url", "complaint_url", "base_url"):
        url = str(getattr(web, key, "") or "") if web else ""
        if url and not url.startswith(("https://", "http://")):
            problems.append(
                f"web.{key}: harus alamat web yang diawali https:// (atau http://), tertulis {url!r}. "
                "Salin alamat lengkapnya dari peramban, atau kosongkan bila belum ada."
            )
    if web and web.min_group_size < MIN_GROUP_SIZE_FLOOR:
        problems.append(
            f"web.min_group_size: minimal {MIN_GROUP_SIZE_FLOOR} pegawai agar nilai satu orang tidak dapat "
            f"dibaca dari data terbuka, tertulis {web.min_group_size}. Tulis {MIN_GROUP_SIZE_FLOOR} atau lebih."
        )
    if web and web.min_cell_size < MIN_CELL_SIZE_FLOOR:
        problems.append(
            f"web.min_cell_size: minimal {MIN_CELL_SIZE_FLOOR} pegawai agar sebaran predikat tidak menunjukkan "
            f"satu orang, tertulis {web.min_cell_size}. Tulis {MIN_CELL_SIZE_FLOOR} atau lebih."
        )
    if source and source.kind in SOURCE_KINDS:
        folder = (path.parent / source.folder).resolve()  # as the message shows it: where files go
        _check_spreadsheets(source.kind, folder, sections["city"], agencies, problems)
    raw_store = (data.get("store") or {}).get("path") if isinstance(data.get("store"), dict) else None
    if isinstance(raw_store, str) and (not raw_store.strip() or raw_store.endswith(("/", "\\"))):
        problems.append(f'store.path: harus nama berkas basis data, mis. "var/kinerja.sqlite", tertulis {raw_store!r}.')
    elif isinstance(raw_store, str):
        problems += _store_name_problems(raw_store)
    _check_validation(sections["validation"], problems)
    if sections["report"] and sections["report"].paper not in PAPERS:
        problems.append(f'report.paper: harus "A4" atau "F4", tertulis {sections["report"].paper!r}.')
    if sections["complaints"]:
        sections["complaints"] = _check_complaints(sections["complaints"], problems)
    _check_privacy_notify(sections["privacy"], sections["notify"], web, problems)
    if sections["accounts"] and not 1 <= sections["accounts"].activation_days <= 365:
        problems.append(f"accounts.activation_days: harus 1–365 hari, tertulis {sections['accounts'].activation_days}.")
    if sections["accounts"] and not 1 <= sections["accounts"].link_minutes <= 120:
        problems.append(f"accounts.link_minutes: harus 1–120 menit, tertulis {sections['accounts'].link_minutes}.")
    if sections["appraisal"]:
        sections["appraisal"] = _check_appraisal(sections["appraisal"], problems)
    if sections["sync"] and sections["sync"].interval_minutes < 1:
        problems.append("sync.interval_minutes: harus 1 atau lebih.")
    if sections["sync"] and sections["sync"].max_cells_per_tab < 1000:
        problems.append(
            f"sync.max_cells_per_tab: harus 1000 atau lebih (bawaan {DEFAULT_MAX_CELLS}), "
            f"tertulis {sections['sync'].max_cells_per_tab}."
        )
    if problems:
        raise ConfigError(problems, str(path))

    base = path.parent
    source = dataclasses.replace(source, folder=(base / source.folder).resolve())
    store = dataclasses.replace(store, path=(base / store.path).resolve())
    return Settings(
        path=path,
        source=source,
        city=sections["city"],
        agencies=agencies,
        store=store,
        sync=sections["sync"],
        web=web,
        scoring=sections["scoring"],
        survey=survey,
        headers=headers,
        feedback=sections["feedback"],
        validation=sections["validation"],
        report=sections["report"],
        hr_users=hr_users,
        complaints=sections["complaints"],
        privacy=sections["privacy"],
        notify=sections["notify"],
        accounts=sections["accounts"] or AccountSettings(),
        appraisal=sections["appraisal"] or AppraisalSettings(),
    )


def _check_appraisal(appraisal: AppraisalSettings, problems: list[str]) -> AppraisalSettings:
    kinds = appraisal.confirm_periods
    if isinstance(kinds, str):
        kinds = (kinds,)
    kinds = tuple(kinds)
    wrong = [k for k in kinds if k not in CONFIRM_PERIOD_KINDS]
    if wrong or not kinds:
        problems.append(
            'appraisal.confirm_periods: daftar dari "bulan", "triwulan", "tahun", mis. ["bulan", "tahun"], '
            f"tertulis {list(appraisal.confirm_periods)!r}."
        )
    for key in ("objection_days", "decision_days"):
        value = getattr(appraisal, key)
        if not isinstance(value, int) or not 1 <= value <= 90:
            problems.append(f"appraisal.{key}: harus 1–90 hari, tertulis {value!r}.")
    return dataclasses.replace(appraisal, confirm_periods=kinds)


def _check_privacy_notify(
    privacy: PrivacySettings | None, notify: NotifySettings | None, web: WebSettings | None, problems: list[str]
) -> None:
    if privacy and privacy.agency_results not in AGENCY_RESULTS_MODES:
        problems.append(
            f'privacy.agency_results: harus "terbatas" (bawaan: tanpa nilai dan umpan balik) atau '
            f'"lengkap", tertulis {privacy.agency_results!r}.'
        )
    for address in notify.bkpsdm_emails if notify else ():
        if not isinstance(address, str) or not EMAIL.match(address):
            problems.append(
                f'notify.bkpsdm_emails: {address!r} bukan alamat email; tulis mis. ["bkpsdm@solokkota.go.id"].'
            )
    if not notify or not notify.enabled:
        return
    if notify.security not in ("starttls", "ssl", "none"):
        problems.append(f'notify.security: harus "starttls", "ssl" atau "none", tertulis {notify.security!r}.')
    if not 1 <= notify.smtp_port <= 65535:
        problems.append(f"notify.smtp_port: harus 1–65535, tertulis {notify.smtp_port}.")
    if not EMAIL.match(notify.from_address):
        problems.append(
            f'notify.from_address: wajib alamat email pengirim, mis. "kinerja@solokkota.go.id", '
            f"tertulis {notify.from_address!r}."
        )
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*\Z", notify.password_env):
        problems.append(
            "notify.password_env: tulis NAMA variabel lingkungan yang berisi kata sandi SMTP "
            '(mis. "KINERJA_SMTP_PASSWORD"), bukan kata sandinya.'
        )
    for key, low, high in (
        ("per_minute", 1, 6000),
        ("max_per_cycle", 1, 100_000),
        ("retries", 0, 10),
        ("reminder_day", 2, 28),
        ("reminder_lead_days", 1, 27),
    ):
        value = getattr(notify, key)
        if not low <= value <= high:
            problems.append(f"notify.{key}: harus {low}–{high}, tertulis {value}.")
    if notify.digest_weekday.strip().lower() not in WEEKDAYS:
        problems.append(
            f"notify.digest_weekday: harus nama hari ({', '.join(WEEKDAYS)}), tertulis {notify.digest_weekday!r}."
        )
    if web and not web.base_url:
        problems.append(
            "web.base_url: wajib diisi bila [notify] aktif, agar email berisi tautan ke halaman /saya, "
            'mis. "https://kinerja.solokkota.go.id".'
        )


def _store_name_problems(raw: str) -> list[str]:
    """The store path as written: no invisible characters (a NUL makes every path call raise) and
    no part longer than a file name may be (the OS answers 'File name too long')."""
    fix = 'mis. "var/kinerja.sqlite"'
    if CONTROL_CHARACTERS.search(raw):
        return [
            f"store.path: {raw!r} berisi karakter tak terlihat (baris baru, tab atau NUL); tulis nama berkas "
            f"basis data, {fix}."
        ]
    for part in Path(raw).parts:
        size = len(part.encode("utf-8"))
        if size > MAX_FILE_NAME_BYTES:
            return [
                f"store.path: nama '{part}' terlalu panjang ({size} byte, paling banyak {MAX_FILE_NAME_BYTES}) "
                f"untuk nama berkas; pilih nama yang lebih pendek, {fix}."
            ]
    return []


def load_settings(path: str | Path) -> Settings:
    """Read and check a config file; raises ConfigError naming every problem."""
    path = Path(path).resolve()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(
            [f"berkas {path} tidak ditemukan. Salin config/contoh.toml lalu sesuaikan, atau beri --config."], str(path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"bukan TOML yang sah: {exc}."], str(path)) from exc
    return parse_settings(data, path)


def default_config_path() -> Path:
    """`--config` default: $KINERJA_CONFIG or config/kinerja.toml."""
    return Path(os.environ.get("KINERJA_CONFIG", "config/kinerja.toml"))
