"""Cetak: choose what to print, render it off the GUI thread, preview it, print or save it.

The PDF is made by services/ (reportlab) in the background (ui/background.py) on a
database connection of its own, so a 10,000-row list never freezes the window; the preview
shows that same file with QtPdf, and printing sends its pages to QPrinter.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    QSizeF,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.domain.entities import Opd
from kupang_desk.domain.formatting import BULAN
from kupang_desk.domain.memberships import LIST_CHOICE_LABEL
from kupang_desk.services import reports as report_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.background import BackgroundTask, run_in_background
from kupang_desk.ui.widgets import ok_cancel_buttons

KNOWN_ERRORS = (StoreError, report_service.ReportError, AccessDenied, OSError)


class PrintOptionsDialog(QDialog):
    """Daftar peserta or rekap; OPD, program, who is listed, month, paper."""

    def __init__(self, opds: list[Opd], selected_opd: str | None, kind: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cetak"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Daftar Peserta"), "daftar")
        self.kind.addItem(self.tr("Rekapitulasi per OPD"), "rekap")
        self.kind.addItem(self.tr("SPTJM Kepala OPD (untuk daftar peserta)"), "sptjm")
        self.kind.addItem(self.tr("Uji Publik (papan pengumuman, NIK disamarkan)"), "uji-publik")
        self.kind.addItem(self.tr("Progres Pendaftaran (satu halaman untuk pimpinan)"), "progres")
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.opd = QComboBox()
        if len(opds) > 1:
            self.opd.addItem(self.tr("Semua OPD (satu bagian per OPD)"), None)
        for opd in opds:
            self.opd.addItem(opd.name, opd.code)
        self.opd.setCurrentIndex(max(self.opd.findData(selected_opd), 0))
        self.program = QComboBox()
        self.program.addItem(self.tr("BPJS Kesehatan"), "kesehatan")
        self.program.addItem(self.tr("BPJS Ketenagakerjaan"), "ketenagakerjaan")
        self.status = QComboBox()
        for choice, label in LIST_CHOICE_LABEL.items():
            self.status.addItem(self.tr(label), choice)
        today = date.today()
        self.month = QComboBox()
        for number, name in enumerate(BULAN, start=1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(today.month - 1)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        period = QHBoxLayout()
        period.addWidget(self.month, 2)
        period.addWidget(self.year, 1)
        self.paper = QComboBox()
        # Lists are printed landscape; the SPTJM and the uji publik notice portrait.
        self.paper.addItem(self.tr("F4 / Folio (215 × 330 mm)"), "f4")
        self.paper.addItem(self.tr("A4 (210 × 297 mm)"), "a4")
        self.with_sptjm = QCheckBox(self.tr("Lampirkan SPTJM kepala OPD (halaman terakhir)"))

        form = QFormLayout()
        form.addRow(self.tr("Jenis"), self.kind)
        form.addRow(self.tr("OPD"), self.opd)
        form.addRow(self.tr("Program"), self.program)
        form.addRow(self.tr("Peserta"), self.status)
        form.addRow(self.tr("Periode"), period)
        form.addRow(self.tr("Kertas"), self.paper)
        form.addRow(self.tr("SPTJM"), self.with_sptjm)
        buttons = ok_cancel_buttons(self, self.tr("Pratinjau"), self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def use_last(self, choices: dict[str, str]) -> None:
        """Program, who is listed and paper as the clerk chose them last time."""
        for combo, key in (
            (self.program, "program"),
            (self.status, "status"),
            (self.paper, "paper"),
        ):
            index = combo.findData(choices.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        listed = kind in ("daftar", "sptjm")  # the SPTJM counts a daftar's people
        self.opd.setEnabled(listed or kind == "uji-publik")
        self.program.setEnabled(listed)
        self.status.setEnabled(listed)  # the rekap counts every status in its columns
        self.with_sptjm.setEnabled(kind == "daftar")

    def job(self) -> report_service.PrintJob:
        return report_service.PrintJob(
            kind=self.kind.currentData(),
            opd_code=self.opd.currentData(),
            program=self.program.currentData(),
            period=report_service.Period(self.year.value(), self.month.currentData()),
            paper=self.paper.currentData(),
            status=self.status.currentData(),
            sptjm=self.with_sptjm.isEnabled() and self.with_sptjm.isChecked(),
        )


def ask_print_job(
    parent: QWidget, opds: list[Opd], selected_opd: str | None, kind: str
) -> report_service.PrintJob | None:
    dialog = PrintOptionsDialog(opds, selected_opd, kind, parent)
    preferences = getattr(parent, "preferences", None)  # the main window's, per user
    if preferences is not None:
        dialog.use_last(preferences.print_choices())
    return dialog.job() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save(
        parent, parent.tr("Simpan sebagai PDF"), suggested, parent.tr("Berkas PDF (*.pdf)")
    )


MAX_PRINT_DPI = 600  # more is invisible on paper; 1,200 dpi cost ~525 MB per A4 page
MIN_PRINT_DPI = 300  # a PDF "printer" reports screen resolution; keep the text sharp
BAND_BYTES = 16 * 1024 * 1024  # one strip of a page in memory at a time


def print_resolution(printer) -> int:
    return max(MIN_PRINT_DPI, min(printer.resolution(), MAX_PRINT_DPI))


def paint_pages(printer, document: QPdfDocument, first: int, last: int) -> None:
    """Draw pages first..last (0-based) of the PDF onto the printer, one sheet each.

    At the printer's resolution capped at 600 dpi, each page in horizontal strips of at
    most BAND_BYTES, so memory stays bounded whatever the page count or paper size.
    """
    printer.setResolution(print_resolution(printer))  # before the painter begins
    painter = QPainter(printer)
    try:
        area = printer.pageRect(printer.Unit.DevicePixel).toRect()
        for page in range(first, last + 1):
            if page > first:
                printer.newPage()
            draw_page(painter, document, page, area)
    finally:
        painter.end()


def draw_page(painter: QPainter, document: QPdfDocument, page: int, area: QRect) -> None:
    """One PDF page fitted (aspect kept, centred) into `area`, strip by strip."""
    size = document.pagePointSize(page).scaled(
        QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio
    )
    size = QSize(max(1, int(size.width())), max(1, int(size.height())))
    left = area.x() + (area.width() - size.width()) // 2
    top = area.y() + (area.height() - size.height()) // 2
    rows = max(16, BAND_BYTES // (4 * size.width()))
    for y in range(0, size.height(), rows):
        height = min(rows, size.height() - y)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(size)
        options.setScaledClipRect(QRect(0, y, size.width(), height))
        band = document.render(page, QSize(size.width(), height), options)
        painter.drawImage(QPoint(left, top + y), _on_white(band))


def _on_white(band: QImage) -> QImage:
    """PDFium leaves the paper transparent; an opaque strip spares the printer an alpha
    mask per image (half the printing time to a PDF printer, bench_print)."""
    opaque = QImage(band.size(), QImage.Format.Format_RGB32)
    opaque.fill(Qt.GlobalColor.white)
    painter = QPainter(opaque)
    painter.drawImage(0, 0, band)
    painter.end()
    return opaque


def printer_for(document: QPdfDocument):
    """A printer set to the PDF's own paper (F4 or A4) and orientation.

    Fuzzy matching picks the driver's named size (F4 becomes Folio 8.5 × 13 in, < 1 mm off)
    so that printers offer the right tray instead of an unknown custom size.
    """
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.PrinterResolution)  # capped in paint_pages
    size = document.pagePointSize(0)
    portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    printer.setPageSize(
        QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    )
    if size.width() > size.height():
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def _print_pdf(parent: QWidget, document: QPdfDocument) -> bool:
    """Send the pages to a printer the clerk chooses; False if they cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    printer = printer_for(document)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, document.pageCount())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    last = (printer.toPage() or document.pageCount()) - 1
    paint_pages(printer, document, max(printer.fromPage(), 1) - 1, last)
    return True


