"""Who is working, on which database: handed to every use case.

Access rules live here so every service asks the same question the same way; the store
enforces the OPD scope in its queries (an operator never receives another OPD's rows).
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kupang_desk.domain import permissions
from kupang_desk.domain.accounts import Role
from kupang_desk.store import users as user_store
from kupang_desk.store.db import Store, open_store

CLI_USER = "admin-cli"  # CLI jobs run as the local administrator of the file


class AccessDenied(Exception):
    """The user's role does not allow this; `str()` is for the clerk."""


@dataclass
class AppContext:
    """Built from a user, never by default: a login (services/auth), the file's
    administrator (`administrator`, for the CLI and the installer) or a test's fixture.
    Without a role there is no context, so nothing runs as admin by omission."""

    store: Store
    user: str
    role: Role  # operator / verifikator / admin
    opd_code: str | None = None  # an operator's (or a scoped verifikator's) own OPD
    account: bool = False  # a logged-in user: role, OPD and active flag re-read per check

    def refresh(self) -> None:
        """Re-read the user's role, OPD and active flag: an admin's change applies at once."""
        if not self.account:
            return  # the CLI's administrator of the file, or a test's context
        user = user_store.get_user(self.store, self.user)
        if user is None or not user.active:
            raise AccessDenied(
                f"Akun {self.user} sudah dinonaktifkan admin. Keluar dari aplikasi; hubungi "
                "admin bila ini keliru."
            )
        self.role, self.opd_code = user.role, user.opd_code

    def require(self, action: str, opd_code: str | None = None) -> None:
        """The role table (domain/permissions.py) for one action, in `opd_code` if given."""
        self.refresh()
        if not permissions.allowed(self.role, action):
            description = permissions.ACTIONS[action][0]
            raise AccessDenied(
                f"Peran {self.role} tidak boleh: {description}. Pekerjaan ini untuk peran: "
                f"{', '.join(permissions.roles_for(action))}."
            )
        if opd_code is not None:
            self.require_opd(opd_code)

    def require_scope(self, opd_code: str | None) -> str | None:
        """Exports and lists: one OPD for any role allowed to, the whole pemda for admins."""
        if opd_code is None and self.opd_scope is None:
            self.require("export_all")
            return None
        self.require("export_opd")
        if opd_code is None:
            return self.opd_scope
        self.require_opd(opd_code)
        return opd_code

    @property
    def opd_scope(self) -> str | None:
        """The only OPD this user may see, or None for all.

        An operator without an OPD, or an unknown role, sees nothing: fail closed.
        """
        self.refresh()
        if self.role == Role.ADMIN:
            return None
        if self.role == Role.VERIFIKATOR:
            return self.opd_code or None  # no OPD set: a central verifikator reads all
        if self.role == Role.OPERATOR and self.opd_code:
            return self.opd_code
        raise AccessDenied(f"Pengguna {self.user} belum diberi OPD; minta admin mengaturnya.")

    def require_opd(self, opd_code: str) -> None:
        scope = self.opd_scope
        if scope is not None and opd_code != scope:
            raise AccessDenied(
                f"Pengguna {self.user} hanya boleh mengelola pegawai OPD {scope}, bukan {opd_code}."
            )

    def require_edit(self, opd_code: str) -> None:
        """Typing worker data: operators (own OPD) and admins; a verifikator only verifies."""
        self.require("edit_worker", opd_code)

    def require_verify(self, opd_code: str) -> None:
        """Marking records verified: verifikators (their OPD, or all) and admins."""
        self.require("verify", opd_code)

    def require_role(self, *roles: Role) -> None:
        self.refresh()
        if self.role not in roles:
            raise AccessDenied(f"Pekerjaan ini hanya untuk peran: {', '.join(roles)}.")

    def close(self) -> None:
        self.store.close()


def cli_user() -> str:
    """The CLI acts as the file's administrator; the history names the OS account too."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment nor the user database
        account = "tidak dikenal"
    return f"{CLI_USER} ({account})"


def administrator(store: Store, user: str) -> AppContext:
    """The administrator of the file itself, with no account behind it: the CLI, the
    installer of a new office, the whole-file check. Never a person at the GUI (a login)."""
    return AppContext(store, user=user, role=Role.ADMIN)


def open_context(
    db_path: Path | str | None,
    user: str,
    *,
    role: Role | str,
    opd_code: str | None = None,
    create: bool = True,
    read_only: bool = False,
) -> AppContext:
    """See `open_store` for `create` (may a missing file become a new database) and
    `read_only` (no writer's lock: runs beside the open app)."""
    store = open_store(db_path, create=create, read_only=read_only)
    return AppContext(store, user=user, role=Role(role), opd_code=opd_code)


@contextlib.contextmanager
def own_connection(ctx: AppContext, *, read_only: bool = False) -> Iterator[AppContext]:
    """`ctx` on a database connection of its own, for work on another thread.

    The same user, role, OPD scope and account (so a disabled account stops the job
    there too); a sqlite connection belongs to the thread that opened it, so enter this
    on the worker thread. An in-memory database has one connection only: it is shared.
    `read_only`: reports and exports, which need no writer's lock.
    """
    if ctx.store.path is None:
        yield ctx
        return
    own = replace(ctx, store=open_store(ctx.store.path, create=False, read_only=read_only))
    try:
        yield own
    finally:
        own.close()
