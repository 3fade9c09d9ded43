"""The database file is damaged: say so, touch nothing, offer the newest good backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from kupang_desk import APP_NAME
from kupang_desk.domain.formatting import tanggal_panjang


class RecoveryDialog(QDialog):
    """`chosen` is the backup the clerk picked, or None (quit, nothing changed)."""

    def __init__(self, db_path: Path, problems: list[str], backups: list, parent=None) -> None:
        super().__init__(parent)
        self.chosen: Path | None = None
        self.setWindowTitle(self.tr("{0} — Basis Data Rusak").format(APP_NAME))
        self.setMinimumWidth(560)
        title = QLabel(self.tr("<b>Berkas basis data tidak dapat dipakai.</b>"))
        detail = QLabel(
            self.tr(
                "Berkas: {0}\nMasalah: {1}\n\nBerkas ini TIDAK diubah atau diperbaiki. "
                "Jika cadangan dibuka, berkas rusak disimpan dengan nama lain (.rusak-…) "
                "supaya bisa diperiksa petugas TI."
            ).format(db_path, problems[0] if problems else "")
        )
        detail.setWordWrap(True)
        detail.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        for backup in backups:
            when = f"{tanggal_panjang(backup.taken_at.date())} pukul {backup.taken_at:%H:%M}"
            item = QListWidgetItem(f"{when}   —   {backup.path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        self.list.setMaximumHeight(160)
        folders = sorted({str(b.path.parent) for b in backups})
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(
            self.tr("Buka Cadangan Terpilih"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(
            self.tr("Keluar tanpa mengubah apa pun"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(detail)
        if backups:
            layout.addWidget(
                QLabel(
                    self.tr("Cadangan yang utuh (terbaru di atas), di {0}:").format(
                        ", ".join(folders)
                    )
                )
            )
            layout.addWidget(self.list)
            self.list.setCurrentRow(0)
        else:
            none = QLabel(
                self.tr(
                    "Tidak ada cadangan yang utuh di folder cadangan. Hubungi admin; "
                    "cadangan mungkin ada di flashdisk."
                )
            )
            none.setWordWrap(True)
            layout.addWidget(none)
            self.open_button.setEnabled(False)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
