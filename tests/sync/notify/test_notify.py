"""[notify] (issue 13, item 6): mails after a sync cycle, against a real SMTP server on loopback (aiosmtpd).

One mail per employee per month, none on the next cycle; a 4xx answer retried, a 5xx one recorded
as failed with its reason; no score in any body; the reminder only to who has not reported; the
weekly digest per agency, to that agency's admins only; an SMTP outage never fails the cycle.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from config.settings import parse_settings
from scoring.rounding import round_half_up
from scoring.vocabulary import PREDIKATS
from sync.cycle import STATUS_OK, run_cycle
from sync.notify import log as sent_log
from sync.notify.run import send_due
from sync.notify.smtp import SmtpSender
from sync.sources.local import LocalBackend
from sync.store import ResultsStore
from tests.paths import ROOT
from tests.sync.results.test_privacy import AGENCY, BASE_URL, CITY, FEEDBACK_A, FEEDBACK_B, A, B, C, write_book

D, E = "198001012005011004", "198202022006021005"
TODAY = dt.date(2026, 11, 12)  # a Thursday, before the reminder day
MAIL = {A: "rina@solokkota.go.id", B: "budi@solokkota.go.id", C: "citra@solokkota.go.id", D: "dewi@solokkota.go.id"}
ADMIN_1, ADMIN_2 = "admin.dukcapil@solokkota.go.id", "admin.dinsos@solokkota.go.id"


def with_emails(tabs: dict, emails: dict[str, str]) -> dict:
    pegawai = [tabs["Pegawai"][0] + ["Email"]] + [row + [emails.get(row[0], "")] for row in tabs["Pegawai"][1:]]
    return {**tabs, "Pegawai": pegawai}


# A second agency: Dewi (reported October) and Eko (whose Email is malformed: a Peringatan, no mail).
DINSOS = with_emails(
    {
        "Pegawai": [
            AGENCY["Pegawai"][0],
            [D, "Dewi", "Staf", "Bidang Sosial", "", "Tidak", "Aktif"],
            [E, "Eko", "Staf", "Bidang Sosial", "", "Tidak", "Aktif"],
        ],
        "Laporan Kinerja": [AGENCY["Laporan Kinerja"][0], ["2026-10", D, "RHK", "Bansos", 10, 10]],
        "Penilaian Atasan": [AGENCY["Penilaian Atasan"][0], ["2026-10", D, 3, 3, 3, 3, 3, 3, 3, 3, "", ""]],
        "Presensi": [AGENCY["Presensi"][0], ["2026-10", D, 21, 21, 0, 0, 0]],
    },
    {D: MAIL[D], E: "eko di kantor"},
)


class Mailbox:
    """aiosmtpd handler: keeps each delivered message; `answers[address]` are replies to give to
    RCPT TO for that address, one per attempt, before accepting it."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.answers: dict[str, list[str]] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        queued = self.answers.get(address)
        if queued:
            return queued.pop(0) if len(queued) > 1 or not queued[0].startswith("5") else queued[0]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def config(base: Path, port: int, **notify) -> dict:
    return {
        "source": {"kind": "local", "folder": "data"},
        "city": {"spreadsheet": "kota"},
        "agencies": [
            {
                "code": "DISDUKCAPIL",
                "name": "Dinas Kependudukan dan Pencatatan Sipil",
                "spreadsheet": "dukcapil",
                "admin_emails": [ADMIN_1],
            },
            {"code": "DINSOS", "name": "Dinas Sosial", "spreadsheet": "dinsos", "admin_emails": [ADMIN_2]},
        ],
        "store": {"path": "var/k.sqlite"},
        "web": {"base_url": BASE_URL},
        "notify": {
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "security": "none",
            "from_address": "kinerja@solokkota.go.id",
            "per_minute": 6000,
            "retries": 2,
            "digest_weekday": "senin",
            **notify,
        },
    }


def in_month(tabs: dict, month: str) -> dict:
    return {
        name: [[month if cell == "2026-10" else cell for cell in row] for row in rows] for name, rows in tabs.items()
    }


def write_world(base: Path, month: str = "2026-10") -> None:
    (base / "data").mkdir(parents=True, exist_ok=True)
    write_book(base / "data" / "dukcapil.xlsx", in_month(with_emails(AGENCY, MAIL), month))
    write_book(base / "data" / "dinsos.xlsx", in_month(DINSOS, month))
    write_book(base / "data" / "kota.xlsx", CITY)


@pytest.fixture(scope="module")
def synced_store(tmp_path_factory) -> Path:
    """One cycle over both agencies; each test copies the store it leaves."""
    base = tmp_path_factory.mktemp("notify")
    write_world(base)
    settings = parse_settings(config(base, 1), base / "kinerja.toml")
    result = run_cycle(
        settings,
        LocalBackend(settings.source.folder),
        ResultsStore(settings.store.path),
        log=lambda _l: None,
        today=TODAY,
    )
    assert result.status == STATUS_OK
    return settings.store.path


