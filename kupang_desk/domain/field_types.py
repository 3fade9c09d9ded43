"""First gate for a worker record from anywhere (form, importer, CLI, merge): every field
has the type the rules expect, so no rule crashes on a None, a float or bytes from a
spreadsheet cell; a wrong type becomes a message naming the field instead."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

from kupang_desk.domain.entities import Worker
from kupang_desk.domain.issues import Issue, error

MAX_UPAH = 10**12  # far above any wage, far below SQLite's integer limit

_LABELS = {"nik": "NIK", "name": "Nama", "birth_date": "Tanggal lahir", "upah": "Upah"}
_KIND = {date: "tanggal", int: "angka", bool: "ya/tidak", str: "teks"}
# Subclasses isinstance() lets through that the rules cannot take (True is no wage).
_REFUSED = {int: bool, date: datetime}


def _expected(annotation: str) -> type:
    if annotation.startswith("date"):
        return date
    if annotation.startswith("int"):
        return int
    if annotation == "bool":
        return bool
    return str


# (field, expected type, None allowed), read from the annotations once: the gate runs for
# every imported row.
_CHECKS = tuple(
    (spec.name, _expected(str(spec.type)), "None" in str(spec.type)) for spec in fields(Worker)
)


def type_issues(worker: Worker) -> list[Issue]:
    issues = []
    values = vars(worker)
    for name, wanted, optional in _CHECKS:
        value = values[name]
        if type(value) is wanted or (value is None and optional):
            continue  # the common case, decided without isinstance
        if isinstance(value, wanted) and not isinstance(value, _REFUSED.get(wanted, ())):
            continue  # a subclass such as a StrEnum member
        label = _LABELS.get(name, name)
        issues.append(
            error(
                name,
                f"{label}: isian '{str(value)[:40]}' tidak dapat dibaca (harus {_KIND[wanted]}).",
                "type",
            )
        )
    return issues


def limit_issues(worker: Worker) -> list[Issue]:
    """Values of the right type that cannot be stored or cannot be meant."""
    if worker.upah > MAX_UPAH:
        return [
            error("upah", f"Upah {worker.upah} terlalu besar; tulis upah per bulan.", "upah.huge")
        ]
    return []
