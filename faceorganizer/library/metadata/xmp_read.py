"""Read face regions from XMP: sidecars first, then XMP embedded in the image; MWG and Microsoft MP regions.

Both RDF spellings real tools write are read (see ``xmp.struct_field``). Microsoft MP rectangles
("x, y, w, h", top-left, normalized) apply, like MWG areas, to the stored image: Windows Photo
Gallery writes them before its rotation is applied.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from ...raw import RawError, is_raw, raw_header
from .packet import load_xml, read_sidecar
from .xmp import (
    FACE,
    NS_MP,
    NS_MPREG,
    NS_MPRI,
    NS_MWG_RS,
    NS_RDF,
    NS_ST_AREA,
    NS_ST_DIM,
    NS_TIFF,
    FaceRegion,
    MwgArea,
    XmpError,
    from_mwg,
    list_items,
    normalize_orientation,
    sidecar_candidates,
    simple_text,
    struct_field,
    usable_area,
)

log = logging.getLogger("faceorganizer.library.metadata")

_DESCRIPTION = f"{{{NS_RDF}}}Description"
#: Windows Live Photo Gallery's marker for a face the user chose to ignore.
_MP_IGNORED = "ffffffffffffffff"
#: The most regions one packet may hold (a 200 MB sidecar once held 728,178); more refuses the packet.
MAX_REGIONS = 1000
#: The biggest AppliedToDimensions side taken seriously, in pixels.
_MAX_SIDE = 1_000_000


@dataclass
class RegionInfo:
    """The regions found in one XMP packet: ``kind`` "mwg" or "mp"; areas of every type, stored-image normalized."""

    kind: str
    areas: list[MwgArea] = field(default_factory=list)
    applied_to_dimensions: tuple[int, int] | None = None
    orientation: int | None = None  # tiff:Orientation in the packet, if any


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _float(value: ET.Element | str | None) -> float | None:
    text = simple_text(value)
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # "inf", "nan", "1e400": no number a region can use


def _capped(items: list[ET.Element], source: str) -> list[ET.Element]:
    if len(items) > MAX_REGIONS:
        raise XmpError(f"{source}: {len(items):,} regions, more than {MAX_REGIONS} in one photo; refused")
    return items


def _mwg(regions: ET.Element, source: str) -> RegionInfo:
    info = RegionInfo("mwg")
    dims = struct_field(regions, _q(NS_MWG_RS, "AppliedToDimensions"))
    if isinstance(dims, ET.Element):
        w, h = _float(struct_field(dims, _q(NS_ST_DIM, "w"))), _float(struct_field(dims, _q(NS_ST_DIM, "h")))
        if w and h and 0 < w <= _MAX_SIDE and 0 < h <= _MAX_SIDE:
            info.applied_to_dimensions = (round(w), round(h))
    for li in _capped(list_items(struct_field(regions, _q(NS_MWG_RS, "RegionList"))), source):
        area = struct_field(li, _q(NS_MWG_RS, "Area"))
        if not isinstance(area, ET.Element):
            continue
        x, y, w, h = (_float(struct_field(area, _q(NS_ST_AREA, k))) for k in "xywh")
        unit = simple_text(struct_field(area, _q(NS_ST_AREA, "unit"))) or "normalized"
        kind = simple_text(struct_field(li, _q(NS_MWG_RS, "Type"))) or FACE  # a missing Type is taken as a face
        name = simple_text(struct_field(li, _q(NS_MWG_RS, "Name"))) or None
        if x is None or y is None or w is None or h is None or not usable_area(x, y, w, h):
            log.info("%s: skipping MWG region %r without a usable area", source, name)
            continue
        if unit != "normalized":
            log.warning("%s: skipping MWG region %r with unsupported unit %r", source, name, unit)
            continue
        info.areas.append(MwgArea(x, y, w, h, name, FACE if kind.lower() == "face" else kind))
    return info


def _mp(region_info: ET.Element, source: str) -> RegionInfo:
    info = RegionInfo("mp")
    for li in _capped(list_items(struct_field(region_info, _q(NS_MPRI, "Regions"))), source):
        name = simple_text(struct_field(li, _q(NS_MPREG, "PersonDisplayName"))) or None
        rect = simple_text(struct_field(li, _q(NS_MPREG, "Rectangle")))
        if name == _MP_IGNORED or not rect:
            continue
        try:
            x, y, w, h = (float(p) for p in rect.split(","))
        except ValueError:
            log.warning("%s: skipping MP region %r with a bad rectangle %r", source, name, rect)
            continue
        if w == 0 and h == 0:  # all zeros: a person tag not tied to a region
            continue
        if not usable_area(x + w / 2, y + h / 2, w, h):
            log.warning("%s: skipping MP region %r with an unusable rectangle %r", source, name, rect)
            continue
        info.areas.append(MwgArea(x + w / 2, y + h / 2, w, h, name, FACE))
    return info


def _orientation(root: ET.Element) -> int | None:
    tag = _q(NS_TIFF, "Orientation")
    for desc in root.iter(_DESCRIPTION):
        if tag in desc.attrib:
            return normalize_orientation(desc.attrib[tag])
    for el in root.iter(tag):
        return normalize_orientation(simple_text(el))
    return None


def parse_xmp(data: bytes | str, source: str) -> RegionInfo | None:
    """The face regions in one XMP packet, or None when it holds neither MWG nor MP regions.

    MWG wins when a packet has both (tools that write both write the same faces twice).
    ``source`` names the file in errors. Malformed XML, a DTD, more than ``MAX_REGIONS`` regions or
    any limit of ``packet.load_xml`` (size, nesting, encoding) raises XmpError; unusable areas
    (not finite, bigger than the image, outside it) are skipped.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip(b"\x00 \t\r\n"):
        return None
    root, _ = load_xml(raw, source)
    regions = next(root.iter(_q(NS_MWG_RS, "Regions")), None)
    mp = next(root.iter(_q(NS_MP, "RegionInfo")), None)
    if regions is not None:
        info = _mwg(regions, source)
    elif mp is not None:
        info = _mp(mp, source)
    else:
        return None
    info.orientation = _orientation(root)
    return info