@pytest.fixture
def world(tmp_path, synced_store):
    def make(port: int, copy: bool = True, **notify):
        if copy:
            shutil.copy(synced_store, tmp_path / "k.sqlite")
        settings = parse_settings(
            {**config(tmp_path, port, **notify), "store": {"path": "k.sqlite"}}, tmp_path / "kinerja.toml"
        )
        return settings, ResultsStore(settings.store.path)

    return make


def send(settings, store, today=TODAY, sleeps=None, lines=None):
    return send_due(
        settings,
        store,
        log=(lines.append if lines is not None else lambda _l: None),
        today=today,
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
    )


def test_one_result_mail_per_employee_and_month_and_none_on_the_next_cycle(smtp, world):
    settings, store = world(smtp.port)
    first = send(settings, store)
    # Rina, Budi and Dewi have an October predikat and an Email; Citra's report was rejected (no
    # result yet), Eko's address is malformed. Nobody else gets anything on a Thursday, the 12th.
    assert sorted(m["To"] for m in smtp.messages) == sorted([MAIL[A], MAIL[B], MAIL[D]])
    assert first.sent == 3 and first.failed == first.pending == 0
    assert all(m["Subject"] == "Hasil penilaian kinerja Oktober 2026 sudah tersedia" for m in smtp.messages)
    again = send(settings, store)
    assert again.sent == 0 and again.due == [] and len(smtp.messages) == 3
    sent = sent_log.read(store)
    assert set(sent["status"]) == {sent_log.SENT} and set(sent["key"]) == {f"hasil|{n}|2026-10" for n in (A, B, D)}


def test_no_mail_carries_a_score_feedback_or_another_persons_name(smtp, world):
    settings, store = world(smtp.port)
    send(settings, store)
    send(settings, store, today=dt.date(2026, 11, 23))  # a Monday before the due day: all three kinds
    results = store.read("results")
    scores = {
        f"{float(round_half_up(float(v), 2)):.2f}".replace(".", ",")
        for col in ("nhk", "npk", "na", "b", "d")
        for v in results[col].dropna()
    }
    names = {A: "Rina", B: "Budi", C: "Citra", D: "Dewi", E: "Eko"}
    assert {m["Subject"].split()[0] for m in smtp.messages} >= {"Hasil", "Pengingat:", "Ringkasan"}
    for message in smtp.messages:
        body = message.get_content()
        assert not any(score in body or score.replace(",", ".") in body for score in scores), body
        assert not any(p in body for p in PREDIKATS) and FEEDBACK_A not in body and FEEDBACK_B not in body
        assert "Tanpa Keterangan" not in body
        own = next((nip for nip, address in MAIL.items() if address == message["To"]), None)
        assert not any(name in body for nip, name in names.items() if nip != own), body
        if own:
            assert f"{BASE_URL}/saya" in body


def test_a_temporary_refusal_is_retried_and_a_permanent_one_is_recorded_with_its_reason(smtp, world):
    settings, store = world(smtp.port)
    smtp.answers[MAIL[A]] = ["451 4.7.1 Greylisted, coba lagi nanti"]
    smtp.answers[MAIL[B]] = ["550 5.1.1 Kotak surat tidak dikenal"]
    sleeps: list[float] = []
    result = send(settings, store, sleeps=sleeps)
    assert [m["To"] for m in smtp.to(MAIL[A])] == [MAIL[A]]  # delivered once, on the second attempt
    assert smtp.to(MAIL[B]) == []
    assert result.sent == 2 and result.failed == 1
    sent = sent_log.read(store).set_index("recipient")
    assert sent.loc[A, "status"] == sent_log.SENT and sent.loc[A, "attempts"] == 2
    assert sent.loc[B, "status"] == sent_log.FAILED and "550" in sent.loc[B, "reason"]
    assert "Kotak surat tidak dikenal" in sent.loc[B, "reason"]
    assert sleeps  # the retry waited (on the injected clock, never for real)
    again = send(settings, store)  # a permanent refusal is not tried again
    assert again.due == [] and smtp.to(MAIL[B]) == []


def test_a_temporary_failure_past_the_retries_waits_for_the_next_cycle(smtp, world):
    settings, store = world(smtp.port, retries=1)
    smtp.answers[MAIL[A]] = ["421 4.3.2 Sibuk"] * 3  # two attempts this cycle, both refused
    first = send(settings, store)
    assert first.pending == 1 and smtp.to(MAIL[A]) == []
    assert sent_log.read(store).set_index("recipient").loc[A, "status"] == sent_log.PENDING
    second = send(settings, store)
    assert second.sent == 1 and len(smtp.to(MAIL[A])) == 1
    assert sent_log.read(store).set_index("recipient").loc[A, "attempts"] == 4  # 2 + 2


