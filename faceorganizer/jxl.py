"""JPEG XL photos (``.jxl``), opened by Pillow through a small plugin whose pixels come from libjxl as the imagecodecs
package bundles it.

Pillow has no JPEG XL decoder; the one Pillow plugin on the registry is GPL-licensed, which this MIT app cannot
ship, while imagecodecs (BSD) decodes JPEG XL but offers no header-only call. So this module reads the header by
hand: the image size and orientation of the codestream (ISO/IEC 18181-1 SizeHeader and ImageMetadata), and the
container's ``Exif`` box (Brotli-compressed in a transcoded JPEG). That is what lets imaging refuse a
decompression bomb and reserve its decode budget before any pixel is decoded; the pixels are left to libjxl. The
orientation is the codestream's (it is authoritative in JPEG XL); the pixels are decoded as stored and turned by
imaging like any other photo's.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from PIL import Image, ImageFile

#: File name suffixes of JPEG XL photos.
JXL_SUFFIXES = frozenset({".jxl"})

CODESTREAM = b"\xff\x0a"
CONTAINER = b"\x00\x00\x00\x0cJXL \r\n\x87\n"
#: The largest number of leading codestream bytes the header needs (SizeHeader and the start of ImageMetadata).
_HEADER_BYTES = 64
#: Width from height for SizeHeader's ``ratio`` 1..7 (numerator, denominator).
_RATIOS = {1: (1, 1), 2: (12, 10), 3: (4, 3), 4: (3, 2), 5: (16, 9), 6: (5, 4), 7: (2, 1)}


class JxlHeaderError(ValueError):
    """The file starts like JPEG XL but its header cannot be read."""


class _Bits:
    """The codestream's bits, least significant first (as JPEG XL packs them)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def u(self, n: int) -> int:
        value = 0
        for i in range(n):
            byte = self.at >> 3
            if byte >= len(self.data):
                raise JxlHeaderError("truncated header")
            value |= ((self.data[byte] >> (self.at & 7)) & 1) << i
            self.at += 1
        return value

    def size(self) -> int:
        """A dimension: U32(Bits(9), Bits(13), Bits(18), Bits(30)) + 1."""
        return self.u((9, 13, 18, 30)[self.u(2)]) + 1


def _codestream_start(data: bytes) -> tuple[bytes, bytes | None]:
    """The first bytes of the codestream, and the container's Exif payload (TIFF bytes) if it has one."""
    if data.startswith(CODESTREAM):
        return data[: _HEADER_BYTES + 2], None
    if not data.startswith(CONTAINER):
        raise JxlHeaderError("not a JPEG XL file")
    at, stream, exif = len(CONTAINER), b"", None
    while at + 8 <= len(data) and (len(stream) < _HEADER_BYTES + 2 or exif is None):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        head = 8
        if size == 1:
            if at + 16 > len(data):
                break
            size, head = struct.unpack(">Q", data[at + 8 : at + 16])[0], 16
        end = len(data) if size == 0 else at + size
        if end < at + head:
            raise JxlHeaderError(f"damaged container box {kind!r}")
        payload = data[at + head : end]
        if kind == b"jxlc":
            stream += payload
        elif kind == b"jxlp":
            stream += payload[4:]  # (a 4-byte index first)
        elif kind == b"brob" and payload[:4] == b"Exif":  # a Brotli-compressed Exif box (JPEGs transcoded)
            kind, payload = b"Exif", _unbrotli(payload[4:])
        if kind == b"Exif" and len(payload) > 4:
            offset = struct.unpack(">I", payload[:4])[0]  # to the TIFF header
            exif = payload[4 + offset :]
        if size == 0:
            break
        at = end
    if not stream.startswith(CODESTREAM):
        raise JxlHeaderError("no codestream in the container")
    return stream, exif


def _unbrotli(data: bytes) -> bytes:
    import imagecodecs

    try:
        return bytes(imagecodecs.brotli_decode(data))
    except Exception:  # a broken metadata box must not make the photo unreadable
        return b""


