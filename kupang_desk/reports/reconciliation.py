"""Laporan rekonsiliasi: the BPJS list against the roster, per OPD, for the mayor's review.

Same four groups as the screen and the JSON: cocok, cocok dengan perbedaan (side by side),
ada di data kami tetapi tidak di daftar BPJS, and — last, in red — pemegang tidak dikenal.
Input is plain text prepared by services/; layout only here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from kupang_desk.reports.fonts import BOLD, REGULAR, register_fonts
from kupang_desk.reports.kop import Kop, kop_story
from kupang_desk.reports.page import PAPERS, NumberedCanvas

RED = colors.HexColor("#b00020")


@dataclass(frozen=True)
class DifferenceLine:
    label: str  # "Nama", "Tgl lahir", …
    bpjs: str
    ours: str
    note: str


@dataclass(frozen=True)
class DifferentRow:
    row: str
    name: str  # as on our roster
    nik: str
    lines: list[DifferenceLine]


@dataclass(frozen=True)
class OpdSection:
    opd_name: str
    matched: list[list[str]] = field(default_factory=list)  # baris, kartu, NIK, nama, tgl, hub.
    different: list[DifferentRow] = field(default_factory=list)
    missing: list[list[str]] = field(default_factory=list)  # NIK, nama, tgl lahir, hubungan


@dataclass(frozen=True)
class ReconciliationReport:
    kop: Kop
    title: str
    subtitle: str  # program, file
    place_date: str
    summary: list[tuple[str, int]]
    sections: list[OpdSection]
    unknown: list[list[str]] = field(default_factory=list)  # baris, kartu, NIK, nama, tgl, ket.
    signer_title: str = ""  # the OPD head, or the rekap signer; blank: a line to sign by hand
    signer_name: str = ""
    signer_nip: str = ""


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A wrapping cell; names from spreadsheets may hold '&' or '<'."""
    return Paragraph(escape(text), style)


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=11, leading=14, alignment=1),
        "opd": ParagraphStyle("opd", fontName=BOLD, fontSize=11, leading=14, spaceAfter=4),
        "group": ParagraphStyle("group", fontName=BOLD, fontSize=10, leading=13, spaceBefore=8),
        "alarm": ParagraphStyle(
            "alarm", fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, textColor=RED
        ),
        "normal": ParagraphStyle("normal", fontName=REGULAR, fontSize=9, leading=11),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=9.5),
        "sign": ParagraphStyle("sign", fontName=REGULAR, fontSize=10, leading=13, alignment=1),
    }


def _table(header: list[str], rows: list[list], widths_mm: list[float], *, spans=()) -> Table:
    table = Table(
        [header, *rows], colWidths=[w * mm for w in widths_mm], repeatRows=1, hAlign="LEFT"
    )
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        *spans,
    ]
    table.setStyle(TableStyle(style))
    return table


def _group(title: str, count: int, styles, body: Flowable | None, alarm=False) -> list[Flowable]:
    heading = Paragraph(f"{title} ({count})", styles["alarm" if alarm else "group"])
    if body is None:
        return [heading, Paragraph("Tidak ada.", styles["normal"])]
    return [heading, Spacer(1, 2 * mm), body]


