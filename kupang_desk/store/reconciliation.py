"""The SQL side of reconciliation: who could be on a BPJS list, and storing card numbers.

A matched person's membership for the program gets the card number and becomes active
(created if the person had none yet), audited, all in one transaction. Only what changes
is written, so reconciling the same list twice writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kupang_desk.domain.entities import MembershipStatus, Relation, enum_or_none
from kupang_desk.domain.reconciliation import Person
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store
from kupang_desk.store.errors import StoreError


class CardNumberHeld(StoreError):
    """The card number is already stored for someone else in the same program."""


_WORKERS_SQL = """
SELECT 'worker' AS kind, w.id AS worker_id, NULL AS family_member_id, w.nik, w.name,
       w.birth_date, w.opd_code, w.status = 'aktif' AS worker_active, '' AS relation,
       m.card_number, m.status AS membership_status
FROM workers w
LEFT JOIN memberships m
       ON m.worker_id = w.id AND m.family_member_id IS NULL AND m.program = :program
"""
_FAMILY_SQL = """
SELECT 'family_member', w.id, f.id, f.nik, f.name, f.birth_date, w.opd_code,
       w.status = 'aktif', f.relation, m.card_number, m.status
FROM family_members f
JOIN workers w ON w.id = f.worker_id
LEFT JOIN memberships m ON m.family_member_id = f.id AND m.program = :program
WHERE NOT f.ppu_sendiri
"""


def persons(store: Store, program: str, *, with_family: bool) -> list[Person]:
    """Every worker (and, for BPJS Kesehatan, family member) with their card for `program`."""
    sql = _WORKERS_SQL + (" UNION ALL " + _FAMILY_SQL if with_family else "")
    return [
        Person(
            kind=row["kind"],
            worker_id=row["worker_id"],
            family_member_id=row["family_member_id"],
            nik=row["nik"] or "",
            name=row["name"] or "",
            birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
            opd_code=row["opd_code"],
            worker_active=bool(row["worker_active"]),
            relation=enum_or_none(Relation, row["relation"]),
            card_number=row["card_number"] or "",
            membership_status=enum_or_none(MembershipStatus, row["membership_status"]),
        )
        for row in store.query(sql, {"program": program})
    ]


@dataclass(frozen=True)
class CardToStore:
    worker_id: int
    family_member_id: int | None
    card_number: str


def store_cards(
    store: Store, program: str, cards: Iterable[CardToStore], *, user: str, on: date, source: str
) -> int:
    """Card number + status active on each person's membership; returns how many changed."""
    now = now_iso()
    changed = 0
    with store.transaction() as db:
        for card in cards:
            rows = store.query(
                "SELECT * FROM memberships WHERE worker_id = ? AND family_member_id IS ? "
                "AND program = ?",
                (card.worker_id, card.family_member_id, program),
            )
            before = dict(rows[0]) if rows else None
            holder = store.query(
                "SELECT coalesce(f.name, w.name), coalesce(f.nik, w.nik) FROM memberships m "
                "JOIN workers w ON w.id = m.worker_id "
                "LEFT JOIN family_members f ON f.id = m.family_member_id "
                "WHERE m.program = ? AND m.card_number = ? AND m.id IS NOT ?",
                (program, card.card_number, before["id"] if before else None),
            )
            if holder:
                raise CardNumberHeld(
                    f"Nomor kartu {card.card_number} sudah tercatat untuk {holder[0][0]} "
                    f"({holder[0][1]}). Tidak ada nomor kartu yang disimpan."
                )
            if (
                before
                and before["card_number"] == card.card_number
                and before["status"] == MembershipStatus.ACTIVE
            ):
                continue
            values = {
                "card_number": card.card_number,
                "status": MembershipStatus.ACTIVE,
                "active_at": (before or {}).get("active_at") or on.isoformat(),
                "updated_at": now,
                "updated_by": user,
            }
            if before is None:
                values.update(
                    worker_id=card.worker_id,
                    family_member_id=card.family_member_id,
                    program=program,
                    created_at=now,
                    created_by=user,
                    row_version=1,
                )
                membership_id = db.table("memberships").insert(values).last_pk
            else:
                membership_id = before["id"]
                values["row_version"] = before["row_version"] + 1
                db.table("memberships").update(membership_id, values)
            after = dict(store.query("SELECT * FROM memberships WHERE id = ?", (membership_id,))[0])
            audit.record(
                db,
                user=user,
                action="reconcile",
                entity="membership",
                entity_id=membership_id,
                before=before,
                after={**after, "sumber": source},
            )
            changed += 1
    return changed
