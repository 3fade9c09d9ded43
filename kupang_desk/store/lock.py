"""One writer per database: a lock file next to it, held for as long as it is open.

SQLite alone would let two Kupang Desk windows on two PCs interleave their saves into one
file on a shared folder; the lock makes the second one stop with a clear message instead.
Within one process the lock is shared (tests and the CLI may open the same file twice).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from kupang_desk.store.errors import DatabaseInUse, ReadOnlyDatabase

_held: dict[Path, list] = {}  # lock path -> [file handle, open count]


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def acquire(db_path: Path) -> Path:
    path = lock_path(db_path.resolve())
    if path in _held:
        _held[path][1] += 1
        return path
    try:
        handle = path.open("a+")
    except OSError as exc:  # read-only folder or file system, network share gone
        raise ReadOnlyDatabase(
            f"Folder {path.parent} hanya-baca: basis data tidak dapat dibuka untuk diubah. "
            "Periksa izin folder, atau salin berkasnya ke folder lain."
        ) from exc
    if not _try_lock(handle):
        handle.seek(0)
        holder = handle.read().strip() if os.name != "nt" else ""
        handle.close()
        raise DatabaseInUse(
            f"Basis data {db_path.name} sedang dibuka oleh Kupang Desk lain"
            + (f" ({holder})" if holder else "")
            + ". Tutup aplikasi yang lain itu dahulu; hanya satu yang boleh mengubah data."
        )
    if os.name != "nt":  # on Windows the locked byte cannot be rewritten; the lock suffices
        handle.seek(0)
        handle.truncate()
        handle.write(f"komputer {socket.gethostname()}, proses {os.getpid()}")
        handle.flush()
    _held[path] = [handle, 1]
    return path


def release(path: Path) -> None:
    entry = _held.get(path)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] == 0:
        del _held[path]
        entry[0].close()  # closing the handle releases the OS lock