def read_header(data: bytes) -> tuple[tuple[int, int], int, bytes | None]:
    """(width, height), orientation (1-8, EXIF's numbering) and the Exif payload (TIFF bytes or None) of a JPEG XL
    file's leading bytes."""
    stream, exif = _codestream_start(data)
    bits = _Bits(stream[2:])
    small = bits.u(1)
    height = (bits.u(5) + 1) * 8 if small else bits.size()
    ratio = bits.u(3)
    if ratio:
        num, den = _RATIOS[ratio]
        width = height * num // den
    else:
        width = (bits.u(5) + 1) * 8 if small else bits.size()
    orientation = 1
    if not bits.u(1):  # ImageMetadata.all_default is false...
        if bits.u(1):  # ...and extra_fields: the orientation comes first
            orientation = bits.u(3) + 1
    return (width, height), orientation, exif


def _accept(prefix: bytes) -> bool:
    return prefix.startswith(CODESTREAM) or prefix.startswith(CONTAINER)


class JxlImageFile(ImageFile.ImageFile):
    """A JPEG XL image: size, mode and EXIF (its orientation the codestream's) from the header; the pixels decoded
    by libjxl (imagecodecs) on ``load``, as stored (not turned), 16-bit and float samples brought to 8 bits."""

    format = "JXL"
    format_description = "JPEG XL"

    def _open(self) -> None:
        assert self.fp is not None
        self.fp.seek(0)
        self._jxl: bytes | None = self.fp.read()
        try:
            size, orientation, exif_data = read_header(self._jxl or b"")
        except JxlHeaderError as exc:
            raise SyntaxError(f"JPEG XL: {exc}") from exc
        self._size = size
        self._mode = "RGB"
        exif = Image.Exif()
        if exif_data:
            try:
                exif.load(exif_data)
            except Exception:  # a broken Exif box must not make the photo unreadable
                exif = Image.Exif()
        exif[0x0112] = orientation
        self.info["exif"] = exif.tobytes()
        self.tile = []

    def load(self) -> Any:
        data = getattr(self, "_jxl", None)
        if self._im is None and data is not None:
            import imagecodecs  # loaded when a JPEG XL is first decoded

            try:
                pixels = imagecodecs.jpegxl_decode(data, keeporientation=True)
            except imagecodecs.JpegxlError as exc:
                raise OSError(f"JPEG XL: {exc}") from exc
            decoded = Image.fromarray(_to_8bit(pixels))
            if decoded.size != self.size:
                raise OSError(f"JPEG XL: decoded {decoded.size}, the header said {self.size}")
            self._mode = decoded.mode
            self.im = decoded.im
            self._jxl = None
        return Image.Image.load(self)


def _to_8bit(pixels: np.ndarray) -> np.ndarray:
    """Grey, grey+alpha, RGB or RGBA samples as 8-bit (16-bit scaled, float clipped to its nominal 0..1)."""
    if pixels.dtype == np.uint16:
        pixels = ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    elif pixels.dtype.kind == "f":
        pixels = np.clip(np.rint(pixels * 255.0), 0, 255).astype(np.uint8)
    elif pixels.dtype != np.uint8:
        raise OSError(f"JPEG XL: unsupported samples ({pixels.dtype})")
    if pixels.ndim == 3 and pixels.shape[2] == 2:  # grey + alpha: Pillow's LA
        return np.ascontiguousarray(pixels)
    return np.ascontiguousarray(pixels[..., 0] if pixels.ndim == 3 and pixels.shape[2] == 1 else pixels)


def register() -> None:
    """Let Pillow open JPEG XL files (idempotent)."""
    if "JXL" not in Image.OPEN:
        Image.register_open(JxlImageFile.format, JxlImageFile, _accept)
        Image.register_extensions(JxlImageFile.format, sorted(JXL_SUFFIXES))
        Image.register_mime(JxlImageFile.format, "image/jxl")
