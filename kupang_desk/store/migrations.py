"""Ordered schema migrations; the schema version is `PRAGMA user_version`.

Migration N turns version N-1 into N. Append, never edit a released one, never drop a
user's table: a clerk's database must upgrade in place.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

AUDIT_COLUMNS = {"created_at": str, "created_by": str, "updated_at": str, "updated_by": str}


def _v1_registry(db: sqlite_utils.Database) -> None:
    db["opd"].create(
        {
            "code": str,
            "name": str,
            "short_name": str,
            "head_name": str,
            "head_nip": str,
            "head_title": str,
            "address": str,
        },
        pk="code",
        not_null={"name"},
    )
    db["workers"].create(
        {
            "id": int,
            "uuid": str,
            "nik": str,
            "no_kk": str,
            "name": str,
            "birth_place": str,
            "birth_date": str,
            "sex": str,
            "marital_status": str,
            "mother_name": str,
            "address": str,
            "rt": str,
            "rw": str,
            "kelurahan": str,
            "kecamatan": str,
            "kode_pos": str,
            "phone": str,
            "email": str,
            "npwp": str,
            "opd_code": str,
            "unit": str,
            "jabatan": str,
            "employment_type": str,
            "contract_number": str,
            "tmt": str,
            "end_date": str,
            "upah": int,
            "priority": int,
            "priority_reason": str,
            "status": str,
            "status_reason": str,
            "status_date": str,
            **AUDIT_COLUMNS,
            "row_version": int,
        },
        pk="id",
        not_null={"uuid", "nik", "name", "sex", "opd_code", "status", "upah", "row_version"},
        defaults={"upah": 0, "priority": 0, "status": "aktif", "row_version": 1},
        foreign_keys=[("opd_code", "opd", "code")],
    )
    db["workers"].create_index(["uuid"], unique=True)
    db["workers"].create_index(["nik"], unique=True)
    db["workers"].create_index(["opd_code", "name"])
    db["workers"].create_index(["name"])
    db["family_members"].create(
        {
            "id": int,
            "uuid": str,
            "worker_id": int,
            "nik": str,
            "name": str,
            "relation": str,
            "birth_place": str,
            "birth_date": str,
            "sex": str,
            "student": int,
            "married": int,
            **AUDIT_COLUMNS,
            "row_version": int,
        },
        pk="id",
        not_null={"uuid", "worker_id", "name", "relation"},
        defaults={"student": 0, "married": 0, "row_version": 1},
        foreign_keys=[("worker_id", "workers", "id")],
    )
    db["family_members"].create_index(["uuid"], unique=True)
    db["family_members"].create_index(["worker_id"])
    db["family_members"].create_index(["nik"])
    db["memberships"].create(
        {
            "id": int,
            "worker_id": int,
            "family_member_id": int,
            "program": str,
            "card_number": str,
            "kelas_rawat": str,
            "faskes_code": str,
            "faskes_name": str,
            "tk_programs": str,
            "jkk_risk_class": int,
            "status": str,
            "rejected_reason": str,
            "verified_at": str,
            "submitted_at": str,
            "active_at": str,
            "rejected_at": str,
            "inactive_at": str,
            **AUDIT_COLUMNS,
            "row_version": int,
        },
        pk="id",
        not_null={"worker_id", "program", "status"},
        defaults={"status": "draft", "row_version": 1},
        foreign_keys=[
            ("worker_id", "workers", "id"),
            ("family_member_id", "family_members", "id"),
        ],
    )
    db["memberships"].create_index(["worker_id", "program"])
    db["memberships"].create_index(["card_number"])
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "user": str,
            "action": str,
            "entity": str,
            "entity_id": str,
            "before_json": str,
            "after_json": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null={"at", "user", "action", "entity", "hash"},
    )
    db["audit_log"].create_index(["entity", "entity_id"])
    db["settings"].create({"key": str, "value": str}, pk="key")


def _v2_users_and_audit_head(db: sqlite_utils.Database) -> None:
    """Logins, and the audit chain's head kept apart so a deleted last row is noticed."""
    db["users"].create(
        {
            "username": str,
            "full_name": str,
            "role": str,
            "opd_code": str,
            "password_hash": str,
            "active": int,
            "failed_logins": int,
            "locked_until": str,
            "must_change_password": int,
            **AUDIT_COLUMNS,
        },
        pk="username",
        not_null={"role", "password_hash", "active", "failed_logins"},
        defaults={"active": 1, "failed_logins": 0, "must_change_password": 0},
        foreign_keys=[("opd_code", "opd", "code")],
    )
    db["audit_head"].create({"id": int, "last_id": int, "last_hash": str}, pk="id")
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    db["audit_head"].insert(
        {"id": 1, "last_id": last[0] if last else 0, "last_hash": last[1] if last else "0" * 64}
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_registry,
    _v2_users_and_audit_head,
]

SCHEMA_VERSION = len(MIGRATIONS)
