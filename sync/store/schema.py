"""The results store's schema, declared once: every table's columns with their SQLite types, the
scope column a replacement deletes by, and the indexes.

The writer creates (and widens) tables from it, the reader checks every table and column name
against it, and other modules that name a table's columns derive them from here
(`column_names`). scoring/ may not import sync/, so `scoring.employee.OUTPUT_COLUMNS` stays its own
list; tests/sync/store/test_contract.py checks that every one of its columns is declared here.
"""

from __future__ import annotations

from config.contract import (
    CITY_SCOPE,  # noqa: F401  (the city's scope; re-exported)
    RATING_KEYS,  # the supervisor's eight ratings, stored as rating_<key>
)

# name -> (columns with SQLite types, scope column used for replacement or None)
SCHEMA: dict[str, tuple[tuple[tuple[str, str], ...], str | None]] = {
    "agencies": ((("code", "TEXT"), ("name", "TEXT"), ("spreadsheet", "TEXT"), ("position", "INTEGER")), None),
    # HR only (personal data): never read by public pages.
    "employees": (
        (
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("name", "TEXT"),
            ("position", "TEXT"),
            ("unit", "TEXT"),
            ("unit_id", "TEXT"),
            ("supervisor_nip", "TEXT"),
            ("public_service", "INTEGER"),
            ("active", "INTEGER"),
            ("email", "TEXT"),
        ),  # the Pegawai tab's optional Email, for notifications (sync/notify/)
        "agency",
    ),
    "results": (
        (
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("nip", "TEXT"),
            ("name", "TEXT"),
            ("position", "TEXT"),
            ("unit", "TEXT"),
            ("public_service", "INTEGER"),
            ("indicators", "INTEGER"),
            ("indicators_low", "INTEGER"),
            ("nhk_own", "REAL"),
            ("ikm", "REAL"),
            ("ikm_responses", "INTEGER"),
            ("ikm_source", "TEXT"),
            ("ikm_used", "INTEGER"),
            ("c_ikm", "REAL"),
            ("ikm_minimum", "TEXT"),
            ("nhk", "REAL"),
            ("rating_hk", "TEXT"),
            ("b", "REAL"),
            ("i", "REAL"),
            ("d", "REAL"),
            ("npk", "REAL"),
            ("has_rating", "INTEGER"),
            ("has_attendance", "INTEGER"),
            ("absent", "INTEGER"),
            ("late", "INTEGER"),
            ("early_leave", "INTEGER"),
            ("gate", "INTEGER"),
            ("rating_pk", "TEXT"),
            ("predikat", "TEXT"),
            ("na", "REAL"),
            ("feedback", "TEXT"),
            ("rater_nip", "TEXT"),
            ("missing", "TEXT"),
            ("ikm_note", "TEXT"),
            ("gate_note", "TEXT"),
            ("catatan", "TEXT"),
            ("na_change", "REAL"),
            ("na_ma3", "REAL"),
            ("attention", "INTEGER"),
            ("attention_reason", "TEXT"),
            *((f"rating_{key}", "REAL") for key in RATING_KEYS),
            ("complaints_counted", "INTEGER"),
            ("complaints_on_time", "INTEGER"),
            ("c_aduan", "REAL"),
            ("rules_id", "TEXT"),
            ("rules_name", "TEXT"),
            # Penetapan and keberatan (sync.locks): "ditetapkan 2026-11-05", "dikembalikan 2026-11-05",
            # "keberatan diterima 2026-11-20" (an upheld objection's ratings replaced the computed ones).
            ("decision", "TEXT"),
            # The sheet rows of the Penilaian Atasan and Presensi rows used (NULL: none), for the
            # review page's "baris 7 di tab Penilaian Atasan".
            ("rating_row", "INTEGER"),
            ("attendance_row", "INTEGER"),
            # Every rejected input row of the month (scoring.rejected.rejected_notes), one line each:
            # "Baris 923 di tab Laporan Kinerja ditolak (Target 0) — tidak dihitung; …".
            ("rejected_rows", "TEXT"),
        ),
        "agency",
    ),
    # Quarter ('YYYY-Qn') and year ('YYYY') results per employee (HR only): means of the monthly
    # NHK and NPK that exist, ratings and predikat from those means, and how many months each rests on.
    "results_periodic": (
        (
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("kind", "TEXT"),
            ("nip", "TEXT"),
            ("name", "TEXT"),
            ("position", "TEXT"),
            ("unit", "TEXT"),
            ("months", "INTEGER"),
            ("months_nhk", "INTEGER"),
            ("months_npk", "INTEGER"),
            ("nhk", "REAL"),
            ("rating_hk", "TEXT"),
            ("npk", "REAL"),
            ("rating_pk", "TEXT"),
            ("gate", "INTEGER"),
            ("predikat", "TEXT"),
            ("na", "REAL"),
            ("rules_id", "TEXT"),
            ("rules_name", "TEXT"),
            ("decision", "TEXT"),  # as in results
        ),
        "agency",
    ),
    "indicators": (
        (
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("nip", "TEXT"),
            ("row", "INTEGER"),
            ("plan", "TEXT"),
            ("indicator", "TEXT"),
            ("target", "REAL"),
            ("actual", "REAL"),
            ("measure", "TEXT"),
            ("direction", "TEXT"),
            ("weight", "REAL"),
            ("capaian", "REAL"),
            ("capaian_capped", "REAL"),
        ),
        "agency",
    ),
    # Public-safe aggregates per agency x period (no personal data).
    "agency_summary": (
        (
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("headcount", "INTEGER"),
            ("reported", "INTEGER"),
            ("rated", "INTEGER"),
            ("attended", "INTEGER"),
            ("scored", "INTEGER"),
            ("avg_nhk", "REAL"),
            ("avg_npk", "REAL"),
            ("avg_na", "REAL"),
            ("n_sangat_baik", "INTEGER"),
            ("n_baik", "INTEGER"),
            ("n_butuh_perbaikan", "INTEGER"),
            ("n_kurang", "INTEGER"),
            ("n_sangat_kurang", "INTEGER"),
            ("complete", "INTEGER"),
            ("complete_share", "REAL"),
            ("na_change", "REAL"),
            ("na_ma3", "REAL"),
            ("attention", "INTEGER"),
            ("attention_reason", "TEXT"),
            ("rules_id", "TEXT"),
            ("rules_name", "TEXT"),
        ),
        "agency",
    ),
    # The same per agency x quarter / year (public-safe aggregates), from results_periodic.
    "agency_periodic": (
        (
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("kind", "TEXT"),
            ("months", "INTEGER"),
            ("headcount", "INTEGER"),
            ("scored", "INTEGER"),
            ("avg_nhk", "REAL"),
            ("avg_npk", "REAL"),
            ("avg_na", "REAL"),
            ("n_sangat_baik", "INTEGER"),
            ("n_baik", "INTEGER"),
            ("n_butuh_perbaikan", "INTEGER"),
            ("n_kurang", "INTEGER"),
            ("n_sangat_kurang", "INTEGER"),
            ("rules_id", "TEXT"),
            ("rules_name", "TEXT"),
        ),
        "agency",
    ),
    # SE MenPANRB 3/2023 distribution check per agency x year: warnings only, never a changed predikat.
    "distribution_checks": (
        (
            ("agency", "TEXT"),
            ("year", "TEXT"),
            ("org_rating", "TEXT"),
            ("org_rating_source", "TEXT"),
            ("employees", "INTEGER"),
            ("n_sangat_baik", "INTEGER"),
            ("n_baik", "INTEGER"),
            ("n_butuh_perbaikan", "INTEGER"),
            ("n_kurang", "INTEGER"),
            ("n_sangat_kurang", "INTEGER"),
            ("rule", "TEXT"),
            ("ok", "INTEGER"),
            ("message", "TEXT"),
            ("rules_id", "TEXT"),
        ),
        "agency",
    ),
    # Validasi rows of every spreadsheet (HR only: values may hold personal data).
    "issues": (
        (
            ("scope", "TEXT"),
            ("tab", "TEXT"),
            ("row", "INTEGER"),
            ("column", "TEXT"),
            ("value", "TEXT"),
            ("problem", "TEXT"),
            ("fix", "TEXT"),
            ("severity", "TEXT"),
        ),
        "scope",
    ),
    # City level: IKM per service unit and per agency, complaints (counts only).
    "ikm": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("level", "TEXT"),
            ("unit_name", "TEXT"),
            ("period", "TEXT"),
            ("respondents", "INTEGER"),
            *((f"nrr_u{j}", "REAL") for j in range(1, 10)),
            ("ikm", "REAL"),
            ("mutu", "TEXT"),
            ("mutu_label", "TEXT"),
            ("sufficient", "INTEGER"),
        ),
        None,
    ),
    # IKM per service unit / agency x quarter / year, pooled over the period's responses, with the
    # quarter-on-quarter change and the "fell 5 points or more" flag (docs/scoring.md §5).
    "ikm_periodic": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("level", "TEXT"),
            ("unit_name", "TEXT"),
            ("period", "TEXT"),
            ("kind", "TEXT"),
            ("months", "INTEGER"),
            ("respondents", "INTEGER"),
            *((f"nrr_u{j}", "REAL") for j in range(1, 10)),
            ("ikm", "REAL"),
            ("mutu", "TEXT"),
            ("mutu_label", "TEXT"),
            ("sufficient", "INTEGER"),
            ("prev_ikm", "REAL"),
            ("ikm_change", "REAL"),
            ("flagged", "INTEGER"),
            ("flag_reason", "TEXT"),
        ),
        None,
    ),
    "complaints": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("received", "INTEGER"),
            ("resolved", "INTEGER"),
            ("resolved_in_limit", "INTEGER"),
            ("median_days", "REAL"),
        ),
        None,
    ),
    "complaint_categories": (
        (("unit_id", "TEXT"), ("agency", "TEXT"), ("period", "TEXT"), ("category", "TEXT"), ("count", "INTEGER")),
        None,
    ),
    # Respondents per service unit / agency x month / quarter / year x profile characteristic
    # ('Jenis Kelamin', 'Usia', 'Pendidikan', 'Pekerjaan') x category (sync.results.profile).
    "respondent_profile": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("characteristic", "TEXT"),
            ("category", "TEXT"),
            ("count", "INTEGER"),
        ),
        None,
    ),
    # SKM follow-up (PermenPANRB 14/2017; sync.results.followup): recipients per unit-period and
    # their Krejcie–Morgan minimum; the sample verdict per unit-period; the RTL plans; the weakest
    # elements proposed for follow-up. Public-safe (positions, not names); the Laporan SKM reads them.
    "service_population": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("population", "INTEGER"),
            ("min_sample", "INTEGER"),
        ),
        None,
    ),
    "sample_adequacy": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("respondents", "INTEGER"),
            ("population", "INTEGER"),
            ("min_sample", "INTEGER"),
            ("rule", "TEXT"),
            ("adequate", "INTEGER"),
        ),
        None,
    ),
    "rtl_plans": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("element", "TEXT"),
            ("activity", "TEXT"),
            ("responsible", "TEXT"),
            ("target_date", "TEXT"),
            ("status", "TEXT"),
            ("note", "TEXT"),
            ("sheet_row", "INTEGER"),
            ("responsible_named", "INTEGER"),
        ),
        None,
    ),
    "rtl_proposals": (
        (
            ("unit_id", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("element", "TEXT"),
            ("nrr", "REAL"),
            ("rank", "INTEGER"),
        ),
        None,
    ),
    # Who was each employee's supervisor (the roster's NIP Atasan) when a month was first synced:
    # written once per agency, month and NIP, never rewritten, so a later change of supervisor does
    # not void the months already rated (docs/scoring.md §7). HR only.
    "period_supervisors": (
        (("agency", "TEXT"), ("period", "TEXT"), ("nip", "TEXT"), ("supervisor_nip", "TEXT"), ("first_seen", "TEXT")),
        None,
    ),
    # What changed between cycles (sync.results.history), HR only. `history` is append-only: one
    # row per changed field of a result or of an input row behind it, never rewritten.
    # `history_state` holds each tracked item's digest and last values, to compare the next cycle.
    "history": (
        (
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("what", "TEXT"),
            ("item", "TEXT"),
            ("field", "TEXT"),
            ("old", "TEXT"),
            ("new", "TEXT"),
            ("after_rating", "INTEGER"),
            ("changed_at", "TEXT"),
            ("run_id", "INTEGER"),
        ),
        None,
    ),
    # One row per employee-month: its tracked items as one JSON text (sync.store.state).
    "history_state": (
        (("agency", "TEXT"), ("period", "TEXT"), ("nip", "TEXT"), ("state", "TEXT")),
        None,
    ),
    # ---- final appraisals (issue 14): acts of people, written by the site and the CLI through
    # sync.store.appraisal (never replaced by the worker, which only reads them), HR only.
    # A closed period: append-only events, the latest per period says whether it is closed
    # (action "tutup") or open again ("buka"), with who and why.
    "period_closures": (
        (("period", "TEXT"), ("action", "TEXT"), ("at", "TEXT"), ("by", "TEXT"), ("reason", "TEXT")),
        None,
    ),
    # What the store held for a closed period when it closed: one row per store row, `payload` its
    # JSON {column: value}, `lock` "periode:2026-10". (A confirmed result is kept in its
    # confirmation's `result`.)
    "frozen_rows": (
        (
            ("lock", "TEXT"),
            ("tbl", "TEXT"),
            ("agency", "TEXT"),
            ("period", "TEXT"),
            ("nip", "TEXT"),
            ("payload", "TEXT"),
        ),
        None,
    ),
    # A sheet edit to a locked period's or confirmed result's input that was not used: one row per
    # changed field, recorded once (the first cycle that saw it), with the old and the new value.
    "attempted_changes": (
        (
            ("lock", "TEXT"),
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("what", "TEXT"),
            ("item", "TEXT"),
            ("field", "TEXT"),
            ("old", "TEXT"),
            ("new", "TEXT"),
            ("sheet_row", "INTEGER"),
            ("first_seen", "TEXT"),
            ("run_id", "INTEGER"),
        ),
        None,
    ),
    # Penetapan: a Pejabat Penilai's act on one employee's result for a period (month "2026-10",
    # quarter "2026-Q4" or year "2026"): state "ditetapkan" (confirmed) or "dikembalikan" (sent back,
    # `note` says why). `current` = 1 on the latest act per (agency, nip, period). A confirmation
    # keeps the result as confirmed (`result`: JSON {"results": {column: value}, "indicators":
    # [{column: value}, ...]}), the rules id, the digest of the input rows behind it, and the people
    # as they were (`people`: JSON {"pegawai"|"pejabat_penilai"|"atasan_pejabat_penilai": {nip,
    # name, position, unit, agency}}).
    "confirmations": (
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("state", "TEXT"),
            ("current", "INTEGER"),
            ("at", "TEXT"),
            ("by_login", "TEXT"),
            ("by_nip", "TEXT"),
            ("note", "TEXT"),
            ("rules_id", "TEXT"),
            ("input_digest", "TEXT"),
            ("result", "TEXT"),
            ("people", "TEXT"),
        ),
        None,
    ),
    # What a confirmed result would be now, from inputs edited after confirmation: written by the
    # worker each cycle (its agency's rows replaced), shown to the Pejabat Penilai to re-confirm.
    "pending_results": (
        (
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("confirmation_id", "INTEGER"),
            ("input_digest", "TEXT"),
            ("result", "TEXT"),
            ("seen_at", "TEXT"),
        ),
        "agency",
    ),
    # Keberatan (PP 30/2019 Pasal 59): filed by the employee against a confirmed result, decided by
    # the Atasan Pejabat Penilai. state: "diajukan" (open), "diterima" (upheld: the non-NULL
    # rating_hk / rating_pk / predikat replace the confirmed ones everywhere) or "ditolak".
    "objections": (
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("confirmation_id", "INTEGER"),
            ("rater_nip", "TEXT"),
            ("rater_of_rater_nip", "TEXT"),
            ("filed_at", "TEXT"),
            ("reasons", "TEXT"),
            ("decide_by", "TEXT"),
            ("state", "TEXT"),
            ("decided_at", "TEXT"),
            ("decided_by", "TEXT"),
            ("decision_reason", "TEXT"),
            ("rating_hk", "TEXT"),
            ("rating_pk", "TEXT"),
            ("predikat", "TEXT"),
        ),
        None,
    ),
    # Explanations asked for and given during a keberatan, visible to both parties and the decider.
    "objection_notes": (
        (
            ("objection_id", "INTEGER"),
            ("at", "TEXT"),
            ("by_login", "TEXT"),
            ("role", "TEXT"),
            ("text", "TEXT"),
            # a note of the Atasan Pejabat Penilai that asks for an explanation: whom it asks
            # ("pegawai", "pejabat_penilai" or "keduanya"); "" for an explanation given
            ("asks", "TEXT"),
        ),
        None,
    ),
    # Each issued Dokumen Evaluasi Kinerja Pegawai: its verification code, the digest of its content
    # and what it was made from, so /verifikasi/<code> can confirm a printed copy.
    "documents": (
        (
            ("code", "TEXT PRIMARY KEY"),
            ("agency", "TEXT"),
            ("nip", "TEXT"),
            ("period", "TEXT"),
            ("confirmation_id", "INTEGER"),
            ("digest", "TEXT"),
            ("issued_at", "TEXT"),
            ("summary", "TEXT"),
        ),
        None,
    ),
    "runs": (
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("started", "TEXT"),
            ("finished", "TEXT"),
            ("status", "TEXT"),
            ("rules_id", "TEXT"),
            ("summary", "TEXT"),
        ),
        None,
    ),
    "run_sheets": (
        (
            ("run_id", "INTEGER"),
            ("spreadsheet", "TEXT"),
            ("scope", "TEXT"),
            ("status", "TEXT"),
            ("rows_read", "INTEGER"),
            ("rows_used", "INTEGER"),
            ("rows_rejected", "INTEGER"),
            ("rows_superseded", "INTEGER"),
            ("written", "INTEGER"),
            ("seconds", "REAL"),
            ("error", "TEXT"),
        ),
        None,
    ),
    "meta": ((("key", "TEXT PRIMARY KEY"), ("value", "TEXT")), None),
    # ---- accounts (issue 13): written by the site (sync/store/accounts.py), never by the worker.
    # Secrets are never stored in the clear: passwords as werkzeug hashes, session ids, activation
    # codes and throttle keys (name/address) as SHA-256 hex digests.
    "accounts": (
        (
            ("login", "TEXT PRIMARY KEY"),
            ("nip", "TEXT"),
            ("name", "TEXT"),
            ("password_hash", "TEXT"),
            ("role", "TEXT"),
            ("agency", "TEXT"),
            ("created", "TEXT"),
        ),
        None,
    ),
    "sessions": ((("sid_hash", "TEXT PRIMARY KEY"), ("login", "TEXT"), ("started", "REAL")), None),
    "login_failures": (
        (
            ("key_hash", "TEXT PRIMARY KEY"),
            ("kind", "TEXT"),
            ("failures", "INTEGER"),
            ("last", "REAL"),
            ("locked_until", "REAL"),
        ),
        None,
    ),
    "known_addresses": ((("login", "TEXT"), ("address_hash", "TEXT"), ("at", "REAL")), None),
    "activation_codes": (
        (
            ("nip", "TEXT PRIMARY KEY"),
            ("code_hash", "TEXT"),
            ("agency", "TEXT"),
            ("created", "REAL"),
            ("expires", "REAL"),
            ("issued_by", "TEXT"),
        ),
        None,
    ),
    # One-time sign-in links mailed from /masuk: the token's SHA-256 digest only; used once.
    "signin_links": (
        (
            ("token_hash", "TEXT PRIMARY KEY"),
            ("login", "TEXT"),
            ("created", "REAL"),
            ("expires", "REAL"),
            ("used", "INTEGER"),
        ),
        None,
    ),
    "access_log": (
        (
            ("at", "TEXT"),
            ("viewer", "TEXT"),
            ("viewer_name", "TEXT"),
            ("role", "TEXT"),
            ("target_nip", "TEXT"),
            ("agency", "TEXT"),
            ("what", "TEXT"),
        ),
        None,
    ),
    # Every mail sent or given up, so none goes twice (sync/notify/log.py writes it).
    # key = kind|recipient|period; status terkirim / gagal (permanent) / tertunda (retried).
    "notifications_sent": (
        (
            ("key", "TEXT PRIMARY KEY"),
            ("kind", "TEXT"),
            ("recipient", "TEXT"),
            ("period", "TEXT"),
            ("address", "TEXT"),
            ("agency", "TEXT"),
            ("status", "TEXT"),
            ("attempts", "INTEGER"),
            ("at", "TEXT"),
            ("reason", "TEXT"),
        ),
        None,
    ),
}

