"""SPTJM (Surat Pernyataan Tanggung Jawab Mutlak): the OPD head's signed statement that
the people on a daftar peserta are real, work at the OPD and are entitled.

A portrait letter under the official kop: who signs, what they declare, the list's
counts (by sex and status), period and page count, place and date, and the signature
block with a box for the meterai. Printed alone, or after each OPD's daftar in the same
file; there the daftar's page count is written once the file is laid out
(page.SectionPageCount).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kupang_desk import APP_NAME
from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import PAPERS, SectionMark, SectionPageCount, build_numbered

TEMPLATE = "sptjm"
MARGINS = (25 * mm, 20 * mm, 12 * mm, 16 * mm)  # left (binding), right, top, bottom
METERAI_TEXT = ("Meterai", "10.000")
SIGN_WIDTH = 85 * mm
BODY_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5)  # the first with which the statement fits one page


@dataclass(frozen=True)
class SptjmDocument:
    key: str  # the section key of the statement's own page(s)
    footer: str
    kop: Kop
    title: str
    identity: list[tuple[str, str]]  # "Nama", "NIP", "Pangkat/Gol.", "Jabatan", "Unit Kerja"
    opening: str
    entitled: str  # point 1: who is on the list and what is declared of them
    count_intro: str  # point 2, above the counts
    count_header: tuple[str, ...]  # "Uraian", "L", "P", "Jumlah"
    count_rows: list[tuple[str, ...]]  # kind in the last cell: "item" / "total" / "group"
    details: list[tuple[str, str]]  # below the counts: period, iuran, who is left out
    daftar_key: str  # the daftar's section, when its page count is known only at the end
    daftar_pages: int | None  # None: printed after the daftar, counted as the file is built
    promises: list[str] = field(default_factory=list)  # the points after the counts
    closing: str = ""
    place_date: str = ""
    signer_title: str = ""
    opd_name: str = ""
    signer_name: str = ""
    signer_nip: str = ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _styles(size: float) -> dict[str, ParagraphStyle]:
    leading = size * 1.35
    body = ParagraphStyle(
        "sptjm_body", fontName=REGULAR, fontSize=size, leading=leading, alignment=4
    )
    cell = size - 1
    return {
        "title": ParagraphStyle(
            "sptjm_title", fontName=BOLD, fontSize=size + 2, leading=size * 1.6, alignment=1
        ),
        "number": ParagraphStyle("sptjm_number", parent=body, alignment=1),
        "body": body,
        "left": ParagraphStyle("sptjm_left", parent=body, alignment=0),
        "cell": ParagraphStyle("sptjm_cell", fontName=REGULAR, fontSize=cell, leading=cell * 1.25),
        "cellbold": ParagraphStyle(
            "sptjm_cellb", fontName=BOLD, fontSize=cell, leading=cell * 1.25
        ),
        "cellhead": ParagraphStyle(
            "sptjm_cellh", fontName=BOLD, fontSize=cell, leading=cell * 1.25, alignment=1
        ),
        "sign": ParagraphStyle(
            "sptjm_sign", fontName=REGULAR, fontSize=size, leading=leading, alignment=1
        ),
        "signname": ParagraphStyle(
            "sptjm_signname", fontName=BOLD, fontSize=size, leading=leading, alignment=1
        ),
    }


class MeteraiBox(Flowable):
    """The room for the meterai: a dashed box left of the signature's centre (the head
    signs across the stamp's edge), with the space for the signature around it."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.box = (30 * mm, 24 * mm)  # a meterai 10.000 is about 30 x 25 mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        box_w, box_h = self.box
        x = self.width / 2 - box_w - 2 * mm
        y = (self.height - box_h) / 2
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#555555"))
        canvas.setDash(2, 2)
        canvas.setLineWidth(0.6)
        canvas.rect(x, y, box_w, box_h)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.setFont(REGULAR, 8.5)
        canvas.drawCentredString(x + box_w / 2, y + box_h / 2 + 1.5 * mm, METERAI_TEXT[0])
        canvas.drawCentredString(x + box_w / 2, y + box_h / 2 - 3 * mm, METERAI_TEXT[1])
        canvas.restoreState()


def _identity(document: SptjmDocument, width: float, styles) -> Table:
    size = styles["body"].fontSize
    return Table(
        [
            [
                Paragraph(_escape(label), styles["left"]),
                ":",
                Paragraph(_escape(value), styles["left"]),
            ]
            for label, value in document.identity
        ],
        colWidths=[42 * mm, 4 * mm, width - 46 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, size),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 10 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
    )


def _counts(document: SptjmDocument, styles) -> Table:
    size = styles["cell"].fontSize
    header = [Paragraph(_escape(document.count_header[0]), styles["cellbold"])]
    header += [Paragraph(_escape(h), styles["cellhead"]) for h in document.count_header[1:]]
    rows: list[list] = [header]
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for number, (*cells, kind) in enumerate(document.count_rows, start=1):
        if kind == "group":  # a heading across the table ("Menurut status")
            rows.append([Paragraph(_escape(cells[0]), styles["cellbold"]), "", "", ""])
            commands.append(("SPAN", (0, number), (-1, number)))
            commands.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#f4f4f4")))
            continue
        style = styles["cellbold"] if kind == "total" else styles["cell"]
        rows.append([Paragraph(_escape(cells[0]), style), *cells[1:]])
        if kind == "total":
            commands.append(("FONT", (1, number), (-1, number), BOLD, size))
    return Table(
        rows,
        colWidths=[78 * mm, 20 * mm, 20 * mm, 24 * mm],
        hAlign="LEFT",
        style=TableStyle(commands),
        repeatRows=1,
    )


