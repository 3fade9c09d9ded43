"""A chosen or dropped file made ready for the documents service.

Images are downscaled (long side IMAGE_LONG_SIDE) and recompressed as JPEG, the quality
stepping down until the result is within IMAGE_MAX_BYTES (then the size shrinks further):
a 4 MB phone photo becomes ~200 KB and loses its EXIF (place, phone model) on the way.
Qt does this here because the services may not import Qt and Pillow is no dependency of
ours. Anything else (a PDF, a file that is no image) goes to the service unchanged: it
checks the bytes and refuses with the clerk's message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

from kupang_desk.domain.documents import IMAGE_LONG_SIDE, IMAGE_MAX_BYTES

QUALITIES = (85, 75, 65, 55, 45, 35)
SHRINK = 0.8  # when even the lowest quality is too big: 80 % of the sides, and again
FILE_FILTER = "Pindaian (*.jpg *.jpeg *.png *.pdf);;Semua berkas (*)"


def _read_image(data: bytes) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # a phone photo's EXIF rotation, applied once here
    return reader.read()


def _jpeg(image: QImage, quality: int) -> bytes:
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", quality)
    buffer.close()
    return out.data()


def _flattened(image: QImage) -> QImage:
    """On white: JPEG has no transparency and would show a PNG's clear areas black."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def downscaled_jpeg(image: QImage, *, limit: int = IMAGE_MAX_BYTES) -> bytes:
    image = _flattened(image)
    long_side = IMAGE_LONG_SIDE
    while True:
        if max(image.width(), image.height()) > long_side:
            fitted = image.scaled(
                long_side,
                long_side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        else:
            fitted = image
        for quality in QUALITIES:
            data = _jpeg(fitted, quality)
            if len(data) <= limit:
                return data
        long_side = int(max(fitted.width(), fitted.height()) * SHRINK)
        if long_side < 200:
            return data  # nothing readable fits: the service names the size


def prepared_bytes(data: bytes) -> bytes:
    """What is stored for these file contents: a recompressed image, else the bytes as they are."""
    if data.startswith(b"%PDF-"):
        return data
    image = _read_image(data)
    if image.isNull():
        return data  # not an image Qt reads: the service refuses it by its bytes
    return downscaled_jpeg(image)


def prepared_file(path: Path) -> bytes:
    return prepared_bytes(Path(path).read_bytes())
