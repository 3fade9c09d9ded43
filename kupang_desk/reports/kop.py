"""The official kop (letterhead) of every printed document: the one place it is drawn.

Logo on the left, the pemda's name, the OPD's name (absent on pemda-wide papers such as
the rekapitulasi), the address lines (up to three: street; telepon, e-mail, kode pos), and
the double rule under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from kupang_desk.reports.fonts import BOLD, REGULAR
from kupang_desk.reports.page import HorizontalRule

LOGO_BOX = 24 * mm  # the logo fits in this square, proportions kept


@dataclass(frozen=True)
class Kop:
    pemda_name: str  # "Pemerintah Kabupaten Belu"
    opd_name: str = ""  # "Dinas Lingkungan Hidup dan Kebersihan"; "" on pemda-wide papers
    address: str = ""  # one kop line per line of text
    logo: bytes = b""  # PNG/JPG from the settings


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _logo(data: bytes) -> Flowable | str:
    if not data:
        return ""
    try:
        width, height = ImageReader(BytesIO(data)).getSize()
    except Exception:  # a damaged image must not stop the print: the kop goes without it
        return ""
    scale = LOGO_BOX / max(width, height)
    return Image(BytesIO(data), width * scale, height * scale)


def kop_story(kop: Kop, width: float) -> list[Flowable]:
    """The kop as flowables for the top of the first page of a document or section."""
    pemda = ParagraphStyle("kop_pemda", fontName=BOLD, fontSize=13, leading=16, alignment=1)
    opd = ParagraphStyle("kop_opd", fontName=BOLD, fontSize=14, leading=17, alignment=1)
    address = ParagraphStyle("kop_address", fontName=REGULAR, fontSize=8.5, leading=11, alignment=1)
    lines = [Paragraph(_escape(kop.pemda_name.upper()), pemda)]
    if kop.opd_name:
        lines.append(Paragraph(_escape(kop.opd_name.upper()), opd))
    lines += [Paragraph(_escape(line), address) for line in kop.address.splitlines() if line]
    side = LOGO_BOX + 4 * mm  # the same width right of the text keeps it centred on the page
    head = Table(
        [[_logo(kop.logo), lines, ""]],
        colWidths=[side, width - 2 * side, side],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        ),
    )
    return [head, HorizontalRule(width), Spacer(1, 3 * mm)]
