"""The worker form's "Dokumen" tab: scans of KTP, KK, SK kontrak, surat sekolah.

A file comes in by "Tambah berkas…" or by dropping it on the tab, for the person and kind
chosen above the list; images are made small here (ui/scan_files.py), the service checks
and stores. File names are never kept nor logged: a scan is named by its kind and person.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kupang_desk.domain.documents import KIND_LABEL, DocumentKind
from kupang_desk.domain.entities import Worker
from kupang_desk.services import documents as document_service
from kupang_desk.services import family as family_service
from kupang_desk.services.context import AccessDenied, AppContext
from kupang_desk.services.errors import StoreError
from kupang_desk.ui import files
from kupang_desk.ui.document_viewer import DocumentViewer
from kupang_desk.ui.scan_files import FILE_FILTER, prepared_file
from kupang_desk.ui.widgets import show_message


def _ask_file(parent: QWidget) -> Path | None:
    return files.ask_open(parent, parent.tr("Pilih pindaian KTP/KK/SK"), FILE_FILTER)


class DocumentsTab(QWidget):
    # Replaced in tests: a file dialog would block them.
    ask_file: Callable[[QWidget], Path | None] = staticmethod(_ask_file)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._worker: Worker | None = None
        self._names: dict[int | None, str] = {}
        self.setAcceptDrops(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.person = QComboBox()
        self.kind = QComboBox()
        for kind in DocumentKind:
            self.kind.addItem(self.tr(KIND_LABEL[kind]), str(kind))
        self.add_button = QPushButton(self.tr("Tambah berkas…"))
        self.remove_button = QPushButton(self.tr("Hapus dokumen"))
        self.add_button.clicked.connect(self.add_from_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._show_current)
        self.viewer = DocumentViewer()
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.PlainText)
        self.setLayout(self._build_layout())

    def _build_layout(self) -> QVBoxLayout:
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("Milik:")))
        choose.addWidget(self.person, 1)
        choose.addWidget(QLabel(self.tr("Jenis:")))
        choose.addWidget(self.kind, 1)
        choose.addWidget(self.add_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.remove_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout()
        layout.addWidget(self.hint)
        layout.addLayout(choose)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.messages)
        return layout

    # -- loading ---------------------------------------------------------------------------
    def set_worker(self, worker: Worker | None) -> None:
        self._worker = worker
        saved = worker is not None and worker.id is not None
        for widget in (self.person, self.kind, self.add_button, self.remove_button, self.list):
            widget.setEnabled(saved)
        self.hint.setText(
            self.tr(
                "Lampirkan pindaian KTP, KK, SK/kontrak atau surat keterangan sekolah: pilih "
                "pemiliknya dan jenisnya, lalu Tambah berkas… atau seret berkas ke sini. Gambar "
                "diperkecil otomatis; PDF paling besar 2 MB."
            )
            if saved
            else self.tr("Simpan data pegawai dahulu, lalu lampirkan dokumennya di sini.")
        )
        self.person.clear()
        self._names = {}
        if saved and worker is not None and worker.id is not None:
            self._names[None] = f"{worker.name} (pegawai)"
            for member in family_service.list_family(self._ctx, worker.id):
                self._names[member.id] = f"{member.name} ({member.relation})"
            for member_id, label in self._names.items():
                self.person.addItem(label, member_id)
        self.messages.clear()
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self.list.clear()
        self.viewer.clear()
        worker = self._worker
        if worker is None or worker.id is None:
            return
        for info in document_service.list_documents(self._ctx, worker.id):
            owner = self._names.get(info.family_member_id, self.tr("anggota keluarga"))
            kind = KIND_LABEL.get(DocumentKind(info.kind), info.kind)
            item = QListWidgetItem(
                f"{self.tr(kind)} — {owner}\n{info.size / 1024:.0f} KB, {info.added_at[:10]}"
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
            if info.id == select:
                self.list.setCurrentItem(item)

    def _show_current(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            self.viewer.clear()
            return
        try:
            mime, data = document_service.read_document(
                self._ctx, item.data(Qt.ItemDataRole.UserRole)
            )
        except (document_service.NotFound, AccessDenied, StoreError) as exc:
            show_message(self.messages, str(exc))
            self.viewer.clear()
            return
        self.viewer.set_document(mime, data)

    # -- adding and removing ---------------------------------------------------------------
    def add_from_dialog(self) -> None:
        path = self.ask_file(self)
        if path is not None:
            self.add_files([path])

    def add_files(self, paths: list[Path]) -> int:
        """Attach each file to the chosen person as the chosen kind; returns how many."""
        worker = self._worker
        if worker is None or worker.id is None:
            return 0
        added, last = 0, None
        problems = []
        for path in paths:
            try:
                data = prepared_file(path)
                info = document_service.attach_document(
                    self._ctx,
                    worker.id,
                    self.kind.currentData(),
                    data,
                    family_member_id=self.person.currentData(),
                )
            except OSError as exc:
                problems.append(self.tr("Berkas tidak dapat dibaca: %s.") % (exc.strerror or ""))
            except (document_service.DocumentRefused, document_service.NotFound) as exc:
                problems.append(str(exc))
            except (AccessDenied, StoreError) as exc:
                problems.append(str(exc))
            else:
                added, last = added + 1, info.id
        self.reload(select=last)
        if problems:
            show_message(self.messages, "\n".join(problems))
        elif added:
            show_message(self.messages, self.tr("%d dokumen disimpan.") % added, kind="success")
        return added

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            document_service.remove_document(self._ctx, item.data(Qt.ItemDataRole.UserRole))
        except (document_service.NotFound, AccessDenied, StoreError) as exc:
            show_message(self.messages, str(exc))
            return
        self.reload()

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        saved = self._worker is not None and self._worker.id is not None
        if saved and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)
