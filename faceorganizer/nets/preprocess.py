"""Network input preparation with face-api.js's exact semantics: pad to square, TF bilinear resize, batch.

face-api.js (tfjs) resizes with ``tf.image.resizeBilinear`` (no align-corners, no half-pixel
centres: source = dest * in/out). Pillow's bilinear filter antialiases when shrinking and so gives
other pixels, which moves descriptors; this module reproduces the tfjs sampling in numpy (written by
hand: no installed library offers TF's legacy sampling on numpy arrays).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def pad_to_square(image: np.ndarray, center: bool = False) -> np.ndarray:
    """Zero-pad an HxWxC image to a square, at the bottom/right or (``center``) on both sides.

    As face-api.js's padToSquare: the appended part is round(diff / 2) when centring (JS rounding,
    .5 up), the rest is prepended.
    """
    h, w = image.shape[:2]
    if h == w:
        return image
    diff = abs(h - w)
    after = int(np.floor(diff * 0.5 + 0.5)) if center else diff
    before = diff - after
    pad = [(0, 0), (0, 0)] + [(0, 0)] * (image.ndim - 2)
    pad[0 if h < w else 1] = (before, after)
    return np.pad(image, pad)


def _axis_weights(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    src = np.arange(out_size, dtype=np.float64) * (in_size / out_size)
    lo = np.floor(src).astype(np.intp)
    hi = np.minimum(np.ceil(src).astype(np.intp), in_size - 1)
    return lo, hi, src - lo


def resize_bilinear(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize HxWxC to ``size`` = (height, width) like tf.image.resizeBilinear (legacy sampling), float32.

    Same arithmetic as tfjs (interpolate along x on the two source rows, then along y); only the
    sampled source rows are read, and the float32 work is done in place (5x faster than naive).
    """
    out_h, out_w = size
    in_h, in_w = image.shape[:2]
    if (in_h, in_w) == (out_h, out_w):
        return image.astype(np.float32, copy=False)
    extra = (1,) * (image.ndim - 2)
    y0, y1, fy = _axis_weights(in_h, out_h)
    x0, x1, fx = _axis_weights(in_w, out_w)
    rows, where = np.unique(np.concatenate([y0, y1]), return_inverse=True)
    sub = image[rows]
    horiz = np.take(sub, x0, axis=1).astype(np.float32)
    step = np.take(sub, x1, axis=1).astype(np.float32)
    step -= horiz
    step *= fx.astype(np.float32).reshape((1, -1) + extra)
    horiz += step
    top = np.take(horiz, where[:out_h], axis=0)
    bottom = np.take(horiz, where[out_h:], axis=0)
    bottom -= top
    bottom *= fy.astype(np.float32).reshape((-1, 1) + extra)
    top += bottom
    return top


def to_batch(images: Sequence[np.ndarray], size: int, center: bool = False) -> np.ndarray:
    """Stack images as an NHWC float32 batch of ``size``x``size`` (face-api.js NetInput.toBatchTensor)."""
    out = np.empty((len(images), size, size, 3), dtype=np.float32)
    for i, image in enumerate(images):
        out[i] = resize_bilinear(pad_to_square(image, center), (size, size))
    return out
