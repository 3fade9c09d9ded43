"""Append-only history, each row chained to the previous one by a SHA-256 hash.

Written in the same transaction as the change it describes. Editing or deleting any row
breaks the chain at that row, which `verify_chain` reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

GENESIS = "0" * 64


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _row_hash(prev_hash: str, row: dict) -> str:
    payload = _canonical(
        [
            row["id"],
            row["at"],
            row["user"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["before_json"],
            row["after_json"],
        ]
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def record(
    db: sqlite_utils.Database,
    *,
    user: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Append one audit row; call inside the transaction that makes the change."""
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = last[1] if last else GENESIS
    row = {
        "id": (last[0] + 1) if last else 1,
        "at": datetime.now().isoformat(timespec="seconds"),
        "user": user,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before_json": _canonical(before) if before is not None else None,
        "after_json": _canonical(after) if after is not None else None,
    }
    row["prev_hash"] = prev_hash
    row["hash"] = _row_hash(prev_hash, row)
    db.execute(
        "INSERT INTO audit_log (id, at, user, action, entity, entity_id, before_json, "
        "after_json, prev_hash, hash) VALUES (:id, :at, :user, :action, :entity, :entity_id, "
        ":before_json, :after_json, :prev_hash, :hash)",
        row,
    )


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    reason: str


def verify_chain(db: sqlite_utils.Database) -> ChainBreak | None:
    """The first audit row whose hash or link does not match, or None if intact."""
    prev_hash = GENESIS
    expected_id = 1
    cursor = db.execute(
        "SELECT id, at, user, action, entity, entity_id, before_json, after_json, prev_hash, hash "
        "FROM audit_log ORDER BY id"
    )
    columns = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(columns, values, strict=True))
        if row["id"] != expected_id:
            return ChainBreak(expected_id, f"baris riwayat {expected_id} hilang")
        if row["prev_hash"] != prev_hash:
            return ChainBreak(
                row["id"], f"baris riwayat {row['id']} tidak tersambung ke baris sebelumnya"
            )
        if _row_hash(prev_hash, row) != row["hash"]:
            return ChainBreak(row["id"], f"isi baris riwayat {row['id']} telah diubah")
        prev_hash = row["hash"]
        expected_id += 1
    return None
