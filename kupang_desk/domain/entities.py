"""The records a clerk keeps: OPD, worker, family member, BPJS membership.

Identifiers (NIK, No. KK, NIP, card numbers) are always str, never numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar


class Sex(StrEnum):
    L = "L"
    P = "P"


class WorkerStatus(StrEnum):
    AKTIF = "aktif"
    NONAKTIF = "nonaktif"


class Program(StrEnum):
    KESEHATAN = "kesehatan"
    KETENAGAKERJAAN = "ketenagakerjaan"


class MembershipStatus(StrEnum):
    DRAFT = "draft"
    VERIFIED = "verified"
    SUBMITTED = "submitted"
    ACTIVE = "active"
    REJECTED = "rejected"
    INACTIVE = "inactive"


class Relation(StrEnum):
    SUAMI = "suami"
    ISTRI = "istri"
    ANAK = "anak"
    TAMBAHAN = "tambahan"


_E = TypeVar("_E", bound=StrEnum)


def enum_or_none(kind: type[_E], value: str | None) -> _E | None:
    """A stored or typed code as its enum member; blank (not chosen) is None. An unknown
    code raises ValueError: the store writes none, and a bundle's is refused before this
    (store/bundle_checks)."""
    return kind(value) if value else None


# Non-ASN (PTT … Kontrak Perorangan) and ASN on contract (PPPK, PPPK Paruh Waktu); which
# BPJS programs each is enrolled in is a setting (program.<jenis>, domain.settings).
EMPLOYMENT_TYPES = ("PTT", "THL", "PPNPN", "Kontrak Perorangan", "PPPK", "PPPK Paruh Waktu")
MARITAL_STATUSES = {"TK": "Belum kawin", "K": "Kawin", "CH": "Cerai hidup", "CM": "Cerai mati"}


@dataclass(frozen=True)
class Opd:
    code: str
    name: str
    short_name: str = ""
    head_name: str = ""
    head_nip: str = ""
    head_title: str = "Kepala Dinas"
    address: str = ""
    head_pangkat: str = ""  # "Pembina Utama Muda (IV/c)", optional under the NIP
    jkk_class: int = 1  # JKK risk class of this employer registration (PP 44/2015)
    npp: str = ""  # BPJS Ketenagakerjaan employer number; blank: the pemda's
    active: bool = True  # deactivated: not offered for new workers, history kept


@dataclass(frozen=True)
class Worker:
    nik: str
    name: str
    birth_date: date | None
    sex: Sex | None  # None: not chosen yet (a blank form or cell); validation refuses it
    opd_code: str
    jabatan: str = ""
    upah: int = 0
    no_kk: str = ""
    birth_place: str = ""
    marital_status: str = ""
    mother_name: str = ""
    address: str = ""
    rt: str = ""
    rw: str = ""
    kelurahan: str = ""
    kecamatan: str = ""
    kode_pos: str = ""
    phone: str = ""
    email: str = ""
    npwp: str = ""
    unit: str = ""
    employment_type: str = "PTT"
    contract_number: str = ""
    tmt: date | None = None
    end_date: date | None = None
    priority: bool = False
    priority_reason: str = ""
    status: WorkerStatus = WorkerStatus.AKTIF
    status_reason: str = ""
    status_date: date | None = None
    id: int | None = None
    uuid: str = ""
    row_version: int = 0
    nip: str = ""  # PPPK paruh waktu and seconded ASN have one; most PTT do not
    accepted_warnings: str = ""  # comma-separated codes of warnings a clerk accepted
    open_issues: int = 0  # errors + warnings not accepted, at the last save or check
    # Why the NIK's date/sex digits differ from the typed birth date or sex (Dukcapil keeps
    # a NIK when a birth date is corrected); with it the mismatch is a warning, not an error.
    nik_mismatch_reason: str = ""

    @property
    def saved_id(self) -> int:
        """The id of a worker read from the store; a new record has none, and asking for it
        there is a programming error."""
        if self.id is None:
            raise ValueError(f"Pegawai {self.nik} belum tersimpan")
        return self.id


def replaced(worker: Worker, changes: dict) -> Worker:
    """dataclasses.replace(worker, **changes) without running Worker's frozen __init__ (36
    object.__setattr__ calls; there is no __post_init__ to miss). The importer builds two
    records per row, and that __init__ was a tenth of its time. `changes` holds only field
    names; the types are the type gate's job (domain.field_types), as with __init__."""
    copy = object.__new__(Worker)
    copy.__dict__.update(worker.__dict__)
    copy.__dict__.update(changes)
    return copy


@dataclass(frozen=True)
class FamilyMember:
    worker_id: int
    nik: str
    name: str
    relation: Relation | None  # None: not chosen yet; validation refuses it
    birth_date: date | None
    sex: Sex | None  # as Worker.sex
    birth_place: str = ""
    student: bool = False
    married: bool = False
    id: int | None = None
    uuid: str = ""
    # "Surat keterangan sekolah/kuliah berlaku sampai": a child of 21-24 is covered up to it.
    student_until: date | None = None
    # A spouse registered PPU through their own employer: not on this worker's list.
    ppu_sendiri: bool = False
    nik_mismatch_reason: str = ""  # as Worker.nik_mismatch_reason


@dataclass(frozen=True)
class Membership:
    program: Program
    worker_id: int
    family_member_id: int | None = None
    card_number: str = ""
    kelas_rawat: str = ""
    faskes_code: str = ""
    faskes_name: str = ""
    tk_programs: str = "JKK,JKM"
    # None: the OPD's class (or its jabatan rule), domain.settings.jkk_class_for; a number
    # is an override of this membership, printed "(khusus)"
    jkk_risk_class: int | None = None
    status: MembershipStatus = MembershipStatus.DRAFT
    rejected_reason: str = ""
    verified_at: date | None = None
    submitted_at: date | None = None
    active_at: date | None = None
    rejected_at: date | None = None
    inactive_at: date | None = None
    id: int | None = None
