"""Paper sizes, page furniture and the canvas that prints "Halaman X dari Y".

Pages are numbered per section (one OPD), so each OPD's list can be signed and sent alone
even when all OPDs are printed in one file.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from kupang_desk.reports.fonts import REGULAR

# F4 (Folio) is the paper Indonesian offices use: 215 x 330 mm.
F4 = (215 * mm, 330 * mm)
PAPERS = {"f4": landscape(F4), "a4": landscape(A4)}
MARGINS = (12 * mm, 12 * mm, 12 * mm, 14 * mm)  # left, right, top, bottom


def landscape_document(out, paper: str, title: str, author: str):
    """A landscape F4/A4 document with the lists' margins; (doc, frame width, frame height)."""
    pagesize = PAPERS[paper]
    left, right, top, bottom = MARGINS
    doc = SimpleDocTemplate(
        str(out),
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
    )
    return doc, pagesize[0] - left - right, pagesize[1] - top - bottom


class SectionMark(Flowable):
    """Zero-size marker: the pages from here on belong to section `key`."""

    def __init__(self, key: str, footer: str) -> None:
        super().__init__()
        self.key = key
        self.footer = footer

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.section_key = self.key
        self.canv.section_footer = self.footer


class HorizontalRule(Flowable):
    """The double line under the kop."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, 3 * mm

    def draw(self) -> None:
        self.canv.setLineWidth(1.6)
        self.canv.line(0, 2.2 * mm, self.width, 2.2 * mm)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, 1.2 * mm, self.width, 1.2 * mm)


class SectionPageCount(Flowable):
    """ "3 halaman": the page count of section `key`, which is known only once the whole
    file is laid out (an SPTJM printed after its daftar names the daftar's pages). Takes
    the room of a 4-digit count; NumberedCanvas writes the text when it numbers the pages."""

    def __init__(self, key: str, template: str, font: str, size: float) -> None:
        super().__init__()
        self.key, self.template, self.font, self.size = key, template, font, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        text = self.template.format(pages=9999)
        return stringWidth(text, self.font, self.size), self.size * 1.25

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, self.size * 0.3)
        self.canv.late_texts.append((x, y, self.font, self.size, self.key, self.template))


class NumberedCanvas(canvas.Canvas):
    """Holds every page until save() so each can say how many pages its section has."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []
        self.section_key = ""
        self.section_footer = ""
        self.page_count = 0
        self.late_texts: list[tuple] = []  # SectionPageCount texts of the current page

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self.late_texts = []
        self._startPage()

    def save(self) -> None:
        per_section: dict[str, int] = {}
        for state in self._saved_pages:
            per_section[state["section_key"]] = per_section.get(state["section_key"], 0) + 1
        count = len(self._saved_pages)
        seen: dict[str, int] = {}
        for state in self._saved_pages:
            self.__dict__.update(state)
            key = state["section_key"]
            seen[key] = seen.get(key, 0) + 1
            self._draw_footer(seen[key], per_section[key])
            for x, y, font, size, counted, template in state["late_texts"]:
                self.setFillColorRGB(0, 0, 0)
                self.setFont(font, size)
                self.drawString(x, y, template.format(pages=per_section.get(counted, 0)))
            super().showPage()
        self.page_count = count
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.setFont(REGULAR, 7.5)
        self.drawString(12 * mm, 7 * mm, self.section_footer)
        self.drawRightString(width - 12 * mm, 7 * mm, f"Halaman {number} dari {total}")


def build_numbered(doc, story: list) -> int:
    """Build `story` into `doc` with numbered pages; returns the page count."""
    canvases: list[NumberedCanvas] = []

    def make_canvas(*args, **kwargs) -> NumberedCanvas:
        canvases.append(NumberedCanvas(*args, **kwargs))
        return canvases[-1]

    doc.build(story, canvasmaker=make_canvas)
    return canvases[-1].page_count
