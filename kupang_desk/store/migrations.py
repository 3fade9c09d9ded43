"""Ordered schema migrations; the schema version is `PRAGMA user_version`.

Migration N turns version N-1 into N. Append, never edit a released one, never drop a
user's table: a clerk's database must upgrade in place.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable

import sqlite_utils

from kupang_desk.domain.defaults import SEEDED_PEMDA_SETTINGS
from kupang_desk.domain.iuran import SEED_RATES, WRONG_2026_SEED_NOTE, WRONG_2026_SEED_UMK
from kupang_desk.domain.settings import jabatan_key

AUDIT_COLUMNS = {"created_at": str, "created_by": str, "updated_at": str, "updated_by": str}


def _v1_registry(db: sqlite_utils.Database) -> None:
    db.table("opd").create(
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
    db.table("workers").create(
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
    db.table("workers").create_index(["uuid"], unique=True)
    db.table("workers").create_index(["nik"], unique=True)
    db.table("workers").create_index(["opd_code", "name"])
    db.table("workers").create_index(["name"])
    db.table("family_members").create(
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
    db.table("family_members").create_index(["uuid"], unique=True)
    db.table("family_members").create_index(["worker_id"])
    db.table("family_members").create_index(["nik"])
    db.table("memberships").create(
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
    db.table("memberships").create_index(["worker_id", "program"])
    db.table("memberships").create_index(["card_number"])
    db.table("audit_log").create(
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
    db.table("audit_log").create_index(["entity", "entity_id"])
    db.table("settings").create({"key": str, "value": str}, pk="key")


def _sync_bundles(db: sqlite_utils.Database) -> None:
    """Issue 7: what the centre last received per record, and the OPDs' own history."""
    # key: "worker:<uuid>", "family_member:<uuid>", "membership:<person uuid>:<program>";
    # hash: content hash of the version last merged (or declined, see decision).
    db.table("sync_state").create(
        {"key": str, "entity": str, "hash": str, "decision": str, "source": str, "at": str},
        pk="key",
        not_null={"entity", "hash"},
    )
    # The OPD's audit rows arrive with their own chain; kept apart from ours, never re-chained.
    db.table("received_audit").create(
        {
            "source_machine": str,
            "source_id": int,
            "at": str,
            "user": str,
            "action": str,
            "entity": str,
            "entity_uuid": str,
            "before_json": str,
            "after_json": str,
            "prev_hash": str,
            "hash": str,
            "received_at": str,
        },
        pk=("source_machine", "source_id"),
    )
    db.table("received_audit").create_index(["entity_uuid"])
    # Names this copy of the database in the bundles it sends; stable for its lifetime.
    db.table("settings").insert({"key": "machine_id", "value": str(uuid.uuid4())}, ignore=True)


