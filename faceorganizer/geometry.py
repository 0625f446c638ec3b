"""Plain geometry shared by every layer: points, boxes, scored detections and face landmarks in image pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels: top-left corner plus size (face-api.js's Box / Rect)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x

    @property
    def top(self) -> float:
        return self.y

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def area(self) -> float:
        return self.width * self.height

    @classmethod
    def from_bounds(cls, left: float, top: float, right: float, bottom: float) -> Box:
        return cls(left, top, right - left, bottom - top)

    def rescale(self, sx: float, sy: float | None = None) -> Box:
        """Scale coordinates and size (e.g. relative -> pixels)."""
        sy = sx if sy is None else sy
        return Box(self.x * sx, self.y * sy, self.width * sx, self.height * sy)

    def shift(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)

    def floor(self) -> Box:
        return Box(math.floor(self.x), math.floor(self.y), math.floor(self.width), math.floor(self.height))

    def clip(self, width: float, height: float) -> Box:
        """Clip to an image of ``width`` x ``height`` (face-api.js clipAtImageBorders, floored)."""
        x, y = max(self.x, 0.0), max(self.y, 0.0)
        w = min(self.right - x, width - x)
        h = min(self.bottom - y, height - y)
        return Box(x, y, w, h).floor()

    def iou(self, other: Box) -> float:
        ix = max(0.0, min(self.right, other.right) - max(self.x, other.x))
        iy = max(0.0, min(self.bottom, other.bottom) - max(self.y, other.y))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class Detection:
    """One detected face: its box in pixels of the image it was found in, and the detector's score."""

    box: Box
    score: float
    image_width: int
    image_height: int

    @property
    def relative_box(self) -> Box:
        """The box as fractions of the image size (0..1)."""
        return self.box.rescale(1 / self.image_width, 1 / self.image_height)

    def for_size(self, width: int, height: int) -> Detection:
        """The same relative box on an image of another size (face-api.js FaceDetection.forSize)."""
        return Detection(self.relative_box.rescale(width, height), self.score, width, height)


L = TypeVar("L", bound="FaceLandmarks")
ORIGIN = Point(0.0, 0.0)


@dataclass(frozen=True, eq=False)
class FaceLandmarks:
    """face-api.js's FaceLandmarks, the base of its 68-point (landmark net) and 5-point (MTCNN) landmarks:
    (x, y) points in pixels of the image, plus the face region they were found in.

    ``image_width``/``image_height`` are the size of that region (the crop a landmark net saw, MTCNN's box)
    and ``shift`` where its origin lies in the image; positions are absolute (region-relative positions *
    region size + shift)."""

    positions: np.ndarray
    image_width: float
    image_height: float
    shift: Point = Point(0.0, 0.0)

    @classmethod
    def from_relative(
        cls: type[L], relative: np.ndarray, width: float, height: float, shift: Point = Point(0.0, 0.0)
    ) -> L:
        pts = np.asarray(relative, dtype=np.float64) * (width, height) + (shift.x, shift.y)
        return cls(pts, width, height, shift)

    @property
    def points(self) -> list[Point]:
        return [Point(float(x), float(y)) for x, y in self.positions]

    @property
    def relative_positions(self) -> np.ndarray:
        """Positions relative to the region (0..1 inside it), as the nets predict them."""
        return (self.positions - (self.shift.x, self.shift.y)) / (self.image_width, self.image_height)

    def shift_by(self: L, x: float, y: float) -> L:
        return self.from_relative(self.relative_positions, self.image_width, self.image_height, Point(x, y))

    def for_size(self: L, width: float, height: float) -> L:
        """The same relative points on a region of another size, unshifted (face-api.js forSize)."""
        return self.from_relative(self.relative_positions, width, height)
