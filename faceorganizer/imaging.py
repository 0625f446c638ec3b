"""Image decoding for the engine and the library: any Pillow format (HEIC via pillow-heif), EXIF
orientation applied, RGB uint8 out, reduced-size decoding, crops; bad input raises ImageLoadError.

Hostile input has limits: only regular files are opened (a FIFO or a device named like a photo would
block or never end), and decodes in flight share a memory budget (``DECODE_BUDGET``), so decompression
bombs under ``MAX_PIXELS`` are decoded one at a time, converted and reduced in strips of rows (never a
second full-size copy), or refused with a message naming the file and its size."""

from __future__ import annotations

import io
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from PIL import Image, UnidentifiedImageError

from . import jxl
from .files import NotRegularFileError, regular_opener
from .geometry import Box
from .raw import RAW_SUFFIXES, RawError, is_raw, read_raw

log = logging.getLogger("faceorganizer.imaging")

#: File name suffixes the library treats as photos: Pillow's formats (AVIF too), HEIC via pillow-heif, JPEG XL
#: via libjxl (``jxl``), RAW.
IMAGE_SUFFIXES = (
    frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif", ".avif"})
    | jxl.JXL_SUFFIXES
    | RAW_SUFFIXES
)

jxl.register()  # (header reading only: libjxl loads when a JPEG XL is first decoded)

#: Largest image (in pixels) we decode; larger ones are refused as possible decompression bombs.
MAX_PIXELS = 200_000_000

#: Bytes that the decodes in flight may hold together (see DecodeBudget); one image needing more is refused.
DEFAULT_DECODE_BUDGET = 1 << 30
_STRIP_BYTES = 32 << 20  # working memory of one strip of rows while converting

ImageSource = str | os.PathLike | bytes | BinaryIO | Image.Image | np.ndarray

_heif_registered = False
_HEIF_MAX_THREADS = 8  # at most: one photo must not take every core of a big machine from the other decodes


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


class DecodeBudget:
    """Memory shared by the decodes in flight (all threads): each reserves its estimated bytes first and
    waits while they do not fit, so N workers cannot each hold a bomb; an image needing more than the
    whole budget is refused. ``peak`` is the most reserved at once."""

    def __init__(self, limit: int = DEFAULT_DECODE_BUDGET) -> None:
        self.limit, self.in_use, self.peak = limit, 0, 0
        self._cond = threading.Condition()

    @contextmanager
    def reserve(self, nbytes: int, what: str) -> Iterator[None]:
        if nbytes > self.limit:
            raise ImageLoadError(f"{what}: needs about {nbytes / 2**20:.0f} MB to decode, more than the "
                                 f"{self.limit / 2**20:.0f} MB allowed; refused")  # fmt: skip
        with self._cond:
            self._cond.wait_for(lambda: self.in_use + nbytes <= self.limit)
            self.in_use += nbytes
            self.peak = max(self.peak, self.in_use)
        try:
            yield
        finally:
            with self._cond:
                self.in_use -= nbytes
                self._cond.notify_all()


#: The budget ``decode`` uses unless given another.
DECODE_BUDGET = DecodeBudget()


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
    # libheif decodes the tiles of a grid image (how phones store photos: 512x512 tiles) in parallel; the
    # default of 4 threads leaves most cores of a larger machine idle on one photo.
    register_heif_opener(decode_threads=min(_HEIF_MAX_THREADS, max(4, os.cpu_count() or 1)))


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
    ("JPEG XL", ((0, jxl.CODESTREAM),)),
    ("JPEG XL", ((0, jxl.CONTAINER),)),
)


def _signature_format(source: BinaryIO) -> str | None:
    """The format whose signature ``source`` starts with, or None (also when it cannot be read again)."""
    try:
        source.seek(0)
        head = source.read(12)
    except (OSError, ValueError, AttributeError):
        return None
    return next((fmt for fmt, parts in _SIGNATURES if all(head[at : at + len(b)] == b for at, b in parts)), None)


def _os_error(exc: OSError, name: str) -> ImageLoadError:
    if isinstance(exc, (FileNotFoundError, NotRegularFileError, PermissionError)):
        what = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror
        return ImageLoadError(f"{name}: {'cannot read: permission denied' if exc.errno == 13 else what}")
    if exc.errno is None:  # Pillow's format errors ("Truncated File Read") carry no errno; I/O errors do
        return ImageLoadError(f"{name}: corrupt or truncated image: {exc}")
    return ImageLoadError(f"{name}: cannot read: {exc.strerror or exc}")


