"""Admin: where backups go (e.g. a USB disk) and how many are kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.services import backup as backup_service
from kupang_desk.services.context import AppContext
from kupang_desk.ui import files
from kupang_desk.ui.widgets import ERROR_STYLE, ok_cancel_buttons


def _ask_folder(parent: QWidget, start: str) -> Path | None:
    return files.ask_folder(parent, parent.tr("Folder Cadangan"), start)


class BackupSettingsDialog(QDialog):
    # Replaced in tests: a folder dialog would block them.
    ask_folder: Callable[[QWidget, str], Path | None] = staticmethod(_ask_folder)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        settings = backup_service.get_settings(ctx)
        self.setWindowTitle(self.tr("Pengaturan Cadangan"))
        self.setMinimumWidth(520)
        self.folder = QLineEdit(str(settings.folder))
        choose = QPushButton(self.tr("Pilih…"))
        choose.clicked.connect(self._choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.keep_daily = QSpinBox(minimum=1, maximum=60, value=settings.keep_daily)
        self.keep_weekly = QSpinBox(minimum=0, maximum=52, value=settings.keep_weekly)
        note = QLabel(
            self.tr(
                "Cadangan dibuat otomatis saat aplikasi ditutup (bila ada perubahan) dan lewat "
                '"Cadangkan Sekarang". Arahkan ke flashdisk/disk lain agar data selamat bila '
                "komputer rusak."
            )
        )
        note.setWordWrap(True)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("Simpan cadangan harian"), self.keep_daily)
        form.addRow(self.tr("Simpan cadangan mingguan"), self.keep_weekly)
        buttons = ok_cancel_buttons(self, self.tr("Simpan"), self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.messages)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        folder = self.ask_folder(self, self.folder.text())
        if folder is not None:
            self.folder.setText(str(folder))

    def save(self) -> None:
        folder = Path(self.folder.text().strip())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.messages.setText(
                self.tr("Folder {0} tidak dapat dipakai: {1}").format(folder, exc.strerror)
            )
            return
        backup_service.save_settings(
            self._ctx,
            backup_service.BackupSettings(
                folder, self.keep_daily.value(), self.keep_weekly.value()
            ),
        )
        self.accept()
