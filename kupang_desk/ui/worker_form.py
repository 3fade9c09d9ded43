"""Tambah / ubah pegawai: the form a clerk types hundreds of times.

Keyboard first: fields in reading order, Enter moves to the next field and saves on the
last one, Ctrl+S saves anywhere. Every rule comes from services/ (which call domain/);
a field's message appears beside it when the clerk leaves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.bpjs_readiness import CODE_PREFIX as BPJS_CODE_PREFIX
from kupang_desk.domain.entities import (
    EMPLOYMENT_TYPES,
    MARITAL_STATUSES,
    Opd,
    Sex,
    Worker,
    WorkerStatus,
    enum_or_none,
)
from kupang_desk.domain.formatting import tanggal_panjang, tanggal_pendek
from kupang_desk.domain.issues import Issue, error
from kupang_desk.domain.nik import MISMATCH_CODES
from kupang_desk.domain.text_limits import MAX_LENGTHS
from kupang_desk.domain.validation import open_issues
from kupang_desk.services import settings as settings_service
from kupang_desk.services import workers as worker_service
from kupang_desk.services.checks import explain_nik, worker_problems
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.services.workers import DeactivationRefused
from kupang_desk.ui.documents_tab import DocumentsTab
from kupang_desk.ui.family_tab import FamilyTab, MembershipTab
from kupang_desk.ui.history_view import HistoryView
from kupang_desk.ui.widgets import (
    ERROR_STYLE,
    SUCCESS_STYLE,
    WARNING_STYLE,
    DateField,
    MoneyField,
    ok_cancel_buttons,
    show_message,
)

FIELD_ERROR_STYLE = "border: 1px solid #b00020; border-radius: 2px;"
# Text fields of the form, in Tab order: Worker attribute -> label.
TEXT_FIELDS = {
    "nik": "NIK",
    "name": "Nama lengkap",
    "birth_place": "Tempat lahir",
    "mother_name": "Nama ibu kandung",
    "no_kk": "No. KK",
    "npwp": "NPWP",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "kelurahan": "Kelurahan/Desa",
    "kecamatan": "Kecamatan",
    "kode_pos": "Kode pos",
    "phone": "No. HP",
    "email": "Email",
    "unit": "Unit kerja",
    "jabatan": "Jabatan",
    "nip": "NIP / NI PPPK",
    "contract_number": "No. kontrak/SK",
    "priority_reason": "Alasan prioritas",
    "nik_mismatch_reason": "Alasan NIK berbeda",
}
MISMATCH_HINT = (
    " Bila memang berbeda dari NIK (dikoreksi Dukcapil; NIK tidak diubah), tulis alasannya "
    "di kolom Alasan NIK berbeda lalu simpan lagi."
)
KEPT_FOR_NEXT = ("opd_code", "unit", "jabatan")


def _ask_accept_warnings(parent: QWidget, issues: list[Issue]) -> bool:
    text = "\n".join(f"• {issue.message}" for issue in issues)
    answer = QMessageBox.question(
        parent,
        parent.tr("Periksa peringatan"),
        parent.tr("Ada peringatan:\n{0}\n\nSudah diperiksa dan tetap simpan?").format(text),
    )
    return answer == QMessageBox.StandardButton.Yes


def _issue_line(issue: Issue) -> str:
    text = ("✖ " if issue.is_error else "⚠ ") + issue.message
    if issue.is_error and issue.code in MISMATCH_CODES:
        text += MISMATCH_HINT
    return text


def _ask_unsaved(parent: QWidget) -> str:
    """ "save", "discard" or "cancel" for a form with unsaved changes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.tr("Perubahan belum disimpan"))
    box.setText(parent.tr("Data pegawai ini sudah diubah tetapi belum disimpan."))
    save = box.addButton(parent.tr("Simpan"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(parent.tr("Buang perubahan"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(parent.tr("Kembali ke form"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


# Deactivates with the typed reason and date; returns why it was refused ("" = done).
Deactivate = Callable[[str, date | None], str]


class DeactivationDialog(QDialog):
    """Reason and date of deactivation; it closes only once `deactivate` has succeeded, so
    a refusal (no reason, no real date) is shown here and the typing stays."""

    def __init__(self, deactivate: Deactivate, parent=None) -> None:
        super().__init__(parent)
        self._deactivate = deactivate
        self.setWindowTitle(self.tr("Nonaktifkan pegawai"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("mis. kontrak berakhir, mengundurkan diri, meninggal")
        )
        self.on = DateField()
        self.on.set_value(date.today())
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Data tidak dihapus; pegawai tidak lagi dicetak di daftar.")))
        form.addRow(self.tr("Alasan"), self.reason)
        form.addRow(self.tr("Tanggal nonaktif"), self.on)
        form.addRow(self.messages)
        form.addRow(ok_cancel_buttons(self, self.tr("Nonaktifkan"), self.submit))

    def submit(self) -> None:
        if self.on.value() is None:
            show_message(
                self.messages,
                self.tr(
                    "Tanggal nonaktif {0} tidak ada. Ketik hh-bb-tttt, mis. 31-12-2026."
                ).format(self.on.text()),
            )
            self.on.setFocus()
            return
        refused = self._deactivate(self.reason.text(), self.on.value())
        if refused:
            show_message(self.messages, refused)
            self.reason.setFocus()
            return
        self.accept()


def _ask_deactivation(parent: QWidget, deactivate: Deactivate) -> bool:
    return DeactivationDialog(deactivate, parent).exec() == QDialog.DialogCode.Accepted


class WorkerForm(QDialog):
    """Replaceable decisions (tests swap them so nothing blocks): accept_warnings,
    ask_unsaved, ask_deactivation."""

    accept_warnings: Callable[[QWidget, list[Issue]], bool] = staticmethod(_ask_accept_warnings)
    ask_unsaved: Callable[[QWidget], str] = staticmethod(_ask_unsaved)
    ask_deactivation: Callable[[QWidget, Deactivate], bool] = staticmethod(_ask_deactivation)
    saved = Signal(object)  # the saved Worker; the dialog may stay open ("Tambah Baru")

    def __init__(self, ctx: AppContext, opds: list[Opd], worker: Worker | None = None, parent=None):
        super().__init__(parent)
        self._ctx = ctx
        self._worker = worker
        self.saved_worker: Worker | None = None
        self._touched: set[str] = set()
        self._autofilled: dict[str, str] = {}
        self._messages: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}  # field -> its form row
        self._watched: list[QWidget] = []  # fields checked when the clerk leaves them
        self._following_focus = False
        # The kecamatan is filled from the NIK only for people registered in this pemda.
        self._region = settings_service.load(ctx).region_code
        self.resize(1040, 780)

        self._build_text_fields()
        self._build_choice_fields(opds)
        self._build_tabs(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.messages)
        layout.addLayout(self._build_buttons())
        self._set_keyboard_order()

        self._load(worker)
        self.nik.setFocus()

    # -- building -------------------------------------------------------------------------

    def _build_text_fields(self) -> None:
        """One QLineEdit per TEXT_FIELDS key, as an attribute of that name (self.nik, ...)."""
        for key in TEXT_FIELDS:
            setattr(self, key, QLineEdit())
            if key in MAX_LENGTHS["worker"]:  # domain's limit; the rules check it again
                getattr(self, key).setMaxLength(MAX_LENGTHS["worker"][key])
        self.nik.setMaxLength(16)
        self.nik.setPlaceholderText(self.tr("16 angka sesuai KTP"))
        self.name.setPlaceholderText(self.tr("sesuai KTP"))
        self.no_kk.setMaxLength(16)
        self.no_kk.setPlaceholderText(self.tr("16 angka"))
        self.phone.setPlaceholderText(self.tr("08xx atau +628xx"))
        self.rt.setMaxLength(3)
        self.rw.setMaxLength(3)
        self.kode_pos.setMaxLength(5)
        self.jabatan.setPlaceholderText(self.tr("mis. Tenaga Kebersihan / Penyapu Jalan"))
        self.nip.setPlaceholderText(self.tr("kosongkan bila tidak ada"))
        self.nik_mismatch_reason.setPlaceholderText(
            self.tr("mis. tanggal lahir dikoreksi Dukcapil (akta), NIK tetap")
        )
        self.nik.textEdited.connect(self._nik_typed)

    def _build_choice_fields(self, opds: list[Opd]) -> None:
        """Dates, combo boxes, the priority box, the wage and the form's message lines."""
        self.birth_date = DateField()
        self.tmt = DateField()
        self.end_date = DateField()
        self.sex = QComboBox()
        self.sex.addItem(self.tr("— pilih —"), "")
        self.sex.addItem(self.tr("Laki-laki"), "L")
        self.sex.addItem(self.tr("Perempuan"), "P")
        self.marital_status = QComboBox()
        self.marital_status.addItem(self.tr("— pilih —"), "")
        for code, label in MARITAL_STATUSES.items():
            self.marital_status.addItem(self.tr(label), code)
        self.opd = QComboBox()
        for opd in opds:
            self.opd.addItem(opd.name, opd.code)
        self.employment_type = QComboBox()
        for kind in EMPLOYMENT_TYPES:
            self.employment_type.addItem(kind, kind)
        self.priority = QCheckBox(self.tr("Prioritas (mis. risiko kesehatan tinggi)"))
        self.priority.toggled.connect(self.priority_reason.setEnabled)
        self.upah = MoneyField("Upah")
        self.upah.setPlaceholderText(self.tr("rupiah per bulan, mis. 2.500.000"))
        self.messages = QLabel()  # what belongs to no single field, and store errors
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.messages.setObjectName("messages")
        self.messages.setStyleSheet(ERROR_STYLE)
        self.status_label = QLabel()
        self.status_label.setObjectName("status")

    def _build_tabs(self, ctx: AppContext) -> None:
        """Data Pegawai (three groups of fields), Keluarga, Kepesertaan BPJS; Riwayat is
        added by _show_history_of once the record is saved."""
        identitas = self._group(
            self.tr("Identitas (sesuai KTP dan KK)"),
            [
                ("nik", self.nik),
                ("name", self.name),
                ("birth_place", self.birth_place),
                ("birth_date", self.birth_date, self.tr("Tanggal lahir")),
                ("sex", self.sex, self.tr("Jenis kelamin")),
                ("nik_mismatch_reason", self.nik_mismatch_reason),
                ("marital_status", self.marital_status, self.tr("Status kawin")),
                ("mother_name", self.mother_name),
                ("no_kk", self.no_kk),
                ("npwp", self.npwp),
            ],
        )
        alamat = self._group(
            self.tr("Alamat dan kontak"),
            [
                ("address", self.address),
                ("rt", self._pair(self.rt, self.tr("RW"), self.rw), self.tr("RT")),
                ("kelurahan", self.kelurahan),
                ("kecamatan", self.kecamatan),
                ("kode_pos", self.kode_pos),
                ("phone", self.phone),
                ("email", self.email),
            ],
        )
        kepegawaian = self._group(
            self.tr("Kepegawaian"),
            [
                ("opd_code", self.opd, self.tr("OPD")),
                ("unit", self.unit),
                ("jabatan", self.jabatan),
                ("employment_type", self.employment_type, self.tr("Jenis kepegawaian")),
                ("nip", self.nip),
                ("contract_number", self.contract_number),
                ("tmt", self.tmt, self.tr("TMT (mulai kerja)")),
                ("end_date", self.end_date, self.tr("Akhir kontrak")),
                ("priority", self.priority, ""),
                ("priority_reason", self.priority_reason),
                ("upah", self.upah, self.tr("Upah (Rp)")),
            ],
        )
        self._watch("rt", self.rw)
        data_page = QWidget()
        scroller = QScrollArea()  # messages under the fields need room; never squeeze them
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(data_page)
        grid = QGridLayout(data_page)
        grid.addWidget(identitas, 0, 0)
        grid.addWidget(alamat, 1, 0)
        grid.addWidget(kepegawaian, 0, 1, 2, 1)
        grid.addWidget(self.status_label, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(scroller, self.tr("Data Pegawai"))
        self.family_tab = FamilyTab(ctx, self)
        self.membership_tab = MembershipTab(ctx, self)
        self.tabs.addTab(self.family_tab, self.tr("Keluarga"))
        self.tabs.addTab(self.membership_tab, self.tr("Kepesertaan BPJS"))
        self.documents_tab = DocumentsTab(ctx, self)
        self.tabs.addTab(self.documents_tab, self.tr("Dokumen"))
        self.history: HistoryView | None = None

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("Simpan (Ctrl+S)"))
        self.save_new_button = QPushButton(self.tr("Simpan && Tambah Baru"))
        self.deactivate_button = QPushButton(self.tr("Nonaktifkan…"))
        self.close_button = QPushButton(self.tr("Tutup"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.deactivate_button)
        buttons.addStretch(1)
        for button in (self.save_new_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        for button in (self.save_button, self.save_new_button, self.deactivate_button):
            button.setAutoDefault(False)  # Enter moves between fields; it saves on the last
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(self.save_and_new)
        self.deactivate_button.clicked.connect(self.toggle_active)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        return buttons

    def _set_keyboard_order(self) -> None:
        """Tab in reading order; Enter in a text field moves on (and saves on the last)."""
        self._order = [
            self.nik, self.name, self.birth_place, self.birth_date, self.sex,
            self.nik_mismatch_reason, self.marital_status, self.mother_name, self.no_kk,
            self.npwp, self.address, self.rt, self.rw, self.kelurahan, self.kecamatan,
            self.kode_pos, self.phone, self.email,
            self.opd, self.unit, self.jabatan, self.employment_type, self.nip,
            self.contract_number, self.tmt, self.end_date, self.priority, self.priority_reason,
            self.upah,
        ]  # fmt: skip
        for first, second in zip(self._order, self._order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for widget in self._order:
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self._enter_pressed)

    # Leaving a field is seen through the application's focusChanged signal, and only while
    # the form is shown. A Python eventFilter on the fields is called for every event of
    # every field, also while a closed form is being deleted and while the print thread
    # ends, and such calls segfaulted PySide (the test suite crashed at random).
    def showEvent(self, event: QShowEvent) -> None:
        if not self._following_focus:
            QApplication.instance().focusChanged.connect(self._focus_moved)
            self._following_focus = True
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._following_focus:
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
            self._following_focus = False
        super().hideEvent(event)

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is not None and old in self._watched:
            self._left_field(old.property("field_key"))

    def _group(self, title: str, rows: list[tuple]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(2)
        for key, widget, *label in rows:
            text = label[0] if label else self.tr(TEXT_FIELDS[key])
            message = QLabel()
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.PlainText)
            message.setObjectName(f"message_{key}")
            message.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 2)
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(message)
            form.addRow(text, cell)
            self._rows[key] = (form, cell)
            self._messages[key] = message
            self._watch(key, self.rt if key == "rt" else widget)  # RT/RW share one row
        return box

    def _watch(self, key: str, field: QWidget) -> None:
        """Check the record when the clerk leaves this field; show the result beside `key`."""
        self._inputs.setdefault(key, field)
        field.setProperty("field_key", key)
        self._watched.append(field)

    def _pair(self, first: QWidget, label: str, second: QWidget) -> QWidget:
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first)
        row.addWidget(QLabel(label))
        row.addWidget(second)
        return cell

    def _show_history_of(self, worker: Worker | None) -> None:
        """The Riwayat tab follows the record on the form (none for a worker not yet saved)."""
        if self.history is not None:
            self.tabs.removeTab(self.tabs.indexOf(self.history))
            self.history.deleteLater()
            self.history = None
        if worker is not None and worker.id is not None:
            self.history = HistoryView(self._ctx, "worker", worker.id)
            self.tabs.addTab(self.history, self.tr("Riwayat"))

    # -- loading and reading --------------------------------------------------------------

    def _load(self, worker: Worker | None, *, keep: Worker | None = None) -> None:
        self._worker = worker
        self._show_history_of(worker)
        shown = worker or Worker(
            nik="",
            name="",
            birth_date=None,
            sex=None,
            opd_code=keep.opd_code if keep else (self.opd.currentData() or ""),
            unit=keep.unit if keep else "",
            jabatan=keep.jabatan if keep else "",
        )
        for key in TEXT_FIELDS:
            getattr(self, key).setText(getattr(shown, key))
        self.birth_date.set_value(shown.birth_date)
        self.tmt.set_value(shown.tmt)
        self.end_date.set_value(shown.end_date)
        self.sex.setCurrentIndex(max(self.sex.findData(shown.sex), 0))
        self.marital_status.setCurrentIndex(
            max(self.marital_status.findData(shown.marital_status), 0)
        )
        if shown.opd_code:
            self.opd.setCurrentIndex(max(self.opd.findData(shown.opd_code), 0))
        self.employment_type.setCurrentIndex(
            max(self.employment_type.findData(shown.employment_type), 0)
        )
        self.priority.setChecked(shown.priority)
        self.priority_reason.setEnabled(shown.priority)
        self.upah.set_value(shown.upah if worker else None)
        self._touched.clear()
        self._autofilled.clear()
        self._show_issues([])
        self.messages.clear()
        self.setWindowTitle(
            self.tr("Ubah Pegawai — {0}").format(worker.name)
            if worker
            else self.tr("Tambah Pegawai")
        )
        self._show_status()
        self.family_tab.set_worker(worker)
        self.membership_tab.set_worker(worker)
        self.documents_tab.set_worker(worker)
        self._snapshot = self.worker_from_fields()

    def _show_status(self) -> None:
        worker = self._worker
        self.deactivate_button.setVisible(worker is not None)
        self.save_new_button.setVisible(worker is None)
        if worker is None:
            self.status_label.clear()
        elif worker.status == WorkerStatus.NONAKTIF:
            self.status_label.setText(
                self.tr("Status: NONAKTIF sejak {0} — {1}. Data tetap tersimpan.").format(
                    tanggal_panjang(worker.status_date), worker.status_reason
                )
            )
            self.deactivate_button.setText(self.tr("Aktifkan kembali"))
        else:
            text = self.tr("Status: aktif")
            missing = self._bpjs_gaps(worker)
            if missing:
                text += self.tr(" · Belum lengkap untuk BPJS (lihat Perlu Perbaikan):\n") + missing
            self.status_label.setText(text)
            self.deactivate_button.setText(self.tr("Nonaktifkan…"))

    def _bpjs_gaps(self, worker: Worker) -> str:
        """What BPJS still needs in the saved record (domain.bpjs_readiness), one a line;
        a hint only: saving never waits for it."""
        if worker.id is None:
            return ""
        try:
            issues = worker_problems(self._ctx, worker.id)
        except (StoreError, AccessDenied):
            return ""
        return "\n".join("⚠ " + i.message for i in issues if i.code.startswith(BPJS_CODE_PREFIX))

    def worker_from_fields(self) -> Worker:
        typed = {key: getattr(self, key).text() for key in TEXT_FIELDS}
        typed.update(
            birth_date=self.birth_date.value(),
            tmt=self.tmt.value(),
            end_date=self.end_date.value(),
            sex=enum_or_none(Sex, self.sex.currentData()),
            marital_status=self.marital_status.currentData() or "",
            opd_code=self.opd.currentData() or "",
            employment_type=self.employment_type.currentData() or "PTT",
            priority=self.priority.isChecked(),
            upah=self.upah.value() or 0,  # unreadable text: _typed_field_issues says why
        )
        if not typed["priority"]:
            typed["priority_reason"] = ""
        if self._worker is None:
            return Worker(**typed)
        return replace(self._worker, **typed)

    def worker_is_dirty(self) -> bool:
        return self.worker_from_fields() != self._snapshot

    def is_dirty(self) -> bool:
        """Anything typed and not saved, in any tab."""
        return (
            self.worker_is_dirty() or self.family_tab.is_dirty() or self.membership_tab.is_dirty()
        )

    # -- messages beside the fields -------------------------------------------------------

    def _typed_field_issues(self) -> list[Issue]:
        """Text the fields themselves cannot read (a date that does not exist, an amount
        that is not rupiah): an error beside the field, and nothing is saved."""
        issues = []
        if self.upah.problem():
            issues.append(error("upah", self.upah.problem(), "upah.unreadable"))
        for key, field, label in (
            ("birth_date", self.birth_date, "Tanggal lahir"),
            ("tmt", self.tmt, "TMT"),
            ("end_date", self.end_date, "Akhir kontrak"),
        ):
            if not field.is_blank() and field.value() is None:
                issues.append(
                    error(
                        key,
                        f"{label} {field.text()} tidak ada. Ketik hh-bb-tttt, mis. 05-03-1985.",
                        "date.invalid",
                    )
                )
        return issues

    def current_issues(self) -> list[Issue]:
        """What the rules say about the typed record; warnings accepted before stay quiet."""
        worker = self.worker_from_fields()
        issues = worker_service.check_worker(self._ctx, worker)
        return self._typed_field_issues() + open_issues(worker, issues)

    def _left_field(self, key: str) -> None:
        self._touched.add(key)
        self._show_issues(self.current_issues(), only_touched=True)

    def _show_reason_row(self, issues: list[Issue]) -> None:
        """Alasan NIK berbeda is asked only while the NIK disagrees with the birth date or
        sex (or a reason is already written): most clerks never need it."""
        shown = bool(self.nik_mismatch_reason.text().strip()) or any(
            i.code in MISMATCH_CODES for i in issues
        )
        form, cell = self._rows["nik_mismatch_reason"]
        form.setRowVisible(cell, shown)
        self.nik_mismatch_reason.setEnabled(shown)  # a hidden field is no Tab stop

    def _show_issues(self, issues: list[Issue], *, only_touched: bool = False) -> None:
        self._show_reason_row(issues)
        by_field: dict[str, list[Issue]] = {}
        general: list[str] = []
        for issue in issues:
            key = {"status_reason": "priority_reason"}.get(issue.field, issue.field)
            if key in self._messages:
                by_field.setdefault(key, []).append(issue)
            elif not only_touched:
                general.append(issue.message)
        for key, label in self._messages.items():
            shown = [] if only_touched and key not in self._touched else by_field.get(key, [])
            target = self._inputs.get(key)
            if not shown:
                label.hide()
                label.clear()
                if target is not None:
                    target.setStyleSheet("")
                continue
            has_error = any(i.is_error for i in shown)
            label.setText("\n".join(_issue_line(i) for i in shown))
            label.setStyleSheet(ERROR_STYLE if has_error else WARNING_STYLE)
            label.show()
            if target is not None and isinstance(target, QLineEdit):
                target.setStyleSheet(f"QLineEdit {{{FIELD_ERROR_STYLE}}}" if has_error else "")
        if not only_touched:
            # What a save attempt showed stays shown when the focus then moves (Ctrl+S
            # puts the cursor on the first wrong field, and leaving a field re-checks only
            # the fields already touched).
            self._touched |= set(by_field)
            self.messages.setStyleSheet(ERROR_STYLE)
            self.messages.setText("\n".join(general))

    def _show_error(self, text: str) -> None:
        self.messages.setStyleSheet(ERROR_STYLE)
        self.messages.setText(text)

    def _note(self, text: str) -> None:
        """A confirmation at the foot of the form, visible from every tab."""
        self.messages.setStyleSheet(SUCCESS_STYLE)
        self.messages.setText(text)

    def field_message(self, key: str) -> str:
        """The message shown beside a field ("" when none)."""
        return self._messages[key].text()

    # -- NIK autofill ---------------------------------------------------------------------

    def _nik_typed(self, text: str) -> None:
        if len(text.strip()) != 16:
            return
        facts = explain_nik(text)
        if facts["birth_date"] is None:
            return
        birth = date.fromisoformat(facts["birth_date"])
        self._autofill("birth_date", tanggal_pendek(birth), self.birth_date)
        if self.sex.currentData() in ("", self._autofilled.get("sex")):
            self.sex.setCurrentIndex(self.sex.findData(facts["sex"]))
            self._autofilled["sex"] = facts["sex"]
        if facts["district"] and self._region and text.startswith(self._region):  # our own
            self._autofill("kecamatan", facts["district"].upper(), self.kecamatan)

    def _autofill(self, key: str, value: str, field: QLineEdit) -> None:
        """Fill a field the clerk left empty (or that we filled before); never their typing."""
        blank = field.is_blank() if isinstance(field, DateField) else not field.text().strip()
        if blank or field.text() == self._autofilled.get(key):
            field.setText(value)
            self._autofilled[key] = value

    # -- saving ---------------------------------------------------------------------------

    def _enter_pressed(self) -> None:
        if self.focusWidget() is self._order[-1]:
            self.save()
        else:
            self.focusNextChild()

    def _save(self) -> bool:
        date_issues = self._typed_field_issues()
        if date_issues:
            self._show_issues(date_issues)
            return False
        worker = self.worker_from_fields()
        try:
            result = worker_service.save_worker(self._ctx, worker)
            if result.needs_confirmation:
                self._show_issues(result.issues)
                if not self.accept_warnings(self, result.issues):
                    return False
                result = worker_service.save_worker(self._ctx, worker, accept_warnings=True)
        except (StoreError, AccessDenied) as exc:  # disk full, locked, not allowed: keep typing
            self._show_error(str(exc))
            return False
        if not result.saved:
            self._show_issues(result.issues)
            first = next((i.field for i in result.issues if i.field in self._inputs), None)
            if first:
                self.tabs.setCurrentIndex(0)
                self._inputs[first].setFocus()
            return False
        self.saved_worker = result.worker
        self.saved.emit(result.worker)
        return True

    def _save_pending_tabs(self) -> bool:
        """Save what is typed in Keluarga and Kepesertaan; a tab that refuses is shown with
        its message, and everything typed stays where it is."""
        for tab, name in (
            (self.family_tab, self.tr("Keluarga")),
            (self.membership_tab, self.tr("Kepesertaan BPJS")),
        ):
            tab.commit_pending_edit()
            if tab.is_dirty() and not tab.save():
                self.tabs.setCurrentWidget(tab)
                self._show_error(
                    self.tr("Data di tab {0} belum tersimpan: lihat pesannya di tab itu.").format(
                        name
                    )
                )
                return False
        return True

    def _save_everything(self) -> bool:
        """The worker (when new or changed), then the pending family and membership."""
        if self._worker is None or self.worker_is_dirty():
            if not self._save():
                return False
            if self._worker is not None:  # an existing worker: the tabs keep their typing
                self._worker = self.saved_worker
                self._snapshot = self.worker_from_fields()
        return self._save_pending_tabs()

    def save(self) -> None:
        """Save what is pending in every tab, then close (a new worker's form stays open on
        its family tab). Ctrl+S and the Simpan button both come here."""
        self.family_tab.commit_pending_edit()
        self.membership_tab.commit_pending_edit()
        was_new = self._worker is None
        if not self._save_everything():
            return
        if was_new:
            self._load(self.saved_worker)
            self.tabs.setCurrentWidget(self.family_tab)
            self._note(
                self.tr(
                    "{0} tersimpan. Isi keluarga dan kepesertaan BPJS, atau tutup form."
                ).format(self.saved_worker.name)
            )
            return
        self._snapshot = self.worker_from_fields()
        self.accept()

    def save_and_new(self) -> None:
        """Save, then start an empty form that keeps OPD, unit and jabatan."""
        if self._save():
            self._load(None, keep=self.saved_worker)
            self._note(
                self.tr("{0} tersimpan. Ketik pegawai berikutnya.").format(self.saved_worker.name)
            )
            self.nik.setFocus()

    def toggle_active(self) -> None:
        if self._worker is None or self._worker.id is None:
            return
        done: list[Worker] = []

        def deactivate(reason: str, on: date | None) -> str:
            try:
                done.append(
                    worker_service.deactivate_worker(
                        self._ctx, self._worker.id, reason=reason, on=on
                    )
                )
            except (DeactivationRefused, StoreError, AccessDenied) as exc:
                return str(exc)
            return ""

        if self._worker.status == WorkerStatus.NONAKTIF:
            try:
                worker = worker_service.reactivate_worker(self._ctx, self._worker.id)
            except (DeactivationRefused, StoreError, AccessDenied) as exc:
                self._show_error(str(exc))
                return
        elif self.ask_deactivation(self, deactivate) and done:
            worker = done[0]
        else:
            return
        self.saved_worker = worker
        self._load(worker)
        self.saved.emit(worker)

    # -- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        """Close (Tutup, Esc or the window's X); unsaved changes are never dropped unasked."""
        if self.is_dirty():
            choice = self.ask_unsaved(self)
            if choice == "cancel":
                return
            if choice == "save" and not self._save_everything():
                return
        super().reject()
