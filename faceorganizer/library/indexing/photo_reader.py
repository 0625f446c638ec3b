"""Worker-side steps of indexing one photo: read the file once (bytes + content hash + stat), then
decode and run the networks, giving faces in full-size displayed pixels. No catalog access here."""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ...api.analyze import FULL, analyze, analyze_faces
from ...api.options import DetectorOptions, SmallFacesOptions
from ...api.results import FaceResult
from ...api.small_faces import Cancelled, detect_small_faces
from ...files import NotRegularFileError, regular_opener
from ...imaging import DecodedImage, ImageLoadError, decode
from ...nets import NetRegistry
from ..catalog import FaceData, PhotoInfo
from .video import is_video

#: Files up to this size are read into memory once (hash and decode from the same bytes); larger
#: ones are hashed by streaming and decoded from the path.
MAX_IN_MEMORY = 256 * 1024 * 1024
_CHUNK = 1 << 20

#: With the small-face mode, faces narrower than this in a reduced decode (the face nets' largest input,
#: the descriptor net's 150 px) are analysed on a second, full-size decode, so their crops keep every pixel.
FULL_CROP_BELOW = 150

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL, _DATETIME_DIGITIZED = 0x9003, 0x9004
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


class PhotoReadError(Exception):
    """A photo could not be read or decoded; ``message`` is for the user, ``missing`` if the file is gone,
    ``cancelled`` if reading was stopped (the photo is not at fault: it stays pending)."""

    def __init__(self, message: str, missing: bool = False, cancelled: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing
        self.cancelled = cancelled


@dataclass(frozen=True)
class ReadFile:
    """A file as read: its bytes (None when too large to keep) and size, mtime and hash of those bytes."""

    data: bytes | None
    info: PhotoInfo


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_photo(path: str, cancel: threading.Event | None = None) -> ReadFile:
    """Read ``path`` for indexing (never writes). Raises PhotoReadError with a clear message.

    Only a regular file is opened (``files.regular_opener``: a FIFO or a device named like a photo would
    block or never end), only as many bytes as its size when opened are read, and ``cancel`` stops the streamed
    read of a large file (over ``MAX_IN_MEMORY``) between chunks."""
    try:
        with open(path, "rb", opener=regular_opener) as fh:
            before = os.fstat(fh.fileno())
            size, length, h = before.st_size, 0, hashlib.blake2b(digest_size=16)
            # bounded: never past the size it had; a video is streamed (hashed here, decoded from the path)
            data = fh.read(size) if size <= MAX_IN_MEMORY and not is_video(path) else None
            if data is not None:
                h.update(data)
                length = len(data)
            while data is None and length < size:  # a large file: streamed, and a stop is not kept waiting
                if cancel is not None and cancel.is_set():
                    raise PhotoReadError("cancelled while reading", cancelled=True)
                if not (part := fh.read(min(_CHUNK, size - length))):
                    break
                h.update(part)
                length += len(part)
            grew = bool(fh.read(1))
            after = os.fstat(fh.fileno())
    except FileNotFoundError as exc:
        raise PhotoReadError("no such file (removed since the folder was scanned)", missing=True) from exc
    except PermissionError as exc:
        raise PhotoReadError("cannot read: permission denied") from exc
    except NotRegularFileError as exc:  # a FIFO, device or folder: never read
        raise PhotoReadError(str(exc.strerror)) from exc
    except IsADirectoryError as exc:
        raise PhotoReadError("is a folder, not an image") from exc
    except OSError as exc:
        raise PhotoReadError(f"cannot read: {exc.strerror or exc}") from exc
    changed = (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
    if grew or changed or length != after.st_size:
        raise PhotoReadError("the file changed while it was being read; it is indexed on the next scan")
    return ReadFile(data, PhotoInfo(size=length, mtime_ns=after.st_mtime_ns, content_hash=h.hexdigest()))


def taken_at(source: bytes | str) -> str | None:
    """EXIF DateTimeOriginal (else DateTimeDigitized) as ``YYYY-MM-DDTHH:MM:SS``, or None."""
    try:
        fh = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb", opener=regular_opener)
        with fh, Image.open(fh) as im:
            exif = im.getexif().get_ifd(_EXIF_IFD)
            for tag in (_DATETIME_ORIGINAL, _DATETIME_DIGITIZED):
                m = _EXIF_DATE.match(str(exif.get(tag, "")).strip())
                if m and m.group(1) != "0000":
                    y, mo, d, h, mi, s = m.groups()
                    return f"{y}-{mo}-{d}T{h}:{mi}:{s}"
    except Exception:  # metadata is optional: a broken EXIF block must not fail the photo
        return None
    return None


def face_data(result: FaceResult, sx: float, sy: float) -> FaceData:
    """A pipeline result on a (possibly reduced) decode, scaled to full-size displayed pixels."""
    landmarks = None
    if result.landmarks is not None:
        landmarks = (np.asarray(result.landmarks.positions, dtype=np.float64) * (sx, sy)).astype(np.float32)
    return FaceData(
        box=result.box.rescale(sx, sy),
        score=float(result.score),
        landmarks=landmarks,
        descriptor=result.descriptor,
        expressions=None if result.expressions is None else dict(result.expressions),
        age=result.age,
        gender=None if result.gender is None else str(getattr(result.gender, "value", result.gender)),
        gender_probability=result.gender_probability,
    )


def _decode(path: str, read: ReadFile, max_side: int | None) -> DecodedImage:
    """The photo read, decoded (at most ``max_side`` when given); a decode error as PhotoReadError."""
    source: io.BytesIO | str = path
    if read.data is not None:
        source = io.BytesIO(read.data)
        source.name = path  # error messages name the file
    try:
        return decode(source, max_side=max_side)
    except ImageLoadError as exc:
        raise PhotoReadError(str(exc).removeprefix(f"{path}: ")) from exc


def analyze_photo(
    path: str,
    read: ReadFile,
    options: DetectorOptions,
    detector_name: str,
    max_side: int | None,
    nets: NetRegistry | None = None,
    cancel: threading.Event | None = None,
) -> tuple[PhotoInfo, list[FaceData]]:
    """Decode the bytes read (EXIF orientation applied) and run the full pipeline on them.

    The detector sees the reduced decode; with the small-face mode, faces too small there for the face nets
    are analysed on the full-size decode (made only then); ``cancel`` stops its tiles (the photo stays pending)."""
    if read.info.size == 0:
        raise PhotoReadError("empty file (0 bytes), not an image")
    decoded = _decode(path, read, max_side)
    w, h = decoded.stored_size
    full_w, full_h = (h, w) if decoded.orientation in (5, 6, 7, 8) else (w, h)
    pixels = decoded.pixels
    if isinstance(options, SmallFacesOptions):
        try:
            detections = detect_small_faces(pixels, options, nets, cancel)
        except Cancelled as exc:
            raise PhotoReadError("cancelled while detecting", cancelled=True) from exc
        small = any(d.box.width < FULL_CROP_BELOW for d in detections)
        if small and (decoded.width, decoded.height) != (full_w, full_h):
            pixels = _decode(path, read, None).pixels
            detections = [d.for_size(pixels.shape[1], pixels.shape[0]) for d in detections]
        results = analyze_faces(pixels, detections, FULL, nets, small_faces=True)
    else:
        results = analyze(pixels, options, FULL, nets)
    sx, sy = full_w / pixels.shape[1], full_h / pixels.shape[0]
    info = PhotoInfo(
        size=read.info.size,
        mtime_ns=read.info.mtime_ns,
        content_hash=read.info.content_hash,
        width=full_w,
        height=full_h,
        orientation=decoded.orientation,
        taken_at=taken_at(read.data if read.data is not None else path),
        detector=detector_name,
    )
    return info, [face_data(r, sx, sy) for r in results]
