"""What a bundle's records must be before the centre writes them.

A signed bundle is still only what one office typed (or what someone with that office's
file made of it), so every record that would be written passes the form's own domain
rules (types, dates, NIK, names, family and membership rules) and must belong to the
bundle's OPD. A record that fails becomes a listed conflict, never a row. A bundle whose
data is not even the shape of a bundle raises MalformedBundle (the clerk gets one sentence).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from kupang_desk.domain.entities import (
    FamilyMember,
    Membership,
    MembershipStatus,
    Program,
    Relation,
    Sex,
    Worker,
    WorkerStatus,
)
from kupang_desk.domain.family import validate_member
from kupang_desk.domain.issues import Issue
from kupang_desk.domain.memberships import validate_membership
from kupang_desk.domain.validation import validate_worker
from kupang_desk.store.family import member_from_row
from kupang_desk.store.memberships import membership_from_row
from kupang_desk.store.workers import worker_from_row

_SCALARS = (str, int, float, type(None))
_STATUSES = {str(s) for s in MembershipStatus}
_LISTS = ("workers", "family_members", "memberships", "audit")
_AUDIT_FIELDS = {
    "id": int,
    "at": str,
    "user": str,
    "action": str,
    "entity": str,
    "entity_uuid": str,
    "hash": str,
}


class MalformedBundle(Exception):
    """The bundle's data is not the shape a bundle has; `str()` says what, for the clerk."""


def check_shape(data: dict, opd_code: str) -> None:
    """Lists of objects with their keys, before any record is looked at."""
    for name in _LISTS:
        if not isinstance(data.get(name, []), list):
            raise MalformedBundle(f"bagian {name} bukan daftar")
        for item in data.get(name, []):
            if not isinstance(item, dict):
                raise MalformedBundle(f"isi {name} bukan rekaman")
    _check_keys(data)
    opd = data.get("opd")
    if opd is not None and (not isinstance(opd, dict) or opd.get("code") != opd_code):
        raise MalformedBundle("data OPD tidak sama dengan OPD kiriman")


def _check_keys(data: dict) -> None:
    """Each record has the keys that link it (uuids, program) and the audit's columns."""
    for worker in data.get("workers", []):
        if not isinstance(worker.get("uuid"), str) or not worker["uuid"]:
            raise MalformedBundle("pegawai tanpa uuid")
    for member in data.get("family_members", []):
        if not all(isinstance(member.get(k), str) and member[k] for k in ("uuid", "worker_uuid")):
            raise MalformedBundle("anggota keluarga tanpa uuid")
    for membership in data.get("memberships", []):
        if not isinstance(membership.get("worker_uuid"), str) or not isinstance(
            membership.get("program"), str
        ):
            raise MalformedBundle("kepesertaan tanpa pegawai atau program")
        if not isinstance(membership.get("family_uuid"), str | None):
            raise MalformedBundle("kepesertaan dengan anggota keluarga yang tidak sah")
    for row in data.get("audit", []):
        for key, kind in _AUDIT_FIELDS.items():
            if not isinstance(row.get(key), kind):
                raise MalformedBundle(f"riwayat tanpa {key}")


def _errors(issues: list[Issue]) -> str | None:
    errors = [i.message for i in issues if i.is_error]
    return "; ".join(errors[:3]) if errors else None


def _not_scalar(content: dict) -> str | None:
    for key, value in content.items():
        if not isinstance(value, _SCALARS):
            return f"kolom {key} berisi {type(value).__name__}, bukan nilai"
    return None


def _worker(content: dict) -> Worker:
    row = {f: None for f in Worker.__dataclass_fields__} | content
    row.update(id=None, row_version=0, priority=bool(row.get("priority")))
    row["open_issues"] = row.get("open_issues") or 0
    row["upah"] = row["upah"] if row.get("upah") is not None else 0
    return worker_from_row(row)


_FLAGS = {"worker": ("priority",), "family_member": ("student", "married", "ppu_sendiri")}


def _not_flag(entity: str, content: dict) -> str | None:
    """A yes/no column holds 0, 1 or nothing: "ya" would be read as no by SQL and as yes
    by Python (a spouse listed by one and left out by the other)."""
    for key in _FLAGS.get(entity, ()):
        if content.get(key) not in (None, 0, 1):  # True and False are 1 and 0
            return f"kolom {key} berisi {content[key]!r}, bukan 0/1"
    return None


# Coded columns, read into their enums by the store: a code the app does not know is
# named here (the enum would only say "not a valid Sex"). Blank is the rules' business.
_CODES: dict[str, tuple[tuple[str, str, type[StrEnum]], ...]] = {
    "worker": (("sex", "Jenis kelamin", Sex), ("status", "Status pegawai", WorkerStatus)),
    "family_member": (("sex", "Jenis kelamin", Sex), ("relation", "Hubungan keluarga", Relation)),
    "membership": (("program", "Program", Program),),
}


def _not_code(entity: str, content: dict) -> str | None:
    for key, label, kind in _CODES.get(entity, ()):
        value = content.get(key)
        if value not in (None, "") and value not in {member.value for member in kind}:
            return f"{label} {value!r} tidak dikenal; isi salah satu: {', '.join(kind)}"
    return None


def _member(content: dict) -> FamilyMember:
    row = {f: None for f in FamilyMember.__dataclass_fields__} | content
    row.update(worker_id=0, id=None)
    return member_from_row(row)


def _membership(content: dict) -> Membership:
    row = {f: None for f in Membership.__dataclass_fields__} | content
    row.update(worker_id=0, family_member_id=None, id=None)
    return membership_from_row(row)


def rule_problem(entity: str, content: dict, today: date) -> str | None:
    """Why this record may not be written (Indonesian), or None: the form's rules."""
    problem = _not_scalar(content) or _not_flag(entity, content) or _not_code(entity, content)
    if problem:
        return problem
    if entity == "membership" and content.get("status") not in _STATUSES:
        return f"status kepesertaan {content.get('status')!r} tidak dikenal"
    try:
        if entity == "worker":
            return _errors(validate_worker(_worker(content), today=today))
        if entity == "family_member":
            return _errors(validate_member(_member(content), today=today))
        return _errors(validate_membership(_membership(content)))
    except (ValueError, TypeError) as exc:  # e.g. a date "2099-99-99"
        return f"nilai tidak sah ({exc})"
