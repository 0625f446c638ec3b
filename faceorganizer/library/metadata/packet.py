"""Sidecar files and XMP packets, safely: the limits on hostile input, the text encoding, the XML parse,
atomic writes and the temp files killed writers leave.

A sidecar is input from anywhere (a shared folder, another tool, an attacker), so every read has limits:

- size: a sidecar over ``MAX_SIDECAR_BYTES`` is refused before it is read (a 200 MB one became 728,178
  faces, 1.76 GB of memory and a 177 MB catalog); a real one is a few KB.
- nesting: elements deeper than ``MAX_DEPTH`` are refused while parsing (a 1,200-deep sidecar blew the
  recursion limit: ElementTree's indent and our serializer recurse); XMP structs nest about 10 deep.
- DTDs: no XMP writer puts one in a packet; refused, so no entity can expand.

The DTD check runs on *decoded text*, and the parser is then fed that same text: a byte search for
``<!DOCTYPE`` missed it in UTF-16 (where only expat's own amplification limit stopped "billion laughs")
while every UTF-16 sidecar failed to parse (the NUL padding strip cut its last byte). The encoding is
found as XML 1.0 appendix F says: a BOM, else the first bytes' pattern (``<`` in UTF-16/32 LE/BE), else the
XML declaration's ``encoding``; UTF-8 by default. Only encodings real XMP writers use are accepted
(the XMP spec allows UTF-8/16/32; Latin-1/ASCII/cp1252 come from old tools); others are refused rather
than guessed. defusedxml would do the DTD part, but it is not installed, and it would not decode for us.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import secrets
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import cast

from .xmp import XmpError

log = logging.getLogger("faceorganizer.library.metadata")

#: The biggest sidecar (or embedded packet) read or written.
MAX_SIDECAR_BYTES = 4 * 1024 * 1024
#: The deepest element nesting accepted (the root element is depth 1).
MAX_DEPTH = 100
#: Parsed this many characters at a time, so a nesting bomb stops early.
_CHUNK = 1 << 16

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Without a BOM, the first character ``<`` in each encoding (a regex: UTF-16's second character is not NUL).
_SNIFF = (
    (re.compile(rb"<\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\x00\x00\x00<"), "utf-32-be"),
    (re.compile(rb"<\x00[^\x00]\x00", re.S), "utf-16-le"),
    (re.compile(rb"\x00<\x00[^\x00]", re.S), "utf-16-be"),
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
#: Declared encodings accepted, by their canonical Python codec name.
_ACCEPTED = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii", "latin-1",
             "iso8859-1", "cp1252"}  # fmt: skip
_MB = MAX_SIDECAR_BYTES // (1024 * 1024)
#: A temp file of ours this old is a killed writer's, whatever its pid says (pids are reused).
STALE_TEMP_SECONDS = 600
_TEMP = re.compile(r"\.(.+\.xmp)\.(\d+)(?:\.[0-9a-f]{8})?\.tmp")


def too_big(source: str | os.PathLike[str], size: int) -> XmpError:
    """The error for a packet of ``size`` bytes over the cap, naming ``source``."""
    return XmpError(f"{source}: sidecar of {size:,} bytes is bigger than {_MB} MB; not read (a real one is a few KB)")


def read_sidecar(path: Path) -> bytes | None:
    """The bytes of the sidecar at ``path``, None when there is none; XmpError when it is over the size cap
    (decided from its size, before reading) or cannot be read."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_SIDECAR_BYTES:
                raise too_big(path, size)
            data = f.read(MAX_SIDECAR_BYTES + 1)  # a file growing while we read stops at the cap too
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise XmpError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_SIDECAR_BYTES:
        raise too_big(path, len(data))
    return data


