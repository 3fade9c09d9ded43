"""Bulk writes for the roster import: one transaction per file, batched inserts.

The caller opens `import_transaction` once and feeds batches; a crash, a cancel or a full
disk anywhere before the end rolls the whole file back. One audit row describes the
import (updates of existing workers keep their own before/after rows).
"""

from __future__ import annotations

import contextlib
import functools
import json
import operator
import os
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import date, datetime
from types import TracebackType

from kupang_desk.domain.entities import Worker
from kupang_desk.store import audit
from kupang_desk.store.db import Store
from kupang_desk.store.errors import StaleRecord, translated
from kupang_desk.store.workers import NikHolder, get_worker, update_worker

_COLUMNS = [f.name for f in fields(Worker) if f.name not in ("id", "uuid", "row_version")]
_GETTERS = [operator.attrgetter(name) for name in _COLUMNS]
_DATE_COLUMNS = {"birth_date", "tmt", "end_date", "status_date"}
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit on old builds


Holder = NikHolder  # who already holds a NIK: one shape for the form and the importer


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


def registered_niks(store: Store) -> set[str]:
    """Every NIK in the database, of workers and family members alike (one NIK, one
    person): only rows with one of these need a holder lookup."""
    with translated():
        return {
            nik
            for (nik,) in store.conn.execute(
                "SELECT nik FROM workers UNION SELECT nik FROM family_members WHERE nik != ''"
            )
        }


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
            family = [nik for nik in chunk if nik not in found]
            if not family:
                continue
            rows = store.conn.execute(
                "SELECT f.nik, w.id, f.name, w.opd_code, coalesce(o.name, w.opd_code), w.name "
                "FROM family_members f JOIN workers w ON w.id = f.worker_id "
                "LEFT JOIN opd o ON o.code = w.opd_code "
                f"WHERE f.nik IN ({', '.join('?' * len(family))})",
                family,
            ).fetchall()
            for nik, *rest in rows:
                found.setdefault(nik, Holder(*rest))
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


@functools.cache
def _insert_sql(varying: tuple[str, ...]) -> str:
    """The whole batch is ONE statement, so SQLite inserts it inside a single sqlite3_step with
    the GIL released (executemany re-takes the GIL for every row and would stall the thread
    that reads and checks the next rows). A column with one value in the whole batch is one
    parameter; the `varying` ones come per row from a JSON array of rows, uuid last.
    `->>` keeps the types: strings stay TEXT (NIKs too), integers INTEGER, null NULL, true 1."""
    position = {name: index for index, name in enumerate(varying)}
    picks = [f"value ->> {position[n]}" if n in position else f":{n}" for n in _COLUMNS]
    return (
        f"INSERT INTO workers ({', '.join(_COLUMNS)}, uuid, row_version, created_at, "
        f"created_by, updated_at, updated_by) SELECT {', '.join(picks)}, "
        f"value ->> {len(varying)}, 1, :_now, :_user, :_now, :_user FROM json_each(:_rows)"
    )


def _stored(name: str, value: object) -> object:
    # The type gate let through only date or None for dates.
    return value.isoformat() if name in _DATE_COLUMNS and isinstance(value, date) else value


def insert_workers(store: Store, workers: Sequence[Worker], *, user: str) -> None:
    """Insert a batch; call inside `import_transaction`. Column by column: the per-row Python
    work holds the GIL that the reading thread needs."""
    now = datetime.now().isoformat(timespec="seconds")
    params: dict = {"_now": now, "_user": user}
    varying: list[str] = []
    per_row: list[list] = []
    for name, getter in zip(_COLUMNS, _GETTERS, strict=True):
        values = list(map(getter, workers))
        first = values[0]
        # The type gate made every value of a column one type, so == cannot mix 1 and True.
        if values.count(first) == len(values):
            params[name] = _stored(name, first)
        else:
            varying.append(name)
            per_row.append([_stored(name, v) for v in values] if name in _DATE_COLUMNS else values)
    per_row.append([w.uuid or u for w, u in zip(workers, new_uuids(len(workers)), strict=True)])
    params["_rows"] = json.dumps(list(zip(*per_row, strict=True)), ensure_ascii=False)
    with translated():
        store.conn.execute(_insert_sql(tuple(varying)), params)


