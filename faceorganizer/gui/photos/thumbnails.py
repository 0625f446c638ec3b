"""Photo thumbnails kept on disk, in the per-user cache folder (``$XDG_CACHE_HOME/faceorganizer/thumbnails``):
keyed by the photo's content hash and the thumbnail's size in device pixels, so a renamed or moved photo keeps
its thumbnail, a changed one gets a new one, and a 2x screen gets its own sharp ones. Bounded: past
``max_bytes`` the least recently used files go. Made and read on worker threads."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtGui import QImage

from .list_model import photo_thumbnail

#: The cache's default bound.
MAX_BYTES = 512 * 1024 * 1024
#: Files written between two checks of the bound.
CHECK_EVERY = 200


def cache_dir() -> Path:
    """The per-user cache folder for thumbnails (XDG on Linux; ~/Library/Caches on macOS; LOCALAPPDATA on
    Windows)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "faceorganizer" / "cache"
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches" / "faceorganizer"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "faceorganizer"
    return base / "thumbnails"


class ThumbnailStore:
    """Thumbnails on disk under ``folder`` (default :func:`cache_dir`), at most ``max_bytes``."""

    def __init__(self, folder: Path | None = None, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder or cache_dir()
        self.max_bytes = max_bytes
        self._written = 0
        self._lock = threading.Lock()

    def path_for(self, content_hash: str, pixels: int) -> Path:
        return self.folder / content_hash[:2] / f"{content_hash}-{pixels}.jpg"

    def thumbnail(self, path: str, content_hash: str | None, size: int, ratio: float = 1.0) -> QImage:
        """The photo at ``path`` fitted in ``size`` logical pixels at device pixel ratio ``ratio``: from the
        disk when made before, else made (and kept, when the photo has a content hash)."""
        pixels = max(1, round(size * ratio))
        file = self.path_for(content_hash, pixels) if content_hash else None
        image = QImage(str(file)) if file is not None and file.exists() else QImage()
        if image.isNull():
            image = photo_thumbnail(path, pixels)
            if file is not None:
                self._keep(image, file)
        elif file is not None:
            os.utime(file)  # recently used: the last to go
        image.setDevicePixelRatio(ratio)
        return image

    def _keep(self, image: QImage, file: Path) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        part = file.with_name(f".{file.stem}.{threading.get_ident()}.part.jpg")  # the suffix says the format
        if image.save(str(part), quality=85):
            os.replace(part, file)
        with self._lock:
            self._written += 1
            due = self._written % CHECK_EVERY == 0
        if due:
            self.clean()

    def clean(self) -> int:
        """Delete the least recently used thumbnails until the cache is under 80% of its bound; files deleted."""
        files = [(f.stat(), f) for f in self.folder.glob("*/*.jpg")]
        total = sum(st.st_size for st, _ in files)
        if total <= self.max_bytes:
            return 0
        gone = 0
        for st, f in sorted(files, key=lambda t: t[0].st_mtime):
            if total <= 0.8 * self.max_bytes:
                break
            f.unlink(missing_ok=True)
            total -= st.st_size
            gone += 1
        return gone
