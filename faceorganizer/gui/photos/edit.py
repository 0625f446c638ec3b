"""Editing in the photo viewer: a canvas that zooms (wheel), pans (drag), reports clicks on faces and
boxes drawn with Shift held (or in "Add face" mode), and the small name popup (line edit with a
completer of existing names, and "Delete this face" for a drawn face) that names a clicked face or a
drawn one through the People ops. A drawn box stays painted (``pending``) while the popup asks for its
name and until the stored face shows, so the user always sees what they are naming."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QCompleter, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...geometry import Box
from ...library.catalog import Face
from ...library.people import PhotoFaces
from .canvas import PhotoCanvas

MAX_ZOOM = 16.0
MIN_BOX = 8  # widget pixels: a smaller drag is a click
#: The rubber band and the pending (drawn, not yet stored) box: dashed yellow, unlike the solid blue stored faces.
DRAW_COLOR = QColor("#ffeb3b")
DRAW_WIDTH = 2


class EditableCanvas(PhotoCanvas):
    """``face_clicked(face_id, global_pos)``; ``box_drawn(Box in displayed pixels, global_pos)``.

    A drawn box becomes ``pending`` (displayed pixels) before ``box_drawn`` is emitted and stays painted
    until the listener calls :meth:`set_pending` with None (the name was cancelled, or the stored face is on
    screen) or another photo is shown: without it the box vanished while its name was being asked."""

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
        self.pending: Box | None = None
        self.setMouseTracking(False)

    def set_photo(
        self, photo: PhotoFaces | None, image: QImage | None, scale: float = 1.0, time: float | None = None
    ) -> None:
        """Show ``photo``; another photo (or none) also fits the view again and drops the pending box,
        which belongs to the photo it was drawn on."""
        if photo is None or self.photo is None or photo.photo.id != self.photo.photo.id:
            self.reset_view()
            self.pending = None
        super().set_photo(photo, image, scale, time)

    def set_pending(self, box: Box | None) -> None:
        """The drawn box painted until its face is stored (None: paint none)."""
        self.pending = box
        self.update()

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
        hits = [f for f in self.shown_faces() if f.box.x <= p.x() <= f.box.x + f.box.width and
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
            box = Box(a.x(), a.y(), b.x() - a.x(), b.y() - a.y())
            self.set_pending(box)  # still painted while the popup asks whose face it is
            self.box_drawn.emit(box, where)
        elif (event.position() - press).manhattanLength() < MIN_BOX:
            face = self.face_at(press)
            if face is not None:
                self.face_clicked.emit(face.id, where)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and self.image is not None:
            self.zoom_by(1.25**steps, event.position())

    def pending_rect(self) -> QRectF | None:
        """The pending box in widget coordinates (None when there is none, or no photo)."""
        if self.pending is None or self.image is None or self.image.isNull():
            return None
        target, s, b = self.image_rect(), self._scale(), self.pending
        return QRectF(target.x() + b.x * s, target.y() + b.y * s, b.width * s, b.height * s)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The photo and its faces, then the pending box and the rubber band (dashed) over them."""
        super().paintEvent(event)
        rects = [r for r in (self.pending_rect(), self.band) if r is not None]
        if rects:
            painter = QPainter(self)
            painter.setPen(QPen(DRAW_COLOR, DRAW_WIDTH, Qt.PenStyle.DashLine))
            for rect in rects:
                painter.drawRect(rect)
            painter.end()


class NamePopup(QFrame):
    """A popup asking for a name: a line edit completing existing names; Enter answers, Escape (or a click
    outside, which hides a ``Qt.WindowType.Popup``) cancels; "Delete this face" shows only when the asker
    offers deleting. Exactly one of answer, delete or cancel is called back per :meth:`ask`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.prompt = QLabel()
        self.edit = QLineEdit(placeholderText=self.tr("Name"))
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self._answer)
        self.delete_button = QPushButton(self.tr("Delete this face"))
        self.delete_button.setToolTip(self.tr("Delete this face you drew (Ctrl+Z takes it back)"))
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.delete_button)
        self._callback: Callable[[str], object] | None = None
        self._on_cancel: Callable[[], object] | None = None
        self._on_delete: Callable[[], object] | None = None

    def ask(self, prompt: str, where: QPoint, names: list[str], callback: Callable[[str], object],
            text: str = "", *, on_cancel: Callable[[], object] | None = None,
            on_delete: Callable[[], object] | None = None) -> None:  # fmt: skip
        """Ask ``prompt`` at ``where``: ``callback(name)`` on Enter, ``on_cancel()`` when the popup closes
        unanswered, ``on_delete()`` from the Delete button (shown only when ``on_delete`` is given). A question
        still open is cancelled first, so its asker can tidy up."""
        self._finish()()
        self.prompt.setText(prompt)
        self.names.setStringList(names)
        self.edit.setText(text)
        self.edit.selectAll()
        self._callback, self._on_cancel, self._on_delete = callback, on_cancel, on_delete
        self.delete_button.setVisible(on_delete is not None)
        self.adjustSize()
        self.move(where)
        self.show()
        self.edit.setFocus()

    def _finish(self) -> Callable[[], object]:
        """Forget the open question; returns its cancel callback (a no-op if none) to call once done."""
        on_cancel = self._on_cancel if self._callback is not None else None
        self._callback = self._on_cancel = self._on_delete = None
        return on_cancel or (lambda: None)

    def _answer(self) -> None:
        callback = self._callback
        self._finish()
        self.hide()
        if callback is not None:
            callback(self.edit.text().strip())

    def _delete(self) -> None:
        on_delete = self._on_delete
        self._finish()
        self.hide()
        if on_delete is not None:
            on_delete()

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden with no answer (Escape, a click outside the popup): the question is cancelled."""
        super().hideEvent(event)
        self._finish()()
