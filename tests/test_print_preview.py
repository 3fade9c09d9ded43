"""The print preview and the admin's rates dialog, driven like a clerk would."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from kupang_desk.services import rates as rate_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.reports import Period, PrintJob, print_daftar
from kupang_desk.services.workers import list_opd
from kupang_desk.ui.main_window import MainWindow
from kupang_desk.ui.print_preview import PrintController, PrintOptionsDialog, PrintPreview
from kupang_desk.ui.rates_dialog import RatesDialog
from tests.helpers import fill, shot


def test_preview_shows_every_page_prints_and_saves(qtbot, ctx, tmp_path):
    fill(ctx, "DLHK", 90)
    pdf = tmp_path / "render" / "daftar.pdf"
    pdf.parent.mkdir()
    pages = print_daftar(ctx, pdf, opd_code="DLHK", period=Period(2026, 11)).pages
    preview = PrintPreview(pdf, "daftar-dlhk.pdf")
    qtbot.addWidget(preview)
    preview.show()
    assert preview.page_count == pages == len(PdfReader(pdf).pages) > 1
    assert preview.pages_label.text() == f"Halaman 1 dari {pages}"

    printed = []
    preview.print_pdf = lambda parent, document: printed.append(document.pageCount()) or True
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert printed == [pages]

    target = tmp_path / "simpan" / "hasil.pdf"
    target.parent.mkdir()
    preview.ask_pdf_path = lambda parent, name: target
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == pdf.read_bytes()
    assert preview.saved_label.text() == f"✓ Tersimpan: {target} ({pages} halaman)"
    qtbot.wait(800)  # QPdfView renders pages asynchronously
    shot(preview, "preview")
    preview.accept()
    assert not pdf.parent.exists()  # the rendered temporary file is cleaned up


def test_long_list_renders_off_the_gui_thread_with_progress(qtbot, ctx):
    fill(ctx, "DLHK", 400)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    controller = PrintController(ctx, window)
    progress = []
    job = PrintJob("daftar", "DLHK", "kesehatan", Period(2026, 11), "a4")
    with qtbot.waitSignal(controller.preview_opened, timeout=30_000) as opened:
        controller.start(job)
        assert controller.busy  # start() returned while the PDF is still being made
        controller.task.progressed.connect(lambda done, total: progress.append((done, total)))
    preview = opened.args[0]  # owned by the window, deleted when closed
    assert not controller.busy
    assert preview.page_count > 5
    assert len(progress) > 5  # one report per page
    # 400 rows, the status row (all "diusulkan") and JUMLAH
    assert max(progress) == (402, 402)
    preview.accept()


def test_failed_render_is_explained(qtbot, ctx, monkeypatch):
    from kupang_desk.ui import print_preview

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    warnings = []
    monkeypatch.setattr(
        print_preview.QMessageBox, "warning", lambda parent, title, text: warnings.append(text)
    )
    controller = PrintController(ctx, window)
    controller.start(PrintJob("daftar", "XYZ", "kesehatan", Period(2026, 11), "f4"))
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "XYZ tidak ada" in warnings[0]
    assert not controller.busy


def test_options_dialog_builds_the_job(qtbot, ctx):
    opds = list_opd(ctx)
    dialog = PrintOptionsDialog(opds, "DINKES", "daftar")
    qtbot.addWidget(dialog)
    dialog.program.setCurrentIndex(dialog.program.findData("ketenagakerjaan"))
    dialog.month.setCurrentIndex(1)
    dialog.year.setValue(2026)
    dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
    assert dialog.job() == PrintJob("daftar", "DINKES", "ketenagakerjaan", Period(2026, 2), "a4")
    dialog.opd.setCurrentIndex(dialog.opd.findData(None))
    assert dialog.job().opd_code is None
    dialog.kind.setCurrentIndex(dialog.kind.findData("rekap"))
    assert not dialog.opd.isEnabled()


def test_admin_edits_the_rates_of_a_new_year(qtbot, ctx, tmp_path):
    dialog = RatesDialog(ctx, ["DLHK", "DINKES"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.year.currentData() == 2026
    assert dialog.jkk[2].value() == 0.89
    dialog.add_year_from_latest(2027)
    dialog.money["umk"].setText("Rp 2.500.000,-")
    dialog.percent["jkm_bp"].setValue(0.3)
    dialog.kelas_enabled.setChecked(False)
    dialog._add_jkk_row(rate_service.JkkDefault("dlhk", "Pengangkut Sampah", 4))
    shot(dialog, "rates")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.text() == ""
    assert rate_service.rates_for(ctx, 2027).umk == 2_500_000
    assert rate_service.rates_for(ctx, 2027).jp_cap == 11_086_300  # copied from 2026
    assert settings_service.load(ctx).kelas_enabled is False
    assert rate_service.list_jkk_defaults(ctx) == [
        rate_service.JkkDefault("DLHK", "PENGANGKUT SAMPAH", 4)
    ]
    actions = ctx.store.query(
        "SELECT entity FROM audit_log WHERE entity IN "
        "('rates', 'settings', 'jkk_defaults') ORDER BY id"
    )
    # the first settings row is the conftest's pemda
    assert [a[0] for a in actions][1:] == ["rates", "settings", "jkk_defaults"]


def test_rates_dialog_names_the_wrong_value_and_saves_nothing(qtbot, ctx):
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    dialog.money["umk"].set_value(13_000_000)  # above the Kesehatan ceiling
    dialog.place.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "UMK tidak boleh lebih besar" in dialog.messages.text()
    assert "tempat penandatanganan" in dialog.messages.text()
    assert rate_service.rates_for(ctx, 2026).umk == 2_532_853  # the 2026 seed, unchanged


def test_an_operator_cannot_change_rates(qtbot, ctx):
    operator = replace(ctx, user="op", role="operator", opd_code="DLHK")
    window = MainWindow(operator)
    qtbot.addWidget(window)
    assert not window.rates_action.isEnabled()
    dialog = RatesDialog(operator, ["DLHK"])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "hanya untuk peran: admin" in dialog.messages.text()


def test_changed_rates_change_the_printed_iuran(ctx, tmp_path):
    fill(ctx, "DLHK", 1)  # wage 2.000.000, below the UMK
    raised = replace(rate_service.rates_for(ctx, 2026), umk=3_000_000)
    rate_service.save_rates(ctx, raised)
    result = print_daftar(
        ctx, tmp_path / "d.pdf", opd_code="DLHK", period=Period(2026, 11), on=date(2026, 11, 25)
    )
    assert result.totals["DLHK"].employer == 120_000  # 4% of the new UMK
    assert Path(tmp_path / "d.pdf").exists()


def test_pages_reach_the_printer_one_sheet_each(qtbot, ctx, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from kupang_desk.ui.print_preview import paint_pages, printer_for

    fill(ctx, "DLHK", 90)
    pdf = tmp_path / "daftar.pdf"
    pages = print_daftar(ctx, pdf, opd_code="DLHK", period=Period(2026, 11)).pages
    document = QPdfDocument()
    document.load(str(pdf))
    printer = printer_for(document)
    layout = printer.pageLayout()
    paper = layout.fullRectPoints()
    # F4 landscape like the PDF; Qt snaps to the driver's named Folio 8.5 x 13 in (< 1 mm off)
    assert abs(paper.width() - 935.4) < 3 and abs(paper.height() - 609.4) < 3
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    paint_pages(printer, document, 1, pages - 1)  # "pages 2 to the end" in the dialog
    assert len(PdfReader(printed).pages) == pages - 1


def test_rates_dialog_refuses_an_ambiguous_amount_and_keeps_it(qtbot, ctx):
    dialog = RatesDialog(ctx, ["DLHK"])
    qtbot.addWidget(dialog)
    dialog.money["umk"].setText("2,532")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "UMK (batas bawah upah): '2,532' bisa berarti dua jumlah" in dialog.messages.text()
    assert dialog.money["umk"].text() == "2,532"
    assert rate_service.rates_for(ctx, 2026).umk == 2_532_853  # the 2026 seed, unchanged


def test_printing_is_capped_at_600_dpi_in_bounded_strips(qtbot, ctx, tmp_path):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from kupang_desk.ui import print_preview

    fill(ctx, "DLHK", 40)
    pdf = tmp_path / "daftar.pdf"
    pages = print_daftar(ctx, pdf, opd_code="DLHK", period=Period(2026, 11)).pages

    class Counting(QPdfDocument):
        def __init__(self):
            super().__init__()
            self.strips = []

        def render(self, page, size, options):
            self.strips.append((page, size.width() * size.height() * 4))
            return super().render(page, size, options)

    document = Counting()
    document.load(str(pdf))
    for asked, used in ((1200, 600), (72, 300)):  # HighResolution; a PDF "printer"
        printer = print_preview.printer_for(document)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"printed-{asked}.pdf"))
        printer.setResolution(asked)
        document.strips.clear()
        print_preview.paint_pages(printer, document, 0, pages - 1)
        assert printer.resolution() == used
        assert {page for page, _ in document.strips} == set(range(pages))
        assert max(size for _, size in document.strips) <= print_preview.BAND_BYTES
        assert len(PdfReader(tmp_path / f"printed-{asked}.pdf").pages) == pages
