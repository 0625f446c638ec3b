"""Colours for drawing: CSS rgb()/rgba() strings as face-api.js's options take them, Pillow colours, tuples."""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence

from PIL import ImageColor

Color = str | Sequence[int]
#: Parsed colour: red, green, blue in 0..255 and alpha in 0..1 (canvas semantics).
RGBA = tuple[float, float, float, float]

_CSS_RGB = re.compile(r"rgba?\(\s*([-+.\d]+)\s*,\s*([-+.\d]+)\s*,\s*([-+.\d]+)\s*(?:,\s*([-+.\d]+)\s*)?\)", re.I)


def parse_color(color: Color) -> RGBA:
    """A CSS ``rgb()``/``rgba()`` string with alpha in 0..1 (what face-api.js's draw options take), any other
    Pillow colour string (name, ``#rrggbb[aa]``), or an (r, g, b[, a]) tuple of 0..255 ints (Pillow's way)."""
    if isinstance(color, str):
        m = _CSS_RGB.fullmatch(color.strip())
        if m:
            try:
                r, g, b = (float(v) for v in m.groups()[:3])
                a = 1.0 if m.group(4) is None else float(m.group(4))
            except ValueError:
                raise ValueError(f"invalid colour {color!r}") from None
            return _checked(color, r, g, b, a * 255)
        try:
            r, g, b, a = ImageColor.getcolor(color, "RGBA")  # type: ignore[misc]
        except ValueError as exc:
            raise ValueError(f"invalid colour {color!r}: {exc}") from None
        return _checked(color, r, g, b, a)
    if isinstance(color, (tuple, list)) and len(color) in (3, 4):
        r, g, b, a = (*color, 255) if len(color) == 3 else color
        return _checked(color, r, g, b, a)
    raise ValueError(f"invalid colour {color!r}: expected a CSS/Pillow colour string or an (r, g, b[, a]) tuple")


def _checked(color: object, r: float, g: float, b: float, a: float) -> RGBA:
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 <= v <= 255 for v in (r, g, b, a)):
        raise ValueError(f"invalid colour {color!r}: channels must lie in 0..255 (CSS alpha in 0..1)")
    return (float(r), float(g), float(b), a / 255)
