"""Who is working, on which database: handed to every use case.

Access rules live here so every service asks the same question the same way; the store
enforces the OPD scope in its queries (an operator never receives another OPD's rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kupang_desk.store.db import Store, open_store

CLI_USER = "admin-cli"  # CLI jobs run as the local administrator of the file


class AccessDenied(Exception):
    """The user's role does not allow this; `str()` is for the clerk."""


@dataclass
class AppContext:
    store: Store
    user: str = CLI_USER
    role: str = "admin"  # operator / verifikator / admin
    opd_code: str | None = None  # an operator's (or a scoped verifikator's) own OPD

    @property
    def opd_scope(self) -> str | None:
        """The only OPD this user may see, or None for all.

        An operator without an OPD, or an unknown role, sees nothing: fail closed.
        """
        if self.role == "admin":
            return None
        if self.role == "verifikator":
            return self.opd_code or None  # no OPD set: a central verifikator reads all
        if self.role == "operator" and self.opd_code:
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
        self.require_role("operator", "admin")
        self.require_opd(opd_code)

    def require_verify(self, opd_code: str) -> None:
        """Marking records verified: verifikators (their OPD, or all) and admins."""
        self.require_role("verifikator", "admin")
        self.require_opd(opd_code)

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise AccessDenied(f"Pekerjaan ini hanya untuk peran: {', '.join(roles)}.")

    def close(self) -> None:
        self.store.close()


def open_context(db_path: Path | str | None, user: str = CLI_USER) -> AppContext:
    return AppContext(open_store(db_path), user)
