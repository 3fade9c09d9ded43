"""Daftar peserta of 10,000 workers: the report's time against the bare-canvas floor.

The floor draws exactly the same cell strings straight onto a reportlab canvas (one
drawString per cell, one rule per row, same fonts, same rows per page) with nothing else:
no kop, no wrapping, no page numbers. Target: a list of 10,000 rows in under 4 s here.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kupang_desk.domain.accounts import Role
from kupang_desk.reports.fonts import REGULAR, register_fonts
from kupang_desk.reports.page import PAPERS
from kupang_desk.services.context import open_context
from kupang_desk.services.demo import fill_demo
from kupang_desk.services.reports import Period, build_daftar, print_daftar

WORKERS = 10_000
ROWS_PER_PAGE = 36


def bare_canvas(cells: list[tuple[str, ...]], out: Path) -> float:
    register_fonts()
    start = time.perf_counter()
    pagesize = PAPERS["f4"]
    c = canvas.Canvas(str(out), pagesize=pagesize)
    xs = [12 * mm + i * 27 * mm for i in range(len(cells[0]))]
    for first in range(0, len(cells), ROWS_PER_PAGE):
        c.setFont(REGULAR, 7.8)
        y = pagesize[1] - 20 * mm
        for row in cells[first : first + ROWS_PER_PAGE]:
            for x, text in zip(xs, row, strict=True):
                c.drawString(x, y, text)
            c.line(12 * mm, y - 2, pagesize[0] - 12 * mm, y - 2)
            y -= 13.8
        c.showPage()
    c.save()
    return time.perf_counter() - start


def measure(ctx, tmp_path: Path, program: str, period: Period) -> None:
    on = date(2026, 11, 25)
    start = time.perf_counter()
    result = print_daftar(
        ctx, tmp_path / f"daftar-{program}.pdf", program=program, period=period, on=on
    )
    report = time.perf_counter() - start

    start = time.perf_counter()
    document, _ = build_daftar(ctx, opd_code=None, program=program, period=period, on=on)
    gather = time.perf_counter() - start
    cells = [r.cells for section in document.sections for r in section.rows]
    floor = bare_canvas(cells, tmp_path / f"floor-{program}.pdf")
    print(
        f"daftar peserta {program}, {result.workers} pegawai + {result.family} keluarga, "
        f"{result.pages} halaman F4: {report:.2f} s"
    )
    print(f"  of which query + iuran of every row: {gather:.2f} s")
    print(f"  bare canvas, same {len(cells)} rows x {len(cells[0])} cells: {floor:.2f} s")
    print(f"  ratio report / canvas floor: {report / floor:.2f}")
    print(f"  rows per second: {len(cells) / report:,.0f}")
    if program == "ketenagakerjaan":  # one row per worker: the 10,000-row list
        print(f"  target < 4 s for 10,000 rows: {'OK' if report < 4 else 'TOO SLOW'}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kupang-bench-") as tmp:
        tmp_path = Path(tmp)
        ctx = open_context(tmp_path / "bench.sqlite3", "bench", role=Role.ADMIN)
        fill_demo(ctx, WORKERS, today=date(2026, 11, 1))
        period = Period(2026, 11)
        # Ketenagakerjaan lists one row per worker; Kesehatan adds every family member
        # under the worker (about 3.5 rows per worker in the demo).
        for program in ("ketenagakerjaan", "kesehatan"):
            measure(ctx, tmp_path, program, period)
        ctx.close()


if __name__ == "__main__":
    main()