RUN_RUNNING = "berjalan"  # status of a run under way
RUN_INTERRUPTED = "terputus"  # a run whose process was killed (or crashed) before it could record an end
PRIVATE_MODE = 0o600
# The site's own tables: the worker never replaces them (and no public page reads them).
ACCOUNT_TABLES = (
    "accounts",
    "sessions",
    "login_failures",
    "known_addresses",
    "activation_codes",
    "signin_links",
    "access_log",
)
# The final-appraisal tables (sync.store.appraisal writes them; the worker only reads them, apart
# from its own `attempted_changes` and `pending_results` rows).
APPRAISAL_TABLES = (
    "period_closures",
    "frozen_rows",
    "confirmations",
    "objections",
    "objection_notes",
    "documents",
)
CITY_TABLES = ("ikm", "ikm_periodic", "complaints", "complaint_categories", "respondent_profile")


def column_names(table: str) -> tuple[str, ...]:
    """The declared columns of `table`, in table order."""
    return tuple(name for name, _kind in SCHEMA[table][0])


def scope_column(table: str) -> str | None:
    """The column `replace_scope` deletes by (None: the table is replaced whole)."""
    return SCHEMA[table][1]


def insert_columns(table: str) -> tuple[str, ...]:
    """The columns a writer fills (an INTEGER PRIMARY KEY numbers itself)."""
    return tuple(name for name, kind in SCHEMA[table][0] if "PRIMARY KEY" not in kind)