class BatchWriter:
    """Inserts the import's batches on a second thread while the caller reads and checks the
    next rows: the insert runs inside SQLite with the GIL released, so the two cores work at
    once. Only the writer touches the connection until `drain()` or the end of the `with`;
    the queue is short, so at most a few batches wait in memory. An error in the writer is
    raised again in the caller (same StoreError) at its next `submit`, `drain` or the end.
    """

    _END = None

    def __init__(self, store: Store, *, user: str) -> None:
        self._store = store
        self._user = user
        self._queue: queue.Queue[Sequence[Worker] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)

    def __enter__(self) -> BatchWriter:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # On a cancel or an error the writer finishes (or skips) what is queued and stops
        # before the caller rolls the transaction back; nothing else runs on the connection.
        if exc_type is not None:
            self._error = self._error or exc
        self._queue.put(self._END)
        self._thread.join()
        if exc_type is None:
            self._raise_error()

    def submit(self, workers: Sequence[Worker]) -> None:
        self._raise_error()
        self._queue.put(workers)

    def drain(self) -> None:
        """Wait until every submitted batch is in the database (before other statements)."""
        self._queue.join()
        self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            workers = self._queue.get()
            try:
                if workers is self._END:
                    return
                if self._error is None:  # after an error the rest is only taken off the queue
                    insert_workers(self._store, workers, user=self._user)
            except BaseException as exc:  # raised again in the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()


def card_holders(
    store: Store, cards: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(program, card number) -> (NIK, name) of whoever holds that card already."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    with translated():
        for program, card in cards:
            row = store.conn.execute(
                "SELECT coalesce(f.nik, w.nik), coalesce(f.name, w.name) FROM memberships m "
                "JOIN workers w ON w.id = m.worker_id "
                "LEFT JOIN family_members f ON f.id = m.family_member_id "
                "WHERE m.program = ? AND m.card_number = ? LIMIT 1",
                (program, card),
            ).fetchone()
            if row is not None:
                found[(program, card)] = (row[0], row[1])
    return found


def insert_card_memberships(
    store: Store, cards: Sequence[tuple[str, str, str]], *, user: str
) -> int:
    """A draft membership with the card number the file gave, for each (NIK, program, card)
    whose worker has no membership of that program yet; returns how many were added. The
    card is already the person's (PBI, mandiri or an earlier employer): the registration
    through this employer is still to be done."""
    now = datetime.now().isoformat(timespec="seconds")
    with translated():
        # rowcount, not total_changes: that counts the rows triggers change too
        # (worker_progress, store/progress.py).
        cursor = store.conn.executemany(
            "INSERT INTO memberships (worker_id, program, card_number, status, tk_programs, "
            "jkk_risk_class, row_version, created_at, created_by, updated_at, updated_by) "
            "SELECT w.id, :program, :card, 'draft', "
            "CASE :program WHEN 'ketenagakerjaan' THEN 'JKK,JKM' ELSE '' END, NULL, 1, "
            ":now, :user, :now, :user FROM workers w WHERE w.nik = :nik AND NOT EXISTS ("
            "SELECT 1 FROM memberships m WHERE m.worker_id = w.id "
            "AND m.family_member_id IS NULL AND m.program = :program)",
            [
                {"nik": nik, "program": program, "card": card, "now": now, "user": user}
                for nik, program, card in cards
            ],
        )
        return cursor.rowcount


def stored_worker(store: Store, worker_id: int) -> Worker:
    """The worker a NIK lookup of this import found (workers are never deleted)."""
    worker = get_worker(store, worker_id)
    if worker is None:
        raise StaleRecord(f"Pegawai nomor {worker_id} tidak ada lagi. Ulangi impor.")
    return worker


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
    """Code, short name and full name (uppercase) -> OPD code, for an OPD column.
    Active OPDs only: a deactivated one takes no imported workers."""
    lookup: dict[str, str] = {}
    rows = store.query("SELECT code, short_name, name FROM opd WHERE active = 1")
    for code, short_name, name in rows:
        for key in (name, short_name, code):
            if key:
                lookup[" ".join(key.upper().split())] = code
    return lookup
