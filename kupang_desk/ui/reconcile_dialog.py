"""Rekonsiliasi BPJS: the four groups of a reconciliation, one tab each, and its PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.formatting import tanggal_pendek
from kupang_desk.services import reconcile as reconcile_service
from kupang_desk.services.context import AccessDenied
from kupang_desk.services.errors import StoreError
from kupang_desk.services.reconcile import GROUP_LABELS, ReconcileResult, relation_label
from kupang_desk.ui import files
from kupang_desk.ui.widgets import show_message


def _ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save(
        parent, parent.tr("Simpan Laporan Rekonsiliasi"), suggested, parent.tr("Berkas PDF (*.pdf)")
    )


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
                relation_label(p.relation),
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
            [
                str(m.row.row),
                m.person.name,
                m.person.nik,
                d.label,
                d.bpjs or "—",
                d.ours or "—",
                d.note,
            ]
            for m in r.different
            for d in m.differences
        ]
        # Table row -> the match it shows (a match with two differences takes two rows).
        self._match_of_line = [m for m in r.different for _ in m.differences]
        self.accepted: list = []
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
            [reconcile_service.unknown_cells(u) for u in r.unknown],
        )
        self.missing = _table(
            ["NIK", self.tr("Nama"), self.tr("Tgl Lahir"), "OPD", self.tr("Hubungan")],
            [person(p) for p in r.missing],
        )
        self.different.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.accept_button = QPushButton(self.tr("Terima Baris Terpilih dan Simpan Nomor Kartu"))
        self.accept_button.clicked.connect(self.accept_selected)
        different_page = QWidget()
        different_layout = QVBoxLayout(different_page)
        different_layout.setContentsMargins(0, 0, 0, 0)
        different_layout.addWidget(self.different)
        different_layout.addWidget(
            QLabel(
                self.tr(
                    "Baris ini belum disimpan. Periksa tiap perbedaan; bila yakin orangnya "
                    "sama, pilih barisnya lalu terima."
                )
            )
        )
        accept_bar = QHBoxLayout()
        accept_bar.addWidget(self.accept_button)
        accept_bar.addStretch(1)
        different_layout.addLayout(accept_bar)
        self.tabs = QTabWidget()
        for key, table in (
            ("matched", self.matched),
            ("different", different_page),
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

    def accept_selected(self) -> None:
        line = self.different.currentRow()
        if line < 0:
            show_message(self.feedback, self.tr("Pilih dahulu baris yang akan diterima."))
            return
        match = self._match_of_line[line]
        if match in self.accepted:
            show_message(
                self.feedback,
                self.tr("Baris {0} sudah diterima.").format(match.row.row),
                kind="warning",
            )
            return
        try:
            reconcile_service.accept_difference(self._ctx, self.result, match)
        except (reconcile_service.ReconcileError, StoreError, AccessDenied) as exc:
            show_message(self.feedback, str(exc))
            return
        self.accepted.append(match)
        for row, shown in enumerate(self._match_of_line):
            if shown is match:
                self.different.item(row, 0).setText(f"✓ {match.row.row}")
        show_message(
            self.feedback,
            self.tr("Baris {0}: nomor kartu {1} disimpan untuk {2} (tercatat di riwayat).").format(
                match.row.row, match.row.card_number, match.person.name
            ),
            kind="success",
        )

    def save_pdf(self) -> Path | None:
        scope = (self.result.opd_code or "semua").lower()
        path = self.ask_pdf_path(self, f"rekonsiliasi-{scope}.pdf")
        if path is None:
            return None
        try:
            reconcile_service.write_report(self._ctx, self.result, path)
        except (StoreError, OSError) as exc:
            show_message(self.feedback, self.tr("Laporan tidak dapat disimpan: {0}").format(exc))
            return None
        show_message(self.feedback, self.tr("Laporan disimpan ke {0}").format(path), kind="success")
        return path