def test_the_reminder_goes_only_to_who_has_not_reported_the_month(smtp, world):
    settings, store = world(smtp.port, result_ready=False, reminder_day=25, digest_weekday="jumat")
    send(settings, store, today=dt.date(2026, 10, 21))
    assert smtp.messages == []  # before the 3 days before the due day
    send(settings, store, today=dt.date(2026, 10, 22))
    # October: Rina, Budi and Dewi reported; Citra's only row was rejected; Eko has no usable address.
    assert [m["To"] for m in smtp.messages] == [MAIL[C]]
    body = smtp.messages[0].get_content()
    assert "Oktober 2026" in body and "Validasi" in body and "sebelum 25 Oktober 2026" in body
    send(settings, store, today=dt.date(2026, 10, 24))
    assert len(smtp.messages) == 1  # once a month


def test_no_reminder_on_or_after_the_due_day(smtp, world):
    settings, store = world(smtp.port, result_ready=False, reminder_day=25, digest_weekday="jumat")
    for day in (25, 26, 31):
        send(settings, store, today=dt.date(2026, 10, day))
    assert smtp.messages == []


def test_the_weekly_digest_goes_to_each_agency_admin_with_that_agency_counts_only(smtp, world):
    settings, store = world(smtp.port, result_ready=False, reminder_day=28)
    monday = dt.date(2026, 11, 9)
    send(settings, store, today=monday)
    assert sorted(m["To"] for m in smtp.messages) == sorted([ADMIN_1, ADMIN_2])
    first, second = smtp.to(ADMIN_1)[0].get_content(), smtp.to(ADMIN_2)[0].get_content()
    assert "Dinas Kependudukan dan Pencatatan Sipil" in first and "Dinas Sosial" not in first
    assert "Bidang Pelayanan" in first and "Bidang Arsip" in first and "Bidang Sosial" not in first
    assert "Bidang Sosial" in second and "Bidang Pelayanan" not in second
    assert "3 pegawai aktif, 2 sudah lapor kinerja" in first
    assert "2 pegawai aktif, 1 sudah lapor kinerja" in second
    send(settings, store, today=monday + dt.timedelta(days=1))
    send(settings, store, today=monday)  # the same week again: nothing new
    assert len(smtp.messages) == 2
    send(settings, store, today=monday + dt.timedelta(days=7))
    assert len(smtp.messages) == 4  # next week's


def test_mails_are_paced_and_at_most_max_per_cycle_go_in_one_cycle(smtp, world):
    settings, store = world(smtp.port, per_minute=30, max_per_cycle=2)
    clock = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    sender = SmtpSender(settings.notify, sleep=sleep, clock=lambda: clock[0])
    first = send_due(settings, store, log=lambda _l: None, today=TODAY, sender=sender)
    assert first.sent == 2 and first.pending == 1 and len(smtp.messages) == 2
    assert waits == [pytest.approx(2.0)]  # 30 a minute: 2 seconds between two mails
    second = send(settings, store)
    assert second.sent == 1 and len(smtp.messages) == 3


def test_an_smtp_outage_is_logged_and_retried_next_cycle(smtp, world):
    settings, store = world(free_port())  # nothing listens there
    lines: list[str] = []
    down = send(settings, store, lines=lines)
    assert down.sent == 0 and down.pending == 3 and "tidak dapat dihubungi" in down.outage
    assert "dicoba lagi pada siklus berikutnya" in lines[-1]
    assert sent_log.read(store).empty
    settings, _store = world(smtp.port, copy=False)  # the server is back
    up = send(settings, store)
    assert up.sent == 3


def test_a_malformed_email_is_a_peringatan_with_its_row_and_a_fix(synced_store):
    issues = ResultsStore(synced_store).read("issues", "scope = ?", ("DINSOS",))
    row = issues[issues["column"] == "Email"].iloc[0]
    assert (row["tab"], row["row"], row["value"], row["severity"]) == ("Pegawai", 3, "eko di kantor", "Peringatan")
    assert "bukan alamat email" in row["problem"] and "nama.pegawai@solokkota.go.id" in row["fix"]
    staff = ResultsStore(synced_store).read("employees").set_index("nip")
    assert staff.loc[D, "email"] == MAIL[D] and staff.loc[E, "email"] == ""


def test_notify_config_is_checked(tmp_path):
    from config.errors import ConfigError

    data = config(tmp_path, 25, security="tls", digest_weekday="monday", password_env="hunter2 secret")
    data["web"] = {}
    data["agencies"][0]["admin_emails"] = ["bukan-email"]
    with pytest.raises(ConfigError) as info:
        parse_settings(data, tmp_path / "kinerja.toml")
    text = str(info.value)
    for expected in (
        "notify.security",
        "notify.digest_weekday",
        "notify.password_env",
        "web.base_url",
        "agencies[1].admin_emails",
    ):
        assert expected in text, expected


