"""Keberatan (issue 14, item 5): the employee objects to a confirmed result; the Atasan Pejabat
Penilai hears both sides and decides, finally.

PP 30/2019 Pasal 59: keberatan atas hasil penilaian kinerja diajukan kepada atasan Pejabat
Penilai Kinerja dalam jangka waktu 14 (empat belas) hari sejak diterimanya hasil penilaian; the
atasan Pejabat Penilai Kinerja decides it, and that decision is final. Here "received" is the
confirmation's `at` (the result is the employee's on /saya from the moment it is confirmed), the
14 days are `settings.appraisal.objection_days`, and the decider's own deadline is
`settings.appraisal.decision_days` after filing.

The Pejabat Penilai and the Atasan Pejabat Penilai are the people as they were at confirmation
(the confirmation's `people`), not whoever the roster names today. An upheld objection keeps only
the changed rating(s) and the predikat the PermenPANRB 6/2022 matrix gives for them
(scoring.predikat, the scoring's own rule); the worker applies them to results, tabs and reports.

The module also builds the keberatan mails (pure: subject and body, no score in any of them),
shared by the site (filing, notes, decisions) and the worker's notify run (overdue ones to BKPSDM).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from scoring import periods as period_keys
from scoring.indonesian import long_date
from scoring.params import RATINGS
from scoring.periods import CITY_ZONE
from scoring.predikat import predikat as matrix_predikat
from sync.store import acts, confirmations

OPEN = "diajukan"
UPHELD = "diterima"
REJECTED = "ditolak"
STATE_LABELS = {OPEN: "Diajukan, menunggu keputusan", UPHELD: "Diterima", REJECTED: "Ditolak"}

# Note roles: who wrote it.
EMPLOYEE = "pegawai"
RATER = "pejabat_penilai"
DECIDER = "atasan_pejabat_penilai"
ROLE_LABELS = {EMPLOYEE: "Pegawai", RATER: "Pejabat Penilai", DECIDER: "Atasan Pejabat Penilai"}
# Whom a note of the decider asks for an explanation.
BOTH = "keduanya"
ASKS = (EMPLOYEE, RATER, BOTH)

MAX_TEXT = 4000  # reasons, notes and decision reasons: longer ones are refused, not cut
FINAL = "Keputusan ini final (PP 30/2019 Pasal 59)."


@dataclass(frozen=True)
class Objection:
    id: int
    agency: str
    nip: str
    period: str
    confirmation_id: int
    rater_nip: str
    rater_of_rater_nip: str
    filed_at: str
    reasons: str
    decide_by: str
    state: str
    decided_at: str
    decided_by: str
    decision_reason: str
    rating_hk: str
    rating_pk: str
    predikat: str

    @property
    def open(self) -> bool:
        return self.state == OPEN

    @property
    def upheld(self) -> bool:
        return self.state == UPHELD

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    def overdue(self, today: dt.date) -> bool:
        """Open past its decision deadline (flagged to BKPSDM)."""
        return self.open and dt.date.fromisoformat(self.decide_by) < today


@dataclass(frozen=True)
class Note:
    objection_id: int
    at: str
    by_login: str
    role: str
    text: str
    asks: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def _of(row: dict) -> Objection:
    return Objection(
        id=int(row["id"]),
        agency=row["agency"] or "",
        nip=row["nip"] or "",
        period=row["period"] or "",
        confirmation_id=int(row["confirmation_id"] or 0),
        rater_nip=row["rater_nip"] or "",
        rater_of_rater_nip=row["rater_of_rater_nip"] or "",
        filed_at=row["filed_at"] or "",
        reasons=row["reasons"] or "",
        decide_by=row["decide_by"] or "",
        state=row["state"] or "",
        decided_at=row["decided_at"] or "",
        decided_by=row["decided_by"] or "",
        decision_reason=row["decision_reason"] or "",
        rating_hk=row["rating_hk"] or "",
        rating_pk=row["rating_pk"] or "",
        predikat=row["predikat"] or "",
    )


# ---- dates ---------------------------------------------------------------------------------------


def _moment(value: dt.datetime | dt.date | str) -> dt.datetime:
    """A moment on the city's clock (WIB): days are counted as Kota Solok counts them; a naive
    value is taken as city time already."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        moment = dt.datetime.fromisoformat(str(value))
    return moment.astimezone(CITY_ZONE) if moment.tzinfo is not None else moment


