"""Rekapitulasi: one row per OPD with participants by status and monthly iuran per
program, the grand total of both programs, and the notes on who is not counted."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from kupang_desk import APP_NAME
from kupang_desk.domain.formatting import ribuan
from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import (
    SectionMark,
    build_numbered,
    landscape_document,
)


@dataclass(frozen=True)
class RekapRow:
    """Counts are people: workers of the OPD (L, P, all employed in the period), and per
    program the participants by status (Kesehatan: family members included); iuran only of
    the covered ones (aktif and usulan)."""

    opd_name: str
    men: int
    women: int
    workers: int
    kes_active: int
    kes_proposed: int
    kes_unregistered: int
    kes_employer: int
    kes_worker: int
    tk_active: int
    tk_proposed: int
    tk_unregistered: int
    tk_employer: int
    tk_worker: int

    @property
    def kes_total(self) -> int:
        return self.kes_employer + self.kes_worker

    @property
    def tk_total(self) -> int:
        return self.tk_employer + self.tk_worker

    @property
    def total(self) -> int:
        """Both programs' iuran per month."""
        return self.kes_total + self.tk_total


@dataclass(frozen=True)
class RekapDocument:
    kop: Kop
    title: str
    period: str
    place_date: str
    signer_title: str
    signer_name: str
    signer_nip: str
    rows: list[RekapRow] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (label, text) under the table

    @property
    def total(self) -> RekapRow:
        sums = {
            f.name: sum(getattr(r, f.name) for r in self.rows)
            for f in fields(RekapRow)
            if f.name != "opd_name"
        }
        return RekapRow("JUMLAH", **sums)


HEADER_1 = [
    "No",
    "OPD",
    "Pegawai",
    "",
    "",
    "BPJS Kesehatan",
    "",
    "",
    "",
    "",
    "",
    "BPJS Ketenagakerjaan",
    "",
    "",
    "",
    "",
    "",
    "Jumlah Iuran Kedua Program",
]
HEADER_2 = [
    "",
    "",
    "L",
    "P",
    "Jumlah",
    "Aktif",
    "Usulan",
    "Belum didaftarkan",
    "Iuran Pemberi Kerja",
    "Iuran Pekerja",
    "Jumlah Iuran",
    "Aktif",
    "Usulan",
    "Belum didaftarkan",
    "Iuran Pemberi Kerja",
    "Iuran Pekerja",
    "Jumlah Iuran",
    "",
]
OPD_COLUMN = 1
FONT_SIZES = (7.5, 7.0, 6.5, 6.0)  # the first one with which the OPD column keeps MIN_OPD
MIN_OPD = 70.0  # points: "Dinas Lingkungan Hidup dan Kebersihan" in three lines
PAD = 2.5


def _cells(number: str, row: RekapRow) -> list[str]:
    """Every cell but the OPD name, as printed (thousands separated, counts too)."""
    values = (
        row.men,
        row.women,
        row.workers,
        row.kes_active,
        row.kes_proposed,
        row.kes_unregistered,
        row.kes_employer,
        row.kes_worker,
        row.kes_total,
        row.tk_active,
        row.tk_proposed,
        row.tk_unregistered,
        row.tk_employer,
        row.tk_worker,
        row.tk_total,
        row.total,
    )
    return [number, row.opd_name, *(ribuan(v) for v in values)]


def column_widths(
    lines: list[list[str]], total_line: list[str], width: float, size: float
) -> list[float]:
    """Each number column as wide as its widest cell (or the longest word of its header),
    the OPD column takes what is left."""
    widths = []
    for column in range(len(HEADER_2)):
        if column == OPD_COLUMN:
            widths.append(0.0)
            continue
        words = HEADER_2[column].split() or [""]
        if HEADER_1[column] and not HEADER_2[column]:
            words = HEADER_1[column].split()  # a header over both rows (No, the grand total)
        needed = max(stringWidth(w, BOLD, size) for w in words)
        needed = max(needed, *(stringWidth(line[column], REGULAR, size) for line in lines))
        needed = max(needed, stringWidth(total_line[column], BOLD, size))
        widths.append(needed + 2 * PAD + 0.5)
    widths[OPD_COLUMN] = width - sum(widths)
    return widths


def render_rekap(document: RekapDocument, out: Path, paper: str = "f4") -> int:
    """Write the PDF; returns the number of pages."""
    register_fonts()
    doc, width, _height = landscape_document(out, paper, document.title, APP_NAME)
    lines = [_cells(str(i), row) for i, row in enumerate(document.rows, start=1)]
    total_line = _cells("", document.total)
    for size in FONT_SIZES:  # big totals (a province) get a smaller font, never overflow
        widths = column_widths(lines, total_line, width, size)
        if widths[OPD_COLUMN] >= MIN_OPD:
            break
    center = ParagraphStyle("c", fontName=BOLD, fontSize=12, leading=15, alignment=1)
    plain = ParagraphStyle("p", fontName=REGULAR, fontSize=size, leading=size + 2)
    bold = ParagraphStyle("b", parent=plain, fontName=BOLD, alignment=1)
    note = ParagraphStyle("n", fontName=REGULAR, fontSize=8, leading=10)
    sign = ParagraphStyle("s", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=1)

    def body(line: list[str], style) -> list:
        return [line[0], Paragraph(_escape(line[1]), style), *line[2:]]

    table = Table(
        [
            [Paragraph(h, bold) if h else "" for h in HEADER_1],
            [Paragraph(h, bold) if h else "" for h in HEADER_2],
            *(body(line, plain) for line in lines),
            body(total_line, ParagraphStyle("t", parent=plain, fontName=BOLD)),
        ],
        colWidths=widths,
        repeatRows=2,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, size),
                ("FONT", (0, -1), (-1, -1), BOLD, size),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e4e4e4")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                ("SPAN", (2, 0), (4, 0)),
                ("SPAN", (5, 0), (10, 0)),
                ("SPAN", (11, 0), (16, 0)),
                ("SPAN", (17, 0), (17, 1)),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    notes = Table(
        [
            [Paragraph(_escape(label), note), Paragraph(_escape(text), note)]
            for label, text in document.notes
        ]
        or [[""]],
        colWidths=[48 * mm, width - 48 * mm] if document.notes else [width],
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
        hAlign="LEFT",
    )
    signature = Table(
        [
            [""],
            [Paragraph(_escape(document.place_date), sign)],
            [Paragraph(_escape(document.signer_title), sign)],
            [Spacer(1, 20 * mm)],
            [Paragraph(f"<u><b>{_escape(document.signer_name) or '&nbsp;' * 40}</b></u>", sign)],
            [Paragraph(f"NIP. {document.signer_nip}" if document.signer_nip else "", sign)],
        ],
        colWidths=[95 * mm],
        hAlign="RIGHT",
    )
    story = [
        SectionMark("rekap", f"Rekapitulasi · {document.period}"),
        *kop_story(document.kop, width),
        Paragraph(_escape(document.title), center),
        Paragraph(_escape(document.period), ParagraphStyle("per", parent=sign, fontSize=10)),
        Spacer(1, 4 * mm),
        table,
        KeepTogether([Spacer(1, 3 * mm), notes, signature]),
    ]
    return build_numbered(doc, story)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
