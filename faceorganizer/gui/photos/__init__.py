"""The photo views: the browser (by month or folder), the viewer with face overlays and editing, and Find
photos."""

from __future__ import annotations

from .browser import PhotoBrowser
from .find_view import FiltersView
from .thumbnails import ThumbnailStore
from .viewer import PhotoView

__all__ = [
    "FiltersView",
    "PhotoBrowser",
    "PhotoView",
    "ThumbnailStore",
]