def _day(value: dt.datetime | dt.date | str) -> dt.date:
    moment = _moment(value)
    return moment.date()


def deadline(confirmation: confirmations.Confirmation, objection_days: int) -> dt.date:
    """The last day an objection may be filed: `objection_days` after the confirmation's day
    (PP 30/2019 Pasal 59: 14 hari sejak diterimanya hasil penilaian)."""
    return _day(confirmation.at) + dt.timedelta(days=int(objection_days))


def may_file_until(confirmation: confirmations.Confirmation | None, objection_days: int, today: dt.date):
    """The filing deadline when an objection may be filed today against this act, else None."""
    if confirmation is None or not confirmation.confirmed:
        return None
    last = deadline(confirmation, objection_days)
    return last if today <= last else None


# ---- the acts ------------------------------------------------------------------------------------


def _text(value: str, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValueError(f"{what} belum diisi: tuliskan {what.lower()} sebelum mengirim.")
    if len(text) > MAX_TEXT:
        raise ValueError(f"{what} terlalu panjang ({len(text)} karakter): ringkas menjadi paling banyak {MAX_TEXT}.")
    return text


def _nip_of(people: dict, key: str) -> str:
    return str((people.get(key) or {}).get("nip") or "").strip()


def file(
    store,
    confirmation: confirmations.Confirmation,
    reasons: str,
    now: dt.datetime | str,
    objection_days: int,
    decision_days: int,
) -> int:
    """File an objection against a confirmed result; returns its id. ValueError (Indonesian, with
    the fix) when the result is not confirmed, the deadline has passed, one is already open for
    the result or this confirmation was already objected to, or no Atasan Pejabat Penilai was
    recorded at confirmation."""
    text = _text(reasons, "Alasan keberatan")
    moment = _moment(now)
    with acts.writing(store) as conn:
        found = conn.execute(
            "SELECT id, state FROM confirmations WHERE agency = ? AND nip = ? AND period = ? AND current = 1",
            (confirmation.agency, confirmation.nip, confirmation.period),
        ).fetchone()
        if found is None or int(found[0]) != confirmation.id or found[1] != confirmations.CONFIRMED:
            raise ValueError(
                "Hasil ini belum ditetapkan (atau sudah diganti penetapan yang lebih baru), jadi belum dapat "
                "diajukan keberatan: tunggu Pejabat Penilai menetapkannya, lalu ajukan dari halaman Saya."
            )
        # PP 30/2019 Pasal 59: "keberatan ... diajukan kepada atasan Pejabat Penilai Kinerja dalam
        # jangka waktu 14 (empat belas) hari sejak diterimanya hasil penilaian kinerja".
        last = deadline(confirmation, objection_days)
        if moment.date() > last:
            raise ValueError(
                f"Batas waktu keberatan sudah lewat: keberatan diajukan paling lambat {long_date(last)} "
                f"({objection_days} hari sejak hasil ditetapkan, PP 30/2019 Pasal 59). Bila ada kekeliruan "
                "data, bicarakan dengan Pejabat Penilai Anda atau BKPSDM."
            )
        open_one = conn.execute(
            "SELECT id FROM objections WHERE agency = ? AND nip = ? AND period = ? AND state = ?",
            (confirmation.agency, confirmation.nip, confirmation.period, OPEN),
        ).fetchone()
        if open_one is not None:
            raise ValueError(
                "Sudah ada keberatan yang belum diputus untuk hasil ini: tambahkan penjelasan pada keberatan "
                "itu, jangan mengajukan yang baru."
            )
        decided = conn.execute("SELECT id FROM objections WHERE confirmation_id = ?", (confirmation.id,)).fetchone()
        if decided is not None:
            raise ValueError(
                "Keberatan atas penetapan ini sudah diputus, dan keputusan Atasan Pejabat Penilai bersifat final "
                "(PP 30/2019 Pasal 59): keberatan kedua tidak dapat diajukan."
            )
        rater = _nip_of(confirmation.people, "pejabat_penilai") or confirmation.by_nip
        rater_of_rater = _nip_of(confirmation.people, "atasan_pejabat_penilai")
        if not rater_of_rater:
            raise ValueError(
                "Atasan Pejabat Penilai tidak tercatat pada penetapan hasil ini, jadi tidak ada yang dapat "
                "memutus keberatan: minta admin OPD mengisi NIP Atasan Pejabat Penilai Anda di tab Pegawai dan "
                "Pejabat Penilai menetapkan ulang hasil Anda, atau hubungi BKPSDM."
            )
        decide_by = moment.date() + dt.timedelta(days=int(decision_days))
        cur = conn.execute(
            "INSERT INTO objections (agency, nip, period, confirmation_id, rater_nip, rater_of_rater_nip, filed_at, "
            "reasons, decide_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                confirmation.agency,
                confirmation.nip,
                confirmation.period,
                confirmation.id,
                rater,
                rater_of_rater,
                moment.isoformat(timespec="seconds"),
                text,
                decide_by.isoformat(),
                OPEN,
            ),
        )
        return int(cur.lastrowid)


