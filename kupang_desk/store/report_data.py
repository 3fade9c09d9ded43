"""Read-only queries for printed documents: who is listed for a period, with what cover.

Reads the v1 tables (workers, family_members, memberships, opd, jkk_defaults) directly
with plain tuples, because a 10,000-worker list must be gathered in a fraction of a second.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kupang_desk.domain.entities import MembershipStatus, Relation, Sex, enum_or_none
from kupang_desk.store.db import Store

# Employed in a period: active then, started by its end, contract not ended before it.
# Every such worker is returned with the status of the latest own membership of the
# program (None: none); services/ decide who a list shows (domain.memberships).
_LISTED = """
    (w.status = 'aktif' OR (w.status_date IS NOT NULL AND w.status_date >= :first_day))
    AND (w.tmt IS NULL OR w.tmt = '' OR w.tmt <= :last_day)
    AND (w.end_date IS NULL OR w.end_date = '' OR w.end_date >= :first_day)
"""
LISTED_IN_PERIOD = _LISTED  # also the progress count's (store/progress.py)
_LATEST_OWN_MEMBERSHIP = """(
    SELECT id FROM memberships
    WHERE worker_id = w.id AND family_member_id IS NULL AND program = :program
    ORDER BY id DESC LIMIT 1)"""


def _opd_clause(opd_code: str | None) -> str:
    # Written out rather than ":opd IS NULL OR …" so SQLite can use the opd_code index.
    return "" if opd_code is None else "AND w.opd_code = :opd"


@dataclass(frozen=True, slots=True)
class WorkerLine:
    id: int
    opd_code: str
    nik: str
    name: str
    birth_date: str | None  # ISO
    sex: Sex
    jabatan: str
    unit: str
    upah: int
    priority: bool
    kelas_rawat: str
    faskes_code: str
    faskes_name: str
    tk_programs: str | None  # None: no TK membership recorded, use the pemda default
    jkk_risk_class: int | None
    employment_type: str
    status: MembershipStatus | None  # of the latest own membership of the program; None: none
    card_number: str


@dataclass(frozen=True, slots=True)
class FamilyLine:
    worker_id: int
    nik: str
    name: str
    relation: Relation
    birth_date: str | None
    sex: Sex | None  # None: not recorded (older rows)
    kelas_rawat: str
    faskes_code: str
    faskes_name: str
    status: MembershipStatus | None  # of the member's latest Kesehatan membership; None: none
    card_number: str


def listed_workers(
    store: Store, *, opd_code: str | None, program: str, first_day: str, last_day: str
) -> list[WorkerLine]:
    """Workers of one OPD (or all) employed in the period, whatever their membership,
    ordered by OPD name, priority first, then by name."""
    params = {"program": program, "first_day": first_day, "last_day": last_day, "opd": opd_code}
    rows = store.query(
        f"""SELECT w.id, w.opd_code, w.nik, w.name, w.birth_date, w.sex,
                   coalesce(w.jabatan, ''), coalesce(w.unit, ''), coalesce(w.upah, 0),
                   coalesce(w.priority, 0), coalesce(m.kelas_rawat, ''),
                   coalesce(m.faskes_code, ''), coalesce(m.faskes_name, ''),
                   m.tk_programs, m.jkk_risk_class, coalesce(w.employment_type, ''), m.status,
                   coalesce(m.card_number, '')
            FROM workers w
            JOIN opd o ON o.code = w.opd_code
            LEFT JOIN memberships m ON m.id = {_LATEST_OWN_MEMBERSHIP}
            WHERE {_LISTED} {_opd_clause(opd_code)}
            ORDER BY o.name, w.opd_code, w.priority DESC, w.name, w.id""",
        params,
    )
    return [_worker_line(row) for row in rows]


def _worker_line(row: sqlite3.Row) -> WorkerLine:
    return WorkerLine(
        row[0], row[1], row[2], row[3], row[4], Sex(row[5]), row[6], row[7], row[8],
        bool(row[9]), row[10], row[11], row[12], row[13], row[14], row[15],
        enum_or_none(MembershipStatus, row[16]), row[17],
    )  # fmt: skip


def listed_family(
    store: Store, *, opd_code: str | None, first_day: str, last_day: str
) -> dict[int, list[FamilyLine]]:
    """Family members of the workers employed in the period, per worker: spouse, children
    by age, others; each with their own Kesehatan membership's status. A spouse who is a PPU
    member through their own employer is not on this worker's list."""
    params = {"first_day": first_day, "last_day": last_day, "opd": opd_code}
    rows = store.query(
        f"""SELECT f.worker_id, coalesce(f.nik, ''), f.name, f.relation, f.birth_date,
                   f.sex, coalesce(m.kelas_rawat, ''), coalesce(m.faskes_code, ''),
                   coalesce(m.faskes_name, ''), m.status, coalesce(m.card_number, '')
            FROM family_members f
            JOIN workers w ON w.id = f.worker_id
            LEFT JOIN memberships m ON m.id = (
                SELECT id FROM memberships
                WHERE family_member_id = f.id AND program = 'kesehatan'
                ORDER BY id DESC LIMIT 1)
            WHERE {_LISTED} {_opd_clause(opd_code)} AND NOT f.ppu_sendiri
            ORDER BY f.worker_id,
                     CASE f.relation WHEN 'suami' THEN 0 WHEN 'istri' THEN 0
                                     WHEN 'anak' THEN 1 ELSE 2 END,
                     f.birth_date, f.id""",
        params,
    )
    family: dict[int, list[FamilyLine]] = {}
    for row in rows:
        family.setdefault(row[0], []).append(_family_line(row))
    return family


def _family_line(row: sqlite3.Row) -> FamilyLine:
    return FamilyLine(
        row[0], row[1], row[2], Relation(row[3]), row[4], enum_or_none(Sex, row[5]),
        row[6], row[7], row[8], enum_or_none(MembershipStatus, row[9]), row[10],
    )  # fmt: skip


def jkk_defaults(store: Store) -> dict[tuple[str, str], int]:
    """(opd_code, JABATAN) -> risk class: the per-jabatan exceptions to the OPD's class."""
    rows = store.query("SELECT opd_code, jabatan, risk_class FROM jkk_defaults")
    return {(r[0], r[1]): r[2] for r in rows}
