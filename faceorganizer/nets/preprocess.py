"""Network input preparation with face-api.js's exact semantics: pad to square, TF bilinear resize, batch.

face-api.js (tfjs) zero-pads each input to a square (bottom/right, or centred for the face-crop
nets) and resizes with ``tf.image.resizeBilinear`` (no align-corners, no half-pixel centres:
source = dest * in/out). Pillow's bilinear filter antialiases when shrinking and so gives other
pixels, which moves descriptors; this module reproduces the tfjs sampling in numpy (written by hand:
no installed library offers TF's legacy sampling on numpy arrays). The padding is virtual: only the
source rows and columns the resize samples are read, so a 12 MP photo is never copied whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def square_padding(height: int, width: int, center: bool) -> tuple[int, int, int]:
    """(side, top, left): the square face-api.js pads an image to and where the image sits in it.

    As padToSquare: the appended part is round(diff / 2) when centring (JS rounding, .5 up), the
    rest is prepended; without centring all padding goes bottom/right.
    """
    side = max(height, width)
    diff = side - min(height, width)
    before = diff - (int(np.floor(diff * 0.5 + 0.5)) if center else diff)
    return side, (before if height < width else 0), (before if width < height else 0)


def pad_to_square(image: np.ndarray, center: bool = False) -> np.ndarray:
    """Zero-pad an HxWxC image to a square, at the bottom/right or (``center``) on both sides."""
    h, w = image.shape[:2]
    side, top, left = square_padding(h, w, center)
    out = np.zeros((side, side) + image.shape[2:], dtype=image.dtype)
    out[top : top + h, left : left + w] = image
    return out


def _axis_weights(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tfjs legacy sampling along one axis: lower and upper source index and the fraction between."""
    src = np.arange(out_size, dtype=np.float64) * (in_size / out_size)
    lo = np.floor(src).astype(np.intp)
    hi = np.minimum(np.ceil(src).astype(np.intp), in_size - 1)
    return lo, hi, (src - lo).astype(np.float32)


def _take_columns(rows: np.ndarray, index: np.ndarray, offset: int) -> np.ndarray:
    """rows[:, index - offset] as float32, zero where the index falls in the padding.

    Indexes the rows flattened to (R, W*C), which numpy gathers about twice as fast as along axis 1.
    """
    n, width = rows.shape[:2]
    channels = int(np.prod(rows.shape[2:], dtype=np.intp))
    local = index - offset
    inside = (local >= 0) & (local < width)
    flat = (np.clip(local, 0, width - 1)[:, None] * channels + np.arange(channels)).ravel()
    out = np.take(rows.reshape(n, width * channels), flat, axis=1).astype(np.float32)
    out = out.reshape((n, len(index)) + rows.shape[2:])
    if not inside.all():
        out[:, ~inside] = 0.0
    return out


def _take_rows(image: np.ndarray, index: np.ndarray, offset: int) -> np.ndarray:
    """image[index - offset], zero rows where the index falls in the padding."""
    local = index - offset
    inside = (local >= 0) & (local < image.shape[0])
    out = np.take(image, np.clip(local, 0, image.shape[0] - 1), axis=0)
    if not inside.all():
        out[~inside] = 0
    return out


def _sampled(in_size: int, out_size: int) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], np.ndarray]:
    """The source rows one axis samples (sorted, unique), each output's two positions among them, fractions."""
    lo, hi, frac = _axis_weights(in_size, out_size)
    used, where = np.unique(np.concatenate([lo, hi]), return_inverse=True)
    return used, (where[:out_size], where[out_size:]), frac


def _resize(image: np.ndarray, out_h: int, out_w: int, in_h: int, in_w: int, top: int, left: int) -> np.ndarray:
    """tfjs resizeBilinear of ``image`` placed at (top, left) in a zero in_h x in_w canvas.

    Same arithmetic as tfjs: interpolate along x on the two source rows, then along y, in float32.
    """
    rows, (iy0, iy1), fy = _sampled(in_h, out_h)
    x0, x1, fx = _axis_weights(in_w, out_w)
    sub = _take_rows(image, rows, top)
    horiz = _take_columns(sub, x0, left)
    step = _take_columns(sub, x1, left)
    step -= horiz
    extra = (1,) * (image.ndim - 2)
    # the fractions repeated over the channels, so numpy multiplies whole rows, not 3 values at a time
    step *= np.broadcast_to(fx.reshape((-1,) + extra), step.shape[1:]).copy()
    horiz += step
    top_rows = np.take(horiz, iy0, axis=0)
    bottom_rows = np.take(horiz, iy1, axis=0)
    bottom_rows -= top_rows
    bottom_rows *= fy.reshape((-1, 1) + extra)
    top_rows += bottom_rows
    return top_rows


def pad_and_resize(image: np.ndarray, size: int, center: bool = False) -> np.ndarray:
    """``resize_bilinear(pad_to_square(image, center), (size, size))`` without building the padded image."""
    h, w = image.shape[:2]
    side, top, left = square_padding(h, w, center)
    if side == size:
        return pad_to_square(image, center).astype(np.float32)
    return _resize(image, size, size, side, side, top, left)


def resize_bilinear(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize HxWxC to ``size`` = (height, width) like tf.image.resizeBilinear (legacy sampling), float32."""
    return _resize(image, size[0], size[1], image.shape[0], image.shape[1], 0, 0)


def to_batch(images: Sequence[np.ndarray], size: int, center: bool = False) -> np.ndarray:
    """Stack images as an NHWC float32 batch of ``size``x``size`` (face-api.js NetInput.toBatchTensor)."""
    if len(images) == 1:  # the common detector case: no extra copy of the resized image
        return pad_and_resize(images[0], size, center)[None]
    return np.stack([pad_and_resize(image, size, center) for image in images])
