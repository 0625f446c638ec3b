"""The photo views: the viewer with face overlays and editing, and Find photos."""

from __future__ import annotations

from .find_view import FiltersView
from .viewer import PhotoView

__all__ = [
    "FiltersView",
    "PhotoView",
]
