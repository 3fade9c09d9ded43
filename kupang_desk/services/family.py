"""A worker's family and BPJS memberships: checked by the domain rules, saved with history."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from kupang_desk.domain.entities import FamilyMember, Membership, MembershipStatus, Worker
from kupang_desk.domain.family import (
    arrange_children,
    normalize_member,
    validate_family,
    validate_member,
)
from kupang_desk.domain.issues import Issue, error, has_errors
from kupang_desk.domain.memberships import (
    PROGRAM_LABEL,
    STATUS_LABEL,
    normalize_membership,
    transition,
    validate_membership,
)
from kupang_desk.domain.nik import has_mismatch
from kupang_desk.domain.permissions import TRANSITION_ACTION
from kupang_desk.services import double_entry
from kupang_desk.services.context import AppContext
from kupang_desk.services.nik_holders import may_see
from kupang_desk.store import family as family_store
from kupang_desk.store import memberships as membership_store
from kupang_desk.store import workers as worker_store


class NotFound(Exception):
    """The worker or record is gone; `str()` is for the clerk."""


def _worker(ctx: AppContext, worker_id: int) -> Worker:
    worker = worker_store.get_worker(ctx.store, worker_id)
    if worker is None:
        raise NotFound("Pegawai ini tidak ada lagi. Muat ulang daftar.")
    ctx.require_opd(worker.opd_code)
    return worker


@dataclass
class FamilySaveResult:
    members: list[FamilyMember] | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.members is not None


def list_family(ctx: AppContext, worker_id: int) -> list[FamilyMember]:
    _worker(ctx, worker_id)
    return family_store.list_members(ctx.store, worker_id)


def check_family(
    ctx: AppContext, worker_id: int, members: list[FamilyMember], *, today: date | None = None
) -> list[Issue]:
    """Every family rule, including NIKs already held by someone else in the database."""
    worker = _worker(ctx, worker_id)
    issues: list[Issue] = []
    seen: dict[str, str] = {worker.nik: worker.name}
    for member in members:
        issues += validate_member(member, today=today)
        if not member.nik:
            continue
        if member.nik in seen:
            issues.append(
                error(
                    "nik",
                    f"{member.name}: NIK {member.nik} sama dengan NIK {seen[member.nik]} di "
                    "keluarga ini. Periksa Kartu Keluarga.",
                    "family.nik_repeated",
                )
            )
            continue
        seen[member.nik] = member.name
        for role, holder_id, name, opd_name, opd_code in family_store.holders_of_nik(
            ctx.store, member.nik
        ):
            if role != "pegawai" and holder_id == member.id:
                continue  # this very member, saved before
            hint = (
                "Suami/istri yang juga pegawai didaftarkan sebagai peserta sendiri, bukan "
                "tanggungan."
                if role == "pegawai"
                else "Periksa NIK di Kartu Keluarga."
            )
            if may_see(ctx, opd_code):
                taken = f"sudah terdaftar atas nama {name} ({role}) di {opd_name}. {hint}"
            else:  # another OPD's person: not this user's to learn of
                taken = "sudah terdaftar di OPD lain; hubungi admin."
            issues.append(
                error("nik", f"{member.name}: NIK {member.nik} {taken}", "family.nik_duplicate")
            )
    issues += validate_family(worker.sex, members)
    return sorted(issues, key=lambda issue: not issue.is_error)


def save_family(
    ctx: AppContext, worker_id: int, members: list[FamilyMember], *, today: date | None = None
) -> FamilySaveResult:
    """Children past the third become "tambahan" before saving; errors block the save."""
    ctx.require("edit_family", _worker(ctx, worker_id).opd_code)
    members = arrange_children([normalize_member(replace(m, worker_id=worker_id)) for m in members])
    issues = check_family(ctx, worker_id, members, today=today)
    if has_errors(issues):
        return FamilySaveResult(None, issues)
    # A reason kept after NIK and birth date agree again would excuse a later slip unasked.
    members = [
        m
        if not m.nik_mismatch_reason or has_mismatch(validate_member(m, today=today))
        else replace(m, nik_mismatch_reason="")
        for m in members
    ]
    saved = family_store.save_members(ctx.store, worker_id, members, user=ctx.user)
    return FamilySaveResult(saved, issues)


def remove_family_member(ctx: AppContext, member_id: int, *, reason: str) -> None:
    member = family_store.get_member(ctx.store, member_id)
    if member is None:
        return
    ctx.require("edit_family", _worker(ctx, member.worker_id).opd_code)
    family_store.remove_member(ctx.store, member_id, user=ctx.user, reason=reason)


def list_memberships(ctx: AppContext, worker_id: int) -> list[Membership]:
    _worker(ctx, worker_id)
    return membership_store.list_memberships(ctx.store, worker_id)


def check_membership(ctx: AppContext, m: Membership) -> list[Issue]:
    """The membership's own rules, a card number used once, one record per person and program."""
    issues = validate_membership(m)
    twin = [
        other
        for other in membership_store.list_memberships(ctx.store, m.worker_id)
        if other.id != m.id
        and other.program == m.program
        and other.family_member_id == m.family_member_id
        and other.status != MembershipStatus.INACTIVE
    ]
    if twin:
        issues.append(
            error(
                "program",
                f"Orang ini sudah punya kepesertaan {PROGRAM_LABEL[m.program]} "
                f"(status {STATUS_LABEL[twin[0].status]}). "
                "Ubah yang ada; yang lama harus tidak aktif sebelum membuat yang baru.",
                "membership.twin",
            )
        )
    if m.card_number:
        holder = membership_store.holder_of_card(ctx.store, m.card_number)
        if holder and holder[0] != m.id:
            issues.append(
                error(
                    "card_number",
                    f"No. kartu {m.card_number} sudah dipakai {holder[1]}. Periksa kartunya.",
                    "membership.card_duplicate",
                )
            )
    return issues


