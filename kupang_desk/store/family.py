"""Family members of a worker: saved with history, listed per worker."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import date

from kupang_desk.domain.entities import FamilyMember, Relation, Sex, enum_or_none
from kupang_desk.store import audit, documents
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store, StoredRow
from kupang_desk.store.errors import StaleRecord

_FIELDS = [f.name for f in fields(FamilyMember)]


def member_to_row(member: FamilyMember) -> dict:
    row = dict(vars(member))  # shallow; asdict deep-copies and is slow in bulk
    row["birth_date"] = member.birth_date.isoformat() if member.birth_date else None
    row["student_until"] = member.student_until.isoformat() if member.student_until else None
    row["student"] = int(member.student)
    row["married"] = int(member.married)
    row["ppu_sendiri"] = int(member.ppu_sendiri)
    return row


def member_from_row(row: StoredRow) -> FamilyMember:
    values = {name: row[name] for name in _FIELDS}
    for name in ("birth_date", "student_until"):
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    for name in ("student", "married", "ppu_sendiri"):
        values[name] = bool(values[name])
    for name in ("nik", "birth_place", "uuid", "nik_mismatch_reason"):
        values[name] = values[name] or ""
    values["sex"] = enum_or_none(Sex, values["sex"])  # may be NULL in older rows
    values["relation"] = enum_or_none(Relation, values["relation"])
    return FamilyMember(**values)


def list_members(store: Store, worker_id: int) -> list[FamilyMember]:
    rows = store.query(
        "SELECT * FROM family_members WHERE worker_id = ? "
        "ORDER BY CASE relation WHEN 'suami' THEN 0 WHEN 'istri' THEN 0 WHEN 'anak' THEN 1 "
        "ELSE 2 END, birth_date, id",
        (worker_id,),
    )
    return [member_from_row(r) for r in rows]


def get_member(store: Store, member_id: int) -> FamilyMember | None:
    rows = store.query("SELECT * FROM family_members WHERE id = ?", (member_id,))
    return member_from_row(rows[0]) if rows else None


def holders_of_nik(store: Store, nik: str) -> list[tuple[str, int, str, str, str]]:
    """(role, id, name, OPD name, OPD code) of every worker or family member holding this
    NIK; role is "pegawai" or "keluarga <worker name>"."""
    rows = store.query(
        "SELECT 'pegawai', w.id, w.name, o.name, w.opd_code FROM workers w "
        "JOIN opd o ON o.code = w.opd_code WHERE w.nik = :nik UNION ALL "
        "SELECT 'keluarga ' || w.name, f.id, f.name, o.name, w.opd_code FROM family_members f "
        "JOIN workers w ON w.id = f.worker_id JOIN opd o ON o.code = w.opd_code "
        "WHERE f.nik = :nik",
        {"nik": nik},
    )
    return [tuple(r) for r in rows]


def save_members(
    store: Store, worker_id: int, members: list[FamilyMember], *, user: str, action: str = "update"
) -> list[FamilyMember]:
    """Insert new members, update changed ones (one transaction, each change audited)."""
    saved: list[FamilyMember] = []
    with store.transaction() as db:
        for member in members:
            member = replace(member, worker_id=worker_id)
            if member.id is None:
                member = replace(member, uuid=member.uuid or str(uuid_lib.uuid4()))
                row = member_to_row(member)
                del row["id"]
                now = now_iso()
                row.update(created_at=now, created_by=user, updated_at=now, updated_by=user)
                member = replace(member, id=db.table("family_members").insert(row).last_pk)
                audit.record(
                    db,
                    user=user,
                    action="insert",
                    entity="family_member",
                    entity_id=member.id,
                    after=member_to_row(member),
                )
            else:
                current = get_member(store, member.id)
                if current is None or current.worker_id != worker_id:
                    raise StaleRecord("Anggota keluarga ini sudah dihapus orang lain. Buka lagi.")
                if current != member:
                    row = member_to_row(member)
                    row.update(updated_at=now_iso(), updated_by=user)
                    db.table("family_members").update(member.id, row)
                    db.execute(
                        "UPDATE family_members SET row_version = row_version + 1 WHERE id = ?",
                        [member.id],
                    )
                    audit.record(
                        db,
                        user=user,
                        action=action,
                        entity="family_member",
                        entity_id=member.id,
                        before=member_to_row(current),
                        after=member_to_row(member),
                    )
            saved.append(member)
    return saved


def remove_member(store: Store, member_id: int, *, user: str, reason: str) -> None:
    """A member leaves the family card (divorce, death, married child); history keeps them."""
    with store.transaction() as db:
        current = get_member(store, member_id)
        if current is None:
            return
        db.execute("DELETE FROM memberships WHERE family_member_id = ?", [member_id])
        # Their scans go with them (the history keeps what they were, never the bytes).
        documents.remove_in(db, store, "family_member_id = ?", member_id, user=user)
        db.execute("DELETE FROM family_members WHERE id = ?", [member_id])
        # Its double-entry confirmations go with it (SQLite may give its id out again).
        db.execute(
            "DELETE FROM key_confirmations WHERE entity = 'family_member' AND entity_id = ?",
            [member_id],
        )
        audit.record(
            db,
            user=user,
            action="delete",
            entity="family_member",
            entity_id=member_id,
            before=member_to_row(current),
            after={"reason": reason},
        )


def iter_all_members(store: Store) -> Iterator[FamilyMember]:
    """Every family member in worker order, streamed."""
    for row in store.conn.execute("SELECT * FROM family_members ORDER BY worker_id, id"):
        yield member_from_row(row)


def repeated_niks(store: Store) -> set[str]:
    """NIKs held by more than one person (worker or family member) in the database."""
    rows = store.query(
        "SELECT nik FROM (SELECT nik FROM workers UNION ALL SELECT nik FROM family_members "
        "WHERE nik != '') GROUP BY nik HAVING count(*) > 1"
    )
    return {r[0] for r in rows}
