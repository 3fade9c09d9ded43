import sqlite3
from dataclasses import replace

import pytest

from kupang_desk.services.workers import save_worker
from kupang_desk.store import audit
from kupang_desk.store.db import open_store
from kupang_desk.store.errors import DatabaseDamaged, DatabaseTooNew, StaleRecord
from kupang_desk.store.migrations import SCHEMA_VERSION
from kupang_desk.store.workers import update_worker
from tests.helpers import reopen


def test_new_database_is_migrated_with_wal_and_foreign_keys(db_path):
    store = open_store(db_path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_saved_worker_survives_reopening(ctx, worker):
    result = save_worker(ctx, worker)
    assert result.saved
    ctx = reopen(ctx)
    rows = ctx.store.query("SELECT nik, name, birth_date, sex FROM workers")
    assert [tuple(r) for r in rows] == [
        ("5371014503850001", "MARIA GORETI NDUN", "1985-03-05", "P")
    ]
    ctx.close()


def test_nik_is_stored_as_text(ctx, worker):
    save_worker(ctx, worker)
    assert ctx.store.query("SELECT typeof(nik) FROM workers")[0][0] == "text"


def test_database_from_a_newer_program_is_refused_untouched(db_path):
    store = open_store(db_path)
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="lebih baru"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_file_that_is_not_a_database_is_refused_untouched(db_path):
    db_path.write_bytes(b"bukan basis data, hanya teks" * 100)
    with pytest.raises(DatabaseDamaged, match="bukan basis data"):
        open_store(db_path)
    assert db_path.read_bytes() == b"bukan basis data, hanya teks" * 100


def test_stale_record_is_not_overwritten(ctx, worker):
    saved = save_worker(ctx, worker).worker
    update_worker(ctx.store, replace(saved, jabatan="Sopir"), user="a")
    with pytest.raises(StaleRecord):
        update_worker(ctx.store, replace(saved, jabatan="Penyapu"), user="b")


def test_every_change_is_audited_and_the_chain_detects_tampering(ctx, worker, db_path):
    saved = save_worker(ctx, worker).worker
    update_worker(ctx.store, replace(saved, upah=3_000_000), user="tester")
    actions = [r[0] for r in ctx.store.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["update", "insert", "insert", "insert", "update"]  # pemda, 2 OPDs, ..
    assert audit.verify_chain(ctx.store.db) is None

    raw = sqlite3.connect(db_path)
    raw.execute(
        "UPDATE audit_log SET after_json = replace(after_json, '3000000', '9000000') WHERE id = 5"
    )
    raw.commit()
    raw.close()
    broken = audit.verify_chain(ctx.store.db)
    assert broken is not None and broken.row_id == 5


def test_operator_of_another_opd_can_neither_read_nor_save(ctx, worker):
    from kupang_desk.domain.queries import WorkerQuery
    from kupang_desk.services.context import AccessDenied
    from kupang_desk.services.workers import count_workers, get_worker, page_workers

    saved = save_worker(ctx, worker).worker  # DLHK, saved by the admin
    ctx.role, ctx.opd_code = "operator", "DINKES"
    assert count_workers(ctx, WorkerQuery())["total"] == 0
    assert page_workers(ctx, WorkerQuery(opd_code="DLHK"), 0, 10) == []
    with pytest.raises(AccessDenied):
        get_worker(ctx, saved.id)
    with pytest.raises(AccessDenied):
        save_worker(ctx, replace(saved, upah=1))
    ctx.opd_code = "DLHK"
    assert count_workers(ctx, WorkerQuery())["total"] == 1


def test_a_workers_own_membership_is_found_by_the_three_column_index(db_path):
    # `family_member_id IS NULL` through the family_member_id index scans every worker-level
    # membership: a 10k-worker bundle merge took ~56 s instead of ~5 s.
    store = open_store(db_path)
    plan = store.query(
        "EXPLAIN QUERY PLAN SELECT * FROM memberships "
        "WHERE worker_id = ? AND family_member_id IS ? AND program = ?",
        (1, None, "kesehatan"),
    )
    assert "idx_memberships_worker_id_program_family_member_id" in plan[0]["detail"]
    store.close()


def test_the_holder_of_a_card_number_is_found_by_program_and_card(db_path):
    # Served by the program index it scanned the program's every membership per stored card.
    store = open_store(db_path)
    plan = store.query(
        "EXPLAIN QUERY PLAN SELECT id FROM memberships WHERE program = ? AND card_number = ?",
        ("kesehatan", "0001234567890"),
    )
    assert "idx_memberships_program_card_number" in plan[0]["detail"]
    store.close()
