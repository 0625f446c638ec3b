"""Import Picasa's face tags from a folder's ``.picasa.ini`` (``faces=rect64(...),contact;...`` per photo).

Format (reverse-engineered by the community; ExifTool's picasa_faces.config converts it the same
way): one INI section per file name, ``faces=rect64(<hex>),<contact id>`` entries joined by ``;``.
``rect64`` is a 64-bit hex number (leading zeros dropped) holding four 16-bit fields left, top,
right, bottom, each divided by 65535 -> 0..1. Contact id ``ffffffffffffffff`` marks a detected but
unnamed face. Names come from ``[Contacts2]`` (``id=Name;email;``) when Picasa wrote it; otherwise
only the id is known (names then live in Picasa's global contacts.xml, not read here). Names are
cleaned (``catalog.clean_name``: control characters out) as they are read.

For JPEGs ExifTool copies these boxes into MWG regions unchanged, i.e. they apply to the stored
image like MWG areas: convert with ``xmp.from_mwg(face.area for ...)`` using the photo's stored size
and orientation.
"""

from __future__ import annotations

import configparser
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...geometry import Box
from ..catalog import clean_name
from .xmp import FACE, MwgArea, XmpError

log = logging.getLogger("faceorganizer.library.metadata")

UNNAMED = "ffffffffffffffff"
_FACE = re.compile(r"rect64\(\s*([0-9a-fA-F]{1,16})\s*\)\s*,\s*([0-9a-fA-F]+)")
_NON_PHOTO_SECTIONS = {"picasa", "contacts", "contacts2", "encoding"}


@dataclass(frozen=True)
class PicasaFace:
    """One face of a photo: Picasa's contact id (None when unnamed), its name if known, box normalized 0..1."""

    contact_id: str | None
    name: str | None
    box: Box  # left/top/width/height as fractions of the stored image

    @property
    def area(self) -> MwgArea:
        """The same face as an MWG area (centre + size, stored-image normalized), for ``xmp.from_mwg``."""
        b = self.box
        return MwgArea(b.x + b.width / 2, b.y + b.height / 2, b.width, b.height, self.name, FACE)


def decode_rect64(hex_value: str) -> Box:
    """``rect64`` hex -> Box(left, top, width, height) in 0..1 (ValueError for a non-hex or empty box)."""
    number = int(hex_value, 16)
    if number < 0 or number >= 1 << 64:
        raise ValueError(f"rect64 value out of range: {hex_value!r}")
    left, top, right, bottom = ((number >> shift) & 0xFFFF for shift in (48, 32, 16, 0))
    if right <= left or bottom <= top:
        raise ValueError(f"rect64({hex_value}) is an empty box")
    return Box.from_bounds(left / 65535, top / 65535, right / 65535, bottom / 65535)


def _read_ini(path: Path) -> configparser.ConfigParser:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # older Picasa on Windows wrote the ANSI code page
    ini = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",), comment_prefixes=("#", ";"))
    ini.optionxform = str  # type: ignore[assignment,method-assign]  # keep file names and ids as written
    ini.read_string(text, source=str(path))
    return ini


def read_picasa_ini(folder: str | os.PathLike[str]) -> dict[str, list[PicasaFace]]:
    """Faces per file name from ``folder/.picasa.ini`` (also ``Picasa.ini``); {} when there is none.

    Raises XmpError naming the file when it cannot be read or parsed; a bad face entry is skipped
    with a log line.
    """
    folder = Path(folder)
    path = next((p for p in (folder / ".picasa.ini", folder / "Picasa.ini") if p.is_file()), None)
    if path is None:
        return {}
    try:
        ini = _read_ini(path)
    except (OSError, configparser.Error) as exc:
        raise XmpError(f"{path}: cannot read Picasa metadata: {exc}") from exc
    names: dict[str, str] = {}
    if ini.has_section("Contacts2"):
        for key, value in ini.items("Contacts2"):
            name = clean_name(value.split(";", 1)[0])  # as it will enter the catalog
            if name:
                names[key.lower()] = name
    result: dict[str, list[PicasaFace]] = {}
    for section in ini.sections():
        if section.lower() in _NON_PHOTO_SECTIONS or not ini.has_option(section, "faces"):
            continue
        faces = []
        for entry in ini.get(section, "faces").split(";"):
            if not entry.strip():
                continue
            match = _FACE.fullmatch(entry.strip())
            try:
                if match is None:
                    raise ValueError("expected rect64(<hex>),<contact id>")
                box = decode_rect64(match.group(1))
            except ValueError as exc:
                log.warning("%s [%s]: skipping face entry %r: %s", path, section, entry, exc)
                continue
            contact = match.group(2).lower()
            contact_id = None if contact == UNNAMED else contact
            faces.append(PicasaFace(contact_id, names.get(contact) if contact_id else None, box))
        if faces:
            result[section] = faces
    return result
