"""Metadata interop: face regions and names to and from XMP sidecars (MWG, Microsoft MP) and Picasa."""

from __future__ import annotations

from .exchange import export_xmp, import_xmp, select_photos
from .xmp import FaceRegion, XmpError

__all__ = [
    "FaceRegion",
    "XmpError",
    "export_xmp",
    "import_xmp",
    "select_photos",
]
