"""BPJS memberships of workers and their family members, with the date of each status step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import date

from kupang_desk.domain.entities import Membership, MembershipStatus, Program
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store, StoredRow
from kupang_desk.store.errors import StaleRecord

_FIELDS = [f.name for f in fields(Membership)]
_DATE_FIELDS = ("verified_at", "submitted_at", "active_at", "rejected_at", "inactive_at")


def membership_to_row(m: Membership) -> dict:
    row = dict(vars(m))  # shallow; asdict deep-copies and is slow in bulk
    for name in _DATE_FIELDS:
        row[name] = row[name].isoformat() if row[name] else None
    return row


def membership_from_row(row: StoredRow) -> Membership:
    values = {name: row[name] for name in _FIELDS}
    for name in _DATE_FIELDS:
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    for name in ("card_number", "kelas_rawat", "faskes_code", "faskes_name", "rejected_reason"):
        values[name] = values[name] or ""
    values["tk_programs"] = values["tk_programs"] or ""
    values["jkk_risk_class"] = values["jkk_risk_class"] or None  # None: follow the OPD
    values["program"] = Program(values["program"])
    values["status"] = MembershipStatus(values["status"])
    return Membership(**values)


def list_memberships(store: Store, worker_id: int) -> list[Membership]:
    """The worker's own memberships first, then those of the family members."""
    rows = store.query(
        "SELECT * FROM memberships WHERE worker_id = ? "
        "ORDER BY family_member_id IS NOT NULL, family_member_id, program, id",
        (worker_id,),
    )
    return [membership_from_row(r) for r in rows]


def get_membership(store: Store, membership_id: int) -> Membership | None:
    rows = store.query("SELECT * FROM memberships WHERE id = ?", (membership_id,))
    return membership_from_row(rows[0]) if rows else None


def holder_of_card(store: Store, card_number: str) -> tuple[int, str] | None:
    """(membership id, holder's name) of the membership with this card number."""
    rows = store.query(
        "SELECT m.id, coalesce(f.name, w.name) FROM memberships m "
        "JOIN workers w ON w.id = m.worker_id "
        "LEFT JOIN family_members f ON f.id = m.family_member_id WHERE m.card_number = ?",
        (card_number,),
    )
    return tuple(rows[0]) if rows else None


def save_membership(store: Store, m: Membership, *, user: str, action: str = "") -> Membership:
    with store.transaction() as db:
        if m.id is None:
            row = membership_to_row(m)
            del row["id"]
            now = now_iso()
            row.update(created_at=now, created_by=user, updated_at=now, updated_by=user)
            m = replace(m, id=db.table("memberships").insert(row).last_pk)
            audit.record(
                db,
                user=user,
                action=action or "insert",
                entity="membership",
                entity_id=m.id,
                after=membership_to_row(m),
            )
            return m
        current = get_membership(store, m.id)
        if current is None:
            raise StaleRecord("Kepesertaan ini sudah dihapus orang lain. Buka lagi.")
        row = membership_to_row(m)
        row.update(updated_at=now_iso(), updated_by=user)
        db.table("memberships").update(m.id, row)
        db.execute("UPDATE memberships SET row_version = row_version + 1 WHERE id = ?", [m.id])
        audit.record(
            db,
            user=user,
            action=action or "update",
            entity="membership",
            entity_id=m.id,
            before=membership_to_row(current),
            after=membership_to_row(m),
        )
    return m


def iter_all_memberships(store: Store) -> Iterator[Membership]:
    for row in store.conn.execute("SELECT * FROM memberships ORDER BY worker_id, id"):
        yield membership_from_row(row)
