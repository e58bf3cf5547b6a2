"""Who gets which mail now: read the results store, decide, return Mails (nothing is sent here).

- result ready: an employee with an Email whose month has a predikat, for the current month and
  the two before it (switching notifications on never mails a year of old months);
- reminder: in the [notify] reminder_lead_days days before reminder_day (the day the month's
  Laporan Kinerja is due), an active employee with an Email and no row for the current month;
- digest: on [notify] digest_weekday, each agency's admin_emails get that agency's counts per unit
  for its latest month (counts only, no names);
- overdue keberatan: once a day, [notify] bkpsdm_emails get the count per agency of open
  objections past their decision deadline (sync.store.objections.overdue_messages; no names).

Each Mail has a key (kind|recipient|period); log.py skips keys already sent or given up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from config.settings import WEEKDAYS, Settings
from scoring.indonesian import long_date
from sync.notify import texts
from sync.store import ResultsStore, objections

RECENT_MONTHS = 3  # result mails for this month and the two before it


@dataclass(frozen=True)
class Mail:
    kind: str
    recipient: str  # a NIP (employee mails) or 'AGENCY:address' (digests)
    period: str  # 'YYYY-MM', or 'YYYY-Www' for a digest (one a week)
    address: str
    agency: str
    subject: str
    body: str

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.recipient}|{self.period}"


def month_key(day: dt.date, back: int = 0) -> str:
    index = day.year * 12 + day.month - 1 - back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _staff(store: ResultsStore) -> pd.DataFrame:
    """Active employees with a usable e-mail address."""
    staff = store.read("employees")
    if staff.empty or "email" not in staff:
        return staff.iloc[0:0]
    email = staff["email"].fillna("").astype(str).str.strip()
    active = pd.to_numeric(staff["active"], errors="coerce").fillna(1).astype(bool)
    return staff.assign(email=email)[email.ne("") & active].drop_duplicates(["agency", "nip"])


def plan(settings: Settings, store: ResultsStore, today: dt.date) -> list[Mail]:
    """Every mail due now, sent or not (the caller drops those already in the log)."""
    notify = settings.notify
    city = settings.city.name
    page = settings.result_page
    staff = _staff(store)
    oldest = month_key(today, RECENT_MONTHS - 1)
    results = store.read("results", "period >= ? AND period <= ? AND length(period) = 7", (oldest, month_key(today)))
    mails: list[Mail] = []
    if notify.result_ready and not staff.empty and not results.empty:
        ready = results[results["predikat"].fillna("").astype(str).ne("")]
        ready = ready[["agency", "nip", "period"]].merge(
            staff[["agency", "nip", "name", "email"]], on=["agency", "nip"]
        )
        for row in ready.sort_values(["period", "agency", "nip"]).itertuples(index=False):
            subject, body = texts.result_ready(row.name, row.period, page, city)
            mails.append(Mail(texts.KIND_RESULT, row.nip, row.period, row.email, row.agency, subject, body))
    due_day = dt.date(today.year, today.month, notify.reminder_day)
    if due_day - dt.timedelta(days=notify.reminder_lead_days) <= today < due_day and not staff.empty:
        current = month_key(today)
        now = results[results["period"].eq(current)]
        indicators = pd.to_numeric(now["indicators"], errors="coerce").fillna(0)
        reported = set(zip(now.loc[indicators > 0, "agency"], now.loc[indicators > 0, "nip"]))
        for row in staff.sort_values(["agency", "nip"]).itertuples(index=False):
            if (row.agency, row.nip) in reported:
                continue
            subject, body = texts.reminder(row.name, current, long_date(due_day), page, city)
            mails.append(Mail(texts.KIND_REMINDER, row.nip, current, row.email, row.agency, subject, body))
    if today.weekday() == WEEKDAYS.index(notify.digest_weekday.strip().lower()):
        mails += _digests(settings, store, results, today)
    if notify.bkpsdm_emails:
        names = {a.code: a.name for a in settings.agencies}
        overdue = objections.open_overdue(store, today)
        for m in objections.overdue_messages(
            overdue, today, list(notify.bkpsdm_emails), settings.web.base_url, city, names
        ):
            mails.append(Mail(m.kind, m.recipient, today.isoformat(), m.address, "", m.subject, m.body))
    return mails


def _digests(settings: Settings, store: ResultsStore, results: pd.DataFrame, today: dt.date) -> list[Mail]:
    year, week, _ = today.isocalendar()
    period_key = f"{year:04d}-W{week:02d}"
    roster = store.read("employees")
    out = []
    for agency in settings.agencies:
        if not agency.admin_emails:
            continue
        mine = results[results["agency"].eq(agency.code)]
        if mine.empty:
            continue
        latest = str(mine["period"].max())
        rows = _unit_counts(mine[mine["period"].eq(latest)], roster[roster["agency"].eq(agency.code)])
        subject, body = texts.digest(agency.name, latest, rows, settings.web.base_url or "/", settings.city.name)
        for address in dict.fromkeys(a.strip() for a in agency.admin_emails):
            out.append(
                Mail(
                    texts.KIND_DIGEST,
                    f"{agency.code}:{address.lower()}",
                    period_key,
                    address,
                    agency.code,
                    subject,
                    body,
                )
            )
    return out


def _unit_counts(month: pd.DataFrame, roster: pd.DataFrame) -> list[tuple]:
    """(unit, active, reported, rated, attended, complete) per unit of the month's active staff."""
    if "active" in roster and not roster.empty:
        inactive = set(roster.loc[~pd.to_numeric(roster["active"], errors="coerce").fillna(1).astype(bool), "nip"])
        month = month[~month["nip"].isin(inactive)]
    frame = pd.DataFrame(
        {
            "unit": month["unit"].fillna("").astype(str).replace("", "(tanpa unit)"),
            "reported": pd.to_numeric(month["indicators"], errors="coerce").fillna(0).gt(0),
            "rated": pd.to_numeric(month["has_rating"], errors="coerce").fillna(0).astype(bool),
            "attended": pd.to_numeric(month["has_attendance"], errors="coerce").fillna(0).astype(bool),
            "complete": month["missing"].fillna("").astype(str).eq(""),
        }
    )
    grouped = frame.groupby("unit", sort=True)
    counts = grouped.agg(
        active=("reported", "size"),
        reported=("reported", "sum"),
        rated=("rated", "sum"),
        attended=("attended", "sum"),
        complete=("complete", "sum"),
    )
    return [(unit, *(int(v) for v in row)) for unit, row in counts.iterrows()]
