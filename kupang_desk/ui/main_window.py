"""The main window: the roster, its search and filters, and the actions on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kupang_desk import APP_NAME
from kupang_desk.domain.accounts import Role
from kupang_desk.domain.entities import MembershipStatus, Program, WorkerStatus, enum_or_none
from kupang_desk.domain.memberships import STATUS_LABEL
from kupang_desk.domain.queries import WorkerQuery
from kupang_desk.services import double_entry
from kupang_desk.services import exporting as export_service
from kupang_desk.services import reports as report_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AccessDenied, AppContext, own_connection
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.admin_menu import install_admin_menu
from kupang_desk.ui.background import BackgroundTask, TaskControl, run_in_background, stop_all
from kupang_desk.ui.centre_menu import CentreMenu
from kupang_desk.ui.dashboard import DashboardWindow
from kupang_desk.ui.double_entry_dialog import DoubleEntryDialog
from kupang_desk.ui.import_wizard import ImportWizard
from kupang_desk.ui.preferences import UserPreferences
from kupang_desk.ui.print_preview import PrintController, ask_print_job
from kupang_desk.ui.problems_view import ProblemsDialog
from kupang_desk.ui.rates_dialog import RatesDialog
from kupang_desk.ui.widgets import SearchField
from kupang_desk.ui.worker_form import WorkerForm
from kupang_desk.ui.worker_model import WorkerTableModel

COLUMN_WIDTHS = [150, 220, 90, 40, 90, 200, 110, 70, 300]
EXPORT_ERRORS = (StoreError, AccessDenied, OSError)


def _ask_export_path(parent: QWidget, suggested: str, file_filter: str) -> Path | None:
    return files.ask_save(parent, parent.tr("Ekspor"), suggested, file_filter)


def write_export(
    ctx: AppContext, kind: str, path: Path, opd_code: str | None, _control: TaskControl
) -> export_service.ExportResult:
    """On the background thread; an export only reads, so it needs no writer's lock."""
    with own_connection(ctx, read_only=True) as own:
        return export_service.export_file(own, kind, path, opd_code=opd_code)


