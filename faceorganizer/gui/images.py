"""Images for the views, made on worker threads: photos as QImage (EXIF orientation applied, so face
boxes line up) and face crops, kept in a small in-memory cache."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage

from ..geometry import Box
from ..imaging import decode

#: Side of a face crop in the People grid, in pixels.
CROP_SIZE = 128


def to_qimage(pixels: np.ndarray) -> QImage:
    """An HxWx3 uint8 RGB array as a QImage that owns its own copy of the pixels."""
    pixels = np.ascontiguousarray(pixels[:, :, :3], dtype=np.uint8)
    h, w = pixels.shape[:2]
    return QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def load_photo(path: str, max_side: int | None = 2048) -> tuple[QImage, float]:
    """The photo as displayed, its longer side at most about ``max_side`` (reduced JPEG decode); also
    the scale from full displayed pixels (where face boxes live) to the image's pixels."""
    decoded = decode(path, max_side=max_side)
    return to_qimage(decoded.pixels), decoded.scale


def face_crop(path: str, box: Box, size: int = CROP_SIZE, margin: float = 0.25, ratio: float = 1.0) -> QImage:
    """A square crop around ``box`` (full displayed pixels) with ``margin`` of its size on each side, ``size``
    logical pixels wide at the screen's device pixel ratio ``ratio`` (a 2x screen gets 2x the pixels, so
    faces are sharp there; the image says its ratio, and Qt draws it ``size`` wide)."""
    side_px = max(1, round(size * ratio))
    decoded = decode(path, max_side=4 * side_px)
    s = decoded.scale
    side = max(box.width, box.height) * (1 + 2 * margin) * s
    cx, cy = (box.x + box.width / 2) * s, (box.y + box.height / 2) * s
    h, w = decoded.pixels.shape[:2]
    x0, y0 = int(max(0, cx - side / 2)), int(max(0, cy - side / 2))
    x1, y1 = int(min(w, cx + side / 2)), int(min(h, cy + side / 2))
    region = decoded.pixels[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)]
    im = Image.fromarray(region).resize((side_px, side_px), Image.Resampling.LANCZOS)
    image = to_qimage(np.asarray(im))
    image.setDevicePixelRatio(ratio)
    return image


def screen_ratio() -> float:
    """The primary screen's device pixel ratio (1.0 without a screen); ask on the UI thread."""
    app = QGuiApplication.instance()
    screen = app.primaryScreen() if isinstance(app, QGuiApplication) else None
    return float(screen.devicePixelRatio()) if screen is not None else 1.0


class CropCache:
    """Face id -> crop, least recently used dropped first; safe to fill from worker threads. ``ratio``: the
    device pixel ratio its crops are made at (default: the screen's, read when the cache is made, on the UI
    thread)."""

    def __init__(self, capacity: int = 2000, ratio: float | None = None) -> None:
        self.capacity = capacity
        self.ratio = screen_ratio() if ratio is None else ratio
        self._items: OrderedDict[int, QImage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, face_id: int) -> QImage | None:
        with self._lock:
            image = self._items.get(face_id)
            if image is not None:
                self._items.move_to_end(face_id)
            return image

    def put(self, face_id: int, image: QImage) -> None:
        with self._lock:
            self._items[face_id] = image
            self._items.move_to_end(face_id)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
