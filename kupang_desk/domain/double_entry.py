"""Double entry (issue 15 §1): a second person types the key fields from the KTP/KK and
each is compared with what the operator saved.

A confirmation stores a hash of the value it confirmed, never a flag: a field is confirmed
only while the record still holds that very value, so any later change (form, import,
bundle merge) unconfirms it without any write path having to remember to. Pure Python.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from kupang_desk.domain.identifiers import digits_only
from kupang_desk.domain.names import normalize_name

WORKER = "worker"
FAMILY_MEMBER = "family_member"
# Order: as the KTP is read, top to bottom; the dialog asks in this order.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    WORKER: ("nik", "name", "birth_date", "sex", "no_kk"),
    FAMILY_MEMBER: ("nik", "name", "birth_date"),
}
FIELD_LABEL = {
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin",
    "no_kk": "No. KK",
}


def stored_text(value: object) -> str:
    """A record's value as the database holds it: ISO dates, codes as their text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def normalize_typed(field: str, raw: str) -> str:
    """What the verifikator typed, normalised as the form normalises the operator's."""
    if field in ("nik", "no_kk"):
        return digits_only(raw)
    if field == "name":
        return normalize_name(raw)
    return raw.strip().upper() if field == "sex" else raw.strip()


def value_hash(field: str, value: str) -> str:
    """The hash a confirmation keeps; also registered as SQL function `key_hash` so the
    store's counts compare it with the current value in one query."""
    return hashlib.sha256(f"{field}\x1f{value}".encode()).hexdigest()


@dataclass(frozen=True)
class FieldCheck:
    """One key field of one person: what the operator saved, what the verifikator typed."""

    entity: str  # WORKER / FAMILY_MEMBER
    entity_id: int
    field: str
    stored: str
    typed: str

    @property
    def equal(self) -> bool:
        return self.stored == self.typed

    @property
    def label(self) -> str:
        return FIELD_LABEL[self.field]


def compare(
    entity: str, entity_id: int, stored: Mapping[str, object], typed: Mapping[str, str]
) -> list[FieldCheck]:
    """Each key field of one person, the typed value normalised first ("3201 0145…" and
    "maria  ndun" are the same as the saved 3201…, MARIA NDUN); a field left blank is
    compared as blank, so it differs from any saved value."""
    return [
        FieldCheck(
            entity,
            entity_id,
            name,
            stored_text(stored.get(name)),
            normalize_typed(name, typed.get(name, "")),
        )
        for name in KEY_FIELDS[entity]
    ]


def unconfirmed_fields(
    entity: str, current: Mapping[str, object], confirmed_hashes: Mapping[str, str]
) -> list[str]:
    """Key fields whose confirmation is missing or was for another value."""
    return [
        name
        for name in KEY_FIELDS[entity]
        if confirmed_hashes.get(name) != value_hash(name, stored_text(current.get(name)))
    ]


def key_fields_changed(
    entity: str, before: Mapping[str, object] | None, after: Mapping[str, object] | None
) -> bool:
    """Did this history row type a key field (an insert types them all)?"""
    if entity not in KEY_FIELDS or after is None:
        return False
    if before is None:
        return True
    return any(stored_text(before.get(n)) != stored_text(after.get(n)) for n in KEY_FIELDS[entity])


# The history action of a verifikator's pick: a decision, not typing, so it does not make the
# verifikator the record's typist.
DECISION_ACTION = "double_entry"

HistoryRow = tuple[str, str, str, Mapping[str, object] | None, Mapping[str, object] | None]


def last_typist(rows: Iterable[HistoryRow]) -> str | None:
    """The user of the newest row (rows oldest first: user, action, entity, before, after)
    that typed a key field: the person who may not confirm them."""
    typist = None
    for user, action, entity, before, after in rows:
        if action != DECISION_ACTION and key_fields_changed(entity, before, after):
            typist = user
    return typist
