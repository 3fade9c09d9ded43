"""BPJS memberships: what a card record must hold, and the steps of its status.

draft → verified → submitted → active, or rejected (with a reason) / inactive; each step
keeps its date. A rejected membership can be corrected and go back to draft.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kupang_desk.domain.entities import Membership, MembershipStatus, Program
from kupang_desk.domain.formatting import ribuan
from kupang_desk.domain.identifiers import check_jkn, check_kpj, digits_only
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.text_limits import clipped, length_issues

S = MembershipStatus
STATUS_LABEL = {
    S.DRAFT: "Draf",
    S.VERIFIED: "Terverifikasi",
    S.SUBMITTED: "Diajukan",
    S.ACTIVE: "Aktif",
    S.REJECTED: "Ditolak",
    S.INACTIVE: "Tidak aktif",
}
PROGRAM_LABEL = {
    Program.KESEHATAN: "BPJS Kesehatan",
    Program.KETENAGAKERJAAN: "BPJS Ketenagakerjaan",
}
NEXT_STATUSES: dict[MembershipStatus, tuple[MembershipStatus, ...]] = {
    S.DRAFT: (S.VERIFIED, S.REJECTED),
    S.VERIFIED: (S.SUBMITTED, S.REJECTED, S.DRAFT),
    S.SUBMITTED: (S.ACTIVE, S.REJECTED),
    S.ACTIVE: (S.INACTIVE,),
    S.REJECTED: (S.DRAFT,),
    S.INACTIVE: (S.DRAFT,),
}
_DATE_OF = {
    S.VERIFIED: "verified_at",
    S.SUBMITTED: "submitted_at",
    S.ACTIVE: "active_at",
    S.REJECTED: "rejected_at",
    S.INACTIVE: "inactive_at",
}
# On a printed list (daftar peserta, rekap) each person shows the status of their own
# membership of that program. No membership at all is "belum didaftarkan": listed without
# iuran and outside the JUMLAH of covered participants. Rejected and ended memberships are
# left out and counted in a note. Order: as the status rows of the totals are printed.
UNREGISTERED = "unregistered"
LISTED_LABEL = {
    S.ACTIVE: "Aktif",
    S.SUBMITTED: "Diajukan",
    S.VERIFIED: "Terverifikasi",
    S.DRAFT: "Diusulkan",
    UNREGISTERED: "Belum didaftarkan",
}
COVERED = (S.ACTIVE, S.SUBMITTED, S.VERIFIED, S.DRAFT)  # iuran printed and added up
PROPOSED = (S.SUBMITTED, S.VERIFIED, S.DRAFT)
LEFT_OUT = (S.REJECTED, S.INACTIVE)
# The print choice (`report daftar --status`, the print dialog): who is listed.
LIST_CHOICES: dict[str, tuple[str, ...]] = {
    "semua": (*COVERED, UNREGISTERED),
    "usulan": PROPOSED,
    "terdaftar": (S.ACTIVE,),
}
LIST_CHOICE_LABEL = {
    "semua": "Semua (aktif, usulan, belum didaftarkan)",
    "usulan": "Usulan (diusulkan, terverifikasi, diajukan)",
    "terdaftar": "Terdaftar (aktif saja)",
}
TK_PROGRAMS = ("JKK", "JKM", "JHT", "JP")
TK_REQUIRED = ("JKK", "JKM")  # the minimum a pemda must give its non-ASN
KELAS_RAWAT = ("1", "2", "3")
JKK_RISK_CLASSES = (1, 2, 3, 4, 5)  # 0,24 % … 1,74 % (PP 44/2015 Pasal 16)
_FASKES_CODE = re.compile(r"^[0-9]{4}[A-Z0-9][0-9]{3}$")  # e.g. 0138U020


class TransitionRefused(ValueError):
    """A status step that is not allowed; `str()` is for the clerk."""


def normalize_membership(membership: Membership) -> Membership:
    """Tidy typing; fields of the other program are emptied (a JKN card has no JKK class)."""
    programs = [p.strip().upper() for p in membership.tk_programs.split(",") if p.strip()]
    kesehatan = membership.program == Program.KESEHATAN
    return replace(
        membership,
        card_number=digits_only(membership.card_number),
        kelas_rawat=membership.kelas_rawat if kesehatan else "",
        faskes_code=membership.faskes_code.strip().upper() if kesehatan else "",
        faskes_name=" ".join(membership.faskes_name.split()).upper() if kesehatan else "",
        tk_programs="" if kesehatan else ",".join(p for p in TK_PROGRAMS if p in programs),
        jkk_risk_class=None if kesehatan else membership.jkk_risk_class,
        rejected_reason=" ".join(membership.rejected_reason.split()),
    )


def validate_membership(m: Membership) -> list[Issue]:
    issues = length_issues("membership", vars(m))
    if issues:  # the other rules still run, on the values cut to their limit
        m = replace(m, **clipped("membership", vars(m)))
    if m.program == Program.KESEHATAN:
        issues += check_jkn(m.card_number)
        if m.kelas_rawat and m.kelas_rawat not in KELAS_RAWAT:
            issues.append(
                error("kelas_rawat", "Kelas rawat harus 1, 2 atau 3.", "membership.kelas")
            )
        if m.faskes_code and not _FASKES_CODE.match(m.faskes_code):
            issues.append(
                error(
                    "faskes_code",
                    f"Kode faskes {m.faskes_code}: harus 8 karakter seperti 0138U020 "
                    "(lihat kartu atau aplikasi JKN).",
                    "membership.faskes_code",
                )
            )
        if m.faskes_code and not m.faskes_name:
            issues.append(
                error(
                    "faskes_name",
                    f"Isi nama faskes untuk kode {m.faskes_code}, mis. PUSKESMAS OEBOBO.",
                    "membership.faskes_name",
                )
            )
    elif m.program == Program.KETENAGAKERJAAN:
        issues += check_kpj(m.card_number)
        chosen = m.tk_programs.split(",") if m.tk_programs else []
        missing = [p for p in TK_REQUIRED if p not in chosen]
        if missing:
            issues.append(
                error(
                    "tk_programs",
                    f"Program {' dan '.join(missing)} wajib bagi pegawai non-ASN. Centang "
                    "JKK dan JKM.",
                    "membership.tk_programs",
                )
            )
        if m.jkk_risk_class is not None and m.jkk_risk_class not in JKK_RISK_CLASSES:
            issues.append(
                error(
                    "jkk_risk_class",
                    f"Kelas risiko JKK {m.jkk_risk_class}: pilih 1 sampai 5.",
                    "membership.risk_class",
                )
            )
    else:
        issues.append(error("program", "Program BPJS wajib dipilih.", "membership.program"))
    if m.status == S.ACTIVE and not m.card_number:
        issues.append(
            error(
                "card_number",
                "Kepesertaan aktif: isi nomor kartu dari BPJS.",
                "membership.card_missing",
            )
        )
    return issues


def transition(
    m: Membership, new_status: MembershipStatus, on: date, reason: str = ""
) -> Membership:
    """The membership after one status step dated `on`; refused steps raise TransitionRefused."""
    if new_status not in NEXT_STATUSES.get(m.status, ()):
        raise TransitionRefused(
            f"Status {STATUS_LABEL.get(m.status, m.status)} tidak dapat diubah menjadi "
            f"{STATUS_LABEL.get(new_status, new_status)}."
        )
    if new_status == S.REJECTED and not reason.strip():
        raise TransitionRefused("Tulis alasan penolakan dari BPJS atau verifikator.")
    if new_status == S.ACTIVE and not m.card_number:
        raise TransitionRefused("Isi nomor kartu dari BPJS sebelum menandai kepesertaan aktif.")
    changes: dict = {"status": new_status}
    if new_status in _DATE_OF:
        changes[_DATE_OF[new_status]] = on
    if new_status == S.REJECTED:
        changes["rejected_reason"] = " ".join(reason.split())
    return replace(m, **changes)


def listed_status(status: MembershipStatus | None) -> str:
    """The status a list shows for a membership row (None: the person has none)."""
    return UNREGISTERED if status is None else status


def left_out_note(rejected: int, inactive: int) -> str:
    """ "3 peserta ditolak dan 2 tidak aktif tidak dicantumkan" ("" when none)."""
    parts = []
    if rejected:
        parts.append(f"{ribuan(rejected)} peserta ditolak")
    if inactive:
        parts.append(f"{ribuan(inactive)} {'' if rejected else 'peserta '}tidak aktif")
    return f"{' dan '.join(parts)} tidak dicantumkan" if parts else ""