@dataclass(frozen=True)
class _ImageMeta:
    stored_size: tuple[int, int]
    orientation: int
    xmp: bytes | None


def _image_meta(photo: Path) -> _ImageMeta:
    """Stored size, EXIF orientation and embedded XMP, from the header only (no pixel decoding). A camera RAW's
    come from LibRaw; its tags live in its sidecar (no embedded XMP is read from RAW files)."""
    if is_raw(str(photo)):
        try:
            size, orientation = raw_header(str(photo))
        except RawError as exc:
            raise XmpError(f"{photo}: cannot read the RAW's size or orientation: {exc}") from exc
        return _ImageMeta(size, orientation, None)
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # optional: HEIC files then fail with a clear error below
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(photo) as im:
                try:
                    orientation = normalize_orientation(im.getexif().get(0x0112, 1))
                except Exception:  # a broken EXIF block: same fallback as imaging.decode
                    orientation = 1
                xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
                if xmp is None and hasattr(im, "tag_v2"):
                    xmp = im.tag_v2.get(700)  # TIFF XMLPacket
                if isinstance(xmp, str):
                    xmp = xmp.encode("utf-8")
                return _ImageMeta(im.size, orientation, bytes(xmp) if xmp else None)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise XmpError(f"{photo}: cannot read the image's size, orientation or XMP: {exc}") from exc


def read_regions(
    path_of_photo: str | os.PathLike[str],
    *,
    stored_size: tuple[int, int] | None = None,
    orientation: int | None = None,
) -> list[FaceRegion]:
    """Face regions of a photo, boxes in displayed pixels; [] when it has none.

    Sources, first that holds regions wins: ``photo.jpg.xmp``, ``photo.xmp``, XMP embedded in the
    image. Non-face regions (Pet, Focus, BarCode) are left out. ``stored_size`` / ``orientation``
    (what the catalog recorded) spare opening the image; otherwise they are read from the image
    header, or as a last resort from the sidecar (AppliedToDimensions, tiff:Orientation).
    Raises XmpError naming the file for malformed XMP or an unreadable photo/sidecar.
    """
    photo = Path(path_of_photo)
    info: RegionInfo | None = None
    meta: _ImageMeta | None = None
    source = ""
    for sidecar in sidecar_candidates(photo):
        data = read_sidecar(sidecar)  # XmpError over the size cap, before reading it
        if data is None:
            continue
        info, source = parse_xmp(data, str(sidecar)), str(sidecar)
        if info is not None:
            break
    if info is None:
        meta = _image_meta(photo)
        source = f"{photo} (embedded XMP)"
        info = parse_xmp(meta.xmp, source) if meta.xmp else None
        if info is None:
            return []
    faces = [a for a in info.areas if a.type == FACE]
    if not faces:
        return []
    if stored_size is None or orientation is None:
        if meta is None:
            try:
                meta = _image_meta(photo)
            except XmpError:
                if info.applied_to_dimensions is None:
                    raise
                log.warning("%s: photo unreadable, using the sidecar's AppliedToDimensions", source)
        if meta is not None:
            stored_size = stored_size or meta.stored_size
            orientation = orientation if orientation is not None else meta.orientation
        else:
            stored_size = stored_size or info.applied_to_dimensions
            orientation = orientation if orientation is not None else info.orientation
    if stored_size is None:  # unreachable: an unreadable photo without AppliedToDimensions re-raised above
        raise XmpError(f"{source}: the photo's size is unknown")
    applied = info.applied_to_dimensions
    if applied and applied != tuple(stored_size) and applied == (stored_size[1], stored_size[0]):
        log.warning(
            "%s: AppliedToDimensions %dx%d is the image's size turned sideways; following the MWG rule "
            "(regions apply to the stored image) all the same",
            source,
            *applied,
        )
    return from_mwg(faces, (int(stored_size[0]), int(stored_size[1])), orientation)
