"""Double entry's confirmations (issue 15 §1): stored per key field with the hash of the
value confirmed, read back with the current values so a changed field counts as unconfirmed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from kupang_desk.domain.double_entry import FAMILY_MEMBER, KEY_FIELDS, WORKER, HistoryRow
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store


def _current(alias: str, entity: str) -> str:
    """SQL for the current value of `k.field` of the record `alias`, as stored text."""
    cases = " ".join(
        f"WHEN '{name}' THEN coalesce({alias}.{name}, '')" for name in KEY_FIELDS[entity]
    )
    return f"CASE k.field {cases} END"


# A worker is confirmed when all its key fields are and no family member lacks one.
_MATCHED = f"""
WITH wk AS (
  SELECT k.entity_id AS id, count(*) AS n FROM key_confirmations k
  JOIN workers w ON w.id = k.entity_id
  WHERE k.entity = '{WORKER}' AND k.value_hash = key_hash(k.field, {_current("w", WORKER)})
  GROUP BY k.entity_id
), fk AS (
  SELECT f.worker_id AS worker_id, count(k.field) AS n FROM family_members f
  LEFT JOIN key_confirmations k ON k.entity = '{FAMILY_MEMBER}' AND k.entity_id = f.id
   AND k.value_hash = key_hash(k.field, {_current("f", FAMILY_MEMBER)})
  GROUP BY f.id
), open_family AS (SELECT DISTINCT worker_id FROM fk WHERE n < {len(KEY_FIELDS[FAMILY_MEMBER])})
"""
_DONE = (
    f"(coalesce(wk.n, 0) = {len(KEY_FIELDS[WORKER])} "
    "AND w.id NOT IN (SELECT worker_id FROM open_family))"
)


def confirmed_hashes(store: Store, entity: str, entity_id: int) -> dict[str, str]:
    rows = store.query(
        "SELECT field, value_hash FROM key_confirmations WHERE entity = ? AND entity_id = ?",
        (entity, entity_id),
    )
    return {r[0]: r[1] for r in rows}


def confirm(
    store: Store,
    entity: str,
    entity_id: int,
    hashes: dict[str, str],
    *,
    user: str,
    worker_id: int,
    decision: dict,
) -> None:
    """Store the confirmations and the decision's history row in one transaction. The row is
    the worker's, so the record's history tells who decided what."""
    at = now_iso()
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT OR REPLACE INTO key_confirmations (entity, entity_id, field, value_hash, "
            "confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(entity, entity_id, name, h, user, at) for name, h in hashes.items()],
        )
        record_decision(db, user=user, worker_id=worker_id, decision=decision)


def record_decision(
    db: sqlite_utils.Database, *, user: str, worker_id: int, decision: dict
) -> None:
    audit.record(
        db,
        user=user,
        action="double_entry",
        entity=WORKER,
        entity_id=worker_id,
        after=decision,
    )


def typing_history(store: Store, worker_id: int) -> list[HistoryRow]:
    """Every history row of the worker and of its current family members, oldest first."""
    rows = store.query(
        "SELECT user, action, entity, before_json, after_json FROM audit_log "
        "WHERE (entity = 'worker' AND entity_id = :w) OR (entity = 'family_member' AND "
        "entity_id IN (SELECT CAST(id AS TEXT) FROM family_members WHERE worker_id = :w)) "
        "ORDER BY id",
        {"w": str(worker_id)},
    )
    return [
        (
            r[0],
            r[1],
            r[2],
            json.loads(r[3]) if r[3] else None,
            json.loads(r[4]) if r[4] else None,
        )
        for r in rows
    ]


def is_confirmed(store: Store, worker_id: int) -> bool:
    rows = store.query(
        f"{_MATCHED} SELECT {_DONE} FROM workers w LEFT JOIN wk ON wk.id = w.id WHERE w.id = ?",
        (worker_id,),
    )
    return bool(rows and rows[0][0])


@dataclass(frozen=True)
class QueueEntry:
    worker_id: int
    name: str
    priority: bool


def queue(store: Store, opd_code: str | None) -> list[QueueEntry]:
    """Active workers of the OPD (all when None) not yet confirmed: priority first, then name."""
    rows = store.query(
        f"{_MATCHED} SELECT w.id, w.name, w.priority FROM workers w LEFT JOIN wk ON wk.id = w.id "
        f"WHERE w.status = 'aktif' AND (:opd IS NULL OR w.opd_code = :opd) AND NOT {_DONE} "
        "ORDER BY w.priority DESC, w.name, w.id",
        {"opd": opd_code},
    )
    return [QueueEntry(r[0], r[1], bool(r[2])) for r in rows]


def progress(store: Store, opd_code: str | None) -> dict[str, tuple[int, int]]:
    """Per OPD code: (active workers confirmed, active workers), one grouped query."""
    rows = store.query(
        f"{_MATCHED} SELECT w.opd_code, sum({_DONE}), count(*) FROM workers w "
        "LEFT JOIN wk ON wk.id = w.id WHERE w.status = 'aktif' "
        "AND (:opd IS NULL OR w.opd_code = :opd) GROUP BY w.opd_code ORDER BY w.opd_code",
        {"opd": opd_code},
    )
    return {r[0]: (r[1] or 0, r[2]) for r in rows}