def add_note(store, objection_id: int, by_login: str, role: str, text: str, asks: str = "", at: str | None = None):
    """A note on an open objection: an explanation by the employee or the Pejabat Penilai, or the
    Atasan Pejabat Penilai asking one of them (or both: `asks`) for an explanation."""
    if role not in ROLE_LABELS:
        raise ValueError(f"peran catatan tidak dikenal: {role}")
    if asks and (role != DECIDER or asks not in ASKS):
        raise ValueError(
            "Hanya Atasan Pejabat Penilai yang meminta penjelasan, dari pegawai, Pejabat Penilai atau keduanya."
        )
    body = _text(text, "Catatan")
    with acts.writing(store) as conn:
        found = conn.execute("SELECT state FROM objections WHERE id = ?", (int(objection_id),)).fetchone()
        if found is None:
            raise ValueError("Keberatan ini tidak ditemukan.")
        if found[0] != OPEN:
            raise ValueError(f"Keberatan ini sudah diputus; catatan tidak dapat ditambahkan lagi. {FINAL}")
        conn.execute(
            "INSERT INTO objection_notes (objection_id, at, by_login, role, text, asks) VALUES (?, ?, ?, ?, ?, ?)",
            (int(objection_id), at or acts.now_text(), by_login, role, body, asks or ""),
        )


def new_predikat(rating_hk: str, rating_pk: str) -> str:
    """The predikat of two ratings by the scoring's own PermenPANRB 6/2022 matrix."""
    return str(matrix_predikat([rating_hk], [rating_pk]).iloc[0] or "")


def confirmed_ratings(confirmation: confirmations.Confirmation | None) -> dict[str, str]:
    """rating_hk, rating_pk and predikat as they were confirmed."""
    results = ((confirmation.result if confirmation else None) or {}).get("results") or {}
    return {key: str(results.get(key) or "") for key in ("rating_hk", "rating_pk", "predikat")}