def _open(source: str | os.PathLike | bytes | BinaryIO, name: str) -> tuple[Image.Image, BinaryIO | None]:
    """The image, unloaded, and the file opened for it (to close after decoding) when ``source`` is a path."""
    _register_heif()
    fh: BinaryIO | None = None
    if isinstance(source, (bytes, bytearray)):
        if not source:
            raise ImageLoadError(f"{name}: empty data, not an image")
        source = io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            source = fh = open(os.fsdecode(source), "rb", opener=regular_opener)  # noqa: SIM115 (decode closes it)
        except OSError as exc:
            raise _os_error(exc, name) from exc
        if os.fstat(fh.fileno()).st_size == 0:
            fh.close()
            raise ImageLoadError(f"{name}: empty file (0 bytes), not an image")
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                return Image.open(source), fh  # type: ignore[arg-type]
        except UnidentifiedImageError as exc:
            if damaged := _signature_format(source):  # starts like an image: a damaged file, not some other kind
                raise ImageLoadError(f"{name}: corrupt or truncated image: damaged {damaged} header") from exc
            raise ImageLoadError(f"{name}: not an image (unrecognized format)") from exc
        except Image.DecompressionBombError as exc:
            raise ImageLoadError(f"{name}: image too large, refused as a possible decompression bomb") from exc
        except OSError as exc:
            raise _os_error(exc, name) from exc
    except BaseException:
        if fh is not None:
            fh.close()
        raise


_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def _to_rgb_array(im: Image.Image, wide: bool | None = None) -> np.ndarray:
    """RGB uint8 from any mode: 16/32-bit scaled down (``wide``: values above 255, decided once for the
    whole image when converting a strip), palette/alpha flattened on white."""
    if im.mode in _WIDE_MODES:
        arr = np.asarray(im, dtype=np.float64)
        if im.mode != "F" and (arr.max(initial=0) > 255 if wide is None else wide):
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


