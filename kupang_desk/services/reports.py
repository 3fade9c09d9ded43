"""Printing: gathers who is listed, computes each person's iuran, hands plain rows to reports/.

Every amount printed is computed here from the rates table of the period's year (domain
iuran), so the list, its total row and the rekap always agree.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kupang_desk.domain.entities import MembershipStatus, Opd, Program, Sex
from kupang_desk.domain.family import RELATION_LABEL
from kupang_desk.domain.formatting import (
    periode,
    ribuan,
    rupiah,
    tanggal_panjang,
    tanggal_pendek,
)
from kupang_desk.domain.iuran import (
    Iuran,
    RateTable,
    extra_members,
    iuran_anggota_tambahan,
    iuran_kesehatan,
    iuran_ketenagakerjaan,
    parse_tk_programs,
    percent_label,
    tk_program_label,
)
from kupang_desk.domain.memberships import (
    COVERED,
    LEFT_OUT,
    LIST_CHOICE_LABEL,
    LIST_CHOICES,
    LISTED_LABEL,
    PROPOSED,
    UNREGISTERED,
    left_out_note,
    listed_status,
)
from kupang_desk.domain.settings import PemdaSettings, jkk_class_for, not_enrolled_note
from kupang_desk.reports.daftar_peserta import (
    DaftarDocument,
    DaftarRow,
    DaftarSection,
    render_daftar,
)
from kupang_desk.reports.fonts import register_fonts
from kupang_desk.reports.kop import Kop
from kupang_desk.reports.rekap import RekapDocument, RekapRow, render_rekap
from kupang_desk.services import rates as rate_service
from kupang_desk.services.context import AppContext, own_connection
from kupang_desk.store import opd as opd_store
from kupang_desk.store import rates as rate_store
from kupang_desk.store import report_data
from kupang_desk.store.report_data import FamilyLine, WorkerLine

PROGRAM_NAMES = {
    Program.KESEHATAN: "BPJS Kesehatan",
    Program.KETENAGAKERJAAN: "BPJS Ketenagakerjaan",
}
GROUP = "PEGAWAI TIDAK TETAP"
LEFT_OUT_LABEL = "Tidak dicantumkan"
Progress = Callable[[int, int], None]


class ReportError(Exception):
    """The document cannot be made as asked; `str()` tells the clerk why."""


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ReportError(f"Periode '{text}' tidak dikenali. Tulis TTTT-BB, mis. 2026-11.")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> str:
        return date(self.year, self.month, 1).isoformat()

    @property
    def last_day(self) -> str:
        return date(
            self.year, self.month, calendar.monthrange(self.year, self.month)[1]
        ).isoformat()

    @property
    def label(self) -> str:
        return periode(self.year, self.month)


@dataclass
class StatusTotals:
    """People listed with one membership status, and their iuran."""

    people: int = 0
    men: int = 0  # the SPTJM counts each status by sex
    women: int = 0
    employer: int = 0
    worker: int = 0

    @property
    def total(self) -> int:
        return self.employer + self.worker


@dataclass
class Totals:
    """One OPD's list: who is on it, what they cost, who was left out and why."""

    workers: int = 0
    men: int = 0
    women: int = 0
    family: int = 0
    family_men: int = 0
    family_women: int = 0
    extra: int = 0
    employer: int = 0  # iuran of the covered statuses only (never "belum didaftarkan")
    worker: int = 0
    by_status: dict[str, StatusTotals] = field(default_factory=dict)  # listed people
    rejected: int = 0  # people left out: membership ditolak
    inactive: int = 0  # people left out: membership tidak aktif
    not_chosen: int = 0  # people of a status outside the print choice
    not_enrolled: dict[str, int] = field(default_factory=dict)  # employment type -> workers
    employees: int = 0  # every worker employed in the period, listed or not
    employees_men: int = 0
    employees_women: int = 0

    @property
    def total(self) -> int:
        return self.employer + self.worker

    def add(self, status: str, iuran: Iuran | None, sex: str | None = None) -> None:
        bucket = self.by_status.setdefault(status, StatusTotals())
        bucket.people += 1
        bucket.men += sex == "L"
        bucket.women += sex == "P"
        if iuran is not None:
            self.employer += iuran.employer
            self.worker += iuran.worker
            bucket.employer += iuran.employer
            bucket.worker += iuran.worker

    def leave_out(self, status: str, people: int) -> None:
        if status == MembershipStatus.REJECTED:
            self.rejected += people
        else:
            self.inactive += people

    def people(self, *statuses: str) -> int:
        return sum(self.by_status[s].people for s in statuses if s in self.by_status)


