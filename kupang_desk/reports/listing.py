"""A long ruled table drawn straight onto the canvas, page by page.

reportlab's Table measures every cell through Paragraph/Table machinery: 10,000 rows took
about 11 s here. This flowable pre-measures each row once (row height = lines of its
tallest wrapped cell), splits at page ends with prefix sums, repeats the header row at the
top of every page and nowhere else, never separates a worker from the family rows under
him, and carries the closing block (totals, signature) so that it never stands alone on a
page: when the closing block does not fit, the last rows move to the next page with it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak

from kupang_desk.reports.fonts import BOLD, REGULAR

FONT_SIZE = 7.8
LEADING = 9.4
PAD_X = 2.2
PAD_Y = 2.4
HEADER_FILL = colors.HexColor("#e4e4e4")
TOTAL_FILL = colors.HexColor("#f0f0f0")
MIN_CARRY = 3  # rows that go with the closing block onto a new page


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # relative weight; scaled to the frame width
    align: str = "left"  # left / right / center
    wrap: bool = False  # long text wraps onto more lines; others are shrunk to fit


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: str = "item"  # item (starts a group) / sub (belongs to the row above) / total
    span: int = 1  # the first cell covers this many columns (e.g. "JUMLAH")


@lru_cache(maxsize=65_536)
def _width(text: str, font: str) -> float:
    return stringWidth(text, font, FONT_SIZE)


def wrap_text(text: str, font: str, width: float) -> list[str]:
    """Greedy word wrap; a single word longer than the cell is cut by characters."""
    if _width(text, font) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(word, font) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and _width(word[:cut], font) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


class _Layout:
    """Column positions and every row's lines and height for one frame width."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row], width: float) -> None:
        scale = width / sum(c.width for c in columns)
        self.widths = [c.width * scale for c in columns]
        self.xs = [0.0, *accumulate(self.widths)]
        self.columns = columns
        self.header = self._lines(tuple(c.title for c in columns), BOLD, all_wrap=True)
        self.header_height = self._height(self.header)
        self.lines = [
            self._lines(r.cells, BOLD if r.kind == "total" else REGULAR, span=r.span) for r in rows
        ]
        self.heights = [self._height(cells) for cells in self.lines]
        self.prefix = [0.0, *accumulate(self.heights)]

    def _lines(self, cells: tuple[str, ...], font: str, all_wrap=False, span=1) -> list:
        widths = [sum(self.widths[:span]), *([0.0] * (span - 1)), *self.widths[span:]]
        out: list[str | list[str]] = []  # per cell: one line, or its wrapped lines
        for text, column, width in zip(cells, self.columns, widths, strict=True):
            inner = width - 2 * PAD_X
            # Headers wrap between words only ("L/P" shrinks instead of breaking).
            wraps = column.wrap or (all_wrap and " " in text)
            if wraps and _width(text, font) > inner:
                out.append(wrap_text(text, font, inner))
            else:
                out.append(text)  # a str: one line (shrunk at draw time if too wide)
        return out

    @staticmethod
    def _height(cells: list) -> float:
        lines = max((len(c) if isinstance(c, list) else 1) for c in cells)
        return lines * LEADING + 2 * PAD_Y


