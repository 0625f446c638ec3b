"""Network input preparation with face-api.js's exact semantics: pad to square, TF bilinear resize, batch.

face-api.js (tfjs) zero-pads each input to a square (bottom/right, or centred for the face-crop
nets) and resizes with ``tf.image.resizeBilinear`` (no align-corners, no half-pixel centres:
source = dest * in/out). Pillow's bilinear filter antialiases when shrinking and so gives other
pixels, which moves descriptors; this module reproduces the tfjs sampling in numpy (written by hand:
no installed library offers TF's legacy sampling on numpy arrays). The padding is virtual: only the
source rows and columns the resize samples are read, so a 12 MP photo is never copied whole.

For canvas inputs face-api.js resizes with a canvas drawImage instead (MTCNN's patches; every face net's
input in an MTCNN chain): ``draw_image`` and ``canvas_to_batch`` reproduce skia's pixels for those.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike


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


def to_batch(images: Sequence[np.ndarray], size: int, center: bool = False, canvas: bool = False) -> np.ndarray:
    """Stack images as an NHWC float32 batch of ``size``x``size`` (face-api.js NetInput.toBatchTensor).

    As face-api.js does for tensor inputs (pad to square, tf's bilinear resize) or, with ``canvas``, as it does
    for canvas inputs (``canvas_to_batch``: imageToSquare's drawImage, then fromPixels)."""
    if canvas:
        return canvas_to_batch(images, size, center)
    if len(images) == 1:  # the common detector case: no extra copy of the resized image
        return pad_and_resize(images[0], size, center)[None]
    return np.stack([pad_and_resize(image, size, center) for image in images])


# --- canvas input: face-api.js's drawImage resampling (skia) ---------------------------------------
#
# For canvas inputs face-api.js resizes with a 2D canvas ``drawImage`` instead of tf's resizeBilinear: MTCNN's
# R-Net / O-Net patches (mtcnn/extractImagePatches.js) and, in a chain that ran on a canvas, every face net's
# input (NetInput.toBatchTensor -> dom/imageToSquare.js). Its reference outputs were made on a skia canvas
# (@napi-rs/canvas 0.1.65), whose raster pipeline draws a scaled 8888 image with the "lowp" bilinear stage
# (SkRasterPipeline_opts.h bilerp_clamp_8888): taps at pixel centres through the inverse of the float32
# rect-to-rect matrix, quantized to 16.16, interpolated in Q15 fixed point, edge-clamped, no mipmaps. A
# destination rect with fractional edges (imageToSquare's centred rect) covers its edge pixels partly (SkScan's
# antialiased rect, edges in 24.8 fixed point): the sample is scaled by that coverage (8-bit, premultiplied)
# and getImageData divides it back out (float32, rounded half to even), so those rows keep the colour up to
# that rounding. Checked against skia itself
# (the node peer of benchmarks/): every pixel equal on random crops of 1 to 1200 px into 24 to 150 px.

_F32 = np.float32


def _canvas_axis(
    start: np.ndarray, length: np.ndarray, left: np.ndarray, extent: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One axis of drawImage for N regions: source ``start`` / ``length`` (ints), destination ``left`` /
    ``extent`` (floats, made float32 as skia's SkRect) on ``size`` device pixels. Returns per region and
    pixel the two source indices, the Q15 weight between them and the pixel's coverage in 1/256 ([N, size])."""
    left32 = left.astype(_F32)
    right32 = left32 + extent.astype(_F32)
    scale = (right32 - left32) / length.astype(_F32)
    inverse = _F32(1.0) / scale
    shift = -left32 * inverse
    centre = (np.arange(size, dtype=_F32)[None, :] + _F32(0.5)) * inverse[:, None] + shift[:, None]
    q = np.floor(_F32(65536.0) * centre + _F32(0.5)).astype(np.int64) - 32768
    whole = q >> 16
    last = (length - 1)[:, None]
    index0 = start[:, None] + np.clip(whole, 0, last)
    index1 = start[:, None] + np.clip(whole + 1, 0, last)
    weight = ((q & 0xFFFF) - 32768).astype(np.int32)
    # coverage as skia's antialiased rect fill (SkScan_Antihair.cpp antifilldot8): the edges in 24.8 fixed point
    # (SkScalarToFixed, then SkFixedToFDot8 rounding), each pixel's overlap in 1/256 (256 = full); a rect
    # within one pixel covers it by its extent - 1
    low = (np.floor(left32.astype(np.float64) * 65536).astype(np.int64) + 128) >> 8
    high = (np.floor(right32.astype(np.float64) * 65536).astype(np.int64) + 128) >> 8
    pixel = np.arange(size, dtype=np.int64)[None, :] * 256
    cover = np.clip(np.minimum(pixel + 256, high[:, None]) - np.maximum(pixel, low[:, None]), 0, 256)
    thin = (low >> 8) == ((high - 1) >> 8)
    if thin.any():
        cover[thin] = np.where(cover[thin] > 0, cover[thin] - 1, 0)
    alpha = cover.astype(np.int32)
    return index0, index1, weight, alpha


def _q15(weight: np.ndarray, value: np.ndarray) -> np.ndarray:
    """skia lowp's rounded Q15 multiply (|weight| <= 2^15, |value| <= 255 << 7: no saturation, fits int32)."""
    return (weight * value + (1 << 14)) >> 15


def draw_image(image: np.ndarray, regions: ArrayLike, size: int, rects: ArrayLike) -> np.ndarray:
    """skia's ``drawImage`` of each region of ``image`` (HxWx3 uint8) onto its own empty ``size`` x ``size``
    canvas, read back with getImageData (RGB of the unpremultiplied pixels): [N, size, size, 3] float32
    integers. ``regions`` are (x0, y0, w, h) int rows of ``image``; ``rects`` the float (dx, dy, width,
    height) destination rect of each (pixels outside it stay 0). Vectorized over the regions: four gathers."""
    boxes = np.asarray(regions, dtype=np.intp).reshape(-1, 4)
    dest = np.asarray(rects, dtype=np.float64).reshape(-1, 4)
    ya, yb, wy, ay = _canvas_axis(boxes[:, 1], boxes[:, 3], dest[:, 1], dest[:, 3], size)
    xa, xb, wx, ax = _canvas_axis(boxes[:, 0], boxes[:, 2], dest[:, 0], dest[:, 2], size)
    pixels = np.ascontiguousarray(image).reshape(-1, 3)
    width = image.shape[1]
    rows_a, rows_b = (ya * width)[:, :, None], (yb * width)[:, :, None]
    cols_a, cols_b = xa[:, None, :], xb[:, None, :]
    wx4 = wx[:, None, :, None]

    def lerp_x(rows: np.ndarray) -> np.ndarray:
        left = np.take(pixels, rows + cols_a, axis=0).astype(np.int32) << 7
        right = np.take(pixels, rows + cols_b, axis=0).astype(np.int32) << 7
        return (_q15(wx4, right - left) + right + left + 1) >> 1

    top, bottom = lerp_x(rows_a), lerp_x(rows_b)
    value = (_q15(wy[:, :, None, None], bottom - top) + bottom + top + 128) >> 8
    out = value.astype(np.float32)
    # both axes' coverage (256 = full) combined as skia's SkAlphaMul, a full pixel 255
    alpha = np.minimum((ay[:, :, None] * ax[:, None, :]) >> 8, 255)
    partial = alpha < 255
    if partial.any():
        # pixels the rect covers partly or not at all: the sample scaled by the coverage into 8-bit premultiplied
        # form (lowp div255), then divided back out by getImageData in float32 (rounded half to even)
        cover = alpha[partial][:, None]
        premultiplied = (value[partial] * cover + 255) >> 8
        unit = _F32(1.0 / 255.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            level = premultiplied.astype(_F32) * unit
            straight = np.minimum(level * (_F32(1.0) / (cover.astype(_F32) * unit)), _F32(1.0)) * _F32(255.0)
        out[partial] = np.where(cover == 0, _F32(0.0), np.rint(straight))
    return out


def image_to_square_rect(height: int, width: int, size: int, center: bool) -> tuple[float, float, float, float]:
    """The rect face-api.js's imageToSquare draws an image into on its ``size`` x ``size`` canvas:
    (dx, dy, width, height), scaled to fit, at the top left or (``center``) centred on the short side."""
    scale = size / max(height, width)
    w, h = scale * width, scale * height
    offset = abs(w - h) / 2
    return (offset if center and w < h else 0.0), (offset if center and h < w else 0.0), w, h


def canvas_to_batch(images: Sequence[np.ndarray], size: int, center: bool = False) -> np.ndarray:
    """``to_batch`` as face-api.js builds it from canvases: each image (uint8; other values are rounded and
    clipped, as a canvas stores them) drawn by imageToSquare (``draw_image`` into its fitted rect), then
    ``tf.browser.fromPixels`` (the uint8 RGB, as float32)."""
    batch = []
    for image in images:
        if image.dtype != np.uint8:  # a canvas holds bytes
            image = np.clip(np.rint(image), 0, 255).astype(np.uint8)
        h, w = image.shape[:2]
        batch.append(draw_image(image, [(0, 0, w, h)], size, [image_to_square_rect(h, w, size, center)]))
    return np.concatenate(batch) if batch else np.zeros((0, size, size, 3), np.float32)
