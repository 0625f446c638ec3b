"""preprocess.draw_image / canvas_to_batch: face-api.js's canvas resampling (skia's drawImage) for MTCNN's
patches and for the face nets' inputs in a chain that ran on a canvas.

The properties below hold for any bilinear drawImage; the last test compares every pixel with skia itself
when the node peer of benchmarks/ (face-api.js 0.22.2 beside @napi-rs/canvas 0.1.65, benchmarks/peers.py)
is installed."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from faceorganizer.nets.preprocess import canvas_to_batch, draw_image, image_to_square_rect, to_batch

PEER = Path(__file__).resolve().parents[2] / "benchmarks" / "node" / "node_modules" / ".peers" / "faceapi-cpu"


def _random(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, shape + (3,), dtype=np.uint8)


def _exact_bilinear(image: np.ndarray, size: int) -> np.ndarray:
    """Float bilinear at pixel centres, edge-clamped, of a whole image stretched to size x size."""
    h, w = image.shape[:2]

    def axis(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        u = np.clip((np.arange(size) + 0.5) * n / size - 0.5, 0, n - 1)
        i0 = np.floor(u).astype(int)
        return i0, np.minimum(i0 + 1, n - 1), u - i0

    y0, y1, fy = axis(h)
    x0, x1, fx = axis(w)
    img = image.astype(np.float64)
    top = img[y0][:, x0] * (1 - fx)[None, :, None] + img[y0][:, x1] * fx[None, :, None]
    bottom = img[y1][:, x0] * (1 - fx)[None, :, None] + img[y1][:, x1] * fx[None, :, None]
    return top * (1 - fy)[:, None, None] + bottom * fy[:, None, None]


def test_same_size_draw_is_the_identity():
    image = _random((40, 30))
    out = draw_image(image, [(0, 0, 30, 40)], 40, [(0.0, 0.0, 30.0, 40.0)])[0]
    np.testing.assert_array_equal(out[:, :30], image)
    assert not out[:, 30:].any()  # outside the destination rect the canvas stays empty
    # a 112 x 112 face crop reaches the net unchanged, on both input paths
    face = _random((112, 112), seed=1)
    np.testing.assert_array_equal(canvas_to_batch([face], 112, center=True)[0], face)
    np.testing.assert_array_equal(to_batch([face], 112, center=True, canvas=True), to_batch([face], 112, center=True))


@pytest.mark.parametrize("shape, size", [((37, 53), 24), ((90, 70), 48), ((200, 140), 112), ((60, 61), 150)])
def test_bilinear_at_pixel_centres_in_fixed_point(shape, size):
    """Stretched over the whole canvas (MTCNN's patches): float bilinear at pixel centres up to skia's
    fixed-point rounding (one level), integers."""
    image = _random(shape, seed=2)
    out = draw_image(image, [(0, 0, shape[1], shape[0])], size, [(0.0, 0.0, size, size)])[0]
    assert np.array_equal(out, np.round(out))
    assert np.abs(out - _exact_bilinear(image, size)).max() <= 1.0


def test_regions_are_drawn_from_their_own_pixels():
    image = _random((80, 100), seed=3)
    regions = np.array([[0, 0, 100, 80], [10, 20, 30, 25], [95, 70, 5, 10]])
    rects = np.tile([0.0, 0.0, 24.0, 24.0], (3, 1))
    together = draw_image(image, regions, 24, rects)
    for (x, y, w, h), patch in zip(regions, together, strict=True):
        alone = draw_image(np.ascontiguousarray(image[y : y + h, x : x + w]), [(0, 0, w, h)], 24, [rects[0]])[0]
        np.testing.assert_array_equal(patch, alone)


@pytest.mark.parametrize("shape, center", [((30, 47), True), ((47, 30), True), ((30, 47), False), ((13, 10), True)])
def test_image_to_square_covers_the_fitted_rect(shape, center):
    """imageToSquare draws the crop scaled to fit (fractional rect when centred): pixels outside the rect stay
    0, the rows (columns) it covers partly keep the colour up to the coverage's 8-bit rounding."""
    size = 112
    colour = np.array([200, 31, 97], np.uint8)
    flat = np.broadcast_to(colour, shape + (3,)).copy()
    dx, dy, w, h = image_to_square_rect(*shape, size, center)
    assert max(w, h) == pytest.approx(size) and w / h == pytest.approx(shape[1] / shape[0])
    out = canvas_to_batch([flat], size, center)[0]
    start, extent = (dy, h) if shape[0] < shape[1] else (dx, w)
    lines = out.max(axis=(1, 2)) if shape[0] < shape[1] else out.max(axis=(0, 2))
    drawn = np.flatnonzero(lines > 0)
    assert drawn[0] == math.floor(start) and drawn[-1] == math.ceil(start + extent) - 1
    inner = slice(math.ceil(start), math.floor(start + extent))
    block = out[inner] if shape[0] < shape[1] else out[:, inner]
    assert (block == colour).all()
    edges = out[drawn[[0, -1]]] if shape[0] < shape[1] else out[:, drawn[[0, -1]]]
    assert np.abs(edges - colour).max() <= 10  # a thin edge's colour is divided back out of ~1/20 coverage


def test_float_crops_are_rounded_to_canvas_bytes():
    image = _random((50, 40), seed=4)
    noisy = image.astype(np.float32) + 0.3
    np.testing.assert_array_equal(canvas_to_batch([noisy], 64, True), canvas_to_batch([image], 64, True))
    assert canvas_to_batch([], 64, True).shape == (0, 64, 64, 3)


_SKIA_SCRIPT = r"""
const fs = require('fs');
const { createRequire } = require('module');
const canvas = createRequire(process.argv[2] + '/noop.js')('@napi-rs/canvas');
const cases = JSON.parse(fs.readFileSync(process.argv[3]));
const out = [];
for (const c of cases) {
  const bytes = fs.readFileSync(c.file);
  const rgba = new Uint8ClampedArray(c.h * c.w * 4);
  for (let i = 0, j = 0; i < bytes.length; i += 3, j += 4) {
    rgba[j] = bytes[i]; rgba[j + 1] = bytes[i + 1]; rgba[j + 2] = bytes[i + 2]; rgba[j + 3] = 255;
  }
  const src = new canvas.Canvas(c.w, c.h);
  src.getContext('2d').putImageData(new canvas.ImageData(rgba, c.w, c.h), 0, 0);
  const dst = new canvas.Canvas(c.size, c.size);
  dst.getContext('2d').drawImage(src, c.rect[0], c.rect[1], c.rect[2], c.rect[3]);
  out.push(Buffer.from(dst.getContext('2d').getImageData(0, 0, c.size, c.size).data));
}
fs.writeFileSync(process.argv[4], Buffer.concat(out));
"""


def test_equals_skia_drawimage(tmp_path):
    """Every pixel as skia's drawImage + getImageData, on random crops of 1 to 700 px into MTCNN's patch sizes
    (stretched) and the face nets' inputs (imageToSquare, centred or not)."""
    if shutil.which("node") is None or not (PEER / "node_modules" / "@napi-rs" / "canvas").is_dir():
        pytest.skip(f"skia not available: needs node and @napi-rs/canvas under {PEER} (benchmarks/peers.py)")
    rng = np.random.default_rng(5)
    cases, crops = [], []
    for i in range(24):
        h, w = int(rng.integers(1, 700)), int(rng.integers(1, 700))
        crop = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        size = (24, 48, 112, 150)[i % 4]
        rect = (0.0, 0.0, float(size), float(size)) if size < 112 else image_to_square_rect(h, w, size, i % 3 > 0)
        crop.tofile(tmp_path / f"{i}.raw")
        cases.append({"file": str(tmp_path / f"{i}.raw"), "h": h, "w": w, "size": size, "rect": list(rect)})
        crops.append(crop)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    (tmp_path / "draw.js").write_text(_SKIA_SCRIPT)
    subprocess.run(
        ["node", str(tmp_path / "draw.js"), str(PEER), str(tmp_path / "cases.json"), str(tmp_path / "out.raw")],
        check=True,
        timeout=120,
    )
    raw = (tmp_path / "out.raw").read_bytes()
    offset = 0
    for case, crop in zip(cases, crops, strict=True):
        size = case["size"]
        n = size * size * 4
        want = np.frombuffer(raw[offset : offset + n], np.uint8).reshape(size, size, 4)[..., :3]
        offset += n
        got = draw_image(crop, [(0, 0, case["w"], case["h"])], size, [case["rect"]])[0]
        np.testing.assert_array_equal(got, want, err_msg=f"{crop.shape[:2]} -> {size}, rect {case['rect']}")