@dataclass(frozen=True)
class DaftarResult:
    workers: int
    family: int
    pages: int
    totals: dict[str, Totals] = field(default_factory=dict)  # per OPD code
    left_out: dict[str, str] = field(default_factory=dict)  # per OPD code: the printed note


def _amount(value: int) -> str:
    """1.234.567 — table cells leave out "Rp" (the column says it) to keep columns narrow."""
    return ribuan(value)


def _join(*parts: str) -> str:
    return " / ".join(p for p in parts if p)


def _kelas_label(stored: str, computed: int | None) -> str:
    if stored:
        return f"Kelas {stored}"
    return f"Kelas {computed}" if computed else "KRIS"


def _faskes(code: str, name: str) -> str:
    return " ".join(p for p in (code, name) if p)


def _same_as_worker(worker_cover: str, member_cover: str) -> str:
    """A family member's kelas/faskes is usually the worker's: "idem" keeps the row to one
    line, as typed lists do; a different faskes is printed in full."""
    return "idem" if member_cover == worker_cover else member_cover


def _money_cells(iuran: Iuran | None) -> tuple[str, str, str]:
    if iuran is None:
        return "-", "-", "-"
    return _amount(iuran.employer), _amount(iuran.worker), _amount(iuran.total)


def _status_cell(status: str, card_number: str) -> str:
    """ "Aktif 0001234567890" (the card of an active member), "Diusulkan", "Belum
    didaftarkan"."""
    label = LISTED_LABEL[status]
    return f"{label} {card_number}" if status == MembershipStatus.ACTIVE and card_number else label


def _check_choice(choice: str) -> str:
    if choice not in LIST_CHOICES:
        raise ReportError(
            f"Pilihan peserta '{choice}' tidak dikenal: pilih {', '.join(LIST_CHOICES)}."
        )
    return choice


def _check_program(program: str) -> Program:
    try:
        return Program(program)
    except ValueError:
        raise ReportError(
            f"Program '{program}' tidak dikenal: pilih kesehatan atau ketenagakerjaan."
        ) from None


def _scope(ctx: AppContext, opd_code: str | None) -> str | None:
    """The OPD to print: an operator always gets their own, even when asking for all; the
    whole pemda is an admin's list."""
    if opd_code is None:
        return ctx.require_scope(None)
    ctx.require_scope(opd_code)
    if opd_store.get_opd(ctx.store, opd_code) is None:
        raise ReportError(f"OPD dengan kode {opd_code} tidak ada. Periksa kode OPD.")
    return opd_code


@dataclass(frozen=True)
class Signer:
    title: str
    name: str
    nip: str


def signer_for(settings: PemdaSettings, opd: Opd | None = None) -> Signer:
    """Who signs a document: the OPD's head for a paper of one OPD (daftar, its
    reconciliation), the pemda's rekap signer for a paper of the whole pemda."""
    if opd is not None:
        return Signer(opd.head_title or "Kepala Dinas", opd.head_name, opd.head_nip)
    return Signer(
        settings.rekap_signer_title, settings.rekap_signer_name, settings.rekap_signer_nip
    )


def kop_for(settings: PemdaSettings, opd: Opd | None = None) -> Kop:
    """The kop of a document: the OPD's own address, else the pemda's."""
    return Kop(
        pemda_name=settings.name,
        opd_name=opd.name if opd else "",
        address=(opd.address if opd else "") or settings.address,
        logo=settings.logo,
    )


