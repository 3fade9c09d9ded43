"""Login accounts. The password hash is written here and compared in services/auth, and is
never put into the audit log, a log file or a User object."""

from __future__ import annotations

import sqlite3

from kupang_desk.domain.accounts import Role, User
from kupang_desk.store import audit
from kupang_desk.store.clock import now_iso
from kupang_desk.store.db import Store

_PUBLIC = (
    "username, full_name, role, opd_code, active, failed_logins, locked_until, must_change_password"
)


def _user(row: sqlite3.Row) -> User:
    return User(
        username=row[0],
        full_name=row[1] or "",
        role=Role(row[2]),
        opd_code=row[3],
        active=bool(row[4]),
        failed_logins=row[5] or 0,
        locked_until=row[6],
        must_change_password=bool(row[7]),
    )


def _public(user: User) -> dict:
    """What the audit log may see of an account: everything but the hash."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "opd_code": user.opd_code,
        "active": user.active,
    }


def count_users(store: Store) -> int:
    return store.query("SELECT count(*) FROM users")[0][0]


def get_user(store: Store, username: str) -> User | None:
    rows = store.query(f"SELECT {_PUBLIC} FROM users WHERE username = ?", (username,))
    return _user(rows[0]) if rows else None


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.query(f"SELECT {_PUBLIC} FROM users ORDER BY username")]


def password_hash(store: Store, username: str) -> str | None:
    rows = store.query("SELECT password_hash FROM users WHERE username = ?", (username,))
    return rows[0][0] if rows else None


def insert_user(store: Store, user: User, password_hash: str, *, by: str) -> None:
    now = now_iso()
    with store.transaction() as db:
        db.table("users").insert(
            {
                "username": user.username,
                "full_name": user.full_name,
                "role": user.role,
                "opd_code": user.opd_code,
                "password_hash": password_hash,
                "active": int(user.active),
                "failed_logins": 0,
                "must_change_password": int(user.must_change_password),
                "created_at": now,
                "created_by": by,
                "updated_at": now,
                "updated_by": by,
            }
        )
        audit.record(
            db,
            user=by,
            action="insert",
            entity="user",
            entity_id=user.username,
            after=_public(user),
        )


def update_user(store: Store, user: User, *, by: str) -> None:
    """Name, role, OPD and active flag; the password is changed only by set_password."""
    with store.transaction() as db:
        before = get_user(store, user.username)
        db.execute(
            "UPDATE users SET full_name = ?, role = ?, opd_code = ?, active = ?, "
            "updated_at = ?, updated_by = ? WHERE username = ?",
            (
                user.full_name,
                user.role,
                user.opd_code,
                int(user.active),
                now_iso(),
                by,
                user.username,
            ),
        )
        audit.record(
            db,
            user=by,
            action="update",
            entity="user",
            entity_id=user.username,
            before=_public(before) if before else None,
            after=_public(user),
        )


def set_password(
    store: Store, username: str, password_hash: str, *, by: str, must_change: bool
) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, "
            "must_change_password = ?, updated_at = ?, updated_by = ? WHERE username = ?",
            (password_hash, int(must_change), now_iso(), by, username),
        )
        audit.record(
            db,
            user=by,
            action="password_reset" if by != username else "password_change",
            entity="user",
            entity_id=username,
        )


def record_login(store: Store, username: str) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?",
            (username,),
        )
        audit.record(db, user=username, action="login", entity="user", entity_id=username)


def record_failed_login(
    store: Store, username: str, failed_logins: int, locked_until: str | None
) -> None:
    """Store the failure count, or lock the account until `locked_until` (count restarts)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
            (0 if locked_until else failed_logins, locked_until, username),
        )
        if locked_until:
            audit.record(
                db,
                user=username,
                action="lockout",
                entity="user",
                entity_id=username,
                after={"locked_until": locked_until},
            )
