"""Backups and restore: automatic on close, manual "Cadangkan sekarang", CLI, recovery.

The folder (e.g. a USB disk) and how many to keep are settings only an admin changes. The
folder is also remembered beside the database, so a damaged database can still be
recovered from its newest good backup.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.rotation import backups_to_keep
from kupang_desk.services.context import AppContext, administrator
from kupang_desk.store import audit, integrity
from kupang_desk.store import backup as backup_store
from kupang_desk.store import bundles as bundle_store
from kupang_desk.store.backup import BackupFile
from kupang_desk.store.backup_file import (
    BackupUnreadable,
    key_id,
    parse_recovery_text,
    read_header,
    recovery_text,
)

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


def open_for_backup(db_path: Path, user: str) -> AppContext:
    """The file's administrator (the CLI), read-only and without the writer's lock: a
    backup may run while the app is open."""
    return administrator(integrity.open_read_only(Path(db_path)), user)


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
    backup_store.remember_folder(db_path, folder)
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


FORCE_MEANING = (
    "--force (Paksa) memakai data cadangan itu apa adanya: riwayatnya tidak dapat dipercaya "
    "atau datanya milik basis data lain, dan seluruh data di sini diganti olehnya (salinan "
    "data sekarang tetap disimpan)."
)


def recovery_key(ctx: AppContext) -> str:
    """The Kunci Pemulihan of this database, for its administrator."""
    ctx.require_role(Role.ADMIN)
    return recovery_text(backup_store.backup_key(ctx.store))


def _checked_copy(
    backup_file: Path, key: bytes, near: Path, *, database_id: str | None, force: bool
) -> tuple[Path, dict]:
    """Decrypt and check a backup (damage, schema, chain, origin); returns the scratch copy
    and notes for the history row. Nothing of the live database is touched."""
    try:
        plain, header = backup_store.decrypt_to_scratch(backup_file, key, near)
    except BackupUnreadable as exc:
        raise BackupError(str(exc)) from exc
    try:
        backup_store.check_restorable(plain)
        facts = backup_store.copy_facts(plain)
        notes: dict = {}
        if facts.chain_break:
            if not force:
                raise BackupError(
                    f"Riwayat di cadangan {backup_file.name} rusak ({facts.chain_break}); "
                    f"cadangan tidak dipulihkan. {FORCE_MEANING}"
                )
            notes["riwayat_cadangan_rusak"] = facts.chain_break
        if database_id is not None and facts.database_id != database_id:
            if not force:
                raise BackupError(
                    f"Cadangan {backup_file.name} berasal dari basis data lain; tidak "
                    f"dipulihkan. {FORCE_MEANING}"
                )
            notes["dari_basis_data_lain"] = facts.database_id
        return plain, {**notes, "cadangan_dibuat": header.get("taken_at")}
    except BaseException:
        plain.unlink(missing_ok=True)
        raise


def restore(
    ctx: AppContext,
    backup_file: Path,
    *,
    now: datetime | None = None,
    force: bool = False,
    recovery_key: str | None = None,
) -> Path:
    """Admin only. Keeps a copy of the current data beside the database first; returns it.

    The backup is decrypted with this database's key (or `recovery_key`), must have an
    intact history chain and come from this database, unless `force`. The restored data
    and its history row land in one step.
    """
    ctx.require_role(Role.ADMIN)
    backup_file = Path(backup_file)
    db_path = _db_path(ctx)
    key = parse_recovery_text(recovery_key) if recovery_key else backup_store.backup_key(ctx.store)
    own_id = bundle_store.machine_id(ctx.store)
    plain, notes = _checked_copy(backup_file, key, db_path, database_id=own_id, force=force)
    try:
        now = now or datetime.now()
        kept = db_path.with_name(f"{db_path.stem}.sebelum-pulih-{now:%Y%m%d-%H%M%S}.sqlite3")
        backup_store.write_plain_copy(ctx.store, kept)
        backup_store.prepare_restore(
            plain,
            user=ctx.user,
            after={"dari": str(backup_file), "salinan_lama": str(kept), "paksa": force, **notes},
            keep_identity=(own_id, backup_store.backup_key(ctx.store)) if force else None,
        )
        backup_store.restore_into(ctx.store, plain)
    finally:
        plain.unlink(missing_ok=True)
    return kept


def restore_new(
    db_path: Path, backup_file: Path, recovery_key: str, *, user: str, force: bool = False
) -> None:
    """A new PC (no database at `db_path` yet): the Kunci Pemulihan opens the backup."""
    db_path, backup_file = Path(db_path), Path(backup_file)
    if db_path.exists():
        raise BackupError(f"Basis data {db_path} sudah ada; pulihkan tanpa --recovery-key.")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        key = parse_recovery_text(recovery_key)
    except BackupUnreadable as exc:
        raise BackupError(str(exc)) from exc
    plain, notes = _checked_copy(backup_file, key, db_path, database_id=None, force=force)
    try:
        backup_store.prepare_restore(
            plain,
            user=user,
            after={"dari": str(backup_file), "pc_baru": True, "paksa": force, **notes},
            keep_identity=None,
        )
        os.replace(plain, db_path)  # the database appears whole, history row included
        backup_store.write_key_file(db_path, key)
    finally:
        plain.unlink(missing_ok=True)


def candidate_folders(db_path: Path) -> list[Path]:
    """Where this database's backups may be: the configured folder, the default one, and
    every folder a backup was written to (`backup DIR` included)."""
    folders = [
        backup_store.read_folder_pointer(db_path),
        default_folder(db_path),
        *backup_store.remembered_folders(db_path),
    ]
    unique = dict.fromkeys(f.resolve() for f in folders if f is not None)
    return [f for f in unique if f.is_dir()]


def good_backups(db_path: Path, *, limit: int = 10) -> list[BackupFile]:
    """Readable backups of this PC's key, newest first, from the known folders (the
    content is checked when one is chosen: decrypting every backup here would be slow)."""
    key = backup_store.read_key_file(db_path)
    found: list[BackupFile] = []
    for folder in candidate_folders(db_path):
        found += backup_store.list_backups(folder, db_path.stem)
    found.sort(key=lambda b: b.taken_at, reverse=True)
    good = []
    for backup in found:
        try:
            header = read_header(backup.path)
        except BackupUnreadable:
            continue
        if key is None or header.get("key_id") == key_id(key):
            good.append(backup)
    return good[:limit]


def file_problems(db_path: Path) -> list[str]:
    """Start-up check: [] for a missing (new) or healthy file, else what is wrong."""
    if not Path(db_path).is_file():  # new, or a folder: opening it explains that
        return []
    return integrity.file_problems(Path(db_path))


def recover(db_path: Path, backup_file: Path, *, now: datetime | None = None) -> Path:
    """Damaged database: set it aside untouched, put the backup in its place, record it.
    Returns where the damaged file now is. The key comes from this PC (beside the file)."""
    now = now or datetime.now()
    db_path = Path(db_path)
    key = backup_store.read_key_file(db_path)
    if key is None:
        raise BackupError(
            "Kunci cadangan tidak ada di PC ini. Pulihkan dengan Kunci Pemulihan: "
            "kupang-desk restore BERKAS --recovery-key KUNCI (setelah berkas rusak dipindahkan)."
        )
    plain, notes = _checked_copy(backup_file, key, db_path, database_id=None, force=False)
    try:
        aside = backup_store.set_aside(db_path, now)
        backup_store.prepare_restore(
            plain,
            user=RECOVERY_USER,
            after={"dari": str(backup_file), "berkas_rusak": str(aside), **notes},
            keep_identity=None,
        )
        os.replace(plain, db_path)
    finally:
        plain.unlink(missing_ok=True)
    return aside
