"""The mayor's view: per OPD, workers employed and how far each program's registration is
(dashboard window, `report progres`). One grouped count from the store (store/progress.py),
folded by the domain's rules with the pemda's employment types (domain/progress.py).

Who sees what: an admin and a verifikator without OPD see the whole pemda; an operator
(or a verifikator of one OPD) sees their own OPD only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kupang_desk.domain.entities import Program
from kupang_desk.domain.formatting import tanggal_panjang
from kupang_desk.domain.progress import (
    PROGRESS_STATUSES,
    Progress,
    ProgressGroup,
    ProgressLine,
    fold,
)
from kupang_desk.domain.settings import not_enrolled_note
from kupang_desk.reports.progres import ProgresDocument, render_progres
from kupang_desk.services.context import AppContext
from kupang_desk.services.reports import GROUP, PROGRAM_NAMES, Period, ReportError, kop_for
from kupang_desk.store import opd as opd_store
from kupang_desk.store import progress as progress_store
from kupang_desk.store import rates as rate_store


@dataclass(frozen=True)
class ProgressView:
    period: Period
    scope: str | None  # the one OPD this user sees; None: the whole pemda
    progress: Progress
    notes: dict[Program, str]  # per program: who it leaves out by employment type


def load_progress(ctx: AppContext, period: Period | None = None) -> ProgressView:
    """The numbers of the period (default: this month) for the OPDs the user may see."""
    ctx.require("export_opd")  # every role; opd_scope narrows an operator to their OPD
    scope = ctx.opd_scope
    period = period or Period.of(date.today())
    rows = progress_store.progress_groups(
        ctx.store, opd_code=scope, first_day=period.first_day, last_day=period.last_day
    )
    groups = [
        ProgressGroup(code, kind, bool(priority), kes, tk, workers, men, women)
        for code, kind, priority, kes, tk, workers, men, women in rows
    ]
    counted = {g.opd_code for g in groups}
    opds = [
        (o.code, o.name, o.short_name)
        for o in opd_store.list_opd(ctx.store)
        if (scope is None or o.code == scope) and (o.active or o.code in counted)
    ]
    settings = rate_store.load_settings(ctx.store)
    progress = fold(groups, opds, settings.enrolled)
    notes = {
        program: not_enrolled_note(settings, program, progress.total.program(program).not_enrolled)
        for program in Program
    }
    return ProgressView(period, scope, progress, notes)


def line_dict(line: ProgressLine) -> dict:
    """One line as JSON: workers, and per program the count of each status, the enrolled
    (all statuses), the checked (terverifikasi, diajukan, aktif) and their share."""
    out: dict = {
        "label": line.label,
        "workers": line.workers,
        "men": line.men,
        "women": line.women,
    }
    for program in Program:
        counts = line.program(program)
        out[str(program)] = {
            **{str(status): counts.count(status) for status in PROGRESS_STATUSES},
            "enrolled": counts.enrolled,
            "checked": counts.checked,
            "share": None if counts.share is None else round(counts.share, 4),
            "not_enrolled": dict(counts.not_enrolled),
        }
    return out


def view_dict(view: ProgressView) -> dict:
    progress = view.progress
    return {
        "period": f"{view.period.year}-{view.period.month:02d}",
        "scope": view.scope,
        "opd": {line.key: line_dict(line) for line in progress.opds},
        "priority": {code: line_dict(line) for code, line in progress.priority.items()},
        "priority_total": line_dict(progress.priority_total),
        "total": line_dict(progress.total),
    }


@dataclass(frozen=True)
class ProgresResult:
    view: ProgressView
    pages: int


def print_progres(
    ctx: AppContext,
    out: Path,
    *,
    period: Period | None = None,
    paper: str = "f4",
    on: date | None = None,
) -> ProgresResult:
    """The same numbers on one page for the mayor's desk."""
    if paper not in ("f4", "a4"):
        raise ReportError(f"Kertas '{paper}' tidak dikenal: pilih f4 atau a4.")
    on = on or date.today()
    view = load_progress(ctx, period or Period.of(on))
    settings = rate_store.load_settings(ctx.store)
    opd = opd_store.get_opd(ctx.store, view.scope) if view.scope else None
    notes = [
        (
            "Hitungan",
            "pegawai yang bekerja pada periode ini, menurut status kepesertaan terakhirnya "
            "pada tiap program (anggota keluarga tidak dihitung)",
        ),
        (
            "Terverifikasi s.d. aktif",
            "bagian pegawai yang datanya sudah diperiksa orang kedua: terverifikasi, "
            "diajukan ke BPJS atau sudah aktif",
        ),
    ]
    notes += [(PROGRAM_NAMES[p], text) for p, text in view.notes.items() if text]
    document = ProgresDocument(
        kop=kop_for(settings, opd),
        title=f"PROGRES PENDAFTARAN BPJS {GROUP}",
        period=f"Periode {view.period.label} · keadaan data {tanggal_panjang(on)}",
        footer=f"Progres Pendaftaran BPJS · {view.period.label}",
        progress=view.progress,
        program_names=dict(PROGRAM_NAMES),
        notes=notes,
    )
    return ProgresResult(view, render_progres(document, Path(out), paper))