class MainWindow(QMainWindow):
    # Replaced in tests: these dialogs would block them.
    ask_print_job: Callable = staticmethod(ask_print_job)
    ask_export_path: Callable[[QWidget, str, str], Path | None] = staticmethod(_ask_export_path)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.store.path.name if ctx.store.path else ''}")
        self.preferences = UserPreferences(ctx.user)
        self.resize(1200, 720)
        geometry = self.preferences.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

        self._build_table(ctx)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_filter_bar())
        layout.addWidget(self._build_empty_label())
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self._build_actions(ctx)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.admin_menu = install_admin_menu(self)
        self.reload_opds()
        self._restore_last_opd()
        self._update_counts()

    # -- building -------------------------------------------------------------------------

    def _build_table(self, ctx: AppContext) -> None:
        self.model = WorkerTableModel(ctx, self, WorkerQuery(status=WorkerStatus.AKTIF))
        self.table = QTableView()
        self.table.setModel(self.model)
        # Qt's default indicator is column 0 descending; the roster reads best by name.
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # Enter on a row and a double click both "activate" it (a double click would also
        # emit doubleClicked: connecting both opened the form twice).
        self.table.activated.connect(self._edit_selected)

    def _build_filter_bar(self) -> QHBoxLayout:
        """The search box and the filters above the list; each change reloads it."""
        self.search = SearchField()
        self.search.setPlaceholderText(self.tr("Cari NIK atau nama…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.opd_filter = QComboBox()
        self.program_filter = self._combo(
            [(self.tr("Semua program"), None), (self.tr("BPJS Kesehatan"), "kesehatan"),
             (self.tr("BPJS Ketenagakerjaan"), "ketenagakerjaan")]
        )  # fmt: skip
        self.membership_filter = self._combo(
            [(self.tr("Semua status kepesertaan"), None)]
            + [(self.tr(label), str(code)) for code, label in STATUS_LABEL.items()]
        )
        self.priority_filter = self._combo(
            [(self.tr("Prioritas & biasa"), None), (self.tr("Hanya prioritas"), True),
             (self.tr("Bukan prioritas"), False)]
        )  # fmt: skip
        self.status_filter = self._combo(
            [(self.tr("Aktif"), "aktif"), (self.tr("Nonaktif"), "nonaktif"),
             (self.tr("Aktif & nonaktif"), None)]
        )  # fmt: skip
        self.fix_filter = QCheckBox(self.tr("Perlu perbaikan"))
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.focus_list)
        self.search.leave_down.connect(self.focus_list)
        for combo in (
            self.opd_filter,
            self.program_filter,
            self.membership_filter,
            self.priority_filter,
            self.status_filter,
        ):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.fix_filter.toggled.connect(self.apply_filter)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.opd_filter, 2)
        for widget in (
            self.program_filter,
            self.membership_filter,
            self.priority_filter,
            self.status_filter,
            self.fix_filter,
        ):
            bar.addWidget(widget)
        return bar

    def _build_empty_label(self) -> QLabel:
        self.empty_label = QLabel()  # says why the list is empty, and what to do
        self.empty_label.setObjectName("empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555; padding: 6px;")
        self.empty_label.hide()
        return self.empty_label

    def _build_actions(self, ctx: AppContext) -> None:
        """Toolbar and the Data menu; the Pusat and Alat menus install themselves."""
        self.add_action = QAction(self.tr("Tambah Pegawai"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_action.triggered.connect(self.add_worker)
        self.print_action = QAction(self.tr("Cetak Daftar Peserta…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda: self.print_daftar("daftar"))
        self.rekap_action = QAction(self.tr("Cetak Rekapitulasi…"), self)
        self.rekap_action.triggered.connect(lambda: self.print_daftar(kind="rekap"))
        self.rates_action = QAction(self.tr("Tarif Iuran && Pengaturan…"), self)
        self.rates_action.setEnabled(ctx.role == Role.ADMIN)
        self.rates_action.triggered.connect(self.open_rates)
        self.printing = PrintController(ctx, self)
        toolbar = self.addToolBar(self.tr("Utama"))
        toolbar.setObjectName("main-toolbar")
        toolbar.addAction(self.add_action)
        toolbar.addAction(self.print_action)
        self.problems_dialog: ProblemsDialog | None = None
        self.problems_action = QAction(self.tr("Perlu Perbaikan…"), self)
        self.problems_action.triggered.connect(self.show_problems)
        toolbar.addAction(self.problems_action)
        self.verify_action = QAction(self.tr("Verifikasi…"), self)
        self.verify_action.setEnabled(ctx.role in (Role.VERIFIKATOR, Role.ADMIN))
        self.verify_action.triggered.connect(self.open_double_entry)
        toolbar.addAction(self.verify_action)
        self.dashboard: DashboardWindow | None = None
        self.progress_action = QAction(self.tr("Progres"), self)
        self.progress_action.setToolTip(self.tr("Progres pendaftaran BPJS per OPD"))
        self.progress_action.triggered.connect(self.show_progress)
        toolbar.addAction(self.progress_action)
        menu = self.menuBar().addMenu(self.tr("&Data"))
        menu.addAction(self.verify_action)
        menu.addAction(self.add_action)
        menu.addAction(self.print_action)
        menu.addAction(self.problems_action)
        menu.addAction(self.progress_action)
        menu.addAction(self.rekap_action)
        self._add_exchange_actions(toolbar, menu)
        menu.addSeparator()
        menu.addAction(self.rates_action)
        self.centre_menu = CentreMenu(self)  # menu "Pusat": Kirim ke Pusat, Gabungkan, Rekonsiliasi

    def _restore_last_opd(self) -> None:
        """The OPD filter starts where this user left it, and remembers each change."""
        last = self.preferences.last_opd()
        if last and self.opd_filter.findData(last) > 0:
            self.opd_filter.setCurrentIndex(self.opd_filter.findData(last))
        self.opd_filter.currentIndexChanged.connect(
            lambda _: self.preferences.save_last_opd(self.opd_filter.currentData())
        )

    def closeEvent(self, event) -> None:
        """Open worker forms get their say first: unsaved typing is never dropped unasked."""
        for form in self.findChildren(WorkerForm):
            if form.isVisible() and not form.close():
                event.ignore()
                return
        self.preferences.save_geometry(self.saveGeometry())
        if self.problems_dialog is not None:
            self.problems_dialog.close()  # stops a running check and ends its thread
        stop_all(self)  # a print, an export or a merge still running: waited for
        if self.dashboard is not None:
            self.dashboard.close()
        super().closeEvent(event)

    def reload_opds(self) -> None:
        self.opds = worker_service.list_opd(self.ctx)
        current = self.opd_filter.currentData()
        self.opd_filter.blockSignals(True)
        self.opd_filter.clear()
        self.opd_filter.addItem(self.tr("Semua OPD"), None)
        for opd in self.opds:  # a deactivated OPD's workers can still be listed and printed
            label = opd.name if opd.active else self.tr("{0} (nonaktif)").format(opd.name)
            self.opd_filter.addItem(label, opd.code)
        self.opd_filter.setCurrentIndex(max(self.opd_filter.findData(current), 0))
        self.opd_filter.blockSignals(False)

    def _combo(self, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def apply_filter(self) -> None:
        query = WorkerQuery(
            text=self.search.text(),
            opd_code=self.opd_filter.currentData(),
            status=enum_or_none(WorkerStatus, self.status_filter.currentData()),
            program=enum_or_none(Program, self.program_filter.currentData()),
            membership_status=enum_or_none(MembershipStatus, self.membership_filter.currentData()),
            priority=self.priority_filter.currentData(),
            needs_fixing=self.fix_filter.isChecked(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )
        self.model.set_query(query)
        self._update_counts()

    def _update_counts(self) -> None:
        counts = self.model.counts
        text = self.tr("{0} pegawai · {1} L · {2} P").format(
            counts["total"], counts["L"], counts["P"]
        )
        if counts.get("needs_fixing"):
            text += self.tr(" · {0} perlu perbaikan").format(counts["needs_fixing"])
        self.count_label.setText(text)
        self._show_empty_state(counts["total"])

    def _filtered(self) -> bool:
        return bool(
            self.opd_filter.currentData()
            or self.program_filter.currentData()
            or self.membership_filter.currentData()
            or self.priority_filter.currentData() is not None
            or self.status_filter.currentData() != "aktif"
            or self.fix_filter.isChecked()
        )

    def _show_empty_state(self, total: int) -> None:
        """An empty list says why: nothing matches the search, the filters, or no one yet."""
        text = self.search.text().strip()
        if total:
            self.empty_label.hide()
            return
        if text:
            message = self.tr("Tidak ada pegawai yang cocok dengan '{0}'.").format(text)
            if self._filtered():
                message += self.tr(
                    " Saringan di atas juga berlaku: coba 'Semua OPD' / 'Aktif & nonaktif'."
                )
        elif self._filtered():
            message = self.tr("Tidak ada pegawai dengan saringan ini.")
        else:
            message = self.tr(
                "Belum ada pegawai. Tambah Pegawai (Ctrl+N) atau Impor dari Excel/CSV (Ctrl+I)."
            )
        self.empty_label.setText(message)
        self.empty_label.show()

    def focus_list(self) -> None:
        """From the search box into the list (Down or Enter), on the first row."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus()
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 1))
        self.table.selectRow(self.table.currentIndex().row())

    def show_problems(self) -> ProblemsDialog:
        """Perlu Perbaikan beside the list (not modal: the check runs on its own thread and
        the clerk may keep working); one window, brought forward when already open."""
        if self.problems_dialog is not None and self.problems_dialog.isVisible():
            self.problems_dialog.raise_()
            self.problems_dialog.activateWindow()
            return self.problems_dialog
        if self.problems_dialog is not None:
            # One window for the app's life, re-checked on each opening. Not replaced: a
            # replaced one waits for deleteLater with its ~2 MB window buffer, and called
            # outside an event loop (tests/test_soak.py) ~100 of them waited at once.
            self.problems_dialog.reopen()
            return self.problems_dialog
        dialog = ProblemsDialog(self.ctx, self.edit_worker, self)
        dialog.checked.connect(self._after_check)
        dialog.finished.connect(lambda _: self._after_check())
        dialog.show()
        self.problems_dialog = dialog
        return dialog

    def show_progress(self) -> DashboardWindow:
        """The mayor's view beside the list; one window, reloaded when opened again."""
        if self.dashboard is None:
            self.dashboard = DashboardWindow(self.ctx, self)
            self.dashboard.open_list.connect(self.show_opd)
            self.dashboard.print_requested.connect(self._print_progress)
        else:
            self.dashboard.reload()
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()
        return self.dashboard

    def _print_progress(self) -> None:
        view = self.dashboard.view if self.dashboard else None
        if view is not None:
            self.printing.start(report_service.PrintJob("progres", period=view.period))

    def show_opd(self, opd_code: str, priority: bool | None = None) -> None:
        """The list of one OPD's active workers ("" = every OPD), or only its priority
        group: what a click in Progres opens. Other filters and the search are cleared."""
        for combo in (self.program_filter, self.membership_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)  # all programs, all statuses, aktif
            combo.blockSignals(False)
        self.fix_filter.blockSignals(True)
        self.fix_filter.setChecked(False)
        self.fix_filter.blockSignals(False)
        self.priority_filter.blockSignals(True)
        self.priority_filter.setCurrentIndex(self.priority_filter.findData(priority))
        self.priority_filter.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.opd_filter.setCurrentIndex(max(self.opd_filter.findData(opd_code or None), 0))
        self.apply_filter()
        self.raise_()
        self.activateWindow()

    def _after_check(self) -> None:
        self.model.reload()
        self._update_counts()

    def open_double_entry(self) -> DoubleEntryDialog:
        """The selected worker first, then the OPD's queue (priority first, by name)."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        queue = [e.worker_id for e in double_entry.waiting(self.ctx, self.opd_filter.currentData())]
        if rows:
            chosen = self.model.worker_id(rows[0].row())
            queue = [chosen] + [i for i in queue if i != chosen]
        dialog = DoubleEntryDialog(self.ctx, queue, self)
        dialog.finished.connect(lambda _: self._after_check())
        dialog.show()
        return dialog

    def open_form(self, worker=None) -> WorkerForm:
        # A deactivated OPD leaves the choices, except for its own workers.
        choices = [o for o in self.opds if o.active or (worker and o.code == worker.opd_code)]
        form = WorkerForm(self.ctx, choices, worker, self)
        selected_opd = self.opd_filter.currentData()
        if worker is None and selected_opd:
            form.opd.setCurrentIndex(form.opd.findData(selected_opd))
            # The filter's OPD is a default, not the clerk's change: closing an untouched
            # new form must not ask "Perubahan belum disimpan" (found by tests/test_soak.py).
            form._snapshot = form.worker_from_fields()
        form.saved.connect(lambda _: self._after_save())
        return form

    def add_worker(self) -> None:
        if not any(o.active for o in self.opds):
            QMessageBox.information(
                self, APP_NAME, self.tr("Belum ada OPD aktif. Admin mengisinya di Alat → OPD.")
            )
            return
        self._open_and_forget(self.open_form())

    def _open_and_forget(self, form: WorkerForm) -> None:
        """A form opened from the window lives until it is closed, not until the window
        is (tests/test_soak.py: each opening kept a whole form alive)."""
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()

    def _edit_selected(self, _index=None) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.edit_worker(self.model.worker_id(index.row()))

    def edit_worker(self, worker_id: int) -> WorkerForm | None:
        """Open the worker's form beside the list (not blocking); returns it."""
        worker = worker_service.get_worker(self.ctx, worker_id)
        if worker is None:
            return None
        form = self.open_form(worker)
        self._open_and_forget(form)
        return form

    def _after_save(self) -> None:
        self.model.reload()
        self._update_counts()
        self.statusBar().showMessage(self.tr("Data pegawai tersimpan."), 5000)

    def print_daftar(self, kind: str = "daftar") -> None:
        """Ask what to print, then render it off the GUI thread and open the preview."""
        if not self.opds:
            QMessageBox.information(self, APP_NAME, self.tr("Belum ada OPD untuk dicetak."))
            return
        job = self.ask_print_job(self, self.opds, self.opd_filter.currentData(), kind)
        if job is not None:
            self.preferences.save_print_choices(job.program, job.paper, job.status)
            self.printing.start(job)

    def open_rates(self) -> None:
        dialog = RatesDialog(self.ctx, [o.code for o in self.opds], self)
        dialog.open()

    # --- import and export (issue 5) ---

    def _add_exchange_actions(self, toolbar, menu) -> None:
        self.import_action = QAction(self.tr("Impor dari Excel/CSV…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import_wizard)
        toolbar.addAction(self.import_action)
        menu.addSeparator()
        menu.addAction(self.import_action)
        export_menu = menu.addMenu(self.tr("Ekspor"))
        self.export_actions = {}
        exports = (
            (
                "kesehatan",
                self.tr("Ekspor BPJS Kesehatan (Form Mutasi, .xlsx)…"),
                "mutasi-bpjs-kesehatan",
                "xlsx",
            ),
            (
                "kesehatan-keluar",
                self.tr("Ekspor BPJS Kesehatan mutasi keluar (pegawai nonaktif, .xlsx)…"),
                "mutasi-keluar-bpjs-kesehatan",
                "xlsx",
            ),
            (
                "ketenagakerjaan",
                self.tr("Ekspor BPJS Ketenagakerjaan (.xlsx)…"),
                "bpjs-ketenagakerjaan",
                "xlsx",
            ),
            ("csv", self.tr("Ekspor daftar pegawai (.csv)…"), "daftar-pegawai", "csv"),
        )
        for kind, label, stem, suffix in exports:
            action = QAction(label, self)
            action.triggered.connect(
                lambda _=False, k=kind, s=stem, x=suffix: self.export_file(k, s, x)
            )
            export_menu.addAction(action)
            self.export_actions[kind] = action

    def open_import_wizard(self) -> ImportWizard:
        wizard = ImportWizard(self.ctx, [o for o in self.opds if o.active], self)
        selected = self.opd_filter.currentData()
        if selected:
            wizard.file_page.opd.setCurrentIndex(wizard.file_page.opd.findData(selected))
        wizard.imported.connect(lambda _count: self._after_save())
        wizard.open()
        return wizard

    def export_file(self, kind: str, stem: str, suffix: str) -> BackgroundTask | None:
        """Ask where, then write the file in the background (the window stays drawn)."""
        opd_code = self.opd_filter.currentData()
        suggested = f"{stem}-{(opd_code or 'semua').lower()}.{suffix}"
        file_filter = self.tr("Excel (*.xlsx)") if suffix == "xlsx" else self.tr("CSV (*.csv)")
        path = self.ask_export_path(self, suggested, file_filter)
        if path is None:
            return None
        ctx = self.ctx
        return run_in_background(
            self,
            lambda control: write_export(ctx, kind, path, opd_code, control),
            lambda result: self._exported(result, path),
            on_error=self._export_failed,
            expected=EXPORT_ERRORS,
            progress_label=self.tr("Mengekspor ke {0}…").format(path.name),
        )

    def _exported(self, result: export_service.ExportResult, path: Path) -> None:
        message = self.tr("{0} baris diekspor ke {1}").format(result.rows, path)
        if result.note:  # who the file leaves out (a PPPK's JKK/JKM is Taspen's)
            message += f" · {result.note}"
        self.statusBar().showMessage(message, 20000)

    def _export_failed(self, exc: Exception) -> None:
        detail = str(exc) if isinstance(exc, EXPORT_ERRORS) else repr(exc)  # repr: a bug
        QMessageBox.warning(self, APP_NAME, self.tr("Ekspor gagal: {0}").format(detail))
