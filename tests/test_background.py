"""ui/background.py: work off the GUI thread, its outcome back on it, nothing left running.

Every wait on the worker is an Event or a Qt signal, never a sleep."""

import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from kupang_desk.ui import background
from kupang_desk.ui.background import run_in_background, stop_all

GUI = threading.get_ident()


class Outcome:
    """What reached the GUI thread, and on which thread each call ran."""

    def __init__(self) -> None:
        self.done: list = []
        self.errors: list[Exception] = []
        self.progress: list[tuple[int, int]] = []
        self.threads: set[int] = set()

    def on_done(self, result) -> None:
        self.threads.add(threading.get_ident())
        self.done.append(result)

    def on_error(self, exc: Exception) -> None:
        self.threads.add(threading.get_ident())
        self.errors.append(exc)

    def on_progress(self, done: int, total: int) -> None:
        self.threads.add(threading.get_ident())
        self.progress.append((done, total))


def deliver_queued() -> None:
    """What the ended thread posted to the GUI thread, delivered now."""
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()


def test_the_result_and_progress_come_back_on_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = Outcome()
    ran_on = []

    def task(control):
        ran_on.append(threading.get_ident())
        for done in (100, 200, 253):
            control.progress(done, 253)
        return sum(range(254))  # 0 + 1 + … + 253

    handle = run_in_background(
        parent, task, seen.on_done, on_error=seen.on_error, on_progress=seen.on_progress
    )
    assert handle.running
    qtbot.waitUntil(lambda: bool(seen.done), timeout=5000)
    assert seen.done == [32_131] and seen.errors == []
    assert seen.progress == [(100, 253), (200, 253), (253, 253)]  # in order, before the result
    assert ran_on[0] != GUI and seen.threads == {GUI}
    assert not handle.running and handle.thread_ended


def test_a_clerks_error_goes_to_on_error_and_nowhere_else(qtbot, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: hooked.append(args))
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = Outcome()

    def task(control):
        raise ValueError("NIK 5371014503850001 sudah terdaftar di DLHK")

    run_in_background(parent, task, seen.on_done, on_error=seen.on_error, expected=(ValueError,))
    qtbot.waitUntil(lambda: bool(seen.errors), timeout=5000)
    assert [str(e) for e in seen.errors] == ["NIK 5371014503850001 sudah terdaftar di DLHK"]
    assert seen.done == [] and seen.threads == {GUI}
    assert hooked == []  # expected: not a bug report


@pytest.mark.qt_no_exception_capture  # the test holds sys.excepthook itself
def test_a_bug_is_shown_to_the_clerk_and_reported_with_its_trace(qtbot, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: hooked.append((kind, exc, tb)))
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = Outcome()

    def task(control):
        return {}["upah"]  # a KeyError: a bug, not the clerk's mistake

    run_in_background(parent, task, seen.on_done, on_error=seen.on_error, expected=(ValueError,))
    qtbot.waitUntil(lambda: bool(hooked), timeout=5000)
    assert [type(e) for e in seen.errors] == [KeyError]
    [(kind, exc, tb)] = hooked
    assert kind is KeyError and exc is seen.errors[0]
    assert tb.tb_next is not None  # the worker's frames: the log shows where it broke


def test_batal_reaches_the_task_through_its_control(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = Outcome()
    started = threading.Event()

    def task(control):
        started.set()
        stopped = control.cancel_event.wait(10)
        return "dibatalkan" if stopped and control.cancelled() else "selesai"

    handle = run_in_background(parent, task, seen.on_done)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(seen.done), timeout=5000)
    assert seen.done == ["dibatalkan"]


def test_a_dialog_closed_mid_task_stops_it_and_drops_its_outcome(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    seen = Outcome()
    started, saw_cancel = threading.Event(), threading.Event()

    def task(control):
        control.progress(1, 3)
        started.set()
        if control.cancel_event.wait(10):
            saw_cancel.set()
        control.progress(2, 3)  # queued after the close: must not be shown
        return "terlambat"

    handle = run_in_background(dialog, task, seen.on_done, on_progress=seen.on_progress)
    assert started.wait(5)
    dialog.reject()
    # stop() waited: the thread has ended before reject() returned
    assert saw_cancel.is_set() and handle.thread_ended and not handle.running
    deliver_queued()
    assert seen.done == [] and seen.progress == []
    assert background.running_threads() == 0


def test_a_parent_deleted_mid_task_cancels_it_and_waits_for_its_thread(qtbot):
    parent = QWidget()
    seen = Outcome()
    started, saw_cancel = threading.Event(), threading.Event()

    def task(control):
        started.set()
        if control.cancel_event.wait(10):
            saw_cancel.set()
        return "terlambat"

    handle = run_in_background(parent, task, seen.on_done)
    assert started.wait(5)
    shiboken6.delete(parent)  # the handle goes with it
    assert saw_cancel.is_set() and handle.thread_ended
    deliver_queued()
    assert seen.done == []
    assert background.running_threads() == 0


def test_a_window_that_closes_stops_every_task_under_it(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    child = QWidget(window)
    seen = Outcome()
    ready = [threading.Event(), threading.Event()]

    def waiting(index):
        def task(control):
            ready[index].set()
            return control.cancel_event.wait(10)

        return task

    handles = [
        run_in_background(window, waiting(0), seen.on_done),
        run_in_background(child, waiting(1), seen.on_done),
    ]
    assert all(event.wait(5) for event in ready)
    stop_all(window)
    assert all(h.thread_ended and not h.running for h in handles)
    deliver_queued()
    assert seen.done == []


def test_the_progress_dialog_follows_the_task_and_its_batal_cancels(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    seen = Outcome()
    reported = threading.Event()

    def task(control):
        control.progress(40, 253)
        reported.set()
        return "dibatalkan" if control.cancel_event.wait(10) else "selesai"

    visible_at_done = []

    def on_done(result):
        visible_at_done.append(dialog.isVisible())
        seen.on_done(result)

    handle = run_in_background(
        window,
        task,
        on_done,
        progress_label="Mengekspor…",
        progress_text="Mengekspor… {0} dari {1} pegawai".format,
        cancellable=True,
    )
    dialog = handle.dialog
    assert reported.wait(5)
    qtbot.waitUntil(lambda: dialog.value() == 40, timeout=5000)
    assert (dialog.maximum(), dialog.labelText()) == (253, "Mengekspor… 40 dari 253 pegawai")
    qtbot.waitUntil(dialog.isVisible, timeout=5000)  # shown once the task ran 300 ms
    [batal] = dialog.findChildren(QPushButton)
    assert batal.text() == "Batal"
    qtbot.mouseClick(batal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen.done), timeout=5000)
    assert seen.done == ["dibatalkan"]
    assert visible_at_done == [False] and handle.dialog is None  # closed before on_done ran


def test_a_task_without_batal_has_no_cancel_button(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    release = threading.Event()
    seen = Outcome()
    handle = run_in_background(
        window, lambda control: release.wait(10), seen.on_done, progress_label="Menggabungkan…"
    )
    assert handle.dialog.findChildren(QPushButton) == []
    qtbot.waitUntil(handle.dialog.isVisible, timeout=5000)  # busy, shown after 300 ms
    assert handle.dialog.maximum() == 0  # no count: a busy bar
    release.set()
    qtbot.waitUntil(lambda: bool(seen.done), timeout=5000)
    assert seen.done == [True]