class ListingTable(Flowable):
    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        tail: Flowable | None = None,
        *,
        on_page: Callable[[int], None] | None = None,
        _layout: _Layout | None = None,
        _start: int = 0,
        _end: int | None = None,
    ) -> None:
        super().__init__()
        self.columns = columns
        self.rows = rows
        self.tail = tail
        self.on_page = on_page  # told how many rows are drawn so far (progress)
        self._layout = _layout
        self.start = _start
        self.end = len(rows) if _end is None else _end
        self._tail_height = 0.0

    def _layout_for(self, width: float) -> _Layout:
        if self._layout is None or abs(self._layout.xs[-1] - width) > 0.01:
            self._layout = _Layout(self.columns, self.rows, width)
        return self._layout

    @property
    def _wrapped(self) -> _Layout:
        """The layout of the last wrap(): reportlab wraps a flowable before it draws it."""
        if self._layout is None:
            raise RuntimeError("ListingTable drawn before wrap()")
        return self._layout

    def _rows_height(self, start: int, end: int) -> float:
        return self._wrapped.prefix[end] - self._wrapped.prefix[start]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        layout = self._layout_for(avail_width)
        self._tail_height = self.tail.wrap(avail_width, avail_height)[1] if self.tail else 0.0
        self.width = avail_width
        self.height = layout.header_height + self._rows_height(self.start, self.end)
        self.height += self._tail_height
        return self.width, self.height

    def _group_start_at_or_before(self, index: int) -> int:
        while index > self.start and self.rows[index].kind == "sub":
            index -= 1
        return index

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        layout = self._layout_for(avail_width)
        room = avail_height - layout.header_height
        if room <= 0:
            return []
        limit = layout.prefix[self.start] + room
        fit = bisect_right(layout.prefix, limit, lo=self.start, hi=self.end + 1) - 1
        if self.tail is not None:
            # The closing block takes at least MIN_CARRY rows (besides the total row) along.
            body_end = self.end
            while body_end > self.start and self.rows[body_end - 1].kind == "total":
                body_end -= 1
            fit = min(fit, max(self.start, body_end - MIN_CARRY))
        if fit < self.end:
            cut = self._group_start_at_or_before(fit)
            if cut > self.start:  # a huge family wider than a page is split anyway
                fit = cut
        if fit <= self.start:
            return []
        head = ListingTable(
            self.columns,
            self.rows,
            None,
            on_page=self.on_page,
            _layout=layout,
            _start=self.start,
            _end=fit,
        )
        rest = ListingTable(
            self.columns,
            self.rows,
            self.tail,
            on_page=self.on_page,
            _layout=layout,
            _start=fit,
            _end=self.end,
        )
        # The rest starts a new page: never a second header lower on this one.
        return [head, PageBreak(), rest]

    def draw(self) -> None:
        canvas = self.canv
        layout = self._wrapped
        top = self.height
        bottom_of_rows = top - layout.header_height - self._rows_height(self.start, self.end)
        canvas.saveState()
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, top - layout.header_height, self.width, layout.header_height, 0, 1)
        y = top - layout.header_height
        for index in range(self.start, self.end):
            height = layout.heights[index]
            if self.rows[index].kind == "total":
                canvas.setFillColor(TOTAL_FILL)
                canvas.rect(0, y - height, self.width, height, 0, 1)
            y -= height
        canvas.setFillColor(colors.black)

        text = canvas.beginText()
        text.setFont(BOLD, FONT_SIZE)
        self._cells(text, layout.header, top, layout.header_height, BOLD, centered=True)
        font = BOLD
        y = top - layout.header_height
        for index in range(self.start, self.end):
            row_font = BOLD if self.rows[index].kind == "total" else REGULAR
            if row_font != font:
                text.setFont(row_font, FONT_SIZE)
                font = row_font
            self._cells(
                text,
                layout.lines[index],
                y,
                layout.heights[index],
                row_font,
                span=self.rows[index].span,
            )
            y -= layout.heights[index]
        canvas.drawText(text)
        self._rules(top, bottom_of_rows)
        canvas.restoreState()
        if self.tail is not None:
            self.tail.drawOn(canvas, 0, bottom_of_rows - self._tail_height)
        if self.on_page:
            self.on_page(self.end)

    def _cells(self, text, cells: list, top, height, font, centered=False, span=1) -> None:
        layout = self._wrapped
        widths = [sum(layout.widths[:span]), *layout.widths[1:]]
        for number, (column, cell, x, width) in enumerate(
            zip(self.columns, cells, layout.xs, widths, strict=False)
        ):
            if 0 < number < span:
                continue
            lines = cell if isinstance(cell, list) else (cell,)
            if not lines or lines == ("",):
                continue
            baseline = top - (height - len(lines) * LEADING) / 2 - LEADING + 2.2
            align = "center" if centered or (span > 1 and number == 0) else column.align
            for line in lines:
                line_width = _width(line, font)
                inner = width - 2 * PAD_X
                if line_width > inner:  # shrink rather than clip (one long token)
                    text.setHorizScale(100 * inner / line_width)
                    text.setTextOrigin(x + PAD_X, baseline)
                    text.textOut(line)
                    text.setHorizScale(100)
                elif align == "right":
                    text.setTextOrigin(x + width - PAD_X - line_width, baseline)
                    text.textOut(line)
                elif align == "center":
                    text.setTextOrigin(x + (width - line_width) / 2, baseline)
                    text.textOut(line)
                else:
                    text.setTextOrigin(x + PAD_X, baseline)
                    text.textOut(line)
                baseline -= LEADING

    def _rules(self, top: float, bottom: float) -> None:
        canvas = self.canv
        layout = self._wrapped
        canvas.setLineWidth(0.4)
        lines: list[tuple[float, float, float, float]] = [(0, top, self.width, top)]
        y = top - layout.header_height
        lines.append((0, y, self.width, y))
        for index in range(self.start, self.end):
            y -= layout.heights[index]
            lines.append((0, y, self.width, y))
        # Vertical rules stop where a spanning cell (the total row) covers them.
        spans = []
        y = top - layout.header_height
        for index in range(self.start, self.end):
            if self.rows[index].span > 1:
                spans.append((y, y - layout.heights[index], self.rows[index].span))
            y -= layout.heights[index]
        for number, x in enumerate(layout.xs):
            upper = top
            for span_top, span_bottom, span in spans:
                if 0 < number < span:
                    lines.append((x, upper, x, span_top))
                    upper = span_bottom
            lines.append((x, upper, x, bottom))
        canvas.lines(lines)
