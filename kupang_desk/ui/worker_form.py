"""Tambah / ubah pegawai: the form a clerk types hundreds of times."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.entities import Opd, Worker
from kupang_desk.domain.issues import Issue
from kupang_desk.services import workers as worker_service
from kupang_desk.services.context import AppContext
from kupang_desk.store.errors import StoreError
from kupang_desk.ui.widgets import DateField


def _ask_accept_warnings(parent: QWidget, issues: list[Issue]) -> bool:
    text = "\n".join(f"• {issue.message}" for issue in issues)
    answer = QMessageBox.question(
        parent,
        parent.tr("Periksa peringatan"),
        parent.tr("Ada peringatan:\n{0}\n\nTetap simpan?").format(text),
    )
    return answer == QMessageBox.StandardButton.Yes


class WorkerForm(QDialog):
    # Replaced in tests: a modal question would block them.
    accept_warnings: Callable[[QWidget, list[Issue]], bool] = staticmethod(_ask_accept_warnings)

    def __init__(self, ctx: AppContext, opds: list[Opd], worker: Worker | None = None, parent=None):
        super().__init__(parent)
        self._ctx = ctx
        self._worker = worker
        self.saved_worker: Worker | None = None
        self.setWindowTitle(self.tr("Ubah Pegawai") if worker else self.tr("Tambah Pegawai"))
        self.setMinimumWidth(520)

        self.nik = QLineEdit()
        self.nik.setMaxLength(16)
        self.nik.setPlaceholderText(self.tr("16 angka sesuai KTP"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("sesuai KTP"))
        self.birth_date = DateField()
        self.sex = QComboBox()
        self.sex.addItem(self.tr("Laki-laki"), "L")
        self.sex.addItem(self.tr("Perempuan"), "P")
        self.opd = QComboBox()
        for opd in opds:
            self.opd.addItem(opd.name, opd.code)
        self.jabatan = QLineEdit()
        self.jabatan.setPlaceholderText(self.tr("mis. Tenaga Kebersihan / Penyapu Jalan"))
        self.unit = QLineEdit()
        self.upah = QLineEdit()
        self.upah.setValidator(QIntValidator(0, 999_999_999, self))
        self.upah.setPlaceholderText(self.tr("rupiah per bulan, tanpa titik"))
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.messages.setObjectName("messages")
        self.messages.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow(self.tr("NIK"), self.nik)
        form.addRow(self.tr("Nama lengkap"), self.name)
        form.addRow(self.tr("Tanggal lahir"), self.birth_date)
        form.addRow(self.tr("Jenis kelamin"), self.sex)
        form.addRow(self.tr("OPD"), self.opd)
        form.addRow(self.tr("Jabatan"), self.jabatan)
        form.addRow(self.tr("Unit kerja"), self.unit)
        form.addRow(self.tr("Upah (Rp)"), self.upah)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.messages)
        layout.addWidget(buttons)
        if worker:
            self._load(worker)

    def _load(self, worker: Worker) -> None:
        self.nik.setText(worker.nik)
        self.name.setText(worker.name)
        self.birth_date.set_value(worker.birth_date)
        self.sex.setCurrentIndex(self.sex.findData(worker.sex))
        self.opd.setCurrentIndex(self.opd.findData(worker.opd_code))
        self.jabatan.setText(worker.jabatan)
        self.unit.setText(worker.unit)
        self.upah.setText(str(worker.upah))

    def worker_from_fields(self) -> Worker:
        typed = Worker(
            nik=self.nik.text(),
            name=self.name.text(),
            birth_date=self.birth_date.value(),
            sex=self.sex.currentData(),
            opd_code=self.opd.currentData() or "",
            jabatan=self.jabatan.text(),
            unit=self.unit.text(),
            upah=int(self.upah.text() or 0),
        )
        if self._worker is None:
            return typed
        return replace(
            self._worker,
            **{
                k: getattr(typed, k)
                for k in ("nik", "name", "birth_date", "sex", "opd_code", "jabatan", "unit", "upah")
            },
        )

    def save(self) -> None:
        if not self.birth_date.is_blank() and self.birth_date.value() is None:
            self.messages.setText(
                self.tr("Tanggal lahir {0} tidak ada. Ketik hh-bb-tttt, mis. 05-03-1985.").format(
                    self.birth_date.text()
                )
            )
            return
        worker = self.worker_from_fields()
        try:
            result = worker_service.save_worker(self._ctx, worker)
            if result.needs_confirmation and self.accept_warnings(self, result.issues):
                result = worker_service.save_worker(self._ctx, worker, accept_warnings=True)
        except StoreError as exc:  # disk full, locked, read-only: keep what was typed
            self.messages.setText(str(exc))
            return
        if not result.saved:
            self.messages.setText("\n".join(issue.message for issue in result.issues))
            return
        self.saved_worker = result.worker
        self.accept()
