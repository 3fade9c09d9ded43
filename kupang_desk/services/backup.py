"""Backups and restore: automatic on close, manual "Cadangkan sekarang", CLI, recovery.

The folder (e.g. a USB disk) and how many to keep are settings only an admin changes. The
folder is also remembered beside the database, so a damaged database can still be
recovered from its newest good backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.rotation import backups_to_keep
from kupang_desk.services.context import AppContext
from kupang_desk.store import audit, integrity
from kupang_desk.store import backup as backup_store
from kupang_desk.store.backup import BackupFile
from kupang_desk.store.db import open_store

KEEP_DAILY, KEEP_WEEKLY = 7, 4
RECOVERY_USER = "sistem-pemulihan"


class BackupError(Exception):
    """A backup or restore request that cannot be done; `str()` is for the clerk."""


@dataclass(frozen=True)
class BackupSettings:
    folder: Path
    keep_daily: int = KEEP_DAILY
    keep_weekly: int = KEEP_WEEKLY


def default_folder(db_path: Path) -> Path:
    return db_path.parent / "cadangan"


def _db_path(ctx: AppContext) -> Path:
    if ctx.store.path is None:
        raise BackupError("Basis data di memori tidak dapat dicadangkan.")
    return ctx.store.path


def get_settings(ctx: AppContext) -> BackupSettings:
    values = backup_store.read_settings(ctx.store)
    folder = values.get(backup_store.SETTING_FOLDER)
    return BackupSettings(
        Path(folder) if folder else default_folder(_db_path(ctx)),
        int(values.get(backup_store.SETTING_DAILY, KEEP_DAILY)),
        int(values.get(backup_store.SETTING_WEEKLY, KEEP_WEEKLY)),
    )


def save_settings(ctx: AppContext, settings: BackupSettings) -> None:
    ctx.require_role(Role.ADMIN)
    if settings.keep_daily < 1 or settings.keep_weekly < 0:
        raise BackupError("Simpan paling sedikit 1 cadangan harian (mingguan boleh 0).")
    backup_store.save_settings(
        ctx.store,
        {
            backup_store.SETTING_FOLDER: str(settings.folder),
            backup_store.SETTING_DAILY: str(settings.keep_daily),
            backup_store.SETTING_WEEKLY: str(settings.keep_weekly),
        },
        user=ctx.user,
    )
    backup_store.write_folder_pointer(_db_path(ctx), settings.folder)


def open_for_backup(db_path: Path) -> AppContext:
    """Read-only and without the writer's lock: a backup may run while the app is open."""
    return AppContext(integrity.open_read_only(Path(db_path)))


