"""What the verifikator must look at before verifying: a NIK saved with a written reason
although its digits differ from the typed birth date or sex (domain.nik.check_nik).

The clerk accepted the warning when saving; the note stays in Perlu Perbaikan for each
such person until one of their memberships is verified (or further along): verifying is
the verifikator's word that the KTP, the KK and Dukcapil's correction were seen. Pure
Python: the caller passes the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kupang_desk.domain.entities import (
    FamilyMember,
    Membership,
    MembershipStatus,
    Sex,
    Worker,
    WorkerStatus,
)
from kupang_desk.domain.family import on_worker_list
from kupang_desk.domain.issues import Issue, warning
from kupang_desk.domain.nik import MISMATCH_CODES, check_nik

VERIFIED = frozenset(
    {MembershipStatus.VERIFIED, MembershipStatus.SUBMITTED, MembershipStatus.ACTIVE}
)
NIK_REASON = "verify.nik_mismatch"


def nik_reason_notes(
    worker: Worker,
    family: Iterable[FamilyMember],
    memberships: Iterable[Membership],
    *,
    today: date,
) -> list[Issue]:
    """One warning per person (worker or listed family member) whose NIK mismatch was saved
    with a reason and who has no verified membership yet. Its code is not the mismatch's,
    so the clerk's acceptance does not hide it."""
    if worker.status == WorkerStatus.NONAKTIF:
        return []  # not sent to BPJS any more
    # (family member id, None for the worker; name, NIK, birth date, sex, reason)
    people: list[tuple[int | None, str, str, date | None, Sex | None, str]] = [
        (m.id, m.name, m.nik, m.birth_date, m.sex, m.nik_mismatch_reason)
        for m in family
        if m.nik_mismatch_reason and on_worker_list(m) and m.id is not None
    ]
    if worker.nik_mismatch_reason:
        people.insert(0, (None, worker.name, worker.nik, worker.birth_date, worker.sex,
                          worker.nik_mismatch_reason))  # fmt: skip
    if not people:
        return []  # nearly every record: nothing more to look at
    verified = {m.family_member_id for m in memberships if m.status in VERIFIED}
    notes = []
    for person, name, nik, birth_date, sex, reason in people:
        if person in verified:
            continue
        found = check_nik(nik, birth_date=birth_date, sex=sex, today=today, mismatch_reason=reason)
        excused = [i.message for i in found.issues if i.code in MISMATCH_CODES]
        if excused:
            notes.append(
                warning(
                    "nik",
                    f"Untuk verifikator: {name}: {'; '.join(excused)}. Cocokkan dengan KTP, KK "
                    "dan surat Dukcapil, lalu verifikasi kepesertaannya.",
                    NIK_REASON,
                )
            )
    return notes
