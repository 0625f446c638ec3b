"""Write face names as XMP MWG Regions sidecars (``photo.jpg.xmp``), keeping everything else already in them.

Only the sidecar is ever written, atomically (temp file + os.replace); the photo is never touched.
An existing sidecar keeps its other namespaces and properties, and its non-face regions (Pet, Focus,
BarCode); its face regions are replaced by ours. A sidecar we cannot parse is left alone (XmpError).
What we write is parsed back, within the reader's limits, before it replaces anything: a packet that
is not XML (a name with a control character once made every sidecar unreadable, for every tool) or
that reads back other face regions than written is an XmpError, and the old sidecar stays. Temp files
a killed writer left (``.photo.jpg.xmp.<pid>[.<hex>].tmp``) are removed once their writer is dead or
they are ``STALE_TEMP_SECONDS`` old (``packet.remove_stale_temps``); ours is removed whatever happens
to the write (``packet.atomic_write``).
Regions are written in the exiftool style (``rdf:parseType="Resource"``, one element per field),
which exiftool, Exiv2/digiKam and Lightroom all read.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from .packet import atomic_write, load_xml, read_sidecar, remove_stale_temps
from .xmp import (
    FACE,
    NS_DC,
    NS_DIGIKAM,
    NS_IPTC_EXT,
    NS_LR,
    NS_MP,
    NS_MPREG,
    NS_MPRI,
    NS_MWG_RS,
    NS_RDF,
    NS_ST_AREA,
    NS_ST_DIM,
    NS_X,
    PREFIXES,
    FaceRegion,
    MwgArea,
    XmpError,
    displayed_size_of,
    list_items,
    normalize_orientation,
    sidecar_path,
    simple_text,
    struct_field,
    to_mwg,
)
from .xmp_read import parse_xmp

log = logging.getLogger("faceorganizer.library.metadata")

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_RDF = f"{{{NS_RDF}}}RDF"
_DESCRIPTION = f"{{{NS_RDF}}}Description"
_PARSE_TYPE = f"{{{NS_RDF}}}parseType"
_REGIONS = f"{{{NS_MWG_RS}}}Regions"


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _number(value: float) -> str:
    """Plain decimal with at most 6 places (``0.325``, never ``1e-05``), as exiftool and Exiv2 write."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _sub(parent: ET.Element, ns: str, name: str, text: str | None = None, resource: bool = False) -> ET.Element:
    el = ET.SubElement(parent, _q(ns, name))
    if resource:
        el.set(_PARSE_TYPE, "Resource")
    if text is not None:
        el.text = text
    return el


def _kept_regions(old: ET.Element | None) -> list[ET.Element]:
    """The rdf:li items of an existing RegionList that are not faces (another tool's Pet/Focus regions)."""
    if old is None:
        return []
    kept = []
    for li in list_items(struct_field(old, _q(NS_MWG_RS, "RegionList"))):
        kind = simple_text(struct_field(li, _q(NS_MWG_RS, "Type"))) or FACE
        if kind.lower() != "face":
            kept.append(li)
    return kept


def _regions_element(areas: Sequence[MwgArea], stored_size: tuple[int, int], kept: list[ET.Element]) -> ET.Element:
    regions = ET.Element(_REGIONS, {_PARSE_TYPE: "Resource"})
    dims = _sub(regions, NS_MWG_RS, "AppliedToDimensions", resource=True)
    _sub(dims, NS_ST_DIM, "w", str(int(stored_size[0])))
    _sub(dims, NS_ST_DIM, "h", str(int(stored_size[1])))
    _sub(dims, NS_ST_DIM, "unit", "pixel")
    bag = _sub(_sub(regions, NS_MWG_RS, "RegionList"), NS_RDF, "Bag")
    for a in areas:
        li = _sub(bag, NS_RDF, "li", resource=True)
        area = _sub(li, NS_MWG_RS, "Area", resource=True)
        for key, value in (("x", a.x), ("y", a.y), ("w", a.w), ("h", a.h)):
            _sub(area, NS_ST_AREA, key, _number(value))
        _sub(area, NS_ST_AREA, "unit", "normalized")
        _sub(li, NS_MWG_RS, "Type", a.type)
        if a.name:
            _sub(li, NS_MWG_RS, "Name", a.name)
    bag.extend(kept)
    return regions


