"""Progres pendaftaran: the mayor's one page. Per OPD (and its priority group) the workers
employed and, per program, a bar of the statuses with the numbers beside it and the share
a second person has checked. Bars are drawn with reportlab.graphics; the type gets smaller
until the page holds every OPD (a province's hundred OPDs flow onto a second page, with
the header repeated, rather than become unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from kupang_desk import APP_NAME
from kupang_desk.domain.entities import MembershipStatus, Program
from kupang_desk.domain.formatting import ribuan
from kupang_desk.domain.progress import (
    CHECKED_LABEL,
    PRIORITY_LABEL,
    PROGRESS_COLOR,
    PROGRESS_LABEL,
    PROGRESS_STATUSES,
    Progress,
    ProgressLine,
    percent,
)
from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import (
    SectionMark,
    build_numbered,
    landscape_document,
)

FONT_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0)
PAD = 2.5
MIN_OPD = 95.0  # points for the OPD name column
MIN_BAR, MAX_BAR = 75.0, 150.0  # points per program's bar; the rest widens the OPD column
FILLS = {
    "priority": colors.HexColor("#fbf6e6"),
    "priority_total": colors.HexColor("#f4ead0"),
    "total": colors.HexColor("#ececec"),
}


@dataclass(frozen=True)
class ProgresDocument:
    kop: Kop
    title: str
    period: str
    footer: str
    progress: Progress
    program_names: dict[Program, str]
    notes: list[tuple[str, str]] = field(default_factory=list)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shown_statuses(progress: Progress) -> list[str]:
    """Every status of the issue's list; "tidak aktif" only when some worker has it."""
    return [s for s in PROGRESS_STATUSES if s != MembershipStatus.INACTIVE or progress.shows(s)]


def status_bar(line: ProgressLine, program: Program, width: float, height: float) -> Drawing:
    """The statuses of one line as one bar of the full width (shares, not counts: a big
    OPD and a small one are compared by how far they are)."""
    drawing = Drawing(width, height)
    counts = line.program(program)
    total = counts.enrolled
    bar_h = height * 0.62
    y = (height - bar_h) / 2
    if not total:
        drawing.add(
            Rect(0, y, width, bar_h, fillColor=None, strokeColor=colors.HexColor("#bbbbbb"),
                 strokeWidth=0.4)
        )  # fmt: skip
        return drawing
    x = 0.0
    for status in PROGRESS_STATUSES:
        n = counts.count(status)
        if not n:
            continue
        w = width * n / total
        drawing.add(
            Rect(x, y, w, bar_h, fillColor=colors.HexColor(PROGRESS_COLOR[status]),
                 strokeColor=None, strokeWidth=0)
        )  # fmt: skip
        x += w
    return drawing


def legend(statuses: list[str], width: float, size: float) -> Drawing:
    """Coloured squares with the status names, on one line."""
    height = size * 2
    drawing = Drawing(width, height)
    x = 0.0
    for status in statuses:
        drawing.add(
            Rect(x, size * 0.45, size, size, fillColor=colors.HexColor(PROGRESS_COLOR[status]),
                 strokeColor=None)
        )  # fmt: skip
        label = PROGRESS_LABEL[status]
        drawing.add(String(x + size * 1.4, size * 0.6, label, fontName=REGULAR, fontSize=size))
        x += size * 1.4 + stringWidth(label, REGULAR, size) + size * 2
    return drawing


def _numbers(line: ProgressLine, program: Program, statuses: list[str]) -> list[str]:
    counts = line.program(program)
    return [ribuan(counts.count(s)) for s in statuses] + [percent(counts.share)]


