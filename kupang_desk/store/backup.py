"""Consistent, encrypted copies of the database, and restoring one.

A backup is copied with SQLite's online backup API to a temporary file beside the database
(never on the USB disk in clear), checked with quick_check, encrypted with the database's
backup key (store/backup_file.py) to a temporary name and only then renamed into place, so
a crash or a full USB disk never leaves a half backup that looks whole. Restoring decrypts
to a temporary file beside the database, writes the restore's own history row into that
copy, then copies its pages into the open database (the backup API again): the data and
its history row arrive in one step while the lock is held, or neither does.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk.store import audit, integrity
from kupang_desk.store.backup_file import SUFFIX, decrypt_file, encrypt_file, read_header
from kupang_desk.store.db import Store, open_store
from kupang_desk.store.errors import DatabaseDamaged, DatabaseTooNew, translated
from kupang_desk.store.migrations import SCHEMA_VERSION

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.cadangan$")
SETTING_FOLDER, SETTING_DAILY, SETTING_WEEKLY = (
    "backup.folder",
    "backup.keep_daily",
    "backup.keep_weekly",
)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime


def backup_name(db_path: Path, at: datetime) -> str:
    return f"{db_path.stem}-{at.strftime(_STAMP)}{SUFFIX}"


def list_backups(folder: Path, db_stem: str) -> list[BackupFile]:
    """This database's backups in `folder`, newest first (other files are left alone)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match["stem"] == db_stem:
            found.append(BackupFile(path, datetime.strptime(match["stamp"], _STAMP)))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backup_key(store: Store) -> bytes:
    """The database's own backup key (made by its migration)."""
    return bytes.fromhex(store.query("SELECT key FROM backup_key WHERE id = 1")[0][0])


def _key_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".kunci")


def write_key_file(db_path: Path, key: bytes) -> None:
    """The key beside the database on this PC: a damaged database cannot be asked for it.
    (Whoever can read this folder can read the database itself.)"""
    path = _key_file(db_path)
    if not path.exists() or path.read_text(encoding="ascii").strip() != key.hex():
        path.write_text(key.hex(), encoding="ascii")


