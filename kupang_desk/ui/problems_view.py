"""The "perlu perbaikan" list: every record with errors, open warnings or gaps BPJS would
refuse, to work through.

The list is re-checked against today's rules each time it opens. At 100,000 workers that
takes seconds, so the check runs in the background (ui/background.py) on a connection of
its own, shows its progress and can be stopped with Batal; the window stays usable. The
result feeds a lazy model: rows are handed to the view a page at a time and their text is
built only when shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kupang_desk.services import checks
from kupang_desk.services.checks import ChecksCancelled, RecordProblem
from kupang_desk.services.context import AccessDenied, AppContext, own_connection
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.background import BackgroundTask, TaskControl, run_in_background
from kupang_desk.ui.widgets import show_message

PAGE_SIZE = 200
HEADERS = ("NIK", "Nama", "OPD", "Yang perlu diperbaiki")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ERROR = QColor("#b00020")
_WARNING = QColor("#8a5a00")


def issue_line(issue) -> str:
    return ("✖ " if issue.is_error else "⚠ ") + issue.message


class ProblemsModel(QAbstractTableModel):
    """The check's result, fed to the view PAGE_SIZE rows at a time."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._problems: list[RecordProblem] = []
        self._shown = 0

    def set_problems(self, problems: list[RecordProblem]) -> None:
        self.beginResetModel()
        self._problems = problems
        self._shown = min(PAGE_SIZE, len(problems))
        self.endResetModel()

    @property
    def problems(self) -> list[RecordProblem]:
        return self._problems

    @property
    def total(self) -> int:
        return len(self._problems)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._problems)

    def fetchMore(self, parent: QModelIndex) -> None:
        more = min(PAGE_SIZE, len(self._problems) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        if role == _DISPLAY:
            return section + 1
        return None

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        problem = self._problems[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == 3:  # "⚠ 3 · first message": the count first, it is never elided
                first = problem.issues[0]
                count = len(problem.issues)
                marker = "✖" if first.is_error else "⚠"
                return f"{marker} {count} · {first.message}" if count > 1 else issue_line(first)
            return (problem.nik, problem.name, problem.opd_code)[column]
        if role == _TOOLTIP and column == 3:
            return "\n".join(issue_line(i) for i in problem.issues)
        if role == _FOREGROUND and column == 3:
            return _ERROR if problem.errors else _WARNING
        return None

    def problem(self, row: int) -> RecordProblem | None:
        return self._problems[row] if 0 <= row < self._shown else None

    def replace_problem(self, row: int, problem: RecordProblem | None) -> None:
        """One record re-checked after the clerk fixed it: new issues, or gone."""
        if problem is None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._problems[row]
            self._shown -= 1
            self.endRemoveRows()
            return
        self._problems[row] = problem
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))


KNOWN_ERRORS = (ChecksCancelled, StoreError, AccessDenied)


def check_all(ctx: AppContext, control: TaskControl) -> list[RecordProblem]:
    """The whole check, on the background thread (its connection closed before the result
    is handed over: the dialog may start the next check as soon as it hears of it)."""
    with own_connection(ctx) as own:  # writes each worker's open_issues: a writer
        return checks.record_problems(
            own, refresh=True, progress=control.progress, cancelled=control.cancelled
        )


