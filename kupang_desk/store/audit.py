"""Append-only history, each row chained to the previous one by a SHA-256 hash.

Written in the same transaction as the change it describes. Editing or deleting any row
breaks the chain at that row, which `verify_chain` reports. The chain's head (last id and
hash) is also kept in `audit_head`, updated in the same transaction, so deleting the newest
rows is noticed too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from kupang_desk.store.clock import now_iso

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
    last = head(db)
    prev_hash = last[1] if last else GENESIS
    row = {
        "id": (last[0] + 1) if last else 1,
        "at": now_iso(),
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
    if _has_head_table(db):
        db.execute(
            "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
            (row["id"], row["hash"]),
        )


def _has_head_table(db: sqlite_utils.Database) -> bool:
    # Asked twice per history row (a 10k-worker merge writes 81k of them: 1.8 s); once the
    # table exists on this connection it stays (a table dropped behind our back then makes
    # the next write fail loudly instead of skipping the head).
    if getattr(db, "_kd_has_audit_head", False):
        return True
    found = bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_head'"
        ).fetchone()
    )
    if found:
        db._kd_has_audit_head = True  # type: ignore[attr-defined]  # a memo on the handle
    return found


def head(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """(id, hash) of the newest audit row as the chain knows it, or None when empty."""
    if _has_head_table(db):
        stored = db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
        if stored is not None:
            return (stored[0], stored[1]) if stored[0] else None
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (last[0], last[1]) if last else None


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
    if not _has_head_table(db):
        return None
    stored = db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    if stored is None:
        return ChainBreak(expected_id, "penanda ujung riwayat (audit_head) dihapus")
    if stored[0] >= expected_id:
        return ChainBreak(expected_id, f"baris riwayat {expected_id} sampai {stored[0]} hilang")
    if stored[0] != expected_id - 1 or stored[1] != prev_hash:
        return ChainBreak(
            expected_id - 1, f"baris riwayat {expected_id - 1} tidak sama dengan ujung riwayat"
        )
    return None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    before: dict | None
    after: dict | None


def _entries(cursor: Iterable[sqlite3.Row]) -> list[AuditEntry]:
    return [
        AuditEntry(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            json.loads(r[6]) if r[6] else None,
            json.loads(r[7]) if r[7] else None,
        )
        for r in cursor
    ]


_SELECT = "SELECT id, at, user, action, entity, entity_id, before_json, after_json FROM audit_log"


def history(db: sqlite_utils.Database, entity: str, entity_id: object) -> list[AuditEntry]:
    """Every change of one record, oldest first."""
    return _entries(
        db.execute(
            f"{_SELECT} WHERE entity = ? AND entity_id = ? ORDER BY id", (entity, str(entity_id))
        )
    )


def search(
    db: sqlite_utils.Database, text: str = "", *, limit: int = 200, offset: int = 0
) -> list[AuditEntry]:
    """Newest first; `text` matches user, action, entity, id or the changed values."""
    if not text.strip():
        cursor = db.execute(f"{_SELECT} ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))
    else:
        like = f"%{text.strip()}%"
        cursor = db.execute(
            f"{_SELECT} WHERE user LIKE :t OR action LIKE :t OR entity LIKE :t "
            "OR entity_id LIKE :t OR before_json LIKE :t OR after_json LIKE :t "
            "ORDER BY id DESC LIMIT :limit OFFSET :offset",
            {"t": like, "limit": limit, "offset": offset},
        )
    return _entries(cursor)


def chain_links(db: sqlite_utils.Database) -> list[list]:
    """[id, prev_hash, hash] of every row: the chain's skeleton, carried by bundles so the
    centre can check an office's whole history without receiving every row's content."""
    return [list(r) for r in db.execute("SELECT id, prev_hash, hash FROM audit_log ORDER BY id")]


def verify_received_chain(
    links: list, rows: list[dict], head: dict, known: tuple[int, str | None]
) -> str | None:
    """At the centre: what is wrong with an office's chain, in words, or None.

    `links` must be one unbroken chain ending at `head`; each full row received must hash to
    its link; and the head the centre recorded from that office before (`known`: id, hash)
    must still be in it, unchanged: a local admin who rewrote or cut history that was
    already merged is found out.
    """
    if not isinstance(links, list) or not isinstance(head, dict):
        return "riwayat tidak terbaca"
    prev_hash = GENESIS
    by_id: dict[int, str] = {}
    for expected, link in enumerate(links, start=1):
        if not isinstance(link, list) or len(link) != 3 or link[0] != expected:
            return f"baris riwayat {expected} hilang"
        if link[1] != prev_hash:
            return f"baris riwayat {expected} tidak tersambung ke baris sebelumnya"
        prev_hash = link[2]
        by_id[expected] = link[2]
    last = len(links)
    if (head.get("last_id") or 0) != last or (last and head.get("last_hash") != prev_hash):
        return "ujung riwayat tidak sama dengan isi kiriman"
    for row in rows:
        try:
            link = links[row["id"] - 1] if 0 < row["id"] <= last else None
            intact = link is not None and link[2] == row["hash"] == _row_hash(link[1], row)
        except (KeyError, TypeError):
            return "baris riwayat tidak terbaca"
        if not intact:
            return f"isi baris riwayat {row.get('id')} telah diubah"
    known_id, known_hash = known
    if known_id and known_hash:
        if known_id > last:
            return (
                f"riwayat lebih pendek dari kiriman yang sudah digabungkan (sampai baris "
                f"{known_id}, sekarang {last})"
            )
        if by_id[known_id] != known_hash:
            return f"riwayat berbeda dari kiriman yang sudah digabungkan (baris {known_id})"
    return None


def changed_without_history(db: sqlite_utils.Database, derived: frozenset[str]) -> list[dict]:
    """Workers whose stored values differ from the after-state of their last own history
    row (someone wrote to the file without the app). Columns in `derived` (recomputed by
    checks) and workers with no row of their own (bulk imports write one row per file) are
    not compared."""
    cursor = db.execute(
        "SELECT w.*, a.after_json AS _after, a.id AS _audit_id FROM workers w JOIN "
        "(SELECT entity_id, max(id) AS last FROM audit_log WHERE entity = 'worker' "
        "GROUP BY entity_id) l ON l.entity_id = CAST(w.id AS TEXT) "
        "JOIN audit_log a ON a.id = l.last WHERE a.after_json IS NOT NULL"
    )
    columns = [d[0] for d in cursor.description]
    found = []
    for values in cursor:
        row = dict(zip(columns, values, strict=True))
        try:
            after = json.loads(row.pop("_after"))
        except ValueError:
            continue
        audit_id = row.pop("_audit_id")
        differing = [
            k
            for k, v in after.items()
            if k in row and k not in derived and _comparable(row[k]) != _comparable(v)
        ]
        if differing:
            found.append({**row, "fields": differing, "audit_id": audit_id})
    return found


def _comparable(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value
