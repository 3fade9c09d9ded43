"""Issue 13 item 6: a local admin cannot quietly rewrite history. `check` compares the chain
with the heads kept in the newest backups and each worker with its last history row; the
centre keeps each office's head and refuses a bundle whose merged history was rewritten."""

import json
from dataclasses import replace
from datetime import datetime

import pytest

from kupang_desk.cli import main
from kupang_desk.services import backup, bundles
from kupang_desk.services.database_check import check_database
from kupang_desk.services.workers import save_worker
from kupang_desk.store import audit
from tests.helpers import dlhk_niks, edit


def rewrite_chain(ctx, row_id: int, after: dict) -> None:
    """What the issue did: edit one history row, then recompute every hash and the head."""
    conn = ctx.store.conn
    conn.execute("UPDATE audit_log SET after_json = ? WHERE id = ?", (json.dumps(after), row_id))
    prev = audit.GENESIS
    cursor = conn.execute(
        "SELECT id, at, user, action, entity, entity_id, before_json, after_json FROM audit_log "
        "ORDER BY id"
    )
    columns = [d[0] for d in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        digest = audit._row_hash(prev, row)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row["id"])
        )
        prev = digest
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", (last, prev))


def workers_of(ctx, worker, count=3):
    saved = []
    for serial in range(1, count + 1):
        nik = worker.nik[:-4] + f"{serial:04d}"
        result = save_worker(ctx, replace(worker, nik=nik), accept_warnings=True)
        assert result.saved, result.issues
        saved.append(result.worker)
    return saved


def test_a_recomputed_chain_is_found_by_the_newest_backup(ctx, worker, capsys):
    workers_of(ctx, worker)
    backup.backup_now(ctx, now=datetime(2026, 11, 24, 17))
    last = audit.head(ctx.store.db)[0]
    assert check_database(ctx.store.path).ok
    rewrite_chain(ctx, 1, {"name": "ORANG LAIN"})
    assert audit.verify_chain(ctx.store.db) is None  # the chain alone looks intact
    report = check_database(ctx.store.path)
    assert not report.ok
    assert report.backups == [
        f"riwayat berbeda dari cadangan kupang-20261124-170000.cadangan: baris {last} tidak sama "
        "(riwayat ditulis ulang setelah cadangan itu dibuat)"
    ]
    path = ctx.store.path
    ctx.close()
    assert main(["--db", str(path), "check"]) == 1
    assert "riwayat berbeda dari cadangan" in capsys.readouterr().out


def test_a_cut_chain_is_shorter_than_the_backup(ctx, worker):
    workers_of(ctx, worker)
    backup.backup_now(ctx, now=datetime(2026, 11, 24, 17))
    head_id = audit.head(ctx.store.db)[0]
    conn = ctx.store.conn
    conn.execute("DELETE FROM audit_log WHERE id > 2")
    last = conn.execute("SELECT hash FROM audit_log WHERE id = 2").fetchone()[0]
    conn.execute("UPDATE audit_head SET last_id = 2, last_hash = ?", (last,))
    report = check_database(ctx.store.path)
    assert report.audit is None
    assert report.backups[0].startswith(
        "riwayat lebih pendek dari cadangan kupang-20261124-170000.cadangan: cadangan sampai "
        f"baris {head_id}, basis data sampai baris 2"
    )


def test_a_record_changed_without_history_is_named(ctx, worker):
    first, *_ = workers_of(ctx, worker)
    assert check_database(ctx.store.path).untracked == []
    ctx.store.conn.execute(
        "UPDATE workers SET upah = 99, name = 'DIUBAH' WHERE id = ?", (first.id,)
    )
    report = check_database(ctx.store.path)
    assert not report.ok
    [message] = report.untracked
    assert message.startswith(f"DIUBAH (NIK {first.nik}, DLHK): diubah tanpa riwayat (")
    assert "name" in message and "upah" in message


def test_a_restore_to_an_older_backup_is_not_reported(ctx, worker):
    saved = workers_of(ctx, worker)
    older = backup.backup_now(ctx, now=datetime(2026, 11, 23, 17))
    save_worker(ctx, replace(saved[0], upah=3_500_000))
    backup.backup_now(ctx, now=datetime(2026, 11, 24, 17))
    backup.restore(ctx, older)
    report = check_database(ctx.store.path)
    assert report.ok, report


def test_the_centre_refuses_a_bundle_whose_merged_history_was_rewritten(offices, tmp_path):
    opd, centre = offices
    first = tmp_path / "kiriman-1.zip"
    bundles.export_bundle(opd, first, opd_code="DLHK")
    bundles.merge_bundle(centre, first)
    edit(opd, dlhk_niks(opd)[1], upah=3_000_000)
    rewrite_chain(opd, 1, {"name": "TIDAK PERNAH"})
    assert audit.verify_chain(opd.store.db) is None
    second = tmp_path / "kiriman-2.zip"
    bundles.export_bundle(opd, second, opd_code="DLHK")
    with pytest.raises(bundles.BundleRefused, match="riwayat berbeda dari kiriman yang sudah"):
        bundles.merge_bundle(centre, second)


def test_the_centre_refuses_a_bundle_with_a_broken_chain(offices, tmp_path):
    """A received row whose content no longer hashes to its link. (Rows about no record of
    the bundle travel as links only: their content is checked by the office's own `check`.)"""
    opd, centre = offices
    row_id = opd.store.query("SELECT max(id) FROM audit_log WHERE entity = 'family_member'")[0][0]
    opd.store.conn.execute("UPDATE audit_log SET after_json = '{}' WHERE id = ?", (row_id,))
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    with pytest.raises(bundles.BundleRefused, match=f"isi baris riwayat {row_id} telah diubah"):
        bundles.merge_bundle(centre, out)


def test_the_office_head_is_kept_at_the_centre(offices, tmp_path):
    opd, centre = offices
    out = tmp_path / "kiriman.zip"
    bundles.export_bundle(opd, out, opd_code="DLHK")
    bundles.merge_bundle(centre, out)
    [office] = [o for o in bundles.key_store.known_offices(centre.store) if o.opd_code == "DLHK"]
    head = audit.head(opd.store.db)
    assert (office.chain_length, office.chain_head, office.last_sequence) == (*head, 1)


def test_a_backup_on_a_usb_disk_is_remembered_for_check(ctx, worker, tmp_path, capsys):
    """`backup /media/usb` (the README's pattern) must count too: check looks in every folder
    a backup went to, not only the configured one."""
    workers_of(ctx, worker)
    path = ctx.store.path
    ctx.close()
    usb = tmp_path / "usb4"
    usb.mkdir()
    assert main(["--db", str(path), "backup", str(usb)]) == 0
    capsys.readouterr()
    assert not list((path.parent / "cadangan").glob("*.cadangan"))  # only on the USB disk
    conn = __import__("sqlite3").connect(path)
    conn.execute("DELETE FROM audit_log WHERE id > 2")
    last = conn.execute("SELECT hash FROM audit_log WHERE id = 2").fetchone()[0]
    conn.execute("UPDATE audit_head SET last_id = 2, last_hash = ?", (last,))
    conn.commit()
    conn.close()
    assert main(["--db", str(path), "check"]) == 1
    assert "riwayat lebih pendek dari cadangan" in capsys.readouterr().out
