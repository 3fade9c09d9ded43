"""Checking records: one NIK explained (`check nik`), and every record that needs fixing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from kupang_desk.domain import identifiers
from kupang_desk.domain.family import validate_family, validate_member
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.memberships import validate_membership
from kupang_desk.domain.nik import check_nik
from kupang_desk.domain.validation import open_issues, validate_worker
from kupang_desk.services import rates as rate_service
from kupang_desk.services.context import AppContext
from kupang_desk.store import family as family_store
from kupang_desk.store import memberships as membership_store
from kupang_desk.store import opd as opd_store
from kupang_desk.store import workers as worker_store


def explain_nik(nik: str, *, today: date | None = None) -> dict:
    """The facts a NIK encodes (region names, birth date ISO, sex L/P) and its issues."""
    result = check_nik(nik, today=today)
    info = result.info
    return {
        "nik": result.nik,
        "valid": result.valid,
        "province": info.province if info else None,
        "regency": info.regency if info else None,
        "district": info.district if info else None,
        "birth_date": info.birth_date.isoformat() if info else None,
        "sex": info.sex if info else None,
        "errors": [i.message for i in result.issues if i.is_error],
        "warnings": [i.message for i in result.issues if not i.is_error],
    }


def explain_nip(nip: str) -> dict:
    """What a PNS NIP or an NI PPPK encodes (kind, birth date ISO, appointment, sex L/P,
    serial) and its issues."""
    result = identifiers.explain_nip(identifiers.digits_only(nip))
    info = result.info
    return {
        "nip": result.nip,
        "valid": result.valid,
        "kind": info.kind if info else None,
        "birth_date": info.birth_date.isoformat() if info else None,
        "appointed": info.appointed if info else None,
        "code": (info.code or None) if info else None,
        "sex": info.sex if info else None,
        "serial": info.serial if info else None,
        "errors": [i.message for i in result.issues if i.is_error],
        "warnings": [i.message for i in result.issues if not i.is_error],
    }


@dataclass(frozen=True)
class RecordProblem:
    worker_id: int
    nik: str
    name: str
    opd_code: str
    issues: list[Issue]

    @property
    def errors(self) -> int:
        return sum(i.is_error for i in self.issues)

    def as_dict(self) -> dict:
        return {
            "worker_id": self.worker_id,
            "nik": self.nik,
            "name": self.name,
            "opd": self.opd_code,
            "errors": [i.message for i in self.issues if i.is_error],
            "warnings": [i.message for i in self.issues if not i.is_error],
        }


def _by_worker(items: Iterator) -> Iterator[tuple[int, list]]:
    for worker_id, group in groupby(items, key=lambda item: item.worker_id):
        yield worker_id, list(group)


class _Follower:
    """Walks a worker-ordered stream beside the workers, handing out each worker's part."""

    def __init__(self, items: Iterator) -> None:
        self._groups = _by_worker(items)
        self._current = next(self._groups, None)

    def take(self, worker_id: int) -> list:
        while self._current is not None and self._current[0] < worker_id:
            self._current = next(self._groups, None)
        if self._current is not None and self._current[0] == worker_id:
            return self._current[1]
        return []


def record_problems(
    ctx: AppContext, *, today: date | None = None, refresh: bool = False
) -> list[RecordProblem]:
    """Every worker record (with its family and memberships) that has errors or open
    warnings, re-checked against today's rules. With refresh, the "perlu perbaikan" counts
    the list shows are brought up to date as well."""
    today = today or date.today()
    floor = rate_service.umk(ctx, today)
    opd_names = {o.code: o.name for o in opd_store.list_opd(ctx.store)}
    look_alikes = worker_store.likely_duplicates(ctx.store)
    repeated = family_store.repeated_niks(ctx.store)
    members = _Follower(family_store.iter_all_members(ctx.store))
    memberships = _Follower(membership_store.iter_all_memberships(ctx.store))
    problems: list[RecordProblem] = []
    counts: dict[int, int] = {}
    for worker in worker_store.iter_workers_by_id(ctx.store, ctx.opd_scope):
        others = [
            entry
            for entry in look_alikes.get(
                (worker.name, worker.birth_date.isoformat() if worker.birth_date else ""), ()
            )
            if entry[0] != worker.nik
        ]
        issues = validate_worker(worker, today=today, umk=floor, look_alikes=others)
        family = members.take(worker.id)
        for member in family:
            issues += validate_member(member, today=today)
            if member.nik in repeated:
                issues.append(
                    error(
                        "nik",
                        f"{member.name}: NIK {member.nik} juga dipakai orang lain. "
                        "Periksa Kartu Keluarga.",
                        "family.nik_duplicate",
                    )
                )
        if family:
            issues += validate_family(worker.sex, family)
        for membership in memberships.take(worker.id):
            issues += validate_membership(membership)
        pending = open_issues(worker, issues)
        counts[worker.id] = len(pending)
        if pending:
            problems.append(
                RecordProblem(
                    worker.id,
                    worker.nik,
                    worker.name,
                    opd_names.get(worker.opd_code, worker.opd_code),
                    sorted(pending, key=lambda issue: not issue.is_error),
                )
            )
    if refresh:
        worker_store.set_open_issues(ctx.store, counts, user=ctx.user)
    return problems
