"""Reading the audit log: one record's history (the "Riwayat" tab) and the admin's search.

The same OPD rules as the records themselves: an operator reads only its own workers'
history; the whole log is for admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.history import describe, subject, when_text
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.store import audit
from kupang_desk.store import workers as worker_store


@dataclass(frozen=True)
class HistoryLine:
    id: int
    when: str  # "25 November 2026 10:15"
    user: str
    action: str
    entity: str
    entity_id: str
    text: str  # "mengubah Upah: Rp 2.900.000 → Rp 3.000.000"
    subject: str  # "pegawai MARIA GORETI NDUN (12)"

    def sentence(self) -> str:
        return f"{self.when} — {self.user} {self.text}"


def _line(entry: audit.AuditEntry) -> HistoryLine:
    return HistoryLine(
        entry.id,
        when_text(entry.at),
        entry.user,
        entry.action,
        entry.entity,
        entry.entity_id,
        describe(entry.action, entry.entity, entry.before, entry.after),
        subject(entry.entity, entry.entity_id, entry.before, entry.after),
    )


def record_history(ctx: AppContext, entity: str, entity_id: int | str) -> list[HistoryLine]:
    """Oldest first. Workers follow their OPD's access rule; other records are admin-only."""
    if entity == "worker":
        worker = worker_store.get_worker(ctx.store, int(entity_id))
        if worker is None:
            raise AccessDenied(f"Pegawai {entity_id} tidak ada.")
        ctx.require_opd(worker.opd_code)
    else:
        ctx.require_role(Role.ADMIN)
    return [_line(e) for e in audit.history(ctx.store.db, entity, entity_id)]


def search_log(
    ctx: AppContext, text: str = "", *, limit: int = 200, offset: int = 0
) -> list[HistoryLine]:
    """Newest first, admin only."""
    ctx.require_role(Role.ADMIN)
    return [_line(e) for e in audit.search(ctx.store.db, text, limit=limit, offset=offset)]
