"""Printing the DLHK daftar peserta (demo roster, ~31 pages F4) to a PDF printer.

Each measurement runs in a child process of its own, so its peak resident memory
(ru_maxrss) is its own:
- print:   `paint_pages` onto a QPrinter (PdfFormat) at 600 dpi, in strips (what Cetak does);
- floor:   the same pages rendered to QImage strips at the same size, no printer at all;
- old:     (--old) the previous way, QPrinter.HighResolution (1,200 dpi), one whole-page
           image per page.
Prints seconds, pages per second and peak RSS for each, and print/floor ratios.
Usage: .venv/bin/python benchmarks/bench_print.py [--old]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from PySide6.QtCore import QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from kupang_desk.ui import print_preview

app = QApplication([])
mode, pdf, out = sys.argv[1], sys.argv[2], sys.argv[3]
document = QPdfDocument()
document.load(pdf)
pages = document.pageCount()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if mode == "print":
    printer = print_preview.printer_for(document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(out)
    printer.setResolution(print_preview.MAX_PRINT_DPI)
    print_preview.paint_pages(printer, document, 0, pages - 1)
    dpi = printer.resolution()
elif mode == "floor":
    printer = print_preview.printer_for(document)
    printer.setResolution(print_preview.MAX_PRINT_DPI)
    area = printer.pageRect(printer.Unit.DevicePixel).toRect()
    dpi = printer.resolution()
    for page in range(pages):
        size = document.pagePointSize(page).scaled(
            QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio
        )
        size = QSize(int(size.width()), int(size.height()))
        rows = max(16, print_preview.BAND_BYTES // (4 * size.width()))
        for y in range(0, size.height(), rows):
            height = min(rows, size.height() - y)
            options = QPdfDocumentRenderOptions()
            options.setScaledSize(size)
            options.setScaledClipRect(QRect(0, y, size.width(), height))
            document.render(page, QSize(size.width(), height), options)
else:  # old: HighResolution, one whole-page image per page
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(print_preview.printer_for(document).pageLayout().pageSize())
    printer.setPageOrientation(print_preview.printer_for(document).pageLayout().orientation())
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(out)
    dpi = printer.resolution()
    painter = QPainter(printer)
    target = printer.pageRect(printer.Unit.DevicePixel).toRect()
    for page in range(pages):
        if page:
            printer.newPage()
        painter.drawImage(target, document.render(page, QSize(target.width(), target.height())))
    painter.end()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"mode": mode, "pages": pages, "seconds": seconds, "dpi": dpi,
                  "peak_mb": peak / 1024, "before_mb": base / 1024}))
"""


def run(mode: str, pdf: Path, out: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(pdf), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    from kupang_desk.domain.accounts import Role
    from kupang_desk.services.context import open_context
    from kupang_desk.services.demo import fill_demo
    from kupang_desk.services.reports import Period, print_daftar

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ctx = open_context(tmp / "demo.sqlite3", "bench", role=Role.ADMIN)
        fill_demo(ctx, 600)
        pdf = tmp / "daftar-dlhk.pdf"
        print_daftar(ctx, pdf, opd_code="DLHK", period=Period(2026, 11), paper="f4")
        ctx.close()
        modes = ["floor", "print"] + (["old"] if "--old" in sys.argv[1:] else [])
        results = {mode: run(mode, pdf, tmp / f"{mode}.pdf") for mode in modes}
    floor = results["floor"]
    for mode, r in results.items():
        print(
            f"{mode:5}: {r['pages']} halaman pada {r['dpi']} dpi, {r['seconds']:.2f} s "
            f"({r['pages'] / r['seconds']:.1f} halaman/s), puncak RSS {r['peak_mb']:.0f} MB "
            f"(sebelum mulai {r['before_mb']:.0f} MB)"
        )
    printed = results["print"]
    print(
        f"print/floor: waktu {printed['seconds'] / floor['seconds']:.2f}x, "
        f"tambahan RSS {printed['peak_mb'] - printed['before_mb']:.0f} MB vs "
        f"{floor['peak_mb'] - floor['before_mb']:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
