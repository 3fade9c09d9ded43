"""Read-only queries behind the BPJS upload files: workers with their families and cards.

Streams workers in chunks and fetches the families and memberships of one chunk at a time,
so an export of 100,000 workers never holds the whole roster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kupang_desk.domain.entities import Worker
from kupang_desk.store.db import Store
from kupang_desk.store.errors import translated
from kupang_desk.store.workers import iter_workers

_CHUNK = 500


@dataclass
class Participant:
    """One worker, the worker's memberships by program and the family (row dicts)."""

    worker: Worker
    memberships: dict[str, dict] = field(default_factory=dict)
    family: list[dict] = field(default_factory=list)  # each with its "memberships" dict


def _rows(store: Store, sql: str, ids: list[int]) -> list[dict]:
    marks = ", ".join("?" * len(ids))
    with translated():
        return [dict(r) for r in store.conn.execute(sql.format(marks=marks), ids).fetchall()]


def _attach(store: Store, chunk: list[Worker]) -> list[Participant]:
    ids = [w.saved_id for w in chunk]
    family = defaultdict(list)
    for row in _rows(
        store,
        # A spouse who is a PPU member through their own employer is not on this list.
        "SELECT * FROM family_members WHERE worker_id IN ({marks}) AND NOT ppu_sendiri "
        "ORDER BY worker_id, id",
        ids,
    ):
        row["memberships"] = {}
        family[row["worker_id"]].append(row)
    by_member = {m["id"]: m for members in family.values() for m in members}
    own: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in _rows(
        store, "SELECT * FROM memberships WHERE worker_id IN ({marks}) ORDER BY id", ids
    ):
        if row["family_member_id"] is None:
            own[row["worker_id"]][row["program"]] = row
        elif row["family_member_id"] in by_member:
            by_member[row["family_member_id"]]["memberships"][row["program"]] = row
    return [Participant(w, own.get(w.saved_id, {}), family.get(w.saved_id, [])) for w in chunk]


def iter_participants(store: Store, opd_code: str | None) -> Iterator[Participant]:
    chunk: list[Worker] = []
    for worker in iter_workers(store, opd_code):
        chunk.append(worker)
        if len(chunk) >= _CHUNK:
            yield from _attach(store, chunk)
            chunk = []
    if chunk:
        yield from _attach(store, chunk)
