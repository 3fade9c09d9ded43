"""What a clerk asks of the roster: search text, filters, sort. Interpreted by store/."""

from __future__ import annotations

from dataclasses import dataclass

from kupang_desk.domain.entities import MembershipStatus, Program, Sex, WorkerStatus


@dataclass(frozen=True)
class WorkerQuery:
    text: str = ""  # NIK prefix or any part of the name, case- and space-insensitive
    opd_code: str | None = None
    status: WorkerStatus | None = None
    sort: str = "name"  # a column key of WORKER_LIST_COLUMNS
    descending: bool = False
    program: Program | None = None  # has a membership of this program
    membership_status: MembershipStatus | None = None  # … in this status (any program if None)
    priority: bool | None = None
    needs_fixing: bool = False  # only records with errors or open warnings


# Column key -> header shown in the list; store/ maps keys to SQL, ui/ to headers.
WORKER_LIST_COLUMNS: dict[str, str] = {
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tgl Lahir",
    "sex": "L/P",
    "opd": "OPD",
    "jabatan": "Jabatan",
    "upah": "Upah",
    "status": "Status",
    "open_issues": "Periksa",
}


@dataclass(frozen=True)
class WorkerListRow:
    id: int
    nik: str
    name: str
    birth_date: str
    sex: Sex
    opd: str
    jabatan: str
    upah: int
    status: WorkerStatus
    open_issues: int = 0
    priority: bool = False
