"""Embedded TTF fonts (DejaVu Sans Condensed) so names in any script print correctly."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kupang_desk.resources import resource_path

REGULAR = "DejaVuSansCondensed"
BOLD = "DejaVuSansCondensed-Bold"


@cache
def register_fonts() -> None:
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
