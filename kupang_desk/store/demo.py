"""Bulk insert of the demo roster: one transaction, one audit row for the whole fill."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from kupang_desk.domain.entities import Opd, Worker
from kupang_desk.store import audit
from kupang_desk.store.db import Store
from kupang_desk.store.workers import worker_to_row


def has_workers(store: Store) -> bool:
    return bool(store.query("SELECT 1 FROM workers LIMIT 1"))


def insert_demo(store: Store, opds: list[Opd], workers: Iterable[Worker], *, user: str) -> None:
    now = datetime.now().isoformat(timespec="seconds")
    with store.transaction() as db:
        db["opd"].upsert_all([asdict(o) for o in opds], pk="code")
        count = 0

        def rows():
            nonlocal count
            for worker in workers:
                row = worker_to_row(worker)
                del row["id"]
                row.update(
                    created_at=now, created_by=user, updated_at=now, updated_by=user, row_version=1
                )
                count += 1
                yield row

        db["workers"].insert_all(rows(), batch_size=1000)
        audit.record(
            db,
            user=user,
            action="demo",
            entity="database",
            entity_id="demo",
            after={"workers": count, "opd": len(opds)},
        )