def test_dry_run_lists_what_would_be_sent_and_sends_nothing(smtp, world, tmp_path):
    import main

    settings, store = world(smtp.port)
    toml = tmp_path / "kinerja.toml"
    toml.write_text(_toml(config(tmp_path, smtp.port) | {"store": {"path": "k.sqlite"}}), encoding="utf-8")
    result = CliRunner().invoke(main.cli, ["notify", "--config", str(toml), "--dry-run", "--tanggal", "2026-11-12"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 email akan dikirim:")
    assert MAIL[A] in result.output and "hasil tersedia" in result.output and MAIL[C] not in result.output
    assert smtp.messages == [] and sent_log.read(store).empty


def _toml(data: dict) -> str:
    """A small TOML writer for these configs (tables, arrays of tables, strings, numbers, lists)."""

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = []
    for name, section in data.items():
        blocks = section if isinstance(section, list) else [section]
        for block in blocks:
            out.append(f"[[{name}]]" if isinstance(section, list) else f"[{name}]")
            out += [f"{k} = {value(v)}" for k, v in block.items()]
    text = "\n".join(out) + "\n"
    tomllib.loads(text)
    return text


def test_a_sync_sends_each_result_mail_once_and_never_twice_even_after_an_outage(smtp, tmp_path):
    """The black box: `python main.py sync` with [notify] at the local SMTP server. The sync uses the
    real date, so the workbooks report the current month (result mails cover recent months only)."""
    month = dt.date.today().strftime("%Y-%m")
    write_world(tmp_path, month)
    down = free_port()
    toml = tmp_path / "kinerja.toml"

    def sync(port: int) -> subprocess.CompletedProcess:
        toml.write_text(_toml(config(tmp_path, port)), encoding="utf-8")
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "sync", "--config", str(toml)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    outage = sync(down)
    assert outage.returncode == 0, outage.stdout + outage.stderr  # the cycle succeeded all the same
    assert "tidak dapat dihubungi" in outage.stdout and smtp.messages == []
    first = sync(smtp.port)
    assert first.returncode == 0, first.stdout + first.stderr
    result_mails = [m["To"] for m in smtp.messages if m["Subject"].startswith("Hasil")]
    assert sorted(result_mails) == sorted([MAIL[A], MAIL[B], MAIL[D]])
    assert len(result_mails) == len(set(result_mails))
    count = len(smtp.messages)
    second = sync(smtp.port)
    assert second.returncode == 0 and len(smtp.messages) == count


def test_the_worker_sends_after_its_cycle(smtp, tmp_path):
    """`python main.py worker --once`: the same composition as `sync` (main._cycle_then_notify)."""
    write_world(tmp_path, dt.date.today().strftime("%Y-%m"))
    toml = tmp_path / "kinerja.toml"
    toml.write_text(_toml(config(tmp_path, smtp.port)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "worker", "--once", "--config", str(toml)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(m["To"] for m in smtp.messages if m["Subject"].startswith("Hasil")) == sorted(
        [MAIL[A], MAIL[B], MAIL[D]]
    )
    assert "Email: " in run.stdout and "terkirim" in run.stdout  # the send was logged


def test_bkpsdm_gets_one_mail_a_day_about_overdue_keberatan_without_names(smtp, world):
    from sync.store import acts

    settings, store = world(smtp.port, result_ready=False, reminder_day=28, bkpsdm_emails=["bkpsdm@solokkota.go.id"])
    with acts.writing(store) as conn:  # an open objection whose decision was due on 10 November
        conn.execute(
            "INSERT INTO objections (agency, nip, period, confirmation_id, filed_at, reasons, decide_by, state) "
            "VALUES ('DINSOS', ?, '2026-10', 1, '2026-10-27T09:00:00+07:00', 'alasan', '2026-11-10', 'diajukan')",
            (D,),
        )
    send(settings, store)
    assert [m["To"] for m in smtp.messages] == ["bkpsdm@solokkota.go.id"]
    body = smtp.messages[0].get_content()
    assert "1 keberatan" in smtp.messages[0]["Subject"] and "Dinas Sosial: 1" in body and "/hr/keberatan" in body
    assert D not in body
    send(settings, store)  # the same day: nothing new
    send(settings, store, today=TODAY + dt.timedelta(days=1))
    assert len(smtp.messages) == 2


def test_bkpsdm_emails_are_checked(tmp_path):
    with pytest.raises(Exception, match="bkpsdm_emails"):
        parse_settings({**config(tmp_path, 25, bkpsdm_emails=["bukan-email"])}, tmp_path / "kinerja.toml")
