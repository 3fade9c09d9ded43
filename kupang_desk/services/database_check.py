"""`kupang-desk check`: is the file whole, do its links hold, is the history untouched?

Read-only from start to end: a damaged file is reported, never repaired or rewritten.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kupang_desk.services.checks import record_problems
from kupang_desk.services.context import AppContext
from kupang_desk.store import audit, integrity
from kupang_desk.store.db import Store
from kupang_desk.store.errors import StoreError


@dataclass
class DatabaseReport:
    path: str
    file: list[str] = field(default_factory=list)  # SQLite integrity_check
    foreign_keys: list[str] = field(default_factory=list)
    audit: str | None = None  # the first broken audit row, in words
    audit_row: int | None = None
    # Record rules (NIK, dates, duplicates): records with errors fail the check; records
    # with only open warnings are counted, as the clerk may still accept them.
    records: list[str] = field(default_factory=list)
    records_with_warnings: int = 0

    @property
    def ok(self) -> bool:
        return not (self.file or self.foreign_keys or self.audit or self.records)

    def as_json(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def check_database(path: Path) -> DatabaseReport:
    report = DatabaseReport(str(path))
    try:
        store = integrity.open_read_only(Path(path))
    except StoreError as exc:
        report.file = [str(exc)]
        return report
    try:
        report.file = integrity.integrity_check(store)
        if report.file:
            return report  # a damaged file's other answers cannot be trusted
        report.foreign_keys = integrity.foreign_key_problems(store)
        try:
            broken = audit.verify_chain(store.db)
        except StoreError as exc:
            report.audit = str(exc)
        else:
            if broken is not None:
                report.audit, report.audit_row = broken.reason, broken.row_id
        _check_records(store, report)
    finally:
        store.close()
    return report


def _check_records(store: Store, report: DatabaseReport) -> None:
    for problem in record_problems(AppContext(store)):
        errors = [i.message for i in problem.issues if i.is_error]
        if errors:
            report.records.append(
                f"{problem.name} (NIK {problem.nik}, {problem.opd_code}): {'; '.join(errors)}"
            )
        else:
            report.records_with_warnings += 1
