"""Plain geometry shared by every layer: points, boxes and scored detections in image pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass


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
