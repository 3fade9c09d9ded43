"""OPD records (the departments whose workers are registered). Never deleted: an OPD that
is no longer used is deactivated and keeps its workers and history."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

from kupang_desk.domain.entities import Opd
from kupang_desk.store import audit
from kupang_desk.store.db import Store


def _row(opd: Opd) -> dict:
    return {**asdict(opd), "active": int(opd.active)}


def _opd(row: sqlite3.Row) -> Opd:
    values = dict(row)
    values["active"] = bool(values["active"])
    return Opd(**values)


def save_opd(store: Store, opd: Opd, *, user: str) -> None:
    """Insert or update one OPD (the code is the key: a rename keeps code and history)."""
    with store.transaction() as db:
        before = get_opd(store, opd.code)
        db.table("opd").upsert(_row(opd), pk="code")
        audit.record(
            db,
            user=user,
            action="update" if before else "insert",
            entity="opd",
            entity_id=opd.code,
            before=_row(before) if before else None,
            after=_row(opd),
        )


def save_many(store: Store, opds: list[Opd], *, user: str) -> None:
    """An import: every OPD or none."""
    with store.transaction():
        for opd in opds:
            save_opd(store, opd, user=user)


def list_opd(store: Store, *, active_only: bool = False) -> list[Opd]:
    where = " WHERE active = 1" if active_only else ""
    return [_opd(row) for row in store.query(f"SELECT * FROM opd{where} ORDER BY name")]


def get_opd(store: Store, code: str) -> Opd | None:
    rows = store.query("SELECT * FROM opd WHERE code = ?", (code,))
    return _opd(rows[0]) if rows else None


def worker_count(store: Store, code: str) -> int:
    return store.query("SELECT COUNT(*) FROM workers WHERE opd_code = ?", (code,))[0][0]
