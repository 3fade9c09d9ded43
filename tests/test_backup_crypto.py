"""Issue 13 item 5: backups are encrypted, open on a new PC only with the Kunci Pemulihan,
and restore refuses a broken history or another database's backup unless forced."""

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from kupang_desk.cli import main
from kupang_desk.services import backup
from kupang_desk.services.demo import OPDS, fill_demo
from kupang_desk.services.opd import save_opd
from kupang_desk.services.workers import save_worker
from tests.helpers import admin_context


def names(ctx) -> list[str]:
    return [r[0] for r in ctx.store.query("SELECT name FROM workers ORDER BY id")]


def test_no_nik_or_name_in_any_byte_of_a_backup(ctx, tmp_path):
    fill_demo(ctx, 40, seed=3)
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    raw = made.read_bytes()
    rows = ctx.store.query(
        "SELECT nik, name, mother_name, phone FROM workers UNION ALL "
        "SELECT nik, name, '', '' FROM family_members"
    )
    assert len(rows) > 40
    for row in rows:
        for secret in row:
            if secret:
                assert secret.encode() not in raw
    # not even a compressed copy: the content is ciphertext
    assert len(zlib.compress(raw)) > 0.99 * len(raw)
    assert not list((tmp_path / "usb").glob("*.sqlite3*"))


def test_a_fresh_data_directory_restores_only_with_the_recovery_key(ctx, worker, tmp_path, capsys):
    save_worker(ctx, worker)
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    path = ctx.store.path
    ctx.close()
    assert main(["--db", str(path), "recovery-key", "--json"]) == 0
    key = json.loads(capsys.readouterr().out)["recovery_key"]
    assert len(key.replace("-", "")) == 52
    fresh = tmp_path / "pc-baru" / "data" / "kupang.sqlite3"
    assert main(["--db", str(fresh), "restore", str(made)]) == 2
    assert "--recovery-key" in capsys.readouterr().err
    assert not fresh.exists()
    other = admin_context(tmp_path / "lain.sqlite3")
    wrong = backup.recovery_key(other)
    other.close()
    assert main(["--db", str(fresh), "restore", str(made), "--recovery-key", wrong]) == 2
    assert "kunci lain" in capsys.readouterr().err
    assert main(["--db", str(fresh), "restore", str(made), "--recovery-key", "ABCD"]) == 2
    assert "tidak sah" in capsys.readouterr().err
    assert not fresh.exists()
    assert main(["--db", str(fresh), "restore", str(made), "--recovery-key", key.lower()]) == 0
    restored = admin_context(fresh)
    try:
        assert names(restored) == ["MARIA GORETI NDUN"]
        last = restored.store.query("SELECT action, user FROM audit_log ORDER BY id DESC")[0]
        assert last[0] == "restore" and last[1].startswith("admin-cli")
        assert backup.recovery_key(restored) == key  # the same key opens its next backups
    finally:
        restored.close()
    assert main(["--db", str(fresh), "check"]) == 0


def test_an_altered_byte_is_refused(ctx, worker, tmp_path):
    save_worker(ctx, worker)
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    for position in (40, len(made.read_bytes()) // 2, len(made.read_bytes()) - 1):
        raw = bytearray(made.read_bytes())
        raw[position] ^= 1
        bad = tmp_path / f"ubah-{position}.cadangan"
        bad.write_bytes(bytes(raw))
        with pytest.raises(backup.BackupError):
            backup.restore(ctx, bad)
    assert names(ctx) == ["MARIA GORETI NDUN"]


def test_a_backup_with_a_broken_chain_needs_force(ctx, worker, tmp_path):
    saved = save_worker(ctx, worker).worker
    # someone edits the history, then backs it up
    ctx.store.conn.execute("UPDATE audit_log SET after_json = '{}' WHERE id = 1")
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    ctx.store.conn.execute("UPDATE workers SET name = 'SESUDAH' WHERE id = ?", (saved.id,))
    with pytest.raises(backup.BackupError, match=r"Riwayat di cadangan .* rusak.*--force"):
        backup.restore(ctx, made)
    assert names(ctx) == ["SESUDAH"]
    backup.restore(ctx, made, force=True)
    assert names(ctx) == ["MARIA GORETI NDUN"]
    last = json.loads(ctx.store.query("SELECT after_json FROM audit_log ORDER BY id DESC")[0][0])
    assert last["paksa"] is True and "riwayat_cadangan_rusak" in last


def test_another_databases_backup_needs_force_and_keeps_our_identity(ctx, worker, tmp_path):
    other = admin_context(tmp_path / "lain.sqlite3")
    save_opd(other, OPDS[0])
    save_worker(other, worker)
    made = backup.backup_now(other, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    key = backup.recovery_key(other)
    other.close()
    mine = ctx.store.query("SELECT value FROM settings WHERE key = 'machine_id'")[0][0]
    own_key = backup.recovery_key(ctx)
    with pytest.raises(backup.BackupError, match="kunci lain"):
        backup.restore(ctx, made)
    with pytest.raises(backup.BackupError, match=r"basis data lain.*--force"):
        backup.restore(ctx, made, recovery_key=key)
    assert names(ctx) == []
    backup.restore(ctx, made, recovery_key=key, force=True)
    assert names(ctx) == ["MARIA GORETI NDUN"]
    assert ctx.store.query("SELECT value FROM settings WHERE key = 'machine_id'")[0][0] == mine
    assert backup.recovery_key(ctx) == own_key


KILLER = """
import sys
from pathlib import Path
from kupang_desk.services import backup
from kupang_desk.services.context import open_context
ctx = open_context(Path(sys.argv[1]), "admin-cli", role="admin")
print("siap", flush=True)
backup.restore(ctx, Path(sys.argv[2]))
print("selesai", flush=True)
"""


@pytest.mark.slow
def test_kill_9_during_restore_never_leaves_data_without_its_history_row(tmp_path):
    db = tmp_path / "kupang.sqlite3"
    ctx = admin_context(db)
    fill_demo(ctx, 3000, seed=5)
    made = backup.backup_now(ctx, tmp_path / "usb", now=datetime(2026, 11, 25, 10))
    ctx.store.conn.execute("UPDATE workers SET name = 'SESUDAH CADANGAN'")
    ctx.close()

    def start():
        process = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(db), str(made)],
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert process.stdout.readline().strip() == b"siap"
        return process

    began = time.perf_counter()
    whole = start()
    assert whole.stdout.readline().strip() == b"selesai"
    whole.wait()
    duration = time.perf_counter() - began
    reset = admin_context(db)
    reset.store.conn.execute("UPDATE workers SET name = 'SESUDAH CADANGAN'")
    reset.close()
    outcomes = {"old": 0, "restored": 0}
    runs = 30
    for attempt in range(runs):
        process = start()
        time.sleep(duration * 1.3 * attempt / runs)  # from the start to past the end
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        check = admin_context(db)
        try:
            renamed = check.store.query(
                "SELECT count(*) FROM workers WHERE name = 'SESUDAH CADANGAN'"
            )[0][0]
            last = check.store.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
            if renamed == 0:  # the backup's data: its restore row must be there
                assert last[0][0] == "restore"
                outcomes["restored"] += 1
                check.store.conn.execute("UPDATE workers SET name = 'SESUDAH CADANGAN'")
            else:
                outcomes["old"] += 1
        finally:
            check.close()
    assert outcomes["restored"] and outcomes["old"], outcomes
