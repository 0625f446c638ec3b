"""Image decoding for the engine and the library: any Pillow format (HEIC via pillow-heif), EXIF
orientation applied, RGB uint8 out, reduced-size JPEG decoding, crops; bad input raises ImageLoadError."""

from __future__ import annotations

import io
import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .geometry import Box

log = logging.getLogger("faceorganizer.imaging")

#: File name suffixes the library treats as photos (all decodable by Pillow / pillow-heif).
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"})

#: Largest image (in pixels) we decode; larger ones are refused as possible decompression bombs.
MAX_PIXELS = 200_000_000

ImageSource = str | os.PathLike | bytes | BinaryIO | Image.Image | np.ndarray

_heif_registered = False


class ImageLoadError(ValueError):
    """An input could not be decoded as an image; the message names the input and the problem."""


@dataclass(frozen=True)
class DecodedImage:
    """Pixels as displayed (EXIF orientation applied) plus what is needed to map them back.

    ``scale`` is decoded size / full displayed size (1.0 unless a reduced decode was asked for);
    ``stored_size`` is (width, height) of the file's pixels before orientation.
    """

    pixels: np.ndarray
    orientation: int
    stored_size: tuple[int, int]
    scale: float = 1.0

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def _register_heif() -> None:
    global _heif_registered
    if _heif_registered:
        return
    _heif_registered = True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # optional at run time: HEIC files then fail with a clear error
        log.info("pillow-heif not installed: HEIC/HEIF images cannot be read")
        return
    register_heif_opener()


def _describe(source: ImageSource) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fsdecode(source)
    if isinstance(source, (bytes, bytearray)):
        return f"<{len(source)} bytes>"
    return getattr(source, "name", None) or f"<{type(source).__name__}>"


#: Leading bytes of the formats we read, to tell a damaged photo from a file that is no image at all.
_SIGNATURES = (
    ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ("PNG", ((0, b"\x89PNG\r\n\x1a\n"),)),
    ("GIF", ((0, b"GIF8"),)),
    ("TIFF", ((0, b"II*\x00"),)),
    ("TIFF", ((0, b"MM\x00*"),)),
    ("BMP", ((0, b"BM"), (6, b"\x00\x00\x00\x00"))),  # "BM", file size, reserved zeros
    ("WebP", ((0, b"RIFF"), (8, b"WEBP"))),
    ("HEIF", ((4, b"ftyp"),)),
)


def _signature_format(source: str | os.PathLike | BinaryIO) -> str | None:
    """The format whose signature ``source`` starts with, or None (also when it cannot be read again)."""
    try:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as f:
                head = f.read(12)
        else:
            source.seek(0)
            head = source.read(12)
    except (OSError, ValueError, AttributeError):
        return None
    return next((fmt for fmt, parts in _SIGNATURES if all(head[at : at + len(b)] == b for at, b in parts)), None)


def _open(source: str | os.PathLike | bytes | BinaryIO, name: str) -> Image.Image:
    _register_heif()
    if isinstance(source, (bytes, bytearray)):
        if not source:
            raise ImageLoadError(f"{name}: empty data, not an image")
        source = io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(os.fsdecode(source))
        if not path.exists():
            raise ImageLoadError(f"{name}: no such file")
        if path.is_dir():
            raise ImageLoadError(f"{name}: is a folder, not an image")
        try:
            if path.stat().st_size == 0:
                raise ImageLoadError(f"{name}: empty file (0 bytes), not an image")
        except OSError as exc:
            raise ImageLoadError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(source)  # type: ignore[arg-type]
    except UnidentifiedImageError as exc:
        damaged = _signature_format(source)
        if damaged:  # Pillow could not parse what starts like an image: a damaged file, not some other kind
            raise ImageLoadError(f"{name}: corrupt or truncated image: damaged {damaged} header") from exc
        raise ImageLoadError(f"{name}: not an image (unrecognized format)") from exc
    except Image.DecompressionBombError as exc:
        raise ImageLoadError(f"{name}: image too large, refused as a possible decompression bomb") from exc
    except PermissionError as exc:
        raise ImageLoadError(f"{name}: cannot read: permission denied") from exc
    except OSError as exc:
        if exc.errno is None:  # Pillow's format errors ("Truncated File Read") carry no errno; I/O errors do
            raise ImageLoadError(f"{name}: corrupt or truncated image: {exc}") from exc
        raise ImageLoadError(f"{name}: cannot read: {exc.strerror or exc}") from exc


