"""Gabungkan Data OPD: the merge summary, and each conflict side by side for the admin.

For a record changed at both ends the admin picks, per field, "Pusat" or "OPD" (or all
fields of one side with one button); for a NIK already held elsewhere the incoming record
can only be declined. Every decision goes through services/bundles.py, which audits it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.formatting import rupiah, tanggal_pendek
from kupang_desk.services import bundles as bundle_service
from kupang_desk.services.bundles import CENTRE, OPD_SIDE, MergeConflict, MergeReport
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui.widgets import show_message

FIELD_LABELS = {
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tgl lahir",
    "birth_place": "Tempat lahir",
    "sex": "L/P",
    "opd_code": "OPD",
    "unit": "Unit kerja",
    "jabatan": "Jabatan",
    "upah": "Upah",
    "status": "Status",
    "status_reason": "Alasan status",
    "status_date": "Tanggal status",
    "no_kk": "No. KK",
    "relation": "Hubungan",
    "card_number": "No. kartu",
    "program": "Program",
    "worker_uuid": "Pegawai induk",
}
REASON_LABELS = {
    "changed_both_sides": "diubah di OPD dan di pusat",
    "nik_held_by_other": "NIK dipegang orang lain",
    "parent_not_merged": "menunggu data induk",
    "value_too_long": "isian terlalu panjang",
    "other_opd": "bukan milik OPD kiriman",
    "invalid_record": "tidak lolos pemeriksaan data",
}


def _shown(name: str, value: object) -> str:
    """As a clerk reads it: rupiah with dots, dates dd-mm-yyyy."""
    if value is None:
        return ""
    if name == "upah" and isinstance(value, int):
        return rupiah(value)
    if name.endswith("date") or name in ("tmt", "end_date"):
        try:
            return tanggal_pendek(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


class BundleMergeDialog(QDialog):
    def __init__(self, ctx: AppContext, report: MergeReport, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.report = report
        self.decided: set[str] = set()
        self.setWindowTitle(self.tr("Gabungkan Data OPD"))
        self.resize(1000, 560)
        self._build_summary(report)
        self._build_conflict_list(report)
        body = QHBoxLayout()
        body.addWidget(self.conflict_list, 2)
        body.addLayout(self._build_detail(), 5)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if report.conflicts:
            layout.addLayout(body, 1)
            self.conflict_list.setCurrentRow(0)
        else:
            layout.addWidget(QLabel(self.tr("Tidak ada konflik: semua data sudah digabungkan.")))
        layout.addWidget(close)

    # -- building -------------------------------------------------------------------------

    def _build_summary(self, report: MergeReport) -> None:
        """One line: where the bundle came from and what the merge did with it."""
        data = report.to_json()
        self.summary = QLabel(
            self.tr(
                "Kiriman OPD {0} (dibuat {1}, mesin {2}): {3} ditambah, {4} diperbarui, "
                "{5} tetap, {6} konflik tidak digabungkan."
            ).format(
                data["opd"],
                data["created_at"].replace("T", " "),
                data["source_machine"][:8],
                data["added"],
                data["updated"],
                data["unchanged"],
                len(data["conflicts"]),
            )
        )
        self.summary.setWordWrap(True)

    def _build_conflict_list(self, report: MergeReport) -> None:
        self.conflict_list = QListWidget()
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for conflict in report.conflicts:
            item = QListWidgetItem(
                f"{conflict.nik or conflict.key}  {conflict.name}\n"
                f"{REASON_LABELS.get(conflict.reason, conflict.reason)}"
            )
            self.conflict_list.addItem(item)
        self.conflict_list.currentRowChanged.connect(self._show_conflict)

    def _build_detail(self) -> QVBoxLayout:
        """The selected conflict: its message, the two sides field by field, the choice."""
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.fields = QTableWidget(0, 4)
        self.fields.setHorizontalHeaderLabels(
            [self.tr("Kolom"), self.tr("Data Pusat"), self.tr("Data OPD"), self.tr("Pakai")]
        )
        self.fields.verticalHeader().setVisible(False)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.all_centre = QPushButton(self.tr("Semua dari Pusat"))
        self.all_opd = QPushButton(self.tr("Semua dari OPD"))
        self.save_decision = QPushButton(self.tr("Simpan Keputusan"))
        self.all_centre.clicked.connect(lambda: self._choose_all(CENTRE))
        self.all_opd.clicked.connect(lambda: self._choose_all(OPD_SIDE))
        self.save_decision.clicked.connect(self.decide)
        self.feedback = QLabel()
        self.feedback.setObjectName("feedback")
        self.feedback.setWordWrap(True)

        choice_bar = QHBoxLayout()
        choice_bar.addWidget(self.all_centre)
        choice_bar.addWidget(self.all_opd)
        choice_bar.addStretch(1)
        choice_bar.addWidget(self.save_decision)
        detail = QVBoxLayout()
        detail.addWidget(self.message)
        detail.addWidget(self.fields, 1)
        detail.addLayout(choice_bar)
        detail.addWidget(self.feedback)
        return detail

    @property
    def current(self) -> MergeConflict | None:
        row = self.conflict_list.currentRow()
        return self.report.conflicts[row] if 0 <= row < len(self.report.conflicts) else None

    def _show_conflict(self, row: int) -> None:
        conflict = self.current
        if conflict is None:
            return
        self.message.setText(conflict.message)
        self.feedback.clear()
        decided = conflict.key in self.decided
        if conflict.fields:
            rows = [(f, conflict.centre.get(f), conflict.incoming.get(f)) for f in conflict.fields]
        else:  # nothing to pick field by field: show who holds what
            holder = conflict.holder or {}
            rows = [
                ("nik", conflict.nik if holder else "", conflict.nik),
                ("name", holder.get("name"), conflict.name),
                ("opd_code", holder.get("opd_code"), conflict.opd_code),
            ]
        self.fields.setRowCount(len(rows))
        for index, (name, centre, incoming) in enumerate(rows):
            label = QTableWidgetItem(self.tr(FIELD_LABELS.get(name, name)))
            label.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.setItem(index, 0, label)
            self.fields.setItem(index, 1, QTableWidgetItem(_shown(name, centre)))
            self.fields.setItem(index, 2, QTableWidgetItem(_shown(name, incoming)))
            if conflict.fields:
                pick = QComboBox()
                pick.addItem(self.tr("Pusat"), CENTRE)
                pick.addItem(self.tr("OPD"), OPD_SIDE)
                pick.setEnabled(not decided)
                self.fields.setCellWidget(index, 3, pick)
            else:
                self.fields.setCellWidget(index, 3, None)
                self.fields.setItem(index, 3, QTableWidgetItem(self.tr("Pusat")))
        can_pick = bool(conflict.fields) and not decided
        self.all_centre.setEnabled(can_pick)
        self.all_opd.setEnabled(can_pick)
        self.save_decision.setEnabled(not decided)
        self.save_decision.setText(
            self.tr("Simpan Keputusan") if conflict.fields else self.tr("Tolak Data OPD")
        )

    def _choose_all(self, side: str) -> None:
        for row in range(self.fields.rowCount()):
            pick = self.fields.cellWidget(row, 3)
            if isinstance(pick, QComboBox):
                pick.setCurrentIndex(pick.findData(side))

    def choices(self) -> dict[str, str]:
        """Field -> side, as currently picked in the table."""
        picked = {}
        for row in range(self.fields.rowCount()):
            pick = self.fields.cellWidget(row, 3)
            if isinstance(pick, QComboBox):
                picked[self.fields.item(row, 0).data(Qt.ItemDataRole.UserRole)] = pick.currentData()
        return picked

    def decide(self) -> None:
        conflict = self.current
        if conflict is None:
            return
        try:
            bundle_service.resolve_conflict(self._ctx, conflict, self.choices())
        except (StoreError, AccessDenied, bundle_service.BundleError) as exc:
            show_message(self.feedback, str(exc))
            return
        self.decided.add(conflict.key)
        item = self.conflict_list.currentItem()
        item.setText("✓ " + item.text())
        self._show_conflict(self.conflict_list.currentRow())
        show_message(
            self.feedback, self.tr("Keputusan disimpan dan dicatat di riwayat."), kind="success"
        )