class ProblemsDialog(QDialog):
    checked = Signal()  # the check ended (finished, cancelled or failed)

    def __init__(self, ctx: AppContext, open_worker: Callable[[int], object], parent=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._open_worker = open_worker
        self.setWindowTitle(self.tr("Perlu perbaikan"))
        self.resize(1000, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v dari %m pegawai"))
        self._build_table()
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.setToolTip(self.tr("Hentikan pemeriksaan; tidak ada yang diubah."))
        self.cancel_button.clicked.connect(self.cancel)
        self.recheck_button = QPushButton(self.tr("Periksa ulang"))
        self.recheck_button.clicked.connect(self.refresh)
        close = QPushButton(self.tr("Tutup"))
        close.clicked.connect(self.reject)
        for button in (self.cancel_button, self.recheck_button, close):
            button.setAutoDefault(False)  # Enter on a row opens it; it presses no button
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.recheck_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Klik dua kali (atau Enter) sebuah baris untuk membuka dan memperbaiki "
                    'datanya. "Untuk BPJS…": isian yang diminta formulir BPJS.'
                )
            )
        )
        layout.addLayout(buttons)
        self.task: BackgroundTask | None = None
        self.running = False
        self.refresh()

    def _build_table(self) -> None:
        """One row per record with problems; the selected row's issues in full below."""
        self.model = ProblemsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate([150, 200, 200]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_selected)  # Enter or a double click
        self.detail = QLabel()  # every issue of the selected record
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setMinimumHeight(60)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    # -- the check ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Start the whole check in the background (the dialog stays usable)."""
        if self.running:
            return
        self.running = True
        self.summary.setText(self.tr("Memeriksa semua data pegawai…"))
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.cancel_button.setEnabled(True)
        self.recheck_button.setEnabled(False)
        ctx = self._ctx
        self.task = run_in_background(
            self,
            lambda control: check_all(ctx, control),
            self._finished,
            on_error=self._failed,
            expected=KNOWN_ERRORS,
            on_progress=self._progress,
        )

    def reopen(self) -> None:
        """Show the closed window again with a fresh check of the whole list. Closing it
        stopped the last check (ui/background drops what that one still delivers), so the
        flag is cleared here."""
        self.running = False
        self.refresh()
        self.show()

    def cancel(self) -> None:
        if self.task is not None and self.running:
            self.task.cancel()
            self.summary.setText(self.tr("Menghentikan pemeriksaan…"))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _ended(self) -> None:
        self.running = False
        self.cancel_button.setEnabled(False)
        self.recheck_button.setEnabled(True)
        self.checked.emit()

    def _finished(self, problems: list[RecordProblem]) -> None:
        self.model.set_problems(problems)
        self.progress.setValue(self.progress.maximum())
        self._show_summary()
        if problems:
            self.table.selectRow(0)
        self._ended()

    def _show_summary(self) -> None:
        problems = self.model.problems
        errors = sum(1 for p in problems if p.errors)
        if problems:
            show_message(
                self.summary,
                self.tr("{0} data pegawai perlu diperbaiki ({1} dengan kesalahan).").format(
                    len(problems), errors
                ),
                kind="error" if errors else "warning",
            )
        else:
            show_message(
                self.summary,
                self.tr("Tidak ada yang perlu diperbaiki: semua data lengkap untuk BPJS."),
                kind="success",
            )

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, KNOWN_ERRORS):
            message = str(exc)
        else:  # a bug: said here instead of leaving the window waiting; the trace is logged
            message = self.tr("Kesalahan program, pemeriksaan berhenti: {0!r}").format(exc)
        stopped = self.task is not None and self.task.control.cancelled()
        show_message(self.summary, message, kind="warning" if stopped else "error")
        self._ended()

    # -- working through the list -----------------------------------------------------------

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        problem = self.model.problem(current.row())
        self.detail.setText(
            ""
            if problem is None
            else f"{problem.name} ({problem.nik}):\n"
            + "\n".join(issue_line(i) for i in problem.issues)
        )

    def _open_selected(self) -> None:
        row = self.table.currentIndex().row()
        problem = self.model.problem(row)
        if problem is None:
            return
        form = self._open_worker(problem.worker_id)
        if isinstance(form, QDialog):  # a form opened beside the list: re-check once closed
            form.finished.connect(lambda _result, wid=problem.worker_id: self.recheck(wid))
        else:
            self.recheck(problem.worker_id)

    def recheck(self, worker_id: int) -> None:
        """Re-check one record (after the clerk fixed it) without re-reading the rest."""
        row = next(
            (
                r
                for r in range(self.model.rowCount())
                if self.model.problem(r).worker_id == worker_id
            ),
            None,
        )
        if row is None:
            return
        old = self.model.problem(row)
        try:
            issues = checks.worker_problems(self._ctx, worker_id)
        except (StoreError, AccessDenied) as exc:
            show_message(self.summary, str(exc))
            return
        self.model.replace_problem(
            row,
            RecordProblem(old.worker_id, old.nik, old.name, old.opd_code, issues)
            if issues
            else None,
        )
        self._show_detail(self.table.currentIndex(), QModelIndex())
        self._show_summary()

    def done(self, result: int) -> None:
        """Closing while the check runs: stop it, wait for its thread, drop what it had
        still to say (it wrote nothing)."""
        if self.task is not None:
            self.task.stop()
        self.running = False
        super().done(result)
