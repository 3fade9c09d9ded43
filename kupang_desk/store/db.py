"""One SQLite file per office: opening it safely, migrating it, and transactions.

Writes go through `Store.transaction()` (BEGIN IMMEDIATE … COMMIT). sqlite-utils' own
write helpers nest inside it as savepoints, so one save or one import is all or nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import sqlite_utils

from kupang_desk.domain.double_entry import value_hash
from kupang_desk.store import location, lock
from kupang_desk.store.errors import (
    CannotOpen,
    DatabaseDamaged,
    DatabaseTooNew,
    StoreError,
    translated,
)
from kupang_desk.store.migrations import MIGRATIONS, SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"

# A record as the store reads it: a row of the database, or the same columns as a dict (a
# bundle's record, checked by store/bundle_checks before it is written).
StoredRow: TypeAlias = sqlite3.Row | Mapping[str, Any]


class Store:
    def __init__(
        self, conn: sqlite3.Connection, path: Path | None, lock_key: lock.Identity | None = None
    ) -> None:
        self.conn = conn
        # Double entry's counts compare confirmation hashes with current values in SQL.
        conn.create_function("key_hash", 2, value_hash, deterministic=True)
        self.db = sqlite_utils.Database(conn)
        self.path = path
        self._lock_key = lock_key

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

    def query(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[sqlite3.Row]:
        with translated():
            return self.conn.execute(sql, params).fetchall()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()
        if self._lock_key is not None:
            lock.release(self._lock_key)
            self._lock_key = None


def looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    return header == _SQLITE_MAGIC or header == b""


class NetworkShare(StoreError):
    """The file is on an SMB/NFS share or a network drive: refused for writing."""


def check_database_path(path: Path, *, create: bool) -> None:
    """Refuse, in words, a path that is not (or, with `create`, cannot become) a database.

    Only the GUI's first start, `init`, `demo`, `setup --from` and a restore onto a new PC
    may create one (`create=True`); every other job refuses a missing or empty file, so a
    typo in --db never makes folders and an empty database.
    """
    if path.is_dir():
        raise CannotOpen(
            f"{path} adalah folder, bukan berkas basis data. Sebutkan berkasnya, "
            f"mis. --db {path / 'kupang-desk.sqlite3'}"
        )
    if not path.exists():
        if not create:
            raise CannotOpen(
                f"Berkas basis data {path} tidak ada. Periksa ejaan jalurnya; basis data baru "
                "hanya dibuat oleh aplikasi saat pertama dibuka atau oleh "
                "'kupang-desk init'."
            )
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise CannotOpen(
                        f"{parent} adalah berkas, bukan folder: {path} tidak dapat dibuat."
                    )
                break
        return
    if not path.is_file():
        raise CannotOpen(f"{path} bukan berkas biasa; sebutkan berkas basis data Kupang Desk.")
    try:
        size = path.stat().st_size
        is_sqlite = looks_like_sqlite(path)
    except OSError as exc:
        raise CannotOpen(
            f"Berkas {path} tidak dapat dibaca ({exc.strerror or exc}). Periksa izinnya."
        ) from exc
    if size == 0 and not create:
        raise CannotOpen(
            f"Berkas {path} kosong (0 bita): bukan basis data Kupang Desk. Periksa jalurnya "
            "atau pulihkan dari cadangan."
        )
    if not is_sqlite:
        raise DatabaseDamaged(
            f"Berkas {path.name} bukan basis data Kupang Desk atau sudah rusak. "
            "Berkas tidak diubah; buka cadangan terbaru."
        )


def open_store(
    path: Path | str | None,
    *,
    migrate: bool = True,
    create: bool = True,
    read_only: bool = False,
) -> Store:
    """Open the database at `path`; ":memory:" or None for tests.

    `create`: whether a missing (or empty) file may become a new database; the CLI's jobs
    pass False. `read_only`: reports, exports, checks and backups — no writer's lock, so
    they run while the app has the file open; nothing can be written through it.

    A file that is not a database, or a database newer than this program, is refused
    without one byte changed. For writing, the file stays locked against other Kupang Desk
    processes until `close()` (DatabaseInUse), and a file on a network share is refused.
    """
    file_path = None if path in (None, ":memory:") else Path(path)
    if file_path is None:
        return _connect(None, None, migrate)
    if read_only:
        store = _open_read_only(file_path)
        if store is not None:
            return store
        create = False  # an older schema: migrate it first, through the writer's path
    if not lock.is_held(file_path):  # else this process has it open: already checked
        check_database_path(file_path, create=create)
        share = location.network_share(file_path)
        if share is not None:
            raise NetworkShare(location.refusal(file_path, share))
        if create:
            try:
                file_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CannotOpen(
                    f"Folder {file_path.parent} tidak dapat dibuat ({exc.strerror or exc})."
                ) from exc
    lock_key = lock.acquire(file_path)
    try:
        return _connect(file_path, lock_key, migrate)
    except BaseException:
        lock.release(lock_key)
        raise


def _too_new(version: int) -> DatabaseTooNew:
    return DatabaseTooNew(
        f"Basis data ini dibuat oleh Kupang Desk yang lebih baru (skema {version}, program "
        f"ini skema {SCHEMA_VERSION}). Perbarui aplikasi; berkas tidak diubah."
    )


def _open_read_only(file_path: Path) -> Store | None:
    """A query-only connection, or None when the schema is older (it must be migrated)."""
    held = lock.held_path(file_path)
    if held is None:  # (reading the header of a file this process holds drops its locks)
        check_database_path(file_path, create=False)
    with translated():
        conn = sqlite3.connect(
            f"{(held or file_path.resolve()).as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            timeout=5,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA query_only = 1")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise
    if version > SCHEMA_VERSION:
        conn.close()
        raise _too_new(version)
    if version < SCHEMA_VERSION:
        conn.close()
        return None
    return Store(conn, file_path)


def _connect(file_path: Path | None, lock_key: lock.Identity | None, migrate: bool) -> Store:
    with translated():
        # Another name of a file this process holds: the first name, so one WAL (lock.py).
        name = (lock.held_path(file_path) or file_path) if file_path else ":memory:"
        conn = sqlite3.connect(
            str(name),
            isolation_level=None,
            timeout=5,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        try:
            # Before any pragma that writes (journal_mode rewrites the header): a newer
            # file must leave this program exactly as it came.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _too_new(version)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a save the clerk saw succeed survives a power cut too, not only a crash;
            # it costs one fsync per save (bench_trust: an audited update stays ~1 ms here).
            conn.execute("PRAGMA synchronous = FULL")
            store = Store(conn, file_path, lock_key)
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
