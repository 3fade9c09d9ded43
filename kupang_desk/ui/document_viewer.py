"""A scan on screen: an image, or a PDF's first page, with zoom, fit and rotate.

Reusable on its own (the verification dialog shows the KTP beside the blank fields):
`set_document(mime, data)` and `clear()` are the whole API. Nothing here keeps the bytes
beyond the page on screen, nor writes them anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PDF_RENDER_SCALE = 2.0  # points -> pixels: ~144 dpi, small print on a KTP copy stays legible
ZOOM_STEP = 1.25


def pdf_first_page(data: bytes) -> QImage:
    """The first page of a PDF as an image; a null QImage when it cannot be read."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        document.close()
        return QImage()
    points = document.pagePointSize(0)
    size = QSize(int(points.width() * PDF_RENDER_SCALE), int(points.height() * PDF_RENDER_SCALE))
    image = document.render(0, size)
    document.close()
    return image


class DocumentViewer(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.empty = QLabel(self.tr("Pilih dokumen untuk melihatnya."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image = QImage()
        self.zoom = 1.0
        self.rotation = 0  # degrees, a multiple of 90
        self.zoom_out_button = QPushButton(self.tr("−"))
        self.zoom_in_button = QPushButton(self.tr("+"))
        self.fit_button = QPushButton(self.tr("Pas layar"))
        self.rotate_button = QPushButton(self.tr("Putar 90°"))
        self.zoom_out_button.setToolTip(self.tr("Perkecil"))
        self.zoom_in_button.setToolTip(self.tr("Perbesar"))
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit)
        self.rotate_button.clicked.connect(self.rotate)
        tools = QHBoxLayout()
        for button in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.rotate_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.clear()

    def set_document(self, mime: str, data: bytes) -> bool:
        """Show a scan; False (and a message in place of it) when it cannot be drawn."""
        image = pdf_first_page(data) if mime == "application/pdf" else QImage.fromData(data)
        if image.isNull():
            self.clear()
            self.empty.setText(self.tr("Dokumen ini tidak dapat ditampilkan (berkas rusak?)."))
            return False
        self.image = image
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.rotation = 0
        self._show(True)
        self.fit()
        return True

    def clear(self) -> None:
        self.image = QImage()
        self.item.setPixmap(QPixmap())
        self.rotation, self.zoom = 0, 1.0
        self.empty.setText(self.tr("Pilih dokumen untuk melihatnya."))
        self._show(False)

    def _show(self, has_image: bool) -> None:
        self.view.setVisible(has_image)
        self.empty.setVisible(not has_image)
        for button in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.rotate_button,
        ):
            button.setEnabled(has_image)

    def _apply(self) -> None:
        self.view.setTransform(QTransform().rotate(self.rotation).scale(self.zoom, self.zoom))

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(8.0, max(0.05, zoom))
        self._apply()

    def rotate(self) -> None:
        self.rotation = (self.rotation + 90) % 360
        self.fit()

    def fit(self) -> None:
        """The whole page in the window, at the current rotation."""
        if self.image.isNull():
            return
        width, height = self.image.width(), self.image.height()
        if self.rotation in (90, 270):
            width, height = height, width
        room = self.view.viewport().size()
        self.set_zoom(min(room.width() / max(width, 1), room.height() / max(height, 1)))
