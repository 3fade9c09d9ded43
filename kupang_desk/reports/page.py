"""Paper sizes and the numbered canvas that prints "Halaman X dari Y"."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kupang_desk.reports.fonts import REGULAR

# F4 (Folio) is the paper Indonesian offices use: 215 x 330 mm.
F4 = (215 * mm, 330 * mm)
PAPERS = {"f4": landscape(F4), "a4": landscape(A4)}


class NumberedCanvas(canvas.Canvas):
    """Holds every page until save() so each can say how many pages there are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        width, _ = self._pagesize
        self.setFont(REGULAR, 8)
        self.drawRightString(width - 12 * mm, 8 * mm, f"Halaman {self._pageNumber} dari {total}")
