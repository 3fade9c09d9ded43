"""`kupang-desk reconcile FILE`: match the list BPJS sends back against the roster."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, context


def register(commands) -> None:
    parser = commands.add_parser(
        "reconcile",
        help="cocokkan daftar peserta dari BPJS dengan data pegawai (admin)",
        description="Baris yang cocok: nomor kartu disimpan dan kepesertaan menjadi aktif. "
        "Cocok dengan perbedaan, pemegang tidak dikenal dan yang tidak ada di daftar BPJS "
        "hanya dilaporkan. Keluar 1 bila ada temuan.",
        epilog="Contoh: kupang-desk reconcile daftar-bpjs.xlsx --opd DLHK "
        "--pdf rekonsiliasi-dlhk.pdf --json",
    )
    parser.add_argument("file", type=Path, help="daftar dari BPJS (xlsx, xls, ods, csv)")
    parser.add_argument("--opd", help="batasi ke satu OPD (yang tidak ada di daftar)")
    parser.add_argument(
        "--program",
        choices=["kesehatan", "ketenagakerjaan"],
        help="bawaan: ditebak dari panjang nomor kartu (13 JKN, 11 KPJ)",
    )
    parser.add_argument("--pdf", type=Path, help="tulis laporan rekonsiliasi PDF")
    parser.add_argument(
        "--dry-run", action="store_true", help="hanya laporkan, jangan simpan nomor kartu"
    )
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(run=run_reconcile)


def run_reconcile(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.reconcile import (
        GROUP_LABELS,
        ListUnreadable,
        ReconcileError,
        reconcile_file,
        write_report,
    )

    with context(args) as ctx:
        try:
            result = reconcile_file(
                ctx, args.file, program=args.program, opd_code=args.opd, apply=not args.dry_run
            )
            if args.pdf:
                write_report(ctx, result, args.pdf)
        except (ListUnreadable, ReconcileError, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    data = result.to_json()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        counts = result.counts()
        print(", ".join(f"{GROUP_LABELS[k]}: {counts[k]}" for k in GROUP_LABELS))
        print(f"Nomor kartu disimpan: {result.cards_stored}")
        for item in data["matched_with_differences"]:
            notes = "; ".join(
                f"{d['field']} BPJS '{d['bpjs']}' / kami '{d['ours']}' ({d['note']})"
                for d in item["differences"]
            )
            print(f"  PERBEDAAN baris {item['row']} {item['person']['name']}: {notes}")
        for item in data["unknown"]:
            print(
                f"  TIDAK DIKENAL baris {item['row']} {item['card_number']} {item['nik']} "
                f"{item['name']}: {item['note']}"
            )
        for item in data["missing"]:
            print(f"  TIDAK ADA DI DAFTAR BPJS {item['nik']} {item['name']} ({item['opd']})")
    if args.pdf:
        print(f"Laporan rekonsiliasi -> {args.pdf}", file=sys.stderr)
    return EXIT_PROBLEMS if result.has_findings else EXIT_OK
