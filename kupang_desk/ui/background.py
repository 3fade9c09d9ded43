"""One way to run work off the GUI thread: `run_in_background(parent, task, on_done)`.

In the spirit of Anki's TaskManager.run_in_background. `task(control)` runs on a worker
thread; its result goes to `on_done(result)` or its exception to `on_error(exc)`, on the
GUI thread, and only while the task's parent lives and nobody stopped the task: a result
that arrives after its window closed is dropped. `control.progress` and
`control.cancelled` are the progress and cancel callbacks the services take.

A task follows three rules, each learned from a crash:
- the database only through services.context.own_connection, entered on the worker thread
  (a sqlite connection belongs to one thread; the user, role and OPD go with it);
- no module imported for the first time on the worker thread: PySide's import hook
  running there while the GUI thread calls into Python crashed the app. Import at module
  level, or prepare on the GUI thread first (services.reports.prepare_rendering);
- no widget touched: it reports through `control.progress` and its return value.
"""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

Progress = Callable[[int, int], None]


class TaskControl:
    """What the task gets on its thread: a way to report progress and to see Batal."""

    def __init__(self) -> None:
        self.cancel_event = threading.Event()
        self._report: Progress = lambda done, total: None

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, done: int, total: int) -> None:
        self._report(done, total)


class _Worker(QThread):
    progress = Signal(int, int)

    def __init__(self, task: Callable[[TaskControl], Any], control: TaskControl) -> None:
        super().__init__()  # no parent: deleting a window must never destroy a running thread
        self.task = task
        self.control = control
        self.result: Any = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.result = self.task(self.control)
        except Exception as exc:  # handed to the GUI thread, which reports a bug there
            self.error = exc


class _Threads(QObject):
    """Holds every worker thread until it has ended, whatever became of its handle (a
    QThread dropped while running aborts the app); stops them all when the app quits."""

    def __init__(self) -> None:
        super().__init__()
        self.running: set[_Worker] = set()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_all)
        atexit.register(self.stop_all)  # no event loop left (a script, a test run's end)

    def add(self, worker: _Worker) -> None:
        self.running.add(worker)
        worker.finished.connect(self._ended)

    def _ended(self) -> None:
        worker = self.sender()
        if isinstance(worker, _Worker):
            worker.wait()  # `finished` comes from inside the thread: let it end for real
            self.running.discard(worker)

    def stop_all(self) -> None:
        for worker in list(self.running):
            worker.control.cancel_event.set()
        for worker in list(self.running):
            worker.wait()


_threads: _Threads | None = None


def _keeper() -> _Threads:
    global _threads
    if _threads is None:
        _threads = _Threads()  # on the GUI thread: its slots run there
    return _threads


def running_threads() -> int:
    """Worker threads not yet ended (tests: none may be left behind)."""
    return sum(1 for w in _keeper().running if not w.isFinished())


def _stop(control: TaskControl, worker: _Worker) -> None:
    control.cancel_event.set()
    if shiboken6.isValid(worker):  # at interpreter exit Qt may have deleted it first
        worker.wait()


