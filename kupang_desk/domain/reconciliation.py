"""Matching the participant list BPJS sends back to real people on the roster.

Each BPJS row is matched by NIK, else by name + birth date (see matching.py for names).
Four groups, none silent:
- matched: same person, nothing differs → its card number may be stored;
- different ("cocok dengan perbedaan"): a person was found but something differs (typo in
  the name, another birth date, another NIK, a card number already held, a BPJS status
  that is not active, …) → shown side by side, never applied;
- unknown ("pemegang tidak dikenal"): nobody here fits the row;
- missing: people who should be on the list but are not.
Pure: the caller supplies the people and the rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from kupang_desk.domain.entities import MembershipStatus, Program, Relation, WorkerStatus
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.domain.identifiers import (
    JKN_LABEL,
    JKN_LENGTH,
    KPJ_LABEL,
    KPJ_LENGTH,
    check_jkn,
    check_kpj,
)
from kupang_desk.domain.matching import NameMatch, compare_names

CARD_LENGTH = {Program.KESEHATAN: JKN_LENGTH, Program.KETENAGAKERJAAN: KPJ_LENGTH}
_CARD_RULE = {
    Program.KESEHATAN: (JKN_LABEL, check_jkn),
    Program.KETENAGAKERJAAN: (KPJ_LABEL, check_kpj),
}
ACTIVE_WORDS = {"", "AKTIF", "ACTIVE", "A", "1", "AKTIF BAYAR"}

# Field labels as a clerk reads them, for the side-by-side view.
LABELS = {
    "name": "Nama",
    "birth_date": "Tgl lahir",
    "nik": "NIK",
    "card_number": "No. kartu",
    "status": "Status",
    "opd": "OPD",
    "row": "Baris",
}


@dataclass(frozen=True)
class BpjsRow:
    row: int  # spreadsheet row number, as the clerk sees it
    card_number: str = ""
    nik: str = ""
    name: str = ""
    birth_date: date | None = None
    status: str = ""

    @property
    def active(self) -> bool:
        return " ".join(self.status.upper().split()) in ACTIVE_WORDS


@dataclass(frozen=True)
class Person:
    kind: str  # "worker" / "family_member"
    worker_id: int
    family_member_id: int | None
    nik: str
    name: str
    birth_date: date | None
    opd_code: str
    worker_active: bool = True
    relation: Relation | None = None  # None for the worker
    card_number: str = ""  # already stored for the program
    membership_status: MembershipStatus | None = None  # None: no membership of the program

    @property
    def expected(self) -> bool:
        """Should appear on the BPJS list: active, not rejected or ended there."""
        return self.worker_active and self.membership_status not in (
            MembershipStatus.REJECTED,
            MembershipStatus.INACTIVE,
        )


@dataclass(frozen=True)
class Difference:
    field: str
    bpjs: str
    ours: str
    note: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)


@dataclass(frozen=True)
class Match:
    row: BpjsRow
    person: Person
    by: str  # "nik" / "name_birth_date"
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class Unknown:
    row: BpjsRow
    note: str


@dataclass
class Reconciliation:
    program: Program
    matched: list[Match] = field(default_factory=list)
    different: list[Match] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    missing: list[Person] = field(default_factory=list)


def check_card_number(program: Program, number: str) -> str | None:
    """Why the card number cannot be stored, or None when its form is right (the same
    JKN/KPJ rule as the membership form)."""
    label, rule = _CARD_RULE[program]
    if not number:
        return f"{label} kosong di daftar BPJS"
    issues = rule(number)
    return issues[0].message if issues else None


class _Index:
    def __init__(self, persons: list[Person]) -> None:
        self.by_nik: dict[str, list[Person]] = defaultdict(list)
        self.by_birth_date: dict[date, list[Person]] = defaultdict(list)
        self.by_card: dict[str, Person] = {}
        for person in persons:
            if person.nik:
                self.by_nik[person.nik].append(person)
            if person.birth_date:
                self.by_birth_date[person.birth_date].append(person)
            if person.card_number:
                self.by_card[person.card_number] = person
        # A worker who is also a spouse on someone's family is matched as the worker.
        for people in self.by_nik.values():
            people.sort(key=lambda p: p.kind != "worker")


def _find(row: BpjsRow, index: _Index) -> tuple[Person | None, str, str]:
    """(person, how, note for unknown rows)."""
    if row.nik and index.by_nik.get(row.nik):
        return index.by_nik[row.nik][0], "nik", ""
    if not row.name or row.birth_date is None:
        what = "NIK tidak terdaftar" if row.nik else "tanpa NIK"
        return None, "", f"{what}; nama dan tanggal lahir tidak lengkap untuk dicocokkan"
    candidates = index.by_birth_date.get(row.birth_date, [])
    scored = [(compare_names(row.name, p.name), p) for p in candidates]
    for level in (NameMatch.EXACT, NameMatch.CLOSE):
        found = [p for score, p in scored if score is level]
        distinct = {(p.worker_id, p.family_member_id) for p in found}
        if len(distinct) == 1:
            return found[0], "name_birth_date", ""
        if len(distinct) > 1:
            names = ", ".join(sorted({f"{p.name} ({p.nik})" for p in found}))
            return None, "", f"lebih dari satu orang cocok: {names}"
    if row.nik:
        return None, "", "NIK tidak terdaftar; tidak ada nama dan tanggal lahir yang cocok"
    return None, "", "tidak ada nama dan tanggal lahir yang cocok"


def _differences(
    row: BpjsRow, person: Person, program: Program, index: _Index, opd_code: str | None
) -> list[Difference]:
    found: list[Difference] = []
    if row.name:
        score = compare_names(row.name, person.name)
        if score is not NameMatch.EXACT:
            note = "beda satu huruf" if score is NameMatch.CLOSE else "nama berbeda"
            found.append(Difference("name", row.name, person.name, note))
    if row.birth_date and row.birth_date != person.birth_date:
        found.append(
            Difference(
                "birth_date", tanggal_pendek(row.birth_date), tanggal_pendek(person.birth_date)
            )
        )
    if row.nik and row.nik != person.nik:
        found.append(Difference("nik", row.nik, person.nik, "NIK berbeda"))
    problem = check_card_number(program, row.card_number)
    if problem:
        found.append(Difference("card_number", row.card_number, person.card_number, problem))
    else:
        holder = index.by_card.get(row.card_number)
        if holder is not None and holder != person:
            found.append(
                Difference(
                    "card_number",
                    row.card_number,
                    person.card_number,
                    f"nomor ini sudah tercatat untuk {holder.name} ({holder.nik})",
                )
            )
        elif person.card_number and person.card_number != row.card_number:
            found.append(
                Difference(
                    "card_number", row.card_number, person.card_number, "nomor kartu berbeda"
                )
            )
    if not row.active:
        found.append(Difference("status", row.status, WorkerStatus.AKTIF, "tidak aktif di BPJS"))
    if not person.worker_active:
        found.append(
            Difference(
                "status",
                row.status or WorkerStatus.AKTIF,
                WorkerStatus.NONAKTIF,
                "pegawai nonaktif",
            )
        )
    if opd_code and person.opd_code != opd_code:
        found.append(Difference("opd", opd_code, person.opd_code, "terdaftar di OPD lain"))
    return found


def reconcile(
    rows: list[BpjsRow], persons: list[Person], program: Program, *, opd_code: str | None = None
) -> Reconciliation:
    """Group every BPJS row, then list the expected people nobody matched.

    `persons` is everyone who could be on the list (all OPDs, so a row belonging to another
    OPD is recognised, not "unknown"); `opd_code` narrows "missing" to one OPD.
    """
    index = _Index(persons)
    result = Reconciliation(program)
    rows_of_card: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.card_number:
            rows_of_card[row.card_number].append(row.row)
    seen: dict[tuple[int, int | None], int] = {}
    for row in rows:
        person, how, note = _find(row, index)
        if person is None:
            result.unknown.append(Unknown(row, note))
            continue
        differences = _differences(row, person, program, index, opd_code)
        identity = (person.worker_id, person.family_member_id)
        if identity in seen:
            differences.append(
                Difference("row", str(row.row), str(seen[identity]), "orang yang sama dua kali")
            )
        seen.setdefault(identity, row.row)
        shared = [r for r in rows_of_card.get(row.card_number, []) if r != row.row]
        if shared:
            differences.append(
                Difference(
                    "card_number",
                    row.card_number,
                    person.card_number,
                    "nomor kartu yang sama juga di baris " + ", ".join(map(str, shared)),
                )
            )
        match = Match(row, person, how, tuple(differences))
        (result.different if differences else result.matched).append(match)
    result.missing = [
        p
        for p in persons
        if p.expected
        and (p.worker_id, p.family_member_id) not in seen
        and (opd_code is None or p.opd_code == opd_code)
    ]
    return result
