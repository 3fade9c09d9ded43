"""Daftar peserta: the named list of participants that the Kepala Dinas signs.

Layout lives here and only here. Input is plain data (DaftarPeserta) built by services/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.page import PAPERS, NumberedCanvas


@dataclass(frozen=True)
class DaftarRow:
    nik: str
    name: str
    birth_date: str
    sex: str
    jabatan: str
    upah: str


@dataclass(frozen=True)
class DaftarPeserta:
    city: str
    opd_name: str
    title: str
    period: str
    place_date: str
    head_title: str
    head_name: str
    head_nip: str
    rows: list[DaftarRow] = field(default_factory=list)


HEADERS = ["No", "NIK", "Nama", "Tgl Lahir", "L/P", "Jabatan / Unit", "Upah"]
WIDTHS_MM = [12, 40, 75, 25, 12, 88, 30]


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "kop": ParagraphStyle("kop", fontName=BOLD, fontSize=13, leading=16, alignment=1),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=11, leading=14, alignment=1),
        "normal": ParagraphStyle("normal", fontName=REGULAR, fontSize=9, leading=11),
        "sign": ParagraphStyle("sign", fontName=REGULAR, fontSize=10, leading=13, alignment=1),
    }


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("ALIGN", (4, 1), (4, -1), "CENTER"),
                ("ALIGN", (6, 1), (6, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_daftar(data: DaftarPeserta, out: Path, paper: str = "f4") -> None:
    register_fonts()
    styles = _styles()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=PAPERS[paper],
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=data.title,
        author=data.opd_name,
    )
    story = [
        Paragraph(data.city.upper(), styles["kop"]),
        Paragraph(data.opd_name.upper(), styles["kop"]),
        Spacer(1, 4 * mm),
        Paragraph(data.title, styles["title"]),
        Paragraph(data.period, styles["title"]),
        Spacer(1, 4 * mm),
    ]
    body = [
        [str(i), r.nik, r.name, r.birth_date, r.sex, r.jabatan, r.upah]
        for i, r in enumerate(data.rows, start=1)
    ]
    story.append(_table([HEADERS, *body]))
    story.append(Spacer(1, 6 * mm))
    signature = Table(
        [
            [Paragraph(f"Jumlah peserta: {len(data.rows)} orang", styles["normal"]), ""],
            ["", Paragraph(data.place_date, styles["sign"])],
            ["", Paragraph(data.head_title, styles["sign"])],
            ["", Spacer(1, 18 * mm)],
            ["", Paragraph(f"<u>{data.head_name}</u>", styles["sign"])],
            ["", Paragraph(f"NIP. {data.head_nip}" if data.head_nip else "", styles["sign"])],
        ],
        colWidths=[180 * mm, 100 * mm],
    )
    story.append(KeepTogether(signature))
    doc.build(story, canvasmaker=NumberedCanvas)
