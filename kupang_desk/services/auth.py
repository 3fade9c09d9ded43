"""Logging in and managing accounts. A login returns the AppContext every service checks.

The first start creates the admin account; after that only an admin adds users or sets a
new password. Five wrong passwords lock an account for 15 minutes.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from kupang_desk.applog import Safe
from kupang_desk.domain.accounts import (
    LOCKOUT_MINUTES,
    MAX_FAILED_LOGINS,
    Role,
    User,
    check_password,
    check_role,
    check_username,
    hash_password,
    verify_password,
)
from kupang_desk.domain.issues import Issue, error
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import users as user_store
from kupang_desk.store.db import Store, open_store

log = logging.getLogger(__name__)

# Compared against when the username does not exist, so timing does not reveal accounts.
_DUMMY_HASH = hash_password("kupang-desk-dummy")


class LoginFailed(Exception):
    """Wrong name or password, locked or disabled account; `str()` is for the clerk."""


def needs_first_admin(store: Store) -> bool:
    return user_store.count_users(store) == 0


def _context(store: Store, user: User) -> AppContext:
    return AppContext(
        store, user=user.username, role=user.role, opd_code=user.opd_code, account=True
    )


def _check_new_user(store: Store, user: User, password: str) -> list[Issue]:
    issues = check_username(user.username) + check_role(user.role, user.opd_code)
    issues += check_password(password, username=user.username)
    if not user.full_name.strip():
        issues.append(error("full_name", "Nama lengkap pengguna wajib diisi.", "full_name.empty"))
    if user.opd_code and opd_store.get_opd(store, user.opd_code) is None:
        issues.append(error("opd_code", f"OPD {user.opd_code} tidak ada.", "opd.unknown"))
    if user_store.get_user(store, user.username) is not None:
        issues.append(
            error("username", f"Nama pengguna {user.username} sudah dipakai.", "username.taken")
        )
    return issues


def create_first_admin(
    store: Store, username: str, full_name: str, password: str
) -> tuple[AppContext | None, list[Issue]]:
    """Only while no account exists. Returns the admin's context, or the issues."""
    if not needs_first_admin(store):
        raise AccessDenied("Akun admin pertama sudah dibuat; masuk dengan akun yang ada.")
    admin = User(username=username.strip().lower(), full_name=full_name.strip(), role=Role.ADMIN)
    issues = _check_new_user(store, admin, password)
    if issues:
        return None, issues
    user_store.insert_user(store, admin, hash_password(password), by=admin.username)
    return _context(store, admin), []


def login(store: Store, username: str, password: str, *, now: datetime | None = None) -> AppContext:
    now = now or datetime.now()
    username = username.strip().lower()
    user = user_store.get_user(store, username)
    stored_hash = user_store.password_hash(store, username) if user else None
    if user is None or stored_hash is None:
        verify_password(password, _DUMMY_HASH)
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    if user.locked_until and datetime.fromisoformat(user.locked_until) > now:
        until = datetime.fromisoformat(user.locked_until).strftime("%H:%M")
        raise LoginFailed(
            f"Akun {username} dikunci sampai pukul {until} karena {MAX_FAILED_LOGINS} kali salah "
            "kata sandi. Coba lagi nanti, atau minta admin mengatur ulang kata sandinya."
        )
    if not verify_password(password, stored_hash):
        failures = user.failed_logins + 1
        locked_until = None
        if failures >= MAX_FAILED_LOGINS:
            locked_until = (now + timedelta(minutes=LOCKOUT_MINUTES)).isoformat(timespec="seconds")
        user_store.record_failed_login(store, username, failures, locked_until)
        log.warning("login gagal untuk %s (%d kali)", Safe(username), failures)
        if locked_until:
            raise LoginFailed(
                f"Kata sandi salah {MAX_FAILED_LOGINS} kali: akun {username} dikunci "
                f"{LOCKOUT_MINUTES} menit."
            )
        raise LoginFailed("Nama pengguna atau kata sandi salah.")
    if not user.active:
        raise LoginFailed(f"Akun {username} dinonaktifkan. Hubungi admin.")
    user_store.record_login(store, username)
    log.info("%s masuk sebagai %s", Safe(username), Safe(user.role))
    return _context(store, user)


def list_users(ctx: AppContext) -> list[User]:
    ctx.require_role(Role.ADMIN)
    return user_store.list_users(ctx.store)


def create_user(ctx: AppContext, user: User, password: str) -> list[Issue]:
    """Add an account; the admin tells the user the first password, which must then change."""
    ctx.require_role(Role.ADMIN)
    user = replace(
        user,
        username=user.username.strip().lower(),
        full_name=user.full_name.strip(),
        opd_code=user.opd_code or None,
        must_change_password=True,
    )
    issues = _check_new_user(ctx.store, user, password)
    if not issues:
        user_store.insert_user(ctx.store, user, hash_password(password), by=ctx.user)
    return issues


def _active_admins(ctx: AppContext) -> list[str]:
    return [
        u.username for u in user_store.list_users(ctx.store) if u.role == Role.ADMIN and u.active
    ]


def update_user(ctx: AppContext, user: User) -> list[Issue]:
    """Change name, role, OPD or active flag (never the password)."""
    ctx.require_role(Role.ADMIN)
    user = replace(user, opd_code=user.opd_code or None)
    issues = check_role(user.role, user.opd_code)
    if user_store.get_user(ctx.store, user.username) is None:
        issues.append(error("username", f"Pengguna {user.username} tidak ada."))
    stays_admin = user.role == Role.ADMIN and user.active
    if not stays_admin and _active_admins(ctx) == [user.username]:
        issues.append(
            error(
                "role", "Harus tetap ada satu admin aktif; angkat admin lain dahulu.", "admin.last"
            )
        )
    if not issues:
        user_store.update_user(ctx.store, user, by=ctx.user)
    return issues


def reset_password(ctx: AppContext, username: str, new_password: str) -> list[Issue]:
    """Admin sets a new password (the old one cannot be read); the user must change it."""
    ctx.require_role(Role.ADMIN)
    if user_store.get_user(ctx.store, username) is None:
        return [error("username", f"Pengguna {username} tidak ada.")]
    issues = check_password(new_password, username=username)
    if not issues:
        user_store.set_password(
            ctx.store, username, hash_password(new_password), by=ctx.user, must_change=True
        )
    return issues


def change_own_password(ctx: AppContext, old_password: str, new_password: str) -> list[Issue]:
    stored = user_store.password_hash(ctx.store, ctx.user)
    if stored is None or not verify_password(old_password, stored):
        return [error("old_password", "Kata sandi lama salah.", "password.wrong")]
    issues = check_password(new_password, username=ctx.user)
    if new_password == old_password:
        issues.append(error("password", "Kata sandi baru harus berbeda dari yang lama."))
    if not issues:
        user_store.set_password(
            ctx.store, ctx.user, hash_password(new_password), by=ctx.user, must_change=False
        )
    return issues


def must_change_password(ctx: AppContext) -> bool:
    user = user_store.get_user(ctx.store, ctx.user)
    return bool(user and user.must_change_password)


def temporary_password() -> str:
    """A first or reset password the admin reads out; the user must replace it at login."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def open_database(path: Path | str | None) -> Store:
    """The GUI's way in: the store to log in to (the lock is taken here). The GUI's first
    start is one of the few places that may create a new database."""
    return open_store(path, create=True)
