"""The Camera window's picture: the newest frame fitted to the widget (aspect kept, centred) and, over it, the
newest analysis drawn as the photo viewer draws faces (face-api.js's DrawBox, DrawTextField and landmark
contours): a box labelled with the person's name ("Unknown" for no one known), the dominant expression and
age/gender below it. With no frame, a message (no camera, the camera is busy, ...) in the middle."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ...api.live import FrameResult, LiveFace
from ..i18n import Texts
from ..photos.canvas import PhotoCanvas
from ..photos.overlay import OverlayTexts, draw_face, set_overlay_font

LiveTexts = Texts("LiveTexts")  # the texts drawn on the camera's frames
BACKGROUND = QColor("#202124")
MESSAGE_COLOR = QColor("#c0c0c0")


def face_name(face: LiveFace) -> str:
    """The box label: the name the library's matcher gave the face, else "Unknown"."""
    return face.name or LiveTexts.tr("Unknown")


def face_lines(face: LiveFace) -> list[str]:
    """The details field: "happy (0.97)", then "31 years female (0.93)"."""
    lines = []
    if face.expression:
        lines.append(f"{face.expression} ({face.expression_probability:.2f})")
    if face.age is not None:
        gender = f" {face.gender} ({face.gender_probability:.2f})" if face.gender else ""
        lines.append(OverlayTexts.tr("%n year(s)", "", round(face.age)) + gender)
    return lines


def draw_live_faces(painter: QPainter, faces: list[LiveFace], scale: float, offset: QPointF) -> int:
    """Draw ``faces`` (frame pixels mapped by ``scale`` + ``offset``): landmarks, box, name, details; how many."""
    set_overlay_font(painter)
    for face in faces:
        draw_face(painter, face.box, scale, offset, landmarks=face.landmarks, label=face_name(face),
                  details=face_lines(face))  # fmt: skip
    return len(faces)


class LiveCanvas(PhotoCanvas):
    """Paints the newest frame and the newest analysis over it (scaled from the analysed frame's size, so a
    result stays on its faces whatever size the frame is shown at); fitted as the photo viewer fits a photo.
    ``overlays_drawn`` counts the frames painted with faces on them (tests and the status line read it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: FrameResult | None = None
        self.message = ""
        self.overlays_drawn = 0
        self.setMinimumSize(320, 240)

    def set_frame(self, image: QImage) -> None:
        self.image = image
        self.message = ""
        self.update()

    def set_result(self, result: FrameResult | None) -> None:
        self.result = result
        self.update()

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a picture (the camera is missing, busy, denied; the video cannot play)."""
        self.image, self.result, self.message = None, None, text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self.image is None or self.image.isNull():
            painter.setPen(MESSAGE_COLOR)
            text = self.message or self.tr("No picture yet")
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect().adjusted(24, 24, -24, -24), flags, text)
            painter.end()
            return
        target = self.image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        result = self.result
        if result is not None and result.faces and result.width:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = target.width() / result.width
            if draw_live_faces(painter, result.faces, scale, QPointF(target.x(), target.y())):
                self.overlays_drawn += 1
        painter.end()
