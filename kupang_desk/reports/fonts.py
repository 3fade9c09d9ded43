"""Embedded TTF fonts (DejaVu Sans Condensed) so names in any script print correctly."""

from __future__ import annotations

import codecs
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
    # reportlab encodes PDF text with its own codecs; their first lookup tries to import
    # encodings.extpdfdoc / encodings.pdfdoc. Once looked up (here) the answer is cached.
    for codec in ("extpdfdoc", "pdfdoc"):
        codecs.lookup(codec)
