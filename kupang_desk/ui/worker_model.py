"""The roster as a lazy table model: rows are fetched from services/ a page at a time.

Filtering, sorting and counting happen in SQL; the model never holds the whole roster.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from kupang_desk.domain.formatting import rupiah, tanggal_pendek
from kupang_desk.domain.issues import Issue
from kupang_desk.domain.queries import WORKER_LIST_COLUMNS, WorkerListRow, WorkerQuery
from kupang_desk.services import checks as check_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError

PAGE_SIZE = 200
_DISPLAY = Qt.ItemDataRole.DisplayRole  # looked up once: data() is called very often
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_USER = Qt.ItemDataRole.UserRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
_GREY = QColor("#808080")
_WARN = QColor("#b00020")  # errors: the form refuses to save them
_AMBER = QColor("#8a5a00")  # warnings and what BPJS still needs
_KEYS = list(WORKER_LIST_COLUMNS)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class WorkerTableModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext, parent=None, query: WorkerQuery | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._query = query or WorkerQuery()
        self._rows: list[WorkerListRow] = []
        self._bold = QFont()  # priority workers (e.g. DLHK street cleaners) stand out
        self._bold.setBold(True)
        self._total = 0
        # worker id -> its open issues, re-checked when its Periksa cell is first shown
        self._problems: dict[int, list[Issue]] = {}
        self.counts: dict[str, int] = {"total": 0, "L": 0, "P": 0, "needs_fixing": 0}
        self.reload()

    @property
    def query(self) -> WorkerQuery:
        return self._query

    def set_query(self, query: WorkerQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._problems.clear()
        self.counts = worker_service.count_workers(self._ctx, self._query)
        self._total = self.counts["total"]
        self._rows = worker_service.page_workers(self._ctx, self._query, 0, PAGE_SIZE)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_KEYS)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex) -> None:
        more = worker_service.page_workers(self._ctx, self._query, len(self._rows), PAGE_SIZE)
        if not more:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return WORKER_LIST_COLUMNS[_KEYS[section]]
        if role == _DISPLAY:
            return section + 1
        return None

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        row = self._rows[index.row()]
        key = _KEYS[index.column()]
        if role == _DISPLAY:
            if key == "upah":
                return rupiah(row.upah)
            if key == "birth_date":
                return tanggal_pendek(row.birth_date)
            if key == "open_issues":
                return self._periksa(row) if row.open_issues else ""
            return getattr(row, key)
        if role == _ALIGN and key == "upah":
            return _RIGHT
        if role == _FOREGROUND:
            if key == "open_issues" and row.open_issues:
                problems = self.problems_of(row.id)
                return _WARN if problems and problems[0].is_error else _AMBER
            return _GREY if row.status == "nonaktif" else None
        if role == _FONT and key == "name" and row.priority:
            return self._bold
        if role == _TOOLTIP and key == "name" and row.priority:
            return "Pegawai prioritas"
        if role == _TOOLTIP and key == "open_issues" and row.open_issues:
            lines = [("✖ " if i.is_error else "⚠ ") + i.message for i in self.problems_of(row.id)]
            return "\n".join(lines) or None
        if role == _USER:
            return row.id
        return None

    def problems_of(self, worker_id: int) -> list[Issue]:
        """The worker's open issues as Perlu Perbaikan words them; checked once per reload,
        only for rows that are shown and were flagged at the last check or save."""
        problems = self._problems.get(worker_id)
        if problems is None:
            try:
                issues = check_service.worker_problems(self._ctx, worker_id)
            except (StoreError, AccessDenied):
                issues = []
            problems = self._problems[worker_id] = issues
        return problems

    def _periksa(self, row: WorkerListRow) -> str:
        """ "⚠ 3 · Untuk BPJS Kesehatan: No. KK belum diisi…": the count and the first."""
        problems = self.problems_of(row.id)
        if not problems:
            return ""  # fixed since the count was stored
        return f"{'✖' if problems[0].is_error else '⚠'} {len(problems)} · {problems[0].message}"

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=_KEYS[column], descending=descending))

    def worker_id(self, row: int) -> int:
        return self._rows[row].id
