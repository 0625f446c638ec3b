"""A list model of photos shown as thumbnails: a thumbnail is made on a worker thread the first time its
row is painted (so only the rows on screen cost anything), then kept in a small cache."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import numpy as np
from PIL import Image
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QImage, QPainter, QPixmap

from ..images import CropCache, media_pixels, to_qimage
from ..services import LibraryService

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Thumbnails(Protocol):
    """Where thumbnails come from (thumbnails.ThumbnailStore: on disk)."""

    def thumbnail(self, path: str, content_hash: str | None, size: int, ratio: float = 1.0) -> QImage: ...


THUMB_SIZE = 160
#: The badges on a thumbnail (a video's length, a photo's files: ``with_badge``): white on translucent black, like
#: the overlays' text fields.
BADGE_FONT_PX = 11
BADGE_PADDING = 4
BADGE_MARGIN = 4
BADGE_BACKGROUND = QColor(0, 0, 0, 170)
BADGE_TEXT = QColor(255, 255, 255)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FoundPhoto:
    """A photo in a result list."""

    id: int
    path: str
    content_hash: str | None = None  # the key of its thumbnail on disk
    duration: float | None = None  # a video's length in seconds (drawn on its thumbnail); None: a photo
    files: str | None = None  # the badge of a photo of several files ("RAW", "LIVE", "×3": files_badge)


def duration_label(seconds: float) -> str:
    """A video's length as its badge says it: "0:42", "12:05", "1:02:03" (seconds rounded)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def files_badge(roles: list[str], locations: int) -> str | None:
    """What a thumbnail's bottom-left badge says of a photo of several files, as photo apps mark them: "RAW" (its
    RAW is beside it), "LIVE" (a Live Photo's movie), "×3" (three places hold its bytes); None for one file."""
    parts = [{"raw": "RAW", "live": "LIVE"}[r] for r in roles if r in ("raw", "live")]
    if locations > 1:
        parts.append(f"\u00d7{locations}")
    return " ".join(parts) or None


def with_badge(image: QImage, text: str, *, left: bool = False) -> QImage:
    """A copy of the thumbnail ``image`` with ``text`` on a dark rounded badge in its bottom-right (or bottom-left)
    corner, drawn into the cached thumbnail once, not at each paint."""
    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    out.setDevicePixelRatio(image.devicePixelRatio())
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(painter.font())
    font.setPixelSize(BADGE_FONT_PX)
    font.setBold(True)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    w, h = metrics.horizontalAdvance(text) + 2 * BADGE_PADDING, metrics.height() + BADGE_PADDING
    ratio = image.devicePixelRatio() or 1.0
    right, bottom = image.width() / ratio - BADGE_MARGIN, image.height() / ratio - BADGE_MARGIN
    rect = QRectF(BADGE_MARGIN if left else right - w, bottom - h, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BADGE_BACKGROUND)
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(BADGE_TEXT)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return out


def photo_thumbnail(path: str, size: int = THUMB_SIZE) -> QImage:
    """The photo (EXIF orientation applied; a video's still) fitted in ``size`` x ``size``, decoded at reduced size."""
    pixels, _scale = media_pixels(path, 2 * size)
    im = Image.fromarray(pixels[:, :, :3])
    im.thumbnail((size, size), Image.Resampling.BILINEAR)
    return to_qimage(np.asarray(im))


class PhotoListModel(QAbstractListModel):
    """Rows of :class:`FoundPhoto`; ``requested`` counts the thumbnails asked of worker threads."""

    def __init__(self, library: LibraryService, thumb_size: int = THUMB_SIZE, store: Thumbnails | None = None) -> None:
        """``store``: thumbnails kept on disk (thumbnails.ThumbnailStore), else made each time."""
        super().__init__()
        self.library = library
        self.thumb_size = thumb_size
        self.store = store
        self.cache = CropCache(capacity=500)
        self._rows: list[FoundPhoto] = []
        self._pending: set[int] = set()
        self.requested = 0
        self._placeholder = QPixmap(thumb_size, thumb_size)
        self._placeholder.fill(QColor("#d0d4da"))

    def set_photos(self, photos: list[FoundPhoto]) -> None:
        self.beginResetModel()
        self._rows = list(photos)
        self.endResetModel()

    def photo_ids(self) -> list[int]:
        return [p.id for p in self._rows]

    @property
    def pending(self) -> int:
        return len(self._pending)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        p = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return os.path.basename(p.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.path if p.duration is None else f"{p.path} ({duration_label(p.duration)})"
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._thumbnail(p))
        if role == PHOTO_ID_ROLE:
            return p.id
        return None

    def _thumbnail(self, p: FoundPhoto) -> QPixmap:
        image = self.cache.get(p.id)
        if image is not None:
            return QPixmap.fromImage(image)
        if p.id not in self._pending:
            self._pending.add(p.id)
            self.requested += 1
            size, ratio, store = self.thumb_size, self.cache.ratio, self.store
            if store is not None:
                make = partial(store.thumbnail, p.path, p.content_hash, size, ratio)
            else:
                make = partial(photo_thumbnail, p.path, size)
            self.library.runner.run_task(make, lambda img, err: self._made(p.id, img, p.duration, p.files))
        return self._placeholder

    def _made(
        self, photo_id: int, image: QImage | None, duration: float | None = None, files: str | None = None
    ) -> None:
        """A thumbnail is made (None: it could not be): cached, a video's with its duration badge and a photo of
        several files with its files badge, and shown."""
        self._pending.discard(photo_id)
        if image is not None and not image.isNull():
            if duration is not None:  # bottom right, as photo apps mark videos
                image = with_badge(image, duration_label(duration))
            if files is not None:
                image = with_badge(image, files, left=True)
        self.cache.put(photo_id, image if image is not None else self._placeholder.toImage())
        for row, p in enumerate(self._rows):
            if p.id == photo_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