class _Computer:
    """Per-person iuran for one program and period, with the pemda's settings."""

    def __init__(self, ctx: AppContext, program: Program, period: Period) -> None:
        if not rate_store.list_rates(ctx.store):
            raise ReportError("Tarif iuran belum diisi. Admin mengisinya di Pengaturan > Tarif.")
        # UMK 0 (no floor) for a pemda that has not entered its own
        self.rates: RateTable = rate_service.rates_for(ctx, period.year)
        self.settings: PemdaSettings = rate_store.load_settings(ctx.store)
        self.jkk = report_data.jkk_defaults(ctx.store)
        self.opd_jkk = {o.code: o.jkk_class for o in opd_store.list_opd(ctx.store)}
        self.program = program
        self.period = period

    def worker(self, w: WorkerLine) -> tuple[Iuran, str]:
        if self.program is Program.KESEHATAN:
            iuran = iuran_kesehatan(w.upah, self.rates, kelas_enabled=self.settings.kelas_enabled)
            cover = _join(
                _kelas_label(w.kelas_rawat, iuran.kelas), _faskes(w.faskes_code, w.faskes_name)
            )
            return iuran, cover
        programs = (
            parse_tk_programs(w.tk_programs)
            if w.tk_programs is not None
            else self.settings.default_tk_programs()
        )
        jkk = jkk_class_for(
            self.opd_jkk.get(w.opd_code, 1), self.jkk, w.opd_code, w.jabatan, w.jkk_risk_class
        )
        risk = jkk.risk
        try:
            iuran = iuran_ketenagakerjaan(
                w.upah,
                self.rates,
                month=self.period.month,
                year=self.period.year,
                risk_class=risk,
                programs=programs,
                birth_date=date.fromisoformat(w.birth_date) if w.birth_date else None,
            )
        except ValueError as exc:
            raise ReportError(f"Pegawai {w.name} (NIK {w.nik}): {exc}") from exc
        if "JP" in programs and iuran.component("JP") is None:  # at usia pensiun
            shown = tuple(p for p in programs if p != "JP")
            label = tk_program_label(shown, risk, special=jkk.special)
            return iuran, f"{label} (usia pensiun: tanpa JP)"
        return iuran, tk_program_label(programs, risk, special=jkk.special)

    def family(
        self, w: WorkerLine, members: list[FamilyLine], kelas: int | None
    ) -> Iterator[tuple[FamilyLine, Iuran | None, bool]]:
        """(member, iuran or None when covered by the worker's own contribution, is_extra)."""
        flags = extra_members([m.relation for m in members])
        for member, extra in zip(members, flags, strict=True):
            iuran = (
                iuran_anggota_tambahan(w.upah, self.rates, kelas_enabled=kelas is not None)
                if extra
                else None
            )
            yield member, iuran, extra

    def tariff_note(self) -> tuple[str, str]:
        r = self.rates
        if self.program is Program.KESEHATAN:
            return (
                f"Tarif {r.year}",
                f"{percent_label(r.kes_employer_bp)} pemberi kerja + "
                f"{percent_label(r.kes_worker_bp)} pekerja dari upah ("
                + (f"min. UMK {rupiah(r.umk)}, " if r.umk else "UMK/UMP belum diisi, ")
                + f"maks. {rupiah(r.kes_ceiling)}); anggota tambahan "
                f"{percent_label(r.kes_extra_member_bp)}",
            )
        return (
            f"Tarif {r.year}",
            f"JKK {'/'.join(percent_label(b) for b in r.jkk_bp)}, JKM {percent_label(r.jkm_bp)}, "
            f"JHT {percent_label(r.jht_employer_bp)}+{percent_label(r.jht_worker_bp)}, "
            f"JP {percent_label(r.jp_employer_bp)}+{percent_label(r.jp_worker_bp)} "
            f"(batas upah JP {rupiah(r.jp_cap_for(self.period.month))})",
        )


