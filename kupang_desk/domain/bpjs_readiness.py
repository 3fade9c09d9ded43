"""What BPJS needs in a record before it accepts the registration ("siap BPJS").

Sources (one table per form, so a changed template is one edit here):
- BPJS Kesehatan, "Form Mutasi Data Peserta" (the employer template, DESIGN §10): for a
  new participant columns 1–10, 13 and 15–18 are mandatory. 1 No, 3 Jenis Mutasi and
  4 Tgl Aktif come from the export itself, 2 No Kartu is given by BPJS, 6 NIK, 7 Nama,
  8 Hubungan keluarga and 10 Tgl Lahir are already required by domain.validation and
  domain.family. What is left is checked here: 5 No KK, 9 Tempat lahir, 13 Alamat, 15 RW,
  16 Kode pos, 17–18 Kode/Nama kecamatan (the code is looked up from the name among the
  pemda's kecamatan, so an unknown name leaves column 17 empty). Family members share the
  worker's KK and address; their own 9 Tempat lahir is checked.
- BPJS Ketenagakerjaan, the SIPP registration field set (DESIGN §10; the official bulk
  template was not available): Tempat lahir, Status kawin, Alamat, Nama ibu kandung (the
  identity check of BPJS TK), Tgl mulai bekerja (TMT) and Upah.

These are not save errors: a clerk often types a record before the KK or the address is at
hand. They stay in "Perlu Perbaikan" until filled and cannot be accepted like a warning
(accepting would not make BPJS take the row). Wage plausibility is domain.validation's
(upah.implausible), as it is also checked on saving and importing. Pure Python: no Qt, no
SQL; the caller passes the facts (programs, the pemda's kecamatan names).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kupang_desk.domain.entities import FamilyMember, Program, Worker, WorkerStatus
from kupang_desk.domain.family import on_worker_list
from kupang_desk.domain.issues import Issue, warning
from kupang_desk.domain.settings import PemdaSettings

KESEHATAN = str(Program.KESEHATAN)
KETENAGAKERJAAN = str(Program.KETENAGAKERJAAN)
_DEFAULTS = PemdaSettings()
CODE_PREFIX = "bpjs."


@dataclass(frozen=True)
class Requirement:
    field: str  # Worker attribute
    label: str  # as the clerk reads it
    where: str  # the form and column BPJS reads it from


KESEHATAN_WORKER = (
    Requirement("no_kk", "No. KK", "kolom 5 Form Mutasi"),
    Requirement("birth_place", "Tempat lahir", "kolom 9 Form Mutasi"),
    Requirement("address", "Alamat", "kolom 13 Form Mutasi"),
    Requirement("rw", "RW", "kolom 15 Form Mutasi"),
    Requirement("kode_pos", "Kode pos", "kolom 16 Form Mutasi"),
    Requirement("kecamatan", "Kecamatan", "kolom 17–18 Form Mutasi"),
)
KESEHATAN_FAMILY = (Requirement("birth_place", "Tempat lahir", "kolom 9 Form Mutasi"),)
KETENAGAKERJAAN_WORKER = (
    Requirement("birth_place", "Tempat lahir", "data SIPP"),
    Requirement("marital_status", "Status kawin", "data SIPP"),
    Requirement("address", "Alamat", "data SIPP"),
    Requirement("mother_name", "Nama ibu kandung", "data SIPP"),
    Requirement("tmt", "TMT (tanggal mulai bekerja)", "data SIPP"),
    Requirement("upah", "Upah", "data SIPP"),
)
PROGRAM_NAME = {KESEHATAN: "BPJS Kesehatan", KETENAGAKERJAAN: "BPJS Ketenagakerjaan"}


def programs_for(
    worker: Worker, enrolled: Iterable[str] = (), settings: PemdaSettings = _DEFAULTS
) -> set[str]:
    """The programs the record must be ready for: the BPJS programs its employment type is
    enrolled in (setting program.<jenis>: by default non-ASN JKN PPU and BPJS TK, PPPK JKN
    only, their JKK/JKM being Taspen's), and any it has a membership of."""
    of_type = settings.programs_of(worker.employment_type)
    return {str(p) for p in enrolled} | {p for p in (KESEHATAN, KETENAGAKERJAAN) if p in of_type}


def _missing(value: object) -> bool:
    return value is None or value == "" or value == 0


def readiness_issues(
    worker: Worker,
    family: Iterable[FamilyMember] = (),
    programs: Collection[str] = (KESEHATAN, KETENAGAKERJAAN),
    *,
    kecamatan_names: Collection[str] | None = None,
) -> list[Issue]:
    """What BPJS would refuse in this record, one warning per gap, naming the form column.

    kecamatan_names: the pemda's kecamatan in capitals (None skips the lookup)."""
    if worker.status == WorkerStatus.NONAKTIF:
        return []  # not sent to BPJS any more
    issues: list[Issue] = []
    seen: set[str] = set()
    for program, requirements in (
        (KESEHATAN, KESEHATAN_WORKER),
        (KETENAGAKERJAAN, KETENAGAKERJAAN_WORKER),
    ):
        if program not in programs:
            continue
        for need in requirements:
            if need.field in seen or not _missing(getattr(worker, need.field)):
                continue
            seen.add(need.field)
            issues.append(
                warning(
                    need.field,
                    f"Untuk {PROGRAM_NAME[program]}: {need.label} belum diisi ({need.where}).",
                    f"{CODE_PREFIX}{need.field}",
                )
            )
    if (
        KESEHATAN in programs
        and kecamatan_names is not None
        and worker.kecamatan
        and worker.kecamatan.upper() not in kecamatan_names
    ):
        issues.append(
            warning(
                "kecamatan",
                f"Untuk BPJS Kesehatan: kecamatan '{worker.kecamatan}' tidak dikenal, kode "
                "kecamatan (kolom 17 Form Mutasi) akan kosong. Tulis nama kecamatan sesuai KTP.",
                f"{CODE_PREFIX}kecamatan_code",
            )
        )
    if KESEHATAN in programs:
        for member in family:
            if not on_worker_list(member):  # not on this worker's Form Mutasi
                continue
            for need in KESEHATAN_FAMILY:
                if _missing(getattr(member, need.field)):
                    issues.append(
                        warning(
                            "family",
                            f"Untuk BPJS Kesehatan: {need.label} {member.name} belum diisi "
                            f"({need.where}).",
                            f"{CODE_PREFIX}family.{need.field}",
                        )
                    )
    return issues
