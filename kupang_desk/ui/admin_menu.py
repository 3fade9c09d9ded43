"""The "Alat" menu of the main window: backups, users, the history log, own password.

Admin-only entries are hidden from others; the services refuse them anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from kupang_desk import APP_NAME
from kupang_desk.domain.accounts import ROLE_LABELS, Role
from kupang_desk.services import backup as backup_service
from kupang_desk.services.context import AccessDenied
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files


def _ask_backup_file(parent: QWidget, start: str) -> Path | None:
    return files.ask_open(
        parent, parent.tr("Pilih Cadangan"), parent.tr("Cadangan Kupang Desk (*.cadangan)"), start
    )


def _confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, APP_NAME, text)
    return answer == QMessageBox.StandardButton.Yes


def _open_dialog(dialog) -> None:
    dialog.exec()


class AdminMenu:
    # Replaced in tests: each would block.
    ask_backup_file: Callable[[QWidget, str], Path | None] = staticmethod(_ask_backup_file)
    confirm: Callable[[QWidget, str], bool] = staticmethod(_confirm)
    open_dialog: Callable[[object], None] = staticmethod(_open_dialog)
    inform: Callable[[QWidget, str], None] = staticmethod(
        lambda parent, text: QMessageBox.information(parent, APP_NAME, text)
    )

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.ctx = window.ctx
        is_admin = self.ctx.role == Role.ADMIN
        menu = window.menuBar().addMenu(window.tr("&Alat"))

        def action(text: str, slot, *, admin_only: bool = False, shortcut=None) -> QAction:
            act = QAction(window.tr(text), window)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.setVisible(is_admin or not admin_only)
            menu.addAction(act)
            return act

        self.backup_action = action("Cadangkan Sekarang", self.backup_now, shortcut="Ctrl+Shift+B")
        self.backup_settings_action = action(
            "Pengaturan Cadangan…", self.backup_settings, admin_only=True
        )
        self.restore_action = action("Pulihkan dari Cadangan…", self.restore, admin_only=True)
        self.recovery_key_action = action(
            "Kunci Pemulihan…", self.show_recovery_key, admin_only=True
        )
        menu.addSeparator()
        self.pemda_action = action("Pengaturan Pemda…", self.pemda_settings, admin_only=True)
        self.opd_action = action("OPD…", self.opd_list, admin_only=True)
        self.users_action = action("Pengguna…", self.users, admin_only=True)
        self.log_action = action("Riwayat Perubahan…", self.audit_log, admin_only=True)
        menu.addSeparator()
        self.password_action = action("Ganti Kata Sandi…", self.change_password)
        who = QLabel(
            window.tr("Masuk sebagai {0} ({1}{2})").format(
                self.ctx.user,
                ROLE_LABELS.get(self.ctx.role, self.ctx.role),
                f", {self.ctx.opd_code}" if self.ctx.opd_code else "",
            )
        )
        who.setStyleSheet("padding-left: 10px; border-left: 1px solid #aaa;")
        if self.ctx.role == Role.VERIFIKATOR and hasattr(window, "add_action"):
            window.add_action.setEnabled(False)  # a verifikator checks, it does not type
        window.statusBar().addPermanentWidget(who)

    def pemda_settings(self) -> None:
        from kupang_desk.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.ctx, self.window)
        wizard.setStartId(0)
        self.open_dialog(wizard)
        self._reload_opds()

    def opd_list(self) -> None:
        from kupang_desk.ui.setup_wizard import OpdDialog

        self.open_dialog(OpdDialog(self.ctx, self.window))
        self._reload_opds()

    def _reload_opds(self) -> None:
        if hasattr(self.window, "reload_opds"):
            self.window.reload_opds()

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self.window, APP_NAME, text)

    def backup_now(self) -> None:
        try:
            path = backup_service.backup_now(self.ctx)
        except (StoreError, backup_service.BackupError, AccessDenied) as exc:
            self._warn(self.window.tr("Cadangan gagal: {0}").format(exc))
            return
        self.window.statusBar().showMessage(
            self.window.tr("Cadangan dibuat: {0}").format(path), 10000
        )

    def show_recovery_key(self) -> None:
        from kupang_desk.ui.app import recovery_key_text

        try:
            key = backup_service.recovery_key(self.ctx)
        except AccessDenied as exc:
            self._warn(str(exc))
            return
        self.inform(self.window, recovery_key_text(key))

    def backup_settings(self) -> None:
        from kupang_desk.ui.backup_dialog import BackupSettingsDialog

        self.open_dialog(BackupSettingsDialog(self.ctx, self.window))

    def restore(self) -> None:
        start = str(backup_service.get_settings(self.ctx).folder)
        chosen = self.ask_backup_file(self.window, start)
        if chosen is None:
            return
        question = self.window.tr(
            "Pulihkan data dari {0}?\n\nSemua perubahan setelah cadangan itu dibuat akan "
            "hilang dari basis data. Data sekarang disalin dahulu di samping berkas basis data."
        ).format(chosen.name)
        if not self.confirm(self.window, question):
            return
        try:
            kept = backup_service.restore(self.ctx, chosen)
        except (StoreError, backup_service.BackupError, AccessDenied) as exc:
            self._warn(self.window.tr("Pemulihan gagal, data tidak berubah: {0}").format(exc))
            return
        if hasattr(self.window, "reload_opds"):
            self.window.reload_opds()
            self.window.apply_filter()
        self.window.statusBar().showMessage(
            self.window.tr("Dipulihkan dari {0}. Data sebelumnya disimpan di {1}").format(
                chosen.name, kept.name
            ),
            15000,
        )

    def users(self) -> None:
        from kupang_desk.ui.users_dialog import UsersDialog

        self.open_dialog(UsersDialog(self.ctx, self.window))

    def audit_log(self) -> None:
        from kupang_desk.ui.audit_log_dialog import AuditLogDialog

        self.open_dialog(AuditLogDialog(self.ctx, self.window))

    def change_password(self) -> None:
        from kupang_desk.ui.login_dialog import ChangePasswordDialog

        self.open_dialog(ChangePasswordDialog(self.ctx, self.window))


def install_admin_menu(window: QMainWindow) -> AdminMenu:
    return AdminMenu(window)
