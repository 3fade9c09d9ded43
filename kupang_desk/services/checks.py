"""Checking records: one NIK explained (`check nik`), and every record that needs fixing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from kupang_desk.domain import identifiers
from kupang_desk.domain.bpjs_readiness import programs_for, readiness_issues
from kupang_desk.domain.entities import MembershipStatus, Program, Worker
from kupang_desk.domain.family import validate_family, validate_member
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.memberships import validate_membership
from kupang_desk.domain.nik import MISMATCH_CODES, check_nik
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.domain.settings import PemdaSettings
from kupang_desk.domain.validation import open_issues, pension_issues, validate_worker
from kupang_desk.domain.verification import nik_reason_notes
from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext
from kupang_desk.services.exporting import kecamatan_codes
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
        "sex": (info.sex or "") if info else None,  # "": digit 15 is neither 1 nor 2
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


class ChecksCancelled(Exception):
    """Batal was pressed during the check; nothing was changed."""


@dataclass(frozen=True)
class _Facts:
    """What the rules need besides one record, read once per check."""

    today: date
    floor: int
    kecamatan: frozenset[str]
    look_alikes: dict
    repeated: Callable[[str], bool]  # a family NIK held by someone else too
    settings: PemdaSettings  # the programs of each employment type, JP enrolled or not


def _in_jp(worker: Worker, memberships: list, settings: PemdaSettings) -> bool:
    """The worker's own current Ketenagakerjaan membership names its programs; without one
    the pemda's enrolled set applies (as on the printed list). A type not enrolled in BPJS
    Ketenagakerjaan (PPPK: Taspen) pays no JP here."""
    if not settings.enrolled(worker.employment_type, "ketenagakerjaan"):
        return False
    own = [
        m
        for m in memberships
        if m.program == Program.KETENAGAKERJAAN
        and m.family_member_id is None
        and m.status != MembershipStatus.INACTIVE
    ]
    if not own:
        return settings.jp_enrolled
    return "JP" in own[-1].tk_programs.split(",")


def _record_issues(worker: Worker, family: list, memberships: list, facts: _Facts) -> list[Issue]:
    """Every open issue of one worker with family and memberships, errors first: the
    save rules of today, then what BPJS needs (domain.bpjs_readiness)."""
    others = [
        entry
        for entry in facts.look_alikes.get(
            (worker.name, worker.birth_date.isoformat() if worker.birth_date else ""), ()
        )
        if entry[0] != worker.nik
    ]
    issues = validate_worker(worker, today=facts.today, umk=facts.floor, look_alikes=others)
    issues += pension_issues(
        worker, facts.today, jp_enrolled=_in_jp(worker, memberships, facts.settings)
    )
    for member in family:
        issues += validate_member(member, today=facts.today)
        if member.nik and facts.repeated(member.nik):
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
    for membership in memberships:
        issues += validate_membership(membership)
    issues += readiness_issues(
        worker,
        family,
        programs_for(worker, {m.program for m in memberships}, facts.settings),
        kecamatan_names=facts.kecamatan,
    )
    # A NIK mismatch saved with its reason is a note for the verifikator until verified,
    # whoever accepted the warning (the worker's acceptance would hide it, a family
    # member's has none).
    issues = [i for i in open_issues(worker, issues) if i.is_error or i.code not in MISMATCH_CODES]
    issues += nik_reason_notes(worker, family, memberships, today=facts.today)
    return sorted(issues, key=lambda issue: not issue.is_error)


def worker_problems(ctx: AppContext, worker_id: int, *, today: date | None = None) -> list[Issue]:
    """The open issues of one worker, as Perlu Perbaikan lists them (for the list's Periksa
    column, which shows them only for the rows on screen)."""
    worker = worker_store.get_worker(ctx.store, worker_id)
    if worker is None:
        return []
    ctx.require_opd(worker.opd_code)
    today = today or date.today()
    facts = _Facts(
        today,
        rate_service.umk(ctx, today),
        frozenset(kecamatan_codes(ctx)),
        {
            (worker.name, worker.birth_date.isoformat() if worker.birth_date else ""): (
                worker_store.look_alikes(
                    ctx.store, worker.name, worker.birth_date, worker.nik, worker.id
                )
            )
        },
        lambda nik: len(family_store.holders_of_nik(ctx.store, nik)) > 1,
        settings_service.load(ctx),
    )
    return _record_issues(
        worker,
        family_store.list_members(ctx.store, worker_id),
        membership_store.list_memberships(ctx.store, worker_id),
        facts,
    )


PROGRESS_EVERY = 2000  # workers between progress reports and looks at Batal


def record_problems(
    ctx: AppContext,
    *,
    today: date | None = None,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[RecordProblem]:
    """Every worker record (with its family and memberships) that has errors, open
    warnings or gaps BPJS would refuse, re-checked against today's rules. With refresh,
    the "perlu perbaikan" counts the list shows are brought up to date as well.

    progress(done, total) is called every PROGRESS_EVERY workers; when cancelled() turns
    true, ChecksCancelled is raised and nothing is written. Runs on any thread: it only
    uses ctx's connection (give a worker thread a context of its own)."""
    today = today or date.today()
    total = worker_store.count_workers(ctx.store, WorkerQuery(opd_code=ctx.opd_scope))["total"]
    opd_names = {o.code: o.name for o in opd_store.list_opd(ctx.store)}
    repeated = family_store.repeated_niks(ctx.store)
    facts = _Facts(
        today,
        rate_service.umk(ctx, today),
        frozenset(kecamatan_codes(ctx)),
        worker_store.likely_duplicates(ctx.store),
        repeated.__contains__,
        settings_service.load(ctx),
    )
    members = _Follower(family_store.iter_all_members(ctx.store))
    memberships = _Follower(membership_store.iter_all_memberships(ctx.store))
    problems: list[RecordProblem] = []
    counts: dict[int, int] = {}
    for done, worker in enumerate(worker_store.iter_workers_by_id(ctx.store, ctx.opd_scope)):
        if done % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise ChecksCancelled("Pemeriksaan dibatalkan; tidak ada yang diubah.")
            if progress is not None:
                progress(done, total)
        worker_id = worker.saved_id
        pending = _record_issues(
            worker, members.take(worker_id), memberships.take(worker_id), facts
        )
        counts[worker_id] = len(pending)
        if pending:
            problems.append(
                RecordProblem(
                    worker_id,
                    worker.nik,
                    worker.name,
                    opd_names.get(worker.opd_code, worker.opd_code),
                    pending,
                )
            )
    if cancelled is not None and cancelled():
        raise ChecksCancelled("Pemeriksaan dibatalkan; tidak ada yang diubah.")
    if refresh:
        worker_store.set_open_issues(ctx.store, counts, user=ctx.user)
    if progress is not None:
        progress(total, total)
    return problems
