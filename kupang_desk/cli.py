"""`kupang-desk`: every job headless; with no command the GUI opens.

Exit codes: 0 ok, 1 the job ran but found problems, 2 usage error or cannot run.
`--json` prints one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kupang_desk import APP_NAME, __version__
from kupang_desk.resources import default_database_path
from kupang_desk.store.errors import StoreError

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kupang-desk",
        description=f"{APP_NAME}: pendaftaran PTT/non-ASN ke BPJS. "
        "Tanpa perintah: membuka aplikasi.",
        epilog="Contoh: kupang-desk demo && kupang-desk report daftar daftar.pdf --opd DLHK",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"berkas basis data (bawaan: {default_database_path()})",
    )
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH")

    demo = commands.add_parser(
        "demo",
        help="isi basis data kosong dengan data contoh Kota Kupang",
        epilog="Contoh: kupang-desk --db /tmp/demo.sqlite3 demo --workers 1000",
    )
    demo.add_argument("--workers", type=int, default=600, help="jumlah pegawai (bawaan 600)")
    demo.set_defaults(run=_run_demo)

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
    daftar.set_defaults(run=_run_report_daftar)

    check = commands.add_parser("check", help="periksa data")
    targets = check.add_subparsers(dest="target", metavar="SASARAN", required=True)
    nik = targets.add_parser(
        "nik",
        help="jelaskan satu NIK",
        epilog="Contoh: kupang-desk check nik 5371014503850001 --json",
    )
    nik.add_argument("nik")
    nik.add_argument("--json", action="store_true", help="keluaran JSON")
    nik.set_defaults(run=_run_check_nik, needs_db=False)
    return parser


def _context(args):
    from kupang_desk.services.context import open_context

    return open_context(args.db or default_database_path())


def _run_demo(args) -> int:
    from kupang_desk.services.demo import DemoRefused, fill_demo

    ctx = _context(args)
    try:
        count = fill_demo(ctx, args.workers)
    except DemoRefused as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    finally:
        ctx.close()
    print(f"{count} pegawai contoh dibuat di {ctx.store.path}", file=sys.stderr)
    return EXIT_OK


def _run_report_daftar(args) -> int:
    from kupang_desk.services.reports import ReportError, print_daftar

    ctx = _context(args)
    try:
        count = print_daftar(ctx, args.out, opd_code=args.opd, paper=args.paper)
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    finally:
        ctx.close()
    print(f"Daftar peserta {args.opd}: {count} pegawai -> {args.out}", file=sys.stderr)
    return EXIT_OK


def _run_check_nik(args) -> int:
    from kupang_desk.services.checks import explain_nik

    result = explain_nik(args.nik)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        status = "SAH" if result["valid"] else "TIDAK SAH"
        print(f"NIK {result['nik']}: {status}")
        for key, label in (
            ("province", "Provinsi"),
            ("regency", "Kab/Kota"),
            ("district", "Kecamatan"),
            ("birth_date", "Tanggal lahir"),
            ("sex", "Jenis kelamin"),
        ):
            if result[key]:
                print(f"  {label}: {result[key]}")
        for message in result["errors"]:
            print(f"  KESALAHAN: {message}")
        for message in result["warnings"]:
            print(f"  PERINGATAN: {message}")
    return EXIT_OK if result["valid"] else EXIT_PROBLEMS


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
