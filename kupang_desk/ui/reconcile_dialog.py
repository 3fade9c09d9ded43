"""Rekonsiliasi BPJS: the four groups of a reconciliation, one tab each, and its PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.services import reconcile as reconcile_service
from kupang_desk.services.reconcile import GROUP_LABELS, RELATION_LABEL, ReconcileResult
from kupang_desk.store.errors import StoreError


def _ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Simpan Laporan Rekonsiliasi"), suggested, parent.tr("Berkas PDF (*.pdf)")
    )
    return Path(path) if path else None


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class ReconcileDialog(QDialog):
    # Replaced in tests: a file dialog would block them.
    ask_pdf_path: Callable[[QWidget, str], Path | None] = staticmethod(_ask_pdf_path)

    def __init__(self, ctx, result: ReconcileResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.result = result
        self.setWindowTitle(self.tr("Rekonsiliasi Daftar BPJS"))
        self.resize(1100, 600)
        r = result.reconciliation
        counts = result.counts()
        self.summary = QLabel(
            self.tr("{0}: {1}. Nomor kartu baru disimpan: {2}.").format(
                result.source.name,
                ", ".join(f"{GROUP_LABELS[k]} {counts[k]}" for k in GROUP_LABELS),
                result.cards_stored,
            )
        )
        self.summary.setWordWrap(True)

        def person(p) -> list[str]:
            return [
                p.nik,
                p.name,
                tanggal_pendek(p.birth_date),
                p.opd_code,
                RELATION_LABEL.get(p.relation, p.relation),
            ]

        self.matched = _table(
            [
                self.tr("Baris"),
                self.tr("No. Kartu"),
                "NIK",
                self.tr("Nama"),
                self.tr("Tgl Lahir"),
                "OPD",
                self.tr("Hubungan"),
            ],
            [[str(m.row.row), m.row.card_number, *person(m.person)] for m in r.matched],
        )
        side_by_side = [
            [str(m.row.row), m.person.name, m.person.nik, d.label, d.bpjs, d.ours, d.note]
            for m in r.different
            for d in m.differences
        ]
        self.different = _table(
            [
                self.tr("Baris"),
                self.tr("Nama (data kami)"),
                "NIK",
                self.tr("Kolom"),
                self.tr("Di daftar BPJS"),
                self.tr("Di data kami"),
                self.tr("Keterangan"),
            ],
            side_by_side,
        )
        self.unknown = _table(
            [
                self.tr("Baris"),
                self.tr("No. Kartu"),
                "NIK",
                self.tr("Nama"),
                self.tr("Tgl Lahir"),
                self.tr("Status"),
                self.tr("Keterangan"),
            ],
            [
                [
                    str(u.row.row),
                    u.row.card_number,
                    u.row.nik,
                    u.row.name,
                    tanggal_pendek(u.row.birth_date),
                    u.row.status,
                    u.note,
                ]
                for u in r.unknown
            ],
        )
        self.missing = _table(
            ["NIK", self.tr("Nama"), self.tr("Tgl Lahir"), "OPD", self.tr("Hubungan")],
            [person(p) for p in r.missing],
        )
        self.tabs = QTabWidget()
        for key, table in (
            ("matched", self.matched),
            ("different", self.different),
            ("unknown", self.unknown),
            ("missing", self.missing),
        ):
            self.tabs.addTab(table, f"{self.tr(GROUP_LABELS[key])} ({counts[key]})")
        self.problems = QLabel("\n".join(result.problems))
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(result.problems))
        self.feedback = QLabel()

        buttons = QDialogButtonBox()
        self.pdf_button = buttons.addButton(
            self.tr("Simpan Laporan PDF"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)

    def save_pdf(self) -> Path | None:
        scope = (self.result.opd_code or "semua").lower()
        path = self.ask_pdf_path(self, f"rekonsiliasi-{scope}.pdf")
        if path is None:
            return None
        try:
            reconcile_service.write_report(self._ctx, self.result, path)
        except (StoreError, OSError) as exc:
            self.feedback.setText(self.tr("Laporan tidak dapat disimpan: {0}").format(exc))
            return None
        self.feedback.setText(self.tr("Laporan disimpan ke {0}").format(path))
        return path
