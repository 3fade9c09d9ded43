"""`kupang-desk backup [DIR]` and `kupang-desk restore FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

from kupang_desk.cli.common import EXIT_CANNOT_RUN, EXIT_OK, context
from kupang_desk.resources import default_database_path


def register(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="buat cadangan yang utuh (API cadangan SQLite), dirotasi 7 harian + 4 mingguan",
        epilog="Contoh: kupang-desk backup /media/usb/cadangan-pemda",
    )
    backup.add_argument(
        "dir",
        nargs="?",
        type=Path,
        help="folder tujuan (bawaan: folder cadangan yang diatur admin)",
    )
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser(
        "restore",
        help="pulihkan dari cadangan; berkas sekarang disalin dahulu",
        epilog="Contoh: kupang-desk restore /media/usb/kupang-desk-20261124-170000.sqlite3",
    )
    restore.add_argument("file", type=Path, help="berkas cadangan")
    restore.set_defaults(run=run_restore)


def run_backup(args) -> int:
    from kupang_desk.services.backup import BackupError, backup_now, open_for_backup

    ctx = open_for_backup(args.db or default_database_path())  # works while the app is open
    try:
        path = backup_now(ctx, args.dir)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    finally:
        ctx.close()
    print(f"Cadangan dibuat: {path}", file=sys.stderr)
    print(path)
    return EXIT_OK


def run_restore(args) -> int:
    from kupang_desk.services.backup import BackupError, restore

    if not args.file.is_file():
        print(f"Berkas cadangan {args.file} tidak ada.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    with context(args) as ctx:
        try:
            kept = restore(ctx, args.file)
        except BackupError as exc:
            print(exc, file=sys.stderr)
            return EXIT_CANNOT_RUN
    print(f"Dipulihkan dari {args.file}. Data sebelumnya disimpan di {kept}", file=sys.stderr)
    return EXIT_OK
