"""Camera RAW files (.cr2 .cr3 .nef .arw .dng .orf .rw2 .raf .pef .srw) through LibRaw (the rawpy binding).

Detection needs no full development of a RAW: most cameras embed a full-size or large JPEG preview, which
decodes in a few milliseconds; a file without one large enough is developed at half size (LibRaw's
``half_size``: one RGB pixel per 2x2 Bayer block, no interpolation). Either way the pixels come in the
RAW's stored orientation with the turn that displays them (EXIF numbering; ``imaging.decode`` turns them, as it
turns any photo), and the RAW's own size, so boxes found on them map back to it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np
from PIL import Image

#: File name suffixes of the RAW formats read here.
RAW_SUFFIXES = frozenset({".cr2", ".cr3", ".nef", ".arw", ".dng", ".orf", ".rw2", ".raf", ".pef", ".srw"})

#: LibRaw's ``sizes.flip`` -> the EXIF orientation of the same turn.
FLIP_ORIENTATION = {0: 1, 3: 3, 5: 8, 6: 6}


class RawError(ValueError):
    """A RAW file could not be read; the message says why (the caller names the file)."""


@dataclass(frozen=True)
class RawPicture:
    """A RAW's pixels for the pipeline: ``pixels`` as stored (HxWx3 uint8, not yet turned), ``stored_size``
    (width, height) of the developed image before its turn, ``orientation`` the turn that displays the pixels
    (EXIF numbering: the preview's own when it has one, else the RAW's), ``source`` "preview" or "half size"."""

    pixels: np.ndarray
    stored_size: tuple[int, int]
    orientation: int
    source: str


def is_raw(name: str) -> bool:
    """Whether ``name`` (a path or file name) has one of the RAW suffixes."""
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in RAW_SUFFIXES


def _preview(raw: Any, stored: tuple[int, int], min_side: int) -> tuple[np.ndarray, int] | None:
    """The embedded preview as stored, and its own EXIF orientation (1 when it has none), when it is large
    enough (its long side at least ``min_side``) and has the RAW's shape; else None."""
    import rawpy

    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
        return None
    except rawpy.LibRawError:  # a damaged preview: develop the RAW instead
        return None
    if thumb.format == rawpy.ThumbFormat.JPEG:
        try:
            with Image.open(io.BytesIO(thumb.data)) as im:
                # previews are stored as the sensor saw them (the RAW's turn applies), unless they say otherwise
                own = int(im.getexif().get(0x0112, 1) or 1)
                pixels = np.asarray(im.convert("RGB"))
        except (OSError, ValueError, SyntaxError):
            return None
    elif thumb.format == rawpy.ThumbFormat.BITMAP:
        own, pixels = 1, np.asarray(thumb.data, dtype=np.uint8)
    else:
        return None
    h, w = pixels.shape[:2]
    if max(w, h) < min_side or abs(w / h - stored[0] / stored[1]) > 0.02:
        return None  # too small for detection, or cropped differently from the RAW
    return pixels, own


#: Bytes a half-size development holds per RAW pixel: LibRaw's 16-bit raw buffer, its 16-bit RGB image of a
#: quarter of the pixels and the 8-bit output.
BYTES_PER_RAW_PIXEL = 5


def read_raw(
    source: str | BinaryIO,
    max_side: int | None = None,
    max_pixels: int | None = None,
    reserve: Callable[[int], AbstractContextManager[Any]] | None = None,
) -> RawPicture:
    """The pixels of a RAW file: its embedded preview when ``max_side`` is given and the preview's long side
    is at least that (detection), else a half-size development (``max_side`` None: always developed, for the
    most detail); the pixels as stored, with the turn that displays them. ``reserve(nbytes)`` is entered around the
    development (a shared memory budget). RawError for a file LibRaw cannot read or one over ``max_pixels``."""
    import rawpy

    try:
        raw = rawpy.imread(source)
    except rawpy.LibRawFileUnsupportedError as exc:
        raise RawError("not a RAW file LibRaw can read (unsupported or not a camera RAW)") from exc
    except (rawpy.LibRawError, OSError) as exc:
        raise RawError(f"corrupt or truncated RAW file: {exc}") from exc
    with raw:
        sizes = raw.sizes
        if max_pixels is not None and sizes.raw_width * sizes.raw_height > max_pixels:
            raise RawError(f"RAW too large ({sizes.raw_width}x{sizes.raw_height}), refused")
        orientation = FLIP_ORIENTATION.get(sizes.flip, 1)
        stored = (int(sizes.width), int(sizes.height))
        if max_side:
            preview = _preview(raw, stored, max_side)
            if preview is not None:
                pixels, own = preview
                return RawPicture(pixels, stored, own if own != 1 else orientation, "preview")
        nbytes = int(sizes.raw_width) * int(sizes.raw_height) * BYTES_PER_RAW_PIXEL
        try:
            with reserve(nbytes) if reserve is not None else nullcontext():
                developed = raw.postprocess(
                    half_size=True,
                    use_camera_wb=True,
                    output_bps=8,
                    user_flip=0,  # turned by imaging
                )
        except (rawpy.LibRawError, MemoryError) as exc:
            raise RawError(f"corrupt or truncated RAW file: {exc}") from exc
    return RawPicture(np.ascontiguousarray(developed, dtype=np.uint8), stored, orientation, "half size")


def raw_header(source: str | BinaryIO) -> tuple[tuple[int, int], int]:
    """A RAW's stored (width, height) of its developed image and its EXIF-numbered turn, read from its header
    (no development): what metadata regions are relative to. RawError when LibRaw cannot read it."""
    import rawpy

    try:
        with rawpy.imread(source) as raw:
            sizes = raw.sizes
            return (int(sizes.width), int(sizes.height)), FLIP_ORIENTATION.get(sizes.flip, 1)
    except rawpy.LibRawFileUnsupportedError as exc:
        raise RawError("not a RAW file LibRaw can read (unsupported or not a camera RAW)") from exc
    except (rawpy.LibRawError, OSError) as exc:
        raise RawError(f"corrupt or truncated RAW file: {exc}") from exc