def decide(
    store,
    objection_id: int,
    by: str,
    upheld: bool,
    reason: str,
    rating_hk: str | None = None,
    rating_pk: str | None = None,
    at: str | None = None,
) -> Objection:
    """The Atasan Pejabat Penilai's decision (NIP `by`), final: a second one is refused. Upheld:
    the changed rating(s), at least one differing from the confirmed one, and the predikat the
    matrix gives for the ratings in force. Returns the decided objection."""
    text = _text(reason, "Alasan keputusan")
    for value in (rating_hk, rating_pk):
        if value and value not in RATINGS:
            raise ValueError(f'rating "{value}" tidak dikenal: pilih salah satu dari {", ".join(RATINGS)}.')
    with acts.writing(store) as conn:
        cur = conn.execute("SELECT * FROM objections WHERE id = ?", (int(objection_id),))
        row = cur.fetchone()
        if row is None:
            raise ValueError("Keberatan ini tidak ditemukan.")
        objection = _of(dict(zip([d[0] for d in cur.description], row)))
        if not objection.open:
            raise ValueError(f"Keberatan ini sudah diputus pada {objection.decided_at[:10]}. {FINAL}")
        if not by or by != objection.rater_of_rater_nip:
            raise ValueError(
                "Hanya Atasan Pejabat Penilai yang tercatat pada penetapan hasil ini yang dapat memutus keberatan "
                "(PP 30/2019 Pasal 59)."
            )
        changed_hk = changed_pk = new = None
        if upheld:
            conf_row = conn.execute("SELECT result FROM confirmations WHERE id = ?", (objection.confirmation_id,))
            found = conf_row.fetchone()
            results = (json.loads(found[0] or "{}") if found else {}).get("results") or {}
            old_hk, old_pk = str(results.get("rating_hk") or ""), str(results.get("rating_pk") or "")
            changed_hk = rating_hk if rating_hk and rating_hk != old_hk else None
            changed_pk = rating_pk if rating_pk and rating_pk != old_pk else None
            if changed_hk is None and changed_pk is None:
                raise ValueError(
                    "Keberatan diterima, tetapi tidak ada rating yang diubah: pilih Rating Hasil Kerja dan/atau "
                    "Rating Perilaku yang baru (berbeda dari yang ditetapkan), atau tolak keberatan."
                )
            hk, pk = changed_hk or old_hk, changed_pk or old_pk
            if not hk or not pk:
                raise ValueError(
                    "Predikat tidak dapat dihitung: hasil yang ditetapkan tidak memuat kedua rating. Pilih "
                    "Rating Hasil Kerja dan Rating Perilaku."
                )
            new = new_predikat(hk, pk)
        moment = at or acts.now_text()
        conn.execute(
            "UPDATE objections SET state = ?, decided_at = ?, decided_by = ?, decision_reason = ?, rating_hk = ?, "
            "rating_pk = ?, predikat = ? WHERE id = ? AND state = ?",
            (UPHELD if upheld else REJECTED, moment, by, text, changed_hk, changed_pk, new, objection.id, OPEN),
        )
    decided = by_id(store, objection.id)
    assert decided is not None
    return decided


# ---- readers -------------------------------------------------------------------------------------


def _many(where: str, params: tuple, store) -> list[Objection]:
    return [_of(r) for r in acts.rows(store, "objections", where + " ORDER BY id DESC", params)]


def by_id(store, objection_id: int) -> Objection | None:
    found = acts.rows(store, "objections", "id = ?", (int(objection_id),))
    return _of(found[0]) if found else None


def of_employee(store, nip: str) -> list[Objection]:
    """The employee's objections, newest first."""
    return _many("nip = ?", (nip,), store)


def for_decider(store, nip: str, open_only: bool = False) -> list[Objection]:
    """Objections this NIP decides (the Atasan Pejabat Penilai as recorded at confirmation)."""
    if open_only:
        return _many("rater_of_rater_nip = ? AND state = ?", (nip, OPEN), store)
    return _many("rater_of_rater_nip = ?", (nip,), store)


def for_rater(store, nip: str) -> list[Objection]:
    """Objections against results this NIP confirmed as Pejabat Penilai."""
    return _many("rater_nip = ?", (nip,), store)


def upheld_of(store, nips: list[str] | None = None) -> list[Objection]:
    """Upheld objections (of `nips`, or everyone's), oldest first: the order the worker applies
    them in (sync.locks.apply_objections), so a later one for the same result wins."""
    where, params = "state = ?", [UPHELD]
    if nips is not None:
        wanted = sorted({str(n) for n in nips if n})
        if not wanted:
            return []
        where += f" AND nip IN ({', '.join('?' for _ in wanted)})"
        params += wanted
    return [_of(r) for r in acts.rows(store, "objections", where + " ORDER BY id", tuple(params))]


def every(store) -> list[Objection]:
    """All objections, newest first (BKPSDM)."""
    return _many("1", (), store)


def open_overdue(store, today: dt.date) -> list[Objection]:
    """Open objections past their decision deadline, oldest deadline first."""
    rows = _many("state = ? AND decide_by < ?", (OPEN, today.isoformat()), store)
    return sorted(rows, key=lambda o: (o.decide_by, o.id))


def notes_of(store, objection_id: int) -> list[Note]:
    return [
        Note(
            int(r["objection_id"]),
            r["at"] or "",
            r["by_login"] or "",
            r["role"] or "",
            r["text"] or "",
            r["asks"] or "",
        )
        for r in acts.rows(store, "objection_notes", "objection_id = ? ORDER BY rowid", (int(objection_id),))
    ]


# ---- mails (pure: no score, no reasons, only who, what waits and a link) -------------------------


@dataclass(frozen=True)
class Message:
    kind: str
    recipient: str  # a NIP, or "BKPSDM:<address>"
    key: str  # kind|recipient|objection (or day): what the notify log keys a mail by
    address: str
    subject: str
    body: str


