"""Bulk insert of the demo roster: one transaction, one audit row for the whole fill.

Plain executemany over prepared rows: 100,000 workers with families and memberships
must load in seconds (sqlite-utils' insert_all costs several times more per row).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import sqlite_utils

from kupang_desk.domain.entities import FamilyMember, Membership, Worker
from kupang_desk.store import audit, progress
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store
from kupang_desk.store.family import member_to_row
from kupang_desk.store.memberships import membership_to_row
from kupang_desk.store.workers import worker_to_row

DemoRecord = tuple[Worker, list[FamilyMember], list[Membership]]
_BATCH = 5000


def has_workers(store: Store) -> bool:
    return bool(store.query("SELECT 1 FROM workers LIMIT 1"))


def _insert_many(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])  # every row is built the same way, so keys share one order
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    # Positional parameters bind about twice as fast as named ones.
    db.conn.executemany(sql, [tuple(row.values()) for row in rows])


def insert_demo(store: Store, records: Iterable[DemoRecord], *, user: str) -> int:
    """Insert (worker, family, memberships) records whose ids are already assigned."""
    now = now_iso()
    stamp = {"created_at": now, "created_by": user, "updated_at": now, "updated_by": user}
    totals = {"workers": 0, "family_members": 0, "memberships": 0}
    with store.transaction() as db:
        # Into empty tables, building each index once at the end beats updating it per row;
        # the unique ones (NIK, uuid) still refuse duplicates when rebuilt.
        indexes = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('workers', 'family_members', 'memberships')"
        ).fetchall()
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        progress.drop_triggers(db.conn)  # their look-ups need the indexes just dropped
        records = iter(records)
        while batch := list(islice(records, _BATCH)):
            workers, members, memberships = [], [], []
            for worker, family, cards in batch:
                workers.append({**worker_to_row(worker), **stamp, "row_version": 1})
                members += [{**member_to_row(m), **stamp, "row_version": 1} for m in family]
                memberships += [{**membership_to_row(m), **stamp, "row_version": 1} for m in cards]
            _insert_many(db, "workers", workers)
            _insert_many(db, "family_members", members)
            _insert_many(db, "memberships", memberships)
            totals["workers"] += len(workers)
            totals["family_members"] += len(members)
            totals["memberships"] += len(memberships)
        for _, sql in indexes:
            db.execute(sql)
        progress.install(db.conn)
        audit.record(
            db,
            user=user,
            action="demo",
            entity="database",
            entity_id="demo",
            after=totals,
        )
    store.conn.execute("ANALYZE")  # index statistics, so searches pick selective indexes
    return totals["workers"]
