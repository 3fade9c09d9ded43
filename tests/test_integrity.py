"""`kupang-desk check`: tampering with the history and damaged files give exit 1, and the
checked file is never changed."""

import json
import os
import sqlite3
from dataclasses import replace

import pytest

from kupang_desk.cli import main
from kupang_desk.services.workers import save_worker
from kupang_desk.store import audit


@pytest.fixture
def history_db(ctx, worker, db_path):
    """The pemda settings, 2 OPD inserts, a worker insert and two updates: audit rows 1-6."""
    saved = save_worker(ctx, worker).worker
    saved = save_worker(ctx, replace(saved, upah=3_000_000)).worker
    save_worker(ctx, replace(saved, jabatan="Pengangkut Sampah"))
    ctx.close()
    return db_path


def sql(path, statement: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute(statement)
    raw.commit()
    raw.close()


def check_json(path, capsys) -> tuple[int, dict]:
    code = main(["--db", str(path), "check", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_intact_database_passes(history_db, capsys):
    code, report = check_json(history_db, capsys)
    assert code == 0
    assert report["ok"] and report["audit"] is None and report["file"] == []


def test_changed_audit_row_is_named(history_db, capsys):
    sql(
        history_db,
        "UPDATE audit_log SET after_json = replace(after_json, '3000000', '9000000') WHERE id = 5",
    )
    code, report = check_json(history_db, capsys)
    assert code == 1
    assert report["audit_row"] == 5
    assert "baris riwayat 5" in report["audit"]

    assert main(["--db", str(history_db), "check"]) == 1
    assert "RIWAYAT: isi baris riwayat 5 telah diubah" in capsys.readouterr().out


def test_changed_user_or_time_is_caught_too(history_db, capsys):
    sql(
        history_db,
        "UPDATE audit_log SET user = 'orang-lain', at = '2020-01-01T00:00:00' WHERE id = 2",
    )
    code, report = check_json(history_db, capsys)
    assert (code, report["audit_row"]) == (1, 2)


def test_deleted_middle_row_is_named(history_db, capsys):
    sql(history_db, "DELETE FROM audit_log WHERE id = 3")
    code, report = check_json(history_db, capsys)
    assert (code, report["audit_row"]) == (1, 3)
    assert "hilang" in report["audit"]


def test_deleted_last_row_is_detected_by_the_head(history_db, capsys):
    sql(history_db, "DELETE FROM audit_log WHERE id = 5")
    code, report = check_json(history_db, capsys)
    assert (code, report["audit_row"]) == (1, 5)
    assert "hilang" in report["audit"]


def test_deleted_head_marker_is_detected(history_db, capsys):
    sql(history_db, "DELETE FROM audit_head")
    code, report = check_json(history_db, capsys)
    assert code == 1 and "audit_head" in report["audit"]


def test_broken_foreign_key_is_reported(history_db, capsys):
    raw = sqlite3.connect(history_db)  # foreign keys are off in a bare connection
    raw.execute("UPDATE workers SET opd_code = 'HILANG'")
    raw.commit()
    raw.close()
    code, report = check_json(history_db, capsys)
    assert code == 1 and "workers" in report["foreign_keys"][0]


def truncated(path) -> bytes:
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_damaged_file_gives_exit_1_and_stays_byte_for_byte(history_db, capsys, damage):
    data = truncated(history_db) if damage == "truncated" else os.urandom(64 * 1024)
    for companion in ("-wal", "-shm"):
        history_db.with_name(history_db.name + companion).unlink(missing_ok=True)
    history_db.write_bytes(data)
    code, report = check_json(history_db, capsys)
    assert code == 1
    assert not report["ok"] and report["file"]
    assert history_db.read_bytes() == data


def test_verify_chain_of_a_new_database_is_intact(ctx):
    assert audit.verify_chain(ctx.store.db) is None


def test_upgrading_a_version_1_database_starts_the_chain_head_at_its_last_row(db_path, capsys):
    import sqlite_utils

    from kupang_desk.store.db import open_store
    from kupang_desk.store.migrations import MIGRATIONS

    raw = sqlite3.connect(db_path)
    old = sqlite_utils.Database(raw)
    MIGRATIONS[0](old)
    for code in ("DLHK", "DINKES"):  # history written by the first release
        old["opd"].insert({"code": code, "name": code})
        audit.record(old, user="lama", action="insert", entity="opd", entity_id=code)
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()

    store = open_store(db_path)
    assert store.query("SELECT last_id FROM audit_head")[0][0] == 2
    assert audit.verify_chain(store.db) is None
    with store.transaction() as db:
        audit.record(db, user="baru", action="update", entity="opd", entity_id="DLHK")
    store.close()
    code, report = check_json(db_path, capsys)
    assert code == 0, report


def test_check_fails_on_a_record_that_breaks_a_rule_and_passes_the_demo(tmp_path):
    from kupang_desk.services.database_check import check_database

    db = tmp_path / "demo.sqlite3"
    assert main(["--db", str(db), "demo", "--workers", "300"]) == 0
    assert main(["--db", str(db), "check"]) == 0

    raw = sqlite3.connect(db)  # a birth date that no longer matches the NIK, typed outside the app
    nik = raw.execute("SELECT nik FROM workers ORDER BY id LIMIT 1").fetchone()[0]
    raw.execute("UPDATE workers SET birth_date = '1950-01-01' WHERE nik = ?", (nik,))
    raw.commit()
    raw.close()
    report = check_database(db)
    assert not report.ok
    assert len(report.records) == 1
    assert nik in report.records[0] and "01-01-1950" in report.records[0]
    assert main(["--db", str(db), "check"]) == 1
