"""Images for the views, made on worker threads: photos as QImage (EXIF orientation applied, so face
boxes line up) and face crops, kept in a small in-memory cache that also makes them (once per face)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPixmap

from ..geometry import Box
from ..imaging import decode
from ..library.indexing.video import is_video
from ..video import video_frame

if TYPE_CHECKING:
    from .tasks import TaskRunner

log = logging.getLogger("faceorganizer.gui.images")

#: Side of a face crop in the People grid, in pixels.
CROP_SIZE = 128
#: The grey square shown until a crop arrives, and kept for a photo that cannot be read.
PLACEHOLDER_COLOR = "#d0d4da"

#: Told ``(face_id, crop)`` on the UI thread once a crop asked for is in the cache.
CropReady = Callable[[int, QImage], object]


def placeholder(side: int = CROP_SIZE) -> QPixmap:
    """A grey ``side`` px square standing in for a crop (make it on the UI thread: it is a QPixmap)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor(PLACEHOLDER_COLOR))
    return pixmap


def to_qimage(pixels: np.ndarray) -> QImage:
    """An HxWx3 uint8 RGB array as a QImage that owns its own copy of the pixels."""
    pixels = np.ascontiguousarray(pixels[:, :, :3], dtype=np.uint8)
    h, w = pixels.shape[:2]
    return QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


#: The frame that stands for a video (thumbnail, viewer) when no face's frame is asked for: a second in (its
#: first frame is often black), or its last when shorter.
VIDEO_STILL_AT = 1.0


def media_pixels(path: str, max_side: int | None, time: float | None = None) -> tuple[np.ndarray, float]:
    """The picture of a library file as displayed: a photo decoded at reduced size, or a video's frame at
    ``time`` seconds (a video face's ``frame_time``; default VIDEO_STILL_AT), its longer side at most about
    ``max_side``; and the scale from full displayed pixels (where face boxes live) to these pixels."""
    if not is_video(path):
        decoded = decode(path, max_side=max_side)
        return decoded.pixels, decoded.scale
    frame = video_frame(path, VIDEO_STILL_AT if time is None else time)  # full size: the boxes' pixels
    h, w = frame.shape[:2]
    if max_side and max(w, h) > 2 * max_side:
        scale = max_side / max(w, h)
        frame = np.asarray(Image.fromarray(frame).resize((max(1, round(w * scale)), max(1, round(h * scale)))))
        return frame, frame.shape[1] / w
    return frame, 1.0


def load_photo(path: str, max_side: int | None = 2048, time: float | None = None) -> tuple[QImage, float]:
    """The photo (or a video's frame at ``time``) as displayed, its longer side at most about ``max_side``
    (reduced JPEG decode); also the scale from full displayed pixels (where face boxes live) to the image's."""
    pixels, scale = media_pixels(path, max_side, time)
    return to_qimage(pixels), scale


def face_crop(
    path: str, box: Box, size: int = CROP_SIZE, margin: float = 0.25, ratio: float = 1.0, time: float | None = None
) -> QImage:
    """A square crop around ``box`` (full displayed pixels) with ``margin`` of its size on each side, ``size``
    logical pixels wide at the screen's device pixel ratio ``ratio`` (a 2x screen gets 2x the pixels, so
    faces are sharp there; the image says its ratio, and Qt draws it ``size`` wide). A video's face is cut from
    its frame at ``time`` (the face's ``frame_time``)."""
    side_px = max(1, round(size * ratio))
    pixels, s = media_pixels(path, 4 * side_px, time)
    side = max(box.width, box.height) * (1 + 2 * margin) * s
    cx, cy = (box.x + box.width / 2) * s, (box.y + box.height / 2) * s
    h, w = pixels.shape[:2]
    x0, y0 = int(max(0, cx - side / 2)), int(max(0, cy - side / 2))
    x1, y1 = int(min(w, cx + side / 2)), int(min(h, cy + side / 2))
    region = pixels[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)]
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
        self._making: dict[int, list[CropReady]] = {}  # face id -> who waits for its crop (UI thread only)

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

    def crop(
        self, face_id: int, path: str, box: Box, runner: TaskRunner, on_ready: CropReady, time: float | None = None
    ) -> QImage | None:
        """The crop of face ``face_id`` (``box`` in the photo at ``path``) if it is cached; else None, and it is
        made on a worker of ``runner``, put in the cache and ``on_ready(face_id, crop)`` called on the UI thread.

        Each face is made once however many views ask (the cache is shared): a face already being made is not
        asked for again, its new caller is told too (once, however often it asks: ask on every repaint). A photo
        that cannot be read gets a grey placeholder, cached like a crop, so it is not read again on every
        repaint. Call on the UI thread."""
        image = self.get(face_id)
        if image is not None:
            return image
        waiting = self._making.get(face_id)
        if waiting is None:
            self._making[face_id] = [on_ready]
            made = partial(face_crop, path, box, ratio=self.ratio, time=time)  # time: a video face's frame
            runner.run_task(made, partial(self._made, face_id))
        elif on_ready not in waiting:  # bound methods of the same view compare equal
            waiting.append(on_ready)
        return None

    def _made(self, face_id: int, image: QImage | None, error: BaseException | None) -> None:
        if image is None:  # the photo cannot be read (moved, corrupt): the placeholder stays
            log.debug("no crop of face %d: %s", face_id, error)
            image = QImage(CROP_SIZE, CROP_SIZE, QImage.Format.Format_RGB32)
            image.fill(QColor(PLACEHOLDER_COLOR))
        self.put(face_id, image)
        for ready in self._making.pop(face_id, []):
            try:
                ready(face_id, image)
            except Exception:  # one view's failure must not keep the crop from the others
                log.exception("crop callback failed")
