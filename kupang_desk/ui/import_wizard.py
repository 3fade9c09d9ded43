"""The import wizard: choose a file, check the column mapping, preview, import.

The preview is a dry run of the real import (same service, nothing saved), so what the
clerk sees is exactly what the import will do. Both run in the background
(ui/background.py) on a connection of their own; Batal rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kupang_desk import APP_NAME
from kupang_desk.services import importing
from kupang_desk.services.context import AccessDenied, AppContext, own_connection
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.background import BackgroundTask, TaskControl, run_in_background
from kupang_desk.ui.widgets import ERROR_STYLE

_DISPLAY = Qt.ItemDataRole.DisplayRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
STATUS_COLOURS = {
    importing.RowStatus.NEW: QColor("#d9f2d9"),
    importing.RowStatus.UPDATE: QColor("#d6e6fa"),
    importing.RowStatus.WARNING: QColor("#fff2c2"),
    importing.RowStatus.REJECTED: QColor("#f8d0d0"),
}
STATUS_TEXT = {
    importing.RowStatus.NEW: "Baru",
    importing.RowStatus.UPDATE: "Diperbarui",
    importing.RowStatus.WARNING: "Peringatan",
    importing.RowStatus.REJECTED: "Ditolak",
}
IGNORE = ""
KNOWN_ERRORS = (
    importing.ImportCancelled,
    importing.RosterFileError,
    importing.ImportRefused,
    AccessDenied,
    StoreError,
    OSError,
)


def _ask_open_path(parent: QWidget) -> Path | None:
    return files.ask_open(
        parent,
        parent.tr("Pilih daftar pegawai"),
        parent.tr("Lembar kerja (*.xlsx *.xls *.ods *.csv);;Semua berkas (*)"),
    )


def _ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save(
        parent, parent.tr("Simpan baris ditolak"), suggested, parent.tr("Excel (*.xlsx)")
    )


PreviewRow = tuple[int, importing.RowStatus, str, str, str]  # row, status, NIK, name, message


def run_import(
    ctx: AppContext, path: Path, options: importing.ImportOptions, control: TaskControl
) -> tuple[importing.ImportReport, list[PreviewRow]]:
    """One import (or dry run), on the background thread, as the clerk who started it."""
    preview: list[PreviewRow] = []
    with own_connection(ctx) as own:
        report = importing.import_file(
            own,
            path,
            options,
            progress=control.progress,
            cancelled=control.cancelled,
            on_row=lambda r: preview.append((r.row, r.status, r.nik, r.name, r.message)),
        )
    return report, preview


class PreviewModel(QAbstractTableModel):
    HEADERS = ("Baris", "Status", "NIK", "Nama", "Keterangan")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple] = []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=_DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=_DISPLAY):
        row = self.rows[index.row()]
        if role == _DISPLAY:
            value = row[index.column()]
            return STATUS_TEXT[value] if index.column() == 1 else str(value)
        if role == _BACKGROUND:
            return QBrush(STATUS_COLOURS[row[1]])
        if role == _TOOLTIP and index.column() == 4:
            return row[4]
        return None


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Pilih berkas"))
        self.setSubTitle(
            self.tr("Daftar pegawai dari Excel (.xlsx, .xls), LibreOffice (.ods) atau CSV.")
        )
        self.path = QLineEdit()
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.opd = QComboBox()
        # An admin's file may name each row's OPD; an operator imports into one OPD.
        if wizard.ctx.opd_scope is None:
            self.opd.addItem(self.tr("(sesuai kolom OPD di berkas)"), None)
        for opd in wizard.opds:
            self.opd.addItem(opd.name, opd.code)
        self.update_existing = QCheckBox(self.tr("Perbarui data yang ada (NIK sudah terdaftar)"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("Berkas:"), row)
        form.addRow(self.tr("OPD tujuan:"), self.opd)
        form.addRow("", self.update_existing)
        form.addRow(self.error)

    def _browse(self) -> None:
        chosen = self.wiz.ask_open_path(self)
        if chosen:
            self.path.setText(str(chosen))

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        path = self.path.text().strip()
        self.wiz.header_chosen = False
        try:
            self.wiz.layout_info = importing.inspect_file(path)
        except importing.HeaderNotFound:
            # Not refused: the clerk picks the header row and maps the columns by hand.
            try:
                self.wiz.layout_info = importing.inspect_file(path, header_row=1)
            except importing.RosterFileError as exc:
                self.error.setText(str(exc))
                return False
            self.wiz.header_chosen = True
        except importing.RosterFileError as exc:
            self.error.setText(str(exc))
            return False
        if (
            self.opd.currentData() is None
            and "opd_code" not in self.wiz.layout_info.mapping.values()
        ):
            self.error.setText(self.tr("Berkas tidak punya kolom OPD: pilih OPD tujuan."))
            return False
        self.error.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Kolom"))
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 50)
        self.header_row.setToolTip(
            self.tr("Nomor baris di lembar kerja yang berisi judul kolom (NIK, NAMA, …).")
        )
        self.header_row.valueChanged.connect(self._header_row_changed)
        header_bar = QHBoxLayout()
        header_bar.addWidget(QLabel(self.tr("Baris judul kolom:")))
        header_bar.addWidget(self.header_row)
        header_bar.addStretch(1)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Kolom di berkas"), self.tr("Diisi ke")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(header_bar)
        layout.addWidget(self.header_label)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        self.header_row.blockSignals(True)
        self.header_row.setValue(self.wiz.layout_info.header_row)
        self.header_row.blockSignals(False)
        self._show_layout()

    def _header_row_changed(self, row: int) -> None:
        try:
            self.wiz.layout_info = importing.inspect_file(self.wiz.file_path(), header_row=row)
        except importing.RosterFileError as exc:
            self.error.setText(str(exc))
            return
        self.wiz.header_chosen = True
        self.error.clear()
        self._show_layout()

    def _show_layout(self) -> None:
        info = self.wiz.layout_info
        if self.wiz.header_chosen:
            self.setSubTitle(
                self.tr(
                    "Judul kolom tidak dikenali otomatis. Pilih baris judul kolom, lalu pilih "
                    "isi setiap kolom (paling sedikit NIK dan Nama)."
                )
            )
        else:
            self.setSubTitle(
                self.tr("Judul kolom ditemukan di baris {0}. Periksa dan ubah bila perlu.").format(
                    info.header_row
                )
            )
        self.header_label.setText(self.tr("{0} kolom dikenali otomatis.").format(len(info.mapping)))
        self.table.setRowCount(len(info.headers))
        self.combos = []
        for column, header in enumerate(info.headers):
            self.table.setItem(column, 0, _readonly_item(header or f"(kolom {column + 1})"))
            combo = QComboBox()
            combo.addItem(self.tr("(abaikan)"), IGNORE)
            for key, label in importing.FIELD_CHOICES:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(info.mapping.get(column, IGNORE)), 0))
            self.table.setCellWidget(column, 1, combo)
            self.combos.append(combo)

    def mapping(self) -> dict[int, str]:
        return {
            c: combo.currentData() for c, combo in enumerate(self.combos) if combo.currentData()
        }

    def validatePage(self) -> bool:
        chosen = list(self.mapping().values())
        doubled = {k for k in chosen if chosen.count(k) > 1}
        if doubled:
            labels = dict(importing.FIELD_CHOICES)
            self.error.setText(
                self.tr("Dipilih lebih dari sekali: {0}.").format(
                    ", ".join(labels[k] for k in sorted(doubled))
                )
            )
            return False
        if not {"nik", "name"} <= set(chosen):
            self.error.setText(self.tr("Kolom NIK dan Nama wajib dipilih."))
            return False
        self.error.clear()
        return True


def _readonly_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class RunPage(QWizardPage):
    """Shared by the preview (dry run) and the import itself."""

    def __init__(self, wizard: ImportWizard, *, dry_run: bool) -> None:
        super().__init__()
        self.wiz = wizard
        self.dry_run = dry_run
        self.done = False
        self.report: importing.ImportReport | None = None
        self.setTitle(self.tr("Pratinjau") if dry_run else self.tr("Impor"))
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((50, 80, 140, 200)):
            self.view.setColumnWidth(column, width)
        self.save_rejected_button = QPushButton(self.tr("Simpan baris ditolak (.xlsx)…"))
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.save_rejected_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.save_rejected_button, 0, Qt.AlignmentFlag.AlignRight)
        if dry_run:
            # Next on the preview is the import itself: no way back once it ran.
            self.setCommitPage(True)
            self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Impor"))
        else:
            self.view.hide()
            layout.insertStretch(2, 1)
        self.task: BackgroundTask | None = None

    def initializePage(self) -> None:
        self.done = False
        self.report = None
        self.model.set_rows([])
        self.summary.setText(self.tr("Memeriksa…") if self.dry_run else self.tr("Menyimpan…"))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.save_rejected_button.setEnabled(False)
        self.start()

    def start(self) -> None:
        self.stop()  # a run left behind by Back: its outcome is no longer wanted
        ctx, path, options = self.wiz.ctx, self.wiz.file_path(), self.wiz.options(self.dry_run)
        self.task = run_in_background(
            self.wiz,  # a dialog: closing the wizard stops the run (rolled back)
            lambda control: run_import(ctx, path, options, control),
            self._finished,
            on_error=self._failed,
            expected=KNOWN_ERRORS,
            on_progress=self._progress,
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def stop(self) -> None:
        """Cancel and wait for the run's thread; what it still had to say is dropped."""
        if self.task is not None:
            self.task.stop()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _finished(self, outcome: tuple[importing.ImportReport, list[PreviewRow]]) -> None:
        report, rows = outcome
        self.report = report
        self.wiz.last_report = report
        self.model.set_rows(rows)
        self.progress.setValue(self.progress.maximum())
        self.cancel_button.setEnabled(False)
        self.save_rejected_button.setEnabled(bool(report.rejected))
        if self.dry_run:
            text = self.tr(
                "{0} baris data: {1} akan disimpan ({2} baru, {3} diperbarui), {4} ditolak. "
                "{5} baris kosong/jumlah/tanda tangan dilewati."
            )
        else:
            text = self.tr(
                "Selesai. {0} baris data: {1} disimpan ({2} baru, {3} diperbarui), "
                "{4} ditolak. {5} baris kosong/jumlah/tanda tangan dilewati."
            )
        self.summary.setText(
            text.format(
                report.rows,
                report.accepted,
                report.inserted,
                report.updated,
                len(report.rejected),
                report.skipped,
            )
        )
        self.done = True
        self.completeChanged.emit()
        if not self.dry_run:
            self.wiz.imported.emit(report.accepted)

    def _failed(self, exc: Exception) -> None:
        self.cancel_button.setEnabled(False)
        if isinstance(exc, KNOWN_ERRORS):
            self.summary.setText(str(exc))
        else:  # a bug: said in the wizard instead of leaving it waiting; the trace is logged
            self.summary.setText(self.tr("Kesalahan program, impor dibatalkan: {0!r}").format(exc))
        self.done = not self.dry_run  # a failed import can only be closed; nothing was saved
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.dry_run:
            return self.done and self.report is not None and self.report.accepted > 0
        return self.done

    def save_rejected(self) -> None:
        if self.report is None:
            return
        stem = Path(self.report.file).stem
        out = self.wiz.ask_save_path(self, f"{stem}-ditolak.xlsx")
        if out is None:
            return
        try:
            count = importing.save_rejected(self.report, out)
        except OSError as exc:
            QMessageBox.warning(self, APP_NAME, self.tr("Tidak dapat disimpan: {0}").format(exc))
            return
        self.summary.setText(
            self.summary.text()
            + "\n"
            + self.tr("{0} baris ditolak disimpan ke {1}.").format(count, out)
        )