def _section_rows(
    computer: _Computer,
    workers: list[WorkerLine],
    family: dict[int, list[FamilyLine]],
    totals: Totals,
    choice: str = "semua",
) -> list[DaftarRow]:
    """The printed rows of one OPD, counting into `totals`. A worker whose employment type
    is not enrolled in the program, or whose membership was rejected or ended, is left out
    with his family (counted); a family member is listed only under a listed worker."""
    shown = LIST_CHOICES[choice]
    rows: list[DaftarRow] = []
    kesehatan = computer.program is Program.KESEHATAN
    number = 0
    for w in workers:
        totals.employees += 1
        totals.employees_men += w.sex == Sex.L
        totals.employees_women += w.sex == Sex.P
        members = family.get(w.id, []) if kesehatan else []
        if not computer.settings.enrolled(w.employment_type, computer.program):
            totals.not_enrolled[w.employment_type] = (
                totals.not_enrolled.get(w.employment_type, 0) + 1
            )
            continue
        status = listed_status(w.status)
        if status in LEFT_OUT:
            totals.leave_out(status, 1 + len(members))
            continue
        if status not in shown:
            totals.not_chosen += 1 + len(members)
            continue
        number += 1
        iuran, cover = computer.worker(w) if status in COVERED else (None, "-")
        totals.workers += 1
        totals.men += w.sex == Sex.L
        totals.women += w.sex == Sex.P
        totals.add(status, iuran, w.sex)
        rows.append(
            DaftarRow(
                f"{number}*" if w.priority else str(number),
                w.nik,
                w.name,
                tanggal_pendek(w.birth_date),
                w.sex,
                _join(w.jabatan, w.unit),
                _amount(w.upah),
                _amount(iuran.base_wage) if iuran else "-",
                cover,
                _status_cell(status, w.card_number),
                *_money_cells(iuran),
            )
        )
        if not members:
            continue
        kept = []
        for member in members:
            member_status = listed_status(member.status)
            if member_status in LEFT_OUT:
                totals.leave_out(member_status, 1)
            else:
                kept.append(member)
        kelas = iuran.kelas if iuran else None
        for member, member_iuran, extra in computer.family(w, kept, kelas):
            member_status = listed_status(member.status)
            if member_status not in shown:
                totals.not_chosen += 1
                continue
            covered = iuran is not None and member_status in COVERED
            member_iuran = member_iuran if covered else None
            totals.family += 1
            totals.family_men += member.sex == Sex.L
            totals.family_women += member.sex == Sex.P
            totals.extra += extra
            totals.add(member_status, member_iuran, member.sex)
            relation = RELATION_LABEL[member.relation]
            member_cover = (
                _join(
                    _kelas_label(member.kelas_rawat or w.kelas_rawat, kelas),
                    _faskes(member.faskes_code, member.faskes_name),
                )
                if member_status in COVERED
                else "-"
            )
            rows.append(
                DaftarRow(
                    "",
                    member.nik,
                    f"– {member.name}",
                    tanggal_pendek(member.birth_date),
                    member.sex or "",
                    f"{relation} (anggota tambahan 1%)"
                    if extra and relation != "Tambahan"
                    else relation,
                    "",
                    _amount(member_iuran.base_wage) if member_iuran else "",
                    member_cover if member_cover == "-" else _same_as_worker(cover, member_cover),
                    _status_cell(member_status, member.card_number),
                    *_money_cells(member_iuran),
                    kind="sub",
                )
            )
    return rows + _total_rows(totals)


def _total_rows(totals: Totals) -> list[DaftarRow]:
    """One row per status on the list (the covered ones with their iuran), then JUMLAH: the
    covered participants only, never the "belum didaftarkan"."""
    rows = []
    for status, label in LISTED_LABEL.items():
        bucket = totals.by_status.get(status)
        if bucket is None or not bucket.people:
            continue
        if status == UNREGISTERED:
            cells = ("-", "-", "-")
            text = f"{label}: {ribuan(bucket.people)} orang, tanpa iuran"
        else:
            cells = (_amount(bucket.employer), _amount(bucket.worker), _amount(bucket.total))
            text = f"{label}: {ribuan(bucket.people)} peserta"
        rows.append(_total_row(text, *cells))
    rows.append(
        _total_row(
            "JUMLAH", _amount(totals.employer), _amount(totals.worker), _amount(totals.total)
        )
    )
    return rows


def _total_row(text: str, employer: str, worker: str, total: str) -> DaftarRow:
    """A row of the totals: its text under No, the iuran in the last three columns."""
    blank = ("",) * 9  # NIK … status
    return DaftarRow(text, *blank, employer, worker, total, kind="total")


def _status_counts(totals: Totals) -> str:
    """ "aktif 12, diusulkan 3, belum didaftarkan 4" (people, family included)."""
    return ", ".join(
        f"{label.lower()} {ribuan(totals.by_status[status].people)}"
        for status, label in LISTED_LABEL.items()
        if totals.by_status.get(status) and totals.by_status[status].people
    )


def left_out_text(computer: _Computer, totals: Totals, choice: str = "semua") -> str:
    """Who is not on the list and why, in one sentence ("" when nobody)."""
    notes = [
        left_out_note(totals.rejected, totals.inactive),
        not_enrolled_note(computer.settings, computer.program, totals.not_enrolled),
    ]
    if totals.not_chosen:
        notes.append(
            f"{ribuan(totals.not_chosen)} peserta lain di luar pilihan "
            f"{LIST_CHOICE_LABEL[choice].split(' (')[0].lower()}"
        )
    return "; ".join(n for n in notes if n)


