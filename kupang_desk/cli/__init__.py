"""`kupang-desk`: every job headless; with no command the GUI opens.

Exit codes: 0 ok, 1 the job ran but found problems, 2 usage error or cannot run.
`--json` prints one JSON document on stdout; messages go to stderr.
Each command group lives in its own module with a `register(commands)` function.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kupang_desk import APP_NAME, __version__
from kupang_desk.applog import setup_logging
from kupang_desk.cli import (
    backup,
    bundle,
    check,
    demo,
    exporting,
    importing,
    iuran,
    reconcile,
    report,
    setup_commands,
)
from kupang_desk.cli.common import EXIT_CANNOT_RUN
from kupang_desk.cli.parser import IndonesianParser
from kupang_desk.resources import default_database_path
from kupang_desk.services.errors import StoreError

COMMAND_MODULES = [
    setup_commands,
    demo,
    importing,
    exporting,
    report,
    check,
    backup,
    bundle,
    reconcile,
    iuran,
]


def _parser() -> argparse.ArgumentParser:
    parser = IndonesianParser(
        prog="kupang-desk",
        description=f"{APP_NAME}: pendaftaran PTT/non-ASN ke BPJS. "
        "Tanpa perintah: membuka aplikasi.",
        epilog="Contoh: kupang-desk demo && kupang-desk report daftar daftar.pdf --opd DLHK",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="tampilkan versi lalu keluar",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"berkas basis data (bawaan: {default_database_path()})",
    )
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def _run_gui(args) -> int:
    from kupang_desk.ui.app import run_gui

    return run_gui(args.db or default_database_path())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run = getattr(args, "run", _run_gui)
    try:
        return run(args)
    except StoreError as exc:
        print(f"Tidak dapat dijalankan: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("Dihentikan. Pekerjaan yang belum selesai tidak disimpan.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except Exception as exc:  # a bug or an unforeseen file: words and exit 2, no traceback
        print(unexpected_error_message(exc), file=sys.stderr)
        return EXIT_CANNOT_RUN


def unexpected_error_message(exc: BaseException) -> str:
    """Logs the masked traceback (applog) and says, in Indonesian, where it went."""
    where = "berkas log"
    try:
        log_file = setup_logging()
        logging.getLogger("kupang_desk.cli").critical(
            "Galat tak tertangani di perintah baris", exc_info=exc
        )
        where = str(log_file)
    except OSError:
        pass
    if isinstance(exc, OSError):
        what = f"berkas atau folder tidak dapat dipakai ({exc.strerror or type(exc).__name__})"
    else:
        what = f"kesalahan program ({type(exc).__name__})"
    return (
        f"Tidak dapat dijalankan: {what}. Data yang sudah tersimpan tidak berubah (setiap "
        f"simpanan satu transaksi utuh). Rincian teknis dicatat di {where}; kirimkan berkas "
        "itu ke admin bila masalahnya berulang."
    )
