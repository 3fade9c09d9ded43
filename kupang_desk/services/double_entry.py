"""Double entry by the verifikator (issue 15 §1): type the key fields again from the KTP/KK,
confirm what matches, decide what differs, and a queue with its progress per OPD.

Whoever last typed a worker's key fields may not confirm them (domain/permissions.
may_confirm); memberships are verified only once every key field is confirmed
(`require_confirmed`, asked by services/family.change_status).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kupang_desk.domain import permissions
from kupang_desk.domain.double_entry import (
    DECISION_ACTION,
    FAMILY_MEMBER,
    FIELD_LABEL,
    KEY_FIELDS,
    WORKER,
    FieldCheck,
    compare,
    last_typist,
    unconfirmed_fields,
    value_hash,
)
from kupang_desk.domain.entities import FamilyMember, MembershipStatus, Sex, Worker, enum_or_none
from kupang_desk.domain.family import validate_member
from kupang_desk.domain.issues import has_errors
from kupang_desk.domain.memberships import TransitionRefused, transition
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.workers import check_worker
from kupang_desk.store import family as family_store
from kupang_desk.store import key_confirmations as confirmation_store
from kupang_desk.store import memberships as membership_store
from kupang_desk.store import workers as worker_store
from kupang_desk.store.key_confirmations import QueueEntry

Person = tuple[str, int]  # (entity, id)


class DecisionRefused(Exception):
    """A correction the rules refuse, or a send-back without reason; `str()` is for the clerk."""


@dataclass(frozen=True)
class BlankPerson:
    """One person whose key fields are typed: no saved value travels to the dialog."""

    entity: str
    entity_id: int
    title: str  # "Pegawai", "Anggota keluarga 1 (istri)"
    fields: tuple[str, ...]


def _worker(ctx: AppContext, worker_id: int) -> Worker:
    worker = worker_store.get_worker(ctx.store, worker_id)
    if worker is None:
        raise DecisionRefused("Pegawai ini tidak ada lagi. Muat ulang daftar.")
    ctx.require("double_entry", worker.opd_code)
    return worker


def _start(ctx: AppContext, worker_id: int) -> Worker:
    """The role table, then the second-pair-of-eyes rule."""
    worker = _worker(ctx, worker_id)
    typist = last_typist(confirmation_store.typing_history(ctx.store, worker_id))
    if not permissions.may_confirm(ctx.user, typist):
        raise AccessDenied(
            f"{worker.name}: data kunci (NIK, nama, tanggal lahir, No. KK) terakhir diketik oleh "
            f"{ctx.user} sendiri. Verifikasi harus oleh orang lain."
        )
    return worker


def blank_sheet(ctx: AppContext, worker_id: int) -> list[BlankPerson]:
    """Who is to be typed, in KTP then KK order; the saved values stay here."""
    _start(ctx, worker_id)
    people = [BlankPerson(WORKER, worker_id, "Pegawai", KEY_FIELDS[WORKER])]
    for number, member in enumerate(family_store.list_members(ctx.store, worker_id), 1):
        assert member.id is not None
        people.append(
            BlankPerson(
                FAMILY_MEMBER,
                member.id,
                f"Anggota keluarga {number} ({member.relation or '-'})",
                KEY_FIELDS[FAMILY_MEMBER],
            )
        )
    return people


def _saved(ctx: AppContext, worker_id: int) -> dict[Person, Worker | FamilyMember]:
    saved: dict[Person, Worker | FamilyMember] = {(WORKER, worker_id): _worker(ctx, worker_id)}
    for member in family_store.list_members(ctx.store, worker_id):
        assert member.id is not None
        saved[(FAMILY_MEMBER, member.id)] = member
    return saved


def _who(record: Worker | FamilyMember) -> str:
    noun = "pegawai" if isinstance(record, Worker) else "anggota keluarga"
    return f"{noun} {record.name}"


def check_typed(
    ctx: AppContext, worker_id: int, typed: dict[Person, dict[str, str]]
) -> list[FieldCheck]:
    """Compare each typed field with the saved one; the equal ones are confirmed at once
    (one history row per person). Returns every comparison; the unequal ones await a
    decision (`keep_saved`, `correct` or `send_back`)."""
    _start(ctx, worker_id)
    checks: list[FieldCheck] = []
    for (entity, entity_id), record in _saved(ctx, worker_id).items():
        found = compare(entity, entity_id, vars(record), typed.get((entity, entity_id), {}))
        checks += found
        equal = {c.field: value_hash(c.field, c.stored) for c in found if c.equal}
        if equal:
            labels = ", ".join(FIELD_LABEL[f] for f in equal)
            differ = [c.label for c in found if not c.equal]
            note = f"; berbeda: {', '.join(differ)}" if differ else ""
            confirmation_store.confirm(
                ctx.store,
                entity,
                entity_id,
                equal,
                user=ctx.user,
                worker_id=worker_id,
                decision={"keputusan": f"{_who(record)}: cocok {labels}{note}"},
            )
    return checks


def _differs(check: FieldCheck) -> str:
    return f"{check.label} diketik operator {check.stored or '(kosong)'}, diketik verifikator " + (
        check.typed or "(kosong)"
    )


def keep_saved(ctx: AppContext, worker_id: int, check: FieldCheck) -> None:
    """The operator's value is right (the verifikator mistyped): confirm it."""
    _start(ctx, worker_id)
    record = _saved(ctx, worker_id).get((check.entity, check.entity_id))
    if record is None:
        raise DecisionRefused("Anggota keluarga ini sudah dihapus. Muat ulang.")
    fresh = compare(check.entity, check.entity_id, vars(record), {check.field: check.typed})
    current = next(c for c in fresh if c.field == check.field)
    confirmation_store.confirm(
        ctx.store,
        check.entity,
        check.entity_id,
        {check.field: value_hash(check.field, current.stored)},
        user=ctx.user,
        worker_id=worker_id,
        decision={"keputusan": f"{_who(record)}: {_differs(check)}; data operator benar"},
    )


