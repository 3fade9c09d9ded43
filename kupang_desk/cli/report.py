"""`kupang-desk report …`: printed documents as PDF (daftar peserta, rekapitulasi)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context


def register(commands) -> None:
    report = commands.add_parser("report", help="cetak laporan PDF")
    kinds = report.add_subparsers(dest="kind", metavar="JENIS", required=True)
    daftar = kinds.add_parser(
        "daftar",
        help="daftar peserta per OPD (atau semua OPD)",
        epilog="Contoh: kupang-desk report daftar daftar-dlhk.pdf --opd DLHK "
        "--program kesehatan --status usulan --period 2026-11 --paper f4",
    )
    daftar.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    which = daftar.add_mutually_exclusive_group()
    which.add_argument("--opd", help="kode OPD, mis. DLHK (bawaan: semua OPD)")
    which.add_argument("--all", action="store_true", help="semua OPD, satu bagian per OPD")
    daftar.add_argument(
        "--program",
        choices=["kesehatan", "ketenagakerjaan"],
        default="kesehatan",
        help="program BPJS (bawaan kesehatan)",
    )
    daftar.add_argument(
        "--status",
        choices=["semua", "usulan", "terdaftar"],
        default="semua",
        help="peserta yang dicantumkan: semua (bawaan; aktif, usulan dan belum didaftarkan), "
        "usulan (diusulkan, terverifikasi, diajukan) atau terdaftar (aktif saja)",
    )
    daftar.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan ini)")
    daftar.add_argument("--paper", choices=["f4", "a4"], default="f4", help="kertas (bawaan f4)")
    daftar.add_argument("--json", action="store_true", help="keluaran JSON")
    daftar.set_defaults(run=run_daftar)

    rekap = kinds.add_parser(
        "rekap",
        help="rekapitulasi peserta dan iuran per OPD",
        epilog="Contoh: kupang-desk report rekap rekap.pdf --period 2026-11",
    )
    rekap.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    rekap.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan ini)")
    rekap.add_argument("--paper", choices=["f4", "a4"], default="f4", help="kertas (bawaan f4)")
    rekap.add_argument("--json", action="store_true", help="keluaran JSON")
    rekap.set_defaults(run=run_rekap)


def run_daftar(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.reports import Period, ReportError, print_daftar

    with context(args, read_only=True) as ctx:
        try:
            period = Period.parse(args.period) if args.period else None
            result = print_daftar(
                ctx,
                args.out,
                opd_code=None if args.all else args.opd,
                program=args.program,
                period=period,
                paper=args.paper,
                status=args.status,
            )
        except (ReportError, AccessDenied, OSError) as exc:
            print(f"Daftar tidak dapat dicetak: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        print(
            json.dumps(
                {
                    "out": str(args.out),
                    "status": args.status,
                    "workers": result.workers,
                    "family": result.family,
                    "pages": result.pages,
                    "iuran": {
                        code: {
                            "employer": t.employer,
                            "worker": t.worker,
                            "total": t.total,
                            "by_status": {
                                status: {
                                    "people": b.people,
                                    "employer": b.employer,
                                    "worker": b.worker,
                                    "total": b.total,
                                }
                                for status, b in t.by_status.items()
                            },
                        }
                        for code, t in result.totals.items()
                    },
                    "left_out": {
                        code: {
                            "rejected": t.rejected,
                            "inactive": t.inactive,
                            "not_chosen": t.not_chosen,
                            "employment_types": t.not_enrolled,
                        }
                        for code, t in result.totals.items()
                    },
                }
            )
        )
    print(
        f"Daftar peserta {args.program}: {result.workers} pegawai, {result.family} anggota "
        f"keluarga, {result.pages} halaman -> {args.out}",
        file=sys.stderr,
    )
    for code, note in result.left_out.items():
        print(f"{code}: {note}", file=sys.stderr)
    return EXIT_OK


def run_rekap(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.reports import Period, ReportError, print_rekap

    with context(args, read_only=True) as ctx:
        try:
            period = Period.parse(args.period) if args.period else None
            document = print_rekap(ctx, args.out, period=period, paper=args.paper).document
        except (ReportError, AccessDenied, OSError) as exc:
            print(f"Rekap tidak dapat dicetak: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    total = document.total
    if args.json:
        print(
            json.dumps(
                {
                    "out": str(args.out),
                    "opd": len(document.rows),
                    "workers": total.workers,
                    "kesehatan": {
                        "active": total.kes_active,
                        "proposed": total.kes_proposed,
                        "unregistered": total.kes_unregistered,
                        "employer": total.kes_employer,
                        "worker": total.kes_worker,
                        "total": total.kes_total,
                    },
                    "ketenagakerjaan": {
                        "active": total.tk_active,
                        "proposed": total.tk_proposed,
                        "unregistered": total.tk_unregistered,
                        "employer": total.tk_employer,
                        "worker": total.tk_worker,
                        "total": total.tk_total,
                    },
                    "total": total.total,
                    "notes": dict(document.notes),
                }
            )
        )
    print(f"Rekapitulasi {len(document.rows)} OPD -> {args.out}", file=sys.stderr)
    return EXIT_OK
