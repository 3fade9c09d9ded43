"""OPD records (the departments whose workers are registered)."""

from __future__ import annotations

from dataclasses import asdict

from kupang_desk.domain.entities import Opd
from kupang_desk.store import audit
from kupang_desk.store.db import Store


def save_opd(store: Store, opd: Opd, *, user: str) -> None:
    with store.transaction() as db:
        before = db["opd"].get(opd.code) if _exists(store, opd.code) else None
        db["opd"].upsert(asdict(opd), pk="code")
        audit.record(
            db,
            user=user,
            action="update" if before else "insert",
            entity="opd",
            entity_id=opd.code,
            before=before,
            after=asdict(opd),
        )


def _exists(store: Store, code: str) -> bool:
    return bool(store.query("SELECT 1 FROM opd WHERE code = ?", (code,)))


def list_opd(store: Store) -> list[Opd]:
    return [Opd(**dict(row)) for row in store.query("SELECT * FROM opd ORDER BY name")]


def get_opd(store: Store, code: str) -> Opd | None:
    rows = store.query("SELECT * FROM opd WHERE code = ?", (code,))
    return Opd(**dict(rows[0])) if rows else None
