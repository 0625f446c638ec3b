"""face-api.js's DrawFaceLandmarks: the 68 points as contour lines (jaw, brows, nose, eyes, mouth) and dots."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ..landmarks import JAW, LEFT_EYE, LEFT_EYE_BROW, MOUTH, NOSE, RIGHT_EYE, RIGHT_EYE_BROW, FaceLandmarks68
from .canvas import XY, Canvas
from .color import Color, parse_color

DEFAULT_LINE_COLOR = "rgba(0, 255, 255, 1)"
DEFAULT_POINT_COLOR = "rgba(255, 0, 255, 1)"
DEFAULT_LINE_WIDTH = 1
DEFAULT_POINT_SIZE = 2

#: (point range, closed?) in face-api.js's drawing order: jaw, brows and nose open; eyes and mouth closed.
#: As there, the nose is one polyline 27..35 and the mouth one closed loop 48..67 (outer then inner lip).
CONTOURS = ((JAW, False), (LEFT_EYE_BROW, False), (RIGHT_EYE_BROW, False), (NOSE, False),
            (LEFT_EYE, True), (RIGHT_EYE, True), (MOUTH, True))  # fmt: skip


def contour_segments(points: np.ndarray, closed: bool) -> list[tuple[XY, XY]]:
    """Consecutive point pairs, plus last -> first when ``closed`` (face-api.js drawContour)."""
    pts = [(float(x), float(y)) for x, y in points]
    segments = list(zip(pts[:-1], pts[1:]))
    if closed and len(pts) > 1:
        segments.append((pts[-1], pts[0]))
    return segments


class DrawFaceLandmarks:
    """Contour lines (68-point landmarks only, as in face-api.js) in ``line_color``, then every point as a
    disc of radius ``point_size`` in ``point_color``. ``landmarks``: FaceLandmarks68 or an [N, 2] array."""

    def __init__(
        self,
        landmarks: FaceLandmarks68 | np.ndarray,
        draw_lines: bool = True,
        draw_points: bool = True,
        line_width: float = DEFAULT_LINE_WIDTH,
        line_color: Color = DEFAULT_LINE_COLOR,
        point_size: float = DEFAULT_POINT_SIZE,
        point_color: Color = DEFAULT_POINT_COLOR,
    ):
        positions = landmarks.positions if isinstance(landmarks, FaceLandmarks68) else landmarks
        self.positions = np.asarray(positions, dtype=np.float64)
        if self.positions.ndim != 2 or self.positions.shape[1] != 2:
            shape = self.positions.shape
            raise ValueError(f"expected landmarks as FaceLandmarks68 or [N, 2] points, got shape {shape}")
        if not line_width > 0 or not point_size > 0:
            raise ValueError(f"line_width and point_size must be positive, got {line_width!r}, {point_size!r}")
        self.draw_lines, self.draw_points = bool(draw_lines), bool(draw_points)
        self.line_width, self.point_size = float(line_width), float(point_size)
        self.line_color, self.point_color = parse_color(line_color), parse_color(point_color)

    def contours(self) -> list[list[tuple[XY, XY]]]:
        """The segments of each contour, one canvas path each (none unless there are exactly 68 points)."""
        if len(self.positions) != 68:
            return []
        return [contour_segments(self.positions[part], closed) for part, closed in CONTOURS]

    def draw(self, image: Image.Image) -> None:
        """Paint lines, then points, onto ``image`` (RGB or RGBA, in place)."""
        canvas = Canvas(image)
        if self.draw_lines:
            for segments in self.contours():
                canvas.stroke_segments(segments, self.line_width, self.line_color)
        if self.draw_points:
            canvas.fill_circles(self.positions, self.point_size, self.point_color)
