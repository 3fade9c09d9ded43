"""`kupang-desk check`: is the file whole, do its links hold, is the history untouched?

Read-only from start to end: a damaged file is reported, never repaired or rewritten.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kupang_desk.services.backup import candidate_folders
from kupang_desk.services.checks import record_problems
from kupang_desk.services.context import administrator
from kupang_desk.store import audit, integrity
from kupang_desk.store import backup as backup_store
from kupang_desk.store.backup import BackupFile
from kupang_desk.store.db import Store
from kupang_desk.store.errors import StoreError

# Reads every OPD's records, on a read-only connection: the file administrator's check.
CHECKER = "pemeriksaan-berkas"


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
    # The history against the heads kept in the newest backups, and each worker against
    # the after-state of its last history row.
    backups: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.file
            or self.foreign_keys
            or self.audit
            or self.records
            or self.backups
            or self.untracked
        )

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
        report.backups = backup_head_problems(store, Path(path))
        report.untracked = [
            f"{w['name']} (NIK {w['nik']}, {w['opd_code']}): diubah tanpa riwayat "
            f"({', '.join(w['fields'])}; riwayat terakhir baris {w['audit_id']})"
            for w in audit.changed_without_history(store.db, DERIVED_COLUMNS)
        ]
    finally:
        store.close()
    return report


DERIVED_COLUMNS = frozenset({"open_issues", "row_version", "updated_at", "updated_by"})
NEWEST_BACKUPS = 3


def backup_head_problems(store: Store, db_path: Path) -> list[str]:
    """The history must still hold the head recorded in each of the newest backups taken
    since the last restore (a restore legitimately goes back to an older head)."""
    last_restore = store.query(
        "SELECT max(at) FROM audit_log WHERE action = 'restore' AND entity = 'database'"
    )[0][0]
    found: list[BackupFile] = []
    for folder in candidate_folders(db_path):
        found += backup_store.list_backups(folder, db_path.stem)
    found.sort(key=lambda b: b.taken_at, reverse=True)
    problems = []
    rows = store.query("SELECT count(*), max(id) FROM audit_log")[0]
    last_id = rows[1] or 0
    for backup in found[:NEWEST_BACKUPS]:
        if last_restore and backup.taken_at.isoformat() < last_restore[:19]:
            continue
        head = backup_store.head_of_file(backup.path)
        if head is None:
            continue
        when = f"{backup.path.name}"
        if head[0] > last_id:
            problems.append(
                f"riwayat lebih pendek dari cadangan {when}: cadangan sampai baris {head[0]}, "
                f"basis data sampai baris {last_id}"
            )
            continue
        stored = store.query("SELECT hash FROM audit_log WHERE id = ?", (head[0],))
        if not stored or stored[0][0] != head[1]:
            problems.append(
                f"riwayat berbeda dari cadangan {when}: baris {head[0]} tidak sama (riwayat "
                "ditulis ulang setelah cadangan itu dibuat)"
            )
    return problems


def _check_records(store: Store, report: DatabaseReport) -> None:
    for problem in record_problems(administrator(store, CHECKER)):
        errors = [i.message for i in problem.issues if i.is_error]
        if errors:
            report.records.append(
                f"{problem.name} (NIK {problem.nik}, {problem.opd_code}): {'; '.join(errors)}"
            )
        else:
            report.records_with_warnings += 1
