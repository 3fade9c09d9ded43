"""Backups: consistent, verified, rotating (fake clock); restore keeps the current file;
recovery sets a damaged file aside untouched."""

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kupang_desk.cli import main
from kupang_desk.domain.rotation import backups_to_keep
from kupang_desk.services import backup
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.workers import save_worker
from kupang_desk.store.backup import list_backups
from tests.helpers import admin_context


def names(ctx) -> list[str]:
    return [r[0] for r in ctx.store.query("SELECT name FROM workers ORDER BY id")]


def test_rotation_keeps_seven_daily_and_four_weekly_with_a_fake_clock(ctx, tmp_path):
    folder = tmp_path / "usb"
    backup.save_settings(ctx, backup.BackupSettings(folder, keep_daily=7, keep_weekly=4))
    start = datetime(2026, 9, 1, 17, 0)  # a Tuesday
    for day in range(60):  # two backups a day (noon and evening) for 60 days
        for hour in (12, 17):
            backup.backup_now(ctx, now=start.replace(hour=hour) + timedelta(days=day))
    kept = [b.taken_at for b in list_backups(folder, ctx.store.path.stem)]
    last = start + timedelta(days=59)
    daily = [last - timedelta(days=d) for d in range(7)]
    assert set(daily) <= set(kept)  # the evening backup of each of the last 7 days
    older = sorted(k for k in kept if k not in daily)
    # The last day is Friday 30 October (ISO week 44); week 43 ends inside the daily seven,
    # so the weekly ones add the Sundays closing weeks 41 and 42.
    assert [k.date() for k in older] == [
        datetime(2026, 10, 11).date(),
        datetime(2026, 10, 18).date(),
    ]
    assert len({k.isocalendar()[1] for k in kept}) == 4
    assert all(k.hour == 17 for k in kept)
    assert len(list(folder.iterdir())) == len(kept)  # no stray .part files


def test_rotation_rule_by_itself():
    week = [datetime(2026, 11, d, 9) for d in range(1, 29)]
    kept = backups_to_keep(week, 7, 4)
    assert {k.day for k in kept} == {22, 23, 24, 25, 26, 27, 28, 15, 8}
    assert backups_to_keep([], 7, 4) == set()


def test_backup_is_a_standalone_verified_encrypted_copy(ctx, worker, tmp_path):
    from kupang_desk.store.backup import backup_key
    from kupang_desk.store.backup_file import decrypt_file

    save_worker(ctx, worker)
    path = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10, 15))
    assert path.name == "kupang-20261125-101500.cadangan"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no clear copy left
    plain = tmp_path / "buka.sqlite3"
    decrypt_file(path, plain, key=backup_key(ctx.store))
    copy = admin_context(plain)
    assert names(copy) == ["MARIA GORETI NDUN"]
    copy.close()
    assert not path.with_name(path.name + "-wal").exists()


def test_backup_on_close_only_when_something_changed(ctx, worker, tmp_path):
    backup.save_settings(ctx, backup.BackupSettings(tmp_path / "b"))
    first = backup.backup_if_changed(ctx, now=datetime(2026, 11, 24, 17))
    assert first is not None
    assert backup.backup_if_changed(ctx, now=datetime(2026, 11, 25, 17)) is None
    save_worker(ctx, worker)
    assert backup.backup_if_changed(ctx, now=datetime(2026, 11, 25, 17, 5)) is not None


def test_restore_keeps_the_current_file_and_is_audited(ctx, worker, tmp_path):
    saved = save_worker(ctx, worker).worker
    good = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 24, 17))
    save_worker(ctx, replace(saved, name="NAMA KELIRU"))
    kept = backup.restore(ctx, good, now=datetime(2026, 11, 25, 9))
    assert names(ctx) == ["MARIA GORETI NDUN"]
    last = ctx.store.query("SELECT user, action, after_json FROM audit_log ORDER BY id DESC")[0]
    assert (last[0], last[1]) == ("tester", "restore") and good.name in last[2]
    old = admin_context(kept)
    assert names(old) == ["NAMA KELIRU"]
    old.close()
    assert main(["--db", str(ctx.store.path), "check"]) in (0,)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(ctx, worker, tmp_path):
    save_worker(ctx, worker)
    bad = tmp_path / "kupang-20261124-170000.cadangan"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 3000)
    with pytest.raises(backup.BackupError, match="bukan cadangan"):
        backup.restore(ctx, bad)
    assert names(ctx) == ["MARIA GORETI NDUN"]


def test_only_the_admin_restores_or_backs_up_elsewhere(ctx, tmp_path):
    good = backup.backup_now(ctx, now=datetime(2026, 11, 24, 17))
    operator = AppContext(ctx.store, user="op", role="operator", opd_code="DLHK")
    assert backup.backup_now(operator, now=datetime(2026, 11, 24, 18)).exists()  # own folder
    with pytest.raises(AccessDenied):
        backup.backup_now(operator, tmp_path / "flashdisk-pribadi")
    with pytest.raises(AccessDenied):
        backup.restore(operator, good)
    with pytest.raises(AccessDenied):
        backup.save_settings(operator, backup.BackupSettings(tmp_path))


def test_cli_backup_then_restore(ctx, worker, tmp_path, capsys):
    db = ctx.store.path
    save_worker(ctx, worker)
    ctx.close()
    assert main(["--db", str(db), "backup", str(tmp_path / "usb")]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.exists()
    assert main(["--db", str(db), "restore", str(made)]) == 0
    assert "sebelum-pulih" in capsys.readouterr().err
    assert main(["--db", str(db), "restore", str(tmp_path / "tidak-ada.sqlite3")]) == 2


def test_recovery_sets_the_damaged_file_aside_byte_for_byte(ctx, worker, tmp_path):
    save_worker(ctx, worker)
    backup.backup_now(ctx, now=datetime(2026, 11, 24, 17))
    db = ctx.store.path
    ctx.close()
    for companion in ("-wal", "-shm"):
        db.with_name(db.name + companion).unlink(missing_ok=True)
    damage = b"\x13\x37" * 5000
    db.write_bytes(damage)
    assert backup.file_problems(db)
    newest = backup.good_backups(db)[0]
    aside = backup.recover(db, newest.path, now=datetime(2026, 11, 25, 8))
    assert aside.read_bytes() == damage
    assert aside.name == "kupang.rusak-20261125-080000.sqlite3"
    again = admin_context(db)
    assert names(again) == ["MARIA GORETI NDUN"]
    assert again.store.query("SELECT action FROM audit_log ORDER BY id DESC")[0][0] == "restore"
    again.close()


def test_missing_usb_disk_is_not_created_and_closing_falls_back_to_a_local_copy(ctx, tmp_path):
    usb = tmp_path / "media" / "usb" / "cadangan"
    backup.save_settings(ctx, backup.BackupSettings(usb))
    with pytest.raises(backup.BackupFolderMissing, match="Pasang flashdisk"):
        backup.backup_now(ctx, now=datetime(2026, 11, 25, 17))
    assert not usb.parent.exists()
    with pytest.raises(backup.BackupFolderMissing, match="disimpan sementara"):
        backup.backup_if_changed(ctx, now=datetime(2026, 11, 25, 17))
    local = list_backups(backup.default_folder(ctx.store.path), ctx.store.path.stem)
    assert [b.taken_at for b in local] == [datetime(2026, 11, 25, 17)]
