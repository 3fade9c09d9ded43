"""The admin's view of the whole history: search by user, action, record or any value."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kupang_desk.services import history as history_service
from kupang_desk.services.context import AppContext

PAGE = 200
HEADERS = ["No.", "Waktu", "Pengguna", "Data", "Kegiatan"]


class AuditLogDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        history_service.search_log(ctx, limit=1)  # AccessDenied before anything is shown
        self.setWindowTitle(self.tr("Riwayat Perubahan"))
        self.resize(1000, 600)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Cari pengguna, kegiatan (mis. restore), NIK, nama, OPD…")
        )
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate([60, 170, 110, 260]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.more_button = QPushButton(self.tr("Muat lebih banyak"))
        self.more_button.clicked.connect(self.load_more)
        self.count_label = QLabel()
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        self.load_more()

    def load_more(self) -> None:
        lines = history_service.search_log(
            self._ctx, self.search.text(), limit=PAGE, offset=self.table.rowCount()
        )
        start = self.table.rowCount()
        self.table.setRowCount(start + len(lines))
        for offset, line in enumerate(lines):
            cells = [str(line.id), line.when, line.user, line.subject, line.text]
            for column, text in enumerate(cells):
                self.table.setItem(start + offset, column, QTableWidgetItem(text))
        self.more_button.setEnabled(len(lines) == PAGE)
        self.count_label.setText(self.tr("{0} baris ditampilkan").format(self.table.rowCount()))