def _summary(
    computer: _Computer, totals: Totals, any_priority: bool, choice: str = "semua"
) -> list[tuple[str, str]]:
    lines = [
        (
            "Jumlah pegawai",
            f"{ribuan(totals.workers)} orang (L {ribuan(totals.men)}, P {ribuan(totals.women)})",
        )
    ]
    if computer.program is Program.KESEHATAN:
        lines += [
            (
                "Anggota keluarga",
                f"{ribuan(totals.family)} orang (tambahan {ribuan(totals.extra)})",
            ),
            (
                "Jumlah peserta",
                f"{ribuan(totals.workers + totals.family)} orang "
                f"(L {ribuan(totals.men + totals.family_men)}, "
                f"P {ribuan(totals.women + totals.family_women)})",
            ),
        ]
    if totals.by_status:
        lines.append(("Menurut status", _status_counts(totals)))
    if choice != "semua":
        lines.append(("Pilihan cetak", LIST_CHOICE_LABEL[choice]))
    left_out = left_out_text(computer, totals, choice)
    if left_out:
        lines.append((LEFT_OUT_LABEL, left_out))
    lines += [
        ("Iuran pemberi kerja (Pemda) / bulan", rupiah(totals.employer)),
        ("Iuran pekerja / bulan", rupiah(totals.worker)),
        ("Jumlah iuran / bulan", rupiah(totals.total)),
        computer.tariff_note(),
        ("Pembulatan", "per orang per komponen ke rupiah terdekat"),
    ]
    if any_priority:
        lines.append(("Tanda *", "pegawai prioritas (didahulukan dalam daftar)"))
    return lines


def _listed_by_opd(
    ctx: AppContext, scope: str | None, program: Program, period: Period
) -> tuple[dict[str, list[WorkerLine]], dict[int, list[FamilyLine]]]:
    """Who is listed in the period, per OPD code, and their covered family (Kesehatan)."""
    workers = report_data.listed_workers(
        ctx.store,
        opd_code=scope,
        program=program,
        first_day=period.first_day,
        last_day=period.last_day,
    )
    family = (
        report_data.listed_family(
            ctx.store, opd_code=scope, first_day=period.first_day, last_day=period.last_day
        )
        if program is Program.KESEHATAN
        else {}
    )
    by_opd: dict[str, list[WorkerLine]] = {}
    for w in workers:
        by_opd.setdefault(w.opd_code, []).append(w)
    return by_opd, family


def build_daftar(
    ctx: AppContext,
    *,
    opd_code: str | None,
    program: str = Program.KESEHATAN,
    period: Period,
    on: date,
    status: str = "semua",
) -> tuple[DaftarDocument, dict[str, Totals]]:
    program = _check_program(program)
    choice = _check_choice(status)
    scope = _scope(ctx, opd_code)
    computer = _Computer(ctx, program, period)
    by_opd, family = _listed_by_opd(ctx, scope, program, period)
    opds = {o.code: o for o in opd_store.list_opd(ctx.store)}
    if scope is not None and not by_opd:
        by_opd[scope] = []  # an empty list is still a document the clerk asked for
    what = "DAFTAR USULAN PESERTA" if choice == "usulan" else "DAFTAR PESERTA"
    title = f"{what} {PROGRAM_NAMES[program].upper()} {GROUP}"
    period_line = f"Periode {period.label}"
    if choice == "terdaftar":
        period_line += " · peserta aktif"
    sections, all_totals = [], {}
    for code, listed in by_opd.items():
        opd = opds[code]
        signer = signer_for(computer.settings, opd)
        totals = Totals()
        rows = _section_rows(computer, listed, family, totals, choice)
        all_totals[code] = totals
        sections.append(
            DaftarSection(
                key=code,
                kop=kop_for(computer.settings, opd),
                opd_name=opd.name,
                title=title,
                period=period_line,
                footer=f"Daftar Peserta {PROGRAM_NAMES[program]} · {opd.short_name or opd.code} · "
                f"{period.label}",
                rows=rows,
                summary=_summary(computer, totals, any(w.priority for w in listed), choice),
                place_date=f"{computer.settings.place}, {tanggal_panjang(on)}",
                head_title=signer.title,
                head_name=signer.name,
                head_nip=signer.nip,
            )
        )
    return DaftarDocument(program, title, sections), all_totals