def rotate(folder: Path, db_stem: str, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete this database's backups that the rotation no longer keeps; returns them."""
    backups = backup_store.list_backups(folder, db_stem)
    keep = backups_to_keep([b.taken_at for b in backups], keep_daily, keep_weekly)
    removed = [b.path for b in backups if b.taken_at not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


class BackupFolderMissing(BackupError):
    """The configured folder is not there (a USB disk not plugged in)."""


def _write(ctx: AppContext, folder: Path, settings: BackupSettings, now: datetime) -> Path:
    if not folder.exists() and not folder.parent.exists():
        # Creating it would silently put "USB" backups on the PC's own disk.
        raise BackupFolderMissing(
            f"Folder cadangan {folder} tidak ditemukan. Pasang flashdisk/disk cadangan, "
            "atau minta admin mengubah folder cadangan."
        )
    db_path = _db_path(ctx)
    try:
        target = backup_store.write_backup(
            ctx.store, folder / backup_store.backup_name(db_path, now)
        )
    except OSError as exc:
        raise BackupError(
            f"Cadangan tidak dapat ditulis ke {folder}: {exc.strerror or exc}. "
            "Periksa disk/flashdisk dan ruang kosongnya."
        ) from exc
    rotate(folder, db_path.stem, settings.keep_daily, settings.keep_weekly)
    return target


def backup_now(ctx: AppContext, folder: Path | None = None, *, now: datetime | None = None) -> Path:
    """ "Cadangkan sekarang": a verified copy in the configured folder (or `folder`, admin)."""
    settings = get_settings(ctx)
    if folder is not None and Path(folder) != settings.folder:
        ctx.require_role(Role.ADMIN)  # copying every OPD's data elsewhere is the admin's call
    target_folder = Path(folder) if folder is not None else settings.folder
    return _write(ctx, target_folder, settings, now or datetime.now())


def backup_if_changed(ctx: AppContext, *, now: datetime | None = None) -> Path | None:
    """On closing: back up unless the newest backup already holds exactly this data.

    With the USB disk missing the copy goes beside the database instead, and the clerk is
    told (BackupFolderMissing names both folders): better a local copy than none.
    """
    settings = get_settings(ctx)
    newest = backup_store.list_backups(settings.folder, _db_path(ctx).stem)
    if newest and backup_store.head_of_file(newest[0].path) == audit.head(ctx.store.db):
        return None
    now = now or datetime.now()
    try:
        return _write(ctx, settings.folder, settings, now)
    except BackupFolderMissing as missing:
        fallback = default_folder(_db_path(ctx))
        if settings.folder == fallback:
            raise
        made = _write(ctx, fallback, settings, now)
        raise BackupFolderMissing(f"{missing} Cadangan disimpan sementara di {made}.") from None


def list_backups(ctx: AppContext) -> list[BackupFile]:
    settings = get_settings(ctx)
    return backup_store.list_backups(settings.folder, _db_path(ctx).stem)


def restore(ctx: AppContext, backup_file: Path, *, now: datetime | None = None) -> Path:
    """Admin only. Keeps a copy of the current data beside the database first; returns it."""
    ctx.require_role(Role.ADMIN)
    backup_file = Path(backup_file)
    backup_store.check_restorable(backup_file)
    db_path = _db_path(ctx)
    now = now or datetime.now()
    kept = db_path.with_name(f"{db_path.stem}.sebelum-pulih-{now:%Y%m%d-%H%M%S}.sqlite3")
    backup_store.write_backup(ctx.store, kept)
    backup_store.restore_into(
        ctx.store,
        backup_file,
        user=ctx.user,
        after={"dari": str(backup_file), "salinan_lama": str(kept)},
    )
    return kept


def candidate_folders(db_path: Path) -> list[Path]:
    folders = [backup_store.read_folder_pointer(db_path), default_folder(db_path)]
    return list(dict.fromkeys(f for f in folders if f is not None))


def good_backups(db_path: Path, *, limit: int = 10) -> list[BackupFile]:
    """Backups that pass quick_check, newest first, from the known folders."""
    found: list[BackupFile] = []
    for folder in candidate_folders(db_path):
        found += backup_store.list_backups(folder, db_path.stem)
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return [b for b in found[: limit * 2] if not integrity.file_problems(b.path)][:limit]


def file_problems(db_path: Path) -> list[str]:
    """Start-up check: [] for a missing (new) or healthy file, else what is wrong."""
    if not Path(db_path).exists():
        return []
    return integrity.file_problems(Path(db_path))


def recover(db_path: Path, backup_file: Path, *, now: datetime | None = None) -> Path:
    """Damaged database: set it aside untouched, put the backup in its place, record it.
    Returns where the damaged file now is."""
    now = now or datetime.now()
    backup_store.check_restorable(backup_file)
    aside = backup_store.set_aside(db_path, now)
    backup_store.copy_backup_to(backup_file, db_path)
    store = open_store(db_path)
    try:
        with store.transaction() as db:
            audit.record(
                db,
                user=RECOVERY_USER,
                action="restore",
                entity="database",
                entity_id="",
                after={"dari": str(backup_file), "berkas_rusak": str(aside)},
            )
    finally:
        store.close()
    return aside