_PDFIUM_KEEPER = "pdfium-keeper"


def keep_pdfium_started() -> None:
    """QtPdf starts pdfium with the first QPdfDocument alive and stops it with the last;
    every stop and start leaves 20-30 KB behind (one per preview: tests/test_soak.py grew
    15 MB in 12,000 actions). One idle document owned by the application keeps it started."""
    app = QCoreApplication.instance()
    if app is not None and app.findChild(QPdfDocument, _PDFIUM_KEEPER) is None:
        QPdfDocument(app).setObjectName(_PDFIUM_KEEPER)


class PrintPreview(QDialog):
    """The rendered PDF inside the app, with zoom, page keys, Cetak and Simpan sebagai PDF.

    The zoom is computed here, not by QPdfView's FitToWidth/FitInView: those re-fit on
    every viewport resize, and at some sizes (1100 × 760 on F4) the vertical scroll bar's
    own width flips the fit between "needs a scroll bar" and "does not", forever, at 100 %
    CPU with a white page. Here the vertical bar is always there, the horizontal bar only
    in a custom zoom, and the fit is recomputed when the viewport's size really changed.
    """

    # Replaced in tests: file and print dialogs would block them.
    ask_pdf_path: Callable[[QWidget, str], Path | None] = staticmethod(_ask_pdf_path)
    print_pdf: Callable[[QWidget, QPdfDocument], bool] = staticmethod(_print_pdf)

    FIT_WIDTH, FIT_PAGE, CUSTOM = "fit-width", "fit-page", "custom"
    ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
    _SLACK = 4  # px kept free so rounding never asks for a horizontal scroll bar

    def __init__(self, pdf_path: Path, suggested_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pratinjau Cetak — {0}").format(suggested_name))
        self.resize(1100, 760)
        self.pdf_path = pdf_path
        self.suggested_name = suggested_name
        keep_pdfium_started()
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self._build_view()
        self.zoom_mode = self.FIT_WIDTH
        self._fitted_for: QSize | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_zoom_tools())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_button_bar())
        self._add_shortcuts()
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self._show_page(0)
        self._show_zoom(self.view.zoomFactor())
        self.view.setFocus()

    # -- building -------------------------------------------------------------------------

    def _build_view(self) -> None:
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setDocument(self.document)
        self.view.viewport().installEventFilter(self)

    def _build_zoom_tools(self) -> QHBoxLayout:
        """The page count, and the fit and zoom buttons (they never take the keys)."""
        self.pages_label = QLabel()
        self.zoom_label = QLabel()
        self.fit_width_button = QPushButton(self.tr("Lebar halaman"))
        self.fit_page_button = QPushButton(self.tr("Satu halaman"))
        self.zoom_out_button = QPushButton("−")
        self.zoom_in_button = QPushButton("+")
        for button, tip in (
            (self.fit_width_button, self.tr("Halaman selebar jendela")),
            (self.fit_page_button, self.tr("Satu halaman utuh terlihat")),
            (self.zoom_out_button, self.tr("Perkecil (Ctrl+−)")),
            (self.zoom_in_button, self.tr("Perbesar (Ctrl++)")),
        ):
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the pages
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(button.sizeHint().height() + 8)
        self.fit_width_button.clicked.connect(lambda: self.set_zoom_mode(self.FIT_WIDTH))
        self.fit_page_button.clicked.connect(lambda: self.set_zoom_mode(self.FIT_PAGE))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(+1))

        tools = QHBoxLayout()
        tools.addWidget(self.pages_label)
        tools.addStretch(1)
        for widget in (
            self.fit_width_button,
            self.fit_page_button,
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
        ):
            tools.addWidget(widget)
        return tools

    def _build_button_bar(self) -> QHBoxLayout:
        """Where the PDF was saved, Cetak, Simpan sebagai PDF, Tutup."""
        self.saved_label = QLabel()
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(self.tr("Cetak…"))
        self.save_button = QPushButton(self.tr("Simpan sebagai PDF…"))
        close_button = QPushButton(self.tr("Tutup"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        close_button.clicked.connect(self.accept)

        bar = QHBoxLayout()
        bar.addWidget(self.saved_label, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close_button)
        return bar

    def _add_shortcuts(self) -> None:
        """Page and zoom keys, wherever the focus is in the preview."""
        keys = {
            "PgUp": lambda: self.go_to_page(self.page - 1),
            "PgDown": lambda: self.go_to_page(self.page + 1),
            "Home": lambda: self.go_to_page(0),
            "End": lambda: self.go_to_page(-1),
            "Ctrl+Home": lambda: self.go_to_page(0),
            "Ctrl+End": lambda: self.go_to_page(-1),
            "Ctrl++": lambda: self.zoom_by(+1),
            "Ctrl+=": lambda: self.zoom_by(+1),
            "Ctrl+-": lambda: self.zoom_by(-1),
        }
        for key, action in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(action)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @property
    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """0-based; -1 is the last page. Out of range stops at the first/last page."""
        if self.page_count == 0:
            return
        page = self.page_count - 1 if page < 0 else min(page, self.page_count - 1)
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())

    def _show_page(self, page: int) -> None:
        self.pages_label.setText(
            self.tr("Halaman {0} dari {1}").format(page + 1, max(self.page_count, 1))
        )

    def _show_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"{round(factor * 100)} %")
        self.fit_width_button.setDown(self.zoom_mode == self.FIT_WIDTH)
        self.fit_page_button.setDown(self.zoom_mode == self.FIT_PAGE)

    def set_zoom_mode(self, mode: str) -> None:
        self.zoom_mode = mode
        self.view.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if mode == self.CUSTOM
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self._fitted_for = None
        self._fit()
        self._show_zoom(self.view.zoomFactor())

    def zoom_by(self, steps: int) -> None:
        current = self.view.zoomFactor()
        if steps > 0:
            bigger = [z for z in self.ZOOM_STEPS if z > current + 0.01]
            factor = bigger[0] if bigger else self.ZOOM_STEPS[-1]
        else:
            smaller = [z for z in self.ZOOM_STEPS if z < current - 0.01]
            factor = smaller[-1] if smaller else self.ZOOM_STEPS[0]
        self.zoom_mode = self.CUSTOM
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setZoomFactor(factor)
        self._show_zoom(factor)

    def fit_factor(self, mode: str, viewport: QSize) -> float:
        """The zoom that makes the widest page fit the viewport's width (or whole page)."""
        if self.page_count == 0:
            return 1.0
        widest = max(
            (self.document.pagePointSize(p) for p in range(self.page_count)),
            key=lambda s: s.width(),
        )
        margins = self.view.documentMargins()
        # QPdfView draws a page at point size × (logical dpi / 72) × zoom.
        scale = self.view.logicalDpiX() / 72.0
        width = viewport.width() - margins.left() - margins.right() - self._SLACK
        factor = max(width, 50) / (widest.width() * scale)
        if mode == self.FIT_PAGE:
            height = viewport.height() - margins.top() - margins.bottom() - self._SLACK
            factor = min(factor, max(height, 50) / (widest.height() * scale))
        return max(factor, 0.05)

    def _fit(self) -> None:
        size = self.view.viewport().size()
        if self.zoom_mode == self.CUSTOM or size == self._fitted_for or size.isEmpty():
            return
        self._fitted_for = size
        self.view.setZoomFactor(self.fit_factor(self.zoom_mode, size))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    def print_document(self) -> bool:
        return self.print_pdf(self, self.document)

    def save_as(self) -> Path | None:
        target = self.ask_pdf_path(self, self.suggested_name)
        if target is None:
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                APP_NAME,
                self.tr("Berkas {0} tidak dapat disimpan: {1}. Pilih folder lain.").format(
                    target, exc.strerror or exc
                ),
            )
            return None
        self.saved_label.setText(
            self.tr("✓ Tersimpan: {0} ({1} halaman)").format(target, self.page_count)
        )
        return target

    def done(self, result: int) -> None:
        self.view.viewport().removeEventFilter(self)
        self.document.close()
        shutil.rmtree(self.pdf_path.parent, ignore_errors=True)
        super().done(result)