class ImportWizard(QWizard):
    imported = Signal(int)  # rows saved

    # Replaced in tests: file dialogs would block them.
    ask_open_path: Callable[[QWidget], Path | None] = staticmethod(_ask_open_path)
    ask_save_path: Callable[[QWidget, str], Path | None] = staticmethod(_ask_save_path)

    def __init__(self, ctx: AppContext, opds, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opds = opds
        self.layout_info = None
        self.header_chosen = False  # the clerk picked the header row (none was detected)
        self.last_report: importing.ImportReport | None = None
        self.setWindowTitle(self.tr("Impor Daftar Pegawai"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(900, 620)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = RunPage(self, dry_run=True)
        self.run_page = RunPage(self, dry_run=False)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.run_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Tutup"))

    def file_path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    def options(self, dry_run: bool) -> importing.ImportOptions:
        return importing.ImportOptions(
            opd_code=self.file_page.opd.currentData(),
            update=self.file_page.update_existing.isChecked(),
            dry_run=dry_run,
            mapping=self.mapping_page.mapping(),
            header_row=self.layout_info.header_row if self.header_chosen else None,
        )

    def reject(self) -> None:
        # Closing while a run is going: cancel it (rolls back) and wait for its thread.
        for page in (self.preview_page, self.run_page):
            page.stop()
        super().reject()
