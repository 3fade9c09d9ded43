"""Rekapitulasi: one row per OPD with participants and monthly iuran, and the grand total."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kupang_desk import APP_NAME
from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import MARGINS, PAPERS, SectionMark, build_numbered


@dataclass(frozen=True)
class RekapRow:
    opd_name: str
    workers: int
    men: int
    women: int
    family: int
    kes_employer: int
    kes_worker: int
    tk_workers: int
    tk_employer: int
    tk_worker: int

    @property
    def kes_participants(self) -> int:
        return self.workers + self.family

    @property
    def kes_total(self) -> int:
        return self.kes_employer + self.kes_worker

    @property
    def tk_total(self) -> int:
        return self.tk_employer + self.tk_worker


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
    "BPJS Ketenagakerjaan",
    "",
    "",
    "",
]
HEADER_2 = [
    "",
    "",
    "L",
    "P",
    "Jumlah",
    "Keluarga",
    "Peserta",
    "Iuran Pemberi Kerja",
    "Iuran Pekerja",
    "Jumlah Iuran",
    "Peserta",
    "Iuran Pemberi Kerja",
    "Iuran Pekerja",
    "Jumlah Iuran",
]
# mm at their narrowest: "No" and "Keluarga" in bold 8 pt need these to stay on one line
WIDTHS = [9, 58, 10, 10, 15, 18.5, 16, 24, 21, 24, 16, 24, 21, 24]


def _amount(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _cells(number: str, row: RekapRow, style) -> list:
    return [
        number,
        Paragraph(row.opd_name, style),
        str(row.men),
        str(row.women),
        str(row.workers),
        str(row.family),
        str(row.kes_participants),
        _amount(row.kes_employer),
        _amount(row.kes_worker),
        _amount(row.kes_total),
        str(row.tk_workers),
        _amount(row.tk_employer),
        _amount(row.tk_worker),
        _amount(row.tk_total),
    ]


def render_rekap(document: RekapDocument, out: Path, paper: str = "f4") -> int:
    """Write the PDF; returns the number of pages."""
    register_fonts()
    pagesize = PAPERS[paper]
    left, right, top, bottom = MARGINS
    width = pagesize[0] - left - right
    doc = SimpleDocTemplate(
        str(out),
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=document.title,
        author=APP_NAME,
    )
    center = ParagraphStyle("c", fontName=BOLD, fontSize=12, leading=15, alignment=1)
    plain = ParagraphStyle("p", fontName=REGULAR, fontSize=8, leading=10)
    bold = ParagraphStyle("b", parent=plain, fontName=BOLD)
    sign = ParagraphStyle("s", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=1)
    scale = width / (sum(WIDTHS) * mm)
    widths = [w * mm * scale for w in WIDTHS]
    if scale < 1:  # A4: the figures keep their width (scaled, headings broke mid-word);
        # the OPD's name, which wraps at spaces, gives up the room.
        widths = [w * mm for w in WIDTHS]
        widths[1] = width - sum(widths) + WIDTHS[1] * mm
    body = [_cells(str(i), row, plain) for i, row in enumerate(document.rows, start=1)]
    table = Table(
        [
            [Paragraph(h, bold) if h else "" for h in HEADER_1],
            [Paragraph(h, bold) if h else "" for h in HEADER_2],
            *body,
            _cells("", document.total, bold),
        ],
        colWidths=widths,
        repeatRows=2,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("FONT", (0, -1), (-1, -1), BOLD, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e4e4e4")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                ("SPAN", (2, 0), (4, 0)),
                ("SPAN", (5, 0), (9, 0)),
                ("SPAN", (10, 0), (13, 0)),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    signature = Table(
        [
            [""],
            [Paragraph(document.place_date, sign)],
            [Paragraph(document.signer_title, sign)],
            [Spacer(1, 20 * mm)],
            [Paragraph(f"<u><b>{document.signer_name or '&nbsp;' * 40}</b></u>", sign)],
            [Paragraph(f"NIP. {document.signer_nip}" if document.signer_nip else "", sign)],
        ],
        colWidths=[95 * mm],
        hAlign="RIGHT",
    )
    story = [
        SectionMark("rekap", f"Rekapitulasi · {document.period}"),
        *kop_story(document.kop, width),
        Paragraph(document.title, center),
        Paragraph(document.period, ParagraphStyle("per", parent=sign, fontSize=10)),
        Spacer(1, 4 * mm),
        table,
        KeepTogether([Spacer(1, 4 * mm), signature]),
    ]
    return build_numbered(doc, story)
