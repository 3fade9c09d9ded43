"""Progres: the mayor's view in a window. Per OPD a bar of the registration statuses of the
chosen program (QtCharts), the numbers beside it, the priority group on its own line; a
click on an OPD's bar (or Enter / a double click on its row) opens the main list filtered
to that OPD. The numbers come from services/progress (one grouped count, under 200 ms at
100,000 workers), so the window loads them on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalPercentBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.entities import MembershipStatus, Program
from kupang_desk.domain.formatting import ribuan
from kupang_desk.domain.memberships import PROGRAM_LABEL
from kupang_desk.domain.progress import (
    CHECKED_LABEL,
    PRIORITY_LABEL,
    PROGRESS_COLOR,
    PROGRESS_LABEL,
    PROGRESS_STATUSES,
    ProgressLine,
    percent,
)
from kupang_desk.services import double_entry as double_entry_service
from kupang_desk.services import progress as progress_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.widgets import show_message

KEY = Qt.ItemDataRole.UserRole  # (OPD code or "", kind) of a table row
FILLS = {"priority": "#fbf6e6", "priority_total": "#f4ead0", "total": "#ececec"}


class DashboardWindow(QWidget):
    # (OPD code, or "" for every OPD; True to show only the priority workers, else None)
    open_list = Signal(str, object)
    print_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.view: progress_service.ProgressView | None = None
        self.double_entry: dict[str, tuple[int, int]] = {}  # OPD -> (confirmed, workers)
        self.chart_lines: list[ProgressLine] = []  # bottom to top, as the axis lists them
        self.setWindowTitle(self.tr("Progres Pendaftaran BPJS"))
        self._fit_screen(1300, 680)
        top = self._build_top_bar()
        self._build_chart()
        self._build_table()
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)  # a wider window widens the chart
        splitter.setStretchFactor(1, 0)
        self._sized = False
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #444;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note)
        self.reload()

    def _build_top_bar(self) -> QHBoxLayout:
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.program = QComboBox()
        for program in Program:
            self.program.addItem(self.tr(PROGRAM_LABEL[program]), str(program))
        self.program.currentIndexChanged.connect(self._fill)
        self.reload_button = QPushButton(self.tr("Muat Ulang"))
        self.reload_button.clicked.connect(self.reload)
        self.print_button = QPushButton(self.tr("Cetak…"))
        self.print_button.clicked.connect(self.print_requested)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Program:")))
        top.addWidget(self.program)
        top.addWidget(self.reload_button)
        top.addWidget(self.print_button)
        return top

    def _build_chart(self) -> None:
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        legend = self.chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        small = legend.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        legend.setFont(small)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(360)

    def _build_table(self) -> None:
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.activated.connect(self._row_activated)  # Enter or a double click

    def _fit_screen(self, width: int, height: int) -> None:
        """As large as asked, never larger than the screen, centred on it (a window manager
        put it half off a 1600 x 1000 screen)."""
        screen = (self.parent().screen() if self.parent() else self.screen()).availableGeometry()
        self.resize(min(width, screen.width() - 40), min(height, screen.height() - 60))
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())

    @property
    def current_program(self) -> Program:
        return Program(self.program.currentData())

    def reload(self) -> None:
        try:
            self.view = progress_service.load_progress(self.ctx)
            # Per OPD: workers whose key fields a second person typed back (double entry).
            self.double_entry = double_entry_service.progress(self.ctx)
        except (AccessDenied, StoreError) as exc:
            show_message(self, str(exc))
            return
        self.loaded_at = QDateTime.currentDateTime().toString("HH.mm")
        self._fill()

    def _statuses(self) -> list[str]:
        assert self.view is not None
        progress = self.view.progress
        return [s for s in PROGRESS_STATUSES if s != MembershipStatus.INACTIVE or progress.shows(s)]

    def _fill(self) -> None:
        if self.view is None:
            return
        view = self.view
        scope = self.tr("OPD {0}").format(view.scope) if view.scope else self.tr("Semua OPD")
        self.heading.setText(
            self.tr("{0} · Periode {1} · data pukul {2}").format(
                scope, view.period.label, self.loaded_at
            )
        )
        self._fill_chart()
        self._fill_table()
        notes = [
            self.tr(
                "Hitungan: pegawai yang bekerja pada periode ini menurut status kepesertaan "
                "terakhirnya (anggota keluarga tidak dihitung). {0}: terverifikasi, diajukan "
                "atau aktif. Klik batang OPD, atau Enter / klik dua kali barisnya, untuk "
                "membuka daftar pegawainya."
            ).format(CHECKED_LABEL)
        ]
        note = view.notes.get(self.current_program)
        if note:
            notes.append(note[0].upper() + note[1:] + ".")
        self.note.setText(" ".join(notes))

    def _fill_chart(self) -> None:
        assert self.view is not None
        progress = self.view.progress
        program = self.current_program
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        lines = list(progress.opds)
        if progress.priority_total.workers and len(lines) > 1:
            lines.append(progress.priority_total)
        self.chart_lines = list(reversed(lines))  # a horizontal chart lists bottom-up
        series = QHorizontalPercentBarSeries()
        series.setBarWidth(0.72)
        for status in self._statuses():
            bar = QBarSet(self.tr(PROGRESS_LABEL[status]))
            bar.setColor(QColor(PROGRESS_COLOR[status]))
            bar.setBorderColor(QColor(PROGRESS_COLOR[status]))
            bar.append([float(line.program(program).count(status)) for line in self.chart_lines])
            series.append(bar)
        series.clicked.connect(self._bar_clicked)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{line.short} ({ribuan(line.workers)})" for line in self.chart_lines])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        shares = QValueAxis()
        shares.setRange(0, 100)
        shares.setTickCount(6)
        shares.setLabelFormat("%d%%")
        chart.addAxis(shares, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(shares)
        chart.setTitle(self.tr("{0}: sebaran status per OPD").format(PROGRAM_LABEL[program]))

    def _double_entry_cell(self, line: ProgressLine) -> str:
        """ "x/y": workers whose key fields are confirmed by a second person, of the OPD's
        active workers; the JUMLAH line sums the OPDs, the priority lines show none."""
        if line.kind == "total":
            counts = list(self.double_entry.values())
        elif line.key and line.kind not in ("priority", "priority_total"):
            counts = [self.double_entry.get(line.key, (0, 0))]
        else:
            return ""
        return f"{ribuan(sum(c for c, _ in counts))}/{ribuan(sum(t for _, t in counts))}"

    def _fill_table(self) -> None:
        assert self.view is not None
        program = self.current_program
        statuses = self._statuses()
        # Two-line headers: the seven number columns fit beside the chart.
        headers = [
            self.tr("OPD"),
            self.tr("Pegawai"),
            *(self.tr(PROGRESS_LABEL[s]).replace(" ", "\n", 1) for s in statuses),
            self.tr(CHECKED_LABEL).replace(" ", "\n", 1),
            self.tr("Entri\nganda"),
        ]
        lines = self.view.progress.lines()
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(lines))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, line in enumerate(lines):
            counts = line.program(program)
            # Short names keep the numbers in view; the full name is the tooltip.
            label = {
                "priority": "    " + self.tr(PRIORITY_LABEL),
                "priority_total": self.tr("Prioritas"),
                "total": self.tr("JUMLAH"),
            }.get(line.kind, line.short)
            cells = [
                label,
                ribuan(line.workers),
                *(ribuan(counts.count(s)) for s in statuses),
                percent(counts.share),
                self._double_entry_cell(line),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(right)
                if line.kind in FILLS:
                    item.setBackground(QBrush(QColor(FILLS[line.kind])))
                if line.kind in ("total", "priority_total") or column == len(cells) - 1:
                    bold = QFont(item.font())
                    bold.setBold(True)
                    item.setFont(bold)
                if line.kind == "priority" and column == 0:
                    italic = QFont(item.font())
                    italic.setItalic(True)
                    item.setFont(italic)
                table.setItem(row, column, item)
            table.item(row, 0).setData(KEY, (line.key, line.kind))
            table.item(row, 0).setToolTip(line.label)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if not self._sized:  # once: the table as wide as its numbers, the chart the rest
            self._sized = True
            needed = table.horizontalHeader().length() + 2 * table.frameWidth()
            needed += table.verticalScrollBar().sizeHint().width()
            self.splitter.setSizes([max(360, self.width() - needed), needed])

    # --- opening the list ---------------------------------------------------------------

    def _bar_clicked(self, index: int, _bar: QBarSet) -> None:
        if 0 <= index < len(self.chart_lines):
            self._open(self.chart_lines[index])

    def _row_activated(self, index) -> None:
        item = self.table.item(index.row(), 0)
        if item is None:
            return
        code, kind = item.data(KEY)
        self._open_key(code, kind)

    def _open(self, line: ProgressLine) -> None:
        self._open_key(line.key, line.kind)

    def _open_key(self, code: str, kind: str) -> None:
        priority = True if kind in ("priority", "priority_total") else None
        self.open_list.emit(code, priority)