#: The person tags other tools search with: (namespace, property, array kind, how a name is written). digiKam
#: and Lightroom keep people as keywords under a "People" parent; IPTC's PersonInImage and dc:subject (the
#: flat keywords) are what every other tool reads.
PEOPLE_TAGS: tuple[tuple[str, str, str, str], ...] = (
    (NS_IPTC_EXT, "PersonInImage", "Bag", "{name}"),
    (NS_DIGIKAM, "TagsList", "Seq", "People/{name}"),
    (NS_LR, "hierarchicalSubject", "Bag", "People|{name}"),
    (NS_DC, "subject", "Bag", "{name}"),
)


def _take_items(descriptions: list[ET.Element], ns: str, name: str) -> list[str]:
    """The texts of the array property ``ns:name`` wherever it is (element or attribute), removed from the
    descriptions so that it can be written once again."""
    tag, items = _q(ns, name), []
    for desc in descriptions:
        if tag in desc.attrib:
            items.append(desc.attrib.pop(tag))
        for el in desc.findall(tag):
            items += [li.text or "" for li in list_items(el)] or ([el.text] if el.text and el.text.strip() else [])
            desc.remove(el)
    return [i for i in items if i]


def _people_tags(holder: ET.Element, descriptions: list[ET.Element], names: Sequence[str]) -> None:
    """Write the people ``names`` as PEOPLE_TAGS, added to what the sidecar already has there (never
    dropping a tag another tool or the user put there, nor repeating one)."""
    for ns, prop, kind, form in PEOPLE_TAGS:
        items = _take_items(descriptions, ns, prop)
        for name in names:
            if (text := form.format(name=name)) not in items:
                items.append(text)
        if items:
            array = _sub(_sub(holder, ns, prop), NS_RDF, kind)
            for text in items:
                _sub(array, NS_RDF, "li", text)


def _mp_regions(holder: ET.Element, descriptions: list[ET.Element], areas: Sequence[MwgArea]) -> None:
    """Microsoft's people regions (Windows Photo Gallery, read by digiKam and exiftool) beside MWG's: the named
    faces, top-left corner and size normalized to the stored image; they replace the ones there."""
    for desc in descriptions:
        for el in desc.findall(_q(NS_MP, "RegionInfo")):
            desc.remove(el)
    named = [a for a in areas if a.name]
    if not named:
        return
    info = _sub(holder, NS_MP, "RegionInfo", resource=True)
    bag = _sub(_sub(info, NS_MPRI, "Regions"), NS_RDF, "Bag")
    for a in named:
        li = _sub(bag, NS_RDF, "li", resource=True)
        rect = ", ".join(_number(v) for v in (a.x - a.w / 2, a.y - a.h / 2, a.w, a.h))
        _sub(li, NS_MPREG, "Rectangle", rect)
        _sub(li, NS_MPREG, "PersonDisplayName", a.name)


def _new_root() -> ET.Element:
    root = ET.Element(_q(NS_X, "xmpmeta"), {_q(NS_X, "xmptk"): "faceorganizer"})
    ET.SubElement(root, _RDF)
    return root


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


def serialize(root: ET.Element, prefixes: dict[str, str]) -> bytes:
    """The packet as UTF-8 with xpacket wrappers, every namespace declared once on the root element.

    ``prefixes`` (URI -> prefix, e.g. as the original file declared them) win over our defaults, so
    a rewritten sidecar keeps the prefixes other tools chose.
    """
    uris: dict[str, None] = {}
    for el in root.iter():
        for name in (el.tag, *el.attrib):
            if isinstance(name, str) and name.startswith("{"):
                uri = name[1 : name.index("}")]
                if uri != _XML_NS:
                    uris.setdefault(uri)
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for uri in uris:
        prefix = prefixes.get(uri) or PREFIXES.get(uri) or ""
        n = 0
        while not prefix or prefix in taken or prefix.lower().startswith("xml"):
            prefix, n = f"ns{n}", n + 1
        chosen[uri] = prefix
        taken.add(prefix)

    def qname(name: str) -> str:
        if not name.startswith("{"):
            return name
        uri, local = name[1:].split("}", 1)
        return f"xml:{local}" if uri == _XML_NS else f"{chosen[uri]}:{local}"

    out: list[str] = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n']

    def write(el: ET.Element, declare: bool) -> None:
        attrs = [f' xmlns:{p}="{_escape(u, True)}"' for u, p in chosen.items()] if declare else []
        attrs += [f' {qname(k)}="{_escape(v, True)}"' for k, v in el.attrib.items()]
        tag = qname(el.tag)
        if len(el) == 0 and not el.text:
            out.append(f"<{tag}{''.join(attrs)}/>")
        else:
            out.append(f"<{tag}{''.join(attrs)}>{_escape(el.text or '')}")
            for child in el:
                write(child, False)
            out.append(f"</{tag}>")
        out.append(_escape(el.tail or ""))

    write(root, True)
    out.append('\n<?xpacket end="w"?>\n')
    return "".join(out).encode("utf-8")


