"""A record's history in plain Indonesian, for the worker form's "Riwayat" tab:
"25 November 2026 10:15 — operator1 mengubah Upah: Rp 2.900.000 → Rp 3.000.000"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kupang_desk.services import history as history_service
from kupang_desk.services.context import AccessDenied, AppContext


class HistoryView(QWidget):
    def __init__(self, ctx: AppContext, entity: str, entity_id: object, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._entity = entity
        self._entity_id = entity_id
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        self.reload()

    def reload(self) -> None:
        """Newest change on top; called again after the record is saved."""
        self.list.clear()
        if self._entity_id is None:
            self.note.setText(self.tr("Riwayat ada setelah data pertama kali disimpan."))
            return
        try:
            lines = history_service.record_history(self._ctx, self._entity, self._entity_id)
        except AccessDenied as exc:
            self.note.setText(str(exc))
            return
        for line in reversed(lines):
            item = QListWidgetItem(line.sentence())
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.list.addItem(item)
        self.note.setText(
            self.tr("{0} perubahan tercatat.").format(len(lines))
            if lines
            else self.tr("Belum ada riwayat.")
        )

    def sentences(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]
