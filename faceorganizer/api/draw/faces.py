"""Drawing results on a Pillow image: detections with scores, landmark contours, expression and age/gender fields."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PIL import Image

from ...geometry import Box, Detection, Point
from ..landmarks import FaceLandmarks68
from .box import DrawBox
from .landmarks import DrawFaceLandmarks
from .text import DrawTextField, as_point


def round_down(value: float, precision: int = 2) -> float:
    """face-api.js's ``utils.round``: floors (0.999 -> 0.99) to ``precision`` decimals."""
    factor = 10**precision
    return math.floor(value * factor) / factor


def format_number(value: float) -> str:
    """A number as JavaScript prints it in a template string: 1 not 1.0, 0.97, 0.5."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def score_label(score: float) -> str:
    """A detection score as face-api.js's ``drawDetections`` labels it: floored to 2 decimals and printed as
    JavaScript does (0.999 -> "0.99", 0.5 -> "0.5"). The one text of a score: the drawn label and the command
    line's text (``detect``, ``draw``) use it, so a face shows the same number everywhere."""
    return format_number(round_down(score))


def _items(results: Any) -> list[Any]:
    """One result or a list/tuple of them (face-api.js accepts both)."""
    return list(results) if isinstance(results, (list, tuple)) else [results]


def _detection_of(item: Any) -> Detection | None:
    if isinstance(item, Detection):
        return item
    detection = getattr(item, "detection", None)
    return detection if isinstance(detection, Detection) else None


def draw_detections(image: Image.Image, results: Any) -> None:
    """A DrawBox per face, labelled with its score floored to 2 decimals (e.g. "0.97").

    ``results``: Detection, Box, any result with a ``.detection`` (FaceResult), or a list of them.
    A bare Box, or a score of 0, gets no label (as in face-api.js).
    """
    for item in _items(results):
        detection = _detection_of(item)
        if detection is not None:
            box, score = detection.box, detection.score
        elif isinstance(item, Box):
            box, score = item, None
        else:
            raise ValueError(f"draw_detections: expected Detection, Box or a face result, got {type(item).__name__}")
        label = score_label(score) if score else None
        DrawBox(box, label=label).draw(image)


def draw_face_landmarks(image: Image.Image, results: Any) -> None:
    """DrawFaceLandmarks with face-api.js's defaults for FaceLandmarks68 or results carrying ``.landmarks``."""
    for item in _items(results):
        landmarks = item if isinstance(item, FaceLandmarks68) else getattr(item, "landmarks", None)
        if not isinstance(landmarks, FaceLandmarks68):
            raise ValueError(
                "draw_face_landmarks: expected FaceLandmarks68 or face results with landmarks "
                f"(run with landmarks), got {type(item).__name__}"
            )
        DrawFaceLandmarks(landmarks).draw(image)


def expression_lines(expressions: Mapping[str, float], min_probability: float) -> list[str]:
    """ "happy (0.97)" lines, most probable first, for probabilities strictly above ``min_probability``."""
    ranked = sorted(expressions.items(), key=lambda kv: kv[1], reverse=True)
    return [f"{name} ({format_number(round_down(p))})" for name, p in ranked if p > min_probability]


def draw_face_expressions(
    image: Image.Image,
    results: Any,
    min_probability: float = 0.05,
    anchor: Point | tuple[float, float] | None = None,
) -> None:
    """A DrawTextField of expression lines per face.

    ``results``: FaceExpressions (or any name -> probability mapping), results carrying ``.expressions``,
    or a list of them. As in face-api.js the field hangs below the face box's bottom-left corner when the
    result has a detection; otherwise it goes to ``anchor`` (default (0, 0)).
    """
    for item in _items(results):
        expressions = item if isinstance(item, Mapping) else getattr(item, "expressions", None)
        if not isinstance(expressions, Mapping):
            raise ValueError(
                "draw_face_expressions: expected FaceExpressions or face results with expressions, "
                f"got {type(item).__name__}"
            )
        detection = _detection_of(item)
        if detection is not None:
            where = Point(detection.box.left, detection.box.bottom)
        else:
            where = as_point(anchor) if anchor is not None else Point(0.0, 0.0)
        DrawTextField(expression_lines(expressions, min_probability), where).draw(image)


def age_gender_lines(age: float, gender: object, gender_probability: float) -> list[str]:
    """["32 years", "male (0.93)"]: the text face-api.js's age-and-gender example draws under each face."""
    name = getattr(gender, "value", gender)  # a Gender enum or its string
    return [f"{format_number(round_down(age, 0))} years", f"{name} ({format_number(round_down(gender_probability))})"]
