"""Scans kept in the database (table `documents`); history records metadata, never bytes."""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass

import sqlite_utils

from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store

_META = "id, uuid, worker_id, family_member_id, kind, mime, size, added_by, added_at"


@dataclass(frozen=True)
class DocumentInfo:
    """What lists and history show of a scan: everything but its bytes."""

    id: int
    uuid: str
    worker_id: int
    family_member_id: int | None
    kind: str
    mime: str
    size: int
    added_by: str
    added_at: str

    def audit_view(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "id"}


def _info(row: object) -> DocumentInfo:
    return DocumentInfo(*row)  # type: ignore[misc]  # a row in _META's column order


def add_document(
    store: Store,
    *,
    worker_id: int,
    family_member_id: int | None,
    kind: str,
    mime: str,
    data: bytes,
    user: str,
    added_by: str = "",
    uuid: str = "",
    added_at: str = "",
) -> DocumentInfo:
    """Insert one scan and its history row (metadata only) in one transaction; `added_by`
    differs from `user` for a scan merged from an office's bundle."""
    row = {
        "uuid": uuid or str(uuid_lib.uuid4()),
        "worker_id": worker_id,
        "family_member_id": family_member_id,
        "kind": kind,
        "mime": mime,
        "bytes": data,
        "size": len(data),
        "added_by": added_by or user,
        "added_at": added_at or now_iso(),
    }
    with store.transaction() as tx:
        cursor = tx.execute(
            "INSERT INTO documents (uuid, worker_id, family_member_id, kind, mime, bytes, size, "
            "added_by, added_at) VALUES (:uuid, :worker_id, :family_member_id, :kind, :mime, "
            ":bytes, :size, :added_by, :added_at)",
            row,
        )
        info = get_info(store, int(cursor.lastrowid or 0))
        assert info is not None
        audit.record(
            tx,
            user=user,
            action="insert",
            entity="document",
            entity_id=info.id,
            after=info.audit_view(),
        )
    return info


def get_info(store: Store, document_id: int) -> DocumentInfo | None:
    rows = store.query(f"SELECT {_META} FROM documents WHERE id = ?", (document_id,))
    return _info(rows[0]) if rows else None


def get_bytes(store: Store, document_id: int) -> bytes | None:
    rows = store.query("SELECT bytes FROM documents WHERE id = ?", (document_id,))
    return bytes(rows[0][0]) if rows else None


def list_documents(store: Store, worker_id: int) -> list[DocumentInfo]:
    """A worker's scans and their family's, the worker's first, oldest first."""
    rows = store.query(
        f"SELECT {_META} FROM documents WHERE worker_id = ? "
        "ORDER BY family_member_id IS NOT NULL, family_member_id, id",
        (worker_id,),
    )
    return [_info(r) for r in rows]


def remove_document(store: Store, document_id: int, *, user: str) -> None:
    with store.transaction() as db:
        remove_in(db, store, "id = ?", document_id, user=user)


def remove_in(
    db: sqlite_utils.Database, store: Store, where: str, value: int, *, user: str
) -> None:
    """Delete the scans matching `where` inside the caller's transaction, each audited."""
    for row in store.query(f"SELECT {_META} FROM documents WHERE {where}", (value,)):
        info = _info(row)
        db.execute("DELETE FROM documents WHERE id = ?", (info.id,))
        audit.record(
            db,
            user=user,
            action="delete",
            entity="document",
            entity_id=info.id,
            before=info.audit_view(),
        )


def uuids(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT uuid FROM documents")}