def correct(ctx: AppContext, worker_id: int, check: FieldCheck) -> None:
    """The verifikator's value is right (read from the KTP/KK): save it with the same rules
    as the form, and confirm it, in one transaction with its history rows."""
    worker = _start(ctx, worker_id)
    value: Any = check.typed
    if check.field == "birth_date":
        value = date.fromisoformat(check.typed) if check.typed else None
    elif check.field == "sex":
        value = enum_or_none(Sex, check.typed)
    with ctx.store.transaction():
        if check.entity == WORKER:
            changed = replace(worker, **{check.field: value})
            issues = [i for i in check_worker(ctx, changed) if i.is_error]
            if issues:
                raise DecisionRefused("; ".join(i.message for i in issues))
            worker_store.update_worker(ctx.store, changed, user=ctx.user, action=DECISION_ACTION)
            who = _who(changed)
        else:
            member = family_store.get_member(ctx.store, check.entity_id)
            if member is None or member.worker_id != worker_id:
                raise DecisionRefused("Anggota keluarga ini sudah dihapus. Muat ulang.")
            member = replace(member, **{check.field: value})
            found = validate_member(member)
            if has_errors(found):
                raise DecisionRefused("; ".join(i.message for i in found if i.is_error))
            family_store.save_members(
                ctx.store, worker_id, [member], user=ctx.user, action=DECISION_ACTION
            )
            who = _who(member)
        confirmation_store.confirm(
            ctx.store,
            check.entity,
            check.entity_id,
            {check.field: value_hash(check.field, check.typed)},
            user=ctx.user,
            worker_id=worker_id,
            decision={"keputusan": f"{who}: {_differs(check)}; diperbaiki sesuai KTP/KK"},
        )


def send_back(ctx: AppContext, worker_id: int, reason: str, differing: list[FieldCheck]) -> int:
    """Back to the operator: the worker's draft and verified memberships are rejected with
    the reason (the operator proposes them again after fixing). Returns how many."""
    worker = _start(ctx, worker_id)
    reason = " ".join(reason.split())
    if not reason:
        raise DecisionRefused("Tulis alasan pengembalian untuk operator.")
    detail = "; ".join(_differs(c) for c in differing)
    full = f"Entri ganda: {reason}" + (f" ({detail})" if detail else "")
    sent = 0
    with ctx.store.transaction() as db:
        for m in membership_store.list_memberships(ctx.store, worker_id):
            if m.status in (MembershipStatus.DRAFT, MembershipStatus.VERIFIED):
                rejected = transition(m, MembershipStatus.REJECTED, date.today(), full)
                membership_store.save_membership(
                    ctx.store, rejected, user=ctx.user, action=f"status:{rejected.status}"
                )
                sent += 1
        confirmation_store.record_decision(
            db,
            user=ctx.user,
            worker_id=worker_id,
            decision={"keputusan": f"{_who(worker)}: dikembalikan ke operator: {full}"},
        )
    return sent


def unconfirmed(ctx: AppContext, worker_id: int) -> list[str]:
    """Readable list of the key fields not (or no longer) confirmed, e.g. "NIK pegawai X"."""
    missing = []
    for (entity, entity_id), record in _saved(ctx, worker_id).items():
        hashes = confirmation_store.confirmed_hashes(ctx.store, entity, entity_id)
        for name in unconfirmed_fields(entity, vars(record), hashes):
            missing.append(f"{FIELD_LABEL[name]} {_who(record)}")
    return missing


def require_confirmed(ctx: AppContext, worker_id: int) -> None:
    """Refuse verifying a membership while a key field of the worker or family is open."""
    if confirmation_store.is_confirmed(ctx.store, worker_id):
        return
    missing = unconfirmed(ctx, worker_id)
    raise TransitionRefused(
        "Belum bisa diverifikasi: data kunci belum dicek ulang orang kedua (entri ganda): "
        f"{', '.join(missing)}. Jalankan Verifikasi data kunci dulu."
    )


def waiting(ctx: AppContext, opd_code: str | None = None) -> list[QueueEntry]:
    """The queue: active workers not yet confirmed, priority first then by name."""
    ctx.require("double_entry", opd_code)
    return confirmation_store.queue(ctx.store, opd_code or ctx.opd_scope)


def progress(ctx: AppContext, opd_code: str | None = None) -> dict[str, tuple[int, int]]:
    """Per OPD code: (confirmed, active workers) — "x dari y terverifikasi"."""
    if opd_code is not None:
        ctx.require_opd(opd_code)
    return confirmation_store.progress(ctx.store, opd_code or ctx.opd_scope)


def progress_text(counts: dict[str, tuple[int, int]]) -> str:
    done = sum(x for x, _ in counts.values())
    total = sum(y for _, y in counts.values())
    return f"{done} dari {total} terverifikasi"
