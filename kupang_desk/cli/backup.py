"""`kupang-desk backup [DIR]`, `restore FILE [--recovery-key KEY] [--force]`, `recovery-key`."""

from __future__ import annotations

import json
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
    restore.add_argument(
        "--recovery-key",
        metavar="KUNCI",
        help="Kunci Pemulihan (wajib di PC baru, bila basis data belum ada)",
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help="pulihkan juga cadangan yang riwayatnya rusak atau dari basis data lain",
    )
    restore.set_defaults(run=run_restore)
    key = commands.add_parser(
        "recovery-key",
        help="tampilkan Kunci Pemulihan yang membuka cadangan di PC baru (admin berkas)",
        epilog="Contoh: kupang-desk recovery-key --json",
    )
    key.add_argument("--json", action="store_true", help='keluaran {"recovery_key": "…"}')
    key.set_defaults(run=run_recovery_key)


def run_backup(args) -> int:
    from kupang_desk.services.backup import BackupError, backup_now, open_for_backup
    from kupang_desk.services.context import cli_user

    # works while the app is open
    ctx = open_for_backup(args.db or default_database_path(), cli_user())
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
    from kupang_desk.services.backup import BackupError, restore, restore_new
    from kupang_desk.services.context import cli_user
    from kupang_desk.services.errors import DatabaseDamaged, DatabaseTooNew

    if not args.file.is_file():
        print(f"Berkas cadangan {args.file} tidak ada.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    db_path = Path(args.db or default_database_path())
    try:
        if not db_path.exists():
            if not args.recovery_key:
                print(
                    f"Belum ada basis data di {db_path} (PC baru?). Pulihkan dengan Kunci "
                    "Pemulihan: kupang-desk restore BERKAS --recovery-key KUNCI",
                    file=sys.stderr,
                )
                return EXIT_CANNOT_RUN
            restore_new(db_path, args.file, args.recovery_key, user=cli_user(), force=args.force)
            print(f"Dipulihkan dari {args.file} ke {db_path}.", file=sys.stderr)
            return EXIT_OK
        with context(args) as ctx:
            kept = restore(ctx, args.file, force=args.force, recovery_key=args.recovery_key)
    except (BackupError, DatabaseDamaged, DatabaseTooNew) as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(f"Dipulihkan dari {args.file}. Data sebelumnya disimpan di {kept}", file=sys.stderr)
    return EXIT_OK


def run_recovery_key(args) -> int:
    from kupang_desk.services.backup import recovery_key

    with context(args) as ctx:
        key = recovery_key(ctx)
    if args.json:
        print(json.dumps({"recovery_key": key}))
    else:
        print("Kunci Pemulihan (simpan di tempat aman, terpisah dari cadangan):", file=sys.stderr)
        print(key)
    return EXIT_OK
