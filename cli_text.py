"""click's own words (usage, help, errors, prompts) in Indonesian, for main.py.

click 8 marks its messages for gettext but looks them up in the process-wide default domain,
and ships no Indonesian catalog. Rather than claim that domain for the whole process, `install()`
gives click's modules a lookup in the table below; a message not in it stays click's English (the
CLI tests fail on the English a user can meet). It must run before main.py builds its options:
some names (the metavars FILE, DIRECTORY) are looked up when an option is created.
"""

from __future__ import annotations

import gettext as _stdlib
import sys

import click
import click.types

# click's msgid -> Indonesian. Placeholders ({message}, {name!r}, …) are kept exactly.
MESSAGES = {
    "Usage:": "Cara pakai:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Ketik '{command} {option}' untuk bantuan.",
    "Missing argument": "Belum diisi: argumen",
    "Missing option": "Belum diisi: opsi",
    "Missing parameter": "Belum diisi: parameter",
    "Missing {param_type}": "Belum diisi: {param_type}",
    "Missing parameter: {param_name}": "Belum diisi: {param_name}",
    "Missing command.": "Perintahnya belum ditulis.",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "Option {name!r} requires an argument.": "Opsi {name!r} perlu diberi nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} perlu diberi {nargs} nilai.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak diberi nilai.",
    "Got unexpected extra argument ({args})": "Ada argumen yang tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Ada argumen yang tidak dikenal ({args})",
    "Did you mean {possibility}?": "Mungkin maksudnya {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mungkin maksudnya salah satu dari: {possibilities}?)",
    "Invalid value for {param_hint}: {message}": "Nilai {param_hint} tidak sah: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} bukan ya/tidak. Nilai yang dikenal: {states}",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulis.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
    "env var: {var}": "variabel lingkungan: {var}",
    "(dynamic)": "(dinamis)",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Error: The two entered values do not match.": "Galat: kedua isian tidak sama; ketik ulang.",
    "Error: invalid input": "Galat: isian tidak sah",
    "Aborted!": "Dibatalkan.",
    "Do you want to continue?": "Lanjutkan?",
    "Press any key to continue...": "Tekan tombol apa saja untuk melanjutkan...",
}
# Names of click's value types, shown in "'x' bukan bilangan bulat." and as the default metavar.
TYPE_NAMES = {
    click.types.INT: "bilangan bulat",
    click.types.FLOAT: "bilangan",
    click.types.STRING: "teks",
    click.types.BOOL: "ya/tidak",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Give every loaded click module the Indonesian lookup (idempotent)."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if getattr(module, "_", None) in (_stdlib.gettext, gettext):
            module._ = gettext
        if getattr(module, "ngettext", None) in (_stdlib.ngettext, ngettext):
            module.ngettext = ngettext
    for param_type, shown in TYPE_NAMES.items():
        param_type.name = shown


class Command(click.Command):
    """A command whose usage line says [OPSI]."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A group whose usage line says [OPSI] PERINTAH [ARGUMEN]...; its commands are `Command`s."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)


Group.group_class = Group
