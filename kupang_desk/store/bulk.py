"""Bulk writes for the roster import: one transaction per file, batched inserts.

The caller opens `import_transaction` once and feeds batches; a crash, a cancel or a full
disk anywhere before the end rolls the whole file back. One audit row describes the
import (updates of existing workers keep their own before/after rows).
"""

from __future__ import annotations

import contextlib
import operator
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from kupang_desk.domain.entities import Worker
from kupang_desk.store import audit
from kupang_desk.store.db import Store
from kupang_desk.store.errors import translated
from kupang_desk.store.workers import get_worker, update_worker

_COLUMNS = [f.name for f in fields(Worker) if f.name not in ("id", "uuid", "row_version")]
_values_of = operator.attrgetter(*_COLUMNS)
_DATE_INDEXES = [
    i for i, n in enumerate(_COLUMNS) if n in ("birth_date", "tmt", "end_date", "status_date")
]
_INSERT_SQL = (
    f"INSERT INTO workers ({', '.join(_COLUMNS)}, uuid, row_version, created_at, created_by, "
    f"updated_at, updated_by) VALUES ({', '.join('?' * (len(_COLUMNS) + 6))})"
)
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit on old builds


@dataclass(frozen=True)
class Holder:
    """Who already holds a NIK in the database."""

    worker_id: int
    name: str
    opd_code: str
    opd_name: str


IMPORT_CACHE_KIB = 128 * 1024


@contextlib.contextmanager
def import_transaction(store: Store) -> Iterator[None]:
    """The whole file in one transaction. A bigger page cache keeps the four worker indexes
    (random UUIDs above all) in memory instead of spilling pages to the WAL mid-import."""
    previous = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        with store.transaction():
            yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {int(previous)}")


def holders(store: Store, niks: Sequence[str]) -> dict[str, Holder]:
    found: dict[str, Holder] = {}
    with translated():
        for start in range(0, len(niks), _LOOKUP_CHUNK):
            chunk = niks[start : start + _LOOKUP_CHUNK]
            rows = store.conn.execute(
                "SELECT w.nik, w.id, w.name, w.opd_code, coalesce(o.name, w.opd_code) "
                "FROM workers w LEFT JOIN opd o ON o.code = w.opd_code "
                f"WHERE w.nik IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for nik, *rest in rows:
                found[nik] = Holder(*rest)
    return found


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text from one urandom call: uuid.uuid4() per row
    was half of the Python time of an insert batch."""
    hexes = os.urandom(16 * count).hex()
    return [
        f"{hexes[i : i + 8]}-{hexes[i + 8 : i + 12]}-4{hexes[i + 13 : i + 16]}-"
        f"{'89ab'[int(hexes[i + 16], 16) & 3]}{hexes[i + 17 : i + 20]}-{hexes[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _row(worker: Worker, new_uuid: str, stamp: tuple) -> tuple:
    # The type gate let through only date or None for dates; sqlite3 stores a bool as 0/1.
    values = list(_values_of(worker))
    for index in _DATE_INDEXES:
        if values[index] is not None:
            values[index] = values[index].isoformat()
    return (*values, worker.uuid or new_uuid, 1, *stamp)


def insert_workers(store: Store, workers: Sequence[Worker], *, user: str) -> None:
    """Insert a batch; call inside `import_transaction`."""
    now = datetime.now().isoformat(timespec="seconds")
    stamp = (now, user, now, user)
    rows = [_row(w, u, stamp) for w, u in zip(workers, new_uuids(len(workers)), strict=True)]
    with translated():
        store.conn.executemany(_INSERT_SQL, rows)


def stored_worker(store: Store, worker_id: int) -> Worker | None:
    return get_worker(store, worker_id)


def update_from_import(store: Store, worker: Worker, *, user: str) -> Worker:
    """Overwrite an existing worker (clerk chose "perbarui data yang ada"), with history."""
    return update_worker(store, worker, user=user, action="import-update")


def record_import(store: Store, *, user: str, summary: dict) -> None:
    with translated():
        audit.record(
            store.db,
            user=user,
            action="import",
            entity="import",
            entity_id=summary.get("file", ""),
            after=summary,
        )


def opd_lookup(store: Store) -> dict[str, str]:
    """Code, short name and full name (uppercase) -> OPD code, for an OPD column."""
    lookup: dict[str, str] = {}
    for code, short_name, name in store.query("SELECT code, short_name, name FROM opd"):
        for key in (name, short_name, code):
            if key:
                lookup[" ".join(key.upper().split())] = code
    return lookup
