"""Uji publik: the list posted on the OPD's notice board before submission, so colleagues
can object to a name that does not belong.

Only what a colleague needs to recognise a person: number, masked NIK, name, jabatan/unit
and the status per program. No birth date, no wage, no family: services/ never hands them
over, and this module has no column for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
from kupang_desk.reports.listing import FONT_SIZE, PAD_X, Column, ListingTable, Row
from kupang_desk.reports.page import PAPERS, SectionMark, build_numbered

MARGINS = (15 * mm, 15 * mm, 12 * mm, 16 * mm)
HEADER = ("No", "NIK", "Nama", "Jabatan / Unit", "BPJS Kesehatan", "BPJS Ketenagakerjaan")
SIGN_WIDTH = 80 * mm


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


def columns_for(rows: list[UjiPublikRow], width: float) -> list[Column]:
    """No and NIK as wide as their widest cell (a masked NIK never wraps), the statuses as
    wide as "Ketenagakerjaan" in the header; Nama and Jabatan share the rest of `width`."""

    def fit(texts: list[str], font: str = REGULAR) -> float:
        return max(stringWidth(t, font, FONT_SIZE) for t in texts) + 2 * PAD_X + 1

    no = fit(["No", *(r.no for r in rows)], BOLD)
    nik = fit(["NIK", *(r.nik for r in rows)])
    kesehatan = fit(["Kesehatan", "Terverifikasi"], BOLD)  # "Belum didaftarkan" wraps
    ketenagakerjaan = fit(["Ketenagakerjaan"], BOLD)
    rest = width - no - nik - kesehatan - ketenagakerjaan
    return [
        Column(HEADER[0], no, "right"),
        Column(HEADER[1], nik),
        Column(HEADER[2], rest * 0.45, wrap=True),
        Column(HEADER[3], rest * 0.55, wrap=True),
        Column(HEADER[4], kesehatan, wrap=True),
        Column(HEADER[5], ketenagakerjaan, wrap=True),
    ]


def _closing(document: UjiPublikDocument, width: float) -> Table:
    """Notes on the left of the signature: ListingTable carries it, with the last rows,
    so it never stands alone on a page."""
    note = ParagraphStyle("uji_note", fontName=REGULAR, fontSize=8.5, leading=11)
    notes_width = width - SIGN_WIDTH - 6 * mm
    sign = ParagraphStyle("uji_sign", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=1)
    sign_name = ParagraphStyle("uji_signname", parent=sign, fontName=BOLD)
    notes = Table(
        [[Paragraph(_escape(a), note), Paragraph(_escape(b), note)] for a, b in document.notes]
        or [[""]],
        colWidths=[22 * mm, notes_width - 22 * mm] if document.notes else [notes_width],
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
        colWidths=[SIGN_WIDTH],
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return Table(
        [[[Spacer(1, 3 * mm), notes], [Spacer(1, 3 * mm), signature]]],
        colWidths=[notes_width, width - notes_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def render_uji_publik(document: UjiPublikDocument, out: Path, paper: str = "f4") -> int:
    """Write the notice (portrait, header repeated on every page); returns the page count.
    The long table is the daftar's ListingTable: 10,000 names in seconds."""
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
    rows = [
        Row((r.no, r.nik, r.name, r.jabatan, r.kesehatan, r.ketenagakerjaan)) for r in document.rows
    ] or [Row(("", "", "Tidak ada pegawai yang diumumkan.", "", "", ""))]
    story = [
        SectionMark("uji-publik", document.footer),
        *kop_story(document.kop, width),
        Paragraph(_escape(document.title), title),
        Paragraph(_escape(document.subtitle), sub),
        Spacer(1, 3 * mm),
        Paragraph(_escape(document.announcement), body),
        Spacer(1, 3 * mm),
        ListingTable(columns_for(document.rows, width), rows, _closing(document, width)),
    ]
    return build_numbered(doc, story)
