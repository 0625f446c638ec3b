"""face-api.js's DrawTextField: lines of text on a filled box at an anchor point, in a bundled font."""

from __future__ import annotations

import enum
import functools
import io
import os
from collections.abc import Mapping, Sequence
from importlib import resources

from PIL import Image, ImageFont

from ...geometry import Point
from .canvas import Canvas
from .color import Color, parse_color

#: The font shipped in faceorganizer/fonts (DejaVu Sans; face-api.js asks the browser for Georgia).
BUNDLED_FONT = "DejaVuSans.ttf"

DEFAULT_BACKGROUND_COLOR = "rgba(0, 0, 0, 0.5)"
DEFAULT_FONT_COLOR = "rgba(255, 255, 255, 1)"
DEFAULT_FONT_SIZE = 14
DEFAULT_PADDING = 4


class AnchorPosition(str, enum.Enum):
    """Which corner of the text field sits on the anchor point."""

    TOP_LEFT = "TOP_LEFT"
    TOP_RIGHT = "TOP_RIGHT"
    BOTTOM_LEFT = "BOTTOM_LEFT"
    BOTTOM_RIGHT = "BOTTOM_RIGHT"


@functools.lru_cache(maxsize=32)
def load_font(font_style: str | None, font_size: float) -> ImageFont.FreeTypeFont:
    """The bundled font (``font_style`` None) or a TrueType/OpenType file FreeType can open, at ``font_size`` px.

    Pillow's basic layout engine is forced so text measures and renders the same with or without libraqm.
    """
    size = int(font_size) if float(font_size).is_integer() else float(font_size)
    try:
        if font_style is None:
            data = (resources.files("faceorganizer.fonts") / BUNDLED_FONT).read_bytes()
            return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)
        return ImageFont.truetype(font_style, size, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise ValueError(f"cannot open font {font_style or BUNDLED_FONT!r}: {exc}") from None


def as_point(anchor: object) -> Point:
    """A Point from a Point, an (x, y) pair, a {"x", "y"} mapping or anything with x and y attributes."""
    try:
        if isinstance(anchor, Mapping):
            return Point(float(anchor["x"]), float(anchor["y"]))
        if isinstance(anchor, Sequence) and not isinstance(anchor, str) and len(anchor) == 2:
            return Point(float(anchor[0]), float(anchor[1]))
        return Point(float(anchor.x), float(anchor.y))  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError, ValueError):
        raise ValueError(f"expected a point (x, y), got {anchor!r}") from None


class DrawTextField:
    """Text lines on a background box; ``anchor_position`` says which corner of the box is at ``anchor``.

    Like face-api.js: each line is ``font_size`` px high, the box is padded by ``padding`` on every side,
    line i's baseline is at top + padding + (i + 1) * font_size, and the box is moved inside the image
    when it would cross a border. ``font_style`` is a font file (default: the bundled DejaVu Sans).
    """

    def __init__(
        self,
        lines: str | Sequence[str] | DrawTextField,
        anchor: Point | tuple[float, float],
        anchor_position: AnchorPosition | str = AnchorPosition.TOP_LEFT,
        background_color: Color = DEFAULT_BACKGROUND_COLOR,
        font_color: Color = DEFAULT_FONT_COLOR,
        font_size: float = DEFAULT_FONT_SIZE,
        font_style: str | os.PathLike | None = None,
        padding: float = DEFAULT_PADDING,
    ):
        self.lines: list[str]
        if isinstance(lines, DrawTextField):
            self.lines = list(lines.lines)
        elif isinstance(lines, str):
            self.lines = [lines]
        else:
            self.lines = [str(line) for line in lines]
        self.anchor = as_point(anchor)
        try:
            self.anchor_position = AnchorPosition(anchor_position)
        except ValueError:
            names = ", ".join(p.value for p in AnchorPosition)
            raise ValueError(f"anchor_position must be one of {names}, got {anchor_position!r}") from None
        self.background_color = parse_color(background_color)
        self.font_color = parse_color(font_color)
        if not font_size > 0:
            raise ValueError(f"font_size must be positive, got {font_size!r}")
        if not padding >= 0:
            raise ValueError(f"padding must be >= 0, got {padding!r}")
        self.font_size, self.padding = float(font_size), float(padding)
        self.font = load_font(None if font_style is None else os.fspath(font_style), self.font_size)

    def measure_width(self) -> float:
        """Widest line's advance width plus padding on both sides."""
        return max((self.font.getlength(line) for line in self.lines), default=0.0) + 2 * self.padding

    def measure_height(self) -> float:
        return len(self.lines) * self.font_size + 2 * self.padding

    def upper_left(self, image_width: float | None = None, image_height: float | None = None) -> Point:
        """Top-left corner of the field; kept inside an image of the given size (face-api.js getUpperLeft)."""
        width, height = self.measure_width(), self.measure_height()
        shift_left = self.anchor_position in (AnchorPosition.TOP_RIGHT, AnchorPosition.BOTTOM_RIGHT)
        shift_up = self.anchor_position in (AnchorPosition.BOTTOM_LEFT, AnchorPosition.BOTTOM_RIGHT)
        x = self.anchor.x - width if shift_left else self.anchor.x
        y = self.anchor.y - height if shift_up else self.anchor.y
        if image_width is not None and image_height is not None:
            x = max(min(x, image_width - width), 0.0)
            y = max(min(y, image_height - height), 0.0)
        return Point(x, y)

    def draw(self, image: Image.Image) -> None:
        """Paint the field onto ``image`` (RGB or RGBA, in place)."""
        canvas = Canvas(image)
        corner = self.upper_left(canvas.width, canvas.height)
        canvas.fill_rect(corner.x, corner.y, self.measure_width(), self.measure_height(), self.background_color)
        x = corner.x + self.padding
        baselines = (corner.y + self.padding + (i + 1) * self.font_size for i in range(len(self.lines)))
        canvas.fill_text((((x, y), line) for y, line in zip(baselines, self.lines)), self.font, self.font_color)