def read_key_file(db_path: Path) -> bytes | None:
    try:
        return bytes.fromhex(_key_file(db_path).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _sqlite_copy(store: Store, partial: Path) -> None:
    """A standalone, checked SQLite copy of the open database at `partial`."""
    partial.unlink(missing_ok=True)
    with translated():
        copy = sqlite3.connect(str(partial), isolation_level=None)
        try:
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    problems = integrity.file_problems(partial)
    if problems:
        raise DatabaseDamaged(f"Cadangan gagal diperiksa: {problems[0]}")


def scratch_file(near: Path | None) -> Path:
    """A temporary SQLite file beside the database (its disk, not the USB disk)."""
    handle, name = tempfile.mkstemp(
        prefix=".kd-sementara-", suffix=".sqlite3", dir=near.parent if near else None
    )
    os.close(handle)
    return Path(name)


def write_plain_copy(store: Store, target: Path) -> Path:
    """An unencrypted copy beside the database (e.g. the data before a restore)."""
    partial = target.with_name(target.name + ".part")
    try:
        _sqlite_copy(store, partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def write_backup(store: Store, target: Path) -> Path:
    """Copy the open database, encrypted, to `target`; verified before it counts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    plain = scratch_file(store.path)
    partial = target.with_name(target.name + ".part")
    try:
        _sqlite_copy(store, plain)
        copy = integrity.open_read_only(plain)
        try:
            key = backup_key(copy)
            head = audit.head(copy.db)
            header = {
                "taken_at": datetime.now().isoformat(timespec="seconds"),
                "database_id": _machine_id(copy),
                "schema": copy.schema_version,
                "history_head": list(head) if head else None,
                "history_rows": copy.query("SELECT count(*) FROM audit_log")[0][0],
            }
        finally:
            copy.close()
        encrypt_file(plain, partial, key=key, header=header)
        os.replace(partial, target)
        if store.path is not None:
            write_key_file(store.path, key)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        plain.unlink(missing_ok=True)
    return target


def _machine_id(store: Store) -> str:
    rows = store.query("SELECT value FROM settings WHERE key = 'machine_id'")
    return rows[0][0] if rows else ""


def head_of_file(path: Path) -> tuple[int, str] | None:
    """The audit chain head recorded in a backup: tells whether anything changed since."""
    try:
        head = read_header(path).get("history_head")
    except Exception:
        return None
    return (head[0], head[1]) if isinstance(head, list) and len(head) == 2 else None


def decrypt_to_scratch(backup: Path, key: bytes, near: Path | None) -> tuple[Path, dict]:
    """Decrypt `backup` to a temporary file beside `near`; the caller removes it."""
    plain = scratch_file(near)
    try:
        header = decrypt_file(backup, plain, key=key)
    except BaseException:
        plain.unlink(missing_ok=True)
        raise
    return plain, header


@dataclass(frozen=True)
class CopyFacts:
    """What a decrypted backup says about itself, for the restore checks."""

    database_id: str
    chain_break: str | None


def copy_facts(plain: Path) -> CopyFacts:
    copy = integrity.open_read_only(plain)
    try:
        with translated():
            broken = audit.verify_chain(copy.db)
            return CopyFacts(_machine_id(copy), broken.reason if broken else None)
    finally:
        copy.close()


def prepare_restore(
    plain: Path, *, user: str, after: dict, keep_identity: tuple[str, bytes] | None
) -> None:
    """Make the decrypted copy the database to be: migrated, with the restore's own history
    row (and, when forced from another database, this database's id and backup key, so its
    Kunci Pemulihan keeps opening its backups)."""
    copy = open_store(plain)  # migrates to this program's schema
    try:
        with copy.transaction() as db:
            if keep_identity:
                db.execute(
                    "UPDATE settings SET value = ? WHERE key = 'machine_id'", (keep_identity[0],)
                )
                db.execute("UPDATE backup_key SET key = ? WHERE id = 1", (keep_identity[1].hex(),))
            audit.record(
                db, user=user, action="restore", entity="database", entity_id="", after=after
            )
        copy.conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def schema_of_file(path: Path) -> int:
    copy = integrity.open_read_only(path)
    try:
        with translated():
            return copy.schema_version
    finally:
        copy.close()


def check_restorable(path: Path) -> None:
    """Raise DatabaseDamaged / DatabaseTooNew unless `path` is a good backup to restore."""
    problems = integrity.file_problems(path)
    if problems:
        raise DatabaseDamaged(f"Cadangan {path.name} tidak dapat dipakai: {problems[0]}")
    version = schema_of_file(path)
    if version > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"Cadangan {path.name} dibuat oleh Kupang Desk yang lebih baru (skema {version}). "
            "Perbarui aplikasi dahulu."
        )


def restore_into(store: Store, prepared: Path) -> None:
    """Replace the open database's content by `prepared` (checked, history row inside) in
    one step: SQLite's backup API writes the destination in a single transaction."""
    with translated():
        source = sqlite3.connect(f"{prepared.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(store.conn)
        finally:
            source.close()
        store.conn.execute("PRAGMA journal_mode = WAL")


def set_aside(db_path: Path, at: datetime) -> Path:
    """Rename a damaged database (and its WAL files) so nothing ever writes over it."""
    aside = db_path.with_name(f"{db_path.stem}.rusak-{at.strftime(_STAMP)}{db_path.suffix}")
    for suffix in ("-wal", "-shm"):
        companion = db_path.with_name(db_path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    os.replace(db_path, aside)
    return aside


def copy_backup_to(backup: Path, db_path: Path) -> None:
    """Put a checked backup where the database belongs (after the old file was set aside)."""
    check_restorable(backup)
    partial = db_path.with_name(db_path.name + ".part")
    shutil.copyfile(backup, partial)
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, db_path)


def read_settings(store: Store) -> dict[str, str]:
    rows = store.query(
        "SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
        (SETTING_FOLDER, SETTING_DAILY, SETTING_WEEKLY),
    )
    return {r[0]: r[1] for r in rows}


def save_settings(store: Store, values: dict[str, str], *, user: str) -> None:
    with store.transaction() as db:
        before = read_settings(store)
        db.table("settings").upsert_all(
            [{"key": k, "value": v} for k, v in values.items()], pk="key"
        )
        audit.record(
            db,
            user=user,
            action="settings",
            entity="settings",
            entity_id="backup",
            before=before,
            after=values,
        )


def _pointer(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".cadangan")


def write_folder_pointer(db_path: Path, folder: Path) -> None:
    """Remember the backup folder beside the database too: a damaged database cannot be
    asked where its backups are."""
    _pointer(db_path).write_text(str(folder), encoding="utf-8")


def read_folder_pointer(db_path: Path) -> Path | None:
    try:
        text = _pointer(db_path).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Path(text) if text else None


REMEMBERED_FOLDERS = 8


def _folders_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".folder-cadangan")


def remember_folder(db_path: Path, folder: Path) -> None:
    """Every folder a backup was written to (newest first), beside the database: `check`
    compares the history with the newest backups wherever they went, also a one-off
    `backup /media/usb` (a read-only job, so this list cannot live in the database)."""
    folders = [Path(folder).resolve(), *remembered_folders(db_path)]
    unique = list(dict.fromkeys(folders))[:REMEMBERED_FOLDERS]
    with contextlib.suppress(OSError):  # a read-only folder: the backup itself matters
        _folders_file(db_path).write_text("".join(f"{f}\n" for f in unique), encoding="utf-8")


def remembered_folders(db_path: Path) -> list[Path]:
    try:
        text = _folders_file(db_path).read_text(encoding="utf-8")
    except OSError:
        return []
    return [Path(line) for line in text.splitlines() if line.strip()]