def _details(document: SptjmDocument, width: float, styles) -> Table:
    size = styles["body"].fontSize
    pages: Flowable | Paragraph
    if document.daftar_pages is None:
        pages = SectionPageCount(document.daftar_key, "{pages} halaman", REGULAR, size)
    else:
        pages = Paragraph(f"{document.daftar_pages} halaman", styles["left"])
    lines = [
        *document.details[:1],
        ("Jumlah halaman daftar", pages),
        *document.details[1:],
    ]
    return Table(
        [
            [
                Paragraph(_escape(label), styles["left"]),
                ":",
                value if not isinstance(value, str) else Paragraph(_escape(value), styles["left"]),
            ]
            for label, value in lines
        ],
        colWidths=[42 * mm, 4 * mm, width - 46 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, size),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        ),
    )


def _signature(document: SptjmDocument, styles) -> Table:
    name = _escape(document.signer_name) or "&nbsp;" * 40
    rows = [
        [Paragraph(_escape(document.place_date), styles["sign"])],
        [Paragraph("Yang membuat pernyataan,", styles["sign"])],
        [Paragraph(_escape(document.signer_title), styles["sign"])],
        [Paragraph(_escape(document.opd_name), styles["sign"])],
        [MeteraiBox(SIGN_WIDTH, 28 * mm)],
        [Paragraph(f"<u>{name}</u>", styles["signname"])],
        [
            Paragraph(
                f"NIP. {_escape(document.signer_nip)}" if document.signer_nip else "",
                styles["sign"],
            )
        ],
    ]
    return Table(
        rows,
        colWidths=[SIGN_WIDTH],
        hAlign="RIGHT",
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def sptjm_story(document: SptjmDocument, width: float, height: float) -> list[Flowable]:
    """The statement's flowables for a frame of this size (a portrait page), in the
    largest type with which it fits on the one page the head signs."""
    for size in BODY_SIZES:
        story = _story(document, width, size)
        if sum(f.wrap(width, height)[1] for f in story) <= height:
            break
    # The closing sentence never leaves the signature: a signature alone on a page would
    # sign nothing.
    return [*story[:-3], KeepTogether(story[-3:])]


def _story(document: SptjmDocument, width: float, size: float) -> list[Flowable]:
    styles = _styles(size)
    point_two = [
        Paragraph(_escape(document.count_intro), styles["body"]),
        Spacer(1, 1.5 * mm),
        _counts(document, styles),
        Spacer(1, 2 * mm),
        _details(document, width - 8 * mm, styles),
    ]
    points = [
        [Paragraph("1.", styles["left"]), Paragraph(_escape(document.entitled), styles["body"])],
        [Paragraph("2.", styles["left"]), point_two],
        *(
            [Paragraph(f"{n}.", styles["left"]), Paragraph(_escape(text), styles["body"])]
            for n, text in enumerate(document.promises, start=3)
        ),
    ]
    numbered = Table(
        points,
        colWidths=[8 * mm, width - 8 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ]
        ),
    )
    return [
        SectionMark(document.key, document.footer),
        *kop_story(document.kop, width),
        Spacer(1, 2 * mm),
        Paragraph(f"<u>{_escape(document.title)}</u>", styles["title"]),
        Paragraph("Nomor: " + "." * 48, styles["number"]),
        Spacer(1, 5 * mm),
        Paragraph("Yang bertanda tangan di bawah ini:", styles["left"]),
        Spacer(1, 1.5 * mm),
        _identity(document, width, styles),
        Spacer(1, 3 * mm),
        Paragraph(_escape(document.opening), styles["left"]),
        Spacer(1, 2 * mm),
        numbered,
        Paragraph(_escape(document.closing), styles["body"]),
        Spacer(1, 4 * mm),
        _signature(document, styles),
    ]


def _frame(paper: str) -> tuple[Frame, tuple[float, float], float, float]:
    """The portrait page, its frame and the frame's width and height."""
    pagesize = portrait(PAPERS[paper])
    left, right, top, bottom = MARGINS
    width, height = pagesize[0] - left - right, pagesize[1] - top - bottom
    return Frame(left, bottom, width, height, 0, 0, 0, 0, id=TEMPLATE), pagesize, width, height


def page_template(paper: str) -> PageTemplate:
    """The portrait page an SPTJM takes inside a landscape daftar."""
    frame, pagesize, _, _ = _frame(paper)
    return PageTemplate(TEMPLATE, [frame], pagesize=pagesize)


def appendix_story(document: SptjmDocument, paper: str, back_to: str) -> list[Flowable]:
    """The statement on a page of its own after a daftar's section, then back to the
    daftar's page template `back_to`."""
    _, _, width, height = _frame(paper)
    return [
        NextPageTemplate(TEMPLATE),
        PageBreak(),
        *sptjm_story(document, width, height),
        NextPageTemplate(back_to),
    ]


def render_sptjm(document: SptjmDocument, out: Path, paper: str = "f4") -> int:
    """Write the statement alone; returns the number of pages."""
    register_fonts()
    frame, pagesize, width, height = _frame(paper)
    doc = BaseDocTemplate(str(out), pagesize=pagesize, title=document.title, author=APP_NAME)
    doc.addPageTemplates([PageTemplate(TEMPLATE, [frame], pagesize=pagesize)])
    return build_numbered(doc, sptjm_story(document, width, height))
