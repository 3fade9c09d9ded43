"""Pusat → Kantor OPD Terdaftar: the office keys the centre trusts, and revoking one (a PC
replaced, lost or stolen): its bundles are refused from then on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.services import bundles as bundle_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.ui.widgets import show_message

HEADERS = ("OPD", "Kunci kantor", "Status", "Kiriman terakhir", "Didaftarkan", "Oleh")


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, APP_NAME, text)
    return answer == QMessageBox.StandardButton.Yes


class OfficesDialog(QDialog):
    confirm: Callable[[QWidget, str], bool] = staticmethod(_confirm)  # replaced in tests

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Kantor OPD Terdaftar"))
        self.resize(820, 420)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.messages = QLabel(self)
        self.messages.setWordWrap(True)
        self.revoke_button = QPushButton(self.tr("Cabut kunci…"), self)
        self.revoke_button.clicked.connect(self.revoke_selected)
        close = QPushButton(self.tr("Tutup"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Kiriman hanya diterima dari kunci yang dipercaya. Cabut kunci PC kantor OPD "
                "yang diganti, hilang atau dicuri; daftarkan kantornya lagi bila perlu."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(self.messages)
        layout.addLayout(buttons)
        self.offices: list = []
        self.reload()

    def reload(self) -> None:
        self.offices = bundle_service.known_offices(self.ctx)
        self.table.setRowCount(len(self.offices))
        for row, office in enumerate(self.offices):
            cells = (
                office.opd_code,
                office.public_key[:16] + "…",
                self.tr("dicabut") if office.revoked else self.tr("dipercaya"),
                str(office.last_sequence) if office.last_sequence else "—",
                office.registered_at[:10],
                office.registered_by,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not self.offices:
            show_message(
                self.messages,
                self.tr("Belum ada kantor OPD yang didaftarkan (Pusat → Daftarkan Kantor OPD)."),
                kind="warning",
            )

    def revoke_selected(self) -> bool:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.offices):
            show_message(self.messages, self.tr("Pilih kunci kantor yang dicabut dahulu."))
            return False
        office = self.offices[row]
        if office.revoked:
            show_message(self.messages, self.tr("Kunci ini sudah dicabut."), kind="warning")
            return False
        question = self.tr(
            "Cabut kunci kantor OPD {0} ({1}…)? Kiriman yang ditandatangani kunci ini "
            "ditolak mulai sekarang; kantor itu perlu didaftarkan lagi."
        ).format(office.opd_code, office.public_key[:16])
        if not self.confirm(self, question):
            return False
        try:
            bundle_service.revoke_offices(self.ctx, key=office.public_key)
        except (bundle_service.BundleError, AccessDenied) as exc:
            show_message(self.messages, str(exc))
            return False
        self.reload()
        show_message(
            self.messages,
            self.tr("Kunci kantor OPD {0} dicabut.").format(office.opd_code),
            kind="success",
        )
        return True
