"""A tiny HTML-canvas stand-in over a Pillow image: anti-aliased rectangles, lines, dots and text, source-over."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from PIL import Image, ImageDraw

from .color import RGBA

XY = tuple[float, float]

#: Sub-samples per pixel side when rasterising lines and dots (coverage in steps of 1/16).
SUPERSAMPLING = 4


def _spans(a0: float, a1: float, start: int, stop: int) -> np.ndarray:
    """How much of each pixel start..stop-1 (pixel i spans [i, i+1)) the interval [a0, a1) covers."""
    i = np.arange(start, stop, dtype=np.float64)
    return np.clip(np.minimum(a1, i + 1) - np.maximum(a0, i), 0.0, 1.0)


class Canvas:
    """Paints on an RGB or RGBA Pillow image in place; coordinates are floats in image pixels, where pixel
    (i, j) spans [i, i+1) x [j, j+1) as on an HTML canvas. Anything outside the image is clipped away."""

    def __init__(self, image: Image.Image):
        if not isinstance(image, Image.Image):
            raise ValueError(f"expected a PIL image to draw on, got {type(image).__name__}")
        if image.mode not in ("RGB", "RGBA"):
            raise ValueError(f"can only draw on RGB or RGBA images, got mode {image.mode!r} (use image.convert('RGB'))")
        self.image = image
        self.width, self.height = image.size

    def _region(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int] | None:
        """The whole pixels touched by [x0, x1) x [y0, y1), clipped to the image; None when nothing is left."""
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
            return None
        left, top = max(math.floor(x0), 0), max(math.floor(y0), 0)
        right, bottom = min(math.ceil(x1), self.width), min(math.ceil(y1), self.height)
        return (left, top, right, bottom) if left < right and top < bottom else None

    def blend(self, coverage: np.ndarray, left: int, top: int, color: RGBA) -> None:
        """Source-over composite ``color`` with per-pixel ``coverage`` (0..1) at (left, top); clips."""
        h, w = coverage.shape
        x0, y0 = max(left, 0), max(top, 0)
        x1, y1 = min(left + w, self.width), min(top + h, self.height)
        if x0 >= x1 or y0 >= y1:
            return
        alpha = (coverage[y0 - top : y1 - top, x0 - left : x1 - left] * color[3]).astype(np.float64)[..., None]
        if not alpha.any():
            return
        box = (x0, y0, x1, y1)
        dst = np.asarray(self.image.crop(box), dtype=np.float64)
        rgb = np.asarray(color[:3], dtype=np.float64)
        if self.image.mode == "RGB":
            out = dst + (rgb - dst) * alpha
        else:
            dst_a = dst[..., 3:] / 255
            out_a = alpha + dst_a * (1 - alpha)
            out_rgb = (rgb * alpha + dst[..., :3] * dst_a * (1 - alpha)) / np.maximum(out_a, 1e-12)
            out = np.concatenate([out_rgb, out_a * 255], axis=-1)
        pixels = np.clip(np.rint(out), 0, 255).astype(np.uint8)
        self.image.paste(Image.fromarray(pixels, self.image.mode), box)

    def fill_rect(self, x: float, y: float, width: float, height: float, color: RGBA) -> None:
        """ctx.fillRect: each pixel gets the fraction of its area the rectangle covers."""
        x0, x1 = sorted((x, x + width))
        y0, y1 = sorted((y, y + height))
        region = self._region(x0, y0, x1, y1)
        if region:
            left, top, right, bottom = region
            self.blend(np.outer(_spans(y0, y1, top, bottom), _spans(x0, x1, left, right)), left, top, color)

    def stroke_rect(self, x: float, y: float, width: float, height: float, line_width: float, color: RGBA) -> None:
        """ctx.strokeRect: a ``line_width`` wide frame centred on the rectangle's outline."""
        x0, x1 = sorted((x, x + width))
        y0, y1 = sorted((y, y + height))
        half = line_width / 2
        region = self._region(x0 - half, y0 - half, x1 + half, y1 + half)
        if not region:
            return
        left, top, right, bottom = region
        cover = np.outer(_spans(y0 - half, y1 + half, top, bottom), _spans(x0 - half, x1 + half, left, right))
        if x1 - x0 > line_width and y1 - y0 > line_width:  # the hole inside the frame
            cover -= np.outer(_spans(y0 + half, y1 - half, top, bottom), _spans(x0 + half, x1 - half, left, right))
        self.blend(np.clip(cover, 0.0, 1.0), left, top, color)

    def _supersampled(self, shapes: Iterable[tuple[tuple[float, float, float, float], Callable]], color: RGBA) -> None:
        """Rasterise one path's shapes, each (bounds, inside(xs, ys) -> bool mask), on a sub-pixel grid; blend
        their union once (so a translucent path does not darken where its own segments overlap, as on a canvas)."""
        shapes = list(shapes)
        if not shapes:
            return
        bounds = np.asarray([b for b, _ in shapes], dtype=np.float64)
        region = self._region(bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
        if not region:
            return
        left, top, right, bottom = region
        s = SUPERSAMPLING
        mask = np.zeros(((bottom - top) * s, (right - left) * s), dtype=bool)
        for (bx0, by0, bx1, by1), inside in shapes:
            sub = self._region(bx0, by0, bx1, by1)
            if not sub:
                continue
            sl, st, sr, sb = sub
            xs = ((np.arange(sl * s, sr * s) + 0.5) / s)[None, :]
            ys = ((np.arange(st * s, sb * s) + 0.5) / s)[:, None]
            mask[(st - top) * s : (sb - top) * s, (sl - left) * s : (sr - left) * s] |= inside(xs, ys)
        cover = mask.reshape(bottom - top, s, right - left, s).mean(axis=(1, 3))
        self.blend(cover, left, top, color)

    def stroke_segments(self, segments: Iterable[tuple[XY, XY]], line_width: float, color: RGBA) -> None:
        """One path of straight segments with butt ends (canvas moveTo/lineTo pairs, then one stroke)."""
        half = line_width / 2

        def shape(p: XY, q: XY):
            (px, py), (qx, qy) = p, q
            length = math.hypot(qx - px, qy - py)
            dx, dy = (qx - px) / length, (qy - py) / length

            def inside(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
                along = (xs - px) * dx + (ys - py) * dy
                across = np.abs((ys - py) * dx - (xs - px) * dy)
                return (along >= 0) & (along <= length) & (across <= half)

            bounds = (min(px, qx) - half, min(py, qy) - half, max(px, qx) + half, max(py, qy) + half)
            return bounds, inside

        self._supersampled((shape(p, q) for p, q in segments if p != q), color)

    def fill_circles(self, centers: Iterable[XY], radius: float, color: RGBA) -> None:
        """Discs, each its own canvas path (arc(x, y, radius, 0, 2 pi) then fill), as face-api.js draws points."""

        def shape(cx: float, cy: float):
            def inside(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
                return (xs - cx) ** 2 + (ys - cy) ** 2 <= radius * radius

            return (cx - radius, cy - radius, cx + radius, cy + radius), inside

        for x, y in centers:
            self._supersampled([shape(float(x), float(y))], color)

    def fill_text(self, lines: Iterable[tuple[XY, str]], font, color: RGBA) -> None:
        """ctx.fillText for each (left-baseline point, text), anti-aliased by FreeType in ``font``."""
        lines = list(lines)
        if not lines:
            return
        boxes = np.asarray([font.getbbox(text, anchor="ls") for _, text in lines], dtype=np.float64)
        origins = np.asarray([xy for xy, _ in lines], dtype=np.float64)
        ink = np.concatenate([origins + boxes[:, :2], origins + boxes[:, 2:]], axis=1)  # glyph extents
        region = self._region(ink[:, 0].min() - 1, ink[:, 1].min() - 1, ink[:, 2].max() + 1, ink[:, 3].max() + 1)
        if not region:
            return
        left, top, right, bottom = region
        mask = Image.new("L", (right - left, bottom - top), 0)
        draw = ImageDraw.Draw(mask)
        for (x, y), text in lines:
            draw.text((x - left, y - top), text, fill=255, font=font, anchor="ls")
        self.blend(np.asarray(mask, dtype=np.float64) / 255, left, top, color)
