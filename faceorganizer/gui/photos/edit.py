"""Editing in the photo viewer: a canvas that zooms (wheel), pans (drag), reports clicks on faces and
boxes drawn with Shift held (or in "Add face" mode), and the small name popup (line edit with a
completer of existing names) that names a clicked face or a drawn one through the People ops."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QCompleter, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...geometry import Box
from ...library.catalog import Face
from ...library.people import PhotoFaces
from .canvas import PhotoCanvas

MAX_ZOOM = 16.0
MIN_BOX = 8  # widget pixels: a smaller drag is a click


class EditableCanvas(PhotoCanvas):
    """``face_clicked(face_id, global_pos)``; ``box_drawn(Box in displayed pixels, global_pos)``."""

    face_clicked = Signal(int, QPoint)
    box_drawn = Signal(object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zoom = 1.0
        self.pan = QPointF()
        self.add_mode = False
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self.band: QRectF | None = None
        self.setMouseTracking(False)

    def set_photo(self, photo: PhotoFaces | None, image, scale: float = 1.0) -> None:
        if photo is None or self.photo is None or photo.photo.id != self.photo.photo.id:
            self.reset_view()
        super().set_photo(photo, image, scale)

    def reset_view(self) -> None:
        self.zoom, self.pan = 1.0, QPointF()
        self.update()

    def image_rect(self) -> QRectF:
        fit = super().image_rect()
        if fit.isNull():
            return fit
        w, h = fit.width() * self.zoom, fit.height() * self.zoom
        centre = QPointF(self.width() / 2, self.height() / 2) + self.pan
        return QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        """Zoom by ``factor`` (1 to 16x the fitted size), keeping the point under ``at`` in place."""
        new = min(MAX_ZOOM, max(1.0, self.zoom * factor))
        middle = QPointF(self.width() / 2, self.height() / 2)
        at = middle if at is None else at
        centre = middle + self.pan
        self.pan = at - (at - centre) * (new / self.zoom) - middle
        self.zoom = new
        if new == 1.0:
            self.pan = QPointF()
        self.update()

    def _scale(self) -> float:
        """Full displayed pixels -> widget pixels."""
        assert self.image is not None
        return self.scale_to_image * self.image_rect().width() / self.image.width()

    def to_photo(self, pos: QPointF) -> QPointF:
        """A widget point in the photo's full displayed pixels."""
        target, s = self.image_rect(), self._scale()
        return QPointF((pos.x() - target.x()) / s, (pos.y() - target.y()) / s)

    def face_at(self, pos: QPointF) -> Face | None:
        """The smallest face whose box holds the widget point ``pos``."""
        if self.photo is None or self.image is None:
            return None
        p = self.to_photo(pos)
        hits = [f for f in self.photo.faces if f.box.x <= p.x() <= f.box.x + f.box.width and
                f.box.y <= p.y() <= f.box.y + f.box.height]  # fmt: skip
        return min(hits, key=lambda f: f.box.width * f.box.height, default=None)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.image is not None:
            self._press = self._last = event.position()
            drawing = self.add_mode or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.band = QRectF(self._press, self._press) if drawing else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._last is None:
            return
        if self.band is not None:
            self.band = QRectF(self._press, event.position()).normalized()
        elif self.zoom > 1.0:
            self.pan += event.position() - self._last
        self._last = event.position()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, band = self._press, self.band
        self._press = self._last = self.band = None
        self.update()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        where = event.globalPosition().toPoint()
        if band is not None and band.width() >= MIN_BOX and band.height() >= MIN_BOX:
            a, b = self.to_photo(band.topLeft()), self.to_photo(band.bottomRight())
            self.box_drawn.emit(Box(a.x(), a.y(), b.x() - a.x(), b.y() - a.y()), where)
        elif (event.position() - press).manhattanLength() < MIN_BOX:
            face = self.face_at(press)
            if face is not None:
                self.face_clicked.emit(face.id, where)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self.image is not None:
            self.zoom_by(1.25**steps, event.position())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.band is not None:
            painter = QPainter(self)
            painter.setPen(QPen(QColor("#ffeb3b"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(self.band)
            painter.end()


class NamePopup(QFrame):
    """A popup asking for a name: a line edit completing existing names; Enter answers, Escape cancels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.prompt = QLabel()
        self.edit = QLineEdit(placeholderText="Name")
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self._answer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        self._callback: Callable[[str], object] | None = None

    def ask(self, prompt: str, where: QPoint, names: list[str], callback: Callable[[str], object],
            text: str = "") -> None:  # fmt: skip
        self.prompt.setText(prompt)
        self.names.setStringList(names)
        self.edit.setText(text)
        self.edit.selectAll()
        self._callback = callback
        self.move(where)
        self.show()
        self.edit.setFocus()

    def _answer(self) -> None:
        callback, self._callback = self._callback, None
        self.hide()
        if callback is not None:
            callback(self.edit.text().strip())
