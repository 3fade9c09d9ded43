"""What a clerk asks of the roster: search text, filters, sort. Interpreted by store/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkerQuery:
    text: str = ""  # NIK prefix or any part of the name, case- and space-insensitive
    opd_code: str | None = None
    status: str | None = None  # "aktif" / "nonaktif"
    sort: str = "name"  # a column key of WORKER_LIST_COLUMNS
    descending: bool = False
    program: str | None = None  # has a membership of this program ("kesehatan", …)
    membership_status: str | None = None  # … in this status (any program if program is None)
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
    sex: str
    opd: str
    jabatan: str
    upah: int
    status: str
    open_issues: int = 0
    priority: bool = False