def print_daftar(
    ctx: AppContext,
    out: Path,
    *,
    opd_code: str | None = None,
    program: str = Program.KESEHATAN,
    period: Period | None = None,
    paper: str = "f4",
    on: date | None = None,
    progress: Progress | None = None,
    status: str = "semua",
    sptjm: bool = False,
) -> DaftarResult:
    """Write the daftar peserta of one OPD (None: every OPD the user may see) to `out`.

    status: who is listed (domain.memberships.LIST_CHOICES): "semua", "usulan" (diusulkan,
    terverifikasi, diajukan) or "terdaftar" (aktif). sptjm: each OPD's section is followed
    by its head's SPTJM (services/sptjm.py)."""
    if paper not in ("f4", "a4"):
        raise ReportError(f"Kertas '{paper}' tidak dikenal: pilih f4 atau a4.")
    on = on or date.today()
    document, totals = build_daftar(
        ctx,
        opd_code=opd_code,
        program=program,
        period=period or Period.of(on),
        on=on,
        status=status,
    )
    if not document.sections:
        raise ReportError("Tidak ada pegawai yang terdaftar pada periode ini.")
    statements = None
    if sptjm:
        from kupang_desk.services.sptjm import statements_for  # it imports this module

        statements = statements_for(
            ctx, document, totals, period=period or Period.of(on), choice=status
        )
    pages = render_daftar(document, Path(out), paper, progress, statements)
    return DaftarResult(
        workers=sum(t.workers for t in totals.values()),
        family=sum(t.family for t in totals.values()),
        pages=pages,
        totals=totals,
        left_out={
            section.key: text
            for section in document.sections
            for label, text in section.summary
            if label == LEFT_OUT_LABEL
        },
    )


def merged(totals: list[Totals]) -> Totals:
    """Several OPDs' totals as one (the rekap's grand total and its notes)."""
    out = Totals()
    for t in totals:
        for name in (
            "workers men women family family_men family_women extra employer worker "
            "rejected inactive not_chosen employees employees_men employees_women"
        ).split():
            setattr(out, name, getattr(out, name) + getattr(t, name))
        for status, bucket in t.by_status.items():
            mine = out.by_status.setdefault(status, StatusTotals())
            mine.people += bucket.people
            mine.men += bucket.men
            mine.women += bucket.women
            mine.employer += bucket.employer
            mine.worker += bucket.worker
        for kind, count in t.not_enrolled.items():
            out.not_enrolled[kind] = out.not_enrolled.get(kind, 0) + count
    return out


def _iuran_by_status(totals: Totals) -> str:
    active = totals.by_status.get(MembershipStatus.ACTIVE, StatusTotals()).total
    proposed = sum(totals.by_status.get(s, StatusTotals()).total for s in PROPOSED)
    return f"iuran peserta aktif {rupiah(active)} dan usulan {rupiah(proposed)} per bulan"