def _to_rgb_array(im: Image.Image) -> np.ndarray:
    """RGB uint8 from any mode: 16/32-bit scaled down, palette/alpha flattened on white."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        if im.mode != "F" and arr.max(initial=0) > 255:
            arr = arr / 257.0
        gray = np.clip(np.rint(arr), 0, 255).astype(np.uint8)
        return np.repeat(gray[:, :, None], 3, axis=2)
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    if im.mode != "RGB":
        im = im.convert("RGB")
    return np.asarray(im)


def decode(source: ImageSource, *, max_side: int | None = None, exif: bool = True) -> DecodedImage:
    """Decode ``source`` to displayed-orientation RGB pixels.

    ``max_side``: when only a detector's input size is needed, JPEGs are decoded at a reduced scale
    (libjpeg DCT scaling, 1/2..1/8) whose longer side is still at least ``max_side``.
    ``exif=False`` keeps the stored orientation (the face-api.js reference data was made that way).
    """
    name = _describe(source)
    if isinstance(source, np.ndarray):
        return DecodedImage(_array_to_rgb(source, name), 1, (source.shape[1], source.shape[0]))
    owned = not isinstance(source, Image.Image)
    im: Image.Image = source if isinstance(source, Image.Image) else _open(source, name)
    try:
        w, h = im.size
        if w <= 0 or h <= 0:
            raise ImageLoadError(f"{name}: image has no pixels ({w}x{h})")
        if w * h > MAX_PIXELS:
            raise ImageLoadError(
                f"{name}: image too large ({w}x{h} = {w * h / 1e6:.0f} MP, limit {MAX_PIXELS / 1e6:.0f} MP), "
                "refused as a possible decompression bomb"
            )
        if getattr(im, "n_frames", 1) > 1:
            im.seek(0)
        orientation = 1
        if exif:
            try:
                orientation = int(im.getexif().get(0x0112, 1) or 1)
            except Exception:  # a broken EXIF block must not make the photo unreadable
                orientation = 1
        scale = 1.0
        if max_side and im.format == "JPEG" and max(w, h) > 2 * max_side:
            im.draft("RGB", (max(1, w * max_side // max(w, h)), max(1, h * max_side // max(w, h))))
            scale = im.size[0] / w
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im.load()
        if exif and orientation != 1:
            im = ImageOps.exif_transpose(im)
        pixels = _to_rgb_array(im)
    except ImageLoadError:
        raise
    except (OSError, EOFError, SyntaxError, TypeError, ValueError, Image.DecompressionBombError) as exc:
        # what Pillow and its plugins raise on damaged data (TIFF: TypeError "Missing dimensions"; HEIF: EOFError)
        raise ImageLoadError(f"{name}: corrupt or truncated image: {exc}") from exc
    except MemoryError as exc:
        raise ImageLoadError(f"{name}: not enough memory to decode this image") from exc
    finally:
        if owned:
            im.close()
    return DecodedImage(np.ascontiguousarray(pixels), orientation, (w, h), scale)


def _array_to_rgb(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ImageLoadError(f"{name}: expected an HxWx3 (or HxWx4, HxW) array, got shape {arr.shape}")
    arr = arr[:, :, :3]
    if arr.dtype != np.uint8:
        arr = np.clip(np.rint(arr), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(arr)


def load_image(source: ImageSource) -> np.ndarray:
    """The image as displayed: HxWx3 uint8 RGB (path, bytes, file object, PIL image or array)."""
    return decode(source).pixels


def crop(pixels: np.ndarray, box: Box) -> np.ndarray:
    """The region of ``box`` clipped to the image and floored, as face-api.js extracts face tensors."""
    h, w = pixels.shape[:2]
    b = box.clip(w, h)
    x, y, bw, bh = int(b.x), int(b.y), int(b.width), int(b.height)
    if bw <= 0 or bh <= 0:
        raise ValueError(f"box {box} lies outside the {w}x{h} image")
    return pixels[y : y + bh, x : x + bw]
