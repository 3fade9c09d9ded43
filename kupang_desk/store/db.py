"""One SQLite file per office: opening it safely, migrating it, and transactions.

Writes go through `Store.transaction()` (BEGIN IMMEDIATE … COMMIT). sqlite-utils' own
write helpers nest inside it as savepoints, so one save or one import is all or nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from kupang_desk.store import lock
from kupang_desk.store.errors import DatabaseDamaged, DatabaseTooNew, translated
from kupang_desk.store.migrations import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"


class Store:
    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, lock_file: Path | None = None
    ) -> None:
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.path = path
        self._lock_file = lock_file

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One unit of work; nested calls join the outer transaction as savepoints."""
        with translated():
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with translated():
            return self.conn.execute(sql, params).fetchall()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()
        if self._lock_file is not None:
            lock.release(self._lock_file)
            self._lock_file = None


def looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    return header == _SQLITE_MAGIC or header == b""


def open_store(path: Path | str | None, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the database at `path`; ":memory:" or None for tests.

    A file that is not a database, or a database newer than this program, is refused
    without being touched. The file stays locked against other Kupang Desk processes until
    `close()` (DatabaseInUse).
    """
    file_path = None if path in (None, ":memory:") else Path(path)
    if file_path is not None:
        file_path.parent.mkdir(parents=True, exist_ok=True)
        if file_path.exists() and not looks_like_sqlite(file_path):
            raise DatabaseDamaged(
                f"Berkas {file_path.name} bukan basis data Kupang Desk atau sudah rusak. "
                "Berkas tidak diubah; buka cadangan terbaru."
            )
    lock_file = lock.acquire(file_path) if file_path is not None else None
    try:
        return _connect(file_path, lock_file, migrate)
    except BaseException:
        if lock_file is not None:
            lock.release(lock_file)
        raise


def _connect(file_path: Path | None, lock_file: Path | None, migrate: bool) -> Store:
    with translated():
        conn = sqlite3.connect(
            str(file_path) if file_path else ":memory:",
            isolation_level=None,
            timeout=5,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a save the clerk saw succeed survives a power cut too, not only a crash;
            # it costs one fsync per save (bench_trust: an audited update stays ~1 ms here).
            conn.execute("PRAGMA synchronous = FULL")
            store = Store(conn, file_path, lock_file)
            if store.schema_version > SCHEMA_VERSION:
                raise DatabaseTooNew(
                    f"Basis data ini dibuat oleh Kupang Desk yang lebih baru (skema "
                    f"{store.schema_version}, program ini skema {SCHEMA_VERSION}). "
                    "Perbarui aplikasi; berkas tidak diubah."
                )
            if migrate:
                migrate_store(store)
        except BaseException:
            conn.close()
            raise
    return store


def migrate_store(store: Store) -> None:
    for version in range(store.schema_version, SCHEMA_VERSION):
        with store.transaction() as db:
            MIGRATIONS[version](db)
            # PRAGMA does not take parameters; version is an int we control.
            store.conn.execute(f"PRAGMA user_version = {version + 1}")
