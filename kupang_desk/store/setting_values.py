"""Reading one value from the `settings` table (key → text); editing belongs to the admin."""

from __future__ import annotations

from kupang_desk.store.db import Store


def read_setting(store: Store, key: str) -> str | None:
    rows = store.query("SELECT value FROM settings WHERE key = ?", (key,))
    return rows[0][0] if rows else None