def _rates_by_year(db: sqlite_utils.Database) -> None:
    """Contribution rates by year (percentages in basis points) and JKK class defaults."""
    db.table("rates").create(
        {
            "year": int,
            "umk": int,
            "kes_employer_bp": int,
            "kes_worker_bp": int,
            "kes_ceiling": int,
            "kes_extra_member_bp": int,
            "kelas1_above": int,
            "jkk1_bp": int,
            "jkk2_bp": int,
            "jkk3_bp": int,
            "jkk4_bp": int,
            "jkk5_bp": int,
            "jkm_bp": int,
            "jht_employer_bp": int,
            "jht_worker_bp": int,
            "jp_employer_bp": int,
            "jp_worker_bp": int,
            "jp_cap_jan_feb": int,
            "jp_cap": int,
            "note": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk="year",
        not_null={"umk"},
    )
    # Seeded with the regulation values (domain SEED_RATES); the admin edits them later.
    for seed in SEED_RATES:
        row = {k: v for k, v in vars(seed).items() if k != "jkk_bp"}
        row.update({f"jkk{i}_bp": bp for i, bp in enumerate(seed.jkk_bp, start=1)})
        db.table("rates").insert({**row, "updated_by": "seed"})
    # Reports look up each family member's membership.
    db.table("memberships").create_index(["family_member_id"], if_not_exists=True)
    db.table("jkk_defaults").create(
        {"opd_code": str, "jabatan": str, "risk_class": int},
        pk=("opd_code", "jabatan"),
        not_null={"risk_class"},
        foreign_keys=[("opd_code", "opd", "code")],
    )


def _registry_checks(db: sqlite_utils.Database) -> None:
    """Worker NIP, accepted warnings and the count of open issues for "perlu perbaikan"."""
    db.table("workers").add_column("nip", str, not_null_default="")
    db.table("workers").add_column("accepted_warnings", str, not_null_default="")
    db.table("workers").add_column("open_issues", int, not_null_default=0)
    db.table("workers").create_index(["open_issues"])
    db.table("memberships").create_index(["program", "status", "worker_id"])


def _v2_users_and_audit_head(db: sqlite_utils.Database) -> None:
    """Logins, and the audit chain's head kept apart so a deleted last row is noticed."""
    db.table("users").create(
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
    db.table("audit_head").create({"id": int, "last_id": int, "last_hash": str}, pk="id")
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    db.table("audit_head").insert(
        {"id": 1, "last_id": last[0] if last else 0, "last_hash": last[1] if last else "0" * 64}
    )


def _membership_lookup_indexes(db: sqlite_utils.Database) -> None:
    """One membership by worker, program and family member (merge, reconcile, reports), and
    the holder of a card number in a program (reconcile).

    Without them (and without ANALYZE statistics) SQLite serves `family_member_id IS NULL`
    (a worker's own membership) from the family_member_id index and `program = ? AND
    card_number = ?` from the program index: each scans thousands of rows per record, so
    merging or reconciling grows quadratically.
    """
    db.table("memberships").create_index(["worker_id", "program", "family_member_id"])
    db.table("memberships").create_index(["program", "card_number"])


# Issue 10: keys of the one typed settings model (domain/settings.py) that replace older ones.
_RENAMED_SETTINGS = {
    "pemda.city": "pemda.name",
    "pemda.rekap_signer_title": "rekap.signer_title",
    "pemda.rekap_signer_name": "rekap.signer_name",
    "pemda.rekap_signer_nip": "rekap.signer_nip",
    "pemda.kode_wilayah": "pemda.region_code",
}


def _opd_master_and_settings_model(db: sqlite_utils.Database) -> None:
    """OPD master data (pangkat, JKK class, NPP, active flag) and the typed settings keys.

    Before this version the app knew only the seeded pemda and printed its name when nothing was
    set; a database already in use keeps printing what it printed (no key overwritten).
    """
    db.table("opd").add_column("head_pangkat", str, not_null_default="")
    db.table("opd").add_column("jkk_class", int, not_null_default=1)
    db.table("opd").add_column("npp", str, not_null_default="")
    db.table("opd").add_column("active", int, not_null_default=1)
    for old, new in _RENAMED_SETTINGS.items():
        db.execute("UPDATE OR IGNORE settings SET key = ? WHERE key = ?", (new, old))
    db.execute(
        "UPDATE OR IGNORE settings SET key = 'bpjs_kes.' || substr(key, 16) "
        "WHERE key LIKE 'bpjs\\_kesehatan.%' ESCAPE '\\'"
    )
    if db.execute("SELECT 1 FROM opd LIMIT 1").fetchone():
        db.table("settings").insert_all(
            [{"key": k, "value": v} for k, v in SEEDED_PEMDA_SETTINGS.items()],
            pk="key",
            ignore=True,
        )
        db.table("settings").insert({"key": "setup.step", "value": "done"}, pk="key", ignore=True)


def _bundle_keys(db: sqlite_utils.Database) -> None:
    """Issue 13: the keys that sign and seal bundles, the centre's list of offices, and the
    key that encrypts backups.

    `office_identity` (one row, at an OPD office): the office's Ed25519 signing key, the
    centre's X25519 public key it seals to, and the last sequence number it used.
    `centre_identity` (one row, at the centre): the X25519 key pair bundles are sealed to.
    `known_offices` (at the centre): each registered office's public key, its OPD, whether
    it is revoked, and the sequence number, file digest and history head last merged.
    """
    db.table("office_identity").create(
        {
            "id": int,
            "opd_code": str,
            "signing_key": str,
            "public_key": str,
            "centre_public_key": str,
            "last_sequence": int,
            "installed_at": str,
        },
        pk="id",
        not_null={"opd_code", "signing_key", "public_key", "centre_public_key"},
        defaults={"last_sequence": 0},
    )
    db.table("centre_identity").create(
        {"id": int, "private_key": str, "public_key": str, "created_at": str},
        pk="id",
        not_null={"private_key", "public_key"},
    )
    db.table("known_offices").create(
        {
            "public_key": str,
            "opd_code": str,
            "revoked": int,
            "last_sequence": int,
            "last_digest": str,
            "chain_head": str,
            "chain_length": int,
            "registered_at": str,
            "registered_by": str,
        },
        pk="public_key",
        not_null={"opd_code"},
        defaults={"revoked": 0, "last_sequence": 0, "last_digest": "", "chain_length": 0},
    )
    db.table("known_offices").create_index(["opd_code"])
    # The key backups are encrypted with (its printed form is the Kunci Pemulihan): made
    # with the database, so even a read-only backup (CLI, app open) has it.
    db.table("backup_key").create(
        {"id": int, "key": str, "created_at": str}, pk="id", not_null={"key"}
    )
    db.table("backup_key").insert({"id": 1, "key": os.urandom(32).hex(), "created_at": ""})


def _family_cover_and_nik_reasons(db: sqlite_utils.Database) -> None:
    """Issue 12 items 7-8: the end date of a child's school certificate, a spouse who is a
    PPU member through their own employer, and the written reason a NIK may differ from the
    typed birth date or sex (workers and family members)."""
    db.table("family_members").add_column("student_until", str)
    db.table("family_members").add_column("ppu_sendiri", int, not_null_default=0)
    db.table("family_members").add_column("nik_mismatch_reason", str, not_null_default="")
    db.table("workers").add_column("nik_mismatch_reason", str, not_null_default="")


def _umk_entered_and_2026_seed_corrected(db: sqlite_utils.Database) -> None:
    """Issue 12: whether the UMK/UMP of a year is the pemda's own (rates.umk_entered), and
    the 2026 seed corrected from the 2025 figure it carried.

    Before, any audited save of a year's rates counted as the floor entered, so another pemda
    saving one percentage of 2026 took over the seeded city's UMK. A year counts as entered
    when its history shows a save that changed the UMK (a new year's row: a UMK that is not
    a seeded figure). The 2026 row is corrected only while it still holds the old seed and
    nobody entered a UMK for it.
    """
    db.table("rates").add_column("umk_entered", int, not_null_default=0)
    seeded = {WRONG_2026_SEED_UMK} | {seed.umk for seed in SEED_RATES}
    entered: set[str] = set()
    for entity_id, before_json, after_json in db.execute(
        "SELECT entity_id, before_json, after_json FROM audit_log WHERE entity = 'rates'"
    ):
        after = json.loads(after_json or "null") or {}
        before = json.loads(before_json or "null")
        umk = after.get("umk")
        if umk is None:
            continue
        changed = (umk not in seeded) if before is None else (before.get("umk") != umk)
        if changed:
            entered.add(str(entity_id))
    for year in entered:
        db.execute("UPDATE rates SET umk_entered = 1 WHERE year = ?", (int(year),))
    corrected = next(seed for seed in SEED_RATES if seed.year == 2026)
    db.execute(
        "UPDATE rates SET umk = ?, note = CASE WHEN note = ? OR note IS NULL OR note = '' "
        "THEN ? ELSE note END WHERE year = 2026 AND umk = ? AND umk_entered = 0",
        (corrected.umk, WRONG_2026_SEED_NOTE, corrected.note, WRONG_2026_SEED_UMK),
    )


def _jkk_class_follows_the_opd(db: sqlite_utils.Database) -> None:
    """Issue 12: a membership's JKK class is the OPD's (its employer registration) unless an
    exception is recorded for its jabatan or on the membership itself.

    A whole-OPD row of jkk_defaults (jabatan blank) becomes the OPD's class; memberships
    keep a class only where following the OPD (or its jabatan rule) would print another
    one, so every amount stays what it was. Kesehatan memberships never had a use for it.
    """
    blank = "trim(coalesce(jabatan, '')) = ''"
    whole = dict(db.execute(f"SELECT opd_code, risk_class FROM jkk_defaults WHERE {blank}"))
    for code, risk in whole.items():
        db.execute("UPDATE opd SET jkk_class = ? WHERE code = ?", (risk, code))
    db.execute(f"DELETE FROM jkk_defaults WHERE {blank}")
    rules = {
        (code, jabatan_key(jabatan)): risk
        for code, jabatan, risk in db.execute(
            "SELECT opd_code, jabatan, risk_class FROM jkk_defaults"
        )
    }
    opd_class = dict(db.execute("SELECT code, jkk_class FROM opd"))
    db.execute("UPDATE memberships SET jkk_risk_class = NULL WHERE program != 'ketenagakerjaan'")
    updates = []
    for membership_id, stored, opd_code, jabatan in db.execute(
        "SELECT m.id, m.jkk_risk_class, w.opd_code, coalesce(w.jabatan, '') FROM memberships m "
        "JOIN workers w ON w.id = m.worker_id WHERE m.program = 'ketenagakerjaan'"
    ):
        rule = rules.get((opd_code, jabatan_key(jabatan)))
        printed = stored or rule or whole.get(opd_code) or 1  # what the lists used until now
        followed = rule or opd_class.get(opd_code) or 1  # what they use without an override
        kept = None if printed == followed else printed
        if kept != stored:
            updates.append((kept, membership_id))
    db.conn.executemany("UPDATE memberships SET jkk_risk_class = ? WHERE id = ?", updates)


def _key_confirmations(db: sqlite_utils.Database) -> None:
    """Issue 15: which key field of which worker or family member a second person confirmed
    by double entry, and for which value (its hash: a later change unconfirms by itself)."""
    db.execute(
        "CREATE TABLE key_confirmations (entity TEXT NOT NULL, entity_id INTEGER NOT NULL, "
        "field TEXT NOT NULL, value_hash TEXT NOT NULL, confirmed_by TEXT NOT NULL, "
        "confirmed_at TEXT NOT NULL, PRIMARY KEY (entity, entity_id, field))"
    )


def _documents_table(db: sqlite_utils.Database) -> None:
    """Issue 15: scans (KTP, KK, SK) of a worker or a family member, bytes in the file so
    that backups carry them. The checks are the service's; the table only keeps them tied."""
    db.execute(
        "CREATE TABLE documents ("
        "id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, "
        "worker_id INTEGER NOT NULL REFERENCES workers(id), "
        "family_member_id INTEGER REFERENCES family_members(id), "
        "kind TEXT NOT NULL, mime TEXT NOT NULL, bytes BLOB NOT NULL, "
        "size INTEGER NOT NULL CHECK (size = length(bytes)), "
        "added_by TEXT NOT NULL, added_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX documents_worker ON documents(worker_id)")


def _worker_progress_for_the_dashboard(db: sqlite_utils.Database) -> None:
    """Issue 15: per worker, the columns the mayor's progress count needs and the status of
    the latest own membership of each program, kept by triggers (store/progress.py says
    why); filled from the existing rows."""
    from kupang_desk.store import progress  # imports store.db, which imports this module

    progress.install(db.conn)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_registry,
    _sync_bundles,
    _rates_by_year,
    _registry_checks,
    _v2_users_and_audit_head,
    _membership_lookup_indexes,
    _opd_master_and_settings_model,
    _bundle_keys,
    _family_cover_and_nik_reasons,
    _umk_entered_and_2026_seed_corrected,
    _jkk_class_follows_the_opd,
    _key_confirmations,
    _documents_table,
    _worker_progress_for_the_dashboard,
]

SCHEMA_VERSION = len(MIGRATIONS)
