"""The store's errors the shells catch, re-exported so ui/ and cli/ never import store/.

They are defined in store/errors.py because only the store can tell them from bugs (it
reads SQLite's error codes); a shell needs only the classes and their Indonesian `str()`.
"""

from kupang_desk.store.errors import (
    CannotOpen,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseTooNew,
    DiskFull,
    DuplicateNik,
    ReadOnlyDatabase,
    StaleRecord,
    StoreError,
)

__all__ = [
    "CannotOpen",
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseTooNew",
    "DiskFull",
    "DuplicateNik",
    "ReadOnlyDatabase",
    "StaleRecord",
    "StoreError",
]
