"""face-api.js's DrawBox: a rectangle outline with an optional label field on its top-left corner."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PIL import Image

from ...geometry import Box, Point
from .canvas import Canvas
from .color import Color, parse_color
from .text import AnchorPosition, DrawTextField

DEFAULT_BOX_COLOR = "rgba(0, 0, 255, 1)"
DEFAULT_LINE_WIDTH = 2

_LABEL_OPTIONS = ("anchor_position", "background_color", "font_color", "font_size", "font_style", "padding")


def as_box(box: object) -> Box:
    """A Box from a Box, a {"x", "y", "width", "height"} mapping or anything with those attributes."""
    if isinstance(box, Box):
        return box
    try:
        if isinstance(box, Mapping):
            return Box(float(box["x"]), float(box["y"]), float(box["width"]), float(box["height"]))
        return Box(float(box.x), float(box.y), float(box.width), float(box.height))  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError, ValueError):
        raise ValueError(f"expected a box with x, y, width and height, got {box!r}") from None


class DrawBox:
    """A ``line_width`` px outline centred on the box edges in ``box_color``; ``label`` (if any) is drawn as a
    DrawTextField anchored just above the top-left corner, on the box colour unless ``draw_label_options``
    (DrawTextField keyword arguments) say otherwise."""

    def __init__(
        self,
        box: Box | Mapping[str, float],
        label: str | None = None,
        box_color: Color = DEFAULT_BOX_COLOR,
        line_width: float = DEFAULT_LINE_WIDTH,
        draw_label_options: Mapping[str, Any] | None = None,
    ):
        self.box = as_box(box)
        self.label = label
        self.box_color = parse_color(box_color)
        if not line_width > 0:
            raise ValueError(f"line_width must be positive, got {line_width!r}")
        self.line_width = float(line_width)
        unknown = set(draw_label_options or {}) - set(_LABEL_OPTIONS)
        if unknown:
            raise ValueError(f"unknown draw_label_options {sorted(unknown)}; allowed: {', '.join(_LABEL_OPTIONS)}")
        self.draw_label_options: dict[str, Any] = {
            "anchor_position": AnchorPosition.BOTTOM_LEFT,
            "background_color": box_color,
            **(draw_label_options or {}),
        }

    def label_field(self) -> DrawTextField | None:
        """The label's text field (None without a label): its bottom-left on the outer edge of the top-left corner."""
        if not self.label:
            return None
        anchor = Point(self.box.x - self.line_width / 2, self.box.y)
        return DrawTextField([self.label], anchor, **self.draw_label_options)

    def draw(self, image: Image.Image) -> None:
        """Paint the outline and label onto ``image`` (RGB or RGBA, in place)."""
        b = self.box
        Canvas(image).stroke_rect(b.x, b.y, b.width, b.height, self.line_width, self.box_color)
        field = self.label_field()
        if field is not None:
            field.draw(image)