def _encoding(data: bytes, source: str) -> tuple[str, int]:
    """(Python codec, BOM length) of an XMP packet, per XML 1.0 appendix F; XmpError for one we do not read."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    for start, codec in _SNIFF:
        if start.match(data):
            return codec, 0
    match = _DECLARED.match(data[:200])
    if match is None:
        return "utf-8", 0
    declared = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        codec = ""
    if codec not in _ACCEPTED:
        raise XmpError(f"{source}: XMP in unsupported encoding {declared!r} (UTF-8 or UTF-16 expected)")
    # a declared UTF-16/32 without a BOM or a matching byte pattern cannot be: the bytes are ASCII-like
    return ("utf-8", 0) if codec.startswith(("utf-16", "utf-32")) else (codec, 0)


def decode_xmp(data: bytes, source: str) -> str:
    """An XMP packet's text: decoded (see the module docstring), trailing NUL/whitespace padding dropped."""
    if len(data) > MAX_SIDECAR_BYTES:
        raise too_big(source, len(data))
    codec, skip = _encoding(data, source)
    body = data[skip:]
    unit = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    if len(body) % unit and not body[-(len(body) % unit) :].strip(b"\x00"):
        body = body[: -(len(body) % unit)]  # an odd number of NUL padding bytes after UTF-16/32 text
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise XmpError(f"{source}: malformed XMP (not valid {codec}: {exc.reason} at byte {exc.start + skip})") from exc
    return text.lstrip("\ufeff").rstrip("\x00 \t\r\n")


def load_xml(data: bytes, source: str) -> tuple[ET.Element, dict[str, str]]:
    """Parse an XMP packet: its root element and the prefix it declared for each namespace URI.

    Within the limits above; a DTD is refused, and malformed XML, an unsupported encoding, a packet too
    big or nested too deep raise XmpError naming ``source``.
    """
    text = decode_xmp(data, source)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise XmpError(f"{source}: XMP with a DOCTYPE/ENTITY declaration is refused")
    if not text:
        raise XmpError(f"{source}: empty XMP")
    prefixes: dict[str, str] = {}
    root: ET.Element | None = None
    depth = 0
    # A str is fed to expat as UTF-8 whatever the declaration says: it parses exactly the text checked above.
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end", "start-ns"))
    chunks = [text[at : at + _CHUNK] for at in range(0, len(text), _CHUNK)]
    try:
        for i in range(len(chunks) + 1):
            if i < len(chunks):
                parser.feed(chunks[i])
            else:
                parser.close()
            for pair in parser.read_events():
                event, item = cast(tuple[str, object], pair)
                if event == "start-ns":
                    prefix, uri = cast(tuple[str, str], item)
                    prefixes.setdefault(uri, prefix)
                elif event == "start":
                    depth += 1
                    root = cast(ET.Element, item) if root is None else root
                    if depth > MAX_DEPTH:
                        raise XmpError(f"{source}: XMP nested deeper than {MAX_DEPTH} elements is refused")
                else:
                    depth -= 1
    except ET.ParseError as exc:
        raise XmpError(f"{source}: malformed XMP (not well-formed XML: {exc})") from exc
    if root is None:
        raise XmpError(f"{source}: empty XMP")
    return root, prefixes


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs; always True on Windows, where os.kill would kill it (age decides there)."""
    if os.name == "nt" or pid <= 0:
        return os.name == "nt"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True


def remove_stale_temps(folder: Path, sidecar_name: str | None = None) -> int:
    """Remove the temp files killed writers left in ``folder`` (of ``sidecar_name`` only, if given); how many.

    Ours are ``.<sidecar>.<pid>[.<8 hex>].tmp``; one is stale when its pid is not running or it is older
    than STALE_TEMP_SECONDS (a write takes milliseconds). Other files, and temps a live writer may still
    be writing, are left. Errors (a file gone meanwhile, a folder we cannot list) are ignored.
    """
    removed, now = 0, time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match is None or (sidecar_name is not None and match.group(1) != sidecar_name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if _alive(int(match.group(2))) and now - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    if removed:
        log.info("%s: removed %d stale temp file(s) of killed sidecar writers", folder, removed)
    return removed


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``target``, fsync it, then os.replace: never a half-written
    sidecar, and never a temp file left behind (it is removed on any failure, not only OSError)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = None  # a new file: 0o666 less the umask, as any editor would create it
    replaced = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        replaced = True
    except OSError as exc:
        raise XmpError(f"{target}: cannot write the sidecar: {exc.strerror or exc}") from exc
    finally:
        if not replaced:
            try:
                tmp.unlink()
            except OSError:
                pass
