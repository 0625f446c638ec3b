"""face-api.js's ``draw`` namespace (``fo.draw``) on Pillow images: boxes, landmark contours, text fields."""

from __future__ import annotations

from .box import DEFAULT_BOX_COLOR, DEFAULT_LINE_WIDTH, DrawBox, as_box
from .color import parse_color
from .faces import (
    age_gender_lines,
    draw_detections,
    draw_face_expressions,
    draw_face_landmarks,
    expression_lines,
    format_number,
    round_down,
    score_label,
)
from .landmarks import DrawFaceLandmarks, contour_segments
from .text import AnchorPosition, DrawTextField, load_font

__all__ = [
    "AnchorPosition",
    "DEFAULT_BOX_COLOR",
    "DEFAULT_LINE_WIDTH",
    "DrawBox",
    "DrawFaceLandmarks",
    "DrawTextField",
    "age_gender_lines",
    "as_box",
    "contour_segments",
    "draw_detections",
    "draw_face_expressions",
    "draw_face_landmarks",
    "expression_lines",
    "format_number",
    "load_font",
    "parse_color",
    "round_down",
    "score_label",
]
