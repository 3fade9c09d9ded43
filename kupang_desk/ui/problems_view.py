"""The "perlu perbaikan" list: every record with errors or open warnings, to work through.

The list is re-checked against today's rules each time it opens (a few seconds for
100,000 workers), so it also catches records that were fine when saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kupang_desk.services.checks import RecordProblem, record_problems
from kupang_desk.services.context import AppContext


class ProblemsDialog(QDialog):
    def __init__(self, ctx: AppContext, open_worker: Callable[[int], None], parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._open_worker = open_worker
        self.setWindowTitle(self.tr("Perlu perbaikan"))
        self.resize(1000, 520)
        self.summary = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("NIK"), self.tr("Nama"), self.tr("OPD"), self.tr("Yang perlu diperbaiki")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        # Fixed widths: row heights are computed from them (a stretched column is sized
        # only after the rows would have been measured).
        for column, width in enumerate([150, 190, 190, 420]):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_selected)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            QLabel(self.tr("Klik dua kali sebuah baris untuk membuka dan memperbaiki datanya."))
        )
        layout.addWidget(buttons)
        self.problems: list[RecordProblem] = []
        self.refresh()

    def refresh(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds on a big roster
        try:
            self.problems = record_problems(self._ctx, refresh=True)
        finally:
            QApplication.restoreOverrideCursor()
        self.summary.setText(
            self.tr("{0} data pegawai perlu diperbaiki ({1} dengan kesalahan).").format(
                len(self.problems), sum(1 for p in self.problems if p.errors)
            )
        )
        self.table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            text = "\n".join(("✖ " if i.is_error else "⚠ ") + i.message for i in problem.issues)
            for column, value in enumerate((problem.nik, problem.name, problem.opd_code, text)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, problem.worker_id)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _open_selected(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self._open_worker(item.data(Qt.ItemDataRole.UserRole))
            self.refresh()
