"""The mayor's view: per OPD, how far its workers are in registration with each program.

Counts are workers employed in the period (as on the daftar), each with the status of
their own latest membership of the program (family members are not counted here). A
worker whose employment type is not enrolled in a program (PPPK: JKK/JKM through Taspen)
is outside that program's counts and named in a note. The store hands over one row per
group (OPD, employment type, priority, both statuses); `fold` turns them into lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kupang_desk.domain.entities import MembershipStatus as S
from kupang_desk.domain.entities import Program
from kupang_desk.domain.memberships import UNREGISTERED

# Left to right as the bars are stacked: done, on the way, not started, refused.
PROGRESS_STATUSES: tuple[str, ...] = (
    S.ACTIVE,
    S.SUBMITTED,
    S.VERIFIED,
    S.DRAFT,
    UNREGISTERED,
    S.REJECTED,
    S.INACTIVE,
)
PROGRESS_LABEL = {
    S.ACTIVE: "Aktif",
    S.SUBMITTED: "Diajukan",
    S.VERIFIED: "Terverifikasi",
    S.DRAFT: "Diusulkan",
    UNREGISTERED: "Belum didaftarkan",
    S.REJECTED: "Ditolak",
    S.INACTIVE: "Tidak aktif",
}
# One palette for the window's chart and the printed page (hex, no toolkit).
PROGRESS_COLOR = {
    S.ACTIVE: "#2e7d32",
    S.SUBMITTED: "#1565c0",
    S.VERIFIED: "#64b5f6",
    S.DRAFT: "#f9a825",
    UNREGISTERED: "#c7c7c7",
    S.REJECTED: "#c62828",
    S.INACTIVE: "#6d4c41",
}
# A second person has checked the record: verified, and every step after it.
CHECKED = (S.VERIFIED, S.SUBMITTED, S.ACTIVE)
CHECKED_LABEL = "Terverifikasi s.d. aktif"
PRIORITY_LABEL = "prioritas"
PRIORITY_TOTAL_LABEL = "Kelompok prioritas (semua OPD)"
TOTAL_LABEL = "JUMLAH"


@dataclass(frozen=True)
class ProgressGroup:
    """One row of the store's grouped count."""

    opd_code: str
    employment_type: str
    priority: bool
    kesehatan: str | None  # status of the latest own membership; None: none
    ketenagakerjaan: str | None
    workers: int
    men: int
    women: int

    def status(self, program: Program) -> str:
        value = self.kesehatan if program is Program.KESEHATAN else self.ketenagakerjaan
        return UNREGISTERED if value is None else value


@dataclass
class ProgramProgress:
    counts: dict[str, int] = field(default_factory=dict)  # status -> workers
    not_enrolled: dict[str, int] = field(default_factory=dict)  # employment type -> workers

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def enrolled(self) -> int:
        """Workers this program should cover (every status, the refused ones too)."""
        return sum(self.counts.values())

    @property
    def checked(self) -> int:
        return sum(self.count(s) for s in CHECKED)

    @property
    def share(self) -> float | None:
        """checked / enrolled; None when nobody is to be enrolled."""
        return self.checked / self.enrolled if self.enrolled else None

    def add(self, other: ProgramProgress) -> None:
        for status, n in other.counts.items():
            self.counts[status] = self.counts.get(status, 0) + n
        for kind, n in other.not_enrolled.items():
            self.not_enrolled[kind] = self.not_enrolled.get(kind, 0) + n


@dataclass
class ProgressLine:
    key: str  # OPD code; "" for the lines of the whole pemda
    label: str  # the OPD's name
    kind: str = "opd"  # opd / priority (an OPD's priority group) / priority_total / total
    short: str = ""  # the OPD's short name, for a chart's axis
    workers: int = 0
    men: int = 0
    women: int = 0
    programs: dict[Program, ProgramProgress] = field(
        default_factory=lambda: {p: ProgramProgress() for p in Program}
    )

    def program(self, program: Program) -> ProgramProgress:
        return self.programs[program]

    def add_group(self, group: ProgressGroup, enrolled: Callable[[str, Program], bool]) -> None:
        self.workers += group.workers
        self.men += group.men
        self.women += group.women
        for program in Program:
            counts = self.programs[program]
            if enrolled(group.employment_type, program):
                status = group.status(program)
                counts.counts[status] = counts.counts.get(status, 0) + group.workers
            else:
                kind = group.employment_type
                counts.not_enrolled[kind] = counts.not_enrolled.get(kind, 0) + group.workers

    def add(self, other: ProgressLine) -> None:
        self.workers += other.workers
        self.men += other.men
        self.women += other.women
        for program in Program:
            self.programs[program].add(other.programs[program])


@dataclass
class Progress:
    opds: list[ProgressLine]  # one per OPD, in the order given
    priority: dict[str, ProgressLine]  # OPD code -> its priority group (only where any)
    priority_total: ProgressLine
    total: ProgressLine

    def lines(self) -> list[ProgressLine]:
        """As printed: each OPD with its priority group under it, then the priority group
        of the whole pemda and the total."""
        out: list[ProgressLine] = []
        for line in self.opds:
            out.append(line)
            if line.key in self.priority:
                out.append(self.priority[line.key])
        if self.priority_total.workers:
            out.append(self.priority_total)
        out.append(self.total)
        return out

    def shows(self, status: str) -> bool:
        """Whether any line has workers of `status` (a column of zeros is left out)."""
        return any(self.total.program(p).count(status) for p in Program)


def fold(
    groups: Iterable[ProgressGroup],
    opds: list[tuple[str, str, str]],
    enrolled: Callable[[str, Program], bool],
) -> Progress:
    """Lines per OPD (code, name, short name) from the grouped counts; an OPD of `opds`
    without workers keeps a line of zeros (nothing entered yet is what the mayor must see)."""
    lines = {code: ProgressLine(code, name, short=short or code) for code, name, short in opds}
    priority: dict[str, ProgressLine] = {}
    priority_total = ProgressLine(
        "", PRIORITY_TOTAL_LABEL, "priority_total", short=PRIORITY_LABEL.capitalize()
    )
    total = ProgressLine("", TOTAL_LABEL, "total", short=TOTAL_LABEL)
    for group in groups:
        line = lines.get(group.opd_code)
        if line is None:  # an OPD missing from the list given: still counted, by its code
            code = group.opd_code
            line = lines[code] = ProgressLine(code, code, short=code)
        line.add_group(group, enrolled)
        total.add_group(group, enrolled)
        if group.priority:
            sub = priority.get(group.opd_code)
            if sub is None:
                sub = priority[group.opd_code] = ProgressLine(
                    group.opd_code,
                    f"{line.label} · {PRIORITY_LABEL}",
                    "priority",
                    short=f"{line.short} · {PRIORITY_LABEL}",
                )
            sub.add_group(group, enrolled)
            priority_total.add_group(group, enrolled)
    return Progress(list(lines.values()), priority, priority_total, total)


def percent(share: float | None) -> str:
    """0.8571 -> "85,7 %"; None -> "-"."""
    if share is None:
        return "-"
    return f"{share * 100:.1f}".replace(".", ",") + " %"
