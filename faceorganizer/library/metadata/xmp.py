"""XMP face regions: the data types and the MWG coordinate rule (regions apply to the stored image).

The catalog keeps every box in pixels of the image *as displayed* (EXIF orientation applied). The
MWG Regions guideline (MWG "Guidelines for Handling Image Metadata" 2.0, 5.9) says region metadata
applies to the *stored* image: "When applying a rotation by applying Exif Orientation, the rotation
must be applied to the regions as well." So a box goes displayed pixels -> inverse of the
orientation -> normalized to the stored image (centre x/y, w/h), and back the other way on import.

Orientation maps, in coordinates normalized to 0..1 (u, v = stored; X, Y = displayed). They follow
the EXIF table (value: 0th row is the visual ..., 0th column is the visual ...), Pillow's
``ImageOps.exif_transpose`` (tested against it pixel by pixel) and digiKam's
``TagRegion::adjustToOrientation`` (which turns stored-image regions read from XMP into the
displayed ones it draws):

====  ==========================  ================  ==================
EXIF  meaning (to display)        stored -> shown   shown -> stored
====  ==========================  ================  ==================
1     as stored                   (u, v)            (X, Y)
2     mirror left-right           (1-u, v)          (1-X, Y)
3     rotate 180                  (1-u, 1-v)        (1-X, 1-Y)
4     mirror top-bottom           (u, 1-v)          (X, 1-Y)
5     transpose (mirror + 270 CW) (v, u)            (Y, X)
6     rotate 90 clockwise         (1-v, u)          (Y, 1-X)
7     transverse (mirror + 90 CW) (1-v, 1-u)        (1-Y, 1-X)
8     rotate 90 counter-clockwise (v, 1-u)          (1-Y, X)
====  ==========================  ================  ==================

Worked example, orientation 6 (camera turned clockwise; stored 600x400, shown 400x600): the stored
row 0 is the visual right-hand side and the stored column 0 the visual top, so a face in the
*top-left* of the displayed photo lies at the stored image's *bottom-left* (not top-right): shown
(X, Y) = (0, 0) -> stored (u, v) = (0, 1). For orientation 8 the displayed top-left is the stored
*top-right*: (0, 0) -> (1, 0).
"""

from __future__ import annotations

import logging
import math
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...geometry import Box

log = logging.getLogger("faceorganizer.library.metadata")

NS_X = "adobe:ns:meta/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_MWG_RS = "http://www.metadataworkinggroup.com/schemas/regions/"
NS_ST_AREA = "http://ns.adobe.com/xmp/sType/Area#"
NS_ST_DIM = "http://ns.adobe.com/xap/1.0/sType/Dimensions#"
NS_TIFF = "http://ns.adobe.com/tiff/1.0/"
NS_MP = "http://ns.microsoft.com/photo/1.2/"
NS_MPRI = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
NS_MPREG = "http://ns.microsoft.com/photo/1.2/t/Region#"
NS_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
NS_DIGIKAM = "http://www.digikam.org/ns/1.0/"
NS_LR = "http://ns.adobe.com/lightroom/1.0/"
NS_DC = "http://purl.org/dc/elements/1.1/"

#: Prefixes we write (and keep for these URIs when rewriting someone else's sidecar).
PREFIXES = {
    NS_X: "x",
    NS_RDF: "rdf",
    NS_MWG_RS: "mwg-rs",
    NS_ST_AREA: "stArea",
    NS_ST_DIM: "stDim",
    NS_TIFF: "tiff",
    NS_MP: "MP",
    NS_MPRI: "MPRI",
    NS_MPREG: "MPReg",
    NS_IPTC_EXT: "Iptc4xmpExt",
    NS_DIGIKAM: "digiKam",
    NS_LR: "lr",
    NS_DC: "dc",
}

FACE = "Face"

#: The smallest face box read or written, in pixels of the image: a smaller one is no face (a sidecar's
#: region of 1e-7 of the image once became a manual face of 4.5e-5 px).
MIN_FACE_PX = 1.0
#: How much a normalized region may exceed the image (writers round): a bigger one is nonsense and refused,
#: not clamped to the whole image (a region of 1e308 was, and got confirmed onto a face).
AREA_SLACK = 0.01