def _verified(target: Path, data: bytes, faces: int) -> bytes:
    """``data`` when it parses back, within the reader's limits, to ``faces`` face regions; else XmpError."""
    try:
        info = parse_xmp(data, str(target))
    except XmpError as exc:
        raise XmpError(f"{exc} -- in the sidecar we were about to write; the old one is left untouched") from exc
    found = 0 if info is None else sum(a.type == FACE for a in info.areas)
    if found != faces:
        raise XmpError(f"{target}: the sidecar to write reads back {found} face regions, not {faces}; not written")
    return data


def write_sidecar(
    path_of_photo: str | os.PathLike[str],
    regions: Sequence[FaceRegion],
    displayed_size: tuple[int, int],
    orientation: int | None,
    stored_size: tuple[int, int] | None = None,
    *,
    clean_temps: bool = True,
    people_tags: bool = True,
    mp_regions: bool = True,
) -> Path | None:
    """Write ``regions`` (boxes in displayed pixels) as MWG face regions into ``photo.jpg.xmp``.

    Returns the sidecar's path, or None when there was nothing to write (no regions and no
    sidecar). An empty ``regions`` removes the face regions from an existing sidecar.
    ``displayed_size`` must be ``stored_size`` turned by ``orientation`` (ValueError otherwise:
    the caller's catalog row is inconsistent); without ``stored_size`` it is derived from them.
    Raises XmpError naming the sidecar when it is malformed or over a limit (it is then left
    untouched), when what we would write does not parse back, or when it cannot be written.
    ``clean_temps`` first removes stale temp files of this sidecar (``remove_stale_temps``); an
    export that cleans whole folders itself passes False. ``people_tags``: the names also as the person tags
    and keywords digiKam, Lightroom and the rest search with (PEOPLE_TAGS), added to those there;
    ``mp_regions``: the named faces also as Microsoft MP regions.
    """
    orientation = normalize_orientation(orientation)
    if stored_size is None:
        stored_size = displayed_size_of(displayed_size, orientation)  # turning is its own inverse
    stored = (int(stored_size[0]), int(stored_size[1]))
    if tuple(displayed_size) != displayed_size_of(stored, orientation):
        raise ValueError(
            f"{path_of_photo}: displayed size {tuple(displayed_size)} does not match stored size {stored} "
            f"with EXIF orientation {orientation}"
        )
    target = sidecar_path(path_of_photo)
    if clean_temps:
        remove_stale_temps(target.parent, target.name)
    areas = to_mwg(regions, displayed_size, orientation)
    existing = read_sidecar(target)  # XmpError when over the size cap or unreadable
    if existing is None and not areas:
        return None

    prefixes: dict[str, str] = {}
    if existing is not None and existing.strip(b"\x00 \t\r\n"):
        root, prefixes = load_xml(existing, str(target))
    else:
        root = _new_root()
    if root.tag == _RDF:  # a bare rdf:RDF without the x:xmpmeta wrapper
        wrapper = _new_root()
        wrapper[:] = [root]
        root = wrapper
    rdf = root.find(_RDF)
    if root.tag != _q(NS_X, "xmpmeta") or rdf is None:
        raise XmpError(f"{target}: not an XMP sidecar (root element {root.tag!r}); left untouched")

    descriptions = rdf.findall(_DESCRIPTION)
    old = None
    for desc in descriptions:
        for el in desc.findall(_REGIONS):
            old = el if old is None else old
            desc.remove(el)
    kept = _kept_regions(old)
    holder = descriptions[0] if descriptions else ET.SubElement(rdf, _DESCRIPTION, {_q(NS_RDF, "about"): ""})
    descriptions = descriptions or [holder]
    if areas or kept:
        holder.append(_regions_element(areas, stored, kept))
    if mp_regions:
        _mp_regions(holder, descriptions, areas)
    if people_tags:
        _people_tags(holder, descriptions, list(dict.fromkeys(a.name for a in areas if a.name)))
    ET.indent(root, space=" ")
    try:
        data = serialize(root, prefixes)
    except UnicodeEncodeError as exc:  # a lone surrogate in a name: not text, so not XML either
        raise XmpError(f"{target}: cannot write {exc.object[exc.start : exc.end]!r} in XMP; left untouched") from exc
    atomic_write(target, _verified(target, data, len(areas)))
    log.info("%s: wrote %d face region(s)", target, len(areas))
    return target
