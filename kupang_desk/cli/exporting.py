"""`kupang-desk export FORMAT OUT`: BPJS upload files and the roster CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context


def register(commands) -> None:
    parser = commands.add_parser(
        "export",
        help="buat berkas unggah BPJS atau CSV daftar pegawai",
        description="kesehatan: Form Mutasi Data Peserta BPJS Kesehatan (.xlsx, pegawai aktif "
        "lalu keluarganya; jenis mutasi tambah, peralihan bila sudah punya kartu PBI/mandiri, "
        "ubah bila sudah aktif); kesehatan-keluar: mutasi keluar untuk pegawai nonaktif yang "
        "masih memegang kartu (tanggal dan alasan nonaktif); ketenagakerjaan: data tenaga "
        "kerja BPJS Ketenagakerjaan (.xlsx); csv: daftar pegawai apa adanya (UTF-8, bisa "
        "diimpor lagi).",
        epilog="Contoh: kupang-desk export kesehatan mutasi-dlhk.xlsx --opd DLHK",
    )
    parser.add_argument(
        "format", metavar="FORMAT", help="kesehatan / kesehatan-keluar / ketenagakerjaan / csv"
    )
    parser.add_argument("out", type=Path, help="berkas yang dibuat")
    parser.add_argument("--opd", help="kode OPD (bawaan: semua OPD)")
    parser.set_defaults(run=run_export)


def run_export(args) -> int:
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.exporting import ExportError, export_file

    with context(args, read_only=True) as ctx:
        try:
            result = export_file(ctx, args.format, args.out, opd_code=args.opd)
        except (AccessDenied, ExportError, OSError) as exc:
            print(f"Ekspor gagal: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    print(f"{result.rows} baris -> {args.out}", file=sys.stderr)
    if result.note:
        print(result.note, file=sys.stderr)
    return EXIT_OK
