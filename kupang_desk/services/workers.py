"""Registering and changing workers: validation first, then one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kupang_desk.domain.entities import Opd, Worker
from kupang_desk.domain.issues import Issue, error, has_errors
from kupang_desk.domain.queries import WorkerListRow, WorkerQuery
from kupang_desk.domain.validation import normalize_worker, validate_worker
from kupang_desk.services.context import AppContext
from kupang_desk.store import opd as opd_store
from kupang_desk.store import workers as worker_store
from kupang_desk.store.errors import DuplicateNik


@dataclass
class SaveResult:
    worker: Worker | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.worker is not None

    @property
    def needs_confirmation(self) -> bool:
        """Only warnings stand in the way: the clerk may accept them."""
        return not self.saved and bool(self.issues) and not has_errors(self.issues)


def check_worker(ctx: AppContext, worker: Worker) -> list[Issue]:
    """Every rule, including those that need the database (unique NIK)."""
    worker = normalize_worker(worker)
    issues = validate_worker(worker)
    holder = worker_store.holder_of_nik(ctx.store, worker.nik) if worker.nik else None
    if holder and holder[0] != worker.id:
        # Another OPD's worker is not this user's to see: name the OPD, not the person.
        holder_opd = worker_store.get_worker(ctx.store, holder[0]).opd_code
        in_scope = ctx.opd_scope in (None, holder_opd)
        who = f"atas nama {holder[1]} di {holder[2]}" if in_scope else f"di {holder[2]}"
        issues.insert(0, error("nik", f"NIK {worker.nik} sudah terdaftar {who}.", "nik.duplicate"))
    return issues


def save_worker(ctx: AppContext, worker: Worker, *, accept_warnings: bool = False) -> SaveResult:
    worker = normalize_worker(worker)
    ctx.require_edit(worker.opd_code)
    if worker.id is not None:
        stored = worker_store.get_worker(ctx.store, worker.id)
        if stored is not None:
            ctx.require_edit(stored.opd_code)
    issues = check_worker(ctx, worker)
    if has_errors(issues) or (issues and not accept_warnings):
        return SaveResult(None, issues)
    try:
        if worker.id is None:
            saved = worker_store.insert_worker(ctx.store, worker, user=ctx.user)
        else:
            saved = worker_store.update_worker(ctx.store, worker, user=ctx.user)
    except DuplicateNik as exc:  # another window saved the same NIK meanwhile
        return SaveResult(None, [error("nik", str(exc), "nik.duplicate")])
    return SaveResult(saved, issues)


def get_worker(ctx: AppContext, worker_id: int) -> Worker | None:
    worker = worker_store.get_worker(ctx.store, worker_id)
    if worker is not None:
        ctx.require_opd(worker.opd_code)
    return worker


def _scoped(ctx: AppContext, query: WorkerQuery) -> WorkerQuery | None:
    """The query limited to the user's OPD; None when it asks for another OPD (no rows)."""
    scope = ctx.opd_scope
    if scope is None:
        return query
    if query.opd_code and query.opd_code != scope:
        return None
    return replace(query, opd_code=scope)


def list_opd(ctx: AppContext) -> list[Opd]:
    scope = ctx.opd_scope
    return [o for o in opd_store.list_opd(ctx.store) if scope is None or o.code == scope]


def save_opd(ctx: AppContext, opd: Opd) -> None:
    ctx.require_role("admin")
    opd_store.save_opd(ctx.store, opd, user=ctx.user)


def count_workers(ctx: AppContext, query: WorkerQuery) -> dict[str, int]:
    scoped = _scoped(ctx, query)
    if scoped is None:
        return {"total": 0, "L": 0, "P": 0}
    return worker_store.count_workers(ctx.store, scoped)


def page_workers(
    ctx: AppContext, query: WorkerQuery, offset: int, limit: int
) -> list[WorkerListRow]:
    scoped = _scoped(ctx, query)
    if scoped is None:
        return []
    return worker_store.page_workers(ctx.store, scoped, offset, limit)
