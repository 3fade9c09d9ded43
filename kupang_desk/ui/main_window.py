"""The main window: the roster, its search and filters, and the actions on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services import reports as report_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AppContext
from kupang_desk.store.errors import StoreError
from kupang_desk.ui.admin_menu import install_admin_menu
from kupang_desk.ui.worker_form import WorkerForm
from kupang_desk.ui.worker_model import WorkerTableModel

COLUMN_WIDTHS = [150, 240, 90, 40, 90, 260, 110, 80]


def _ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Simpan Daftar Peserta"), suggested, parent.tr("Berkas PDF (*.pdf)")
    )
    return Path(path) if path else None


class MainWindow(QMainWindow):
    # Replaced in tests: a file dialog would block them.
    ask_pdf_path: Callable[[QWidget, str], Path | None] = staticmethod(_ask_pdf_path)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.store.path.name if ctx.store.path else ''}")
        self.resize(1200, 720)

        self.model = WorkerTableModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Qt's default indicator is column 0 descending; the roster reads best by name.
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._edit_selected)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari NIK atau nama…"))
        self.search.setClearButtonEnabled(True)
        self.opd_filter = QComboBox()
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.opd_filter.currentIndexChanged.connect(self.apply_filter)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("OPD:")))
        bar.addWidget(self.opd_filter, 1)
        bar.addWidget(self.search, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setCentralWidget(central)

        self.add_action = QAction(self.tr("Tambah Pegawai"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action.triggered.connect(self.add_worker)
        self.print_action = QAction(self.tr("Cetak Daftar Peserta"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_daftar)
        toolbar = self.addToolBar(self.tr("Utama"))
        toolbar.setObjectName("main-toolbar")
        toolbar.addAction(self.add_action)
        toolbar.addAction(self.print_action)
        menu = self.menuBar().addMenu(self.tr("&Data"))
        menu.addAction(self.add_action)
        menu.addAction(self.print_action)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.admin_menu = install_admin_menu(self)
        self.reload_opds()
        self._update_counts()

    def reload_opds(self) -> None:
        self.opds = worker_service.list_opd(self.ctx)
        current = self.opd_filter.currentData()
        self.opd_filter.blockSignals(True)
        self.opd_filter.clear()
        self.opd_filter.addItem(self.tr("Semua OPD"), None)
        for opd in self.opds:
            self.opd_filter.addItem(opd.name, opd.code)
        self.opd_filter.setCurrentIndex(max(self.opd_filter.findData(current), 0))
        self.opd_filter.blockSignals(False)

    def apply_filter(self) -> None:
        query = WorkerQuery(
            text=self.search.text(),
            opd_code=self.opd_filter.currentData(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )
        self.model.set_query(query)
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self.model.counts
        self.count_label.setText(
            self.tr("{0} pegawai · {1} L · {2} P").format(counts["total"], counts["L"], counts["P"])
        )

    def open_form(self, worker=None) -> WorkerForm:
        form = WorkerForm(self.ctx, self.opds, worker, self)
        selected_opd = self.opd_filter.currentData()
        if worker is None and selected_opd:
            form.opd.setCurrentIndex(form.opd.findData(selected_opd))
        form.accepted.connect(self._after_save)
        return form

    def add_worker(self) -> None:
        if not self.opds:
            QMessageBox.information(self, APP_NAME, self.tr("Belum ada OPD. Isi data OPD dahulu."))
            return
        self.open_form().open()

    def _edit_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        worker = worker_service.get_worker(self.ctx, self.model.worker_id(index.row()))
        if worker:
            self.open_form(worker).open()

    def _after_save(self) -> None:
        self.model.reload()
        self._update_counts()
        self.statusBar().showMessage(self.tr("Data pegawai tersimpan."), 5000)

    def print_daftar(self) -> None:
        opd_code = self.opd_filter.currentData() or (self.opds[0].code if self.opds else None)
        if opd_code is None:
            QMessageBox.information(self, APP_NAME, self.tr("Belum ada OPD untuk dicetak."))
            return
        path = self.ask_pdf_path(self, f"daftar-peserta-{opd_code.lower()}.pdf")
        if path is None:
            return
        try:
            count = report_service.print_daftar(self.ctx, path, opd_code=opd_code)
        except (StoreError, report_service.ReportError, OSError) as exc:
            QMessageBox.warning(
                self, APP_NAME, self.tr("Daftar tidak dapat dicetak: {0}").format(exc)
            )
            return
        self.statusBar().showMessage(
            self.tr("Daftar peserta {0} ({1} pegawai) disimpan ke {2}").format(
                opd_code, count, path
            ),
            10000,
        )