class PrintController(QObject):
    """From a PrintJob to an open preview: progress while rendering, errors in words."""

    preview_opened = Signal(object)  # the PrintPreview, for tests and the main window

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.task: BackgroundTask | None = None
        self.preview: PrintPreview | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, job: report_service.PrintJob) -> None:
        if self.busy:
            return
        folder = Path(tempfile.mkdtemp(prefix="kupang-desk-cetak-"))
        path = folder / f"{job.kind}.pdf"
        report_service.prepare_rendering()  # on this (GUI) thread, see there why
        ctx = self.ctx
        self.task = run_in_background(
            self.parent_widget,
            lambda control: report_service.run_job(ctx, job, path, control.progress),
            lambda pages: self._done(job, path),
            on_error=lambda exc: self._failed(folder, exc),
            expected=KNOWN_ERRORS,
            progress_label=self.tr("Menyusun dokumen…"),
            progress_text=self.tr("Menyusun dokumen… {0} dari {1} baris").format,
        )

    def _done(self, job: report_service.PrintJob, path: Path) -> None:
        self.task = None
        month = f"{job.period.year}-{job.period.month:02d}"
        opd = (job.opd_code or "semua-opd").lower()
        status = "" if job.status == "semua" else f"{job.status}-"
        name = {
            "rekap": f"rekap-{month}.pdf",
            "progres": f"progres-{month}.pdf",
            "uji-publik": f"uji-publik-{opd}-{month}.pdf",
            "sptjm": f"sptjm-{job.program}-{opd}-{status}{month}.pdf",
        }.get(job.kind, f"daftar-{job.program}-{opd}-{status}{month}.pdf")
        self.preview = PrintPreview(path, name, self.parent_widget)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()
        self.preview_opened.emit(self.preview)

    def _failed(self, folder: Path, exc: Exception) -> None:
        self.task = None
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, KNOWN_ERRORS):
            message = str(exc)
        else:  # a bug: tell the clerk; the trace goes to the crash report
            message = self.tr("kesalahan program ({0}). Laporkan ke admin.").format(exc)
        QMessageBox.warning(
            self.parent_widget, APP_NAME, self.tr("Dokumen tidak dapat dibuat: {0}").format(message)
        )
