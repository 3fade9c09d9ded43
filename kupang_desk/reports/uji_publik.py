"""Uji publik: the list posted on the OPD's notice board before submission, so colleagues
can object to a name that does not belong.

Only what a colleague needs to recognise a person: number, masked NIK, name, jabatan/unit
and the status per program. No birth date, no wage, no family: services/ never hands them
over, and this module has no column for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kupang_desk import APP_NAME
from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import PAPERS, SectionMark, build_numbered

MARGINS = (15 * mm, 15 * mm, 12 * mm, 16 * mm)
HEADER = ("No", "NIK", "Nama", "Jabatan / Unit", "BPJS Kesehatan", "BPJS Ketenagakerjaan")
FONT_SIZE = 9
PAD = 3
CARRIED_ROWS = 3  # names that go with the closing block onto a new page


@dataclass(frozen=True)
class UjiPublikRow:
    no: str
    nik: str  # masked
    name: str
    jabatan: str
    kesehatan: str  # status, or "-" when the employment type is not in the program
    ketenagakerjaan: str


@dataclass(frozen=True)
class UjiPublikDocument:
    kop: Kop
    title: str
    subtitle: str  # the OPD and the period
    announcement: str  # above the table: what this is and how to object
    rows: list[UjiPublikRow]
    notes: list[tuple[str, str]] = field(default_factory=list)  # under the table
    footer: str = ""
    place_date: str = ""
    signer_title: str = ""
    opd_name: str = ""
    signer_name: str = ""
    signer_nip: str = ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_widths(rows: list[UjiPublikRow], width: float) -> list[float]:
    """No and NIK as wide as their widest cell (a masked NIK never wraps), the statuses as
    wide as "Ketenagakerjaan" in the header; Nama and Jabatan share the rest."""

    def fit(texts: list[str], font: str = REGULAR) -> float:
        return max(stringWidth(t, font, FONT_SIZE) for t in texts) + 2 * PAD + 1

    no = fit(["No", *(r.no for r in rows)], BOLD)
    nik = fit(["NIK", *(r.nik for r in rows)])
    kesehatan = fit(["Kesehatan", "Terverifikasi"], BOLD)  # "Belum didaftarkan" wraps
    ketenagakerjaan = fit(["Ketenagakerjaan"], BOLD)
    rest = width - no - nik - kesehatan - ketenagakerjaan
    return [no, nik, rest * 0.45, rest * 0.55, kesehatan, ketenagakerjaan]


def render_uji_publik(document: UjiPublikDocument, out: Path, paper: str = "f4") -> int:
    """Write the notice (portrait, header repeated on every page); returns the page count."""
    register_fonts()
    pagesize = portrait(PAPERS[paper])
    left, right, top, bottom = MARGINS
    width = pagesize[0] - left - right
    doc = BaseDocTemplate(str(out), pagesize=pagesize, title=document.title, author=APP_NAME)
    frame = Frame(left, bottom, width, pagesize[1] - top - bottom, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("body", [frame], pagesize=pagesize)])

    title = ParagraphStyle("uji_title", fontName=BOLD, fontSize=12, leading=15, alignment=1)
    sub = ParagraphStyle("uji_sub", fontName=REGULAR, fontSize=10, leading=13, alignment=1)
    body = ParagraphStyle("uji_body", fontName=REGULAR, fontSize=9.5, leading=13, alignment=4)
    cell = ParagraphStyle("uji_cell", fontName=REGULAR, fontSize=FONT_SIZE, leading=11)
    head = ParagraphStyle("uji_head", parent=cell, fontName=BOLD, alignment=1)
    note = ParagraphStyle("uji_note", fontName=REGULAR, fontSize=8.5, leading=11)
    sign = ParagraphStyle("uji_sign", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=1)
    sign_name = ParagraphStyle("uji_signname", parent=sign, fontName=BOLD)

    data: list[list] = [[Paragraph(h, head) for h in HEADER]]
    for row in document.rows:
        data.append(
            [
                row.no,
                row.nik,
                Paragraph(_escape(row.name), cell),
                Paragraph(_escape(row.jabatan), cell),
                Paragraph(_escape(row.kesehatan), cell),
                Paragraph(_escape(row.ketenagakerjaan), cell),
            ]
        )
    if not document.rows:
        data.append(["", "", Paragraph("Tidak ada pegawai yang diumumkan.", cell), "", "", ""])
    notes = Table(
        [[Paragraph(_escape(a), note), Paragraph(_escape(b), note)] for a, b in document.notes]
        or [[""]],
        colWidths=[35 * mm, width - 35 * mm] if document.notes else [width],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
    )
    name = _escape(document.signer_name) or "&nbsp;" * 40
    signature = Table(
        [
            [Paragraph(_escape(document.place_date), sign)],
            [Paragraph(_escape(document.signer_title), sign)],
            [Paragraph(_escape(document.opd_name), sign)],
            [Spacer(1, 20 * mm)],
            [Paragraph(f"<u>{name}</u>", sign_name)],
            [
                Paragraph(
                    f"NIP. {_escape(document.signer_nip)}" if document.signer_nip else "", sign
                )
            ],
        ],
        colWidths=[85 * mm],
        hAlign="RIGHT",
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    # The closing block is the table's last row, kept with the rows above it (NOSPLIT):
    # notes and signature never stand alone on a page.
    last = len(data)
    data.append([[Spacer(1, 3 * mm), notes, Spacer(1, 2 * mm), signature], "", "", "", "", ""])
    table = Table(
        data,
        colWidths=column_widths(document.rows, width),
        repeatRows=1,
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, FONT_SIZE),
                ("GRID", (0, 0), (-1, last - 1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("SPAN", (0, last), (-1, last)),
                ("LEFTPADDING", (0, last), (-1, last), 0),
                ("RIGHTPADDING", (0, last), (-1, last), 0),
                ("NOSPLIT", (0, max(1, last - CARRIED_ROWS)), (-1, last)),
            ]
        ),
    )
    story = [
        SectionMark("uji-publik", document.footer),
        *kop_story(document.kop, width),
        Paragraph(_escape(document.title), title),
        Paragraph(_escape(document.subtitle), sub),
        Spacer(1, 3 * mm),
        Paragraph(_escape(document.announcement), body),
        Spacer(1, 3 * mm),
        table,
    ]
    return build_numbered(doc, story)
