"""Verifikasi: the verifikator types a worker's key fields again from the KTP/KK (blank
fields, keyboard only), sees what differs beside the operator's value and decides; Enter
moves through the OPD's queue. All rules are services/double_entry's."""

from __future__ import annotations

import contextlib
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.documents import KIND_LABEL, DocumentKind
from kupang_desk.domain.double_entry import FIELD_LABEL
from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.services import documents, double_entry
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.ui.document_viewer import DocumentViewer
from kupang_desk.ui.widgets import DateField, show_message


def _shown(field: str, value: str) -> str:
    """A value as the clerk reads it: dates dd-mm-yyyy (stored ISO), blank said out loud."""
    if not value:
        return "(kosong)"
    if field == "birth_date":
        with contextlib.suppress(ValueError):
            return tanggal_pendek(date.fromisoformat(value))
    return value


class DoubleEntryDialog(QDialog):
    def __init__(self, ctx: AppContext, worker_ids: list[int], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verifikasi data kunci (entri ganda)"))
        self.ctx = ctx
        self.queue = list(worker_ids)
        self.worker_id: int | None = None
        self.inputs: dict[tuple[str, int, str], QWidget] = {}
        self.titles: dict[tuple[str, int], str] = {}  # (entity, id) -> "Pegawai", …
        self.differing: list = []
        self._build_layout()
        self.next_record()

    def _build_layout(self) -> None:
        outer = QHBoxLayout(self)
        # The fields and the decisions scroll: a worker with a family and several differing
        # fields grew the dialog past the bottom of the screen (seen in a real window).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        content = QWidget()
        scroll.setWidget(content)
        left = QVBoxLayout(content)
        self.fields_box = QWidget()
        self.fields_layout = QVBoxLayout(self.fields_box)
        left.addWidget(self.fields_box)
        self.compare_button = QPushButton(self.tr("Bandingkan"))
        self.compare_button.setDefault(True)  # Enter compares, then moves to the next record
        self.compare_button.clicked.connect(self.on_enter)
        left.addWidget(self.compare_button)
        self.decisions = QVBoxLayout()
        left.addLayout(self.decisions)
        back = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Alasan pengembalian ke operator"))
        self.send_back_button = QPushButton(self.tr("Kembalikan ke operator"))
        self.send_back_button.clicked.connect(self.send_back)
        back.addWidget(self.reason)
        back.addWidget(self.send_back_button)
        left.addLayout(back)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        left.addWidget(self.messages)
        self.progress = QLabel()
        left.addWidget(self.progress)
        left.addStretch(1)
        outer.addWidget(scroll, 2)
        # The scan beside the blank fields: the verifikator types from the KTP/KK itself.
        self.scan_panel = QWidget()
        scan_layout = QVBoxLayout(self.scan_panel)
        self.scan_choice = QComboBox()
        self.scan_choice.currentIndexChanged.connect(self._show_scan)
        self.scan_note = QLabel(self.tr("Belum ada pindaian KTP/KK"))
        self.viewer = DocumentViewer()
        scan_layout.addWidget(self.scan_choice)
        scan_layout.addWidget(self.scan_note)
        scan_layout.addWidget(self.viewer, 1)
        outer.addWidget(self.scan_panel, 1)

    def _clear(self) -> None:
        for layout in (self.fields_layout, self.decisions):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        self.inputs.clear()
        self.differing = []

    def _field_widget(self, field: str) -> QWidget:
        if field == "birth_date":
            return DateField()
        if field == "sex":
            combo = QComboBox()
            combo.addItem("", "")
            combo.addItem(self.tr("Laki-laki"), "L")
            combo.addItem(self.tr("Perempuan"), "P")
            return combo
        edit = QLineEdit()
        if field in ("nik", "no_kk"):
            edit.setInputMask("9999999999999999;_")
        return edit

    def _load_scans(self, worker_id: int) -> None:
        """The record's scans, KTP and KK first; the first one shown."""
        order = {DocumentKind.KTP: 0, DocumentKind.KK: 1}
        scans = sorted(
            documents.list_documents(self.ctx, worker_id), key=lambda d: order.get(d.kind, 2)
        )
        self.scan_choice.blockSignals(True)
        self.scan_choice.clear()
        for scan in scans:
            self.scan_choice.addItem(KIND_LABEL.get(DocumentKind(scan.kind), scan.kind), scan.id)
        self.scan_choice.blockSignals(False)
        self.scan_choice.setVisible(bool(scans))
        self.scan_note.setVisible(not scans)
        self.viewer.clear()
        if scans:
            self._show_scan(0)

    def _show_scan(self, index: int) -> None:
        document_id = self.scan_choice.itemData(index)
        if document_id is None:
            return
        mime, data = documents.read_document(self.ctx, document_id)
        if self.viewer.set_document(mime, data):
            self.viewer.fit()  # the whole card in view, not its top-left corner

    def next_record(self) -> None:
        self._clear()
        self._show_progress()
        if not self.queue:
            self.worker_id = None
            show_message(self.messages, self.tr("Antrean selesai."), kind="success")
            return
        self.worker_id = self.queue.pop(0)
        try:
            people = double_entry.blank_sheet(self.ctx, self.worker_id)
        except AccessDenied as exc:
            show_message(self.messages, str(exc))
            return
        show_message(self.messages, "", kind="success")
        self._load_scans(self.worker_id)
        self.titles = {(person.entity, person.entity_id): person.title for person in people}
        for person in people:
            box = QGroupBox(person.title)
            form = QFormLayout(box)
            for field in person.fields:
                widget = self._field_widget(field)
                self.inputs[(person.entity, person.entity_id, field)] = widget
                form.addRow(FIELD_LABEL[field], widget)
            self.fields_layout.addWidget(box)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    def _typed(self) -> dict[tuple[str, int], dict[str, str]]:
        typed: dict[tuple[str, int], dict[str, str]] = {}
        for (entity, entity_id, field), widget in self.inputs.items():
            if isinstance(widget, DateField):
                value = widget.value()
                text = value.isoformat() if value else ""
            elif isinstance(widget, QComboBox):
                text = widget.currentData() or ""
            else:
                assert isinstance(widget, QLineEdit)
                text = widget.text().replace("_", "")
            typed.setdefault((entity, entity_id), {})[field] = text
        return typed

    def on_enter(self) -> None:
        """Compare; when nothing is left to decide, the next record of the queue."""
        if self.worker_id is None or (self.inputs and not self.differing and self._compared):
            self._compared = False
            self.next_record()
            return
        self.compare()

    _compared = False

    def compare(self) -> None:
        assert self.worker_id is not None
        try:
            checks = double_entry.check_typed(self.ctx, self.worker_id, self._typed())
        except AccessDenied as exc:
            show_message(self.messages, str(exc))
            return
        self._compared = True
        self.differing = [c for c in checks if not c.equal]
        for check in self.differing:
            self._add_decision_row(check)
        self._after_decision()

    def _add_decision_row(self, check) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        who = self.titles.get((check.entity, check.entity_id), "")
        line.addWidget(
            QLabel(
                f"{who} — {check.label}: operator {_shown(check.field, check.stored)} · "
                f"verifikator {_shown(check.field, check.typed)}"
            )
        )
        keep = QPushButton(self.tr("Data operator benar"))
        fix = QPushButton(self.tr("Ketikan saya benar"))
        keep.clicked.connect(lambda _=False, c=check, r=row: self.decide(c, r, keep_saved=True))
        fix.clicked.connect(lambda _=False, c=check, r=row: self.decide(c, r, keep_saved=False))
        line.addWidget(keep)
        line.addWidget(fix)
        self.decisions.addWidget(row)

    def decide(self, check, row: QWidget, *, keep_saved: bool) -> None:
        assert self.worker_id is not None
        try:
            if keep_saved:
                double_entry.keep_saved(self.ctx, self.worker_id, check)
            else:
                double_entry.correct(self.ctx, self.worker_id, check)
        except (AccessDenied, double_entry.DecisionRefused) as exc:
            show_message(self.messages, str(exc))
            return
        self.differing.remove(check)
        row.setEnabled(False)
        self._after_decision()

    def _after_decision(self) -> None:
        self._show_progress()
        if self.differing:
            show_message(
                self.messages,
                f"{len(self.differing)} data berbeda: pilih yang benar atau kembalikan ke "
                "operator.",
                kind="warning",
            )
        else:
            show_message(
                self.messages, self.tr("Semua data kunci cocok. Enter: berikutnya."), kind="success"
            )
            self.compare_button.setFocus()

    def send_back(self) -> None:
        if self.worker_id is None:
            return
        try:
            double_entry.send_back(self.ctx, self.worker_id, self.reason.text(), self.differing)
        except (AccessDenied, double_entry.DecisionRefused) as exc:
            show_message(self.messages, str(exc))
            return
        self.reason.clear()
        self._compared = False
        self.next_record()

    def _show_progress(self) -> None:
        text = double_entry.progress_text(double_entry.progress(self.ctx))
        self.progress.setText(text)
        parent = self.parent()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(text)