# replace_scope deletes by the scope column: without an index every agency would scan the table.
# HR pages filter results by period and agency, and by NIP. (Spelt as earlier versions created
# them, so a dump of a new store matches an old one.)
INDEX_SQL: tuple[str, ...] = (
    *(
        f'CREATE INDEX IF NOT EXISTS "{table}_{scope}" ON "{table}"("{scope}")'
        for table, (_columns, scope) in SCHEMA.items()
        if scope
    ),
    "CREATE INDEX IF NOT EXISTS results_period ON results(period, agency)",
    "CREATE INDEX IF NOT EXISTS results_nip ON results(nip)",
    # One record per agency, month and NIP: the first sync's (INSERT OR IGNORE keeps it).
    "CREATE UNIQUE INDEX IF NOT EXISTS period_supervisors_key ON period_supervisors(agency, period, nip)",
    "CREATE INDEX IF NOT EXISTS history_nip ON history(nip, period)",
    "CREATE INDEX IF NOT EXISTS frozen_rows_lock ON frozen_rows(lock)",
    "CREATE INDEX IF NOT EXISTS confirmations_key ON confirmations(agency, nip, period, current)",
    "CREATE INDEX IF NOT EXISTS objections_nip ON objections(nip, period)",
    "CREATE UNIQUE INDEX IF NOT EXISTS attempted_changes_key "
    "ON attempted_changes(lock, agency, nip, period, what, item, field, new)",
    "CREATE UNIQUE INDEX IF NOT EXISTS history_state_month ON history_state(agency, period, nip)",
)
