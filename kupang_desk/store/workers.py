"""Worker records: save with history, look up, and page through the roster in SQL."""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Iterator
from dataclasses import asdict, fields, replace
from datetime import date, datetime

from kupang_desk.domain.entities import Worker
from kupang_desk.domain.queries import WorkerListRow, WorkerQuery
from kupang_desk.store import audit
from kupang_desk.store.db import Store
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
}


def worker_to_row(worker: Worker) -> dict:
    row = asdict(worker)
    for name in _DATE_FIELDS:
        row[name] = row[name].isoformat() if row[name] else None
    row["priority"] = int(worker.priority)
    return row


def worker_from_row(row) -> Worker:
    values = {name: row[name] for name in _WORKER_FIELDS}
    for name in _DATE_FIELDS:
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    values["priority"] = bool(values["priority"])
    for name, value in values.items():
        if value is None and name not in _DATE_FIELDS and name != "id":
            values[name] = ""  # optional text columns may be NULL in older rows
    return Worker(**values)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def holder_of_nik(store: Store, nik: str) -> tuple[int, str, str] | None:
    """(worker id, worker name, OPD name) of whoever holds this NIK, if anyone."""
    rows = store.query(
        "SELECT w.id, w.name, o.name FROM workers w JOIN opd o ON o.code = w.opd_code "
        "WHERE w.nik = ?",
        (nik,),
    )
    return tuple(rows[0]) if rows else None


def insert_worker(store: Store, worker: Worker, *, user: str) -> Worker:
    with store.transaction() as db:
        holder = holder_of_nik(store, worker.nik)
        if holder:
            raise DuplicateNik(
                f"NIK {worker.nik} sudah terdaftar atas nama {holder[1]} di {holder[2]}."
            )
        saved = replace(worker, id=None, uuid=worker.uuid or str(uuid_lib.uuid4()), row_version=1)
        row = worker_to_row(saved)
        del row["id"]
        now = _now()
        row.update(created_at=now, created_by=user, updated_at=now, updated_by=user)
        new_id = db["workers"].insert(row).last_pk
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
    with store.transaction() as db:
        current = get_worker(store, worker.id)
        if current is None or current.row_version != worker.row_version:
            raise StaleRecord(
                "Data pegawai ini sudah diubah orang lain sejak dibuka. Tutup lalu buka lagi."
            )
        holder = holder_of_nik(store, worker.nik)
        if holder and holder[0] != worker.id:
            raise DuplicateNik(
                f"NIK {worker.nik} sudah terdaftar atas nama {holder[1]} di {holder[2]}."
            )
        saved = replace(worker, row_version=worker.row_version + 1)
        row = worker_to_row(saved)
        row.update(updated_at=_now(), updated_by=user)
        db["workers"].update(worker.id, row)
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
    clauses, params = [], []
    text = "".join(query.text.split()).upper()
    if text:
        if text.isdigit():
            clauses.append("w.nik LIKE ? || '%'")
            params.append(text)
        else:
            clauses.append("replace(w.name, ' ', '') LIKE '%' || ? || '%'")
            params.append(text)
    if query.opd_code:
        clauses.append("w.opd_code = ?")
        params.append(query.opd_code)
    if query.status:
        clauses.append("w.status = ?")
        params.append(query.status)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_workers(store: Store, query: WorkerQuery) -> dict[str, int]:
    """Totals for the status line: all, L, P."""
    where, params = _where(query)
    row = store.query(
        "SELECT count(*), coalesce(sum(w.sex = 'L'), 0), coalesce(sum(w.sex = 'P'), 0) "
        f"FROM workers w{where}",
        params,
    )[0]
    return {"total": row[0], "L": row[1], "P": row[2]}


def page_workers(store: Store, query: WorkerQuery, offset: int, limit: int) -> list[WorkerListRow]:
    where, params = _where(query)
    order = _SORT_SQL.get(query.sort, "w.name") + (" DESC" if query.descending else "")
    rows = store.query(
        "SELECT w.id, w.nik, w.name, w.birth_date, w.sex, coalesce(o.short_name, o.code), "
        f"w.jabatan, w.upah, w.status FROM workers w JOIN opd o ON o.code = w.opd_code{where} "
        f"ORDER BY {order}, w.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [WorkerListRow(*row) for row in rows]


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
