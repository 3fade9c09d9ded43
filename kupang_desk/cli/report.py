"""`kupang-desk report …`: printed documents as PDF (daftar peserta, rekapitulasi, the
head's SPTJM, the uji publik notice, the mayor's progres page)."""

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
    daftar.add_argument(
        "--sptjm",
        action="store_true",
        help="lampirkan SPTJM kepala OPD sebagai halaman terakhir tiap OPD",
    )
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
    _register_statements(kinds)


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
                sptjm=args.sptjm,
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
                    "sptjm": args.sptjm,
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
                                    "men": b.men,
                                    "women": b.women,
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


def _register_statements(kinds) -> None:
    sptjm = kinds.add_parser(
        "sptjm",
        help="SPTJM kepala OPD untuk daftar peserta satu OPD",
        epilog="Contoh: kupang-desk report sptjm sptjm-dlhk.pdf --opd DLHK --program kesehatan "
        "--period 2026-11. Jumlah di SPTJM sama dengan daftar yang dicetak dengan pilihan yang "
        "sama (report daftar … --json).",
    )
    sptjm.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    sptjm.add_argument("--opd", help="kode OPD, mis. DLHK (operator: OPD-nya sendiri)")
    sptjm.add_argument(
        "--program",
        choices=["kesehatan", "ketenagakerjaan"],
        default="kesehatan",
        help="program BPJS daftarnya (bawaan kesehatan)",
    )
    sptjm.add_argument(
        "--status",
        choices=["semua", "usulan", "terdaftar"],
        default="semua",
        help="peserta daftarnya, seperti report daftar --status (bawaan semua)",
    )
    sptjm.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan ini)")
    sptjm.add_argument(
        "--paper",
        choices=["f4", "a4"],
        default="f4",
        help="kertas (bawaan f4; jumlah halaman daftar dihitung pada kertas ini)",
    )
    sptjm.add_argument("--json", action="store_true", help="keluaran JSON: jumlah di SPTJM")
    sptjm.set_defaults(run=run_sptjm)

    uji = kinds.add_parser(
        "uji-publik",
        help="daftar untuk papan pengumuman (NIK disamarkan, tanpa tanggal lahir/upah)",
        epilog="Contoh: kupang-desk report uji-publik uji-publik-dlhk.pdf --opd DLHK",
    )
    uji.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    uji.add_argument("--opd", help="kode OPD, mis. DLHK (operator: OPD-nya sendiri)")
    uji.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan ini)")
    uji.add_argument("--paper", choices=["f4", "a4"], default="f4", help="kertas (bawaan f4)")
    uji.add_argument("--json", action="store_true", help="keluaran JSON")
    uji.set_defaults(run=run_uji_publik)

    progres = kinds.add_parser(
        "progres",
        help="progres pendaftaran per OPD, satu halaman untuk pimpinan",
        epilog="Contoh: kupang-desk report progres progres.pdf --period 2026-11",
    )
    progres.add_argument("out", type=Path, help="berkas PDF yang dibuat")
    progres.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan ini)")
    progres.add_argument("--paper", choices=["f4", "a4"], default="f4", help="kertas (bawaan f4)")
    progres.add_argument("--json", action="store_true", help="keluaran JSON: angka per OPD")
    progres.set_defaults(run=run_progres)


def run_sptjm(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.reports import Period, ReportError
    from kupang_desk.services.sptjm import print_sptjm

    with context(args, read_only=True) as ctx:
        try:
            period = Period.parse(args.period) if args.period else None
            result = print_sptjm(
                ctx,
                args.out,
                opd_code=args.opd,
                program=args.program,
                period=period,
                paper=args.paper,
                status=args.status,
            )
        except (ReportError, AccessDenied, OSError) as exc:
            print(f"SPTJM tidak dapat dicetak: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    t = result.totals
    if args.json:
        print(
            json.dumps(
                {
                    "out": str(args.out),
                    "opd": result.opd_code,
                    "program": str(result.program),
                    "status": args.status,
                    "period": f"{result.period.year}-{result.period.month:02d}",
                    "pages": result.pages,
                    "daftar_pages": result.daftar_pages,
                    "workers": t.workers,
                    "men": t.men,
                    "women": t.women,
                    "family": t.family,
                    "family_men": t.family_men,
                    "family_women": t.family_women,
                    "by_status": {
                        status: {"people": b.people, "men": b.men, "women": b.women}
                        for status, b in t.by_status.items()
                    },
                    "iuran": {"employer": t.employer, "worker": t.worker, "total": t.total},
                }
            )
        )
    print(
        f"SPTJM {result.opd_code} {result.program}: {t.workers} pegawai, {t.family} anggota "
        f"keluarga, daftar {result.daftar_pages} halaman -> {args.out}",
        file=sys.stderr,
    )
    return EXIT_OK


def run_uji_publik(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.reports import Period, ReportError
    from kupang_desk.services.uji_publik import print_uji_publik

    with context(args, read_only=True) as ctx:
        try:
            period = Period.parse(args.period) if args.period else None
            result = print_uji_publik(
                ctx, args.out, opd_code=args.opd, period=period, paper=args.paper
            )
        except (ReportError, AccessDenied, OSError) as exc:
            print(f"Daftar uji publik tidak dapat dicetak: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        print(
            json.dumps(
                {
                    "out": str(args.out),
                    "opd": result.opd_code,
                    "listed": result.listed,
                    "left_out": result.left_out,
                    "pages": result.pages,
                }
            )
        )
    print(
        f"Uji publik {result.opd_code}: {result.listed} pegawai, {result.pages} halaman "
        f"-> {args.out}",
        file=sys.stderr,
    )
    return EXIT_OK


def run_progres(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.progress import print_progres, view_dict
    from kupang_desk.services.reports import Period, ReportError

    with context(args, read_only=True) as ctx:
        try:
            period = Period.parse(args.period) if args.period else None
            result = print_progres(ctx, args.out, period=period, paper=args.paper)
        except (ReportError, AccessDenied, OSError) as exc:
            print(f"Progres tidak dapat dicetak: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.json:
        print(json.dumps({"out": str(args.out), "pages": result.pages, **view_dict(result.view)}))
    total = result.view.progress.total
    print(
        f"Progres {result.view.period.label}: {len(result.view.progress.opds)} OPD, "
        f"{total.workers} pegawai, {result.pages} halaman -> {args.out}",
        file=sys.stderr,
    )
    return EXIT_OK
