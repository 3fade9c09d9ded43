"""Daftar peserta: the named list of participants that the Kepala Dinas signs.

Layout lives here and only here. Input is plain data (DaftarDocument) built by services/:
strings already formatted, totals already summed. One section per OPD; each section
starts on a new page with its kop and has its own "Halaman X dari Y" and signature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
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
from kupang_desk.reports.listing import Column, ListingTable, Row
from kupang_desk.reports.page import MARGINS, PAPERS, SectionMark, build_numbered
from kupang_desk.reports.sptjm import SptjmDocument, appendix_story, page_template


@dataclass(frozen=True)
class DaftarRow:
    """One printed line: a worker (kind "item"), a family member ("sub") or the total row."""

    no: str
    nik: str
    name: str
    birth_date: str
    sex: str
    jabatan: str
    upah: str
    base: str  # dasar iuran: the wage the rates were applied to (after floor and ceiling)
    coverage: str  # "Kelas 2 · 0138U020 PUSKESMAS …" (Kesehatan) or "JKK-II, JKM" (TK)
    status: str  # "Aktif 0001234567890", "Diusulkan", "Belum didaftarkan" …
    employer: str
    worker: str
    total: str
    kind: str = "item"

    @property
    def cells(self) -> tuple[str, ...]:
        """The printed columns, left to right."""
        return (
            self.no,
            self.nik,
            self.name,
            self.birth_date,
            self.sex,
            self.jabatan,
            self.upah,
            self.base,
            self.coverage,
            self.status,
            self.employer,
            self.worker,
            self.total,
        )


@dataclass(frozen=True)
class DaftarSection:
    key: str  # OPD code: pages are numbered per section
    kop: Kop
    opd_name: str
    title: str
    period: str
    footer: str
    rows: list[DaftarRow]
    summary: list[tuple[str, str]]  # (label, value) lines above the signature
    place_date: str
    head_title: str
    head_name: str
    head_nip: str


@dataclass(frozen=True)
class DaftarDocument:
    program: str  # kesehatan / ketenagakerjaan
    title: str
    sections: list[DaftarSection] = field(default_factory=list)


TOTAL_LABEL_SPAN = 10  # "JUMLAH" covers No … Status; the iuran columns follow


def columns_for(program: str) -> list[Column]:
    """Weights in points of the A4 frame (774 pt; F4 is 12 % wider): a 16-digit NIK,
    "31-12-1999", "999.999.999", the status with its card ("Aktif 0001234567890") and a bold
    JUMLAH of 99.999.999 each fit on one line there (tests/test_daftar_status.py measures
    them). Ketenagakerjaan's Program ("JKK-I, JKM") and 11-digit KPJ need less room than
    kelas/faskes and a 13-digit JKN card: Jabatan / Unit gets it, so fewer rows wrap."""
    kesehatan = program == "kesehatan"
    coverage, status = (87, 82) if kesehatan else (62, 74)
    return [
        Column("No", 20, "right"),
        Column("NIK", 76),
        Column("Nama", 88, wrap=True),
        Column("Tgl Lahir", 46, "center"),
        Column("L/P", 15, "center"),
        Column("Jabatan / Unit", 118 + (87 - coverage) + (82 - status), wrap=True),
        Column("Upah", 50, "right"),
        Column("Dasar Iuran", 49, "right"),
        Column("Kelas / Faskes" if kesehatan else "Program", coverage, wrap=True),
        Column("Status / No. Kartu", status, wrap=True),
        Column("Iuran Pemberi Kerja", 49, "right"),
        Column("Iuran Pekerja", 45, "right"),
        Column("Jumlah Iuran", 49, "right"),
    ]


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=11, leading=14, alignment=1),
        "period": ParagraphStyle("period", fontName=REGULAR, fontSize=10, leading=13, alignment=1),
        "normal": ParagraphStyle("normal", fontName=REGULAR, fontSize=8.5, leading=11),
        "sign": ParagraphStyle("sign", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=1),
        "signname": ParagraphStyle(
            "signname", fontName=BOLD, fontSize=9.5, leading=12.5, alignment=1
        ),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def closing_block(section: DaftarSection, width: float, styles) -> Table:
    """Totals on the left, place/date and the Kepala Dinas's signature on the right."""
    summary = Table(
        [
            [
                Paragraph(_escape(label), styles["normal"]),
                Paragraph(_escape(value), styles["normal"]),
            ]
            for label, value in section.summary
        ],
        colWidths=[55 * mm, width - 95 * mm - 65 * mm],
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
    signature = [
        [Paragraph(_escape(section.place_date), styles["sign"])],
        [Paragraph(_escape(section.head_title), styles["sign"])],
        [Paragraph(_escape(section.opd_name), styles["sign"])],
        [Spacer(1, 20 * mm)],
        [Paragraph(f"<u>{_escape(section.head_name) or '&nbsp;' * 40}</u>", styles["signname"])],
        [
            Paragraph(
                f"NIP. {_escape(section.head_nip)}" if section.head_nip else "", styles["sign"]
            )
        ],
    ]
    sign_width = 95 * mm
    block = Table(
        [[summary, Table(signature, colWidths=[sign_width])]],
        colWidths=[width - sign_width, sign_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
            ]
        ),
    )
    return block


def section_story(
    section: DaftarSection,
    program: str,
    width: float,
    styles,
    on_rows: Callable[[int], None] | None = None,
) -> list:
    rows = [
        Row(
            r.cells,
            r.kind,
            TOTAL_LABEL_SPAN if r.kind == "total" else 1,
        )
        for r in section.rows
    ]
    return [
        SectionMark(section.key, section.footer),
        *kop_story(section.kop, width),
        Paragraph(_escape(section.title), styles["title"]),
        Paragraph(_escape(section.period), styles["period"]),
        Spacer(1, 3 * mm),
        ListingTable(
            columns_for(program), rows, closing_block(section, width, styles), on_page=on_rows
        ),
    ]


def render_daftar(
    document: DaftarDocument,
    out: Path,
    paper: str = "f4",
    progress: Callable[[int, int], None] | None = None,
    sptjm: Mapping[str, SptjmDocument] | None = None,
) -> int:
    """Write the PDF; returns the number of pages. `progress(done, total)` counts rows.
    `sptjm`: per section key, the head's statement printed after that section."""
    register_fonts()
    styles = _styles()
    pagesize = PAPERS[paper]
    left, right, top, bottom = MARGINS
    width = pagesize[0] - left - right
    doc = BaseDocTemplate(
        str(out),
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=document.title,
        author=APP_NAME,
    )
    frame = Frame(left, bottom, width, pagesize[1] - top - bottom, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("body", [frame])])
    if sptjm:
        doc.addPageTemplates([page_template(paper)])
    total_rows = sum(len(s.rows) for s in document.sections) or 1
    story: list = []
    done_before = 0
    for number, section in enumerate(document.sections):
        if number:
            story.append(PageBreak())
        on_rows = None
        if progress is not None:
            offset = done_before

            def on_rows(done: int, offset=offset) -> None:
                progress(offset + done, total_rows)

        story += section_story(section, document.program, width, styles, on_rows)
        if sptjm and section.key in sptjm:
            story += appendix_story(sptjm[section.key], paper, "body")
        done_before += len(section.rows)
    return build_numbered(doc, story)