KIND_FILED = "keberatan-diajukan"
KIND_ASKED = "keberatan-penjelasan"
KIND_DECIDED = "keberatan-diputus"
KIND_OVERDUE = "keberatan-terlambat"


def _footer(city: str) -> str:
    system = f"Kinerja {city}".strip()
    return f"\nEmail ini dikirim otomatis oleh sistem {system}; mohon tidak membalas email ini.\n"


def _period_label(period: str) -> str:
    return period_keys.label(period)


def filed_mail(name: str, role: str, employee: str, period: str, decide_by: str, link: str, city: str):
    """To the Atasan Pejabat Penilai (role DECIDER) or the Pejabat Penilai (role RATER)."""
    what = (
        f"Sebagai Atasan Pejabat Penilai, Anda memutus keberatan ini paling lambat {long_date(_day(decide_by))}; "
        "keputusan Anda final (PP 30/2019 Pasal 59)."
        if role == DECIDER
        else "Sebagai Pejabat Penilai, Anda dapat menambahkan penjelasan pada keberatan ini."
    )
    subject = f"Keberatan atas hasil penilaian kinerja {_period_label(period)}"
    body = (
        f"Yth. {name},\n\n{employee} mengajukan keberatan atas hasil penilaian kinerja {_period_label(period)}. "
        f"{what}\n\nBuka keberatan ini setelah masuk ke situs Kinerja:\n\n    {link}\n" + _footer(city)
    )
    return subject, body


def asked_mail(name: str, employee: str, period: str, link: str, city: str):
    subject = f"Permintaan penjelasan: keberatan {_period_label(period)}"
    body = (
        f"Yth. {name},\n\nAtasan Pejabat Penilai meminta penjelasan Anda tentang keberatan {employee} atas hasil "
        f"penilaian kinerja {_period_label(period)}. Tuliskan penjelasan Anda di halaman keberatan:\n\n    {link}\n"
        + _footer(city)
    )
    return subject, body


def decided_mail(name: str, employee: str, period: str, link: str, city: str):
    subject = f"Keberatan {_period_label(period)} sudah diputus"
    body = (
        f"Yth. {name},\n\nAtasan Pejabat Penilai sudah memutus keberatan {employee} atas hasil penilaian kinerja "
        f"{_period_label(period)}. Keputusan dan alasannya dapat dibaca setelah masuk:\n\n    {link}\n\n"
        f"{FINAL}\n" + _footer(city)
    )
    return subject, body


def overdue_messages(
    overdue: list[Objection], today: dt.date, addresses: list[str], base_url: str, city: str, agency_names: dict
) -> list[Message]:
    """BKPSDM's mail about open objections past their decision deadline (from `open_overdue`):
    one a day per address, counts per agency and the oldest deadline, a link to /hr/keberatan;
    no name, NIP or score. Pure: the worker's notify run sends them and logs their keys."""
    if not overdue or not addresses:
        return []
    per_agency: dict[str, int] = {}
    for o in overdue:
        per_agency[o.agency] = per_agency.get(o.agency, 0) + 1
    lines = "\n".join(f"  - {agency_names.get(a, a)}: {n}" for a, n in sorted(per_agency.items()))
    oldest = min(o.decide_by for o in overdue)
    link = f"{base_url.rstrip('/')}/hr/keberatan"
    subject = f"{len(overdue)} keberatan melewati batas keputusan"
    body = (
        f"Yth. BKPSDM,\n\nPer {long_date(today)}, {len(overdue)} keberatan atas hasil penilaian kinerja belum diputus "
        f"oleh Atasan Pejabat Penilai padahal batas keputusannya sudah lewat (yang paling lama: "
        f"{long_date(_day(oldest))}):\n\n{lines}\n\nDaftarnya ada di:\n\n    {link}\n" + _footer(city)
    )
    out = []
    unique = {a.strip().lower(): a.strip() for a in reversed(addresses) if a.strip()}
    for address in reversed(unique.values()):
        recipient = f"BKPSDM:{address.lower()}"
        out.append(
            Message(KIND_OVERDUE, recipient, f"{KIND_OVERDUE}|{recipient}|{today.isoformat()}", address, subject, body)
        )
    return out