def _strip_rows(w: int, factor: int) -> int:
    """Rows converted at a time: a multiple of ``factor``, at most ``_STRIP_BYTES`` at 24 bytes a pixel (the
    most any conversion below holds: 16-bit via float64, or alpha flattened through RGBA copies)."""
    return max(factor, _STRIP_BYTES // (24 * w) // factor * factor)


def _cost(im: Image.Image, factor: int, orientation: int) -> int:
    """Estimated peak bytes of decoding ``im`` (size after any draft) reduced by ``factor``: Pillow's buffer
    (4 bytes a pixel but for 1-byte and 16-bit modes; the HEIF decoder holds a second copy, WebP's three more:
    measured), the output, a rotated copy of it, one strip."""
    w, h = im.size
    native = w * h * (1 if im.mode in ("1", "L", "P") else 2 if im.mode.startswith("I;16") else 4)
    native *= {"WEBP": 4, "HEIF": 2}.get(im.format or "", 1)
    out = -(-w // factor) * -(-h // factor) * 3
    return native + out * (2 if orientation != 1 else 1) + min(h, _strip_rows(w, factor)) * w * 24


def _pixels(im: Image.Image, factor: int) -> np.ndarray:
    """The loaded ``im`` as RGB uint8 reduced by ``factor`` (box filter; 1: full size), converted in strips
    of rows so that no full-size intermediate (RGBA, float, Pillow's RGB) is made."""
    w, h = im.size
    out = np.empty((-(-h // factor), -(-w // factor), 3), np.uint8)
    wide = im.mode in _WIDE_MODES and im.mode != "F" and float(im.getextrema()[1]) > 255  # type: ignore[arg-type,index]
    rows = _strip_rows(w, factor)
    for top in range(0, h, rows):
        rgb = _to_rgb_array(im.crop((0, top, w, min(h, top + rows))), wide)
        if factor > 1:
            rgb = np.asarray(Image.fromarray(rgb).reduce(factor))
        out[top // factor : top // factor + rgb.shape[0]] = rgb
    return out


#: EXIF orientation -> how to turn the stored pixels (as ImageOps.exif_transpose does).
_ORIENT = {
    2: lambda a: a[:, ::-1], 3: lambda a: a[::-1, ::-1], 4: lambda a: a[::-1], 5: lambda a: a.swapaxes(0, 1),
    6: lambda a: np.rot90(a, -1), 7: lambda a: a.swapaxes(0, 1)[::-1, ::-1], 8: lambda a: np.rot90(a, 1),
}  # fmt: skip


def _heif_thumbnail(im: Image.Image, max_side: int) -> bool:
    """Have ``im`` (a HEIF image, not loaded) decode its embedded thumbnail instead of the image when one is
    big enough: longer side at least ``max_side``, a scaled copy (same aspect, rotation, mirroring, crop and
    colour profile as the image; pillow-heif's ``draft`` checks that). HEVC has no reduced-size decoding,
    so this is the only way a HEIC costs less than its full 12 MP decode. Whether it was taken."""
    w, h = im.size
    want = (-(-w * max_side // max(w, h)), -(-h * max_side // max(w, h)))  # rounded up: never below max_side
    try:
        return im.draft(None, want) is not None
    except (OSError, ValueError, SyntaxError, RuntimeError, EOFError):  # a broken thumbnail: decode the image
        return False


def decode(
    source: ImageSource, *, max_side: int | None = None, exif: bool = True, budget: DecodeBudget | None = None
) -> DecodedImage:
    """Decode ``source`` to displayed-orientation RGB pixels.

    ``max_side``: when only a detector's input size is needed, images are decoded at a reduced scale whose
    longer side is still at least ``max_side``: JPEGs by libjpeg DCT scaling (1/2..1/8, so never decoded
    full size), HEIC/HEIF from an embedded thumbnail whose longer side is at least ``max_side`` when the file
    has one (else decoded in full: libheif decodes the tiles of a grid image on several threads), other
    formats reduced by an integer factor while converting.
    ``exif=False`` keeps the stored orientation (the face-api.js reference data was made that way).
    ``budget`` (default ``DECODE_BUDGET``) is shared with the other decodes in flight; an image that alone
    needs more than all of it is refused (ImageLoadError naming the file and its size).
    """
    name = _describe(source)
    if isinstance(source, np.ndarray):
        return DecodedImage(_array_to_rgb(source, name), 1, (source.shape[1], source.shape[0]))
    if isinstance(source, (str, os.PathLike, io.IOBase)) and is_raw(name):
        return _decode_raw(source, name, max_side, exif, budget or DECODE_BUDGET)
    owned = not isinstance(source, Image.Image)
    im, fh = (source, None) if isinstance(source, Image.Image) else _open(source, name)
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
        if max_side and im.format == "JPEG" and max(w, h) > 2 * max_side:
            im.draft("RGB", (max(1, w * max_side // max(w, h)), max(1, h * max_side // max(w, h))))
        elif max_side and im.format == "HEIF" and max(w, h) > max_side:
            _heif_thumbnail(im, max_side)
        factor = max(1, max(im.size) // max_side) if max_side and max(im.size) > 2 * max_side else 1
        what = f"{name}: image too large to decode ({w}x{h}, {w * h / 1e6:.0f} MP, {im.format or 'image'})"
        with (budget or DECODE_BUDGET).reserve(_cost(im, factor, orientation), what):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                im.load()
            pixels = _pixels(im, factor)
            if exif and orientation in _ORIENT:
                pixels = np.ascontiguousarray(_ORIENT[orientation](pixels))
            im.close() if owned else None  # Pillow's full-size buffer goes before the budget is given back
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
        if fh is not None:
            fh.close()
    return DecodedImage(pixels, orientation, (w, h), pixels.shape[1 if orientation < 5 else 0] / w)


def _decode_raw(
    source: str | os.PathLike | BinaryIO, name: str, max_side: int | None, exif: bool, budget: DecodeBudget
) -> DecodedImage:
    """A camera RAW (by its name's suffix) through LibRaw: its preview when ``max_side`` allows, else a
    half-size development; ``scale`` maps the pixels to the RAW's full displayed size."""
    if isinstance(source, (str, os.PathLike)):
        try:
            fh = open(os.fsdecode(source), "rb", opener=regular_opener)  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise _os_error(exc, name) from exc
        with fh:
            if os.fstat(fh.fileno()).st_size == 0:
                raise ImageLoadError(f"{name}: empty file (0 bytes), not an image")
            return _decode_raw(fh, name, max_side, exif, budget)
    what = f"{name}: RAW too large to develop"
    try:
        picture = read_raw(source, max_side, MAX_PIXELS, reserve=lambda n: budget.reserve(n, what))
    except RawError as exc:
        raise ImageLoadError(f"{name}: {exc}") from exc
    orientation, pixels = (picture.orientation, picture.pixels) if exif else (1, picture.pixels)
    if orientation in _ORIENT:
        pixels = np.ascontiguousarray(_ORIENT[orientation](pixels))
    w = picture.stored_size[0]
    return DecodedImage(pixels, orientation, picture.stored_size, pixels.shape[1 if orientation < 5 else 0] / w)


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
