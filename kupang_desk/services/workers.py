"""Registering and changing workers: validation first, then one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kupang_desk.domain.entities import Opd, Worker, WorkerStatus
from kupang_desk.domain.issues import Issue, error, has_errors
from kupang_desk.domain.nik import has_mismatch
from kupang_desk.domain.queries import WorkerListRow, WorkerQuery
from kupang_desk.domain.validation import normalize_worker, open_issues, validate_worker
from kupang_desk.services import rates as rate_service
from kupang_desk.services.context import AppContext
from kupang_desk.services.nik_holders import may_see
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
    """Every rule, including those that need the database (unique NIK, likely duplicates)."""
    worker = normalize_worker(worker)
    holder = (
        worker_store.holder_of_nik(ctx.store, worker.nik, except_worker=worker.id)
        if worker.nik
        else None
    )
    nik_holder = None
    if holder:
        # Another OPD's people are not this user's to see: name neither person nor OPD.
        name = holder.name
        if holder.family_of:
            name = f"{name} (anggota keluarga {holder.family_of})"
        nik_holder = (name, holder.opd_name) if may_see(ctx, holder.opd_code) else (None, "")
    return _opd_issues(ctx, worker) + validate_worker(
        worker,
        umk=rate_service.umk(ctx),
        nik_holder=nik_holder,
        look_alikes=worker_store.look_alikes(
            ctx.store, worker.name, worker.birth_date, worker.nik, worker.id
        ),
    )


def _opd_issues(ctx: AppContext, worker: Worker) -> list[Issue]:
    """A deactivated OPD takes no new workers; those it has stay and can still be edited."""
    opd = opd_store.get_opd(ctx.store, worker.opd_code) if worker.opd_code else None
    if opd is None or opd.active:
        return []
    stored = worker_store.get_worker(ctx.store, worker.id) if worker.id is not None else None
    if stored is not None and stored.opd_code == worker.opd_code:
        return []
    return [
        error(
            "opd_code",
            f"OPD {opd.name} sudah nonaktif: pegawai baru atau pindahan tidak dapat dimasukkan "
            "ke sana. Pilih OPD lain, atau admin mengaktifkannya lagi di Alat → OPD.",
            "opd.inactive",
        )
    ]


def save_worker(ctx: AppContext, worker: Worker, *, accept_warnings: bool = False) -> SaveResult:
    """Save when there is no error; warnings need `accept_warnings`, and are then remembered
    as accepted for this record so it leaves the "perlu perbaikan" list."""
    worker = normalize_worker(worker)
    ctx.require_edit(worker.opd_code)
    if worker.id is not None:
        stored = worker_store.get_worker(ctx.store, worker.id)
        if stored is not None:
            ctx.require_edit(stored.opd_code)
    issues = check_worker(ctx, worker)
    pending = open_issues(worker, issues)
    if has_errors(issues) or (pending and not accept_warnings):
        return SaveResult(None, pending if not has_errors(issues) else issues)
    accepted = sorted({i.code for i in issues if not i.is_error})
    worker = replace(worker, accepted_warnings=",".join(accepted), open_issues=0)
    if worker.nik_mismatch_reason and not has_mismatch(issues):
        # NIK and birth date agree now: a reason kept would excuse a later slip unasked.
        worker = replace(worker, nik_mismatch_reason="")
    try:
        if worker.id is None:
            saved = worker_store.insert_worker(ctx.store, worker, user=ctx.user)
        else:
            saved = worker_store.update_worker(ctx.store, worker, user=ctx.user)
    except DuplicateNik as exc:  # another window saved the same NIK meanwhile
        return SaveResult(None, [error("nik", str(exc), "nik.duplicate")])
    return SaveResult(saved, issues)


class DeactivationRefused(Exception):
    """Deactivation without reason or date; `str()` is for the clerk."""


def deactivate_worker(ctx: AppContext, worker_id: int, *, reason: str, on: date) -> Worker:
    """Mark a worker nonaktif with reason and date; the record and its history stay."""
    reason = " ".join(reason.split())
    if not reason:
        raise DeactivationRefused("Tulis alasan nonaktif, mis. kontrak berakhir atau meninggal.")
    worker = get_worker(ctx, worker_id)
    if worker is None:
        raise DeactivationRefused("Pegawai ini tidak ada lagi. Muat ulang daftar.")
    ctx.require_edit(worker.opd_code)
    changed = replace(worker, status=WorkerStatus.NONAKTIF, status_reason=reason, status_date=on)
    return worker_store.update_worker(ctx.store, changed, user=ctx.user, action="deactivate")


def reactivate_worker(ctx: AppContext, worker_id: int) -> Worker:
    worker = get_worker(ctx, worker_id)
    if worker is None:
        raise DeactivationRefused("Pegawai ini tidak ada lagi. Muat ulang daftar.")
    ctx.require_edit(worker.opd_code)
    changed = replace(worker, status=WorkerStatus.AKTIF, status_reason="", status_date=None)
    return worker_store.update_worker(ctx.store, changed, user=ctx.user, action="reactivate")


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
