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


def _expected(annotation: str) -> tuple[type, ...]:
    if annotation.startswith("date"):
        return (date,)
    if annotation.startswith("int"):
        return (int,)
    if annotation == "bool":
        return (bool,)
    return (str,)


def type_issues(worker: Worker) -> list[Issue]:
    issues = []
    for spec in fields(Worker):
        value = getattr(worker, spec.name)
        annotation = str(spec.type)
        if value is None and "None" in annotation:
            continue
        wanted = _expected(annotation)
        wrong = not isinstance(value, wanted)
        if wanted == (int,) and isinstance(value, bool):
            wrong = True
        if wanted == (date,) and isinstance(value, datetime):
            wrong = True
        if wrong:
            label = _LABELS.get(spec.name, spec.name)
            issues.append(
                error(
                    spec.name,
                    f"{label}: isian '{str(value)[:40]}' tidak dapat dibaca "
                    f"(harus {_KIND[wanted]}).",
                    "type",
                )
            )
    return issues


_KIND = {(date,): "tanggal", (int,): "angka", (bool,): "ya/tidak", (str,): "teks"}


def limit_issues(worker: Worker) -> list[Issue]:
    """Values of the right type that cannot be stored or cannot be meant."""
    if worker.upah > MAX_UPAH:
        return [
            error("upah", f"Upah {worker.upah} terlalu besar; tulis upah per bulan.", "upah.huge")
        ]
    return []