def build_rekap(ctx: AppContext, *, period: Period, on: date) -> RekapDocument:
    """One row per OPD: its workers, and per program the participants by status and the
    iuran of the covered ones; the same rule as the daftar (domain.memberships)."""
    scope = ctx.opd_scope
    per_program: dict[Program, dict[str, Totals]] = {}
    computers: dict[Program, _Computer] = {}
    for program in Program:
        computer = computers[program] = _Computer(ctx, program, period)
        by_opd, family = _listed_by_opd(ctx, scope, program, period)
        per_program[program] = {}
        for code, listed in by_opd.items():
            totals = Totals()
            _section_rows(computer, listed, family, totals)
            per_program[program][code] = totals
    settings = rate_store.load_settings(ctx.store)
    signer = signer_for(settings)
    rows = []
    for opd in opd_store.list_opd(ctx.store):
        if scope is not None and opd.code != scope:
            continue
        kes = per_program[Program.KESEHATAN].get(opd.code, Totals())
        tk = per_program[Program.KETENAGAKERJAAN].get(opd.code, Totals())
        rows.append(
            RekapRow(
                opd.name,
                kes.employees_men,
                kes.employees_women,
                kes.employees,
                kes.people(MembershipStatus.ACTIVE),
                kes.people(*PROPOSED),
                kes.people(UNREGISTERED),
                kes.employer,
                kes.worker,
                tk.people(MembershipStatus.ACTIVE),
                tk.people(*PROPOSED),
                tk.people(UNREGISTERED),
                tk.employer,
                tk.worker,
            )
        )
    notes = []
    grand = 0
    for program in Program:
        whole = merged(list(per_program[program].values()))
        grand += whole.total
        text = _iuran_by_status(whole)
        if program is Program.KESEHATAN:
            text += "; peserta termasuk anggota keluarga"
        left_out = left_out_text(computers[program], whole)
        notes.append((PROGRAM_NAMES[program], f"{text}; {left_out}" if left_out else text))
    notes += [
        ("Usulan", "diusulkan, terverifikasi dan diajukan ke BPJS"),
        ("Belum didaftarkan", "pegawai tanpa kepesertaan pada program itu; tanpa iuran"),
        ("Jumlah iuran kedua program", f"{rupiah(grand)} per bulan"),
    ]
    return RekapDocument(
        kop=kop_for(settings),
        title=f"REKAPITULASI PESERTA DAN IURAN BPJS {GROUP}",
        period=f"Periode {period.label}",
        rows=rows,
        notes=notes,
        place_date=f"{settings.place}, {tanggal_panjang(on)}",
        signer_title=signer.title,
        signer_name=signer.name,
        signer_nip=signer.nip,
    )


@dataclass(frozen=True)
class RekapResult:
    document: RekapDocument
    pages: int


def print_rekap(
    ctx: AppContext,
    out: Path,
    *,
    period: Period | None = None,
    paper: str = "f4",
    on: date | None = None,
) -> RekapResult:
    on = on or date.today()
    document = build_rekap(ctx, period=period or Period.of(on), on=on)
    return RekapResult(document, render_rekap(document, Path(out), paper))


@dataclass(frozen=True)
class PrintJob:
    """What the clerk asked to print; run by `run_job`, possibly on another thread."""

    kind: str  # "daftar" / "rekap" / "sptjm" / "uji-publik" / "progres"
    opd_code: str | None = None
    program: str = Program.KESEHATAN
    period: Period | None = None
    paper: str = "f4"
    status: str = "semua"  # daftar: semua / usulan / terdaftar (the rekap counts each)
    sptjm: bool = False  # daftar: each OPD's SPTJM after its list


def prepare_rendering() -> None:
    """Load the fonts and reportlab's text codecs now, on the GUI thread, before a worker
    thread renders.

    Reading the TTF files and encoding PDF text import codec modules lazily; an import on a
    worker thread runs PySide's import hook there while the GUI thread calls into Python,
    and that crashed the app (segfault in whatever widget method ran at that moment).
    tests/test_background_imports.py runs every background job and finds any such import.
    """
    register_fonts()


def _run_statement(ctx: AppContext, job: PrintJob, out: Path) -> int:
    # Imported here: these modules import this one.
    from kupang_desk.services.progress import print_progres
    from kupang_desk.services.sptjm import print_sptjm
    from kupang_desk.services.uji_publik import print_uji_publik

    if job.kind == "sptjm":
        return print_sptjm(
            ctx,
            out,
            opd_code=job.opd_code,
            program=job.program,
            period=job.period,
            paper=job.paper,
            status=job.status,
        ).pages
    if job.kind == "uji-publik":
        return print_uji_publik(
            ctx, out, opd_code=job.opd_code, period=job.period, paper=job.paper
        ).pages
    return print_progres(ctx, out, period=job.period, paper=job.paper).pages


def run_job(ctx: AppContext, job: PrintJob, out: Path, progress: Progress | None = None) -> int:
    """Render the job to `out` on a connection of its own (safe off the GUI thread).

    Returns the page count.
    """
    # Read-only: a report writes nothing, and needs no writer's lock.
    with own_connection(ctx, read_only=True) as own:
        if job.kind == "rekap":
            return print_rekap(own, out, period=job.period, paper=job.paper).pages
        if job.kind in ("sptjm", "uji-publik", "progres"):
            return _run_statement(own, job, out)
        return print_daftar(
            own,
            out,
            opd_code=job.opd_code,
            program=job.program,
            period=job.period,
            paper=job.paper,
            progress=progress,
            status=job.status,
            sptjm=job.sptjm,
        ).pages
