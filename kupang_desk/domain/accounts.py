"""Users, roles and passwords: pure rules, no storage.

Passwords are hashed with scrypt (salted, memory-hard); the parameters travel with the hash
so they can be raised later without locking anyone out. Nobody, the admin included, can
read a password back: an admin can only set a new one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from kupang_desk.domain.issues import Issue, error


class Role(StrEnum):
    OPERATOR = "operator"  # one OPD: reads and edits only its workers
    VERIFIKATOR = "verifikator"  # marks records verified; its OPD, or all when none is set
    ADMIN = "admin"  # users, OPDs, rates, merges, exports


ROLE_LABELS = {Role.OPERATOR: "Operator", Role.VERIFIKATOR: "Verifikator", Role.ADMIN: "Admin"}

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 8

# ~16 MiB and ~50 ms per hash on an office PC: slow for guessing, fine for a login.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: Role
    opd_code: str | None = None
    active: bool = True
    failed_logins: int = 0
    locked_until: str | None = None  # ISO timestamp
    must_change_password: bool = False


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=128 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=128 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_username(username: str) -> list[Issue]:
    if not _USERNAME.match(username):
        return [
            error(
                "username",
                f"Nama pengguna '{username}' harus 3-32 huruf kecil/angka (boleh . _ -), "
                "tanpa spasi, mis. operator.dlhk.",
                "username.format",
            )
        ]
    return []


def check_password(password: str, *, username: str = "") -> list[Issue]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [
            error(
                "password",
                f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.",
                "password.short",
            )
        ]
    if username and password.lower() == username.lower():
        return [
            error("password", "Kata sandi tidak boleh sama dengan nama pengguna.", "password.same")
        ]
    return []


def check_role(role: str, opd_code: str | None) -> list[Issue]:
    if role not in set(Role):
        return [error("role", f"Peran '{role}' tidak dikenal: operator, verifikator atau admin.")]
    if role == Role.OPERATOR and not opd_code:
        return [
            error("opd_code", "Operator harus terikat pada satu OPD. Pilih OPD-nya.", "role.opd")
        ]
    return []
