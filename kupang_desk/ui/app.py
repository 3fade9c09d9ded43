"""Starting the GUI: check the file, recover or log in, the main window, backup on close.

Every decision that would open a blocking dialog goes through `StartupDialogs`, whose
functions tests replace.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kupang_desk import APP_NAME, ORGANIZATION, __version__
from kupang_desk.applog import Safe, setup_logging
from kupang_desk.domain.accounts import Role
from kupang_desk.resources import resource_path
from kupang_desk.services import auth
from kupang_desk.services import backup as backup_service
from kupang_desk.services import settings as settings_service
from kupang_desk.services.context import AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import qt_indonesian

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)  # QSettings live under this name, per user
    app.setWindowIcon(QIcon(str(resource_path("icons", "kupang-desk.png"))))
    qt_indonesian.install(app)  # Qt's own Yes/No, Copy/Paste … in Indonesian
    return app


def _ask_recovery(db_path: Path, problems: list[str], backups: list) -> Path | None:
    from kupang_desk.ui.recovery_dialog import RecoveryDialog

    dialog = RecoveryDialog(db_path, problems, backups)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_first_admin(store) -> AppContext | None:
    from kupang_desk.ui.login_dialog import FirstAdminDialog

    dialog = FirstAdminDialog(store)
    return dialog.context if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_login(store) -> AppContext | None:
    from kupang_desk.ui.login_dialog import LoginDialog

    dialog = LoginDialog(store)
    return dialog.context if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_new_password(ctx: AppContext) -> bool:
    from kupang_desk.ui.login_dialog import ChangePasswordDialog

    return ChangePasswordDialog(ctx, forced=True).exec() == QDialog.DialogCode.Accepted


def _run_setup(ctx: AppContext) -> None:
    from kupang_desk.ui.setup_wizard import SetupWizard

    SetupWizard(ctx).exec()


def _show_error(text: str) -> None:
    QMessageBox.critical(None, APP_NAME, text)


def _show_info(text: str) -> None:
    QMessageBox.information(None, APP_NAME, text)


class StartupDialogs:
    """Replaced in tests: each of these would block on exec()."""

    ask_recovery: Callable[[Path, list[str], list], Path | None] = staticmethod(_ask_recovery)
    ask_first_admin: Callable[[object], AppContext | None] = staticmethod(_ask_first_admin)
    ask_login: Callable[[object], AppContext | None] = staticmethod(_ask_login)
    ask_new_password: Callable[[AppContext], bool] = staticmethod(_ask_new_password)
    run_setup: Callable[[AppContext], None] = staticmethod(_run_setup)
    show_error: Callable[[str], None] = staticmethod(_show_error)
    show_info: Callable[[str], None] = staticmethod(_show_info)


def recovery_key_text(key: str) -> str:
    # Two lines at a group boundary: the message box would otherwise wrap inside a group
    # ("VLAL-\nT7OL", seen in a real window) and the clerk copies it wrong onto paper.
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    shown = "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])
    return (
        "Kunci Pemulihan basis data ini:\n\n"
        f"{shown}\n\n"
        "Cetak atau tulis kunci ini dan simpan di tempat aman, terpisah dari flashdisk "
        "cadangan. Cadangan terenkripsi; di PC baru cadangan hanya dapat dibuka dengan kunci "
        "ini (Alat → Kunci Pemulihan menampilkannya lagi untuk admin)."
    )


def _recover(db_path: Path, problems: list[str]) -> bool:
    """Damaged file: offer the newest good backup. False when the clerk quits."""
    log.error("basis data %s rusak saat mulai", Safe(db_path.name))
    chosen = StartupDialogs.ask_recovery(db_path, problems, backup_service.good_backups(db_path))
    if chosen is None:
        return False
    try:
        aside = backup_service.recover(db_path, chosen)
    except StoreError as exc:
        StartupDialogs.show_error(str(exc))
        return False
    log.warning("dipulihkan dari cadangan %s", Safe(chosen.name))
    StartupDialogs.show_info(
        f"Cadangan {chosen.name} dibuka. Berkas yang rusak disimpan sebagai {aside.name} "
        "di folder yang sama; data yang diketik setelah cadangan itu perlu diketik ulang."
    )
    return True


def open_session(db_path: Path) -> AppContext | None:
    """Quick check, recovery if needed, then the first admin or a login. None = quit."""
    db_path = Path(db_path)
    problems = backup_service.file_problems(db_path)
    if problems and not _recover(db_path, problems):
        return None
    try:
        store = auth.open_database(db_path)
    except StoreError as exc:  # newer schema, another instance, read-only folder
        StartupDialogs.show_error(str(exc))
        return None
    if auth.needs_first_admin(store):
        ctx = StartupDialogs.ask_first_admin(store)
        if ctx is not None:  # set-up: the recovery key is shown here (and on demand later)
            StartupDialogs.show_info(recovery_key_text(backup_service.recovery_key(ctx)))
    else:
        ctx = StartupDialogs.ask_login(store)
    forced_change = ctx is not None and auth.must_change_password(ctx)
    if forced_change and not StartupDialogs.ask_new_password(ctx):
        ctx = None
    if ctx is None:
        store.close()
    elif ctx.role == Role.ADMIN and not settings_service.setup_done(ctx):
        StartupDialogs.run_setup(ctx)  # a new pemda: left half-way, it resumes next start
    return ctx


def close_session(ctx: AppContext) -> None:
    """Automatic backup (when something changed since the newest one), then close."""
    try:
        made = backup_service.backup_if_changed(ctx)
        if made is not None:
            log.info("cadangan otomatis %s", Safe(made.name))
    except (StoreError, backup_service.BackupError) as exc:
        StartupDialogs.show_error(f"Cadangan otomatis gagal: {exc}")
    finally:
        ctx.close()


def run_gui(db_path: Path) -> int:
    app = create_application()
    log_file = setup_logging()
    from kupang_desk.ui.crash import ExceptionReporter

    ExceptionReporter(log_file).install()  # after setup_logging, which sets a plain hook
    log.info("%s %s dimulai", Safe(APP_NAME), Safe(__version__))
    ctx = open_session(Path(db_path))
    if ctx is None:
        return 0
    from kupang_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    try:
        return app.exec()
    finally:
        close_session(ctx)
