"""The photo canvas: one photo fitted to the widget (aspect kept, centred) with its face overlays; a playing
video's frames (``set_played_frame``) with the overlays of the face tracks on screen at each frame's time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ...library.catalog import Face
from ...library.indexing.video.sampling import SamplingOptions
from ...library.people import PhotoFaces
from .overlay import OverlayOptions, draw_faces

#: A track's span runs from its first to its last sampled frame; the face was on screen until about half a
#: sampling step (the indexer's regular 2 samples a second) either side of them.
SPAN_PAD = 0.5 / SamplingOptions().fps


def on_screen_at(face: Face, time: float) -> bool:
    """Whether ``face`` (a video's face track) is on screen at ``time`` seconds: its span [track_start, track_end]
    widened by SPAN_PAD covers it (a face without a span, one the user drew say, is on every frame; a face with
    only ``frame_time`` is on that frame, to the nearest 0.05 s)."""
    if face.track_start is not None and face.track_end is not None:
        return face.track_start - SPAN_PAD <= time <= face.track_end + SPAN_PAD
    if face.frame_time is not None:
        return abs(face.frame_time - time) <= 0.05
    return True


class PhotoCanvas(QWidget):
    """Paints one photo fitted (aspect kept, centred) and its faces over it; while a video plays, its frame at
    ``time`` seconds and the faces on screen then (:func:`on_screen_at`). ``overlays_drawn`` counts the played
    frames painted with faces on them (tests read it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.photo: PhotoFaces | None = None
        self.scale_to_image = 1.0  # full displayed pixels -> pixels of ``image``
        self.options = OverlayOptions()
        self.time: float | None = None  # the time of the video frame on show; None: a photo (every face drawn)
        self.played = False  # the picture is a frame the video played (not the still set_photo gave)
        self.overlays_drawn = 0
        self.setMinimumSize(200, 150)

    def set_photo(
        self, photo: PhotoFaces | None, image: QImage | None, scale: float = 1.0, time: float | None = None
    ) -> None:
        """Show ``photo`` as ``image``; a video's frame at ``time`` seconds, with the faces on screen then."""
        self.photo, self.image, self.scale_to_image = photo, image, scale
        self.time, self.played = time, False
        self.update()

    def set_played_frame(self, image: QImage, time: float) -> None:
        """Show a played frame of the video on show, at ``time`` seconds. Its faces are drawn where their stored
        box is: a track's box is that of its best frame, so it is drawn for the whole of the track's span and a
        face that moves within the span moves out of it (the index keeps one box per track, not one per frame)."""
        self.image, self.time, self.played = image, time, True
        width = self.photo.photo.width if self.photo is not None else None
        self.scale_to_image = image.width() / width if width else 1.0
        self.update()

    def shown_faces(self) -> list[Face]:
        """The faces drawn (and clickable): all of a photo's; a video's on screen at the frame shown."""
        if self.photo is None:
            return []
        time = self.time
        if time is None:
            return list(self.photo.faces)
        return [f for f in self.photo.faces if on_screen_at(f, time)]

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
            faces = self.shown_faces()
            draw_faces(painter, faces, self.photo.names, scale, QPointF(target.x(), target.y()), self.options)
            if faces and self.played:
                self.overlays_drawn += 1
        painter.end()
