"""Environment problems the user can act on, told apart from bugs (qutebrowser's sql.py).

The UI maps each class to one Indonesian sentence; anything else is a bug and is raised.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


class StoreError(Exception):
    """A known problem with the database file or its disk; `str()` is for the clerk."""


class DatabaseBusy(StoreError):
    pass


class DiskFull(StoreError):
    pass


class ReadOnlyDatabase(StoreError):
    pass


class DatabaseDamaged(StoreError):
    pass


class CannotOpen(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class StaleRecord(StoreError):
    """Someone saved the record after it was loaded (row_version moved on)."""


class DuplicateNik(StoreError):
    pass


_BY_CODE: dict[int, tuple[type[StoreError], str]] = {
    sqlite3.SQLITE_BUSY: (DatabaseBusy, "Basis data sedang dipakai program lain. Coba lagi."),
    sqlite3.SQLITE_LOCKED: (DatabaseBusy, "Basis data sedang dipakai program lain. Coba lagi."),
    sqlite3.SQLITE_FULL: (
        DiskFull,
        "Disk penuh: data tidak tersimpan. Kosongkan ruang disk lalu simpan lagi.",
    ),
    sqlite3.SQLITE_READONLY: (
        ReadOnlyDatabase,
        "Berkas basis data hanya-baca: data tidak tersimpan. Periksa izin folder.",
    ),
    sqlite3.SQLITE_IOERR: (DiskFull, "Gagal menulis ke disk: data tidak tersimpan. Periksa disk."),
    sqlite3.SQLITE_CORRUPT: (
        DatabaseDamaged,
        "Berkas basis data rusak. Jangan menimpa berkasnya; buka cadangan terbaru.",
    ),
    sqlite3.SQLITE_NOTADB: (
        DatabaseDamaged,
        "Berkas ini bukan basis data Kupang Desk atau sudah rusak. Buka cadangan terbaru.",
    ),
    sqlite3.SQLITE_CANTOPEN: (
        CannotOpen,
        "Berkas basis data tidak dapat dibuka. Periksa folder dan izinnya.",
    ),
}


def classify(exc: sqlite3.Error) -> StoreError | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    known = _BY_CODE.get(code & 0xFF)
    if known is None:
        return None
    cls, message = known
    return cls(message)


@contextlib.contextmanager
def translated() -> Iterator[None]:
    """Re-raise known SQLite environment errors as StoreError subclasses."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
        known = classify(exc)
        if known is None:
            raise
        raise known from exc


class DatabaseInUse(StoreError):
    """Another Kupang Desk (this PC or over the network) has the file open for writing."""
