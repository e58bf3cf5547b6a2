"""What `python main.py akun ...` does with the account tables (main.py keeps only the CLI)."""

from __future__ import annotations

import re
from pathlib import Path

from werkzeug.security import generate_password_hash

from config.errors import KinerjaError
from config.hr_users import PASSWORD_METHOD, password_problem
from config.settings import HR_USERNAME
from sync.store import accounts as account_store
from sync.store.accounts import Account, SiteStore as ResultsStore
from web import activation, hr_data

NIP = re.compile(r"^\d{18}$")


class AccountError(KinerjaError):
    """An account cannot be added or codes cannot be written (bad NIP, unknown agency, weak password)."""


def add_account(store: ResultsStore, login: str, role: str, agency: str, name: str, password: str) -> Account:
    login = login.strip()
    if role not in account_store.ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal: pilih pegawai, admin-opd atau bkpsdm.")
    is_nip = bool(NIP.match(login))
    if role != account_store.ROLE_BKPSDM and not is_nip:
        raise AccountError(
            f"'{login}' bukan NIP: akun {role} memakai NIP 18 angka (hanya bkpsdm boleh memakai nama pengguna)."
        )
    if not is_nip and not HR_USERNAME.match(login):
        raise AccountError(f"Nama pengguna '{login}' tidak sah: 2–64 huruf, angka, titik, _, @ atau -.")
    known = set(hr_data.agencies(store)["code"])
    if role == account_store.ROLE_ADMIN:
        if not agency:
            raise AccountError("Akun admin-opd butuh --opd KODE (OPD yang dikelolanya).")
        if agency not in known:
            raise AccountError(
                f"OPD '{agency}' tidak ada di basis data hasil. Kode yang ada: {', '.join(sorted(known)) or '-'}; "
                "jalankan sinkronisasi dulu bila daftarnya kosong."
            )
    elif agency:
        raise AccountError(f"--opd hanya untuk peran admin-opd (peran {role} tidak terikat satu OPD).")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if is_nip and not name:
        people = hr_data.people(store, [login])
        name = str(people[0]["name"] or "") if people else ""
    acc = Account(
        login.lower(),
        login if is_nip else None,
        name,
        generate_password_hash(password, method=PASSWORD_METHOD),
        role,
        agency,
    )
    account_store.save_account(store, acc)
    return acc


def invite(store: ResultsStore, agency: str, out: Path, days: int, everyone: bool = False) -> tuple[Path, int]:
    """Codes for `agency`'s active staff (those without an active account unless `everyone`)."""
    if agency not in set(hr_data.agencies(store)["code"]):
        raise AccountError(
            f"OPD '{agency}' tidak ada di basis data hasil; periksa kodenya atau jalankan sinkronisasi dulu."
        )
    staff = hr_data.agency_staff(store, agency)
    if not everyone:
        active = {a.login for a in account_store.accounts(store) if a.password_hash}
        staff = [p for p in staff if p["nip"] not in active]
    if not staff:
        raise AccountError(
            f"Tidak ada pegawai {agency} yang perlu kode aktivasi (semua sudah punya akun aktif; "
            "pakai --semua untuk membuat kode baru bagi semuanya)."
        )
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    issued = activation.issue_codes(store, staff, days, "akun undang")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(activation.codes_workbook(issued, agency))
    return out, len(issued)
