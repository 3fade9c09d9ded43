"""Consistent copies of the database with SQLite's online backup API, and restoring one.

A backup is written to a temporary name, checked with quick_check and only then renamed
into place, so a crash or a full USB disk never leaves a half backup that looks whole.
Restoring copies pages into the open database (the backup API again), so the live file is
replaced in one step while the lock is held.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk.store import audit, integrity
from kupang_desk.store.db import Store, migrate_store
from kupang_desk.store.errors import DatabaseDamaged, DatabaseTooNew, translated
from kupang_desk.store.migrations import SCHEMA_VERSION

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")
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
    return f"{db_path.stem}-{at.strftime(_STAMP)}.sqlite3"


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


def write_backup(store: Store, target: Path) -> Path:
    """Copy the open database to `target` (a standalone file), verified before it counts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
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
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def head_of_file(path: Path) -> tuple[int, str] | None:
    """The audit chain head stored in a backup: tells whether anything changed since."""
    try:
        copy = integrity.open_read_only(path)
    except DatabaseDamaged:
        return None
    try:
        with translated():
            return audit.head(copy.db)
    except (DatabaseDamaged, sqlite3.DatabaseError):
        return None
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


def restore_into(store: Store, backup: Path, *, user: str, after: dict) -> None:
    """Replace the open database's content by `backup` (already checked), then record it."""
    check_restorable(backup)
    with translated():
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(store.conn)
        finally:
            source.close()
        store.conn.execute("PRAGMA journal_mode = WAL")
    migrate_store(store)
    with store.transaction() as db:
        audit.record(db, user=user, action="restore", entity="database", entity_id="", after=after)


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
        db["settings"].upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")
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
