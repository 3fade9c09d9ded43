"""Looking at a database file without changing it: quick/integrity check, foreign keys.

Opens read-only (no lock, no migration, no journal-mode change), so `kupang-desk check`
can run beside an open app and can never "repair" a damaged file by writing to it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kupang_desk.store.db import Store, check_database_path
from kupang_desk.store.errors import DatabaseDamaged, StoreError, translated


def open_read_only(path: Path) -> Store:
    """Any SQLite file, whatever its schema (a check must see damaged and newer ones too)."""
    check_database_path(path, create=False)
    with translated():
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        conn.row_factory = sqlite3.Row
    return Store(conn, path)


def _pragma_rows(store: Store, pragma: str) -> list[str]:
    try:
        with translated():
            rows = store.conn.execute(f"PRAGMA {pragma}").fetchall()
    except DatabaseDamaged as exc:
        return [str(exc)]
    except sqlite3.DatabaseError as exc:  # e.g. "malformed schema": damage all the same
        return [f"Berkas rusak: {exc}"]
    return [" ".join(str(v) for v in tuple(r)) for r in rows]


def quick_check(store: Store) -> list[str]:
    """[] when SQLite's quick check passes, else its complaints."""
    rows = _pragma_rows(store, "quick_check")
    return [] if rows == ["ok"] else rows


def integrity_check(store: Store) -> list[str]:
    rows = _pragma_rows(store, "integrity_check")
    return [] if rows == ["ok"] else rows


def foreign_key_problems(store: Store) -> list[str]:
    rows = _pragma_rows(store, "foreign_key_check")
    return [f"tabel {r} menunjuk ke baris yang tidak ada" for r in rows]


def file_problems(path: Path, *, thorough: bool = False) -> list[str]:
    """[] when `path` is a healthy SQLite file; never raises for a damaged one."""
    try:
        store = open_read_only(path)
    except StoreError as exc:
        return [str(exc)]
    try:
        return integrity_check(store) if thorough else quick_check(store)
    finally:
        store.close()