class BackgroundTask(QObject):
    """The handle of one task: `cancel()`, `stop()`, `wait()`, `running`.

    A child of the task's parent, so deleting the parent ends delivery; and deleting it
    while the task still runs cancels the task and waits for its thread first.
    """

    progressed = Signal(int, int)  # on the GUI thread

    def __init__(
        self,
        parent: QObject,
        task: Callable[[TaskControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None,
        expected: tuple[type[Exception], ...],
    ) -> None:
        super().__init__(parent)
        self.control = TaskControl()
        self.running = False
        self.dialog: QProgressDialog | None = None  # with `progress_label`
        self._dropped = False
        self._on_done, self._on_error, self._expected = on_done, on_error, expected
        self._worker = worker = _Worker(task, self.control)
        self.control._report = worker.progress.emit
        worker.progress.connect(self._progress)  # queued: the handle lives on the GUI thread
        worker.finished.connect(self._ended)
        control = self.control
        # Runs inside the handle's deletion (its parent's), before Qt forgets the thread.
        self.destroyed.connect(lambda *_: _stop(control, worker))
        if isinstance(parent, QDialog):
            parent.finished.connect(self.stop)  # a closed dialog waits for nothing

    def start(self) -> None:
        self.running = True
        _keeper().add(self._worker)
        self._worker.start()

    def cancel(self) -> None:
        """Ask the task to stop at its next look at `control.cancelled()`."""
        self.control.cancel_event.set()

    def stop(self, *_args: object) -> None:
        """Cancel, drop whatever the task still delivers, and wait until its thread ended
        (a task that cannot be cancelled is waited for)."""
        self._dropped = True
        self.running = False
        self._close_dialog()
        _stop(self.control, self._worker)

    def wait(self) -> None:
        """Until the thread ended (the outcome is delivered later, by the event loop)."""
        self._worker.wait()

    @property
    def thread_ended(self) -> bool:
        return self._worker.isFinished()

    def _progress(self, done: int, total: int) -> None:
        if not self._dropped:  # reports queued before a stop are not shown
            self.progressed.emit(done, total)

    def _ended(self) -> None:
        worker = self._worker
        worker.wait()
        result, error = worker.result, worker.error
        worker.result = worker.error = None
        worker.task = None  # the task's closure (a context, a path) is not kept alive
        if self._dropped:
            return
        self.running = False
        self._close_dialog()
        self.deleteLater()  # delivered once; a long session does not collect handles
        if error is None:
            self._on_done(result)
            return
        if self._on_error is not None:
            self._on_error(error)
        if self._on_error is None or not isinstance(error, self._expected):
            # A bug, not a clerk's problem: the crash report (log, dialog) gets it.
            sys.excepthook(type(error), error, error.__traceback__)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()  # marks it shown: its pending 300 ms timer cannot show it now
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def run_in_background(
    parent: QObject,
    task: Callable[[TaskControl], Any],
    on_done: Callable[[Any], None],
    *,
    on_error: Callable[[Exception], None] | None = None,
    expected: tuple[type[Exception], ...] = (),
    on_progress: Progress | None = None,
    progress_label: str | None = None,
    progress_text: Callable[[int, int], str] | None = None,
    cancellable: bool = False,
) -> BackgroundTask:
    """Start `task(control)` on a worker thread; returns its handle.

    `on_done(result)` or `on_error(exc)` is called on the GUI thread. An exception not in
    `expected` (a bug) also reaches sys.excepthook after `on_error` showed the clerk a
    line. `on_progress(done, total)` follows `control.progress`. `progress_label` shows a
    window-modal progress dialog over `parent` (a widget) while the task runs, its label
    then `progress_text(done, total)` as progress comes, with Batal when `cancellable`.
    A QDialog parent that closes stops the task (see `BackgroundTask`).
    """
    handle = BackgroundTask(parent, task, on_done, on_error, expected)
    if on_progress is not None:
        handle.progressed.connect(on_progress)
    if progress_label is not None:
        assert isinstance(parent, QWidget), "a progress dialog needs a widget to sit over"
        _progress_dialog(handle, parent, progress_label, progress_text, cancellable)
    handle.start()
    return handle


def _progress_dialog(
    handle: BackgroundTask,
    parent: QWidget,
    label: str,
    text: Callable[[int, int], str] | None,
    cancellable: bool,
) -> QProgressDialog:
    dialog = QProgressDialog(label, parent.tr("Batal"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)  # closed by the handle, not by reaching the maximum
    dialog.setAutoClose(False)
    dialog.setMinimumDuration(300)  # a quick job shows no dialog at all
    dialog.setValue(0)  # (re)starts the show timer at 300 ms; else Qt's first 4 s one runs
    if cancellable:
        dialog.canceled.connect(handle.cancel)
    else:
        dialog.setCancelButton(None)

    def show(done: int, total: int) -> None:
        done = max(done, dialog.value())  # reports may arrive out of order
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        if text is not None:
            dialog.setLabelText(text(done, total))

    handle.progressed.connect(show)
    handle.dialog = dialog  # closed by the handle before on_done/on_error run
    return dialog


def stop_all(parent: QObject) -> None:
    """Stop every task under `parent` (a window that closes): nothing keeps running."""
    for handle in parent.findChildren(BackgroundTask):
        handle.stop()