def _section(section: OpdSection, styles) -> list[Flowable]:
    cell = styles["cell"]
    story: list[Flowable] = [_p(section.opd_name.upper(), styles["opd"])]
    matched = None
    if section.matched:
        matched = _table(
            ["No", "Baris", "No. Kartu", "NIK", "Nama", "Tgl Lahir", "Hubungan"],
            [
                [str(i), r[0], r[1], r[2], _p(r[3], cell), r[4], r[5]]
                for i, r in enumerate(section.matched, 1)
            ],
            [10, 14, 32, 36, 90, 24, 30],
        )
    story += _group("1. Cocok — nomor kartu disimpan", len(section.matched), styles, matched)

    different = None
    if section.different:
        rows: list[list] = []  # cells: text or Paragraph
        spans: list[tuple] = []  # TableStyle commands
        for number, item in enumerate(section.different, 1):
            first = len(rows) + 1
            for line_no, line in enumerate(item.lines):
                lead = (
                    [str(number), item.row, Paragraph(f"{escape(item.name)}<br/>{item.nik}", cell)]
                    if line_no == 0
                    else ["", "", ""]
                )
                rows.append(
                    [
                        *lead,
                        line.label,
                        _p(line.bpjs, cell),
                        _p(line.ours, cell),
                        _p(line.note, cell),
                    ]
                )
            last = len(rows)
            if last > first:
                spans += [("SPAN", (c, first), (c, last)) for c in range(3)]
        different = _table(
            [
                "No",
                "Baris",
                "Nama / NIK (data kami)",
                "Kolom",
                "Di daftar BPJS",
                "Di data kami",
                "Keterangan",
            ],
            rows,
            [10, 14, 62, 20, 48, 48, 60],
            spans=spans,
        )
    story += _group(
        "2. Cocok dengan perbedaan — belum disimpan, periksa",
        len(section.different),
        styles,
        different,
    )

    missing = None
    if section.missing:
        missing = _table(
            ["No", "NIK", "Nama", "Tgl Lahir", "Hubungan"],
            [[str(i), r[0], _p(r[1], cell), r[2], r[3]] for i, r in enumerate(section.missing, 1)],
            [10, 36, 110, 24, 40],
        )
    story += _group(
        "3. Ada di data kami, tidak ada di daftar BPJS", len(section.missing), styles, missing
    )
    return story


def render_reconciliation(data: ReconciliationReport, out: Path) -> None:
    register_fonts()
    styles = _styles()
    doc = SimpleDocTemplate(
        str(out),
        pagesize=PAPERS["a4"],
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=data.title,
        author=data.kop.pemda_name,
    )
    story: list[Flowable] = [
        *kop_story(data.kop, PAPERS["a4"][0] - 24 * mm),
        Paragraph(data.title, styles["title"]),
        _p(data.subtitle, styles["title"]),
        Spacer(1, 4 * mm),
        _table(
            ["Ringkasan", "Jumlah"],
            [[label, str(count)] for label, count in data.summary],
            [120, 25],
            spans=[("ALIGN", (1, 1), (1, -1), "RIGHT"), ("ALIGN", (0, 1), (0, -1), "LEFT")],
        ),
        Spacer(1, 6 * mm),
    ]
    for number, section in enumerate(data.sections):
        if number:
            story.append(PageBreak())
        story += _section(section, styles)
    story.append(PageBreak())
    cell = styles["cell"]
    unknown = None
    if data.unknown:
        unknown = _table(
            ["No", "Baris", "No. Kartu", "NIK", "Nama", "Tgl Lahir", "Status", "Keterangan"],
            [
                [str(i), r[0], r[1], r[2], _p(r[3], cell), r[4], r[5], _p(r[6], cell)]
                for i, r in enumerate(data.unknown, 1)
            ],
            [10, 14, 32, 36, 62, 22, 20, 76],
        )
    story += _group(
        "PEMEGANG TIDAK DIKENAL — ada di daftar BPJS, tidak ada di data kami",
        len(data.unknown),
        styles,
        unknown,
        alarm=True,
    )
    story.append(Spacer(1, 8 * mm))
    story.append(
        KeepTogether(
            Table(
                [
                    ["", Paragraph(data.place_date, styles["sign"])],
                    ["", Paragraph("Diperiksa oleh,", styles["sign"])],
                    ["", _p(data.signer_title, styles["sign"])],
                    ["", Spacer(1, 18 * mm)],
                    [
                        "",
                        Paragraph(f"<u>{escape(data.signer_name)}</u>", styles["sign"])
                        if data.signer_name
                        else Paragraph(
                            "(.................................................)", styles["sign"]
                        ),
                    ],
                    ["", _p(f"NIP. {data.signer_nip}" if data.signer_nip else "", styles["sign"])],
                ],
                colWidths=[170 * mm, 100 * mm],
            )
        )
    )
    doc.build(story, canvasmaker=NumberedCanvas)
