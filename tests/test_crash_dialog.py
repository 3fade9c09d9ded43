"""An exception nobody caught (issue 11, item 3): one Indonesian dialog, a masked log,
and the app keeps running with the typing still in the form."""

import logging
import threading

import pytest
import shiboken6
from PySide6.QtCore import QTimer

from kupang_desk import applog
from kupang_desk.ui.crash import ExceptionReporter


@pytest.fixture
def reporter(tmp_path, monkeypatch):
    log_file = applog.setup_logging(tmp_path / "log")
    shown: list[str] = []
    monkeypatch.setattr(ExceptionReporter, "show_dialog", staticmethod(shown.append))
    reporter = ExceptionReporter(log_file).install()
    reporter.dialogs = shown
    yield reporter
    reporter.uninstall()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "kupang_desk", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_is_one_dialog_and_the_form_keeps_its_text(qtbot, ctx, reporter):
    from kupang_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    form = window.open_form()
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "maria goreti ndun")

    def buggy_slot():
        raise ValueError("NIK 5371014503850001 milik MARIA GORETI NDUN")

    for _ in range(3):  # a burst of the same failure: one dialog
        QTimer.singleShot(0, buggy_slot)
    qtbot.waitUntil(lambda: len(reporter.dialogs) == 1)
    qtbot.wait(50)
    assert len(reporter.dialogs) == 1
    text = reporter.dialogs[0]
    assert "kesalahan program yang tidak terduga (ValueError)" in text
    assert "masih ada di formulir" in text
    assert str(reporter.log_file) in text
    assert shiboken6.isValid(form) and form.name.text() == "maria goreti ndun"
    logged = reporter.log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "buggy_slot" in logged and "ValueError" in logged
    assert "5371014503850001" not in logged and "MARIA" not in logged

    # the window still works afterwards
    window.search.setText("zzz")
    window.apply_filter()


@pytest.mark.qt_no_exception_capture
def test_a_bug_on_a_worker_thread_is_shown_on_the_gui_thread(qtbot, reporter, monkeypatch):
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    seen_on: list[bool] = []

    def record(text):
        seen_on.append(QThread.currentThread() is QApplication.instance().thread())

    monkeypatch.setattr(ExceptionReporter, "show_dialog", staticmethod(record))

    def failing():
        raise KeyError("5371014503850001")

    thread = threading.Thread(target=failing)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: seen_on == [True])
    assert "KeyError" in reporter.log_file.read_text(encoding="utf-8")