def _table(
    document: ProgresDocument, width: float, size: float, pad: float = 1.2
) -> tuple[Table, float]:
    """The table in type `size`, and the width its bars got."""
    progress = document.progress
    statuses = shown_statuses(progress)
    programs = list(Program)
    per_program = len(statuses) + 2  # bar, statuses, share
    plain = ParagraphStyle("pg_plain", fontName=REGULAR, fontSize=size, leading=size + 2)
    bold = ParagraphStyle("pg_bold", parent=plain, fontName=BOLD)
    head = ParagraphStyle("pg_head", parent=bold, alignment=1)
    sub = ParagraphStyle("pg_sub", parent=plain, leftIndent=size)
    lines = progress.lines()

    # Number columns as wide as their widest cell or the longest word of their header.
    number_headers = [PROGRESS_LABEL[s] for s in statuses] + [CHECKED_LABEL]
    cells = [[_numbers(line, p, statuses) for p in programs] for line in lines]

    def needed(column: int) -> float:
        words = number_headers[column].split()
        wide = max(stringWidth(w, BOLD, size) for w in words)
        for line_cells in cells:
            for program_cells in line_cells:
                wide = max(wide, stringWidth(program_cells[column], BOLD, size))
        return wide + 2 * PAD + 1

    number_widths = [needed(c) for c in range(len(number_headers))]
    no_w = stringWidth("999", BOLD, size) + 2 * PAD
    workers_w = (
        max(
            stringWidth("Pegawai", BOLD, size),
            stringWidth(ribuan(progress.total.workers), BOLD, size),
        )
        + 2 * PAD
        + 1
    )
    fixed = no_w + workers_w + 2 * sum(number_widths)
    bar_w = min(MAX_BAR, max(30.0, (width - fixed - MIN_OPD) / 2))
    opd_w = width - fixed - 2 * bar_w
    widths = [no_w, opd_w, workers_w]
    for _ in programs:
        widths += [bar_w, *number_widths]

    header_1 = ["No", "OPD", "Pegawai"]
    header_2 = ["", "", ""]
    for program in programs:
        header_1 += [document.program_names[program]] + [""] * (per_program - 1)
        header_2 += ["Sebaran status", *number_headers]
    data: list[list] = [
        [Paragraph(_escape(h), head) if h else "" for h in header_1],
        [Paragraph(_escape(h), head) if h else "" for h in header_2],
    ]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e4e4e4")),
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (2, 1)),
        ("ALIGN", (0, 2), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.4),
    ]
    for number, _ in enumerate(programs):
        first = 3 + number * per_program
        commands.append(("SPAN", (first, 0), (first + per_program - 1, 0)))
        share = first + per_program - 1
        commands.append(("FONT", (share, 2), (share, -1), BOLD, size))
    bar_h = size * 1.6 + pad - 1.2
    number = 0
    for row, (line, line_cells) in enumerate(zip(lines, cells, strict=True), start=2):
        if line.kind == "opd":
            number += 1
            label = Paragraph(_escape(line.label), plain)
        elif line.kind == "priority":  # under its OPD: the OPD's name is not repeated
            label = Paragraph(f"<i>{PRIORITY_LABEL}</i>", sub)
        else:
            label = Paragraph(_escape(line.label), bold)
        cells_row = [str(number) if line.kind == "opd" else "", label, ribuan(line.workers)]
        for program, program_cells in zip(programs, line_cells, strict=True):
            cells_row += [status_bar(line, program, bar_w - 2 * PAD, bar_h), *program_cells]
        data.append(cells_row)
        if line.kind in FILLS:
            commands.append(("BACKGROUND", (0, row), (-1, row), FILLS[line.kind]))
        if line.kind in ("total", "priority_total"):
            commands.append(("FONT", (0, row), (-1, row), BOLD, size))
    return Table(data, colWidths=widths, repeatRows=2, style=TableStyle(commands)), bar_w


def _page(document: ProgresDocument, table: Table, width: float, size: float) -> list:
    title = ParagraphStyle("pg_title", fontName=BOLD, fontSize=12, leading=15, alignment=1)
    period = ParagraphStyle("pg_period", fontName=REGULAR, fontSize=10, leading=13, alignment=1)
    note = ParagraphStyle("pg_note", fontName=REGULAR, fontSize=size, leading=size + 2.5)
    notes = Table(
        [[Paragraph(_escape(a), note), Paragraph(_escape(b), note)] for a, b in document.notes]
        or [[""]],
        colWidths=[45 * mm, width - 45 * mm] if document.notes else [width],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3),
            ]
        ),
    )
    return [
        *kop_story(document.kop, width),
        Paragraph(_escape(document.title), title),
        Paragraph(_escape(document.period), period),
        Spacer(1, 2 * mm),
        legend(shown_statuses(document.progress), width, size + 0.5),
        Spacer(1, 1 * mm),
        table,
        Spacer(1, 2 * mm),
        notes,
    ]


def render_progres(document: ProgresDocument, out: Path, paper: str = "f4") -> int:
    """Write the page; returns the number of pages (1 unless there are very many OPDs)."""
    register_fonts()
    doc, width, height = landscape_document(out, paper, document.title, APP_NAME)
    for size in FONT_SIZES:
        table, bar_w = _table(document, width, size)
        story = _page(document, table, width, size)
        used = sum(f.wrap(width, height)[1] for f in story)
        if bar_w >= MIN_BAR and used <= height:
            # A few OPDs: taller rows (and bars) fill the page instead of a third of it.
            rows = len(document.progress.lines()) + 2
            extra = min(size * 0.7, (height - used) / rows / 2 * 0.9)
            table, _ = _table(document, width, size, 1.2 + extra)
            story = _page(document, table, width, size)
            break
    return build_numbered(doc, [SectionMark("progres", document.footer), *story])
