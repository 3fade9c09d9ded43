"""One writer per database, keyed to the file itself, held for as long as it is open.

SQLite alone would let two Kupang Desk processes interleave an import and a demo fill
into one file; the lock makes the second one stop with a clear message instead. It is
keyed to the file's identity, not its name: a hard link, a symlink or another letter case
(Windows) reach the same lock. Within one process the lock is shared (tests and the CLI
may open the same file twice).

POSIX: flock() on the database file itself (independent of SQLite's fcntl byte locks, and
follows the inode whatever the name). Windows: msvcrt locks are mandatory, so a byte of
the database cannot be used; the lock is a side file named after the volume serial and
file index. Beside the database, `<name>.lock` tells who holds it ("komputer …, proses …").

Closing any descriptor of a file drops the process's fcntl locks on it (SQLite's too), so
the descriptor is closed only after the last connection of this process has closed.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kupang_desk.store.errors import DatabaseInUse, ReadOnlyDatabase

Identity = tuple[int, int]  # (st_dev, st_ino); on Windows (volume serial, file index)


@dataclass
class _Held:
    handle: IO[bytes]
    count: int
    path: Path  # the name the first opener used


_held: dict[Identity, _Held] = {}


def identity(path: Path) -> Identity:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def holder_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def windows_lock_path(db_path: Path, key: Identity) -> Path:
    return db_path.parent / f".kupang-desk-{key[0]:x}-{key[1]:x}.lock"


def held_path(db_path: Path) -> Path | None:
    """The name this process opened the file by, when it has it open for writing.

    SQLite keeps the WAL beside the name (`<name>-wal`): two names of one file in WAL mode
    would be two logs for one database, so every connection uses the first name.
    """
    try:
        entry = _held.get(identity(db_path))
    except OSError:
        return None
    return entry.path if entry else None


def is_held(db_path: Path) -> bool:
    """True when this process already has the file open for writing."""
    try:
        return identity(db_path) in _held
    except OSError:
        return False


def _read_only(folder: Path) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(
        f"Folder {folder} hanya-baca: basis data tidak dapat dibuka untuk diubah. "
        "Periksa izin folder, atau salin berkasnya ke folder lain."
    )


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":  # sys.platform, not os.name: mypy narrows on it
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def acquire(db_path: Path) -> Identity:
    """Lock the database file (created empty if missing: the caller decided it may be)."""
    db_path = db_path.resolve()
    if is_held(db_path):  # opening the file again here would drop SQLite's locks on close
        key = identity(db_path)
        _held[key].count += 1
        return key
    try:
        # Appending creates a missing file and never changes an existing one's bytes.
        handle = db_path.open("ab")
        stat = os.fstat(handle.fileno())
        key = stat.st_dev, stat.st_ino
        if os.name == "nt":
            handle.close()
            handle = windows_lock_path(db_path, key).open("ab")
    except OSError as exc:  # read-only folder or file system, network share gone
        raise _read_only(db_path.parent) from exc
    if not _try_lock(handle):
        handle.close()
        raise DatabaseInUse(
            f"Basis data {db_path.name} sedang dibuka oleh Kupang Desk lain"
            + _holder_text(db_path)
            + ". Tutup aplikasi yang lain itu dahulu; hanya satu yang boleh mengubah data."
        )
    _held[key] = _Held(handle, 1, db_path)
    _write_holder(db_path)
    return key


def _holder_text(db_path: Path) -> str:
    try:
        holder = holder_path(db_path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" ({holder})" if holder else ""


def _write_holder(db_path: Path) -> None:
    """Who holds it, for the other clerk's message; also proves the folder is writable
    (SQLite must create the -wal and -shm files there)."""
    try:
        holder_path(db_path).write_text(
            f"komputer {socket.gethostname()}, proses {os.getpid()}", encoding="utf-8"
        )
    except OSError as exc:
        release(identity(db_path))
        raise _read_only(db_path.parent) from exc


def release(key: Identity) -> None:
    entry = _held.get(key)
    if entry is None:
        return
    entry.count -= 1
    if entry.count == 0:
        del _held[key]
        entry.handle.close()  # closing the handle releases the OS lock