_DESCRIPTION = f"{{{NS_RDF}}}Description"
_LI = f"{{{NS_RDF}}}li"
_CONTAINERS = {f"{{{NS_RDF}}}Bag", f"{{{NS_RDF}}}Seq", f"{{{NS_RDF}}}Alt"}


class XmpError(ValueError):
    """An XMP packet or sidecar could not be read or written; the message names the file and the problem."""


@dataclass(frozen=True)
class FaceRegion:
    """A named (or unnamed: ``name`` None) face box in pixels of the image as displayed."""

    name: str | None
    box: Box


@dataclass(frozen=True)
class MwgArea:
    """One MWG region: box centre ``x``, ``y`` and size ``w``, ``h``, normalized to the stored image."""

    x: float
    y: float
    w: float
    h: float
    name: str | None = None
    type: str = FACE


Point2 = tuple[float, float]
_TO_DISPLAYED: dict[int, Callable[[float, float], Point2]] = {
    1: lambda u, v: (u, v),
    2: lambda u, v: (1 - u, v),
    3: lambda u, v: (1 - u, 1 - v),
    4: lambda u, v: (u, 1 - v),
    5: lambda u, v: (v, u),
    6: lambda u, v: (1 - v, u),
    7: lambda u, v: (1 - v, 1 - u),
    8: lambda u, v: (v, 1 - u),
}
_TO_STORED: dict[int, Callable[[float, float], Point2]] = {
    1: lambda x, y: (x, y),
    2: lambda x, y: (1 - x, y),
    3: lambda x, y: (1 - x, 1 - y),
    4: lambda x, y: (x, 1 - y),
    5: lambda x, y: (y, x),
    6: lambda x, y: (y, 1 - x),
    7: lambda x, y: (1 - y, 1 - x),
    8: lambda x, y: (1 - y, x),
}


def normalize_orientation(orientation: int | str | None) -> int:
    """EXIF orientation 1..8; anything else (0 = unspecified, None, garbage) means 1, as viewers do."""
    try:
        value = int(orientation)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1
    return value if 1 <= value <= 8 else 1


def swaps_axes(orientation: int | None) -> bool:
    """True for orientations 5..8, whose displayed width is the stored height."""
    return normalize_orientation(orientation) >= 5


def displayed_size_of(stored_size: tuple[int, int], orientation: int | None) -> tuple[int, int]:
    """(width, height) as displayed, from the stored (file pixel) size and the EXIF orientation."""
    w, h = stored_size
    return (h, w) if swaps_axes(orientation) else (w, h)


