"""Starting the GUI: QApplication, the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kupang_desk import APP_NAME, __version__
from kupang_desk.resources import resource_path
from kupang_desk.services.context import open_context
from kupang_desk.store.errors import StoreError


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Pemerintah Kota Kupang")
    app.setWindowIcon(QIcon(str(resource_path("icons", "kupang-desk.png"))))
    return app


def run_gui(db_path: Path) -> int:
    app = create_application()
    try:
        ctx = open_context(db_path, user="operator")
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    from kupang_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    try:
        return app.exec()
    finally:
        ctx.close()
