"""`kupang-desk check`: is the file whole, do its links hold, is the history untouched?

Read-only from start to end: a damaged file is reported, never repaired or rewritten.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kupang_desk.store import audit, integrity
from kupang_desk.store.errors import StoreError


@dataclass
class DatabaseReport:
    path: str
    file: list[str] = field(default_factory=list)  # SQLite integrity_check
    foreign_keys: list[str] = field(default_factory=list)
    audit: str | None = None  # the first broken audit row, in words
    audit_row: int | None = None
    # Record rules (NIK, dates, duplicates) per worker. The lead plugs in
    # services.checks.record_problems(ctx) here; until then it stays empty.
    records: list[str] = field(default_factory=list)

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
    finally:
        store.close()
    return report
