"""The photo viewer: the photo fitted to the window with its face overlays (toggleable), and
previous/next through the library's photos. Photo and faces are loaded on a worker thread."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..library.browse import PhotoFaces
from .images import load_photo
from .overlay import OverlayOptions, draw_faces
from .services import LibraryService


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
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No photo")
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


class PhotoView(QWidget):
    """Toolbar (previous / next, overlay toggles, file name) over a :class:`PhotoCanvas`.
    ``loaded(photo_id)`` is emitted once a photo is on screen."""

    loaded = Signal(int)

    def __init__(self, library: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.canvas = PhotoCanvas()
        self.photo_ids: list[int] = []
        self.current: int | None = None
        self.prev_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.title = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.title, 1)
        self.toggles: dict[str, QCheckBox] = {}
        for key, text in (("boxes", "Boxes"), ("labels", "Names"), ("details", "Details"), ("landmarks", "Landmarks")):
            box = QCheckBox(text)
            box.setChecked(getattr(self.canvas.options, key))
            box.toggled.connect(self._options_changed)
            self.toggles[key] = box
            bar.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)

    def _options_changed(self) -> None:
        self.canvas.options = OverlayOptions(**{k: b.isChecked() for k, b in self.toggles.items()})
        self.canvas.update()

    def set_photos(self, photo_ids: list[int]) -> None:
        """The photos previous/next walk through."""
        self.photo_ids = photo_ids

    def step(self, delta: int) -> None:
        if not self.photo_ids:
            return
        at = self.photo_ids.index(self.current) if self.current in self.photo_ids else -delta
        self.show_photo(self.photo_ids[(at + delta) % len(self.photo_ids)])

    def show_photo(self, photo_id: int) -> None:
        self.current = photo_id

        def load(lib: LibraryService) -> tuple[PhotoFaces | None, QImage | None, float]:
            photo = lib.photo(photo_id)
            if photo is None:
                return None, None, 1.0
            image, scale = load_photo(photo.photo.path)
            return photo, image, scale

        self.library.read(load, lambda result, error: self._shown(photo_id, result, error))

    def _shown(self, photo_id: int, result: tuple | None, error: BaseException | None) -> None:
        if photo_id != self.current:  # the user moved on meanwhile
            return
        if error is not None or result is None:
            self.title.setText(f"Cannot show this photo: {error}")
            self.canvas.set_photo(None, None)
        else:
            photo, image, scale = result
            self.canvas.set_photo(photo, image, scale)
            if photo is not None:
                self.title.setText(f"{photo.photo.path}  —  {len(photo.faces)} faces")
        self.loaded.emit(photo_id)
