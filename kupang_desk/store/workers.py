"""Worker records: save with history, look up, and page through the roster in SQL."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import date

from kupang_desk.domain.entities import Sex, Worker, WorkerStatus, enum_or_none
from kupang_desk.domain.queries import WorkerListRow, WorkerQuery
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store, StoredRow
from kupang_desk.store.errors import DuplicateNik, StaleRecord

_DATE_FIELDS = {"birth_date", "tmt", "end_date", "status_date"}
_WORKER_FIELDS = [f.name for f in fields(Worker)]
_SORT_SQL = {
    "nik": "w.nik",
    "name": "w.name",
    "birth_date": "w.birth_date",
    "sex": "w.sex",
    "opd": "o.short_name",
    "jabatan": "w.jabatan",
    "upah": "w.upah",
    "status": "w.status",
    "open_issues": "w.open_issues",
}


def worker_to_row(worker: Worker) -> dict:
    row = dict(vars(worker))  # shallow; asdict deep-copies and is slow in bulk
    for name in _DATE_FIELDS:
        row[name] = row[name].isoformat() if row[name] else None
    row["priority"] = int(worker.priority)
    return row


def worker_from_row(row: StoredRow) -> Worker:
    values = {name: row[name] for name in _WORKER_FIELDS}
    for name in _DATE_FIELDS:
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    values["priority"] = bool(values["priority"])
    for name, value in values.items():
        if value is None and name not in _DATE_FIELDS and name != "id":
            values[name] = ""  # optional text columns may be NULL in older rows
    values["sex"] = enum_or_none(Sex, values["sex"])
    # Blank: the column's default (a bundle's record may leave it out).
    values["status"] = WorkerStatus(values["status"] or WorkerStatus.AKTIF)
    return Worker(**values)


@dataclass(frozen=True)
class NikHolder:
    """Who already holds a NIK: a worker, or a family member (one NIK is one person)."""

    worker_id: int
    name: str
    opd_code: str
    opd_name: str
    family_of: str | None = None  # the worker's name when the holder is a family member
    member_id: int | None = None


def holder_of_nik(store: Store, nik: str, *, except_worker: int | None = None) -> NikHolder | None:
    """Whoever holds this NIK, a worker (other than `except_worker`) or a family member.

    The one NIK-uniqueness rule of the store: the form, the importer, inserts and updates
    and the merge all ask this (or its batch form in store/bulk.py).
    """
    rows = store.query(
        "SELECT w.id, w.name, w.opd_code, coalesce(o.name, w.opd_code), NULL, NULL "
        "FROM workers w LEFT JOIN opd o ON o.code = w.opd_code "
        "WHERE w.nik = :nik AND w.id IS NOT :except UNION ALL "
        "SELECT w.id, f.name, w.opd_code, coalesce(o.name, w.opd_code), w.name, f.id "
        "FROM family_members f JOIN workers w ON w.id = f.worker_id "
        "LEFT JOIN opd o ON o.code = w.opd_code WHERE f.nik = :nik LIMIT 1",
        {"nik": nik, "except": except_worker},
    )
    return NikHolder(*rows[0]) if rows else None


def _duplicate(nik: str) -> DuplicateNik:
    # Raised only when a save races another; the form's check named the holder (or OPD).
    return DuplicateNik(
        f"NIK {nik} sudah terdaftar untuk pegawai atau anggota keluarga lain. Periksa NIK di KTP."
    )


def insert_worker(store: Store, worker: Worker, *, user: str) -> Worker:
    with store.transaction() as db:
        if holder_of_nik(store, worker.nik):
            raise _duplicate(worker.nik)
        saved = replace(worker, id=None, uuid=worker.uuid or str(uuid_lib.uuid4()), row_version=1)
        row = worker_to_row(saved)
        del row["id"]
        now = now_iso()
        row.update(created_at=now, created_by=user, updated_at=now, updated_by=user)
        new_id = db.table("workers").insert(row).last_pk
        saved = replace(saved, id=new_id)
        audit.record(
            db,
            user=user,
            action="insert",
            entity="worker",
            entity_id=new_id,
            after=worker_to_row(saved),
        )
    return saved


def update_worker(store: Store, worker: Worker, *, user: str, action: str = "update") -> Worker:
    """Save changes; refused if someone else saved the record since it was loaded."""
    if worker.id is None:
        raise ValueError("update_worker needs a saved worker; insert_worker adds a new one")
    with store.transaction() as db:
        current = get_worker(store, worker.id)
        if current is None or current.row_version != worker.row_version:
            raise StaleRecord(
                "Data pegawai ini sudah diubah orang lain sejak dibuka. Tutup lalu buka lagi."
            )
        if holder_of_nik(store, worker.nik, except_worker=worker.id):
            raise _duplicate(worker.nik)
        saved = replace(worker, row_version=worker.row_version + 1)
        row = worker_to_row(saved)
        row.update(updated_at=now_iso(), updated_by=user)
        db.table("workers").update(worker.id, row)
        audit.record(
            db,
            user=user,
            action=action,
            entity="worker",
            entity_id=worker.id,
            before=worker_to_row(current),
            after=worker_to_row(saved),
        )
    return saved


def get_worker(store: Store, worker_id: int | None) -> Worker | None:
    rows = store.query("SELECT * FROM workers WHERE id = ?", (worker_id,))
    return worker_from_row(rows[0]) if rows else None


def _where(query: WorkerQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list[object] = []
    text = "".join(query.text.split()).upper()
    if text:
        if text.isdigit():
            # A range instead of LIKE so the unique index on nik answers it.
            clauses.append("w.nik >= ? AND w.nik < ?")
            params += [text, text + ":"]
        else:
            match = "replace({0}, ' ', '') LIKE '%' || ? || '%' ESCAPE '\\'"
            # Within one OPD the (opd_code, name) index answers; across all OPDs scanning
            # the narrow name index and fetching the few hits is twice as fast as the table.
            clauses.append(
                match.format("w.name")
                if query.opd_code
                else f"w.id IN (SELECT id FROM workers WHERE {match.format('name')})"
            )
            params.append(text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
    if query.opd_code:
        clauses.append("w.opd_code = ?")
        params.append(query.opd_code)
    if query.status:
        clauses.append("w.status = ?")
        params.append(query.status)
    if query.priority is not None:
        clauses.append("w.priority = ?")
        params.append(int(query.priority))
    if query.needs_fixing:
        clauses.append("w.open_issues > 0")
    if query.program or query.membership_status:
        sub = ["m.worker_id = w.id", "m.family_member_id IS NULL"]
        if query.program:
            sub.append("m.program = ?")
            params.append(query.program)
        if query.membership_status:
            sub.append("m.status = ?")
            params.append(query.membership_status)
        clauses.append(f"EXISTS (SELECT 1 FROM memberships m WHERE {' AND '.join(sub)})")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_workers(store: Store, query: WorkerQuery) -> dict[str, int]:
    """Totals for the status line: all, L, P, and how many need fixing."""
    where, params = _where(query)
    row = store.query(
        "SELECT count(*), coalesce(sum(w.sex = 'L'), 0), coalesce(sum(w.sex = 'P'), 0), "
        f"coalesce(sum(w.open_issues > 0), 0) FROM workers w{where}",
        params,
    )[0]
    return {"total": row[0], "L": row[1], "P": row[2], "needs_fixing": row[3]}


def page_workers(store: Store, query: WorkerQuery, offset: int, limit: int) -> list[WorkerListRow]:
    where, params = _where(query)
    order = _SORT_SQL.get(query.sort, "w.name") + (" DESC" if query.descending else "")
    if query.text or query.needs_fixing:
        # Few rows match: find them first, then sort. Unary + keeps SQLite from walking the
        # whole sort index instead (a no-op on the value).
        order = "+" + order
    rows = store.query(
        "SELECT w.id, w.nik, w.name, w.birth_date, w.sex, coalesce(o.short_name, o.code), "
        "w.jabatan, w.upah, w.status, w.open_issues, w.priority "
        f"FROM workers w JOIN opd o ON o.code = w.opd_code{where} "
        f"ORDER BY {order}, w.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [
        WorkerListRow(
            row[0], row[1], row[2], row[3], Sex(row[4]), row[5], row[6], row[7],
            WorkerStatus(row[8]), row[9], bool(row[10]),
        )
        for row in rows
    ]  # fmt: skip


def look_alikes(
    store: Store, name: str, birth_date: date | None, nik: str, worker_id: int | None = None
) -> list[tuple[str, str]]:
    """(NIK, OPD name) of other workers with the same name and birth date but another NIK."""
    if not name or birth_date is None:
        return []
    rows = store.query(
        "SELECT w.nik, o.name FROM workers w JOIN opd o ON o.code = w.opd_code "
        "WHERE w.name = ? AND w.birth_date = ? AND w.nik != ? AND w.id IS NOT ? ORDER BY w.id",
        (name, birth_date.isoformat(), nik, worker_id),
    )
    return [tuple(r) for r in rows]


def set_open_issues(store: Store, counts: dict[int, int], *, user: str) -> int:
    """Store re-checked open-issue counts (a cache for the list; no history). Returns changes."""
    changed = 0
    with store.transaction() as db:
        for worker_id, count in counts.items():
            cursor = db.execute(
                "UPDATE workers SET open_issues = ? WHERE id = ? AND open_issues != ?",
                [count, worker_id, count],
            )
            changed += cursor.rowcount
        if changed:
            audit.record(
                db,
                user=user,
                action="recheck",
                entity="database",
                entity_id="open_issues",
                after={"workers_changed": changed},
            )
    return changed


def iter_workers(store: Store, opd_code: str | None = None) -> Iterator[Worker]:
    """Every worker (of one OPD) in name order, streamed for reports and exports."""
    sql = "SELECT * FROM workers"
    params: tuple = ()
    if opd_code:
        sql += " WHERE opd_code = ?"
        params = (opd_code,)
    cursor = store.conn.execute(sql + " ORDER BY name, id", params)
    for row in cursor:
        yield worker_from_row(row)


def iter_workers_by_id(store: Store, opd_code: str | None = None) -> Iterator[Worker]:
    """Every worker (of one OPD) in id order, to walk beside their families in a check."""
    sql = "SELECT * FROM workers"
    params: tuple[str, ...] = ()
    if opd_code:
        sql, params = sql + " WHERE opd_code = ?", (opd_code,)
    for row in store.conn.execute(sql + " ORDER BY id", params):
        yield worker_from_row(row)


def likely_duplicates(store: Store) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(name, ISO birth date) -> [(NIK, OPD name)] where one person seems to have two NIKs."""
    rows = store.query(
        "SELECT w.name, w.birth_date, w.nik, o.name FROM workers w "
        "JOIN opd o ON o.code = w.opd_code JOIN (SELECT name, birth_date FROM workers "
        "GROUP BY name, birth_date HAVING count(*) > 1) d "
        "ON d.name = w.name AND d.birth_date = w.birth_date ORDER BY w.id"
    )
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for name, birth_date, nik, opd_name in rows:
        groups.setdefault((name, birth_date), []).append((nik, opd_name))
    return groups