def _map_box(corners: tuple[Point2, Point2], fn: Callable[[float, float], Point2]) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = fn(*corners[0]), fn(*corners[1])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _clamp01(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def usable_area(x: float, y: float, w: float, h: float) -> bool:
    """True for a normalized area (centre ``x``, ``y``; size ``w``, ``h``) that is finite, positive, no bigger
    than the image (give or take ``AREA_SLACK``) and overlaps it: what a real tool writes."""
    if not all(math.isfinite(v) for v in (x, y, w, h)):
        return False
    if not (0 < w <= 1 + AREA_SLACK and 0 < h <= 1 + AREA_SLACK):
        return False
    return x + w / 2 > 0 and x - w / 2 < 1 and y + h / 2 > 0 and y - h / 2 < 1


def to_mwg(regions: Sequence[FaceRegion], displayed_size: tuple[int, int], orientation: int | None) -> list[MwgArea]:
    """MWG areas (type Face) for boxes in displayed pixels, normalized to the stored image.

    Boxes are clipped to the image first (a detector box may stick out of it); a box with less than
    ``MIN_FACE_PX`` left inside the image, or not finite, is dropped with a log line.
    """
    dw, dh = displayed_size
    if dw <= 0 or dh <= 0:
        raise ValueError(f"displayed size must be positive, got {displayed_size}")
    to_stored = _TO_STORED[normalize_orientation(orientation)]
    areas = []
    for region in regions:
        b = region.box
        if not all(math.isfinite(v) for v in (b.x, b.y, b.width, b.height)):
            log.warning("face box %s of %r is not finite; not exported", b, region.name)
            continue
        x0, y0 = _clamp01(b.left / dw), _clamp01(b.top / dh)
        x1, y1 = _clamp01(b.right / dw), _clamp01(b.bottom / dh)
        if (x1 - x0) * dw < MIN_FACE_PX or (y1 - y0) * dh < MIN_FACE_PX:
            log.warning("face box %s of %r lies outside the %dx%d image or is smaller than %g px; not exported",
                        b, region.name, dw, dh, MIN_FACE_PX)  # fmt: skip
            continue
        u0, v0, u1, v1 = _map_box(((x0, y0), (x1, y1)), to_stored)
        areas.append(MwgArea((u0 + u1) / 2, (v0 + v1) / 2, u1 - u0, v1 - v0, region.name or None, FACE))
    return areas


def from_mwg(
    areas: Sequence[MwgArea], applied_to_dimensions: tuple[int, int], orientation: int | None
) -> list[FaceRegion]:
    """Face boxes in displayed pixels for MWG areas normalized to a stored image of ``applied_to_dimensions``.

    ``applied_to_dimensions`` is the stored (unrotated) (width, height); pass the image's real size
    when known — normalized areas do not depend on the size they were written for. Every area given
    is converted (filter by ``type`` before); boxes are clipped to the image. Areas that are not
    ``usable_area`` and boxes smaller than ``MIN_FACE_PX`` are dropped with a log line.
    """
    dw, dh = displayed_size_of(applied_to_dimensions, orientation)
    if dw <= 0 or dh <= 0:
        raise ValueError(f"image size must be positive, got {applied_to_dimensions}")
    to_displayed = _TO_DISPLAYED[normalize_orientation(orientation)]
    regions = []
    for a in areas:
        if not usable_area(a.x, a.y, a.w, a.h):
            log.warning("region %r: area (%g, %g, %g, %g) is no area of the image; skipped", a.name, a.x, a.y, a.w, a.h)
            continue
        u0, v0 = _clamp01(a.x - a.w / 2), _clamp01(a.y - a.h / 2)
        u1, v1 = _clamp01(a.x + a.w / 2), _clamp01(a.y + a.h / 2)
        x0, y0, x1, y1 = _map_box(((u0, v0), (u1, v1)), to_displayed)
        if (x1 - x0) * dw < MIN_FACE_PX or (y1 - y0) * dh < MIN_FACE_PX:
            log.warning("region %r is smaller than %g px in the %dx%d image; skipped", a.name, MIN_FACE_PX, dw, dh)
            continue
        regions.append(FaceRegion(a.name or None, Box.from_bounds(x0 * dw, y0 * dh, x1 * dw, y1 * dh)))
    return regions


def sidecar_path(photo: str | os.PathLike[str]) -> Path:
    """The sidecar we write, named as digiKam does: ``photo.jpg`` -> ``photo.jpg.xmp``."""
    p = Path(photo)
    return p.with_name(p.name + ".xmp")


def sidecar_candidates(photo: str | os.PathLike[str]) -> list[Path]:
    """Sidecars to read, best first: ``photo.jpg.xmp`` (digiKam, darktable), ``photo.xmp`` (Lightroom, exiftool)."""
    p = Path(photo)
    return [sidecar_path(p), p.with_suffix(".xmp")] if p.suffix else [sidecar_path(p)]


# RDF lets a writer spell one struct several ways and real tools use all of them: exiftool writes
# rdf:parseType="Resource" with one element per field, Exiv2 (hence digiKam) writes fields as
# attributes, with list items as nested rdf:Description. struct_field looks a field up in every form.


def struct_field(node: ET.Element, tag: str) -> ET.Element | str | None:
    """A struct field in any RDF form: attribute or child element, on the node or on its rdf:Description."""
    for holder in (node, *(c for c in node if c.tag == _DESCRIPTION)):
        if tag in holder.attrib:
            return holder.attrib[tag]
        for child in holder:
            if child.tag == tag:
                return child
    return None


def simple_text(value: ET.Element | str | None) -> str | None:
    """A simple value: attribute text, element text, or the first item of an rdf:Alt/Bag/Seq."""
    if value is None or isinstance(value, str):
        return value.strip() if value is not None else None
    for child in value:
        if child.tag in _CONTAINERS:
            li = child.find(_LI)
            return (li.text or "").strip() if li is not None else None
    return (value.text or "").strip()


def list_items(container: ET.Element | str | None) -> list[ET.Element]:
    """The rdf:li items of an array property (rdf:Bag / Seq / Alt), [] when it is not one."""
    if not isinstance(container, ET.Element):
        return []
    return [li for bag in container if bag.tag in _CONTAINERS for li in bag if li.tag == _LI]
