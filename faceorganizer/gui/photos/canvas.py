"""The photo canvas: one photo fitted to the widget (aspect kept, centred) with its face overlays."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ...library.people import PhotoFaces
from .overlay import OverlayOptions, draw_faces


class PhotoCanvas(QWidget):
    """Paints one photo fitted (aspect kept, centred) and its faces over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.photo: PhotoFaces | None = None
        self.scale_to_image = 1.0  # full displayed pixels -> pixels of ``image``
        self.options = OverlayOptions()
        self.setMinimumSize(200, 150)

    def set_photo(self, photo: PhotoFaces | None, image: QImage | None, scale: float = 1.0) -> None:
        self.photo, self.image, self.scale_to_image = photo, image, scale
        self.update()

    def image_rect(self) -> QRectF:
        """Where the photo is drawn in widget coordinates."""
        if self.image is None or self.image.isNull():
            return QRectF()
        fit = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * fit, self.image.height() * fit
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self.image is None:
            painter.setPen(QColor("#c0c0c0"))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("PhotoCanvas", "No photo")
            )
            return
        target = self.image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        if self.photo is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = self.scale_to_image * target.width() / self.image.width()
            draw_faces(
                painter, self.photo.faces, self.photo.names, scale, QPointF(target.x(), target.y()), self.options
            )
        painter.end()
