"""argparse in Indonesian: usage errors, the help's headings and the help option itself.

argparse writes its own texts in English through gettext, and no Indonesian catalogue ships
with Python. Rather than install a translation process-wide, the parser translates the few
messages a user can meet (a missing or unknown argument, a bad value or choice) and names
its own headings. Usage errors still exit 2 (DESIGN §6).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's messages (Python 3.11–3.13 wording) -> Indonesian; the groups are kept as typed.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^the following arguments are required: (.+)$", r"argumen wajib belum diisi: \1"),
        (r"^unrecognized arguments: (.+)$", r"argumen tidak dikenal: \1"),
        (r"^argument (.+?): expected one argument$", r"argumen \1: perlu satu nilai"),
        (
            r"^argument (.+?): expected at most one argument$",
            r"argumen \1: paling banyak satu nilai",
        ),
        (
            r"^argument (.+?): expected at least one argument$",
            r"argumen \1: perlu paling sedikit satu nilai",
        ),
        (r"^argument (.+?): expected (\d+) arguments?$", r"argumen \1: perlu \2 nilai"),
        (
            r"^argument (.+?): invalid int value: (.+)$",
            r"argumen \1: \2 bukan bilangan bulat (tulis angka saja, mis. 2026)",
        ),
        (r"^argument (.+?): invalid float value: (.+)$", r"argumen \1: \2 bukan angka"),
        (
            r"^argument (.+?): invalid (\w+) value: (.+)$",
            r"argumen \1: nilai \3 tidak dapat dibaca",
        ),
        (
            r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$",
            r"argumen \1: pilihan \2 tidak dikenal (pilih salah satu: \3)",
        ),
        (
            r"^argument (.+?): not allowed with argument (.+)$",
            r"argumen \1 tidak boleh dipakai bersama \2",
        ),
        (
            r"^argument (.+?): ignored explicit argument (.+)$",
            r"argumen \1: nilai \2 tidak dipakai",
        ),
        (r"^one of the arguments (.+) is required$", r"salah satu argumen ini wajib diisi: \1"),
        (r"^ambiguous option: (.+?) could match (.+)$", r"pilihan \1 tidak jelas: bisa berarti \2"),
        (r"^unexpected option string: (.+)$", r"pilihan \1 tidak diharapkan di sini"),
        (r"^argument (.+?): (.+)$", r"argumen \1: \2"),
    )
)
USAGE = "penggunaan: "
HELP = "tampilkan bantuan ini lalu keluar"


def translate(message: str) -> str:
    """argparse's English message in Indonesian; an unknown one is returned unchanged."""
    for pattern, text in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(text, message)
    return message


class IndonesianHelpFormatter(argparse.HelpFormatter):
    def _format_usage(self, usage, actions, groups, prefix):
        return super()._format_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class IndonesianParser(argparse.ArgumentParser):
    """The CLI's parser; its sub-commands' parsers are of this class too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", IndonesianHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {translate(message)}\n")