@dataclass
class MembershipSaveResult:
    membership: Membership | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.membership is not None


def save_membership(ctx: AppContext, m: Membership) -> MembershipSaveResult:
    ctx.require("edit_membership", _worker(ctx, m.worker_id).opd_code)
    m = normalize_membership(m)
    if m.id is not None:
        stored = membership_store.get_membership(ctx.store, m.id)
        # The status moves only through change_status, so each step keeps its date.
        if stored is not None:
            m = replace(
                m,
                status=stored.status,
                rejected_reason=stored.rejected_reason,
                **{k: getattr(stored, k) for k in _STEP_DATES},
            )
    issues = check_membership(ctx, m)
    if has_errors(issues):
        return MembershipSaveResult(None, issues)
    return MembershipSaveResult(
        membership_store.save_membership(ctx.store, m, user=ctx.user), issues
    )


_STEP_DATES = ("verified_at", "submitted_at", "active_at", "rejected_at", "inactive_at")


def change_status(
    ctx: AppContext,
    membership_id: int,
    new_status: MembershipStatus,
    *,
    on: date,
    reason: str = "",
) -> Membership:
    """One step of draft → verified → submitted → active / rejected / inactive.

    Who may take which step is the role table's (domain/permissions.TRANSITION_ACTION):
    an operator only proposes again; verifying, submitting and rejecting are the
    verifikator's; activating is the admin's.
    Raises TransitionRefused with a message for the clerk.
    """
    m = membership_store.get_membership(ctx.store, membership_id)
    if m is None:
        raise NotFound("Kepesertaan ini tidak ada lagi. Muat ulang.")
    opd_code = _worker(ctx, m.worker_id).opd_code
    action = TRANSITION_ACTION.get((m.status, new_status))
    if action is not None:  # an impossible step is refused by transition() below
        ctx.require(action, opd_code)
    if new_status == MembershipStatus.VERIFIED:
        double_entry.require_confirmed(ctx, m.worker_id)
    changed = transition(m, new_status, on, reason)
    return membership_store.save_membership(
        ctx.store, changed, user=ctx.user, action=f"status:{new_status}"
    )
