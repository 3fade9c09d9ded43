"""Every rule a worker record must pass; the form, the CLI and importers call only this.

Rules that need the database (NIK unique, likely duplicates) get the facts they need from
the caller as plain values, so this module stays free of SQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kupang_desk.domain.entities import Sex, Worker
from kupang_desk.domain.field_types import limit_issues, type_issues
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.names import check_name, normalize_name
from kupang_desk.domain.nik import check_nik


def normalize_worker(worker: Worker) -> Worker:
    """Trim and uppercase what the KTP writes in capitals; identifiers lose stray spaces."""
    if type_issues(worker):
        return worker  # validate_worker names the unreadable fields
    return replace(
        worker,
        nik=worker.nik.strip().replace(" ", ""),
        name=normalize_name(worker.name),
        birth_place=normalize_name(worker.birth_place),
        jabatan=" ".join(worker.jabatan.split()),
        unit=" ".join(worker.unit.split()),
    )


def validate_worker(worker: Worker, *, today: date | None = None) -> list[Issue]:
    """Issues of one (normalized) worker record, errors first."""
    issues: list[Issue] = type_issues(worker)
    if issues:
        return issues
    issues += limit_issues(worker)
    issues += check_nik(
        worker.nik, birth_date=worker.birth_date, sex=worker.sex, today=today
    ).issues
    issues += check_name(worker.name)
    if worker.birth_date is None:
        issues.append(error("birth_date", "Tanggal lahir wajib diisi.", "birth_date.empty"))
    if worker.sex not in (Sex.L, Sex.P):
        issues.append(error("sex", "Jenis kelamin wajib dipilih: L atau P.", "sex.empty"))
    if not worker.opd_code:
        issues.append(error("opd_code", "OPD wajib dipilih.", "opd.empty"))
    if worker.upah < 0:
        issues.append(error("upah", "Upah tidak boleh negatif.", "upah.negative"))
    return sorted(issues, key=lambda issue: not issue.is_error)
