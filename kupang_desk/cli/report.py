"""`kupang-desk report …`: printed documents as PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context


def register(commands) -> None:
    report = commands.add_parser("report", help="cetak laporan PDF")
    kinds = report.add_subparsers(dest="kind", metavar="JENIS", required=True)
    daftar = kinds.add_parser(
        "daftar",
        help="daftar peserta per OPD",
        epilog="Contoh: kupang-desk report daftar daftar-dlhk.pdf --opd DLHK --paper f4",
    )
    daftar.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    daftar.add_argument("--opd", default="DLHK", help="kode OPD (bawaan DLHK)")
    daftar.add_argument("--paper", choices=["f4", "a4"], default="f4")
    daftar.set_defaults(run=run_daftar)


def run_daftar(args) -> int:
    from kupang_desk.services.reports import ReportError, print_daftar

    with context(args) as ctx:
        try:
            count = print_daftar(ctx, args.out, opd_code=args.opd, paper=args.paper)
        except ReportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    print(f"Daftar peserta {args.opd}: {count} pegawai -> {args.out}", file=sys.stderr)
    return EXIT_OK
