"""One place for exceptions nobody caught in the GUI: say it in Indonesian, log, go on.

An exception that escapes a slot or an event handler reaches `sys.excepthook`; one on a
Python thread reaches `threading.excepthook`. Both end here: the masked traceback goes to
the log file (applog removes NIKs and names), the clerk sees one dialog saying what
happened, that what they typed is still in the form, and where the log is, and the event
loop keeps running. Dialogs are only ever shown on the GUI thread, and a burst of the
same failure (a paint handler raising on every repaint) shows one dialog, not hundreds.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from kupang_desk import APP_NAME

log = logging.getLogger("kupang_desk.crash")
QUIET_SECONDS = 10.0  # the same kind of failure again within this time: logged only


def message_text(exc_type: type[BaseException], log_file: Path | None) -> str:
    where = str(log_file) if log_file else "berkas log aplikasi"
    return (
        f"Terjadi kesalahan program yang tidak terduga ({exc_type.__name__}).\n\n"
        "Aplikasi tetap berjalan. Isian yang sedang Anda ketik masih ada di formulir: "
        "periksa lalu simpan lagi. Data yang sudah tersimpan tidak berubah.\n\n"
        f"Rincian teknis (tanpa NIK dan nama) dicatat di:\n{where}\n"
        "Bila kesalahan ini berulang, kirim berkas itu ke admin."
    )


def _show_dialog(text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text, QMessageBox.StandardButton.Ok)
    box.setParent(QApplication.activeWindow(), box.windowFlags())
    box.exec()


class _Relay(QObject):
    """Carries a report from any thread to the GUI thread (queued signal)."""

    report = Signal(str, str)  # exception type name, text


class ExceptionReporter:
    """Installed once by run_gui; `show_dialog` is replaced in tests."""

    show_dialog: Callable[[str], None] = staticmethod(_show_dialog)

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self.shown: list[str] = []  # texts shown, newest last (tests, soak)
        self._last: dict[str, float] = {}
        self._showing = False
        self._relay = _Relay()
        app = QCoreApplication.instance()
        if app is not None:
            self._relay.moveToThread(app.thread())
        self._relay.report.connect(self._show)

    def install(self) -> ExceptionReporter:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = sys.__excepthook__
        if threading.excepthook == self._thread_hook:
            threading.excepthook = threading.__excepthook__

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        # The log's disk may be the problem; the dialog comes all the same.
        with contextlib.suppress(Exception):
            log.critical("Galat tak tertangani", exc_info=(exc_type, exc, tb))
        name = exc_type.__name__
        now = time.monotonic()
        if now - self._last.get(name, -QUIET_SECONDS) < QUIET_SECONDS:
            return
        self._last[name] = now
        text = message_text(exc_type, self.log_file)
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is app.thread():
            self._show(name, text)
        else:
            self._relay.report.emit(name, text)  # queued onto the GUI thread

    def _show(self, name: str, text: str) -> None:
        if self._showing:  # a failure while the dialog is open: logged, not stacked
            return
        self._showing = True
        try:
            self.shown.append(text)
            type(self).show_dialog(text)
        finally:
            self._showing = False
