"""Reconciling the list BPJS sends back: read it, match it, store what is certain, report.

Only rows in the "matched" group change the database (card number + membership active,
audited, one transaction). Everything else is shown and printed for a person to decide.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import Program, Relation
from kupang_desk.domain.family import RELATION_LABEL
from kupang_desk.domain.formatting import tanggal_panjang, tanggal_pendek
from kupang_desk.domain.reconciliation import (
    CARD_LENGTH,
    BpjsRow,
    Match,
    Person,
    Reconciliation,
    Unknown,
    reconcile,
)
from kupang_desk.exchange.bpjs_list import ListUnreadable, read_bpjs_list
from kupang_desk.reports.reconciliation import (
    DifferenceLine,
    DifferentRow,
    OpdSection,
    ReconciliationReport,
    render_reconciliation,
)
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext
from kupang_desk.services.reports import kop_for, signer_for
from kupang_desk.store import opd as opd_store
from kupang_desk.store import reconciliation as recon_store

__all__ = ["ListUnreadable", "ReconcileError", "reconcile_file", "write_report"]

PROGRAM_LABEL = {
    Program.KESEHATAN: "BPJS Kesehatan",
    Program.KETENAGAKERJAAN: "BPJS Ketenagakerjaan",
}
GROUP_LABELS = {
    "matched": "Cocok",
    "different": "Cocok dengan perbedaan",
    "unknown": "Pemegang tidak dikenal",
    "missing": "Tidak ada di daftar BPJS",
}


def relation_label(relation: Relation | None) -> str:
    """Who a person on the roster is: "Pegawai", or the family relation ("Istri")."""
    return "Pegawai" if relation is None else RELATION_LABEL[relation]


class ReconcileError(Exception):
    """The reconciliation cannot run; `str()` is for the clerk."""


@dataclass
class ReconcileResult:
    source: Path
    program: Program
    opd_code: str | None
    reconciliation: Reconciliation
    columns: dict[str, str]
    problems: list[str] = field(default_factory=list)
    cards_stored: int = 0

    @property
    def has_findings(self) -> bool:
        r = self.reconciliation
        return bool(r.different or r.unknown or r.missing or self.problems)

    def counts(self) -> dict[str, int]:
        r = self.reconciliation
        return {
            "matched": len(r.matched),
            "different": len(r.different),
            "unknown": len(r.unknown),
            "missing": len(r.missing),
        }

    def to_json(self) -> dict:
        r = self.reconciliation
        return {
            "file": str(self.source),
            "program": self.program,
            "opd": self.opd_code,
            "columns": self.columns,
            "counts": self.counts(),
            "cards_stored": self.cards_stored,
            "matched": [_match_json(m) for m in r.matched],
            "matched_with_differences": [_match_json(m) for m in r.different],
            "unknown": [_unknown_json(u) for u in r.unknown],
            "missing": [_person_json(p) for p in r.missing],
            "problems": self.problems,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _person_json(p: Person) -> dict:
    return {
        "kind": p.kind,
        "nik": p.nik,
        "name": p.name,
        "birth_date": _iso(p.birth_date),
        "opd": p.opd_code,
        "relation": p.relation or None,
        "card_number": p.card_number or None,
    }


def _row_json(row: BpjsRow) -> dict:
    return {
        "row": row.row,
        "card_number": row.card_number,
        "nik": row.nik,
        "name": row.name,
        "birth_date": _iso(row.birth_date),
        "status": row.status,
    }


def _match_json(m: Match) -> dict:
    return {
        **_row_json(m.row),
        "matched_by": m.by,
        "person": _person_json(m.person),
        "differences": [
            {"field": d.field, "bpjs": d.bpjs, "ours": d.ours, "note": d.note}
            for d in m.differences
        ],
    }


def _unknown_json(u: Unknown) -> dict:
    return {**_row_json(u.row), "note": u.note}


def guess_program(card_numbers: list[str]) -> Program:
    """KPJ numbers have 11 digits, JKN cards 13: the list says which program it is."""
    lengths = Counter(len(n) for n in card_numbers if n)
    if lengths[CARD_LENGTH[Program.KETENAGAKERJAAN]] > lengths[CARD_LENGTH[Program.KESEHATAN]]:
        return Program.KETENAGAKERJAAN
    return Program.KESEHATAN


def reconcile_file(
    ctx: AppContext,
    path: Path,
    *,
    program: str | None = None,
    opd_code: str | None = None,
    apply: bool = True,
    on: date | None = None,
) -> ReconcileResult:
    """Match a BPJS list; with `apply`, store the card numbers of the matched group."""
    ctx.require_role(Role.ADMIN)
    if opd_code and opd_store.get_opd(ctx.store, opd_code) is None:
        raise ReconcileError(f"OPD dengan kode {opd_code} tidak ada.")
    listing = read_bpjs_list(Path(path))
    if not listing.rows:
        raise ReconcileError(f"Berkas {Path(path).name} tidak berisi baris peserta.")
    chosen = Program(program) if program else guess_program([r.card_number for r in listing.rows])
    people = recon_store.persons(ctx.store, chosen, with_family=chosen == Program.KESEHATAN)
    result = ReconcileResult(
        Path(path),
        chosen,
        opd_code,
        reconcile(listing.rows, people, chosen, opd_code=opd_code),
        listing.columns,
        listing.problems,
    )
    if apply and result.reconciliation.matched:
        result.cards_stored = recon_store.store_cards(
            ctx.store,
            chosen,
            (
                recon_store.CardToStore(
                    m.person.worker_id, m.person.family_member_id, m.row.card_number
                )
                for m in result.reconciliation.matched
            ),
            user=ctx.user,
            on=on or date.today(),
            source=f"daftar BPJS {Path(path).name}",
        )
    return result


ACCEPTABLE_DIFFERENCES = frozenset({"name", "birth_date", "nik", "opd"})


def accept_difference(ctx: AppContext, result: ReconcileResult, match: Match) -> int:
    """The admin confirms a "cocok dengan perbedaan" row is this person: store its card.

    Only differences in how the person is written (name, birth date, NIK, OPD) can be
    accepted; a bad or already-held card number, a row listed twice or a status that is not
    active must be sorted out first. Audited like any stored card; returns 1 if it changed.
    """
    ctx.require_role(Role.ADMIN)
    blocking = [d for d in match.differences if d.field not in ACCEPTABLE_DIFFERENCES]
    if blocking:
        raise ReconcileError(
            f"Baris {match.row.row} tidak dapat diterima: "
            + "; ".join(f"{d.label}: {d.note}" for d in blocking)
            + ". Selesaikan dahulu dengan BPJS."
        )
    return recon_store.store_cards(
        ctx.store,
        result.program,
        [
            recon_store.CardToStore(
                match.person.worker_id, match.person.family_member_id, match.row.card_number
            )
        ],
        user=ctx.user,
        on=date.today(),
        source=f"daftar BPJS {result.source.name} baris {match.row.row}, diterima admin: "
        + "; ".join(f"{d.label} BPJS '{d.bpjs}' / kami '{d.ours}'" for d in match.differences),
    )


def _person_cells(p: Person) -> list[str]:
    return [p.nik, p.name, tanggal_pendek(p.birth_date), relation_label(p.relation)]


def unknown_cells(u: Unknown) -> list[str]:
    """A row nobody here fits, as the screen and the PDF show it."""
    row = u.row
    return [
        str(row.row),
        row.card_number,
        row.nik,
        row.name,
        tanggal_pendek(row.birth_date),
        row.status,
        u.note,
    ]


def write_report(
    ctx: AppContext, result: ReconcileResult, out: Path, *, on: date | None = None
) -> None:
    """The PDF for the mayor's review: one section per OPD, unknown holders at the end."""
    on = on or date.today()
    names = {o.code: o.name for o in opd_store.list_opd(ctx.store)}
    r = result.reconciliation

    def opd_of(match: Match) -> str:
        return match.person.opd_code

    codes = (
        [result.opd_code]
        if result.opd_code
        else sorted({opd_of(m) for m in r.matched + r.different} | {p.opd_code for p in r.missing})
    )
    sections = []
    for code in codes:
        # With one OPD chosen, rows matched to another OPD's people stay in its section as
        # differences ("terdaftar di OPD lain"), so the reviewer sees them.
        def mine(match: Match, code: str = code) -> bool:
            return result.opd_code is not None or opd_of(match) == code

        sections.append(
            OpdSection(
                opd_name=names.get(code, code),
                matched=[
                    [
                        str(m.row.row),
                        m.row.card_number,
                        m.person.nik,
                        m.person.name,
                        tanggal_pendek(m.person.birth_date),
                        relation_label(m.person.relation),
                    ]
                    for m in r.matched
                    if mine(m)
                ],
                different=[
                    DifferentRow(
                        str(m.row.row),
                        m.person.name,
                        m.person.nik,
                        [
                            DifferenceLine(d.label, d.bpjs or "—", d.ours or "—", d.note)
                            for d in m.differences
                        ],
                    )
                    for m in r.different
                    if mine(m)
                ],
                missing=[_person_cells(p) for p in r.missing if p.opd_code == code],
            )
        )
    counts = result.counts()
    settings = settings_service.load(ctx)
    # One OPD's reconciliation is its head's paper; the whole pemda's, the rekap signer's.
    opd = opd_store.get_opd(ctx.store, result.opd_code) if result.opd_code else None
    signer = signer_for(settings, opd)
    report = ReconciliationReport(
        kop=kop_for(settings, opd),
        title=f"LAPORAN REKONSILIASI DAFTAR PESERTA {PROGRAM_LABEL[result.program].upper()}",
        subtitle=(names.get(result.opd_code, "") + " — " if result.opd_code else "")
        + f"daftar dari BPJS: {result.source.name}, keadaan per {tanggal_panjang(on)}",
        place_date=f"{settings.place}, {tanggal_panjang(on)}",
        summary=[(GROUP_LABELS[key], counts[key]) for key in GROUP_LABELS]
        + [("Nomor kartu baru disimpan", result.cards_stored)],
        sections=sections,
        unknown=[unknown_cells(u) for u in r.unknown],
        signer_title=signer.title,
        signer_name=signer.name,
        signer_nip=signer.nip,
    )
    render_reconciliation(report, Path(out))
