"""`kupang-desk import FILE`: bring an OPD's roster sheet in (xlsx, xls, ods, csv)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, context


def register(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="impor daftar pegawai dari Excel/CSV",
        description="Setiap baris diperiksa; baris yang salah ditolak dengan nomor baris, "
        "kolom dan alasannya. Baris yang diterima disimpan sekaligus: semua atau tidak sama "
        "sekali.",
        epilog="Contoh: kupang-desk import daftar-ptt-dlhk.xlsx --opd DLHK --dry-run --json",
    )
    parser.add_argument("file", type=Path, help="berkas .xlsx, .xls, .ods atau .csv")
    parser.add_argument("--opd", help="kode OPD tujuan untuk baris tanpa kolom OPD")
    parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    parser.add_argument(
        "--update", action="store_true", help="perbarui data yang ada (NIK sudah terdaftar)"
    )
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(run=run_import)


def run_import(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.importing import (
        ImportOptions,
        ImportRefused,
        RosterFileError,
        import_file,
    )

    if not args.file.is_file():
        print(f"Berkas {args.file} tidak ada.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    options = ImportOptions(opd_code=args.opd, update=args.update, dry_run=args.dry_run)
    with context(args) as ctx:
        try:
            report = import_file(ctx, args.file, options)
        except (RosterFileError, ImportRefused, AccessDenied) as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    result = report.to_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for item in result["rejected"]:
            print(f"Baris {item['row']} [{item['field']}]: {item['message']}")
    verb = "akan diterima" if args.dry_run else "disimpan"
    print(
        f"{report.file}: {report.rows} baris data, {report.accepted} {verb} "
        f"({report.inserted} baru, {report.updated} diperbarui), "
        f"{len(report.rejected)} ditolak, {report.skipped} baris kosong/penutup dilewati.",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if report.rejected else EXIT_OK
